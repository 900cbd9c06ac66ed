/*
** png.c: PNG encoding and decoding with libpng, so phusong controls the
** metadata: pHYs from the image's DPI, iTXt Title and Description (UTF-8),
** tEXt Software, and no tIME chunk, so the same image gives the same bytes.
** libpng reports errors by longjmp; they end up in the phs_diag with the
** path. Also the version getters of the drawing libraries.
**
** The image data is deflated here, on several threads, as pigz does, and
** libpng only writes the chunks (png_write_chunk adds length and CRC).
** Rows are unfiltered (filter byte 0) at zlib level 1: a map's flat areas
** become long matches, smaller than the "up" filter with run-length
** deflate (national A3 page 1.77 MB against 1.93 MB) and fewer
** instructions than either (docs/performance.md). The rows are cut into
** strips of about 4 MB of raw bytes (whole rows, at most 64 strips): a
** rule of the image alone, never of the thread count, so the file is the
** same with 1 or N threads. Each strip is raw deflate (level 1, 32 KB
** window, memLevel 8) primed with the 32 KB of raw bytes before it, so the
** ratio barely changes, and ends with a sync flush (byte-aligned, not
** final); the last ends the stream. The zlib stream is the header 78 01,
** the strips in order, and the Adler-32 of all raw bytes (each strip's,
** by libdeflate's vectorised adler32: zlib's took 13% of the writer's
** time; joined with adler32_combine). Workers take strips in turn, at
** most two each ahead of the writer; this thread writes them in order as
** IDAT chunks of at most 1 MB, then IEND (png_write_end would refuse:
** libpng wrote no IDAT itself). A map's page comes as cairo's ARGB32
** words (render_png_write_argb32): the workers take its RGB from them,
** checking each row is opaque, so the page is read once, not converted
** to RGBA first and scanned for transparency.
*/
#include "phs_render.h"
#include "render_int.h"

#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <pango/pango.h>
#include <png.h>
#include <libdeflate.h>
#include <zlib.h>
#include <pthread.h>
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
  unsigned char *buf;/* owned: pixels (read) */
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

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Four RGBA words (little-endian: 0xAABBGGRR) as the 12 bytes of their
** RGB: three words, the alpha bytes dropped. */
static inline void pack_rgb4(unsigned char *dst, const uint32_t p[4]) {
  uint32_t q[3];
  q[0] = (p[0] & 0xffffffu) | p[1] << 24;
  q[1] = ((p[1] >> 8) & 0xffffu) | p[2] << 16;
  q[2] = ((p[2] >> 16) & 0xffu) | p[3] << 8;
  memcpy(dst, q, 12);
}
#endif

/* An opaque row's RGB bytes: each pixel's alpha byte dropped. Four
** pixels (16 bytes) become three words where the byte order allows,
** about 3 instructions a pixel instead of 10 for byte copies. */
static void rgba_row_to_rgb(unsigned char *dst, const unsigned char *src,
                            size_t w) {
  size_t x = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  for (; x + 4 <= w; x += 4) {
    uint32_t p[4];
    memcpy(p, src + 4 * x, 16);
    pack_rgb4(dst + 3 * x, p);
  }
#endif
  for (; x < w; x++) {
    dst[3 * x] = src[4 * x];
    dst[3 * x + 1] = src[4 * x + 1];
    dst[3 * x + 2] = src[4 * x + 2];
  }
}

/* The same from cairo's ARGB32 words on a little-endian machine (bytes B,
** G, R, A): red and blue swapped on the word, then packed as above.
** Returns the AND of the row's alphas: 255 when it was all opaque (else
** its RGB is no use: premultiplied, alpha dropped). */
static unsigned bgra_row_to_rgb(unsigned char *dst, const unsigned char *src,
                                size_t w) {
  size_t x = 0;
  unsigned alpha = 255;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  uint32_t all = 0xffffffffu;
  for (; x + 4 <= w; x += 4) {
    uint32_t p[4];
    memcpy(p, src + 4 * x, 16);
    for (int k = 0; k < 4; k++) {
      all &= p[k];
      p[k] = (p[k] & 0xff00ff00u) | ((p[k] >> 16) & 0xffu) |
             ((p[k] & 0xffu) << 16);
    }
    pack_rgb4(dst + 3 * x, p);
  }
  alpha = all >> 24;
#endif
  for (; x < w; x++) {
    dst[3 * x] = src[4 * x + 2];
    dst[3 * x + 1] = src[4 * x + 1];
    dst[3 * x + 2] = src[4 * x];
    alpha &= src[4 * x + 3];
  }
  return alpha;
}

