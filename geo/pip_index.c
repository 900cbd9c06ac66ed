/*
** pip_index.c: assigns points to one polygon of a set. A uniform grid over
** the union bbox lists, per cell, the polygons whose bbox overlaps the cell,
** sorted by rank; a lookup tests them in that order (bbox reject, then the
** exact location) and returns the first that covers the point. Each polygon
** keeps its edges in horizontal bands, so a test reads only the edges whose
** y extent holds the point's y: the same answer as phs_mpoly_locate, faster.
*/
#include "geo_int.h"
#include "phs_geo.h"

#include <math.h>
#include <stdlib.h>

/* Upper bounds that keep the index's memory modest (~ 16 MB + 256 MB). */
#define MAX_CELLS (1 << 22)
#define MAX_ENTRIES (1LL << 26)
#define CELLS_PER_POLY 4

/* A polygon's edges by horizontal band: band k holds every edge (a, b),
** as vertex indices into xy, whose closed y extent meets the band. */
typedef struct {
  double y0, inv;  /* band of y = (y - y0) * inv, clamped */
  int n_bands;     /* 0 for an empty polygon */
  int *start;      /* owned: n_bands+1 offsets into edges (in pairs) */
  int *edges;      /* owned: a0, b0, a1, b1, ... */
} bands;

struct phs_pip_index {
  const phs_mpoly *polys; /* borrowed: outlive the index */
  int n;
  bands *band;       /* owned: n */
  double *bbox;      /* owned: 4 per polygon: minx, miny, maxx, maxy */
  double minx, miny, maxx, maxy; /* grid extent (union bbox) */
  int nx, ny;
  double inv_w, inv_h; /* cells per unit along x and y */
  int *cell_start;     /* owned: nx*ny+1 offsets into items */
  int *items;          /* owned: polygon positions, rank order per cell */
};

/* Sort key for the rank order: rank, then position. */
typedef struct {
  int rank, pos;
} rank_pos;

static int cmp_rank(const void *a, const void *b) {
  const rank_pos *x = a, *y = b;
  if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
  return (x->pos > y->pos) - (x->pos < y->pos);
}

static int cell_x(const phs_pip_index *ix, double x) {
  double t = (x - ix->minx) * ix->inv_w;
  if (!(t >= 0)) return 0; /* also NaN */
  if (t >= ix->nx) return ix->nx - 1;
  return (int)t;
}

static int cell_y(const phs_pip_index *ix, double y) {
  double t = (y - ix->miny) * ix->inv_h;
  if (!(t >= 0)) return 0;
  if (t >= ix->ny) return ix->ny - 1;
  return (int)t;
}

/* Choose nx, ny for about `target` cells shaped like the extent. */
static void choose_grid(phs_pip_index *ix, long long target) {
  double w = ix->maxx - ix->minx, h = ix->maxy - ix->miny;
  long long nx, ny;
  if (w <= 0 && h <= 0) {
    nx = ny = 1;
  } else if (w <= 0) {
    nx = 1;
    ny = target;
  } else if (h <= 0) {
    nx = target;
    ny = 1;
  } else {
    nx = (long long)ceil(sqrt((double)target * w / h));
    if (nx < 1) nx = 1;
    if (nx > target) nx = target;
    ny = (target + nx - 1) / nx;
    if (ny < 1) ny = 1;
  }
  ix->nx = (int)nx;
  ix->ny = (int)ny;
  ix->inv_w = w > 0 ? (double)nx / w : 0.0;
  ix->inv_h = h > 0 ? (double)ny / h : 0.0;
}

static int band_of(const bands *b, double y) {
  double t = (y - b->y0) * b->inv;
  if (!(t >= 0)) return 0;
  if (t >= b->n_bands) return b->n_bands - 1;
  return (int)t;
}

