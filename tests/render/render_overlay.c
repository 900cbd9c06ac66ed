/*
** render_overlay.c: the overlays of a map (a coverage map): features drawn
** unfilled, a classified raster drawn semi-transparently and clipped to
** the features, point layers as markers, and their legend.
**
** Four 2 km square communes form a 4 x 4 km block (x 700..704 km,
** y 1150..1154 km) and an island lies 180 km south (drawn in the inset).
** The raster has 100 m cells, 50 columns x 40 rows from the block's
** top-left corner: column i holds floor(i / 10), i.e. four 1 km strips
** with the values 0, 1, 2, 3 and a fifth strip (value 3) east of the
** block, outside every commune; the top 4 rows are no data (NaN).
** Classes: [0,1) hidden ("0"), [1,2), [2,3), [3,inf).
**
** Counted cells (centre inside a commune): the 40 x 40 over the block =
** 1600. Each strip holds 10 x 36 = 360 valued cells = 22.5 % = 3.6 km²
** (a cell is 0.01 km²); the no-data rows 4 x 40 = 160 = 10.0 % = 1.6 km².
** The fifth strip is neither drawn nor counted.
**
** Points: layer VIETTEL, 3 points; VNPT, 2 points and one without
** coordinates (NaN): the legend says (3) and (2). Colours are Okabe-Ito.
*/
#include <math.h>
#include <stdlib.h>

#include "phs_render.h"
#include "phs_test.h"
#include "render_fixture.h"



/* Pixels within tol of colour c in every channel. */
static long count_near(const phs_image *img, phs_rgb c, int tol) {
  long n = 0;
  for (long i = 0; i < (long)img->width * img->height; i++) {
    const unsigned char *p = img->rgba + 4 * i;
    if (abs(p[0] - c.r) <= tol && abs(p[1] - c.g) <= tol &&
        abs(p[2] - c.b) <= tol)
      n++;
  }
  return n;
}

/* c at opacity a over the background bg, as cairo composites it. */
static phs_rgb blend(phs_rgb c, phs_rgb bg, double a) {
  phs_rgb o;
  o.r = (unsigned char)lround(c.r * a + bg.r * (1 - a));
  o.g = (unsigned char)lround(c.g * a + bg.g * (1 - a));
  o.b = (unsigned char)lround(c.b * a + bg.b * (1 - a));
  return o;
}

enum { NX = 50, NY = 40 };

typedef struct scene {
  square sq[5];
  phs_map_feature f[5];
  const phs_mpoly *outlines[1];
  float values[NX * NY];
  phs_raster_class cls[4];
  phs_raster_layer raster;
  double pts_a[6], pts_b[6], pts_c[2];
  phs_point_layer layers[3];
  phs_map_spec spec;
} scene;

static const phs_rgb LAND = {0xf3, 0xf3, 0xf1}; /* map.c's LAND_RGB */
static const phs_rgb WHITE = {255, 255, 255};

