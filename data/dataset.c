/*
** dataset.c: loading what an analysis needs from the current submissions
** into plain arrays (phs_dataset), so analyzer/ never sees SQL. Communes
** come from the commune table (polygons) joined with the latest
** per-commune counts; a unit that has counts but no polygon (Phường Thắng
** Nhì in the 2008 boundaries) is kept, without geometry, so its households
** still count in the province's totals.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data_int.h"

static char *dup_col(sqlite3_stmt *st, int i) {
  const char *t = (const char *)sqlite3_column_text(st, i);
  return strdup(t ? t : "");
}

/*
** Polygons in two little-endian encodings that differ only in their
** framing: OGC WKB (what AsBinary returns) and SpatiaLite's own geometry
** BLOB (what a geometry column holds). In both, a polygon is a marker byte
** (WKB: the byte order, 1; BLOB: 0x69, an entity), uint32 type 3, uint32
** ring count, then each ring as a uint32 point count and x, y doubles.
** Reading the BLOB directly saves SpatiaLite's AsBinary (a conversion
** through its geometry objects, a tenth of a national map's loading).
*/
/* A ring buffer for read_rings: coordinates may be unaligned in the
** blob, so they are copied before phs_mpoly_add_ring copies them again. */
typedef struct ring_buf {
  double stack[2 * 256], *xy;
  size_t cap;
} ring_buf;

/* n_rings rings from w at *pos (the first the shell, the rest holes). */
static int read_rings(const unsigned char *w, size_t len, size_t *pos,
                      uint32_t n_rings, phs_mpoly *m, ring_buf *rb) {
  for (uint32_t k = 0; k < n_rings; k++) {
    uint32_t n;
    if (*pos + 4 > len) return -1;
    memcpy(&n, w + *pos, 4);
    *pos += 4;
    if (n > (len - *pos) / 16) return -1;
    if (n > rb->cap) {
      double *g = malloc(16 * (size_t)n);
      if (g == NULL) return -1;
      if (rb->xy != rb->stack) free(rb->xy);
      rb->xy = g;
      rb->cap = n;
    }
    memcpy(rb->xy, w + *pos, 16 * (size_t)n);
    *pos += 16 * (size_t)n;
    if (phs_mpoly_add_ring(m, rb->xy, (int)n, k > 0)) return -1;
  }
  return 0;
}

/* n_polys polygons from w at pos, each framed by marker, type 3, rings. */
static int read_polygons(const unsigned char *w, size_t len, size_t pos,
                         uint32_t n_polys, unsigned char marker,
                         phs_mpoly *m, ring_buf *rb) {
  for (uint32_t p = 0; p < n_polys; p++) {
    uint32_t type, n_rings;
    if (pos + 9 > len || w[pos] != marker) return -1;
    memcpy(&type, w + pos + 1, 4);
    if (type != 3) return -1;
    memcpy(&n_rings, w + pos + 5, 4);
    pos += 9;
    if (read_rings(w, len, &pos, n_rings, m, rb)) return -1;
  }
  return 0;
}

/* Read a little-endian WKB (Multi)Polygon into m. Returns 0 ok, -1 bad. */
int store_wkb_to_mpoly(const unsigned char *w, size_t len, phs_mpoly *m) {
  ring_buf rb = {.cap = 256};
  rb.xy = rb.stack;
  uint32_t type, n_polys;
  int rc = -1;
  if (len < 9 || w[0] != 1) return -1; /* AsBinary is little-endian */
  memcpy(&type, w + 1, 4);
  if (type == 3) {
    rc = read_polygons(w, len, 0, 1, 1, m, &rb);
  } else if (type == 6) {
    memcpy(&n_polys, w + 5, 4);
    rc = read_polygons(w, len, 9, n_polys, 1, m, &rb);
  }
  if (rb.xy != rb.stack) free(rb.xy);
  return rc;
}

