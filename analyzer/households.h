/*
** households.h: the household points of a run, counted per commune.
**
** Each point is assigned to its commune (the point index's rule: lowest
** code on a shared border) and tested against every technology's
** footprint and every operator's claimed coverage. Points are streamed
** from the store in batches and counted on several threads; every count is
** an integer, so the result is the same for any number of threads.
*/
#ifndef PHS_HOUSEHOLDS_H
#define PHS_HOUSEHOLDS_H

#include "footprint.h"
#include "phs_data.h"
#include "phs_geo.h"

#define HH_MAX_TECH 2

/*
** Counts per polygon k (0 <= k < n_polys), in a block of hh_stride():
**   [0] points in the commune, [1] with fibre,
**   then per technology t: [any footprint covers], per operator g
**   [g's footprint covers], per operator g [g's claim covers].
*/
typedef struct hh_tally {
  int n_polys, n_tech, n_ops;
  long long *v;       /* owned: n_polys * hh_stride() */
  long long outside;  /* points in no commune */
  long long total;    /* points read */
} hh_tally;

int hh_stride(const hh_tally *t);
long long *hh_block(const hh_tally *t, int k);
long long hh_covered(const hh_tally *t, int k, int tech);
long long hh_covered_by(const hh_tally *t, int k, int tech, int op);
long long hh_claimed_by(const hh_tally *t, int k, int tech, int op);

/* What the pass reads: borrowed, all of it. */
typedef struct hh_pass {
  phs_store *store;
  const phs_dataset *ds;
  const phs_pip_index *pip;   /* over the communes' polygons in lon/lat */
  int n_polys;
  const char *working_crs;    /* the footprints' CRS ("EPSG:32648") */
  const fp_eval *ev[HH_MAX_TECH];    /* footprints per technology */
  const fp_eval *claims[HH_MAX_TECH];/* claimed coverage, or NULL */
  int n_tech, n_ops;
  int threads;                /* 0: one per core */
} hh_pass;

/* Count every household point of p->ds into *t (zeroed here; free with
** hh_tally_free). */
int hh_pass_run(const hh_pass *p, hh_tally *t, phs_diag *d);
void hh_tally_free(hh_tally *t);

#endif
