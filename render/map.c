/*
** map.c: the choropleth map: page layout (title, map, legend, scale bar,
** north arrow, source line), feature drawing with cairo on any surface (an
** ARGB32 image here; SVG and PDF in map_output.c), text through Pango (HarfBuzz shaping, real fonts, so Vietnamese
** diacritics come out right), and the inset that keeps a far-off island
** (Côn Đảo) from shrinking the mainland. Optional overlays: a raster in
** classes drawn semi-transparently over the features (clipped to them),
** and point layers drawn as markers, each with its legend section.
**
** Sizes are given in points and converted with the DPI (px = pt * dpi/72),
** so a map keeps its look at any resolution. Drawing uses a private Pango
** font map with hinting off, so the same inputs give the same pixels.
*/
#include "phs_render.h"
#include "render_int.h"

#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define FONT_FAMILY "Noto Sans,DejaVu Sans"

/* Colours used besides the palette. */
static const phs_rgb NODATA_RGB = {0xd9, 0xd9, 0xd9};
static const phs_rgb TEXT_RGB = {0x25, 0x25, 0x25};
static const phs_rgb MUTED_RGB = {0x5a, 0x5a, 0x5a};
static const phs_rgb BORDER_RGB = {0xf2, 0xf2, 0xf2};
static const phs_rgb OUTLINE_RGB = {0x4d, 0x4d, 0x4d};
static const phs_rgb FRAME_RGB = {0x73, 0x73, 0x73};
/* Unfilled features (under an overlay): pale land, thin grey borders. */
static const phs_rgb LAND_RGB = {0xf3, 0xf3, 0xf1};
static const phs_rgb LAND_BORDER_RGB = {0xa8, 0xa8, 0xa8};
static const phs_rgb MARKER_EDGE_RGB = {0x25, 0x25, 0x25};

typedef struct rect {
  double x, y, w, h;
} rect;

/* Map coordinates (metres) to pixels: px = tx + x*s, py = ty - y*s. */
typedef struct xform {
  double s, tx, ty;
} xform;

/* Everything one rendering needs; the handles are owned and freed at the
** end of phs_map_draw, except the cairo context. */
typedef struct renderer {
  const phs_map_spec *spec; /* borrowed */
  cairo_t *cr;              /* borrowed: the caller's surface */
  PangoFontMap *fontmap;    /* owned */
  PangoContext *pc;         /* owned */
  double pt;                /* pixels per layout point (dpi/72 * font scale) */
  double tol_px;            /* decimation of feature paths, page pixels
                               (phs_map_decimation_px) */
  phs_rgb colors[PHS_MAX_CLASSES];
  /* The main/inset split, for points: a point farther than limit from
  ** (mx, my) goes to the inset when there is one. */
  int has_inset;
  double mx, my, limit;
  cairo_surface_t *raster; /* owned: the raster overlay's classes as an
                              ARGB32 image, one pixel per cell, or NULL */
  /* Placed labels, kept only for phs_map_labels (record = 1). */
  int record;
  phs_map_label *labels;   /* owned until handed to the caller */
  int n_labels, cap_labels;
  int labels_oom;
} renderer;

/* Per-feature facts computed once. */
typedef struct feat_info {
  double cx, cy;   /* centroid, metres */
  double bx0, by0, bx1, by1; /* bbox, metres */
  int has_geom;    /* at least one vertex */
  int inset;       /* 1: drawn in the inset */
  int cls;         /* class index, -1 = no data */
} feat_info;

static double P(const renderer *r, double points) { return points * r->pt; }

static void set_rgb(cairo_t *cr, phs_rgb c) {
  cairo_set_source_rgb(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0);
}

static int rects_overlap(rect a, rect b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h &&
         b.y < a.y + a.h;
}

/* ---------------------------------------------------------------- text */

/* A Pango context with its own font map, the DPI as resolution and no
** hinting (positions scale linearly and do not depend on the machine's
** fontconfig hinting defaults). */
static PangoContext *text_context_new(double dpi, PangoFontMap **fontmap) {
  *fontmap = phs_map_font_map_new(NULL);
  if (*fontmap == NULL) return NULL;
  PangoContext *pc = pango_font_map_create_context(*fontmap);
  if (pc == NULL) return NULL;
  pango_cairo_context_set_resolution(pc, dpi);
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(pc, fo);
  cairo_font_options_destroy(fo);
  pango_context_set_round_glyph_positions(pc, FALSE);
  return pc;
}

