/*
** phs_analyzer.h: the analyses (fibre households, 5G coverage, survey
** indicators), their aggregation to district and province, the reports
** (CSV, JSON, Markdown) and the maps of a stored run.
**
** Every figure is stored as numerator, denominator and percentage, so any
** percentage can be traced. District and province figures sum numerators
** and denominators of their communes; they never average percentages.
*/
#ifndef PHS_ANALYZER_H
#define PHS_ANALYZER_H

#include "../data/phs_data.h"
#include "../geo/phs_common.h"
#include "../render/phs_render.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct phs_analyze_opts {
  double cell_m;   /* grid cell for area coverage, metres; 0 = 25 for
                      circles, 50 for propagation models */
  int small_n;     /* survey: flag areas with fewer respondents; 0 = 30 */
  const char *working_crs; /* metric CRS; NULL = UTM zone of the data */
  /* 5G footprint model (docs/propagation.md); 4G below: */
  const char *model;       /* NULL or "circle"; "fspl", "hata", "uma",
                              "umi", "rma" */
  const char *environment; /* "urban", "suburban" (default), "rural" */
  double threshold_dbm;    /* 0 = -110 dBm SS-RSRP */
  double reliability;      /* cell-edge probability; 0 = 0.90 */
  double max_dist_m;       /* reach of a site; 0 = 10 km */
  const char *model_4g;    /* the same for 4G sites (NULL = circle) */
  double threshold_4g_dbm; /* 0 = -105 dBm RSRP */
  const char *dem_path;    /* terrain (any raster GDAL reads), or NULL */
  const char *los;         /* "terrain" (default with a DEM), "nlos"
                              (default without), "los", "expected" */
  const char *population_raster; /* spread households known as counts by
                              this raster of people (e.g. WorldPop) instead
                              of evenly over the area; NULL = evenly */
  const char *coverage_dir; /* write the model's rasters and polygons here
                               (docs/propagation.md, Outputs), or NULL */
  int overwrite;           /* replace existing coverage files */
  int tile_cells;          /* cells per side of a tile of the model's grid
                              (0 = 1024); results never depend on it */
  int threads;             /* workers for the model's tiles, the household
                              points and the covered areas (0 = one per
                              online core); results never depend on it */
  int timings;             /* print each step's elapsed and CPU seconds to
                              stderr ("phusong: step NAME: ...") */
  const char *as_of;       /* use the submissions in force at this UTC
                              date or instant (YYYY-MM-DD, the end of that
                              day, or YYYY-MM-DDTHH:MM:SSZ); NULL: the
                              current ones (docs/submissions.md) */
  double share_distance_m; /* sites of different operators this close are
                              possibly shared towers (0 = 30 m) */
} phs_analyze_opts;

/*
** Analyse the current submissions in the store and record the run and its
** results. *run_id receives the new run's id. Warnings (default radii used,
** points outside every commune...) go to d and into the run.
*/
int phs_analyze(phs_store *s, const phs_analyze_opts *o, long long *run_id,
                phs_diag *d);

/*
** The submission history (phs_submissions_list) as fmt "text" (a table
** for a terminal, SHA-256 shortened to 12 digits), "csv" or "json",
** appended to b. PHS_EUSAGE for another fmt, PHS_ERUNTIME when out of
** memory. history_report.c.
*/
int phs_submissions_format(const phs_submission_info *v, long n,
                           const char *fmt, phs_buf *b);
/* The diff of two site filings of op as fmt "text" or "csv" (one table:
** "site" rows, then "commune" rows of changed site counts), appended to
** b. PHS_EUSAGE for another fmt. */
int phs_sites_diff_format(const phs_sites_diff *df, const char *op,
                          const char *fmt, phs_buf *b);

/* Default footprint radius (metres) of a site by technology, band and
** environment (a phs_environment: 0 urban, 1 suburban, 2 rural; anything
** else is taken as suburban): the distance at which the default site
** reaches the default threshold by the environment's model, rounded down
** to 10 m. The table and its derivation: docs/propagation.md. */
double phs_default_radius_m(const char *tech, int band_mhz, int env);

