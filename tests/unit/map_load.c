/*
** map_load.c: the loaders a map uses instead of the whole store.
** phs_store_load_run_metric must give exactly the rows phs_store_load_run
** gives for that metric, in the same order, with the same header; and
** phs_dataset_load_map exactly the communes, district outlines and inputs
** phs_dataset_load gives, without the sites and the survey.
**
** On the squares fixture with per-commune counts (tests/fixtures/squares,
** README), fibre_households has 7 rows in seq order: the province
** (690 / 900 = 76.67%: 90002's 120 / 100 is left out, flagged
** ratio_over_100), districts 901 (150 / 200 = 75%) and 902 (540 / 700 =
** 77.14%), then communes 90001 75%, 90002 (no percentage), 90003 80%,
** 90004 75%.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "phs_analyzer.h"
#include "phs_test.h"

static int same_text(const char *a, const char *b) {
  return a && b && strcmp(a, b) == 0;
}

static int same_real(double a, double b) {
  return (isnan(a) && isnan(b)) || a == b;
}

static int same_row(const phs_result_row *a, const phs_result_row *b) {
  return same_text(a->level, b->level) &&
         same_text(a->area_code, b->area_code) &&
         same_text(a->area_name, b->area_name) &&
         same_text(a->parent_code, b->parent_code) &&
         same_text(a->metric, b->metric) &&
         same_real(a->numerator, b->numerator) &&
         same_real(a->denominator, b->denominator) &&
         same_real(a->pct, b->pct) && same_real(a->ci_low, b->ci_low) &&
         same_real(a->ci_high, b->ci_high) && a->n == b->n &&
         same_text(a->flags, b->flags);
}

/* The metric loader against the whole run filtered by metric: the same
** header, the same rows in the same order. Returns the row count. */
static long check_metric(phs_store *s, const phs_run *all,
                         const char *metric) {
  phs_diag d;
  phs_diag_init(&d);
  phs_run m;
  ASSERT_OK(phs_store_load_run_metric(s, 0, metric, &m, &d));
  ASSERT_EQ(m.id, all->id);
  ASSERT_STREQ(m.started_at, all->started_at);
  ASSERT_STREQ(m.tool_version, all->tool_version);
  ASSERT_STREQ(m.params_json, all->params_json);
  ASSERT_STREQ(m.inputs_json, all->inputs_json);
  ASSERT_STREQ(m.warnings_json, all->warnings_json);
  long k = 0;
  for (long i = 0; i < all->n_rows; i++) {
    if (strcmp(all->rows[i].metric, metric) != 0) continue;
    PHS_CHECK_(k < m.n_rows && same_row(&m.rows[k], &all->rows[i]),
               "%s: row %ld (%s %s) differs or is missing", metric, k,
               all->rows[i].level, all->rows[i].area_code);
    k++;
  }
  ASSERT_EQ(m.n_rows, k);
  phs_run_free(&m);
  phs_diag_clear(&d);
  return k;
}

static int same_mpoly(const phs_mpoly *a, const phs_mpoly *b) {
  if (a->n_rings != b->n_rings) return 0;
  if (a->n_rings == 0) return 1;
  int nv = a->ring_start[a->n_rings];
  if (nv != b->ring_start[b->n_rings]) return 0;
  for (int r = 0; r <= a->n_rings; r++)
    if (a->ring_start[r] != b->ring_start[r]) return 0;
  return memcmp(a->xy, b->xy, sizeof(double) * 2 * (size_t)nv) == 0;
}

static int same_commune(const phs_commune *a, const phs_commune *b) {
  return same_text(a->code, b->code) && same_text(a->name, b->name) &&
         same_text(a->district_code, b->district_code) &&
         same_text(a->district_name, b->district_name) &&
         same_text(a->province_code, b->province_code) &&
         same_text(a->province_name, b->province_name) &&
         a->has_geom == b->has_geom && a->uncoded == b->uncoded &&
         same_real(a->area_m2, b->area_m2) &&
         a->households == b->households &&
         a->population == b->population &&
         a->fibre_households == b->fibre_households &&
         a->submission_id == b->submission_id && same_mpoly(&a->geom, &b->geom);
}

