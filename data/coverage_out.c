/*
** coverage_out.c: the coverage grid written as files a GIS opens: three
** GeoTIFFs (best-server signal, serving site, overlap count; per group
** plus "ANY") and a GeoPackage of covered-cell polygons per group plus
** "any", "all" and "notspot", made with GDALPolygonize. The four files are
** written under temporary names in the output folder and renamed only when
** all of them succeeded, so a failure never leaves a mixed set. Output is
** reproducible: no timestamps in the GeoTIFFs, and the GeoPackage's
** last_change is pinned (OGR_CURRENT_DATE). Formats: docs/propagation.md,
** "Outputs".
*/
#include "phs_data.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <errno.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define SIGNAL_NODATA (-9999.0)
/* gpkg_contents.last_change of every layer: a fixed date, so that the same
** grid gives the same bytes. */
#define FIXED_DATE "1970-01-01T00:00:00.000Z"

enum { F_SIGNAL = 0, F_SERVER, F_OVERLAP, F_GPKG, N_FILES };
static const char *const file_suffix[N_FILES] = {
    "signal.tif", "server.tif", "overlap.tif", "coverage.gpkg"};

/* The derived layers of the GeoPackage, after the groups' layers. */
enum { L_ANY = 0, L_ALL, L_NOTSPOT, N_DERIVED };
static const char *const derived_layer[N_DERIVED] = {"any", "all", "notspot"};
static const char *const derived_operator[N_DERIVED] = {"ANY", "ALL", "NONE"};

typedef struct out_ctx {
  const phs_cov_grid *g;          /* borrowed */
  const phs_coverage_out_opts *o; /* borrowed */
  phs_diag *d;                    /* borrowed */
  OGRSpatialReferenceH srs;       /* owned: OSRDestroySpatialReference() */
  double gt[6];
  size_t n;                       /* cells in one plane */
  char thr[64];                   /* threshold as metadata text */
  char *final_path[N_FILES];      /* owned */
  char *tmp_path[N_FILES];        /* owned */
} out_ctx;

static int gdal_fail(out_ctx *c, const char *path, const char *what) {
  const char *msg = CPLGetLastErrorMsg();
  return phs_diag_error(c->d, PHS_ERUNTIME, "%s: %s: %s", path, what,
                        msg && *msg ? msg : "GDAL gave no reason");
}

/* mkdir -p; 0 or -1 (errno set). */
static int make_dirs(const char *dir) {
  char *p = phs_strdup(dir);
  struct stat st;
  int rc = 0;
  if (p == NULL) return -1;
  for (char *s = p + 1; *s && rc == 0; s++) {
    if (*s != '/') continue;
    *s = '\0';
    if (stat(p, &st) != 0 && mkdir(p, 0777) != 0 && errno != EEXIST) rc = -1;
    *s = '/';
  }
  if (rc == 0 && stat(p, &st) != 0 && mkdir(p, 0777) != 0 && errno != EEXIST)
    rc = -1;
  if (rc == 0 && (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))) {
    errno = ENOTDIR;
    rc = -1;
  }
  free(p);
  return rc;
}

static int check_opts(const phs_cov_grid *g, const phs_coverage_out_opts *o,
                      phs_diag *d) {
  if (g == NULL || o == NULL || g->nx <= 0 || g->ny <= 0 || g->n_groups <= 0 ||
      !(g->res > 0) || g->best_dbm == NULL || g->server == NULL ||
      g->n_cover == NULL)
    return phs_diag_error(d, PHS_EUSAGE, "coverage output: empty grid");
  if (o->dir == NULL || o->dir[0] == '\0')
    return phs_diag_error(d, PHS_EUSAGE, "coverage output: no folder given");
  if (o->crs == NULL || o->crs[0] == '\0')
    return phs_diag_error(d, PHS_EUSAGE, "coverage output: no CRS given");
  if (o->tech == NULL || o->tech[0] == '\0' || strchr(o->tech, '/'))
    return phs_diag_error(d, PHS_EUSAGE,
                          "coverage output: technology '%s' cannot be part of"
                          " a file name", o->tech ? o->tech : "");
  if (!isfinite(o->threshold_dbm))
    return phs_diag_error(d, PHS_EUSAGE, "coverage output: no threshold");
  if (o->group_names == NULL)
    return phs_diag_error(d, PHS_EUSAGE, "coverage output: no group names");
  for (int k = 0; k < g->n_groups; k++) {
    const char *nm = o->group_names[k];
    if (nm == NULL || nm[0] == '\0')
      return phs_diag_error(d, PHS_EUSAGE,
                            "coverage output: group %d has no name", k);
    /* Layer names are table names (case-insensitive in SQLite). */
    for (int m = 0; m < N_DERIVED; m++)
      if (strcasecmp(nm, derived_layer[m]) == 0)
        return phs_diag_error(d, PHS_EUSAGE,
                              "coverage output: operator code '%s' is reserved"
                              " for the derived layer '%s'", nm,
                              derived_layer[m]);
    for (int m = 0; m < k; m++)
      if (strcasecmp(nm, o->group_names[m]) == 0)
        return phs_diag_error(d, PHS_EUSAGE,
                              "coverage output: operator code '%s' given twice",
                              nm);
  }
  return PHS_OK;
}

