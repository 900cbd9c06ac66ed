/*
** render_decimate.c: the screen-space decimation of feature and outline
** paths (phs_ring_path, render/map.c; the rule in docs/maps.md). Rings are
** built in map units, appended to a cairo path with an identity device
** transform and read back with cairo_copy_path, then compared with vertex
** lists worked out by hand: nearly collinear sub-pixel vertices dropped
** to one every tolerance, the first and last vertices kept, rings of 4
** vertices or fewer and rings that would fall below 4 left whole, no
** decimation at tolerance 0; the tolerance for images and for vector
** pages; and a map of a densely zigzagging square against the plain one.
*/
#include <cairo.h>
#include <math.h>
#include <stdlib.h>

#include "phs_render.h"
#include "phs_test.h"
#include "render_fixture.h"
#include "render_int.h"

/* The points of cr's path, MOVE_TO and LINE_TO in order, into pts (2 *
** cap doubles), skipping the MOVE_TO cairo adds after each CLOSE_PATH;
** returns their count (-1 for a curve), *n_close the closes. cairo drops
** a closed ring's line back to its first vertex (the close draws it), so
** a ring whose last vertex repeats its first reads back one shorter. */
static int path_points(cairo_t *cr, double *pts, int cap, int *n_close) {
  cairo_path_t *p = cairo_copy_path(cr);
  int n = 0, after_close = 0;
  *n_close = 0;
  for (int i = 0; i < p->num_data; i += p->data[i].header.length) {
    cairo_path_data_t *h = &p->data[i];
    if (h->header.type == CAIRO_PATH_CLOSE_PATH) {
      (*n_close)++;
      after_close = 1;
      continue;
    }
    if (h->header.type == CAIRO_PATH_CURVE_TO) {
      n = -1;
      break;
    }
    if (h->header.type == CAIRO_PATH_MOVE_TO && after_close) {
      after_close = 0;
      continue;
    }
    after_close = 0;
    if (n < cap) {
      pts[2 * n] = h[1].point.x;
      pts[2 * n + 1] = h[1].point.y;
    }
    n++;
  }
  cairo_path_destroy(p);
  return n;
}

static cairo_t *scratch_cr(cairo_surface_t **s) {
  *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 4, 4);
  return cairo_create(*s);
}

/* A square 2 x 2 map units whose bottom edge has a vertex every 1/16
** unit, 1/64 off the line: (k/16, y_k) for k = 0..32 with y_k = 1/64
** for odd k, -1/64 for k = 4, 12, 20, 28, else 0; then (2,2), (0,2) and
** (0,0) again (closed, as WKB rings are): 36 vertices. cairo merges
** consecutive line_to's that are exactly collinear by itself (and so does
** the scan converter's edge list), so vertices on the line would test
** cairo, not phusong: these are nearly collinear, no three in a row on
** one line, and cairo keeps every one of them. */
static int zigzag_square(double *xy) {
  int n = 0;
  for (int k = 0; k <= 32; k++, n++) {
    xy[2 * n] = k / 16.0;
    xy[2 * n + 1] = k % 2 ? 1 / 64.0 : (k % 8 == 4 ? -1 / 64.0 : 0);
  }
  const double rest[6] = {2, 2, 0, 2, 0, 0};
  for (int k = 0; k < 3; k++, n++) {
    xy[2 * n] = rest[2 * k];
    xy[2 * n + 1] = rest[2 * k + 1];
  }
  return n;
}

