/*
** coverage_map.c: the coverage map: a coverage raster (phusong's
** <tech>_overlap.tif or <tech>_signal.tif, docs/propagation.md "Outputs")
** drawn in classes over the store's communes, with the sites of one
** technology marked per operator.
**
** The map is drawn in the raster's own CRS, so the raster's cells are read
** unchanged (a window aligned to its grid, nearest neighbour) and only the
** communes and sites are projected. The communes are drawn light with
** district outlines; the classes' shares in the legend are of the
** communes' area (cells whose centre lies in a commune).
**
** The disagreement map (o->disagreement) draws the same way one
** operator's signal band, classified by disagree.c against the operator's
** claimed coverage: both cover, model only, claim only, neither; only that
** operator's sites are marked, and the per-commune km² go to a CSV.
*/
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "disagree.h"
#include "mapdraw.h"
#include "phs_analyzer.h"

/* Rasters above this many cells are read at a coarser multiple of their
** resolution (160 MB of floats). */
#define MAX_MAP_CELLS 40000000.0

#define MINUS "\xe2\x88\x92" /* U+2212, the typographic minus */
#define GE "\xe2\x89\xa5"    /* U+2265 */

typedef enum { KIND_OVERLAP = 0, KIND_SIGNAL = 1 } cov_kind;

static int ieq(const char *a, const char *b) {
  for (; *a && *b; a++, b++)
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
  return *a == *b;
}

/* ------------------------------------------------ model metadata (JSON) */

/* The raw value of "key" in a flat JSON object: a pointer to its first
** character and its length (strings without their quotes), 0 if absent. */
static size_t json_value(const char *json, const char *key,
                         const char **val) {
  if (json == NULL) return 0;
  char pat[64];
  snprintf(pat, sizeof(pat), "\"%s\"", key);
  const char *p = strstr(json, pat);
  if (p == NULL) return 0;
  p += strlen(pat);
  while (*p == ' ') p++;
  if (*p++ != ':') return 0;
  while (*p == ' ') p++;
  if (*p == '"') {
    const char *e = strchr(p + 1, '"');
    if (e == NULL) return 0;
    *val = p + 1;
    return (size_t)(e - p - 1);
  }
  size_t n = strcspn(p, ",}");
  while (n > 0 && p[n - 1] == ' ') n--;
  *val = p;
  return n;
}

static int json_str(const char *json, const char *key, char *buf,
                    size_t size) {
  const char *v;
  size_t n = json_value(json, key, &v);
  if (n == 0 || (n == 4 && strncmp(v, "null", 4) == 0)) return 0;
  snprintf(buf, size, "%.*s", (int)n, v);
  return 1;
}

static double json_num(const char *json, const char *key) {
  char buf[64];
  if (!json_str(json, key, buf, sizeof(buf))) return NAN;
  char *end;
  double v = strtod(buf, &end);
  return end == buf ? NAN : v;
}

/* "−110" (with the typographic minus) for a whole dBm value. */
static void fmt_dbm(double v, phs_lang lang, char *buf, size_t size) {
  char num[48];
  phs_format_number(fabs(v), fmod(v, 1) != 0 ? 1 : 0, lang, num,
                    sizeof(num));
  size_t m = strlen(MINUS);
  if (v < 0 && size > m) {
    memcpy(buf, MINUS, m);
    buf += m;
    size -= m;
  }
  snprintf(buf, size, "%.*s", (int)(size > 0 ? size - 1 : 0), num);
}

