/*
** footprint.c: site footprints as circles in a metric CRS, with a uniform
** grid index for "which groups cover this point", and the covered fraction
** of a polygon estimated on a grid aligned to multiples of the cell size
** (a scanline over the polygon's edges finds its interior cell centres).
*/
#include "phs_geo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CELLS (1LL << 22)
#define MAX_ENTRIES (1LL << 25)

struct phs_circle_set {
  int n, n_groups;
  phs_circle *c;       /* owned: copy of the circles */
  double minx, miny;   /* grid origin */
  double cell, inv;    /* grid cell size and its inverse */
  int nx, ny;          /* 0 when there are no circles */
  int *cell_start;     /* owned: nx*ny+1 offsets into items */
  int *items;          /* owned: circle positions per cell */
};

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Cell index along one axis of (v - origin), clamped to [0, n-1]. */
static int cell_of(double v, double origin, double inv, int n) {
  double t = (v - origin) * inv;
  if (!(t >= 0)) return 0;
  if (t >= n) return n - 1;
  return (int)t;
}

/* Count (or, when items is not NULL, fill) each circle's cells. */
static long long place(phs_circle_set *s, int *fill) {
  long long entries = 0;
  for (int k = 0; k < s->n; k++) {
    const phs_circle *c = &s->c[k];
    int x0 = cell_of(c->x - c->r, s->minx, s->inv, s->nx);
    int x1 = cell_of(c->x + c->r, s->minx, s->inv, s->nx);
    int y0 = cell_of(c->y - c->r, s->miny, s->inv, s->ny);
    int y1 = cell_of(c->y + c->r, s->miny, s->inv, s->ny);
    entries += (long long)(x1 - x0 + 1) * (y1 - y0 + 1);
    if (fill == NULL) continue;
    for (int j = y0; j <= y1; j++)
      for (int i = x0; i <= x1; i++)
        s->items[fill[(size_t)j * s->nx + i]++] = k;
  }
  return entries;
}

phs_circle_set *phs_circle_set_new(const phs_circle *c, int n, int n_groups) {
  phs_circle_set *s = calloc(1, sizeof(*s));
  double *radii = NULL;
  int *fill = NULL;
  if (s == NULL) return NULL;
  s->n = n > 0 ? n : 0;
  s->n_groups = n_groups > 0 ? n_groups : 0;
  if (s->n == 0) return s;
  s->c = malloc(sizeof(phs_circle) * (size_t)s->n);
  radii = malloc(sizeof(double) * (size_t)s->n);
  if (s->c == NULL || radii == NULL) goto fail;
  memcpy(s->c, c, sizeof(phs_circle) * (size_t)s->n);
  double minx = HUGE_VAL, miny = HUGE_VAL, maxx = -HUGE_VAL, maxy = -HUGE_VAL;
  for (int k = 0; k < s->n; k++) {
    const phs_circle *ck = &s->c[k];
    /* Rejected: a group that would index outside hits[], or a circle
    ** that is not finite. */
    if (ck->group < 0 || ck->group >= s->n_groups) goto fail;
    if (!isfinite(ck->x) || !isfinite(ck->y) || !isfinite(ck->r) || ck->r < 0)
      goto fail;
    radii[k] = ck->r;
    minx = fmin(minx, ck->x - ck->r);
    maxx = fmax(maxx, ck->x + ck->r);
    miny = fmin(miny, ck->y - ck->r);
    maxy = fmax(maxy, ck->y + ck->r);
  }
  /* Cell size: the median radius (a typical circle spans ~ 3 x 3 cells),
  ** grown until the grid and its lists fit the memory caps. */
  qsort(radii, (size_t)s->n, sizeof(double), cmp_double);
  double cell = radii[s->n / 2];
  double w = maxx - minx, h = maxy - miny;
  if (!(cell > 0)) cell = fmax(fmax(w, h), 1.0);
  while ((ceil(w / cell) + 1) * (ceil(h / cell) + 1) > (double)MAX_CELLS)
    cell *= 2;
  s->minx = minx;
  s->miny = miny;
  for (;;) {
    s->cell = cell;
    s->inv = 1.0 / cell;
    s->nx = (int)floor(w / cell) + 1;
    s->ny = (int)floor(h / cell) + 1;
    if (place(s, NULL) <= MAX_ENTRIES) break;
    cell *= 2;
  }
  long long entries = place(s, NULL);
  size_t n_cells = (size_t)s->nx * (size_t)s->ny;
  s->cell_start = calloc(n_cells + 1, sizeof(int));
  fill = malloc(sizeof(int) * n_cells);
  s->items = malloc(sizeof(int) * (size_t)entries);
  if (s->cell_start == NULL || fill == NULL || s->items == NULL) goto fail;
  for (int k = 0; k < s->n; k++) {
    const phs_circle *ck = &s->c[k];
    int x0 = cell_of(ck->x - ck->r, s->minx, s->inv, s->nx);
    int x1 = cell_of(ck->x + ck->r, s->minx, s->inv, s->nx);
    int y0 = cell_of(ck->y - ck->r, s->miny, s->inv, s->ny);
    int y1 = cell_of(ck->y + ck->r, s->miny, s->inv, s->ny);
    for (int j = y0; j <= y1; j++)
      for (int i = x0; i <= x1; i++) s->cell_start[(size_t)j * s->nx + i + 1]++;
  }
  for (size_t q = 0; q < n_cells; q++) {
    s->cell_start[q + 1] += s->cell_start[q];
    fill[q] = s->cell_start[q];
  }
  place(s, fill);
  free(fill);
  free(radii);
  return s;
fail:
  free(fill);
  free(radii);
  phs_circle_set_free(s);
  return NULL;
}

