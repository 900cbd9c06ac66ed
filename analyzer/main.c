/*
** main.c: the phusong command-line tool. A thin client of the library: it
** parses arguments, calls phs_* functions, prints their diagnostics and
** exits with their status. It is the only code that prints or exits.
** Exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 input rejected
** (nothing imported), 4 store busy, 130 interrupted (store unchanged).
** Built twice: phusong-gdal has every command; phusong, built with
** PHS_WITHOUT_GDAL, hands those reading files through GDAL to it
** (gdal_delegate.c; docs/architecture.md, "Two programs").
*/
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "phs_analyzer.h"
#include "phs_coverage.h"
#include "phs_progress.h"
#include "phs_synth.h"

static int quiet = 0;

/* ------------------------------------------------------------ output */

/* The CLI's own words are in the message language too (phs_tr; the
** library's messages come translated in d). */
static void print_diag(const phs_diag *d, int status) {
  if (!quiet || status)
    for (int i = 0; i < d->n_warnings; i++)
      fprintf(stderr, "%s%s\n", phs_tr("Warning: "), d->warnings[i]);
  if (d->n_warnings_total > d->n_warnings && !quiet)
    fprintf(stderr, phs_tr("Warning: ... and %ld more warnings\n"),
            d->n_warnings_total - d->n_warnings);
  if (status == PHS_OK) return;
  fprintf(stderr, "%s%s\n", phs_tr("ERROR: "),
          d->msg[0] ? d->msg : phs_tr(phs_status_text(status)));
  for (int i = 0; i < d->n_details; i++)
    fprintf(stderr, "  %s\n", d->details[i]);
  if (d->n_details_total > d->n_details)
    fprintf(stderr, phs_tr("  ... and %ld more problems (not shown)\n"),
            d->n_details_total - d->n_details);
  if (status == PHS_EINPUT)
    fprintf(stderr,
            phs_tr("phusong: input rejected (%ld problem%s), nothing"
                   " imported\n"),
            1 + d->n_details_total, d->n_details_total ? "s" : "");
}

static int finish(phs_diag *d, int status) {
  phs_progress_end(status == PHS_OK); /* an ERROR starts its own line */
  print_diag(d, status);
  phs_diag_clear(d);
  return status;
}

/* "ERROR: " fmt (one %s: arg) and the pointer to --help, in the message
** language; with fmt "%s", arg is the English sentence and is translated. */
static int usage_error(const char *cmd, const char *fmt, const char *arg) {
  fputs(phs_tr("ERROR: "), stderr);
  fprintf(stderr, phs_tr(fmt), strcmp(fmt, "%s") == 0 ? phs_tr(arg) : arg);
  fprintf(stderr, phs_tr("\nTry 'phusong %s --help'.\n"), cmd);
  return PHS_EUSAGE;
}

/* ------------------------------------------------------------- help */

static const char *const help_main =
    "Usage: phusong COMMAND [OPTIONS] ...\n"
    "\n"
    "Telecom coverage per commune, district and province: fibre households,\n"
    "5G coverage, survey indicators (smartphone, bank account, e-ID).\n"
    "\n"
    "Commands:\n"
    "  init STORE                         create a store (SpatiaLite file)\n"
    "  import communes|households|survey STORE FILE\n"
    "                                     validate and import a layer\n"
    "  submit --operator OP STORE FILE    validate and import a site layer\n"
    "  validate KIND FILE                 dry run: check a file, write nothing\n"
    "  count STORE POINTS [-o F.csv]      count a file's points per commune\n"
    "  analyze STORE                      compute every figure, record a run\n"
    "  submissions STORE                  the history of filings (--extract ID\n"
    "                                     -o DIR: a filing's raw files)\n"
    "  diff STORE --operator OP           sites added, moved, removed since\n"
    "                                     the previous filing\n"
    "  report STORE [-f csv|json|md]      write a run's report\n"
    "  map STORE --metric KEY -o F.png    draw a choropleth of a metric\n"
    "                                     (.png with world file, .svg, .pdf)\n"
    "  map STORE --metric KEY --atlas DIR one map per district, and an index\n"
    "  map STORE --coverage F.tif -o F.png  draw a coverage map\n"
    "  map STORE --disagreement --coverage DIR -o F.png\n"
    "                                     claimed vs modelled coverage\n"
    "  synth -o DIR ...                   generate synthetic demo layers\n"
    "  demo [-o DIR]                      the whole job on the bundled demo\n"
    "\n"
    "General options: --help, --version, -q/--quiet, --lang vi|en (messages,\n"
    "maps, reports; messages otherwise follow the locale: LANG=vi_VN.UTF-8).\n"
    "Exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 input rejected\n"
    "(nothing imported), 4 store busy, 130 interrupted (Ctrl-C; the store\n"
    "is left as it was). Long steps draw a progress line on stderr when it\n"
    "is a terminal (not with -q). 'phusong COMMAND --help' for more.\n";

static const char *const help_import_opts =
    "Column options (default: the usual names, Vietnamese included, matched\n"
    "case-insensitively; see docs/input-formats.md):\n"
    "  --x-field, --y-field        longitude / latitude (kinh_do, vi_do)\n"
    "  --id-field, --name-field    site / respondent ID, name (ma_tram)\n"
    "  --code-field                commune code (ma_xa, commune_code)\n"
    "  --fallback-code-field F     code used when the commune code is empty\n"
    "                              (district_code for Côn Đảo)\n"
    "  --district-code-field, --district-name-field,\n"
    "  --province-code-field, --province-name-field\n"
    "  --tech-field, --band-field, --radius-field   (cong_nghe, bang_tan_mhz,\n"
    "                              ban_kinh_m)\n"
    "  --households-field, --population-field, --fibre-field, --weight-field\n"
    "Site radio columns (optional, found by name; docs/input-formats.md):\n"
    "  azimuth_deg, beamwidth_deg, height_m, eirp_dbm; tilt_elec and\n"
    "  tilt_mech (degrees down; goc_nghieng_dien, goc_nghieng_co; a single\n"
    "  'tilt' column is electrical); tx_power_dbm or tx_power_w,\n"
    "  antenna_gain_dbi, feeder_loss_db: EIRP = P + G - L when there is no\n"
    "  EIRP column (a warning names a site where both differ by > 1 dB)\n"
    "Input options:\n"
    "  --src-crs CRS               CRS of the input (default: the file's, else\n"
    "                              EPSG:4326); must agree with the file's\n"
    "  --layer NAME                layer of a multi-layer file (a zip\n"
    "                              member: its file name without extension)\n"
    "  --decimal-comma             read 105,85 as 105.85\n"
    "  --swap-xy                   the file has latitude and longitude swapped\n"
    "  --keep-uncoded              communes: keep polygons without a code\n"
    "  --allow-missing-geometry    sites: keep rows without coordinates\n"
    "  --make-valid                communes, coverage: repair invalid polygons\n"
    "                              (close rings, GEOS MakeValid) with a warning\n"
    "                              each, instead of rejecting the file\n"
    "  --max-input-size BYTES      refuse larger files (default 200 MB)\n"
    "  --max-uncompressed BYTES    refuse a .zip whose members hold more\n"
    "                              (default 1 GB; ratio over 200:1 refused)\n"
    "  --max-rows N                refuse a GeoPackage layer with more rows\n"
    "                              (default 1000000)\n"
    "  --                          ends the options: put it before paths in\n"
    "                              scripts (a FILE may start with '-')\n"
    "  --max-field-bytes N         refuse longer cells (default 4096)\n"
    "  --no-header                 CSV without a header row: name columns by\n"
    "                              number (--x-field 2 --y-field 3 ...)\n"
    "  --encoding NAME             text encoding of a CSV or shapefile: UTF-8,\n"
    "                              CP1258, TCVN5712-1, TCVN3, VNI, VISCII,\n"
    "                              ISO-8859-1 (default: UTF-8 for CSV; a\n"
    "                              shapefile's .cpg, else detected)\n"
    "  --report FILE               also write the outcome as JSON: every\n"
    "                              error and warning with its file, row or\n"
    "                              feature, field, value, problem and hint\n"
    "  --submitter NAME            who filed it (stored with the submission)\n"
    "  --keep-raw-max BYTES        keep the file's raw bytes in the store up\n"
    "                              to this size (default 256 MB; 0: never)\n"
    "  --lang vi|en, -q\n";

