/*
** data_messages_vi.c: the Vietnamese message catalogue (geo/messages_vi.c)
** and the message language (geo/common.c). Every entry: keys sorted by
** strcmp() and unique (phs_tr's binary search needs it), the translation
** takes the same printf arguments in the same order as its English format
** (a plural "s" may be taken by "%.0s"), is valid UTF-8 in NFC, and keeps
** the parts --report splits on ("field '" -> "trường '", "(hint: " ->
** "(gợi ý: "). Then phs_tr and phs_diag_* in both languages, and the
** language the environment asks for. (utf8proc comes with phs_data.)
*/
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "phs_common.h"
#include "phs_test.h"

/*
** The argument types a format takes, in order, as one string: one letter
** per argument (i int, u unsigned, f double, s string, c char, p pointer,
** n count) after its length modifier, "*" widths and precisions as i.
** Positional formats ("%2$s") are listed by position. Returns 0, or -1 for
** a conversion this test does not know (the test fails on it).
*/
static int arg_types(const char *fmt, char *out, size_t size) {
  char pos[64][8];
  int n_pos = 0, n_seq = 0;
  memset(pos, 0, sizeof(pos));
  out[0] = '\0';
  for (const char *p = fmt; *p; p++) {
    if (*p != '%') continue;
    p++;
    if (*p == '%') continue;
    int index = 0;
    const char *q = p;
    while (*q >= '0' && *q <= '9') index = index * 10 + (*q++ - '0');
    if (*q == '$' && index > 0 && index < 64) p = q + 1;
    else index = 0;
    char type[8] = "";
    while (strchr("-+ #0", *p)) p++;
    if (*p == '*') strcat(out, "i"), p++;
    while (*p >= '0' && *p <= '9') p++;
    if (*p == '.') {
      p++;
      if (*p == '*') strcat(out, "i"), p++;
      while (*p >= '0' && *p <= '9') p++;
    }
    size_t t = 0;
    while (strchr("hlLqjzt", *p) && t < 3) type[t++] = *p++;
    char k = strchr("di", *p)         ? 'i'
             : strchr("ouxX", *p)     ? 'u'
             : strchr("fFeEgGaA", *p) ? 'f'
             : strchr("scpn", *p)     ? *p
                                      : 0;
    if (k == 0 || *p == '\0') return -1;
    type[t] = k;
    if (index) {
      snprintf(pos[index], sizeof(pos[index]), "%s", type);
      if (index > n_pos) n_pos = index;
    } else {
      n_seq++;
      if (strlen(out) + strlen(type) + 2 > size) return -1;
      strcat(out, type);
      strcat(out, ",");
    }
  }
  if (n_pos && n_seq) return -1; /* glibc: all positional or none */
  for (int i = 1; i <= n_pos; i++) {
    if (pos[i][0] == '\0') return -1; /* a skipped argument */
    if (strlen(out) + strlen(pos[i]) + 2 > size) return -1;
    strcat(out, pos[i]);
    strcat(out, ",");
  }
  return 0;
}

