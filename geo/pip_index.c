/*
** pip_index.c: assigns points to one polygon of a set (the rule is in
** phs_geo.h). Two structures answer a lookup:
**
** The cell tree answers almost every point with a few array reads. A root
** grid over the union bbox holds one 32-bit code per cell: a polygon (the
** answer, no edge test), none (-1), a node of 4 x 4 child cells (16 codes,
** one 64-byte cache line) and so on down, a leaf, or "exact". A cell gets
** an answer only when no edge of any polygon comes near it. A cell that
** edges cross is split while it is large next to the smallest polygon
** crossing it (small communes are where households are dense), within a
** node budget; else it becomes a leaf: its crossing polygons in rank order,
** each with the few edges that can decide a point of the cell
** (leaf_answer), and the answer for the rest of the cell. Leaves with too
** many edges stay "exact".
**
** The exact path: a coarse uniform grid lists, per cell, the polygons whose
** bbox overlaps the cell, sorted by rank; a lookup tests them in that order
** (bbox reject, then the exact location) and returns the first that covers
** the point. Each polygon keeps its edges in horizontal bands, so a test
** reads only the edges whose y extent holds the point's y: the same answer
** as phs_mpoly_locate, faster. It also computes the tree's answers.
**
** Why a tree cell's answer is the exact rule's for every point in it:
** points map to cells through one monotonic float computation
** (fine_col/fine_row; a cell is a range of fine columns and rows), so the
** points of a cell lie in a rectangle R, and every edge is rasterised
** conservatively (edge_cells): a cell is marked when the edge comes within
** a slack (TREE_SLACK of the coordinates' magnitude: far above the rounding
** of the mapping and of the edge test, far below the smallest cell) of R.
** In an unmarked cell every point is farther than that from every edge, so
** the edge test's cross products have their exact signs and no point is on
** a boundary; the even-odd parity is then the true inside/outside of each
** polygon, which cannot change inside R without crossing an edge. One
** exact lookup at the centre therefore answers the whole cell, and two
** side-by-side unmarked cells (their slack rectangles overlap) share it.
** A polygon whose stored bbox does not hold all its vertices, or with a
** non-finite vertex, would break the argument (the exact path rejects by
** bbox first): the root cells its bbox meets stay "exact".
**
** The index is never written after phs_pip_index_new returns, so any
** number of threads may look points up in it at once.
*/
#include "geo_int.h"
#include "phs_geo.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Upper bounds that keep the exact path's memory modest (~ 16 MB + 256 MB). */
#define MAX_CELLS (1 << 22)
#define MAX_ENTRIES (1LL << 26)
#define CELLS_PER_POLY 4

/* The cell tree's shape and budget. National communes in lon/lat (11,161
** polygons): 1,182 x 2,418 root cells of ~ 700 m, 135,000 nodes, 18 MB
** of leaves, 38 MB in all with the edges (docs/performance.md). */
#define ROOT_CELLS_PER_POLY 256   /* root cells per polygon ... */
#define ROOT_MAX_CELLS (1 << 22)  /* ... up to 16 MB of root codes */
#define TREE_MAX_DEPTH 5          /* node levels below the root */
#define TREE_MAX_NODES (1 << 20)  /* 64 MB of nodes */
/* A crossed cell is split while its area exceeds this fraction of the
** smallest crossing polygon's effective area (tree_build). */
#define TREE_SPLIT_AREA (1.0 / 64)
#define TREE_SLACK 1e-9     /* of |min| + |max| + extent, per axis */
#define TREE_MIN_CELL 64.0  /* the finest cell spans at least this many slacks */
#define LEAF_MAX_EDGES 64   /* a crossed cell with more stays exact */
#define DEDUP_SLOTS (1 << 14) /* recent leaves looked up for a copy */

/* Codes of the tree: >= 0 a polygon, then: */
#define CODE_NONE (-1)
#define CODE_EXACT (-2)
#define CODE_NODE0 (-3)         /* node k: CODE_NODE0 - k */
#define CODE_LEAF0 (-(1 << 30)) /* leaf at word w of leaf[]: CODE_LEAF0 - w */

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
  int nx, ny;          /* exact path's grid; 0 when no polygon is usable */
  double inv_w, inv_h; /* cells per unit along x and y */
  int *cell_start;     /* owned: nx*ny+1 offsets into items */
  int *items;          /* owned: polygon positions, rank order per cell */

  /* The cell tree; root NULL when there is none (degenerate extent). */
  int32_t *root;       /* owned: rnx * rny codes */
  int32_t *nodes;      /* owned: 16 codes per node, row-major 4 x 4 */
  int n_nodes;
  int32_t *leaf;       /* owned: leaf records (leaf_answer) */
  size_t n_leaf;       /* words */
  double *ecoord;      /* owned: ax, ay, bx, by per edge of the tree */
  int rnx, rny;        /* root grid */
  int rsh;             /* fine column >> rsh = root column (2 * depth) */
  int depth;           /* node levels below the root */
  double fin_x, fin_y; /* fine columns (rows) per unit */
  double fnx, fny;     /* fine columns and rows, as doubles */
  uint32_t fcol_max, frow_max; /* fnx - 1, fny - 1 */
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

/* nx, ny for about `target` cells shaped like a w x h extent. */
static void grid_shape(double w, double h, long long target, long long *pnx,
                       long long *pny) {
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
  *pnx = nx;
  *pny = ny;
}

