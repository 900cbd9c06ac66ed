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

char *text_clean(const char *s, const char **problem) {
  *problem = NULL;
  utf8proc_uint8_t *nfc = NULL;
  /* utf8proc_map validates (returns an error for invalid UTF-8),
  ** composes to NFC and can strip control characters in one pass; we
  ** keep tabs ourselves, so strip manually below instead. */
  utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &nfc,
                                    UTF8PROC_NULLTERM | UTF8PROC_STABLE |
                                        UTF8PROC_COMPOSE);
  if (n < 0) {
    *problem = "not valid UTF-8";
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

/*
** Guess what legacy encoding invalid UTF-8 bytes come from. CP1258 uses
** 0xC3 (Ă), 0xD5 (Ơ), 0xDD (Ư), 0xD0 (Đ), 0xF0 (đ) and the combining tone
** bytes 0xCC, 0xD2, 0xDE, 0xEC, 0xF2; TCVN3 puts lowercase toned letters
** at 0xB5..0xFE and uses 0xAE for đ. Only a hint for the message.
*/
const char *text_guess_legacy(const char *s) {
  int cp1258 = 0, tcvn = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p < 0x80) continue;
    if (*p == 0xcc || *p == 0xd2 || *p == 0xde || *p == 0xec || *p == 0xf2 ||
        *p == 0xf0 || *p == 0xd0)
      cp1258++;
    if (*p == 0xae || (*p >= 0xb5 && *p <= 0xfe)) tcvn++;
  }
  if (cp1258 == 0 && tcvn == 0) return "a legacy 8-bit encoding";
  return cp1258 >= tcvn ? "CP1258" : "TCVN3";
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
      if (!ok) {
        o += (size_t)snprintf(buf + o, n - o, "\\x%02x", *p);
        p++;
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
