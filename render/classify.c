/*
** classify.c: classification of values into map classes (equal interval,
** quantile, Fisher-Jenks natural breaks, R's pretty breaks, standard
** deviation, head/tail breaks, manual bounds, target thresholds), the
** goodness of variance fit of the result, and the class lookup used by the
** legend and the map. Classes are [b0,b1), [b1,b2), ..., [b(k-1),bk]; see
** phs_render.h for the contract and docs/maps.md for the methods.
**
** Every method works on the finite values sorted ascending. Means, standard
** deviations and sums of squares are taken on the values scaled by 2^-e,
** which brings them into (-1, 1): nothing overflows at 1e300, and since the
** scaling is exact, a break that is a data value comes back bit for bit.
*/
#include "phs_render.h"

#include <float.h>
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

/* Indexed by phs_class_method. */
static const char *const method_names[] = {
    "equal", "quantile", "fixed",    "jenks",
    "pretty", "stddev",  "headtail", "manual"};
#define N_METHODS ((int)(sizeof(method_names) / sizeof(method_names[0])))

int phs_class_method_parse(const char *s) {
  if (s == NULL) return -1;
  for (int i = 0; i < N_METHODS; i++)
    if (strcmp(s, method_names[i]) == 0) return i;
  if (strcmp(s, "targets") == 0) return PHS_CLASS_FIXED;
  return -1;
}

const char *phs_class_method_name(phs_class_method m) {
  return (int)m >= 0 && (int)m < N_METHODS ? method_names[m] : "?";
}

const char *phs_class_method_label(phs_class_method m, phs_lang lang) {
  static const char *const en[] = {
      "Equal intervals",  "Quantiles",           "Target thresholds",
      "Natural breaks (Jenks)", "Pretty breaks", "Standard deviations",
      "Head/tail breaks", "Manual breaks"};
  static const char *const vi[] = {
      "Khoảng đều",       "Phân vị",             "Ngưỡng mục tiêu",
      "Ngắt tự nhiên (Jenks)", "Mốc tròn số",    "Độ lệch chuẩn",
      "Ngắt đầu/đuôi",    "Ngưỡng tự chọn"};
  if ((int)m < 0 || (int)m >= N_METHODS) return "?";
  return lang == PHS_LANG_VI ? vi[m] : en[m];
}

/* The finite values, ascending, and the exponent that scales them. */
typedef struct sorted_values {
  const double *x; /* borrowed: m ascending finite values, m >= 1 */
  int m;
  int e; /* |x| * 2^-e < 1 for every value */
} sorted_values;

static double scaled(const sorted_values *sv, int i) {
  return ldexp(sv->x[i], -sv->e);
}

