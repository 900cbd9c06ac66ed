/*
** antenna.c: the 3GPP sector antenna pattern (TR 36.814 Table A.2.1.1-2,
** TR 38.901 Table 7.3-1): parabolic horizontal and vertical cuts in dB,
** each capped, their sum capped by the front-to-back ratio; the
** mechanical downtilt rotates the direction into the antenna's frame
** (TR 38.901 7.1), the electrical one shifts the vertical cut. See
** phs_radio.h and docs/propagation.md.
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

/*
** The direction (phi = bearing minus azimuth, eps = elevation below the
** horizon, degrees) in the coordinates of an antenna mechanically tilted
** down by beta: TR 38.901 eq. 7.1-7 and 7.1-8 with gamma = 0, written with
** the zenith angle theta = 90 + eps:
**   cos theta' = cos b cos theta + sin b cos phi sin theta
**   phi' = arg(cos b sin theta cos phi - sin b cos theta + j sin theta sin phi)
** i.e. sin eps' = cos b sin eps - sin b cos phi cos eps. At boresight
** (phi = 0) eps' = eps - b; at phi = +-90 sin eps' = cos b sin eps, so the
** tilt has almost no effect on the side.
*/
static void mech_rotate(double phi_deg, double eps_deg, double b_deg,
                        double *phi_out, double *eps_out) {
  const double rad = 3.14159265358979323846 / 180.0;
  double p = phi_deg * rad, e = eps_deg * rad, b = b_deg * rad;
  double se = cos(b) * sin(e) - sin(b) * cos(p) * cos(e);
  if (se > 1.0) se = 1.0;
  else if (se < -1.0) se = -1.0;
  *eps_out = asin(se) / rad;
  *phi_out = atan2(sin(p) * cos(e), cos(b) * cos(p) * cos(e) + sin(b) * sin(e)) /
             rad;
}

double phs_antenna_gain_dbi(const phs_antenna *a, double az_deg,
                            double elev_deg) {
  if (!a || isnan(elev_deg) || !(a->v_beamwidth_deg > 0.0) ||
      isnan(a->mech_tilt_deg) || isnan(a->elec_tilt_deg))
    return NAN;
  double a_h = 0.0, eps = elev_deg, tilt = a->elec_tilt_deg;
  if (!isnan(a->azimuth_deg)) {
    if (isnan(az_deg) || !isfinite(az_deg) || !(a->h_beamwidth_deg > 0.0))
      return NAN;
    double phi = wrap180(az_deg, a->azimuth_deg);
    if (a->mech_tilt_deg != 0.0)
      mech_rotate(phi, elev_deg, a->mech_tilt_deg, &phi, &eps);
    a_h = cut_db(phi, a->h_beamwidth_deg, a->front_back_db);
  } else {
    tilt += a->mech_tilt_deg; /* omni: no direction to rotate */
  }
  double a_v = cut_db(eps - tilt, a->v_beamwidth_deg, a->sla_v_db);
  return -fmin(-(a_h + a_v), a->front_back_db) + a->max_gain_dbi;
}

/*
** phs_antenna_gain_dbi with the checks and the tilt's sine and cosine done
** once: the same operations per direction, so the same values.
*/
void phs_antenna_prepare(phs_antenna_prepared *ap, const phs_antenna *a) {
  const double rad = 3.14159265358979323846 / 180.0;
  ap->a = *a;
  ap->omni = isnan(a->azimuth_deg);
  ap->valid = a->v_beamwidth_deg > 0.0 && !isnan(a->mech_tilt_deg) &&
              !isnan(a->elec_tilt_deg) &&
              (ap->omni || a->h_beamwidth_deg > 0.0);
  ap->tilt = ap->omni ? a->elec_tilt_deg + a->mech_tilt_deg : a->elec_tilt_deg;
  double b = a->mech_tilt_deg * rad;
  ap->cos_b = cos(b);
  ap->sin_b = sin(b);
}

double phs_antenna_prepared_gain_dbi(const phs_antenna_prepared *ap,
                                     double az_deg, double elev_deg) {
  const phs_antenna *a = &ap->a;
  if (!ap->valid || isnan(elev_deg)) return NAN;
  double a_h = 0.0, eps = elev_deg;
  if (!ap->omni) {
    if (isnan(az_deg) || !isfinite(az_deg)) return NAN;
    double phi = wrap180(az_deg, a->azimuth_deg);
    if (a->mech_tilt_deg != 0.0) {
      /* mech_rotate with cos b and sin b computed once */
      const double rad = 3.14159265358979323846 / 180.0;
      double p = phi * rad, e = elev_deg * rad;
      double se = ap->cos_b * sin(e) - ap->sin_b * cos(p) * cos(e);
      if (se > 1.0) se = 1.0;
      else if (se < -1.0) se = -1.0;
      eps = asin(se) / rad;
      phi = atan2(sin(p) * cos(e), ap->cos_b * cos(p) * cos(e) +
                                       ap->sin_b * sin(e)) / rad;
    }
    a_h = cut_db(phi, a->h_beamwidth_deg, a->front_back_db);
  }
  double a_v = cut_db(eps - ap->tilt, a->v_beamwidth_deg, a->sla_v_db);
  return -fmin(-(a_h + a_v), a->front_back_db) + a->max_gain_dbi;
}