static int setup_crs(out_ctx *c) {
  c->srs = OSRNewSpatialReference(NULL);
  if (c->srs == NULL)
    return phs_diag_error(c->d, PHS_ERUNTIME, "coverage output: out of memory");
  CPLErrorReset();
  if (OSRSetFromUserInput(c->srs, c->o->crs) != OGRERR_NONE) {
    const char *msg = CPLGetLastErrorMsg();
    return phs_diag_error(c->d, PHS_EUSAGE, "CRS '%s' not recognised%s%s",
                          c->o->crs, msg && *msg ? ": " : "", msg ? msg : "");
  }
  if (OSRIsGeographic(c->srs) || OSRIsGeocentric(c->srs))
    return phs_diag_error(c->d, PHS_EUSAGE,
                          "CRS '%s' is not projected (the grid's cells are"
                          " metres)", c->o->crs);
  OSRSetAxisMappingStrategy(c->srs, OAMS_TRADITIONAL_GIS_ORDER);
  return PHS_OK;
}

/* ------------------------------------------------------------ rasters */

static GDALDatasetH create_tif(out_ctx *c, const char *path, GDALDataType t,
                               int nbands) {
  GDALDriverH drv = GDALGetDriverByName("GTiff");
  char **opts = NULL;
  GDALDatasetH ds;
  if (drv == NULL) {
    phs_diag_error(c->d, PHS_ERUNTIME, "%s: GDAL has no GTiff driver", path);
    return NULL;
  }
  opts = CSLSetNameValue(opts, "COMPRESS", "DEFLATE");
  opts = CSLSetNameValue(opts, "TILED", "YES");
  opts = CSLSetNameValue(opts, "INTERLEAVE", "BAND");
  opts = CSLSetNameValue(opts, "BIGTIFF", "IF_SAFER");
  CPLErrorReset();
  ds = GDALCreate(drv, path, c->g->nx, c->g->ny, nbands, t, opts);
  CSLDestroy(opts);
  if (ds == NULL) {
    gdal_fail(c, path, "cannot create");
    return NULL;
  }
  if (GDALSetGeoTransform(ds, c->gt) != CE_None ||
      GDALSetSpatialRef(ds, c->srs) != CE_None ||
      GDALSetMetadataItem(ds, "PHUSONG_THRESHOLD_DBM", c->thr, NULL) !=
          CE_None ||
      (c->o->metadata_json &&
       GDALSetMetadataItem(ds, "PHUSONG_MODEL", c->o->metadata_json, NULL) !=
           CE_None)) {
    gdal_fail(c, path, "cannot set the georeferencing and metadata");
    GDALClose(ds);
    return NULL;
  }
  return ds;
}

static int write_band(out_ctx *c, GDALDatasetH ds, const char *path, int b,
                      const char *name, GDALDataType t, void *buf,
                      int has_nodata, double nodata) {
  GDALRasterBandH h = GDALGetRasterBand(ds, b);
  GDALSetDescription(h, name);
  if (has_nodata && GDALSetRasterNoDataValue(h, nodata) != CE_None)
    return gdal_fail(c, path, "cannot set nodata");
  if (GDALRasterIO(h, GF_Write, 0, 0, c->g->nx, c->g->ny, buf, c->g->nx,
                   c->g->ny, t, 0, 0) != CE_None)
    return gdal_fail(c, path, "cannot write");
  return PHS_OK;
}

