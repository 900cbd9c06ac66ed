/*
** borders.c: the borders of a set of polygons stroked, each shared edge
** once.
**
** Two neighbouring communes store their common border twice, once in each
** polygon, so stroking every polygon's rings strokes every inner border
** twice: half of the national map's stroking (cairo's stroker and
** rasteriser cost grows with the edges) went into lines already drawn.
** Here an edge is drawn by the first polygon that has it; a later polygon
** with the same edge (its two vertices bit for bit the same, in either
** direction) leaves it out. A ring then becomes runs of consecutive edges
** still to draw: a ring with none drawn before is one closed sub-path (a
** round join at its start), the rest are open sub-paths, which the caller
** strokes with round caps so that the runs' ends meet without a notch.
**
** Within a run, vertices are decimated as phs_ring_path does (a vertex
** closer than tol pixels to the last one emitted is skipped; the run's
** ends always kept), so the drawn border strays at most tol from the
** stored one.
**
** The set of drawn edges: an open-addressing table of references into the
** polygons (polygon, from-vertex, to-vertex), compared by coordinates.
*/
#include "render_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct edge_ref {
  uint64_t hash;           /* of the key: most probes end here */
  uint32_t poly, from, to; /* poly + 1 (0: empty slot), vertex indexes */
} edge_ref;

typedef struct edge_set {
  edge_ref *slot;
  size_t mask;
  const phs_mpoly *const *polys;
} edge_set;

static uint64_t bits_of(double v) {
  uint64_t u;
  memcpy(&u, &v, sizeof(u));
  return u;
}

static const double *vertex(const edge_set *es, uint32_t poly, uint32_t k) {
  return es->polys[poly]->xy + 2 * (size_t)k;
}

/* The edge's two ends in a canonical order (lexicographic by bits), so an
** edge and its reverse are the same key. */
static void edge_key(const double *a, const double *b, uint64_t k[4]) {
  uint64_t ax = bits_of(a[0]), ay = bits_of(a[1]);
  uint64_t bx = bits_of(b[0]), by = bits_of(b[1]);
  if (ax < bx || (ax == bx && ay <= by)) {
    k[0] = ax, k[1] = ay, k[2] = bx, k[3] = by;
  } else {
    k[0] = bx, k[1] = by, k[2] = ax, k[3] = ay;
  }
}

static uint64_t key_hash(const uint64_t k[4]) {
  uint64_t h = 0x9E3779B97F4A7C15ULL;
  for (int i = 0; i < 4; i++) {
    h ^= k[i];
    h *= 0xC2B2AE3D27D4EB4FULL;
    h ^= h >> 29;
  }
  return h;
}

/* 1 when the edge a-b (of poly, vertices from-to) was drawn before, else
** record it and return 0. */
static int seen_or_add(edge_set *es, uint32_t poly, uint32_t from,
                       uint32_t to) {
  uint64_t k[4], o[4];
  edge_key(vertex(es, poly, from), vertex(es, poly, to), k);
  uint64_t h = key_hash(k);
  size_t j = (size_t)h & es->mask;
  for (;; j = (j + 1) & es->mask) {
    edge_ref *r = &es->slot[j];
    if (r->poly == 0) {
      r->hash = h;
      r->poly = poly + 1;
      r->from = from;
      r->to = to;
      return 0;
    }
    if (r->hash != h) continue;
    edge_key(vertex(es, r->poly - 1, r->from), vertex(es, r->poly - 1, r->to),
             o);
    if (memcmp(k, o, sizeof(k)) == 0) return 1;
  }
}

typedef struct page_xform {
  double s, tx, ty, tol2;
} page_xform;

/* Stroke the path every this many vertices: cairo turns a whole stroke
** into one polygon before rasterising it, and the national map's borders
** in one stroke made 150 MB of polygon (a third more time, in page faults
** and cache misses) where small strokes reuse the same memory. */
#define STROKE_EVERY 4096

static void to_page(const page_xform *t, const double *v, double *x,
                    double *y) {
  *x = t->tx + v[0] * t->s;
  *y = t->ty - v[1] * t->s;
}

