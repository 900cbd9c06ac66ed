/*
** store.c: the SpatiaLite store: creating and opening it, its schema and
** migrations, connection settings, and the analysis runs and results.
** Loading the inputs of an analysis lives in dataset.c; imports in import.c.
** See data_int.h for the conventions shared by the data/ files.
*/
#include "data_int.h"
#include "phs_progress.h"

#include <math.h>
#include <spatialite.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *const phs_store_tables[] = {
    "submission", "operator",       "commune",       "commune_count",
    "household",  "site",           "survey_response", "survey_answer",
    "analysis_run", "result",       "claimed_coverage", "district_outline",
    "household_chunk", "site_filing", "submission_blob", "submission_file",
    NULL};

/*
** Schema, version 1. Geometry columns are added with SpatiaLite's
** AddGeometryColumn so spatial SQL (and QGIS) can read the store.
** Nothing is ever deleted: a newer submission marks the older one
** 'superseded'.
*/
static const char *const schema_v1[] = {
    "CREATE TABLE schema_version(version INTEGER NOT NULL,"
    " applied_at_utc TEXT NOT NULL)",
    "CREATE TABLE operator(code TEXT PRIMARY KEY, name TEXT)",
    "CREATE TABLE submission(id INTEGER PRIMARY KEY,"
    " kind TEXT NOT NULL CHECK(kind IN"
    "  ('communes','households','survey','sites')),"
    " operator_code TEXT REFERENCES operator(code),"
    " submitter TEXT, submitted_at_utc TEXT NOT NULL,"
    " source_name TEXT NOT NULL, source_sha256 TEXT NOT NULL,"
    " source_bytes INTEGER NOT NULL, format TEXT, mode TEXT, encoding TEXT,"
    " crs_declared TEXT, crs_used TEXT, rows_in INTEGER NOT NULL,"
    " rows_accepted INTEGER NOT NULL, warnings INTEGER NOT NULL,"
    " warning_text TEXT, tool_version TEXT NOT NULL, gdal_version TEXT,"
    " proj_version TEXT,"
    " status TEXT NOT NULL DEFAULT 'current'"
    "  CHECK(status IN ('current','superseded')))",
    "CREATE INDEX submission_sha ON submission(kind, source_sha256)",
    "CREATE TABLE commune(code TEXT PRIMARY KEY, name TEXT NOT NULL,"
    " district_code TEXT NOT NULL DEFAULT '', district_name TEXT NOT NULL"
    " DEFAULT '', province_code TEXT NOT NULL DEFAULT '', province_name"
    " TEXT NOT NULL DEFAULT '', uncoded INTEGER NOT NULL DEFAULT 0,"
    " area_m2 REAL, submission_id INTEGER NOT NULL REFERENCES"
    " submission(id))",
    "SELECT AddGeometryColumn('commune','geom',4326,'MULTIPOLYGON','XY')",
    "CREATE TABLE commune_count(submission_id INTEGER NOT NULL REFERENCES"
    " submission(id), commune_code TEXT NOT NULL, quantity TEXT NOT NULL"
    " CHECK(quantity IN ('households','population','fibre_households')),"
    " value INTEGER NOT NULL CHECK(value >= 0), commune_name TEXT,"
    " district_code TEXT, district_name TEXT, province_code TEXT,"
    " province_name TEXT,"
    " PRIMARY KEY(submission_id, commune_code, quantity))",
    "CREATE TABLE household(id INTEGER PRIMARY KEY, submission_id INTEGER"
    " NOT NULL REFERENCES submission(id), household_id TEXT, fibre INTEGER"
    " NOT NULL CHECK(fibre IN (0,1)), lon REAL NOT NULL, lat REAL NOT NULL)",
    "CREATE INDEX household_submission ON household(submission_id)",
    "CREATE TABLE site(submission_id INTEGER NOT NULL REFERENCES"
    " submission(id), operator_code TEXT NOT NULL REFERENCES operator(code),"
    " site_id TEXT NOT NULL, name TEXT, tech TEXT NOT NULL CHECK(tech IN"
    " ('4G','5G')), band_mhz INTEGER, radius_m REAL, lon REAL, lat REAL,"
    " source_row INTEGER NOT NULL, PRIMARY KEY(submission_id, site_id))",
    "SELECT AddGeometryColumn('site','geom',4326,'POINT','XY')",
    "CREATE TABLE survey_response(id INTEGER PRIMARY KEY, submission_id"
    " INTEGER NOT NULL REFERENCES submission(id), respondent_id TEXT NOT"
    " NULL, commune_code TEXT NOT NULL, weight REAL NOT NULL CHECK(weight >"
    " 0), UNIQUE(submission_id, respondent_id))",
    "CREATE TABLE survey_answer(response_id INTEGER NOT NULL REFERENCES"
    " survey_response(id), indicator TEXT NOT NULL, value INTEGER NOT NULL"
    " CHECK(value IN (0,1)), PRIMARY KEY(response_id, indicator))"
    " WITHOUT ROWID",
    "CREATE TABLE analysis_run(id INTEGER PRIMARY KEY, started_at_utc TEXT"
    " NOT NULL, finished_at_utc TEXT, tool_version TEXT NOT NULL, params"
    " TEXT NOT NULL, inputs TEXT NOT NULL, warnings TEXT)",
    "CREATE TABLE result(run_id INTEGER NOT NULL REFERENCES"
    " analysis_run(id), level TEXT NOT NULL CHECK(level IN"
    " ('commune','district','province')), area_code TEXT NOT NULL,"
    " area_name TEXT, parent_code TEXT, metric TEXT NOT NULL, numerator"
    " REAL, denominator REAL, pct REAL, ci_low REAL, ci_high REAL, n"
    " INTEGER, flags TEXT NOT NULL DEFAULT '', seq INTEGER NOT NULL,"
    " PRIMARY KEY(run_id, level, area_code, metric))",
    NULL};