static void scene_init(scene *m) {
  memset(m, 0, sizeof(*m));
  for (int i = 0; i < 4; i++) {
    square_init(&m->sq[i], 700000 + (i % 2) * 2000, 1150000 + (i / 2) * 2000,
                2000, 2000);
    m->f[i].geom = &m->sq[i].p;
    m->f[i].value = NAN;
  }
  square_init(&m->sq[4], 701000, 970000, 3000, 2000); /* the island */
  m->f[4].geom = &m->sq[4].p;
  m->f[4].value = NAN;
  m->outlines[0] = &m->sq[0].p;
  for (int j = 0; j < NY; j++)
    for (int i = 0; i < NX; i++)
      m->values[j * NX + i] = j < 4 ? NAN : (float)(i / 10 < 3 ? i / 10 : 3);
  phs_rgb pal[4];
  phs_palette("YlGnBu", 4, pal);
  const char *labels[4] = {"No operator", "1 operator", "2 operators",
                           "3+ operators"};
  for (int k = 0; k < 4; k++) {
    m->cls[k].lo = k;
    m->cls[k].hi = k == 3 ? INFINITY : k + 1;
    m->cls[k].colour = pal[k];
    m->cls[k].hidden = k == 0;
    m->cls[k].label = labels[k];
  }
  phs_raster_layer *r = &m->raster;
  r->values = m->values;
  r->nx = NX;
  r->ny = NY;
  r->x0 = 700000;
  r->y0 = 1154000;
  r->res = 100;
  r->classes = m->cls;
  r->n_classes = 4;
  r->opacity = 0.8;
  r->clip_to_features = 1;
  r->legend_title = "Operators covering (share of the communes' area)";
  double a[6] = {700500, 1150500, 702500, 1152500, 703500, 1153500};
  double b[6] = {701500, 1153500, NAN, NAN, 703500, 1150500};
  double c[2] = {702500, 971000};
  memcpy(m->pts_a, a, sizeof(a));
  memcpy(m->pts_b, b, sizeof(b));
  memcpy(m->pts_c, c, sizeof(c));
  m->layers[0] = (phs_point_layer){m->pts_a, 3, phs_okabe_ito(0),
                                   PHS_SHAPE_CIRCLE, 0, "VIETTEL"};
  m->layers[1] = (phs_point_layer){m->pts_b, 3, phs_okabe_ito(1),
                                   PHS_SHAPE_TRIANGLE, 0, "VNPT"};
  m->layers[2] = (phs_point_layer){m->pts_c, 1, phs_okabe_ito(2),
                                   PHS_SHAPE_SQUARE, 0, "MOBIFONE"};
  phs_map_spec *s = &m->spec;
  s->width = 800;
  s->height = 600;
  s->dpi = 96;
  s->lang = PHS_LANG_EN;
  s->title = "5G coverage";
  s->subtitle = "Test scene";
  s->source = "Source: test";
  s->features = m->f;
  s->n_features = 5;
  s->outlines = m->outlines;
  s->n_outlines = 1;
  s->inset_title = "Côn Đảo";
  s->features_unfilled = 1;
  s->raster = &m->raster;
  s->points = m->layers;
  s->n_points = 3;
  s->points_title = "5G sites";
}

static void test_legend(void) {
  phs_diag d;
  phs_diag_init(&d);
  scene *m = calloc(1, sizeof(scene));
  scene_init(m);
  phs_buf b;
  phs_buf_init(&b);
  ASSERT_OK(phs_map_legend(&m->spec, &b, &d));
  const char *want =
      "Operators covering (share of the communes' area)\n"
      "No operator: 22.5% (3.6 km\xc2\xb2)\n"
      "1 operator: 22.5% (3.6 km\xc2\xb2)\n"
      "2 operators: 22.5% (3.6 km\xc2\xb2)\n"
      "3+ operators: 22.5% (3.6 km\xc2\xb2)\n"
      "No data: 10.0% (1.6 km\xc2\xb2)\n"
      "5G sites\n"
      "VIETTEL  (3)\n"
      "VNPT  (2)\n"
      "MOBIFONE  (1)\n";
  ASSERT_STREQ(b.data, want);
  phs_buf_free(&b);

  /* Vietnamese number format; without clipping every cell counts: 2000,
  ** of which 720 (the fifth strip too) are "3+" = 36,0 %. */
  m->spec.lang = PHS_LANG_VI;
  m->raster.clip_to_features = 0;
  phs_buf_init(&b);
  ASSERT_OK(phs_map_legend(&m->spec, &b, &d));
  ASSERT_CONTAINS(b.data, "3+ operators: 36,0% (7,2 km\xc2\xb2)\n");
  ASSERT_CONTAINS(b.data, "1 operator: 18,0% (3,6 km\xc2\xb2)\n");
  phs_buf_free(&b);
  free(m);
  phs_diag_clear(&d);
}

