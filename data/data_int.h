/*
** data_int.h: what the files of data/ share and nobody else sees.
**
** Design note. An import is two passes over the input through a phs_reader
** (reader.c), which gives every format the same shape: a header of field
** names and records of NFC UTF-8 strings plus an optional geometry. CSV is
** read by our own tokenizer, because GDAL's CSV driver silently repairs
** ragged rows, merges broken quotes and reads decimal commas as numbers
** (../shared/spec/bad-inputs.md, group A); every other format is read
** through OGR with an allow-list of drivers. Pass 1 validates every record
** (values.c has the value parsers) and collects all problems; pass 2
** runs only when there were none, inside one BEGIN IMMEDIATE transaction
** that also writes the submission (provenance) row.
*/
#ifndef PHS_DATA_INT_H
#define PHS_DATA_INT_H

#include <math.h>
#include <ogr_api.h>
#include <sqlite3.h>
#include <stdio.h>

#include "phs_data.h"

#define PHS_BUSY_TIMEOUT_MS 10000 /* one wait of SQLite's busy handler */
#define PHS_WRITE_WAIT_MS 60000   /* store_begin_write gives up after it */
#define PHS_QUEUE_PATIENCE_MS 15000 /* then tries out of turn (write_lock.c) */
#define PHS_MAX_FIELD_BYTES 4096 /* C8: default cell limit */

struct phs_store {
  sqlite3 *db;        /* owned: sqlite3_close() */
  void *splite_cache; /* owned: spatialite_cleanup_ex() */
  char *path;         /* owned */
};

/* store.c helpers used by import.c and dataset.c */
int store_exec(phs_store *s, const char *sql, phs_diag *d);
int store_prepare(phs_store *s, const char *sql, sqlite3_stmt **st,
                  phs_diag *d);
int store_sqlite_error(phs_store *s, int rc, phs_diag *d);
void store_now_utc(char *buf, size_t n);
/* The fault-injection hooks of the tests (test_hooks.c), inert unless
** their environment variables are set: read them (connect() calls it
** before opening the first connection); raise SIGKILL if PHS_TEST_KILL_AT
** names this phase of an import (n: the rows written so far, for
** "row:N"); apply PHS_TEST_MAX_PAGES to a new connection. */
void store_test_hooks_init(void);
void store_test_kill_point(const char *phase, long n);
/* PHS_TEST_SWAP_AFTER_CHECK=FILE: rename FILE over path (a submitted
** GeoPackage, just checked), as a submitter racing the import would. */
void store_test_swap_point(const char *path);
/* PHS_TEST_WAIT_LOG: how long store_begin_write waited (ms; "gave-up"
** when it did not get the lock), and at the "committed" kill point how
** long the lock was held and the CPU time used meanwhile, appended to
** that file (tests/cli/concurrency.sh). */
void store_test_note_wait(long long waited_ms);
int store_test_hooks_connect(phs_store *s, phs_diag *d);
/* Little-endian WKB (Multi)Polygon, as SpatiaLite's AsBinary writes it,
** appended to m. 0 ok, -1 malformed. (dataset.c) */
int store_wkb_to_mpoly(const unsigned char *w, size_t len, phs_mpoly *m);
/* A geometry column's SpatiaLite BLOB into m (store_blob_to_mpoly reads
** 2D polygons directly; anything else goes through SpatiaLite's AsBinary).
** Returns 0 ok, -1 not a (multi)polygon or unreadable. */
int store_blob_to_mpoly(const unsigned char *b, size_t len, phs_mpoly *m);
int store_geom_to_mpoly(phs_store *s, const unsigned char *blob, size_t len,
                        phs_mpoly *m);
/* Inside the import transaction of commune submission sub_id: build and
** store the outline of every district that has a commune of it, over all
** the store's communes of that district (outline.c). */
int store_district_outlines_import(phs_store *s, long long sub_id,
                                   phs_diag *d);
/* The stored district outlines into ds->outlines, sorted by district code
** (outline.c, for dataset.c). */
int store_district_outlines_load(phs_store *s, phs_dataset *ds, phs_diag *d);

