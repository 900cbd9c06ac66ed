/*
** import.c: validating and importing communes, households, survey
** respondents and operators' site layers.
**
** Each import reads the input twice through the same check_record():
** pass 1 validates every record and collects every problem without
** touching the store; pass 2 runs only when pass 1 found none, re-reads
** the records and inserts them inside one BEGIN IMMEDIATE transaction that
** also writes the submission row. The rules follow
** ../shared/spec/bad-inputs.md, groups A (reader.c), B and C (here).
*/
#include <cpl_vsi.h>
#include <ctype.h>
#include <gdal.h>
#include <ogr_srs_api.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

#include "data_int.h"
#include "phs_progress.h"

/* Vietnam's envelope, degrees (B2): mainland and islands. */
#define VN_MIN_LON 102.1
#define VN_MAX_LON 117.9
#define VN_MAX_LON_MAINLAND 109.5
#define VN_MIN_LAT 8.2
#define VN_MIN_LAT_ISLANDS 6.0
#define VN_MAX_LAT 23.4

/* ------------------------------------------------------ column names */

/* Candidate names of each role, matched case-insensitively (NFC). */
static const char *const C_X[] = {"lon", "long", "lng", "longitude", "x",
                                  "kinh_do", "kinhdo", "kinh độ", NULL};
static const char *const C_Y[] = {"lat", "latitude", "y", "vi_do", "vido",
                                  "vĩ độ", NULL};
static const char *const C_SITE_ID[] = {"site_id", "ma_tram", "mã trạm",
                                        "cell_id", "enodeb_id", "gnodeb_id",
                                        NULL};
static const char *const C_SITE_NAME[] = {"name", "site_name", "ten_tram",
                                          "tên trạm", NULL};
static const char *const C_TECH[] = {"tech", "technology", "cong_nghe",
                                     "công nghệ", NULL};
static const char *const C_BAND[] = {"band_mhz", "band", "freq_mhz",
                                     "bang_tan", "bang_tan_mhz", "băng tần",
                                     NULL};
static const char *const C_RADIUS[] = {"radius_m", "radius", "ban_kinh",
                                       "ban_kinh_m", "bán kính", NULL};
/* Optional radio attributes of a site (issue 3's footprint models); each
** is stored in the site column of the same key, NULL when absent. */
static const char *const C_AZ[] = {"azimuth_deg", "azimuth", "huong",
                                   "phuong_vi", "phương vị", NULL};
static const char *const C_HBW[] = {"beamwidth_deg", "beamwidth",
                                    "h_beamwidth", "bw", "do_rong_bup",
                                    "độ rộng búp", NULL};
/* Electrical downtilt; the first five names are a single "tilt" column,
** which is read as electrical (docs/input-formats.md says why). */
static const char *const C_TILT[] = {
    "tilt_deg", "tilt", "downtilt", "do_nghieng", "độ nghiêng",
    "tilt_elec_deg", "tilt_elec", "elec_tilt", "electrical_tilt", "etilt",
    "tilt_dien", "goc_nghieng_dien", "góc nghiêng điện", "goc_chuc_dien",
    "góc chúc điện", "goc_ngang_dien", "góc ngẩng điện", NULL};
#define N_TILT_SINGLE 5
static const char *const C_TILT_MECH[] = {
    "tilt_mech_deg", "tilt_mech", "mech_tilt", "mechanical_tilt", "mtilt",
    "tilt_co", "goc_nghieng_co", "góc nghiêng cơ", "goc_chuc_co",
    "góc chúc cơ", "goc_ngang_co", "góc ngẩng cơ", NULL};
/* Transmit power: the unit must be in the name (40 is a plausible value
** in W and in dBm). Watts are converted to dBm on import. */
static const char *const C_TXP[] = {"tx_power_dbm", "ptx_dbm",
                                    "cong_suat_phat_dbm", NULL};
static const char *const C_TXW[] = {"tx_power_w", "ptx_w",
                                    "cong_suat_phat_w", NULL};
static const char *const C_GAIN[] = {"antenna_gain_dbi", "antenna_gain",
                                     "gain_dbi", "ant_gain", "tang_ich_anten",
                                     "tăng ích anten", "do_loi_anten",
                                     "độ lợi anten", NULL};
static const char *const C_FEEDER[] = {"feeder_loss_db", "feeder_loss",
                                       "cable_loss_db", "suy_hao_feeder",
                                       "suy hao feeder", "suy_hao_cap",
                                       "suy hao cáp", NULL};
static const char *const C_HEIGHT[] = {"height_m", "height",
                                       "antenna_height", "do_cao",
                                       "do_cao_anten", "độ cao", NULL};
static const char *const C_EIRP[] = {"eirp_dbm", "eirp", "cong_suat_dbm",
                                     NULL};
static const struct radio_attr {
  const char *key;             /* site column */
  const char *role;            /* for messages */
  const char *const *cands;    /* column names */
  double lo, hi;               /* plausible range, inclusive */
} RADIO_ATTRS[PHS_SITE_N_ATTRS] = {
    {"azimuth_deg", "antenna azimuth (degrees from north)", C_AZ, 0, 360},
    {"beamwidth_deg", "horizontal beamwidth (degrees)", C_HBW, 1, 360},
    {"tilt_deg", "electrical downtilt (degrees)", C_TILT, -20, 60},
    {"height_m", "antenna height above ground (m)", C_HEIGHT, 1, 500},
    {"eirp_dbm", "EIRP (dBm)", C_EIRP, 0, 100},
    {"tilt_mech_deg", "mechanical downtilt (degrees)", C_TILT_MECH, -20, 60},
    {"tx_power_dbm", "transmit power (dBm)", C_TXP, 0, 70},
    {"antenna_gain_dbi", "antenna gain (dBi)", C_GAIN, -10, 45},
    {"feeder_loss_db", "feeder loss (dB)", C_FEEDER, 0, 20},
};

static const char *const C_CODE[] = {"commune_code", "ma_xa", "mã xã",
                                     "gso_commune_code_2019", NULL};
static const char *const C_NAME[] = {"commune_name", "ten_xa", "tên xã",
                                     "commune_vn", NULL};
static const char *const C_DCODE[] = {"district_code", "ma_huyen",
                                      "gso_district_code_2019", NULL};
static const char *const C_DNAME[] = {"district_name", "ten_huyen",
                                      "district_vn", NULL};
static const char *const C_PCODE[] = {"province_code", "ma_tinh",
                                      "gso_province_code", NULL};
static const char *const C_PNAME[] = {"province_name", "ten_tinh",
                                      "province_vn", NULL};
static const char *const C_HH[] = {"hh_total", "households", "so_ho",
                                   "số hộ", NULL};
static const char *const C_POP[] = {"pop_total", "population", "dan_so",
                                    "dân số", NULL};
static const char *const C_FIBRE[] = {"fibre_households", "ho_cap_quang",
                                      "fibre", "hộ cáp quang", NULL};
static const char *const C_WEIGHT[] = {"weight", "trong_so", "trọng số",
                                       NULL};
static const char *const C_RESP_ID[] = {"respondent_id", "ma_phieu", "id",
                                        NULL};
static const char *const C_HH_ID[] = {"household_id", "ma_ho", "mã hộ", "id",
                                      NULL};
/* Survey columns that are never yes/no indicators. */
static const char *const SURVEY_NOT_INDICATOR[] = {
    "age", "tuoi", "tuổi", "sex", "gioi_tinh", "giới tính", "commune_name",
    "ten_xa", "district_code", "district_name", "province_code",
    "province_name", NULL};

typedef struct cols {
  int x, y, id, name, code, fallback, dcode, dname, pcode, pname;
  int tech, band, radius, hh, pop, fibre, weight;
  int attr[PHS_SITE_N_ATTRS]; /* RADIO_ATTRS columns, -1 when absent */
  int txw;                    /* transmit power in W (C_TXW) */
} cols;

/*
** Find the column of a role: the user's name when given (must exist), or
** the one candidate present. Two candidates present is an error: phusong
** never takes the first match silently.
*/
static int find_col(phs_reader *r, const char *given,
                    const char *const *cands, const char *role, int required,
                    int *out, phs_diag *d) {
  *out = -1;
  if (given) {
    *out = reader_field(r, given);
    if (*out < 0)
      return phs_diag_error(d, PHS_EUSAGE,
                            "%s: no column '%s' (given for the %s)", r->path,
                            given, phs_tr(role));
    return PHS_OK;
  }
  for (int i = 0; cands[i]; i++) {
    int c = reader_field(r, cands[i]);
    if (c < 0) continue;
    if (*out >= 0)
      return phs_diag_error(d, PHS_EINPUT,
                            "%s: columns '%s' and '%s' could both be the %s;"
                            " choose one with the matching --*-field option",
                            r->path, r->fields[*out], r->fields[c],
                            phs_tr(role));
    *out = c;
  }
  if (*out < 0 && required) {
    phs_buf b;
    phs_buf_init(&b);
    for (int i = 0; cands[i]; i++) phs_buf_printf(&b, "%s%s", i ? ", " : "", cands[i]);
    int st = phs_diag_error(d, PHS_EINPUT,
                            "%s: no column for the %s (looked for: %s); name"
                            " it with the matching --*-field option",
                            r->path, phs_tr(role), b.data ? b.data : "");
    phs_buf_free(&b);
    return st;
  }
  return PHS_OK;
}

/* ------------------------------------------------------ string sets */

/* Open-addressing set of strings mapping to the row where each was seen;
** for duplicate IDs (C1) and codes. */
typedef struct strset {
  char **keys;
  long *rows;
  size_t cap, n;
} strset;

static unsigned long hash_str(const char *s) {
  unsigned long h = 1469598103934665603UL;
  while (*s) h = (h ^ (unsigned char)*s++) * 1099511628211UL;
  return h;
}

/* Insert key; returns 0 when new, else the row it was first seen at;
** -1 on allocation failure. */
static long strset_add(strset *s, const char *key, long row) {
  if ((s->n + 1) * 2 > s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 1024;
    char **keys = calloc(cap, sizeof(char *));
    long *rows = calloc(cap, sizeof(long));
    if (keys == NULL || rows == NULL) {
      free(keys);
      free(rows);
      return -1;
    }
    for (size_t i = 0; i < s->cap; i++) {
      if (!s->keys[i]) continue;
      size_t j = hash_str(s->keys[i]) & (cap - 1);
      while (keys[j]) j = (j + 1) & (cap - 1);
      keys[j] = s->keys[i];
      rows[j] = s->rows[i];
    }
    free(s->keys);
    free(s->rows);
    s->keys = keys;
    s->rows = rows;
    s->cap = cap;
  }
  size_t j = hash_str(key) & (s->cap - 1);
  while (s->keys[j]) {
    if (strcmp(s->keys[j], key) == 0) return s->rows[j];
    j = (j + 1) & (s->cap - 1);
  }
  s->keys[j] = strdup(key);
  s->rows[j] = row;
  s->n++;
  return 0;
}

static void strset_free(strset *s) {
  for (size_t i = 0; i < s->cap; i++) free(s->keys[i]);
  free(s->keys);
  free(s->rows);
  memset(s, 0, sizeof(*s));
}

/*
** Repeated keys, reported in groups after pass 1 so that one message
** lists every row of a duplicate (C1 duplicate IDs, B7 shared
** locations): each occurrence after the first, with the first's row.
*/
typedef struct dupe {
  char *key;        /* owned */
  long first, row;
  int col;          /* reader column of the key; -1 for a location */
  const char *what; /* static: "site ID", "commune code", ... */
} dupe;

typedef struct dupes {
  dupe *v;
  size_t n, cap;
} dupes;

static int dupes_add(dupes *l, const char *key, long first, long row,
                     int col, const char *what) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    dupe *v = realloc(l->v, cap * sizeof(dupe));
    if (v == NULL) return -1;
    l->v = v;
    l->cap = cap;
  }
  char *k = strdup(key);
  if (k == NULL) return -1;
  l->v[l->n++] = (dupe){k, first, row, col, what};
  return 0;
}

static void dupes_free(dupes *l) {
  for (size_t i = 0; i < l->n; i++) free(l->v[i].key);
  free(l->v);
  memset(l, 0, sizeof(*l));
}

/* Order by column, then first row, then row: groups become runs. */
static int dupe_cmp(const void *a, const void *b) {
  const dupe *x = a, *y = b;
  if (x->col != y->col) return x->col < y->col ? -1 : 1;
  if (x->first != y->first) return x->first < y->first ? -1 : 1;
  return (x->row > y->row) - (x->row < y->row);
}

/* The end of the group starting at i (l sorted with dupe_cmp). */
static size_t dupes_group_end(const dupes *l, size_t i) {
  size_t k = i + 1;
  while (k < l->n && l->v[k].col == l->v[i].col &&
         l->v[k].first == l->v[i].first)
    k++;
  return k;
}

#define MAX_LISTED_ROWS 20

/* "2, 4, 7": the first row and those of the group [i, k), at most
** MAX_LISTED_ROWS in all; total counts the first row too. */
static void dupes_rows(const dupes *l, long first, size_t i, size_t k,
                       long total, phs_buf *b) {
  phs_buf_printf(b, "%ld", first);
  long listed = 1;
  for (size_t m = i; m < k && listed < MAX_LISTED_ROWS; m++, listed++)
    phs_buf_printf(b, ", %ld", l->v[m].row);
  if (total > listed)
    phs_buf_printf(b, phs_tr(", ... (%ld more)"), total - listed);
}

/*
** Points seen (B7): open addressing on the exact coordinates, with the
** first row at each place and how many rows are there. Rows after the
** first are kept (in a dupes list) only up to what messages list, so the
** memory stays at one entry per distinct place.
*/
typedef struct ptentry {
  double x, y;
  long first; /* 0: empty slot */
  long count;
} ptentry;

typedef struct ptset {
  ptentry *v;
  size_t cap, n;
} ptset;

