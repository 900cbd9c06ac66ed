/*
** synth.c: the synthetic data generator, part 1 of 3. The options, the PRNG,
** reading the inputs (census CSV with a small CSV parser of our own, commune
** polygons through OGR), point sampling inside a commune, households.csv,
** README.txt, and phs_synth_run() which runs the parts in order.
** synth_sites.c writes the operators' site files, synth_survey.c the fibre
** and survey tables.
*/
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "synth_internal.h"

#define DEFAULT_CODE_FIELD "gso_commune_code_2019"
#define OUT_BUF_SIZE (1 << 20)

/* Files we write; existing ones are replaced only with opts->overwrite. */
static const char *const k_outputs[] = {
    "sites_viettel.csv", "sites_vnpt.geojson", "sites_mobifone.gpkg",
    "fibre_households.csv", "survey.csv", "households.csv", "README.txt"};
#define N_OUTPUTS ((int)(sizeof k_outputs / sizeof k_outputs[0]))

void phs_synth_opts_default(phs_synth_opts *o) {
  memset(o, 0, sizeof *o);
  o->code_field = NULL;
  o->seed = 20221231ULL;
  o->n_sites_4g = 2200;
  o->n_sites_5g = 10;
  o->n_respondents = 5000;
  o->fibre_target = 0.983;
  o->smartphone_target = 0.977;
  o->bank_target = 0.8252;
  o->eid_target = 0.2132;
  o->household_points = 0;
  o->household_scale = 1.0;
}