int main(void) {
  const char *tmp = getenv("PHS_TMP");
  const char *src = getenv("PHS_SOURCE_DIR");
  char path[1024], fx[1024];
  snprintf(path, sizeof(path), "%s/map_load.sqlite", tmp ? tmp : "/tmp");
  unlink(path);
  phs_diag d;
  phs_diag_init(&d);
  phs_store *s = NULL;
  ASSERT_OK(phs_store_create(path, &s, &d));
  if (s == NULL) return phs_test_report("map_load");

  /* Before any analysis: the messages of phs_store_load_run. */
  phs_run m;
  ASSERT_EQ(phs_store_load_run_metric(s, 0, "fibre_households", &m, &d),
            PHS_ERUNTIME);
  ASSERT_CONTAINS(d.msg, "no analysis run yet");
  ASSERT_EQ(m.n_rows, 0);
  phs_diag_clear(&d);

  /* The squares store with counts, sites and the survey, analysed. */
  static const struct {
    phs_import_kind kind;
    const char *file, *operator_code;
  } inputs[] = {{PHS_IMPORT_COMMUNES, "communes.geojson", NULL},
                {PHS_IMPORT_HOUSEHOLDS, "counts.csv", NULL},
                {PHS_IMPORT_SURVEY, "survey.csv", NULL},
                {PHS_IMPORT_SITES, "sites_viettel.csv", "VIETTEL"},
                {PHS_IMPORT_SITES, "sites_vnpt.csv", "VNPT"}};
  for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
    phs_import_opts o;
    memset(&o, 0, sizeof(o));
    o.operator_code = inputs[i].operator_code;
    phs_import_result res;
    snprintf(fx, sizeof(fx), "%s/tests/fixtures/squares/%s",
             src ? src : ".", inputs[i].file);
    int rc = phs_import(s, inputs[i].kind, fx, &o, &res, &d);
    PHS_CHECK_(rc == PHS_OK, "import %s: %s", inputs[i].file, d.msg);
    phs_diag_clear(&d);
  }
  phs_analyze_opts ao;
  memset(&ao, 0, sizeof(ao));
  long long run_id = 0;
  ASSERT_OK(phs_analyze(s, &ao, &run_id, &d));
  phs_diag_clear(&d);

  phs_run all;
  ASSERT_OK(phs_store_load_run(s, 0, &all, &d));

  /* fibre_households, by hand (see the top comment). */
  ASSERT_OK(phs_store_load_run_metric(s, 0, "fibre_households", &m, &d));
  ASSERT_EQ(m.id, run_id);
  ASSERT_EQ(m.n_rows, 7);
  if (m.n_rows == 7) {
    static const char *const level[7] = {"province", "district", "district",
                                         "commune",  "commune",  "commune",
                                         "commune"};
    static const char *const code[7] = {"90",    "901",   "902",  "90001",
                                        "90002", "90003", "90004"};
    static const double pct[7] = {690.0 / 9, 75, 540.0 / 7, 75, NAN, 80, 75};
    for (int i = 0; i < 7; i++) {
      ASSERT_STREQ(m.rows[i].level, level[i]);
      ASSERT_STREQ(m.rows[i].area_code, code[i]);
      ASSERT_STREQ(m.rows[i].metric, "fibre_households");
      if (isnan(pct[i]))
        ASSERT_TRUE(isnan(m.rows[i].pct));
      else
        ASSERT_NEAR(m.rows[i].pct, pct[i], 1e-9);
    }
    ASSERT_STREQ(m.rows[4].flags, "ratio_over_100");
    ASSERT_NEAR(m.rows[4].numerator, 120, 0);
    ASSERT_NEAR(m.rows[4].denominator, 100, 0);
    ASSERT_STREQ(m.rows[0].area_name, "Tỉnh Thử Nghiệm");
    ASSERT_STREQ(m.rows[3].parent_code, "901");
  }
  phs_run_free(&m);

  /* Every metric of the run: the filtered rows, and together all rows. */
  long total = 0;
  int n_metrics = 0;
  for (long i = 0; i < all.n_rows; i++) {
    int seen = 0;
    for (long j = 0; j < i && !seen; j++)
      seen = strcmp(all.rows[j].metric, all.rows[i].metric) == 0;
    if (seen) continue;
    total += check_metric(s, &all, all.rows[i].metric);
    n_metrics++;
  }
  ASSERT_TRUE(n_metrics > 5);
  ASSERT_EQ(total, all.n_rows);

  /* A metric the run lacks: no rows, not an error (the map says which
  ** metric is missing). A run that does not exist: the usual message. */
  ASSERT_OK(phs_store_load_run_metric(s, 0, "no_such_metric", &m, &d));
  ASSERT_EQ(m.n_rows, 0);
  ASSERT_EQ(m.id, run_id);
  phs_run_free(&m);
  ASSERT_EQ(phs_store_load_run_metric(s, run_id + 7, "fibre_households", &m,
                                      &d),
            PHS_ERUNTIME);
  ASSERT_CONTAINS(d.msg, "no analysis run");
  phs_diag_clear(&d);
  phs_run_free(&all);

  /* The map's dataset: what phs_dataset_load has of communes, outlines
  ** and inputs; no sites, claims or survey. */
  phs_dataset full, map;
  ASSERT_OK(phs_dataset_load(s, &full, &d));
  ASSERT_OK(phs_dataset_load_map(s, &map, &d));
  ASSERT_EQ(full.n_communes, 4);
  ASSERT_EQ(full.n_sites, 5);
  ASSERT_EQ(full.n_respondents, 113);
  ASSERT_EQ(map.n_communes, full.n_communes);
  for (int i = 0; i < map.n_communes && i < full.n_communes; i++)
    PHS_CHECK_(same_commune(&map.communes[i], &full.communes[i]),
               "commune %d (%s) differs", i, full.communes[i].code);
  ASSERT_EQ(map.n_outlines, full.n_outlines);
  ASSERT_EQ(map.n_outlines, 2); /* built at import: districts 901, 902 */
  for (int i = 0; i < map.n_outlines && i < full.n_outlines; i++) {
    ASSERT_STREQ(map.outlines[i].district_code, full.outlines[i].district_code);
    ASSERT_TRUE(same_mpoly(&map.outlines[i].geom, &full.outlines[i].geom));
  }
  ASSERT_EQ(map.n_inputs, full.n_inputs);
  ASSERT_EQ(map.n_inputs, 5);
  for (int i = 0; i < map.n_inputs && i < full.n_inputs; i++)
    ASSERT_STREQ(map.inputs[i].source_name, full.inputs[i].source_name);
  ASSERT_EQ(map.n_sites, 0);
  ASSERT_EQ(map.n_operators, 0);
  ASSERT_EQ(map.n_claims, 0);
  ASSERT_EQ(map.n_respondents, 0);
  ASSERT_EQ(map.n_answers, 0);
  phs_dataset_free(&full);
  phs_dataset_free(&map);
  phs_diag_clear(&d);
  phs_store_close(s);
  unlink(path);
  return phs_test_report("map_load");
}