static void print_help(const char *cmd) {
  if (cmd == NULL) {
    fputs(help_main, stdout);
  } else if (strcmp(cmd, "init") == 0) {
    puts("Usage: phusong init STORE\n\n"
         "Create a new store: a SpatiaLite database in WAL mode with the\n"
         "phusong schema. An existing file is never overwritten (exit 2).");
  } else if (strcmp(cmd, "import") == 0) {
    puts("Usage: phusong import communes|households|survey|coverage [OPTIONS]"
         " STORE FILE\n\n"
         "Validate FILE (CSV, GeoJSON, Shapefile, GeoPackage, KML, or a .zip\n"
         "of one) and import it in one transaction with its provenance. Any\n"
         "problem rejects the whole file (exit 3) and leaves the store\n"
         "unchanged. households: points (coordinates + fibre flag) or\n"
         "per-commune counts (households, population, fibre households).\n"
         "coverage: an operator's own coverage polygons for one technology\n"
         "(--operator OP --tech 4G|5G), reported beside the modelled\n"
         "coverage as claimed_<tech>_households_<op> and"
         " claimed_<tech>_area_<op>.\n"
         "It may also be a raster (GeoTIFF or any raster GDAL reads): a\n"
         "0/1 mask (non-zero = covered) or a signal raster in dBm with\n"
         "--threshold DBM (cells at or above it are claimed); --band N for a\n"
         "multi-band file. The claimed cells become polygons (GDAL's\n"
         "polygonize) stored like a polygon filing.\n");
    fputs(help_import_opts, stdout);
  } else if (strcmp(cmd, "submit") == 0) {
    puts("Usage: phusong submit --operator OP [OPTIONS] STORE FILE\n\n"
         "Validate and import an operator's site layer (4G/5G sites). The\n"
         "new filing supersedes the operator's previous one for each\n"
         "technology it holds (a 5G-only file leaves the 4G sites in force);\n"
         "nothing is deleted. An identical file (same SHA-256) is a no-op.\n"
         "Sites of other operators within --share-distance M (30 m) of its\n"
         "sites are reported as possibly shared towers, never merged.\n"
         "History and diff: 'phusong submissions', 'phusong diff'\n"
         "(docs/submissions.md).\n");
    fputs(help_import_opts, stdout);
  } else if (strcmp(cmd, "validate") == 0) {
    puts("Usage: phusong validate communes|households|survey|sites [OPTIONS]"
         " FILE\n\n"
         "Check FILE as the import would, and write nothing. Exit 0 when it\n"
         "would be accepted, 3 when rejected. Sites need --operator.\n"
         "  --store STORE   also check points against the store's communes\n"
         "                  (inside Vietnam but outside the province: a\n"
         "                  warning, or a rejection when over 5% of the\n"
         "                  file and at least 10 points)\n");
    fputs(help_import_opts, stdout);
  } else if (strcmp(cmd, "count") == 0) {
    puts("Usage: phusong count [OPTIONS] STORE POINTS\n\n"
         "Count the points of POINTS (household points, or any points with\n"
         "coordinates) per commune of the store, without importing them: a\n"
         "point belongs to the commune that covers it, the lowest code on a\n"
         "shared border, as in an analysis. Each row is checked as an import\n"
         "checks it (exit 3 with the row, field and value when one is bad);\n"
         "the fibre flag is not needed. Writes CSV (commune_code,\n"
         "commune_name, points; every commune with a polygon, in code order)\n"
         "to stdout or -o FILE, and a summary line to stderr.\n"
         "  -o FILE         write the counts here (--overwrite to replace)\n"
         "  --threads N     check a plain CSV on N threads (default: one per\n"
         "                  core; the counts never depend on it)\n");
    fputs(help_import_opts, stdout);
  } else if (strcmp(cmd, "analyze") == 0) {
    puts("Usage: phusong analyze [--cell M] [--small-n N] [--working-crs CRS]"
         " STORE\n\n"
         "Compute per commune, district and province: fibre households, 5G\n"
         "sites, households and area in 5G coverage (any operator and per\n"
         "operator), and each yes/no survey indicator with a 95% confidence\n"
         "interval. Records the run with its inputs; prints its id.\n"
         "  --cell M          grid cell of the propagation models (50 m),"
         " of claims and\n"
         "                    of population rasters (circle areas are exact)\n"
         "  --small-n N       flag survey areas with fewer respondents (30)\n"
         "  --working-crs CRS metric CRS (default: UTM zone of the data)\n"
         "5G footprint (docs/propagation.md):\n"
         "  --model M         circle (default: radius per site, else per band\n"
         "                    and environment), fspl, hata (COST-231), uma,\n"
         "                    umi, rma (3GPP TR 38.901), auto (per site by\n"
         "                    its environment: uma urban/suburban, rma"
         " rural;\n"
         "                    hata for 4G)\n"
         "  --environment E   urban, suburban (default), rural, or auto: each\n"
         "                    site's from its commune's census density\n"
         "                    (people/km2 >= 1500 urban, >= 300 suburban,"
         " else\n"
         "                    rural; suburban without a population count)\n"
         "  --threshold DBM   SS-RSRP needed for service (default -110)\n"
         "  --reliability P   cell-edge probability (default 0.90, as the"
         " FCC)\n"
         "  --max-distance M  reach of one site (default 10000 m)\n"
         "  --dem FILE        terrain: line of sight and diffraction\n"
         "  --los MODE        terrain (default with --dem: the DEM picks the\n"
         "                    LOS or NLOS formula per cell), nlos (default\n"
         "                    without), los, expected (38.901 LOS"
         " probability)\n"
         "  --population-raster FILE  spread households known only as counts\n"
         "                    by this raster of people (WorldPop), not evenly\n"
         "  --model-4g M, --threshold-4g DBM  the same for 4G sites (circle"
         " and\n"
         "                    -105 dBm RSRP by default; hata for 1800/2100"
         " MHz)\n"
         "  --coverage-out DIR  write 5G_signal.tif, 5G_server.tif,\n"
         "                    5G_overlap.tif and 5G_coverage.gpkg (with\n"
         "                    --overwrite to replace them)\n"
         "  --tile N          compute the model's grid in tiles of N x N cells\n"
         "                    (default 1024; memory, never results, depends"
         " on it)\n"
         "  --threads N       compute with N threads: the model's tiles, the\n"
         "                    household points, the covered areas (default:\n"
         "                    one per core; results never depend on it)\n"
         "  --timings         print each step's elapsed and CPU time (stderr)\n"
         "Versions (docs/submissions.md):\n"
         "  --as-of DATE      use the submissions in force at the end of DATE\n"
         "                    (YYYY-MM-DD, UTC) or at YYYY-MM-DDTHH:MM:SSZ;\n"
         "                    recorded in the run's params\n"
         "  --share-distance M  sites of different operators within M metres\n"
         "                    are possibly shared towers: sites_shared_5g,\n"
         "                    sites_shared_4g per area (default 30)");
  } else if (strcmp(cmd, "report") == 0) {
    puts("Usage: phusong report [-f csv|json|md] [-o FILE] [--lang vi|en]"
         " [--run ID] STORE\n\n"
         "Write the report of the latest run (or --run ID) to stdout or FILE\n"
         "(format guessed from its extension). Vietnamese numbers: 98,3% and\n"
         "1.234. The JSON schema is in docs/report-json.md.\n"
         "  --overwrite   replace an existing FILE\n"
         "  --synthetic   add the synthetic-data note\n"
         "  --no-bom      CSV without the UTF-8 byte-order mark");
  } else if (strcmp(cmd, "map") == 0) {
    puts("Usage: phusong map --metric KEY -o FILE.png|.svg|.pdf [OPTIONS]"
         " STORE\n"
         "       phusong map --metric KEY --atlas DIR [-f png|svg|pdf]"
         " [OPTIONS] STORE\n\n"
         "Draw a choropleth of KEY (e.g. fibre_households, smartphone,\n"
         "coverage_5g_households) per commune, with district outlines, legend\n"
         "with class counts, scale bar, north arrow and source line. The\n"
         "format is the extension: PNG gets FILE.pgw and FILE.png.aux.xml\n"
         "(world file and CRS) so QGIS/GDAL place it; SVG and PDF are vector.\n"
         "  --atlas DIR           one map per district (its communes, the same\n"
         "                        classes on every page) and DIR/index.html,\n"
         "                        DIR/index.csv; -f sets the format (png)\n"
         "  --size SIZE           slide (1920 x 1080, 150 dpi), a4 or a3\n"
         "                        (landscape paper at --dpi, 300 by default:\n"
         "                        A4 = 3508 x 2480), a4-portrait, a3-portrait,\n"
         "                        or WxH pixels; SVG/PDF pages in points\n"
         "  --classes METHOD      quantile (default), equal, jenks (exact\n"
         "                        natural breaks), pretty (R's round numbers),\n"
         "                        stddev, headtail, manual, fixed (targets);\n"
         "                        the legend shows the method and its GVF\n"
         "  -k N                  number of classes (default 5, at most 9)\n"
         "  --breaks 80,90,95     fixed: target thresholds, open-ended end\n"
         "                        classes (< 80 ... >= 95), the same every year;\n"
         "                        manual: all bounds, e.g. 0,50,80,100\n"
         "  --width W --height H  pixels (1600 x 1200)   --dpi D (150);\n"
         "                        text and lines scale with the DPI\n"
         "  --palette NAME        sequential: YlGnBu (default, colour-blind\n"
         "                        safe), Blues, Greens, OrRd, Purples;\n"
         "                        diverging: RdYlBu, RdBu, BrBG, PuOr, PiYG,\n"
         "                        RdYlGn (not colour-blind safe), around\n"
         "                        --midpoint (ColorBrewer, colorbrewer2.org)\n"
         "  --midpoint V          where a diverging palette turns: a number\n"
         "                        (a target, e.g. 90), province (the run's\n"
         "                        province figure) or mean (of the communes);\n"
         "                        classes below it take one arm, above it the\n"
         "                        other (stddev classes: the mean by default)\n"
         "  --labels communes     commune names too, where they fit (district\n"
         "                        names are always drawn; --labels districts)\n"
         "  --title TEXT, --source TEXT (credit line; default: the run's"
         " input files)\n"
         "  --lang vi|en --run ID --overwrite --synthetic\n\n"
         "Usage: phusong map --coverage FILE.tif -o FILE.png|.svg|.pdf"
         " [OPTIONS]"
         " STORE\n\n"
         "Draw a coverage raster (5G_overlap.tif or 5G_signal.tif from\n"
         "'analyze --coverage-out') over the communes, in classes, with the\n"
         "sites marked per operator and the model metadata in the subtitle.\n"
         "  --band N              band to draw (default: ANY, else the last)\n"
         "  --coverage-kind K     overlap (operators covering: 0, 1, 2, 3+)"
         " or\n"
         "                        signal (dBm); default: from the band's"
         " type\n"
         "  --sites 5G|4G         sites marked (default 5G)\n"
         "  --size, --width, --height, --dpi, --title, --source, --lang,"
         " --run,\n"
         "  --overwrite, --synthetic   as above\n\n"
         "Usage: phusong map --disagreement --coverage DIR|FILE.tif"
         " [--operator OP]\n"
         "                   [--tech 5G|4G] -o FILE.png [OPTIONS] STORE\n\n"
         "Compare an operator's claimed coverage (its current 'import\n"
         "coverage' filing) with the model (the operator's band of\n"
         "<tech>_signal.tif from 'analyze --coverage-out DIR'; DIR may be\n"
         "given): every cell is both cover, model only, claim only or\n"
         "neither, with each class's area in the legend and the operator's\n"
         "sites marked. FILE.csv beside the map gets the km² per commune.\n"
         "  --operator OP         whose claim (default: the only operator with"
         " one)\n"
         "  --tech 5G|4G          technology of the claim and raster (5G)\n"
         "  --threshold DBM       covered at or above (default: the raster's\n"
         "                        PHUSONG_THRESHOLD_DBM)\n"
         "  --band N              band of the raster (default: the operator's)");
  } else if (strcmp(cmd, "submissions") == 0) {
    puts("Usage: phusong submissions STORE [--operator OP] [--kind K]"
         " [-f text|csv|json] [-o FILE]\n"
         "       phusong submissions STORE --extract ID -o DIR\n\n"
         "List every filing, oldest first: id, kind, operator, technologies,\n"
         "time (UTC), SHA-256, rows in/accepted, warnings, status (current,\n"
         "superseded, partly superseded: one technology of a site file\n"
         "replaced) and the filing that superseded it. Nothing is ever\n"
         "deleted. --kind: communes, households, survey, sites, coverage.\n"
         "--extract ID writes the filing's raw files (as sent, every file of\n"
         "a shapefile set) into the folder DIR, never replacing a file.\n"
         "See docs/submissions.md.");
  } else if (strcmp(cmd, "diff") == 0) {
    puts("Usage: phusong diff STORE --operator OP [--tech 4G|5G]"
         " [-f text|csv] [-o FILE] [FROM_ID TO_ID]\n\n"
         "Compare an operator's site filings: sites added, removed, moved\n"
         "(same site ID; geodesic distance in metres on WGS 84) and changed\n"
         "(band, radius, antenna...), and each commune's site count per\n"
         "technology before and after; where an analysis run read each\n"
         "filing, the commune figures that changed (sites, coverage of any\n"
         "operator and of OP). By default the operator's latest\n"
         "filing against the sites it replaced; with FROM_ID TO_ID those two\n"
         "filings, over the technologies TO_ID holds. See\n"
         "docs/submissions.md.");
  } else if (strcmp(cmd, "synth") == 0) {
    puts("Usage: phusong synth -o DIR --communes FILE [--communes FILE ...]"
         " --census FILE [OPTIONS]\n\n"
         "Generate SYNTHETIC layers, deterministically from --seed: three\n"
         "operators' site layers (CSV with Vietnamese columns, GeoJSON,\n"
         "GeoPackage), fibre households per commune, a weighted survey.\n"
         "  --seed N --sites-4g N (2200) --sites-5g N (10) --respondents N"
         " (5000)\n"
         "  --household-points [--household-scale F]   also households.csv\n"
         "  --code-field F --overwrite");
  } else if (strcmp(cmd, "demo") == 0) {
    puts("Usage: phusong demo [--data DIR] [-o OUTDIR] [--lang vi|en]\n\n"
         "Run the whole job on the bundled Bà Rịa – Vũng Tàu demo: generate\n"
         "the synthetic layers, create OUTDIR/demo.sqlite, import everything,\n"
         "analyse, and write the reports (CSV, JSON, Markdown) and maps.\n"
         "  --data DIR   the demo data folder (default data/demo)\n"
         "  -o OUTDIR    output folder (default out); replaced files only\n"
         "               inside it");
  } else {
    fputs(help_main, stdout);
  }
}