/* A layout of text at size_pt points (scaled like the layout), wrapped at
** width_px when > 0. */
static PangoLayout *text_new(PangoContext *pc, double scale, const char *text,
                             double size_pt, int bold, double width_px) {
  PangoLayout *lay = pango_layout_new(pc);
  PangoFontDescription *fd = pango_font_description_from_string(FONT_FAMILY);
  pango_font_description_set_size(fd, (gint)lround(size_pt * scale * PANGO_SCALE));
  if (bold) pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description(lay, fd);
  pango_font_description_free(fd);
  if (width_px > 0) {
    pango_layout_set_width(lay, (int)(width_px * PANGO_SCALE));
    pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_text(lay, text ? text : "", -1);
  return lay;
}

static PangoLayout *r_text(const renderer *r, const char *text, double size_pt,
                           int bold, double width_px) {
  return text_new(r->pc, r->pt * 72.0 / pango_cairo_context_get_resolution(r->pc),
                  text, size_pt, bold, width_px);
}

static void text_size(PangoLayout *lay, double *w, double *h) {
  PangoRectangle ink, logical;
  pango_layout_get_extents(lay, &ink, &logical);
  if (w) *w = (double)logical.width / PANGO_SCALE;
  if (h) *h = (double)logical.height / PANGO_SCALE;
}

static void text_draw(renderer *r, PangoLayout *lay, double x, double y,
                      phs_rgb c) {
  cairo_move_to(r->cr, x, y);
  set_rgb(r->cr, c);
  pango_cairo_show_layout(r->cr, lay);
}

/* Text with a white halo, for labels over the map. */
static void text_draw_halo(renderer *r, PangoLayout *lay, double x, double y,
                           phs_rgb c) {
  cairo_t *cr = r->cr;
  cairo_save(cr);
  cairo_move_to(cr, x, y);
  pango_cairo_layout_path(cr, lay);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
  cairo_set_line_width(cr, P(r, 2.4));
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke(cr);
  cairo_restore(cr);
  text_draw(r, lay, x, y, c);
}

int phs_text_missing_glyphs(const char *utf8) {
  int missing = -1;
  PangoFontMap *fm = NULL;
  PangoContext *pc = text_context_new(150, &fm);
  if (pc != NULL) {
    for (int bold = 0; bold <= 1; bold++) {
      PangoLayout *lay = text_new(pc, 1.0, utf8, 12, bold, 0);
      int n = pango_layout_get_unknown_glyphs_count(lay);
      g_object_unref(lay);
      if (n > missing) missing = n;
    }
    g_object_unref(pc);
  }
  if (fm) g_object_unref(fm);
  return missing;
}

/* ------------------------------------------------------------ geometry */

static int mpoly_nverts(const phs_mpoly *p) {
  return p && p->n_rings > 0 && p->ring_start ? p->ring_start[p->n_rings] : 0;
}

/* Bounding box from the vertices; 0 when there are none. */
static int mpoly_bbox(const phs_mpoly *p, double *x0, double *y0, double *x1,
                      double *y1) {
  int nv = mpoly_nverts(p);
  if (nv <= 0) return 0;
  *x0 = *x1 = p->xy[0];
  *y0 = *y1 = p->xy[1];
  for (int i = 1; i < nv; i++) {
    double x = p->xy[2 * i], y = p->xy[2 * i + 1];
    if (x < *x0) *x0 = x;
    if (x > *x1) *x1 = x;
    if (y < *y0) *y0 = y;
    if (y > *y1) *y1 = y;
  }
  return 1;
}

/* Centroid of the largest outer ring (area-weighted; of the largest ring
** when none is outer), or its bbox centre when that ring has no area: the
** rule of phs_mpoly_centroid, kept here so render/ needs only the struct.
** 0 when p is empty. */
static int mpoly_centroid(const phs_mpoly *p, double *cx, double *cy) {
  if (mpoly_nverts(p) <= 0) return 0;
  int best = -1;
  double best_area = -1, bax = 0, bay = 0;
  for (int pass = 0; pass < 2 && best < 0; pass++)
  for (int r = 0; r < p->n_rings; r++) {
    if (pass == 0 && p->ring_hole && p->ring_hole[r]) continue;
    int a = p->ring_start[r], b = p->ring_start[r + 1];
    if (b - a < 1) continue;
    /* Shoelace relative to the first vertex, for precision in metres. */
    double ox = p->xy[2 * a], oy = p->xy[2 * a + 1];
    double area2 = 0, sx = 0, sy = 0;
    for (int i = a; i < b; i++) {
      int j = i + 1 < b ? i + 1 : a;
      double xi = p->xy[2 * i] - ox, yi = p->xy[2 * i + 1] - oy;
      double xj = p->xy[2 * j] - ox, yj = p->xy[2 * j + 1] - oy;
      double c = xi * yj - xj * yi;
      area2 += c;
      sx += (xi + xj) * c;
      sy += (yi + yj) * c;
    }
    double area = fabs(area2) / 2;
    if (area > best_area) {
      best_area = area;
      best = r;
      if (area2 != 0) {
        bax = ox + sx / (3 * area2);
        bay = oy + sy / (3 * area2);
      } else {
        double minx = p->xy[2 * a], maxx = minx, miny = p->xy[2 * a + 1],
               maxy = miny;
        for (int i = a; i < b; i++) {
          minx = fmin(minx, p->xy[2 * i]);
          maxx = fmax(maxx, p->xy[2 * i]);
          miny = fmin(miny, p->xy[2 * i + 1]);
          maxy = fmax(maxy, p->xy[2 * i + 1]);
        }
        bax = (minx + maxx) / 2;
        bay = (miny + maxy) / 2;
      }
    }
  }
  if (best < 0) { /* only degenerate rings: use the bbox */
    double x0, y0, x1, y1;
    mpoly_bbox(p, &x0, &y0, &x1, &y1);
    bax = (x0 + x1) / 2;
    bay = (y0 + y1) / 2;
  }
  *cx = bax;
  *cy = bay;
  return 1;
}

/* Screen-space decimation (docs/maps.md, "Drawing: screen-space
** decimation"): walking a ring, a vertex closer than tol page pixels to
** the last one emitted is skipped; the first and last vertices are always
** emitted. The drawn ring so strays at most tol from the stored one (the
** skipped vertices, and the edges between them, lie within tol of the
** vertex kept before them). A ring that would keep fewer than 4 vertices
** (a sub-pixel island or sliver) is emitted whole, so tiny features keep
** their exact coverage. Fills, borders, outlines and the raster's clip
** all go through phs_ring_path, so a fill and its border stay one path.
**
** How many vertices a ring keeps, counting up to 4 only: the emitting
** loop's decisions, stopped once the 4th vertex is certain (for most
** rings within the first few vertices). */
static int ring_kept_up_to_4(const double *xy, int n, double s, double tx,
                             double ty, double tol2) {
  double lx = tx + xy[0] * s, ly = ty - xy[1] * s;
  int kept = 2; /* the first and the last */
  for (int i = 1; i < n - 1 && kept < 4; i++) {
    double x = tx + xy[2 * i] * s, y = ty - xy[2 * i + 1] * s;
    double dx = x - lx, dy = y - ly;
    if (dx * dx + dy * dy < tol2) continue;
    lx = x;
    ly = y;
    kept++;
  }
  return kept;
}

void phs_ring_path(cairo_t *cr, const double *xy, int n, double s, double tx,
                   double ty, double tol) {
  if (n < 2) return;
  double tol2 = tol * tol;
  int decimate = tol > 0 && n > 4 &&
                 ring_kept_up_to_4(xy, n, s, tx, ty, tol2) >= 4;
  double lx = tx + xy[0] * s, ly = ty - xy[1] * s;
  cairo_move_to(cr, lx, ly);
  for (int i = 1; i < n; i++) {
    double x = tx + xy[2 * i] * s, y = ty - xy[2 * i + 1] * s;
    if (decimate && i < n - 1) {
      double dx = x - lx, dy = y - ly;
      if (dx * dx + dy * dy < tol2) continue;
    }
    cairo_line_to(cr, x, y);
    lx = x;
    ly = y;
  }
  cairo_close_path(cr);
}

/* The rings of p under t, decimated at tol page pixels (0: every vertex). */
static void mpoly_path(cairo_t *cr, const phs_mpoly *p, xform t, double tol) {
  for (int r = 0; r < p->n_rings; r++) {
    int a = p->ring_start[r], b = p->ring_start[r + 1];
    if (b - a < 2) continue;
    phs_ring_path(cr, p->xy + 2 * a, b - a, t.s, t.tx, t.ty, tol);
  }
}

double phs_map_decimation_px(cairo_t *cr, double dpi) {
  cairo_surface_t *target = cairo_get_target(cr);
  if (target &&
      cairo_surface_get_type(target) == CAIRO_SURFACE_TYPE_IMAGE)
    return PHS_DECIMATE_IMAGE_PX;
  return PHS_DECIMATE_VECTOR_PX_PER_DPI * dpi;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof(double), cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Fit the extent into area with a margin (fraction of the area). The
** slack left over goes ax to the left of the map and ay above it: 0.5, 0.5
** centres it; 1, 0 pushes it to the right and up. */
static xform fit(rect area, double x0, double y0, double x1, double y1,
                 double margin, double ax, double ay) {
  xform t;
  double ew = fmax(x1 - x0, 1.0), eh = fmax(y1 - y0, 1.0);
  double aw = area.w * (1 - 2 * margin), ah = area.h * (1 - 2 * margin);
  t.s = fmin(aw / ew, ah / eh);
  double slack_x = aw - ew * t.s, slack_y = ah - eh * t.s;
  double left = area.x + area.w * margin + slack_x * ax;
  double top = area.y + area.h * margin + slack_y * ay;
  t.tx = left - ((x1 - x0) < 1.0 ? x0 - 0.5 : x0) * t.s;
  t.ty = top + ((y1 - y0) < 1.0 ? y1 + 0.5 : y1) * t.s;
  return t;
}

/* Pixel rectangle of a map bbox under t. */
static rect bbox_px(xform t, double x0, double y0, double x1, double y1) {
  rect r = {t.tx + x0 * t.s, t.ty - y1 * t.s, (x1 - x0) * t.s,
            (y1 - y0) * t.s};
  return r;
}

/* -------------------------------------------------------------- drawing */

static double luminance(phs_rgb c) {
  return (0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b) / 255.0;
}

/* Thin diagonal lines over the current path's area (the path is consumed:
** it becomes the clip). bbox in pixels. */
static void hatch_clip(renderer *r, rect bb, phs_rgb over) {
  cairo_t *cr = r->cr;
  cairo_save(cr);
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT); /* fine diagonal lines */
  cairo_clip(cr);
  if (luminance(over) < 0.45)
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
  else
    cairo_set_source_rgba(cr, 0.15, 0.15, 0.15, 0.8);
  cairo_set_line_width(cr, P(r, 0.6));
  double sp = P(r, 3.5);
  /* Lines x - y = const, spaced sp apart horizontally, covering bb. */
  double start = floor((bb.x - bb.h - bb.y) / sp) * sp;
  for (double c = start; c <= bb.x + bb.w - bb.y + sp; c += sp) {
    cairo_move_to(cr, c + bb.y, bb.y);
    cairo_line_to(cr, c + bb.y + bb.h, bb.y + bb.h);
  }
  cairo_stroke(cr);
  cairo_restore(cr);
}

/* ------------------------------------------------------------ overlays */

static const unsigned int OKABE_ITO[8] = {0xD55E00, 0xE69F00, 0xCC79A7,
                                          0x000000, 0xF0E442, 0x56B4E9,
                                          0x009E73, 0x0072B2};

phs_rgb phs_okabe_ito(int i) {
  unsigned int v = OKABE_ITO[((i % 8) + 8) % 8];
  phs_rgb c = {(unsigned char)(v >> 16), (unsigned char)(v >> 8),
               (unsigned char)v};
  return c;
}

static double raster_opacity(const phs_raster_layer *rl) {
  return rl->opacity > 0 ? rl->opacity : 0.8;
}

/* Class of a raster value, or -1 (NaN, or in no class). */
static int raster_class(const phs_raster_layer *rl, float v) {
  if (isnan(v)) return -1;
  for (int k = 0; k < rl->n_classes; k++)
    if (v >= rl->classes[k].lo && v < rl->classes[k].hi) return k;
  return -1;
}

/* Which cells count for the legend: 1 inside a feature (cell centre, as
** cairo samples without antialiasing), all cells when the layer is not
** clipped. Returns an nx*ny array the caller frees, or NULL (no memory). */
static unsigned char *raster_mask(const phs_map_spec *spec) {
  const phs_raster_layer *rl = spec->raster;
  size_t n = (size_t)rl->nx * rl->ny;
  unsigned char *m = malloc(n ? n : 1);
  if (m == NULL) return NULL;
  if (!rl->clip_to_features) {
    memset(m, 1, n);
    return m;
  }
  cairo_surface_t *s =
      cairo_image_surface_create(CAIRO_FORMAT_A8, rl->nx, rl->ny);
  cairo_t *cr = cairo_create(s);
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    free(m);
    return NULL;
  }
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_source_rgba(cr, 0, 0, 0, 1);
  /* Map metres to cells: column (x - x0) / res, row (y0 - y) / res. */
  xform t = {1.0 / rl->res, -rl->x0 / rl->res, rl->y0 / rl->res};
  for (int i = 0; i < spec->n_features; i++) {
    cairo_new_path(cr);
    mpoly_path(cr, spec->features[i].geom, t, 0);
    cairo_fill(cr);
  }
  cairo_surface_flush(s);
  const unsigned char *data = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  for (int j = 0; j < rl->ny; j++)
    for (int i = 0; i < rl->nx; i++)
      m[(size_t)j * rl->nx + i] = data[(size_t)j * stride + i] != 0;
  cairo_destroy(cr);
  cairo_surface_destroy(s);
  return m;
}

/* Counted cells per class, counted cells without a value, all counted
** cells. PHS_ERUNTIME when out of memory. */
static int raster_counts(const phs_map_spec *spec, long *counts,
                         long *nodata, long *total, phs_diag *d) {
  const phs_raster_layer *rl = spec->raster;
  unsigned char *m = raster_mask(spec);
  if (m == NULL)
    return phs_diag_error(d, PHS_ERUNTIME, "map: out of memory for a %d x %d"
                          " raster", rl->nx, rl->ny);
  *nodata = *total = 0;
  for (int k = 0; k < rl->n_classes; k++) counts[k] = 0;
  size_t n = (size_t)rl->nx * rl->ny;
  for (size_t i = 0; i < n; i++) {
    if (!m[i]) continue;
    (*total)++;
    if (isnan(rl->values[i])) {
      (*nodata)++;
      continue;
    }
    int k = raster_class(rl, rl->values[i]);
    if (k >= 0) counts[k]++;
  }
  free(m);
  return PHS_OK;
}

/* The classes as an ARGB32 image, one pixel per cell: no data in the
** no-data grey, transparent where nothing is drawn. NULL when out of
** memory. */
static cairo_surface_t *raster_surface(const phs_raster_layer *rl) {
  cairo_surface_t *s =
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, rl->nx, rl->ny);
  if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(s);
    return NULL;
  }
  cairo_surface_flush(s);
  unsigned char *data = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  uint32_t argb[PHS_MAX_RASTER_CLASSES];
  for (int k = 0; k < rl->n_classes; k++) {
    phs_rgb c = rl->classes[k].colour;
    argb[k] = rl->classes[k].hidden
                  ? 0
                  : 0xff000000u | (uint32_t)c.r << 16 | (uint32_t)c.g << 8 |
                        c.b;
  }
  uint32_t nodata = 0xff000000u | (uint32_t)NODATA_RGB.r << 16 |
                    (uint32_t)NODATA_RGB.g << 8 | NODATA_RGB.b;
  for (int j = 0; j < rl->ny; j++) {
    uint32_t *row = (uint32_t *)(void *)(data + (size_t)j * stride);
    const float *v = rl->values + (size_t)j * rl->nx;
    for (int i = 0; i < rl->nx; i++) {
      int k = raster_class(rl, v[i]);
      row[i] = k >= 0 ? argb[k] : isnan(v[i]) ? nodata : 0;
    }
  }
  cairo_surface_mark_dirty(s);
  return s;
}

