/*
** data_markup_check.c: json_syntax_check and kml_scan (data/markup_check.c)
** on texts the catalogue's fixtures (E04, E05-E07) do not hold: where a
** fault is reported (byte offsets counted by hand), which feature it is
** in (a "features" member below the top level does not count), faults
** RFC 8259 has and json-c forgives (NaN, bad escapes, raw control
** characters), nesting too deep to recurse into, and KML network links
** with a namespace prefix, closing tags and DTDs.
*/
#include <stdlib.h>
#include <string.h>

#include "../../data/data_int.h"
#include "phs_test.h"

static long check(const char *s, long *feature, int *in, const char **why) {
  return json_syntax_check(s, strlen(s), feature, in, why);
}

static void valid_json(void) {
  long f = -1;
  int in = -1;
  const char *why = "unset";
  ASSERT_EQ(check("{\"type\":\"FeatureCollection\",\"features\":[]}", &f,
                  &in, &why),
            -1);
  ASSERT_EQ(f, 0);
  ASSERT_TRUE(why == NULL);
  ASSERT_EQ(check("\xef\xbb\xbf {\"a\": [1, -2.5e+3, 0.25E-2, true, false,"
                  " null, \"\\u00e0\\n\\\"x\\\"\", {}, []]}\r\n",
                  &f, &in, &why),
            -1);
  /* three features; the "features" inside a property is not the list */
  ASSERT_EQ(check("{\"features\":[{\"properties\":{\"features\":[1,2,3,4]}},"
                  "{},{}]}",
                  &f, &in, &why),
            -1);
  ASSERT_EQ(f, 3);
}

static void faults(void) {
  long f = 0;
  int in = 0;
  const char *why = NULL;
  /* cut inside the second feature: the offset is the end of the text */
  const char *cut = "{\"features\":[{\"a\":1},{\"b\":[1,";
  ASSERT_EQ(check(cut, &f, &in, &why), (long)strlen(cut));
  ASSERT_EQ(f, 2);
  ASSERT_EQ(in, 1);
  ASSERT_CONTAINS(why, "ends in the middle");
  /* trailing garbage after the whole value: offset of the 'x' */
  ASSERT_EQ(check("{\"features\":[{},{}]}\n x", &f, &in, &why), 22);
  ASSERT_EQ(f, 2);
  ASSERT_EQ(in, 0);
  ASSERT_CONTAINS(why, "after the end");
  /* NaN (json-c reads it; RFC 8259 has no such value) at byte 8 */
  ASSERT_EQ(check("{\"a\":[1,NaN]}", &f, &in, &why), 8);
  ASSERT_CONTAINS(why, "NaN");
  /* a bad escape, a raw tab inside a string, a bad \u */
  ASSERT_EQ(check("[\"a\\x\"]", &f, &in, &why), 4);
  ASSERT_CONTAINS(why, "bad escape");
  ASSERT_EQ(check("[\"a\tb\"]", &f, &in, &why), 3);
  ASSERT_CONTAINS(why, "control character");
  ASSERT_EQ(check("[\"\\u00g0\"]", &f, &in, &why), 3);
  /* a missing ':' and a missing ',' */
  ASSERT_EQ(check("{\"a\" 1}", &f, &in, &why), 5);
  ASSERT_CONTAINS(why, "':'");
  ASSERT_EQ(check("[1 2]", &f, &in, &why), 3);
  ASSERT_CONTAINS(why, "','");
  /* numbers cut short */
  ASSERT_EQ(check("[1.]", &f, &in, &why), 3);
  ASSERT_EQ(check("[1e]", &f, &in, &why), 3);
  ASSERT_EQ(check("[-]", &f, &in, &why), 1);
  /* a bare word, and an empty file */
  ASSERT_EQ(check("[tru]", &f, &in, &why), 1);
  ASSERT_EQ(check("", &f, &in, &why), 0);
  ASSERT_CONTAINS(why, "ends in the middle");
  /* 100 000 '[' are refused at depth 513, not recursed into */
  size_t n = 100000;
  char *deep = malloc(n + 1);
  memset(deep, '[', n);
  deep[n] = '\0';
  ASSERT_EQ(check(deep, &f, &in, &why), 512);
  ASSERT_CONTAINS(why, "nested deeper than 512");
  free(deep);
}

static void kml(void) {
  const char *plain =
      "<kml><Document><Placemark><name>S1</name></Placemark></Document>"
      "</kml>";
  kml_scan_result k = kml_scan(plain, strlen(plain));
  ASSERT_EQ(k.dtd_line, 0);
  ASSERT_EQ(k.n_links, 0);
  const char *links =
      "<?xml version=\"1.0\"?>\n<kml:kml>\n<kml:Document>\n"
      "<kml:NetworkLink><kml:Link><href>https://example.org/a.kml</href>"
      "</kml:Link></kml:NetworkLink>\n"
      "<NetworkLink>\n<Link><href>b.kml</href></Link></NetworkLink>\n"
      "</kml:Document></kml:kml>\n";
  k = kml_scan(links, strlen(links));
  ASSERT_EQ(k.dtd_line, 0);
  ASSERT_EQ(k.n_links, 2); /* closing tags do not count */
  ASSERT_EQ(k.link_line, 4);
  ASSERT_STREQ(k.link_href, "https://example.org/a.kml");
  /* a DOCTYPE alone is refused too (KML needs none); an ENTITY is named
  ** in preference, at its own line */
  const char *doctype = "<?xml version=\"1.0\"?>\n<!DOCTYPE kml>\n<kml/>";
  k = kml_scan(doctype, strlen(doctype));
  ASSERT_EQ(k.dtd_line, 2);
  ASSERT_STREQ(k.dtd_text, "<!DOCTYPE kml>");
  const char *entity =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE kml [\n\n<!ENTITY e SYSTEM "
      "\"file:///etc/hostname\">\n]>\n<kml>&e;</kml>";
  k = kml_scan(entity, strlen(entity));
  ASSERT_EQ(k.dtd_line, 4);
  ASSERT_STREQ(k.dtd_text, "<!ENTITY e SYSTEM \"file:///etc/hostname\">");
}

int main(void) {
  valid_json();
  faults();
  kml();
  return phs_test_report("data_markup_check");
}
