/*
** geo_footprint.c: circle and sector coverage of points, and the exact
** covered share of polygons against closed-form areas worked out by hand
** and against an independent row-by-row reference on random inputs.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* The integral of sqrt(r^2 - u^2) du from 0 to t, |t| <= r (the area under
** a circle's upper half, by the substitution u = r sin a). */
static double half_disc_prim(double t, double r) {
  return 0.5 * (t * sqrt(r * r - t * t) + r * r * asin(t / r));
}

/* The area of the lens of two circles of radius r whose centres are d
** apart: twice the circular segment of half-chord-distance d/2. */
static double lens(double r, double d) {
  return 2 * r * r * acos(d / (2 * r)) - 0.5 * d * sqrt(4 * r * r - d * d);
}

static double share(const phs_circle *c, int n, int ng, const phs_mpoly *p,
                    double *grp, long *strips) {
  double any = -1;
  phs_circle_set *s = phs_circle_set_new(c, n, ng);
  ASSERT_TRUE(s != NULL);
  if (s == NULL) return -1;
  ASSERT_OK(phs_circle_set_area_fraction(s, p, &any, grp, strips));
  phs_circle_set_free(s);
  return any;
}

/* Closed-form areas. Each share is checked to 1e-9 (the computation is
** exact up to rounding; the areas here are 1e4..1e6 m2). */
static void test_exact(void) {
  phs_mpoly sq;
  square(&sq, 0, 0, 1000, 1000);
  double grp[3];
  long strips = -1;

  /* A circle inside a square: pi r^2 / 1e6. Events: the square's bottom
  ** and top, the circle's bottom and top: one strip holds the circle. The
  ** issue asks for pi r^2 within 0.5%; this is far tighter. */
  phs_circle mid = {500, 500, 100, 0, 0, 0};
  double f = share(&mid, 1, 1, &sq, grp, &strips);
  ASSERT_NEAR(f, M_PI * 1e4 / 1e6, 1e-12);
  ASSERT_NEAR(f, M_PI * 1e4 / 1e6, 0.005 * M_PI * 1e4 / 1e6);
  ASSERT_NEAR(grp[0], f, 0);
  ASSERT_EQ(strips, 1);

  /* A circle holding the whole square: 1 without any strip (the shortcut:
  ** the farthest corner is 500 sqrt 2 = 707 m < 710 m). */
  phs_circle big = {500, 500, 710, 0, 0, 0};
  ASSERT_NEAR(share(&big, 1, 1, &sq, grp, &strips), 1, 0);
  ASSERT_NEAR(grp[0], 1, 0);
  ASSERT_EQ(strips, 0);

  /* A triangle inside a circle whose disc does not hold its bounding box:
  ** (0,0) (1000,0) (0,1000) within r = 1000.5 of the origin (a convex
  ** polygon whose vertices are in the disc is in the disc): share 1 through
  ** the sweep. */
  phs_mpoly tri;
  double txy[] = {0, 0, 1000, 0, 0, 1000};
  phs_mpoly_init(&tri);
  ASSERT_OK(phs_mpoly_add_ring(&tri, txy, 3, 0));
  phs_circle at0 = {0, 0, 1000.5, 0, 0, 0};
  ASSERT_NEAR(share(&at0, 1, 1, &tri, NULL, &strips), 1, 1e-12);
  ASSERT_TRUE(strips > 0);
  phs_mpoly_free(&tri);

  /* A circle cut by the square's left edge: centre (-100, 500), r = 300.
  ** Inside: the circular segment at distance d = 100 from the centre,
  ** r^2 acos(d/r) - d sqrt(r^2 - d^2). */
  phs_circle cut = {-100, 500, 300, 0, 0, 0};
  double seg = 9e4 * acos(100.0 / 300) - 100 * sqrt(9e4 - 1e4);
  ASSERT_NEAR(share(&cut, 1, 1, &sq, NULL, NULL), seg / 1e6, 1e-12);

  /* Half of a circle of radius 1e7 whose edge passes x = 500 at y = 500:
  ** x(y) = 500 - 1e7 + sqrt(1e14 - (y - 500)^2) = 500 - t^2 / 2e7 - ...
  ** (t = y - 500), so the covered area is 500 * 1000 - 2 * 500^3 / 3 / 2e7
  ** (the next term, t^4 / 8e21, adds under 2e-9 m2): share 0.5 - 4.1667e-6. */
  phs_circle huge = {500 - 1e7, 500, 1e7, 0, 0, 0};
  ASSERT_NEAR(share(&huge, 1, 1, &sq, NULL, NULL),
              (5e5 - 2 * 1.25e8 / 3 / 2e7) / 1e6, 1e-9);

  /* Two circles r = 200, d = 200 apart, in groups 0 and 1: each group
  ** pi r^2; any: 2 pi r^2 - lens(200, 200). Both in group 0: that union. */
  phs_circle two[] = {{400, 500, 200, 0, 0, 0}, {600, 500, 200, 1, 0, 0}};
  double uni = 2 * M_PI * 4e4 - lens(200, 200);
  f = share(two, 2, 2, &sq, grp, NULL);
  ASSERT_NEAR(f, uni / 1e6, 1e-12);
  ASSERT_NEAR(grp[0], M_PI * 4e4 / 1e6, 1e-12);
  ASSERT_NEAR(grp[1], M_PI * 4e4 / 1e6, 1e-12);
  two[1].group = 0;
  ASSERT_NEAR(share(two, 2, 2, &sq, grp, NULL), uni / 1e6, 1e-12);
  ASSERT_NEAR(grp[0], uni / 1e6, 1e-12);
  ASSERT_NEAR(grp[1], 0, 0);

  /*
  ** Three circles of radius r = 150 centred on an equilateral triangle of
  ** side r (each passes through the other two centres), turned by 10
  ** degrees. Pairwise: lens(r, r) = (2 pi / 3 - sqrt 3 / 2) r^2. All
  ** three: the Reuleaux triangle of width r, (pi - sqrt 3) r^2 / 2.
  ** Union = 3 pi r^2 - 3 lens + triple. Per group (one circle each) pi r^2.
  */
  double r = 150, rc = r / sqrt(3.0);
  phs_circle three[3];
  for (int k = 0; k < 3; k++) {
    double a = (10 + 120 * k) * M_PI / 180;
    three[k] = (phs_circle){500 + rc * cos(a), 500 + rc * sin(a), r, k, 0, 0};
  }
  double l = (2 * M_PI / 3 - sqrt(3.0) / 2) * r * r;
  ASSERT_NEAR(l, lens(r, r), 1e-9);
  double triple = (M_PI - sqrt(3.0)) * r * r / 2;
  f = share(three, 3, 3, &sq, grp, NULL);
  ASSERT_NEAR(f, (3 * M_PI * r * r - 3 * l + triple) / 1e6, 1e-12);
  for (int g = 0; g < 3; g++) ASSERT_NEAR(grp[g], M_PI * r * r / 1e6, 1e-12);
  /* The same with any group only (frac_group NULL). */
  ASSERT_NEAR(share(three, 3, 3, &sq, NULL, NULL), f, 1e-15);

  /* Sectors inside the square: r^2 theta / 2. 65 degrees (half width 32.5)
  ** facing 17 degrees; 240 degrees (half width 120, two convex halves)
  ** facing 200; 180 degrees (half width 90) facing north. */
  phs_circle s65 = {500, 500, 300, 0, 17, 32.5};
  ASSERT_NEAR(share(&s65, 1, 1, &sq, grp, NULL), 9e4 * (65 * M_PI / 180) / 2 / 1e6,
              1e-12);
  ASSERT_NEAR(grp[0], 9e4 * (65 * M_PI / 180) / 2 / 1e6, 1e-12);
  phs_circle s240 = {500, 500, 300, 0, 200, 120};
  ASSERT_NEAR(share(&s240, 1, 1, &sq, NULL, NULL), 9e4 * (240 * M_PI / 180) / 2 / 1e6,
              1e-12);
  phs_circle s180 = {500, 500, 300, 0, 0, 90};
  ASSERT_NEAR(share(&s180, 1, 1, &sq, NULL, NULL), 9e4 * M_PI / 2 / 1e6, 1e-12);
  /* A sector and the full circle of the same site in one group: the
  ** circle. Two opposite 65-degree sectors in two groups: each its own,
  ** any their sum (they meet only at the apex). */
  phs_circle sc[] = {{500, 500, 300, 0, 17, 32.5}, {500, 500, 300, 0, 0, 0}};
  ASSERT_NEAR(share(sc, 2, 1, &sq, NULL, NULL), M_PI * 9e4 / 1e6, 1e-12);
  phs_circle opp[] = {{500, 500, 300, 0, 17, 32.5}, {500, 500, 300, 1, 197, 32.5}};
  f = share(opp, 2, 2, &sq, grp, NULL);
  ASSERT_NEAR(grp[0], 9e4 * (65 * M_PI / 180) / 2 / 1e6, 1e-12);
  ASSERT_NEAR(grp[1], grp[0], 1e-12);
  ASSERT_NEAR(f, 2 * grp[0], 1e-12);

  /*
  ** A sector clipped by an edge: apex (500, 500), r = 400, facing north,
  ** half width 45, in the rectangle [0,1000] x [0,850] (cut at v = y - 500
  ** = 350). Its width at height v is 2 min(v, sqrt(r^2 - v^2)); the two
  ** meet at v* = r / sqrt 2. Area = v*^2 + 2 (P(350) - P(v*)), P the
  ** primitive of sqrt(r^2 - v^2).
  */
  phs_mpoly rect;
  square(&rect, 0, 0, 1000, 850);
  phs_circle sn = {500, 500, 400, 0, 0, 45};
  double vs = 400 / sqrt(2.0);
  double want = vs * vs + 2 * (half_disc_prim(350, 400) - half_disc_prim(vs, 400));
  ASSERT_NEAR(share(&sn, 1, 1, &rect, NULL, NULL), want / 8.5e5, 1e-12);
  /* Facing east, half width 45, in [0,750] x [0,1000]: cut at u = 250,
  ** where the wedge |v| <= u is still inside the circle (250 sqrt 2 =
  ** 354 < 400): the triangle 250^2. */
  phs_mpoly_free(&rect);
  square(&rect, 0, 0, 750, 1000);
  sn.azimuth_deg = 90;
  ASSERT_NEAR(share(&sn, 1, 1, &rect, NULL, NULL), 62500.0 / 7.5e5, 1e-12);
  phs_mpoly_free(&rect);

  /* A square with a hole [400,600]^2 (same orientation as the outer ring:
  ** even-odd) and a circle r = 300 at its centre holding the hole (the
  ** hole's corners are 141 m away): (pi 300^2 - 200^2) / (1e6 - 200^2). */
  phs_mpoly holed;
  square(&holed, 0, 0, 1000, 1000);
  double hole[] = {400, 400, 600, 400, 600, 600, 400, 600};
  ASSERT_OK(phs_mpoly_add_ring(&holed, hole, 4, 1));
  phs_circle c300 = {500, 500, 300, 0, 0, 0};
  ASSERT_NEAR(share(&c300, 1, 1, &holed, NULL, NULL), (M_PI * 9e4 - 4e4) / 9.6e5,
              1e-12);
  /* A circle inside the hole covers nothing. */
  phs_circle inhole = {500, 500, 90, 0, 0, 0};
  ASSERT_NEAR(share(&inhole, 1, 1, &holed, NULL, NULL), 0, 1e-15);
  phs_mpoly_free(&holed);

  /* A tiny ward (300 m x 300 m, 0.09 km2) across the edge of a circle
  ** r = 1000 at the origin: [900,1200] x [-150,150]. Covered:
  ** integral over y of (sqrt(r^2 - y^2) - 900) = 2 P(150) - 900 * 300. The
  ** old grid's centroid rule gave 0 (the centroid (1050, 0) is outside). */
  phs_mpoly tiny;
  square(&tiny, 900, -150, 1200, 150);
  phs_circle edge = {0, 0, 1000, 0, 0, 0};
  want = 2 * half_disc_prim(150, 1000) - 900 * 300;
  ASSERT_NEAR(share(&edge, 1, 1, &tiny, NULL, NULL), want / 9e4, 1e-12);
  ASSERT_TRUE(want / 9e4 > 0.25 && want / 9e4 < 0.35); /* about 0.31 */
  phs_mpoly_free(&tiny);

  /* Degenerate input: no circles; a zero-area polygon (collinear); an
  ** empty polygon; a circle of radius 0. All shares 0. */
  phs_circle_set *none = phs_circle_set_new(NULL, 0, 2);
  double any = -1;
  grp[0] = grp[1] = -1;
  ASSERT_OK(phs_circle_set_area_fraction(none, &sq, &any, grp, &strips));
  ASSERT_TRUE(any == 0 && grp[0] == 0 && grp[1] == 0 && strips == 0);
  phs_circle_set_free(none);
  phs_mpoly flat, empty;
  double line[] = {0, 0, 500, 500, 1000, 1000};
  phs_mpoly_init(&flat);
  ASSERT_OK(phs_mpoly_add_ring(&flat, line, 3, 0));
  phs_mpoly_init(&empty);
  ASSERT_NEAR(share(&mid, 1, 1, &flat, grp, NULL), 0, 0);
  ASSERT_NEAR(grp[0], 0, 0);
  ASSERT_NEAR(share(&mid, 1, 1, &empty, grp, NULL), 0, 0);
  phs_circle zero = {500, 500, 0, 0, 0, 0};
  ASSERT_NEAR(share(&zero, 1, 1, &sq, grp, NULL), 0, 0);
  phs_mpoly_free(&flat);
  phs_mpoly_free(&empty);
  phs_mpoly_free(&sq);
}