/* ---------------------------------------------------------- metrics */

typedef struct phs_metric_info {
  const char *key;      /* stable JSON key, e.g. "fibre_households" */
  const char *label_vi; /* "Hộ có cáp quang" */
  const char *label_en; /* "Households with fibre" */
  const char *unit_num; /* unit of numerator/denominator: "hộ", "km²" */
  int decimals;         /* digits of the percentage in reports */
  int survey;           /* 1 when estimated from the survey (has a CI) */
} phs_metric_info;

/*
** What a metric key means. Per-operator keys ("coverage_5g_households_viettel")
** and survey indicators not in the built-in table get a generic entry; the
** returned pointer stays valid until the next call with another key.
*/
const phs_metric_info *phs_metric_lookup(const char *key);

/* ---------------------------------------------------------- reports */

typedef enum {
  PHS_REPORT_CSV = 0,
  PHS_REPORT_JSON = 1,
  PHS_REPORT_MD = 2
} phs_report_format;

/* Parse "csv", "json", "md"; -1 otherwise. Guess from a file name's
** extension with phs_report_format_from_path (-1 when unknown). */
int phs_report_format_parse(const char *s);
int phs_report_format_from_path(const char *path);

/* Append one CSV cell: quoted when it holds , " ; or a line break, and
** prefixed with ' when it would run as a spreadsheet formula (C9). */
void phs_csv_cell(phs_buf *b, const char *s);

typedef struct phs_report_opts {
  phs_report_format format;
  phs_lang lang;
  int synthetic_note; /* add the "synthetic data" footer */
  int no_bom;         /* CSV: no UTF-8 byte-order mark */
} phs_report_opts;

/* Write the report of a run into out (appended). */
int phs_report_write(const phs_run *run, const phs_report_opts *o,
                     phs_buf *out, phs_diag *d);

/* ------------------------------------------------------------- maps */

typedef struct phs_map_opts {
  const char *metric;    /* metric key, e.g. "fibre_households" */
  phs_lang lang;
  int width, height;     /* 0 = 1600 x 1200 */
  double dpi;            /* 0 = 150 */
  phs_class_method method;
  int n_classes;         /* 0 = 5 */
  const double *breaks;  /* fixed thresholds (percent), for FIXED */
  int n_breaks;
  const char *palette;   /* NULL = YlGnBu; a diverging one needs midpoint
                            (or stddev classes: then the mean) */
  const char *midpoint;  /* diverging palettes: a number (a target, "90"),
                            "province" (the run's province figure) or
                            "mean" (of the mapped communes); NULL = none */
  int commune_labels;    /* 1: commune names on the map (where they fit) */
  const char *title;     /* NULL = generated from the metric */
  const char *source;    /* credit line; NULL = the run's input files */
  int synthetic_note;
} phs_map_opts;

/* Draw the choropleth of a metric of a run, with the communes' polygons
** from the store, into path: PNG (with its world file and .aux.xml in the
** map's UTM zone), SVG or PDF by the extension (phs_map_save). */
int phs_map_write(phs_store *s, const phs_run *run, const phs_map_opts *o,
                  const char *path, phs_diag *d);

/*
** The atlas of a metric: one map per district into the existing folder
** dir, named <metric>_<district code>.<fmt> (each with the district's
** communes, its name in the title, and the classes of all the run's
** communes, so colours compare across pages), then dir/index.csv (file,
** district_code, district_name, communes, no_data, pct; UTF-8 with BOM)
** and dir/index.html. Files are replaced. *n_maps (may be NULL) gets the
** number of maps written. Errors as phs_map_write; PHS_EUSAGE when no
** commune has a polygon.
*/
int phs_map_atlas_write(phs_store *s, const phs_run *run,
                        const phs_map_opts *o, const char *dir,
                        phs_map_format fmt, int *n_maps, phs_diag *d);

