/*
** geo_footprint.c: circle coverage of points and the covered fraction of
** polygons on an aligned grid, against counts worked out by hand.
*/
#include <math.h>
#include <stdlib.h>

#include "phs_geo.h"
#include "phs_test.h"

static void square(phs_mpoly *p, double x0, double y0, double x1, double y1) {
  double xy[] = {x0, y0, x1, y0, x1, y1, x0, y1};
  phs_mpoly_init(p);
  ASSERT_OK(phs_mpoly_add_ring(p, xy, 4, 0));
}

static void test_covers(void) {
  phs_circle c[] = {{0, 0, 5, 0, 0, 0}, {100, 0, 10, 1, 0, 0}, {3, 0, 2, 1, 0, 0}};
  phs_circle_set *s = phs_circle_set_new(c, 3, 2);
  ASSERT_TRUE(s != NULL);
  unsigned char hits[2] = {9, 9};
  /* 3^2 + 4^2 = 25 = 5^2: on the circle counts as covered. */
  ASSERT_EQ(phs_circle_set_covers(s, 3, 4, hits), 1);
  ASSERT_EQ(hits[0], 1);
  ASSERT_EQ(hits[1], 0);
  ASSERT_EQ(phs_circle_set_covers(s, 3, 4.0001, hits), 0);
  ASSERT_EQ(hits[0], 0);
  /* (4, 0) is in circle 0 (group 0) and circle 2 (group 1). */
  ASSERT_EQ(phs_circle_set_covers(s, 4, 0, hits), 1);
  ASSERT_TRUE(hits[0] == 1 && hits[1] == 1);
  ASSERT_EQ(phs_circle_set_covers(s, 105, 5, hits), 1); /* 50 <= 100 */
  ASSERT_TRUE(hits[0] == 0 && hits[1] == 1);
  ASSERT_EQ(phs_circle_set_covers(s, 50, 0, NULL), 0);
  ASSERT_EQ(phs_circle_set_covers(s, -1000, 0, hits), 0); /* off the grid */
  ASSERT_TRUE(hits[0] == 0 && hits[1] == 0);
  ASSERT_EQ(phs_circle_set_covers(s, NAN, 0, NULL), 0);
  phs_circle_set_free(s);
  phs_circle_set_free(NULL);

  /* A group outside 0..n_groups-1 is refused. */
  phs_circle bad = {0, 0, 1, 2, 0, 0};
  ASSERT_TRUE(phs_circle_set_new(&bad, 1, 2) == NULL);

  /* No circles: nothing covered. */
  s = phs_circle_set_new(NULL, 0, 2);
  ASSERT_TRUE(s != NULL);
  ASSERT_EQ(phs_circle_set_covers(s, 0, 0, hits), 0);
  phs_circle_set_free(s);
}

static void test_fractions(void) {
  phs_mpoly sq;
  square(&sq, 0, 0, 1000, 1000);
  double any, grp[2];
  long n;

  /* Cell 10 m: centres 5, 15, ..., 995 -> 100 x 100 = 10000 cells. */
  /* Fully covered: the farthest corner is 500*sqrt(2) = 707 m < 1000 m. */
  phs_circle full = {500, 500, 1000, 0, 0, 0};
  phs_circle_set *s = phs_circle_set_new(&full, 1, 1);
  ASSERT_OK(phs_circle_set_area_fraction(s, &sq, 10, &any, grp, &n));
  ASSERT_EQ(n, 10000);
  ASSERT_NEAR(any, 1.0, 0);
  ASSERT_NEAR(grp[0], 1.0, 0);
  phs_circle_set_free(s);

  /*
  ** Half: a circle of radius 1e7 centred 1e7 m west of x = 500. Its edge
  ** bends west by at most 500^2 / (2e7) = 0.0125 m over the square, so the
  ** covered centres are x = 5..495: 50 of 100 columns, exactly 0.5 (the
  ** brief's tolerance, one cell column = 1/100, is not even needed).
  ** Group 1: a circle of radius 1e7 centred 1e7 m south of y = 250 covers
  ** rows y = 5..245: 25 rows, 0.25. Any: 0.5 + 0.25 - 0.5 * 0.25 = 0.625.
  */
  phs_circle two[] = {{500 - 1e7, 500, 1e7, 0, 0, 0}, {500, 250 - 1e7, 1e7, 1, 0, 0}};
  s = phs_circle_set_new(two, 1, 1);
  ASSERT_OK(phs_circle_set_area_fraction(s, &sq, 10, &any, NULL, &n));
  ASSERT_NEAR(any, 0.5, 1.0 / 100);
  ASSERT_NEAR(any, 0.5, 0);
  phs_circle_set_free(s);
  s = phs_circle_set_new(two, 2, 2);
  ASSERT_OK(phs_circle_set_area_fraction(s, &sq, 10, &any, grp, &n));
  ASSERT_EQ(n, 10000);
  ASSERT_NEAR(grp[0], 0.5, 0);
  ASSERT_NEAR(grp[1], 0.25, 0);
  ASSERT_NEAR(any, 0.625, 0);
  phs_circle_set_free(s);

  /*
  ** A circle of radius 100 in the middle: pi * 100^2 / 1000^2 = 0.0314159.
  ** The centres it covers are (500 +- 5 +- 10k, ...); a lattice count
  ** differs from the area by about the perimeter * cell / 4 / area at
  ** most, ~ 2.5 %, and in practice < 1 %: 2 % tolerance, relative.
  */
  phs_circle mid = {500, 500, 100, 0, 0, 0};
  s = phs_circle_set_new(&mid, 1, 1);
  ASSERT_OK(phs_circle_set_area_fraction(s, &sq, 10, &any, grp, &n));
  ASSERT_NEAR(any, M_PI * 1e4 / 1e6, 0.02 * M_PI * 1e4 / 1e6);
  ASSERT_NEAR(grp[0], any, 0);
  /* At 1 m cells: 1e6 cells, much closer (0.2 %). */
  ASSERT_OK(phs_circle_set_area_fraction(s, &sq, 1, &any, NULL, &n));
  ASSERT_EQ(n, 1000000);
  ASSERT_NEAR(any, M_PI * 1e4 / 1e6, 0.002 * M_PI * 1e4 / 1e6);
  phs_circle_set_free(s);
  phs_mpoly_free(&sq);
}

