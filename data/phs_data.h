/*
** phs_data.h: inputs and the store.
**
** The store is one SpatiaLite database file. Every import reads its input
** twice: a validation pass that reads every row and collects every problem
** before anything is written, then (only when no problem was found) one
** write transaction that inserts the rows together with the provenance row
** of the submission. Bad input therefore never half-imports: the store is
** either unchanged or holds the whole submission.
**
** data/ wraps OGR (reading any vector format), SQLite and SpatiaLite. It
** also loads what an analysis needs into plain structures (phs_dataset),
** so analyzer/ never sees SQL.
*/
#ifndef PHS_DATA_H
#define PHS_DATA_H

#include "../geo/phs_common.h"
#include "../geo/phs_geo.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------- store */

/* An open store: one SQLite connection, for one thread at a time (it is
** opened without SQLite's per-call mutex). */
typedef struct phs_store phs_store;

/* Current schema version; phs_store_open migrates older stores to it. */
#define PHS_SCHEMA_VERSION 9
/* Raw bytes of a filing are kept up to this size (docs/submissions.md):
** every file an operator sends; a national household-points file (~1 GB)
** is not, and the store records that it was not. SQLite's own limit on a
** value is 1,000,000,000 bytes. */
#define PHS_KEEP_RAW_DEFAULT (256LL * 1024 * 1024)
#define PHS_KEEP_RAW_LIMIT 900000000LL
/* Sites of different operators this close are reported as possibly
** shared towers (docs/submissions.md). */
#define PHS_SHARE_DISTANCE_M 30.0

/*
** Create a new store at path. Fails with PHS_EUSAGE when the file exists
** (a store is never overwritten), PHS_ERUNTIME otherwise. On success *out
** is an open store the caller closes with phs_store_close().
*/
int phs_store_create(const char *path, phs_store **out, phs_diag *d);
/*
** Open an existing store, read-write, and migrate it to the current
** schema. PHS_ERUNTIME when missing or not a phusong store; PHS_EBUSY
** when another process holds the write lock past the busy timeout.
*/
int phs_store_open(const char *path, phs_store **out, phs_diag *d);
/* Close (accepts NULL). */
void phs_store_close(phs_store *s);
/* The schema version recorded in the store, or -1 on error. */
int phs_store_schema_version(phs_store *s);
/*
** Row counts of the main tables, for tests and for "store unchanged"
** checks: fills counts[] for each of the names in phs_store_tables[]
** (NULL-terminated) and returns PHS_OK.
*/
extern const char *const phs_store_tables[];
int phs_store_counts(phs_store *s, long long *counts, phs_diag *d);
/* PRAGMA integrity_check: PHS_OK when "ok". */
int phs_store_check(phs_store *s, phs_diag *d);

/* Versions of the libraries data/ wraps, for --version. */
const char *phs_sqlite_version(void);
const char *phs_spatialite_version(void);
const char *phs_gdal_version(void);

/* ----------------------------------------------------------- imports */

typedef enum {
  PHS_IMPORT_COMMUNES = 0,   /* commune polygons with codes and names */
  PHS_IMPORT_HOUSEHOLDS = 1, /* household points, or per-commune counts */
  PHS_IMPORT_SURVEY = 2,     /* weighted survey respondents */
  PHS_IMPORT_SITES = 3,      /* an operator's site layer (submit) */
  PHS_IMPORT_COVERAGE = 4,   /* an operator's own coverage polygons for one
                                technology (what it claims to cover) */
  PHS_IMPORT_POINTS = 5      /* any points, counted per commune and never
                                stored (phs_count_points) */
} phs_import_kind;

const char *phs_import_kind_name(phs_import_kind k);