void phs_circle_set_free(phs_circle_set *s) {
  if (s == NULL) return;
  free(s->c);
  free(s->cell_start);
  free(s->items);
  free(s);
}

/* Is the offset (dx, dy) from a circle's centre inside its sector? */
static int in_sector(const phs_circle *c, double dx, double dy) {
  if (!(c->half_width_deg > 0 && c->half_width_deg < 180)) return 1;
  if (dx == 0 && dy == 0) return 1;
  double bearing = atan2(dx, dy) * (180.0 / 3.14159265358979323846);
  double diff = fmod(bearing - c->azimuth_deg, 360.0);
  if (diff > 180) diff -= 360;
  if (diff < -180) diff += 360;
  return fabs(diff) <= c->half_width_deg;
}

int phs_circle_set_covers(const phs_circle_set *s, double x, double y,
                          unsigned char *hits) {
  if (hits && s->n_groups > 0) memset(hits, 0, (size_t)s->n_groups);
  if (s->nx == 0) return 0;
  double tx = (x - s->minx) * s->inv, ty = (y - s->miny) * s->inv;
  if (!(tx >= 0 && tx < s->nx && ty >= 0 && ty < s->ny)) return 0;
  size_t q = (size_t)(int)ty * s->nx + (size_t)(int)tx;
  int any = 0, n_hit = 0;
  for (int k = s->cell_start[q]; k < s->cell_start[q + 1]; k++) {
    const phs_circle *c = &s->c[s->items[k]];
    double dx = x - c->x, dy = y - c->y;
    if (dx * dx + dy * dy > c->r * c->r) continue;
    if (!in_sector(c, dx, dy)) continue;
    if (hits == NULL) return 1;
    any = 1;
    if (!hits[c->group]) {
      hits[c->group] = 1;
      if (++n_hit == s->n_groups) break;
    }
  }
  return any;
}

/* An edge for the scanline, with y0 < y1 (horizontal edges are dropped). */
typedef struct {
  double x0, y0, x1, y1;
} edge;

static int cmp_edge(const void *a, const void *b) {
  const edge *x = a, *y = b;
  return (x->y0 > y->y0) - (x->y0 < y->y0);
}