static void print_version(void) {
  /* first: in `phusong`, before anything is printed, the command goes to
  ** phusong-gdal (without_gdal.c) */
  const char *gdal = phs_gdal_version();
  printf("phusong %s\n", PHS_VERSION);
  printf("GDAL %s, PROJ %s, SQLite %s, SpatiaLite %s, libpng %s, cairo %s,"
         " Pango %s\n",
         gdal, phs_proj_version(), phs_sqlite_version(),
         phs_spatialite_version(), phs_libpng_version(), phs_cairo_version(),
         phs_pango_version());
}

/* ----------------------------------------------------------- options */

enum {
  O_LANG = 1000, O_SRC_CRS, O_LAYER, O_X, O_Y, O_ID, O_NAME, O_CODE,
  O_FALLBACK, O_DCODE, O_DNAME, O_PCODE, O_PNAME, O_TECH, O_BAND, O_RADIUS,
  O_HH, O_POP, O_FIBRE, O_WEIGHT, O_DECIMAL_COMMA, O_SWAP, O_KEEP_UNCODED,
  O_ALLOW_MISSING, O_MAKE_VALID, O_MAX_SIZE, O_SUBMITTER, O_OPERATOR, O_CELL,
  O_SMALL_N,
  O_WORKING_CRS, O_RUN, O_OVERWRITE, O_SYNTHETIC, O_NO_BOM, O_METRIC,
  O_CLASSES, O_BREAKS, O_WIDTH, O_HEIGHT, O_DPI, O_PALETTE, O_TITLE,
  O_MAP_SIZE, O_ATLAS, O_MIDPOINT, O_LABELS,
  O_COMMUNES, O_CENSUS, O_SEED, O_SITES4, O_SITES5, O_RESP, O_HHPOINTS,
  O_HHSCALE, O_DATA, O_VERSION, O_SOURCE, O_STORE, O_NO_HEADER, O_ENCODING,
  O_MAX_FIELD, O_MODEL, O_ENV, O_THRESHOLD, O_RELIABILITY, O_MAX_DIST,
  O_DEM, O_COVERAGE_OUT, O_MODEL4, O_THRESHOLD4, O_TECH_OPT, O_POPRASTER,
  O_COVERAGE, O_MAP_BAND, O_COVERAGE_KIND, O_SITES_TECH, O_LOS, O_TILE,
  O_DISAGREE, O_THREADS, O_TIMINGS, O_MAX_UNCOMPRESSED, O_MAX_ROWS
};
/* Versions and provenance (submissions, diff, analyze --as-of). */
enum { O_AS_OF = 2000, O_SHARE_DIST, O_KEEP_RAW, O_KIND, O_EXTRACT };
/* import, submit, validate --report FILE (import_report.c). */
enum { O_REPORT = 3000 };

static const struct option long_opts[] = {
    {"help", no_argument, NULL, 'h'},
    {"quiet", no_argument, NULL, 'q'},
    {"version", no_argument, NULL, O_VERSION},
    {"lang", required_argument, NULL, O_LANG},
    {"src-crs", required_argument, NULL, O_SRC_CRS},
    {"s_srs", required_argument, NULL, O_SRC_CRS},
    {"layer", required_argument, NULL, O_LAYER},
    {"x-field", required_argument, NULL, O_X},
    {"y-field", required_argument, NULL, O_Y},
    {"id-field", required_argument, NULL, O_ID},
    {"name-field", required_argument, NULL, O_NAME},
    {"code-field", required_argument, NULL, O_CODE},
    {"fallback-code-field", required_argument, NULL, O_FALLBACK},
    {"district-code-field", required_argument, NULL, O_DCODE},
    {"district-name-field", required_argument, NULL, O_DNAME},
    {"province-code-field", required_argument, NULL, O_PCODE},
    {"province-name-field", required_argument, NULL, O_PNAME},
    {"tech-field", required_argument, NULL, O_TECH},
    {"band-field", required_argument, NULL, O_BAND},
    {"radius-field", required_argument, NULL, O_RADIUS},
    {"households-field", required_argument, NULL, O_HH},
    {"population-field", required_argument, NULL, O_POP},
    {"fibre-field", required_argument, NULL, O_FIBRE},
    {"weight-field", required_argument, NULL, O_WEIGHT},
    {"decimal-comma", no_argument, NULL, O_DECIMAL_COMMA},
    {"swap-xy", no_argument, NULL, O_SWAP},
    {"keep-uncoded", no_argument, NULL, O_KEEP_UNCODED},
    {"allow-missing-geometry", no_argument, NULL, O_ALLOW_MISSING},
    {"make-valid", no_argument, NULL, O_MAKE_VALID},
    {"max-input-size", required_argument, NULL, O_MAX_SIZE},
    {"max-uncompressed", required_argument, NULL, O_MAX_UNCOMPRESSED},
    {"max-rows", required_argument, NULL, O_MAX_ROWS},
    {"submitter", required_argument, NULL, O_SUBMITTER},
    {"operator", required_argument, NULL, O_OPERATOR},
    {"cell", required_argument, NULL, O_CELL},
    {"small-n", required_argument, NULL, O_SMALL_N},
    {"working-crs", required_argument, NULL, O_WORKING_CRS},
    {"run", required_argument, NULL, O_RUN},
    {"overwrite", no_argument, NULL, O_OVERWRITE},
    {"synthetic", no_argument, NULL, O_SYNTHETIC},
    {"no-bom", no_argument, NULL, O_NO_BOM},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"metric", required_argument, NULL, O_METRIC},
    {"classes", required_argument, NULL, O_CLASSES},
    {"breaks", required_argument, NULL, O_BREAKS},
    {"width", required_argument, NULL, O_WIDTH},
    {"height", required_argument, NULL, O_HEIGHT},
    {"dpi", required_argument, NULL, O_DPI},
    {"size", required_argument, NULL, O_MAP_SIZE},
    {"atlas", required_argument, NULL, O_ATLAS},
    {"palette", required_argument, NULL, O_PALETTE},
    {"midpoint", required_argument, NULL, O_MIDPOINT},
    {"labels", required_argument, NULL, O_LABELS},
    {"title", required_argument, NULL, O_TITLE},
    {"source", required_argument, NULL, O_SOURCE},
    {"communes", required_argument, NULL, O_COMMUNES},
    {"census", required_argument, NULL, O_CENSUS},
    {"seed", required_argument, NULL, O_SEED},
    {"sites-4g", required_argument, NULL, O_SITES4},
    {"sites-5g", required_argument, NULL, O_SITES5},
    {"respondents", required_argument, NULL, O_RESP},
    {"household-points", no_argument, NULL, O_HHPOINTS},
    {"household-scale", required_argument, NULL, O_HHSCALE},
    {"data", required_argument, NULL, O_DATA},
    {"store", required_argument, NULL, O_STORE},
    {"no-header", no_argument, NULL, O_NO_HEADER},
    {"encoding", required_argument, NULL, O_ENCODING},
    {"max-field-bytes", required_argument, NULL, O_MAX_FIELD},
    {"model", required_argument, NULL, O_MODEL},
    {"environment", required_argument, NULL, O_ENV},
    {"threshold", required_argument, NULL, O_THRESHOLD},
    {"reliability", required_argument, NULL, O_RELIABILITY},
    {"max-distance", required_argument, NULL, O_MAX_DIST},
    {"dem", required_argument, NULL, O_DEM},
    {"los", required_argument, NULL, O_LOS},
    {"tile", required_argument, NULL, O_TILE},
    {"threads", required_argument, NULL, O_THREADS},
    {"timings", no_argument, NULL, O_TIMINGS},
    {"as-of", required_argument, NULL, O_AS_OF},
    {"share-distance", required_argument, NULL, O_SHARE_DIST},
    {"keep-raw-max", required_argument, NULL, O_KEEP_RAW},
    {"kind", required_argument, NULL, O_KIND},
    {"extract", required_argument, NULL, O_EXTRACT},
    {"report", required_argument, NULL, O_REPORT},
    {"coverage-out", required_argument, NULL, O_COVERAGE_OUT},
    {"coverage", required_argument, NULL, O_COVERAGE},
    {"band", required_argument, NULL, O_MAP_BAND},
    {"coverage-kind", required_argument, NULL, O_COVERAGE_KIND},
    {"disagreement", no_argument, NULL, O_DISAGREE},
    {"sites", required_argument, NULL, O_SITES_TECH},
    {"model-4g", required_argument, NULL, O_MODEL4},
    {"tech", required_argument, NULL, O_TECH_OPT},
    {"population-raster", required_argument, NULL, O_POPRASTER},
    {"threshold-4g", required_argument, NULL, O_THRESHOLD4},
    {NULL, 0, NULL, 0}};