/*
** A SpatiaLite geometry BLOB: 0x00, byte order (1: little-endian), SRID,
** MBR (4 doubles), 0x7C, class (3 polygon, 6 multipolygon), the geometry
** (a polygon: its ring count and rings; a multipolygon: the count of
** polygons, each an entity 0x69 with class 3), 0xFE. Other classes (Z/M,
** compressed) and big-endian blobs return -1: read those with AsBinary.
*/
int store_blob_to_mpoly(const unsigned char *b, size_t len, phs_mpoly *m) {
  ring_buf rb = {.cap = 256};
  rb.xy = rb.stack;
  uint32_t type, n;
  int rc = -1;
  if (len < 48 || b[0] != 0x00 || b[1] != 0x01 || b[38] != 0x7C ||
      b[len - 1] != 0xFE)
    return -1;
  memcpy(&type, b + 39, 4);
  memcpy(&n, b + 43, 4);
  size_t pos = 47;
  if (type == 3)
    rc = read_rings(b, len - 1, &pos, n, m, &rb);
  else if (type == 6)
    rc = read_polygons(b, len - 1, 47, n, 0x69, m, &rb);
  if (rb.xy != rb.stack) free(rb.xy);
  return rc;
}

int store_geom_to_mpoly(phs_store *s, const unsigned char *blob, size_t len,
                       phs_mpoly *m) {
  if (store_blob_to_mpoly(blob, len, m) == 0) return 0;
  phs_mpoly_free(m);
  phs_mpoly_init(m);
  sqlite3_stmt *st = NULL;
  int rc = -1;
  if (sqlite3_prepare_v2(s->db, "SELECT AsBinary(?1)", -1, &st, NULL) !=
      SQLITE_OK)
    return -1;
  sqlite3_bind_blob(st, 1, blob, (int)len, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW) {
    const unsigned char *w = sqlite3_column_blob(st, 0);
    if (w) rc = store_wkb_to_mpoly(w, (size_t)sqlite3_column_bytes(st, 0), m);
  }
  sqlite3_finalize(st);
  return rc;
}

static int cmp_commune(const void *a, const void *b) {
  return strcmp(((const phs_commune *)a)->code,
                ((const phs_commune *)b)->code);
}