/* ------------------------------------------------------------------------
** PRNG: splitmix64 to seed xoshiro256** (Blackman & Vigna, public domain).
*/
static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void synth_rng_seed(synth_rng *r, uint64_t seed, uint64_t stream) {
  uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03ULL);
  for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t synth_rng_next(synth_rng *r) {
  uint64_t *s = r->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

double synth_rng_uniform(synth_rng *r) {
  return (double)(synth_rng_next(r) >> 11) * 0x1.0p-53;
}

long synth_rng_range(synth_rng *r, long lo, long hi) {
  uint64_t span = (uint64_t)(hi - lo) + 1;
  /* Lemire-free simple rejection to avoid modulo bias. */
  uint64_t limit = UINT64_MAX - UINT64_MAX % span;
  uint64_t v;
  do v = synth_rng_next(r);
  while (v >= limit);
  return lo + (long)(v % span);
}

/* ------------------------------------------------------------------------
** Output helpers
*/
FILE *synth_fopen(synth_ctx *c, const char *name, char **path_out) {
  char *path = phs_strdup_printf("%s/%s", c->o->out_dir, name);
  FILE *f = NULL;
  *path_out = NULL;
  if (!path) {
    phs_diag_error(c->d, PHS_ERUNTIME, "out of memory");
    return NULL;
  }
  f = fopen(path, "wb");
  if (!f) {
    phs_diag_error(c->d, PHS_ERUNTIME, "%s: cannot create: %s", path,
                   strerror(errno));
    free(path);
    return NULL;
  }
  setvbuf(f, NULL, _IOFBF, OUT_BUF_SIZE);
  *path_out = path;
  return f;
}

int synth_fclose(synth_ctx *c, FILE *f, const char *path) {
  int bad = ferror(f);
  if (fclose(f) != 0) bad = 1;
  if (bad)
    return phs_diag_error(c->d, PHS_ERUNTIME, "%s: write failed: %s", path,
                          strerror(errno));
  return PHS_OK;
}

void synth_csv_field(FILE *f, const char *s) {
  if (!strpbrk(s, ",\"\n\r")) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

char *synth_fmt_micro(char *p, double v) {
  long long m = llround(v * 1e6);
  unsigned long long a, ip, fp;
  char tmp[24];
  int n = 0;
  if (m < 0) {
    *p++ = '-';
    a = (unsigned long long)(-m);
  } else {
    a = (unsigned long long)m;
  }
  ip = a / 1000000ULL;
  fp = a % 1000000ULL;
  do {
    tmp[n++] = (char)('0' + ip % 10);
    ip /= 10;
  } while (ip);
  while (n) *p++ = tmp[--n];
  *p++ = '.';
  for (int i = 5; i >= 0; i--) {
    p[i] = (char)('0' + fp % 10);
    fp /= 10;
  }
  return p + 6;
}

/* ------------------------------------------------------------------------
** Census CSV
*/

/* Split one line (no newline) into fields in place. Quotes: "a,""b""" is
** a,"b". Returns the number of fields, at most max. */
static int csv_split(char *line, char **fields, int max) {
  int n = 0;
  char *p = line;
  for (;;) {
    char *out = p, *start = p;
    if (*p == '"') {
      p++;
      for (;;) {
        if (*p == '\0') break;
        if (*p == '"') {
          if (p[1] == '"') {
            *out++ = '"';
            p += 2;
            continue;
          }
          p++;
          break;
        }
        *out++ = *p++;
      }
      while (*p && *p != ',') *out++ = *p++; /* junk after the quote */
    } else {
      while (*p && *p != ',') p++;
      out = p;
    }
    if (n < max) fields[n] = start;
    n++;
    if (*p == ',') {
      *out = '\0';
      p++;
    } else {
      *out = '\0';
      break;
    }
  }
  return n < max ? n : max;
}

static char *trim(char *s) {
  char *e;
  while (*s == ' ' || *s == '\t') s++;
  e = s + strlen(s);
  while (e > s && (e[-1] == ' ' || e[-1] == '\t')) *--e = '\0';
  return s;
}

static int parse_count(const char *s, long *v) {
  char *end;
  double dv;
  if (*s == '\0') {
    *v = 0;
    return 0;
  }
  errno = 0;
  *v = strtol(s, &end, 10);
  if (*end == '\0' && errno == 0 && *v >= 0) return 0;
  dv = strtod(s, &end); /* "1234.0" from spreadsheets */
  if (*end == '\0' && dv >= 0 && dv < 1e15 && dv == floor(dv)) {
    *v = (long)dv;
    return 0;
  }
  return -1;
}

static int key_cmp(const void *a, const void *b) {
  const synth_unit *const *ua = a, *const *ub = b;
  return strcmp((*ua)->key, (*ub)->key);
}

#define MAX_FIELDS 64

static int read_census(synth_ctx *c) {
  const char *path = c->o->census_path;
  FILE *f = fopen(path, "rb");
  char *line = NULL, *fields[MAX_FIELDS];
  size_t cap = 0;
  ssize_t len;
  long lineno = 0, cap_units = 0;
  int rc = PHS_OK, nf;
  int i_cc = -1, i_dc = -1, i_pc = -1, i_cn = -1, i_dn = -1, i_pop = -1,
      i_popu = -1, i_hh = -1;
  if (!f)
    return phs_diag_error(c->d, PHS_EINPUT, "%s: cannot open: %s", path,
                          strerror(errno));
  while ((len = getline(&line, &cap, f)) >= 0) {
    char *l = line;
    lineno++;
    while (len > 0 && (l[len - 1] == '\n' || l[len - 1] == '\r')) l[--len] = '\0';
    if (lineno == 1 && (unsigned char)l[0] == 0xEF &&
        (unsigned char)l[1] == 0xBB && (unsigned char)l[2] == 0xBF)
      l += 3;
    if (*l == '\0') continue;
    nf = csv_split(l, fields, MAX_FIELDS);
    if (lineno == 1) {
      for (int i = 0; i < nf; i++) {
        const char *h = trim(fields[i]);
        if (!strcmp(h, "commune_code")) i_cc = i;
        else if (!strcmp(h, "district_code")) i_dc = i;
        else if (!strcmp(h, "province_code")) i_pc = i;
        else if (!strcmp(h, "commune_name")) i_cn = i;
        else if (!strcmp(h, "district_name")) i_dn = i;
        else if (!strcmp(h, "pop_total")) i_pop = i;
        else if (!strcmp(h, "pop_urban")) i_popu = i;
        else if (!strcmp(h, "hh_total")) i_hh = i;
      }
      if (i_cc < 0 || i_dc < 0 || i_pop < 0 || i_hh < 0) {
        rc = phs_diag_error(c->d, PHS_EINPUT,
                            "%s: header lacks %s", path,
                            i_cc < 0   ? "commune_code"
                            : i_dc < 0 ? "district_code"
                            : i_pop < 0 ? "pop_total"
                                        : "hh_total");
        goto done;
      }
      continue;
    }
    {
      int need = i_cc;
      const char *cc, *dc, *key;
      synth_unit *u;
      long pop, hh, popu = -1;
      if (i_dc > need) need = i_dc;
      if (i_pop > need) need = i_pop;
      if (i_hh > need) need = i_hh;
      if (nf <= need) {
        rc = phs_diag_error(c->d, PHS_EINPUT,
                            "%s:%ld: %d fields, expected at least %d", path,
                            lineno, nf, need + 1);
        goto done;
      }
      cc = trim(fields[i_cc]);
      dc = trim(fields[i_dc]);
      key = *cc ? cc : dc;
      if (!*key) {
        c->rows_skipped++;
        continue;
      }
      if (parse_count(trim(fields[i_pop]), &pop) ||
          parse_count(trim(fields[i_hh]), &hh) ||
          (i_popu >= 0 && i_popu < nf &&
           parse_count(trim(fields[i_popu]), &popu))) {
        rc = phs_diag_error(c->d, PHS_EINPUT,
                            "%s:%ld: pop_total, pop_urban or hh_total is not "
                            "a count", path, lineno);
        goto done;
      }
      if (c->n_units == cap_units) {
        long ncap = cap_units ? cap_units * 2 : 256;
        synth_unit *nu = realloc(c->units, (size_t)ncap * sizeof *nu);
        if (!nu) {
          rc = phs_diag_error(c->d, PHS_ERUNTIME, "out of memory");
          goto done;
        }
        c->units = nu;
        cap_units = ncap;
      }
      u = &c->units[c->n_units];
      memset(u, 0, sizeof *u);
      phs_mpoly_init(&u->poly);
      c->n_units++;
      {
        const char *name = i_cn >= 0 && i_cn < nf ? trim(fields[i_cn]) : "";
        if (!*cc || !*name)
          name = i_dn >= 0 && i_dn < nf ? trim(fields[i_dn]) : "";
        if (!*name) name = key;
        u->key = phs_strdup(key);
        u->name = phs_strdup(name);
        u->province_code =
            phs_strdup(i_pc >= 0 && i_pc < nf ? trim(fields[i_pc]) : "");
      }
      if (!u->key || !u->name || !u->province_code) {
        rc = phs_diag_error(c->d, PHS_ERUNTIME, "out of memory");
        goto done;
      }
      u->is_district = *cc == '\0';
      u->pop = pop;
      u->hh = hh;
      if (popu < 0) /* no pop_urban column: wards and towns count as urban */
        popu = (!strncmp(u->name, "Phường", strlen("Phường")) ||
                !strncmp(u->name, "Thị trấn", strlen("Thị trấn")))
                   ? pop
                   : 0;
      u->pop_urban = popu > pop ? pop : popu;
    }
  }
  if (ferror(f)) {
    rc = phs_diag_error(c->d, PHS_EINPUT, "%s: read error", path);
    goto done;
  }
  if (lineno == 0 || i_cc < 0) {
    rc = phs_diag_error(c->d, PHS_EINPUT, "%s: empty file", path);
    goto done;
  }
  if (c->n_units == 0) {
    rc = phs_diag_error(c->d, PHS_EINPUT, "%s: no census unit with a code",
                        path);
    goto done;
  }
  if (c->rows_skipped)
    phs_diag_warn(c->d, "%s: %ld rows without commune or district code skipped",
                  path, c->rows_skipped);
done:
  free(line);
  fclose(f);
  return rc;
}

/* ------------------------------------------------------------------------
** Commune polygons
*/
static synth_unit *find_unit(synth_unit **sorted, long n, const char *key) {
  synth_unit probe, *pp = &probe, **hit;
  char padded[16];
  probe.key = (char *)key;
  hit = bsearch(&pp, sorted, (size_t)n, sizeof *sorted, key_cmp);
  if (hit) return *hit;
  /* An integer code field loses leading zeros: try 5 and 3 digits. */
  if (strspn(key, "0123456789") == strlen(key) && strlen(key) < 5) {
    for (int w = 5; w >= 3; w -= 2) {
      snprintf(padded, sizeof padded, "%0*ld", w, strtol(key, NULL, 10));
      probe.key = padded;
      hit = bsearch(&pp, sorted, (size_t)n, sizeof *sorted, key_cmp);
      if (hit) return *hit;
    }
  }
  return NULL;
}

/* Append the rings of a (multi)polygon geometry to p. */
static int add_geometry(phs_mpoly *p, OGRGeometryH g, double **buf,
                        int *buf_cap) {
  OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
  if (t == wkbPolygon) {
    int nr = OGR_G_GetGeometryCount(g);
    for (int i = 0; i < nr; i++) {
      OGRGeometryH ring = OGR_G_GetGeometryRef(g, i);
      int np = OGR_G_GetPointCount(ring);
      if (np < 3) continue;
      if (np > *buf_cap) {
        double *nb = realloc(*buf, (size_t)np * 2 * sizeof(double));
        if (!nb) return PHS_ERUNTIME;
        *buf = nb;
        *buf_cap = np;
      }
      OGR_G_GetPoints(ring, *buf, 2 * sizeof(double), *buf + 1,
                      2 * sizeof(double), NULL, 0);
      if (phs_mpoly_add_ring(p, *buf, np, i > 0)) return PHS_ERUNTIME;
    }
    return PHS_OK;
  }
  if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
    int n = OGR_G_GetGeometryCount(g);
    for (int i = 0; i < n; i++) {
      int rc = add_geometry(p, OGR_G_GetGeometryRef(g, i), buf, buf_cap);
      if (rc) return rc;
    }
    return PHS_OK;
  }
  return PHS_OK; /* points and lines carry no area */
}

static int read_polygons(synth_ctx *c, const char *path, synth_unit **sorted) {
  const char *field = c->o->code_field ? c->o->code_field : DEFAULT_CODE_FIELD;
  GDALDatasetH ds = NULL;
  OGRLayerH lyr;
  OGRFeatureH feat = NULL;
  OGRSpatialReferenceH wgs84 = NULL, src = NULL;
  OGRCoordinateTransformationH ct = NULL;
  double *buf = NULL;
  int buf_cap = 0, ifield, rc = PHS_OK;
  long n_empty = 0, n_unknown = 0, n_dup = 0;
  char first_unknown[64] = "";

  ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  if (!ds) {
    rc = phs_diag_error(c->d, PHS_EINPUT, "%s: cannot open as a vector layer: %s",
                        path, CPLGetLastErrorMsg());
    goto done;
  }
  if (GDALDatasetGetLayerCount(ds) < 1 || !(lyr = GDALDatasetGetLayer(ds, 0))) {
    rc = phs_diag_error(c->d, PHS_EINPUT, "%s: no layer", path);
    goto done;
  }
  ifield = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(lyr), field);
  if (ifield < 0) {
    rc = phs_diag_error(c->d, PHS_EINPUT, "%s: no field '%s' in layer '%s'",
                        path, field, OGR_L_GetName(lyr));
    goto done;
  }
  if (OGR_L_GetSpatialRef(lyr)) {
    wgs84 = OSRNewSpatialReference(NULL);
    src = OSRClone(OGR_L_GetSpatialRef(lyr));
    if (!wgs84 || !src || OSRImportFromEPSG(wgs84, 4326) != OGRERR_NONE) {
      rc = phs_diag_error(c->d, PHS_ERUNTIME, "%s: cannot set up EPSG:4326",
                          path);
      goto done;
    }
    OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
    OSRSetAxisMappingStrategy(src, OAMS_TRADITIONAL_GIS_ORDER);
    if (!OSRIsSame(src, wgs84)) {
      ct = OCTNewCoordinateTransformation(src, wgs84);
      if (!ct) {
        rc = phs_diag_error(c->d, PHS_EINPUT,
                            "%s: cannot transform its CRS to EPSG:4326: %s",
                            path, CPLGetLastErrorMsg());
        goto done;
      }
    }
  }
  OGR_L_ResetReading(lyr);
  while ((feat = OGR_L_GetNextFeature(lyr)) != NULL) {
    OGRGeometryH g = OGR_F_GetGeometryRef(feat);
    const char *raw =
        OGR_F_IsFieldSetAndNotNull(feat, ifield) ? OGR_F_GetFieldAsString(feat, ifield) : "";
    char key[64];
    synth_unit *u;
    snprintf(key, sizeof key, "%s", raw);
    {
      char *k = trim(key);
      memmove(key, k, strlen(k) + 1);
    }
    if (!*key) {
      n_empty++;
    } else if (!(u = find_unit(sorted, c->n_units, key))) {
      if (!n_unknown++) snprintf(first_unknown, sizeof first_unknown, "%s", key);
    } else if (g) {
      OGRGeometryH tg = NULL;
      if (u->has_poly) n_dup++;
      if (ct) {
        tg = OGR_G_Clone(g);
        if (!tg || OGR_G_Transform(tg, ct) != OGRERR_NONE) {
          OGR_G_DestroyGeometry(tg);
          rc = phs_diag_error(c->d, PHS_EINPUT,
                              "%s: feature %lld: cannot transform to EPSG:4326",
                              path, (long long)OGR_F_GetFID(feat));
          goto done;
        }
        g = tg;
      }
      rc = add_geometry(&u->poly, g, &buf, &buf_cap);
      OGR_G_DestroyGeometry(tg);
      if (rc) {
        rc = phs_diag_error(c->d, PHS_ERUNTIME, "out of memory");
        goto done;
      }
      if (!phs_mpoly_is_empty(&u->poly)) u->has_poly = 1;
    }
    OGR_F_Destroy(feat);
    feat = NULL;
  }
  if (n_empty)
    phs_diag_warn(c->d, "%s: %ld features with an empty %s skipped", path,
                  n_empty, field);
  if (n_unknown)
    phs_diag_warn(c->d, "%s: %ld features with a code not in the census "
                  "skipped (first: %s)", path, n_unknown, first_unknown);
  if (n_dup)
    phs_diag_warn(c->d, "%s: %ld features repeat a code: their parts were merged",
                  path, n_dup);
done:
  if (feat) OGR_F_Destroy(feat);
  if (ct) OCTDestroyCoordinateTransformation(ct);
  if (src) OSRDestroySpatialReference(src);
  if (wgs84) OSRDestroySpatialReference(wgs84);
  if (ds) GDALClose(ds);
  free(buf);
  return rc;
}

