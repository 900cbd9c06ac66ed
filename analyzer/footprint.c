/*
** footprint.c: which places a technology's sites cover, behind one
** interface for every footprint model: circles (a radius per site), or a
** propagation model evaluated on a grid (geo/phs_coverage.h) with the
** site's radio attributes, per-band defaults for what the operator did not
** send (each default counted), and optionally terrain from a DEM, tile by
** tile so that memory stays bounded at national scale (what remains is
** one coverage bit per operator per cell; docs/propagation.md, "Tiles"). The
** analysis asks two questions: is this point covered (and by which
** operators), and what share of this commune is.
*/
#include "footprint.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../geo/phs_coverage.h"
#include "phs_analyzer.h"
#include "phs_progress.h"
#include "site_params.h"

/* Cells per side of a tile of the grid, unless fp_opts.tile_cells says
** otherwise: 4 MiB per float plane, a multiple of the GeoTIFFs' 256-cell
** blocks. */
#define FP_TILE_DEFAULT 1024
/* Refuse a coverage mask (one bit per operator per cell of the tiles that
** overlap a commune) larger than this many bytes. */
#define FP_MASK_MAX_BYTES (4.0 * 1024 * 1024 * 1024)

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
  /* The sites listed per cell of a uniform grid over their reach discs,
  ** for the flat-earth point queries (build_site_index); snx == 0: no
  ** index, every site is scanned. */
  double sx0, sy0, sinv;   /* the index's origin, 1 / cell size */
  int snx, sny;
  int *scell_start;        /* owned: snx * sny + 1 offsets into sitems */
  int *sitems;             /* owned: per cell, its sites in site order */
  double *sreach2;         /* owned: n_rs: squared radius of each site's
                              disc in the index (its reach and 1 m);
                              INFINITY for the sites of sall */
  int *sall;               /* owned: the sites without finite coordinates,
                              asked at every point as the scan did */
  int n_sall;
  /* The grid (models and claims), over the communes' extent, in tiles of
  ** tile x tile cells; cell (i, j) has its centre at
  ** (gx0 + (i + 0.5) res, gy0 - (j + 0.5) res) whatever the tiling. */
  int have_grid;           /* a propagation model was evaluated on it */
  double gx0, gy0, res;
  int gnx, gny, tile, ntx, nty;
  /* What stays of the model after the pass, for fp_eval_cell: per tile
  ** (row-major), one bit per group per cell (mask_bytes per cell, cells
  ** row-major within the tile), NULL for a tile where nothing is covered
  ** or that was not computed. */
  unsigned char **mask;    /* owned: ntx * nty pointers, each owned */
  int mask_bytes;
  /* claims: per group, the polygons (working CRS) and their index */
  phs_mpoly **claim_polys;  /* owned: n_groups arrays */
  int *n_claim_polys;       /* owned */
  phs_pip_index **claim_ix; /* owned: NULL for a group without claims */
  phs_crs_transform *to_ll; /* owned: working CRS -> lon/lat (claims) */
  pthread_mutex_t *to_ll_lock; /* owned: one thread at a time in to_ll
                                  (PROJ objects are not thread-safe) */
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

/* --------------------------------------------------------- tiled pass */

/* One tile of the grid: its first column and row, size and corner. */
typedef struct fp_tile {
  int col, row, nx, ny;
  double x0, y0;
} fp_tile;

struct fp_pool;

/* What the tiles of one pass share, and one worker's scratch: the model's
** tiles are computed by several workers (threads), each with its own
** fp_pass (a copy of the shared part, its own scratch and counts). */
typedef struct fp_pass {
  fp_eval *e;
  phs_pip_index *ix;       /* owned (borrowed by workers): the polygons
                              (working CRS); read only */
  phs_coverage_writer *w;  /* owned (borrowed by workers): NULL without
                              coverage files; written in tile order */
  struct fp_pool *pool;    /* NULL: one thread, no ordering needed */
  int *sites;              /* owned: n_rs: the sites touching the tile */
  double *lon, *lat;       /* owned: one tile row in lon/lat (claims) */
  float *view;             /* owned: one site's DEM window */
  size_t view_n;           /* floats view holds */
  /* Counts per polygon (cells, covered by any, per group) and covered
  ** cells computed out of range: e's own arrays in one pass, a worker's
  ** own (owned) in the threaded pass, summed into e's at the end (integer
  ** sums: the same whatever the order). */
  long *n_cells, *cov_any, *cov_g;
  long out_of_range;
} fp_pass;

/* floor((v - origin) / res) as a double, for columns (sign +1) or rows
** (sign -1: rows go south). */
static double lattice(double v, double origin, double res, int sign) {
  return floor(sign * (v - origin) / res);
}

/* Columns i0..i1 and rows j0..j1 (inclusive, on the grid's lattice, maybe
** outside the grid) within the reach of site r, widened by `spare` cells. */
static void site_window(const fp_eval *e, const phs_radio_site *r, int spare,
                        double *i0, double *i1, double *j0, double *j1) {
  double m = e->link.max_dist;
  *i0 = lattice(r->x - m, e->gx0, e->res, 1) - spare;
  *i1 = lattice(r->x + m, e->gx0, e->res, 1) + spare;
  *j0 = lattice(r->y + m, e->gy0, e->res, -1) - spare;
  *j1 = lattice(r->y - m, e->gy0, e->res, -1) + spare;
}

