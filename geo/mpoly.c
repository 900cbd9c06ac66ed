/*
** mpoly.c: multipolygons as flat coordinate arrays: building, copying,
** point location (even-odd rule with an exact boundary test first), planar
** and geodesic (WGS 84, PROJ's geodesic.h) areas, and a representative
** point. See phs_geo.h.
*/
#include "geo_int.h"
#include "phs_geo.h"

#include <geodesic.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void phs_mpoly_init(phs_mpoly *p) {
  memset(p, 0, sizeof(*p));
  p->minx = p->miny = HUGE_VAL;
  p->maxx = p->maxy = -HUGE_VAL;
}

void phs_mpoly_free(phs_mpoly *p) {
  if (p == NULL) return;
  free(p->ring_start);
  free(p->ring_hole);
  free(p->xy);
  phs_mpoly_init(p);
}

/* Make room for one more ring and `n` more vertices. */
static int reserve(phs_mpoly *p, int n) {
  if (p->n_rings + 1 > p->cap_rings || p->ring_start == NULL) {
    int cap = p->cap_rings ? p->cap_rings * 2 : 4;
    int *rs = realloc(p->ring_start, sizeof(int) * ((size_t)cap + 1));
    if (rs == NULL) return PHS_ERUNTIME;
    if (p->ring_start == NULL) rs[0] = 0;
    p->ring_start = rs;
    unsigned char *rh = realloc(p->ring_hole, (size_t)cap);
    if (rh == NULL) return PHS_ERUNTIME;
    p->ring_hole = rh;
    p->cap_rings = cap;
  }
  int used = p->ring_start[p->n_rings];
  if ((long long)used + n > (long long)p->cap_xy) {
    long long cap = p->cap_xy ? p->cap_xy : 16;
    while (cap < (long long)used + n) cap *= 2;
    if (cap > 0x3fffffff) return PHS_ERUNTIME;
    double *xy = realloc(p->xy, sizeof(double) * 2 * (size_t)cap);
    if (xy == NULL) return PHS_ERUNTIME;
    p->xy = xy;
    p->cap_xy = (int)cap;
  }
  return PHS_OK;
}

int phs_mpoly_add_ring(phs_mpoly *p, const double *xy, int n, int is_hole) {
  if (n < 0 || (n > 0 && xy == NULL)) return PHS_EUSAGE;
  if (reserve(p, n) != PHS_OK) return PHS_ERUNTIME;
  int start = p->ring_start[p->n_rings];
  if (n > 0) memcpy(p->xy + 2 * (size_t)start, xy, sizeof(double) * 2 * (size_t)n);
  for (int i = 0; i < n; i++) {
    double x = xy[2 * i], y = xy[2 * i + 1];
    if (x < p->minx) p->minx = x;
    if (x > p->maxx) p->maxx = x;
    if (y < p->miny) p->miny = y;
    if (y > p->maxy) p->maxy = y;
  }
  p->ring_hole[p->n_rings] = is_hole ? 1 : 0;
  p->n_rings++;
  p->ring_start[p->n_rings] = start + n;
  return PHS_OK;
}

int phs_mpoly_copy(phs_mpoly *dst, const phs_mpoly *src) {
  if (dst == src) return PHS_OK;
  phs_mpoly tmp;
  phs_mpoly_init(&tmp);
  int rc = PHS_ERUNTIME;
  if (src->n_rings > 0) {
    int nv = src->ring_start[src->n_rings];
    tmp.ring_start = malloc(sizeof(int) * ((size_t)src->n_rings + 1));
    tmp.ring_hole = malloc((size_t)src->n_rings);
    tmp.xy = malloc(sizeof(double) * 2 * (size_t)(nv > 0 ? nv : 1));
    if (!tmp.ring_start || !tmp.ring_hole || !tmp.xy) goto done;
    memcpy(tmp.ring_start, src->ring_start, sizeof(int) * ((size_t)src->n_rings + 1));
    memcpy(tmp.ring_hole, src->ring_hole, (size_t)src->n_rings);
    if (nv > 0) memcpy(tmp.xy, src->xy, sizeof(double) * 2 * (size_t)nv);
    tmp.n_rings = src->n_rings;
    tmp.cap_rings = src->n_rings;
    tmp.cap_xy = nv > 0 ? nv : 1;
  }
  tmp.minx = src->minx;
  tmp.miny = src->miny;
  tmp.maxx = src->maxx;
  tmp.maxy = src->maxy;
  phs_mpoly_free(dst);
  *dst = tmp;
  phs_mpoly_init(&tmp);
  rc = PHS_OK;
done:
  phs_mpoly_free(&tmp);
  return rc;
}

