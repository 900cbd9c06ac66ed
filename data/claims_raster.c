/*
** claims_raster.c: an operator's coverage claim filed as a raster (issue 3,
** item 5). Operators often export coverage from their planning tools as a
** grid, as FCC filers do: either a signal raster (dBm per cell; the cells
** at or above --threshold are claimed) or a binary mask (non-zero =
** covered). import.c hands any coverage file GDAL opens as a raster (and
** not as a vector layer) to claims_raster_import.
**
** The claimed cells become a 0/1 byte raster in memory, which
** GDALPolygonize turns into polygons in the raster's own CRS (cells joined
** by edges, holes kept, vertices at cell corners); their vertices are then
** taken to EPSG:4326 through geo/'s PROJ transform and each polygon is
** written as one claimed_coverage row, exactly as a polygon filing is, so
** the analysis never knows the difference. Validation follows the rest of
** the importer: every problem is an input error (PHS_EINPUT, the store
** untouched) naming the file, the band, the value and a way out.
** The submission row (submission.c, as every import's) records the GDAL
** driver as its format and what the raster was (size, resolution, CRS,
** band, mask or threshold, cells claimed) as its source_detail: see
** docs/input-formats.md.
*/
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <ogr_srs_api.h>

#include "data_int.h"

/* Vietnam's envelope, degrees (as import.c's B2 check, islands included). */
#define VN_MIN_LON 102.1
#define VN_MAX_LON 117.9
#define VN_MIN_LAT 6.0
#define VN_MAX_LAT 23.4

#define MAX_CLAIM_CELLS (1LL << 28)              /* 256 MB of mask */
#define DEFAULT_MAX_INPUT (200LL * 1024 * 1024)  /* as reader.c */

/* What the cells of the band say, from one pass over them. */
typedef struct cell_stats {
  long long n_data;        /* cells with a value (not no data, not NaN) */
  long long n_claimed;     /* cells claimed */
  long long n_other;       /* data cells other than 0 and 1 */
  double first_other;      /* the first such value ... */
  long other_row, other_col; /* ... and where (1-based) */
  double vmin, vmax;       /* range of the data cells */
} cell_stats;

/* One claimed polygon in lon/lat, as little-endian WKB. */
typedef struct claim_poly {
  unsigned char *wkb; /* owned */
  size_t len;
} claim_poly;

typedef struct claim_job {
  const char *path;             /* borrowed: as the user gave it */
  const phs_import_opts *o;     /* borrowed */
  const char *tech;             /* borrowed: static "4G"/"5G" */
  phs_raster_info ri;           /* owned */
  int band;                     /* 1-based */
  int signal;                   /* 1: dBm vs threshold; 0: mask */
  cell_stats cs;
  GDALDatasetH src;             /* owned */
  GDALDatasetH mask;            /* owned: MEM, one Byte band, 0/1 */
  char *crs_wkt;                /* owned: the raster's CRS as WKT */
  phs_crs_transform *to_ll;     /* owned */
  claim_poly *polys;            /* owned: n_polys */
  long n_polys;
  char *detail;                 /* owned: provenance text (source_detail) */
} claim_job;

/* The last GDAL message as ": text", or "". */
static void gdal_msg(char *buf, size_t size) {
  const char *m = CPLGetLastErrorMsg();
  snprintf(buf, size, "%s%s", m && *m ? ": " : "", m ? m : "");
}

/* ------------------------------------------------------------ detection */

