/*
** synth_sites.c: the synthetic generator, part 2 of 3: operators' 4G/5G
** site lists, each in the format that operator delivers. Viettel sends a
** CSV with Vietnamese headers, VNPT a GeoJSON, MobiFone a GeoPackage.
**
** Placement: a 4G site picks a commune with probability proportional to
** pop^0.75 * area_km2^0.25 (communes with a polygon only), then a uniform
** point inside the polygon. 5G sites go to the densest wards (top 15 by
** people per km2, picked in proportion to population), so they cluster in
** the city centres as the first 5G rollouts did.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "synth_internal.h"

#define N_OPS 3
#define N_DENSE_5G 15
#define FIXED_DATE "2022-12-31T00:00:00.000Z"

enum { OP_VIETTEL = 0, OP_VNPT = 1, OP_MOBIFONE = 2 };
static const char *const k_op_prefix[N_OPS] = {"VTL", "VNP", "MBF"};
static const double k_share_4g[N_OPS] = {0.45, 0.30, 0.25};
static const double k_share_5g[N_OPS] = {0.6, 0.2, 0.2};
static const int k_band_5g[N_OPS] = {2600, 3500, 3500};

typedef struct site {
  long unit;   /* index into c->units */
  long seq;    /* generation order, tie-break for sorting */
  double x, y; /* lon/lat, rounded to 1e-6 */
  int is_5g;
  int band;    /* MHz */
  int radius;  /* metres, 0 = none (per-band default applies) */
  int nth;     /* the operator's nth site in this unit, for the name */
} site;

static int site_cmp(const void *a, const void *b) {
  const site *sa = a, *sb = b;
  if (sa->unit != sb->unit) return sa->unit < sb->unit ? -1 : 1;
  return sa->seq < sb->seq ? -1 : sa->seq > sb->seq;
}

/* Split n into N_OPS parts by shares, the last taking the remainder. */
static void split_counts(int n, const double *share, int *out) {
  int used = 0;
  for (int i = 0; i < N_OPS - 1; i++) {
    out[i] = (int)floor(n * share[i] + 0.5);
    if (used + out[i] > n) out[i] = n - used;
    used += out[i];
  }
  out[N_OPS - 1] = n - used;
}

