/*
** geo_terrain.c: terrain loss by radial sweep over synthetic DEMs (flat
** ground, the curved Earth beyond the radio horizon, one ridge that must
** cast a shadow, a DEM that misses the site), the knife-edge loss J(v) and
** bilinear DEM heights, against values worked out by hand below.
**
** Shared numbers: k = 4/3, effective Earth radius kR = 8 494 666.7 m,
** sqrt(2 kR) = 4121.81 m^(1/2); lambda = 299.792458 / f_MHz metres.
*/
#include <math.h>
#include <stdlib.h>

#include "phs_radio.h"
#include "phs_test.h"

/* J(v) = 6.9 + 20 log10(sqrt((v - 0.1)^2 + 1) + v - 0.1), ITU-R P.526. */
static void test_knife_edge(void) {
  /* v = 0: 6.9 + 20 log10(sqrt(1.01) - 0.1) = 6.9 + 20 log10(0.904988)
  ** = 6.9 - 0.8671 = 6.0329 dB (the textbook 6.02 dB at grazing). */
  ASSERT_NEAR(phs_knife_edge_db(0), 6.032852, 1e-5);
  /* v = 1: sqrt(0.81 + 1) + 0.9 = 2.245362; 20 log10 = 7.025729;
  ** J = 13.925729 dB. */
  ASSERT_NEAR(phs_knife_edge_db(1), 13.925729, 1e-5);
  /* v = 2.4: sqrt(5.29 + 1) + 2.3 = 4.807987; 20 log10 = 13.639266;
  ** J = 20.539266 dB. */
  ASSERT_NEAR(phs_knife_edge_db(2.4), 20.539266, 1e-5);
  /* v = -0.5: sqrt(0.36 + 1) - 0.6 = 0.566190; 20 log10 = -4.940750;
  ** J = 1.959250 dB (partial obstruction of the first Fresnel zone). */
  ASSERT_NEAR(phs_knife_edge_db(-0.5), 1.959250, 1e-5);
  /* At the cut-off the formula itself is ~0: sqrt(0.7744 + 1) - 0.88 =
  ** 0.452051, 20 log10 = -6.896; 6.9 - 6.896 = 0.004 dB. */
  ASSERT_NEAR(phs_knife_edge_db(-0.7799), 0.0, 0.01);
  ASSERT_TRUE(phs_knife_edge_db(-0.78) == 0.0);
  ASSERT_TRUE(phs_knife_edge_db(-5) == 0.0);
  ASSERT_TRUE(phs_knife_edge_db(NAN) == 0.0);
}

/* A 3 x 3 DEM with res 10 and top-left (100, 230): centres at
** x = 105, 115, 125 and y = 225, 215, 205, heights z = 2 x + 3 y - 900, a
** plane, which bilinear interpolation reproduces exactly. */
static void test_dem_height(void) {
  float z[9];
  for (int j = 0; j < 3; j++)
    for (int i = 0; i < 3; i++)
      z[j * 3 + i] = (float)(2 * (105 + 10 * i) + 3 * (225 - 10 * j) - 900);
  phs_dem dem = {3, 3, 100, 230, 10, z};
  /* (110, 220): 220 + 660 - 900 = -20. */
  ASSERT_NEAR(phs_dem_height(&dem, 110, 220), -20, 1e-9);
  /* (117.5, 207.5): 235 + 622.5 - 900 = -42.5. */
  ASSERT_NEAR(phs_dem_height(&dem, 117.5, 207.5), -42.5, 1e-9);
  /* A cell centre (115, 215): 230 + 645 - 900 = -25. */
  ASSERT_NEAR(phs_dem_height(&dem, 115, 215), -25, 1e-9);
  /* Inside the outer half cell the edge value is held: (101, 225) takes
  ** the centre (105, 225): 210 + 675 - 900 = -15. */
  ASSERT_NEAR(phs_dem_height(&dem, 101, 225), -15, 1e-9);
  /* Outside the extent [100, 130] x [200, 230]: NaN. */
  ASSERT_TRUE(isnan(phs_dem_height(&dem, 99.9, 215)));
  ASSERT_TRUE(isnan(phs_dem_height(&dem, 115, 230.1)));
  ASSERT_TRUE(isnan(phs_dem_height(&dem, 130.1, 215)));
  ASSERT_TRUE(isnan(phs_dem_height(NULL, 115, 215)));
  /* No data at the centre (125, 205): points that use it are NaN, a
  ** point on the centre row y = 215 does not use it. */
  z[8] = NAN;
  ASSERT_TRUE(isnan(phs_dem_height(&dem, 120, 210)));
  ASSERT_NEAR(phs_dem_height(&dem, 120, 215), 240 + 645 - 900, 1e-9);
  ASSERT_NEAR(phs_dem_height(&dem, 110, 210), 220 + 630 - 900, 1e-9);
}