/* Build p's bands: about one per 4 edges. */
static int build_bands(bands *b, const phs_mpoly *p) {
  int nv = p->n_rings > 0 ? p->ring_start[p->n_rings] : 0;
  if (nv == 0) return PHS_OK;
  int nb = nv / 4;
  if (nb < 1) nb = 1;
  if (nb > 65536) nb = 65536;
  double h = p->maxy - p->miny;
  b->n_bands = h > 0 ? nb : 1;
  b->y0 = p->miny;
  b->inv = h > 0 ? (double)b->n_bands / h : 0.0;
  b->start = calloc((size_t)b->n_bands + 1, sizeof(int));
  if (b->start == NULL) return PHS_ERUNTIME;
  for (int pass = 0; pass < 2; pass++) {
    for (int r = 0; r < p->n_rings; r++) {
      int s = p->ring_start[r], e = p->ring_start[r + 1];
      for (int i = s; i < e; i++) {
        int a = i > s ? i - 1 : e - 1;
        double ya = p->xy[2 * a + 1], yb = p->xy[2 * i + 1];
        int k0 = band_of(b, ya < yb ? ya : yb), k1 = band_of(b, ya < yb ? yb : ya);
        for (int k = k0; k <= k1; k++) {
          if (pass == 0) {
            b->start[k + 1]++;
          } else {
            int at = b->start[k]++;
            b->edges[2 * at] = a;
            b->edges[2 * at + 1] = i;
          }
        }
      }
    }
    if (pass == 0) {
      for (int k = 0; k < b->n_bands; k++) b->start[k + 1] += b->start[k];
      b->edges = malloc(sizeof(int) * 2 * (size_t)(b->start[b->n_bands] + 1));
      if (b->edges == NULL) return PHS_ERUNTIME;
    } else { /* start[k] advanced to start[k+1]: shift back */
      for (int k = b->n_bands; k > 0; k--) b->start[k] = b->start[k - 1];
      b->start[0] = 0;
    }
  }
  return PHS_OK;
}

/*
** phs_mpoly_locate restricted to the edges of y's band (the others cannot
** touch or cross the ray): the same exact boundary test and the same
** half-open even-odd rule, so the same answer.
*/
static phs_location locate_banded(const phs_mpoly *p, const bands *b, double x,
                                  double y) {
  int k = band_of(b, y);
  const double *v = p->xy;
  int inside = 0;
  for (int q = b->start[k]; q < b->start[k + 1]; q++) {
    int ia = b->edges[2 * q], ib = b->edges[2 * q + 1];
    double ax = v[2 * ia], ay = v[2 * ia + 1], bx = v[2 * ib], by = v[2 * ib + 1];
    if (edge_on_or_cross(ax, ay, bx, by, x, y, &inside))
      return PHS_LOC_BOUNDARY;
  }
  return inside ? PHS_LOC_INSIDE : PHS_LOC_OUTSIDE;
}

