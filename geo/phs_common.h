/*
** phs_common.h: the few things every phusong module shares: status codes,
** the diagnostic collector that carries error text and warnings back to the
** caller, growable buffers, and number formatting in the users' language.
**
** It lives in geo/ because geo/ is the bottom of the dependency graph
** (analyzer -> render, data, geo; render -> geo; data -> geo) and this
** header has no dependencies of its own beyond libc.
*/
#ifndef PHS_COMMON_H
#define PHS_COMMON_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PHS_VERSION "0.1.0"

/*
** Status codes. The numeric values are the command-line exit codes, so a
** library status can be returned from main() unchanged.
**   X(name, value, English text)
*/
#define PHS_STATUS_MAP(X)                                                  \
  X(OK, 0, "success")                                                      \
  X(ERUNTIME, 1, "runtime failure")                                        \
  X(EUSAGE, 2, "usage error")                                              \
  X(EINPUT, 3, "input rejected, nothing imported")                         \
  X(EBUSY, 4, "store busy")                                                \
  X(EINTERRUPT, 130, "interrupted (store unchanged)")

typedef enum {
#define PHS_X(name, value, text) PHS_##name = value,
  PHS_STATUS_MAP(PHS_X)
#undef PHS_X
} phs_status;

/* The number of worker threads `threads` stands for: itself when > 0,
** else the online cores (at least 1). Every --threads option uses it. */
int phs_thread_count(int threads);

/* Text of a status code ("input rejected, nothing imported"). Never NULL. */
const char *phs_status_text(int status);

/*
** Diagnostics: one error (status + summary line), up to PHS_DIAG_MAX_DETAILS
** detail lines (the rest only counted), and warnings (likewise capped).
** Library code records problems here; only the command-line tool prints.
**
** Usage:
**   phs_diag d; phs_diag_init(&d);
**   rc = phs_something(..., &d);
**   if (rc) fprintf(stderr, "ERROR: %s\n", d.msg);
**   phs_diag_clear(&d);
*/
#define PHS_DIAG_MAX_DETAILS 20
#define PHS_DIAG_MAX_WARNINGS 200

typedef struct phs_diag {
  int status;           /* first error's status, PHS_OK while none */
  char msg[2048];       /* first error's summary line, "" while none */
  char **details;       /* owned: detail lines kept (at most MAX_DETAILS) */
  int n_details;        /* lines kept in details[] */
  long n_details_total; /* lines reported, kept or not */
  char **warnings;      /* owned: warning lines kept */
  int n_warnings;       /* lines kept in warnings[] */
  long n_warnings_total;/* warnings reported, kept or not */
} phs_diag;

void phs_diag_init(phs_diag *d);
/* Free every line; the struct is ready for reuse as after phs_diag_init. */
void phs_diag_clear(phs_diag *d);
/*
** Record an error. Only the first error's status and message are kept
** (later calls only add a detail line), so the summary names the root cause.
** Returns `status` so callers can write `return phs_diag_error(d, ...)`.
*/
int phs_diag_error(phs_diag *d, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void phs_diag_detail(phs_diag *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void phs_diag_warn(phs_diag *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Move every warning from src to dst (src loses them). */
void phs_diag_take_warnings(phs_diag *dst, phs_diag *src);

/* printf into a new malloc'd string; NULL on allocation failure. */
char *phs_strdup_printf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
char *phs_strdup_vprintf(const char *fmt, va_list ap);
/* strdup that returns NULL for NULL. */
char *phs_strdup(const char *s);

/*
** Failed allocations counted process-wide by the allocators phusong wraps
** (SQLite's, while data/test_hooks.c has wrapped it: its test failures
** and real ones alike). A library that turns an allocation failure into
** another error (PROJ reading proj.db through SQLite says "unknown CRS")
** is told apart by comparing the count before and after the call.
*/
void phs_alloc_failure_note(void);
unsigned long phs_alloc_failures(void);

/*
** Growable byte buffer (string builder). The data is always NUL-terminated.
** phs_buf_* never fail silently: on allocation failure `oom` is set and
** later appends are ignored, so callers check once at the end.
*/
typedef struct phs_buf {
  char *data;   /* owned: free with phs_buf_free */
  size_t len;   /* bytes used, without the terminating NUL */
  size_t cap;   /* bytes allocated */
  int oom;      /* set when an allocation failed */
} phs_buf;

void phs_buf_init(phs_buf *b);
void phs_buf_free(phs_buf *b);
void phs_buf_append(phs_buf *b, const char *s, size_t n);
void phs_buf_puts(phs_buf *b, const char *s);
void phs_buf_printf(phs_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Append s as a JSON string literal, quotes included. */
void phs_buf_json_string(phs_buf *b, const char *s);

/*
** Language of numbers and messages. PHS_LANG_VI writes 1.234.567 and 98,3;
** PHS_LANG_EN writes 1,234,567 and 98.3.
*/
typedef enum { PHS_LANG_EN = 0, PHS_LANG_VI = 1 } phs_lang;

/* Parse "vi" / "en"; returns -1 for anything else. */
int phs_lang_parse(const char *s);

/*
** Message language, gettext-style. Messages are written in English in the
** source; while the message language is PHS_LANG_VI, phs_diag_error,
** _detail and _warn look their format up in the Vietnamese catalogue
** (geo/messages_vi.c) before formatting, and a format without a
** translation stays English. Process-wide, English until set: the CLI sets
** it once, before any work starts (docs/input-formats.md, "Language of
** messages"). Maps and reports have their own language (--lang, vi).
*/
void phs_messages_set_lang(phs_lang lang);
phs_lang phs_messages_lang(void);
/* The language the environment asks for, as gettext reads it: the first
** "vi" or "en" entry of LANGUAGE (a colon-separated list), else the first
** set one of LC_ALL, LC_MESSAGES, LANG; Vietnamese when that starts with
** "vi", otherwise English. */
phs_lang phs_messages_lang_from_env(void);
/* s in the message language: its catalogue entry, or s itself (also for
** NULL). For English words a message takes as a %s argument, such as a
** hint chosen at run time, so that they are translated with the rest. */
const char *phs_tr(const char *s);

/* One catalogue entry: an English format and its translation, which has
** the same conversions in the same order. */
typedef struct phs_msg_pair {
  const char *en;
  const char *vi;
} phs_msg_pair;
/* The Vietnamese catalogue: *n entries sorted by strcmp() of `en`. */
const phs_msg_pair *phs_messages_vi(size_t *n);

/*
** An option's value (the CLI's --width, --dpi, ...): s as a whole number
** (strtoll, base 10) or a number (strtod) within [lo, hi], with nothing
** after it. Returns 0 with *out set, or -1 (empty, trailing text, out of
** range, NaN) with *out untouched; the caller words the message.
*/
int phs_parse_whole(const char *s, long long lo, long long hi, long long *out);
int phs_parse_real(const char *s, double lo, double hi, double *out);

/* Drop the UTF-8 character that s ends inside of, if any: text that
** snprintf cut to a buffer stays UTF-8 (a map refuses any other text). */
void phs_utf8_trim(char *s);

/*
** Format v with `decimals` digits after the decimal mark and grouped
** thousands, in the given language, into buf (always NUL-terminated).
** NaN is written as "–" (en dash). Returns buf.
*/
char *phs_format_number(double v, int decimals, phs_lang lang, char *buf,
                        size_t size);

#ifdef __cplusplus
}
#endif
#endif /* PHS_COMMON_H */
