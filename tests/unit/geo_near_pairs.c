/*
** geo_near_pairs.c: phs_near_pairs finds exactly the pairs of different
** groups within the distance, as comparing every pair would: hand-placed
** points at 10, 29 and 31 m (along a parallel, N cos(phi) dlambda on WGS
** 84), same-group pairs left out, and 1,500 random points of Vietnam's
** latitudes (8.5 to 23.4 N) against the brute force.
*/
#include <math.h>
#include <stdlib.h>

#include "phs_geo.h"
#include "phs_test.h"

/* Degrees of longitude for d metres along the parallel at lat. */
static double dlon(double d, double lat) {
  double phi = lat * M_PI / 180, e2 = 0.00669437999014;
  double n = 6378137.0 / sqrt(1 - e2 * sin(phi) * sin(phi));
  return d / (n * cos(phi)) * 180 / M_PI;
}

int main(void) {
  /* 0-1: 10 m, groups 0/1; 2-3: 29 m; 4-5: 31 m; 6-7: 5 m, same group. */
  double lat0 = 10.505;
  double lon[8] = {107.005, 107.005 + dlon(10, lat0), 107.015,
                   107.015 + dlon(29, lat0), 107.005, 107.005 + dlon(31, lat0),
                   107.017, 107.017 + dlon(5, lat0)};
  double lat[8] = {lat0, lat0, lat0, lat0, lat0 + 0.01, lat0 + 0.01,
                   lat0 + 0.01, lat0 + 0.01};
  lon[5] = 107.005 + dlon(31, lat0 + 0.01);
  int group[8] = {0, 1, 0, 1, 0, 1, 0, 0};
  phs_near_pair *p = NULL;
  long n = 0;
  ASSERT_OK(phs_near_pairs(lon, lat, group, 8, 30, &p, &n));
  ASSERT_EQ(n, 2);
  ASSERT_TRUE(p[0].a == 0 && p[0].b == 1);
  ASSERT_NEAR(p[0].dist_m, 10, 1e-6);
  ASSERT_TRUE(p[1].a == 2 && p[1].b == 3);
  ASSERT_NEAR(p[1].dist_m, 29, 1e-6);
  free(p);
  ASSERT_NEAR(phs_geodesic_distance_m(lon[4], lat[4], lon[5], lat[5]), 31,
              1e-6);
  ASSERT_OK(phs_near_pairs(lon, lat, group, 8, 35, &p, &n));
  ASSERT_EQ(n, 3); /* the 31 m pair too; never the same group's */
  free(p);

  /* Against every pair: 1,500 points in a 0.05-degree box at each end of
  ** Vietnam, 5 groups, 300 m. */
  enum { N = 1500 };
  static double x[N], y[N];
  static int g[N];
  srand(7);
  for (int i = 0; i < N; i++) {
    double base = i % 2 ? 23.3 : 8.6;
    x[i] = 105.0 + 0.05 * rand() / (double)RAND_MAX;
    y[i] = base + 0.05 * rand() / (double)RAND_MAX;
    g[i] = rand() % 5;
  }
  long brute = 0;
  for (int i = 0; i < N; i++)
    for (int j = i + 1; j < N; j++)
      if (g[i] != g[j] && phs_geodesic_distance_m(x[i], y[i], x[j], y[j]) <= 300)
        brute++;
  ASSERT_OK(phs_near_pairs(x, y, g, N, 300, &p, &n));
  ASSERT_TRUE(brute > 100);
  ASSERT_EQ(n, brute);
  int sorted = 1;
  for (long i = 1; i < n; i++)
    if (p[i].a < p[i - 1].a || (p[i].a == p[i - 1].a && p[i].b <= p[i - 1].b))
      sorted = 0;
  ASSERT_TRUE(sorted);
  free(p);
  return phs_test_report("geo_near_pairs");
}
