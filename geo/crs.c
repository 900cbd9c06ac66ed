/*
** crs.c: coordinate reference systems over PROJ (one PJ_CONTEXT per
** transform, logging silenced, errors carried in phs_diag with PROJ's text),
** the UTM zone of a point, and polygon union over GEOS through OGR's
** geometry C API. See phs_geo.h.
*/
#include "phs_geo.h"
#include "geo_int.h"

#include <cpl_error.h>
#include <math.h>
#include <ogr_api.h>
#include <proj.h>
#include <stdlib.h>
#include <string.h>

struct phs_crs_transform {
  PJ_CONTEXT *ctx;       /* owned: proj_context_destroy() */
  PJ *pj;                /* owned: proj_destroy(), normalised for
                            visualisation */
  char log[CRS_LOG_MAX]; /* PROJ's last error message (ctx's log) */
};

/* Add PROJ's error messages to the buffer ud (CRS_LOG_MAX bytes, "; "
** between them, what does not fit is dropped); print nothing. */
static void log_keep(void *ud, int level, const char *msg) {
  char *log = ud;
  size_t n = strlen(log);
  if (level <= PJ_LOG_ERROR && n + 1 < CRS_LOG_MAX)
    snprintf(log + n, CRS_LOG_MAX - n, "%s%s", n ? "; " : "", msg);
}

/* See geo_int.h. */
PJ_CONTEXT *crs_quiet_context(char *log) {
  PJ_CONTEXT *ctx = proj_context_create();
  if (ctx == NULL) return NULL;
  log[0] = '\0';
  proj_log_func(ctx, log, log_keep);
  proj_log_level(ctx, PJ_LOG_ERROR);
  proj_context_set_enable_network(ctx, 0); /* whatever PROJ_NETWORK says */
  return ctx;
}

int crs_out_of_memory(unsigned long failures_before, const char *log) {
  /* PROJ reports any failure of its proj.db queries as a CRS it cannot
  ** build ("Unknown error (code 4096)", or "no database context" when
  ** the database would not even open), so the cause is read elsewhere. */
  return phs_alloc_failures() != failures_before ||
         strstr(log, "out of memory") != NULL ||
         strstr(log, "bad_alloc") != NULL;
}

static const char *proj_error_text(PJ_CONTEXT *ctx) {
  int e = proj_context_errno(ctx);
  const char *s = e ? proj_context_errno_string(ctx, e) : NULL;
  return s ? s : "unknown PROJ error";
}

phs_crs_transform *phs_crs_transform_new(const char *src, const char *dst,
                                          phs_diag *d) {
  if (phs_crs_check(src, NULL, d) || phs_crs_check(dst, NULL, d))
    return NULL;
  phs_crs_transform *t = calloc(1, sizeof(*t));
  PJ *raw = NULL;
  if (t == NULL) {
    phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto fail;
  }
  unsigned long failures = phs_alloc_failures();
  t->ctx = crs_quiet_context(t->log);
  if (t->ctx == NULL) {
    phs_diag_error(d, PHS_ERUNTIME, "cannot create a PROJ context");
    goto fail;
  }
  raw = proj_create_crs_to_crs(t->ctx, src ? src : "", dst ? dst : "", NULL);
  if (raw == NULL && crs_out_of_memory(failures, t->log)) {
    phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto fail;
  }
  if (raw == NULL) {
    phs_diag_error(d, PHS_EINPUT, "cannot transform from %s to %s: %s",
                   src ? src : "(null)", dst ? dst : "(null)",
                   proj_error_text(t->ctx));
    goto fail;
  }
  t->pj = proj_normalize_for_visualization(t->ctx, raw);
  if (t->pj == NULL && crs_out_of_memory(failures, t->log)) {
    phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto fail;
  }
  if (t->pj == NULL) {
    phs_diag_error(d, PHS_EINPUT, "cannot normalise the transform from %s to %s: %s",
                   src, dst, proj_error_text(t->ctx));
    goto fail;
  }
  proj_destroy(raw);
  return t;
fail:
  proj_destroy(raw);
  phs_crs_transform_free(t);
  return NULL;
}

