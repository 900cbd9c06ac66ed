/*
** pip_micro.c: micro-benchmark of the point-in-polygon index
** (geo/pip_index.c, issue 6): counts household points into the communes
** of a phusong store, as `analyze` does, and reports nanoseconds per point
** per core and points per second, in file order (sorted by commune) and in
** a random order, with 1 and N threads, point by point
** (phs_pip_index_find) and in batches (phs_pip_index_find_many).
** Built only with -DPHS_BENCH=ON; bench/pip_micro.sh prepares the data.
**
**   pip_micro STORE HOUSEHOLDS.CSV [--limit N] [--threads N] [--check N]
**             [--uniform N] [--repeat R]
**
** STORE holds the communes (`phusong import communes`); HOUSEHOLDS.CSV is
** synth's households.csv (household_id,lon,lat,fibre). --uniform N adds N
** points drawn uniformly in the communes' bbox (most fall outside every
** commune). --check N compares N points of each order with a brute-force
** scan (bbox, then phs_mpoly_locate over every polygon, lowest rank wins);
** the batch answers are always compared with the point-by-point ones.
** Compile with -DPIP_MICRO_NO_BATCH for a tree without find_many.
*/
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "phs_data.h"
#include "phs_geo.h"

typedef struct {
  const phs_pip_index *ix;
  const double *x, *y;
  size_t n;
  int batch;
  long *count;        /* owned by the caller: n_polys + 1 (last: none) */
  int n_polys;
  double cpu_s;       /* this thread's CPU time */
} job;