/*
** Import options. Zero (memset) means "the default" for every field, so
** new options never break callers. Field-name options take a column name;
** NULL means: try the documented candidate names (docs/input-formats.md),
** case-insensitively after NFC normalisation, and stop with an error when
** two candidates are present.
*/
typedef struct phs_import_opts {
  const char *operator_code; /* sites, coverage: required, e.g. "VIETTEL" */
  const char *tech;          /* coverage: required, "4G" or "5G" */
  const char *submitter;     /* who filed it (free text), may be NULL */
  const char *src_crs;       /* CRS of the input; NULL: the file's, else
                                EPSG:4326 */
  const char *layer;         /* layer name for multi-layer inputs */
  const char *x_field, *y_field, *id_field, *name_field;
  const char *code_field;      /* commune code */
  const char *fallback_code_field; /* used when code_field is empty, e.g.
                                     district_code for districts without
                                     communes (Côn Đảo) */
  const char *district_code_field, *district_name_field;
  const char *province_code_field, *province_name_field;
  const char *tech_field, *band_field, *radius_field;
  const char *households_field, *population_field, *fibre_field;
  const char *weight_field;
  int decimal_comma;     /* accept "105,85" as 105.85 */
  int swap_xy;           /* the file has lat/lon swapped: swap them */
  int keep_uncoded;      /* communes: keep a polygon without a code under a
                            provisional code "UNCODED-<feature>" */
  int allow_missing_geometry; /* sites: keep rows without coordinates */
  int make_valid;        /* communes, coverage: repair invalid polygons
                            (rings closed, then GEOS MakeValid) with a
                            warning each, instead of rejecting them (F1-F3) */
  long long max_input_size;   /* bytes; 0 = 200 MB */
  long long max_uncompressed; /* a zip's members in all, bytes; 0 = 1 GB */
  long long max_rows;         /* GeoPackage layer rows; 0 = 1 000 000 */
  long long keep_raw_max;     /* keep the raw bytes of a filing up to this
                                 size (bytes; 0 = PHS_KEEP_RAW_DEFAULT,
                                 < 0 never; docs/submissions.md) */
  double share_distance_m;    /* sites: report other operators' sites
                                 this close as possibly shared towers
                                 (0 = PHS_SHARE_DISTANCE_M) */
  int dry_run;           /* validate against the store, write nothing */
  int no_header;         /* CSV without a header row: columns are named
                            "1", "2", ... (--x-field 2 --y-field 3) */
  int max_field_bytes;   /* longer cells are rejected; 0 = 4096 */
  const char *encoding;  /* text encoding of a CSV or shapefile ("cp1258",
                            "tcvn3", "vni", ...: data/encoding.h); NULL:
                            UTF-8 for CSV, the .cpg / DBF header or
                            detection for shapefiles */
  int threads;           /* a plain CSV of points is checked on this many
                            threads (0 = one per core); the outcome never
                            depends on it */
  /* coverage filed as a raster (docs/input-formats.md): */
  int band;              /* band holding the claim, from 1; 0 = the only
                            band (a multi-band raster needs it) */
  int has_threshold;     /* 1: threshold_dbm was given: a signal raster */
  double threshold_dbm;  /* cells at or above it are claimed */
} phs_import_opts;

typedef struct phs_import_result {
  long long submission_id; /* the new (or, for a no-op, the existing) id */
  int noop;                /* identical file already imported (C3) */
  long rows_in;            /* data rows or features read */
  long rows_accepted;      /* rows written */
  long warnings;           /* warning count, stored with the submission */
  char sha256[65];         /* hex SHA-256 of the input file */
} phs_import_result;

/*
** Validate and import path into the store. Returns PHS_OK (warnings in d),
** PHS_EINPUT when validation rejected the input (d holds the summary and
** details; the store is unchanged), PHS_EUSAGE for bad options,
** PHS_EBUSY when the store stayed locked, PHS_ERUNTIME otherwise.
** With store == NULL, or o->dry_run, only validates (a dry run); with a
** store, points are also checked against its communes (B2).
*/
int phs_import(phs_store *s, phs_import_kind kind, const char *path,
               const phs_import_opts *o, phs_import_result *res,
               phs_diag *d);

/*
** Points of a file counted per commune of the store (phusong count): the
** file is validated row by row as an import of household points is (the
** fibre flag is optional and ignored), but nothing is stored, no SHA-256
** is taken and the B7 test (most points at one place) is not made. A
** point belongs to the commune that covers it, the lowest code on a
** shared border, as in an analysis. Returns as phs_import does; on PHS_OK
** *out holds every commune with a polygon, in code order (free with
** phs_point_counts_free).
*/
typedef struct phs_point_counts {
  int n;
  char **codes, **names;   /* owned: n */
  long long *points;       /* owned: n */
  long long total;         /* rows accepted */
  long long outside;       /* points in no commune */
} phs_point_counts;
int phs_count_points(phs_store *s, const char *path, const phs_import_opts *o,
                     phs_point_counts *out, phs_diag *d);
