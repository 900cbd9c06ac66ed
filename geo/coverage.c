/*
** coverage.c: the coverage grid: each site's link budget evaluated over
** the cells within its reach and merged into per-group best-server,
** serving-site and overlap-count grids. See phs_coverage.h.
*/
#include "phs_coverage.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const double RAD = 3.14159265358979323846 / 180.0;

/* The link budget of one cell; terrain_los is the DEM's verdict (1 clear,
** 0 cut, -1 no DEM), which picks the branch in PHS_LOS_TERRAIN mode. */
static double site_signal(const phs_radio_site *s, const phs_link_params *p,
                          double x, double y, double terrain_db,
                          int terrain_los, int *in_range) {
  double dx = x - s->x, dy = y - s->y;
  double d2d = sqrt(dx * dx + dy * dy);
  int ok = 1;
  /* The site's own model and environment, where it has them. */
  phs_pl_model model = s->has_model ? s->model : p->model;
  phs_environment env = s->has_env ? s->env : p->env;
  double pl = phs_path_loss_terrain_db(model, env, p->los, d2d, s->h_bs,
                                       p->h_ut, s->f_mhz, terrain_los,
                                       terrain_db, &ok);
  if (in_range) *in_range = ok;
  /* Bearing clockwise from grid north; elevation below the antenna's
  ** horizontal plane, positive when the receiver is lower. */
  double az = atan2(dx, dy) / RAD;
  double elev = atan2(s->h_bs - p->h_ut, d2d > 1 ? d2d : 1) / RAD;
  double gain = phs_antenna_gain_dbi(&s->ant, az, elev) - s->ant.max_gain_dbi;
  int los_branch = p->los == PHS_LOS_LOS ||
                   (p->los == PHS_LOS_TERRAIN && terrain_los == 1);
  double sigma = phs_shadow_sigma_db(model, env, los_branch);
  double margin = phs_reliability_margin_db(p->reliability, sigma);
  return s->eirp_rs_dbm + gain - pl - margin;
}

double phs_site_signal_dbm(const phs_radio_site *s, const phs_link_params *p,
                           double x, double y, double terrain_db,
                           int *in_range) {
  return site_signal(s, p, x, y, terrain_db, -1, in_range);
}

/* ------------------------------------------------ prepared per site */

void phs_site_link_prepare(phs_site_link *k, const phs_radio_site *s,
                           const phs_link_params *p) {
  phs_pl_model model = s->has_model ? s->model : p->model;
  phs_environment env = s->has_env ? s->env : p->env;
  memset(k, 0, sizeof(*k));
  k->x = s->x;
  k->y = s->y;
  k->eirp_rs_dbm = s->eirp_rs_dbm;
  k->max_gain_dbi = s->ant.max_gain_dbi;
  k->los = p->los;
  k->elev_dh = s->h_bs - p->h_ut;
  phs_pl_prepare(&k->pl, model, env, s->h_bs, p->h_ut, s->f_mhz);
  phs_antenna_prepare(&k->ant, &s->ant);
  k->margin_los = phs_reliability_margin_db(
      p->reliability, phs_shadow_sigma_db(model, env, 1));
  k->margin_nlos = phs_reliability_margin_db(
      p->reliability, phs_shadow_sigma_db(model, env, 0));
}

double phs_site_link_signal_dbm(const phs_site_link *k, double x, double y,
                                double terrain_db, int terrain_los,
                                int *in_range) {
  /* site_signal's operations, the site's constants taken from k */
  double dx = x - k->x, dy = y - k->y;
  double d2d = sqrt(dx * dx + dy * dy);
  int ok = 1;
  double pl = phs_pl_prepared_db(&k->pl, k->los, d2d, terrain_los,
                                 terrain_db, &ok);
  if (in_range) *in_range = ok;
  double az = k->ant.omni ? 0.0 : atan2(dx, dy) / RAD; /* omni: unused */
  double elev = atan2(k->elev_dh, d2d > 1 ? d2d : 1) / RAD;
  double gain = phs_antenna_prepared_gain_dbi(&k->ant, az, elev) -
                k->max_gain_dbi;
  int los_branch = k->los == PHS_LOS_LOS ||
                   (k->los == PHS_LOS_TERRAIN && terrain_los == 1);
  double margin = los_branch ? k->margin_los : k->margin_nlos;
  return k->eirp_rs_dbm + gain - pl - margin;
}