/* The model part of the subtitle, from PHUSONG_MODEL, into b. */
static void model_text(const char *json, double threshold, phs_lang lang,
                       phs_buf *b) {
  int vi = lang == PHS_LANG_VI;
  char name[64] = "", env[64] = "", dem[8] = "";
  json_str(json, "name", name, sizeof(name));
  json_str(json, "environment", env, sizeof(env));
  const char *v;
  size_t dn = json_value(json, "dem", &v);
  snprintf(dem, sizeof(dem), "%s",
           dn == 0 || (dn == 4 && strncmp(v, "null", 4) == 0) ? "" : "yes");
  static const struct {
    const char *key, *en, *vi;
  } models[] = {{"fspl", "free space", "không gian tự do"},
                {"hata", "COST-231 Hata", "COST-231 Hata"},
                {"uma", "3GPP TR 38.901 UMa", "3GPP TR 38.901 UMa"},
                {"umi", "3GPP TR 38.901 UMi", "3GPP TR 38.901 UMi"},
                {"rma", "3GPP TR 38.901 RMa", "3GPP TR 38.901 RMa"}},
    envs[] = {{"urban", "urban", "đô thị"},
              {"suburban", "suburban", "ngoại ô"},
              {"rural", "rural", "nông thôn"}};
  /* --model auto: "models" maps each environment to its model. With one
  ** environment for every site, that environment's model is the model;
  ** with --environment auto, each site has its own, listed by environment
  ** ("3GPP TR 38.901 UMa (urban, suburban), ... RMa (rural)"). */
  const char *mmap = strcmp(name, "auto") == 0 ? strstr(json, "\"models\"")
                                               : NULL;
  int env_auto = strcmp(env, "auto") == 0;
  if (mmap && !env_auto) {
    char one[64] = "";
    if (json_str(mmap, env, one, sizeof(one)))
      snprintf(name, sizeof(name), "%s", one);
    mmap = NULL;
  }
  const char *mname = name;
  for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++)
    if (strcmp(models[i].key, name) == 0) mname = vi ? models[i].vi : models[i].en;
  const char *ename = env;
  for (size_t i = 0; i < sizeof(envs) / sizeof(envs[0]); i++)
    if (strcmp(envs[i].key, env) == 0) ename = vi ? envs[i].vi : envs[i].en;
  if (env_auto)
    ename = vi ? "môi trường từng trạm theo mật độ dân số xã"
               : "environment per site from commune population density";
  if (mmap) {
    phs_buf_puts(b, vi ? "Mô hình từng trạm theo mật độ dân số xã:"
                       : "Model per site from commune population density:");
    int done[3] = {0, 0, 0}, first = 1;
    char mk[3][64];
    for (int e = 0; e < 3; e++)
      if (!json_str(mmap, envs[e].key, mk[e], sizeof(mk[e]))) mk[e][0] = 0;
    for (int e = 0; e < 3; e++) {
      if (done[e] || !mk[e][0]) continue;
      const char *mn = mk[e];
      for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++)
        if (strcmp(models[i].key, mk[e]) == 0)
          mn = vi ? models[i].vi : models[i].en;
      phs_buf_printf(b, "%s %s (", first ? "" : ",", mn);
      for (int f = e, k = 0; f < 3; f++)
        if (!done[f] && strcmp(mk[f], mk[e]) == 0) {
          phs_buf_printf(b, "%s%s", k++ ? ", " : "",
                         vi ? envs[f].vi : envs[f].en);
          done[f] = 1;
        }
      phs_buf_puts(b, ")");
      first = 0;
    }
  } else if (*mname) {
    phs_buf_printf(b, "%s %s", vi ? "Mô hình" : "Model", mname);
    if (*ename) phs_buf_printf(b, " (%s)", ename);
  } else {
    phs_buf_puts(b, vi ? "Mô hình không rõ" : "Model unknown");
  }
  if (!isnan(threshold)) {
    char t[64];
    fmt_dbm(threshold, lang, t, sizeof(t));
    phs_buf_printf(b, ", %s %s dBm", vi ? "ngưỡng" : "threshold", t);
  }
  double rel = json_num(json, "reliability");
  if (!isnan(rel)) {
    char p[64];
    phs_format_number(rel * 100, fmod(rel * 100, 1) > 1e-9 ? 1 : 0, lang, p,
                      sizeof(p));
    phs_buf_printf(b, vi ? ", độ tin cậy %s%%" : ", %s%% reliability", p);
  }
  if (*dem) phs_buf_puts(b, vi ? ", có địa hình" : ", with terrain");
}

/* ------------------------------------------------------------ classes */

typedef struct cov_classes {
  phs_raster_class c[4];
  char labels[4][96];
  char title[192];
} cov_classes;

