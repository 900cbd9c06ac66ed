/*
** crs_grid.c: an interpolating coordinate transform for drawing.
**
** A national map projects about half a million vertices (communes and
** district outlines) from lon/lat to UTM, and PROJ's exact transverse
** Mercator (Poder/Engsager series: sincos, atan2, asinh, log1p per point)
** was a fifth of the whole map's instructions. Over a few kilometres the
** projection is a smooth function of lon/lat, so a grid of exact values
** and an interpolation between them gives the same coordinates to far
** below a millimetre, at the cost of a few thousand PROJ calls.
**
** The grid: square cells of `step` degrees over a lon/lat box; each cell
** has 3 x 3 nodes (corners, edge midpoints, centre; shared with its
** neighbours) where PROJ is asked exactly, and is interpolated by the
** biquadratic Lagrange polynomial through them (error of order step^3).
** A cell is checked the first time a point falls in it: PROJ at its four
** quarter points (where a quadratic's error peaks) against the
** interpolation; if any differs by more than tol, or a node fails, every
** point of that cell goes through PROJ. Points outside the box also go
** through PROJ. So the result is within tol of PROJ wherever the check is
** representative of the cell, which for a map projection's smooth
** distortion over a cell a fraction of a degree wide it is (the unit test
** compares with PROJ at a million points).
**
** The step is chosen before any point is transformed: the largest power of
** two fraction of a degree (1, 1/2, 1/4 ...) whose check passes with a
** margin (tol/4) at cells in the box's corners and centre.
**
** Everything is deterministic: the same points in any order give the same
** results (a cell's verdict does not depend on which point asked first).
*/
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "phs_geo.h"

#define GRID_MAX_CELLS (1024 * 1024) /* above this: PROJ for every point */
#define STEP_MAX 1.0                     /* degrees */
#define STEP_MIN (1.0 / 1024)

enum { CELL_UNKNOWN = -1, CELL_EXACT = -2 }; /* else: index of its poly */

/* A cell's interpolation as a polynomial in its own (u, v) in [0,1]^2:
** x = sum c[0][3i+j] u^i v^j, y the same with c[1]. */
typedef struct cell_poly {
  double c[2][9];
} cell_poly;

struct phs_crs_grid {
  phs_crs_transform *t; /* borrowed */
  double x0, y0;        /* lon/lat of the box's lower-left node */
  double step;          /* cell width and height, degrees */
  double tol;           /* largest accepted difference from PROJ */
  int nx, ny;           /* cells; 0 when every point goes through PROJ */
  int nnx;              /* nodes per row: 2 * nx + 1 */
  double *node;         /* (2nx+1) x (2ny+1) pairs, NAN until computed */
  int32_t *cell;        /* nx x ny: CELL_UNKNOWN, CELL_EXACT or a poly */
  cell_poly *poly;      /* the interpolated cells' polynomials */
  int n_poly, cap_poly;
};

/* PROJ for one point; 0 when it failed (x, y become HUGE_VAL). */
static int exact(phs_crs_transform *t, double *x, double *y) {
  return phs_crs_transform_points(t, x, y, 1) == 0;
}

/* The interpolation of a cell is the biquadratic Lagrange polynomial
** through its nine nodes N_ji (i along x, j along y, at 0, 1/2, 1):
** sum_ij w_i(u) w_j(v) N_ji with w_0 = (2u-1)(u-1), w_1 = 4u(1-u),
** w_2 = u(2u-1), kept as monomials for a cheap evaluation. */

/* The weights as monomials: along u, sum_i w_i(u) N_i =
** N0 + u (-3 N0 + 4 N1 - N2) + u^2 (2 N0 - 4 N1 + 2 N2); the same along v. */
static void monomials(const double n[3], double m[3]) {
  m[0] = n[0];
  m[1] = -3 * n[0] + 4 * n[1] - n[2];
  m[2] = 2 * n[0] - 4 * n[1] + 2 * n[2];
}

static void cell_poly_from_nodes(const double n[3][3][2], cell_poly *p) {
  for (int k = 0; k < 2; k++) {
    double row[3][3]; /* row[j][i]: the u-monomial i of node row j */
    for (int j = 0; j < 3; j++) {
      double along[3] = {n[j][0][k], n[j][1][k], n[j][2][k]};
      monomials(along, row[j]);
    }
    for (int i = 0; i < 3; i++) {
      double along[3] = {row[0][i], row[1][i], row[2][i]}, m[3];
      monomials(along, m);
      for (int j = 0; j < 3; j++) p->c[k][3 * i + j] = m[j];
    }
  }
}

