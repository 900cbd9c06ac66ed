/*
** disagree.h: internal to analyzer/: where an operator's claimed coverage
** and the modelled coverage disagree, cell by cell (disagree.c), for the
** disagreement map that coverage_map.c draws (`map --disagreement`).
*/
#ifndef PHS_DISAGREE_H
#define PHS_DISAGREE_H

#include "../data/phs_data.h"
#include "../geo/phs_geo.h"

/* The four classes, in legend order; a cell's class is stored as its
** number (a float) in the map's raster, NaN where the model has no data. */
typedef enum {
  DIS_BOTH = 0,       /* claimed and modelled */
  DIS_MODEL_ONLY = 1, /* modelled, not claimed */
  DIS_CLAIM_ONLY = 2, /* claimed, not modelled */
  DIS_NEITHER = 3,    /* neither */
  DIS_N = 4
} dis_class;

/* Cell counts of one commune (cells whose centre lies in it). */
typedef struct dis_commune {
  long cells;      /* all, no data included */
  long n[DIS_N];   /* per class */
  long nodata;     /* outside the model raster */
} dis_commune;

typedef struct dis_result {
  dis_commune *communes; /* owned: one per ds->communes, same order */
  int n_communes;
  int n_claims;          /* claim polygons of the operator and tech */
  double km2[DIS_N];     /* each class over the communes, km²: the sum of
                            class fraction x commune area (ellipsoidal) */
  double nodata_km2;     /* outside the model raster, km² */
} dis_result;

/*
** Classify the grid in place. values holds the model's signal (dBm) on
** the north-up grid g of grid_crs (NaN = no model data); each cell becomes
** its dis_class number (NaN stays NaN) by its centre: claimed when it lies
** in one of the current claim polygons of op and tech in ds (tested in
** lon/lat, boundary included), modelled when the signal is >= threshold.
** Per commune (by the centre, the lowest code winning on shared borders)
** the classes are counted into *out (the caller frees it with
** disagree_free). PHS_EUSAGE when op has no current claim of tech;
** PHS_ERUNTIME for memory or a CRS PROJ cannot use.
*/
int disagree_classify(const phs_dataset *ds, const char *op, const char *tech,
                      const char *grid_crs, const phs_dem *g, float *values,
                      double threshold, dis_result *out, phs_diag *d);

/*
** Write the per-commune disagreement as CSV (UTF-8 with a BOM, as the
** report's CSV; header in the language): code, name, district, area and
** the km² of each class, the no-data km² and the cell count, for every
** commune with a polygon. PHS_ERUNTIME when the file cannot be written.
*/
int disagree_csv_write(const phs_dataset *ds, const dis_result *r,
                       phs_lang lang, const char *path, phs_diag *d);

void disagree_free(dis_result *r);

#endif /* PHS_DISAGREE_H */
