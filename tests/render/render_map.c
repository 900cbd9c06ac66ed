/*
** render_map.c: a whole map, end to end. Four square communes (100 %,
** 50 % flagged unreliable, 0 %, no data) are drawn at 800x600 and 96 dpi,
** written as PNG, read back and checked: size, the class colours and the
** no-data grey on the map, the PNG chunks (pHYs, iTXt, tEXt, no tIME),
** byte-reproducibility, and a tolerant comparison with the committed
** reference tests/render/ref/four_squares.png (PHS_UPDATE_REF=1 rewrites
** it). Also: the inset for a far-off island, Vietnamese glyph coverage,
** errors, the version getters, and a large page drawn as two halves at
** once (render/map.c) against the same page drawn whole.
*/
#include <math.h>
#include <stdlib.h>

#include "phs_render.h"
#include "phs_test.h"
#include "render_fixture.h"
#include "render_int.h"


static char *tmp_path(const char *name) {
  const char *dir = getenv("PHS_TMP");
  return phs_strdup_printf("%s/%s", dir ? dir : "/tmp", name);
}

/* Pixels exactly of colour c. */
static long count_rgb(const phs_image *img, phs_rgb c) {
  long n = 0;
  for (long i = 0; i < (long)img->width * img->height; i++) {
    const unsigned char *p = img->rgba + 4 * i;
    if (p[0] == c.r && p[1] == c.g && p[2] == c.b) n++;
  }
  return n;
}

static unsigned char *read_file(const char *path, long *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  *len = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *b = malloc((size_t)*len + 1);
  if (b && fread(b, 1, (size_t)*len, f) != (size_t)*len) {
    free(b);
    b = NULL;
  }
  fclose(f);
  return b;
}

static unsigned long be32(const unsigned char *p) {
  return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
         (unsigned long)p[2] << 8 | p[3];
}

/* Find chunk `type` (the n-th one, from 0); returns its data or NULL. */
static const unsigned char *find_chunk(const unsigned char *b, long len,
                                       const char *type, int nth,
                                       unsigned long *clen) {
  long off = 8;
  while (off + 12 <= len) {
    unsigned long n = be32(b + off);
    if (memcmp(b + off + 4, type, 4) == 0 && nth-- == 0) {
      *clen = n;
      return b + off + 8;
    }
    off += 12 + (long)n;
  }
  return NULL;
}

static const char *TITLE =
    "Tỷ lệ hộ có cáp quang — Bà Rịa – Vũng Tàu";

/* The four squares: 2 km communes in a 2x2 block, plus one outline. */
typedef struct four {
  square sq[4], district;
  phs_map_feature f[4];
  const phs_mpoly *outlines[1];
  const char *labels[1];
  phs_map_spec spec;
} four;

static void four_init(four *m) {
  memset(m, 0, sizeof(*m));
  double vals[4] = {100, 50, 0, NAN};
  for (int i = 0; i < 4; i++) {
    square_init(&m->sq[i], 700000 + (i % 2) * 2000, 1150000 + (i / 2) * 2000,
                2000, 2000);
    m->f[i].geom = &m->sq[i].p;
    m->f[i].value = vals[i];
  }
  m->f[1].flags = PHS_MAPF_UNRELIABLE;
  square_init(&m->district, 700000, 1150000, 4000, 4000);
  m->outlines[0] = &m->district.p;
  m->labels[0] = "Xuyên Mộc";
  phs_map_spec *s = &m->spec;
  s->width = 800;
  s->height = 600;
  s->dpi = 96;
  s->lang = PHS_LANG_VI;
  s->title = TITLE;
  s->subtitle = "Bốn xã thử nghiệm, 2024";
  s->legend_title = "Hộ có cáp quang (%)";
  s->source = "Nguồn: Sở Thông tin và Truyền thông (dữ liệu thử)";
  s->note = "Dữ liệu tổng hợp (synthetic)";
  s->unit = "%";
  s->decimals = 0;
  s->features = m->f;
  s->n_features = 4;
  s->outlines = m->outlines;
  s->outline_labels = m->labels;
  s->n_outlines = 1;
}

/* The four squares classed: equal intervals over {100, 50, 0}: breaks 0,
** 33.3, 66.7, 100, one value per class; YlGnBu 3 = #edf8b1 #7fcdbb
** #2c7fb8. */
static void four_classed(four *m, phs_diag *d) {
  four_init(m);
  double v[4] = {100, 50, 0, NAN};
  ASSERT_OK(phs_classify(v, 4, PHS_CLASS_EQUAL, 3, NULL, 0, &m->spec.classes,
                         d));
  ASSERT_EQ(m->spec.classes.n, 3);
}

