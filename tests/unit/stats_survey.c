/*
** stats_survey.c: tests of analyzer/survey_stats.c, the survey-weighted
** proportions and their Korn–Graubard (Kish-n* Clopper–Pearson) intervals,
** and of the incomplete beta function underneath. Every expected value is
** a closed form, a textbook value, or recomputed here by an independent
** method (Simpson integration, binomial sums); values quoted from mpmath
** say so.
*/
#include <math.h>
#include <stddef.h>

#include "phs_test.h"
#include "phs_stats.h"

/* ------------------------------------------------------------------------
** Independent references
*/

/*
** I_x(a, b) by Simpson's rule on the Beta(a, b) density, after the
** substitution t = u^m / (u^m + (1−u)^m) with m = 8, which flattens both
** endpoints (the density's t^(a−1) and (1−t)^(b−1) become u^(ma−1) and
** (1−u)^(mb−1) times a smooth factor), so the rule converges fast even for
** a or b < 1. In u the integrand is
**   g(u) = m · u^(ma−1) (1−u)^(mb−1) / (u^m + (1−u)^m)^(a+b),
** and I_x(a,b) = ∫₀^U g / ∫₀¹ g with U = r/(1+r), r = (x/(1−x))^(1/m).
** No gamma function, no continued fraction. Needs ma > 1 and mb > 1.
*/
#define SUB_M 8.0

static double sub_integrand(double a, double b, double u) {
  if (u <= 0.0 || u >= 1.0) return 0.0;
  double l = log(pow(u, SUB_M) + pow(1.0 - u, SUB_M));
  return SUB_M * exp((SUB_M * a - 1.0) * log(u) +
                     (SUB_M * b - 1.0) * log1p(-u) - (a + b) * l);
}

static double simpson(double a, double b, double u1, int steps) {
  double h = u1 / steps, s = sub_integrand(a, b, 0.0) + sub_integrand(a, b, u1);
  for (int i = 1; i < steps; i++)
    s += (i % 2 ? 4.0 : 2.0) * sub_integrand(a, b, i * h);
  return s * h / 3.0;
}

static double beta_inc_simpson(double a, double b, double x) {
  double r = pow(x / (1.0 - x), 1.0 / SUB_M);
  double u = r / (1.0 + r);
  return simpson(a, b, u, 200000) / simpson(a, b, 1.0, 200000);
}

/*
** P(X >= k) for X ~ Binomial(n, p), by summing the probability mass
** function term by term (each term in logarithms so that large n does not
** underflow). For integer k >= 1, I_p(k, n−k+1) = P(X >= k).
*/
static double binom_tail_ge(int n, int k, double p) {
  double s = 0.0;
  for (int j = k; j <= n; j++)
    s += exp(lgamma(n + 1.0) - lgamma(j + 1.0) - lgamma(n - j + 1.0) +
             j * log(p) + (n - j) * log1p(-p));
  return s;
}

/*
** Relative accuracy to expect of phs_beta_inc: the prefactor's
** exp(lnΓ(a+b) − lnΓ(a) − lnΓ(b)) carries the rounding error of the
** log-gammas, a few ulps of (a+b)·ln(a+b), so the tolerance grows with the
** parameters (about 5e-10 at a = b = 150000).
*/
static double beta_tol(double a, double b) {
  double s = a + b;
  return 1e-12 + 4e-16 * s * log(s > 2.0 ? s : 2.0);
}

/* Feed n respondents of weight w, the first n_yes answering "yes". */
static void feed(phs_prop_acc *a, int n, int n_yes, double w) {
  for (int i = 0; i < n; i++) phs_prop_acc_add(a, w, i < n_yes);
}