/* Everything any subcommand may set. */
typedef struct args {
  const char *cmd;
  phs_import_opts imp;
  phs_analyze_opts ana; /* footprint model options of analyze */
  phs_lang lang;
  const char *format, *output, *metric, *classes, *breaks, *palette, *title;
  const char *source;
  const char *store; /* validate --store: check against its communes */
  const char *report; /* import/submit/validate --report FILE (JSON) */
  const char *working_crs, *data_dir, *census;
  const char *communes[16];
  int n_communes;
  long long run_id;
  int overwrite, synthetic, no_bom, k, width, height, small_n;
  double dpi, cell, hh_scale;
  unsigned long long seed;
  int seed_set, sites4, sites5, respondents, hh_points;
  const char *coverage, *coverage_kind, *sites_tech; /* map --coverage */
  int band;
  int disagreement; /* map --disagreement */
  const char *map_size, *atlas; /* map --size, --atlas */
  const char *midpoint, *labels; /* map --midpoint, --labels */
  const char *kind;     /* submissions --kind */
  long long extract_id; /* submissions --extract ID */
  int n_pos;
  char **pos;
} args;

static int parse_long(const char *cmd, const char *opt, const char *s,
                      long long lo, long long hi, long long *out) {
  if (phs_parse_whole(s, lo, hi, out)) {
    fprintf(stderr,
            phs_tr("ERROR: %s: '%s' is not a whole number in [%lld, %lld]\n"),
            opt, s, lo, hi);
    fprintf(stderr, phs_tr("Try 'phusong %s --help'.\n"), cmd);
    return -1;
  }
  return 0;
}

static int parse_double(const char *cmd, const char *opt, const char *s,
                        double lo, double hi, double *out) {
  if (phs_parse_real(s, lo, hi, out)) {
    fprintf(stderr, phs_tr("ERROR: %s: '%s' is not a number in [%g, %g]\n"),
            opt, s, lo, hi);
    fprintf(stderr, phs_tr("Try 'phusong %s --help'.\n"), cmd);
    return -1;
  }
  return 0;
}

/* An option with a whole-number value in [lo, hi], stored in an int. */
#define INT_OPTION(id, name, lo, hi, field)                       \
  case id:                                                        \
    if (parse_long(a->cmd, name, optarg, lo, hi, &v))             \
      return PHS_EUSAGE;                                          \
    field = (int)v;                                               \
    break

/* Parse argv after the command; returns PHS_OK, PHS_EUSAGE, or -1 when
** help or version was printed (exit 0). */
static int parse_args(int argc, char **argv, args *a) {
  int c;
  long long v;
  optind = 1;
  opterr = 0;
  /* Options may follow the arguments, as the usage lines show them
  ** ("import KIND [OPTIONS] STORE FILE"): GNU getopt permutes; "--" ends
  ** the options before a file name that starts with '-'. */
  while ((c = getopt_long(argc, argv, "hqf:o:k:", long_opts, NULL)) != -1) {
    switch (c) {
      case 'h': print_help(a->cmd); return -1;
      case O_VERSION: print_version(); return -1;
      case 'q': quiet = 1; break;
      case O_LANG:
        if (phs_lang_parse(optarg) < 0)
          return usage_error(a->cmd, "--lang must be vi or en, not '%s'",
                             optarg);
        a->lang = (phs_lang)phs_lang_parse(optarg);
        break;
      case O_SRC_CRS: a->imp.src_crs = optarg; break;
      case O_LAYER: a->imp.layer = optarg; break;
      case O_X: a->imp.x_field = optarg; break;
      case O_Y: a->imp.y_field = optarg; break;
      case O_ID: a->imp.id_field = optarg; break;
      case O_NAME: a->imp.name_field = optarg; break;
      case O_CODE: a->imp.code_field = optarg; break;
      case O_FALLBACK: a->imp.fallback_code_field = optarg; break;
      case O_DCODE: a->imp.district_code_field = optarg; break;
      case O_DNAME: a->imp.district_name_field = optarg; break;
      case O_PCODE: a->imp.province_code_field = optarg; break;
      case O_PNAME: a->imp.province_name_field = optarg; break;
      case O_TECH: a->imp.tech_field = optarg; break;
      case O_BAND: a->imp.band_field = optarg; break;
      case O_RADIUS: a->imp.radius_field = optarg; break;
      case O_HH: a->imp.households_field = optarg; break;
      case O_POP: a->imp.population_field = optarg; break;
      case O_FIBRE: a->imp.fibre_field = optarg; break;
      case O_WEIGHT: a->imp.weight_field = optarg; break;
      case O_DECIMAL_COMMA: a->imp.decimal_comma = 1; break;
      case O_SWAP: a->imp.swap_xy = 1; break;
      case O_KEEP_UNCODED: a->imp.keep_uncoded = 1; break;
      case O_ALLOW_MISSING: a->imp.allow_missing_geometry = 1; break;
      case O_MAKE_VALID: a->imp.make_valid = 1; break;
      case O_MAX_SIZE:
        if (parse_long(a->cmd, "--max-input-size", optarg, 1, 1LL << 40, &v))
          return PHS_EUSAGE;
        a->imp.max_input_size = v;
        break;
      case O_MAX_UNCOMPRESSED:
        if (parse_long(a->cmd, "--max-uncompressed", optarg, 1, 1LL << 42,
                       &v))
          return PHS_EUSAGE;
        a->imp.max_uncompressed = v;
        break;
      case O_MAX_ROWS:
        if (parse_long(a->cmd, "--max-rows", optarg, 1, 1LL << 40, &v))
          return PHS_EUSAGE;
        a->imp.max_rows = v;
        break;
      case O_SUBMITTER: a->imp.submitter = optarg; break;
      case O_OPERATOR: a->imp.operator_code = optarg; break;
      case O_CELL:
        if (parse_double(a->cmd, "--cell", optarg, 1, 10000, &a->cell))
          return PHS_EUSAGE;
        break;
      INT_OPTION(O_SMALL_N, "--small-n", 1, 1000000, a->small_n);
      case O_WORKING_CRS: a->working_crs = optarg; break;
      case O_RUN:
        if (parse_long(a->cmd, "--run", optarg, 1, 1LL << 62, &a->run_id))
          return PHS_EUSAGE;
        break;
      case O_OVERWRITE: a->overwrite = 1; break;
      case O_SYNTHETIC: a->synthetic = 1; break;
      case O_NO_BOM: a->no_bom = 1; break;
      case 'f': a->format = optarg; break;
      case 'o': a->output = optarg; break;
      case O_METRIC: a->metric = optarg; break;
      case O_CLASSES: a->classes = optarg; break;
      case O_BREAKS: a->breaks = optarg; break;
      INT_OPTION('k', "-k", 1, PHS_MAX_CLASSES, a->k);
      INT_OPTION(O_WIDTH, "--width", PHS_MAP_MIN_PX, PHS_MAP_MAX_PX,
                 a->width);
      INT_OPTION(O_HEIGHT, "--height", PHS_MAP_MIN_PX, PHS_MAP_MAX_PX,
                 a->height);
      case O_DPI:
        if (parse_double(a->cmd, "--dpi", optarg, PHS_MAP_MIN_DPI,
                         PHS_MAP_MAX_DPI, &a->dpi))
          return PHS_EUSAGE;
        break;
      case O_PALETTE: a->palette = optarg; break;
      case O_MAP_SIZE: a->map_size = optarg; break;
      case O_ATLAS: a->atlas = optarg; break;
      case O_MIDPOINT: a->midpoint = optarg; break;
      case O_LABELS: a->labels = optarg; break;
      case O_TITLE: a->title = optarg; break;
      case O_SOURCE: a->source = optarg; break;
      case O_COMMUNES:
        if (a->n_communes == 16)
          return usage_error(a->cmd, "%s", "at most 16 --communes files");
        a->communes[a->n_communes++] = optarg;
        break;
      case O_CENSUS: a->census = optarg; break;
      case O_SEED:
        if (parse_long(a->cmd, "--seed", optarg, 0, 1LL << 62, &v))
          return PHS_EUSAGE;
        a->seed = (unsigned long long)v;
        a->seed_set = 1;
        break;
      INT_OPTION(O_SITES4, "--sites-4g", 0, 10000000, a->sites4);
      INT_OPTION(O_TILE, "--tile", 1, 65536, a->ana.tile_cells);
      INT_OPTION(O_THREADS, "--threads", 1, 1024, a->ana.threads);
      INT_OPTION(O_SITES5, "--sites-5g", 0, 10000000, a->sites5);
      INT_OPTION(O_RESP, "--respondents", 0, 100000000, a->respondents);
      case O_HHPOINTS: a->hh_points = 1; break;
      case O_TIMINGS: a->ana.timings = 1; break;
      case O_AS_OF: a->ana.as_of = optarg; break;
      case O_SHARE_DIST:
        if (parse_double(a->cmd, "--share-distance", optarg, 0.1, 10000,
                         &a->ana.share_distance_m))
          return PHS_EUSAGE;
        a->imp.share_distance_m = a->ana.share_distance_m;
        break;
      case O_KEEP_RAW:
        if (parse_long(a->cmd, "--keep-raw-max", optarg, 0,
                       PHS_KEEP_RAW_LIMIT, &v))
          return PHS_EUSAGE;
        a->imp.keep_raw_max = v == 0 ? -1 : v; /* 0: keep none */
        break;
      case O_KIND: a->kind = optarg; break;
      case O_REPORT: a->report = optarg; break;
      case O_EXTRACT:
        if (parse_long(a->cmd, "--extract", optarg, 1, 1LL << 62,
                       &a->extract_id))
          return PHS_EUSAGE;
        break;
      case O_HHSCALE:
        if (parse_double(a->cmd, "--household-scale", optarg, 1e-9, 1,
                         &a->hh_scale))
          return PHS_EUSAGE;
        break;
      case O_DATA: a->data_dir = optarg; break;
      case O_STORE: a->store = optarg; break;
      case O_NO_HEADER: a->imp.no_header = 1; break;
      case O_ENCODING: a->imp.encoding = optarg; break;
      case O_MODEL: a->ana.model = optarg; break;
      case O_ENV: a->ana.environment = optarg; break;
      case O_THRESHOLD:
        if (parse_double(a->cmd, "--threshold", optarg, -200, 0,
                         &a->ana.threshold_dbm))
          return PHS_EUSAGE;
        /* import coverage (a signal raster) and map --disagreement too */
        a->imp.has_threshold = 1;
        a->imp.threshold_dbm = a->ana.threshold_dbm;
        break;
      case O_RELIABILITY:
        if (parse_double(a->cmd, "--reliability", optarg, 0.5, 0.9999,
                         &a->ana.reliability))
          return PHS_EUSAGE;
        break;
      case O_MAX_DIST:
        if (parse_double(a->cmd, "--max-distance", optarg, 100, 100000,
                         &a->ana.max_dist_m))
          return PHS_EUSAGE;
        break;
      case O_DEM: a->ana.dem_path = optarg; break;
      case O_LOS: a->ana.los = optarg; break;
      case O_COVERAGE_OUT: a->ana.coverage_dir = optarg; break;
      case O_COVERAGE: a->coverage = optarg; break;
      case O_DISAGREE: a->disagreement = 1; break;
      INT_OPTION(O_MAP_BAND, "--band", 1, 65535, a->band);
      case O_COVERAGE_KIND:
        if (strcmp(optarg, "overlap") != 0 && strcmp(optarg, "signal") != 0)
          return usage_error(a->cmd, "--coverage-kind: '%s' (overlap, signal)",
                             optarg);
        a->coverage_kind = optarg;
        break;
      case O_SITES_TECH:
        if (strcmp(optarg, "5G") != 0 && strcmp(optarg, "4G") != 0)
          return usage_error(a->cmd, "--sites: '%s' (5G, 4G)", optarg);
        a->sites_tech = optarg;
        break;
      case O_MODEL4: a->ana.model_4g = optarg; break;
      case O_TECH_OPT: a->imp.tech = optarg; break;
      case O_POPRASTER: a->ana.population_raster = optarg; break;
      case O_THRESHOLD4:
        if (parse_double(a->cmd, "--threshold-4g", optarg, -200, 0,
                         &a->ana.threshold_4g_dbm))
          return PHS_EUSAGE;
        break;
      INT_OPTION(O_MAX_FIELD, "--max-field-bytes", 16, 1 << 24,
                 a->imp.max_field_bytes);
      case '?':
      default:
        return usage_error(a->cmd, "unknown or incomplete option '%s'",
                           argv[optind - 1]);
    }
  }
  a->pos = argv + optind;
  a->n_pos = argc - optind;
  return PHS_OK;
}