/*
** The least LOS loss any cell at 2D distance d or beyond can have: the
** LOS formula at d, or just beyond the LOS breakpoint when d is before it
** (each side of the breakpoint grows with the distance; the step there is
** 0 for UMa / UMi and may be a fraction of a millidecibel down for RMa).
*/
static double least_los_beyond(const phs_site_link *k, double d) {
  double l = phs_pl_prepared_db(&k->pl, PHS_LOS_LOS, d, 1, 0, NULL);
  if (d <= k->pl.dbp)
    l = fmin(l, phs_pl_prepared_db(&k->pl, PHS_LOS_LOS,
                                   nextafter(k->pl.dbp, INFINITY), 1, 0,
                                   NULL));
  return l;
}

/*
** The least NLOS loss at d or beyond: PL_NLOS = max(PL_LOS, PL'_NLOS) with
** PL'_NLOS growing with the distance, so beyond d it is at least
** max(least_los_beyond(d), PL'_NLOS(d)); where PL'_NLOS(d) does not exceed
** PL_LOS(d) the first alone is used.
*/
static double least_nlos_beyond(const phs_site_link *k, double d) {
  double l = least_los_beyond(k, d);
  double n = phs_pl_prepared_db(&k->pl, PHS_LOS_NLOS, d, 0, 0, NULL);
  double los = phs_pl_prepared_db(&k->pl, PHS_LOS_LOS, d, 1, 0, NULL);
  return n > los ? fmax(l, n) : l;
}

/* Allowance for rounding in the reach: far above the 1e-13 dB by which
** two evaluations of the same loss can differ, far below any figure. */
#define REACH_TOLERANCE_DB 1e-6

/*
** The most signal any cell at d or beyond can get: EIRP at boresight gain
** (G - G_max <= 0) less the least loss and margin of each branch the cells
** can take (LOS mode: LOS; NLOS: NLOS; expected: a loss between the two,
** so at least the LOS one, with the NLOS margin; terrain: LOS or NLOS
** per cell, NLOS only without a DEM). Terrain only adds loss. It does not
** grow with d.
*/
static double reach_best(const phs_site_link *k, double d, int with_dem) {
  double e = k->eirp_rs_dbm;
  switch (k->los) {
  case PHS_LOS_LOS:
    return e - least_los_beyond(k, d) - k->margin_los;
  case PHS_LOS_EXPECTED:
    return e - least_los_beyond(k, d) - k->margin_nlos;
  case PHS_LOS_TERRAIN:
    if (with_dem)
      return fmax(e - least_los_beyond(k, d) - k->margin_los,
                  e - least_nlos_beyond(k, d) - k->margin_nlos);
    return e - least_nlos_beyond(k, d) - k->margin_nlos;
  case PHS_LOS_NLOS:
  default:
    return e - least_nlos_beyond(k, d) - k->margin_nlos;
  }
}

