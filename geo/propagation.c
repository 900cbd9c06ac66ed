/*
** propagation.c: path-loss models for coverage (free space, COST-231
** Hata, 3GPP TR 38.901 UMa / UMi / RMa with their LOS probabilities),
** their combination with the terrain's line of sight and knife-edge loss,
** their validity ranges and shadow-fading sigmas, and the cell-edge
** reliability margin through the standard normal quantile. Pure
** arithmetic, no state. Formulas, defaults and sources:
** docs/propagation.md. See phs_radio.h.
*/
#include "phs_radio.h"

#include <math.h>
#include <string.h>

#define SPEED_OF_LIGHT 3.0e8 /* m/s, the value 38.901 uses */

/* 38.901 RMa defaults (Table 7.4.1-1): building height, street width. */
#define RMA_H 5.0
#define RMA_W 20.0
/* 38.901 effective environment height h_E for the UMa / UMi breakpoint. */
#define HE 1.0
/*
** Antenna heights accepted as in range for UMa and UMi, which Table
** 7.4.1-1 states for one height (25 m, 10 m): the band in which ignoring
** h_BS biases the NLOS loss by less than the model's own NLOS shadow sigma
** (6 dB, 7.82 dB), measured with the h_BS-dependent NLOS formula of ITU-R
** M.2135-1 / M.2412 UMa_A (valid 10-150 m) for buildings 10-20 m high over
** 10 m - 5 km. Derivation and the bias at the edges: docs/propagation.md,
** "Validity ranges".
*/
#define UMA_HBS_MIN 18.5
#define UMA_HBS_MAX 36.5
#define UMI_HBS_MIN 9.5
#define UMI_HBS_MAX 12.5

/* ---------------------------------------------------------- names */

static const struct {
  const char *name;
  phs_pl_model model;
} model_names[] = {
    {"fspl", PHS_PL_FREE_SPACE}, {"hata", PHS_PL_COST231_HATA},
    {"uma", PHS_PL_38901_UMA},   {"umi", PHS_PL_38901_UMI},
    {"rma", PHS_PL_38901_RMA},
};

int phs_pl_model_parse(const char *s) {
  if (!s) return -1;
  for (size_t i = 0; i < sizeof model_names / sizeof model_names[0]; i++)
    if (strcmp(s, model_names[i].name) == 0) return (int)model_names[i].model;
  return -1;
}

const char *phs_pl_model_name(phs_pl_model m) {
  for (size_t i = 0; i < sizeof model_names / sizeof model_names[0]; i++)
    if (model_names[i].model == m) return model_names[i].name;
  return "unknown";
}

static const char *const los_names[] = {"nlos", "los", "expected",
                                        "terrain"};
#define N_LOS_NAMES ((int)(sizeof los_names / sizeof los_names[0]))

int phs_los_mode_parse(const char *s) {
  if (!s) return -1;
  for (int i = 0; i < N_LOS_NAMES; i++)
    if (strcmp(s, los_names[i]) == 0) return i;
  return -1;
}

const char *phs_los_mode_name(phs_los_mode los) {
  if ((int)los < 0 || (int)los >= N_LOS_NAMES) return "unknown";
  return los_names[los];
}

int phs_environment_parse(const char *s) {
  if (!s) return -1;
  if (strcmp(s, "urban") == 0) return PHS_ENV_URBAN;
  if (strcmp(s, "suburban") == 0) return PHS_ENV_SUBURBAN;
  if (strcmp(s, "rural") == 0) return PHS_ENV_RURAL;
  return -1;
}

/* ------------------------------------------------------ free space */

/* Friis: 20 log10(d_km) + 20 log10(f_MHz) + 32.45 (d = 3D distance). */
static double fspl(double d3d, double f_mhz) {
  return 20.0 * log10(d3d / 1000.0) + 20.0 * log10(f_mhz) + 32.45;
}

/* ---------------------------------------------------- COST-231 Hata */