/* Overviews 2, 4, 8, 16, each while the shorter side has that many cells;
** then close, reporting errors of the final flush. */
static int finish_tif(out_ctx *c, GDALDatasetH ds, const char *path,
                      const char *resampling) {
  static const int all_levels[] = {2, 4, 8, 16};
  int levels[4], n = 0;
  int side = c->g->nx < c->g->ny ? c->g->nx : c->g->ny;
  for (int k = 0; k < 4; k++)
    if (all_levels[k] <= side) levels[n++] = all_levels[k];
  CPLErrorReset();
  if (n > 0 && GDALBuildOverviews(ds, resampling, n, levels, 0, NULL, NULL,
                                  NULL) != CE_None) {
    int rc = gdal_fail(c, path, "cannot build overviews");
    GDALClose(ds);
    return rc;
  }
  GDALClose(ds);
  if (CPLGetLastErrorType() >= CE_Failure)
    return gdal_fail(c, path, "cannot write");
  return PHS_OK;
}

static int is_covered(const out_ctx *c, float v) {
  return v >= c->o->threshold_dbm; /* false for -INFINITY and NaN */
}

static int write_signal(out_ctx *c) {
  const phs_cov_grid *g = c->g;
  const char *path = c->tmp_path[F_SIGNAL];
  float *buf = malloc(c->n * sizeof(float));
  float *any = malloc(c->n * sizeof(float));
  GDALDatasetH ds = NULL;
  int rc = PHS_OK;
  if (buf == NULL || any == NULL) {
    rc = phs_diag_error(c->d, PHS_ERUNTIME, "%s: out of memory", path);
    goto done;
  }
  ds = create_tif(c, path, GDT_Float32, g->n_groups + 1);
  if (ds == NULL) {
    rc = PHS_ERUNTIME;
    goto done;
  }
  for (size_t k = 0; k < c->n; k++) any[k] = -INFINITY;
  for (int grp = 0; grp < g->n_groups; grp++) {
    const float *src = g->best_dbm + (size_t)grp * c->n;
    for (size_t k = 0; k < c->n; k++) {
      float v = src[k];
      if (v > any[k]) any[k] = v;
      buf[k] = isfinite(v) ? v : (float)SIGNAL_NODATA;
    }
    rc = write_band(c, ds, path, grp + 1, c->o->group_names[grp], GDT_Float32,
                    buf, 1, SIGNAL_NODATA);
    if (rc) goto done;
  }
  for (size_t k = 0; k < c->n; k++)
    if (!isfinite(any[k])) any[k] = (float)SIGNAL_NODATA;
  rc = write_band(c, ds, path, g->n_groups + 1, "ANY", GDT_Float32, any, 1,
                  SIGNAL_NODATA);
  if (rc) goto done;
  rc = finish_tif(c, ds, path, "AVERAGE");
  ds = NULL;
done:
  if (ds) GDALClose(ds);
  free(buf);
  free(any);
  return rc;
}

static int write_server(out_ctx *c) {
  const phs_cov_grid *g = c->g;
  const char *path = c->tmp_path[F_SERVER];
  GDALDatasetH ds = create_tif(c, path, GDT_Int32, g->n_groups);
  if (ds == NULL) return PHS_ERUNTIME;
  for (int grp = 0; grp < g->n_groups; grp++) {
    /* The grid's plane is const; GDAL only reads it on GF_Write. */
    void *plane = (void *)(g->server + (size_t)grp * c->n);
    int rc = write_band(c, ds, path, grp + 1, c->o->group_names[grp],
                        GDT_Int32, plane, 1, -1);
    if (rc) {
      GDALClose(ds);
      return rc;
    }
  }
  return finish_tif(c, ds, path, "NEAREST");
}