static float *flat_dem(phs_dem *dem, int nx, int ny, double x0, double y0,
                       double res, float h) {
  float *z = malloc((size_t)nx * ny * sizeof(float));
  for (long i = 0; i < (long)nx * ny; i++) z[i] = h;
  phs_dem t = {nx, ny, x0, y0, res, z};
  *dem = t;
  return z;
}

static phs_terrain_request request(double x, double y, double max_dist,
                                   int nx, int ny, double x0, double y0,
                                   double res) {
  phs_terrain_request rq = {"S1", x, y, 30, 1.5, 1800, 0, max_dist,
                            nx, ny, x0, y0, res};
  return rq;
}

/*
** Flat sea-level ground, site at the centre, 10 km at 50 m. The curved
** Earth alone hides nothing here: ground seen from an antenna h metres up
** disappears beyond sqrt(2 kR h) = 4121.81 sqrt(30) = 22 576 m, a receiver
** 1.5 m up beyond 4121.81 (sqrt(30) + sqrt(1.5)) = 27 624 m. So every cell
** within 10 km is 0 dB (not NaN, whatever its angle), every cell beyond is
** NaN.
*/
static void test_flat(void) {
  phs_dem dem;
  float *z = flat_dem(&dem, 440, 440, -11000, 11000, 50, 0.0f);
  int n = 420;
  float *loss = malloc((size_t)n * n * sizeof(float));
  phs_terrain_request rq = request(25, -25, 10000, n, n, -10500, 10500, 50);
  phs_diag d;
  phs_diag_init(&d);
  ASSERT_OK(phs_terrain_loss(&dem, &rq, loss, &d));
  long inside = 0, zero = 0, outside = 0, nan_out = 0;
  for (int j = 0; j < n; j++)
    for (int i = 0; i < n; i++) {
      double dx = -10500 + (i + 0.5) * 50 - 25, dy = 10500 - (j + 0.5) * 50 + 25;
      float v = loss[(size_t)j * n + i];
      if (dx * dx + dy * dy <= 1e8) {
        inside++;
        zero += v == 0.0f;
      } else {
        outside++;
        nan_out += isnan(v);
      }
    }
  ASSERT_TRUE(inside > 125000); /* pi * 200^2 = 125 664 cells */
  ASSERT_EQ(zero, inside);
  ASSERT_EQ(nan_out, outside);

  /* The same at 700 MHz (lambda 0.43 m, the widest Fresnel zone): still no
  ** loss, the ground under the receiver is part of the flat-earth model. */
  rq.f_mhz = 700;
  rq.h_bs = 10;
  ASSERT_OK(phs_terrain_loss(&dem, &rq, loss, &d));
  zero = 0;
  for (long i = 0; i < (long)n * n; i++) zero += loss[i] == 0.0f;
  ASSERT_EQ(zero, inside);

  /* A raised plateau: the same, at any height. */
  for (long i = 0; i < 440L * 440; i++) z[i] = 812.5f;
  ASSERT_OK(phs_terrain_loss(&dem, &rq, loss, &d));
  zero = 0;
  for (long i = 0; i < (long)n * n; i++) zero += loss[i] == 0.0f;
  ASSERT_EQ(zero, inside);
  free(loss);
  free(z);
  phs_diag_clear(&d);
}

