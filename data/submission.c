/*
** submission.c: the provenance row every import writes, in one place.
** import.c (record files) and claims_raster.c (coverage rasters) both open
** their write transaction with store_begin_write, write the submission row
** with store_submission_write (operator, supersede, the row itself), then
** their data rows, then COMMIT; on any failure they ROLLBACK, so the store
** either holds the whole submission or is unchanged. Keeping the row in
** one function keeps the provenance of both paths from drifting apart.
** See data_int.h for the conventions shared by the data/ files.
*/
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "data_int.h"
#include "phs_progress.h"

const char store_claim_insert_sql[] =
    "INSERT INTO claimed_coverage(submission_id, operator_code, tech,"
    " source_row, geom) VALUES(?,?,?,?,"
    " CastToMultiPolygon(GeomFromWKB(?, 4326)))";

void store_bind_text_or_null(sqlite3_stmt *st, int i, const char *s) {
  if (s && *s)
    sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(st, i);
}

char *store_warning_text(const phs_diag *d, int first) {
  if (first >= d->n_warnings) return NULL;
  phs_buf b;
  phs_buf_init(&b);
  for (int i = first; i < d->n_warnings; i++)
    phs_buf_printf(&b, "%s\n", d->warnings[i]);
  if (b.oom) {
    phs_buf_free(&b);
    return NULL;
  }
  return b.data;
}

/* One statement with its text parameters bound, stepped, finalized. */
static int exec_bound(phs_store *s, const char *sql, const char *p1,
                      const char *p2, const char *p3, phs_diag *d) {
  sqlite3_stmt *q = NULL;
  int st = store_prepare(s, sql, &q, d);
  if (st) return st;
  store_bind_text_or_null(q, 1, p1);
  store_bind_text_or_null(q, 2, p2);
  store_bind_text_or_null(q, 3, p3);
  if (sqlite3_step(q) != SQLITE_DONE)
    st = store_sqlite_error(s, sqlite3_errcode(s->db), d);
  sqlite3_finalize(q);
  return st;
}

/* The same with five text parameters. */
static int exec_bound5(phs_store *s, const char *sql, const char *p1,
                       const char *p2, const char *p3, const char *p4,
                       const char *p5, phs_diag *d) {
  sqlite3_stmt *q = NULL;
  int st = store_prepare(s, sql, &q, d);
  if (st) return st;
  const char *p[5] = {p1, p2, p3, p4, p5};
  for (int i = 0; i < 5; i++)
    if (p[i]) sqlite3_bind_text(q, i + 1, p[i], -1, SQLITE_TRANSIENT);
  if (sqlite3_step(q) != SQLITE_DONE)
    st = store_sqlite_error(s, sqlite3_errcode(s->db), d);
  sqlite3_finalize(q);
  return st;
}

