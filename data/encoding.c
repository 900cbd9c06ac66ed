/*
** encoding.c: Vietnamese legacy encodings to NFC UTF-8 (bad-inputs.md C4,
** D1, D2; reliability figure R8).
**
** Why not GDAL: its shapefile reader recodes CP1258 and TCVN5712-1 through
** iconv without flushing it, and both glibc converters hold back a base
** letter until they see whether a combining tone byte follows, so the last
** letter of "Bà Rịa", "VIETTEL" or the field name "SITE_ID" is lost. We
** open shapefiles with ENCODING="" (raw bytes) and decode here.
**
** Where each table comes from:
**   CP1258, TCVN5712-1, VISCII: glibc's iconv, flushed after every value
**     (iconv with a NULL input), which is exactly what GDAL omits.
**   TCVN3 ("VN3", the ABC .VnTime fonts): our own table. VN3 is the
**     subset of TCVN 5712:1993 VN1 without the capital letters with tones
**     (ABC fonts draw capitals with a separate font over the lowercase
**     codes, so such text decodes to lowercase toned letters: the bytes do
**     not say more). Bytes 0xA0-0xFF are VN1's, generated from glibc's
**     /usr/share/i18n/charmaps/TCVN5712-1.gz and checked against iconv
**     "TCVN5712-1" byte by byte in tests/unit/data_encoding.c; 0x80-0x9F
**     (VN1's capitals) are not VN3 and are refused; 0x00-0x7F are ASCII
**     (in VN1, 0x01-0x17 are capitals too: the other difference).
**   VNI-Windows: our own rules. A vowel is written as its ASCII base
**     followed by one byte for the diacritic and tone; i, ơ, ư, đ and ỵ
**     have single bytes. Built from the VNI tables of xvnkb (vni.h, Dao
**     Hai Lam, 2002) and the vietnamese-conversion package (charsets.ts),
**     which agree on all 134 letters; the unit test decodes every letter.
**   ISO-8859-1: code point = byte.
*/
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "data_int.h"
#include "encoding.h"

static const char *const names[ENC_COUNT] = {
    "", "UTF-8", "CP1258", "TCVN5712-1", "TCVN3", "VNI", "VISCII",
    "ISO-8859-1"};

/* glibc's name of the converter, or NULL: our own code. */
static const char *const iconv_names[ENC_COUNT] = {
    NULL, NULL, "CP1258", "TCVN5712-1", NULL, NULL, "VISCII", NULL};

const char *enc_name(phs_enc e) {
  return e > ENC_NONE && e < ENC_COUNT ? names[e] : "unknown";
}

/* Spellings seen in .cpg files and typed by users, lower case with
** everything but letters and digits removed. */
static const struct {
  const char *spelling;
  phs_enc enc;
} spellings[] = {
    {"utf8", ENC_UTF8},          {"65001", ENC_UTF8},
    {"cp1258", ENC_CP1258},      {"1258", ENC_CP1258},
    {"windows1258", ENC_CP1258}, {"ansi1258", ENC_CP1258},
    {"win1258", ENC_CP1258},     {"tcvn57121", ENC_TCVN5712},
    {"tcvn5712", ENC_TCVN5712},  {"tcvn571211993", ENC_TCVN5712},
    {"tcvn", ENC_TCVN5712},      {"vn1", ENC_TCVN5712},
    {"tcvn3", ENC_TCVN3},        {"vn3", ENC_TCVN3},
    {"abc", ENC_TCVN3},          {"vni", ENC_VNI},
    {"vniwindows", ENC_VNI},     {"viscii", ENC_VISCII},
    {"latin1", ENC_LATIN1},      {"iso88591", ENC_LATIN1},
    {"88591", ENC_LATIN1},       {"28591", ENC_LATIN1},
    {"l1", ENC_LATIN1},
};

phs_enc enc_parse(const char *name) {
  char key[32];
  size_t o = 0;
  if (name == NULL) return ENC_NONE;
  for (const char *p = name; *p; p++) {
    char c = *p;
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (o + 1 >= sizeof(key)) return ENC_NONE;
      key[o++] = c;
    }
  }
  key[o] = '\0';
  for (size_t i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++)
    if (strcmp(key, spellings[i].spelling) == 0) return spellings[i].enc;
  return ENC_NONE;
}

