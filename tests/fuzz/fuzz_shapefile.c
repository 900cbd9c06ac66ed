/*
** fuzz_shapefile.c: shapefile sets through the import (bad-inputs.md R4,
** GDAL's shape_fuzzer pattern): the sidecar checks of data/shapefile.c and
** untrusted.c, GDAL's Shapefile driver as data/reader.c opens it (raw DBF
** text, OGR_ORGANIZE_POLYGONS), the .cpg and DBF language driver decoding
** of reader_text.c, the .prj through the CRS checks, and every value and
** geometry check of data/import.c; for one input in two the write pass
** into a temporary store.
**
** Input: byte 0 chooses how, the rest is an archive in the style of GDAL's
** FUZZER_FRIENDLY_ARCHIVE: members, each "***NEWFILE***:" NAME "\n" then
** its bytes up to the next "***NEWFILE***:" or the end. A member whose NAME
** ends in .shp, .shx, .dbf, .prj or .cpg (any case) becomes in.<that
** extension> in a private scratch directory (the last of a kind wins;
** other members are ignored), and in.shp is imported. Why files: the
** reader refuses /vsi names (I3), so /vsimem/ is out.
**   bits 0, 7  the kind: sites (as VIETTEL, 4G), communes, coverage (VIETTEL,
**              4G), households
**   bit 1      import into the temporary store (else a dry run)
**   bits 2-3   --encoding: none, cp1258, tcvn3, vni
**   bit 4      --src-crs EPSG:4326
**   bit 5      --make-valid
**   bit 6      --allow-missing-geometry
** Properties checked, as in fuzz_import (fuzz_store.h): the status is OK,
** EUSAGE or EINPUT, never a runtime failure or a crash; a rejection has its
** message; an import into the store that is rejected leaves every table's
** row count and PRAGMA integrity_check unchanged (R1).
*/
#include <cpl_error.h>
#include <dirent.h>
#include <strings.h>

#include "fuzz_store.h"
#include "phs_progress.h"

#define MARK "***NEWFILE***:"

static char shp_dir[512];
static int verbose; /* PHS_FUZZ_VERBOSE=1: one line per input */


/* Remove every file of the scratch directory. */
static void clean_dir(void) {
  DIR *dp = opendir(shp_dir);
  if (dp == NULL) return;
  struct dirent *e;
  char p[1024];
  while ((e = readdir(dp)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    snprintf(p, sizeof(p), "%s/%s", shp_dir, e->d_name);
    unlink(p);
  }
  closedir(dp);
}

static void at_exit(void) {
  fuzz_store_drop();
  clean_dir();
  rmdir(shp_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  CPLSetErrorHandler(CPLQuietErrorHandler);
  phs_progress_setup(1);
  verbose = getenv("PHS_FUZZ_VERBOSE") != NULL;
  snprintf(shp_dir, sizeof(shp_dir), "%s/phs-fuzz-shp-%ld", fuzz_tmp_dir(),
           (long)getpid());
  if (mkdir(shp_dir, 0700) != 0) {
    perror(shp_dir);
    abort();
  }
  atexit(at_exit);
  return 0;
}

/* The first MARK in p[0..n), or NULL. */
static const uint8_t *find_mark(const uint8_t *p, size_t n) {
  size_t m = strlen(MARK);
  for (size_t i = 0; i + m <= n; i++)
    if (p[i] == '*' && memcmp(p + i, MARK, m) == 0) return p + i;
  return NULL;
}

/* Write the members of the archive p[0..n) into the scratch directory;
** returns 1 when one of them was a .shp. */
static int unpack(const uint8_t *p, size_t n) {
  static const char *const exts[] = {"shp", "shx", "dbf", "prj", "cpg"};
  const uint8_t *end = p + n, *m = find_mark(p, n);
  int have_shp = 0;
  while (m) {
    const uint8_t *name = m + strlen(MARK);
    const uint8_t *nl = memchr(name, '\n', (size_t)(end - name));
    if (nl == NULL) break;
    const uint8_t *body = nl + 1;
    const uint8_t *next = find_mark(body, (size_t)(end - body));
    const uint8_t *body_end = next ? next : end;
    size_t name_len = (size_t)(nl - name);
    for (size_t e = 0; e < 5; e++) {
      if (name_len < 4 || name[name_len - 4] != '.' ||
          strncasecmp((const char *)name + name_len - 3, exts[e], 3) != 0)
        continue;
      char path[700];
      /* the main file is in.shp; sidecars keep the case of their name, as
      ** shp_sidecar() looks for both */
      snprintf(path, sizeof(path), "%s/in.%.3s", shp_dir,
               e == 0 ? "shp" : (const char *)name + name_len - 3);
      FILE *f = fopen(path, "wb");
      size_t len = (size_t)(body_end - body);
      if (f == NULL || (len && fwrite(body, 1, len, f) != len) ||
          fclose(f) != 0) {
        perror(path);
        abort();
      }
      if (e == 0) have_shp = 1;
    }
    m = next;
  }
  return have_shp;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  static const phs_import_kind kinds[] = {
      PHS_IMPORT_SITES, PHS_IMPORT_COMMUNES, PHS_IMPORT_COVERAGE,
      PHS_IMPORT_HOUSEHOLDS};
  static const char *const encodings[] = {NULL, "cp1258", "tcvn3", "vni"};
  unsigned sel = data[0];
  clean_dir();
  if (!unpack(data + 1, size - 1)) return 0;
  phs_import_kind kind = kinds[(sel & 1) | ((sel >> 6) & 2)];
  phs_import_opts o;
  memset(&o, 0, sizeof(o));
  o.operator_code = "VIETTEL";
  o.tech = "4G";
  o.threads = 1;
  o.encoding = encodings[(sel >> 2) & 3];
  o.src_crs = (sel & 16) ? "EPSG:4326" : NULL;
  o.make_valid = (sel & 32) != 0;
  o.allow_missing_geometry = (sel & 64) != 0;
  phs_store *s = (sel & 2) ? fuzz_store_get("fuzz_shapefile") : NULL;
  o.dry_run = s == NULL;

  char path[700];
  snprintf(path, sizeof(path), "%s/in.shp", shp_dir);
  phs_diag d;
  phs_diag_init(&d);
  phs_import_result res;
  fuzz_import_checked("fuzz_shapefile", s, kind, path, &o, &res, &d, verbose);
  phs_diag_clear(&d);
  return 0;
}
