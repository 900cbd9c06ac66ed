/*
** reader_text.c: which encoding a layer's text is in, and decoding it for
** the reader (reader.c). The order: --encoding; for a shapefile, its .cpg
** or its DBF language driver byte (shapefile.c); else the bytes decide:
** ASCII or valid UTF-8 pass, anything else stops with a preview of the
** candidate encodings (bad-inputs.md D2): guessing between CP1258, TCVN3
** and VNI silently is how mojibake gets into a store. A CSV given with
** --encoding is decoded whole into a /vsimem/ copy and read from there,
** so the CSV reader and its fast lane only ever see UTF-8.
*/
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "data_int.h"
#include "encoding.h"

#define DETECT_FEATURES 10000 /* features read to detect an encoding */
#define DETECT_SAMPLES 50     /* distinct non-UTF-8 values scored */

int reader_encoding_option(const phs_import_opts *o, int *enc,
                           phs_diag *d) {
  *enc = ENC_NONE;
  if (o->encoding == NULL || o->encoding[0] == '\0') return PHS_OK;
  *enc = enc_parse(o->encoding);
  if (*enc == ENC_NONE)
    return phs_diag_error(d, PHS_EUSAGE,
                          "--encoding '%s': not an encoding phusong reads"
                          " (one of %s)",
                          o->encoding, ENC_NAMES);
  return PHS_OK;
}

/* ---------------------------------------------------------------- CSV */

int reader_csv_decode(phs_reader *r, const phs_import_opts *o,
                      phs_diag *d) {
  int e;
  r->encoding = "UTF-8";
  int st = reader_encoding_option(o, &e, d);
  if (st || e == ENC_NONE || e == ENC_UTF8) return st;
  GByte *raw = NULL;
  vsi_l_offset size = 0;
  if (!VSIIngestFile(NULL, r->open_path, &raw, &size, -1))
    return phs_diag_error(d, PHS_EINPUT, "%s: cannot read", r->path);
  enc_decoder dec;
  if (enc_decoder_open(&dec, (phs_enc)e)) {
    VSIFree(raw);
    return phs_diag_error(d, PHS_ERUNTIME, "%s: no %s converter in iconv",
                          r->path, enc_name((phs_enc)e));
  }
  phs_buf out;
  phs_buf_init(&out);
  const char *p = (const char *)raw, *end = p + size;
  long line = 0;
  while (p < end && st == PHS_OK) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
    line++;
    size_t bad = len;
    char *t = memchr(p, '\0', len) ? NULL : enc_decoder_run(&dec, p, len, &bad);
    if (t == NULL) {
      char *copy = phs_strdup_printf("%.*s", (int)len, p);
      char q[256];
      st = phs_diag_error(
          d, PHS_EINPUT,
          "%s:%ld: '%s' is not valid %s text (byte %zu); is the file really"
          " %s? (hint: pass the encoding it was saved in with --encoding)",
          r->path, line, text_quote(copy ? copy : "", q, sizeof(q)),
          enc_name((phs_enc)e), bad + 1, enc_name((phs_enc)e));
      free(copy);
      break;
    }
    phs_buf_puts(&out, t);
    if (nl) phs_buf_puts(&out, "\n");
    free(t);
    p = nl ? nl + 1 : end;
  }
  enc_decoder_close(&dec);
  VSIFree(raw);
  if (st == PHS_OK && out.oom)
    st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  if (st) {
    phs_buf_free(&out);
    return st;
  }
  /* the decoded copy replaces the file for the CSV reader */
  char *name = phs_strdup_printf("/vsimem/phusong-decoded-%p.csv", (void *)r);
  GByte *data = VSIMalloc(out.len + 1);
  if (name == NULL || data == NULL) {
    free(name);
    VSIFree(data);
    phs_buf_free(&out);
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  memcpy(data, out.data ? out.data : "", out.len);
  VSILFILE *fp = VSIFileFromMemBuffer(name, data, out.len, TRUE);
  phs_buf_free(&out);
  if (fp == NULL) {
    free(name);
    return phs_diag_error(d, PHS_ERUNTIME, "%s: cannot hold the decoded copy",
                          r->path);
  }
  VSIFCloseL(fp);
  free(r->open_path);
  r->open_path = strdup(name);
  r->vsimem = name;
  r->encoding = enc_name((phs_enc)e);
  return PHS_OK;
}

/* ---------------------------------------------------------------- OGR */

static int has_high_byte(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s >= 0x80) return 1;
  return 0;
}

static int valid_utf8(const char *s) {
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  while (*p) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t l = utf8proc_iterate(p, -1, &cp);
    if (l <= 0) return 0;
    p += l;
  }
  return 1;
}

typedef struct samples {
  char *v[DETECT_SAMPLES];
  int n;
  int non_ascii; /* values with a byte >= 0x80, valid UTF-8 or not */
} samples;

static void sample_add(samples *s, const char *raw) {
  if (!has_high_byte(raw)) return;
  s->non_ascii++;
  if (valid_utf8(raw) || s->n == DETECT_SAMPLES) return;
  for (int i = 0; i < s->n; i++)
    if (strcmp(s->v[i], raw) == 0) return;
  s->v[s->n++] = strdup(raw);
}

