/*
** render_png.c: the PNG writer's image data (render/png.c), deflated in
** strips on several threads. The file's bytes are the same with 1, 2, 3
** and 4 threads; it reads back to exactly the pixels written (RGB when
** opaque, RGBA otherwise); the chunks are the signature, IHDR, pHYs,
** iTXt, tEXt, IDAT (each at most 1 MB, CRCs right) and IEND; the IDAT
** data is one zlib stream that inflates to height rows of filter byte 0
** and the pixels, with the Adler-32 of those bytes; strips follow the
** image (about 4 MB of raw bytes each); a file-size limit met in the
** middle of the image data leaves no file; the map's path from cairo's
** ARGB32 words (render_png_write_argb32) writes the same file as
** converting to RGBA first.
*/
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <zlib.h>

#include "phs_render.h"
#include "phs_test.h"
#include "render_int.h"

static char *tmp_path(const char *name) {
  const char *dir = getenv("PHS_TMP");
  return phs_strdup_printf("%s/render_png_%s", dir ? dir : "/tmp", name);
}

static unsigned char *slurp(const char *path, size_t *len) {
  *len = 0;
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *b = n > 0 ? malloc((size_t)n) : NULL;
  if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
    free(b);
    b = NULL;
  }
  fclose(f);
  if (b) *len = (size_t)n;
  return b;
}

static int same_file(const char *a, const char *b) {
  size_t na, nb;
  unsigned char *x = slurp(a, &na), *y = slurp(b, &nb);
  int same = x && y && na == nb && memcmp(x, y, na) == 0;
  free(x);
  free(y);
  return same;
}

static int exists(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f) fclose(f);
  return f != NULL;
}

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         p[3];
}

/* A map-like image: four flat quadrants, a patch of noise (the middle
** third of the rows, the first tenth of the columns, 6 pixels in 7), and,
** when alpha, a transparent left edge and a translucent top. xorshift32,
** so the pixels are the same each run. */
static void make_image(phs_image *img, int w, int h, int alpha) {
  img->width = w;
  img->height = h;
  img->dpi = 300;
  img->rgba = malloc((size_t)w * h * 4);
  if (img->rgba == NULL) return;
  uint32_t s = 2463534242u;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      unsigned char *p = img->rgba + ((size_t)y * w + x) * 4;
      int q = (x >= w / 2) + 2 * (y >= h / 2);
      static const unsigned char flat[4][3] = {
          {0xed, 0xf8, 0xb1}, {0x7f, 0xcd, 0xbb}, {0x2c, 0x7f, 0xb8},
          {0xd9, 0xd9, 0xd9}};
      memcpy(p, flat[q], 3);
      p[3] = 255;
      if (y >= h / 3 && y < 2 * h / 3 && x < w / 10 && x % 7 != 0) {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        p[0] = (unsigned char)s;
        p[1] = (unsigned char)(s >> 8);
        p[2] = (unsigned char)(s >> 16);
      }
      if (alpha) {
        if (x < 5) p[3] = 0;
        else if (y < 50) p[3] = (unsigned char)(y * 5);
      }
    }
}

/* What a file holds, chunk by chunk. */
typedef struct png_parts {
  char names[64][5];    /* the first 64 chunks' types */
  int n_chunks;         /* all chunks */
  int n_idat;
  size_t idat_max;      /* the largest IDAT's length */
  size_t first_idat;    /* the first IDAT's length */
  int crc_ok;           /* every chunk's CRC right */
  int tail_ok;          /* nothing after IEND */
  unsigned char *zdata; /* owned: the IDAT data joined */
  size_t zlen;
} png_parts;

static int parse_png(const char *path, png_parts *pp) {
  memset(pp, 0, sizeof(*pp));
  size_t n;
  unsigned char *b = slurp(path, &n);
  static const unsigned char sig[8] = {137, 80, 78, 71, 13, 10, 26, 10};
  if (b == NULL || n < 8 || memcmp(b, sig, 8) != 0) {
    free(b);
    return -1;
  }
  pp->zdata = malloc(n);
  pp->crc_ok = 1;
  size_t at = 8;
  while (at + 12 <= n) {
    size_t len = be32(b + at);
    if (at + 12 + len > n) break;
    const unsigned char *type = b + at + 4, *data = b + at + 8;
    uLong crc = crc32(crc32(0L, Z_NULL, 0), type, 4 + (uInt)len);
    if (crc != be32(data + len)) pp->crc_ok = 0;
    if (pp->n_chunks < 64) {
      memcpy(pp->names[pp->n_chunks], type, 4);
      pp->names[pp->n_chunks][4] = '\0';
    }
    pp->n_chunks++;
    if (memcmp(type, "IDAT", 4) == 0) {
      if (pp->n_idat == 0) pp->first_idat = len;
      pp->n_idat++;
      if (len > pp->idat_max) pp->idat_max = len;
      if (pp->zdata) memcpy(pp->zdata + pp->zlen, data, len);
      pp->zlen += len;
    }
    at += 12 + len;
    if (memcmp(type, "IEND", 4) == 0) break;
  }
  pp->tail_ok = at == n;
  free(b);
  return 0;
}

