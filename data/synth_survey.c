/*
** synth_survey.c: the synthetic generator, part 3 of 3: households with
** fibre per commune (fibre_households.csv) and the weighted survey of
** people aged 15+ (survey.csv).
**
** Both are drawn with realistic differences between communes (urban wards
** higher, rural communes lower, island districts lowest) and then
** calibrated so the province figures equal the targets exactly as read
** back from the files: fibre to the nearest household, survey shares to
** within 0.00005 using the weights as printed (thousandths, kept here as
** integers so the sums are exact).
*/
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "synth_internal.h"

/* Survey shares must land within this of the target (it prints with two
** decimals of a percent); we aim inside a slightly smaller band. */
#define SHARE_TOL 0.00005
#define SHARE_AIM 0.00004
#define MIN_PER_UNIT 3
#define WEIGHT_FACTOR 0.78 /* people aged 15+ per inhabitant */

static double clamp01(double v) { return v < 0 ? 0 : v > 1 ? 1 : v; }

static double urban_share(const synth_unit *u) {
  return u->pop > 0 ? (double)u->pop_urban / (double)u->pop : 0.0;
}

/* ------------------------------------------------------------------------
** Fibre households
*/
static long fibre_at(const synth_unit *u, double f0, double k, int up) {
  double v = up ? (double)u->hh - ((double)u->hh - f0) * k : f0 * k;
  long r = (long)floor(v + 0.5);
  return r < 0 ? 0 : r > u->hh ? u->hh : r;
}

typedef struct by_hh {
  long unit, hh;
} by_hh;

static int by_hh_cmp(const void *a, const void *b) {
  const by_hh *x = a, *y = b;
  if (x->hh != y->hh) return x->hh > y->hh ? -1 : 1;
  return x->unit < y->unit ? -1 : x->unit > y->unit;
}

int synth_write_fibre(synth_ctx *c, phs_synth_result *res) {
  synth_rng rng;
  double *f0 = NULL, sum0 = 0, lo = 0, hi = 1;
  long long sum_hh = 0, target, sum = 0;
  by_hh *order = NULL;
  char *path = NULL;
  FILE *f = NULL;
  int rc = PHS_OK, up;

  synth_rng_seed(&rng, c->o->seed, 2);
  f0 = malloc((size_t)c->n_units * sizeof *f0);
  order = malloc((size_t)c->n_units * sizeof *order);
  if (!f0 || !order) {
    rc = phs_diag_error(c->d, PHS_ERUNTIME, "out of memory");
    goto done;
  }
  for (long i = 0; i < c->n_units; i++) {
    const synth_unit *u = &c->units[i];
    double us = urban_share(u), r1 = synth_rng_uniform(&rng),
           r2 = synth_rng_uniform(&rng), rate;
    if (u->is_district) /* a district without communes is an island */
      rate = 0.84 + 0.08 * r1;
    else
      rate = us * (0.99 + 0.01 * r1) + (1 - us) * (0.93 + 0.06 * r2);
    f0[i] = rate * (double)u->hh;
    sum0 += f0[i];
    sum_hh += u->hh;
    order[i].unit = i;
    order[i].hh = u->hh;
  }
  target = (long long)floor(c->o->fibre_target * (double)sum_hh + 0.5);
  /* Scale the gap (when raising) or the fibre (when lowering) by k, found by
  ** bisection, so the rates keep their pattern. */
  up = sum0 < (double)target;
  for (int it = 0; it < 100; it++) {
    double k = 0.5 * (lo + hi), s = 0;
    for (long i = 0; i < c->n_units; i++)
      s += up ? (double)c->units[i].hh - ((double)c->units[i].hh - f0[i]) * k
              : f0[i] * k;
    /* raising: s falls as k grows; lowering: s grows with k */
    if ((s > (double)target) == up) lo = k;
    else hi = k;
  }
  for (long i = 0; i < c->n_units; i++) {
    c->units[i].fibre = fibre_at(&c->units[i], f0[i], 0.5 * (lo + hi), up);
    sum += c->units[i].fibre;
  }
  /* Rounding residue: one household at a time, largest communes first. */
  qsort(order, (size_t)c->n_units, sizeof *order, by_hh_cmp);
  while (sum != target) {
    int moved = 0;
    for (long j = 0; j < c->n_units && sum != target; j++) {
      synth_unit *u = &c->units[order[j].unit];
      if (sum < target && u->fibre < u->hh) {
        u->fibre++;
        sum++;
        moved = 1;
      } else if (sum > target && u->fibre > 0) {
        u->fibre--;
        sum--;
        moved = 1;
      }
    }
    if (!moved) break; /* cannot happen: 0 <= target <= sum_hh */
  }

  f = synth_fopen(c, "fibre_households.csv", &path);
  if (!f) {
    rc = c->d->status;
    goto done;
  }
  fputs("ma_xa,ten_xa,ho_cap_quang\n", f);
  for (long i = 0; i < c->n_units; i++) {
    synth_csv_field(f, c->units[i].key);
    fputc(',', f);
    synth_csv_field(f, c->units[i].name);
    fprintf(f, ",%ld\n", c->units[i].fibre);
  }
  rc = synth_fclose(c, f, path);
  res->fibre_pct = sum_hh ? 100.0 * (double)sum / (double)sum_hh : 0.0;
done:
  free(path);
  free(f0);
  free(order);
  return rc;
}

