/*
** data_dem.c: reading a DEM with GDAL's warper. A small GeoTIFF in
** EPSG:4326 (lon 104.9..105.1, lat 10.9..11.1, 0.001 degree pixels) holds
** the plane z = 1000 (lon - 104.9) + 500 (lat - 10.9), which bilinear
** resampling reproduces exactly, with a block of no-data; a window of it
** is read in UTM 48N (EPSG:32648) at 100 m and checked at points whose
** lon/lat were worked out by hand:
**
** - (500 000, 1 215 979.4334): on the central meridian 105 E, so lon =
**   105 exactly; the northing of lat 11 there is k0 M(11 deg) = 0.9996 *
**   1 216 466.020 (WGS 84 meridian arc, Helmert's series) = 1 215 979.4334.
**   z = 1000 * 0.1 + 500 * 0.1 = 150.
** - (505 000, same northing): 5000 m east at lat 11: dlon = 5000 /
**   (k0 N cos(lat)), N = a / sqrt(1 - e^2 sin^2(11)) = 6 378 915.1 m,
**   k0 N cos 11 = 6 259 246 m, dlon = 7.98818e-4 rad = 0.0457689 deg; the
**   latitude drops by 3.4e-6 deg (the parallel curves away from the grid
**   line): z = 145.769 + 49.998 = 195.767.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include "phs_data.h"
#include "phs_test.h"

#define NODATA -9999.0f

static int write_dem(const char *path) {
  GDALAllRegister();
  GDALDriverH drv = GDALGetDriverByName("GTiff");
  GDALDatasetH ds = GDALCreate(drv, path, 200, 200, 1, GDT_Float32, NULL);
  if (ds == NULL) return 1;
  double gt[6] = {104.9, 0.001, 0, 11.1, 0, -0.001};
  GDALSetGeoTransform(ds, gt);
  OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
  OSRImportFromEPSG(srs, 4326);
  GDALSetSpatialRef(ds, srs);
  OSRDestroySpatialReference(srs);
  float *z = malloc(200 * 200 * sizeof(float));
  for (int j = 0; j < 200; j++)
    for (int i = 0; i < 200; i++) {
      double lon = 104.9 + (i + 0.5) * 0.001, lat = 11.1 - (j + 0.5) * 0.001;
      z[j * 200 + i] = (float)(1000 * (lon - 104.9) + 500 * (lat - 10.9));
      /* No data over lon 105.02..105.04, lat 11.02..11.04. */
      if (i >= 120 && i < 140 && j >= 60 && j < 80) z[j * 200 + i] = NODATA;
    }
  GDALRasterBandH b = GDALGetRasterBand(ds, 1);
  GDALSetRasterNoDataValue(b, NODATA);
  int rc = GDALRasterIO(b, GF_Write, 0, 0, 200, 200, z, 200, 200, GDT_Float32,
                        0, 0) != CE_None;
  free(z);
  GDALClose(ds);
  return rc;
}

