/*
** render_int.h: internal to render/: the drawing of a map on any cairo
** surface (map.c), shared by the image path (phs_map_render) and the file
** outputs (map_output.c: PNG, SVG, PDF, world files).
*/
#ifndef PHS_RENDER_INT_H
#define PHS_RENDER_INT_H

#include <cairo.h>

#include "phs_render.h"

/*
** Check the spec and give its page: width x height pixels at dpi (the
** defaults filled in). PHS_EUSAGE with d filled for a bad spec.
*/
int phs_map_page(const phs_map_spec *spec, int *width, int *height,
                 double *dpi, phs_diag *d);

/*
** Is s (NULL counts as empty) text a map file can carry: UTF-8 without
** control characters other than tab, LF and CR, and without U+FFFE and
** U+FFFF, which XML (SVG, the .aux.xml) cannot hold? PHS_OK, or
** PHS_EUSAGE with d filled ("map: the WHAT is not UTF-8 ..."). map.c
** checks every text of a spec with it, map_output.c the description.
*/
int phs_map_text_check(const char *what, const char *s, phs_diag *d);

/*
** A new Pango font map for a map's text (fonts.c): Pango's cairo font map
** on a fontconfig configuration holding only the files of the map's font
** families (Noto Sans, DejaVu Sans) at their Debian paths, so the same
** inputs draw the same text on any machine. *n_files (may be NULL) gets
** how many font files it holds: 0 when they were not found and the
** system's fontconfig configuration is used. NULL when Pango fails.
*/
typedef struct _PangoFontMap PangoFontMap;
PangoFontMap *phs_map_font_map_new(int *n_files);

/*
** Draw the whole map with cr, whose user space must be the page in pixels
** (phs_map_page): on an image surface of that size, or on a vector surface
** whose device scale is 72/dpi. cr is borrowed; its state is left as the
** drawing leaves it. *frame (may be NULL) receives the main frame's
** affine. PHS_EUSAGE for a bad spec, PHS_ERUNTIME when cairo or Pango
** fails.
*/
int phs_map_draw(const phs_map_spec *spec, cairo_t *cr, phs_map_frame *frame,
                 phs_diag *d);

/*
** Screen-space decimation of the features' and outlines' paths (map.c;
** docs/maps.md): a vertex closer than the tolerance to the last vertex
** emitted on its ring is skipped. On an image the tolerance is a quarter
** of a pixel; on a vector page (SVG, PDF), which may be printed or zoomed,
** a quarter of a 1200-dpi printer dot: 1/4800 inch, dpi/4800 page pixels.
*/
#define PHS_DECIMATE_IMAGE_PX 0.25
#define PHS_DECIMATE_VECTOR_PX_PER_DPI (1.0 / 4800.0)

/* The tolerance, in page pixels, for drawing a page of dpi with cr: the
** image rule when cr's target is an image surface, else the vector rule. */
double phs_map_decimation_px(cairo_t *cr, double dpi);

/*
** Append one ring of n vertices xy (map metres) to cr's path as a closed
** sub-path in page pixels, px = tx + x*s, py = ty - y*s, decimated: a
** vertex closer than tol pixels to the last one emitted is skipped, the
** first and last vertices always kept. A ring of 4 vertices or fewer, or
** one that would keep fewer than 4, is emitted whole, as is every ring
** when tol <= 0. Nothing for n < 2.
*/
void phs_ring_path(cairo_t *cr, const double *xy, int n, double s, double tx,
                   double ty, double tol);

/*
** Stroke the borders of polys[0..n) with cr's source, line width, join
** and cap, in page pixels as phs_ring_path, each edge shared by two
** polygons (same two vertices, bit for bit, either direction) only once:
** with the polygon that comes first (render/borders.c). Rings with no edge
** drawn before are closed sub-paths; the others become open runs, to be
** stroked with round caps. Returns 0, or -1 when out of memory (nothing
** drawn). cr's path is consumed.
*/
int phs_borders_stroke(cairo_t *cr, const phs_mpoly *const *polys, int n,
                       double s, double tx, double ty, double tol);

/*
** The page of spec drawn into a new buffer, left in cairo's ARGB32 (native-
** endian words, premultiplied alpha) in img->rgba despite the name: what
** phs_map_render_frame converts to RGBA, and what render_png_write_argb32
** writes without that pass (render/map.c). Same errors as
** phs_map_render_frame.
*/
int render_map_page_argb32(const phs_map_spec *spec, phs_image *img,
                           phs_map_frame *frame, phs_diag *d);

/* n pixels of cairo's ARGB32 into straight RGBA bytes, in place. */
void render_argb32_to_rgba(unsigned char *px, size_t n);

/*
** phs_png_write for an image whose pixels are still cairo's ARGB32
** (render_map_page_argb32): when every pixel is opaque (a map: its page is
** painted first) the RGB rows are taken straight from the words by the
** deflate workers, so the page is read once instead of converted first;
** else it is converted to RGBA in place and written as phs_png_write does.
** The same bytes as converting first and calling phs_png_write.
*/
int render_png_write_argb32(phs_image *img, const char *path,
                            const char *title, const char *description,
                            phs_diag *d);

#endif /* PHS_RENDER_INT_H */
