/*
** data_store_oom.c: opening a store when SQLite runs out of memory
** (spec/bad-inputs.md R6). SQLite's allocator is wrapped so that every
** allocation after the Nth fails; phs_store_open must then fail cleanly
** (PHS_ERUNTIME, an error naming the store, no crash), never take the
** store for something else ("not a phusong store"), and leave it as it
** was. N runs over the last few hundred allocations before the open
** succeeds (the connection's pragmas and the reading of the schema
** version), and sparsely below (SpatiaLite's set-up).
*/
#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../data/data_int.h"
#include "phs_test.h"

static sqlite3_mem_methods real_mem;
static atomic_llong budget = LLONG_MAX;

static void *failing_malloc(int n) {
  if (atomic_fetch_sub(&budget, 1) <= 0) return NULL;
  return real_mem.xMalloc(n);
}

static void *failing_realloc(void *p, int n) {
  if (atomic_fetch_sub(&budget, 1) <= 0) return NULL;
  return real_mem.xRealloc(p, n);
}

/* Open with allocations failing after the nth; 1 when it opened. Checks
** the failure is told as one. */
static int open_after(const char *path, long long n) {
  phs_diag d;
  phs_diag_init(&d);
  phs_store *s = NULL;
  atomic_store(&budget, n);
  int st = phs_store_open(path, &s, &d);
  atomic_store(&budget, LLONG_MAX);
  if (st == PHS_OK) {
    phs_store_close(s);
    phs_diag_clear(&d);
    return 1;
  }
  PHS_CHECK_(st == PHS_ERUNTIME, "open, malloc failing after %lld: status %d",
             n, st);
  PHS_CHECK_(d.msg && strstr(d.msg, path) != NULL,
             "open, malloc failing after %lld: message '%s' names no store", n,
             d.msg ? d.msg : "");
  PHS_CHECK_(d.msg && strstr(d.msg, "out of memory") != NULL,
             "open, malloc failing after %lld: '%s'", n, d.msg ? d.msg : "");
  PHS_CHECK_(s == NULL, "open, malloc failing after %lld: a store", n);
  phs_diag_clear(&d);
  return 0;
}

int main(void) {
  const char *tmp = getenv("PHS_TMP");
  char path[1024];
  snprintf(path, sizeof(path), "%s/data_store_oom.sqlite", tmp ? tmp : "/tmp");
  unlink(path);

  if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem) != SQLITE_OK) {
    sqlite3_shutdown();
    sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem);
  }
  sqlite3_mem_methods m = real_mem;
  m.xMalloc = failing_malloc;
  m.xRealloc = failing_realloc;
  ASSERT_OK(sqlite3_config(SQLITE_CONFIG_MALLOC, &m));

  phs_diag d;
  phs_diag_init(&d);
  phs_store *s = NULL;
  ASSERT_OK(phs_store_create(path, &s, &d));
  phs_store_close(s);

  /* The first N at which the open succeeds: doubling, then bisection. */
  long long hi = 64;
  while (!open_after(path, hi) && hi < (1LL << 30)) hi *= 2;
  ASSERT_TRUE(hi < (1LL << 30));
  long long lo = hi / 2;
  while (hi - lo > 1) {
    long long mid = (lo + hi) / 2;
    if (open_after(path, mid))
      hi = mid;
    else
      lo = mid;
  }
  printf("data_store_oom: an open takes %lld of SQLite's allocations\n", hi);
  for (long long n = hi - 1; n >= 0 && n >= hi - 300; n--) open_after(path, n);
  for (long long n = 0; n < hi - 300; n += 997) open_after(path, n);

  /* The store is as it was. */
  phs_diag_clear(&d);
  ASSERT_OK(phs_store_open(path, &s, &d));
  ASSERT_EQ(phs_store_schema_version(s), PHS_SCHEMA_VERSION);
  ASSERT_OK(phs_store_check(s, &d));
  phs_store_close(s);
  unlink(path);
  return phs_test_report("data_store_oom");
}