int main(void) {
  const char *tmp = getenv("PHS_TMP");
  char path[1024];
  snprintf(path, sizeof(path), "%s/data_dem_%ld.tif", tmp ? tmp : "/tmp",
           (long)getpid());
  ASSERT_OK(write_dem(path));

  /* The window: x 479 950..509 950 (300 cells, centres 480 000, 480 100,
  ** ..., 500 000 at i = 200, 505 000 at i = 250), top 1 221 029.4334 (100
  ** rows, centre row j = 50 at 1 215 979.4334). West of lon 104.9
  ** (x ~ 489 070 at these latitudes) the file has nothing: NaN. */
  phs_dem dem;
  float *z = NULL;
  phs_diag d;
  phs_diag_init(&d);
  double top = 1215979.4334 + 50 + 100 * 50;
  ASSERT_OK(phs_dem_read(path, "EPSG:32648", 479950, top, 509950,
                         top - 10000, 100, &dem, &z, &d));
  ASSERT_TRUE(z != NULL && dem.z == z);
  ASSERT_EQ(dem.nx, 300);
  ASSERT_EQ(dem.ny, 100);
  ASSERT_NEAR(dem.x0, 479950, 1e-9);
  ASSERT_NEAR(dem.y0, top, 1e-9);
  ASSERT_NEAR(dem.res, 100, 0);
  if (z && dem.nx == 300 && dem.ny == 100) {
    ASSERT_NEAR(z[50 * 300 + 200], 150.0, 0.01);
    ASSERT_NEAR(z[50 * 300 + 250], 195.767, 0.01);
    /* The same through phs_dem_height at the centres. */
    ASSERT_NEAR(phs_dem_height(&dem, 500000, 1215979.4334), 150.0, 0.01);
    /* Off the file, west of lon 104.9: NaN. */
    ASSERT_TRUE(isnan(z[50 * 300 + 0]));
    ASSERT_TRUE(isnan(z[50 * 300 + 50])); /* x = 485 000 */
    /* The no-data block: (503 300, 1 219 279.4334) is lon ~105.030,
    ** lat ~11.030 (3300 m east, 3300 m north): i = 233, j = 17. */
    ASSERT_TRUE(isnan(z[17 * 300 + 233]));
    /* Everything else inside the file has a value on the plane:
    ** z in [0, 300]. */
    long bad = 0;
    for (int i = 0; i < 300 * 100; i++)
      if (!isnan(z[i]) && !(z[i] >= 0 && z[i] <= 300)) bad++;
    ASSERT_EQ(bad, 0);
  }
  free(z);

  /* Corners in any order, and a window that is not a whole number of
  ** cells: the right and bottom edges move out to whole cells. */
  ASSERT_OK(phs_dem_read(path, "EPSG:32648", 505050, 1215000, 500000,
                         1216029.4334, 100, &dem, &z, &d));
  ASSERT_EQ(dem.nx, 51);
  ASSERT_EQ(dem.ny, 11);
  ASSERT_NEAR(dem.x0, 500000, 1e-9);
  ASSERT_NEAR(dem.y0, 1216029.4334, 1e-9);
  /* Cell (0, 0) is centred on (500 050, 1 215 979.4334): 50 m east of the
  ** meridian, dlon = 50 / 6 259 246 rad = 0.000458 deg: z = 150.458. */
  if (z) ASSERT_NEAR(z[0], 150.458, 0.01);
  free(z);

  /* A missing file: the error names it. */
  ASSERT_EQ(phs_dem_read("/nonexistent/srtm_58_10.tif", "EPSG:32648", 0, 0,
                         1000, 1000, 100, &dem, &z, &d),
            PHS_EINPUT);
  ASSERT_CONTAINS(d.msg, "/nonexistent/srtm_58_10.tif");
  ASSERT_TRUE(z == NULL && dem.z == NULL);
  phs_diag_clear(&d);

  /* A file GDAL cannot read as a raster. */
  char txt[1024];
  snprintf(txt, sizeof(txt), "%s/data_dem_%ld.txt", tmp ? tmp : "/tmp",
           (long)getpid());
  FILE *f = fopen(txt, "w");
  if (f) {
    fputs("not a raster\n", f);
    fclose(f);
  }
  ASSERT_EQ(phs_dem_read(txt, "EPSG:32648", 0, 0, 1000, 1000, 100, &dem, &z,
                         &d),
            PHS_EINPUT);
  ASSERT_CONTAINS(d.msg, txt);
  phs_diag_clear(&d);
  remove(txt);

  /* Bad requests. */
  ASSERT_EQ(phs_dem_read(path, "EPSG:32648", 0, 0, 0, 1000, 100, &dem, &z,
                         &d),
            PHS_EUSAGE);
  phs_diag_clear(&d);
  ASSERT_EQ(phs_dem_read(path, "EPSG:999999", 0, 0, 1000, 1000, 100, &dem,
                         &z, &d),
            PHS_EUSAGE);
  ASSERT_CONTAINS(d.msg, path);
  phs_diag_clear(&d);

  remove(path);
  return phs_test_report("data_dem");
}
