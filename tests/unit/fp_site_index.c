/*
** fp_site_index.c: the site index of fp_eval_point's flat-earth branch
** (analyzer/footprint.c, "the site index"): a household point is asked
** only of the sites listed in its cell of a grid over their reach discs,
** and must get the answer of asking every site.
**
** 1. By hand: the default 5G n78 site (77 dBm EIRP, 30 m, omni, 6 deg
**    electrical tilt; UMa NLOS, -110 dBm, 90 %) reaches the threshold out
**    to between 1010 and 1011 m (worked in tests/unit/site_radius.c, which
**    checks the numbers). Three such sites of three operators 1500 m
**    apart: points at 1009.5 m / 1011.5 m of one site, or between two,
**    are covered by exactly the operators worked out here; with
**    --max-distance 800 m a point at 900 m is not.
** 2. Against the scan: a thousand sites of three operators with random
**    heights, bands, EIRPs, azimuths and tilts, for every path-loss model
**    and LOS mode, --model auto, and a max_dist below some reaches:
**    fp_eval_point (the index) and fp_eval_point_scan (every site) agree
**    on every point (hits per operator, and the hits-less answer), at
**    random points and at points near sites; and the models cover a
**    fair share of the points, so that the comparison can fail.
** 3. Threads: two threads asking one evaluator at once (the flat-earth
**    model, the model's grid cells, circles, claims with and without
**    lon/lat) get the answers of one thread.
*/
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "footprint.h"
#include "phs_test.h"

#define WORKING_CRS "EPSG:32648"

static const char *const GROUPS[] = {"MB", "VN", "VT"};

/* xorshift64*: the same draws on every machine. */
static unsigned long long rng_state = 0x9E3779B97F4A7C15ULL;
static double uniform(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return (double)((rng_state * 0x2545F4914F6CDD1DULL) >> 11) / 9007199254740992.0;
}

static phs_site make_site(const char *op, const char *id, double lon,
                          double lat, int band) {
  phs_site s;
  memset(&s, 0, sizeof(s));
  s.operator_code = (char *)op;
  s.site_id = (char *)id;
  s.tech = (char *)"5G";
  s.band_mhz = band;
  s.radius_m = NAN;
  s.lon = lon;
  s.lat = lat;
  for (int a = 0; a < PHS_SITE_N_ATTRS; a++) s.attr[a] = NAN;
  return s;
}

static fp_opts base_opts(int model, phs_los_mode los) {
  fp_opts o;
  memset(&o, 0, sizeof(o));
  o.tech = "5G";
  o.model = model;
  o.env = PHS_ENV_URBAN;
  o.los = los;
  o.h_ut = 1.5;
  o.threshold_dbm = -110;
  o.reliability = 0.9;
  o.max_dist_m = 10000;
  o.grid_m = 50;
  o.default_height_m = 30;
  o.working_crs = WORKING_CRS;
  o.groups = GROUPS;
  o.n_groups = 3;
  o.threads = 1;
  return o;
}

/* ---------------------------------------------------------- by hand */

/* e's hits at (x, y), as 0/1 per group (MB, VN, VT), must be want, and
** the answer without hits their "or". */
#define EXPECT_HITS(e, x, y, want) expect_hits(e, x, y, want, __LINE__)
static void expect_hits(const fp_eval *e, double x, double y,
                        const char *want, int line) {
  unsigned char h[3];
  char got[4];
  int any = fp_eval_point(e, x, y, h);
  for (int g = 0; g < 3; g++) got[g] = h[g] ? '1' : '0';
  got[3] = '\0';
  PHS_CHECK_(strcmp(got, want) == 0, "line %d: hits %s, want %s", line, got,
             want);
  PHS_CHECK_(any == (h[0] | h[1] | h[2]) &&
                 fp_eval_point(e, x, y, NULL) == any,
             "line %d: any %d, hits %s", line, any, got);
}