static void make_classes(cov_kind kind, const char *band_desc, int any_band,
                         double threshold, phs_lang lang, cov_classes *cc) {
  int vi = lang == PHS_LANG_VI;
  phs_rgb pal[4];
  phs_palette("YlGnBu", 4, pal);
  memset(cc, 0, sizeof(*cc));
  const char *share = vi ? "tỷ lệ diện tích các xã" : "share of the communes'"
                                                     " area";
  if (kind == KIND_OVERLAP) {
    for (int k = 0; k < 4; k++) {
      cc->c[k].lo = k;
      cc->c[k].hi = k == 3 ? INFINITY : k + 1;
    }
    cc->c[0].lo = -INFINITY;
    if (any_band) {
      snprintf(cc->title, sizeof(cc->title), "%s (%s)",
               vi ? "Số nhà mạng phủ sóng" : "Operators covering", share);
      snprintf(cc->labels[0], 96, "%s",
               vi ? "Không nhà mạng nào (vùng lõm)" : "None (not-spot)");
      snprintf(cc->labels[1], 96, "%s", vi ? "1 nhà mạng" : "1 operator");
      snprintf(cc->labels[2], 96, "%s", vi ? "2 nhà mạng" : "2 operators");
      snprintf(cc->labels[3], 96, "%s",
               vi ? "Từ 3 nhà mạng trở lên" : "3 or more operators");
    } else {
      snprintf(cc->title, sizeof(cc->title), "%s %s (%s)",
               vi ? "Số trạm phủ sóng của" : "Sites covering, of", band_desc,
               share);
      snprintf(cc->labels[0], 96, "%s", vi ? "Không có trạm nào" : "None");
      snprintf(cc->labels[1], 96, "%s", vi ? "1 trạm" : "1 site");
      snprintf(cc->labels[2], 96, "%s", vi ? "2 trạm" : "2 sites");
      snprintf(cc->labels[3], 96, "%s",
               vi ? "Từ 3 trạm trở lên" : "3 or more sites");
    }
  } else {
    double t = isnan(threshold) ? -110 : threshold;
    double b[5] = {-INFINITY, t, t + 10, t + 20, INFINITY};
    char s0[32], s1[32], s2[32];
    fmt_dbm(b[1], lang, s0, sizeof(s0));
    fmt_dbm(b[2], lang, s1, sizeof(s1));
    fmt_dbm(b[3], lang, s2, sizeof(s2));
    for (int k = 0; k < 4; k++) {
      cc->c[k].lo = b[k];
      cc->c[k].hi = b[k + 1];
    }
    if (any_band)
      snprintf(cc->title, sizeof(cc->title), "%s (%s)",
               vi ? "Tín hiệu tốt nhất, RSRP" : "Best signal, RSRP", share);
    else
      snprintf(cc->title, sizeof(cc->title), "%s %s, RSRP (%s)",
               vi ? "Tín hiệu của" : "Signal of", band_desc, share);
    snprintf(cc->labels[0], 96, "< %s dBm (%s)", s0,
             vi ? "không phủ sóng" : "no coverage");
    snprintf(cc->labels[1], 96, "%s %s %s dBm", s0, vi ? "đến" : "to", s1);
    snprintf(cc->labels[2], 96, "%s %s %s dBm", s1, vi ? "đến" : "to", s2);
    snprintf(cc->labels[3], 96, GE " %s dBm", s2);
  }
  for (int k = 0; k < 4; k++) {
    cc->c[k].colour = pal[k];
    cc->c[k].hidden = k == 0; /* not-spots / below the threshold */
    cc->c[k].label = cc->labels[k];
  }
}

/* Classes of the disagreement map (values are dis_class numbers). The
** model's own cells are blue (dark where the claim agrees, light where it
** does not claim them); claimed cells the model does not cover are orange,
** the pair that stays apart for every colour-vision deficiency; neither
** is grey, so a reader sees that the cell was compared. */
static void make_dis_classes(phs_lang lang, cov_classes *cc) {
  int vi = lang == PHS_LANG_VI;
  static const phs_rgb pal[DIS_N] = {
      {0x2c, 0x7f, 0xb8}, {0x9e, 0xca, 0xe1}, {0xe6, 0x55, 0x0d},
      {0xbd, 0xbd, 0xbd}};
  static const char *const en[DIS_N] = {"Both cover", "Model only",
                                         "Claim only", "Neither"};
  static const char *const vn[DIS_N] = {"Cả hai cùng phủ", "Chỉ mô hình phủ",
                                         "Chỉ công bố phủ",
                                         "Không bên nào phủ"};
  memset(cc, 0, sizeof(*cc));
  snprintf(cc->title, sizeof(cc->title), "%s",
           vi ? "Công bố so với mô hình (tỷ lệ diện tích các xã)"
              : "Claim vs model (share of the communes' area)");
  for (int k = 0; k < DIS_N; k++) {
    cc->c[k].lo = k - 0.5;
    cc->c[k].hi = k + 0.5;
    cc->c[k].colour = pal[k];
    snprintf(cc->labels[k], sizeof(cc->labels[k]), "%s", vi ? vn[k] : en[k]);
    cc->c[k].label = cc->labels[k];
  }
}