static size_t pt_hash(double x, double y, size_t mask) {
  unsigned long long a, b;
  if (x == 0) x = 0; /* -0.0 and 0.0 are one place */
  if (y == 0) y = 0;
  memcpy(&a, &x, 8);
  memcpy(&b, &y, 8);
  unsigned long long h = a * 0x9e3779b97f4a7c15ULL ^ (b + (a << 6) + (a >> 2));
  h ^= h >> 29;
  return (size_t)(h * 0xbf58476d1ce4e5b9ULL >> 17) & mask;
}

/* Add a point; returns its entry (count already incremented) or NULL when
** out of memory. */
static ptentry *ptset_add(ptset *s, double x, double y, long row) {
  if ((s->n + 1) * 2 > s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 1024;
    ptentry *v = calloc(cap, sizeof(ptentry));
    if (v == NULL) return NULL;
    for (size_t i = 0; i < s->cap; i++) {
      if (!s->v[i].first) continue;
      size_t k = pt_hash(s->v[i].x, s->v[i].y, cap - 1);
      while (v[k].first) k = (k + 1) & (cap - 1);
      v[k] = s->v[i];
    }
    free(s->v);
    s->v = v;
    s->cap = cap;
  }
  size_t k = pt_hash(x, y, s->cap - 1);
  while (s->v[k].first) {
    if (s->v[k].x == x && s->v[k].y == y) {
      s->v[k].count++;
      return &s->v[k];
    }
    k = (k + 1) & (s->cap - 1);
  }
  s->v[k] = (ptentry){x, y, row, 1};
  s->n++;
  return &s->v[k];
}

static int ptentry_cmp(const void *a, const void *b) {
  const ptentry *x = a, *y = b;
  return (x->first > y->first) - (x->first < y->first);
}

/* ----------------------------------------------------- the import job */

/* A site row as pass 1 accepted it, kept so that pass 2 writes it without
** reading the file again while it holds the store's write lock. */
typedef struct site_row {
  char *id, *name;  /* owned; name NULL when not given */
  const char *tech; /* static "4G"/"5G" */
  int band, has_xy;
  double radius, lon, lat;
  double attr[PHS_SITE_N_ATTRS];
  long row;         /* its row (feature) in the file */
} site_row;

typedef struct job {
  phs_import_kind kind;
  const phs_import_opts *o;
  phs_reader r;
  cols c;
  int points;               /* households: points (1) or counts (0) */
  int pass;                 /* 1 validate, 2 write */
  int geographic;           /* source CRS is lon/lat */
  char *src_crs;            /* owned: CRS used (user's, file's or 4326) */
  phs_crs_transform *to_ll; /* owned: to EPSG:4326 when not geographic */
  int decimal_comma;        /* effective (option or A8 detection) */
  strset ids;               /* duplicate detection */
  dupes dups;               /* C1: repeated IDs and codes */
  ptset locs;               /* B7: every location seen */
  dupes loc_dups;           /* B7: rows at a location seen before */
  long n_fit_swapped;       /* B1: points inside Vietnam once swapped */
  long n_no_geom;           /* B6: rows kept without coordinates */
  long first_no_geom;
  const char *no_geom_field;
  long dc_first_row;        /* A8: first decimal-comma value */
  char dc_first[64];
  long n_coarse;            /* B10: rows with < 4 decimals */
  long first_coarse;
  long n_dms;               /* B4: DMS values parsed */
  long n_synonym;           /* C6: LTE/NR mapped */
  long n_dropped_z;         /* E8 */
  long first_z;
  long n_not_point;         /* E3: features of another geometry type */
  long not_point_rows[5];
  long n_null_island;
  /* B7 for household points: the only place that can hold a majority
  ** (Boyer-Moore vote, pass 1), and how often pass 2 met it */
  double vote_x, vote_y;
  long votes;
  long at_vote, vote_rows[MAX_LISTED_ROWS];
  int fast;                 /* pass 1 went through csv_points.c */
  long long progress_at;    /* the general reader's place last reported */
  /* survey indicators */
  int *indicator_cols;      /* owned: reader columns that are indicators */
  int n_indicators;
  /* statistics */
  long rows_in, rows_ok;
  area_check area;          /* B2: the store's communes, when it has any */
  store_site_points sites;  /* sites written: their places (shared towers) */
  site_row *site_rows;      /* sites written: the rows (owned) */
  long n_site_rows, cap_site_rows;
  const char *tech;         /* coverage: "4G" or "5G" (static) */
} job;

/* Parsed record, reused across rows. Strings borrowed from the reader. */
typedef struct rec {
  double lon, lat;
  int has_xy;
  const char *id, *name, *code, *dcode, *dname, *pcode, *pname;
  char code_buf[48];
  const char *tech; /* static "4G"/"5G" */
  int band;
  double radius;
  double attr[PHS_SITE_N_ATTRS]; /* RADIO_ATTRS values, NaN when absent */
  long long hh, pop, fibre; /* -1 absent */
  int fibre_flag;           /* points: 0/1 */
  double weight;
  phs_mpoly poly;           /* communes: lon/lat */
} rec;

static int report(job *j, phs_diag *d, const char *field, const char *value,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* An input problem at the current row: "file:row: field 'f': 'v' what". */
static int report(job *j, phs_diag *d, const char *field, const char *value,
                  const char *fmt, ...) {
  if (j->pass != 1) return PHS_EINPUT;
  char what[768], q[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof(what), phs_tr(fmt), ap); /* gettext-style */
  va_end(ap);
  const char *unit = j->r.is_csv ? "" : phs_tr("feature ");
  if (field && value)
    return phs_diag_error(d, PHS_EINPUT, "%s:%s%ld: field '%s': '%s' %s",
                          j->r.path, unit, j->r.row, field,
                          text_quote(value, q, sizeof(q)), what);
  if (field)
    return phs_diag_error(d, PHS_EINPUT, "%s:%s%ld: field '%s': %s",
                          j->r.path, unit, j->r.row, field, what);
  return phs_diag_error(d, PHS_EINPUT, "%s:%s%ld: %s", j->r.path, unit,
                        j->r.row, what);
}

static const char *val(job *j, int col) {
  return col >= 0 ? j->r.values[col] : "";
}

/* --------------------------------------------------------- coordinates */

static int in_vietnam(double lon, double lat) {
  if (lon < VN_MIN_LON || lon > VN_MAX_LON || lat > VN_MAX_LAT) return 0;
  if (lon <= VN_MAX_LON_MAINLAND) return lat >= VN_MIN_LAT;
  return lat >= VN_MIN_LAT_ISLANDS; /* Trường Sa */
}

/* Parse one coordinate cell; reports problems. 0 ok, 1 empty, -1 bad. */
static int coord_cell(job *j, phs_diag *d, int col, const char *axis,
                      double *v, int *decimals) {
  const char *s = val(j, col);
  num_kind k = parse_number(s, j->decimal_comma, 1, v, decimals);
  switch (k) {
    case NUM_OK:
      return 0;
    case NUM_DMS:
      if (j->pass == 1 && ++j->n_dms <= 3)
        phs_diag_warn(d, "%s:%ld: field '%s': '%s' read as %.6f (degrees,"
                      " minutes, seconds)",
                      j->r.path, j->r.row, j->r.fields[col], s, *v);
      return 0;
    case NUM_EMPTY:
      return 1;
    case NUM_COMMA:
      report(j, d, j->r.fields[col], s,
             "ambiguous (decimal or thousands separator); write %s with a"
             " decimal point, or pass --decimal-comma",
             phs_tr(axis));
      return -1;
    case NUM_THOUSANDS:
      report(j, d, j->r.fields[col], s,
             "has thousands separators; a coordinate must be a plain decimal"
             " number");
      return -1;
    case NUM_NONFINITE:
      report(j, d, j->r.fields[col], s,
             "is not a finite number (a failed formula, or a missing value"
             " exported as NaN?)");
      return -1;
    case NUM_BAD:
    default:
      report(j, d, j->r.fields[col], s,
             "is not a number (nor degrees, minutes, seconds such as"
             " 107°04'12\"E)");
      return -1;
  }
}

/* "lon/lat" (the coordinate columns, x first) for CSV, else "geometry". */
static const char *point_field(job *j, char *buf, size_t n) {
  if (j->r.is_csv && j->c.x >= 0 && j->c.y >= 0) {
    snprintf(buf, n, "%s/%s", j->r.fields[j->c.x], j->r.fields[j->c.y]);
    phs_utf8_trim(buf); /* long names: never half a character */
    return buf;
  }
  return "geometry";
}

/* A short name of the source CRS for messages (never a whole WKT). */
static const char *crs_label(job *j) {
  return j->o->src_crs ? j->o->src_crs : phs_tr("the file's CRS");
}

/* Copy a cell for messages, truncated to n-1 bytes (snprintf's "%s" is
** measurably slow at tens of millions of rows), and then to whole UTF-8
** characters: a long Vietnamese column name cut in a character made the
** message, and the --report JSON holding it, invalid UTF-8. */
static void copy_cell(char *dst, size_t n, const char *src) {
  size_t len = strlen(src);
  int cut = len >= n;
  if (cut) len = n - 1;
  memcpy(dst, src, len);
  dst[len] = '\0';
  if (cut) phs_utf8_trim(dst);
}

/* Remember where the accepted point lies (B7), pass 1 only. */
static void note_location(job *j, double x, double y) {
  if (j->pass != 1) return;
  if (j->kind == PHS_IMPORT_HOUSEHOLDS || j->kind == PHS_IMPORT_POINTS) {
    /* Households share places (apartments): no warning, and no table of
    ** 27 million places; only a majority at one place is an error. */
    if (j->votes == 0) {
      j->vote_x = x;
      j->vote_y = y;
      j->votes = 1;
    } else {
      j->votes += x == j->vote_x && y == j->vote_y ? 1 : -1;
    }
    return;
  }
  ptentry *e = ptset_add(&j->locs, x, y, j->r.row);
  if (e && e->count > 1 && e->count <= MAX_LISTED_ROWS)
    dupes_add(&j->loc_dups, "", e->first, j->r.row, -1, "point");
}

/*
** The point of the current record in lon/lat: from the geometry (OGR) or
** from the x/y columns. Returns 0 ok, 1 no coordinates, -1 rejected.
** Messages quote the values as the file has them; a pair of columns is
** named 'lon/lat'.
*/
static int record_point(job *j, phs_diag *d, rec *out) {
  double x = NAN, y = NAN;
  int dx = 6, dy = 6;
  char xcell[64] = "", ycell[64] = "", pair[160], v[160];
  const char *xname = "geometry", *yname = "geometry";
  OGRGeometryH g = j->r.geom;
  if (g != NULL && !OGR_G_IsEmpty(g)) {
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbMultiPoint && OGR_G_GetGeometryCount(g) == 1) {
      g = OGR_G_GetGeometryRef(g, 0);
      t = wkbPoint;
    }
    if (t != wkbPoint) {
      report(j, d, "geometry", OGR_G_GetGeometryName(g),
             "is not a point; sites and households must be points (or a"
             " MultiPoint of one point)");
      if (j->pass == 1 && j->n_not_point++ < 5)
        j->not_point_rows[j->n_not_point - 1] = j->r.row;
      return -1;
    }
    if (OGR_G_GetCoordinateDimension(g) == 3 && j->pass == 1 &&
        j->n_dropped_z++ == 0)
      j->first_z = j->r.row;
    x = OGR_G_GetX(g, 0);
    y = OGR_G_GetY(g, 0);
    snprintf(xcell, sizeof(xcell), "%.10g", x);
    snprintf(ycell, sizeof(ycell), "%.10g", y);
    if (!isfinite(x) || !isfinite(y)) {
      report(j, d, "geometry", NULL, "coordinates are not finite numbers");
      return -1;
    }
  } else if (j->c.x >= 0 && j->c.y >= 0) {
    xname = j->r.fields[j->c.x];
    yname = j->r.fields[j->c.y];
    copy_cell(xcell, sizeof(xcell), val(j, j->c.x));
    copy_cell(ycell, sizeof(ycell), val(j, j->c.y));
    int ex = coord_cell(j, d, j->c.x, "longitude", &x, &dx);
    int ey = coord_cell(j, d, j->c.y, "latitude", &y, &dy);
    if (ex < 0 || ey < 0) return -1;
    if (ex == 1 || ey == 1) {
      if (j->o->allow_missing_geometry) {
        if (j->pass == 1 && j->n_no_geom++ == 0) {
          j->first_no_geom = j->r.row;
          j->no_geom_field = ex == 1 ? xname : yname;
        }
        return 1;
      }
      report(j, d, ex == 1 ? xname : yname, NULL,
             "empty coordinate (pass --allow-missing-geometry to keep rows"
             " without a location)");
      return -1;
    }
  } else {
    if (j->o->allow_missing_geometry) {
      if (j->pass == 1 && j->n_no_geom++ == 0) {
        j->first_no_geom = j->r.row;
        j->no_geom_field = "geometry";
      }
      return 1;
    }
    report(j, d, "geometry", NULL,
           "missing: no geometry and no coordinate columns (pass"
           " --allow-missing-geometry to keep rows without a location)");
    return -1;
  }
  if (j->c.x >= 0 && xname == j->r.fields[j->c.x]) {
    copy_cell(pair, sizeof(pair) / 2, xname);
    size_t o = strlen(pair);
    pair[o++] = '/';
    copy_cell(pair + o, sizeof(pair) - o, yname);
  } else {
    copy_cell(pair, sizeof(pair), "geometry");
  }
  if (j->o->swap_xy) {
    double t = x;
    x = y;
    y = t;
    const char *tn = xname;
    xname = yname;
    yname = tn;
    char tc[64];
    memcpy(tc, xcell, sizeof(tc));
    memcpy(xcell, ycell, sizeof(tc));
    memcpy(ycell, tc, sizeof(tc));
  }
  if (j->geographic) {
    if (j->pass == 1 && in_vietnam(y, x)) j->n_fit_swapped++;
    if (fabs(x) > 180 && fabs(y) > 90) {
      report(j, d, xname, xcell,
             "values look projected (|x| > 180) but the CRS is geographic;"
             " pass --src-crs (e.g. EPSG:32648 for UTM 48N, EPSG:9210 for"
             " VN-2000)");
      return -1;
    }
    if (fabs(y) > 90 || fabs(x) > 180) {
      int bad_y = fabs(y) > 90;
      int swappable = fabs(x) <= 90 && fabs(y) <= 180;
      report(j, d, bad_y ? yname : xname, bad_y ? ycell : xcell,
             "out of range [%s]%s%s", bad_y ? "-90,90" : "-180,180",
             phs_tr(swappable ? "; columns swapped?" : "; a broken value?"),
             swappable && in_vietnam(y, x)
                 ? phs_tr(" (the point is in Vietnam when swapped: pass"
                          " --swap-xy)")
                 : "");
      return -1;
    }
  } else {
    if (fabs(x) > 1e7 || fabs(y) > 1e7) {
      int bad_y = fabs(y) > 1e7;
      report(j, d, bad_y ? yname : xname, bad_y ? ycell : xcell,
             "out of range for a projected CRS (|x|, |y| <= 10000 km);"
             " a broken value, or the wrong --src-crs?");
      return -1;
    }
    double tx = x, ty = y;
    if (phs_crs_transform_points(j->to_ll, &tx, &ty, 1) != 0 ||
        !isfinite(tx) || !isfinite(ty)) {
      snprintf(v, sizeof(v), "%s %s", xcell, ycell);
      report(j, d, pair, v, "cannot be transformed from %s to WGS 84",
             crs_label(j));
      return -1;
    }
    x = tx;
    y = ty;
  }
  if (!in_vietnam(x, y)) {
    char ll[96] = "";
    snprintf(v, sizeof(v), "%s %s", xcell, ycell);
    if (!j->geographic)
      snprintf(ll, sizeof(ll), phs_tr(" (%.6f %.6f in WGS 84)"), x, y);
    if (x == 0 && y == 0 && j->pass == 1) j->n_null_island++;
    report(j, d, pair, v, "is outside Vietnam%s (%.1f-%.1f E, %.1f-%.1f N)%s",
           ll, VN_MIN_LON, VN_MAX_LON_MAINLAND, VN_MIN_LAT, VN_MAX_LAT,
           phs_tr(x == 0 && y == 0
                      ? "; (0,0) usually means missing coordinates written"
                        " as zeros"
                  : (x < 0 || y < 0) ? "; sign error?"
                                     : "; wrong CRS, a neighbouring country,"
                                       " or a point in the sea?"));
    return -1;
  }
  if (j->geographic && (dx < 4 || dy < 4) && j->pass == 1) {
    if (j->n_coarse++ == 0) j->first_coarse = j->r.row;
  }
  out->lon = x;
  out->lat = y;
  out->has_xy = 1;
  note_location(j, x, y);
  return 0;
}

