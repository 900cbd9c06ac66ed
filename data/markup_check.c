/*
** markup_check.c: GeoJSON and KML text looked at before GDAL parses it
** (bad-inputs.md group E).
**
** E4: GDAL's GeoJSON driver says only "Failed to read GeoJSON data" for a
** truncated file or one with trailing garbage; a strict JSON syntax check
** (RFC 8259: no NaN, no comments, nothing after the value) finds the byte
** where it breaks and the feature it was in.
** E5/E6: a KML with a DOCTYPE declaring entities is refused before any XML
** parser sees it: entities expand to gigabytes (billion laughs) or read
** local files (external entities). libkml's expat happens to abort on
** both, but with a raw message and no promise for the next version.
** E7: a <NetworkLink> is never fetched: GDAL's KML drivers do not follow
** it (and reader.c keeps LIBKML_EXTERNAL_STYLE, which reads styles from
** elsewhere, off); the user is told the linked content was not imported.
*/
#include <cpl_vsi.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "data_int.h"

#define JSON_MAX_DEPTH 512 /* deeper nesting is refused, not recursed into */

typedef struct jp {
  const char *s;
  size_t n, i;
  int depth;
  long feature;    /* features of the top-level "features" array begun */
  int in_features; /* inside that array now */
  int features_done;
  const char *why;
} jp;

static void ws(jp *p) {
  while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
                         p->s[p->i] == '\n' || p->s[p->i] == '\r'))
    p->i++;
}

static int fail(jp *p, const char *why) {
  if (p->why == NULL)
    p->why = phs_tr(p->i >= p->n ? "the file ends in the middle of the JSON"
                                   " (cut short?)"
                                 : why); /* in the message language */
  return -1;
}

static int value(jp *p, int features);

/* A string; when key is given, whether it equals key. */
static int string(jp *p, const char *key, int *is_key) {
  size_t start = ++p->i; /* past the opening quote */
  while (p->i < p->n && p->s[p->i] != '"') {
    unsigned char c = (unsigned char)p->s[p->i];
    if (c < 0x20) return fail(p, "a control character inside a string");
    if (c == '\\') {
      p->i++;
      if (p->i >= p->n) return fail(p, "");
      if (p->s[p->i] == 'u') {
        for (int k = 1; k <= 4; k++)
          if (p->i + (size_t)k >= p->n ||
              !strchr("0123456789abcdefABCDEF", p->s[p->i + (size_t)k]) ||
              p->s[p->i + (size_t)k] == '\0')
            return fail(p, "a bad \\u escape in a string");
        p->i += 4;
      } else if (!strchr("\"\\/bfnrt", p->s[p->i]) || p->s[p->i] == '\0') {
        return fail(p, "a bad escape in a string");
      }
    }
    p->i++;
  }
  if (p->i >= p->n) return fail(p, "");
  if (key && is_key)
    *is_key = p->i - start == strlen(key) &&
              memcmp(p->s + start, key, p->i - start) == 0;
  p->i++;
  return 0;
}

static int number(jp *p) {
  size_t i = p->i;
  if (i < p->n && p->s[i] == '-') i++;
  size_t digits = i;
  while (i < p->n && p->s[i] >= '0' && p->s[i] <= '9') i++;
  if (i == digits) return fail(p, "not a JSON value (NaN, a bare word?)");
  if (i < p->n && p->s[i] == '.') {
    size_t f = ++i;
    while (i < p->n && p->s[i] >= '0' && p->s[i] <= '9') i++;
    if (i == f) return p->i = i, fail(p, "a number with no digits after '.'");
  }
  if (i < p->n && (p->s[i] == 'e' || p->s[i] == 'E')) {
    i++;
    if (i < p->n && (p->s[i] == '+' || p->s[i] == '-')) i++;
    size_t e = i;
    while (i < p->n && p->s[i] >= '0' && p->s[i] <= '9') i++;
    if (i == e) return p->i = i, fail(p, "a number with an empty exponent");
  }
  p->i = i;
  return 0;
}

