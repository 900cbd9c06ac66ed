/*
** data_coverage_out.c: tests of phs_coverage_write. A 40 x 30 grid of 50 m
** cells with two groups, each covering a disc of cells whose values are set
** by hand (no propagation model), is written and read back with GDAL: band
** layout, geotransform, CRS, nodata, pixel values, overviews, metadata; the
** GeoPackage polygons' areas against the cell counts (exact: polygonizing a
** cell-aligned raster gives cell-corner vertices); "all" inside "any";
** the overwrite refusal; byte-identical output on a rewrite.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "phs_data.h"
#include "phs_test.h"

#define NX 40
#define NY 30
#define RES 50.0
#define X0 500000.0
#define Y0 1200000.0
#define THR (-100.0)

static const char *const names[] = {"VIETTEL", "VINAPHONE"};
/* Disc centres (cells) and radii (cells) of the covered area per group;
** a ring 3 cells wider carries a signal below the threshold. */
static const double cx[] = {10, 22}, cy[] = {12, 15}, rad[] = {6, 8};

static char g_dir[1024];

static size_t at(int grp, int i, int j) {
  return (size_t)grp * NX * NY + (size_t)j * NX + (size_t)i;
}

static void fill(phs_cov_grid *g) {
  for (int grp = 0; grp < 2; grp++)
    for (int j = 0; j < NY; j++)
      for (int i = 0; i < NX; i++) {
        double r = hypot(i - cx[grp], j - cy[grp]);
        size_t k = at(grp, i, j);
        if (r <= rad[grp]) {
          g->best_dbm[k] = (float)(-70.0 - 2.0 * r);
          g->server[k] = grp * 100 + (i + j) % 3;
          g->n_cover[k] = (uint16_t)(1 + (i % 2));
        } else if (r <= rad[grp] + 3) {
          g->best_dbm[k] = -110.5f;
          g->server[k] = grp * 100 + 7;
          g->n_cover[k] = 0;
        }
      }
}

static int covered(const phs_cov_grid *g, int grp, int i, int j) {
  return g->best_dbm[at(grp, i, j)] >= THR;
}

static char *path_of(const char *name) {
  return phs_strdup_printf("%s/%s", g_dir, name);
}

static double read_f(GDALDatasetH ds, int band, int i, int j) {
  double v = NAN;
  if (GDALRasterIO(GDALGetRasterBand(ds, band), GF_Read, i, j, 1, 1, &v, 1, 1,
                   GDT_Float64, 0, 0) != CE_None)
    return NAN;
  return v;
}

static char *slurp(const char *path, long *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  *len = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)*len + 1);
  if (b && fread(b, 1, (size_t)*len, f) != (size_t)*len) {
    free(b);
    b = NULL;
  }
  fclose(f);
  return b;
}

