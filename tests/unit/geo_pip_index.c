/*
** geo_pip_index.c: the point-to-polygon rule (covering polygons, lowest
** rank wins, none -> -1), independent of load order, checked on hand-made
** squares and against a brute-force scan on a shuffled grid of squares.
*/
#include <math.h>
#include <stdlib.h>

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

int main(void) {
  test_adjacent();
  test_overlap_and_holes();
  test_brute_force();
  test_many_vertices();
  return phs_test_report("geo_pip_index");
}
