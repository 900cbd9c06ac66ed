/*
** outline.c: district outlines, derived data of the commune layer: the
** union of each district's commune polygons with the gaps narrower than
** 150 m sealed (a 75 m morphological closing) and holes under 0.5 km²
** dropped. Each is unioned in its own district's UTM zone, so the 75 m
** are metres on the ground whatever map is drawn later, simplified there
** at 1.5 m (40% of the vertices go, mostly the closing's round arcs),
** and kept in lon/lat (EPSG:4326) like the communes. Built once per
** district touched by an import of communes (in its transaction) and
** stored in district_outline; a map takes the stored outline when it was
** built from the same communes (codes and submissions), else builds it
** and stores it when it can (a store migrated from before schema version
** 6). Outlines stored before the simplification are used as they are
** until their district's communes change.
*/
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "data_int.h"

#define OUTLINE_MIN_HOLE_M2 5e5 /* holes under 0.5 km² are slivers */
#define OUTLINE_CLOSE_M 75.0    /* seals gaps narrower than 150 m */
/* Topology-preserving simplification after the closing, metres. The
** closing's 75 m arcs come in 8 segments a quarter circle (11.25 degrees,
** 0.36 m off the circle); at 1.5 m every second arc vertex goes (two
** segments are 1.44 m off), as if the closing had used 4 segments a
** quarter, and so do runs of nearly collinear vertices: the national
** outlines keep 221,021 of their 369,819 vertices. 1.5 m is 2% of the
** closing's own rounding: a sixth of a pixel on an atlas page of a 30 km
** district (A3 at 300 dpi, ~1:100,000, 8.5 m a pixel), about one pixel
** on the page of a 5 km urban district (~1:17,000), where the closing
** rounds the outline's inner corners over 50 pixels. */
#define OUTLINE_SIMPLIFY_M 1.5
#define OUTLINE_ZONES 4         /* UTM transforms kept (Vietnam: 48, 49) */

/* ------------------------------------------------------------- building */

/* The transforms to and from the UTM zones met so far: creating a PROJ
** transform costs more than a small district's union. */
typedef struct outline_builder {
  int n;
  int epsg[OUTLINE_ZONES];
  phs_crs_transform *to[OUTLINE_ZONES], *back[OUTLINE_ZONES];
} outline_builder;

static void builder_free(outline_builder *b) {
  for (int i = 0; i < b->n; i++) {
    phs_crs_transform_free(b->to[i]);
    phs_crs_transform_free(b->back[i]);
  }
  b->n = 0;
}

/* The slot of the zone's transforms, created when new; -1 on failure. */
static int builder_zone(outline_builder *b, int epsg, phs_diag *d) {
  for (int i = 0; i < b->n; i++)
    if (b->epsg[i] == epsg) return i;
  if (b->n == OUTLINE_ZONES) builder_free(b);
  char crs[32];
  snprintf(crs, sizeof(crs), "EPSG:%d", epsg);
  phs_crs_transform *to = phs_crs_transform_new("EPSG:4326", crs, d);
  phs_crs_transform *back = to ? phs_crs_transform_new(crs, "EPSG:4326", d)
                               : NULL;
  if (back == NULL) {
    phs_crs_transform_free(to);
    return -1;
  }
  b->epsg[b->n] = epsg;
  b->to[b->n] = to;
  b->back[b->n] = back;
  return b->n++;
}