static void check_common(GDALDatasetH ds, const char *what, int nbands) {
  PHS_CHECK_(ds != NULL, "%s opens", what);
  if (!ds) return;
  ASSERT_EQ(GDALGetRasterCount(ds), nbands);
  ASSERT_EQ(GDALGetRasterXSize(ds), NX);
  ASSERT_EQ(GDALGetRasterYSize(ds), NY);
  double gt[6];
  ASSERT_EQ(GDALGetGeoTransform(ds, gt), CE_None);
  ASSERT_TRUE(gt[0] == X0 && gt[1] == RES && gt[2] == 0 && gt[3] == Y0 &&
              gt[4] == 0 && gt[5] == -RES);
  OGRSpatialReferenceH srs = GDALGetSpatialRef(ds);
  ASSERT_TRUE(srs != NULL);
  if (srs) {
    ASSERT_STREQ(OSRGetAuthorityName(srs, NULL), "EPSG");
    ASSERT_STREQ(OSRGetAuthorityCode(srs, NULL), "32648");
  }
  ASSERT_STREQ(GDALGetMetadataItem(ds, "PHUSONG_THRESHOLD_DBM", NULL), "-100");
  ASSERT_STREQ(GDALGetMetadataItem(ds, "PHUSONG_MODEL", NULL),
               "{\"model\":\"uma\",\"f_mhz\":3500}");
  ASSERT_TRUE(GDALGetMetadataItem(ds, "TIFFTAG_DATETIME", NULL) == NULL);
  ASSERT_STREQ(GDALGetMetadataItem(ds, "COMPRESSION", "IMAGE_STRUCTURE"),
               "DEFLATE");
  for (int b = 1; b <= nbands; b++) {
    GDALRasterBandH h = GDALGetRasterBand(ds, b);
    int bx = 0, by = 0;
    GDALGetBlockSize(h, &bx, &by);
    PHS_CHECK_(bx == 256 && by == 256, "%s band %d tiled (%d x %d)", what, b,
               bx, by);
    /* 40 x 30: levels 2, 4, 8, 16 all fit; the last is 3 x 2. */
    PHS_CHECK_(GDALGetOverviewCount(h) == 4, "%s band %d: %d overviews", what,
               b, GDALGetOverviewCount(h));
    if (GDALGetOverviewCount(h) == 4) {
      ASSERT_EQ(GDALGetRasterBandXSize(GDALGetOverview(h, 3)), 3);
      ASSERT_EQ(GDALGetRasterBandYSize(GDALGetOverview(h, 3)), 2);
    }
  }
  char *aux = phs_strdup_printf("%s.aux.xml", GDALGetDescription(ds));
  struct stat st;
  PHS_CHECK_(stat(aux, &st) != 0, "no side-car %s", aux);
  free(aux);
}

/* Union of a layer's polygons (NULL when empty) and their total area,
** summed polygon by polygon; checks the attributes on the way. */
static OGRGeometryH layer_union(OGRLayerH lyr, const char *op, double *area) {
  OGRGeometryH u = NULL;
  OGRFeatureH f;
  OGRFeatureDefnH fd = OGR_L_GetLayerDefn(lyr);
  int i_op = OGR_FD_GetFieldIndex(fd, "operator");
  int i_tech = OGR_FD_GetFieldIndex(fd, "tech");
  int i_thr = OGR_FD_GetFieldIndex(fd, "threshold_dbm");
  int i_area = OGR_FD_GetFieldIndex(fd, "area_km2");
  ASSERT_TRUE(i_op >= 0 && i_tech >= 0 && i_thr >= 0 && i_area >= 0);
  *area = 0;
  if (i_op < 0 || i_tech < 0 || i_thr < 0 || i_area < 0) return NULL;
  OGR_L_ResetReading(lyr);
  int first = 1;
  while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    double a = g ? OGR_G_Area(g) : 0;
    *area += a;
    if (first) {
      ASSERT_STREQ(OGR_F_GetFieldAsString(f, i_op), op);
      ASSERT_STREQ(OGR_F_GetFieldAsString(f, i_tech), "5G");
      ASSERT_TRUE(OGR_F_GetFieldAsDouble(f, i_thr) == THR);
      first = 0;
    }
    ASSERT_NEAR(OGR_F_GetFieldAsDouble(f, i_area), a / 1e6, 1e-12);
    if (g) {
      if (!u) {
        u = OGR_G_Clone(g);
      } else {
        OGRGeometryH n = OGR_G_Union(u, g);
        OGR_G_DestroyGeometry(u);
        u = n;
      }
    }
    OGR_F_Destroy(f);
  }
  return u;
}

