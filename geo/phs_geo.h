/*
** phs_geo.h: the geometry and projection core of phusong.
**
** Multipolygons as flat coordinate arrays, point location with an exact
** boundary test, a spatial index that assigns points to polygons by a
** deterministic rule, ellipsoidal (geodesic) areas, CRS transforms over
** PROJ, polygon union over GEOS (through OGR's geometry API), and circular
** site footprints with the exact share of an area that they cover.
**
** geo/ knows nothing of the store, the report or the map. It is the only
** module that calls PROJ or GEOS.
*/
#ifndef PHS_GEO_H
#define PHS_GEO_H

#include <stddef.h>

#include "phs_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------
** Multipolygons
**
** A multipolygon is a list of rings. Each ring is implicitly closed (an edge
** joins its last vertex to its first); a repeated closing vertex is allowed
** and harmless. A ring is either an outer ring or a hole; point location
** uses the even-odd rule over all rings, which is exact for valid
** (OGC simple feature) multipolygons whatever the ring orientation.
** Coordinates are in whatever CRS the caller chose (lon/lat degrees, or
** metres of a projected CRS); each function says which it expects.
*/
typedef struct phs_mpoly {
  int n_rings;              /* number of rings */
  int *ring_start;          /* owned: n_rings+1 offsets (in vertices) into xy;
                               NULL until the first ring is added */
  unsigned char *ring_hole; /* owned: n_rings flags, 1 = interior ring */
  double *xy;               /* owned: x0,y0,x1,y1,... for all rings */
  int cap_rings;            /* allocated ring slots */
  int cap_xy;               /* allocated vertices */
  double minx, miny, maxx, maxy; /* bounding box; min > max while empty */
} phs_mpoly;

void phs_mpoly_init(phs_mpoly *p);
/* Free the arrays; p is left as after phs_mpoly_init. Accepts NULL. */
void phs_mpoly_free(phs_mpoly *p);
/*
** Append a ring of n vertices (xy holds 2n doubles). Rings with fewer than
** 3 distinct vertices are accepted (callers validate). Returns PHS_OK,
** PHS_ERUNTIME on allocation failure, or PHS_EUSAGE for n < 0 (or xy NULL
** with n > 0).
*/
int phs_mpoly_add_ring(phs_mpoly *p, const double *xy, int n, int is_hole);
/* Deep copy src into dst (dst must be initialised; old content freed). */
int phs_mpoly_copy(phs_mpoly *dst, const phs_mpoly *src);
/* Little-endian WKB MultiPolygon of p (each outer ring starts a polygon,
** the holes after it are its own), malloc'd, its size in *len; NULL when
** out of memory. */
unsigned char *phs_mpoly_wkb(const phs_mpoly *p, size_t *len);
int phs_mpoly_is_empty(const phs_mpoly *p);
/* Recompute p's bbox from its vertices, leaving out the ones a transform
** could not compute (x = HUGE_VAL); an empty or all-failed p gets
** minx = HUGE_VAL, maxx = -HUGE_VAL. */
void phs_mpoly_bbox_from_vertices(phs_mpoly *p);

typedef enum {
  PHS_LOC_OUTSIDE = 0,
  PHS_LOC_INSIDE = 1,
  PHS_LOC_BOUNDARY = 2 /* on an edge or a vertex, exactly */
} phs_location;

/*
** Where (x, y) lies relative to p. The boundary test is exact in floating
** point: a point is on the boundary when it is collinear with an edge
** (cross product exactly 0) and within the edge's extent.
*/
phs_location phs_mpoly_locate(const phs_mpoly *p, double x, double y);

/* Planar area (outer rings minus holes) in squared CRS units. */
double phs_mpoly_planar_area(const phs_mpoly *p);

/*
** Area on the WGS 84 ellipsoid in square metres, for a multipolygon in
** lon/lat degrees (x = longitude), using PROJ's geodesic polygon area
** (Karney's algorithm; error far below a square metre for communes).
** Each outer ring adds |area|, each hole subtracts |area|.
*/
double phs_mpoly_geodesic_area(const phs_mpoly *lonlat);