static void test_nearly_collinear_subpixel(void) {
  double xy[2 * 36], got[2 * 64];
  int n = zigzag_square(xy), n_close = 0, m;
  ASSERT_EQ(n, 36);
  cairo_surface_t *s;
  cairo_t *cr = scratch_cr(&s);

  /* Tolerance 0: every vertex (the closing one folded into the close). */
  phs_ring_path(cr, xy, n, 1.0, 0.0, 2.0, 0.0);
  ASSERT_EQ(path_points(cr, got, 64, &n_close), 35);
  ASSERT_EQ(n_close, 1);

  /* 1 pixel per unit, y flipped under ty = 2 (px = x, py = 2 - y),
  ** tolerance 1/4 pixel. From (0, 0): k = 1, 2, 3 lie 0.064, 0.125 and
  ** 0.188 away (skipped), k = 4 at (1/4, -1/64) 0.2505 away (kept); from
  ** there k = 5, 6, 7 lie 0.070, 0.126, 0.190 away, k = 8 at (1/2, 0)
  ** 0.2505 (kept); and so on: k = 0, 4, 8, ..., 32 (9 vertices), then
  ** (2, 2), (0, 2) and the last, (0, 0): 12 vertices, in pixels (cairo
  ** folds the 12th, the first again, into the close): */
  cairo_new_path(cr);
  phs_ring_path(cr, xy, n, 1.0, 0.0, 2.0, 0.25);
  m = path_points(cr, got, 64, &n_close);
  ASSERT_EQ(m, 11);
  ASSERT_EQ(n_close, 1);
  const double d = 1 / 64.0;
  const double want[2 * 12] = {0,    2,     0.25, 2 + d, 0.5, 2,    0.75,
                               2 + d, 1,    2,     1.25, 2 + d, 1.5, 2,
                               1.75, 2 + d, 2,    2,     2,    0,   0,
                               0,    0,     2};
  for (int i = 0; i < 11 && m == 11; i++) {
    ASSERT_NEAR(got[2 * i], want[2 * i], 1e-12);
    ASSERT_NEAR(got[2 * i + 1], want[2 * i + 1], 1e-12);
  }

  /* At 8 pixels per unit the vertices are 1/2 pixel apart, none closer
  ** than 1/4 to the one before: all 36 stay, at (10 + 8x, 20 - 8y). */
  cairo_new_path(cr);
  phs_ring_path(cr, xy, n, 8.0, 10.0, 20.0, 0.25);
  m = path_points(cr, got, 64, &n_close);
  ASSERT_EQ(m, 35);
  if (m == 35) {
    ASSERT_NEAR(got[2], 10.5, 1e-12);
    ASSERT_NEAR(got[3], 20 - 8 * d, 1e-12);
    ASSERT_NEAR(got[2 * 34], 10.0, 1e-12);
    ASSERT_NEAR(got[2 * 34 + 1], 4.0, 1e-12);
  }

  cairo_destroy(cr);
  cairo_surface_destroy(s);
}

/* k-th of n vertices on a circle of radius rad around (1, 1), the n-th
** being the 0-th again (a closed ring of n + 1 vertices). */
static void circle(double *xy, int n, double rad) {
  for (int k = 0; k <= n; k++) {
    double a = 2 * M_PI * (k % n) / n;
    xy[2 * k] = 1 + rad * cos(a);
    xy[2 * k + 1] = 1 + rad * sin(a);
  }
}