static int need_pos(const args *a, int n, const char *what) {
  if (a->n_pos != n)
    return usage_error(a->cmd, "%s", what);
  return PHS_OK;
}

/* Refuse to replace an existing output unless --overwrite. */
static int check_output(const args *a, const char *path) {
  struct stat sb;
  if (!a->overwrite && path && strcmp(path, "-") != 0 && stat(path, &sb) == 0)
    return usage_error(a->cmd, "'%s' exists; use --overwrite to replace it",
                       path);
  return PHS_OK;
}

/* ---------------------------------------------------------- commands */

static int cmd_init(args *a) {
  int st = need_pos(a, 1, "init takes one argument: the store path");
  if (st) return st;
  phs_diag d;
  phs_diag_init(&d);
  phs_store *s = NULL;
  st = phs_store_create(a->pos[0], &s, &d);
  phs_store_close(s);
  if (st == PHS_OK && !quiet)
    printf(phs_tr("created store %s (schema version %d)\n"), a->pos[0],
           PHS_SCHEMA_VERSION);
  return finish(&d, st);
}

#ifndef PHS_WITHOUT_GDAL /* commands reading through GDAL: phusong-gdal */

static int import_kind(const char *s) {
  if (strcmp(s, "communes") == 0) return PHS_IMPORT_COMMUNES;
  if (strcmp(s, "households") == 0) return PHS_IMPORT_HOUSEHOLDS;
  if (strcmp(s, "survey") == 0) return PHS_IMPORT_SURVEY;
  if (strcmp(s, "sites") == 0) return PHS_IMPORT_SITES;
  if (strcmp(s, "coverage") == 0) return PHS_IMPORT_COVERAGE;
  return -1;
}

static int run_import(args *a, phs_import_kind kind, const char *store_path,
                      const char *file) {
  phs_diag d;
  phs_diag_init(&d);
  phs_store *s = NULL;
  int st = PHS_OK;
  if (store_path) st = phs_store_open(store_path, &s, &d);
  phs_import_result res;
  memset(&res, 0, sizeof(res));
  a->imp.threads = a->ana.threads;
  if (st == PHS_OK) st = phs_import(s, kind, file, &a->imp, &res, &d);
  phs_store_close(s);
  if (st == PHS_OK && !quiet) {
    if (res.noop)
      printf(phs_tr("%s: already imported as submission #%lld; nothing to"
                    " do\n"),
             file, res.submission_id);
    else if (store_path && !a->imp.dry_run)
      printf(phs_tr("%s: imported as submission #%lld: %ld of %ld rows, %ld"
                    " warnings, sha256 %s\n"),
             file, res.submission_id, res.rows_accepted, res.rows_in,
             res.warnings, res.sha256);
    else
      printf(phs_tr("%s: valid: %ld rows would be imported, %ld warnings\n"),
             file, res.rows_accepted, res.warnings);
  }
  static const char *const kind_names[] = {
      [PHS_IMPORT_COMMUNES] = "communes", [PHS_IMPORT_HOUSEHOLDS] = "households",
      [PHS_IMPORT_SURVEY] = "survey", [PHS_IMPORT_SITES] = "sites",
      [PHS_IMPORT_COVERAGE] = "coverage"};
  if (a->report &&
      phs_import_report_write(a->report, a->cmd, kind_names[kind], store_path,
                              file, st, a->imp.dry_run, &res, &d) != 0) {
    fprintf(stderr, phs_tr("ERROR: %s: cannot write the report\n"),
            a->report);
    if (st == PHS_OK) st = PHS_ERUNTIME;
  }
  return finish(&d, st);
}

static int cmd_import(args *a) {
  if (a->n_pos != 3 || import_kind(a->pos[0]) < 0 ||
      import_kind(a->pos[0]) == PHS_IMPORT_SITES)
    return usage_error(a->cmd, "%s",
                       "usage: phusong import communes|households|survey"
                       "|coverage STORE FILE (sites: use 'phusong submit')");
  if (import_kind(a->pos[0]) == PHS_IMPORT_COVERAGE &&
      (a->imp.operator_code == NULL || a->imp.tech == NULL))
    return usage_error(a->cmd, "%s",
                       "import coverage needs --operator OP and --tech 4G|5G");
  a->imp.band = a->band; /* a coverage raster's band */
  return run_import(a, (phs_import_kind)import_kind(a->pos[0]), a->pos[1],
                    a->pos[2]);
}

static int cmd_submit(args *a) {
  int st = need_pos(a, 2, "usage: phusong submit --operator OP STORE FILE");
  if (st) return st;
  if (a->imp.operator_code == NULL)
    return usage_error(a->cmd, "%s", "--operator OP is required");
  return run_import(a, PHS_IMPORT_SITES, a->pos[0], a->pos[1]);
}

static int cmd_validate(args *a) {
  if (a->n_pos != 2 || import_kind(a->pos[0]) < 0)
    return usage_error(a->cmd, "%s",
                       "usage: phusong validate"
                       " communes|households|survey|sites FILE");
  a->imp.dry_run = 1;
  a->imp.band = a->band;
  return run_import(a, (phs_import_kind)import_kind(a->pos[0]), a->store,
                    a->pos[1]);
}

static int cmd_analyze(args *a) {
  int st = need_pos(a, 1, "analyze takes one argument: the store path");
  if (st) return st;
  phs_diag d;
  phs_diag_init(&d);
  phs_store *s = NULL;
  st = phs_store_open(a->pos[0], &s, &d);
  phs_analyze_opts o = a->ana;
  o.overwrite = a->overwrite;
  o.cell_m = a->cell;
  o.small_n = a->small_n;
  o.working_crs = a->working_crs;
  long long run_id = 0;
  if (st == PHS_OK) st = phs_analyze(s, &o, &run_id, &d);
  phs_store_close(s);
  if (st == PHS_OK && !quiet) printf("analysis run %lld recorded\n", run_id);
  return finish(&d, st);
}

#endif /* PHS_WITHOUT_GDAL */

static int write_file(const char *path, const phs_buf *b, phs_diag *d) {
  if (path == NULL || strcmp(path, "-") == 0) {
    fwrite(b->data ? b->data : "", 1, b->len, stdout);
    return PHS_OK;
  }
  FILE *fp = fopen(path, "wb");
  if (fp == NULL)
    return phs_diag_error(d, PHS_ERUNTIME, "%s: cannot write", path);
  size_t n = fwrite(b->data ? b->data : "", 1, b->len, fp);
  if (fclose(fp) != 0 || n != b->len)
    return phs_diag_error(d, PHS_ERUNTIME, "%s: write failed", path);
  return PHS_OK;
}

#ifndef PHS_WITHOUT_GDAL /* commands reading through GDAL: phusong-gdal */