void phs_point_counts_free(phs_point_counts *c);

/* ---------------------------------------------- loading for analysis */

typedef struct phs_commune {
  char *code;            /* owned: GSO code, or "UNCODED-<n>" */
  char *name;            /* owned: NFC UTF-8 */
  char *district_code;   /* owned, may be "" */
  char *district_name;   /* owned */
  char *province_code;   /* owned */
  char *province_name;   /* owned */
  int has_geom;          /* 0: known only from counts (no polygon) */
  int uncoded;           /* polygon without an official code */
  phs_mpoly geom;        /* lon/lat; empty when !has_geom */
  double area_m2;        /* ellipsoidal area, NaN without polygon */
  long long households;  /* -1 when unknown */
  long long population;  /* -1 when unknown */
  long long fibre_households; /* from counts; -1 when unknown */
  long long submission_id; /* the commune import its polygon came from;
                              0 without polygon */
} phs_commune;

/*
** A district's outline: the union of its communes' polygons, gaps under
** 150 m sealed and holes under 0.5 km² dropped (unioned in the district's
** UTM zone), in lon/lat. Derived from the commune layer: built when
** communes are imported and stored (table district_outline); members
** tells whether it was built from the communes a dataset has now.
*/
typedef struct phs_district_outline {
  char *district_code;      /* owned */
  long long submission_id;  /* the latest commune import among its communes */
  int n_communes;           /* communes (with a polygon) it unions */
  unsigned long long members; /* hash of those communes' codes and imports */
  phs_mpoly geom;           /* lon/lat (EPSG:4326) */
} phs_district_outline;

/* Optional radio attributes of a site, in this order (NaN when absent):
** azimuth (degrees from north), horizontal beamwidth (degrees), electrical
** downtilt (degrees, positive down; a file's single "tilt" column), antenna
** height above ground (m), EIRP (dBm), mechanical downtilt (degrees,
** positive down), transmit power at the radio's output, before the feeder
** (dBm; a file's watts are converted), antenna gain (dBi), feeder loss
** (dB). Each is the site table's column of docs/input-formats.md. */
#define PHS_SITE_N_ATTRS 9
enum { PHS_SITE_AZIMUTH = 0, PHS_SITE_BEAMWIDTH, PHS_SITE_TILT_ELEC,
       PHS_SITE_HEIGHT, PHS_SITE_EIRP, PHS_SITE_TILT_MECH,
       PHS_SITE_TX_POWER, PHS_SITE_ANT_GAIN, PHS_SITE_FEEDER_LOSS };

typedef struct phs_site {
  char *operator_code; /* owned */
  char *site_id;       /* owned */
  char *tech;          /* owned: "4G" or "5G" */
  int band_mhz;        /* 0 when unknown */
  double radius_m;     /* NaN when the file gave none */
  double lon, lat;
  double attr[PHS_SITE_N_ATTRS]; /* PHS_SITE_*; NaN when absent */
} phs_site;

/* An operator's claimed coverage: one polygon of a current filing. */
typedef struct phs_claim {
  char *operator_code; /* owned */
  char *tech;          /* owned: "4G" or "5G" */
  phs_mpoly geom;      /* lon/lat */
} phs_claim;

typedef struct phs_respondent {
  int commune;         /* index into phs_dataset.communes, -1 unknown */
  double weight;
  int first_answer;    /* index of the first answer in answers[] */
  int n_answers;
} phs_respondent;

typedef struct phs_answer {
  int indicator; /* index into indicators[] */
  int value;     /* 0 / 1 */
} phs_answer;

typedef struct phs_input_ref {
  long long submission_id;
  char *kind, *operator_code, *source_name, *sha256, *submitted_at; /* owned */
  char *format;        /* owned: "CSV", "GTiff", ... ("" when unknown) */
  char *source_detail; /* owned: a raster's size, resolution, CRS, band,
                          rule, cells claimed; "" for record files */
} phs_input_ref;