/* Mean of the scaled values i0..m-1. */
static double scaled_mean(const sorted_values *sv, int i0) {
  double sum = 0;
  for (int i = i0; i < sv->m; i++) sum += scaled(sv, i);
  return sum / (sv->m - i0);
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

/* Equal interval: k classes of width (max - min) / k, computed on the
** scaled values so max - min cannot overflow. */
static int equal_breaks(const sorted_values *sv, int k, double *breaks) {
  double lo = scaled(sv, 0), hi = scaled(sv, sv->m - 1);
  breaks[0] = sv->x[0];
  for (int i = 1; i < k; i++)
    breaks[i] = ldexp(lo + (hi - lo) * i / k, sv->e);
  breaks[k] = sv->x[sv->m - 1];
  return k;
}

/* One layer of the Fisher-Jenks DP: prefix sums (borrowed), the previous
** layer's optima and this layer's, and its argmins. */
typedef struct jenks_layer {
  const double *pw, *p1, *p2; /* prefix sums of w, w z, w z^2 (z centred) */
  const double *prev;         /* D(c, i) */
  double *cur;                /* D(c+1, j) */
  int *from;                  /* first value of the last class at j */
} jenks_layer;

/* Weighted sum of squared deviations of the distinct values i..j-1 from
** their mean: S2 - S1^2 / W, never below 0. */
static double jenks_ssd(const jenks_layer *L, int i, int j) {
  double s1 = L->p1[j] - L->p1[i];
  double v = (L->p2[j] - L->p2[i]) - s1 * s1 / (L->pw[j] - L->pw[i]);
  return v > 0 ? v : 0;
}

/*
** D(c+1, j) for j in jlo..jhi, knowing that its argmin lies in ilo..ihi.
** The cost ssd(i, j) satisfies the quadrangle inequality (the 1-D least
** squares cost is Monge), so the largest argmin never decreases with j
** (Wang & Song 2011, Ckmeans.1d.dp; Gronlund et al. 2017): solving the
** middle j first bounds both halves. Every j still gets the minimum over
** all its admissible i; the search is O(u log u) per layer instead of
** O(u^2). The test checks it against a plain O(k u^2) DP and brute force.
*/
static void jenks_solve(const jenks_layer *L, int jlo, int jhi, int ilo,
                        int ihi) {
  while (jlo <= jhi) {
    int j = jlo + (jhi - jlo) / 2;
    int top = ihi < j - 1 ? ihi : j - 1;
    double best = INFINITY;
    int arg = top;
    for (int i = top; i >= ilo; i--) { /* last class: values i..j-1 */
      double cand = L->prev[i] + jenks_ssd(L, i, j);
      if (cand < best) { /* strict: the largest argmin wins ties */
        best = cand;
        arg = i;
      }
    }
    L->cur[j] = best;
    L->from[j] = arg;
    jenks_solve(L, jlo, j - 1, ilo, arg);
    jlo = j + 1; /* the upper half, iteratively */
    ilo = arg;
  }
}

/*
** Fisher-Jenks natural breaks, exact, by dynamic programming (Fisher 1958;
** Jenks 1977 called the criterion the goodness of variance fit).
**
** The DP runs over the u distinct values v[0..u-1] with their counts w, so
** a class is a run of distinct values and ties can never straddle a break.
** D(c, j) = least SDCM of the first j distinct values in c classes:
**   D(1, j) = ssd(0, j),  D(c, j) = min over i of D(c-1, i) + ssd(i, j),
** ssd(i, j) being the weighted sum of squared deviations of v[i..j-1] from
** their mean, from prefix sums of w, w z and w z^2 with z = x - mean
** (centring keeps the differences from cancelling; values are scaled, so
** nothing overflows). Each layer is solved by jenks_solve in O(u log u);
** memory O(k u). On equal SDCMs the larger i (the shorter last class)
** wins, so the result is deterministic.
*/
static int jenks_breaks(const sorted_values *sv, int k, double *breaks,
                        int *n_classes, phs_diag *d) {
  int rc = PHS_OK;
  int m = sv->m, u = 1;
  for (int i = 1; i < m; i++) u += sv->x[i] != sv->x[i - 1];
  if (u > PHS_JENKS_MAX_VALUES)
    return phs_diag_error(d, PHS_EUSAGE,
                          "jenks: %d distinct values, at most %d (use"
                          " quantile or pretty)",
                          u, PHS_JENKS_MAX_VALUES);
  double *y = malloc(sizeof(double) * (size_t)u);   /* scaled, distinct */
  double *w = malloc(sizeof(double) * (size_t)u);   /* count of each */
  int *first = malloc(sizeof(int) * (size_t)u);     /* its index in x */
  double *prev = malloc(sizeof(double) * (size_t)(u + 1));
  double *cur = malloc(sizeof(double) * (size_t)(u + 1));
  int *from = malloc(sizeof(int) * (size_t)k * (size_t)(u + 1));
  double *pw = malloc(sizeof(double) * (size_t)(u + 1) * 3);
  double *p1 = pw ? pw + u + 1 : NULL, *p2 = pw ? pw + 2 * (u + 1) : NULL;
  if (y == NULL || w == NULL || first == NULL || prev == NULL ||
      cur == NULL || from == NULL || pw == NULL) {
    rc = phs_diag_error(d, PHS_ERUNTIME,
                        "out of memory for natural breaks of %d values", m);
    goto cleanup;
  }
  u = 0;
  for (int i = 0; i < m; i++) {
    if (u > 0 && sv->x[i] == sv->x[first[u - 1]]) {
      w[u - 1] += 1;
      continue;
    }
    first[u] = i;
    y[u] = scaled(sv, i);
    w[u] = 1;
    u++;
  }
  int kk = k < u ? k : u;
  if (kk == u) { /* one class per distinct value */
    for (int c = 0; c < u; c++) breaks[c] = sv->x[first[c]];
    breaks[u] = sv->x[m - 1];
    *n_classes = u;
    goto cleanup;
  }

  /* Prefix sums of the weights, and of x and x^2 centred on the mean
  ** (centring keeps the differences below from cancelling). */
  {
    double tw = 0, ts = 0;
    for (int i = 0; i < u; i++) {
      tw += w[i];
      ts += w[i] * y[i];
    }
    double mean = ts / tw;
    pw[0] = p1[0] = p2[0] = 0;
    for (int i = 0; i < u; i++) {
      double z = y[i] - mean;
      pw[i + 1] = pw[i] + w[i];
      p1[i + 1] = p1[i] + w[i] * z;
      p2[i + 1] = p2[i] + w[i] * z * z;
    }
  }
  jenks_layer L = {pw, p1, p2, prev, cur, NULL};
  for (int j = 1; j <= u; j++) prev[j] = jenks_ssd(&L, 0, j);
  prev[0] = 0;
  for (int c = 1; c < kk; c++) { /* c+1 classes */
    /* Each of the kk-1-c classes still to come needs a value; the last
    ** layer needs only j = u. */
    int jmax = u - (kk - 1 - c);
    int jmin = c == kk - 1 ? u : c + 1;
    L.prev = prev;
    L.cur = cur;
    L.from = from + (size_t)c * (size_t)(u + 1);
    jenks_solve(&L, jmin, jmax, c, jmax - 1);
    double *t = prev;
    prev = cur;
    cur = t;
  }
  /* Walk back from (kk classes, u values) to each class's first value. */
  int j = u;
  for (int c = kk - 1; c >= 1; c--) {
    int i = from[(size_t)c * (size_t)(u + 1) + (size_t)j];
    breaks[c] = sv->x[first[i]];
    j = i;
  }
  breaks[0] = sv->x[0];
  breaks[kk] = sv->x[m - 1];
  *n_classes = kk;

cleanup:
  free(y);
  free(w);
  free(first);
  free(prev);
  free(cur);
  free(from);
  free(pw);
  return rc;
}

/*
** R's pretty(c(lo, up), n = ndiv) (R_pretty in R's src/appl/pretty.c, with
** pretty.default's arguments: min.n = n %/% 3, shrink.sml = 0.75,
** high.u.bias = 1.5, u5.bias = 0.5 + 1.5 * 1.5, eps.correct = 0). The unit
** is 1, 2, 5 or 10 times the power of ten b <= cell < 10 b, cell being
** (up - lo) / ndiv, with a bias towards larger units: cell/b in [1, 1.4]
** gives 1 b, (1.4, 2.8] 2 b, (2.8, 7] 5 b, (7, 10) 10 b; the bounds are the
** multiples of the unit that enclose lo and up.
** Each break is (ns + i) * unit, written as an integer times a power of ten
** (0.3, not 0.30000000000000004). Two adjustments R does not make: classes
** holding no value at either end are trimmed (R extends to min.n
** intervals for tiny ranges), and non-finite bounds (a range near
** DBL_MAX) are left to the caller to clamp to the data. Returns the number
** of classes, breaks[0..n].
*/
static int pretty_breaks(double lo, double up, int ndiv, double *breaks,
                         int max_classes) {
  const double h = 1.5, h5 = 0.5 + 1.5 * h, rounding_eps = 1e-10;
  int min_n = ndiv / 3;
  double dx = up - lo, cell;
  int i_small;
  if (dx == 0 && up == 0) {
    cell = 1;
    i_small = 1;
  } else {
    cell = fmax(fabs(lo), fabs(up));
    double U = 1 + (h5 >= 1.5 * h + 0.5 ? 1 / (1 + h) : 1.5 / (1 + h5));
    U *= (ndiv > 1 ? ndiv : 1) * DBL_EPSILON;
    i_small = dx < cell * U * 3;
  }
  if (i_small) {
    if (cell > 10) cell = 9 + cell / 10;
    cell *= 0.75;
    if (min_n > 1) cell /= min_n;
  } else if (isfinite(dx)) {
    cell = ndiv > 1 ? dx / ndiv : dx;
  } else {
    cell = up / ndiv - lo / ndiv; /* up - lo overflows near DBL_MAX */
  }
  if (cell < 0x1p-20 * DBL_MIN) cell = 0x1p-20 * DBL_MIN;
  if (cell > DBL_MAX / 1.25) cell = DBL_MAX / 1.25;

  int p = (int)floor(log10(cell));
  double base = pow(10.0, p), unit = base, ns_u;
  int mult = 1;
  if ((ns_u = 2 * base) - cell < h * (cell - unit)) {
    unit = ns_u;
    mult = 2;
    if ((ns_u = 5 * base) - cell < h5 * (cell - unit)) {
      unit = ns_u;
      mult = 5;
      if ((ns_u = 10 * base) - cell < h * (cell - unit)) {
        unit = ns_u;
        mult = 1;
        p++;
      }
    }
  }
  double ns = floor(lo / unit + rounding_eps);
  double nu = ceil(up / unit - rounding_eps);
  while (ns * unit > lo + rounding_eps * unit) ns--;
  while (nu * unit < up - rounding_eps * unit) nu++;
  int kq = (int)(0.5 + nu - ns);
  if (kq < min_n) {
    kq = min_n - kq;
    if (ns >= 0.) {
      nu += kq / 2;
      ns -= kq / 2 + kq % 2;
    } else {
      ns -= kq / 2;
      nu += kq / 2 + kq % 2;
    }
  }
  if (nu <= ns) nu = ns + 1;
  /* Classes holding no value: [ns, ns+1) when (ns+1)*unit <= lo, and the
  ** closed last one when (nu-1)*unit > up. */
  while (nu - ns > 1 && (ns + 1) * unit <= lo) ns++;
  while (nu - ns > 1 && (nu - 1) * unit > up) nu--;
  if (nu - ns > max_classes) return (int)(nu - ns);
  int n = (int)(nu - ns);
  for (int i = 0; i <= n; i++) {
    double q = (ns + i) * mult; /* an integer, exact below 2^53 */
    if (p >= 0 && p <= 22)
      breaks[i] = q * pow(10.0, p); /* powers of ten exact to 1e22 */
    else if (p < 0 && p >= -22)
      breaks[i] = q / pow(10.0, -p);
    else
      breaks[i] = (ns + i) * unit;
  }
  return n;
}

/*
** Standard deviation classes, 1 sd wide: odd k centres a class on the mean
** (breaks at mean +- 0.5, 1.5, ... sd), even k breaks at the mean (mean,
** +- 1, 2, ... sd); k-1 breaks in all. Breaks outside (min, max) are
** dropped, so the end classes take everything beyond and the count may be
** smaller than k. Population sd (divided by m): the classes describe these
** areas, not a sample.
*/
static int stddev_breaks(const sorted_values *sv, int k, double *breaks) {
  int m = sv->m;
  double mean = scaled_mean(sv, 0), ss = 0;
  for (int i = 0; i < m; i++) {
    double dv = scaled(sv, i) - mean;
    ss += dv * dv;
  }
  double sd = sqrt(ss / m);
  int nb = 0;
  breaks[nb++] = sv->x[0];
  for (int i = 0; i < k - 1; i++) {
    /* Offsets in sd, ascending: k = 5 -> -1.5 -0.5 0.5 1.5;
    ** k = 4 -> -1 0 1. */
    double t = i - (k - 2) / 2.0;
    double b = ldexp(mean + t * sd, sv->e);
    if (b > breaks[nb - 1] && b < sv->x[m - 1]) breaks[nb++] = b;
  }
  breaks[nb++] = sv->x[m - 1];
  return nb - 1;
}

/*
** Head/tail breaks (Jiang 2013): the mean of the values splits them into a
** tail (below) and a head (at or above the mean: where the closure classes
** a value equal to the break); the head is split again while it holds at
** most 40 % of the values being split and is neither empty nor all of
** them (one distinct value left). At most k classes.
*/
static int headtail_breaks(const sorted_values *sv, int k, double *breaks) {
  int m = sv->m, lo = 0, nb = 0;
  breaks[nb++] = sv->x[0];
  while (nb < k) {
    double mean = scaled_mean(sv, lo);
    int p = lo;
    while (p < m && scaled(sv, p) < mean) p++;
    long long head = m - p, all = m - lo;
    if (p == lo || head == 0 || head * 10 > all * 4) break;
    double b = ldexp(mean, sv->e);
    if (!(b > breaks[nb - 1])) break;
    breaks[nb++] = b;
    lo = p;
  }
  breaks[nb++] = sv->x[m - 1];
  return nb - 1;
}

/*
** Make data-driven breaks a valid partition of [smin, smax]: the outer
** bounds cover the data (a non-finite one, from an overflow, becomes the
** data's extreme); inner breaks are finite, strictly ascending, above smin
** and at most smax, one equal to smax being kept only as the start of a
** closed last class [smax, smax].
*/
static void tidy_breaks(phs_classes *c, double smin, double smax) {
  double b0 = c->breaks[0], bn = c->breaks[c->n];
  if (!isfinite(b0) || b0 > smin) b0 = smin;
  if (!isfinite(bn) || bn < smax) bn = smax;
  double out[PHS_MAX_CLASSES + 1];
  int nb = 0;
  out[nb++] = b0;
  for (int i = 1; i < c->n; i++) {
    double b = c->breaks[i];
    if (isfinite(b) && b > out[nb - 1] && b > smin && b <= smax)
      out[nb++] = b;
  }
  out[nb++] = bn;
  c->n = nb - 1;
  memcpy(c->breaks, out, sizeof(double) * (size_t)nb);
}

/* 1 - SDCM/SDAM over the classed values (scaled: the ratio does not
** change), NaN when SDAM = 0. */
static double gvf_of(const phs_classes *c, const sorted_values *sv) {
  if (sv->m == 0 || c->n == 0) return NAN;
  double csum[PHS_MAX_CLASSES] = {0}, cnt[PHS_MAX_CLASSES] = {0};
  double sum = 0, all = 0;
  for (int i = 0; i < sv->m; i++) {
    int k = phs_classes_find(c, sv->x[i]);
    if (k < 0) continue;
    double y = scaled(sv, i);
    csum[k] += y;
    cnt[k] += 1;
    sum += y;
    all += 1;
  }
  if (all == 0) return NAN;
  double mean = sum / all, sdam = 0, sdcm = 0;
  for (int i = 0; i < sv->m; i++) {
    int k = phs_classes_find(c, sv->x[i]);
    if (k < 0) continue;
    double y = scaled(sv, i), da = y - mean, dc = y - csum[k] / cnt[k];
    sdam += da * da;
    sdcm += dc * dc;
  }
  if (!(sdam > 0)) return NAN;
  double g = 1 - sdcm / sdam;
  return g < 0 ? 0 : g > 1 ? 1 : g;
}

/* Check the caller's thresholds (FIXED) or bounds (MANUAL). */
static int check_thresholds(const double *t, int n, int lo, int hi,
                            const char *what, phs_diag *d) {
  if (t == NULL || n < lo || n > hi)
    return phs_diag_error(d, PHS_EUSAGE, "%s: %d to %d values, got %d", what,
                          lo, hi, t ? n : 0);
  for (int i = 0; i < n; i++) {
    if (!isfinite(t[i]))
      return phs_diag_error(d, PHS_EUSAGE, "%s: value %d is not a number",
                            what, i + 1);
    if (i > 0 && !(t[i] > t[i - 1]))
      return phs_diag_error(d, PHS_EUSAGE,
                            "%s must be strictly ascending: %g then %g", what,
                            t[i - 1], t[i]);
  }
  return PHS_OK;
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
    rc = check_thresholds(fixed, n_fixed, 1, PHS_MAX_CLASSES - 1,
                          "fixed class thresholds", d);
  } else if (method == PHS_CLASS_MANUAL) {
    rc = check_thresholds(fixed, n_fixed, 2, PHS_MAX_CLASSES + 1,
                          "manual class bounds", d);
  } else if ((int)method >= 0 && (int)method < N_METHODS) {
    if (k < 1 || k > PHS_MAX_CLASSES)
      rc = phs_diag_error(d, PHS_EUSAGE,
                          "number of classes must be 1 to %d, got %d",
                          PHS_MAX_CLASSES, k);
  } else {
    rc = phs_diag_error(d, PHS_EUSAGE, "unknown classification method %d",
                        (int)method);
  }
  if (rc) goto cleanup;

  /* Finite values, sorted. */
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
  sorted_values sv = {sorted, m, 0};
  if (m > 0) {
    qsort(sorted, (size_t)m, sizeof(double), cmp_double);
    frexp(fmax(fabs(sorted[0]), fabs(sorted[m - 1])), &sv.e);
  }

  if (method == PHS_CLASS_FIXED) {
    /* Open ends: the classes are the same whatever the data. */
    c.breaks[0] = -INFINITY;
    for (int i = 0; i < n_fixed; i++) c.breaks[i + 1] = fixed[i];
    c.breaks[n_fixed + 1] = INFINITY;
    c.n = n_fixed + 1;
  } else if (method == PHS_CLASS_MANUAL) {
    c.n = n_fixed - 1;
    memcpy(c.breaks, fixed, sizeof(double) * (size_t)n_fixed);
    if (m > 0 && sorted[0] < c.breaks[0]) {
      int below = 0;
      while (below < m && sorted[below] < c.breaks[0]) below++;
      phs_diag_warn(d,
                    "manual classes: %d value%s below the first bound %g"
                    " (lowest %g): the first class is widened to it",
                    below, below == 1 ? "" : "s", c.breaks[0], sorted[0]);
      c.breaks[0] = sorted[0];
    }
    if (m > 0 && sorted[m - 1] > c.breaks[c.n]) {
      int above = 0;
      while (above < m && sorted[m - 1 - above] > c.breaks[c.n]) above++;
      phs_diag_warn(d,
                    "manual classes: %d value%s above the last bound %g"
                    " (highest %g): the last class is widened to it",
                    above, above == 1 ? "" : "s", c.breaks[c.n],
                    sorted[m - 1]);
      c.breaks[c.n] = sorted[m - 1];
    }
  } else if (m == 0) {
    c.n = 0; /* nothing to classify */
  } else if (sorted[0] == sorted[m - 1]) {
    c.n = 1;
    c.breaks[0] = c.breaks[1] = sorted[0];
  } else {
    switch (method) {
      case PHS_CLASS_EQUAL: c.n = equal_breaks(&sv, k, c.breaks); break;
      case PHS_CLASS_QUANTILE:
        c.n = quantile_breaks(sorted, m, k, c.breaks);
        break;
      case PHS_CLASS_JENKS:
        rc = jenks_breaks(&sv, k, c.breaks, &c.n, d);
        if (rc) goto cleanup;
        break;
      case PHS_CLASS_PRETTY: {
        /* R may give up to about 1.4 k + 2 classes: lower k until the
        ** result fits. k = 1 always fits (at most 3). */
        for (int want = k; want >= 1; want--) {
          c.n = pretty_breaks(sorted[0], sorted[m - 1], want, c.breaks,
                              PHS_MAX_CLASSES);
          if (c.n <= PHS_MAX_CLASSES) break;
        }
        if (c.n > PHS_MAX_CLASSES) c.n = equal_breaks(&sv, k, c.breaks);
        break;
      }
      case PHS_CLASS_STDDEV: c.n = stddev_breaks(&sv, k, c.breaks); break;
      case PHS_CLASS_HEADTAIL: c.n = headtail_breaks(&sv, k, c.breaks); break;
      default: break; /* FIXED and MANUAL above */
    }
    tidy_breaks(&c, sorted[0], sorted[m - 1]);
  }

  for (int i = 0; i < m; i++) {
    int cls = phs_classes_find(&c, sorted[i]);
    if (cls >= 0) c.counts[cls]++;
  }
  c.gvf = gvf_of(&c, &sv);
  *out = c;

cleanup:
  free(sorted);
  return rc;
}