/* Version 2: the radio attributes the footprint models use (issue 3). */
static const char *const schema_v2[] = {
    "ALTER TABLE site ADD COLUMN azimuth_deg REAL",
    "ALTER TABLE site ADD COLUMN beamwidth_deg REAL",
    "ALTER TABLE site ADD COLUMN tilt_deg REAL",
    "ALTER TABLE site ADD COLUMN height_m REAL",
    "ALTER TABLE site ADD COLUMN eirp_dbm REAL",
    NULL};

/*
** Version 3: operators' own coverage claims (issue 3). submission.kind
** gains 'coverage' and submission gains tech, which needs SQLite's table
** rebuild (a CHECK constraint cannot be altered); migrate() runs with
** foreign keys off and checks them before committing.
*/
static const char *const schema_v3[] = {
    "CREATE TABLE submission_v3(id INTEGER PRIMARY KEY,"
    " kind TEXT NOT NULL CHECK(kind IN"
    "  ('communes','households','survey','sites','coverage')),"
    " operator_code TEXT REFERENCES operator(code),"
    " submitter TEXT, submitted_at_utc TEXT NOT NULL,"
    " source_name TEXT NOT NULL, source_sha256 TEXT NOT NULL,"
    " source_bytes INTEGER NOT NULL, format TEXT, mode TEXT, encoding TEXT,"
    " crs_declared TEXT, crs_used TEXT, rows_in INTEGER NOT NULL,"
    " rows_accepted INTEGER NOT NULL, warnings INTEGER NOT NULL,"
    " warning_text TEXT, tool_version TEXT NOT NULL, gdal_version TEXT,"
    " proj_version TEXT,"
    " status TEXT NOT NULL DEFAULT 'current'"
    "  CHECK(status IN ('current','superseded')),"
    " tech TEXT CHECK(tech IS NULL OR tech IN ('4G','5G')))",
    "INSERT INTO submission_v3(id, kind, operator_code, submitter,"
    " submitted_at_utc, source_name, source_sha256, source_bytes, format,"
    " mode, encoding, crs_declared, crs_used, rows_in, rows_accepted,"
    " warnings, warning_text, tool_version, gdal_version, proj_version,"
    " status) SELECT id, kind, operator_code, submitter, submitted_at_utc,"
    " source_name, source_sha256, source_bytes, format, mode, encoding,"
    " crs_declared, crs_used, rows_in, rows_accepted, warnings,"
    " warning_text, tool_version, gdal_version, proj_version, status FROM"
    " submission",
    "DROP TABLE submission",
    "ALTER TABLE submission_v3 RENAME TO submission",
    "CREATE INDEX submission_sha ON submission(kind, source_sha256)",
    "CREATE TABLE claimed_coverage(id INTEGER PRIMARY KEY, submission_id"
    " INTEGER NOT NULL REFERENCES submission(id), operator_code TEXT NOT"
    " NULL REFERENCES operator(code), tech TEXT NOT NULL CHECK(tech IN"
    " ('4G','5G')), source_row INTEGER NOT NULL)",
    "SELECT AddGeometryColumn('claimed_coverage','geom',4326,"
    "'MULTIPOLYGON','XY')",
    NULL};

