/*
** antenna.c: the 3GPP sector antenna pattern (TR 36.814 Table A.2.1.1-2,
** TR 38.901 Table 7.3-1): parabolic horizontal and vertical cuts in dB,
** each capped, their sum capped by the front-to-back ratio, with the
** downtilt applied to the elevation angle. See phs_radio.h and
** docs/propagation.md.
*/
#include "phs_radio.h"

#include <math.h>

/* Angle difference a - b wrapped to [-180, 180] degrees. */
static double wrap180(double a, double b) {
  double d = fmod(a - b, 360.0);
  if (d > 180.0) d -= 360.0;
  else if (d < -180.0) d += 360.0;
  return d;
}

/* -min(12 (x / x3db)^2, cap): one cut of the pattern, in dB (<= 0). */
static double cut_db(double x, double x3db, double cap) {
  double r = x / x3db;
  return -fmin(12.0 * r * r, cap);
}

double phs_antenna_gain_dbi(const phs_antenna *a, double az_deg,
                            double elev_deg) {
  if (!a || isnan(elev_deg) || !(a->v_beamwidth_deg > 0.0)) return NAN;
  double a_h = 0.0;
  if (!isnan(a->azimuth_deg)) {
    if (isnan(az_deg) || !isfinite(az_deg) || !(a->h_beamwidth_deg > 0.0))
      return NAN;
    a_h = cut_db(wrap180(az_deg, a->azimuth_deg), a->h_beamwidth_deg,
                 a->front_back_db);
  }
  double a_v = cut_db(elev_deg - a->tilt_deg, a->v_beamwidth_deg,
                      a->sla_v_db);
  return -fmin(-(a_h + a_v), a->front_back_db) + a->max_gain_dbi;
}