/* The outline of n commune polygons (lon/lat) into out (initialised;
** lon/lat). PHS_OK, or an error in d with out empty. */
static int builder_build(outline_builder *b, const phs_mpoly *const *ll,
                         int n, phs_mpoly *out, phs_diag *d) {
  double minx = INFINITY, miny = INFINITY, maxx = -INFINITY, maxy = -INFINITY;
  for (int i = 0; i < n; i++) {
    minx = fmin(minx, ll[i]->minx), maxx = fmax(maxx, ll[i]->maxx);
    miny = fmin(miny, ll[i]->miny), maxy = fmax(maxy, ll[i]->maxy);
  }
  phs_mpoly_free(out);
  if (n == 0 || !(minx <= maxx)) return PHS_OK;
  int z = builder_zone(b, phs_utm_epsg((minx + maxx) / 2, (miny + maxy) / 2),
                       d);
  if (z < 0) return PHS_ERUNTIME;
  phs_mpoly *xy = calloc((size_t)n, sizeof(*xy));
  const phs_mpoly **parts = calloc((size_t)n, sizeof(*parts));
  int st = xy && parts ? PHS_OK
                       : phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  for (int i = 0; i < n && st == PHS_OK; i++) {
    phs_mpoly_init(&xy[i]);
    if (phs_mpoly_copy(&xy[i], ll[i]) != PHS_OK) {
      st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
      break;
    }
    phs_crs_transform_mpoly(b->to[z], &xy[i]);
    parts[i] = &xy[i];
  }
  if (st == PHS_OK)
    st = phs_mpoly_union(parts, n, OUTLINE_MIN_HOLE_M2, OUTLINE_CLOSE_M, out,
                         d);
  if (st == PHS_OK) phs_mpoly_simplify(out, OUTLINE_SIMPLIFY_M);
  if (st == PHS_OK) phs_crs_transform_mpoly(b->back[z], out);
  for (int i = 0; xy && i < n; i++) phs_mpoly_free(&xy[i]);
  free(xy);
  free(parts);
  return st;
}

/* FNV-1a over the members' codes and submissions, in code order: what
** tells a stored outline from a stale one. */
static uint64_t members_add(uint64_t h, const char *code, long long sub) {
  char buf[32];
  snprintf(buf, sizeof(buf), "\t%lld\n", sub);
  for (const char *p = code; *p; p++)
    h = (h ^ (unsigned char)*p) * 1099511628211ULL;
  for (const char *p = buf; *p; p++)
    h = (h ^ (unsigned char)*p) * 1099511628211ULL;
  return h;
}
#define MEMBERS_SEED 14695981039346656037ULL

/* -------------------------------------------------------------- storing */

static const char outline_delete_sql[] =
    "DELETE FROM district_outline WHERE district_code = ?1";
static const char outline_insert_sql[] =
    "INSERT INTO district_outline(submission_id, district_code, communes,"
    " members, geom) VALUES(?1, ?2, ?3, ?4,"
    " CastToMultiPolygon(GeomFromWKB(?5, 4326)))";

