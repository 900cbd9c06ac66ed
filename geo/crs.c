/*
** crs.c: coordinate reference systems over PROJ (one PJ_CONTEXT per
** transform, logging silenced, errors carried in phs_diag with PROJ's text),
** and the UTM zone of a point. Polygon union over GEOS is in
** mpoly_union.c. See phs_geo.h.
*/
#include "phs_geo.h"
#include "geo_int.h"

#include <math.h>
#include <proj.h>
#include <stdio.h>
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

