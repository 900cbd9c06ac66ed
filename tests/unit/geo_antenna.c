/*
** geo_antenna.c: the 3GPP sector pattern (TR 38.901 Table 7.3-1) against
** hand values: boresight, the 3 dB points, the front-to-back cap, the
** vertical cut and the tilt, omnidirectional antennas, azimuth wrap-around,
** and mechanical against electrical downtilt (TR 38.901 7.1 rotation).
*/
#include <math.h>

#include "phs_radio.h"
#include "phs_test.h"

/* A typical 3-sector panel: 65 / 10 degrees, 6 degrees down, 17 dBi; the
** tilt electrical (the vertical cut shifts the same way at every bearing). */
static phs_antenna sector(double az, double tilt) {
  phs_antenna a = {az, 65, 10, 0, tilt, 17, 30, 30};
  return a;
}

/* The same panel tilted mechanically by mech, electrically by elec. */
static phs_antenna tilted(double az, double mech, double elec) {
  phs_antenna a = {az, 65, 10, mech, elec, 17, 30, 30};
  return a;
}

static void test_sector(void) {
  phs_antenna a = sector(90, 6);
  /* Boresight, elevation = tilt: A_H = A_V = 0 -> G_max. */
  ASSERT_NEAR(phs_antenna_gain_dbi(&a, 90, 6), 17, 1e-12);
  /* phi = +-phi_3dB / 2 = 32.5: -12 (0.5)^2 = -3 dB. */
  ASSERT_NEAR(phs_antenna_gain_dbi(&a, 122.5, 6), 14, 1e-12);
  ASSERT_NEAR(phs_antenna_gain_dbi(&a, 57.5, 6), 14, 1e-12);
  /* phi = 45: -12 (45/65)^2 = -5.7514793 dB. */
  ASSERT_NEAR(phs_antenna_gain_dbi(&a, 135, 6), 17 - 5.7514793, 1e-6);
  /* The back: -min(12 (180/65)^2 = 92.0, 30) = -30 -> G - A_m = -13, and
  ** the total is capped at A_m whatever the elevation. */
  ASSERT_NEAR(phs_antenna_gain_dbi(&a, 270, 6), -13, 1e-12);
  ASSERT_NEAR(phs_antenna_gain_dbi(&a, 270, 45), -13, 1e-12);
  /* phi where 12 (phi/65)^2 = 30: 65 sqrt(2.5) = 102.77 deg; beyond it
  ** the horizontal cut is flat at -30. */
  ASSERT_NEAR(phs_antenna_gain_dbi(&a, 90 + 110, 6), -13, 1e-12);
  ASSERT_NEAR(phs_antenna_gain_dbi(&a, 90 + 100, 6),
              17 - 12 * (100.0 / 65) * (100.0 / 65), 1e-9);
  /* Both cuts at -3: -6 dB. */
  ASSERT_NEAR(phs_antenna_gain_dbi(&a, 122.5, 11), 11, 1e-12);
  /* Sum -20 + -20 = -40, capped at A_m = 30: G - 30. */
  double phi20 = 65 * sqrt(20.0 / 12), th20 = 10 * sqrt(20.0 / 12);
  ASSERT_NEAR(phs_antenna_gain_dbi(&a, 90 + phi20, 6 + th20), -13, 1e-9);
  /* A smaller front-to-back ratio caps lower. */
  phs_antenna b = a;
  b.front_back_db = 25;
  ASSERT_NEAR(phs_antenna_gain_dbi(&b, 270, 6), 17 - 25, 1e-12);
}

static void test_vertical(void) {
  phs_antenna a = sector(0, 6);
  /* Horizon, tilt 6: -12 (6/10)^2 = -4.32 dB. */
  ASSERT_NEAR(phs_antenna_gain_dbi(&a, 0, 0), 17 - 4.32, 1e-12);
  /* theta_3dB / 2 either side of the tilt: -3 dB. */
  ASSERT_NEAR(phs_antenna_gain_dbi(&a, 0, 1), 14, 1e-12);
  ASSERT_NEAR(phs_antenna_gain_dbi(&a, 0, 11), 14, 1e-12);
  /* Straight down: -min(12 * 8.4^2, SLA_V 30) = -30. */
  ASSERT_NEAR(phs_antenna_gain_dbi(&a, 0, 90), -13, 1e-12);
  /* A smaller SLA_V limits the vertical cut alone: 17 - 20 = -3. */
  phs_antenna s = a;
  s.sla_v_db = 20;
  ASSERT_NEAR(phs_antenna_gain_dbi(&s, 0, 90), -3, 1e-12);
  /* The tilt moves the peak: with 0 the peak is at the horizon and 10
  ** below is -12 dB; with 10 it is the other way round. */
  phs_antenna t0 = sector(0, 0), t10 = sector(0, 10);
  ASSERT_NEAR(phs_antenna_gain_dbi(&t0, 0, 0), 17, 1e-12);
  ASSERT_NEAR(phs_antenna_gain_dbi(&t0, 0, 10), 5, 1e-12);
  ASSERT_NEAR(phs_antenna_gain_dbi(&t10, 0, 10), 17, 1e-12);
  ASSERT_NEAR(phs_antenna_gain_dbi(&t10, 0, 0), 5, 1e-12);
  /* Up-tilt (negative) points above the horizon. */
  phs_antenna up = sector(0, -2);
  ASSERT_NEAR(phs_antenna_gain_dbi(&up, 0, -2), 17, 1e-12);
  /* Peak of the vertical cut is exactly at the tilt. */
  int bad = 0;
  for (double e = -20; e <= 30; e += 0.5)
    if (phs_antenna_gain_dbi(&a, 0, e) > phs_antenna_gain_dbi(&a, 0, 6))
      bad++;
  ASSERT_EQ(bad, 0);
}