int phs_circle_set_area_fraction(const phs_circle_set *s,
                                 const phs_mpoly *poly_metric, double cell,
                                 double *frac_any, double *frac_group,
                                 long *n_cells) {
  const phs_mpoly *p = poly_metric;
  int rc = PHS_ERUNTIME;
  edge *edges = NULL;
  int *active = NULL;
  double *xs = NULL;
  long *count = NULL;
  unsigned char *hits = NULL;
  int ng = s->n_groups;
  long cells = 0, covered = 0;

  *frac_any = 0.0;
  if (frac_group)
    for (int g = 0; g < ng; g++) frac_group[g] = 0.0;
  if (n_cells) *n_cells = 0;
  if (!(cell > 0) || !isfinite(cell)) return PHS_EUSAGE;
  if (phs_mpoly_is_empty(p)) return PHS_OK;

  int nv = p->ring_start[p->n_rings], ne = 0;
  edges = malloc(sizeof(edge) * (size_t)nv);
  active = malloc(sizeof(int) * (size_t)nv);
  xs = malloc(sizeof(double) * (size_t)nv);
  count = calloc((size_t)(ng ? ng : 1), sizeof(long));
  hits = calloc((size_t)(ng ? ng : 1), 1);
  if (!edges || !active || !xs || !count || !hits) goto done;
  for (int r = 0; r < p->n_rings; r++) {
    int st = p->ring_start[r], e = p->ring_start[r + 1];
    for (int i = st; i < e; i++) {
      int j = i + 1 < e ? i + 1 : st;
      double ax = p->xy[2 * i], ay = p->xy[2 * i + 1];
      double bx = p->xy[2 * j], by = p->xy[2 * j + 1];
      if (ay == by) continue;
      edge *E = &edges[ne++];
      if (ay < by) {
        E->x0 = ax, E->y0 = ay, E->x1 = bx, E->y1 = by;
      } else {
        E->x0 = bx, E->y0 = by, E->x1 = ax, E->y1 = ay;
      }
    }
  }
  qsort(edges, (size_t)ne, sizeof(edge), cmp_edge);

  /* Rows of cell centres y = (j + 0.5) * cell inside the bbox. */
  double j0 = ceil(p->miny / cell - 0.5), j1 = floor(p->maxy / cell - 0.5);
  int n_active = 0, next = 0;
  for (double j = j0; j <= j1; j++) {
    double y = (j + 0.5) * cell;
    /* Active edges: y0 <= y < y1 (the half-open rule of the even-odd test). */
    while (next < ne && edges[next].y0 <= y) active[n_active++] = next++;
    int nx = 0, keep = 0;
    for (int a = 0; a < n_active; a++) {
      const edge *E = &edges[active[a]];
      if (E->y1 <= y) continue; /* finished: dropped */
      active[keep++] = active[a];
      xs[nx++] = E->x0 + (y - E->y0) * (E->x1 - E->x0) / (E->y1 - E->y0);
    }
    n_active = keep;
    if (nx < 2) continue;
    qsort(xs, (size_t)nx, sizeof(double), cmp_double);
    for (int k = 0; k + 1 < nx; k += 2) {
      double i0 = ceil(xs[k] / cell - 0.5), i1 = floor(xs[k + 1] / cell - 0.5);
      for (double i = i0; i <= i1; i++) {
        double x = (i + 0.5) * cell;
        cells++;
        if (phs_circle_set_covers(s, x, y, ng ? hits : NULL)) {
          covered++;
          for (int g = 0; g < ng; g++) count[g] += hits[g];
        }
      }
    }
  }

  if (cells > 0) {
    *frac_any = (double)covered / (double)cells;
    if (frac_group)
      for (int g = 0; g < ng; g++) frac_group[g] = (double)count[g] / (double)cells;
  } else { /* smaller than a cell: the centroid decides */
    double cx, cy;
    if (phs_mpoly_centroid(p, &cx, &cy) == PHS_OK &&
        phs_circle_set_covers(s, cx, cy, ng ? hits : NULL)) {
      *frac_any = 1.0;
      if (frac_group)
        for (int g = 0; g < ng; g++) frac_group[g] = hits[g] ? 1.0 : 0.0;
    }
  }
  if (n_cells) *n_cells = cells;
  rc = PHS_OK;
done:
  free(edges);
  free(active);
  free(xs);
  free(count);
  free(hits);
  return rc;
}
