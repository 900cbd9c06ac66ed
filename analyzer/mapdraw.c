/*
** mapdraw.c: the choropleth of one metric of a stored run: joins the run's
** commune results to the communes' polygons, projects them to the UTM zone
** of the data, classifies the percentages, builds district outlines by
** union, and hands everything to render/ with titles in the user's language.
** It reads only what it draws: the communes, their district outlines and
** the inputs (phs_dataset_load_map), not the sites or the survey, and
** projects each distinct commune vertex once (neighbours share borders).
** The district outlines, the source line and the synthetic-data note are
** shared with the coverage map (coverage_map.c) through mapdraw.h.
*/
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapdraw.h"
#include "phs_analyzer.h"
#include "phs_progress.h"

/* The commune rows of one metric, sorted by code, for lookups by code:
** scanning the run's rows once per commune cost most of a national map's
** time. The run may hold every metric or, as main.c loads it for a map,
** only this one (phs_store_load_run_metric). */
typedef struct row_index {
  const phs_result_row **rows; /* owned array; rows borrowed from the run */
  long n;
} row_index;

static int cmp_row_code(const void *a, const void *b) {
  const phs_result_row *x = *(const phs_result_row *const *)a;
  const phs_result_row *y = *(const phs_result_row *const *)b;
  return strcmp(x->area_code, y->area_code);
}

static int row_index_build(const phs_run *run, const char *metric,
                           row_index *ix) {
  ix->n = 0;
  ix->rows = malloc(sizeof(*ix->rows) * (size_t)(run->n_rows ? run->n_rows : 1));
  if (ix->rows == NULL) return PHS_ERUNTIME;
  for (long i = 0; i < run->n_rows; i++) {
    const phs_result_row *r = &run->rows[i];
    if (r->level[0] == 'c' && strcmp(r->metric, metric) == 0)
      ix->rows[ix->n++] = r;
  }
  /* codes are unique per metric at commune level, so any sort order of
  ** equal keys is moot */
  qsort(ix->rows, (size_t)ix->n, sizeof(*ix->rows), cmp_row_code);
  return PHS_OK;
}