/* Choose the exact path's nx, ny for about `target` cells. */
static void choose_grid(phs_pip_index *ix, long long target) {
  double w = ix->maxx - ix->minx, h = ix->maxy - ix->miny;
  long long nx, ny;
  grid_shape(w, h, target, &nx, &ny);
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

/* The exact path: the rule itself, for any point. */
static int find_exact(const phs_pip_index *ix, double x, double y) {
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

/* ------------------------------------------------------------------------
** The cell tree: lookup
*/

/* The fine column of x (monotonic in x, clamped); likewise rows. */
static inline uint32_t fine_col(const phs_pip_index *ix, double x) {
  double t = (x - ix->minx) * ix->fin_x;
  if (!(t >= 0)) return 0;
  if (t >= ix->fnx) return ix->fcol_max;
  return (uint32_t)t;
}

static inline uint32_t fine_row(const phs_pip_index *ix, double y) {
  double t = (y - ix->miny) * ix->fin_y;
  if (!(t >= 0)) return 0;
  if (t >= ix->fny) return ix->frow_max;
  return (uint32_t)t;
}

static inline int is_node(int32_t v) { return v < CODE_EXACT && v > CODE_LEAF0; }

/* The code of the tree cell holding fine cell (fx, fy) that is not a node:
** a polygon, none, a leaf or CODE_EXACT. */
static inline int32_t tree_code(const phs_pip_index *ix, uint32_t fx,
                                uint32_t fy) {
  int sh = ix->rsh;
  int32_t v = ix->root[(size_t)(fy >> sh) * (size_t)ix->rnx + (fx >> sh)];
  while (is_node(v)) {
    sh -= 2;
    v = ix->nodes[16 * (size_t)(CODE_NODE0 - v) + (((fy >> sh) & 3) << 2) +
                  ((fx >> sh) & 3)];
  }
  return v;
}

static inline const int32_t *leaf_of(const phs_pip_index *ix, int32_t v) {
  return ix->leaf + ((int64_t)CODE_LEAF0 - v);
}

/*
** A leaf: the polygons whose edges come near the cell, in rank order, each
** with every one of its edges that could touch or cross the ray of a
** point of the cell: those whose y extent meets the cell's rows, less
** those wholly left of the cell; then the answer for points none of them
** covers (the lowest-ranked polygon holding the whole cell, or none).
** The edges left out do nothing in phs_mpoly_locate for such a point (its
** y is outside their extent, or they are left of it by more than the
** slack, where the edge test's signs are exact), so testing the listed
** ones with edge_on_or_cross gives phs_mpoly_locate's answer, boundary
** included. Words:
**   background, number of polygons, then per polygon:
**   position, n_edges << 1 | check_bbox, then n_edges edges (into ecoord)
*/
static int leaf_answer(const phs_pip_index *ix, const int32_t *leaf, double x,
                       double y) {
  int n = leaf[1];
  const int32_t *q = leaf + 2;
  for (int i = 0; i < n; i++) {
    int pos = q[0];
    uint32_t head = (uint32_t)q[1];
    int ne = (int)(head >> 1);
    q += 2;
    const double *b = &ix->bbox[4 * pos];
    if (!(head & 1) || (x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3])) {
      int f = 0;
      for (int j = 0; j < ne; j++) {
        const double *e = &ix->ecoord[4 * (size_t)q[j]];
        if (edge_on_or_cross(e[0], e[1], e[2], e[3], x, y, &f)) return pos;
      }
      if (f) return pos;
    }
    q += ne;
  }
  return leaf[0];
}

int phs_pip_index_find(const phs_pip_index *ix, double x, double y) {
  if (ix->nx == 0 || !(x >= ix->minx && x <= ix->maxx && y >= ix->miny &&
                       y <= ix->maxy))
    return -1;
  if (ix->root) {
    int32_t v = tree_code(ix, fine_col(ix, x), fine_row(ix, y));
    if (v >= CODE_NONE) return v;
    if (v <= CODE_LEAF0) return leaf_answer(ix, leaf_of(ix, v), x, y);
  }
  return find_exact(ix, x, y);
}

/*
** Batches: lookups interleaved G at a time (asynchronous memory access
** chaining). Each slot holds one point's walk; a step reads the word its
** previous step prefetched, prefetches the next one and moves on to the
** next slot, so about G cache misses of random points are in flight at
** once instead of one. A slot whose point is answered takes the next.
*/
typedef struct {
  const int32_t *at; /* the word to read next */
  size_t i;          /* the point */
  uint32_t fx, fy;
  int sh, step;      /* step: 0 a code, 1 a leaf's words, 2 its edges, -1 free */
} walk;

/* One step of slot w; returns 1 when its point got its answer. */
static int walk_step(const phs_pip_index *ix, walk *w, const double *x,
                     const double *y, int *out) {
  if (w->step == 0) {
    int32_t v = *w->at;
    if (is_node(v)) {
      w->sh -= 2;
      w->at = &ix->nodes[16 * (size_t)(CODE_NODE0 - v) + (((w->fy >> w->sh) & 3) << 2) +
                         ((w->fx >> w->sh) & 3)];
      __builtin_prefetch(w->at);
      return 0;
    }
    if (v <= CODE_LEAF0) {
      w->at = leaf_of(ix, v);
      __builtin_prefetch(w->at);
      w->step = 1;
      return 0;
    }
    out[w->i] = v >= CODE_NONE ? v : find_exact(ix, x[w->i], y[w->i]);
    return 1;
  }
  if (w->step == 1) {
    const int32_t *q = w->at + 2;
    for (int i = 0, left = 8; i < w->at[1] && left > 0; i++) {
      int ne = (int)((uint32_t)q[1] >> 1);
      for (int j = 0; j < ne && left > 0; j++, left--)
        __builtin_prefetch(&ix->ecoord[4 * (size_t)q[2 + j]]);
      q += 2 + ne;
    }
    w->step = 2;
    return 0;
  }
  out[w->i] = leaf_answer(ix, w->at, x[w->i], y[w->i]);
  return 1;
}

/* Start point i in w, or answer it when it is outside the union bbox. */
static int walk_start(const phs_pip_index *ix, walk *w, size_t i, double x,
                      double y, int *out) {
  if (!(x >= ix->minx && x <= ix->maxx && y >= ix->miny && y <= ix->maxy)) {
    out[i] = -1;
    return 0;
  }
  w->i = i;
  w->fx = fine_col(ix, x);
  w->fy = fine_row(ix, y);
  w->sh = ix->rsh;
  w->at = &ix->root[(size_t)(w->fy >> w->sh) * (size_t)ix->rnx + (w->fx >> w->sh)];
  __builtin_prefetch(w->at);
  w->step = 0;
  return 1;
}

void phs_pip_index_find_many(const phs_pip_index *ix, size_t n,
                             const double *x, const double *y, int *out) {
  enum { G = 16 };
  if (ix->root == NULL) {
    for (size_t i = 0; i < n; i++) out[i] = phs_pip_index_find(ix, x[i], y[i]);
    return;
  }
  walk s[G];
  size_t next = 0;
  int live = 0;
  for (int k = 0; k < G; k++) {
    s[k].step = -1;
    while (next < n && s[k].step < 0)
      live += walk_start(ix, &s[k], next, x[next], y[next], out), next++;
  }
  while (live > 0)
    for (int k = 0; k < G; k++) {
      walk *w = &s[k];
      if (w->step < 0 || !walk_step(ix, w, x, y, out)) continue;
      w->step = -1;
      live--;
      while (next < n && w->step < 0)
        live += walk_start(ix, w, next, x[next], y[next], out), next++;
    }
}

/* ------------------------------------------------------------------------
** The cell tree: construction
*/

/* A crossed cell waiting to be split or made a leaf: its cell at its
** level, where its code goes (root cell r: -1 - r; else node * 16 +
** child), its edges (e0 .. e0 + ne in the level's edge list), and the
** answer where none of its edges' polygons covers (bg). */
typedef struct {
  uint32_t cx, cy;
  int32_t slot;
  int32_t bg;
  int e0, ne;
  double split; /* cell area / smallest crossing polygon's effective area */
} pending;

typedef struct {
  phs_pip_index *ix;
  int *epoly;        /* per edge of the tree (ecoord): its polygon */
  int n_edges;
  int *ebase;        /* per polygon: tree edge of its vertex 0 */
  int *rank_of;      /* per polygon: place in rank order */
  double *area;      /* per polygon: effective area (tree_build) */
  double sx, sy;     /* slack along x and y */
  pending *pend, *next;       /* this level's crossed cells, the next's */
  int n_pend, n_next, cap_next;
  int *pe, *ne;               /* their edge lists */
  int n_ne, cap_ne;
  int *tmp;                   /* scratch: one cell's edges */
  int cap_tmp;
  size_t cap_leaf;
  uint64_t *hash;             /* DEDUP_SLOTS: hash tag | leaf word + 1 */
} tree_ctx;

static int32_t *slot_ptr(phs_pip_index *ix, int32_t slot) {
  return slot < 0 ? &ix->root[-1 - (long)slot] : &ix->nodes[slot];
}

/* x of the left side of fine column c (any c up to fnx); likewise y. */
static double col_x(const phs_pip_index *ix, double c) {
  return ix->minx + c / ix->fin_x;
}
static double row_y(const phs_pip_index *ix, double r) {
  return ix->miny + r / ix->fin_y;
}

/* The centre of cell (cx, cy) of 2^sh fine cells (a point of the cell). */
static void cell_centre(const phs_pip_index *ix, uint32_t cx, uint32_t cy,
                        int sh, double *x, double *y) {
  double m = (double)(1u << sh);
  *x = col_x(ix, (double)cx * m + 0.5 * m);
  *y = row_y(ix, (double)cy * m + 0.5 * m);
}

/* The exact rule at the centre of cell (cx, cy) of 2^sh fine cells. */
static int32_t cell_answer(const phs_pip_index *ix, uint32_t cx, uint32_t cy,
                           int sh) {
  double x, y;
  cell_centre(ix, cx, cy, sh, &x, &y);
  return find_exact(ix, x, y);
}

/* Does polygon pos cover (x, y) by the exact rule (bbox, then location)? */
static int covers(const phs_pip_index *ix, int pos, double x, double y) {
  const double *b = &ix->bbox[4 * pos];
  if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) return 0;
  return locate_banded(&ix->polys[pos], &ix->band[pos], x, y) != PHS_LOC_OUTSIDE;
}