static int container(jp *p, int features) {
  char open = p->s[p->i], close = open == '{' ? '}' : ']';
  if (++p->depth > JSON_MAX_DEPTH)
    return fail(p, "nested deeper than 512 levels");
  p->i++;
  ws(p);
  if (p->i < p->n && p->s[p->i] == close) {
    p->i++;
    p->depth--;
    return 0;
  }
  for (;;) {
    int member_features = 0;
    ws(p);
    if (open == '{') {
      if (p->i >= p->n || p->s[p->i] != '"')
        return fail(p, "expected a member name in quotes");
      int is_features = 0;
      if (string(p, "features", &is_features)) return -1;
      member_features = is_features && p->depth == 1;
      ws(p);
      if (p->i >= p->n || p->s[p->i] != ':')
        return fail(p, "expected ':' after a member name");
      p->i++;
      ws(p);
    } else if (features) {
      p->feature++;
    }
    if (value(p, member_features)) return -1;
    ws(p);
    if (p->i < p->n && p->s[p->i] == ',') {
      p->i++;
      continue;
    }
    if (p->i < p->n && p->s[p->i] == close) {
      p->i++;
      p->depth--;
      return 0;
    }
    return fail(p, open == '{' ? "expected ',' or '}'" : "expected ',' or ']'");
  }
}

static int value(jp *p, int features) {
  ws(p);
  if (p->i >= p->n) return fail(p, "");
  switch (p->s[p->i]) {
    case '{':
      return container(p, 0);
    case '[': {
      if (features) p->in_features = 1;
      int st = container(p, features);
      if (features && st == 0) {
        p->in_features = 0;
        p->features_done = 1;
      }
      return st;
    }
    case '"':
      return string(p, NULL, NULL);
    case 't':
    case 'f':
    case 'n': {
      const char *w = p->s[p->i] == 't' ? "true"
                      : p->s[p->i] == 'f' ? "false"
                                          : "null";
      size_t len = strlen(w);
      if (p->n - p->i < len || memcmp(p->s + p->i, w, len) != 0)
        return fail(p, "not a JSON value (a bare word?)");
      p->i += len;
      return 0;
    }
    default:
      return number(p);
  }
}

long json_syntax_check(const char *buf, size_t n, long *feature,
                       int *in_features, const char **why) {
  jp p = {buf, n, 0, 0, 0, 0, 0, NULL};
  if (n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) p.i = 3; /* BOM */
  int st = value(&p, 0);
  if (st == 0) {
    ws(&p);
    if (p.i < p.n) {
      st = -1;
      p.why = phs_tr("text after the end of the JSON (trailing garbage, or"
                     " two files joined?)");
    }
  }
  *feature = p.feature;
  *in_features = p.in_features;
  *why = p.why;
  return st == 0 ? -1 : (long)p.i;
}

/* ------------------------------------------------------------------ KML */

static long line_at(const char *s, size_t at) {
  long line = 1;
  for (size_t i = 0; i < at; i++) line += s[i] == '\n';
  return line;
}

/* Case-sensitive search in a buffer that may hold NUL bytes. */
static const char *find(const char *s, size_t n, const char *what) {
  size_t m = strlen(what);
  for (size_t i = 0; i + m <= n; i++)
    if (s[i] == what[0] && memcmp(s + i, what, m) == 0) return s + i;
  return NULL;
}