/*
** Version 4: the site attributes a radio engineer gives (issue 3):
** mechanical downtilt beside the electrical one (tilt_deg, which a file's
** single "tilt" column fills), and transmit power, antenna gain and feeder
** loss as the alternative to EIRP.
*/
static const char *const schema_v4[] = {
    "ALTER TABLE site ADD COLUMN tilt_mech_deg REAL",
    "ALTER TABLE site ADD COLUMN tx_power_dbm REAL",
    "ALTER TABLE site ADD COLUMN antenna_gain_dbi REAL",
    "ALTER TABLE site ADD COLUMN feeder_loss_db REAL",
    NULL};

/*
** Version 5: submission.source_detail, what a file held beyond its format
** (a coverage raster's size, resolution, CRS, band, rule and claimed
** cells), so that format stays the format ("GTiff", "CSV"). Raster claims
** filed before it kept that text in format; it is moved across.
*/
static const char *const schema_v5[] = {
    "ALTER TABLE submission ADD COLUMN source_detail TEXT",
    "UPDATE submission SET source_detail = substr(format, instr(format,"
    " ' raster: ') + 9), format = substr(format, 1, instr(format,"
    " ' raster: ') - 1) WHERE kind = 'coverage' AND instr(format,"
    " ' raster: ') > 0",
    NULL};

/*
** Version 6: district outlines, derived from the commune layer (outline.c):
** one row per district, replaced whenever an import of communes touches
** the district, keyed by the latest commune import among its communes;
** communes and members (a hash of their codes and imports) tell a map
** whether it still matches the communes. Stores migrated to it have none
** until a map builds them (or communes are imported again).
*/
static const char *const schema_v6[] = {
    "CREATE TABLE district_outline(submission_id INTEGER NOT NULL"
    " REFERENCES submission(id), district_code TEXT NOT NULL, communes"
    " INTEGER NOT NULL, members INTEGER NOT NULL,"
    " PRIMARY KEY(submission_id, district_code))",
    "SELECT AddGeometryColumn('district_outline','geom',4326,"
    "'MULTIPOLYGON','XY')",
    NULL};

/*
** Version 7: household points in chunks of up to 65,536 points
** (household_points.c): columns of coordinates, fibre flags and IDs as
** blobs, so that 27 million points import and load in seconds. Points of
** earlier imports stay in household; readers take both.
*/
static const char *const schema_v7[] = {
    "CREATE TABLE household_chunk(submission_id INTEGER NOT NULL"
    " REFERENCES submission(id), seq INTEGER NOT NULL, n INTEGER NOT NULL"
    " CHECK(n > 0), first_row INTEGER NOT NULL, last_row INTEGER NOT NULL,"
    " lon BLOB NOT NULL, lat BLOB NOT NULL, fibre BLOB NOT NULL,"
    " household_id BLOB NOT NULL, PRIMARY KEY(submission_id, seq))",
    NULL};

/*
** Version 8: versions and provenance (issue 5, docs/submissions.md).
** A submission row records when it stopped being current and which filing
** replaced it, so an analysis can run as of a date. A site file may hold
** 4G and 5G rows and a new filing supersedes the operator's previous one
** per technology: site_filing holds that, one row per (filing, tech).
** The raw bytes of each filing are kept content-addressed: submission_blob
** once per SHA-256, submission_file one row per file of the filing (every
** member of a shapefile set), kept = 0 when it was over the size limit.
** Filings made before version 8 get their supersede time from the filing
** that replaced them (the next one of the same kind, operator and mode),
** and no files: their bytes were never kept.
*/
static const char *const schema_v8[] = {
    "ALTER TABLE submission ADD COLUMN superseded_at_utc TEXT",
    "ALTER TABLE submission ADD COLUMN superseded_by INTEGER",
    "UPDATE submission SET superseded_by = (SELECT min(n.id) FROM"
    " submission n WHERE n.id > submission.id AND n.kind = submission.kind"
    " AND coalesce(n.operator_code,'') = coalesce(submission.operator_code,"
    "'') AND coalesce(n.mode,'') = coalesce(submission.mode,'')) WHERE"
    " status = 'superseded'",
    "UPDATE submission SET superseded_at_utc = coalesce((SELECT"
    " n.submitted_at_utc FROM submission n WHERE n.id ="
    " submission.superseded_by), submitted_at_utc) WHERE status ="
    " 'superseded'",
    "CREATE TABLE site_filing(submission_id INTEGER NOT NULL REFERENCES"
    " submission(id), tech TEXT NOT NULL CHECK(tech IN ('4G','5G')),"
    " superseded_at_utc TEXT, superseded_by INTEGER,"
    " PRIMARY KEY(submission_id, tech)) WITHOUT ROWID",
    "INSERT INTO site_filing(submission_id, tech, superseded_at_utc,"
    " superseded_by) SELECT DISTINCT t.submission_id, t.tech,"
    " s.superseded_at_utc, s.superseded_by FROM site t JOIN submission s ON"
    " s.id = t.submission_id",
    "CREATE TABLE submission_blob(sha256 TEXT PRIMARY KEY, bytes INTEGER"
    " NOT NULL, data BLOB NOT NULL)",
    "CREATE TABLE submission_file(submission_id INTEGER NOT NULL REFERENCES"
    " submission(id), name TEXT NOT NULL, sha256 TEXT NOT NULL, bytes"
    " INTEGER NOT NULL, kept INTEGER NOT NULL CHECK(kept IN (0,1)),"
    " PRIMARY KEY(submission_id, name))",
    "CREATE INDEX submission_operator ON submission(kind, operator_code)",
    NULL};

