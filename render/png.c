/*
** png.c: PNG encoding and decoding with libpng, so phusong controls the
** metadata: pHYs from the image's DPI, iTXt Title and Description (UTF-8),
** tEXt Software, and no tIME chunk, so the same image gives the same bytes.
** libpng reports errors by longjmp; they end up in the phs_diag with the
** path. Also the version getters of the drawing libraries.
*/
#include "phs_render.h"

#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <pango/pango.h>
#include <png.h>
#include <zlib.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the libpng callbacks need; lives in memory, so longjmp keeps it. */
typedef struct png_ctx {
  char msg[512];     /* libpng's error text */
  phs_diag *d;       /* borrowed: for warnings */
  const char *path;  /* borrowed */
  FILE *fp;          /* owned */
  unsigned char *buf;/* owned: row buffer (write) or pixels (read) */
  png_bytep *rows;   /* owned: row pointers (read) */
} png_ctx;

static void on_png_error(png_structp png, png_const_charp msg) {
  png_ctx *ctx = png_get_error_ptr(png);
  snprintf(ctx->msg, sizeof(ctx->msg), "%s", msg ? msg : "libpng error");
  png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp msg) {
  png_ctx *ctx = png_get_error_ptr(png);
  if (ctx->d) phs_diag_warn(ctx->d, "%s: libpng: %s", ctx->path, msg);
}

void phs_image_free(phs_image *img) {
  if (img == NULL) return;
  free(img->rgba);
  memset(img, 0, sizeof(*img));
}

/* Every alpha 255? The pixels ANDed together a row at a time (as words
** where the byte order allows: a loop the compiler vectorises). */
static int image_is_opaque(const phs_image *img) {
  size_t w = (size_t)img->width;
  for (int y = 0; y < img->height; y++) {
    const unsigned char *row = img->rgba + (size_t)y * w * 4;
    size_t x = 0;
    unsigned char all = 255;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint32_t words = 0xffffffffu;
    for (; x + 16 <= w; x += 16) {
      uint32_t p[16];
      memcpy(p, row + 4 * x, sizeof(p));
      for (int k = 0; k < 16; k++) words &= p[k];
    }
    all = (unsigned char)(words >> 24); /* byte 3 of each pixel: alpha */
#endif
    for (; x < w; x++) all &= row[4 * x + 3];
    if (all != 255) return 0;
  }
  return 1;
}

/* An opaque row's RGB bytes: each pixel's alpha byte dropped. Four
** pixels (16 bytes) become three words where the byte order allows,
** about 3 instructions a pixel instead of 10 for byte copies. */
static void rgba_row_to_rgb(unsigned char *dst, const unsigned char *src,
                            size_t w) {
  size_t x = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  for (; x + 4 <= w; x += 4) {
    uint32_t p[4], q[3];
    memcpy(p, src + 4 * x, 16);
    q[0] = (p[0] & 0xffffffu) | p[1] << 24;
    q[1] = ((p[1] >> 8) & 0xffffu) | p[2] << 16;
    q[2] = ((p[2] >> 16) & 0xffu) | p[3] << 8;
    memcpy(dst + 3 * x, q, 12);
  }
#endif
  for (; x < w; x++) {
    dst[3 * x] = src[4 * x];
    dst[3 * x + 1] = src[4 * x + 1];
    dst[3 * x + 2] = src[4 * x + 2];
  }
}

/* The libpng calls of phs_png_write, after the setjmp point. Returns 0, or
** 1 when libpng failed (ctx->msg says why). */
static int write_body(png_structp png, png_infop info, png_ctx *ctx,
                      const phs_image *img, const char *title,
                      const char *description, int opaque) {
  if (setjmp(png_jmpbuf(png))) return 1;
  png_init_io(png, ctx->fp);
  png_set_IHDR(png, info, (png_uint_32)img->width, (png_uint_32)img->height, 8,
               opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  /* Maps are large areas of flat colour, which deflate's fastest level
  ** finds as long matches in the unfiltered rows: smaller files than the
  ** "up" filter with run-length deflate (national A3 page: 1.77 MB
  ** against 1.93 MB) in 5% fewer instructions for the whole map, as
  ** libpng computes no filter. Both are far quicker than libpng's default
  ** (all five filters tried at level 6; docs/performance.md). */
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_set_compression_level(png, 1);
  if (img->dpi > 0 && isfinite(img->dpi)) {
    png_uint_32 ppm = (png_uint_32)lround(img->dpi / 0.0254);
    png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
  }
  png_text text[3];
  int nt = 0;
  memset(text, 0, sizeof(text));
  if (title) {
    text[nt].compression = PNG_ITXT_COMPRESSION_NONE;
    text[nt].key = (png_charp) "Title";
    text[nt].text = (png_charp)title;
    text[nt].lang = (png_charp) "";
    text[nt].lang_key = (png_charp) "";
    nt++;
  }
  if (description) {
    text[nt].compression = PNG_ITXT_COMPRESSION_NONE;
    text[nt].key = (png_charp) "Description";
    text[nt].text = (png_charp)description;
    text[nt].lang = (png_charp) "";
    text[nt].lang_key = (png_charp) "";
    nt++;
  }
  text[nt].compression = PNG_TEXT_COMPRESSION_NONE;
  text[nt].key = (png_charp) "Software";
  text[nt].text = (png_charp) "phusong " PHS_VERSION;
  nt++;
  png_set_text(png, info, text, nt);
  png_write_info(png, info);
  size_t w = (size_t)img->width;
  for (int y = 0; y < img->height; y++) {
    const unsigned char *src = img->rgba + (size_t)y * w * 4;
    if (opaque) {
      rgba_row_to_rgb(ctx->buf, src, w);
      png_write_row(png, ctx->buf);
    } else {
      png_write_row(png, (png_const_bytep)src);
    }
  }
  png_write_end(png, info);
  return 0;
}

int phs_png_write(const phs_image *img, const char *path, const char *title,
                  const char *description, phs_diag *d) {
  int rc = PHS_OK;
  png_structp png = NULL;
  png_infop info = NULL;
  png_ctx ctx;
  memset(&ctx, 0, sizeof(ctx));
  ctx.d = d;
  ctx.path = path;

  if (img == NULL || img->rgba == NULL || img->width <= 0 ||
      img->height <= 0 || path == NULL) {
    rc = phs_diag_error(d, PHS_EUSAGE, "phs_png_write: no image or no path");
    goto cleanup;
  }
  int opaque = image_is_opaque(img);
  ctx.buf = malloc((size_t)img->width * 3);
  if (ctx.buf == NULL) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "%s: out of memory", path);
    goto cleanup;
  }
  ctx.fp = fopen(path, "wb");
  if (ctx.fp == NULL) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "%s: cannot create: %s", path,
                        strerror(errno));
    goto cleanup;
  }
  png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &ctx, on_png_error,
                                on_png_warning);
  if (png) info = png_create_info_struct(png);
  if (png == NULL || info == NULL) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "%s: cannot initialise libpng", path);
    goto cleanup;
  }
  if (write_body(png, info, &ctx, img, title, description, opaque)) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "%s: writing PNG: %s", path, ctx.msg);
    goto cleanup;
  }