phs_enc enc_from_ldid(unsigned ldid) {
  /* dBase/ESRI language driver IDs. 0x03 is Windows ANSI 1252, which
  ** agrees with ISO-8859-1 on every letter; 0x57 means "the writer's ANSI
  ** code page", which a Vietnamese PC may have set to anything. */
  switch (ldid) {
    case 0x03: return ENC_LATIN1;
    default: return ENC_NONE;
  }
}

/* ------------------------------------------------------------ tables */

/* TCVN3 (VN3) bytes 0xA0..0xFF: see the top of the file. */
static const uint16_t tcvn3_high[96] = {
    0x00a0, 0x0102, 0x00c2, 0x00ca, 0x00d4, 0x01a0, 0x01af, 0x0110,
    0x0103, 0x00e2, 0x00ea, 0x00f4, 0x01a1, 0x01b0, 0x0111, 0x1eb0,
    0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00e0, 0x1ea3, 0x00e3,
    0x00e1, 0x1ea1, 0x1eb2, 0x1eb1, 0x1eb3, 0x1eb5, 0x1eaf, 0x1eb4,
    0x1eae, 0x1ea6, 0x1ea8, 0x1eaa, 0x1ea4, 0x1ec0, 0x1eb7, 0x1ea7,
    0x1ea9, 0x1eab, 0x1ea5, 0x1ead, 0x00e8, 0x1ec2, 0x1ebb, 0x1ebd,
    0x00e9, 0x1eb9, 0x1ec1, 0x1ec3, 0x1ec5, 0x1ebf, 0x1ec7, 0x00ec,
    0x1ec9, 0x1ec4, 0x1ebe, 0x1ed2, 0x0129, 0x00ed, 0x1ecb, 0x00f2,
    0x1ed4, 0x1ecf, 0x00f5, 0x00f3, 0x1ecd, 0x1ed3, 0x1ed5, 0x1ed7,
    0x1ed1, 0x1ed9, 0x1edd, 0x1edf, 0x1ee1, 0x1edb, 0x1ee3, 0x00f9,
    0x1ed6, 0x1ee7, 0x0169, 0x00fa, 0x1ee5, 0x1eeb, 0x1eed, 0x1eef,
    0x1ee9, 0x1ef1, 0x1ef3, 0x1ef7, 0x1ef9, 0x00fd, 0x1ef5, 0x1ed0,
};

/* VNI: the byte after a vowel, lower-case form (the upper-case byte is
** 0x20 less and means the same): its diacritic (circumflex U+0302, breve
** U+0306 or none) and tone (a combining mark, or none). */
#define CIRC 0x0302
#define BREVE 0x0306
static const struct {
  unsigned char byte;
  uint16_t diacritic, tone;
} vni_marks[] = {
    {0xf9, 0, 0x0301},      {0xf8, 0, 0x0300},      {0xfb, 0, 0x0309},
    {0xf5, 0, 0x0303},      {0xef, 0, 0x0323},      {0xe2, CIRC, 0},
    {0xe1, CIRC, 0x0301},   {0xe0, CIRC, 0x0300},   {0xe5, CIRC, 0x0309},
    {0xe3, CIRC, 0x0303},   {0xe4, CIRC, 0x0323},   {0xea, BREVE, 0},
    {0xe9, BREVE, 0x0301},  {0xe8, BREVE, 0x0300},  {0xfa, BREVE, 0x0309},
    {0xfc, BREVE, 0x0303},  {0xeb, BREVE, 0x0323},
};

/* VNI letters of one byte, lower-case form (upper case: 0x20 less). */
static const struct {
  unsigned char byte;
  uint16_t lower, upper;
} vni_letters[] = {
    {0xec, 0x00ec, 0x00cc}, /* ì */ {0xed, 0x00ed, 0x00cd}, /* í */
    {0xe6, 0x1ec9, 0x1ec8}, /* ỉ */ {0xf3, 0x0129, 0x0128}, /* ĩ */
    {0xf2, 0x1ecb, 0x1eca}, /* ị */ {0xee, 0x1ef5, 0x1ef4}, /* ỵ */
    {0xf1, 0x0111, 0x0110}, /* đ */ {0xf4, 0x01a1, 0x01a0}, /* ơ */
    {0xf6, 0x01b0, 0x01af}, /* ư */
};

/* ------------------------------------------------------------ output */

typedef struct {
  char *p;
  size_t n, cap;
} obuf;

