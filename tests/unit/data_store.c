/*
** data_store.c: the store's contract: creation never overwrites, WAL and
** foreign keys are on, the schema is versioned, SpatiaLite is initialised
** on the connection but its file-writing functions do not exist, and
** analysis results round-trip with NULLs kept as NULLs.
*/
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../data/data_int.h"
#include "phs_test.h"

static char *query_text(phs_store *s, const char *sql) {
  sqlite3_stmt *st = NULL;
  char *out = NULL;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
    out = strdup((const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  return out;
}

/* Undo schema version 8 (provenance, issue 5), so that an older version
** can be rebuilt; its migration runs again on reopening. */
#define V8_UNDO                                                 \
  "DROP TABLE site_filing; DROP TABLE submission_file;"         \
  "DROP TABLE submission_blob; DROP INDEX submission_operator;"  \
  "ALTER TABLE submission DROP COLUMN superseded_at_utc;"       \
  "ALTER TABLE submission DROP COLUMN superseded_by;"

int main(void) {
  const char *tmp = getenv("PHS_TMP");
  char path[1024];
  snprintf(path, sizeof(path), "%s/data_store.sqlite", tmp ? tmp : "/tmp");
  unlink(path);
  phs_diag d;
  phs_diag_init(&d);
  phs_store *s = NULL;

  setenv("SPATIALITE_SECURITY", "relaxed", 1); /* must be cleared by us */
  ASSERT_OK(phs_store_create(path, &s, &d));
  ASSERT_TRUE(s != NULL);
  ASSERT_EQ(phs_store_schema_version(s), PHS_SCHEMA_VERSION);
  char *jm = query_text(s, "PRAGMA journal_mode");
  ASSERT_STREQ(jm, "wal");
  free(jm);
  char *fk = query_text(s, "PRAGMA foreign_keys");
  ASSERT_STREQ(fk, "1");
  free(fk);
  /* SpatiaLite is there ... */
  char *v = query_text(s, "SELECT spatialite_version()");
  ASSERT_TRUE(v != NULL && strlen(v) > 0);
  free(v);
  char *gt = query_text(s, "SELECT GeometryType(geom) IS NULL FROM (SELECT"
                           " MakePoint(107, 10.5, 4326) AS geom)");
  ASSERT_STREQ(gt, "0");
  free(gt);
  /* ... but not its file-writing functions. */
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(s->db, "SELECT BlobToFile(x'00', '/tmp/x')",
                              -1, &st, NULL);
  ASSERT_TRUE(rc != SQLITE_OK);
  ASSERT_CONTAINS(sqlite3_errmsg(s->db), "no such function");
  sqlite3_finalize(st);
  ASSERT_OK(phs_store_check(s, &d));

  long long counts[32]; /* one per phs_store_tables entry */
  ASSERT_OK(phs_store_counts(s, counts, &d));
  for (int i = 0; phs_store_tables[i]; i++) ASSERT_EQ(counts[i], 0);

  /* A run with one NULL percentage reads back as NaN, flags intact. */
  long long run = 0;
  ASSERT_OK(phs_store_begin_run(s, "{}", "[]", &run, &d));
  phs_result_row rows[2] = {
      {"commune", "00001", "Xã A", "001", "fibre_households", 5, 4, NAN, NAN,
       NAN, -1, "ratio_over_100"},
      {"commune", "00001", "Xã A", "001", "smartphone", 3, 10, 30, 6.67,
       65.25, 10, ""}};
  ASSERT_OK(phs_store_add_results(s, run, rows, 2, &d));
  ASSERT_OK(phs_store_end_run(s, run, "{}", &d));
  phs_run r;
  ASSERT_OK(phs_store_load_run(s, 0, &r, &d));
  ASSERT_EQ(r.id, run);
  ASSERT_EQ(r.n_rows, 2);
  ASSERT_TRUE(isnan(r.rows[0].pct));
  ASSERT_STREQ(r.rows[0].flags, "ratio_over_100");
  ASSERT_EQ(r.rows[0].n, -1);
  ASSERT_NEAR(r.rows[1].pct, 30, 0);
  ASSERT_EQ(r.rows[1].n, 10);
  ASSERT_STREQ(r.rows[1].area_name, "Xã A");
  phs_run_free(&r);
  phs_store_close(s);

  /* Never overwritten; reopening works and keeps the data. */
  phs_diag_clear(&d);
  ASSERT_EQ(phs_store_create(path, &s, &d), PHS_EUSAGE);
  ASSERT_CONTAINS(d.msg, "never overwritten");
  ASSERT_TRUE(s == NULL);
  phs_diag_clear(&d);
  ASSERT_OK(phs_store_open(path, &s, &d));
  ASSERT_OK(phs_store_counts(s, counts, &d));
  ASSERT_EQ(counts[8], 1); /* analysis_run */
  ASSERT_EQ(counts[9], 2); /* result */
  phs_store_close(s);

  /* Migration 3 -> 4 (-> 5): drop the version-4 site columns (mechanical
  ** tilt, transmit power, antenna gain, feeder loss) and version 5's
  ** source_detail, and reopen: they come back, the version is current
  ** again, the results are kept. */
  phs_diag_clear(&d);
  ASSERT_OK(phs_store_open(path, &s, &d));
  const char *to_v3 =
      V8_UNDO
      "ALTER TABLE site DROP COLUMN tilt_mech_deg;"
      "ALTER TABLE site DROP COLUMN tx_power_dbm;"
      "ALTER TABLE site DROP COLUMN antenna_gain_dbi;"
      "ALTER TABLE site DROP COLUMN feeder_loss_db;"
      "ALTER TABLE submission DROP COLUMN source_detail;" /* version 5 */
      "SELECT DiscardGeometryColumn('district_outline', 'geom');"
      "DROP TABLE district_outline;" /* version 6 */
      "DROP TABLE household_chunk;" /* version 7 */
      "DROP INDEX result_metric;" /* version 9 */
      "DELETE FROM schema_version WHERE version > 3;";
  int m3 = sqlite3_exec(s->db, to_v3, NULL, NULL, NULL);
  PHS_CHECK_(m3 == SQLITE_OK, "back to v3: %s", sqlite3_errmsg(s->db));
  ASSERT_EQ(phs_store_schema_version(s), 3);
  phs_store_close(s);
  phs_diag_clear(&d);
  ASSERT_OK(phs_store_open(path, &s, &d));
  ASSERT_EQ(phs_store_schema_version(s), PHS_SCHEMA_VERSION);
  char *c4 = query_text(s, "SELECT count(*) FROM pragma_table_info('site')"
                           " WHERE name IN ('tilt_mech_deg','tx_power_dbm',"
                           "'antenna_gain_dbi','feeder_loss_db')");
  ASSERT_STREQ(c4, "4");
  free(c4);
  char *v4 = query_text(s, "SELECT count(*) FROM schema_version WHERE"
                           " version = 4");
  ASSERT_STREQ(v4, "1");
  free(v4);
  ASSERT_OK(phs_store_counts(s, counts, &d));
  ASSERT_EQ(counts[9], 2); /* results kept */
  phs_store_close(s);

  /* Migration 4 -> 5: a version-4 store held a raster claim's description
  ** in format ("GTiff raster: <detail>"). Drop source_detail, file such a
  ** row and a CSV one, reopen: the column is back, the raster row's format
  ** is the driver and its detail moved across; the CSV row is untouched. */
  phs_diag_clear(&d);
  ASSERT_OK(phs_store_open(path, &s, &d));
  const char *to_v4 =
      V8_UNDO
      "ALTER TABLE submission DROP COLUMN source_detail;"
      "SELECT DiscardGeometryColumn('district_outline', 'geom');"
      "DROP TABLE district_outline;" /* version 6 */
      "DROP TABLE household_chunk;" /* version 7 */
      "DROP INDEX result_metric;" /* version 9 */

      "INSERT INTO operator(code) VALUES('VT');"
      "INSERT INTO submission(id, kind, operator_code, submitted_at_utc,"
      " source_name, source_sha256, source_bytes, format, mode, rows_in,"
      " rows_accepted, warnings, tool_version, tech) VALUES"
      " (901, 'coverage', 'VT', '2026-01-01T00:00:00Z', 'c.tif', 'ab', 1,"
      "  'GTiff raster: 8 x 8 cells of 10 x 10 m, EPSG:32648', '5G', 1, 1,"
      "  0, 't', '5G'),"
      " (902, 'sites', 'VT', '2026-01-01T00:00:00Z', 's.csv', 'cd', 1,"
      "  'CSV', NULL, 1, 1, 0, 't', NULL);"
      "DELETE FROM schema_version WHERE version > 4;";
  int m4 = sqlite3_exec(s->db, to_v4, NULL, NULL, NULL);
  PHS_CHECK_(m4 == SQLITE_OK, "back to v4: %s", sqlite3_errmsg(s->db));
  ASSERT_EQ(phs_store_schema_version(s), 4);
  phs_store_close(s);
  phs_diag_clear(&d);
  ASSERT_OK(phs_store_open(path, &s, &d));
  ASSERT_EQ(phs_store_schema_version(s), PHS_SCHEMA_VERSION);
  char *f5 = query_text(s, "SELECT format || '|' || source_detail FROM"
                           " submission WHERE id = 901");
  ASSERT_STREQ(f5, "GTiff|8 x 8 cells of 10 x 10 m, EPSG:32648");
  free(f5);
  char *c5 = query_text(s, "SELECT format || '|' || coalesce(source_detail,"
                           " 'null') FROM submission WHERE id = 902");
  ASSERT_STREQ(c5, "CSV|null");
  free(c5);
  ASSERT_OK(phs_store_counts(s, counts, &d));
  ASSERT_EQ(counts[9], 2); /* results kept */
  phs_store_close(s);

  /* Migration 5 -> 6: drop district_outline and reopen: the table comes
  ** back empty with its geometry column (a map then builds the outlines),
  ** and takes a MULTIPOLYGON keyed by a commune submission. */
  phs_diag_clear(&d);
  ASSERT_OK(phs_store_open(path, &s, &d));
  const char *to_v5 =
      V8_UNDO
      "SELECT DiscardGeometryColumn('district_outline', 'geom');"
      "DROP TABLE district_outline;" /* version 6 */
      "DROP TABLE household_chunk;" /* version 7 */
      "DROP INDEX result_metric;" /* version 9 */
      "DELETE FROM schema_version WHERE version > 5;";
  int m5 = sqlite3_exec(s->db, to_v5, NULL, NULL, NULL);
  PHS_CHECK_(m5 == SQLITE_OK, "back to v5: %s", sqlite3_errmsg(s->db));
  ASSERT_EQ(phs_store_schema_version(s), 5);
  phs_store_close(s);
  phs_diag_clear(&d);
  ASSERT_OK(phs_store_open(path, &s, &d));
  ASSERT_EQ(phs_store_schema_version(s), PHS_SCHEMA_VERSION);
  char *g6 = query_text(s, "SELECT geometry_type || '|' || srid FROM"
                           " geometry_columns WHERE f_table_name ="
                           " 'district_outline'");
  ASSERT_STREQ(g6, "6|4326"); /* 6: MULTIPOLYGON XY */
  free(g6);
  const char *outline6 =
      "INSERT INTO submission(id, kind, submitted_at_utc, source_name,"
      " source_sha256, source_bytes, rows_in, rows_accepted, warnings,"
      " tool_version) VALUES (903, 'communes', '2026-01-01T00:00:00Z',"
      " 'c.geojson', 'ef', 1, 1, 1, 0, 't');"
      "INSERT INTO district_outline(submission_id, district_code, communes,"
      " members, geom) VALUES (903, '901', 1, 7, GeomFromText("
      "'MULTIPOLYGON(((107 10.5,107.01 10.5,107.01 10.51,107 10.5)))',"
      " 4326));";
  int o6 = sqlite3_exec(s->db, outline6, NULL, NULL, NULL);
  PHS_CHECK_(o6 == SQLITE_OK, "outline row: %s", sqlite3_errmsg(s->db));
  ASSERT_OK(phs_store_counts(s, counts, &d));
  ASSERT_EQ(counts[11], 1); /* district_outline */
  ASSERT_EQ(counts[9], 2);  /* results kept */
  phs_store_close(s);

  /* Migration: turn the store back into a version-1 store (no radio
  ** columns on site) and reopen it: it must come back at the current
  ** version with the columns, its data intact. */
  /* Through phusong's own connection: SpatiaLite's triggers need its
  ** functions when SQLite rewrites the table. */
  phs_diag_clear(&d);
  ASSERT_OK(phs_store_open(path, &s, &d));
  sqlite3 *v1 = s->db;
  const char *to_v1 =
      V8_UNDO
      "SELECT DiscardGeometryColumn('district_outline', 'geom');"
      "DROP TABLE district_outline;" /* version 6 */
      "DROP TABLE household_chunk;" /* version 7 */
      "DROP INDEX result_metric;" /* version 9 */
      "SELECT DiscardGeometryColumn('claimed_coverage', 'geom');"
      "DROP TABLE claimed_coverage;"
      "ALTER TABLE submission DROP COLUMN source_detail;"
      "ALTER TABLE submission DROP COLUMN tech;"
      "ALTER TABLE site DROP COLUMN azimuth_deg;"
      "ALTER TABLE site DROP COLUMN beamwidth_deg;"
      "ALTER TABLE site DROP COLUMN tilt_deg;"
      "ALTER TABLE site DROP COLUMN height_m;"
      "ALTER TABLE site DROP COLUMN eirp_dbm;"
      "ALTER TABLE site DROP COLUMN tilt_mech_deg;"
      "ALTER TABLE site DROP COLUMN tx_power_dbm;"
      "ALTER TABLE site DROP COLUMN antenna_gain_dbi;"
      "ALTER TABLE site DROP COLUMN feeder_loss_db;"
      "DELETE FROM schema_version WHERE version > 1;";
  int mrc = sqlite3_exec(v1, to_v1, NULL, NULL, NULL);
  PHS_CHECK_(mrc == SQLITE_OK, "back to v1: %s", sqlite3_errmsg(v1));
  phs_store_close(s);
  phs_diag_clear(&d);
  ASSERT_OK(phs_store_open(path, &s, &d));
  ASSERT_EQ(phs_store_schema_version(s), PHS_SCHEMA_VERSION);
  char *cols = query_text(s, "SELECT count(*) FROM pragma_table_info('site')"
                             " WHERE name IN ('azimuth_deg','beamwidth_deg',"
                             "'tilt_deg','height_m','eirp_dbm','tilt_mech_deg',"
                             "'tx_power_dbm','antenna_gain_dbi',"
                             "'feeder_loss_db')");
  ASSERT_STREQ(cols, "9");
  free(cols);
  char *v3 = query_text(s, "SELECT count(*) FROM pragma_table_info("
                           "'submission') WHERE name = 'tech'");
  ASSERT_STREQ(v3, "1");
  free(v3);
  char *cc = query_text(s, "SELECT count(*) FROM sqlite_master WHERE name ="
                           " 'claimed_coverage'");
  ASSERT_STREQ(cc, "1");
  free(cc);
  char *fk3 = query_text(s, "PRAGMA foreign_keys");
  ASSERT_STREQ(fk3, "1"); /* back on after the migration */
  free(fk3);
  ASSERT_OK(phs_store_counts(s, counts, &d));
  ASSERT_EQ(counts[9], 2); /* results kept */
  phs_store_close(s);

  /* Migration 6 -> 7: a version-6 store keeps its household points as
  ** rows. Drop household_chunk, file three points as rows, reopen: the
  ** table is back and the reader streams the old rows. */
  phs_diag_clear(&d);
  ASSERT_OK(phs_store_open(path, &s, &d));
  const char *to_v6 =
      V8_UNDO
      "DROP TABLE household_chunk;"
      "DROP INDEX result_metric;"
      "INSERT INTO submission(id, kind, submitted_at_utc, source_name,"
      " source_sha256, source_bytes, mode, rows_in, rows_accepted, warnings,"
      " tool_version) VALUES (904, 'households', '2026-01-01T00:00:00Z',"
      " 'h.csv', '01', 1, 'points', 3, 3, 0, 't');"
      "INSERT INTO household(submission_id, household_id, fibre, lon, lat)"
      " VALUES (904, 'a', 1, 107.25, 10.5), (904, 'b', 0, 107.5, 10.75),"
      " (904, NULL, 1, 106.125, 11.0625);"
      "DELETE FROM schema_version WHERE version > 6;";
  int m6 = sqlite3_exec(s->db, to_v6, NULL, NULL, NULL);
  PHS_CHECK_(m6 == SQLITE_OK, "back to v6: %s", sqlite3_errmsg(s->db));
  phs_store_close(s);
  phs_diag_clear(&d);
  ASSERT_OK(phs_store_open(path, &s, &d));
  ASSERT_EQ(phs_store_schema_version(s), PHS_SCHEMA_VERSION);
  phs_dataset ds;
  ASSERT_OK(phs_dataset_load(s, &ds, &d));
  ASSERT_EQ(ds.n_households, 3);
  ASSERT_EQ(ds.n_household_subs, 1);
  phs_household_reader *hr = NULL;
  phs_household_batch b;
  ASSERT_OK(phs_household_reader_open(s, &ds, &hr, &d));
  ASSERT_EQ(phs_household_reader_next(hr, &b, &d), 1);
  ASSERT_EQ(b.n, 3);
  ASSERT_TRUE(b.lon[0] == 107.25 && b.lat[0] == 10.5 && b.fibre[0] == 1);
  ASSERT_TRUE(b.lon[1] == 107.5 && b.lat[1] == 10.75 && b.fibre[1] == 0);
  ASSERT_TRUE(b.lon[2] == 106.125 && b.lat[2] == 11.0625 && b.fibre[2] == 1);
  ASSERT_EQ(phs_household_reader_next(hr, &b, &d), 0);
  phs_household_reader_close(hr);
  phs_dataset_free(&ds);

  /* Chunks: 70,000 points of a new submission (the old one superseded)
  ** come back as one full chunk and one of 4,464, values and IDs intact;
  ** the superseded rows are not read. */
  ASSERT_OK(store_begin_write(s, &d));
  ASSERT_OK(store_exec(s,
                       "UPDATE submission SET status = 'superseded' WHERE"
                       " id = 904;"
                       "INSERT INTO submission(id, kind, submitted_at_utc,"
                       " source_name, source_sha256, source_bytes, mode,"
                       " rows_in, rows_accepted, warnings, tool_version)"
                       " VALUES (905, 'households', '2026-01-01T00:00:00Z',"
                       " 'h2.csv', '02', 1, 'points', 70000, 70000, 0, 't')",
                       &d));
  hh_writer *w = NULL;
  ASSERT_OK(hh_writer_open(s, 905, &w, &d));
  for (long i = 0; i < 70000; i++) {
    char id[32];
    snprintf(id, sizeof(id), "h%ld", i);
    ASSERT_OK(hh_writer_add(w, i + 2, 102.0 + i * 1e-4, 8.5 + i * 1e-5,
                            (int)(i % 3 == 0), i == 5 ? NULL : id, &d));
  }
  long long written = 0;
  ASSERT_OK(hh_writer_finish(w, &written, &d));
  hh_writer_free(w);
  ASSERT_EQ(written, 70000);
  ASSERT_OK(store_exec(s, "COMMIT", &d));
  char *ch = query_text(s, "SELECT group_concat(n || ':' || first_row || '-'"
                           " || last_row, ' ') FROM (SELECT * FROM"
                           " household_chunk WHERE submission_id = 905"
                           " ORDER BY seq)");
  ASSERT_STREQ(ch, "65536:2-65537 4464:65538-70001");
  free(ch);
  /* the IDs blob: NUL-terminated strings, "" for a missing ID */
  char *ids = query_text(s, "SELECT hex(substr(household_id, 1, 12)) FROM"
                            " household_chunk WHERE submission_id = 905 AND"
                            " seq = 0");
  ASSERT_STREQ(ids, "683000683100683200683300"); /* h0 h1 h2 h3 */
  free(ids);
  ASSERT_OK(phs_dataset_load(s, &ds, &d));
  ASSERT_EQ(ds.n_households, 70000);
  ASSERT_OK(phs_household_reader_open(s, &ds, &hr, &d));
  long seen = 0, fibre = 0, exact = 0;
  int got;
  while ((got = phs_household_reader_next(hr, &b, &d)) == 1) {
    ASSERT_EQ(b.n, seen == 0 ? 65536 : 4464);
    for (long k = 0; k < b.n; k++, seen++) {
      fibre += b.fibre[k];
      exact += b.lon[k] == 102.0 + seen * 1e-4 && b.lat[k] == 8.5 + seen * 1e-5;
    }
  }
  ASSERT_EQ(got, 0);
  ASSERT_EQ(seen, 70000);
  ASSERT_EQ(exact, 70000);
  ASSERT_EQ(fibre, 23334); /* i % 3 == 0 for i < 70000 */
  phs_household_reader_close(hr);
  phs_dataset_free(&ds);
  phs_store_close(s);

  /* Migration 7 -> 8: a version-7 store knows only 'current' and
  ** 'superseded'. Back to 7, file two site filings of VT (the first, 4G
  ** and 5G, superseded) and two 4G coverage filings, reopen: each
  ** superseded filing names the next one of its kind, operator and mode
  ** and takes its time; site_filing has one row per filing and tech; an
  ** analysis as of a date sees the filing current then. */
  phs_diag_clear(&d);
  ASSERT_OK(phs_store_open(path, &s, &d));
  const char *to_v7 =
      V8_UNDO
      "DROP INDEX result_metric;" /* version 9 */
      "INSERT INTO submission(id, kind, operator_code, submitted_at_utc,"
      " source_name, source_sha256, source_bytes, rows_in, rows_accepted,"
      " warnings, tool_version, status, mode, tech) VALUES"
      " (910, 'sites', 'VT', '2026-02-01T00:00:00Z', 's1.csv', '10', 1, 2,"
      "  2, 0, 't', 'superseded', NULL, NULL),"
      " (911, 'sites', 'VT', '2026-03-01T00:00:00Z', 's2.csv', '11', 1, 1,"
      "  1, 0, 't', 'current', NULL, NULL),"
      " (912, 'coverage', 'VT', '2026-02-02T00:00:00Z', 'c1.gpkg', '12', 1,"
      "  1, 1, 0, 't', 'superseded', '4G', '4G'),"
      " (913, 'coverage', 'VT', '2026-03-02T00:00:00Z', 'c2.gpkg', '13', 1,"
      "  1, 1, 0, 't', 'current', '4G', '4G');"
      "INSERT INTO site(submission_id, operator_code, site_id, tech, lon,"
      " lat, source_row, geom) VALUES"
      " (910, 'VT', 'A', '4G', 107.1, 10.5, 2, MakePoint(107.1, 10.5, 4326)),"
      " (910, 'VT', 'B', '5G', 107.2, 10.5, 3, MakePoint(107.2, 10.5, 4326)),"
      " (911, 'VT', 'C', '5G', 107.3, 10.5, 2, MakePoint(107.3, 10.5, 4326));"
      "DELETE FROM schema_version WHERE version > 7;";
  int m7 = sqlite3_exec(s->db, to_v7, NULL, NULL, NULL);
  PHS_CHECK_(m7 == SQLITE_OK, "back to v7: %s", sqlite3_errmsg(s->db));
  ASSERT_EQ(phs_store_schema_version(s), 7);
  phs_store_close(s);
  phs_diag_clear(&d);
  ASSERT_OK(phs_store_open(path, &s, &d));
  ASSERT_EQ(phs_store_schema_version(s), PHS_SCHEMA_VERSION);
  char *ix9 = query_text(s, "SELECT count(*) FROM sqlite_master WHERE"
                            " type = 'index' AND name = 'result_metric'");
  ASSERT_STREQ(ix9, "1"); /* migration 8 -> 9 */
  free(ix9);
  char *sup = query_text(s, "SELECT group_concat(id || ':' ||"
                            " superseded_by || '@' || superseded_at_utc, ' ')"
                            " FROM (SELECT * FROM submission WHERE"
                            " superseded_by IS NOT NULL ORDER BY id)");
  ASSERT_STREQ(sup, "904:905@2026-01-01T00:00:00Z"
                    " 910:911@2026-03-01T00:00:00Z"
                    " 912:913@2026-03-02T00:00:00Z");
  free(sup);
  char *cur = query_text(s, "SELECT count(*) FROM submission WHERE status ="
                            " 'current' AND superseded_at_utc IS NOT NULL");
  ASSERT_STREQ(cur, "0");
  free(cur);
  char *sf = query_text(s, "SELECT group_concat(submission_id || ':' || tech"
                           " || ':' || coalesce(superseded_by, '-'), ' ')"
                           " FROM (SELECT * FROM site_filing ORDER BY"
                           " submission_id, tech)");
  ASSERT_STREQ(sf, "910:4G:911 910:5G:911 911:5G:-");
  free(sf);
  char *bl = query_text(s, "SELECT (SELECT count(*) FROM submission_blob) ||"
                           " '/' || (SELECT count(*) FROM submission_file)");
  ASSERT_STREQ(bl, "0/0"); /* bytes of older filings were never kept */
  free(bl);
  ASSERT_OK(phs_dataset_load_as_of(s, "2026-02-15T00:00:00Z", &ds, &d));
  ASSERT_EQ(ds.n_sites, 2); /* A and B of 910 */
  ASSERT_STREQ(ds.sites[0].site_id, "A");
  ASSERT_STREQ(ds.sites[1].site_id, "B");
  phs_dataset_free(&ds);
  ASSERT_OK(phs_dataset_load_as_of(s, "2026-03-01T00:00:00Z", &ds, &d));
  ASSERT_EQ(ds.n_sites, 1); /* C of 911, filed that second */
  ASSERT_STREQ(ds.sites[0].site_id, "C");
  phs_dataset_free(&ds);
  ASSERT_OK(phs_dataset_load(s, &ds, &d));
  ASSERT_EQ(ds.n_sites, 1);
  phs_dataset_free(&ds);
  ASSERT_OK(phs_store_counts(s, counts, &d));
  ASSERT_EQ(counts[9], 2); /* results kept */
  ASSERT_EQ(counts[13], 3); /* site_filing */
  phs_store_close(s);

  /* A file that is not a store is refused, not migrated. */
  phs_diag_clear(&d);
  char other[1100];
  snprintf(other, sizeof(other), "%s.other", path);
  unlink(other);
  sqlite3 *raw = NULL;
  sqlite3_open(other, &raw);
  sqlite3_exec(raw, "CREATE TABLE t(x)", NULL, NULL, NULL);
  sqlite3_close(raw);
  ASSERT_EQ(phs_store_open(other, &s, &d), PHS_ERUNTIME);
  ASSERT_CONTAINS(d.msg, "not a phusong store");
  phs_diag_clear(&d);
  ASSERT_EQ(phs_store_open("/nonexistent/x.sqlite", &s, &d), PHS_ERUNTIME);
  ASSERT_CONTAINS(d.msg, "no such store");
  phs_diag_clear(&d);
  unlink(other);
  return phs_test_report("data_store");
}