/* --------------------------- the fast lane for plain CSV (csv_points.c) */

#define CSV_SCAN_DECLINED 100 /* not a PHS_ status: "use the reader" */

/*
** Scan a CSV file whose header the reader has read (path, data_start,
** header_lines, sep, n_fields, max_field are the reader's), calling
** row_fn for each record with its row number and n_fields NUL-terminated
** cells. row_fn returns 0 to go on, CSV_SCAN_DECLINED when the row needs
** the general reader, or a status that stops the scan.
*/
typedef struct csv_scan {
  const char *path; /* what the reader opened (may be /vsizip/...) */
  long data_start, header_lines;
  char sep;
  int n_fields;
  size_t max_field;
  int (*row_fn)(void *ctx, long row, char **cells);
  void *ctx;
  long long min_range; /* parallel scans: bytes per range at least (0 = 8 MB) */
} csv_scan;
/* PHS_OK after the last row; CSV_SCAN_DECLINED with *declined_row the row
** where the file stopped being plain; or row_fn's / an I/O status. */
int csv_scan_run(const csv_scan *sc, long *declined_row, phs_diag *d);
/*
** The same on up to n_threads threads: the file is cut into ranges of
** whole lines (at least sc->min_range bytes each), range i calling row_fn
** with ctxs[i]
** (sc->ctx is not used), with the rows numbered as one scan numbers them.
** *n_used receives how many ranges (and contexts) were used, in file
** order. When ranges decline or fail, the first one in file order gives
** the status and *declined_row.
*/
int csv_scan_run_parallel(const csv_scan *sc, int n_threads, void **ctxs,
                          int *n_used, long *declined_row, phs_diag *d);

/* ------------------------- household points in chunks (household_points.c) */

#define HH_CHUNK_POINTS PHS_HOUSEHOLD_BATCH /* points per household_chunk row */

/* Appends household points to submission sub_id's chunks, inside the
** import's transaction; a chunk is written whenever it fills. */
typedef struct hh_writer hh_writer;
int hh_writer_open(phs_store *s, long long sub_id, hh_writer **w,
                   phs_diag *d);
/* One point: its source row (or feature), lon/lat, fibre 0/1, ID (or
** NULL). */
int hh_writer_add(hh_writer *w, long row, double lon, double lat, int fibre,
                  const char *id, phs_diag *d);
/* Write the last, partial chunk; *written (may be NULL): points in all. */
int hh_writer_finish(hh_writer *w, long long *written, phs_diag *d);
void hh_writer_free(hh_writer *w);
/* The current household point submissions that hold points, into
** ds->household_subs, and their points' total into ds->n_households. */
int store_household_subs_load(phs_store *s, phs_dataset *ds, phs_diag *d);
/* Prepare sql_fmt with its one %s replaced by the test that submission
** "s" (per_tech: and its technology's row "f" of site_filing) was in
** force at ds->as_of, or is current when that is "" (dataset.c). */
int store_prepare_as_of(phs_store *s, const phs_dataset *ds,
                        const char *sql_fmt, int per_tech, sqlite3_stmt **st,
                        phs_diag *d);

/* ------------------------------------ the provenance row (submission.c) */