double phs_site_link_reach_m(const phs_site_link *k, double threshold_dbm,
                             double max_dist, int with_dem) {
  const phs_antenna *a = &k->ant.a;
  /* The bound needs G <= G_max (caps not negative), finite margins and
  ** losses that grow with the distance (Hata: a positive slope). */
  if (!k->pl.valid || !(a->front_back_db >= 0) || !(a->sla_v_db >= 0) ||
      isnan(k->margin_los) || isnan(k->margin_nlos) ||
      !isfinite(k->eirp_rs_dbm) || !isfinite(threshold_dbm) ||
      (k->pl.model == PHS_PL_COST231_HATA && !(k->pl.slope > 0)))
    return max_dist;
  double need = threshold_dbm - REACH_TOLERANCE_DB;
  if (reach_best(k, max_dist, with_dem) >= need) return max_dist;
  if (!(reach_best(k, 1.0, with_dem) >= need))
    return -1; /* not even at the site */
  double lo = 1.0, hi = max_dist; /* reaches at lo, not at hi */
  while (hi - lo > 1e-3) {
    double mid = 0.5 * (lo + hi);
    if (reach_best(k, mid, with_dem) >= need) lo = mid;
    else hi = mid;
  }
  return hi;
}

int phs_cov_grid_init(phs_cov_grid *g, double x0, double y0, int nx, int ny,
                      double res, int n_groups, phs_diag *d) {
  memset(g, 0, sizeof(*g));
  if (nx <= 0 || ny <= 0 || !(res > 0) || n_groups <= 0)
    return phs_diag_error(d, PHS_EUSAGE, "coverage grid: bad size %d x %d",
                          nx, ny);
  size_t cells = (size_t)nx * (size_t)ny * (size_t)n_groups;
  g->best_dbm = malloc(cells * sizeof(float));
  g->server = malloc(cells * sizeof(int32_t));
  g->n_cover = calloc(cells, sizeof(uint16_t));
  if (g->best_dbm == NULL || g->server == NULL || g->n_cover == NULL) {
    phs_cov_grid_free(g);
    return phs_diag_error(d, PHS_ERUNTIME,
                          "coverage grid of %d x %d cells: out of memory", nx,
                          ny);
  }
  for (size_t i = 0; i < cells; i++) {
    g->best_dbm[i] = -INFINITY;
    g->server[i] = -1;
  }
  g->nx = nx;
  g->ny = ny;
  g->x0 = x0;
  g->y0 = y0;
  g->res = res;
  g->n_groups = n_groups;
  return PHS_OK;
}

void phs_cov_grid_free(phs_cov_grid *g) {
  if (g == NULL) return;
  free(g->best_dbm);
  free(g->server);
  free(g->n_cover);
  memset(g, 0, sizeof(*g));
}

long phs_cov_grid_cell(const phs_cov_grid *g, double x, double y) {
  double fi = floor((x - g->x0) / g->res), fj = floor((g->y0 - y) / g->res);
  if (fi < 0 || fj < 0 || fi >= g->nx || fj >= g->ny) return -1;
  return (long)fj * g->nx + (long)fi;
}

/* The cells of g within dist of site s: a square window (columns i0..i1,
** rows j0..j1) clipped to the grid; 0 when nothing is left. */
static int cell_window(const phs_cov_grid *g, const phs_radio_site *s,
                       double dist, int *i0, int *i1, int *j0, int *j1) {
  *i0 = (int)floor((s->x - dist - g->x0) / g->res);
  *i1 = (int)floor((s->x + dist - g->x0) / g->res);
  *j0 = (int)floor((g->y0 - (s->y + dist)) / g->res);
  *j1 = (int)floor((g->y0 - (s->y - dist)) / g->res);
  if (*i0 < 0) *i0 = 0;
  if (*j0 < 0) *j0 = 0;
  if (*i1 >= g->nx) *i1 = g->nx - 1;
  if (*j1 >= g->ny) *j1 = g->ny - 1;
  return *i0 <= *i1 && *j0 <= *j1;
}

