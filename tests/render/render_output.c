/*
** render_output.c: a map as a file (render/map_output.c). One square
** feature, 1 km on a side at (500000, 1000000) in UTM 48N, in one class
** (YlGnBu's single colour #7fcdbb, the middle of its 3-class scheme), is
** saved as PNG, SVG and PDF: the format follows the extension; the PNG's
** world file holds the main frame's affine with the top-left pixel's
** centre, and the square lands where the affine says; the vector pages are
** the pixels in points; the same spec gives the same bytes; text and lines
** scale with the DPI; errors leave no file.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "phs_render.h"
#include "phs_test.h"
#include "render_fixture.h"

static char *tmp_path(const char *name) {
  const char *dir = getenv("PHS_TMP");
  return phs_strdup_printf("%s/render_output_%s", dir ? dir : "/tmp", name);
}

static char *slurp(const char *path, long *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)n + 1);
  if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
    free(b);
    b = NULL;
  }
  if (b) b[n] = '\0';
  fclose(f);
  if (len) *len = n;
  return b;
}

static int same_bytes(const char *a, const char *b) {
  long na = 0, nb = 0;
  char *x = slurp(a, &na), *y = slurp(b, &nb);
  int same = x && y && na == nb && memcmp(x, y, (size_t)na) == 0;
  free(x);
  free(y);
  return same;
}

/* Does the n bytes of hay hold needle (binary-safe)? */
static int has_bytes(const char *hay, long n, const char *needle) {
  size_t k = strlen(needle);
  for (long i = 0; hay && i + (long)k <= n; i++)
    if (memcmp(hay + i, needle, k) == 0) return 1;
  return 0;
}

static int exists(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f) fclose(f);
  return f != NULL;
}

typedef struct one {
  square sq;
  phs_map_feature f;
  phs_map_spec spec;
} one;

static void one_init(one *m, int w, int h, double dpi) {
  memset(m, 0, sizeof(*m));
  square_init(&m->sq, 500000, 1000000, 1000, 1000);
  m->f.geom = &m->sq.p;
  m->f.value = 50;
  m->spec.width = w;
  m->spec.height = h;
  m->spec.dpi = dpi;
  m->spec.lang = PHS_LANG_VI;
  m->spec.title = "Bản đồ một xã";
  m->spec.legend_title = "Tỷ lệ (%)";
  m->spec.unit = "%";
  m->spec.classes.n = 1;
  m->spec.classes.breaks[0] = 0;
  m->spec.classes.breaks[1] = 100;
  m->spec.classes.counts[0] = 1;
  m->spec.features = &m->f;
  m->spec.n_features = 1;
}

static void test_formats(void) {
  ASSERT_EQ(phs_map_format_from_path("a/b/map.png"), PHS_MAP_PNG);
  ASSERT_EQ(phs_map_format_from_path("MAP.SVG"), PHS_MAP_SVG);
  ASSERT_EQ(phs_map_format_from_path("x.Pdf"), PHS_MAP_PDF);
  ASSERT_EQ(phs_map_format_from_path("x.jpg"), -1);
  ASSERT_EQ(phs_map_format_from_path("x.pngx"), -1);
  ASSERT_EQ(phs_map_format_from_path("dir.png/map"), -1);
  ASSERT_EQ(phs_map_format_from_path("png"), -1);
  ASSERT_EQ(phs_map_format_from_path(NULL), -1);
  ASSERT_STREQ(phs_map_format_ext(PHS_MAP_SVG), "svg");
}

