/*
** fuzz_replay.c: a main() for the fuzz targets without libFuzzer, so that
** every corpus input (seeds, and every crash ever found: SQLite's
** fuzzcheck pattern) is replayed by an ordinary CTest test built with any
** compiler, under the same sanitizers as the rest of the suite.
**
**   fuzz_replay_csv FILE|DIR...
**
** Runs LLVMFuzzerTestOneInput on each file (a directory: each regular file
** in it, sorted by name), prints one line per directory and a total, and
** fails when no input at all was found: an empty corpus would make the
** test pass while testing nothing. A failing input crashes the process
** (abort, or a sanitizer report) after its name was printed.
*/
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    perror(path);
    return -1;
  }
  size_t cap = 4096, n = 0;
  uint8_t *buf = malloc(cap);
  size_t got;
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      uint8_t *g = realloc(buf, cap *= 2);
      if (g == NULL) free(buf);
      buf = g;
    }
  }
  fclose(f);
  if (buf == NULL) {
    fprintf(stderr, "%s: out of memory\n", path);
    return -1;
  }
  /* the exact size, as libFuzzer hands it over: ASan sees reads past it */
  uint8_t *exact = malloc(n ? n : 1);
  if (exact == NULL) {
    free(buf);
    return -1;
  }
  memcpy(exact, buf, n);
  free(buf);
  fprintf(stderr, "replay %s (%zu bytes)\n", path, n);
  LLVMFuzzerTestOneInput(exact, n);
  free(exact);
  return 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static long run_dir(const char *dir) {
  DIR *dp = opendir(dir);
  if (dp == NULL) {
    perror(dir);
    return -1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(dp)) != NULL) {
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **g = realloc(names, cap * sizeof(char *));
      if (g == NULL) abort();
      names = g;
    }
    size_t len = strlen(dir) + strlen(e->d_name) + 2;
    names[n] = malloc(len);
    if (names[n] == NULL) abort();
    snprintf(names[n], len, "%s/%s", dir, e->d_name);
    n++;
  }
  closedir(dp);
  if (n > 0) qsort(names, n, sizeof(char *), by_name);
  long done = 0;
  for (size_t i = 0; i < n; i++) {
    struct stat sb;
    if (stat(names[i], &sb) == 0 && S_ISREG(sb.st_mode)) {
      if (run_file(names[i]) != 0) done = -1;
      else if (done >= 0) done++;
    }
    free(names[i]);
  }
  free(names);
  printf("%s: %ld inputs replayed\n", dir, done);
  return done;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
    return 2;
  }
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  long total = 0;
  for (int i = 1; i < argc; i++) {
    struct stat sb;
    if (stat(argv[i], &sb) != 0) {
      perror(argv[i]);
      return 1;
    }
    long n = S_ISDIR(sb.st_mode) ? run_dir(argv[i])
                                 : (run_file(argv[i]) == 0 ? 1 : -1);
    if (n < 0) return 1;
    total += n;
  }
  printf("%ld inputs replayed, no failure\n", total);
  if (total == 0) {
    fprintf(stderr, "no input found: an empty corpus tests nothing\n");
    return 1;
  }
  return 0;
}