static void test_first_last_and_four(void) {
  double got[2 * 64], xy[2 * 13];
  int n_close = 0, m;
  cairo_surface_t *s;
  cairo_t *cr = scratch_cr(&s);

  /* The last vertex stays even when it is closer than the tolerance to
  ** the one emitted before it: (0,0) (1,0) (1,1) (0,1) (0,0.5)
  ** (0.1,0.4), tolerance 1/4, the last 0.14 from (0, 0.5): all 6. */
  const double six[12] = {0, 0, 1, 0, 1, 1, 0, 1, 0, 0.5, 0.1, 0.4};
  phs_ring_path(cr, six, 6, 1.0, 0.0, 0.0, 0.25);
  m = path_points(cr, got, 64, &n_close);
  ASSERT_EQ(m, 6);
  if (m == 6) {
    ASSERT_NEAR(got[9], -0.5, 1 / 256.0);
    ASSERT_NEAR(got[10], 0.1, 1 / 256.0);
  }

  /* A ring of 4 vertices is never reduced, however small: a square of
  ** 1/32 pixel. */
  cairo_new_path(cr);
  const double tiny4[8] = {0, 0, 1 / 32.0, 0, 1 / 32.0, 1 / 32.0, 0, 1 / 32.0};
  phs_ring_path(cr, tiny4, 4, 1.0, 0.0, 0.0, 0.25);
  ASSERT_EQ(path_points(cr, got, 64, &n_close), 4);

  /* A closed 12-gon of radius 0.3 pixel (13 vertices). Its chords from a
  ** vertex: 0.155, 0.3, 0.424, 0.520, 0.580, 0.6 for 1..6 steps.
  ** Tolerance 0.5: from vertex 0, vertex 4 is the first 0.5 or more
  ** away, then 8, then the last (12 = 0): 4 vertices, a triangle (3
  ** read back, the last folded into the close). */
  circle(xy, 12, 0.3);
  cairo_new_path(cr);
  phs_ring_path(cr, xy, 13, 1.0, 0.0, 0.0, 0.5);
  m = path_points(cr, got, 64, &n_close);
  ASSERT_EQ(m, 3);
  if (m == 3) {
    ASSERT_NEAR(got[2], 1 + 0.3 * cos(2 * M_PI / 3), 1 / 256.0);
    ASSERT_NEAR(got[3], -(1 + 0.3 * sin(2 * M_PI / 3)), 1 / 256.0);
    ASSERT_NEAR(got[4], 1 + 0.3 * cos(4 * M_PI / 3), 1 / 256.0);
  }
  /* Tolerance 0.59: vertex 6 (0.6 away) and then only the last: 3 < 4,
  ** so the ring is drawn whole, 13 vertices (12 read back). */
  cairo_new_path(cr);
  phs_ring_path(cr, xy, 13, 1.0, 0.0, 0.0, 0.59);
  ASSERT_EQ(path_points(cr, got, 64, &n_close), 12);
  /* A sub-pixel island, all within 0.1 pixel (radius 0.05): only the
  ** first and the last would stay; drawn whole. */
  circle(xy, 12, 0.05);
  cairo_new_path(cr);
  phs_ring_path(cr, xy, 13, 1.0, 0.0, 0.0, 0.25);
  ASSERT_EQ(path_points(cr, got, 64, &n_close), 12);

  /* Fewer than 2 vertices: nothing. */
  cairo_new_path(cr);
  phs_ring_path(cr, xy, 1, 1.0, 0.0, 0.0, 0.25);
  ASSERT_EQ(path_points(cr, got, 64, &n_close), 0);
  ASSERT_EQ(n_close, 0);

  cairo_destroy(cr);
  cairo_surface_destroy(s);
}

/* The tolerance: 1/4 pixel on an image, dpi/4800 elsewhere (SVG, PDF and
** recording surfaces: 1/4 of a 1200-dpi dot). */
static void test_tolerance_by_surface(void) {
  cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 8, 8);
  cairo_t *cr = cairo_create(img);
  ASSERT_NEAR(phs_map_decimation_px(cr, 150), 0.25, 0);
  ASSERT_NEAR(phs_map_decimation_px(cr, 300), 0.25, 0);
  cairo_destroy(cr);
  cairo_surface_destroy(img);
  cairo_rectangle_t ext = {0, 0, 8, 8};
  cairo_surface_t *rec =
      cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
  cr = cairo_create(rec);
  ASSERT_NEAR(phs_map_decimation_px(cr, 150), 0.03125, 1e-15);
  ASSERT_NEAR(phs_map_decimation_px(cr, 300), 0.0625, 1e-15);
  cairo_destroy(cr);
  cairo_surface_destroy(rec);
}

