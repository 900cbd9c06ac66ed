/*
** geo_int.h: what the files of geo/ share and nobody else sees: the one
** edge test behind every point location, so phs_mpoly_locate and the
** index's banded search cannot disagree; and the PROJ contexts of crs.c
** and crs_wkt.c.
*/
#ifndef PHS_GEO_INT_H
#define PHS_GEO_INT_H

/*
** The edge from (ax, ay) to (bx, by) against the point (x, y) and the ray
** from it towards +x. Returns 1 when the point lies exactly on the edge
** (collinear: cross product exactly 0, and within the edge's extent).
** Otherwise flips *inside when the edge crosses the ray, with a half-open
** rule on y so a ray through a vertex counts once; the side is the sign of
** the same cross product, so the crossing and boundary tests agree.
*/
static inline int edge_on_or_cross(double ax, double ay, double bx, double by,
                                   double x, double y, int *inside) {
  /* Only edges whose y extent holds y can touch or cross the ray. */
  if ((y >= ay || y >= by) && (y <= ay || y <= by)) {
    double cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
    if (cross == 0.0 && (x >= ax || x >= bx) && (x <= ax || x <= bx))
      return 1;
    if (ay <= y && y < by) {
      if (cross > 0) *inside ^= 1;
    } else if (by <= y && y < ay) {
      if (cross < 0) *inside ^= 1;
    }
  }
  return 0;
}

/*
** PROJ contexts (crs.c; used by crs.c and crs_wkt.c). crs_quiet_context: a
** new context that prints nothing, never uses the network, and copies
** PROJ's error messages into log (CRS_LOG_MAX bytes, borrowed: it must
** outlive the context). NULL when out of memory. crs_out_of_memory: after
** a PROJ call failed, was it for want of memory? Yes when an allocation
** phusong counts failed meanwhile (phs_alloc_failures() moved from
** failures_before) or when PROJ's message says so.
*/
#define CRS_LOG_MAX 256
struct pj_ctx;
struct pj_ctx *crs_quiet_context(char *log);
int crs_out_of_memory(unsigned long failures_before, const char *log);

#endif /* PHS_GEO_INT_H */
