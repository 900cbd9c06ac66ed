/*
** footprint.c: which places a technology's sites cover, behind one
** interface for every footprint model: circles (a radius per site), or a
** propagation model evaluated on a grid (geo/phs_coverage.h) with the
** site's radio attributes, per-band defaults for what the operator did not
** send (each default counted), and optionally terrain from a DEM. The
** analysis asks two questions: is this point covered (and by which
** operators), and what share of this commune is.
*/
#include "footprint.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../geo/phs_coverage.h"
#include "phs_analyzer.h"
#include "site_params.h"

struct fp_eval {
  fp_opts opts;         /* a copy: callers may pass a temporary */
  const fp_opts *o;     /* &opts */
  int n_groups;
  /* circle model */
  phs_circle_set *circles;
  /* propagation model */
  phs_radio_site *rs;    /* owned: sites of the technology */
  const char **rs_id;    /* owned array; strings borrowed from dataset */
  int n_rs;
  phs_link_params link;
  phs_cov_grid grid;
  int have_grid;
  /* claims: per group, the polygons (working CRS) and their index */
  phs_mpoly **claim_polys;  /* owned: n_groups arrays */
  int *n_claim_polys;       /* owned */
  phs_pip_index **claim_ix; /* owned: NULL for a group without claims */
  phs_crs_transform *to_ll; /* owned: working CRS -> lon/lat (claims) */
  /* per polygon: cells and covered cells (any, per group) */
  long *n_cells, *cov_any, *cov_g;
  int n_polys;
  fp_stats stats;
};

/* Is (lon, lat) inside a claim of group g? */
static int claimed(const fp_eval *e, int g, double lon, double lat) {
  return e->claim_ix && e->claim_ix[g] &&
         phs_pip_index_find(e->claim_ix[g], lon, lat) >= 0;
}

