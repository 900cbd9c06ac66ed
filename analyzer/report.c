/*
** report.c: the report of a stored run as CSV, JSON or Markdown, in
** Vietnamese (98,3%; 1.234) or English (98.3%; 1,234). The JSON is a public
** interface documented in docs/report-json.md; its numbers are plain JSON
** numbers whatever the language. A percentage that is not defined (no
** data, or a ratio above 100%) is null, never a number.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phs_analyzer.h"

/* Metrics with a fixed meaning. Per-operator keys are one of the
** "prefix" entries followed by "_<operator>" (see phs_metric_lookup). */
static const phs_metric_info builtin[] = {
    {"fibre_households", "Hộ có cáp quang", "Households with fibre", "hộ", 1,
     0},
    {"coverage_5g_households", "Hộ trong vùng phủ 5G",
     "Households in 5G coverage", "hộ", 1, 0},
    {"coverage_5g_area", "Diện tích trong vùng phủ 5G", "Area in 5G coverage",
     "km²", 1, 0},
    {"sites_5g", "Số trạm 5G", "5G sites", "trạm", 0, 0},
    {"coverage_5g_population", "Dân số trong vùng phủ 5G",
     "Population in 5G coverage", "người", 1, 0},
    {"notspot_5g_area", "Diện tích vùng lõm 5G (không nhà mạng nào)",
     "5G not-spot area (no operator)", "km²", 1, 0},
    {"coverage_4g_households", "Hộ trong vùng phủ 4G",
     "Households in 4G coverage", "hộ", 1, 0},
    {"coverage_4g_area", "Diện tích trong vùng phủ 4G", "Area in 4G coverage",
     "km²", 1, 0},
    {"sites_4g", "Số trạm 4G", "4G sites", "trạm", 0, 0},
    {"sites_shared_5g", "Trạm 5G có thể dùng chung hạ tầng",
     "5G sites possibly on a shared tower", "trạm", 0, 0},
    {"sites_shared_4g", "Trạm 4G có thể dùng chung hạ tầng",
     "4G sites possibly on a shared tower", "trạm", 0, 0},
    {"coverage_4g_population", "Dân số trong vùng phủ 4G",
     "Population in 4G coverage", "người", 1, 0},
    {"notspot_4g_area", "Diện tích vùng lõm 4G (không nhà mạng nào)",
     "4G not-spot area (no operator)", "km²", 1, 0},
    {"claimed_5g_households", "Hộ trong vùng phủ 5G doanh nghiệp công bố",
     "Households in operator-claimed 5G coverage", "hộ", 1, 0},
    {"claimed_5g_area", "Diện tích vùng phủ 5G doanh nghiệp công bố",
     "Area in operator-claimed 5G coverage", "km²", 1, 0},
    {"claimed_4g_households", "Hộ trong vùng phủ 4G doanh nghiệp công bố",
     "Households in operator-claimed 4G coverage", "hộ", 1, 0},
    {"claimed_4g_area", "Diện tích vùng phủ 4G doanh nghiệp công bố",
     "Area in operator-claimed 4G coverage", "km²", 1, 0},
    {"smartphone", "Người có điện thoại thông minh",
     "People with a smartphone", "người", 2, 1},
    {"bank_account", "Người từ 15 tuổi có tài khoản ngân hàng",
     "People 15+ with a bank account", "người", 2, 1},
    {"e_id", "Người có định danh điện tử", "People with an electronic ID",
     "người", 2, 1},
    {"online_payment", "Người thanh toán trực tuyến",
     "People paying online", "người", 2, 1},
};
#define N_BUILTIN ((int)(sizeof(builtin) / sizeof(builtin[0])))