int phs_mpoly_is_empty(const phs_mpoly *p) {
  return p == NULL || p->n_rings == 0 || p->ring_start[p->n_rings] == 0;
}

void phs_mpoly_bbox_from_vertices(phs_mpoly *p) {
  int nv = p->n_rings > 0 ? p->ring_start[p->n_rings] : 0;
  p->minx = p->miny = HUGE_VAL;
  p->maxx = p->maxy = -HUGE_VAL;
  for (int k = 0; k < nv; k++) {
    double x = p->xy[2 * k], y = p->xy[2 * k + 1];
    if (x == HUGE_VAL) continue;
    if (x < p->minx) p->minx = x;
    if (x > p->maxx) p->maxx = x;
    if (y < p->miny) p->miny = y;
    if (y > p->maxy) p->maxy = y;
  }
}

phs_location phs_mpoly_locate(const phs_mpoly *p, double x, double y) {
  if (p->n_rings == 0 || !(x >= p->minx && x <= p->maxx && y >= p->miny &&
                           y <= p->maxy))
    return PHS_LOC_OUTSIDE;
  int inside = 0;
  for (int r = 0; r < p->n_rings; r++) {
    int s = p->ring_start[r], e = p->ring_start[r + 1];
    if (e - s < 1) continue;
    const double *v = p->xy;
    double ax = v[2 * (e - 1)], ay = v[2 * (e - 1) + 1];
    for (int i = s; i < e; i++) {
      double bx = v[2 * i], by = v[2 * i + 1];
      if (edge_on_or_cross(ax, ay, bx, by, x, y, &inside))
        return PHS_LOC_BOUNDARY;
      ax = bx;
      ay = by;
    }
  }
  return inside ? PHS_LOC_INSIDE : PHS_LOC_OUTSIDE;
}

/* Signed shoelace area of ring r, relative to its first vertex (precision
** with large projected coordinates); positive when counter-clockwise. */
static double ring_signed_area(const phs_mpoly *p, int r) {
  int s = p->ring_start[r], e = p->ring_start[r + 1];
  if (e - s < 3) return 0.0;
  const double *v = p->xy;
  double x0 = v[2 * s], y0 = v[2 * s + 1], sum = 0.0;
  for (int i = s + 1; i + 1 < e; i++) {
    double x1 = v[2 * i] - x0, y1 = v[2 * i + 1] - y0;
    double x2 = v[2 * i + 2] - x0, y2 = v[2 * i + 3] - y0;
    sum += x1 * y2 - x2 * y1;
  }
  return 0.5 * sum;
}

double phs_mpoly_planar_area(const phs_mpoly *p) {
  double a = 0.0;
  for (int r = 0; r < p->n_rings; r++) {
    double ra = fabs(ring_signed_area(p, r));
    a += p->ring_hole[r] ? -ra : ra;
  }
  return a;
}

double phs_mpoly_geodesic_area(const phs_mpoly *lonlat) {
  struct geod_geodesic g;
  geod_init(&g, 6378137.0, 1.0 / 298.257223563);
  double total = 0.0;
  for (int r = 0; r < lonlat->n_rings; r++) {
    int s = lonlat->ring_start[r], e = lonlat->ring_start[r + 1];
    const double *v = lonlat->xy;
    /* Ignore a repeated closing vertex. */
    if (e - s >= 2 && v[2 * s] == v[2 * (e - 1)] &&
        v[2 * s + 1] == v[2 * (e - 1) + 1])
      e--;
    if (e - s < 3) continue;
    struct geod_polygon poly;
    geod_polygon_init(&poly, 0);
    for (int i = s; i < e; i++)
      geod_polygon_addpoint(&g, &poly, v[2 * i + 1], v[2 * i]);
    double area = 0.0, perim = 0.0;
    geod_polygon_compute(&g, &poly, 0, 1, &area, &perim);
    total += lonlat->ring_hole[r] ? -fabs(area) : fabs(area);
  }
  return total;
}