kml_scan_result kml_scan(const char *s, size_t n) {
  kml_scan_result k;
  memset(&k, 0, sizeof(k));
  const char *first_link = NULL;
  const char *dt = find(s, n, "<!DOCTYPE");
  const char *en = find(s, n, "<!ENTITY");
  const char *bad = en ? en : dt;
  if (bad) {
    k.dtd_line = line_at(s, (size_t)(bad - s));
    size_t len = 0;
    while (bad + len < s + n && bad[len] != '\n' && bad[len] != '>' &&
           len < sizeof(k.dtd_text) - 2)
      len++;
    memcpy(k.dtd_text, bad, len);
    if (bad + len < s + n && bad[len] == '>') k.dtd_text[len++] = '>';
    k.dtd_text[len] = '\0';
  }
  for (const char *at = s; (at = find(at, n - (size_t)(at - s),
                                      "NetworkLink>")) != NULL;
       at++) {
    /* an opening tag, with or without a namespace prefix ("<kml:") */
    const char *lt = at;
    while (lt > s && lt[-1] != '<' && lt[-1] != '/' && lt[-1] != '>' &&
           at - lt < 16)
      lt--;
    if (lt == s || lt[-1] != '<') continue;
    if (k.n_links++ == 0) {
      k.link_line = line_at(s, (size_t)(at - s));
      first_link = at;
    }
  }
  const char *href =
      first_link ? find(first_link, n - (size_t)(first_link - s), "<href>")
                 : NULL;
  if (href) {
    href += 6;
    size_t len = 0;
    while (href + len < s + n && href[len] != '<' &&
           len < sizeof(k.link_href) - 1)
      len++;
    memcpy(k.link_href, href, len);
    k.link_href[len] = '\0';
  }
  return k;
}

/* ----------------------------------------------------------- the check */

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

int markup_check(const char *open_path, const char *shown, phs_diag *d) {
  int json = ends_with(open_path, ".geojson") || ends_with(open_path, ".json");
  int kml = ends_with(open_path, ".kml");
  if (!json && !kml) return PHS_OK;
  VSILFILE *fp = VSIFOpenL(open_path, "rb");
  if (fp == NULL) return PHS_OK; /* GDAL's open reports it */
  VSIFSeekL(fp, 0, SEEK_END);
  size_t n = (size_t)VSIFTellL(fp);
  VSIFSeekL(fp, 0, SEEK_SET);
  char *buf = malloc(n ? n : 1);
  if (buf == NULL) {
    VSIFCloseL(fp);
    return phs_diag_error(d, PHS_ERUNTIME, "%s: out of memory", shown);
  }
  size_t got = VSIFReadL(buf, 1, n, fp);
  VSIFCloseL(fp);
  int st = PHS_OK;
  if (json) {
    long feature = 0;
    int in_features = 0;
    const char *why = NULL;
    long at = json_syntax_check(buf, got, &feature, &in_features, &why);
    if (at >= 0) {
      char where[64] = "";
      if (in_features)
        snprintf(where, sizeof(where), phs_tr("feature %ld: "), feature);
      else if (feature)
        snprintf(where, sizeof(where), phs_tr("after feature %ld: "), feature);
      st = phs_diag_error(d, PHS_EINPUT,
                          "%s:%sbyte %ld: not valid JSON: %s (hint: export"
                          " or upload the file again; nothing of it was"
                          " imported)",
                          shown, where, at, why);
    }
  } else {
    kml_scan_result k = kml_scan(buf, got);
    char q[160];
    if (k.dtd_line)
      st = phs_diag_error(d, PHS_EINPUT,
                          "%s:line %ld: '%s' is a DOCTYPE or entity"
                          " declaration: refused, XML entities can expand to"
                          " gigabytes or read local files (hint: export the"
                          " KML again without a DTD)",
                          shown, k.dtd_line,
                          text_quote(k.dtd_text, q, sizeof(q)));
    else if (k.n_links)
      phs_diag_warn(d,
                    "%s:line %ld: field 'NetworkLink': '%s' %ld network"
                    " link%s not followed: the linked content was not"
                    " fetched and is not imported (hint: download it and"
                    " submit it as a file of its own)",
                    shown, k.link_line, text_quote(k.link_href, q, sizeof(q)),
                    k.n_links, k.n_links == 1 ? "" : "s");
  }
  free(buf);
  return st;
}
