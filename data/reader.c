/*
** reader.c: one record shape for every input format. CSV files (also
** inside a .zip) are read by our own tokenizer so structural faults are
** reported instead of repaired (bad-inputs.md group A); other formats go
** through OGR, restricted to the drivers phusong accepts. Every cell is
** checked as UTF-8, normalised to NFC and cleaned of control characters.
** Shapefile text is read raw (ENCODING="") and decoded by reader_text.c;
** a CSV given with --encoding is decoded before it is read.
*/
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_srs_api.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data_int.h"

#define MAX_LINE_BYTES (10 * 1024 * 1024) /* A14 */
#define DEFAULT_MAX_INPUT (200LL * 1024 * 1024)
#define READ_CHUNK 65536

static const char *const ogr_drivers[] = {"GeoJSON", "ESRI Shapefile", "GPKG",
                                          "KML", "LIBKML", NULL};

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static void free_values(phs_reader *r) {
  if (r->values) {
    for (int i = 0; i < r->n_fields; i++) free(r->values[i]);
    free(r->values);
    r->values = NULL;
  }
}

void reader_close(phs_reader *r) {
  if (r == NULL) return;
  free_values(r);
  for (int i = 0; i < r->n_fields; i++) free(r->fields[i]);
  free(r->fields);
  if (r->fp) VSIFCloseL((VSILFILE *)r->fp);
  free(r->buf);
  free(r->rec);
  if (r->feat) OGR_F_Destroy(r->feat);
  if (r->ds) GDALClose((GDALDatasetH)r->ds);
  free(r->crs_wkt);
  reader_text_close(r);
  free(r->path);
  free(r->open_path);
  memset(r, 0, sizeof(*r));
}

int reader_field(const phs_reader *r, const char *name) {
  for (int i = 0; i < r->n_fields; i++)
    if (strcasecmp(r->fields[i], name) == 0) return i;
  return -1;
}

/* An empty placeholder for a cell with a problem; NULL (status set) when
** out of memory. */
static char *placeholder(phs_diag *d, int *status) {
  char *e = strdup("");
  if (e == NULL) *status = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  return e;
}

/* Clean a cell; on a text problem report it and keep a placeholder. NULL
** only when out of memory (*status and d say so). */
static char *clean_cell(phs_reader *r, const char *raw, const char *field,
                        phs_diag *d, int *status) {
  const char *unit = r->is_csv ? "" : "feature "; /* phs_tr'd on a problem */
  char q[256];
  if (strlen(raw) > r->max_field) {
    *status = phs_diag_error(
        d, PHS_EINPUT,
        "%s:%s%ld: field '%s': '%s' value of %zu bytes is longer than the"
        " %zu-byte limit (hint: a whole document pasted into a cell? raise"
        " the limit with --max-field-bytes)",
        r->path, phs_tr(unit), r->row, field, text_quote(raw, q, sizeof(q)),
        strlen(raw), r->max_field);
    return placeholder(d, status);
  }
  const char *problem = NULL;
  char *c = text_clean(raw, &problem);
  if (c == NULL && strcmp(problem, "out of memory") == 0) {
    *status = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    return NULL;
  }
  if (c == NULL) {
    const char *enc = text_guess_legacy(raw);
    *status = phs_diag_error(
        d, PHS_EINPUT,
        "%s:%s%ld: field '%s': '%s' is not valid UTF-8 (looks like %s; pass"
        " --encoding %s, or save the file as \"CSV UTF-8\")",
        r->path, phs_tr(unit), r->row, field, text_quote(raw, q, sizeof(q)),
        enc,
        strncmp(enc, "TCVN3", 5) == 0 ? "tcvn3"
        : strcmp(enc, "CP1258") == 0  ? "cp1258"
                                      : "NAME");
    return placeholder(d, status);
  }
  return c;
}

/* ------------------------------------------------------------------ CSV */