/* The DEM a site's terrain sweep reads: its reach, plus the sweep's last
** step (rays run to max_dist + res), one cell for bilinear neighbours and
** one to spare. A site's window depends on the site alone, and the DEM is
** warped onto the grid's own lattice, so the sweep sees the same heights
** at the same places whatever the tiling: tiling changes no result. */
#define DEM_SPARE_CELLS 3

/* The sites whose reach may touch tile t, in site order (the order decides
** ties between servers, as in one pass over the whole grid). */
static int tile_sites(const fp_pass *p, const fp_tile *t) {
  const fp_eval *e = p->e;
  int n = 0;
  for (int s = 0; s < e->n_rs; s++) {
    double i0, i1, j0, j1;
    site_window(e, &e->rs[s], 1, &i0, &i1, &j0, &j1);
    if (i1 >= t->col && i0 < t->col + t->nx && j1 >= t->row &&
        j0 < t->row + t->ny)
      p->sites[n++] = s;
  }
  return n;
}

/* Read the DEM under the windows of the n sites of p->sites, on the
** grid's lattice. */
static int tile_dem(fp_pass *p, int n, phs_dem *dem, float **z, int *wi0,
                    int *wj0, phs_diag *d) {
  const fp_eval *e = p->e;
  double a0 = 1e300, a1 = -1e300, b0 = 1e300, b1 = -1e300;
  for (int k = 0; k < n; k++) {
    double i0, i1, j0, j1;
    site_window(e, &e->rs[p->sites[k]], DEM_SPARE_CELLS, &i0, &i1, &j0, &j1);
    a0 = fmin(a0, i0), a1 = fmax(a1, i1), b0 = fmin(b0, j0), b1 = fmax(b1, j1);
  }
  if (a1 - a0 + 1 > INT_MAX / 2 || b1 - b0 + 1 > INT_MAX / 2 ||
      fabs(a0) > INT_MAX / 2 || fabs(b0) > INT_MAX / 2)
    return phs_diag_error(d, PHS_EUSAGE, "%s: DEM window of %.0f x %.0f cells"
                          " is too large; use a smaller --max-distance",
                          e->o->dem_path, a1 - a0 + 1, b1 - b0 + 1);
  int rc = phs_dem_read(e->o->dem_path, e->o->working_crs,
                        e->gx0 + a0 * e->res, e->gy0 - b0 * e->res,
                        e->gx0 + (a1 + 1) * e->res, e->gy0 - (b1 + 1) * e->res,
                        e->res, dem, z, d);
  if (rc) return rc;
  if (dem->nx != (int)(a1 - a0 + 1) || dem->ny != (int)(b1 - b0 + 1))
    return phs_diag_error(d, PHS_ERUNTIME, "%s: DEM window of %d x %d cells, "
                          "expected %.0f x %.0f", e->o->dem_path, dem->nx,
                          dem->ny, a1 - a0 + 1, b1 - b0 + 1);
  *wi0 = (int)a0;
  *wj0 = (int)b0;
  return PHS_OK;
}

/* Site s's own DEM window, copied out of the tile's DEM. */
static int site_view(fp_pass *p, int s, const phs_dem *dem, int wi0, int wj0,
                     phs_dem *view, phs_diag *d) {
  const fp_eval *e = p->e;
  double i0, i1, j0, j1;
  site_window(e, &e->rs[s], DEM_SPARE_CELLS, &i0, &i1, &j0, &j1);
  int vnx = (int)(i1 - i0 + 1), vny = (int)(j1 - j0 + 1);
  size_t need = (size_t)vnx * (size_t)vny;
  if (need > p->view_n) {
    free(p->view);
    p->view = malloc(need * sizeof(float));
    p->view_n = p->view ? need : 0;
    if (p->view == NULL)
      return phs_diag_error(d, PHS_ERUNTIME, "site %s: out of memory",
                            p->e->rs_id[s]);
  }
  int di = (int)i0 - wi0, dj = (int)j0 - wj0;
  for (int j = 0; j < vny; j++)
    memcpy(p->view + (size_t)j * (size_t)vnx,
           dem->z + (size_t)(dj + j) * (size_t)dem->nx + (size_t)di,
           sizeof(float) * (size_t)vnx);
  view->nx = vnx;
  view->ny = vny;
  view->x0 = e->gx0 + i0 * e->res;
  view->y0 = e->gy0 - j0 * e->res;
  view->res = e->res;
  view->z = p->view;
  return PHS_OK;
}

