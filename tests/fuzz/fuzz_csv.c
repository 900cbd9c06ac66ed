/*
** fuzz_csv.c: the CSV tokenizer and reader (data/reader.c) on any bytes.
**
** The input is the whole file, so the CSV fixtures of tests/bad-inputs/
** seed the corpus as they are. Every input is read twice, with the default
** options and as --no-header with a 16-byte cell limit, each time as an
** import reads it:
** reader_open, every record with reader_next (pass 1), reader_rewind, every
** record again (pass 2). Properties checked beyond "no crash, no leak, no
** undefined behaviour":
**   - both passes see the same records (rows and cells): pass 2 writes
**     what pass 1 validated;
**   - every record has n_fields cells, each valid NUL-terminated text;
**   - a status is reported through the diagnostics, never lost.
*/
#include <cpl_error.h>

#include "data_int.h"
#include "fuzz_util.h"

/* Pass 1's records, to compare with pass 2's. */
typedef struct seen {
  long *rows;
  char **cells; /* n * n_fields, owned */
  long n, cap;
} seen;

static void seen_free(seen *s, int n_fields) {
  for (long i = 0; i < s->n * n_fields; i++) free(s->cells[i]);
  free(s->cells);
  free(s->rows);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  CPLSetErrorHandler(CPLQuietErrorHandler);
  return 0;
}

/* Read every record; record them in s (pass 1) or compare with s. */
static int read_all(phs_reader *r, phs_diag *d, seen *s, int compare) {
  int status = PHS_OK;
  long k = 0;
  while (reader_next(r, d, &status) == 1) {
    FUZZ_ASSERT(r->values != NULL);
    for (int i = 0; i < r->n_fields; i++) {
      FUZZ_ASSERT(r->values[i] != NULL);
    }
    if (compare) {
      FUZZ_ASSERT(k < s->n);
      FUZZ_ASSERT(s->rows[k] == r->row);
      for (int i = 0; i < r->n_fields; i++)
        FUZZ_ASSERT(strcmp(s->cells[k * r->n_fields + i], r->values[i]) == 0);
    } else {
      if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->rows = realloc(s->rows, sizeof(long) * (size_t)s->cap);
        s->cells = realloc(s->cells, sizeof(char *) * (size_t)s->cap *
                                         (size_t)(r->n_fields ? r->n_fields
                                                              : 1));
        if (s->rows == NULL || s->cells == NULL) abort();
      }
      s->rows[s->n] = r->row;
      for (int i = 0; i < r->n_fields; i++)
        s->cells[s->n * r->n_fields + i] = strdup(r->values[i]);
      s->n++;
    }
    k++;
  }
  if (compare && status == PHS_OK) FUZZ_ASSERT(k == s->n);
  if (status != PHS_OK) FUZZ_ASSERT(d->status != PHS_OK);
  return status;
}

/* One read of the file at path with options o. */
static void read_file(const char *path, const phs_import_opts *o) {
  phs_diag d;
  phs_diag_init(&d);
  phs_reader r;
  int st = reader_open(&r, path, o, &d);
  if (st == PHS_OK) {
    FUZZ_ASSERT(r.n_fields >= 1);
    seen s = {NULL, NULL, 0, 0};
    int n_fields = r.n_fields;
    int st1 = read_all(&r, &d, &s, 0);
    if (st1 == PHS_OK) {
      FUZZ_ASSERT(reader_rewind(&r, &d) == PHS_OK);
      phs_diag d2;
      phs_diag_init(&d2);
      FUZZ_ASSERT(read_all(&r, &d2, &s, 1) == PHS_OK);
      phs_diag_clear(&d2);
    }
    seen_free(&s, n_fields);
  } else {
    FUZZ_ASSERT(d.status != PHS_OK && d.msg[0] != '\0');
  }
  reader_close(&r);
  phs_diag_clear(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_write_file("csv", ".csv", data, size);
  phs_import_opts o;
  memset(&o, 0, sizeof(o));
  read_file(path, &o);
  /* again as --no-header (A10: the first line is data) with cells limited
  ** to 16 bytes (C8), so both paths see every input */
  o.no_header = 1;
  o.max_field_bytes = 16;
  read_file(path, &o);
  return 0;
}
