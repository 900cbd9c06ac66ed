/*
** data_synth.c: tests of phs_synth_run on the BR-VT demo inputs. Every
** figure is checked by reading the written files back (plain C parsing for
** the CSVs, OGR feature reads for the GeoJSON and the GeoPackage), not by
** trusting the result struct.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gdal.h>
#include <ogr_api.h>

#include "phs_synth.h"
#include "phs_test.h"

#define MIN_LON 106.0
#define MAX_LON 107.6
#define MIN_LAT 8.5
#define MAX_LAT 10.9

static char g_brvt[1024], g_condao[1024], g_census[1024], g_tmp[1024];

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Whole file as a NUL-terminated string; *len its size. NULL if absent. */
static char *slurp_path(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *buf;
  long n;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  if (buf) buf[n] = '\0';
  if (len) *len = (size_t)n;
  fclose(f);
  return buf;
}

static char *slurp(const char *dir, const char *name, size_t *len) {
  char path[2048];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return slurp_path(path, len);
}

/* Split a line in place on commas (no quotes in our test files). */
static int split(char *line, char **f, int max) {
  int n = 0;
  f[n++] = line;
  for (char *p = line; *p && n < max; p++)
    if (*p == ',') {
      *p = '\0';
      f[n++] = p + 1;
    }
  return n;
}

/* ---- a small string set for uniqueness checks ---- */
typedef struct strset {
  char **s;
  int n, cap;
} strset;

static int strset_add(strset *ss, const char *s) { /* 1 when new */
  for (int i = 0; i < ss->n; i++)
    if (!strcmp(ss->s[i], s)) return 0;
  if (ss->n == ss->cap) {
    ss->cap = ss->cap ? 2 * ss->cap : 1024;
    ss->s = realloc(ss->s, (size_t)ss->cap * sizeof *ss->s);
  }
  ss->s[ss->n++] = strdup(s);
  return 1;
}

static void strset_free(strset *ss) {
  for (int i = 0; i < ss->n; i++) free(ss->s[i]);
  free(ss->s);
  memset(ss, 0, sizeof *ss);
}

static int in_bbox(double x, double y) {
  return x >= MIN_LON && x <= MAX_LON && y >= MIN_LAT && y <= MAX_LAT;
}

/* ---- census: key -> hh_total ---- */
typedef struct census {
  char key[83 + 10][16];
  long hh[83 + 10];
  long pop[83 + 10];
  int n;
} census;

static void read_census(census *c) {
  char *buf = slurp_path(g_census, NULL), *save = NULL, *line, *f[64];
  memset(c, 0, sizeof *c);
  ASSERT_TRUE(buf != NULL);
  if (!buf) return;
  line = strtok_r(buf, "\n", &save); /* header */
  while ((line = strtok_r(NULL, "\n", &save)) != NULL && c->n < 93) {
    int nf = split(line, f, 64);
    if (nf < 10) continue;
    snprintf(c->key[c->n], 16, "%s", *f[0] ? f[0] : f[1]);
    c->pop[c->n] = atol(f[6]);
    c->hh[c->n] = atol(f[9]);
    c->n++;
  }
  free(buf);
}

static int census_find(const census *c, const char *key) {
  for (int i = 0; i < c->n; i++)
    if (!strcmp(c->key[i], key)) return i;
  return -1;
}

static void default_opts(phs_synth_opts *o, const char *const *paths,
                         const char *out) {
  phs_synth_opts_default(o);
  o->commune_paths = paths;
  o->n_commune_paths = 2;
  o->census_path = g_census;
  o->out_dir = out;
}

