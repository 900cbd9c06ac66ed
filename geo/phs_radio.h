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
  PHS_LOS_NLOS = 0,     /* always the NLOS formula (conservative default
                           without a DEM) */
  PHS_LOS_LOS = 1,      /* always LOS */
  PHS_LOS_EXPECTED = 2, /* LOS-probability-weighted loss (38.901 7.4.2) */
  PHS_LOS_TERRAIN = 3   /* per cell from the DEM: the LOS formula where the
                           direct ray clears the terrain, NLOS where it is
                           cut (the default with a DEM); without a terrain
                           verdict it is NLOS */
} phs_los_mode;

/* Parse "nlos", "los", "expected", "terrain"; -1 otherwise. */
int phs_los_mode_parse(const char *s);
const char *phs_los_mode_name(phs_los_mode los);

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

/*
** Path loss with terrain (docs/propagation.md, "Terrain and the LOS/NLOS
** choice"). terrain_los is the DEM's verdict for the cell: 1 = the direct
** ray clears the terrain, 0 = cut, -1 = unknown (no DEM); PHS_LOS_TERRAIN
** takes the LOS branch for 1 and NLOS otherwise, the other modes ignore
** it. diffraction_db is the knife-edge loss J(v) of the terrain (0 on flat
** earth). It is measured against an unobstructed path, so it is added to
** the LOS formula, never on top of an NLOS formula that already holds an
** obstruction loss: the result is max(PL_mode, PL_LOS + J). Free space and
** Hata have one formula (PL_LOS = PL_NLOS): PL + J. *in_range as for
** phs_path_loss_db, for the branch used.
*/
double phs_path_loss_terrain_db(phs_pl_model m, phs_environment env,
                                phs_los_mode los, double d2d, double h_bs,
                                double h_ut, double f_mhz, int terrain_los,
                                double diffraction_db, int *in_range);

/*
** The path loss of one site prepared for many distances: phs_pl_prepare
** computes once every term that does not depend on the distance (the
** logarithms of the carrier and the heights, the breakpoint and the
** loss there, Hata's height and environment corrections, the validity of
** the site's carrier and heights); phs_pl_prepared_db then costs one
** log10 of the distance per call (two for RMa) and returns exactly what
** phs_path_loss_terrain_db returns for the same inputs, in_range included
** (the remaining operations are the same, in the same order; the test
** geo_pl_prepared.c compares the two on a sweep of distances, heights and
** carriers). phs_pl_prepare returns 0 (and every loss is NaN) for input
** phs_path_loss_db rejects. Fields are internal to propagation.c.
*/
typedef struct phs_pl_prepared {
  phs_pl_model model;
  phs_environment env;
  int valid;            /* 0: NaN for every distance */
  int site_ok;          /* carrier and heights in the model's range */
  double h_bs, h_ut, f_mhz, fc; /* fc in GHz */
  double dh2;           /* (h_bs - h_ut)^2 */
  double dbp;           /* 38.901 breakpoint (m), 0 without one */
  double c_f;           /* 20 log10 f (free space: MHz, 38.901: GHz) */
  double a, b;          /* UMa / UMi PL1 intercept and slope */
  double los_k;         /* UMa / UMi: c log10(d'BP^2 + dh^2); RMa:
                           PL1(d_BP) */
  double nlos_c, nlos_k;/* UMa / UMi NLOS carrier term and h_UT term;
                           RMa NLOS h_UT term */
  double s1, s2, t;     /* RMa PL1 terms */
  double k0, slope;     /* Hata: intercept and log10(d_km) slope; RMa
                           NLOS: intercept and (log10 d3D - 3) slope */
  double e1, e2;        /* Hata's environment correction terms */
} phs_pl_prepared;

int phs_pl_prepare(phs_pl_prepared *pp, phs_pl_model m, phs_environment env,
                   double h_bs, double h_ut, double f_mhz);
double phs_pl_prepared_db(const phs_pl_prepared *pp, phs_los_mode los,
                          double d2d, int terrain_los, double diffraction_db,
                          int *in_range);