/* Replace the stored outline of o's district by o (the district's one
** row: outlines are derived data, replaced like the commune rows). */
static int outline_put(phs_store *s, sqlite3_stmt *del, sqlite3_stmt *ins,
                       const phs_district_outline *o, phs_diag *d) {
  sqlite3_reset(del);
  sqlite3_bind_text(del, 1, o->district_code, -1, SQLITE_STATIC);
  if (sqlite3_step(del) != SQLITE_DONE)
    return store_sqlite_error(s, sqlite3_errcode(s->db), d);
  if (phs_mpoly_is_empty(&o->geom)) return PHS_OK;
  size_t len = 0;
  unsigned char *wkb = phs_mpoly_wkb(&o->geom, &len);
  if (wkb == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  sqlite3_reset(ins);
  sqlite3_bind_int64(ins, 1, o->submission_id);
  sqlite3_bind_text(ins, 2, o->district_code, -1, SQLITE_STATIC);
  sqlite3_bind_int(ins, 3, o->n_communes);
  sqlite3_bind_int64(ins, 4, (sqlite3_int64)o->members);
  sqlite3_bind_blob(ins, 5, wkb, (int)len, free);
  if (sqlite3_step(ins) != SQLITE_DONE)
    return store_sqlite_error(s, sqlite3_errcode(s->db), d);
  return PHS_OK;
}

void phs_district_outlines_free(phs_district_outline *o, int n) {
  for (int i = 0; o && i < n; i++) {
    free(o[i].district_code);
    phs_mpoly_free(&o[i].geom);
  }
  free(o);
}

int store_district_outlines_import(phs_store *s, long long sub_id,
                                   phs_diag *d) {
  sqlite3_stmt *q = NULL, *del = NULL, *ins = NULL;
  phs_mpoly *polys = NULL;
  const phs_mpoly **parts = NULL;
  long cap = 0, n = 0;
  outline_builder b = {0};
  phs_district_outline o;
  memset(&o, 0, sizeof(o));
  phs_mpoly_init(&o.geom);
  int st = store_prepare(
      s,
      "SELECT district_code, code, submission_id, geom FROM"
      " commune WHERE geom IS NOT NULL AND district_code IN (SELECT"
      " DISTINCT district_code FROM commune WHERE submission_id = ?1)"
      " ORDER BY district_code, code",
      &q, d);
  if (st == PHS_OK) st = store_prepare(s, outline_delete_sql, &del, d);
  if (st == PHS_OK) st = store_prepare(s, outline_insert_sql, &ins, d);
  if (st) goto out;
  sqlite3_bind_int64(q, 1, sub_id);
  for (int more = 1; more && st == PHS_OK;) {
    int rc = sqlite3_step(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
      st = store_sqlite_error(s, rc, d);
      break;
    }
    more = rc == SQLITE_ROW;
    const char *dc = more ? (const char *)sqlite3_column_text(q, 0) : NULL;
    if (dc == NULL) dc = "";
    /* A district ends: build and store its outline. */
    if (n > 0 && (!more || strcmp(dc, o.district_code) != 0)) {
      for (long i = 0; i < n; i++) parts[i] = &polys[i];
      phs_diag quiet;
      phs_diag_init(&quiet);
      /* A union that fails leaves the district without a stored outline:
      ** a map then tries again and says why. */
      if (builder_build(&b, parts, (int)n, &o.geom, &quiet) == PHS_OK)
        st = outline_put(s, del, ins, &o, d);
      phs_diag_clear(&quiet);
      for (long i = 0; i < n; i++) phs_mpoly_free(&polys[i]);
      n = 0;
      free(o.district_code);
      o.district_code = NULL;
    }
    if (!more || st) break;
    if (n == 0) { /* a district starts (or its first polygon was no good) */
      free(o.district_code);
      o.district_code = strdup(dc);
      o.submission_id = 0;
      o.n_communes = 0;
      o.members = MEMBERS_SEED;
      if (o.district_code == NULL) {
        st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
        break;
      }
    }
    if (n == cap) {
      long nc = cap ? 2 * cap : 64;
      phs_mpoly *g = realloc(polys, sizeof(*polys) * (size_t)nc);
      if (g) polys = g;
      const phs_mpoly **gp = g ? realloc(parts, sizeof(*parts) * (size_t)nc)
                               : NULL;
      if (gp == NULL) {
        st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
        break;
      }
      parts = gp;
      cap = nc;
    }
    phs_mpoly_init(&polys[n]);
    const unsigned char *w = sqlite3_column_blob(q, 3);
    int len = sqlite3_column_bytes(q, 3);
    /* As phs_dataset_load: a polygon that does not parse is no polygon. */
    if (w == NULL || store_geom_to_mpoly(s, w, (size_t)len, &polys[n]) != 0) {
      phs_mpoly_free(&polys[n]);
      continue;
    }
    long long csub = sqlite3_column_int64(q, 2);
    if (csub > o.submission_id) o.submission_id = csub;
    o.n_communes++;
    o.members = members_add(o.members, (const char *)sqlite3_column_text(q, 1),
                            csub);
    n++;
  }
out:
  for (long i = 0; i < n; i++) phs_mpoly_free(&polys[i]);
  free(polys);
  free(parts);
  free(o.district_code);
  phs_mpoly_free(&o.geom);
  builder_free(&b);
  sqlite3_finalize(q);
  sqlite3_finalize(del);
  sqlite3_finalize(ins);
  return st;
}

int store_district_outlines_load(phs_store *s, phs_dataset *ds, phs_diag *d) {
  sqlite3_stmt *q = NULL;
  long cap = 0;
  int st = store_prepare(s,
                         "SELECT district_code, submission_id, communes,"
                         " members, geom FROM district_outline"
                         " ORDER BY district_code, submission_id DESC",
                         &q, d);
  if (st) return st;
  while (sqlite3_step(q) == SQLITE_ROW) {
    const char *dc = (const char *)sqlite3_column_text(q, 0);
    if (dc == NULL) dc = "";
    /* one row per district by construction; the newest if ever more */
    if (ds->n_outlines > 0 &&
        strcmp(ds->outlines[ds->n_outlines - 1].district_code, dc) == 0)
      continue;
    if (ds->n_outlines == cap) {
      long nc = cap ? 2 * cap : 64;
      phs_district_outline *g =
          realloc(ds->outlines, sizeof(*g) * (size_t)nc);
      if (g == NULL) {
        st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
        break;
      }
      ds->outlines = g;
      cap = nc;
    }
    phs_district_outline *o = &ds->outlines[ds->n_outlines];
    memset(o, 0, sizeof(*o));
    phs_mpoly_init(&o->geom);
    const unsigned char *w = sqlite3_column_blob(q, 4);
    int len = sqlite3_column_bytes(q, 4);
    o->district_code = strdup(dc);
    if (o->district_code == NULL) {
      st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
      break;
    }
    ds->n_outlines++;
    if (w == NULL || store_geom_to_mpoly(s, w, (size_t)len, &o->geom) != 0) {
      phs_mpoly_free(&o->geom);
      o->n_communes = -1; /* unreadable: never matches, rebuilt */
      continue;
    }
    o->submission_id = sqlite3_column_int64(q, 1);
    o->n_communes = sqlite3_column_int(q, 2);
    o->members = (uint64_t)sqlite3_column_int64(q, 3);
  }
  sqlite3_finalize(q);
  return st;
}

/* ------------------------------------------------------- for a dataset */

/* Order of commune indices: district code, then code (= index). */
static const phs_dataset *sort_ds;
static int cmp_by_district(const void *a, const void *b) {
  int i = *(const int *)a, j = *(const int *)b;
  int c = strcmp(sort_ds->communes[i].district_code,
                 sort_ds->communes[j].district_code);
  return c ? c : (i > j) - (i < j);
}

/* Order of groups: by the index of their first commune. */
static const int *sort_starts, *sort_idx;
static int cmp_group_first(const void *a, const void *b) {
  int i = sort_idx[sort_starts[*(const int *)a]];
  int j = sort_idx[sort_starts[*(const int *)b]];
  return (i > j) - (i < j);
}

static const phs_district_outline *stored_outline(const phs_dataset *ds,
                                                  const char *code) {
  int lo = 0, hi = ds->n_outlines - 1;
  while (lo <= hi) {
    int mid = lo + (hi - lo) / 2;
    int c = strcmp(ds->outlines[mid].district_code, code);
    if (c == 0) return &ds->outlines[mid];
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return NULL;
}

/* Store the outlines built for a map, when the store can take them now:
** a read-only store, or one another process is writing, is left as it
** is (the next map builds them again). Nothing is reported. */
static void save_built(phs_store *s, const phs_district_outline *o,
                       const int *built, int n_built) {
  if (s == NULL || n_built == 0 || sqlite3_db_readonly(s->db, "main") != 0)
    return;
  phs_diag quiet;
  phs_diag_init(&quiet);
  sqlite3_stmt *del = NULL, *ins = NULL;
  sqlite3_busy_timeout(s->db, 0);
  int st = store_exec(s, "BEGIN IMMEDIATE", &quiet);
  sqlite3_busy_timeout(s->db, PHS_BUSY_TIMEOUT_MS);
  if (st == PHS_OK) {
    st = store_prepare(s, outline_delete_sql, &del, &quiet);
    if (st == PHS_OK) st = store_prepare(s, outline_insert_sql, &ins, &quiet);
    for (int i = 0; i < n_built && st == PHS_OK; i++)
      st = outline_put(s, del, ins, &o[built[i]], &quiet);
    sqlite3_finalize(del);
    sqlite3_finalize(ins);
    if (st == PHS_OK) st = store_exec(s, "COMMIT", &quiet);
    if (st) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  }
  phs_diag_clear(&quiet);
}

int phs_dataset_district_outlines(phs_store *s, const phs_dataset *ds,
                                  phs_district_outline **out, int **first,
                                  int *n_out, phs_diag *d) {
  int n = ds->n_communes, nf = 0, ng = 0, n_built = 0, st = PHS_OK;
  *out = NULL;
  *n_out = 0;
  if (first) *first = NULL;
  for (int i = 0; i < n; i++) nf += ds->communes[i].has_geom != 0;
  size_t m = (size_t)(nf ? nf : 1);
  int *idx = malloc(m * sizeof(int));
  int *gstart = malloc((m + 1) * sizeof(int)); /* group k: idx[gstart[k]..] */
  int *order = malloc(m * sizeof(int));        /* groups by first commune */
  int *built = malloc(m * sizeof(int));
  const phs_mpoly **parts = malloc(m * sizeof(*parts));
  phs_district_outline *o = calloc(m, sizeof(*o));
  int *fst = malloc(m * sizeof(int));
  outline_builder b = {0};
  if (!idx || !gstart || !order || !built || !parts || !o || !fst) {
    st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto done;
  }
  nf = 0;
  for (int i = 0; i < n; i++)
    if (ds->communes[i].has_geom) idx[nf++] = i;
  sort_ds = ds; /* qsort has no context argument in C11 */
  qsort(idx, (size_t)nf, sizeof(int), cmp_by_district);
  sort_ds = NULL;
  for (int k = 0; k < nf; k++)
    if (k == 0 || strcmp(ds->communes[idx[k]].district_code,
                         ds->communes[idx[k - 1]].district_code) != 0)
      gstart[ng++] = k;
  gstart[ng] = nf;
  /* Districts in the order of their first commune (ds is in code order),
  ** as the outlines were always drawn: groups sorted by first index. */
  for (int g = 0; g < ng; g++) order[g] = g;
  sort_starts = gstart;
  sort_idx = idx;
  qsort(order, (size_t)ng, sizeof(int), cmp_group_first);
  sort_starts = sort_idx = NULL;
  int n_o = 0;
  for (int k = 0; k < ng; k++) {
    int g = order[k], g0 = gstart[g], g1 = gstart[g + 1];
    const phs_commune *c0 = &ds->communes[idx[g0]];
    phs_district_outline *r = &o[n_o];
    phs_mpoly_init(&r->geom);
    r->members = MEMBERS_SEED;
    for (int j = g0; j < g1; j++) {
      const phs_commune *c = &ds->communes[idx[j]];
      if (c->submission_id > r->submission_id)
        r->submission_id = c->submission_id;
      r->members = members_add(r->members, c->code, c->submission_id);
      parts[j - g0] = &c->geom;
    }
    r->n_communes = g1 - g0;
    r->district_code = strdup(c0->district_code);
    if (r->district_code == NULL) {
      st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
      goto done;
    }
    const phs_district_outline *so = stored_outline(ds, c0->district_code);
    if (so && so->n_communes == r->n_communes && so->members == r->members &&
        so->submission_id == r->submission_id) {
      if (phs_mpoly_copy(&r->geom, &so->geom) != PHS_OK) {
        st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
        goto done;
      }
    } else {
      phs_diag ud;
      phs_diag_init(&ud);
      if (builder_build(&b, parts, r->n_communes, &r->geom, &ud) == PHS_OK) {
        built[n_built++] = n_o;
      } else {
        phs_diag_warn(d, "district %s: outline not drawn: %s",
                      c0->district_code, ud.msg);
        free(r->district_code);
        r->district_code = NULL;
        phs_mpoly_free(&r->geom);
        phs_diag_clear(&ud);
        continue;
      }
      phs_diag_clear(&ud);
    }
    fst[n_o] = idx[g0];
    n_o++;
  }
  save_built(s, o, built, n_built);
  *out = o;
  *n_out = n_o;
  o = NULL;
  if (first) {
    *first = fst;
    fst = NULL;
  }
done:
  builder_free(&b);
  if (o) phs_district_outlines_free(o, (int)m); /* zeroed past the last */
  free(idx);
  free(gstart);
  free(order);
  free(built);
  free(parts);
  free(fst);
  return st;
}