/* One run of n edges starting at ring position first (positions taken
** modulo m, the ring's edge count; vertex of position q: a + q, the
** closing edge's end wrapping to a). */
static void emit_run(cairo_t *cr, const double *xy, int a, int m, int first,
                     int n, const page_xform *t) {
  const double *v0 = xy + 2 * (a + first % m);
  int q = 1; /* a run of zero-length edges only: no dot from the caps */
  while (q <= n && xy[2 * (a + (first + q) % m)] == v0[0] &&
         xy[2 * (a + (first + q) % m) + 1] == v0[1])
    q++;
  if (q > n) return;
  double lx, ly, x, y;
  to_page(t, v0, &lx, &ly);
  cairo_move_to(cr, lx, ly);
  for (int q = 1; q <= n; q++) {
    to_page(t, xy + 2 * (a + (first + q) % m), &x, &y);
    if (q < n) {
      double dx = x - lx, dy = y - ly;
      if (dx * dx + dy * dy < t->tol2) continue;
    }
    cairo_line_to(cr, x, y);
    lx = x;
    ly = y;
  }
}

/* The ring [a, b) of polygon pi: its edges not drawn before, as runs. */
static void ring_borders(cairo_t *cr, edge_set *es, uint32_t pi, int a,
                         int b, const page_xform *t, unsigned char *kept,
                         size_t *pending) {
  const phs_mpoly *p = es->polys[pi];
  const double *xy = p->xy;
  /* Edges: q -> q+1 for the stored vertices; a ring stored closed (last
  ** vertex = first) has b-a-1 of them, else the closing edge counts. */
  int n = b - a;
  int closed = n > 1 && xy[2 * a] == xy[2 * (b - 1)] &&
               xy[2 * a + 1] == xy[2 * (b - 1) + 1];
  int m = closed ? n - 1 : n; /* edges, and distinct vertices */
  if (m < 2) return;
  /* A zero-length edge is kept (it is nobody's border) so that it does
  ** not cut a run in two. */
  int all = 1, any = 0;
  for (int q = 0; q < m; q++) {
    uint32_t from = (uint32_t)(a + q), to = (uint32_t)(a + (q + 1) % m);
    const double *u = xy + 2 * (size_t)from, *v = xy + 2 * (size_t)to;
    kept[q] = (u[0] == v[0] && u[1] == v[1]) || !seen_or_add(es, pi, from, to);
    all &= kept[q];
    any |= kept[q];
  }
  if (!any) return;
  *pending += (size_t)m;
  if (all) { /* nothing shared with a polygon drawn before */
    phs_ring_path(cr, xy + 2 * a, n, t->s, t->tx, t->ty, sqrt(t->tol2));
    return;
  }
  /* Start at a kept edge that follows a skipped one, walk once around. */
  int start = 0;
  while (!(kept[start] && !kept[(start + m - 1) % m])) start++;
  for (int q = 0; q < m;) {
    int e = (start + q) % m;
    if (!kept[e]) {
      q++;
      continue;
    }
    int len = 0;
    while (q + len < m && kept[(start + q + len) % m]) len++;
    emit_run(cr, xy, a, m, e, len, t);
    q += len;
  }
}

int phs_borders_stroke(cairo_t *cr, const phs_mpoly *const *polys, int n,
                       double s, double tx, double ty, double tol) {
  size_t edges = 0;
  int longest = 0;
  for (int i = 0; i < n; i++) {
    const phs_mpoly *p = polys[i];
    for (int r = 0; r < p->n_rings; r++) {
      int len = p->ring_start[r + 1] - p->ring_start[r];
      edges += (size_t)len;
      if (len > longest) longest = len;
    }
  }
  if (edges > UINT32_MAX / 2) return -1;
  size_t size = 16;
  while (size < edges + edges / 2) size *= 2; /* load at most 2/3 */
  edge_set es = {calloc(size, sizeof(edge_ref)), size - 1, polys};
  unsigned char *kept = malloc((size_t)longest + 1);
  if (es.slot == NULL || kept == NULL) {
    free(es.slot);
    free(kept);
    return -1;
  }
  page_xform t = {s, tx, ty, tol > 0 ? tol * tol : 0};
  size_t pending = 0;
  cairo_new_path(cr);
  for (int i = 0; i < n; i++) {
    const phs_mpoly *p = polys[i];
    for (int r = 0; r < p->n_rings; r++)
      ring_borders(cr, &es, (uint32_t)i, p->ring_start[r],
                   p->ring_start[r + 1], &t, kept, &pending);
    if (pending >= STROKE_EVERY) {
      cairo_stroke(cr);
      pending = 0;
    }
  }
  cairo_stroke(cr);
  free(es.slot);
  free(kept);
  return 0;
}
