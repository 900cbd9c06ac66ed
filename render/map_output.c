/*
** map_output.c: a map as a file. One drawing (map.c's phs_map_draw) on
** three cairo surfaces: an image encoded as PNG (png.c) with its world
** file and GDAL .aux.xml so a GIS places it, an SVG with <title> and
** <desc> for readers, and a one-page PDF with its information dictionary.
** Nothing here depends on the time or the machine: the same spec gives the
** same bytes (cairo writes no date into SVG; the PDF's creation date is
** left out on purpose).
*/
#include "phs_render.h"
#include "render_int.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const FORMAT_EXT[] = {"png", "svg", "pdf"};

int phs_map_format_from_path(const char *path) {
  const char *dot = path ? strrchr(path, '.') : NULL;
  if (dot == NULL || strchr(dot, '/') != NULL || strlen(dot + 1) != 3)
    return -1;
  char ext[4];
  for (int i = 0; i < 3; i++) {
    char c = dot[1 + i];
    ext[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  ext[3] = '\0';
  for (int f = 0; f < 3; f++)
    if (strcmp(ext, FORMAT_EXT[f]) == 0) return f;
  return -1;
}

const char *phs_map_format_ext(phs_map_format f) {
  return f >= PHS_MAP_PNG && f <= PHS_MAP_PDF ? FORMAT_EXT[f] : "?";
}

/* ------------------------------------------------------------- world file */

/* s with &, <, > and " escaped for XML text, appended to b. */
static void xml_escape(phs_buf *b, const char *s) {
  for (const char *p = s ? s : ""; *p; p++) {
    switch (*p) {
      case '&': phs_buf_puts(b, "&amp;"); break;
      case '<': phs_buf_puts(b, "&lt;"); break;
      case '>': phs_buf_puts(b, "&gt;"); break;
      case '"': phs_buf_puts(b, "&quot;"); break;
      default: phs_buf_append(b, p, 1);
    }
  }
}

/* Write the n bytes of data to path (replacing it); PHS_ERUNTIME naming the
** path on failure, with no partial file left. */
static int write_bytes(const char *path, const char *data, size_t n,
                       phs_diag *d) {
  FILE *fp = fopen(path, "wb");
  if (fp == NULL)
    return phs_diag_error(d, PHS_ERUNTIME, "%s: cannot create: %s", path,
                          strerror(errno));
  size_t w = fwrite(data, 1, n, fp);
  int bad = w != n;
  if (fclose(fp) != 0) bad = 1;
  if (bad) {
    remove(path);
    return phs_diag_error(d, PHS_ERUNTIME, "%s: write failed: %s", path,
                          strerror(errno));
  }
  return PHS_OK;
}

int phs_world_file_write(const phs_map_frame *frame, const char *png_path,
                         const char *crs, phs_diag *d) {
  if (frame == NULL || !frame->valid || !(frame->pixel_size > 0) ||
      !isfinite(frame->x0) || !isfinite(frame->y0) || png_path == NULL)
    return phs_diag_error(d, PHS_EUSAGE, "world file: no georeferenced map"
                          " frame");
  char *wkt = phs_crs_wkt(crs, d);
  if (wkt == NULL) return PHS_EINPUT;
  int rc = PHS_OK;
  phs_buf name, body;
  phs_buf_init(&name);
  phs_buf_init(&body);
  /* map.png -> map.pgw (GDAL also reads .pngw and .wld; .pgw is what
  ** ArcGIS and QGIS write). The six lines: A, D, B, E, C, F of
  ** x = A col + B row + C, y = D col + E row + F, with C, F at the centre
  ** of the top-left pixel (the world-file convention, unlike GDAL's
  ** geotransform, which starts at its corner). */
  const char *dot = strrchr(png_path, '.');
  const char *slash = strrchr(png_path, '/');
  size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - png_path)
                                               : strlen(png_path);
  phs_buf_append(&name, png_path, stem);
  phs_buf_puts(&name, ".pgw");
  double ps = frame->pixel_size;
  phs_buf_printf(&body, "%.10f\n0.0000000000\n0.0000000000\n%.10f\n%.10f\n"
                 "%.10f\n",
                 ps, -ps, frame->x0 + 0.5 * ps, frame->y0 - 0.5 * ps);
  if (name.oom || body.oom)
    rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  if (rc == PHS_OK) rc = write_bytes(name.data, body.data, body.len, d);
  /* The CRS as GDAL's Persistent Auxiliary Metadata. */
  phs_buf_free(&name);
  phs_buf_free(&body);
  phs_buf_init(&name);
  phs_buf_init(&body);
  phs_buf_printf(&name, "%s.aux.xml", png_path);
  phs_buf_puts(&body, "<PAMDataset>\n  <SRS>");
  xml_escape(&body, wkt);
  phs_buf_puts(&body, "</SRS>\n</PAMDataset>\n");
  if (rc == PHS_OK && (name.oom || body.oom))
    rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  if (rc == PHS_OK) rc = write_bytes(name.data, body.data, body.len, d);
  phs_buf_free(&name);
  phs_buf_free(&body);
  free(wkt);
  return rc;
}

/* ---------------------------------------------------------------- vector */

static cairo_status_t to_buf(void *closure, const unsigned char *data,
                             unsigned int length) {
  phs_buf *b = closure;
  phs_buf_append(b, (const char *)data, length);
  return b->oom ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

/* Draw spec on a vector surface (an SVG or PDF surface of the page in
** points) through a device scale of 72/dpi, so phs_map_draw sees pixels
** and the page keeps the PNG's layout exactly. Finishes the surface. */
static int draw_vector(const phs_map_spec *spec, cairo_surface_t *surf,
                       double dpi, phs_map_frame *frame, phs_diag *d) {
  cairo_surface_set_device_scale(surf, 72.0 / dpi, 72.0 / dpi);
  /* Anything cairo must rasterise (nothing today) at the map's DPI. */
  cairo_surface_set_fallback_resolution(surf, dpi, dpi);
  cairo_t *cr = cairo_create(surf);
  int rc = phs_map_draw(spec, cr, frame, d);
  cairo_destroy(cr);
  cairo_surface_finish(surf);
  if (rc == PHS_OK && cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS)
    rc = phs_diag_error(d, PHS_ERUNTIME, "map: cairo: %s",
                        cairo_status_to_string(cairo_surface_status(surf)));
  return rc;
}

static int save_svg(const phs_map_spec *spec, const char *path,
                    const phs_map_output *out, double w_pt, double h_pt,
                    double dpi, phs_map_frame *frame, phs_diag *d) {
  phs_buf svg, legend, doc;
  phs_buf_init(&svg);
  phs_buf_init(&legend);
  phs_buf_init(&doc);
  cairo_surface_t *surf =
      cairo_svg_surface_create_for_stream(to_buf, &svg, w_pt, h_pt);
  cairo_svg_surface_restrict_to_version(surf, CAIRO_SVG_VERSION_1_1);
  int rc = draw_vector(spec, surf, dpi, frame, d);
  cairo_surface_destroy(surf);
  if (rc == PHS_OK) rc = phs_map_legend(spec, &legend, d);
  /* <title> and <desc> right after the root's start tag: SVG's own text
  ** equivalents (the drawn text is glyph outlines). */
  const char *root = rc == PHS_OK && svg.data ? strstr(svg.data, "<svg") : NULL;
  const char *gt = root ? strchr(root, '>') : NULL;
  if (rc == PHS_OK && gt == NULL)
    rc = phs_diag_error(d, PHS_ERUNTIME, "map: cairo wrote no <svg> element");
  if (rc == PHS_OK) {
    phs_buf_append(&doc, svg.data, (size_t)(gt + 1 - svg.data));
    phs_buf_puts(&doc, "\n<title>");
    xml_escape(&doc, spec->title);
    phs_buf_puts(&doc, "</title>\n<desc>");
    if (out && out->description && *out->description) {
      xml_escape(&doc, out->description);
      phs_buf_puts(&doc, "\n");
    }
    xml_escape(&doc, legend.data);
    phs_buf_puts(&doc, "</desc>");
    phs_buf_append(&doc, gt + 1, svg.len - (size_t)(gt + 1 - svg.data));
    if (doc.oom) rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  if (rc == PHS_OK) rc = write_bytes(path, doc.data, doc.len, d);
  phs_buf_free(&svg);
  phs_buf_free(&legend);
  phs_buf_free(&doc);
  return rc;
}

static int save_pdf(const phs_map_spec *spec, const char *path,
                    const phs_map_output *out, double w_pt, double h_pt,
                    double dpi, phs_map_frame *frame, phs_diag *d) {
  phs_buf pdf;
  phs_buf_init(&pdf);
  cairo_surface_t *surf =
      cairo_pdf_surface_create_for_stream(to_buf, &pdf, w_pt, h_pt);
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, spec->title);
  if (out && out->description)
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT,
                                   out->description);
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR,
                                 "phusong " PHS_VERSION);
  /* cairo 1.16 stamps the current time as CreationDate unless told
  ** otherwise; an empty date leaves the entry out, so the bytes depend on
  ** the inputs only. */
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, "");
  int rc = draw_vector(spec, surf, dpi, frame, d);
  cairo_surface_destroy(surf);
  if (rc == PHS_OK && pdf.oom)
    rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  if (rc == PHS_OK) rc = write_bytes(path, pdf.data, pdf.len, d);
  phs_buf_free(&pdf);
  return rc;
}

