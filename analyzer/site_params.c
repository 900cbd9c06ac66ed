/*
** site_params.c: a technology's sites as the footprint models see them.
** What the operator's file gave is used as is; every missing attribute
** gets the default below and is counted (fp_stats), so the run's warnings
** say how much of the footprint rests on assumptions.
*/
#include "site_params.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "phs_analyzer.h"

/* Subcarriers of the usual channel: 4G 20 MHz = 100 RB x 12; 5G 100 MHz
** at 30 kHz = 273 RB x 12. EIRP_RS = EIRP - 10 log10(subcarriers). */
static double subcarriers(const char *tech, int band) {
  (void)band;
  return strcmp(tech, "5G") == 0 ? 3276 : 1200;
}

/* Total EIRP (dBm, boresight) of a typical macro site when the operator
** gave none: 4G 40 W (46 dBm) + 17 dBi - 2 dB feeder = 61 dBm; 5G n78
** 64T64R 200 W (53 dBm) + 24 dBi beamforming gain = 77 dBm; n41 the same
** power with 22 dBi = 75 dBm. docs/propagation.md. */
static double default_eirp(const char *tech, int band) {
  if (strcmp(tech, "5G") == 0) return band >= 3300 ? 77 : 75;
  return 61;
}

static double default_gain(const char *tech) {
  return strcmp(tech, "5G") == 0 ? 24 : 17;
}

static double default_freq(const char *tech) {
  return strcmp(tech, "5G") == 0 ? 3500 : 1800;
}

double fp_default_threshold_dbm(const char *tech) {
  /* RSRP / SS-RSRP at the cell edge for a usable outdoor data service:
  ** -110 dBm for 5G and -105 dBm for 4G (operator practice; see
  ** docs/propagation.md for the sources and their caveats). */
  return strcmp(tech, "5G") == 0 ? -110 : -105;
}

/* ------------------------------------------------------------- build */

int sp_circles(const phs_dataset *ds, const fp_opts *o, phs_crs_transform *tr,
               phs_circle **out, int *n_out, fp_stats *st, phs_diag *d) {
  *out = NULL;
  *n_out = 0;
  phs_circle *c = calloc((size_t)(ds->n_sites ? ds->n_sites : 1), sizeof(*c));
  if (c == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  int n = 0;
  for (int s = 0; s < ds->n_sites; s++) {
    const phs_site *t = &ds->sites[s];
    if (strcmp(t->tech, o->tech) != 0) continue;
    double x = t->lon, y = t->lat;
    phs_crs_transform_points(tr, &x, &y, 1);
    double r = t->radius_m;
    if (!(r > 0)) {
      r = phs_default_radius_m(t->tech, t->band_mhz);
      st->default_radius++;
    }
    c[n].x = x;
    c[n].y = y;
    c[n].r = r;
    c[n].group = fp_group_of(o, t->operator_code);
    /* A site with an azimuth is a sector of its beamwidth (65 degrees
    ** when the file gave none); without one, a full circle. */
    if (!isnan(t->attr[PHS_SITE_AZIMUTH])) {
      double bw = t->attr[PHS_SITE_BEAMWIDTH];
      if (isnan(bw)) {
        bw = 65;
        st->default_beamwidth++;
      }
      c[n].azimuth_deg = t->attr[PHS_SITE_AZIMUTH];
      c[n].half_width_deg = bw / 2;
    }
    n++;
  }
  st->sites = n;
  *out = c;
  *n_out = n;
  return PHS_OK;
}

int sp_radio_sites(const phs_dataset *ds, const fp_opts *o,
                   phs_crs_transform *tr, phs_radio_site **out,
                   const char ***ids, int *n_out, fp_stats *st, phs_diag *d) {
  size_t cap = (size_t)(ds->n_sites ? ds->n_sites : 1);
  phs_radio_site *rs = calloc(cap, sizeof(*rs));
  const char **rs_id = calloc(cap, sizeof(char *));
  int n = 0;
  *out = NULL;
  *ids = NULL;
  *n_out = 0;
  if (rs == NULL || rs_id == NULL) {
    free(rs);
    free(rs_id);
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  for (int s = 0; s < ds->n_sites; s++) {
    const phs_site *t = &ds->sites[s];
    if (strcmp(t->tech, o->tech) != 0) continue;
    phs_radio_site *r = &rs[n];
    r->x = t->lon;
    r->y = t->lat;
    phs_crs_transform_points(tr, &r->x, &r->y, 1);
    r->group = fp_group_of(o, t->operator_code);
    r->f_mhz = t->band_mhz > 0 ? t->band_mhz : default_freq(t->tech);
    if (t->band_mhz <= 0) st->default_band++;
    double h = t->attr[PHS_SITE_HEIGHT];
    if (!(h > 0)) {
      h = o->default_height_m > 0 ? o->default_height_m : 30;
      st->default_height++;
    }
    r->h_bs = h;
    double eirp = t->attr[PHS_SITE_EIRP];
    if (isnan(eirp)) {
      eirp = default_eirp(t->tech, t->band_mhz);
      st->default_eirp++;
    }
    r->eirp_rs_dbm = eirp - 10 * log10(subcarriers(t->tech, t->band_mhz));
    r->ant.azimuth_deg = t->attr[PHS_SITE_AZIMUTH];
    if (isnan(r->ant.azimuth_deg)) st->default_omni++;
    r->ant.h_beamwidth_deg = t->attr[PHS_SITE_BEAMWIDTH];
    if (isnan(r->ant.h_beamwidth_deg)) {
      r->ant.h_beamwidth_deg = 65;
      if (!isnan(r->ant.azimuth_deg)) st->default_beamwidth++;
    }
    r->ant.tilt_deg = t->attr[PHS_SITE_TILT];
    if (isnan(r->ant.tilt_deg)) {
      r->ant.tilt_deg = 6;
      st->default_tilt++;
    }
    r->ant.v_beamwidth_deg = 10;
    r->ant.max_gain_dbi = default_gain(t->tech);
    r->ant.front_back_db = 30;
    r->ant.sla_v_db = 30;
    rs_id[n] = t->site_id;
    n++;
  }
  st->sites = n;
  *out = rs;
  *ids = rs_id;
  *n_out = n;
  return PHS_OK;
}

