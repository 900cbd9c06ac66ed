/*
** households.c: household points counted per commune, on several threads.
**
** The points come from the store in batches (phs_household_reader); each
** batch is cut into one slice per thread. A thread assigns its points to
** communes (phs_pip_index_find, in lon/lat), projects them to the working
** CRS with its own PROJ transform (PROJ objects are not shared between
** threads), tests them against the footprints and claims (footprint.h:
** const queries, safe from several threads) and adds to its own integer
** tally. The tallies are summed at the end: integers, so the figures are
** the same for any thread count. Memory: one batch plus a tally of a few
** integers per commune and thread, whatever the number of points.
*/
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "households.h"
#include "phs_progress.h"

int hh_stride(const hh_tally *t) { return 2 + t->n_tech * (1 + 2 * t->n_ops); }

long long *hh_block(const hh_tally *t, int k) {
  return t->v + (size_t)k * (size_t)hh_stride(t);
}

static int tech_base(const hh_tally *t, int tech) {
  return 2 + tech * (1 + 2 * t->n_ops);
}

long long hh_covered(const hh_tally *t, int k, int tech) {
  return hh_block(t, k)[tech_base(t, tech)];
}

long long hh_covered_by(const hh_tally *t, int k, int tech, int op) {
  return hh_block(t, k)[tech_base(t, tech) + 1 + op];
}

long long hh_claimed_by(const hh_tally *t, int k, int tech, int op) {
  return hh_block(t, k)[tech_base(t, tech) + 1 + t->n_ops + op];
}

void hh_tally_free(hh_tally *t) {
  free(t->v);
  memset(t, 0, sizeof(*t));
}

/* One thread's state, kept across batches. */
typedef struct worker {
  const hh_pass *p;
  hh_tally tally;          /* this thread's counts */
  phs_crs_transform *tr;   /* owned: lon/lat -> working CRS */
  double *x, *y;           /* owned: the slice projected */
  int *poly;               /* owned: the slice's commune positions */
  unsigned char *hits;     /* owned: n_ops (at least 1) */
  const phs_household_batch *b;
  long lo, hi;             /* this batch's slice */
  pthread_t th;
} worker;

static void count_slice(worker *w) {
  const hh_pass *p = w->p;
  const phs_household_batch *b = w->b;
  hh_tally *t = &w->tally;
  long n = w->hi - w->lo;
  const double *lon = b->lon + w->lo, *lat = b->lat + w->lo;
  for (long i = 0; i < n; i++) {
    w->poly[i] = phs_pip_index_find(p->pip, lon[i], lat[i]);
    w->x[i] = lon[i];
    w->y[i] = lat[i];
  }
  phs_crs_transform_points(w->tr, w->x, w->y, (size_t)n);
  int stride = hh_stride(t);
  for (long i = 0; i < n; i++) {
    t->total++;
    if (w->poly[i] < 0) {
      t->outside++;
      continue;
    }
    long long *blk = t->v + (size_t)w->poly[i] * (size_t)stride;
    blk[0]++;
    blk[1] += b->fibre[w->lo + i];
    for (int k = 0; k < p->n_tech; k++) {
      long long *tb = blk + tech_base(t, k);
      tb[0] += fp_eval_point(p->ev[k], w->x[i], w->y[i], w->hits);
      for (int g = 0; g < p->n_ops; g++) tb[1 + g] += w->hits[g];
      if (p->claims[k] == NULL) continue;
      fp_eval_point_ll(p->claims[k], lon[i], lat[i], w->x[i], w->y[i],
                       w->hits);
      for (int g = 0; g < p->n_ops; g++) tb[1 + p->n_ops + g] += w->hits[g];
    }
  }
}

static void *slice_main(void *arg) {
  count_slice(arg);
  return NULL;
}