int phs_mpoly_centroid(const phs_mpoly *p, double *x, double *y) {
  if (phs_mpoly_is_empty(p)) return PHS_ERUNTIME;
  /* The largest outer ring by |area| (any ring when there is no outer). */
  int best = -1;
  double best_a = -1.0;
  for (int pass = 0; pass < 2 && best < 0; pass++) {
    for (int r = 0; r < p->n_rings; r++) {
      if (pass == 0 && p->ring_hole[r]) continue;
      if (p->ring_start[r + 1] == p->ring_start[r]) continue;
      double a = fabs(ring_signed_area(p, r));
      if (a > best_a) {
        best_a = a;
        best = r;
      }
    }
  }
  if (best < 0) return PHS_ERUNTIME;
  int s = p->ring_start[best], e = p->ring_start[best + 1];
  const double *v = p->xy;
  double x0 = v[2 * s], y0 = v[2 * s + 1];
  double a2 = 0.0, cx = 0.0, cy = 0.0;
  for (int i = s; i < e; i++) {
    int j = i + 1 < e ? i + 1 : s;
    double x1 = v[2 * i] - x0, y1 = v[2 * i + 1] - y0;
    double x2 = v[2 * j] - x0, y2 = v[2 * j + 1] - y0;
    double c = x1 * y2 - x2 * y1;
    a2 += c;
    cx += (x1 + x2) * c;
    cy += (y1 + y2) * c;
  }
  if (a2 != 0.0) {
    *x = x0 + cx / (3.0 * a2);
    *y = y0 + cy / (3.0 * a2);
  } else { /* degenerate ring: the centre of its bbox */
    double mnx = HUGE_VAL, mny = HUGE_VAL, mxx = -HUGE_VAL, mxy = -HUGE_VAL;
    for (int i = s; i < e; i++) {
      mnx = fmin(mnx, v[2 * i]);
      mxx = fmax(mxx, v[2 * i]);
      mny = fmin(mny, v[2 * i + 1]);
      mxy = fmax(mxy, v[2 * i + 1]);
    }
    *x = 0.5 * (mnx + mxx);
    *y = 0.5 * (mny + mxy);
  }
  return PHS_OK;
}

unsigned char *phs_mpoly_wkb(const phs_mpoly *m, size_t *len) {
  int n_polys = 0;
  size_t size = 9;
  for (int i = 0; i < m->n_rings; i++) {
    if (!m->ring_hole[i] || i == 0) {
      n_polys++;
      size += 9;
    }
    size += 4 + 16 * (size_t)(m->ring_start[i + 1] - m->ring_start[i]);
  }
  unsigned char *w = malloc(size), *p = w;
  if (w == NULL) return NULL;
#define PUT_U8(v) (*p++ = (unsigned char)(v))
#define PUT_U32(v)                  \
  do {                              \
    uint32_t u_ = (uint32_t)(v);    \
    memcpy(p, &u_, 4);              \
    p += 4;                         \
  } while (0)
  PUT_U8(1);
  PUT_U32(6);
  PUT_U32(n_polys);
  for (int i = 0; i < m->n_rings; i++) {
    if (!m->ring_hole[i] || i == 0) {
      int rings = 1;
      while (i + rings < m->n_rings && m->ring_hole[i + rings]) rings++;
      PUT_U8(1);
      PUT_U32(3);
      PUT_U32(rings);
    }
    int n = m->ring_start[i + 1] - m->ring_start[i];
    PUT_U32(n);
    memcpy(p, m->xy + 2 * (size_t)m->ring_start[i], 16 * (size_t)n);
    p += 16 * (size_t)n;
  }
#undef PUT_U8
#undef PUT_U32
  *len = (size_t)(p - w);
  return w;
}