/* The raster over the features of one group, clipped to them when asked. */
static void draw_raster(renderer *r, const feat_info *fi, int group,
                        xform t) {
  const phs_map_spec *spec = r->spec;
  const phs_raster_layer *rl = spec->raster;
  cairo_t *cr = r->cr;
  if (r->raster == NULL) return;
  cairo_save(cr);
  if (rl->clip_to_features) {
    cairo_new_path(cr);
    int any = 0;
    for (int i = 0; i < spec->n_features; i++) {
      if (!fi[i].has_geom || fi[i].inset != group) continue;
      mpoly_path(cr, spec->features[i].geom, t, r->tol_px);
      any = 1;
    }
    if (!any) {
      cairo_restore(cr);
      return;
    }
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_clip(cr);
  }
  double cell_px = rl->res * t.s;
  cairo_translate(cr, t.tx + rl->x0 * t.s, t.ty - rl->y0 * t.s);
  cairo_scale(cr, cell_px, cell_px);
  cairo_set_source_surface(cr, r->raster, 0, 0);
  /* Cells larger than a pixel keep hard edges; smaller ones are averaged,
  ** so a map of 50 m cells at 150 m a pixel does not alias. */
  cairo_pattern_set_filter(cairo_get_source(cr), cell_px >= 1
                                                     ? CAIRO_FILTER_NEAREST
                                                     : CAIRO_FILTER_GOOD);
  cairo_paint_with_alpha(cr, raster_opacity(rl));
  cairo_restore(cr);
}

/* A marker of width w centred on (x, y) as the current path. */
static void marker_path(cairo_t *cr, phs_shape shape, double x, double y,
                        double w) {
  double h = w / 2;
  cairo_new_path(cr);
  switch (shape) {
    case PHS_SHAPE_TRIANGLE:
    case PHS_SHAPE_TRIANGLE_DOWN: {
      /* Equilateral, centred on its centroid, a little larger than the
      ** circle so the areas look alike. */
      double s = w * 1.2, sgn = shape == PHS_SHAPE_TRIANGLE ? 1 : -1;
      double ht = s * sqrt(3) / 2;
      cairo_move_to(cr, x, y - sgn * ht * 2 / 3);
      cairo_line_to(cr, x - s / 2, y + sgn * ht / 3);
      cairo_line_to(cr, x + s / 2, y + sgn * ht / 3);
      cairo_close_path(cr);
      break;
    }
    case PHS_SHAPE_SQUARE:
      cairo_rectangle(cr, x - h * 0.9, y - h * 0.9, w * 0.9, w * 0.9);
      break;
    case PHS_SHAPE_DIAMOND:
      cairo_move_to(cr, x, y - h * 1.25);
      cairo_line_to(cr, x + h * 1.25, y);
      cairo_line_to(cr, x, y + h * 1.25);
      cairo_line_to(cr, x - h * 1.25, y);
      cairo_close_path(cr);
      break;
    case PHS_SHAPE_PENTAGON:
      for (int k = 0; k < 5; k++) {
        double a = -M_PI / 2 + k * 2 * M_PI / 5;
        if (k == 0)
          cairo_move_to(cr, x + h * 1.1 * cos(a), y + h * 1.1 * sin(a));
        else
          cairo_line_to(cr, x + h * 1.1 * cos(a), y + h * 1.1 * sin(a));
      }
      cairo_close_path(cr);
      break;
    case PHS_SHAPE_CIRCLE:
    default:
      cairo_arc(cr, x, y, h, 0, 2 * M_PI);
      break;
  }
}

/* One marker: a white halo, the fill, a thin dark edge, so it reads over
** any background. */
static void draw_marker(renderer *r, const phs_point_layer *pl, double x,
                        double y) {
  cairo_t *cr = r->cr;
  double w = P(r, pl->size_pt > 0 ? pl->size_pt : 7);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
  marker_path(cr, pl->shape, x, y, w);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
  cairo_set_line_width(cr, P(r, 2.2));
  cairo_stroke_preserve(cr);
  set_rgb(cr, pl->colour);
  cairo_fill_preserve(cr);
  set_rgb(cr, MARKER_EDGE_RGB);
  cairo_set_line_width(cr, P(r, 0.5));
  cairo_stroke(cr);
}

static int point_group(const renderer *r, double x, double y) {
  return r->has_inset && hypot(x - r->mx, y - r->my) > r->limit;
}

static void draw_points(renderer *r, int group, xform t) {
  const phs_map_spec *spec = r->spec;
  for (int l = 0; l < spec->n_points; l++) {
    const phs_point_layer *pl = &spec->points[l];
    for (int i = 0; i < pl->n; i++) {
      double x = pl->xy[2 * i], y = pl->xy[2 * i + 1];
      if (!isfinite(x) || !isfinite(y) || point_group(r, x, y) != group)
        continue;
      draw_marker(r, pl, t.tx + x * t.s, t.ty - y * t.s);
    }
  }
}

static phs_rgb feature_color(const renderer *r, const feat_info *fi) {
  return fi->cls >= 0 ? r->colors[fi->cls] : NODATA_RGB;
}

/* ---------------------------------------------------------------- labels */

/* Keep a placed label for phs_map_labels (when it asks). */
static void record_label(renderer *r, int outline, int index, int group,
                         rect box, double size_pt, const char *text) {
  if (!r->record) return;
  if (r->n_labels == r->cap_labels) {
    int cap = r->cap_labels ? 2 * r->cap_labels : 32;
    phs_map_label *a = realloc(r->labels, sizeof(*a) * (size_t)cap);
    if (a == NULL) {
      r->labels_oom = 1;
      return;
    }
    r->labels = a;
    r->cap_labels = cap;
  }
  phs_map_label *l = &r->labels[r->n_labels++];
  l->outline = outline;
  l->index = index;
  l->inset = group;
  l->x = box.x;
  l->y = box.y;
  l->w = box.w;
  l->h = box.h;
  l->size_pt = size_pt;
  l->text = text;
}

/* Where a polygon's label goes, in pixels: its pole of inaccessibility
** (inside, away from the edges, even for a U-shaped commune whose centroid
** lies outside), to half a pixel; the centroid if that fails. */
static void label_anchor(const phs_mpoly *g, const feat_info *f, xform t,
                         double *px, double *py) {
  double x = f->cx, y = f->cy, dist;
  if (phs_mpoly_label_point(g, 0.5 / t.s, &x, &y, &dist) != PHS_OK) {
    x = f->cx;
    y = f->cy;
  }
  *px = t.tx + x * t.s;
  *py = t.ty - y * t.s;
}

static int box_inside(rect box, rect area) {
  return box.x >= area.x && box.y >= area.y &&
         box.x + box.w <= area.x + area.w && box.y + box.h <= area.y + area.h;
}

static int box_free(rect box, const rect *placed, int n_placed, double pad) {
  rect b = {box.x - pad, box.y - pad, box.w + 2 * pad, box.h + 2 * pad};
  for (int j = 0; j < n_placed; j++)
    if (rects_overlap(b, placed[j])) return 0;
  return 1;
}

/* Does the label box lie in the polygon? Its centre and the corners of the
** box shrunk by a tenth on each side must be inside (or on) it, so a name
** may touch the border but not run into the neighbour. */
static int box_in_polygon(const phs_mpoly *g, xform t, rect box) {
  double mx = box.w * 0.1, my = box.h * 0.1;
  double xs[3] = {box.x + mx, box.x + box.w / 2, box.x + box.w - mx};
  double ys[3] = {box.y + my, box.y + box.h / 2, box.y + box.h - my};
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      if ((i == 1) != (j == 1)) continue; /* corners and centre */
      double x = (xs[i] - t.tx) / t.s, y = (t.ty - ys[j]) / t.s;
      if (phs_mpoly_locate(g, x, y) == PHS_LOC_OUTSIDE) return 0;
    }
  return 1;
}

typedef struct by_area {
  double area;
  int i;
} by_area;

static int cmp_by_area(const void *a, const void *b) {
  const by_area *x = a, *y = b;
  if (x->area != y->area) return x->area < y->area ? 1 : -1;
  return (x->i > y->i) - (x->i < y->i);
}

/* Labels of one group: district names first (bold, at each outline's
** pole of inaccessibility; one that would leave the area or collide is
** skipped), then, when asked, commune names (regular, smaller) greedily by
** area, largest first: each tries 6.5 pt on one line, then on two, then
** 5.5 pt likewise, each at the commune's pole of inaccessibility and then
** 1.25 and 2.5 lines above and below it, and takes the first box that lies
** inside its commune, in the area, and clear of every label already placed
** (district names included); a name that fits nowhere is left out. All
** with a white halo. */
static void place_labels(renderer *r, const feat_info *fi,
                         const feat_info *oi, int group, xform t, rect area) {
  const phs_map_spec *spec = r->spec;
  int want_features = spec->feature_labels && !spec->features_unfilled;
  if (spec->outline_labels == NULL && !want_features) return;
  rect *placed =
      calloc((size_t)spec->n_outlines + spec->n_features + 1, sizeof(rect));
  by_area *order = calloc((size_t)spec->n_features + 1, sizeof(by_area));
  int n_placed = 0;
  if (placed == NULL || order == NULL) {
    free(placed);
    free(order);
    return;
  }
  for (int i = 0; spec->outline_labels && i < spec->n_outlines; i++) {
    const char *label = spec->outline_labels[i];
    if (!oi[i].has_geom || oi[i].inset != group || label == NULL || !*label)
      continue;
    if (group == 1 && spec->inset_title && strstr(label, spec->inset_title))
      continue; /* the inset's caption already says it */
    PangoLayout *lay = r_text(r, label, 7.5, 1, 0);
    double w, h, px, py;
    text_size(lay, &w, &h);
    label_anchor(spec->outlines[i], &oi[i], t, &px, &py);
    rect box = {px - w / 2, py - h / 2, w, h};
    if (box_inside(box, area) && box_free(box, placed, n_placed, 0)) {
      text_draw_halo(r, lay, box.x, box.y, TEXT_RGB);
      placed[n_placed++] = box;
      record_label(r, 1, i, group, box, 7.5, label);
    }
    g_object_unref(lay);
  }
  int n = 0;
  for (int i = 0; want_features && i < spec->n_features; i++) {
    const char *label = spec->features[i].label;
    if (!fi[i].has_geom || fi[i].inset != group || label == NULL || !*label)
      continue;
    order[n].area = fabs(phs_mpoly_planar_area(spec->features[i].geom));
    order[n++].i = i;
  }
  qsort(order, (size_t)n, sizeof(by_area), cmp_by_area);
  static const double sizes[2] = {6.5, 5.5};
  double pad = P(r, 1.5);
  for (int k = 0; k < n; k++) {
    int i = order[k].i;
    const phs_mpoly *g = spec->features[i].geom;
    const char *label = spec->features[i].label;
    double px, py;
    label_anchor(g, &fi[i], t, &px, &py);
    int done = 0;
    for (int c = 0; c < 4 && !done; c++) {
      double size = sizes[c / 2], w, h;
      PangoLayout *lay = r_text(r, label, size, 0, 0);
      if (c % 2 == 1) { /* two lines: wrap at a little over half the width */
        text_size(lay, &w, &h);
        pango_layout_set_width(lay, (int)(w * 0.6 * PANGO_SCALE));
        pango_layout_set_wrap(lay, PANGO_WRAP_WORD);
        pango_layout_set_alignment(lay, PANGO_ALIGN_CENTER);
        if (pango_layout_get_line_count(lay) != 2) {
          g_object_unref(lay);
          continue; /* one word, or three lines: not a better shape */
        }
      }
      PangoRectangle logical;
      pango_layout_get_extents(lay, NULL, &logical);
      double lx = (double)logical.x / PANGO_SCALE;
      w = (double)logical.width / PANGO_SCALE;
      h = (double)logical.height / PANGO_SCALE;
      /* At the pole, else a line or two above or below it (a district
      ** name often takes the pole of a commune at its centre). */
      static const double shift[5] = {0, -1.25, 1.25, -2.5, 2.5};
      for (int o = 0; o < 5 && !done; o++) {
        rect box = {px - w / 2, py - h / 2 + shift[o] * h, w, h};
        if (box_inside(box, area) && box_in_polygon(g, t, box) &&
            box_free(box, placed, n_placed, pad)) {
          text_draw_halo(r, lay, box.x - lx, box.y, TEXT_RGB);
          placed[n_placed++] = box;
          record_label(r, 0, i, group, box, size, label);
          done = 1;
        }
      }
      g_object_unref(lay);
    }
  }
  free(order);
  free(placed);
}