/* Everything one analysis run needs, loaded from the current submissions. */
typedef struct phs_dataset {
  phs_commune *communes; int n_communes; /* sorted by code */
  phs_site *sites; int n_sites;
  phs_claim *claims; int n_claims; /* operators' claimed coverage */
  /* Household points are not loaded: phs_household_reader streams them.
  ** The current point submissions, and how many points they hold. */
  long long *household_subs; int n_household_subs;
  long n_households;
  phs_respondent *respondents; long n_respondents;
  phs_answer *answers; long n_answers;
  char **indicators; int n_indicators; /* owned: survey columns */
  char **operators; int n_operators;   /* owned: operator codes, sorted */
  phs_input_ref *inputs; int n_inputs;
  long survey_unmatched;  /* respondents whose commune code is unknown */
  phs_district_outline *outlines; int n_outlines; /* stored, sorted by
                                     district code; may be stale: see
                                     phs_dataset_district_outlines */
  char as_of[32];         /* "YYYY-MM-DDTHH:MM:SSZ" the submissions were
                             taken as of, "" for the current ones */
} phs_dataset;

int phs_dataset_load(phs_store *s, phs_dataset *ds, phs_diag *d);
/*
** As phs_dataset_load, with the submissions in force at the instant as_of
** (NULL or "": the current ones; docs/submissions.md): filed at or before
** it and not superseded by then. Commune polygons are not versioned: the
** store's are used. PHS_EUSAGE when as_of does not parse.
*/
int phs_dataset_load_as_of(phs_store *s, const char *as_of, phs_dataset *ds,
                           phs_diag *d);
/* ------------------------------------- submission history (history.c) */

/* One filing as 'phusong submissions' lists it. */
typedef struct phs_submission_info {
  long long id;
  char *kind, *operator_code, *techs; /* owned; techs: "4G,5G", "" */
  char *submitter, *submitted_at, *source_name, *sha256; /* owned */
  long long rows_in, rows_accepted, warnings;
  char *status;        /* owned: "current", "superseded", or for a site
                          file with one technology superseded "partly
                          superseded" */
  char *superseded_by; /* owned: "#12", "4G #12; 5G #14" or "" */
  char *superseded_at; /* owned: when it stopped being current, or "" */
  char *raw;           /* owned: "kept" (N files), "not kept" or "none"
                          (filed before schema version 8) */
} phs_submission_info;

/*
** The filings of the store, oldest first, of one operator and/or kind
** ("sites", "households", ...; NULL: all). On PHS_OK *out holds *n
** entries; free with phs_submission_infos_free.
*/
int phs_submissions_list(phs_store *s, const char *operator_code,
                         const char *kind, phs_submission_info **out,
                         long *n, phs_diag *d);
void phs_submission_infos_free(phs_submission_info *v, long n);

/*
** Write the raw files of submission sub_id into the folder dir under
** their names (never replacing a file: PHS_EUSAGE). *n_written receives
** how many. PHS_ERUNTIME when the bytes were not kept (over the size
** limit, or filed before schema version 8).
*/
int phs_submission_extract(phs_store *s, long long sub_id, const char *dir,
                           int *n_written, phs_diag *d);

/* A site of a diff: what changed between two filings. */
typedef struct phs_site_change {
  char kind;           /* 'A' added, 'R' removed, 'M' moved (and maybe
                          changed), 'C' changed attributes only */
  char *site_id;       /* owned */
  char *tech;          /* owned: the new one ("" when removed: the old) */
  double lon0, lat0, lon1, lat1; /* before, after; NaN when absent */
  double moved_m;      /* geodesic distance (WGS 84), NaN unless moved */
  char *changes;       /* owned: "band_mhz 1800 -> 2100; ..." or "" */
} phs_site_change;

/* A commune's site count of one technology, before and after. */
typedef struct phs_commune_sites_delta {
  char *code, *name, *tech; /* owned; code "" for sites in no commune */
  long before, after;
} phs_commune_sites_delta;

/* A commune's figure in the analysis runs of the two filings. */
typedef struct phs_commune_figure_delta {
  char *code, *name, *metric; /* owned */
  double before, after;       /* pct, or the count for sites_*; NaN when
                                 the run had no figure */
} phs_commune_figure_delta;

typedef struct phs_sites_diff {
  long long from_ids[8]; int n_from; /* the filing(s) compared against */
  long long to_id;
  char *techs;                     /* owned: the technologies compared */
  phs_site_change *changes; long n_changes; /* by kind, then site ID */
  long n_added, n_removed, n_moved, n_changed, n_unchanged;
  phs_commune_sites_delta *communes; long n_communes; /* changed only */
  /* The latest analysis run that read the older filing(s) and not the
  ** newer, and the latest that read the newer (0 when there is none), and
  ** the commune figures of the compared technologies (sites, coverage of
  ** any operator and of this one) that differ between them. */
  long long run_before, run_after;
  phs_commune_figure_delta *figures; long n_figures;
} phs_sites_diff;

