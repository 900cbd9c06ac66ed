/*
** geo_pip_index.c: the point-to-polygon rule (covering polygons, lowest
** rank wins, none -> -1), independent of load order, checked on hand-made
** squares and against a brute-force scan (phs_mpoly_locate over every
** polygon) on synthetic sets built to stress the cell tree: a grid of
** squares, concentric holed polygons, slivers and gaps between borders
** that differ by a hair, polygons far smaller than a cell, jittered
** commune-like cells in lon/lat and in UTM metres, irregular polygons;
** with points on vertices, on edges, a few ulps off them, and at random,
** through phs_pip_index_find and phs_pip_index_find_many.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "phs_geo.h"
#include "phs_test.h"

static void square(phs_mpoly *p, double x0, double y0, double x1, double y1) {
  double xy[] = {x0, y0, x1, y0, x1, y1, x0, y1};
  phs_mpoly_init(p);
  ASSERT_OK(phs_mpoly_add_ring(p, xy, 4, 0));
}

static void test_adjacent(void) {
  /* A = [0,1]^2 and B = [1,2]x[0,1] share the edge x = 1. */
  phs_mpoly ab[2], ba[2];
  square(&ab[0], 0, 0, 1, 1);
  square(&ab[1], 1, 0, 2, 1);
  square(&ba[0], 1, 0, 2, 1);
  square(&ba[1], 0, 0, 1, 1);

  /* Order A, B; rank = position (NULL): the shared edge goes to A (0). */
  phs_pip_index *ix = phs_pip_index_new(ab, NULL, 2);
  ASSERT_TRUE(ix != NULL);
  ASSERT_EQ(phs_pip_index_find(ix, 1.0, 0.5), 0);
  ASSERT_EQ(phs_pip_index_find(ix, 1.0, 1.0), 0); /* shared vertex */
  ASSERT_EQ(phs_pip_index_find(ix, 0.5, 0.5), 0);
  ASSERT_EQ(phs_pip_index_find(ix, 1.5, 0.5), 1);
  ASSERT_EQ(phs_pip_index_find(ix, 2.0, 0.5), 1); /* B's outer edge */
  ASSERT_EQ(phs_pip_index_find(ix, 3.0, 3.0), -1);
  ASSERT_EQ(phs_pip_index_find(ix, 1.5, 1.5), -1);
  phs_pip_index_free(ix);

  /* Order A, B with ranks A = 1, B = 0: the shared edge goes to B (1). */
  int rank_ab[] = {1, 0};
  ix = phs_pip_index_new(ab, rank_ab, 2);
  ASSERT_EQ(phs_pip_index_find(ix, 1.0, 0.5), 1);
  ASSERT_EQ(phs_pip_index_find(ix, 0.5, 0.5), 0);
  phs_pip_index_free(ix);

  /* Order B, A with ranks B = 1, A = 0: A (now position 1) wins, as in the
  ** first case: the winner depends on rank, not on load order. */
  int rank_ba[] = {1, 0};
  ix = phs_pip_index_new(ba, rank_ba, 2);
  ASSERT_EQ(phs_pip_index_find(ix, 1.0, 0.5), 1);
  ASSERT_EQ(phs_pip_index_find(ix, 1.0, 0.0), 1);
  ASSERT_EQ(phs_pip_index_find(ix, 0.5, 0.5), 1);
  ASSERT_EQ(phs_pip_index_find(ix, 1.5, 0.5), 0);
  phs_pip_index_free(ix);

  /* Equal ranks: the position breaks the tie. */
  int rank_eq[] = {7, 7};
  ix = phs_pip_index_new(ba, rank_eq, 2);
  ASSERT_EQ(phs_pip_index_find(ix, 1.0, 0.5), 0);
  phs_pip_index_free(ix);
  for (int i = 0; i < 2; i++) {
    phs_mpoly_free(&ab[i]);
    phs_mpoly_free(&ba[i]);
  }
}

