/*
** geo_label_point.c: phs_mpoly_label_point, the pole of inaccessibility.
** Every expected point and distance is worked out by hand (the comment of
** each case shows how): the largest circle inside a rectangle, a U shape
** whose centroid falls in its notch, a square with a hole over its
** centroid, two parts of different size.
*/
#include <math.h>
#include <stdlib.h>

#include "phs_geo.h"
#include "phs_test.h"

static void ring(phs_mpoly *p, const double *xy, int n, int hole) {
  ASSERT_OK(phs_mpoly_add_ring(p, xy, n, hole));
}

static void test_rectangle(void) {
  /* 40 x 10: the largest inscribed circle has radius 5, its centre
  ** anywhere on y = 5 with 5 <= x <= 35. */
  phs_mpoly p;
  phs_mpoly_init(&p);
  double r[] = {0, 0, 40, 0, 40, 10, 0, 10};
  ring(&p, r, 4, 0);
  double x, y, d;
  ASSERT_OK(phs_mpoly_label_point(&p, 0.01, &x, &y, &d));
  ASSERT_TRUE(d >= 5 - 0.01 && d <= 5 + 1e-12);
  ASSERT_NEAR(y, 5, 0.011);
  ASSERT_TRUE(x >= 5 - 0.011 && x <= 35 + 0.011);
  phs_mpoly_free(&p);
}

static void test_u_shape(void) {
  /* The square [0,30]^2 less the notch [10,20] x [10,30]: area 900 - 200
  ** = 700, centroid x = 15, y = (900*15 - 200*20) / 700 = 13.571, inside
  ** the notch, so outside the polygon. The largest circle sits in a lower
  ** corner, touching the outer walls and the notch's corner (10, 10): at
  ** (c, c) with c = sqrt(2) (10 - c), c = 10 sqrt(2) / (1 + sqrt(2)) =
  ** 10 (2 - sqrt(2)) = 5.8579 (or mirrored at x = 30 - c). The arms and
  ** the bar are 10 wide: radius 5 elsewhere. */
  phs_mpoly p;
  phs_mpoly_init(&p);
  double u[] = {0, 0, 30, 0, 30, 30, 20, 30, 20, 10, 10, 10, 10, 30, 0, 30};
  ring(&p, u, 8, 0);
  double cx, cy;
  ASSERT_OK(phs_mpoly_centroid(&p, &cx, &cy));
  ASSERT_NEAR(cx, 15, 1e-9);
  ASSERT_NEAR(cy, 9500.0 / 700, 1e-9);
  ASSERT_EQ(phs_mpoly_locate(&p, cx, cy), PHS_LOC_OUTSIDE);

  double x, y, d, c = 10 * (2 - sqrt(2));
  ASSERT_OK(phs_mpoly_label_point(&p, 0.01, &x, &y, &d));
  ASSERT_EQ(phs_mpoly_locate(&p, x, y), PHS_LOC_INSIDE);
  PHS_CHECK_(d >= c - 0.01 && d <= c + 1e-9, "distance %.6f, want %.6f", d,
             c);
  PHS_CHECK_(fabs(y - c) < 0.2 && (fabs(x - c) < 0.2 || fabs(x - (30 - c)) < 0.2),
             "label point (%.4f, %.4f), want (%.4f, %.4f) or mirrored", x, y,
             c, c);
  phs_mpoly_free(&p);
}

static void test_hole(void) {
  /* [0,10]^2 with the hole [3,7]^2 over the centroid (5, 5). The band
  ** around the hole is 3 wide (radius 1.5), but a corner holds more: the
  ** circle at (c, c) touching both walls and the hole's corner (3, 3),
  ** c = sqrt(2) (3 - c), c = 3 (2 - sqrt(2)) = 1.7574 (any of 4 corners). */
  phs_mpoly p;
  phs_mpoly_init(&p);
  double outer[] = {0, 0, 10, 0, 10, 10, 0, 10};
  double hole[] = {3, 3, 3, 7, 7, 7, 7, 3};
  ring(&p, outer, 4, 0);
  ring(&p, hole, 4, 1);
  double x, y, d, c = 3 * (2 - sqrt(2));
  ASSERT_OK(phs_mpoly_label_point(&p, 0.001, &x, &y, &d));
  ASSERT_EQ(phs_mpoly_locate(&p, x, y), PHS_LOC_INSIDE);
  PHS_CHECK_(d >= c - 0.001 && d <= c + 1e-9, "distance %.6f, want %.6f", d,
             c);
  double ex = x < 5 ? c : 10 - c, ey = y < 5 ? c : 10 - c;
  PHS_CHECK_(fabs(x - ex) < 0.05 && fabs(y - ey) < 0.05,
             "label point (%.4f, %.4f) not at a corner's circle", x, y);
  phs_mpoly_free(&p);
}

static void test_parts_and_errors(void) {
  /* A 2 x 2 islet and a 10 x 10 square: the big square's centre (15, 5),
  ** radius 5. */
  phs_mpoly p;
  phs_mpoly_init(&p);
  double small[] = {0, 0, 2, 0, 2, 2, 0, 2};
  double big[] = {10, 0, 20, 0, 20, 10, 10, 10};
  ring(&p, small, 4, 0);
  ring(&p, big, 4, 0);
  double x, y, d;
  ASSERT_OK(phs_mpoly_label_point(&p, 0.01, &x, &y, &d));
  ASSERT_NEAR(x, 15, 0.02);
  ASSERT_NEAR(y, 5, 0.02);
  ASSERT_TRUE(d >= 4.99 && d <= 5);
  /* precision 0: a hundredth of the bbox's smaller side (10 / 100). */
  ASSERT_OK(phs_mpoly_label_point(&p, 0, &x, &y, &d));
  ASSERT_TRUE(d >= 4.9 && d <= 5);
  phs_mpoly_free(&p);

  /* No vertex, or no area (collinear): an error, the bbox centre. */
  phs_mpoly e;
  phs_mpoly_init(&e);
  ASSERT_EQ(phs_mpoly_label_point(&e, 1, &x, &y, &d), PHS_ERUNTIME);
  double line[] = {0, 0, 4, 0, 8, 0};
  ring(&e, line, 3, 0);
  ASSERT_EQ(phs_mpoly_label_point(&e, 1, &x, &y, &d), PHS_ERUNTIME);
  ASSERT_NEAR(x, 4, 0);
  ASSERT_NEAR(y, 0, 0);
  phs_mpoly_free(&e);
}

int main(void) {
  test_rectangle();
  test_u_shape();
  test_hole();
  test_parts_and_errors();
  return phs_test_report("geo_label_point");
}