/* The raw stream the file must hold: each row, filter byte 0 and its RGB
** (opaque) or RGBA bytes. */
static unsigned char *expected_raw(const phs_image *img, int channels,
                                   size_t *len) {
  size_t w = (size_t)img->width, rb = 1 + w * channels;
  *len = rb * img->height;
  unsigned char *r = malloc(*len);
  if (r == NULL) return NULL;
  for (int y = 0; y < img->height; y++) {
    unsigned char *row = r + rb * y;
    row[0] = 0;
    for (size_t x = 0; x < w; x++)
      memcpy(row + 1 + x * channels, img->rgba + (y * w + x) * 4,
             (size_t)channels);
  }
  return r;
}

/* The file's zlib stream: header 78 01, inflates to exactly the expected
** rows, the last 4 bytes the Adler-32 of those rows. */
static void check_stream(const png_parts *pp, const phs_image *img,
                         int channels) {
  size_t raw_len;
  unsigned char *raw = expected_raw(img, channels, &raw_len);
  ASSERT_TRUE(raw != NULL && pp->zdata != NULL && pp->zlen > 6);
  if (raw == NULL || pp->zdata == NULL || pp->zlen <= 6) {
    free(raw);
    return;
  }
  ASSERT_EQ(pp->zdata[0], 0x78);
  ASSERT_EQ(pp->zdata[1], 0x01);
  ASSERT_EQ((pp->zdata[0] * 256 + pp->zdata[1]) % 31, 0);
  uLongf out_len = (uLongf)raw_len + 16; /* room to see extra bytes */
  unsigned char *out = malloc(out_len);
  int zrc = out ? uncompress(out, &out_len, pp->zdata, (uLong)pp->zlen)
                : Z_MEM_ERROR;
  ASSERT_EQ(zrc, Z_OK);
  ASSERT_EQ(out_len, raw_len);
  ASSERT_TRUE(zrc == Z_OK && out_len == raw_len &&
              memcmp(out, raw, raw_len) == 0);
  uLong adler = adler32(adler32(0L, Z_NULL, 0), raw, (uInt)raw_len);
  ASSERT_EQ(be32(pp->zdata + pp->zlen - 4), adler);
  free(out);
  free(raw);
}

static int read_back_same(const char *path, const phs_image *img) {
  phs_diag d;
  phs_diag_init(&d);
  phs_image back;
  int rc = phs_png_read(path, &back, &d);
  int same = rc == PHS_OK && back.width == img->width &&
             back.height == img->height &&
             memcmp(back.rgba, img->rgba,
                    (size_t)img->width * img->height * 4) == 0;
  if (rc != PHS_OK) fprintf(stderr, "read %s: %s\n", path, d.msg);
  phs_image_free(&back);
  phs_diag_clear(&d);
  return same;
}

