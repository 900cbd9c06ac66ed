/*
** household_points.c: household points in the store, in chunks.
**
** A national file holds 27 million household points. One SQLite row per
** point costs about a microsecond to insert and a quarter of one to read
** back, with an index to keep: half a minute each way before any
** analysis. The points are therefore stored as columns in chunks of up to
** HH_CHUNK_POINTS points, one household_chunk row each (schema version 7):
**
**   lon, lat      little-endian IEEE 754 doubles, n of each (EPSG:4326)
**   fibre         n bytes, 0 or 1
**   household_id  n NUL-terminated UTF-8 strings, one after the other
**                 ("" when the file has no ID column)
**   first_row, last_row   the source rows (or features) the chunk spans
**
** so an import writes and an analysis reads a few hundred blobs. Stores
** from before version 7 keep their points as household rows; the reader
** below serves both, so a migrated store needs no rewrite.
**
** The writer is used inside the import's transaction (import.c); the
** reader streams the points of the dataset's household submissions in
** batches, so an analysis never holds every point at once.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "data_int.h"

/* -------------------------------------------------------- encoding */

static void put_doubles(unsigned char *out, const double *v, long n) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  memcpy(out, v, (size_t)n * 8);
#else
  for (long i = 0; i < n; i++) {
    uint64_t u;
    memcpy(&u, &v[i], 8);
    for (int b = 0; b < 8; b++) out[i * 8 + b] = (unsigned char)(u >> (8 * b));
  }
#endif
}

static void get_doubles(double *v, const unsigned char *in, long n) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  memcpy(v, in, (size_t)n * 8);
#else
  for (long i = 0; i < n; i++) {
    uint64_t u = 0;
    for (int b = 0; b < 8; b++) u |= (uint64_t)in[i * 8 + b] << (8 * b);
    memcpy(&v[i], &u, 8);
  }
#endif
}

/* ---------------------------------------------------------- writer */

struct hh_writer {
  phs_store *s;
  sqlite3_stmt *ins; /* owned */
  long long sub_id;
  long seq;          /* chunks written */
  long n;            /* points buffered */
  long first_row, last_row;
  double *lon, *lat; /* owned: HH_CHUNK_POINTS each */
  unsigned char *fibre, *blob; /* owned */
  phs_buf ids;
  long long written; /* points written so far */
};