/* Read one physical line into r->rec (without CR/LF). 1 ok, 0 EOF, -1
** when the line exceeds MAX_LINE_BYTES, -2 on a NUL byte (binary data
** would otherwise cut the C strings short, silently: A14), -3 when out of
** memory. */
static int csv_read_line(phs_reader *r, size_t *len_out) {
  size_t len = 0;
  for (;;) {
    if (r->buf_pos == r->buf_len) {
      if (r->eof) break;
      r->buf_len = VSIFReadL(r->buf, 1, READ_CHUNK, (VSILFILE *)r->fp);
      r->buf_pos = 0;
      if (r->buf_len == 0) {
        r->eof = 1;
        break;
      }
      const char *nul = memchr(r->buf, '\0', r->buf_len);
      const char *last_nl = nul;
      while (last_nl != NULL && last_nl > r->buf && last_nl[-1] != '\n')
        last_nl--;
      if (nul != NULL && last_nl > r->buf) {
        /* The lines before the NUL's line are read first, and the next
        ** read starts at it: otherwise where a chunk begins (at the file's
        ** start, or at the data after the fast lane rewound) would decide
        ** whether a problem on an earlier line is the one reported. */
        size_t keep = (size_t)(last_nl - r->buf);
        VSILFILE *fp = (VSILFILE *)r->fp;
        vsi_l_offset back = (vsi_l_offset)(r->buf_len - keep);
        if (VSIFSeekL(fp, VSIFTellL(fp) - back, SEEK_SET) == 0) {
          r->buf_len = keep;
          nul = NULL;
        }
      }
      if (nul != NULL) {
        /* reading stops here: let r->line + 1 name the line of the NUL */
        for (const char *q = r->buf; q < nul; q++)
          if (*q == '\n') r->line++;
        return -2;
      }
    }
    char *start = r->buf + r->buf_pos;
    char *nl = memchr(start, '\n', r->buf_len - r->buf_pos);
    size_t take = nl ? (size_t)(nl - start) : r->buf_len - r->buf_pos;
    if (len + take + 1 > r->rec_cap) {
      size_t cap = r->rec_cap ? r->rec_cap : 4096;
      while (cap < len + take + 1) cap *= 2;
      if (cap > MAX_LINE_BYTES + 2) return -1;
      char *g = realloc(r->rec, cap);
      if (g == NULL) return -3;
      r->rec = g;
      r->rec_cap = cap;
    }
    memcpy(r->rec + len, start, take);
    len += take;
    r->buf_pos += take + (nl ? 1 : 0);
    if (nl) {
      r->rec[len] = '\0';
      if (len > 0 && r->rec[len - 1] == '\r') r->rec[--len] = '\0';
      r->line++;
      *len_out = len;
      return 1;
    }
  }
  if (len == 0) return 0;
  r->rec[len] = '\0';
  if (len > 0 && r->rec[len - 1] == '\r') r->rec[--len] = '\0';
  r->line++;
  *len_out = len;
  return 1;
}

/*
** Split r->rec into fields (quotes: RFC 4180, "" is a quote). A quote left
** open at the end of the line is an error: phusong does not let a broken
** quote merge rows (A13). Returns the number of fields (>= 1) and a
** malloc'd array of malloc'd raw strings, or -1 for an open quote, with
** the index of its field in *open_field and its offset in *open_at, or -2
** when out of memory.
*/
static int csv_split(const char *line, char sep, char ***out, int *open_field,
                     size_t *open_at) {
  int n = 0, cap = 16, oom = 0;
  char **f = malloc(sizeof(char *) * (size_t)cap);
  size_t linelen = strlen(line);
  char *cell = malloc(linelen + 1);
  if (f == NULL || cell == NULL) {
    free(f);
    free(cell);
    return -2;
  }
  const char *p = line;
  for (;;) {
    size_t o = 0;
    if (*p == '"') {
      const char *opened = p;
      p++;
      for (;;) {
        if (*p == '\0') {
          for (int i = 0; i < n; i++) free(f[i]);
          free(f);
          free(cell);
          if (open_field) *open_field = n;
          if (open_at) *open_at = (size_t)(opened - line);
          return -1;
        }
        if (*p == '"') {
          if (p[1] == '"') {
            cell[o++] = '"';
            p += 2;
            continue;
          }
          p++;
          break;
        }
        cell[o++] = *p++;
      }
      /* text after the closing quote up to the separator is kept */
      while (*p && *p != sep) cell[o++] = *p++;
    } else {
      while (*p && *p != sep) cell[o++] = *p++;
    }
    cell[o] = '\0';
    if (n == cap) {
      cap *= 2;
      char **g = realloc(f, sizeof(char *) * (size_t)cap);
      if (g == NULL) {
        oom = 1;
        break;
      }
      f = g;
    }
    if ((f[n] = strdup(cell)) == NULL) {
      oom = 1;
      break;
    }
    n++;
    if (*p != sep) break;
    p++;
  }
  free(cell);
  if (oom) {
    for (int i = 0; i < n; i++) free(f[i]);
    free(f);
    return -2;
  }
  *out = f;
  return n;
}