static int find_commune(const phs_dataset *ds, const char *code) {
  int lo = 0, hi = ds->n_communes - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    int c = strcmp(ds->communes[mid].code, code);
    if (c == 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/* Grow an array by one element; returns the new element or NULL. */
static void *grow(void **arr, long *n, long *cap, size_t elem) {
  if (*n == *cap) {
    long nc = *cap ? *cap * 2 : 64;
    void *g = realloc(*arr, elem * (size_t)nc);
    if (g == NULL) return NULL;
    *arr = g;
    *cap = nc;
  }
  void *e = (char *)*arr + elem * (size_t)(*n)++;
  memset(e, 0, elem);
  return e;
}

int phs_as_of_parse(const char *in, char out[32]) {
  int y, mo, dd, h = 23, mi = 59, sec = 59, n = 0;
  size_t len = strlen(in);
  if (len == 10) {
    if (sscanf(in, "%4d-%2d-%2d%n", &y, &mo, &dd, &n) != 3 || n != 10)
      return -1;
  } else if (len == 20) {
    if (sscanf(in, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &dd, &h, &mi, &sec,
               &n) != 6 || n != 20)
      return -1;
  } else {
    return -1;
  }
  for (size_t i = 0; i < len; i++) /* no signs or spaces inside fields */
    if (!((in[i] >= '0' && in[i] <= '9') || in[i] == '-' || in[i] == ':' ||
          in[i] == 'T' || in[i] == 'Z'))
      return -1;
  static const int mdays[12] = {31, 29, 31, 30, 31, 30,
                                31, 31, 30, 31, 30, 31};
  if (y < 1970 || mo < 1 || mo > 12 || dd < 1 || dd > mdays[mo - 1] ||
      h > 23 || mi > 59 || sec > 59 || h < 0 || mi < 0 || sec < 0)
    return -1;
  /* (narrow types: the compiler sees that 32 bytes always suffice) */
  snprintf(out, 32, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned short)y,
           (unsigned char)mo, (unsigned char)dd, (unsigned char)h,
           (unsigned char)mi, (unsigned char)sec);
  return 0;
}

/*
** Prepare sql_fmt, whose one %s is the test that submission "s" was in
** force at ds->as_of (docs/submissions.md): filed at or before it and not
** superseded by then; or, when ds->as_of is "", that it is current. With
** per_tech, the supersede time is that of the filing's technology in
** site_filing "f" (a site file's 4G and 5G are superseded separately).
*/
int store_prepare_as_of(phs_store *s, const phs_dataset *ds,
                        const char *sql_fmt, int per_tech, sqlite3_stmt **st,
                        phs_diag *d) {
  const char *sup = per_tech ? "f.superseded_at_utc" : "s.superseded_at_utc";
  char *pred =
      ds->as_of[0]
          ? sqlite3_mprintf("(s.submitted_at_utc <= %Q AND coalesce(%s,"
                            " '9999') > %Q)",
                            ds->as_of, sup, ds->as_of)
          : sqlite3_mprintf("s.status = 'current'%s",
                            per_tech ? " AND f.superseded_at_utc IS NULL"
                                     : "");
  char *sql = pred ? sqlite3_mprintf(sql_fmt, pred) : NULL;
  sqlite3_free(pred);
  if (sql == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  int rc = store_prepare(s, sql, st, d);
  sqlite3_free(sql);
  return rc;
}

static int load_communes(phs_store *s, phs_dataset *ds, phs_diag *d) {
  sqlite3_stmt *st = NULL;
  long n = 0, cap = 0;
  int rc = store_prepare(s,
                         "SELECT code, name, district_code, district_name,"
                         " province_code, province_name, uncoded, area_m2,"
                         " geom, submission_id FROM commune"
                         " ORDER BY code",
                         &st, d);
  if (rc) return rc;
  while (sqlite3_step(st) == SQLITE_ROW) {
    phs_commune *c = grow((void **)&ds->communes, &n, &cap, sizeof(*c));
    if (c == NULL) goto oom;
    c->code = dup_col(st, 0);
    c->name = dup_col(st, 1);
    c->district_code = dup_col(st, 2);
    c->district_name = dup_col(st, 3);
    c->province_code = dup_col(st, 4);
    c->province_name = dup_col(st, 5);
    c->uncoded = sqlite3_column_int(st, 6);
    c->area_m2 = sqlite3_column_double(st, 7);
    c->households = c->population = c->fibre_households = -1;
    phs_mpoly_init(&c->geom);
    const unsigned char *w = sqlite3_column_blob(st, 8);
    int len = sqlite3_column_bytes(st, 8);
    if (w && store_geom_to_mpoly(s, w, (size_t)len, &c->geom) == 0)
      c->has_geom = 1;
    c->submission_id = c->has_geom ? sqlite3_column_int64(st, 9) : 0;
    ds->n_communes = (int)n;
  }
  sqlite3_finalize(st);

  /* Units known only from counts (no polygon): added first, then sorted
  ** once, so each lookup below is a binary search. */
  rc = store_prepare_as_of(s, ds,
                          "SELECT DISTINCT cc.commune_code FROM"
                          " commune_count cc JOIN submission s ON s.id ="
                          " cc.submission_id WHERE %s",
                          0, &st, d);
  if (rc) return rc;
  int n_poly = ds->n_communes;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *code = (const char *)sqlite3_column_text(st, 0);
    phs_dataset polys = *ds;
    polys.n_communes = n_poly; /* the sorted prefix */
    if (find_commune(&polys, code) >= 0) continue;
    phs_commune *c = grow((void **)&ds->communes, &n, &cap, sizeof(*c));
    if (c == NULL) goto oom;
    c->code = strdup(code);
    c->name = strdup("");
    c->district_code = strdup("");
    c->district_name = strdup("");
    c->province_code = strdup("");
    c->province_name = strdup("");
    c->households = c->population = c->fibre_households = -1;
    c->area_m2 = NAN;
    phs_mpoly_init(&c->geom);
    ds->n_communes = (int)n;
  }
  sqlite3_finalize(st);
  if (n > 0) qsort(ds->communes, (size_t)n, sizeof(phs_commune), cmp_commune);

  /* Latest current value of each count; later submissions win. */
  rc = store_prepare_as_of(
      s, ds,
      "SELECT cc.commune_code, cc.quantity, cc.value, cc.commune_name,"
      " cc.district_code, cc.district_name, cc.province_code,"
      " cc.province_name FROM commune_count cc JOIN submission s ON s.id ="
      " cc.submission_id WHERE %s ORDER BY cc.submission_id",
      0, &st, d);
  if (rc) return rc;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *code = (const char *)sqlite3_column_text(st, 0);
    int i = find_commune(ds, code);
    if (i < 0) continue; /* cannot happen: added above */
    if (!ds->communes[i].has_geom && !ds->communes[i].name[0] &&
        sqlite3_column_text(st, 3)) {
      free(ds->communes[i].name);
      ds->communes[i].name = dup_col(st, 3);
    }
    phs_commune *c = &ds->communes[i];
    /* Fill names the polygon layer lacked. District names from counts
    ** (the census) win: they are of the codes' vintage (2019), while
    ** boundary layers may be older (2008: Tân Thành, now Phú Mỹ). */
    if (!c->district_code[0] && sqlite3_column_text(st, 4)) {
      free(c->district_code);
      c->district_code = dup_col(st, 4);
    }
    if (sqlite3_column_text(st, 5) && sqlite3_column_text(st, 5)[0]) {
      free(c->district_name);
      c->district_name = dup_col(st, 5);
    }
    if (!c->province_code[0] && sqlite3_column_text(st, 6)) {
      free(c->province_code);
      c->province_code = dup_col(st, 6);
    }
    if (!c->province_name[0] && sqlite3_column_text(st, 7)) {
      free(c->province_name);
      c->province_name = dup_col(st, 7);
    }
    const char *q = (const char *)sqlite3_column_text(st, 1);
    long long v = sqlite3_column_int64(st, 2);
    if (strcmp(q, "households") == 0) c->households = v;
    else if (strcmp(q, "population") == 0) c->population = v;
    else c->fibre_households = v;
  }
  sqlite3_finalize(st);
  /* A unit whose layer gave a district name but no district code (an
  ** uncoded polygon) takes the code of the district of that name. */
  for (int i = 0; i < ds->n_communes; i++) {
    phs_commune *c = &ds->communes[i];
    if (c->district_code[0] || !c->district_name[0]) continue;
    for (int k = 0; k < ds->n_communes; k++) {
      const phs_commune *o = &ds->communes[k];
      /* Same name in the same province: "Huyện Châu Thành" exists in
      ** several provinces. */
      if (o->district_code[0] &&
          strcmp(o->district_name, c->district_name) == 0 &&
          (!c->province_code[0] ||
           strcmp(o->province_code, c->province_code) == 0)) {
        free(c->district_code);
        c->district_code = strdup(o->district_code);
        if (!c->province_code[0]) {
          free(c->province_code);
          c->province_code = strdup(o->province_code);
        }
        break;
      }
    }
  }
  return PHS_OK;
oom:
  sqlite3_finalize(st);
  return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
}