/* Operators' claimed coverage for the technology: their polygons in the
** working CRS, indexed per operator. */
static int build_claims(fp_eval *e, const phs_dataset *ds,
                        phs_crs_transform *tr, phs_diag *d) {
  (void)tr;
  int ng = e->n_groups;
  e->claim_polys = calloc((size_t)ng, sizeof(phs_mpoly *));
  e->n_claim_polys = calloc((size_t)ng, sizeof(int));
  e->claim_ix = calloc((size_t)ng, sizeof(phs_pip_index *));
  if (!e->claim_polys || !e->n_claim_polys || !e->claim_ix)
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  for (int g = 0; g < ng; g++) {
    int n = 0;
    for (int i = 0; i < ds->n_claims; i++)
      if (strcmp(ds->claims[i].tech, e->o->tech) == 0 &&
          strcmp(ds->claims[i].operator_code, e->o->groups[g]) == 0)
        n++;
    if (n == 0) continue;
    e->claim_polys[g] = calloc((size_t)n, sizeof(phs_mpoly));
    if (e->claim_polys[g] == NULL)
      return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    for (int i = 0; i < ds->n_claims; i++) {
      const phs_claim *c = &ds->claims[i];
      if (strcmp(c->tech, e->o->tech) != 0 ||
          strcmp(c->operator_code, e->o->groups[g]) != 0)
        continue;
      /* Claims stay in lon/lat, like the communes the households were
      ** assigned to, so a household on a claim's edge is on it in both. */
      phs_mpoly *m = &e->claim_polys[g][e->n_claim_polys[g]++];
      phs_mpoly_init(m);
      if (phs_mpoly_copy(m, &c->geom) != PHS_OK)
        return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    }
    e->claim_ix[g] = phs_pip_index_new(e->claim_polys[g], NULL, n);
    if (e->claim_ix[g] == NULL)
      return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  return PHS_OK;
}

/* Rasterise every site (or claim) onto a grid over the polygons' extent,
** then count each polygon's cells (by cell centre) and covered cells. */
static int build_grid(fp_eval *e, const phs_mpoly *polys, int n_polys,
                      const phs_dem *dem, phs_diag *d) {
  double minx = 1e300, miny = 1e300, maxx = -1e300, maxy = -1e300;
  for (int k = 0; k < n_polys; k++) {
    minx = fmin(minx, polys[k].minx), maxx = fmax(maxx, polys[k].maxx);
    miny = fmin(miny, polys[k].miny), maxy = fmax(maxy, polys[k].maxy);
  }
  if (n_polys == 0) return PHS_OK;
  double res = e->o->grid_m;
  /* aligned to multiples of the cell size, like the circle grid */
  double x0 = floor(minx / res) * res, y1 = ceil(maxy / res) * res;
  int nx = (int)ceil((maxx - x0) / res), ny = (int)ceil((y1 - miny) / res);
  if ((double)nx * ny * e->n_groups > 4e8)
    return phs_diag_error(d, PHS_ERUNTIME,
                          "coverage grid of %d x %d cells at %g m is too"
                          " large for one pass; use a coarser --grid",
                          nx, ny, res);
  int rc;
  int claims = e->o->model == FP_CLAIMS;
  if (!claims) {
    rc = phs_cov_grid_init(&e->grid, x0, y1, nx, ny, res, e->n_groups, d);
    if (rc) return rc;
    e->have_grid = 1;
    for (int s = 0; s < e->n_rs; s++) {
      rc = phs_cov_add_site(&e->grid, &e->rs[s], s, e->rs_id[s], &e->link,
                            dem, &e->stats.cells_out_of_range, d);
      if (rc) return rc;
    }
  }
  e->n_cells = calloc((size_t)n_polys, sizeof(long));
  e->cov_any = calloc((size_t)n_polys, sizeof(long));
  e->cov_g = calloc((size_t)n_polys * (size_t)e->n_groups, sizeof(long));
  phs_pip_index *ix = phs_pip_index_new(polys, NULL, n_polys);
  if (e->n_cells == NULL || e->cov_any == NULL || e->cov_g == NULL ||
      ix == NULL) {
    phs_pip_index_free(ix);
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  size_t plane = (size_t)nx * (size_t)ny;
  double *lon = NULL, *lat = NULL;
  if (claims) {
    lon = malloc(sizeof(double) * (size_t)nx);
    lat = malloc(sizeof(double) * (size_t)nx);
    if (lon == NULL || lat == NULL || e->to_ll == NULL) {
      free(lon);
      free(lat);
      phs_pip_index_free(ix);
      return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    }
  }
  for (int j = 0; j < ny; j++) {
    double y = y1 - (j + 0.5) * res;
    if (claims) { /* the row's cell centres in lon/lat, in one call */
      for (int i = 0; i < nx; i++) {
        lon[i] = x0 + (i + 0.5) * res;
        lat[i] = y;
      }
      phs_crs_transform_points(e->to_ll, lon, lat, (size_t)nx);
    }
    for (int i = 0; i < nx; i++) {
      double x = x0 + (i + 0.5) * res;
      int k = phs_pip_index_find(ix, x, y);
      if (k < 0) continue;
      e->n_cells[k]++;
      size_t c = (size_t)j * (size_t)nx + (size_t)i;
      int any = 0;
      for (int g = 0; g < e->n_groups; g++)
        if (claims ? claimed(e, g, lon[i], lat[i])
                   : e->grid.best_dbm[plane * (size_t)g + c] >=
                         e->link.threshold_dbm) {
          e->cov_g[(size_t)k * (size_t)e->n_groups + (size_t)g]++;
          any = 1;
        }
      e->cov_any[k] += any;
    }
  }
  phs_pip_index_free(ix);
  free(lon);
  free(lat);
  e->n_polys = n_polys;
  return PHS_OK;
}

int fp_eval_new(const phs_dataset *ds, const fp_opts *o, phs_crs_transform *tr,
                const phs_mpoly *polys, int n_polys, const phs_dem *dem,
                fp_eval **out, phs_diag *d) {
  *out = NULL;
  fp_eval *e = calloc(1, sizeof(*e));
  if (e == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  e->opts = *o;
  e->o = &e->opts;
  e->n_groups = o->n_groups > 0 ? o->n_groups : 1;
  int rc;
  if (o->model == FP_CIRCLES) {
    phs_circle *c = NULL;
    int n = 0;
    rc = sp_circles(ds, e->o, tr, &c, &n, &e->stats, d);
    if (rc == PHS_OK) {
      e->circles = phs_circle_set_new(c, n, e->n_groups);
      if (e->circles == NULL)
        rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    }
    free(c);
  } else if (o->model == FP_CLAIMS) {
    e->to_ll = phs_crs_transform_new(o->working_crs, "EPSG:4326", d);
    rc = e->to_ll ? build_claims(e, ds, tr, d) : PHS_ERUNTIME;
    if (rc == PHS_OK) rc = build_grid(e, polys, n_polys, NULL, d);
  } else {
    e->link.model = (phs_pl_model)o->model;
    e->link.env = o->env;
    e->link.los = o->los;
    e->link.h_ut = o->h_ut > 0 ? o->h_ut : 1.5;
    e->link.threshold_dbm = o->threshold_dbm;
    e->link.reliability = o->reliability;
    e->link.max_dist = o->max_dist_m;
    rc = sp_radio_sites(ds, e->o, tr, &e->rs, &e->rs_id, &e->n_rs, &e->stats,
                        d);
    if (rc == PHS_OK) rc = build_grid(e, polys, n_polys, dem, d);
  }
  if (rc) {
    fp_eval_free(e);
    return rc;
  }
  *out = e;
  return PHS_OK;
}

void fp_eval_free(fp_eval *e) {
  if (e == NULL) return;
  phs_circle_set_free(e->circles);
  free(e->rs);
  free(e->rs_id);
  for (int g = 0; e->claim_polys && g < e->n_groups; g++) {
    for (int i = 0; i < e->n_claim_polys[g]; i++)
      phs_mpoly_free(&e->claim_polys[g][i]);
    free(e->claim_polys[g]);
    phs_pip_index_free(e->claim_ix[g]);
  }
  free(e->claim_polys);
  free(e->n_claim_polys);
  free(e->claim_ix);
  phs_crs_transform_free(e->to_ll);
  phs_cov_grid_free(&e->grid);
  free(e->n_cells);
  free(e->cov_any);
  free(e->cov_g);
  free(e);
}

const fp_stats *fp_eval_stats(const fp_eval *e) { return &e->stats; }

const phs_cov_grid *fp_eval_grid(const fp_eval *e) {
  return e->have_grid ? &e->grid : NULL;
}

/* ------------------------------------------------------------ queries */

int fp_eval_has_group(const fp_eval *e, int g) {
  return e->claim_ix && g >= 0 && g < e->n_groups && e->claim_ix[g];
}

int fp_eval_cell(const fp_eval *e, double x, double y, unsigned char *hits) {
  if (!e->have_grid) return fp_eval_point(e, x, y, hits);
  int any = 0;
  if (hits) memset(hits, 0, (size_t)e->n_groups);
  long c = phs_cov_grid_cell(&e->grid, x, y);
  if (c < 0) return 0;
  size_t plane = (size_t)e->grid.nx * (size_t)e->grid.ny;
  for (int g = 0; g < e->n_groups; g++)
    if (e->grid.best_dbm[plane * (size_t)g + (size_t)c] >=
        e->link.threshold_dbm) {
      any = 1;
      if (hits) hits[g] = 1;
    }
  return any;
}

int fp_eval_point_ll(const fp_eval *e, double lon, double lat, double x,
                     double y, unsigned char *hits) {
  if (e->o->model != FP_CLAIMS) return fp_eval_point(e, x, y, hits);
  int any = 0;
  if (hits) memset(hits, 0, (size_t)e->n_groups);
  for (int g = 0; g < e->n_groups; g++)
    if (claimed(e, g, lon, lat)) {
      any = 1;
      if (hits) hits[g] = 1;
    }
  return any;
}

int fp_eval_point(const fp_eval *e, double x, double y, unsigned char *hits) {
  if (e->circles) return phs_circle_set_covers(e->circles, x, y, hits);
  int any = 0;
  if (hits) memset(hits, 0, (size_t)e->n_groups);
  if (e->o->model == FP_CLAIMS) {
    double lon = x, lat = y;
    phs_crs_transform_points(e->to_ll, &lon, &lat, 1);
    return fp_eval_point_ll(e, lon, lat, x, y, hits);
  }
  if (e->o->have_dem && e->have_grid) return fp_eval_cell(e, x, y, hits);
  /* Flat earth: the exact link budget at the household's location. */
  double r2 = e->link.max_dist * e->link.max_dist;
  for (int s = 0; s < e->n_rs; s++) {
    const phs_radio_site *r = &e->rs[s];
    double dx = x - r->x, dy = y - r->y;
    if (dx * dx + dy * dy > r2) continue;
    if (hits && hits[r->group]) continue;
    if (phs_site_signal_dbm(r, &e->link, x, y, 0, NULL) >=
        e->link.threshold_dbm) {
      any = 1;
      if (hits) hits[r->group] = 1;
      else break;
    }
  }
  return any;
}

int fp_eval_area(const fp_eval *e, int k, const phs_mpoly *poly,
                 double *frac_any, double *frac_g) {
  if (e->circles) {
    long n_cells = 0;
    return phs_circle_set_area_fraction(e->circles, poly, e->o->grid_m,
                                        frac_any, frac_g, &n_cells);
  }
  *frac_any = 0;
  for (int g = 0; g < e->n_groups; g++) frac_g[g] = 0;
  if ((!e->have_grid && e->o->model != FP_CLAIMS) || k < 0 ||
      k >= e->n_polys)
    return PHS_OK;
  long n = e->n_cells[k];
  if (n == 0) {
    /* Smaller than a cell: its centroid's cell decides. */
    double cx, cy;
    if (phs_mpoly_centroid(poly, &cx, &cy) != PHS_OK) return PHS_OK;
    unsigned char *hits = calloc((size_t)e->n_groups, 1);
    if (hits == NULL) return PHS_ERUNTIME;
    *frac_any = fp_eval_point(e, cx, cy, hits);
    for (int g = 0; g < e->n_groups; g++) frac_g[g] = hits[g];
    free(hits);
    return PHS_OK;
  }
  *frac_any = (double)e->cov_any[k] / (double)n;
  for (int g = 0; g < e->n_groups; g++)
    frac_g[g] = (double)e->cov_g[(size_t)k * (size_t)e->n_groups + (size_t)g] /
                (double)n;
  return PHS_OK;
}

int fp_group_of(const fp_opts *o, const char *operator_code) {
  for (int i = 0; i < o->n_groups; i++)
    if (strcmp(o->groups[i], operator_code) == 0) return i;
  return 0;
}