/*
** 1 when a site's carrier f_mhz, antenna height h_bs and the receiver
** height h_ut are inside the model's validity range (with the tolerance
** bands of docs/propagation.md, "Validity ranges"), whatever the distance;
** 0 when every cell of that site is extrapolated.
*/
int phs_pl_site_in_range(phs_pl_model m, double f_mhz, double h_bs,
                         double h_ut);

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
  double mech_tilt_deg;     /* mechanical downtilt, positive down: rotates
                               the whole antenna about its horizontal axis
                               (TR 38.901 7.1, beta), so its effect fades
                               away from boresight */
  double elec_tilt_deg;     /* electrical downtilt, positive down: shifts
                               the vertical cut (theta'' - theta_etilt) at
                               every bearing */
  double max_gain_dbi;      /* boresight gain (17 dBi typical sector) */
  double front_back_db;     /* A_m, maximum attenuation (30 dB) */
  double sla_v_db;          /* SLA_V, vertical side-lobe limit (30 dB) */
} phs_antenna;

/*
** Gain (dBi) towards a direction, by the 3GPP TR 36.814 / 38.901 Table
** 7.3-1 pattern in the antenna's own coordinates: the direction (bearing
** az_deg clockwise from north, elevation elev_deg below the horizon,
** positive = user below) is first rotated by the mechanical downtilt
** (TR 38.901 eq. 7.1-7/7.1-8 with alpha = azimuth, beta = mech_tilt,
** gamma = 0) into (phi', eps'); then A_H(phi') = -min(12 (phi'/phi_3dB)^2,
** A_m), A_V = -min(12 ((eps' - elec_tilt)/theta_3dB)^2, SLA_V),
** A = -min(-(A_H + A_V), A_m) + G_max. An omnidirectional antenna has
** A_H = 0 and no direction to rotate: its mechanical and electrical tilts
** both shift the vertical cut. NaN when a needed input is NaN or a
** beamwidth is not positive.
*/
double phs_antenna_gain_dbi(const phs_antenna *a, double az_deg,
                            double elev_deg);

/*
** The pattern prepared for many directions: the validity checks that do
** not depend on the direction and the mechanical tilt's sine and cosine
** done once. phs_antenna_prepared_gain_dbi(ap, az, elev) returns exactly
** phs_antenna_gain_dbi(a, az, elev); for an omnidirectional antenna az is
** not read.
*/
typedef struct phs_antenna_prepared {
  phs_antenna a;        /* a copy */
  int valid;            /* 0: NaN for every direction */
  int omni;             /* azimuth NaN */
  double tilt;          /* the shift of the vertical cut (omni: both tilts) */
  double cos_b, sin_b;  /* of the mechanical tilt */
} phs_antenna_prepared;

void phs_antenna_prepare(phs_antenna_prepared *ap, const phs_antenna *a);
double phs_antenna_prepared_gain_dbi(const phs_antenna_prepared *ap,
                                     double az_deg, double elev_deg);

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

/*
** phs_terrain_loss plus the line-of-sight verdict per cell: los (nx * ny,
** may be NULL) receives 1 where the direct ray from the antenna to the
** receiver clears the terrain (geometric LOS, grazing included: the loss
** is then J(v) of the partial Fresnel-zone obstruction, at most 6.03 dB),
** 0 where the terrain cuts it and where the loss is NaN.
*/
int phs_terrain_sweep(const phs_dem *dem, const phs_terrain_request *rq,
                      float *loss_db, unsigned char *los, phs_diag *d);

/*
** phs_terrain_sweep for the cells within reach (metres; 0 = max_dist) of
** the site only: the others get NaN (and los 0) and the rays stop at the
** last step a cell within the reach uses. The rays' spacing still follows
** max_dist, so every cell within the reach gets exactly the value that
** phs_terrain_sweep gives it.
*/
int phs_terrain_sweep_reach(const phs_dem *dem, const phs_terrain_request *rq,
                            double reach, float *loss_db, unsigned char *los,
                            phs_diag *d);

/*
** The checks phs_terrain_sweep starts with (the request, and the DEM
** covering the site: PHS_EINPUT naming the site otherwise), for a caller
** that needs no cell of the site but must fail as the sweep would.
*/
int phs_terrain_check(const phs_dem *dem, const phs_terrain_request *rq,
                      phs_diag *d);

/* Knife-edge diffraction loss J(v) in dB (ITU-R P.526-15 eq. 31), 0 for
** v <= -0.78. */
double phs_knife_edge_db(double v);

#ifdef __cplusplus
}
#endif
#endif /* PHS_RADIO_H */
