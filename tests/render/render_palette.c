/*
** render_palette.c: the ColorBrewer schemes and the colours of classes
** around a midpoint (render/palette.c).
**
** Expected colours are typed here from the published ColorBrewer tables
** (colorbrewer2.org, Brewer 2002; the hex codes it shows for each scheme
** and number of classes), independently of render/palette.c's table, for
** several schemes and sizes of each kind. The colours around a midpoint are
** worked out by hand from the rule in phs_render.h (the comment of each
** case shows the arithmetic).
*/
#include <math.h>
#include <stdlib.h>

#include "phs_render.h"
#include "phs_test.h"
#include "render_fixture.h"

static unsigned int hex(phs_rgb c) {
  return (unsigned int)c.r << 16 | (unsigned int)c.g << 8 | c.b;
}

/* The n colours of scheme name are want[0..n-1]. */
static void expect_scheme(const char *name, int n, const unsigned int *want) {
  phs_rgb p[11];
  memset(p, 0, sizeof(p));
  PHS_CHECK_(phs_palette(name, n, p) == PHS_OK, "%s %d: not found", name, n);
  for (int i = 0; i < n; i++)
    PHS_CHECK_(hex(p[i]) == want[i], "%s %d [%d]: #%06x, published #%06x",
               name, n, i, hex(p[i]), want[i]);
}

static void test_published(void) {
  /* Diverging, as colorbrewer2.org lists them. */
  static const unsigned int rdylbu11[] = {
      0xa50026, 0xd73027, 0xf46d43, 0xfdae61, 0xfee090, 0xffffbf,
      0xe0f3f8, 0xabd9e9, 0x74add1, 0x4575b4, 0x313695};
  static const unsigned int rdylbu3[] = {0xfc8d59, 0xffffbf, 0x91bfdb};
  static const unsigned int rdbu4[] = {0xca0020, 0xf4a582, 0x92c5de,
                                       0x0571b0};
  static const unsigned int rdbu11[] = {0x67001f, 0xb2182b, 0xd6604d, 0xf4a582,
                                        0xfddbc7, 0xf7f7f7, 0xd1e5f0, 0x92c5de,
                                        0x4393c3, 0x2166ac, 0x053061};
  static const unsigned int brbg7[] = {0x8c510a, 0xd8b365, 0xf6e8c3, 0xf5f5f5,
                                       0xc7eae5, 0x5ab4ac, 0x01665e};
  static const unsigned int puor9[] = {0xb35806, 0xe08214, 0xfdb863,
                                       0xfee0b6, 0xf7f7f7, 0xd8daeb,
                                       0xb2abd2, 0x8073ac, 0x542788};
  static const unsigned int piyg10[] = {0x8e0152, 0xc51b7d, 0xde77ae, 0xf1b6da,
                                        0xfde0ef, 0xe6f5d0, 0xb8e186, 0x7fbc41,
                                        0x4d9221, 0x276419};
  static const unsigned int rdylgn6[] = {0xd73027, 0xfc8d59, 0xfee08b,
                                         0xd9ef8b, 0x91cf60, 0x1a9850};
  static const unsigned int rdylgn5[] = {0xd7191c, 0xfdae61, 0xffffbf,
                                         0xa6d96a, 0x1a9641};
  expect_scheme("RdYlBu", 11, rdylbu11);
  expect_scheme("RdYlBu", 3, rdylbu3);
  expect_scheme("RdBu", 4, rdbu4);
  expect_scheme("RdBu", 11, rdbu11);
  expect_scheme("BrBG", 7, brbg7);
  expect_scheme("PuOr", 9, puor9);
  expect_scheme("PiYG", 10, piyg10);
  expect_scheme("RdYlGn", 6, rdylgn6);
  expect_scheme("RdYlGn", 5, rdylgn5);
  /* Sequential, the default among them. */
  static const unsigned int ylgnbu9[] = {0xffffd9, 0xedf8b1, 0xc7e9b4,
                                         0x7fcdbb, 0x41b6c4, 0x1d91c0,
                                         0x225ea8, 0x253494, 0x081d58};
  static const unsigned int orrd4[] = {0xfef0d9, 0xfdcc8a, 0xfc8d59,
                                       0xd7301f};
  expect_scheme("YlGnBu", 9, ylgnbu9);
  expect_scheme(NULL, 9, ylgnbu9);
  expect_scheme("OrRd", 4, orrd4);

  /* Every size of every scheme exists, its colours are distinct, and each
  ** odd diverging scheme has a light neutral centre (luma > 0.9: the
  ** published centres are #ffffbf, #f7f7f7, #f5f5f5). */
  const char *seq[] = {"YlGnBu", "Blues", "Greens", "OrRd", "Purples"};
  const char *div[] = {"RdYlBu", "RdBu", "BrBG", "PuOr", "PiYG", "RdYlGn"};
  for (int s = 0; s < 11; s++) {
    const char *name = s < 5 ? seq[s] : div[s - 5];
    int max_n = s < 5 ? 9 : 11;
    ASSERT_EQ(phs_palette_kind_of(name),
              s < 5 ? PHS_PALETTE_SEQUENTIAL : PHS_PALETTE_DIVERGING);
    for (int n = 1; n <= max_n; n++) {
      phs_rgb p[11];
      PHS_CHECK_(phs_palette(name, n, p) == PHS_OK, "%s %d", name, n);
      for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
          PHS_CHECK_(hex(p[i]) != hex(p[j]), "%s %d: [%d] = [%d]", name, n,
                     i, j);
      if (s >= 5 && n % 2 == 1 && n >= 3) {
        phs_rgb c = p[n / 2];
        double luma = (0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b) / 255;
        PHS_CHECK_(luma > 0.9, "%s %d: centre #%06x not light", name, n,
                   hex(c));
      }
    }
    phs_rgb p[12];
    ASSERT_EQ(phs_palette(name, max_n + 1, p), PHS_EUSAGE);
    ASSERT_EQ(phs_palette(name, 0, p), PHS_EUSAGE);
  }
  ASSERT_EQ(phs_palette_kind_of("Viridis"), -1);
  phs_rgb p[3];
  ASSERT_EQ(phs_palette("Viridis", 3, p), PHS_EUSAGE);
}