/* Of a and b (polygons or -1), the one the rule prefers. */
static int32_t better(const tree_ctx *t, int32_t a, int32_t b) {
  if (a < 0) return b;
  if (b < 0) return a;
  return t->rank_of[b] < t->rank_of[a] ? b : a;
}

/* The exact rule at (x, y) among the polygons none of whose edges is in
** list[0..n): a crossed cell's background, from its centre. */
static int32_t background_at(const tree_ctx *t, const int *list, int n, double x,
                             double y) {
  const phs_pip_index *ix = t->ix;
  size_t c = (size_t)cell_y(ix, y) * ix->nx + cell_x(ix, x);
  for (int k = ix->cell_start[c]; k < ix->cell_start[c + 1]; k++) {
    int pos = ix->items[k], near = 0;
    for (int i = 0; i < n && !near; i++) near = t->epoly[list[i]] == pos;
    if (!near && covers(ix, pos, x, y)) return pos;
  }
  return -1;
}

/*
** The cells of 2^sh fine cells, within columns [c_lo, c_hi] and rows
** [r_lo, r_hi], that the edge comes within the slack of (a superset): for
** each column, the y range of the edge over the column's x range widened
** by the slack, plus the rounding of that computation. emit() gets each
** column's row range.
*/
typedef void (*emit_fn)(void *arg, uint32_t c, uint32_t r0, uint32_t r1);