static int put_cp(obuf *b, int32_t cp) {
  if (b->n + 5 > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 64;
    char *g = realloc(b->p, cap);
    if (g == NULL) return -1;
    b->p = g;
    b->cap = cap;
  }
  b->n += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)b->p + b->n);
  b->p[b->n] = '\0';
  return 0;
}

/* NFC of UTF-8 bytes, malloc'd; NULL when they are not valid UTF-8. */
static char *nfc(const char *s, size_t len) {
  utf8proc_uint8_t *out = NULL;
  utf8proc_ssize_t n =
      utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
                   UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  if (n < 0) return NULL;
  return (char *)out;
}

static char *decode_tcvn3(const unsigned char *s, size_t len,
                          size_t *bad_at) {
  obuf b = {0};
  for (size_t i = 0; i < len; i++) {
    int32_t cp = s[i] < 0x80 ? s[i] : s[i] >= 0xa0 ? tcvn3_high[s[i] - 0xa0]
                                                   : -1;
    if (cp < 0) {
      if (bad_at) *bad_at = i;
      free(b.p);
      return NULL;
    }
    if (put_cp(&b, cp)) break;
  }
  if (b.p == NULL) return strdup("");
  char *r = nfc(b.p, b.n);
  free(b.p);
  return r;
}

static int vni_mark(unsigned char c) {
  unsigned char lower = c >= 0xc0 && c < 0xe0 ? (unsigned char)(c + 0x20) : c;
  for (int i = 0; i < (int)(sizeof(vni_marks) / sizeof(vni_marks[0])); i++)
    if (vni_marks[i].byte == lower) return i;
  return -1;
}

static int32_t vni_letter(unsigned char c) {
  int upper = c >= 0xc0 && c < 0xe0;
  unsigned char lower = upper ? (unsigned char)(c + 0x20) : c;
  for (int i = 0; i < (int)(sizeof(vni_letters) / sizeof(vni_letters[0]));
       i++)
    if (vni_letters[i].byte == lower)
      return upper ? vni_letters[i].upper : vni_letters[i].lower;
  return -1;
}

static char *decode_vni(const unsigned char *s, size_t len, size_t *bad_at) {
  obuf b = {0};
  int32_t base = 0; /* the vowel a mark byte may follow, 0 when none */
  for (size_t i = 0; i < len; i++) {
    unsigned char c = s[i];
    int32_t cp;
    int m;
    if (c < 0x80) {
      cp = c;
      base = strchr("aeouyAEOUY", c) && c ? c : 0;
    } else if ((cp = vni_letter(c)) >= 0) {
      base = cp == 0x01a1 || cp == 0x01a0 || cp == 0x01b0 || cp == 0x01af
                 ? cp
                 : 0;
    } else if ((m = vni_mark(c)) >= 0 && base != 0) {
      int32_t lower = base | 0x20;
      uint16_t dia = vni_marks[m].diacritic;
      if ((dia == CIRC && lower != 'a' && lower != 'e' && lower != 'o') ||
          (dia == BREVE && lower != 'a'))
        goto bad;
      if (dia && put_cp(&b, dia)) break;
      if (vni_marks[m].tone && put_cp(&b, vni_marks[m].tone)) break;
      base = 0; /* one mark byte per vowel */
      continue;
    } else {
      goto bad;
    }
    if (put_cp(&b, cp)) break;
    continue;
  bad:
    if (bad_at) *bad_at = i;
    free(b.p);
    return NULL;
  }
  if (b.p == NULL) return strdup("");
  char *r = nfc(b.p, b.n);
  free(b.p);
  return r;
}

static char *decode_latin1(const unsigned char *s, size_t len) {
  obuf b = {0};
  for (size_t i = 0; i < len; i++)
    if (put_cp(&b, s[i])) break;
  if (b.p == NULL) return strdup("");
  char *r = nfc(b.p, b.n);
  free(b.p);
  return r;
}

/* Through glibc's iconv, then NFC. The flush (a NULL input) is what
** writes out a base letter the converter held back for a tone mark. */
static char *decode_iconv(iconv_t cd, const char *s, size_t len,
                          size_t *bad_at) {
  size_t cap = len * 4 + 16;
  char *out = malloc(cap);
  if (out == NULL) return NULL;
  iconv(cd, NULL, NULL, NULL, NULL); /* initial state */
  char *in = (char *)s, *o = out;
  size_t inleft = len, oleft = cap - 1;
  if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 ||
      iconv(cd, NULL, NULL, &o, &oleft) == (size_t)-1) {
    if (bad_at) *bad_at = (size_t)(in - s);
    free(out);
    return NULL;
  }
  *o = '\0';
  char *r = nfc(out, (size_t)(o - out));
  free(out);
  return r;
}