int claims_raster_detect(const char *path) {
  if (path == NULL || strncmp(path, "/vsi", 4) == 0 ||
      strstr(path, "://") != NULL)
    return 0;
  struct stat sb;
  if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) return 0;
  /* A submitted database passes untrusted.c's safety checks before GDAL
  ** opens it; when it does not, the vector reader reports why. */
  phs_diag quiet;
  phs_diag_init(&quiet);
  int fd = -1, unsafe = untrusted_open(path, &sb, &fd, &quiet) != PHS_OK;
  if (!unsafe && untrusted_is_sqlite(fd))
    unsafe = untrusted_gpkg_check(path, NULL, NULL, &quiet) != PHS_OK;
  if (fd >= 0) close(fd);
  phs_diag_clear(&quiet);
  if (unsafe) return 0;
  store_gdal_register();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  int raster = 0;
  GDALDatasetH ds =
      GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
  if (ds) {
    raster = GDALGetRasterCount(ds) > 0;
    GDALClose(ds);
  }
  if (raster) { /* a GeoPackage may hold both: its vector layers win */
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (ds) {
      if (GDALDatasetGetLayerCount(ds) > 0) raster = 0;
      GDALClose(ds);
    }
  }
  CPLPopErrorHandler();
  return raster;
}

/* ------------------------------------------------------------ checks */

/* The file itself: local, regular, not too large (as reader_open). */
static int check_file(claim_job *j, phs_diag *d) {
  struct stat sb;
  if (lstat(j->path, &sb) != 0)
    return phs_diag_error(d, PHS_EINPUT, "%s: no such file", j->path);
  if (S_ISLNK(sb.st_mode))
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: is a symbolic link; submit the file itself",
                          j->path);
  long long cap =
      j->o->max_input_size > 0 ? j->o->max_input_size : DEFAULT_MAX_INPUT;
  if ((long long)sb.st_size > cap)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: %lld bytes is over the %lld-byte input limit"
                          " (raise it with --max-input-size)",
                          j->path, (long long)sb.st_size, cap);
  return PHS_OK;
}

/* "1 (VIETTEL, Float32), 2 (Float32)": the bands, for messages. */
static void list_bands(const phs_raster_info *ri, phs_buf *b) {
  for (int i = 0; i < ri->n_bands; i++) {
    const phs_raster_band_info *bi = &ri->bands[i];
    phs_buf_printf(b, "%s%d (", i ? ", " : "", i + 1);
    if (bi->description && *bi->description)
      phs_buf_printf(b, "'%s', ", bi->description);
    phs_buf_printf(b, "%s)", bi->type);
  }
}

