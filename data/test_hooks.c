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
*/
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "data_int.h"

static int hooks_read;          /* store_test_hooks_init ran */
static char kill_phase[32];     /* "" = no kill point */
static long kill_n;             /* row:N, the row count */
static long long max_pages;     /* 0 = no limit */

/* ---------------------------------------------------- failing allocator */

/* SQLite's own allocator, wrapped: after `malloc_budget` successful
** allocations every further one fails (as SQLite's own malloc tests do
** in their "persistent" mode), so each error path from that point on,
** ROLLBACK included, runs out of memory too. */
static sqlite3_mem_methods real_mem;
static atomic_llong malloc_budget;

static void *failing_malloc(int n) {
  if (atomic_fetch_sub(&malloc_budget, 1) <= 0) return NULL;
  return real_mem.xMalloc(n);
}

static void *failing_realloc(void *p, int n) {
  if (atomic_fetch_sub(&malloc_budget, 1) <= 0) return NULL;
  return real_mem.xRealloc(p, n);
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
}

void store_test_kill_point(const char *phase, long n) {
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
