/*
** disagree.c: where an operator's claim and the model disagree. Every cell
** of the model's grid is put in one of four classes by its centre: both
** cover, model only, claim only, neither. The claim is the operator's
** current coverage filing for the technology (polygons from the store,
** whether filed as polygons or as a raster); the model is the signal
** raster of `analyze --coverage-out` against the threshold it was built
** with. Per commune the class shares times the commune's ellipsoidal area
** give km², written as CSV beside the map (see docs/method.md, "Claims
** and the model").
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disagree.h"

static int ieq(const char *a, const char *b) {
  for (; *a && *b; a++, b++) {
    char x = *a, y = *b;
    if (x >= 'a' && x <= 'z') x = (char)(x - 32);
    if (y >= 'a' && y <= 'z') y = (char)(y - 32);
    if (x != y) return 0;
  }
  return *a == *b;
}

int disagree_classify(const phs_dataset *ds, const char *op, const char *tech,
                      const char *grid_crs, const phs_dem *g, float *values,
                      double threshold, dis_result *out, phs_diag *d) {
  memset(out, 0, sizeof(*out));
  int st = PHS_OK;
  int n = ds->n_communes;
  phs_mpoly *cpoly = calloc((size_t)(n ? n : 1), sizeof(phs_mpoly));
  int *cidx = calloc((size_t)(n ? n : 1), sizeof(int));
  phs_mpoly *claims = calloc((size_t)(ds->n_claims ? ds->n_claims : 1),
                             sizeof(phs_mpoly));
  double *lon = malloc(sizeof(double) * (size_t)(g->nx > 0 ? g->nx : 1));
  double *lat = malloc(sizeof(double) * (size_t)(g->nx > 0 ? g->nx : 1));
  out->communes = calloc((size_t)(n ? n : 1), sizeof(dis_commune));
  phs_pip_index *cix = NULL, *kix = NULL;
  phs_crs_transform *to_ll = NULL;
  if (!cpoly || !cidx || !claims || !lon || !lat || !out->communes) {
    st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto done;
  }
  out->n_communes = n;
  /* Shallow copies: the indexes borrow the dataset's rings. */
  int nc = 0;
  for (int i = 0; i < n; i++)
    if (ds->communes[i].has_geom) {
      cpoly[nc] = ds->communes[i].geom;
      cidx[nc++] = i; /* sorted by code: position = rank */
    }
  int nk = 0;
  for (int i = 0; i < ds->n_claims; i++)
    if (strcmp(ds->claims[i].operator_code, op) == 0 &&
        ieq(ds->claims[i].tech, tech))
      claims[nk++] = ds->claims[i].geom;
  out->n_claims = nk;
  if (nk == 0) {
    st = phs_diag_error(d, PHS_EUSAGE,
                        "%s has no current %s coverage filing in the store;"
                        " import its claim first (phusong import coverage"
                        " --operator %s --tech %s STORE FILE)",
                        op, tech, op, tech);
    goto done;
  }
  cix = phs_pip_index_new(cpoly, NULL, nc);
  kix = phs_pip_index_new(claims, NULL, nk);
  if (cix == NULL || kix == NULL) {
    st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto done;
  }
  to_ll = phs_crs_transform_new(grid_crs, "EPSG:4326", d);
  if (to_ll == NULL) {
    st = PHS_ERUNTIME;
    goto done;
  }
  for (int j = 0; j < g->ny; j++) {
    for (int i = 0; i < g->nx; i++) {
      lon[i] = g->x0 + (i + 0.5) * g->res;
      lat[i] = g->y0 - (j + 0.5) * g->res;
    }
    phs_crs_transform_points(to_ll, lon, lat, (size_t)g->nx);
    for (int i = 0; i < g->nx; i++) {
      float *v = &values[(size_t)j * (size_t)g->nx + (size_t)i];
      int ok = lon[i] != HUGE_VAL;
      int k = ok ? phs_pip_index_find(cix, lon[i], lat[i]) : -1;
      dis_commune *c = k >= 0 ? &out->communes[cidx[k]] : NULL;
      if (c) c->cells++;
      if (isnan(*v) || !ok) {
        *v = NAN;
        if (c) c->nodata++;
        continue;
      }
      int claimed = phs_pip_index_find(kix, lon[i], lat[i]) >= 0;
      int modelled = *v >= threshold;
      dis_class cls = claimed ? (modelled ? DIS_BOTH : DIS_CLAIM_ONLY)
                              : (modelled ? DIS_MODEL_ONLY : DIS_NEITHER);
      *v = (float)cls;
      if (c) c->n[cls]++;
    }
  }
  /* km²: each commune's class fraction of its ellipsoidal area. */
  for (int i = 0; i < n; i++) {
    const dis_commune *c = &out->communes[i];
    double a = ds->communes[i].area_m2;
    if (c->cells == 0 || !isfinite(a)) continue;
    for (int k = 0; k < DIS_N; k++)
      out->km2[k] += a * (double)c->n[k] / (double)c->cells / 1e6;
    out->nodata_km2 += a * (double)c->nodata / (double)c->cells / 1e6;
  }
