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

double phs_site_signal_dbm(const phs_radio_site *s, const phs_link_params *p,
                           double x, double y, double terrain_db,
                           int *in_range) {
  double dx = x - s->x, dy = y - s->y;
  double d2d = sqrt(dx * dx + dy * dy);
  int ok = 1;
  double pl = phs_path_loss_db(p->model, p->env, p->los, d2d, s->h_bs,
                               p->h_ut, s->f_mhz, &ok);
  if (in_range) *in_range = ok;
  /* Bearing clockwise from grid north; elevation below the antenna's
  ** horizontal plane, positive when the receiver is lower. */
  double az = atan2(dx, dy) / RAD;
  double elev = atan2(s->h_bs - p->h_ut, d2d > 1 ? d2d : 1) / RAD;
  double gain = phs_antenna_gain_dbi(&s->ant, az, elev) - s->ant.max_gain_dbi;
  double sigma = phs_shadow_sigma_db(p->model, p->env, p->los == PHS_LOS_LOS);
  double margin = phs_reliability_margin_db(p->reliability, sigma);
  return s->eirp_rs_dbm + gain - pl - terrain_db - margin;
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

int phs_cov_add_site(phs_cov_grid *g, const phs_radio_site *s,
                     int32_t site_index, const char *site_id,
                     const phs_link_params *p, const phs_dem *dem,
                     long *n_out_of_range, phs_diag *d) {
  if (s->group < 0 || s->group >= g->n_groups)
    return phs_diag_error(d, PHS_EUSAGE, "site %s: group %d out of range",
                          site_id ? site_id : "?", s->group);
  /* The cells within max_dist: a square window clipped to the grid. */
  int i0 = (int)floor((s->x - p->max_dist - g->x0) / g->res);
  int i1 = (int)floor((s->x + p->max_dist - g->x0) / g->res);
  int j0 = (int)floor((g->y0 - (s->y + p->max_dist)) / g->res);
  int j1 = (int)floor((g->y0 - (s->y - p->max_dist)) / g->res);
  if (i0 < 0) i0 = 0;
  if (j0 < 0) j0 = 0;
  if (i1 >= g->nx) i1 = g->nx - 1;
  if (j1 >= g->ny) j1 = g->ny - 1;
  if (i0 > i1 || j0 > j1) return PHS_OK; /* out of the grid's reach */
  int wx = i1 - i0 + 1, wy = j1 - j0 + 1;

  float *terrain = NULL;
  if (dem) {
    terrain = malloc(sizeof(float) * (size_t)wx * (size_t)wy);
    if (terrain == NULL)
      return phs_diag_error(d, PHS_ERUNTIME, "site %s: out of memory",
                            site_id ? site_id : "?");
    phs_terrain_request rq;
    memset(&rq, 0, sizeof(rq));
    rq.site_id = site_id;
    rq.x = s->x;
    rq.y = s->y;
    rq.h_bs = s->h_bs;
    rq.h_ut = p->h_ut;
    rq.f_mhz = s->f_mhz;
    rq.max_dist = p->max_dist;
    rq.nx = wx;
    rq.ny = wy;
    rq.res = g->res;
    rq.x0 = g->x0 + i0 * g->res;
    rq.y0 = g->y0 - j0 * g->res;
    int rc = phs_terrain_loss(dem, &rq, terrain, d);
    if (rc) {
      free(terrain);
      return rc;
    }
  }

  size_t plane = (size_t)g->nx * (size_t)g->ny * (size_t)s->group;
  double r2 = p->max_dist * p->max_dist;
  for (int j = j0; j <= j1; j++) {
    double y = g->y0 - (j + 0.5) * g->res;
    for (int i = i0; i <= i1; i++) {
      double x = g->x0 + (i + 0.5) * g->res;
      double dx = x - s->x, dy = y - s->y;
      if (dx * dx + dy * dy > r2) continue;
      double loss = 0;
      if (terrain) {
        loss = terrain[(size_t)(j - j0) * (size_t)wx + (size_t)(i - i0)];
        if (isnan(loss)) continue; /* beyond the DEM: not assessed */
      }
      int ok = 1;
      double sig = phs_site_signal_dbm(s, p, x, y, loss, &ok);
      /* Extrapolation matters only where it decides coverage. */
      if (!ok && n_out_of_range && sig >= p->threshold_dbm) (*n_out_of_range)++;
      size_t k = plane + (size_t)j * (size_t)g->nx + (size_t)i;
      if (sig > g->best_dbm[k]) {
        g->best_dbm[k] = (float)sig;
        g->server[k] = site_index;
      }
      if (sig >= p->threshold_dbm && g->n_cover[k] < UINT16_MAX)
        g->n_cover[k]++;
    }
  }
  free(terrain);
  return PHS_OK;
}
