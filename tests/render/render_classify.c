/*
** render_classify.c: classification (equal, quantile, fixed), the class
** lookup at the breaks, and the ColorBrewer palettes. Every expected value
** is worked out by hand in the comment beside it.
*/
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "phs_render.h"
#include "phs_test.h"
#include "render_fixture.h"

static void test_equal(void) {
  phs_diag d;
  phs_diag_init(&d);
  phs_classes c;
  /* min 0, max 40, k 4: width 10, breaks 0 10 20 30 40;
  ** [0,10) {0}, [10,20) {10}, [20,30) {20}, [30,40] {30,40}; one NaN. */
  double v[] = {0, 10, 20, 30, 40, NAN};
  ASSERT_OK(phs_classify(v, 6, PHS_CLASS_EQUAL, 4, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 4);
  for (int i = 0; i <= 4; i++) ASSERT_NEAR(c.breaks[i], 10.0 * i, 1e-12);
  ASSERT_EQ(c.counts[0], 1);
  ASSERT_EQ(c.counts[1], 1);
  ASSERT_EQ(c.counts[2], 1);
  ASSERT_EQ(c.counts[3], 2);
  ASSERT_EQ(c.n_nodata, 1);

  /* min = max: one class [7,7] holding the three 7s. */
  double same[] = {7, 7, NAN, 7};
  ASSERT_OK(phs_classify(same, 4, PHS_CLASS_EQUAL, 5, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 1);
  ASSERT_NEAR(c.breaks[0], 7, 0);
  ASSERT_NEAR(c.breaks[1], 7, 0);
  ASSERT_EQ(c.counts[0], 3);
  ASSERT_EQ(c.n_nodata, 1);
  ASSERT_EQ(phs_classes_find(&c, 7), 0);
  ASSERT_EQ(phs_classes_find(&c, 7.5), -1);
  ASSERT_OK(phs_classify(same, 4, PHS_CLASS_QUANTILE, 3, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 1);

  /* Only NaN: no classes, everything no data, nothing found. */
  double none[] = {NAN, NAN};
  ASSERT_OK(phs_classify(none, 2, PHS_CLASS_EQUAL, 3, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 0);
  ASSERT_EQ(c.n_nodata, 2);
  ASSERT_EQ(phs_classes_find(&c, 1), -1);
  ASSERT_OK(phs_classify(NULL, 0, PHS_CLASS_QUANTILE, 3, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 0);
  ASSERT_EQ(c.n_nodata, 0);

  /* Bad k. */
  ASSERT_EQ(phs_classify(v, 6, PHS_CLASS_EQUAL, 0, NULL, 0, &c, &d),
            PHS_EUSAGE);
  ASSERT_EQ(d.status, PHS_EUSAGE);
  ASSERT_CONTAINS(d.msg, "classes");
  phs_diag_clear(&d);
  ASSERT_EQ(phs_classify(v, 6, PHS_CLASS_QUANTILE, 10, NULL, 0, &c, &d),
            PHS_EUSAGE);
  ASSERT_EQ(phs_classify(v, 6, (phs_class_method)7, 3, NULL, 0, &c, &d),
            PHS_EUSAGE);
  phs_diag_clear(&d);
}

static void test_quantile(void) {
  phs_diag d;
  phs_diag_init(&d);
  phs_classes c;
  /* 1..10, k 5: 2 values per class; breaks 1 3 5 7 9 10. */
  double ten[] = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  ASSERT_OK(phs_classify(ten, 10, PHS_CLASS_QUANTILE, 5, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 5);
  double b10[] = {1, 3, 5, 7, 9, 10};
  for (int i = 0; i <= 5; i++) ASSERT_NEAR(c.breaks[i], b10[i], 0);
  for (int i = 0; i < 5; i++) ASSERT_EQ(c.counts[i], 2);

  /* {1,1,1,1,2,3}, k 3: ideal breaks after 2 and 4 values. The first falls
  ** inside the run of four 1s: its start (0 values below) would empty the
  ** first class, so the break moves to the run's end, value 2. The second
  ** ideal position (4) is also value 2: a duplicate, dropped. Two classes:
  ** [1,2) with the four 1s, [2,3] with 2 and 3. */
  double ties[] = {1, 1, 1, 1, 2, 3};
  ASSERT_OK(phs_classify(ties, 6, PHS_CLASS_QUANTILE, 3, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 2);
  ASSERT_NEAR(c.breaks[0], 1, 0);
  ASSERT_NEAR(c.breaks[1], 2, 0);
  ASSERT_NEAR(c.breaks[2], 3, 0);
  ASSERT_EQ(c.counts[0], 4);
  ASSERT_EQ(c.counts[1], 2);

  /* {1,2,2,2,2,3,4,5}, k 2: ideal break after 4 values, inside the run of
  ** 2s (indices 1..4). Start: 1 below (off by 3); end: 5 below (off by 1):
  ** break 3. [1,3) holds 1 and the four 2s, [3,5] holds 3 4 5; the tie
  ** does not straddle. */
  double mid[] = {5, 2, 4, 2, 1, 2, 3, 2};
  ASSERT_OK(phs_classify(mid, 8, PHS_CLASS_QUANTILE, 2, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 2);
  ASSERT_NEAR(c.breaks[1], 3, 0);
  ASSERT_EQ(c.counts[0], 5);
  ASSERT_EQ(c.counts[1], 3);
  phs_diag_clear(&d);
}

static void test_fixed(void) {
  phs_diag d;
  phs_diag_init(&d);
  phs_classes c;
  double t[] = {80, 90, 95};
  /* Targets 80 90 95: always four classes, open at both ends:
  ** (-inf,80) {70}, [80,90) {80,85}, [90,95) {90,94}, [95,+inf) {95,99}. */
  double v[] = {70, 80, 85, 90, 94, 95, 99, NAN};
  ASSERT_OK(phs_classify(v, 8, PHS_CLASS_FIXED, 0, t, 3, &c, &d));
  ASSERT_EQ(c.n, 4);
  ASSERT_TRUE(isinf(c.breaks[0]) && c.breaks[0] < 0);
  ASSERT_NEAR(c.breaks[1], 80, 0);
  ASSERT_NEAR(c.breaks[2], 90, 0);
  ASSERT_NEAR(c.breaks[3], 95, 0);
  ASSERT_TRUE(isinf(c.breaks[4]) && c.breaks[4] > 0);
  ASSERT_EQ(c.counts[0], 1);
  ASSERT_EQ(c.counts[1], 2);
  ASSERT_EQ(c.counts[2], 2);
  ASSERT_EQ(c.counts[3], 2);
  ASSERT_EQ(c.n_nodata, 1);

  /* Interval closure at the thresholds; values far outside still have a
  ** class (the first or the last). */
  ASSERT_EQ(phs_classes_find(&c, 79.999), 0);
  ASSERT_EQ(phs_classes_find(&c, 80), 1);
  ASSERT_EQ(phs_classes_find(&c, 89.999), 1);
  ASSERT_EQ(phs_classes_find(&c, 90), 2);
  ASSERT_EQ(phs_classes_find(&c, 95), 3);
  ASSERT_EQ(phs_classes_find(&c, -1e300), 0);
  ASSERT_EQ(phs_classes_find(&c, 1e300), 3);
  ASSERT_EQ(phs_classes_find(&c, NAN), -1);
  ASSERT_EQ(phs_classes_find(&c, INFINITY), -1);
  ASSERT_EQ(phs_classes_find(NULL, 80), -1);

  /* Another year, all data 82..93 between the targets: the same four
  ** classes, the end ones empty, so colours mean the same every year. */
  double inner[] = {82, 93};
  ASSERT_OK(phs_classify(inner, 2, PHS_CLASS_FIXED, 0, t, 3, &c, &d));
  ASSERT_EQ(c.n, 4);
  ASSERT_NEAR(c.breaks[1], 80, 0);
  ASSERT_NEAR(c.breaks[3], 95, 0);
  ASSERT_EQ(c.counts[0], 0);
  ASSERT_EQ(c.counts[1], 1);
  ASSERT_EQ(c.counts[2], 1);
  ASSERT_EQ(c.counts[3], 0);
  /* GVF: {82 | 93} one value per class: SDCM 0, GVF 1. */
  ASSERT_NEAR(c.gvf, 1, 1e-12);

  /* No data at all: still the four classes, all empty, GVF undefined. */
  ASSERT_OK(phs_classify(NULL, 0, PHS_CLASS_FIXED, 0, t, 3, &c, &d));
  ASSERT_EQ(c.n, 4);
  ASSERT_EQ(c.counts[0] + c.counts[1] + c.counts[2] + c.counts[3], 0);
  ASSERT_TRUE(isnan(c.gvf));

  /* One threshold: two classes, < 50 and >= 50. */
  double half[] = {50};
  ASSERT_OK(phs_classify(v, 8, PHS_CLASS_FIXED, 0, half, 1, &c, &d));
  ASSERT_EQ(c.n, 2);
  ASSERT_EQ(c.counts[0], 0);
  ASSERT_EQ(c.counts[1], 7);
  ASSERT_NEAR(c.gvf, 0, 1e-12); /* one class holds all: SDCM = SDAM */

  /* Unsorted, repeated, missing, too many or non-finite thresholds are
  ** usage errors; "targets" is the same method. */
  double bad[] = {90, 80};
  ASSERT_EQ(phs_classify(v, 8, PHS_CLASS_FIXED, 0, bad, 2, &c, &d),
            PHS_EUSAGE);
  ASSERT_CONTAINS(d.msg, "ascending");
  phs_diag_clear(&d);
  double rep[] = {80, 80};
  ASSERT_EQ(phs_classify(v, 8, PHS_CLASS_FIXED, 0, rep, 2, &c, &d),
            PHS_EUSAGE);
  ASSERT_EQ(phs_classify(v, 8, PHS_CLASS_FIXED, 0, NULL, 0, &c, &d),
            PHS_EUSAGE);
  double nine[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  ASSERT_EQ(phs_classify(v, 8, PHS_CLASS_FIXED, 0, nine, 9, &c, &d),
            PHS_EUSAGE);
  double nan_t[] = {80, NAN};
  ASSERT_EQ(phs_classify(v, 8, PHS_CLASS_FIXED, 0, nan_t, 2, &c, &d),
            PHS_EUSAGE);
  ASSERT_EQ(phs_class_method_parse("targets"), PHS_CLASS_FIXED);
  phs_diag_clear(&d);
}

static void test_manual(void) {
  phs_diag d;
  phs_diag_init(&d);
  phs_classes c;
  /* Bounds 0 50 80 100: [0,50) {10}, [50,80) {50,79.9}, [80,100] {80,100}.
  ** GVF by hand: values 10 50 79.9 80 100, mean 63.98; SDAM =
  ** 53.98^2 + 13.98^2 + 15.92^2 + 16.02^2 + 36.02^2 = 4916.808;
  ** class means 10, 64.95, 90: SDCM = 0 + 2 * 14.95^2 + 2 * 10^2 =
  ** 647.005; GVF = 1 - 647.005 / 4916.808 = 0.868410... */
  double b[] = {0, 50, 80, 100};
  double v[] = {10, 50, 79.9, 80, 100, NAN};
  ASSERT_OK(phs_classify(v, 6, PHS_CLASS_MANUAL, 0, b, 4, &c, &d));
  ASSERT_EQ(c.n, 3);
  for (int i = 0; i <= 3; i++) ASSERT_NEAR(c.breaks[i], b[i], 0);
  ASSERT_EQ(c.counts[0], 1);
  ASSERT_EQ(c.counts[1], 2);
  ASSERT_EQ(c.counts[2], 2);
  ASSERT_EQ(c.n_nodata, 1);
  ASSERT_NEAR(c.gvf, 1 - 647.005 / 4916.808, 1e-9);
  ASSERT_EQ(d.n_warnings, 0);

  /* Values outside the bounds widen the end classes, with a warning each:
  ** {-5, 10, 105, 120} -> bounds -5 50 80 120. */
  double out[] = {-5, 10, 105, 120};
  ASSERT_OK(phs_classify(out, 4, PHS_CLASS_MANUAL, 0, b, 4, &c, &d));
  ASSERT_EQ(c.n, 3);
  ASSERT_NEAR(c.breaks[0], -5, 0);
  ASSERT_NEAR(c.breaks[3], 120, 0);
  ASSERT_EQ(c.counts[0], 2);
  ASSERT_EQ(c.counts[1], 0);
  ASSERT_EQ(c.counts[2], 2);
  ASSERT_EQ(d.n_warnings, 2);
  if (d.n_warnings == 2) {
    ASSERT_CONTAINS(d.warnings[0], "1 value below the first bound 0");
    ASSERT_CONTAINS(d.warnings[1], "2 values above the last bound 100");
  }
  phs_diag_clear(&d);

  /* 2 to 10 bounds, strictly ascending. */
  ASSERT_EQ(phs_classify(v, 6, PHS_CLASS_MANUAL, 0, b, 1, &c, &d),
            PHS_EUSAGE);
  double eleven[11] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  ASSERT_EQ(phs_classify(v, 6, PHS_CLASS_MANUAL, 0, eleven, 11, &c, &d),
            PHS_EUSAGE);
  ASSERT_OK(phs_classify(v, 6, PHS_CLASS_MANUAL, 0, eleven, 10, &c, &d));
  ASSERT_EQ(c.n, 9);
  phs_diag_clear(&d);
}

/* ---------------------------------------------------------------- Jenks
** References computed here, independently of classify.c:
** - brute force: every way to cut the sorted distinct values into k runs
**   (all C(u-1, k-1) cut sets), SDCM summed directly from the values;
** - a plain O(k u^2) dynamic programme (no divide and conquer), SDCM by
**   running sums; it checks the library's faster search on larger inputs;
** - the published PySAL/mapclassify example (California employment
**   density, 58 counties), whose FisherJenks k=5 result is documented. */

/* SDCM of sorted x[0..n-1] cut before the positions cut[0..nc-1]. */
static double sdcm_of_cuts(const double *x, int n, const int *cut, int nc) {
  double total = 0;
  for (int g = 0; g <= nc; g++) {
    int a = g == 0 ? 0 : cut[g - 1], b = g == nc ? n : cut[g];
    double mean = 0;
    for (int i = a; i < b; i++) mean += x[i];
    mean /= b - a;
    for (int i = a; i < b; i++) total += (x[i] - mean) * (x[i] - mean);
  }
  return total;
}

/* SDCM of the library's classes over the values. */
static double sdcm_of_classes(const phs_classes *c, const double *x, int n) {
  double sum[PHS_MAX_CLASSES] = {0}, cnt[PHS_MAX_CLASSES] = {0}, total = 0;
  for (int i = 0; i < n; i++) {
    int k = phs_classes_find(c, x[i]);
    if (k < 0) return NAN;
    sum[k] += x[i];
    cnt[k] += 1;
  }
  for (int i = 0; i < n; i++) {
    int k = phs_classes_find(c, x[i]);
    double dv = x[i] - sum[k] / cnt[k];
    total += dv * dv;
  }
  return total;
}

static int cmp_dbl(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Least SDCM over all cuts of sorted x between distinct values into k
** groups (k <= number of distinct values): brute-force enumeration. */
static double brute_force_sdcm(const double *x, int n, int k) {
  int gaps[64], ng = 0; /* positions i where x[i-1] < x[i] */
  for (int i = 1; i < n; i++)
    if (x[i] > x[i - 1]) gaps[ng++] = i;
  int pick[8], cut[8];
  for (int i = 0; i < k - 1; i++) pick[i] = i;
  double best = INFINITY;
  for (;;) {
    for (int i = 0; i < k - 1; i++) cut[i] = gaps[pick[i]];
    double v = sdcm_of_cuts(x, n, cut, k - 1);
    if (v < best) best = v;
    int i = k - 2; /* next combination of k-1 of the ng gaps */
    while (i >= 0 && pick[i] == ng - (k - 1) + i) i--;
    if (i < 0) break;
    pick[i]++;
    for (int j = i + 1; j < k - 1; j++) pick[j] = pick[j - 1] + 1;
  }
  return best;
}

/* Least SDCM by the plain dynamic programme over distinct values. */
static double plain_dp_sdcm(const double *x, int n, int k) {
  double v[512], w[512];
  int u = 0;
  for (int i = 0; i < n; i++) {
    if (u > 0 && x[i] == v[u - 1]) {
      w[u - 1]++;
      continue;
    }
    v[u] = x[i];
    w[u++] = 1;
  }
  static double D[PHS_MAX_CLASSES + 1][513];
  for (int c = 0; c <= k; c++)
    for (int j = 0; j <= u; j++) D[c][j] = INFINITY;
  D[0][0] = 0;
  for (int c = 1; c <= k; c++)
    for (int j = c; j <= u; j++) {
      double sw = 0, s1 = 0, s2 = 0;
      for (int i = j - 1; i >= c - 1; i--) { /* last group v[i..j-1] */
        sw += w[i];
        s1 += w[i] * v[i];
        s2 += w[i] * v[i] * v[i];
        double ssd = s2 - s1 * s1 / sw;
        if (D[c - 1][i] + ssd < D[c][j]) D[c][j] = D[c - 1][i] + ssd;
      }
    }
  return D[k][u];
}

static unsigned lcg_state = 12345;
static double lcg(void) { /* 0..1, deterministic */
  lcg_state = lcg_state * 1103515245u + 12345u;
  return (lcg_state >> 8) / 16777216.0;
}

static void test_jenks_brute_force(void) {
  phs_diag d;
  phs_diag_init(&d);
  phs_classes c;
  int cases = 0, mismatches = 0;
  for (int rep = 0; rep < 300; rep++) {
    int n = 2 + rep % 11; /* 2..12 */
    double x[12];
    for (int i = 0; i < n; i++) /* half the sets drawn from 0..5: ties */
      x[i] = rep % 2 ? floor(lcg() * 6) : round(lcg() * 1000) / 10;
    qsort(x, (size_t)n, sizeof(double), cmp_dbl);
    int u = 1;
    for (int i = 1; i < n; i++) u += x[i] > x[i - 1];
    for (int k = 1; k <= 4; k++) {
      ASSERT_OK(phs_classify(x, n, PHS_CLASS_JENKS, k, NULL, 0, &c, &d));
      int kk = k < u ? k : u;
      ASSERT_EQ(c.n, kk);
      double got = sdcm_of_classes(&c, x, n);
      double want = brute_force_sdcm(x, n, kk);
      cases++;
      if (!(fabs(got - want) <= 1e-9 * (1 + want))) {
        mismatches++;
        fprintf(stderr, "jenks n=%d k=%d: SDCM %.12g, brute force %.12g\n",
                n, k, got, want);
      }
      /* Every break is a data value; no class is empty. */
      for (int i = 0; i < c.n; i++) ASSERT_TRUE(c.counts[i] > 0);
    }
  }
  ASSERT_EQ(mismatches, 0);
  ASSERT_EQ(cases, 1200);

  /* Against the plain DP on 400 values (ties in half of the sets), every
  ** k: the library's search must reach the same least SDCM. */
  mismatches = 0;
  for (int rep = 0; rep < 12; rep++) {
    double x[400];
    for (int i = 0; i < 400; i++) {
      double r = lcg();
      x[i] = rep % 2 ? floor(r * r * 150) : 100 * r * r * r;
    }
    qsort(x, 400, sizeof(double), cmp_dbl);
    for (int k = 2; k <= PHS_MAX_CLASSES; k++) {
      ASSERT_OK(phs_classify(x, 400, PHS_CLASS_JENKS, k, NULL, 0, &c, &d));
      double got = sdcm_of_classes(&c, x, 400);
      double want = plain_dp_sdcm(x, 400, c.n);
      if (!(fabs(got - want) <= 1e-9 * (1 + want))) {
        mismatches++;
        fprintf(stderr, "jenks n=400 k=%d: SDCM %.12g, plain DP %.12g\n", k,
                got, want);
      }
    }
  }
  ASSERT_EQ(mismatches, 0);
  phs_diag_clear(&d);
}

/* Employment density of 58 California counties, the example data of
** PySAL's mapclassify (load_example()), as listed in riatelab/statsbreaks'
** test data. mapclassify documents FisherJenks(y, k=5) as the classes
** [0.13, 75.29], (75.29, 192.05], (192.05, 370.50], (370.50, 722.85],
** (722.85, 4111.45] with counts 49 3 4 1 1, and HeadTailBreaks as bins
** 125.928, 811.26, 4111.45 with counts 50 7 1 (mean 125.92810344827588). */
static const double calemp[58] = {
    329.92, 0.42,  5.9,    14.03,  2.78,  1.34,   181.27, 1.65,  10.03, 16.7,
    1.32,   3.99,  3.16,   0.22,   8.7,   6.56,   3.27,   0.33,  370.5, 4.51,
    75.29,  0.99,  2.74,   8.68,   0.14,  0.92,   12.63,  28.7,  12.02, 722.85,
    36.68,  0.74,  29.82,  192.05, 3.38,  11.15,  110.74, 4111.45, 49.47,
    10.33,  317.11, 20.47, 264.93, 66.26, 5.39,   0.13,   0.61,  50.65, 40.48,
    36.67,  13.09, 1.81,   0.2,    7.6,   2.51,   57.26,  24.32, 6.97};

static void test_jenks_published(void) {
  phs_diag d;
  phs_diag_init(&d);
  phs_classes c;
  ASSERT_OK(phs_classify(calemp, 58, PHS_CLASS_JENKS, 5, NULL, 0, &c, &d));
  /* The same groups under our closure: each break is the smallest value
  ** of its class, i.e. the value after mapclassify's upper bound:
  ** 75.29 -> 110.74, 192.05 -> 264.93, 370.50 -> 722.85, 722.85 ->
  ** 4111.45; the last class [4111.45, 4111.45] holds the maximum alone. */
  ASSERT_EQ(c.n, 5);
  double want[] = {0.13, 110.74, 264.93, 722.85, 4111.45, 4111.45};
  for (int i = 0; i <= 5; i++) ASSERT_NEAR(c.breaks[i], want[i], 0);
  int counts[] = {49, 3, 4, 1, 1};
  for (int i = 0; i < 5; i++) ASSERT_EQ(c.counts[i], counts[i]);
  ASSERT_EQ(phs_classes_find(&c, 75.29), 0);
  ASSERT_EQ(phs_classes_find(&c, 4111.45), 4);
  /* And brute force over all C(57,4) = 395,010 cut sets agrees. */
  double x[58];
  memcpy(x, calemp, sizeof(x));
  qsort(x, 58, sizeof(double), cmp_dbl);
  ASSERT_NEAR(sdcm_of_classes(&c, x, 58), brute_force_sdcm(x, 58, 5), 1e-6);

  /* Fewer distinct values than k: one class per value, last closed. */
  double few[] = {5, 1, 2, 1};
  ASSERT_OK(phs_classify(few, 4, PHS_CLASS_JENKS, 5, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 3);
  double fb[] = {1, 2, 5, 5};
  for (int i = 0; i <= 3; i++) ASSERT_NEAR(c.breaks[i], fb[i], 0);
  ASSERT_EQ(c.counts[0], 2);
  ASSERT_EQ(c.counts[1], 1);
  ASSERT_EQ(c.counts[2], 1);
  ASSERT_NEAR(c.gvf, 1, 1e-12);
  phs_diag_clear(&d);
}

static void test_headtail(void) {
  phs_diag d;
  phs_diag_init(&d);
  phs_classes c;
  ASSERT_OK(phs_classify(calemp, 58, PHS_CLASS_HEADTAIL, 9, NULL, 0, &c,
                         &d));
  /* mean 125.928 (8 of 58 = 14 % at or above it); mean of those 8 =
  ** (181.27 + 192.05 + 264.93 + 317.11 + 329.92 + 370.5 + 722.85 +
  ** 4111.45) / 8 = 6490.08 / 8 = 811.26 (1 of 8 above); one value left:
  ** stop. */
  ASSERT_EQ(c.n, 3);
  ASSERT_NEAR(c.breaks[0], 0.13, 0);
  ASSERT_NEAR(c.breaks[1], 125.92810344827588, 1e-9);
  ASSERT_NEAR(c.breaks[2], 811.26, 1e-9);
  ASSERT_NEAR(c.breaks[3], 4111.45, 0);
  ASSERT_EQ(c.counts[0], 50);
  ASSERT_EQ(c.counts[1], 7);
  ASSERT_EQ(c.counts[2], 1);
  /* k caps the classes: k = 2 keeps the first split only. */
  ASSERT_OK(phs_classify(calemp, 58, PHS_CLASS_HEADTAIL, 2, NULL, 0, &c,
                         &d));
  ASSERT_EQ(c.n, 2);
  ASSERT_EQ(c.counts[0], 50);
  ASSERT_EQ(c.counts[1], 8);
  /* Not heavy-tailed: 1..10, mean 5.5, head 6..10 = 50 % > 40 %: one
  ** class. */
  double flat[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  ASSERT_OK(phs_classify(flat, 10, PHS_CLASS_HEADTAIL, 5, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 1);
  ASSERT_EQ(c.counts[0], 10);
  /* A value equal to the mean goes to the head, as the closure classes it:
  ** {0,0,0,0,0,0,0,3,3,24}: mean 3, head {3,3,24} = 30 %: break 3; head
  ** mean 10, head {24} = 1 of 3: break 10; one value left. */
  double eq[] = {0, 0, 0, 0, 0, 0, 0, 3, 3, 24};
  ASSERT_OK(phs_classify(eq, 10, PHS_CLASS_HEADTAIL, 9, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 3);
  ASSERT_NEAR(c.breaks[1], 3, 1e-12);
  ASSERT_NEAR(c.breaks[2], 10, 1e-12);
  ASSERT_EQ(c.counts[0], 7);
  ASSERT_EQ(c.counts[1], 2);
  ASSERT_EQ(c.counts[2], 1);
  phs_diag_clear(&d);
}

/* R's pretty(), worked by hand from its algorithm (R_pretty, defaults
** n = k, min.n = k %/% 3, high.u.bias h = 1.5, u5.bias h5 = 2.75): cell =
** (max - min) / k, b = 10^floor(log10(cell)); unit = 2b if 2b - cell <
** h (cell - b), then 5b if 5b - cell < h5 (cell - 2b), then 10b if 10b -
** cell < h (cell - 5b); bounds floor(min / unit) and ceil(max / unit). */
static void test_pretty(void) {
  phs_diag d;
  phs_diag_init(&d);
  phs_classes c;
  /* 0.13..4111.45, k 5: cell 822.26, b 100: 200 - 822 < 1.5 * 722 -> 200;
  ** 500 - 822 < 2.75 * 622 -> 500; 1000 - 822 = 178 < 1.5 * 322 -> 1000.
  ** floor(0.00013) = 0, ceil(4.11) = 5: 0 1000 ... 5000 (R prints the
  ** same for pretty(c(0.13, 4111.45))). */
  ASSERT_OK(phs_classify(calemp, 58, PHS_CLASS_PRETTY, 5, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 5);
  for (int i = 0; i <= 5; i++) ASSERT_NEAR(c.breaks[i], 1000.0 * i, 0);
  ASSERT_EQ(c.counts[0], 57);
  ASSERT_EQ(c.counts[4], 1);
  /* 1..10, k 5: cell 1.8, b 1: 2 - 1.8 < 1.5 * 0.8 -> 2; 5 - 1.8 = 3.2 <
  ** 2.75 * (1.8 - 2) no: unit 2, 0 2 4 6 8 10 (R: pretty(1:10)). */
  double ten[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  ASSERT_OK(phs_classify(ten, 10, PHS_CLASS_PRETTY, 5, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 5);
  for (int i = 0; i <= 5; i++) ASSERT_NEAR(c.breaks[i], 2.0 * i, 0);
  ASSERT_EQ(c.counts[0], 1); /* [0,2) {1} */
  ASSERT_EQ(c.counts[4], 3); /* [8,10] {8,9,10} */
  /* 82..93, k 5: cell 2.2 -> unit 2; floor(41) = 41, ceil(46.5) = 47:
  ** 82 84 ... 94, six classes: more than k, as R gives. */
  double mid[] = {82, 93};
  ASSERT_OK(phs_classify(mid, 2, PHS_CLASS_PRETTY, 5, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 6);
  for (int i = 0; i <= 6; i++) ASSERT_NEAR(c.breaks[i], 82.0 + 2 * i, 0);
  /* 0.12..0.87, k 5: cell 0.15, b 0.1: 0.2 - 0.15 = 0.05 < 1.5 * 0.05 ->
  ** 0.2; 0.5 - 0.15 < 2.75 * (-0.05) no: 0 0.2 0.4 0.6 0.8 1, each the
  ** double nearest the decimal (0.6, not 3 * 0.2 = 0.6000000000000001). */
  double dec[] = {0.12, 0.87};
  ASSERT_OK(phs_classify(dec, 2, PHS_CLASS_PRETTY, 5, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 5);
  double db[] = {0, 0.2, 0.4, 0.6, 0.8, 1.0};
  for (int i = 0; i <= 5; i++) ASSERT_TRUE(c.breaks[i] == db[i]);
  /* -7..13, k 4: cell 5, b 1: 2b, then 5 - 5 = 0 < 2.75 * 3 -> 5, then
  ** 10 - 5 = 5 < 1.5 * 0 no: unit 5; floor(-1.4) = -2, ceil(2.6) = 3:
  ** -10 -5 0 5 10 15. */
  double neg[] = {-7, 13};
  ASSERT_OK(phs_classify(neg, 2, PHS_CLASS_PRETTY, 4, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 5);
  for (int i = 0; i <= 5; i++) ASSERT_NEAR(c.breaks[i], -10.0 + 5 * i, 0);
  /* 0..15, k 5: cell 3, b 1: 2 - 3 < 1.5 * 2 -> 2; 5 - 3 = 2 < 2.75 *
  ** (3 - 2) -> 5 (the u5 bias: with h5 = h = 1.5 it would stay 2); 10 - 3
  ** < 1.5 * (3 - 5) no: 0 5 10 15, three classes (R: pretty(c(0, 15))). */
  double fif[] = {0, 15};
  ASSERT_OK(phs_classify(fif, 2, PHS_CLASS_PRETTY, 5, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 3);
  for (int i = 0; i <= 3; i++) ASSERT_NEAR(c.breaks[i], 5.0 * i, 0);
  /* Percentages 0..100, k 5: cell 20, b 10: 20 - 20 = 0 < 1.5 * 10 -> 20;
  ** 50 - 20 < 2.75 * 0 no: 0 20 40 60 80 100. */
  double pct[] = {0, 37, 100};
  ASSERT_OK(phs_classify(pct, 3, PHS_CLASS_PRETTY, 5, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 5);
  for (int i = 0; i <= 5; i++) ASSERT_NEAR(c.breaks[i], 20.0 * i, 0);
  ASSERT_EQ(c.counts[4], 1); /* 100 in the closed last class */
  phs_diag_clear(&d);
}

static void test_stddev(void) {
  phs_diag d;
  phs_diag_init(&d);
  phs_classes c;
  /* {2,4,4,4,5,5,7,9}: mean 5, population sd 2 (squares 9 1 1 1 0 0 4 16
  ** sum 32, / 8 = 4). k 5: mean +- 0.5 sd = 4, 6; +- 1.5 sd = 2, 8; 2 is
  ** not above the minimum, dropped: [2,4) {2}, [4,6) {4,4,4,5,5},
  ** [6,8) {7}, [8,9] {9}. */
  double v[] = {9, 2, 4, 4, 4, 5, 5, 7};
  ASSERT_OK(phs_classify(v, 8, PHS_CLASS_STDDEV, 5, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 4);
  double b5[] = {2, 4, 6, 8, 9};
  for (int i = 0; i <= 4; i++) ASSERT_NEAR(c.breaks[i], b5[i], 1e-12);
  ASSERT_EQ(c.counts[0], 1);
  ASSERT_EQ(c.counts[1], 5);
  ASSERT_EQ(c.counts[2], 1);
  ASSERT_EQ(c.counts[3], 1);
  /* k 4: mean and +- 1 sd = 3, 5, 7: [2,3) {2}, [3,5) {4,4,4}, [5,7)
  ** {5,5}, [7,9] {7,9}. */
  ASSERT_OK(phs_classify(v, 8, PHS_CLASS_STDDEV, 4, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 4);
  double b4[] = {2, 3, 5, 7, 9};
  for (int i = 0; i <= 4; i++) ASSERT_NEAR(c.breaks[i], b4[i], 1e-12);
  ASSERT_EQ(c.counts[1], 3);
  ASSERT_EQ(c.counts[3], 2);
  /* k 2: the mean: {2,4,4,4} and {5,5,7,9}. GVF by hand: SDAM 32; class
  ** means 3.5 and 6.5, SDCM = (2.25 + 3 * 0.25) + (2 * 2.25 + 0.25 +
  ** 6.25) = 3 + 11 = 14; GVF = 1 - 14/32 = 0.5625. */
  ASSERT_OK(phs_classify(v, 8, PHS_CLASS_STDDEV, 2, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 2);
  ASSERT_NEAR(c.breaks[1], 5, 1e-12);
  ASSERT_NEAR(c.gvf, 0.5625, 1e-12);
  phs_diag_clear(&d);
}

static void test_gvf(void) {
  phs_diag d;
  phs_diag_init(&d);
  phs_classes c;
  /* {1,2,3,10,11,12}, 2 classes {1,2,3} {10,11,12} by equal interval
  ** (break 6.5), Jenks and quantile alike. Mean 6.5; SDAM = 2 * (5.5^2 +
  ** 4.5^2 + 3.5^2) = 125.5; SDCM = 2 + 2 = 4; GVF = 121.5 / 125.5. */
  double v[] = {1, 2, 3, 10, 11, 12};
  const phs_class_method ms[] = {PHS_CLASS_EQUAL, PHS_CLASS_JENKS,
                                 PHS_CLASS_QUANTILE};
  for (int i = 0; i < 3; i++) {
    ASSERT_OK(phs_classify(v, 6, ms[i], 2, NULL, 0, &c, &d));
    ASSERT_EQ(c.n, 2);
    ASSERT_NEAR(c.gvf, 121.5 / 125.5, 1e-12);
  }
  /* k 1: SDCM = SDAM, GVF 0. Equal values or no values: NaN. */
  ASSERT_OK(phs_classify(v, 6, PHS_CLASS_JENKS, 1, NULL, 0, &c, &d));
  ASSERT_NEAR(c.gvf, 0, 1e-12);
  double same[] = {4, 4};
  ASSERT_OK(phs_classify(same, 2, PHS_CLASS_JENKS, 3, NULL, 0, &c, &d));
  ASSERT_TRUE(isnan(c.gvf));
  ASSERT_OK(phs_classify(NULL, 0, PHS_CLASS_EQUAL, 3, NULL, 0, &c, &d));
  ASSERT_TRUE(isnan(c.gvf));
  /* Scale does not change it: the same data times 1e300. */
  double big[6];
  for (int i = 0; i < 6; i++) big[i] = v[i] * 1e300;
  ASSERT_OK(phs_classify(big, 6, PHS_CLASS_JENKS, 2, NULL, 0, &c, &d));
  ASSERT_NEAR(c.gvf, 121.5 / 125.5, 1e-12);
  phs_diag_clear(&d);
}

/* Every method on degenerate and extreme data: no failure, no inverted or
** overlapping range, every finite value in exactly one class. */
static void test_edge_cases(void) {
  phs_diag d;
  phs_diag_init(&d);
  phs_classes c;
  static const double sets[][6] = {
      {NAN, NAN, NAN, NAN, NAN, NAN},
      {7, NAN, NAN, NAN, NAN, NAN},
      {7, 7, 7, NAN, 7, 7},
      {1e300, -1e300, 5, NAN, 0, 1},
      {-DBL_MAX, DBL_MAX, 0, 1, -1, NAN},
      {DBL_MAX, DBL_MAX, 1e308, 1.5e308, NAN, NAN},
      {0, 1e-300, 2e-300, 5e-324, NAN, NAN},
      {1e16, 1e16 + 2, 1e16 + 4, 1e16 + 2, 1e16, NAN},
      {INFINITY, -INFINITY, 3, 4, NAN, 5},
      {0, 0, 0, 0, 0, 100},
  };
  int n_sets = (int)(sizeof(sets) / sizeof(sets[0]));
  const phs_class_method ms[] = {PHS_CLASS_EQUAL,  PHS_CLASS_QUANTILE,
                                 PHS_CLASS_JENKS,  PHS_CLASS_PRETTY,
                                 PHS_CLASS_STDDEV, PHS_CLASS_HEADTAIL};
  for (int s = 0; s < n_sets; s++) {
    int finite = 0, nodata = 0;
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < 6; i++) {
      if (isfinite(sets[s][i])) {
        finite++;
        lo = fmin(lo, sets[s][i]);
        hi = fmax(hi, sets[s][i]);
      } else {
        nodata++;
      }
    }
    for (int mi = 0; mi < 6; mi++)
      for (int k = 1; k <= PHS_MAX_CLASSES; k++) {
        int rc = phs_classify(sets[s], 6, ms[mi], k, NULL, 0, &c, &d);
        ASSERT_OK(rc);
        if (rc) continue;
        ASSERT_EQ(c.n_nodata, nodata);
        if (finite == 0) {
          ASSERT_EQ(c.n, 0);
          continue;
        }
        ASSERT_TRUE(c.n >= 1 && c.n <= PHS_MAX_CLASSES);
        if (lo == hi) ASSERT_EQ(c.n, 1);
        int ok = 1, total = 0;
        for (int i = 0; i <= c.n; i++) ok &= isfinite(c.breaks[i]);
        for (int i = 1; i < c.n; i++) ok &= c.breaks[i] > c.breaks[i - 1];
        ok &= c.breaks[c.n] >= c.breaks[c.n - 1];
        ok &= c.breaks[0] <= lo && c.breaks[c.n] >= hi;
        for (int i = 0; i < 6; i++)
          if (isfinite(sets[s][i])) ok &= phs_classes_find(&c, sets[s][i]) >= 0;
        for (int i = 0; i < c.n; i++) total += c.counts[i];
        ok &= total == finite;
        ok &= isnan(c.gvf) || (c.gvf >= 0 && c.gvf <= 1);
        if (!ok)
          fprintf(stderr, "edge set %d method %s k %d: bad classes\n", s,
                  phs_class_method_name(ms[mi]), k);
        ASSERT_TRUE(ok);
      }
  }
  /* {-1e300, 1e300} in 4 equal classes: width 5e299, no overflow. */
  double wide[] = {-1e300, 1e300};
  ASSERT_OK(phs_classify(wide, 2, PHS_CLASS_EQUAL, 4, NULL, 0, &c, &d));
  ASSERT_EQ(c.n, 4);
  ASSERT_NEAR(c.breaks[1] / 1e300, -0.5, 1e-15);
  ASSERT_NEAR(c.breaks[2], 0, 1e285);
  ASSERT_NEAR(c.breaks[3] / 1e300, 0.5, 1e-15);
  phs_diag_clear(&d);
}

/* The legend shows the closure: "a – < b", the closed last class "a – b",
** and the open ends of targets "< b" and "≥ a". */
static void test_legend_closure(void) {
  phs_diag d;
  phs_diag_init(&d);
  square sq[3];
  phs_map_feature f[3];
  double vals[3] = {70, 85, 99};
  for (int i = 0; i < 3; i++) {
    square_init(&sq[i], i * 1000.0, 0, 1000, 1000);
    f[i].geom = &sq[i].p;
    f[i].value = vals[i];
    f[i].flags = 0;
    f[i].label = NULL;
  }
  phs_map_spec s;
  memset(&s, 0, sizeof(s));
  s.title = "t";
  s.unit = "%";
  s.lang = PHS_LANG_EN;
  s.features = f;
  s.n_features = 3;
  double t[] = {80, 90, 95};
  ASSERT_OK(phs_classify(vals, 3, PHS_CLASS_FIXED, 0, t, 3, &s.classes, &d));
  phs_buf b;
  phs_buf_init(&b);
  ASSERT_OK(phs_map_legend(&s, &b, &d));
  ASSERT_STREQ(b.data, "< 80 %  (1)\n"
                       "80 \xe2\x80\x93 < 90 %  (1)\n"
                       "90 \xe2\x80\x93 < 95 %  (0)\n"
                       "\xe2\x89\xa5 95 %  (1)\n");
  phs_buf_free(&b);
  /* Equal intervals over 70..99, k 2 (break 84.5, 1 decimal). */
  ASSERT_OK(phs_classify(vals, 3, PHS_CLASS_EQUAL, 2, NULL, 0, &s.classes,
                         &d));
  s.decimals = 1;
  phs_buf_init(&b);
  ASSERT_OK(phs_map_legend(&s, &b, &d));
  ASSERT_STREQ(b.data, "70.0 \xe2\x80\x93 < 84.5 %  (1)\n"
                       "84.5 \xe2\x80\x93 99.0 %  (2)\n");
  phs_buf_free(&b);
  phs_diag_clear(&d);
}

static void test_parse_and_palette(void) {
  const char *mnames[] = {"equal",  "quantile", "fixed",    "jenks",
                         "pretty", "stddev",   "headtail", "manual"};
  for (int i = 0; i < 8; i++) {
    ASSERT_EQ(phs_class_method_parse(mnames[i]), i);
    ASSERT_STREQ(phs_class_method_name((phs_class_method)i), mnames[i]);
    ASSERT_CONTAINS(PHS_CLASS_METHOD_NAMES, mnames[i]);
  }
  ASSERT_STREQ(phs_class_method_name((phs_class_method)99), "?");
  ASSERT_EQ(phs_class_method_parse("natural"), -1);
  ASSERT_EQ(phs_class_method_parse("equal"), PHS_CLASS_EQUAL);
  ASSERT_EQ(phs_class_method_parse("quantile"), PHS_CLASS_QUANTILE);
  ASSERT_EQ(phs_class_method_parse("fixed"), PHS_CLASS_FIXED);
  ASSERT_EQ(phs_class_method_parse("Equal"), -1);
  ASSERT_EQ(phs_class_method_parse(NULL), -1);

  /* YlGnBu 5 as published: #ffffcc #a1dab4 #41b6c4 #2c7fb8 #253494. */
  phs_rgb p[9];
  const unsigned char want[5][3] = {{255, 255, 204}, {161, 218, 180},
                                    {65, 182, 196},  {44, 127, 184},
                                    {37, 52, 148}};
  ASSERT_OK(phs_palette("YlGnBu", 5, p));
  for (int i = 0; i < 5; i++) {
    ASSERT_EQ(p[i].r, want[i][0]);
    ASSERT_EQ(p[i].g, want[i][1]);
    ASSERT_EQ(p[i].b, want[i][2]);
  }
  /* NULL is the default, YlGnBu. */
  ASSERT_OK(phs_palette(NULL, 5, p));
  ASSERT_EQ(p[4].b, 148);
  /* Blues 9 ends with #08306b; OrRd 3 starts with #fee8c8. */
  ASSERT_OK(phs_palette("Blues", 9, p));
  ASSERT_EQ(p[8].r, 0x08);
  ASSERT_EQ(p[8].g, 0x30);
  ASSERT_EQ(p[8].b, 0x6b);
  ASSERT_OK(phs_palette("OrRd", 3, p));
  ASSERT_EQ(p[0].g, 0xe8);
  ASSERT_OK(phs_palette("Greens", 4, p));
  ASSERT_EQ(p[3].g, 0x8b); /* #238b45 */
  ASSERT_OK(phs_palette("Purples", 6, p));
  ASSERT_EQ(p[5].r, 0x54); /* #54278f */
  /* 1 and 2 classes come from the 3-class scheme #edf8b1 #7fcdbb #2c7fb8:
  ** the middle one, and the two ends. */
  ASSERT_OK(phs_palette("YlGnBu", 1, p));
  ASSERT_EQ(p[0].r, 0x7f);
  ASSERT_OK(phs_palette("YlGnBu", 2, p));
  ASSERT_EQ(p[0].r, 0xed);
  ASSERT_EQ(p[1].r, 0x2c);
  /* Light to dark in every scheme and size. */
  const char *names[] = {"YlGnBu", "Blues", "Greens", "OrRd", "Purples"};
  for (int s = 0; s < 5; s++)
    for (int n = 1; n <= 9; n++) {
      ASSERT_OK(phs_palette(names[s], n, p));
      for (int i = 1; i < n; i++)
        ASSERT_TRUE(p[i].r + p[i].g + p[i].b < p[i - 1].r + p[i - 1].g +
                                                   p[i - 1].b);
    }
  ASSERT_EQ(phs_palette("Viridis", 5, p), PHS_EUSAGE);
  ASSERT_EQ(phs_palette("YlGnBu", 10, p), PHS_EUSAGE);
  ASSERT_EQ(phs_palette("YlGnBu", 0, p), PHS_EUSAGE);
}

int main(void) {
  test_equal();
  test_quantile();
  test_fixed();
  test_manual();
  test_jenks_brute_force();
  test_jenks_published();
  test_headtail();
  test_pretty();
  test_stddev();
  test_gvf();
  test_edge_cases();
  test_legend_closure();
  test_parse_and_palette();
  return phs_test_report("render_classify");
}