/*
** Version 9: an index on a run's rows by metric. A map reads one metric
** of a run (a national run: 12,000 of 279,000 rows); through the primary
** key (run_id, level, area_code, metric) SQLite walked every entry of the
** run, a tenth of the national map's instructions.
*/
static const char *const schema_v9[] = {
    "CREATE INDEX result_metric ON result(run_id, metric)", NULL};

/* Migrations: migrations[v] brings a store from version v to v+1. */
static const char *const *const migrations[] = {
    schema_v1, schema_v2, schema_v3, schema_v4, schema_v5, schema_v6,
    schema_v7, schema_v8, schema_v9};
#define N_MIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

const char *phs_sqlite_version(void) { return sqlite3_libversion(); }
const char *phs_spatialite_version(void) { return spatialite_version(); }

void store_now_utc(char *buf, size_t n) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int store_exec(phs_store *s, const char *sql, phs_diag *d) {
  char *err = NULL;
  int rc = sqlite3_exec(s->db, sql, NULL, NULL, &err);
  if (rc != SQLITE_OK) {
    int st = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED
                 ? PHS_EBUSY
                 : PHS_ERUNTIME;
    /* SQLite's words for a full disk and a busy store are not the user's */
    if ((rc & 0xff) == SQLITE_FULL)
      store_sqlite_error(s, rc, d);
    else if (st == PHS_EBUSY)
      phs_diag_error(d, st,
                     "%s: store busy: another process kept it locked; try"
                     " again later",
                     s->path);
    else
      phs_diag_error(d, st, "%s: %s", s->path,
                     err ? err : sqlite3_errstr(rc));
    sqlite3_free(err);
    return st;
  }
  return PHS_OK;
}

int store_sqlite_error(phs_store *s, int rc, phs_diag *d) {
  /* extended codes are on: SQLITE_BUSY_SNAPSHOT is a busy store too */
  int st = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED
               ? PHS_EBUSY
               : PHS_ERUNTIME;
  if ((rc & 0xff) == SQLITE_FULL) /* every write is one transaction */
    return phs_diag_error(d, st,
                          "%s: disk full (hint: free some disk space, then"
                          " run the command again; the store is unchanged)",
                          s->path);
  if (st == PHS_EBUSY)
    return phs_diag_error(d, st,
                          "%s: store busy: another process kept it locked"
                          " for about %d s; try again later",
                          s->path, PHS_WRITE_WAIT_MS / 1000);
  return phs_diag_error(d, st, "%s: %s", s->path, sqlite3_errmsg(s->db));
}

int store_prepare(phs_store *s, const char *sql, sqlite3_stmt **st,
                  phs_diag *d) {
  int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
  if (rc != SQLITE_OK) return store_sqlite_error(s, rc, d);
  return PHS_OK;
}