static void test_by_hand(phs_crs_transform *tr) {
  /* Site A (VT) at the origin, B (VN) 1500 m east, C (MB) 1500 m north;
  ** positions chosen in the working CRS and taken back to lon/lat. */
  phs_diag d;
  phs_diag_init(&d);
  phs_crs_transform *inv = phs_crs_transform_new(WORKING_CRS, "EPSG:4326", &d);
  ASSERT_TRUE(inv != NULL);
  if (inv == NULL) return;
  double x0 = 700000, y0 = 1200000;
  double sx[3] = {x0, x0 + 1500, x0}, sy[3] = {y0, y0, y0 + 1500};
  double lon[3], lat[3];
  memcpy(lon, sx, sizeof(lon));
  memcpy(lat, sy, sizeof(lat));
  phs_crs_transform_points(inv, lon, lat, 3);
  phs_site sites[3] = {make_site("VT", "A", lon[0], lat[0], 3500),
                       make_site("VN", "B", lon[1], lat[1], 3500),
                       make_site("MB", "C", lon[2], lat[2], 3500)};
  /* Back to the working CRS as the evaluator does (the round trip moves
  ** them by nanometres). */
  double bx[3], by[3];
  for (int i = 0; i < 3; i++) {
    bx[i] = lon[i];
    by[i] = lat[i];
  }
  phs_crs_transform_points(tr, bx, by, 3);
  for (int i = 0; i < 3; i++) {
    ASSERT_NEAR(bx[i], sx[i], 1e-3);
    ASSERT_NEAR(by[i], sy[i], 1e-3);
  }
  phs_dataset ds;
  memset(&ds, 0, sizeof(ds));
  ds.sites = sites;
  ds.n_sites = 3;
  fp_opts o = base_opts(PHS_PL_38901_UMA, PHS_LOS_NLOS);
  fp_eval *e = NULL;
  ASSERT_OK(fp_eval_new(&ds, &o, tr, NULL, 0, NULL, &e, &d));
  if (e == NULL) {
    fprintf(stderr, "%s\n", d.msg);
    phs_diag_clear(&d);
    phs_crs_transform_free(inv);
    return;
  }
  /* Groups: MB, VN, VT. Site A alone, inside and outside its edge, in
  ** four directions away from B and C. */
  EXPECT_HITS(e, bx[0] - 1009.5, by[0], "001");
  EXPECT_HITS(e, bx[0] - 1011.5, by[0], "000");
  EXPECT_HITS(e, bx[0], by[0] - 1009.5, "001");
  EXPECT_HITS(e, bx[0], by[0] - 1011.5, "000");
  EXPECT_HITS(e, bx[0] - 713.8, by[0] - 713.8, "001"); /* 1009.46 m */
  EXPECT_HITS(e, bx[0] - 715.3, by[0] - 715.3, "000"); /* 1011.58 m */
  /* Between A and B: 750 m from each: both; 400 m from A, 1100 from B:
  ** A only; 1100 m from A, 400 m from B: B only. */
  EXPECT_HITS(e, bx[0] + 750, by[0], "011");
  EXPECT_HITS(e, bx[0] + 400, by[0], "001");
  EXPECT_HITS(e, bx[0] + 1100, by[0], "010");
  /* Between A and C likewise; the middle of the three: (750, 750) is
  ** 1060.7 m from A, 1060.7 m from B and C: nobody. */
  EXPECT_HITS(e, bx[0], by[0] + 750, "101");
  EXPECT_HITS(e, bx[0] + 750, by[0] + 750, "000");
  /* (500, 500): 707 m from A, 1118 m from B and C: A only. */
  EXPECT_HITS(e, bx[0] + 500, by[0] + 500, "001");
  /* At the sites themselves. */
  EXPECT_HITS(e, bx[1], by[1], "010");
  EXPECT_HITS(e, bx[2] + 0.2, by[2], "100");
  /* Far away. */
  EXPECT_HITS(e, bx[0] + 30000, by[0] - 40000, "000");
  fp_eval_free(e);

  /* --max-distance 800 m cuts below the 1010 m edge. */
  o.max_dist_m = 800;
  e = NULL;
  ASSERT_OK(fp_eval_new(&ds, &o, tr, NULL, 0, NULL, &e, &d));
  if (e) {
    EXPECT_HITS(e, bx[0] - 799, by[0], "001");
    EXPECT_HITS(e, bx[0] - 801, by[0], "000");
    EXPECT_HITS(e, bx[0] + 750, by[0], "011"); /* 750 m from A and B */
    EXPECT_HITS(e, bx[0] - 900, by[0], "000");
    fp_eval_free(e);
  }
  phs_diag_clear(&d);
  phs_crs_transform_free(inv);
}

/* ------------------------------------------------------ against the scan */

#define N_SITES 1000
#define N_RANDOM 8000
#define N_NEAR 8000

typedef struct network {
  phs_site sites[N_SITES];
  char ids[N_SITES][8];
  double x[N_SITES], y[N_SITES]; /* working CRS */
  signed char env[N_SITES];
  double minx, miny, maxx, maxy;
} network;

