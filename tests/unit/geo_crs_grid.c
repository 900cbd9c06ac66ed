/*
** The interpolating transform of maps (geo/crs_grid.c) against PROJ: within
** its tolerance everywhere inside its box, bit for bit PROJ outside it, the
** same whatever the order of the points, and PROJ itself when no step can
** meet the tolerance.
*/
#include <stdint.h>
#include <stdlib.h>

#include "phs_geo.h"
#include "phs_test.h"

static uint64_t lcg = 0x2545F4914F6CDD1DULL;
static double uniform(double lo, double hi) {
  lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
  return lo + (hi - lo) * (double)(lcg >> 11) / 9007199254740992.0;
}

static int same_bits(double a, double b) { return memcmp(&a, &b, sizeof(a)) == 0; }

int main(void) {
  phs_diag d = {0};
  /* The national map's case: Vietnam's communes to UTM 48N, up to 5
  ** degrees from its central meridian. */
  phs_crs_transform *tr = phs_crs_transform_new("EPSG:4326", "EPSG:32648", &d);
  ASSERT_TRUE(tr != NULL);
  if (tr == NULL) return phs_test_report("geo_crs_grid");
  const double tol = 0.01;
  phs_crs_grid *g = phs_crs_grid_new(tr, 102.14, 8.41, 109.47, 23.39, tol);
  ASSERT_TRUE(g != NULL);
  /* A grid is used (not PROJ for everything), of whole fractions of a
  ** degree: 1/8 degree here (5 probes pass at 1/4 mm). */
  ASSERT_NEAR(phs_crs_grid_step(g), 0.125, 0);

  enum { N = 200000 };
  double *x = malloc(N * sizeof(double)), *y = malloc(N * sizeof(double));
  double *ex = malloc(N * sizeof(double)), *ey = malloc(N * sizeof(double));
  for (int i = 0; i < N; i++) {
    x[i] = ex[i] = uniform(102.14, 109.47);
    y[i] = ey[i] = uniform(8.41, 23.39);
  }
  /* Box corners and edges exactly. */
  x[0] = ex[0] = 102.14, y[0] = ey[0] = 8.41;
  x[1] = ex[1] = 109.47, y[1] = ey[1] = 23.39;
  ASSERT_EQ(phs_crs_grid_points(g, x, y, N), 0);
  ASSERT_EQ(phs_crs_transform_points(tr, ex, ey, N), 0);
  double worst = 0;
  for (int i = 0; i < N; i++) {
    worst = fmax(worst, fabs(x[i] - ex[i]));
    worst = fmax(worst, fabs(y[i] - ey[i]));
  }
  PHS_CHECK_(worst <= tol, "worst difference from PROJ %.6g m > %g", worst, tol);
  PHS_CHECK_(worst > 0, "the grid interpolated nothing (worst %.3g)", worst);

  /* Any order, same bits: the points again, reversed, through a new grid. */
  phs_crs_grid *g2 = phs_crs_grid_new(tr, 102.14, 8.41, 109.47, 23.39, tol);
  double *rx = malloc(N * sizeof(double)), *ry = malloc(N * sizeof(double));
  lcg = 0x2545F4914F6CDD1DULL;
  for (int i = 0; i < N; i++) {
    rx[N - 1 - i] = uniform(102.14, 109.47);
    ry[N - 1 - i] = uniform(8.41, 23.39);
  }
  rx[N - 1] = 102.14, ry[N - 1] = 8.41, rx[N - 2] = 109.47, ry[N - 2] = 23.39;
  phs_crs_grid_points(g2, rx, ry, N);
  int order_same = 1;
  for (int i = 0; i < N; i++)
    order_same &= same_bits(rx[N - 1 - i], x[i]) && same_bits(ry[N - 1 - i], y[i]);
  ASSERT_TRUE(order_same);

  /* Outside the box (and non-finite input): PROJ's own answer. */
  double ox[4] = {101.0, 111.5, 105.0, NAN}, oy[4] = {10.0, 12.0, 30.0, 10.0};
  double px[4] = {101.0, 111.5, 105.0, NAN}, py[4] = {10.0, 12.0, 30.0, 10.0};
  size_t fg = phs_crs_grid_points(g, ox, oy, 4);
  size_t fp = phs_crs_transform_points(tr, px, py, 4);
  ASSERT_EQ(fg, fp);
  ASSERT_EQ(fg, 1); /* the NaN */
  for (int i = 0; i < 4; i++)
    PHS_CHECK_(same_bits(ox[i], px[i]) && same_bits(oy[i], py[i]),
               "outside point %d: %.17g %.17g vs PROJ %.17g %.17g", i, ox[i],
               oy[i], px[i], py[i]);

  /* A polygon: vertices within tol, bbox from them. */
  phs_mpoly p, q;
  phs_mpoly_init(&p);
  phs_mpoly_init(&q);
  double ring[10] = {105.1, 10.1, 105.9, 10.1, 105.9, 10.8, 105.1, 10.8,
                     105.1, 10.1};
  ASSERT_OK(phs_mpoly_add_ring(&p, ring, 5, 0));
  ASSERT_OK(phs_mpoly_add_ring(&q, ring, 5, 0));
  ASSERT_EQ(phs_crs_grid_mpoly(g, &p), 0);
  ASSERT_EQ(phs_crs_transform_mpoly(tr, &q), 0);
  for (int k = 0; k < 10; k++) ASSERT_NEAR(p.xy[k], q.xy[k], tol);
  ASSERT_NEAR(p.minx, q.minx, tol);
  ASSERT_NEAR(p.maxy, q.maxy, tol);
  phs_mpoly_free(&p);
  phs_mpoly_free(&q);

  /* A tolerance no step can meet: PROJ for every point, bit for bit. */
  phs_crs_grid *g3 = phs_crs_grid_new(tr, 102.14, 8.41, 109.47, 23.39, 1e-15);
  ASSERT_NEAR(phs_crs_grid_step(g3), 0, 0);
  double tx[3] = {103.3, 106.6, 109.1}, ty[3] = {9.9, 16.6, 21.2};
  double ux[3] = {103.3, 106.6, 109.1}, uy[3] = {9.9, 16.6, 21.2};
  phs_crs_grid_points(g3, tx, ty, 3);
  phs_crs_transform_points(tr, ux, uy, 3);
  for (int i = 0; i < 3; i++)
    ASSERT_TRUE(same_bits(tx[i], ux[i]) && same_bits(ty[i], uy[i]));

  /* An empty box: PROJ too. */
  phs_crs_grid *g4 = phs_crs_grid_new(tr, HUGE_VAL, HUGE_VAL, -HUGE_VAL,
                                      -HUGE_VAL, tol);
  ASSERT_NEAR(phs_crs_grid_step(g4), 0, 0);

  phs_crs_grid_free(g);
  phs_crs_grid_free(g2);
  phs_crs_grid_free(g3);
  phs_crs_grid_free(g4);
  phs_crs_transform_free(tr);
  free(x), free(y), free(ex), free(ey), free(rx), free(ry);
  return phs_test_report("geo_crs_grid");
}
