/*
** text.c: text hygiene for every cell that enters the store: UTF-8
** validation with a guess of the legacy encoding when it fails (C4),
** NFC normalisation through utf8proc (C5), removal of control characters
** and detection of bidi overrides (C7), and quoting values for messages.
*/
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "data_int.h"

/* Printable ASCII and tabs only: already NFC, nothing to strip. Most cells
** (IDs, numbers, codes) are, and skipping utf8proc for them is what keeps
** a 27-million-row import from spending a third of its time here. */
static int plain_ascii(const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if ((*p < 0x20 && *p != '\t') || *p >= 0x7f) return 0;
  return 1;
}

char *text_clean(const char *s, const char **problem) {
  *problem = NULL;
  if (plain_ascii(s)) {
    char *copy = strdup(s);
    if (copy == NULL) *problem = "out of memory";
    return copy;
  }
  utf8proc_uint8_t *nfc = NULL;
  /* utf8proc_map validates (returns an error for invalid UTF-8),
  ** composes to NFC and can strip control characters in one pass; we
  ** keep tabs ourselves, so strip manually below instead. */
  utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &nfc,
                                    UTF8PROC_NULLTERM | UTF8PROC_STABLE |
                                        UTF8PROC_COMPOSE);
  if (n < 0) {
    *problem = n == UTF8PROC_ERROR_NOMEM ? "out of memory" : "not valid UTF-8";
    return NULL;
  }
  /* Remove C0 (except tab) and C1 controls; they come from pasted text. */
  utf8proc_uint8_t *out = nfc;
  const utf8proc_uint8_t *p = nfc;
  while (*p) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t len = utf8proc_iterate(p, -1, &cp);
    if (len <= 0) break;
    int control = (cp < 0x20 && cp != '\t') || cp == 0x7f ||
                  (cp >= 0x80 && cp <= 0x9f) || cp == 0x200b || cp == 0xfeff;
    if (!control) {
      memmove(out, p, (size_t)len);
      out += len;
    }
    p += len;
  }
  *out = '\0';
  return (char *)nfc;
}

int text_has_bidi(const char *s) {
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  while (*p) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t len = utf8proc_iterate(p, -1, &cp);
    if (len <= 0) return 0;
    if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
      return 1;
    p += len;
  }
  return 0;
}

/* A vowel in CP1258: ASCII, or one of Â Ă Ê Ô Ơ Ư â ă ê ô ơ ư. */
static int cp1258_vowel(unsigned char c) {
  return (c != 0 && c < 0x80 && strchr("aeiouyAEIOUY", c) != NULL) ||
         c == 0xc2 || c == 0xc3 || c == 0xca || c == 0xd4 || c == 0xd5 ||
         c == 0xdd || c == 0xe2 || c == 0xe3 || c == 0xea || c == 0xf4 ||
         c == 0xf5 || c == 0xfd;
}

/*
** Guess what legacy encoding invalid UTF-8 bytes come from. CP1258 writes
** tones as combining bytes after the vowel (0xCC grave, 0xEC acute, 0xD2
** hook, 0xDE tilde, 0xF2 dot below) and đ/Đ as 0xF0/0xD0; its 0xA1..0xBF
** are Latin-1 signs (¡ ¢ £ ...), rare in names. TCVN3 puts ă â ê ô ơ ư đ
** and their capitals at 0xA1..0xAE and toned lowercase letters from 0xB5
** up. Only a hint for the message.
*/
const char *text_guess_legacy(const char *s) {
  int tones = 0, cp1258 = 0, tcvn = 0;
  unsigned char prev = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; prev = *p++) {
    if (*p < 0x80) continue;
    int tone = *p == 0xcc || *p == 0xd2 || *p == 0xde || *p == 0xec ||
               *p == 0xf2;
    if (tone && cp1258_vowel(prev)) tones++;
    if (*p >= 0xa1 && *p <= 0xbf) tcvn++;
    else if (*p >= 0xc0) cp1258++;
  }
  if (tones > 0 && tones * 2 >= tcvn) return "CP1258";
  if (tcvn > 0) return "TCVN3";
  if (cp1258 > 0) return "CP1258";
  return "a legacy 8-bit encoding";
}

/* Invisible characters that would garble or hide a message: bidi
** controls, zero-width characters, the BOM. Written as \uXXXX. */
static int invisible(utf8proc_int32_t cp) {
  return (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff ||
         (cp >= 0x80 && cp <= 0x9f);
}

const char *text_quote(const char *s, char *buf, size_t n) {
  size_t o = 0, chars = 0;
  const unsigned char *p = (const unsigned char *)(s ? s : "");
  while (*p && o + 8 < n) {
    if (chars == 40) {
      memcpy(buf + o, "\xe2\x80\xa6", 3); /* … */
      o += 3;
      break;
    }
    if (*p < 0x20 || *p == 0x7f) {
      o += (size_t)snprintf(buf + o, n - o, "\\x%02x", *p);
      p++;
    } else if (*p < 0x80) {
      buf[o++] = (char)*p++;
    } else {
      /* copy one UTF-8 sequence, or escape a stray byte */
      int len = (*p >= 0xf0) ? 4 : (*p >= 0xe0) ? 3 : (*p >= 0xc0) ? 2 : 1;
      int ok = len > 1;
      for (int i = 1; ok && i < len; i++)
        if ((p[i] & 0xc0) != 0x80) ok = 0;
      utf8proc_int32_t cp = -1;
      if (ok && utf8proc_iterate(p, len, &cp) != len) ok = 0;
      if (!ok) {
        o += (size_t)snprintf(buf + o, n - o, "\\x%02x", *p);
        p++;
      } else if (invisible(cp)) {
        o += (size_t)snprintf(buf + o, n - o, "\\u%04x", (unsigned)cp);
        p += len;
      } else {
        memcpy(buf + o, p, (size_t)len);
        o += (size_t)len;
        p += len;
      }
    }
    chars++;
  }
  buf[o] = '\0';
  return buf;
}

char *text_fold(const char *s) {
  char *f = strdup(s ? s : "");
  if (f == NULL) return NULL;
  for (char *p = f; *p; p++) *p = (char)tolower((unsigned char)*p);
  return f;
}