/*
** The curved Earth beyond the radio horizon: a flat sea-level strip along
** the x axis, 40 km, 100 m cells, site at x = 0, antenna 30 m, receiver
** 1.5 m, 1800 MHz (lambda = 0.166551 m).
** - x <= 22 000 m: the ground is in view (horizon of the antenna 22 576 m):
**   0 dB.
** - x = 30 050 m (a cell centre), beyond the radio horizon 27 624 m: the
**   obstacle is the antenna's horizon, the tangent point 22 576 m, sampled
**   at d1 = 22 600 m (50 m steps; the slope to the ground there,
**   -(22600^2 / (2 kR) + 30) / 22600 = -0.00265768006, beats 22 550 m's
**   -0.00265768035). d2 = 7450 m. Height above the line from the antenna
**   (30 m) to the receiver (1.5 m), with the bulge d1 d2 / (2 kR):
**   h = 22600 * 7450 / 16 989 333 - (30 - 28.5 * 22600 / 30050)
**     = 9.910339 - 8.565724 = 1.344612 m;
**   v = h sqrt(2 d / (lambda d1 d2))
**     = 1.344612 * sqrt(60100 / (0.166551 * 22600 * 7450)) = 0.062248;
**   J = 6.9 + 20 log10(sqrt(0.037752^2 + 1) + 0.037752) = 6.5722 dB.
** - Farther out the loss grows.
*/
static void test_curved_earth(void) {
  phs_dem dem;
  float *z = flat_dem(&dem, 420, 10, -500, 500, 100, 0.0f);
  int n = 400;
  float *loss = malloc((size_t)n * sizeof(float));
  /* One row of cells whose centres lie on the x axis: x = 50, 150, ... */
  phs_terrain_request rq = request(0, 0, 39000, n, 1, 0, 50, 100);
  phs_diag d;
  phs_diag_init(&d);
  ASSERT_OK(phs_terrain_loss(&dem, &rq, loss, &d));
  /* cell i is at x = 100 i + 50; x = 30 050 is i = 300 (d = 30 050). */
  for (int i = 0; i <= 219; i++) ASSERT_TRUE(loss[i] == 0.0f);
  ASSERT_NEAR(loss[300], 6.5722, 0.001);
  ASSERT_TRUE(loss[300] > 6.0f);
  ASSERT_TRUE(loss[380] > loss[300]);
  for (int i = 280; i < 389; i++) ASSERT_TRUE(loss[i + 1] >= loss[i]);
  free(loss);
  free(z);
  phs_diag_clear(&d);
}

/*
** A ridge: flat sea-level ground (4 km square, 10 m cells, centres at
** multiples of 10 m) with a wall 50 m high whose cell centres run from
** x = 1000 to 1040 m across the whole DEM. Site at (0, 0), antenna 30 m,
** receivers 1.5 m, 1800 MHz (lambda = 0.166551 m), output grid = DEM grid.
** Seen from the antenna the wall's front top edge (x = 1000, sampled
** exactly by the 5 m steps of the ray along the x axis) is the horizon.
** Receiver at x = 1500 (d = 1500, d1 = 1000, d2 = 500):
**   obstacle 50 - 1000^2 / (2 kR) = 50 - 0.058861 = 49.941139 (in the
**   antenna's frame), receiver -1500^2 / (2 kR) + 1.5 = 1.367132, line at
**   d1: 30 + (1.367132 - 30) * 1000 / 1500 = 10.911421, h = 39.029718;
**   v = h sqrt(2 * 1500 / (0.166551 * 1000 * 500)) = 7.407877;
**   J = 6.9 + 20 log10(sqrt(7.307877^2 + 1) + 7.307877) = 30.2368 dB.
** Receiver at x = 1900: h = 35.052974, v = 5.581119, J = 27.7694 dB.
** Receivers in front of the wall see the antenna: 0 dB.
*/
static void test_ridge(void) {
  phs_dem dem;
  int n = 401;
  float *z = flat_dem(&dem, n, n, -2005, 2005, 10, 0.0f);
  for (int j = 0; j < n; j++)
    for (int i = 300; i <= 304; i++) z[(size_t)j * n + i] = 50.0f;
  float *loss = malloc((size_t)n * n * sizeof(float));
  phs_terrain_request rq = request(0, 0, 1995, n, n, -2005, 2005, 10);
  phs_diag d;
  phs_diag_init(&d);
  ASSERT_OK(phs_terrain_loss(&dem, &rq, loss, &d));
  /* Row j = 200 is y = 0; column i is x = 10 (i - 200). */
  const float *axis = loss + 200 * (size_t)n;
  ASSERT_NEAR(axis[200 + 150], 30.2368, 0.01);
  ASSERT_NEAR(axis[200 + 190], 27.7694, 0.01);
  for (int i = 0; i <= 98; i++) {
    ASSERT_TRUE(axis[200 + i] == 0.0f);
    ASSERT_TRUE(axis[200 - i] == 0.0f); /* behind the site: open ground */
  }
  /* Every cell behind the wall within 1995 m is in its shadow (>= 6 dB
  ** at grazing, and here far more), every cell in front of it is clear. */
  long behind = 0, shadowed = 0, front = 0, clear = 0;
  for (int j = 0; j < n; j++)
    for (int i = 0; i < n; i++) {
      double x = 10.0 * (i - 200), y = 10.0 * (200 - j);
      float v = loss[(size_t)j * n + i];
      if (x * x + y * y > 1995.0 * 1995.0) continue;
      if (x >= 1060) {
        behind++;
        shadowed += v > 20.0f;
      } else if (x <= 980) {
        front++;
        clear += v == 0.0f;
      }
    }
  ASSERT_TRUE(behind > 1000);
  ASSERT_EQ(shadowed, behind);
  ASSERT_EQ(clear, front);
  /* Off the axis the geometry hardly changes: (1500, 200) is within 1 dB
  ** of the on-axis receiver. */
  ASSERT_NEAR(loss[(size_t)(200 - 20) * n + 350], 30.24, 1.0);

  /* A 200 m mast sees the ground at x = 1500 over the wall: slope to the
  ** wall's top (49.94 - 200) / 1000 = -0.1501 < slope to that ground
  ** (-0.13 - 200) / 1500 = -0.1334 (the break-even mast is 150.1 m). */
  rq.h_bs = 200;
  ASSERT_OK(phs_terrain_loss(&dem, &rq, loss, &d));
  ASSERT_TRUE(axis[200 + 150] == 0.0f);
  free(loss);
  free(z);
  phs_diag_clear(&d);
}