static void edge_cells(const tree_ctx *t, int edge, int sh, uint32_t c_lo,
                       uint32_t c_hi, uint32_t r_lo, uint32_t r_hi, emit_fn emit,
                       void *arg) {
  const phs_pip_index *ix = t->ix;
  const double *e = &ix->ecoord[4 * (size_t)edge];
  double ax = e[0], ay = e[1], bx = e[2], by = e[3];
  double exlo = ax < bx ? ax : bx, exhi = ax < bx ? bx : ax;
  double eylo = ay < by ? ay : by, eyhi = ay < by ? by : ay;
  uint32_t c0 = fine_col(ix, exlo - t->sx) >> sh, c1 = fine_col(ix, exhi + t->sx) >> sh;
  if (c0 < c_lo) c0 = c_lo;
  if (c1 > c_hi) c1 = c_hi;
  double dx = bx - ax, dy = by - ay;
  /* Rounding of ay + f * dy, f = (x - ax) / dx, beyond the slack. */
  const double eps = 2.220446049250313e-16;
  double err_fixed = 4 * eps * (fabs(ay) + fabs(dy));
  for (uint32_t c = c0; c <= c1; c++) {
    double ylo = eylo, yhi = eyhi;
    if (dx != 0) {
      double xa = col_x(ix, (double)c * (double)(1u << sh)) - t->sx;
      double xb = col_x(ix, (double)(c + 1) * (double)(1u << sh)) + t->sx;
      if (xa < exlo) xa = exlo;
      if (xb > exhi) xb = exhi;
      if (xa <= xb) {
        double fa = (xa - ax) / dx, fb = (xb - ax) / dx;
        fa = fa < 0 ? 0 : fa > 1 ? 1 : fa;
        fb = fb < 0 ? 0 : fb > 1 ? 1 : fb;
        double ya = ay + fa * dy, yb = ay + fb * dy;
        double err = err_fixed + 4 * eps * (fabs(xa) + fabs(xb) + 2 * fabs(ax)) /
                                     fabs(dx) * fabs(dy);
        double lo = (ya < yb ? ya : yb) - err, hi = (ya < yb ? yb : ya) + err;
        if (lo > ylo) ylo = lo;
        if (hi < yhi) yhi = hi;
        if (!(ylo <= yhi)) { /* cannot happen; stay safe */
          ylo = eylo;
          yhi = eyhi;
        }
      }
    }
    uint32_t r0 = fine_row(ix, ylo - t->sy) >> sh, r1 = fine_row(ix, yhi + t->sy) >> sh;
    if (r0 < r_lo) r0 = r_lo;
    if (r1 > r_hi) r1 = r_hi;
    if (r0 <= r1) emit(arg, c, r0, r1);
  }
}

/* Root rasterisation: count (pass 0) or list (pass 1) per root cell. */
typedef struct {
  int pass, edge, rnx;
  int *start, *items;
} root_sink;

static void root_emit(void *arg, uint32_t c, uint32_t r0, uint32_t r1) {
  root_sink *s = arg;
  for (uint32_t r = r0; r <= r1; r++) {
    size_t cell = (size_t)r * (size_t)s->rnx + c;
    if (s->pass == 0)
      s->start[cell + 1]++;
    else
      s->items[s->start[cell]++] = s->edge;
  }
}

/* Child rasterisation: the 4 x 4 children met, as a bit mask. */
typedef struct {
  uint32_t c_lo, r_lo;
  unsigned mask;
} child_sink;

static void child_emit(void *arg, uint32_t c, uint32_t r0, uint32_t r1) {
  child_sink *s = arg;
  for (uint32_t r = r0; r <= r1; r++)
    s->mask |= 1u << (((r - s->r_lo) << 2) + (c - s->c_lo));
}

static int push_pending(tree_ctx *t, uint32_t cx, uint32_t cy, int32_t slot,
                        int32_t bg, int e0, int ne) {
  if (t->n_next == t->cap_next) {
    int cap = t->cap_next ? 2 * t->cap_next : 1024;
    pending *p = realloc(t->next, sizeof(pending) * (size_t)cap);
    if (p == NULL) return PHS_ERUNTIME;
    t->next = p;
    t->cap_next = cap;
  }
  t->next[t->n_next++] = (pending){cx, cy, slot, bg, e0, ne, 0.0};
  return PHS_OK;
}

static int push_edge(tree_ctx *t, int e) {
  if (t->n_ne == t->cap_ne) {
    if (t->cap_ne > INT32_MAX / 2) return PHS_ERUNTIME;
    int cap = t->cap_ne ? 2 * t->cap_ne : 4096;
    int *p = realloc(t->ne, sizeof(int) * (size_t)cap);
    if (p == NULL) return PHS_ERUNTIME;
    t->ne = p;
    t->cap_ne = cap;
  }
  t->ne[t->n_ne++] = e;
  return PHS_OK;
}

static int grow(void **p, int *cap, int need, size_t size) {
  if (need <= *cap) return PHS_OK;
  int c = *cap ? *cap : 64;
  while (c < need) c *= 2;
  void *q = realloc(*p, size * (size_t)c);
  if (q == NULL) return PHS_ERUNTIME;
  *p = q;
  *cap = c;
  return PHS_OK;
}

/* The distinct polygons of p's edges, into list (at most 16; more: -1). */
static int cell_polys(const tree_ctx *t, const pending *p, int *list) {
  int n = 0;
  for (int i = 0; i < p->ne; i++) {
    int poly = t->epoly[t->pe[p->e0 + i]], seen = 0;
    for (int j = 0; j < n && !seen; j++) seen = list[j] == poly;
    if (seen) continue;
    if (n == 16) return -1;
    list[n++] = poly;
  }
  return n;
}