/* Classes from bounds b[0..n] (ends may be infinite). */
static phs_classes classes_of(const double *b, int n) {
  phs_classes c;
  memset(&c, 0, sizeof(c));
  c.n = n;
  for (int i = 0; i <= n; i++) c.breaks[i] = b[i];
  return c;
}

static void expect_colours(const char *what, const phs_rgb *got,
                           const unsigned int *want, int n) {
  for (int i = 0; i < n; i++)
    PHS_CHECK_(hex(got[i]) == want[i], "%s: class %d #%06x, want #%06x",
               what, i, hex(got[i]), want[i]);
}

static void test_midpoint(void) {
  phs_diag d;
  phs_diag_init(&d);
  phs_rgb out[PHS_MAX_CLASSES];
  /* Targets 80, 90, 95: "< 80", "80 – < 90", "90 – < 95", "≥ 95". */
  double t[5] = {-INFINITY, 80, 90, 95, INFINITY};
  phs_classes c = classes_of(t, 4);

  /* Midpoint 90 (the target): 2 below, 2 above, none straddles: h = 2,
  ** RdYlBu 4 = d7191c fdae61 | abd9e9 2c7bb6, all four in order. */
  ASSERT_OK(phs_palette_classes("RdYlBu", &c, 1, 90, out, &d));
  static const unsigned int m90[] = {0xd7191c, 0xfdae61, 0xabd9e9, 0x2c7bb6};
  expect_colours("midpoint 90", out, m90, 4);

  /* Midpoint 85: "< 80" below, "80 – < 90" straddles, two above: h = 2,
  ** scheme of 5 = d7191c fdae61 ffffbf abd9e9 2c7bb6; below gets
  ** all[h - 1] = fdae61 (the palest red), the straddler ffffbf. */
  ASSERT_OK(phs_palette_classes("RdYlBu", &c, 1, 85, out, &d));
  static const unsigned int m85[] = {0xfdae61, 0xffffbf, 0xabd9e9, 0x2c7bb6};
  expect_colours("midpoint 85", out, m85, 4);

  /* Midpoint 99: three below, "≥ 95" straddles: h = 3, scheme of 7 =
  ** d73027 fc8d59 fee090 ffffbf e0f3f8 91bfdb 4575b4; below all[0..2]. */
  ASSERT_OK(phs_palette_classes("RdYlBu", &c, 1, 99, out, &d));
  static const unsigned int m99[] = {0xd73027, 0xfc8d59, 0xfee090, 0xffffbf};
  expect_colours("midpoint 99", out, m99, 4);

  /* Midpoint 50: "< 80" straddles (−inf < 50 < 80), three above: h = 3,
  ** scheme of 7; the straddler all[3], above all[4..6]. With RdBu 7 =
  ** b2182b ef8a62 fddbc7 f7f7f7 d1e5f0 67a9cf 2166ac. */
  ASSERT_OK(phs_palette_classes("RdBu", &c, 1, 50, out, &d));
  static const unsigned int m50[] = {0xf7f7f7, 0xd1e5f0, 0x67a9cf, 0x2166ac};
  expect_colours("midpoint 50", out, m50, 4);

  /* A bound that is the midpoint up to rounding (0.1 + 0.2 vs 0.3): one
  ** class each side, scheme of 2 = the ends of the 3-colour scheme. */
  double r[3] = {0, 0.1 + 0.2, 1};
  phs_classes c2 = classes_of(r, 2);
  ASSERT_OK(phs_palette_classes("PuOr", &c2, 1, 0.3, out, &d));
  static const unsigned int m03[] = {0xf1a340, 0x998ec3};
  expect_colours("midpoint 0.3", out, m03, 2);

  /* A single class at the midpoint's value: [90, 90] is above (its lower
  ** bound is the midpoint), h = 1, scheme of 2: its second colour. */
  double one[2] = {90, 90};
  phs_classes c1 = classes_of(one, 1);
  ASSERT_OK(phs_palette_classes("BrBG", &c1, 1, 90, out, &d));
  ASSERT_EQ(hex(out[0]), 0x5ab4ac);

  /* No midpoint: the n-colour scheme itself (BrBG 5). */
  double e[6] = {0, 1, 2, 3, 4, 5};
  phs_classes c5 = classes_of(e, 5);
  ASSERT_OK(phs_palette_classes("BrBG", &c5, 0, 0, out, &d));
  static const unsigned int brbg5[] = {0xa6611a, 0xdfc27d, 0xf5f5f5, 0x80cdc1,
                                       0x018571};
  expect_colours("BrBG 5", out, brbg5, 5);
  /* Sequential: the default YlGnBu 5. */
  ASSERT_OK(phs_palette_classes(NULL, &c5, 0, 0, out, &d));
  static const unsigned int ylgnbu5[] = {0xffffcc, 0xa1dab4, 0x41b6c4,
                                         0x2c7fb8, 0x253494};
  expect_colours("YlGnBu 5", out, ylgnbu5, 5);

  /* Errors. Six classes below the midpoint: an arm has 5 colours. */
  double nine[10] = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90};
  phs_classes c9 = classes_of(nine, 9);
  ASSERT_EQ(phs_palette_classes("RdYlBu", &c9, 1, 60, out, &d), PHS_EUSAGE);
  ASSERT_CONTAINS(d.msg, "at most 5");
  phs_diag_clear(&d);
  /* ... five below and four above fit: h = 5, scheme of 10. */
  ASSERT_OK(phs_palette_classes("RdYlBu", &c9, 1, 50, out, &d));
  ASSERT_EQ(hex(out[0]), 0xa50026);
  ASSERT_EQ(hex(out[8]), 0x4575b4); /* all[5 + 3] of RdYlBu 10 */
  ASSERT_EQ(phs_palette_classes("YlGnBu", &c5, 1, 2, out, &d), PHS_EUSAGE);
  ASSERT_CONTAINS(d.msg, "diverging");
  ASSERT_CONTAINS(d.msg, "RdYlBu");
  phs_diag_clear(&d);
  ASSERT_EQ(phs_palette_classes("RdBu", &c5, 1, NAN, out, &d), PHS_EUSAGE);
  phs_diag_clear(&d);
  ASSERT_EQ(phs_palette_classes("Viridis", &c5, 0, 0, out, &d), PHS_EUSAGE);
  ASSERT_CONTAINS(d.msg, "'Viridis'");
  ASSERT_CONTAINS(d.msg, "YlGnBu");
  ASSERT_CONTAINS(d.msg, "PiYG");
  phs_diag_clear(&d);
}