int phs_cov_add_site(phs_cov_grid *g, const phs_radio_site *s,
                     int32_t site_index, const char *site_id,
                     const phs_link_params *p, const phs_dem *dem,
                     long *n_out_of_range, phs_diag *d) {
  if (s->group < 0 || s->group >= g->n_groups)
    return phs_diag_error(d, PHS_EUSAGE, "site %s: group %d out of range",
                          site_id ? site_id : "?", s->group);
  phs_site_link k;
  phs_site_link_prepare(&k, s, p);
  /* The cells within max_dist, or within the reach when only covered
  ** cells matter: a square window clipped to the grid. */
  double reach = p->max_dist;
  if (g->covered_only)
    reach = phs_site_link_reach_m(&k, p->threshold_dbm, p->max_dist,
                                  dem != NULL);
  int i0, i1, j0, j1;
  if (!cell_window(g, s, p->max_dist, &i0, &i1, &j0, &j1))
    return PHS_OK; /* out of the grid's reach */

  phs_terrain_request rq;
  memset(&rq, 0, sizeof(rq));
  rq.site_id = site_id;
  rq.x = s->x;
  rq.y = s->y;
  rq.h_bs = s->h_bs;
  rq.h_ut = p->h_ut;
  rq.f_mhz = s->f_mhz;
  rq.max_dist = p->max_dist;
  rq.res = g->res;
  if (reach < p->max_dist &&
      (reach < 0 || !cell_window(g, s, reach, &i0, &i1, &j0, &j1))) {
    /* No cell here can reach the threshold; a DEM must still cover the
    ** site, as the sweep would have checked. */
    rq.nx = rq.ny = 1;
    rq.x0 = g->x0;
    rq.y0 = g->y0;
    return dem ? phs_terrain_check(dem, &rq, d) : PHS_OK;
  }
  int wx = i1 - i0 + 1, wy = j1 - j0 + 1;

  float *terrain = NULL;
  unsigned char *los = NULL; /* per cell: the direct ray clears the DEM */
  if (dem) {
    terrain = malloc(sizeof(float) * (size_t)wx * (size_t)wy);
    los = malloc((size_t)wx * (size_t)wy);
    if (terrain == NULL || los == NULL) {
      free(terrain);
      free(los);
      return phs_diag_error(d, PHS_ERUNTIME, "site %s: out of memory",
                            site_id ? site_id : "?");
    }
    rq.nx = wx;
    rq.ny = wy;
    rq.x0 = g->x0 + i0 * g->res;
    rq.y0 = g->y0 - j0 * g->res;
    int rc = phs_terrain_sweep_reach(dem, &rq, reach < p->max_dist ? reach : 0,
                                     terrain, los, d);
    if (rc) {
      free(terrain);
      free(los);
      return rc;
    }
  }

  size_t plane = (size_t)g->nx * (size_t)g->ny * (size_t)s->group;
  double r2 = reach * reach;
  for (int j = j0; j <= j1; j++) {
    double y = g->y0 - (j + 0.5) * g->res;
    for (int i = i0; i <= i1; i++) {
      double x = g->x0 + (i + 0.5) * g->res;
      double dx = x - s->x, dy = y - s->y;
      if (dx * dx + dy * dy > r2) continue;
      double loss = 0;
      int clear = -1;
      if (terrain) {
        size_t w = (size_t)(j - j0) * (size_t)wx + (size_t)(i - i0);
        loss = terrain[w];
        if (isnan(loss)) continue; /* beyond the DEM: not assessed */
        clear = los[w];
      }
      int ok = 1;
      double sig = phs_site_link_signal_dbm(&k, x, y, loss, clear, &ok);
      /* Extrapolation matters only where it decides coverage. */
      if (!ok && n_out_of_range && sig >= p->threshold_dbm) (*n_out_of_range)++;
      size_t c = plane + (size_t)j * (size_t)g->nx + (size_t)i;
      if (sig > g->best_dbm[c]) {
        g->best_dbm[c] = (float)sig;
        g->server[c] = site_index;
      }
      if (sig >= p->threshold_dbm && g->n_cover[c] < UINT16_MAX)
        g->n_cover[c]++;
    }
  }
  free(terrain);
  free(los);
  return PHS_OK;
}