/* ---- sites ---- */
static void check_sites(const char *dir, long *n4, long *n5) {
  size_t len;
  char *buf = slurp(dir, "sites_viettel.csv", &len), *save = NULL, *line;
  strset ids = {0};
  long rows = 0, with_radius = 0;
  *n4 = *n5 = 0;
  ASSERT_TRUE(buf != NULL);
  if (!buf) return;
  ASSERT_TRUE(strchr(buf, '\r') == NULL);
  line = strtok_r(buf, "\n", &save);
  ASSERT_STREQ(line, "ma_tram,ten_tram,kinh_do,vi_do,cong_nghe,bang_tan_mhz,ban_kinh_m");
  while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
    char *f[16];
    int nf = split(line, f, 16), band, is5;
    double x, y;
    rows++;
    ASSERT_EQ(nf, 7);
    if (nf != 7) continue;
    ASSERT_TRUE(!strncmp(f[0], "VTL-BRVT-", 9));
    ASSERT_TRUE(strset_add(&ids, f[0]));
    ASSERT_TRUE(!strncmp(f[1], "Trạm ", strlen("Trạm ")));
    x = atof(f[2]);
    y = atof(f[3]);
    ASSERT_TRUE(in_bbox(x, y));
    ASSERT_TRUE(strlen(strchr(f[2], '.') + 1) == 6);
    is5 = !strcmp(f[4], "5G");
    ASSERT_TRUE(is5 || !strcmp(f[4], "4G"));
    band = atoi(f[5]);
    ASSERT_TRUE(is5 ? band == 2600 : (band == 1800 || band == 2100));
    if (*f[6]) {
      int r = atoi(f[6]);
      with_radius++;
      ASSERT_TRUE(is5 ? (r >= 250 && r <= 600) : (r >= 800 && r <= 3000));
    }
    if (is5) ++*n5;
    else ++*n4;
  }
  ASSERT_TRUE(rows > 0 && with_radius > rows / 10 && with_radius < rows * 3 / 10);
  printf("  viettel: %ld 4G + %ld 5G, %ld with a radius\n", *n4, *n5, with_radius);
  free(buf);
  strset_free(&ids);

  /* VNPT GeoJSON and MobiFone GeoPackage through OGR */
  struct {
    const char *file, *layer, *prefix, *id, *tech, *band;
    int band5;
  } L[2] = {{"sites_vnpt.geojson", "sites_vnpt", "VNP-BRVT-", "site_id", "tech",
             "band_mhz", 3500},
            {"sites_mobifone.gpkg", "tram_bts", "MBF-BRVT-", "site_id",
             "technology", "freq_mhz", 3500}};
  for (int k = 0; k < 2; k++) {
    char path[2048];
    GDALDatasetH ds;
    OGRLayerH lyr;
    OGRFeatureH feat;
    long c4 = 0, c5 = 0;
    int iid, itech, iband, irad;
    snprintf(path, sizeof path, "%s/%s", dir, L[k].file);
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    ASSERT_TRUE(ds != NULL);
    if (!ds) continue;
    lyr = GDALDatasetGetLayerByName(ds, L[k].layer);
    ASSERT_TRUE(lyr != NULL);
    if (!lyr) {
      GDALClose(ds);
      continue;
    }
    iid = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(lyr), L[k].id);
    itech = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(lyr), L[k].tech);
    iband = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(lyr), L[k].band);
    irad = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(lyr), "radius_m");
    ASSERT_TRUE(iid >= 0 && itech >= 0 && iband >= 0 && irad >= 0);
    ASSERT_TRUE(OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(lyr),
                                     k ? "site_name" : "name") >= 0);
    if (iid < 0 || itech < 0 || iband < 0 || irad < 0) {
      GDALClose(ds);
      continue;
    }
    while ((feat = OGR_L_GetNextFeature(lyr)) != NULL) {
      OGRGeometryH g = OGR_F_GetGeometryRef(feat);
      int is5 = !strcmp(OGR_F_GetFieldAsString(feat, itech), "5G");
      int band = OGR_F_GetFieldAsInteger(feat, iband);
      ASSERT_TRUE(strset_add(&ids, OGR_F_GetFieldAsString(feat, iid)));
      ASSERT_TRUE(!strncmp(OGR_F_GetFieldAsString(feat, iid), L[k].prefix,
                           strlen(L[k].prefix)));
      ASSERT_TRUE(g && in_bbox(OGR_G_GetX(g, 0), OGR_G_GetY(g, 0)));
      ASSERT_TRUE(is5 ? band == L[k].band5 : (band == 1800 || band == 2100));
      if (OGR_F_IsFieldSetAndNotNull(feat, irad)) {
        int r = OGR_F_GetFieldAsInteger(feat, irad);
        ASSERT_TRUE(is5 ? (r >= 250 && r <= 600) : (r >= 800 && r <= 3000));
      }
      if (is5) c5++;
      else c4++;
      OGR_F_Destroy(feat);
    }
    ASSERT_EQ(OGR_L_GetFeatureCount(lyr, TRUE), c4 + c5);
    printf("  %s: %ld 4G + %ld 5G\n", L[k].file, c4, c5);
    *n4 += c4;
    *n5 += c5;
    GDALClose(ds);
    strset_free(&ids);
  }
}

