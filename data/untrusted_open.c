/*
** untrusted_open.c: opening a file that comes from outside: the path must
** name a local regular file, opened with O_NOFOLLOW: no /vsi prefix, no
** URL, no symbolic link, no FIFO or device (bad-inputs.md G5, I3). Apart
** from untrusted.c's archive and GeoPackage checks, which read through
** GDAL, so that code hashing a file (values.c) links no GDAL.
*/
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data_int.h"

int untrusted_path_check(const char *path, phs_diag *d) {
  if (path[0] == '\0')
    return phs_diag_error(d, PHS_EINPUT, "'': an empty file name");
  if (strncmp(path, "/vsi", 4) == 0 || strstr(path, "://") != NULL)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: remote and virtual paths are refused; give a"
                          " local file (hint: download it first: phusong"
                          " never fetches a submission)",
                          path);
  return PHS_OK;
}

int untrusted_open(const char *path, struct stat *sb, int *fd_out,
                   phs_diag *d) {
  *fd_out = -1;
  int st = untrusted_path_check(path, d);
  if (st) return st;
  /* O_NONBLOCK: a FIFO must not hang the open; fstat refuses it next. */
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ELOOP)
      return phs_diag_error(d, PHS_EINPUT,
                            "%s: is a symbolic link; submit the file itself",
                            path);
    if (errno == ENOENT || errno == ENOTDIR)
      return phs_diag_error(d, PHS_EINPUT, "%s: no such file", path);
    return phs_diag_error(d, PHS_EINPUT, "%s: cannot open: %s", path,
                          strerror(errno));
  }
  if (fstat(fd, sb) != 0 || !S_ISREG(sb->st_mode)) {
    close(fd);
    return phs_diag_error(d, PHS_EINPUT, "%s: not a regular file", path);
  }
  *fd_out = fd;
  return PHS_OK;
}
