/*
** parallel.h: a parallel loop over independent items.
**
** phs_parallel_for runs fn(ctx, i) for every i in [0, n) on up to
** `threads` threads (0: one per core). Items are handed out in order, one
** at a time, so uneven items (a dense city beside an empty mountain
** commune) balance themselves. fn must write only what belongs to item i:
** then the results do not depend on the number of threads or on timing.
*/
#ifndef PHS_PARALLEL_H
#define PHS_PARALLEL_H

/* fn returns PHS_OK or a status (its diag is the caller's business). */
typedef int (*phs_item_fn)(void *ctx, long i);

/* PHS_OK, or the status of the lowest-numbered item that failed (items
** after a failure may still run), or PHS_ERUNTIME when no thread could be
** started and the loop could not run on this one either. Each item done
** is one unit of the progress line's stage; after Ctrl-C no item starts
** and the status is PHS_EINTERRUPT (phs_progress.h). */
int phs_parallel_for(long n, int threads, phs_item_fn fn, void *ctx);

#endif