/* ---- fibre ---- */
static void check_fibre(const char *dir, const census *cs, double target) {
  char *buf = slurp(dir, "fibre_households.csv", NULL), *save = NULL, *line;
  long long sf = 0, sh = 0;
  int rows = 0, seen755 = 0, seen26521 = 0;
  strset keys = {0};
  ASSERT_TRUE(buf != NULL);
  if (!buf) return;
  line = strtok_r(buf, "\n", &save);
  ASSERT_STREQ(line, "ma_xa,ten_xa,ho_cap_quang");
  while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
    char *f[8];
    int nf = split(line, f, 8), ci;
    long fib;
    rows++;
    ASSERT_EQ(nf, 3);
    if (nf != 3) continue;
    ASSERT_TRUE(strset_add(&keys, f[0]));
    ci = census_find(cs, f[0]);
    ASSERT_TRUE(ci >= 0);
    if (ci < 0) continue;
    fib = atol(f[2]);
    ASSERT_TRUE(fib >= 0 && fib <= cs->hh[ci]);
    sf += fib;
    seen755 += !strcmp(f[0], "755");
    seen26521 += !strcmp(f[0], "26521");
  }
  for (int i = 0; i < cs->n; i++) sh += cs->hh[i];
  ASSERT_EQ(rows, cs->n);
  ASSERT_EQ(seen755, 1);
  ASSERT_EQ(seen26521, 1);
  ASSERT_NEAR((double)sf / (double)sh, target, 1e-5);
  printf("  fibre: %lld / %lld households = %.6f (target %.4f)\n", sf, sh,
         (double)sf / (double)sh, target);
  free(buf);
  strset_free(&keys);
}

/* ---- survey ---- */
static void check_survey(const char *dir, const census *cs, long n_expected,
                         const double *targets, double online_lo,
                         double online_hi) {
  char *buf = slurp(dir, "survey.csv", NULL), *save = NULL, *line;
  double W = 0, S[4] = {0, 0, 0, 0};
  long rows = 0;
  int per_unit[93] = {0}, under30 = 0, min_n = 1 << 30;
  strset ids = {0};
  ASSERT_TRUE(buf != NULL);
  if (!buf) return;
  line = strtok_r(buf, "\n", &save);
  ASSERT_STREQ(line, "respondent_id,commune_code,weight,age,sex,smartphone,"
                     "bank_account,e_id,online_payment");
  while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
    char *f[16];
    int nf = split(line, f, 16), ci, age;
    double w;
    rows++;
    ASSERT_EQ(nf, 9);
    if (nf != 9) continue;
    ASSERT_TRUE(f[0][0] == 'R' && strlen(f[0]) == 6);
    ASSERT_TRUE(strset_add(&ids, f[0]));
    ci = census_find(cs, f[1]);
    ASSERT_TRUE(ci >= 0);
    if (ci >= 0) per_unit[ci]++;
    ASSERT_TRUE(strlen(strchr(f[2], '.') + 1) == 3);
    w = atof(f[2]);
    ASSERT_TRUE(w > 0);
    age = atoi(f[3]);
    ASSERT_TRUE(age >= 15 && age <= 90);
    ASSERT_TRUE(!strcmp(f[4], "nam") || !strcmp(f[4], "nu"));
    W += w;
    for (int k = 0; k < 4; k++) {
      ASSERT_TRUE(!strcmp(f[5 + k], "0") || !strcmp(f[5 + k], "1"));
      if (f[5 + k][0] == '1') S[k] += w;
    }
    if (f[7][0] == '1') ASSERT_TRUE(f[5][0] == '1'); /* e-ID needs a phone */
  }
  ASSERT_EQ(rows, n_expected);
  for (int i = 0; i < cs->n; i++) {
    if (per_unit[i] < min_n) min_n = per_unit[i];
    under30 += per_unit[i] < 30;
  }
  ASSERT_TRUE(min_n >= 3);
  ASSERT_TRUE(under30 > 0);
  for (int k = 0; k < 3; k++) ASSERT_NEAR(S[k] / W, targets[k], 0.00005);
  ASSERT_TRUE(S[3] / W > online_lo && S[3] / W < online_hi);
  printf("  survey: %ld respondents, %d units under 30 (min %d); weighted "
         "smartphone %.6f, bank %.6f, e_id %.6f, online_payment %.4f\n",
         rows, under30, min_n, S[0] / W, S[1] / W, S[2] / W, S[3] / W);
  free(buf);
  strset_free(&ids);
}

