/*
** site_params.c: a technology's sites as the footprint models see them.
** What the operator's file gave is used as is; every missing attribute
** gets the default below and is counted (fp_stats), so the run's warnings
** say how much of the footprint rests on assumptions. Also the default
** circle radius per band and environment, derived from the same defaults
** and models (docs/propagation.md, "Default circle radius").
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

/* Antenna gain (dBi) when the file gave none: the figures inside the
** default EIRPs above (17 dBi 4G panel, 24 dBi 5G beamforming). */
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

/*
** Default circle radius (m) by band and environment: the distance at which
** the default site (30 m, omnidirectional, 6 degrees electrical downtilt,
** 10 degree vertical beamwidth, default EIRP) reaches the default
** threshold at 1.5 m, NLOS, 90% cell-edge reliability, with the model
** --model auto picks for the environment (5G: 38.901 UMa for urban and
** suburban, RMa for rural; 4G: COST-231 Hata with the environment's
** correction), the outermost such distance rounded down to 10 m.
** Representative carriers: n78 3500, n41 2600, n28 700, other 5G 3500 at
** the 75 dBm default; 4G below 1 GHz 900, band 3 1800, band 1 2100.
** docs/propagation.md shows the derivation; tests/unit/site_radius.c
** recomputes every entry from the model functions.
*/
enum { RB_5G_N78 = 0, RB_5G_N41, RB_5G_N28, RB_5G_OTHER, RB_4G_SUB1G,
       RB_4G_B3, RB_4G_B1, RB_N };
static const double RADIUS_M[RB_N][3] = {
    /*              urban  suburban  rural */
    [RB_5G_N78] = {1010, 1010, 1480},
    [RB_5G_N41] = {1040, 1040, 1520},
    [RB_5G_N28] = {1940, 1940, 2890},
    [RB_5G_OTHER] = {900, 900, 1320},
    [RB_4G_SUB1G] = {690, 1480, 4680},
    [RB_4G_B3] = {380, 910, 3050},
    [RB_4G_B1] = {330, 820, 2800},
};

double phs_default_radius_m(const char *tech, int band, int env) {
  if (env < PHS_ENV_URBAN || env > PHS_ENV_RURAL) env = PHS_ENV_SUBURBAN;
  int row;
  if (tech && strcmp(tech, "5G") == 0) {
    if (band >= 3300 && band <= 3800) row = RB_5G_N78;
    else if (band >= 2496 && band <= 2690) row = RB_5G_N41;
    else if (band > 0 && band < 1000) row = RB_5G_N28;
    else row = RB_5G_OTHER;
  } else {
    if (band > 0 && band < 1000) row = RB_4G_SUB1G;
    else if (band > 1900 && band <= 2200) row = RB_4G_B1;
    else row = RB_4G_B3; /* band 3, other, unknown (1800 MHz assumed) */
  }
  return RADIUS_M[row][env];
}

phs_pl_model sp_auto_model(const char *tech, phs_environment env) {
  if (strcmp(tech, "5G") != 0) return PHS_PL_COST231_HATA;
  return env == PHS_ENV_RURAL ? PHS_PL_38901_RMA : PHS_PL_38901_UMA;
}

/* The environment of dataset site s: its own (o->site_env), or o->env. */
static phs_environment site_env(const fp_opts *o, int s) {
  if (o->site_env && o->site_env[s] >= 0)
    return (phs_environment)o->site_env[s];
  return o->env;
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
      r = phs_default_radius_m(t->tech, t->band_mhz, site_env(o, s));
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
    /* EIRP: the file's; else transmit power + gain - feeder loss (gain
    ** and loss defaulted, counted); else the per-band default. */
    double gain = t->attr[PHS_SITE_ANT_GAIN];
    double eirp = t->attr[PHS_SITE_EIRP];
    double ptx = t->attr[PHS_SITE_TX_POWER];
    if (isnan(eirp) && !isnan(ptx)) {
      double g = gain, l = t->attr[PHS_SITE_FEEDER_LOSS];
      if (isnan(g)) {
        g = default_gain(t->tech);
        st->default_gain++;
      }
      if (isnan(l)) {
        l = 0; /* radio at the antenna (RRU, AAU): jumper only */
        st->default_feeder++;
      }
      eirp = ptx + g - l;
      st->eirp_from_power++;
    }
    if (isnan(eirp)) {
      eirp = default_eirp(t->tech, t->band_mhz);
      st->default_eirp++;
    }
    r->eirp_rs_dbm = eirp - 10 * log10(subcarriers(t->tech, t->band_mhz));
    r->has_env = 1;
    r->env = site_env(o, s);
    if (o->auto_model) {
      r->has_model = 1;
      r->model = sp_auto_model(t->tech, r->env);
    }
    r->ant.azimuth_deg = t->attr[PHS_SITE_AZIMUTH];
    if (isnan(r->ant.azimuth_deg)) st->default_omni++;
    r->ant.h_beamwidth_deg = t->attr[PHS_SITE_BEAMWIDTH];
    if (isnan(r->ant.h_beamwidth_deg)) {
      r->ant.h_beamwidth_deg = 65;
      if (!isnan(r->ant.azimuth_deg)) st->default_beamwidth++;
    }
    /* Downtilt: neither given = 6 degrees electrical; one given = the
    ** other 0 (a single "tilt" column is electrical: docs/input-formats.md). */
    double et = t->attr[PHS_SITE_TILT_ELEC], mt = t->attr[PHS_SITE_TILT_MECH];
    if (isnan(et) && isnan(mt)) {
      et = 6;
      mt = 0;
      st->default_tilt++;
    } else if (isnan(et)) {
      et = 0;
      st->default_tilt_elec++;
    } else if (isnan(mt)) {
      mt = 0;
    }
    r->ant.elec_tilt_deg = et;
    r->ant.mech_tilt_deg = mt;
    r->ant.v_beamwidth_deg = 10;
    r->ant.max_gain_dbi = isnan(gain) ? default_gain(t->tech) : gain;
    r->ant.front_back_db = 30;
    r->ant.sla_v_db = 30;
    /* A site outside its own model's range (carrier, antenna height, the
    ** receiver height) is extrapolated wherever it reaches: counted, the
    ** first few named in the run's warnings. */
    phs_pl_model m = r->has_model ? r->model : (phs_pl_model)o->model;
    if (!phs_pl_site_in_range(m, r->f_mhz, r->h_bs,
                              o->h_ut > 0 ? o->h_ut : 1.5)) {
      if (st->sites_out_of_range < FP_OOR_LISTED) {
        struct fp_site_oor *e = &st->oor[st->sites_out_of_range];
        e->id = t->site_id;
        e->model = (int)m;
        e->f_mhz = r->f_mhz;
        e->h_bs = r->h_bs;
      }
      st->sites_out_of_range++;
    }
    rs_id[n] = t->site_id;
    n++;
  }
  st->sites = n;
  *out = rs;
  *ids = rs_id;
  *n_out = n;
  return PHS_OK;
}