/* The map draws those colours: four squares at 40, 85, 92, 99 with targets
** 80, 90, 95 around 90 in RdYlBu: classes "80 – < 90" (85) and "90 – < 95"
** (92) and "≥ 95" (99), "< 80" (40): colours of midpoint 90 above. */
static void test_map_colours(void) {
  phs_diag d;
  phs_diag_init(&d);
  square sq[4];
  phs_map_feature f[4];
  memset(f, 0, sizeof(f));
  double v[4] = {40, 85, 92, 99};
  for (int i = 0; i < 4; i++) {
    square_init(&sq[i], (i % 2) * 2000, (i / 2) * 2000, 2000, 2000);
    f[i].geom = &sq[i].p;
    f[i].value = v[i];
  }
  phs_map_spec s;
  memset(&s, 0, sizeof(s));
  s.width = 480;
  s.height = 360;
  s.dpi = 72;
  s.title = "Diverging";
  s.unit = "%";
  s.palette = "RdYlBu";
  s.use_midpoint = 1;
  s.midpoint = 90;
  s.features = f;
  s.n_features = 4;
  double t[3] = {80, 90, 95};
  ASSERT_OK(phs_classify(v, 4, PHS_CLASS_FIXED, 0, t, 3, &s.classes, &d));
  phs_image img;
  ASSERT_OK(phs_map_render(&s, &img, &d));
  static const unsigned int want[] = {0xd7191c, 0xfdae61, 0xabd9e9, 0x2c7bb6};
  for (int k = 0; k < 4; k++) {
    long n = 0;
    for (long i = 0; img.rgba && i < (long)img.width * img.height; i++) {
      const unsigned char *p = img.rgba + 4 * i;
      n += ((unsigned int)p[0] << 16 | (unsigned int)p[1] << 8 | p[2]) ==
           want[k];
    }
    /* A square is about 100 x 100 px at this size; a swatch 20 x 13. */
    PHS_CHECK_(n > 3000, "colour #%06x: %ld px", want[k], n);
  }
  phs_image_free(&img);
  /* A sequential palette with a midpoint is refused by the map too. */
  s.palette = "Blues";
  ASSERT_EQ(phs_map_render(&s, &img, &d), PHS_EUSAGE);
  ASSERT_CONTAINS(d.msg, "diverging");
  phs_diag_clear(&d);
}

int main(void) {
  test_published();
  test_midpoint();
  test_map_colours();
  return phs_test_report("render_palette");
}
