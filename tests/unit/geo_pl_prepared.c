/*
** geo_pl_prepared.c: the per-site precomputed forms against the direct
** formulas they replace in the coverage grid's inner loop, and the site's
** reach.
**
** - phs_pl_prepared_db against phs_path_loss_terrain_db, and
**   phs_antenna_prepared_gain_dbi against phs_antenna_gain_dbi, and
**   phs_site_link_signal_dbm against phs_site_signal_dbm, on sweeps of
**   distances (1 m to 20 km, and both sides of every breakpoint), heights,
**   carriers, environments, LOS modes, terrain verdicts and losses,
**   tilts and directions: |difference| <= 1e-9 dB everywhere, the same
**   in_range verdicts, NaN where the direct form gives NaN.
** - The reach by hand: free space, flat pattern, EIRP_RS 0 dBm, 1000 MHz,
**   no margin: 20 log10(d_km) + 60 + 32.45 = 92.45 dB at exactly 1 km, so
**   a -92.45 dBm threshold gives a reach of 1 km (to the bisection's
**   1 mm); -80 dBm needs 20 log10(d_km) <= -12.45, d = 0.2377 km.
** - The reach is a bound: for real site set-ups (UMa, UMi, RMa, Hata with
**   the default pattern and tilts, every LOS mode) no point beyond it, in
**   any of 24 directions, every 7.5 m out to 15 km, reaches the
**   threshold, and some point within it does.
** - A grid with covered_only has the same covered cells (best >= threshold)
**   and overlap counts as the full grid.
** - phs_terrain_sweep_reach gives exactly phs_terrain_sweep's values within
**   the reach, NaN beyond.
*/
#include <math.h>
#include <stdlib.h>

#include "phs_coverage.h"
#include "phs_radio.h"
#include "phs_test.h"

/* |a - b|, 0 when both are NaN, infinite when only one is. */
static double gap(double a, double b) {
  if (isnan(a) && isnan(b)) return 0;
  if (isnan(a) || isnan(b)) return INFINITY;
  if (a == b) return 0; /* also equal infinities */
  return fabs(a - b);
}

/* Distances: a geometric sweep plus both sides of each breakpoint. */
static int distances(double *d, int cap, const phs_pl_prepared *pp) {
  int n = 0;
  for (double x = 0.25; x < 20000 && n < cap - 8; x *= 1.07) d[n++] = x;
  d[n++] = 10.0;
  d[n++] = 1000.0;
  d[n++] = 5000.0;
  d[n++] = 10000.0;
  if (pp->dbp > 0) {
    d[n++] = pp->dbp;
    d[n++] = nextafter(pp->dbp, 0);
    d[n++] = nextafter(pp->dbp, INFINITY);
  }
  return n;
}

static void test_path_loss(void) {
  static const phs_pl_model models[] = {
      PHS_PL_FREE_SPACE, PHS_PL_COST231_HATA, PHS_PL_38901_UMA,
      PHS_PL_38901_UMI, PHS_PL_38901_RMA};
  static const double h_bs[] = {1.5, 10, 25, 35, 60, 150, -1};
  static const double h_ut[] = {1.5, 1.0, 15.0};
  static const double f[] = {700, 1800, 2100, 3500, 28000, 0};
  static const double diff[] = {0, 7.5};
  double d[512];
  double worst = 0;
  long n_eval = 0, range_mismatch = 0;
  for (size_t mi = 0; mi < sizeof models / sizeof *models; mi++)
    for (int env = 0; env < 3; env++)
      for (size_t hi = 0; hi < sizeof h_bs / sizeof *h_bs; hi++)
        for (size_t ui = 0; ui < sizeof h_ut / sizeof *h_ut; ui++)
          for (size_t fi = 0; fi < sizeof f / sizeof *f; fi++) {
            phs_pl_prepared pp;
            phs_pl_prepare(&pp, models[mi], (phs_environment)env, h_bs[hi],
                           h_ut[ui], f[fi]);
            int nd = distances(d, 512, &pp);
            for (int los = 0; los < 4; los++)
              for (int tl = -1; tl <= 1; tl++)
                for (size_t ji = 0; ji < sizeof diff / sizeof *diff; ji++)
                  for (int k = 0; k < nd; k++) {
                    int ok1 = -5, ok2 = -7;
                    double a = phs_path_loss_terrain_db(
                        models[mi], (phs_environment)env, (phs_los_mode)los,
                        d[k], h_bs[hi], h_ut[ui], f[fi], tl, diff[ji], &ok1);
                    double b = phs_pl_prepared_db(&pp, (phs_los_mode)los,
                                                  d[k], tl, diff[ji], &ok2);
                    worst = fmax(worst, gap(a, b));
                    range_mismatch += ok1 != ok2;
                    n_eval++;
                  }
          }
  printf("path loss: %ld evaluations, max |prepared - direct| = %g dB\n",
         n_eval, worst);
  ASSERT_TRUE(n_eval > 1000000);
  ASSERT_TRUE(worst <= 1e-9);
  ASSERT_EQ(range_mismatch, 0);
}