/* End to end: one commune drawn as a square of 4 corners, and as the same
** square with a vertex every 0.25 m along its edges, alternately 0.02 m
** in and out (about a 1/50 pixel at this map's scale, ~0.8 px per m):
** the decimated drawing keeps the corners, and the zigzag it keeps
** strays at most a quarter pixel from the edges, so the two maps are
** nearly the same pixels. A dropped corner or vertex run would cut a
** visible notch. */
static void test_map_close_to_plain(void) {
  square plain;
  square_init(&plain, 0, 0, 100, 100);
  int per_edge = 400, nv = 4 * per_edge + 1;
  double *xy = malloc(sizeof(double) * 2 * (size_t)nv);
  ASSERT_TRUE(xy != NULL);
  if (xy == NULL) return;
  const double cx[5] = {0, 100, 100, 0, 0}, cy[5] = {0, 0, 100, 100, 0};
  int n = 0;
  for (int e = 0; e < 4; e++)
    for (int k = 0; k < per_edge; k++, n++) {
      double t = (double)k / per_edge;
      /* unit normal of the edge (pointing out of the square) */
      double nx = cy[e + 1] - cy[e], ny = -(cx[e + 1] - cx[e]);
      double len = hypot(nx, ny), off = k == 0 ? 0 : (k % 2 ? 0.02 : -0.02);
      xy[2 * n] = cx[e] + (cx[e + 1] - cx[e]) * t + off * nx / len;
      xy[2 * n + 1] = cy[e] + (cy[e + 1] - cy[e]) * t + off * ny / len;
    }
  xy[2 * n] = 0;
  xy[2 * n + 1] = 0;
  n++;
  int starts[2] = {0, n};
  unsigned char hole[1] = {0};
  phs_mpoly dense;
  memset(&dense, 0, sizeof(dense));
  dense.n_rings = 1;
  dense.ring_start = starts;
  dense.ring_hole = hole;
  dense.xy = xy;
  dense.cap_rings = 1;
  dense.cap_xy = n;
  dense.minx = dense.miny = -0.02;
  dense.maxx = dense.maxy = 100.02;

  phs_image img[2];
  memset(img, 0, sizeof(img));
  for (int v = 0; v < 2; v++) {
    phs_map_feature f;
    memset(&f, 0, sizeof(f));
    f.geom = v ? &dense : &plain.p;
    f.value = 50.0;
    const phs_mpoly *outl[1] = {f.geom};
    phs_map_spec spec;
    memset(&spec, 0, sizeof(spec));
    spec.width = 200;
    spec.height = 150;
    spec.dpi = 72;
    spec.title = "t";
    spec.features = &f;
    spec.n_features = 1;
    spec.outlines = outl;
    spec.n_outlines = 1;
    double val = 50.0;
    phs_diag dg;
    phs_diag_init(&dg);
    ASSERT_OK(phs_classify(&val, 1, PHS_CLASS_EQUAL, 1, NULL, 0,
                           &spec.classes, &dg));
    ASSERT_OK(phs_map_render(&spec, &img[v], &dg));
    phs_diag_clear(&dg);
  }
  long differ = 0, big = 0;
  int maxd = 0;
  ASSERT_TRUE(img[0].rgba != NULL && img[1].rgba != NULL);
  if (img[0].rgba && img[1].rgba) {
    for (long i = 0; i < 200L * 150; i++) {
      int px = 0;
      for (int c = 0; c < 3; c++) {
        int dv = abs(img[0].rgba[4 * i + c] - img[1].rgba[4 * i + c]);
        if (dv > px) px = dv;
      }
      differ += px > 0;
      big += px > 16;
      if (px > maxd) maxd = px;
    }
  }
  printf("render_decimate: map of a zigzag square vs the plain square: "
         "%ld pixels differ, %ld by more than 16, max %d\n",
         differ, big, maxd);
  ASSERT_EQ(big, 0);
  phs_image_free(&img[0]);
  phs_image_free(&img[1]);
  free(xy);
}

int main(void) {
  test_nearly_collinear_subpixel();
  test_first_last_and_four();
  test_tolerance_by_surface();
  test_map_close_to_plain();
  return phs_test_report("render_decimate");
}