/* -------------------------------------------------------------- polygons */

/*
** F1-F3: is g valid for GEOS? OGR_G_IsValid gives no reason, but GDAL
** passes GEOS' notice ("Self-intersection at or near point 107.25 10.35")
** on as a CPL warning while it runs: that text goes into why, without
** GEOS' exception class. 1 valid, 0 not.
*/
static int polygon_is_valid(OGRGeometryH g, char *why, size_t n) {
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLErrorReset();
  int valid = OGR_G_IsValid(g);
  const char *msg = CPLGetLastErrorMsg();
  const char *colon = strstr(msg, "Exception: ");
  snprintf(why, n, "%s", colon ? colon + 11 : msg);
  CPLPopErrorHandler();
  if (!valid && why[0] == '\0') snprintf(why, n, "%s", "invalid geometry");
  return valid;
}

/* The polygons of a GEOS MakeValid result (which may hold lines and
** points where a part had no area) added to the multipolygon out. */
static void add_polygons(OGRGeometryH out, OGRGeometryH g) {
  OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
  if (t == wkbPolygon) {
    if (!OGR_G_IsEmpty(g)) OGR_G_AddGeometry(out, g);
  } else if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
    for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
      add_polygons(out, OGR_G_GetGeometryRef(g, i));
  }
}

/*
** --make-valid: rings closed (F2: GEOS cannot even build an unclosed
** ring), then GEOS MakeValid. Returns a new multipolygon (the caller
** destroys it), or NULL when no area is left (a two-point ring, a line
** drawn as a polygon) or GEOS gives up (NaN coordinates).
*/
static OGRGeometryH repair_polygon(OGRGeometryH g) {
  OGRGeometryH closed = OGR_G_Clone(g);
  if (closed == NULL) return NULL;
  OGR_G_CloseRings(closed);
  CPLPushErrorHandler(CPLQuietErrorHandler);
  OGRGeometryH made = OGR_G_MakeValid(closed);
  CPLPopErrorHandler();
  OGR_G_DestroyGeometry(closed);
  if (made == NULL) return NULL;
  OGRGeometryH out = OGR_G_CreateGeometry(wkbMultiPolygon);
  if (out) add_polygons(out, made);
  OGR_G_DestroyGeometry(made);
  if (out && (OGR_G_IsEmpty(out) || OGR_G_Area(out) <= 0)) {
    OGR_G_DestroyGeometry(out);
    out = NULL;
  }
  return out;
}

/* OGR polygon/multipolygon -> phs_mpoly in lon/lat. 0 ok, -1 rejected. */
static int record_polygon(job *j, phs_diag *d, rec *out) {
  OGRGeometryH g = j->r.geom;
  OGRGeometryH repaired = NULL; /* owned: --make-valid's result */
  int st = 0;
  phs_mpoly_free(&out->poly);
  if (g == NULL) {
    report(j, d, "geometry", NULL, "missing; %s need polygons",
           phs_import_kind_name(j->kind));
    return -1;
  }
  OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
  if (t != wkbPolygon && t != wkbMultiPolygon) {
    report(j, d, "geometry", NULL, "is %s; %s must be polygons",
           OGR_G_GetGeometryName(g), phs_import_kind_name(j->kind));
    return -1;
  }
  if (OGR_G_IsEmpty(g)) {
    report(j, d, "geometry", NULL, "is empty (no area)");
    return -1;
  }
  /* Validity is checked in pass 1; pass 2 checks again only to repair
  ** the same polygons (--make-valid). */
  char why[256];
  if ((j->pass == 1 || j->o->make_valid) &&
      !polygon_is_valid(g, why, sizeof(why))) {
    if (!j->o->make_valid) {
      report(j, d, "geometry", NULL,
             "not a valid polygon: %s (hint: pass --make-valid to repair it:"
             " rings closed, then GEOS MakeValid; or repair it in a GIS,"
             " e.g. QGIS 'Fix geometries')",
             why);
      return -1;
    }
    repaired = repair_polygon(g);
    if (repaired == NULL) {
      report(j, d, "geometry", NULL,
             "not a valid polygon: %s; --make-valid leaves no area of it"
             " (hint: draw the polygon again)",
             why);
      return -1;
    }
    if (j->pass == 1)
      phs_diag_warn(d,
                    "%s:%s%ld: field 'geometry': not a valid polygon: %s;"
                    " repaired (--make-valid: rings closed, GEOS"
                    " MakeValid); check the result",
                    j->r.path, j->r.is_csv ? "" : phs_tr("feature "),
                    j->r.row, why);
    g = repaired;
    t = wkbMultiPolygon;
  }
  int n_polys = t == wkbPolygon ? 1 : OGR_G_GetGeometryCount(g);
  for (int p = 0; p < n_polys; p++) {
    OGRGeometryH poly = t == wkbPolygon ? g : OGR_G_GetGeometryRef(g, p);
    int n_rings = OGR_G_GetGeometryCount(poly);
    for (int k = 0; k < n_rings; k++) {
      OGRGeometryH ring = OGR_G_GetGeometryRef(poly, k);
      int n = OGR_G_GetPointCount(ring);
      double *xy = malloc(sizeof(double) * 2 * (size_t)(n > 0 ? n : 1));
      if (xy == NULL) {
        phs_diag_error(d, PHS_ERUNTIME, "out of memory"); /* in any pass */
        st = -1;
        goto done;
      }
      for (int i = 0; i < n; i++) {
        xy[2 * i] = OGR_G_GetX(ring, i);
        xy[2 * i + 1] = OGR_G_GetY(ring, i);
      }
      if (!j->geographic && n > 0) {
        double *xs = malloc(sizeof(double) * (size_t)n);
        double *ys = malloc(sizeof(double) * (size_t)n);
        if (xs == NULL || ys == NULL) {
          free(xs);
          free(ys);
          free(xy);
          phs_diag_error(d, PHS_ERUNTIME, "out of memory");
          st = -1;
          goto done;
        }
        for (int i = 0; i < n; i++) xs[i] = xy[2 * i], ys[i] = xy[2 * i + 1];
        size_t bad = phs_crs_transform_points(j->to_ll, xs, ys, (size_t)n);
        for (int i = 0; i < n; i++) xy[2 * i] = xs[i], xy[2 * i + 1] = ys[i];
        free(xs);
        free(ys);
        if (bad) {
          free(xy);
          report(j, d, "geometry", NULL,
                 "%zu vertices cannot be transformed from %s to WGS 84", bad,
                 j->src_crs);
          st = -1;
          goto done;
        }
      }
      int added = phs_mpoly_add_ring(&out->poly, xy, n, k > 0);
      free(xy);
      if (added != PHS_OK) {
        phs_diag_error(d, PHS_ERUNTIME, "out of memory");
        st = -1;
        goto done;
      }
    }
  }
  const phs_mpoly *m = &out->poly;
  if (m->minx < VN_MIN_LON || m->maxx > VN_MAX_LON || m->miny < 6.0 ||
      m->maxy > VN_MAX_LAT) {
    char v[128];
    snprintf(v, sizeof(v), "%.4f %.4f, %.4f %.4f", m->minx, m->miny, m->maxx,
             m->maxy);
    /* F7: a ring crossing the antimeridian spans nearly 360 degrees */
    report(j, d, "geometry", v,
           "extent is outside Vietnam (%.1f-%.1f E, %.1f-%.1f N); %s",
           VN_MIN_LON, VN_MAX_LON, 6.0, VN_MAX_LAT,
           phs_tr(m->maxx - m->minx > 180
                      ? "the polygon crosses the antimeridian (180 degrees):"
                        " not a polygon of Vietnam"
                      : "wrong CRS (pass --src-crs) or a broken polygon?"));
    st = -1;
  }
done:
  if (repaired) OGR_G_DestroyGeometry(repaired);
  return st;
}

/* ------------------------------------------------------------- records */

static const char *normalise_tech(job *j, const char *s, int *synonym) {
  char f[32];
  size_t n = 0;
  for (const char *p = s; *p && n + 1 < sizeof(f); p++)
    if (*p != ' ' && *p != '-') f[n++] = (char)toupper((unsigned char)*p);
  f[n] = '\0';
  (void)j;
  *synonym = 0;
  if (strcmp(f, "4G") == 0) return "4G";
  if (strcmp(f, "5G") == 0) return "5G";
  if (strcmp(f, "LTE") == 0 || strcmp(f, "4GLTE") == 0) {
    *synonym = 1;
    return "4G";
  }
  if (strcmp(f, "NR") == 0 || strcmp(f, "5GNR") == 0) {
    *synonym = 1;
    return "5G";
  }
  return NULL;
}

static int check_id(job *j, phs_diag *d, int col, const char *what,
                    const char **out) {
  const char *s = val(j, col);
  *out = s;
  if (s[0] == '\0') {
    report(j, d, j->r.fields[col], NULL, "empty %s", phs_tr(what));
    return -1;
  }
  if (text_has_bidi(s)) {
    report(j, d, j->r.fields[col], s,
           "contains a bidirectional override character (U+202A-202E or"
           " U+2066-2069), refused in identifiers");
    return -1;
  }
  if (j->pass == 1) {
    long first = strset_add(&j->ids, s, j->r.row);
    if (first > 0) { /* reported with all its rows after pass 1 */
      dupes_add(&j->dups, s, first, j->r.row, col, what);
      return -1;
    }
  }
  return 0;
}

/* 1,234 or 1.234.567 or 17.967: digits grouped by threes (A9). */
static int grouped_digits(const char *s) {
  const char *p = s;
  int lead = 0;
  while (isdigit((unsigned char)*p)) p++, lead++;
  if (lead == 0 || lead > 3) return 0;
  char mark = *p;
  if (mark != '.' && mark != ',' && mark != ' ') return 0;
  while (*p == mark) {
    p++;
    for (int i = 0; i < 3; i++, p++)
      if (!isdigit((unsigned char)*p)) return 0;
  }
  return *p == '\0';
}

static int count_cell(job *j, phs_diag *d, int col, long long *v) {
  *v = -1;
  if (col < 0) return 0;
  const char *s = val(j, col);
  if (s[0] == '\0') return 0;
  if (parse_count(s, v) != 0) {
    double x;
    int dec;
    num_kind k = parse_number(s, 0, 0, &x, &dec);
    report(j, d, j->r.fields[col], s, "%s",
           phs_tr(k == NUM_THOUSANDS || k == NUM_COMMA || grouped_digits(s)
                      ? "has a thousands separator (or decimals); write"
                        " counts as plain digits"
                      : "is not a whole non-negative number"));
    *v = -1;
    return -1;
  }
  return 0;
}