static void test_omni(void) {
  phs_antenna o = sector(NAN, 6);
  o.max_gain_dbi = 11;
  /* A_H = 0 in every direction, so only A_V counts. */
  ASSERT_NEAR(phs_antenna_gain_dbi(&o, 0, 6), 11, 1e-12);
  ASSERT_NEAR(phs_antenna_gain_dbi(&o, 180, 6), 11, 1e-12);
  ASSERT_NEAR(phs_antenna_gain_dbi(&o, 271.3, 1), 8, 1e-12);
  ASSERT_NEAR(phs_antenna_gain_dbi(&o, NAN, 0), 11 - 4.32, 1e-12);
  ASSERT_NEAR(phs_antenna_gain_dbi(&o, 45, 90), 11 - 30, 1e-12);
  /* An omni antenna needs no horizontal beamwidth. */
  o.h_beamwidth_deg = 0;
  ASSERT_NEAR(phs_antenna_gain_dbi(&o, 45, 6), 11, 1e-12);
}

static void test_wrap(void) {
  /* Boresight 359, user at 1: 2 degrees off, not 358. */
  phs_antenna a = sector(359, 6), b = sector(1, 6);
  double g2 = 17 - 12 * (2.0 / 65) * (2.0 / 65); /* 16.9886391 */
  ASSERT_NEAR(phs_antenna_gain_dbi(&a, 1, 6), g2, 1e-12);
  ASSERT_NEAR(phs_antenna_gain_dbi(&b, 359, 6), g2, 1e-12);
  ASSERT_NEAR(phs_antenna_gain_dbi(&a, 357, 6), g2, 1e-12);
  /* Bearings outside [0, 360) are the same directions. */
  ASSERT_NEAR(phs_antenna_gain_dbi(&b, -1, 6), g2, 1e-12);
  ASSERT_NEAR(phs_antenna_gain_dbi(&b, 721, 6), 17, 1e-12);
  ASSERT_NEAR(phs_antenna_gain_dbi(&a, -1, 6), 17, 1e-12);
  /* Exactly opposite. */
  ASSERT_NEAR(phs_antenna_gain_dbi(&b, 181, 6), -13, 1e-12);
  ASSERT_NEAR(phs_antenna_gain_dbi(&a, 179, 6), -13, 1e-12);
  /* Symmetric either side of boresight. */
  int bad = 0;
  for (double d = 0; d <= 180; d += 7.5)
    if (fabs(phs_antenna_gain_dbi(&b, 1 + d, 3) -
             phs_antenna_gain_dbi(&b, 1 - d, 3)) > 1e-9)
      bad++;
  ASSERT_EQ(bad, 0);
}