/* Index of the first cumulative weight > u * total (binary search). */
static long pick(const double *cum, long n, double u) {
  double t = u * cum[n - 1];
  long lo = 0, hi = n - 1;
  while (lo < hi) {
    long mid = (lo + hi) / 2;
    if (cum[mid] > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

typedef struct dens {
  long unit;
  double density;
} dens;

static int dens_cmp(const void *a, const void *b) {
  const dens *da = a, *db = b;
  if (da->density != db->density) return da->density > db->density ? -1 : 1;
  return da->unit < db->unit ? -1 : da->unit > db->unit;
}

/* ---------------------------------------------------------------------- */

static void site_name(char *buf, size_t size, int op, const synth_unit *u,
                      const site *s) {
  switch (op) {
  case OP_VIETTEL:
    snprintf(buf, size, "Trạm %s %d", u->name, s->nth);
    break;
  case OP_VNPT:
    snprintf(buf, size, "VNPT %s %02d%s", u->name, s->nth, s->is_5g ? " (5G)" : "");
    break;
  default:
    snprintf(buf, size, "MBF %s - trạm %d", u->name, s->nth);
    break;
  }
}

static int write_viettel(synth_ctx *c, const site *s, long n) {
  char *path = NULL, name[512], num[64], *p;
  FILE *f = synth_fopen(c, "sites_viettel.csv", &path);
  int rc;
  if (!f) return c->d->status;
  fputs("ma_tram,ten_tram,kinh_do,vi_do,cong_nghe,bang_tan_mhz,ban_kinh_m\n", f);
  for (long i = 0; i < n; i++) {
    fprintf(f, "VTL-%s-%04ld,", c->prov_tag, i + 1);
    site_name(name, sizeof name, OP_VIETTEL, &c->units[s[i].unit], &s[i]);
    synth_csv_field(f, name);
    p = synth_fmt_micro(num, s[i].x);
    *p++ = ',';
    p = synth_fmt_micro(p, s[i].y);
    *p = '\0';
    fprintf(f, ",%s,%s,%d,", num, s[i].is_5g ? "5G" : "4G", s[i].band);
    if (s[i].radius) fprintf(f, "%d", s[i].radius);
    fputc('\n', f);
  }
  rc = synth_fclose(c, f, path);
  free(path);
  return rc;
}

/* Field names of a GDAL-written site layer. */
typedef struct ogr_names {
  const char *driver, *file, *layer, *id, *name, *tech, *band;
  char **lco; /* borrowed: layer creation options */
} ogr_names;

static int write_ogr(synth_ctx *c, int op, const ogr_names *nm, const site *s,
                     long n) {
  GDALDriverH drv = GDALGetDriverByName(nm->driver);
  GDALDatasetH ds = NULL;
  OGRLayerH lyr;
  OGRSpatialReferenceH srs = NULL;
  OGRFeatureDefnH defn;
  OGRFeatureH feat = NULL;
  OGRGeometryH pt = NULL;
  char *path = phs_strdup_printf("%s/%s", c->o->out_dir, nm->file);
  char *old_date = NULL;
  char name[512], id[64];
  int rc = PHS_OK, in_txn = 0;
  const char *fields[5];
  OGRFieldType types[5] = {OFTString, OFTString, OFTString, OFTInteger,
                           OFTInteger};
  fields[0] = nm->id;
  fields[1] = nm->name;
  fields[2] = nm->tech;
  fields[3] = nm->band;
  fields[4] = "radius_m";

  if (!path) return phs_diag_error(c->d, PHS_ERUNTIME, "out of memory");
  /* GPKG stamps gpkg_contents.last_change with the current time unless
  ** OGR_CURRENT_DATE is set: fix it so the file is reproducible. */
  {
    const char *cur = CPLGetThreadLocalConfigOption("OGR_CURRENT_DATE", NULL);
    old_date = cur ? CPLStrdup(cur) : NULL;
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", FIXED_DATE);
  }
  if (!drv) {
    rc = phs_diag_error(c->d, PHS_ERUNTIME, "%s: GDAL has no %s driver", path,
                        nm->driver);
    goto done;
  }
  ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
  if (!ds) {
    rc = phs_diag_error(c->d, PHS_ERUNTIME, "%s: cannot create: %s", path,
                        CPLGetLastErrorMsg());
    goto done;
  }
  srs = OSRNewSpatialReference(NULL);
  if (!srs || OSRImportFromEPSG(srs, 4326) != OGRERR_NONE) {
    rc = phs_diag_error(c->d, PHS_ERUNTIME, "%s: cannot set up EPSG:4326", path);
    goto done;
  }
  OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
  lyr = GDALDatasetCreateLayer(ds, nm->layer, srs, wkbPoint, nm->lco);
  if (!lyr) {
    rc = phs_diag_error(c->d, PHS_ERUNTIME, "%s: cannot create layer %s: %s",
                        path, nm->layer, CPLGetLastErrorMsg());
    goto done;
  }
  for (int i = 0; i < 5; i++) {
    OGRFieldDefnH fd = OGR_Fld_Create(fields[i], types[i]);
    OGRErr err = OGR_L_CreateField(lyr, fd, TRUE);
    OGR_Fld_Destroy(fd);
    if (err != OGRERR_NONE) {
      rc = phs_diag_error(c->d, PHS_ERUNTIME, "%s: cannot create field %s: %s",
                          path, fields[i], CPLGetLastErrorMsg());
      goto done;
    }
  }
  if (GDALDatasetTestCapability(ds, ODsCTransactions) &&
      GDALDatasetStartTransaction(ds, FALSE) == OGRERR_NONE)
    in_txn = 1;
  defn = OGR_L_GetLayerDefn(lyr);
  pt = OGR_G_CreateGeometry(wkbPoint);
  if (!pt) {
    rc = phs_diag_error(c->d, PHS_ERUNTIME, "out of memory");
    goto done;
  }
  for (long i = 0; i < n; i++) {
    feat = OGR_F_Create(defn);
    if (!feat) {
      rc = phs_diag_error(c->d, PHS_ERUNTIME, "out of memory");
      goto done;
    }
    snprintf(id, sizeof id, "%s-%s-%04ld", k_op_prefix[op], c->prov_tag, i + 1);
    site_name(name, sizeof name, op, &c->units[s[i].unit], &s[i]);
    OGR_F_SetFieldString(feat, 0, id);
    OGR_F_SetFieldString(feat, 1, name);
    OGR_F_SetFieldString(feat, 2, s[i].is_5g ? "5G" : "4G");
    OGR_F_SetFieldInteger(feat, 3, s[i].band);
    if (s[i].radius) OGR_F_SetFieldInteger(feat, 4, s[i].radius);
    else OGR_F_SetFieldNull(feat, 4);
    OGR_G_SetPoint_2D(pt, 0, s[i].x, s[i].y);
    OGR_F_SetGeometry(feat, pt);
    if (OGR_L_CreateFeature(lyr, feat) != OGRERR_NONE) {
      rc = phs_diag_error(c->d, PHS_ERUNTIME, "%s: cannot write feature %s: %s",
                          path, id, CPLGetLastErrorMsg());
      goto done;
    }
    OGR_F_Destroy(feat);
    feat = NULL;
  }
  if (in_txn) {
    in_txn = 0;
    if (GDALDatasetCommitTransaction(ds) != OGRERR_NONE) {
      rc = phs_diag_error(c->d, PHS_ERUNTIME, "%s: commit failed: %s", path,
                          CPLGetLastErrorMsg());
      goto done;
    }
  }
done:
  if (feat) OGR_F_Destroy(feat);
  if (pt) OGR_G_DestroyGeometry(pt);
  if (in_txn) GDALDatasetRollbackTransaction(ds);
  if (ds) {
    CPLErrorReset();
    GDALClose(ds);
    if (!rc && CPLGetLastErrorType() >= CE_Failure)
      rc = phs_diag_error(c->d, PHS_ERUNTIME, "%s: closing failed: %s", path,
                          CPLGetLastErrorMsg());
  }
  if (srs) OSRDestroySpatialReference(srs);
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", old_date);
  CPLFree(old_date);
  free(path);
  return rc;
}

/* ---------------------------------------------------------------------- */

int synth_write_sites(synth_ctx *c, phs_synth_result *res) {
  const phs_synth_opts *o = c->o;
  synth_rng rng;
  int n4[N_OPS], n5[N_OPS], rc = PHS_OK;
  long n_elig = 0, n_dense = 0, total = (long)o->n_sites_4g + o->n_sites_5g;
  long *elig = NULL, *dense_unit = NULL;
  double *cum = NULL, *cum5 = NULL;
  dens *dn = NULL;
  int *nth = NULL;
  site *sites[N_OPS] = {NULL, NULL, NULL};
  long seq = 0;

  synth_rng_seed(&rng, o->seed, 1);
  split_counts(o->n_sites_4g, k_share_4g, n4);
  split_counts(o->n_sites_5g, k_share_5g, n5);

  elig = malloc((size_t)(c->n_units + 1) * sizeof *elig);
  cum = malloc((size_t)(c->n_units + 1) * sizeof *cum);
  dn = malloc((size_t)(c->n_units + 1) * sizeof *dn);
  nth = calloc((size_t)c->n_units * N_OPS + 1, sizeof *nth);
  dense_unit = malloc((N_DENSE_5G + 1) * sizeof *dense_unit);
  cum5 = malloc((N_DENSE_5G + 1) * sizeof *cum5);
  for (int op = 0; op < N_OPS; op++)
    sites[op] = malloc((size_t)(n4[op] + n5[op] + 1) * sizeof(site));
  if (!elig || !cum || !dn || !nth || !dense_unit || !cum5 || !sites[0] ||
      !sites[1] || !sites[2]) {
    rc = phs_diag_error(c->d, PHS_ERUNTIME, "out of memory");
    goto done;
  }
  for (long i = 0; i < c->n_units; i++) {
    const synth_unit *u = &c->units[i];
    double w;
    if (!u->has_poly || u->area_km2 <= 0 || u->pop <= 0) continue;
    w = pow((double)u->pop, 0.75) * pow(u->area_km2, 0.25);
    cum[n_elig] = (n_elig ? cum[n_elig - 1] : 0.0) + w;
    dn[n_elig].unit = i;
    dn[n_elig].density = (double)u->pop / u->area_km2;
    elig[n_elig++] = i;
  }
  if (total > 0 && n_elig == 0) {
    rc = phs_diag_error(c->d, PHS_EINPUT,
                        "%s: no census unit with people has a polygon (wrong "
                        "code field?)",
                        o->n_commune_paths ? o->commune_paths[0] : "communes");
    goto done;
  }
  if (n_elig) {
    qsort(dn, (size_t)n_elig, sizeof *dn, dens_cmp);
    n_dense = n_elig < N_DENSE_5G ? n_elig : N_DENSE_5G;
    for (long k = 0; k < n_dense; k++) {
      dense_unit[k] = dn[k].unit;
      cum5[k] = (k ? cum5[k - 1] : 0.0) + (double)c->units[dn[k].unit].pop;
    }
  }

  for (int op = 0; op < N_OPS; op++) {
    for (int k = 0; k < n4[op] + n5[op]; k++) {
      site *s = &sites[op][k];
      int is5 = k >= n4[op];
      const synth_unit *u;
      s->unit = is5 ? dense_unit[pick(cum5, n_dense, synth_rng_uniform(&rng))]
                    : elig[pick(cum, n_elig, synth_rng_uniform(&rng))];
      s->seq = seq++;
      s->is_5g = is5;
      u = &c->units[s->unit];
      rc = synth_point_in_unit(u, &rng, &s->x, &s->y, c->d);
      if (rc) goto done;
      s->band = is5 ? k_band_5g[op]
                    : (synth_rng_uniform(&rng) < 0.65 ? 1800 : 2100);
      s->radius = 0;
      if (synth_rng_uniform(&rng) < 0.2)
        s->radius = is5 ? 10 * (int)synth_rng_range(&rng, 25, 60)
                        : 50 * (int)synth_rng_range(&rng, 16, 60);
    }
    qsort(sites[op], (size_t)(n4[op] + n5[op]), sizeof(site), site_cmp);
    for (int k = 0; k < n4[op] + n5[op]; k++) {
      site *s = &sites[op][k];
      s->nth = ++nth[s->unit * N_OPS + op];
    }
  }

  rc = write_viettel(c, sites[OP_VIETTEL], n4[0] + n5[0]);
  if (rc) goto done;
  {
    char *lco_geojson[] = {"RFC7946=YES", "COORDINATE_PRECISION=7",
                           "WRITE_BBOX=NO", NULL};
    ogr_names nm = {"GeoJSON", "sites_vnpt.geojson", "sites_vnpt", "site_id",
                    "name", "tech", "band_mhz", lco_geojson};
    rc = write_ogr(c, OP_VNPT, &nm, sites[OP_VNPT], n4[1] + n5[1]);
    if (rc) goto done;
  }
  {
    char *lco_gpkg[] = {"SPATIAL_INDEX=YES", NULL};
    ogr_names nm = {"GPKG", "sites_mobifone.gpkg", "tram_bts", "site_id",
                    "site_name", "technology", "freq_mhz", lco_gpkg};
    rc = write_ogr(c, OP_MOBIFONE, &nm, sites[OP_MOBIFONE], n4[2] + n5[2]);
    if (rc) goto done;
  }
  res->sites_4g = o->n_sites_4g;
  res->sites_5g = o->n_sites_5g;
done:
  for (int op = 0; op < N_OPS; op++) free(sites[op]);
  free(elig);
  free(cum);
  free(dn);
  free(nth);
  free(dense_unit);
  free(cum5);
  return rc;
}