/*
** The sites of operator op (tech "4G"/"5G" or NULL for both) in filing
** to_id against from_id; with to_id 0, the operator's latest site filing
** against the filing(s) it superseded (per technology). Only the
** technologies to_id filed are compared. Sites match by site ID; "moved"
** is any change of coordinates, with its geodesic distance. Plus each
** commune's count of sites per technology, before and after (where it
** changed). PHS_EUSAGE when the ids are not site filings of op or there
** is nothing to compare with. Free with phs_sites_diff_free.
*/
int phs_sites_diff_compute(phs_store *s, const char *op, const char *tech,
                           long long from_id, long long to_id,
                           phs_sites_diff *out, phs_diag *d);
void phs_sites_diff_free(phs_sites_diff *df);

/* "YYYY-MM-DD" (the end of that day, 23:59:59 UTC) or
** "YYYY-MM-DDTHH:MM:SSZ" into out as the latter; 0 ok, -1 not a date. */
int phs_as_of_parse(const char *in, char out[32]);
void phs_dataset_free(phs_dataset *ds);

/*
** Household points, streamed: the points of ds's household submissions
** (the ones current when ds was loaded: later submissions do not leak into
** a run) in batches of up to PHS_HOUSEHOLD_BATCH, in the order they were
** imported. A batch's arrays are the reader's and valid until the next
** call.
*/
#define PHS_HOUSEHOLD_BATCH 65536
typedef struct phs_household_batch {
  long n;
  const double *lon, *lat;     /* EPSG:4326 */
  const unsigned char *fibre;  /* 0 / 1 */
} phs_household_batch;
typedef struct phs_household_reader phs_household_reader;
int phs_household_reader_open(phs_store *s, const phs_dataset *ds,
                              phs_household_reader **r, phs_diag *d);
/* 1: *b holds the next batch; 0: no more; -1: failed (d filled). */
int phs_household_reader_next(phs_household_reader *r,
                              phs_household_batch *b, phs_diag *d);
void phs_household_reader_close(phs_household_reader *r);

/*
** The outline of each district of ds's communes that have a polygon (one
** per distinct district_code, the district as the dataset has it), in the
** order of each district's first commune, in lon/lat. The stored outline
** where it was built from the same communes (codes and imports); else it
** is built here (GEOS) and, when s is given, writable and not locked by
** another writer, stored for the next map (nothing is said otherwise).
** A district whose union fails is left out with a warning. On PHS_OK *out
** holds *n_out outlines (free with phs_district_outlines_free) and, when
** first is given, *first (free()) the index in ds->communes of each one's
** first commune (whose district_name labels it). PHS_ERUNTIME when out of
** memory, with *out NULL and *n_out 0.
*/
int phs_dataset_district_outlines(phs_store *s, const phs_dataset *ds,
                                  phs_district_outline **out, int **first,
                                  int *n_out, phs_diag *d);
void phs_district_outlines_free(phs_district_outline *o, int n);

/*
** What a choropleth draws, and no more: the communes (as phs_dataset_load
** has them, counts' names and codes filled in), the stored district
** outlines and the current inputs (for the source line). Sites, claims,
** households and the survey are left empty. Free with phs_dataset_free.
*/
int phs_dataset_load_map(phs_store *s, phs_dataset *ds, phs_diag *d);

/* ------------------------------------------------- analysis results */

typedef struct phs_result_row {
  const char *level;       /* "commune", "district", "province" */
  const char *area_code;
  const char *area_name;
  const char *parent_code; /* district of a commune, province of a district */
  const char *metric;      /* e.g. "fibre_households" */
  double numerator, denominator, pct; /* pct NaN when not defined */
  double ci_low, ci_high;  /* NaN when not applicable */
  long long n;             /* respondents, -1 when not applicable */
  const char *flags;       /* comma-separated, "" when none */
} phs_result_row;

/* Record a run (params and inputs as JSON text); *run_id receives its id. */
int phs_store_begin_run(phs_store *s, const char *params_json,
                        const char *inputs_json, long long *run_id,
                        phs_diag *d);
int phs_store_add_results(phs_store *s, long long run_id,
                          const phs_result_row *rows, long n, phs_diag *d);