done:
  phs_crs_transform_free(to_ll);
  phs_pip_index_free(cix);
  phs_pip_index_free(kix);
  free(cpoly);
  free(cidx);
  free(claims);
  free(lon);
  free(lat);
  if (st) disagree_free(out);
  return st;
}

void disagree_free(dis_result *r) {
  if (r == NULL) return;
  free(r->communes);
  memset(r, 0, sizeof(*r));
}

/* A CSV text cell: quoted when needed; a leading = + - @ is prefixed with
** an apostrophe so a spreadsheet never runs it (as report.c does). */
static void csv_text(FILE *fp, const char *s) {
  int formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
  int quote = formula || strpbrk(s, ",\"\n\r;") != NULL;
  if (quote) fputc('"', fp);
  if (formula) fputc('\'', fp);
  for (const char *p = s; *p; p++) {
    if (*p == '"') fputc('"', fp);
    fputc(*p, fp);
  }
  if (quote) fputc('"', fp);
}

int disagree_csv_write(const phs_dataset *ds, const dis_result *r,
                       phs_lang lang, const char *path, phs_diag *d) {
  FILE *fp = fopen(path, "wb");
  if (fp == NULL)
    return phs_diag_error(d, PHS_ERUNTIME, "%s: cannot write", path);
  fputs("\xef\xbb\xbf", fp);
  fputs(lang == PHS_LANG_VI
            ? "ma_xa,ten_xa,ma_huyen,ten_huyen,dien_tich_km2,ca_hai_km2,"
              "mo_hinh_khong_cong_bo_km2,cong_bo_khong_mo_hinh_km2,"
              "khong_ben_nao_km2,ngoai_raster_km2,so_o\r\n"
            : "commune_code,commune_name,district_code,district_name,"
              "area_km2,both_km2,modelled_not_claimed_km2,"
              "claimed_not_modelled_km2,neither_km2,no_model_data_km2,"
              "cells\r\n",
        fp);
  for (int i = 0; i < ds->n_communes && i < r->n_communes; i++) {
    const phs_commune *c = &ds->communes[i];
    const dis_commune *dc = &r->communes[i];
    if (!c->has_geom) continue;
    csv_text(fp, c->code);
    fputc(',', fp);
    csv_text(fp, c->name);
    fputc(',', fp);
    csv_text(fp, c->district_code);
    fputc(',', fp);
    csv_text(fp, c->district_name);
    double a = c->area_m2 / 1e6;
    fprintf(fp, ",%.6f", a);
    /* Classes in the column order: both, model only, claim only, neither;
    ** then no data. Empty when no cell centre fell in the commune. */
    for (int k = 0; k <= DIS_N; k++) {
      long cnt = k < DIS_N ? dc->n[k] : dc->nodata;
      if (dc->cells > 0 && isfinite(a))
        fprintf(fp, ",%.6f", a * (double)cnt / (double)dc->cells);
      else
        fputc(',', fp);
    }
    fprintf(fp, ",%ld\r\n", dc->cells);
  }
  if (fclose(fp) != 0)
    return phs_diag_error(d, PHS_ERUNTIME, "%s: write failed", path);
  return PHS_OK;
}