const phs_metric_info *phs_metric_lookup(const char *key) {
  static phs_metric_info generic;
  static char label_vi[200], label_en[200];
  for (int i = 0; i < N_BUILTIN; i++)
    if (strcmp(builtin[i].key, key) == 0) return &builtin[i];
  generic.key = key;
  /* "<coverage or claimed key>_<operator>": the longest matching prefix. */
  int best = -1;
  size_t best_n = 0;
  for (int i = 0; i < N_BUILTIN; i++) {
    size_t n = strlen(builtin[i].key);
    if (builtin[i].survey || n <= best_n || strncmp(key, builtin[i].key, n) ||
        key[n] != '_' || strncmp(builtin[i].key, "sites_", 6) == 0 ||
        strcmp(builtin[i].key, "fibre_households") == 0)
      continue;
    best = i;
    best_n = n;
  }
  if (best >= 0) {
    char op[64];
    snprintf(op, sizeof(op), "%s", key + best_n + 1);
    for (char *p = op; *p; p++)
      if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
    snprintf(label_vi, sizeof(label_vi), "%s – %s", builtin[best].label_vi,
             op);
    snprintf(label_en, sizeof(label_en), "%s – %s", builtin[best].label_en,
             op);
    generic.label_vi = label_vi;
    generic.label_en = label_en;
    generic.unit_num = builtin[best].unit_num;
    generic.decimals = builtin[best].decimals;
    generic.survey = 0;
    return &generic;
  }
  snprintf(label_vi, sizeof(label_vi), "Chỉ tiêu khảo sát: %s", key);
  snprintf(label_en, sizeof(label_en), "Survey indicator: %s", key);
  generic.label_vi = label_vi;
  generic.label_en = label_en;
  generic.unit_num = "người";
  generic.decimals = 2;
  generic.survey = 1;
  return &generic;
}

int phs_report_format_parse(const char *s) {
  if (s == NULL) return -1;
  if (strcmp(s, "csv") == 0) return PHS_REPORT_CSV;
  if (strcmp(s, "json") == 0) return PHS_REPORT_JSON;
  if (strcmp(s, "md") == 0 || strcmp(s, "markdown") == 0) return PHS_REPORT_MD;
  return -1;
}

int phs_report_format_from_path(const char *path) {
  const char *dot = path ? strrchr(path, '.') : NULL;
  return dot ? phs_report_format_parse(dot + 1) : -1;
}

/* JSON number or null; %.10g keeps counts exact and ratios precise. */
static void json_num(phs_buf *b, double v) {
  if (isnan(v) || isinf(v))
    phs_buf_puts(b, "null");
  else if (v == floor(v) && fabs(v) < 1e15)
    phs_buf_printf(b, "%.0f", v);
  else
    phs_buf_printf(b, "%.10g", v);
}

static int same(const char *a, const char *b) { return strcmp(a, b) == 0; }

/* ------------------------------------------------------------- JSON */

static void json_area_metrics(phs_buf *b, const phs_run *run, long start,
                              long end) {
  phs_buf_puts(b, "\"metrics\":{");
  for (long i = start; i < end; i++) {
    const phs_result_row *r = &run->rows[i];
    if (i > start) phs_buf_puts(b, ",");
    phs_buf_json_string(b, r->metric);
    phs_buf_puts(b, ":{\"numerator\":");
    json_num(b, r->numerator);
    phs_buf_puts(b, ",\"denominator\":");
    json_num(b, r->denominator);
    phs_buf_puts(b, ",\"pct\":");
    json_num(b, r->pct);
    if (phs_metric_lookup(r->metric)->survey) {
      phs_buf_puts(b, ",\"ci_low\":");
      json_num(b, r->ci_low);
      phs_buf_puts(b, ",\"ci_high\":");
      json_num(b, r->ci_high);
      phs_buf_printf(b, ",\"n\":%lld", r->n);
    }
    phs_buf_puts(b, ",\"flags\":[");
    const char *f = r->flags;
    int first = 1;
    while (f && *f) {
      const char *comma = strchr(f, ',');
      size_t len = comma ? (size_t)(comma - f) : strlen(f);
      phs_buf_printf(b, "%s\"%.*s\"", first ? "" : ",", (int)len, f);
      first = 0;
      f = comma ? comma + 1 : f + len;
    }
    phs_buf_puts(b, "]}");
  }
  phs_buf_puts(b, "}");
}

