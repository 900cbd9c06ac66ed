/*
** gdal_delegate.c: how `phusong` runs without GDAL. Loading GDAL and the
** libraries only it needs (57 of 142) costs ~80 ms at every start (the
** dynamic linker's symbol relocations, before main), more than drawing a
** province map at 1600 x 1200 (docs/performance.md). So the program users
** run, `phusong`, is built without GDAL: map, report, init, submissions
** and diff run in it. A command that reads files through GDAL (import, submit,
** validate, analyze, count, synth, demo, --version) is handed to
** `phusong-gdal`, the same main.c built with every command, found beside
** the running `phusong` and started by exec: the same process, arguments,
** environment, standard streams and exit status.
**
** A map that needs GDAL part way is handed over the same way when it gets
** there (without_gdal.c). In phusong-gdal nothing here is ever called.
*/
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "phs_analyzer.h"

static char **saved_argv; /* main's, NULL-terminated */

void phs_gdal_delegate_init(char **argv) { saved_argv = argv; }

/* The path of phusong-gdal: the running program's directory (from
** /proc/self/exe, so a symlink to phusong works) + "/phusong-gdal".
** Empty when the directory cannot be found. */
static void gdal_binary_path(char *path, size_t n) {
  char self[PATH_MAX];
  ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
  path[0] = '\0';
  if (len <= 0) return;
  self[len] = '\0';
  char *slash = strrchr(self, '/');
  if (slash == NULL) return;
  *slash = '\0';
  snprintf(path, n, "%s/phusong-gdal", self);
}

_Noreturn void phs_gdal_delegate(void) {
  char path[PATH_MAX + 16];
  gdal_binary_path(path, sizeof(path));
  fflush(NULL);
  if (path[0] && saved_argv) execv(path, saved_argv);
  int err = path[0] ? errno : ENOENT;
  fputs(phs_tr("ERROR: "), stderr);
  fprintf(stderr,
          phs_tr("cannot run %s: %s (this command reads files through GDAL,"
                 " in phusong-gdal, which belongs beside phusong)\n"),
          path[0] ? path : "phusong-gdal", strerror(err));
  /* _exit: a map may be part way, its store open; nothing is written */
  fflush(stderr);
  _exit(PHS_ERUNTIME);
}