static void free_split(char **f, int n) {
  for (int i = 0; i < n; i++) free(f[i]);
  free(f);
}

/* Count a separator outside quotes. */
static int count_outside_quotes(const char *line, char c) {
  int n = 0, q = 0;
  for (const char *p = line; *p; p++) {
    if (*p == '"') q = !q;
    else if (*p == c && !q) n++;
  }
  return n;
}

/* A NUL byte beside most letters: UTF-16 without its byte-order mark. */
static int looks_utf16(const unsigned char *b, size_t n) {
  size_t zero[2] = {0, 0};
  for (size_t i = 0; i < n; i++)
    if (b[i] == 0) zero[i & 1]++;
  size_t half = n / 2;
  return half > 0 && (zero[0] * 10 >= half * 4 || zero[1] * 10 >= half * 4) &&
         (zero[0] * 10 < half || zero[1] * 10 < half);
}

/* The message of a csv_read_line() failure (-1 long line, -2 NUL byte,
** -3 out of memory). */
static int line_error(phs_reader *r, int got, phs_diag *d) {
  if (got == -3) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  if (got == -2)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s:%ld: binary data (a NUL byte); not a CSV text"
                          " file (hint: a damaged export, or a binary file"
                          " renamed .csv?)",
                          r->path, r->line + 1);
  return phs_diag_error(d, PHS_EINPUT,
                        "%s:%ld: line longer than %d MB; not a CSV file?",
                        r->path, r->line + 1, MAX_LINE_BYTES >> 20);
}

/* Is s all digits (with an optional leading '-' when sign)? */
static int all_digits(const char *s, int sign) {
  if (sign && *s == '-') s++;
  if (*s == '\0') return 0;
  for (; *s; s++)
    if (*s < '0' || *s > '9') return 0;
  return 1;
}

/* Pairs of neighbouring cells that read as one number split at an
** unquoted decimal comma ("105","85"): the A2 hint. */
static int comma_split_numbers(char **cells, int n) {
  int pairs = 0;
  for (int i = 0; i + 1 < n; i++)
    if (all_digits(cells[i], 1) && all_digits(cells[i + 1], 0)) {
      pairs++;
      i++;
    }
  return pairs;
}