static int read_inputs(synth_ctx *c, phs_synth_result *res) {
  synth_unit **sorted = NULL;
  int rc;
  const char *prov = NULL;
  rc = read_census(c);
  if (rc) goto done;
  sorted = malloc((size_t)c->n_units * sizeof *sorted);
  if (!sorted) {
    rc = phs_diag_error(c->d, PHS_ERUNTIME, "out of memory");
    goto done;
  }
  for (long i = 0; i < c->n_units; i++) sorted[i] = &c->units[i];
  qsort(sorted, (size_t)c->n_units, sizeof *sorted, key_cmp);
  for (long i = 1; i < c->n_units; i++)
    if (!strcmp(sorted[i - 1]->key, sorted[i]->key)) {
      rc = phs_diag_error(c->d, PHS_EINPUT, "%s: unit code %s appears twice",
                          c->o->census_path, sorted[i]->key);
      goto done;
    }
  for (int i = 0; i < c->o->n_commune_paths; i++) {
    rc = read_polygons(c, c->o->commune_paths[i], sorted);
    if (rc) goto done;
  }
  for (long i = 0; i < c->n_units; i++) {
    synth_unit *u = &c->units[i];
    if (u->has_poly) {
      u->area_km2 = phs_mpoly_geodesic_area(&u->poly) / 1e6;
      if (!(u->area_km2 > 0)) u->area_km2 = 0;
    } else {
      res->units_without_polygon++;
    }
    if (!prov) prov = u->province_code;
    else if (strcmp(prov, u->province_code)) prov = "";
  }
  if (!prov || !*prov) snprintf(c->prov_tag, sizeof c->prov_tag, "VN");
  else if (!strcmp(prov, "77")) snprintf(c->prov_tag, sizeof c->prov_tag, "BRVT");
  else snprintf(c->prov_tag, sizeof c->prov_tag, "P%.8s", prov);
  res->units = c->n_units;
  res->census_rows_skipped = c->rows_skipped;
done:
  free(sorted);
  return rc;
}