/* Band, type, CRS and place: everything that needs no cell. */
static int check_raster(claim_job *j, phs_diag *d) {
  const phs_raster_info *ri = &j->ri;
  if (j->o->band > 0) {
    if (j->o->band > ri->n_bands)
      return phs_diag_error(d, PHS_EUSAGE, "--band %d: %s has %d band%s",
                            j->o->band, j->path, ri->n_bands,
                            ri->n_bands == 1 ? "" : "s");
    j->band = j->o->band;
  } else if (ri->n_bands > 1) {
    phs_buf b;
    phs_buf_init(&b);
    list_bands(ri, &b);
    int st = phs_diag_error(d, PHS_EINPUT,
                            "%s: the raster has %d bands: %s; say which one"
                            " holds the claim with --band N",
                            j->path, ri->n_bands, b.data ? b.data : "");
    phs_buf_free(&b);
    return st;
  } else {
    j->band = 1;
  }
  const phs_raster_band_info *bi = &ri->bands[j->band - 1];
  GDALDataType t = GDALGetDataTypeByName(bi->type);
  if (t == GDT_Unknown || GDALDataTypeIsComplex(t))
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: band %d: data type %s is not a real number"
                          " (complex or unknown); export the signal (dBm) or"
                          " the 0/1 mask as a numeric band, e.g. gdal_translate"
                          " -ot Float32",
                          j->path, j->band, bi->type);
  if (ri->crs == NULL)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: band %d: the raster has no CRS, so its cells"
                          " cannot be placed; ask the operator for the CRS and"
                          " assign it, e.g. gdal_translate -a_srs EPSG:32648",
                          j->path, j->band);
  phs_diag quiet;
  phs_diag_init(&quiet);
  j->to_ll = phs_crs_transform_new(ri->crs, "EPSG:4326", &quiet);
  phs_diag_clear(&quiet);
  /* The raster's extent (corners and edge midpoints) in lon/lat. */
  double xs[8], ys[8];
  static const double fx[8] = {0, 0.5, 1, 1, 1, 0.5, 0, 0};
  static const double fy[8] = {0, 0, 0, 0.5, 1, 1, 1, 0.5};
  for (int k = 0; k < 8; k++) {
    double c = fx[k] * ri->nx, r = fy[k] * ri->ny;
    xs[k] = ri->gt[0] + c * ri->gt[1] + r * ri->gt[2];
    ys[k] = ri->gt[3] + c * ri->gt[4] + r * ri->gt[5];
  }
  size_t bad = j->to_ll ? phs_crs_transform_points(j->to_ll, xs, ys, 8) : 8;
  if (bad == 8) {
    const char *crs = ri->crs;
    char shown[96];
    snprintf(shown, sizeof(shown), "%.80s%s", crs,
             strlen(crs) > 80 ? "..." : "");
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: band %d: PROJ cannot transform the raster's CRS"
                          " '%s' to WGS 84 (a local or engineering CRS, or"
                          " one PROJ does not know); reproject it first, e.g."
                          " gdalwarp -t_srs EPSG:32648, or assign the right"
                          " CRS",
                          j->path, j->band, shown);
  }
  double lon0 = INFINITY, lon1 = -INFINITY, lat0 = INFINITY, lat1 = -INFINITY;
  for (int k = 0; k < 8; k++) {
    if (xs[k] == HUGE_VAL || !isfinite(xs[k]) || !isfinite(ys[k])) continue;
    lon0 = fmin(lon0, xs[k]), lon1 = fmax(lon1, xs[k]);
    lat0 = fmin(lat0, ys[k]), lat1 = fmax(lat1, ys[k]);
  }
  if (lon1 < VN_MIN_LON || lon0 > VN_MAX_LON || lat1 < VN_MIN_LAT ||
      lat0 > VN_MAX_LAT)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: band %d: the raster's extent '%.4f %.4f, %.4f"
                          " %.4f' (lon/lat) is outside Vietnam (%.1f to %.1f"
                          " E, %.1f to %.1f N); a wrong CRS, or another"
                          " country's file? (check with gdalinfo)",
                          j->path, j->band, lon0, lat0, lon1, lat1,
                          VN_MIN_LON, VN_MAX_LON, VN_MIN_LAT, VN_MAX_LAT);
  if ((long long)ri->nx * ri->ny > MAX_CLAIM_CELLS)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: %d x %d cells is too large for one claim;"
                          " resample it (gdalwarp -tr) or split it by"
                          " province",
                          j->path, ri->nx, ri->ny);
  return PHS_OK;
}

/* ------------------------------------------------------- cells to mask */

