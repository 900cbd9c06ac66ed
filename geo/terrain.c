/*
** terrain.c: terrain loss over a DEM by radial sweep. From the antenna,
** rays at a fixed angular step go out to the maximum distance in steps of
** half a cell. Each ray keeps the horizon (the terrain point with the
** largest elevation angle seen from the antenna, Earth curvature with an
** effective radius k * 6371 km included) while it walks, so the line of
** sight and the knife-edge diffraction loss J(v) of that dominant obstacle
** (ITU-R P.526 eq. 31) cost O(1) per sample; the loss is 0 while the
** receiver's ground is in view (its foreground is the flat-earth model's
** business). Each output cell then takes the value of the ray sample
** nearest its centre, and with it the line-of-sight verdict (v <= 0: the
** direct ray clears the terrain), which picks the model's LOS or NLOS
** formula (phs_path_loss_terrain_db). Formulas, the single
** knife-edge approximation and its error: docs/propagation.md, "Terrain".
*/
#include "phs_radio.h"

#include <math.h>
#include <stdlib.h>

#define EARTH_RADIUS_M 6371000.0
#define SPEED_OF_LIGHT_MHZ_M 299.792458 /* c / 1 MHz, metres */
/* J(v) tabulated for the per-cell loop: v from -0.78 in steps of 1/32 up
** to 31.22; linear interpolation is within 4e-4 dB (|J''| <= 3.4), larger v
** use the formula. */
#define JTAB_PER_UNIT 32
#define JTAB_N 1024
/* Refuse requests whose ray table would exceed this many samples (1 GiB). */
#define MAX_SAMPLES (1LL << 28)

double phs_knife_edge_db(double v) {
  if (!(v > -0.78)) return 0.0; /* NaN included */
  double w = v - 0.1;
  return 6.9 + 20.0 * log10(sqrt(w * w + 1.0) + w);
}

static void j_table_fill(float *t) {
  for (int i = 0; i <= JTAB_N; i++)
    t[i] = (float)phs_knife_edge_db(-0.78 + (double)i / JTAB_PER_UNIT);
}

static float j_table_get(const float *t, float v) {
  if (!(v > -0.78f)) return 0.0f;
  float u = (v + 0.78f) * JTAB_PER_UNIT;
  if (u >= JTAB_N) return (float)phs_knife_edge_db(v);
  int i = (int)u;
  return t[i] + (u - i) * (t[i + 1] - t[i]);
}

/*
** Bilinear height at fractional grid position (fx, fy) (cell centres at
** integers). The DEM's extent reaches half a cell beyond the outer centres:
** there the edge value is held. A neighbour of zero weight is not read, so
** a point on a row or column of centres ignores the no-data next to it.
*/
static double bilinear(const phs_dem *dem, double fx, double fy) {
  if (!(fx >= -0.5 && fy >= -0.5 && fx <= dem->nx - 0.5 &&
        fy <= dem->ny - 0.5))
    return NAN;
  /* floor() for fx >= -1 without the libm call (this is the inner loop) */
  int i0 = (int)(fx + 1.0) - 1, j0 = (int)(fy + 1.0) - 1;
  double wx = fx - i0, wy = fy - j0;
  int i1 = i0 + 1, j1 = j0 + 1;
  if (i0 < 0) i0 = 0;
  if (j0 < 0) j0 = 0;
  if (i1 > dem->nx - 1) i1 = dem->nx - 1;
  if (j1 > dem->ny - 1) j1 = dem->ny - 1;
  const float *r0 = dem->z + (size_t)j0 * dem->nx;
  const float *r1 = dem->z + (size_t)j1 * dem->nx;
  double top = r0[i0], bot = r1[i0];
  if (wx > 0) {
    top += wx * (r0[i1] - top);
    bot += wx * (r1[i1] - bot);
  }
  return wy > 0 ? top + wy * (bot - top) : top;
}

double phs_dem_height(const phs_dem *dem, double x, double y) {
  if (dem == NULL || dem->z == NULL || dem->nx <= 0 || dem->ny <= 0 ||
      !(dem->res > 0))
    return NAN;
  return bilinear(dem, (x - dem->x0) / dem->res - 0.5,
                  (dem->y0 - y) / dem->res - 0.5);
}

