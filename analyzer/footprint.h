/*
** footprint.h: internal to analyzer/: one interface over the footprint
** models (circles, or a propagation model on a grid) for the analysis.
*/
#ifndef PHS_FOOTPRINT_H
#define PHS_FOOTPRINT_H

#include "../data/phs_data.h"
#include "../geo/phs_geo.h"
#include "../geo/phs_coverage.h"
#include "../geo/phs_radio.h"

#define FP_CIRCLES (-1) /* a circle per site */
#define FP_CLAIMS (-2)  /* the operators' own coverage polygons */

typedef struct fp_opts {
  const char *tech;          /* "5G" or "4G": which sites */
  int model;                 /* FP_CIRCLES, FP_CLAIMS or a phs_pl_model */
  int auto_model;            /* --model auto: each site's model from its
                                environment (site_params.c); model is then
                                the fallback for the link */
  phs_environment env;       /* every site's, or the fallback of site_env */
  const signed char *site_env; /* borrowed, NULL = env for all; else per
                                site of the dataset (ds->sites index): a
                                phs_environment, or -1 = unknown (env) */
  phs_los_mode los;
  double h_ut;               /* receiver height (1.5 m) */
  double threshold_dbm;      /* RSRP for service */
  double reliability;        /* cell-edge probability (0.9) */
  double max_dist_m;         /* reach of one site */
  double grid_m;             /* cell size, metres */
  double default_height_m;   /* antenna height when the file has none */
  int have_dem;
  const char *dem_path;      /* terrain (any raster GDAL reads), or NULL;
                                read tile by tile during fp_eval_new */
  int tile_cells;            /* cells per side of a tile of the model's
                                grid; 0 = 1024 (results never depend on it) */
  int threads;               /* workers for the tiles; 0 = one per online
                                core (results never depend on it) */
  const char *working_crs;   /* the CRS of the working coordinates */
  const char *const *groups; /* borrowed: operator codes, group order */
  int n_groups;
} fp_opts;

#define FP_OOR_LISTED 4 /* sites outside their model's range named */

/* Defaults applied, counted for the run's warnings. */
typedef struct fp_stats {
  long sites;
  long default_radius, default_band, default_height, default_eirp;
  long default_omni, default_beamwidth, default_tilt;
  long default_tilt_elec;  /* mechanical tilt only: 0 electrical */
  long default_gain;       /* transmit power without antenna gain */
  long default_feeder;     /* transmit power without feeder loss */
  long eirp_from_power;    /* EIRP = P + G - L (no EIRP column) */
  long cells_out_of_range; /* grid cells where the model extrapolated */
  long sites_out_of_range; /* sites whose own carrier or heights are outside
                              their model's validity (phs_pl_site_in_range):
                              every cell they cover is extrapolated */
  struct fp_site_oor {     /* the first FP_OOR_LISTED of them */
    const char *id;        /* borrowed from the dataset */
    int model;             /* its phs_pl_model */
    double f_mhz, h_bs;    /* as modelled (defaults applied) */
  } oor[FP_OOR_LISTED];
} fp_stats;

typedef struct fp_eval fp_eval;

/*
** Build the footprints of o->tech's sites of ds. tr maps lon/lat to the
** working CRS; polys (working CRS) are the communes whose covered share
** will be asked for (by index). A propagation model is evaluated on a grid
** over the communes' extent, tile by tile (o->tile_cells), with the DEM
** o->dem_path (in o->working_crs) read per tile when given; what stays is
** one coverage bit per operator per cell of the tiles where something is
** covered, and each commune's cell counts. With cov_out (models only), the
** coverage rasters and polygons are written during the pass
** (phs_coverage_writer). o is copied (its groups array is borrowed and
** must outlive the evaluator). *out is freed with fp_eval_free.
*/
int fp_eval_new(const phs_dataset *ds, const fp_opts *o, phs_crs_transform *tr,
                const phs_mpoly *polys, int n_polys,
                const phs_coverage_out_opts *cov_out, fp_eval **out,
                phs_diag *d);
void fp_eval_free(fp_eval *e);
const fp_stats *fp_eval_stats(const fp_eval *e);

/*
** The queries below (fp_eval_has_group, fp_eval_point, fp_eval_cell,
** fp_eval_point_ll, fp_eval_point_scan) only read the evaluator once
** fp_eval_new has returned: several threads may ask the same const
** fp_eval at once, each with its own hits buffer (n_groups bytes, or
** NULL), and get the answers one thread would. Circles
** (phs_circle_set_covers), claims (phs_pip_index_find), the model's
** coverage bits and the flat-earth link budget read shared data only.
** The one exception is fp_eval_point on FP_CLAIMS: it turns (x, y) into
** lon/lat with the evaluator's PROJ transform, which is not thread-safe,
** so it holds a mutex for that transform (correct, but the threads then
** queue): a hot loop over points gives lon/lat to fp_eval_point_ll,
** which needs no transform and no lock. fp_eval_new uses its tr only
** while it runs (the caller's per-thread transforms are its own
** business). fp_eval_area and fp_eval_free are for one thread
** (fp_eval_free after every query has returned).
*/

/* For FP_CLAIMS: did group g file claims for this technology? */
int fp_eval_has_group(const fp_eval *e, int g);
/* Is (x, y) (working CRS) covered? hits[g] = 1 for each covering group.
** A model without a DEM computes the exact link budget at (x, y) from
** the sites whose reach holds it (a grid index of the sites' reach
** discs, built by fp_eval_new): the same answer as asking every site. */
int fp_eval_point(const fp_eval *e, double x, double y, unsigned char *hits);
/* fp_eval_point with the model's flat-earth budget asked of every site
** of the technology (no index): the reference for tests; otherwise as
** fp_eval_point. */
int fp_eval_point_scan(const fp_eval *e, double x, double y,
                       unsigned char *hits);
/* The grid's answer at (x, y) (the model's cell), for many points where
** the exact link budget would cost too much; circles and claims answer
** exactly as fp_eval_point. */
int fp_eval_cell(const fp_eval *e, double x, double y, unsigned char *hits);
/* The same for a point known in lon/lat too: claims are tested in
** lon/lat, where the communes that households are assigned to live, so a
** point on a shared edge is judged the same way by both (and no
** transform is used: the form for threads). */
int fp_eval_point_ll(const fp_eval *e, double lon, double lat, double x,
                     double y, unsigned char *hits);
/* Covered share of polygon k (any group, and per group). */
int fp_eval_area(const fp_eval *e, int k, const phs_mpoly *poly,
                 double *frac_any, double *frac_g);
/* Group of an operator code (0 when unknown). */
int fp_group_of(const fp_opts *o, const char *operator_code);
/* Default service threshold for a technology (dBm). */
double fp_default_threshold_dbm(const char *tech);

#endif /* PHS_FOOTPRINT_H */
