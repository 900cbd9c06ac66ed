/*
** dem.c: reading a digital elevation model. Any raster GDAL reads (SRTM
** GeoTIFF, Copernicus DEM, .hgt, a VRT mosaic) is warped by GDAL's warper
** into a north-up grid of the working metric CRS over the requested window,
** bilinear, in memory, then copied into a float array the caller owns.
** No data, in the file or outside it, becomes NaN.
*/
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

int phs_dem_read(const char *path, const char *working_crs, double x0,
                 double y0, double x1, double y1, double res, phs_dem *out,
                 float **owned_z, phs_diag *d) {
  GDALDatasetH src = NULL, dst = NULL;
  GDALWarpAppOptions *wo = NULL;
  OGRSpatialReferenceH srs = NULL;
  char **argv = NULL;
  float *z = NULL;
  char msg[1024];
  int st = PHS_OK;

  if (out) memset(out, 0, sizeof(*out));
  if (owned_z) *owned_z = NULL;
  if (path == NULL || working_crs == NULL || out == NULL || owned_z == NULL)
    return phs_diag_error(d, PHS_EUSAGE, "DEM: no file or no working CRS");
  double minx = fmin(x0, x1), maxx = fmax(x0, x1);
  double miny = fmin(y0, y1), maxy = fmax(y0, y1);
  if (!(res > 0) || !isfinite(minx) || !isfinite(maxx) || !isfinite(miny) ||
      !isfinite(maxy) || !(maxx > minx) || !(maxy > miny))
    return phs_diag_error(d, PHS_EUSAGE, "%s: empty or invalid DEM window "
                          "(%g, %g)-(%g, %g) at %g m", path, x0, y0, x1, y1,
                          res);
  /* Whole cells: keep the top-left corner, extend right and down. */
  double fnx = ceil((maxx - minx) / res - 1e-9);
  double fny = ceil((maxy - miny) / res - 1e-9);
  if (fnx * fny > (double)MAX_CELLS)
    return phs_diag_error(d, PHS_EUSAGE, "%s: DEM window of %.0f x %.0f cells"
                          " is too large; use a coarser resolution or tiles",
                          path, fnx, fny);
  int nx = (int)fnx, ny = (int)fny;
  maxx = minx + nx * res;
  miny = maxy - ny * res;

  if (GDALGetDriverCount() == 0) GDALAllRegister();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLErrorReset();

  srs = OSRNewSpatialReference(NULL);
  if (OSRSetFromUserInput(srs, working_crs) != OGRERR_NONE) {
    last_error(msg, sizeof(msg));
    st = phs_diag_error(d, PHS_EUSAGE, "%s: working CRS '%s' cannot be read%s",
                        path, working_crs, msg);
    goto done;
  }
  src = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
  if (src == NULL) {
    last_error(msg, sizeof(msg));
    st = phs_diag_error(d, PHS_EINPUT, "%s: cannot read the DEM%s", path, msg);
    goto done;
  }
  if (GDALGetRasterCount(src) < 1) {
    st = phs_diag_error(d, PHS_EINPUT, "%s: the DEM has no raster band", path);
    goto done;
  }
  if (GDALGetSpatialRef(src) == NULL) {
    st = phs_diag_error(d, PHS_EINPUT, "%s: the DEM has no CRS (a DEM without"
                        " one cannot be placed: give it one, e.g. with"
                        " gdal_edit.py -a_srs EPSG:4326)", path);
    goto done;
  }

  char te[4][64], tr[64];
  snprintf(te[0], sizeof(te[0]), "%.17g", minx);
  snprintf(te[1], sizeof(te[1]), "%.17g", miny);
  snprintf(te[2], sizeof(te[2]), "%.17g", maxx);
  snprintf(te[3], sizeof(te[3]), "%.17g", maxy);
  snprintf(tr, sizeof(tr), "%.17g", res);
  const char *args[] = {"-of", "MEM", "-t_srs", working_crs,
                        "-te", te[0], te[1], te[2], te[3],
                        "-tr", tr, tr, "-r", "bilinear", "-ot", "Float32",
                        "-dstnodata", "nan", "-et", "0", NULL};
  for (int i = 0; args[i]; i++) argv = CSLAddString(argv, args[i]);
  wo = GDALWarpAppOptionsNew(argv, NULL);
  if (wo == NULL) {
    last_error(msg, sizeof(msg));
    st = phs_diag_error(d, PHS_ERUNTIME, "%s: DEM warp options%s", path, msg);
    goto done;
  }
  int usage_error = 0;
  dst = GDALWarp("", NULL, 1, &src, wo, &usage_error);
  if (dst == NULL) {
    last_error(msg, sizeof(msg));
    st = phs_diag_error(d, PHS_EINPUT, "%s: cannot warp the DEM to %s%s",
                        path, working_crs, msg);
    goto done;
  }
  if (GDALGetRasterXSize(dst) != nx || GDALGetRasterYSize(dst) != ny) {
    st = phs_diag_error(d, PHS_ERUNTIME, "%s: warped DEM is %d x %d cells, "
                        "expected %d x %d", path, GDALGetRasterXSize(dst),
                        GDALGetRasterYSize(dst), nx, ny);
    goto done;
  }
  z = malloc((size_t)nx * ny * sizeof(float));
  if (z == NULL) {
    st = phs_diag_error(d, PHS_ERUNTIME, "%s: out of memory for a %d x %d "
                        "DEM", path, nx, ny);
    goto done;
  }
  GDALRasterBandH band = GDALGetRasterBand(dst, 1);
  if (GDALRasterIO(band, GF_Read, 0, 0, nx, ny, z, nx, ny, GDT_Float32, 0,
                   0) != CE_None) {
    last_error(msg, sizeof(msg));
    st = phs_diag_error(d, PHS_ERUNTIME, "%s: cannot read the warped DEM%s",
                        path, msg);
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
  if (src) GDALClose(src);
  GDALWarpAppOptionsFree(wo);
  CSLDestroy(argv);
  if (srs) OSRDestroySpatialReference(srs);
  return st;
}