/* The chunks before the image data: signature, IHDR, pHYs, the text
** chunks. Returns 0, or 1 when libpng failed (ctx->msg says why). */
static int write_head(png_structp png, png_infop info, png_ctx *ctx,
                      const phs_image *img, const char *title,
                      const char *description, int opaque) {
  if (setjmp(png_jmpbuf(png))) return 1;
  png_init_io(png, ctx->fp);
  png_set_IHDR(png, info, (png_uint_32)img->width, (png_uint_32)img->height, 8,
               opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
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
  return 0;
}

/* One chunk (IDAT, IEND) written by libpng with its length and CRC.
** Returns 0, or 1 when libpng failed (ctx->msg says why). Its own setjmp
** point: the caller may hold threads and buffers libpng must not jump
** over. */
static int write_chunk(png_structp png, const char *name,
                       const unsigned char *data, size_t len) {
  if (setjmp(png_jmpbuf(png))) return 1;
  png_write_chunk(png, (png_const_bytep)name, data, len);
  return 0;
}

/* ---- The image data: deflate in strips, on several threads ----------- */

#define STRIP_RAW_BYTES ((size_t)4 << 20) /* raw bytes a strip aims at */
#define STRIP_MAX 64                      /* strips in an image, at most */
#define DEFLATE_WINDOW 32768              /* a strip's dictionary */
#define IDAT_MAX_BYTES ((size_t)1 << 20)  /* data of one IDAT chunk */

enum { STRIP_PENDING, STRIP_DONE, STRIP_FAILED };
/* A strip's code (besides zlib's) when an image given as cairo's words
** turned out not to be opaque; write_png then returns PNG_NOT_OPAQUE. */
#define STRIP_TRANSLUCENT 100
#define PNG_NOT_OPAQUE (-1)

typedef struct png_strip {
  unsigned char *out; /* owned: the strip's deflate blocks (strip 0 after
                         the zlib header; the last with room for the
                         Adler-32 after them) */
  size_t len;         /* bytes of out used */
  uLong adler;        /* Adler-32 of the strip's raw bytes */
  int status;         /* STRIP_*; under the job's mutex while threads run */
  int zrc;            /* zlib's code when it failed */
} png_strip;

/* The image data of one phs_png_write; strips[] and the counters are
** shared with the workers under mu. */
typedef struct png_job {
  const phs_image *img;
  int opaque;
  int bgra;           /* pixels as bytes B, G, R, A (cairo's ARGB32), taken
                         as opaque: each row is checked as it is read */
  size_t rowbytes;    /* filter byte + RGB or RGBA bytes of one row */
  int strip_rows;     /* rows of a strip (the last may have fewer) */
  int n_strips;
  png_strip *strips;  /* owned, n_strips */
  pthread_mutex_t mu;
  pthread_cond_t cv;  /* a strip done, written or the job stopped */
  int next;           /* the next strip a worker takes */
  int written;        /* strips written to the file so far */
  int ahead;          /* strips taken ahead of written, at most */
  int stop;           /* the writer gave up: workers take no more */
} png_job;

/* deflate's memory from our own allocator (the test hooks see it). */
static voidpf z_alloc(voidpf opaque, uInt items, uInt size) {
  (void)opaque;
  return malloc((size_t)items * size);
}

static void z_free(voidpf opaque, voidpf p) {
  (void)opaque;
  free(p);
}

/* Row y as the PNG stream has it: filter type 0 (None), then the RGB or
** RGBA bytes. 0 when the pixels are cairo's words and one is not opaque
** (the row is then no use). */
static int raw_row(const png_job *j, int y, unsigned char *dst) {
  size_t w = (size_t)j->img->width;
  const unsigned char *src = j->img->rgba + (size_t)y * w * 4;
  dst[0] = 0;
  if (j->bgra) return bgra_row_to_rgb(dst + 1, src, w) == 255;
  if (j->opaque)
    rgba_row_to_rgb(dst + 1, src, w);
  else
    memcpy(dst + 1, src, w * 4);
  return 1;
}

/* Room for at least one more byte in the strip's output: its buffer
** doubled, zs pointed at the same place in the new one. Z_OK or
** Z_MEM_ERROR. */
static int strip_grow(png_strip *s, size_t *cap, size_t tail, z_stream *zs) {
  size_t used = (size_t)(zs->next_out - s->out);
  unsigned char *p = realloc(s->out, *cap * 2);
  if (p == NULL) return Z_MEM_ERROR;
  s->out = p;
  *cap *= 2;
  zs->next_out = p + used;
  zs->avail_out = (uInt)(*cap - tail - used);
  return Z_OK;
}

/* Deflate strip k of the image into j->strips[k]: raw deflate at level 1
** primed with the last 32 KB of raw bytes before the strip, ended by a
** sync flush (byte-aligned, not final), or by the final block for the
** last strip. The bytes depend only on the image and k. Z_OK, or zlib's
** error code (Z_MEM_ERROR when an allocation failed). */
static int compress_strip(png_job *j, int k) {
  png_strip *s = &j->strips[k];
  int y0 = k * j->strip_rows;
  int y1 = y0 + j->strip_rows;
  if (y1 > j->img->height) y1 = j->img->height;
  int last = k == j->n_strips - 1;
  size_t head = k == 0 ? 2 : 0, tail = last ? 4 : 0;
  unsigned char *row = malloc(j->rowbytes + DEFLATE_WINDOW);
  if (row == NULL) return Z_MEM_ERROR;
  unsigned char *dict = row + j->rowbytes;
  z_stream zs;
  memset(&zs, 0, sizeof(zs));
  zs.zalloc = z_alloc;
  zs.zfree = z_free;
  int zrc = deflateInit2(&zs, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  if (zrc != Z_OK) {
    free(row);
    return zrc;
  }
  if (k > 0) { /* the dictionary: raw bytes [start - dict_len, start) */
    size_t start = (size_t)y0 * j->rowbytes;
    size_t dict_len = start < DEFLATE_WINDOW ? start : DEFLATE_WINDOW;
    size_t from = start - dict_len;
    for (int y = (int)(from / j->rowbytes); y < y0; y++) {
      size_t row_at = (size_t)y * j->rowbytes;
      size_t skip = from > row_at ? from - row_at : 0;
      raw_row(j, y, row);
      memcpy(dict + (row_at + skip - from), row + skip, j->rowbytes - skip);
    }
    zrc = deflateSetDictionary(&zs, dict, (uInt)dict_len);
  }
  size_t raw_len = (size_t)(y1 - y0) * j->rowbytes;
  size_t cap = head + deflateBound(&zs, raw_len) + 64 + tail;
  if (zrc == Z_OK) {
    s->out = malloc(cap);
    if (s->out == NULL) zrc = Z_MEM_ERROR;
  }
  if (zrc == Z_OK) {
    if (k == 0) { /* zlib header: deflate, 32 KB window, fastest level */
      s->out[0] = 0x78;
      s->out[1] = 0x01;
    }
    zs.next_out = s->out + head;
    zs.avail_out = (uInt)(cap - head - tail);
  }
  uLong adler = adler32(0L, Z_NULL, 0);
  for (int y = y0; y < y1 && zrc == Z_OK; y++) {
    if (!raw_row(j, y, row)) {
      zrc = STRIP_TRANSLUCENT;
      break;
    }
    adler = libdeflate_adler32((uint32_t)adler, row, j->rowbytes);
    zs.next_in = row;
    zs.avail_in = (uInt)j->rowbytes;
    int flush = y + 1 < y1 ? Z_NO_FLUSH : last ? Z_FINISH : Z_SYNC_FLUSH;
    for (;;) {
      if (zs.avail_out == 0) zrc = strip_grow(s, &cap, tail, &zs);
      if (zrc != Z_OK) break;
      int r = deflate(&zs, flush);
      if (r == Z_STREAM_END) break; /* only with Z_FINISH */
      if (r != Z_OK && r != Z_BUF_ERROR) {
        zrc = r;
        break;
      }
      if (zs.avail_out != 0) { /* deflate had room: it did all it could */
        if (flush == Z_FINISH || zs.avail_in != 0) zrc = Z_STREAM_ERROR;
        break;
      }
    }
  }
  if (zrc == Z_OK) {
    s->len = (size_t)(zs.next_out - s->out);
    s->adler = adler;
  }
  deflateEnd(&zs);
  free(row);
  return zrc;
}

/* A worker: takes the next strip, at most j->ahead strips ahead of the
** writer (so the memory held stays bounded), until none are left or the
** writer stops. */
static void *strip_worker(void *arg) {
  png_job *j = arg;
  pthread_mutex_lock(&j->mu);
  for (;;) {
    while (!j->stop && j->next < j->n_strips &&
           j->next >= j->written + j->ahead)
      pthread_cond_wait(&j->cv, &j->mu);
    if (j->stop || j->next >= j->n_strips) break;
    int k = j->next++;
    pthread_mutex_unlock(&j->mu);
    int zrc = compress_strip(j, k);
    pthread_mutex_lock(&j->mu);
    j->strips[k].zrc = zrc;
    j->strips[k].status = zrc == Z_OK ? STRIP_DONE : STRIP_FAILED;
    pthread_cond_broadcast(&j->cv);
  }
  pthread_mutex_unlock(&j->mu);
  return NULL;
}

/* Strip k's bytes as IDAT chunks of at most IDAT_MAX_BYTES; after the last
** strip, the Adler-32 of the whole raw stream (big-endian) first. 0, or 1
** when libpng failed. */
static int write_strip(png_structp png, png_job *j, int k, uLong *adler) {
  png_strip *s = &j->strips[k];
  size_t raw_len = (size_t)j->strip_rows * j->rowbytes;
  if (k == j->n_strips - 1)
    raw_len = (size_t)(j->img->height - k * j->strip_rows) * j->rowbytes;
  *adler = adler32_combine(*adler, s->adler, (z_off_t)raw_len);
  if (k == j->n_strips - 1) {
    for (int b = 0; b < 4; b++)
      s->out[s->len++] = (unsigned char)(*adler >> (24 - 8 * b));
  }
  for (size_t at = 0; at < s->len; at += IDAT_MAX_BYTES) {
    size_t n = s->len - at < IDAT_MAX_BYTES ? s->len - at : IDAT_MAX_BYTES;
    if (write_chunk(png, "IDAT", s->out + at, n)) return 1;
  }
  free(s->out);
  s->out = NULL;
  return 0;
}

/* The IDAT chunks of img: one zlib stream, deflated in strips by
** min(strips, threads) workers and written in order by this thread (which
** deflates them itself when one worker is asked for or none could be
** started). Reports its errors in d; PHS_OK or PHS_ERUNTIME, or
** PNG_NOT_OPAQUE (nothing in d) when j.bgra met a translucent pixel. */
static int write_image_data(png_structp png, png_ctx *ctx,
                            const phs_image *img, int opaque, int bgra,
                            int threads, phs_diag *d) {
  png_job j;
  memset(&j, 0, sizeof(j));
  j.img = img;
  j.opaque = opaque;
  j.bgra = bgra;
  j.rowbytes = 1 + (size_t)img->width * (opaque ? 3 : 4);
  size_t rows = STRIP_RAW_BYTES / j.rowbytes;
  j.strip_rows = rows < 1 ? 1 : rows > (size_t)img->height ? img->height
                                                           : (int)rows;
  if ((img->height + j.strip_rows - 1) / j.strip_rows > STRIP_MAX)
    j.strip_rows = (img->height + STRIP_MAX - 1) / STRIP_MAX;
  j.n_strips = (img->height + j.strip_rows - 1) / j.strip_rows;
  j.strips = calloc((size_t)j.n_strips, sizeof(png_strip));
  int n_workers = phs_thread_count(threads);
  if (n_workers > j.n_strips) n_workers = j.n_strips;
  if (n_workers < 2) n_workers = 0; /* this thread deflates */
  pthread_t *th = n_workers ? calloc((size_t)n_workers, sizeof(*th)) : NULL;
  if (j.strips == NULL || (n_workers && th == NULL)) {
    free(th);
    free(j.strips);
    return phs_diag_error(d, PHS_ERUNTIME, "%s: out of memory", ctx->path);
  }
  int started = 0;
  if (n_workers) {
    pthread_mutex_init(&j.mu, NULL);
    pthread_cond_init(&j.cv, NULL);
    j.ahead = 2 * n_workers;
    while (started < n_workers &&
           pthread_create(&th[started], NULL, strip_worker, &j) == 0)
      started++;
  }

  int rc = PHS_OK;
  uLong adler = adler32(0L, Z_NULL, 0);
  for (int k = 0; k < j.n_strips && rc == PHS_OK; k++) {
    png_strip *s = &j.strips[k];
    int zrc;
    if (started == 0) {
      zrc = compress_strip(&j, k);
    } else {
      pthread_mutex_lock(&j.mu);
      while (s->status == STRIP_PENDING) pthread_cond_wait(&j.cv, &j.mu);
      zrc = s->status == STRIP_DONE ? Z_OK : s->zrc;
      pthread_mutex_unlock(&j.mu);
    }
    if (zrc == STRIP_TRANSLUCENT) {
      rc = PNG_NOT_OPAQUE; /* not an error: written again as RGBA */
    } else if (zrc == Z_MEM_ERROR) {
      rc = phs_diag_error(d, PHS_ERUNTIME, "%s: out of memory", ctx->path);
    } else if (zrc != Z_OK) {
      rc = phs_diag_error(d, PHS_ERUNTIME, "%s: writing PNG: %s", ctx->path,
                          "deflate failed");
    } else if (write_strip(png, &j, k, &adler)) {
      rc = phs_diag_error(d, PHS_ERUNTIME, "%s: writing PNG: %s", ctx->path,
                          ctx->msg);
    }
    if (started) {
      pthread_mutex_lock(&j.mu);
      j.written = k + 1;
      if (rc != PHS_OK) j.stop = 1;
      pthread_cond_broadcast(&j.cv);
      pthread_mutex_unlock(&j.mu);
    }
  }
  for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
  if (n_workers) {
    pthread_mutex_destroy(&j.mu);
    pthread_cond_destroy(&j.cv);
  }
  for (int k = 0; k < j.n_strips; k++) free(j.strips[k].out);
  free(j.strips);
  free(th);
  return rc;
}

/* phs_png_write_threads; bgra: img holds cairo's ARGB32 words, on a
** little-endian machine, taken as opaque (render_png_write_argb32):
** PNG_NOT_OPAQUE, the file removed, when one is not. */
static int write_png(const phs_image *img, int bgra, const char *path,
                     const char *title, const char *description, int threads,
                     phs_diag *d) {
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
  int opaque = bgra || image_is_opaque(img);
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
  if (write_head(png, info, &ctx, img, title, description, opaque)) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "%s: writing PNG: %s", path, ctx.msg);
    goto cleanup;
  }
  rc = write_image_data(png, &ctx, img, opaque, bgra, threads, d);
  if (rc != PHS_OK) goto cleanup;
  /* IEND by hand: png_write_end refuses a file whose IDAT it did not
  ** write itself. */
  if (write_chunk(png, "IEND", NULL, 0)) {
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
  return rc;
}

int phs_png_write_threads(const phs_image *img, const char *path,
                          const char *title, const char *description,
                          int threads, phs_diag *d) {
  return write_png(img, 0, path, title, description, threads, d);
}

int phs_png_write(const phs_image *img, const char *path, const char *title,
                  const char *description, phs_diag *d) {
  return write_png(img, 0, path, title, description, 0, d);
}

int render_png_write_argb32(phs_image *img, const char *path,
                            const char *title, const char *description,
                            phs_diag *d) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  /* Taken as opaque, which a map is (its page is painted white first, and
  ** over an opaque pixel cairo's OVER gives an opaque one): the workers
  ** check each row as they read it, so no pass over the page is spent on
  ** the question. A translucent pixel ends that file; it is then written
  ** again from RGBA. */
  if (img && img->rgba && img->width > 0 && img->height > 0) {
    int rc = write_png(img, 1, path, title, description, 0, d);
    if (rc != PNG_NOT_OPAQUE) return rc;
  }
#endif
  if (img && img->rgba)
    render_argb32_to_rgba(img->rgba, (size_t)img->width * img->height);
  return write_png(img, 0, path, title, description, 0, d);
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