/* ----------------------------------------------------------- decoder */

int enc_decoder_open(enc_decoder *dec, phs_enc e) {
  dec->enc = e;
  dec->cd = NULL;
  if (e > ENC_NONE && e < ENC_COUNT && iconv_names[e]) {
    iconv_t cd = iconv_open("UTF-8", iconv_names[e]);
    if (cd == (iconv_t)-1) return -1;
    dec->cd = cd;
  }
  return 0;
}

char *enc_decoder_run(enc_decoder *dec, const char *s, size_t len,
                      size_t *bad_at) {
  const unsigned char *u = (const unsigned char *)s;
  if (bad_at) *bad_at = len;
  if (dec->cd) return decode_iconv((iconv_t)dec->cd, s, len, bad_at);
  switch (dec->enc) {
    case ENC_UTF8: return nfc(s, len);
    case ENC_TCVN3: return decode_tcvn3(u, len, bad_at);
    case ENC_VNI: return decode_vni(u, len, bad_at);
    case ENC_LATIN1: return decode_latin1(u, len);
    default: return NULL;
  }
}

void enc_decoder_close(enc_decoder *dec) {
  if (dec->cd) iconv_close((iconv_t)dec->cd);
  dec->cd = NULL;
}

char *enc_decode(phs_enc e, const char *s, size_t len) {
  enc_decoder dec;
  if (enc_decoder_open(&dec, e)) return NULL;
  char *r = enc_decoder_run(&dec, s, len, NULL);
  enc_decoder_close(&dec);
  return r;
}

/* ---------------------------------------------------------- detection */

/* A letter of Vietnamese: đ, or a vowel with at most one diacritic of its
** own (â ê ô: circumflex; ă: breve; ơ ư: horn) and at most one tone.
** Returns 0 for anything else, else 1 + (1 with a tone) + (4 for ư, 8 for
** a form of ơ: the one pair of marked vowels Vietnamese writes side by
** side). */
static int vietnamese_letter(int32_t cp) {
  if (cp == 0x0110 || cp == 0x0111) return 1;
  utf8proc_int32_t d[8];
  int last = 0;
  utf8proc_ssize_t n =
      utf8proc_decompose_char(cp, d, 8, UTF8PROC_DECOMPOSE, &last);
  if (n < 2 || n > 3 || d[0] >= 0x80) return 0;
  int32_t base = d[0] | 0x20;
  if (!strchr("aeiouy", (int)base)) return 0;
  int tones = 0, dias = 0, horn = 0;
  for (utf8proc_ssize_t i = 1; i < n; i++) {
    switch (d[i]) {
      case 0x0300: case 0x0301: case 0x0303: case 0x0309: case 0x0323:
        tones++;
        break;
      case 0x0302:
        if (base != 'a' && base != 'e' && base != 'o') return 0;
        dias++;
        break;
      case 0x0306:
        if (base != 'a') return 0;
        dias++;
        break;
      case 0x031b:
        if (base != 'o' && base != 'u') return 0;
        dias++;
        horn = base == 'u' ? 4 : 8;
        break;
      default: return 0;
    }
  }
  if (tones > 1 || dias > 1) return 0;
  return 1 + (tones ? 2 : 0) + horn;
}

/* The vowel of a letter without its tone, one character each: a, ă=b,
** â=c, e, ê=f, i, o, ô=p, ơ=q, u, ư=w, y; 0 for anything else. */
static char vowel_class(int32_t cp) {
  utf8proc_int32_t d[8];
  int last = 0;
  utf8proc_ssize_t n = 1;
  d[0] = cp;
  if (cp >= 0x80)
    n = utf8proc_decompose_char(cp, d, 8, UTF8PROC_DECOMPOSE, &last);
  if (n < 1 || n > 3 || d[0] >= 0x80) return 0;
  char base = (char)(d[0] | 0x20);
  if (!strchr("aeiouy", base)) return 0;
  for (utf8proc_ssize_t i = 1; i < n; i++) {
    if (d[i] == 0x0306) return base == 'a' ? 'b' : 0;
    if (d[i] == 0x0302) return base == 'a' ? 'c' : base == 'e' ? 'f' : 'p';
    if (d[i] == 0x031b) return base == 'o' ? 'q' : 'w';
  }
  return base;
}