/*
** Split crossed cell p of level `level` into node `node`. Children met by
** no edge get their answer: p's background or a polygon crossing p that
** covers the child's centre (one test per 4-connected group of children);
** the others wait in the next level's list with their background.
*/
static int split_cell(tree_ctx *t, const pending *p, int level, int node) {
  phs_pip_index *ix = t->ix;
  int sh = 2 * (ix->depth - level - 1); /* the children's shift */
  child_sink s = {p->cx * 4, p->cy * 4, 0};
  if (grow((void **)&t->tmp, &t->cap_tmp, p->ne, sizeof(int))) return PHS_ERUNTIME;
  int polys[16], np = cell_polys(t, p, polys);
  unsigned crossed = 0;
  for (int i = 0; i < p->ne; i++) {
    s.mask = 0;
    edge_cells(t, t->pe[p->e0 + i], sh, s.c_lo, s.c_lo + 3, s.r_lo, s.r_lo + 3,
               child_emit, &s);
    t->tmp[i] = (int)s.mask;
    crossed |= s.mask;
  }
  unsigned near_mask[16] = {0}; /* per polygon of polys: children it is near */
  for (int i = 0; i < p->ne && np > 0; i++)
    for (int j = 0; j < np; j++)
      if (t->epoly[t->pe[p->e0 + i]] == polys[j]) near_mask[j] |= (unsigned)t->tmp[i];
  int32_t *code = &ix->nodes[16 * (size_t)node];
  unsigned done = crossed;
  for (int k = 0; k < 16; k++) {
    uint32_t cx = s.c_lo + (uint32_t)(k & 3), cy = s.r_lo + (uint32_t)(k >> 2);
    double x, y;
    cell_centre(ix, cx, cy, sh, &x, &y);
    if (crossed >> k & 1) {
      /* Background: p's, or a polygon crossing p but not this child. */
      int32_t bg = p->bg;
      for (int j = 0; j < np; j++)
        if (!(near_mask[j] >> k & 1) && covers(ix, polys[j], x, y))
          bg = better(t, bg, polys[j]);
      int e0 = t->n_ne;
      for (int i = 0; i < p->ne; i++)
        if (t->tmp[i] >> k & 1)
          if (push_edge(t, t->pe[p->e0 + i])) return PHS_ERUNTIME;
      if (np < 0) bg = background_at(t, t->ne + e0, t->n_ne - e0, x, y);
      if (push_pending(t, cx, cy, node * 16 + k, bg, e0, t->n_ne - e0))
        return PHS_ERUNTIME;
      code[k] = CODE_EXACT; /* until split or made a leaf */
      continue;
    }
    if (done >> k & 1) continue;
    int32_t v;
    if (np < 0) {
      v = find_exact(ix, x, y);
    } else {
      v = p->bg;
      for (int j = 0; j < np; j++)
        if (covers(ix, polys[j], x, y)) v = better(t, v, polys[j]);
    }
    int stack[16], n = 0;
    stack[n++] = k;
    done |= 1u << k;
    while (n > 0) {
      int q = stack[--n];
      code[q] = v;
      int nb[4] = {(q & 3) > 0 ? q - 1 : -1, (q & 3) < 3 ? q + 1 : -1,
                   q >= 4 ? q - 4 : -1, q < 12 ? q + 4 : -1};
      for (int j = 0; j < 4; j++)
        if (nb[j] >= 0 && !(done >> nb[j] & 1)) {
          done |= 1u << nb[j];
          stack[n++] = nb[j];
        }
    }
  }
  return PHS_OK;
}

static int leaf_put(tree_ctx *t, int32_t w) {
  phs_pip_index *ix = t->ix;
  if (ix->n_leaf == t->cap_leaf) {
    size_t cap = t->cap_leaf ? 2 * t->cap_leaf : 65536;
    if (cap > (size_t)1 << 30) return PHS_ERUNTIME;
    int32_t *l = realloc(ix->leaf, sizeof(int32_t) * cap);
    if (l == NULL) return PHS_ERUNTIME;
    ix->leaf = l;
    t->cap_leaf = cap;
  }
  ix->leaf[ix->n_leaf++] = w;
  return PHS_OK;
}

/* Words of the leaf at word w. */
static size_t leaf_len(const int32_t *leaf, size_t w) {
  size_t end = w + 2;
  for (int i = 0; i < leaf[w + 1]; i++) end += 2 + ((uint32_t)leaf[end + 1] >> 1);
  return end - w;
}

static uint64_t leaf_hash(const int32_t *l, size_t len) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < len; i++) h = (h ^ (uint32_t)l[i]) * 1099511628211ULL;
  return h ^ (h >> 29);
}

/* The word of a leaf equal to the one just written at `start`, if one of
** the recent leaves with its hash is (a direct-mapped table: neighbouring
** cells along the same edges are what repeats), else start, which then
** takes the table's slot. */
static size_t leaf_dedup(tree_ctx *t, size_t start) {
  const int32_t *leaf = t->ix->leaf;
  size_t len = t->ix->n_leaf - start;
  uint64_t h = leaf_hash(leaf + start, len);
  uint64_t *slot = &t->hash[h & (DEDUP_SLOTS - 1)];
  uint64_t tag = h & ~(uint64_t)0xffffffff;
  if (*slot != 0 && (*slot & ~(uint64_t)0xffffffff) == tag) {
    size_t w = (size_t)(*slot & 0xffffffff) - 1;
    if (leaf_len(leaf, w) == len && !memcmp(leaf + w, leaf + start, len * sizeof(int32_t)))
      return w;
  }
  *slot = tag | (uint64_t)(start + 1);
  return start;
}