static void check_gpkg(const phs_cov_grid *g) {
  long n[2] = {0, 0}, n_any = 0, n_all = 0;
  for (int j = 0; j < NY; j++)
    for (int i = 0; i < NX; i++) {
      int c0 = covered(g, 0, i, j), c1 = covered(g, 1, i, j);
      n[0] += c0;
      n[1] += c1;
      n_any += c0 || c1;
      n_all += c0 && c1;
    }
  /* The fixture is meant to have overlap and gaps. */
  ASSERT_TRUE(n_all > 0 && n_any < (long)NX * NY && n_any > n[0] &&
              n_any > n[1]);

  char *p = path_of("5G_coverage.gpkg");
  GDALDatasetH ds = GDALOpenEx(p, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL,
                               NULL, NULL);
  PHS_CHECK_(ds != NULL, "open %s", p);
  free(p);
  if (!ds) return;
  ASSERT_EQ(GDALDatasetGetLayerCount(ds), 5);
  const char *lyr_names[] = {"VIETTEL", "VINAPHONE", "any", "all", "notspot"};
  const char *ops[] = {"VIETTEL", "VINAPHONE", "ANY", "ALL", "NONE"};
  long want[] = {n[0], n[1], n_any, n_all, (long)NX * NY - n_any};
  OGRGeometryH u[5] = {NULL};
  double area[5] = {0};
  for (int k = 0; k < 5; k++) {
    OGRLayerH lyr = GDALDatasetGetLayerByName(ds, lyr_names[k]);
    PHS_CHECK_(lyr != NULL, "layer %s", lyr_names[k]);
    if (!lyr) continue;
    ASSERT_EQ(wkbFlatten(OGR_L_GetGeomType(lyr)), wkbPolygon);
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(lyr);
    ASSERT_TRUE(srs && OSRGetAuthorityCode(srs, NULL) &&
                strcmp(OSRGetAuthorityCode(srs, NULL), "32648") == 0);
    u[k] = layer_union(lyr, ops[k], &area[k]);
    PHS_CHECK_(area[k] == want[k] * RES * RES,
               "layer %s: area %.3f m2, want %ld cells x 2500", lyr_names[k],
               area[k], want[k]);
  }
  ASSERT_TRUE(area[4] + area[2] == NX * NY * RES * RES);
  /* "all" lies inside "any", and inside each group's coverage. */
  if (u[3] && u[2] && u[0] && u[1]) {
    ASSERT_TRUE(OGR_G_Within(u[3], u[2]));
    ASSERT_TRUE(OGR_G_Within(u[3], u[0]) && OGR_G_Within(u[3], u[1]));
    /* notspot and any only touch: together they tile the grid. */
    OGRGeometryH x = OGR_G_Union(u[4], u[2]);
    ASSERT_TRUE(x != NULL && OGR_G_Area(x) == NX * NY * RES * RES);
    OGR_G_DestroyGeometry(x);
  } else {
    PHS_CHECK_(0, "layers all/any/groups have polygons");
  }
  for (int k = 0; k < 5; k++) OGR_G_DestroyGeometry(u[k]);
  GDALClose(ds);
}