/*
** COST 231 final report (Damosso ed., 1999) section 4.4.1: the basic
** loss with a(h_m) for medium/small cities and C_m = 3 dB (metropolitan
** centres) in urban areas; suburban and rural apply Hata's (1980)
** suburban and open-area corrections to the C_m = 0 loss. d in km, f in
** MHz, heights in metres.
*/
static double cost231_hata(phs_environment env, double d_km, double h_b,
                           double h_m, double f_mhz) {
  double lf = log10(f_mhz);
  double a_hm = (1.1 * lf - 0.7) * h_m - (1.56 * lf - 0.8);
  double base = 46.3 + 33.9 * lf - 13.82 * log10(h_b) - a_hm +
                (44.9 - 6.55 * log10(h_b)) * log10(d_km);
  switch (env) {
  case PHS_ENV_URBAN:
    return base + 3.0;
  case PHS_ENV_SUBURBAN: {
    double l28 = log10(f_mhz / 28.0);
    return base - 2.0 * l28 * l28 - 5.4;
  }
  case PHS_ENV_RURAL:
  default:
    return base - 4.78 * lf * lf + 18.33 * lf - 40.94;
  }
}

/* ------------------------------------------------------- 38.901 */

/* Heights, distances and frequency of one 38.901 evaluation. */
typedef struct {
  double d2d, d3d; /* metres */
  double h_bs, h_ut;
  double fc;       /* GHz */
} link;

/*
** UMa / UMi LOS (Table 7.4.1-1): PL1 up to the breakpoint d'_BP = 4 h'_BS
** h'_UT f_c / c with h' = h - h_E, PL2 beyond it. a, b, c are the
** intercept, the PL1 slope and the PL2 breakpoint coefficient: UMa
** 28.0 / 22 / 9, UMi 32.4 / 21 / 9.5.
*/
static double urban_los(const link *l, double a, double b, double c) {
  double hb = l->h_bs - HE, hu = l->h_ut - HE;
  double dbp = 4.0 * hb * hu * l->fc * 1e9 / SPEED_OF_LIGHT;
  if (hb <= 0.0 || hu <= 0.0) dbp = 0.0; /* below h_E: all beyond BP */
  if (l->d2d <= dbp)
    return a + b * log10(l->d3d) + 20.0 * log10(l->fc);
  double dh = l->h_bs - l->h_ut;
  double q = dbp * dbp + dh * dh;
  if (q < 1.0) q = 1.0; /* only reachable far outside the valid heights */
  return a + 40.0 * log10(l->d3d) + 20.0 * log10(l->fc) - c * log10(q);
}

static double uma_los(const link *l) { return urban_los(l, 28.0, 22.0, 9.0); }

static double uma_nlos(const link *l) {
  double p = 13.54 + 39.08 * log10(l->d3d) + 20.0 * log10(l->fc) -
             0.6 * (l->h_ut - 1.5);
  return fmax(uma_los(l), p);
}

static double umi_los(const link *l) { return urban_los(l, 32.4, 21.0, 9.5); }

static double umi_nlos(const link *l) {
  double p = 35.3 * log10(l->d3d) + 22.4 + 21.3 * log10(l->fc) -
             0.3 * (l->h_ut - 1.5);
  return fmax(umi_los(l), p);
}

/* RMa breakpoint d_BP = 2 pi h_BS h_UT f_c / c (metres). */
static double rma_dbp(const link *l) {
  return 2.0 * M_PI * l->h_bs * l->h_ut * l->fc * 1e9 / SPEED_OF_LIGHT;
}

/* RMa PL1 as a function of the 3D distance d (metres). */
static double rma_pl1(double d, double fc) {
  double hp = pow(RMA_H, 1.72);
  return 20.0 * log10(40.0 * M_PI * d * fc / 3.0) +
         fmin(0.03 * hp, 10.0) * log10(d) - fmin(0.044 * hp, 14.77) +
         0.002 * log10(RMA_H) * d;
}