int store_submission_write(phs_store *s, const store_submission *sub,
                           long long *sub_id, phs_diag *d) {
  int st = PHS_OK;
  if (sub->operator_code)
    st = exec_bound(s, "INSERT OR IGNORE INTO operator(code) VALUES(?1)",
                    sub->operator_code, NULL, NULL, d);
  if (st) return st;
  char now[32];
  store_now_utc(now, sizeof(now));
  sqlite3_stmt *q = NULL;
  st = store_prepare(
      s,
      "INSERT INTO submission(kind, operator_code, submitter,"
      " submitted_at_utc, source_name, source_sha256, source_bytes, format,"
      " mode, encoding, crs_declared, crs_used, rows_in, rows_accepted,"
      " warnings, warning_text, tool_version, gdal_version, proj_version,"
      " tech, source_detail)"
      " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      &q, d);
  if (st) return st;
  const char *base = strrchr(sub->source_path, '/');
  sqlite3_bind_text(q, 1, sub->kind, -1, SQLITE_STATIC);
  store_bind_text_or_null(q, 2, sub->operator_code);
  store_bind_text_or_null(q, 3, sub->submitter);
  sqlite3_bind_text(q, 4, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(q, 5, base ? base + 1 : sub->source_path, -1,
                    SQLITE_STATIC);
  sqlite3_bind_text(q, 6, sub->sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 7, sub->bytes);
  store_bind_text_or_null(q, 8, sub->format);
  store_bind_text_or_null(q, 9, sub->mode);
  store_bind_text_or_null(q, 10, sub->encoding);
  store_bind_text_or_null(q, 11, sub->crs_declared);
  store_bind_text_or_null(q, 12, sub->crs_used);
  sqlite3_bind_int64(q, 13, sub->rows_in);
  sqlite3_bind_int64(q, 14, sub->rows_accepted);
  sqlite3_bind_int64(q, 15, sub->warnings);
  store_bind_text_or_null(q, 16, sub->warning_text);
  sqlite3_bind_text(q, 17, PHS_VERSION, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 18, phs_gdal_version(), -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 19, phs_proj_version(), -1, SQLITE_STATIC);
  store_bind_text_or_null(q, 20, sub->tech);
  store_bind_text_or_null(q, 21, sub->source_detail);
  if (sqlite3_step(q) != SQLITE_DONE)
    st = store_sqlite_error(s, sqlite3_errcode(s->db), d);
  else
    *sub_id = sqlite3_last_insert_rowid(s->db);
  sqlite3_finalize(q);
  /* Supersede the previous filing of the same kind, operator and mode
  ** (households: points/counts; coverage: the technology, so a 5G filing
  ** supersedes the operator's previous 5G one only), noting when and by
  ** which filing, so an analysis can run as of a date. A site file is
  ** superseded per technology once its rows are in: store_sites_supersede. */
  if (st == PHS_OK && sub->supersede && strcmp(sub->kind, "sites") != 0) {
    char id[32];
    snprintf(id, sizeof(id), "%lld", *sub_id);
    st = exec_bound5(s,
                     "UPDATE submission SET status = 'superseded',"
                     " superseded_at_utc = ?4, superseded_by = CAST(?5 AS"
                     " INTEGER) WHERE kind = ?1 AND status = 'current' AND"
                     " coalesce(operator_code,'') = coalesce(?2,'') AND"
                     " coalesce(mode,'') = coalesce(?3,'') AND id <> CAST(?5 AS"
                     " INTEGER)",
                     sub->kind, sub->operator_code, sub->mode, now, id, d);
  }
  if (st == PHS_OK) st = store_submission_keep_files(s, *sub_id, sub, d);
  return st;
}

int store_sites_supersede(phs_store *s, long long sub_id, const char *op,
                          phs_diag *d) {
  char id[32];
  snprintf(id, sizeof(id), "%lld", sub_id);
  /* The technologies this file holds; then, for each, the operator's
  ** filing in force for it is superseded (its other technology stays);
  ** a filing with none left in force is superseded as a whole, by the
  ** filing that ended its last one. */
  int st = exec_bound5(s,
                       "INSERT INTO site_filing(submission_id, tech) SELECT"
                       " DISTINCT submission_id, tech FROM site WHERE"
                       " submission_id = CAST(?1 AS INTEGER)",
                       id, NULL, NULL, NULL, NULL, d);
  if (st == PHS_OK)
    st = exec_bound5(s,
                     "UPDATE site_filing SET superseded_by = CAST(?1 AS"
                     " INTEGER), superseded_at_utc = (SELECT"
                     " submitted_at_utc FROM submission WHERE id = CAST(?1"
                     " AS INTEGER)) WHERE superseded_at_utc IS NULL AND"
                     " submission_id <> CAST(?1 AS INTEGER) AND tech IN"
                     " (SELECT tech FROM site_filing WHERE submission_id ="
                     " CAST(?1 AS INTEGER)) AND submission_id IN (SELECT id"
                     " FROM submission WHERE kind = 'sites' AND"
                     " operator_code = ?2)",
                     id, op, NULL, NULL, NULL, d);
  if (st == PHS_OK)
    st = exec_bound5(s,
                     "UPDATE submission SET status = 'superseded',"
                     " superseded_by = CAST(?1 AS INTEGER),"
                     " superseded_at_utc = (SELECT n.submitted_at_utc FROM"
                     " submission n WHERE n.id = CAST(?1 AS INTEGER)) WHERE"
                     " kind = 'sites' AND operator_code = ?2 AND status ="
                     " 'current' AND id <> CAST(?1 AS INTEGER) AND NOT"
                     " EXISTS (SELECT 1 FROM site_filing f WHERE"
                     " f.submission_id = submission.id AND"
                     " f.superseded_at_utc IS NULL)",
                     id, op, NULL, NULL, NULL, d);
  return st;
}
