/*
** common.c: status texts, the diagnostic collector, string buffers,
** number formatting, the message language and the thread count shared by
** every module. See phs_common.h; the catalogue is geo/messages_vi.c.
*/
#include "phs_common.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int phs_thread_count(int threads) {
  if (threads > 0) return threads;
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (int)n : 1;
}

const char *phs_status_text(int status) {
  switch (status) {
#define PHS_X(name, value, text) \
  case value:                    \
    return text;
    PHS_STATUS_MAP(PHS_X)
#undef PHS_X
  }
  return "unknown status";
}

char *phs_strdup_vprintf(const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) return NULL;
  char *s = malloc((size_t)n + 1);
  if (s == NULL) return NULL;
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  return s;
}

char *phs_strdup_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = phs_strdup_vprintf(fmt, ap);
  va_end(ap);
  return s;
}

char *phs_strdup(const char *s) { return s ? strdup(s) : NULL; }

static atomic_ulong alloc_failures;

void phs_alloc_failure_note(void) { atomic_fetch_add(&alloc_failures, 1); }

unsigned long phs_alloc_failures(void) { return atomic_load(&alloc_failures); }

/* ---------------------------------------------------------------- diag */

void phs_diag_init(phs_diag *d) { memset(d, 0, sizeof(*d)); }

void phs_diag_clear(phs_diag *d) {
  for (int i = 0; i < d->n_details; i++) free(d->details[i]);
  for (int i = 0; i < d->n_warnings; i++) free(d->warnings[i]);
  free(d->details);
  free(d->warnings);
  phs_diag_init(d);
}

/* Append a line to a capped list; the total is counted either way. */
static void push_line(char ***list, int *n, long *total, int max,
                      const char *fmt, va_list ap) {
  (*total)++;
  if (*n >= max) return;
  char *line = phs_strdup_vprintf(fmt, ap);
  if (line == NULL) return;
  char **grown = realloc(*list, sizeof(char *) * (size_t)(*n + 1));
  if (grown == NULL) {
    free(line);
    return;
  }
  *list = grown;
  grown[(*n)++] = line;
}

int phs_diag_error(phs_diag *d, int status, const char *fmt, ...) {
  va_list ap;
  fmt = phs_tr(fmt); /* the same conversions: the catalogue's rule */
  va_start(ap, fmt);
  if (d->status == PHS_OK) {
    d->status = status;
    vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
  } else {
    push_line(&d->details, &d->n_details, &d->n_details_total,
              PHS_DIAG_MAX_DETAILS, fmt, ap);
  }
  va_end(ap);
  return status;
}

void phs_diag_detail(phs_diag *d, const char *fmt, ...) {
  va_list ap;
  fmt = phs_tr(fmt);
  va_start(ap, fmt);
  push_line(&d->details, &d->n_details, &d->n_details_total,
            PHS_DIAG_MAX_DETAILS, fmt, ap);
  va_end(ap);
}

void phs_diag_warn(phs_diag *d, const char *fmt, ...) {
  va_list ap;
  fmt = phs_tr(fmt);
  va_start(ap, fmt);
  push_line(&d->warnings, &d->n_warnings, &d->n_warnings_total,
            PHS_DIAG_MAX_WARNINGS, fmt, ap);
  va_end(ap);
}

void phs_diag_take_warnings(phs_diag *dst, phs_diag *src) {
  for (int i = 0; i < src->n_warnings; i++)
    phs_diag_warn(dst, "%s", src->warnings[i]);
  dst->n_warnings_total += src->n_warnings_total - src->n_warnings;
  for (int i = 0; i < src->n_warnings; i++) free(src->warnings[i]);
  free(src->warnings);
  src->warnings = NULL;
  src->n_warnings = 0;
  src->n_warnings_total = 0;
}

/* ----------------------------------------------------------------- buf */

void phs_buf_init(phs_buf *b) { memset(b, 0, sizeof(*b)); }

void phs_buf_free(phs_buf *b) {
  free(b->data);
  phs_buf_init(b);
}

static int buf_reserve(phs_buf *b, size_t extra) {
  if (b->oom) return 0;
  if (b->len + extra + 1 <= b->cap) return 1;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1) cap *= 2;
  char *grown = realloc(b->data, cap);
  if (grown == NULL) {
    b->oom = 1;
    return 0;
  }
  b->data = grown;
  b->cap = cap;
  return 1;
}

void phs_buf_append(phs_buf *b, const char *s, size_t n) {
  if (!buf_reserve(b, n)) return;
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void phs_buf_puts(phs_buf *b, const char *s) { phs_buf_append(b, s, strlen(s)); }

void phs_buf_printf(phs_buf *b, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n >= 0 && buf_reserve(b, (size_t)n)) {
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
  }
  va_end(ap);
}

