/*
** fuzz_import.c: the import validator (data/import.c through phs_import:
** column resolution, CRS, every value check of pass 1, the duplicate and
** location reports) on any CSV or GeoJSON file, and, for one input in two,
** the write pass into a temporary store.
**
** Input: byte 0 chooses how the rest is imported:
**   bits 0-2  the kind, modulo 5: sites, households, survey, communes,
**             coverage (sites and coverage as operator VIETTEL, 4G)
**   bit 3     the file is GeoJSON (the properties validator), else CSV
**   bit 4     --decimal-comma
**   bits 5-6  CSV --encoding: none, cp1258, tcvn3, vni
**   bit 7     import into the temporary store (else a dry run, no store)
** Properties checked:
**   - the status is one of OK, EUSAGE (options the kind cannot take),
**     EINPUT; never a runtime failure or a crash on bad bytes;
**   - a household CSV (dry run) gets the same outcome with the fast lane
**     of csv_points.c turned off, and on 3 threads cut into small ranges;
**   - a rejection has its message, and an import into the store that is
**     rejected leaves the store unchanged: the same row counts in every
**     table and PRAGMA integrity_check = ok (bad-inputs.md R1).
*/
#include <cpl_error.h>

#include "fuzz_store.h"
#include "phs_progress.h"


static int verbose; /* PHS_FUZZ_VERBOSE=1: one line per input */


int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  CPLSetErrorHandler(CPLQuietErrorHandler);
  phs_progress_setup(1);
  verbose = getenv("PHS_FUZZ_VERBOSE") != NULL;
  atexit(fuzz_store_drop);
  return 0;
}

/* One more dry run of the same household file with the fast lane off
** (PHS_CSV_FAST_LANE=0), and one on 3 threads with ranges of 64 bytes
** (PHS_CSV_MIN_RANGE): the outcome must not depend on either (data/
** import.c, csv_points.c): the same status, first message, rows, details
** and warnings as the first run (st, res, d). */
static void same_without_fast_lane(const char *path, const phs_import_opts *o,
                                   int st, const phs_import_result *res,
                                   const phs_diag *d) {
  for (int variant = 0; variant < 2; variant++) {
    phs_import_opts o2 = *o;
    if (variant == 0) setenv("PHS_CSV_FAST_LANE", "0", 1);
    else {
      setenv("PHS_CSV_MIN_RANGE", "64", 1);
      o2.threads = 3;
    }
    phs_diag d2;
    phs_diag_init(&d2);
    phs_import_result res2;
    memset(&res2, 0, sizeof(res2));
    int st2 = phs_import(NULL, PHS_IMPORT_HOUSEHOLDS, path, &o2, &res2, &d2);
    unsetenv("PHS_CSV_FAST_LANE");
    unsetenv("PHS_CSV_MIN_RANGE");
    if (st2 != st || strcmp(d2.msg, d->msg) != 0 ||
        res2.rows_in != res->rows_in ||
        res2.rows_accepted != res->rows_accepted ||
        d2.n_details_total != d->n_details_total ||
        d2.n_warnings_total != d->n_warnings_total)
      fprintf(stderr,
              "fuzz_import: %s: status %d / %d, rows %ld / %ld, accepted"
              " %ld / %ld, details %ld / %ld, warnings %ld / %ld\n"
              "  first: %s\n  then:  %s\n",
              variant == 0 ? "fast lane on / off" : "1 thread / 3 threads",
              st, st2, res->rows_in, res2.rows_in, res->rows_accepted,
              res2.rows_accepted, d->n_details_total, d2.n_details_total,
              d->n_warnings_total, d2.n_warnings_total, d->msg, d2.msg);
    FUZZ_ASSERT(st2 == st);
    FUZZ_ASSERT(strcmp(d2.msg, d->msg) == 0);
    FUZZ_ASSERT(res2.rows_in == res->rows_in);
    FUZZ_ASSERT(res2.rows_accepted == res->rows_accepted);
    FUZZ_ASSERT(d2.n_details_total == d->n_details_total);
    FUZZ_ASSERT(d2.n_warnings_total == d->n_warnings_total);
    phs_diag_clear(&d2);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  static const phs_import_kind kinds[] = {
      PHS_IMPORT_SITES, PHS_IMPORT_HOUSEHOLDS, PHS_IMPORT_SURVEY,
      PHS_IMPORT_COMMUNES, PHS_IMPORT_COVERAGE};
  static const char *const encodings[] = {NULL, "cp1258", "tcvn3", "vni"};
  unsigned sel = data[0];
  phs_import_kind kind = kinds[(sel & 7) % 5];
  int geojson = (sel & 8) != 0;
  phs_import_opts o;
  memset(&o, 0, sizeof(o));
  o.operator_code = "VIETTEL";
  o.tech = "4G";
  o.threads = 1;
  o.decimal_comma = (sel & 16) != 0;
  o.encoding = geojson ? NULL : encodings[(sel >> 5) & 3];
  phs_store *s = (sel & 128) ? fuzz_store_get("fuzz_import") : NULL;
  o.dry_run = s == NULL;

  const char *path = fuzz_write_file("import", geojson ? ".geojson" : ".csv",
                                     data + 1, size - 1);
  phs_diag d;
  phs_diag_init(&d);
  phs_import_result res;
  int st =
      fuzz_import_checked("fuzz_import", s, kind, path, &o, &res, &d, verbose);
  if (s == NULL && kind == PHS_IMPORT_HOUSEHOLDS && !geojson)
    same_without_fast_lane(path, &o, st, &res, &d);
  phs_diag_clear(&d);
  return 0;
}
