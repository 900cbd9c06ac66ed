/*
** geo_int.h: what the files of geo/ share and nobody else sees: the one
** edge test behind every point location, so phs_mpoly_locate and the
** index's banded search cannot disagree.
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

#endif /* PHS_GEO_INT_H */