/* -------------------------------------------------------------- raster */

/* A folder given as the raster means phusong's <tech>_signal.tif (for the
** disagreement map) or <tech>_overlap.tif in it; a file is itself. */
static const char *raster_path(const char *given, const char *tech,
                               int signal, char *buf, size_t size) {
  struct stat sb;
  if (stat(given, &sb) != 0 || !S_ISDIR(sb.st_mode)) return given;
  size_t n = strlen(given);
  snprintf(buf, size, "%s%s%s_%s.tif", given,
           n && given[n - 1] == '/' ? "" : "/", tech,
           signal ? "signal" : "overlap");
  return buf;
}

/* The operator of the disagreement map: the one asked for, else the only
** one with a current claim of tech. */
static int dis_operator(const phs_dataset *ds, const char *want,
                        const char *tech, const char **op, phs_diag *d) {
  *op = want;
  if (want) return PHS_OK;
  phs_buf b;
  phs_buf_init(&b);
  int n = 0;
  for (int i = 0; i < ds->n_claims; i++) {
    const char *c = ds->claims[i].operator_code;
    if (!ieq(ds->claims[i].tech, tech)) continue;
    int seen = 0;
    for (int k = 0; k < i && !seen; k++)
      seen = ieq(ds->claims[k].tech, tech) &&
             strcmp(ds->claims[k].operator_code, c) == 0;
    if (seen) continue;
    phs_buf_printf(&b, "%s%s", n ? ", " : "", c);
    if (n++ == 0) *op = c;
  }
  int st = PHS_OK;
  if (n == 0)
    st = phs_diag_error(d, PHS_EUSAGE,
                        "no operator has a current %s coverage filing in the"
                        " store; import one with phusong import coverage"
                        " --operator OP --tech %s",
                        tech, tech);
  else if (n > 1)
    st = phs_diag_error(d, PHS_EUSAGE,
                        "%s coverage was filed by %s; choose one with"
                        " --operator OP",
                        tech, b.data ? b.data : "");
  phs_buf_free(&b);
  return st;
}

/* The grid must be projected and north-up: cells are areas in metres. */
static int raster_check_grid(const char *path, const phs_raster_info *ri,
                             phs_diag *d) {

  if (ri->crs == NULL)
    return phs_diag_error(d, PHS_EINPUT, "%s: the coverage raster has no CRS",
                          path);
  if (ri->crs_geographic)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: the coverage raster is in a geographic CRS"
                          " (%s, degrees); its cells must be metres to give"
                          " areas: reproject it, e.g. gdalwarp -t_srs"
                          " EPSG:32648 -r near",
                          path, ri->crs);
  if (ri->gt[2] != 0 || ri->gt[4] != 0 || !(ri->gt[1] > 0))
    return phs_diag_error(d, PHS_EINPUT, "%s: the coverage raster is rotated"
                          " or flipped; warp it north-up first", path);
  return PHS_OK;
}

/* --band N past the raster's last band: a usage error. */
static int band_too_high(const char *path, const phs_raster_info *ri,
                         int band, phs_diag *d) {
  return phs_diag_error(d, PHS_EUSAGE, "--band %d: %s has %d band%s", band,
                        path, ri->n_bands, ri->n_bands == 1 ? "" : "s");
}

