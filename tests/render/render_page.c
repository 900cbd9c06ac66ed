/*
** render_page.c: what a map page may be. The CLI's --size words to pixels
** (render/page_size.c: the sizes worked out by hand below; WxH digits
** only, so "4294967496x300", which sscanf's %d once read as 200 x 300, is
** refused), and what map.c refuses before drawing, found by the
** fuzz_map_options target: a DPI below 1 (its message said 1..2400), a page
** that leaves no room for the map (it was drawn mirrored, without a world
** file), and text a PNG, SVG or PDF cannot carry (not UTF-8, control
** characters, U+FFFE), in the spec or in the description.
*/
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "phs_render.h"
#include "phs_test.h"
#include "render_fixture.h"

#define SIZES "(slide, a4, a3, a4-portrait, a3-portrait, or WxH pixels, 200" \
              " to 20000 each)"

static void size_is(const char *size, double dpi_in, int w, int h,
                    double dpi) {
  int W = 0, H = 0;
  double D = dpi_in;
  phs_diag d;
  phs_diag_init(&d);
  ASSERT_OK(phs_map_page_size(size, &W, &H, &D, &d));
  ASSERT_EQ(W, w);
  ASSERT_EQ(H, h);
  ASSERT_NEAR(D, dpi, 0);
  phs_diag_clear(&d);
}

static void size_refused(const char *size) {
  int W = 0, H = 0;
  double D = 0;
  phs_diag d;
  phs_diag_init(&d);
  ASSERT_EQ(phs_map_page_size(size, &W, &H, &D, &d), PHS_EUSAGE);
  char want[256];
  snprintf(want, sizeof(want), "--size: '%s' " SIZES, size);
  const char *w = want;
  ASSERT_STREQ(d.msg, w);
  ASSERT_EQ(W, 0);
  ASSERT_EQ(H, 0);
  phs_diag_clear(&d);
}

static void test_sizes(void) {
  size_is(NULL, 0, 0, 0, 0); /* no --size: nothing set */
  size_is("slide", 0, 1920, 1080, 150);
  size_is("slide", 96, 1920, 1080, 96);
  /* 297 mm / 25.4 * 300 = 3507.87, 210 mm: 2480.31 */
  size_is("a4", 0, 3508, 2480, 300);
  /* at 150 dpi: 420 mm -> 2480.31, 297 mm -> 1753.94 */
  size_is("a3", 150, 2480, 1754, 150);
  size_is("a4-portrait", 0, 2480, 3508, 300);
  /* at 1200 dpi: 297 mm -> 14031.50 (just below: 14031.496), 420 mm ->
  ** 19842.52, within the 20000 px of --width */
  size_is("a3-portrait", 1200, 14031, 19843, 1200);
  size_is("800x600", 0, 800, 600, 0);
  size_is("200x200", 0, 200, 200, 0);
  size_is("20000x20000", 72, 20000, 20000, 72);
  size_is("0800x0600", 0, 800, 600, 0);
  size_refused("199x300");
  size_refused("300x20001");
  size_refused("4294967496x300");
  size_refused("300x4294967496");
  size_refused("+300x300");
  size_refused(" 300x300");
  size_refused("300x 300");
  size_refused("300x300 ");
  size_refused("300X300");
  size_refused("300x300x300");
  size_refused("x300");
  size_refused("300x");
  size_refused("");
  size_refused("A4");
  int W = 900, H = 0;
  double D = 0;
  phs_diag d;
  phs_diag_init(&d);
  ASSERT_EQ(phs_map_page_size("a4", &W, &H, &D, &d), PHS_EUSAGE);
  ASSERT_STREQ(d.msg, "--size and --width/--height both set the size: give"
               " one");
  ASSERT_EQ(W, 900);
  phs_diag_clear(&d);
}

typedef struct one {
  square sq;
  phs_map_feature f;
  phs_map_spec spec;
} one;

static void one_init(one *m) {
  memset(m, 0, sizeof(*m));
  square_init(&m->sq, 500000, 1000000, 1000, 1000);
  m->f.geom = &m->sq.p;
  m->f.value = 50;
  m->spec.width = 400;
  m->spec.height = 300;
  m->spec.dpi = 96;
  m->spec.title = "Bản đồ";
  m->spec.unit = "%";
  m->spec.classes.n = 1;
  m->spec.classes.breaks[0] = 0;
  m->spec.classes.breaks[1] = 100;
  m->spec.classes.counts[0] = 1;
  m->spec.features = &m->f;
  m->spec.n_features = 1;
}

static char *png_path;

/* "map: the WHAT" then fmt with v and at, in a static buffer. */
static const char *text_msg(const char *what, const char *fmt, unsigned v,
                            int at) {
  static char buf[512];
  int k = snprintf(buf, sizeof(buf), "map: the %s", what);
  snprintf(buf + k, sizeof(buf) - (size_t)k, fmt, v, at);
  return buf;
}