static void test_four_squares(void) {
  phs_diag d;
  phs_diag_init(&d);
  four m;
  four_classed(&m, &d);

  phs_image img, img2;
  ASSERT_OK(phs_map_render(&m.spec, &img, &d));
  ASSERT_EQ(img.width, 800);
  ASSERT_EQ(img.height, 600);
  ASSERT_NEAR(img.dpi, 96, 0);
  ASSERT_OK(phs_map_render(&m.spec, &img2, &d));
  ASSERT_TRUE(img.rgba && img2.rgba &&
              memcmp(img.rgba, img2.rgba, 800 * 600 * 4) == 0);

  char *path = tmp_path("render_four_squares.png");
  char *path2 = tmp_path("render_four_squares_2.png");
  const char *desc = "Bản đồ thử nghiệm: bốn xã";
  ASSERT_OK(phs_png_write(&img, path, TITLE, desc, &d));
  ASSERT_OK(phs_png_write(&img2, path2, TITLE, desc, &d));
  if (d.status) fprintf(stderr, "diag: %s\n", d.msg);

  /* Read back: same size and pixels (the map is opaque, written as RGB). */
  phs_image back;
  ASSERT_OK(phs_png_read(path, &back, &d));
  ASSERT_EQ(back.width, 800);
  ASSERT_EQ(back.height, 600);
  ASSERT_NEAR(back.dpi, 3780 * 0.0254, 1e-9); /* 96.012: pHYs is per metre */
  ASSERT_TRUE(back.rgba && memcmp(back.rgba, img.rgba, 800 * 600 * 4) == 0);

  /* Every class colour and the no-data grey cover a square's worth of
  ** pixels (a square is about 200x200 px; a legend swatch 27x17 = 459), the
  ** hatched 50 % square somewhat less. */
  phs_rgb pal[3], grey = {0xd9, 0xd9, 0xd9};
  ASSERT_OK(phs_palette("YlGnBu", 3, pal));
  long n0 = count_rgb(&back, pal[0]), n1 = count_rgb(&back, pal[1]),
       n2 = count_rgb(&back, pal[2]), ng = count_rgb(&back, grey);
  ASSERT_TRUE(n0 > 10000);
  ASSERT_TRUE(n1 > 3000);
  ASSERT_TRUE(n1 < n0); /* the hatch covers part of it */
  ASSERT_TRUE(n2 > 10000);
  ASSERT_TRUE(ng > 10000);
  if (!(n0 > 10000 && n1 > 3000 && n2 > 10000 && ng > 10000))
    fprintf(stderr, "pixel counts: %ld %ld %ld grey %ld\n", n0, n1, n2, ng);

  /* The bytes: IHDR colour type 2 (RGB), pHYs 3780 px/m (96 / 0.0254 =
  ** 3779.53, rounded) in metres, iTXt Title and Description in UTF-8,
  ** tEXt Software, no tIME; the second file is identical. */
  long len = 0, len2 = 0;
  unsigned char *b = read_file(path, &len);
  unsigned char *b2 = read_file(path2, &len2);
  ASSERT_TRUE(b != NULL && b2 != NULL);
  if (b && b2) {
    ASSERT_TRUE(len == len2 && memcmp(b, b2, (size_t)len) == 0);
    unsigned long cl = 0;
    const unsigned char *c = find_chunk(b, len, "IHDR", 0, &cl);
    ASSERT_TRUE(c && cl == 13);
    if (c) {
      ASSERT_EQ(be32(c), 800);
      ASSERT_EQ(be32(c + 4), 600);
      ASSERT_EQ(c[8], 8); /* bit depth */
      ASSERT_EQ(c[9], 2); /* RGB */
    }
    c = find_chunk(b, len, "pHYs", 0, &cl);
    ASSERT_TRUE(c && cl == 9);
    if (c) {
      ASSERT_EQ(be32(c), 3780);
      ASSERT_EQ(be32(c + 4), 3780);
      ASSERT_EQ(c[8], 1);
    }
    int titles = 0, descs = 0;
    for (int k = 0; (c = find_chunk(b, len, "iTXt", k, &cl)) != NULL; k++) {
      /* keyword \0 flag method lang \0 translated \0 text */
      const char *key = (const char *)c;
      size_t kl = strlen(key);
      const unsigned char *q = c + kl + 1;
      ASSERT_EQ(q[0], 0); /* uncompressed */
      q += 2;
      q += strlen((const char *)q) + 1; /* language tag */
      q += strlen((const char *)q) + 1; /* translated keyword */
      size_t tl = cl - (size_t)(q - c);
      if (strcmp(key, "Title") == 0) {
        titles++;
        ASSERT_TRUE(tl == strlen(TITLE) && memcmp(q, TITLE, tl) == 0);
      } else if (strcmp(key, "Description") == 0) {
        descs++;
        ASSERT_TRUE(tl == strlen(desc) && memcmp(q, desc, tl) == 0);
      }
    }
    ASSERT_EQ(titles, 1);
    ASSERT_EQ(descs, 1);
    c = find_chunk(b, len, "tEXt", 0, &cl);
    const char sw[] = "Software\0phusong " PHS_VERSION;
    ASSERT_TRUE(c && cl == sizeof(sw) - 1 && memcmp(c, sw, cl) == 0);
    ASSERT_TRUE(find_chunk(b, len, "tIME", 0, &cl) == NULL);
  }
  free(b);
  free(b2);

  /* Compare with the reference: at most 0.5 % of the pixels may differ by
  ** more than 16 in a channel (fonts and cairo versions move edges). */
  const char *src = getenv("PHS_SOURCE_DIR");
  char *ref = phs_strdup_printf("%s/tests/render/ref/four_squares.png",
                                src ? src : ".");
  const char *update = getenv("PHS_UPDATE_REF");
  if (update && strcmp(update, "1") == 0)
    ASSERT_OK(phs_png_write(&img, ref, TITLE, desc, &d));
  phs_image want;
  ASSERT_OK(phs_png_read(ref, &want, &d));
  if (d.status) fprintf(stderr, "diag: %s\n", d.msg);
  if (want.rgba && want.width == img.width && want.height == img.height) {
    long differ = 0, total = (long)img.width * img.height;
    for (long i = 0; i < total; i++)
      for (int ch = 0; ch < 4; ch++)
        if (abs(want.rgba[4 * i + ch] - img.rgba[4 * i + ch]) > 16) {
          differ++;
          break;
        }
    PHS_CHECK_(differ * 200 <= total, "%ld of %ld pixels differ from %s",
               differ, total, ref);
  } else {
    PHS_CHECK_(0, "reference %s missing or of another size", ref);
  }
  phs_image_free(&want);
  phs_image_free(&back);
  phs_image_free(&img);
  phs_image_free(&img2);
  phs_image_free(&img2); /* twice is harmless */
  phs_image_free(NULL);
  free(ref);
  free(path);
  free(path2);
  phs_diag_clear(&d);
}