/*
** What an import writes into its submission row. Text fields that are
** NULL or "" are stored as NULL; kind, source_path and sha256 are
** required.
*/
typedef struct store_submission {
  const char *kind;          /* phs_import_kind_name(): "sites", ... */
  const char *operator_code; /* sites, coverage; NULL otherwise */
  const char *mode;          /* households "points"/"counts"; coverage:
                                the technology; NULL otherwise */
  int supersede;             /* 1: the current filing of the same kind,
                                operator and mode becomes 'superseded' */
  const char *submitter;
  const char *source_path;   /* as given: its last component is stored */
  const char *sha256;        /* 64 hex characters */
  long long bytes;
  const char *format;        /* "CSV", "GeoJSON", ... or a raster's GDAL
                                driver ("GTiff") */
  const char *source_detail; /* what the file held beyond its format (a
                                raster's size, resolution, CRS, band, rule
                                and claimed cells); NULL for record files */
  const char *encoding;      /* "UTF-8" for record files, NULL for rasters */
  const char *crs_declared;  /* the file's CRS as WKT, NULL when none */
  const char *crs_used;      /* what the coordinates were read as */
  long long rows_in, rows_accepted;
  long warnings;             /* all warnings, kept or not */
  const char *warning_text;  /* the kept ones, one a line */
  const char *tech;          /* coverage: "4G"/"5G"; NULL otherwise */
  long long keep_raw_max;    /* keep the raw bytes up to this many (all
                                the files of a shapefile set together);
                                0 = PHS_KEEP_RAW_DEFAULT, < 0 = never */
} store_submission;

/* BEGIN IMMEDIATE, waited for in the order the writers asked (the line
** below) for up to PHS_WRITE_WAIT_MS, then PHS_EBUSY naming the store;
** PHS_EINTERRUPT on Ctrl-C meanwhile. write_lock.c. */
int store_begin_write(phs_store *s, phs_diag *d);
/*
** The line of writers waiting for the write lock of the store at db_path
** (write_lock.c): join takes a place (fd -1 when there is no line to join:
** an in-memory store, a lock file that cannot be made; first is then
** always 1), first says whether no writer that came earlier still waits,
** leave gives the place up. A process that ends leaves its place.
*/
typedef struct store_queue {
  int fd;          /* the lock file "STORE-queue", or -1 */
  long long place; /* the byte read-locked: arrival time in ns */
} store_queue;
void store_queue_join(const char *db_path, store_queue *q);
int store_queue_first(const store_queue *q);
void store_queue_leave(store_queue *q);
/*
** Inside a transaction opened by store_begin_write: the operator row (if
** any), the supersede of the previous filing (if sub->supersede), and the
** submission row, whose id goes to *sub_id. On failure returns the status
** (d filled, *sub_id untouched) and the caller rolls back.
*/
int store_submission_write(phs_store *s, const store_submission *sub,
                           long long *sub_id, phs_diag *d);
/*
** Inside the same transaction, once a site filing's rows are written: its
** technologies into site_filing, and the operator's filing in force for
** each of them superseded (the filing as a whole once none of its
** technologies is left in force). submission.c.
*/
int store_sites_supersede(phs_store *s, long long sub_id, const char *op,
                          phs_diag *d);
/*
** Sites with coordinates for the shared-tower check (shared_sites.c): a
** site filing's own (group 0, labelled "SITE", gathered in pass 1), then
** the other operators' (group 1, "OP/SITE"). add returns -1 when out of
** memory.
*/
typedef struct store_site_points {
  double *lon, *lat;
  int *group;
  char **label; /* owned */
  long n, cap;
} store_site_points;
int store_site_points_add(store_site_points *v, double lon, double lat,
                          int group, const char *op, const char *id);
void store_site_points_free(store_site_points *v);
/*
** Before the write transaction of a site filing of operator op whose own
** sites are v (group 0): the sites of other operators in force now are
** added to v, and when some lie within max_m metres (0:
** PHS_SHARE_DISTANCE_M) of the filing's, *text is the warning (malloc'd,
** without the file's name: possibly shared towers, never merged), else
** NULL. Reads only: a filing committed after it is not in the warning.
*/
int store_shared_sites_find(phs_store *s, const char *op,
                            store_site_points *v, double max_m, char **text,
                            phs_diag *d);
/*
** Keep the raw bytes of submission sub_id (submission_files.c): every file
** of sub->source_path (a shapefile's .shp and its sidecar files; one file
** otherwise) in submission_file, and its bytes, once per SHA-256, in
** submission_blob when the set is within sub->keep_raw_max (kept = 0
** otherwise). PHS_EINPUT when a file changed since it was hashed.
*/
int store_submission_keep_files(phs_store *s, long long sub_id,
                                const store_submission *sub, phs_diag *d);