static const phs_result_row *find_row(const row_index *ix, const char *code) {
  long lo = 0, hi = ix->n;
  while (lo < hi) {
    long mid = lo + (hi - lo) / 2;
    int c = strcmp(ix->rows[mid]->area_code, code);
    if (c == 0) return ix->rows[mid];
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

/* The province row of a metric, and in *n_prov how many provinces the
** run has (a national run has many: then no single headline figure). */
static const phs_result_row *province_row(const phs_run *run,
                                          const char *metric, int *n_prov) {
  const phs_result_row *first = NULL;
  int n = 0;
  for (long i = 0; i < run->n_rows; i++)
    if (strcmp(run->rows[i].level, "province") == 0 &&
        strcmp(run->rows[i].metric, metric) == 0) {
      if (first == NULL) first = &run->rows[i];
      n++;
    }
  if (n_prov) *n_prov = n;
  return first;
}

static int has_flag(const char *flags, const char *word) {
  size_t n = strlen(word);
  for (const char *p = flags; p && *p;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    if (len == n && strncmp(p, word, n) == 0) return 1;
    p = comma ? comma + 1 : p + len;
  }
  return 0;
}

/* Outline arrays for up to n districts, handed to the caller at once. */
static int outlines_alloc(int n, phs_mpoly **outl, const phs_mpoly ***ptr,
                          const char ***lab, phs_diag *d) {
  size_t m = (size_t)(n ? n : 1);
  *outl = calloc(m, sizeof(phs_mpoly));
  *ptr = calloc(m, sizeof(phs_mpoly *));
  *lab = calloc(m, sizeof(char *));
  if (!*outl || !*ptr || !*lab)
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  return PHS_OK;
}

/* The lon/lat box of ds's commune polygons into b (minx, miny, maxx,
** maxy); empty (HUGE_VAL, -HUGE_VAL) when there are none. */
static void communes_bbox(const phs_dataset *ds, double b[4]) {
  b[0] = b[1] = HUGE_VAL;
  b[2] = b[3] = -HUGE_VAL;
  for (int i = 0; i < ds->n_communes; i++) {
    const phs_mpoly *g = &ds->communes[i].geom;
    if (!ds->communes[i].has_geom) continue;
    b[0] = fmin(b[0], g->minx), b[2] = fmax(b[2], g->maxx);
    b[1] = fmin(b[1], g->miny), b[3] = fmax(b[3], g->maxy);
  }
}

phs_crs_grid *map_grid_new(phs_crs_transform *tr, const phs_dataset *ds) {
  double b[4];
  communes_bbox(ds, b);
  return phs_crs_grid_new(tr, b[0], b[1], b[2], b[3], MAP_PROJECT_TOL_M);
}

int map_district_outlines(phs_store *s, const phs_dataset *ds,
                          phs_crs_grid *g, phs_mpoly **outl_out,
                          const phs_mpoly ***ptr_out, const char ***lab_out,
                          int *n_out_out, phs_diag *d) {
  phs_district_outline *ll = NULL;
  int *first = NULL, n_ll = 0;
  *outl_out = NULL;
  *ptr_out = NULL;
  *lab_out = NULL;
  *n_out_out = 0;
  int st = phs_dataset_district_outlines(s, ds, &ll, &first, &n_ll, d);
  if (st == PHS_OK) st = outlines_alloc(n_ll, outl_out, ptr_out, lab_out, d);
  for (int k = 0; k < n_ll && st == PHS_OK; k++) {
    /* The outline moves to the caller, projected in place. */
    (*outl_out)[k] = ll[k].geom;
    phs_mpoly_init(&ll[k].geom);
    phs_crs_grid_mpoly(g, &(*outl_out)[k]);
    (*ptr_out)[k] = &(*outl_out)[k];
    (*lab_out)[k] = ds->communes[first[k]].district_name;
    *n_out_out = k + 1;
  }
  phs_district_outlines_free(ll, n_ll);
  free(first);
  return st;
}

void map_source_line(const phs_dataset *ds, const char *user_source,
                     const char *extra, phs_lang lang, char *buf,
                     size_t size) {
  int vi = lang == PHS_LANG_VI;
  /* The source line: the caller's credit, or else the files the run's
  ** figures come from, so a map never credits data it did not use. */
  phs_buf sb;
  phs_buf_init(&sb);
  if (user_source) {
    phs_buf_puts(&sb, user_source);
  } else {
    phs_buf_puts(&sb, vi ? "Nguồn: " : "Sources: ");
    for (int i = 0; i < ds->n_inputs; i++)
      phs_buf_printf(&sb, "%s%s", i ? ", " : "", ds->inputs[i].source_name);
  }
  if (extra && *extra) phs_buf_printf(&sb, " · %s", extra);
  phs_buf_puts(&sb, " · phusong " PHS_VERSION);
  snprintf(buf, size, "%s", sb.data ? sb.data : "");
  phs_utf8_trim(buf); /* a cut line stays UTF-8 (map.c refuses other text) */
  phs_buf_free(&sb);
}

const char *map_synthetic_note(phs_lang lang) {
  return lang == PHS_LANG_VI
             ? "Trạm BTS, cáp quang và khảo sát: DỮ LIỆU TỔNG HỢP"
               " (synthetic), chỉ để minh hoạ"
             : "Sites, fibre and survey: SYNTHETIC data, for"
               " demonstration only";
}

/* Everything the choropleth of a metric needs, for one map or an atlas:
** the communes with a polygon, projected to the UTM zone of the data,
** their values and classes (over all of them, so every page of an atlas
** shares them), and the district outlines. */
typedef struct choro {
  phs_dataset ds;
  int nf;                 /* features: communes with a polygon */
  phs_mpoly *xy;          /* owned: nf projected polygons */
  phs_map_feature *feat;  /* owned: nf features, geom -> xy */
  int *commune;           /* owned: nf indices into ds.communes */
  double *vals;           /* owned: nf values */
  phs_mpoly *outl;        /* owned: n_out district outlines */
  const phs_mpoly **outl_ptr;
  const char **outl_lab;  /* borrowed from ds: the district names */
  int n_out;
  char crs[32];           /* the map CRS, "EPSG:326xx" */
  phs_classes classes;
  const phs_metric_info *mi;
  int use_mid;            /* a diverging palette's midpoint, resolved */
  double mid;
  const char *mid_what;   /* "province", "mean" or NULL (a number) */
} choro;

static void choro_free(choro *c) {
  for (int i = 0; i < c->nf; i++) phs_mpoly_free(&c->xy[i]);
  for (int i = 0; i < c->n_out; i++) phs_mpoly_free(&c->outl[i]);
  free(c->outl);
  free(c->outl_ptr);
  free(c->outl_lab);
  free(c->xy);
  free(c->feat);
  free(c->commune);
  free(c->vals);
  phs_dataset_free(&c->ds);
}

/* The midpoint of a diverging palette: o->midpoint as a number, the
** province's figure or the mean of the mapped communes; the mean by
** default for stddev classes (they are laid out around it); none for a
** sequential palette. Usage errors say what to give. */
static int choro_midpoint(const phs_run *run, const phs_map_opts *o,
                          choro *c, phs_diag *d) {
  int kind = phs_palette_kind_of(o->palette);
  if (kind < 0)
    return phs_diag_error(d, PHS_EUSAGE, "--palette: unknown palette '%s'"
                          " (known: " PHS_PALETTE_NAMES ")", o->palette);
  const char *m = o->midpoint;
  if (m && kind != PHS_PALETTE_DIVERGING)
    return phs_diag_error(d, PHS_EUSAGE,
                          "--midpoint is for a diverging palette (--palette "
                          PHS_PALETTE_DIVERGING_NAMES "), not %s",
                          o->palette ? o->palette
                                     : phs_tr("YlGnBu (the default)"));
  if (m == NULL && kind == PHS_PALETTE_DIVERGING) {
    if (o->method != PHS_CLASS_STDDEV)
      return phs_diag_error(d, PHS_EUSAGE,
                            "--palette %s is diverging: give --midpoint V (a"
                            " target such as 90), --midpoint province or"
                            " --midpoint mean", o->palette);
    m = "mean"; /* stddev classes are laid out around the mean */
  }
  if (m == NULL) return PHS_OK;
  if (strcmp(m, "province") == 0) {
    int n_prov = 0;
    const phs_result_row *prov = province_row(run, o->metric, &n_prov);
    if (n_prov > 1)
      return phs_diag_error(d, PHS_EUSAGE, "--midpoint province: the run has"
                            " %d provinces, so no single figure; give"
                            " --midpoint V", n_prov);
    if (prov == NULL || isnan(prov->pct))
      return phs_diag_error(d, PHS_EUSAGE, "--midpoint province: the run has"
                            " no province figure of '%s'", o->metric);
    c->mid = prov->pct;
    c->mid_what = "province";
  } else if (strcmp(m, "mean") == 0) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < c->nf; i++)
      if (isfinite(c->vals[i])) sum += c->vals[i], n++;
    if (n == 0)
      return phs_diag_error(d, PHS_EUSAGE, "--midpoint mean: no commune has"
                            " a value of '%s'", o->metric);
    c->mid = sum / n;
    c->mid_what = "mean";
  } else {
    char *end = NULL;
    c->mid = strtod(m, &end);
    if (end == m || *end != '\0' || !isfinite(c->mid))
      return phs_diag_error(d, PHS_EUSAGE, "--midpoint: '%s' is not a number,"
                            " 'province' or 'mean'", m);
  }
  c->use_mid = 1;
  /* Check the classes against the palette now, for a clear message. */
  phs_rgb tmp[PHS_MAX_CLASSES];
  return phs_palette_classes(o->palette, &c->classes, 1, c->mid, tmp, d);
}