static double now_s(clockid_t c) {
  struct timespec ts;
  clock_gettime(c, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void *run_job(void *arg) {
  job *j = arg;
  double c0 = now_s(CLOCK_THREAD_CPUTIME_ID);
  if (!j->batch) {
    for (size_t i = 0; i < j->n; i++) {
      int k = phs_pip_index_find(j->ix, j->x[i], j->y[i]);
      j->count[k < 0 ? j->n_polys : k]++;
    }
  } else {
#ifndef PIP_MICRO_NO_BATCH
    enum { CHUNK = 1024 };
    int out[CHUNK];
    for (size_t i = 0; i < j->n; i += CHUNK) {
      size_t m = j->n - i < CHUNK ? j->n - i : CHUNK;
      phs_pip_index_find_many(j->ix, m, j->x + i, j->y + i, out);
      for (size_t q = 0; q < m; q++) j->count[out[q] < 0 ? j->n_polys : out[q]]++;
    }
#endif
  }
  j->cpu_s = now_s(CLOCK_THREAD_CPUTIME_ID) - c0;
  return NULL;
}

/* Count every point with `threads` threads; print one line; return the
** counts' checksum. */
static unsigned long long count_points(const phs_pip_index *ix, int n_polys,
                                       const double *x, const double *y,
                                       size_t n, int threads, int batch,
                                       const char *order, int repeat) {
  job jobs[64];
  pthread_t th[64];
  long *counts = calloc((size_t)threads * (size_t)(n_polys + 1), sizeof(long));
  double best_wall = 1e300, best_cpu = 1e300;
  for (int r = 0; r < repeat; r++) {
    memset(counts, 0, sizeof(long) * (size_t)threads * (size_t)(n_polys + 1));
    double w0 = now_s(CLOCK_MONOTONIC);
    for (int t = 0; t < threads; t++) {
      size_t a = n * (size_t)t / (size_t)threads, b = n * (size_t)(t + 1) / (size_t)threads;
      jobs[t] = (job){ix, x + a, y + a, b - a, batch,
                      counts + (size_t)t * (size_t)(n_polys + 1), n_polys, 0};
      pthread_create(&th[t], NULL, run_job, &jobs[t]);
    }
    double cpu = 0;
    for (int t = 0; t < threads; t++) {
      pthread_join(th[t], NULL);
      cpu += jobs[t].cpu_s;
    }
    double wall = now_s(CLOCK_MONOTONIC) - w0;
    if (wall < best_wall) best_wall = wall;
    if (cpu < best_cpu) best_cpu = cpu;
  }
  unsigned long long h = 1469598103934665603ULL;
  long none = 0;
  for (int k = 0; k <= n_polys; k++) {
    long c = 0;
    for (int t = 0; t < threads; t++) c += counts[(size_t)t * (size_t)(n_polys + 1) + (size_t)k];
    if (k == n_polys) none = c;
    h = (h ^ (unsigned long long)c) * 1099511628211ULL;
  }
  printf("%-7s %-6s threads %d  points %zu  elapsed %7.3f s  cpu %7.3f s  "
         "%6.1f ns/point/core  %6.2f Mpoints/s  (none %ld, checksum %016llx)\n",
         order, batch ? "batch" : "single", threads, n, best_wall, best_cpu,
         1e9 * best_cpu / (double)n, (double)n / best_wall / 1e6, none, h);
  fflush(stdout);
  free(counts);
  return h;
}

static unsigned long long rng_state = 0x9E3779B97F4A7C15ULL;
static unsigned long long rng_next(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

/* The rule by brute force: lowest rank (= position) covering, bbox first. */
static int brute(const phs_mpoly *p, int n, double x, double y) {
  for (int k = 0; k < n; k++) {
    if (x < p[k].minx || x > p[k].maxx || y < p[k].miny || y > p[k].maxy) continue;
    if (phs_mpoly_locate(&p[k], x, y) != PHS_LOC_OUTSIDE) return k;
  }
  return -1;
}

static int read_points(const char *path, size_t limit, double **px, double **py,
                       size_t *pn) {
  FILE *f = fopen(path, "r");
  if (f == NULL) return -1;
  size_t cap = 1 << 20, n = 0;
  double *x = malloc(cap * sizeof(double)), *y = malloc(cap * sizeof(double));
  char line[512];
  if (fgets(line, sizeof(line), f) == NULL) { /* header */
    fclose(f);
    return -1;
  }
  while (n < limit && fgets(line, sizeof(line), f)) {
    char *c1 = strchr(line, ',');
    if (c1 == NULL) continue;
    char *end;
    double lon = strtod(c1 + 1, &end);
    if (*end != ',') continue;
    double lat = strtod(end + 1, NULL);
    if (n == cap) {
      cap *= 2;
      x = realloc(x, cap * sizeof(double));
      y = realloc(y, cap * sizeof(double));
    }
    x[n] = lon;
    y[n] = lat;
    n++;
  }
  fclose(f);
  *px = x;
  *py = y;
  *pn = n;
  return 0;
}

static long rss_kb(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kb = -1;
  while (f && fgets(line, sizeof(line), f))
    if (strncmp(line, "VmRSS:", 6) == 0) kb = atol(line + 6);
  if (f) fclose(f);
  return kb;
}

int main(int argc, char **argv) {
  const char *store_path = NULL, *csv = NULL;
  size_t limit = (size_t)-1, uniform = 0;
  int threads = 2, check = 0, repeat = 1;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--limit") && i + 1 < argc) limit = strtoull(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--check") && i + 1 < argc) check = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--uniform") && i + 1 < argc) uniform = strtoull(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = atoi(argv[++i]);
    else if (!store_path) store_path = argv[i];
    else if (!csv) csv = argv[i];
    else {
      fprintf(stderr, "pip_micro: unexpected argument %s\n", argv[i]);
      return 2;
    }
  }
  if (!store_path || !csv || threads < 1 || threads > 64 || repeat < 1) {
    fprintf(stderr, "usage: pip_micro STORE HOUSEHOLDS.CSV [--limit N] [--threads N]"
                    " [--check N] [--uniform N] [--repeat R]\n");
    return 2;
  }
  phs_diag d;
  phs_diag_init(&d);
  phs_store *s = NULL;
  phs_dataset ds;
  memset(&ds, 0, sizeof(ds));
  if (phs_store_open(store_path, &s, &d) || phs_dataset_load(s, &ds, &d)) {
    fprintf(stderr, "pip_micro: %s\n", d.msg);
    return 1;
  }
  /* The polygons as analyze.c indexes them: those with geometry, ranked by
  ** position (= commune code). */
  phs_mpoly *polys = calloc((size_t)ds.n_communes + 1, sizeof(phs_mpoly));
  int n = 0;
  long long n_vertices = 0;
  for (int i = 0; i < ds.n_communes; i++) {
    if (!ds.communes[i].has_geom) continue;
    polys[n] = ds.communes[i].geom;
    n_vertices += polys[n].n_rings ? polys[n].ring_start[polys[n].n_rings] : 0;
    n++;
  }
  double *x, *y;
  size_t np;
  double t0 = now_s(CLOCK_MONOTONIC);
  if (read_points(csv, limit, &x, &y, &np)) {
    fprintf(stderr, "pip_micro: cannot read %s\n", csv);
    return 1;
  }
  if (uniform) {
    double minx = 1e300, miny = 1e300, maxx = -1e300, maxy = -1e300;
    for (int k = 0; k < n; k++) {
      if (polys[k].minx < minx) minx = polys[k].minx;
      if (polys[k].miny < miny) miny = polys[k].miny;
      if (polys[k].maxx > maxx) maxx = polys[k].maxx;
      if (polys[k].maxy > maxy) maxy = polys[k].maxy;
    }
    x = realloc(x, (np + uniform) * sizeof(double));
    y = realloc(y, (np + uniform) * sizeof(double));
    for (size_t i = 0; i < uniform; i++) {
      x[np + i] = minx + (maxx - minx) * (double)(rng_next() >> 11) / 9007199254740992.0;
      y[np + i] = miny + (maxy - miny) * (double)(rng_next() >> 11) / 9007199254740992.0;
    }
    np += uniform;
  }
  printf("%d polygons, %lld vertices, %zu points (read in %.1f s)\n", n, n_vertices,
         np, now_s(CLOCK_MONOTONIC) - t0);

  long rss0 = rss_kb();
  double b0 = now_s(CLOCK_MONOTONIC), bc0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
  phs_pip_index *ix = phs_pip_index_new(polys, NULL, n);
  double b1 = now_s(CLOCK_MONOTONIC), bc1 = now_s(CLOCK_PROCESS_CPUTIME_ID);
  if (ix == NULL) {
    fprintf(stderr, "pip_micro: index: out of memory\n");
    return 1;
  }
  printf("index built in %.3f s (cpu %.3f s), resident memory +%ld KB\n", b1 - b0,
         bc1 - bc0, rss_kb() - rss0);

  /* The random order: a shuffled copy. */
  double *rx = malloc(np * sizeof(double)), *ry = malloc(np * sizeof(double));
  size_t *perm = malloc(np * sizeof(size_t));
  for (size_t i = 0; i < np; i++) perm[i] = i;
  for (size_t i = np; i > 1; i--) {
    size_t j = (size_t)(rng_next() % i);
    size_t t = perm[i - 1];
    perm[i - 1] = perm[j];
    perm[j] = t;
  }
  for (size_t i = 0; i < np; i++) {
    rx[i] = x[perm[i]];
    ry[i] = y[perm[i]];
  }
  free(perm);

  int status = 0;
  const char *names[2] = {"file", "random"};
  const double *ox[2] = {x, rx}, *oy[2] = {y, ry};
  for (int o = 0; o < 2; o++) {
    unsigned long long ref = count_points(ix, n, ox[o], oy[o], np, 1, 0, names[o], repeat);
    if (threads > 1 &&
        count_points(ix, n, ox[o], oy[o], np, threads, 0, names[o], repeat) != ref)
      status = 1;
#ifndef PIP_MICRO_NO_BATCH
    if (count_points(ix, n, ox[o], oy[o], np, 1, 1, names[o], repeat) != ref) status = 1;
    if (threads > 1 &&
        count_points(ix, n, ox[o], oy[o], np, threads, 1, names[o], repeat) != ref)
      status = 1;
    /* The batch gives each point the single lookup's answer. */
    enum { CHUNK = 4096 };
    int out[CHUNK];
    size_t bad = 0;
    for (size_t i = 0; i < np; i += CHUNK) {
      size_t m = np - i < CHUNK ? np - i : CHUNK;
      phs_pip_index_find_many(ix, m, ox[o] + i, oy[o] + i, out);
      for (size_t q = 0; q < m; q++)
        if (out[q] != phs_pip_index_find(ix, ox[o][i + q], oy[o][i + q])) bad++;
    }
    if (bad) {
      printf("%s order: %zu batch answers differ from single ones\n", names[o], bad);
      status = 1;
    }
#endif
    if (check > 0) {
      size_t bad_bf = 0, m = (size_t)check < np ? (size_t)check : np;
      for (size_t i = 0; i < m; i++) {
        size_t q = np > m ? (size_t)(rng_next() % np) : i;
        if (phs_pip_index_find(ix, ox[o][q], oy[o][q]) != brute(polys, n, ox[o][q], oy[o][q]))
          bad_bf++;
      }
      printf("%s order: %zu of %zu sampled points differ from the brute-force rule\n",
             names[o], bad_bf, m);
      if (bad_bf) status = 1;
    }
  }
  phs_pip_index_free(ix);
  free(rx);
  free(ry);
  free(x);
  free(y);
  free(polys);
  phs_dataset_free(&ds);
  phs_store_close(s);
  phs_diag_clear(&d);
  return status;
}