/* ------------------------------------------------------------------------
** Incomplete beta
*/
static void test_beta_closed_forms(void) {
  static const double xs[] = {1e-6, 0.05, 0.2, 0.37, 0.5, 0.63, 0.9, 0.999};
  static const double ps[] = {0.3, 1.0, 2.5, 7.0, 40.0};
  for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
    double x = xs[i];
    /* Beta(1,1) is uniform: I_x(1,1) = x. */
    ASSERT_NEAR(phs_beta_inc(1.0, 1.0, x), x, 1e-15);
    for (size_t j = 0; j < sizeof ps / sizeof ps[0]; j++) {
      double c = ps[j];
      /* ∫₀ˣ c t^(c−1) dt = x^c, and by symmetry I_x(1,c) = 1 − (1−x)^c. */
      double e1 = pow(x, c), e2 = -expm1(c * log1p(-x)); /* 1 − (1−x)^c */
      ASSERT_NEAR(phs_beta_inc(c, 1.0, x), e1, 1e-13 * e1 + 1e-300);
      ASSERT_NEAR(phs_beta_inc(1.0, c, x), e2, 1e-13 * e2 + 1e-300);
    }
    /* Beta(½,½) is the arcsine law: I_x = (2/π) asin √x. */
    ASSERT_NEAR(phs_beta_inc(0.5, 0.5, x), 2.0 / M_PI * asin(sqrt(x)), 1e-13);
  }
  /* Beta(a,a) is symmetric about ½. */
  static const double as[] = {0.1, 0.7, 3.0, 50.5, 1000.0, 123456.5};
  for (size_t i = 0; i < sizeof as / sizeof as[0]; i++)
    ASSERT_NEAR(phs_beta_inc(as[i], as[i], 0.5), 0.5,
                0.5 * beta_tol(as[i], as[i]));

  /* Outside (0,1) and invalid arguments. */
  ASSERT_TRUE(phs_beta_inc(2.0, 3.0, 0.0) == 0.0);
  ASSERT_TRUE(phs_beta_inc(2.0, 3.0, -1.0) == 0.0);
  ASSERT_TRUE(phs_beta_inc(2.0, 3.0, 1.0) == 1.0);
  ASSERT_TRUE(phs_beta_inc(2.0, 3.0, 7.0) == 1.0);
  ASSERT_TRUE(isnan(phs_beta_inc(0.0, 3.0, 0.5)));
  ASSERT_TRUE(isnan(phs_beta_inc(2.0, -1.0, 0.5)));
  ASSERT_TRUE(isnan(phs_beta_inc(2.0, 3.0, NAN)));
  ASSERT_TRUE(isnan(phs_beta_inc(INFINITY, 3.0, 0.5)));
}

static void test_beta_nontrivial(void) {
  /* a = 2.5, b = 3.7: the switch point (a+1)/(a+b+2) is 0.4268, so x = 0.4
  ** takes the continued fraction directly and x = 0.7 the reflection.
  ** Reference 1: Simpson integration above. Reference 2: mpmath 1.3
  ** betainc(2.5, 3.7, 0, x, regularized=True) at 30 digits. */
  ASSERT_NEAR(phs_beta_inc(2.5, 3.7, 0.4), beta_inc_simpson(2.5, 3.7, 0.4), 1e-11);
  ASSERT_NEAR(phs_beta_inc(2.5, 3.7, 0.7), beta_inc_simpson(2.5, 3.7, 0.7), 1e-11);
  ASSERT_NEAR(phs_beta_inc(2.5, 3.7, 0.4), 0.515196149668758, 1e-14);
  ASSERT_NEAR(phs_beta_inc(2.5, 3.7, 0.7), 0.935810980769526, 1e-14);
  /* Parameters below 1 (density infinite at both ends). */
  ASSERT_NEAR(phs_beta_inc(0.3, 0.45, 0.25), beta_inc_simpson(0.3, 0.45, 0.25), 1e-10);
  ASSERT_NEAR(phs_beta_inc(0.3, 0.45, 0.9), beta_inc_simpson(0.3, 0.45, 0.9), 1e-10);

  /* Binomial identity I_p(k, n−k+1) = P(X >= k), X ~ Bin(n, p). */
  static const struct { int n, k; double p; } bt[] = {
      {10, 3, 0.3}, {10, 1, 0.01}, {50, 20, 0.35}, {50, 45, 0.8},
      {1000, 480, 0.5}, {1000, 30, 0.02}, {5000, 2600, 0.5}};
  for (size_t i = 0; i < sizeof bt / sizeof bt[0]; i++) {
    double want = binom_tail_ge(bt[i].n, bt[i].k, bt[i].p);
    double got = phs_beta_inc(bt[i].k, bt[i].n - bt[i].k + 1, bt[i].p);
    ASSERT_NEAR(got, want, 1e-10 * want + 1e-15);
  }
}