static uint64_t bits_of(double v) {
  uint64_t u;
  memcpy(&u, &v, sizeof(u));
  return u;
}

/*
** Project the n polygons p in place, each distinct vertex once: a border
** between two communes is stored in both, so of the national communes'
** 275,164 vertices 168,581 are distinct. Vertices are the same when their
** coordinates are bit for bit the same, and PROJ gives the same result
** for the same input, so the polygons come out exactly as projecting each
** on its own gives them (which is what happens when memory is short).
** An open-addressing table of the distinct vertices, twice their possible
** number of slots, then one PROJ call over them all.
*/
static void project_shared(phs_crs_grid *g, phs_mpoly *p, int n) {
  size_t nv = 0;
  for (int i = 0; i < n; i++)
    nv += p[i].n_rings > 0 ? (size_t)p[i].ring_start[p[i].n_rings] : 0;
  int bits = 4;
  while (((size_t)1 << bits) < 2 * nv) bits++;
  size_t size = (size_t)1 << bits, mask = size - 1, nu = 0;
  int32_t *slot = nv ? malloc(size * sizeof(*slot)) : NULL;
  int32_t *of = nv ? malloc(nv * sizeof(*of)) : NULL; /* vertex -> distinct */
  double *ux = nv ? malloc(nv * sizeof(double)) : NULL;
  double *uy = nv ? malloc(nv * sizeof(double)) : NULL;
  if (slot == NULL || of == NULL || ux == NULL || uy == NULL ||
      nv > INT32_MAX) {
    for (int i = 0; i < n; i++) phs_crs_grid_mpoly(g, &p[i]);
    goto out;
  }
  memset(slot, 0xff, size * sizeof(*slot)); /* -1: empty */
  size_t v = 0;
  for (int i = 0; i < n; i++) {
    int m = p[i].n_rings > 0 ? p[i].ring_start[p[i].n_rings] : 0;
    for (int k = 0; k < m; k++, v++) {
      double x = p[i].xy[2 * k], y = p[i].xy[2 * k + 1];
      uint64_t bx = bits_of(x), by = bits_of(y);
      uint64_t h = (bx * 0x9E3779B97F4A7C15ULL) ^ by;
      h *= 0xC2B2AE3D27D4EB4FULL;
      size_t j = (size_t)(h >> (64 - bits));
      while (slot[j] >= 0 && (bits_of(ux[slot[j]]) != bx ||
                              bits_of(uy[slot[j]]) != by))
        j = (j + 1) & mask;
      if (slot[j] < 0) {
        slot[j] = (int32_t)nu;
        ux[nu] = x;
        uy[nu] = y;
        nu++;
      }
      of[v] = slot[j];
    }
  }
  phs_crs_grid_points(g, ux, uy, nu);
  v = 0;
  for (int i = 0; i < n; i++) {
    int m = p[i].n_rings > 0 ? p[i].ring_start[p[i].n_rings] : 0;
    for (int k = 0; k < m; k++, v++) {
      p[i].xy[2 * k] = ux[of[v]];
      p[i].xy[2 * k + 1] = uy[of[v]];
    }
    phs_mpoly_bbox_from_vertices(&p[i]);
  }
out:
  free(slot);
  free(of);
  free(ux);
  free(uy);
}

