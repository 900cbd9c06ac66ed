/*
** classify.c: classification of values into map classes (equal interval,
** quantile, fixed thresholds) and the class lookup used by the legend and
** the map. Classes are [b0,b1), [b1,b2), ..., [b(k-1),bk]; see
** phs_render.h. Non-finite values (NaN, and infinities, which no coverage
** figure can be) are "no data".
*/
#include "phs_render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int phs_classes_find(const phs_classes *c, double v) {
  if (c == NULL || c->n <= 0 || c->n > PHS_MAX_CLASSES || !isfinite(v))
    return -1;
  if (v < c->breaks[0] || v > c->breaks[c->n]) return -1;
  if (v == c->breaks[c->n]) return c->n - 1; /* the last class is closed */
  for (int i = c->n - 1; i >= 0; i--)
    if (v >= c->breaks[i]) return i;
  return -1;
}

int phs_class_method_parse(const char *s) {
  if (s == NULL) return -1;
  if (strcmp(s, "equal") == 0) return PHS_CLASS_EQUAL;
  if (strcmp(s, "quantile") == 0) return PHS_CLASS_QUANTILE;
  if (strcmp(s, "fixed") == 0) return PHS_CLASS_FIXED;
  return -1;
}

/*
** Quantile breaks over m sorted values: the i-th break ideally has i*m/k
** values below it. A break is always a data value v, and every value equal
** to v lies above it, so ties never straddle a break. When the ideal
** position falls inside a run of tied values, the break moves to the start
** or the end of the run, whichever is nearer (the start on a tie). Breaks
** that would leave a class empty (equal to the minimum or to the previous
** break) are dropped: fewer classes rather than empty ones.
*/
static int quantile_breaks(const double *s, int m, int k, double *breaks) {
  int nb = 0;
  breaks[nb++] = s[0];
  for (int i = 1; i < k; i++) {
    long long ideal = (long long)i * m; /* positions scaled by k */
    int p = (int)(ideal / k);
    int lo = p, hi = p;
    while (lo > 0 && s[lo - 1] == s[p]) lo--;
    while (hi < m && s[hi] == s[p]) hi++;
    int pos = -1;
    long long best = 0;
    int cand[2] = {lo, hi};
    for (int c = 0; c < 2; c++) {
      if (cand[c] <= 0 || cand[c] >= m) continue; /* no value below/above */
      long long dist = llabs((long long)cand[c] * k - ideal);
      if (pos < 0 || dist < best) {
        pos = cand[c];
        best = dist;
      }
    }
    if (pos < 0) continue;
    if (s[pos] > breaks[nb - 1]) breaks[nb++] = s[pos];
  }
  breaks[nb++] = s[m - 1];
  return nb - 1; /* classes */
}

int phs_classify(const double *values, int n, phs_class_method method, int k,
                 const double *fixed, int n_fixed, phs_classes *out,
                 phs_diag *d) {
  int rc = PHS_OK;
  double *sorted = NULL;
  phs_classes c;
  memset(&c, 0, sizeof(c));

  if (out == NULL || n < 0 || (n > 0 && values == NULL)) {
    rc = phs_diag_error(d, PHS_EUSAGE, "phs_classify: bad arguments");
    goto cleanup;
  }
  if (method == PHS_CLASS_FIXED) {
    if (fixed == NULL || n_fixed < 1 || n_fixed > PHS_MAX_CLASSES - 1) {
      rc = phs_diag_error(d, PHS_EUSAGE,
                          "fixed classes need 1 to %d thresholds, got %d",
                          PHS_MAX_CLASSES - 1, fixed ? n_fixed : 0);
      goto cleanup;
    }
    for (int i = 0; i < n_fixed; i++) {
      if (!isfinite(fixed[i])) {
        rc = phs_diag_error(d, PHS_EUSAGE, "threshold %d is not a number",
                            i + 1);
        goto cleanup;
      }
      if (i > 0 && !(fixed[i] > fixed[i - 1])) {
        rc = phs_diag_error(d, PHS_EUSAGE,
                            "thresholds must be strictly ascending: %g then %g",
                            fixed[i - 1], fixed[i]);
        goto cleanup;
      }
    }
  } else if (method == PHS_CLASS_EQUAL || method == PHS_CLASS_QUANTILE) {
    if (k < 1 || k > PHS_MAX_CLASSES) {
      rc = phs_diag_error(d, PHS_EUSAGE,
                          "number of classes must be 1 to %d, got %d",
                          PHS_MAX_CLASSES, k);
      goto cleanup;
    }
  } else {
    rc = phs_diag_error(d, PHS_EUSAGE, "unknown classification method %d",
                        (int)method);
    goto cleanup;
  }

  /* Finite values, sorted (quantiles need the order; min/max for all). */
  int m = 0;
  if (n > 0) {
    sorted = malloc(sizeof(double) * (size_t)n);
    if (sorted == NULL) {
      rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory classifying %d values",
                          n);
      goto cleanup;
    }
  }
  for (int i = 0; i < n; i++) {
    if (isfinite(values[i]))
      sorted[m++] = values[i];
    else
      c.n_nodata++;
  }
  if (m > 0) qsort(sorted, (size_t)m, sizeof(double), cmp_double);

  if (method == PHS_CLASS_FIXED) {
    /* Outer bounds take in both the data and the thresholds. */
    int nb = 0;
    c.breaks[nb++] = m > 0 && sorted[0] < fixed[0] ? sorted[0] : fixed[0];
    for (int i = 0; i < n_fixed; i++) c.breaks[nb++] = fixed[i];
    double last = fixed[n_fixed - 1];
    c.breaks[nb++] = m > 0 && sorted[m - 1] > last ? sorted[m - 1] : last;
    c.n = nb - 1;
    /* A class whose bounds coincide holds nothing ([t,t)) or only what the
    ** class before it would hold once closed ([t,t]): drop it. */
    if (c.n > 1 && c.breaks[0] == c.breaks[1]) {
      memmove(c.breaks, c.breaks + 1, sizeof(double) * (size_t)c.n);
      c.n--;
    }
    if (c.n > 1 && c.breaks[c.n - 1] == c.breaks[c.n]) c.n--;
  } else if (m == 0) {
    c.n = 0; /* nothing to classify */
  } else if (sorted[0] == sorted[m - 1]) {
    c.n = 1;
    c.breaks[0] = c.breaks[1] = sorted[0];
  } else if (method == PHS_CLASS_EQUAL) {
    double lo = sorted[0], hi = sorted[m - 1];
    c.n = k;
    for (int i = 0; i < k; i++) c.breaks[i] = lo + (hi - lo) * i / k;
    c.breaks[k] = hi;
  } else {
    c.n = quantile_breaks(sorted, m, k, c.breaks);
  }

  for (int i = 0; i < m; i++) {
    int cls = phs_classes_find(&c, sorted[i]);
    if (cls >= 0) c.counts[cls]++;
  }
  *out = c;

cleanup:
  free(sorted);
  return rc;
}
