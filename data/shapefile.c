/*
** shapefile.c: what a shapefile's sidecar files say and what goes wrong
** with them (bad-inputs.md group D): a missing .shx or .dbf (D3), .shx and
** .dbf that count different records (D4), the encoding declared by the
** .cpg or the DBF language driver byte (D1, D2), and field names that the
** writer cut to 10 characters and renamed "_1" (D6). GDAL would read on
** in every case, partly or with the wrong text; phusong says so instead.
*/
#include <cpl_vsi.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "data_int.h"
#include "encoding.h"

static int ends_with_ci(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* Size of a file through VSI (also inside a .zip), -1 when it cannot be
** opened. */
static long long vsi_size(const char *path) {
  VSILFILE *fp = VSIFOpenL(path, "rb");
  if (fp == NULL) return -1;
  long long n = VSIFSeekL(fp, 0, SEEK_END) == 0 ? (long long)VSIFTellL(fp)
                                                 : -1;
  VSIFCloseL(fp);
  return n;
}

/* The last path component, for messages. */
static const char *base_name(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

char *shp_sidecar(const char *shp, const char *ext) {
  size_t n = strlen(shp);
  if (n < 4) return NULL;
  char *p = phs_strdup_printf("%.*s%s", (int)(n - 4), shp, ext);
  if (p == NULL) return NULL;
  if (vsi_size(p) >= 0) return p;
  for (char *q = p + n - 3; *q; q++) *q = (char)toupper((unsigned char)*q);
  if (vsi_size(p) >= 0) return p;
  for (char *q = p + n - 3; *q; q++) *q = (char)tolower((unsigned char)*q);
  free(p);
  return NULL;
}

int shp_sidecars_check(const char *shp, const char *shown, phs_diag *d) {
  if (!ends_with_ci(shp, ".shp")) return PHS_OK;
  static const char *const need[] = {".shx", ".dbf"};
  for (int i = 0; i < 2; i++) {
    char *p = shp_sidecar(shp, need[i]);
    if (p) {
      free(p);
      continue;
    }
    const char *base = base_name(shp);
    return phs_diag_error(
        d, PHS_EINPUT,
        "%s: the %s file (%.*s%s) is missing; a shapefile is its .shp, .shx"
        " and .dbf together, and without the %s %s (hint: send every file"
        " of the layer, or one .zip of them)",
        shown, need[i], (int)(strlen(base) - 4), base, need[i], need[i],
        phs_tr(i == 0 ? "the shapes cannot be found in the .shp"
                      : "the shapes have no attributes"));
  }
  return PHS_OK;
}

/* Bytes [off, off+n) of a file; 0 ok, -1 when it is shorter. */
static int read_at(const char *path, long off, void *buf, size_t n) {
  VSILFILE *fp = VSIFOpenL(path, "rb");
  if (fp == NULL) return -1;
  int ok = VSIFSeekL(fp, (vsi_l_offset)off, SEEK_SET) == 0 &&
           VSIFReadL(buf, 1, n, fp) == n;
  VSIFCloseL(fp);
  return ok ? 0 : -1;
}

int shp_counts_check(const char *shp, const char *shown, phs_diag *d) {
  char *shx = shp_sidecar(shp, ".shx"), *dbf = shp_sidecar(shp, ".dbf");
  int st = PHS_OK;
  unsigned char h[4];
  long long shx_size = shx ? vsi_size(shx) : -1;
  if (shx && dbf && shx_size >= 100 && read_at(dbf, 4, h, 4) == 0) {
    /* .shx: a 100-byte header, then 8 bytes per record; .dbf: the record
    ** count, little-endian, at byte 4 of its header */
    long long shapes = (shx_size - 100) / 8;
    long long records = (long long)((uint32_t)h[0] | (uint32_t)h[1] << 8 |
                                    (uint32_t)h[2] << 16 |
                                    (uint32_t)h[3] << 24);
    if (shapes != records)
      st = phs_diag_error(
          d, PHS_EINPUT,
          "%s: the .shp holds %lld shapes but the .dbf %lld records; which"
          " attributes belong to which shape cannot be known (hint: files"
          " from two versions of the layer, or a copy cut short? export the"
          " layer again)",
          shown, shapes, records);
  }
  free(shx);
  free(dbf);
  return st;
}

int shp_declared_encoding(const char *shp, const char *shown, int *enc,
                          char *source, size_t source_size, phs_diag *d) {
  *enc = ENC_NONE;
  char *cpg = shp_sidecar(shp, ".cpg");
  if (cpg) {
    char text[64] = "";
    VSILFILE *fp = VSIFOpenL(cpg, "rb");
    size_t n = fp ? VSIFReadL(text, 1, sizeof(text) - 1, fp) : 0;
    if (fp) VSIFCloseL(fp);
    text[n] = '\0';
    while (n > 0 && isspace((unsigned char)text[n - 1])) text[--n] = '\0';
    *enc = (int)enc_parse(text);
    char q[128];
    snprintf(source, source_size, phs_tr("its .cpg file ('%s')"),
             text_quote(text, q, sizeof(q)));
    int st = *enc == ENC_NONE
                 ? phs_diag_error(
                       d, PHS_EINPUT,
                       "%s: %s: '%s' is not an encoding phusong reads (%s);"
                       " save the layer as UTF-8, or pass --encoding NAME",
                       shown, base_name(cpg), text_quote(text, q, sizeof(q)),
                       ENC_NAMES)
                 : PHS_OK;
    free(cpg);
    return st;
  }
  char *dbf = shp_sidecar(shp, ".dbf");
  unsigned char ldid = 0;
  if (dbf && read_at(dbf, 29, &ldid, 1) == 0) {
    *enc = (int)enc_from_ldid(ldid);
    snprintf(source, source_size, phs_tr("its DBF language driver byte 0x%02x"),
             ldid);
  } else {
    snprintf(source, source_size, "%s",
             phs_tr("nothing (no .cpg, no DBF header)"));
  }
  free(dbf);
  return PHS_OK;
}

void shp_renamed_fields(const phs_reader *r, phs_diag *d) {
  for (int i = 0; i < r->n_fields; i++) {
    const char *f = r->fields[i];
    const char *us = strrchr(f, '_');
    if (us == NULL || us == f || us[1] == '\0') continue;
    int digits = 1;
    for (const char *p = us + 1; *p; p++)
      if (!isdigit((unsigned char)*p)) digits = 0;
    if (!digits) continue;
    size_t stem = (size_t)(us - f);
    for (int j = 0; j < r->n_fields; j++) {
      if (j == i || strncasecmp(r->fields[j], f, stem) != 0) continue;
      const char *g = r->fields[j];
      /* another field with the same stem: "NAME" for "NAME_1", or the
      ** 10-character "population" for "populati_1" */
      if (strlen(g) == stem || strlen(g) == 10) {
        phs_diag_warn(d,
                      "%s: field '%s' looks like a second '%s' renamed when"
                      " the layer was saved as a shapefile (names are cut"
                      " to 10 characters and a repeat gets _1, _2); phusong"
                      " reads columns by name: check that each column it"
                      " uses is the one you mean, or name it with"
                      " --*-field",
                      r->path, f, g);
        break;
      }
    }
  }
}

/* Twice the signed area of a ring: > 0 counter-clockwise (x east, y
** north). */
static double ring_area2(OGRGeometryH ring) {
  int n = OGR_G_GetPointCount(ring);
  double a = 0;
  for (int i = 0; i + 1 < n; i++)
    a += OGR_G_GetX(ring, i) * OGR_G_GetY(ring, i + 1) -
         OGR_G_GetX(ring, i + 1) * OGR_G_GetY(ring, i);
  return a;
}

static long polygon_wrong_rings(OGRGeometryH poly) {
  long wrong = 0;
  int n = OGR_G_GetGeometryCount(poly);
  for (int i = 0; i < n; i++) {
    double a = ring_area2(OGR_G_GetGeometryRef(poly, i));
    if ((i == 0 && a > 0) || (i > 0 && a < 0)) wrong++;
  }
  return wrong;
}

void shp_rings_count(phs_reader *r) {
  OGRGeometryH g = r->feat ? OGR_F_GetGeometryRef(r->feat) : NULL;
  if (g == NULL) return;
  long wrong = 0;
  switch (wkbFlatten(OGR_G_GetGeometryType(g))) {
    case wkbPolygon: wrong = polygon_wrong_rings(g); break;
    case wkbMultiPolygon:
      for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
        wrong += polygon_wrong_rings(OGR_G_GetGeometryRef(g, i));
      break;
    default: return;
  }
  if (wrong == 0 || r->rings_warned) return;
  if (r->rings_wrong_features++ == 0) r->rings_wrong_first = r->row;
  r->rings_wrong += wrong;
}

void shp_rings_warn(phs_reader *r, phs_diag *d) {
  if (r->rings_warned || r->rings_wrong == 0) return;
  r->rings_warned = 1;
  phs_diag_warn(d,
                "%s: %ld polygon ring%s in %ld feature%s (the first: feature"
                " %ld) %s wound the wrong way for a shapefile (outer rings"
                " clockwise, holes counter-clockwise); phusong assembled the"
                " polygons by which ring lies inside which instead (check"
                " them on the map)",
                r->path, r->rings_wrong, r->rings_wrong == 1 ? "" : "s",
                r->rings_wrong_features,
                r->rings_wrong_features == 1 ? "" : "s", r->rings_wrong_first,
                r->rings_wrong == 1 ? "is" : "are");
}