int hh_writer_open(phs_store *s, long long sub_id, hh_writer **out,
                   phs_diag *d) {
  *out = NULL;
  hh_writer *w = calloc(1, sizeof(*w));
  if (w == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  w->s = s;
  w->sub_id = sub_id;
  phs_buf_init(&w->ids);
  w->lon = malloc(sizeof(double) * HH_CHUNK_POINTS);
  w->lat = malloc(sizeof(double) * HH_CHUNK_POINTS);
  w->fibre = malloc(HH_CHUNK_POINTS);
  w->blob = malloc((size_t)HH_CHUNK_POINTS * 8);
  if (!w->lon || !w->lat || !w->fibre || !w->blob) {
    hh_writer_free(w);
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  int st = store_prepare(s,
                         "INSERT INTO household_chunk(submission_id, seq, n,"
                         " first_row, last_row, lon, lat, fibre,"
                         " household_id) VALUES(?,?,?,?,?,?,?,?,?)",
                         &w->ins, d);
  if (st) {
    hh_writer_free(w);
    return st;
  }
  *out = w;
  return PHS_OK;
}

static int flush(hh_writer *w, phs_diag *d) {
  if (w->n == 0) return PHS_OK;
  if (w->ids.oom) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  sqlite3_stmt *st = w->ins;
  sqlite3_reset(st);
  sqlite3_bind_int64(st, 1, w->sub_id);
  sqlite3_bind_int64(st, 2, w->seq);
  sqlite3_bind_int64(st, 3, w->n);
  sqlite3_bind_int64(st, 4, w->first_row);
  sqlite3_bind_int64(st, 5, w->last_row);
  put_doubles(w->blob, w->lon, w->n);
  sqlite3_bind_blob(st, 6, w->blob, (int)(w->n * 8), SQLITE_TRANSIENT);
  put_doubles(w->blob, w->lat, w->n);
  sqlite3_bind_blob(st, 7, w->blob, (int)(w->n * 8), SQLITE_TRANSIENT);
  sqlite3_bind_blob(st, 8, w->fibre, (int)w->n, SQLITE_STATIC);
  sqlite3_bind_blob(st, 9, w->ids.data, (int)w->ids.len, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) return store_sqlite_error(w->s, rc, d);
  w->written += w->n;
  w->seq++;
  w->n = 0;
  w->ids.len = 0;
  if (w->ids.data) w->ids.data[0] = '\0';
  return PHS_OK;
}

int hh_writer_add(hh_writer *w, long row, double lon, double lat, int fibre,
                  const char *id, phs_diag *d) {
  if (w->n == 0) w->first_row = row;
  w->last_row = row;
  w->lon[w->n] = lon;
  w->lat[w->n] = lat;
  w->fibre[w->n] = fibre ? 1 : 0;
  phs_buf_append(&w->ids, id ? id : "", strlen(id ? id : "") + 1);
  w->n++;
  return w->n == HH_CHUNK_POINTS ? flush(w, d) : PHS_OK;
}

int hh_writer_finish(hh_writer *w, long long *written, phs_diag *d) {
  int st = flush(w, d);
  if (written) *written = w->written;
  return st;
}

void hh_writer_free(hh_writer *w) {
  if (w == NULL) return;
  sqlite3_finalize(w->ins);
  free(w->lon);
  free(w->lat);
  free(w->fibre);
  free(w->blob);
  phs_buf_free(&w->ids);
  free(w);
}

/* ---------------------------------------------------------- reader */

struct phs_household_reader {
  phs_store *s;
  const long long *subs; /* borrowed from the dataset */
  int n_subs, sub;       /* submission being read */
  int legacy;            /* 0: chunks of subs[sub]; 1: its household rows */
  sqlite3_stmt *chunks, *rows; /* owned */
  int started;           /* the current statement has been bound */
  int exhausted;         /* ... and has returned SQLITE_DONE (stepping it
                            again would start it over) */
  double *lon, *lat;     /* owned: capacity cap */
  unsigned char *fibre;  /* owned */
  long cap;
};

int phs_household_reader_open(phs_store *s, const phs_dataset *ds,
                              phs_household_reader **out, phs_diag *d) {
  *out = NULL;
  phs_household_reader *r = calloc(1, sizeof(*r));
  if (r == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  r->s = s;
  r->subs = ds->household_subs;
  r->n_subs = ds->n_household_subs;
  r->cap = HH_CHUNK_POINTS;
  r->lon = malloc(sizeof(double) * (size_t)r->cap);
  r->lat = malloc(sizeof(double) * (size_t)r->cap);
  r->fibre = malloc((size_t)r->cap);
  int st = PHS_OK;
  if (!r->lon || !r->lat || !r->fibre)
    st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  if (st == PHS_OK)
    st = store_prepare(s,
                       "SELECT n, lon, lat, fibre FROM household_chunk"
                       " WHERE submission_id = ? ORDER BY seq",
                       &r->chunks, d);
  if (st == PHS_OK)
    st = store_prepare(s,
                       "SELECT lon, lat, fibre FROM household WHERE"
                       " submission_id = ? ORDER BY id",
                       &r->rows, d);
  if (st) {
    phs_household_reader_close(r);
    return st;
  }
  *out = r;
  return PHS_OK;
}

/* The next chunk of the current submission into the buffers: n points, 0
** when it has no more chunks, or -1 (d filled). */
static long next_chunk(phs_household_reader *r, phs_diag *d) {
  if (r->exhausted) return 0;
  int rc = sqlite3_step(r->chunks);
  if (rc == SQLITE_DONE) {
    r->exhausted = 1;
    return 0;
  }
  if (rc != SQLITE_ROW) return store_sqlite_error(r->s, rc, d), -1;
  long n = (long)sqlite3_column_int64(r->chunks, 0);
  const unsigned char *lon = sqlite3_column_blob(r->chunks, 1);
  long lon_bytes = sqlite3_column_bytes(r->chunks, 1);
  const unsigned char *lat = sqlite3_column_blob(r->chunks, 2);
  long lat_bytes = sqlite3_column_bytes(r->chunks, 2);
  const unsigned char *fib = sqlite3_column_blob(r->chunks, 3);
  long fib_bytes = sqlite3_column_bytes(r->chunks, 3);
  if (n <= 0 || n > r->cap || lon_bytes != n * 8 || lat_bytes != n * 8 ||
      fib_bytes != n || !lon || !lat || !fib) {
    phs_diag_error(d, PHS_ERUNTIME,
                   "%s: a household_chunk of submission #%lld is damaged"
                   " (%ld points, blobs of %ld, %ld and %ld bytes); the"
                   " store was changed outside phusong?",
                   r->s->path, r->subs[r->sub], n, lon_bytes, lat_bytes,
                   fib_bytes);
    return -1;
  }
  get_doubles(r->lon, lon, n);
  get_doubles(r->lat, lat, n);
  memcpy(r->fibre, fib, (size_t)n);
  return n;
}

/* Up to cap legacy household rows of the current submission. */
static long next_rows(phs_household_reader *r, phs_diag *d) {
  long n = 0;
  while (n < r->cap && !r->exhausted) {
    int rc = sqlite3_step(r->rows);
    if (rc == SQLITE_DONE) {
      r->exhausted = 1;
      break;
    }
    if (rc != SQLITE_ROW) return store_sqlite_error(r->s, rc, d), -1;
    r->lon[n] = sqlite3_column_double(r->rows, 0);
    r->lat[n] = sqlite3_column_double(r->rows, 1);
    r->fibre[n] = sqlite3_column_int(r->rows, 2) ? 1 : 0;
    n++;
  }
  return n;
}

int phs_household_reader_next(phs_household_reader *r,
                              phs_household_batch *b, phs_diag *d) {
  while (r->sub < r->n_subs) {
    sqlite3_stmt *st = r->legacy ? r->rows : r->chunks;
    if (!r->started) {
      sqlite3_reset(st);
      sqlite3_bind_int64(st, 1, r->subs[r->sub]);
      r->started = 1;
      r->exhausted = 0;
    }
    long n = r->legacy ? next_rows(r, d) : next_chunk(r, d);
    if (n < 0) return -1;
    if (n > 0) {
      b->n = n;
      b->lon = r->lon;
      b->lat = r->lat;
      b->fibre = r->fibre;
      return 1;
    }
    /* this table of this submission is done: the other, then the next */
    sqlite3_reset(st);
    r->started = 0;
    if (r->legacy) r->sub++;
    r->legacy = !r->legacy;
  }
  return 0;
}

void phs_household_reader_close(phs_household_reader *r) {
  if (r == NULL) return;
  sqlite3_finalize(r->chunks);
  sqlite3_finalize(r->rows);
  free(r->lon);
  free(r->lat);
  free(r->fibre);
  free(r);
}

/* ------------------------------------------------------ the dataset */

int store_household_subs_load(phs_store *s, phs_dataset *ds, phs_diag *d) {
  sqlite3_stmt *st = NULL;
  int rc = store_prepare_as_of(
      s, ds,
      "SELECT s.id, coalesce((SELECT sum(n) FROM household_chunk c WHERE"
      " c.submission_id = s.id), 0) + (SELECT count(*) FROM household h"
      " WHERE h.submission_id = s.id) FROM submission s WHERE s.kind ="
      " 'households' AND s.mode = 'points' AND %s ORDER BY s.id",
      0, &st, d);
  if (rc) return rc;
  int cap = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    long long n = sqlite3_column_int64(st, 1);
    if (n == 0) continue;
    if (ds->n_household_subs == cap) {
      cap = cap ? cap * 2 : 4;
      long long *g = realloc(ds->household_subs, sizeof(long long) * (size_t)cap);
      if (g == NULL) {
        sqlite3_finalize(st);
        return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
      }
      ds->household_subs = g;
    }
    ds->household_subs[ds->n_household_subs++] = sqlite3_column_int64(st, 0);
    ds->n_households += n;
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? PHS_OK : store_sqlite_error(s, rc, d);
}