/* 3000 x 2000 opaque: 9,001 raw bytes a row, 4 MB / 9,001 = 465 rows a
** strip, so 5 strips (4 x 465 + 140). Flat rows deflate to a few KB and a
** strip's noise (at most 465 x 300 x 3 x 6/7 = 359 KB) stays noise: less
** than 1 MB a strip, so one IDAT per strip. */
static void test_large_opaque(void) {
  phs_diag d;
  phs_diag_init(&d);
  phs_image img;
  make_image(&img, 3000, 2000, 0);
  ASSERT_TRUE(img.rgba != NULL);
  if (img.rgba == NULL) return;
  char *p1 = tmp_path("rgb_t1.png"), *p4 = tmp_path("rgb_t4.png");
  char *p2 = tmp_path("rgb_t2.png"), *p3 = tmp_path("rgb_t3.png");
  char *p0 = tmp_path("rgb_t0.png");
  const char *title = "Hộ có cáp quang", *desc = "Tỷ lệ theo xã (%)";
  ASSERT_OK(phs_png_write_threads(&img, p1, title, desc, 1, &d));
  ASSERT_OK(phs_png_write_threads(&img, p2, title, desc, 2, &d));
  ASSERT_OK(phs_png_write_threads(&img, p3, title, desc, 3, &d));
  ASSERT_OK(phs_png_write_threads(&img, p4, title, desc, 4, &d));
  ASSERT_OK(phs_png_write(&img, p0, title, desc, &d));
  if (d.status) fprintf(stderr, "diag: %s\n", d.msg);
  ASSERT_TRUE(same_file(p1, p2));
  ASSERT_TRUE(same_file(p1, p3));
  ASSERT_TRUE(same_file(p1, p4));
  ASSERT_TRUE(same_file(p1, p0));
  ASSERT_TRUE(read_back_same(p4, &img));

  png_parts pp;
  ASSERT_OK(parse_png(p4, &pp));
  ASSERT_TRUE(pp.crc_ok);
  ASSERT_TRUE(pp.tail_ok);
  ASSERT_EQ(pp.n_chunks, 11);
  static const char *want[11] = {"IHDR", "pHYs", "iTXt", "iTXt",
                                 "tEXt", "IDAT", "IDAT", "IDAT",
                                 "IDAT", "IDAT", "IEND"};
  for (int i = 0; i < 11 && i < pp.n_chunks; i++)
    PHS_CHECK_(strcmp(pp.names[i], want[i]) == 0, "chunk %d: %s, want %s",
               i, pp.names[i], want[i]);
  ASSERT_EQ(pp.n_idat, 5);
  check_stream(&pp, &img, 3);
  free(pp.zdata);

  /* The same image with transparency: RGBA, 12,001 bytes a row, 349 rows
  ** a strip, 6 strips; still one file for any thread count. */
  for (int y = 0; y < img.height; y++)
    for (int x = 0; x < 5; x++)
      img.rgba[((size_t)y * img.width + x) * 4 + 3] = (unsigned char)(x * 60);
  ASSERT_OK(phs_png_write_threads(&img, p1, NULL, NULL, 1, &d));
  ASSERT_OK(phs_png_write_threads(&img, p4, NULL, NULL, 4, &d));
  ASSERT_TRUE(same_file(p1, p4));
  ASSERT_TRUE(read_back_same(p1, &img));
  ASSERT_OK(parse_png(p1, &pp));
  ASSERT_TRUE(pp.crc_ok && pp.tail_ok);
  ASSERT_EQ(pp.n_idat, 6);
  ASSERT_STREQ(pp.names[0], "IHDR");
  ASSERT_STREQ(pp.names[1], "pHYs");
  ASSERT_STREQ(pp.names[2], "tEXt"); /* no title, no description */
  check_stream(&pp, &img, 4);
  free(pp.zdata);

  phs_image_free(&img);
  remove(p0);
  remove(p1);
  remove(p2);
  remove(p3);
  remove(p4);
  free(p0);
  free(p1);
  free(p2);
  free(p3);
  free(p4);
  phs_diag_clear(&d);
}

/* Writes img with 1 and 4 threads; the same bytes, the pixels back, a
** valid stream of n_idat IDAT chunks (-1: do not check the count). */
static void round_trip(const char *name, phs_image *img, int channels,
                       int n_idat) {
  phs_diag d;
  phs_diag_init(&d);
  char *a = tmp_path(name);
  char *b = phs_strdup_printf("%s.t4.png", a);
  ASSERT_OK(phs_png_write_threads(img, a, "t", NULL, 1, &d));
  ASSERT_OK(phs_png_write_threads(img, b, "t", NULL, 4, &d));
  if (d.status) fprintf(stderr, "%s: %s\n", name, d.msg);
  PHS_CHECK_(same_file(a, b), "%s: same bytes with 1 and 4 threads", name);
  PHS_CHECK_(read_back_same(b, img), "%s: pixels read back", name);
  png_parts pp;
  ASSERT_OK(parse_png(b, &pp));
  PHS_CHECK_(pp.crc_ok && pp.tail_ok, "%s: CRCs and end", name);
  if (n_idat >= 0)
    PHS_CHECK_(pp.n_idat == n_idat, "%s: %d IDAT, want %d", name, pp.n_idat,
               n_idat);
  check_stream(&pp, img, channels);
  free(pp.zdata);
  remove(a);
  remove(b);
  free(a);
  free(b);
  phs_diag_clear(&d);
}