/* ------------------------------------------------------------------------
** Points inside a commune
*/
int synth_point_in_unit(const synth_unit *u, synth_rng *r, double *x,
                        double *y, phs_diag *d) {
  const phs_mpoly *p = &u->poly;
  double w = p->maxx - p->minx, h = p->maxy - p->miny;
  for (long tries = 0; tries < 1000000; tries++) {
    double px = p->minx + synth_rng_uniform(r) * w;
    double py = p->miny + synth_rng_uniform(r) * h;
    px = nearbyint(px * 1e6) / 1e6;
    py = nearbyint(py * 1e6) / 1e6;
    if (phs_mpoly_locate(p, px, py) == PHS_LOC_INSIDE) {
      *x = px;
      *y = py;
      return PHS_OK;
    }
  }
  return phs_diag_error(d, PHS_EINPUT,
                        "unit %s: no point found inside its polygon (degenerate?)",
                        u->key);
}

/* ------------------------------------------------------------------------
** households.csv: streamed, one line per household point.
*/
/* "<key>-<seq, at least 6 digits>," without printf (it dominated the time). */
static char *fmt_id(char *p, const char *key, long seq) {
  char tmp[24];
  int n = 0;
  for (int i = 0; key[i] && i < 40; i++) *p++ = key[i];
  *p++ = '-';
  do {
    tmp[n++] = (char)('0' + seq % 10);
    seq /= 10;
  } while (seq);
  while (n < 6) tmp[n++] = '0';
  while (n) *p++ = tmp[--n];
  *p++ = ',';
  return p;
}