/* Nine 2 km communes and an island 180 km south: with the inset, the
** mainland keeps (about) the scale it has alone; without it the block
** would shrink about 20 times in area. */
static void test_inset(void) {
  phs_diag d;
  phs_diag_init(&d);
  square sq[10];
  phs_map_feature f[10];
  memset(f, 0, sizeof(f));
  for (int i = 0; i < 9; i++) {
    square_init(&sq[i], (i % 3) * 2000, (i / 3) * 2000, 2000, 2000);
    f[i].geom = &sq[i].p;
    f[i].value = 100;
  }
  square_init(&sq[9], 3000, -180000, 3000, 2000);
  f[9].geom = &sq[9].p;
  f[9].value = 0;
  phs_map_spec s;
  memset(&s, 0, sizeof(s));
  s.width = 800;
  s.height = 600;
  s.dpi = 96;
  s.lang = PHS_LANG_EN;
  s.title = "Inset test";
  s.legend_title = "Households (%)";
  s.unit = "%";
  s.inset_title = "Côn Đảo";
  s.features = f;
  /* Equal, k 2 over {100 x9, 0}: [0,50) light #edf8b1, [50,100] dark. */
  double v[10];
  for (int i = 0; i < 10; i++) v[i] = f[i].value;
  ASSERT_OK(phs_classify(v, 10, PHS_CLASS_EQUAL, 2, NULL, 0, &s.classes, &d));
  phs_rgb pal[2];
  ASSERT_OK(phs_palette(NULL, 2, pal));

  phs_image alone, with;
  s.n_features = 9;
  ASSERT_OK(phs_map_render(&s, &alone, &d));
  s.n_features = 10;
  ASSERT_OK(phs_map_render(&s, &with, &d));
  long dark_alone = count_rgb(&alone, pal[1]), dark_with = count_rgb(&with, pal[1]);
  long light_alone = count_rgb(&alone, pal[0]), light_with = count_rgb(&with, pal[0]);
  PHS_CHECK_(dark_with * 2 >= dark_alone, "mainland shrank: %ld vs %ld px",
             dark_with, dark_alone);
  /* The island is drawn (in the inset), not just its legend swatch. */
  PHS_CHECK_(light_with - light_alone > 1000, "island: %ld vs %ld px",
             light_with, light_alone);
  char *path = tmp_path("render_inset.png");
  ASSERT_OK(phs_png_write(&with, path, "Inset test", NULL, &d));
  free(path);
  phs_image_free(&alone);
  phs_image_free(&with);
  phs_diag_clear(&d);
}

