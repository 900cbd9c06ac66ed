/*
** mpoly_geos.c: multipolygon operations over GEOS through OGR's
** geometry C API: union with gaps closed and small holes dropped (district
** outlines, coverage footprints), topology-preserving simplification.
** Apart from crs.c and mpoly.c so that code which only reads, projects
** and draws (the map command) does not link GDAL. See phs_geo.h.
*/
#include "phs_geo.h"
#include "geo_int.h"

#include <cpl_error.h>
#include <ogr_api.h>
#include <stdlib.h>

/* An OGR linear ring from ring r of p, closed. */
static OGRGeometryH ogr_ring(const phs_mpoly *p, int r) {
  OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
  if (ring == NULL) return NULL;
  for (int i = p->ring_start[r]; i < p->ring_start[r + 1]; i++)
    OGR_G_AddPoint_2D(ring, p->xy[2 * i], p->xy[2 * i + 1]);
  return ring;
}

/* Is (x, y) inside or on ring r alone? (even-odd over one ring) */
static int in_ring(const phs_mpoly *p, int r, double x, double y) {
  phs_mpoly one = *p;
  one.n_rings = 1;
  one.ring_start = p->ring_start + r;
  one.ring_hole = p->ring_hole + r;
  return phs_mpoly_locate(&one, x, y) != PHS_LOC_OUTSIDE;
}

static double ring_abs_area(const phs_mpoly *p, int r) {
  phs_mpoly one = *p;
  one.n_rings = 1;
  one.ring_start = p->ring_start + r;
  unsigned char outer = 0;
  one.ring_hole = &outer;
  return phs_mpoly_planar_area(&one);
}

/* Add copies of the polygons in g (any geometry) to the multipolygon mp. */
static int add_polygon_parts(OGRGeometryH mp, OGRGeometryH g) {
  OGRwkbGeometryType type = wkbFlatten(OGR_G_GetGeometryType(g));
  if (type == wkbPolygon) {
    OGRGeometryH c = OGR_G_Clone(g);
    if (c == NULL || OGR_G_AddGeometryDirectly(mp, c) != OGRERR_NONE) {
      OGR_G_DestroyGeometry(c);
      return PHS_ERUNTIME;
    }
    return PHS_OK;
  }
  if (type == wkbMultiPolygon || type == wkbGeometryCollection)
    for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
      if (add_polygon_parts(mp, OGR_G_GetGeometryRef(g, i)) != PHS_OK)
        return PHS_ERUNTIME;
  return PHS_OK; /* points and lines carry no area */
}

/*
** Add p's polygons to the multipolygon mp: one polygon per outer ring, each
** hole given to the smallest outer ring that holds its first vertex (the
** flat phs_mpoly does not record which outer ring a hole belongs to).
*/
static int add_polygons(OGRGeometryH mp, const phs_mpoly *p) {
  int rc = PHS_ERUNTIME;
  int nr = p->n_rings;
  OGRGeometryH *polys = calloc((size_t)(nr ? nr : 1), sizeof(*polys));
  double *area = calloc((size_t)(nr ? nr : 1), sizeof(*area));
  if (polys == NULL || area == NULL) goto done;
  for (int r = 0; r < nr; r++) {
    if (p->ring_hole[r] || p->ring_start[r + 1] - p->ring_start[r] < 3) continue;
    area[r] = ring_abs_area(p, r);
    OGRGeometryH ring = ogr_ring(p, r);
    polys[r] = OGR_G_CreateGeometry(wkbPolygon);
    if (ring == NULL || polys[r] == NULL ||
        OGR_G_AddGeometryDirectly(polys[r], ring) != OGRERR_NONE) {
      OGR_G_DestroyGeometry(ring);
      goto done;
    }
  }
  for (int h = 0; h < nr; h++) {
    if (!p->ring_hole[h] || p->ring_start[h + 1] - p->ring_start[h] < 3) continue;
    int s = p->ring_start[h], owner = -1;
    for (int r = 0; r < nr; r++) {
      if (polys[r] == NULL || !in_ring(p, r, p->xy[2 * s], p->xy[2 * s + 1]))
        continue;
      if (owner < 0 || area[r] < area[owner]) owner = r;
    }
    if (owner < 0) continue; /* a hole in nothing: ignored */
    OGRGeometryH ring = ogr_ring(p, h);
    if (ring == NULL || OGR_G_AddGeometryDirectly(polys[owner], ring) != OGRERR_NONE) {
      OGR_G_DestroyGeometry(ring);
      goto done;
    }
  }
  for (int r = 0; r < nr; r++) {
    if (polys[r] == NULL) continue;
    OGR_G_CloseRings(polys[r]);
    if (!OGR_G_IsValid(polys[r])) { /* self-intersections: repair first */
      OGRGeometryH v = OGR_G_MakeValid(polys[r]);
      int ok = v != NULL && add_polygon_parts(mp, v) == PHS_OK;
      OGR_G_DestroyGeometry(v);
      if (!ok) goto done;
      continue;
    }
    OGRErr e = OGR_G_AddGeometryDirectly(mp, polys[r]);
    if (e != OGRERR_NONE) goto done;
    polys[r] = NULL; /* adopted by mp */
  }
  rc = PHS_OK;
done:
  if (polys)
    for (int r = 0; r < nr; r++) OGR_G_DestroyGeometry(polys[r]);
  free(polys);
  free(area);
  return rc;
}

