/*
** map_outline_simplify.c: a district outline is stored simplified at 1.5 m
** (data/outline.c, OUTLINE_SIMPLIFY_M), in the district's UTM zone.
**
** One district of one commune: a circle of radius 1,000 m around
** (700,000 E, 1,160,000 N) in UTM 48N (EPSG:32648; near 106.8 E, 10.5 N),
** drawn with 720 vertices (0.5 degrees apart), written in lon/lat. The
** closing (75 m out, 75 m in) leaves a convex polygon as it is, so before
** the simplification the stored outline had the 720 vertices back. By
** hand:
**  - a chord of angle t lies 1000 (1 - cos(t/2)) m from its arc at most:
**    within 1.5 m for t up to 2 acos(1 - 1.5/1000) = 6.28 degrees, so
**    no simplification within 1.5 m keeps fewer than 360 / 6.28 = 57.3,
**    i.e. 58 vertices; Douglas-Peucker halves the arcs until they are
**    within tolerance: 360 / 64 = 5.6 degrees, 64 vertices (GEOS 3.11
**    gives 64; at most 90, an eighth of the 720, allowed here). 720 steps
**    do not split evenly in 64, so some chords span 12 steps, 6 degrees:
**    1000 (1 - cos 3) = 1.37 m off their middle vertex;
**  - the simplifier keeps input vertices: every stored vertex is on the
**    circle (radius 1,000 m to the centimetre);
**  - every input vertex lies within 1.5 m of the stored outline.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "phs_analyzer.h"
#include "phs_test.h"

#define N_IN 720
#define R_M 1000.0
#define CX 700000.0
#define CY 1160000.0

/* Distance from (px, py) to the segment a-b. */
static double seg_dist(double px, double py, double ax, double ay, double bx,
                       double by) {
  double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
  double t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
  if (t < 0) t = 0;
  if (t > 1) t = 1;
  return hypot(px - (ax + t * dx), py - (ay + t * dy));
}

int main(void) {
  const char *tmp = getenv("PHS_TMP");
  char path[1024], gj[1024];
  snprintf(path, sizeof(path), "%s/map_outline_simplify.sqlite",
           tmp ? tmp : "/tmp");
  snprintf(gj, sizeof(gj), "%s/map_outline_simplify.geojson",
           tmp ? tmp : "/tmp");
  unlink(path);
  phs_diag d;
  phs_diag_init(&d);

  /* The circle in UTM 48N, and in lon/lat for the file. */
  double ux[N_IN + 1], uy[N_IN + 1], lx[N_IN + 1], ly[N_IN + 1];
  for (int k = 0; k <= N_IN; k++) {
    double a = 2 * M_PI * (k % N_IN) / N_IN;
    ux[k] = lx[k] = CX + R_M * cos(a);
    uy[k] = ly[k] = CY + R_M * sin(a);
  }
  phs_crs_transform *to_ll = phs_crs_transform_new("EPSG:32648", "EPSG:4326", &d);
  phs_crs_transform *to_utm = phs_crs_transform_new("EPSG:4326", "EPSG:32648", &d);
  ASSERT_TRUE(to_ll != NULL && to_utm != NULL);
  if (to_ll == NULL || to_utm == NULL) return phs_test_report("map_outline_simplify");
  ASSERT_EQ(phs_crs_transform_points(to_ll, lx, ly, N_IN + 1), 0);

  FILE *f = fopen(gj, "w");
  ASSERT_TRUE(f != NULL);
  if (f == NULL) return phs_test_report("map_outline_simplify");
  fprintf(f, "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": "
             "\"Feature\", \"properties\": {\"commune_code\": \"80001\", "
             "\"commune_name\": \"Xã Tròn\", \"district_code\": \"801\", "
             "\"district_name\": \"Huyện Tròn\", \"province_code\": \"80\", "
             "\"province_name\": \"Tỉnh Thử\"}, \"geometry\": {\"type\": "
             "\"Polygon\", \"coordinates\": [[");
  for (int k = 0; k <= N_IN; k++)
    fprintf(f, "%s[%.12f, %.12f]", k ? ", " : "", lx[k], ly[k]);
  fprintf(f, "]]}}]}\n");
  fclose(f);

  phs_store *s = NULL;
  ASSERT_OK(phs_store_create(path, &s, &d));
  if (s == NULL) return phs_test_report("map_outline_simplify");
  phs_import_opts o;
  memset(&o, 0, sizeof(o));
  phs_import_result res;
  int rc = phs_import(s, PHS_IMPORT_COMMUNES, gj, &o, &res, &d);
  PHS_CHECK_(rc == PHS_OK, "import: %s", d.msg);
  phs_diag_clear(&d);

  phs_dataset ds;
  ASSERT_OK(phs_dataset_load_map(s, &ds, &d));
  ASSERT_EQ(ds.n_outlines, 1);
  if (ds.n_outlines == 1) {
    phs_mpoly *g = &ds.outlines[0].geom;
    ASSERT_STREQ(ds.outlines[0].district_code, "801");
    ASSERT_EQ(g->n_rings, 1);
    phs_crs_transform_mpoly(to_utm, g);
    int n = g->n_rings > 0 ? g->ring_start[1] : 0;
    printf("map_outline_simplify: %d input vertices, %d stored\n", N_IN, n);
    ASSERT_TRUE(n >= 58);
    ASSERT_TRUE(n <= N_IN / 8);
    /* Stored vertices are input vertices: on the circle. */
    double worst_r = 0;
    for (int k = 0; k < n; k++) {
      double r = hypot(g->xy[2 * k] - CX, g->xy[2 * k + 1] - CY);
      worst_r = fmax(worst_r, fabs(r - R_M));
    }
    ASSERT_NEAR(worst_r, 0, 0.01);
    /* Every input vertex within 1.5 m of the stored ring (which has no
    ** repeated closing vertex: the last edge goes back to the first). */
    double worst = 0;
    for (int i = 0; i < N_IN && n > 1; i++) {
      double best = INFINITY;
      for (int k = 0; k < n; k++) {
        int j = (k + 1) % n;
        best = fmin(best, seg_dist(ux[i], uy[i], g->xy[2 * k], g->xy[2 * k + 1],
                                   g->xy[2 * j], g->xy[2 * j + 1]));
      }
      worst = fmax(worst, best);
    }
    printf("map_outline_simplify: farthest input vertex %.3f m from the "
           "outline\n", worst);
    ASSERT_TRUE(worst <= 1.5 + 1e-6);
    ASSERT_TRUE(worst > 0.5); /* it was simplified, not just copied */
  }
  phs_dataset_free(&ds);
  phs_store_close(s);
  phs_crs_transform_free(to_ll);
  phs_crs_transform_free(to_utm);
  phs_diag_clear(&d);
  unlink(path);
  unlink(gj);
  return phs_test_report("map_outline_simplify");
}
