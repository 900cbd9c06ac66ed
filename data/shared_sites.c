/*
** shared_sites.c: at a site filing, the other operators' sites within a
** short distance of its own, reported as possibly shared towers (issue 5;
** Vietnam's Digital Infrastructure Index counts BTS sharing). Nothing is
** merged: each operator's site stays its own row. The pairs come from
** phs_near_pairs (geo/near_pairs.c); docs/submissions.md explains the
** default distance. The pairs are found before the filing's write
** transaction (its sites are those pass 1 accepted; the others', those in
** force then), so the write lock is not held for them: a filing another
** operator commits meanwhile is not in the warning (docs/submissions.md).
*/
#include <stdlib.h>
#include <string.h>

#include "data_int.h"

#define SHARED_LISTED 5 /* pairs named in the warning */

int store_site_points_add(store_site_points *v, double lon, double lat,
                          int group, const char *op, const char *id) {
  if (v->n == v->cap) {
    long cap = v->cap ? v->cap * 2 : 256;
    double *lo = realloc(v->lon, sizeof(double) * (size_t)cap);
    if (lo) v->lon = lo;
    double *la = realloc(v->lat, sizeof(double) * (size_t)cap);
    if (la) v->lat = la;
    int *g = realloc(v->group, sizeof(int) * (size_t)cap);
    if (g) v->group = g;
    char **l = realloc(v->label, sizeof(char *) * (size_t)cap);
    if (l) v->label = l;
    if (!lo || !la || !g || !l) return -1;
    v->cap = cap;
  }
  v->lon[v->n] = lon;
  v->lat[v->n] = lat;
  v->group[v->n] = group;
  v->label[v->n] = op ? phs_strdup_printf("%s/%s", op, id) : strdup(id);
  if (v->label[v->n] == NULL) return -1;
  v->n++;
  return 0;
}

void store_site_points_free(store_site_points *v) {
  for (long i = 0; i < v->n; i++) free(v->label[i]);
  free(v->lon);
  free(v->lat);
  free(v->group);
  free(v->label);
  memset(v, 0, sizeof(*v));
}

int store_shared_sites_find(phs_store *s, const char *op,
                            store_site_points *v, double max_m, char **text,
                            phs_diag *d) {
  *text = NULL;
  if (!(max_m > 0)) max_m = PHS_SHARE_DISTANCE_M;
  sqlite3_stmt *q = NULL;
  /* After the filing's sites (group 0), the other operators' sites in
  ** force (group 1): pairs within one group are not reported. One
  ** statement: one read snapshot. */
  int st = store_prepare(
      s,
      "SELECT t.operator_code, t.site_id, t.lon, t.lat FROM site t JOIN"
      " submission s ON s.id = t.submission_id JOIN site_filing f ON"
      " f.submission_id = t.submission_id AND f.tech = t.tech WHERE"
      " s.status = 'current' AND f.superseded_at_utc IS NULL AND"
      " t.lon IS NOT NULL AND t.operator_code <> ?1",
      &q, d);
  if (st) return st;
  sqlite3_bind_text(q, 1, op, -1, SQLITE_STATIC);
  long n_own = v->n;
  int rc = SQLITE_DONE;
  while (st == PHS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW)
    if (store_site_points_add(v, sqlite3_column_double(q, 2),
                              sqlite3_column_double(q, 3), 1,
                              (const char *)sqlite3_column_text(q, 0),
                              (const char *)sqlite3_column_text(q, 1)))
      st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  if (st == PHS_OK && rc != SQLITE_DONE)
    st = store_sqlite_error(s, sqlite3_errcode(s->db), d);
  sqlite3_finalize(q);
  phs_near_pair *p = NULL;
  long np = 0;
  if (st == PHS_OK && n_own > 0 && v->n > n_own &&
      phs_near_pairs(v->lon, v->lat, v->group, v->n, max_m, &p, &np) != PHS_OK)
    st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  if (st == PHS_OK && np > 0) {
    /* Sites of the filing in some pair (a is the filing's: its rows come
    ** first and a < b). */
    long n_sites = 0;
    for (long i = 0; i < np; i++)
      if (i == 0 || p[i].a != p[i - 1].a) n_sites++;
    phs_buf b;
    phs_buf_init(&b);
    phs_buf_printf(&b,
                   phs_tr("%ld sites lie within %g m of another operator's"
                          " site (%ld pairs): possibly shared towers, kept as"
                          " filed, not merged: "),
                   n_sites, max_m, np);
    for (long i = 0; i < np && i < SHARED_LISTED; i++)
      phs_buf_printf(&b, "%s%s ~ %s (%.1f m)", i ? ", " : "",
                     v->label[p[i].a], v->label[p[i].b], p[i].dist_m);
    if (np > SHARED_LISTED) phs_buf_printf(&b, ", ...");
    if (b.oom) {
      st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
      phs_buf_free(&b);
    } else {
      *text = b.data; /* the caller's */
    }
  }
  free(p);
  return st;
}