static void test_antenna(void) {
  static const double mech[] = {0, 4, 10, -3};
  static const double elec[] = {0, 6, 12};
  static const double az0[] = {NAN, 0, 120, 359};
  double worst = 0;
  long n_eval = 0;
  for (size_t mi = 0; mi < sizeof mech / sizeof *mech; mi++)
    for (size_t ei = 0; ei < sizeof elec / sizeof *elec; ei++)
      for (size_t ai = 0; ai < sizeof az0 / sizeof *az0; ai++) {
        phs_antenna a = {az0[ai], 65, 10, mech[mi], elec[ei], 17, 30, 30};
        phs_antenna_prepared ap;
        phs_antenna_prepare(&ap, &a);
        for (double az = -400; az <= 400; az += 7.3)
          for (double el = -30; el <= 90; el += 1.7) {
            worst = fmax(worst, gap(phs_antenna_gain_dbi(&a, az, el),
                                    phs_antenna_prepared_gain_dbi(&ap, az, el)));
            n_eval++;
          }
        /* NaN direction and a bad beamwidth: NaN in both forms */
        worst = fmax(worst, gap(phs_antenna_gain_dbi(&a, NAN, 3),
                                phs_antenna_prepared_gain_dbi(&ap, NAN, 3)));
        a.h_beamwidth_deg = 0;
        phs_antenna_prepare(&ap, &a);
        worst = fmax(worst, gap(phs_antenna_gain_dbi(&a, 10, 3),
                                phs_antenna_prepared_gain_dbi(&ap, 10, 3)));
      }
  printf("antenna: %ld evaluations, max |prepared - direct| = %g dB\n",
         n_eval, worst);
  ASSERT_TRUE(worst <= 1e-9);
}

static phs_radio_site site(phs_pl_model m, double h, double f, double eirp,
                           double az, double tm, double te) {
  phs_radio_site s;
  s.x = 1234.5;
  s.y = -987.25;
  s.h_bs = h;
  s.f_mhz = f;
  s.eirp_rs_dbm = eirp;
  phs_antenna a = {az, 65, 10, tm, te, 17, 30, 30};
  s.ant = a;
  s.group = 0;
  s.has_env = 1;
  s.env = PHS_ENV_SUBURBAN;
  s.has_model = 1;
  s.model = m;
  return s;
}

/* Sites as phusong models them (site_params.c defaults: 30 m, 6 deg
** electrical tilt, omni or a sector; EIRP_RS of the default EIRPs). */
static int sites(phs_radio_site *out) {
  int n = 0;
  out[n++] = site(PHS_PL_38901_UMA, 30, 3500, 41.85, NAN, 0, 6);
  out[n++] = site(PHS_PL_38901_UMA, 25, 3500, 41.85, 200, 4, 2);
  out[n++] = site(PHS_PL_38901_UMI, 10, 3500, 35.0, 45, 0, 6);
  out[n++] = site(PHS_PL_38901_RMA, 35, 700, 39.85, NAN, 0, 6);
  out[n++] = site(PHS_PL_38901_RMA, 150, 3500, 45.0, 90, 10, 0);
  out[n++] = site(PHS_PL_COST231_HATA, 30, 1800, 30.2, NAN, 0, 6);
  out[n++] = site(PHS_PL_COST231_HATA, 45, 2100, 30.2, 300, 3, 3);
  out[n++] = site(PHS_PL_FREE_SPACE, 30, 3500, 20, NAN, 0, 6);
  return n;
}