static int load_sites(phs_store *s, phs_dataset *ds, phs_diag *d) {
  sqlite3_stmt *st = NULL;
  long n = 0, cap = 0;
  /* A filing's rows of one technology count while that technology of
  ** the filing is in force (site_filing). */
  int rc = store_prepare_as_of(
      s, ds,
      "SELECT t.operator_code, t.site_id, t.tech, t.band_mhz, t.radius_m,"
      " t.lon, t.lat, t.azimuth_deg, t.beamwidth_deg, t.tilt_deg,"
      " t.height_m, t.eirp_dbm, t.tilt_mech_deg, t.tx_power_dbm,"
      " t.antenna_gain_dbi, t.feeder_loss_db"
      " FROM site t JOIN submission s ON s.id = t.submission_id"
      " JOIN site_filing f ON f.submission_id = t.submission_id AND"
      " f.tech = t.tech"
      " WHERE %s AND t.lon IS NOT NULL"
      " ORDER BY t.operator_code, t.site_id",
      1, &st, d);
  if (rc) return rc;
  while (sqlite3_step(st) == SQLITE_ROW) {
    phs_site *t = grow((void **)&ds->sites, &n, &cap, sizeof(*t));
    if (t == NULL) {
      sqlite3_finalize(st);
      return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    }
    t->operator_code = dup_col(st, 0);
    t->site_id = dup_col(st, 1);
    t->tech = dup_col(st, 2);
    t->band_mhz = sqlite3_column_int(st, 3);
    t->radius_m = sqlite3_column_type(st, 4) == SQLITE_NULL
                      ? NAN
                      : sqlite3_column_double(st, 4);
    t->lon = sqlite3_column_double(st, 5);
    t->lat = sqlite3_column_double(st, 6);
    for (int a = 0; a < PHS_SITE_N_ATTRS; a++)
      t->attr[a] = sqlite3_column_type(st, 7 + a) == SQLITE_NULL
                       ? NAN
                       : sqlite3_column_double(st, 7 + a);
    ds->n_sites = (int)n;
  }
  sqlite3_finalize(st);
  /* Operators: every operator with a current site or coverage filing,
  ** sorted. */
  rc = store_prepare_as_of(s, ds,
                          "SELECT DISTINCT s.operator_code FROM submission s"
                          " WHERE s.kind IN ('sites', 'coverage') AND %s"
                          " ORDER BY 1",
                          0, &st, d);
  if (rc) return rc;
  long no = 0, capo = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    char **o = grow((void **)&ds->operators, &no, &capo, sizeof(char *));
    if (o == NULL) break;
    *o = dup_col(st, 0);
    ds->n_operators = (int)no;
  }
  sqlite3_finalize(st);
  return PHS_OK;
}