/* A representative point: the area-weighted centroid of the largest outer
** ring (by |area|; of the largest ring if there is no outer one), or that
** ring's bbox centre when its area is 0; for labels and insets. It may lie
** outside a concave ring. Returns PHS_OK, or PHS_ERUNTIME for an empty
** multipolygon. */
int phs_mpoly_centroid(const phs_mpoly *p, double *x, double *y);

/*
** A label point: the pole of inaccessibility, the point inside p farthest
** from its boundary (the centre of the largest inscribed circle), found by
** Mapbox's "polylabel" search (geo/label_point.c): square cells over the
** bbox, refined best-first while a cell could still hold a point more than
** `precision` (CRS units, > 0) farther from the boundary than the best so
** far. Unlike the centroid it is always inside (for a U-shaped commune, in
** an arm; for several parts, in the part with the largest inscribed
** circle), and away from the edges, where a label reads best. *dist gets
** its distance to the nearest edge (may be NULL); it is within precision
** of the largest possible, unless the search stops at its cap of 20,000
** cells (then the best found). Returns PHS_OK, or PHS_ERUNTIME for an empty
** multipolygon or one without area, or out of memory (then *x, *y hold
** the bbox centre).
*/
int phs_mpoly_label_point(const phs_mpoly *p, double precision, double *x,
                          double *y, double *dist);

/*
** Union of n multipolygons (through GEOS, via OGR's geometry API), with
** holes smaller than min_hole_area (squared CRS units) dropped: shared
** borders of separately simplified polygons leave sliver holes that would
** otherwise be drawn as outlines. With close_dist > 0 the union is also
** closed morphologically (buffered out, then in, by close_dist CRS units),
** which seals thin gaps narrower than 2 * close_dist; 0 keeps it exact.
** out must be initialised; on failure it is
** left empty and d holds the reason. Each hole of a part is given to the
** smallest outer ring of that part holding its first vertex; invalid parts
** (self-intersections) are repaired with MakeValid first. Output rings have
** no repeated closing vertex; n = 0 gives an empty out and PHS_OK.
*/
int phs_mpoly_union(const phs_mpoly *const *parts, int n, double min_hole_area,
                    double close_dist, phs_mpoly *out, phs_diag *d);

/* Simplify m (a projected CRS) in place with GEOS's topology-preserving
** simplifier (through OGR): every vertex is within tol of the result,
** no ring collapses or crosses another. Rings come back without their
** repeated closing vertex, as phs_mpoly_union gives them. When OGR
** cannot (no memory, GEOS refuses), m is left as it was: an outline
** with more vertices than needed is still the right outline. */
void phs_mpoly_simplify(phs_mpoly *m, double tol);

/* ------------------------------------------------------------------------
** Point-in-polygon index
**
** Assigns points to one polygon of a set, by this rule:
**   a point belongs to the polygons that cover it (inside or on the
**   boundary); if more than one does (a shared border, or an overlap
**   between separately simplified polygons), it belongs to the one with the
**   smallest rank; if none does, to none (-1).
** Callers pass rank = the polygon's position when sorted by commune code,
** so the rule reads "the lowest commune code wins", independent of the
** order in which polygons were loaded.
*/
typedef struct phs_pip_index phs_pip_index;

/*
** Build an index over n polygons (borrowed: they must outlive the index).
** rank may be NULL (rank = position). Returns NULL on allocation failure.
*/
phs_pip_index *phs_pip_index_new(const phs_mpoly *polys, const int *rank,
                                 int n);
void phs_pip_index_free(phs_pip_index *ix);
/* The polygon the point belongs to (its position in polys), or -1.
** A tree of cells answers most points with a few array reads and no edge
** test, the others (near an edge) with a few edge tests; the answer is
** always the rule's, boundaries included. Memory-bound: several times
** faster when consecutive points are near each other (file or grid
** order) than in random order, where phs_pip_index_find_many is faster.
** The index is never written once built: any number of threads may call
** phs_pip_index_find and phs_pip_index_find_many on it at the same time. */
int phs_pip_index_find(const phs_pip_index *ix, double x, double y);
/* out[i] = phs_pip_index_find(ix, x[i], y[i]) for i < n, with the cache
** misses of different points overlapped (prefetching): for points in
** random order about 3x faster than calling phs_pip_index_find for each;
** for points sorted in space, phs_pip_index_find is as fast or faster. */
void phs_pip_index_find_many(const phs_pip_index *ix, size_t n,
                             const double *x, const double *y, int *out);

