/*
** geo_coverage.c: the coverage grid against answers that follow from the
** link budget by hand. Free-space loss, an omnidirectional antenna with a
** flat vertical pattern, and 50% reliability (no fade margin), so
**   signal = EIRP_RS - (20 log10 d_km + 20 log10 f_MHz + 32.45)
** With EIRP_RS = 0 dBm, f = 1000 MHz and a threshold of -92.45 dBm, a cell
** is covered exactly when its centre is within 1 km (3D, equal antenna and
** receiver heights: 2D) of the site.
*/
#include <math.h>
#include <stdlib.h>

#include "phs_coverage.h"
#include "phs_test.h"

static phs_radio_site omni(double x, double y, int group) {
  phs_radio_site s;
  s.x = x;
  s.y = y;
  s.h_bs = 1.5;
  s.f_mhz = 1000;
  s.eirp_rs_dbm = 0;
  s.ant.azimuth_deg = NAN;
  s.ant.h_beamwidth_deg = 65;
  s.ant.v_beamwidth_deg = 1e9; /* flat: no vertical attenuation */
  s.ant.mech_tilt_deg = s.ant.elec_tilt_deg = 0;
  s.has_env = s.has_model = 0;
  s.ant.max_gain_dbi = 0;
  s.ant.front_back_db = 30;
  s.ant.sla_v_db = 30;
  s.group = group;
  return s;
}

int main(void) {
  phs_diag d;
  phs_diag_init(&d);
  phs_link_params p = {PHS_PL_FREE_SPACE, PHS_ENV_URBAN, PHS_LOS_LOS, 1.5,
                       -92.45, 0.5, 3000};

  /* The signal itself: 1 km -> exactly the threshold; 2 km -> 6.02 dB
  ** lower (20 log10 2). */
  phs_radio_site s = omni(0, 0, 0);
  int ok = 0;
  ASSERT_NEAR(phs_site_signal_dbm(&s, &p, 1000, 0, 0, &ok), -92.45, 1e-9);
  ASSERT_NEAR(phs_site_signal_dbm(&s, &p, 0, 2000, 0, &ok), -92.45 - 6.0206,
              1e-4);
  /* terrain loss subtracts one for one */
  ASSERT_NEAR(phs_site_signal_dbm(&s, &p, 1000, 0, 7.5, &ok), -99.95, 1e-9);

  /* A 4 km x 4 km grid of 50 m cells, site A at (1000, -2000) (group 0),
  ** site B at (2600, -2000) (group 1). Grid top-left (0, 0). */
  phs_cov_grid g;
  ASSERT_OK(phs_cov_grid_init(&g, 0, 0, 80, 80, 50, 2, &d));
  phs_radio_site a = omni(1000, -2000, 0), b = omni(2600, -2000, 1);
  long oor = 0;
  ASSERT_OK(phs_cov_add_site(&g, &a, 0, "A", &p, NULL, &oor, &d));
  ASSERT_OK(phs_cov_add_site(&g, &b, 1, "B", &p, NULL, &oor, &d));
  ASSERT_EQ(oor, 0);

  /* Count covered cells independently: centre within 1000 m. */
  long want_a = 0, want_b = 0, want_both = 0, got_a = 0, got_b = 0,
       got_both = 0, bad_server = 0;
  size_t plane = 80 * 80;
  for (int j = 0; j < 80; j++)
    for (int i = 0; i < 80; i++) {
      double x = (i + 0.5) * 50, y = -(j + 0.5) * 50;
      int ia = hypot(x - 1000, y + 2000) <= 1000 + 1e-9;
      int ib = hypot(x - 2600, y + 2000) <= 1000 + 1e-9;
      want_a += ia;
      want_b += ib;
      want_both += ia && ib;
      size_t k = (size_t)j * 80 + (size_t)i;
      int ga = g.best_dbm[k] >= p.threshold_dbm;
      int gb = g.best_dbm[plane + k] >= p.threshold_dbm;
      got_a += ga;
      got_b += gb;
      got_both += ga && gb;
      if (ga && g.server[k] != 0) bad_server++;
      if (gb && g.server[plane + k] != 1) bad_server++;
      /* each group's count is 0 or 1 here: one site per group */
      if (g.n_cover[k] != ga || g.n_cover[plane + k] != gb) bad_server++;
    }
  /* pi * 1000^2 / 2500 = 1256.6 cells: the exact lattice count is what
  ** the brute force gives. */
  ASSERT_TRUE(want_a > 1200 && want_a < 1320);
  ASSERT_EQ(got_a, want_a);
  ASSERT_EQ(got_b, want_b);
  ASSERT_EQ(got_both, want_both);
  ASSERT_TRUE(want_both > 0); /* the discs overlap: 1600 m apart */
  ASSERT_EQ(bad_server, 0);
  /* The cell holding site A: signal of the nearest approach, finite. */
  long c = phs_cov_grid_cell(&g, 1000, -2000);
  ASSERT_EQ(c, 40L * 80 + 20);
  ASSERT_TRUE(isfinite(g.best_dbm[c]));
  /* far corner: beyond max_dist of both sites -> untouched */
  ASSERT_TRUE(isinf(g.best_dbm[79 * 80 + 79]) && g.best_dbm[79 * 80 + 79] < 0);
  ASSERT_EQ(phs_cov_grid_cell(&g, -1, -1), -1);
  ASSERT_EQ(phs_cov_grid_cell(&g, 4000, -10), -1);

  /* Best server within one group: two sites, the stronger one serves and
  ** the overlap count is 2 where both reach. */
  phs_cov_grid h;
  ASSERT_OK(phs_cov_grid_init(&h, 0, 0, 80, 80, 50, 1, &d));
  phs_radio_site c1 = omni(1000, -2000, 0), c2 = omni(2600, -2000, 0);
  c2.eirp_rs_dbm = 6.0206; /* doubles c2's range to 2 km */
  ASSERT_OK(phs_cov_add_site(&h, &c1, 7, "C1", &p, NULL, NULL, &d));
  ASSERT_OK(phs_cov_add_site(&h, &c2, 9, "C2", &p, NULL, NULL, &d));
  long k1 = phs_cov_grid_cell(&h, 1025, -2025); /* 35 m from C1 */
  long k2 = phs_cov_grid_cell(&h, 1525, -2025); /* 525 m from C1, 1075 from C2 */
  ASSERT_EQ(h.server[k1], 7);
  ASSERT_EQ(h.n_cover[k1], 2);  /* C2 reaches 1575 m < 2 km too */
  ASSERT_EQ(h.server[k2], 7);   /* -86.8 vs -87.1: C1 still stronger */
  ASSERT_EQ(h.n_cover[k2], 2);
  long k3 = phs_cov_grid_cell(&h, 3975, -2025); /* 1375 m from C2 only */
  ASSERT_EQ(h.server[k3], 9);
  ASSERT_EQ(h.n_cover[k3], 1);

  /* A group outside the grid's groups is refused. */
  phs_radio_site bad = omni(0, 0, 5);
  ASSERT_EQ(phs_cov_add_site(&h, &bad, 0, "X", &p, NULL, NULL, &d),
            PHS_EUSAGE);
  phs_cov_grid_free(&g);
  phs_cov_grid_free(&h);
  phs_diag_clear(&d);
  return phs_test_report("geo_coverage");
}