/* Append an OGR ring to out (without its repeated closing point); a hole
** smaller than min_hole_area is skipped. */
static int read_ring(OGRGeometryH ring, int is_hole, double min_hole_area,
                     phs_mpoly *out) {
  int n = OGR_G_GetPointCount(ring);
  if (n < 1) return PHS_OK;
  double *xy = malloc(sizeof(double) * 2 * (size_t)n);
  if (xy == NULL) return PHS_ERUNTIME;
  OGR_G_GetPoints(ring, xy, (int)(2 * sizeof(double)), xy + 1,
                  (int)(2 * sizeof(double)), NULL, 0);
  if (n > 1 && xy[0] == xy[2 * (n - 1)] && xy[1] == xy[2 * (n - 1) + 1]) n--;
  int rc = PHS_OK;
  if (is_hole) {
    phs_mpoly tmp;
    phs_mpoly_init(&tmp);
    rc = phs_mpoly_add_ring(&tmp, xy, n, 0);
    double a = phs_mpoly_planar_area(&tmp);
    phs_mpoly_free(&tmp);
    if (rc == PHS_OK && a < min_hole_area) goto done;
  }
  if (rc == PHS_OK) rc = phs_mpoly_add_ring(out, xy, n, is_hole);
done:
  free(xy);
  return rc;
}

/* Append the polygons of g (a polygon, multipolygon or collection). */
static int read_polygons(OGRGeometryH g, double min_hole_area, phs_mpoly *out) {
  OGRwkbGeometryType type = wkbFlatten(OGR_G_GetGeometryType(g));
  if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
    for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
      int rc = read_polygons(OGR_G_GetGeometryRef(g, i), min_hole_area, out);
      if (rc) return rc;
    }
    return PHS_OK;
  }
  if (type != wkbPolygon) return PHS_OK; /* points, lines: no area */
  int n = OGR_G_GetGeometryCount(g);
  for (int i = 0; i < n; i++) {
    int rc = read_ring(OGR_G_GetGeometryRef(g, i), i > 0, min_hole_area, out);
    if (rc) return rc;
  }
  return PHS_OK;
}