static int write_overlap(out_ctx *c) {
  const phs_cov_grid *g = c->g;
  const char *path = c->tmp_path[F_OVERLAP];
  uint16_t *any = calloc(c->n, sizeof(uint16_t));
  GDALDatasetH ds = NULL;
  int rc = PHS_OK;
  if (any == NULL) {
    rc = phs_diag_error(c->d, PHS_ERUNTIME, "%s: out of memory", path);
    goto done;
  }
  ds = create_tif(c, path, GDT_UInt16, g->n_groups + 1);
  if (ds == NULL) {
    rc = PHS_ERUNTIME;
    goto done;
  }
  for (int grp = 0; grp < g->n_groups; grp++) {
    const float *sig = g->best_dbm + (size_t)grp * c->n;
    for (size_t k = 0; k < c->n; k++)
      if (is_covered(c, sig[k]) && any[k] < UINT16_MAX) any[k]++;
    /* The grid's plane is const; GDAL only reads it on GF_Write. */
    rc = write_band(c, ds, path, grp + 1, c->o->group_names[grp], GDT_UInt16,
                    (void *)(g->n_cover + (size_t)grp * c->n), 0, 0);
    if (rc) goto done;
  }
  rc = write_band(c, ds, path, g->n_groups + 1, "ANY", GDT_UInt16, any, 0, 0);
  if (rc) goto done;
  rc = finish_tif(c, ds, path, "NEAREST");
  ds = NULL;
done:
  if (ds) GDALClose(ds);
  free(any);
  return rc;
}

/* -------------------------------------------------------- GeoPackage */

/* 0/1 mask of layer `which`: a group index, or n_groups + L_*. */
static void layer_mask(const out_ctx *c, int which, unsigned char *m) {
  const phs_cov_grid *g = c->g;
  if (which < g->n_groups) {
    const float *sig = g->best_dbm + (size_t)which * c->n;
    for (size_t k = 0; k < c->n; k++)
      m[k] = (unsigned char)is_covered(c, sig[k]);
    return;
  }
  int kind = which - g->n_groups;
  for (size_t k = 0; k < c->n; k++) {
    int n_cov = 0;
    for (int grp = 0; grp < g->n_groups; grp++)
      n_cov += is_covered(c, g->best_dbm[(size_t)grp * c->n + k]);
    m[k] = (unsigned char)(kind == L_ANY   ? n_cov > 0
                           : kind == L_ALL ? n_cov == g->n_groups
                                           : n_cov == 0);
  }
}