int phs_map_save(const phs_map_spec *spec, const char *path,
                 const phs_map_output *out, phs_map_frame *frame,
                 phs_diag *d) {
  phs_map_frame fr;
  memset(&fr, 0, sizeof(fr));
  if (frame) memset(frame, 0, sizeof(*frame));
  int fmt = phs_map_format_from_path(path);
  if (fmt < 0)
    return phs_diag_error(d, PHS_EUSAGE, "'%s': a map is written as .png,"
                          " .svg or .pdf", path ? path : "(null)");
  int W = 0, H = 0;
  double dpi = 0;
  int rc = phs_map_page(spec, &W, &H, &dpi, d);
  if (rc == PHS_OK && out)
    rc = phs_map_text_check("description", out->description, d);
  if (rc) return rc;
  double w_pt = W * 72.0 / dpi, h_pt = H * 72.0 / dpi;
  if (fmt == PHS_MAP_SVG) {
    rc = save_svg(spec, path, out, w_pt, h_pt, dpi, &fr, d);
  } else if (fmt == PHS_MAP_PDF) {
    rc = save_pdf(spec, path, out, w_pt, h_pt, dpi, &fr, d);
  } else {
    phs_image img;
    rc = render_map_page_argb32(spec, &img, &fr, d);
    if (rc == PHS_OK)
      rc = render_png_write_argb32(&img, path, spec->title,
                                   out ? out->description : NULL, d);
    phs_image_free(&img);
    if (rc == PHS_OK && out && out->crs && fr.valid) {
      rc = phs_world_file_write(&fr, path, out->crs, d);
      if (rc != PHS_OK) remove(path); /* no map that a GIS would misplace */
    }
  }
  if (rc == PHS_OK && frame) *frame = fr;
  return rc;
}