static int cmd_count(args *a) {
  int st = need_pos(a, 2, "usage: phusong count [OPTIONS] STORE POINTS");
  if (st) return st;
  st = check_output(a, a->output);
  if (st) return st;
  phs_diag d;
  phs_diag_init(&d);
  phs_store *s = NULL;
  phs_point_counts pc;
  memset(&pc, 0, sizeof(pc));
  st = phs_store_open(a->pos[0], &s, &d);
  a->imp.threads = a->ana.threads;
  if (st == PHS_OK) st = phs_count_points(s, a->pos[1], &a->imp, &pc, &d);
  phs_store_close(s);
  if (st == PHS_OK) {
    phs_buf b;
    phs_buf_init(&b);
    phs_buf_puts(&b, "commune_code,commune_name,points\n");
    for (int k = 0; k < pc.n; k++) {
      phs_buf_puts(&b, pc.codes[k]);
      phs_buf_puts(&b, ",");
      phs_csv_cell(&b, pc.names[k]);
      phs_buf_printf(&b, ",%lld\n", pc.points[k]);
    }
    st = b.oom ? phs_diag_error(&d, PHS_ERUNTIME, "out of memory")
               : write_file(a->output, &b, &d);
    phs_buf_free(&b);
    if (st == PHS_OK && !quiet)
      fprintf(stderr,
              "%s: %lld points, %lld in %d communes, %lld outside every"
              " commune\n",
              a->pos[1], pc.total, pc.total - pc.outside, pc.n, pc.outside);
  }
  phs_point_counts_free(&pc);
  return finish(&d, st);
}

#endif /* PHS_WITHOUT_GDAL */

static int report_to(args *a, phs_store *s, phs_report_format fmt,
                     const char *path, phs_diag *d) {
  phs_run run;
  int st = phs_store_load_run(s, a->run_id, &run, d);
  if (st) return st;
  phs_report_opts o;
  memset(&o, 0, sizeof(o));
  o.format = fmt;
  o.lang = a->lang;
  o.synthetic_note = a->synthetic;
  o.no_bom = a->no_bom;
  phs_buf b;
  phs_buf_init(&b);
  st = phs_report_write(&run, &o, &b, d);
  if (st == PHS_OK) st = write_file(path, &b, d);
  phs_buf_free(&b);
  phs_run_free(&run);
  return st;
}

static int cmd_report(args *a) {
  int st = need_pos(a, 1, "report takes one argument: the store path");
  if (st) return st;
  int fmt = a->format ? phs_report_format_parse(a->format)
            : a->output ? phs_report_format_from_path(a->output)
                        : PHS_REPORT_MD;
  if (fmt < 0)
    return usage_error(a->cmd, "unknown report format '%s' (csv, json, md)",
                       a->format ? a->format : a->output);
  st = check_output(a, a->output);
  if (st) return st;
  phs_diag d;
  phs_diag_init(&d);
  phs_store *s = NULL;
  st = phs_store_open(a->pos[0], &s, &d);
  if (st == PHS_OK) st = report_to(a, s, (phs_report_format)fmt, a->output, &d);
  phs_store_close(s);
  return finish(&d, st);
}

static int parse_breaks(const char *s, double *out, int *n) {
  *n = 0;
  const char *p = s;
  while (*p) {
    char *end;
    double v = strtod(p, &end);
    if (end == p || *n == PHS_MAX_CLASSES + 1) return -1;
    out[(*n)++] = v;
    p = end;
    if (*p == ',') p++;
    else if (*p) return -1;
  }
  return *n > 0 ? 0 : -1;
}

/* The choropleth options from the command line; breaks holds
** PHS_MAX_CLASSES + 1 numbers and is pointed to by o. */
static int map_opts_fill(const args *a, const char *metric, phs_map_opts *o,
                         double *breaks, phs_diag *d) {
  memset(o, 0, sizeof(*o));
  o->metric = metric;
  o->lang = a->lang;
  o->width = a->width;
  o->height = a->height;
  o->dpi = a->dpi;
  o->n_classes = a->k;
  o->palette = a->palette;
  o->midpoint = a->midpoint;
  o->commune_labels = a->labels != NULL && strcmp(a->labels, "communes") == 0;
  o->title = a->title;
  o->source = a->source;
  o->synthetic_note = a->synthetic;
  o->method = a->classes ? (phs_class_method)phs_class_method_parse(a->classes)
                         : PHS_CLASS_QUANTILE;
  if (a->breaks) {
    if (parse_breaks(a->breaks, breaks, &o->n_breaks))
      return phs_diag_error(d, PHS_EUSAGE,
                            "--breaks: '%s' is not a list like 80,90,95",
                            a->breaks);
    o->breaks = breaks;
    if (!a->classes) o->method = PHS_CLASS_FIXED;
  }
  return PHS_OK;
}

static int map_to(args *a, phs_store *s, const char *metric, const char *path,
                  phs_diag *d) {
  phs_run run; /* only the metric's rows: all a map reads */
  int st = phs_store_load_run_metric(s, a->run_id, metric, &run, d);
  if (st) return st;
  phs_map_opts o;
  double breaks[PHS_MAX_CLASSES + 1];
  st = map_opts_fill(a, metric, &o, breaks, d);
  if (st == PHS_OK) st = phs_map_write(s, &run, &o, path, d);
  phs_run_free(&run);
  return st;
}

/* map --atlas DIR: one map per district, in format fmt, with the index. */
static int atlas_to(args *a, phs_store *s, phs_map_format fmt, int *n_maps,
                    phs_diag *d) {
  phs_run run; /* only the metric's rows: all an atlas reads */
  int st = phs_store_load_run_metric(s, a->run_id, a->metric, &run, d);
  if (st) return st;
  phs_map_opts o;
  double breaks[PHS_MAX_CLASSES + 1];
  st = map_opts_fill(a, a->metric, &o, breaks, d);
  if (st == PHS_OK)
    st = phs_map_atlas_write(s, &run, &o, a->atlas, fmt, n_maps, d);
  phs_run_free(&run);
  return st;
}

/* --size NAME|WxH and --dpi into a->width, a->height, a->dpi
** (phs_map_page_size, render/page_size.c). */
static int map_page_size(args *a) {
  phs_diag d;
  phs_diag_init(&d);
  int st = phs_map_page_size(a->map_size, &a->width, &a->height, &a->dpi, &d);
  if (st) usage_error(a->cmd, "%s", d.msg);
  phs_diag_clear(&d);
  return st;
}

/* map --coverage: the coverage raster over the communes. The run (latest,
** or --run) only names the analysis in the subtitle; none is needed. */
static int coverage_map_to(args *a, phs_store *s, const char *path,
                           const char *csv_path, phs_diag *d) {
  phs_run run;
  memset(&run, 0, sizeof(run));
  int have_run = 0;
  if (a->run_id) {
    int st = phs_store_load_run(s, a->run_id, &run, d);
    if (st) return st;
    have_run = 1;
  } else {
    phs_diag quiet_d;
    phs_diag_init(&quiet_d);
    have_run = phs_store_load_run(s, 0, &run, &quiet_d) == PHS_OK;
    phs_diag_clear(&quiet_d);
  }
  phs_coverage_map_opts o;
  memset(&o, 0, sizeof(o));
  o.raster = a->coverage;
  o.band = a->band;
  o.kind = a->coverage_kind;
  o.tech = a->sites_tech;
  o.lang = a->lang;
  o.width = a->width;
  o.height = a->height;
  o.dpi = a->dpi;
  o.title = a->title;
  o.source = a->source;
  o.synthetic_note = a->synthetic;
  o.disagreement = a->disagreement;
  if (a->disagreement) {
    o.tech = a->imp.tech ? a->imp.tech : "5G";
    o.operator_code = a->imp.operator_code;
    o.has_threshold = a->imp.has_threshold;
    o.threshold_dbm = a->imp.threshold_dbm;
    o.csv_path = csv_path;
  }
  int st = phs_coverage_map_write(s, have_run ? &run : NULL, &o, path, d);
  if (have_run) phs_run_free(&run);
  return st;
}

/* map --atlas DIR [-f png|svg|pdf]: the folder is created when missing;
** a previous atlas in it (its index.csv) is replaced only with
** --overwrite. */
static int cmd_map_atlas(args *a) {
  if (a->coverage || a->output)
    return usage_error(a->cmd, "%s", "--atlas DIR draws the --metric map of"
                       " each district into DIR: no --coverage, no -o");
  int fmt = PHS_MAP_PNG;
  if (a->format) {
    char probe[16];
    snprintf(probe, sizeof(probe), "x.%.8s", a->format);
    fmt = phs_map_format_from_path(probe);
    if (fmt < 0)
      return usage_error(a->cmd, "-f: '%s' (png, svg, pdf)", a->format);
  }
  struct stat sb;
  if (stat(a->atlas, &sb) == 0 && !S_ISDIR(sb.st_mode))
    return usage_error(a->cmd, "--atlas: '%s' is not a folder", a->atlas);
  char index[4096];
  snprintf(index, sizeof(index), "%s/index.csv", a->atlas);
  int st = check_output(a, index);
  if (st) return st;
  phs_diag d;
  phs_diag_init(&d);
  if (stat(a->atlas, &sb) != 0 && mkdir(a->atlas, 0777) != 0)
    return finish(&d, phs_diag_error(&d, PHS_ERUNTIME,
                                      "%s: cannot create the folder: %s",
                                      a->atlas, strerror(errno)));
  phs_store *s = NULL;
  int n_maps = 0;
  st = phs_store_open(a->pos[0], &s, &d);
  if (st == PHS_OK) st = atlas_to(a, s, (phs_map_format)fmt, &n_maps, &d);
  phs_store_close(s);
  if (st == PHS_OK && !quiet)
    printf("wrote %d maps and %s/index.html, %s/index.csv\n", n_maps,
           a->atlas, a->atlas);
  return finish(&d, st);
}