/*
** Give crossed cell p (of 2^sh fine cells) its final code: a leaf (see
** leaf_answer), its background when none of its crossing polygons ranks
** before it, or CODE_EXACT when the leaf would hold more than
** LEAF_MAX_EDGES edges. Returns PHS_ERUNTIME only when out of memory.
*/
static int make_leaf(tree_ctx *t, const pending *p, int sh) {
  phs_pip_index *ix = t->ix;
  int32_t *slot = slot_ptr(ix, p->slot);
  *slot = CODE_EXACT;
  if (grow((void **)&t->tmp, &t->cap_tmp, p->ne, sizeof(int))) return PHS_ERUNTIME;
  /* The crossing polygons by rank (insertion sort: lists are short). */
  int n = 0;
  for (int i = 0; i < p->ne; i++) {
    int pos = t->epoly[t->pe[p->e0 + i]], j = n, seen = 0;
    for (int q = 0; q < n && !seen; q++) seen = t->tmp[q] == pos;
    if (seen) continue;
    while (j > 0 && t->rank_of[t->tmp[j - 1]] > t->rank_of[pos]) {
      t->tmp[j] = t->tmp[j - 1];
      j--;
    }
    t->tmp[j] = pos;
    n++;
  }
  /* The cell's rectangle, widened by the slack. */
  double m = (double)(1u << sh);
  double x0 = col_x(ix, (double)p->cx * m) - t->sx, x1 = col_x(ix, (double)(p->cx + 1) * m) + t->sx;
  double y0 = row_y(ix, (double)p->cy * m) - t->sy, y1 = row_y(ix, (double)(p->cy + 1) * m) + t->sy;
  size_t start = ix->n_leaf;
  int n_entries = 0, n_edges = 0;
  if (leaf_put(t, p->bg) || leaf_put(t, 0)) return PHS_ERUNTIME;
  for (int i = 0; i < n; i++) {
    int pos = t->tmp[i];
    if (p->bg >= 0 && t->rank_of[p->bg] < t->rank_of[pos]) break;
    const double *bb = &ix->bbox[4 * pos];
    if (x1 < bb[0] || x0 > bb[2] || y1 < bb[1] || y0 > bb[3]) continue; /* covers none */
    int check = !(x0 >= bb[0] && x1 <= bb[2] && y0 >= bb[1] && y1 <= bb[3]);
    size_t head = ix->n_leaf;
    if (leaf_put(t, pos) || leaf_put(t, 0)) return PHS_ERUNTIME;
    /* Its edges meeting rows y0..y1 and not wholly left of x0, from the
    ** bands over those rows (an edge once: in its lowest band there). */
    const bands *b = &ix->band[pos];
    int k0 = band_of(b, y0), k1 = band_of(b, y1), ne = 0;
    for (int k = k0; k <= k1; k++)
      for (int q = b->start[k]; q < b->start[k + 1]; q++) {
        int e = t->ebase[pos] + b->edges[2 * q + 1];
        const double *c = &ix->ecoord[4 * (size_t)e];
        if ((c[1] < y0 && c[3] < y0) || (c[1] > y1 && c[3] > y1) ||
            (c[0] < x0 && c[2] < x0))
          continue;
        if (k > k0 && band_of(b, c[1] < c[3] ? c[1] : c[3]) < k) continue; /* listed already */
        if (++n_edges > LEAF_MAX_EDGES) {
          ix->n_leaf = start;
          return PHS_OK;
        }
        if (leaf_put(t, e)) return PHS_ERUNTIME;
        ne++;
      }
    ix->leaf[head + 1] = (int32_t)((uint32_t)ne << 1 | (uint32_t)check);
    n_entries++;
  }
  if (n_entries == 0) {
    ix->n_leaf = start;
    *slot = p->bg;
    return PHS_OK;
  }
  ix->leaf[start + 1] = n_entries;
  /* Cells along the same edges often get the same words: keep one copy. */
  size_t found = leaf_dedup(t, start);
  if (found != start) ix->n_leaf = start;
  *slot = (int32_t)((int64_t)CODE_LEAF0 - (int64_t)found);
  return PHS_OK;
}

/* Is p's stored bbox a true bbox of finite vertices? (See the top.) */
static int poly_regular(const phs_mpoly *p) {
  int nv = p->ring_start[p->n_rings];
  for (int i = 0; i < nv; i++) {
    double x = p->xy[2 * i], y = p->xy[2 * i + 1];
    if (!(x >= p->minx && x <= p->maxx && y >= p->miny && y <= p->maxy))
      return 0; /* also NaN */
  }
  return 1;
}

/* Move a large array to 2 MB-aligned memory the kernel may back with huge
** pages: fewer TLB misses for random lookups. Keeps it where it is when
** that fails. */
static void *huge_copy(void *p, size_t bytes) {
#if defined(MADV_HUGEPAGE)
  size_t huge = (size_t)2 << 20;
  if (p == NULL || bytes < huge) return p;
  size_t len = (bytes + huge - 1) & ~(huge - 1);
  void *q = NULL;
  if (posix_memalign(&q, huge, len) != 0) return p;
  madvise(q, len, MADV_HUGEPAGE);
  memcpy(q, p, bytes);
  free(p);
  return q;
#else
  (void)bytes;
  return p;
#endif
}