/* The PNG, its world file and .aux.xml, and the square where the affine
** puts it. */
static void test_png_georef(void) {
  one m;
  one_init(&m, 800, 600, 96);
  phs_diag d;
  phs_diag_init(&d);
  char *png = tmp_path("one.png"), *pgw = tmp_path("one.pgw"),
       *aux = tmp_path("one.png.aux.xml"), *png2 = tmp_path("one2.png");
  remove(pgw);
  remove(aux);
  phs_map_frame fr;
  phs_map_output out = {"Mô tả", "EPSG:32648"};
  ASSERT_OK(phs_map_save(&m.spec, png, &out, &fr, &d));
  ASSERT_EQ(fr.valid, 1);
  ASSERT_EQ(fr.width, 800);
  ASSERT_EQ(fr.height, 600);
  ASSERT_TRUE(fr.pixel_size > 0);

  /* The world file: the frame, with C and F half a pixel in. */
  char *wf = slurp(pgw, NULL);
  double v[6] = {0};
  int n = wf ? sscanf(wf, "%lf %lf %lf %lf %lf %lf", &v[0], &v[1], &v[2],
                      &v[3], &v[4], &v[5])
             : 0;
  ASSERT_EQ(n, 6);
  ASSERT_NEAR(v[0], fr.pixel_size, 1e-9);
  ASSERT_NEAR(v[1], 0, 0);
  ASSERT_NEAR(v[2], 0, 0);
  ASSERT_NEAR(v[3], -fr.pixel_size, 1e-9);
  ASSERT_NEAR(v[4], fr.x0 + fr.pixel_size / 2, 1e-6);
  ASSERT_NEAR(v[5], fr.y0 - fr.pixel_size / 2, 1e-6);
  free(wf);
  char *ax = slurp(aux, NULL);
  ASSERT_CONTAINS(ax, "<PAMDataset>");
  ASSERT_CONTAINS(ax, "UTM zone 48N");
  ASSERT_CONTAINS(ax, "32648");
  free(ax);

  /* The square is 1000 m wide; the map fits it in the frame, so it spans
  ** hundreds of pixels. Its centre and points 3 pixels inside each edge
  ** are #7fcdbb; 3 pixels outside, the page white. */
  phs_image img;
  ASSERT_OK(phs_png_read(png, &img, &d));
  ASSERT_TRUE(1000 / fr.pixel_size > 100);
  double ps = fr.pixel_size, in = 3 * ps;
  struct {
    double x, y;
    int inside;
  } pts[] = {{500500, 1000500, 1},           {500000 + in, 1000500, 1},
             {500000 - in, 1000500, 0},      {501000 - in, 1000500, 1},
             {501000 + in, 1000500, 0},      {500500, 1001000 - in, 1},
             {500500, 1001000 + in, 0},      {500500, 1000000 + in, 1},
             {500500, 1000000 - in, 0}};
  for (size_t i = 0; i < sizeof(pts) / sizeof(pts[0]); i++) {
    int col = (int)floor((pts[i].x - fr.x0) / ps);
    int row = (int)floor((fr.y0 - pts[i].y) / ps);
    int ok = col >= 0 && row >= 0 && img.rgba && col < img.width &&
             row < img.height;
    const unsigned char *p =
        ok ? img.rgba + 4 * ((size_t)row * img.width + col) : NULL;
    unsigned want = pts[i].inside ? 0x7fcdbb : 0xffffff;
    unsigned got = p ? (unsigned)p[0] << 16 | p[1] << 8 | p[2] : 0x1000000;
    PHS_CHECK_(got == want, "point %zu (%g, %g) at pixel (%d, %d): #%06x,"
               " expected #%06x", i, pts[i].x, pts[i].y, col, row, got, want);
  }
  phs_image_free(&img);

  /* The same spec, the same bytes. */
  ASSERT_OK(phs_map_save(&m.spec, png2, &out, NULL, &d));
  ASSERT_TRUE(same_bytes(png, png2));

  /* No CRS: no world file. */
  remove(pgw);
  phs_map_output plain = {NULL, NULL};
  ASSERT_OK(phs_map_save(&m.spec, png, &plain, NULL, &d));
  ASSERT_TRUE(!exists(pgw));

  /* A CRS PROJ does not know: an input error and no map left. */
  phs_diag_clear(&d);
  phs_map_output bad = {NULL, "EPSG:999999"};
  ASSERT_EQ(phs_map_save(&m.spec, png2, &bad, NULL, &d), PHS_EINPUT);
  ASSERT_TRUE(!exists(png2));
  phs_diag_clear(&d);
  /* An unknown extension: a usage error and no file. */
  char *jpg = tmp_path("one.jpg");
  ASSERT_EQ(phs_map_save(&m.spec, jpg, &out, NULL, &d), PHS_EUSAGE);
  ASSERT_TRUE(!exists(jpg));
  phs_diag_clear(&d);
  free(jpg);
  free(png);
  free(pgw);
  free(aux);
  free(png2);
}

