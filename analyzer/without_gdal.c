/*
** without_gdal.c: the stand-ins for the GDAL-calling functions that
** `phusong`, built without GDAL (gdal_delegate.c), can reach: each hands
** the command to phusong-gdal when it is called. A map needs them part
** way only: a district outline to build (a store from before schema
** version 6, or one whose outline could not be stored), a coverage map's
** raster to read; nothing has been written by then, and phusong-gdal
** starts the command again. phs_gdal_version is --version's, which
** main.c asks before printing anything.
**
** Linked into `phusong` alone, before the libraries: its definitions are
** taken instead of geo/mpoly_geos.c's, data/dem.c's, data/reader.c's and
** analyzer/coverage_map.c's, and those objects are never linked in. A change that makes the map's
** code need another of their functions fails to link on a duplicate
** symbol; one that reaches another GDAL-calling file links libgdal back
** in, which tests/cli/gdal_delegate.sh catches.
*/
#include "phs_analyzer.h"

int phs_mpoly_union(const phs_mpoly *const *parts, int n, double min_hole_area,
                    double close_dist, phs_mpoly *out, phs_diag *d) {
  (void)parts, (void)n, (void)min_hole_area, (void)close_dist, (void)out;
  (void)d;
  phs_gdal_delegate();
}

void phs_mpoly_simplify(phs_mpoly *m, double tol) {
  (void)m, (void)tol;
  phs_gdal_delegate();
}

int phs_raster_read(const char *path, int band, int nearest, const char *crs,
                    double x0, double y0, double x1, double y1, double res,
                    phs_dem *out, float **owned_values, phs_diag *d) {
  (void)path, (void)band, (void)nearest, (void)crs, (void)x0, (void)y0;
  (void)x1, (void)y1, (void)res, (void)out, (void)owned_values, (void)d;
  phs_gdal_delegate();
}

const char *phs_gdal_version(void) {
  phs_gdal_delegate();
}

int phs_coverage_map_write(phs_store *s, const phs_run *run,
                           const phs_coverage_map_opts *o, const char *path,
                           phs_diag *d) {
  (void)s, (void)run, (void)o, (void)path, (void)d;
  phs_gdal_delegate();
}
