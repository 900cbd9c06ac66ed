/*
** crs_wkt.c: a CRS as WKT through PROJ, for the files that carry it beside
** an output (the GDAL .aux.xml of a map PNG). Kept apart from crs.c, which
** transforms coordinates; this only describes a CRS. See phs_geo.h.
*/
#include "phs_geo.h"
#include "geo_int.h"

#include <proj.h>
#include <stdlib.h>
#include <string.h>

char *phs_crs_wkt(const char *crs, phs_diag *d) {
  if (phs_crs_check(crs, NULL, d)) return NULL;
  char *out = NULL;
  PJ *pj = NULL;
  char log[CRS_LOG_MAX];
  unsigned long failures = phs_alloc_failures();
  /* quiet, and no network (crs_check.c) */
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
    int e = proj_context_errno(ctx);
    const char *why = e ? proj_context_errno_string(ctx, e) : NULL;
    phs_diag_error(d, PHS_EINPUT, "not a coordinate reference system: %s: %s",
                   crs ? crs : "(null)",
                   pj    ? phs_tr("a coordinate operation")
                   : why ? why
                         : phs_tr("unknown"));
    goto done;
  }
  /* WKT1 as GDAL writes it: what every GIS that reads .aux.xml (GDAL,
  ** QGIS, ArcGIS) understands; the EPSG code stays in AUTHORITY. */
  const char *const opts[] = {"MULTILINE=NO", NULL};
  const char *wkt = proj_as_wkt(ctx, pj, PJ_WKT1_GDAL, opts);
  if (wkt == NULL) wkt = proj_as_wkt(ctx, pj, PJ_WKT2_2019, opts);
  if (wkt == NULL && crs_out_of_memory(failures, log)) {
    phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto done;
  }
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
