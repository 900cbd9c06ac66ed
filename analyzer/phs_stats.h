/*
** phs_stats.h: survey-weighted proportions with 95% confidence intervals,
** the statistics behind the digital-inclusion indicators (share of people
** with a smartphone, a bank account, an electronic ID, ...) reported per
** commune, district and province.
**
** An indicator over one area is accumulated in a phs_prop_acc (three sums
** and two counts), accumulators of communes merge into districts and
** provinces, and phs_prop_estimate() turns an accumulator into an estimate.
**
** METHOD
**
** Point estimate: the Hájek (ratio) estimator
**
**     p = Σ w·y / Σ w
**
** over the respondents of the area, y in {0, 1}, w the survey weight.
**
** Interval: Korn and Graubard (1998), "Confidence intervals for proportions
** with small expected number of positive counts estimated from survey
** data", Survey Methodology 24(2). It is the Clopper–Pearson (exact
** binomial) interval evaluated at an effective sample size instead of the
** respondent count. We use Kish's effective sample size
**
**     n* = (Σ w)² / Σ w²,        x* = p · n*,
**
** and, with α = 1 − level and B⁻¹(q; a, b) the q-quantile of the
** Beta(a, b) distribution (the inverse of the regularized incomplete beta
** function I_x(a, b) in x),
**
**     lower = B⁻¹(α/2;     x*,     n* − x* + 1)     (0 when x* = 0)
**     upper = B⁻¹(1 − α/2; x* + 1, n* − x*)         (1 when x* = n*)
**
** The beta parameters are real, so n* need not be an integer. With all
** weights equal n* = n and x* = the number of "yes" answers, and the
** interval is exactly the Clopper–Pearson interval.
**
** Korn and Graubard derive n* from the design-based variance of p and also
** allow a degrees-of-freedom adjustment of n* (a factor from Student's t
** with the design's degrees of freedom, #PSU − #strata). We apply neither:
** the survey files carry weights but no strata or PSU identifiers, so the
** design variance and degrees of freedom are unknown. The interval is
** therefore the Kish-n* Clopper–Pearson form; it reflects the loss of
** precision from unequal weights but not from clustering, so it may be too
** narrow for a clustered sample.
**
** Unlike the Wald interval p ± 1.96·√(p(1−p)/n*), this interval always lies
** within [0, 1], is never empty at p = 0 or p = 1, and keeps close to its
** nominal coverage when the expected count of "yes" (or "no") is small,
** which is the usual case in small communes.
*/
#ifndef PHS_STATS_H
#define PHS_STATS_H

#include "../geo/phs_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
** Accumulator of one 0/1 indicator over one area. Initialise with
** `phs_prop_acc a = {0};` (all sums zero is the empty area). Plain data:
** nothing to free, safe to copy.
*/
typedef struct phs_prop_acc {
  double sw;   /* Σ w   (weighted persons) */
  double swy;  /* Σ w·y (weighted persons answering "yes") */
  double sw2;  /* Σ w²  (for Kish's effective sample size) */
  long n;      /* respondents */
  long n_yes;  /* respondents answering "yes" */
} phs_prop_acc;

/*
** Add one respondent with survey weight w and answer y to accumulator a.
** w must be finite and > 0; y is 0 ("no") or 1 ("yes"), and any non-zero
** y counts as "yes". Validating weights read from a file is the caller's
** job (an input error deserves a message, not an assertion); passing an
** invalid w is a programmer error caught by assert() in debug builds.
*/
void phs_prop_acc_add(phs_prop_acc *a, double w, int y);

/*
** Add every respondent of `from` into `into` (sums and counts add), so
** that merging commune accumulators gives the district's accumulator,
** equal, up to floating-point rounding of the sums, to one fed all the
** respondents. `from` is unchanged; into == from doubles the accumulator.
*/
void phs_prop_acc_merge(phs_prop_acc *into, const phs_prop_acc *from);

/* Estimate of one indicator over one area; see METHOD above. */
typedef struct phs_prop_est {
  double p;               /* Hájek estimate Σw·y / Σw; NaN when n == 0 */
  double ci_low, ci_high; /* CI at the requested level, always within
                          ** [0,1] and containing p; NaN when n == 0 */
  double n_eff;           /* Kish effective sample size (Σw)²/Σw²; 0 when
                          ** n == 0 */
  long n;                 /* respondents */
  double numerator;       /* Σw·y (weighted persons answering "yes") */
  double denominator;     /* Σw   (weighted persons) */
} phs_prop_est;

/*
** Compute the Hájek proportion and the Korn–Graubard confidence interval
** (Kish-n* Clopper–Pearson, see METHOD) of accumulator a at confidence
** `level` (0.95 for the 95% intervals of the report) and write them to
** *out.
**
** An empty accumulator (n == 0) is not an error: it returns PHS_OK with p
** and the interval set to NaN, n_eff, n, numerator and denominator to 0,
** so a commune without respondents shows "–" in the report.
**
** Returns PHS_OK, or PHS_EUSAGE when a or out is NULL or level is not
** strictly between 0 and 1; *out (when not NULL) then holds NaN in every
** double field and 0 in n. Nothing is allocated.
*/
int phs_prop_estimate(const phs_prop_acc *a, double level, phs_prop_est *out);

/*
** The regularized incomplete beta function
**
**     I_x(a, b) = (1 / B(a, b)) ∫₀ˣ t^(a−1) (1 − t)^(b−1) dt,
**
** i.e. the distribution function at x of the Beta(a, b) distribution, for
** real a > 0, b > 0. Returns 0 for x <= 0 and 1 for x >= 1. Returns NaN
** when a or b is not > 0 or any argument is NaN. Relative accuracy is
** about 1e-13 for moderate a and b, degrading slowly (to about 1e-10)
** when a + b reaches 1e6, through the log-gamma prefactor.
*/
double phs_beta_inc(double a, double b, double x);

/*
** The inverse of phs_beta_inc in x: the x in [0, 1] with I_x(a, b) = p,
** that is the p-quantile of Beta(a, b). Returns 0 for p <= 0, 1 for
** p >= 1, and NaN when a or b is not > 0 or any argument is NaN. The
** root is found by Newton's method safeguarded by a bisection bracket and
** is accurate to about 1e-12 in x (absolute), and relatively to about
** 1e-12 for quantiles near 0.
*/
double phs_beta_inc_inv(double a, double b, double p);

#ifdef __cplusplus
}
#endif
#endif /* PHS_STATS_H */