/* The borders of the group's features, after all their fills, each
** border shared by two features drawn once (phs_borders_stroke), or, short
** of memory for that, every ring of every feature. */
static void draw_borders(renderer *r, const feat_info *fi, int group,
                         xform t) {
  const phs_map_spec *spec = r->spec;
  cairo_t *cr = r->cr;
  const phs_mpoly **polys =
      malloc(sizeof(*polys) * (size_t)(spec->n_features + 1));
  int n = 0;
  for (int i = 0; polys && i < spec->n_features; i++)
    if (fi[i].has_geom && fi[i].inset == group)
      polys[n++] = spec->features[i].geom;
  cairo_save(cr);
  /* Bevel joins: on a border this thin (0.35 pt) a round join's arc is
  ** invisible (a sliver of a pixel at a vertex) and cost a tenth of the
  ** national map's stroking; round caps close the runs' ends. */
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_BEVEL);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  if (polys == NULL ||
      phs_borders_stroke(cr, polys, n, t.s, t.tx, t.ty, r->tol_px) != 0) {
    for (int i = 0; i < spec->n_features; i++) {
      if (!fi[i].has_geom || fi[i].inset != group) continue;
      cairo_new_path(cr);
      mpoly_path(cr, spec->features[i].geom, t, r->tol_px);
      cairo_stroke(cr);
    }
  }
  cairo_restore(cr);
  free(polys);
}

/* Features of one group (0 main, 1 inset), outlines of that group on top,
** then the outline labels, all clipped to area. */
static void draw_group(renderer *r, const feat_info *fi,
                       const feat_info *oi, int group, xform t, rect area) {
  const phs_map_spec *spec = r->spec;
  cairo_t *cr = r->cr;
  cairo_save(cr);
  cairo_rectangle(cr, area.x, area.y, area.w, area.h);
  cairo_clip(cr);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  /* Fills and commune borders with cairo's "fast" antialiasing: edges
  ** sampled on a coarser grid, indistinguishable at 4x zoom on a national
  ** A3 page (every fill edge lies under a border) and a fifth fewer
  ** instructions for the whole map (docs/performance.md). */
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_FAST);

  for (int i = 0; i < spec->n_features; i++) {
    if (!fi[i].has_geom || fi[i].inset != group) continue;
    const phs_mpoly *g = spec->features[i].geom;
    if (spec->features_unfilled) { /* land only; borders over the raster */
      cairo_new_path(cr);
      mpoly_path(cr, g, t, r->tol_px);
      set_rgb(cr, LAND_RGB);
      cairo_fill(cr);
      continue;
    }
    phs_rgb c = feature_color(r, &fi[i]);
    cairo_new_path(cr);
    mpoly_path(cr, g, t, r->tol_px);
    set_rgb(cr, c);
    if (spec->features[i].flags & PHS_MAPF_UNRELIABLE) {
      cairo_fill_preserve(cr);
      hatch_clip(r, bbox_px(t, fi[i].bx0, fi[i].by0, fi[i].bx1, fi[i].by1), c);
    } else {
      cairo_fill(cr);
    }
  }
  if (!spec->features_unfilled) {
    set_rgb(cr, BORDER_RGB);
    cairo_set_line_width(cr, P(r, 0.35));
    draw_borders(r, fi, group, t);
  }
  if (spec->raster) draw_raster(r, fi, group, t);
  if (spec->features_unfilled) {
    set_rgb(cr, LAND_BORDER_RGB);
    cairo_set_line_width(cr, P(r, 0.3));
    draw_borders(r, fi, group, t);
  }

  /* District outlines are thick and dark: there the coarse grid of "fast"
  ** antialiasing shows as steps along straight edges. */
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
  set_rgb(cr, OUTLINE_RGB);
  cairo_set_line_width(cr, P(r, 1.0));
  for (int i = 0; i < spec->n_outlines; i++) {
    if (!oi[i].has_geom || oi[i].inset != group) continue;
    cairo_new_path(cr);
    mpoly_path(cr, spec->outlines[i], t, r->tol_px);
    cairo_stroke(cr);
  }
  draw_points(r, group, t);
  cairo_restore(cr);

  place_labels(r, fi, oi, group, t, area);
}

/* Largest 1, 2 or 5 x 10^k not above m (m > 0). */
static double nice_length(double m) {
  double p = pow(10, floor(log10(m)));
  if (m >= 5 * p) return 5 * p;
  if (m >= 2 * p) return 2 * p;
  return p;
}

/* A two-segment scale bar at (x, y) no longer than max_px; returns the
** height used. */
static double draw_scalebar(renderer *r, double x, double y, double max_px,
                            double px_per_m, double font_pt) {
  if (px_per_m <= 0 || max_px <= 0) return 0;
  double len_m = nice_length(max_px / px_per_m);
  double len = len_m * px_per_m, bh = P(r, 4);
  cairo_t *cr = r->cr;
  cairo_set_line_width(cr, P(r, 0.6));
  cairo_rectangle(cr, x, y, len / 2, bh);
  set_rgb(cr, TEXT_RGB);
  cairo_fill_preserve(cr);
  cairo_stroke(cr);
  cairo_rectangle(cr, x + len / 2, y, len / 2, bh);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_fill_preserve(cr);
  set_rgb(cr, TEXT_RGB);
  cairo_stroke(cr);

  char num[64], text[96];
  if (len_m >= 1000) {
    phs_format_number(len_m / 1000, 0, r->spec->lang, num, sizeof(num));
    snprintf(text, sizeof(text), "%s km", num);
  } else {
    phs_format_number(len_m, 0, r->spec->lang, num, sizeof(num));
    snprintf(text, sizeof(text), "%s m", num);
  }
  PangoLayout *zero = r_text(r, "0", font_pt, 0, 0);
  PangoLayout *end = r_text(r, text, font_pt, 0, 0);
  double zw, zh, ew, eh;
  text_size(zero, &zw, &zh);
  text_size(end, &ew, &eh);
  double ty = y + bh + P(r, 1.5);
  text_draw(r, zero, x - zw / 2, ty, TEXT_RGB);
  text_draw(r, end, x + len - P(r, 3), ty, TEXT_RGB);
  /* The unit label starts under the bar's end, so "10 km" reads as one. */
  g_object_unref(zero);
  g_object_unref(end);
  return bh + P(r, 1.5) + fmax(zh, eh);
}

