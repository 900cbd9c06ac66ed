/*
** geo_terrain_los.c: the DEM's line-of-sight verdict per cell
** (phs_terrain_sweep) and its use by the coverage grid: in front of a
** ridge a 38.901 model's LOS formula, behind it the NLOS formula, with the
** knife-edge loss counted only beyond the obstruction loss the NLOS formula
** already holds (max(PL_NLOS, PL_LOS + J), docs/propagation.md, "Terrain
** and the LOS/NLOS choice"). Every expected value is worked out below from
** the geometry and the published formulas.
**
** Shared numbers: k = 4/3, kR = 8 494 666.7 m, Earth drop s^2 / (2 kR);
** J(v) = 6.9 + 20 log10(sqrt((v - 0.1)^2 + 1) + v - 0.1) (ITU-R P.526).
** DEMs: flat sea-level ground, 401 x 401 cells of 10 m, top-left
** (-2005, 2005), so cell (i, j) is centred at (-2000 + 10 i, 2000 - 10 j);
** a north-south wall fills columns 300-304 (x = 1000 ... 1040 m). Output
** grids are the DEM grid; the x axis is row j = 200, x = 10 (i - 200).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "phs_coverage.h"
#include "phs_radio.h"
#include "phs_test.h"

#define N 401

static float *wall_dem(phs_dem *dem, float height) {
  float *z = calloc((size_t)N * N, sizeof(float));
  for (int j = 0; j < N; j++)
    for (int i = 300; i <= 304; i++) z[(size_t)j * N + i] = height;
  phs_dem t = {N, N, -2005, 2005, 10, z};
  *dem = t;
  return z;
}

/*
** The three regimes behind a low wall: 12 m high, antenna 30 m, receiver
** 1.5 m, 1800 MHz (lambda = 0.16655136 m). The wall top is below the
** antenna, so the horizon is its far edge, d1 = 1040 m (sampled exactly by
** the 5 m steps), slope T = (12 - 0.0636635 - 30) / 1040 = -0.01736891.
** A receiver at s sees the antenna iff (1.5 - s^2/(2 kR) - 30) / s >= T,
** its ground is in view iff (-s^2/(2 kR) - 30) / s >= T:
** - s = 1300: cut. Line at d1: 30 + (1.5 - 0.099474 - 30) 1040/1300 =
**   7.120421, obstacle 11.936337, h = 4.815916, d2 = 260;
**   v = h sqrt(2 s / (lambda d1 d2)) = 1.157146, J = 14.9015 dB; LOS 0.
** - s = 1600: cut, h = 0.559280, v = 0.101583, J = 6.9137 dB; LOS 0.
** - s = 1700: the receiver clears the edge by 0.524304 m (h < 0) but its
**   ground does not: partial Fresnel obstruction, v = -0.090419,
**   J = 5.2559 dB, and the direct ray exists: LOS 1.
** - s = 1800: the ground is in view (-(0.190708 + 30) / 1800 = -0.0167726
**   >= T): 0 dB, LOS 1. So are the cells in front of the wall and behind
**   the site.
*/
static void test_sweep_flags(void) {
  phs_dem dem;
  float *z = wall_dem(&dem, 12.0f);
  float *loss = malloc((size_t)N * N * sizeof(float));
  unsigned char *los = malloc((size_t)N * N);
  phs_terrain_request rq = {"S1", 0, 0, 30, 1.5, 1800, 0, 1995,
                            N, N, -2005, 2005, 10};
  phs_diag d;
  phs_diag_init(&d);
  ASSERT_OK(phs_terrain_sweep(&dem, &rq, loss, los, &d));
  const float *ax = loss + 200 * (size_t)N;
  const unsigned char *lx = los + 200 * (size_t)N;
  ASSERT_NEAR(ax[200 + 130], 14.9015, 2e-3);
  ASSERT_EQ(lx[200 + 130], 0);
  ASSERT_NEAR(ax[200 + 160], 6.9137, 2e-3);
  ASSERT_EQ(lx[200 + 160], 0);
  ASSERT_NEAR(ax[200 + 170], 5.2559, 2e-3);
  ASSERT_EQ(lx[200 + 170], 1);
  ASSERT_TRUE(ax[200 + 180] == 0.0f);
  ASSERT_EQ(lx[200 + 180], 1);
  ASSERT_EQ(lx[200], 1); /* the site's own cell */
  for (int i = 1; i <= 98; i++) {
    ASSERT_TRUE(ax[200 + i] == 0.0f && lx[200 + i] == 1); /* in front */
    ASSERT_TRUE(ax[200 - i] == 0.0f && lx[200 - i] == 1); /* behind site */
  }
  /* Beyond max_dist (the corner): NaN and not LOS. */
  ASSERT_TRUE(isnan(loss[0]));
  ASSERT_EQ(los[0], 0);
  /* Every cell: LOS exactly where the loss is at most J(0) = 6.03 dB
  ** (clear, or a partial obstruction); cut cells have v > 0, J > 6.03. */
  long mismatch = 0;
  for (long k = 0; k < (long)N * N; k++)
    if (!isnan(loss[k]) && (los[k] == 1) != (loss[k] <= 6.0329f)) mismatch++;
  ASSERT_EQ(mismatch, 0);
  /* phs_terrain_loss is the same sweep without the flags. */
  float *loss2 = malloc((size_t)N * N * sizeof(float));
  ASSERT_OK(phs_terrain_loss(&dem, &rq, loss2, &d));
  ASSERT_TRUE(memcmp(loss, loss2, (size_t)N * N * sizeof(float)) == 0);
  free(loss2);
  free(los);
  free(loss);
  free(z);
  phs_diag_clear(&d);
}

