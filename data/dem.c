/*
** dem.c: reading a digital elevation model. Any raster GDAL reads (SRTM
** GeoTIFF, Copernicus DEM, .hgt, a VRT mosaic) is warped by GDAL's warper
** into a north-up grid of the working metric CRS over the requested window,
** bilinear, in memory, then copied into a float array the caller owns.
** No data, in the file or outside it, becomes NaN. The same reader serves
** any one-band read of a raster (a coverage raster for the map, with
** nearest-neighbour resampling), and phs_raster_info_read describes a
** raster (size, CRS, band types and descriptions, metadata) without
** reading its cells.
*/
#include "data_int.h"
#include "phs_data.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <gdal_utils.h>
#include <ogr_srs_api.h>

/* Refuse windows larger than this many cells (1 GiB of floats). */
#define MAX_CELLS (1LL << 28)

/* The last GDAL error message, or "" (copied: the next call reuses it). */
static void last_error(char *buf, size_t size) {
  const char *m = CPLGetLastErrorMsg();
  snprintf(buf, size, "%s%s", m && *m ? ": " : "", m ? m : "");
}

/* Read band `band` (from 1) of path, warped with `resampling` ("bilinear",
** "near"...) into the window; `what` names the raster in messages ("DEM",
** "raster"). With `point`, every cell is the resampling of the source at
** its centre alone (see phs_dem_read). See phs_dem_read and
** phs_raster_read. */
static int warp_read(const char *path, int band_no, const char *resampling,
                     int point, const char *what, const char *working_crs,
                     double x0,
                     double y0, double x1, double y1, double res,
                     phs_dem *out, float **owned_z, phs_diag *d) {
  GDALDatasetH src = NULL, dst = NULL, one = NULL;
  GDALWarpAppOptions *wo = NULL;
  GDALTranslateOptions *to = NULL;
  char **targv = NULL;
  OGRSpatialReferenceH srs = NULL;
  char **argv = NULL;
  float *z = NULL;
  char msg[1024];
  int st = PHS_OK;

  if (out) memset(out, 0, sizeof(*out));
  if (owned_z) *owned_z = NULL;
  if (path == NULL || working_crs == NULL || out == NULL || owned_z == NULL)
    return phs_diag_error(d, PHS_EUSAGE, "%s: no file or no working CRS",
                          what);
  double minx = fmin(x0, x1), maxx = fmax(x0, x1);
  double miny = fmin(y0, y1), maxy = fmax(y0, y1);
  if (!(res > 0) || !isfinite(minx) || !isfinite(maxx) || !isfinite(miny) ||
      !isfinite(maxy) || !(maxx > minx) || !(maxy > miny))
    return phs_diag_error(d, PHS_EUSAGE, "%s: empty or invalid %s window "
                          "(%g, %g)-(%g, %g) at %g m", path, what, x0, y0, x1, y1,
                          res);
  /* Whole cells: keep the top-left corner, extend right and down. */
  double fnx = ceil((maxx - minx) / res - 1e-9);
  double fny = ceil((maxy - miny) / res - 1e-9);
  if (fnx * fny > (double)MAX_CELLS)
    return phs_diag_error(d, PHS_EUSAGE, "%s: %s window of %.0f x %.0f cells"
                          " is too large; use a coarser resolution or tiles",
                          path, what, fnx, fny);
  int nx = (int)fnx, ny = (int)fny;
  maxx = minx + nx * res;
  miny = maxy - ny * res;

  store_gdal_register();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLErrorReset();

  srs = OSRNewSpatialReference(NULL);
  if (phs_crs_check(working_crs, "working CRS", d)) { /* no file, no URL */
    st = PHS_EINPUT;
    goto done;
  }
  if (OSRSetFromUserInput(srs, working_crs) != OGRERR_NONE) {
    last_error(msg, sizeof(msg));
    st = phs_diag_error(d, PHS_EUSAGE, "%s: working CRS '%s' cannot be read%s",
                        path, working_crs, msg);
    goto done;
  }
  src = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
  if (src == NULL) {
    last_error(msg, sizeof(msg));
    st = phs_diag_error(d, PHS_EINPUT, "%s: cannot read the %s%s", path,
                        what, msg);
    goto done;
  }
  if (GDALGetRasterCount(src) < 1) {
    st = phs_diag_error(d, PHS_EINPUT, "%s: the %s has no raster band", path,
                        what);
    goto done;
  }
  if (band_no < 1 || band_no > GDALGetRasterCount(src)) {
    st = phs_diag_error(d, PHS_EUSAGE, "%s: no band %d (the %s has %d)",
                        path, band_no, what, GDALGetRasterCount(src));
    goto done;
  }
  if (GDALGetSpatialRef(src) == NULL) {
    st = phs_diag_error(d, PHS_EINPUT, "%s: the %s has no CRS (a %s without"
                        " one cannot be placed: give it one, e.g. with"
                        " gdal_edit.py -a_srs EPSG:4326)", path, what, what);
    goto done;
  }
  /* The warper of GDAL 3.6 has no band selection: a virtual dataset of
  ** the one band goes in instead (only that band is ever read). */
  if (GDALGetRasterCount(src) > 1) {
    char bn[16];
    snprintf(bn, sizeof(bn), "%d", band_no);
    const char *targs[] = {"-of", "VRT", "-b", bn, NULL};
    for (int i = 0; targs[i]; i++) targv = CSLAddString(targv, targs[i]);
    to = GDALTranslateOptionsNew(targv, NULL);
    one = to ? GDALTranslate("", src, to, NULL) : NULL;
    if (one == NULL) {
      last_error(msg, sizeof(msg));
      st = phs_diag_error(d, PHS_ERUNTIME, "%s: cannot select band %d%s",
                          path, band_no, msg);
      goto done;
    }
  }
  GDALDatasetH in = one ? one : src;

  char te[4][64], tr[64];
  snprintf(te[0], sizeof(te[0]), "%.17g", minx);
  snprintf(te[1], sizeof(te[1]), "%.17g", miny);
  snprintf(te[2], sizeof(te[2]), "%.17g", maxx);
  snprintf(te[3], sizeof(te[3]), "%.17g", maxy);
  snprintf(tr, sizeof(tr), "%.17g", res);
  const char *args[] = {"-of", "MEM", "-t_srs", working_crs,
                        "-te", te[0], te[1], te[2], te[3],
                        "-tr", tr, tr, "-r", resampling, "-ot", "Float32",
                        "-dstnodata", "nan", "-et", "0", NULL};
  for (int i = 0; args[i]; i++) argv = CSLAddString(argv, args[i]);
  if (point) {
    /* The warper widens its kernel by the source/destination pixel ratio
    ** of each processing chunk, which depends on the window: a fixed scale
    ** of 1 (the plain 2 x 2 bilinear at the cell centre) and no overview
    ** make a cell's value independent of the window it was read with. */
    const char *pargs[] = {"-wo", "XSCALE=1", "-wo", "YSCALE=1", "-ovr",
                           "NONE", NULL};
    for (int i = 0; pargs[i]; i++) argv = CSLAddString(argv, pargs[i]);
  }
  wo = GDALWarpAppOptionsNew(argv, NULL);
  if (wo == NULL) {
    last_error(msg, sizeof(msg));
    st = phs_diag_error(d, PHS_ERUNTIME, "%s: %s warp options%s", path, what,
                        msg);
    goto done;
  }
  int usage_error = 0;
  dst = GDALWarp("", NULL, 1, &in, wo, &usage_error);
  if (dst == NULL) {
    last_error(msg, sizeof(msg));
    st = phs_diag_error(d, PHS_EINPUT, "%s: cannot warp the %s to %s%s",
                        path, what, working_crs, msg);
    goto done;
  }
  if (GDALGetRasterXSize(dst) != nx || GDALGetRasterYSize(dst) != ny) {
    st = phs_diag_error(d, PHS_ERUNTIME, "%s: warped %s is %d x %d cells, "
                        "expected %d x %d", path, what, GDALGetRasterXSize(dst),
                        GDALGetRasterYSize(dst), nx, ny);
    goto done;
  }
  z = malloc((size_t)nx * ny * sizeof(float));
  if (z == NULL) {
    st = phs_diag_error(d, PHS_ERUNTIME, "%s: out of memory for a %d x %d "
                        "%s", path, nx, ny, what);
    goto done;
  }
  GDALRasterBandH band = GDALGetRasterBand(dst, 1);
  if (GDALRasterIO(band, GF_Read, 0, 0, nx, ny, z, nx, ny, GDT_Float32, 0,
                   0) != CE_None) {
    last_error(msg, sizeof(msg));
    st = phs_diag_error(d, PHS_ERUNTIME, "%s: cannot read the warped %s%s",
                        path, what, msg);
    goto done;
  }
  /* The destination no-data is NaN already; a finite one would be mapped
  ** here, should GDAL ever ignore -dstnodata nan. */
  int has_nd = 0;
  double nd = GDALGetRasterNoDataValue(band, &has_nd);
  if (has_nd && !isnan(nd))
    for (size_t i = 0; i < (size_t)nx * ny; i++)
      if (z[i] == (float)nd) z[i] = NAN;

  out->nx = nx;
  out->ny = ny;
  out->x0 = minx;
  out->y0 = maxy;
  out->res = res;
  out->z = z;
  *owned_z = z;
  z = NULL;

done:
  CPLPopErrorHandler();
  free(z);
  if (dst) GDALClose(dst);
  if (one) GDALClose(one);
  if (src) GDALClose(src);
  GDALWarpAppOptionsFree(wo);
  GDALTranslateOptionsFree(to);
  CSLDestroy(argv);
  CSLDestroy(targv);
  if (srs) OSRDestroySpatialReference(srs);
  return st;
}