/* Two vowels Vietnamese writes side by side (tones aside): ai, ao, âu,
** iê, oa, ươ, uy, ... A legacy text read in the wrong encoding makes
** pairs such as "aư" or "oo". */
static int vowel_pair(char a, char b) {
  static const char *const pairs[] = {
      "ai", "ao", "au", "ay", "cu", "cy", "eo", "fu", "ia", "if", "iu",
      "oa", "ob", "oe", "oi", "pi", "qi", "qu", "ua", "ub", "uc", "uf",
      "ui", "up", "uq", "uy", "wa", "wi", "wq", "wu", "ya", "yf"};
  for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
    if (pairs[i][0] == a && pairs[i][1] == b) return 1;
  return 0;
}

/* Plausibility of decoded text as Vietnamese: +2 a Vietnamese letter, -3
** any other non-ASCII character, -4 a second tone in one word, -4 two
** marked letters side by side (but ư before ơ, as in "Phường"), -4 two
** vowels that Vietnamese never writes together (when one is not ASCII). */
static int text_score(const char *t) {
  int score = 0, tones = 0, prev = 0;
  char prev_vowel = 0;
  int prev_ascii = 1;
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)t;
  while (*p) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t l = utf8proc_iterate(p, -1, &cp);
    if (l <= 0) break;
    p += l;
    char vc = vowel_class(cp);
    if (vc && prev_vowel && !(prev_ascii && cp < 0x80) &&
        !vowel_pair(prev_vowel, vc))
      score -= 4;
    prev_vowel = vc;
    prev_ascii = cp < 0x80;
    if (cp < 0x80) {
      int letter = (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
      if (!letter) tones = 0;
      prev = 0;
      continue;
    }
    int v = vietnamese_letter(cp);
    if (v == 0) {
      score -= 3;
      prev = 0;
      continue;
    }
    score += 2;
    if (v & 2) {
      if (tones++) score -= 4;
    }
    if (prev && cp != 0x0110 && cp != 0x0111 && !((prev & 4) && (v & 8)))
      score -= 4;
    prev = (cp == 0x0110 || cp == 0x0111) ? 0 : v;
  }
  return score;
}

int enc_score(phs_enc e, const char *const *samples, int n) {
  enc_decoder dec;
  if (enc_decoder_open(&dec, e)) return -1000000;
  int score = 0;
  for (int i = 0; i < n; i++) {
    char *t = enc_decoder_run(&dec, samples[i], strlen(samples[i]), NULL);
    if (t == NULL) {
      score = -1000000;
      break;
    }
    score += text_score(t);
    free(t);
  }
  enc_decoder_close(&dec);
  return score;
}

char *enc_preview(const char *const *samples, int n, phs_enc *best) {
  static const phs_enc cands[] = {ENC_CP1258, ENC_TCVN3, ENC_VNI, ENC_VISCII,
                                  ENC_LATIN1};
  enum { NC = sizeof(cands) / sizeof(cands[0]) };
  int score[NC], order[NC], k = 0;
  for (int i = 0; i < NC; i++) {
    score[i] = enc_score(cands[i], samples, n);
    if (score[i] <= -1000000) continue;
    int j = k++;
    while (j > 0 && score[order[j - 1]] < score[i]) { /* stable */
      order[j] = order[j - 1];
      j--;
    }
    order[j] = i;
  }
  if (best) *best = k > 0 ? cands[order[0]] : ENC_NONE;
  phs_buf b;
  phs_buf_init(&b);
  for (int i = 0; i < k; i++) {
    phs_enc e = cands[order[i]];
    /* ties go to the encoding listed first in cands: the more common in
    ** Vietnamese GIS data (VISCII decodes any byte as some letter) */
    phs_buf_printf(&b, "  --encoding %s%s:", enc_name(e),
                   i == 0 && score[order[0]] > 0 ? phs_tr(" (most likely)")
                                                 : "");
    for (int s = 0; s < n && s < 3; s++) {
      char *t = enc_decode(e, samples[s], strlen(samples[s]));
      char q[256];
      phs_buf_printf(&b, "%s '%s'", s ? "," : "",
                     text_quote(t ? t : "", q, sizeof(q)));
      free(t);
    }
    phs_buf_printf(&b, "\n");
  }
  if (k == 0)
    phs_buf_printf(&b, phs_tr("  (no candidate decodes every value: %s)\n"),
                   ENC_NAMES);
  return b.data ? b.data : strdup("");
}