int synth_write_households(synth_ctx *c, phs_synth_result *res) {
  char *path = NULL;
  FILE *f;
  synth_rng rng;
  int rc = PHS_OK;
  char line[160];
  double scale = c->o->household_scale;
  synth_rng_seed(&rng, c->o->seed, 4);
  f = synth_fopen(c, "households.csv", &path);
  if (!f) return c->d->status;
  fputs("household_id,lon,lat,fibre\n", f);
  for (long i = 0; i < c->n_units; i++) {
    const synth_unit *u = &c->units[i];
    long n, nf;
    if (!u->has_poly || u->area_km2 <= 0) continue;
    n = (long)floor((double)u->hh * scale + 0.5);
    nf = (long)floor((double)u->fibre * scale + 0.5);
    if (nf > n) nf = n;
    for (long k = 0; k < n; k++) {
      double x, y;
      char *p;
      int fib;
      rc = synth_point_in_unit(u, &rng, &x, &y, c->d);
      if (rc) goto done;
      /* Selection sampling: exactly nf of the n points have fibre. */
      fib = synth_rng_uniform(&rng) * (double)(n - k) < (double)nf;
      if (fib) nf--;
      p = fmt_id(line, u->key, k + 1);
      p = synth_fmt_micro(p, x);
      *p++ = ',';
      p = synth_fmt_micro(p, y);
      *p++ = ',';
      *p++ = fib ? '1' : '0';
      *p++ = '\n';
      fwrite(line, 1, (size_t)(p - line), f);
      res->household_points++;
    }
  }
done:
  {
    int rc2 = synth_fclose(c, f, path);
    if (!rc) rc = rc2;
  }
  free(path);
  return rc;
}