/*
** Build the tree over the usable polygons (order[0..n_used)). Leaves
** ix->root NULL (every lookup exact) when the extent is too thin for cells
** well above the slack. Returns PHS_OK or PHS_ERUNTIME (out of memory).
*/
static int tree_build(phs_pip_index *ix, const rank_pos *order, int n_used) {
  tree_ctx t;
  memset(&t, 0, sizeof(t));
  t.ix = ix;
  int rc = PHS_ERUNTIME;
  int *rstart = NULL, *ritems = NULL;
  unsigned char *forced = NULL;
  double w = ix->maxx - ix->minx, h = ix->maxy - ix->miny;
  t.sx = TREE_SLACK * (fabs(ix->minx) + fabs(ix->maxx) + w);
  t.sy = TREE_SLACK * (fabs(ix->miny) + fabs(ix->maxy) + h);
  if (!(w > 0 && h > 0 && t.sx > 0 && t.sy > 0)) return PHS_OK;

  long long target = (long long)n_used * ROOT_CELLS_PER_POLY, rnx, rny;
  if (target > ROOT_MAX_CELLS) target = ROOT_MAX_CELLS;
  grid_shape(w, h, target, &rnx, &rny);
  if (w / (double)rnx < TREE_MIN_CELL * t.sx || h / (double)rny < TREE_MIN_CELL * t.sy)
    return PHS_OK;
  int depth = 0;
  while (depth < TREE_MAX_DEPTH &&
         w / (double)(rnx << (2 * depth + 2)) >= TREE_MIN_CELL * t.sx &&
         h / (double)(rny << (2 * depth + 2)) >= TREE_MIN_CELL * t.sy)
    depth++;
  ix->rnx = (int)rnx;
  ix->rny = (int)rny;
  ix->depth = depth;
  ix->rsh = 2 * depth;
  ix->fnx = (double)(rnx << ix->rsh);
  ix->fny = (double)(rny << ix->rsh);
  ix->fcol_max = (uint32_t)((rnx << ix->rsh) - 1);
  ix->frow_max = (uint32_t)((rny << ix->rsh) - 1);
  ix->fin_x = ix->fnx / w;
  ix->fin_y = ix->fny / h;
  size_t n_root = (size_t)rnx * (size_t)rny;

  /* Edges of the regular polygons; the others force their bbox exact. */
  long long n_edges = 0;
  for (int k = 0; k < n_used; k++) {
    const phs_mpoly *p = &ix->polys[order[k].pos];
    n_edges += p->ring_start[p->n_rings];
  }
  if (n_edges >= (1 << 29)) { /* beyond the leaves' edge numbers: exact only */
    ix->rnx = ix->rny = 0;
    return PHS_OK;
  }
  size_t np = (size_t)ix->n + 1;
  t.epoly = malloc(sizeof(int) * (size_t)(n_edges + 1));
  ix->ecoord = malloc(sizeof(double) * 4 * (size_t)(n_edges + 1));
  t.area = malloc(sizeof(double) * np);
  t.ebase = malloc(sizeof(int) * np);
  t.rank_of = malloc(sizeof(int) * np);
  t.hash = calloc(DEDUP_SLOTS, sizeof(uint64_t));
  forced = calloc(n_root, 1);
  ix->root = malloc(sizeof(int32_t) * n_root);
  rstart = calloc(n_root + 1, sizeof(int));
  if (!t.epoly || !ix->ecoord || !t.area || !t.ebase || !t.rank_of || !t.hash ||
      !forced || !ix->root || !rstart)
    goto done;
  for (int k = 0; k < n_used; k++) {
    int pos = order[k].pos;
    const phs_mpoly *p = &ix->polys[pos];
    t.rank_of[pos] = k;
    t.area[pos] = fabs(phs_mpoly_planar_area(p)); /* made "effective" below */
    t.ebase[pos] = t.n_edges;
    if (!poly_regular(p)) {
      uint32_t c0 = fine_col(ix, p->minx - t.sx) >> ix->rsh,
               c1 = fine_col(ix, p->maxx + t.sx) >> ix->rsh;
      uint32_t r0 = fine_row(ix, p->miny - t.sy) >> ix->rsh,
               r1 = fine_row(ix, p->maxy + t.sy) >> ix->rsh;
      for (uint32_t r = r0; r <= r1; r++)
        for (uint32_t c = c0; c <= c1; c++) forced[(size_t)r * (size_t)rnx + c] = 1;
      continue;
    }
    for (int r = 0; r < p->n_rings; r++) {
      int s = p->ring_start[r], e = p->ring_start[r + 1];
      for (int i = s; i < e; i++) {
        int a = i > s ? i - 1 : e - 1;
        double *c = &ix->ecoord[4 * (size_t)t.n_edges];
        c[0] = p->xy[2 * a];
        c[1] = p->xy[2 * a + 1];
        c[2] = p->xy[2 * i];
        c[3] = p->xy[2 * i + 1];
        t.epoly[t.n_edges++] = pos;
      }
    }
  }

  /* A polygon's effective area, for the split ratio: its area, or that of
  ** a square of a 16th of its perimeter when larger, so slivers and strips
  ** (few points, no interior to speak of) do not draw the node budget. */
  for (int e = 0, k = 0; k < n_used; k++) {
    int pos = order[k].pos, end = k + 1 < n_used ? t.ebase[order[k + 1].pos] : t.n_edges;
    double perimeter = 0;
    for (; e < end; e++) {
      const double *c = &ix->ecoord[4 * (size_t)e];
      perimeter += hypot(c[2] - c[0], c[3] - c[1]);
    }
    t.area[pos] = fmax(t.area[pos], perimeter * perimeter / 256);
  }

  /* Root cells' edge lists (two passes: count, then fill). */
  root_sink rs = {0, 0, (int)rnx, rstart, NULL};
  for (int e = 0; e < t.n_edges; e++) {
    rs.edge = e;
    edge_cells(&t, e, ix->rsh, 0, (uint32_t)rnx - 1, 0, (uint32_t)rny - 1,
               root_emit, &rs);
  }
  for (size_t c = 0; c < n_root; c++) {
    if (rstart[c + 1] > INT32_MAX - rstart[c]) goto done;
    rstart[c + 1] += rstart[c];
  }
  ritems = malloc(sizeof(int) * (size_t)(rstart[n_root] + 1));
  if (ritems == NULL) goto done;
  rs.pass = 1;
  rs.items = ritems;
  for (int e = 0; e < t.n_edges; e++) {
    rs.edge = e;
    edge_cells(&t, e, ix->rsh, 0, (uint32_t)rnx - 1, 0, (uint32_t)rny - 1,
               root_emit, &rs);
  }
  for (size_t c = n_root; c > 0; c--) rstart[c] = rstart[c - 1];
  rstart[0] = 0;
  t.pe = ritems; /* level 0's edge lists */
  ritems = NULL;

  /* Root codes: crossed cells wait, with their background; clean ones
  ** take the answer of their left or upper clean neighbour, else one
  ** exact lookup. */
  for (uint32_t r = 0; r < (uint32_t)rny; r++)
    for (uint32_t c = 0; c < (uint32_t)rnx; c++) {
      size_t cell = (size_t)r * (size_t)rnx + c;
      int crossed = rstart[cell + 1] > rstart[cell];
      if (forced[cell]) {
        ix->root[cell] = CODE_EXACT;
      } else if (crossed) {
        ix->root[cell] = CODE_EXACT;
        if (push_pending(&t, c, r, (int32_t)(-1 - (long)cell), -1, rstart[cell],
                         rstart[cell + 1] - rstart[cell]))
          goto done;
        double x, y;
        cell_centre(ix, c, r, ix->rsh, &x, &y);
        t.next[t.n_next - 1].bg =
            background_at(&t, t.pe + rstart[cell], rstart[cell + 1] - rstart[cell], x, y);
      } else if (c > 0 && !forced[cell - 1] && rstart[cell] == rstart[cell - 1]) {
        ix->root[cell] = ix->root[cell - 1];
      } else if (r > 0 && !forced[cell - (size_t)rnx] &&
                 rstart[cell - (size_t)rnx + 1] == rstart[cell - (size_t)rnx]) {
        ix->root[cell] = ix->root[cell - (size_t)rnx];
      } else {
        ix->root[cell] = cell_answer(ix, c, r, ix->rsh);
      }
    }
  free(forced);
  forced = NULL;
  free(rstart);
  rstart = NULL;

  /* Level by level: split the crossed cells that are large next to the
  ** smallest polygon crossing them, largest ratio first within the node
  ** budget; make the others leaves. */
  double cell_area = (w / (double)rnx) * (h / (double)rny);
  for (int level = 0; t.n_next > 0; level++) {
    free(t.pend);
    t.pend = t.next;
    t.n_pend = t.n_next;
    t.next = NULL;
    t.n_next = t.cap_next = 0;
    if (level > 0) {
      free(t.pe);
      t.pe = t.ne;
      t.ne = NULL;
      t.n_ne = t.cap_ne = 0;
    }
    /* Ratios, and the smallest power of 2 above which the budget holds
    ** every cell (a histogram of exponents, not a sort). */
    long hist[2100] = {0};
    for (int i = 0; i < t.n_pend; i++) {
      pending *p = &t.pend[i];
      double amin = HUGE_VAL;
      for (int q = 0; q < p->ne; q++) {
        double a = t.area[t.epoly[t.pe[p->e0 + q]]];
        if (a < amin) amin = a;
      }
      p->split = level < depth ? (amin > 0 ? cell_area / amin : 1e300) : 0.0;
      if (p->split > TREE_SPLIT_AREA) {
        int ex;
        frexp(p->split, &ex);
        hist[ex + 1074 < 0 ? 0 : ex + 1074 > 2099 ? 2099 : ex + 1074]++;
      }
    }
    long budget = TREE_MAX_NODES - ix->n_nodes, above = 0;
    double cut = TREE_SPLIT_AREA;
    for (int b = 2099; b >= 0; b--) {
      if (above + hist[b] > budget) {
        cut = fmax(cut, ldexp(1.0, b - 1074)); /* splits > cut only */
        break;
      }
      above += hist[b];
    }
    if (above > 0) {
      int32_t *nodes = realloc(ix->nodes, sizeof(int32_t) * 16 *
                                              (size_t)(ix->n_nodes + above));
      if (nodes == NULL) goto done;
      ix->nodes = nodes;
    }
    int sh = 2 * (depth - level);
    for (int i = 0; i < t.n_pend; i++) {
      pending *p = &t.pend[i];
      if (p->split > cut && ix->n_nodes < TREE_MAX_NODES) {
        int node = ix->n_nodes++;
        *slot_ptr(ix, p->slot) = CODE_NODE0 - node;
        if (split_cell(&t, p, level, node)) goto done;
      } else if (make_leaf(&t, p, sh)) {
        goto done;
      }
    }
    cell_area /= 16;
  }
  ix->root = huge_copy(ix->root, sizeof(int32_t) * n_root);
  ix->nodes = huge_copy(ix->nodes, sizeof(int32_t) * 16 * (size_t)ix->n_nodes);
  if (ix->n_leaf > 0 && t.cap_leaf > ix->n_leaf) {
    int32_t *l = realloc(ix->leaf, sizeof(int32_t) * ix->n_leaf);
    if (l != NULL) ix->leaf = l;
  }
  ix->leaf = huge_copy(ix->leaf, sizeof(int32_t) * ix->n_leaf);
  ix->ecoord = huge_copy(ix->ecoord, sizeof(double) * 4 * (size_t)t.n_edges);
  rc = PHS_OK;
done:
  free(t.epoly);
  free(t.area);
  free(t.ebase);
  free(t.rank_of);
  free(t.pend);
  free(t.next);
  free(t.pe);
  free(t.ne);
  free(t.tmp);
  free(t.hash);
  free(forced);
  free(rstart);
  free(ritems);
  return rc;
}

/* ------------------------------------------------------------------------
** Construction and destruction
*/

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
  fill = NULL;
  /* The tree's answers come from the exact path, built above. */
  if (tree_build(ix, order, n_used) != PHS_OK) goto fail;
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
  free(ix->root);
  free(ix->nodes);
  free(ix->leaf);
  free(ix->ecoord);
  free(ix);
}
