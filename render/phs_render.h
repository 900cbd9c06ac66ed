/*
** phs_render.h: classification, palettes and choropleth maps.
**
** render/ turns values per area into a map a planner can put on a slide:
** it classifies values, picks colours, lays out title, legend, scale bar,
** north arrow and source line, draws with cairo (text through Pango, so
** Vietnamese diacritics are shaped by HarfBuzz with a real font) and
** encodes the PNG with libpng so phusong controls its metadata (pHYs for
** the DPI, iTXt for UTF-8 title and description, no timestamp); the same
** drawing also goes to SVG and PDF, and a PNG gets a world file.
**
** render/ knows geo/ (multipolygons) but nothing of the store or the report.
*/
#ifndef PHS_RENDER_H
#define PHS_RENDER_H

#include "../geo/phs_common.h"
#include "../geo/phs_geo.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------
** Classification (render/classify.c; the user's view is docs/maps.md)
**
** Classes are half-open on the right, the last one closed:
**   [b0, b1), [b1, b2), ..., [b(k-1), bk]
** so every value between b0 and bk falls in exactly one class, and a value
** equal to a break belongs to the class that starts there. The legend
** shows it: "a – < b" for each class but the last, "a – b" for the
** last, "< b" and "≥ a" for open ends. Breaks are ascending; only the
** last class may have b(k-1) = bk (it then holds the values equal to the
** maximum, e.g. a lone outlier in Jenks). Non-finite values (NaN, and
** infinities, which no coverage figure can be) are "no data" and belong
** to no class. Every data-driven method gives one class [v, v] when all
** values are equal, no class when there is no value, never an inverted
** or overlapping range, and never overflows on huge values (statistics
** are taken on the values scaled by a power of two).
*/
#define PHS_MAX_CLASSES 9

typedef enum {
  PHS_CLASS_EQUAL = 0,    /* k equal-width classes between min and max */
  PHS_CLASS_QUANTILE = 1, /* k classes with about equal counts; tied values
                             never straddle a break, so fewer classes may
                             result (never an empty one) */
  PHS_CLASS_FIXED = 2,    /* target thresholds t1 < ... < tm (1..8 of
                             them), e.g. 80, 90, 95: always m+1 classes,
                             the first and last open-ended (b0 = -INFINITY,
                             bk = +INFINITY: "< 80", ..., "≥ 95"), so
                             they stay the same every year; empty classes
                             are kept with a count of 0 */
  PHS_CLASS_JENKS = 3,    /* Fisher-Jenks natural breaks: the exact
                             partition of the sorted values into k groups
                             with the least sum of squared deviations from
                             the group means (dynamic programming over the
                             distinct values, so ties never straddle);
                             each break is the smallest value of its class;
                             fewer classes when fewer distinct values.
                             Exact: every layer of the DP is minimised
                             over all split points, in O(k n log n) */
  PHS_CLASS_PRETTY = 4,   /* R's pretty(): about k classes of width 1, 2 or
                             5 x 10^p covering min..max; the outer bounds
                             are round numbers beyond the data; if that
                             gives more than PHS_MAX_CLASSES, k is lowered */
  PHS_CLASS_STDDEV = 5,   /* 1-sd wide classes around the mean (population
                             sd): odd k centres a class on the mean (breaks
                             mean +- 0.5, 1.5, ... sd), even k puts a break
                             at the mean (mean, +- 1, 2, ... sd); the end
                             classes take everything beyond, out to min and
                             max; breaks outside (min, max) are dropped */
  PHS_CLASS_HEADTAIL = 6, /* head/tail breaks (Jiang 2013): break at the
                             mean, keep the head (values >= the mean, as the
                             closure classes them) and repeat while the head
                             holds at most 40 % of the values being split
                             and more than one distinct value; at most k
                             classes */
  PHS_CLASS_MANUAL = 7    /* caller's bounds b0 < b1 < ... < bk (2..10
                             values); a value below b0 or above bk widens
                             the end class to it, with a warning */
} phs_class_method;

typedef struct phs_classes {
  int n;                              /* number of classes (0: no data) */
  double breaks[PHS_MAX_CLASSES + 1]; /* n+1 ascending bounds; +-INFINITY
                                         only at the ends of FIXED */
  int counts[PHS_MAX_CLASSES];        /* values in each class */
  int n_nodata;                       /* NaN values */
  double gvf; /* goodness of variance fit 1 - SDCM/SDAM over the classed
                 values: SDAM = sum of squared deviations from the mean,
                 SDCM = the same from each class's mean, summed; 1 = the
                 classes explain all the variance. NaN when SDAM = 0 (no
                 value, or all equal) */
} phs_classes;

/*
** Classify n values. `fixed` holds n_fixed thresholds for PHS_CLASS_FIXED
** (1..PHS_MAX_CLASSES-1, strictly ascending) or bounds for
** PHS_CLASS_MANUAL (2..PHS_MAX_CLASSES+1, strictly ascending); both ignore
** k. For the other methods k is the wanted number of classes
** (1..PHS_MAX_CLASSES); PRETTY, STDDEV and HEADTAIL may give fewer or (for
** PRETTY) a few more. Returns PHS_OK with *out filled, or PHS_EUSAGE with
** d filled for bad arguments (k out of range, unsorted or non-finite
** thresholds, JENKS on more distinct values than PHS_JENKS_MAX_VALUES),
** PHS_ERUNTIME when memory runs out; *out is untouched on failure.
*/
int phs_classify(const double *values, int n, phs_class_method method, int k,
                 const double *fixed, int n_fixed, phs_classes *out,
                 phs_diag *d);

/* Distinct values Fisher-Jenks accepts (memory: about k * 4 + 56 bytes
** each; time: 14 ms for 11,163 values in 9 classes, see docs/maps.md). */
#define PHS_JENKS_MAX_VALUES 1000000

/* Class index of v (0..n-1), or -1 for NaN or a value outside the bounds. */
int phs_classes_find(const phs_classes *c, double v);
/* Parse "equal", "quantile", "jenks", "pretty", "stddev", "headtail",
** "manual", "fixed" (or its synonym "targets"); -1 otherwise. */
int phs_class_method_parse(const char *s);
/* The name phs_class_method_parse reads ("fixed" for FIXED), or "?". */
const char *phs_class_method_name(phs_class_method m);
/* The method as a legend says it, e.g. "Natural breaks (Jenks)" or "Ngắt
** tự nhiên (Jenks)"; "?" for an unknown method. */
const char *phs_class_method_label(phs_class_method m, phs_lang lang);
/* The accepted names, comma-separated, for usage messages. */
#define PHS_CLASS_METHOD_NAMES \
  "equal, quantile, jenks, pretty, stddev, headtail, manual, fixed"

/* ------------------------------------------------------------------------
** Colours
*/
typedef struct phs_rgb {
  unsigned char r, g, b;
} phs_rgb;

/*
** ColorBrewer schemes (render/palette.c; docs/maps.md). Sequential, light
** to dark, 1..9 colours: "YlGnBu" (the default, colour-blind safe),
** "Blues", "Greens", "OrRd", "Purples". Diverging, from one end through a
** light neutral centre to the other, 1..11 colours: "RdYlBu", "RdBu",
** "BrBG", "PuOr", "PiYG" (colour-blind safe) and "RdYlGn" (not: red and
** green). NULL means "YlGnBu".
*/
typedef enum {
  PHS_PALETTE_SEQUENTIAL = 0,
  PHS_PALETTE_DIVERGING = 1
} phs_palette_kind;

#define PHS_PALETTE_SEQUENTIAL_NAMES "YlGnBu, Blues, Greens, OrRd, Purples"
#define PHS_PALETTE_DIVERGING_NAMES "RdYlBu, RdBu, BrBG, PuOr, PiYG, RdYlGn"
/* Every name, for usage messages. */
#define PHS_PALETTE_NAMES \
  PHS_PALETTE_SEQUENTIAL_NAMES ", " PHS_PALETTE_DIVERGING_NAMES

/*
** The published n-colour scheme (n from 1 to 9 for sequential schemes, 11
** for diverging ones; 1 and 2 borrow from the 3-colour scheme). Returns
** PHS_OK or PHS_EUSAGE for an unknown name or n out of range.
*/
int phs_palette(const char *name, int n, phs_rgb *out);
/* The kind of a scheme (phs_palette_kind), or -1 for an unknown name. */
int phs_palette_kind_of(const char *name);

/*
** The colours of c->n classes (out holds c->n of them).
**  - Sequential scheme: the c->n-colour scheme, light to dark.
**  - Diverging scheme without a midpoint (use_midpoint 0): the c->n-colour
**    scheme, its neutral centre on the middle class(es); right for classes
**    laid out symmetrically (e.g. an odd number of stddev classes).
**  - Diverging scheme with a midpoint m (a target, the province figure):
**    a class whose lower bound is m or more is "above" (the closure puts a
**    value equal to a break in the class that starts there), one whose
**    upper bound is m or less "below", and a class with m strictly inside
**    straddles it (a bound within 1e-9 relative of m counts as m). With h
**    the larger of the two counts, the scheme of 2h colours (2h + 1 when a
**    class straddles) is taken: the classes below get the arm of its low
**    end, nearest class palest; the straddling class its neutral centre;
**    the classes above the other arm. So a class step means the same
**    change of lightness on both sides, however unbalanced.
** PHS_EUSAGE with d filled for an unknown name (the message lists the
** known ones), a midpoint with a sequential scheme or not finite, or more
** classes on one side than the arm has (5 for the diverging schemes).
*/
int phs_palette_classes(const char *name, const phs_classes *c,
                        int use_midpoint, double midpoint, phs_rgb *out,
                        phs_diag *d);

/* ------------------------------------------------------------------------
** Choropleth maps
*/
#define PHS_MAPF_UNRELIABLE 1 /* estimate flagged (e.g. few respondents):
                                 drawn hatched, explained in the legend */

typedef struct phs_map_feature {
  const phs_mpoly *geom; /* borrowed: in the map CRS (metres) */
  double value;          /* NaN = no data, drawn in the no-data style */
  int flags;             /* PHS_MAPF_* */
  const char *label;     /* borrowed, may be NULL: the commune's name,
                            drawn when spec->feature_labels is set */
} phs_map_feature;

/* ------------------------------------------------------------------------
** Overlays: a classified raster and point layers drawn over the features
** (a coverage map: the communes drawn light, coverage on top, sites marked
** by operator). All of it is optional; a spec without overlays draws the
** plain choropleth.
*/
#define PHS_MAX_RASTER_CLASSES 8

/* One class of a raster overlay: the values v with lo <= v < hi (use
** -INFINITY / INFINITY for open ends). Classes are tried in order; a value
** in none of them is not drawn and counts in no class. */
typedef struct phs_raster_class {
  double lo, hi;
  phs_rgb colour;
  int hidden;        /* 1: not drawn (e.g. not-spots), its legend swatch
                        shows the bare feature style; still counted */
  const char *label; /* UTF-8 legend text, borrowed, e.g. "2 nhà mạng" */
} phs_raster_class;

/*
** A raster of values on a north-up grid of the map CRS, drawn in classes
** at `opacity` over the features. The legend lists each class with its
** share of the counted cells and their area ("2 nhà mạng: 12,3% (45 km²)"):
** cells whose centre lies inside a feature when clip_to_features, else all
** cells; counted cells without a value (NaN) get a "no data" row.
*/
typedef struct phs_raster_layer {
  const float *values;  /* borrowed: nx * ny, row-major from the top row;
                           NaN = no data, drawn in the no-data grey */
  int nx, ny;
  double x0, y0;        /* top-left corner, map CRS (metres) */
  double res;           /* cell size, metres */
  const phs_raster_class *classes; /* borrowed: n_classes of them */
  int n_classes;        /* 1..PHS_MAX_RASTER_CLASSES */
  double opacity;       /* 0 = 0.8; at most 1 */
  int clip_to_features; /* 1: draw and count only inside the features */
  const char *legend_title; /* UTF-8, borrowed, may be NULL */
} phs_raster_layer;

typedef enum {
  PHS_SHAPE_CIRCLE = 0,
  PHS_SHAPE_TRIANGLE = 1,
  PHS_SHAPE_SQUARE = 2,
  PHS_SHAPE_DIAMOND = 3,
  PHS_SHAPE_TRIANGLE_DOWN = 4,
  PHS_SHAPE_PENTAGON = 5,
  PHS_N_SHAPES = 6
} phs_shape;

/* Points drawn as one marker each (filled, with a white rim), listed in
** the legend as "label (n)", n being the points with finite coordinates. */
typedef struct phs_point_layer {
  const double *xy;  /* borrowed: n points as x, y pairs in the map CRS */
  int n;
  phs_rgb colour;
  phs_shape shape;
  double size_pt;    /* marker width in points; 0 = 7 */
  const char *label; /* UTF-8 legend text, borrowed, e.g. "VIETTEL" */
} phs_point_layer;

/*
** Okabe-Ito colour i (0..7), the palette of Okabe & Ito (2008) that stays
** distinct for the common colour-vision deficiencies, in an order that
** puts the warm colours first so markers stand out over the blue-green
** YlGnBu overlay: vermillion, orange, reddish purple, black, yellow, sky
** blue, bluish green, blue. i wraps modulo 8.
*/
phs_rgb phs_okabe_ito(int i);

typedef struct phs_map_spec {
  int width, height;      /* pixels; 0 = 1600 x 1200 */
  double dpi;             /* 0 = 150; text and lines scale with it */
  phs_lang lang;          /* number format and fixed legend words */
  const char *title;      /* UTF-8, required */
  const char *subtitle;   /* UTF-8, may be NULL */
  const char *legend_title; /* UTF-8, e.g. "Hộ có cáp quang (%)" */
  const char *source;     /* UTF-8 source/credit line at the bottom */
  const char *note;       /* UTF-8, e.g. "Dữ liệu tổng hợp (synthetic)" */
  const char *unit;       /* appended to legend numbers, e.g. "%" */
  int decimals;           /* digits after the decimal mark in the legend */
  const char *palette;    /* NULL = "YlGnBu" */
  int use_midpoint;       /* 1: colour a diverging palette around
                             midpoint (phs_palette_classes) */
  double midpoint;
  phs_classes classes;    /* from phs_classify */
  const phs_map_feature *features; /* borrowed, n_features of them */
  int n_features;
  const phs_mpoly *const *outlines; /* borrowed: district outlines */
  const char *const *outline_labels;/* borrowed, may be NULL */
  int n_outlines;
  /* 1: each feature's label (commune names) is drawn too, at its pole of
  ** inaccessibility, greedily by area with collision avoidance after the
  ** outline labels (which always win); names that do not fit inside their
  ** feature at 6.5 or 5.5 pt, on one line or two, are left out. */
  int feature_labels;
  /* Features whose centroid lies farther than this many metres from the
  ** main group are drawn in an inset box (Côn Đảo) instead of stretching
  ** the map; 0 = 50 km. */
  double inset_distance;
  const char *inset_title;   /* UTF-8 caption of the inset, may be NULL */
  /* Overlays (all optional; zero = none). */
  int features_unfilled;     /* 1: features drawn light (a pale land fill,
                                thin borders) instead of by class; no class
                                rows in the legend (classes.n may be 0) */
  const phs_raster_layer *raster; /* borrowed, may be NULL */
  const phs_point_layer *points;  /* borrowed: n_points layers, drawn in
                                     order, last on top */
  int n_points;
  const char *points_title;  /* UTF-8 legend heading of the point layers */
} phs_map_spec;

/*
** An RGBA image held in memory: width*height pixels, 4 bytes each,
** not premultiplied, row-major.
*/
typedef struct phs_image {
  int width, height;
  unsigned char *rgba; /* owned: free with phs_image_free */
  double dpi;
} phs_image;

void phs_image_free(phs_image *img);

/* ------------------------------------------------------------------------
** Output: the map as a file (render/map_output.c; user's view: docs/maps.md)
**
** One drawing, three surfaces: an image (PNG), SVG and PDF draw the same
** layout with the same cairo calls. The page is spec->width x
** spec->height pixels at spec->dpi; a vector page has the same size in
** points (pixels * 72 / dpi), so a 3508 x 2480 map at 300 dpi is an A4
** landscape page of 841.9 x 595.3 pt.
*/
typedef enum {
  PHS_MAP_PNG = 0,
  PHS_MAP_SVG = 1,
  PHS_MAP_PDF = 2
} phs_map_format;

/* The format of a path's extension (.png, .svg, .pdf, any case), or -1. */
int phs_map_format_from_path(const char *path);
/* The extension of a format without the dot ("png", "svg", "pdf"). */
const char *phs_map_format_ext(phs_map_format f);

/* The page sizes the CLI takes (map --width, --height, --size WxH; --dpi). */
#define PHS_MAP_MIN_PX 200
#define PHS_MAP_MAX_PX 20000
#define PHS_MAP_MIN_DPI 50
#define PHS_MAP_MAX_DPI 1200

/*
** map --size (render/page_size.c): size NULL leaves everything as it is;
** "slide" is 1920 x 1080 px (*dpi 150 unless set); "a4", "a3" landscape
** paper (297 x 210, 420 x 297 mm) and "a4-portrait", "a3-portrait" at
** *dpi (300 unless set: A4 = 3508 x 2480 px); "WxH" pixels, digits only,
** PHS_MAP_MIN_PX to PHS_MAP_MAX_PX each. Sets *width, *height and *dpi;
** PHS_EUSAGE when *width or *height is already set (--width/--height
** given too) or the size is none of these.
*/
int phs_map_page_size(const char *size, int *width, int *height, double *dpi,
                      phs_diag *d);

/*
** Where the main map frame lies: the affine from pixels to the map CRS,
** col/row counted from the image's top-left corner (0, 0 is the outer
** corner of the first pixel, 0.5, 0.5 its centre):
**   x = x0 + col * pixel_size,  y = y0 - row * pixel_size.
** It describes the whole image (title, legend and margins sit on the same
** grid, outside the data); the inset (Côn Đảo) has its own scale and is
** not georeferenced by it.
*/
typedef struct phs_map_frame {
  int valid;          /* 1 when the main frame has features (else the
                         rest is zero) */
  double x0, y0;      /* map CRS of the image's top-left corner */
  double pixel_size;  /* map units (metres) per pixel, > 0 */
  int width, height;  /* pixels */
  double dpi;
} phs_map_frame;

/* Draw the map into img (which the caller frees). */
int phs_map_render(const phs_map_spec *spec, phs_image *img, phs_diag *d);
/* The same, and *frame (may be NULL) receives the main frame's affine. */
int phs_map_render_frame(const phs_map_spec *spec, phs_image *img,
                         phs_map_frame *frame, phs_diag *d);

/* What goes into the file besides the drawing (zero = none). */
typedef struct phs_map_output {
  const char *description; /* UTF-8: PNG iTXt Description, SVG <desc> (with
                              the legend rows after it), PDF Subject */
  const char *crs;         /* the map CRS as PROJ reads it (EPSG:32648, a
                              WKT): a PNG gets its world file and .aux.xml;
                              NULL = none */
} phs_map_output;

/*
** Draw the map and write it to path in the format of its extension:
**  - PNG (phs_png_write), and when out->crs is given and the main frame
**    has features, the world file <path without .png>.pgw and the GDAL
**    PAM file <path>.aux.xml holding the CRS as WKT, so GDAL and QGIS
**    place the image (phs_world_file_write);
**  - SVG: cairo's SVG 1.1 (text as glyph outlines, so it looks the same
**    without the fonts), with <title> and <desc> (description, then the
**    legend rows) after the root element for readers and search;
**  - PDF: one page, Title, Subject and Creator "phusong <version>" in its
**    information dictionary and no creation date.
** The same spec gives the same bytes in every format. Returns PHS_OK,
** PHS_EUSAGE for an unknown extension or a bad spec, PHS_EINPUT for a CRS
** PROJ does not know, PHS_ERUNTIME when a file cannot be written (a
** partial map file is removed). *frame (may be NULL) receives the main
** frame's affine.
*/
int phs_map_save(const phs_map_spec *spec, const char *path,
                 const phs_map_output *out, phs_map_frame *frame,
                 phs_diag *d);

/*
** The world file of an image written at png_path: <path less its
** extension>.pgw with six lines (pixel size, 0, 0, -pixel size, then x and
** y of the CENTRE of the top-left pixel), and <png_path>.aux.xml:
** <PAMDataset><SRS>WKT</SRS></PAMDataset>. PHS_EUSAGE for an invalid
** frame, PHS_EINPUT for an unknown CRS, PHS_ERUNTIME for a write error.
*/
int phs_world_file_write(const phs_map_frame *frame, const char *png_path,
                         const char *crs, phs_diag *d);

/*
** The legend of the map as phs_map_render draws it, one line per row in
** order (section titles included), each ending in '\n', appended to out:
** for tests and for the PNG's description. Same checks as phs_map_render.
*/
int phs_map_legend(const phs_map_spec *spec, phs_buf *out, phs_diag *d);

/*
** A label drawn on the map (phs_map_labels): its text's box on the page.
*/
typedef struct phs_map_label {
  int outline;        /* 1: an outline's (district) label; 0: a feature's */
  int index;          /* its position in spec->outlines or spec->features */
  int inset;          /* 1: drawn in the inset */
  double x, y, w, h;  /* the text's logical box, page pixels (boxes of
                         placed labels never overlap) */
  double size_pt;     /* font size before the page's scaling */
  const char *text;   /* borrowed from the spec */
} phs_map_label;

/*
** The labels phs_map_render would draw for spec, in the order they are
** placed (outline labels first, then feature labels by decreasing area),
** for tests and tools. *labels is an array the caller frees with free()
** (NULL when there is none); *n_labels its length. Same checks as
** phs_map_render; on failure *labels is NULL and *n_labels 0.
*/
int phs_map_labels(const phs_map_spec *spec, phs_map_label **labels,
                   int *n_labels, phs_diag *d);

/*
** Encode img as PNG at path with libpng: 8-bit RGBA (or RGB when opaque),
** pHYs from img->dpi, iTXt "Title" and "Description" (UTF-8, may be NULL),
** tEXt "Software" = "phusong <version>". No time chunk, so the same image
** gives the same bytes. The image data is deflated on one thread per
** processor (phs_png_write_threads with threads 0).
*/
int phs_png_write(const phs_image *img, const char *path, const char *title,
                  const char *description, phs_diag *d);
/*
** The same with the image data deflated on `threads` threads (0: one per
** processor). The file's bytes do not depend on threads: strips follow
** the image alone (render/png.c). On failure (PHS_ERUNTIME "out of
** memory", disk errors) no file is left at path.
*/
int phs_png_write_threads(const phs_image *img, const char *path,
                          const char *title, const char *description,
                          int threads, phs_diag *d);

/* Read a PNG (any colour type) into RGBA; for tests and comparisons. */
int phs_png_read(const char *path, phs_image *img, phs_diag *d);

/*
** Number of glyphs the map fonts (Noto Sans, then DejaVu Sans, regular and
** bold) cannot draw for utf8, as Pango counts them after font fallback:
** 0 means every character renders. -1 when Pango cannot be set up. For
** tests and for checking names before a map is drawn.
*/
int phs_text_missing_glyphs(const char *utf8);

/* Library versions for --version: cairo, Pango, libpng. */
const char *phs_cairo_version(void);
const char *phs_pango_version(void);
const char *phs_libpng_version(void);

#ifdef __cplusplus
}
#endif
#endif /* PHS_RENDER_H */