int phs_dem_read(const char *path, const char *working_crs, double x0,
                 double y0, double x1, double y1, double res, phs_dem *out,
                 float **owned_z, phs_diag *d) {
  return warp_read(path, 1, "bilinear", 1, "DEM", working_crs, x0, y0, x1,
                   y1, res, out, owned_z, d);
}

int phs_raster_read(const char *path, int band, int nearest, const char *crs,
                    double x0, double y0, double x1, double y1, double res,
                    phs_dem *out, float **owned_values, phs_diag *d) {
  /* Bilinear (a population raster read in bands) at each cell's centre
  ** alone, as for a DEM, so a cell's value does not depend on the window;
  ** nearest is window-independent as it is. */
  return warp_read(path, band, nearest ? "near" : "bilinear", !nearest,
                   "raster", crs, x0, y0, x1, y1, res, out, owned_values, d);
}

void phs_raster_info_free(phs_raster_info *info) {
  if (info == NULL) return;
  for (int i = 0; i < info->n_bands && info->bands; i++)
    free(info->bands[i].description);
  free(info->bands);
  free(info->crs);
  CSLDestroy(info->metadata);
  memset(info, 0, sizeof(*info));
}

const char *phs_raster_info_meta(const phs_raster_info *info,
                                 const char *key) {
  if (info == NULL || info->metadata == NULL || key == NULL) return NULL;
  return CSLFetchNameValue(info->metadata, key);
}

