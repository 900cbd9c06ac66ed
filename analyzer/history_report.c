/*
** history_report.c: the submission history and the diff of two site
** filings as text, CSV or JSON (phusong submissions, phusong diff; issue
** 5, docs/submissions.md). The data come from data/history.c; this file
** only lays them out.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "phs_analyzer.h"

/* A CSV field: quoted when it holds a comma, quote or line break. */
static void csv_put(phs_buf *b, const char *s, int last) {
  if (strpbrk(s, ",\"\r\n")) {
    phs_buf_puts(b, "\"");
    for (const char *p = s; *p; p++)
      phs_buf_printf(b, *p == '"' ? "\"\"" : "%c", *p);
    phs_buf_puts(b, "\"");
  } else {
    phs_buf_puts(b, s);
  }
  phs_buf_puts(b, last ? "\n" : ",");
}

static void coord(phs_buf *b, double v, int last) {
  if (isnan(v))
    phs_buf_puts(b, last ? "\n" : ",");
  else
    phs_buf_printf(b, last ? "%.7f\n" : "%.7f,", v);
}

int phs_submissions_format(const phs_submission_info *v, long n,
                           const char *fmt, phs_buf *b) {
  if (strcmp(fmt, "csv") == 0) {
    phs_buf_puts(b, "id,kind,operator,tech,submitted_at_utc,source_name,"
                    "sha256,rows_in,rows_accepted,warnings,status,"
                    "superseded_by,superseded_at_utc,submitter,raw_bytes\n");
    for (long i = 0; i < n; i++) {
      const phs_submission_info *e = &v[i];
      phs_buf_printf(b, "%lld,", e->id);
      csv_put(b, e->kind, 0);
      csv_put(b, e->operator_code, 0);
      csv_put(b, e->techs, 0);
      csv_put(b, e->submitted_at, 0);
      csv_put(b, e->source_name, 0);
      csv_put(b, e->sha256, 0);
      phs_buf_printf(b, "%lld,%lld,%lld,", e->rows_in, e->rows_accepted,
                     e->warnings);
      csv_put(b, e->status, 0);
      csv_put(b, e->superseded_by, 0);
      csv_put(b, e->superseded_at, 0);
      csv_put(b, e->submitter, 0);
      csv_put(b, e->raw, 1);
    }
  } else if (strcmp(fmt, "json") == 0) {
    phs_buf_puts(b, "[");
    for (long i = 0; i < n; i++) {
      const phs_submission_info *e = &v[i];
      const char *keys[] = {"kind",       "operator",  "tech",
                            "submitted_at", "source",  "sha256",
                            "status",     "superseded_by", "superseded_at",
                            "submitter",  "raw_bytes"};
      const char *vals[] = {e->kind,        e->operator_code, e->techs,
                            e->submitted_at, e->source_name, e->sha256,
                            e->status,      e->superseded_by, e->superseded_at,
                            e->submitter,   e->raw};
      phs_buf_printf(b, "%s\n {\"id\":%lld", i ? "," : "", e->id);
      for (int k = 0; k < (int)(sizeof(keys) / sizeof(keys[0])); k++) {
        phs_buf_printf(b, ",\"%s\":", keys[k]);
        if (vals[k][0])
          phs_buf_json_string(b, vals[k]);
        else
          phs_buf_puts(b, "null");
      }
      phs_buf_printf(b,
                     ",\"rows_in\":%lld,\"rows_accepted\":%lld,"
                     "\"warnings\":%lld}",
                     e->rows_in, e->rows_accepted, e->warnings);
    }
    phs_buf_puts(b, n ? "\n]\n" : "]\n");
  } else if (strcmp(fmt, "text") == 0) {
    phs_buf_printf(b, "%5s  %-10s %-10s %-6s %-20s %-13s %5s %17s  %-17s %-13s"
                      " %s\n",
                   "id", "kind", "operator", "tech", "submitted at (UTC)",
                   "sha256", "warn", "rows in/accepted", "status",
                   "superseded by", "source");
    for (long i = 0; i < n; i++) {
      const phs_submission_info *e = &v[i];
      char rows[48];
      snprintf(rows, sizeof(rows), "%lld/%lld", e->rows_in, e->rows_accepted);
      phs_buf_printf(b, "%5lld  %-10s %-10s %-6s %-20s %-13.12s %5lld %17s  %-17s"
                        " %-13s %s%s\n",
                     e->id, e->kind, e->operator_code[0] ? e->operator_code : "-",
                     e->techs[0] ? e->techs : "-", e->submitted_at, e->sha256,
                     e->warnings, rows, e->status,
                     e->superseded_by[0] ? e->superseded_by : "-",
                     e->source_name,
                     strcmp(e->raw, "not kept") == 0 ? " (raw bytes not kept)"
                                                     : "");
    }
    if (n == 0) phs_buf_puts(b, "(no submissions)\n");
  } else {
    return PHS_EUSAGE;
  }
  return b->oom ? PHS_ERUNTIME : PHS_OK;
}

static const char *change_word(char k) {
  return k == 'A' ? "added" : k == 'R' ? "removed" : k == 'M' ? "moved"
                                                              : "changed";
}

/* A figure, then sep: in CSV (sep ",") at full precision, empty when
** there is none; in text 2 decimals, "-" when there is none. */
static void figure_value(phs_buf *b, double v, int count, const char *sep) {
  int csv = strcmp(sep, ",") == 0;
  if (isnan(v))
    phs_buf_printf(b, "%s%s", csv ? "" : "-", sep);
  else
    phs_buf_printf(b, csv ? "%.10g%s" : count ? "%.0f%s" : "%.2f%s", v, sep);
}

