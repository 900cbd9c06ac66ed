/*
** parallel.c: phs_parallel_for (parallel.h). A shared counter hands out
** the items; each worker keeps the lowest item that failed, and the
** lowest over all workers is returned, so the status is the same
** whatever the scheduling.
*/
#include <pthread.h>
#include <stdlib.h>

#include "parallel.h"
#include "phs_common.h"
#include "phs_progress.h"

typedef struct loop {
  long n;
  long next; /* atomic: the next item to take */
  phs_item_fn fn;
  void *ctx;
} loop;

typedef struct worker {
  loop *l;
  long failed_at; /* lowest failed item, n when none */
  int status;
  pthread_t th;
} worker;

static void *work(void *arg) {
  worker *w = arg;
  loop *l = w->l;
  for (;;) {
    long i = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
    if (i >= l->n) break;
    /* Ctrl-C: this item "fails", so the loop stops where it got to */
    int st = phs_interrupted() ? PHS_EINTERRUPT : l->fn(l->ctx, i);
    if (st == PHS_OK) phs_progress_add(1);
    if (st != PHS_OK && i < w->failed_at) {
      w->failed_at = i;
      w->status = st;
    }
  }
  return NULL;
}

int phs_parallel_for(long n, int threads, phs_item_fn fn, void *ctx) {
  if (n <= 0) return PHS_OK;
  int nw = phs_thread_count(threads);
  if (nw > n) nw = (int)n;
  loop l = {n, 0, fn, ctx};
  worker *ws = calloc((size_t)nw, sizeof(worker));
  if (ws == NULL) return PHS_ERUNTIME;
  int started = 0;
  for (int i = 0; i < nw; i++) {
    ws[i].l = &l;
    ws[i].failed_at = n;
  }
  for (int i = 1; i < nw; i++) {
    if (pthread_create(&ws[i].th, NULL, work, &ws[i]) != 0) break;
    started = i;
  }
  work(&ws[0]); /* this thread works too; it also finishes alone */
  for (int i = 1; i <= started; i++) pthread_join(ws[i].th, NULL);
  long first = n;
  int st = PHS_OK;
  for (int i = 0; i < nw; i++)
    if (ws[i].failed_at < first) {
      first = ws[i].failed_at;
      st = ws[i].status;
    }
  free(ws);
  return st;
}
