/*
** history.c: reading the store's filings back as a history (issue 5,
** docs/submissions.md): the list of submissions with what superseded
** what, and the diff of two site filings of an operator: sites added,
** removed, moved (geodesic distance) and changed, and each commune's site
** count per technology before and after. Only reads the store.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data_int.h"

static char *col_dup(sqlite3_stmt *st, int i) {
  const char *t = (const char *)sqlite3_column_text(st, i);
  return strdup(t ? t : "");
}

/* --------------------------------------------------------- the list */

void phs_submission_infos_free(phs_submission_info *v, long n) {
  for (long i = 0; v && i < n; i++) {
    phs_submission_info *e = &v[i];
    free(e->kind);
    free(e->operator_code);
    free(e->techs);
    free(e->submitter);
    free(e->submitted_at);
    free(e->source_name);
    free(e->sha256);
    free(e->status);
    free(e->superseded_by);
    free(e->superseded_at);
    free(e->raw);
  }
  free(v);
}

int phs_submissions_list(phs_store *s, const char *operator_code,
                         const char *kind, phs_submission_info **out,
                         long *n, phs_diag *d) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *q = NULL;
  int st = store_prepare(
      s,
      "SELECT s.id, s.kind, coalesce(s.operator_code, ''),"
      " coalesce((SELECT group_concat(tech, ',') FROM (SELECT tech FROM"
      " site_filing WHERE submission_id = s.id ORDER BY tech)), s.tech,"
      " ''), coalesce(s.submitter, ''), s.submitted_at_utc, s.source_name,"
      " s.source_sha256, s.rows_in, s.rows_accepted, s.warnings, s.status,"
      " s.superseded_by, coalesce(s.superseded_at_utc, ''),"
      /* per technology, for a site file: "4G #12; 5G #14" */
      " (SELECT group_concat(tech || ' #' || superseded_by, '; ') FROM"
      " (SELECT tech, superseded_by FROM site_filing WHERE submission_id ="
      " s.id AND superseded_by IS NOT NULL ORDER BY tech)),"
      " (SELECT count(DISTINCT superseded_by) FROM site_filing WHERE"
      " submission_id = s.id AND superseded_by IS NOT NULL),"
      " (SELECT count(*) FROM site_filing WHERE submission_id = s.id AND"
      " superseded_by IS NULL),"
      " (SELECT count(*) FROM submission_file WHERE submission_id = s.id),"
      " (SELECT min(kept) FROM submission_file WHERE submission_id = s.id)"
      " FROM submission s WHERE (?1 IS NULL OR s.operator_code = ?1) AND"
      " (?2 IS NULL OR s.kind = ?2) ORDER BY s.id",
      &q, d);
  if (st) return st;
  store_bind_text_or_null(q, 1, operator_code);
  store_bind_text_or_null(q, 2, kind);
  long cap = 0;
  while (sqlite3_step(q) == SQLITE_ROW) {
    if (*n == cap) {
      cap = cap ? cap * 2 : 32;
      phs_submission_info *g = realloc(*out, sizeof(*g) * (size_t)cap);
      if (g == NULL) {
        st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
        break;
      }
      *out = g;
    }
    phs_submission_info *e = &(*out)[(*n)++];
    memset(e, 0, sizeof(*e));
    e->id = sqlite3_column_int64(q, 0);
    e->kind = col_dup(q, 1);
    e->operator_code = col_dup(q, 2);
    e->techs = col_dup(q, 3);
    e->submitter = col_dup(q, 4);
    e->submitted_at = col_dup(q, 5);
    e->source_name = col_dup(q, 6);
    e->sha256 = col_dup(q, 7);
    e->rows_in = sqlite3_column_int64(q, 8);
    e->rows_accepted = sqlite3_column_int64(q, 9);
    e->warnings = sqlite3_column_int64(q, 10);
    int per_tech_by = sqlite3_column_int(q, 15);
    int in_force = sqlite3_column_int(q, 16);
    int superseded = strcmp((const char *)sqlite3_column_text(q, 11),
                            "superseded") == 0;
    e->status = strdup(superseded ? "superseded"
                       : per_tech_by > 0 && in_force > 0
                           ? "partly superseded"
                           : "current");
    /* One filing ended it: "#N"; a site file whose technologies went
    ** separately: each with its own. */
    if (per_tech_by > 1 || (per_tech_by == 1 && in_force > 0))
      e->superseded_by = col_dup(q, 14);
    else if (sqlite3_column_type(q, 12) != SQLITE_NULL)
      e->superseded_by =
          phs_strdup_printf("#%lld", sqlite3_column_int64(q, 12));
    else
      e->superseded_by = strdup("");
    e->superseded_at = col_dup(q, 13);
    int files = sqlite3_column_int(q, 17);
    e->raw = files == 0 ? strdup("none")
             : sqlite3_column_int(q, 18) == 1
                 ? phs_strdup_printf("kept (%d file%s)", files,
                                     files == 1 ? "" : "s")
                 : strdup("not kept");
  }
  sqlite3_finalize(q);
  if (st) {
    phs_submission_infos_free(*out, *n);
    *out = NULL;
    *n = 0;
  }
  return st;
}

