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
#include "data_int.h"
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

/* The four output files, then the temporary mask raster the polygons are
** made from (never renamed: deleted at the end). */
enum { F_SIGNAL = 0, F_SERVER, F_OVERLAP, F_GPKG, N_FILES, F_MASKS = N_FILES,
       N_PATHS };
static const char *const file_suffix[N_PATHS] = {
    "signal.tif", "server.tif", "overlap.tif", "coverage.gpkg", "masks.tif"};
/* The GeoTIFFs open while tiles arrive, indexed like the files. */
#define N_TIFS 3

/* The derived layers of the GeoPackage, after the groups' layers. */
enum { L_ANY = 0, L_ALL, L_NOTSPOT, N_DERIVED };
static const char *const derived_layer[N_DERIVED] = {"any", "all", "notspot"};
static const char *const derived_operator[N_DERIVED] = {"ANY", "ALL", "NONE"};

typedef struct out_ctx {
  const phs_coverage_out_opts *o; /* borrowed */
  phs_diag *d;                    /* borrowed */
  OGRSpatialReferenceH srs;       /* owned: OSRDestroySpatialReference() */
  int nx, ny, n_groups;           /* the whole grid */
  double gt[6];
  char thr[64];                   /* threshold as metadata text */
  char *final_path[N_FILES];      /* owned */
  char *tmp_path[N_PATHS];        /* owned */
} out_ctx;

/* A coverage output being written tile by tile (phs_data.h). */
struct phs_coverage_writer {
  out_ctx c;
  GDALDatasetH tif[N_TIFS]; /* owned: signal, server, overlap */
  GDALDatasetH masks;       /* owned: 0/1 per group, any, all, notspot */
  float *fbuf, *fany;       /* owned scratch, one tile each */
  uint16_t *n_cov;          /* owned scratch: groups covering each cell */
  unsigned char *mbuf;      /* owned scratch */
  size_t scratch_n;         /* cells the scratch holds */
  int pushed;               /* a GDAL error handler is pushed */
};

