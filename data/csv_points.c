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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_vsi.h>

#include "data_int.h"

#define SCAN_BLOCK (8 << 20) /* bytes read at a time; the longest line */

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

int csv_scan_run(const csv_scan *sc, long *declined_row, phs_diag *d) {
  *declined_row = 0;
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
  if (VSIFSeekL(fp, (vsi_l_offset)sc->data_start, SEEK_SET) != 0) {
    st = phs_diag_error(d, PHS_ERUNTIME, "%s: cannot seek", sc->path);
    goto out;
  }
  long line = sc->header_lines; /* lines consumed */
  size_t have = 0;              /* bytes of a partial line kept in buf */
  int eof = 0;
  while (!eof || have > 0) {
    size_t got = 0;
    if (!eof) {
      got = VSIFReadL(buf + have, 1, SCAN_BLOCK - have, fp);
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
