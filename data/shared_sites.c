/*
** shared_sites.c: at a site filing, the other operators' sites within a
** short distance of its own, reported as possibly shared towers (issue 5;
** Vietnam's Digital Infrastructure Index counts BTS sharing). Nothing is
** merged: each operator's site stays its own row. The pairs come from
** phs_near_pairs (geo/near_pairs.c); docs/submissions.md explains the
** default distance.
*/
#include <stdlib.h>
#include <string.h>

#include "data_int.h"

#define SHARED_LISTED 5 /* pairs named in the warning */

/* The sites of one side, with coordinates. */
typedef struct side_sites {
  double *lon, *lat;
  int *group;
  char **label; /* owned: "SITE" for the filing, "OP/SITE" for others */
  long n, cap;
} side_sites;

static int side_add(side_sites *v, double lon, double lat, int group,
                    const char *op, const char *id) {
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

static void side_free(side_sites *v) {
  for (long i = 0; i < v->n; i++) free(v->label[i]);
  free(v->lon);
  free(v->lat);
  free(v->group);
  free(v->label);
}

int store_shared_sites_warn(phs_store *s, long long sub_id, double max_m,
                            phs_diag *d) {
  if (!(max_m > 0)) max_m = PHS_SHARE_DISTANCE_M;
  sqlite3_stmt *q = NULL;
  /* The filing's sites (group 0), then the other operators' sites in
  ** force (group 1): pairs within one group are not reported. */
  int st = store_prepare(
      s,
      "SELECT 0, NULL, t.site_id, t.lon, t.lat FROM site t WHERE"
      " t.submission_id = ?1 AND t.lon IS NOT NULL UNION ALL"
      " SELECT 1, t.operator_code, t.site_id, t.lon, t.lat FROM site t JOIN"
      " submission s ON s.id = t.submission_id JOIN site_filing f ON"
      " f.submission_id = t.submission_id AND f.tech = t.tech WHERE"
      " s.status = 'current' AND f.superseded_at_utc IS NULL AND"
      " t.lon IS NOT NULL AND t.operator_code <> (SELECT operator_code FROM"
      " submission WHERE id = ?1)",
      &q, d);
  if (st) return st;
  sqlite3_bind_int64(q, 1, sub_id);
  side_sites v;
  memset(&v, 0, sizeof(v));
  while (st == PHS_OK && sqlite3_step(q) == SQLITE_ROW)
    if (side_add(&v, sqlite3_column_double(q, 3), sqlite3_column_double(q, 4),
                 sqlite3_column_int(q, 0),
                 (const char *)sqlite3_column_text(q, 1),
                 (const char *)sqlite3_column_text(q, 2)))
      st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  sqlite3_finalize(q);
  phs_near_pair *p = NULL;
  long np = 0;
  if (st == PHS_OK &&
      phs_near_pairs(v.lon, v.lat, v.group, v.n, max_m, &p, &np) != PHS_OK)
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
                   "%ld sites lie within %g m of another operator's site"
                   " (%ld pairs): possibly shared towers, kept as filed,"
                   " not merged: ",
                   n_sites, max_m, np);
    for (long i = 0; i < np && i < SHARED_LISTED; i++)
      phs_buf_printf(&b, "%s%s ~ %s (%.1f m)", i ? ", " : "", v.label[p[i].a],
                     v.label[p[i].b], p[i].dist_m);
    if (np > SHARED_LISTED) phs_buf_printf(&b, ", ...");
    if (b.oom) {
      st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    } else {
      char *src = NULL;
      if (sqlite3_prepare_v2(s->db,
                             "SELECT source_name FROM submission WHERE id = ?",
                             -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, sub_id);
        if (sqlite3_step(q) == SQLITE_ROW)
          src = strdup((const char *)sqlite3_column_text(q, 0));
        sqlite3_finalize(q);
      }
      phs_diag_warn(d, "%s: %s", src ? src : "sites", b.data);
      /* and with the filing's own warnings, for its history */
      st = store_prepare(s,
                         "UPDATE submission SET warnings = warnings + 1,"
                         " warning_text = coalesce(warning_text, '') ||"
                         " ?2 || char(10) WHERE id = ?1",
                         &q, d);
      if (st == PHS_OK) {
        sqlite3_bind_int64(q, 1, sub_id);
        sqlite3_bind_text(q, 2, b.data, -1, SQLITE_STATIC);
        if (sqlite3_step(q) != SQLITE_DONE)
          st = store_sqlite_error(s, sqlite3_errcode(s->db), d);
        sqlite3_finalize(q);
      }
      free(src);
    }
    phs_buf_free(&b);
  }
  free(p);
  side_free(&v);
  return st;
}
