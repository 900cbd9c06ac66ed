/*
** csv_points.c: the fast lane for big, plain CSV files.
**
** The general CSV reader (reader.c) copies every cell, normalises it to
** NFC and keeps per-row state for its messages: about a microsecond a
** row, half a minute for a national household file read twice. Most such
** files are plain: one record a line, no quotes, printable ASCII (or UTF-8
** already in NFC) cells. This scanner reads those in large blocks, splits
** each line in place and hands the callback NUL-terminated cells, with the
** row numbers the general reader would give (the line number; the header
** is line 1, blank lines are skipped but counted).
**
** It certifies only what it can prove identical to the general reader,
** and declines the file (CSV_SCAN_DECLINED) at the first line that is not
** plain: a quote, a NUL byte, a stray CR, a line of the wrong field count,
** a cell longer than the limit, a cell the reader would change (controls,
** invalid or non-NFC UTF-8), or a line longer than its block. The caller
** then starts over with the general reader, which explains the problem
** with its usual messages. The callback may decline too (a value it cannot
** certify), with the same effect.
*/
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_vsi.h>

#include "data_int.h"
#include "phs_progress.h"

#define SCAN_BLOCK (8 << 20) /* bytes read at a time; the longest line */
/* Bytes between two reports to the progress line and checks of Ctrl-C:
** a compare per line, a report a few times a second under ASan. */
#define SCAN_REPORT_BYTES (256 << 10)

/* A cell with bytes beyond ASCII: valid only if cleaning leaves it as is. */
static int clean_utf8_cell(const char *s) {
  const char *problem = NULL;
  char *c = text_clean(s, &problem);
  int same = c != NULL && strcmp(c, s) == 0;
  free(c);
  return same;
}

/* Does the line hold only printable ASCII other than '"' (no controls,
** no tab, no byte beyond 0x7e)? Eight bytes at a time: the usual
** "has a zero byte" bit trick applied to x (bytes < 0x20), x ^ '"' and
** x ^ 0x7f, plus the high bits. */
static int line_is_plain(const char *line, size_t len) {
  const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t x;
    memcpy(&x, line + i, 8);
    uint64_t q = x ^ (ones * '"'), d = x ^ (ones * 0x7f);
    uint64_t bad = ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) |
                   ((d - ones) & ~d) | x;
    if (bad & highs) return 0;
  }
  for (; i < len; i++) {
    unsigned char c = (unsigned char)line[i];
    if (c < 0x20 || c >= 0x7f || c == '"') return 0;
  }
  return 1;
}

/* The common case: a plain line (line_is_plain) split at its separators
** with memchr. Same answers as scan_line. */
static int scan_plain_line(const csv_scan *sc, char *line, size_t len,
                           long row, char **cells) {
  char *cell = line, *end = line + len;
  int n = 0, blank = 1;
  for (;;) {
    char *q = memchr(cell, sc->sep, (size_t)(end - cell));
    if (q == NULL) q = end;
    if (n == sc->n_fields) { /* too many fields, unless a blank line */
      for (char *p = line; p < end && blank; p++)
        if (*p != sc->sep && *p != ' ') blank = 0;
      return blank ? 0 : CSV_SCAN_DECLINED;
    }
    size_t cl = (size_t)(q - cell);
    if (cl > sc->max_field) return CSV_SCAN_DECLINED;
    for (size_t i = 0; i < cl && blank; i++)
      if (cell[i] != ' ') blank = 0;
    *q = '\0';
    cells[n++] = cell;
    if (q == end) break;
    cell = q + 1;
  }
  if (blank) return 0; /* only separators and spaces: the reader skips it */
  if (n != sc->n_fields) return CSV_SCAN_DECLINED;
  return sc->row_fn(sc->ctx, row, cells);
}

/* Split one line (NUL-terminated, in place) and hand it over. Returns 0,
** CSV_SCAN_DECLINED or the callback's status. One pass over the bytes:
** separators end cells; a quote, a control byte (a stray CR included) or
** a byte beyond ASCII sends the cell to the closer look. */
static int scan_line(const csv_scan *sc, char *line, size_t len, long row,
                     char **cells) {
  const char sep = sc->sep;
  int n = 0, blank = 1, plain = 1, extra = 0;
  char *cell = line, *end = line + len;
  for (char *p = line;; p++) {
    unsigned char c = p < end ? (unsigned char)*p : 0;
    if (p < end && c != (unsigned char)sep) {
      if (c != ' ') blank = 0;
      if (c < 0x20 || c >= 0x7f || c == '"') {
        if (c == '"' || c == '\r' || c == '\0') return CSV_SCAN_DECLINED;
        if (c != '\t') plain = 0;
      }
      continue;
    }
    /* the end of a cell: a blank line may have any number of them */
    if (n == sc->n_fields) {
      if (!blank) return CSV_SCAN_DECLINED; /* too many fields */
      extra = 1;
    } else {
      if ((size_t)(p - cell) > sc->max_field) return CSV_SCAN_DECLINED;
      *p = '\0';
      if (!plain && !clean_utf8_cell(cell)) return CSV_SCAN_DECLINED;
      cells[n++] = cell;
    }
    plain = 1;
    if (p == end) break;
    cell = p + 1;
  }
  if (blank) return 0; /* only separators and spaces: the reader skips it */
  if (extra || n != sc->n_fields) return CSV_SCAN_DECLINED;
  return sc->row_fn(sc->ctx, row, cells);
}

