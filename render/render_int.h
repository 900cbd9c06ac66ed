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
** Draw the whole map with cr, whose user space must be the page in pixels
** (phs_map_page): on an image surface of that size, or on a vector surface
** whose device scale is 72/dpi. cr is borrowed; its state is left as the
** drawing leaves it. *frame (may be NULL) receives the main frame's
** affine. PHS_EUSAGE for a bad spec, PHS_ERUNTIME when cairo or Pango
** fails.
*/
int phs_map_draw(const phs_map_spec *spec, cairo_t *cr, phs_map_frame *frame,
                 phs_diag *d);

#endif /* PHS_RENDER_INT_H */