/* Polygonize one mask into an in-memory layer, then copy its polygons into
** the GeoPackage layer `name` with their attributes. */
static int write_layer(out_ctx *c, GDALDatasetH gpkg, GDALDatasetH mem_r,
                       unsigned char *mask, int which) {
  const char *path = c->tmp_path[F_GPKG];
  int is_group = which < c->g->n_groups;
  const char *name = is_group ? c->o->group_names[which]
                              : derived_layer[which - c->g->n_groups];
  const char *op = is_group ? c->o->group_names[which]
                            : derived_operator[which - c->g->n_groups];
  GDALDriverH mem_drv = GDALGetDriverByName("Memory");
  GDALDatasetH mem_v = NULL;
  OGRLayerH mem_l, out_l;
  OGRFeatureH mf = NULL, f = NULL;
  GDALRasterBandH band = GDALGetRasterBand(mem_r, 1);
  int rc = PHS_OK, in_tx = 0;
  char what[512];

  snprintf(what, sizeof(what), "layer %s", name);
  layer_mask(c, which, mask);
  CPLErrorReset();
  if (GDALRasterIO(band, GF_Write, 0, 0, c->g->nx, c->g->ny, mask, c->g->nx,
                   c->g->ny, GDT_Byte, 0, 0) != CE_None) {
    rc = gdal_fail(c, path, what);
    goto done;
  }
  if (mem_drv == NULL ||
      (mem_v = GDALCreate(mem_drv, "", 0, 0, 0, GDT_Unknown, NULL)) == NULL ||
      (mem_l = GDALDatasetCreateLayer(mem_v, "p", c->srs, wkbPolygon,
                                      NULL)) == NULL) {
    rc = gdal_fail(c, path, "cannot create an in-memory layer");
    goto done;
  }
  /* The band is its own mask: only the 1s become polygons (4-connected). */
  if (GDALPolygonize(band, band, mem_l, -1, NULL, NULL, NULL) != CE_None) {
    rc = gdal_fail(c, path, what);
    goto done;
  }

  out_l = GDALDatasetCreateLayer(gpkg, name, c->srs, wkbPolygon, NULL);
  if (out_l == NULL) {
    rc = gdal_fail(c, path, what);
    goto done;
  }
  static const char *const fields[] = {"operator", "tech", "threshold_dbm",
                                       "area_km2"};
  for (int k = 0; k < 4; k++) {
    OGRFieldDefnH fd = OGR_Fld_Create(fields[k], k < 2 ? OFTString : OFTReal);
    OGRErr e = OGR_L_CreateField(out_l, fd, TRUE);
    OGR_Fld_Destroy(fd);
    if (e != OGRERR_NONE) {
      rc = gdal_fail(c, path, what);
      goto done;
    }
  }
  if (GDALDatasetStartTransaction(gpkg, FALSE) != OGRERR_NONE) {
    rc = gdal_fail(c, path, what);
    goto done;
  }
  in_tx = 1;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(out_l);
  OGR_L_ResetReading(mem_l);
  while ((mf = OGR_L_GetNextFeature(mem_l)) != NULL) {
    OGRGeometryH geom = OGR_F_StealGeometry(mf);
    f = OGR_F_Create(defn);
    if (f == NULL || geom == NULL) {
      if (geom) OGR_G_DestroyGeometry(geom);
      rc = gdal_fail(c, path, what);
      goto done;
    }
    OGR_F_SetFieldString(f, 0, op);
    OGR_F_SetFieldString(f, 1, c->o->tech);
    OGR_F_SetFieldDouble(f, 2, c->o->threshold_dbm);
    /* Planar area in the grid's CRS. */
    OGR_F_SetFieldDouble(f, 3, OGR_G_Area(geom) / 1e6);
    OGR_F_SetGeometryDirectly(f, geom);
    if (OGR_L_CreateFeature(out_l, f) != OGRERR_NONE) {
      rc = gdal_fail(c, path, what);
      goto done;
    }
    OGR_F_Destroy(f);
    f = NULL;
    OGR_F_Destroy(mf);
    mf = NULL;
  }
  in_tx = 0;
  if (GDALDatasetCommitTransaction(gpkg) != OGRERR_NONE)
    rc = gdal_fail(c, path, what);
done:
  if (in_tx) GDALDatasetRollbackTransaction(gpkg);
  if (f) OGR_F_Destroy(f);
  if (mf) OGR_F_Destroy(mf);
  if (mem_v) GDALClose(mem_v);
  return rc;
}

static int write_gpkg(out_ctx *c) {
  const char *path = c->tmp_path[F_GPKG];
  GDALDriverH gpkg_drv = GDALGetDriverByName("GPKG");
  GDALDriverH mem_drv = GDALGetDriverByName("MEM");
  GDALDatasetH gpkg = NULL, mem_r = NULL;
  unsigned char *mask = malloc(c->n);
  int rc = PHS_OK;
  /* Pin gpkg_contents.last_change (thread-local, restored after). */
  const char *prev = CPLGetThreadLocalConfigOption("OGR_CURRENT_DATE", NULL);
  char *saved = prev ? CPLStrdup(prev) : NULL;
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", FIXED_DATE);

  if (mask == NULL) {
    rc = phs_diag_error(c->d, PHS_ERUNTIME, "%s: out of memory", path);
    goto done;
  }
  if (gpkg_drv == NULL || mem_drv == NULL) {
    rc = phs_diag_error(c->d, PHS_ERUNTIME,
                        "%s: GDAL lacks the GPKG or MEM driver", path);
    goto done;
  }
  CPLErrorReset();
  mem_r = GDALCreate(mem_drv, "", c->g->nx, c->g->ny, 1, GDT_Byte, NULL);
  if (mem_r == NULL || GDALSetGeoTransform(mem_r, c->gt) != CE_None ||
      GDALSetSpatialRef(mem_r, c->srs) != CE_None) {
    rc = gdal_fail(c, path, "cannot create the in-memory raster");
    goto done;
  }
  gpkg = GDALCreate(gpkg_drv, path, 0, 0, 0, GDT_Unknown, NULL);
  if (gpkg == NULL) {
    rc = gdal_fail(c, path, "cannot create");
    goto done;
  }
  for (int which = 0; which < c->g->n_groups + N_DERIVED; which++) {
    rc = write_layer(c, gpkg, mem_r, mask, which);
    if (rc) goto done;
  }
  if (GDALSetMetadataItem(gpkg, "PHUSONG_THRESHOLD_DBM", c->thr, NULL) !=
          CE_None ||
      (c->o->metadata_json &&
       GDALSetMetadataItem(gpkg, "PHUSONG_MODEL", c->o->metadata_json, NULL) !=
           CE_None)) {
    rc = gdal_fail(c, path, "cannot set metadata");
    goto done;
  }
  CPLErrorReset();
  GDALClose(gpkg);
  gpkg = NULL;
  if (CPLGetLastErrorType() >= CE_Failure)
    rc = gdal_fail(c, path, "cannot write");
done:
  if (gpkg) GDALClose(gpkg);
  if (mem_r) GDALClose(mem_r);
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", saved);
  CPLFree(saved);
  free(mask);
  return rc;
}