/* Sites over about 70 x 70 km around Ho Chi Minh City, denser in the
** middle, with the attributes an operator may or may not send. */
static void make_network(network *n, phs_crs_transform *tr) {
  static const char *ops[] = {"VT", "VN", "MB"};
  static const int bands[] = {3500, 3700, 2600, 700, 0};
  n->minx = n->miny = HUGE_VAL;
  n->maxx = n->maxy = -HUGE_VAL;
  for (int i = 0; i < N_SITES; i++) {
    double r = 0.3 * pow(uniform(), 1.5), t = 2 * M_PI * uniform();
    double lon = 106.7 + r * cos(t), lat = 10.8 + r * sin(t);
    snprintf(n->ids[i], sizeof(n->ids[i]), "S%d", i);
    phs_site *s = &n->sites[i];
    *s = make_site(ops[i % 3], n->ids[i], lon, lat, bands[i % 5]);
    double *a = s->attr;
    if (uniform() < 0.6) a[PHS_SITE_HEIGHT] = 8 + 50 * uniform();
    if (uniform() < 0.5) a[PHS_SITE_EIRP] = 55 + 25 * uniform();
    else if (uniform() < 0.3) a[PHS_SITE_TX_POWER] = 40 + 13 * uniform();
    if (uniform() < 0.3) a[PHS_SITE_ANT_GAIN] = 12 + 12 * uniform();
    if (uniform() < 0.7) {
      a[PHS_SITE_AZIMUTH] = 360 * uniform();
      if (uniform() < 0.5) a[PHS_SITE_BEAMWIDTH] = 30 + 60 * uniform();
    }
    if (uniform() < 0.5) a[PHS_SITE_TILT_ELEC] = 10 * uniform();
    if (uniform() < 0.3) a[PHS_SITE_TILT_MECH] = 6 * uniform();
    n->env[i] = (signed char)((int)(4 * uniform()) - 1); /* -1 .. 2 */
    n->x[i] = lon;
    n->y[i] = lat;
  }
  phs_crs_transform_points(tr, n->x, n->y, N_SITES);
  for (int i = 0; i < N_SITES; i++) {
    n->minx = fmin(n->minx, n->x[i]), n->maxx = fmax(n->maxx, n->x[i]);
    n->miny = fmin(n->miny, n->y[i]), n->maxy = fmax(n->maxy, n->y[i]);
  }
}

/* Compare index and scan at the random and near-site points; return the
** number of covered points. */
static long compare(const fp_eval *e, const network *n, const char *what) {
  long covered = 0, mismatches = 0;
  for (int p = 0; p < N_RANDOM + N_NEAR; p++) {
    double x, y;
    if (p < N_RANDOM) {
      x = n->minx - 5000 + (n->maxx - n->minx + 10000) * uniform();
      y = n->miny - 5000 + (n->maxy - n->miny + 10000) * uniform();
    } else { /* within 4 km of a site, closer more often */
      int s = (int)(N_SITES * uniform());
      double r = 4000 * uniform() * uniform(), t = 2 * M_PI * uniform();
      x = n->x[s] + r * cos(t);
      y = n->y[s] + r * sin(t);
    }
    unsigned char hi[3] = {9, 9, 9}, hs[3] = {7, 7, 7};
    int ai = fp_eval_point(e, x, y, hi);
    int as = fp_eval_point_scan(e, x, y, hs);
    int ni = fp_eval_point(e, x, y, NULL);
    covered += as;
    if (ai != as || ni != as || memcmp(hi, hs, 3) != 0) {
      if (mismatches++ < 5)
        fprintf(stderr, "%s: (%.3f, %.3f): index %d %d%d%d (no hits: %d),"
                " scan %d %d%d%d\n", what, x, y, ai, hi[0], hi[1], hi[2], ni,
                as, hs[0], hs[1], hs[2]);
    }
  }
  PHS_CHECK_(mismatches == 0, "%s: %ld of %d points differ", what, mismatches,
             N_RANDOM + N_NEAR);
  return covered;
}