static int cmd_map(args *a) {
  int st = need_pos(a, 1, "map takes one argument: the store path");
  if (st) return st;
  if (a->coverage && a->metric)
    return usage_error(a->cmd, "%s", "--metric and --coverage draw different"
                       " maps: give one");
  if (a->disagreement && a->coverage == NULL)
    return usage_error(a->cmd, "%s", "--disagreement needs --coverage"
                       " DIR|FILE.tif: the model's signal raster");
  if (a->metric == NULL && a->coverage == NULL)
    return usage_error(a->cmd, "%s", "--metric or --coverage is required");
  if (a->disagreement && a->imp.tech && strcmp(a->imp.tech, "5G") != 0 &&
      strcmp(a->imp.tech, "4G") != 0)
    return usage_error(a->cmd, "--tech: '%s' (5G, 4G)", a->imp.tech);
  if (a->output == NULL && a->atlas == NULL)
    return usage_error(a->cmd, "%s", "-o FILE.png|.svg|.pdf (or --atlas DIR)"
                       " is required");
  if ((st = map_page_size(a)) != PHS_OK) return st;
  if (a->palette && phs_palette_kind_of(a->palette) < 0)
    return usage_error(a->cmd, "--palette: '%s' (" PHS_PALETTE_NAMES ")",
                       a->palette);
  if (a->labels && strcmp(a->labels, "communes") != 0 &&
      strcmp(a->labels, "districts") != 0)
    return usage_error(a->cmd, "--labels: '%s' (communes, districts)",
                       a->labels);
  if ((a->midpoint || a->labels) && a->coverage)
    return usage_error(a->cmd, "%s", "--midpoint and --labels are for"
                       " --metric maps");
  if (a->classes && phs_class_method_parse(a->classes) < 0)
    return usage_error(a->cmd, "--classes: '%s' (" PHS_CLASS_METHOD_NAMES ")",
                       a->classes);
  int by_breaks = a->classes == NULL ||
                  phs_class_method_parse(a->classes) == PHS_CLASS_FIXED ||
                  phs_class_method_parse(a->classes) == PHS_CLASS_MANUAL;
  if (a->breaks && !by_breaks)
    return usage_error(a->cmd, "--breaks: for --classes fixed or manual, not"
                       " '%s'", a->classes);
  if (a->classes && by_breaks && a->breaks == NULL)
    return usage_error(a->cmd, "--classes %s needs --breaks", a->classes);
  if (a->atlas) return cmd_map_atlas(a);
  size_t n = strlen(a->output);
  int fmt = phs_map_format_from_path(a->output);
  if (fmt < 0)
    return usage_error(a->cmd, "'%s': maps are written as .png, .svg or .pdf",
                       a->output);
  if (a->format && phs_map_format_from_path(a->format) != fmt &&
      !(strlen(a->format) == 3 &&
        strcmp(a->format, phs_map_format_ext((phs_map_format)fmt)) == 0))
    return usage_error(a->cmd, "-f %s: a map's format is the extension of"
                       " -o (or use --atlas DIR -f FORMAT)", a->format);
  st = check_output(a, a->output);
  if (st) return st;
  /* The disagreement's per-commune table goes beside the map. */
  char csv[4096] = "";
  if (a->disagreement) {
    snprintf(csv, sizeof(csv), "%.*s.csv", (int)(n - 4), a->output);
    st = check_output(a, csv);
    if (st) return st;
  }
  phs_diag d;
  phs_diag_init(&d);
  phs_store *s = NULL;
  st = phs_store_open(a->pos[0], &s, &d);
  if (st == PHS_OK)
    st = a->coverage
             ? coverage_map_to(a, s, a->output, csv[0] ? csv : NULL, &d)
             : map_to(a, s, a->metric, a->output, &d);
  phs_store_close(s);
  if (st == PHS_OK && !quiet) printf("wrote %s\n", a->output);
  if (st == PHS_OK && !quiet && csv[0]) printf("wrote %s\n", csv);
  return finish(&d, st);
}

#ifndef PHS_WITHOUT_GDAL /* commands reading through GDAL: phusong-gdal */

static int synth_into(args *a, const char *out_dir, const char *const *communes,
                      int n_communes, const char *census, phs_diag *d) {
  phs_synth_opts o;
  phs_synth_opts_default(&o);
  o.commune_paths = communes;
  o.n_commune_paths = n_communes;
  o.census_path = census;
  o.out_dir = out_dir;
  o.overwrite = a->overwrite;
  if (a->seed_set) o.seed = a->seed;
  if (a->sites4) o.n_sites_4g = a->sites4;
  if (a->sites5) o.n_sites_5g = a->sites5;
  if (a->respondents) o.n_respondents = a->respondents;
  o.household_points = a->hh_points;
  if (a->hh_scale > 0) o.household_scale = a->hh_scale;
  if (a->imp.code_field) o.code_field = a->imp.code_field;
  phs_synth_result r;
  int st = phs_synth_run(&o, &r, d);
  if (st == PHS_OK && !quiet)
    printf("synthetic layers in %s: %ld units (%ld without polygon), %ld 4G"
           " and %ld 5G sites, %ld respondents, %ld household points;"
           " fibre %.3f%%, smartphone %.3f%%, bank %.3f%%, e-ID %.3f%%\n",
           out_dir, r.units, r.units_without_polygon, r.sites_4g, r.sites_5g,
           r.respondents, r.household_points, r.fibre_pct, r.smartphone_pct,
           r.bank_pct, r.eid_pct);
  return st;
}

static int cmd_synth(args *a) {
  if (a->n_pos != 0 || a->output == NULL || a->n_communes == 0 ||
      a->census == NULL)
    return usage_error(a->cmd, "%s",
                       "usage: phusong synth -o DIR --communes FILE --census"
                       " FILE");
  phs_diag d;
  phs_diag_init(&d);
  int st = synth_into(a, a->output, a->communes, a->n_communes, a->census, &d);
  return finish(&d, st);
}

/* ------------------------------------------------------------- demo */

/* A demo step's warnings are printed and dropped, so they do not end up
** in the next step's record (an analysis run keeps only its own). */
static void flush_warnings(phs_diag *d) {
  print_diag(d, PHS_OK);
  phs_diag ok;
  phs_diag_init(&ok);
  phs_diag_take_warnings(&ok, d);
  phs_diag_clear(&ok);
}

static int demo_import(args *a, phs_store *s, phs_import_kind kind,
                       const char *file, phs_diag *d) {
  phs_import_result res;
  int st = phs_import(s, kind, file, &a->imp, &res, d);
  if (st == PHS_OK && !quiet)
    printf("  %-40s submission #%lld, %ld rows, %ld warnings\n",
           strrchr(file, '/') ? strrchr(file, '/') + 1 : file,
           res.submission_id, res.rows_accepted, res.warnings);
  if (st == PHS_OK) flush_warnings(d);
  return st;
}

static int cmd_demo(args *a) {
  if (a->n_pos != 0) return usage_error(a->cmd, "%s", "demo takes no arguments");
  const char *data = a->data_dir ? a->data_dir : "data/demo";
  const char *out = a->output ? a->output : "out";
  phs_diag d;
  phs_diag_init(&d);
  char path[4096], path2[4096], syn[4096], store[4096];
  snprintf(path, sizeof(path), "%s/brvt_communes_2008.geojson", data);
  snprintf(path2, sizeof(path2), "%s/con_dao_755.geojson", data);
  const char *communes[2] = {path, path2};
  char census[4096];
  snprintf(census, sizeof(census), "%s/brvt_census2019_commune_pop_hh.csv",
           data);
  struct stat sb;
  if (stat(path, &sb) != 0 || stat(census, &sb) != 0)
    return usage_error(a->cmd,
                       "demo data not found in '%s' (run from the source"
                       " tree or pass --data DIR)",
                       data);
  mkdir(out, 0777);
  snprintf(syn, sizeof(syn), "%s/synthetic", out);
  snprintf(store, sizeof(store), "%s/demo.sqlite", out);
  /* The demo owns its output folder: start from a fresh store. */
  unlink(store);
  char tmp[4200];
  snprintf(tmp, sizeof(tmp), "%s-wal", store);
  unlink(tmp);
  snprintf(tmp, sizeof(tmp), "%s-shm", store);
  unlink(tmp);
  a->overwrite = 1;
  a->synthetic = 1;
  a->source = a->lang == PHS_LANG_VI
                  ? "Nguồn: ranh giới xã 2008 (censusVN2009, MIT), Côn Đảo"
                    " (dvhcvn), Tổng điều tra dân số 2019 (TCTK)"
                  : "Sources: 2008 commune boundaries (censusVN2009, MIT),"
                    " Côn Đảo (dvhcvn), GSO 2019 census";
  if (!quiet) printf("1. synthetic layers\n");
  int st = synth_into(a, syn, communes, 2, census, &d);
  if (st == PHS_OK) flush_warnings(&d);
  phs_store *s = NULL;
  if (st == PHS_OK) {
    if (!quiet) printf("2. store %s\n", store);
    st = phs_store_create(store, &s, &d);
  }
  if (st == PHS_OK) {
    if (!quiet) printf("3. imports\n");
    phs_import_opts base = a->imp;
    a->imp.keep_uncoded = 1; /* Phường 6 has no 2019 code: keep it, flagged */
    st = demo_import(a, s, PHS_IMPORT_COMMUNES, path, &d);
    if (st == PHS_OK) st = demo_import(a, s, PHS_IMPORT_COMMUNES, path2, &d);
    a->imp = base;
    a->imp.fallback_code_field = "district_code"; /* Côn Đảo */
    if (st == PHS_OK) st = demo_import(a, s, PHS_IMPORT_HOUSEHOLDS, census, &d);
    a->imp = base;
    static const char *const files[] = {"fibre_households.csv", "survey.csv"};
    static const phs_import_kind kinds[] = {PHS_IMPORT_HOUSEHOLDS,
                                            PHS_IMPORT_SURVEY};
    for (int i = 0; i < 2 && st == PHS_OK; i++) {
      snprintf(tmp, sizeof(tmp), "%s/%s", syn, files[i]);
      st = demo_import(a, s, kinds[i], tmp, &d);
    }
    static const char *const ops[][2] = {{"VIETTEL", "sites_viettel.csv"},
                                         {"VNPT", "sites_vnpt.geojson"},
                                         {"MOBIFONE", "sites_mobifone.gpkg"}};
    for (int i = 0; i < 3 && st == PHS_OK; i++) {
      snprintf(tmp, sizeof(tmp), "%s/%s", syn, ops[i][1]);
      a->imp.operator_code = ops[i][0];
      st = demo_import(a, s, PHS_IMPORT_SITES, tmp, &d);
    }
    a->imp = base;
  }
  long long run_id = 0;
  if (st == PHS_OK) {
    if (!quiet) printf("4. analysis\n");
    phs_analyze_opts o;
    memset(&o, 0, sizeof(o));
    o.cell_m = a->cell;
    st = phs_analyze(s, &o, &run_id, &d);
    if (st == PHS_OK) flush_warnings(&d);
  }
  if (st == PHS_OK && !quiet) printf("5. reports and maps in %s/\n", out);
  static const char *const ext[] = {"csv", "json", "md"};
  for (int f = 0; f < 3 && st == PHS_OK; f++) {
    snprintf(tmp, sizeof(tmp), "%s/report.%s", out, ext[f]);
    st = report_to(a, s, (phs_report_format)f, tmp, &d);
    if (st == PHS_OK && !quiet) printf("  %s\n", tmp);
  }
  static const char *const maps[] = {"fibre_households", "smartphone",
                                     "coverage_5g_households", "bank_account",
                                     "e_id"};
  for (int m = 0; m < 5 && st == PHS_OK; m++) {
    snprintf(tmp, sizeof(tmp), "%s/map_%s.png", out, maps[m]);
    a->classes = NULL;
    /* 5G is new and concentrated: quantiles would put most communes in
    ** one 0% class, so fixed thresholds tell the story. */
    a->breaks = strcmp(maps[m], "coverage_5g_households") == 0 ? "1,10,25,50"
                                                               : NULL;
    st = map_to(a, s, maps[m], tmp, &d);
    if (st == PHS_OK && !quiet) printf("  %s\n", tmp);
  }
  /* 6. The engineer's view of 5G: a 3GPP TR 38.901 urban-macro model at
  ** the FCC's 90% cell edge, as a second run with its rasters and map.
  ** The reports above stay on run 1 (circles), the default footprint. */
  if (st == PHS_OK) {
    if (!quiet) printf("6. modelled 5G coverage (3GPP TR 38.901 UMa), run 2\n");
    phs_analyze_opts mo;
    memset(&mo, 0, sizeof(mo));
    mo.model = "uma";
    mo.environment = "urban";
    mo.overwrite = 1;
    char cov[4200];
    snprintf(cov, sizeof(cov), "%s/coverage_5g", out);
    mo.coverage_dir = cov;
    long long run2 = 0;
    st = phs_analyze(s, &mo, &run2, &d);
    if (st == PHS_OK) flush_warnings(&d);
    if (st == PHS_OK) {
      snprintf(tmp, sizeof(tmp), "%s/coverage_5g/5G_overlap.tif", out);
      a->coverage = tmp;
      char png[4200];
      snprintf(png, sizeof(png), "%s/map_coverage_5g_model.png", out);
      st = coverage_map_to(a, s, png, NULL, &d);
      a->coverage = NULL;
      if (st == PHS_OK && !quiet)
        printf("  %s/coverage_5g/ (GeoTIFF, GeoPackage)\n  %s\n", out, png);
    }
  }
  phs_store_close(s);
  if (st == PHS_OK && !quiet) {
    printf("done: open %s/report.md and %s/map_*.png\n", out, out);
  }
  return finish(&d, st);
}

