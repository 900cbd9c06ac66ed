/*
** progress.c: the GDAL-style progress line on stderr (phs_progress.h).
** Threads add units with one atomic add; the line itself (which dots are
** printed) is guarded by a mutex taken only when a dot is due, so a scan
** of millions of rows costs a few dozen locks and writes.
*/
#include "phs_progress.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TICKS 40 /* a dot every 2.5%: GDALTermProgress's resolution */

static int drawn;           /* phs_progress_setup: print the line */
static int sigint_tick = -1; /* PHS_TEST_SIGINT_AT as a tick, -1: none */

/* The stage: written by one thread while no other reports (see the
** header), read by the reporting threads. */
static double stage_lo, stage_hi = 1;
static long long stage_total;
static long long stage_done;    /* atomic: units reported in the stage */

static pthread_mutex_t line_mu = PTHREAD_MUTEX_INITIALIZER;
static int line_open;           /* under line_mu: "0" printed, no newline */
static int ticks_shown = -1;    /* atomic read, written under line_mu */

void phs_progress_setup(int quiet) {
  const char *env = getenv("PHS_PROGRESS");
  if (env && strcmp(env, "force") == 0)
    drawn = 1;
  else if (env && strcmp(env, "0") == 0)
    drawn = 0;
  else
    drawn = !quiet && isatty(STDERR_FILENO);
  const char *at = getenv("PHS_TEST_SIGINT_AT");
  sigint_tick = -1;
  if (at && *at) {
    double pct = atof(at);
    sigint_tick = pct <= 0 ? 0 : pct >= 100 ? TICKS : (int)(pct * TICKS / 100);
  }
}

/* Print ticks up to `tick` (under line_mu); the test hook fires here. */
static void show_ticks(int tick) {
  if (!line_open) {
    line_open = 1;
    __atomic_store_n(&ticks_shown, -1, __ATOMIC_RELAXED);
  }
  while (ticks_shown < tick) {
    int t = ticks_shown + 1;
    __atomic_store_n(&ticks_shown, t, __ATOMIC_RELAXED);
    if (drawn) {
      if (t % 4 == 0)
        fprintf(stderr, "%d", t / 4 * 10);
      else
        fputc('.', stderr);
    }
    if (t == sigint_tick) {
      sigint_tick = -1;
      raise(SIGINT);
    }
  }
  if (tick == TICKS) {
    if (drawn) fputs(" - done.\n", stderr);
    line_open = 0;
  }
  if (drawn) fflush(stderr);
}

/* The tick the line has reached with `done` units of the stage. */
static int tick_of(long long done) {
  double f = stage_hi;
  if (stage_total > 0 && done < stage_total)
    f = stage_lo + (stage_hi - stage_lo) * (double)done / (double)stage_total;
  int tick = (int)(f * TICKS + 1e-9);
  return tick < 0 ? 0 : tick > TICKS ? TICKS : tick;
}

void phs_progress_stage(double lo, double hi, long long total) {
  pthread_mutex_lock(&line_mu);
  stage_lo = lo;
  stage_hi = hi;
  stage_total = total;
  __atomic_store_n(&stage_done, 0, __ATOMIC_RELAXED);
  int tick = (int)(lo * TICKS + 1e-9);
  if (!line_open || tick > ticks_shown)
    show_ticks(tick < 0 ? 0 : tick > TICKS ? TICKS : tick);
  pthread_mutex_unlock(&line_mu);
}

void phs_progress_total(long long total) {
  pthread_mutex_lock(&line_mu);
  stage_total = total;
  pthread_mutex_unlock(&line_mu);
}

void phs_progress_add(long long units) {
  long long done =
      __atomic_add_fetch(&stage_done, units, __ATOMIC_RELAXED);
  int tick = tick_of(done);
  if (tick <= __atomic_load_n(&ticks_shown, __ATOMIC_RELAXED)) return;
  pthread_mutex_lock(&line_mu);
  if (line_open && tick > ticks_shown) show_ticks(tick);
  pthread_mutex_unlock(&line_mu);
}

void phs_progress_end(int ok) {
  pthread_mutex_lock(&line_mu);
  if (line_open) {
    if (ok) {
      show_ticks(TICKS);
    } else {
      if (drawn) fputc('\n', stderr);
      line_open = 0;
    }
  }
  stage_lo = 0;
  stage_hi = 1;
  stage_total = 0;
  __atomic_store_n(&stage_done, 0, __ATOMIC_RELAXED);
  pthread_mutex_unlock(&line_mu);
}