/* ------------------------------------------------------------------------
** Survey
*/
typedef struct resp {
  long unit;
  long long w; /* weight in thousandths, as printed */
  int age;
  int female;
  unsigned char sp, bank, eid, online;
} resp;

typedef struct by_rem {
  long unit;
  double rem;
} by_rem;

static int rem_cmp(const void *a, const void *b) {
  const by_rem *x = a, *y = b;
  if (x->rem != y->rem) return x->rem > y->rem ? -1 : 1;
  return x->unit < y->unit ? -1 : x->unit > y->unit;
}

/* Respondents per unit: proportional to population, at least min each,
** largest remainders. */
static int allocate(synth_ctx *c, long n_total, long *alloc) {
  long n_units = c->n_units, n_pos = 0;
  int min = MIN_PER_UNIT;
  unsigned char *fixed = calloc((size_t)n_units + 1, 1);
  double *rem = malloc(((size_t)n_units + 1) * sizeof *rem);
  by_rem *order = malloc(((size_t)n_units + 1) * sizeof *order);
  int rc = PHS_OK;
  if (!fixed || !rem || !order) {
    rc = phs_diag_error(c->d, PHS_ERUNTIME, "out of memory");
    goto done;
  }
  for (long i = 0; i < n_units; i++) n_pos += c->units[i].pop > 0;
  if (n_total < (long)min * n_pos) {
    phs_diag_warn(c->d,
                  "survey: %ld respondents are fewer than %d per commune "
                  "(%ld communes): the minimum is not applied",
                  n_total, min, n_pos);
    min = 0;
  }
  for (;;) {
    long n_fixed = 0, left, given = 0;
    double pop_free = 0;
    int changed = 0;
    for (long i = 0; i < n_units; i++) {
      if (c->units[i].pop <= 0) continue;
      if (fixed[i]) n_fixed++;
      else pop_free += (double)c->units[i].pop;
    }
    left = n_total - n_fixed * min;
    for (long i = 0; i < n_units; i++) {
      double q;
      alloc[i] = 0;
      rem[i] = -1;
      if (c->units[i].pop <= 0) continue;
      if (fixed[i]) {
        alloc[i] = min;
        continue;
      }
      q = pop_free > 0 ? (double)left * (double)c->units[i].pop / pop_free : 0;
      if (q < min) {
        fixed[i] = 1;
        changed = 1;
      }
      alloc[i] = (long)floor(q);
      rem[i] = q - floor(q);
    }
    if (changed) continue;
    for (long i = 0; i < n_units; i++) given += alloc[i];
    /* largest remainder, lowest index on ties */
    for (long i = 0; i < n_units; i++) {
      order[i].unit = i;
      order[i].rem = rem[i];
    }
    qsort(order, (size_t)n_units, sizeof *order, rem_cmp);
    for (long j = 0; j < n_units && given < n_total; j++) {
      if (order[j].rem < 0) break;
      alloc[order[j].unit]++;
      given++;
    }
    break;
  }
done:
  free(fixed);
  free(rem);
  free(order);
  return rc;
}

