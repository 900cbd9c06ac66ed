/*
** synth_internal.h: what the parts of the synthetic generator share (the
** PRNG, the unit table, the output helpers). Private to data/synth*.c.
*/
#ifndef PHS_SYNTH_INTERNAL_H
#define PHS_SYNTH_INTERNAL_H

#include <stdint.h>
#include <stdio.h>

#include "phs_geo.h"
#include "phs_synth.h"

/* xoshiro256** seeded through splitmix64. */
typedef struct synth_rng {
  uint64_t s[4];
} synth_rng;

/* Seed from seed and a stream number, so each output has its own stream
** and adding one output never changes another. */
void synth_rng_seed(synth_rng *r, uint64_t seed, uint64_t stream);
uint64_t synth_rng_next(synth_rng *r);
/* Uniform double in [0, 1) with 53 random bits. */
double synth_rng_uniform(synth_rng *r);
/* Uniform integer in [lo, hi], both included. */
long synth_rng_range(synth_rng *r, long lo, long hi);

/* One census unit (commune, or district without communes). */
typedef struct synth_unit {
  char *key;          /* owned: commune code, or district code */
  char *name;         /* owned: commune name, or district name */
  char *province_code;/* owned: may be "" */
  long pop, pop_urban;/* people (pop_urban = pop when the column is absent
                         and the name says Phường, else 0) */
  long hh;            /* households */
  int is_district;    /* 1 when the key is a district code */
  int has_poly;       /* 1 when a polygon carries the key */
  phs_mpoly poly;     /* lon/lat; empty without polygon */
  double area_km2;    /* geodesic area, 0 without polygon */
  long fibre;         /* households with fibre, after calibration */
} synth_unit;

typedef struct synth_ctx {
  const phs_synth_opts *o; /* borrowed */
  phs_diag *d;             /* borrowed */
  synth_unit *units;       /* owned: n_units entries, census order */
  long n_units;
  long rows_skipped;       /* census rows without any key */
  char prov_tag[16];       /* "BRVT" for province 77, else "P<code>" or "VN" */
} synth_ctx;

/* Uniform random point strictly inside a unit's polygon, rounded to 1e-6
** degree (so the printed point is the tested one). PHS_OK or PHS_ERUNTIME. */
int synth_point_in_unit(const synth_unit *u, synth_rng *r, double *x,
                        double *y, phs_diag *d);

/* synth_sites.c: the three operator files. */
int synth_write_sites(synth_ctx *c, phs_synth_result *res);
/* synth_survey.c: fibre_households.csv and survey.csv. */
int synth_write_fibre(synth_ctx *c, phs_synth_result *res);
int synth_write_survey(synth_ctx *c, phs_synth_result *res);
/* synth.c: households.csv. */
int synth_write_households(synth_ctx *c, phs_synth_result *res);

/* Open out_dir/name for writing with a large buffer; NULL + d filled. */
FILE *synth_fopen(synth_ctx *c, const char *name, char **path_out);
/* Flush and close, reporting write errors against path. */
int synth_fclose(synth_ctx *c, FILE *f, const char *path);
/* Write s as a CSV field, quoted only when it holds a comma, quote or
** line break. */
void synth_csv_field(FILE *f, const char *s);
/* Append "<int part>.<6 decimals>" of v (already rounded to 1e-6). */
char *synth_fmt_micro(char *p, double v);

/* GDAL's drivers, registered once per process (reader.c; declared in
** data_int.h too, whose other names clash with synth's own helpers). */
void store_gdal_register(void);

#endif /* PHS_SYNTH_INTERNAL_H */
