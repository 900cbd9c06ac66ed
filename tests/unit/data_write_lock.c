/*
** data_write_lock.c: the line of writers waiting for the store's write
** lock (data/write_lock.c). Places are served in the order they were
** taken, whatever order the earlier ones leave in; a store without a file
** beside it has no line and never waits for one; and store_begin_write
** waits for a writer that came earlier, in another process, until that
** process ends (its lock dies with it), then takes the lock.
*/
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../data/data_int.h"
#include "phs_test.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(void) {
  const char *tmp = getenv("PHS_TMP");
  char path[1024], qpath[1100];
  snprintf(path, sizeof(path), "%s/data_write_lock.sqlite",
           tmp ? tmp : "/tmp");
  snprintf(qpath, sizeof(qpath), "%s-queue", path);
  unlink(path);
  unlink(qpath);

  /* No file to sit beside: no line, always first. */
  store_queue q0;
  store_queue_join("", &q0);
  ASSERT_EQ(q0.fd, -1);
  ASSERT_EQ(store_queue_first(&q0), 1);
  store_queue_join("/nonexistent/dir/x.sqlite", &q0);
  ASSERT_EQ(q0.fd, -1);
  ASSERT_EQ(store_queue_first(&q0), 1);
  store_queue_leave(&q0);

  /* Three places, taken in turn; the file appears beside the store. */
  store_queue a, b, c;
  store_queue_join(path, &a);
  store_queue_join(path, &b);
  store_queue_join(path, &c);
  ASSERT_TRUE(a.fd >= 0 && b.fd >= 0 && c.fd >= 0);
  ASSERT_TRUE(a.place < b.place && b.place < c.place);
  struct stat sb;
  ASSERT_EQ(stat(qpath, &sb), 0);
  ASSERT_EQ((long long)sb.st_size, 0);
  ASSERT_EQ(store_queue_first(&a), 1);
  ASSERT_EQ(store_queue_first(&b), 0);
  ASSERT_EQ(store_queue_first(&c), 0);
  /* The middle one leaves (killed, say): the last still waits for the
  ** first. */
  store_queue_leave(&b);
  ASSERT_EQ(b.fd, -1);
  ASSERT_EQ(store_queue_first(&c), 0);
  store_queue_leave(&a);
  ASSERT_EQ(store_queue_first(&c), 1);
  /* One who comes now waits behind c. */
  store_queue_join(path, &a);
  ASSERT_EQ(store_queue_first(&a), 0);
  store_queue_leave(&c);
  ASSERT_EQ(store_queue_first(&a), 1);
  store_queue_leave(&a);

  /* store_begin_write behind a writer of another process that came
  ** first: it waits until that process ends (about 0.4 s), not for the
  ** patience (15 s), and then holds the lock. */
  phs_diag d;
  phs_diag_init(&d);
  phs_store *s = NULL;
  ASSERT_OK(phs_store_create(path, &s, &d));
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t pid = fork();
  if (pid == 0) {
    store_queue q;
    store_queue_join(path, &q);
    char ok = q.fd >= 0 ? 'y' : 'n';
    if (write(fds[1], &ok, 1) != 1) _exit(2);
    usleep(400000);
    _exit(0); /* the place goes with the process */
  }
  char ok = 0;
  ASSERT_EQ(read(fds[0], &ok, 1), 1);
  ASSERT_EQ(ok, 'y');
  double t0 = now_s();
  ASSERT_OK(store_begin_write(s, &d));
  double waited = now_s() - t0;
  PHS_CHECK_(waited > 0.2 && waited < 5, "waited %.2f s", waited);
  ASSERT_OK(store_exec(s, "COMMIT", &d));
  int status = -1;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  close(fds[0]);
  close(fds[1]);
  /* Nobody in the line: at once. */
  t0 = now_s();
  ASSERT_OK(store_begin_write(s, &d));
  PHS_CHECK_(now_s() - t0 < 0.5, "took %.2f s", now_s() - t0);
  ASSERT_OK(store_exec(s, "ROLLBACK", &d));
  phs_store_close(s);
  phs_diag_clear(&d);
  unlink(path);
  unlink(qpath);
  return phs_test_report("data_write_lock");
}
