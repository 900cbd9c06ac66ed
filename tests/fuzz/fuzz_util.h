/*
** fuzz_util.h: what the fuzz targets of tests/fuzz/ share.
**
** Why files: reader_open() takes a path and refuses /vsi prefixes (an
** untrusted name must never reach GDAL's virtual file systems, I3), so the
** CSV reader and the import validator are fuzzed through a real file, one
** per process, rewritten for every input. /dev/shm keeps that off the disk
** when it exists. Each target is also linked without libFuzzer against
** fuzz_replay.c, so everything here must be plain C11 + POSIX.
*/
#ifndef PHS_FUZZ_UTIL_H
#define PHS_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A directory for this process's scratch files: $PHS_FUZZ_TMP, else
** /dev/shm, else $TMPDIR, else /tmp. */
static inline const char *fuzz_tmp_dir(void) {
  const char *t = getenv("PHS_FUZZ_TMP");
  if (t && *t) return t;
  struct stat sb;
  if (stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) &&
      access("/dev/shm", W_OK) == 0)
    return "/dev/shm";
  t = getenv("TMPDIR");
  return t && *t ? t : "/tmp";
}

/* The scratch files written so far, removed at exit. */
static char fuzz_paths[4][512];
static int fuzz_n_paths;
static inline void fuzz_remove_files(void) {
  for (int i = 0; i < fuzz_n_paths; i++) unlink(fuzz_paths[i]);
}

/* The scratch file of this process with extension ext (".csv"), written
** with data[0..size); the same path for every call with the same stem and
** ext, removed at exit. Aborts when it cannot be written: a fuzz run that
** silently tests nothing is worse than one that stops. */
static inline const char *fuzz_write_file(const char *stem, const char *ext,
                                          const uint8_t *data, size_t size) {
  char path[512];
  snprintf(path, sizeof(path), "%s/phs-fuzz-%s-%ld%s", fuzz_tmp_dir(), stem,
           (long)getpid(), ext);
  int k = 0;
  while (k < fuzz_n_paths && strcmp(fuzz_paths[k], path) != 0) k++;
  if (k == fuzz_n_paths) {
    if (k == 4) abort(); /* a target uses at most 4 scratch names */
    if (k == 0) atexit(fuzz_remove_files);
    memcpy(fuzz_paths[k], path, sizeof(path));
    fuzz_n_paths++;
  }
  FILE *f = fopen(fuzz_paths[k], "wb");
  if (f == NULL || (size > 0 && fwrite(data, 1, size, f) != size) ||
      fclose(f) != 0) {
    perror(fuzz_paths[k]);
    abort();
  }
  return fuzz_paths[k];
}

/* data[0..size) as a NUL-terminated malloc'd string (cut at the first
** NUL: the parsers take C strings, as the reader hands them over). */
static inline char *fuzz_cstring(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  if (s == NULL) abort();
  memcpy(s, data, size);
  s[size] = '\0';
  return s;
}

/* A property the target checks failed: report and crash, so libFuzzer
** keeps the input (and the replay test fails on it). */
#define FUZZ_ASSERT(cond)                                                  \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fprintf(stderr, "%s:%d: fuzz property failed: %s\n", __FILE__,       \
              __LINE__, #cond);                                            \
      abort();                                                             \
    }                                                                      \
  } while (0)

#endif /* PHS_FUZZ_UTIL_H */