/* North arrow: a split triangle with the letter above; returns height. */
static double draw_north(renderer *r, double x, double y) {
  cairo_t *cr = r->cr;
  PangoLayout *lay = r_text(r, r->spec->lang == PHS_LANG_VI ? "B" : "N", 10,
                            1, 0);
  double lw, lh;
  text_size(lay, &lw, &lh);
  double aw = P(r, 12), ah = P(r, 18);
  double cx = x + aw / 2;
  text_draw(r, lay, cx - lw / 2, y, TEXT_RGB);
  g_object_unref(lay);
  double top = y + lh, base = top + ah;
  cairo_set_line_width(cr, P(r, 0.7));
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
  cairo_move_to(cr, cx, top);
  cairo_line_to(cr, cx - aw / 2, base);
  cairo_line_to(cr, cx, base - ah * 0.28);
  cairo_close_path(cr);
  set_rgb(cr, TEXT_RGB);
  cairo_fill_preserve(cr);
  cairo_stroke(cr);
  cairo_move_to(cr, cx, top);
  cairo_line_to(cr, cx + aw / 2, base);
  cairo_line_to(cr, cx, base - ah * 0.28);
  cairo_close_path(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_fill_preserve(cr);
  set_rgb(cr, TEXT_RGB);
  cairo_stroke(cr);
  return lh + ah;
}

/* ---------------------------------------------------------------- legend */

enum { ROW_SWATCH = 0, ROW_HEADING = 1, ROW_MARKER = 2 };

typedef struct legend_row {
  char text[256];
  int kind;        /* ROW_* */
  phs_rgb fill;
  int hatch;       /* unreliable sample */
  int overlay;     /* raster class: the land colour under fill at the
                      layer's opacity, as on the map */
  int hidden;      /* raster class not drawn: the bare land swatch */
  const phs_point_layer *marker; /* ROW_MARKER: borrowed */
} legend_row;

/* Room for every row a spec can have. */
static int legend_rows_max(const phs_map_spec *spec) {
  return PHS_MAX_CLASSES + 2 + 1 + PHS_MAX_RASTER_CLASSES + 1 + 1 +
         spec->n_points;
}

/* Rows: one per class, then no data, then the unreliable hatch. */
static int legend_rows(const renderer *r, const int *counts, int n_nodata,
                       int any_unreliable, legend_row *rows) {
  const phs_map_spec *spec = r->spec;
  const char *unit = spec->unit && *spec->unit ? spec->unit : NULL;
  int n = 0;
  for (int i = 0; i < spec->classes.n; i++) {
    /* The closure of phs_render.h: "a – < b" up to the last class, which
    ** is closed ("a – b"); open ends (target thresholds) "< b", "≥ a". */
    char a[64], b[64];
    double lo = spec->classes.breaks[i], hi = spec->classes.breaks[i + 1];
    const char *sp = unit ? " " : "", *un = unit ? unit : "";
    phs_format_number(lo, spec->decimals, spec->lang, a, sizeof(a));
    phs_format_number(hi, spec->decimals, spec->lang, b, sizeof(b));
    if (isinf(lo) && lo < 0)
      snprintf(rows[n].text, sizeof(rows[n].text), "< %s%s%s  (%d)", b, sp,
               un, counts[i]);
    else if (isinf(hi) && hi > 0)
      snprintf(rows[n].text, sizeof(rows[n].text), "\xe2\x89\xa5 %s%s%s  (%d)",
               a, sp, un, counts[i]);
    else if (strcmp(a, b) == 0)
      snprintf(rows[n].text, sizeof(rows[n].text), "%s%s%s  (%d)", a, sp, un,
               counts[i]);
    else
      snprintf(rows[n].text, sizeof(rows[n].text), "%s \xe2\x80\x93 %s%s%s%s  (%d)",
               a, i == spec->classes.n - 1 ? "" : "< ", b, sp, un, counts[i]);
    rows[n].fill = r->colors[i];
    rows[n].hatch = 0;
    n++;
  }
  if (n_nodata > 0 && !spec->features_unfilled) {
    snprintf(rows[n].text, sizeof(rows[n].text), "%s  (%d)",
             spec->lang == PHS_LANG_VI ? "Không có dữ liệu" : "No data",
             n_nodata);
    rows[n].fill = NODATA_RGB;
    rows[n].hatch = 0;
    n++;
  }
  if (any_unreliable) {
    snprintf(rows[n].text, sizeof(rows[n].text), "%s",
             spec->lang == PHS_LANG_VI ? "Ước lượng kém tin cậy"
                                       : "Unreliable estimate");
    rows[n].fill.r = rows[n].fill.g = rows[n].fill.b = 255;
    rows[n].hatch = 1;
    n++;
  }
  return n;
}

static void row_share(char *buf, size_t size, const char *label, long count,
                      long total, double cell_km2, phs_lang lang) {
  char pct[64], area[64];
  double km2 = count * cell_km2;
  double share = total > 0 ? 100.0 * count / total : NAN;
  if (count > 0 && share < 0.05) { /* never "0,0%" for something there */
    char tenth[16];
    phs_format_number(0.1, 1, lang, tenth, sizeof(tenth));
    snprintf(pct, sizeof(pct), "< %s", tenth);
  } else {
    phs_format_number(share, 1, lang, pct, sizeof(pct));
  }
  phs_format_number(km2, km2 < 10 ? 1 : 0, lang, area, sizeof(area));
  snprintf(buf, size, "%s: %s%% (%s km\xc2\xb2)", label, pct, area);
}

/* The overlay sections after the class rows: the raster's title and
** classes with their shares, then the point layers with their counts. */
static int overlay_rows(const renderer *r, const long *rcounts, long rnodata,
                        long rtotal, legend_row *rows, int n) {
  const phs_map_spec *spec = r->spec;
  const phs_raster_layer *rl = spec->raster;
  if (rl) {
    double cell_km2 = rl->res * rl->res / 1e6;
    if (rl->legend_title && *rl->legend_title) {
      snprintf(rows[n].text, sizeof(rows[n].text), "%s", rl->legend_title);
      rows[n++].kind = ROW_HEADING;
    }
    for (int k = 0; k < rl->n_classes; k++) {
      const phs_raster_class *c = &rl->classes[k];
      row_share(rows[n].text, sizeof(rows[n].text), c->label ? c->label : "",
                rcounts[k], rtotal, cell_km2, spec->lang);
      rows[n].fill = c->colour;
      rows[n].overlay = 1;
      rows[n].hidden = c->hidden;
      n++;
    }
    if (rnodata > 0) {
      row_share(rows[n].text, sizeof(rows[n].text),
                spec->lang == PHS_LANG_VI ? "Không có dữ liệu" : "No data",
                rnodata, rtotal, cell_km2, spec->lang);
      rows[n].fill = NODATA_RGB;
      rows[n].overlay = 1;
      n++;
    }
  }
  if (spec->n_points > 0 && spec->points_title && *spec->points_title) {
    snprintf(rows[n].text, sizeof(rows[n].text), "%s", spec->points_title);
    rows[n++].kind = ROW_HEADING;
  }
  for (int l = 0; l < spec->n_points; l++) {
    const phs_point_layer *pl = &spec->points[l];
    int cnt = 0;
    for (int i = 0; i < pl->n; i++)
      cnt += isfinite(pl->xy[2 * i]) && isfinite(pl->xy[2 * i + 1]);
    snprintf(rows[n].text, sizeof(rows[n].text), "%s  (%d)",
             pl->label ? pl->label : "", cnt);
    rows[n].kind = ROW_MARKER;
    rows[n].marker = pl;
    n++;
  }
  return n;
}

/* Every legend row of the spec; fi holds the features' classes. */
static int build_legend(const renderer *r, const feat_info *fi,
                        legend_row *rows, phs_diag *d, int *n_rows) {
  const phs_map_spec *spec = r->spec;
  int counts[PHS_MAX_CLASSES] = {0}, n_nodata = 0, any_unreliable = 0;
  for (int i = 0; i < spec->n_features; i++) {
    if (fi[i].cls >= 0)
      counts[fi[i].cls]++;
    else
      n_nodata++;
    if (spec->features[i].flags & PHS_MAPF_UNRELIABLE) any_unreliable = 1;
  }
  int n = legend_rows(r, counts, n_nodata, any_unreliable, rows);
  long rcounts[PHS_MAX_RASTER_CLASSES] = {0}, rnodata = 0, rtotal = 0;
  if (spec->raster) {
    int st = raster_counts(spec, rcounts, &rnodata, &rtotal, d);
    if (st) return st;
  }
  *n_rows = overlay_rows(r, rcounts, rnodata, rtotal, rows, n);
  return PHS_OK;
}

/* ---------------------------------------------------------------- render */

int phs_map_text_check(const char *what, const char *s, phs_diag *d) {
  const unsigned char *p = (const unsigned char *)s;
  while (p && *p) {
    unsigned c = *p;
    int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
              : (c & 0xF8) == 0xF0 ? 4 : 0;
    unsigned cp = len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    if (len == 1) cp = c;
    for (int i = 1; i < len; i++) {
      if ((p[i] & 0xC0) != 0x80) {
        len = 0; /* also at the NUL that ends a cut character */
        break;
      }
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    static const unsigned least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (len == 0 || cp < least[len] || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return phs_diag_error(d, PHS_EUSAGE, "map: the %s is not UTF-8 (byte"
                            " 0x%02X at byte %ld; hint: save the text as"
                            " UTF-8)", what, c, (long)(p - (const unsigned
                            char *)s) + 1);
    if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
        cp == 0xFFFE || cp == 0xFFFF)
      return phs_diag_error(d, PHS_EUSAGE, "map: the %s holds U+%04X at byte"
                            " %ld, which a PNG, SVG or PDF cannot carry (only"
                            " tab and line breaks of the control characters)",
                            what, cp,
                            (long)(p - (const unsigned char *)s) + 1);
    p += len;
  }
  return PHS_OK;
}

/* Every text of the spec: UTF-8 that XML can carry (phs_map_text_check). */
static int check_texts(const phs_map_spec *spec, phs_diag *d) {
  const struct {
    const char *what, *text;
  } t[] = {{"title", spec->title},
           {"subtitle", spec->subtitle},
           {"legend title", spec->legend_title},
           {"source line", spec->source},
           {"note", spec->note},
           {"unit", spec->unit},
           {"inset title", spec->inset_title},
           {"point legend title", spec->points_title},
           {"raster legend title", spec->raster ? spec->raster->legend_title
                                                : NULL}};
  int rc = PHS_OK;
  for (size_t i = 0; i < sizeof(t) / sizeof(t[0]) && rc == PHS_OK; i++)
    rc = phs_map_text_check(t[i].what, t[i].text, d);
  for (int i = 0; i < spec->n_features && rc == PHS_OK; i++)
    rc = phs_map_text_check("feature label", spec->features[i].label, d);
  for (int i = 0; spec->outline_labels && i < spec->n_outlines && rc == PHS_OK;
       i++)
    rc = phs_map_text_check("outline label", spec->outline_labels[i], d);
  for (int i = 0; i < spec->n_points && rc == PHS_OK; i++)
    rc = phs_map_text_check("point layer label", spec->points[i].label, d);
  for (int i = 0; spec->raster && spec->raster->classes &&
                  i < spec->raster->n_classes && rc == PHS_OK;
       i++)
    rc = phs_map_text_check("raster class label",
                            spec->raster->classes[i].label, d);
  return rc;
}

static int check_spec(const phs_map_spec *spec, phs_diag *d) {
  if (spec->title == NULL)
    return phs_diag_error(d, PHS_EUSAGE, "map: a title is required");
  if (spec->width < 0 || spec->height < 0 || spec->width > 20000 ||
      spec->height > 20000)
    return phs_diag_error(d, PHS_EUSAGE, "map: size %dx%d out of range",
                          spec->width, spec->height);
  if (!(spec->dpi == 0 || (spec->dpi >= 1 && spec->dpi <= 2400)))
    return phs_diag_error(d, PHS_EUSAGE, "map: dpi %g out of range (1..2400)",
                          spec->dpi);
  if (!(spec->inset_distance >= 0))
    return phs_diag_error(d, PHS_EUSAGE, "map: bad inset distance %g",
                          spec->inset_distance);
  if (spec->classes.n < 0 || spec->classes.n > PHS_MAX_CLASSES)
    return phs_diag_error(d, PHS_EUSAGE, "map: %d classes (at most %d)",
                          spec->classes.n, PHS_MAX_CLASSES);
  if (spec->n_features < 0 || (spec->n_features > 0 && !spec->features) ||
      spec->n_outlines < 0 || (spec->n_outlines > 0 && !spec->outlines))
    return phs_diag_error(d, PHS_EUSAGE, "map: bad feature or outline list");
  for (int i = 0; i < spec->n_features; i++)
    if (spec->features[i].geom == NULL)
      return phs_diag_error(d, PHS_EUSAGE, "map: feature %d has no geometry",
                            i);
  for (int i = 0; i < spec->n_outlines; i++)
    if (spec->outlines[i] == NULL)
      return phs_diag_error(d, PHS_EUSAGE, "map: outline %d has no geometry",
                            i);
  const phs_raster_layer *rl = spec->raster;
  if (rl != NULL) {
    if (rl->values == NULL || rl->nx < 1 || rl->ny < 1 || !(rl->res > 0) ||
        !isfinite(rl->x0) || !isfinite(rl->y0))
      return phs_diag_error(d, PHS_EUSAGE, "map: bad raster grid (%d x %d"
                            " cells of %g m)", rl->nx, rl->ny, rl->res);
    if (rl->n_classes < 1 || rl->n_classes > PHS_MAX_RASTER_CLASSES ||
        rl->classes == NULL)
      return phs_diag_error(d, PHS_EUSAGE, "map: %d raster classes (1 to %d)",
                            rl->n_classes, PHS_MAX_RASTER_CLASSES);
    if (!(rl->opacity >= 0 && rl->opacity <= 1))
      return phs_diag_error(d, PHS_EUSAGE, "map: raster opacity %g (0 to 1)",
                            rl->opacity);
  }
  if (spec->n_points < 0 || (spec->n_points > 0 && spec->points == NULL))
    return phs_diag_error(d, PHS_EUSAGE, "map: bad point layer list");
  for (int l = 0; l < spec->n_points; l++) {
    const phs_point_layer *pl = &spec->points[l];
    if (pl->n < 0 || (pl->n > 0 && pl->xy == NULL) || pl->shape < 0 ||
        pl->shape >= PHS_N_SHAPES)
      return phs_diag_error(d, PHS_EUSAGE, "map: point layer %d: bad points"
                            " or shape", l);
  }
  return check_texts(spec, d);
}

/* Centroids, bboxes, classes and the main/inset split: a feature or an
** outline whose centroid lies farther than the inset distance from the
** median feature centroid goes to the inset. Returns the number of
** features and outlines in the inset. */
static int group_features(const phs_map_spec *spec, feat_info *fi,
                          feat_info *oi, double *tmp, renderer *r) {
  int n = spec->n_features, m = 0;
  for (int i = 0; i < n; i++) {
    const phs_mpoly *g = spec->features[i].geom;
    fi[i].cls = phs_classes_find(&spec->classes, spec->features[i].value);
    fi[i].has_geom = mpoly_bbox(g, &fi[i].bx0, &fi[i].by0, &fi[i].bx1,
                                &fi[i].by1) &&
                     mpoly_centroid(g, &fi[i].cx, &fi[i].cy);
    if (fi[i].has_geom) m++;
  }
  for (int i = 0; i < spec->n_outlines; i++) {
    const phs_mpoly *g = spec->outlines[i];
    oi[i].has_geom = mpoly_bbox(g, &oi[i].bx0, &oi[i].by0, &oi[i].bx1,
                                &oi[i].by1) &&
                     mpoly_centroid(g, &oi[i].cx, &oi[i].cy);
  }
  if (m < 3) return 0; /* too few features to tell a main group */
  int k = 0;
  for (int i = 0; i < n; i++)
    if (fi[i].has_geom) tmp[k++] = fi[i].cx;
  double mx = median(tmp, k);
  k = 0;
  for (int i = 0; i < n; i++)
    if (fi[i].has_geom) tmp[k++] = fi[i].cy;
  double my = median(tmp, k);
  double limit = spec->inset_distance > 0 ? spec->inset_distance : 50000;
  r->mx = mx;
  r->my = my;
  r->limit = limit;
  int n_far = 0, n_inset = 0;
  for (int i = 0; i < n; i++) {
    fi[i].inset = fi[i].has_geom && hypot(fi[i].cx - mx, fi[i].cy - my) > limit;
    n_far += fi[i].inset;
  }
  /* An inset is for a few far-off features, never for half the map. */
  if (2 * n_far >= m) {
    for (int i = 0; i < n; i++) fi[i].inset = 0;
    return 0;
  }
  n_inset = n_far;
  r->has_inset = n_far > 0;
  for (int i = 0; i < spec->n_outlines; i++) {
    oi[i].inset = oi[i].has_geom && hypot(oi[i].cx - mx, oi[i].cy - my) > limit;
    n_inset += oi[i].inset;
  }
  return n_inset;
}

static void bbox_add(int *any, double *b, const feat_info *f) {
  if (!*any) {
    b[0] = f->bx0, b[1] = f->by0, b[2] = f->bx1, b[3] = f->by1;
    *any = 1;
  } else {
    b[0] = fmin(b[0], f->bx0), b[1] = fmin(b[1], f->by0);
    b[2] = fmax(b[2], f->bx1), b[3] = fmax(b[3], f->by1);
  }
}

/* Union bbox of a group: its features, or its outlines when it has no
** features (an island known only from the district layer); the inset takes
** both. 0 when the group is empty. */
static int group_bbox(const phs_map_spec *spec, const feat_info *fi,
                      const feat_info *oi, int group, double *b) {
  int any = 0;
  for (int i = 0; i < spec->n_features; i++)
    if (fi[i].has_geom && fi[i].inset == group) bbox_add(&any, b, &fi[i]);
  if (any && group == 0) return 1;
  for (int i = 0; i < spec->n_outlines; i++)
    if (oi[i].has_geom && oi[i].inset == group) bbox_add(&any, b, &oi[i]);
  return any;
}

/* Does the box overlap any main feature (or main outline) drawn under t? */
static int box_hits_main(const phs_map_spec *spec, const feat_info *fi,
                         const feat_info *oi, xform t, rect box) {
  for (int i = 0; i < spec->n_features; i++) {
    if (!fi[i].has_geom || fi[i].inset) continue;
    if (rects_overlap(box, bbox_px(t, fi[i].bx0, fi[i].by0, fi[i].bx1,
                                   fi[i].by1)))
      return 1;
  }
  for (int i = 0; i < spec->n_outlines; i++) {
    if (!oi[i].has_geom || oi[i].inset) continue;
    /* A district's bbox is too coarse a test; its communes decide. Only
    ** outlines drawn without features count. */
    if (spec->n_features == 0 &&
        rects_overlap(box, bbox_px(t, oi[i].bx0, oi[i].by0, oi[i].bx1,
                                   oi[i].by1)))
      return 1;
  }
  return 0;
}

/* Turn cairo's premultiplied native-endian ARGB32 pixels into straight
** RGBA in place (the same 4 bytes a pixel): the map is drawn in the
** buffer it is handed over in, so an A3 page needs one 70 MB buffer, not
** two. Nearly every pixel of a map is opaque, where the conversion is a
** swap of the red and blue bytes done on the whole word (a loop the
** compiler vectorises); only when some pixel is translucent (none on a
** white page) does a second pass divide those by their alpha. */
void render_argb32_to_rgba(unsigned char *px, size_t n) {
  unsigned translucent = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  /* The buffer holds cairo's uint32_t words (from calloc, so aligned).
  ** The word 0xAARRGGBB, stored as bytes R, G, B, A, is 0xAABBGGRR.
  ** Blocks of 16 words, a trip count the compiler vectorises at -O2. */
  uint32_t *w = (uint32_t *)(void *)px;
  size_t i = 0;
  for (; i + 16 <= n; i += 16)
    for (size_t k = i; k < i + 16; k++) {
      uint32_t p = w[k];
      translucent |= (p >> 24) - 1u < 254u; /* alpha 1..254 */
      w[k] = (p & 0xff00ff00u) | ((p >> 16) & 0xffu) | ((p & 0xffu) << 16);
    }
  for (; i < n; i++) {
    uint32_t p = w[i];
    translucent |= (p >> 24) - 1u < 254u;
    w[i] = (p & 0xff00ff00u) | ((p >> 16) & 0xffu) | ((p & 0xffu) << 16);
  }
  if (translucent == 0) return;
  for (size_t i = 0; i < n; i++) {
    unsigned char *q = px + 4 * i;
    unsigned a = q[3];
    if (a == 0 || a == 255) continue;
    q[0] = (unsigned char)((q[0] * 255u + a / 2) / a);
    q[1] = (unsigned char)((q[1] * 255u + a / 2) / a);
    q[2] = (unsigned char)((q[2] * 255u + a / 2) / a);
  }
#else
  for (size_t i = 0; i < n; i++) {
    uint32_t p;
    memcpy(&p, px + 4 * i, 4);
    unsigned a = p >> 24, r = (p >> 16) & 255, g = (p >> 8) & 255,
             b = p & 255;
    if (a != 0 && a != 255) {
      r = (r * 255 + a / 2) / a;
      g = (g * 255 + a / 2) / a;
      b = (b * 255 + a / 2) / a;
    }
    px[4 * i] = (unsigned char)r;
    px[4 * i + 1] = (unsigned char)g;
    px[4 * i + 2] = (unsigned char)b;
    px[4 * i + 3] = (unsigned char)a;
  }
  (void)translucent;
#endif
}

int phs_map_page(const phs_map_spec *spec, int *width, int *height,
                 double *dpi, phs_diag *d) {
  if (spec == NULL)
    return phs_diag_error(d, PHS_EUSAGE, "map: no spec");
  int rc = check_spec(spec, d);
  if (rc) return rc;
  *width = spec->width > 0 ? spec->width : 1600;
  *height = spec->height > 0 ? spec->height : 1200;
  *dpi = spec->dpi > 0 ? spec->dpi : 150;
  return PHS_OK;
}

/* The drawing of phs_map_draw; with labels != NULL the placed labels are
** handed over in *labels (the caller frees) and *n_labels. */
static int map_draw(const phs_map_spec *spec, cairo_t *cr_out,
                    phs_map_frame *frame, phs_map_label **labels,
                    int *n_labels, phs_diag *d) {
  int rc = PHS_OK;
  renderer R;
  memset(&R, 0, sizeof(R));
  R.record = labels != NULL;
  feat_info *fi = NULL, *oi = NULL;
  double *tmp = NULL;
  legend_row *rows = NULL;
  PangoLayout *lay = NULL;
  int W = 0, H = 0;
  double dpi = 0;

  if (frame) memset(frame, 0, sizeof(*frame));
  if ((rc = phs_map_page(spec, &W, &H, &dpi, d)) != PHS_OK) goto cleanup;
  R.spec = spec;
  if ((rc = phs_palette_classes(spec->palette, &spec->classes,
                                spec->use_midpoint, spec->midpoint, R.colors,
                                d)) != PHS_OK)
    goto cleanup;

  fi = calloc((size_t)spec->n_features + 1, sizeof(feat_info));
  oi = calloc((size_t)spec->n_outlines + 1, sizeof(feat_info));
  tmp = calloc((size_t)spec->n_features + 1, sizeof(double));
  rows = calloc((size_t)legend_rows_max(spec), sizeof(legend_row));
  if (!fi || !oi || !tmp || !rows) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "map: out of memory");
    goto cleanup;
  }
  int n_inset = group_features(spec, fi, oi, tmp, &R);
  if (spec->raster && (R.raster = raster_surface(spec->raster)) == NULL) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "map: out of memory for a %d x %d"
                        " raster", spec->raster->nx, spec->raster->ny);
    goto cleanup;
  }

  R.cr = cr_out;
  R.pc = text_context_new(dpi, &R.fontmap);
  if (cr_out == NULL || cairo_status(R.cr) != CAIRO_STATUS_SUCCESS ||
      R.pc == NULL) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "map: cannot draw a %dx%d map",
                        W, H);
    goto cleanup;
  }
  pango_cairo_update_context(R.cr, R.pc);
  /* Layout points: real points, shrunk on pages smaller than 600x450 pt so
  ** the layout still fits. */
  double page_w_pt = W * 72.0 / dpi, page_h_pt = H * 72.0 / dpi;
  double fscale = fmin(1.0, fmin(page_w_pt / 600.0, page_h_pt / 450.0));
  if (fscale < 0.5) fscale = 0.5;
  R.pt = dpi / 72.0 * fscale;
  R.tol_px = phs_map_decimation_px(cr_out, dpi);
  renderer *r = &R;
  cairo_t *cr = R.cr;

  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);

  /* Header. */
  double margin = P(r, 18);
  double y = margin;
  lay = r_text(r, spec->title, 17, 1, W - 2 * margin);
  double tw, th;
  text_size(lay, &tw, &th);
  text_draw(r, lay, margin, y, TEXT_RGB);
  g_object_unref(lay);
  lay = NULL;
  y += th;
  if (spec->subtitle && *spec->subtitle) {
    lay = r_text(r, spec->subtitle, 11, 0, W - 2 * margin);
    text_size(lay, &tw, &th);
    text_draw(r, lay, margin, y + P(r, 2), MUTED_RGB);
    g_object_unref(lay);
    lay = NULL;
    y += P(r, 2) + th;
  }
  double header_bottom = y + P(r, 12);
  cairo_set_line_width(cr, P(r, 0.5));
  set_rgb(cr, (phs_rgb){0xbd, 0xbd, 0xbd});
  cairo_move_to(cr, margin, y + P(r, 6));
  cairo_line_to(cr, W - margin, y + P(r, 6));
  cairo_stroke(cr);

  /* Footer: note above source, both small, bottom left. */
  double footer_top = H - margin;
  const char *foot[2] = {spec->source, spec->note};
  for (int i = 0; i < 2; i++) {
    if (foot[i] == NULL || !*foot[i]) continue;
    lay = r_text(r, foot[i], 7.5, 0, W - 2 * margin);
    text_size(lay, &tw, &th);
    footer_top -= th;
    text_draw(r, lay, margin, footer_top, MUTED_RGB);
    g_object_unref(lay);
    lay = NULL;
  }

  /* Legend rows and their counts, from the features drawn. */
  int n_rows = 0;
  if ((rc = build_legend(r, fi, rows, d, &n_rows)) != PHS_OK) goto cleanup;
  double sw_w = P(r, 20), sw_h = P(r, 13), sw_gap = P(r, 7);
  double col_w = 0;
  for (int i = 0; i < n_rows; i++) {
    int head = rows[i].kind == ROW_HEADING;
    lay = r_text(r, rows[i].text, head ? 10.5 : 9.5, head, 0);
    text_size(lay, &tw, &th);
    col_w = fmax(col_w, head ? fmin(tw, 0.26 * W) : sw_w + sw_gap + tw);
    g_object_unref(lay);
    lay = NULL;
  }
  if (spec->legend_title) {
    lay = r_text(r, spec->legend_title, 10.5, 1, 0);
    text_size(lay, &tw, &th);
    col_w = fmax(col_w, fmin(tw, 0.26 * W));
    g_object_unref(lay);
    lay = NULL;
  }
  col_w = fmin(fmax(col_w, 0.16 * W), 0.32 * W);
  double col_x = W - margin - col_w;

  /* Legend. */
  y = header_bottom + P(r, 4);
  if (spec->legend_title && *spec->legend_title) {
    lay = r_text(r, spec->legend_title, 10.5, 1, col_w);
    text_size(lay, &tw, &th);
    text_draw(r, lay, col_x, y, TEXT_RGB);
    g_object_unref(lay);
    lay = NULL;
    y += th + P(r, 6);
  }
  for (int i = 0; i < n_rows; i++) {
    if (rows[i].kind == ROW_HEADING) {
      lay = r_text(r, rows[i].text, 10.5, 1, col_w);
      text_size(lay, &tw, &th);
      if (i > 0) y += P(r, 8);
      text_draw(r, lay, col_x, y, TEXT_RGB);
      g_object_unref(lay);
      lay = NULL;
      y += th + P(r, 6);
      continue;
    }
    lay = r_text(r, rows[i].text, 9.5, 0, col_w - sw_w - sw_gap);
    text_size(lay, &tw, &th);
    double row_h = fmax(sw_h, th);
    if (rows[i].kind == ROW_MARKER) {
      draw_marker(r, rows[i].marker, col_x + sw_w / 2, y + row_h / 2);
      text_draw(r, lay, col_x + sw_w + sw_gap, y + (row_h - th) / 2,
                TEXT_RGB);
      g_object_unref(lay);
      lay = NULL;
      y += row_h + P(r, 4);
      continue;
    }
    rect sw = {col_x, y + (row_h - sw_h) / 2, sw_w, sw_h};
    cairo_rectangle(cr, sw.x, sw.y, sw.w, sw.h);
    if (rows[i].overlay) {
      /* As on the map: the land, then the class at the layer's opacity. */
      set_rgb(cr, LAND_RGB);
      cairo_fill(cr);
      if (!rows[i].hidden) {
        cairo_rectangle(cr, sw.x, sw.y, sw.w, sw.h);
        cairo_set_source_rgba(cr, rows[i].fill.r / 255.0,
                              rows[i].fill.g / 255.0, rows[i].fill.b / 255.0,
                              raster_opacity(spec->raster));
        cairo_fill(cr);
      }
    } else {
      set_rgb(cr, rows[i].fill);
      cairo_fill(cr);
    }
    if (rows[i].hatch) {
      cairo_rectangle(cr, sw.x, sw.y, sw.w, sw.h);
      hatch_clip(r, sw, rows[i].fill);
    }
    cairo_rectangle(cr, sw.x, sw.y, sw.w, sw.h);
    set_rgb(cr, (phs_rgb){0x96, 0x96, 0x96});
    cairo_set_line_width(cr, P(r, 0.5));
    cairo_stroke(cr);
    text_draw(r, lay, col_x + sw_w + sw_gap, y + (row_h - th) / 2, TEXT_RGB);
    g_object_unref(lay);
    lay = NULL;
    y += row_h + P(r, 4);
  }

  /* Map area: left of the legend column, between header and footer. */
  rect area = {margin, header_bottom, col_x - P(r, 16) - margin,
               footer_top - P(r, 8) - header_bottom};
  double mb[4], ib[4];
  int have_main = group_bbox(spec, fi, oi, 0, mb);
  if (have_main && !(area.w >= 1 && area.h >= 1)) {
    /* a mirrored map (negative scale) and no frame otherwise */
    rc = phs_diag_error(d, PHS_EUSAGE, "map: a %dx%d page at %g dpi leaves"
                        " no room for the map beside its title, legend and"
                        " notes (hint: a larger size or a lower dpi)",
                        W, H, dpi);
    goto cleanup;
  }
  int have_inset = n_inset > 0 && group_bbox(spec, fi, oi, 1, ib);
  xform tmain = {0, 0, 0}, tinset = {0, 0, 0};
  rect inset_box = {0, 0, 0, 0}, inset_content = {0, 0, 0, 0};
  double inset_title_h = 0, inset_sb_h = 0;
  PangoLayout *inset_title = NULL;
  if (have_inset) {
    /* The inset box: at most 30% x 32% of the area, shrunk to content. */
    double pad = P(r, 5);
    if (spec->inset_title && *spec->inset_title) {
      inset_title = r_text(r, spec->inset_title, 8, 1, 0.3 * area.w - 2 * pad);
      text_size(inset_title, &tw, &inset_title_h);
    }
    inset_sb_h = P(r, 16);
    double cw = 0.3 * area.w - 2 * pad;
    double ch = 0.32 * area.h - 2 * pad - inset_title_h - inset_sb_h - P(r, 3);
    double ew = fmax(ib[2] - ib[0], 1), eh = fmax(ib[3] - ib[1], 1);
    double s = fmin(cw / ew, ch / eh);
    double bw = fmax(ew * s, fmin(cw, P(r, 60))) + 2 * pad;
    if (inset_title) bw = fmax(bw, fmin(tw, cw) + 2 * pad);
    double bh = eh * s + 2 * pad + inset_title_h + inset_sb_h + P(r, 3);
    inset_box = (rect){area.x, area.y + area.h - bh, bw, bh};
    inset_content = (rect){area.x + pad, inset_box.y + pad + inset_title_h +
                                             P(r, 3),
                           bw - 2 * pad, eh * s};
    tinset = fit(inset_content, ib[0], ib[1], ib[2], ib[3], 0, 0.5, 0.5);
  }
  if (have_main) {
    tmain = fit(area, mb[0], mb[1], mb[2], mb[3], 0.02, 0.5, 0.5);
    if (have_inset) {
      /* Where the inset goes: the bottom-left corner if the map leaves it
      ** free, else another free corner, else a strip of its own. */
      static const struct {
        double cx, cy, ax, ay; /* corner (0 left/top, 1 right/bottom), map slack */
      } cand[] = {{0, 1, .5, .5}, {1, 1, .5, .5}, {0, 1, 1, 0}, {1, 1, 0, 0},
                  {0, 0, .5, .5}, {1, 0, .5, .5}, {0, 0, 1, 1}, {1, 0, 0, 1}};
      double g = P(r, 4);
      int placed = 0;
      for (size_t c = 0; c < sizeof(cand) / sizeof(cand[0]) && !placed; c++) {
        rect box = inset_box;
        box.x = area.x + cand[c].cx * (area.w - box.w);
        box.y = area.y + cand[c].cy * (area.h - box.h);
        rect guard = {box.x - g, box.y - g, box.w + 2 * g, box.h + 2 * g};
        xform t = fit(area, mb[0], mb[1], mb[2], mb[3], 0.02, cand[c].ax,
                      cand[c].ay);
        if (!box_hits_main(spec, fi, oi, t, guard)) {
          tmain = t;
          inset_box = box;
          placed = 1;
        }
      }
      if (!placed) {
        /* Bottom-left, with the map right of it or above it, whichever
        ** keeps the larger scale. */
        inset_box.x = area.x;
        inset_box.y = area.y + area.h - inset_box.h;
        rect right = {area.x + inset_box.w + g, area.y,
                      area.w - inset_box.w - g, area.h};
        rect above = {area.x, area.y, area.w, area.h - inset_box.h - g};
        xform a = fit(right, mb[0], mb[1], mb[2], mb[3], 0.02, .5, .5);
        xform b = fit(above, mb[0], mb[1], mb[2], mb[3], 0.02, .5, .5);
        tmain = a.s >= b.s ? a : b;
      }
      double dx = inset_box.x - area.x;
      double dy = inset_box.y - (area.y + area.h - inset_box.h);
      inset_content.x += dx;
      inset_content.y += dy;
      tinset.tx += dx;
      tinset.ty += dy;
    }
    draw_group(r, fi, oi, 0, tmain, area);
  }
  if (have_inset) {
    cairo_rectangle(cr, inset_box.x, inset_box.y, inset_box.w, inset_box.h);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill(cr);
    draw_group(r, fi, oi, 1, tinset, inset_box);
    double pad = P(r, 5);
    if (inset_title)
      text_draw(r, inset_title, inset_box.x + pad, inset_box.y + pad,
                TEXT_RGB);
    draw_scalebar(r, inset_box.x + pad + P(r, 3),
                  inset_content.y + inset_content.h + P(r, 3),
                  inset_content.w / 2.5, tinset.s, 6.5);
    cairo_rectangle(cr, inset_box.x, inset_box.y, inset_box.w, inset_box.h);
    set_rgb(cr, FRAME_RGB);
    cairo_set_line_width(cr, P(r, 0.75));
    cairo_stroke(cr);
  }
  if (inset_title) g_object_unref(inset_title);

  /* North arrow and scale bar at the foot of the legend column. */
  if (have_main) {
    double sb_h = P(r, 18), north_h = P(r, 32);
    double block_top = area.y + area.h - sb_h - north_h - P(r, 8);
    if (block_top < y + P(r, 8)) block_top = y + P(r, 8);
    draw_north(r, col_x, block_top);
    double max_px = fmin(area.w / 5, col_w - P(r, 40));
    draw_scalebar(r, col_x + P(r, 3), block_top + north_h + P(r, 8), max_px,
                  tmain.s, 8);
  }

  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "map: drawing failed: %s",
                        cairo_status_to_string(cairo_status(cr)));
    goto cleanup;
  }
  /* The main frame's affine, px = tx + x s, py = ty - y s, inverted. */
  if (frame && have_main && tmain.s > 0) {
    frame->valid = 1;
    frame->pixel_size = 1.0 / tmain.s;
    frame->x0 = -tmain.tx / tmain.s;
    frame->y0 = tmain.ty / tmain.s;
  }
  if (frame) {
    frame->width = W;
    frame->height = H;
    frame->dpi = dpi;
  }