/* Does submission sub_id hold the files of path and its sidecars, byte
** for byte (the same SHA-256 under each extension; the names may differ)?
** *same 1 or 0; for C3 on a shapefile, whose .shp alone says nothing of
** its .dbf (submission_files.c). */
int store_submission_same_files(phs_store *s, long long sub_id,
                                const char *path, int *same, phs_diag *d);
/* The warnings d kept from index first on, one a line (malloc'd; the
** submission's warning_text), or NULL when there are none. */
char *store_warning_text(const phs_diag *d, int first);
/* Bind s as text, or NULL when s is NULL or "". */
void store_bind_text_or_null(sqlite3_stmt *st, int i, const char *s);
/* One claimed_coverage row: ?1 submission, ?2 operator, ?3 tech, ?4
** source row (or polygon number), ?5 little-endian WKB in EPSG:4326. */
extern const char store_claim_insert_sql[];

/*
** The store's commune polygons as a point index, to tell points that lie
** inside Vietnam but outside the province (bad-inputs B2). area_check.c.
*/
#define PHS_AREA_CHECK_ROWS 20
typedef struct area_check {
  phs_mpoly *polys;     /* owned: n polygons, lon/lat, in commune code order */
  char **codes, **names;/* owned: each polygon's commune code and name */
  int n;                /* 0: the store has no communes, nothing checked */
  phs_pip_index *ix;    /* owned */
  long n_checked, n_out;
  long rows[PHS_AREA_CHECK_ROWS]; /* first rows outside */
  long long *count;     /* owned when counting (phusong count): points per
                           polygon; NULL otherwise */
} area_check;

int area_check_load(phs_store *s, area_check *a, phs_diag *d);
void area_check_point(area_check *a, double lon, double lat, long row);
void area_check_free(area_check *a);

/* Register GDAL's drivers once per process, safely from any thread
** (reader.c). */
void store_gdal_register(void);

/* ------------------------------------------------------------ reader */

typedef struct phs_reader {
  char *path;         /* owned: as given by the user, for messages */
  char *open_path;    /* owned: what is opened (/vsizip/... for .zip) */
  int is_csv;
  const char *format; /* "CSV", "GeoJSON", ... (static) */
  char *crs_wkt;      /* owned: the layer's CRS as WKT, NULL when none */
  /* header */
  int n_fields;
  char **fields;      /* owned: NFC field names */
  /* current record */
  long row;           /* CSV: line number of the record's first line
                         (header = 1); OGR: 1-based feature index */
  char **values;      /* owned: n_fields NFC strings, "" for NULL */
  int row_ragged;     /* CSV: the record had the wrong number of fields */
  size_t max_field;   /* C8: longer cells are rejected */
  OGRGeometryH geom;  /* borrowed from feat: NULL for CSV or none */
  /* CSV state */
  void *fp;           /* owned VSILFILE* (so /vsizip/ members work too) */
  char *buf;          /* owned: read buffer */
  size_t buf_len, buf_pos;
  int eof;
  char sep;           /* separator chosen */
  long line;          /* lines consumed so far */
  char *rec;          /* owned: raw record buffer */
  size_t rec_cap;
  long data_start;    /* file offset of the first data record */
  long header_lines;  /* lines in the header record */
  /* OGR state */
  void *ds;           /* owned GDALDatasetH */
  OGRLayerH lyr;      /* borrowed from ds */
  OGRFeatureH feat;   /* owned: current feature */
  /* text encoding (reader_text.c) */
  const char *encoding;     /* static: what the text was decoded from
                               ("UTF-8", "CP1258", ...), for the
                               submission row */
  struct enc_decoder *dec;  /* owned: decodes OGR's raw shapefile text;
                               NULL when the text is UTF-8 */
  char *vsimem;             /* owned: the /vsimem/ copy read instead of the
                               file (a CSV decoded for --encoding, a
                               GeoPackage read once), unlinked on close */
  char sha256[65];          /* of the bytes read, when the file was read
                               whole (a GeoPackage); "" otherwise */
  /* shapefile polygons (shapefile.c, D5) */
  int shp;                  /* the layer is a shapefile */
  long rings_wrong;         /* rings wound against the shapefile rule */
  long rings_wrong_features, rings_wrong_first; /* features with one, the
                                                   first of them */
  int rings_warned;         /* the D5 warning was given (pass 1) */
} phs_reader;