static void test_overlap_and_holes(void) {
  /* P0 = [0,2]^2, P1 = [1,3]^2 overlap on [1,2]^2; P2 = [10,20]^2 with the
  ** hole [12,14]^2, and P3 = [12,14]^2 filling the hole. */
  phs_mpoly p[5];
  square(&p[0], 0, 0, 2, 2);
  square(&p[1], 1, 1, 3, 3);
  square(&p[2], 10, 10, 20, 20);
  double hole[] = {12, 12, 12, 14, 14, 14, 14, 12};
  ASSERT_OK(phs_mpoly_add_ring(&p[2], hole, 4, 1));
  square(&p[3], 12, 12, 14, 14);
  phs_mpoly_init(&p[4]); /* empty: never found */
  int rank[] = {3, 2, 0, 1, 4};
  phs_pip_index *ix = phs_pip_index_new(p, rank, 5);
  ASSERT_TRUE(ix != NULL);
  ASSERT_EQ(phs_pip_index_find(ix, 1.5, 1.5), 1); /* overlap: rank 2 < 3 */
  ASSERT_EQ(phs_pip_index_find(ix, 0.5, 0.5), 0);
  ASSERT_EQ(phs_pip_index_find(ix, 2.5, 2.5), 1);
  ASSERT_EQ(phs_pip_index_find(ix, 2.5, 0.5), -1); /* in the bbox, in none */
  ASSERT_EQ(phs_pip_index_find(ix, 13, 13), 3);    /* in P2's hole: P3 */
  ASSERT_EQ(phs_pip_index_find(ix, 13, 12), 2);    /* shared edge: rank 0 */
  ASSERT_EQ(phs_pip_index_find(ix, 11, 11), 2);
  ASSERT_EQ(phs_pip_index_find(ix, 25, 25), -1);
  ASSERT_EQ(phs_pip_index_find(ix, -1, 1), -1);
  phs_pip_index_free(ix);

  /* Without P3 the hole belongs to nobody. */
  ix = phs_pip_index_new(p, rank, 3);
  ASSERT_EQ(phs_pip_index_find(ix, 13, 13), -1);
  ASSERT_EQ(phs_pip_index_find(ix, 14, 13), 2);
  phs_pip_index_free(ix);

  /* No polygons (or only empty ones): always -1. */
  ix = phs_pip_index_new(p, NULL, 0);
  ASSERT_TRUE(ix != NULL);
  ASSERT_EQ(phs_pip_index_find(ix, 1, 1), -1);
  phs_pip_index_free(ix);
  ix = phs_pip_index_new(&p[4], NULL, 1);
  ASSERT_EQ(phs_pip_index_find(ix, 0, 0), -1);
  phs_pip_index_free(ix);
  phs_pip_index_free(NULL);
  for (int i = 0; i < 5; i++) phs_mpoly_free(&p[i]);
}

static unsigned long long lcg_state = 12345;
static double rnd(void) {
  lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (double)(lcg_state >> 11) / 9007199254740992.0;
}

