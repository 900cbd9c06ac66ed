/*
** footprint.c: site footprints (circles and sectors) in a metric CRS, with
** uniform grid indexes for "which circles are near" and, finer, for
** "which groups cover this point" (groups settled per cell), and the exact
** share of a polygon that they cover: a sweep of horizontal strips between
** the heights where the covered length stops being smooth, each strip
** integrated in closed form (see "The exact covered area" below).
*/
#include "phs_geo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CELLS (1LL << 22)
#define MAX_ENTRIES (1LL << 25)

/* Cells and entries of the fine index (below): at most 8 M cells. */
#define FINE_MAX_CELLS (1LL << 23)

/* A circle as the point tests read it: the centre, r^2 (covers) and
** (r - m)^2 with m the buried test's margin (-1 when r <= m: it buries
** nothing), r - m, its group and whether it is a sector. */
typedef struct {
  double x, y, r2, rin2, rm;
  int group, sector;
} fp_pt;

struct phs_circle_set {
  int n, n_groups;
  phs_circle *c;       /* owned: copy of the circles */
  fp_pt *pt;           /* owned: the same circles for the point tests */
  double minx, miny;   /* grid origin */
  double cell, inv;    /* grid cell size and its inverse */
  int nx, ny;          /* 0 when there are no circles */
  int *cell_start;     /* owned: nx*ny+1 offsets into items */
  int *items;          /* owned: circle positions per cell */
  /* The fine index, for points (covers, and the area sweep's buried
  ** test): half the median radius, same origin. Per cell, the groups of
  ** the full circles that hold the whole cell (with a margin: every point
  ** that falls in the cell is inside them, even the buried test's
  ** shrunken circle), as mask_bytes bytes of bits; and the circles that
  ** reach into the cell, less those of the groups already settled. */
  double fcell, finv;
  int fnx, fny;        /* 0 when there are no circles */
  int mask_bytes;
  unsigned char *fmask; /* owned: fnx*fny*mask_bytes */
  int *fstart;          /* owned: fnx*fny+1 offsets into fitems */
  int *fitems;          /* owned */
};

/* The margin that keeps a cell's test (point on a cell's edge, rounding
** of the cell index) on the safe side, in metres. */
#define FINE_TOL 1e-3

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
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

/* The buried test's margin for a circle of radius r (see buries). */
static double bury_margin(double r) { return 1e-9 * r + 1e-6; }

static int is_sector(const phs_circle *c) {
  return c->half_width_deg > 0 && c->half_width_deg < 180;
}

/* The fine cell (i, j), grown by FINE_TOL on each side: every point whose
** computed cell index is (i, j) lies in it. */
static void fine_rect(const phs_circle_set *s, int i, int j, double *x0,
                      double *y0, double *x1, double *y1) {
  *x0 = s->minx + i * s->fcell - FINE_TOL;
  *x1 = s->minx + (i + 1) * s->fcell + FINE_TOL;
  *y0 = s->miny + j * s->fcell - FINE_TOL;
  *y1 = s->miny + (j + 1) * s->fcell + FINE_TOL;
}

/* Does full circle c hold the rectangle with FINE_TOL to spare inside its
** buried-test radius r - m (so inside r too)? */
static int holds_rect(const phs_circle *c, double x0, double y0, double x1,
                      double y1) {
  if (is_sector(c)) return 0;
  double lim = c->r - bury_margin(c->r) - FINE_TOL;
  if (!(lim > 0)) return 0;
  double fx = fmax(fabs(x0 - c->x), fabs(x1 - c->x));
  double fy = fmax(fabs(y0 - c->y), fabs(y1 - c->y));
  return fx * fx + fy * fy <= lim * lim;
}

/* Can disc c reach the rectangle (by FINE_TOL)? */
static int meets_rect(const phs_circle *c, double x0, double y0, double x1,
                      double y1) {
  double ex = fmax(fmax(x0 - c->x, c->x - x1), 0);
  double ey = fmax(fmax(y0 - c->y, c->y - y1), 0);
  double lim = c->r + FINE_TOL;
  return ex * ex + ey * ey <= lim * lim;
}

static int mask_has(const unsigned char *m, int g) {
  return (m[g >> 3] >> (g & 7)) & 1;
}

/* Fine cells that circle k may touch. */
static void fine_range(const phs_circle_set *s, const phs_circle *c, int *x0,
                       int *x1, int *y0, int *y1) {
  double t = c->r + 2 * FINE_TOL;
  *x0 = cell_of(c->x - t, s->minx, s->finv, s->fnx);
  *x1 = cell_of(c->x + t, s->minx, s->finv, s->fnx);
  *y0 = cell_of(c->y - t, s->miny, s->finv, s->fny);
  *y1 = cell_of(c->y + t, s->miny, s->finv, s->fny);
}

