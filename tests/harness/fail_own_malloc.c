/*
** fail_own_malloc.c: the failing allocator of phusong_oom, the test copy of
** the phusong tool (tests/CMakeLists.txt; docs/testing.md, "Test hooks").
** That copy is linked with -Wl,--wrap=malloc,--wrap=calloc,...: every call
** our statically linked objects (libphs_*.a, main.c) make to one of these
** functions comes here instead; calls made inside GDAL, PROJ, SQLite or
** libc themselves do not (SQLite's have their own hook, data/test_hooks.c).
** The shipped phusong is linked without it and unchanged.
**
**   PHS_TEST_FAIL_OWN_MALLOC_AFTER=N  the first N allocations succeed, every
**                                     later one fails (returns NULL, errno
**                                     ENOMEM), as SQLite's "persistent" mode
**   PHS_TEST_FAIL_OWN_MALLOC_ONCE=1   only the one after the first N fails
**                                     (SQLite's "transient" mode)
**   PHS_TEST_COUNT_OWN_MALLOC=1       at exit, print to stderr
**                                     "phusong_oom: N own allocations"
**
** __real_X is the libc (or, under ASan, the sanitizer's) function, so the
** sanitizers see every block as usual; free() is not wrapped.
*/
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static atomic_int state;        /* 0 unread, 1 reading, 2 read */
static long long budget = -1;   /* allocations that succeed; -1 = all */
static int once;                /* only allocation number budget fails */
static atomic_llong calls;      /* allocations asked for so far */

static void report_count(void) {
  fprintf(stderr, "phusong_oom: %lld own allocations\n",
          (long long)atomic_load(&calls));
}

/* The environment, read at the first allocation (getenv allocates
** nothing). Another thread arriving meanwhile waits: the first call comes
** from main's thread, before any worker exists, so it never does. */
static void read_env(void) {
  int expect = 0;
  if (atomic_compare_exchange_strong(&state, &expect, 1)) {
    const char *n = getenv("PHS_TEST_FAIL_OWN_MALLOC_AFTER");
    if (n && *n) budget = atoll(n);
    const char *o = getenv("PHS_TEST_FAIL_OWN_MALLOC_ONCE");
    once = o && *o && strcmp(o, "0") != 0;
    const char *c = getenv("PHS_TEST_COUNT_OWN_MALLOC");
    if (c && *c && strcmp(c, "0") != 0) atexit(report_count);
    atomic_store(&state, 2);
  }
  while (atomic_load(&state) != 2) {
  }
}

/* May this allocation succeed? Counts it either way. */
static int allowed(void) {
  if (atomic_load_explicit(&state, memory_order_acquire) != 2) read_env();
  long long k = atomic_fetch_add(&calls, 1);
  if (budget < 0 || k < budget || (once && k > budget)) return 1;
  errno = ENOMEM;
  return 0;
}

void *__wrap_malloc(size_t n) { return allowed() ? __real_malloc(n) : NULL; }

void *__wrap_calloc(size_t n, size_t size) {
  return allowed() ? __real_calloc(n, size) : NULL;
}

/* A failed realloc leaves p as it was, as the real one does. */
void *__wrap_realloc(void *p, size_t n) {
  return allowed() ? __real_realloc(p, n) : NULL;
}

char *__wrap_strdup(const char *s) { return allowed() ? __real_strdup(s) : NULL; }

char *__wrap_strndup(const char *s, size_t n) {
  return allowed() ? __real_strndup(s, n) : NULL;
}