static void write_json(const phs_run *run, const phs_report_opts *o,
                       phs_buf *b) {
  phs_buf_printf(b, "{\"schema\":\"phusong-report/1\",\"run\":{\"id\":%lld,",
                 run->id);
  phs_buf_puts(b, "\"time\":");
  phs_buf_json_string(b, run->started_at);
  phs_buf_puts(b, ",\"tool_version\":");
  phs_buf_json_string(b, run->tool_version);
  phs_buf_printf(b, ",\"params\":%s,\"inputs\":%s,\"diagnostics\":%s},",
                 run->params_json, run->inputs_json, run->warnings_json);
  phs_buf_printf(b, "\"synthetic_data\":%s,",
                 o->synthetic_note ? "true" : "false");
  /* "province": the run's province, or null when it spans several;
  ** "provinces": every province (one element for a provincial run). */
  int n_prov = 0;
  for (long i = 0; i < run->n_rows; i++)
    if (same(run->rows[i].level, "province") &&
        (i == 0 || !same(run->rows[i - 1].level, "province") ||
         !same(run->rows[i - 1].area_code, run->rows[i].area_code)))
      n_prov++;
  const char *levels[] = {"province", "province", "district", "commune"};
  const char *keys[] = {"province", "provinces", "districts", "communes"};
  for (int lv = 0; lv < 4; lv++) {
    int array = lv > 0;
    phs_buf_printf(b, "%s\"%s\":%s", lv ? "," : "", keys[lv],
                   array ? "[" : "");
    if (lv == 0 && n_prov != 1) {
      phs_buf_puts(b, "null");
      continue;
    }
    int first_area = 1;
    long i = 0;
    while (i < run->n_rows) {
      if (!same(run->rows[i].level, levels[lv])) {
        i++;
        continue;
      }
      long j = i;
      while (j < run->n_rows && same(run->rows[j].level, levels[lv]) &&
             same(run->rows[j].area_code, run->rows[i].area_code))
        j++;
      if (!first_area) phs_buf_puts(b, ",");
      first_area = 0;
      phs_buf_puts(b, "{\"code\":");
      phs_buf_json_string(b, run->rows[i].area_code);
      phs_buf_puts(b, ",\"name\":");
      phs_buf_json_string(b, run->rows[i].area_name);
      if (lv >= 2) {
        phs_buf_printf(b, ",\"%s\":", lv == 2 ? "province_code"
                                              : "district_code");
        phs_buf_json_string(b, run->rows[i].parent_code);
      }
      phs_buf_puts(b, ",");
      json_area_metrics(b, run, i, j);
      phs_buf_puts(b, "}");
      i = j;
      if (lv == 0) break; /* the one province */
    }
    if (lv == 0 && first_area) phs_buf_puts(b, "null");
    if (array) phs_buf_puts(b, "]");
  }
  phs_buf_puts(b, "}\n");
}

/* -------------------------------------------------------------- CSV */

/* C9: a cell starting with = + - @ (or tab/CR) would run as a formula in
** a planner's Excel: prefix it with an apostrophe. Quote when needed. */
void phs_csv_cell(phs_buf *b, const char *s) {
  int formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                s[0] == '\t' || s[0] == '\r';
  int quote = formula || strpbrk(s, ",\"\n\r;") != NULL;
  if (quote) phs_buf_puts(b, "\"");
  if (formula) phs_buf_puts(b, "'");
  for (const char *p = s; *p; p++) {
    if (*p == '"') phs_buf_puts(b, "\"");
    phs_buf_append(b, p, 1);
  }
  if (quote) phs_buf_puts(b, "\"");
}

static void csv_num(phs_buf *b, double v) {
  if (!isnan(v)) json_num(b, v);
}