void phs_crs_transform_free(phs_crs_transform *t) {
  if (t == NULL) return;
  proj_destroy(t->pj);
  if (t->ctx) proj_context_destroy(t->ctx);
  free(t);
}

/* Transform n points at x[k*stride], y[k*stride] (stride in doubles);
** failures become HUGE_VAL and are counted. */
static size_t transform_strided(phs_crs_transform *t, double *x, double *y,
                                size_t stride, size_t n) {
  if (n == 0) return 0;
  size_t st = stride * sizeof(double);
  proj_trans_generic(t->pj, PJ_FWD, x, st, n, y, st, n, NULL, 0, 0, NULL, 0, 0);
  proj_errno_reset(t->pj);
  size_t failed = 0;
  for (size_t k = 0; k < n; k++) {
    double *px = &x[k * stride], *py = &y[k * stride];
    if (!isfinite(*px) || !isfinite(*py)) {
      *px = *py = HUGE_VAL;
      failed++;
    }
  }
  return failed;
}

size_t phs_crs_transform_points(phs_crs_transform *t, double *x, double *y,
                                size_t n) {
  return transform_strided(t, x, y, 1, n);
}

size_t phs_crs_transform_mpoly(phs_crs_transform *t, phs_mpoly *p) {
  size_t nv = p->n_rings > 0 ? (size_t)p->ring_start[p->n_rings] : 0;
  size_t failed = transform_strided(t, p->xy, p->xy + 1, 2, nv);
  phs_mpoly_bbox_from_vertices(p); /* failed vertices stay out of it */
  return failed;
}

int phs_utm_epsg(double lon, double lat) {
  double l = lon + 180.0;
  if (!(l >= 0.0 && l <= 360.0)) { /* wrap; 180 itself stays in zone 60 */
    l = fmod(l, 360.0);
    if (l < 0) l += 360.0;
  }
  int zone = (int)floor(l / 6.0) + 1;
  if (zone < 1) zone = 1;
  if (zone > 60) zone = 60;
  return (lat >= 0 ? 32600 : 32700) + zone;
}

const char *phs_proj_version(void) { return proj_info().version; }

int phs_crs_is_geographic(const char *crs, phs_diag *d) {
  if (phs_crs_check(crs, NULL, d)) return -1;
  int rc = -1;
  PJ *pj = NULL, *base = NULL;
  char log[CRS_LOG_MAX];
  unsigned long failures = phs_alloc_failures();
  PJ_CONTEXT *ctx = crs_quiet_context(log);
  if (ctx == NULL) {
    phs_diag_error(d, PHS_ERUNTIME, "cannot create a PROJ context");
    goto done;
  }
  pj = proj_create(ctx, crs ? crs : "");
  if (pj == NULL && crs_out_of_memory(failures, log)) {
    phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto done;
  }
  if (pj == NULL || !proj_is_crs(pj)) {
    phs_diag_error(d, PHS_EINPUT, "not a coordinate reference system: %s: %s",
                   crs ? crs : "(null)",
                   pj ? phs_tr("a coordinate operation")
                      : proj_error_text(ctx));
    goto done;
  }
  PJ_TYPE type = proj_get_type(pj);
  if (type == PJ_TYPE_BOUND_CRS) { /* e.g. a WKT with TOWGS84 */
    base = proj_get_source_crs(ctx, pj);
    if (base == NULL && crs_out_of_memory(failures, log)) {
      phs_diag_error(d, PHS_ERUNTIME, "out of memory");
      goto done;
    }
    type = base ? proj_get_type(base) : PJ_TYPE_UNKNOWN;
  }
  rc = (type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS);
done:
  proj_destroy(base);
  proj_destroy(pj);
  if (ctx) proj_context_destroy(ctx);
  return rc;
}

/* ---------------------------------------------------------------- union */

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