/* RMa LOS; PL2 = PL1(d_BP) + 40 log10(d3D / d_BP), PL1 evaluated at d_BP
** itself as the table writes it. */
static double rma_los(const link *l) {
  double dbp = rma_dbp(l);
  if (l->d2d <= dbp) return rma_pl1(l->d3d, l->fc);
  return rma_pl1(dbp, l->fc) + 40.0 * log10(l->d3d / dbp);
}

static double rma_nlos(const link *l) {
  double hb = l->h_bs, lu = log10(11.75 * l->h_ut);
  double r = RMA_H / hb;
  double p = 161.04 - 7.1 * log10(RMA_W) + 7.5 * log10(RMA_H) -
             (24.37 - 3.7 * r * r) * log10(hb) +
             (43.42 - 3.1 * log10(hb)) * (log10(l->d3d) - 3.0) +
             20.0 * log10(l->fc) - (3.2 * lu * lu - 4.97);
  return fmax(rma_los(l), p);
}

/*
** LOS probability, Table 7.4.2-1 (outdoor users). UMa includes the
** C'(h_UT) term for users above 13 m.
*/
static double los_probability(phs_pl_model m, double d2d, double h_ut) {
  switch (m) {
  case PHS_PL_38901_UMA: {
    if (d2d <= 18.0) return 1.0;
    double c = 0.0;
    if (h_ut > 13.0) c = pow((h_ut - 13.0) / 10.0, 1.5);
    double p = 18.0 / d2d + exp(-d2d / 63.0) * (1.0 - 18.0 / d2d);
    double k = 1.0 + c * 1.25 * pow(d2d / 100.0, 3.0) * exp(-d2d / 150.0);
    return fmin(1.0, p * k);
  }
  case PHS_PL_38901_UMI:
    if (d2d <= 18.0) return 1.0;
    return 18.0 / d2d + exp(-d2d / 36.0) * (1.0 - 18.0 / d2d);
  case PHS_PL_38901_RMA:
    if (d2d <= 10.0) return 1.0;
    return exp(-(d2d - 10.0) / 1000.0);
  default:
    return 0.0;
  }
}

/* -10 log10 of the LOS-probability-weighted received power. */
static double expected_loss(double p_los, double pl_los, double pl_nlos) {
  if (p_los >= 1.0) return pl_los;
  if (p_los <= 0.0) return pl_nlos;
  /* Factor out the smaller loss so the powers never underflow. */
  double lo = fmin(pl_los, pl_nlos);
  double s = p_los * pow(10.0, -(pl_los - lo) / 10.0) +
             (1.0 - p_los) * pow(10.0, -(pl_nlos - lo) / 10.0);
  return lo - 10.0 * log10(s);
}

static int between(double x, double lo, double hi) {
  return x >= lo && x <= hi;
}

/* 1 when the carrier (GHz) and the heights are inside the validity of
** the 38.901 model (UMa / UMi heights with the tolerance bands above). */
static int site_range_38901(phs_pl_model m, double fc, double h_bs,
                            double h_ut) {
  switch (m) {
  case PHS_PL_38901_UMA:
    return between(fc, 0.5, 100.0) &&
           between(h_bs, UMA_HBS_MIN, UMA_HBS_MAX) && between(h_ut, 1.5, 22.5);
  case PHS_PL_38901_UMI:
    return between(fc, 0.5, 100.0) &&
           between(h_bs, UMI_HBS_MIN, UMI_HBS_MAX) && between(h_ut, 1.5, 22.5);
  case PHS_PL_38901_RMA:
    return between(fc, 0.5, 30.0) && between(h_bs, 10.0, 150.0) &&
           between(h_ut, 1.0, 10.0);
  default:
    return 0;
  }
}

/* 1 when the link is inside the stated validity of the 38.901 model for
** the branch(es) used. */
static int range_38901(phs_pl_model m, phs_los_mode los, const link *l) {
  double dmax = 5000.0;
  if (m == PHS_PL_38901_RMA) {
    /* RMa LOS reaches 10 km; NLOS (and an expectation with an NLOS
    ** share) stops at 5 km. */
    int nlos_used = los != PHS_LOS_LOS &&
                    !(los == PHS_LOS_EXPECTED && l->d2d <= 10.0);
    dmax = nlos_used ? 5000.0 : 10000.0;
  }
  return site_range_38901(m, l->fc, l->h_bs, l->h_ut) &&
         between(l->d2d, 10.0, dmax);
}