/*
** Read the band row by row: count what it holds and write the 0/1 claim
** into the in-memory mask. Signal or mask is decided after the pass, so
** the mask is written for both readings (bit 0: non-zero, bit 1: at or
** above the threshold) and fixed up by finish_mask.
*/
static int read_cells(claim_job *j, phs_diag *d) {
  const phs_raster_info *ri = &j->ri;
  const phs_raster_band_info *bi = &ri->bands[j->band - 1];
  char msg[512];
  int nx = ri->nx, ny = ri->ny;
  double *row = malloc(sizeof(double) * (size_t)nx);
  unsigned char *out = malloc((size_t)nx);
  if (row == NULL || out == NULL) {
    free(row);
    free(out);
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  int st = PHS_OK;
  GDALDriverH mem = GDALGetDriverByName("MEM");
  j->mask = mem ? GDALCreate(mem, "", nx, ny, 1, GDT_Byte, NULL) : NULL;
  if (j->mask == NULL) {
    gdal_msg(msg, sizeof(msg));
    st = phs_diag_error(d, PHS_ERUNTIME, "%s: cannot make the claim mask%s",
                        j->path, msg);
    goto done;
  }
  GDALSetGeoTransform(j->mask, j->ri.gt);
  GDALRasterBandH in = GDALGetRasterBand(j->src, j->band);
  GDALRasterBandH mb = GDALGetRasterBand(j->mask, 1);
  double thr = j->o->has_threshold ? j->o->threshold_dbm : INFINITY;
  cell_stats *cs = &j->cs;
  cs->vmin = INFINITY;
  cs->vmax = -INFINITY;
  for (int r = 0; r < ny; r++) {
    if (GDALRasterIO(in, GF_Read, 0, r, nx, 1, row, nx, 1, GDT_Float64, 0,
                     0) != CE_None) {
      gdal_msg(msg, sizeof(msg));
      st = phs_diag_error(d, PHS_EINPUT, "%s: band %d: cannot read row %d%s",
                          j->path, j->band, r + 1, msg);
      goto done;
    }
    for (int c = 0; c < nx; c++) {
      double v = row[c];
      out[c] = 0;
      if (isnan(v) || (bi->has_nodata && v == bi->nodata)) continue;
      cs->n_data++;
      cs->vmin = fmin(cs->vmin, v), cs->vmax = fmax(cs->vmax, v);
      if (v != 0 && v != 1 && cs->n_other++ == 0) {
        cs->first_other = v;
        cs->other_row = r + 1;
        cs->other_col = c + 1;
      }
      out[c] = (unsigned char)((v != 0) | (v >= thr ? 2 : 0));
    }
    if (GDALRasterIO(mb, GF_Write, 0, r, nx, 1, out, nx, 1, GDT_Byte, 0, 0) !=
        CE_None) {
      gdal_msg(msg, sizeof(msg));
      st = phs_diag_error(d, PHS_ERUNTIME, "%s: cannot write the claim mask%s",
                          j->path, msg);
      goto done;
    }
  }
done:
  free(row);
  free(out);
  return st;
}

/* "-87.5" for messages: whole numbers without decimals. */
static void fmt_value(double v, char *buf, size_t size) {
  snprintf(buf, size, "%.10g", v);
}

/* Decide mask or signal from the cells, then reduce the mask to 0/1. */
static int finish_mask(claim_job *j, phs_diag *d) {
  const cell_stats *cs = &j->cs;
  const phs_raster_band_info *bi = &j->ri.bands[j->band - 1];
  char v[64], nd[64];
  snprintf(nd, sizeof(nd), "%s", phs_tr("none declared"));
  if (bi->has_nodata) fmt_value(bi->nodata, nd, sizeof(nd));
  if (cs->n_data == 0)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: band %d: every one of its %lld cells is no data"
                          " (no-data value %s); an empty export, or the wrong"
                          " band?",
                          j->path, j->band, (long long)j->ri.nx * j->ri.ny,
                          nd);
  j->signal = cs->n_other > 0;
  if (j->signal && !j->o->has_threshold) {
    fmt_value(cs->first_other, v, sizeof(v));
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: band %d: value %s (row %ld, column %ld) is"
                          " neither 0 nor 1, so this is a signal raster; give"
                          " --threshold DBM (cells at or above it are"
                          " claimed), or export a 0/1 coverage mask",
                          j->path, j->band, v, cs->other_row, cs->other_col);
  }
  if (!j->signal && j->o->has_threshold)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: band %d: holds only 0 and 1 (a coverage mask),"
                          " but --threshold %g was given; drop --threshold"
                          " (non-zero cells are claimed)",
                          j->path, j->band, j->o->threshold_dbm);
  /* Reduce: mask -> bit 0, signal -> bit 1; count the claimed cells. */
  int nx = j->ri.nx, ny = j->ri.ny;
  unsigned char bit = j->signal ? 2 : 1;
  unsigned char *row = malloc((size_t)nx);
  if (row == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  GDALRasterBandH mb = GDALGetRasterBand(j->mask, 1);
  int st = PHS_OK;
  for (int r = 0; r < ny && st == PHS_OK; r++) {
    if (GDALRasterIO(mb, GF_Read, 0, r, nx, 1, row, nx, 1, GDT_Byte, 0, 0) !=
        CE_None)
      st = phs_diag_error(d, PHS_ERUNTIME, "%s: claim mask unreadable",
                          j->path);
    for (int c = 0; c < nx; c++) {
      row[c] = (row[c] & bit) != 0;
      j->cs.n_claimed += row[c];
    }
    if (st == PHS_OK &&
        GDALRasterIO(mb, GF_Write, 0, r, nx, 1, row, nx, 1, GDT_Byte, 0, 0) !=
            CE_None)
      st = phs_diag_error(d, PHS_ERUNTIME, "%s: claim mask unwritable",
                          j->path);
  }
  free(row);
  if (st) return st;
  if (j->cs.n_claimed == 0) {
    char lo[64], hi[64];
    fmt_value(cs->vmin, lo, sizeof(lo));
    fmt_value(cs->vmax, hi, sizeof(hi));
    if (j->signal)
      return phs_diag_error(d, PHS_EINPUT,
                            "%s: band %d: no cell is at or above --threshold"
                            " %g dBm (values %s to %s); nothing would be"
                            " claimed: the wrong threshold, or not dBm?",
                            j->path, j->band, j->o->threshold_dbm, lo, hi);
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: band %d: every cell is 0, so nothing would be"
                          " claimed; the wrong band or an empty export?",
                          j->path, j->band);
  }
  return PHS_OK;
}

