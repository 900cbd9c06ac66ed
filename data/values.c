/*
** values.c: parsing the values of a cell: numbers (with the decimal-comma,
** thousands-separator and degrees-minutes-seconds cases of the bad-input
** catalogue, A7-A9 and B4), counts, yes/no answers; and the SHA-256 of a
** submitted file (OpenSSL's libcrypto).
*/
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data_int.h"

static const char *skip_space(const char *p) {
  while (*p == ' ' || *p == '\t') p++;
  return p;
}

/* Strict decimal: -?digits[.digits]([eE][+-]?digits)?, whole string. */
static int strict_decimal(const char *s, char mark, double *v, int *decimals) {
  const char *p = s;
  if (*p == '-' || *p == '+') p++;
  const char *digits = p;
  while (isdigit((unsigned char)*p)) p++;
  int n_int = (int)(p - digits);
  int n_frac = 0;
  if (*p == mark) {
    p++;
    const char *f = p;
    while (isdigit((unsigned char)*p)) p++;
    n_frac = (int)(p - f);
  }
  if (n_int + n_frac == 0) return 0;
  if (*p == 'e' || *p == 'E') {
    p++;
    if (*p == '-' || *p == '+') p++;
    if (!isdigit((unsigned char)*p)) return 0;
    while (isdigit((unsigned char)*p)) p++;
  }
  if (*p != '\0') return 0;
  char tmp[128];
  size_t len = strlen(s);
  if (len >= sizeof(tmp)) return 0;
  memcpy(tmp, s, len + 1);
  if (mark != '.') {
    char *m = strchr(tmp, mark);
    if (m) *m = '.';
  }
  errno = 0;
  *v = strtod(tmp, NULL);
  *decimals = n_frac;
  return 1;
}

/* 1.234.567 or 1,234 or 1 234: digits grouped by threes. */
static int looks_grouped(const char *s, char group) {
  const char *p = s;
  if (*p == '-') p++;
  int first = 0;
  while (isdigit((unsigned char)*p)) p++, first++;
  if (first == 0 || first > 3 || *p != group) return 0;
  int groups = 0;
  while (*p == group) {
    p++;
    for (int i = 0; i < 3; i++, p++)
      if (!isdigit((unsigned char)*p)) return 0;
    groups++;
  }
  return groups > 0 && *p == '\0';
}

/*
** Degrees, minutes, seconds with an optional hemisphere letter:
** 105°51'30"E, 105°51′30″ E, 105 51 30.5, 10.5N, N10.5, 105d51m30s.
*/
static int parse_dms(const char *s, double *v) {
  char buf[128];
  size_t len = strlen(s);
  if (len >= sizeof(buf)) return 0;
  /* Map the degree/minute/second signs (UTF-8 and ASCII) to spaces. */
  size_t o = 0;
  int sign = 1, hemi = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    if (p[0] == 0xc2 && p[1] == 0xb0) { /* ° */
      buf[o++] = ' ';
      p += 2;
    } else if (p[0] == 0xe2 && p[1] == 0x80 &&
               (p[2] == 0xb2 || p[2] == 0xb3 || p[2] == 0x99 ||
                p[2] == 0x9d)) { /* ′ ″ ’ ” */
      buf[o++] = ' ';
      p += 3;
    } else if (*p == '\'' || *p == '"' || *p == 'd' || *p == 'm' ||
               *p == 's') {
      buf[o++] = ' ';
      p++;
    } else if (strchr("NSEWnsew", *p)) {
      if (hemi) return 0;
      hemi = toupper(*p);
      if (hemi == 'S' || hemi == 'W') sign = -1;
      buf[o++] = ' ';
      p++;
    } else if (*p < 0x80 && (isdigit(*p) || *p == '.' || *p == ' ' ||
                             *p == '-' || *p == '\t')) {
      buf[o++] = (char)*p++;
    } else {
      return 0;
    }
  }
  buf[o] = '\0';
  double part[3] = {0, 0, 0};
  int n = 0;
  char *p = buf;
  while (*p) {
    while (*p == ' ' || *p == '\t') p++;
    if (!*p) break;
    if (n == 3) return 0;
    char *end;
    part[n] = strtod(p, &end);
    if (end == p) return 0;
    n++;
    p = end;
  }
  if (n == 0) return 0;
  if (n == 1 && !hemi) return 0; /* a plain number is not DMS */
  if (part[1] < 0 || part[1] >= 60 || part[2] < 0 || part[2] >= 60) return 0;
  if (part[0] < 0) {
    sign = -sign;
    part[0] = -part[0];
  }
  *v = sign * (part[0] + part[1] / 60.0 + part[2] / 3600.0);
  return 1;
}