static void write_csv(const phs_run *run, const phs_report_opts *o,
                      phs_buf *b) {
  if (!o->no_bom) phs_buf_puts(b, "\xef\xbb\xbf");
  phs_buf_puts(b,
               o->lang == PHS_LANG_VI
                   ? "cap,ma,ten,ma_cap_tren,chi_tieu,tu_so,mau_so,ty_le_pct,"
                     "ci_duoi_pct,ci_tren_pct,n,canh_bao\r\n"
                   : "level,code,name,parent_code,metric,numerator,"
                     "denominator,pct,ci_low_pct,ci_high_pct,n,flags\r\n");
  for (long i = 0; i < run->n_rows; i++) {
    const phs_result_row *r = &run->rows[i];
    phs_csv_cell(b, r->level);
    phs_buf_puts(b, ",");
    phs_csv_cell(b, r->area_code);
    phs_buf_puts(b, ",");
    phs_csv_cell(b, r->area_name);
    phs_buf_puts(b, ",");
    phs_csv_cell(b, r->parent_code);
    phs_buf_puts(b, ",");
    phs_csv_cell(b, r->metric);
    phs_buf_puts(b, ",");
    csv_num(b, r->numerator);
    phs_buf_puts(b, ",");
    csv_num(b, r->denominator);
    phs_buf_puts(b, ",");
    csv_num(b, r->pct);
    phs_buf_puts(b, ",");
    csv_num(b, r->ci_low);
    phs_buf_puts(b, ",");
    csv_num(b, r->ci_high);
    phs_buf_puts(b, ",");
    if (r->n >= 0) phs_buf_printf(b, "%lld", r->n);
    phs_buf_puts(b, ",");
    phs_csv_cell(b, r->flags);
    phs_buf_puts(b, "\r\n");
  }
}

/* --------------------------------------------------------- Markdown */

static const char *flag_text(const char *flags, phs_lang lang, char *buf,
                             size_t n) {
  static const char *const words[][3] = {
      {"no_data", "không có dữ liệu", "no data"},
      {"ratio_over_100", "tỷ lệ > 100%: lỗi dữ liệu",
       "ratio > 100%: data error"},
      {"uniform_spread", "hộ phân bố đều theo diện tích",
       "households spread evenly"},
      {"no_geometry", "không có ranh giới", "no boundary"},
      {"small_sample", "ít người trả lời", "few respondents"},
      {"incomplete", "thiếu một số xã", "some communes missing"},
      {"uncoded", "chưa có mã", "no official code"},
      {"population_weighted", "hộ phân bố theo bản đồ dân số",
       "households spread by population raster"}};
  size_t o = 0;
  buf[0] = '\0';
  const char *f = flags;
  while (f && *f) {
    const char *comma = strchr(f, ',');
    size_t len = comma ? (size_t)(comma - f) : strlen(f);
    const char *w = NULL;
    for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
      if (strlen(words[k][0]) == len && strncmp(words[k][0], f, len) == 0)
        w = words[k][lang == PHS_LANG_VI ? 1 : 2];
    o += (size_t)snprintf(buf + o, n > o ? n - o : 0, "%s%.*s", o ? "; " : "",
                          w ? (int)strlen(w) : (int)len, w ? w : f);
    f = comma ? comma + 1 : f + len;
  }
  return buf;
}

static void md_row(phs_buf *b, const phs_result_row *r, phs_lang lang) {
  const phs_metric_info *mi = phs_metric_lookup(r->metric);
  char num[64], den[64], pct[64], lo[64], hi[64], fl[512];
  int dec_num = strcmp(mi->unit_num, "km²") == 0 ? 2 : 0;
  phs_format_number(r->numerator, dec_num, lang, num, sizeof(num));
  phs_format_number(r->denominator, dec_num, lang, den, sizeof(den));
  phs_buf_puts(b, "| ");
  phs_buf_puts(b, lang == PHS_LANG_VI ? mi->label_vi : mi->label_en);
  if (isnan(r->pct)) {
    snprintf(pct, sizeof(pct), "–");
  } else {
    phs_format_number(r->pct, mi->decimals, lang, pct, sizeof(pct));
    strncat(pct, "%", sizeof(pct) - strlen(pct) - 1);
  }
  phs_buf_printf(b, " | %s | %s | %s | ", isnan(r->numerator) ? "–" : num,
                 isnan(r->denominator) ? "–" : den, pct);
  if (mi->survey && !isnan(r->ci_low)) {
    phs_format_number(r->ci_low, mi->decimals, lang, lo, sizeof(lo));
    phs_format_number(r->ci_high, mi->decimals, lang, hi, sizeof(hi));
    char n[32];
    phs_format_number((double)r->n, 0, lang, n, sizeof(n));
    phs_buf_printf(b, "%s–%s%% (n = %s)", lo, hi, n);
  }
  phs_buf_printf(b, " | %s |\n", flag_text(r->flags, lang, fl, sizeof(fl)));
}