/* phs_map_save refuses with exactly msg and writes no file. */
static void save_refused(const one *m, const phs_map_output *out,
                         const char *msg) {
  phs_diag d;
  phs_diag_init(&d);
  unlink(png_path);
  ASSERT_EQ(phs_map_save(&m->spec, png_path, out, NULL, &d), PHS_EUSAGE);
  ASSERT_STREQ(d.msg, msg);
  ASSERT_TRUE(access(png_path, F_OK) != 0);
  phs_diag_clear(&d);
}

static void test_spec_checks(void) {
  one m;
  one_init(&m);
  phs_diag d;
  phs_diag_init(&d);
  phs_map_output out = {"Mô tả\tcột\nhàng", "EPSG:32648"};
  ASSERT_OK(phs_map_save(&m.spec, png_path, &out, NULL, &d)); /* the base */
  phs_diag_clear(&d);

  m.spec.dpi = 0.5;
  save_refused(&m, NULL, "map: dpi 0.5 out of range (1..2400)");
  m.spec.dpi = 2401;
  save_refused(&m, NULL, "map: dpi 2401 out of range (1..2400)");
  /* 300 x 300 px at 2400 dpi: 9 pt wide, the header alone fills it */
  m.spec.width = m.spec.height = 300;
  m.spec.dpi = 2400;
  save_refused(&m, NULL, "map: a 300x300 page at 2400 dpi leaves no room for"
               " the map beside its title, legend and notes (hint: a larger"
               " size or a lower dpi)");
  one_init(&m);

  static const char not_utf8[] = " is not UTF-8 (byte 0x%02X at byte %d;"
                                 " hint: save the text as UTF-8)";
  static const char control[] = " holds U+%04X at byte %d, which a PNG, SVG"
                                " or PDF cannot carry (only tab and line"
                                " breaks of the control characters)";
  m.spec.title = "H\xe0 N\xf4i"; /* CP1258 bytes */
  save_refused(&m, NULL, text_msg("title", not_utf8, 0xE0, 2));
  m.spec.title = "B\xe1\xba"; /* "Bạ" cut inside its second character */
  save_refused(&m, NULL, text_msg("title", not_utf8, 0xE1, 2));
  m.spec.title = "\xc0\xaf"; /* an overlong '/' */
  save_refused(&m, NULL, text_msg("title", not_utf8, 0xC0, 1));
  m.spec.title = "Bản đồ";
  m.spec.source = "Sở\x07"; /* S, then U+1EDF in 3 bytes, then BEL */
  save_refused(&m, NULL, text_msg("source line", control, 7, 5));
  m.spec.source = NULL;
  m.spec.legend_title = "a\xef\xbf\xbe"; /* U+FFFE */
  save_refused(&m, NULL, text_msg("legend title", control, 0xFFFE, 2));
  m.spec.legend_title = NULL;
  m.f.label = "X\x1b[31m";
  save_refused(&m, NULL, text_msg("feature label", control, 0x1B, 2));
  m.f.label = NULL;
  phs_map_output bad = {"\x01", NULL};
  save_refused(&m, &bad, text_msg("description", control, 1, 1));
  /* tab, LF and CR pass, as does the rest of Unicode */
  m.spec.title = "Dòng 1\nDòng 2\tcột\r\xf0\x9f\x97\xba";
  ASSERT_OK(phs_map_save(&m.spec, png_path, &out, NULL, &d));
  phs_diag_clear(&d);
}

/* A title cut by snprintf to the CLI's buffers stays UTF-8 once trimmed
** (phs_utf8_trim, analyzer/mapdraw.c), so long titles are not refused. */
static void test_trim(void) {
  char buf[8], *t = buf;
  /* "Bản đồ" cut to 7 bytes as snprintf into char[8] cuts it: B, ả in 3
  ** bytes, n, a space, then the first byte of đ */
  strcpy(buf, "B\xe1\xba\xa3n \xc4");
  phs_utf8_trim(t);
  ASSERT_STREQ(t, "Bản ");
  phs_utf8_trim(t); /* whole characters stay */
  ASSERT_STREQ(t, "Bản ");
  strcpy(buf, "\xf0\x9f\x97"); /* a 4-byte character cut after 3 */
  phs_utf8_trim(t);
  ASSERT_STREQ(t, "");
  strcpy(buf, "ab\x80"); /* a stray continuation byte: not a cut, left */
  phs_utf8_trim(t);
  ASSERT_STREQ(t, "ab\x80");
}

int main(void) {
  const char *dir = getenv("PHS_TMP");
  png_path = phs_strdup_printf("%s/render_page.png", dir ? dir : "/tmp");
  test_sizes();
  test_spec_checks();
  test_trim();
  free(png_path);
  return phs_test_report("render_page");
}