static int csv_open(phs_reader *r, int no_header, phs_diag *d) {
  r->fp = VSIFOpenL(r->open_path, "rb");
  if (r->fp == NULL)
    return phs_diag_error(d, PHS_EINPUT, "%s: cannot open", r->path);
  r->buf = malloc(READ_CHUNK);
  if (r->buf == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  r->buf_len = VSIFReadL(r->buf, 1, READ_CHUNK, (VSILFILE *)r->fp);
  r->buf_pos = 0;
  if (r->buf_len == 0)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: empty file: no header and no data rows",
                          r->path);
  unsigned char *b = (unsigned char *)r->buf;
  if (r->buf_len >= 2 &&
      ((b[0] == 0xff && b[1] == 0xfe) || (b[0] == 0xfe && b[1] == 0xff)))
    return phs_diag_error(
        d, PHS_EINPUT,
        "%s: file is UTF-16 (Excel \"Unicode text\"); save it as \"CSV UTF-8"
        " (comma delimited)\" and submit again",
        r->path);
  if (r->buf_len >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf)
    r->buf_pos = 3; /* A3: a UTF-8 BOM is accepted and dropped */
  if (memchr(r->buf, '\0', r->buf_len) != NULL) {
    if (looks_utf16(b, r->buf_len))
      return phs_diag_error(
          d, PHS_EINPUT,
          "%s: file looks like UTF-16 without a byte-order mark (a NUL byte"
          " beside every letter); save it as \"CSV UTF-8 (comma delimited)\""
          " and submit again",
          r->path);
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: binary data (NUL bytes), not a CSV text file"
                          " (hint: a spreadsheet or image renamed .csv?)",
                          r->path);
  }

  size_t len = 0;
  int got;
  long first_off = r->data_start = (long)r->buf_pos; /* after the BOM */
  do {
    first_off = (long)(VSIFTellL((VSILFILE *)r->fp) - r->buf_len + r->buf_pos);
    got = csv_read_line(r, &len);
  } while (got == 1 && len == 0);
  if (got < 0) return line_error(r, got, d);
  if (got == 0)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: empty file: no header and no data rows",
                          r->path);
  r->header_lines = r->line;

  /* Separator: the candidate found most often in the header (A5, A6). */
  static const char cands[] = {',', ';', '\t', '|'};
  int best = -1, best_n = 0, present = 0;
  for (int i = 0; i < 4; i++) {
    int n = count_outside_quotes(r->rec, cands[i]);
    if (n > 0) present++;
    if (n > best_n) best_n = n, best = i;
  }
  r->sep = best >= 0 ? cands[best] : ',';
  if (present > 1)
    phs_diag_warn(d, "%s:1: several separators in the header; using '%s'",
                  r->path,
                  r->sep == '\t' ? "\\t" : (char[2]){r->sep, '\0'});

  char **names = NULL;
  int n = csv_split(r->rec, r->sep, &names, NULL, NULL);
  if (n == -1)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s:%ld: unterminated quote in the header",
                          r->path, r->line);
  if (n < 0) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  r->fields = calloc((size_t)n, sizeof(char *));
  if (r->fields == NULL) {
    free_split(names, n);
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  r->n_fields = n;
  if (no_header) {
    /* A10: columns are named by number ("1", "2", ...) and the first
    ** line is data, row 1. */
    free_split(names, n);
    for (int i = 0; i < n; i++)
      if ((r->fields[i] = phs_strdup_printf("%d", i + 1)) == NULL)
        return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    r->header_lines = 0;
    r->data_start = first_off;
    return reader_rewind(r, d);
  }
  int status = PHS_OK, numeric = 0;
  r->row = r->line;
  for (int i = 0; i < n; i++) {
    char *c = clean_cell(r, names[i], "(header)", d, &status);
    if (c == NULL) break; /* out of memory: status says so */
    /* trim spaces around names */
    char *s = c;
    while (*s == ' ') s++;
    size_t l = strlen(s);
    while (l > 0 && s[l - 1] == ' ') s[--l] = '\0';
    r->fields[i] = strdup(s);
    free(c);
    if (r->fields[i] == NULL) {
      status = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
      break;
    }
    double v;
    int dec;
    if (parse_number(r->fields[i], 0, 0, &v, &dec) == NUM_OK) numeric++;
  }
  free_split(names, n);
  if (status) return status;
  if (numeric > 0 && numeric * 2 >= n)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s:1: the first row looks like data, not a header"
                          " ('%s'...); add a header row naming the columns,"
                          " or pass --no-header with --x-field N --y-field N"
                          " (column numbers)",
                          r->path, r->fields[0]);
  for (int i = 0; i < n; i++) {
    if (r->fields[i][0] == '\0')
      return phs_diag_error(d, PHS_EINPUT,
                            "%s:1: column %d has an empty name", r->path,
                            i + 1);
    for (int j = 0; j < i; j++)
      if (strcasecmp(r->fields[i], r->fields[j]) == 0)
        return phs_diag_error(d, PHS_EINPUT,
                              "%s:1: duplicate column '%s' (columns %d and"
                              " %d); rename or delete one (phusong never"
                              " picks one silently)",
                              r->path, r->fields[i], j + 1, i + 1);
  }
  r->data_start = (long)(VSIFTellL((VSILFILE *)r->fp) - r->buf_len +
                         r->buf_pos);
  return PHS_OK;
}