static void test_beta_inverse(void) {
  static const double ab[] = {0.05, 0.3, 1.0, 2.5, 7.3, 60.0, 2000.0, 150000.0};
  static const double ps[] = {1e-9, 0.001, 0.025, 0.3, 0.5, 0.77, 0.975, 0.999999};
  int n_ab = (int)(sizeof ab / sizeof ab[0]), n_p = (int)(sizeof ps / sizeof ps[0]);
  int bad = 0;
  for (int i = 0; i < n_ab; i++)
    for (int j = 0; j < n_ab; j++)
      for (int k = 0; k < n_p; k++) {
        double a = ab[i], b = ab[j], p = ps[k];
        double x = phs_beta_inc_inv(a, b, p);
        /* Round trip p -> x -> p, to the accuracy of phs_beta_inc (on the
        ** nearer of p and 1 − p). Where the density is huge (a quantile
        ** within a few ulps of 0 or 1) I(x) can only be hit to within the
        ** spacing of doubles around x, so allow that too. */
        double back = phs_beta_inc(a, b, x);
        double step = phs_beta_inc(a, b, nextafter(x, 1.0)) -
                      phs_beta_inc(a, b, nextafter(x, 0.0));
        double tol = 10.0 * beta_tol(a, b) * fmin(p, 1.0 - p);
        if (!(x >= 0.0 && x <= 1.0) ||
            !(fabs(back - p) <= tol + fabs(step) + 1e-300)) {
          bad++;
          fprintf(stderr, "inverse a=%g b=%g p=%g: x=%.17g I(x)=%.17g\n", a,
                  b, p, x, back);
        }
      }
  ASSERT_EQ(bad, 0);

  /* Round trip x -> p -> x, where the density is moderate. */
  static const double xs[] = {0.01, 0.2, 0.5, 0.8, 0.99};
  for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
    double p = phs_beta_inc(3.5, 4.25, xs[i]);
    ASSERT_NEAR(phs_beta_inc_inv(3.5, 4.25, p), xs[i], 1e-12);
  }
  /* Closed form: I_x(a,1) = x^a, so the inverse is p^(1/a). */
  ASSERT_NEAR(phs_beta_inc_inv(20.0, 1.0, 0.025), pow(0.025, 1.0 / 20.0), 1e-12);
  ASSERT_NEAR(phs_beta_inc_inv(1.0, 20.0, 0.975), 1.0 - pow(0.025, 1.0 / 20.0), 1e-12);

  ASSERT_TRUE(phs_beta_inc_inv(2.0, 3.0, 0.0) == 0.0);
  ASSERT_TRUE(phs_beta_inc_inv(2.0, 3.0, 1.0) == 1.0);
  ASSERT_TRUE(isnan(phs_beta_inc_inv(-2.0, 3.0, 0.5)));
  ASSERT_TRUE(isnan(phs_beta_inc_inv(2.0, 3.0, NAN)));
}