static int same_file(const char *a, const char *b, const char *name) {
  size_t la, lb;
  char *x = slurp(a, name, &la), *y = slurp(b, name, &lb);
  int same = x && y && la == lb && memcmp(x, y, la) == 0;
  free(x);
  free(y);
  return same;
}

static void check_households(const char *dir, const census *cs, double scale,
                             double fibre_target, long reported) {
  char path[2048], line[256];
  FILE *f;
  long rows = 0, bad = 0, fib = 0;
  long long expect = 0;
  snprintf(path, sizeof path, "%s/households.csv", dir);
  f = fopen(path, "rb");
  ASSERT_TRUE(f != NULL);
  if (!f) return;
  ASSERT_TRUE(fgets(line, sizeof line, f) != NULL);
  ASSERT_TRUE(strcmp(line, "household_id,lon,lat,fibre\n") == 0);
  while (fgets(line, sizeof line, f)) {
    char *fl[8];
    int nf = split(line, fl, 8);
    rows++;
    if (nf != 4 || !in_bbox(atof(fl[1]), atof(fl[2])) ||
        !strncmp(fl[0], "26521-", 6))
      bad++;
    fib += fl[3][0] == '1';
  }
  fclose(f);
  for (int i = 0; i < cs->n; i++)
    if (strcmp(cs->key[i], "26521"))
      expect += (long long)((double)cs->hh[i] * scale + 0.5);
  ASSERT_EQ(rows, expect);
  ASSERT_EQ(rows, reported);
  ASSERT_EQ(bad, 0);
  ASSERT_NEAR((double)fib / (double)rows, fibre_target, 0.02);
  printf("  households: %ld points (scale %.2f), %ld with fibre\n", rows, scale,
         fib);
}

/* Remove a run folder (our files only), so PHS_TMP does not fill up. */
static void remove_run(const char *dir) {
  static const char *const names[] = {
      "sites_viettel.csv", "sites_vnpt.geojson", "sites_mobifone.gpkg",
      "fibre_households.csv", "survey.csv", "households.csv", "README.txt"};
  char path[2048];
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    unlink(path);
  }
  rmdir(dir);
}