/* Build the fine index over the circles' bounding box w x h from the
** grid origin; cell: half the median radius, doubled while it does not
** fit. Returns 0, or -1 on allocation failure. */
static int build_fine(phs_circle_set *s, double median_r, double w, double h) {
  double cell = 0.5 * median_r;
  if (!(cell > 0)) cell = fmax(fmax(w, h), 1.0);
  while ((ceil(w / cell) + 1) * (ceil(h / cell) + 1) > (double)FINE_MAX_CELLS)
    cell *= 2;
  s->mask_bytes = (s->n_groups + 7) / 8;
  for (;;) {
    s->fcell = cell;
    s->finv = 1.0 / cell;
    s->fnx = (int)floor(w / cell) + 1;
    s->fny = (int)floor(h / cell) + 1;
    size_t n_cells = (size_t)s->fnx * (size_t)s->fny;
    free(s->fmask);
    free(s->fstart);
    s->fmask = calloc(n_cells * (size_t)s->mask_bytes + 1, 1);
    s->fstart = calloc(n_cells + 1, sizeof(int));
    if (s->fmask == NULL || s->fstart == NULL) return -1;
    /* The groups settled per cell, then the circles left per cell. */
    for (int k = 0; k < s->n; k++) {
      const phs_circle *c = &s->c[k];
      int i0, i1, j0, j1;
      if (is_sector(c)) continue;
      fine_range(s, c, &i0, &i1, &j0, &j1);
      for (int j = j0; j <= j1; j++)
        for (int i = i0; i <= i1; i++) {
          double x0, y0, x1, y1;
          fine_rect(s, i, j, &x0, &y0, &x1, &y1);
          if (holds_rect(c, x0, y0, x1, y1))
            s->fmask[((size_t)j * s->fnx + i) * s->mask_bytes + (c->group >> 3)] |=
                (unsigned char)(1u << (c->group & 7));
        }
    }
    long long entries = 0;
    for (int pass = 0; pass < 2; pass++) {
      for (int k = 0; k < s->n; k++) {
        const phs_circle *c = &s->c[k];
        int i0, i1, j0, j1;
        fine_range(s, c, &i0, &i1, &j0, &j1);
        for (int j = j0; j <= j1; j++)
          for (int i = i0; i <= i1; i++) {
            size_t q = (size_t)j * s->fnx + i;
            double x0, y0, x1, y1;
            if (mask_has(s->fmask + q * s->mask_bytes, c->group)) continue;
            fine_rect(s, i, j, &x0, &y0, &x1, &y1);
            if (!meets_rect(c, x0, y0, x1, y1)) continue;
            if (pass == 0) s->fstart[q + 1]++, entries++;
            else s->fitems[s->fstart[q]++] = k;
          }
      }
      if (pass == 1) break;
      if (entries > MAX_ENTRIES) break;
      for (size_t q = 0; q < n_cells; q++) s->fstart[q + 1] += s->fstart[q];
      s->fitems = malloc(sizeof(int) * (size_t)(entries > 0 ? entries : 1));
      if (s->fitems == NULL) return -1;
      /* fill advances fstart[q] to the old fstart[q+1]; shifted back below */
    }
    if (entries > MAX_ENTRIES) {
      cell *= 2;
      continue;
    }
    for (size_t q = n_cells; q > 0; q--) s->fstart[q] = s->fstart[q - 1];
    s->fstart[0] = 0;
    return 0;
  }
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
  s->pt = malloc(sizeof(fp_pt) * (size_t)s->n);
  if (s->pt == NULL) goto fail;
  for (int k = 0; k < s->n; k++) {
    const phs_circle *ck = &s->c[k];
    double m = bury_margin(ck->r);
    s->pt[k] = (fp_pt){ck->x, ck->y, ck->r * ck->r,
                       ck->r > m ? (ck->r - m) * (ck->r - m) : -1.0, ck->r - m,
                       ck->group, is_sector(ck)};
  }
  if (build_fine(s, radii[s->n / 2], w, h) != 0) goto fail;
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
  free(s->pt);
  free(s->cell_start);
  free(s->items);
  free(s->fmask);
  free(s->fstart);
  free(s->fitems);
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

/* The fine cell of (x, y), or -1 off the grid. */
static long long fine_cell(const phs_circle_set *s, double x, double y) {
  double tx = (x - s->minx) * s->finv, ty = (y - s->miny) * s->finv;
  if (!(tx >= 0 && tx < s->fnx && ty >= 0 && ty < s->fny)) return -1;
  return (long long)(int)ty * s->fnx + (int)tx;
}

/* Per point: the groups settled for its fine cell, then the circles left
** in the cell, skipping those of groups already hit. */
int phs_circle_set_covers(const phs_circle_set *s, double x, double y,
                          unsigned char *hits) {
  int ng = s->n_groups;
  if (hits && ng > 0) memset(hits, 0, (size_t)ng);
  if (s->fnx == 0) return 0;
  long long q = fine_cell(s, x, y);
  if (q < 0) return 0;
  int any = 0, n_hit = 0;
  const unsigned char *m = s->fmask + (size_t)q * s->mask_bytes;
  for (int b = 0; b < s->mask_bytes; b++) {
    if (m[b] == 0) continue;
    if (hits == NULL) return 1;
    any = 1;
    for (int g = 8 * b; g < ng && g < 8 * b + 8; g++)
      if ((m[b] >> (g & 7)) & 1) hits[g] = 1, n_hit++;
  }
  if (n_hit == ng && ng > 0) return 1;
  for (int k = s->fstart[q]; k < s->fstart[q + 1]; k++) {
    int i = s->fitems[k];
    const fp_pt *c = &s->pt[i];
    if (hits && hits[c->group]) continue;
    double dx = x - c->x, dy = y - c->y;
    if (dx * dx + dy * dy > c->r2) continue;
    if (c->sector && !in_sector(&s->c[i], dx, dy)) continue;
    if (hits == NULL) return 1;
    any = 1;
    hits[c->group] = 1;
    if (++n_hit == ng) break;
  }
  return any;
}

/* The answer of the plain index, every circle of the point's grid cell
** (the tests compare the fine index with it). */
int phs_circle_set_covers_plain(const phs_circle_set *s, double x, double y,
                                unsigned char *hits);
int phs_circle_set_covers_plain(const phs_circle_set *s, double x, double y,
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

/* ------------------------------------------------------------------------
** The exact covered area.
**
** A horizontal line at height y meets the polygon in intervals (even-odd
** over all rings, as phs_mpoly_locate) and each disc or sector in at most
** one interval per convex part. Along y, every end of these intervals is
** a polygon edge, a wedge's boundary line or one side of a circle; the
** covered length L(y) is smooth except where one of these curves starts,
** ends, or crosses another. Those heights are the events: polygon
** vertices; each circle's top and bottom; a sector's apex and where its
** wedge lines meet its circle; the crossings of every pair of circles,
** circles and wedge lines, pairs of wedge lines; and those of each polygon
** edge with circles and wedge lines. Between two consecutive events the
** intervals keep the same curves at their ends, so the area of the strip
** is the sum of the integrals of those curves (a line: its midpoint times
** the height; a circle's side: the closed form of the integral of
** sqrt(r^2 - t^2)). All coordinates are first shifted to the polygon's
** bounding box centre so that metre-sized strips keep their precision.
** Dense networks stay cheap: only the events that can change a strip's
** covered intervals are kept (yset_add), a part whose interval misses the
** polygon on a strip is skipped, and a circle over the whole bounding box
** settles its group at once.
*/

static const double FP_PI = 3.14159265358979323846;

/* One end of an interval, as a function of y: a line x = a + b (y - c), or
** a circle's side x = a + side * sqrt(r^2 - (y - c)^2). */
typedef struct {
  double a, b, c, r;
  int side; /* 0: line; -1: the circle's left side, +1: its right side */
} curve;

/* An interval of a horizontal line, its ends' curves and its group. */
typedef struct {
  double lo, hi;
  curve klo, khi;
  int group;
} ival;

/* A convex part of a footprint, in local coordinates: a disc, cut by up
** to two half-planes n . (p - centre) >= 0 through the centre (a wedge of
** at most 180 degrees). A wider sector is two parts. */
typedef struct {
  double cx, cy, r;
  double nx[2], ny[2]; /* unit inward normals */
  int n_hp, group, circle;
} part;

/* A polygon edge (local coordinates) with y0 < y1. */
typedef struct {
  double x0, y0, x1, y1;
} fp_edge;

/* The integral of sqrt(r^2 - u^2) from 0 to t (t clamped to [-r, r]). */
static double arc_primitive(double t, double r) {
  if (t >= r) return 0.25 * FP_PI * r * r;
  if (t <= -r) return -0.25 * FP_PI * r * r;
  return 0.5 * (t * sqrt(r * r - t * t) + r * r * asin(t / r));
}

/* The integral of the curve's x over [ya, yb]. */
static double curve_integral(const curve *k, double ya, double yb) {
  if (k->side == 0) return (k->a + k->b * (0.5 * (ya + yb) - k->c)) * (yb - ya);
  return k->a * (yb - ya) +
         k->side * (arc_primitive(yb - k->c, k->r) - arc_primitive(ya - k->c, k->r));
}

/* The part's interval at height y; 0 when the line misses it. */
static int part_interval(const part *p, double y, ival *out) {
  double t = y - p->cy;
  if (!(fabs(t) < p->r)) return 0;
  double s = sqrt(p->r * p->r - t * t);
  out->lo = p->cx - s;
  out->hi = p->cx + s;
  out->klo = (curve){p->cx, 0, p->cy, p->r, -1};
  out->khi = (curve){p->cx, 0, p->cy, p->r, +1};
  out->group = p->group;
  for (int h = 0; h < p->n_hp; h++) {
    double nx = p->nx[h], ny = p->ny[h];
    if (fabs(nx) < 1e-9) { /* a horizontal wedge line: all or nothing */
      if (ny * t < 0) return 0;
      continue;
    }
    /* nx (x - cx) + ny t >= 0: x >= or <= cx - ny t / nx */
    double b = -ny / nx, x = p->cx + b * t;
    if (nx > 0 && x > out->lo) {
      out->lo = x;
      out->klo = (curve){p->cx, b, p->cy, 0, 0};
    } else if (nx < 0 && x < out->hi) {
      out->hi = x;
      out->khi = (curve){p->cx, b, p->cy, 0, 0};
    }
  }
  return out->lo < out->hi;
}

/* An interval's position in a list and its lower end, for sorting. */
typedef struct {
  double lo;
  int i;
} ikey;

static int cmp_ikey(const void *a, const void *b) {
  const ikey *x = a, *y = b;
  return (x->lo > y->lo) - (x->lo < y->lo);
}

/* Sort keys by lo: insertion sort for the short lists of most strips. */
static void sort_keys(ikey *k, int n) {
  if (n > 32) {
    qsort(k, (size_t)n, sizeof(ikey), cmp_ikey);
    return;
  }
  for (int i = 1; i < n; i++) {
    ikey t = k[i];
    int j = i;
    while (j > 0 && k[j - 1].lo > t.lo) {
      k[j] = k[j - 1];
      j--;
    }
    k[j] = t;
  }
}

/* The union of the intervals v[k[0..n-1].i] (keys sorted by lo) into out;
** returns the number of disjoint intervals written. */
static int merge_keys(const ival *v, const ikey *k, int n, ival *out) {
  int m = 0;
  for (int a = 0; a < n; a++) {
    const ival *x = &v[k[a].i];
    if (m > 0 && x->lo <= out[m - 1].hi) {
      if (x->hi > out[m - 1].hi) {
        out[m - 1].hi = x->hi;
        out[m - 1].khi = x->khi;
      }
    } else {
      out[m++] = *x;
    }
  }
  return m;
}

/* The area over [ya, yb] of the intersection of two sorted lists of
** disjoint intervals (their ends' curves hold over the whole strip). */
static double strip_area(const ival *u, int nu, const ival *w, int nw,
                         double ya, double yb) {
  double sum = 0;
  int i = 0, j = 0;
  while (i < nu && j < nw) {
    const ival *A = &u[i], *B = &w[j];
    const curve *klo = A->lo >= B->lo ? &A->klo : &B->klo;
    const curve *khi = A->hi <= B->hi ? &A->khi : &B->khi;
    if (fmax(A->lo, B->lo) < fmin(A->hi, B->hi))
      sum += curve_integral(khi, ya, yb) - curve_integral(klo, ya, yb);
    if (A->hi < B->hi) i++;
    else j++;
  }
  return sum;
}

/*
** A growable list of event heights. Only events at points (x, y) over the
** polygon's bounding box are kept: the ends of the strips' final
** intervals lie within the polygon's x range, and one of them can change
** curve only where that curve meets another there (or a polygon edge), so
** a crossing of two circles beside the polygon changes nothing inside it.
** The bounding box of a small ward among many large circles holds few of
** their crossings. Nor are points of the boundary of parts A (and B) kept
** when another part strictly covers them: the union's boundary does not
** pass there (in dense networks, most crossings are buried so).
*/
typedef struct {
  double *y;
  int n, cap;
  double lo, hi;   /* heights outside (lo, hi) are not kept */
  double xlo, xhi; /* nor points outside [xlo, xhi] */
  int oom;
  /* For the buried test: the set, the groups left out of the sweep, the
  ** local origin, whether per-group unions and the any-group union are
  ** computed. */
  const phs_circle_set *s;
  const unsigned char *full;
  double ox, oy;
  int per_group, any_on;
  int last; /* the circle that last buried a point, -1 none */
  int plain; /* 1: none of the shortcuts (tests compare both) */
} yset;

/* Does circle i of the sweep strictly cover (by a margin) the global
** point (gx, gy), and is it not one of skip1, skip2, a group left out, or
** (when group >= 0) a circle of another group? The distance first: it
** answers no for most circles asked. */
static int buries(const yset *e, int i, double gx, double gy, int skip1,
                  int skip2, int group) {
  const fp_pt *b = &e->s->pt[i];
  double dx = gx - b->x, dy = gy - b->y;
  if (!(dx * dx + dy * dy < b->rin2)) return 0;
  if (i == skip1 || i == skip2 || e->full[b->group]) return 0;
  if (group >= 0 && b->group != group) return 0;
  if (b->sector) {
    const phs_circle *c = &e->s->c[i];
    double m = bury_margin(c->r);
    if (dx * dx + dy * dy < m * m) return 0; /* at the apex */
    double bearing = atan2(dx, dy) * (180.0 / FP_PI);
    double diff = fmod(bearing - c->azimuth_deg, 360.0);
    if (diff > 180) diff -= 360;
    if (diff < -180) diff += 360;
    if (!(fabs(diff) < c->half_width_deg - 1e-7)) return 0;
  }
  return 1;
}

/* Is the local point (x, y) strictly inside (by a margin) a circle or
** sector of the sweep other than circles skip1 and skip2, of group `group`
** (or any group when group < 0)? The circle that answered last is asked
** first: neighbouring crossings are mostly buried by the same circle, and
** in dense networks this test is most of the sweep's time. Then the fine
** cell's settled groups: a full circle holding the cell with a margin
** holds the point, and is neither skip1 nor skip2 (the point lies on
** their boundaries, to rounding far below the margin). Then the circles
** left in the cell. The answer does not depend on the order, nor on the
** index (e->plain: the grid cell's every circle, as first written). */
static int buried(yset *e, double x, double y, int skip1, int skip2,
                  int group) {
  const phs_circle_set *s = e->s;
  double gx = x + e->ox, gy = y + e->oy;
  if (e->last >= 0 && buries(e, e->last, gx, gy, skip1, skip2, group))
    return 1;
  if (e->plain) {
    double tx = (gx - s->minx) * s->inv, ty = (gy - s->miny) * s->inv;
    if (!(tx >= 0 && tx < s->nx && ty >= 0 && ty < s->ny)) return 0;
    size_t q = (size_t)(int)ty * s->nx + (size_t)(int)tx;
    for (int k = s->cell_start[q]; k < s->cell_start[q + 1]; k++) {
      int i = s->items[k];
      if (i == e->last || !buries(e, i, gx, gy, skip1, skip2, group)) continue;
      e->last = i;
      return 1;
    }
    return 0;
  }
  long long q = fine_cell(s, gx, gy);
  if (q < 0) return 0;
  const unsigned char *m = s->fmask + (size_t)q * s->mask_bytes;
  if (group >= 0) {
    if (mask_has(m, group) && !e->full[group]) return 1;
  } else {
    for (int b = 0; b < s->mask_bytes; b++) {
      if (m[b] == 0) continue;
      for (int g = 8 * b; g < s->n_groups && g < 8 * b + 8; g++)
        if (((m[b] >> (g & 7)) & 1) && !e->full[g]) return 1;
    }
  }
  for (int k = s->fstart[q]; k < s->fstart[q + 1]; k++) {
    int i = s->fitems[k];
    if (i == e->last || !buries(e, i, gx, gy, skip1, skip2, group)) continue;
    e->last = i;
    return 1;
  }
  return 0;
}

/* Does a full circle of the sweep (other than skip1, skip2, of `group`
** or any when < 0) hold the global point (gx, gy) by tol more than the
** buried test's margin? Then it buries every point within tol of it. */
static int holds_by(const yset *e, int i, double gx, double gy, int skip1,
                    int skip2, int group, double tol) {
  const fp_pt *b = &e->s->pt[i];
  double dx = gx - b->x, dy = gy - b->y, lim = b->rm - tol;
  if (!(lim > 0) || !(dx * dx + dy * dy < lim * lim)) return 0;
  if (b->sector || i == skip1 || i == skip2 || e->full[b->group]) return 0;
  return group < 0 || b->group == group;
}

/* Is every point within tol of the local point (x, y) surely buried (as
** buried() answers)? "No" may be wrong, "yes" never is: the fine cell's
** settled groups count only when tol is well inside the cells' margin. */
static int surely_buried(yset *e, double x, double y, int skip1, int skip2,
                         int group, double tol) {
  const phs_circle_set *s = e->s;
  double gx = x + e->ox, gy = y + e->oy;
  if (e->last >= 0 && holds_by(e, e->last, gx, gy, skip1, skip2, group, tol))
    return 1;
  long long q = fine_cell(s, gx, gy);
  if (q < 0) return 0;
  if (tol < 0.5 * FINE_TOL) {
    const unsigned char *m = s->fmask + (size_t)q * s->mask_bytes;
    if (group >= 0) {
      if (mask_has(m, group) && !e->full[group]) return 1;
    } else {
      for (int b = 0; b < s->mask_bytes; b++) {
        if (m[b] == 0) continue;
        for (int g = 8 * b; g < s->n_groups && g < 8 * b + 8; g++)
          if (((m[b] >> (g & 7)) & 1) && !e->full[g]) return 1;
      }
    }
  }
  for (int k = s->fstart[q]; k < s->fstart[q + 1]; k++) {
    int i = s->fitems[k];
    if (i == e->last || !holds_by(e, i, gx, gy, skip1, skip2, group, tol)) continue;
    e->last = i;
    return 1;
  }
  return 0;
}

/* Would yset_add surely drop every point within tol of (x, y) on the
** boundaries of full circles a and b: outside the kept box, or buried? */
static int surely_dropped(yset *e, double x, double y, const part *a,
                          const part *b, double tol) {
  if (!(y > e->lo - tol && y < e->hi + tol && x >= e->xlo - tol && x <= e->xhi + tol))
    return 1;
  if (e->per_group && b->group == a->group)
    return surely_buried(e, x, y, a->circle, b->circle, a->group, tol);
  if (e->per_group)
    return !e->any_on || surely_buried(e, x, y, a->circle, b->circle, -1, tol);
  return surely_buried(e, x, y, a->circle, b->circle, -1, tol);
}

/* Add the height of the point (x, y) on the boundary of part a (and of
** part b; a NULL for a polygon vertex) when it can matter. */
static void yset_add(yset *e, double x, double y, const part *a, const part *b) {
  if (!(y > e->lo && y < e->hi && x >= e->xlo && x <= e->xhi)) return;
  if (a != NULL) {
    int b_circle = b ? b->circle : -1, keep;
    if (e->per_group && (b == NULL || b->group == a->group))
      keep = !buried(e, x, y, a->circle, b_circle, a->group);
    else if (e->per_group) /* two groups: only the any-group union */
      keep = e->any_on && !buried(e, x, y, a->circle, b_circle, -1);
    else
      keep = !buried(e, x, y, a->circle, b_circle, -1);
    if (!keep) return;
  }
  if (e->n == e->cap) {
    int cap = e->cap ? 2 * e->cap : 256;
    double *ny = realloc(e->y, sizeof(double) * (size_t)cap);
    if (ny == NULL) {
      e->oom = 1;
      return;
    }
    e->y = ny;
    e->cap = cap;
  }
  e->y[e->n++] = y;
}

/* Heights where the line through (px, py) along (ux, uy) (unit) meets the
** circle (cx, cy, r). */
static void line_circle(yset *e, double px, double py, double ux, double uy,
                        double cx, double cy, double r, const part *pa,
                        const part *pb) {
  double dx = px - cx, dy = py - cy;
  double b = ux * dx + uy * dy, c = dx * dx + dy * dy - r * r;
  double disc = b * b - c;
  if (disc < 0) return;
  double q = sqrt(disc);
  yset_add(e, px + (-b - q) * ux, py + (-b - q) * uy, pa, pb);
  yset_add(e, px + (-b + q) * ux, py + (-b + q) * uy, pa, pb);
}

/* The unit direction of a part's wedge line h. */
static void wedge_dir(const part *p, int h, double *ux, double *uy) {
  *ux = p->ny[h];
  *uy = -p->nx[h];
}

/* Events of one part alone: top, bottom, apex, and where its wedge lines
** meet its circle. */
static void part_events(yset *e, const part *p) {
  yset_add(e, p->cx, p->cy - p->r, p, NULL);
  yset_add(e, p->cx, p->cy + p->r, p, NULL);
  if (p->n_hp == 0) return;
  yset_add(e, p->cx, p->cy, p, NULL);
  for (int h = 0; h < p->n_hp; h++) {
    yset_add(e, p->cx + p->r * p->ny[h], p->cy - p->r * p->nx[h], p, NULL);
    yset_add(e, p->cx - p->r * p->ny[h], p->cy + p->r * p->nx[h], p, NULL);
  }
}

/* Events of two parts: their circles' crossings, each wedge line with the
** other's circle, and the wedge lines with each other. */
static void pair_events(yset *e, const part *p, const part *q) {
  double dx = q->cx - p->cx, dy = q->cy - p->cy;
  if (!e->plain && p->n_hp == 0 && q->n_hp == 0) {
    /* Two full circles: their crossings lie in both bounding boxes; none
    ** when that overlap misses the kept box (the points would be dropped
    ** by yset_add), nor when the squared distance, with room for its
    ** rounding, says the circles are apart or one holds the other (the
    ** test below would say so too). Neither shortcut changes a bit. */
    double bx0 = fmax(p->cx - p->r, q->cx - q->r), bx1 = fmin(p->cx + p->r, q->cx + q->r);
    double by0 = fmax(p->cy - p->r, q->cy - q->r), by1 = fmin(p->cy + p->r, q->cy + q->r);
    if (bx1 < e->xlo - FINE_TOL || bx0 > e->xhi + FINE_TOL || by1 < e->lo - FINE_TOL ||
        by0 > e->hi + FINE_TOL)
      return;
    double d2 = dx * dx + dy * dy, sum = p->r + q->r, dif = p->r - q->r;
    if (d2 > sum * sum * (1 + 1e-9) || d2 < dif * dif * (1 - 1e-9)) return;
    /* Both crossings lie on the radical line g(X) = 0, g(X) = 2 (Q - P).X
    ** - (|Q|^2 - rq^2 - |P|^2 + rp^2): none in the box when g keeps one
    ** sign over it, with 1 cm and the rounding of g to spare. */
    double pp = p->cx * p->cx + p->cy * p->cy - p->r * p->r;
    double qq = q->cx * q->cx + q->cy * q->cy - q->r * q->r;
    double bcx = 0.5 * (e->xlo + e->xhi), bcy = 0.5 * (e->lo + e->hi);
    double g = 2 * (dx * bcx + dy * bcy) - (qq - pp);
    double spread = fabs(dx) * (e->xhi - e->xlo) + fabs(dy) * (e->hi - e->lo);
    double slop = 0.02 * (fabs(dx) + fabs(dy)) +
                  1e-9 * (fabs(pp) + fabs(qq) + 2 * (p->r * p->r + q->r * q->r) +
                          fabs(dx * bcx) + fabs(dy * bcy));
    if (fabs(g) > spread + slop) return;
    /* The crossings, cheaply (sqrt for hypot, one division): within tol
    ** of the exact ones below (rounding, amplified near tangency to
    ** about sqrt(eps) r). Most of them fall outside the box or are
    ** buried: only when one may be kept are the exact ones computed. */
    double d = sqrt(d2), inv = 1 / d;
    double a = (p->r * p->r - q->r * q->r + d2) * (0.5 * inv);
    double h = sqrt(fmax(p->r * p->r - a * a, 0));
    double ux = dx * inv, uy = dy * inv, mx = p->cx + a * ux, my = p->cy + a * uy;
    double tol = 1e-4 + 1e-7 * fmax(p->r, q->r);
    if (surely_dropped(e, mx - h * uy, my + h * ux, p, q, tol) &&
        surely_dropped(e, mx + h * uy, my - h * ux, p, q, tol))
      return;
  }
  double d = hypot(dx, dy);
  if (d > 0 && d < p->r + q->r && d > fabs(p->r - q->r)) {
    double a = (p->r * p->r - q->r * q->r + d * d) / (2 * d);
    double h = sqrt(fmax(p->r * p->r - a * a, 0));
    double mx = p->cx + a * dx / d, my = p->cy + a * dy / d;
    yset_add(e, mx - h * dy / d, my + h * dx / d, p, q);
    yset_add(e, mx + h * dy / d, my - h * dx / d, p, q);
  }
  for (int h = 0; h < p->n_hp; h++) {
    double ux, uy;
    wedge_dir(p, h, &ux, &uy);
    line_circle(e, p->cx, p->cy, ux, uy, q->cx, q->cy, q->r, p, q);
    for (int k = 0; k < q->n_hp; k++) {
      double vx, vy;
      wedge_dir(q, k, &vx, &vy);
      double den = ux * vy - uy * vx;
      if (fabs(den) < 1e-12) continue;
      double t = (dx * vy - dy * vx) / den;
      yset_add(e, p->cx + t * ux, p->cy + t * uy, p, q);
    }
  }
  for (int k = 0; k < q->n_hp; k++) {
    double vx, vy;
    wedge_dir(q, k, &vx, &vy);
    line_circle(e, q->cx, q->cy, vx, vy, p->cx, p->cy, p->r, q, p);
  }
}

/* Events of a polygon edge and a part: where the edge meets the circle
** and the wedge lines. */
static void edge_events(yset *e, const fp_edge *E, const part *p) {
  double ex = E->x1 - E->x0, ey = E->y1 - E->y0;
  double fx = E->x0 - p->cx, fy = E->y0 - p->cy;
  double a = ex * ex + ey * ey;
  if (!(a > 0)) return;
  double b = ex * fx + ey * fy, c = fx * fx + fy * fy - p->r * p->r;
  double disc = b * b - a * c;
  if (disc >= 0) {
    double q = sqrt(disc);
    double t0 = (-b - q) / a, t1 = (-b + q) / a;
    if (t0 >= 0 && t0 <= 1) yset_add(e, E->x0 + t0 * ex, E->y0 + t0 * ey, p, NULL);
    if (t1 >= 0 && t1 <= 1) yset_add(e, E->x0 + t1 * ex, E->y0 + t1 * ey, p, NULL);
  }
  for (int h = 0; h < p->n_hp; h++) {
    double ux, uy;
    wedge_dir(p, h, &ux, &uy);
    double den = ux * ey - uy * ex;
    if (fabs(den) < 1e-12 * sqrt(a)) continue;
    /* (E0 + t e - c) x u = 0 */
    double t = (uy * fx - ux * fy) / den;
    if (t >= 0 && t <= 1) yset_add(e, E->x0 + t * ex, E->y0 + t * ey, p, NULL);
  }
}

static int cmp_part_miny(const void *a, const void *b) {
  const part *x = a, *y = b;
  double u = x->cy - x->r, v = y->cy - y->r;
  return (u > v) - (u < v);
}

static int cmp_edge_y0(const void *a, const void *b) {
  const fp_edge *x = a, *y = b;
  return (x->y0 > y->y0) - (x->y0 < y->y0);
}

/* Heights of every crossing of two parts, or of an edge and a part, whose
** bounding boxes overlap: a sweep over both lists sorted by their lowest y,
** testing each new item against the items still open. */
static int crossing_events(yset *e, const fp_edge *edges, int ne,
                           const part *parts, int np) {
  int *open_e = malloc(sizeof(int) * (size_t)(ne ? ne : 1));
  int *open_p = malloc(sizeof(int) * (size_t)(np ? np : 1));
  int n_oe = 0, n_op = 0, i = 0, j = 0;
  if (open_e == NULL || open_p == NULL) {
    free(open_e);
    free(open_p);
    return PHS_ERUNTIME;
  }
  while (i < ne || j < np) {
    int take_edge = j >= np || (i < ne && edges[i].y0 < parts[j].cy - parts[j].r);
    double y = take_edge ? edges[i].y0 : parts[j].cy - parts[j].r;
    /* Drop what ended below y. */
    int k2 = 0;
    for (int k = 0; k < n_oe; k++)
      if (edges[open_e[k]].y1 >= y) open_e[k2++] = open_e[k];
    n_oe = k2;
    k2 = 0;
    for (int k = 0; k < n_op; k++)
      if (parts[open_p[k]].cy + parts[open_p[k]].r >= y) open_p[k2++] = open_p[k];
    n_op = k2;
    if (take_edge) {
      const fp_edge *E = &edges[i];
      double ex0 = fmin(E->x0, E->x1), ex1 = fmax(E->x0, E->x1);
      for (int k = 0; k < n_op; k++) {
        const part *p = &parts[open_p[k]];
        if (p->cx + p->r < ex0 || p->cx - p->r > ex1) continue;
        edge_events(e, E, p);
      }
      open_e[n_oe++] = i++;
    } else {
      const part *p = &parts[j];
      for (int k = 0; k < n_oe; k++) {
        const fp_edge *E = &edges[open_e[k]];
        if (p->cx + p->r < fmin(E->x0, E->x1) || p->cx - p->r > fmax(E->x0, E->x1))
          continue;
        edge_events(e, E, p);
      }
      for (int k = 0; k < n_op; k++) {
        const part *q = &parts[open_p[k]];
        if (q->circle == p->circle) continue; /* halves of one sector */
        if (fabs(q->cx - p->cx) > q->r + p->r) continue;
        pair_events(e, p, q);
      }
      open_p[n_op++] = j++;
    }
  }
  free(open_e);
  free(open_p);
  return e->oom ? PHS_ERUNTIME : PHS_OK;
}

/* Add circle k's convex parts (local coordinates) to parts[]. */
static int add_parts(const phs_circle *c, int k, double ox, double oy, part *parts) {
  double hw = c->half_width_deg;
  part p = {c->x - ox, c->y - oy, c->r, {0, 0}, {0, 0}, 0, c->group, k};
  if (!(hw > 0 && hw < 180)) {
    parts[0] = p;
    return 1;
  }
  /* A wedge of half width w around azimuth az (bearings clockwise from
  ** north, direction (sin, cos)): clockwise of the ray at az - w, and
  ** counter-clockwise of the ray at az + w. */
  int n = hw > 90 ? 2 : 1;
  double w = hw / n;
  for (int s = 0; s < n; s++) {
    double az = n == 1 ? c->azimuth_deg : c->azimuth_deg + (s ? w : -w);
    double b1 = (az - w) * (FP_PI / 180), b2 = (az + w) * (FP_PI / 180);
    double d1x = sin(b1), d1y = cos(b1), d2x = sin(b2), d2y = cos(b2);
    p.n_hp = 2;
    p.nx[0] = d1y, p.ny[0] = -d1x; /* cross(d1, v) <= 0 */
    p.nx[1] = -d2y, p.ny[1] = d2x; /* cross(d2, v) >= 0 */
    parts[s] = p;
  }
  return n;
}

/* The circles whose bounding box meets [x0, x1] x [y0, y1], sorted and
** unique, in *out (caller frees); returns their number or -1. */
static int circles_near(const phs_circle_set *s, double x0, double y0,
                        double x1, double y1, int **out) {
  *out = NULL;
  if (s->nx == 0) return 0;
  int i0 = cell_of(x0, s->minx, s->inv, s->nx), i1 = cell_of(x1, s->minx, s->inv, s->nx);
  int j0 = cell_of(y0, s->miny, s->inv, s->ny), j1 = cell_of(y1, s->miny, s->inv, s->ny);
  long long from_cells = 0;
  for (int j = j0; j <= j1; j++)
    from_cells += s->cell_start[(size_t)j * s->nx + i1 + 1] -
                  s->cell_start[(size_t)j * s->nx + i0];
  int all = from_cells >= s->n;
  int *v = malloc(sizeof(int) * (size_t)(all ? s->n : from_cells > 0 ? from_cells : 1));
  if (v == NULL) return -1;
  int n = 0;
  if (all) {
    for (int k = 0; k < s->n; k++) v[n++] = k;
  } else {
    for (int j = j0; j <= j1; j++) {
      size_t q0 = (size_t)j * s->nx + i0, q1 = (size_t)j * s->nx + i1 + 1;
      for (int q = s->cell_start[q0]; q < s->cell_start[q1]; q++) v[n++] = s->items[q];
    }
    qsort(v, (size_t)n, sizeof(int), cmp_int);
  }
  int m = 0;
  for (int q = 0; q < n; q++) {
    if (m > 0 && v[q] == v[m - 1]) continue;
    const phs_circle *c = &s->c[v[q]];
    if (!(c->r > 0) || c->x + c->r < x0 || c->x - c->r > x1 || c->y + c->r < y0 ||
        c->y - c->r > y1)
      continue;
    v[m++] = v[q];
  }
  *out = v;
  return m;
}

/* Can full circle k be left out of the sweep without changing a bit? Yes
** when it misses the polygon's bounding box (by a margin: its intervals
** never reach the polygon's span and its events all fall outside the box),
** or when another full circle of a group still swept holds it with a
** margin, of its own group when groups are measured (per_group): every
** event on its boundary is then buried by the holder, and on every strip
** its interval lies within the holder's, which sorts before it and so
** absorbs it when merged. A holder holds the centre, so it is among the
** circles of the centre's grid cell; a holder left out is itself held by
** a larger holder, which holds k too. Sectors always stay: their wedge
** lines add events of their own. */
static int sweep_can_skip(const phs_circle_set *s, int k, const phs_mpoly *P,
                          const unsigned char *full, int per_group) {
  const phs_circle *c = &s->c[k];
  if (is_sector(c)) return 0;
  double tol = 0.01 + 1e-6 * (P->maxx - P->minx + P->maxy - P->miny);
  double ex = fmax(fmax(P->minx - c->x, c->x - P->maxx), 0);
  double ey = fmax(fmax(P->miny - c->y, c->y - P->maxy), 0);
  if (ex * ex + ey * ey > (c->r + tol) * (c->r + tol)) return 1;
  double tx = (c->x - s->minx) * s->inv, ty = (c->y - s->miny) * s->inv;
  if (!(tx >= 0 && tx < s->nx && ty >= 0 && ty < s->ny)) return 0;
  size_t q = (size_t)(int)ty * s->nx + (size_t)(int)tx;
  for (int a = s->cell_start[q]; a < s->cell_start[q + 1]; a++) {
    const phs_circle *h = &s->c[s->items[a]];
    if (!(h->r > c->r) || is_sector(h) || full[h->group]) continue;
    if (per_group && h->group != c->group) continue;
    double room = h->r - c->r - (0.01 + 1e-6 * h->r);
    if (!(room > 0)) continue;
    double dx = c->x - h->x, dy = c->y - h->y;
    if (dx * dx + dy * dy <= room * room) return 1;
  }
  return 0;
}

/* The sweep, with its shortcuts (plain = 0) or without (plain = 1: every
** near circle swept, every crossing computed, the buried test over the
** plain grid); the tests check that both give the same bits. */
int phs_circle_set_area_fraction_plain(const phs_circle_set *s,
                                       const phs_mpoly *poly_metric,
                                       double *frac_any, double *frac_group,
                                       long *n_strips, int plain);

int phs_circle_set_area_fraction(const phs_circle_set *s,
                                 const phs_mpoly *poly_metric,
                                 double *frac_any, double *frac_group,
                                 long *n_strips) {
  return phs_circle_set_area_fraction_plain(s, poly_metric, frac_any,
                                            frac_group, n_strips, 0);
}

int phs_circle_set_area_fraction_plain(const phs_circle_set *s,
                                       const phs_mpoly *poly_metric,
                                       double *frac_any, double *frac_group,
                                       long *n_strips, int plain) {
  const phs_mpoly *P = poly_metric;
  int rc = PHS_ERUNTIME, ng = s->n_groups;
  int *near = NULL, *act_e = NULL, *act_p = NULL;
  unsigned char *full = NULL;
  part *parts = NULL;
  fp_edge *edges = NULL;
  ival *pv = NULL, *iv = NULL, *mv = NULL;
  ikey *key = NULL, *gkey = NULL, *ekey = NULL;
  long *whole = NULL;
  int *gstart = NULL, *gfill = NULL;
  double *garea = NULL;
  yset ev = {NULL, 0, 0, 0, 0, 0, 0, 0, s, NULL, 0, 0, 0, 0, -1, plain};
  long strips = 0;

  *frac_any = 0.0;
  if (frac_group)
    for (int g = 0; g < ng; g++) frac_group[g] = 0.0;
  if (n_strips) *n_strips = 0;
  if (phs_mpoly_is_empty(P) || !(P->maxy > P->miny) || !(P->maxx > P->minx))
    return PHS_OK;

  int n_near = circles_near(s, P->minx, P->miny, P->maxx, P->maxy, &near);
  if (n_near < 0) goto done;
  if (n_near == 0) {
    rc = PHS_OK;
    goto done;
  }

  /* A full circle holding the whole bounding box covers everything for
  ** its group: that group's share is 1, and its circles leave the sweep. */
  full = calloc((size_t)ng, 1);
  parts = malloc(sizeof(part) * 2 * (size_t)n_near);
  if (full == NULL || parts == NULL) goto done;
  int any_full = 0;
  for (int q = 0; q < n_near; q++) {
    const phs_circle *c = &s->c[near[q]];
    if (c->half_width_deg > 0 && c->half_width_deg < 180) continue;
    double fx = fmax(fabs(P->minx - c->x), fabs(P->maxx - c->x));
    double fy = fmax(fabs(P->miny - c->y), fabs(P->maxy - c->y));
    if (fx * fx + fy * fy <= c->r * c->r) full[c->group] = any_full = 1;
  }
  if (any_full) *frac_any = 1.0;
  if (frac_group)
    for (int g = 0; g < ng; g++) frac_group[g] = full[g] ? 1.0 : 0.0;
  if (any_full && frac_group == NULL) {
    rc = PHS_OK;
    goto done;
  }
  double ox = 0.5 * (P->minx + P->maxx), oy = 0.5 * (P->miny + P->maxy);
  int np = 0;
  for (int q = 0; q < n_near; q++) {
    const phs_circle *c = &s->c[near[q]];
    if (full[c->group]) continue;
    if (!plain && sweep_can_skip(s, near[q], P, full, frac_group != NULL && ng > 1))
      continue;
    np += add_parts(c, near[q], ox, oy, parts + np);
  }
  if (np == 0) {
    rc = PHS_OK;
    goto done;
  }
  qsort(parts, (size_t)np, sizeof(part), cmp_part_miny);

  /* Edges (local coordinates), the vertices' heights as events. */
  int nv = P->ring_start[P->n_rings], ne = 0;
  edges = malloc(sizeof(fp_edge) * (size_t)nv);
  if (edges == NULL) goto done;
  double ylo = P->miny - oy, yhi = P->maxy - oy;
  double slack = 1e-9 * (P->maxx - P->minx + P->maxy - P->miny);
  ev.lo = ylo;
  ev.hi = yhi;
  ev.xlo = P->minx - ox - slack;
  ev.xhi = P->maxx - ox + slack;
  ev.full = full;
  ev.ox = ox;
  ev.oy = oy;
  ev.per_group = frac_group != NULL && ng > 1;
  ev.any_on = !any_full;
  for (int r = 0; r < P->n_rings; r++) {
    int st = P->ring_start[r], en = P->ring_start[r + 1];
    for (int i = st; i < en; i++) {
      int j = i + 1 < en ? i + 1 : st;
      double ax = P->xy[2 * i] - ox, ay = P->xy[2 * i + 1] - oy;
      double bx = P->xy[2 * j] - ox, by = P->xy[2 * j + 1] - oy;
      yset_add(&ev, ax, ay, NULL, NULL);
      if (ay == by) continue;
      fp_edge *E = &edges[ne++];
      if (ay < by) *E = (fp_edge){ax, ay, bx, by};
      else *E = (fp_edge){bx, by, ax, ay};
    }
  }
  qsort(edges, (size_t)ne, sizeof(fp_edge), cmp_edge_y0);
  for (int k = 0; k < np; k++) part_events(&ev, &parts[k]);
  if (crossing_events(&ev, edges, ne, parts, np) != PHS_OK) goto done;
  if (ev.oom) goto done;
  /* The ends themselves, outside (lo, hi) and so not added above. */
  {
    double *ny = realloc(ev.y, sizeof(double) * ((size_t)ev.n + 2));
    if (ny == NULL) goto done;
    ev.y = ny;
    ev.y[ev.n++] = ylo;
    ev.y[ev.n++] = yhi;
  }
  qsort(ev.y, (size_t)ev.n, sizeof(double), cmp_double);

  act_e = malloc(sizeof(int) * (size_t)(ne ? ne : 1));
  act_p = malloc(sizeof(int) * (size_t)np);
  pv = malloc(sizeof(ival) * (size_t)(ne ? ne : 1));
  iv = malloc(sizeof(ival) * (size_t)np);
  mv = malloc(sizeof(ival) * (size_t)np);
  key = malloc(sizeof(ikey) * (size_t)np);
  ekey = malloc(sizeof(ikey) * (size_t)(ne ? ne : 1));
  gkey = malloc(sizeof(ikey) * (size_t)np);
  garea = calloc((size_t)ng, sizeof(double));
  whole = calloc((size_t)ng, sizeof(long));
  gstart = malloc(sizeof(int) * ((size_t)ng + 1));
  gfill = malloc(sizeof(int) * (size_t)ng);
  if (!act_e || !act_p || !pv || !iv || !mv || !key || !gkey || !ekey || !garea ||
      !whole || !gstart || !gfill)
    goto done;

  double poly_area = 0, any_area = 0;
  int n_ae = 0, n_ap = 0, next_e = 0, next_p = 0;
  for (int k = 0; k + 1 < ev.n; k++) {
    double ya = ev.y[k], yb = ev.y[k + 1];
    if (!(yb > ya)) continue;
    double ym = 0.5 * (ya + yb);
    /* Active edges: y0 < ym < y1 (events hold every vertex, so an active
    ** edge spans the whole strip). */
    while (next_e < ne && edges[next_e].y0 < ym) act_e[n_ae++] = next_e++;
    int keep = 0, npv = 0;
    for (int a = 0; a < n_ae; a++) {
      const fp_edge *E = &edges[act_e[a]];
      if (E->y1 <= ym) continue;
      act_e[keep++] = act_e[a];
      double slope = (E->x1 - E->x0) / (E->y1 - E->y0);
      ekey[npv++] = (ikey){E->x0 + (ym - E->y0) * slope, act_e[a]};
    }
    n_ae = keep;
    if (npv < 2) continue;
    sort_keys(ekey, npv);
    /* Even-odd: crossings 0-1, 2-3, ... bound the inside. */
    int nin = 0;
    double strip_poly = 0;
    for (int a = 0; a + 1 < npv; a += 2) {
      ival *in = &pv[nin++];
      for (int side = 0; side < 2; side++) {
        const fp_edge *E = &edges[ekey[a + side].i];
        curve k = {E->x0, (E->x1 - E->x0) / (E->y1 - E->y0), E->y0, 0, 0};
        if (side) in->hi = ekey[a + 1].lo, in->khi = k;
        else in->lo = ekey[a].lo, in->klo = k;
      }
      strip_poly += curve_integral(&in->khi, ya, yb) - curve_integral(&in->klo, ya, yb);
    }
    poly_area += strip_poly;
    /* Active parts and their intervals, those that reach the polygon's
    ** span on this strip only (one outside could enter it only by crossing
    ** a polygon edge: an event). A part over the whole span covers the
    ** strip for its group. */
    while (next_p < np && parts[next_p].cy - parts[next_p].r < ym)
      act_p[n_ap++] = next_p++;
    double span_lo = pv[0].lo, span_hi = pv[nin - 1].hi;
    keep = 0;
    int niv = 0, any_whole = 0;
    strips++;
    for (int a = 0; a < n_ap; a++) {
      const part *p = &parts[act_p[a]];
      if (p->cy + p->r <= ym) continue;
      act_p[keep++] = act_p[a];
      ival *v = &iv[niv];
      if (!part_interval(p, ym, v) || v->hi <= span_lo || v->lo >= span_hi) continue;
      if (v->lo <= span_lo && v->hi >= span_hi) {
        any_whole = 1;
        whole[v->group] = strips;
      }
      key[niv] = (ikey){v->lo, niv};
      niv++;
    }
    n_ap = keep;
    if (niv == 0) {
      strips--;
      continue;
    }
    if (!any_full && any_whole) any_area += strip_poly;
    if ((!any_full && !any_whole) || (frac_group && ng > 1)) sort_keys(key, niv);
    if (!any_full && !any_whole) {
      int m = merge_keys(iv, key, niv, mv);
      any_area += strip_area(mv, m, pv, nin, ya, yb);
    }
    if (frac_group && ng > 1) {
      /* Per group: the keys in lo order, bucketed by group (stable). */
      for (int g = 0; g <= ng; g++) gstart[g] = 0;
      for (int a = 0; a < niv; a++) gstart[iv[key[a].i].group + 1]++;
      for (int g = 0; g < ng; g++) gstart[g + 1] += gstart[g];
      for (int g = 0; g < ng; g++) gfill[g] = gstart[g];
      for (int a = 0; a < niv; a++) gkey[gfill[iv[key[a].i].group]++] = key[a];
      for (int g = 0; g < ng; g++) {
        int n_g = gstart[g + 1] - gstart[g];
        if (n_g == 0) continue;
        if (whole[g] == strips) {
          garea[g] += strip_poly;
          continue;
        }
        int m = merge_keys(iv, gkey + gstart[g], n_g, mv);
        garea[g] += strip_area(mv, m, pv, nin, ya, yb);
      }
    }
  }
  /* A polygon without area (collinear vertices) measures as rounding
  ** noise: shares 0. */
  if (poly_area > 1e-9 * (P->maxx - P->minx) * (P->maxy - P->miny)) {
    if (!any_full) *frac_any = fmin(fmax(any_area / poly_area, 0), 1);
    if (frac_group && ng == 1 && !full[0]) frac_group[0] = *frac_any;
    if (frac_group && ng > 1)
      for (int g = 0; g < ng; g++)
        if (!full[g]) frac_group[g] = fmin(fmax(garea[g] / poly_area, 0), 1);
  }
  if (n_strips) *n_strips = strips;
  rc = PHS_OK;
done:
  free(near);
  free(full);
  free(parts);
  free(edges);
  free(ev.y);
  free(act_e);
  free(act_p);
  free(pv);
  free(iv);
  free(mv);
  free(key);
  free(gkey);
  free(ekey);
  free(garea);
  free(whole);
  free(gstart);
  free(gfill);
  return rc;
}