/* COST 231 Hata's range without the distance (1-20 km). */
static int site_range_hata(double f_mhz, double h_bs, double h_ut) {
  return between(f_mhz, 1500.0, 2000.0) && between(h_bs, 30.0, 200.0) &&
         between(h_ut, 1.0, 10.0);
}

int phs_pl_site_in_range(phs_pl_model m, double f_mhz, double h_bs,
                         double h_ut) {
  if (!(f_mhz > 0.0) || !(h_bs > 0.0) || !(h_ut > 0.0) || !isfinite(f_mhz) ||
      !isfinite(h_bs) || !isfinite(h_ut))
    return 0;
  switch (m) {
  case PHS_PL_FREE_SPACE:
    return 1;
  case PHS_PL_COST231_HATA:
    return site_range_hata(f_mhz, h_bs, h_ut);
  case PHS_PL_38901_UMA:
  case PHS_PL_38901_UMI:
  case PHS_PL_38901_RMA:
    return site_range_38901(m, f_mhz / 1000.0, h_bs, h_ut);
  default:
    return 0;
  }
}

static double pl_38901(phs_pl_model m, phs_los_mode los, const link *l) {
  double (*f_los)(const link *) = m == PHS_PL_38901_UMA   ? uma_los
                                  : m == PHS_PL_38901_UMI ? umi_los
                                                          : rma_los;
  double (*f_nlos)(const link *) = m == PHS_PL_38901_UMA   ? uma_nlos
                                   : m == PHS_PL_38901_UMI ? umi_nlos
                                                           : rma_nlos;
  switch (los) {
  case PHS_LOS_LOS:
    return f_los(l);
  case PHS_LOS_EXPECTED:
    return expected_loss(los_probability(m, l->d2d, l->h_ut), f_los(l),
                         f_nlos(l));
  case PHS_LOS_TERRAIN: /* no terrain verdict here: NLOS */
  case PHS_LOS_NLOS:
  default:
    return f_nlos(l);
  }
}

double phs_path_loss_db(phs_pl_model m, phs_environment env,
                        phs_los_mode los, double d2d, double h_bs,
                        double h_ut, double f_mhz, int *in_range) {
  int ok = 0;
  double pl = NAN;
  if (in_range) *in_range = 0;
  if (!(f_mhz > 0.0) || !(h_bs > 0.0) || !(h_ut > 0.0) || isnan(d2d) ||
      !isfinite(f_mhz) || !isfinite(h_bs) || !isfinite(h_ut))
    return NAN;
  if (d2d < 1.0) d2d = 1.0;
  double dh = h_bs - h_ut;
  double d3d = sqrt(d2d * d2d + dh * dh);

  switch (m) {
  case PHS_PL_FREE_SPACE:
    pl = fspl(d3d, f_mhz);
    ok = isfinite(d2d);
    break;
  case PHS_PL_COST231_HATA: {
    double d_km = d2d / 1000.0;
    pl = cost231_hata(env, d_km, h_bs, h_ut, f_mhz);
    ok = site_range_hata(f_mhz, h_bs, h_ut) && between(d_km, 1.0, 20.0);
    break;
  }
  case PHS_PL_38901_UMA:
  case PHS_PL_38901_UMI:
  case PHS_PL_38901_RMA: {
    link l = {d2d, d3d, h_bs, h_ut, f_mhz / 1000.0};
    pl = pl_38901(m, los, &l);
    ok = range_38901(m, los, &l);
    break;
  }
  default:
    return NAN;
  }
  if (in_range) *in_range = ok && isfinite(pl);
  return pl;
}

