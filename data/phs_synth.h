/*
** phs_synth.h: the synthetic data generator behind `phusong synth`.
**
** From real commune polygons and the real 2019 census, it makes the layers
** phusong imports but for which no public data exists (see SOURCES.md,
** "What was looked for and not found"): operators' 4G/5G site lists in the
** three formats the operators deliver (CSV, GeoJSON, GeoPackage), fibre
** households per commune, a weighted smartphone / bank account / e-ID
** survey, and optionally one point per household for benchmarks.
**
** Everything is drawn from one seed with a private PRNG, so the same seed
** and inputs give byte-identical files on every run. Province totals are
** calibrated to the targets given in the options (end-2022 BR-VT figures by
** default), and the calibration uses the values as printed in the files, so
** reading the files back reproduces the targets.
**
** The layers are SYNTHETIC. They must never be presented as real data; the
** generator writes a README.txt into the output folder saying so.
*/
#ifndef PHS_SYNTH_H
#define PHS_SYNTH_H

#include "phs_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
** Options of phs_synth_run(). Fill with phs_synth_opts_default() first,
** then set the paths; every pointer is borrowed for the call only.
*/
typedef struct phs_synth_opts {
  const char *const *commune_paths; /* borrowed: commune polygon layers */
  int n_commune_paths;              /* number of entries in commune_paths */
  const char *code_field;     /* unit code field; NULL = gso_commune_code_2019 */
  const char *census_path;    /* census CSV (commune_code, ..., pop_total, hh_total) */
  const char *out_dir;        /* created if missing */
  int overwrite;              /* replace existing output files of ours */
  unsigned long long seed;    /* default 20221231 */
  int n_sites_4g, n_sites_5g; /* default 2200 and 10 (end-2022 BR-VT) */
  int n_respondents;          /* default 5000 */
  double fibre_target;        /* fibre households / households, default 0.983 */
  double smartphone_target;   /* weighted share, default 0.977 */
  double bank_target;         /* weighted share, default 0.8252 */
  double eid_target;          /* weighted share, default 0.2132 */
  int household_points;       /* also write households.csv */
  double household_scale;     /* fraction of households written as points */
} phs_synth_opts;

/* Set every option to its default (paths NULL, 0 commune paths). */
void phs_synth_opts_default(phs_synth_opts *o);

/*
** What phs_synth_run() made. The *_pct figures are percentages (98.3),
** computed from the files as written.
*/
typedef struct phs_synth_result {
  long units;                 /* census units (rows with a key) */
  long units_without_polygon; /* census units no polygon carries the key of */
  long sites_4g, sites_5g;    /* sites written, all operators */
  long respondents;           /* rows of survey.csv */
  long household_points;      /* rows of households.csv (0 without it) */
  double fibre_pct, smartphone_pct, bank_pct, eid_pct;
  long census_rows_skipped;   /* census rows with neither commune nor district code */
} phs_synth_result;

/*
** Read the commune polygons and the census, then write into o->out_dir:
**   sites_viettel.csv     ma_tram,ten_tram,kinh_do,vi_do,cong_nghe,bang_tan_mhz,ban_kinh_m
**   sites_vnpt.geojson    layer sites_vnpt: site_id,name,tech,band_mhz,radius_m
**   sites_mobifone.gpkg   layer tram_bts: site_id,site_name,technology,freq_mhz,radius_m
**   fibre_households.csv  ma_xa,ten_xa,ho_cap_quang
**   survey.csv            respondent_id,commune_code,weight,age,sex,smartphone,
**                         bank_account,e_id,online_payment
**   households.csv        household_id,lon,lat,fibre (only with household_points)
**   README.txt            says the layers are synthetic, with seed and targets
**
** The unit list is the census: a row's key is its commune_code, or its
** district_code for a district without communes (Côn Đảo: 755); rows with
** neither are skipped and counted. Polygons are joined to units by
** code_field; features with an empty code, or a code not in the census, are
** skipped with a warning. Units without a polygon get fibre and survey rows
** but no sites and no household points.
**
** Existing output files make the call fail with PHS_EUSAGE unless
** o->overwrite is set; nothing is written in that case.
**
** Returns PHS_OK, PHS_EUSAGE (bad options), PHS_EINPUT (unreadable or
** unsuitable inputs: the message names the file) or PHS_ERUNTIME (write
** failure, out of memory). res may be NULL. Warnings go to d.
*/
int phs_synth_run(const phs_synth_opts *o, phs_synth_result *res, phs_diag *d);

#ifdef __cplusplus
}
#endif
#endif /* PHS_SYNTH_H */
