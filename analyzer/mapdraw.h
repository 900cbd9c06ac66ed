/*
** mapdraw.h: internal to analyzer/: the parts of a map that the choropleth
** (mapdraw.c) and the coverage map (coverage_map.c) share.
*/
#ifndef PHS_MAPDRAW_H
#define PHS_MAPDRAW_H

#include "../data/phs_data.h"
#include "../geo/phs_geo.h"

/*
** How close to PROJ a map's projected vertices are, in metres: maps
** project through an interpolating grid (phs_crs_grid), and a centimetre
** is far below a pixel of any page at any scale a commune map
** is drawn (at A3 300 dpi a pixel is 0.85 m at 1:10,000).
*/
#define MAP_PROJECT_TOL_M 0.01

/*
** The interpolating projection of a map: tr (EPSG:4326 to the map's CRS,
** borrowed) on a grid over the lon/lat box of ds's communes. NULL when out
** of memory.
*/
phs_crs_grid *map_grid_new(phs_crs_transform *tr, const phs_dataset *ds);

/*
** District outlines, with the district names as labels, from the outlines
** stored with the communes (built, and stored
** when the store can take them, where missing or stale: see
** phs_dataset_district_outlines), projected with g (from EPSG:4326 to
** the map's CRS, map_grid_new). Unioned in each district's own UTM zone, so the 150 m
** of sealed gaps are metres on the ground. The three arrays are allocated
** (and given to the caller even on failure, NULL-safe to free): *outl
** holds *n_out polygons the caller frees with phs_mpoly_free then free();
** *ptr points into *outl; *lab borrows the names from ds.
*/
int map_district_outlines(phs_store *s, const phs_dataset *ds,
                          phs_crs_grid *g, phs_mpoly **outl,
                          const phs_mpoly ***ptr, const char ***lab,
                          int *n_out, phs_diag *d);

/*
** The source line into buf: the user's credit, or else "Nguồn:/Sources:"
** and the files the store's current figures come from; then " · extra"
** when extra is given (e.g. the coverage raster), then " · phusong <ver>".
*/
void map_source_line(const phs_dataset *ds, const char *user_source,
                     const char *extra, phs_lang lang, char *buf,
                     size_t size);

/* The synthetic-data note in the language (a static string). */
const char *map_synthetic_note(phs_lang lang);

#endif /* PHS_MAPDRAW_H */