static int worker_init(worker *w, const hh_pass *p, long cap, phs_diag *d) {
  memset(w, 0, sizeof(*w));
  w->p = p;
  w->tally.n_polys = p->n_polys;
  w->tally.n_tech = p->n_tech;
  w->tally.n_ops = p->n_ops;
  size_t cells = (size_t)(p->n_polys > 0 ? p->n_polys : 1) *
                 (size_t)hh_stride(&w->tally);
  w->tally.v = calloc(cells, sizeof(long long));
  w->x = malloc(sizeof(double) * (size_t)cap);
  w->y = malloc(sizeof(double) * (size_t)cap);
  w->poly = malloc(sizeof(int) * (size_t)cap);
  w->hits = calloc((size_t)(p->n_ops > 0 ? p->n_ops : 1), 1);
  if (!w->tally.v || !w->x || !w->y || !w->poly || !w->hits)
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  w->tr = phs_crs_transform_new("EPSG:4326", p->working_crs, d);
  return w->tr ? PHS_OK : PHS_ERUNTIME;
}

static void worker_free(worker *w) {
  hh_tally_free(&w->tally);
  phs_crs_transform_free(w->tr);
  free(w->x);
  free(w->y);
  free(w->poly);
  free(w->hits);
}

/* Count one batch: a slice per worker, the first on this thread. */
static int count_batch(worker *ws, int n_workers,
                       const phs_household_batch *b, phs_diag *d) {
  long per = (b->n + n_workers - 1) / n_workers;
  int started = 0, rc = PHS_OK;
  for (int i = 0; i < n_workers; i++) {
    ws[i].b = b;
    ws[i].lo = (long)i * per < b->n ? (long)i * per : b->n;
    ws[i].hi = ws[i].lo + per < b->n ? ws[i].lo + per : b->n;
  }
  for (int i = 1; i < n_workers; i++) {
    if (ws[i].hi == ws[i].lo) break;
    if (pthread_create(&ws[i].th, NULL, slice_main, &ws[i]) != 0) {
      rc = phs_diag_error(d, PHS_ERUNTIME, "cannot start a thread");
      break;
    }
    started = i;
  }
  count_slice(&ws[0]);
  for (int i = 1; i <= started; i++) pthread_join(ws[i].th, NULL);
  /* a slice no thread could take is counted here, in order */
  for (int i = started + 1; rc == PHS_OK && i < n_workers; i++)
    count_slice(&ws[i]);
  return rc;
}

int hh_pass_run(const hh_pass *p, hh_tally *t, phs_diag *d) {
  memset(t, 0, sizeof(*t));
  t->n_polys = p->n_polys;
  t->n_tech = p->n_tech;
  t->n_ops = p->n_ops;
  size_t cells =
      (size_t)(p->n_polys > 0 ? p->n_polys : 1) * (size_t)hh_stride(t);
  t->v = calloc(cells, sizeof(long long));
  if (t->v == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  if (p->ds->n_households == 0) return PHS_OK;

  int n_workers = phs_thread_count(p->threads);
  worker *ws = calloc((size_t)n_workers, sizeof(worker));
  if (ws == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  long cap = (PHS_HOUSEHOLD_BATCH + n_workers - 1) / n_workers; /* a slice */
  int rc = PHS_OK;
  int ready = 0;
  for (; ready < n_workers && rc == PHS_OK; ready++)
    rc = worker_init(&ws[ready], p, cap, d);
  phs_household_reader *r = NULL;
  if (rc == PHS_OK) rc = phs_household_reader_open(p->store, p->ds, &r, d);
  phs_household_batch b;
  int got = 0;
  while (rc == PHS_OK && (got = phs_household_reader_next(r, &b, d)) == 1) {
    rc = count_batch(ws, n_workers, &b, d);
    phs_progress_add(b.n); /* a batch is 65,536 points: a unit per point */
    if (rc == PHS_OK && phs_interrupted()) rc = phs_interrupt_error(d);
  }
  if (rc == PHS_OK && got < 0) rc = d->status ? d->status : PHS_ERUNTIME;
  phs_household_reader_close(r);
  /* sum the threads' tallies, in thread order */
  for (int i = 0; i < ready && rc == PHS_OK; i++) {
    for (size_t c = 0; c < cells; c++) t->v[c] += ws[i].tally.v[c];
    t->outside += ws[i].tally.outside;
    t->total += ws[i].tally.total;
  }
  for (int i = 0; i < ready; i++) worker_free(&ws[i]);
  free(ws);
  return rc;
}
