/*
** data_plain_decimal.c: parse_plain_decimal (values.c), the fast lane's
** number parser, reads exactly what parse_number and strtod read: the
** same double, bit for bit, and the same count of decimals, on a million
** random coordinates of 0 to 19 digits; and it declines every form it
** does not handle, leaving it to parse_number.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../data/data_int.h"
#include "phs_test.h"

/* xorshift64*: deterministic, no libc rand */
static uint64_t next(uint64_t *s) {
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return *s * 0x2545F4914F6CDD1DULL;
}

int main(void) {
  uint64_t seed = 20221231;
  long same = 0, declined = 0, n = 1000000;
  for (long i = 0; i < n; i++) {
    char buf[64];
    int o = 0;
    uint64_t r = next(&seed);
    if (r % 5 == 0) buf[o++] = '-';
    else if (r % 17 == 0) buf[o++] = '+';
    int int_digits = 1 + (int)(next(&seed) % 4);   /* 1..4 */
    int frac_digits = (int)(next(&seed) % 16);     /* 0..15 */
    for (int k = 0; k < int_digits; k++) buf[o++] = (char)('0' + next(&seed) % 10);
    if (frac_digits) {
      buf[o++] = '.';
      for (int k = 0; k < frac_digits; k++) buf[o++] = (char)('0' + next(&seed) % 10);
    }
    buf[o] = '\0';
    double fast, slow;
    int dec_fast = -1, dec_slow = -2;
    int took = parse_plain_decimal(buf, &fast, &dec_fast);
    num_kind k = parse_number(buf, 0, 0, &slow, &dec_slow);
    if (k != NUM_OK) continue; /* cannot happen for these strings */
    if (!took) { /* only a mantissa over 2^53 (16+ digits) may decline */
      PHS_CHECK_(int_digits + frac_digits >= 16, "'%s' declined", buf);
      declined++;
      continue;
    }
    if (memcmp(&fast, &slow, sizeof(double)) == 0 && dec_fast == dec_slow &&
        fast == strtod(buf, NULL))
      same++;
    else
      PHS_CHECK_(0, "'%s': fast %.17g (%d decimals), parse_number %.17g (%d)",
                 buf, fast, dec_fast, slow, dec_slow);
  }
  /* 4 + 15 digits at most: none declines for length; only mantissas above
  ** 2^53 do (parse_number reads those), a few percent of these strings */
  ASSERT_EQ(same + declined, n);
  ASSERT_TRUE(declined > 0 && declined < n / 10);

  /* Exact cases worked by hand. */
  double v;
  int dec;
  ASSERT_TRUE(parse_plain_decimal("106.123456", &v, &dec) && dec == 6 &&
              v == 106.123456);
  ASSERT_TRUE(parse_plain_decimal("-0", &v, &dec) && dec == 0 && v == 0 &&
              signbit(v));
  ASSERT_TRUE(parse_plain_decimal("+10.5", &v, &dec) && v == 10.5);
  ASSERT_TRUE(parse_plain_decimal("9007199254740992", &v, &dec) &&
              v == 9007199254740992.0); /* 2^53 */
  /* Declined: parse_number's other forms, and what it would round. */
  const char *no[] = {"",     " 1",   "1 ",   "1.",   ".5",  "1e5", "1,5",
                      "0x10", "1.2.3", "--1", "+",    "NaN",  "1_000",
                      "9007199254740993",          /* 2^53 + 1 */
                      "12345678901234567890",      /* 20 digits */
                      "1.00000000000000000000001", /* 23 decimals */
                      NULL};
  for (int i = 0; no[i]; i++)
    PHS_CHECK_(!parse_plain_decimal(no[i], &v, &dec), "'%s' not declined",
               no[i]);
  return phs_test_report("data_plain_decimal");
}