static void test_sizes(void) {
  phs_image img;
  /* 1 x 1: one strip of 4 raw bytes (RGB) or 5 (RGBA). */
  make_image(&img, 1, 1, 0);
  round_trip("one_px.png", &img, 3, 1);
  img.rgba[3] = 0;
  round_trip("one_px_rgba.png", &img, 4, 1);
  phs_image_free(&img);

  /* 1000 wide RGB: 3,001 bytes a row, 4,194,304 / 3,001 = 1,397 rows a
  ** strip (3,001 x 1,397 = 4,192,397). 1,397 rows: one strip; 1,398: two,
  ** the second of one row, primed with the 32 KB of rows 1,386 to 1,396. */
  make_image(&img, 1000, 1397, 0);
  round_trip("one_strip.png", &img, 3, 1);
  phs_image_free(&img);
  make_image(&img, 1000, 1398, 0);
  round_trip("one_strip_plus_1.png", &img, 3, 2);
  phs_image_free(&img);

  /* Rows longer than the 32 KB dictionary: 12,000 wide RGB, 36,001 bytes
  ** a row, 116 rows a strip, 4 strips (3 x 116 + 52) each primed with the
  ** end of one row. */
  make_image(&img, 12000, 400, 0);
  round_trip("wide.png", &img, 3, 4);
  phs_image_free(&img);

  /* Each strip is primed with the 32 KB before it: one row of noise
  ** repeated, 2,000 wide RGB (6,001 bytes a row), 698 rows a strip, 4
  ** strips (3 x 698 + 6). Every row after the first, each strip's first
  ** included, is matches, so the stream is within 100 bytes a strip
  ** boundary (a sync flush, a new block) of one level-1 stream of the
  ** same bytes (compress2); without the dictionary each later strip would
  ** cost its first row's 6 KB of noise again. */
  make_image(&img, 2000, 2100, 0);
  uint32_t s = 88172645u;
  for (size_t i = 0; i < (size_t)2000 * 4; i++) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    if (i % 4 != 3) img.rgba[i] = (unsigned char)(s >> 3);
  }
  for (int y = 1; y < 2100; y++)
    memcpy(img.rgba + (size_t)y * 2000 * 4, img.rgba, (size_t)2000 * 4);
  round_trip("repeated_row.png", &img, 3, 4);
  char *p = tmp_path("repeated_row_parts.png");
  phs_diag d;
  phs_diag_init(&d);
  png_parts pp;
  ASSERT_OK(phs_png_write_threads(&img, p, NULL, NULL, 2, &d));
  ASSERT_OK(parse_png(p, &pp));
  size_t raw_len;
  unsigned char *raw = expected_raw(&img, 3, &raw_len);
  uLongf one_len = compressBound((uLong)raw_len);
  unsigned char *one = malloc(one_len);
  ASSERT_TRUE(raw && one &&
              compress2(one, &one_len, raw, (uLong)raw_len, 1) == Z_OK);
  PHS_CHECK_(pp.zlen <= one_len + 3 * 100,
             "repeated row: %zu bytes in 4 strips, %lu in one stream",
             pp.zlen, (unsigned long)one_len);
  free(one);
  free(raw);
  free(pp.zdata);
  phs_image_free(&img);

  /* Noise in the first 550 rows, RGBA: 1,200 wide, 4,801 bytes a row, 873
  ** rows a strip, 2 strips (873 + 127). Noise does not deflate: strip 0
  ** is about its 550 x 4,801 = 2.64 MB of noise, cut into IDAT chunks of
  ** 1 MB (1,048,576 bytes): 3 chunks; strip 1 is flat: 1 chunk. */
  make_image(&img, 1200, 1000, 1);
  for (size_t i = 0; i < (size_t)1200 * 550 * 4; i++) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    img.rgba[i] = (unsigned char)(s >> 3);
  }
  img.rgba[3] = 0; /* surely not opaque */
  round_trip("noise_rgba.png", &img, 4, -1);
  remove(p);
  free(p);
  p = tmp_path("noise_rgba_parts.png");
  ASSERT_OK(phs_png_write_threads(&img, p, NULL, NULL, 2, &d));
  ASSERT_OK(parse_png(p, &pp));
  ASSERT_EQ(pp.first_idat, 1048576);
  ASSERT_EQ(pp.idat_max, 1048576);
  ASSERT_EQ(pp.n_idat, 4);
  free(pp.zdata);
  remove(p);
  free(p);
  phs_diag_clear(&d);
  phs_image_free(&img);
}