/*
** Open a layer for reading: checks the path (no /vsi prefix, no URL),
** the size cap, CSV structure of the header (BOM, UTF-16, separator,
** duplicate names, missing header). Problems go to d as input errors
** (PHS_EINPUT) or warnings.
*/
int reader_open(phs_reader *r, const char *path, const phs_import_opts *o,
                phs_diag *d);
/*
** Next record: returns 1 and fills r->values/r->geom/r->row, 0 at the end,
** or a status (> 0... negative never) on a structural error that stops
** reading (d filled). Row-level text problems (invalid UTF-8, control
** characters, huge cells) are reported to d and the record still returned.
*/
int reader_next(phs_reader *r, phs_diag *d, int *status);
/* Start again from the first record (for the write pass). */
int reader_rewind(phs_reader *r, phs_diag *d);
void reader_close(phs_reader *r);
/* Index of a field by name (case-insensitive), -1 when absent. */
int reader_field(const phs_reader *r, const char *name);

/* ------------------------------ text encodings of a layer (reader_text.c) */

/* --encoding parsed into *enc (a phs_enc, encoding.h; 0 when not given);
** PHS_EUSAGE naming the accepted names when unknown. */
int reader_encoding_option(const phs_import_opts *o, int *enc, phs_diag *d);
/* CSV: with --encoding other than UTF-8, decode r->open_path whole into a
** /vsimem/ copy and point r->open_path at it; sets r->encoding. */
int reader_csv_decode(phs_reader *r, const phs_import_opts *o, phs_diag *d);
/* OGR layer just opened (with ENCODING="" for shapefiles): choose the
** encoding (--encoding, .cpg, DBF language driver, else detection: D2
** stops with a preview), check the .shx/.dbf record counts (D4); sets
** r->encoding and r->dec. */
int reader_ogr_encoding(phs_reader *r, const phs_import_opts *o,
                        phs_diag *d);
/* A raw OGR string decoded with r->dec (a copy when r->dec is NULL),
** malloc'd; on bytes invalid in the encoding, an input error for field
** (NULL: a field name) and "". NULL when out of memory. */
char *reader_decode(phs_reader *r, const char *raw, const char *field,
                    phs_diag *d, int *status);
void reader_text_close(phs_reader *r);

/* ------------------------------------ GeoJSON and KML text (markup_check.c) */

/* E4: strict JSON syntax of buf. -1 when valid, else the byte offset of
** the first fault, with why (static text), the features of the top-level
** "features" array begun by then, and whether the fault is inside it. */
long json_syntax_check(const char *buf, size_t n, long *feature,
                       int *in_features, const char **why);
/* E5-E7: what a KML text holds that phusong refuses or does not follow. */
typedef struct kml_scan_result {
  long dtd_line;       /* line of the first <!ENTITY (else <!DOCTYPE); 0 none */
  char dtd_text[96];   /* that declaration, cut at the line's end */
  long n_links;        /* <NetworkLink> elements */
  long link_line;      /* line of the first */
  char link_href[128]; /* the first <href> after the first link */
} kml_scan_result;
kml_scan_result kml_scan(const char *s, size_t n);
/* Before GDAL opens a .geojson/.json (E4) or .kml (E5, E6: PHS_EINPUT;
** E7: a warning) at open_path (a /vsizip/ path too); shown names it. */
int markup_check(const char *open_path, const char *shown, phs_diag *d);

/* ------------------------------------------------ shapefiles (shapefile.c) */