/* ------------------------------------------------------------------------
** Proportions and intervals
*/
static void test_unweighted(void) {
  phs_prop_acc a = {0};
  phs_prop_est e;

  /* 3 of 10: Clopper–Pearson 95% = (0.066739, 0.652453), the textbook
  ** values; more digits from mpmath 1.3 (bisection on betainc):
  ** 0.0667395111777345 and 0.652452850059997. */
  feed(&a, 10, 3, 1.0);
  ASSERT_OK(phs_prop_estimate(&a, 0.95, &e));
  ASSERT_EQ(e.n, 10);
  ASSERT_NEAR(e.p, 0.3, 1e-15);
  ASSERT_NEAR(e.n_eff, 10.0, 1e-12);
  ASSERT_NEAR(e.numerator, 3.0, 0.0);
  ASSERT_NEAR(e.denominator, 10.0, 0.0);
  ASSERT_NEAR(e.ci_low, 0.066739, 1e-6);
  ASSERT_NEAR(e.ci_high, 0.652453, 1e-6);
  ASSERT_NEAR(e.ci_low, 0.0667395111777345, 1e-12);
  ASSERT_NEAR(e.ci_high, 0.652452850059997, 1e-12);
  /* The defining equations, by binomial sums: P(X >= 3 | low) = 0.025 and
  ** P(X <= 3 | high) = 1 − P(X >= 4 | high) = 0.025. */
  ASSERT_NEAR(binom_tail_ge(10, 3, e.ci_low), 0.025, 1e-12);
  ASSERT_NEAR(1.0 - binom_tail_ge(10, 4, e.ci_high), 0.025, 1e-12);

  /* Same data with every weight 2.5: n* = n, p unchanged, same interval. */
  phs_prop_acc b = {0};
  phs_prop_est f;
  feed(&b, 10, 3, 2.5);
  ASSERT_OK(phs_prop_estimate(&b, 0.95, &f));
  ASSERT_NEAR(f.n_eff, 10.0, 1e-12);
  ASSERT_NEAR(f.numerator, 7.5, 1e-12);
  ASSERT_NEAR(f.denominator, 25.0, 1e-12);
  ASSERT_NEAR(f.ci_low, e.ci_low, 1e-12);
  ASSERT_NEAR(f.ci_high, e.ci_high, 1e-12);

  /* 20 of 20: p = 1, upper = 1, and the lower bound solves
  ** P(X >= 20) = L^20 = 0.025, L = 0.025^(1/20) = 0.831566529016915. */
  phs_prop_acc c = {0};
  feed(&c, 20, 20, 1.0);
  ASSERT_OK(phs_prop_estimate(&c, 0.95, &e));
  ASSERT_NEAR(e.p, 1.0, 0.0);
  ASSERT_NEAR(e.ci_high, 1.0, 0.0);
  ASSERT_NEAR(e.ci_low, pow(0.025, 1.0 / 20.0), 1e-12);
  ASSERT_NEAR(e.ci_low, 0.83157, 5e-6);

  /* 0 of 20: lower = 0, upper solves (1−U)^20 = 0.025. */
  phs_prop_acc d = {0};
  feed(&d, 20, 0, 1.0);
  ASSERT_OK(phs_prop_estimate(&d, 0.95, &e));
  ASSERT_NEAR(e.p, 0.0, 0.0);
  ASSERT_NEAR(e.ci_low, 0.0, 0.0);
  ASSERT_NEAR(e.ci_high, 1.0 - pow(0.025, 1.0 / 20.0), 1e-12);
  ASSERT_NEAR(e.ci_high, 0.16843, 5e-6);

  /* One respondent. yes: (0.025, 1); no: (0, 0.975). */
  phs_prop_acc one = {0};
  phs_prop_acc_add(&one, 3.0, 1);
  ASSERT_OK(phs_prop_estimate(&one, 0.95, &e));
  ASSERT_NEAR(e.ci_low, 0.025, 1e-12);
  ASSERT_NEAR(e.ci_high, 1.0, 0.0);
  one = (phs_prop_acc){0};
  phs_prop_acc_add(&one, 3.0, 0);
  ASSERT_OK(phs_prop_estimate(&one, 0.95, &e));
  ASSERT_NEAR(e.ci_low, 0.0, 0.0);
  ASSERT_NEAR(e.ci_high, 0.975, 1e-12);
}