int phs_store_end_run(phs_store *s, long long run_id, const char *warnings_json,
                      phs_diag *d);

/* A run read back for reports and maps; strings owned by the struct. */
typedef struct phs_run {
  long long id;
  char *started_at, *tool_version, *params_json, *inputs_json, *warnings_json;
  phs_result_row *rows; long n_rows; /* strings owned by the run */
} phs_run;

/* Load run_id (0 = the latest run). PHS_ERUNTIME when there is none. */
int phs_store_load_run(phs_store *s, long long run_id, phs_run *run,
                       phs_diag *d);
void phs_run_free(phs_run *run);

/* As phs_store_load_run, but only the rows of one metric (every level),
** in the same order: what a map of that metric reads (a national run has
** ~23 metrics, so a map needs one row in 23). */
int phs_store_load_run_metric(phs_store *s, long long run_id,
                              const char *metric, phs_run *run, phs_diag *d);

/* DEM */
#include "../geo/phs_radio.h" /* phs_dem */

/*
** Read a digital elevation model: any raster GDAL reads (SRTM GeoTIFF,
** Copernicus DEM, a VRT mosaic...), warped by GDAL's warper (bilinear,
** exact transformation) into a north-up grid of working_crs (metres) at
** res over the window with corners (x0, y0) and (x1, y1), in any order.
** The grid keeps the window's top-left corner and whole cells (the right
** and bottom edges move out to the next multiple of res). *out receives
** the grid; its heights are in *owned_z, which the caller frees with
** free(). No data, in the file or outside it, is NaN (the window may reach
** beyond the file: callers check coverage, see phs_terrain_loss). Each
** cell is the bilinear interpolation of the file at the cell's centre
** (its 2 x 2 neighbours, whatever the ratio of resolutions, no overview),
** so a cell's height does not depend on the window: windows on the same
** lattice (corners on multiples of res from a common origin) agree on
** every cell they share, which is what lets the model read the DEM tile
** by tile.
** PHS_EINPUT when the file cannot be read, has no CRS, or cannot be
** warped (the message names the file); PHS_EUSAGE for an empty window or
** an unreadable working CRS. On failure *out is zeroed, *owned_z NULL.
*/
int phs_dem_read(const char *path, const char *working_crs, double x0,
                 double y0, double x1, double y1, double res, phs_dem *out,
                 float **owned_z, phs_diag *d);

/*
** Read band `band` (from 1) of any raster GDAL reads, as phs_dem_read does
** (same window, grid, ownership and no-data rules: no data becomes NaN),
** with nearest-neighbour resampling when `nearest` (class values such as
** operator counts stay whole; on a window aligned to the raster's own
** grid in its own CRS, the cells are copied unchanged), else bilinear at
** each cell's centre alone (2 x 2 neighbours, no overview, as
** phs_dem_read), so that either way a cell's value does not depend on the
** window it was read with.
** Messages say "raster" where phs_dem_read says "DEM"; PHS_EUSAGE, naming
** the file, for a band the raster does not have.
*/
int phs_raster_read(const char *path, int band, int nearest, const char *crs,
                    double x0, double y0, double x1, double y1, double res,
                    phs_dem *out, float **owned_values, phs_diag *d);

/* One band of a raster, as phs_raster_info_read found it. */
typedef struct phs_raster_band_info {
  char *description; /* owned: the band's description ("" when none), e.g.
                        an operator code or "ANY" in phusong's rasters */
  char type[16];     /* GDAL data type name: "Byte", "UInt16", "Float32"... */
  int is_float;      /* 1 for a floating-point type */
  int has_nodata;    /* 1 when the band declares a no-data value */
  double nodata;     /* the no-data value when has_nodata */
} phs_raster_band_info;

/* What a raster is, without its cells. Zeroed on failure. */
typedef struct phs_raster_info {
  int nx, ny;        /* size in cells */
  int n_bands;
  double gt[6];      /* GDAL geotransform: x = gt[0] + col gt[1] + row gt[2],
                        y = gt[3] + col gt[4] + row gt[5] */
  char *crs;         /* owned: "EPSG:<code>" when the file's CRS has an
                        EPSG code, else its WKT; NULL when it has none */
  int crs_geographic;/* 1 when the CRS is geographic (lon/lat) */
  phs_raster_band_info *bands; /* owned: n_bands of them */
  char **metadata;   /* owned: the dataset's default-domain metadata as
                        "KEY=VALUE" strings, NULL-terminated (may be NULL);
                        read with phs_raster_info_meta */
} phs_raster_info;