/* ---------------------------------------------------------- polygons */

/* Little-endian WKB of an OGR polygon (in place: its vertices are
** transformed to lon/lat first); 0 ok, -1 a vertex failed. */
static int polygon_to_ll(claim_job *j, OGRGeometryH g, double *box) {
  int n_rings = OGR_G_GetGeometryCount(g);
  for (int k = 0; k < n_rings; k++) {
    OGRGeometryH ring = OGR_G_GetGeometryRef(g, k);
    int n = OGR_G_GetPointCount(ring);
    if (n <= 0) continue;
    double *x = malloc(sizeof(double) * (size_t)n);
    double *y = malloc(sizeof(double) * (size_t)n);
    if (x == NULL || y == NULL) {
      free(x);
      free(y);
      return -1;
    }
    OGR_G_GetPoints(ring, x, sizeof(double), y, sizeof(double), NULL, 0);
    size_t bad = phs_crs_transform_points(j->to_ll, x, y, (size_t)n);
    if (bad == 0) {
      OGR_G_SetPoints(ring, n, x, sizeof(double), y, sizeof(double), NULL, 0);
      for (int i = 0; i < n; i++) {
        box[0] = fmin(box[0], x[i]), box[2] = fmax(box[2], x[i]);
        box[1] = fmin(box[1], y[i]), box[3] = fmax(box[3], y[i]);
      }
    }
    free(x);
    free(y);
    if (bad) return -1;
  }
  return 0;
}