/*
** atan2 to 2e-6 rad (a minimax polynomial on [0, 1]), ample for
** choosing the nearest ray (rays are >= 1e-3 rad apart) and several times
** cheaper than libm's in the per-cell loop.
*/
static double fast_atan2(double y, double x) {
  double ax = fabs(x), ay = fabs(y);
  double mx = ax > ay ? ax : ay, mn = ax > ay ? ay : ax;
  if (mx == 0) return 0;
  double a = mn / mx, q = a * a;
  double r = ((((-0.0117212 * q + 0.05265332) * q - 0.11643287) * q +
               0.19354346) * q - 0.33262347) * q + 0.99997726;
  r *= a;
  if (ay > ax) r = M_PI_2 - r;
  if (x < 0) r = M_PI - r;
  return y < 0 ? -r : r;
}

/* Validate the request; PHS_EUSAGE with a message naming the site. */
static int check_request(const phs_dem *dem, const phs_terrain_request *rq,
                         const float *loss_db, phs_diag *d) {
  const char *id = rq && rq->site_id ? rq->site_id : "?";
  if (dem == NULL || rq == NULL || loss_db == NULL || dem->z == NULL ||
      dem->nx <= 0 || dem->ny <= 0 || !(dem->res > 0))
    return phs_diag_error(d, PHS_EUSAGE, "site %s: terrain: no DEM or no "
                          "output grid", id);
  if (rq->nx <= 0 || rq->ny <= 0 || !(rq->res > 0) || !isfinite(rq->x0) ||
      !isfinite(rq->y0))
    return phs_diag_error(d, PHS_EUSAGE, "site %s: terrain: empty or invalid"
                          " output grid (%d x %d cells of %g m)", id, rq->nx,
                          rq->ny, rq->res);
  if (!(rq->max_dist > 0) || !isfinite(rq->max_dist))
    return phs_diag_error(d, PHS_EUSAGE, "site %s: terrain: maximum distance"
                          " %g m must be positive", id, rq->max_dist);
  if (!(rq->f_mhz > 0) || !(rq->h_bs >= 0) || !(rq->h_ut >= 0) ||
      !isfinite(rq->h_bs) || !isfinite(rq->h_ut))
    return phs_diag_error(d, PHS_EUSAGE, "site %s: terrain: frequency %g MHz,"
                          " heights %g m and %g m: the frequency must be"
                          " positive, the heights zero or more", id,
                          rq->f_mhz, rq->h_bs, rq->h_ut);
  if (!(rq->k_factor >= 0) || !isfinite(rq->k_factor))
    return phs_diag_error(d, PHS_EUSAGE, "site %s: terrain: k factor %g must "
                          "be positive (0 = 4/3)", id, rq->k_factor);
  if (!isfinite(rq->x) || !isfinite(rq->y))
    return phs_diag_error(d, PHS_EUSAGE, "site %s: terrain: no position", id);
  return PHS_OK;
}

/*
** One ray: walk n_steps samples of `step` metres from the site along
** (cs, sn) and write each sample's diffraction parameter v to out[0..n-1]
** (out[i] is the sample at (i + 1) * step): -INFINITY where the terrain
** hides nothing, NaN off the DEM. J(v) is taken later, once per output
** cell rather than once per sample (the log is the costly part). drop[i] is the Earth's bulge
** below the antenna's horizontal plane at that distance, inv_s[i] = 1 / s.
*/
typedef struct sweep {
  const phs_dem *dem;
  double fx0, fy0;     /* site in fractional DEM grid units */
  double step_g;       /* step in DEM grid units */
  double step;         /* metres */
  double ant;          /* antenna height above sea level */
  double h_ut;
  double two_over_lambda;
  const double *drop, *inv_s;
  int n_steps;
} sweep;

