/*
** geo_mpoly.c: multipolygon building, copying, exact point location,
** planar and geodesic areas, and the representative point, against answers
** worked out by hand (see the comments next to each expected value).
*/
#include <math.h>
#include <stdlib.h>

#include "phs_geo.h"
#include "phs_test.h"

static const double unit_sq[] = {0, 0, 1, 0, 1, 1, 0, 1};
/* 10 x 10 square with a 2 x 2 hole at [2,4] x [2,4] (hole clockwise). */
static const double big_sq[] = {0, 0, 10, 0, 10, 10, 0, 10};
static const double hole_cw[] = {2, 2, 2, 4, 4, 4, 4, 2};
static const double hole_ccw[] = {2, 2, 4, 2, 4, 4, 2, 4};

static void test_unit_square(void) {
  phs_mpoly p;
  phs_mpoly_init(&p);
  ASSERT_TRUE(phs_mpoly_is_empty(&p));
  ASSERT_TRUE(p.minx > p.maxx);
  ASSERT_OK(phs_mpoly_add_ring(&p, unit_sq, 4, 0));
  ASSERT_TRUE(!phs_mpoly_is_empty(&p));
  ASSERT_EQ(p.n_rings, 1);
  ASSERT_NEAR(p.minx, 0, 0);
  ASSERT_NEAR(p.maxy, 1, 0);
  ASSERT_EQ(phs_mpoly_locate(&p, 0.5, 0.5), PHS_LOC_INSIDE);
  ASSERT_EQ(phs_mpoly_locate(&p, 1.5, 0.5), PHS_LOC_OUTSIDE);
  ASSERT_EQ(phs_mpoly_locate(&p, -0.5, 0.5), PHS_LOC_OUTSIDE);
  ASSERT_EQ(phs_mpoly_locate(&p, 0.5, 0.0), PHS_LOC_BOUNDARY);  /* bottom edge */
  ASSERT_EQ(phs_mpoly_locate(&p, 1.0, 0.25), PHS_LOC_BOUNDARY); /* right edge */
  ASSERT_EQ(phs_mpoly_locate(&p, 0.5, 1.0), PHS_LOC_BOUNDARY);  /* top edge */
  ASSERT_EQ(phs_mpoly_locate(&p, 0.0, 0.75), PHS_LOC_BOUNDARY); /* closing edge */
  ASSERT_EQ(phs_mpoly_locate(&p, 0.0, 0.0), PHS_LOC_BOUNDARY);  /* vertices */
  ASSERT_EQ(phs_mpoly_locate(&p, 1.0, 1.0), PHS_LOC_BOUNDARY);
  ASSERT_EQ(phs_mpoly_locate(&p, 1.0, 0.0), PHS_LOC_BOUNDARY);
  ASSERT_EQ(phs_mpoly_locate(&p, 0.5, 1e-300), PHS_LOC_INSIDE);
  ASSERT_EQ(phs_mpoly_locate(&p, 0.5, -1e-300), PHS_LOC_OUTSIDE);
  ASSERT_EQ(phs_mpoly_locate(&p, NAN, 0.5), PHS_LOC_OUTSIDE);
  ASSERT_NEAR(phs_mpoly_planar_area(&p), 1.0, 0);
  double cx, cy;
  ASSERT_OK(phs_mpoly_centroid(&p, &cx, &cy));
  ASSERT_NEAR(cx, 0.5, 1e-15);
  ASSERT_NEAR(cy, 0.5, 1e-15);
  phs_mpoly_free(&p);
  ASSERT_TRUE(phs_mpoly_is_empty(&p));
  phs_mpoly_free(NULL);
  ASSERT_EQ(phs_mpoly_centroid(&p, &cx, &cy), PHS_ERUNTIME);
}