/*
** Mechanical tilt b rotates the direction into the antenna's frame (38.901
** eq. 7.1-7/7.1-8, gamma = 0): sin eps' = cos b sin eps - sin b cos phi
** cos eps, phi' = atan2(sin phi cos eps, cos b cos phi cos eps + sin b sin
** eps). Values below worked by hand from these formulas.
*/
static void test_mech_vs_elec(void) {
  phs_antenna m10 = tilted(0, 10, 0), e10 = tilted(0, 0, 10);
  /* Boresight: both put the peak 10 degrees down (sin eps' = sin(eps -
  ** b) exactly), and the horizon 10 degrees above the beam: -12 dB. */
  ASSERT_NEAR(phs_antenna_gain_dbi(&m10, 0, 10), 17, 1e-9);
  ASSERT_NEAR(phs_antenna_gain_dbi(&e10, 0, 10), 17, 1e-12);
  ASSERT_NEAR(phs_antenna_gain_dbi(&m10, 0, 0), 5, 1e-9);
  ASSERT_NEAR(phs_antenna_gain_dbi(&e10, 0, 0), 5, 1e-12);
  /* 90 degrees off boresight, on the horizon: mechanical tilt leaves the
  ** elevation at 0 (sin eps' = -sin b cos 90 = 0) and phi' = 90, so only
  ** A_H = -12 (90/65)^2 = -23.005917 counts: 17 - 23.005917. Electrical
  ** tilt keeps its full -12 dB there: -35.0 capped at A_m -> 17 - 30. */
  ASSERT_NEAR(phs_antenna_gain_dbi(&m10, 90, 0), 17 - 23.0059172, 1e-6);
  ASSERT_NEAR(phs_antenna_gain_dbi(&e10, 90, 0), -13, 1e-12);
  ASSERT_NEAR(phs_antenna_gain_dbi(&m10, -90, 0), 17 - 23.0059172, 1e-6);
  /* 90 degrees off, 5 below: sin eps' = cos 10 sin 5 = 0.98480775 *
  ** 0.08715574 = 0.08583165, eps' = 4.9238498; phi' = atan2(cos 5 =
  ** 0.99619470, sin 10 sin 5 = 0.01513444) = 89.1296153. A_H = -12
  ** (89.1296153/65)^2 = -22.5630911, A_V = -12 (0.49238498)^2 =
  ** -2.9093156: G = 17 - 25.4724067 = -8.4724067. */
  ASSERT_NEAR(phs_antenna_gain_dbi(&m10, 90, 5), -8.4724067, 1e-6);
  /* 45 degrees off, on the horizon: sin eps' = -sin 10 cos 45 =
  ** -0.17364818 * 0.70710678 = -0.12278780, eps' = -7.0530221 (the
  ** cos-phi shortcut would say -7.0710678); phi' = atan2(0.70710678,
  ** cos 10 cos 45 = 0.69636424) = 45.4385486. A_H = -12 (45.4385486/65)^2
  ** = -5.8641279, A_V = -12 (0.70530221)^2 = -5.9694145:
  ** G = 17 - 11.8335424 = 5.1664576. */
  ASSERT_NEAR(phs_antenna_gain_dbi(&m10, 45, 0), 5.1664576, 1e-6);
  /* The same mechanical tilt electrically: A_H(45) = -5.7514793 and
  ** A_V = -12: G = 17 - 17.7514793. */
  ASSERT_NEAR(phs_antenna_gain_dbi(&e10, 45, 0), 17 - 17.7514793, 1e-6);
  /* Both together: at boresight they add (eps' - elec = 10 - 4 - 6 = 0). */
  phs_antenna both = tilted(0, 4, 6);
  ASSERT_NEAR(phs_antenna_gain_dbi(&both, 0, 10), 17, 1e-9);
  /* Mechanical 0 is the electrical-only pattern everywhere. */
  phs_antenna m0 = tilted(30, 0, 6), s6 = sector(30, 6);
  int bad = 0;
  for (double az = 0; az < 360; az += 15)
    for (double e = -10; e <= 40; e += 5)
      if (phs_antenna_gain_dbi(&m0, az, e) != phs_antenna_gain_dbi(&s6, az, e))
        bad++;
  ASSERT_EQ(bad, 0);
  /* An omnidirectional antenna has no direction to rotate: its tilts add
  ** as a shift of the vertical cut (4 + 2 = 6: peak at 6 below). */
  phs_antenna om = tilted(NAN, 4, 2);
  ASSERT_NEAR(phs_antenna_gain_dbi(&om, 123, 6), 17, 1e-12);
  ASSERT_NEAR(phs_antenna_gain_dbi(&om, 0, 0), 17 - 4.32, 1e-12);
  /* A NaN tilt is no pattern. */
  phs_antenna bad_t = tilted(0, NAN, 6);
  ASSERT_TRUE(isnan(phs_antenna_gain_dbi(&bad_t, 0, 6)));
}

static void test_invalid(void) {
  phs_antenna a = sector(90, 6);
  ASSERT_TRUE(isnan(phs_antenna_gain_dbi(NULL, 0, 0)));
  ASSERT_TRUE(isnan(phs_antenna_gain_dbi(&a, NAN, 0)));
  ASSERT_TRUE(isnan(phs_antenna_gain_dbi(&a, 0, NAN)));
  a.h_beamwidth_deg = 0;
  ASSERT_TRUE(isnan(phs_antenna_gain_dbi(&a, 90, 6)));
  a = sector(90, 6);
  a.v_beamwidth_deg = -1;
  ASSERT_TRUE(isnan(phs_antenna_gain_dbi(&a, 90, 6)));
}

int main(void) {
  test_sector();
  test_vertical();
  test_omni();
  test_wrap();
  test_mech_vs_elec();
  test_invalid();
  return phs_test_report("geo_antenna");
}
