/*
** crs_wkt.c: a CRS as WKT through PROJ, for the files that carry it beside
** an output (the GDAL .aux.xml of a map PNG). Kept apart from crs.c, which
** transforms coordinates; this only describes a CRS. See phs_geo.h.
*/
#include "phs_geo.h"

#include <proj.h>
#include <stdlib.h>
#include <string.h>

static void log_nothing(void *ud, int level, const char *msg) {
  (void)ud;
  (void)level;
  (void)msg;
}

char *phs_crs_wkt(const char *crs, phs_diag *d) {
  char *out = NULL;
  PJ *pj = NULL;
  PJ_CONTEXT *ctx = proj_context_create();
  if (ctx == NULL) {
    phs_diag_error(d, PHS_ERUNTIME, "cannot create a PROJ context");
    goto done;
  }
  proj_log_func(ctx, NULL, log_nothing);
  proj_log_level(ctx, PJ_LOG_NONE);
  pj = proj_create(ctx, crs ? crs : "");
  if (pj == NULL || !proj_is_crs(pj)) {
    int e = proj_context_errno(ctx);
    const char *why = e ? proj_context_errno_string(ctx, e) : NULL;
    phs_diag_error(d, PHS_EINPUT, "not a coordinate reference system: %s: %s",
                   crs ? crs : "(null)",
                   pj ? "a coordinate operation" : why ? why : "unknown");
    goto done;
  }
  /* WKT1 as GDAL writes it: what every GIS that reads .aux.xml (GDAL,
  ** QGIS, ArcGIS) understands; the EPSG code stays in AUTHORITY. */
  const char *const opts[] = {"MULTILINE=NO", NULL};
  const char *wkt = proj_as_wkt(ctx, pj, PJ_WKT1_GDAL, opts);
  if (wkt == NULL) wkt = proj_as_wkt(ctx, pj, PJ_WKT2_2019, opts);
  if (wkt == NULL) {
    phs_diag_error(d, PHS_EINPUT, "%s: PROJ cannot write it as WKT", crs);
    goto done;
  }
  out = malloc(strlen(wkt) + 1);
  if (out == NULL) {
    phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto done;
  }
  strcpy(out, wkt);
done:
  proj_destroy(pj);
  if (ctx) proj_context_destroy(ctx);
  return out;
}