double phs_path_loss_terrain_db(phs_pl_model m, phs_environment env,
                                phs_los_mode los, double d2d, double h_bs,
                                double h_ut, double f_mhz, int terrain_los,
                                double diffraction_db, int *in_range) {
  phs_los_mode branch = los;
  if (los == PHS_LOS_TERRAIN)
    branch = terrain_los == 1 ? PHS_LOS_LOS : PHS_LOS_NLOS;
  double pl = phs_path_loss_db(m, env, branch, d2d, h_bs, h_ut, f_mhz,
                               in_range);
  if (!(diffraction_db > 0.0) || isnan(pl)) return pl;
  /* J(v) is the loss of the terrain's edge against a clear path: it goes
  ** on the LOS formula, and counts only where it exceeds the obstruction
  ** loss the chosen formula already holds (PL_NLOS - PL_LOS). */
  double pl_los = branch == PHS_LOS_LOS
                      ? pl
                      : phs_path_loss_db(m, env, PHS_LOS_LOS, d2d, h_bs,
                                         h_ut, f_mhz, NULL);
  return fmax(pl, pl_los + diffraction_db);
}

/* ------------------------------------------------ prepared per site */

/*
** phs_path_loss_terrain_db with the site's constant terms computed once.
** Each formula below is the one above with its distance-free terms taken
** out as they stand at the left of the expression (C adds left to right,
** so "a + b*L + c" is "(a + b*L) + c" and the prepared "k + b*L" with
** k = a is the same number): the per-cell operations, and so the results,
** are those of the direct functions. Only terms that are whole operands
** of the left-to-right sum are hoisted; log10(40 pi d fc / 3) (RMa PL1)
** stays per cell because splitting a logarithm would round differently.
*/
int phs_pl_prepare(phs_pl_prepared *pp, phs_pl_model m, phs_environment env,
                   double h_bs, double h_ut, double f_mhz) {
  memset(pp, 0, sizeof(*pp));
  pp->model = m;
  pp->env = env;
  pp->h_bs = h_bs;
  pp->h_ut = h_ut;
  pp->f_mhz = f_mhz;
  pp->fc = f_mhz / 1000.0;
  if (!(f_mhz > 0.0) || !(h_bs > 0.0) || !(h_ut > 0.0) ||
      !isfinite(f_mhz) || !isfinite(h_bs) || !isfinite(h_ut))
    return 0;
  double dh = h_bs - h_ut;
  pp->dh2 = dh * dh;
  switch (m) {
  case PHS_PL_FREE_SPACE:
    pp->c_f = 20.0 * log10(f_mhz);
    break;
  case PHS_PL_COST231_HATA: {
    double lf = log10(f_mhz);
    double a_hm = (1.1 * lf - 0.7) * h_ut - (1.56 * lf - 0.8);
    pp->k0 = 46.3 + 33.9 * lf - 13.82 * log10(h_bs) - a_hm;
    pp->slope = 44.9 - 6.55 * log10(h_bs);
    if (env == PHS_ENV_URBAN) {
      pp->e1 = 3.0;
    } else if (env == PHS_ENV_SUBURBAN) {
      double l28 = log10(f_mhz / 28.0);
      pp->e1 = 2.0 * l28 * l28;
      pp->e2 = 5.4;
    } else {
      pp->e1 = 4.78 * lf * lf;
      pp->e2 = 18.33 * lf;
    }
    pp->site_ok = site_range_hata(f_mhz, h_bs, h_ut);
    break;
  }
  case PHS_PL_38901_UMA:
  case PHS_PL_38901_UMI: {
    int uma = m == PHS_PL_38901_UMA;
    double hb = h_bs - HE, hu = h_ut - HE;
    pp->dbp = 4.0 * hb * hu * pp->fc * 1e9 / SPEED_OF_LIGHT;
    if (hb <= 0.0 || hu <= 0.0) pp->dbp = 0.0;
    double q = pp->dbp * pp->dbp + dh * dh;
    if (q < 1.0) q = 1.0;
    pp->a = uma ? 28.0 : 32.4;
    pp->b = uma ? 22.0 : 21.0;
    pp->c_f = 20.0 * log10(pp->fc);
    pp->los_k = (uma ? 9.0 : 9.5) * log10(q);
    pp->nlos_c = uma ? pp->c_f : 21.3 * log10(pp->fc);
    pp->nlos_k = uma ? 0.6 * (h_ut - 1.5) : 0.3 * (h_ut - 1.5);
    pp->site_ok = site_range_38901(m, pp->fc, h_bs, h_ut);
    break;
  }
  case PHS_PL_38901_RMA: {
    link l = {0, 0, h_bs, h_ut, pp->fc};
    double hp = pow(RMA_H, 1.72), lu = log10(11.75 * h_ut);
    double r = RMA_H / h_bs;
    pp->dbp = rma_dbp(&l);
    pp->s1 = fmin(0.03 * hp, 10.0);
    pp->s2 = fmin(0.044 * hp, 14.77);
    pp->t = 0.002 * log10(RMA_H);
    pp->los_k = rma_pl1(pp->dbp, pp->fc);
    pp->c_f = 20.0 * log10(pp->fc);
    pp->k0 = 161.04 - 7.1 * log10(RMA_W) + 7.5 * log10(RMA_H) -
             (24.37 - 3.7 * r * r) * log10(h_bs);
    pp->slope = 43.42 - 3.1 * log10(h_bs);
    pp->nlos_k = 3.2 * lu * lu - 4.97;
    pp->site_ok = site_range_38901(m, pp->fc, h_bs, h_ut);
    break;
  }
  default:
    return 0;
  }
  pp->valid = 1;
  return 1;
}