static double logistic(double x) { return 1.0 / (1.0 + exp(-x)); }
static double logit(double p) {
  p = p < 1e-6 ? 1e-6 : p > 1 - 1e-6 ? 1 - 1e-6 : p;
  return log(p / (1 - p));
}

/* Shift the logits L by delta so that the expected weighted share of the
** eligible equals target; p receives the shifted probabilities (0 for
** the ineligible). */
static void shift_probs(const resp *r, long n, const double *L,
                        const unsigned char *elig, double target, double *p) {
  double lo = -30, hi = 30, W = 0;
  for (long i = 0; i < n; i++) W += (double)r[i].w;
  for (int it = 0; it < 80; it++) {
    double mid = 0.5 * (lo + hi), s = 0;
    for (long i = 0; i < n; i++)
      if (!elig || elig[i]) s += (double)r[i].w * logistic(L[i] + mid);
    if (s < target * W) lo = mid;
    else hi = mid;
  }
  for (long i = 0; i < n; i++)
    p[i] = (!elig || elig[i]) ? logistic(L[i] + 0.5 * (lo + hi)) : 0.0;
}

typedef struct cand {
  long i;
  double key;  /* preference: smaller first */
  long long w;
} cand;

static int cand_key_cmp(const void *a, const void *b) {
  const cand *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return x->i < y->i ? -1 : x->i > y->i;
}

static int cand_w_cmp(const void *a, const void *b) {
  const cand *x = a, *y = b;
  if (x->w != y->w) return x->w < y->w ? -1 : 1;
  return x->i < y->i ? -1 : x->i > y->i;
}

/*
** Flip answers y[] until |sum(w*y)/sum(w) - target| <= SHARE_AIM.
** Up-flips (0 -> 1) only for elig[i] (NULL = all). Respondents likely to
** answer 1 (p high) are preferred for up-flips, those likely to answer 0
** for down-flips (weighted random order), first-fit by weight; then one
** up/down pair whose weight difference fills the last gap.
** Returns 0 when the target was met, -1 otherwise.
*/
static int calibrate(resp *r, long n, size_t off, const double *p,
                     const unsigned char *elig, double target, synth_rng *rng,
                     cand *up, cand *down) {
  long long W = 0, S = 0;
  long n_up = 0, n_down = 0;
  double G, tol;
#define Y(i) (*((unsigned char *)&r[i] + off))
  for (long i = 0; i < n; i++) {
    W += r[i].w;
    if (Y(i)) S += r[i].w;
  }
  if (W <= 0) return -1;
  G = target * (double)W - (double)S;
  tol = SHARE_AIM * (double)W;
  for (long i = 0; i < n; i++) {
    double u = synth_rng_uniform(rng);
    if (!Y(i) && (!elig || elig[i]))
      up[n_up++] = (cand){i, -log(1 - u) / (p[i] > 1e-9 ? p[i] : 1e-9), r[i].w};
    else if (Y(i))
      down[n_down++] =
          (cand){i, -log(1 - u) / (1 - p[i] > 1e-9 ? 1 - p[i] : 1e-9), r[i].w};
  }
  if (fabs(G) <= tol) return 0;
  qsort(up, (size_t)n_up, sizeof *up, cand_key_cmp);
  qsort(down, (size_t)n_down, sizeof *down, cand_key_cmp);
  /* first fit in preference order */
  if (G > 0) {
    for (long k = 0; k < n_up && G > tol; k++)
      if ((double)up[k].w <= G + tol) {
        Y(up[k].i) = 1;
        G -= (double)up[k].w;
        up[k].w = -1; /* used */
      }
  } else {
    for (long k = 0; k < n_down && -G > tol; k++)
      if ((double)down[k].w <= -G + tol) {
        Y(down[k].i) = 0;
        G += (double)down[k].w;
        down[k].w = -1;
      }
  }
  if (fabs(G) <= tol) return 0;
  /* one pair: an up-flip of weight a and a down-flip of weight b with
  ** a - b within [G - tol, G + tol] */
  {
    long nu = 0, nd = 0;
    for (long k = 0; k < n_up; k++)
      if (up[k].w >= 0) up[nu++] = up[k];
    for (long k = 0; k < n_down; k++)
      if (down[k].w >= 0) down[nd++] = down[k];
    qsort(up, (size_t)nu, sizeof *up, cand_w_cmp);
    for (long j = 0; j < nd; j++) { /* down[] in preference order */
      double want_lo = (double)down[j].w + G - tol;
      long a = 0, b = nu;
      while (a < b) {
        long m = (a + b) / 2;
        if ((double)up[m].w < want_lo) a = m + 1;
        else b = m;
      }
      if (a < nu && (double)up[a].w <= (double)down[j].w + G + tol) {
        Y(up[a].i) = 1;
        Y(down[j].i) = 0;
        return 0;
      }
    }
  }
#undef Y
  return -1;
}