cleanup:
  if (rc == PHS_OK && R.labels_oom)
    rc = phs_diag_error(d, PHS_ERUNTIME, "map: out of memory");
  if (rc == PHS_OK && labels) {
    *labels = R.labels;
    *n_labels = R.n_labels;
    R.labels = NULL;
  }
  free(R.labels);
  if (lay) g_object_unref(lay);
  if (R.pc) g_object_unref(R.pc);
  if (R.fontmap) g_object_unref(R.fontmap);
  if (R.raster) cairo_surface_destroy(R.raster);
  free(fi);
  free(oi);
  free(tmp);
  free(rows);
  return rc;
}

int phs_map_draw(const phs_map_spec *spec, cairo_t *cr_out,
                 phs_map_frame *frame, phs_diag *d) {
  return map_draw(spec, cr_out, frame, NULL, NULL, d);
}

int phs_map_labels(const phs_map_spec *spec, phs_map_label **labels,
                   int *n_labels, phs_diag *d) {
  if (labels) *labels = NULL;
  if (n_labels) *n_labels = 0;
  if (spec == NULL || labels == NULL || n_labels == NULL)
    return phs_diag_error(d, PHS_EUSAGE, "map: no spec or no label list");
  int W = 0, H = 0;
  double dpi = 0;
  int rc = phs_map_page(spec, &W, &H, &dpi, d);
  if (rc) return rc;
  /* The same drawing on a recording surface: the layout (and so every
  ** label's place) is the one phs_map_render and phs_map_save draw. */
  cairo_rectangle_t ext = {0, 0, W, H};
  cairo_surface_t *surf =
      cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
  cairo_t *cr = cairo_create(surf);
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
    rc = phs_diag_error(d, PHS_ERUNTIME, "map: cannot draw");
  else
    rc = map_draw(spec, cr, NULL, labels, n_labels, d);
  cairo_destroy(cr);
  cairo_surface_destroy(surf);
  return rc;
}

