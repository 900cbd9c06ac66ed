/*
** fuzz_crs.c: CRS strings as the command line and the input files hand
** them over (--src-crs, --working-crs, a .prj or a GeoJSON 'crs' member,
** the map CRS written beside a PNG): phs_crs_check, phs_crs_is_geographic,
** phs_crs_transform_new both ways and phs_crs_wkt (geo/crs_check.c, crs.c,
** crs_wkt.c), and the dry-run import of a one-site GeoJSON file with the
** string as --src-crs, where data/import.c compares it with the file's CRS
** through GDAL's OSRSetFromUserInput (for every string PROJ reads as a CRS
** and one in eight of the others: GDAL's GeoJSON read is the slow part).
**
** Input: the CRS string, cut at its first NUL. Each "$D" in it becomes the
** path of this process's directory of canary files (c.gsb, c.gtx, c.tif,
** c.json, c.prj holding a WKT, init holding a PROJ init entry <4326>, c),
** so the corpus can name files without knowing where they lie.
** Properties checked:
**   - no canary file is opened (inotify on the directory): neither PROJ
**     nor GDAL reads a file that a CRS string names;
**   - a string phs_crs_check refuses is refused by every other function,
**     with PHS_EINPUT and a message; the import refuses it too;
**   - a string phs_crs_is_geographic reads as a CRS has a WKT, and that
**     WKT (what the .aux.xml beside a map holds) reads back as a CRS of
**     the same kind;
**   - a transform from EPSG:4326 maps Hà Nội (105.85 E, 21.03 N) to finite
**     coordinates or to HUGE_VAL (counted as failed), never NaN; when the
**     transform back exists and the forward point was finite, so is the
**     round trip;
**   - the import ends in OK, EUSAGE or EINPUT, with a message when not OK,
**     and refuses what phs_crs_check refuses.
*/
#include <cpl_error.h>
#include <errno.h>
#include <math.h>
#include <sys/inotify.h>

#include "data_int.h"
#include "fuzz_util.h"
#include "phs_progress.h"

static char canary_dir[512];
static int canary_fd = -1;
static int verbose; /* PHS_FUZZ_VERBOSE=1: one line per input */

static const char *const canary_files[] = {"c.gsb", "c.gtx", "c.tif",
                                           "c.json", "c.prj", "init", "c"};

static void canary_remove(void) {
  char p[600];
  for (size_t i = 0; i < sizeof(canary_files) / sizeof(*canary_files); i++) {
    snprintf(p, sizeof(p), "%s/%s", canary_dir, canary_files[i]);
    unlink(p);
  }
  rmdir(canary_dir);
}

static void canary_write(const char *name, const char *text) {
  char p[600];
  snprintf(p, sizeof(p), "%s/%s", canary_dir, name);
  FILE *f = fopen(p, "wb");
  if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
    perror(p);
    abort();
  }
}

/* The names of the canary files opened since the last call, "" if none. */
static void canary_opened(char *out, size_t size) {
  char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
  out[0] = '\0';
  ssize_t n;
  while ((n = read(canary_fd, buf, sizeof(buf))) > 0) {
    for (char *p = buf; p < buf + n;) {
      struct inotify_event *e = (struct inotify_event *)p;
      size_t used = strlen(out);
      snprintf(out + used, size - used, "%s%s", used ? ", " : "",
               e->len ? e->name : "(the directory)");
      p += sizeof(struct inotify_event) + e->len;
    }
  }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  CPLSetErrorHandler(CPLQuietErrorHandler);
  phs_progress_setup(1);
  verbose = getenv("PHS_FUZZ_VERBOSE") != NULL;
  snprintf(canary_dir, sizeof(canary_dir), "%s/phs-fuzz-crs-%ld",
           fuzz_tmp_dir(), (long)getpid());
  if (mkdir(canary_dir, 0700) != 0 && errno != EEXIST) {
    perror(canary_dir);
    abort();
  }
  atexit(canary_remove);
  /* what each reader would take: a grid header's first bytes, a WKT, a
  ** PROJ init file, PROJJSON */
  canary_write("c.gsb", "NUM_OREC    \x0b\x00\x00\x00NUM_SREC");
  canary_write("c.gtx", "\x00\x00\x00\x00\x00\x00\x00\x00");
  canary_write("c.tif", "II*\x00\x08\x00\x00\x00");
  canary_write("c.json", "{\"type\": \"GeographicCRS\", \"name\": \"x\"}");
  canary_write("c.prj",
               "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\","
               "6378137,298.257223563]],PRIMEM[\"Greenwich\",0],"
               "UNIT[\"degree\",0.0174532925199433]]");
  canary_write("init", "<4326> +proj=longlat +datum=WGS84 <>\n");
  canary_write("c", "EPSG:4326\n");
  canary_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (canary_fd < 0 ||
      inotify_add_watch(canary_fd, canary_dir, IN_OPEN | IN_ACCESS) < 0) {
    perror("inotify");
    abort();
  }
  return 0;
}

/* s with each "$D" replaced by the canary directory (malloc'd). */
static char *with_canary_dir(const char *s) {
  size_t dl = strlen(canary_dir), n = 0;
  for (const char *p = s; (p = strstr(p, "$D")) != NULL; p += 2) n++;
  char *out = malloc(strlen(s) + n * dl + 1);
  if (out == NULL) abort();
  char *o = out;
  for (const char *p = s; *p;) {
    if (p[0] == '$' && p[1] == 'D') {
      memcpy(o, canary_dir, dl);
      o += dl;
      p += 2;
    } else {
      *o++ = *p++;
    }
  }
  *o = '\0';
  return out;
}