static void test_brute_force(void) {
  /* 40 x 30 unit squares in shuffled positions with shuffled ranks, plus a
  ** few big overlapping squares; the index must agree with a full scan. */
  enum { NX = 40, NY = 30, NBIG = 5, N = NX * NY + NBIG };
  phs_mpoly *p = malloc(sizeof(*p) * N);
  int *rank = malloc(sizeof(int) * N);
  int *perm = malloc(sizeof(int) * N);
  for (int i = 0; i < N; i++) perm[i] = i;
  for (int i = N - 1; i > 0; i--) {
    int j = (int)(rnd() * (i + 1));
    int t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  for (int k = 0; k < N; k++) {
    int cell = perm[k];
    if (cell < NX * NY)
      square(&p[k], cell % NX, cell / NX, cell % NX + 1, cell / NX + 1);
    else
      square(&p[k], 3.5 * (cell - NX * NY), 2.5, 3.5 * (cell - NX * NY) + 7, 9.5);
    rank[k] = (k * 7919) % N; /* a permutation of 0..N-1 (7919 is prime) */
  }
  phs_pip_index *ix = phs_pip_index_new(p, rank, N);
  ASSERT_TRUE(ix != NULL);
  int mismatches = 0, found = 0;
  for (int t = 0; t < 20000; t++) {
    double x = rnd() * (NX + 2) - 1, y = rnd() * (NY + 2) - 1;
    if (t % 4 == 0) x = (double)(int)x; /* on vertical grid lines */
    if (t % 8 == 0) y = (double)(int)y; /* and on vertices */
    int best = -1;
    for (int k = 0; k < N; k++)
      if (phs_mpoly_locate(&p[k], x, y) != PHS_LOC_OUTSIDE &&
          (best < 0 || rank[k] < rank[best]))
        best = k;
    int got = phs_pip_index_find(ix, x, y);
    if (got != best) mismatches++;
    if (got >= 0) found++;
  }
  ASSERT_EQ(mismatches, 0);
  ASSERT_TRUE(found > 15000);
  phs_pip_index_free(ix);
  for (int k = 0; k < N; k++) phs_mpoly_free(&p[k]);
  free(p);
  free(rank);
  free(perm);
}

static void test_many_vertices(void) {
  /* Star-shaped polygons of 50..500 vertices (integer coordinates, so
  ** points on their edges and vertices are exact), each with a square hole,
  ** overlapping their neighbours: the banded edge search must give exactly
  ** phs_mpoly_locate's answers. */
  enum { N = 12 };
  phs_mpoly p[N];
  for (int k = 0; k < N; k++) {
    int nv = 50 + 41 * k;
    double *xy = malloc(sizeof(double) * 2 * nv);
    double cx = 100.0 * (k % 4), cy = 100.0 * (k / 4);
    for (int i = 0; i < nv; i++) {
      double a = 2 * M_PI * i / nv, r = (i % 2) ? 70 : 40 + (i % 7);
      xy[2 * i] = floor(cx + r * cos(a));
      xy[2 * i + 1] = floor(cy + r * sin(a));
    }
    phs_mpoly_init(&p[k]);
    ASSERT_OK(phs_mpoly_add_ring(&p[k], xy, nv, 0));
    double hole[] = {cx - 5, cy - 5, cx - 5, cy + 5, cx + 5, cy + 5, cx + 5, cy - 5};
    ASSERT_OK(phs_mpoly_add_ring(&p[k], hole, 4, 1));
    free(xy);
  }
  int rank[N];
  for (int k = 0; k < N; k++) rank[k] = (k * 5) % N;
  phs_pip_index *ix = phs_pip_index_new(p, rank, N);
  int mismatches = 0, boundary = 0;
  for (int t = 0; t < 40000; t++) {
    double x = rnd() * 500 - 100, y = rnd() * 400 - 100;
    if (t % 2 == 0) { /* on a vertex or along an edge of some polygon */
      const phs_mpoly *q = &p[t / 2 % N];
      int nv = q->ring_start[1], i = (int)(rnd() * nv), j = (i + 1) % nv;
      double f = (t % 4 == 0) ? 0.0 : 0.5;
      x = q->xy[2 * i] + f * (q->xy[2 * j] - q->xy[2 * i]);
      y = q->xy[2 * i + 1] + f * (q->xy[2 * j + 1] - q->xy[2 * i + 1]);
    }
    int best = -1;
    for (int k = 0; k < N; k++) {
      phs_location loc = phs_mpoly_locate(&p[k], x, y);
      if (loc == PHS_LOC_BOUNDARY) boundary++;
      if (loc != PHS_LOC_OUTSIDE && (best < 0 || rank[k] < rank[best])) best = k;
    }
    if (phs_pip_index_find(ix, x, y) != best) mismatches++;
  }
  ASSERT_EQ(mismatches, 0);
  ASSERT_TRUE(boundary > 10000);
  phs_pip_index_free(ix);
  for (int k = 0; k < N; k++) phs_mpoly_free(&p[k]);
}

/* ------------------------------------------------------------------------
** Synthetic sets against the brute-force rule
*/

/* The rule itself: the lowest rank (then position) among the polygons
** phs_mpoly_locate says cover the point; candidates from a bucket grid of
** bboxes (locate rejects by bbox first anyway), so millions of points stay
** quick under ASan. */
typedef struct {
  const phs_mpoly *p;
  const int *rank;
  int n;
  double x0, y0, sx, sy; /* bucket of x: (x - x0) * sx */
  int *start, *items;    /* 64 x 64 buckets */
} brute_idx;

enum { NB = 64 };

static int bucket(double t) {
  if (!(t >= 0)) return 0;
  return t >= NB ? NB - 1 : (int)t;
}

static void brute_init(brute_idx *b, const phs_mpoly *p, const int *rank, int n) {
  double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
  for (int k = 0; k < n; k++) {
    if (p[k].n_rings == 0) continue;
    x0 = fmin(x0, p[k].minx), y0 = fmin(y0, p[k].miny);
    x1 = fmax(x1, p[k].maxx), y1 = fmax(y1, p[k].maxy);
  }
  b->p = p, b->rank = rank, b->n = n, b->x0 = x0, b->y0 = y0;
  b->sx = x1 > x0 ? NB / (x1 - x0) : 0;
  b->sy = y1 > y0 ? NB / (y1 - y0) : 0;
  b->start = calloc(NB * NB + 1, sizeof(int));
  for (int pass = 0; pass < 2; pass++) {
    for (int k = 0; k < n; k++) {
      if (p[k].n_rings == 0 || !(p[k].minx <= p[k].maxx)) continue;
      int i0 = bucket((p[k].minx - x0) * b->sx), i1 = bucket((p[k].maxx - x0) * b->sx);
      int j0 = bucket((p[k].miny - y0) * b->sy), j1 = bucket((p[k].maxy - y0) * b->sy);
      for (int j = j0; j <= j1; j++)
        for (int i = i0; i <= i1; i++) {
          if (pass == 0)
            b->start[j * NB + i + 1]++;
          else
            b->items[b->start[j * NB + i]++] = k;
        }
    }
    if (pass == 0) {
      for (int c = 0; c < NB * NB; c++) b->start[c + 1] += b->start[c];
      b->items = malloc(sizeof(int) * (size_t)(b->start[NB * NB] + 1));
    } else {
      for (int c = NB * NB; c > 0; c--) b->start[c] = b->start[c - 1];
      b->start[0] = 0;
    }
  }
}

/* The rule's answer; *on set when the point is on a covering polygon's
** boundary. */
static int brute_find(const brute_idx *b, double x, double y, int *on) {
  *on = 0;
  if (!(x >= b->x0 && y >= b->y0)) return -1; /* left of or below every bbox */
  int c = bucket((y - b->y0) * b->sy) * NB + bucket((x - b->x0) * b->sx);
  int best = -1;
  for (int q = b->start[c]; q < b->start[c + 1]; q++) {
    int k = b->items[q];
    phs_location loc = phs_mpoly_locate(&b->p[k], x, y);
    if (loc == PHS_LOC_OUTSIDE) continue;
    if (loc == PHS_LOC_BOUNDARY) *on = 1;
    int rk = b->rank ? b->rank[k] : k, rb = best < 0 ? 0 : (b->rank ? b->rank[best] : best);
    if (best < 0 || rk < rb || (rk == rb && k < best)) best = k;
  }
  return best;
}

static void brute_free(brute_idx *b) {
  free(b->start);
  free(b->items);
}

/* n points around the set, 1 in 5 each: uniform over the bbox and a
** margin; on a vertex; on an edge (at a fraction k/64 of it); a few ulps
** to 1e-9 of the extent off an edge or vertex, along x or y; uniform in a
** small box around a random vertex. */
static void make_points(const phs_mpoly *p, int n_polys, long n, double *x,
                        double *y) {
  double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
  for (int k = 0; k < n_polys; k++) {
    if (p[k].n_rings == 0) continue;
    x0 = fmin(x0, p[k].minx), y0 = fmin(y0, p[k].miny);
    x1 = fmax(x1, p[k].maxx), y1 = fmax(y1, p[k].maxy);
  }
  double w = x1 - x0, h = y1 - y0;
  for (long i = 0; i < n; i++) {
    int kind = (int)(i % 5);
    if (kind == 0) {
      x[i] = x0 - 0.05 * w + 1.1 * w * rnd();
      y[i] = y0 - 0.05 * h + 1.1 * h * rnd();
      continue;
    }
    const phs_mpoly *q;
    do q = &p[(int)(rnd() * n_polys)];
    while (q->n_rings == 0);
    int nv = q->ring_start[q->n_rings], a = (int)(rnd() * nv), b = a + 1;
    for (int r = 0; r < q->n_rings; r++) /* b: a's successor in its ring */
      if (a == q->ring_start[r + 1] - 1) b = q->ring_start[r];
    double ax = q->xy[2 * a], ay = q->xy[2 * a + 1], bx = q->xy[2 * b], by = q->xy[2 * b + 1];
    double f = kind == 1 ? 0.0 : (int)(rnd() * 64) / 64.0;
    x[i] = ax + f * (bx - ax);
    y[i] = ay + f * (by - ay);
    if (kind == 3) {
      int steps = (int)(rnd() * 8);
      double d = rnd() < 0.5 ? HUGE_VAL : -HUGE_VAL;
      if (rnd() < 0.3) { /* up to 1e-9 of the extent */
        double off = (rnd() - 0.5) * 2e-9 * fmax(w, h);
        if (rnd() < 0.5) x[i] += off; else y[i] += off;
      } else {
        for (int s = 0; s < steps; s++) {
          if (i % 2) x[i] = nextafter(x[i], d); else y[i] = nextafter(y[i], d);
        }
      }
    } else if (kind == 4) {
      double r = fmax(w, h) * 1e-4;
      x[i] += (rnd() - 0.5) * r;
      y[i] += (rnd() - 0.5) * r;
    }
  }
}

/* Check n points of the set (and the same points shuffled) against the
** brute-force rule, through find and through find_many in uneven batches.
** Returns how many points the rule puts on some boundary. */
static long check_set(const char *name, const phs_mpoly *p, const int *rank,
                      int n_polys, long n) {
  phs_pip_index *ix = phs_pip_index_new(p, rank, n_polys);
  ASSERT_TRUE(ix != NULL);
  if (ix == NULL) return 0;
  brute_idx b;
  brute_init(&b, p, rank, n_polys);
  double *x = malloc(sizeof(double) * (size_t)n), *y = malloc(sizeof(double) * (size_t)n);
  int *want = malloc(sizeof(int) * (size_t)n), *got = malloc(sizeof(int) * (size_t)n);
  make_points(p, n_polys, n, x, y);
  long bad_find = 0, bad_many = 0, on_boundary = 0, found = 0;
  for (long i = 0; i < n; i++) {
    int on;
    want[i] = brute_find(&b, x[i], y[i], &on);
    if (want[i] >= 0) found++;
    if (phs_pip_index_find(ix, x[i], y[i]) != want[i]) bad_find++;
    on_boundary += on;
  }
  for (long i = 0; i < n;) { /* batches of 0..99 points */
    long m = (long)(rnd() * 100);
    if (m > n - i) m = n - i;
    phs_pip_index_find_many(ix, (size_t)m, x + i, y + i, got + i);
    i += m;
  }
  for (long i = 0; i < n; i++) bad_many += got[i] != want[i];
  /* Random order through find_many in one call. */
  for (long i = n - 1; i > 0; i--) {
    long j = (long)(rnd() * (double)(i + 1));
    double tx = x[i], ty = y[i];
    int tw = want[i];
    x[i] = x[j], y[i] = y[j], want[i] = want[j];
    x[j] = tx, y[j] = ty, want[j] = tw;
  }
  phs_pip_index_find_many(ix, (size_t)n, x, y, got);
  for (long i = 0; i < n; i++) bad_many += got[i] != want[i];
  PHS_CHECK_(bad_find == 0, "%s: %ld of %ld points differ from the rule (find)", name,
             bad_find, n);
  PHS_CHECK_(bad_many == 0, "%s: %ld of %ld points differ from the rule (find_many)",
             name, bad_many, 2 * n);
  PHS_CHECK_(found > n / 4, "%s: only %ld of %ld points covered", name, found, n);
  phs_pip_index_free(ix);
  brute_free(&b);
  free(x);
  free(y);
  free(want);
  free(got);
  return on_boundary;
}

static void shuffled_ranks(int *rank, int n) {
  for (int i = 0; i < n; i++) rank[i] = i;
  for (int i = n - 1; i > 0; i--) {
    int j = (int)(rnd() * (i + 1)), t = rank[i];
    rank[i] = rank[j];
    rank[j] = t;
  }
}

static void free_polys(phs_mpoly *p, int n) {
  for (int k = 0; k < n; k++) phs_mpoly_free(&p[k]);
  free(p);
}

/* A regular polygon ring around (cx, cy). */
static void ring_add(phs_mpoly *p, double cx, double cy, double r, int nv,
                     double phase, int hole) {
  double *xy = malloc(sizeof(double) * 2 * (size_t)nv);
  for (int i = 0; i < nv; i++) {
    double a = phase + 2 * M_PI * i / nv;
    xy[2 * i] = cx + r * cos(a);
    xy[2 * i + 1] = cy + r * sin(a);
  }
  ASSERT_OK(phs_mpoly_add_ring(p, xy, nv, hole));
  free(xy);
}

/* Squares on an integer grid, shifted by (ox, oy) and scaled by s (exact
** for the dyadic s used), in shuffled positions and ranks, plus big
** squares overlapping them. */
static void test_set_squares(double ox, double oy, double s, long n_points) {
  enum { NX = 60, NY = 45, NBIG = 8, N = NX * NY + NBIG };
  phs_mpoly *p = calloc(N, sizeof(*p));
  int *rank = malloc(sizeof(int) * N);
  for (int k = 0; k < N; k++) {
    int c = (k * 7919) % N; /* a permutation */
    if (c < NX * NY)
      square(&p[k], ox + s * (c % NX), oy + s * (c / NX), ox + s * (c % NX + 1),
             oy + s * (c / NX + 1));
    else
      square(&p[k], ox + s * 6.5 * (c - NX * NY), oy + s * 3.25,
             ox + s * (6.5 * (c - NX * NY) + 9), oy + s * 17.5);
  }
  shuffled_ranks(rank, N);
  long on = check_set("squares", p, rank, N, n_points);
  PHS_CHECK_(on > n_points / 3, "squares: %ld points on a boundary", on);
  free_polys(p, N);
  free(rank);
}

/* Concentric annuli (each the hole of the next), a disc in the middle, a
** second family of annuli with other vertex counts overlapping them, and
** discs filling some of their holes. */
static void test_set_concentric(long n_points) {
  enum { NR = 12, N = 2 * NR + 3 };
  phs_mpoly *p = calloc(N, sizeof(*p));
  for (int k = 0; k < NR; k++) {
    phs_mpoly_init(&p[k]);
    ring_add(&p[k], 0, 0, 1.0 + k, 24 + 8 * k, 0.0, 0);
    if (k > 0) ring_add(&p[k], 0, 0, 1.0 + (k - 1), 24 + 8 * (k - 1), 0.0, 1);
    phs_mpoly_init(&p[NR + k]);
    ring_add(&p[NR + k], 3.3, -1.7, 0.75 + 1.1 * k, 17 + 5 * k, 0.3, 0);
    ring_add(&p[NR + k], 3.3, -1.7, 0.75 + 1.1 * k - 0.4, 17 + 5 * k, 0.3, 1);
  }
  phs_mpoly_init(&p[2 * NR]); /* fills the innermost hole of the second family */
  ring_add(&p[2 * NR], 3.3, -1.7, 0.35, 17, 0.3, 0);
  phs_mpoly_init(&p[2 * NR + 1]); /* a small disc inside a hole of the first */
  ring_add(&p[2 * NR + 1], 0, 0, 0.5, 40, 0.1, 0);
  phs_mpoly_init(&p[2 * NR + 2]); /* and one across several rings */
  ring_add(&p[2 * NR + 2], 6.0, 2.0, 2.5, 9, 0.0, 0);
  int rank[N];
  shuffled_ranks(rank, N);
  long on = check_set("concentric", p, rank, N, n_points);
  PHS_CHECK_(on > n_points / 10, "concentric: %ld points on a boundary", on);
  check_set("concentric, rank = position", p, NULL, N, n_points / 4);
  for (int k = 0; k < N; k++) phs_mpoly_free(&p[k]);
  free(p);
}

/* Borders that differ by a hair: pairs of polygons whose shared border
** has one side moved by 1e-7 (slivers of overlap and gaps), long strips
** 1e-6 wide, and needles; all far thinner than any cell. */
static void test_set_slivers(long n_points) {
  enum { NP = 40, N = 2 * NP + 20 };
  phs_mpoly *p = calloc(N, sizeof(*p));
  for (int k = 0; k < NP; k++) {
    double y0 = k, y1 = k + 1, mid = 5.0 + 0.37 * sin(k);
    double left[] = {0, y0, mid, y0, mid + 0.3, y0 + 0.5, mid, y1, 0, y1};
    double dy = (k % 3 == 0 ? 1e-7 : k % 3 == 1 ? -1e-7 : 0.0);
    double right[] = {mid, y0, 10, y0, 10, y1, mid, y1, mid + 0.3 + dy, y0 + 0.5};
    phs_mpoly_init(&p[2 * k]);
    ASSERT_OK(phs_mpoly_add_ring(&p[2 * k], left, 5, 0));
    phs_mpoly_init(&p[2 * k + 1]);
    ASSERT_OK(phs_mpoly_add_ring(&p[2 * k + 1], right, 5, 0));
  }
  for (int k = 0; k < 10; k++) { /* strips and needles */
    double yy = 0.5 + 3.9 * k, strip[] = {-1, yy, 11, yy, 11, yy + 1e-6, -1, yy + 1e-6};
    phs_mpoly_init(&p[2 * NP + k]);
    ASSERT_OK(phs_mpoly_add_ring(&p[2 * NP + k], strip, 4, 0));
    double xx = 1.1 + 0.9 * k,
           needle[] = {xx, -0.5, xx + 3e-7, 20.0, xx + 1e-9 * k, 40.5};
    phs_mpoly_init(&p[2 * NP + 10 + k]);
    ASSERT_OK(phs_mpoly_add_ring(&p[2 * NP + 10 + k], needle, 3, 0));
  }
  int rank[N];
  shuffled_ranks(rank, N);
  long on = check_set("slivers", p, rank, N, n_points);
  PHS_CHECK_(on > n_points / 5, "slivers: %ld points on a boundary", on);
  for (int k = 0; k < N; k++) phs_mpoly_free(&p[k]);
  free(p);
}

/* Polygons far smaller than the finest cell: tiny squares and stars (one
** of 300 vertices within 1e-4, more edges than a leaf takes) scattered
** over two big overlapping polygons. */
static void test_set_tiny(long n_points) {
  enum { NT = 300, N = NT + 4 };
  phs_mpoly *p = calloc(N, sizeof(*p));
  square(&p[0], 0, 0, 100, 100);
  square(&p[1], 40, 30, 140, 90);
  phs_mpoly_init(&p[2]);
  ring_add(&p[2], 50.0, 50.0, 1e-4, 300, 0.0, 0);
  phs_mpoly_init(&p[3]);
  ring_add(&p[3], 50.00005, 50.0, 2e-5, 64, 0.2, 0);
  for (int k = 0; k < NT; k++) {
    double cx = 1 + 138 * rnd(), cy = 1 + 98 * rnd(), r = 1e-5 + 1e-3 * rnd();
    if (k % 2)
      square(&p[4 + k], cx, cy, cx + r, cy + r);
    else {
      phs_mpoly_init(&p[4 + k]);
      ring_add(&p[4 + k], cx, cy, r, 5 + k % 40, rnd(), 0);
    }
  }
  int rank[N];
  shuffled_ranks(rank, N);
  check_set("tiny", p, rank, N, n_points);
  for (int k = 0; k < N; k++) phs_mpoly_free(&p[k]);
  free(p);
}

/* Commune-like cells: a grid of quadrilaterals whose shared corners are
** jittered (so neighbours share borders exactly), with extra vertices
** along borders, around (cx, cy) with cells of size s: lon/lat degrees or
** UTM metres. Every fifth cell is split in two along a diagonal. */
static void test_set_communes(double cx, double cy, double s, long n_points) {
  enum { GX = 30, GY = 25 };
  double *vx = malloc(sizeof(double) * (GX + 1) * (GY + 1));
  double *vy = malloc(sizeof(double) * (GX + 1) * (GY + 1));
  for (int j = 0; j <= GY; j++)
    for (int i = 0; i <= GX; i++) {
      int edge = i == 0 || j == 0 || i == GX || j == GY;
      vx[j * (GX + 1) + i] = cx + s * (i + (edge ? 0 : 0.35 * (rnd() - 0.5)));
      vy[j * (GX + 1) + i] = cy + s * (j + (edge ? 0 : 0.35 * (rnd() - 0.5)));
    }
  int cap = 2 * GX * GY, n = 0;
  phs_mpoly *p = calloc((size_t)cap, sizeof(*p));
  for (int j = 0; j < GY; j++)
    for (int i = 0; i < GX; i++) {
      int c[4] = {j * (GX + 1) + i, j * (GX + 1) + i + 1, (j + 1) * (GX + 1) + i + 1,
                  (j + 1) * (GX + 1) + i};
      double xy[16];
      int m = 0;
      for (int q = 0; q < 4; q++) { /* corner, then the border's midpoint */
        int a = c[q], b = c[(q + 1) % 4];
        xy[2 * m] = vx[a], xy[2 * m + 1] = vy[a], m++;
        xy[2 * m] = 0.5 * (vx[a] + vx[b]), xy[2 * m + 1] = 0.5 * (vy[a] + vy[b]), m++;
      }
      if ((i + j) % 5 == 0) { /* two triangles-ish halves: 0..4 and 4..8 */
        double h1[10], h2[10];
        memcpy(h1, xy, sizeof(double) * 10);
        memcpy(h2, xy + 8, sizeof(double) * 8);
        h2[8] = xy[0], h2[9] = xy[1];
        phs_mpoly_init(&p[n]);
        ASSERT_OK(phs_mpoly_add_ring(&p[n++], h1, 5, 0));
        phs_mpoly_init(&p[n]);
        ASSERT_OK(phs_mpoly_add_ring(&p[n++], h2, 5, 0));
      } else {
        phs_mpoly_init(&p[n]);
        ASSERT_OK(phs_mpoly_add_ring(&p[n++], xy, 8, 0));
      }
    }
  int *rank = malloc(sizeof(int) * (size_t)n);
  shuffled_ranks(rank, n);
  long on = check_set("communes", p, rank, n, n_points);
  PHS_CHECK_(on > n_points / 5, "communes: %ld points on a boundary", on);
  free_polys(p, n);
  free(rank);
  free(vx);
  free(vy);
}

/* Polygons the tree cannot reason about: one with a NaN vertex (its bbox
** ignores it), one whose stored bbox is smaller than its vertices'; the
** rule (bbox first, then the even-odd location) still decides. Then a
** set with no height (every polygon on one line): no tree at all. */
static void test_set_irregular(long n_points) {
  enum { N = 200 };
  phs_mpoly *p = calloc(N, sizeof(*p));
  for (int k = 0; k < N - 2; k++)
    square(&p[k], k % 20, k / 20, k % 20 + 1.5, k / 20 + 1.5);
  double nan_ring[] = {3.2, 3.2, 7.7, 3.4, NAN, 5.0, 6.1, 8.3, 3.3, 7.9};
  phs_mpoly_init(&p[N - 2]);
  ASSERT_OK(phs_mpoly_add_ring(&p[N - 2], nan_ring, 5, 0));
  phs_mpoly_init(&p[N - 1]);
  ring_add(&p[N - 1], 12.0, 4.0, 3.0, 11, 0.2, 0);
  p[N - 1].maxx -= 1.0; /* a stale bbox: the east tip is cut off */
  int rank[N];
  shuffled_ranks(rank, N);
  check_set("irregular", p, rank, N, n_points);
  for (int k = 0; k < N; k++) phs_mpoly_free(&p[k]);

  for (int k = 0; k < 10; k++) { /* on the line y = 2 */
    double seg[] = {k, 2, k + 1, 2, k + 0.5, 2};
    phs_mpoly_init(&p[k]);
    ASSERT_OK(phs_mpoly_add_ring(&p[k], seg, 3, 0));
  }
  phs_pip_index *ix = phs_pip_index_new(p, NULL, 10);
  ASSERT_TRUE(ix != NULL);
  ASSERT_EQ(phs_pip_index_find(ix, 3.5, 2.0), 3);
  ASSERT_EQ(phs_pip_index_find(ix, 3.0, 2.0), 2); /* shared end: lower rank */
  ASSERT_EQ(phs_pip_index_find(ix, 3.5, 2.5), -1);
  double qx[] = {3.5, 3.0, 3.5, 9.75}, qy[] = {2.0, 2.0, 2.5, 2.0};
  int out[4];
  phs_pip_index_find_many(ix, 4, qx, qy, out);
  ASSERT_EQ(out[0], 3);
  ASSERT_EQ(out[1], 2);
  ASSERT_EQ(out[2], -1);
  ASSERT_EQ(out[3], 9);
  phs_pip_index_free(ix);
  for (int k = 0; k < 10; k++) phs_mpoly_free(&p[k]);
  free(p);
}

int main(void) {
  test_adjacent();
  test_overlap_and_holes();
  test_brute_force();
  test_many_vertices();
  /* 1.7 million points, each checked three times. */
  test_set_squares(0, 0, 1, 300000);
  test_set_squares(500000, 2000000, 0.25, 150000); /* UTM-like magnitudes */
  test_set_concentric(200000);
  test_set_slivers(300000);
  test_set_tiny(200000);
  test_set_communes(105.5, 20.5, 0.02, 300000);  /* lon/lat */
  test_set_communes(600000, 2300000, 2000, 150000); /* UTM metres */
  test_set_irregular(100000);
  return phs_test_report("geo_pip_index");
}