static void check_rasters(const phs_cov_grid *g) {
  char *p = path_of("5G_signal.tif");
  GDALDatasetH ds = GDALOpen(p, GA_ReadOnly);
  check_common(ds, p, 3);
  free(p);
  if (ds) {
    const char *desc[] = {"VIETTEL", "VINAPHONE", "ANY"};
    for (int b = 1; b <= 3; b++) {
      GDALRasterBandH h = GDALGetRasterBand(ds, b);
      ASSERT_EQ(GDALGetRasterDataType(h), GDT_Float32);
      ASSERT_STREQ(GDALGetDescription(h), desc[b - 1]);
      int has = 0;
      double nd = GDALGetRasterNoDataValue(h, &has);
      ASSERT_TRUE(has && nd == -9999);
    }
    /* Disc centre of group 0: -70; outside both: nodata; in the weak ring
    ** of group 0 only: -110.5; overlap: ANY is the max. */
    ASSERT_TRUE(read_f(ds, 1, 10, 12) == -70);
    ASSERT_TRUE(read_f(ds, 1, 39, 0) == -9999);
    ASSERT_TRUE(read_f(ds, 3, 39, 0) == -9999);
    ASSERT_TRUE(read_f(ds, 2, 10, 12) == -9999);
    ASSERT_TRUE(read_f(ds, 3, 10, 12) == -70);
    ASSERT_TRUE(read_f(ds, 1, 10, 3) == -110.5); /* r = 9 */
    ASSERT_TRUE(read_f(ds, 3, 10, 3) == -110.5);
    ASSERT_TRUE(read_f(ds, 3, 22, 15) == -70);
    int i = 15, j = 13; /* in both discs */
    double a = g->best_dbm[at(0, i, j)], b = g->best_dbm[at(1, i, j)];
    ASSERT_TRUE(a >= THR && b >= THR);
    ASSERT_TRUE(read_f(ds, 1, i, j) == a && read_f(ds, 2, i, j) == b);
    ASSERT_TRUE(read_f(ds, 3, i, j) == (a > b ? a : b));
    GDALClose(ds);
  }

  p = path_of("5G_server.tif");
  ds = GDALOpen(p, GA_ReadOnly);
  check_common(ds, p, 2);
  free(p);
  if (ds) {
    for (int b = 1; b <= 2; b++) {
      GDALRasterBandH h = GDALGetRasterBand(ds, b);
      ASSERT_EQ(GDALGetRasterDataType(h), GDT_Int32);
      ASSERT_STREQ(GDALGetDescription(h), names[b - 1]);
      int has = 0;
      double nd = GDALGetRasterNoDataValue(h, &has);
      ASSERT_TRUE(has && nd == -1);
    }
    ASSERT_TRUE(read_f(ds, 1, 10, 12) == 22 % 3);
    ASSERT_TRUE(read_f(ds, 2, 22, 15) == 100 + 37 % 3);
    ASSERT_TRUE(read_f(ds, 1, 10, 3) == 7);
    ASSERT_TRUE(read_f(ds, 2, 0, 29) == -1);
    GDALClose(ds);
  }

  p = path_of("5G_overlap.tif");
  ds = GDALOpen(p, GA_ReadOnly);
  check_common(ds, p, 3);
  free(p);
  if (ds) {
    for (int b = 1; b <= 3; b++) {
      GDALRasterBandH h = GDALGetRasterBand(ds, b);
      ASSERT_EQ(GDALGetRasterDataType(h), GDT_UInt16);
      int has = 1;
      GDALGetRasterNoDataValue(h, &has);
      ASSERT_TRUE(!has);
    }
    ASSERT_STREQ(GDALGetDescription(GDALGetRasterBand(ds, 3)), "ANY");
    ASSERT_TRUE(read_f(ds, 1, 10, 12) == 1);
    ASSERT_TRUE(read_f(ds, 1, 11, 12) == 2);
    ASSERT_TRUE(read_f(ds, 1, 10, 3) == 0);
    ASSERT_TRUE(read_f(ds, 3, 10, 12) == 1); /* groups covering */
    ASSERT_TRUE(read_f(ds, 3, 15, 13) == 2);
    ASSERT_TRUE(read_f(ds, 3, 39, 0) == 0);
    ASSERT_TRUE(read_f(ds, 3, 10, 3) == 0);  /* signal below threshold */
    GDALClose(ds);
  }
}