num_kind parse_number(const char *s, int decimal_comma, int allow_dms,
                      double *v, int *decimals) {
  *v = NAN;
  *decimals = 0;
  s = skip_space(s);
  size_t len = strlen(s);
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
  if (len == 0) return NUM_EMPTY;
  char tmp[128];
  if (len >= sizeof(tmp)) return NUM_BAD;
  memcpy(tmp, s, len);
  tmp[len] = '\0';

  char lower[128];
  for (size_t i = 0; i <= len; i++) lower[i] = (char)tolower((unsigned char)tmp[i]);
  const char *l = lower[0] == '-' || lower[0] == '+' ? lower + 1 : lower;
  if (strcmp(l, "nan") == 0 || strcmp(l, "inf") == 0 ||
      strcmp(l, "infinity") == 0)
    return NUM_NONFINITE;

  if (strict_decimal(tmp, '.', v, decimals)) {
    if (!isfinite(*v) || errno == ERANGE) return NUM_NONFINITE;
    return NUM_OK;
  }
  if (strict_decimal(tmp, ',', v, decimals)) {
    if (!isfinite(*v)) return NUM_NONFINITE;
    /* "1,234" could be a thousands separator or a decimal comma. */
    if (decimal_comma) return NUM_OK;
    return NUM_COMMA;
  }
  if (looks_grouped(tmp, '.') || looks_grouped(tmp, ',') ||
      looks_grouped(tmp, ' '))
    return NUM_THOUSANDS;
  if (allow_dms && parse_dms(tmp, v)) {
    *decimals = 6;
    return NUM_DMS;
  }
  return NUM_BAD;
}

int parse_plain_decimal(const char *s, double *v, int *decimals) {
  static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
                                 1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
                                 1e18, 1e19, 1e20, 1e21, 1e22};
  const char *p = s;
  int neg = *p == '-';
  if (*p == '-' || *p == '+') p++;
  unsigned long long m = 0;
  int digits = 0, frac = 0;
  /* (unsigned)(c - '0') < 10: isdigit() without the locale table */
  if ((unsigned)(*p - '0') >= 10) return 0;
  for (; (unsigned)(*p - '0') < 10; p++, digits++)
    m = m * 10 + (unsigned)(*p - '0');
  if (*p == '.') {
    p++;
    if ((unsigned)(*p - '0') >= 10) return 0;
    for (; (unsigned)(*p - '0') < 10; p++, digits++, frac++)
      m = m * 10 + (unsigned)(*p - '0');
  }
  /* Exact operands, one correctly rounded division: strtod's result
  ** (Clinger's fast path). 19 digits cannot overflow 64 bits. */
  if (*p != '\0' || digits > 19 || frac > 22 || m > (1ULL << 53)) return 0;
  double x = (double)m / pow10[frac];
  *v = neg ? -x : x;
  *decimals = frac;
  return 1;
}

int parse_count(const char *s, long long *v) {
  s = skip_space(s);
  if (!isdigit((unsigned char)*s)) return -1;
  long long x = 0;
  const char *p = s;
  for (; isdigit((unsigned char)*p); p++) {
    if (x > (LLONG_MAX - 9) / 10) return -1;
    x = x * 10 + (*p - '0');
  }
  p = skip_space(p);
  if (*p != '\0') return -1;
  *v = x;
  return 0;
}

int parse_yesno(const char *s) {
  char buf[32];
  s = skip_space(s);
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
  if (n == 0) return -1;
  if (n >= sizeof(buf)) return -2;
  for (size_t i = 0; i < n; i++) buf[i] = (char)tolower((unsigned char)s[i]);
  buf[n] = '\0';
  static const char *const yes[] = {"1", "yes", "y", "true", "x",
                                    "c\xc3\xb3", "co", NULL};
  static const char *const no[] = {"0", "no", "n", "false",
                                   "kh\xc3\xb4ng", "khong", NULL};
  for (int i = 0; yes[i]; i++)
    if (strcmp(buf, yes[i]) == 0) return 1;
  for (int i = 0; no[i]; i++)
    if (strcmp(buf, no[i]) == 0) return 0;
  /* "Có" with a capital: compare after the first byte fold above handles
  ** ASCII only; accept the capital forms explicitly. */
  if (strcmp(s, "C\xc3\xb3") == 0) return 1;
  if (strcmp(s, "Kh\xc3\xb4ng") == 0) return 0;
  return -2;
}

int file_sha256(const char *path, char hex[65], long long *bytes,
                phs_diag *d) {
  /* untrusted_open.c: no /vsi or URL, no symbolic link, and no FIFO,
  ** which would block here before the reader could refuse it */
  struct stat sb;
  int fd = -1;
  int opened = untrusted_open(path, &sb, &fd, d);
  if (opened) return opened;
  FILE *fp = fdopen(fd, "rb");
  if (fp == NULL) {
    close(fd);
    return phs_diag_error(d, PHS_EINPUT, "%s: cannot read: %s", path,
                          strerror(errno));
  }
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  int rc = PHS_OK;
  *bytes = 0;
  if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
    rc = phs_diag_error(d, PHS_ERUNTIME, "SHA-256 unavailable");
    goto out;
  }
  unsigned char buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
    EVP_DigestUpdate(ctx, buf, n);
    *bytes += (long long)n;
  }
  if (ferror(fp)) {
    rc = phs_diag_error(d, PHS_EINPUT, "%s: read error", path);
    goto out;
  }
  EVP_DigestFinal_ex(ctx, md, &md_len);
  for (unsigned i = 0; i < md_len && i < 32; i++)
    snprintf(hex + 2 * i, 3, "%02x", md[i]);
  hex[64] = '\0';
out:
  EVP_MD_CTX_free(ctx);
  fclose(fp);
  return rc;
}