static int csv_next(phs_reader *r, phs_diag *d, int *status) {
  for (;;) {
    size_t len = 0;
    int got = csv_read_line(r, &len);
    if (got < 0) {
      *status = line_error(r, got, d);
      return 0;
    }
    if (got == 0) return 0;
    if (len == 0) continue; /* blank lines (A15) */
    int blank = 1;
    for (size_t i = 0; i < len && blank; i++)
      if (r->rec[i] != r->sep && r->rec[i] != ' ') blank = 0;
    if (blank) continue;
    r->row = r->line;
    char **cells = NULL;
    int open_field = 0;
    size_t open_at = 0;
    int n = csv_split(r->rec, r->sep, &cells, &open_field, &open_at);
    if (n == -1) {
      char q[256], extra[32];
      snprintf(extra, sizeof(extra), phs_tr("(column %d)"), open_field + 1);
      *status = phs_diag_error(
          d, PHS_EINPUT,
          "%s:%ld: field '%s': '%s' unterminated quote: the quote opened on"
          " this row is not closed on it (a quoted value cannot span lines;"
          " a stray \" in the value?)",
          r->path, r->row,
          open_field < r->n_fields ? r->fields[open_field] : extra,
          text_quote(r->rec + open_at, q, sizeof(q)));
      return 0; /* rows after a broken quote cannot be trusted */
    }
    if (n < 0) {
      *status = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
      return 0;
    }
    free_values(r);
    r->values = calloc((size_t)r->n_fields, sizeof(char *));
    if (r->values == NULL) {
      free_split(cells, n);
      *status = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
      return 0;
    }
    if (n != r->n_fields) {
      int digits = n > r->n_fields && comma_split_numbers(cells, n) >=
                                           n - r->n_fields;
      int st = phs_diag_error(
          d, PHS_EINPUT, "%s:%ld: expected %d fields, found %d%s", r->path,
          r->row, r->n_fields, n,
          phs_tr(n > r->n_fields
                     ? (digits ? " (hint: unquoted decimal comma? write"
                                 " 105.85 or quote the value)"
                               : " (hint: an unquoted separator inside a"
                                 " value?)")
                     : " (hint: a missing value must still have its"
                       " separator)"));
      if (*status == PHS_OK) *status = st;
      free_split(cells, n);
      for (int i = 0; i < r->n_fields; i++)
        if ((r->values[i] = placeholder(d, status)) == NULL) return 0;
      r->row_ragged = 1;
      return 1;
    }
    r->row_ragged = 0;
    for (int i = 0; i < n; i++) {
      int st = PHS_OK;
      r->values[i] = clean_cell(r, cells[i], r->fields[i], d, &st);
      if (st && *status == PHS_OK) *status = st;
      if (r->values[i] == NULL) { /* out of memory: reading stops */
        *status = st;
        free_split(cells, n);
        return 0;
      }
    }
    free_split(cells, n);
    return 1;
  }
}

/* ------------------------------------------------------------------ OGR */

/*
** B9: a layer without a CRS although a .prj came with it: GDAL could not
** read the .prj (it then leaves it out of the file list), and guessing,
** or taking --src-crs over it, could move every point. Returns PHS_EINPUT
** (d filled) in that case.
*/
static int unreadable_prj(phs_reader *r, phs_diag *d) {
  char **files = GDALGetFileList((GDALDatasetH)r->ds);
  int st = PHS_OK;
  for (int i = 0; files && files[i] && st == PHS_OK; i++) {
    if (!ends_with(files[i], ".shp")) continue;
    size_t len = strlen(files[i]);
    char *prj = phs_strdup_printf("%s", files[i]);
    memcpy(prj + len - 3, "prj", 3);
    VSILFILE *fp = VSIFOpenL(prj, "rb");
    if (fp == NULL) {
      memcpy(prj + len - 3, "PRJ", 3);
      fp = VSIFOpenL(prj, "rb");
    }
    if (fp) {
      char text[256] = "", q[256];
      size_t n = VSIFReadL(text, 1, sizeof(text) - 1, fp);
      text[n] = '\0';
      VSIFCloseL(fp);
      const char *base = strrchr(prj, '/');
      st = phs_diag_error(
          d, PHS_EINPUT,
          "%s: %s: '%s' cannot be read as a CRS; a wrong CRS moves every"
          " point: export the layer again with a valid .prj (or delete the"
          " .prj and give the CRS with --src-crs)",
          r->path, base ? base + 1 : prj, text_quote(text, q, sizeof(q)));
    }
    free(prj);
  }
  CSLDestroy(files);
  return st;
}