static void test_square_with_hole(const double *hole) {
  phs_mpoly p;
  phs_mpoly_init(&p);
  ASSERT_OK(phs_mpoly_add_ring(&p, big_sq, 4, 0));
  ASSERT_OK(phs_mpoly_add_ring(&p, hole, 4, 1));
  ASSERT_EQ(p.n_rings, 2);
  ASSERT_EQ(p.ring_hole[1], 1);
  ASSERT_EQ(phs_mpoly_locate(&p, 1, 1), PHS_LOC_INSIDE);
  ASSERT_EQ(phs_mpoly_locate(&p, 3, 3), PHS_LOC_OUTSIDE);  /* in the hole */
  ASSERT_EQ(phs_mpoly_locate(&p, 3, 2), PHS_LOC_BOUNDARY); /* hole edge */
  ASSERT_EQ(phs_mpoly_locate(&p, 4, 3), PHS_LOC_BOUNDARY); /* hole edge */
  ASSERT_EQ(phs_mpoly_locate(&p, 2, 2), PHS_LOC_BOUNDARY); /* hole vertex */
  ASSERT_EQ(phs_mpoly_locate(&p, 4, 4), PHS_LOC_BOUNDARY); /* hole vertex */
  ASSERT_EQ(phs_mpoly_locate(&p, 10, 5), PHS_LOC_BOUNDARY); /* outer edge */
  /* Collinear with a hole edge but beyond its extent: not on the boundary. */
  ASSERT_EQ(phs_mpoly_locate(&p, 5, 2), PHS_LOC_INSIDE);
  ASSERT_EQ(phs_mpoly_locate(&p, 1, 2), PHS_LOC_INSIDE);
  /* Rays through the hole (two crossings) and along its horizontal edges. */
  ASSERT_EQ(phs_mpoly_locate(&p, 1, 3), PHS_LOC_INSIDE);
  ASSERT_EQ(phs_mpoly_locate(&p, 1, 4), PHS_LOC_INSIDE);
  ASSERT_EQ(phs_mpoly_locate(&p, 3, 11), PHS_LOC_OUTSIDE);
  ASSERT_EQ(phs_mpoly_locate(&p, 11, 2), PHS_LOC_OUTSIDE);
  /* 10*10 - 2*2 = 96, whatever the hole's orientation. */
  ASSERT_NEAR(phs_mpoly_planar_area(&p), 96.0, 0);
  /* The centroid of the largest outer ring: (5, 5). */
  double cx, cy;
  ASSERT_OK(phs_mpoly_centroid(&p, &cx, &cy));
  ASSERT_NEAR(cx, 5, 1e-12);
  ASSERT_NEAR(cy, 5, 1e-12);

  /* Deep copy over a non-empty destination. */
  phs_mpoly q;
  phs_mpoly_init(&q);
  ASSERT_OK(phs_mpoly_add_ring(&q, unit_sq, 4, 0));
  ASSERT_OK(phs_mpoly_copy(&q, &p));
  ASSERT_EQ(q.n_rings, 2);
  ASSERT_TRUE(q.xy != p.xy);
  ASSERT_EQ(memcmp(q.xy, p.xy, sizeof(double) * 16), 0);
  ASSERT_EQ(q.ring_start[2], 8);
  ASSERT_NEAR(q.maxx, 10, 0);
  ASSERT_NEAR(phs_mpoly_planar_area(&q), 96.0, 0);
  ASSERT_EQ(phs_mpoly_locate(&q, 3, 3), PHS_LOC_OUTSIDE);
  /* Rings can still be added to a copy. */
  ASSERT_OK(phs_mpoly_add_ring(&q, unit_sq, 4, 0));
  ASSERT_NEAR(phs_mpoly_planar_area(&q), 97.0, 0);
  phs_mpoly_free(&q);
  phs_mpoly empty;
  phs_mpoly_init(&empty);
  ASSERT_OK(phs_mpoly_copy(&q, &empty));
  ASSERT_TRUE(phs_mpoly_is_empty(&q));
  phs_mpoly_free(&q);
  phs_mpoly_free(&p);
}

static void test_sloped_and_closed(void) {
  /* Triangle (0,0) (4,0) (0,4), with a repeated closing vertex. */
  static const double tri[] = {0, 0, 4, 0, 0, 4, 0, 0};
  phs_mpoly p;
  phs_mpoly_init(&p);
  ASSERT_OK(phs_mpoly_add_ring(&p, tri, 4, 0));
  /* (2,2) is on the hypotenuse: (0-4)*(2-0) - (4-0)*(2-4) = -8 + 8 = 0. */
  ASSERT_EQ(phs_mpoly_locate(&p, 2, 2), PHS_LOC_BOUNDARY);
  ASSERT_EQ(phs_mpoly_locate(&p, 1, 3), PHS_LOC_BOUNDARY);
  ASSERT_EQ(phs_mpoly_locate(&p, 1, 1), PHS_LOC_INSIDE);
  ASSERT_EQ(phs_mpoly_locate(&p, 2.5, 2.5), PHS_LOC_OUTSIDE);
  ASSERT_EQ(phs_mpoly_locate(&p, 3, 1.0000001), PHS_LOC_OUTSIDE);
  ASSERT_EQ(phs_mpoly_locate(&p, 3, 0.9999999), PHS_LOC_INSIDE);
  /* 4*4/2 = 8; centroid (4/3, 4/3). */
  ASSERT_NEAR(phs_mpoly_planar_area(&p), 8.0, 0);
  double cx, cy;
  ASSERT_OK(phs_mpoly_centroid(&p, &cx, &cy));
  ASSERT_NEAR(cx, 4.0 / 3, 1e-12);
  ASSERT_NEAR(cy, 4.0 / 3, 1e-12);
  /* Large projected coordinates: a 1 m square at UTM-like offsets. */
  phs_mpoly u;
  phs_mpoly_init(&u);
  double sq[8];
  for (int i = 0; i < 4; i++) {
    sq[2 * i] = unit_sq[2 * i] + 718889.0;
    sq[2 * i + 1] = unit_sq[2 * i + 1] + 1161391.0;
  }
  ASSERT_OK(phs_mpoly_add_ring(&u, sq, 4, 0));
  ASSERT_NEAR(phs_mpoly_planar_area(&u), 1.0, 0);
  phs_mpoly_free(&u);
  ASSERT_EQ(phs_mpoly_add_ring(&p, NULL, -1, 0), PHS_EUSAGE);
  phs_mpoly_free(&p);
}