static void test_large_sample(void) {
  /* 5000 of 10000. The bounds satisfy P(X >= 5000 | low) = 0.025 and
  ** P(X <= 5000 | high) = 0.025 (binomial sums), and are close to the Wald
  ** interval 0.5 ± 1.959964·0.005 = 0.5 ± 0.0098. */
  phs_prop_acc a = {0};
  phs_prop_est e;
  feed(&a, 10000, 5000, 1.0);
  ASSERT_OK(phs_prop_estimate(&a, 0.95, &e));
  ASSERT_NEAR(binom_tail_ge(10000, 5000, e.ci_low), 0.025, 1e-9);
  ASSERT_NEAR(1.0 - binom_tail_ge(10000, 5001, e.ci_high), 0.025, 1e-9);
  ASSERT_NEAR(e.ci_low, 0.5 - 1.959964 * 0.005, 2e-4);
  ASSERT_NEAR(e.ci_high, 0.5 + 1.959964 * 0.005, 2e-4);
}

static void test_weighted(void) {
  /* Weights {1,1,2,4}, answers {1,0,1,1}:
  **   Σw = 8, Σwy = 1+2+4 = 7, p = 7/8,
  **   Σw² = 1+1+4+16 = 22, n* = 64/22 = 2.909090..., x* = 7/8·n* = 2.545454...,
  **   n* − x* = 0.363636...
  ** The bounds solve I_L(x*, n*−x*+1) = 0.025 and I_U(x*+1, n*−x*) = 0.975
  ** (the binomial identity continued to real n*); checked with
  ** phs_beta_inc, with the Simpson integral, and against mpmath 1.3
  ** (bisection on betainc at 30 digits): L = 0.193704843419403,
  ** U = 0.999991196569587. */
  static const double w[] = {1, 1, 2, 4};
  static const int y[] = {1, 0, 1, 1};
  phs_prop_acc a = {0};
  phs_prop_est e;
  for (int i = 0; i < 4; i++) phs_prop_acc_add(&a, w[i], y[i]);
  ASSERT_EQ(a.n, 4);
  ASSERT_EQ(a.n_yes, 3);
  ASSERT_OK(phs_prop_estimate(&a, 0.95, &e));
  ASSERT_EQ(e.n, 4);
  ASSERT_NEAR(e.p, 0.875, 1e-15);
  ASSERT_NEAR(e.numerator, 7.0, 0.0);
  ASSERT_NEAR(e.denominator, 8.0, 0.0);
  ASSERT_NEAR(e.n_eff, 64.0 / 22.0, 1e-13);
  ASSERT_TRUE(e.ci_low >= 0.0 && e.ci_low <= e.p);
  ASSERT_TRUE(e.ci_high >= e.p && e.ci_high <= 1.0);

  double ns = 64.0 / 22.0, xs = 0.875 * ns, ys = ns - xs;
  ASSERT_NEAR(phs_beta_inc(xs, ys + 1.0, e.ci_low), 0.025, 1e-12);
  ASSERT_NEAR(phs_beta_inc(xs + 1.0, ys, e.ci_high), 0.975, 1e-12);
  ASSERT_NEAR(beta_inc_simpson(xs, ys + 1.0, e.ci_low), 0.025, 1e-9);
  ASSERT_NEAR(beta_inc_simpson(xs + 1.0, ys, e.ci_high), 0.975, 1e-9);
  ASSERT_NEAR(e.ci_low, 0.193704843419403, 1e-12);
  ASSERT_NEAR(e.ci_high, 0.999991196569587, 1e-12);

  /* The 90% interval lies inside the 95% one. */
  phs_prop_est e90;
  ASSERT_OK(phs_prop_estimate(&a, 0.90, &e90));
  ASSERT_TRUE(e90.ci_low > e.ci_low && e90.ci_high < e.ci_high);

  /* Very unequal weights: one "yes" of weight 1 among 99 "no" of weight
  ** 1000. n* is just above 99, x* about 1e-5: a valid, ordered interval. */
  phs_prop_acc b = {0};
  phs_prop_acc_add(&b, 1.0, 1);
  feed(&b, 99, 0, 1000.0);
  ASSERT_OK(phs_prop_estimate(&b, 0.95, &e));
  ASSERT_NEAR(e.p, 1.0 / 99001.0, 1e-18);
  ASSERT_TRUE(e.n_eff > 99.0 && e.n_eff < 99.01);
  ASSERT_TRUE(e.ci_low >= 0.0 && e.ci_low <= e.p);
  ASSERT_TRUE(e.ci_high >= e.p && e.ci_high < 0.05);
  /* With x* ≈ 1e-5 the interval is nearly that of 0 of 99:
  ** upper ≈ 1 − 0.025^(1/99) = 0.0365. */
  ASSERT_NEAR(e.ci_high, 1.0 - pow(0.025, 1.0 / 99.0), 1e-3);
}