static void test_text_and_errors(void) {
  /* Every Vietnamese letter of these names has a glyph. */
  ASSERT_EQ(phs_text_missing_glyphs(
                "Bà Rịa – Vũng Tàu, Côn Đảo, Phường Thắng Nhì, Xuyên Mộc"),
            0);
  ASSERT_EQ(phs_text_missing_glyphs(
                "ẮẰẲẴẶ ắằẳẵặ ẤẦẨẪẬ ấầẩẫậ ỐỒỔỖỘ ốồổỗộ ỚỜỞỠỢ ớờởỡợ ỨỪỬỮỰ ứừửữự Đđ"),
            0);
  /* A private-use character no font has: the check does see misses. */
  ASSERT_TRUE(phs_text_missing_glyphs("x\xf4\x8f\xbf\xbd") > 0);

  phs_diag d;
  phs_diag_init(&d);
  phs_image img;
  phs_map_spec s;
  memset(&s, 0, sizeof(s));
  ASSERT_EQ(phs_map_render(&s, &img, &d), PHS_EUSAGE); /* no title */
  ASSERT_CONTAINS(d.msg, "title");
  ASSERT_TRUE(img.rgba == NULL);
  phs_diag_clear(&d);
  s.title = "x";
  s.palette = "Rainbow";
  s.classes.n = 1;
  ASSERT_EQ(phs_map_render(&s, &img, &d), PHS_EUSAGE);
  ASSERT_CONTAINS(d.msg, "Rainbow");
  phs_diag_clear(&d);
  /* An empty map (no features) still renders: title and frame only. */
  s.palette = NULL;
  s.classes.n = 0;
  s.width = 320;
  s.height = 240;
  ASSERT_OK(phs_map_render(&s, &img, &d));
  ASSERT_EQ(img.width, 320);
  phs_image_free(&img);

  ASSERT_EQ(phs_png_read("/nonexistent/x.png", &img, &d), PHS_ERUNTIME);
  ASSERT_CONTAINS(d.msg, "/nonexistent/x.png");
  phs_diag_clear(&d);
  /* Not a PNG. */
  char *bad = tmp_path("render_not_a_png.png");
  FILE *f = fopen(bad, "wb");
  if (f) {
    fputs("hello, this is not a png file at all", f);
    fclose(f);
  }
  ASSERT_EQ(phs_png_read(bad, &img, &d), PHS_ERUNTIME);
  ASSERT_CONTAINS(d.msg, "not a PNG");
  phs_diag_clear(&d);
  /* A truncated PNG: libpng's error arrives through longjmp. */
  four m;
  four_init(&m);
  m.spec.width = 200;
  m.spec.height = 150;
  phs_image small;
  ASSERT_OK(phs_map_render(&m.spec, &small, &d));
  char *good = tmp_path("render_small.png");
  ASSERT_OK(phs_png_write(&small, good, NULL, NULL, &d));
  long len = 0;
  unsigned char *bytes = read_file(good, &len);
  f = fopen(bad, "wb");
  if (f && bytes) {
    fwrite(bytes, 1, (size_t)len / 2, f);
    fclose(f);
  }
  free(bytes);
  ASSERT_EQ(phs_png_read(bad, &img, &d), PHS_ERUNTIME);
  ASSERT_CONTAINS(d.msg, bad);
  ASSERT_TRUE(img.rgba == NULL);
  phs_diag_clear(&d);
  /* A non-opaque image is written RGBA and read back unchanged. */
  small.rgba[3] = 128;
  ASSERT_OK(phs_png_write(&small, good, NULL, NULL, &d));
  ASSERT_OK(phs_png_read(good, &img, &d));
  ASSERT_TRUE(img.rgba && memcmp(img.rgba, small.rgba, 200 * 150 * 4) == 0);
  phs_image_free(&img);
  /* Opacity is checked in blocks of 16 pixels and then the row's tail: a
  ** translucent pixel last of all (200 = 12 x 16 + 8) still makes RGBA. */
  small.rgba[3] = 255;
  small.rgba[(size_t)200 * 150 * 4 - 1] = 7;
  ASSERT_OK(phs_png_write(&small, good, NULL, NULL, &d));
  ASSERT_OK(phs_png_read(good, &img, &d));
  ASSERT_TRUE(img.rgba && memcmp(img.rgba, small.rgba, 200 * 150 * 4) == 0);
  phs_image_free(&img);
  ASSERT_EQ(phs_png_write(&small, "/nonexistent/dir/x.png", NULL, NULL, &d),
            PHS_ERUNTIME);
  ASSERT_CONTAINS(d.msg, "/nonexistent/dir/x.png");
  phs_diag_clear(&d);
  phs_image_free(&small);
  free(good);
  free(bad);

  ASSERT_TRUE(strlen(phs_cairo_version()) > 0);
  ASSERT_TRUE(strlen(phs_pango_version()) > 0);
  ASSERT_TRUE(strncmp(phs_libpng_version(), "1.6", 3) == 0);
}