/* ------------------------------------------------------------------------
** README.txt, output folder, phs_synth_run
*/
static int write_readme(synth_ctx *c, const phs_synth_result *res) {
  const phs_synth_opts *o = c->o;
  char *path = NULL;
  FILE *f = synth_fopen(c, "README.txt", &path);
  int rc;
  if (!f) return c->d->status;
  fprintf(f,
          "SYNTHETIC DATA - NOT REAL - DO NOT PUBLISH AS FACT\n"
          "==================================================\n\n"
          "Every layer in this folder was generated by `phusong synth` from a\n"
          "pseudo-random seed. Only the commune polygons and the 2019 census\n"
          "counts they were derived from are real; site locations, fibre\n"
          "households and survey answers are invented, calibrated to the\n"
          "province totals below.\n\n"
          "seed: %llu\n"
          "census: %s\n",
          (unsigned long long)o->seed, o->census_path);
  for (int i = 0; i < o->n_commune_paths; i++)
    fprintf(f, "communes: %s\n", o->commune_paths[i]);
  fprintf(f,
          "\ncalibration targets:\n"
          "  fibre households / households:   %.4f\n"
          "  smartphone (weighted share 15+): %.4f\n"
          "  bank account:                    %.4f\n"
          "  e-ID:                            %.4f\n"
          "\nresult:\n"
          "  units %ld (%ld without polygon)\n"
          "  sites 4G %ld, 5G %ld\n"
          "  respondents %ld\n"
          "  fibre %.4f %%, smartphone %.4f %%, bank %.4f %%, e-ID %.4f %%\n",
          o->fibre_target, o->smartphone_target, o->bank_target, o->eid_target,
          res->units, res->units_without_polygon, res->sites_4g, res->sites_5g,
          res->respondents, res->fibre_pct, res->smartphone_pct, res->bank_pct,
          res->eid_pct);
  if (o->household_points)
    fprintf(f, "  household points %ld (scale %.4f)\n", res->household_points,
            o->household_scale);
  fprintf(f,
          "\nfiles:\n"
          "  sites_viettel.csv     Viettel sites (operator CSV, Vietnamese headers)\n"
          "  sites_vnpt.geojson    VNPT sites (GeoJSON, RFC 7946)\n"
          "  sites_mobifone.gpkg   MobiFone sites (GeoPackage, layer tram_bts)\n"
          "  fibre_households.csv  households with fibre per commune\n"
          "  survey.csv            weighted survey of people aged 15+\n");
  if (o->household_points)
    fprintf(f, "  households.csv        one point per household\n");
  rc = synth_fclose(c, f, path);
  free(path);
  return rc;
}

