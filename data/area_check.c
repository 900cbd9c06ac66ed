/*
** area_check.c: is a submitted point inside the province? The store's
** commune polygons become a point index; points inside Vietnam's envelope
** but outside every commune are listed (a warning) and, above 5% of a
** file, reject it (bad-inputs B2: a sign error, a wrong CRS, or another
** province's layer).
*/
#include <stdlib.h>
#include <string.h>

#include "data_int.h"

int area_check_load(phs_store *s, area_check *a, phs_diag *d) {
  memset(a, 0, sizeof(*a));
  sqlite3_stmt *st = NULL;
  int rc = store_prepare(s, "SELECT geom, code, name FROM commune"
                            " WHERE geom IS NOT NULL ORDER BY code",
                         &st, d);
  if (rc) return rc;
  int cap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (a->n == cap) {
      cap = cap ? 2 * cap : 128;
      phs_mpoly *g = realloc(a->polys, sizeof(*g) * (size_t)cap);
      char **c = realloc(a->codes, sizeof(char *) * (size_t)cap);
      if (c) a->codes = c;
      char **nm = realloc(a->names, sizeof(char *) * (size_t)cap);
      if (nm) a->names = nm;
      if (g) a->polys = g;
      if (g == NULL || c == NULL || nm == NULL) {
        rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
        break;
      }
    }
    phs_mpoly *m = &a->polys[a->n];
    phs_mpoly_init(m);
    const unsigned char *w = sqlite3_column_blob(st, 0);
    if (w &&
        store_geom_to_mpoly(s, w, (size_t)sqlite3_column_bytes(st, 0), m) ==
            0) {
      const char *code = (const char *)sqlite3_column_text(st, 1);
      const char *name = (const char *)sqlite3_column_text(st, 2);
      a->codes[a->n] = strdup(code ? code : "");
      a->names[a->n] = strdup(name ? name : "");
      a->n++;
      if (a->codes[a->n - 1] == NULL || a->names[a->n - 1] == NULL) {
        rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
        break;
      }
    } else {
      phs_mpoly_free(m);
    }
  }
  sqlite3_finalize(st);
  if (rc == PHS_OK && a->n > 0) {
    a->ix = phs_pip_index_new(a->polys, NULL, a->n);
    if (a->ix == NULL) rc = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  if (rc) area_check_free(a);
  return rc;
}

void area_check_point(area_check *a, double lon, double lat, long row) {
  if (a->ix == NULL) return;
  a->n_checked++;
  int k = phs_pip_index_find(a->ix, lon, lat);
  if (k >= 0) {
    if (a->count) a->count[k]++;
    return;
  }
  if (a->n_out < PHS_AREA_CHECK_ROWS) a->rows[a->n_out] = row;
  a->n_out++;
}

void area_check_free(area_check *a) {
  phs_pip_index_free(a->ix);
  for (int i = 0; i < a->n; i++) {
    phs_mpoly_free(&a->polys[i]);
    free(a->codes[i]);
    free(a->names[i]);
  }
  free(a->polys);
  free(a->codes);
  free(a->names);
  free(a->count);
  memset(a, 0, sizeof(*a));
}