/* An omnidirectional site with a flat vertical pattern and 0 dBi: the
** antenna term of the link budget is 0 everywhere. */
static phs_radio_site flat_site(double h_bs) {
  phs_radio_site s;
  memset(&s, 0, sizeof(s));
  s.h_bs = h_bs;
  s.f_mhz = 3500;
  s.ant.azimuth_deg = NAN;
  s.ant.h_beamwidth_deg = 65;
  s.ant.v_beamwidth_deg = 1e9;
  s.ant.front_back_db = 30;
  s.ant.sla_v_db = 30;
  return s;
}

/*
** UMa at 3.5 GHz, antenna 25 m at (0, 0), receiver 1.5 m, EIRP_RS 0 dBm,
** reliability 0.9 (z = 1.2815515655: margin 5.1262063 dB with the LOS
** sigma 4 dB, 7.6893094 dB with the NLOS sigma 6 dB). Wall 50 m high: its
** near edge (1000 m) is the horizon, T = (50 - 0.0588605 - 25) / 1000 =
** 0.02494114. lambda = 299.792458 / 3500 = 0.08565499 m.
** 38.901 UMa (test_uma in geo_propagation.c for the terms):
**   d'_BP = 560 m, log10(560^2 + 23.5^2) = 5.4971402.
** - x = 500: in front, clear: PL_LOS = PL1 = 28 + 22 * 2.6994492 +
**   10.8813609 = 98.2692423; signal = -98.2692423 - 5.1262063
**   = -103.3954486 dBm, the LOS formula exactly.
** - x = 1500: cut. d3D = 1500.1840720, log10 = 3.1761446;
**   PL_LOS = PL2 = 28 + 127.0457820 + 10.8813609 - 49.4742618 = 116.4528811;
**   PL_NLOS = 13.54 + 124.1237291 + 10.8813609 = 148.5450900.
**   Edge: line at d1 = 25 + (1.5 - 0.1324360 - 25) * 1000/1500 = 9.2450427,
**   h = 49.9411395 - 9.2450427 = 40.6960969, d2 = 500;
**   v = h sqrt(2 * 1500 / (lambda * 1000 * 500)) = 10.7709015,
**   J = 6.9 + 20 log10(sqrt(10.6709015^2 + 1) + 10.6709015) = 33.5036297.
**   PL_LOS + J = 149.9565108 > PL_NLOS: the ridge cuts deeper than the NLOS
**   formula assumes; signal = -149.9565108 - 7.6893094 = -157.6458202.
** - x = 1900: cut. log10 d3D = 3.2787868; PL_LOS = 28 + 131.1514727 +
**   10.8813609 - 49.4742618 = 120.5585718; PL_NLOS = 13.54 + 128.1349888 +
**   10.8813609 = 152.5563497; edge h = 37.4213955, v = 8.3083387,
**   J = 31.2377561, PL_LOS + J = 151.7963281 < PL_NLOS: the NLOS formula
**   alone; signal = -152.5563497 - 7.6893094 = -160.2456591.
** (Adding J to the NLOS formula, the double count, would give -189.7 at
** x = 1500.)
*/
static void test_coverage_ridge(void) {
  phs_dem dem;
  float *z = wall_dem(&dem, 50.0f);
  phs_diag d;
  phs_diag_init(&d);
  phs_link_params p = {PHS_PL_38901_UMA, PHS_ENV_URBAN, PHS_LOS_TERRAIN, 1.5,
                       -300, 0.9, 1995};
  phs_radio_site s = flat_site(25);
  phs_cov_grid g;
  ASSERT_OK(phs_cov_grid_init(&g, -2005, 2005, N, N, 10, 1, &d));
  long oor = 0;
  ASSERT_OK(phs_cov_add_site(&g, &s, 0, "R1", &p, &dem, &oor, &d));
  const float *ax = g.best_dbm + 200 * (size_t)N;
  ASSERT_NEAR(ax[200 + 50], -103.3954486, 1e-4); /* float storage */
  ASSERT_NEAR(ax[200 + 150], -157.6458202, 2e-3); /* J tabulated */
  ASSERT_NEAR(ax[200 + 190], -160.2456591, 2e-3);
  /* In range (h_BS 25 m) except the cells closer than 10 m (the site's
  ** own cell, d2D = 0): one cell. */
  ASSERT_EQ(oor, 1);
  phs_cov_grid_free(&g);

  /* Forced NLOS with the DEM: the NLOS formula in front (129.9158338 +
  ** 7.6893094), the same max rule behind. */
  p.los = PHS_LOS_NLOS;
  ASSERT_OK(phs_cov_grid_init(&g, -2005, 2005, N, N, 10, 1, &d));
  ASSERT_OK(phs_cov_add_site(&g, &s, 0, "R1", &p, &dem, NULL, &d));
  ax = g.best_dbm + 200 * (size_t)N;
  ASSERT_NEAR(ax[200 + 50], -137.6051432, 1e-4);
  ASSERT_NEAR(ax[200 + 150], -157.6458202, 2e-3);
  phs_cov_grid_free(&g);

  /* Terrain mode without a DEM has no verdict: NLOS everywhere. */
  p.los = PHS_LOS_TERRAIN;
  ASSERT_OK(phs_cov_grid_init(&g, -2005, 2005, N, N, 10, 1, &d));
  ASSERT_OK(phs_cov_add_site(&g, &s, 0, "R1", &p, NULL, NULL, &d));
  ASSERT_NEAR(g.best_dbm[200 * (size_t)N + 250], -137.6051432, 1e-4);
  phs_cov_grid_free(&g);

  /* A 45 m antenna is outside UMa's accepted 18.5-36.5 m: every cell of
  ** the site is counted (threshold -300 dBm: all are "covered"); the disc
  ** of radius 1995 m holds about pi 199.5^2 = 125 036 cells. */
  s.h_bs = 45;
  ASSERT_OK(phs_cov_grid_init(&g, -2005, 2005, N, N, 10, 1, &d));
  oor = 0;
  ASSERT_OK(phs_cov_add_site(&g, &s, 0, "R1", &p, &dem, &oor, &d));
  ASSERT_TRUE(labs(oor - 125036) < 300);
  phs_cov_grid_free(&g);
  free(z);
  phs_diag_clear(&d);
}

int main(void) {
  test_sweep_flags();
  test_coverage_ridge();
  return phs_test_report("geo_terrain_los");
}