static void walk_ray(const sweep *w, double cs, double sn, float *out) {
  double best_t = -INFINITY; /* slope to the horizon so far */
  double best_d = 0;         /* its distance from the site */
  double gx = cs * w->step_g, gy = -sn * w->step_g; /* grid rows go south */
  for (int i = 0; i < w->n_steps; i++) {
    double s = (i + 1) * w->step;
    double z = bilinear(w->dem, w->fx0 + (i + 1) * gx, w->fy0 + (i + 1) * gy);
    if (z != z) { /* off the DEM or no data: unknown, not an obstacle */
      out[i] = NAN;
      continue;
    }
    float v = -INFINITY;
    /* Slope from the antenna to the ground here, in the frame where the
    ** Earth's surface falls s^2 / (2 k R) below the antenna's plane. */
    double t = (z - w->drop[i] - w->ant) * w->inv_s[i];
    if (best_t > t) {
      /* The horizon hides this ground point: a terrain obstacle. Its
      ** height above the antenna-receiver line is d1 (T - t_r), with t_r
      ** the slope to the receiver, h_ut above the ground. */
      double t_r = t + w->h_ut * w->inv_s[i];
      double h = best_d * (best_t - t_r);
      double d2 = s - best_d;
      v = (float)(h * sqrt(w->two_over_lambda * s / (best_d * d2)));
    } else {
      best_t = t;
      best_d = s;
    }
    out[i] = v;
  }
}

int phs_terrain_loss(const phs_dem *dem, const phs_terrain_request *rq,
                     float *loss_db, phs_diag *d) {
  return phs_terrain_sweep(dem, rq, loss_db, NULL, d);
}

/* Rays and steps of the sweep: adjacent rays at most one cell apart at
** max_dist (dtheta <= res / max_dist), steps of half a cell. */
static void sweep_size(const phs_terrain_request *rq, double *n_rays,
                       double *n_steps) {
  *n_rays = ceil(2 * M_PI * rq->max_dist / rq->res);
  *n_steps = ceil(rq->max_dist / (rq->res / 2)) + 1;
  if (*n_rays < 8) *n_rays = 8;
}

/* PHS_EINPUT, naming the site, when the DEM does not cover it (never a
** silent sea level); PHS_EUSAGE when the ray table would be too large. */
static int check_site(const phs_dem *dem, const phs_terrain_request *rq,
                      phs_diag *d) {
  const char *id = rq->site_id ? rq->site_id : "?";
  double ground = phs_dem_height(dem, rq->x, rq->y), n_rays, n_steps;
  if (ground != ground)
    return phs_diag_error(d, PHS_EINPUT, "site %s: the DEM does not cover the"
                          " site at (%.1f, %.1f)", id, rq->x, rq->y);
  sweep_size(rq, &n_rays, &n_steps);
  if (n_rays * n_steps > (double)MAX_SAMPLES)
    return phs_diag_error(d, PHS_EUSAGE, "site %s: terrain: %g m radius at %g"
                          " m is too many samples; use a coarser grid", id,
                          rq->max_dist, rq->res);
  return PHS_OK;
}

int phs_terrain_check(const phs_dem *dem, const phs_terrain_request *rq,
                      phs_diag *d) {
  static const float no_output = 0; /* check_request wants an output */
  int st = check_request(dem, rq, &no_output, d);
  return st ? st : check_site(dem, rq, d);
}

int phs_terrain_sweep(const phs_dem *dem, const phs_terrain_request *rq,
                      float *loss_db, unsigned char *los, phs_diag *d) {
  return phs_terrain_sweep_reach(dem, rq, 0, loss_db, los, d);
}