static void test_signal_and_reach(void) {
  phs_radio_site s[16];
  int ns = sites(s);
  double worst = 0, thr = -110;
  for (int i = 0; i < ns; i++)
    for (int los = 0; los < 4; los++) {
      phs_link_params p = {PHS_PL_38901_UMA, PHS_ENV_URBAN, (phs_los_mode)los,
                           1.5, thr, 0.9, 15000};
      phs_site_link k;
      phs_site_link_prepare(&k, &s[i], &p);
      /* the signal, prepared against direct, on a sweep of points */
      for (double r = 0.3; r < 16000; r *= 1.09)
        for (int a = 0; a < 72; a += 5) {
          double x = s[i].x + r * sin(a * M_PI / 36),
                 y = s[i].y + r * cos(a * M_PI / 36);
          int ok1 = -5, ok2 = -7;
          double v1 = phs_site_signal_dbm(&s[i], &p, x, y, 3.5, &ok1);
          double v2 = phs_site_link_signal_dbm(&k, x, y, 3.5, -1, &ok2);
          worst = fmax(worst, gap(v1, v2));
          ASSERT_EQ(ok1, ok2);
        }
      /* the reach: nothing beyond it reaches the threshold, in 72
      ** 24 directions out to 15 km (flat earth: the grid's verdict -1) */
      double reach = phs_site_link_reach_m(&k, thr, p.max_dist, 0);
      double best_in = -INFINITY, best_out = -INFINITY;
      for (double r = 0; r <= 15000; r += 7.5)
        for (int a = 0; a < 72; a += 3) {
          double x = s[i].x + r * sin(a * M_PI / 36),
                 y = s[i].y + r * cos(a * M_PI / 36);
          double v = phs_site_link_signal_dbm(&k, x, y, 0, -1, NULL);
          double dd = hypot(x - s[i].x, y - s[i].y);
          if (dd > reach) best_out = fmax(best_out, v);
          else best_in = fmax(best_in, v);
        }
      PHS_CHECK_(best_out < thr, "site %d, los %d: reach %.1f m, %.4f dBm "
                 "beyond it", i, los, reach, best_out);
      PHS_CHECK_(reach > 0 && best_in >= thr, "site %d, los %d: reach %.1f "
                 "m, best %.4f dBm within it", i, los, reach, best_in);
      /* with a DEM, terrain mode may take the LOS branch: a reach at
      ** least as far, and no LOS cell beyond it reaches the threshold */
      if (los == PHS_LOS_TERRAIN) {
        double rd = phs_site_link_reach_m(&k, thr, p.max_dist, 1);
        ASSERT_TRUE(rd >= reach);
        double out = -INFINITY;
        for (double r = rd + 1; r <= 15000; r += 2.5)
          out = fmax(out, phs_site_link_signal_dbm(&k, s[i].x, s[i].y + r, 0,
                                                   1, NULL));
        PHS_CHECK_(out < thr, "site %d: LOS beyond the DEM reach %.1f m: "
                   "%.4f dBm", i, rd, out);
      }
    }
  printf("site signal: max |prepared - direct| = %g dB\n", worst);
  ASSERT_TRUE(worst <= 1e-9);
}

/* The reach by hand (free space, flat pattern, no margin: header). */
static void test_reach_by_hand(void) {
  phs_radio_site s = site(PHS_PL_FREE_SPACE, 1.5, 1000, 0, NAN, 0, 0);
  s.ant.v_beamwidth_deg = 1e9;
  phs_link_params p = {PHS_PL_FREE_SPACE, PHS_ENV_URBAN, PHS_LOS_NLOS, 1.5,
                       -92.45, 0.5, 3000};
  phs_site_link k;
  phs_site_link_prepare(&k, &s, &p);
  double r = phs_site_link_reach_m(&k, -92.45, 3000, 0);
  ASSERT_TRUE(r >= 1000 && r <= 1000.002);
  ASSERT_NEAR(phs_site_link_reach_m(&k, -80, 3000, 0),
              1000 * pow(10, -12.45 / 20), 0.002);
  /* beyond max_dist: max_dist; unreachable: -1; a negative cap: no bound */
  ASSERT_NEAR(phs_site_link_reach_m(&k, -200, 3000, 0), 3000, 0);
  ASSERT_NEAR(phs_site_link_reach_m(&k, 0, 3000, 0), -1, 0);
  s.ant.front_back_db = -5;
  phs_site_link_prepare(&k, &s, &p);
  ASSERT_NEAR(phs_site_link_reach_m(&k, -92.45, 3000, 0), 3000, 0);
}

