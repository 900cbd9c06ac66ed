/*
** survey_stats.c: survey-weighted proportions (Hájek estimator) with
** Korn–Graubard confidence intervals in their Kish-n* Clopper–Pearson form,
** and the regularized incomplete beta function and its inverse that the
** intervals need. The method is described in phs_stats.h; the numerical
** mathematics is described in the comment blocks below.
*/
#include "phs_stats.h"

#include <assert.h>
#include <float.h>
#include <math.h>

/* ------------------------------------------------------------------------
** Accumulators
*/
void phs_prop_acc_add(phs_prop_acc *a, double w, int y) {
  assert(a != NULL);
  assert(isfinite(w) && w > 0.0);
  a->sw += w;
  a->sw2 += w * w;
  a->n++;
  if (y) {
    a->swy += w;
    a->n_yes++;
  }
}

void phs_prop_acc_merge(phs_prop_acc *into, const phs_prop_acc *from) {
  assert(into != NULL && from != NULL);
  /* Read every field before writing, so that into == from works. */
  double sw = from->sw, swy = from->swy, sw2 = from->sw2;
  long n = from->n, n_yes = from->n_yes;
  into->sw += sw;
  into->swy += swy;
  into->sw2 += sw2;
  into->n += n;
  into->n_yes += n_yes;
}

/* ------------------------------------------------------------------------
** The regularized incomplete beta function
**
** For 0 < x < 1 and real a, b > 0, I_x(a, b) has the continued fraction
** (Abramowitz & Stegun 26.5.8, DLMF 8.17.22; it is Gauss's continued
** fraction for a ratio of hypergeometric functions)
**
**                x^a (1−x)^b        1    d1   d2   d3
**   I_x(a,b) = --------------- · ( ---  ---  ---  --- ... )
**                 a B(a, b)         1+   1+   1+   1+
**
** with, for m = 0, 1, 2, ...
**
**   d(2m+1) = − (a+m)(a+b+m) x / ((a+2m)(a+2m+1))
**   d(2m)   =    m (b−m) x     / ((a+2m−1)(a+2m))        (m >= 1)
**
** It converges quickly (in O(√max(a,b)) terms) when
** x < (a+1)/(a+b+2), the mean of the distribution shifted slightly; for
** larger x we use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a), which puts the
** argument on the fast side.
**
** The prefactor is computed in logarithms, with ln B(a,b) =
** lnΓ(a) + lnΓ(b) − lnΓ(a+b) from lgamma() and ln(1−x) from log1p(−x),
** so it neither overflows nor underflows prematurely for large a, b.
**
** The fraction  1 + d1/(1 + d2/(1 + ...))  is evaluated forward by the
** modified Lentz method: with f_0 = 1, C_0 = f_0, D_0 = 0 and for each
** j >= 1
**
**   D_j = 1 / (1 + d_j D_{j−1}),   C_j = 1 + d_j / C_{j−1},
**   f_j = f_{j−1} C_j D_j,
**
** where a C or a denominator of D that comes out as 0 is replaced by a tiny
** number (the "modified" part, which steps over a zero partial
** denominator), until C_j D_j is within a few ulps of 1.
*/
#define CF_TINY 1e-300
#define CF_EPS (4.0 * DBL_EPSILON)
#define CF_MAX_TERMS 100000

/* ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a+b), for a, b > 0. */
static double log_beta(double a, double b) {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/*
** I_x(a, b) by the continued fraction, for x on the fast side. lx = ln x,
** ly = ln(1−x), passed in so that the caller can compute them from the
** unreflected x without loss. lbeta = ln B(a, b).
*/
static double beta_cf(double a, double b, double x, double lx, double ly,
                      double lbeta) {
  double front = exp(a * lx + b * ly - lbeta) / a;
  if (front == 0.0) return 0.0;

  double f = 1.0, c = 1.0, d = 0.0;
  for (int j = 1; j <= CF_MAX_TERMS; j++) {
    double m = (double)(j / 2);
    double dj;
    if (j % 2) /* j = 2m+1 */
      dj = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
    else /* j = 2m */
      dj = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
    d = 1.0 + dj * d;
    if (fabs(d) < CF_TINY) d = CF_TINY;
    d = 1.0 / d;
    c = 1.0 + dj / c;
    if (fabs(c) < CF_TINY) c = CF_TINY;
    double delta = c * d;
    f *= delta;
    if (fabs(delta - 1.0) <= CF_EPS) break;
  }
  /* After CF_MAX_TERMS (reached only for a + b far beyond any survey) f is
  ** the best approximation we have; it is returned as is. */
  return front / f;
}

double phs_beta_inc(double a, double b, double x) {
  if (isnan(a) || isnan(b) || isnan(x)) return NAN;
  if (!(a > 0.0) || !(b > 0.0) || isinf(a) || isinf(b)) return NAN;
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;

  double lbeta = log_beta(a, b);
  double lx = log(x), ly = log1p(-x);
  double r;
  if (x < (a + 1.0) / (a + b + 2.0))
    r = beta_cf(a, b, x, lx, ly, lbeta);
  else
    r = 1.0 - beta_cf(b, a, 1.0 - x, ly, lx, lbeta);
  if (r < 0.0) r = 0.0;
  if (r > 1.0) r = 1.0;
  return r;
}

/* ------------------------------------------------------------------------
** The inverse in x
**
** I_x(a, b) increases strictly from 0 to 1 on [0, 1], with derivative the
** Beta(a, b) density  x^(a−1) (1−x)^(b−1) / B(a, b). We keep a bracket
** [lo, hi] with I_lo <= p <= I_hi, start at the mean a/(a+b), and take
** Newton steps  x ← x − (I_x − p) / density(x). Each evaluation of I_x
** narrows the bracket; a Newton step that leaves the open bracket (or a
** density that is 0 or infinite) is replaced by bisection. Newton
** converges quadratically near the root, bisection guarantees progress,
** so the loop ends when a step moves x by less than 1e-13·min(x, 1−x), or
** the bracket collapses to adjacent doubles. Measuring the step against
** the distance to the nearer end matters: a quantile like 1 − 1e-6 (an
** upper bound near 1) must be found to a few digits of 1 − x, not just of
** x, or I_x misses p by the density (large there) times the error.
** Bisection halving reaches the smallest double in about 1075 steps, hence
** the cap.
*/
#define INV_MAX_ITER 1200
#define INV_REL_TOL 1e-13

double phs_beta_inc_inv(double a, double b, double p) {
  if (isnan(a) || isnan(b) || isnan(p)) return NAN;
  if (!(a > 0.0) || !(b > 0.0) || isinf(a) || isinf(b)) return NAN;
  if (p <= 0.0) return 0.0;
  if (p >= 1.0) return 1.0;

  double lbeta = log_beta(a, b);
  double lo = 0.0, hi = 1.0;
  double x = a / (a + b);
  if (!(x > 0.0 && x < 1.0)) x = 0.5;

  for (int it = 0; it < INV_MAX_ITER; it++) {
    double f = phs_beta_inc(a, b, x) - p;
    if (f == 0.0) return x;
    if (f < 0.0)
      lo = x;
    else
      hi = x;

    double lpdf = (a - 1.0) * log(x) + (b - 1.0) * log1p(-x) - lbeta;
    double pdf = exp(lpdf);
    double xn = NAN;
    if (pdf > 0.0 && isfinite(pdf)) xn = x - f / pdf;
    if (!(xn > lo && xn < hi)) xn = 0.5 * (lo + hi);
    if (xn == lo || xn == hi) return xn; /* bracket of adjacent doubles */

    double dx = fabs(xn - x);
    x = xn;
    if (dx <= INV_REL_TOL * fmin(x, 1.0 - x)) return x;
  }
  return x;
}

/* ------------------------------------------------------------------------
** Estimates
*/
static void est_nan(phs_prop_est *out) {
  out->p = NAN;
  out->ci_low = NAN;
  out->ci_high = NAN;
  out->n_eff = NAN;
  out->n = 0;
  out->numerator = NAN;
  out->denominator = NAN;
}

int phs_prop_estimate(const phs_prop_acc *a, double level, phs_prop_est *out) {
  if (out == NULL) return PHS_EUSAGE;
  if (a == NULL || !(level > 0.0 && level < 1.0)) {
    est_nan(out);
    return PHS_EUSAGE;
  }

  out->n = a->n;
  if (a->n == 0 || !(a->sw > 0.0)) {
    est_nan(out);
    out->n = a->n;
    out->n_eff = 0.0;
    out->numerator = 0.0;
    out->denominator = 0.0;
    return PHS_OK;
  }
  out->numerator = a->swy;
  out->denominator = a->sw;

  double p = a->swy / a->sw;
  if (p < 0.0) p = 0.0;
  if (p > 1.0) p = 1.0;
  out->p = p;

  /* Kish: n* = (Σw)² / Σw², computed as (Σw / √Σw²)² against overflow. */
  double r = a->sw / sqrt(a->sw2);
  double n_eff = r * r;
  out->n_eff = n_eff;

  /* x* = p n* and n* − x* = n* (Σw − Σwy) / Σw, the latter without the
  ** cancellation of subtracting x* from n*. When every answer is "no",
  ** Σwy is exactly 0; when every answer is "yes", Σwy and Σw are the same
  ** sums of the same numbers and so exactly equal. */
  double xs = p * n_eff;
  double ys = n_eff * ((a->sw - a->swy) / a->sw);
  if (ys < 0.0) ys = 0.0;

  double alpha = 1.0 - level;
  double lower = 0.0, upper = 1.0;
  if (a->n_yes > 0 && xs > 0.0)
    lower = phs_beta_inc_inv(xs, ys + 1.0, alpha / 2.0);
  if (a->n_yes < a->n && ys > 0.0)
    upper = phs_beta_inc_inv(xs + 1.0, ys, 1.0 - alpha / 2.0);

  /* The bounds lie on either side of p mathematically; guard against the
  ** last-digit rounding of the root finder. */
  if (!(lower <= p)) lower = p;
  if (!(upper >= p)) upper = p;
  out->ci_low = lower;
  out->ci_high = upper;
  return PHS_OK;
}