void phs_buf_json_string(phs_buf *b, const char *s) {
  phs_buf_puts(b, "\"");
  for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
    switch (*p) {
      case '"': phs_buf_puts(b, "\\\""); break;
      case '\\': phs_buf_puts(b, "\\\\"); break;
      case '\n': phs_buf_puts(b, "\\n"); break;
      case '\r': phs_buf_puts(b, "\\r"); break;
      case '\t': phs_buf_puts(b, "\\t"); break;
      default:
        if (*p < 0x20)
          phs_buf_printf(b, "\\u%04x", *p);
        else
          phs_buf_append(b, (const char *)p, 1);
    }
  }
  phs_buf_puts(b, "\"");
}

/* ---------------------------------------------------------- numbers */

int phs_lang_parse(const char *s) {
  if (s && strcmp(s, "vi") == 0) return PHS_LANG_VI;
  if (s && strcmp(s, "en") == 0) return PHS_LANG_EN;
  return -1;
}

/* --------------------------------------------------------- messages */

static phs_lang message_lang = PHS_LANG_EN; /* set once, before threads */

void phs_messages_set_lang(phs_lang lang) { message_lang = lang; }

phs_lang phs_messages_lang(void) { return message_lang; }

phs_lang phs_messages_lang_from_env(void) {
  /* LANGUAGE lists languages in order of preference; the first one we
  ** have decides (English is built in), as gettext skips a language it
  ** has no catalogue for. */
  const char *list = getenv("LANGUAGE");
  for (const char *p = list; p && *p;) {
    size_t n = strcspn(p, ":");
    if (n >= 2 && strncmp(p, "vi", 2) == 0) return PHS_LANG_VI;
    if (n >= 2 && strncmp(p, "en", 2) == 0) return PHS_LANG_EN;
    p += n + (p[n] == ':');
  }
  static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
    const char *v = getenv(vars[i]);
    if (v && *v) return strncmp(v, "vi", 2) == 0 ? PHS_LANG_VI : PHS_LANG_EN;
  }
  return PHS_LANG_EN;
}

static int pair_cmp(const void *key, const void *entry) {
  return strcmp((const char *)key, ((const phs_msg_pair *)entry)->en);
}

const char *phs_tr(const char *s) {
  if (s == NULL || message_lang != PHS_LANG_VI) return s;
  size_t n;
  const phs_msg_pair *cat = phs_messages_vi(&n);
  const phs_msg_pair *e = bsearch(s, cat, n, sizeof(*cat), pair_cmp);
  return e ? e->vi : s;
}

int phs_parse_whole(const char *s, long long lo, long long hi,
                    long long *out) {
  char *end;
  long long v = strtoll(s, &end, 10);
  if (*s == '\0' || *end != '\0' || v < lo || v > hi) return -1;
  *out = v;
  return 0;
}

int phs_parse_real(const char *s, double lo, double hi, double *out) {
  char *end;
  double v = strtod(s, &end);
  if (*s == '\0' || *end != '\0' || !(v >= lo && v <= hi)) return -1;
  *out = v;
  return 0;
}

void phs_utf8_trim(char *s) {
  size_t n = strlen(s), i = n;
  while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) i--;
  if (i == 0) return;
  unsigned char lead = (unsigned char)s[i - 1];
  size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (lead >= 0xC0 && n - (i - 1) < need) s[i - 1] = '\0';
}

char *phs_format_number(double v, int decimals, phs_lang lang, char *buf,
                        size_t size) {
  if (size == 0) return buf;
  if (isnan(v)) {
    snprintf(buf, size, "\xe2\x80\x93"); /* en dash */
    return buf;
  }
  if (decimals < 0) decimals = 0;
  if (decimals > 9) decimals = 9;
  char raw[64];
  snprintf(raw, sizeof(raw), "%.*f", decimals, fabs(v));
  /* A value that rounds to zero is printed without a minus sign. */
  int negative = v < 0 && strspn(raw, "0.") != strlen(raw);
  char *dot = strchr(raw, '.');
  size_t int_len = dot ? (size_t)(dot - raw) : strlen(raw);
  char group = lang == PHS_LANG_VI ? '.' : ',';
  char mark = lang == PHS_LANG_VI ? ',' : '.';
  char out[96];
  size_t o = 0;
  if (negative) out[o++] = '-';
  for (size_t i = 0; i < int_len; i++) {
    if (i > 0 && (int_len - i) % 3 == 0) out[o++] = group;
    out[o++] = raw[i];
  }
  if (dot) {
    out[o++] = mark;
    for (const char *p = dot + 1; *p; p++) out[o++] = *p;
  }
  out[o] = '\0';
  snprintf(buf, size, "%s", out);
  return buf;
}