/* Ask the kernel to back the page buffer (70 MB for A3 at 300 dpi, fresh
** from mmap through calloc, not touched yet) with 2 MB pages where it
** can: about 35 page faults instead of 17,000 (21,300 → 4,300 for the
** whole A3 map; docs/performance.md). Only a hint: where transparent huge
** pages are off, nothing changes. */
static void ask_huge_pages(void *buf, size_t n) {
#ifdef MADV_HUGEPAGE
  uintptr_t lo = ((uintptr_t)buf + 4095) & ~(uintptr_t)4095;
  uintptr_t hi = ((uintptr_t)buf + n) & ~(uintptr_t)4095;
  if (hi > lo) (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
  (void)buf, (void)n;
#endif
}

/* Draw spec's rows [y0, y0 + h) of the page into rows (W ARGB32 words a
** row): a surface of those rows alone, shifted by a whole number of
** pixels, on which cairo gives each pixel what it gives it on the whole
** page (tests/render/render_map.c compares). */
static int draw_rows(const phs_map_spec *spec, unsigned char *rows, int W,
                     int h, int y0, phs_map_frame *frame, phs_diag *d) {
  cairo_surface_t *surf = cairo_image_surface_create_for_data(
      rows, CAIRO_FORMAT_ARGB32, W, h, 4 * W);
  cairo_surface_set_device_offset(surf, 0, -y0);
  cairo_t *cr = cairo_create(surf);
  int rc;
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
    rc = phs_diag_error(d, PHS_ERUNTIME, "map: cannot create a %dx%d image",
                        W, h);
  else
    rc = phs_map_draw(spec, cr, frame, d);
  cairo_destroy(cr);
  cairo_surface_finish(surf);
  cairo_surface_destroy(surf);
  return rc;
}

/* The bottom half of a page, drawn on a thread of its own. */
typedef struct half_job {
  const phs_map_spec *spec;
  unsigned char *rows;
  int W, h, y0, rc;
  phs_diag d; /* its warnings are the top half's: dropped */
} half_job;

static void *half_run(void *arg) {
  half_job *j = arg;
  j->rc = draw_rows(j->spec, j->rows, j->W, j->h, j->y0, NULL, &j->d);
  return NULL;
}

/* Pages of at least this size (A4 at 300 dpi is 35 MB) are drawn as two
** halves at once, the bottom on a second thread: each half costs the
** layout (text, labels: ~25 ms on an A3 page) but only half the pixels
** and half the kernel's zeroing of fresh memory, the bulk of a large
** page's time. The rule is the page's alone: with one core the halves
** are drawn one after the other, the same pixels. */
#define HALVES_MIN_BYTES ((size_t)24 << 20)

int render_map_page_argb32(const phs_map_spec *spec, phs_image *img,
                           phs_map_frame *frame, phs_diag *d) {
  int W = 0, H = 0;
  double dpi = 0;
  if (img) memset(img, 0, sizeof(*img));
  if (frame) memset(frame, 0, sizeof(*frame));
  if (spec == NULL || img == NULL)
    return phs_diag_error(d, PHS_EUSAGE, "map: no spec or no image");
  int rc = phs_map_page(spec, &W, &H, &dpi, d);
  if (rc) return rc;
  /* cairo draws into our buffer (ARGB32 rows of exactly 4 W bytes), which
  ** becomes the image once the surface is gone. */
  unsigned char *buf = NULL;
  if (cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, W) != 4 * W ||
      (buf = calloc((size_t)W * H, 4)) == NULL)
    return phs_diag_error(d, PHS_ERUNTIME, "map: cannot create a %dx%d image",
                          W, H);
  size_t bytes = (size_t)W * H * 4;
  ask_huge_pages(buf, bytes);
  if (bytes < HALVES_MIN_BYTES || H < 2) {
    rc = draw_rows(spec, buf, W, H, 0, frame, d);
  } else {
    int top = H / 2;
    half_job b = {spec, buf + (size_t)top * W * 4, W, H - top, top, 0, {0}};
    phs_diag_init(&b.d);
    pthread_t t;
    int started = pthread_create(&t, NULL, half_run, &b) == 0;
    rc = draw_rows(spec, buf, W, top, 0, frame, d);
    if (started)
      pthread_join(t, NULL);
    else if (rc == PHS_OK)
      half_run(&b);
    if (rc == PHS_OK && b.rc != PHS_OK)
      rc = phs_diag_error(d, b.rc, "%s", b.d.msg);
    phs_diag_clear(&b.d);
  }
  if (rc == PHS_OK) {
    img->rgba = buf;
    img->width = W;
    img->height = H;
    img->dpi = dpi;
  } else {
    free(buf);
    if (frame) memset(frame, 0, sizeof(*frame));
  }
  return rc;
}

