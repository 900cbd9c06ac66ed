/*
** write_lock.c: taking the store's write lock (BEGIN IMMEDIATE) in the
** order the writers asked for it. SQLite leaves waiting writers to poll,
** and its busy handler's sleeps grow to 100 ms, so a writer that has
** waited long tends to lose to one that has just arrived: with 8
** submitters and transactions of 1.5 s under ASan, 5 submits in 400 gave
** up after a minute. Here each writer first takes a place in a line: a
** read lock on one byte of a lock file beside the store ("STORE-queue",
** empty), at the offset of its arrival time in nanoseconds. Only a writer
** with no earlier place still locked tries BEGIN IMMEDIATE, and it leaves
** the line as soon as it holds the write lock. The locks are open file
** description locks (F_OFD_*): the kernel drops them when the process
** ends, killed or not, so a dead writer never blocks the line. The design
** and its figures: docs/architecture.md, "The store".
*/
#define _GNU_SOURCE /* F_OFD_SETLK, F_OFD_GETLK */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "data_int.h"
#include "phs_progress.h"

/* Nanoseconds of CLOCK_MONOTONIC: one clock for every process. */
static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void store_queue_join(const char *db_path, store_queue *q) {
  q->fd = -1;
  q->place = 0;
  char path[4096];
  /* an in-memory or temporary database ("") has no file to sit beside */
  if (db_path == NULL || db_path[0] == '\0' ||
      snprintf(path, sizeof(path), "%s-queue", db_path) >= (int)sizeof(path))
    return;
  struct stat sb;
  mode_t mode = stat(db_path, &sb) == 0 ? (sb.st_mode & 0666) : 0644;
  /* read-only: a read lock needs no more, so writers of other accounts
  ** share the file whoever made it */
  int fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) return;
  struct flock fl;
  memset(&fl, 0, sizeof(fl));
  fl.l_type = F_RDLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = (off_t)now_ns();
  fl.l_len = 1;
  if (fl.l_start <= 0 || fcntl(fd, F_OFD_SETLK, &fl) != 0) {
    close(fd);
    return;
  }
  q->fd = fd;
  q->place = (long long)fl.l_start;
}

int store_queue_first(const store_queue *q) {
  if (q->fd < 0) return 1;
  /* Would a write lock on every place before ours conflict? Only with
  ** the read lock of a writer that came earlier and is still waiting. */
  struct flock fl;
  memset(&fl, 0, sizeof(fl));
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = 0;
  fl.l_len = (off_t)q->place;
  if (fcntl(q->fd, F_OFD_GETLK, &fl) != 0) return 1; /* cannot tell: try */
  return fl.l_type == F_UNLCK;
}

void store_queue_leave(store_queue *q) {
  if (q->fd >= 0) close(q->fd); /* drops the lock */
  q->fd = -1;
}

int store_begin_write(phs_store *s, phs_diag *d) {
  long long start = now_ns(), waited_ms = 0;
  store_queue q;
  store_queue_join(sqlite3_db_filename(s->db, "main"), &q);
  /* Our own polls rather than SQLite's busy handler, so that Ctrl-C and
  ** the end of the minute are seen within a poll. */
  sqlite3_busy_timeout(s->db, 0);
  int rc = SQLITE_BUSY, interrupted = 0;
  for (;;) {
    /* First in line, or waiting so long that the one before may be
    ** stopped (Ctrl-Z) rather than waiting: try. */
    int tries = store_queue_first(&q) || waited_ms >= PHS_QUEUE_PATIENCE_MS;
    if (tries) {
      rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      if ((rc & 0xff) != SQLITE_BUSY) break;
      rc = SQLITE_BUSY;
    }
    if (phs_interrupted()) {
      interrupted = 1;
      break;
    }
    waited_ms = (now_ns() - start) / 1000000;
    if (waited_ms >= PHS_WRITE_WAIT_MS) break;
    /* the first polls the lock often; the others only their place */
    usleep(tries ? 2000 : 10000);
  }
  sqlite3_busy_timeout(s->db, PHS_BUSY_TIMEOUT_MS);
  store_queue_leave(&q);
  store_test_note_wait(rc == SQLITE_OK ? (now_ns() - start) / 1000000 : -1);
  if (interrupted) return phs_interrupt_error(d);
  if (rc != SQLITE_OK) return store_sqlite_error(s, rc, d);
  return PHS_OK;
}