static void test_many_rings(void) {
  /* 1000 unit squares side by side: exercises the growth of every array. */
  phs_mpoly p;
  phs_mpoly_init(&p);
  for (int k = 0; k < 1000; k++) {
    double sq[8];
    for (int i = 0; i < 4; i++) {
      sq[2 * i] = unit_sq[2 * i] + 2 * k;
      sq[2 * i + 1] = unit_sq[2 * i + 1];
    }
    ASSERT_OK(phs_mpoly_add_ring(&p, sq, 4, 0));
  }
  ASSERT_EQ(p.n_rings, 1000);
  ASSERT_NEAR(phs_mpoly_planar_area(&p), 1000.0, 0);
  ASSERT_EQ(phs_mpoly_locate(&p, 1500.5, 0.5), PHS_LOC_INSIDE);
  ASSERT_EQ(phs_mpoly_locate(&p, 1501.5, 0.5), PHS_LOC_OUTSIDE);
  ASSERT_NEAR(p.maxx, 1999, 0);
  phs_mpoly_free(&p);
}

static void test_geodesic(void) {
  /*
  ** The 1 deg x 1 deg cell lon [0,1], lat [0,1] on WGS 84. Its sides are
  ** geodesics: two meridians, the equator, and the geodesic from (1N, 0E)
  ** to (1N, 1E), which bulges 4.26 m poleward of the parallel (lat
  ** 1.0000383 deg at its middle). Independent reference: the ellipsoid's
  ** area element integrated over the cell,
  **   A = integral over lon of F(lat_top(lon)) dlon,
  **   F(phi) = b^2/2 [sin phi / (1 - e^2 sin^2 phi)
  **                   + ln((1 + e sin phi)/(1 - e sin phi)) / (2e)],
  ** with lat_top sampled at 2001 points from `geod +ellps=WGS84 +lat_1=1
  ** +lon_1=0 +lat_2=1 +lon_2=1 +n_S=2000` (trapezoid rule):
  **   A = 12,308,778,361.4 m^2   (the band to the parallel alone is
  **   12,308,463,894.0 m^2, the bulge adds 314,467 m^2).
  ** Karney's algorithm is accurate to ~1e-15 relative; the quadrature's own
  ** error is far below 1 m^2, so 5 m^2 (4e-10 relative) is a fair bound.
  */
  const double expected = 12308778361.4;
  static const double cell[] = {0, 0, 1, 0, 1, 1, 0, 1};
  static const double cell_cw_closed[] = {0, 0, 0, 1, 1, 1, 1, 0, 0, 0};
  phs_mpoly p;
  phs_mpoly_init(&p);
  ASSERT_OK(phs_mpoly_add_ring(&p, cell, 4, 0));
  ASSERT_NEAR(phs_mpoly_geodesic_area(&p), expected, 5.0);
  phs_mpoly_free(&p);
  ASSERT_OK(phs_mpoly_add_ring(&p, cell_cw_closed, 5, 0));
  ASSERT_NEAR(phs_mpoly_geodesic_area(&p), expected, 5.0);
  /* Outer [0,2]^2 minus hole [0,1]^2 = A(outer) - A(cell). */
  static const double outer[] = {0, 0, 2, 0, 2, 2, 0, 2};
  phs_mpoly o, h;
  phs_mpoly_init(&o);
  phs_mpoly_init(&h);
  ASSERT_OK(phs_mpoly_add_ring(&o, outer, 4, 0));
  ASSERT_OK(phs_mpoly_add_ring(&h, outer, 4, 0));
  ASSERT_OK(phs_mpoly_add_ring(&h, cell, 4, 1));
  ASSERT_NEAR(phs_mpoly_geodesic_area(&h),
              phs_mpoly_geodesic_area(&o) - expected, 10.0);
  phs_mpoly_free(&o);
  phs_mpoly_free(&h);
  phs_mpoly_free(&p);
}

int main(void) {
  test_unit_square();
  test_square_with_hole(hole_cw);
  test_square_with_hole(hole_ccw);
  test_sloped_and_closed();
  test_many_rings();
  test_geodesic();
  return phs_test_report("geo_mpoly");
}