int phs_terrain_sweep_reach(const phs_dem *dem, const phs_terrain_request *rq,
                            double reach, float *loss_db, unsigned char *los,
                            phs_diag *d) {
  int st = check_request(dem, rq, loss_db, d);
  if (st == PHS_OK) st = check_site(dem, rq, d);
  if (st) return st;
  if (!(reach >= 0) || !isfinite(reach))
    return phs_diag_error(d, PHS_EUSAGE, "site %s: terrain: reach %g m must "
                          "be zero (the maximum distance) or positive",
                          rq->site_id ? rq->site_id : "?", reach);
  const char *id = rq->site_id ? rq->site_id : "?";
  double ground = phs_dem_height(dem, rq->x, rq->y);

  double k = rq->k_factor > 0 ? rq->k_factor : 4.0 / 3.0;
  double step = rq->res / 2;
  double n_rays_d, n_steps_d;
  sweep_size(rq, &n_rays_d, &n_steps_d);
  int n_rays = (int)n_rays_d, n_steps = (int)n_steps_d;
  double dtheta = 2 * M_PI / n_rays;
  /* The rays' spacing follows max_dist whatever the reach, so a cell's
  ** value does not depend on it; the rays stop at the last step a cell
  ** within the reach can take (round(r / step) <= ceil(reach / step)). */
  if (reach == 0 || reach > rq->max_dist) reach = rq->max_dist;
  if (reach < rq->max_dist && ceil(reach / step) + 1 < n_steps)
    n_steps = (int)ceil(reach / step) + 1;

  float *table = malloc((size_t)n_rays * n_steps * sizeof(float));
  double *drop = malloc((size_t)n_steps * 2 * sizeof(double));
  if (table == NULL || drop == NULL) {
    free(table);
    free(drop);
    return phs_diag_error(d, PHS_ERUNTIME, "site %s: terrain: out of memory",
                          id);
  }
  double *inv_s = drop + n_steps;
  for (int i = 0; i < n_steps; i++) {
    double s = (i + 1) * step;
    drop[i] = s * s / (2 * k * EARTH_RADIUS_M);
    inv_s[i] = 1 / s;
  }
  sweep w = {dem,
             (rq->x - dem->x0) / dem->res - 0.5,
             (dem->y0 - rq->y) / dem->res - 0.5,
             step / dem->res,
             step,
             ground + rq->h_bs,
             rq->h_ut,
             2 * rq->f_mhz / SPEED_OF_LIGHT_MHZ_M,
             drop,
             inv_s,
             n_steps};
  for (int r = 0; r < n_rays; r++)
    walk_ray(&w, cos(r * dtheta), sin(r * dtheta), table + (size_t)r * n_steps);

  /* Each cell: the sample nearest its centre, in polar terms (nearest ray,
  ** nearest step), so every cell within max_dist gets a value. */
  double max2 = reach * reach;
  double inv_step = 1 / step, inv_dtheta = 1 / dtheta;
  float jtab[JTAB_N + 1];
  j_table_fill(jtab);
  double dem_x1 = dem->x0 + dem->nx * dem->res;
  double dem_y1 = dem->y0 - dem->ny * dem->res;
  for (int j = 0; j < rq->ny; j++) {
    double cy = rq->y0 - (j + 0.5) * rq->res;
    double dy = cy - rq->y;
    float *row = loss_db + (size_t)j * rq->nx;
    unsigned char *los_row = los ? los + (size_t)j * rq->nx : NULL;
    for (int i = 0; i < rq->nx; i++) {
      double cx = rq->x0 + (i + 0.5) * rq->res;
      double dx = cx - rq->x;
      double r2 = dx * dx + dy * dy;
      if (r2 > max2 || cx < dem->x0 || cx > dem_x1 || cy > dem->y0 ||
          cy < dem_y1) {
        row[i] = NAN;
        if (los_row) los_row[i] = 0;
        continue;
      }
      long n = (long)(sqrt(r2) * inv_step + 0.5);
      if (n == 0) {
        row[i] = 0.0f; /* the site's own cell */
        if (los_row) los_row[i] = 1;
        continue;
      }
      if (n > n_steps) n = n_steps;
      long ray = (long)(fast_atan2(dy, dx) * inv_dtheta + n_rays + 0.5);
      if (ray >= n_rays) ray -= n_rays;
      float v = table[(size_t)ray * n_steps + (size_t)(n - 1)];
      row[i] = v == v ? j_table_get(jtab, v) : NAN;
      /* v has the sign of the obstacle's height above the direct ray
      ** (-INFINITY: the receiver's ground itself is in view). */
      if (los_row) los_row[i] = v <= 0.0f;
    }
  }
  free(table);
  free(drop);
  return PHS_OK;
}