static void write_md(const phs_run *run, const phs_report_opts *o,
                     phs_buf *b) {
  int vi = o->lang == PHS_LANG_VI;
  const char *hdr =
      vi ? "| Chỉ tiêu | Tử số | Mẫu số | Tỷ lệ | KTC 95% | Ghi chú |\n"
           "|---|---:|---:|---:|---|---|\n"
         : "| Indicator | Numerator | Denominator | Share | 95% CI | Notes |\n"
           "|---|---:|---:|---:|---|---|\n";
  const char *level_names[][2] = {{"province", vi ? "Tỉnh" : "Province"},
                                  {"district", vi ? "Huyện" : "District"},
                                  {"commune", vi ? "Xã" : "Commune"}};
  phs_buf_printf(b, "# %s\n\n",
                 vi ? "Báo cáo hạ tầng số và phủ sóng"
                    : "Digital infrastructure and coverage report");
  phs_buf_printf(b, "%s %lld · %s · phusong %s\n\n",
                 vi ? "Lần phân tích" : "Run", run->id, run->started_at,
                 run->tool_version);
  long i = 0;
  const char *cur_level = "";
  while (i < run->n_rows) {
    const phs_result_row *r0 = &run->rows[i];
    if (!same(cur_level, r0->level)) {
      cur_level = r0->level;
      if (same(r0->level, "district"))
        phs_buf_printf(b, "## %s\n\n", vi ? "Theo huyện" : "By district");
      if (same(r0->level, "commune"))
        phs_buf_printf(b, "## %s\n\n", vi ? "Theo xã" : "By commune");
    }
    const char *lname = r0->level;
    for (int k = 0; k < 3; k++)
      if (same(level_names[k][0], r0->level)) lname = level_names[k][1];
    phs_buf_printf(b, "%s %s: %s (%s)\n\n",
                   same(r0->level, "province") ? "##" : "###", lname,
                   r0->area_name, r0->area_code);
    phs_buf_puts(b, hdr);
    long j = i;
    while (j < run->n_rows && same(run->rows[j].level, r0->level) &&
           same(run->rows[j].area_code, r0->area_code))
      md_row(b, &run->rows[j++], o->lang);
    phs_buf_puts(b, "\n");
    i = j;
  }
  phs_buf_printf(b, "## %s\n\n```json\n%s\n```\n\n",
                 vi ? "Nguồn dữ liệu và tham số" : "Inputs and parameters",
                 run->inputs_json);
  /* Points outside every commune and the run's warnings: never hidden. */
  phs_buf_printf(b, "%s\n\n```json\n%s\n```\n\n",
                 vi ? "Điểm nằm ngoài mọi xã và cảnh báo của lần phân tích:"
                    : "Points outside every commune, and the run's warnings:",
                 run->warnings_json);
  phs_buf_printf(b, "```json\n%s\n```\n\n", run->params_json);
  if (o->synthetic_note)
    phs_buf_puts(b,
                 vi ? "*Lưu ý: lớp trạm BTS, số hộ cáp quang và khảo sát là"
                      " DỮ LIỆU TỔNG HỢP (synthetic) dùng để minh hoạ; ranh"
                      " giới xã và số liệu Tổng điều tra 2019 là dữ liệu"
                      " thật.*\n"
                    : "*Note: the site layers, fibre counts and survey are"
                      " SYNTHETIC data for demonstration; commune boundaries"
                      " and the 2019 census figures are real.*\n");
}

int phs_report_write(const phs_run *run, const phs_report_opts *o,
                     phs_buf *out, phs_diag *d) {
  switch (o->format) {
    case PHS_REPORT_CSV: write_csv(run, o, out); break;
    case PHS_REPORT_JSON: write_json(run, o, out); break;
    case PHS_REPORT_MD: write_md(run, o, out); break;
    default: return phs_diag_error(d, PHS_EUSAGE, "unknown report format");
  }
  if (out->oom) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  return PHS_OK;
}