/* The disagreement map's band: --band, else the band described with the
** operator's code (phusong's signal raster), else the only band. It must
** hold dBm (floating point) unless --threshold says how to read it. */
static int dis_choose(const char *path, const phs_raster_info *ri,
                      const phs_coverage_map_opts *o, const char *op,
                      int *band, phs_diag *d) {
  int st = raster_check_grid(path, ri, d);
  if (st) return st;
  *band = 0;
  if (o->band > 0) {
    if (o->band > ri->n_bands) return band_too_high(path, ri, o->band, d);
    *band = o->band;
  } else {
    for (int i = 0; i < ri->n_bands; i++)
      if (ieq(ri->bands[i].description, op)) *band = i + 1;
    if (*band == 0 && ri->n_bands == 1) *band = 1;
  }
  if (*band == 0) {
    phs_buf b;
    phs_buf_init(&b);
    for (int i = 0; i < ri->n_bands; i++)
      phs_buf_printf(&b, "%s%d '%s'", i ? ", " : "", i + 1,
                     ri->bands[i].description);
    st = phs_diag_error(d, PHS_EUSAGE,
                        "%s: no band is described '%s' (bands: %s); give"
                        " phusong's <tech>_signal.tif, or pick the band with"
                        " --band N",
                        path, op, b.data ? b.data : "");
    phs_buf_free(&b);
    return st;
  }
  const phs_raster_band_info *bi = &ri->bands[*band - 1];
  if (!bi->is_float && !o->has_threshold)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: band %d (%s) is not a signal level in dBm"
                          " (phusong's <tech>_signal.tif is Float32; the"
                          " overlap or server raster?); give the signal"
                          " raster, or --threshold to compare its values",
                          path, *band, bi->type);
  return PHS_OK;
}

/* Check the raster and pick its band and kind. */
static int raster_choose(const char *path, const phs_raster_info *ri,
                         const phs_coverage_map_opts *o, int *band,
                         cov_kind *kind, int *any_band, phs_diag *d) {
  int st = raster_check_grid(path, ri, d);
  if (st) return st;
  int any = -1;
  for (int i = 0; i < ri->n_bands; i++)
    if (ieq(ri->bands[i].description, "ANY")) any = i + 1;
  if (o->band > 0) {
    if (o->band > ri->n_bands) return band_too_high(path, ri, o->band, d);
    *band = o->band;
  } else {
    *band = any > 0 ? any : ri->n_bands;
  }
  *any_band = *band == any;
  const phs_raster_band_info *bi = &ri->bands[*band - 1];
  if (o->kind) {
    if (strcmp(o->kind, "overlap") == 0)
      *kind = KIND_OVERLAP;
    else if (strcmp(o->kind, "signal") == 0)
      *kind = KIND_SIGNAL;
    else
      return phs_diag_error(d, PHS_EUSAGE, "--coverage-kind: '%s' (overlap,"
                            " signal)", o->kind);
  } else if (bi->is_float) {
    *kind = KIND_SIGNAL;
  } else if (any > 0) {
    *kind = KIND_OVERLAP;
  } else {
    return phs_diag_error(d, PHS_EUSAGE,
                          "%s: band %d (%s) holds neither signal levels"
                          " (floating point) nor operator counts (no \"ANY\""
                          " band); say which with --coverage-kind"
                          " overlap|signal",
                          path, *band, bi->type);
  }
  return PHS_OK;
}

/* ----------------------------------------------------------------- map */

