/*
** geo_progress.c: the progress line and the Ctrl-C flag (phs_progress.h).
** stderr is sent to a file while a case runs, and what was printed is
** compared with the line worked out by hand: GDAL's ticks, a dot every
** 2.5%, the tens as numbers, " - done." at 100%.
*/
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "phs_progress.h"
#include "phs_test.h"

#define DONE "0...10...20...30...40...50...60...70...80...90...100 - done.\n"

static char captured[4096];
static int saved_fd = -1;
static int capture_fd = -1;
static const char *got; /* the last captured_text() */

/* stderr into a temporary file until captured_text(). */
static void capture(void) {
  char path[] = "/tmp/geo_progress.XXXXXX";
  fflush(stderr);
  capture_fd = mkstemp(path);
  unlink(path);
  saved_fd = dup(STDERR_FILENO);
  dup2(capture_fd, STDERR_FILENO);
}

/* What was printed so far, stderr still captured. */
static const char *peek(void) {
  fflush(stderr);
  ssize_t n = pread(capture_fd, captured, sizeof(captured) - 1, 0);
  captured[n > 0 ? n : 0] = '\0';
  return captured;
}

/* What was printed since capture(), in `captured`; stderr restored.
** Call it once per capture (not inside ASSERT_*, which evaluate twice). */
static const char *captured_text(void) {
  peek();
  dup2(saved_fd, STDERR_FILENO);
  close(saved_fd);
  close(capture_fd);
  return captured;
}

static void test_one_stage(void) {
  setenv("PHS_PROGRESS", "force", 1);
  phs_progress_setup(1); /* force wins over quiet */
  capture();
  phs_progress_stage(0, 1, 100);
  ASSERT_STREQ(peek(), "0");
  phs_progress_add(49); /* 49%: tick 19 */
  ASSERT_STREQ(peek(), "0...10...20...30...40...");
  phs_progress_add(1); /* 50%: tick 20 */
  ASSERT_STREQ(peek(), "0...10...20...30...40...50");
  phs_progress_add(50); /* 100%: the line ends by itself */
  ASSERT_STREQ(peek(), DONE);
  phs_progress_end(1);  /* nothing more: the line is closed */
  got = captured_text();
  ASSERT_STREQ(got, DONE);
}

/* Two stages: 1000 units to 50%, then 3 of 10 units of 50-100% = 65%,
** tick 26 (60 is tick 24, then two dots); a failure ends the line there. */
static void test_stages_and_failure(void) {
  capture();
  phs_progress_stage(0, 0.5, 1000);
  phs_progress_add(400);
  phs_progress_add(600);
  phs_progress_stage(0.5, 1, 10);
  phs_progress_add(3);
  phs_progress_end(0);
  got = captured_text();
  ASSERT_STREQ(got, "0...10...20...30...40...50...60..\n");
}

/* A stage whose total is set later (the model's tiles), and a stage of
** nothing to count: the line starts at its lo. */
static void test_total_later(void) {
  capture();
  phs_progress_stage(0.25, 0.5, 0); /* the line starts at 25%: tick 10 */
  ASSERT_STREQ(peek(), "0...10...20..");
  phs_progress_total(4);
  phs_progress_add(2); /* 37.5%: tick 15 */
  phs_progress_end(1);
  got = captured_text();
  ASSERT_STREQ(got, DONE);
  capture();
  phs_progress_stage(0.25, 0.5, 0);
  phs_progress_total(4);
  phs_progress_add(2);
  phs_progress_end(0);
  got = captured_text();
  ASSERT_STREQ(got, "0...10...20...30...\n");
}

/* Four threads adding one unit at a time: every tick once, in order. */
static void *adder(void *arg) {
  (void)arg;
  for (int i = 0; i < 25000; i++) phs_progress_add(1);
  return NULL;
}

static void test_threads(void) {
  capture();
  phs_progress_stage(0, 1, 100000);
  pthread_t th[4];
  for (int i = 0; i < 4; i++) pthread_create(&th[i], NULL, adder, NULL);
  for (int i = 0; i < 4; i++) pthread_join(th[i], NULL);
  phs_progress_end(1);
  got = captured_text();
  ASSERT_STREQ(got, DONE);
}

/* PHS_PROGRESS=0, or no terminal: nothing at all. */
static void test_off(void) {
  setenv("PHS_PROGRESS", "0", 1);
  phs_progress_setup(0);
  capture();
  phs_progress_stage(0, 1, 10);
  phs_progress_add(10);
  phs_progress_end(0);
  got = captured_text();
  ASSERT_STREQ(got, "");
  unsetenv("PHS_PROGRESS");
  phs_progress_setup(0); /* stderr is the capture file: not a terminal */
  capture();
  phs_progress_stage(0, 1, 10);
  phs_progress_add(10);
  phs_progress_end(1);
  got = captured_text();
  ASSERT_STREQ(got, "");
}

/* Last: the flag cannot be cleared. PHS_TEST_SIGINT_AT=50 raises SIGINT
** when the line passes tick 20 (drawn or not), the handler sets the flag,
** and the process goes on. */
static void test_interrupt(void) {
  phs_interrupt_install();
  setenv("PHS_TEST_SIGINT_AT", "50", 1);
  phs_progress_setup(0);
  phs_progress_stage(0, 1, 10);
  phs_progress_add(4); /* 40% */
  ASSERT_EQ(phs_interrupted(), 0);
  phs_progress_add(1); /* 50% */
  ASSERT_EQ(phs_interrupted(), 1);
  phs_progress_end(0);
  phs_diag d;
  phs_diag_init(&d);
  ASSERT_EQ(phs_interrupt_error(&d), PHS_EINTERRUPT);
  ASSERT_EQ(PHS_EINTERRUPT, 130);
  ASSERT_EQ(d.status, 130);
  ASSERT_STREQ(d.msg, "interrupted (store unchanged)");
  ASSERT_STREQ(phs_status_text(130), "interrupted (store unchanged)");
  phs_diag_clear(&d);
  /* SIGTERM too (the handler was reset for SIGINT only) */
  struct sigaction sa;
  sigaction(SIGTERM, NULL, &sa);
  ASSERT_TRUE(sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN);
  sigaction(SIGINT, NULL, &sa);
  ASSERT_TRUE(sa.sa_handler == SIG_DFL); /* a second Ctrl-C kills */
  unsetenv("PHS_TEST_SIGINT_AT");
}

int main(void) {
  test_one_stage();
  test_stages_and_failure();
  test_total_later();
  test_threads();
  test_off();
  test_interrupt();
  return phs_test_report("geo_progress");
}
