/*
** data_crs_oom.c: PROJ out of memory is told as out of memory, never as an
** unknown CRS (spec/bad-inputs.md R6; geo/crs.c, crs_wkt.c). PROJ reads
** its proj.db through the process's SQLite, whose allocator is wrapped here
** as data/test_hooks.c wraps it for PHS_TEST_FAIL_MALLOC_AFTER: after the
** Nth allocation every one fails, and each failure is noted with
** phs_alloc_failure_note(). PROJ itself turns such a failure into "Unknown
** error (code 4096)", or "no database context specified" when proj.db
** would not even open. For N from 0 to past what each call needs,
** phs_crs_is_geographic, phs_crs_transform_new and phs_crs_wkt must
** either give their right answer or fail with PHS_ERUNTIME and "out of
** memory". (data_ only to link SQLite: the code tested is geo/'s.)
*/
#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "phs_geo.h"
#include "phs_test.h"

static sqlite3_mem_methods real_mem;
static atomic_llong budget = LLONG_MAX;

static void *failing_malloc(int n) {
  void *p = atomic_fetch_sub(&budget, 1) <= 0 ? NULL : real_mem.xMalloc(n);
  if (p == NULL) phs_alloc_failure_note();
  return p;
}

static void *failing_realloc(void *p, int n) {
  void *q = atomic_fetch_sub(&budget, 1) <= 0 ? NULL : real_mem.xRealloc(p, n);
  if (q == NULL) phs_alloc_failure_note();
  return q;
}

/* One call with allocations failing after the nth: 1 when it gave the
** right answer, 0 when it failed as out of memory; any other outcome is a
** failed check (and counts as a failure). */
static int call_after(int which, long long n) {
  phs_diag d;
  phs_diag_init(&d);
  int ok = 0;
  const char *what = which == 0 ? "is_geographic" : which == 1 ? "transform"
                                                                : "wkt";
  atomic_store(&budget, n);
  if (which == 0) {
    int g = phs_crs_is_geographic("EPSG:4326", &d);
    atomic_store(&budget, LLONG_MAX);
    ok = g == 1;
    PHS_CHECK_(g == 1 || g == -1, "%s after %lld: %d", what, n, g);
  } else if (which == 1) {
    phs_crs_transform *t = phs_crs_transform_new("EPSG:4326", "EPSG:32648", &d);
    atomic_store(&budget, LLONG_MAX);
    if (t) {
      double x = 105.0, y = 0.0; /* the zone's central meridian */
      phs_crs_transform_points(t, &x, &y, 1);
      ok = fabs(x - 500000.0) < 1e-6 && fabs(y) < 1e-6;
      PHS_CHECK_(ok, "%s after %lld: (105, 0) -> (%.3f, %.3f)", what, n, x, y);
      phs_crs_transform_free(t);
    }
  } else {
    char *wkt = phs_crs_wkt("EPSG:32648", &d);
    atomic_store(&budget, LLONG_MAX);
    if (wkt) {
      ok = strstr(wkt, "UTM zone 48N") != NULL;
      PHS_CHECK_(ok, "%s after %lld: %.80s", what, n, wkt);
      free(wkt);
    }
  }
  if (!ok && d.status != PHS_OK) {
    PHS_CHECK_(d.status == PHS_ERUNTIME, "%s after %lld: status %d: %s", what,
               n, d.status, d.msg);
    PHS_CHECK_(strstr(d.msg, "out of memory") != NULL,
               "%s after %lld: '%s'", what, n, d.msg);
  }
  phs_diag_clear(&d);
  return ok;
}

int main(void) {
  /* SQLite is initialised before its allocator fails, as in phusong,
  ** where the store is open before PROJ runs (PROJ asserts on a VFS). */
  if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem) != SQLITE_OK) {
    sqlite3_shutdown();
    sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem);
  }
  sqlite3_mem_methods m = real_mem;
  m.xMalloc = failing_malloc;
  m.xRealloc = failing_realloc;
  ASSERT_OK(sqlite3_config(SQLITE_CONFIG_MALLOC, &m));
  ASSERT_OK(sqlite3_initialize());

  for (int which = 0; which < 3; which++) {
    /* The first N that succeeds: doubling, then bisection. */
    long long hi = 64;
    while (!call_after(which, hi) && hi < (1LL << 30)) hi *= 2;
    ASSERT_TRUE(hi < (1LL << 30));
    long long lo = hi / 2;
    while (hi - lo > 1) {
      long long mid = (lo + hi) / 2;
      if (call_after(which, mid))
        hi = mid;
      else
        lo = mid;
    }
    printf("data_crs_oom: call %d needs %lld of SQLite's allocations\n",
           which, hi);
    ASSERT_TRUE(hi > 0); /* it does read proj.db */
    /* Every N just below it (the queries), then a stride over the rest
    ** (the opening of proj.db). */
    for (long long n = hi - 1; n >= 0 && n >= hi - 200; n--)
      call_after(which, n);
    for (long long n = 0; n < hi - 200; n += 211) call_after(which, n);
  }
  return phs_test_report("data_crs_oom");
}