static int polygonize(claim_job *j, phs_diag *d) {
  char msg[512];
  int st = PHS_OK;
  GDALDatasetH vds = NULL;
  GDALDriverH drv = GDALGetDriverByName("Memory");
  if (drv) vds = GDALCreate(drv, "", 0, 0, 0, GDT_Unknown, NULL);
  OGRLayerH lyr =
      vds ? GDALDatasetCreateLayer(vds, "claim", NULL, wkbPolygon, NULL)
          : NULL;
  if (lyr == NULL) {
    gdal_msg(msg, sizeof(msg));
    st = phs_diag_error(d, PHS_ERUNTIME, "%s: cannot make the polygon layer%s",
                        j->path, msg);
    goto done;
  }
  GDALRasterBandH mb = GDALGetRasterBand(j->mask, 1);
  /* The mask is its own mask: only the 1s become polygons (4-connected). */
  if (GDALPolygonize(mb, mb, lyr, -1, NULL, NULL, NULL) != CE_None) {
    gdal_msg(msg, sizeof(msg));
    st = phs_diag_error(d, PHS_ERUNTIME, "%s: GDALPolygonize failed%s",
                        j->path, msg);
    goto done;
  }
  GIntBig n = OGR_L_GetFeatureCount(lyr, 1);
  j->polys = calloc((size_t)(n > 0 ? n : 1), sizeof(claim_poly));
  if (j->polys == NULL) {
    st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto done;
  }
  double box[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
  OGR_L_ResetReading(lyr);
  OGRFeatureH f;
  while (st == PHS_OK && (f = OGR_L_GetNextFeature(lyr)) != NULL) {
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (g && j->n_polys < n) {
      if (polygon_to_ll(j, g, box) != 0) {
        st = phs_diag_error(d, PHS_EINPUT,
                            "%s: band %d: claimed cells near polygon %ld"
                            " cannot be transformed from %s to WGS 84;"
                            " reproject the raster first (gdalwarp -t_srs"
                            " EPSG:32648)",
                            j->path, j->band, j->n_polys + 1, j->ri.crs);
      } else {
        claim_poly *p = &j->polys[j->n_polys];
        p->len = (size_t)OGR_G_WkbSize(g);
        p->wkb = malloc(p->len);
        if (p->wkb == NULL ||
            OGR_G_ExportToWkb(g, wkbNDR, p->wkb) != OGRERR_NONE)
          st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
        else
          j->n_polys++;
      }
    }
    OGR_F_Destroy(f);
  }
  if (st == PHS_OK &&
      (box[0] < VN_MIN_LON || box[2] > VN_MAX_LON || box[1] < VN_MIN_LAT ||
       box[3] > VN_MAX_LAT))
    st = phs_diag_error(d, PHS_EINPUT,
                        "%s: band %d: the claimed cells reach '%.4f %.4f,"
                        " %.4f %.4f' (lon/lat), outside Vietnam; a wrong CRS,"
                        " or cells of a neighbouring country?",
                        j->path, j->band, box[0], box[1], box[2], box[3]);
done:
  if (vds) GDALClose(vds);
  return st;
}

/* ---------------------------------------------------------- provenance */

/* The submission's source_detail: "8 x 8 cells of 0.0025 x 0.0025 degree,
** EPSG:4326, band 1 (Byte), mask (non-zero claimed), 16 cells claimed"
** (the driver, "GTiff", is the format column). */
static char *describe(claim_job *j) {
  const phs_raster_info *ri = &j->ri;
  const phs_raster_band_info *bi = &ri->bands[j->band - 1];
  double rx = hypot(ri->gt[1], ri->gt[4]), ry = hypot(ri->gt[2], ri->gt[5]);
  const char *unit = ri->crs_geographic ? "degree" : "m";
  char crs[96];
  snprintf(crs, sizeof(crs), "%.80s%s", ri->crs,
           strlen(ri->crs) > 80 ? "..." : "");
  phs_buf b;
  phs_buf_init(&b);
  phs_buf_printf(&b, "%d x %d cells of %.10g x %.10g %s, %s, band %d (%s), ",
                 ri->nx, ri->ny, rx, ry, unit, crs, j->band, bi->type);
  if (j->signal)
    phs_buf_printf(&b, "signal >= %.10g dBm claimed", j->o->threshold_dbm);
  else
    phs_buf_puts(&b, "mask (non-zero claimed)");
  phs_buf_printf(&b, ", %lld cells claimed", j->cs.n_claimed);
  if (b.oom) {
    phs_buf_free(&b);
    return NULL;
  }
  return b.data;
}

/* ----------------------------------------------------------- writing */

/* One transaction: supersede the operator's previous filing of the
** technology, the submission row, one claimed_coverage row per polygon. */
static int write_claim(claim_job *j, phs_store *s, const char *sha,
                       long long bytes, long warnings, const char *wtext,
                       long long *sub_id, phs_diag *d) {
  sqlite3_stmt *q = NULL;
  const char *op = j->o->operator_code;
  int st = store_begin_write(s, d);
  if (st) return st;
  const char *drv = GDALGetDriverShortName(GDALGetDatasetDriver(j->src));
  store_submission sub = {
      .kind = "coverage",
      .operator_code = op,
      .mode = j->tech,
      .supersede = 1,
      .submitter = j->o->submitter,
      .source_path = j->path,
      .sha256 = sha,
      .bytes = bytes,
      .format = drv ? drv : "GDAL raster",
      .source_detail = j->detail,
      .crs_declared = j->crs_wkt,
      .crs_used = j->ri.crs,
      .rows_in = j->n_polys,
      .rows_accepted = j->n_polys,
      .warnings = warnings,
      .warning_text = wtext,
      .tech = j->tech,
      .keep_raw_max = j->o->keep_raw_max,
  };
  st = store_submission_write(s, &sub, sub_id, d);
  if (st) goto fail;
  st = store_prepare(s, store_claim_insert_sql, &q, d);
  if (st) goto fail;
  for (long i = 0; i < j->n_polys; i++) {
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, *sub_id);
    sqlite3_bind_text(q, 2, op, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, j->tech, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, i + 1); /* polygon number */
    sqlite3_bind_blob(q, 5, j->polys[i].wkb, (int)j->polys[i].len,
                      SQLITE_STATIC);
    if (sqlite3_step(q) != SQLITE_DONE) goto sqlfail;
  }
  sqlite3_finalize(q);
  return store_exec(s, "COMMIT", d);

sqlfail:
  st = store_sqlite_error(s, sqlite3_errcode(s->db), d);
fail:
  sqlite3_finalize(q);
  sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return st;
}