static void test_against_scan(phs_crs_transform *tr, network *n) {
  phs_dataset ds;
  memset(&ds, 0, sizeof(ds));
  ds.sites = n->sites;
  ds.n_sites = N_SITES;
  static const struct {
    int model;
    phs_los_mode los;
    int auto_model;
    double max_dist, threshold_dbm;
    const char *what;
  } runs[] = {
      {PHS_PL_38901_UMA, PHS_LOS_NLOS, 0, 10000, -110, "uma nlos"},
      {PHS_PL_38901_UMA, PHS_LOS_EXPECTED, 0, 10000, -110, "uma expected"},
      {PHS_PL_38901_UMI, PHS_LOS_LOS, 0, 10000, -95, "umi los"},
      {PHS_PL_38901_RMA, PHS_LOS_TERRAIN, 0, 10000, -110,
       "rma terrain, no DEM"},
      {PHS_PL_38901_RMA, PHS_LOS_LOS, 0, 10000, -95, "rma los"},
      {PHS_PL_COST231_HATA, PHS_LOS_NLOS, 0, 10000, -110, "hata"},
      {PHS_PL_FREE_SPACE, PHS_LOS_NLOS, 0, 10000, -65, "fspl"},
      {PHS_PL_38901_UMA, PHS_LOS_NLOS, 1, 10000, -110, "auto"},
      {PHS_PL_38901_UMA, PHS_LOS_LOS, 0, 700, -110, "uma los, 700 m"},
      {PHS_PL_FREE_SPACE, PHS_LOS_NLOS, 0, 2500, -110, "fspl, 2500 m"},
  };
  for (size_t r = 0; r < sizeof(runs) / sizeof(runs[0]); r++) {
    fp_opts o = base_opts(runs[r].model, runs[r].los);
    o.auto_model = runs[r].auto_model;
    o.max_dist_m = runs[r].max_dist;
    if (runs[r].auto_model) o.site_env = n->env;
    o.threshold_dbm = runs[r].threshold_dbm;
    phs_diag d;
    phs_diag_init(&d);
    fp_eval *e = NULL;
    ASSERT_OK(fp_eval_new(&ds, &o, tr, NULL, 0, NULL, &e, &d));
    if (e) {
      long cov = compare(e, n, runs[r].what);
      printf("%s: %ld of %d points covered\n", runs[r].what, cov,
             N_RANDOM + N_NEAR);
      /* Enough points on both sides for the comparison to mean something. */
      PHS_CHECK_(cov > 2000 && cov < N_RANDOM + N_NEAR - 2000,
                 "%s: %ld of %d points covered", runs[r].what, cov,
                 N_RANDOM + N_NEAR);
      fp_eval_free(e);
    } else {
      fprintf(stderr, "%s: %s\n", runs[r].what, d.msg);
    }
    phs_diag_clear(&d);
  }
}

/* ------------------------------------------------------------ threads */

#define N_THREAD_PTS 4000

typedef struct job {
  const fp_eval *e;
  const double *x, *y, *lon, *lat;
  int mode;                /* 0 fp_eval_point, 1 fp_eval_point_ll,
                              2 fp_eval_cell */
  unsigned char *out;      /* per point: any, then 3 hits */
} job;

static void run_job(job *j) {
  for (int p = 0; p < N_THREAD_PTS; p++) {
    unsigned char *o = j->out + 4 * (size_t)p;
    if (j->mode == 0) o[0] = (unsigned char)fp_eval_point(j->e, j->x[p], j->y[p], o + 1);
    else if (j->mode == 1)
      o[0] = (unsigned char)fp_eval_point_ll(j->e, j->lon[p], j->lat[p],
                                             j->x[p], j->y[p], o + 1);
    else o[0] = (unsigned char)fp_eval_cell(j->e, j->x[p], j->y[p], o + 1);
  }
}

static void *thread_main(void *arg) {
  run_job(arg);
  return NULL;
}

/* One thread's answers against two threads' at once. */
static void same_in_threads(const fp_eval *e, int mode, const double *x,
                            const double *y, const double *lon,
                            const double *lat, const char *what) {
  size_t bytes = 4 * (size_t)N_THREAD_PTS;
  unsigned char *ref = calloc(bytes, 1), *a = calloc(bytes, 1),
                *b = calloc(bytes, 1);
  ASSERT_TRUE(ref && a && b);
  if (ref && a && b) {
    job j0 = {e, x, y, lon, lat, mode, ref};
    run_job(&j0);
    job ja = j0, jb = j0;
    ja.out = a;
    jb.out = b;
    pthread_t th;
    int started = pthread_create(&th, NULL, thread_main, &ja) == 0;
    ASSERT_TRUE(started);
    run_job(&jb);
    if (started) pthread_join(th, NULL);
    long covered = 0;
    for (int p = 0; p < N_THREAD_PTS; p++) covered += ref[4 * p];
    PHS_CHECK_(memcmp(ref, a, bytes) == 0 && memcmp(ref, b, bytes) == 0,
               "%s: two threads differ from one", what);
    PHS_CHECK_(covered > 0 && covered < N_THREAD_PTS, "%s: %ld of %d covered",
               what, covered, N_THREAD_PTS);
  }
  free(ref);
  free(a);
  free(b);
}

