/*
** geo_crs.c: PROJ transforms (axis order, a known UTM answer, failures),
** UTM zone codes, geographic-CRS detection, and polygon union through
** OGR/GEOS with small holes dropped.
*/
#include <math.h>
#include <stdlib.h>

#include "phs_geo.h"
#include "phs_test.h"

static void test_utm_epsg(void) {
  /* zone = floor((lon + 180) / 6) + 1; north 326zz, south 327zz. */
  ASSERT_EQ(phs_utm_epsg(107, 10.5), 32648);  /* (287/6)+1 = 48 */
  ASSERT_EQ(phs_utm_epsg(-70, -30), 32719);   /* (110/6)+1 = 19 */
  ASSERT_EQ(phs_utm_epsg(105, 0), 32648);     /* equator counts as north */
  ASSERT_EQ(phs_utm_epsg(102, 21), 32648);    /* zone 48 = [102, 108) */
  ASSERT_EQ(phs_utm_epsg(101.999, 21), 32647);
  ASSERT_EQ(phs_utm_epsg(0, 10), 32631);
  ASSERT_EQ(phs_utm_epsg(-0.001, 10), 32630);
  ASSERT_EQ(phs_utm_epsg(-180, 1), 32601);
  ASSERT_EQ(phs_utm_epsg(180, 1), 32660);
  ASSERT_EQ(phs_utm_epsg(179.9, -1), 32760);
}

static void test_transform(void) {
  phs_diag d;
  phs_diag_init(&d);
  const char *v = phs_proj_version();
  ASSERT_TRUE(v != NULL && v[0] >= '6' && v[0] <= '9' && strchr(v, '.'));

  phs_crs_transform *t = phs_crs_transform_new("EPSG:4326", "EPSG:32648", &d);
  ASSERT_TRUE(t != NULL);
  ASSERT_EQ(d.status, PHS_OK);
  /*
  ** x = lon, y = lat despite EPSG:4326's lat/lon axis order.
  ** (105E, 10.5N) is on zone 48's central meridian: easting 500000 exactly,
  ** northing = k0 * M(10.5 deg) = 0.9996 * 1161159.48... = 1160695.0941 m
  ** (meridian arc series to e^6, computed by hand). (107E, 10.5N) from
  ** `echo "10.5 107" | cs2cs -f %.6f EPSG:4326 EPSG:32648`:
  ** 718889.417808 1161391.506578.
  */
  double x[] = {105, 107, 105}, y[] = {10.5, 10.5, 95};
  ASSERT_EQ(phs_crs_transform_points(t, x, y, 3), 1);
  ASSERT_NEAR(x[0], 500000.0, 1e-6);
  ASSERT_NEAR(y[0], 1160695.0941, 1e-3);
  ASSERT_NEAR(x[1], 718889.417808, 1e-3);
  ASSERT_NEAR(y[1], 1161391.506578, 1e-3);
  ASSERT_TRUE(x[2] == HUGE_VAL && y[2] == HUGE_VAL); /* lat 95: fails */
  ASSERT_EQ(phs_crs_transform_points(t, x, y, 0), 0);

  /* Whole multipolygon, with the bbox recomputed. */
  phs_mpoly p;
  phs_mpoly_init(&p);
  double sq[] = {105, 10.5, 107, 10.5, 107, 11, 105, 11};
  ASSERT_OK(phs_mpoly_add_ring(&p, sq, 4, 0));
  ASSERT_EQ(phs_crs_transform_mpoly(t, &p), 0);
  ASSERT_NEAR(p.minx, 500000.0, 1e-6);
  ASSERT_NEAR(p.miny, 1160695.0941, 1e-3);
  ASSERT_NEAR(p.xy[2], 718889.417808, 1e-3);
  ASSERT_TRUE(p.maxy > 1160695.0941 + 55000); /* 0.5 deg of latitude */
  phs_crs_transform_free(t);

  /* And back: a round trip within 1e-9 degrees (0.1 mm). */
  t = phs_crs_transform_new("EPSG:32648", "EPSG:4326", &d);
  ASSERT_TRUE(t != NULL);
  ASSERT_EQ(phs_crs_transform_mpoly(t, &p), 0);
  for (int i = 0; i < 8; i++) ASSERT_NEAR(p.xy[i], sq[i], 1e-9);
  ASSERT_NEAR(p.minx, 105, 1e-9);
  ASSERT_NEAR(p.maxy, 11, 1e-9);
  phs_crs_transform_free(t);
  phs_crs_transform_free(NULL);
  phs_mpoly_free(&p);

  /* A PROJ string works too. */
  t = phs_crs_transform_new("+proj=longlat +datum=WGS84 +type=crs",
                            "+proj=utm +zone=48 +datum=WGS84 +type=crs", &d);
  ASSERT_TRUE(t != NULL);
  double x1 = 105, y1 = 10.5;
  ASSERT_EQ(phs_crs_transform_points(t, &x1, &y1, 1), 0);
  ASSERT_NEAR(x1, 500000.0, 1e-6);
  phs_crs_transform_free(t);
  ASSERT_EQ(d.status, PHS_OK);

  /* An unknown CRS: NULL, and PROJ's reason in the diagnostic. */
  t = phs_crs_transform_new("EPSG:4326", "EPSG:999999", &d);
  ASSERT_TRUE(t == NULL);
  ASSERT_TRUE(d.status != PHS_OK);
  ASSERT_CONTAINS(d.msg, "EPSG:999999");
  ASSERT_TRUE(strlen(d.msg) > strlen("cannot transform from EPSG:4326 to EPSG:999999: "));
  phs_diag_clear(&d);
}