/* The DEM must cover the site: otherwise an error that names it, never sea
** level. Cells off the DEM are NaN. */
static void test_coverage(void) {
  phs_dem dem;
  float *z = flat_dem(&dem, 100, 100, 0, 1000, 10, 5.0f);
  float loss[40 * 40];
  phs_terrain_request rq = request(-50, 500, 300, 40, 40, -200, 700, 10);
  phs_diag d;
  phs_diag_init(&d);
  ASSERT_EQ(phs_terrain_loss(&dem, &rq, loss, &d), PHS_EINPUT);
  ASSERT_CONTAINS(d.msg, "site S1");
  ASSERT_CONTAINS(d.msg, "(-50.0, 500.0)");
  ASSERT_CONTAINS(d.msg, "does not cover");
  phs_diag_clear(&d);

  /* No data at the site: the same error. */
  z[50 * 100 + 50] = NAN;
  rq.x = 505;
  rq.y = 495;
  ASSERT_EQ(phs_terrain_loss(&dem, &rq, loss, &d), PHS_EINPUT);
  ASSERT_CONTAINS(d.msg, "site S1");
  phs_diag_clear(&d);
  z[50 * 100 + 50] = 5.0f;

  /* A site near the west edge: cells west of x = 0 are NaN, the others 0. */
  rq.x = 5;
  rq.y = 505;
  ASSERT_OK(phs_terrain_loss(&dem, &rq, loss, &d));
  long nan_west = 0, west = 0, zero_east = 0, east = 0;
  for (int j = 0; j < 40; j++)
    for (int i = 0; i < 40; i++) {
      double x = -200 + (i + 0.5) * 10, y = 700 - (j + 0.5) * 10;
      if ((x - 5) * (x - 5) + (y - 505) * (y - 505) > 300.0 * 300) continue;
      if (x < 0) {
        west++;
        nan_west += isnan(loss[j * 40 + i]);
      } else if (x > 10) {
        east++;
        zero_east += loss[j * 40 + i] == 0.0f;
      }
    }
  ASSERT_TRUE(west > 100 && east > 100);
  ASSERT_EQ(nan_west, west);
  ASSERT_EQ(zero_east, east);

  /* Bad requests are usage errors. */
  rq.res = 0;
  ASSERT_EQ(phs_terrain_loss(&dem, &rq, loss, &d), PHS_EUSAGE);
  phs_diag_clear(&d);
  free(z);
}

int main(void) {
  test_knife_edge();
  test_dem_height();
  test_flat();
  test_curved_earth();
  test_ridge();
  test_coverage();
  return phs_test_report("geo_terrain");
}