/* -------------------------------------------------------------- main */

int claims_raster_import(phs_store *s, const char *path,
                         const phs_import_opts *o, const char *tech,
                         long long bytes, phs_import_result *res,
                         phs_diag *d) {
  claim_job j;
  memset(&j, 0, sizeof(j));
  j.path = path;
  j.o = o;
  j.tech = tech;
  long warnings_before = d->n_warnings_total;
  int kept_before = d->n_warnings;
  char msg[512];

  int st = check_file(&j, d);
  if (st == PHS_OK) st = phs_raster_info_read(path, &j.ri, d);
  if (st) goto out;
  store_gdal_register();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLErrorReset();
  j.src = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL,
                     NULL);
  if (j.src == NULL) {
    gdal_msg(msg, sizeof(msg));
    st = phs_diag_error(d, PHS_EINPUT, "%s: cannot read the raster%s", path,
                        msg);
  }
  if (st == PHS_OK) st = check_raster(&j, d);
  if (st == PHS_OK) {
    OGRSpatialReferenceH srs = GDALGetSpatialRef(j.src);
    if (srs) OSRExportToWkt(srs, &j.crs_wkt);
    st = read_cells(&j, d);
  }
  if (st == PHS_OK) st = finish_mask(&j, d);
  if (st == PHS_OK) st = polygonize(&j, d);
  CPLPopErrorHandler();
  if (st) goto out;
  j.detail = describe(&j);
  if (j.detail == NULL) {
    st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto out;
  }
  res->rows_in = j.n_polys;
  res->rows_accepted = j.n_polys;
  res->warnings = d->n_warnings_total - warnings_before;
  if (s && !o->dry_run) {
    char *wt = store_warning_text(d, kept_before);
    st = write_claim(&j, s, res->sha256, bytes, res->warnings, wt,
                     &res->submission_id, d);
    free(wt);
  }
out:
  for (long i = 0; i < j.n_polys; i++) free(j.polys[i].wkb);
  free(j.polys);
  free(j.detail);
  if (j.crs_wkt) CPLFree(j.crs_wkt);
  phs_crs_transform_free(j.to_ll);
  if (j.mask) GDALClose(j.mask);
  if (j.src) GDALClose(j.src);
  phs_raster_info_free(&j.ri);
  return st;
}
