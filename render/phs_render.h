/*
** phs_render.h: classification, palettes and choropleth maps.
**
** render/ turns values per area into a map a planner can put on a slide:
** it classifies values, picks colours, lays out title, legend, scale bar,
** north arrow and source line, draws with cairo (text through Pango, so
** Vietnamese diacritics are shaped by HarfBuzz with a real font) and
** encodes the PNG with libpng so phusong controls its metadata (pHYs for
** the DPI, iTXt for UTF-8 title and description, no timestamp).
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
** Classification
**
** Classes are half-open on the right, the last one closed:
**   [b0, b1), [b1, b2), ..., [b(k-1), bk]
** so every value between b0 and bk falls in exactly one class. NaN values
** are "no data" and belong to no class.
*/
#define PHS_MAX_CLASSES 9

typedef enum {
  PHS_CLASS_EQUAL = 0,    /* k equal-width classes between min and max */
  PHS_CLASS_QUANTILE = 1, /* k classes with about equal counts; tied values
                             never straddle a break, so fewer classes may
                             result (never an empty one) */
  PHS_CLASS_FIXED = 2     /* caller's thresholds, e.g. 80, 90, 95 */
} phs_class_method;

typedef struct phs_classes {
  int n;                              /* number of classes (0: no data) */
  double breaks[PHS_MAX_CLASSES + 1]; /* n+1 ascending bounds */
  int counts[PHS_MAX_CLASSES];        /* values in each class */
  int n_nodata;                       /* NaN values */
} phs_classes;

/*
** Classify n values. For PHS_CLASS_FIXED, `fixed` holds n_fixed ascending
** inner thresholds; the outer bounds become min(values, thresholds[0]) and
** max(values, last threshold), so the classes are the same every year
** whatever the data. For EQUAL and QUANTILE, k is the wanted number of
** classes (1..PHS_MAX_CLASSES). When every value is equal (min = max) one
** class results. Returns PHS_OK, or PHS_EUSAGE with d filled for bad
** arguments (k out of range, unsorted thresholds).
*/
int phs_classify(const double *values, int n, phs_class_method method, int k,
                 const double *fixed, int n_fixed, phs_classes *out,
                 phs_diag *d);
/* Class index of v (0..n-1), or -1 for NaN or a value outside the bounds. */
int phs_classes_find(const phs_classes *c, double v);
/* Parse "equal", "quantile", "fixed"; -1 otherwise. */
int phs_class_method_parse(const char *s);

/* ------------------------------------------------------------------------
** Colours
*/
typedef struct phs_rgb {
  unsigned char r, g, b;
} phs_rgb;

/*
** n colours (1..9) of a ColorBrewer sequential scheme, light to dark.
** Known names: "YlGnBu" (the default, colour-blind safe), "Blues",
** "Greens", "OrRd", "Purples". Returns PHS_OK or PHS_EUSAGE for an unknown
** name.
*/
int phs_palette(const char *name, int n, phs_rgb *out);

/* ------------------------------------------------------------------------
** Choropleth maps
*/
#define PHS_MAPF_UNRELIABLE 1 /* estimate flagged (e.g. few respondents):
                                 drawn hatched, explained in the legend */

typedef struct phs_map_feature {
  const phs_mpoly *geom; /* borrowed: in the map CRS (metres) */
  double value;          /* NaN = no data, drawn in the no-data style */
  int flags;             /* PHS_MAPF_* */
  const char *label;     /* borrowed, may be NULL: not drawn yet */
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
  phs_classes classes;    /* from phs_classify */
  const phs_map_feature *features; /* borrowed, n_features of them */
  int n_features;
  const phs_mpoly *const *outlines; /* borrowed: district outlines */
  const char *const *outline_labels;/* borrowed, may be NULL */
  int n_outlines;
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

/* Draw the map into img (which the caller frees). */
int phs_map_render(const phs_map_spec *spec, phs_image *img, phs_diag *d);

/*
** The legend of the map as phs_map_render draws it, one line per row in
** order (section titles included), each ending in '\n', appended to out:
** for tests and for the PNG's description. Same checks as phs_map_render.
*/
int phs_map_legend(const phs_map_spec *spec, phs_buf *out, phs_diag *d);

/*
** Encode img as PNG at path with libpng: 8-bit RGBA (or RGB when opaque),
** pHYs from img->dpi, iTXt "Title" and "Description" (UTF-8, may be NULL),
** tEXt "Software" = "phusong <version>". No time chunk, so the same image
** gives the same bytes.
*/
int phs_png_write(const phs_image *img, const char *path, const char *title,
                  const char *description, phs_diag *d);

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