static double poly_eval(const double c[9], double u, double v) {
  double a0 = c[0] + v * (c[1] + v * c[2]);
  double a1 = c[3] + v * (c[4] + v * c[5]);
  double a2 = c[6] + v * (c[7] + v * c[8]);
  return a0 + u * (a1 + u * a2);
}

/* The check of one cell with polynomial p anchored at lon0, lat0: 1 when
** it is within tol of PROJ at the four quarter points. */
static int cell_passes(phs_crs_transform *t, const cell_poly *p, double lon0,
                       double lat0, double step, double tol) {
  static const double q[4][2] = {
      {0.25, 0.25}, {0.75, 0.25}, {0.25, 0.75}, {0.75, 0.75}};
  for (int k = 0; k < 4; k++) {
    double ex = lon0 + q[k][0] * step, ey = lat0 + q[k][1] * step;
    if (!exact(t, &ex, &ey)) return 0;
    double ix = poly_eval(p->c[0], q[k][0], q[k][1]);
    double iy = poly_eval(p->c[1], q[k][0], q[k][1]);
    if (!(fabs(ix - ex) <= tol && fabs(iy - ey) <= tol)) return 0;
  }
  return 1;
}

/* A probe of a cell anchored at lon0, lat0 without the node cache (used
** to choose the step): 1 when it passes. */
static int probe(phs_crs_transform *t, double lon0, double lat0, double step,
                 double tol) {
  double n[3][3][2];
  for (int j = 0; j < 3; j++)
    for (int i = 0; i < 3; i++) {
      n[j][i][0] = lon0 + i * step / 2;
      n[j][i][1] = lat0 + j * step / 2;
      if (!exact(t, &n[j][i][0], &n[j][i][1])) return 0;
    }
  cell_poly p;
  cell_poly_from_nodes(n, &p);
  return cell_passes(t, &p, lon0, lat0, step, tol);
}

/* The largest step whose probes pass with margin; 0 when none does. */
static double choose_step(phs_crs_transform *t, double minx, double miny,
                          double maxx, double maxy, double tol) {
  for (double step = STEP_MAX; step >= STEP_MIN; step /= 2) {
    const double at[5][2] = {{minx, miny},
                             {maxx - step, miny},
                             {minx, maxy - step},
                             {maxx - step, maxy - step},
                             {(minx + maxx - step) / 2, (miny + maxy - step) / 2}};
    int ok = 1;
    for (int k = 0; k < 5 && ok; k++)
      ok = probe(t, at[k][0], at[k][1], step, tol / 4);
    if (ok) return step;
  }
  return 0;
}

phs_crs_grid *phs_crs_grid_new(phs_crs_transform *t, double minx, double miny,
                               double maxx, double maxy, double tol) {
  phs_crs_grid *g = calloc(1, sizeof(*g));
  if (g == NULL) return NULL;
  g->t = t;
  g->tol = tol;
  if (!(minx <= maxx && miny <= maxy) || !isfinite(maxx - minx) ||
      !isfinite(maxy - miny) || !(tol > 0))
    return g; /* nothing to grid: every point through PROJ */
  double step = choose_step(t, minx, miny, maxx, maxy, tol);
  if (step == 0) return g;
  /* Nodes on multiples of the step, so the grid does not depend on the
  ** exact box beyond which cells it covers. */
  double x0 = floor(minx / step) * step, y0 = floor(miny / step) * step;
  double nx = floor((maxx - x0) / step) + 1, ny = floor((maxy - y0) / step) + 1;
  if (nx * ny > GRID_MAX_CELLS) return g;
  size_t nodes = (size_t)(2 * nx + 1) * (size_t)(2 * ny + 1);
  g->node = malloc(nodes * 2 * sizeof(double));
  g->cell = malloc((size_t)nx * (size_t)ny * sizeof(*g->cell));
  if (g->node == NULL || g->cell == NULL) {
    free(g->node);
    free(g->cell);
    g->node = NULL;
    g->cell = NULL;
    return g;
  }
  for (size_t k = 0; k < 2 * nodes; k++) g->node[k] = NAN;
  for (size_t k = 0; k < (size_t)nx * (size_t)ny; k++) g->cell[k] = CELL_UNKNOWN;
  g->x0 = x0;
  g->y0 = y0;
  g->step = step;
  g->nx = (int)nx;
  g->ny = (int)ny;
  g->nnx = 2 * g->nx + 1;
  return g;
}