/* The 38.901 LOS formula of pp at d2d, d3d, lg = log10(d3d). */
static double prep_los(const phs_pl_prepared *pp, double d2d, double d3d,
                       double lg) {
  if (pp->model == PHS_PL_38901_RMA) {
    if (d2d <= pp->dbp)
      return 20.0 * log10(40.0 * M_PI * d3d * pp->fc / 3.0) + pp->s1 * lg -
             pp->s2 + pp->t * d3d;
    return pp->los_k + 40.0 * log10(d3d / pp->dbp);
  }
  if (d2d <= pp->dbp) return pp->a + pp->b * lg + pp->c_f;
  return pp->a + 40.0 * lg + pp->c_f - pp->los_k;
}

/* The 38.901 NLOS formula of pp, given its LOS value. */
static double prep_nlos(const phs_pl_prepared *pp, double lg, double pl_los) {
  double p;
  switch (pp->model) {
  case PHS_PL_38901_UMA:
    p = 13.54 + 39.08 * lg + pp->nlos_c - pp->nlos_k;
    break;
  case PHS_PL_38901_UMI:
    p = 35.3 * lg + 22.4 + pp->nlos_c - pp->nlos_k;
    break;
  default: /* RMa */
    p = pp->k0 + pp->slope * (lg - 3.0) + pp->c_f - pp->nlos_k;
    break;
  }
  return fmax(pl_los, p);
}