static void test_is_geographic(void) {
  phs_diag d;
  phs_diag_init(&d);
  ASSERT_EQ(phs_crs_is_geographic("EPSG:4326", &d), 1);
  ASSERT_EQ(phs_crs_is_geographic("EPSG:4979", &d), 1); /* 3D */
  ASSERT_EQ(phs_crs_is_geographic("EPSG:4756", &d), 1); /* VN-2000 */
  ASSERT_EQ(phs_crs_is_geographic("EPSG:32648", &d), 0);
  ASSERT_EQ(phs_crs_is_geographic("EPSG:3405", &d), 0); /* VN-2000 UTM 48N */
  ASSERT_EQ(phs_crs_is_geographic("EPSG:4978", &d), 0); /* geocentric */
  ASSERT_EQ(phs_crs_is_geographic("+proj=longlat +datum=WGS84 +type=crs", &d), 1);
  ASSERT_EQ(phs_crs_is_geographic("+proj=utm +zone=48 +datum=WGS84 +type=crs", &d), 0);
  /* A WKT1 with TOWGS84 is a bound CRS around a geographic one. */
  ASSERT_EQ(phs_crs_is_geographic(
                "GEOGCS[\"VN-2000\",DATUM[\"Vietnam_2000\",SPHEROID[\"WGS 84\","
                "6378137,298.257223563],TOWGS84[-191.90441429,-39.30318279,"
                "-111.45032835,-0.00928836,0.01975479,-0.00427372,"
                "0.252906278]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\","
                "0.0174532925199433]]",
                &d),
            1);
  ASSERT_EQ(d.status, PHS_OK);
  ASSERT_EQ(phs_crs_is_geographic("not a crs", &d), -1);
  ASSERT_TRUE(d.status != PHS_OK);
  ASSERT_CONTAINS(d.msg, "not a crs");
  phs_diag_clear(&d);
}

static void square(phs_mpoly *p, double x0, double y0, double x1, double y1) {
  double xy[] = {x0, y0, x1, y0, x1, y1, x0, y1};
  phs_mpoly_init(p);
  ASSERT_OK(phs_mpoly_add_ring(p, xy, 4, 0));
}

