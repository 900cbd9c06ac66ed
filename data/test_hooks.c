/*
** test_hooks.c: the fault-injection hooks of the crash, concurrency and
** fault tests (tests/cli/kill.sh, tests/cli/faults.sh; docs/testing.md,
** "Test hooks"). Always compiled, inert unless their environment variable
** is set: then the import dies at a named point, SQLite's allocations
** start failing, or the store may not grow past a page count. They are
** read once, when the first store connection is opened (store.c,
** connect), before SQLite allocates anything, so the hooks cost a load
** and a compare at each point when unset.
**
**   PHS_TEST_KILL_AT=PHASE[:N]   raise(SIGKILL) at PHASE of an import
**   PHS_TEST_FAIL_MALLOC_AFTER=N SQLite's allocations after the Nth fail
**   PHS_TEST_MAX_PAGES=N         PRAGMA max_page_count=N on the store
**   PHS_TEST_WAIT_LOG=FILE       the write lock's wait and hold, to FILE
**   PHS_TEST_SWAP_AFTER_CHECK=FILE  FILE is renamed over a submitted
**                                GeoPackage right after its checks
*/
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "data_int.h"

static int hooks_read;          /* store_test_hooks_init ran */
static char kill_phase[32];     /* "" = no kill point */
static long kill_n;             /* row:N, the row count */
static long long max_pages;     /* 0 = no limit */
static char wait_log[1024];     /* "" = no log of the write lock */
static long long locked_at_ms;  /* when store_begin_write got it */
static long long locked_cpu_ms; /* and the process's CPU time then */
static char swap_file[1024];    /* "" = no swap after the checks */

/* ---------------------------------------------------- failing allocator */

/* SQLite's own allocator, wrapped: after `malloc_budget` successful
** allocations every further one fails (as SQLite's own malloc tests do
** in their "persistent" mode), so each error path from that point on,
** ROLLBACK included, runs out of memory too. */
static sqlite3_mem_methods real_mem;
static atomic_llong malloc_budget;

static void *failing_malloc(int n) {
  void *p = atomic_fetch_sub(&malloc_budget, 1) <= 0 ? NULL
                                                      : real_mem.xMalloc(n);
  if (p == NULL) phs_alloc_failure_note(); /* geo/crs.c reads the count */
  return p;
}

static void *failing_realloc(void *p, int n) {
  void *q = atomic_fetch_sub(&malloc_budget, 1) <= 0 ? NULL
                                                      : real_mem.xRealloc(p, n);
  if (q == NULL) phs_alloc_failure_note();
  return q;
}

static void install_failing_malloc(long long after) {
  sqlite3_mem_methods m;
  /* GDAL or SpatiaLite may have initialised SQLite already; no
  ** connection is open yet (this runs before the first one), so it may
  ** be shut down and configured afresh. */
  if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem) != SQLITE_OK) {
    sqlite3_shutdown();
    sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem);
  }
  m = real_mem;
  m.xMalloc = failing_malloc;
  m.xRealloc = failing_realloc;
  atomic_store(&malloc_budget, after);
  sqlite3_config(SQLITE_CONFIG_MALLOC, &m);
}

/* ---------------------------------------------------------------- hooks */

void store_test_hooks_init(void) {
  if (hooks_read) return;
  hooks_read = 1;
  const char *k = getenv("PHS_TEST_KILL_AT");
  if (k && *k) {
    const char *colon = strchr(k, ':');
    size_t n = colon ? (size_t)(colon - k) : strlen(k);
    if (n >= sizeof(kill_phase)) n = sizeof(kill_phase) - 1;
    memcpy(kill_phase, k, n);
    kill_phase[n] = '\0';
    kill_n = colon ? atol(colon + 1) : 0;
  }
  const char *m = getenv("PHS_TEST_FAIL_MALLOC_AFTER");
  if (m && *m) install_failing_malloc(atoll(m));
  const char *p = getenv("PHS_TEST_MAX_PAGES");
  if (p && *p) max_pages = atoll(p);
  const char *w = getenv("PHS_TEST_WAIT_LOG");
  if (w && *w) snprintf(wait_log, sizeof(wait_log), "%s", w);
  const char *sw = getenv("PHS_TEST_SWAP_AFTER_CHECK");
  if (sw && *sw) snprintf(swap_file, sizeof(swap_file), "%s", sw);
}

void store_test_swap_point(const char *path) {
  if (swap_file[0] == '\0') return;
  if (rename(swap_file, path) != 0) perror("PHS_TEST_SWAP_AFTER_CHECK");
}

static long long clock_ms(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One line to the wait log, in one write (O_APPEND: whole lines from
** concurrent processes). */
static void wait_log_line(const char *what, long long ms) {
  char line[64];
  int n = snprintf(line, sizeof(line), "%s %lld\n", what, ms);
  int fd = open(wait_log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  ssize_t w = write(fd, line, (size_t)n); /* a test's log: a short write */
  (void)w;                                 /* shows as a missing line */
  close(fd);
}

void store_test_note_wait(long long waited_ms) {
  if (wait_log[0] == '\0') return;
  locked_at_ms = clock_ms(CLOCK_MONOTONIC);
  locked_cpu_ms = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
  wait_log_line(waited_ms < 0 ? "gave-up" : "wait", waited_ms);
}

void store_test_kill_point(const char *phase, long n) {
  if (wait_log[0] && strcmp(phase, "committed") == 0) {
    wait_log_line("hold", clock_ms(CLOCK_MONOTONIC) - locked_at_ms);
    wait_log_line("hold-cpu", clock_ms(CLOCK_PROCESS_CPUTIME_ID) -
                                  locked_cpu_ms);
  }
  if (kill_phase[0] == '\0' || strcmp(kill_phase, phase) != 0) return;
  if (kill_n > 0 && n != kill_n) return;
  raise(SIGKILL);
}

int store_test_hooks_connect(phs_store *s, phs_diag *d) {
  if (max_pages <= 0) return PHS_OK;
  char sql[64];
  snprintf(sql, sizeof(sql), "PRAGMA max_page_count=%lld", max_pages);
  return store_exec(s, sql, d);
}