int phs_raster_info_read(const char *path, phs_raster_info *out,
                         phs_diag *d) {
  GDALDatasetH ds = NULL;
  char msg[1024];
  int st = PHS_OK;
  if (out == NULL || path == NULL)
    return phs_diag_error(d, PHS_EUSAGE, "raster: no file");
  memset(out, 0, sizeof(*out));
  store_gdal_register();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLErrorReset();
  ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
  if (ds == NULL) {
    last_error(msg, sizeof(msg));
    st = phs_diag_error(d, PHS_EINPUT, "%s: cannot read the raster%s", path,
                        msg);
    goto done;
  }
  out->nx = GDALGetRasterXSize(ds);
  out->ny = GDALGetRasterYSize(ds);
  out->n_bands = GDALGetRasterCount(ds);
  if (out->n_bands < 1) {
    st = phs_diag_error(d, PHS_EINPUT, "%s: the raster has no band", path);
    goto done;
  }
  if (GDALGetGeoTransform(ds, out->gt) != CE_None) {
    st = phs_diag_error(d, PHS_EINPUT, "%s: the raster is not georeferenced"
                        " (no geotransform)", path);
    goto done;
  }
  OGRSpatialReferenceH srs = GDALGetSpatialRef(ds); /* borrowed */
  if (srs != NULL) {
    out->crs_geographic = OSRIsGeographic(srs) ? 1 : 0;
    const char *auth = OSRGetAuthorityName(srs, NULL);
    const char *code = OSRGetAuthorityCode(srs, NULL);
    if (auth && code && strcmp(auth, "EPSG") == 0) {
      out->crs = phs_strdup_printf("EPSG:%s", code);
    } else {
      char *wkt = NULL;
      const char *const wopts[] = {"FORMAT=WKT2_2019", NULL};
      if (OSRExportToWktEx(srs, &wkt, wopts) == OGRERR_NONE && wkt)
        out->crs = phs_strdup_printf("%s", wkt);
      CPLFree(wkt);
    }
  }
  out->bands = calloc((size_t)out->n_bands, sizeof(phs_raster_band_info));
  if (out->bands == NULL) {
    st = phs_diag_error(d, PHS_ERUNTIME, "%s: out of memory", path);
    goto done;
  }
  for (int i = 0; i < out->n_bands; i++) {
    GDALRasterBandH b = GDALGetRasterBand(ds, i + 1);
    phs_raster_band_info *bi = &out->bands[i];
    const char *desc = GDALGetDescription(b);
    bi->description = phs_strdup_printf("%s", desc ? desc : "");
    GDALDataType t = GDALGetRasterDataType(b);
    snprintf(bi->type, sizeof(bi->type), "%s", GDALGetDataTypeName(t));
    bi->is_float = GDALDataTypeIsFloating(t) ? 1 : 0;
    bi->nodata = GDALGetRasterNoDataValue(b, &bi->has_nodata);
    if (bi->description == NULL) {
      st = phs_diag_error(d, PHS_ERUNTIME, "%s: out of memory", path);
      goto done;
    }
  }
  out->metadata = CSLDuplicate(GDALGetMetadata(ds, NULL));

done:
  CPLPopErrorHandler();
  if (ds) GDALClose(ds);
  if (st != PHS_OK) phs_raster_info_free(out);
  return st;
}