/* covered_only changes no covered cell nor overlap count. */
static void test_grid_covered_only(void) {
  phs_diag d;
  phs_diag_init(&d);
  phs_radio_site s[16];
  int ns = sites(s);
  phs_link_params p = {PHS_PL_38901_UMA, PHS_ENV_URBAN, PHS_LOS_NLOS, 1.5,
                       -100, 0.9, 6000};
  phs_cov_grid full, cut;
  ASSERT_OK(phs_cov_grid_init(&full, -4000, 3000, 160, 160, 50, 1, &d));
  ASSERT_OK(phs_cov_grid_init(&cut, -4000, 3000, 160, 160, 50, 1, &d));
  cut.covered_only = 1;
  long oor_full = 0, oor_cut = 0;
  for (int i = 0; i < ns; i++) {
    s[i].x += 500 * i;
    ASSERT_OK(phs_cov_add_site(&full, &s[i], i, "S", &p, NULL, &oor_full, &d));
    ASSERT_OK(phs_cov_add_site(&cut, &s[i], i, "S", &p, NULL, &oor_cut, &d));
  }
  long covered = 0, differ = 0, skipped = 0;
  for (int c = 0; c < 160 * 160; c++) {
    int a = full.best_dbm[c] >= p.threshold_dbm,
        b = cut.best_dbm[c] >= p.threshold_dbm;
    covered += a;
    differ += a != b || full.n_cover[c] != cut.n_cover[c] ||
              (a && (full.best_dbm[c] != cut.best_dbm[c] ||
                     full.server[c] != cut.server[c]));
    skipped += isfinite(full.best_dbm[c]) && !isfinite(cut.best_dbm[c]);
  }
  printf("covered_only: %ld covered cells, %ld cells skipped\n", covered,
         skipped);
  ASSERT_TRUE(covered > 100);
  ASSERT_TRUE(skipped > 1000); /* not a no-op */
  ASSERT_EQ(differ, 0);
  ASSERT_EQ(oor_full, oor_cut);
  phs_cov_grid_free(&full);
  phs_cov_grid_free(&cut);
  phs_diag_clear(&d);
}

/* The terrain sweep with a reach: the same values within it. */
static void test_terrain_reach(void) {
  phs_diag d;
  phs_diag_init(&d);
  int n = 240;
  phs_dem dem = {n, n, -6000, 6000, 50, malloc(sizeof(float) * n * n)};
  for (int j = 0; j < n; j++)
    for (int i = 0; i < n; i++)
      dem.z[j * n + i] = (float)(40 + 60 * sin(i * 0.21) * cos(j * 0.13) +
                                 (i % 17 == 3 ? 150 : 0));
  phs_terrain_request rq = {"T1", 25, -25, 30, 1.5, 1800, 0, 5000,
                            200, 200, -5000, 5000, 50};
  float *a = malloc(sizeof(float) * 200 * 200), *b = malloc(sizeof(float) * 200 * 200);
  unsigned char *la = malloc(200 * 200), *lb = malloc(200 * 200);
  ASSERT_OK(phs_terrain_sweep(&dem, &rq, a, la, &d));
  ASSERT_OK(phs_terrain_sweep_reach(&dem, &rq, 1777.7, b, lb, &d));
  long same = 0, differ = 0, nan_beyond = 0, blocked = 0;
  for (int j = 0; j < 200; j++)
    for (int i = 0; i < 200; i++) {
      double dx = -5000 + (i + 0.5) * 50 - 25, dy = 5000 - (j + 0.5) * 50 + 25;
      int k = j * 200 + i;
      if (dx * dx + dy * dy <= 1777.7 * 1777.7) {
        int eq = (a[k] == b[k] || (isnan(a[k]) && isnan(b[k]))) && la[k] == lb[k];
        same += eq;
        differ += !eq;
        blocked += la[k] == 0;
      } else {
        nan_beyond += isnan(b[k]) && lb[k] == 0;
        differ += !(isnan(b[k]) && lb[k] == 0);
      }
    }
  ASSERT_TRUE(same > 3000);
  ASSERT_TRUE(blocked > 100); /* the hills hide something */
  ASSERT_TRUE(nan_beyond > 20000);
  ASSERT_EQ(differ, 0);
  ASSERT_EQ(phs_terrain_sweep_reach(&dem, &rq, -1, b, lb, &d), PHS_EUSAGE);
  phs_diag_clear(&d);
  /* a site off the DEM: the same error from the check and the sweep */
  rq.x = 90000;
  ASSERT_EQ(phs_terrain_check(&dem, &rq, &d), PHS_EINPUT);
  ASSERT_CONTAINS(d.msg, "does not cover the site");
  phs_diag_clear(&d);
  free(a);
  free(b);
  free(la);
  free(lb);
  free(dem.z);
}

int main(void) {
  test_path_loss();
  test_antenna();
  test_signal_and_reach();
  test_reach_by_hand();
  test_grid_covered_only();
  test_terrain_reach();
  return phs_test_report("geo_pl_prepared");
}
