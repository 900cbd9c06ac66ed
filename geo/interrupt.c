/*
** interrupt.c: Ctrl-C and SIGTERM as a flag (phs_progress.h). The handler
** only sets it; the loops that run long check it and return through their
** error path, which rolls the open transaction back.
*/
#include "phs_progress.h"

#include <signal.h>
#include <stdatomic.h>
#include <string.h>

/* Set by the handler, read by every thread. A lock-free atomic rather
** than a volatile sig_atomic_t: C11 allows both in a handler (7.14.1.1),
** but only the atomic is defined when other threads read it. */
static atomic_int interrupted;
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the signal flag must be lock-free");

static void on_signal(int sig) {
  (void)sig;
  atomic_store_explicit(&interrupted, 1, memory_order_relaxed);
}

void phs_interrupt_install(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  /* A second signal takes the default action: the way out of a step that
  ** does not check the flag (a long SQL statement, a GDAL call). */
  sa.sa_flags = SA_RESETHAND | SA_RESTART;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
}

int phs_interrupted(void) {
  return atomic_load_explicit(&interrupted, memory_order_relaxed);
}

int phs_interrupt_error(phs_diag *d) {
  return phs_diag_error(d, PHS_EINTERRUPT, "interrupted (store unchanged)");
}