/*
** Random polygons, circles and sectors against an independent reference:
** rows every h metres (midpoint rule in y); on each row, the x where
** anything can change (polygon edges, circle chords' ends, wedge rays)
** cut it into pieces, and each piece counts in full when its midpoint is
** inside the polygon (phs_mpoly_locate) and covered
** (phs_circle_set_covers, per group): exact along x, so the only error is
** the midpoint rule in y, largest at a circle's top or bottom where the
** chord grows like 2 sqrt(2 r t): at most about 2 sqrt(2 r) h^1.5 per top
** and bottom (4/3 of that for the row that straddles it, and a small
** tail), summed into the tolerance.
*/
static unsigned long long rng_state = 88172645463325252ULL;
static double rnd(void) { /* xorshift64, uniform in [0, 1) */
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (double)(rng_state >> 11) / 9007199254740992.0;
}

static int cmp_dbl(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

enum { RC = 40, RG = 3 };

static void reference(const phs_circle *c, int n, const phs_mpoly *p,
                      const phs_circle_set *s, double h, double *any,
                      double *grp, double *poly_area) {
  double *xs = malloc(sizeof(double) * 1024);
  *any = *poly_area = 0;
  for (int g = 0; g < RG; g++) grp[g] = 0;
  int rows = (int)ceil((p->maxy - p->miny) / h);
  double hy = (p->maxy - p->miny) / rows;
  for (int j = 0; j < rows; j++) {
    double y = p->miny + (j + 0.5) * hy;
    int nx = 0;
    for (int rg = 0; rg < p->n_rings; rg++) {
      int st = p->ring_start[rg], en = p->ring_start[rg + 1];
      for (int i = st; i < en; i++) {
        int k = i + 1 < en ? i + 1 : st;
        double ax = p->xy[2 * i], ay = p->xy[2 * i + 1];
        double bx = p->xy[2 * k], by = p->xy[2 * k + 1];
        if ((ay <= y) != (by <= y)) xs[nx++] = ax + (y - ay) * (bx - ax) / (by - ay);
      }
    }
    for (int k = 0; k < n; k++) {
      double t = y - c[k].y;
      if (fabs(t) >= c[k].r) continue;
      double hw = sqrt(c[k].r * c[k].r - t * t);
      xs[nx++] = c[k].x - hw;
      xs[nx++] = c[k].x + hw;
      if (c[k].half_width_deg > 0 && c[k].half_width_deg < 180) {
        xs[nx++] = c[k].x;
        for (int e = -1; e <= 1; e += 2) {
          double b = (c[k].azimuth_deg + e * c[k].half_width_deg) * M_PI / 180;
          if (fabs(cos(b)) > 1e-12) xs[nx++] = c[k].x + t * tan(b);
        }
      }
    }
    qsort(xs, (size_t)nx, sizeof(double), cmp_dbl);
    for (int i = 0; i + 1 < nx; i++) {
      double len = xs[i + 1] - xs[i], xm = 0.5 * (xs[i] + xs[i + 1]);
      if (!(len > 0) || phs_mpoly_locate(p, xm, y) != PHS_LOC_INSIDE) continue;
      *poly_area += len * hy;
      unsigned char hits[RG];
      if (phs_circle_set_covers(s, xm, y, hits)) *any += len * hy;
      for (int g = 0; g < RG; g++) grp[g] += hits[g] * len * hy;
    }
  }
  free(xs);
}

static void test_random(void) {
  int bad = 0;
  double worst = 0;
  for (int trial = 0; trial < 12; trial++) {
    /* A star-shaped polygon of 7..20 vertices, 60..200 m from (0, 0), and
    ** every other time a star-shaped hole 10..40 m from (15, -10). */
    phs_mpoly p;
    phs_mpoly_init(&p);
    double ring[80];
    int nv = 7 + (int)(rnd() * 14);
    for (int i = 0; i < nv; i++) {
      double a = 2 * M_PI * (i + 0.3 * rnd()) / nv, rr = 60 + 140 * rnd();
      ring[2 * i] = rr * cos(a);
      ring[2 * i + 1] = rr * sin(a);
    }
    ASSERT_OK(phs_mpoly_add_ring(&p, ring, nv, 0));
    if (trial % 2) {
      int nh = 5 + (int)(rnd() * 6);
      for (int i = 0; i < nh; i++) {
        double a = -2 * M_PI * i / nh, rr = 10 + 30 * rnd();
        ring[2 * i] = 15 + rr * cos(a);
        ring[2 * i + 1] = -10 + rr * sin(a);
      }
      ASSERT_OK(phs_mpoly_add_ring(&p, ring, nh, 1));
    }
    /* 10..32 circles and sectors around it, in 3 groups; one centred on a
    ** vertex and one repeated exactly. Every third trial adds a circle of
    ** group 2 over the whole polygon (group 2 and any: 1; groups 0 and 1
    ** swept alone); every fourth asks for the any-group share only. */
    phs_circle c[RC];
    int nc = 10 + 2 * trial;
    for (int k = 0; k < nc; k++) {
      c[k] = (phs_circle){-250 + 500 * rnd(), -250 + 500 * rnd(), 20 + 180 * rnd(),
                          (int)(rnd() * RG), 0, 0};
      if (rnd() < 0.5) {
        c[k].azimuth_deg = 360 * rnd();
        c[k].half_width_deg = 5 + 170 * rnd();
      }
    }
    c[0].x = p.xy[0];
    c[0].y = p.xy[1];
    c[nc - 1] = c[nc - 2];
    if (trial % 3 == 2) c[nc++] = (phs_circle){0, 0, 300, 2, 0, 0};
    int only_any = trial % 4 == 3;
    phs_circle_set *s = phs_circle_set_new(c, nc, RG);
    double any, grp[RG];
    ASSERT_OK(phs_circle_set_area_fraction(s, &p, &any, only_any ? NULL : grp, NULL));
    double h = 0.02, ref_any, ref_g[RG], area;
    reference(c, nc, &p, s, h, &ref_any, ref_g, &area);
    double tol = 1e-9;
    for (int k = 0; k < nc; k++) tol += 2 * 2 * sqrt(2 * c[k].r) * pow(h, 1.5) / area;
    double err = fabs(any - ref_any / area);
    for (int g = 0; g < RG && !only_any; g++)
      err = fmax(err, fabs(grp[g] - ref_g[g] / area));
    if (err > tol) {
      bad++;
      fprintf(stderr, "trial %d: any %.9f vs %.9f, error %.3g > tol %.3g\n", trial,
              any, ref_any / area, err, tol);
    }
    worst = fmax(worst, err);
    phs_circle_set_free(s);
    phs_mpoly_free(&p);
  }
  ASSERT_EQ(bad, 0);
  /* The tolerance is far below the 0.01 pp (1e-4) the figures need. */
  printf("random: largest difference from the reference %.2g\n", worst);
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
    c[k].azimuth_deg = c[k].half_width_deg = 0; /* full circles */
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
** 0.5 * 500 * 1000 tan 30 = 144,338 m2, a share of tan(30)/4 = 0.14434
** (exactly: the covered area is computed in closed form).
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
  ASSERT_OK(phs_circle_set_area_fraction(s, &sq, &f, NULL, NULL));
  ASSERT_NEAR(f, tan(30 * 3.14159265358979323846 / 180) / 4, 1e-12);
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

/* The plain paths of geo/footprint.c, kept to check the shortcuts
** against (declared there, beside their definitions). */
int phs_circle_set_covers_plain(const phs_circle_set *s, double x, double y,
                                unsigned char *hits);
int phs_circle_set_area_fraction_plain(const phs_circle_set *s,
                                       const phs_mpoly *poly_metric,
                                       double *frac_any, double *frac_group,
                                       long *n_strips, int plain);

/*
** The fine index of covers(): groups settled per cell by full circles
** that hold the whole cell, the other circles of the cell skipped once
** their group is hit. On random sets (dense big circles, so most cells
** are held, small ones and sectors among them, 11 groups so the settled
** groups take two bytes), every point gets exactly the hits of a
** brute-force scan over all circles and of the plain index, including
** points on circles (3-4-5 offsets) and on cell edges (integer grids).
*/
static void test_fine_covers(void) {
  enum { NG = 11, N = 400 };
  phs_circle *c = malloc(sizeof(*c) * N);
  long mismatches = 0, covered = 0, all_groups = 0, points = 0;
  for (int trial = 0; trial < 6; trial++) {
    int n = 40 + trial * 70;
    for (int k = 0; k < n; k++) {
      int big = rnd() < 0.6;
      c[k] = (phs_circle){floor(4000 * rnd()), floor(4000 * rnd()),
                          big ? 900 + floor(1500 * rnd()) : 20 + floor(200 * rnd()),
                          (int)(rnd() * NG), 0, 0};
      if (rnd() < 0.25) {
        c[k].azimuth_deg = 360 * rnd();
        c[k].half_width_deg = 10 + 160 * rnd();
      }
    }
    phs_circle_set *s = phs_circle_set_new(c, n, NG);
    ASSERT_TRUE(s != NULL);
    if (s == NULL) continue;
    for (int t = 0; t < 20000; t++) {
      double x, y;
      if (t % 4 == 0) { /* on a circle: 3-4-5 times an integer */
        const phs_circle *ck = &c[t % n];
        double f = floor(ck->r / 5);
        x = ck->x + (t & 8 ? 3 : -4) * f;
        y = ck->y + (t & 8 ? 4 : 3) * f;
      } else if (t % 4 == 1) { /* whole metres: on many cell edges */
        x = -500 + floor(5000 * rnd());
        y = -500 + floor(5000 * rnd());
      } else {
        x = -500 + 5000 * rnd();
        y = -500 + 5000 * rnd();
      }
      unsigned char want[NG] = {0}, got[NG], plain[NG];
      int want_any = 0;
      for (int k = 0; k < n; k++) {
        double dx = x - c[k].x, dy = y - c[k].y;
        if (dx * dx + dy * dy > c[k].r * c[k].r) continue;
        if (c[k].half_width_deg > 0 && c[k].half_width_deg < 180 && (dx != 0 || dy != 0)) {
          double diff = fmod(atan2(dx, dy) * (180 / M_PI) - c[k].azimuth_deg, 360.0);
          if (diff > 180) diff -= 360;
          if (diff < -180) diff += 360;
          if (!(fabs(diff) <= c[k].half_width_deg)) continue;
        }
        want[c[k].group] = 1;
        want_any = 1;
      }
      int got_any = phs_circle_set_covers(s, x, y, got);
      int plain_any = phs_circle_set_covers_plain(s, x, y, plain);
      if (got_any != want_any || memcmp(got, want, NG) != 0) mismatches++;
      if (plain_any != want_any || memcmp(plain, want, NG) != 0) mismatches++;
      if (phs_circle_set_covers(s, x, y, NULL) != want_any) mismatches++;
      int nh = 0;
      for (int g = 0; g < NG; g++) nh += want[g];
      covered += want_any;
      all_groups += nh == NG;
      points++;
    }
    phs_circle_set_free(s);
  }
  ASSERT_EQ(mismatches, 0);
  /* The sets are dense enough that the settled groups matter: most
  ** points are covered, many by every group. */
  ASSERT_TRUE(covered > points / 2);
  ASSERT_TRUE(all_groups > points / 20);
  free(c);
}

/*
** The sweep's shortcuts (full circles left out when they miss the
** polygon's box or another circle holds them, crossings skipped when
** they cannot fall in the box, the buried test on the fine index, the
** cheap crossings that decide whether the exact ones are needed) give
** the same bits as the plain sweep: random polygons among circles nested
** in others (same group and other groups), circles beside the box, big
** circles whose crossings fall far outside it, sectors, and one holder
** of the whole box in some trials; per group and any-group only.
*/
static void test_area_shortcuts(void) {
  enum { NG = 3, MAXC = 160 };
  phs_circle c[MAXC];
  int differ = 0;
  long skipped_any = 0;
  for (int trial = 0; trial < 60; trial++) {
    phs_mpoly p;
    phs_mpoly_init(&p);
    double ring[60];
    int nv = 5 + (int)(rnd() * 20);
    double sc = trial % 3 == 0 ? 100 : 600; /* small wards among big circles */
    for (int i = 0; i < nv; i++) {
      double a = 2 * M_PI * (i + 0.4 * rnd()) / nv, rr = sc * (0.4 + 0.6 * rnd());
      ring[2 * i] = 5000 + rr * cos(a);
      ring[2 * i + 1] = 7000 + rr * sin(a);
    }
    ASSERT_OK(phs_mpoly_add_ring(&p, ring, nv, 0));
    int n = 0, base = 20 + (int)(rnd() * 50);
    for (int k = 0; k < base && n < MAXC; k++) {
      double r = rnd() < 0.5 ? 300 + 900 * rnd() : 50 + 250 * rnd();
      c[n++] = (phs_circle){5000 - 2000 + 4000 * rnd(), 7000 - 2000 + 4000 * rnd(), r,
                            (int)(rnd() * NG), 0, 0};
      if (rnd() < 0.15) {
        c[n - 1].azimuth_deg = 360 * rnd();
        c[n - 1].half_width_deg = 20 + 150 * rnd();
      } else if (rnd() < 0.6 && n + 2 < MAXC) {
        /* circles held by this one: of its group and of another */
        const phs_circle o = c[n - 1];
        for (int h = 0; h < 2; h++) {
          double rr = r * (0.1 + 0.5 * rnd()), room = r - rr, a = 2 * M_PI * rnd();
          double dd = room * (h ? 0.99 : rnd());
          c[n] = (phs_circle){o.x + dd * cos(a), o.y + dd * sin(a), rr,
                              h ? (o.group + 1) % NG : o.group, 0, 0};
          n++;
        }
      }
    }
    if (trial % 5 == 4 && n < MAXC) /* a holder of the whole box */
      c[n++] = (phs_circle){5000, 7000, 3000, (int)(rnd() * NG), 0, 0};
    phs_circle_set *s = phs_circle_set_new(c, n, NG);
    ASSERT_TRUE(s != NULL);
    if (s == NULL) {
      phs_mpoly_free(&p);
      continue;
    }
    for (int only_any = 0; only_any < 2; only_any++) {
      double any0, any1, g0[NG], g1[NG];
      long st0 = -1, st1 = -2;
      ASSERT_OK(phs_circle_set_area_fraction_plain(s, &p, &any0, only_any ? NULL : g0,
                                                   &st0, 1));
      ASSERT_OK(phs_circle_set_area_fraction(s, &p, &any1, only_any ? NULL : g1, &st1));
      if (memcmp(&any0, &any1, sizeof(double)) != 0 || st0 != st1 ||
          (!only_any && memcmp(g0, g1, sizeof(g0)) != 0)) {
        differ++;
        fprintf(stderr, "trial %d (any only %d): %.17g vs %.17g, strips %ld vs %ld\n",
                trial, only_any, any0, any1, st0, st1);
      }
      int partial = any0 > 0 && any0 < 1;
      for (int g = 0; g < NG && !only_any; g++) partial |= g0[g] > 0 && g0[g] < 1;
      skipped_any += partial;
    }
    phs_circle_set_free(s);
    phs_mpoly_free(&p);
  }
  ASSERT_EQ(differ, 0);
  printf("shortcuts: %ld of 120 sweeps with a partial share\n", skipped_any);
  ASSERT_TRUE(skipped_any > 40); /* most sweeps measured a partial share */
}

int main(void) {
  test_sectors();
  test_fine_covers();
  test_area_shortcuts();
  test_covers();
  test_exact();
  test_many();
  test_random();
  return phs_test_report("geo_footprint");
}