static int is_nfc_utf8(const char *s) {
  utf8proc_int32_t cp;
  for (const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s; *p;) {
    utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
    if (n <= 0) return 0;
    p += n;
  }
  utf8proc_uint8_t *norm = NULL;
  utf8proc_map((const utf8proc_uint8_t *)s, 0, &norm,
               UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  int same = norm && strcmp((const char *)norm, s) == 0;
  free(norm);
  return same;
}

static void catalogue_rules(void) {
  size_t n = 0;
  const phs_msg_pair *cat = phs_messages_vi(&n);
  ASSERT_TRUE(n > 300);
  for (size_t i = 0; i < n; i++) {
    const char *en = cat[i].en, *vi = cat[i].vi;
    if (i > 0)
      PHS_CHECK_(strcmp(cat[i - 1].en, en) < 0,
                 "not sorted or repeated: \"%s\" then \"%s\"", cat[i - 1].en,
                 en);
    char te[256], tv[256];
    int re = arg_types(en, te, sizeof(te)), rv = arg_types(vi, tv, sizeof(tv));
    PHS_CHECK_(re == 0 && rv == 0 && strcmp(te, tv) == 0,
               "arguments differ: \"%s\" (%s) vs \"%s\" (%s)", en,
               re ? "?" : te, vi, rv ? "?" : tv);
    PHS_CHECK_(is_nfc_utf8(vi), "not NFC UTF-8: \"%s\"", vi);
    PHS_CHECK_(vi[0] != '\0' || en[0] == '\0', "empty translation of \"%s\"",
               en);
    if (strstr(en, "(hint: "))
      PHS_CHECK_(strstr(vi, "(gợi ý: ") && !strstr(vi, "hint"),
                 "hint not as \"(gợi ý: \": \"%s\"", vi);
    if (strstr(en, "field '%s'"))
      PHS_CHECK_(strstr(vi, "trường '%s'") != NULL,
                 "field not as \"trường '%%s'\": \"%s\"", vi);
  }
}

/* The test's own parser, seen failing on what it must refuse. */
static void arg_types_self_check(void) {
  char t[64];
  ASSERT_OK(arg_types("%s:%ld: %5.2f%% %zu %lld %*d %.0s", t, sizeof(t)));
  PHS_CHECK_(strcmp(t, "s,li,f,zu,lli,ii,s,") == 0, "types: %s", t);
  ASSERT_OK(arg_types("%2$s %1$d", t, sizeof(t)));
  PHS_CHECK_(strcmp(t, "i,s,") == 0, "positional types: %s", t);
  ASSERT_EQ(arg_types("%1$s %s", t, sizeof(t)), -1);
  ASSERT_EQ(arg_types("%3$s %1$d", t, sizeof(t)), -1);
  ASSERT_EQ(arg_types("%y", t, sizeof(t)), -1);
  ASSERT_TRUE(is_nfc_utf8("trường"));
  ASSERT_TRUE(!is_nfc_utf8("tru\xcc\x9bo\xcc\x9b\xcc\x80ng")); /* NFD */
  ASSERT_TRUE(!is_nfc_utf8("tr\xff"));
}

static void translate(void) {
  phs_messages_set_lang(PHS_LANG_EN);
  ASSERT_EQ(phs_messages_lang(), PHS_LANG_EN);
  const char *k = "feature ";
  ASSERT_TRUE(phs_tr(k) == k);
  phs_messages_set_lang(PHS_LANG_VI);
  ASSERT_EQ(phs_messages_lang(), PHS_LANG_VI);
  ASSERT_STREQ(phs_tr("feature "), "đối tượng ");
  const char *none = "not in the catalogue";
  ASSERT_TRUE(phs_tr(none) == none);
  ASSERT_TRUE(phs_tr(NULL) == NULL);

  phs_diag d;
  phs_diag_init(&d);
  phs_diag_error(&d, PHS_EINPUT, "%s:%ld: expected %d fields, found %d%s",
                 "a.csv", 3L, 4, 3,
                 phs_tr(" (hint: a missing value must still have its"
                        " separator)"));
  ASSERT_STREQ(d.msg, "a.csv:3: cần 4 trường, có 3 (gợi ý: giá trị bị thiếu"
                      " vẫn phải có dấu phân cách)");
  phs_diag_detail(&d, "--band %d: %s has %d band%s", 3, "x.tif", 2, "s");
  phs_diag_warn(&d, "%s: no such file", "b.csv");
  phs_diag_warn(&d, "%s", "--band %d: %s has %d band%s"); /* a value */
  ASSERT_EQ(d.n_details, 1);
  ASSERT_STREQ(d.details[0], "--band 3: x.tif có 2 kênh");
  ASSERT_EQ(d.n_warnings, 2);
  ASSERT_STREQ(d.warnings[0], "b.csv: không có tệp này");
  ASSERT_STREQ(d.warnings[1], "--band %d: %s has %d band%s");
  phs_diag_clear(&d);

  phs_messages_set_lang(PHS_LANG_EN);
  phs_diag_error(&d, PHS_EINPUT, "%s: no such file", "b.csv");
  ASSERT_STREQ(d.msg, "b.csv: no such file");
  phs_diag_clear(&d);
}

/* Set the four variables (NULL: unset) and read the language. */
static phs_lang env_lang(const char *language, const char *lc_all,
                         const char *lc_messages, const char *lang) {
  const char *names[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
  const char *values[] = {language, lc_all, lc_messages, lang};
  for (int i = 0; i < 4; i++)
    if (values[i]) setenv(names[i], values[i], 1);
    else unsetenv(names[i]);
  return phs_messages_lang_from_env();
}

static void environment(void) {
  ASSERT_EQ(env_lang(NULL, NULL, NULL, NULL), PHS_LANG_EN);
  ASSERT_EQ(env_lang(NULL, NULL, NULL, "vi_VN.UTF-8"), PHS_LANG_VI);
  ASSERT_EQ(env_lang(NULL, NULL, NULL, "vi"), PHS_LANG_VI);
  ASSERT_EQ(env_lang(NULL, NULL, NULL, "en_US.UTF-8"), PHS_LANG_EN);
  ASSERT_EQ(env_lang(NULL, NULL, NULL, "C.UTF-8"), PHS_LANG_EN);
  ASSERT_EQ(env_lang(NULL, NULL, "vi_VN", "C"), PHS_LANG_VI);
  ASSERT_EQ(env_lang(NULL, "C.UTF-8", "vi_VN", "vi_VN"), PHS_LANG_EN);
  ASSERT_EQ(env_lang(NULL, "vi_VN.UTF-8", NULL, "C"), PHS_LANG_VI);
  ASSERT_EQ(env_lang(NULL, "", "", "vi_VN"), PHS_LANG_VI); /* empty = unset */
  ASSERT_EQ(env_lang("vi", "C", NULL, NULL), PHS_LANG_VI);
  ASSERT_EQ(env_lang("fr:vi:en", NULL, NULL, NULL), PHS_LANG_VI);
  ASSERT_EQ(env_lang("en_GB:vi", NULL, NULL, "vi_VN"), PHS_LANG_EN);
  ASSERT_EQ(env_lang("fr", NULL, NULL, "vi_VN"), PHS_LANG_VI);
  ASSERT_EQ(env_lang("", NULL, NULL, "vi_VN"), PHS_LANG_VI);
}

int main(void) {
  arg_types_self_check();
  catalogue_rules();
  translate();
  environment();
  return phs_test_report("data_messages_vi");
}
