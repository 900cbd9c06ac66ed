/*
** fuzz_store.h: what the import fuzz targets (fuzz_import.c,
** fuzz_shapefile.c) share: a temporary store, made again after 100
** accepted imports, and the import run with the properties both check:
** the status is OK, EUSAGE or EINPUT, never a runtime failure; a rejection
** has its message; an import into the store that is rejected (or does
** nothing) leaves every table's row count and PRAGMA integrity_check
** unchanged (bad-inputs.md R1). One target per process, so the state is
** static here.
*/
#ifndef PHS_FUZZ_STORE_H
#define PHS_FUZZ_STORE_H

#include "data_int.h"
#include "fuzz_util.h"

#define FUZZ_STORE_WRITES_MAX 100 /* a fresh store after this many imports */
#define FUZZ_STORE_TABLES_MAX 32

static phs_store *fuzz_store;
static char fuzz_store_path[600];
static int fuzz_store_writes;
static int fuzz_store_tables; /* phs_store_tables, counted */

static inline void fuzz_store_drop(void) {
  phs_store_close(fuzz_store);
  fuzz_store = NULL;
  if (fuzz_store_path[0]) unlink(fuzz_store_path);
}

/* The temporary store of target (its name, in the file's), created (again)
** when there is none or it is full of earlier inputs' filings. */
static inline phs_store *fuzz_store_get(const char *target) {
  if (fuzz_store && fuzz_store_writes < FUZZ_STORE_WRITES_MAX)
    return fuzz_store;
  if (fuzz_store) fuzz_store_drop();
  if (fuzz_store_tables == 0) {
    while (phs_store_tables[fuzz_store_tables]) fuzz_store_tables++;
    FUZZ_ASSERT(fuzz_store_tables <= FUZZ_STORE_TABLES_MAX);
  }
  snprintf(fuzz_store_path, sizeof(fuzz_store_path),
           "%s/phs-%s-store-%ld.sqlite", fuzz_tmp_dir(), target,
           (long)getpid());
  unlink(fuzz_store_path);
  phs_diag d;
  phs_diag_init(&d);
  if (phs_store_create(fuzz_store_path, &fuzz_store, &d) != PHS_OK) {
    fprintf(stderr, "%s: cannot create %s: %s\n", target, fuzz_store_path,
            d.msg);
    abort();
  }
  phs_diag_clear(&d);
  fuzz_store_writes = 0;
  return fuzz_store;
}

/* phs_import of path into s (NULL: a dry run, as o says) with the
** properties above checked; its status. A line on stderr for a status
** outside them, or for every input when verbose. */
static inline int fuzz_import_checked(const char *target, phs_store *s,
                                      phs_import_kind kind, const char *path,
                                      const phs_import_opts *o,
                                      phs_import_result *res, phs_diag *d,
                                      int verbose) {
  long long before[FUZZ_STORE_TABLES_MAX], after[FUZZ_STORE_TABLES_MAX];
  if (s) FUZZ_ASSERT(phs_store_counts(s, before, d) == PHS_OK);
  memset(res, 0, sizeof(*res));
  int st = phs_import(s, kind, path, o, res, d);
  if ((st != PHS_OK && st != PHS_EINPUT && st != PHS_EUSAGE) || verbose)
    fprintf(stderr, "%s: %s%s, status %d, %ld rows: %s\n", target,
            phs_import_kind_name(kind), s ? " into the store" : "", st,
            res->rows_in, d->msg);
  FUZZ_ASSERT(st == PHS_OK || st == PHS_EINPUT || st == PHS_EUSAGE);
  if (st != PHS_OK) FUZZ_ASSERT(d->msg[0] != '\0');
  if (s) {
    phs_diag d2;
    phs_diag_init(&d2);
    FUZZ_ASSERT(phs_store_counts(s, after, &d2) == PHS_OK);
    FUZZ_ASSERT(phs_store_check(s, &d2) == PHS_OK);
    if (st != PHS_OK || res->noop)
      for (int i = 0; i < fuzz_store_tables; i++)
        FUZZ_ASSERT(before[i] == after[i]);
    else
      fuzz_store_writes++;
    phs_diag_clear(&d2);
  }
  return st;
}

#endif /* PHS_FUZZ_STORE_H */