static int load_claims(phs_store *s, phs_dataset *ds, phs_diag *d) {
  sqlite3_stmt *st = NULL;
  long n = 0, cap = 0;
  int rc = store_prepare_as_of(s, ds,
                               "SELECT c.operator_code, c.tech,"
                               " c.geom FROM claimed_coverage c"
                               " JOIN submission s ON s.id = c.submission_id"
                               " WHERE %s ORDER BY c.id",
                               0, &st, d);
  if (rc) return rc;
  while (sqlite3_step(st) == SQLITE_ROW) {
    phs_claim *c = grow((void **)&ds->claims, &n, &cap, sizeof(*c));
    if (c == NULL) {
      sqlite3_finalize(st);
      return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    }
    c->operator_code = dup_col(st, 0);
    c->tech = dup_col(st, 1);
    phs_mpoly_init(&c->geom);
    const unsigned char *w = sqlite3_column_blob(st, 2);
    if (w)
      store_geom_to_mpoly(s, w, (size_t)sqlite3_column_bytes(st, 2), &c->geom);
    ds->n_claims = (int)n;
  }
  sqlite3_finalize(st);
  return PHS_OK;
}

static int indicator_index(phs_dataset *ds, const char *name) {
  for (int i = 0; i < ds->n_indicators; i++)
    if (strcmp(ds->indicators[i], name) == 0) return i;
  long n = ds->n_indicators, cap = ds->n_indicators;
  char **slot = grow((void **)&ds->indicators, &n, &cap, sizeof(char *));
  if (slot == NULL) return -1;
  *slot = strdup(name);
  ds->n_indicators = (int)n;
  return (int)n - 1;
}