/* The sidecar of a .shp path with extension ext (".dbf"), as it exists in
** lower or upper case, malloc'd; NULL when there is none. */
char *shp_sidecar(const char *shp, const char *ext);
/* D3: a .shp path without its .shx or .dbf: PHS_EINPUT naming it. */
int shp_sidecars_check(const char *shp, const char *shown, phs_diag *d);
/* D4: .shx and .dbf counting different records: PHS_EINPUT. */
int shp_counts_check(const char *shp, const char *shown, phs_diag *d);
/* The encoding the .cpg (else the DBF language driver byte) declares, into
** *enc (a phs_enc; 0 when nothing usable is declared), and where it came
** from into source (for messages). PHS_EINPUT for a .cpg naming an
** encoding phusong does not read. */
int shp_declared_encoding(const char *shp, const char *shown, int *enc,
                          char *source, size_t source_size, phs_diag *d);
/* D6: warn about field names that look like a truncated, renamed repeat
** ("populati_1" beside "population", "NAME_1" beside "NAME"). */
void shp_renamed_fields(const phs_reader *r, phs_diag *d);
/* D5: count the rings of the current feature's polygons wound against the
** shapefile rule (outer clockwise, holes counter-clockwise); GDAL was told
** to assemble them by containment (OGR_ORGANIZE_POLYGONS=DEFAULT). */
void shp_rings_count(phs_reader *r);
/* At the end of pass 1: the D5 warning with the count, once. */
void shp_rings_warn(phs_reader *r, phs_diag *d);

/* ------------------------------------ untrusted files (untrusted.c) */

#define PHS_DEFAULT_MAX_UNCOMPRESSED (1LL << 30) /* G2: --max-uncompressed */
#define PHS_ZIP_MAX_RATIO 200                     /* G2: uncompressed:zip */
#define PHS_DEFAULT_MAX_ROWS 1000000LL            /* H4: --max-rows */

struct stat;
/* Refuse /vsi prefixes and URLs (I3). */
int untrusted_path_check(const char *path, phs_diag *d);
/* The path checked, opened read-only with O_NOFOLLOW (a symbolic link is
** refused, G5), a regular file: its descriptor in *fd, its stat in *sb. */
int untrusted_open(const char *path, struct stat *sb, int *fd,
                   phs_diag *d);
/* A shapefile's other files (.shx, .dbf, .prj, ...) beside path: none may
** be a symbolic link (G5). */
int untrusted_sidecars_check(const char *path, phs_diag *d);
/* The name to give GDAL for a local path (malloc'd): a relative name gets
** "./" so GDAL cannot read it as a connection string or inline JSON. */
char *untrusted_gdal_path(const char *path);
/*
** The zip open on fd (path for messages, vsi_zip its /vsizip/ name), by
** its central directory (G1-G6), then every member read once up to its
** declared size; the layer to read (G4): *member (malloc'd) when it is a
** member of its own (a CSV, or the one --layer names), NULL when OGR
** opens the zip itself; *member_csv when it is a CSV.
*/
int untrusted_zip_check(const char *path, int fd, const char *vsi_zip,
                        const phs_import_opts *o, char **member,
                        int *member_csv, phs_diag *d);
/* Does the file open on fd start with the SQLite header? */
int untrusted_is_sqlite(int fd);
/* A GeoPackage opened by us read-only, immutable, triggers and views off:
** quick_check, application_id, gpkg_contents, no view layers, one layer
** (or --layer), at most --max-rows rows (H1-H4). *layer (malloc'd): the
** layer checked, by its name in gpkg_contents: OGR must read that one.
** With o NULL (and layer NULL): the safety checks only, up to H3 and no
** view in gpkg_contents (a raster GeoPackage, claims_raster.c). */
int untrusted_gpkg_check(const char *path, const phs_import_opts *o,
                         char **layer, phs_diag *d);