/* ------------------------------------------------------------------------
** Coordinate reference systems (PROJ)
*/
typedef struct phs_crs_transform phs_crs_transform;

/*
** May this CRS string go to PROJ and GDAL (geo/crs_check.c)? PHS_OK, or
** PHS_EINPUT with d filled ("WHAT: 'crs' names a file ...") for a string
** that is empty, longer than PHS_CRS_MAX_BYTES, not UTF-8 text (control
** characters other than tab and line breaks included), names a file PROJ
** would read (+init=, +nadgrids=, grids=, file=, model=, a WKT2
** PARAMETERFILE), is a path or URL that GDAL's OSRSetFromUserInput would
** open or fetch (other than the OGC's http://www.opengis.net/def/crs/
** names), is PROJJSON, or is not an authority code (EPSG:32648, an OGC
** URN), a PROJ string or WKT (PROJ would look it up as a name, loosely).
** what names the string's origin ("--src-crs"); NULL = "CRS". Every
** phs_crs_* function below that takes a CRS string checks it first.
*/
#define PHS_CRS_MAX_BYTES 16384
int phs_crs_check(const char *crs, const char *what, phs_diag *d);

/*
** A transform from src to dst, each any string PROJ accepts (EPSG:4326,
** a WKT, a PROJ string). Axis order is normalised for visualisation:
** x = longitude / easting, y = latitude / northing, whatever the CRS's
** official axis order. Returns NULL and fills d on failure.
*/
phs_crs_transform *phs_crs_transform_new(const char *src, const char *dst,
                                          phs_diag *d);
void phs_crs_transform_free(phs_crs_transform *t);
/*
** Transform n points in place. Points that fail are set to HUGE_VAL.
** Returns the number of points that failed (0 when all succeeded).
*/
size_t phs_crs_transform_points(phs_crs_transform *t, double *x, double *y,
                                size_t n);
/* Transform every vertex of p in place and recompute its bbox (from the
** vertices that succeeded); returns the number of vertices that failed. */
size_t phs_crs_transform_mpoly(phs_crs_transform *t, phs_mpoly *p);
/* EPSG code of the WGS 84 UTM zone containing lon/lat (32601..32660 north,
** 32701..32760 south). Plain 6-degree zones (no Norway/Svalbard
** exceptions); lat 0 is north; lon 180 is zone 60; other lons wrap. */
int phs_utm_epsg(double lon, double lat);

/*
** An interpolating transform for drawing (geo/crs_grid.c): PROJ exactly on
** a grid of nodes over the lon/lat box minx..maxy, biquadratic in between,
** each cell checked against PROJ when first used; cells that miss tol
** (projected units) and points outside the box go through PROJ. t is
** borrowed and must outlive the grid. NULL only when out of memory.
*/
typedef struct phs_crs_grid phs_crs_grid;
phs_crs_grid *phs_crs_grid_new(phs_crs_transform *t, double minx, double miny,
                               double maxx, double maxy, double tol);
void phs_crs_grid_free(phs_crs_grid *g);
/* The cell size in degrees; 0 when every point goes through PROJ. */
double phs_crs_grid_step(const phs_crs_grid *g);
/* As phs_crs_transform_points / _mpoly, within tol of them. */
size_t phs_crs_grid_points(phs_crs_grid *g, double *x, double *y, size_t n);
size_t phs_crs_grid_mpoly(phs_crs_grid *g, phs_mpoly *p);
/* PROJ's release string, e.g. "9.1.1". */
const char *phs_proj_version(void);
/*
** Does the CRS string denote a geographic (lon/lat) CRS? Returns 1 yes,
** 0 no, -1 when PROJ cannot parse it (d filled).
*/
int phs_crs_is_geographic(const char *crs, phs_diag *d);
/*
** The CRS (any string PROJ accepts) as single-line WKT1 in GDAL's dialect
** (WKT2 when WKT1 cannot say it), for the .aux.xml beside a map
** (geo/crs_wkt.c). Returns a string the caller frees, or NULL with d
** filled (PHS_EINPUT for a string that is not a CRS).
*/
char *phs_crs_wkt(const char *crs, phs_diag *d);