/*
** A site's transmit power given in watts (converted to dBm; it must agree
** with a dBm column when both are given), and the check of an EIRP given
** beside power and gain: EIRP = P + G - L (feeder loss 0 when not given).
** More than 1 dB apart is a warning naming the site; the EIRP column is
** what the models use. Returns 1 when the row is rejected.
*/
static int site_power(job *j, phs_diag *d, rec *out) {
  double *p = &out->attr[PHS_SITE_TX_POWER];
  const char *wv = val(j, j->c.txw);
  if (wv[0]) {
    double w = NAN;
    int dec;
    num_kind k = parse_number(wv, j->decimal_comma, 0, &w, &dec);
    if (k != NUM_OK || !(w > 0 && w <= 10000)) {
      report(j, d, j->r.fields[j->c.txw], wv,
             "is not a plausible transmit power in watts (0 < P <= 10000)");
      return 1;
    }
    double dbm = 10 * log10(w) + 30;
    if (isnan(*p)) {
      *p = dbm;
    } else if (fabs(dbm - *p) > 0.1) {
      report(j, d, j->r.fields[j->c.txw], wv,
             "W is %.2f dBm, but column '%s' says %g dBm (give one power"
             " column, or make them agree)",
             dbm, j->r.fields[j->c.attr[PHS_SITE_TX_POWER]], *p);
      return 1;
    }
  }
  double eirp = out->attr[PHS_SITE_EIRP], g = out->attr[PHS_SITE_ANT_GAIN];
  double l = out->attr[PHS_SITE_FEEDER_LOSS];
  if (j->pass == 1 && !isnan(eirp) && !isnan(*p) && !isnan(g)) {
    double calc = *p + g - (isnan(l) ? 0 : l);
    if (fabs(calc - eirp) > 1.0)
      phs_diag_warn(d, "%s:%ld: site %s: EIRP %g dBm, but transmit power"
                    " %g dBm + antenna gain %g dBi - feeder loss %g dB%s ="
                    " %g dBm (%.1f dB apart); the EIRP column is used",
                    j->r.path, j->r.row, out->id ? out->id : "?", eirp, *p,
                    g, isnan(l) ? 0 : l, isnan(l) ? phs_tr(" (not given)") : "",
                    calc, fabs(calc - eirp));
  }
  return 0;
}

/*
** Validate the current record into *out. Returns 0 when accepted, -1 when
** rejected (problems reported in pass 1).
*/
static int check_record(job *j, phs_diag *d, rec *out) {
  phs_mpoly saved = out->poly;
  memset(out, 0, sizeof(*out));
  out->poly = saved;
  out->hh = out->pop = out->fibre = -1;
  out->radius = NAN;
  for (int a = 0; a < PHS_SITE_N_ATTRS; a++) out->attr[a] = NAN;
  /* A ragged row was reported by the reader; its cells are placeholders
  ** that would only add false problems. */
  if (j->r.row_ragged) return -1;
  int bad = 0;
  switch (j->kind) {
    case PHS_IMPORT_SITES: {
      if (check_id(j, d, j->c.id, "site ID", &out->id)) bad = 1;
      out->name = val(j, j->c.name);
      const char *t = val(j, j->c.tech);
      int syn = 0;
      out->tech = normalise_tech(j, t, &syn);
      if (t[0] == '\0') {
        report(j, d, j->r.fields[j->c.tech], NULL,
               "empty technology (allowed: 4G, 5G)");
        bad = 1;
      } else if (out->tech == NULL) {
        report(j, d, j->r.fields[j->c.tech], t,
               "is not a known technology (allowed: 4G, 5G; synonyms LTE,"
               " NR)");
        bad = 1;
      } else if (syn) {
        if (j->pass == 1 && j->n_synonym++ == 0)
          phs_diag_warn(d, "%s:%ld: field '%s': '%s' read as %s", j->r.path,
                        j->r.row, j->r.fields[j->c.tech], t, out->tech);
      }
      long long band = -1;
      if (j->c.band >= 0 && count_cell(j, d, j->c.band, &band)) bad = 1;
      if (band == 0 || band > 100000) {
        report(j, d, j->r.fields[j->c.band], val(j, j->c.band),
               "is not a plausible band in MHz (1 to 100000)");
        bad = 1;
      }
      out->band = band > 0 ? (int)band : 0;
      if (j->c.radius >= 0 && val(j, j->c.radius)[0]) {
        int dec;
        num_kind k = parse_number(val(j, j->c.radius), j->decimal_comma, 0,
                                  &out->radius, &dec);
        if (k != NUM_OK || !(out->radius > 0) || out->radius > 50000) {
          report(j, d, j->r.fields[j->c.radius], val(j, j->c.radius),
                 "is not a radius in metres (0 < r <= 50000)");
          bad = 1;
        }
      }
      for (int a = 0; a < PHS_SITE_N_ATTRS; a++) {
        int col = j->c.attr[a];
        if (col < 0 || val(j, col)[0] == '\0') continue;
        int dec;
        const struct radio_attr *ra = &RADIO_ATTRS[a];
        num_kind k = parse_number(val(j, col), j->decimal_comma, 0,
                                  &out->attr[a], &dec);
        if (k != NUM_OK || !(out->attr[a] >= ra->lo && out->attr[a] <= ra->hi)) {
          report(j, d, j->r.fields[col], val(j, col),
                 "is not a plausible %s (%g to %g)", phs_tr(ra->role), ra->lo,
                 ra->hi);
          out->attr[a] = NAN;
          bad = 1;
        }
      }
      if (site_power(j, d, out)) bad = 1;
      int p = record_point(j, d, out);
      if (p < 0) bad = 1;
      break;
    }
    case PHS_IMPORT_POINTS: {
      if (j->c.id >= 0) out->id = val(j, j->c.id);
      int p = record_point(j, d, out);
      if (p != 0) bad = 1;
      if (p == 1 && j->pass == 1)
        report(j, d, NULL, NULL, "point without coordinates");
      break;
    }
    case PHS_IMPORT_HOUSEHOLDS:
      if (j->points) {
        if (j->c.id >= 0) out->id = val(j, j->c.id);
        int f = parse_yesno(val(j, j->c.fibre));
        if (f < 0) {
          report(j, d, j->r.fields[j->c.fibre], val(j, j->c.fibre),
                 f == -1 ? "empty fibre flag (1/0, yes/no, có/không)"
                         : "is not a fibre flag (1/0, yes/no, có/không)");
          bad = 1;
        }
        out->fibre_flag = f > 0;
        int p = record_point(j, d, out);
        if (p != 0) bad = 1;
        if (p == 1 && j->pass == 1)
          report(j, d, NULL, NULL, "household without coordinates");
      } else {
        out->code = val(j, j->c.code);
        if (out->code[0] == '\0' && j->c.fallback >= 0)
          out->code = val(j, j->c.fallback);
        if (out->code[0] == '\0') {
          report(j, d, j->r.fields[j->c.code], NULL,
                 "empty commune code%s",
                 phs_tr(j->c.fallback >= 0
                            ? " and empty fallback code"
                            : " (hint: --fallback-code-field district_code"
                              " for districts without communes)"));
          bad = 1;
        } else if (j->pass == 1) {
          long first = strset_add(&j->ids, out->code, j->r.row);
          if (first > 0) {
            dupes_add(&j->dups, out->code, first, j->r.row, j->c.code,
                      "commune code");
            bad = 1;
          }
        }
        out->name = val(j, j->c.name);
        out->dcode = val(j, j->c.dcode);
        out->dname = val(j, j->c.dname);
        out->pcode = val(j, j->c.pcode);
        out->pname = val(j, j->c.pname);
        if (count_cell(j, d, j->c.hh, &out->hh)) bad = 1;
        if (count_cell(j, d, j->c.pop, &out->pop)) bad = 1;
        if (count_cell(j, d, j->c.fibre, &out->fibre)) bad = 1;
        if (!bad && out->hh >= 0 && out->fibre > out->hh && j->pass == 1)
          phs_diag_warn(d,
                        "%s:%ld: commune %s: %lld fibre households but only"
                        " %lld households (subscriptions counted as"
                        " households?); the analysis will flag it",
                        j->r.path, j->r.row, out->code, out->fibre, out->hh);
      }
      break;
    case PHS_IMPORT_SURVEY: {
      if (check_id(j, d, j->c.id, "respondent ID", &out->id)) bad = 1;
      out->code = val(j, j->c.code);
      if (out->code[0] == '\0') {
        report(j, d, j->r.fields[j->c.code], NULL, "empty commune code");
        bad = 1;
      }
      int dec;
      num_kind k = parse_number(val(j, j->c.weight), j->decimal_comma, 0,
                                &out->weight, &dec);
      if (k != NUM_OK || !(out->weight > 0)) {
        report(j, d, j->r.fields[j->c.weight], val(j, j->c.weight),
               "is not a positive survey weight");
        bad = 1;
      }
      for (int i = 0; i < j->n_indicators; i++) {
        int col = j->indicator_cols[i];
        if (parse_yesno(val(j, col)) == -2) {
          report(j, d, j->r.fields[col], val(j, col),
                 "is not a yes/no answer (1/0, yes/no, có/không; empty ="
                 " not answered)");
          bad = 1;
        }
      }
      break;
    }
    case PHS_IMPORT_COVERAGE:
      /* One claimed-coverage polygon: geometry only. */
      if (record_polygon(j, d, out)) bad = 1;
      break;
    case PHS_IMPORT_COMMUNES: {
      const char *code = val(j, j->c.code);
      if (code[0] == '\0') {
        if (!j->o->keep_uncoded) {
          report(j, d, j->r.fields[j->c.code], NULL,
                 "empty commune code for '%s' (pass --keep-uncoded to keep it"
                 " under a provisional code, shown as such in reports)",
                 val(j, j->c.name));
          bad = 1;
        } else {
          snprintf(out->code_buf, sizeof(out->code_buf), "UNCODED-%ld",
                   j->r.row);
          code = out->code_buf;
          if (j->pass == 1)
            phs_diag_warn(d,
                          "%s:feature %ld: '%s' has no commune code; kept as"
                          " %s (no census or survey data can join it)",
                          j->r.path, j->r.row, val(j, j->c.name), code);
        }
      }
      out->code = code;
      if (!bad && j->pass == 1) {
        long first = strset_add(&j->ids, code, j->r.row);
        if (first > 0) {
          dupes_add(&j->dups, code, first, j->r.row, j->c.code,
                    "commune code");
          bad = 1;
        }
      }
      out->name = val(j, j->c.name);
      if (out->name[0] == '\0') {
        report(j, d, j->r.fields[j->c.name], NULL, "empty commune name");
        bad = 1;
      }
      out->dcode = val(j, j->c.dcode);
      out->dname = val(j, j->c.dname);
      out->pcode = val(j, j->c.pcode);
      out->pname = val(j, j->c.pname);
      if (record_polygon(j, d, out)) bad = 1;
      break;
    }
  }
  return bad ? -1 : 0;
}

/* ------------------------------------ the fast lane for household points */

/*
** A national household file (27 million rows of ID, lon, lat, fibre) is
** read through csv_points.c when it is a plain CSV in lon/lat: the same
** checks as check_record and record_point, on cells split in place. Any
** row those checks would not accept as it is (or any warning but the
** counted ones) declines the lane, and the file is read again by the
** general reader, whose messages explain the problem.
*/
static int fast_lane_fits(const job *j) {
  /* PHS_CSV_FAST_LANE=0 turns it off: the tests compare both readers. */
  const char *env = getenv("PHS_CSV_FAST_LANE");
  if (env && strcmp(env, "0") == 0) return 0;
  int households = j->kind == PHS_IMPORT_HOUSEHOLDS && j->points &&
                   j->c.fibre >= 0;
  return (households || j->kind == PHS_IMPORT_POINTS) && j->r.is_csv &&
         j->geographic && j->c.x >= 0 && j->c.y >= 0;
}

/* A coordinate cell parse_number reads as a plain number, or 0. */
static int fast_coord(const job *j, const char *s, double *v, int *dec) {
  if (parse_plain_decimal(s, v, dec)) return 1;
  return parse_number(s, j->decimal_comma, 0, v, dec) == NUM_OK;
}

/* One row as record_point would accept it, or CSV_SCAN_DECLINED. */
static int fast_point(job *j, char **cells, double *lon, double *lat,
                      int *fibre, int *coarse) {
  double x, y;
  int dx, dy;
  if (!fast_coord(j, cells[j->c.x], &x, &dx) ||
      !fast_coord(j, cells[j->c.y], &y, &dy))
    return CSV_SCAN_DECLINED;
  if (j->o->swap_xy) {
    double t = x;
    x = y;
    y = t;
  }
  if (!(fabs(x) <= 180 && fabs(y) <= 90) || !in_vietnam(x, y))
    return CSV_SCAN_DECLINED;
  int f = j->c.fibre >= 0 ? parse_yesno(cells[j->c.fibre]) : 0;
  if (f < 0 && j->kind == PHS_IMPORT_HOUSEHOLDS) return CSV_SCAN_DECLINED;
  *lon = x;
  *lat = y;
  *fibre = f > 0;
  *coarse = dx < 4 || dy < 4;
  return 0;
}

/* Pass 1 in the fast lane: validate and count, as the general loop does. */
static int fast_row_check(void *ctx, long row, char **cells) {
  job *j = ctx;
  double x, y;
  int f, coarse;
  if (fast_point(j, cells, &x, &y, &f, &coarse)) return CSV_SCAN_DECLINED;
  j->rows_in++;
  j->rows_ok++;
  if (coarse && j->n_coarse++ == 0) j->first_coarse = row;
  area_check_point(&j->area, x, y, row);
  note_location(j, x, y);
  return 0;
}

/* What pass 2 writes with: the job, the chunk writer, the status. */
typedef struct fast_write {
  job *j;
  hh_writer *w;
  phs_diag *d;
  long written;
} fast_write;

/* Count the pass-1 candidate of B7 and keep its first rows. */
static void count_vote(job *j, double x, double y, long row) {
  if (j->votes <= 0 || x != j->vote_x || y != j->vote_y) return;
  if (j->at_vote < MAX_LISTED_ROWS) j->vote_rows[j->at_vote] = row;
  j->at_vote++;
}

static int fast_row_write(void *ctx, long row, char **cells) {
  fast_write *fw = ctx;
  job *j = fw->j;
  double x, y;
  int f, coarse;
  if (fast_point(j, cells, &x, &y, &f, &coarse)) return CSV_SCAN_DECLINED;
  count_vote(j, x, y, row);
  fw->written++;
  store_test_kill_point("row", fw->written);
  return hh_writer_add(fw->w, row, x, y, f, j->c.id >= 0 ? cells[j->c.id] : NULL,
                       fw->d);
}