/*
** Scan the bytes [start, end) (end < 0: to the end of the file), whose
** first line is line first_line + 1, calling sc->row_fn with ctx. start
** and end are line starts. Returns as csv_scan_run.
*/
static int scan_range(const csv_scan *sc, void *ctx, long long start,
                      long long end, long first_line, long *declined_row,
                      phs_diag *d) {
  csv_scan one = *sc;
  one.ctx = ctx;
  sc = &one;
  VSILFILE *fp = VSIFOpenL(sc->path, "rb");
  if (fp == NULL)
    return phs_diag_error(d, PHS_ERUNTIME, "%s: cannot open", sc->path);
  char *buf = malloc(SCAN_BLOCK + 1);
  char **cells = malloc(sizeof(char *) * (size_t)(sc->n_fields + 1));
  int st = PHS_OK;
  if (buf == NULL || cells == NULL) {
    st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto out;
  }
  if (VSIFSeekL(fp, (vsi_l_offset)start, SEEK_SET) != 0) {
    st = phs_diag_error(d, PHS_ERUNTIME, "%s: cannot seek", sc->path);
    goto out;
  }
  long long at = start;         /* file offset of buf + have */
  long long reported = start;   /* bytes up to here told to the progress */
  long line = first_line;       /* lines consumed */
  size_t have = 0;              /* bytes of a partial line kept in buf */
  int eof = 0;
  while (!eof || have > 0) {
    size_t got = 0;
    if (!eof) {
      size_t want = SCAN_BLOCK - have;
      if (end >= 0 && (long long)want > end - at) want = (size_t)(end - at);
      got = VSIFReadL(buf + have, 1, want, fp);
      at += (long long)got;
      if (got < SCAN_BLOCK - have) eof = 1;
      if (memchr(buf + have, '\0', got)) {
        st = CSV_SCAN_DECLINED; /* binary: the reader says where */
        *declined_row = line + 1;
        goto out;
      }
    }
    size_t len = have + got, pos = 0;
    for (;;) {
      char *nl = memchr(buf + pos, '\n', len - pos);
      if (nl == NULL) break;
      size_t ll = (size_t)(nl - (buf + pos));
      if (ll > 0 && buf[pos + ll - 1] == '\r') ll--; /* CRLF */
      buf[pos + ll] = '\0';
      line++;
      st = line_is_plain(buf + pos, ll)
               ? scan_plain_line(sc, buf + pos, ll, line, cells)
               : scan_line(sc, buf + pos, ll, line, cells);
      if (st) {
        if (st == CSV_SCAN_DECLINED) *declined_row = line;
        goto out;
      }
      pos = (size_t)(nl - buf) + 1;
      long long done = at - (long long)len + (long long)pos;
      if (done - reported >= SCAN_REPORT_BYTES) {
        phs_progress_add(done - reported);
        reported = done;
        if (phs_interrupted()) {
          st = phs_interrupt_error(d);
          goto out;
        }
      }
    }
    have = len - pos;
    if (eof) {
      if (have > 0) { /* the last line, without a newline */
        size_t ll = have;
        if (buf[pos + ll - 1] == '\r') ll--;
        buf[pos + ll] = '\0';
        line++;
        st = scan_line(sc, buf + pos, ll, line, cells);
        if (st == CSV_SCAN_DECLINED) *declined_row = line;
      }
      if (st == PHS_OK) phs_progress_add(at - reported);
      if (st == PHS_OK && phs_interrupted()) st = phs_interrupt_error(d);
      break;
    }
    if (have == SCAN_BLOCK) { /* a line longer than a block */
      st = CSV_SCAN_DECLINED;
      *declined_row = line + 1;
      goto out;
    }
    memmove(buf, buf + pos, have);
  }
out:
  free(buf);
  free(cells);
  VSIFCloseL(fp);
  return st;
}

int csv_scan_run(const csv_scan *sc, long *declined_row, phs_diag *d) {
  *declined_row = 0;
  return scan_range(sc, sc->ctx, sc->data_start, -1, sc->header_lines,
                    declined_row, d);
}

/* ------------------------------------------------------ on threads */

/* One range of a parallel scan. */
typedef struct range {
  const csv_scan *sc;
  void *ctx;
  long long start, end; /* end -1: to the end of the file */
  long lines;           /* newlines in [start, end) (phase 1) */
  long first_line;      /* lines before it (phase 2) */
  int status;
  long declined_row;
  phs_diag diag;        /* its own: phs_diag is not shared */
  pthread_t th;
} range;