int phs_map_render_frame(const phs_map_spec *spec, phs_image *img,
                         phs_map_frame *frame, phs_diag *d) {
  int rc = render_map_page_argb32(spec, img, frame, d);
  if (rc == PHS_OK)
    render_argb32_to_rgba(img->rgba, (size_t)img->width * img->height);
  return rc;
}

int phs_map_render(const phs_map_spec *spec, phs_image *img, phs_diag *d) {
  return phs_map_render_frame(spec, img, NULL, d);
}

int phs_map_legend(const phs_map_spec *spec, phs_buf *out, phs_diag *d) {
  if (spec == NULL || out == NULL)
    return phs_diag_error(d, PHS_EUSAGE, "map: no spec or no buffer");
  int rc = check_spec(spec, d);
  if (rc) return rc;
  renderer R;
  memset(&R, 0, sizeof(R));
  R.spec = spec;
  if ((rc = phs_palette_classes(spec->palette, &spec->classes,
                                spec->use_midpoint, spec->midpoint, R.colors,
                                d)) != PHS_OK)
    return rc;
  feat_info *fi = calloc((size_t)spec->n_features + 1, sizeof(feat_info));
  legend_row *rows = calloc((size_t)legend_rows_max(spec), sizeof(legend_row));
  int n = 0;
  if (fi == NULL || rows == NULL) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "map: out of memory");
  } else {
    for (int i = 0; i < spec->n_features; i++)
      fi[i].cls = phs_classes_find(&spec->classes, spec->features[i].value);
    rc = build_legend(&R, fi, rows, d, &n);
  }
  if (rc == PHS_OK && spec->legend_title && *spec->legend_title)
    phs_buf_printf(out, "%s\n", spec->legend_title);
  for (int i = 0; rc == PHS_OK && i < n; i++)
    phs_buf_printf(out, "%s\n", rows[i].text);
  free(fi);
  free(rows);
  return rc;
}
