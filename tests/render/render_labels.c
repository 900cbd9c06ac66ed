/*
** render_labels.c: commune labels (spec.feature_labels) on the squares
** fixture (tests/fixtures/squares: four 0.01-degree communes in a 2 x 2
** block, two districts, a hole in 90004 over its centre), read back
** through phs_map_labels: which labels are placed, where, and that no two
** overlap.
**
** The fixture's degrees are put in metres with the factors of its README
** (0.001 deg = 109.464 m of longitude, 110.611 m of latitude at 10.51 N)
** around 107 E, 10.5 N; the expectations below follow from the rule in
** phs_render.h, worked out in each case's comment.
*/
#include <math.h>
#include <stdlib.h>

#include "phs_render.h"
#include "phs_test.h"
#include "render_fixture.h"

#define MX 109464.0 /* metres per degree of longitude at 10.51 N */
#define MY 110611.0 /* of latitude */

/* A lon/lat rectangle as a ring in metres, appended to p. */
static void rect_ring(phs_mpoly *p, double lon0, double lat0, double lon1,
                      double lat1, int hole) {
  double x0 = (lon0 - 107) * MX, x1 = (lon1 - 107) * MX;
  double y0 = (lat0 - 10.5) * MY, y1 = (lat1 - 10.5) * MY;
  double xy[8] = {x0, y0, x1, y0, x1, y1, x0, y1};
  ASSERT_OK(phs_mpoly_add_ring(p, xy, 4, hole));
}

typedef struct squares {
  phs_mpoly commune[5], district[3];
  phs_map_feature f[5];
  const phs_mpoly *outlines[3];
  const char *outline_labels[3];
  phs_map_spec spec;
} squares;

static const char *NAMES[5] = {"Xã Tây Nam", "Xã Tây Bắc", "Xã Đông Nam",
                               "Xã Đông Bắc", "Xã Nhỏ"};

/* The fixture's four communes and two districts; with_small adds a fifth
** commune of 0.0004 x 0.0004 deg (44 x 44 m) east of the block, alone in a
** third district of the same outline. */
static void squares_init(squares *m, int with_small) {
  memset(m, 0, sizeof(*m));
  for (int i = 0; i < 5; i++) phs_mpoly_init(&m->commune[i]);
  for (int i = 0; i < 3; i++) phs_mpoly_init(&m->district[i]);
  rect_ring(&m->commune[0], 107.00, 10.50, 107.01, 10.51, 0);
  rect_ring(&m->commune[1], 107.00, 10.51, 107.01, 10.52, 0);
  rect_ring(&m->commune[2], 107.01, 10.50, 107.02, 10.51, 0);
  rect_ring(&m->commune[3], 107.01, 10.51, 107.02, 10.52, 0);
  rect_ring(&m->commune[3], 107.014, 10.514, 107.016, 10.516, 1);
  rect_ring(&m->commune[4], 107.0205, 10.5050, 107.0209, 10.5054, 0);
  rect_ring(&m->district[0], 107.00, 10.50, 107.01, 10.52, 0);
  rect_ring(&m->district[1], 107.01, 10.50, 107.02, 10.52, 0);
  rect_ring(&m->district[1], 107.014, 10.514, 107.016, 10.516, 1);
  rect_ring(&m->district[2], 107.0205, 10.5050, 107.0209, 10.5054, 0);
  double v[5] = {66.7, 50, 83.3, 40, 75};
  for (int i = 0; i < 5; i++) {
    m->f[i].geom = &m->commune[i];
    m->f[i].value = v[i];
    m->f[i].label = NAMES[i];
  }
  m->outline_labels[0] = "Huyện Tây";
  m->outline_labels[1] = "Huyện Đông";
  m->outline_labels[2] = "Huyện Nhỏ";
  for (int i = 0; i < 3; i++) m->outlines[i] = &m->district[i];
  phs_map_spec *s = &m->spec;
  s->lang = PHS_LANG_VI;
  s->title = "Hộ có cáp quang";
  s->unit = "%";
  s->features = m->f;
  s->n_features = with_small ? 5 : 4;
  s->outlines = m->outlines;
  s->outline_labels = m->outline_labels;
  s->n_outlines = with_small ? 3 : 2;
  s->feature_labels = 1;
  double t[3] = {50, 70, 80};
  phs_diag d;
  phs_diag_init(&d);
  ASSERT_OK(phs_classify(v, 5, PHS_CLASS_FIXED, 0, t, 3, &s->classes, &d));
}

static void squares_free(squares *m) {
  for (int i = 0; i < 5; i++) phs_mpoly_free(&m->commune[i]);
  for (int i = 0; i < 3; i++) phs_mpoly_free(&m->district[i]);
}

static int overlap(const phs_map_label *a, const phs_map_label *b) {
  return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h &&
         b->y < a->y + a->h;
}

static void expect_no_overlap(const phs_map_label *l, int n) {
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++)
      PHS_CHECK_(!overlap(&l[i], &l[j]), "labels '%s' and '%s' overlap",
                 l[i].text, l[j].text);
}

/* The label of feature i (outline 0) or outline i (outline 1), or NULL. */
static const phs_map_label *find(const phs_map_label *l, int n, int outline,
                                 int i) {
  for (int k = 0; k < n; k++)
    if (l[k].outline == outline && l[k].index == i) return &l[k];
  return NULL;
}

