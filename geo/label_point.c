/*
** label_point.c: where a polygon's label goes: its pole of inaccessibility,
** the inside point farthest from the boundary, by the "polylabel" search
** of Mapbox (Agafonkin 2016, github.com/mapbox/polylabel): cover the bbox
** with square cells, keep them in a max-heap ordered by the best distance
** any point of the cell could have (its centre's distance + half its
** diagonal), and split the most promising cell until none can beat the
** best centre found by more than the precision. The centroid is a poor
** label point: it falls outside a U- or C-shaped commune, or in a bay.
** See phs_geo.h.
*/
#include "phs_geo.h"

#include <math.h>
#include <stdlib.h>

#define MAX_CELLS 20000

typedef struct cell {
  double x, y; /* centre */
  double h;    /* half the side */
  double d;    /* signed distance of the centre to the boundary (> 0 in) */
  double max;  /* d + h * sqrt 2: the best any point of the cell can do */
} cell;

/* Squared distance from (px, py) to the segment a-b. */
static double seg_dist2(double px, double py, double ax, double ay, double bx,
                        double by) {
  double dx = bx - ax, dy = by - ay;
  double x = ax, y = ay;
  if (dx != 0 || dy != 0) {
    double t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = bx;
      y = by;
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = px - x;
  dy = py - y;
  return dx * dx + dy * dy;
}

/* Distance from (x, y) to the nearest edge of any ring, positive inside
** (even-odd over all rings, as phs_mpoly_locate), negative outside. */
static double signed_dist(const phs_mpoly *p, double x, double y) {
  int inside = 0;
  double best = INFINITY;
  for (int r = 0; r < p->n_rings; r++) {
    int a = p->ring_start[r], b = p->ring_start[r + 1];
    if (b - a < 2) continue;
    for (int i = a, j = b - 1; i < b; j = i++) {
      double xi = p->xy[2 * i], yi = p->xy[2 * i + 1];
      double xj = p->xy[2 * j], yj = p->xy[2 * j + 1];
      if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
        inside = !inside;
      double d2 = seg_dist2(x, y, xi, yi, xj, yj);
      if (d2 < best) best = d2;
    }
  }
  return (inside ? 1 : -1) * sqrt(best);
}

static cell make_cell(const phs_mpoly *p, double x, double y, double h) {
  cell c = {x, y, h, signed_dist(p, x, y), 0};
  c.max = c.d + h * M_SQRT2;
  return c;
}

/* A binary max-heap of cells on max. */
typedef struct heap {
  cell *a;
  int n, cap;
} heap;

static int heap_push(heap *q, cell c) {
  if (q->n == q->cap) {
    int cap = q->cap ? q->cap * 2 : 64;
    cell *a = realloc(q->a, sizeof(cell) * (size_t)cap);
    if (a == NULL) return PHS_ERUNTIME;
    q->a = a;
    q->cap = cap;
  }
  int i = q->n++;
  while (i > 0 && q->a[(i - 1) / 2].max < c.max) {
    q->a[i] = q->a[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  q->a[i] = c;
  return PHS_OK;
}

static cell heap_pop(heap *q) {
  cell top = q->a[0], last = q->a[--q->n];
  int i = 0;
  for (;;) {
    int c = 2 * i + 1;
    if (c >= q->n) break;
    if (c + 1 < q->n && q->a[c + 1].max > q->a[c].max) c++;
    if (q->a[c].max <= last.max) break;
    q->a[i] = q->a[c];
    i = c;
  }
  if (q->n > 0) q->a[i] = last;
  return top;
}

int phs_mpoly_label_point(const phs_mpoly *p, double precision, double *x,
                          double *y, double *dist) {
  int nv = p && p->n_rings > 0 && p->ring_start ? p->ring_start[p->n_rings]
                                                : 0;
  if (dist) *dist = 0;
  if (nv <= 0) return PHS_ERUNTIME;
  double x0 = p->xy[0], x1 = x0, y0 = p->xy[1], y1 = y0;
  for (int i = 1; i < nv; i++) {
    x0 = fmin(x0, p->xy[2 * i]), x1 = fmax(x1, p->xy[2 * i]);
    y0 = fmin(y0, p->xy[2 * i + 1]), y1 = fmax(y1, p->xy[2 * i + 1]);
  }
  *x = (x0 + x1) / 2;
  *y = (y0 + y1) / 2;
  double size = fmin(x1 - x0, y1 - y0);
  if (!(size > 0)) return PHS_ERUNTIME; /* a line or a point: no area */
  if (!(precision > 0)) precision = size / 100;

  /* The first best guess: the centroid when inside, else the bbox centre. */
  double cx, cy;
  cell best = make_cell(p, *x, *y, 0);
  if (phs_mpoly_centroid(p, &cx, &cy) == PHS_OK) {
    cell c = make_cell(p, cx, cy, 0);
    if (c.d > best.d) best = c;
  }
  heap q = {NULL, 0, 0};
  int rc = PHS_OK, made = 0;
  /* Square cells of side `size` covering the bbox (the last row and column
  ** may reach past it). */
  double h = size / 2;
  for (double cxx = x0; cxx < x1 && rc == PHS_OK; cxx += size)
    for (double cyy = y0; cyy < y1 && rc == PHS_OK; cyy += size) {
      rc = heap_push(&q, make_cell(p, cxx + h, cyy + h, h));
      made++;
    }
  while (rc == PHS_OK && q.n > 0) {
    cell c = heap_pop(&q);
    if (c.d > best.d) best = c;
    /* Nothing in this cell can beat the best by more than the precision;
    ** as the heap is ordered on max, nothing left can either. */
    if (c.max - best.d <= precision) break;
    if (made >= MAX_CELLS) break;
    double k = c.h / 2;
    rc = heap_push(&q, make_cell(p, c.x - k, c.y - k, k));
    if (rc == PHS_OK) rc = heap_push(&q, make_cell(p, c.x + k, c.y - k, k));
    if (rc == PHS_OK) rc = heap_push(&q, make_cell(p, c.x - k, c.y + k, k));
    if (rc == PHS_OK) rc = heap_push(&q, make_cell(p, c.x + k, c.y + k, k));
    made += 4;
  }
  free(q.a);
  if (rc != PHS_OK) return rc;
  *x = best.x;
  *y = best.y;
  if (dist) *dist = best.d;
  return PHS_OK;
}