static void test_union(void) {
  phs_diag d;
  phs_diag_init(&d);
  phs_mpoly a, b, out;
  square(&a, 0, 0, 1, 1);
  square(&b, 1, 0, 2, 1);
  phs_mpoly_init(&out);

  /* Two squares sharing an edge: one ring, area 1 + 1 = 2. */
  const phs_mpoly *ab[] = {&a, &b};
  ASSERT_OK(phs_mpoly_union(ab, 2, 0.0, 0.0, &out, &d));
  ASSERT_EQ(out.n_rings, 1);
  ASSERT_EQ(out.ring_hole[0], 0);
  ASSERT_NEAR(phs_mpoly_planar_area(&out), 2.0, 1e-12);
  ASSERT_NEAR(out.minx, 0, 0);
  ASSERT_NEAR(out.maxx, 2, 0);
  ASSERT_EQ(phs_mpoly_locate(&out, 1.0, 0.5), PHS_LOC_INSIDE);

  /* Overlapping squares [0,2]^2 and [1,3]^2: 4 + 4 - 1 = 7. */
  phs_mpoly_free(&a);
  phs_mpoly_free(&b);
  square(&a, 0, 0, 2, 2);
  square(&b, 1, 1, 3, 3);
  ASSERT_OK(phs_mpoly_union(ab, 2, 0.0, 0.0, &out, &d));
  ASSERT_EQ(out.n_rings, 1);
  ASSERT_NEAR(phs_mpoly_planar_area(&out), 7.0, 1e-12);

  /* [0,10]^2 with hole [2,4]^2, plus a far square [20,21]^2: 96 + 1 = 97,
  ** 3 rings; with min_hole_area 5 the 4 m^2 hole goes: 100 + 1 = 101. */
  phs_mpoly_free(&a);
  phs_mpoly_free(&b);
  square(&a, 0, 0, 10, 10);
  double hole[] = {2, 2, 2, 4, 4, 4, 4, 2};
  ASSERT_OK(phs_mpoly_add_ring(&a, hole, 4, 1));
  square(&b, 20, 20, 21, 21);
  ASSERT_OK(phs_mpoly_union(ab, 2, 1.0, 0.0, &out, &d));
  ASSERT_EQ(out.n_rings, 3);
  ASSERT_NEAR(phs_mpoly_planar_area(&out), 97.0, 1e-12);
  ASSERT_EQ(phs_mpoly_locate(&out, 3, 3), PHS_LOC_OUTSIDE);
  ASSERT_OK(phs_mpoly_union(ab, 2, 5.0, 0.0, &out, &d));
  ASSERT_EQ(out.n_rings, 2);
  ASSERT_NEAR(phs_mpoly_planar_area(&out), 101.0, 1e-12);
  ASSERT_EQ(phs_mpoly_locate(&out, 3, 3), PHS_LOC_INSIDE);

  /* A sliver hole left between three parts: [0,1]x[0,3], [2,3]x[0,3] and
  ** [1,2]x[0,1] + [1,2]x[1.001,3] leave a 1 x 0.001 hole (area 0.001). */
  phs_mpoly p[4];
  square(&p[0], 0, 0, 1, 3);
  square(&p[1], 2, 0, 3, 3);
  square(&p[2], 1, 0, 2, 1);
  square(&p[3], 1, 1.001, 2, 3);
  const phs_mpoly *pp[] = {&p[0], &p[1], &p[2], &p[3]};
  ASSERT_OK(phs_mpoly_union(pp, 4, 0.0, 0.0, &out, &d));
  ASSERT_EQ(out.n_rings, 2);
  ASSERT_NEAR(phs_mpoly_planar_area(&out), 9.0 - 0.001, 1e-9);
  ASSERT_OK(phs_mpoly_union(pp, 4, 0.01, 0.0, &out, &d));
  ASSERT_EQ(out.n_rings, 1);
  ASSERT_NEAR(phs_mpoly_planar_area(&out), 9.0, 1e-9);

  /* A self-intersecting bow tie (0,0)-(2,2)-(2,0)-(0,2): repaired into two
  ** triangles of area 1 each. */
  phs_mpoly bow;
  phs_mpoly_init(&bow);
  double bxy[] = {0, 0, 2, 2, 2, 0, 0, 2};
  ASSERT_OK(phs_mpoly_add_ring(&bow, bxy, 4, 0));
  const phs_mpoly *bb[] = {&bow};
  ASSERT_OK(phs_mpoly_union(bb, 1, 0.0, 0.0, &out, &d));
  ASSERT_NEAR(phs_mpoly_planar_area(&out), 2.0, 1e-12);

  /* Nothing to unite: empty, no error. */
  ASSERT_OK(phs_mpoly_union(ab, 0, 0.0, 0.0, &out, &d));
  ASSERT_TRUE(phs_mpoly_is_empty(&out));
  ASSERT_EQ(d.status, PHS_OK);

  for (int i = 0; i < 4; i++) phs_mpoly_free(&p[i]);
  phs_mpoly_free(&bow);
  phs_mpoly_free(&a);
  phs_mpoly_free(&b);
  phs_mpoly_free(&out);
  phs_diag_clear(&d);
}

int main(void) {
  test_utm_epsg();
  test_transform();
  test_is_geographic();
  test_union();
  return phs_test_report("geo_crs");
}
