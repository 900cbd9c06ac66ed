/*
** crs_check.c: which CRS strings phusong hands to PROJ and GDAL at all. A
** CRS comes from the command line (--src-crs, --working-crs), a .prj, a
** GeoJSON 'crs' member or a raster, so it is untrusted text, and both
** libraries read files a CRS string names: PROJ opens +init=FILE:ID,
** +nadgrids=/any/path (and the grids=, file=, model= of its grid and
** deformation operations, a WKT2 PARAMETERFILE), and GDAL's
** OSRSetFromUserInput reads a string that is a path as a file of WKT and
** fetches an http:// or /vsicurl/ one. Such strings are refused here,
** naming the part that names the file, and so is any string that is not
** an authority code, a PROJ string or WKT: PROJ looks anything else up as
** a name, loosely ("foo" is a Bessel 1841 CRS to it) and slowly. PROJ's
** network access is kept off in crs.c and crs_wkt.c whatever PROJ_NETWORK
** says. A CRS must also be UTF-8 text: its names go into the .aux.xml
** beside a map. Found by tests/fuzz/fuzz_crs.c and fuzz_map_options.c.
** See phs_geo.h.
*/
#include "phs_geo.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* s for a message in buf: at most size - 4 bytes of it, cut before a
** UTF-8 character rather than inside one, control bytes shown as '?',
** "..." when cut. */
static const char *shown(const char *s, char *buf, size_t size) {
  size_t len = strlen(s), n = len < size - 4 ? len : size - 4;
  if (n < len)
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
  for (size_t i = 0; i < n; i++)
    buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
  if (n < len) memcpy(buf + n, "...", 3);
  buf[n < len ? n + 3 : n] = '\0';
  return buf;
}

/* Where in s (case-insensitively) the parameter key followed by optional
** blanks and '=' starts, or NULL. */
static const char *param(const char *s, const char *key) {
  size_t k = strlen(key);
  for (const char *p = s; *p; p++) {
    if (strncasecmp(p, key, k) != 0) continue;
    const char *q = p + k;
    while (*q == ' ' || *q == '\t') q++;
    if (*q == '=') return p;
  }
  return NULL;
}

/* Where in s the word (case-insensitively) starts, or NULL. */
static const char *word(const char *s, const char *w) {
  size_t k = strlen(w);
  for (const char *p = s; *p; p++)
    if (strncasecmp(p, w, k) == 0) return p;
  return NULL;
}

/* Is p (blanks skipped) one of the forms phusong reads, each as PROJ tells
** it from a name (which PROJ looks up in proj.db, loosely and slowly: one
** fuzz input took 26 s): an authority code with one ':' (EPSG:32648,
** IGNF:LAMB93, EPSG:4326+5773) or an OGC URN (urn:ogc:def:crs:EPSG::32648,
** urn:ogc:def:crs:EPSG:9.1:32648);
** a PROJ string (proj= or title= first, a '+' before it or not, or
** " +proj=" / " proj=" later); or WKT, one of PROJ's CRS keywords then '['
** or '('. */
static int known_form(const char *p) {
  static const char *const wkt[] = {
      "GEOGCS", "PROJCS", "GEOCCS", "VERT_CS", "VERTCS", "COMPD_CS",
      "LOCAL_CS", "FITTED_CS", "GEODCRS", "GEODETICCRS", "GEOGCRS",
      "GEOGRAPHICCRS", "PROJCRS", "PROJECTEDCRS", "VERTCRS", "VERTICALCRS",
      "COMPOUNDCRS", "ENGCRS", "ENGINEERINGCRS", "PARAMETRICCRS",
      "PARAMETRICCS", "TIMECRS", "DERIVEDPROJCRS", "BOUNDCRS"};
  const char *plain = *p == '+' ? p + 1 : p;
  if (strncmp(plain, "proj=", 5) == 0 || strncmp(plain, "title=", 6) == 0 ||
      strstr(p, " +proj=") || strstr(p, " proj="))
    return 1;
  const char *q = p;
  if (strncasecmp(p, "urn:ogc:def:crs:", 16) == 0) {
    /* urn:ogc:def:crs:AUTH:VERSION:CODE, the version maybe empty */
    static const char *const part[] = {"_", "_.", "_.+-"};
    q = p + 16;
    for (int i = 0; i < 3; i++) {
      const char *start = q;
      while (isalnum((unsigned char)*q) || (*q && strchr(part[i], *q))) q++;
      if ((q == start && i != 1) || (i < 2 && *q++ != ':')) return 0;
    }
    while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') q++;
    return *q == '\0';
  }
  while (isalnum((unsigned char)*q) || *q == '_') q++;
  if (q > p && *q == ':' && isalpha((unsigned char)*p)) {
    /* one ':' only: PROJ looks "a:b:c" up as a name */
    const char *code = ++q;
    while (isalnum((unsigned char)*q) || (*q && strchr("_.+-,", *q))) q++;
    while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') q++;
    return q > code && *q == '\0';
  }
  size_t k = (size_t)(q - p);
  int keyword = 0;
  for (size_t i = 0; i < sizeof(wkt) / sizeof(wkt[0]) && !keyword; i++)
    keyword = k == strlen(wkt[i]) && strncasecmp(p, wkt[i], k) == 0;
  while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') q++;
  return keyword && (*q == '[' || *q == '(');
}

