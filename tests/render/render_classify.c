/*
** render_classify.c: classification (equal, quantile, fixed), the class
** lookup at the breaks, and the ColorBrewer palettes. Every expected value
** is worked out by hand in the comment beside it.
*/
#include <math.h>

#include "phs_render.h"
#include "phs_test.h"

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
  /* Data 70..99: bounds 70 (data min < 80) and 99 (data max > 95):
  ** [70,80) {70}, [80,90) {80,85}, [90,95) {90,94}, [95,99] {95,99}. */
  double v[] = {70, 80, 85, 90, 94, 95, 99, NAN};
  ASSERT_OK(phs_classify(v, 8, PHS_CLASS_FIXED, 0, t, 3, &c, &d));
  ASSERT_EQ(c.n, 4);
  double b[] = {70, 80, 90, 95, 99};
  for (int i = 0; i <= 4; i++) ASSERT_NEAR(c.breaks[i], b[i], 0);
  ASSERT_EQ(c.counts[0], 1);
  ASSERT_EQ(c.counts[1], 2);
  ASSERT_EQ(c.counts[2], 2);
  ASSERT_EQ(c.counts[3], 2);
  ASSERT_EQ(c.n_nodata, 1);

  /* Interval closure at the breaks 70 80 90 95 99. */
  ASSERT_EQ(phs_classes_find(&c, 70), 0);
  ASSERT_EQ(phs_classes_find(&c, 79.999), 0);
  ASSERT_EQ(phs_classes_find(&c, 80), 1);
  ASSERT_EQ(phs_classes_find(&c, 90), 2);
  ASSERT_EQ(phs_classes_find(&c, 95), 3);
  ASSERT_EQ(phs_classes_find(&c, 99), 3); /* last class closed */
  ASSERT_EQ(phs_classes_find(&c, 99.001), -1);
  ASSERT_EQ(phs_classes_find(&c, 69.999), -1);
  ASSERT_EQ(phs_classes_find(&c, NAN), -1);
  ASSERT_EQ(phs_classes_find(NULL, 80), -1);

  /* Data 82..93 inside the thresholds: bounds 80 and 95, so [80,80) and
  ** [95,95] would be degenerate and are dropped: [80,90) {82}, [90,95] {93}.
  ** 95 itself still has a class (the last one is closed). */
  double inner[] = {82, 93};
  ASSERT_OK(phs_classify(inner, 2, PHS_CLASS_FIXED, 0, t, 3, &c, &d));
  ASSERT_EQ(c.n, 2);
  ASSERT_NEAR(c.breaks[0], 80, 0);
  ASSERT_NEAR(c.breaks[1], 90, 0);
  ASSERT_NEAR(c.breaks[2], 95, 0);
  ASSERT_EQ(c.counts[0], 1);
  ASSERT_EQ(c.counts[1], 1);
  ASSERT_EQ(phs_classes_find(&c, 95), 1);

  /* Data 80 and 85: bounds 80 and 95; [80,80) is dropped, [90,95] is kept
  ** although empty, because its bounds differ: [80,90) {80,85}, [90,95] {}. */
  double low[] = {80, 85};
  ASSERT_OK(phs_classify(low, 2, PHS_CLASS_FIXED, 0, t, 3, &c, &d));
  ASSERT_EQ(c.n, 2);
  ASSERT_EQ(c.counts[0], 2);
  ASSERT_EQ(c.counts[1], 0);

  /* Unsorted or repeated thresholds are usage errors. */
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
  phs_diag_clear(&d);
}

static void test_parse_and_palette(void) {
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
  test_parse_and_palette();
  return phs_test_report("render_classify");
}