static int gdal_fail(out_ctx *c, const char *path, const char *what) {
  const char *msg = CPLGetLastErrorMsg();
  return phs_diag_error(c->d, PHS_ERUNTIME, "%s: %s: %s", path, phs_tr(what),
                        msg && *msg ? msg : phs_tr("GDAL gave no reason"));
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

static int check_opts(int nx, int ny, double res, int n_groups,
                      const phs_coverage_out_opts *o, phs_diag *d) {
  if (o == NULL || nx <= 0 || ny <= 0 || n_groups <= 0 || !(res > 0))
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
  for (int k = 0; k < n_groups; k++) {
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

/* A full-size tiled GeoTIFF; tiles arrive later (phs_coverage_writer_put).
** Blocks never written are filled with the band's nodata (or 0) when the
** file is closed, unless `sparse` (the temporary mask raster). */
static GDALDatasetH create_tif(out_ctx *c, const char *path, GDALDataType t,
                               int nbands, int sparse) {
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
  if (sparse) opts = CSLSetNameValue(opts, "SPARSE_OK", "TRUE");
  CPLErrorReset();
  ds = GDALCreate(drv, path, c->nx, c->ny, nbands, t, opts);
  CSLDestroy(opts);
  if (ds == NULL) {
    gdal_fail(c, path, "cannot create");
    return NULL;
  }
  if (GDALSetGeoTransform(ds, c->gt) != CE_None ||
      GDALSetSpatialRef(ds, c->srs) != CE_None) {
    gdal_fail(c, path, "cannot set the georeferencing");
    GDALClose(ds);
    return NULL;
  }
  if (sparse) return ds;
  if (GDALSetMetadataItem(ds, "PHUSONG_THRESHOLD_DBM", c->thr, NULL) !=
          CE_None ||
      (c->o->metadata_json &&
       GDALSetMetadataItem(ds, "PHUSONG_MODEL", c->o->metadata_json, NULL) !=
           CE_None)) {
    gdal_fail(c, path, "cannot set the metadata");
    GDALClose(ds);
    return NULL;
  }
  return ds;
}

/* Name band b and set its nodata (when it has one). */
static int setup_band(out_ctx *c, GDALDatasetH ds, const char *path, int b,
                      const char *name, int has_nodata, double nodata) {
  GDALRasterBandH h = GDALGetRasterBand(ds, b);
  GDALSetDescription(h, name);
  if (has_nodata && GDALSetRasterNoDataValue(h, nodata) != CE_None)
    return gdal_fail(c, path, "cannot set nodata");
  return PHS_OK;
}

/* Write one tile's plane into band b at (col, row). */
static int write_window(out_ctx *c, GDALDatasetH ds, const char *path, int b,
                        int col, int row, int nx, int ny, GDALDataType t,
                        void *buf) {
  if (GDALRasterIO(GDALGetRasterBand(ds, b), GF_Write, col, row, nx, ny, buf,
                   nx, ny, t, 0, 0) != CE_None)
    return gdal_fail(c, path, "cannot write");
  return PHS_OK;
}

/* Overviews 2, 4, 8, 16, each while the shorter side has that many cells;
** then close, reporting errors of the final flush. */
static int finish_tif(out_ctx *c, GDALDatasetH ds, const char *path,
                      const char *resampling) {
  static const int all_levels[] = {2, 4, 8, 16};
  int levels[4], n = 0;
  int side = c->nx < c->ny ? c->nx : c->ny;
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

/* Create the three GeoTIFFs and the mask raster, bands named. */
static int create_rasters(phs_coverage_writer *w) {
  out_ctx *c = &w->c;
  int ng = c->n_groups, rc = PHS_OK;
  static const GDALDataType types[N_TIFS] = {GDT_Float32, GDT_Int32,
                                             GDT_UInt16};
  for (int f = 0; f < N_TIFS; f++) {
    int nb = f == F_SERVER ? ng : ng + 1;
    w->tif[f] = create_tif(c, c->tmp_path[f], types[f], nb, 0);
    if (w->tif[f] == NULL) return PHS_ERUNTIME;
    for (int b = 1; b <= nb && rc == PHS_OK; b++) {
      const char *nm = b <= ng ? c->o->group_names[b - 1] : "ANY";
      rc = setup_band(c, w->tif[f], c->tmp_path[f], b, nm, f != F_OVERLAP,
                      f == F_SIGNAL ? SIGNAL_NODATA : -1);
    }
    if (rc) return rc;
  }
  w->masks = create_tif(c, c->tmp_path[F_MASKS], GDT_Byte, ng + N_DERIVED, 1);
  return w->masks ? PHS_OK : PHS_ERUNTIME;
}

int phs_coverage_writer_put(phs_coverage_writer *w, const phs_cov_grid *t,
                            int col, int row, phs_diag *d) {
  out_ctx *c = &w->c;
  int ng = c->n_groups, rc = PHS_OK;
  c->d = d;
  if (t == NULL || t->n_groups != ng || t->nx <= 0 || t->ny <= 0 ||
      col < 0 || row < 0 || col > c->nx - t->nx || row > c->ny - t->ny ||
      t->best_dbm == NULL)
    return phs_diag_error(d, PHS_EUSAGE,
                          "coverage output: tile of %d x %d cells at (%d, %d)"
                          " does not fit the %d x %d grid",
                          t ? t->nx : 0, t ? t->ny : 0, col, row, c->nx,
                          c->ny);
  size_t n = (size_t)t->nx * (size_t)t->ny;
  if (n > w->scratch_n) {
    free(w->fbuf);
    free(w->fany);
    free(w->n_cov);
    free(w->mbuf);
    w->fbuf = malloc(n * sizeof(float));
    w->fany = malloc(n * sizeof(float));
    w->n_cov = malloc(n * sizeof(uint16_t));
    w->mbuf = malloc(n);
    w->scratch_n = n;
    if (!w->fbuf || !w->fany || !w->n_cov || !w->mbuf) {
      w->scratch_n = 0;
      return phs_diag_error(d, PHS_ERUNTIME, "coverage output: out of memory");
    }
  }
  const char *sp = c->tmp_path[F_SIGNAL], *vp = c->tmp_path[F_SERVER];
  const char *op = c->tmp_path[F_OVERLAP], *mp = c->tmp_path[F_MASKS];
  for (size_t k = 0; k < n; k++) {
    w->fany[k] = -INFINITY;
    w->n_cov[k] = 0;
  }
  CPLErrorReset();
  for (int grp = 0; grp < ng && rc == PHS_OK; grp++) {
    const float *src = t->best_dbm + (size_t)grp * n;
    for (size_t k = 0; k < n; k++) {
      float v = src[k];
      if (v > w->fany[k]) w->fany[k] = v;
      w->fbuf[k] = isfinite(v) ? v : (float)SIGNAL_NODATA;
      w->mbuf[k] = (unsigned char)is_covered(c, v);
      w->n_cov[k] = (uint16_t)(w->n_cov[k] + w->mbuf[k]);
    }
    rc = write_window(c, w->tif[F_SIGNAL], sp, grp + 1, col, row, t->nx,
                      t->ny, GDT_Float32, w->fbuf);
    /* The grid's planes are const; GDAL only reads them on GF_Write. */
    if (!rc)
      rc = write_window(c, w->tif[F_SERVER], vp, grp + 1, col, row, t->nx,
                        t->ny, GDT_Int32, (void *)(t->server + grp * n));
    if (!rc)
      rc = write_window(c, w->tif[F_OVERLAP], op, grp + 1, col, row, t->nx,
                        t->ny, GDT_UInt16, (void *)(t->n_cover + grp * n));
    if (!rc)
      rc = write_window(c, w->masks, mp, grp + 1, col, row, t->nx, t->ny,
                        GDT_Byte, w->mbuf);
  }
  if (rc) return rc;
  for (size_t k = 0; k < n; k++)
    if (!isfinite(w->fany[k])) w->fany[k] = (float)SIGNAL_NODATA;
  rc = write_window(c, w->tif[F_SIGNAL], sp, ng + 1, col, row, t->nx, t->ny,
                    GDT_Float32, w->fany);
  if (!rc)
    rc = write_window(c, w->tif[F_OVERLAP], op, ng + 1, col, row, t->nx,
                      t->ny, GDT_UInt16, w->n_cov);
  for (int kind = 0; kind < N_DERIVED && rc == PHS_OK; kind++) {
    for (size_t k = 0; k < n; k++)
      w->mbuf[k] = (unsigned char)(kind == L_ANY   ? w->n_cov[k] > 0
                                   : kind == L_ALL ? w->n_cov[k] == ng
                                                   : w->n_cov[k] == 0);
    rc = write_window(c, w->masks, mp, ng + 1 + kind, col, row, t->nx, t->ny,
                      GDT_Byte, w->mbuf);
  }
  return rc;
}

/* -------------------------------------------------------- GeoPackage */

/* Polygonize band `which` + 1 of the mask raster (a group index, or
** n_groups + L_*) into an in-memory layer, then copy its polygons into the
** GeoPackage layer of that name with their attributes. GDALPolygonize
** reads the raster a row at a time, so memory is the polygons, not the
** grid. */
static int write_layer(out_ctx *c, GDALDatasetH gpkg, GDALDatasetH masks,
                       int which) {
  const char *path = c->tmp_path[F_GPKG];
  int is_group = which < c->n_groups;
  const char *name = is_group ? c->o->group_names[which]
                              : derived_layer[which - c->n_groups];
  const char *op = is_group ? c->o->group_names[which]
                            : derived_operator[which - c->n_groups];
  GDALDriverH mem_drv = GDALGetDriverByName("Memory");
  GDALDatasetH mem_v = NULL;
  OGRLayerH mem_l, out_l;
  OGRFeatureH mf = NULL, f = NULL;
  GDALRasterBandH band = GDALGetRasterBand(masks, which + 1);
  int rc = PHS_OK, in_tx = 0;
  char what[512];

  snprintf(what, sizeof(what), phs_tr("layer %s"), name);
  CPLErrorReset();
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

static int write_gpkg(out_ctx *c, GDALDatasetH masks) {
  const char *path = c->tmp_path[F_GPKG];
  GDALDriverH gpkg_drv = GDALGetDriverByName("GPKG");
  GDALDatasetH gpkg = NULL;
  int rc = PHS_OK;
  /* Pin gpkg_contents.last_change (thread-local, restored after). */
  const char *prev = CPLGetThreadLocalConfigOption("OGR_CURRENT_DATE", NULL);
  char *saved = prev ? CPLStrdup(prev) : NULL;
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", FIXED_DATE);

  if (gpkg_drv == NULL) {
    rc = phs_diag_error(c->d, PHS_ERUNTIME, "%s: GDAL lacks the GPKG driver",
                        path);
    goto done;
  }
  CPLErrorReset();
  gpkg = GDALCreate(gpkg_drv, path, 0, 0, 0, GDT_Unknown, NULL);
  if (gpkg == NULL) {
    rc = gdal_fail(c, path, "cannot create");
    goto done;
  }
  for (int which = 0; which < c->n_groups + N_DERIVED; which++) {
    rc = write_layer(c, gpkg, masks, which);
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
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", saved);
  CPLFree(saved);
  return rc;
}

/* --------------------------------------------------------------- API */

int phs_coverage_writer_open(const phs_coverage_out_opts *o, double x0,
                             double y0, int nx, int ny, double res,
                             int n_groups, phs_coverage_writer **out,
                             phs_diag *d) {
  struct stat st;
  int rc, k;
  *out = NULL;
  rc = check_opts(nx, ny, res, n_groups, o, d);
  if (rc) return rc;
  phs_coverage_writer *w = calloc(1, sizeof(*w));
  if (w == NULL)
    return phs_diag_error(d, PHS_ERUNTIME, "coverage output: out of memory");
  out_ctx *c = &w->c;
  c->o = o;
  c->d = d;
  c->nx = nx;
  c->ny = ny;
  c->n_groups = n_groups;
  c->gt[0] = x0;
  c->gt[1] = res;
  c->gt[2] = 0;
  c->gt[3] = y0;
  c->gt[4] = 0;
  c->gt[5] = -res;
  CPLsnprintf(c->thr, sizeof(c->thr), "%.10g", o->threshold_dbm);

  store_gdal_register();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  w->pushed = 1;
  rc = setup_crs(c);
  if (rc) goto done;

  for (k = 0; k < N_PATHS; k++) {
    if (k < N_FILES) {
      c->final_path[k] = phs_strdup_printf("%s/%s_%s", o->dir, o->tech,
                                           file_suffix[k]);
      if (c->final_path[k] == NULL) break;
    }
    c->tmp_path[k] = phs_strdup_printf("%s/.tmp-%s_%s", o->dir, o->tech,
                                       file_suffix[k]);
    if (c->tmp_path[k] == NULL) break;
  }
  if (k < N_PATHS) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "coverage output: out of memory");
    goto done;
  }
  /* Refuse before writing anything. */
  for (k = 0; k < N_FILES; k++)
    if (!o->overwrite && stat(c->final_path[k], &st) == 0) {
      rc = phs_diag_error(d, PHS_EUSAGE, "%s exists; use --overwrite",
                          c->final_path[k]);
      goto done;
    }
  if (make_dirs(o->dir) != 0) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "cannot create the folder %s: %s",
                        o->dir, strerror(errno));
    goto done;
  }
  for (k = 0; k < N_PATHS; k++) unlink(c->tmp_path[k]); /* a crashed run's */
  rc = create_rasters(w);
done:
  if (rc) {
    phs_coverage_writer_free(w);
    return rc;
  }
  *out = w;
  return PHS_OK;
}

int phs_coverage_writer_finish(phs_coverage_writer *w, phs_diag *d) {
  out_ctx *c = &w->c;
  static const char *const resampling[N_TIFS] = {"AVERAGE", "NEAREST",
                                                 "NEAREST"};
  int rc = PHS_OK, k;
  c->d = d;
  for (k = 0; k < N_TIFS; k++) {
    GDALDatasetH ds = w->tif[k];
    w->tif[k] = NULL;
    int r = finish_tif(c, ds, c->tmp_path[k], resampling[k]);
    if (rc == PHS_OK) rc = r;
  }
  if (rc == PHS_OK) rc = write_gpkg(c, w->masks);
  for (k = 0; rc == PHS_OK && k < N_FILES; k++) {
    char *aux = phs_strdup_printf("%s.aux.xml", c->final_path[k]);
    if (aux) unlink(aux); /* a stale side-car would override the metadata */
    free(aux);
    if (rename(c->tmp_path[k], c->final_path[k]) != 0)
      rc = phs_diag_error(d, PHS_ERUNTIME, "cannot rename %s to %s: %s",
                          c->tmp_path[k], c->final_path[k], strerror(errno));
  }
  phs_coverage_writer_free(w); /* deletes whatever was not renamed */
  return rc;
}

void phs_coverage_writer_free(phs_coverage_writer *w) {
  if (w == NULL) return;
  out_ctx *c = &w->c;
  for (int k = 0; k < N_TIFS; k++)
    if (w->tif[k]) GDALClose(w->tif[k]);
  if (w->masks) GDALClose(w->masks);
  for (int k = 0; k < N_PATHS; k++) {
    if (c->tmp_path[k]) unlink(c->tmp_path[k]);
    free(c->tmp_path[k]);
  }
  for (int k = 0; k < N_FILES; k++) free(c->final_path[k]);
  if (c->srs) OSRDestroySpatialReference(c->srs);
  if (w->pushed) CPLPopErrorHandler();
  free(w->fbuf);
  free(w->fany);
  free(w->n_cov);
  free(w->mbuf);
  free(w);
}

int phs_coverage_write(const phs_cov_grid *g, const phs_coverage_out_opts *o,
                       phs_diag *d) {
  phs_coverage_writer *w = NULL;
  if (g == NULL || g->best_dbm == NULL || g->server == NULL ||
      g->n_cover == NULL)
    return phs_diag_error(d, PHS_EUSAGE, "coverage output: empty grid");
  int rc = phs_coverage_writer_open(o, g->x0, g->y0, g->nx, g->ny, g->res,
                                    g->n_groups, &w, d);
  if (rc) return rc;
  rc = phs_coverage_writer_put(w, g, 0, 0, d);
  if (rc) {
    phs_coverage_writer_free(w);
    return rc;
  }
  return phs_coverage_writer_finish(w, d);
}