void phs_crs_grid_free(phs_crs_grid *g) {
  if (g == NULL) return;
  free(g->node);
  free(g->cell);
  free(g->poly);
  free(g);
}

double phs_crs_grid_step(const phs_crs_grid *g) { return g->nx ? g->step : 0; }

/* The nine nodes of cell (i, j), computed on first use; 0 when one fails. */
static int cell_nodes(phs_crs_grid *g, int i, int j, double n[3][3][2]) {
  for (int b = 0; b < 3; b++)
    for (int a = 0; a < 3; a++) {
      double *p = &g->node[2 * ((size_t)(2 * j + b) * g->nnx + 2 * i + a)];
      if (isnan(p[0])) {
        p[0] = g->x0 + (2 * i + a) * g->step / 2;
        p[1] = g->y0 + (2 * j + b) * g->step / 2;
        exact(g->t, &p[0], &p[1]); /* HUGE_VAL on failure */
      }
      if (p[0] == HUGE_VAL) return 0;
      n[b][a][0] = p[0];
      n[b][a][1] = p[1];
    }
  return 1;
}

/* Decide cell (i, j): interpolated (its polynomial kept) or exact. */
static int32_t cell_decide(phs_crs_grid *g, int i, int j) {
  double n[3][3][2];
  cell_poly p;
  if (!cell_nodes(g, i, j, n)) return CELL_EXACT;
  cell_poly_from_nodes(n, &p);
  if (!cell_passes(g->t, &p, g->x0 + i * g->step, g->y0 + j * g->step,
                   g->step, g->tol))
    return CELL_EXACT;
  if (g->n_poly == g->cap_poly) {
    int cap = g->cap_poly ? 2 * g->cap_poly : 256;
    cell_poly *p = realloc(g->poly, (size_t)cap * sizeof(*p));
    if (p == NULL) return CELL_EXACT; /* PROJ still answers */
    g->poly = p;
    g->cap_poly = cap;
  }
  g->poly[g->n_poly] = p;
  return g->n_poly++;
}

/* One point in place; 0 when it failed. */
static int grid_point(phs_crs_grid *g, double *x, double *y) {
  double u = (*x - g->x0) / g->step, v = (*y - g->y0) / g->step;
  if (!(u >= 0 && u < g->nx && v >= 0 && v < g->ny)) return exact(g->t, x, y);
  int i = (int)u, j = (int)v;
  int32_t *c = &g->cell[(size_t)j * g->nx + i];
  if (*c == CELL_UNKNOWN) *c = cell_decide(g, i, j);
  if (*c == CELL_EXACT) return exact(g->t, x, y);
  const cell_poly *p = &g->poly[*c];
  u -= i;
  v -= j;
  *x = poly_eval(p->c[0], u, v);
  *y = poly_eval(p->c[1], u, v);
  return 1;
}

static size_t grid_strided(phs_crs_grid *g, double *x, double *y,
                           size_t stride, size_t n) {
  size_t failed = 0;
  for (size_t k = 0; k < n; k++)
    failed += !grid_point(g, &x[k * stride], &y[k * stride]);
  return failed;
}

size_t phs_crs_grid_points(phs_crs_grid *g, double *x, double *y, size_t n) {
  if (g->nx == 0) return phs_crs_transform_points(g->t, x, y, n);
  return grid_strided(g, x, y, 1, n);
}

size_t phs_crs_grid_mpoly(phs_crs_grid *g, phs_mpoly *p) {
  if (g->nx == 0) return phs_crs_transform_mpoly(g->t, p);
  size_t nv = p->n_rings > 0 ? (size_t)p->ring_start[p->n_rings] : 0;
  size_t failed = grid_strided(g, p->xy, p->xy + 1, 2, nv);
  phs_mpoly_bbox_from_vertices(p);
  return failed;
}
