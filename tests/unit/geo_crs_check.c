/*
** geo_crs_check.c: which CRS strings reach PROJ and GDAL (geo/
** crs_check.c, found by the fuzz_crs target): the forms phusong reads
** pass; strings that name a file PROJ would read, a path or URL GDAL would
** open or fetch, PROJJSON, a bare name PROJ would match loosely, an empty
** or an oversized string are refused with PHS_EINPUT and the part at
** fault, and so by every phs_crs_* function that takes a CRS string; so is
** a string that is not UTF-8 text.
*/
#include <stdlib.h>

#include "phs_geo.h"
#include "phs_test.h"

/* phs_crs_check(crs, what) must refuse with exactly msg. */
static void refused(const char *crs, const char *what, const char *msg) {
  phs_diag d;
  phs_diag_init(&d);
  ASSERT_EQ(phs_crs_check(crs, what, &d), PHS_EINPUT);
  ASSERT_EQ(d.status, PHS_EINPUT);
  ASSERT_STREQ(d.msg, msg);
  phs_diag_clear(&d);
}

static void test_accepted(void) {
  static const char *const ok[] = {
      "EPSG:4326", "EPSG:32648", " EPSG:4326 \n", "EPSG:4326+5773",
      "IGNF:LAMB93", "urn:ogc:def:crs:EPSG::32648",
      "http://www.opengis.net/def/crs/EPSG/0/4326",
      "+proj=utm +zone=48 +datum=WGS84 +type=crs", "proj=longlat +type=crs",
      "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,"
      "298.257223563]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\","
      "0.0174532925199433]]",
      "PROJCRS[\"x\"]", "BOUNDCRS [", "COMPD_CS(", "EPSG:999999",
      "+datum=WGS84 +proj=longlat", "+title=x +proj=longlat",
      "URN:OGC:DEF:CRS:EPSG:9.1:32648", "urn:ogc:def:crs:OGC:1.3:CRS84"};
  phs_diag d;
  phs_diag_init(&d);
  for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++)
    ASSERT_EQ(phs_crs_check(ok[i], "--src-crs", &d), PHS_OK);
  ASSERT_EQ(d.status, PHS_OK);
  phs_diag_clear(&d);
}

