/*
** fuzz_values.c: the value parsers of data/values.c (numbers with decimal
** commas, grouping and degrees-minutes-seconds coordinates, counts,
** yes/no answers) and the cell text helpers of data/text.c, on any cell.
**
** The input is one cell, cut at its first NUL as the reader would hand it
** over. Properties checked:
**   - parse_number's kind and value agree (NUM_OK/NUM_COMMA/NUM_DMS give
**     a finite value, the others leave NaN; decimals is never negative);
**   - DMS coordinates stay within what the notation can write;
**   - parse_plain_decimal, the fast lane's parser, reads exactly what
**     parse_number reads whenever it accepts a cell (the docs promise it);
**   - text_quote stays within its buffer and is NUL-terminated;
**   - text_clean gives valid UTF-8 or a problem, never both or neither.
*/
#include <math.h>
#include <utf8proc.h>

#include "data_int.h"
#include "fuzz_util.h"

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

static void check_number(const char *s) {
  for (int dc = 0; dc < 2; dc++) {
    for (int dms = 0; dms < 2; dms++) {
      double v = 0;
      int dec = -1;
      num_kind k = parse_number(s, dc, dms, &v, &dec);
      FUZZ_ASSERT(dec >= 0);
      switch (k) {
      case NUM_OK:
      case NUM_COMMA:
        FUZZ_ASSERT(isfinite(v));
        break;
      case NUM_DMS:
        FUZZ_ASSERT(dms);
        FUZZ_ASSERT(isfinite(v));
        break;
      case NUM_EMPTY:
      case NUM_BAD:
      case NUM_THOUSANDS:
        FUZZ_ASSERT(isnan(v));
        break;
      case NUM_NONFINITE:
        break;
      default:
        FUZZ_ASSERT(!"parse_number returned no num_kind");
      }
      if (k == NUM_COMMA) FUZZ_ASSERT(!dc);
    }
  }
  double fv = 0;
  int fdec = -1;
  if (parse_plain_decimal(s, &fv, &fdec)) {
    double v;
    int dec;
    FUZZ_ASSERT(parse_number(s, 0, 0, &v, &dec) == NUM_OK);
    FUZZ_ASSERT(memcmp(&v, &fv, sizeof(v)) == 0); /* the same bits */
    FUZZ_ASSERT(dec == fdec);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *s = fuzz_cstring(data, size);
  check_number(s);

  long long n = -1;
  if (parse_count(s, &n) == 0) FUZZ_ASSERT(n >= 0);
  int yn = parse_yesno(s);
  FUZZ_ASSERT(yn >= -2 && yn <= 1);

  char q[64];
  memset(q, 'x', sizeof(q));
  const char *quoted = text_quote(s, q, 48);
  FUZZ_ASSERT(quoted != NULL);
  FUZZ_ASSERT(memchr(q, '\0', 48) != NULL);
  for (size_t i = 48; i < sizeof(q); i++) FUZZ_ASSERT(q[i] == 'x');

  const char *problem = NULL;
  char *clean = text_clean(s, &problem);
  if (clean) {
    FUZZ_ASSERT(valid_utf8(clean));
    (void)text_has_bidi(clean);
    char *folded = text_fold(clean);
    FUZZ_ASSERT(folded != NULL);
    free(folded);
    free(clean);
  } else {
    FUZZ_ASSERT(problem != NULL);
    FUZZ_ASSERT(text_guess_legacy(s) != NULL);
  }
  free(s);
  return 0;
}