phs_pip_index *phs_pip_index_new(const phs_mpoly *polys, const int *rank,
                                 int n) {
  phs_pip_index *ix = calloc(1, sizeof(*ix));
  rank_pos *order = NULL;
  int *fill = NULL;
  if (ix == NULL) goto fail;
  ix->polys = polys;
  ix->n = n < 0 ? 0 : n;
  ix->minx = ix->miny = HUGE_VAL;
  ix->maxx = ix->maxy = -HUGE_VAL;
  ix->bbox = malloc(sizeof(double) * 4 * (size_t)(ix->n ? ix->n : 1));
  ix->band = calloc((size_t)(ix->n ? ix->n : 1), sizeof(bands));
  order = malloc(sizeof(rank_pos) * (size_t)(ix->n ? ix->n : 1));
  if (ix->bbox == NULL || ix->band == NULL || order == NULL) goto fail;
  int n_used = 0;
  for (int i = 0; i < ix->n; i++) {
    const phs_mpoly *p = &polys[i];
    double *b = &ix->bbox[4 * i];
    b[0] = p->minx;
    b[1] = p->miny;
    b[2] = p->maxx;
    b[3] = p->maxy;
    if (phs_mpoly_is_empty(p) || !(p->minx <= p->maxx && p->miny <= p->maxy))
      continue;
    if (!isfinite(p->minx) || !isfinite(p->maxx) || !isfinite(p->miny) ||
        !isfinite(p->maxy))
      continue;
    if (build_bands(&ix->band[i], p) != PHS_OK) goto fail;
    order[n_used].rank = rank ? rank[i] : i;
    order[n_used].pos = i;
    n_used++;
    if (b[0] < ix->minx) ix->minx = b[0];
    if (b[1] < ix->miny) ix->miny = b[1];
    if (b[2] > ix->maxx) ix->maxx = b[2];
    if (b[3] > ix->maxy) ix->maxy = b[3];
  }
  if (n_used == 0) { /* nothing to find: every lookup returns -1 */
    ix->nx = ix->ny = 0;
    free(order);
    return ix;
  }
  qsort(order, (size_t)n_used, sizeof(*order), cmp_rank);

  long long target = (long long)n_used * CELLS_PER_POLY;
  if (target > MAX_CELLS) target = MAX_CELLS;
  long long entries;
  for (;;) {
    choose_grid(ix, target);
    entries = 0;
    for (int k = 0; k < n_used; k++) {
      const double *b = &ix->bbox[4 * order[k].pos];
      entries += (long long)(cell_x(ix, b[2]) - cell_x(ix, b[0]) + 1) *
                 (cell_y(ix, b[3]) - cell_y(ix, b[1]) + 1);
    }
    if (entries <= MAX_ENTRIES || target <= 1) break;
    target /= 2;
  }
  if (entries > MAX_ENTRIES) goto fail;

  size_t n_cells = (size_t)ix->nx * (size_t)ix->ny;
  ix->cell_start = calloc(n_cells + 1, sizeof(int));
  fill = malloc(sizeof(int) * n_cells);
  ix->items = malloc(sizeof(int) * (size_t)(entries ? entries : 1));
  if (ix->cell_start == NULL || fill == NULL || ix->items == NULL) goto fail;
  for (int k = 0; k < n_used; k++) {
    const double *b = &ix->bbox[4 * order[k].pos];
    int x0 = cell_x(ix, b[0]), x1 = cell_x(ix, b[2]);
    int y0 = cell_y(ix, b[1]), y1 = cell_y(ix, b[3]);
    for (int j = y0; j <= y1; j++)
      for (int i = x0; i <= x1; i++) ix->cell_start[(size_t)j * ix->nx + i + 1]++;
  }
  for (size_t c = 0; c < n_cells; c++) {
    ix->cell_start[c + 1] += ix->cell_start[c];
    fill[c] = ix->cell_start[c];
  }
  /* Polygons are visited in rank order, so each cell's list is sorted. */
  for (int k = 0; k < n_used; k++) {
    const double *b = &ix->bbox[4 * order[k].pos];
    int x0 = cell_x(ix, b[0]), x1 = cell_x(ix, b[2]);
    int y0 = cell_y(ix, b[1]), y1 = cell_y(ix, b[3]);
    for (int j = y0; j <= y1; j++)
      for (int i = x0; i <= x1; i++)
        ix->items[fill[(size_t)j * ix->nx + i]++] = order[k].pos;
  }
  free(fill);
  free(order);
  return ix;
fail:
  free(fill);
  free(order);
  phs_pip_index_free(ix);
  return NULL;
}

void phs_pip_index_free(phs_pip_index *ix) {
  if (ix == NULL) return;
  if (ix->band)
    for (int i = 0; i < ix->n; i++) {
      free(ix->band[i].start);
      free(ix->band[i].edges);
    }
  free(ix->band);
  free(ix->bbox);
  free(ix->cell_start);
  free(ix->items);
  free(ix);
}

int phs_pip_index_find(const phs_pip_index *ix, double x, double y) {
  if (ix->nx == 0 || !(x >= ix->minx && x <= ix->maxx && y >= ix->miny &&
                       y <= ix->maxy))
    return -1;
  size_t c = (size_t)cell_y(ix, y) * ix->nx + cell_x(ix, x);
  for (int k = ix->cell_start[c]; k < ix->cell_start[c + 1]; k++) {
    int pos = ix->items[k];
    const double *b = &ix->bbox[4 * pos];
    if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) continue;
    if (locate_banded(&ix->polys[pos], &ix->band[pos], x, y) != PHS_LOC_OUTSIDE)
      return pos;
  }
  return -1;
}