/* Open the file and set up the connection: SpatiaLite, pragmas. */
static int connect(const char *path, int create, phs_store **out,
                   phs_diag *d) {
  *out = NULL;
  phs_store *s = calloc(1, sizeof(*s));
  if (s == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  s->path = strdup(path);
  /* SpatiaLite's file-writing SQL functions (BlobToFile, ExportSHP...) exist
  ** only when SPATIALITE_SECURITY=relaxed: make sure they never do. */
  unsetenv("SPATIALITE_SECURITY");
  store_test_hooks_init(); /* before SQLite's first allocation */
  /* NOMUTEX: a phs_store is used by one thread at a time (the analysis's
  ** worker threads never touch it), so SQLite's per-call mutex is pure
  ** cost: 4% of a national analysis, writing 330,000 result rows. */
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) |
              SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path, &s->db, flags, NULL);
  if (rc != SQLITE_OK) {
    phs_diag_error(d, PHS_ERUNTIME, "%s: cannot open store: %s", path,
                   s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
    phs_store_close(s);
    return PHS_ERUNTIME;
  }
  s->splite_cache = spatialite_alloc_connection();
  spatialite_init_ex(s->db, s->splite_cache, 0);
  sqlite3_busy_timeout(s->db, PHS_BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes(s->db, 1);
  /* trusted_schema stays ON for our own store: SpatiaLite's geometry
  ** triggers call functions that are not flagged innocuous. Untrusted
  ** databases (submitted GeoPackages) are read through OGR, never attached
  ** to this connection. */
  int st = store_exec(s,
                      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                      " PRAGMA foreign_keys=ON;",
                      d);
  if (st == PHS_OK) st = store_test_hooks_connect(s, d);
  if (st) {
    phs_store_close(s);
    return st;
  }
  *out = s;
  return PHS_OK;
}

int phs_store_schema_version(phs_store *s) {
  sqlite3_stmt *st = NULL;
  int v = -1;
  if (sqlite3_prepare_v2(s->db, "SELECT max(version) FROM schema_version",
                         -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return v;
}

/* Apply migrations from version `from` to the current one, in one
** transaction each. */
/* Is PRAGMA foreign_key_check clean? */
static int foreign_keys_ok(phs_store *s) {
  sqlite3_stmt *st = NULL;
  int ok = 0;
  if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st, NULL) ==
      SQLITE_OK)
    ok = sqlite3_step(st) == SQLITE_DONE;
  sqlite3_finalize(st);
  return ok;
}

/*
** Bring the store to the current version, one migration per transaction.
** The version is read again inside each write transaction, so two
** processes opening an old store at once migrate it once. Foreign keys
** are off meanwhile (a table rebuild drops a referenced table) and are
** checked before each commit.
*/
static int migrate(phs_store *s, phs_diag *d) {
  /* Up to date: no write lock at all, so readers (reports) never wait
  ** for a writer. */
  if (phs_store_schema_version(s) >= N_MIGRATIONS) return PHS_OK;
  int st = store_exec(s, "PRAGMA foreign_keys=OFF", d);
  for (; st == PHS_OK;) {
    st = store_exec(s, "BEGIN IMMEDIATE", d);
    if (st) break;
    int v = phs_store_schema_version(s);
    if (v < 0) v = 0; /* a new store: no schema_version table yet */
    if (v >= N_MIGRATIONS) {
      st = store_exec(s, "COMMIT", d);
      break;
    }
    for (const char *const *sql = migrations[v]; *sql && st == PHS_OK; sql++)
      st = store_exec(s, *sql, d);
    char now[32], sql[128];
    store_now_utc(now, sizeof(now));
    snprintf(sql, sizeof(sql),
             "INSERT INTO schema_version VALUES(%d, '%s')", v + 1, now);
    if (st == PHS_OK) st = store_exec(s, sql, d);
    if (st == PHS_OK && !foreign_keys_ok(s))
      st = phs_diag_error(d, PHS_ERUNTIME,
                          "%s: migration to schema version %d broke foreign"
                          " keys; nothing changed",
                          s->path, v + 1);
    if (st == PHS_OK) st = store_exec(s, "COMMIT", d);
    if (st) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  }
  int fk = store_exec(s, "PRAGMA foreign_keys=ON", d);
  return st ? st : fk;
}

int phs_store_create(const char *path, phs_store **out, phs_diag *d) {
  struct stat sb;
  *out = NULL;
  if (lstat(path, &sb) == 0)
    return phs_diag_error(d, PHS_EUSAGE,
                          "%s: file exists; a store is never overwritten"
                          " (choose another name or remove it first)",
                          path);
  phs_store *s = NULL;
  int st = connect(path, 1, &s, d);
  if (st) return st;
  /* Only the WGS 84 family of spatial_ref_sys rows: a small store file. */
  st = store_exec(s, "SELECT InitSpatialMetadata(1, 'WGS84')", d);
  if (st == PHS_OK) st = migrate(s, d);
  if (st) {
    phs_store_close(s);
    unlink(path);
    return st;
  }
  *out = s;
  return PHS_OK;
}

int phs_store_open(const char *path, phs_store **out, phs_diag *d) {
  struct stat sb;
  *out = NULL;
  if (stat(path, &sb) != 0)
    return phs_diag_error(d, PHS_ERUNTIME,
                          "%s: no such store (create it with 'phusong init"
                          " %s')",
                          path, path);
  phs_store *s = NULL;
  int st = connect(path, 0, &s, d);
  if (st) return st;
  int v = phs_store_schema_version(s);
  if (v < 0) {
    /* -1 is also SQLite failing to read the table (out of memory, I/O,
    ** busy): that is said as it is, not as a file that is no store. */
    int rc = sqlite3_errcode(s->db);
    int st = rc != SQLITE_OK && (rc & 0xff) != SQLITE_ERROR
                 ? store_sqlite_error(s, rc, d)
                 : phs_diag_error(d, PHS_ERUNTIME,
                                  "%s: not a phusong store (no"
                                  " schema_version table)",
                                  path);
    phs_store_close(s);
    return st;
  }
  if (v > N_MIGRATIONS) {
    phs_store_close(s);
    return phs_diag_error(d, PHS_ERUNTIME,
                          "%s: store schema version %d is newer than this"
                          " phusong (%d); upgrade phusong",
                          path, v, N_MIGRATIONS);
  }
  st = migrate(s, d);
  if (st) {
    phs_store_close(s);
    return st;
  }
  *out = s;
  return PHS_OK;
}

void phs_store_close(phs_store *s) {
  if (s == NULL) return;
  if (s->db) sqlite3_close(s->db);
  if (s->splite_cache) spatialite_cleanup_ex(s->splite_cache);
  free(s->path);
  free(s);
}

int phs_store_counts(phs_store *s, long long *counts, phs_diag *d) {
  for (int i = 0; phs_store_tables[i]; i++) {
    char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"",
                                phs_store_tables[i]);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    sqlite3_free(sql);
    if (rc != SQLITE_OK) return store_sqlite_error(s, rc, d);
    counts[i] = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0)
                                               : -1;
    sqlite3_finalize(st);
  }
  return PHS_OK;
}