/* A scan of the job's CSV as its reader opened it (csv_points.c). */
static csv_scan fast_scan(const job *j, int (*row_fn)(void *, long, char **),
                          void *ctx) {
  csv_scan sc = {
      .path = j->r.open_path,
      .data_start = j->r.data_start,
      .header_lines = j->r.header_lines,
      .sep = j->r.sep,
      .n_fields = j->r.n_fields,
      .max_field = j->r.max_field,
      .row_fn = row_fn,
      .ctx = ctx,
  };
  return sc;
}

/* Boyer-Moore votes of two parts of a file, merged: a majority of the
** whole is a majority of one part and survives the merge. */
static void merge_votes(job *j, const job *part) {
  if (part->votes == 0) return;
  if (j->votes == 0) {
    j->vote_x = part->vote_x;
    j->vote_y = part->vote_y;
    j->votes = part->votes;
  } else if (part->vote_x == j->vote_x && part->vote_y == j->vote_y) {
    j->votes += part->votes;
  } else if (part->votes > j->votes) {
    j->vote_x = part->vote_x;
    j->vote_y = part->vote_y;
    j->votes = part->votes - j->votes;
  } else {
    j->votes -= part->votes;
  }
}

/* What a thread's pass over its range counted, added to the job, in file
** order (the first rows listed are the file's first). */
static void merge_part(job *j, const job *part) {
  j->rows_in += part->rows_in;
  j->rows_ok += part->rows_ok;
  if (part->n_coarse && j->n_coarse == 0) j->first_coarse = part->first_coarse;
  j->n_coarse += part->n_coarse;
  merge_votes(j, part);
  area_check *a = &j->area;
  const area_check *b = &part->area;
  for (long i = 0; i < b->n_out && i < PHS_AREA_CHECK_ROWS; i++)
    if (a->n_out + i < PHS_AREA_CHECK_ROWS) a->rows[a->n_out + i] = b->rows[i];
  a->n_out += b->n_out;
  a->n_checked += b->n_checked;
  if (a->count)
    for (int k = 0; k < a->n; k++) a->count[k] += b->count[k];
}

/* Pass 1 of the fast lane on threads: each range checks into its own copy
** of the job's counters (the shared parts, options and the point index,
** are only read), merged in file order. */
static int fast_pass1_threads(job *j, csv_scan *sc, int n_threads,
                              long *at, phs_diag *d) {
  job *parts = calloc((size_t)n_threads, sizeof(job));
  void **ctxs = calloc((size_t)n_threads, sizeof(void *));
  int st = PHS_OK;
  if (parts == NULL || ctxs == NULL) st = PHS_ERUNTIME;
  for (int i = 0; i < n_threads && st == PHS_OK; i++) {
    parts[i] = *j; /* read-only parts shared; counters start at zero */
    parts[i].rows_in = parts[i].rows_ok = 0;
    parts[i].n_coarse = parts[i].first_coarse = 0;
    parts[i].votes = 0;
    parts[i].area.n_checked = parts[i].area.n_out = 0;
    parts[i].area.count = NULL;
    if (j->area.count) {
      parts[i].area.count = calloc((size_t)j->area.n, sizeof(long long));
      if (parts[i].area.count == NULL) st = PHS_ERUNTIME;
    }
    ctxs[i] = &parts[i];
  }
  if (st) {
    st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  } else {
    int used = 0;
    st = csv_scan_run_parallel(sc, n_threads, ctxs, &used, at, d);
    for (int i = 0; i < used && st == PHS_OK; i++) merge_part(j, &parts[i]);
  }
  for (int i = 0; parts && i < n_threads; i++) free(parts[i].area.count);
  free(parts);
  free(ctxs);
  return st;
}

/* Pass 1 through the fast lane. PHS_OK when every row was certified (the
** job's counters are then those of the general loop), CSV_SCAN_DECLINED
** when the general reader must read the file (counters reset), or an
** I/O status. */
static int fast_pass1(job *j, phs_diag *d) {
  csv_scan sc = fast_scan(j, fast_row_check, j);
  /* PHS_CSV_MIN_RANGE=BYTES: smaller ranges, so the tests can cut small
  ** files into several. */
  const char *mr = getenv("PHS_CSV_MIN_RANGE");
  if (mr) sc.min_range = atoll(mr);
  long at = 0;
  int threads = phs_thread_count(j->o->threads);
  int st = threads > 1 ? fast_pass1_threads(j, &sc, threads, &at, d)
                       : csv_scan_run(&sc, &at, d);
  if (st == PHS_OK) {
    j->fast = 1;
    return PHS_OK;
  }
  j->rows_in = j->rows_ok = 0;
  j->n_coarse = j->first_coarse = 0;
  j->votes = 0;
  j->area.n_checked = j->area.n_out = 0;
  return st;
}

/* B7 for household points, after pass 2 has counted the candidate:
** more than half of the rows at one place is a broken export. */
static int report_vote(job *j, phs_diag *d) {
  if (j->rows_in < 4 || j->at_vote * 2 <= j->rows_in) return PHS_OK;
  phs_buf rows;
  phs_buf_init(&rows);
  long listed = j->at_vote < MAX_LISTED_ROWS ? j->at_vote : MAX_LISTED_ROWS;
  for (long i = 0; i < listed; i++)
    phs_buf_printf(&rows, i ? ", %ld" : "%ld", j->vote_rows[i]);
  if (j->at_vote > listed)
    phs_buf_printf(&rows, phs_tr(", ... (%ld more)"), j->at_vote - listed);
  char pair[160], v[96];
  snprintf(v, sizeof(v), "%.6f %.6f", j->vote_x, j->vote_y);
  int st = phs_diag_error(
      d, PHS_EINPUT,
      "%s:%s%ld: field '%s': '%s' %ld of %ld points are at this place (%s"
      " %s); a broken export?",
      j->r.path, j->r.is_csv ? "" : phs_tr("feature "), j->vote_rows[0],
      point_field(j, pair, sizeof(pair)), v, j->at_vote, j->rows_in,
      phs_tr(j->r.is_csv ? "rows" : "features"), rows.data ? rows.data : "");
  phs_buf_free(&rows);
  return st;
}

/* -------------------------------------------------- after pass 1 */

/*
** C1: one error per repeated ID or code, naming every row it is on:
** "f.csv:4: field 'site_id': 'S1' duplicate site ID on rows 2, 4, 7".
** Returns PHS_EINPUT when there was any, else PHS_OK.
*/
static int report_duplicates(job *j, phs_diag *d) {
  dupes *l = &j->dups;
  if (l->n == 0) return PHS_OK;
  qsort(l->v, l->n, sizeof(dupe), dupe_cmp);
  const char *unit = j->r.is_csv ? "" : phs_tr("feature ");
  for (size_t i = 0; i < l->n;) {
    size_t k = dupes_group_end(l, i);
    phs_buf rows;
    phs_buf_init(&rows);
    dupes_rows(l, l->v[i].first, i, k, (long)(k - i) + 1, &rows);
    char q[256];
    phs_diag_error(d, PHS_EINPUT,
                   "%s:%s%ld: field '%s': '%s' duplicate %s on %s %s (each"
                   " %s must be unique within one file)",
                   j->r.path, unit, l->v[i].row, j->r.fields[l->v[i].col],
                   text_quote(l->v[i].key, q, sizeof(q)),
                   phs_tr(l->v[i].what),
                   phs_tr(j->r.is_csv ? "rows" : "features"),
                   rows.data ? rows.data : "", phs_tr(l->v[i].what));
    phs_buf_free(&rows);
    i = k;
  }
  return PHS_EINPUT;
}

