/*
** phs_test.h: the whole test harness, in the spirit of Redis' testhelp.h.
** Each test file is one executable (one CTest entry); each check prints a
** line on failure, and main() returns phs_test_report() so CTest sees the
** outcome. No framework, no hidden state beyond two counters.
*/
#ifndef PHS_TEST_H
#define PHS_TEST_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int phs_test_checks = 0;
static int phs_test_failures = 0;

#define PHS_CHECK_(cond, ...)                                              \
  do {                                                                     \
    phs_test_checks++;                                                     \
    if (!(cond)) {                                                         \
      phs_test_failures++;                                                 \
      fprintf(stderr, "%s:%d: FAILED: ", __FILE__, __LINE__);              \
      fprintf(stderr, __VA_ARGS__);                                        \
      fputc('\n', stderr);                                                 \
    }                                                                      \
  } while (0)

#define ASSERT_TRUE(c) PHS_CHECK_((c), "%s", #c)
#define ASSERT_OK(rc) PHS_CHECK_((rc) == 0, "%s returned %d", #rc, (int)(rc))
#define ASSERT_EQ(a, b)                                                    \
  PHS_CHECK_((a) == (b), "%s == %s (%lld vs %lld)", #a, #b,                \
             (long long)(a), (long long)(b))
#define ASSERT_NEAR(a, b, tol)                                             \
  PHS_CHECK_(fabs((double)(a) - (double)(b)) <= (tol),                     \
             "%s ~ %s (%.12g vs %.12g, tol %g)", #a, #b, (double)(a),      \
             (double)(b), (double)(tol))
#define ASSERT_STREQ(a, b)                                                 \
  PHS_CHECK_((a) && (b) && strcmp((a), (b)) == 0, "%s == %s (\"%s\" vs \"%s\")", \
             #a, #b, (a) ? (a) : "(null)", (b) ? (b) : "(null)")
#define ASSERT_CONTAINS(hay, needle)                                       \
  PHS_CHECK_((hay) && strstr((hay), (needle)) != NULL,                     \
             "\"%s\" contains \"%s\"", (hay) ? (hay) : "(null)", (needle))

/* Print the summary line and return the process exit status. */
static inline int phs_test_report(const char *name) {
  printf("%s: %d checks, %d passed, %d failed\n", name, phs_test_checks,
         phs_test_checks - phs_test_failures, phs_test_failures);
  if (phs_test_checks == 0) {
    printf("%s: no checks ran\n", name);
    return 1;
  }
  return phs_test_failures ? 1 : 0;
}

#endif