int main(void) {
  const char *tmp = getenv("PHS_TMP");
  snprintf(g_dir, sizeof(g_dir), "%s/coverage_out/sub", tmp ? tmp : "/tmp");
  const char *files[] = {"5G_signal.tif", "5G_server.tif", "5G_overlap.tif",
                         "5G_coverage.gpkg"};
  for (int k = 0; k < 4; k++) {
    char *p = path_of(files[k]);
    unlink(p);
    free(p);
  }

  phs_diag d;
  phs_diag_init(&d);
  phs_cov_grid g;
  ASSERT_OK(phs_cov_grid_init(&g, X0, Y0, NX, NY, RES, 2, &d));
  fill(&g);

  phs_coverage_out_opts o;
  memset(&o, 0, sizeof(o));
  o.dir = g_dir; /* two levels that do not exist yet */
  o.crs = "EPSG:32648";
  o.tech = "5G";
  o.group_names = names;
  o.threshold_dbm = THR;
  o.metadata_json = "{\"model\":\"uma\",\"f_mhz\":3500}";
  int rc = phs_coverage_write(&g, &o, &d);
  PHS_CHECK_(rc == PHS_OK, "write: %d %s", rc, d.msg);
  phs_diag_clear(&d);
  check_rasters(&g);
  check_gpkg(&g);

  /* Existing files are not replaced without overwrite; nothing changes. */
  long len0[4];
  char *before[4];
  for (int k = 0; k < 4; k++) {
    char *p = path_of(files[k]);
    before[k] = slurp(p, &len0[k]);
    ASSERT_TRUE(before[k] != NULL);
    free(p);
  }
  g.best_dbm[at(0, 0, 0)] = -50; /* a change that would show */
  ASSERT_EQ(phs_coverage_write(&g, &o, &d), PHS_EUSAGE);
  ASSERT_CONTAINS(d.msg, "5G_signal.tif exists; use --overwrite");
  ASSERT_CONTAINS(d.msg, g_dir);
  phs_diag_clear(&d);
  g.best_dbm[at(0, 0, 0)] = -INFINITY;
  /* Reproducible: rewriting the same grid gives the same bytes. */
  o.overwrite = 1;
  rc = phs_coverage_write(&g, &o, &d);
  PHS_CHECK_(rc == PHS_OK, "rewrite: %d %s", rc, d.msg);
  phs_diag_clear(&d);
  for (int k = 0; k < 4; k++) {
    char *p = path_of(files[k]);
    long len = 0;
    char *after = slurp(p, &len);
    PHS_CHECK_(after && before[k] && len == len0[k] &&
                   memcmp(after, before[k], (size_t)len) == 0,
               "%s identical after a rewrite", files[k]);
    free(after);
    free(before[k]);
    free(p);
  }
  /* No temporary files are left behind. */
  char *tmpf = path_of(".tmp-5G_coverage.gpkg");
  struct stat st;
  ASSERT_TRUE(stat(tmpf, &st) != 0);
  free(tmpf);

  /* Bad options. */
  o.crs = "EPSG:999999";
  ASSERT_EQ(phs_coverage_write(&g, &o, &d), PHS_EUSAGE);
  ASSERT_CONTAINS(d.msg, "EPSG:999999");
  phs_diag_clear(&d);
  o.crs = "EPSG:4326";
  ASSERT_EQ(phs_coverage_write(&g, &o, &d), PHS_EUSAGE);
  ASSERT_CONTAINS(d.msg, "not projected");
  phs_diag_clear(&d);
  o.crs = "EPSG:32648";
  const char *clash[] = {"VIETTEL", "any"};
  o.group_names = clash;
  ASSERT_EQ(phs_coverage_write(&g, &o, &d), PHS_EUSAGE);
  ASSERT_CONTAINS(d.msg, "any");
  phs_diag_clear(&d);
  const char *dup[] = {"VIETTEL", "viettel"};
  o.group_names = dup;
  ASSERT_EQ(phs_coverage_write(&g, &o, &d), PHS_EUSAGE);
  phs_diag_clear(&d);
  o.group_names = names;
  o.tech = "5G/x";
  ASSERT_EQ(phs_coverage_write(&g, &o, &d), PHS_EUSAGE);
  phs_diag_clear(&d);

  phs_cov_grid_free(&g);
  phs_diag_clear(&d);
  GDALDestroyDriverManager();
  return phs_test_report("data_coverage_out");
}
