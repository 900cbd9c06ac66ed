/*
** import_report.c: `--report FILE` of import, submit and validate: the
** outcome of one filing as JSON, for the operator's own tools and the
** Sở's intake scripts (docs/input-formats.md, "Machine-readable report").
**
** The messages stay the ones printed on the terminal; each is also split
** into the parts the catalogue's rule gives every message, "FILE:WHERE:
** field 'F': 'V' problem (hint: H)", where WHERE is a row number, "feature
** N" or "line N". A part the message does not have is left out, so a
** reader can rely on "message" and use the rest when present. Messages in
** Vietnamese (--lang vi) have the same shape in their words, "trường 'F':",
** "đối tượng N", "dòng N", "(gợi ý: H)", and are split the same way.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phs_analyzer.h"

/* Append `, "key": "<the n bytes at p>"`. */
static void json_part(phs_buf *b, const char *key, const char *p, size_t n) {
  char *v = strndup(p, n);
  phs_buf_printf(b, ", \"%s\": ", key);
  phs_buf_json_string(b, v ? v : "");
  free(v);
}

/* The length of whichever of the two words s starts with, else 0. */
static size_t starts(const char *s, const char *en, const char *vi) {
  size_t n = strlen(en), k = strlen(vi);
  if (strncmp(s, en, n) == 0) return n;
  if (strncmp(s, vi, k) == 0) return k;
  return 0;
}

/* Where the hint of p begins (" (hint: " or " (gợi ý: "), or NULL; *n is
** set to the length of that opening. */
static const char *find_hint(const char *p, size_t *n) {
  static const char en[] = " (hint: ", vi[] = " (gợi ý: ";
  const char *h = strstr(p, en), *hv = strstr(p, vi);
  if (hv && (h == NULL || hv < h)) {
    *n = sizeof(vi) - 1;
    return hv;
  }
  *n = sizeof(en) - 1;
  return h;
}

/* Append the parts of one message m about file path as a JSON object. */
static void message_json(phs_buf *b, const char *m, const char *path) {
  phs_buf_puts(b, "{\"message\": ");
  phs_buf_json_string(b, m);
  const char *p = m;
  size_t pl = path ? strlen(path) : 0;
  if (pl && strncmp(p, path, pl) == 0 && p[pl] == ':') {
    phs_buf_puts(b, ", \"file\": ");
    phs_buf_json_string(b, path);
    p += pl + 1;
    /* WHERE: digits (a row), "feature N" or "line N", then ": " */
    const char *unit = "row";
    size_t k;
    if ((k = starts(p, "feature ", "đối tượng ")))
      unit = "feature", p += k;
    else if ((k = starts(p, "line ", "dòng ")))
      unit = "line", p += k;
    const char *q = p;
    while (isdigit((unsigned char)*q)) q++;
    if (q > p && q[0] == ':' && q[1] == ' ') {
      phs_buf_printf(b, ", \"%s\": %.*s", unit, (int)(q - p), p);
      p = q + 2;
    } else {
      p = m + pl + 1;
      while (*p == ' ') p++;
    }
  }
  /* field 'F': 'V' (the value quoted as the file has it) */
  size_t fl = starts(p, "field '", "trường '");
  if (fl) {
    const char *f = p + fl, *fe = strstr(f, "': ");
    if (fe) {
      json_part(b, "field", f, (size_t)(fe - f));
      p = fe + 3;
      if (*p == '\'') {
        const char *v = p + 1, *ve = strstr(v, "' ");
        if (ve) {
          json_part(b, "value", v, (size_t)(ve - v));
          p = ve + 2;
        }
      }
    }
  }
  /* problem, then "(hint: H)" at the end */
  size_t hn;
  const char *h = find_hint(p, &hn);
  json_part(b, "problem", p, h ? (size_t)(h - p) : strlen(p));
  if (h) {
    const char *hs = h + hn;
    size_t hl = strlen(hs);
    if (hl > 0 && hs[hl - 1] == ')') hl--;
    json_part(b, "hint", hs, hl);
  }
  phs_buf_puts(b, "}");
}

static void messages_json(phs_buf *b, const char *name, char *const *lines,
                          int n, const char *first, const char *path,
                          long total) {
  phs_buf_printf(b, ",\n  \"%s\": [", name);
  int k = 0;
  if (first) {
    phs_buf_puts(b, "\n    ");
    message_json(b, first, path);
    k++;
  }
  for (int i = 0; i < n; i++, k++) {
    phs_buf_puts(b, k ? ",\n    " : "\n    ");
    message_json(b, lines[i], path);
  }
  phs_buf_printf(b, "%s],\n  \"%s_total\": %ld", k ? "\n  " : "", name,
                 total);
}

int phs_import_report_write(const char *out, const char *command,
                            const char *kind, const char *store,
                            const char *file, int status, int dry_run,
                            const phs_import_result *res, const phs_diag *d) {
  phs_buf b;
  phs_buf_init(&b);
  const char *outcome = status != PHS_OK        ? (status == PHS_EINPUT
                                                       ? "rejected"
                                                       : "error")
                        : res->noop            ? "already imported"
                        : (dry_run || !store) ? "valid"
                                               : "imported";
  phs_buf_puts(&b, "{\n  \"phusong\": ");
  phs_buf_json_string(&b, PHS_VERSION);
  /* the language of the messages below (phs_messages_lang) */
  phs_buf_printf(&b, ",\n  \"lang\": \"%s\"",
                 phs_messages_lang() == PHS_LANG_VI ? "vi" : "en");
  phs_buf_puts(&b, ",\n  \"command\": ");
  phs_buf_json_string(&b, command);
  phs_buf_puts(&b, ",\n  \"kind\": ");
  phs_buf_json_string(&b, kind);
  phs_buf_puts(&b, ",\n  \"file\": ");
  phs_buf_json_string(&b, file);
  if (store) {
    phs_buf_puts(&b, ",\n  \"store\": ");
    phs_buf_json_string(&b, store);
  }
  phs_buf_puts(&b, ",\n  \"outcome\": ");
  phs_buf_json_string(&b, outcome);
  phs_buf_printf(&b, ",\n  \"exit_code\": %d", status);
  if (status == PHS_OK) {
    if (!dry_run && store)
      phs_buf_printf(&b, ",\n  \"submission_id\": %lld", res->submission_id);
    phs_buf_printf(&b, ",\n  \"rows_in\": %ld,\n  \"rows_accepted\": %ld",
                   res->rows_in, res->rows_accepted);
    if (res->sha256[0]) {
      phs_buf_puts(&b, ",\n  \"sha256\": ");
      phs_buf_json_string(&b, res->sha256);
    }
  }
  long n_err = status == PHS_OK ? 0 : 1 + d->n_details_total;
  messages_json(&b, "errors", d->details, status == PHS_OK ? 0 : d->n_details,
                status == PHS_OK ? NULL
                                 : (d->msg[0] ? d->msg : phs_status_text(status)),
                file, n_err);
  messages_json(&b, "warnings", d->warnings, d->n_warnings, NULL, file,
                d->n_warnings_total);
  phs_buf_puts(&b, "\n}\n");
  int rc = -1;
  FILE *f = b.oom ? NULL : fopen(out, "w");
  if (f) {
    rc = fwrite(b.data, 1, b.len, f) == b.len ? 0 : -1;
    if (fclose(f) != 0) rc = -1;
  }
  phs_buf_free(&b);
  return rc;
}