/* A dry-run import of one site in Hà Nội, as GeoJSON (whose CRS GDAL
** reports as WGS 84), with crs as --src-crs. */
static int import_with(const char *crs, phs_diag *d) {
  static const char site[] =
      "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
      "\"properties\":{\"site_id\":\"S1\",\"tech\":\"4G\"},\"geometry\":"
      "{\"type\":\"Point\",\"coordinates\":[105.85,21.03]}}]}";
  const char *path = fuzz_write_file("crs", ".geojson",
                                     (const uint8_t *)site, strlen(site));
  phs_import_opts o;
  memset(&o, 0, sizeof(o));
  o.operator_code = "VIETTEL";
  o.tech = "4G";
  o.threads = 1;
  o.dry_run = 1;
  o.src_crs = crs;
  phs_import_result res;
  memset(&res, 0, sizeof(res));
  return phs_import(NULL, PHS_IMPORT_SITES, path, &o, &res, d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *raw = fuzz_cstring(data, size);
  char *crs = with_canary_dir(raw);
  unsigned hash = 2166136261u; /* FNV-1a of the input, for the import */
  for (const char *p = raw; *p; p++)
    hash = (hash ^ (unsigned char)*p) * 16777619u;
  free(raw);
  phs_diag d;
  phs_diag_init(&d);
  int ok = phs_crs_check(crs, "--src-crs", &d) == PHS_OK;
  if (!ok) FUZZ_ASSERT(d.status == PHS_EINPUT && d.msg[0] != '\0');
  phs_diag_clear(&d);

  int geo = phs_crs_is_geographic(crs, &d);
  FUZZ_ASSERT(geo >= -1 && geo <= 1);
  FUZZ_ASSERT((geo < 0) == (d.status != PHS_OK));
  if (!ok) FUZZ_ASSERT(geo == -1 && d.status == PHS_EINPUT);
  phs_diag_clear(&d);

  char *wkt = phs_crs_wkt(crs, &d);
  if (!ok) FUZZ_ASSERT(wkt == NULL && d.status == PHS_EINPUT);
  if (wkt == NULL) FUZZ_ASSERT(d.status != PHS_OK && d.msg[0] != '\0');
  if (geo >= 0) {
    if (wkt == NULL) fprintf(stderr, "fuzz_crs: no WKT: %s\n", d.msg);
    FUZZ_ASSERT(wkt != NULL);
    phs_diag d2;
    phs_diag_init(&d2);
    int geo2 = phs_crs_is_geographic(wkt, &d2);
    if (geo2 != geo)
      fprintf(stderr, "fuzz_crs: geographic %d, its WKT %d: %s\n  %s\n", geo,
              geo2, wkt, d2.msg);
    FUZZ_ASSERT(geo2 == geo);
    phs_diag_clear(&d2);
  }
  free(wkt);
  phs_diag_clear(&d);

  phs_crs_transform *fwd = phs_crs_transform_new("EPSG:4326", crs, &d);
  if (!ok) FUZZ_ASSERT(fwd == NULL && d.status == PHS_EINPUT);
  if (fwd == NULL) FUZZ_ASSERT(d.status != PHS_OK && d.msg[0] != '\0');
  phs_diag_clear(&d);
  phs_crs_transform *back = phs_crs_transform_new(crs, "EPSG:4326", &d);
  if (!ok) FUZZ_ASSERT(back == NULL && d.status == PHS_EINPUT);
  if (back == NULL) FUZZ_ASSERT(d.status != PHS_OK && d.msg[0] != '\0');
  phs_diag_clear(&d);
  if (fwd) {
    double x = 105.85, y = 21.03;
    size_t failed = phs_crs_transform_points(fwd, &x, &y, 1);
    FUZZ_ASSERT(failed <= 1);
    FUZZ_ASSERT(failed ? x == HUGE_VAL && y == HUGE_VAL
                       : isfinite(x) && isfinite(y));
    if (back && !failed) {
      failed = phs_crs_transform_points(back, &x, &y, 1);
      FUZZ_ASSERT(failed ? x == HUGE_VAL && y == HUGE_VAL
                         : isfinite(x) && isfinite(y));
    }
  }
  phs_crs_transform_free(fwd);
  phs_crs_transform_free(back);

  /* The import reads a GeoJSON file through GDAL first, the slowest step:
  ** it runs for every string PROJ reads as a CRS (GDAL then reads it too)
  ** and for one in eight of the others, chosen by a hash of the input. */
  if (geo >= 0 || hash % 8 == 0) {
    int st = import_with(crs, &d);
    if (verbose)
      fprintf(stderr, "fuzz_crs: check %s, geographic %d, import %d: %s\n",
              ok ? "ok" : "refused", geo, st, d.msg);
    FUZZ_ASSERT(st == PHS_OK || st == PHS_EINPUT || st == PHS_EUSAGE);
    if (st != PHS_OK) FUZZ_ASSERT(d.msg[0] != '\0');
    if (!ok) FUZZ_ASSERT(st == PHS_EINPUT);
  }
  phs_diag_clear(&d);

  char opened[1024];
  canary_opened(opened, sizeof(opened));
  if (opened[0])
    fprintf(stderr, "fuzz_crs: a CRS string made PROJ or GDAL open %s/{%s}:"
            " %s\n", canary_dir, opened, crs);
  FUZZ_ASSERT(opened[0] == '\0');
  free(crs);
  return 0;
}