static void register_drivers(void) {
  if (GDALGetDriverCount() == 0) GDALAllRegister();
  /* GDAL's PROJ never fetches grids, whatever PROJ_NETWORK says (geo/
  ** crs_check.c) */
  OSRSetPROJEnableNetwork(0);
}

/* GDAL's drivers, registered once per process. The CLI registers none
** itself, and GDALAllRegister is not safe to run from two threads at once
** (the model's tiles read DEM windows from worker threads), so every data/
** entry point that opens a file through GDAL calls this first. */
void store_gdal_register(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, register_drivers);
}

/* Here, not in store.c: only the files that read through GDAL link it
** (the map binary has none of them; CMakeLists.txt). */
const char *phs_gdal_version(void) { return GDALVersionInfo("RELEASE_NAME"); }

static int ogr_open(phs_reader *r, const phs_import_opts *o, phs_diag *d) {
  store_gdal_register();
  /* D3: a .shp without its .shx or .dbf */
  int st0 = shp_sidecars_check(r->open_path, r->path, d);
  if (st0) return st0;
  /* Shapefile text comes raw (ENCODING=""): reader_text.c decodes it,
  ** because GDAL's CP1258/TCVN5712-1 recoding drops last letters (D1). */
  static const char *const raw_text[] = {"ENCODING=", NULL};
  int shp_like = ends_with(r->open_path, ".shp") ||
                 ends_with(r->open_path, ".dbf") ||
                 ends_with(r->open_path, ".zip");
  /* E4-E7: GeoJSON syntax, KML entities and network links */
  st0 = markup_check(r->open_path, r->path, d);
  if (st0) return st0;
  /* E7: LIBKML reads a styleUrl outside the file (from disk or a server)
  ** only with LIBKML_EXTERNAL_STYLE=YES, and follows no NetworkLink: keep
  ** both style options off whatever the environment says (this thread). */
  CPLSetThreadLocalConfigOption("LIBKML_EXTERNAL_STYLE", "NO");
  CPLSetThreadLocalConfigOption("LIBKML_RESOLVE_STYLE", "NO");
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLErrorReset();
  GDALDatasetH ds = GDALOpenEx(r->open_path, GDAL_OF_VECTOR | GDAL_OF_READONLY,
                               ogr_drivers, shp_like ? raw_text : NULL, NULL);
  CPLPopErrorHandler();
  if (ds == NULL) {
    const char *msg = CPLGetLastErrorMsg();
    return phs_diag_error(
        d, PHS_EINPUT,
        "%s: cannot read%s%s: supported inputs are CSV, GeoJSON, Shapefile"
        " (.shp or .zip), GeoPackage, KML",
        r->path, msg && *msg ? ": " : "", msg ? msg : "");
  }
  r->ds = ds;
  r->format = GDALGetDriverShortName(GDALGetDatasetDriver(ds));
  int n_layers = GDALDatasetGetLayerCount(ds);
  if (o->layer) {
    r->lyr = GDALDatasetGetLayerByName(ds, o->layer);
    if (r->lyr == NULL)
      return phs_diag_error(d, PHS_EUSAGE, "%s: no layer named '%s'", r->path,
                            o->layer);
  } else if (n_layers == 1) {
    r->lyr = GDALDatasetGetLayer(ds, 0);
  } else {
    phs_buf names;
    phs_buf_init(&names);
    for (int i = 0; i < n_layers && i < 20; i++)
      phs_buf_printf(&names, "%s'%s'", i ? ", " : "",
                     OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
    int st = phs_diag_error(d, PHS_EINPUT,
                            "%s: %d layers (%s); choose one with --layer NAME",
                            r->path, n_layers, names.data ? names.data : "");
    phs_buf_free(&names);
    return st;
  }
  int status = reader_ogr_encoding(r, o, d); /* D1, D2, D4 */
  if (status) return status;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(r->lyr);
  int n_fields = OGR_FD_GetFieldCount(defn);
  r->fields = calloc((size_t)n_fields + 1, sizeof(char *));
  if (r->fields == NULL)
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  r->n_fields = n_fields;
  for (int i = 0; i < r->n_fields; i++) {
    char *name = reader_decode(
        r, OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)), NULL, d,
        &status);
    if (name == NULL)
      return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    r->fields[i] = clean_cell(r, name, "(field name)", d, &status);
    free(name);
    if (r->fields[i] == NULL) return status; /* out of memory */
    for (int j = 0; j < i; j++)
      if (strcasecmp(r->fields[i], r->fields[j]) == 0 && status == PHS_OK)
        status = phs_diag_error(d, PHS_EINPUT,
                                "%s: duplicate field '%s' (fields %d and %d)",
                                r->path, r->fields[i], j + 1, i + 1);
  }
  if (status == PHS_OK && strcmp(r->format, "ESRI Shapefile") == 0)
    shp_renamed_fields(r, d); /* D6 */
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(r->lyr);
  if (srs) {
    char *wkt = NULL;
    const char *opts[] = {"FORMAT=WKT2_2019", NULL};
    if (OSRExportToWktEx(srs, &wkt, opts) == OGRERR_NONE && wkt &&
        (r->crs_wkt = strdup(wkt)) == NULL)
      status = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    CPLFree(wkt);
  } else if (status == PHS_OK) {
    status = unreadable_prj(r, d);
  }
  OGR_L_ResetReading(r->lyr);
  return status;
}