static void test_render(void) {
  phs_diag d;
  phs_diag_init(&d);
  scene *m = calloc(1, sizeof(scene));
  scene_init(m);
  phs_image img, again;
  ASSERT_OK(phs_map_render(&m->spec, &img, &d));
  if (d.status) fprintf(stderr, "diag: %s\n", d.msg);
  ASSERT_EQ(img.width, 800);
  ASSERT_EQ(img.height, 600);
  ASSERT_OK(phs_map_render(&m->spec, &again, &d));
  ASSERT_TRUE(img.rgba && again.rgba &&
              memcmp(img.rgba, again.rgba, 800 * 600 * 4) == 0);
  const char *dir = getenv("PHS_TMP");
  char *path = phs_strdup_printf("%s/render_overlay.png", dir ? dir : "/tmp");
  ASSERT_OK(phs_png_write(&img, path, "5G coverage", NULL, &d));
  free(path);

  /* The block is drawn at roughly 100 px a km: a strip is ~100 x 360 px.
  ** Each drawn class shows as its colour at 80 % over the land; the
  ** hidden class leaves the land bare. */
  phs_rgb pal[4];
  ASSERT_OK(phs_palette("YlGnBu", 4, pal));
  long land = count_near(&img, LAND, 1);
  PHS_CHECK_(land > 15000, "bare land (class 0, the island): %ld px", land);
  for (int k = 1; k < 4; k++) {
    long n = count_near(&img, blend(pal[k], LAND, 0.8), 2);
    PHS_CHECK_(n > 15000, "class %d: %ld px", k, n);
    /* Nowhere over white: the strip outside the communes is clipped. */
    long out = count_near(&img, blend(pal[k], WHITE, 0.8), 1);
    PHS_CHECK_(out < 100, "class %d outside the communes: %ld px", k, out);
  }
  /* Markers: the fill of each layer's colour, in the map and the legend. */
  long va = count_near(&img, phs_okabe_ito(0), 0);
  long vn = count_near(&img, phs_okabe_ito(1), 0);
  long mb = count_near(&img, phs_okabe_ito(2), 0);
  PHS_CHECK_(va > 4 * 30, "VIETTEL markers: %ld px", va);
  PHS_CHECK_(vn > 3 * 30, "VNPT markers: %ld px", vn);
  /* The island's point is drawn in the inset: without it only the legend
  ** marker is left. */
  m->layers[2].n = 0;
  phs_image no_island;
  ASSERT_OK(phs_map_render(&m->spec, &no_island, &d));
  long mb0 = count_near(&no_island, phs_okabe_ito(2), 0);
  PHS_CHECK_(mb0 > 20 && mb - mb0 > 20, "island marker: %ld vs %ld px", mb,
             mb0);
  phs_image_free(&no_island);
  phs_image_free(&img);
  phs_image_free(&again);
  free(m);
  phs_diag_clear(&d);
}

static void test_errors_and_colours(void) {
  phs_rgb c = phs_okabe_ito(0);
  ASSERT_TRUE(c.r == 0xD5 && c.g == 0x5E && c.b == 0x00);
  c = phs_okabe_ito(9); /* wraps */
  ASSERT_TRUE(c.r == 0xE6 && c.g == 0x9F && c.b == 0x00);
  phs_diag d;
  phs_diag_init(&d);
  scene *m = calloc(1, sizeof(scene));
  scene_init(m);
  phs_image img;
  m->raster.n_classes = 0;
  ASSERT_EQ(phs_map_render(&m->spec, &img, &d), PHS_EUSAGE);
  ASSERT_CONTAINS(d.msg, "raster classes");
  phs_diag_clear(&d);
  m->raster.n_classes = 4;
  m->raster.res = 0;
  ASSERT_EQ(phs_map_render(&m->spec, &img, &d), PHS_EUSAGE);
  ASSERT_CONTAINS(d.msg, "raster grid");
  phs_diag_clear(&d);
  m->raster.res = 100;
  m->layers[1].shape = (phs_shape)PHS_N_SHAPES;
  phs_buf b;
  phs_buf_init(&b);
  ASSERT_EQ(phs_map_legend(&m->spec, &b, &d), PHS_EUSAGE);
  ASSERT_CONTAINS(d.msg, "point layer 1");
  phs_buf_free(&b);
  free(m);
  phs_diag_clear(&d);
}

int main(void) {
  test_legend();
  test_render();
  test_errors_and_colours();
  return phs_test_report("render_overlay");
}