static int check_opts(const phs_synth_opts *o, phs_diag *d) {
  if (!o->census_path || !*o->census_path)
    return phs_diag_error(d, PHS_EUSAGE, "synth: no census file given");
  if (!o->out_dir || !*o->out_dir)
    return phs_diag_error(d, PHS_EUSAGE, "synth: no output folder given");
  if (o->n_commune_paths < 0 || (o->n_commune_paths > 0 && !o->commune_paths))
    return phs_diag_error(d, PHS_EUSAGE, "synth: bad commune path list");
  if (o->n_sites_4g < 0 || o->n_sites_5g < 0 || o->n_respondents < 0)
    return phs_diag_error(d, PHS_EUSAGE, "synth: negative count");
#define TARGET_OK(t) ((t) >= 0.0 && (t) <= 1.0)
  if (!TARGET_OK(o->fibre_target) || !TARGET_OK(o->smartphone_target) ||
      !TARGET_OK(o->bank_target) || !TARGET_OK(o->eid_target))
    return phs_diag_error(d, PHS_EUSAGE,
                          "synth: calibration targets must be in 0..1");
#undef TARGET_OK
  if (o->household_points && !(o->household_scale > 0 && o->household_scale <= 1.0))
    return phs_diag_error(d, PHS_EUSAGE,
                          "synth: household scale must be in (0, 1]");
  return PHS_OK;
}

