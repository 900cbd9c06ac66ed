/*
** data_encoding.c: the legacy decoders of encoding.c (reliability figure
** R8): hand-written byte sequences in UTF-8, CP1258, TCVN5712-1, TCVN3,
** VNI, VISCII and ISO-8859-1 decode byte-exact to the expected NFC UTF-8,
** in particular strings that end in a letter which could still take a
** tone mark ("Bà Rịa", "VIETTEL", "SITE_ID": GDAL's recoding loses that
** letter) and strings that end in a toned letter. Also: our TCVN3 table
** agrees with glibc's TCVN5712-1 on every byte 0xA0-0xFF; every one of
** the 134 Vietnamese letters decodes from VNI; names parse; detection
** scores pick the encoding that wrote the samples; the preview lists the
** candidates.
*/
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../../data/data_int.h"
#include "../../data/encoding.h"
#include "phs_test.h"

/* Decode and compare byte for byte; expected must itself be NFC. */
static void check(phs_enc e, const char *bytes, const char *expected) {
  char *got = enc_decode(e, bytes, strlen(bytes));
  utf8proc_uint8_t *norm = NULL;
  utf8proc_map((const utf8proc_uint8_t *)expected, 0, &norm,
               UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  PHS_CHECK_(norm && strcmp((char *)norm, expected) == 0,
             "test data: '%s' is not NFC", expected);
  PHS_CHECK_(got && strcmp(got, expected) == 0,
             "%s: decoded '%s', expected '%s'", enc_name(e),
             got ? got : "(null)", expected);
  free(norm);
  free(got);
}

static void check_invalid(phs_enc e, const char *bytes) {
  char *got = enc_decode(e, bytes, strlen(bytes));
  PHS_CHECK_(got == NULL, "%s: '%s' should not decode, got '%s'",
             enc_name(e), bytes, got ? got : "");
  free(got);
}

/* NFC of a base letter followed by combining marks (0-terminated). */
static char *compose(int32_t base, const int32_t *marks) {
  utf8proc_uint8_t buf[32];
  size_t n = (size_t)utf8proc_encode_char(base, buf);
  for (; *marks; marks++) n += (size_t)utf8proc_encode_char(*marks, buf + n);
  buf[n] = '\0';
  utf8proc_uint8_t *out = NULL;
  utf8proc_map(buf, 0, &out,
               UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  return (char *)out;
}

/* Every Vietnamese vowel with every tone, and đ, from VNI bytes. */
static void vni_all_letters(void) {
  static const unsigned char tone_byte[6] = {0, 0xf9, 0xf8, 0xfb, 0xf5,
                                             0xef};
  static const int32_t tone_mark[6] = {0, 0x301, 0x300, 0x309, 0x303,
                                       0x323};
  static const unsigned char circ_byte[6] = {0xe2, 0xe1, 0xe0, 0xe5, 0xe3,
                                             0xe4};
  static const unsigned char breve_byte[6] = {0xea, 0xe9, 0xe8, 0xfa, 0xfc,
                                              0xeb};
  static const unsigned char i_byte[6] = {'i', 0xed, 0xec, 0xe6, 0xf3, 0xf2};
  int letters = 0;
  for (int upper = 0; upper < 2; upper++) {
    int down = upper ? 0x20 : 0; /* VNI capitals: high bytes 0x20 lower */
    for (int t = 0; t < 6; t++) {
      int32_t marks[3] = {0, 0, 0};
      int32_t tm = tone_mark[t];
      struct {
        int32_t base;      /* the letter's base code point */
        int32_t dia;       /* its own diacritic */
        unsigned char b0;  /* first VNI byte */
        unsigned char b1;  /* second, 0 for none */
      } v[12] = {
          {'a', 0, 'a', tone_byte[t]},
          {'a', 0x302, 'a', circ_byte[t]},
          {'a', 0x306, 'a', breve_byte[t]},
          {'e', 0, 'e', tone_byte[t]},
          {'e', 0x302, 'e', circ_byte[t]},
          {'i', 0, i_byte[t], 0},
          {'o', 0, 'o', tone_byte[t]},
          {'o', 0x302, 'o', circ_byte[t]},
          {'o', 0x31b, 0xf4, tone_byte[t]},
          {'u', 0, 'u', tone_byte[t]},
          {'u', 0x31b, 0xf6, tone_byte[t]},
          {'y', 0, t == 5 ? 0xee : 'y', t == 5 ? 0 : tone_byte[t]},
      };
      for (int k = 0; k < 12; k++) {
        char bytes[3] = {0, 0, 0};
        unsigned char b0 = v[k].b0, b1 = v[k].b1;
        if (upper) {
          b0 = b0 < 0x80 ? (unsigned char)(b0 - 0x20) : (unsigned char)(b0 - down);
          if (b1) b1 = (unsigned char)(b1 - down);
        }
        bytes[0] = (char)b0;
        bytes[1] = (char)b1;
        int m = 0;
        if (v[k].dia) marks[m++] = v[k].dia;
        if (tm) marks[m++] = tm;
        marks[m] = 0;
        char *want = compose(upper ? v[k].base - 0x20 : v[k].base, marks);
        check(ENC_VNI, bytes, want);
        free(want);
        letters++;
      }
    }
  }
  check(ENC_VNI, "\xf1", "đ");
  check(ENC_VNI, "\xd1", "Đ");
  ASSERT_EQ(letters, 144); /* 12 vowels x 6 tones x 2 cases */
}

int main(void) {
  /* ------------------------------------------------ UTF-8 and Latin-1 */
  check(ENC_UTF8, "Ba\xcc\x80 Ri\xcc\xa3" "a", "Bà Rịa"); /* NFD in */
  check(ENC_UTF8, "VIETTEL", "VIETTEL");
  check_invalid(ENC_UTF8, "B\xe0 Ri\xf2" "a");
  check(ENC_LATIN1, "Caf\xe9 \xc0", "Café À");

  /* ----------------------------------------- CP1258 (glibc, flushed) */
  check(ENC_CP1258, "H\xe0 N\xf4\xf2i", "Hà Nội");
  check(ENC_CP1258, "B\xe0 Ri\xf2" "a", "Bà Rịa"); /* ends in 'a' */
  check(ENC_CP1258, "VIETTEL", "VIETTEL");         /* ends in 'L' */
  check(ENC_CP1258, "SITE_ID", "SITE_ID");         /* ends in 'D' */
  check(ENC_CP1258, "Tra\xf2m B\xe0 Ri\xf2" "a", "Trạm Bà Rịa");
  check(ENC_CP1258, "\xd0\xe0 N\xe3\xdeng", "Đà Nẵng");
  check(ENC_CP1258, "Ph\xfd\xf5\xccng", "Phường");
  check(ENC_CP1258, "Th\xfd\xec" "c", "Thức");
  check(ENC_CP1258, "Vi\xea\xf2t", "Việt");
  check(ENC_CP1258, "Vi\xea\xf2", "Việ");          /* ends in a tone byte */
  check(ENC_CP1258, "B\xe0", "Bà");                 /* ends in a toned letter */
  check(ENC_CP1258, "a", "a");
  check(ENC_CP1258, "", "");
  check_invalid(ENC_CP1258, "x\x81y"); /* 0x81 is not in CP1258 */

  /* ------------------------------------- TCVN5712-1 (glibc, flushed) */
  check(ENC_TCVN5712, "H\xb5 N\xe9i", "Hà Nội");
  check(ENC_TCVN5712, "B\xb5 R\xde" "a", "Bà Rịa");
  check(ENC_TCVN5712, "VIETTEL", "VIETTEL");
  check(ENC_TCVN5712, "SITE_ID", "SITE_ID");
  check(ENC_TCVN5712, "\xa7\xb5 N\xbdng", "Đà Nẵng");
  check(ENC_TCVN5712, "Ph\xad\xeang", "Phường");
  check(ENC_TCVN5712, "Vi\xd6t", "Việt");
  check(ENC_TCVN5712, "R\xde", "Rị");              /* ends in a toned letter */
  check(ENC_TCVN5712, "a\xb3", "á");               /* combining acute */
  check(ENC_TCVN5712, "\x83", "Á");                /* VN1 capital */

  /* ------------------------------------------------ TCVN3 (our table) */
  check(ENC_TCVN3, "H\xb5 N\xe9i", "Hà Nội");
  check(ENC_TCVN3, "B\xb5 R\xde" "a", "Bà Rịa");
  check(ENC_TCVN3, "VIETTEL", "VIETTEL");
  check(ENC_TCVN3, "\xa7\xb5 N\xbdng", "Đà Nẵng");
  check(ENC_TCVN3, "Ph\xad\xeang", "Phường");
  check(ENC_TCVN3, "Vi\xd6t", "Việt");
  check(ENC_TCVN3, "Tr\xb9m", "Trạm");
  check(ENC_TCVN3, "R\xde", "Rị");
  check(ENC_TCVN3, "a\xb3", "á");
  check_invalid(ENC_TCVN3, "\x83"); /* VN1 capitals are not VN3 */
  /* our table against glibc's TCVN5712-1 on every byte 0xA0-0xFF */
  int same = 0;
  for (int b = 0xa0; b <= 0xff; b++) {
    char one[2] = {(char)b, 0};
    char *ours = enc_decode(ENC_TCVN3, one, 1);
    char *glibc = enc_decode(ENC_TCVN5712, one, 1);
    if (ours && glibc && strcmp(ours, glibc) == 0) same++;
    else
      PHS_CHECK_(0, "TCVN3 byte 0x%02x: ours '%s', glibc '%s'", b,
                 ours ? ours : "(null)", glibc ? glibc : "(null)");
    free(ours);
    free(glibc);
  }
  ASSERT_EQ(same, 96);

  /* ------------------------------------------------- VNI (our rules) */
  check(ENC_VNI, "Ha\xf8 No\xe4i", "Hà Nội");
  check(ENC_VNI, "Ba\xf8 R\xf2" "a", "Bà Rịa");
  check(ENC_VNI, "VIETTEL", "VIETTEL");
  check(ENC_VNI, "\xd1" "a\xf8 Na\xfcng", "Đà Nẵng");
  check(ENC_VNI, "Ph\xf6\xf4\xf8ng", "Phường");
  check(ENC_VNI, "Vie\xe4t", "Việt");
  check(ENC_VNI, "Vie\xe4", "Việ");                /* ends in a toned letter */
  check(ENC_VNI, "HA\xd8 NO\xc4I", "HÀ NỘI");
  check_invalid(ENC_VNI, "x\xf8");     /* a tone after a consonant */
  check_invalid(ENC_VNI, "a\xf8\xf8"); /* two tones on one vowel */
  check_invalid(ENC_VNI, "u\xe2");     /* a circumflex on u */
  vni_all_letters();

  /* ---------------------------------------------- VISCII (glibc) */
  check(ENC_VISCII, "H\xe0 N\xb5i", "Hà Nội");
  check(ENC_VISCII, "B\xe0 R\xb8" "a", "Bà Rịa");
  check(ENC_VISCII, "\xd0\xe0 N\xc7ng", "Đà Nẵng");
  check(ENC_VISCII, "Vi\xaet", "Việt");
  check(ENC_VISCII, "Ph\xdf\xb6ng", "Phường");
  check(ENC_VISCII, "Tr\xd5m", "Trạm");
  check(ENC_VISCII, "R\xb8", "Rị");

  /* ------------------------------------------------------- names */
  ASSERT_EQ(enc_parse("CP1258"), ENC_CP1258);
  ASSERT_EQ(enc_parse("1258"), ENC_CP1258);
  ASSERT_EQ(enc_parse("Windows-1258"), ENC_CP1258);
  ASSERT_EQ(enc_parse("ANSI 1258"), ENC_CP1258);
  ASSERT_EQ(enc_parse("TCVN5712-1"), ENC_TCVN5712);
  ASSERT_EQ(enc_parse("tcvn3"), ENC_TCVN3);
  ASSERT_EQ(enc_parse("VNI-Windows"), ENC_VNI);
  ASSERT_EQ(enc_parse("viscii"), ENC_VISCII);
  ASSERT_EQ(enc_parse("65001"), ENC_UTF8);
  ASSERT_EQ(enc_parse(" UTF-8\r\n"), ENC_UTF8);
  ASSERT_EQ(enc_parse("ISO-8859-1"), ENC_LATIN1);
  ASSERT_EQ(enc_parse("KOI8-R"), ENC_NONE);
  ASSERT_EQ(enc_parse(""), ENC_NONE);
  ASSERT_STREQ(enc_name(ENC_TCVN5712), "TCVN5712-1");
  ASSERT_EQ(enc_from_ldid(0), ENC_NONE);
  ASSERT_EQ(enc_from_ldid(0x57), ENC_NONE);

  /* ----------------------------------------------------- detection */
  const char *tcvn3[] = {"H\xb5 N\xe9i", "B\xb5 R\xde" "a", "Vi\xd6t"};
  const char *cp1258[] = {"H\xe0 N\xf4\xf2i", "B\xe0 Ri\xf2" "a",
                          "Ph\xfd\xf5\xccng"};
  const char *vni[] = {"Ha\xf8 No\xe4i", "Ba\xf8 R\xf2" "a",
                       "Ph\xf6\xf4\xf8ng"};
  const char *viscii[] = {"H\xe0 N\xb5i", "\xd0\xe0 N\xc7ng",
                          "Ph\xdf\xb6ng"};
  phs_enc best = ENC_NONE;
  char *p = enc_preview(tcvn3, 3, &best);
  ASSERT_EQ(best, ENC_TCVN3);
  ASSERT_CONTAINS(p, "  --encoding TCVN3 (most likely): 'Hà Nội', 'Bà Rịa',"
                     " 'Việt'\n");
  ASSERT_CONTAINS(p, "  --encoding CP1258: 'Hµ Néi'");
  free(p);
  p = enc_preview(cp1258, 3, &best);
  ASSERT_EQ(best, ENC_CP1258);
  ASSERT_CONTAINS(p, "--encoding CP1258 (most likely): 'Hà Nội', 'Bà Rịa',"
                     " 'Phường'\n");
  free(p);
  p = enc_preview(vni, 3, &best);
  ASSERT_EQ(best, ENC_VNI);
  ASSERT_CONTAINS(p, "--encoding VNI (most likely): 'Hà Nội', 'Bà Rịa',"
                     " 'Phường'\n");
  free(p);
  /* VNI bytes are all TCVN3 letters too: "Haứ Noọi" loses on its vowel
  ** pairs (aư, oo) */
  p = enc_preview(vni, 2, &best);
  ASSERT_EQ(best, ENC_VNI);
  free(p);
  p = enc_preview(viscii, 3, &best);
  ASSERT_EQ(best, ENC_VISCII);
  free(p);
  ASSERT_TRUE(enc_score(ENC_VNI, tcvn3, 3) <= -1000000); /* 0xB5: not VNI */

  return phs_test_report("data_encoding");
}