static int load_survey(phs_store *s, phs_dataset *ds, phs_diag *d) {
  sqlite3_stmt *st = NULL;
  long n = 0, cap = 0;
  int rc = store_prepare_as_of(s, ds,
                               "SELECT r.id, r.commune_code, r.weight FROM"
                               " survey_response r JOIN submission s ON s.id"
                               " = r.submission_id WHERE %s ORDER BY r.id",
                               0, &st, d);
  if (rc) return rc;
  long long *ids = NULL;
  long idcap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    phs_respondent *p =
        grow((void **)&ds->respondents, &n, &cap, sizeof(*p));
    if (p == NULL) goto oom;
    if (idcap < cap) {
      long long *g = realloc(ids, sizeof(long long) * (size_t)cap);
      if (g == NULL) goto oom;
      ids = g;
      idcap = cap;
    }
    ids[n - 1] = sqlite3_column_int64(st, 0);
    p->commune = find_commune(ds, (const char *)sqlite3_column_text(st, 1));
    if (p->commune < 0) ds->survey_unmatched++;
    p->weight = sqlite3_column_double(st, 2);
    ds->n_respondents = n;
  }
  sqlite3_finalize(st);
  /* Answers in respondent order; respondents are contiguous. */
  rc = store_prepare_as_of(s, ds,
                          "SELECT a.response_id, a.indicator, a.value FROM"
                          " survey_answer a JOIN survey_response r ON r.id ="
                          " a.response_id JOIN submission s ON s.id ="
                          " r.submission_id WHERE %s ORDER BY"
                          " a.response_id, a.indicator",
                          0, &st, d);
  if (rc) {
    free(ids);
    return rc;
  }
  long na = 0, capa = 0, ri = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    long long rid = sqlite3_column_int64(st, 0);
    while (ri < ds->n_respondents && ids[ri] < rid) ri++;
    if (ri >= ds->n_respondents || ids[ri] != rid) continue;
    phs_answer *a = grow((void **)&ds->answers, &na, &capa, sizeof(*a));
    if (a == NULL) goto oom;
    a->indicator =
        indicator_index(ds, (const char *)sqlite3_column_text(st, 1));
    a->value = sqlite3_column_int(st, 2);
    phs_respondent *p = &ds->respondents[ri];
    if (p->n_answers == 0) p->first_answer = (int)(na - 1);
    p->n_answers++;
    ds->n_answers = na;
  }
  sqlite3_finalize(st);
  free(ids);
  return PHS_OK;
oom:
  sqlite3_finalize(st);
  free(ids);
  return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
}

static int load_inputs(phs_store *s, phs_dataset *ds, phs_diag *d) {
  sqlite3_stmt *st = NULL;
  long n = 0, cap = 0;
  int rc = store_prepare_as_of(s, ds,
                               "SELECT s.id, s.kind,"
                               " coalesce(s.operator_code,''), s.source_name,"
                               " s.source_sha256, s.submitted_at_utc,"
                               " coalesce(s.format,''),"
                               " coalesce(s.source_detail,'') FROM"
                               " submission s WHERE %s ORDER BY s.id",
                               0, &st, d);
  if (rc) return rc;
  while (sqlite3_step(st) == SQLITE_ROW) {
    phs_input_ref *r = grow((void **)&ds->inputs, &n, &cap, sizeof(*r));
    if (r == NULL) break;
    r->submission_id = sqlite3_column_int64(st, 0);
    r->kind = dup_col(st, 1);
    r->operator_code = dup_col(st, 2);
    r->source_name = dup_col(st, 3);
    r->sha256 = dup_col(st, 4);
    r->submitted_at = dup_col(st, 5);
    r->format = dup_col(st, 6);
    r->source_detail = dup_col(st, 7);
    ds->n_inputs = (int)n;
  }
  sqlite3_finalize(st);
  return PHS_OK;
}

