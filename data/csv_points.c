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
#include <stdlib.h>
#include <string.h>

#include <cpl_vsi.h>

#include "data_int.h"

#define SCAN_BLOCK (8 << 20) /* bytes read at a time; the longest line */

/* Printable ASCII or tab: the reader's text_clean returns it unchanged. */
static int plain_cell(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c < 0x20 && c != '\t') || c >= 0x7f) return 0;
  }
  return 1;
}

/* A cell with bytes beyond ASCII: valid only if cleaning leaves it as is. */
static int clean_utf8_cell(const char *s) {
  const char *problem = NULL;
  char *c = text_clean(s, &problem);
  int same = c != NULL && strcmp(c, s) == 0;
  free(c);
  return same;
}

/* Split one line (NUL-terminated, in place) and hand it over. Returns 0,
** CSV_SCAN_DECLINED or the callback's status. */
static int scan_line(const csv_scan *sc, char *line, size_t len, long row,
                     char **cells) {
  if (len == 0) return 0; /* blank line: the reader skips it */
  int blank = 1;
  for (size_t i = 0; i < len && blank; i++)
    if (line[i] != sc->sep && line[i] != ' ') blank = 0;
  if (blank) return 0;
  if (memchr(line, '"', len) || memchr(line, '\r', len))
    return CSV_SCAN_DECLINED;
  int n = 0;
  char *p = line, *end = line + len;
  for (;;) {
    char *q = memchr(p, sc->sep, (size_t)(end - p));
    if (q == NULL) q = end;
    if (n == sc->n_fields) return CSV_SCAN_DECLINED; /* too many */
    size_t cl = (size_t)(q - p);
    if (cl > sc->max_field) return CSV_SCAN_DECLINED;
    *q = '\0';
    if (!plain_cell(p, cl) && !clean_utf8_cell(p)) return CSV_SCAN_DECLINED;
    cells[n++] = p;
    if (q == end) break;
    p = q + 1;
  }
  if (n != sc->n_fields) return CSV_SCAN_DECLINED;
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
      st = scan_line(sc, buf + pos, ll, line, cells);
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
