/*
** phs_geo.h: the geometry and projection core of phusong.
**
** Multipolygons as flat coordinate arrays, point location with an exact
** boundary test, a spatial index that assigns points to polygons by a
** deterministic rule, ellipsoidal (geodesic) areas, CRS transforms over
** PROJ, polygon union over GEOS (through OGR's geometry API), and circular
** site footprints with the coverage of an area estimated on a grid.
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
int phs_mpoly_is_empty(const phs_mpoly *p);

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
** Memory-bound: about 10x faster when consecutive points are near each
** other (e.g. in file or grid order) than in random order. */
int phs_pip_index_find(const phs_pip_index *ix, double x, double y);

/* ------------------------------------------------------------------------
** Coordinate reference systems (PROJ)
*/
typedef struct phs_crs_transform phs_crs_transform;

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
/* PROJ's release string, e.g. "9.1.1". */
const char *phs_proj_version(void);
/*
** Does the CRS string denote a geographic (lon/lat) CRS? Returns 1 yes,
** 0 no, -1 when PROJ cannot parse it (d filled).
*/
int phs_crs_is_geographic(const char *crs, phs_diag *d);

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
** Fraction of a polygon's area covered by the circle set, estimated on a
** square grid of `cell` metres aligned to multiples of `cell` (so results
** do not depend on the polygon's bbox): the polygon's cells are those whose
** centre it covers; a cell is covered when its centre is. Writes the
** fraction covered by any circle to *frac_any and, when frac_group is not
** NULL, the fraction covered by each group to frac_group[0..n_groups-1].
** *n_cells receives the number of polygon cells (0 for a polygon smaller
** than a cell, in which case the polygon's centroid decides: fractions
** are then 0 or 1). The error of a fraction is bounded by the cells the
** polygon's boundary crosses: about perimeter * cell / area.
** poly_metric must be in the same metric CRS as the circles.
** Centres exactly on the boundary follow the scanline's half-open rule
** (on a bottom edge: in; on a top edge or top vertex: out).
** Returns PHS_OK (an empty polygon gives 0 cells and fractions 0),
** PHS_EUSAGE when cell is not > 0, PHS_ERUNTIME on allocation failure.
*/
int phs_circle_set_area_fraction(const phs_circle_set *s,
                                 const phs_mpoly *poly_metric, double cell,
                                 double *frac_any, double *frac_group,
                                 long *n_cells);

#ifdef __cplusplus
}
#endif
#endif /* PHS_GEO_H */