int phs_store_check(phs_store *s, phs_diag *d) {
  sqlite3_stmt *st = NULL;
  int rc = store_prepare(s, "PRAGMA integrity_check", &st, d);
  if (rc) return rc;
  rc = PHS_OK;
  if (sqlite3_step(st) != SQLITE_ROW ||
      strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
    rc = phs_diag_error(d, PHS_ERUNTIME, "%s: integrity check failed: %s",
                        s->path,
                        (const char *)sqlite3_column_text(st, 0)
                            ? (const char *)sqlite3_column_text(st, 0)
                            : sqlite3_errmsg(s->db));
  sqlite3_finalize(st);
  return rc;
}

/* ------------------------------------------------------- runs, results */

int phs_store_begin_run(phs_store *s, const char *params_json,
                        const char *inputs_json, long long *run_id,
                        phs_diag *d) {
  char now[32];
  store_now_utc(now, sizeof(now));
  /* retried like an import's, so a long import does not fail the run */
  int st = store_begin_write(s, d);
  if (st) return st;
  sqlite3_stmt *ins = NULL;
  st = store_prepare(s,
                     "INSERT INTO analysis_run(started_at_utc, tool_version,"
                     " params, inputs) VALUES(?,?,?,?)",
                     &ins, d);
  if (st) goto fail;
  sqlite3_bind_text(ins, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(ins, 2, PHS_VERSION, -1, SQLITE_STATIC);
  sqlite3_bind_text(ins, 3, params_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(ins, 4, inputs_json, -1, SQLITE_TRANSIENT);
  if (sqlite3_step(ins) != SQLITE_DONE) {
    st = store_sqlite_error(s, sqlite3_errcode(s->db), d);
    goto fail;
  }
  sqlite3_finalize(ins);
  *run_id = sqlite3_last_insert_rowid(s->db);
  return PHS_OK;
fail:
  sqlite3_finalize(ins);
  sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return st;
}

static void bind_real_or_null(sqlite3_stmt *st, int i, double v) {
  if (v != v)
    sqlite3_bind_null(st, i);
  else
    sqlite3_bind_double(st, i, v);
}

int phs_store_add_results(phs_store *s, long long run_id,
                          const phs_result_row *rows, long n, phs_diag *d) {
  sqlite3_stmt *ins = NULL;
  /* seq keeps the caller's order for reports; continue after any rows a
  ** previous call added (computed once, not per row: a run has 10^5 rows
  ** at national scale). */
  long long base = 0;
  int st = store_prepare(s,
                         "SELECT coalesce(max(seq) + 1, 0) FROM result WHERE"
                         " run_id = ?",
                         &ins, d);
  if (st) goto fail;
  sqlite3_bind_int64(ins, 1, run_id);
  if (sqlite3_step(ins) == SQLITE_ROW) base = sqlite3_column_int64(ins, 0);
  sqlite3_finalize(ins);
  ins = NULL;
  st = store_prepare(
      s,
      "INSERT INTO result(run_id, level, area_code, area_name, parent_code,"
      " metric, numerator, denominator, pct, ci_low, ci_high, n, flags, seq)"
      " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      &ins, d);
  if (st) goto fail;
  for (long i = 0; i < n; i++) {
    const phs_result_row *r = &rows[i];
    sqlite3_reset(ins);
    sqlite3_bind_int64(ins, 1, run_id);
    sqlite3_bind_text(ins, 2, r->level, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 3, r->area_code, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 4, r->area_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 5, r->parent_code, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 6, r->metric, -1, SQLITE_STATIC);
    bind_real_or_null(ins, 7, r->numerator);
    bind_real_or_null(ins, 8, r->denominator);
    bind_real_or_null(ins, 9, r->pct);
    bind_real_or_null(ins, 10, r->ci_low);
    bind_real_or_null(ins, 11, r->ci_high);
    if (r->n < 0)
      sqlite3_bind_null(ins, 12);
    else
      sqlite3_bind_int64(ins, 12, r->n);
    sqlite3_bind_text(ins, 13, r->flags ? r->flags : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(ins, 14, base + i);
    if (sqlite3_step(ins) != SQLITE_DONE) {
      st = store_sqlite_error(s, sqlite3_errcode(s->db), d);
      goto fail;
    }
  }
  sqlite3_finalize(ins);
  return PHS_OK;
fail:
  sqlite3_finalize(ins);
  sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return st;
}

int phs_store_end_run(phs_store *s, long long run_id,
                      const char *warnings_json, phs_diag *d) {
  char now[32];
  store_now_utc(now, sizeof(now));
  sqlite3_stmt *up = NULL;
  int st = store_prepare(s,
                         "UPDATE analysis_run SET finished_at_utc = ?,"
                         " warnings = ? WHERE id = ?",
                         &up, d);
  if (st == PHS_OK) {
    sqlite3_bind_text(up, 1, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(up, 2, warnings_json, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(up, 3, run_id);
    if (sqlite3_step(up) != SQLITE_DONE)
      st = store_sqlite_error(s, sqlite3_errcode(s->db), d);
  }
  sqlite3_finalize(up);
  /* Ctrl-C before the commit: the run is rolled back, as if never begun */
  if (st == PHS_OK && phs_interrupted()) st = phs_interrupt_error(d);
  if (st == PHS_OK) st = store_exec(s, "COMMIT", d);
  if (st) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return st;
}

static char *col_strdup(sqlite3_stmt *st, int i) {
  const char *t = (const char *)sqlite3_column_text(st, i);
  return strdup(t ? t : "");
}

static double col_real(sqlite3_stmt *st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN
                                                   : sqlite3_column_double(st, i);
}

/* A result row with its seq, while a run is read. */
typedef struct seq_row {
  long long seq;
  phs_result_row row;
} seq_row;

static int cmp_seq_row(const void *a, const void *b) {
  long long x = ((const seq_row *)a)->seq, y = ((const seq_row *)b)->seq;
  return (x > y) - (x < y);
}

static void free_row(phs_result_row *r) {
  free((char *)r->level);
  free((char *)r->area_code);
  free((char *)r->area_name);
  free((char *)r->parent_code);
  free((char *)r->metric);
  free((char *)r->flags);
}

void phs_run_free(phs_run *run) {
  if (run == NULL) return;
  free(run->started_at);
  free(run->tool_version);
  free(run->params_json);
  free(run->inputs_json);
  free(run->warnings_json);
  for (long i = 0; i < run->n_rows; i++) free_row(&run->rows[i]);
  free(run->rows);
  memset(run, 0, sizeof(*run));
}

/* ------------------------------------ a run's header and rows (reports, maps) */

/* The header of run_id (0 = the latest finished run) into run, with the
** messages of phs_store_load_run when there is none. */
static int run_header_read(phs_store *s, long long run_id, phs_run *run,
                           phs_diag *d) {
  sqlite3_stmt *st = NULL;
  int rc = store_prepare(
      s,
      "SELECT id, started_at_utc, tool_version, params, inputs,"
      " coalesce(warnings,'[]') FROM analysis_run WHERE finished_at_utc IS"
      " NOT NULL AND (?1 = 0 OR id = ?1) ORDER BY id DESC LIMIT 1",
      &st, d);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, run_id);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_finalize(st);
    if (run_id)
      return phs_diag_error(d, PHS_ERUNTIME, "%s: no analysis run %lld",
                            s->path, run_id);
    return phs_diag_error(d, PHS_ERUNTIME,
                          "%s: no analysis run yet (run 'phusong analyze %s'"
                          " first)",
                          s->path, s->path);
  }
  run->id = sqlite3_column_int64(st, 0);
  run->started_at = col_strdup(st, 1);
  run->tool_version = col_strdup(st, 2);
  run->params_json = col_strdup(st, 3);
  run->inputs_json = col_strdup(st, 4);
  run->warnings_json = col_strdup(st, 5);
  sqlite3_finalize(st);
  return PHS_OK;
}

/* One result row of the current statement (columns as in
** run_rows_read's query) into r, its seq into *seq. */
static void result_row_read(sqlite3_stmt *st, phs_result_row *r,
                            long long *seq) {
  *seq = sqlite3_column_int64(st, 12);
  r->level = col_strdup(st, 0);
  r->area_code = col_strdup(st, 1);
  r->area_name = col_strdup(st, 2);
  r->parent_code = col_strdup(st, 3);
  r->metric = col_strdup(st, 4);
  r->numerator = col_real(st, 5);
  r->denominator = col_real(st, 6);
  r->pct = col_real(st, 7);
  r->ci_low = col_real(st, 8);
  r->ci_high = col_real(st, 9);
  r->n = sqlite3_column_type(st, 10) == SQLITE_NULL
             ? -1
             : sqlite3_column_int64(st, 10);
  r->flags = col_strdup(st, 11);
}

/* The rows of run->id (of one metric, or all when metric is NULL) into
** run->rows, in seq order. The primary key (run_id, level, area_code,
** metric) finds the run's rows, the index result_metric (schema 9) one
** metric's rows (a national run: 12,000 of 279,000). They are read in
** the index's order and sorted by seq here: SQLite's ORDER BY
** seq sorted whole records in a temporary b-tree, most of a national
** map's loading time. */
static int run_rows_read(phs_store *s, phs_run *run, const char *metric,
                         phs_diag *d) {
  sqlite3_stmt *st = NULL;
  int rc = store_prepare(s,
                         metric ? "SELECT level, area_code, area_name,"
                                  " parent_code, metric, numerator,"
                                  " denominator, pct, ci_low, ci_high, n,"
                                  " flags, seq FROM result WHERE run_id = ?1"
                                  " AND metric = ?2"
                                : "SELECT level, area_code, area_name,"
                                  " parent_code, metric, numerator,"
                                  " denominator, pct, ci_low, ci_high, n,"
                                  " flags, seq FROM result WHERE run_id = ?1",
                         &st, d);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, run->id);
  if (metric) sqlite3_bind_text(st, 2, metric, -1, SQLITE_STATIC);
  long cap = 0;
  seq_row *rows = NULL;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (run->n_rows == cap) {
      cap = cap ? cap * 2 : 256;
      seq_row *g = realloc(rows, sizeof(*g) * (size_t)cap);
      if (g == NULL) {
        sqlite3_finalize(st);
        for (long i = 0; i < run->n_rows; i++) free_row(&rows[i].row);
        free(rows);
        run->n_rows = 0;
        return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
      }
      rows = g;
    }
    seq_row *sr = &rows[run->n_rows++];
    result_row_read(st, &sr->row, &sr->seq);
  }
  if (rc != SQLITE_DONE) {
    rc = store_sqlite_error(s, rc, d);
    sqlite3_finalize(st);
    for (long i = 0; i < run->n_rows; i++) free_row(&rows[i].row);
    free(rows);
    run->n_rows = 0;
    return rc;
  }
  sqlite3_finalize(st);
  if (run->n_rows > 0)
    qsort(rows, (size_t)run->n_rows, sizeof(*rows), cmp_seq_row);
  /* The rows move down over their seq keys, in place. */
  run->rows = (phs_result_row *)(void *)rows;
  for (long i = 0; i < run->n_rows; i++)
    memmove(&run->rows[i], &rows[i].row, sizeof(phs_result_row));
  return PHS_OK;
}

int phs_store_load_run_metric(phs_store *s, long long run_id,
                              const char *metric, phs_run *run, phs_diag *d) {
  memset(run, 0, sizeof(*run));
  int rc = run_header_read(s, run_id, run, d);
  if (rc == PHS_OK) rc = run_rows_read(s, run, metric ? metric : "", d);
  if (rc) phs_run_free(run);
  return rc;
}

int phs_store_load_run(phs_store *s, long long run_id, phs_run *run,
                       phs_diag *d) {
  memset(run, 0, sizeof(*run));
  int rc = run_header_read(s, run_id, run, d);
  if (rc == PHS_OK) rc = run_rows_read(s, run, NULL, d);
  if (rc) phs_run_free(run);
  return rc;
}