/* SVG and PDF: the same frame as the PNG, the page in points, text. */
static void test_vector(void) {
  one m;
  one_init(&m, 600, 450, 144);
  phs_diag d;
  phs_diag_init(&d);
  char *svg = tmp_path("one.svg"), *pdf = tmp_path("one.pdf"),
       *pdf2 = tmp_path("one2.pdf"), *png = tmp_path("one_v.png");
  phs_map_output out = {"Mô tả & <ghi chú>", "EPSG:32648"};
  phs_map_frame fp, fs, fd;
  ASSERT_OK(phs_map_save(&m.spec, png, &out, &fp, &d));
  ASSERT_OK(phs_map_save(&m.spec, svg, &out, &fs, &d));
  ASSERT_OK(phs_map_save(&m.spec, pdf, &out, &fd, &d));
  /* One layout: the frames agree exactly. */
  ASSERT_TRUE(fs.valid && fd.valid);
  ASSERT_NEAR(fs.pixel_size, fp.pixel_size, 0);
  ASSERT_NEAR(fs.x0, fp.x0, 0);
  ASSERT_NEAR(fd.y0, fp.y0, 0);
  /* 600 x 450 px at 144 dpi = 300 x 225 pt. */
  char *s = slurp(svg, NULL);
  ASSERT_CONTAINS(s, "width=\"300pt\" height=\"225pt\"");
  ASSERT_CONTAINS(s, "<title>Bản đồ một xã</title>");
  ASSERT_CONTAINS(s, "<desc>Mô tả &amp; &lt;ghi chú&gt;\nTỷ lệ (%)\n");
  /* The one class, closed: "0 – 100 %", holding the one feature. */
  ASSERT_CONTAINS(s, "\n0 \xe2\x80\x93 100 %  (1)\n</desc>");
  free(s);
  long n = 0;
  s = slurp(pdf, &n);
  ASSERT_TRUE(s && strncmp(s, "%PDF-", 5) == 0);
  ASSERT_TRUE(has_bytes(s, n, "/MediaBox [ 0 0 300 225 ]"));
  ASSERT_TRUE(has_bytes(s, n, "/Creator (phusong "));
  ASSERT_TRUE(s && !has_bytes(s, n, "/CreationDate"));
  free(s);
  ASSERT_OK(phs_map_save(&m.spec, pdf2, &out, NULL, &d));
  ASSERT_TRUE(same_bytes(pdf, pdf2));
  free(svg);
  free(pdf);
  free(pdf2);
  free(png);
}

/* The ink of an image: the darkness of every pixel summed, so a glyph's
** antialiased edge counts for the part of the pixel it covers and the
** total grows with the area the ink covers. */
static double ink(const phs_image *img) {
  double n = 0;
  for (long i = 0; i < (long)img->width * img->height; i++) {
    const unsigned char *p = img->rgba + 4 * i;
    n += (765 - p[0] - p[1] - p[2]) / 765.0;
  }
  return n;
}

/* Text only (no feature): the same page of 600 x 450 pt at 72 and at 144
** dpi. Text drawn in points covers 4 times the pixels at twice the DPI;
** text drawn in pixels would cover the same number. */
static void test_dpi_scaling(void) {
  phs_map_spec s;
  memset(&s, 0, sizeof(s));
  s.title = "Tỷ lệ hộ có cáp quang theo xã";
  s.subtitle = "Tỉnh Thử Nghiệm · lần phân tích 1";
  s.source = "Nguồn: thử nghiệm";
  phs_diag d;
  phs_diag_init(&d);
  phs_image lo, hi;
  s.width = 600, s.height = 450, s.dpi = 72;
  ASSERT_OK(phs_map_render(&s, &lo, &d));
  s.width = 1200, s.height = 900, s.dpi = 144;
  ASSERT_OK(phs_map_render(&s, &hi, &d));
  double a = ink(&lo), b = ink(&hi);
  PHS_CHECK_(a > 500 && b > 3.6 * a && b < 4.4 * a,
             "ink at 72 dpi %.0f, at 144 dpi %.0f (expected about 4x)", a, b);
  phs_image_free(&lo);
  phs_image_free(&hi);
}

int main(void) {
  test_formats();
  test_png_georef();
  test_vector();
  test_dpi_scaling();
  return phs_test_report("render_output");
}