static void test_all_fit(void) {
  /* 1600 x 1200 at 150 dpi: the block (2.2 km) fills a map area about 1000
  ** px high, so each commune is about 450 px wide, and a 6.5 pt name (about
  ** 100 x 20 px) fits in each. The districts' names go at their poles of
  ** inaccessibility: Tây's is the centre of its 1 x 2 rectangle, on the
  ** 90001/90002 edge, 0.005 deg (about 225 px) from the communes' poles at
  ** their centres. Đông's circle (radius 0.005 deg, the column's half
  ** width) may sit anywhere on x = 107.015 from 10.505 to 10.509 (below
  ** that the bottom edge, above it the hole come nearer), so it may take
  ** 90003's centre; 90003's name then moves a line or two up or down, still
  ** inside its 450 px square: six labels, none overlapping. */
  phs_diag d;
  phs_diag_init(&d);
  squares m;
  squares_init(&m, 0);
  phs_map_label *l = NULL;
  int n = 0;
  ASSERT_OK(phs_map_labels(&m.spec, &l, &n, &d));
  ASSERT_EQ(n, 6);
  for (int i = 0; i < 4; i++)
    PHS_CHECK_(find(l, n, 0, i) != NULL, "commune %s has no label", NAMES[i]);
  ASSERT_TRUE(find(l, n, 1, 0) != NULL && find(l, n, 1, 1) != NULL);
  expect_no_overlap(l, n);
  /* District names first, bold 7.5 pt; commune names 6.5 pt. */
  ASSERT_EQ(l[0].outline, 1);
  ASSERT_EQ(l[1].outline, 1);
  for (int k = 2; k < n; k++) ASSERT_NEAR(l[k].size_pt, 6.5, 0);
  /* 90004's centroid is in its hole (the square's centre, 107.015,
  ** 10.515); its label is not: the box's centre lies outside the hole's
  ** pixels. The hole is the middle fifth of the square, so in pixels of
  ** the square's own box: x and y between 0.4 and 0.6 of it. The square's
  ** box is found from 90003's label and 90002's, whose centres are the
  ** centres of their squares (no hole: the pole is the centre). */
  const phs_map_label *ne = find(l, n, 0, 3), *se = find(l, n, 0, 2),
                      *nw = find(l, n, 0, 1);
  if (ne && se && nw) {
    double sx = se->x + se->w / 2; /* centre x of the east column */
    double ny = nw->y + nw->h / 2; /* centre y of the north row */
    double side = sx - (nw->x + nw->w / 2); /* one square, in pixels */
    double cx = ne->x + ne->w / 2, cy = ne->y + ne->h / 2;
    int in_hole = fabs(cx - sx) < 0.1 * side && fabs(cy - ny) < 0.1 * side;
    PHS_CHECK_(!in_hole, "90004's label at (%.0f, %.0f) is over its hole"
               " (square centre %.0f, %.0f, side %.0f px)", cx, cy, sx, ny,
               side);
    /* ... and still in the square: within half a side of its centre. */
    ASSERT_TRUE(fabs(cx - sx) < 0.5 * side && fabs(cy - ny) < 0.5 * side);
  }
  free(l);

  /* Without feature_labels only the districts are named. */
  m.spec.feature_labels = 0;
  ASSERT_OK(phs_map_labels(&m.spec, &l, &n, &d));
  ASSERT_EQ(n, 2);
  free(l);
  squares_free(&m);
}

static void test_some_do_not_fit(void) {
  /* The same block and the 44 m commune in a district of its own, on a
  ** 480 x 360 page at 72 dpi (the layout shrinks to 0.8): the block is now
  ** about 110 px a side per commune. "Xã Nhỏ" (44 m, about 2 px) fits
  ** nowhere; its district's name sits exactly where the commune's would
  ** (the same polygon, the same pole), so even a commune as large as its
  ** label would yield: outline labels always win. Of the four others,
  ** each label (about 45 x 10 px at 5.5 pt) fits its square; none
  ** overlaps. */
  phs_diag d;
  phs_diag_init(&d);
  squares m;
  squares_init(&m, 1);
  m.spec.width = 480;
  m.spec.height = 360;
  m.spec.dpi = 72;
  phs_map_label *l = NULL;
  int n = 0;
  ASSERT_OK(phs_map_labels(&m.spec, &l, &n, &d));
  PHS_CHECK_(find(l, n, 0, 4) == NULL, "the 44 m commune got a label");
  int communes = 0;
  for (int k = 0; k < n; k++) communes += l[k].outline == 0;
  PHS_CHECK_(communes == 4, "%d commune labels, want 4", communes);
  expect_no_overlap(l, n);
  free(l);

  /* Make the small commune's district the size of the whole east column:
  ** its name now lies at the column's pole, and the east communes' names
  ** must still avoid it. */
  m.outlines[2] = &m.district[1];
  ASSERT_OK(phs_map_labels(&m.spec, &l, &n, &d));
  expect_no_overlap(l, n);
  free(l);

  /* The same map drawn: labels change pixels (a check that they are drawn
  ** at all, not only listed). */
  phs_image a, b;
  ASSERT_OK(phs_map_render(&m.spec, &a, &d));
  m.spec.feature_labels = 0;
  ASSERT_OK(phs_map_render(&m.spec, &b, &d));
  long differ = 0;
  for (long i = 0; a.rgba && b.rgba && i < 480L * 360 * 4; i++)
    differ += a.rgba[i] != b.rgba[i];
  ASSERT_TRUE(differ > 200);
  phs_image_free(&a);
  phs_image_free(&b);

  /* Errors. */
  ASSERT_EQ(phs_map_labels(NULL, &l, &n, &d), PHS_EUSAGE);
  phs_diag_clear(&d);
  m.spec.title = NULL;
  ASSERT_EQ(phs_map_labels(&m.spec, &l, &n, &d), PHS_EUSAGE);
  ASSERT_TRUE(l == NULL && n == 0);
  phs_diag_clear(&d);
  squares_free(&m);
}

int main(void) {
  test_all_fit();
  test_some_do_not_fit();
  return phs_test_report("render_labels");
}