/* Zero (memset) then set; strings are borrowed. */
typedef struct phs_coverage_map_opts {
  const char *raster;    /* coverage raster: phusong's <tech>_overlap.tif or
                            <tech>_signal.tif, or any raster GDAL reads in
                            a projected CRS */
  int band;              /* 1-based; 0 = the band described "ANY", else the
                            last band */
  const char *kind;      /* "overlap" (counts: 0 = none, 1, 2, 3+) or
                            "signal" (dBm); NULL = from the band's type:
                            floating point = signal, integer with an "ANY"
                            band = overlap, else PHS_EUSAGE asking for it */
  const char *tech;      /* sites marked: "5G" (NULL) or "4G" */
  phs_lang lang;
  int width, height;     /* 0 = 1600 x 1200 */
  double dpi;            /* 0 = 150 */
  const char *title;     /* NULL = "Vùng phủ sóng 5G" / "5G coverage" */
  const char *source;    /* credit line; NULL = the store's input files */
  int synthetic_note;
  /* The disagreement map (map --disagreement, docs/method.md): the model's
  ** signal band of one operator against that operator's current claim of
  ** `tech`, in four classes (both, model only, claim only, neither). raster
  ** may then be the folder of 'analyze --coverage-out' (<tech>_signal.tif
  ** in it is read). */
  int disagreement;
  const char *operator_code; /* whose claim; NULL = the only operator with a
                                current claim of tech (else PHS_EUSAGE) */
  int has_threshold;     /* 1: threshold_dbm replaces the raster's
                            PHUSONG_THRESHOLD_DBM */
  double threshold_dbm;
  const char *csv_path;  /* per-commune km² of each class; NULL = none */
} phs_coverage_map_opts;

/*
** Draw the coverage map into path (PNG with its world file and .aux.xml in
** the raster's CRS, SVG or PDF by the extension): the store's communes drawn
** light with district outlines, the raster's band in classes over them
** (with each class's share of the communes' area in the legend), the sites
** of o->tech marked per operator (Okabe-Ito colours, one shape each, with
** their counts), the model metadata of the raster (PHUSONG_MODEL) and run
** (may be NULL) in the subtitle. The map is drawn in the raster's CRS, at
** the raster's resolution (nearest neighbour, so counts stay whole).
** PHS_EINPUT, naming the file, when the raster cannot be read, has no CRS,
** is in a geographic CRS, or does not cover the communes; PHS_EUSAGE for a
** band it does not have or a kind that cannot be told. With
** o->disagreement: only o->operator_code's sites are marked, the classes
** are disagree.h's, and o->csv_path (when given) receives the per-commune
** km²; PHS_EUSAGE when the operator has no claim or several operators
** could be meant, PHS_EINPUT for a band that is not dBm or a raster
** without a threshold (and none given).
*/
int phs_coverage_map_write(phs_store *s, const phs_run *run,
                           const phs_coverage_map_opts *o, const char *path,
                           phs_diag *d);

#ifdef __cplusplus
}
#endif
/*
** The outcome of one import, submit or validate as JSON into path
** (analyzer/import_report.c; docs/input-formats.md): command, kind, file,
** store, outcome (imported, valid, already imported, rejected, error),
** exit code, submission and row counts when accepted, and every error and
** warning kept in d, each as its message and the parts it names (file,
** row/feature/line, field, value, problem, hint), with the totals (the
** messages beyond PHS_DIAG_MAX_DETAILS counted, not listed). 0 or -1.
*/
int phs_import_report_write(const char *path, const char *command,
                            const char *kind, const char *store,
                            const char *file, int status, int dry_run,
                            const phs_import_result *res, const phs_diag *d);

/*
** `phusong` is built without GDAL (analyzer/gdal_delegate.c, linked into it
** alone): phs_gdal_delegate runs the command again in phusong-gdal, beside
** it, by exec with the argv given to phs_gdal_delegate_init (main's); it
** does not return: when that program cannot be run, it prints why and
** exits with status 1.
*/
void phs_gdal_delegate_init(char **argv);
_Noreturn void phs_gdal_delegate(void);

#endif /* PHS_ANALYZER_H */