static void test_threads(phs_crs_transform *tr, network *n) {
  phs_diag d;
  phs_diag_init(&d);
  double *x = malloc(sizeof(double) * N_THREAD_PTS);
  double *y = malloc(sizeof(double) * N_THREAD_PTS);
  double *lon = malloc(sizeof(double) * N_THREAD_PTS);
  double *lat = malloc(sizeof(double) * N_THREAD_PTS);
  phs_crs_transform *inv = phs_crs_transform_new(WORKING_CRS, "EPSG:4326", &d);
  ASSERT_TRUE(x && y && lon && lat && inv);
  if (!(x && y && lon && lat && inv)) goto done;
  for (int p = 0; p < N_THREAD_PTS; p++) {
    int s = (int)(N_SITES * uniform());
    double r = 3000 * uniform(), t = 2 * M_PI * uniform();
    lon[p] = x[p] = n->x[s] + r * cos(t);
    lat[p] = y[p] = n->y[s] + r * sin(t);
  }
  phs_crs_transform_points(inv, lon, lat, N_THREAD_PTS);

  phs_dataset ds;
  memset(&ds, 0, sizeof(ds));
  ds.sites = n->sites;
  ds.n_sites = N_SITES;
  /* Claims: a 0.1-degree square per operator around the middle. */
  phs_claim claims[3];
  for (int g = 0; g < 3; g++) {
    double c0 = 106.62 + 0.04 * g, c1 = 10.72 + 0.04 * g;
    double ring[] = {c0, c1, c0 + 0.1, c1, c0 + 0.1, c1 + 0.1, c0, c1 + 0.1,
                     c0, c1};
    claims[g].operator_code = (char *)GROUPS[g];
    claims[g].tech = (char *)"5G";
    phs_mpoly_init(&claims[g].geom);
    ASSERT_OK(phs_mpoly_add_ring(&claims[g].geom, ring, 5, 0));
  }
  ds.claims = claims;
  ds.n_claims = 3;

  fp_eval *e = NULL;
  fp_opts o = base_opts(PHS_PL_38901_UMA, PHS_LOS_NLOS);
  ASSERT_OK(fp_eval_new(&ds, &o, tr, NULL, 0, NULL, &e, &d));
  if (e) same_in_threads(e, 0, x, y, lon, lat, "model, flat earth");
  fp_eval_free(e);

  /* The model's grid over one commune-sized square (fp_eval_cell). */
  phs_mpoly sq;
  phs_mpoly_init(&sq);
  double sqr[] = {n->minx, n->miny, n->maxx, n->miny, n->maxx, n->maxy,
                  n->minx, n->maxy, n->minx, n->miny};
  ASSERT_OK(phs_mpoly_add_ring(&sq, sqr, 5, 0));
  o.grid_m = 200;
  e = NULL;
  ASSERT_OK(fp_eval_new(&ds, &o, tr, &sq, 1, NULL, &e, &d));
  if (e) same_in_threads(e, 2, x, y, lon, lat, "model, grid cells");
  fp_eval_free(e);
  phs_mpoly_free(&sq);

  o = base_opts(FP_CIRCLES, PHS_LOS_NLOS);
  e = NULL;
  ASSERT_OK(fp_eval_new(&ds, &o, tr, NULL, 0, NULL, &e, &d));
  if (e) same_in_threads(e, 0, x, y, lon, lat, "circles");
  fp_eval_free(e);

  o = base_opts(FP_CLAIMS, PHS_LOS_NLOS);
  e = NULL;
  ASSERT_OK(fp_eval_new(&ds, &o, tr, NULL, 0, NULL, &e, &d));
  if (e) {
    same_in_threads(e, 1, x, y, lon, lat, "claims, lon/lat");
    same_in_threads(e, 0, x, y, lon, lat, "claims, transformed");
  }
  fp_eval_free(e);
  for (int g = 0; g < 3; g++) phs_mpoly_free(&claims[g].geom);
done:
  if (d.status) fprintf(stderr, "%s\n", d.msg);
  phs_diag_clear(&d);
  phs_crs_transform_free(inv);
  free(x);
  free(y);
  free(lon);
  free(lat);
}

int main(void) {
  phs_diag d;
  phs_diag_init(&d);
  phs_crs_transform *tr = phs_crs_transform_new("EPSG:4326", WORKING_CRS, &d);
  ASSERT_TRUE(tr != NULL);
  if (tr == NULL) {
    fprintf(stderr, "%s\n", d.msg);
    return phs_test_report("fp_site_index");
  }
  test_by_hand(tr);
  network *n = calloc(1, sizeof(*n));
  ASSERT_TRUE(n != NULL);
  if (n) {
    make_network(n, tr);
    test_against_scan(tr, n);
    test_threads(tr, n);
  }
  free(n);
  phs_crs_transform_free(tr);
  phs_diag_clear(&d);
  return phs_test_report("fp_site_index");
}