static void test_refused(void) {
  static const char hint_file[] =
      "; phusong reads no file or URL a CRS names (hint: give the CRS as a"
      " code such as EPSG:32648, a PROJ string or WKT, without +init=, grid"
      " or file parameters)";
  char want[512];
  snprintf(want, sizeof(want),
           "--src-crs: '+proj=longlat +nadgrids=/tmp/x.gsb' names a file for"
           " PROJ to read ('grids=/tmp/x.gsb')%s", hint_file);
  refused("+proj=longlat +nadgrids=/tmp/x.gsb", "--src-crs", want);
  /* the part at fault: at most 20 bytes, then "..." */
  snprintf(want, sizeof(want),
           "CRS: '+init=/etc/proj/epsg:4326 +type=crs' names a file for PROJ"
           " to read ('init=/etc/proj/epsg:...')%s", hint_file);
  refused("+init=/etc/proj/epsg:4326 +type=crs", NULL, want);
  snprintf(want, sizeof(want),
           "x.prj: 'PARAMETERFILE[\"f\",\"a.gsb\"]' names a file for PROJ to"
           " read ('PARAMETERFILE[\"f\",\"a...')%s", hint_file);
  refused("PARAMETERFILE[\"f\",\"a.gsb\"]", "x.prj", want);
  snprintf(want, sizeof(want),
           "CRS: '+proj=tinshift +file = t.json' names a file for PROJ to"
           " read ('file = t.json')%s", hint_file);
  refused("+proj=tinshift +file = t.json", NULL, want);
  snprintf(want, sizeof(want),
           "CRS: '/etc/passwd' is a file name ('/etc/passwd')%s", hint_file);
  refused("/etc/passwd", NULL, want);
  snprintf(want, sizeof(want),
           "CRS: '/vsicurl/http://h/x.prj' is a URL ('/vsicurl/http://h/x....')"
           "%s", hint_file);
  refused("/vsicurl/http://h/x.prj", NULL, want);
  snprintf(want, sizeof(want),
           "CRS: 'https://example.org/crs' is a URL ('https://example.org/...')"
           "%s", hint_file);
  refused("https://example.org/crs", NULL, want);
  snprintf(want, sizeof(want),
           "CRS: '{\"type\":\"GeographicCRS\"}' is PROJJSON, which can name"
           " files ('{\"type\":\"GeographicC...')%s", hint_file);
  refused("{\"type\":\"GeographicCRS\"}", NULL, want);

  static const char hint_name[] =
      " is not an authority code, PROJ string or WKT (hint: EPSG:32648 for"
      " UTM 48N, EPSG:4326 for longitude/latitude; a CRS's name is not"
      " looked up, as PROJ matches names loosely)";
  snprintf(want, sizeof(want), "--working-crs: 'foo'%s", hint_name);
  refused("foo", "--working-crs", want); /* PROJ: a Bessel 1841 CRS */
  snprintf(want, sizeof(want), "CRS: 'WGS 84'%s", hint_name);
  refused("WGS 84", NULL, want);
  snprintf(want, sizeof(want), "CRS: 'EPSG:4326 x'%s", hint_name);
  refused("EPSG:4326 x", NULL, want);
  snprintf(want, sizeof(want), "CRS: 'GARBAGE[1]'%s", hint_name);
  refused("GARBAGE[1]", NULL, want);
  /* what PROJ would look up as names, slowly (fuzz_crs: a timeout) */
  snprintf(want, sizeof(want), "CRS: '+prfshore. Cambodia. China. Itif'%s",
           hint_name);
  refused("+prfshore. Cambodia. China. Itif", NULL, want);
  snprintf(want, sizeof(want), "CRS: 'a:b:c'%s", hint_name);
  refused("a:b:c", NULL, want);
  snprintf(want, sizeof(want), "CRS: 'EPSG::4326'%s", hint_name);
  refused("EPSG::4326", NULL, want);
  snprintf(want, sizeof(want), "CRS: 'urn:ogc:def:crs:EPS'%s", hint_name);
  refused("urn:ogc:def:crs:EPS", NULL, want); /* fuzz_crs: a slow unit */
  snprintf(want, sizeof(want), "CRS: 'urn:ogc:def:crs:EPSG::3264::32648'%s",
           hint_name);
  refused("urn:ogc:def:crs:EPSG::3264::32648", NULL, want);
  snprintf(want, sizeof(want), "CRS: 'urn:ogc:def:crs::9.1:4326'%s",
           hint_name);
  refused("urn:ogc:def:crs::9.1:4326", NULL, want);
  snprintf(want, sizeof(want), "CRS: 'FOOCRS[\"x\"]'%s", hint_name);
  refused("FOOCRS[\"x\"]", NULL, want);
  /* 70 x U+1ED9 (3 bytes): the first 60 bytes are 20 whole characters */
  char viet[256] = "", cut[128] = "";
  for (int i = 0; i < 70; i++) strcat(viet, "\xe1\xbb\x99");
  for (int i = 0; i < 20; i++) strcat(cut, "\xe1\xbb\x99");
  snprintf(want, sizeof(want), "CRS: '%s...'%s", cut, hint_name);
  refused(viet, NULL, want);
  /* not UTF-8 text: fuzz_map_options wrote such a WKT name into the
  ** .aux.xml; shown up to the bad byte */
  refused("GEOGCS[\"a\xe0\xe0\"]", NULL, "CRS: 'GEOGCS[\"a...': byte 0xE0 at"
          " byte 10 is not UTF-8 text (hint: a CRS is ASCII or UTF-8, without"
          " control characters)");
  refused("EPSG:4326\x01", "--src-crs", "--src-crs: 'EPSG:4326...': byte 0x01"
          " at byte 10 is not UTF-8 text (hint: a CRS is ASCII or UTF-8,"
          " without control characters)");

  refused("", "--src-crs", "--src-crs: an empty CRS (hint: EPSG:32648 for UTM"
          " 48N, EPSG:4326 for longitude/latitude)");
  refused(" \t", NULL, "CRS: an empty CRS (hint: EPSG:32648 for UTM 48N,"
          " EPSG:4326 for longitude/latitude)");
  refused(NULL, NULL, "CRS: no CRS given");
  char *big = malloc(PHS_CRS_MAX_BYTES + 2);
  ASSERT_TRUE(big != NULL);
  memset(big, 'x', PHS_CRS_MAX_BYTES + 1);
  memcpy(big, "EPSG:", 5);
  big[PHS_CRS_MAX_BYTES + 1] = '\0';
  snprintf(want, sizeof(want), "CRS: 'EPSG:%.55s...': a CRS of 16385 bytes,"
           " over the 16384-byte limit", big + 5);
  refused(big, NULL, want);
  big[PHS_CRS_MAX_BYTES] = '\0'; /* 16384 bytes: within the limit */
  phs_diag d;
  phs_diag_init(&d);
  ASSERT_EQ(phs_crs_check(big, NULL, &d), PHS_OK);
  phs_diag_clear(&d);
  free(big);
}

/* Every entry point refuses before PROJ or GDAL sees the string. */
static void test_entry_points(void) {
  const char *grid = "+proj=longlat +datum=WGS84 +nadgrids=/tmp/x.gsb"
                     " +type=crs";
  phs_diag d;
  phs_diag_init(&d);
  ASSERT_EQ(phs_crs_is_geographic(grid, &d), -1);
  ASSERT_EQ(d.status, PHS_EINPUT);
  ASSERT_CONTAINS(d.msg, "names a file for PROJ to read ('grids=/tmp/x.gsb");
  phs_diag_clear(&d);
  ASSERT_TRUE(phs_crs_wkt(grid, &d) == NULL);
  ASSERT_EQ(d.status, PHS_EINPUT);
  ASSERT_CONTAINS(d.msg, "names a file for PROJ to read");
  phs_diag_clear(&d);
  ASSERT_TRUE(phs_crs_transform_new("EPSG:4326", grid, &d) == NULL);
  ASSERT_EQ(d.status, PHS_EINPUT);
  ASSERT_CONTAINS(d.msg, "names a file for PROJ to read");
  phs_diag_clear(&d);
  ASSERT_TRUE(phs_crs_transform_new("foo", "EPSG:4326", &d) == NULL);
  ASSERT_CONTAINS(d.msg, "CRS: 'foo' is not an authority code");
  phs_diag_clear(&d);
  /* and what passes still works */
  ASSERT_EQ(phs_crs_is_geographic("urn:ogc:def:crs:EPSG::32648", &d), 0);
  ASSERT_EQ(d.status, PHS_OK);
  phs_diag_clear(&d);
}

int main(void) {
  test_accepted();
  test_refused();
  test_entry_points();
  return phs_test_report("geo_crs_check");
}