/* mkdir -p */
static int make_dirs(const char *dir) {
  char *p = phs_strdup(dir), *q;
  int rc = 0;
  struct stat st;
  if (!p) return -1;
  for (q = p + 1; *q; q++) {
    if (*q != '/') continue;
    *q = '\0';
    if (stat(p, &st) != 0 && mkdir(p, 0777) != 0 && errno != EEXIST) rc = -1;
    *q = '/';
    if (rc) break;
  }
  if (!rc && stat(p, &st) != 0 && mkdir(p, 0777) != 0 && errno != EEXIST)
    rc = -1;
  free(p);
  return rc;
}

static int prepare_out_dir(synth_ctx *c) {
  const phs_synth_opts *o = c->o;
  struct stat st;
  if (stat(o->out_dir, &st) == 0) {
    if (!S_ISDIR(st.st_mode))
      return phs_diag_error(c->d, PHS_EUSAGE, "%s: not a folder", o->out_dir);
  } else if (make_dirs(o->out_dir) != 0) {
    return phs_diag_error(c->d, PHS_ERUNTIME, "%s: cannot create folder: %s",
                          o->out_dir, strerror(errno));
  }
  for (int pass = 0; pass < 2; pass++) {
    for (int i = 0; i < N_OUTPUTS; i++) {
      char *path = phs_strdup_printf("%s/%s", o->out_dir, k_outputs[i]);
      int exists;
      if (!path) return phs_diag_error(c->d, PHS_ERUNTIME, "out of memory");
      exists = stat(path, &st) == 0;
      if (exists && pass == 0 && !o->overwrite) {
        phs_diag_error(c->d, PHS_EUSAGE,
                       "%s: exists (allow overwriting to replace it)", path);
        free(path);
        return PHS_EUSAGE;
      }
      /* pass 1: remove every old output, so a stale households.csv never
      ** sits next to fresh layers, and GDAL creates its files anew. */
      if (exists && pass == 1 && unlink(path) != 0) {
        phs_diag_error(c->d, PHS_ERUNTIME, "%s: cannot remove: %s", path,
                       strerror(errno));
        free(path);
        return PHS_ERUNTIME;
      }
      free(path);
    }
  }
  return PHS_OK;
}

int phs_synth_run(const phs_synth_opts *o, phs_synth_result *res, phs_diag *d) {
  phs_synth_result local;
  synth_ctx c;
  int rc;
  memset(&c, 0, sizeof c);
  if (!res) res = &local;
  memset(res, 0, sizeof *res);
  c.o = o;
  c.d = d;
  rc = check_opts(o, d);
  if (rc) return rc;
  store_gdal_register();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  rc = read_inputs(&c, res);
  if (rc) goto done;
  rc = prepare_out_dir(&c);
  if (rc) goto done;
  rc = synth_write_sites(&c, res);
  if (rc) goto done;
  rc = synth_write_fibre(&c, res);
  if (rc) goto done;
  rc = synth_write_survey(&c, res);
  if (rc) goto done;
  if (o->household_points) {
    rc = synth_write_households(&c, res);
    if (rc) goto done;
  }
  rc = write_readme(&c, res);
done:
  CPLPopErrorHandler();
  for (long i = 0; i < c.n_units; i++) {
    free(c.units[i].key);
    free(c.units[i].name);
    free(c.units[i].province_code);
    phs_mpoly_free(&c.units[i].poly);
  }
  free(c.units);
  return rc;
}