int phs_sites_diff_format(const phs_sites_diff *df, const char *op,
                          const char *fmt, phs_buf *b) {
  if (strcmp(fmt, "csv") == 0) {
    /* One table: a row per site that changed, then a row per commune and
    ** technology whose site count changed. */
    phs_buf_puts(b, "record,change,code,name,tech,before,after,moved_m,"
                    "lon_before,lat_before,lon_after,lat_after,detail\n");
    for (long i = 0; i < df->n_changes; i++) {
      const phs_site_change *c = &df->changes[i];
      phs_buf_printf(b, "site,%s,", change_word(c->kind));
      csv_put(b, c->site_id, 0);
      phs_buf_puts(b, ",");
      csv_put(b, c->tech, 0);
      phs_buf_puts(b, ",,");
      if (isnan(c->moved_m))
        phs_buf_puts(b, ",");
      else
        phs_buf_printf(b, "%.1f,", c->moved_m);
      coord(b, c->lon0, 0);
      coord(b, c->lat0, 0);
      coord(b, c->lon1, 0);
      coord(b, c->lat1, 0);
      csv_put(b, c->changes, 1);
    }
    for (long i = 0; i < df->n_communes; i++) {
      const phs_commune_sites_delta *c = &df->communes[i];
      phs_buf_puts(b, "commune,count,");
      csv_put(b, c->code, 0);
      csv_put(b, c->name, 0);
      csv_put(b, c->tech, 0);
      phs_buf_printf(b, "%ld,%ld,,,,,,\n", c->before, c->after);
    }
    for (long i = 0; i < df->n_figures; i++) {
      const phs_commune_figure_delta *f = &df->figures[i];
      phs_buf_puts(b, "figure,");
      csv_put(b, f->metric, 0);
      csv_put(b, f->code, 0);
      csv_put(b, f->name, 0);
      phs_buf_puts(b, ",");
      figure_value(b, f->before, 0, ",");
      figure_value(b, f->after, 0, ",");
      phs_buf_printf(b, ",,,,,runs %lld -> %lld\n", df->run_before,
                     df->run_after);
    }
  } else if (strcmp(fmt, "text") == 0) {
    phs_buf_printf(b, "Sites of %s (%s): submission #%lld against ", op,
                   df->techs, df->to_id);
    if (df->n_from == 0) phs_buf_puts(b, "nothing (its first filing)");
    for (int i = 0; i < df->n_from; i++)
      phs_buf_printf(b, "%s#%lld", i ? ", " : "", df->from_ids[i]);
    phs_buf_printf(b,
                   "\n%ld added, %ld removed, %ld moved, %ld changed, %ld"
                   " unchanged (moves: geodesic distance on WGS 84)\n",
                   df->n_added, df->n_removed, df->n_moved, df->n_changed,
                   df->n_unchanged);
    for (long i = 0; i < df->n_changes; i++) {
      const phs_site_change *c = &df->changes[i];
      phs_buf_printf(b, "  %-8s %-16s %-3s", change_word(c->kind), c->site_id,
                     c->tech);
      if (c->kind == 'A' && !isnan(c->lon1))
        phs_buf_printf(b, " at %.6f, %.6f", c->lon1, c->lat1);
      if (c->kind == 'R' && !isnan(c->lon0))
        phs_buf_printf(b, " was at %.6f, %.6f", c->lon0, c->lat0);
      if (c->kind == 'M') {
        if (isnan(c->moved_m))
          phs_buf_puts(b, " location added or dropped");
        else
          phs_buf_printf(b, " %.1f m: %.6f, %.6f -> %.6f, %.6f", c->moved_m,
                         c->lon0, c->lat0, c->lon1, c->lat1);
      }
      if (c->changes[0])
        phs_buf_printf(b, "%s%s", c->kind == 'M' ? "; " : " ", c->changes);
      phs_buf_puts(b, "\n");
    }
    phs_buf_puts(b, "Sites per commune (before -> after):\n");
    if (df->n_communes == 0) phs_buf_puts(b, "  no change\n");
    for (long i = 0; i < df->n_communes; i++) {
      const phs_commune_sites_delta *c = &df->communes[i];
      phs_buf_printf(b, "  %-8s %-3s %ld -> %ld (%+ld)  %s\n",
                     c->code[0] ? c->code : "-", c->tech, c->before, c->after,
                     c->after - c->before, c->name);
    }
    if (df->n_from > 0 && (df->run_before == 0 || df->run_after == 0)) {
      phs_buf_puts(b, "Figures per commune: no analysis run read each filing"
                      " (run 'phusong analyze' after each filing, or"
                      " 'analyze --as-of' a date after each)\n");
    } else if (df->n_from > 0) {
      phs_buf_printf(b,
                     "Figures per commune (analysis run #%lld -> #%lld;"
                     " %% of the commune, sites as counts):\n",
                     df->run_before, df->run_after);
      if (df->n_figures == 0) phs_buf_puts(b, "  no change\n");
      for (long i = 0; i < df->n_figures; i++) {
        const phs_commune_figure_delta *f = &df->figures[i];
        int count = strncmp(f->metric, "sites_", 6) == 0;
        phs_buf_printf(b, "  %-8s %-32s ", f->code, f->metric);
        figure_value(b, f->before, count, count ? " -> " : "% -> ");
        figure_value(b, f->after, count, count ? "" : "%");
        if (!isnan(f->before) && !isnan(f->after))
          phs_buf_printf(b, count ? " (%+.0f)" : " (%+.3f)",
                         f->after - f->before);
        phs_buf_printf(b, "  %s\n", f->name);
      }
    }
  } else {
    return PHS_EUSAGE;
  }
  return b->oom ? PHS_ERUNTIME : PHS_OK;
}