/* A page of 28.8 MB (3000 x 2400 at 300 dpi), over the 24 MB from which
** render/map.c draws the top and bottom halves at once, each on a surface
** of its own rows: the same page drawn whole on one surface differs only
** where cairo clips an edge at the seam (row 1200): a few pixels of the
** rows beside it, by a few levels. And the halves give the same pixels
** every time. */
static void test_halves(void) {
  phs_diag d;
  phs_diag_init(&d);
  four m;
  four_classed(&m, &d);
  m.spec.width = 3000;
  m.spec.height = 2400;
  m.spec.dpi = 300;
  phs_image halves, again;
  ASSERT_OK(phs_map_render(&m.spec, &halves, &d));
  ASSERT_OK(phs_map_render(&m.spec, &again, &d));
  size_t n = (size_t)3000 * 2400;
  ASSERT_TRUE(halves.rgba && again.rgba &&
              memcmp(halves.rgba, again.rgba, n * 4) == 0);
  unsigned char *whole = calloc(n, 4);
  ASSERT_TRUE(whole != NULL);
  if (whole == NULL || halves.rgba == NULL) return;
  cairo_surface_t *surf = cairo_image_surface_create_for_data(
      whole, CAIRO_FORMAT_ARGB32, 3000, 2400, 3000 * 4);
  cairo_t *cr = cairo_create(surf);
  ASSERT_OK(phs_map_draw(&m.spec, cr, NULL, &d));
  cairo_destroy(cr);
  cairo_surface_destroy(surf);
  render_argb32_to_rgba(whole, n);
  long differ = 0, far = 0, maxdiff = 0; /* pixels; those away from row
                                             1200; the largest difference */
  for (size_t i = 0; i < n; i++) {
    int diff = 0;
    for (int c = 0; c < 4; c++) {
      int dc = abs((int)whole[4 * i + c] - (int)halves.rgba[4 * i + c]);
      if (dc > diff) diff = dc;
    }
    if (diff == 0) continue;
    differ++;
    long row = (long)(i / 3000);
    if (row < 1198 || row > 1201) far++;
    if (diff > maxdiff) maxdiff = diff;
  }
  ASSERT_EQ(far, 0);          /* only beside the seam */
  ASSERT_TRUE(differ <= 30);  /* a few pixels of 7.2 million */
  ASSERT_TRUE(maxdiff <= 16); /* by a few levels */
  /* and the page is drawn: the class colours are there */
  ASSERT_TRUE(count_rgb(&halves, (phs_rgb){0x2c, 0x7f, 0xb8}) > 100000);
  printf("render_map: halves against whole: %ld pixels differ, by at most"
         " %ld\n", differ, maxdiff);
  free(whole);
  phs_image_free(&halves);
  phs_image_free(&again);
  phs_diag_clear(&d);
}

int main(void) {
  test_four_squares();
  test_halves();
  test_inset();
  test_text_and_errors();
  return phs_test_report("render_map");
}