double phs_pl_prepared_db(const phs_pl_prepared *pp, phs_los_mode los,
                          double d2d, int terrain_los, double diffraction_db,
                          int *in_range) {
  phs_los_mode branch = los;
  if (los == PHS_LOS_TERRAIN)
    branch = terrain_los == 1 ? PHS_LOS_LOS : PHS_LOS_NLOS;
  if (in_range) *in_range = 0;
  if (!pp->valid || isnan(d2d)) return NAN;
  if (d2d < 1.0) d2d = 1.0;
  double d3d = sqrt(d2d * d2d + pp->dh2);
  double pl, pl_los;
  int ok;
  switch (pp->model) {
  case PHS_PL_FREE_SPACE:
    pl = pl_los = 20.0 * log10(d3d / 1000.0) + pp->c_f + 32.45;
    ok = isfinite(d2d);
    break;
  case PHS_PL_COST231_HATA: {
    double d_km = d2d / 1000.0;
    double base = pp->k0 + pp->slope * log10(d_km);
    if (pp->env == PHS_ENV_URBAN) pl = base + pp->e1;
    else if (pp->env == PHS_ENV_SUBURBAN) pl = base - pp->e1 - pp->e2;
    else pl = base - pp->e1 + pp->e2 - 40.94;
    pl_los = pl;
    ok = pp->site_ok && between(d_km, 1.0, 20.0);
    break;
  }
  default: { /* 38.901 */
    double lg = log10(d3d);
    pl_los = prep_los(pp, d2d, d3d, lg);
    if (branch == PHS_LOS_LOS)
      pl = pl_los;
    else if (branch == PHS_LOS_EXPECTED)
      pl = expected_loss(los_probability(pp->model, d2d, pp->h_ut), pl_los,
                         prep_nlos(pp, lg, pl_los));
    else
      pl = prep_nlos(pp, lg, pl_los);
    double dmax = 5000.0;
    if (pp->model == PHS_PL_38901_RMA) {
      int nlos_used = branch != PHS_LOS_LOS &&
                      !(branch == PHS_LOS_EXPECTED && d2d <= 10.0);
      dmax = nlos_used ? 5000.0 : 10000.0;
    }
    ok = pp->site_ok && between(d2d, 10.0, dmax);
    break;
  }
  }
  if (in_range) *in_range = ok && isfinite(pl);
  if (!(diffraction_db > 0.0) || isnan(pl)) return pl;
  return fmax(pl, pl_los + diffraction_db);
}

/* --------------------------------------------------------- fading */

double phs_shadow_sigma_db(phs_pl_model m, phs_environment env, int los) {
  (void)env;
  int is_los = los == PHS_LOS_LOS;
  switch (m) {
  case PHS_PL_FREE_SPACE:
    return 0.0; /* deterministic: no shadowing assumed */
  case PHS_PL_COST231_HATA:
    return 8.0;
  case PHS_PL_38901_UMA:
    return is_los ? 4.0 : 6.0;
  case PHS_PL_38901_UMI:
    return is_los ? 4.0 : 7.82;
  case PHS_PL_38901_RMA:
    return is_los ? 6.0 : 8.0; /* LOS: the beyond-breakpoint 6 dB */
  default:
    return NAN;
  }
}

/*
** Acklam's rational approximation of the normal quantile (relative error
** < 1.15e-9) for the lower half p <= 0.5, refined by one Halley step on
** Phi(x) - p with Phi(x) = erfc(-x / sqrt 2) / 2, which is accurate for
** x <= 0. The upper half uses the symmetry z(p) = -z(1 - p), and 1 - p is
** exact in floating point for p >= 0.5.
*/
static double quantile_lower(double p) {
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                             -2.759285104469687e+02, 1.383577518672690e+02,
                             -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                             -1.556989798598866e+02, 6.680131188771972e+01,
                             -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                             -2.400758277161838e+00, -2.549732539343734e+00,
                             4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                             2.445134137142996e+00, 3.754408661907416e+00};
  double x;
  if (p < 0.02425) {
    double q = sqrt(-2.0 * log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q +
         c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  } else {
    double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r +
         a[5]) *
        q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
  }
  double e = 0.5 * erfc(-x / M_SQRT2) - p;
  double u = e * sqrt(2.0 * M_PI) * exp(x * x / 2.0);
  return x - u / (1.0 + x * u / 2.0);
}

double phs_normal_quantile(double p) {
  if (isnan(p) || p < 0.0 || p > 1.0) return NAN;
  if (p == 0.0) return -INFINITY;
  if (p == 1.0) return INFINITY;
  if (p == 0.5) return 0.0;
  if (p > 0.5) return -quantile_lower(1.0 - p);
  return quantile_lower(p);
}

double phs_reliability_margin_db(double p, double sigma_db) {
  if (!(sigma_db >= 0.0) || !isfinite(sigma_db)) return NAN;
  double z = phs_normal_quantile(p);
  if (isnan(z)) return NAN;
  if (sigma_db == 0.0) return 0.0;
  return z * sigma_db;
}