static int choro_load(phs_store *s, const phs_run *run, const phs_map_opts *o,
                      choro *c, phs_diag *d) {
  memset(c, 0, sizeof(*c));
  c->mi = phs_metric_lookup(o->metric);
  if (province_row(run, o->metric, NULL) == NULL)
    return phs_diag_error(d, PHS_EUSAGE,
                          "run %lld has no metric '%s' (see 'phusong report'"
                          " for the metric keys)",
                          run->id, o->metric);
  if (strcmp(o->metric, "sites_5g") == 0)
    return phs_diag_error(d, PHS_EUSAGE,
                          "'sites_5g' is a count, not a rate; a choropleth of"
                          " counts misleads (larger communes look better):"
                          " map coverage_5g_households or coverage_5g_area");
  int st = phs_dataset_load_map(s, &c->ds, d);
  if (st) return st;
  phs_dataset *ds = &c->ds;
  int n = ds->n_communes;
  size_t m = (size_t)(n ? n : 1);
  c->xy = calloc(m, sizeof(phs_mpoly));
  c->feat = calloc(m, sizeof(phs_map_feature));
  c->commune = calloc(m, sizeof(int));
  c->vals = calloc(m, sizeof(double));
  if (!c->xy || !c->feat || !c->commune || !c->vals)
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  double b[4];
  communes_bbox(ds, b);
  snprintf(c->crs, sizeof(c->crs), "EPSG:%d",
           phs_utm_epsg((b[0] + b[2]) / 2, (b[1] + b[3]) / 2));
  phs_crs_transform *tr = phs_crs_transform_new("EPSG:4326", c->crs, d);
  if (tr == NULL) return PHS_ERUNTIME;
  phs_crs_grid *g = phs_crs_grid_new(tr, b[0], b[1], b[2], b[3],
                                     MAP_PROJECT_TOL_M);
  row_index rix;
  if (g == NULL || row_index_build(run, o->metric, &rix) != PHS_OK) {
    phs_crs_grid_free(g);
    phs_crs_transform_free(tr);
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  /* The outlines first: a district without a stored outline has it built
  ** from its communes' lon/lat polygons, which then move to the map. */
  st = map_district_outlines(s, ds, g, &c->outl, &c->outl_ptr, &c->outl_lab,
                             &c->n_out, d);
  for (int i = 0; i < n && st == PHS_OK; i++) {
    phs_commune *cm = &ds->communes[i];
    if (!cm->has_geom) continue;
    int k = c->nf++;
    c->xy[k] = cm->geom; /* moved, projected below */
    phs_mpoly_init(&cm->geom);
    const phs_result_row *r = find_row(&rix, cm->code);
    c->feat[k].geom = &c->xy[k];
    c->feat[k].value = r ? r->pct : NAN;
    c->feat[k].flags =
        r && has_flag(r->flags, "small_sample") ? PHS_MAPF_UNRELIABLE : 0;
    c->feat[k].label = cm->name;
    c->commune[k] = i;
    c->vals[k] = c->feat[k].value;
  }
  free(rix.rows);
  if (st == PHS_OK) project_shared(g, c->xy, c->nf);
  phs_crs_grid_free(g);
  phs_crs_transform_free(tr);
  if (st) return st;
  int k = o->n_classes > 0 ? o->n_classes : 5;
  st = phs_classify(c->vals, c->nf, o->method, k, o->breaks, o->n_breaks,
                    &c->classes, d);
  if (st) return st;
  return choro_midpoint(run, o, c, d);
}

/* Digits after the decimal mark in the legend: the metric's, at most 1. */
static int spec_decimals(const choro *c) {
  return c->mi->decimals > 1 ? 1 : c->mi->decimals;
}

/* The spec fields every page shares: size, language, palette, classes,
** legend title (with the method and its GVF), source line, note. legend
** and source are the caller's buffers. */
static void choro_spec(const choro *c, const phs_map_opts *o,
                       phs_map_spec *spec, char *legend, size_t legend_size,
                       char *source, size_t source_size) {
  int vi = o->lang == PHS_LANG_VI;
  memset(spec, 0, sizeof(*spec));
  spec->width = o->width;
  spec->height = o->height;
  spec->dpi = o->dpi;
  spec->lang = o->lang;
  snprintf(legend, legend_size, "%s (%%)",
           vi ? "Tỷ lệ theo xã" : "Share by commune");
  /* The method and its goodness of variance fit under the legend title. */
  char gvf[32];
  phs_format_number(c->classes.gvf, 2, o->lang, gvf, sizeof(gvf));
  size_t len = strlen(legend);
  snprintf(legend + len, legend_size - len, "\n%s \xc2\xb7 GVF %s",
           phs_class_method_label(o->method, o->lang), gvf);
  if (c->use_mid) {
    /* Where the colours turn: "Mốc giữa thang màu: 90 %". */
    char mv[64];
    phs_format_number(c->mid, spec_decimals(c), o->lang, mv, sizeof(mv));
    const char *what = c->mid_what == NULL ? ""
                       : strcmp(c->mid_what, "province") == 0
                           ? (vi ? " (cả tỉnh)" : " (province)")
                           : (vi ? " (trung bình các xã)" : " (commune mean)");
    len = strlen(legend);
    snprintf(legend + len, legend_size - len, "\n%s: %s %%%s",
             vi ? "Mốc giữa thang màu" : "Colour midpoint", mv, what);
  }
  map_source_line(&c->ds, o->source, NULL, o->lang, source, source_size);
  spec->legend_title = legend;
  spec->source = source;
  spec->note = o->synthetic_note ? map_synthetic_note(o->lang) : NULL;
  spec->unit = "%";
  spec->decimals = spec_decimals(c);
  spec->palette = o->palette;
  spec->use_midpoint = c->use_mid;
  spec->midpoint = c->mid;
  spec->feature_labels = o->commune_labels;
  spec->inset_title = "Côn Đảo";
  spec->classes = c->classes;
}

int phs_map_write(phs_store *s, const phs_run *run, const phs_map_opts *o,
                  const char *path, phs_diag *d) {
  choro c;
  int st = choro_load(s, run, o, &c, d);
  if (st) {
    choro_free(&c);
    return st;
  }
  const phs_metric_info *mi = c.mi;
  phs_map_spec spec;
  char title[256], subtitle[512], legend[512], source[512];
  choro_spec(&c, o, &spec, legend, sizeof(legend), source, sizeof(source));
  int vi = o->lang == PHS_LANG_VI;
  int n_prov = 0;
  const phs_result_row *prov = province_row(run, o->metric, &n_prov);
  snprintf(title, sizeof(title), "%s",
           o->title ? o->title : (vi ? mi->label_vi : mi->label_en));
  phs_utf8_trim(title); /* a --title cut to the buffer stays UTF-8 */
  char pv[64];
  if (n_prov > 1) {
    snprintf(subtitle, sizeof(subtitle), "%d %s · %s %lld · %s", n_prov,
             vi ? "tỉnh, thành phố" : "provinces", vi ? "lần phân tích" : "run",
             run->id, run->started_at);
  } else if (prov && !isnan(prov->pct)) {
    phs_format_number(prov->pct, mi->decimals, o->lang, pv, sizeof(pv));
    snprintf(subtitle, sizeof(subtitle), "%s: %s%% · %s %lld · %s",
             prov->area_name, pv, vi ? "lần phân tích" : "run", run->id,
             run->started_at);
  } else {
    snprintf(subtitle, sizeof(subtitle), "%s %lld · %s",
             vi ? "Lần phân tích" : "Run", run->id, run->started_at);
  }
  spec.title = title;
  spec.subtitle = subtitle;
  spec.features = c.feat;
  spec.n_features = c.nf;
  spec.outlines = c.outl_ptr;
  /* District names help on a province map; on a national one hundreds of
  ** them would bury the map (label placement comes with the map work). */
  spec.outline_labels = c.n_out <= 40 ? c.outl_lab : NULL;
  spec.n_outlines = c.n_out;
  char *desc = phs_strdup_printf(
      "%s. %s. metric=%s run=%lld crs=%s classes=%s n=%d gvf=%.4f", subtitle,
      source, o->metric, run->id, c.crs, phs_class_method_name(o->method),
      spec.classes.n, spec.classes.gvf);
  phs_map_output out = {desc, c.crs};
  st = desc ? phs_map_save(&spec, path, &out, NULL, d)
            : phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  free(desc);
  choro_free(&c);
  return st;
}

/* ------------------------------------------------------------------ atlas */

/* The row of a metric for one area of a level, or NULL. */
static const phs_result_row *level_row(const phs_run *run, const char *level,
                                       const char *code, const char *metric) {
  for (long i = 0; i < run->n_rows; i++) {
    const phs_result_row *r = &run->rows[i];
    if (strcmp(r->level, level) == 0 && strcmp(r->metric, metric) == 0 &&
        strcmp(r->area_code, code) == 0)
      return r;
  }
  return NULL;
}

/* A district code as a file name part: letters, digits, '-' and '_' kept,
** anything else '_' (codes are digits; an empty code is "none"). */
static void file_part(const char *code, char *out, size_t size) {
  size_t n = 0;
  for (const char *p = code; *p && n + 1 < size; p++) {
    char ch = *p;
    int ok = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
             (ch >= 'A' && ch <= 'Z') || ch == '-' || ch == '_';
    out[n++] = ok ? ch : '_';
  }
  if (n == 0 && size > 4) {
    memcpy(out, "none", 4);
    n = 4;
  }
  out[n] = '\0';
}

/* s escaped for HTML text and attribute values, appended. */
static void html_escape(phs_buf *b, const char *s) {
  for (const char *p = s ? s : ""; *p; p++) {
    if (*p == '&') phs_buf_puts(b, "&amp;");
    else if (*p == '<') phs_buf_puts(b, "&lt;");
    else if (*p == '>') phs_buf_puts(b, "&gt;");
    else if (*p == '"') phs_buf_puts(b, "&quot;");
    else phs_buf_append(b, p, 1);
  }
}

/* s as a CSV field (quoted when it holds a comma, quote or line break). */
static void csv_field(phs_buf *b, const char *s) {
  s = s ? s : "";
  if (strpbrk(s, ",\"\r\n") == NULL) {
    phs_buf_puts(b, s);
    return;
  }
  phs_buf_puts(b, "\"");
  for (const char *p = s; *p; p++) {
    if (*p == '"') phs_buf_puts(b, "\"");
    phs_buf_append(b, p, 1);
  }
  phs_buf_puts(b, "\"");
}

static int write_buf(const char *path, const phs_buf *b, phs_diag *d) {
  if (b->oom) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  FILE *fp = fopen(path, "wb");
  if (fp == NULL)
    return phs_diag_error(d, PHS_ERUNTIME, "%s: cannot create", path);
  size_t n = fwrite(b->data ? b->data : "", 1, b->len, fp);
  if (fclose(fp) != 0 || n != b->len)
    return phs_diag_error(d, PHS_ERUNTIME, "%s: write failed", path);
  return PHS_OK;
}

int phs_map_atlas_write(phs_store *s, const phs_run *run,
                        const phs_map_opts *o, const char *dir,
                        phs_map_format fmt, int *n_maps, phs_diag *d) {
  if (n_maps) *n_maps = 0;
  choro c;
  int st = choro_load(s, run, o, &c, d);
  phs_map_feature *sub = NULL;
  phs_buf csv, html, path, desc;
  phs_buf_init(&csv);
  phs_buf_init(&html);
  phs_buf_init(&path);
  phs_buf_init(&desc);
  if (st) goto out;
  sub = calloc((size_t)(c.nf ? c.nf : 1), sizeof(*sub));
  if (sub == NULL) {
    st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto out;
  }
  const phs_metric_info *mi = c.mi;
  const phs_dataset *ds = &c.ds;
  int vi = o->lang == PHS_LANG_VI;
  phs_map_spec spec;
  char title[512], subtitle[1024], legend[512], source[512], pv[64];
  choro_spec(&c, o, &spec, legend, sizeof(legend), source, sizeof(source));
  const char *label = o->title ? o->title : (vi ? mi->label_vi : mi->label_en);
  const char *ext = phs_map_format_ext(fmt);

  phs_buf_puts(&csv, "\xef\xbb\xbf" /* BOM: Excel reads it as UTF-8 */
               "file,district_code,district_name,communes,no_data,pct\n");
  phs_buf_puts(&html, "<!DOCTYPE html>\n<html lang=\"");
  phs_buf_puts(&html, vi ? "vi" : "en");
  phs_buf_puts(&html, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
  html_escape(&html, label);
  phs_buf_puts(&html, "</title>\n<style>body{font-family:sans-serif;margin:2em}"
               "figure{display:inline-block;margin:0 1em 2em 0;"
               "vertical-align:top}img{width:480px;border:1px solid #ccc}"
               "</style>\n</head>\n<body>\n<h1>");
  html_escape(&html, label);
  phs_buf_printf(&html, "</h1>\n<p>%s %lld · %s. ",
                 vi ? "Lần phân tích" : "Run", run->id,
                 run->started_at ? run->started_at : "");
  phs_buf_printf(&html,
                 vi ? "Mọi bản đồ dùng cùng các lớp (%s, tính trên %d xã),"
                      " nên màu so sánh được giữa các huyện.</p>\n"
                    : "Every map uses the same classes (%s, over all %d"
                      " communes), so colours compare across districts."
                      "</p>\n",
                 phs_class_method_label(o->method, o->lang), c.nf);

  int pages = 0;
  phs_progress_stage(0, 1, c.nf); /* a unit per commune drawn */
  for (int k = 0; k < c.nf && st == PHS_OK; k++) {
    const phs_commune *first = &ds->communes[c.commune[k]];
    int seen = 0;
    for (int j = 0; j < k && !seen; j++)
      seen = strcmp(ds->communes[c.commune[j]].district_code,
                    first->district_code) == 0;
    if (seen) continue;
    if (phs_interrupted()) { /* Ctrl-C: the maps so far stay, no index */
      st = phs_interrupt_error(d);
      phs_diag_detail(d, "%d district maps written to %s; index.csv and"
                      " index.html not written", pages, dir);
      break;
    }
    /* This district's communes, and its outline (the one labelled with the
    ** name of its first commune's district: map_district_outlines keeps
    ** that pointer). */
    int ns = 0, n_nodata = 0;
    for (int j = k; j < c.nf; j++)
      if (strcmp(ds->communes[c.commune[j]].district_code,
                 first->district_code) == 0) {
        sub[ns] = c.feat[j];
        n_nodata += phs_classes_find(&c.classes, sub[ns].value) < 0;
        ns++;
      }
    const phs_mpoly *outline[1];
    int n_outline = 0;
    for (int j = 0; j < c.n_out; j++)
      if (c.outl_lab[j] == first->district_name)
        outline[n_outline++] = c.outl_ptr[j];

    const char *dname = first->district_name && *first->district_name
                            ? first->district_name
                            : first->district_code;
    snprintf(title, sizeof(title), "%s \xe2\x80\x94 %s", label, dname);
    phs_utf8_trim(title);
    const phs_result_row *dr =
        level_row(run, "district", first->district_code, o->metric);
    char lead[256] = ""; /* "Huyện Tây: 60% · " when the run has it */
    if (dr && !isnan(dr->pct)) {
      phs_format_number(dr->pct, mi->decimals, o->lang, pv, sizeof(pv));
      snprintf(lead, sizeof(lead), "%s: %s%% \xc2\xb7 ", dname, pv);
    }
    snprintf(subtitle, sizeof(subtitle),
             vi ? "%s%d xã · lần phân tích %lld · %s\nCùng các lớp cho mọi"
                  " huyện của tập bản đồ (%d xã), nên màu so sánh được"
                : "%s%d communes · run %lld · %s\nThe same classes on every"
                  " district of the atlas (%d communes), so colours compare",
             lead, ns, run->id, run->started_at ? run->started_at : "", c.nf);
    spec.title = title;
    spec.subtitle = subtitle;
    spec.features = sub;
    spec.n_features = ns;
    spec.outlines = outline;
    spec.outline_labels = NULL; /* the title names the district */
    spec.n_outlines = n_outline;

    char part[64];
    file_part(first->district_code, part, sizeof(part));
    char fname[128];
    snprintf(fname, sizeof(fname), "%s_%s.%s", o->metric, part, ext);
    phs_buf_free(&path);
    phs_buf_printf(&path, "%s/%s", dir, fname);
    phs_buf_free(&desc);
    phs_buf_printf(&desc,
                   "%s. %s. metric=%s run=%lld crs=%s atlas=1 district=%s"
                   " communes=%d classes=%s n=%d gvf=%.4f",
                   subtitle, source, o->metric, run->id, c.crs,
                   first->district_code, ns, phs_class_method_name(o->method),
                   spec.classes.n, spec.classes.gvf);
    if (path.oom || desc.oom) {
      st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
      break;
    }
    phs_map_output mo = {desc.data, c.crs};
    st = phs_map_save(&spec, path.data, &mo, NULL, d);
    if (st) break;
    pages++;
    phs_progress_add(ns);

    csv_field(&csv, fname);
    phs_buf_puts(&csv, ",");
    csv_field(&csv, first->district_code);
    phs_buf_puts(&csv, ",");
    csv_field(&csv, first->district_name);
    phs_buf_printf(&csv, ",%d,%d,", ns, n_nodata);
    if (dr && !isnan(dr->pct)) phs_buf_printf(&csv, "%.10g", dr->pct);
    phs_buf_puts(&csv, "\n");

    phs_buf_puts(&html, "<figure><a href=\"");
    html_escape(&html, fname);
    phs_buf_puts(&html, "\">");
    if (fmt == PHS_MAP_PDF) {
      html_escape(&html, fname);
    } else {
      phs_buf_puts(&html, "<img src=\"");
      html_escape(&html, fname);
      phs_buf_puts(&html, "\" alt=\"");
      html_escape(&html, title);
      phs_buf_puts(&html, "\">");
    }
    phs_buf_puts(&html, "</a><figcaption>");
    html_escape(&html, dname);
    phs_buf_printf(&html, " (%d %s)</figcaption></figure>\n", ns,
                   vi ? "xã" : "communes");
  }
  phs_buf_puts(&html, "</body>\n</html>\n");
  if (st == PHS_OK && pages == 0)
    st = phs_diag_error(d, PHS_EUSAGE, "the store has no commune polygons to"
                        " map");
  if (st == PHS_OK) {
    phs_buf_free(&path);
    phs_buf_printf(&path, "%s/index.csv", dir);
    st = path.oom ? phs_diag_error(d, PHS_ERUNTIME, "out of memory")
                  : write_buf(path.data, &csv, d);
  }
  if (st == PHS_OK) {
    phs_buf_free(&path);
    phs_buf_printf(&path, "%s/index.html", dir);
    st = path.oom ? phs_diag_error(d, PHS_ERUNTIME, "out of memory")
                  : write_buf(path.data, &html, d);
  }
  if (n_maps) *n_maps = pages;
  phs_progress_end(st == PHS_OK);
out:
  free(sub);
  phs_buf_free(&csv);
  phs_buf_free(&html);
  phs_buf_free(&path);
  phs_buf_free(&desc);
  choro_free(&c);
  return st;
}