int phs_coverage_map_write(phs_store *s, const phs_run *run,
                           const phs_coverage_map_opts *o, const char *path,
                           phs_diag *d) {
  const char *rpath = o ? o->raster : NULL;
  if (rpath == NULL || path == NULL)
    return phs_diag_error(d, PHS_EUSAGE, "coverage map: no raster or no"
                          " output");
  const char *tech = o->tech ? o->tech : "5G";
  char rbuf[4096];
  rpath = raster_path(rpath, tech, o->disagreement, rbuf, sizeof(rbuf));
  phs_raster_info ri;
  int st = phs_raster_info_read(rpath, &ri, d);
  if (st) return st;
  int band = 0, any_band = 0;
  cov_kind kind = KIND_OVERLAP;
  const char *dis_op = NULL; /* borrowed from o or ds: the disagreement's */
  dis_result dr;
  memset(&dr, 0, sizeof(dr));
  phs_dataset ds;
  memset(&ds, 0, sizeof(ds));
  if (o->disagreement) {
    kind = KIND_SIGNAL;
    st = phs_dataset_load(s, &ds, d);
    if (st == PHS_OK) st = dis_operator(&ds, o->operator_code, tech, &dis_op, d);
    if (st == PHS_OK) st = dis_choose(rpath, &ri, o, dis_op, &band, d);
  } else {
    st = raster_choose(rpath, &ri, o, &band, &kind, &any_band, d);
  }
  if (st) {
    phs_dataset_free(&ds);
    phs_raster_info_free(&ri);
    return st;
  }
  int vi = o->lang == PHS_LANG_VI;

  phs_crs_transform *tr = NULL;
  phs_crs_grid *ll_grid = NULL;
  phs_mpoly *xy = NULL, *outl = NULL;
  const phs_mpoly **outl_ptr = NULL;
  const char **outl_lab = NULL;
  int n_out = 0, nf = 0;
  phs_map_feature *feat = NULL;
  float *values = NULL;
  double *pts = NULL;
  phs_point_layer *layers = NULL;
  phs_buf sub, desc, legend;
  phs_buf_init(&sub);
  phs_buf_init(&desc);
  phs_buf_init(&legend);

  if (!o->disagreement) st = phs_dataset_load(s, &ds, d);
  if (st) goto out;
  int n = ds.n_communes;
  xy = calloc((size_t)(n ? n : 1), sizeof(phs_mpoly));
  feat = calloc((size_t)(n ? n : 1), sizeof(*feat));
  if (xy == NULL || feat == NULL) {
    st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto out;
  }
  tr = phs_crs_transform_new("EPSG:4326", ri.crs, d);
  if (tr == NULL) {
    st = PHS_ERUNTIME;
    goto out;
  }
  double minx = INFINITY, miny = INFINITY, maxx = -INFINITY, maxy = -INFINITY;
  for (int i = 0; i < n; i++) {
    const phs_commune *c = &ds.communes[i];
    if (!c->has_geom) continue;
    phs_mpoly_init(&xy[nf]);
    phs_mpoly_copy(&xy[nf], &c->geom);
    phs_crs_transform_mpoly(tr, &xy[nf]);
    feat[nf].geom = &xy[nf];
    feat[nf].value = NAN;
    feat[nf].label = c->name;
    if (isfinite(xy[nf].minx) && isfinite(xy[nf].maxx)) {
      minx = fmin(minx, xy[nf].minx), maxx = fmax(maxx, xy[nf].maxx);
      miny = fmin(miny, xy[nf].miny), maxy = fmax(maxy, xy[nf].maxy);
    }
    nf++;
  }
  if (nf == 0 || !(maxx > minx && maxy > miny)) {
    st = phs_diag_error(d, PHS_EUSAGE, "the store has no commune polygons to"
                        " map");
    goto out;
  }
  ll_grid = map_grid_new(tr, &ds);
  if (ll_grid == NULL) {
    st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto out;
  }
  st = map_district_outlines(s, &ds, ll_grid, &outl, &outl_ptr, &outl_lab,
                             &n_out, d);
  if (st) goto out;

  /* The window: the communes' extent, out to whole cells of the raster's
  ** own grid, so nearest-neighbour reading copies the cells. */
  double res = ri.gt[1], gx = ri.gt[0], gy = ri.gt[3];
  double rx1 = gx + ri.nx * ri.gt[1], ry0 = gy + ri.ny * ri.gt[5];
  if (minx >= rx1 || maxx <= gx || miny >= fmax(gy, ry0) ||
      maxy <= fmin(gy, ry0)) {
    st = phs_diag_error(d, PHS_EINPUT, "%s: the coverage raster does not"
                        " cover the store's communes (is it from another"
                        " province?)", rpath);
    goto out;
  }
  double wx0 = gx + floor((minx - gx) / res) * res;
  double wx1 = gx + ceil((maxx - gx) / res) * res;
  double wy1 = gy - floor((gy - maxy) / res) * res;
  double wy0 = gy - ceil((gy - miny) / res) * res;
  double cells = (wx1 - wx0) / res * ((wy1 - wy0) / res);
  double read_res = res;
  if (cells > MAX_MAP_CELLS) {
    read_res = res * ceil(sqrt(cells / MAX_MAP_CELLS));
    phs_diag_warn(d, "%s: drawn from every %.0fth cell (%g m) to keep the"
                  " map's memory bounded", rpath, read_res / res, read_res);
  }
  phs_dem grid;
  st = phs_raster_read(rpath, band, 1, ri.crs, wx0, wy0, wx1, wy1, read_res,
                       &grid, &values, d);
  if (st) goto out;
  /* A signal raster's no data inside its extent is "no site reaches the
  ** cell": no coverage, not unknown. */
  double thr = NAN;
  const char *meta_thr = phs_raster_info_meta(&ri, "PHUSONG_THRESHOLD_DBM");
  const char *model = phs_raster_info_meta(&ri, "PHUSONG_MODEL");
  if (meta_thr) thr = strtod(meta_thr, NULL);
  if (isnan(thr)) thr = json_num(model, "threshold_dbm");
  if (kind == KIND_SIGNAL) {
    double ylo = fmin(gy, ry0), yhi = fmax(gy, ry0);
    for (int j = 0; j < grid.ny; j++) {
      double y = grid.y0 - (j + 0.5) * grid.res;
      if (y < ylo || y > yhi) continue;
      for (int i = 0; i < grid.nx; i++) {
        double x = grid.x0 + (i + 0.5) * grid.res;
        float *v = &values[(size_t)j * grid.nx + i];
        if (isnan(*v) && x >= gx && x <= rx1) *v = -1e4f;
      }
    }
  }
  cov_classes cc;
  if (o->disagreement) {
    if (o->has_threshold) thr = o->threshold_dbm;
    if (isnan(thr)) {
      st = phs_diag_error(d, PHS_EINPUT,
                          "%s: no threshold in the raster's metadata"
                          " (PHUSONG_THRESHOLD_DBM); give the one it was"
                          " modelled with: --threshold DBM",
                          rpath);
      goto out;
    }
    st = disagree_classify(&ds, dis_op, tech, ri.crs, &grid, values, thr, &dr,
                           d);
    if (st) goto out;
    make_dis_classes(o->lang, &cc);
  } else {
    make_classes(kind, ri.bands[band - 1].description, any_band, thr,
                 o->lang, &cc);
  }
  phs_raster_layer rl;
  memset(&rl, 0, sizeof(rl));
  rl.values = values;
  rl.nx = grid.nx;
  rl.ny = grid.ny;
  rl.x0 = grid.x0;
  rl.y0 = grid.y0;
  rl.res = grid.res;
  rl.classes = cc.c;
  rl.n_classes = 4;
  rl.opacity = 0.8;
  rl.clip_to_features = 1;
  rl.legend_title = cc.title;

  /* Sites of the technology, one layer per operator, projected. */
  int nop = ds.n_operators;
  pts = calloc((size_t)ds.n_sites * 2 + 2, sizeof(double));
  layers = calloc((size_t)(nop ? nop : 1), sizeof(*layers));
  if (pts == NULL || layers == NULL) {
    st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto out;
  }
  size_t k = 0;
  int nl = 0; /* layers drawn: every operator, or the disagreement's one */
  for (int op = 0; op < nop; op++) {
    if (dis_op && strcmp(ds.operators[op], dis_op) != 0) continue;
    phs_point_layer *lay = &layers[nl++];
    lay->xy = pts + 2 * k;
    /* Black on the disagreement map: an operator's warm colour would
    ** read as the orange "claim only" class. */
    lay->colour = phs_okabe_ito(dis_op ? 3 : op);
    lay->shape = (phs_shape)(op % PHS_N_SHAPES);
    lay->label = ds.operators[op];
    lay->size_pt = 6; /* small: the footprints show around them */
    size_t first = k;
    for (int i = 0; i < ds.n_sites; i++) {
      const phs_site *site = &ds.sites[i];
      if (strcmp(site->operator_code, ds.operators[op]) != 0 ||
          !ieq(site->tech, tech) || !isfinite(site->lon) ||
          !isfinite(site->lat))
        continue;
      pts[2 * k] = site->lon;
      pts[2 * k + 1] = site->lat;
      k++;
    }
    lay->n = (int)(k - first);
  }
  for (size_t i = 0; i < k; i++)
    phs_crs_transform_points(tr, &pts[2 * i], &pts[2 * i + 1], 1);

  /* Texts. */
  char title[256], source[1024], ptitle[128];
  if (o->title) {
    snprintf(title, sizeof(title), "%s", o->title);
    phs_utf8_trim(title); /* a --title cut to the buffer stays UTF-8 */
  } else if (dis_op)
    snprintf(title, sizeof(title),
             vi ? "Vùng phủ sóng %s của %s: công bố và mô hình"
                : "%s coverage of %s: claimed and modelled",
             tech, dis_op);
  else
    snprintf(title, sizeof(title), vi ? "Vùng phủ sóng %s" : "%s coverage",
             tech);
  model_text(model, thr, o->lang, &sub);
  if (dis_op) { /* the claim: the operator's current coverage filings */
    int first = 1;
    for (int i = 0; i < ds.n_inputs; i++) {
      const phs_input_ref *in = &ds.inputs[i];
      if (!in->kind || strcmp(in->kind, "coverage") != 0 ||
          !in->operator_code || strcmp(in->operator_code, dis_op) != 0)
        continue;
      phs_buf_printf(&sub, "%s%s (#%lld)",
                     first ? (vi ? " · công bố: " : " · claim: ") : ", ",
                     in->source_name ? in->source_name : "",
                     in->submission_id);
      first = 0;
    }
  }
  if (!any_band) {
    const char *bd = ri.bands[band - 1].description;
    phs_buf_printf(&sub, " · %s %d", vi ? "băng" : "band", band);
    if (bd && *bd) phs_buf_printf(&sub, " (%s)", bd);
  }
  if (run) {
    phs_buf_printf(&sub, " · %s %lld · %s", vi ? "lần phân tích" : "run",
                   run->id, run->started_at ? run->started_at : "");
    if (model && run->params_json && !strstr(run->params_json, model))
      phs_diag_warn(d, "%s: its model metadata is not that of run %lld,"
                    " named in the subtitle (use --run to name the run that"
                    " wrote it)", rpath, run->id);
  }
  const char *base = strrchr(rpath, '/') ? strrchr(rpath, '/') + 1 : rpath;
  map_source_line(&ds, o->source, base, o->lang, source, sizeof(source));
  snprintf(ptitle, sizeof(ptitle), vi ? "Trạm %s (số trạm)" : "%s sites"
           " (count)", tech);

  phs_map_spec spec;
  memset(&spec, 0, sizeof(spec));
  spec.width = o->width;
  spec.height = o->height;
  spec.dpi = o->dpi;
  spec.lang = o->lang;
  spec.title = title;
  spec.subtitle = sub.data;
  spec.source = source;
  spec.note = o->synthetic_note ? map_synthetic_note(o->lang) : NULL;
  spec.features = feat;
  spec.n_features = nf;
  spec.outlines = outl_ptr;
  spec.outline_labels = n_out <= 40 ? outl_lab : NULL;
  spec.n_outlines = n_out;
  spec.inset_title = "Côn Đảo";
  spec.features_unfilled = 1;
  spec.raster = &rl;
  spec.points = layers;
  spec.n_points = nl;
  spec.points_title = ptitle;
  if (sub.oom) {
    st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto out;
  }
  st = phs_map_legend(&spec, &legend, d);
  if (st == PHS_OK) {
    phs_buf_printf(&desc, "%s. %s. raster=%s band=%d kind=%s\n%s", sub.data,
                   source, rpath, band,
                   o->disagreement     ? "disagreement"
                   : kind == KIND_OVERLAP ? "overlap"
                                          : "signal",
                   legend.data ? legend.data : "");
    if (o->disagreement) /* exact figures, as the CSV sums them */
      phs_buf_printf(&desc, "operator=%s tech=%s threshold_dbm=%.10g"
                     " both_km2=%.6f model_only_km2=%.6f claim_only_km2=%.6f"
                     " neither_km2=%.6f no_model_data_km2=%.6f\n",
                     dis_op, tech, thr, dr.km2[DIS_BOTH],
                     dr.km2[DIS_MODEL_ONLY], dr.km2[DIS_CLAIM_ONLY],
                     dr.km2[DIS_NEITHER], dr.nodata_km2);
    /* PNG (with world file and .aux.xml in the raster's CRS), SVG or PDF
    ** by the extension: render/map_output.c. */
    phs_map_output mo = {desc.data, ri.crs};
    st = desc.oom ? phs_diag_error(d, PHS_ERUNTIME, "out of memory")
                  : phs_map_save(&spec, path, &mo, NULL, d);
  }
  if (st == PHS_OK && o->disagreement && o->csv_path)
    st = disagree_csv_write(&ds, &dr, o->lang, o->csv_path, d);

out:
  disagree_free(&dr);
  phs_buf_free(&sub);
  phs_buf_free(&desc);
  phs_buf_free(&legend);
  for (int i = 0; i < nf; i++) phs_mpoly_free(&xy[i]);
  for (int i = 0; i < n_out; i++) phs_mpoly_free(&outl[i]);
  free(outl);
  free(outl_ptr);
  free(outl_lab);
  free(xy);
  free(feat);
  free(values);
  free(pts);
  free(layers);
  phs_crs_grid_free(ll_grid);
  phs_crs_transform_free(tr);
  phs_dataset_free(&ds);
  phs_raster_info_free(&ri);
  return st;
}