static void test_cells(void) {
  double any, grp[1];
  long n;
  phs_circle none = {0, 0, 1, 0, 0, 0};
  phs_circle_set *s = phs_circle_set_new(&none, 1, 1);

  /* Grid aligned to multiples of the cell, not to the bbox: [3,1003] x
  ** [0,1000] still holds centres x = 5..995 (1005 > 1003): 10000 cells. */
  phs_mpoly p;
  square(&p, 3, 0, 1003, 1000);
  ASSERT_OK(phs_circle_set_area_fraction(s, &p, 10, &any, grp, &n));
  ASSERT_EQ(n, 10000);
  ASSERT_NEAR(any, 0, 0);
  phs_mpoly_free(&p);

  /* A hole [200,400]^2 removes centres 205..395: 20 x 20 = 400 cells. */
  square(&p, 0, 0, 1000, 1000);
  double hole[] = {200, 200, 200, 400, 400, 400, 400, 200};
  ASSERT_OK(phs_mpoly_add_ring(&p, hole, 4, 1));
  ASSERT_OK(phs_circle_set_area_fraction(s, &p, 10, &any, grp, &n));
  ASSERT_EQ(n, 9600);
  phs_mpoly_free(&p);

  /* Triangle (0,0) (1000,0) (0,1000): centres (5+10i, 5+10j) with
  ** x + y <= 1000, i.e. i + j <= 99 (on the hypotenuse counts):
  ** 100 + 99 + ... + 1 = 5050 cells. */
  double tri[] = {0, 0, 1000, 0, 0, 1000};
  phs_mpoly_init(&p);
  ASSERT_OK(phs_mpoly_add_ring(&p, tri, 3, 0));
  ASSERT_OK(phs_circle_set_area_fraction(s, &p, 10, &any, grp, &n));
  ASSERT_EQ(n, 5050);
  phs_mpoly_free(&p);

  /* A notch whose vertex (100, 505) and end points sit on row centres:
  ** (0,5) (1000,5) (1000,1005) (0,1005) (100,505). Rows y = 5 + 10j,
  ** j = 0..99, run from x_L = 100 - 2|j - 50| to 1000: 100 - ceil((x_L -
  ** 5) / 10) cells each, 9500 in all (about 100 * 100 - 1000 * 100 / 2 /
  ** 100). The top row y = 1005 only touches the boundary (half-open rule:
  ** no cells). */
  double notch[] = {0, 5, 1000, 5, 1000, 1005, 0, 1005, 100, 505};
  phs_mpoly_init(&p);
  ASSERT_OK(phs_mpoly_add_ring(&p, notch, 5, 0));
  ASSERT_OK(phs_circle_set_area_fraction(s, &p, 10, &any, grp, &n));
  ASSERT_EQ(n, 9500);
  phs_mpoly_free(&p);

  /* Smaller than a cell: [1,4]^2 holds no centre (they sit at 5, 15, ..),
  ** so its centroid (2.5, 2.5) decides: inside the circle r = 5 at the
  ** origin (3.54 m away) -> 1, outside the unit circle -> 0. */
  square(&p, 1, 1, 4, 4);
  ASSERT_OK(phs_circle_set_area_fraction(s, &p, 10, &any, grp, &n));
  ASSERT_EQ(n, 0);
  ASSERT_NEAR(any, 0, 0);
  phs_circle_set_free(s);
  phs_circle five = {0, 0, 5, 0, 0, 0};
  s = phs_circle_set_new(&five, 1, 1);
  ASSERT_OK(phs_circle_set_area_fraction(s, &p, 10, &any, grp, &n));
  ASSERT_EQ(n, 0);
  ASSERT_NEAR(any, 1, 0);
  ASSERT_NEAR(grp[0], 1, 0);

  /* Bad cell size, empty polygon. */
  ASSERT_EQ(phs_circle_set_area_fraction(s, &p, 0, &any, grp, &n), PHS_EUSAGE);
  phs_mpoly_free(&p);
  ASSERT_OK(phs_circle_set_area_fraction(s, &p, 10, &any, grp, &n));
  ASSERT_EQ(n, 0);
  ASSERT_NEAR(any, 0, 0);
  phs_circle_set_free(s);
}

