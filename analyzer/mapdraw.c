/*
** mapdraw.c: the choropleth of one metric of a stored run: joins the run's
** commune results to the communes' polygons, projects them to the UTM zone
** of the data, classifies the percentages, builds district outlines by
** union, and hands everything to render/ with titles in the user's language.
** The district outlines, the source line and the synthetic-data note are
** shared with the coverage map (coverage_map.c) through mapdraw.h.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapdraw.h"
#include "phs_analyzer.h"

/* Pick the run's commune row of a metric by commune code. */
static const phs_result_row *find_row(const phs_run *run, const char *code,
                                      const char *metric) {
  for (long i = 0; i < run->n_rows; i++) {
    const phs_result_row *r = &run->rows[i];
    if (r->level[0] == 'c' && strcmp(r->metric, metric) == 0 &&
        strcmp(r->area_code, code) == 0)
      return r;
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

/* District outlines: the union of each district's commune polygons. xy
** holds the projected polygons of the communes with a geometry, in the
** order of ds->communes. */
int map_district_outlines(const phs_dataset *ds, const phs_mpoly *xy,
                          phs_mpoly **outl_out, const phs_mpoly ***ptr_out,
                          const char ***lab_out, int *n_out_out,
                          phs_diag *d) {
  int n = ds->n_communes, nf = 0, n_out = 0;
  for (int i = 0; i < n; i++) nf += ds->communes[i].has_geom != 0;
  phs_mpoly *outl = calloc((size_t)(nf ? nf : 1), sizeof(phs_mpoly));
  const phs_mpoly **outl_ptr =
      calloc((size_t)(nf ? nf : 1), sizeof(phs_mpoly *));
  const char **outl_lab = calloc((size_t)(nf ? nf : 1), sizeof(char *));
  const phs_mpoly **parts = calloc((size_t)(nf ? nf : 1), sizeof(phs_mpoly *));
  *outl_out = outl;
  *ptr_out = outl_ptr;
  *lab_out = outl_lab;
  *n_out_out = 0;
  if (!outl || !outl_ptr || !outl_lab || !parts) {
    free(parts);
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  for (int i = 0, k = 0; i < n; i++) {
    const phs_commune *c = &ds->communes[i];
    if (!c->has_geom) continue;
    k++;
    int seen = 0;
    for (int j = 0; j < i; j++)
      if (ds->communes[j].has_geom &&
          strcmp(ds->communes[j].district_code, c->district_code) == 0)
        seen = 1;
    if (seen) continue;
    int np = 0;
    for (int j = i, kk = k - 1; j < n; j++) {
      if (!ds->communes[j].has_geom) continue;
      if (strcmp(ds->communes[j].district_code, c->district_code) == 0)
        parts[np++] = &xy[kk];
      kk++;
    }
    phs_mpoly_init(&outl[n_out]);
    phs_diag ud;
    phs_diag_init(&ud);
    /* Separately simplified communes leave slivers between neighbours:
    ** seal gaps narrower than 150 m and drop holes under 0.5 km². */
    if (phs_mpoly_union(parts, np, 5e5, 75.0, &outl[n_out], &ud) == PHS_OK) {
      outl_ptr[n_out] = &outl[n_out];
      outl_lab[n_out] = c->district_name;
      n_out++;
    } else {
      phs_diag_warn(d, "district %s: outline not drawn: %s", c->district_code,
                    ud.msg);
      phs_mpoly_free(&outl[n_out]);
    }
    phs_diag_clear(&ud);
  }
  free(parts);
  *n_out_out = n_out;
  return PHS_OK;
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
  phs_buf_free(&sb);
}

const char *map_synthetic_note(phs_lang lang) {
  return lang == PHS_LANG_VI
             ? "Trạm BTS, cáp quang và khảo sát: DỮ LIỆU TỔNG HỢP"
               " (synthetic), chỉ để minh hoạ"
             : "Sites, fibre and survey: SYNTHETIC data, for"
               " demonstration only";
}

int phs_map_write(phs_store *s, const phs_run *run, const phs_map_opts *o,
                  const char *path, phs_diag *d) {
  const phs_metric_info *mi = phs_metric_lookup(o->metric);
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
  phs_dataset ds;
  int st = phs_dataset_load(s, &ds, d);
  if (st) return st;
  int n = ds.n_communes;
  phs_mpoly *xy = calloc((size_t)(n ? n : 1), sizeof(phs_mpoly));
  phs_map_feature *feat = calloc((size_t)(n ? n : 1), sizeof(*feat));
  double *vals = calloc((size_t)(n ? n : 1), sizeof(double));
  phs_mpoly *outl = NULL;
  const phs_mpoly **outl_ptr = NULL;
  const char **outl_lab = NULL;
  int n_out = 0;
  phs_crs_transform *tr = NULL;
  if (xy == NULL || feat == NULL || vals == NULL) {
    st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto out;
  }
  double minx = 1e300, maxx = -1e300, miny = 1e300, maxy = -1e300;
  for (int i = 0; i < n; i++) {
    const phs_mpoly *g = &ds.communes[i].geom;
    if (!ds.communes[i].has_geom) continue;
    minx = fmin(minx, g->minx), maxx = fmax(maxx, g->maxx);
    miny = fmin(miny, g->miny), maxy = fmax(maxy, g->maxy);
  }
  char crs[32];
  snprintf(crs, sizeof(crs), "EPSG:%d",
           phs_utm_epsg((minx + maxx) / 2, (miny + maxy) / 2));
  tr = phs_crs_transform_new("EPSG:4326", crs, d);
  if (tr == NULL) {
    st = PHS_ERUNTIME;
    goto out;
  }
  int nf = 0;
  for (int i = 0; i < n; i++) {
    const phs_commune *c = &ds.communes[i];
    if (!c->has_geom) continue;
    phs_mpoly_init(&xy[nf]);
    phs_mpoly_copy(&xy[nf], &c->geom);
    phs_crs_transform_mpoly(tr, &xy[nf]);
    const phs_result_row *r = find_row(run, c->code, o->metric);
    feat[nf].geom = &xy[nf];
    feat[nf].value = r ? r->pct : NAN;
    feat[nf].flags =
        r && has_flag(r->flags, "small_sample") ? PHS_MAPF_UNRELIABLE : 0;
    feat[nf].label = c->name;
    vals[nf] = feat[nf].value;
    nf++;
  }

  st = map_district_outlines(&ds, xy, &outl, &outl_ptr, &outl_lab, &n_out,
                             d);
  if (st) goto out;

  phs_map_spec spec;
  memset(&spec, 0, sizeof(spec));
  spec.width = o->width;
  spec.height = o->height;
  spec.dpi = o->dpi;
  spec.lang = o->lang;
  int vi = o->lang == PHS_LANG_VI;
  int n_prov = 0;
  const phs_result_row *prov = province_row(run, o->metric, &n_prov);
  char title[256], subtitle[512], legend[256], source[512];
  snprintf(title, sizeof(title), "%s",
           o->title ? o->title : (vi ? mi->label_vi : mi->label_en));
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
  snprintf(legend, sizeof(legend), "%s (%%)",
           vi ? "Tỷ lệ theo xã" : "Share by commune");
  map_source_line(&ds, o->source, NULL, o->lang, source, sizeof(source));
  spec.title = title;
  spec.subtitle = subtitle;
  spec.legend_title = legend;
  spec.source = source;
  spec.note = o->synthetic_note ? map_synthetic_note(o->lang) : NULL;
  spec.unit = "%";
  spec.decimals = mi->decimals > 1 ? 1 : mi->decimals;
  spec.palette = o->palette;
  spec.features = feat;
  spec.n_features = nf;
  spec.outlines = outl_ptr;
  /* District names help on a province map; on a national one hundreds of
  ** them would bury the map (label placement comes with the map work). */
  spec.outline_labels = n_out <= 40 ? outl_lab : NULL;
  spec.n_outlines = n_out;
  spec.inset_title = "Côn Đảo";
  int k = o->n_classes > 0 ? o->n_classes : 5;
  st = phs_classify(vals, nf, o->method, k, o->breaks, o->n_breaks,
                    &spec.classes, d);
  if (st) goto out;
  phs_image img;
  memset(&img, 0, sizeof(img));
  st = phs_map_render(&spec, &img, d);
  if (st == PHS_OK) {
    char *desc = phs_strdup_printf("%s. %s. metric=%s run=%lld", subtitle,
                                   source, o->metric, run->id);
    st = phs_png_write(&img, path, title, desc, d);
    free(desc);
  }
  phs_image_free(&img);
out:
  for (int i = 0; i < n; i++) phs_mpoly_free(&xy[i]);
  for (int i = 0; i < n_out; i++) phs_mpoly_free(&outl[i]);
  free(outl);
  free(outl_ptr);
  free(outl_lab);
  free(xy);
  free(feat);
  free(vals);
  phs_crs_transform_free(tr);
  phs_dataset_free(&ds);
  return st;
}
