/*
** analyze.c: one analysis run: fibre households, 5G site counts and
** coverage (households and area, any operator and per operator), and the
** survey indicators, per commune, then summed to districts and province.
** The method, its rules and its error bounds are in docs/method.md.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "phs_analyzer.h"
#include "footprint.h"
#include "households.h"
#include "parallel.h"
#include "phs_progress.h"
#include "phs_stats.h"
#include "site_params.h"

/* Cell flags, written into the result rows as comma-separated words. */
enum {
  F_NO_DATA = 1 << 0,         /* no input for this area */
  F_RATIO_OVER_100 = 1 << 1,  /* numerator > denominator: a data error */
  F_UNIFORM_SPREAD = 1 << 2,  /* households from counts spread over area */
  F_NO_GEOMETRY = 1 << 3,     /* the unit has no polygon */
  F_SMALL_SAMPLE = 1 << 4,    /* fewer respondents than small_n */
  F_INCOMPLETE = 1 << 5,      /* aggregate lacks some communes' data */
  F_UNCODED = 1 << 6,         /* polygon without an official code */
  F_POP_WEIGHTED = 1 << 7     /* counts spread by a population raster */
};

static const char *const flag_words[] = {
    "no_data",   "ratio_over_100", "uniform_spread", "no_geometry",
    "small_sample", "incomplete",  "uncoded", "population_weighted"};

/* Technologies analysed, in metric order. Each has a block of metrics:
** households and area in coverage, sites, then households and area per
** operator (m_hh ... m_op_area below). */
#define N_TECH 2
static const char *const TECH_NAMES[N_TECH] = {"5G", "4G"};
static const char *const TECH_KEYS[N_TECH] = {"5g", "4g"};
_Static_assert(N_TECH <= HH_MAX_TECH, "households.h counts N_TECH technologies");

enum { M_FIBRE = 0, M_TECH0 = 1 };

typedef struct cell {
  double num, den;   /* numerator, denominator */
  unsigned flags;
  int have;          /* the cell has a usable figure */
  long excluded;     /* aggregates: member communes left out */
  phs_prop_acc acc;  /* survey metrics */
} cell;

typedef struct area {
  const char *code, *name, *parent; /* borrowed */
  cell *cells;                      /* owned: n_metrics */
} area;

/* --timings: each step's elapsed (monotonic) and CPU (process, all
** threads) seconds, printed when the step ends. */
typedef struct step_clock {
  int on;
  double wall, cpu; /* at the last mark */
} step_clock;

typedef struct run_ctx {
  const phs_analyze_opts *o;
  phs_store *store;         /* borrowed: household points are streamed */
  phs_dataset ds;
  int n_metrics;
  char **keys;              /* owned: metric keys */
  int survey_base;          /* first survey metric */
  int tech_base[N_TECH];    /* first metric of each technology's block */
  int shared_base, n_shared;/* sites_shared_<tech>: N_TECH metrics when
                               two or more operators filed sites, else 0 */
  long shared_sites;        /* sites with another operator's this close */
  int has_claims[N_TECH];   /* operators filed coverage for it */
  area *communes;           /* n_communes */
  area *districts; int n_districts;
  area *provinces; int n_provinces;
  long unassigned_sites, unassigned_households, unassigned_respondents;
  int points_mode;
  char working_crs[64];
  fp_opts fp[N_TECH];       /* footprint model and its parameters */
  fp_stats fp_stats[N_TECH];/* defaults it applied */
  int env_auto;             /* --environment auto */
  signed char *site_env;    /* owned, per ds.sites: environment, -1 none */
  step_clock clock;         /* --timings */
  long env_sites[N_TECH][4];/* sites per environment; [3]: no density */
} run_ctx;

static char *model_json(const run_ctx *c, int t);