/* Phase 1: count the newlines of a range. */
static void *count_lines(void *arg) {
  range *r = arg;
  r->status = PHS_OK;
  VSILFILE *fp = VSIFOpenL(r->sc->path, "rb");
  char *buf = malloc(SCAN_BLOCK);
  if (fp == NULL || buf == NULL ||
      VSIFSeekL(fp, (vsi_l_offset)r->start, SEEK_SET) != 0) {
    r->status = PHS_ERUNTIME;
  } else {
    long long at = r->start;
    for (;;) {
      size_t want = SCAN_BLOCK;
      if (r->end >= 0 && (long long)want > r->end - at)
        want = (size_t)(r->end - at);
      if (want == 0) break;
      size_t got = VSIFReadL(buf, 1, want, fp);
      at += (long long)got;
      for (char *p = buf, *e = buf + got;
           (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++)
        r->lines++;
      if (got < want) break;
    }
  }
  free(buf);
  if (fp) VSIFCloseL(fp);
  return NULL;
}

/* Phase 2: scan a range with its own context and diagnostics. */
static void *scan_part(void *arg) {
  range *r = arg;
  r->status = scan_range(r->sc, r->ctx, r->start, r->end, r->first_line,
                         &r->declined_row, &r->diag);
  return NULL;
}

/* The first line start at or after `pos` (after the next newline), or -1
** (the end of the file) when there is none within a block. */
static long long line_start_after(const char *path, long long pos) {
  VSILFILE *fp = VSIFOpenL(path, "rb");
  if (fp == NULL) return -1;
  char *buf = malloc(SCAN_BLOCK);
  long long out = -1;
  if (buf && VSIFSeekL(fp, (vsi_l_offset)(pos - 1), SEEK_SET) == 0) {
    size_t got = VSIFReadL(buf, 1, SCAN_BLOCK, fp);
    char *nl = memchr(buf, '\n', got);
    if (nl) out = pos - 1 + (long long)(nl - buf) + 1;
  }
  free(buf);
  VSIFCloseL(fp);
  return out;
}

/* Run `fn` for each range on its own thread (range 0 on this one). */
static void run_ranges(range *rs, int n, void *(*fn)(void *)) {
  int started = 0;
  for (int i = 1; i < n; i++) {
    if (pthread_create(&rs[i].th, NULL, fn, &rs[i]) != 0) break;
    started = i;
  }
  fn(&rs[0]);
  for (int i = 1; i <= started; i++) pthread_join(rs[i].th, NULL);
  for (int i = started + 1; i < n; i++) fn(&rs[i]); /* not started */
}

int csv_scan_run_parallel(const csv_scan *sc, int n_threads, void **ctxs,
                          int *n_used, long *declined_row, phs_diag *d) {
  *declined_row = 0;
  VSILFILE *fp = VSIFOpenL(sc->path, "rb");
  if (fp == NULL || VSIFSeekL(fp, 0, SEEK_END) != 0) {
    if (fp) VSIFCloseL(fp);
    return phs_diag_error(d, PHS_ERUNTIME, "%s: cannot open", sc->path);
  }
  long long size = (long long)VSIFTellL(fp), body = size - sc->data_start;
  VSIFCloseL(fp);
  /* Ranges of at least 8 MB: small files are not worth a thread. */
  long long min_range = sc->min_range > 0 ? sc->min_range : (8LL << 20);
  int n = n_threads;
  if (body / n < min_range) n = (int)(body / min_range);
  if (n < 1) n = 1;
  range *rs = calloc((size_t)n, sizeof(range));
  if (rs == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  long long prev = sc->data_start;
  int used = 0;
  for (int i = 0; i < n; i++) {
    long long end = -1;
    if (i + 1 < n) {
      end = line_start_after(sc->path, sc->data_start + body * (i + 1) / n);
      if (end >= 0 && end <= prev) continue; /* a long line: merged */
    }
    range *r = &rs[used++];
    r->sc = sc;
    r->ctx = ctxs[used - 1];
    r->start = prev;
    r->end = end;
    phs_diag_init(&r->diag);
    if (end < 0) break;
    prev = end;
  }
  int st = PHS_OK;
  if (used > 1) {
    run_ranges(rs, used, count_lines);
    for (int i = 0; i < used; i++)
      if (rs[i].status) st = phs_diag_error(d, PHS_ERUNTIME, "%s: cannot read",
                                            sc->path);
  }
  long line = sc->header_lines;
  for (int i = 0; i < used; i++) {
    rs[i].first_line = line;
    line += rs[i].lines;
  }
  if (st == PHS_OK) run_ranges(rs, used, scan_part);
  /* the first range that did not finish decides, as one scan would */
  for (int i = 0; i < used && st == PHS_OK; i++) {
    if (rs[i].status == PHS_OK) continue;
    st = rs[i].status;
    *declined_row = rs[i].declined_row;
    if (st != CSV_SCAN_DECLINED && rs[i].diag.status)
      phs_diag_error(d, st, "%s", rs[i].diag.msg);
  }
  for (int i = 0; i < used; i++) phs_diag_clear(&rs[i].diag);
  *n_used = used;
  free(rs);
  return st;
}