/*
** Describe the raster at path: size, geotransform, CRS, each band's type,
** description and no-data value, and the metadata items (phusong's
** coverage rasters carry PHUSONG_MODEL and PHUSONG_THRESHOLD_DBM). The
** caller frees *out with phs_raster_info_free. PHS_EINPUT, naming the file
** and quoting GDAL, when it cannot be opened as a raster, has no band or
** no geotransform; a missing CRS is not an error here (crs is NULL).
*/
int phs_raster_info_read(const char *path, phs_raster_info *out,
                         phs_diag *d);
/* Free what *info owns and zero it (accepts NULL, and a zeroed info). */
void phs_raster_info_free(phs_raster_info *info);
/* The metadata item `key` of the raster, lent by info; NULL when absent. */
const char *phs_raster_info_meta(const phs_raster_info *info,
                                 const char *key);

/* Coverage outputs */
#include "../geo/phs_coverage.h" /* phs_cov_grid */

/* Zero (memset) then set the fields; all strings are borrowed. */
typedef struct phs_coverage_out_opts {
  const char *dir;              /* output folder, created if missing */
  const char *crs;              /* the grid's CRS as a string PROJ/GDAL
                                   accepts, e.g. "EPSG:32648"; projected */
  const char *tech;             /* "5G": part of file names */
  const char *const *group_names; /* operator codes, one per group, e.g.
                                     "VIETTEL" */
  double threshold_dbm;         /* covered = best_dbm >= threshold */
  int overwrite;                /* replace existing files, else PHS_EUSAGE
                                   naming the file */
  const char *metadata_json;    /* model metadata to embed (GDAL metadata
                                   item PHUSONG_MODEL), may be NULL */
} phs_coverage_out_opts;

/*
** Write the coverage grid g as <dir>/<tech>_signal.tif (Float32 dBm, one
** band per group plus "ANY", nodata -9999), <tech>_server.tif (Int32,
** nodata -1), <tech>_overlap.tif (UInt16, per group plus "ANY" = number of
** groups covering) and <tech>_coverage.gpkg (covered-cell polygons per
** group plus "any", "all" and "notspot"). Formats: docs/propagation.md,
** "Outputs". All four files are written under temporary names and renamed
** only when every one succeeded. PHS_EUSAGE for bad options or a file that
** exists without o->overwrite; PHS_ERUNTIME when GDAL fails (the message
** names the file).
*/
int phs_coverage_write(const phs_cov_grid *g, const phs_coverage_out_opts *o,
                       phs_diag *d);

/*
** The same files written tile by tile, for grids too large for memory.
** phs_coverage_writer_open checks the options as phs_coverage_write does,
** then creates the files at full size (nx x ny cells of res, top-left
** corner (x0, y0), n_groups groups) under their temporary names; *out is
** NULL on failure. phs_coverage_writer_put writes the tile t (a grid of
** the same res and groups, no larger than the rest of the grid) with its
** top-left cell at column col, row row; each cell should be written once.
** Cells no tile wrote read as nodata (signal -9999, server -1), 0 in
** the overlap bands, and belong to no GeoPackage layer (not even
** "notspot": they were not assessed). phs_coverage_writer_finish builds
** the overviews, polygonizes the layers (streaming the rows of a
** temporary mask raster, <dir>/.tmp-<tech>_masks.tif), renames the four
** files and frees w whatever happens. phs_coverage_writer_free abandons
** a writer: closes and deletes the temporary files (accepts NULL).
** Errors as phs_coverage_write.
*/
typedef struct phs_coverage_writer phs_coverage_writer;
int phs_coverage_writer_open(const phs_coverage_out_opts *o, double x0,
                             double y0, int nx, int ny, double res,
                             int n_groups, phs_coverage_writer **out,
                             phs_diag *d);
int phs_coverage_writer_put(phs_coverage_writer *w, const phs_cov_grid *t,
                            int col, int row, phs_diag *d);
int phs_coverage_writer_finish(phs_coverage_writer *w, phs_diag *d);
void phs_coverage_writer_free(phs_coverage_writer *w);

#ifdef __cplusplus
}
#endif
#endif /* PHS_DATA_H */