static int ogr_next(phs_reader *r, phs_diag *d, int *status) {
  if (r->feat) OGR_F_Destroy(r->feat);
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLErrorReset();
  /* D5: shapefile rings wound the wrong way are assembled by containment
  ** (GDAL's default trusts the winding and misassembles them) */
  char *organize = NULL;
  if (r->shp) {
    const char *was = CPLGetThreadLocalConfigOption("OGR_ORGANIZE_POLYGONS",
                                                    NULL);
    organize = was ? strdup(was) : NULL;
    CPLSetThreadLocalConfigOption("OGR_ORGANIZE_POLYGONS", "DEFAULT");
  }
  r->feat = OGR_L_GetNextFeature(r->lyr);
  if (r->shp) {
    CPLSetThreadLocalConfigOption("OGR_ORGANIZE_POLYGONS", organize);
    free(organize);
  }
  int err = CPLGetLastErrorType() >= CE_Failure;
  char msg[512];
  snprintf(msg, sizeof(msg), "%s", CPLGetLastErrorMsg());
  CPLPopErrorHandler();
  if (r->feat == NULL) {
    r->geom = NULL;
    if (err) {
      *status = phs_diag_error(d, PHS_EINPUT,
                               "%s: feature %ld: cannot be read: %s", r->path,
                               r->row + 1, msg);
    } else if (r->shp) {
      shp_rings_warn(r, d);
    }
    return 0;
  }
  r->row++;
  if (r->shp) shp_rings_count(r);
  free_values(r);
  r->values = calloc((size_t)r->n_fields, sizeof(char *));
  if (r->values == NULL) {
    *status = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    return 0;
  }
  for (int i = 0; i < r->n_fields; i++) {
    int st = PHS_OK;
    const char *raw = OGR_F_IsFieldSetAndNotNull(r->feat, i)
                          ? OGR_F_GetFieldAsString(r->feat, i)
                          : "";
    char *text = r->dec ? reader_decode(r, raw, r->fields[i], d, &st) : NULL;
    if (r->dec && text == NULL)
      st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    else
      r->values[i] = clean_cell(r, text ? text : raw, r->fields[i], d, &st);
    free(text);
    if (st && *status == PHS_OK) *status = st;
    if (r->values[i] == NULL) { /* out of memory: reading stops */
      *status = st;
      return 0;
    }
  }
  r->geom = OGR_F_GetGeometryRef(r->feat);
  return 1;
}

/* --------------------------------------------------------------- public */