static double share_pct(const resp *r, long n, size_t off) {
  long long W = 0, S = 0;
  for (long i = 0; i < n; i++) {
    W += r[i].w;
    if (*((const unsigned char *)&r[i] + off)) S += r[i].w;
  }
  return W ? 100.0 * (double)S / (double)W : 0.0;
}

int synth_write_survey(synth_ctx *c, phs_synth_result *res) {
  const phs_synth_opts *o = c->o;
  long n = o->n_respondents, k = 0;
  long *alloc = NULL;
  resp *r = NULL;
  double *L = NULL, *p = NULL, *us = NULL;
  unsigned char *elig = NULL;
  cand *up = NULL, *down = NULL;
  synth_rng rng;
  char *path = NULL;
  FILE *f = NULL;
  int rc = PHS_OK;
  struct {
    const char *name;
    size_t off;
    double target;
  } ind[3] = {{"smartphone", offsetof(resp, sp), o->smartphone_target},
              {"bank_account", offsetof(resp, bank), o->bank_target},
              {"e_id", offsetof(resp, eid), o->eid_target}};

  synth_rng_seed(&rng, o->seed, 3);
  alloc = malloc(((size_t)c->n_units + 1) * sizeof *alloc);
  us = malloc(((size_t)c->n_units + 1) * 4 * sizeof *us);
  r = calloc((size_t)n + 1, sizeof *r);
  L = malloc(((size_t)n + 1) * sizeof *L);
  p = malloc(((size_t)n + 1) * sizeof *p);
  elig = malloc((size_t)n + 1);
  up = malloc(((size_t)n + 1) * sizeof *up);
  down = malloc(((size_t)n + 1) * sizeof *down);
  if (!alloc || !us || !r || !L || !p || !elig || !up || !down) {
    rc = phs_diag_error(c->d, PHS_ERUNTIME, "out of memory");
    goto done;
  }
  rc = allocate(c, n, alloc);
  if (rc) goto done;

  /* Per-unit base probabilities: us[4i] urban share, then smartphone,
  ** bank and e-ID levels of the unit (before calibration). */
  for (long i = 0; i < c->n_units; i++) {
    const synth_unit *u = &c->units[i];
    double s = urban_share(u), isl = u->is_district ? 1.0 : 0.0;
    us[4 * i] = s;
    us[4 * i + 1] = clamp01(0.955 + 0.035 * s - 0.03 * isl +
                            0.012 * (synth_rng_uniform(&rng) - 0.5));
    us[4 * i + 2] = clamp01(0.70 + 0.18 * s - 0.08 * isl +
                            0.08 * (synth_rng_uniform(&rng) - 0.5));
    us[4 * i + 3] = clamp01(0.12 + 0.14 * s - 0.04 * isl +
                            0.06 * (synth_rng_uniform(&rng) - 0.5));
  }
  for (long i = 0; i < c->n_units; i++) {
    const synth_unit *u = &c->units[i];
    double base = alloc[i] ? (double)u->pop * WEIGHT_FACTOR / (double)alloc[i] : 0;
    for (long j = 0; j < alloc[i]; j++, k++) {
      double w = base * (0.8 + 0.4 * synth_rng_uniform(&rng));
      double a = synth_rng_uniform(&rng);
      r[k].unit = i;
      r[k].w = llround(w * 1000.0);
      /* density falling linearly from 15 to 90 years */
      r[k].age = 15 + (int)(75.0 * (1.0 - sqrt(1.0 - a)));
      if (r[k].age > 90) r[k].age = 90;
      r[k].female = synth_rng_uniform(&rng) < 0.505;
    }
  }
  n = k;

  for (int t = 0; t < 3; t++) {
    for (long i = 0; i < n; i++) {
      int age = r[i].age;
      double base = us[4 * r[i].unit + 1 + t], adj = 0;
      if (t == 0) adj = age > 50 ? -0.06 * (age - 50) : 0.0;
      else if (t == 1) adj = (age < 20 ? -1.0 : 0.0) + (age > 45 ? -0.03 * (age - 45) : 0.0);
      else adj = -0.02 * fabs(age - 35.0);
      L[i] = logit(base) + adj;
      elig[i] = t == 2 ? r[i].sp : 1;
    }
    shift_probs(r, n, L, t == 2 ? elig : NULL, ind[t].target, p);
    for (long i = 0; i < n; i++)
      *((unsigned char *)&r[i] + ind[t].off) = synth_rng_uniform(&rng) < p[i];
    if (calibrate(r, n, ind[t].off, p, t == 2 ? elig : NULL, ind[t].target,
                  &rng, up, down))
      phs_diag_warn(c->d, "survey: %s share could not be calibrated to %.4f "
                    "(too few respondents?)", ind[t].name, ind[t].target);
  }
  /* online payment: only with a smartphone and a bank account, ~0.6 overall */
  for (long i = 0; i < n; i++) {
    double s = us[4 * r[i].unit];
    double q = 0.66 + 0.18 * s - (r[i].age > 55 ? 0.02 * (r[i].age - 55) : 0.0);
    r[i].online = r[i].sp && r[i].bank && synth_rng_uniform(&rng) < clamp01(q);
  }

  f = synth_fopen(c, "survey.csv", &path);
  if (!f) {
    rc = c->d->status;
    goto done;
  }
  fputs("respondent_id,commune_code,weight,age,sex,smartphone,bank_account,"
        "e_id,online_payment\n", f);
  for (long i = 0; i < n; i++) {
    fprintf(f, "R%05ld,", i + 1);
    synth_csv_field(f, c->units[r[i].unit].key);
    fprintf(f, ",%lld.%03lld,%d,%s,%d,%d,%d,%d\n", r[i].w / 1000, r[i].w % 1000,
            r[i].age, r[i].female ? "nu" : "nam", r[i].sp, r[i].bank, r[i].eid,
            r[i].online);
  }
  rc = synth_fclose(c, f, path);
  res->respondents = n;
  res->smartphone_pct = share_pct(r, n, offsetof(resp, sp));
  res->bank_pct = share_pct(r, n, offsetof(resp, bank));
  res->eid_pct = share_pct(r, n, offsetof(resp, eid));
done:
  free(path);
  free(alloc);
  free(us);
  free(r);
  free(L);
  free(p);
  free(elig);
  free(up);
  free(down);
  return rc;
}
