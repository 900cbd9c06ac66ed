/*
** site_params.h: internal to analyzer/: a technology's sites as the
** footprint models see them, in the working CRS: a circle (or sector) per
** site, or a radio site with its link budget attributes. Every attribute
** the operator did not send gets a documented default, and each default
** applied is counted in fp_stats for the run's warnings
** (docs/propagation.md lists them).
*/
#ifndef PHS_SITE_PARAMS_H
#define PHS_SITE_PARAMS_H

#include "footprint.h"

/*
** Circles (sectors when the site has an azimuth) of o->tech's sites of ds,
** tr mapping lon/lat to the working CRS. *out (malloc'd, *n entries) is
** freed by the caller; st counts the defaults applied.
*/
int sp_circles(const phs_dataset *ds, const fp_opts *o, phs_crs_transform *tr,
               phs_circle **out, int *n, fp_stats *st, phs_diag *d);

/*
** Radio sites of o->tech's sites of ds. *out and *ids (site IDs borrowed
** from ds) are malloc'd arrays of *n entries, freed by the caller.
*/
int sp_radio_sites(const phs_dataset *ds, const fp_opts *o,
                   phs_crs_transform *tr, phs_radio_site **out,
                   const char ***ids, int *n, fp_stats *st, phs_diag *d);

/* The model --model auto gives a site of tech in env: 5G 38.901 UMa
** (urban, suburban) or RMa (rural); 4G COST-231 Hata. */
phs_pl_model sp_auto_model(const char *tech, phs_environment env);

#endif /* PHS_SITE_PARAMS_H */