/*
** A submitted GeoPackage for the reader: the file open on fd (path for
** messages) read once, whole, into memory; sha256 (hex) of those bytes;
** the checks of untrusted_gpkg_check run on that copy (deserialized,
** read-only), and the copy then held at *vsimem (malloc'd /vsimem/ name,
** VSIUnlink it) for OGR to read, so what is checked, hashed and imported
** are the same bytes whatever happens to the file meanwhile. *layer as
** above. On failure *vsimem and *layer are NULL and sha256 "".
*/
int untrusted_gpkg_read(const char *path, int fd, const phs_import_opts *o,
                        char **layer, char **vsimem, char sha256[65],
                        phs_diag *d);

/* ---------------------------------------------------- value parsing */

/* Result of parsing a number cell. */
typedef enum {
  NUM_OK = 0,
  NUM_EMPTY,       /* blank */
  NUM_BAD,         /* not a number */
  NUM_NONFINITE,   /* nan, inf, or overflow */
  NUM_COMMA,       /* a decimal comma: "105,85" */
  NUM_THOUSANDS,   /* grouped digits: "1.234.567", "1,234" */
  NUM_DMS          /* parsed from degrees-minutes-seconds or hemisphere */
} num_kind;

/*
** Parse a number. decimal_comma accepts "105,85". For coordinates,
** allow_dms accepts 105°51'30"E, 105 51 30 E, 10.5N (value written to *v,
** S and W negative). *decimals receives the number of digits after the
** decimal mark (for the precision warning, B10).
*/
num_kind parse_number(const char *s, int decimal_comma, int allow_dms,
                      double *v, int *decimals);
/*
** The fast path of parse_number for the common case: [-+]digits[.digits]
** with at most 19 significant digits, exactly as parse_number (and
** strtod) would read it. Returns 1 with *v and *decimals set, or 0 when
** s is anything else (then ask parse_number).
*/
int parse_plain_decimal(const char *s, double *v, int *decimals);
/* Parse an integer count (no sign, no grouping); 0 ok, -1 otherwise. */
int parse_count(const char *s, long long *v);
/* Parse a yes/no survey answer: 1, 0, or -1 for missing, -2 for bad.
** Accepts 1/0, yes/no, y/n, true/false, có/không, co/khong, x/(empty). */
int parse_yesno(const char *s);

/* ------------------------------------------------------------- text */

/*
** Check and normalise one cell in place: returns a new malloc'd NFC
** string with C0/C1 control characters (except tab) removed, or NULL and
** sets *problem to a static description ("not valid UTF-8", or exactly
** "out of memory").
*/
char *text_clean(const char *s, const char **problem);
/* Does s contain a bidi control (U+202A..202E, U+2066..2069)? */
int text_has_bidi(const char *s);
/* Does the invalid byte sequence look like CP1258 / TCVN3 / Latin-1? */
const char *text_guess_legacy(const char *s);
/* Quote a value for messages: at most 40 characters (UTF-8 safe), control
** characters escaped; writes into buf. */
const char *text_quote(const char *s, char *buf, size_t n);
/* Lower-case ASCII copy, for matching column names (malloc'd). */
char *text_fold(const char *s);

/* SHA-256 of a file as 64 hex characters; also its size. */
int file_sha256(const char *path, char hex[65], long long *bytes,
                phs_diag *d);

/* ---------------------------------------------- raster claims (issue 3) */

/* Is path a raster GDAL reads (and not a vector layer)? 1 yes, 0 no.
** import.c sends such coverage filings to claims_raster_import. */
int claims_raster_detect(const char *path);
/*
** Import an operator's coverage raster (claims_raster.c): a signal raster
** (cells >= o->threshold_dbm claimed) or a 0/1 mask, band o->band, turned
** into claimed_coverage polygons of a new 'coverage' submission for
** o->operator_code and tech ("4G"/"5G", static), in one transaction; with
** s NULL or o->dry_run, only validated. res->sha256 must be filled (bytes
** is the file's size); the rest of res is filled here. Returns as
** phs_import does: PHS_EINPUT naming the file and band, the store
** unchanged.
*/
int claims_raster_import(phs_store *s, const char *path,
                         const phs_import_opts *o, const char *tech,
                         long long bytes, phs_import_result *res,
                         phs_diag *d);

#endif /* PHS_DATA_INT_H */