/* --------------------------------------------------------- the diff */

/* Attributes compared, as in the site table. */
static const char *const DIFF_ATTRS[] = {
    "name",         "band_mhz",      "radius_m",       "azimuth_deg",
    "beamwidth_deg", "tilt_deg",     "height_m",       "eirp_dbm",
    "tilt_mech_deg", "tx_power_dbm", "antenna_gain_dbi", "feeder_loss_db"};
#define N_DIFF_ATTRS ((int)(sizeof(DIFF_ATTRS) / sizeof(DIFF_ATTRS[0])))

/* A site row of one side. */
typedef struct diff_site {
  char *id, *tech;
  double lon, lat;              /* NaN without a location */
  char *attr[N_DIFF_ATTRS];     /* as text, "" when NULL */
} diff_site;

typedef struct diff_side {
  diff_site *v;
  long n;
} diff_side;

static void side_free(diff_side *s) {
  for (long i = 0; i < s->n; i++) {
    free(s->v[i].id);
    free(s->v[i].tech);
    for (int a = 0; a < N_DIFF_ATTRS; a++) free(s->v[i].attr[a]);
  }
  free(s->v);
  memset(s, 0, sizeof(*s));
}

/*
** The sites of the filings in ids (n of them) whose technology is in the
** comma list techs, sorted by site ID (the latest filing's row when two
** filings hold one ID). With ended_by, only the rows of the technologies
** that filing ended (site_filing): what was in force just before it.
*/
static int side_load(phs_store *s, const long long *ids, int n,
                     const char *techs, long long ended_by, diff_side *out,
                     phs_diag *d) {
  memset(out, 0, sizeof(*out));
  phs_buf sql;
  phs_buf_init(&sql);
  phs_buf_puts(&sql, "SELECT site_id, tech, lon, lat");
  for (int a = 0; a < N_DIFF_ATTRS; a++)
    phs_buf_printf(&sql, ", %s", DIFF_ATTRS[a]);
  phs_buf_puts(&sql, " FROM site t WHERE submission_id IN (");
  for (int i = 0; i < n; i++) phs_buf_printf(&sql, "%s%lld", i ? "," : "", ids[i]);
  phs_buf_puts(&sql, ") AND instr(',' || ?1 || ',', ',' || tech || ',') > 0");
  if (ended_by)
    phs_buf_printf(&sql, " AND EXISTS (SELECT 1 FROM site_filing f WHERE"
                         " f.submission_id = t.submission_id AND f.tech ="
                         " t.tech AND f.superseded_by = %lld)",
                   ended_by);
  phs_buf_puts(&sql, " ORDER BY site_id, submission_id DESC");
  if (sql.oom) {
    phs_buf_free(&sql);
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  sqlite3_stmt *q = NULL;
  int st = n > 0 ? store_prepare(s, sql.data, &q, d) : PHS_OK;
  phs_buf_free(&sql);
  if (st || n == 0) return st;
  sqlite3_bind_text(q, 1, techs, -1, SQLITE_STATIC);
  long cap = 0;
  while (sqlite3_step(q) == SQLITE_ROW) {
    const char *id = (const char *)sqlite3_column_text(q, 0);
    if (out->n > 0 && strcmp(out->v[out->n - 1].id, id) == 0) continue;
    if (out->n == cap) {
      cap = cap ? cap * 2 : 256;
      diff_site *g = realloc(out->v, sizeof(*g) * (size_t)cap);
      if (g == NULL) {
        st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
        break;
      }
      out->v = g;
    }
    diff_site *e = &out->v[out->n++];
    e->id = col_dup(q, 0);
    e->tech = col_dup(q, 1);
    e->lon = sqlite3_column_type(q, 2) == SQLITE_NULL
                 ? NAN
                 : sqlite3_column_double(q, 2);
    e->lat = sqlite3_column_type(q, 3) == SQLITE_NULL
                 ? NAN
                 : sqlite3_column_double(q, 3);
    for (int a = 0; a < N_DIFF_ATTRS; a++) e->attr[a] = col_dup(q, 4 + a);
  }
  sqlite3_finalize(q);
  return st;
}

void phs_sites_diff_free(phs_sites_diff *df) {
  for (long i = 0; i < df->n_changes; i++) {
    free(df->changes[i].site_id);
    free(df->changes[i].tech);
    free(df->changes[i].changes);
  }
  free(df->changes);
  for (long i = 0; i < df->n_communes; i++) {
    free(df->communes[i].code);
    free(df->communes[i].name);
    free(df->communes[i].tech);
  }
  free(df->communes);
  for (long i = 0; i < df->n_figures; i++) {
    free(df->figures[i].code);
    free(df->figures[i].name);
    free(df->figures[i].metric);
  }
  free(df->figures);
  free(df->techs);
  memset(df, 0, sizeof(*df));
}

static phs_site_change *change_add(phs_sites_diff *df, long *cap) {
  if (df->n_changes == *cap) {
    *cap = *cap ? *cap * 2 : 64;
    phs_site_change *g = realloc(df->changes, sizeof(*g) * (size_t)*cap);
    if (g == NULL) return NULL;
    df->changes = g;
  }
  phs_site_change *c = &df->changes[df->n_changes++];
  memset(c, 0, sizeof(*c));
  c->lon0 = c->lat0 = c->lon1 = c->lat1 = c->moved_m = NAN;
  return c;
}

static int kind_rank(char k) {
  return k == 'A' ? 0 : k == 'R' ? 1 : k == 'M' ? 2 : 3;
}

static int cmp_change(const void *a, const void *b) {
  const phs_site_change *x = a, *y = b;
  int r = kind_rank(x->kind) - kind_rank(y->kind);
  return r ? r : strcmp(x->site_id, y->site_id);
}

/* Check that id is a site filing of op. */
static int check_filing(phs_store *s, long long id, const char *op,
                        phs_diag *d) {
  sqlite3_stmt *q = NULL;
  int st = store_prepare(s,
                         "SELECT kind, coalesce(operator_code, '') FROM"
                         " submission WHERE id = ?",
                         &q, d);
  if (st) return st;
  sqlite3_bind_int64(q, 1, id);
  if (sqlite3_step(q) != SQLITE_ROW)
    st = phs_diag_error(d, PHS_EUSAGE, "%s: no submission #%lld", s->path,
                        id);
  else if (strcmp((const char *)sqlite3_column_text(q, 0), "sites") != 0 ||
           strcmp((const char *)sqlite3_column_text(q, 1), op) != 0)
    st = phs_diag_error(d, PHS_EUSAGE,
                        "submission #%lld is a %s filing of '%s', not a site"
                        " filing of %s",
                        id, sqlite3_column_text(q, 0),
                        sqlite3_column_text(q, 1), op);
  sqlite3_finalize(q);
  return st;
}

/* Count per commune and technology: before (side 0) and after (1). */
static int commune_deltas(phs_store *s, const diff_side *from,
                          const diff_side *to, phs_sites_diff *df,
                          phs_diag *d) {
  area_check ac;
  int st = area_check_load(s, &ac, d);
  if (st) return st;
  /* counts[(k + 1) * 4 + tech * 2 + side]; k = -1: in no commune */
  long *counts = calloc((size_t)(ac.n + 1) * 4, sizeof(long));
  if (counts == NULL) {
    area_check_free(&ac);
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  const diff_side *sides[2] = {from, to};
  for (int sd = 0; sd < 2; sd++)
    for (long i = 0; i < sides[sd]->n; i++) {
      const diff_site *e = &sides[sd]->v[i];
      if (isnan(e->lon)) continue;
      int k = ac.ix ? phs_pip_index_find(ac.ix, e->lon, e->lat) : -1;
      int t = strcmp(e->tech, "5G") == 0;
      counts[(size_t)(k + 1) * 4 + (size_t)t * 2 + (size_t)sd]++;
    }
  long cap = 0;
  for (int k = -1; k < ac.n && st == PHS_OK; k++)
    for (int t = 0; t < 2; t++) {
      long b = counts[(size_t)(k + 1) * 4 + (size_t)t * 2];
      long a = counts[(size_t)(k + 1) * 4 + (size_t)t * 2 + 1];
      if (a == b) continue;
      if (df->n_communes == cap) {
        cap = cap ? cap * 2 : 32;
        phs_commune_sites_delta *g =
            realloc(df->communes, sizeof(*g) * (size_t)cap);
        if (g == NULL) {
          st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
          break;
        }
        df->communes = g;
      }
      phs_commune_sites_delta *c = &df->communes[df->n_communes++];
      c->code = strdup(k < 0 ? "" : ac.codes[k]);
      c->name = strdup(k < 0 ? "(in no commune)" : ac.names[k]);
      c->tech = strdup(t ? "5G" : "4G");
      c->before = b;
      c->after = a;
    }
  free(counts);
  area_check_free(&ac);
  return st;
}

/* The latest finished run whose inputs hold every id of want (n of them)
** and not avoid (0: none); 0 when there is none. */
static long long run_reading(phs_store *s, const long long *want, int n,
                             long long avoid) {
  phs_buf sql;
  phs_buf_init(&sql);
  phs_buf_puts(&sql, "SELECT max(r.id) FROM analysis_run r WHERE"
                     " r.finished_at_utc IS NOT NULL");
  for (int i = 0; i < n; i++)
    phs_buf_printf(&sql, " AND EXISTS (SELECT 1 FROM json_each(r.inputs) j"
                         " WHERE json_extract(j.value, '$.submission_id') ="
                         " %lld)",
                   want[i]);
  if (avoid)
    phs_buf_printf(&sql, " AND NOT EXISTS (SELECT 1 FROM json_each(r.inputs)"
                         " j WHERE json_extract(j.value, '$.submission_id') ="
                         " %lld)",
                   avoid);
  long long id = 0;
  sqlite3_stmt *q = NULL;
  if (!sql.oom &&
      sqlite3_prepare_v2(s->db, sql.data, -1, &q, NULL) == SQLITE_OK &&
      sqlite3_step(q) == SQLITE_ROW)
    id = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  phs_buf_free(&sql);
  return id;
}

static double col_num(sqlite3_stmt *q, int i) {
  return sqlite3_column_type(q, i) == SQLITE_NULL ? NAN
                                                  : sqlite3_column_double(q, i);
}

/* The figures of the compared technologies that differ between the two
** runs, per commune: sites (counts), coverage of any operator and of op
** (percentages). */
static int figure_deltas(phs_store *s, const char *op, phs_sites_diff *df,
                         phs_diag *d) {
  if (df->n_from == 0) return PHS_OK;
  df->run_before = run_reading(s, df->from_ids, df->n_from, df->to_id);
  df->run_after = run_reading(s, &df->to_id, 1, 0);
  if (df->run_before == 0 || df->run_after == 0) return PHS_OK;
  /* The metric keys, as a JSON array for json_each. */
  char *lop = strdup(op);
  if (lop == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  for (char *p = lop; *p; p++)
    if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
  phs_buf keys;
  phs_buf_init(&keys);
  phs_buf_puts(&keys, "[");
  for (int t = 0; t < 2; t++) {
    const char *k = t ? "4g" : "5g";
    if (!strstr(df->techs, t ? "4G" : "5G")) continue;
    phs_buf_printf(&keys,
                   "%s\"sites_%s\",\"sites_shared_%s\","
                   "\"coverage_%s_households\",\"coverage_%s_area\","
                   "\"coverage_%s_population\",\"coverage_%s_households_%s\","
                   "\"coverage_%s_area_%s\"",
                   keys.len > 1 ? "," : "", k, k, k, k, k, k, lop, k, lop);
  }
  phs_buf_puts(&keys, "]");
  free(lop);
  sqlite3_stmt *q = NULL;
  int st = keys.oom ? phs_diag_error(d, PHS_ERUNTIME, "out of memory")
                    : store_prepare(
                          s,
                          "SELECT a.area_code, a.area_name, a.metric,"
                          " a.numerator, a.pct, b.numerator, b.pct FROM result"
                          " a JOIN result b ON b.run_id = ?2 AND b.level ="
                          " 'commune' AND b.area_code = a.area_code AND"
                          " b.metric = a.metric WHERE a.run_id = ?1 AND"
                          " a.level = 'commune' AND a.metric IN (SELECT value"
                          " FROM json_each(?3)) AND (a.numerator IS NOT"
                          " b.numerator OR a.pct IS NOT b.pct) ORDER BY"
                          " a.area_code, a.seq",
                          &q, d);
  if (st) {
    phs_buf_free(&keys);
    return st;
  }
  sqlite3_bind_int64(q, 1, df->run_before);
  sqlite3_bind_int64(q, 2, df->run_after);
  sqlite3_bind_text(q, 3, keys.data, -1, SQLITE_STATIC);
  long cap = 0;
  while (sqlite3_step(q) == SQLITE_ROW) {
    if (df->n_figures == cap) {
      cap = cap ? cap * 2 : 64;
      phs_commune_figure_delta *g =
          realloc(df->figures, sizeof(*g) * (size_t)cap);
      if (g == NULL) {
        st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
        break;
      }
      df->figures = g;
    }
    phs_commune_figure_delta *f = &df->figures[df->n_figures++];
    f->code = col_dup(q, 0);
    f->name = col_dup(q, 1);
    f->metric = col_dup(q, 2);
    int count = strncmp(f->metric, "sites_", 6) == 0;
    f->before = col_num(q, count ? 3 : 4);
    f->after = col_num(q, count ? 5 : 6);
  }
  sqlite3_finalize(q);
  phs_buf_free(&keys);
  return st;
}

int phs_sites_diff_compute(phs_store *s, const char *op, const char *tech,
                           long long from_id, long long to_id,
                           phs_sites_diff *df, phs_diag *d) {
  memset(df, 0, sizeof(*df));
  sqlite3_stmt *q = NULL;
  int st = PHS_OK;
  if (to_id == 0) {
    /* The operator's latest site filing (of that technology). */
    st = store_prepare(s,
                       "SELECT max(s.id) FROM submission s WHERE s.kind ="
                       " 'sites' AND s.operator_code = ?1 AND (?2 IS NULL"
                       " OR EXISTS (SELECT 1 FROM site_filing f WHERE"
                       " f.submission_id = s.id AND f.tech = ?2))",
                       &q, d);
    if (st) return st;
    sqlite3_bind_text(q, 1, op, -1, SQLITE_STATIC);
    store_bind_text_or_null(q, 2, tech);
    if (sqlite3_step(q) == SQLITE_ROW) to_id = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    if (to_id == 0)
      return phs_diag_error(d, PHS_EUSAGE, "%s: no site filing of %s%s%s",
                            s->path, op, tech ? phs_tr(" with ") : "",
                            tech ? tech : "");
  } else {
    st = check_filing(s, to_id, op, d);
    if (st == PHS_OK && from_id) st = check_filing(s, from_id, op, d);
    if (st) return st;
  }
  df->to_id = to_id;
  /* The technologies compared: those the newer filing holds. */
  st = store_prepare(s,
                     "SELECT group_concat(tech, ',') FROM (SELECT tech FROM"
                     " site_filing WHERE submission_id = ?1 AND (?2 IS NULL"
                     " OR tech = ?2) ORDER BY tech)",
                     &q, d);
  if (st) return st;
  sqlite3_bind_int64(q, 1, to_id);
  store_bind_text_or_null(q, 2, tech);
  if (sqlite3_step(q) == SQLITE_ROW) df->techs = col_dup(q, 0);
  sqlite3_finalize(q);
  if (df->techs == NULL || !df->techs[0]) {
    phs_sites_diff_free(df);
    return phs_diag_error(d, PHS_EUSAGE, "submission #%lld holds no %s sites",
                          to_id, tech ? tech : "");
  }
  if (from_id) {
    df->from_ids[df->n_from++] = from_id;
  } else {
    /* The filing(s) whose sites of these technologies it superseded. */
    st = store_prepare(s,
                       "SELECT DISTINCT submission_id FROM site_filing WHERE"
                       " superseded_by = ?1 AND instr(',' || ?2 || ',', ','"
                       " || tech || ',') > 0 ORDER BY 1",
                       &q, d);
    if (st) {
      phs_sites_diff_free(df);
      return st;
    }
    sqlite3_bind_int64(q, 1, to_id);
    sqlite3_bind_text(q, 2, df->techs, -1, SQLITE_STATIC);
    while (sqlite3_step(q) == SQLITE_ROW && df->n_from < 8)
      df->from_ids[df->n_from++] = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
  }
  diff_side a, b;
  memset(&a, 0, sizeof(a));
  memset(&b, 0, sizeof(b));
  st = side_load(s, df->from_ids, df->n_from, df->techs,
                 from_id ? 0 : df->to_id, &a, d);
  if (st == PHS_OK) st = side_load(s, &df->to_id, 1, df->techs, 0, &b, d);
  /* Merge the two sorted lists by site ID. */
  long i = 0, k = 0, cap = 0;
  while (st == PHS_OK && (i < a.n || k < b.n)) {
    int c = i >= a.n ? 1 : k >= b.n ? -1 : strcmp(a.v[i].id, b.v[k].id);
    if (c == 0) {
      const diff_site *x = &a.v[i++], *y = &b.v[k++];
      phs_buf ch;
      phs_buf_init(&ch);
      if (strcmp(x->tech, y->tech) != 0)
        phs_buf_printf(&ch, "tech %s -> %s", x->tech, y->tech);
      for (int t = 0; t < N_DIFF_ATTRS; t++)
        if (strcmp(x->attr[t], y->attr[t]) != 0)
          phs_buf_printf(&ch, "%s%s %s -> %s", ch.len ? "; " : "",
                         DIFF_ATTRS[t], x->attr[t][0] ? x->attr[t] : "(none)",
                         y->attr[t][0] ? y->attr[t] : "(none)");
      int moved = !(x->lon == y->lon && x->lat == y->lat) &&
                  !(isnan(x->lon) && isnan(y->lon));
      if (!moved && ch.len == 0) {
        df->n_unchanged++;
        phs_buf_free(&ch);
        continue;
      }
      phs_site_change *e = change_add(df, &cap);
      if (e == NULL || ch.oom) {
        phs_buf_free(&ch);
        st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
        break;
      }
      e->kind = moved ? 'M' : 'C';
      e->site_id = strdup(y->id);
      e->tech = strdup(y->tech);
      e->lon0 = x->lon;
      e->lat0 = x->lat;
      e->lon1 = y->lon;
      e->lat1 = y->lat;
      if (moved && !isnan(x->lon) && !isnan(y->lon))
        e->moved_m = phs_geodesic_distance_m(x->lon, x->lat, y->lon, y->lat);
      e->changes = ch.data ? ch.data : strdup("");
      if (moved) df->n_moved++;
      else df->n_changed++;
    } else {
      const diff_site *x = c < 0 ? &a.v[i++] : &b.v[k++];
      phs_site_change *e = change_add(df, &cap);
      if (e == NULL) {
        st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
        break;
      }
      e->kind = c < 0 ? 'R' : 'A';
      e->site_id = strdup(x->id);
      e->tech = strdup(x->tech);
      e->changes = strdup("");
      if (c < 0) {
        e->lon0 = x->lon;
        e->lat0 = x->lat;
        df->n_removed++;
      } else {
        e->lon1 = x->lon;
        e->lat1 = x->lat;
        df->n_added++;
      }
    }
  }
  if (st == PHS_OK && df->n_changes > 1)
    qsort(df->changes, (size_t)df->n_changes, sizeof(*df->changes),
          cmp_change);
  if (st == PHS_OK) st = commune_deltas(s, &a, &b, df, d);
  if (st == PHS_OK) st = figure_deltas(s, op, df, d);
  side_free(&a);
  side_free(&b);
  if (st) phs_sites_diff_free(df);
  return st;
}