#endif /* PHS_WITHOUT_GDAL */

/* ---------------------------------- versions and provenance (issue 5) */

/* -f for submissions/diff: text (default), csv, json (submissions only),
** or the extension of -o. NULL when unknown. */
static const char *history_format(const args *a, int json_ok) {
  const char *f = a->format;
  if (f == NULL && a->output) {
    const char *dot = strrchr(a->output, '.');
    if (dot && strcmp(dot, ".csv") == 0) f = "csv";
    else if (dot && strcmp(dot, ".json") == 0 && json_ok) f = "json";
  }
  if (f == NULL) return "text";
  if (strcmp(f, "text") == 0 || strcmp(f, "csv") == 0 ||
      (json_ok && strcmp(f, "json") == 0))
    return f;
  return NULL;
}

static int cmd_submissions(args *a) {
  int st = need_pos(a, 1,
                    "usage: phusong submissions STORE [--operator OP]"
                    " [--kind K] [-f text|csv|json] | STORE --extract ID"
                    " -o DIR");
  if (st) return st;
  const char *fmt = history_format(a, 1);
  if (fmt == NULL)
    return usage_error(a->cmd, "-f: '%s' (text, csv, json)", a->format);
  if (a->extract_id && a->output == NULL)
    return usage_error(a->cmd, "%s", "--extract ID needs -o DIR");
  struct stat sb;
  if (a->extract_id && (stat(a->output, &sb) != 0 || !S_ISDIR(sb.st_mode)))
    return usage_error(a->cmd, "-o: '%s' is not a folder", a->output);
  if (!a->extract_id && (st = check_output(a, a->output))) return st;
  phs_diag d;
  phs_diag_init(&d);
  phs_store *s = NULL;
  st = phs_store_open(a->pos[0], &s, &d);
  if (st == PHS_OK && a->extract_id) {
    int n = 0;
    st = phs_submission_extract(s, a->extract_id, a->output, &n, &d);
    if (st == PHS_OK && !quiet)
      printf("submission #%lld: %d file%s written to %s\n", a->extract_id,
             n, n == 1 ? "" : "s", a->output);
  } else if (st == PHS_OK) {
    phs_submission_info *v = NULL;
    long n = 0;
    st = phs_submissions_list(s, a->imp.operator_code, a->kind, &v, &n, &d);
    phs_buf b;
    phs_buf_init(&b);
    if (st == PHS_OK) st = phs_submissions_format(v, n, fmt, &b);
    if (st == PHS_OK) st = write_file(a->output, &b, &d);
    phs_buf_free(&b);
    phs_submission_infos_free(v, n);
  }
  phs_store_close(s);
  return finish(&d, st);
}

static int cmd_diff(args *a) {
  if (a->n_pos != 1 && a->n_pos != 3)
    return usage_error(a->cmd, "%s",
                       "usage: phusong diff STORE --operator OP [--tech T]"
                       " [FROM_ID TO_ID]");
  if (a->imp.operator_code == NULL)
    return usage_error(a->cmd, "%s", "--operator OP is required");
  if (a->imp.tech && strcmp(a->imp.tech, "4G") != 0 &&
      strcmp(a->imp.tech, "5G") != 0)
    return usage_error(a->cmd, "--tech: '%s' (4G, 5G)", a->imp.tech);
  long long ids[2] = {0, 0};
  for (int i = 0; a->n_pos == 3 && i < 2; i++)
    if (parse_long(a->cmd, i ? "TO_ID" : "FROM_ID", a->pos[1 + i], 1,
                   1LL << 62, &ids[i]))
      return PHS_EUSAGE;
  const char *fmt = history_format(a, 0);
  if (fmt == NULL)
    return usage_error(a->cmd, "-f: '%s' (text, csv)", a->format);
  int st = check_output(a, a->output);
  if (st) return st;
  phs_diag d;
  phs_diag_init(&d);
  phs_store *s = NULL;
  st = phs_store_open(a->pos[0], &s, &d);
  phs_sites_diff df;
  memset(&df, 0, sizeof(df));
  if (st == PHS_OK)
    st = phs_sites_diff_compute(s, a->imp.operator_code, a->imp.tech, ids[0],
                                ids[1], &df, &d);
  phs_buf b;
  phs_buf_init(&b);
  if (st == PHS_OK) st = phs_sites_diff_format(&df, a->imp.operator_code, fmt,
                                               &b);
  if (st == PHS_OK) st = write_file(a->output, &b, &d);
  phs_buf_free(&b);
  phs_sites_diff_free(&df);
  phs_store_close(s);
  return finish(&d, st);
}

/* ------------------------------------------------------------- main */

/* The language of messages: the last --lang among the arguments (found
** before the options are parsed, so that their errors are in it too),
** else what the locale asks for (docs/input-formats.md). */
static phs_lang messages_lang(int argc, char **argv) {
  int lang = -1;
  for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++) {
    if (strncmp(argv[i], "--lang=", 7) == 0)
      lang = phs_lang_parse(argv[i] + 7);
    else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
      lang = phs_lang_parse(argv[++i]);
  }
  return lang >= 0 ? (phs_lang)lang : phs_messages_lang_from_env();
}

int main(int argc, char **argv) {
  phs_gdal_delegate_init(argv);
  phs_messages_set_lang(messages_lang(argc, argv));
  if (argc < 2) {
    fputs(help_main, stderr);
    return PHS_EUSAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
    print_help(NULL);
    return PHS_OK;
  }
  if (strcmp(cmd, "--version") == 0) {
    print_version();
    return PHS_OK;
  }
/* The commands reading files through GDAL are NULL in `phusong`, which
** hands them to phusong-gdal (gdal_delegate.c). */
#ifdef PHS_WITHOUT_GDAL
#define WITH_GDAL(fn) NULL
#else
#define WITH_GDAL(fn) fn
#endif
  static const struct {
    const char *name;
    int (*fn)(args *);
  } cmds[] = {{"init", cmd_init},
              {"import", WITH_GDAL(cmd_import)},
              {"submit", WITH_GDAL(cmd_submit)},
              {"validate", WITH_GDAL(cmd_validate)},
              {"analyze", WITH_GDAL(cmd_analyze)},
              {"report", cmd_report},
              {"count", WITH_GDAL(cmd_count)},
              {"submissions", cmd_submissions},
              {"diff", cmd_diff},
              {"map", cmd_map},
              {"synth", WITH_GDAL(cmd_synth)},
              {"demo", WITH_GDAL(cmd_demo)}};
#undef WITH_GDAL
  for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
    if (strcmp(cmd, cmds[i].name) != 0) continue;
    if (cmds[i].fn == NULL) phs_gdal_delegate(); /* does not return */
    args a;
    memset(&a, 0, sizeof(a));
    a.cmd = cmd;
    a.lang = PHS_LANG_VI; /* the users' language; --lang en for English */
    int st = parse_args(argc - 1, argv + 1, &a);
    if (st < 0) return PHS_OK; /* help or version printed */
    if (st) return st;
    /* Ctrl-C: the long steps of these commands stop at their next check
    ** and roll back (exit 130); the others keep the default (killed at
    ** once, which SQLite's journal survives) rather than swallow it. */
    static const char *const checked[] = {"import", "submit", "validate",
                                          "count", "analyze", "demo"};
    int check_ctrl_c = strcmp(cmd, "map") == 0 && a.atlas != NULL;
    for (size_t k = 0; k < sizeof(checked) / sizeof(checked[0]); k++)
      check_ctrl_c |= strcmp(cmd, checked[k]) == 0;
    if (check_ctrl_c) phs_interrupt_install();
    phs_progress_setup(quiet || a.ana.timings); /* timings: lines of their own */
    return cmds[i].fn(&a);
  }
  fprintf(stderr, phs_tr("ERROR: unknown command '%s'\n\n"), cmd);
  fputs(help_main, stderr);
  return PHS_EUSAGE;
}