/* Count tile t's cells per polygon (by cell centre) and the covered ones:
** by the model's tile grid tg, or by the claims when tg is NULL. With tg,
** the tile's coverage bits are kept in e->mask when any cell is covered. */
static int count_tile(fp_pass *p, const fp_tile *t, const phs_cov_grid *tg,
                      phs_diag *d) {
  fp_eval *e = p->e;
  int ng = e->n_groups, mb = e->mask_bytes;
  size_t plane = (size_t)t->nx * (size_t)t->ny;
  unsigned char *m = NULL;
  int any_cell = 0;
  if (tg) {
    m = calloc(plane, (size_t)mb);
    if (m == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  for (int j = 0; j < t->ny; j++) {
    double y = e->gy0 - (t->row + j + 0.5) * e->res;
    if (tg == NULL) { /* the row's cell centres in lon/lat, in one call */
      for (int i = 0; i < t->nx; i++) {
        p->lon[i] = e->gx0 + (t->col + i + 0.5) * e->res;
        p->lat[i] = y;
      }
      phs_crs_transform_points(e->to_ll, p->lon, p->lat, (size_t)t->nx);
    }
    for (int i = 0; i < t->nx; i++) {
      double x = e->gx0 + (t->col + i + 0.5) * e->res;
      int k = phs_pip_index_find(p->ix, x, y);
      if (k < 0 && tg == NULL) continue;
      size_t c = (size_t)j * (size_t)t->nx + (size_t)i;
      int any = 0;
      for (int g = 0; g < ng; g++) {
        if (tg ? !(tg->best_dbm[plane * (size_t)g + c] >=
                   e->link.threshold_dbm)
               : !claimed(e, g, p->lon[i], p->lat[i]))
          continue;
        any = 1;
        if (m) m[c * (size_t)mb + (size_t)(g / 8)] |= (unsigned char)(1u << (g % 8));
        if (k >= 0) p->cov_g[(size_t)k * (size_t)ng + (size_t)g]++;
      }
      any_cell |= any;
      if (k < 0) continue;
      p->n_cells[k]++;
      p->cov_any[k] += any;
    }
  }
  if (m) {
    if (any_cell)
      e->mask[(size_t)(t->row / e->tile) * (size_t)e->ntx +
              (size_t)(t->col / e->tile)] = m;
    else
      free(m);
  }
  return PHS_OK;
}

static int pool_put(fp_pass *p, size_t seq, const phs_cov_grid *tg,
                    const fp_tile *t, phs_diag *d);

/* The propagation model over tile t (number seq of the pass's tiles): the
** sites that reach it, with the DEM under their reach; then counts,
** coverage bits and coverage files. */
static int model_tile(fp_pass *p, const fp_tile *t, size_t seq, phs_diag *d) {
  if (phs_interrupted()) return phs_interrupt_error(d); /* Ctrl-C */
  fp_eval *e = p->e;
  phs_cov_grid tg;
  phs_dem dem;
  float *z = NULL;
  int wi0 = 0, wj0 = 0;
  int n = tile_sites(p, t);
  int rc = phs_cov_grid_init(&tg, t->x0, t->y0, t->nx, t->ny, e->res,
                             e->n_groups, d);
  if (rc) return rc;
  /* Without coverage files only the cells at the threshold count: each
  ** site is evaluated within its reach only (exact, phs_coverage.h). */
  tg.covered_only = p->w == NULL;
  if (e->o->dem_path && n > 0)
    rc = tile_dem(p, n, &dem, &z, &wi0, &wj0, d);
  for (int k = 0; k < n && rc == PHS_OK; k++) {
    int s = p->sites[k];
    phs_dem view;
    if (z) rc = site_view(p, s, &dem, wi0, wj0, &view, d);
    if (rc == PHS_OK)
      rc = phs_cov_add_site(&tg, &e->rs[s], s, e->rs_id[s], &e->link,
                            z ? &view : NULL, &p->out_of_range, d);
  }
  free(z);
  if (rc == PHS_OK) rc = count_tile(p, t, &tg, d);
  if (rc == PHS_OK && p->w) rc = pool_put(p, seq, &tg, t, d);
  phs_cov_grid_free(&tg);
  if (rc == PHS_OK) phs_progress_add(1); /* a tile: a unit of the stage */
  return rc;
}

/* ------------------------------------------------------ worker threads */

/*
** The model's tiles shared out to workers: each takes the next tile in
** the pass's order, computes it with its own scratch and counts, and the
** coverage files are written tile by tile in that order (a worker whose
** tile is next waits for its turn), so the files, the counts and the
** coverage bits are the same for any number of threads. The first error
** in tile order is the one reported.
*/
typedef struct fp_pool {
  const fp_tile *tiles;    /* borrowed: the tiles to compute, in order */
  size_t n_tiles;
  size_t next;             /* the next tile to take */
  size_t next_put;         /* the tile whose files are written next */
  size_t failed;           /* the first failed tile (n_tiles: none) */
  pthread_mutex_t mu;
  pthread_cond_t turn;
} fp_pool;

typedef struct fp_worker {
  fp_pass p;               /* own scratch and counts */
  phs_diag d;              /* the worker's first error */
  size_t failed;           /* its failed tile, pool->n_tiles if none */
  int rc;
  pthread_t th;
} fp_worker;

/* Write tile seq's coverage files when every earlier tile's are written. */
static int pool_put(fp_pass *p, size_t seq, const phs_cov_grid *tg,
                    const fp_tile *t, phs_diag *d) {
  fp_pool *pool = p->pool;
  if (pool == NULL)
    return phs_coverage_writer_put(p->w, tg, t->col, t->row, d);
  pthread_mutex_lock(&pool->mu);
  while (pool->next_put != seq && !(pool->failed < seq))
    pthread_cond_wait(&pool->turn, &pool->mu);
  int stop = pool->next_put != seq; /* an earlier tile failed */
  pthread_mutex_unlock(&pool->mu);
  if (stop) return PHS_OK;          /* its error is the one reported */
  int rc = phs_coverage_writer_put(p->w, tg, t->col, t->row, d);
  pthread_mutex_lock(&pool->mu);
  if (rc == PHS_OK) pool->next_put++;
  pthread_cond_broadcast(&pool->turn);
  pthread_mutex_unlock(&pool->mu);
  return rc;
}

static void *worker_run(void *arg) {
  fp_worker *w = arg;
  fp_pool *pool = w->p.pool;
  for (;;) {
    pthread_mutex_lock(&pool->mu);
    size_t seq = pool->next;
    int stop = seq >= pool->n_tiles || pool->failed < seq;
    if (!stop) pool->next++;
    pthread_mutex_unlock(&pool->mu);
    if (stop) break;
    int rc = model_tile(&w->p, &pool->tiles[seq], seq, &w->d);
    if (rc) {
      w->rc = rc;
      w->failed = seq;
      pthread_mutex_lock(&pool->mu);
      if (seq < pool->failed) pool->failed = seq;
      pthread_cond_broadcast(&pool->turn);
      pthread_mutex_unlock(&pool->mu);
      break;
    }
  }
  return NULL;
}

/* The model's tiles with n_threads workers (the calling thread is the
** first); counts summed into e, the first error in tile order into d. */
static int model_tiles(fp_pass *p, const fp_tile *tiles, size_t n_tiles,
                       int n_threads, phs_diag *d) {
  fp_eval *e = p->e;
  size_t np = (size_t)e->n_polys, ng = (size_t)e->n_groups;
  if (n_threads > (int)n_tiles) n_threads = (int)n_tiles;
  if (n_threads < 1) n_threads = 1;
  fp_pool pool = {tiles, n_tiles, 0, 0, n_tiles,
                  PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};
  fp_worker *w = calloc((size_t)n_threads, sizeof(fp_worker));
  if (w == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  int rc = PHS_OK, started = 0;
  for (int i = 0; i < n_threads && rc == PHS_OK; i++) {
    fp_pass *q = &w[i].p;
    q->e = e;
    q->ix = p->ix;
    q->w = p->w;
    q->pool = &pool;
    q->sites = malloc(sizeof(int) * (size_t)(e->n_rs > 0 ? e->n_rs : 1));
    q->n_cells = calloc(np, sizeof(long));
    q->cov_any = calloc(np, sizeof(long));
    q->cov_g = calloc(np * ng, sizeof(long));
    phs_diag_init(&w[i].d);
    w[i].failed = n_tiles;
    if (!q->sites || !q->n_cells || !q->cov_any || !q->cov_g)
      rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  /* Workers 1.. in threads of their own, worker 0 in this one. */
  for (int i = 1; i < n_threads && rc == PHS_OK; i++, started++)
    if (pthread_create(&w[i].th, NULL, worker_run, &w[i]) != 0) {
      rc = phs_diag_error(d, PHS_ERUNTIME, "cannot start a thread");
      pthread_mutex_lock(&pool.mu);
      pool.failed = 0; /* the started ones stop */
      pthread_cond_broadcast(&pool.turn);
      pthread_mutex_unlock(&pool.mu);
    }
  if (rc == PHS_OK) worker_run(&w[0]);
  for (int i = 1; i <= started; i++) pthread_join(w[i].th, NULL);
  int first = -1;
  for (int i = 0; i < n_threads; i++)
    if (w[i].rc && (first < 0 || w[i].failed < w[first].failed)) first = i;
  if (rc == PHS_OK && first >= 0) {
    phs_diag *src = &w[first].d;
    rc = phs_diag_error(d, w[first].rc, "%s", src->msg);
    for (int k = 0; k < src->n_details; k++)
      phs_diag_detail(d, "%s", src->details[k]);
  }
  for (int i = 0; i < n_threads; i++) {
    fp_pass *q = &w[i].p;
    for (size_t k = 0; rc == PHS_OK && k < np; k++) {
      e->n_cells[k] += q->n_cells[k];
      e->cov_any[k] += q->cov_any[k];
    }
    for (size_t k = 0; rc == PHS_OK && k < np * ng; k++)
      e->cov_g[k] += q->cov_g[k];
    e->stats.cells_out_of_range += q->out_of_range;
    phs_diag_take_warnings(d, &w[i].d);
    phs_diag_clear(&w[i].d);
    free(q->sites);
    free(q->view);
    free(q->n_cells);
    free(q->cov_any);
    free(q->cov_g);
  }
  free(w);
  pthread_mutex_destroy(&pool.mu);
  pthread_cond_destroy(&pool.turn);
  return rc;
}

/*
** The grid over the polygons' extent, aligned to multiples of the cell
** size like the circle grid, processed tile by tile: only tiles that
** overlap some polygon's bounding box are computed (a point inside a
** polygon always falls in one). Per tile: the model's signal (or the
** claims), each polygon's cells (by cell centre) and covered cells, the
** model's coverage bits for fp_eval_cell, and the coverage files when
** cov_out is given. The float planes live for one tile only.
*/
static int build_grid(fp_eval *e, const phs_mpoly *polys, int n_polys,
                      const phs_coverage_out_opts *cov_out, phs_diag *d) {
  double minx = 1e300, miny = 1e300, maxx = -1e300, maxy = -1e300;
  for (int k = 0; k < n_polys; k++) {
    minx = fmin(minx, polys[k].minx), maxx = fmax(maxx, polys[k].maxx);
    miny = fmin(miny, polys[k].miny), maxy = fmax(maxy, polys[k].maxy);
  }
  if (n_polys == 0) return PHS_OK;
  int claims = e->o->model == FP_CLAIMS;
  double res = e->o->grid_m;
  double x0 = floor(minx / res) * res, y1 = ceil(maxy / res) * res;
  double fnx = ceil((maxx - x0) / res), fny = ceil((y1 - miny) / res);
  if (fnx < 1) fnx = 1;
  if (fny < 1) fny = 1;
  if (fnx > INT_MAX / 2 || fny > INT_MAX / 2)
    return phs_diag_error(d, PHS_EUSAGE, "coverage grid of %.0f x %.0f cells"
                          " at %g m: use a coarser --cell", fnx, fny, res);
  e->gx0 = x0;
  e->gy0 = y1;
  e->res = res;
  e->gnx = (int)fnx;
  e->gny = (int)fny;
  e->tile = e->o->tile_cells > 0 ? e->o->tile_cells : FP_TILE_DEFAULT;
  e->ntx = (e->gnx + e->tile - 1) / e->tile;
  e->nty = (e->gny + e->tile - 1) / e->tile;
  size_t n_tiles = (size_t)e->ntx * (size_t)e->nty;

  fp_pass p;
  memset(&p, 0, sizeof(p));
  p.e = e;
  fp_tile *tiles = NULL;
  int rc = PHS_OK;
  unsigned char *need = calloc(n_tiles, 1);
  e->n_cells = calloc((size_t)n_polys, sizeof(long));
  e->cov_any = calloc((size_t)n_polys, sizeof(long));
  e->cov_g = calloc((size_t)n_polys * (size_t)e->n_groups, sizeof(long));
  p.ix = phs_pip_index_new(polys, NULL, n_polys);
  if (need == NULL || e->n_cells == NULL || e->cov_any == NULL ||
      e->cov_g == NULL || p.ix == NULL) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto done;
  }
  e->n_polys = n_polys;
  p.n_cells = e->n_cells;
  p.cov_any = e->cov_any;
  p.cov_g = e->cov_g;

  /* The tiles each polygon's bounding box overlaps (edges included: a
  ** point on a tile's edge falls in the next tile's cells). */
  for (int k = 0; k < n_polys; k++) {
    double c0 = fmax(lattice(polys[k].minx, x0, res, 1), 0);
    double c1 = fmin(lattice(polys[k].maxx, x0, res, 1), e->gnx - 1);
    double r0 = fmax(lattice(polys[k].maxy, y1, res, -1), 0);
    double r1 = fmin(lattice(polys[k].miny, y1, res, -1), e->gny - 1);
    if (!(c0 <= c1 && r0 <= r1)) continue;
    for (int tj = (int)r0 / e->tile; tj <= (int)r1 / e->tile; tj++)
      for (int ti = (int)c0 / e->tile; ti <= (int)c1 / e->tile; ti++)
        need[(size_t)tj * (size_t)e->ntx + (size_t)ti] = 1;
  }

  if (claims) {
    p.lon = malloc(sizeof(double) * (size_t)e->tile);
    p.lat = malloc(sizeof(double) * (size_t)e->tile);
    if (p.lon == NULL || p.lat == NULL || e->to_ll == NULL) {
      rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
      goto done;
    }
  } else {
    /* The coverage bits, at most one tile of them per computed tile. */
    e->mask_bytes = (e->n_groups + 7) / 8;
    double bytes = 0;
    for (size_t t = 0; t < n_tiles; t++) {
      if (!need[t]) continue;
      int c0 = (int)(t % (size_t)e->ntx) * e->tile;
      int r0 = (int)(t / (size_t)e->ntx) * e->tile;
      double tw = fmin(e->tile, e->gnx - c0), th = fmin(e->tile, e->gny - r0);
      bytes += tw * th * e->mask_bytes;
    }
    if (bytes > FP_MASK_MAX_BYTES) {
      rc = phs_diag_error(d, PHS_EUSAGE,
                            "the coverage mask of a %d x %d grid at %g m"
                            " would take up to %.1f GiB (limit %.0f GiB);"
                            " use a coarser --cell", e->gnx, e->gny, res,
                            bytes / (1024.0 * 1024 * 1024),
                            FP_MASK_MAX_BYTES / (1024.0 * 1024 * 1024));
      goto done;
    }
    e->mask = calloc(n_tiles, sizeof(unsigned char *));
    if (e->mask == NULL) {
      rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
      goto done;
    }
    e->have_grid = 1;
    if (cov_out)
      rc = phs_coverage_writer_open(cov_out, x0, y1, e->gnx, e->gny, res,
                                    e->n_groups, &p.w, d);
  }

  /* The tiles to compute, in row-major order. */
  size_t n_todo = 0;
  if (rc == PHS_OK) {
    tiles = malloc(sizeof(fp_tile) * (n_tiles > 0 ? n_tiles : 1));
    if (tiles == NULL) rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  for (int tj = 0; tj < e->nty && rc == PHS_OK; tj++)
    for (int ti = 0; ti < e->ntx; ti++) {
      if (!need[(size_t)tj * (size_t)e->ntx + (size_t)ti]) continue;
      fp_tile *t = &tiles[n_todo++];
      t->col = ti * e->tile;
      t->row = tj * e->tile;
      t->nx = e->gnx - t->col < e->tile ? e->gnx - t->col : e->tile;
      t->ny = e->gny - t->row < e->tile ? e->gny - t->row : e->tile;
      t->x0 = x0 + t->col * res;
      t->y0 = y1 - t->row * res;
    }
  /* Claims read the shared lon/lat transform: one thread. */
  for (size_t k = 0; claims && k < n_todo && rc == PHS_OK; k++)
    rc = count_tile(&p, &tiles[k], NULL, d);
  if (!claims && rc == PHS_OK) {
    phs_progress_total((long long)n_todo); /* the caller set the stage */
    rc = model_tiles(&p, tiles, n_todo, phs_thread_count(e->o->threads), d);
  }
  if (rc == PHS_OK && p.w) {
    rc = phs_coverage_writer_finish(p.w, d);
    p.w = NULL;
  }
done:
  phs_coverage_writer_free(p.w);
  phs_pip_index_free(p.ix);
  free(p.sites);
  free(p.lon);
  free(p.lat);
  free(p.view);
  free(tiles);
  free(need);
  return rc;
}

/* ------------------------------------------------------ the site index */

/*
** Flat earth (a model without a DEM), fp_eval_point computes the exact
** link budget at the point, from the sites that can cover it: a site
** covers only within max_dist and within its reach R
** (phs_site_link_reach_m: no point farther than R gets the threshold; the
** bound holds from 1 m on), so each site is listed in every cell of a
** uniform grid that its disc of radius min(max(R, 1 m), max_dist) + 1 m
** overlaps, and a point asks the sites of its own cell only. The metre
** to spare is far above the rounding of coordinates in metres: no
** covered point lies outside its site's cells. A point is covered by a
** group when any of its sites covers it, whatever order they are asked
** in, so the answers are those of a scan over every site
** (fp_eval_point_scan; tests/unit/fp_site_index.c compares them).
*/

/* Caps of the index, as the circle index's (geo/footprint.c): the cell,
** first the median disc's radius, grows until both fit. */
#define SITE_IX_MAX_CELLS (1LL << 22)
#define SITE_IX_MAX_ENTRIES (1LL << 25)
#define SITE_IX_SPARE_M 1.0

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Column (or row) of v in the index, clamped to [0, n - 1]. */
static int site_ix_of(double v, double origin, double inv, int n) {
  double t = (v - origin) * inv;
  if (!(t >= 0)) return 0;
  if (t >= n) return n - 1;
  return (int)t;
}

/* The cells (columns i0..i1, rows j0..j1) that site s's disc of radius
** rad overlaps (its bounding square, clamped to the index). */
static void site_ix_window(const fp_eval *e, int s, double rad, int *i0,
                           int *i1, int *j0, int *j1) {
  const phs_radio_site *r = &e->rs[s];
  *i0 = site_ix_of(r->x - rad, e->sx0, e->sinv, e->snx);
  *i1 = site_ix_of(r->x + rad, e->sx0, e->sinv, e->snx);
  *j0 = site_ix_of(r->y - rad, e->sy0, e->sinv, e->sny);
  *j1 = site_ix_of(r->y + rad, e->sy0, e->sinv, e->sny);
}

/* Over the sites with a disc (rad[s] >= 0) on the index's current grid:
** count their list entries; with count, add 1 to count[c + 1] for each
** cell c of each site; with fill (each cell's next free entry), list
** them, in site order. */
static long long site_ix_place(fp_eval *e, const double *rad, int *count,
                               int *fill) {
  long long entries = 0;
  for (int s = 0; s < e->n_rs; s++) {
    if (!(rad[s] >= 0)) continue;
    int i0, i1, j0, j1;
    site_ix_window(e, s, rad[s], &i0, &i1, &j0, &j1);
    entries += (long long)(i1 - i0 + 1) * (j1 - j0 + 1);
    for (int j = j0; (count || fill) && j <= j1; j++)
      for (int i = i0; i <= i1; i++) {
        size_t c = (size_t)j * (size_t)e->snx + (size_t)i;
        if (count) count[c + 1]++;
        if (fill) e->sitems[fill[c]++] = s;
      }
  }
  return entries;
}

/* The index of e->rs for the flat-earth queries; none (every site
** scanned) when max_dist is not a finite positive distance. */
static int build_site_index(fp_eval *e, phs_diag *d) {
  double maxd = e->link.max_dist;
  if (e->n_rs == 0 || !(maxd > 0 && isfinite(maxd))) return PHS_OK;
  int rc = PHS_OK, n_disc = 0;
  double *rad = malloc(sizeof(double) * (size_t)e->n_rs);
  double *sorted = malloc(sizeof(double) * (size_t)e->n_rs);
  int *fill = NULL;
  e->sreach2 = malloc(sizeof(double) * (size_t)e->n_rs);
  e->sall = malloc(sizeof(int) * (size_t)e->n_rs);
  if (!rad || !sorted || !e->sreach2 || !e->sall) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto done;
  }
  double minx = HUGE_VAL, miny = HUGE_VAL, maxx = -HUGE_VAL, maxy = -HUGE_VAL;
  for (int s = 0; s < e->n_rs; s++) {
    const phs_radio_site *r = &e->rs[s];
    if (!isfinite(r->x) || !isfinite(r->y)) {
      rad[s] = -1;
      e->sreach2[s] = INFINITY;
      e->sall[e->n_sall++] = s;
      continue;
    }
    phs_site_link k;
    phs_site_link_prepare(&k, r, &e->link);
    double reach = phs_site_link_reach_m(&k, e->link.threshold_dbm, maxd, 0);
    double q = maxd; /* nothing smaller proven (or a NaN) */
    if (reach >= 1 && reach < maxd) q = reach;
    else if (reach < 1) q = 1; /* not even at 1 m, where the bound starts */
    q += SITE_IX_SPARE_M;
    rad[s] = q;
    e->sreach2[s] = q * q;
    sorted[n_disc++] = q;
    minx = fmin(minx, r->x - q), maxx = fmax(maxx, r->x + q);
    miny = fmin(miny, r->y - q), maxy = fmax(maxy, r->y + q);
  }
  if (n_disc == 0) goto done;
  qsort(sorted, (size_t)n_disc, sizeof(double), cmp_double);
  double cell = sorted[n_disc / 2], w = maxx - minx, h = maxy - miny;
  while ((floor(w / cell) + 1) * (floor(h / cell) + 1) >
         (double)SITE_IX_MAX_CELLS)
    cell *= 2;
  e->sx0 = minx;
  e->sy0 = miny;
  for (;;) {
    e->sinv = 1.0 / cell;
    e->snx = (int)floor(w / cell) + 1;
    e->sny = (int)floor(h / cell) + 1;
    if ((e->snx == 1 && e->sny == 1) ||
        site_ix_place(e, rad, NULL, NULL) <= SITE_IX_MAX_ENTRIES)
      break;
    cell *= 2;
  }
  long long entries = site_ix_place(e, rad, NULL, NULL);
  size_t n_cells = (size_t)e->snx * (size_t)e->sny;
  if (entries > INT_MAX) { /* more entries than an int counts */
    rc = phs_diag_error(d, PHS_ERUNTIME, "%d sites: too many to index",
                        e->n_rs);
    goto done;
  }
  e->scell_start = calloc(n_cells + 1, sizeof(int));
  fill = malloc(sizeof(int) * n_cells);
  e->sitems = malloc(sizeof(int) * (size_t)(entries > 0 ? entries : 1));
  if (!e->scell_start || !fill || !e->sitems) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto done;
  }
  /* Offsets: count each cell's sites, then the running sum; then fill. */
  site_ix_place(e, rad, e->scell_start, NULL);
  for (size_t c = 0; c < n_cells; c++) {
    e->scell_start[c + 1] += e->scell_start[c];
    fill[c] = e->scell_start[c];
  }
  site_ix_place(e, rad, NULL, fill);
done:
  if (rc) e->snx = e->sny = 0;
  free(rad);
  free(sorted);
  free(fill);
  return rc;
}

/* Does site s cover (x, y) on flat earth? The scan's test: within
** max_dist (r2 its square), then the link budget. */
static int site_covers(const fp_eval *e, const phs_radio_site *r, double x,
                       double y, double r2) {
  double dx = x - r->x, dy = y - r->y;
  if (dx * dx + dy * dy > r2) return 0;
  return phs_site_signal_dbm(r, &e->link, x, y, 0, NULL) >=
         e->link.threshold_dbm;
}

/* Ask site s at (x, y) unless its group is already known to cover;
** 1 when that is settled: hits NULL and s covers, or every group hit. */
static int ask_site(const fp_eval *e, int s, double x, double y, double r2,
                    unsigned char *hits, int *any, int *n_hit) {
  const phs_radio_site *r = &e->rs[s];
  if (hits && hits[r->group]) return 0;
  if (!site_covers(e, r, x, y, r2)) return 0;
  *any = 1;
  if (hits == NULL) return 1;
  hits[r->group] = 1;
  return ++*n_hit == e->n_groups;
}

/* The flat-earth answer from the index: the sites of sall, then those of
** the point's cell whose disc holds the point. */
static int flat_point_indexed(const fp_eval *e, double x, double y,
                              unsigned char *hits) {
  double r2 = e->link.max_dist * e->link.max_dist;
  int any = 0, n_hit = 0;
  for (int k = 0; k < e->n_sall; k++)
    if (ask_site(e, e->sall[k], x, y, r2, hits, &any, &n_hit)) return any;
  double tx = (x - e->sx0) * e->sinv, ty = (y - e->sy0) * e->sinv;
  if (!(tx >= 0 && tx < e->snx && ty >= 0 && ty < e->sny)) return any;
  size_t c = (size_t)(int)ty * (size_t)e->snx + (size_t)(int)tx;
  for (int k = e->scell_start[c]; k < e->scell_start[c + 1]; k++) {
    int s = e->sitems[k];
    double dx = x - e->rs[s].x, dy = y - e->rs[s].y;
    if (dx * dx + dy * dy > e->sreach2[s]) continue; /* beyond its reach */
    if (ask_site(e, s, x, y, r2, hits, &any, &n_hit)) break;
  }
  return any;
}

/* The flat-earth answer over every site. */
static int flat_point_scan(const fp_eval *e, double x, double y,
                           unsigned char *hits) {
  double r2 = e->link.max_dist * e->link.max_dist;
  int any = 0, n_hit = 0;
  for (int s = 0; s < e->n_rs; s++)
    if (ask_site(e, s, x, y, r2, hits, &any, &n_hit)) break;
  return any;
}

int fp_eval_new(const phs_dataset *ds, const fp_opts *o, phs_crs_transform *tr,
                const phs_mpoly *polys, int n_polys,
                const phs_coverage_out_opts *cov_out, fp_eval **out,
                phs_diag *d) {
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
    if (rc == PHS_OK) {
      e->to_ll_lock = malloc(sizeof(pthread_mutex_t));
      if (e->to_ll_lock == NULL || pthread_mutex_init(e->to_ll_lock, NULL)) {
        free(e->to_ll_lock);
        e->to_ll_lock = NULL;
        rc = phs_diag_error(d, PHS_ERUNTIME, "cannot create a mutex");
      }
    }
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
    if (rc == PHS_OK) rc = build_grid(e, polys, n_polys, cov_out, d);
    /* fp_eval_point's flat-earth branch: the exact budget per point. */
    if (rc == PHS_OK && !(o->have_dem && e->have_grid))
      rc = build_site_index(e, d);
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
  free(e->scell_start);
  free(e->sitems);
  free(e->sreach2);
  free(e->sall);
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
  if (e->to_ll_lock) pthread_mutex_destroy(e->to_ll_lock);
  free(e->to_ll_lock);
  for (size_t t = 0; e->mask && t < (size_t)e->ntx * (size_t)e->nty; t++)
    free(e->mask[t]);
  free(e->mask);
  free(e->n_cells);
  free(e->cov_any);
  free(e->cov_g);
  free(e);
}

const fp_stats *fp_eval_stats(const fp_eval *e) { return &e->stats; }

/* ------------------------------------------------------------ queries */

int fp_eval_has_group(const fp_eval *e, int g) {
  return e->claim_ix && g >= 0 && g < e->n_groups && e->claim_ix[g];
}

int fp_eval_cell(const fp_eval *e, double x, double y, unsigned char *hits) {
  if (!e->have_grid) return fp_eval_point(e, x, y, hits);
  if (hits) memset(hits, 0, (size_t)e->n_groups);
  /* The cell as phs_cov_grid_cell finds it on the whole grid. */
  double fi = floor((x - e->gx0) / e->res), fj = floor((e->gy0 - y) / e->res);
  if (!(fi >= 0 && fj >= 0 && fi < e->gnx && fj < e->gny)) return 0;
  int i = (int)fi, j = (int)fj;
  const unsigned char *m =
      e->mask[(size_t)(j / e->tile) * (size_t)e->ntx + (size_t)(i / e->tile)];
  if (m == NULL) return 0; /* nothing covered in that tile */
  int tnx = e->gnx - (i / e->tile) * e->tile;
  if (tnx > e->tile) tnx = e->tile;
  size_t c = (size_t)(j % e->tile) * (size_t)tnx + (size_t)(i % e->tile);
  const unsigned char *bits = m + c * (size_t)e->mask_bytes;
  int any = 0;
  for (int g = 0; g < e->n_groups; g++)
    if (bits[g / 8] & (1u << (g % 8))) {
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
  if (hits) memset(hits, 0, (size_t)e->n_groups);
  if (e->o->model == FP_CLAIMS) {
    /* The one transform of the evaluator: one thread at a time. */
    double lon = x, lat = y;
    pthread_mutex_lock(e->to_ll_lock);
    phs_crs_transform_points(e->to_ll, &lon, &lat, 1);
    pthread_mutex_unlock(e->to_ll_lock);
    return fp_eval_point_ll(e, lon, lat, x, y, hits);
  }
  if (e->o->have_dem && e->have_grid) return fp_eval_cell(e, x, y, hits);
  /* Flat earth: the exact link budget at the household's location, from
  ** the sites whose reach holds it (the site index). */
  if (e->snx > 0) return flat_point_indexed(e, x, y, hits);
  return flat_point_scan(e, x, y, hits);
}

int fp_eval_point_scan(const fp_eval *e, double x, double y,
                       unsigned char *hits) {
  if (e->circles || e->o->model == FP_CLAIMS ||
      (e->o->have_dem && e->have_grid))
    return fp_eval_point(e, x, y, hits);
  if (hits) memset(hits, 0, (size_t)e->n_groups);
  return flat_point_scan(e, x, y, hits);
}

int fp_eval_area(const fp_eval *e, int k, const phs_mpoly *poly,
                 double *frac_any, double *frac_g) {
  if (e->circles) /* exact: --cell plays no part */
    return phs_circle_set_area_fraction(e->circles, poly, frac_any, frac_g,
                                        NULL);
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
