/*
** near_pairs.c: points of different groups within a distance of each
** other: sites of different operators that may share a tower (issue 5,
** docs/submissions.md). A grid hash in degrees keeps it near n log n; the
** test that decides is the WGS 84 geodesic distance.
*/
#include <geodesic.h>
#include <math.h>
#include <stdlib.h>

#include "phs_geo.h"

#define METRES_PER_DEG_LAT 110574.0 /* the least, at the equator */

static double geodesic_m(const struct geod_geodesic *g, double lon1,
                         double lat1, double lon2, double lat2) {
  double s12 = 0;
  geod_inverse(g, lat1, lon1, lat2, lon2, &s12, NULL, NULL);
  return s12;
}

double phs_geodesic_distance_m(double lon1, double lat1, double lon2,
                               double lat2) {
  struct geod_geodesic g;
  geod_init(&g, 6378137.0, 1.0 / 298.257223563);
  return geodesic_m(&g, lon1, lat1, lon2, lat2);
}

/* A lower bound of the distance of two nearby points, in metres: each
** degree at its shortest (latitude: the equator's 110,574 m; longitude:
** the sphere's 111,320 m at the higher latitude, less 1% for the
** ellipsoid). Only pairs it does not rule out get the exact geodesic,
** whose cost (some microseconds) would otherwise dominate. */
static double distance_floor_m(double lon1, double lat1, double lon2,
                               double lat2) {
  double hi = fabs(lat1) > fabs(lat2) ? fabs(lat1) : fabs(lat2);
  double dy = (lat2 - lat1) * METRES_PER_DEG_LAT;
  double dx = (lon2 - lon1) * 111320.0 * cos((hi + 0.01) * M_PI / 180);
  return 0.99 * sqrt(dx * dx + dy * dy);
}

/* A point's cell, and the point. */
typedef struct keyed {
  long long cx, cy;
  long i;
} keyed;

static int cmp_keyed(const void *a, const void *b) {
  const keyed *x = a, *y = b;
  if (x->cx != y->cx) return x->cx < y->cx ? -1 : 1;
  if (x->cy != y->cy) return x->cy < y->cy ? -1 : 1;
  return (x->i > y->i) - (x->i < y->i);
}

static int cmp_pair(const void *a, const void *b) {
  const phs_near_pair *x = a, *y = b;
  if (x->a != y->a) return x->a < y->a ? -1 : 1;
  return (x->b > y->b) - (x->b < y->b);
}

/* First entry of k[0..n) whose cell is (cx, cy) or after it. */
static long lower_bound(const keyed *k, long n, long long cx, long long cy) {
  long lo = 0, hi = n;
  while (lo < hi) {
    long mid = lo + (hi - lo) / 2;
    if (k[mid].cx < cx || (k[mid].cx == cx && k[mid].cy < cy))
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

int phs_near_pairs(const double *lon, const double *lat, const int *group,
                   long n, double max_m, phs_near_pair **pairs,
                   long *n_pairs) {
  *pairs = NULL;
  *n_pairs = 0;
  if (n < 2 || !(max_m >= 0)) return PHS_OK;
  keyed *k = malloc(sizeof(*k) * (size_t)n);
  if (k == NULL) return PHS_ERUNTIME;
  /* Cells: max_m of latitude (at its shortest, the equator's degree), and
  ** max_m of longitude at the highest latitude of the points, so a cell
  ** is at least max_m wide wherever a point is: a pair within max_m lies
  ** in the same or a neighbouring cell. */
  double max_abs_lat = 0;
  for (long i = 0; i < n; i++)
    if (isfinite(lat[i]) && fabs(lat[i]) > max_abs_lat)
      max_abs_lat = fabs(lat[i]);
  if (max_abs_lat > 89) max_abs_lat = 89;
  double step_lat = (max_m > 0 ? max_m : 1) / METRES_PER_DEG_LAT;
  double step_lon = step_lat / cos(max_abs_lat * M_PI / 180);
  long m = 0;
  for (long i = 0; i < n; i++) {
    if (!isfinite(lon[i]) || !isfinite(lat[i])) continue;
    k[m].cx = (long long)floor(lon[i] / step_lon);
    k[m].cy = (long long)floor(lat[i] / step_lat);
    k[m].i = i;
    m++;
  }
  qsort(k, (size_t)m, sizeof(*k), cmp_keyed);
  long cap = 0;
  int st = PHS_OK;
  struct geod_geodesic geod;
  geod_init(&geod, 6378137.0, 1.0 / 298.257223563);
  for (long p = 0; p < m && st == PHS_OK; p++) {
    long a = k[p].i;
    for (long long dx = -1; dx <= 1 && st == PHS_OK; dx++)
      for (long long dy = -1; dy <= 1 && st == PHS_OK; dy++) {
        long long cx = k[p].cx + dx, cy = k[p].cy + dy;
        for (long q = lower_bound(k, m, cx, cy);
             q < m && k[q].cx == cx && k[q].cy == cy; q++) {
          long b = k[q].i;
          if (b <= a || group[a] == group[b]) continue; /* each pair once */
          if (distance_floor_m(lon[a], lat[a], lon[b], lat[b]) > max_m)
            continue;
          double dist = geodesic_m(&geod, lon[a], lat[a], lon[b], lat[b]);
          if (dist > max_m) continue;
          if (*n_pairs == cap) {
            cap = cap ? cap * 2 : 64;
            phs_near_pair *g = realloc(*pairs, sizeof(**pairs) * (size_t)cap);
            if (g == NULL) {
              st = PHS_ERUNTIME;
              break;
            }
            *pairs = g;
          }
          (*pairs)[(*n_pairs)++] = (phs_near_pair){a, b, dist};
        }
      }
  }
  free(k);
  if (st) {
    free(*pairs);
    *pairs = NULL;
    *n_pairs = 0;
    return st;
  }
  if (*n_pairs > 1)
    qsort(*pairs, (size_t)*n_pairs, sizeof(**pairs), cmp_pair);
  return PHS_OK;
}