static double clock_s(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void step_start(step_clock *k, int on) {
  k->on = on;
  k->wall = clock_s(CLOCK_MONOTONIC);
  k->cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static void step_done(step_clock *k, const char *name) {
  if (!k->on) return;
  double w = clock_s(CLOCK_MONOTONIC), c = clock_s(CLOCK_PROCESS_CPUTIME_ID);
  fprintf(stderr, "phusong: step %s: %.3f s elapsed, %.3f s CPU\n", name,
          w - k->wall, c - k->cpu);
  k->wall = w;
  k->cpu = c;
}

static int m_hh(const run_ctx *c, int t) { return c->tech_base[t]; }
static int m_area(const run_ctx *c, int t) { return m_hh(c, t) + 1; }
static int m_sites(const run_ctx *c, int t) { return m_hh(c, t) + 2; }
static int m_pop(const run_ctx *c, int t) { return m_hh(c, t) + 3; }
static int m_notspot(const run_ctx *c, int t) { return m_hh(c, t) + 4; }
static int m_op_hh(const run_ctx *c, int t, int g) {
  return m_hh(c, t) + 5 + 2 * g;
}
static int m_op_area(const run_ctx *c, int t, int g) {
  return m_op_hh(c, t, g) + 1;
}
/* Operators' claimed coverage (only in blocks of technologies with
** claims): households, then area, per operator. */
static int m_claim_hh(const run_ctx *c, int t, int g) {
  return m_hh(c, t) + 5 + 2 * c->ds.n_operators + 2 * g;
}
static int m_claim_area(const run_ctx *c, int t, int g) {
  return m_claim_hh(c, t, g) + 1;
}
/* Sites of a technology with another operator's site within the share
** distance (possibly shared towers): a count, as sites are. */
static int m_shared(const run_ctx *c, int t) { return c->shared_base + t; }
static int is_sites_metric(const run_ctx *c, int m) {
  for (int t = 0; t < N_TECH; t++)
    if (m == m_sites(c, t) || (c->n_shared && m == m_shared(c, t))) return 1;
  return 0;
}
static int tech_index(const char *tech) {
  for (int t = 0; t < N_TECH; t++)
    if (strcmp(TECH_NAMES[t], tech) == 0) return t;
  return -1;
}

static const char *const ENV_NAMES[3] = {"urban", "suburban", "rural"};

/*
** The Degree of Urbanisation's density classes (UN Statistical Commission
** 2020; GHS-DUC), applied to a commune's census density: at least 1,500
** people per km2 urban, at least 300 suburban, else rural; -1 when the
** commune has no population count or no area. docs/propagation.md.
*/
static int env_of_density(long long population, double area_m2) {
  if (population < 0 || !(area_m2 > 0)) return -1;
  double per_km2 = (double)population / (area_m2 / 1e6);
  if (per_km2 >= 1500) return PHS_ENV_URBAN;
  if (per_km2 >= 300) return PHS_ENV_SUBURBAN;
  return PHS_ENV_RURAL;
}

/* Warn, with counts, about every default the footprint model applied: an
** assumption the operator's file did not support is never silent. */
static void report_defaults(const run_ctx *c, int t, phs_diag *d) {
  const fp_stats *s = &c->fp_stats[t];
  const long *es = c->env_sites[t];
  if (c->env_auto && es[0] + es[1] + es[2] > 0)
    phs_diag_warn(d, "%s sites by the census density of their commune"
                  " (--environment auto): %ld urban, %ld suburban, %ld"
                  " rural; %ld of them without a density (no population"
                  " count, or outside every commune) taken as %s"
                  " (docs/propagation.md)",
                  TECH_NAMES[t], es[0], es[1], es[2], es[3],
                  ENV_NAMES[c->fp[t].env]);
  if (c->env_auto && c->fp[t].model >= 0 && !c->fp[t].auto_model &&
      c->fp[t].model != PHS_PL_COST231_HATA && es[0] + es[1] + es[2] > 0)
    phs_diag_warn(d, "%s: --environment auto does not change the %s model,"
                  " which has no environment; --model auto picks 38.901 UMa"
                  " or RMa by it",
                  TECH_NAMES[t], phs_pl_model_name((phs_pl_model)c->fp[t].model));
  struct { long n; const char *what; } rows[] = {
      {s->default_radius, "gave no radius: the per-band default was used"},
      {s->default_band, "gave no band: 3500 MHz (5G) / 1800 MHz (4G) assumed"},
      {s->default_height, "gave no antenna height: 30 m assumed"},
      {s->default_eirp, "gave no EIRP: the per-band default was used"},
      {s->default_omni, "gave no azimuth: modelled as omnidirectional"},
      {s->default_beamwidth, "gave no beamwidth: 65 degrees assumed"},
      {s->default_tilt, "gave no downtilt: 6 degrees electrical assumed"},
      {s->default_tilt_elec,
       "gave a mechanical but no electrical downtilt: 0 degrees electrical"
       " assumed"},
      {s->default_gain,
       "gave transmit power but no antenna gain: 17 dBi (4G) / 24 dBi (5G)"
       " assumed for the EIRP"},
      {s->default_feeder,
       "gave transmit power but no feeder loss: 0 dB assumed for the EIRP"}};
  for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
    if (rows[i].n)
      phs_diag_warn(d, "%ld %s sites %s (docs/propagation.md)", rows[i].n,
                    TECH_NAMES[t], phs_tr(rows[i].what));
  if (s->cells_out_of_range)
    phs_diag_warn(d, "%s: the path-loss model was used outside its"
                  " validity range in %ld covered grid cells"
                  " (docs/propagation.md)",
                  TECH_NAMES[t], s->cells_out_of_range);
  /* The sites behind most of those cells: outside their own model's
  ** range whatever the distance (each with the model, carrier and antenna
  ** height it was computed with, so the planner sees which limit). */
  if (s->sites_out_of_range) {
    phs_buf b;
    phs_buf_init(&b);
    long listed = s->sites_out_of_range < FP_OOR_LISTED
                      ? s->sites_out_of_range
                      : FP_OOR_LISTED;
    for (long i = 0; i < listed; i++)
      phs_buf_printf(&b, "%s%.40s (%s, %.0f MHz, %.4g m)", i ? ", " : "",
                     s->oor[i].id ? s->oor[i].id : "?",
                     phs_pl_model_name((phs_pl_model)s->oor[i].model),
                     s->oor[i].f_mhz, s->oor[i].h_bs);
    if (s->sites_out_of_range > listed)
      phs_buf_printf(&b, phs_tr(" and %ld more"),
                     s->sites_out_of_range - listed);
    phs_diag_warn(d, "%s: %ld sites are outside their path-loss model's"
                  " validity range (carrier or antenna height), so every"
                  " cell they reach is extrapolated: %s (docs/propagation.md,"
                  " \"Validity ranges\")",
                  TECH_NAMES[t], s->sites_out_of_range, b.data ? b.data : "");
    phs_buf_free(&b);
  }
}

static char *lower_dup(const char *s) {
  char *r = strdup(s);
  for (char *p = r; p && *p; p++)
    if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
  return r;
}

static void set_keys(run_ctx *c) {
  int n_ops = c->ds.n_operators;
  int base = M_TECH0;
  for (int t = 0; t < N_TECH; t++) {
    c->has_claims[t] = 0;
    for (int i = 0; i < c->ds.n_claims; i++)
      if (strcmp(c->ds.claims[i].tech, TECH_NAMES[t]) == 0)
        c->has_claims[t] = 1;
    c->tech_base[t] = base;
    base += 5 + 2 * n_ops + (c->has_claims[t] ? 2 * n_ops : 0);
  }
  /* Shared towers need two operators' sites. */
  int site_ops = 0;
  for (int i = 0; i < c->ds.n_sites; i++)
    if (i == 0 || strcmp(c->ds.sites[i].operator_code,
                         c->ds.sites[i - 1].operator_code) != 0)
      site_ops++;
  c->shared_base = base;
  c->n_shared = site_ops >= 2 ? N_TECH : 0;
  base += c->n_shared;
  c->survey_base = base;
  c->n_metrics = c->survey_base + c->ds.n_indicators;
  c->keys = calloc((size_t)c->n_metrics, sizeof(char *));
  c->keys[M_FIBRE] = strdup("fibre_households");
  for (int t = 0; t < N_TECH; t++) {
    const char *k = TECH_KEYS[t];
    c->keys[m_hh(c, t)] = phs_strdup_printf("coverage_%s_households", k);
    c->keys[m_area(c, t)] = phs_strdup_printf("coverage_%s_area", k);
    c->keys[m_sites(c, t)] = phs_strdup_printf("sites_%s", k);
    c->keys[m_pop(c, t)] = phs_strdup_printf("coverage_%s_population", k);
    c->keys[m_notspot(c, t)] = phs_strdup_printf("notspot_%s_area", k);
    if (c->n_shared)
      c->keys[m_shared(c, t)] = phs_strdup_printf("sites_shared_%s", k);
    for (int i = 0; i < n_ops; i++) {
      char *op = lower_dup(c->ds.operators[i]);
      c->keys[m_op_hh(c, t, i)] =
          phs_strdup_printf("coverage_%s_households_%s", k, op);
      c->keys[m_op_area(c, t, i)] =
          phs_strdup_printf("coverage_%s_area_%s", k, op);
      if (c->has_claims[t]) {
        c->keys[m_claim_hh(c, t, i)] =
            phs_strdup_printf("claimed_%s_households_%s", k, op);
        c->keys[m_claim_area(c, t, i)] =
            phs_strdup_printf("claimed_%s_area_%s", k, op);
      }
      free(op);
    }
  }
  /* Survey indicators: "smartphone" first (the headline), then by name. */
  int k = c->survey_base;
  for (int i = 0; i < c->ds.n_indicators; i++)
    if (strcmp(c->ds.indicators[i], "smartphone") == 0)
      c->keys[k++] = strdup("smartphone");
  for (int i = 0; i < c->ds.n_indicators; i++)
    if (strcmp(c->ds.indicators[i], "smartphone") != 0)
      c->keys[k++] = strdup(c->ds.indicators[i]);
}

/* Flag each site of ds with another operator's site within the share
** distance: (*out)[i] = 1 (malloc'd); a warning counts them. */
static int shared_sites_mark(run_ctx *c, unsigned char **out, phs_diag *d) {
  const phs_dataset *ds = &c->ds;
  double dist = c->o->share_distance_m > 0 ? c->o->share_distance_m
                                           : PHS_SHARE_DISTANCE_M;
  long n = ds->n_sites;
  double *lon = malloc(sizeof(double) * (size_t)(n ? n : 1));
  double *lat = malloc(sizeof(double) * (size_t)(n ? n : 1));
  int *group = malloc(sizeof(int) * (size_t)(n ? n : 1));
  *out = calloc((size_t)(n ? n : 1), 1);
  phs_near_pair *p = NULL;
  long np = 0;
  int rc = lon && lat && group && *out ? PHS_OK : PHS_ERUNTIME;
  for (long i = 0; rc == PHS_OK && i < n; i++) {
    lon[i] = ds->sites[i].lon;
    lat[i] = ds->sites[i].lat;
    /* sites are sorted by operator: a group per operator */
    group[i] = i == 0 ? 0
               : strcmp(ds->sites[i].operator_code,
                        ds->sites[i - 1].operator_code) != 0
                   ? group[i - 1] + 1
                   : group[i - 1];
  }
  if (rc == PHS_OK) rc = phs_near_pairs(lon, lat, group, n, dist, &p, &np);
  for (long i = 0; rc == PHS_OK && i < np; i++)
    (*out)[p[i].a] = (*out)[p[i].b] = 1;
  for (long i = 0; rc == PHS_OK && i < n; i++) c->shared_sites += (*out)[i];
  if (rc == PHS_OK && c->shared_sites > 0)
    phs_diag_warn(d, "%ld sites lie within %g m of another operator's site"
                  " (%ld pairs): possibly shared towers, counted per commune"
                  " as sites_shared_<tech>, not merged",
                  c->shared_sites, dist, np);
  free(p);
  free(lon);
  free(lat);
  free(group);
  if (rc) {
    free(*out);
    *out = NULL;
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  return PHS_OK;
}

static int metric_of_indicator(const run_ctx *c, int ind) {
  const char *name = c->ds.indicators[ind];
  for (int m = c->survey_base; m < c->n_metrics; m++)
    if (strcmp(c->keys[m], name) == 0) return m;
  return -1;
}

/* Find or add an aggregate area by code. */
static area *aggregate(area **arr, int *n, const char *code, const char *name,
                       const char *parent, int n_metrics) {
  for (int i = 0; i < *n; i++)
    if (strcmp((*arr)[i].code, code) == 0) return &(*arr)[i];
  area *g = realloc(*arr, sizeof(area) * (size_t)(*n + 1));
  if (g == NULL) return NULL;
  *arr = g;
  area *a = &g[(*n)++];
  a->code = code;
  a->name = name;
  a->parent = parent;
  a->cells = calloc((size_t)n_metrics, sizeof(cell));
  return a;
}

static int cmp_area(const void *x, const void *y) {
  return strcmp(((const area *)x)->code, ((const area *)y)->code);
}

/* ------------------------------------------------------- per commune */

/* Cells of one band of the population raster read at a time (16 MB of
** floats): a national raster at 25 m is read in a few hundred bands. */
#define POP_BAND_CELLS (1L << 22)

/*
** People per commune, and in coverage, from a population raster (e.g.
** WorldPop), read at the grid's resolution over the communes' extent in
** the working CRS. Each cell's value weighs its centre: constant factors
** (people per 100 m cell read at 25 m) cancel in the shares. The cells are
** those of the model's lattice (footprint.c: corners on multiples of the
** cell size), so each centre is the centre of one model cell, and the
** raster is read in bands of whole rows (--tile N rows when given, else
** POP_BAND_CELLS cells), so memory stays bounded at national scale. A
** cell's value does not depend on its band: phs_raster_read's bilinear
** read takes each cell from the raster at its centre alone (data/dem.c),
** and the band edges lie on the lattice, so the figures are the same
** whatever the band height (tests/cli/tiling.sh).
*/
static int population_weights(run_ctx *c, const phs_mpoly *xy, int n_geo,
                              fp_eval *const *ev, double *w_total,
                              double **w_any, double **w_g, phs_diag *d) {
  int n_ops = c->ds.n_operators;
  double bx0 = 1e300, by0 = 1e300, bx1 = -1e300, by1 = -1e300;
  for (int k = 0; k < n_geo; k++) {
    bx0 = fmin(bx0, xy[k].minx), bx1 = fmax(bx1, xy[k].maxx);
    by0 = fmin(by0, xy[k].miny), by1 = fmax(by1, xy[k].maxy);
  }
  double res = c->fp[0].grid_m;
  double gx0 = floor(bx0 / res) * res, gy1 = ceil(by1 / res) * res;
  double fnx = fmax(1, ceil((bx1 - gx0) / res));
  double fny = fmax(1, ceil((gy1 - by0) / res));
  if (fnx * fny > 1e15)
    return phs_diag_error(d, PHS_EUSAGE, "%s: a grid of %.0f x %.0f cells at"
                          " %g m; use a coarser --cell",
                          c->o->population_raster, fnx, fny, res);
  long nx = (long)fnx, ny = (long)fny;
  long rows = c->o->tile_cells > 0 ? c->o->tile_cells : POP_BAND_CELLS / nx;
  if (rows < 1) rows = 1;
  phs_pip_index *ix = phs_pip_index_new(xy, NULL, n_geo);
  unsigned char *hits = calloc((size_t)(n_ops > 0 ? n_ops : 1), 1);
  int rc = PHS_OK;
  if (ix == NULL || hits == NULL) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto done;
  }
  for (long j0 = 0; j0 < ny && rc == PHS_OK; j0 += rows) {
    long nr = rows < ny - j0 ? rows : ny - j0;
    phs_dem pop;
    float *z = NULL;
    rc = phs_raster_read(c->o->population_raster, 1, 0, c->working_crs, gx0,
                         gy1 - (double)j0 * res, gx0 + (double)nx * res,
                         gy1 - (double)(j0 + nr) * res, res, &pop, &z, d);
    if (rc) break;
    for (int j = 0; j < pop.ny; j++) {
      double y = gy1 - ((double)(j0 + j) + 0.5) * res;
      for (int i = 0; i < pop.nx; i++) {
        double v = z[(size_t)j * (size_t)pop.nx + (size_t)i];
        if (!(v > 0)) continue; /* no data, or nobody */
        double x = gx0 + (i + 0.5) * res;
        int k = phs_pip_index_find(ix, x, y);
        if (k < 0) continue;
        w_total[k] += v;
        for (int t = 0; t < N_TECH; t++) {
          if (fp_eval_cell(ev[t], x, y, hits)) w_any[t][k] += v;
          for (int g = 0; g < n_ops; g++)
            if (hits[g]) w_g[t][(size_t)k * (size_t)n_ops + (size_t)g] += v;
        }
      }
    }
    free(z);
  }
done:
  free(hits);
  phs_pip_index_free(ix);
  return rc;
}

/* The covered shares of every polygon's area, per technology (and per
** operator), for footprints and claims: independent per polygon, so they
** run on the analysis threads (parallel.h); the exact area of circles is
** the costly part of a national run. */
typedef struct area_job {
  const fp_eval *ev[2 * N_TECH]; /* footprints, then claims; NULL: none */
  const phs_mpoly *xy;           /* polygons in the working CRS */
  int n_ops;
  double *any[2 * N_TECH];       /* [k]: share covered by any group */
  double *by[2 * N_TECH];        /* [k * n_ops + g]: by group g */
} area_job;

static int area_item(void *ctx, long k) {
  area_job *a = ctx;
  for (int e = 0; e < 2 * N_TECH; e++) {
    if (a->ev[e] == NULL) continue;
    int st = fp_eval_area(a->ev[e], (int)k, &a->xy[k], &a->any[e][k],
                          a->by[e] + k * (a->n_ops > 0 ? a->n_ops : 1));
    if (st) return st;
  }
  return PHS_OK;
}

static int commune_figures(run_ctx *c, phs_diag *d) {
  phs_dataset *ds = &c->ds;
  int n = ds->n_communes;
  int n_ops = ds->n_operators;
  int rc = PHS_OK;
  fp_eval *ev[N_TECH] = {NULL};  /* footprints per technology */
  fp_eval *cl_ev[N_TECH] = {NULL}; /* operators' claims per technology */
  double *w_total = NULL;          /* people per commune (raster weights) */
  double *w_any[N_TECH] = {NULL};  /* ... in coverage, any operator */
  double *w_g[N_TECH] = {NULL};    /* ... per operator */
  unsigned char *hits = NULL;    /* operators covering one point */
  c->communes = calloc((size_t)n, sizeof(area));
  for (int i = 0; i < n; i++) {
    c->communes[i].code = ds->communes[i].code;
    c->communes[i].name = ds->communes[i].name;
    c->communes[i].parent = ds->communes[i].district_code;
    c->communes[i].cells = calloc((size_t)c->n_metrics, sizeof(cell));
  }

  /* Polygons with geometry, for the point index (lon/lat) and the
  ** metric copies (working CRS). Ranked by position = by commune code. */
  size_t n_alloc = n > 0 ? (size_t)n : 1;
  int *geo_of = malloc(sizeof(int) * n_alloc);  /* polygon -> commune */
  int *poly_of = malloc(sizeof(int) * n_alloc); /* commune -> polygon, -1 */
  phs_mpoly *ll = calloc(n_alloc, sizeof(phs_mpoly));
  phs_mpoly *xy = calloc(n_alloc, sizeof(phs_mpoly));
  int n_geo = 0;
  phs_crs_transform *tr = NULL;
  phs_pip_index *pip = NULL;
  if (geo_of == NULL || poly_of == NULL || ll == NULL || xy == NULL) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto out;
  }
  double minx = 1e300, maxx = -1e300, miny = 1e300, maxy = -1e300;
  for (int i = 0; i < n; i++) {
    poly_of[i] = -1;
    if (!ds->communes[i].has_geom) continue;
    poly_of[i] = n_geo;
    geo_of[n_geo] = i;
    ll[n_geo] = ds->communes[i].geom; /* shallow: the index borrows */
    const phs_mpoly *g = &ds->communes[i].geom;
    if (g->minx < minx) minx = g->minx;
    if (g->maxx > maxx) maxx = g->maxx;
    if (g->miny < miny) miny = g->miny;
    if (g->maxy > maxy) maxy = g->maxy;
    n_geo++;
  }
  char crs[64];
  if (c->o->working_crs)
    snprintf(crs, sizeof(crs), "%s", c->o->working_crs);
  else if (n_geo)
    snprintf(crs, sizeof(crs), "EPSG:%d",
             phs_utm_epsg((minx + maxx) / 2, (miny + maxy) / 2));
  else
    snprintf(crs, sizeof(crs), "EPSG:3857");
  snprintf(c->working_crs, sizeof(c->working_crs), "%s", crs);
  tr = phs_crs_transform_new("EPSG:4326", crs, d);
  pip = phs_pip_index_new(ll, NULL, n_geo);
  if (tr == NULL || pip == NULL) {
    rc = tr ? phs_diag_error(d, PHS_ERUNTIME, "out of memory") : PHS_ERUNTIME;
    goto out;
  }
  for (int k = 0; k < n_geo; k++) {
    phs_mpoly_init(&xy[k]);
    phs_mpoly_copy(&xy[k], &ll[k]);
    phs_crs_transform_mpoly(tr, &xy[k]);
  }

  step_done(&c->clock, "communes");

  /* Sites per commune, by technology; with --environment auto, each
  ** site's environment from its commune's census density. */
  if (c->env_auto && ds->n_sites > 0) {
    c->site_env = malloc((size_t)ds->n_sites);
    if (c->site_env == NULL) {
      rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
      goto out;
    }
  }
  /* Possibly shared towers: sites with another operator's site within
  ** the share distance (docs/submissions.md); counted, never merged. */
  unsigned char *shared = NULL;
  if (c->n_shared) {
    rc = shared_sites_mark(c, &shared, d);
    if (rc) goto out;
  }
  for (int s = 0; s < ds->n_sites; s++) {
    const phs_site *t = &ds->sites[s];
    int ti = tech_index(t->tech);
    if (c->site_env) c->site_env[s] = -1;
    if (ti < 0) continue;
    int k = phs_pip_index_find(pip, t->lon, t->lat);
    int env = -1;
    if (c->env_auto && k >= 0)
      env = env_of_density(ds->communes[geo_of[k]].population,
                           ds->communes[geo_of[k]].area_m2);
    if (c->site_env) c->site_env[s] = (signed char)env;
    if (c->env_auto && env < 0) c->env_sites[ti][3]++;
    c->env_sites[ti][env >= 0 ? env : (int)c->fp[ti].env]++;
    if (k < 0) {
      c->unassigned_sites++;
      phs_diag_warn(d, "site %s of %s (%.6f, %.6f) lies outside every"
                    " commune; counted in no commune",
                    t->site_id, t->operator_code, t->lon, t->lat);
    } else {
      c->communes[geo_of[k]].cells[m_sites(c, ti)].num++;
      if (shared && shared[s])
        c->communes[geo_of[k]].cells[m_shared(c, ti)].num++;
    }
  }
  free(shared);

  /* Terrain (the DEM, read tile by tile under the sites' reach) and the
  ** coverage files are the business of the tiled pass in footprint.c. */
  int any_model = 0;
  for (int t = 0; t < N_TECH; t++)
    if (c->fp[t].model >= 0) any_model = 1;
  if (c->o->coverage_dir && !any_model) {
    rc = phs_diag_error(d, PHS_EUSAGE,
                        "--coverage-out needs a propagation model (--model"
                        " fspl|hata|uma|umi|rma); circles have no grid");
    goto out;
  }

  /* The progress line (phs_progress.h): the model's tiles, the household
  ** points and the covered areas, in shares of their usual cost; the last
  ** 5% are the results stored. Circles and counts report nothing. */
  int n_models = 0;
  for (int t = 0; t < N_TECH; t++) n_models += c->fp[t].model >= 0;
  double w_tiles = n_models ? 4 : 0, w_points = ds->n_households > 0 ? 4 : 0;
  double share = 0.95 / (w_tiles + w_points + 1.5), at = 0;

  /* Footprints in the working CRS, one group per operator: circles, or a
  ** propagation model on a grid (footprint.c) that also writes the
  ** coverage rasters on request. */
  for (int t = 0; t < N_TECH && rc == PHS_OK; t++) {
    fp_opts *fo = &c->fp[t];
    fo->tech = TECH_NAMES[t];
    fo->groups = (const char *const *)ds->operators;
    fo->n_groups = n_ops > 0 ? n_ops : 1;
    fo->working_crs = c->working_crs;
    fo->site_env = c->site_env;
    char *meta = NULL;
    phs_coverage_out_opts co;
    memset(&co, 0, sizeof(co));
    if (c->o->coverage_dir && fo->model >= 0) {
      meta = model_json(c, t);
      co.dir = c->o->coverage_dir;
      co.crs = c->working_crs;
      co.tech = TECH_NAMES[t];
      co.group_names = fo->groups;
      co.threshold_dbm = fo->threshold_dbm;
      co.overwrite = c->o->overwrite;
      co.metadata_json = meta;
    }
    if (fo->model >= 0) { /* build_grid sets the total: its tiles */
      phs_progress_stage(at, at + share * w_tiles / n_models, 0);
      at += share * w_tiles / n_models;
    }
    rc = fp_eval_new(ds, fo, tr, xy, n_geo, co.dir ? &co : NULL, &ev[t], d);
    free(meta);
    if (rc) break;
    c->fp_stats[t] = *fp_eval_stats(ev[t]);
    report_defaults(c, t, d);
  }
  if (rc) goto out;
  /* Operators' claimed coverage, on the same grid rules. */
  for (int t = 0; t < N_TECH && rc == PHS_OK; t++) {
    if (!c->has_claims[t]) continue;
    fp_opts co = c->fp[t];
    co.model = FP_CLAIMS;
    co.working_crs = c->working_crs;
    rc = fp_eval_new(ds, &co, tr, xy, n_geo, NULL, &cl_ev[t], d);
  }
  if (rc) goto out;

  step_done(&c->clock, "footprints");

  /* Household points, when the store has them, decide fibre and coverage
  ** by exact location (households.c, streamed and threaded); otherwise
  ** per-commune counts do. */
  c->points_mode = ds->n_households > 0;
  hits = calloc((size_t)(n_ops > 0 ? n_ops : 1), 1);
  if (hits == NULL) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto out;
  }
  if (c->points_mode) {
    hh_pass hp = {
        .store = c->store,
        .ds = ds,
        .pip = pip,
        .n_polys = n_geo,
        .working_crs = c->working_crs,
        .n_tech = N_TECH,
        .n_ops = n_ops,
        .threads = c->o->threads,
    };
    for (int t = 0; t < N_TECH; t++) {
      hp.ev[t] = ev[t];
      hp.claims[t] = cl_ev[t];
    }
    hh_tally ht;
    phs_progress_stage(at, at + share * w_points, ds->n_households);
    at += share * w_points;
    rc = hh_pass_run(&hp, &ht, d);
    for (int k = 0; k < n_geo && rc == PHS_OK; k++) {
      const long long *blk = hh_block(&ht, k);
      double in = (double)blk[0];
      if (blk[0] == 0) continue;
      cell *cl = c->communes[geo_of[k]].cells;
      cl[M_FIBRE].den += in;
      cl[M_FIBRE].num += (double)blk[1];
      for (int t = 0; t < N_TECH; t++) {
        cl[m_hh(c, t)].den += in;
        cl[m_hh(c, t)].num += (double)hh_covered(&ht, k, t);
        for (int g = 0; g < n_ops; g++) {
          cl[m_op_hh(c, t, g)].den += in;
          cl[m_op_hh(c, t, g)].num += (double)hh_covered_by(&ht, k, t, g);
          if (!cl_ev[t]) continue;
          cl[m_claim_hh(c, t, g)].den += in;
          cl[m_claim_hh(c, t, g)].num += (double)hh_claimed_by(&ht, k, t, g);
        }
      }
    }
    c->unassigned_households = (long)ht.outside;
    hh_tally_free(&ht);
    if (rc) goto out;
    if (c->unassigned_households)
      phs_diag_warn(d, "%ld household points lie outside every commune;"
                    " they are counted in no commune",
                    c->unassigned_households);
  }

  step_done(&c->clock, "households");

  /* Households known only as counts are spread over their commune evenly,
  ** or, with a population raster, in proportion to its people: the
  ** covered share is then sum(people in covered cells) / sum(people). */
  size_t ngo = (size_t)(n_geo > 0 ? n_geo : 1) * (size_t)(n_ops > 0 ? n_ops : 1);
  w_total = calloc((size_t)(n_geo > 0 ? n_geo : 1), sizeof(double));
  for (int t = 0; t < N_TECH; t++) {
    w_any[t] = calloc((size_t)(n_geo > 0 ? n_geo : 1), sizeof(double));
    w_g[t] = calloc(ngo, sizeof(double));
  }
  if (c->o->population_raster && !c->points_mode && n_geo > 0) {
    rc = population_weights(c, xy, n_geo, ev, w_total, w_any, w_g, d);
    if (rc) goto out;
  }
  area_job aj;
  memset(&aj, 0, sizeof(aj));
  aj.xy = xy;
  aj.n_ops = n_ops;
  for (int e = 0; e < 2 * N_TECH && rc == PHS_OK; e++) {
    aj.ev[e] = e < N_TECH ? ev[e] : cl_ev[e - N_TECH];
    if (aj.ev[e] == NULL) continue;
    aj.any[e] = calloc((size_t)(n_geo > 0 ? n_geo : 1), sizeof(double));
    aj.by[e] = calloc(ngo, sizeof(double));
    if (aj.any[e] == NULL || aj.by[e] == NULL)
      rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  if (rc == PHS_OK) {
    phs_progress_stage(at, 0.95, n_geo);
    rc = phs_parallel_for(n_geo, c->o->threads, area_item, &aj);
    if (rc == PHS_EINTERRUPT)
      phs_interrupt_error(d);
    else if (rc)
      phs_diag_error(d, rc, "cannot compute the covered areas (out of"
                           " memory?)");
  }
  if (rc) {
    for (int e = 0; e < 2 * N_TECH; e++) {
      free(aj.any[e]);
      free(aj.by[e]);
    }
    goto out;
  }
  step_done(&c->clock, "areas");
  double *frac_g = NULL;
  for (int i = 0; i < n; i++) {
    const phs_commune *cm = &ds->communes[i];
    cell *cl = c->communes[i].cells;
    unsigned base = cm->uncoded ? F_UNCODED : 0;
    for (int m = 0; m < c->n_metrics; m++) cl[m].flags |= base;
    /* fibre */
    if (c->points_mode) {
      cl[M_FIBRE].have = cm->has_geom && cl[M_FIBRE].den > 0;
    } else if (cm->households >= 0 && cm->fibre_households >= 0) {
      cl[M_FIBRE].num = (double)cm->fibre_households;
      cl[M_FIBRE].den = (double)cm->households;
      cl[M_FIBRE].have = 1;
    }
    if (!cl[M_FIBRE].have) cl[M_FIBRE].flags |= F_NO_DATA;
    if (cl[M_FIBRE].have && cl[M_FIBRE].num > cl[M_FIBRE].den) {
      cl[M_FIBRE].flags |= F_RATIO_OVER_100;
      phs_diag_warn(d, "commune %s (%s): %.0f fibre households for %.0f"
                    " households (%.1f%%): subscriptions counted as"
                    " households? Flagged, not printed",
                    cm->code, cm->name, cl[M_FIBRE].num, cl[M_FIBRE].den,
                    100 * cl[M_FIBRE].num / cl[M_FIBRE].den);
    }
    /* sites: a count; communes without a polygon cannot hold any */
    int k = poly_of[i];
    for (int t = 0; t < N_TECH; t++)
      for (int sh = 0; sh < 1 + (c->n_shared > 0); sh++) {
        cell *st = &cl[sh ? m_shared(c, t) : m_sites(c, t)];
        st->den = NAN;
        st->have = cm->has_geom;
        if (!cm->has_geom) st->flags |= F_NO_GEOMETRY;
      }
    if (k < 0) {
      for (int m = M_TECH0; m < c->survey_base; m++)
        if (!is_sites_metric(c, m)) cl[m].flags |= F_NO_GEOMETRY;
      continue;
    }
    /* coverage, per technology */
    double km2 = cm->area_m2 / 1e6;
    for (int t = 0; t < N_TECH; t++) {
      double fany = aj.any[t][k];
      frac_g = aj.by[t] + (size_t)k * (size_t)(n_ops > 0 ? n_ops : 1);
      cell *area = &cl[m_area(c, t)], *hhc = &cl[m_hh(c, t)];
      area->num = fany * km2;
      area->den = km2;
      area->have = 1;
      /* Not-spot: the area no operator's footprint reaches. */
      cell *ns = &cl[m_notspot(c, t)];
      ns->num = (1 - fany) * km2;
      ns->den = km2;
      ns->have = 1;
      for (int g = 0; g < n_ops; g++) {
        cell *a = &cl[m_op_area(c, t, g)];
        a->num = frac_g[g] * km2;
        a->den = km2;
        a->have = 1;
      }
      /* Population in coverage: the census population times the covered
      ** share of its households (points), or of its area (counts). */
      cell *pc = &cl[m_pop(c, t)];
      /* With population weights the counts follow the people. */
      int weighted = !c->points_mode && w_total[k] > 0;
      unsigned spread = weighted ? F_POP_WEIGHTED : F_UNIFORM_SPREAD;
      double share_any = weighted ? w_any[t][k] / w_total[k] : fany;
      if (cm->population >= 0) {
        double share = c->points_mode
                           ? (hhc->den > 0 ? hhc->num / hhc->den : NAN)
                           : share_any;
        if (!isnan(share)) {
          pc->num = (double)cm->population * share;
          pc->den = (double)cm->population;
          pc->have = 1;
          pc->flags |= c->points_mode ? 0 : spread;
        }
      }
      if (c->points_mode) {
        hhc->have = hhc->den > 0;
        for (int g = 0; g < n_ops; g++)
          cl[m_op_hh(c, t, g)].have = cl[m_op_hh(c, t, g)].den > 0;
      } else if (cm->households >= 0) {
        double hh = (double)cm->households;
        hhc->num = hh * share_any;
        hhc->den = hh;
        hhc->have = 1;
        hhc->flags |= spread;
        for (int g = 0; g < n_ops; g++) {
          cell *h = &cl[m_op_hh(c, t, g)];
          double sg = weighted
                          ? w_g[t][(size_t)k * (size_t)n_ops + (size_t)g] /
                                w_total[k]
                          : frac_g[g];
          h->num = hh * sg;
          h->den = hh;
          h->have = 1;
          h->flags |= spread;
        }
      }
    }
    /* claimed coverage, per technology with claims and operator */
    for (int t = 0; t < N_TECH; t++) {
      if (!cl_ev[t]) continue;
      frac_g = aj.by[N_TECH + t] + (size_t)k * (size_t)(n_ops > 0 ? n_ops : 1);
      for (int g = 0; g < n_ops; g++) {
        if (!fp_eval_has_group(cl_ev[t], g)) continue; /* no filing */
        cell *a = &cl[m_claim_area(c, t, g)], *h = &cl[m_claim_hh(c, t, g)];
        a->num = frac_g[g] * km2;
        a->den = km2;
        a->have = 1;
        if (c->points_mode) {
          h->have = h->den > 0;
        } else if (cm->households >= 0) {
          h->num = (double)cm->households * frac_g[g];
          h->den = (double)cm->households;
          h->have = 1;
          h->flags |= F_UNIFORM_SPREAD;
        }
      }
    }
    for (int m = M_TECH0; m < c->survey_base; m++)
      if (!is_sites_metric(c, m) && !cl[m].have) cl[m].flags |= F_NO_DATA;
  }
  for (int e = 0; e < 2 * N_TECH; e++) {
    free(aj.any[e]);
    free(aj.by[e]);
  }

  /* Survey: respondents into their commune's accumulators. */
  int *ind_metric = calloc((size_t)(ds->n_indicators ? ds->n_indicators : 1),
                           sizeof(int));
  for (int i = 0; i < ds->n_indicators; i++)
    ind_metric[i] = metric_of_indicator(c, i);
  for (long r = 0; r < ds->n_respondents; r++) {
    const phs_respondent *p = &ds->respondents[r];
    if (p->commune < 0) {
      c->unassigned_respondents++;
      continue;
    }
    cell *cl = c->communes[p->commune].cells;
    for (int a = 0; a < p->n_answers; a++) {
      const phs_answer *ans = &ds->answers[p->first_answer + a];
      int m = ind_metric[ans->indicator];
      if (m >= 0) phs_prop_acc_add(&cl[m].acc, p->weight, ans->value);
    }
  }
  free(ind_metric);
  if (c->unassigned_respondents)
    phs_diag_warn(d, "%ld survey respondents name a commune code that is not"
                  " in the store; counted in no commune",
                  c->unassigned_respondents);
  step_done(&c->clock, "figures and survey");

out:
  for (int t = 0; t < N_TECH; t++) {
    fp_eval_free(ev[t]);
    fp_eval_free(cl_ev[t]);
    free(w_any[t]);
    free(w_g[t]);
  }
  free(w_total);
  free(hits);
  for (int k = 0; xy && k < n_geo; k++) phs_mpoly_free(&xy[k]);
  free(xy);
  free(ll);
  free(geo_of);
  free(poly_of);
  phs_pip_index_free(pip);
  phs_crs_transform_free(tr);
  return rc;
}

/* ------------------------------------------------------- aggregation */

/* Is a commune's cell fit to enter a sum? */
static int usable(const cell *x, int survey) {
  if (survey) return 1; /* accumulators merge; empty ones add nothing */
  return x->have && !(x->flags & F_RATIO_OVER_100);
}

static void add_into(cell *into, const cell *x, int survey) {
  if (survey) {
    phs_prop_acc_merge(&into->acc, &x->acc);
    return;
  }
  /* A polygon without an official code carries no census or operator
  ** data of its own (its households are in some coded unit): leaving it
  ** out does not make a sum incomplete. */
  if (!x->have && (x->flags & F_UNCODED)) return;
  if (!usable(x, 0)) {
    /* A commune with data missing or in error leaves the sum incomplete,
    ** unless it simply has nothing to count (a unit without polygon for a
    ** site count is still counted as 0 sites). */
    into->excluded++;
    return;
  }
  into->num += x->num;
  into->den = isnan(x->den) ? NAN : into->den + x->den;
  into->have = 1;
  into->flags |= x->flags & F_UNIFORM_SPREAD;
}

static int aggregate_all(run_ctx *c, phs_diag *d) {
  const phs_dataset *ds = &c->ds;
  for (int i = 0; i < ds->n_communes; i++) {
    const phs_commune *cm = &ds->communes[i];
    area *dist = aggregate(&c->districts, &c->n_districts, cm->district_code,
                           cm->district_name, cm->province_code,
                           c->n_metrics);
    area *prov = aggregate(&c->provinces, &c->n_provinces, cm->province_code,
                           cm->province_name, "", c->n_metrics);
    if (dist == NULL || prov == NULL || dist->cells == NULL ||
        prov->cells == NULL)
      return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    /* Names: prefer the longest (census names carry the unit type). */
    if (strlen(cm->district_name) > strlen(dist->name))
      dist->name = cm->district_name;
    if (strlen(cm->province_name) > strlen(prov->name))
      prov->name = cm->province_name;
    for (int m = 0; m < c->n_metrics; m++) {
      int survey = m >= c->survey_base;
      const cell *x = &c->communes[i].cells[m];
      if (is_sites_metric(c, m) && !x->have) {
        /* no polygon: no site can be inside; still a complete count */
        continue;
      }
      add_into(&dist->cells[m], x, survey);
      add_into(&prov->cells[m], x, survey);
    }
  }
  for (int k = 0; k < 2; k++) {
    area *arr = k ? c->provinces : c->districts;
    int n = k ? c->n_provinces : c->n_districts;
    for (int a = 0; a < n; a++)
      for (int m = 0; m < c->n_metrics; m++) {
        cell *x = &arr[a].cells[m];
        if (m >= c->survey_base) continue;
        if (x->excluded) x->flags |= F_INCOMPLETE;
        if (!x->have) x->flags |= F_NO_DATA;
      }
  }
  qsort(c->districts, (size_t)c->n_districts, sizeof(area), cmp_area);
  qsort(c->provinces, (size_t)c->n_provinces, sizeof(area), cmp_area);
  return PHS_OK;
}

/* ------------------------------------------------------------ output */

static void flags_text(unsigned f, char *buf, size_t n) {
  buf[0] = '\0';
  size_t o = 0;
  for (int b = 0; b < (int)(sizeof(flag_words) / sizeof(flag_words[0])); b++)
    if (f & (1u << b))
      o += (size_t)snprintf(buf + o, n > o ? n - o : 0, "%s%s", o ? "," : "",
                            flag_words[b]);
}

/* Turn one cell into a result row (strings point into c and bufs). */
static void cell_row(const run_ctx *c, const cell *x, int m, phs_result_row *r,
                     char *flagbuf, size_t flagn) {
  unsigned f = x->flags;
  r->metric = c->keys[m];
  r->n = -1;
  r->ci_low = r->ci_high = NAN;
  if (m >= c->survey_base) {
    phs_prop_est e;
    phs_prop_estimate(&x->acc, 0.95, &e);
    r->numerator = e.numerator;
    r->denominator = e.denominator;
    r->n = e.n;
    if (e.n == 0) {
      f |= F_NO_DATA;
      r->pct = NAN;
    } else {
      r->pct = 100 * e.p;
      r->ci_low = 100 * e.ci_low;
      r->ci_high = 100 * e.ci_high;
      int small = c->o->small_n > 0 ? c->o->small_n : 30;
      if (e.n < small) f |= F_SMALL_SAMPLE;
    }
  } else {
    r->numerator = x->have ? x->num : NAN;
    r->denominator = x->have ? x->den : NAN;
    if (is_sites_metric(c, m)) {
      r->numerator = x->have ? x->num : NAN;
      r->denominator = NAN;
      r->pct = NAN;
    } else if (!x->have || !(x->den > 0) || (f & F_RATIO_OVER_100)) {
      r->pct = NAN;
    } else {
      r->pct = 100 * x->num / x->den;
    }
  }
  flags_text(f, flagbuf, flagn);
  r->flags = flagbuf;
}

static int store_rows(run_ctx *c, phs_store *s, long long run_id,
                      phs_diag *d) {
  long n_rows =
      (long)(c->ds.n_communes + c->n_districts + c->n_provinces) * c->n_metrics;
  phs_result_row *rows = calloc((size_t)(n_rows ? n_rows : 1), sizeof(*rows));
  char *flags = calloc((size_t)(n_rows ? n_rows : 1), 128);
  if (rows == NULL || flags == NULL) {
    free(rows);
    free(flags);
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  long k = 0;
  /* Province first, then districts, then communes: the order of reports. */
  for (int lv = 0; lv < 3; lv++) {
    const char *level = lv == 0 ? "province" : lv == 1 ? "district" : "commune";
    area *arr = lv == 0 ? c->provinces : lv == 1 ? c->districts : c->communes;
    int n = lv == 0 ? c->n_provinces : lv == 1 ? c->n_districts
                                               : c->ds.n_communes;
    for (int a = 0; a < n; a++)
      for (int m = 0; m < c->n_metrics; m++, k++) {
        phs_result_row *r = &rows[k];
        cell_row(c, &arr[a].cells[m], m, r, flags + 128 * k, 128);
        r->level = level;
        r->area_code = arr[a].code;
        r->area_name = arr[a].name;
        r->parent_code = arr[a].parent;
      }
  }
  int st = phs_store_add_results(s, run_id, rows, k, d);
  free(rows);
  free(flags);
  return st;
}

/* The propagation model's metadata as JSON (stored with the run and in
** the coverage rasters). */
/* Sites of technology t per environment, as a JSON object. */
static void env_sites_json(const run_ctx *c, int t, phs_buf *b) {
  const long *es = c->env_sites[t];
  phs_buf_printf(b,
                 "\"environment_sites\":{\"urban\":%ld,\"suburban\":%ld,"
                 "\"rural\":%ld,\"no_density\":%ld}",
                 es[0], es[1], es[2], es[3]);
}

static char *model_json(const run_ctx *c, int t) {
  const fp_opts *f = &c->fp[t];
  phs_buf b;
  phs_buf_init(&b);
  phs_buf_printf(&b,
                 "{\"technology\":\"%s\",\"name\":\"%s\","
                 "\"environment\":\"%s\",\"los\":\"%s\","
                 "\"threshold_dbm\":%g,\"reliability\":%g,"
                 "\"receiver_height_m\":%g,\"max_distance_m\":%g,"
                 "\"grid_m\":%g,",
                 TECH_NAMES[t],
                 f->auto_model ? "auto"
                               : phs_pl_model_name((phs_pl_model)f->model),
                 c->env_auto ? "auto" : ENV_NAMES[f->env],
                 phs_los_mode_name(f->los), f->threshold_dbm, f->reliability,
                 f->h_ut, f->max_dist_m, f->grid_m);
  env_sites_json(c, t, &b);
  if (c->env_auto)
    phs_buf_printf(&b, ",\"environment_fallback\":\"%s\"", ENV_NAMES[f->env]);
  if (f->auto_model) {
    phs_buf_puts(&b, ",\"models\":{");
    for (int e = 0; e < 3; e++)
      phs_buf_printf(&b, "%s\"%s\":\"%s\"", e ? "," : "", ENV_NAMES[e],
                     phs_pl_model_name(sp_auto_model(TECH_NAMES[t],
                                                     (phs_environment)e)));
    phs_buf_puts(&b, "}");
  }
  phs_buf_puts(&b, ",\"dem\":");
  if (c->o->dem_path)
    phs_buf_json_string(&b, c->o->dem_path);
  else
    phs_buf_puts(&b, "null");
  phs_buf_puts(&b, "}");
  return b.data;
}

static char *params_json(const run_ctx *c) {
  phs_buf b;
  phs_buf_init(&b);
  phs_buf_printf(&b,
                 "{\"working_crs\":\"%s\",\"area_cell_m\":%g,"
                 "\"small_sample_n\":%d,",
                 c->working_crs, c->fp[0].grid_m,
                 c->o->small_n > 0 ? c->o->small_n : 30);
  /* "footprint"/"model" describe 5G; "footprint_4g"/"model_4g" 4G. */
  for (int t = 0; t < N_TECH; t++) {
    const char *suffix = t == 0 ? "" : "_4g";
    if (c->fp[t].model < 0) {
      phs_buf_printf(&b,
                     "\"footprint%s\":\"circle\",\"circle%s\":"
                     "{\"environment\":\"%s\",",
                     suffix, suffix,
                     c->env_auto ? "auto" : ENV_NAMES[c->fp[t].env]);
      env_sites_json(c, t, &b);
      phs_buf_puts(&b, "},");
    } else {
      char *m = model_json(c, t);
      phs_buf_printf(&b, "\"footprint%s\":\"path_loss\",\"model%s\":%s,",
                     suffix, suffix, m ? m : "null");
      free(m);
    }
  }
  phs_buf_printf(&b,
                 "\"households_from\":\"%s\",\"ci_method\":\"korn-graubard"
                 " (clopper-pearson with kish effective n)\","
                 "\"ci_level\":0.95,\"boundary_rule\":\"lowest commune code"
                 " among polygons covering the point\",",
                 c->points_mode ? "points" : "counts");
  /* Which submissions: those in force at as_of (null: the current ones);
  ** how close two operators' sites count as a shared tower. */
  phs_buf_puts(&b, "\"as_of\":");
  if (c->ds.as_of[0])
    phs_buf_json_string(&b, c->ds.as_of);
  else
    phs_buf_puts(&b, "null");
  phs_buf_printf(&b, ",\"share_distance_m\":%g}",
                 c->o->share_distance_m > 0 ? c->o->share_distance_m
                                            : PHS_SHARE_DISTANCE_M);
  return b.data;
}

static char *inputs_json(const run_ctx *c) {
  phs_buf b;
  phs_buf_init(&b);
  phs_buf_puts(&b, "[");
  for (int i = 0; i < c->ds.n_inputs; i++) {
    const phs_input_ref *r = &c->ds.inputs[i];
    phs_buf_printf(&b, "%s{\"submission_id\":%lld,\"kind\":", i ? "," : "",
                   r->submission_id);
    phs_buf_json_string(&b, r->kind);
    phs_buf_puts(&b, ",\"operator\":");
    if (r->operator_code[0])
      phs_buf_json_string(&b, r->operator_code);
    else
      phs_buf_puts(&b, "null");
    phs_buf_puts(&b, ",\"source\":");
    phs_buf_json_string(&b, r->source_name);
    phs_buf_puts(&b, ",\"sha256\":");
    phs_buf_json_string(&b, r->sha256);
    phs_buf_puts(&b, ",\"submitted_at\":");
    phs_buf_json_string(&b, r->submitted_at);
    /* What the file was: its format, and for a raster claim its size,
    ** resolution, CRS, band, rule and cells claimed (null otherwise). */
    phs_buf_puts(&b, ",\"format\":");
    if (r->format && r->format[0])
      phs_buf_json_string(&b, r->format);
    else
      phs_buf_puts(&b, "null");
    phs_buf_puts(&b, ",\"source_detail\":");
    if (r->source_detail && r->source_detail[0])
      phs_buf_json_string(&b, r->source_detail);
    else
      phs_buf_puts(&b, "null");
    phs_buf_puts(&b, "}");
  }
  phs_buf_puts(&b, "]");
  return b.data;
}

static char *warnings_json(const run_ctx *c, const phs_diag *d) {
  phs_buf b;
  phs_buf_init(&b);
  phs_buf_printf(&b,
                 "{\"unassigned\":{\"sites\":%ld,\"households\":%ld,"
                 "\"respondents\":%ld},\"default_radius_sites\":%ld,"
                 "\"warnings_total\":%ld,\"warnings\":[",
                 c->unassigned_sites, c->unassigned_households,
                 c->unassigned_respondents, c->fp_stats[0].default_radius,
                 d->n_warnings_total);
  for (int i = 0; i < d->n_warnings; i++) {
    if (i) phs_buf_puts(&b, ",");
    phs_buf_json_string(&b, d->warnings[i]);
  }
  phs_buf_puts(&b, "]}");
  return b.data;
}

static void free_areas(area *a, int n) {
  for (int i = 0; i < n; i++) free(a[i].cells);
  free(a);
}

/* The footprint model of a run from its options, with defaults. */
/* The footprint model of technology t from a run's options, with
** defaults: --model/--threshold for 5G, --model-4g/--threshold-4g for 4G;
** environment, reliability, reach and DEM are shared. */
static int fill_fp_opts(const phs_analyze_opts *o, int t, fp_opts *f,
                        phs_diag *d) {
  memset(f, 0, sizeof(*f));
  const char *model = t == 0 ? o->model : o->model_4g;
  double thr = t == 0 ? o->threshold_dbm : o->threshold_4g_dbm;
  f->grid_m = o->cell_m;
  f->model = -1;
  if (model && strcmp(model, "auto") == 0) {
    /* Each site's model from its environment (site_params.c); the link's
    ** own is that of the fallback environment, suburban. */
    f->auto_model = 1;
    f->model = sp_auto_model(TECH_NAMES[t], PHS_ENV_SUBURBAN);
  } else if (model && strcmp(model, "circle") != 0) {
    f->model = phs_pl_model_parse(model);
    if (f->model < 0)
      return phs_diag_error(d, PHS_EUSAGE,
                            "unknown footprint model '%s' (circle, fspl,"
                            " hata, uma, umi, rma, auto)",
                            model);
  }
  f->env = PHS_ENV_SUBURBAN;
  if (o->environment && strcmp(o->environment, "auto") == 0) {
    /* per site, in commune_figures; suburban where no density */
  } else if (o->environment) {
    int e = phs_environment_parse(o->environment);
    if (e < 0)
      return phs_diag_error(d, PHS_EUSAGE,
                            "unknown environment '%s' (urban, suburban,"
                            " rural, auto)",
                            o->environment);
    f->env = (phs_environment)e;
  }
  /* With a DEM the terrain decides LOS or NLOS per cell; without one,
  ** NLOS (conservative). docs/propagation.md. */
  f->los = o->dem_path ? PHS_LOS_TERRAIN : PHS_LOS_NLOS;
  if (o->los) {
    int l = phs_los_mode_parse(o->los);
    if (l < 0)
      return phs_diag_error(d, PHS_EUSAGE, "unknown LOS mode '%s' (terrain,"
                            " los, nlos, expected)", o->los);
    if (l == PHS_LOS_TERRAIN && !o->dem_path)
      return phs_diag_error(d, PHS_EUSAGE, "--los terrain needs a DEM"
                            " (--dem FILE)");
    f->los = (phs_los_mode)l;
  }
  f->h_ut = 1.5;
  f->threshold_dbm = isnan(thr) || thr == 0
                         ? fp_default_threshold_dbm(TECH_NAMES[t])
                         : thr;
  f->reliability = o->reliability > 0 ? o->reliability : 0.90;
  f->max_dist_m = o->max_dist_m > 0 ? o->max_dist_m : 10000;
  f->have_dem = o->dem_path != NULL;
  f->dem_path = o->dem_path;
  f->tile_cells = o->tile_cells;
  f->threads = o->threads;
  return PHS_OK;
}

int phs_analyze(phs_store *s, const phs_analyze_opts *o, long long *run_id,
                phs_diag *d) {
  phs_analyze_opts defaults;
  memset(&defaults, 0, sizeof(defaults));
  if (o == NULL) o = &defaults;
  phs_analyze_opts eff = *o;
  int circles = (eff.model == NULL || strcmp(eff.model, "circle") == 0) &&
                (eff.model_4g == NULL || strcmp(eff.model_4g, "circle") == 0);
  if (!(eff.cell_m > 0)) eff.cell_m = circles ? 25 : 50;
  run_ctx c;
  memset(&c, 0, sizeof(c));
  c.o = &eff;
  c.store = s;
  int st = PHS_OK;
  for (int t = 0; t < N_TECH && st == PHS_OK; t++)
    st = fill_fp_opts(&eff, t, &c.fp[t], d);
  c.env_auto = eff.environment && strcmp(eff.environment, "auto") == 0;
  if (st) return st;
  char *pj = NULL, *ij = NULL, *wj = NULL;
  step_start(&c.clock, eff.timings);
  st = phs_dataset_load_as_of(s, eff.as_of, &c.ds, d);
  if (st) return st;
  step_done(&c.clock, "load");
  if (c.ds.n_communes == 0) {
    phs_dataset_free(&c.ds);
    return phs_diag_error(d, PHS_ERUNTIME,
                          "no communes in the store: import them first"
                          " ('phusong import communes STORE FILE')");
  }
  set_keys(&c);
  st = commune_figures(&c, d);
  if (st == PHS_OK) st = aggregate_all(&c, d);
  step_done(&c.clock, "aggregate");
  if (st == PHS_OK) {
    pj = params_json(&c);
    ij = inputs_json(&c);
    st = phs_store_begin_run(s, pj, ij, run_id, d);
  }
  if (st == PHS_OK) st = store_rows(&c, s, *run_id, d);
  /* the rows are in, the commit is next (phs_store_end_run rolls the run
  ** back on Ctrl-C) */
  if (st == PHS_OK) phs_progress_stage(0.975, 1, 0);
  if (st == PHS_OK) {
    wj = warnings_json(&c, d);
    st = phs_store_end_run(s, *run_id, wj, d);
  }
  phs_progress_end(st == PHS_OK);
  step_done(&c.clock, "store");
  free(pj);
  free(ij);
  free(wj);
  if (c.communes) free_areas(c.communes, c.ds.n_communes);
  free(c.site_env);
  free_areas(c.districts, c.n_districts);
  free_areas(c.provinces, c.n_provinces);
  for (int m = 0; m < c.n_metrics; m++) free(c.keys[m]);
  free(c.keys);
  phs_dataset_free(&c.ds);
  return st;
}