static void test_merge(void) {
  /* Three "communes" merged into a "district" equal one accumulator fed
  ** every respondent (sums of the same numbers in the same order here, so
  ** equal to rounding). */
  phs_prop_acc c[3] = {0}, all = {0}, district = {0};
  for (int i = 0; i < 60; i++) {
    double w = 0.5 + (i * 37 % 11) * 0.75;
    int y = (i * 7 % 5) < 2;
    phs_prop_acc_add(&c[i / 20], w, y);
    phs_prop_acc_add(&all, w, y);
  }
  for (int k = 0; k < 3; k++) phs_prop_acc_merge(&district, &c[k]);
  ASSERT_EQ(district.n, all.n);
  ASSERT_EQ(district.n_yes, all.n_yes);
  ASSERT_NEAR(district.sw, all.sw, 1e-12 * all.sw);
  ASSERT_NEAR(district.swy, all.swy, 1e-12 * all.swy);
  ASSERT_NEAR(district.sw2, all.sw2, 1e-12 * all.sw2);

  phs_prop_est e1, e2;
  ASSERT_OK(phs_prop_estimate(&district, 0.95, &e1));
  ASSERT_OK(phs_prop_estimate(&all, 0.95, &e2));
  ASSERT_NEAR(e1.p, e2.p, 1e-14);
  ASSERT_NEAR(e1.n_eff, e2.n_eff, 1e-11);
  ASSERT_NEAR(e1.ci_low, e2.ci_low, 1e-11);
  ASSERT_NEAR(e1.ci_high, e2.ci_high, 1e-11);
  ASSERT_TRUE(e1.ci_low < e1.p && e1.p < e1.ci_high);

  /* Merging an empty accumulator changes nothing; merging into itself
  ** doubles it. */
  phs_prop_acc empty = {0}, self = all;
  phs_prop_acc_merge(&district, &empty);
  ASSERT_EQ(district.n, all.n);
  phs_prop_acc_merge(&self, &self);
  ASSERT_EQ(self.n, 2 * all.n);
  ASSERT_NEAR(self.sw, 2.0 * all.sw, 0.0);
}

static void test_empty_and_usage(void) {
  phs_prop_acc a = {0};
  phs_prop_est e;
  ASSERT_OK(phs_prop_estimate(&a, 0.95, &e));
  ASSERT_EQ(e.n, 0);
  ASSERT_TRUE(isnan(e.p) && isnan(e.ci_low) && isnan(e.ci_high));
  ASSERT_TRUE(e.n_eff == 0.0 && e.numerator == 0.0 && e.denominator == 0.0);

  feed(&a, 5, 2, 1.0);
  ASSERT_EQ(phs_prop_estimate(&a, 0.0, &e), PHS_EUSAGE);
  ASSERT_TRUE(isnan(e.p) && isnan(e.ci_low) && e.n == 0);
  ASSERT_EQ(phs_prop_estimate(&a, 1.0, &e), PHS_EUSAGE);
  ASSERT_EQ(phs_prop_estimate(&a, NAN, &e), PHS_EUSAGE);
  ASSERT_EQ(phs_prop_estimate(NULL, 0.95, &e), PHS_EUSAGE);
  ASSERT_EQ(phs_prop_estimate(&a, 0.95, NULL), PHS_EUSAGE);
}

int main(void) {
  test_beta_closed_forms();
  test_beta_nontrivial();
  test_beta_inverse();
  test_unweighted();
  test_large_sample();
  test_weighted();
  test_merge();
  test_empty_and_usage();
  return phs_test_report("stats_survey");
}