int main(void) {
  const char *src = getenv("PHS_SOURCE_DIR"), *tmp = getenv("PHS_TMP");
  const char *paths[2];
  char base[1024], dir1[1100], dir2[1100], dir3[1100], dir4[1100];
  static census cs;
  phs_synth_opts o;
  phs_synth_result res;
  phs_diag d;
  double t0, targets[3];
  long n4, n5;
  static const char *const csvs[] = {"sites_viettel.csv", "fibre_households.csv",
                                     "survey.csv", "README.txt"};

  if (!src || !tmp) {
    fprintf(stderr, "PHS_SOURCE_DIR and PHS_TMP must be set\n");
    return 1;
  }
  snprintf(g_brvt, sizeof g_brvt, "%s/data/demo/brvt_communes_2008.geojson", src);
  snprintf(g_condao, sizeof g_condao, "%s/data/demo/con_dao_755.geojson", src);
  snprintf(g_census, sizeof g_census,
           "%s/data/demo/brvt_census2019_commune_pop_hh.csv", src);
  snprintf(g_tmp, sizeof g_tmp, "%s", tmp);
  snprintf(base, sizeof base, "%s/data_synth.XXXXXX", tmp);
  if (!mkdtemp(base)) {
    perror(base);
    return 1;
  }
  snprintf(dir1, sizeof dir1, "%s/run1", base);
  snprintf(dir2, sizeof dir2, "%s/run2", base);
  snprintf(dir3, sizeof dir3, "%s/run3", base);
  snprintf(dir4, sizeof dir4, "%s/run4/sub", base); /* nested: created */
  paths[0] = g_brvt;
  paths[1] = g_condao;
  GDALAllRegister();
  read_census(&cs);
  ASSERT_EQ(cs.n, 83);

  /* 1. a default run */
  phs_diag_init(&d);
  default_opts(&o, paths, dir1);
  targets[0] = o.smartphone_target;
  targets[1] = o.bank_target;
  targets[2] = o.eid_target;
  t0 = now_s();
  ASSERT_OK(phs_synth_run(&o, &res, &d));
  printf("run 1 (BR-VT, seed %llu): %.3f s; %s\n", o.seed, now_s() - t0, d.msg);
  for (int i = 0; i < d.n_warnings; i++) printf("  warning: %s\n", d.warnings[i]);
  ASSERT_EQ(res.units, 83);
  ASSERT_EQ(res.units_without_polygon, 1);
  ASSERT_EQ(res.census_rows_skipped, 0);
  ASSERT_EQ(res.sites_4g, 2200);
  ASSERT_EQ(res.sites_5g, 10);
  ASSERT_EQ(res.respondents, 5000);
  ASSERT_EQ(res.household_points, 0);
  ASSERT_TRUE(d.n_warnings_total >= 1); /* Phường 6 has no code */
  printf("  result: fibre %.4f%%, smartphone %.4f%%, bank %.4f%%, e-ID %.4f%%\n",
         res.fibre_pct, res.smartphone_pct, res.bank_pct, res.eid_pct);
  phs_diag_clear(&d);

  check_sites(dir1, &n4, &n5);
  ASSERT_EQ(n4, 2200);
  ASSERT_EQ(n5, 10);
  check_fibre(dir1, &cs, o.fibre_target);
  check_survey(dir1, &cs, 5000, targets, 0.5, 0.7);
  {
    char *readme = slurp(dir1, "README.txt", NULL);
    ASSERT_CONTAINS(readme, "SYNTHETIC");
    ASSERT_CONTAINS(readme, "20221231");
    ASSERT_CONTAINS(readme, "0.9830");
    free(readme);
  }

  /* 2. the same seed again: byte-identical files */
  default_opts(&o, paths, dir2);
  t0 = now_s();
  ASSERT_OK(phs_synth_run(&o, &res, &d));
  printf("run 2 (same seed): %.3f s\n", now_s() - t0);
  phs_diag_clear(&d);
  for (size_t i = 0; i < sizeof csvs / sizeof *csvs; i++)
    PHS_CHECK_(same_file(dir1, dir2, csvs[i]), "%s identical", csvs[i]);
  PHS_CHECK_(same_file(dir1, dir2, "sites_vnpt.geojson"), "geojson identical");
  PHS_CHECK_(same_file(dir1, dir2, "sites_mobifone.gpkg"), "gpkg identical");

  /* 3. existing files: refused without overwrite, replaced with it */
  default_opts(&o, paths, dir1);
  ASSERT_EQ(phs_synth_run(&o, &res, &d), PHS_EUSAGE);
  ASSERT_CONTAINS(d.msg, "exists");
  phs_diag_clear(&d);
  o.overwrite = 1;
  ASSERT_OK(phs_synth_run(&o, &res, &d));
  phs_diag_clear(&d);
  for (size_t i = 0; i < sizeof csvs / sizeof *csvs; i++)
    PHS_CHECK_(same_file(dir1, dir2, csvs[i]), "%s identical after overwrite",
               csvs[i]);
  PHS_CHECK_(same_file(dir1, dir2, "sites_mobifone.gpkg"),
             "gpkg identical after overwrite");

  /* 4. another seed: different files, same calibrated totals */
  default_opts(&o, paths, dir3);
  o.seed = 7;
  ASSERT_OK(phs_synth_run(&o, &res, &d));
  phs_diag_clear(&d);
  for (size_t i = 0; i < 3; i++)
    PHS_CHECK_(!same_file(dir1, dir3, csvs[i]), "%s differs", csvs[i]);
  check_sites(dir3, &n4, &n5);
  ASSERT_EQ(n4, 2200);
  ASSERT_EQ(n5, 10);
  check_fibre(dir3, &cs, o.fibre_target);
  check_survey(dir3, &cs, 5000, targets, 0.5, 0.7);

  /* 5. household points, other counts and targets, nested new folder */
  default_opts(&o, paths, dir4);
  o.household_points = 1;
  o.household_scale = 0.05;
  o.n_sites_4g = 301;
  o.n_sites_5g = 3;
  o.n_respondents = 1200;
  o.fibre_target = 0.9;
  o.smartphone_target = 0.9;
  o.bank_target = 0.7;
  o.eid_target = 0.5;
  targets[0] = 0.9;
  targets[1] = 0.7;
  targets[2] = 0.5;
  t0 = now_s();
  ASSERT_OK(phs_synth_run(&o, &res, &d));
  printf("run 5 (household points at 5 %%): %.3f s\n", now_s() - t0);
  phs_diag_clear(&d);
  check_sites(dir4, &n4, &n5);
  ASSERT_EQ(n4, 301);
  ASSERT_EQ(n5, 3);
  check_fibre(dir4, &cs, 0.9);
  check_survey(dir4, &cs, 1200, targets, 0.3, 0.7);
  check_households(dir4, &cs, 0.05, 0.9, res.household_points);

  /* 6. errors name the file */
  default_opts(&o, paths, dir3);
  o.overwrite = 1;
  o.census_path = "/nonexistent/census.csv";
  ASSERT_EQ(phs_synth_run(&o, &res, &d), PHS_EINPUT);
  ASSERT_CONTAINS(d.msg, "/nonexistent/census.csv");
  phs_diag_clear(&d);
  default_opts(&o, paths, dir3);
  o.overwrite = 1;
  o.code_field = "ma_xa";
  ASSERT_EQ(phs_synth_run(&o, &res, &d), PHS_EINPUT);
  ASSERT_CONTAINS(d.msg, "ma_xa");
  ASSERT_CONTAINS(d.msg, "brvt_communes_2008.geojson");
  phs_diag_clear(&d);
  {
    const char *bad[1] = {"/nonexistent/communes.gpkg"};
    default_opts(&o, bad, dir3);
    o.n_commune_paths = 1;
    o.overwrite = 1;
    ASSERT_EQ(phs_synth_run(&o, &res, &d), PHS_EINPUT);
    ASSERT_CONTAINS(d.msg, "/nonexistent/communes.gpkg");
    phs_diag_clear(&d);
  }
  default_opts(&o, paths, dir3);
  o.bank_target = 1.5;
  ASSERT_EQ(phs_synth_run(&o, &res, &d), PHS_EUSAGE);
  phs_diag_clear(&d);

  GDALDestroy();
  if (phs_test_failures == 0) { /* keep the evidence when something failed */
    char run4[1100];
    snprintf(run4, sizeof run4, "%s/run4", base);
    remove_run(dir1);
    remove_run(dir2);
    remove_run(dir3);
    remove_run(dir4);
    rmdir(run4);
    rmdir(base);
  }
  return phs_test_report("data_synth");
}