int phs_mpoly_union(const phs_mpoly *const *parts, int n, double min_hole_area,
                    double close_dist, phs_mpoly *out, phs_diag *d) {
  int rc = PHS_OK;
  OGRGeometryH all = NULL, u = NULL;
  phs_mpoly_free(out);
  CPLErrorReset();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  all = OGR_G_CreateGeometry(wkbMultiPolygon);
  if (all == NULL) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "union: out of memory");
    goto done;
  }
  for (int i = 0; i < n; i++) {
    if (parts[i] == NULL || phs_mpoly_is_empty(parts[i])) continue;
    if (add_polygons(all, parts[i]) != PHS_OK) {
      rc = phs_diag_error(d, PHS_ERUNTIME, "union: cannot build part %d: %s", i,
                          CPLGetLastErrorMsg());
      goto done;
    }
  }
  if (OGR_G_GetGeometryCount(all) == 0) goto done; /* union of nothing */
  u = OGR_G_UnionCascaded(all);
  if (u == NULL) {
    const char *msg = CPLGetLastErrorMsg();
    rc = phs_diag_error(d, PHS_ERUNTIME, "union of %d polygons failed: %s", n,
                        msg[0] ? msg
                               : phs_tr("GEOS unavailable or invalid input"));
    goto done;
  }
  if (close_dist > 0) {
    /* Morphological closing: grow then shrink by close_dist, which seals
    ** the thin gaps between separately simplified neighbours without
    ** moving the outer boundary by more than the buffer's segment error. */
    OGRGeometryH grown = OGR_G_Buffer(u, close_dist, 8);
    OGRGeometryH closed = grown ? OGR_G_Buffer(grown, -close_dist, 8) : NULL;
    OGR_G_DestroyGeometry(grown);
    if (closed == NULL) {
      rc = phs_diag_error(d, PHS_ERUNTIME, "union: closing failed: %s",
                          CPLGetLastErrorMsg());
      goto done;
    }
    OGR_G_DestroyGeometry(u);
    u = closed;
  }
  if (read_polygons(u, min_hole_area, out) != PHS_OK) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "union: out of memory");
    goto done;
  }
done:
  if (rc != PHS_OK) phs_mpoly_free(out);
  OGR_G_DestroyGeometry(u);
  OGR_G_DestroyGeometry(all);
  CPLPopErrorHandler();
  return rc;
}

/* ------------------------------------------------------------ simplify */

void phs_mpoly_simplify(phs_mpoly *m, double tol) {
  size_t len = 0;
  unsigned char *wkb = phs_mpoly_is_empty(m) ? NULL : phs_mpoly_wkb(m, &len);
  if (wkb == NULL) return;
  CPLPushErrorHandler(CPLQuietErrorHandler); /* unclosed rings: closed next */
  OGRGeometryH g = NULL, sg = NULL;
  if (OGR_G_CreateFromWkb(wkb, NULL, &g, (int)len) == OGRERR_NONE) {
    OGR_G_CloseRings(g);
    sg = OGR_G_SimplifyPreserveTopology(g, tol);
  }
  phs_mpoly out;
  phs_mpoly_init(&out);
  int ok = sg != NULL && !OGR_G_IsEmpty(sg);
  OGRwkbGeometryType type =
      ok ? wkbFlatten(OGR_G_GetGeometryType(sg)) : wkbUnknown;
  int n_polys = type == wkbMultiPolygon ? OGR_G_GetGeometryCount(sg) : 1;
  ok = ok && (type == wkbMultiPolygon || type == wkbPolygon);
  for (int i = 0; ok && i < n_polys; i++) {
    OGRGeometryH poly = type == wkbMultiPolygon ? OGR_G_GetGeometryRef(sg, i)
                                                : sg;
    for (int k = 0; ok && k < OGR_G_GetGeometryCount(poly); k++) {
      OGRGeometryH ring = OGR_G_GetGeometryRef(poly, k);
      int n = OGR_G_GetPointCount(ring);
      double *xy = malloc(sizeof(double) * 2 * (size_t)(n > 0 ? n : 1));
      ok = xy != NULL;
      if (ok && n > 0) {
        OGR_G_GetPoints(ring, xy, (int)(2 * sizeof(double)), xy + 1,
                        (int)(2 * sizeof(double)), NULL, 0);
        if (n > 1 && xy[0] == xy[2 * n - 2] && xy[1] == xy[2 * n - 1]) n--;
        ok = phs_mpoly_add_ring(&out, xy, n, k > 0) == PHS_OK;
      }
      free(xy);
    }
  }
  if (ok) {
    phs_mpoly_free(m);
    *m = out;
  } else {
    phs_mpoly_free(&out);
  }
  OGR_G_DestroyGeometry(sg);
  OGR_G_DestroyGeometry(g);
  CPLPopErrorHandler();
  free(wkb);
}