/* The file may not grow past 200,000 bytes (RLIMIT_FSIZE; SIGXFSZ
** ignored, so a write fails with EFBIG): the 3000 x 2000 image fails in
** the middle of its image data, with 4 threads running, and leaves no
** file; an image that fits is still written. */
static void test_write_error(void) {
  struct rlimit old;
  if (getrlimit(RLIMIT_FSIZE, &old) != 0) {
    PHS_CHECK_(0, "getrlimit");
    return;
  }
  void (*old_sig)(int) = signal(SIGXFSZ, SIG_IGN);
  phs_diag d;
  phs_diag_init(&d);
  phs_image img, small;
  make_image(&img, 3000, 2000, 0);
  make_image(&small, 300, 200, 0);
  char *p = tmp_path("too_big.png"), *q = tmp_path("fits.png");
  struct rlimit lim = old;
  lim.rlim_cur = 200000;
  ASSERT_OK(setrlimit(RLIMIT_FSIZE, &lim));
  int rc = phs_png_write_threads(&img, p, NULL, NULL, 4, &d);
  int rc_small = phs_png_write_threads(&small, q, NULL, NULL, 4, NULL);
  setrlimit(RLIMIT_FSIZE, &old);
  signal(SIGXFSZ, old_sig);
  ASSERT_EQ(rc, PHS_ERUNTIME);
  ASSERT_CONTAINS(d.msg, p);
  ASSERT_CONTAINS(d.msg, "writing PNG");
  ASSERT_TRUE(!exists(p));
  ASSERT_OK(rc_small);
  ASSERT_TRUE(read_back_same(q, &small));
  remove(q);
  free(p);
  free(q);
  phs_image_free(&img);
  phs_image_free(&small);
  phs_diag_clear(&d);
}

/* img's pixels as cairo's ARGB32 words: alpha premultiplied (rounded to
** nearest, as cairo stores it). */
static unsigned char *to_argb32(const phs_image *img) {
  size_t n = (size_t)img->width * img->height;
  unsigned char *px = malloc(n * 4);
  if (px == NULL) return NULL;
  for (size_t i = 0; i < n; i++) {
    const unsigned char *q = img->rgba + 4 * i;
    unsigned a = q[3];
    uint32_t w = (uint32_t)a << 24 | (uint32_t)((q[0] * a + 127) / 255) << 16 |
                 (uint32_t)((q[1] * a + 127) / 255) << 8 |
                 (uint32_t)((q[2] * a + 127) / 255);
    memcpy(px + 4 * i, &w, 4);
  }
  return px;
}

/* render_png_write_argb32 (the map's PNG path, render/map_output.c): the
** same file as converting to RGBA first and phs_png_write, opaque (the
** RGB rows taken from the words by the workers: also the same file as
** from the RGBA pixels themselves) and translucent (converted first). */
static void test_argb32(void) {
  for (int alpha = 0; alpha < 2; alpha++) {
    phs_image rgba, argb, conv;
    /* 1203: a row ends in 3 pixels past the blocks of 4; RGB rows of
    ** 3,610 bytes, 1,161 to a 4 MB strip: 2 strips */
    make_image(&rgba, 1203, 1800, alpha);
    ASSERT_TRUE(rgba.rgba != NULL);
    argb = rgba;
    argb.rgba = to_argb32(&rgba);
    conv = rgba;
    conv.rgba = to_argb32(&rgba);
    ASSERT_TRUE(argb.rgba != NULL && conv.rgba != NULL);
    render_argb32_to_rgba(conv.rgba, (size_t)conv.width * conv.height);
    char *pa = tmp_path(alpha ? "argb_t.png" : "argb_o.png");
    char *pc = tmp_path(alpha ? "conv_t.png" : "conv_o.png");
    char *pr = tmp_path(alpha ? "rgba_t.png" : "rgba_o.png");
    phs_diag d;
    phs_diag_init(&d);
    ASSERT_OK(render_png_write_argb32(&argb, pa, "T", NULL, &d));
    ASSERT_OK(phs_png_write(&conv, pc, "T", NULL, &d));
    ASSERT_OK(phs_png_write(&rgba, pr, "T", NULL, &d));
    ASSERT_TRUE(same_file(pa, pc));
    if (!alpha) {
      ASSERT_TRUE(same_file(pa, pr));
      ASSERT_TRUE(read_back_same(pa, &rgba));
    } else {
      ASSERT_TRUE(!same_file(pa, pr)); /* premultiplied: translucent pixels round */
      ASSERT_TRUE(read_back_same(pa, &conv));
    }
    phs_diag_clear(&d);
    free(pa);
    free(pc);
    free(pr);
    free(rgba.rgba);
    free(argb.rgba);
    free(conv.rgba);
  }
}

int main(void) {
  test_large_opaque();
  test_sizes();
  test_write_error();
  test_argb32();
  return phs_test_report("render_png");
}