/* --------------------------------------------------------------- API */

int phs_coverage_write(const phs_cov_grid *g, const phs_coverage_out_opts *o,
                       phs_diag *d) {
  out_ctx c;
  struct stat st;
  int rc, k, pushed = 0;

  memset(&c, 0, sizeof(c));
  rc = check_opts(g, o, d);
  if (rc) return rc;
  c.g = g;
  c.o = o;
  c.d = d;
  c.n = (size_t)g->nx * (size_t)g->ny;
  c.gt[0] = g->x0;
  c.gt[1] = g->res;
  c.gt[2] = 0;
  c.gt[3] = g->y0;
  c.gt[4] = 0;
  c.gt[5] = -g->res;
  CPLsnprintf(c.thr, sizeof(c.thr), "%.10g", o->threshold_dbm);

  if (GDALGetDriverCount() == 0) GDALAllRegister();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  pushed = 1;
  rc = setup_crs(&c);
  if (rc) goto done;

  for (k = 0; k < N_FILES; k++) {
    c.final_path[k] = phs_strdup_printf("%s/%s_%s", o->dir, o->tech,
                                        file_suffix[k]);
    c.tmp_path[k] = phs_strdup_printf("%s/.tmp-%s_%s", o->dir, o->tech,
                                      file_suffix[k]);
    if (c.final_path[k] == NULL || c.tmp_path[k] == NULL) {
      rc = phs_diag_error(d, PHS_ERUNTIME, "coverage output: out of memory");
      goto done;
    }
  }
  /* Refuse before writing anything. */
  for (k = 0; k < N_FILES; k++)
    if (!o->overwrite && stat(c.final_path[k], &st) == 0) {
      rc = phs_diag_error(d, PHS_EUSAGE, "%s exists; use --overwrite",
                          c.final_path[k]);
      goto done;
    }
  if (make_dirs(o->dir) != 0) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "cannot create the folder %s: %s",
                        o->dir, strerror(errno));
    goto done;
  }
  for (k = 0; k < N_FILES; k++) unlink(c.tmp_path[k]); /* a crashed run's */

  rc = write_signal(&c);
  if (!rc) rc = write_server(&c);
  if (!rc) rc = write_overlap(&c);
  if (!rc) rc = write_gpkg(&c);
  if (rc) goto done;

  for (k = 0; k < N_FILES; k++) {
    char *aux = phs_strdup_printf("%s.aux.xml", c.final_path[k]);
    if (aux) unlink(aux); /* a stale side-car would override the metadata */
    free(aux);
    if (rename(c.tmp_path[k], c.final_path[k]) != 0) {
      rc = phs_diag_error(d, PHS_ERUNTIME, "cannot rename %s to %s: %s",
                          c.tmp_path[k], c.final_path[k], strerror(errno));
      goto done;
    }
  }

done:
  for (k = 0; k < N_FILES; k++) {
    if (rc && c.tmp_path[k]) unlink(c.tmp_path[k]);
    free(c.final_path[k]);
    free(c.tmp_path[k]);
  }
  if (c.srs) OSRDestroySpatialReference(c.srs);
  if (pushed) CPLPopErrorHandler();
  return rc;
}