int reader_open(phs_reader *r, const char *path, const phs_import_opts *o,
                phs_diag *d) {
  memset(r, 0, sizeof(*r));
  r->path = strdup(path);
  if (r->path == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  r->max_field = o->max_field_bytes > 0 ? (size_t)o->max_field_bytes
                                        : PHS_MAX_FIELD_BYTES;
  /* untrusted.c: a local regular file opened with O_NOFOLLOW, a zip
  ** judged by its directory, a GeoPackage by our own read-only look. */
  struct stat sb;
  int fd = -1;
  int st = untrusted_open(path, &sb, &fd, d);
  if (st) return st;
  long long cap = o->max_input_size > 0 ? o->max_input_size : DEFAULT_MAX_INPUT;
  if ((long long)sb.st_size > cap) {
    close(fd);
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: %lld bytes is over the %lld-byte input limit"
                          " (raise it with --max-input-size)",
                          path, (long long)sb.st_size, cap);
  }
  char *local = untrusted_gdal_path(path);
  if (local == NULL) {
    close(fd);
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  int member_layer = 0; /* --layer chose a member: OGR opens it alone */
  char *gpkg_layer = NULL; /* the GeoPackage layer untrusted.c checked */
  if (ends_with(path, ".zip")) {
    r->open_path = phs_strdup_printf("/vsizip/%s", local);
    if (r->open_path == NULL) {
      free(local);
      close(fd);
      return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    }
    /* A zip's one CSV (or the one --layer names) is read by our CSV
    ** reader; other layers by OGR. */
    char *member = NULL;
    int member_csv = 0;
    st = untrusted_zip_check(path, fd, r->open_path, o, &member, &member_csv,
                             d);
    if (st == PHS_OK && member) {
      char *inner = phs_strdup_printf("%s/%s", r->open_path, member);
      if (inner == NULL) {
        st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
      } else {
        free(r->open_path);
        r->open_path = inner;
        r->is_csv = member_csv;
        member_layer = !member_csv;
      }
    }
    free(member);
  } else {
    r->open_path = local;
    local = NULL;
    r->is_csv = ends_with(path, ".csv") || ends_with(path, ".txt") ||
                ends_with(path, ".tsv");
    /* a database renamed .csv is binary data to our CSV reader */
    if (!r->is_csv && untrusted_is_sqlite(fd)) {
      /* read once: our checks and OGR read the same private copy */
      st = untrusted_gpkg_read(path, fd, o, &gpkg_layer, &r->vsimem,
                               r->sha256, d);
      store_test_swap_point(path);
      if (st == PHS_OK) {
        free(r->open_path);
        r->open_path = strdup(r->vsimem);
        if (r->open_path == NULL)
          st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
      }
    }
    else if (ends_with(path, ".shp"))
      st = untrusted_sidecars_check(path, d);
    else if (ends_with(path, ".gpkg"))
      st = phs_diag_error(d, PHS_EINPUT,
                          "%s: not a GeoPackage: no SQLite header (hint: a"
                          " damaged or renamed file?)",
                          path);
  }
  free(local);
  close(fd);
  if (st) {
    free(gpkg_layer);
    return st;
  }
  if (r->is_csv) {
    r->format = "CSV";
    int dec_st = reader_csv_decode(r, o, d); /* --encoding */
    return dec_st ? dec_st : csv_open(r, o->no_header, d);
  }
  if (member_layer || gpkg_layer) {
    /* a zip member holds one layer, named as it likes; a GeoPackage is
    ** read by the layer checked (OGR may list more tables) */
    phs_import_opts one = *o;
    one.layer = gpkg_layer;
    st = ogr_open(r, &one, d);
    free(gpkg_layer);
    return st;
  }
  return ogr_open(r, o, d);
}

int reader_next(phs_reader *r, phs_diag *d, int *status) {
  return r->is_csv ? csv_next(r, d, status) : ogr_next(r, d, status);
}

int reader_rewind(phs_reader *r, phs_diag *d) {
  if (r->is_csv) {
    if (VSIFSeekL((VSILFILE *)r->fp, (vsi_l_offset)r->data_start, SEEK_SET) !=
        0)
      return phs_diag_error(d, PHS_ERUNTIME, "%s: cannot rewind", r->path);
    r->buf_len = r->buf_pos = 0;
    r->eof = 0;
    r->line = r->header_lines;
  } else {
    OGR_L_ResetReading(r->lyr);
    r->row = 0;
  }
  return PHS_OK;
}
