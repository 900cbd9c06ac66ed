/*
** phs_radio.h: radio propagation for coverage: path-loss models, the
** 3GPP antenna pattern, the link budget with a cell-edge reliability
** margin, and terrain (line of sight over a DEM with Earth curvature and
** knife-edge diffraction, by radial sweep).
**
** Everything here is pure computation in a metric CRS (metres); reading a
** DEM from a file is data/'s job, drawing is render/'s. Formulas, validity
** ranges and sources: docs/propagation.md.
*/
#ifndef PHS_RADIO_H
#define PHS_RADIO_H

#include "phs_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ models */

typedef enum {
  PHS_PL_FREE_SPACE = 0, /* Friis */
  PHS_PL_COST231_HATA,   /* COST-231 Hata, 1500-2000 MHz (urban, suburban,
                            rural/open corrections) */
  PHS_PL_38901_UMA,      /* 3GPP TR 38.901 Table 7.4.1-1, urban macro */
  PHS_PL_38901_UMI,      /* ... urban micro, street canyon */
  PHS_PL_38901_RMA       /* ... rural macro */
} phs_pl_model;

typedef enum {
  PHS_ENV_URBAN = 0,
  PHS_ENV_SUBURBAN = 1,
  PHS_ENV_RURAL = 2
} phs_environment;

typedef enum {
  PHS_LOS_NLOS = 0,     /* always the NLOS formula (conservative default) */
  PHS_LOS_LOS = 1,      /* always LOS */
  PHS_LOS_EXPECTED = 2  /* LOS-probability-weighted loss (38.901 7.4.2) */
} phs_los_mode;

/* Parse "fspl", "hata", "uma", "umi", "rma"; -1 otherwise. */
int phs_pl_model_parse(const char *s);
const char *phs_pl_model_name(phs_pl_model m);
/* Parse "urban", "suburban", "rural"; -1 otherwise. */
int phs_environment_parse(const char *s);

/*
** Path loss in dB between a base station at height h_bs and a user at
** height h_ut (metres above ground), 2D distance d2d (metres), carrier
** f_mhz, for the model and environment. los selects the LOS or NLOS
** branch (PHS_LOS_EXPECTED weights them by the model's LOS probability).
** *in_range receives 1 when all parameters are inside the model's stated
** validity range, 0 when the formula was extrapolated (callers count it).
** Distances below 1 m are taken as 1 m. Returns NaN for impossible input
** (f <= 0, heights <= 0).
*/
double phs_path_loss_db(phs_pl_model m, phs_environment env,
                        phs_los_mode los, double d2d, double h_bs,
                        double h_ut, double f_mhz, int *in_range);

/* Log-normal shadow-fading standard deviation (dB) of the model (for the
** LOS or NLOS branch). */
double phs_shadow_sigma_db(phs_pl_model m, phs_environment env, int los);

/*
** The fade margin (dB) that gives cell-edge reliability p (e.g. 0.90) for
** a log-normal shadowing of sigma dB: z_p * sigma, with z_p the standard
** normal quantile (1.2816 at 90%).
*/
double phs_reliability_margin_db(double p, double sigma_db);
/* Standard normal quantile (inverse CDF), |error| < 1e-9. */
double phs_normal_quantile(double p);

/* ----------------------------------------------------------- antenna */

typedef struct phs_antenna {
  double azimuth_deg;       /* boresight, clockwise from grid north; NaN =
                               omnidirectional */
  double h_beamwidth_deg;   /* horizontal 3 dB beamwidth (65 typical) */
  double v_beamwidth_deg;   /* vertical 3 dB beamwidth (10 typical) */
  double tilt_deg;          /* total downtilt = mechanical + electrical,
                               positive down */
  double max_gain_dbi;      /* boresight gain (17 dBi typical sector) */
  double front_back_db;     /* A_m, maximum attenuation (30 dB) */
  double sla_v_db;          /* SLA_V, vertical side-lobe limit (30 dB) */
} phs_antenna;

/*
** Gain (dBi) towards a direction, by the 3GPP TR 36.814 / 38.901 Table
** 7.3-1 pattern: A_H(phi) = -min(12 (phi/phi_3dB)^2, A_m),
** A_V(theta) = -min(12 ((theta - tilt)/theta_3dB)^2, SLA_V),
** A = -min(-(A_H + A_V), A_m) + G_max. az_deg is the bearing to the user
** (clockwise from north), elev_deg the elevation angle below the horizon
** seen from the antenna (positive = user below). An omnidirectional
** antenna has A_H = 0.
*/
double phs_antenna_gain_dbi(const phs_antenna *a, double az_deg,
                            double elev_deg);

/* ------------------------------------------------------------- terrain */

/*
** A digital elevation model in the working metric CRS: a north-up grid of
** heights (metres above sea level), cell centres at
** (x0 + (i + 0.5) * res, y0 - (j + 0.5) * res). NaN = no data.
*/
typedef struct phs_dem {
  int nx, ny;
  double x0, y0; /* top-left corner */
  double res;    /* cell size, metres */
  float *z;      /* borrowed or owned by the caller; nx * ny, row-major */
} phs_dem;

/* Height at (x, y) by bilinear interpolation; NaN outside or on no-data. */
double phs_dem_height(const phs_dem *dem, double x, double y);

/*
** Terrain loss from a site over a square area: for every cell of the
** output grid (nx * ny cells of size res, top-left (x0, y0), as phs_dem),
** the extra loss in dB beyond the flat-earth model along the path from the
** antenna (x, y, ground + h_bs) to a receiver h_ut above ground, by a
** radial sweep: rays at angular steps fine enough to reach every cell
** at the outer radius, each stepping outward once and keeping the running
** worst obstruction, so each cell costs O(1) rather than a whole profile.
** The Earth's curvature uses an effective radius k * 6371 km (k = 4/3).
** The loss is the knife-edge diffraction loss J(v) of the dominant
** obstacle (ITU-R P.526), 0 in clear line of sight. Cells farther than
** max_dist or outside the DEM get NaN. Returns PHS_EINPUT, naming the
** site, when the DEM does not cover the site itself (never a silent sea
** level); d receives the message.
*/
typedef struct phs_terrain_request {
  const char *site_id; /* for messages */
  double x, y;         /* site, metric CRS */
  double h_bs, h_ut;   /* heights above ground, metres */
  double f_mhz;
  double k_factor;     /* 0 = 4/3 */
  double max_dist;     /* metres */
  int nx, ny;
  double x0, y0, res;  /* output grid */
} phs_terrain_request;

int phs_terrain_loss(const phs_dem *dem, const phs_terrain_request *rq,
                     float *loss_db, phs_diag *d);

/* Knife-edge diffraction loss J(v) in dB (ITU-R P.526-15 eq. 31), 0 for
** v <= -0.78. */
double phs_knife_edge_db(double v);

#ifdef __cplusplus
}
#endif
#endif /* PHS_RADIO_H */