static void test_many(void) {
  /* 2000 small circles of mixed radii on a line: covers() must agree with
  ** a brute-force scan. */
  enum { N = 2000 };
  phs_circle *c = malloc(sizeof(*c) * N);
  for (int k = 0; k < N; k++) {
    c[k].x = 37.0 * k;
    c[k].y = (k % 7) * 11.0;
    c[k].r = 5.0 + (k % 13) * 7.0 + (k % 97 == 0 ? 3000.0 : 0.0);
    c[k].group = k % 3;
  }
  phs_circle_set *s = phs_circle_set_new(c, N, 3);
  ASSERT_TRUE(s != NULL);
  int mismatches = 0;
  unsigned char hits[3];
  for (int t = 0; t < 20000; t++) {
    double x = -4000 + t * 4.9, y = -3100 + (t % 331) * 19.0;
    unsigned char want[3] = {0, 0, 0};
    int want_any = 0;
    for (int k = 0; k < N; k++) {
      double dx = x - c[k].x, dy = y - c[k].y;
      if (dx * dx + dy * dy <= c[k].r * c[k].r) want[c[k].group] = want_any = 1;
    }
    int got = phs_circle_set_covers(s, x, y, hits);
    if (got != want_any || memcmp(hits, want, 3) != 0) mismatches++;
    if (phs_circle_set_covers(s, x, y, NULL) != want_any) mismatches++;
  }
  ASSERT_EQ(mismatches, 0);
  phs_circle_set_free(s);
  free(c);
}

/*
** Sectors: a 60-degree sector facing east (azimuth 90, half width 30)
** of radius 10 km centred on a 1 km square. The square lies wholly inside
** the radius, so the sector covers the triangle from the centre to the
** east edge between y = -500 tan 30 and +500 tan 30: area
** 0.5 * 500 * 1000 tan 30 = 144,338 m2, a share of tan(30)/4 = 0.14434,
** up to the cells the two sector edges cross (10 m cells: 2 x 577 m of
** edge over 1e6 m2 -> within 0.006).
*/
static void test_sectors(void) {
  phs_circle c = {0, 0, 10000, 0, 90, 30};
  phs_circle_set *s = phs_circle_set_new(&c, 1, 1);
  ASSERT_TRUE(s != NULL);
  ASSERT_EQ(phs_circle_set_covers(s, 100, 0, NULL), 1);    /* east */
  ASSERT_EQ(phs_circle_set_covers(s, 100, 57, NULL), 1);   /* 60.3 deg: in */
  ASSERT_EQ(phs_circle_set_covers(s, 100, 58, NULL), 0);   /* 59.9 deg: out */
  ASSERT_EQ(phs_circle_set_covers(s, 0, 100, NULL), 0);    /* north */
  ASSERT_EQ(phs_circle_set_covers(s, -100, 0, NULL), 0);   /* west */
  ASSERT_EQ(phs_circle_set_covers(s, 0, 0, NULL), 1);      /* the site */
  phs_mpoly sq;
  phs_mpoly_init(&sq);
  double ring[] = {-500, -500, 500, -500, 500, 500, -500, 500};
  phs_mpoly_add_ring(&sq, ring, 4, 0);
  double f = 0;
  long n = 0;
  ASSERT_OK(phs_circle_set_area_fraction(s, &sq, 10, &f, NULL, &n));
  ASSERT_NEAR(f, tan(30 * 3.14159265358979323846 / 180) / 4, 0.006);
  phs_circle_set_free(s);
  /* Wrap-around: azimuth 350, half width 20 covers bearings 330..10. */
  phs_circle w = {0, 0, 1000, 0, 350, 20};
  s = phs_circle_set_new(&w, 1, 1);
  ASSERT_EQ(phs_circle_set_covers(s, 10, 100, NULL), 1);   /* 5.7 deg */
  ASSERT_EQ(phs_circle_set_covers(s, -40, 100, NULL), 1);  /* 338 deg */
  ASSERT_EQ(phs_circle_set_covers(s, 50, 100, NULL), 0);   /* 26.6 deg */
  /* half width 180 or 0: the full circle */
  phs_circle full = {0, 0, 1000, 0, 90, 180};
  phs_circle_set_free(s);
  s = phs_circle_set_new(&full, 1, 1);
  ASSERT_EQ(phs_circle_set_covers(s, -100, 0, NULL), 1);
  phs_circle_set_free(s);
  phs_mpoly_free(&sq);
}

int main(void) {
  test_sectors();
  test_covers();
  test_fractions();
  test_cells();
  test_many();
  return phs_test_report("geo_footprint");
}