/*
** B7: points at exactly the same place. More than half of them at one
** place (from 4 rows up) is a broken export: rejected. Otherwise sites
** sharing a place get a warning listing the rows (co-located, or
** coordinates copied down a column?).
*/
static int report_locations(job *j, phs_diag *d) {
  dupes *l = &j->loc_dups;
  if (l->n == 0) return PHS_OK;
  qsort(l->v, l->n, sizeof(dupe), dupe_cmp);
  /* the places with more than one row, in the order of their first row */
  size_t n_groups = 0;
  ptentry *groups = malloc(sizeof(ptentry) * (l->n + 1));
  if (groups == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  for (size_t i = 0; i < j->locs.cap; i++)
    if (j->locs.v[i].first && j->locs.v[i].count > 1 && n_groups <= l->n)
      groups[n_groups++] = j->locs.v[i];
  qsort(groups, n_groups, sizeof(ptentry), ptentry_cmp);
  const char *unit = j->r.is_csv ? "" : phs_tr("feature ");
  const char *rows_word = phs_tr(j->r.is_csv ? "rows" : "features");
  char pair[160], v[96];
  point_field(j, pair, sizeof(pair));
  int st = PHS_OK;
  size_t i = 0;
  for (size_t g = 0; g < n_groups; g++) {
    while (i < l->n && l->v[i].first < groups[g].first) i++;
    size_t k = i < l->n && l->v[i].first == groups[g].first
                   ? dupes_group_end(l, i)
                   : i; /* rows not kept (out of memory): none listed */
    long n = groups[g].count;
    snprintf(v, sizeof(v), "%.6f %.6f", groups[g].x, groups[g].y);
    phs_buf rows;
    phs_buf_init(&rows);
    dupes_rows(l, groups[g].first, i, k, n, &rows);
    if (j->rows_in >= 4 && n * 2 > j->rows_in) {
      st = phs_diag_error(d, PHS_EINPUT,
                          "%s:%s%ld: field '%s': '%s' %ld of %ld points are"
                          " at this place (%s %s); a broken export?",
                          j->r.path, unit, groups[g].first, pair, v, n,
                          j->rows_in, rows_word, rows.data ? rows.data : "");
    } else if (j->kind == PHS_IMPORT_SITES) {
      phs_diag_warn(d,
                    "%s:%s%ld: field '%s': '%s' shared by %ld sites (%s %s);"
                    " co-located sites, or copied coordinates?",
                    j->r.path, unit, groups[g].first, pair, v, n, rows_word,
                    rows.data ? rows.data : "");
    }
    phs_buf_free(&rows);
    i = k;
  }
  free(groups);
  return st;
}

/* ------------------------------------------------------------- set-up */

static int resolve_columns(job *j, phs_diag *d) {
  const phs_import_opts *o = j->o;
  phs_reader *r = &j->r;
  cols *c = &j->c;
  memset(c, -1, sizeof(*c));
  int st = PHS_OK;
#define FIND(given, cands, role, req, out)                     \
  do {                                                         \
    int s_ = find_col(r, given, cands, role, req, &(out), d);  \
    if (s_ && st == PHS_OK) st = s_;                           \
  } while (0)
  switch (j->kind) {
    case PHS_IMPORT_SITES:
      FIND(o->id_field, C_SITE_ID, "site ID", 1, c->id);
      FIND(o->name_field, C_SITE_NAME, "site name", 0, c->name);
      FIND(o->tech_field, C_TECH, "technology", 1, c->tech);
      FIND(o->band_field, C_BAND, "band (MHz)", 0, c->band);
      FIND(o->radius_field, C_RADIUS, "radius (m)", 0, c->radius);
      for (int a = 0; a < PHS_SITE_N_ATTRS; a++)
        FIND(NULL, RADIO_ATTRS[a].cands, RADIO_ATTRS[a].role, 0, c->attr[a]);
      FIND(NULL, C_TXW, "transmit power (W)", 0, c->txw);
      /* A single "tilt" beside a mechanical one may be the total. */
      for (int i = 0; i < N_TILT_SINGLE && st == PHS_OK; i++)
        if (c->attr[PHS_SITE_TILT_MECH] >= 0 &&
            c->attr[PHS_SITE_TILT_ELEC] >= 0 &&
            c->attr[PHS_SITE_TILT_ELEC] == reader_field(r, C_TILT[i]))
          phs_diag_warn(d, "%s: column '%s' is read as the electrical"
                        " downtilt beside the mechanical '%s'; if it holds"
                        " the total downtilt, subtract the mechanical one or"
                        " rename it (docs/input-formats.md)", r->path,
                        r->fields[c->attr[PHS_SITE_TILT_ELEC]],
                        r->fields[c->attr[PHS_SITE_TILT_MECH]]);
      FIND(o->x_field, C_X, "longitude", r->is_csv, c->x);
      FIND(o->y_field, C_Y, "latitude", r->is_csv, c->y);
      break;
    case PHS_IMPORT_HOUSEHOLDS:
      FIND(o->x_field, C_X, "longitude", 0, c->x);
      FIND(o->y_field, C_Y, "latitude", 0, c->y);
      j->points = (c->x >= 0 && c->y >= 0) || !r->is_csv;
      if (j->points) {
        FIND(o->id_field, C_HH_ID, "household ID", 0, c->id);
        FIND(o->fibre_field, C_FIBRE, "fibre flag", 1, c->fibre);
      } else {
        FIND(o->code_field, C_CODE, "commune code", 1, c->code);
        if (o->fallback_code_field)
          FIND(o->fallback_code_field, C_DCODE, "fallback code", 1,
               c->fallback);
        FIND(o->name_field, C_NAME, "commune name", 0, c->name);
        FIND(o->district_code_field, C_DCODE, "district code", 0, c->dcode);
        FIND(o->district_name_field, C_DNAME, "district name", 0, c->dname);
        FIND(o->province_code_field, C_PCODE, "province code", 0, c->pcode);
        FIND(o->province_name_field, C_PNAME, "province name", 0, c->pname);
        FIND(o->households_field, C_HH, "households", 0, c->hh);
        FIND(o->population_field, C_POP, "population", 0, c->pop);
        FIND(o->fibre_field, C_FIBRE, "fibre households", 0, c->fibre);
        if (st == PHS_OK && c->hh < 0 && c->pop < 0 && c->fibre < 0)
          st = phs_diag_error(d, PHS_EINPUT,
                              "%s: no count columns: need households"
                              " (hh_total, so_ho), population (pop_total,"
                              " dan_so) or fibre households (ho_cap_quang)",
                              r->path);
      }
      break;
    case PHS_IMPORT_SURVEY:
      FIND(o->id_field, C_RESP_ID, "respondent ID", 1, c->id);
      FIND(o->code_field, C_CODE, "commune code", 1, c->code);
      FIND(o->weight_field, C_WEIGHT, "survey weight", 1, c->weight);
      if (st == PHS_OK) {
        j->indicator_cols = calloc((size_t)r->n_fields, sizeof(int));
        for (int i = 0; i < r->n_fields; i++) {
          if (i == c->id || i == c->code || i == c->weight) continue;
          int skip = 0;
          for (int k = 0; SURVEY_NOT_INDICATOR[k]; k++)
            if (strcasecmp(r->fields[i], SURVEY_NOT_INDICATOR[k]) == 0)
              skip = 1;
          if (!skip) j->indicator_cols[j->n_indicators++] = i;
        }
        if (j->n_indicators == 0)
          st = phs_diag_error(d, PHS_EINPUT,
                              "%s: no yes/no indicator columns (e.g."
                              " smartphone, bank_account)",
                              r->path);
      }
      break;
    case PHS_IMPORT_COVERAGE:
      break; /* polygons only: the operator and technology are options */
    case PHS_IMPORT_POINTS: /* counted, never stored */
      FIND(o->x_field, C_X, "longitude", 1, c->x);
      FIND(o->y_field, C_Y, "latitude", 1, c->y);
      FIND(o->id_field, C_HH_ID, "point ID", 0, c->id);
      FIND(o->fibre_field, C_FIBRE, "fibre flag", 0, c->fibre);
      j->points = 1;
      break;
    case PHS_IMPORT_COMMUNES:
      FIND(o->code_field, C_CODE, "commune code", 1, c->code);
      FIND(o->name_field, C_NAME, "commune name", 1, c->name);
      FIND(o->district_code_field, C_DCODE, "district code", 0, c->dcode);
      FIND(o->district_name_field, C_DNAME, "district name", 0, c->dname);
      FIND(o->province_code_field, C_PCODE, "province code", 0, c->pcode);
      FIND(o->province_name_field, C_PNAME, "province name", 0, c->pname);
      break;
  }
#undef FIND
  return st;
}

/* Decide the source CRS (B9: the file's and the user's must agree). */
static int resolve_crs(job *j, phs_diag *d) {
  const char *user = j->o->src_crs;
  const char *file = j->r.crs_wkt;
  /* No CRS that names a file or URL goes to PROJ or GDAL (geo/
  ** crs_check.c); and as GDAL's OSRSetFromUserInput reads a string that
  ** is a file's name, --src-crs reaches it only once PROJ has read it. */
  if (user && phs_crs_check(user, "--src-crs", d)) return PHS_EINPUT;
  if (file) {
    char *what = phs_strdup_printf(phs_tr("%s: the file's CRS"), j->r.path);
    int st = phs_crs_check(file, what ? what : j->r.path, d);
    free(what);
    if (st) return st;
  }
  if (user && file && phs_crs_is_geographic(user, d) < 0)
    return phs_diag_error(d, PHS_EINPUT, "%s: unknown CRS '%s'", j->r.path,
                          user);
  if (user && file) {
    OGRSpatialReferenceH a = OSRNewSpatialReference(NULL);
    OGRSpatialReferenceH b = OSRNewSpatialReference(NULL);
    int same = 0;
    if (OSRSetFromUserInput(b, file) == OGRERR_NONE && /* b: its name */
        OSRSetFromUserInput(a, user) == OGRERR_NONE) {
      const char *opts[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES",
                            "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS",
                            NULL};
      same = OSRIsSameEx(a, b, opts);
    }
    const char *fname = OSRGetName(b);
    char fbuf[128];
    snprintf(fbuf, sizeof(fbuf), "%s", fname ? fname : "?");
    OSRDestroySpatialReference(a);
    OSRDestroySpatialReference(b);
    if (!same)
      return phs_diag_error(d, PHS_EINPUT,
                            "%s: the file declares its CRS as '%s' but"
                            " --src-crs says '%s'; a mislabelled CRS moves"
                            " every point: fix the file or drop --src-crs",
                            j->r.path, fbuf, user);
  }
  /* E1: GDAL gives a GeoJSON layer WGS 84 unless a legacy 'crs' member
  ** declares another CRS; RFC 7946 dropped 'crs', so say we honoured it */
  if (file && j->r.format && strcmp(j->r.format, "GeoJSON") == 0) {
    OGRSpatialReferenceH a = OSRNewSpatialReference(NULL);
    OGRSpatialReferenceH b = OSRNewSpatialReference(NULL);
    const char *opts[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES",
                          "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS",
                          NULL};
    if (OSRSetFromUserInput(b, file) == OGRERR_NONE &&
        OSRSetFromUserInput(a, "EPSG:4326") == OGRERR_NONE &&
        !OSRIsSameEx(a, b, opts)) {
      const char *name = OSRGetName(b);
      phs_diag_warn(d,
                    "%s: field 'crs': '%s' is a legacy GeoJSON 'crs'"
                    " member: RFC 7946 dropped it (GeoJSON is WGS 84"
                    " longitude/latitude); read as declared and"
                    " reprojected to WGS 84 (hint: export as RFC 7946"
                    " GeoJSON)",
                    j->r.path, name ? name : "?");
    }
    OSRDestroySpatialReference(a);
    OSRDestroySpatialReference(b);
  }
  j->src_crs = strdup(user ? user : file ? file : "EPSG:4326");
  if (j->src_crs == NULL)
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  int g = phs_crs_is_geographic(j->src_crs, d);
  if (g < 0 && d->status == PHS_ERUNTIME) return PHS_ERUNTIME; /* memory */
  if (g < 0)
    return phs_diag_error(d, PHS_EINPUT, "%s: unknown CRS '%s'", j->r.path,
                          user ? user : phs_tr("(from the file)"));
  j->geographic = g;
  if (!g) {
    j->to_ll = phs_crs_transform_new(j->src_crs, "EPSG:4326", d);
    if (j->to_ll == NULL) return d->status ? d->status : PHS_EINPUT;
  }
  return PHS_OK;
}

/*
** A8: in a ';'-separated file, a coordinate column whose every value is a
** decimal-comma number is read that way, with one warning.
*/
static void detect_decimal_comma(job *j, phs_diag *d) {
  j->decimal_comma = j->o->decimal_comma;
  if (j->decimal_comma || !j->r.is_csv || j->r.sep != ';') return;
  int cols_[2] = {j->c.x, j->c.y};
  if (cols_[0] < 0 || cols_[1] < 0) return;
  long n_comma = 0, n_other = 0;
  phs_diag quiet;
  phs_diag_init(&quiet);
  int status = PHS_OK;
  while (reader_next(&j->r, &quiet, &status) == 1) {
    for (int k = 0; k < 2; k++) {
      const char *s = j->r.values[cols_[k]];
      double v;
      int dec;
      num_kind kind = parse_number(s, 0, 0, &v, &dec);
      if (kind == NUM_COMMA && n_comma++ == 0) {
        j->dc_first_row = j->r.row;
        snprintf(j->dc_first, sizeof(j->dc_first), "%s", s);
      } else if (kind != NUM_EMPTY && kind != NUM_COMMA) {
        n_other++;
      }
    }
  }
  phs_diag_clear(&quiet);
  reader_rewind(&j->r, d);
  if (n_comma > 0 && n_other == 0) {
    j->decimal_comma = 1;
    phs_diag_warn(d,
                  "%s:%ld: fields '%s', '%s': '%s' decimal comma in all %ld"
                  " coordinate values; read as decimals (';'-separated"
                  " file)",
                  j->r.path, j->dc_first_row, j->r.fields[cols_[0]],
                  j->r.fields[cols_[1]], j->dc_first, n_comma);
  }
}

/* ------------------------------------------------------------- writing */

/* ------------------------------------------------ progress and Ctrl-C */

/* What a pass reports to the progress line: the bytes after the header
** of a CSV (both lanes), the features of another format (0 when the
** driver cannot tell cheaply: the line then waits for the pass's end). */
static long long pass_units(const job *j) {
  if (!j->r.is_csv) {
    GIntBig n = j->r.lyr ? OGR_L_GetFeatureCount(j->r.lyr, FALSE) : -1;
    return n > 0 ? (long long)n : 0;
  }
  VSILFILE *fp = VSIFOpenL(j->r.open_path, "rb"); /* its size, as csv_points.c */
  if (fp == NULL) return 0;
  long long n = VSIFSeekL(fp, 0, SEEK_END) == 0
                    ? (long long)VSIFTellL(fp) - j->r.data_start
                    : 0;
  VSIFCloseL(fp);
  return n > 0 ? n : 0;
}

/* The general reader's place in its pass, in pass_units' units. */
static long long reader_place(const job *j) {
  if (!j->r.is_csv || j->r.fp == NULL) return j->r.row;
  long long at = (long long)VSIFTellL((VSILFILE *)j->r.fp) -
                 (long long)(j->r.buf_len - j->r.buf_pos);
  return at - j->r.data_start;
}

/* Every 1024 rows of the general reader (`n` counts them; n < 0: the
** pass's end): its place to the progress line, and Ctrl-C checked. */
static int reader_tick(job *j, long n, phs_diag *d) {
  if (n >= 0 && (n & 1023) != 0) return PHS_OK;
  long long at = reader_place(j);
  if (at > j->progress_at) phs_progress_add(at - j->progress_at);
  if (at > j->progress_at) j->progress_at = at;
  return phs_interrupted() ? phs_interrupt_error(d) : PHS_OK;
}

/* Pass 1 keeps an accepted site row (its strings copied out of the
** reader): 0, or -1 when out of memory. */
static int keep_site_row(job *j, const rec *r) {
  if (j->n_site_rows == j->cap_site_rows) {
    long cap = j->cap_site_rows ? 2 * j->cap_site_rows : 256;
    site_row *g = realloc(j->site_rows, sizeof(*g) * (size_t)cap);
    if (g == NULL) return -1;
    j->site_rows = g;
    j->cap_site_rows = cap;
  }
  site_row *w = &j->site_rows[j->n_site_rows];
  memset(w, 0, sizeof(*w));
  w->id = strdup(r->id);
  w->name = r->name ? strdup(r->name) : NULL;
  if (w->id == NULL || (r->name && w->name == NULL)) {
    free(w->id);
    free(w->name);
    return -1;
  }
  w->tech = r->tech;
  w->band = r->band;
  w->has_xy = r->has_xy;
  w->radius = r->radius;
  w->lon = r->lon;
  w->lat = r->lat;
  memcpy(w->attr, r->attr, sizeof(w->attr));
  w->row = j->r.row;
  j->n_site_rows++;
  return 0;
}

/* Pass 2 of a site file: the rows pass 1 kept, through the prepared
** INSERT row (the kill points and Ctrl-C as the reader's loop has them);
** *written counts them. */
static int write_site_rows(job *j, phs_store *s, sqlite3_stmt *row,
                           long long sub_id, const char *op, long *written,
                           phs_diag *d) {
  phs_progress_stage(0.5, 1, j->n_site_rows);
  for (long i = 0; i < j->n_site_rows; i++) {
    const site_row *w = &j->site_rows[i];
    sqlite3_reset(row);
    sqlite3_clear_bindings(row);
    sqlite3_bind_int64(row, 1, sub_id);
    sqlite3_bind_text(row, 2, op, -1, SQLITE_STATIC);
    sqlite3_bind_text(row, 3, w->id, -1, SQLITE_STATIC);
    store_bind_text_or_null(row, 4, w->name);
    sqlite3_bind_text(row, 5, w->tech, -1, SQLITE_STATIC);
    if (w->band > 0) sqlite3_bind_int(row, 6, w->band);
    if (isfinite(w->radius)) sqlite3_bind_double(row, 7, w->radius);
    if (w->has_xy) {
      sqlite3_bind_double(row, 8, w->lon);
      sqlite3_bind_double(row, 9, w->lat);
    }
    sqlite3_bind_int64(row, 10, w->row);
    for (int a = 0; a < PHS_SITE_N_ATTRS; a++)
      if (isfinite(w->attr[a])) sqlite3_bind_double(row, 11 + a, w->attr[a]);
    if (sqlite3_step(row) != SQLITE_DONE)
      return store_sqlite_error(s, sqlite3_errcode(s->db), d);
    ++*written;
    store_test_kill_point("row", *written);
    if ((*written & 1023) == 0 || i + 1 == j->n_site_rows) {
      phs_progress_add((*written & 1023) == 0 ? 1024 : *written & 1023);
      if (phs_interrupted()) return phs_interrupt_error(d);
    }
  }
  return PHS_OK;
}

static int find_refiling(phs_store *s, phs_import_kind kind, const char *op,
                         const char *sha, const char *path, long long *id,
                         phs_diag *d);
static int report_refiling(phs_import_result *res, const char *path,
                           long long dup, phs_diag *d);

/* Pass 2: the one write transaction. shared: the shared-tower warning
** found before it (store_shared_sites_find), NULL when none; the
** submission id, or the filing this file turned out to repeat, to res. */
static int write_all(job *j, phs_store *s, const char *sha, long long bytes,
                     long warnings, const char *warning_text,
                     const char *shared, phs_import_result *res,
                     phs_diag *d) {
  long long *sub_id = &res->submission_id;
  sqlite3_stmt *row = NULL, *row2 = NULL, *ans = NULL;
  char *all_warnings = NULL; /* warning_text and shared */
  hh_writer *hw = NULL;
  int status = PHS_OK;
  long written = 0;
  rec r;
  memset(&r, 0, sizeof(r));
  phs_mpoly_init(&r.poly);
  int st = store_begin_write(s, d);
  if (st) return st;
  store_test_kill_point("begin", 0);
  /* C3 decided under the write lock: a process that filed this very file
  ** since the check before pass 1 makes this import a no-op. */
  long long dup = 0;
  st = find_refiling(s, j->kind, j->o->operator_code, sha, j->r.path, &dup,
                     d);
  if (st) goto fail;
  if (dup) {
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    phs_mpoly_free(&r.poly);
    return report_refiling(res, j->r.path, dup, d);
  }
  if (shared) { /* told now, and kept with the filing's warnings */
    const char *base = strrchr(j->r.path, '/');
    phs_diag_warn(d, "%s: %s", base ? base + 1 : j->r.path, shared);
    all_warnings = phs_strdup_printf("%s%s\n", warning_text ? warning_text
                                                          : "",
                                     shared);
    if (all_warnings == NULL) goto oom;
    warning_text = all_warnings;
    warnings++;
  }
  phs_progress_stage(0.5, 1, pass_units(j)); /* pass 1 was the first half */
  j->progress_at = 0;
  /* mode: households "points"/"counts"; coverage: the technology, so a
  ** 5G filing supersedes the operator's previous 5G one only. Communes
  ** and per-commune counts add to what is there: nothing is superseded. */
  const char *op =
      j->kind == PHS_IMPORT_SITES || j->kind == PHS_IMPORT_COVERAGE
          ? j->o->operator_code
          : NULL;
  store_submission sub = {
      .kind = phs_import_kind_name(j->kind),
      .operator_code = op,
      .mode = j->kind == PHS_IMPORT_HOUSEHOLDS
                  ? (j->points ? "points" : "counts")
              : j->kind == PHS_IMPORT_COVERAGE ? j->tech
                                               : NULL,
      .supersede = j->kind != PHS_IMPORT_COMMUNES &&
                   !(j->kind == PHS_IMPORT_HOUSEHOLDS && !j->points),
      .submitter = j->o->submitter,
      .source_path = j->r.path,
      .sha256 = sha,
      .bytes = bytes,
      .format = j->r.format,
      .encoding = j->r.encoding ? j->r.encoding : "UTF-8",
      .crs_declared = j->r.crs_wkt,
      .crs_used = j->geographic ? "EPSG:4326" : j->src_crs,
      .rows_in = j->rows_in,
      .rows_accepted = j->rows_ok,
      .warnings = warnings,
      .warning_text = warning_text,
      .tech = j->tech,
      .keep_raw_max = j->o->keep_raw_max,
  };
  st = store_submission_write(s, &sub, sub_id, d);
  if (st) goto fail;
  store_test_kill_point("submission", 0);

  const char *sql = NULL, *sql2 = NULL;
  switch (j->kind) {
    case PHS_IMPORT_SITES:
      sql = "INSERT INTO site(submission_id, operator_code, site_id, name,"
            " tech, band_mhz, radius_m, lon, lat, source_row, geom,"
            " azimuth_deg, beamwidth_deg, tilt_deg, height_m, eirp_dbm,"
            " tilt_mech_deg, tx_power_dbm, antenna_gain_dbi, feeder_loss_db)"
            " VALUES(?,?,?,?,?,?,?,?,?,?, MakePoint(?8, ?9, 4326),"
            " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";
      break;
    case PHS_IMPORT_HOUSEHOLDS:
      /* points go to household_chunk through hh_writer */
      sql = j->points ? NULL
                      : "INSERT INTO commune_count(submission_id,"
                        " commune_code, quantity, value, commune_name,"
                        " district_code, district_name, province_code,"
                        " province_name) VALUES(?,?,?,?,?,?,?,?,?)";
      break;
    case PHS_IMPORT_SURVEY:
      sql = "INSERT INTO survey_response(submission_id, respondent_id,"
            " commune_code, weight) VALUES(?,?,?,?)";
      sql2 = "INSERT INTO survey_answer(response_id, indicator, value)"
             " VALUES(?,?,?)";
      break;
    case PHS_IMPORT_COVERAGE:
      sql = store_claim_insert_sql;
      break;
    case PHS_IMPORT_POINTS: /* counted, never written (import_file) */
      st = phs_diag_error(d, PHS_ERUNTIME, "points are never stored");
      goto fail;
    case PHS_IMPORT_COMMUNES:
      sql = "INSERT OR REPLACE INTO commune(code, name, district_code,"
            " district_name, province_code, province_name, uncoded,"
            " area_m2, submission_id, geom) VALUES(?,?,?,?,?,?,?,?,?,"
            " CastToMultiPolygon(GeomFromWKB(?, 4326)))";
      break;
  }
  if (sql) {
    st = store_prepare(s, sql, &row, d);
    if (st) goto fail;
  } else {
    st = hh_writer_open(s, *sub_id, &hw, d);
    if (st) goto fail;
  }
  if (j->fast) {
    fast_write fw = {j, hw, d, 0};
    csv_scan sc = fast_scan(j, fast_row_write, &fw);
    long at = 0;
    j->pass = 2;
    st = csv_scan_run(&sc, &at, d);
    written = fw.written;
    if (st == CSV_SCAN_DECLINED)
      st = phs_diag_error(d, PHS_EINPUT,
                          "%s:%ld: the file changed while it was imported;"
                          " nothing imported",
                          j->r.path, at);
    if (st) goto fail;
    goto rows_done;
  }
  if (j->kind == PHS_IMPORT_SITES) { /* the rows pass 1 kept */
    st = write_site_rows(j, s, row, *sub_id, op, &written, d);
    if (st) goto fail;
    goto rows_done;
  }
  if (sql2) {
    st = store_prepare(s, sql2, &ans, d);
    if (st) goto fail;
  }
  (void)row2;
  j->pass = 2;
  reader_rewind(&j->r, d);
  while (reader_next(&j->r, d, &status) == 1) {
    if (check_record(j, d, &r) != 0) {
      /* pass 2 reports only what is not the data: out of memory */
      st = d->status != PHS_OK
               ? d->status
               : phs_diag_error(d, PHS_EINPUT,
                                "%s: the file changed while it was"
                                " imported; nothing imported",
                                j->r.path);
      goto fail;
    }
    if (row) { /* NULL for household points: hw writes them */
      sqlite3_reset(row);
      sqlite3_clear_bindings(row);
      sqlite3_bind_int64(row, 1, *sub_id);
    }
    switch (j->kind) {
      case PHS_IMPORT_SITES: /* from memory: write_site_rows */
        break;
      case PHS_IMPORT_HOUSEHOLDS:
        if (j->points) {
          count_vote(j, r.lon, r.lat, j->r.row);
          st = hh_writer_add(hw, j->r.row, r.lon, r.lat, r.fibre_flag, r.id,
                             d);
          if (st) goto fail;
        } else {
          static const char *const q[] = {"households", "population",
                                          "fibre_households"};
          long long v[3] = {r.hh, r.pop, r.fibre};
          for (int k = 0; k < 3; k++) {
            if (v[k] < 0) continue;
            sqlite3_reset(row);
            sqlite3_bind_text(row, 2, r.code, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(row, 3, q[k], -1, SQLITE_STATIC);
            sqlite3_bind_int64(row, 4, v[k]);
            store_bind_text_or_null(row, 5, r.name);
            store_bind_text_or_null(row, 6, r.dcode);
            store_bind_text_or_null(row, 7, r.dname);
            store_bind_text_or_null(row, 8, r.pcode);
            store_bind_text_or_null(row, 9, r.pname);
            if (sqlite3_step(row) != SQLITE_DONE) goto sqlfail;
          }
        }
        break;
      case PHS_IMPORT_SURVEY: {
        sqlite3_bind_text(row, 2, r.id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(row, 3, r.code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_double(row, 4, r.weight);
        if (sqlite3_step(row) != SQLITE_DONE) goto sqlfail;
        long long resp = sqlite3_last_insert_rowid(s->db);
        for (int i = 0; i < j->n_indicators; i++) {
          int col = j->indicator_cols[i];
          int y = parse_yesno(val(j, col));
          if (y < 0) continue; /* not answered */
          sqlite3_reset(ans);
          sqlite3_bind_int64(ans, 1, resp);
          sqlite3_bind_text(ans, 2, j->r.fields[col], -1, SQLITE_STATIC);
          sqlite3_bind_int(ans, 3, y);
          if (sqlite3_step(ans) != SQLITE_DONE) goto sqlfail;
        }
        break;
      }
      case PHS_IMPORT_COVERAGE: {
        size_t len = 0;
        unsigned char *wkb = phs_mpoly_wkb(&r.poly, &len);
        if (wkb == NULL) goto oom;
        sqlite3_bind_text(row, 2, op, -1, SQLITE_STATIC);
        sqlite3_bind_text(row, 3, j->tech, -1, SQLITE_STATIC);
        sqlite3_bind_int64(row, 4, j->r.row);
        sqlite3_bind_blob(row, 5, wkb, (int)len, free);
        if (sqlite3_step(row) != SQLITE_DONE) goto sqlfail;
        break;
      }
      case PHS_IMPORT_COMMUNES: {
        size_t len = 0;
        unsigned char *wkb = phs_mpoly_wkb(&r.poly, &len);
        if (wkb == NULL) goto oom;
        sqlite3_bind_text(row, 1, r.code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(row, 2, r.name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(row, 3, r.dcode ? r.dcode : "", -1,
                          SQLITE_TRANSIENT);
        sqlite3_bind_text(row, 4, r.dname ? r.dname : "", -1,
                          SQLITE_TRANSIENT);
        sqlite3_bind_text(row, 5, r.pcode ? r.pcode : "", -1,
                          SQLITE_TRANSIENT);
        sqlite3_bind_text(row, 6, r.pname ? r.pname : "", -1,
                          SQLITE_TRANSIENT);
        sqlite3_bind_int(row, 7, r.code == r.code_buf);
        sqlite3_bind_double(row, 8, phs_mpoly_geodesic_area(&r.poly));
        sqlite3_bind_int64(row, 9, *sub_id);
        sqlite3_bind_blob(row, 10, wkb, (int)len, free);
        if (sqlite3_step(row) != SQLITE_DONE) goto sqlfail;
        break;
      }
      case PHS_IMPORT_POINTS:
        break;
    }
    written++;
    store_test_kill_point("row", written);
    st = reader_tick(j, written, d);
    if (st) goto fail;
  }
  if (status != PHS_OK) {
    st = status;
    goto fail;
  }
  st = reader_tick(j, -1, d);
  if (st) goto fail;
rows_done:
  if (hw) {
    st = hh_writer_finish(hw, NULL, d);
    if (st == PHS_OK) st = report_vote(j, d);
    if (st) goto fail;
  }
  if (written != j->rows_ok) {
    st = phs_diag_error(d, PHS_EINPUT,
                        "%s: the file changed while it was imported (%ld rows"
                        " then %ld); nothing imported",
                        j->r.path, j->rows_ok, written);
    goto fail;
  }
  store_test_kill_point("rows", 0);
  /* Ctrl-C during the last rows: still nothing committed */
  if (phs_interrupted()) {
    st = phs_interrupt_error(d);
    goto fail;
  }
  /* District outlines are derived from the commune layer: built once
  ** here, in the same transaction, rather than on every map. */
  if (j->kind == PHS_IMPORT_COMMUNES) {
    st = store_district_outlines_import(s, *sub_id, d);
    if (st) goto fail;
  }
  /* A site file supersedes per technology, known once its rows are in. */
  if (j->kind == PHS_IMPORT_SITES) {
    st = store_sites_supersede(s, *sub_id, op, d);
    if (st) goto fail;
  }
  sqlite3_finalize(row);
  sqlite3_finalize(ans);
  hh_writer_free(hw);
  phs_mpoly_free(&r.poly);
  free(all_warnings);
  store_test_kill_point("commit", 0);
  st = store_exec(s, "COMMIT", d);
  if (st == PHS_OK) store_test_kill_point("committed", 0);
  /* A COMMIT that failed (disk full, busy) leaves the transaction open
  ** and the write lock held: end it, so the store is as it was. */
  if (st) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return st;

oom:
  st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  goto fail;
sqlfail:
  st = store_sqlite_error(s, sqlite3_errcode(s->db), d);
fail:
  sqlite3_finalize(row);
  sqlite3_finalize(ans);
  hh_writer_free(hw);
  phs_mpoly_free(&r.poly);
  free(all_warnings);
  sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return st;
}

/* ---------------------------------------------------------------- main */

const char *phs_import_kind_name(phs_import_kind k) {
  switch (k) {
    case PHS_IMPORT_COMMUNES: return "communes";
    case PHS_IMPORT_HOUSEHOLDS: return "households";
    case PHS_IMPORT_SURVEY: return "survey";
    case PHS_IMPORT_SITES: return "sites";
    case PHS_IMPORT_COVERAGE: return "coverage";
    case PHS_IMPORT_POINTS: return "points";
  }
  return "?";
}

static int valid_operator(const char *op) {
  if (op == NULL || !*op || strlen(op) > 32) return 0;
  for (const char *p = op; *p; p++)
    if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p) &&
        *p != '_' && *p != '-')
      return 0;
  return 1;
}

/* Is this file already in the store as a current submission (C3)? */
static int find_duplicate(phs_store *s, phs_import_kind kind, const char *op,
                          const char *sha, long long *id, phs_diag *d) {
  sqlite3_stmt *st = NULL;
  int rc = store_prepare(s,
                         "SELECT id FROM submission WHERE kind = ?1 AND"
                         " source_sha256 = ?2 AND coalesce(operator_code,'') ="
                         " coalesce(?3,'') AND status = 'current'"
                         /* a site file partly superseded (its 5G by a 5G
                         ** filing) is filed again to bring it back */
                         " AND NOT EXISTS (SELECT 1 FROM site_filing f"
                         " WHERE f.submission_id = submission.id AND"
                         " f.superseded_at_utc IS NOT NULL)"
                         " ORDER BY id DESC LIMIT 1",
                         &st, d);
  if (rc) return rc;
  sqlite3_bind_text(st, 1, phs_import_kind_name(kind), -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, sha, -1, SQLITE_STATIC);
  store_bind_text_or_null(st, 3, op);
  *id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  return PHS_OK;
}

/* C3 in full: the current filing that holds this very file (for a .shp,
** its whole set of files), *id 0 when none. */
static int find_refiling(phs_store *s, phs_import_kind kind, const char *op,
                         const char *sha, const char *path, long long *id,
                         phs_diag *d) {
  int st = find_duplicate(s, kind, op, sha, id, d);
  if (st) return st;
  size_t plen = strlen(path);
  if (*id && plen > 4 && strcasecmp(path + plen - 4, ".shp") == 0) {
    /* a .shp alike says nothing of its .dbf: C3 wants the whole set */
    int same = 0;
    st = store_submission_same_files(s, *id, path, &same, d);
    if (st) return st;
    if (!same) *id = 0;
  }
  return PHS_OK;
}

/* The outcome of a file filed already: nothing to do. */
static int report_refiling(phs_import_result *res, const char *path,
                           long long dup, phs_diag *d) {
  res->noop = 1;
  res->submission_id = dup;
  phs_diag_warn(d, "%s: already imported as submission #%lld (same"
                " SHA-256); nothing to do",
                path, dup);
  return PHS_OK;
}

/*
** B2: points inside Vietnam's envelope but outside every commune of the
** store: a warning listing the rows, or a rejection when they are more
** than 5% of the file and at least 10 (a handful of points in a tiny file
** is a matter for the analysis, which counts them as unassigned; a layer
** of another province is not). Returns the status to carry on with.
*/
static int check_area(job *j, const char *path, int st, phs_diag *d) {
  const area_check *a = &j->area;
  if (a->n_out == 0 || a->n_checked == 0) return st;
  phs_buf rows;
  phs_buf_init(&rows);
  for (long i = 0; i < a->n_out && i < PHS_AREA_CHECK_ROWS; i++)
    phs_buf_printf(&rows, "%s%ld", i ? ", " : "", a->rows[i]);
  if (a->n_out > PHS_AREA_CHECK_ROWS) phs_buf_puts(&rows, ", ...");
  const char *unit = phs_tr(j->r.is_csv ? "rows" : "features");
  double pct = 100.0 * (double)a->n_out / (double)a->n_checked;
  if (a->n_out * 20 > a->n_checked && a->n_out >= 10) {
    int e = phs_diag_error(d, PHS_EINPUT,
                           "%s: %ld of %ld points (%.1f%%) lie outside every"
                           " commune in the store (%s %s); a sign error, a"
                           " wrong CRS, or another province's layer?",
                           path, a->n_out, a->n_checked, pct, unit,
                           rows.data ? rows.data : "");
    if (st == PHS_OK) st = e;
  } else {
    phs_diag_warn(d,
                  "%s: %ld points lie inside Vietnam but outside every"
                  " commune in the store (%s %s); they will count in no"
                  " commune",
                  path, a->n_out, unit, rows.data ? rows.data : "");
  }
  phs_buf_free(&rows);
  return st;
}

/* An import, or (kind PHS_IMPORT_POINTS, counts given) a count of points
** per commune that stores nothing. */
static int import_file(phs_store *s, phs_import_kind kind, const char *path,
                       const phs_import_opts *o, phs_import_result *res,
                       phs_point_counts *counts, phs_diag *d) {
  phs_import_opts defaults;
  memset(&defaults, 0, sizeof(defaults));
  if (o == NULL) o = &defaults;
  memset(res, 0, sizeof(*res));
  job j;
  memset(&j, 0, sizeof(j));
  j.kind = kind;
  j.o = o;
  j.pass = 1;
  rec r;
  memset(&r, 0, sizeof(r));
  phs_mpoly_init(&r.poly);
  int st = PHS_OK;
  /* d may already hold warnings of earlier steps: count only ours. */
  long warnings_before = d->n_warnings_total;
  int kept_before = d->n_warnings;

  if ((kind == PHS_IMPORT_SITES || kind == PHS_IMPORT_COVERAGE) &&
      !valid_operator(o->operator_code))
    return phs_diag_error(d, PHS_EUSAGE,
                          "--operator must be an operator code of capital"
                          " letters, digits, '-' or '_' (e.g. VIETTEL),"
                          " got '%s'",
                          o->operator_code ? o->operator_code : "");
  if (kind == PHS_IMPORT_COVERAGE) {
    int syn = 0;
    j.tech = o->tech ? normalise_tech(&j, o->tech, &syn) : NULL;
    if (j.tech == NULL)
      return phs_diag_error(d, PHS_EUSAGE,
                            "--tech must be 4G or 5G for a coverage filing,"
                            " got '%s'",
                            o->tech ? o->tech : "");
  }
  long long bytes = 0;
  if (kind != PHS_IMPORT_POINTS) { /* a count keeps no provenance */
    st = file_sha256(path, res->sha256, &bytes, d);
    if (st) return st;
  }
  if (s && kind != PHS_IMPORT_POINTS) {
    /* asked again under the write lock (write_all); here it saves the
    ** validation */
    long long dup = 0;
    st = find_refiling(s, kind, o->operator_code, res->sha256, path, &dup, d);
    if (st) return st;
    if (dup) return report_refiling(res, path, dup, d);
  }

  /* A coverage filing may be a raster: claims_raster.c reads it. */
  if (kind == PHS_IMPORT_COVERAGE && claims_raster_detect(path))
    return claims_raster_import(s, path, o, j.tech, bytes, res, d);
  st = reader_open(&j.r, path, o, d);
  /* a GeoPackage is read once, whole (untrusted.c): those bytes are the
  ** ones hashed above, or the file changed in between */
  if (st == PHS_OK && j.r.sha256[0] && kind != PHS_IMPORT_POINTS &&
      strcmp(j.r.sha256, res->sha256) != 0)
    st = phs_diag_error(d, PHS_EINPUT,
                        "%s: the file changed while it was imported;"
                        " nothing imported",
                        path);
  if (st == PHS_OK) st = resolve_columns(&j, d);
  if (st == PHS_OK) st = resolve_crs(&j, d);
  if (st) goto out;
  detect_decimal_comma(&j, d);
  int has_points = kind == PHS_IMPORT_SITES || kind == PHS_IMPORT_POINTS ||
                   (kind == PHS_IMPORT_HOUSEHOLDS && j.points);
  if (s && has_points) {
    st = area_check_load(s, &j.area, d);
    if (st) goto out;
  }
  if (kind == PHS_IMPORT_POINTS) {
    if (j.area.n == 0) {
      st = phs_diag_error(d, PHS_ERUNTIME,
                          "no commune polygons in the store: import them"
                          " first ('phusong import communes STORE FILE')");
      goto out;
    }
    j.area.count = calloc((size_t)j.area.n, sizeof(long long));
    if (j.area.count == NULL) {
      st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
      goto out;
    }
  }

  /* Pass 1: validate everything (plain household CSV: the fast lane).
  ** It is the first half of the progress line when pass 2 writes. */
  int status = PHS_OK;
  int writes = s && !o->dry_run && kind != PHS_IMPORT_POINTS;
  phs_progress_stage(0, writes ? 0.5 : 1, pass_units(&j));
  if (fast_lane_fits(&j)) {
    st = fast_pass1(&j, d);
    if (st == CSV_SCAN_DECLINED) {
      st = reader_rewind(&j.r, d);
      phs_progress_stage(0, writes ? 0.5 : 1, pass_units(&j));
    }
    if (st) goto out;
  }
  while (!j.fast && reader_next(&j.r, d, &status) == 1) {
    j.rows_in++;
    if (check_record(&j, d, &r) == 0) {
      j.rows_ok++;
      if (r.has_xy) area_check_point(&j.area, r.lon, r.lat, j.r.row);
      if (writes && kind == PHS_IMPORT_SITES &&
          (keep_site_row(&j, &r) ||
           (r.has_xy &&
            store_site_points_add(&j.sites, r.lon, r.lat, 0, NULL, r.id)))) {
        st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
        goto out;
      }
    }
    st = reader_tick(&j, j.rows_in, d);
    if (st) goto out; /* Ctrl-C: nothing written yet */
  }
  if (!j.fast && status == PHS_OK) {
    st = reader_tick(&j, -1, d);
    if (st) goto out;
  }
  st = check_area(&j, path, st, d);
  if (status != PHS_OK && st == PHS_OK) st = status;
  if (d->status != PHS_OK && st == PHS_OK) st = d->status;
  if (st == PHS_OK && j.rows_in == 0)
    st = phs_diag_error(d, PHS_EINPUT,
                        "%s: no data rows (only a header, or only blank"
                        " lines: an empty export?)",
                        path);
  int grouped = report_duplicates(&j, d);
  if (grouped && st == PHS_OK) st = grouped;
  grouped = report_locations(&j, d);
  if (grouped && st == PHS_OK) st = grouped;
  /* B1: the whole file fits Vietnam with the axes the other way round. */
  if (st != PHS_OK && j.rows_in > 0 && j.n_fit_swapped == j.rows_in)
    phs_diag_error(d, PHS_EINPUT,
                   "%s: every point lies in Vietnam with longitude and"
                   " latitude swapped: %s",
                   path,
                   phs_tr(o->swap_xy ? "drop --swap-xy" : "pass --swap-xy"));
  char pair[160];
  if (j.n_coarse)
    phs_diag_warn(d,
                  "%s:%ld: field '%s': %ld rows have coordinates with fewer"
                  " than 4 decimals (worse than about 11 m); kept as given",
                  path, j.first_coarse, point_field(&j, pair, sizeof(pair)),
                  j.n_coarse);
  if (j.n_no_geom && st == PHS_OK)
    phs_diag_warn(d,
                  "%s:%ld: field '%s': %ld rows without coordinates kept"
                  " as sites without a location (--allow-missing-geometry);"
                  " they count in no coverage",
                  path, j.first_no_geom, j.no_geom_field, j.n_no_geom);
  if (j.n_dms > 3)
    phs_diag_warn(d, "%s: %ld coordinates in all were read as degrees,"
                  " minutes, seconds",
                  path, j.n_dms);
  if (j.n_synonym > 1)
    phs_diag_warn(d, "%s: %ld technology values in all were synonyms (LTE,"
                  " NR)",
                  path, j.n_synonym);
  if (j.n_dropped_z)
    phs_diag_warn(d, "%s:feature %ld: field 'geometry': %ld points had a Z"
                  " coordinate (altitude); dropped, sites are 2D (antenna"
                  " height is an attribute: height_m)",
                  path, j.first_z, j.n_dropped_z);
  if (j.n_not_point) { /* E3: one line listing them after the details */
    char rows[96] = "";
    size_t at = 0;
    for (long k = 0; k < j.n_not_point && k < 5; k++)
      at += (size_t)snprintf(rows + at, sizeof(rows) - at, "%s%ld",
                             k ? ", " : "", j.not_point_rows[k]);
    phs_diag_error(d, PHS_EINPUT,
                   "%s: %ld features are not points (features %s%s): a"
                   " layer of mixed geometry types; sites must be Point",
                   path, j.n_not_point, rows,
                   j.n_not_point > 5 ? ", ..." : "");
  }
  res->rows_in = j.rows_in;
  if (st) goto out;

  res->rows_accepted = j.rows_ok;
  res->warnings = d->n_warnings_total - warnings_before;
  if (kind == PHS_IMPORT_POINTS) { /* the counts move to the caller */
    counts->n = j.area.n;
    counts->codes = j.area.codes;
    counts->names = j.area.names;
    counts->points = j.area.count;
    counts->total = j.rows_ok;
    counts->outside = j.area.n_out;
    for (int k = 0; k < j.area.n; k++) {
      phs_mpoly_free(&j.area.polys[k]);
    }
    j.area.n = 0;
    j.area.codes = j.area.names = NULL;
    j.area.count = NULL;
    goto out;
  }
  if (s && !o->dry_run) {
    /* Shared towers: found before the write lock is taken, reported with
    ** the filing once it is known not to be a duplicate. */
    char *shared = NULL;
    if (kind == PHS_IMPORT_SITES)
      st = store_shared_sites_find(s, o->operator_code, &j.sites,
                                   o->share_distance_m, &shared, d);
    char *wt = store_warning_text(d, kept_before);
    if (st == PHS_OK)
      st = write_all(&j, s, res->sha256, bytes, res->warnings, wt, shared,
                     res, d);
    free(wt);
    free(shared);
  }
out:
  phs_progress_end(st == PHS_OK);
  area_check_free(&j.area);
  store_site_points_free(&j.sites);
  for (long i = 0; i < j.n_site_rows; i++) {
    free(j.site_rows[i].id);
    free(j.site_rows[i].name);
  }
  free(j.site_rows);
  phs_mpoly_free(&r.poly);
  reader_close(&j.r);
  strset_free(&j.ids);
  dupes_free(&j.dups);
  free(j.locs.v);
  dupes_free(&j.loc_dups);
  free(j.indicator_cols);
  free(j.src_crs);
  phs_crs_transform_free(j.to_ll);
  return st;
}

int phs_import(phs_store *s, phs_import_kind kind, const char *path,
               const phs_import_opts *o, phs_import_result *res,
               phs_diag *d) {
  if (kind == PHS_IMPORT_POINTS)
    return phs_diag_error(d, PHS_EUSAGE,
                          "points are counted (phs_count_points), not"
                          " imported");
  return import_file(s, kind, path, o, res, NULL, d);
}

int phs_count_points(phs_store *s, const char *path, const phs_import_opts *o,
                     phs_point_counts *out, phs_diag *d) {
  memset(out, 0, sizeof(*out));
  phs_import_result res;
  int st = import_file(s, PHS_IMPORT_POINTS, path, o, &res, out, d);
  if (st) phs_point_counts_free(out);
  return st;
}

void phs_point_counts_free(phs_point_counts *c) {
  for (int k = 0; k < c->n; k++) {
    free(c->codes[k]);
    free(c->names[k]);
  }
  free(c->codes);
  free(c->names);
  free(c->points);
  memset(c, 0, sizeof(*c));
}