/* ------------------------------------------------------------------------
** Site footprints: circles in a metric CRS
*/
typedef struct phs_circle {
  double x, y;  /* centre, metres */
  double r;     /* radius, metres (> 0) */
  int group;    /* 0 .. n_groups-1, e.g. the operator */
  /* A sector instead of a full circle: the points whose bearing from the
  ** centre (clockwise from grid north) is within half_width_deg of
  ** azimuth_deg. half_width_deg <= 0 or >= 180 means the full circle, so
  ** a zeroed struct is a circle. */
  double azimuth_deg;
  double half_width_deg;
} phs_circle;

/* Circles with a grid index for fast "which groups cover this point". */
typedef struct phs_circle_set phs_circle_set;

/* Copies the circles; NULL on allocation failure, or when a circle's group
** is outside 0..n_groups-1 or its centre/radius is not finite (or r < 0).
** n may be 0. */
phs_circle_set *phs_circle_set_new(const phs_circle *c, int n, int n_groups);
void phs_circle_set_free(phs_circle_set *s);
/*
** Is (x, y) inside (or on) any circle? When hits is not NULL it receives
** n_groups flags, hits[g] = 1 when a circle of group g covers the point.
** Returns 1 when any circle covers the point, else 0.
*/
int phs_circle_set_covers(const phs_circle_set *s, double x, double y,
                          unsigned char *hits);

/*
** Share of a polygon's area covered by the circle set, computed exactly
** (to rounding, about 1e-12 of the area): the covered length along each
** horizontal line is integrated in closed form between the heights where
** it is not smooth (polygon vertices, circle tops and bottoms, sector
** apexes, and every crossing of two circles or wedge lines, or of a
** polygon edge with either), so no grid, no cell size and no minimum
** polygon size are involved: a polygon far smaller than a circle gets its
** exact share. Writes the share covered by any circle (or sector) to
** *frac_any and, when frac_group is not NULL, the share covered by each
** group to frac_group[0..n_groups-1] (the union of that group's circles).
** The polygon is the even-odd region of all its rings, as
** phs_mpoly_locate (holes are holes whatever the orientation); a ring
** that crosses itself is not detected and is measured only approximately
** near the crossing. *n_strips (may be NULL) receives the number of
** strips between consecutive event heights over which some circle was
** integrated (a measure of the work, 0 when no circle comes near or one
** full circle holds the polygon's bounding box).
** poly_metric must be in the same metric CRS as the circles.
** Returns PHS_OK (an empty or zero-area polygon gives shares 0),
** PHS_ERUNTIME on allocation failure.
*/
int phs_circle_set_area_fraction(const phs_circle_set *s,
                                 const phs_mpoly *poly_metric,
                                 double *frac_any, double *frac_group,
                                 long *n_strips);

/* ------------------------------------------ distances, nearby points */

/* Distance in metres between two lon/lat points on the WGS 84 ellipsoid
** (the geodesic, Karney's algorithm through PROJ). */
double phs_geodesic_distance_m(double lon1, double lat1, double lon2,
                               double lat2);

/* Two points of phs_near_pairs: indices a < b, distance in metres. */
typedef struct phs_near_pair {
  long a, b;
  double dist_m;
} phs_near_pair;

/*
** Every pair of points of different groups (group[a] != group[b]) at most
** max_m apart (geodesic), ordered by a then b. Points are hashed into a
** grid of cells at least max_m wide at every latitude of the points, so
** only points of neighbouring cells are compared: about n log n, not n^2
** (120,000 sites: about 0.1 s of CPU). Points with a non-finite
** coordinate are skipped. On PHS_OK *pairs (malloc'd, free()) holds
** *n_pairs pairs (NULL when none); PHS_ERUNTIME when out of memory, with
** *pairs NULL.
*/
int phs_near_pairs(const double *lon, const double *lat, const int *group,
                   long n, double max_m, phs_near_pair **pairs,
                   long *n_pairs);

#ifdef __cplusplus
}
#endif
#endif /* PHS_GEO_H */