cleanup:
  if (png) png_destroy_write_struct(&png, info ? &info : NULL);
  if (ctx.fp) {
    if (fclose(ctx.fp) != 0 && rc == PHS_OK)
      rc = phs_diag_error(d, PHS_ERUNTIME, "%s: writing PNG: %s", path,
                          strerror(errno));
    if (rc != PHS_OK) remove(path); /* no truncated file left behind */
  }
  free(ctx.buf);
  return rc;
}

/* The libpng calls of phs_png_read, after the setjmp point. */
static int read_body(png_structp png, png_infop info, png_ctx *ctx,
                     phs_image *img) {
  if (setjmp(png_jmpbuf(png))) return 1;
  png_init_io(png, ctx->fp);
  png_set_sig_bytes(png, 8);
  png_read_info(png, info);
  png_uint_32 w = png_get_image_width(png, info);
  png_uint_32 h = png_get_image_height(png, info);
  png_set_expand(png);
  png_set_strip_16(png);
  png_set_gray_to_rgb(png);
  png_set_filler(png, 0xff, PNG_FILLER_AFTER);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  if (png_get_rowbytes(png, info) != (size_t)w * 4 || w > 100000 ||
      h > 100000)
    png_error(png, "unsupported PNG layout");
  ctx->buf = malloc((size_t)w * h * 4);
  ctx->rows = malloc(sizeof(png_bytep) * h);
  if (ctx->buf == NULL || ctx->rows == NULL) png_error(png, "out of memory");
  for (png_uint_32 y = 0; y < h; y++) ctx->rows[y] = ctx->buf + (size_t)y * w * 4;
  png_read_image(png, ctx->rows);
  png_read_end(png, NULL);
  png_uint_32 rx = 0, ry = 0;
  int unit = 0;
  img->dpi = 0;
  if (png_get_pHYs(png, info, &rx, &ry, &unit) && unit == PNG_RESOLUTION_METER)
    img->dpi = rx * 0.0254;
  img->width = (int)w;
  img->height = (int)h;
  return 0;
}

int phs_png_read(const char *path, phs_image *img, phs_diag *d) {
  int rc = PHS_OK;
  png_structp png = NULL;
  png_infop info = NULL;
  png_ctx ctx;
  memset(&ctx, 0, sizeof(ctx));
  ctx.d = d;
  ctx.path = path;

  if (img == NULL || path == NULL) {
    rc = phs_diag_error(d, PHS_EUSAGE, "phs_png_read: no image or no path");
    goto cleanup;
  }
  memset(img, 0, sizeof(*img));
  ctx.fp = fopen(path, "rb");
  if (ctx.fp == NULL) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "%s: cannot open: %s", path,
                        strerror(errno));
    goto cleanup;
  }
  unsigned char sig[8];
  if (fread(sig, 1, 8, ctx.fp) != 8 || png_sig_cmp(sig, 0, 8) != 0) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "%s: not a PNG file", path);
    goto cleanup;
  }
  png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &ctx, on_png_error,
                               on_png_warning);
  if (png) info = png_create_info_struct(png);
  if (png == NULL || info == NULL) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "%s: cannot initialise libpng", path);
    goto cleanup;
  }
  if (read_body(png, info, &ctx, img)) {
    memset(img, 0, sizeof(*img));
    rc = phs_diag_error(d, PHS_ERUNTIME, "%s: reading PNG: %s", path, ctx.msg);
    goto cleanup;
  }
  img->rgba = ctx.buf;
  ctx.buf = NULL;

cleanup:
  if (png) png_destroy_read_struct(&png, info ? &info : NULL, NULL);
  if (ctx.fp) fclose(ctx.fp);
  free(ctx.rows);
  free(ctx.buf);
  return rc;
}

const char *phs_cairo_version(void) { return cairo_version_string(); }
const char *phs_pango_version(void) { return pango_version_string(); }
const char *phs_libpng_version(void) { return png_get_libpng_ver(NULL); }