/* D2: no declaration. ASCII and UTF-8 are read; other bytes stop with the
** preview. */
static int detect(phs_reader *r, const char *declared, int *enc,
                  phs_diag *d) {
  samples s = {.n = 0, .non_ascii = 0};
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(r->lyr);
  int nf = OGR_FD_GetFieldCount(defn);
  for (int i = 0; i < nf; i++)
    sample_add(&s, OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
  CPLPushErrorHandler(CPLQuietErrorHandler);
  OGR_L_ResetReading(r->lyr);
  OGRFeatureH f;
  long n = 0;
  while (s.n < DETECT_SAMPLES && n++ < DETECT_FEATURES &&
         (f = OGR_L_GetNextFeature(r->lyr)) != NULL) {
    for (int i = 0; i < nf; i++)
      if (OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, i)) == OFTString &&
          OGR_F_IsFieldSetAndNotNull(f, i))
        sample_add(&s, OGR_F_GetFieldAsString(f, i));
    OGR_F_Destroy(f);
  }
  OGR_L_ResetReading(r->lyr);
  CPLPopErrorHandler();
  int st = PHS_OK;
  *enc = ENC_UTF8; /* ASCII, or UTF-8 throughout */
  if (s.n > 0) {
    phs_enc best = ENC_NONE;
    char *preview = enc_preview((const char *const *)s.v, s.n, &best);
    st = phs_diag_error(
        d, PHS_EINPUT,
        "%s: text encoding not declared (%s) and the text is not UTF-8;"
        " phusong does not guess: pass --encoding NAME with the encoding"
        " that reads right (or add a .cpg file holding its name). %d"
        " value%s decoded in each candidate:\n%s",
        r->path, declared, s.n < 3 ? s.n : 3, s.n == 1 ? "" : "s",
        preview);
    free(preview);
  }
  for (int i = 0; i < s.n; i++) free(s.v[i]);
  return st;
}

int reader_ogr_encoding(phs_reader *r, const phs_import_opts *o,
                        phs_diag *d) {
  int e;
  r->encoding = "UTF-8";
  int st = reader_encoding_option(o, &e, d);
  if (st) return st;
  if (strcmp(r->format, "ESRI Shapefile") != 0) {
    if (e != ENC_NONE && e != ENC_UTF8)
      phs_diag_warn(d,
                    "%s: --encoding %s ignored: %s text is UTF-8 by its"
                    " format (--encoding is for CSV files and shapefiles)",
                    r->path, enc_name((phs_enc)e), r->format);
    return PHS_OK;
  }
  r->shp = 1;
  /* the layer's .shp, as GDAL found it (also inside a .zip) */
  char **files = GDALGetFileList((GDALDatasetH)r->ds);
  char *shp = NULL;
  for (int i = 0; files && files[i] && shp == NULL; i++) {
    size_t n = strlen(files[i]);
    if (n > 4 && strcasecmp(files[i] + n - 4, ".shp") == 0)
      shp = strdup(files[i]);
  }
  CSLDestroy(files);
  if (shp) st = shp_counts_check(shp, r->path, d);
  char source[160] = "--encoding";
  if (st == PHS_OK && e == ENC_NONE && shp) {
    int declared = ENC_NONE;
    st = shp_declared_encoding(shp, r->path, &declared, source,
                               sizeof(source), d);
    e = declared;
  }
  free(shp);
  if (st == PHS_OK && e == ENC_NONE) st = detect(r, source, &e, d);
  if (st) return st;
  r->encoding = enc_name((phs_enc)e);
  if (e == ENC_UTF8) return PHS_OK; /* clean_cell checks it as before */
  r->dec = malloc(sizeof(enc_decoder));
  if (r->dec == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  if (enc_decoder_open(r->dec, (phs_enc)e)) {
    free(r->dec);
    r->dec = NULL;
    return phs_diag_error(d, PHS_ERUNTIME, "%s: no %s converter in iconv",
                          r->path, enc_name((phs_enc)e));
  }
  return PHS_OK;
}

char *reader_decode(phs_reader *r, const char *raw, const char *field,
                    phs_diag *d, int *status) {
  if (r->dec == NULL) return strdup(raw);
  size_t bad = 0;
  char *t = enc_decoder_run(r->dec, raw, strlen(raw), &bad);
  if (t) return t;
  char q[256], where[64];
  if (field)
    snprintf(where, sizeof(where), phs_tr("feature %ld: field '%.32s'"),
             r->row, field);
  else
    snprintf(where, sizeof(where), "%s", phs_tr(" field name"));
  int st = phs_diag_error(
      d, PHS_EINPUT,
      "%s:%s: '%s' is not valid %s text (byte %zu); is the layer really"
      " %s? (hint: pass the right one with --encoding)",
      r->path, where, text_quote(raw, q, sizeof(q)), r->encoding, bad + 1,
      r->encoding);
  if (*status == PHS_OK) *status = st;
  return strdup("");
}

void reader_text_close(phs_reader *r) {
  if (r->dec) {
    enc_decoder_close(r->dec);
    free(r->dec);
    r->dec = NULL;
  }
  if (r->vsimem) {
    VSIUnlink(r->vsimem);
    free(r->vsimem);
    r->vsimem = NULL;
  }
}