/* The offset of the first byte of s that is not UTF-8 text (a control
** character other than tab, LF and CR, a byte outside a well-formed
** character), or -1: a CRS's names go into the .aux.xml beside a map. */
static long not_text(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned c = *p;
    int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
              : (c & 0xF8) == 0xF0 ? 4 : 0;
    unsigned cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F
                                                                : c & 0x07;
    for (int i = 1; i < len; i++) {
      if ((p[i] & 0xC0) != 0x80) {
        len = 0;
        break;
      }
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    static const unsigned least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (len == 0 || cp < least[len] || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF ||
        (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F)
      return (long)(p - (const unsigned char *)s);
    p += len;
  }
  return -1;
}

int phs_crs_check(const char *crs, const char *what, phs_diag *d) {
  char q[64];
  const char *w = what ? what : "CRS";
  if (crs == NULL)
    return phs_diag_error(d, PHS_EINPUT, "%s: no CRS given", w);
  const char *p = crs;
  while (isspace((unsigned char)*p)) p++;
  if (*p == '\0')
    return phs_diag_error(d, PHS_EINPUT, "%s: an empty CRS (hint: EPSG:32648"
                          " for UTM 48N, EPSG:4326 for longitude/latitude)",
                          w);
  size_t n = strlen(crs);
  if (n > PHS_CRS_MAX_BYTES)
    return phs_diag_error(d, PHS_EINPUT, "%s: '%s': a CRS of %zu bytes, over"
                          " the %d-byte limit", w, shown(crs, q, sizeof(q)),
                          n, PHS_CRS_MAX_BYTES);
  long bad = not_text(crs);
  if (bad >= 0) { /* shown up to the bad byte: the message stays text */
    char head[64];
    size_t k = (size_t)bad < sizeof(head) - 1 ? (size_t)bad : sizeof(head) - 1;
    memcpy(head, crs, k);
    head[k] = '\0';
    return phs_diag_error(d, PHS_EINPUT, "%s: '%s...': byte 0x%02X at byte"
                          " %ld is not UTF-8 text (hint: a CRS is ASCII or"
                          " UTF-8, without control characters)", w,
                          shown(head, q, sizeof(q)),
                          (unsigned)(unsigned char)crs[bad], bad + 1);
  }
  const char *why = NULL, *at = NULL;
  static const char *const file_params[] = {"init", "grids", "file", "model"};
  for (size_t i = 0; i < 4 && at == NULL; i++)
    if ((at = param(crs, file_params[i])) != NULL)
      why = "names a file for PROJ to read";
  if (at == NULL && (at = word(crs, "parameterfile")) != NULL)
    why = "names a file for PROJ to read";
  if (at == NULL && *p == '{')
    at = p, why = "is PROJJSON, which can name files";
  static const char *const opengis[] = {
      "http://www.opengis.net/def/crs/", "https://www.opengis.net/def/crs/",
      "http://opengis.net/def/crs/", "https://opengis.net/def/crs/",
      "http://www.opengis.net/gml/srs/epsg.xml#"};
  int ogc = 0;
  for (size_t i = 0; i < sizeof(opengis) / sizeof(opengis[0]); i++)
    if (strncasecmp(p, opengis[i], strlen(opengis[i])) == 0 &&
        strstr(p + strlen(opengis[i]), "://") == NULL)
      ogc = 1; /* an OGC name of a CRS, read without the network */
  if (at == NULL && !ogc && (strstr(crs, "://") || word(crs, "/vsi")))
    at = p, why = "is a URL";
  if (at == NULL && (*p == '/' || *p == '~' || *p == '.' || strchr(crs, '\\')))
    at = p, why = "is a file name";
  if (at == NULL && !ogc && !known_form(p))
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: '%s' is not an authority code, PROJ string or"
                          " WKT (hint: EPSG:32648 for UTM 48N, EPSG:4326 for"
                          " longitude/latitude; a CRS's name is not looked"
                          " up, as PROJ matches names loosely)",
                          w, shown(crs, q, sizeof(q)));
  if (at == NULL) return PHS_OK;
  char part[64];
  return phs_diag_error(d, PHS_EINPUT,
                        "%s: '%s' %s ('%s'); phusong reads no file or URL a"
                        " CRS names (hint: give the CRS as a code such as"
                        " EPSG:32648, a PROJ string or WKT, without +init=,"
                        " grid or file parameters)",
                        w, shown(crs, q, sizeof(q)), phs_tr(why),
                        shown(at, part, 24));
}