int phs_dataset_load(phs_store *s, phs_dataset *ds, phs_diag *d) {
  return phs_dataset_load_as_of(s, NULL, ds, d);
}

int phs_dataset_load_as_of(phs_store *s, const char *as_of, phs_dataset *ds,
                           phs_diag *d) {
  memset(ds, 0, sizeof(*ds));
  if (as_of && *as_of && phs_as_of_parse(as_of, ds->as_of) != 0)
    return phs_diag_error(d, PHS_EUSAGE,
                          "--as-of: '%s' is not a UTC date or instant"
                          " (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)",
                          as_of);
  /* One read transaction: a consistent snapshot even while an operator
  ** submits (WAL readers do not block writers). */
  int rc = store_exec(s, "BEGIN", d);
  if (rc) return rc;
  rc = load_communes(s, ds, d);
  if (rc == PHS_OK) rc = store_district_outlines_load(s, ds, d);
  if (rc == PHS_OK) rc = load_sites(s, ds, d);
  if (rc == PHS_OK) rc = load_claims(s, ds, d);
  if (rc == PHS_OK) rc = store_household_subs_load(s, ds, d);
  if (rc == PHS_OK) rc = load_survey(s, ds, d);
  if (rc == PHS_OK) rc = load_inputs(s, ds, d);
  sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
  if (rc) phs_dataset_free(ds);
  return rc;
}

void phs_dataset_free(phs_dataset *ds) {
  for (int i = 0; i < ds->n_communes; i++) {
    phs_commune *c = &ds->communes[i];
    free(c->code);
    free(c->name);
    free(c->district_code);
    free(c->district_name);
    free(c->province_code);
    free(c->province_name);
    phs_mpoly_free(&c->geom);
  }
  free(ds->communes);
  phs_district_outlines_free(ds->outlines, ds->n_outlines);
  for (int i = 0; i < ds->n_sites; i++) {
    free(ds->sites[i].operator_code);
    free(ds->sites[i].site_id);
    free(ds->sites[i].tech);
  }
  free(ds->sites);
  for (int i = 0; i < ds->n_claims; i++) {
    free(ds->claims[i].operator_code);
    free(ds->claims[i].tech);
    phs_mpoly_free(&ds->claims[i].geom);
  }
  free(ds->claims);
  free(ds->household_subs);
  free(ds->respondents);
  free(ds->answers);
  for (int i = 0; i < ds->n_indicators; i++) free(ds->indicators[i]);
  free(ds->indicators);
  for (int i = 0; i < ds->n_operators; i++) free(ds->operators[i]);
  free(ds->operators);
  for (int i = 0; i < ds->n_inputs; i++) {
    phs_input_ref *r = &ds->inputs[i];
    free(r->kind);
    free(r->operator_code);
    free(r->source_name);
    free(r->sha256);
    free(r->submitted_at);
    free(r->format);
    free(r->source_detail);
  }
  free(ds->inputs);
  memset(ds, 0, sizeof(*ds));
}

/*
** What a choropleth draws: the communes, the stored district outlines and
** the inputs, in one read transaction, as phs_dataset_load reads them;
** nothing else (a national store's sites and survey are not read).
*/
int phs_dataset_load_map(phs_store *s, phs_dataset *ds, phs_diag *d) {
  memset(ds, 0, sizeof(*ds));
  int rc = store_exec(s, "BEGIN", d);
  if (rc) return rc;
  rc = load_communes(s, ds, d);
  if (rc == PHS_OK) rc = store_district_outlines_load(s, ds, d);
  if (rc == PHS_OK) rc = load_inputs(s, ds, d);
  sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
  if (rc) phs_dataset_free(ds);
  return rc;
}
