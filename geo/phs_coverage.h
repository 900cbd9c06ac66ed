/*
** phs_coverage.h: modelled coverage on a grid. Each site's signal is
** computed over the cells within its reach (link budget: EIRP, antenna
** pattern, path loss, reliability margin, optional terrain loss) and merged
** into per-group grids (a group is an operator): best-server signal, the
** serving site, and the number of sites above the threshold. Sites are
** added one at a time, so memory is the grid, not sites x cells; large
** extents are processed tile by tile by the caller.
**
** Link budget of a cell (all in dB):
**   signal = EIRP_RS + (G(direction) - G_max) - L_path - M_rel
** L_path combines the model with the terrain's knife-edge loss J and its
** line-of-sight verdict (phs_path_loss_terrain_db: max(PL_mode, PL_LOS + J),
** PHS_LOS_TERRAIN picking LOS or NLOS per cell); M_rel uses the sigma of
** the branch taken.
** EIRP_RS is the reference-signal EIRP per resource element (what RSRP
** measures): the site's total EIRP minus 10 log10(number of subcarriers).
** M_rel = z(reliability) * sigma_shadow. A cell is covered when
** signal >= threshold. Formulas and defaults: docs/propagation.md.
*/
#ifndef PHS_COVERAGE_H
#define PHS_COVERAGE_H

#include <stdint.h>

#include "phs_common.h"
#include "phs_radio.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A site as the models see it, in the working metric CRS. */
typedef struct phs_radio_site {
  double x, y;          /* metres */
  double h_bs;          /* antenna height above ground, metres */
  double f_mhz;         /* carrier */
  double eirp_rs_dbm;   /* reference-signal EIRP per resource element at
                           boresight (max antenna gain included) */
  phs_antenna ant;      /* pattern; azimuth NaN = omnidirectional */
  int group;            /* 0 .. n_groups-1 */
  /* Per-site overrides of the link's model and environment (e.g. from the
  ** census density of the site's commune); 0 = use phs_link_params'. */
  int has_env;          /* 1: env replaces phs_link_params.env */
  phs_environment env;
  int has_model;        /* 1: model replaces phs_link_params.model */
  phs_pl_model model;
} phs_radio_site;

/* How signal is turned into coverage. */
typedef struct phs_link_params {
  phs_pl_model model;
  phs_environment env;
  phs_los_mode los;
  double h_ut;          /* receiver height, metres (1.5) */
  double threshold_dbm; /* RSRP needed for service */
  double reliability;   /* cell-edge probability, e.g. 0.90 */
  double max_dist;      /* metres: beyond it a site is not considered */
} phs_link_params;

/*
** Signal (dBm) from site s at (x, y), with terrain loss terrain_db (0 on
** flat earth) and no line-of-sight verdict (PHS_LOS_TERRAIN is NLOS here),
** including the reliability margin. *in_range receives 0 when the
** path-loss model was used outside its validity range.
*/
double phs_site_signal_dbm(const phs_radio_site *s, const phs_link_params *p,
                           double x, double y, double terrain_db,
                           int *in_range);

/*
** A site's link budget prepared for many cells: the path loss
** (phs_pl_prepare), the antenna pattern (phs_antenna_prepare) and the
** reliability margin of each branch computed once.
** phs_site_link_signal_dbm(k, x, y, J, los, ok) returns what the grid
** stores for the cell: the link budget of phs_site_signal_dbm with the
** terrain's verdict los (1 clear, 0 cut, -1 none), the same operations
** on the same numbers (tests/unit/geo_pl_prepared.c compares the two).
*/
typedef struct phs_site_link {
  double x, y;
  double eirp_rs_dbm, max_gain_dbi;
  phs_los_mode los;
  double elev_dh;              /* h_bs - h_ut */
  double margin_los, margin_nlos;
  phs_pl_prepared pl;
  phs_antenna_prepared ant;
} phs_site_link;

void phs_site_link_prepare(phs_site_link *k, const phs_radio_site *s,
                           const phs_link_params *p);
double phs_site_link_signal_dbm(const phs_site_link *k, double x, double y,
                                double terrain_db, int terrain_los,
                                int *in_range);

/*
** The site's reach for a threshold: a distance R <= max_dist such that no
** point farther than R (2D) from the site gets threshold_dbm in any
** direction, with any terrain loss (the signal at boresight gain with the
** least loss and margin that the branches of the link's LOS mode can
** have at R or beyond is below the threshold less 1e-6 dB for rounding;
** with_dem: PHS_LOS_TERRAIN may take the LOS branch, else it is NLOS;
** every loss formula grows with the distance on each side of its
** breakpoint, see docs/propagation.md, "The reach of a site"). max_dist
** when nothing
** smaller can be proven (a negative pattern cap, a NaN margin, Hata with
** a non-positive slope); -1 when not even the site's own cell can reach
** the threshold.
*/
double phs_site_link_reach_m(const phs_site_link *k, double threshold_dbm,
                             double max_dist, int with_dem);

/* Per-group coverage grids, north-up; cell (i, j) has its centre at
** (x0 + (i + 0.5) res, y0 - (j + 0.5) res). */
typedef struct phs_cov_grid {
  int nx, ny;
  double x0, y0, res;
  int n_groups;
  float *best_dbm;   /* owned: n_groups planes of nx*ny; -INFINITY none */
  int32_t *server;   /* owned: index given to phs_cov_add_site, -1 none */
  uint16_t *n_cover; /* owned: sites at or above the threshold */
  int covered_only;  /* set by the caller after phs_cov_grid_init: 1 when
                        it reads only which cells reach the threshold
                        (n_cover, best_dbm >= threshold), so that
                        phs_cov_add_site skips the cells beyond each
                        site's reach (phs_site_link_reach_m), which then
                        keep no signal from it; 0 (the default): every
                        cell within max_dist gets its signal and server,
                        as the signal and server rasters need */
} phs_cov_grid;

/* Allocate and clear; PHS_ERUNTIME on allocation failure. */
int phs_cov_grid_init(phs_cov_grid *g, double x0, double y0, int nx, int ny,
                      double res, int n_groups, phs_diag *d);
void phs_cov_grid_free(phs_cov_grid *g);

/*
** Add one site: every cell within p->max_dist of it receives the site's
** signal if better than the group's best (then server = site_index), and
** n_cover grows where the signal reaches p->threshold_dbm. With a DEM,
** the terrain loss and the per-cell line of sight come from
** phs_terrain_sweep (PHS_EINPUT, naming the site, when the DEM does not
** cover it). *n_out_of_range counts the covered
** cells (signal at or above the threshold) where the path-loss model was
** extrapolated beyond its validity range. site_id is for messages.
*/
int phs_cov_add_site(phs_cov_grid *g, const phs_radio_site *s,
                     int32_t site_index, const char *site_id,
                     const phs_link_params *p, const phs_dem *dem,
                     long *n_out_of_range, phs_diag *d);

/* Index of the cell containing (x, y), or -1 outside the grid. */
long phs_cov_grid_cell(const phs_cov_grid *g, double x, double y);

#ifdef __cplusplus
}
#endif
#endif /* PHS_COVERAGE_H */
