/*
** fuzz_encoding.c: the legacy Vietnamese decoders of data/encoding.c
** (CP1258, TCVN5712-1, TCVN3, VNI, VISCII, ISO-8859-1) and the scoring
** behind the D2 preview, on any bytes.
**
** Input: byte 0 chooses the encoding (modulo the number of them); the rest
** is split at newlines into values, as a shapefile's fields or a CSV's
** lines reach the decoder. Properties checked:
**   - a decoded value is valid UTF-8, in NFC, without a NUL;
**   - one decoder reused for every value (as the reader keeps it) gives
**     what a fresh decoder gives for each value alone: no state leaks from
**     one value into the next (glibc's CP1258 holds a letter back until it
**     is flushed, bad-inputs.md D1);
**   - a value that does not decode names an offset within it;
**   - enc_preview's best candidate decodes every sample;
**   - enc_parse of the encoding's own name gives the encoding back.
*/
#include <utf8proc.h>

#include "data_int.h"
#include "encoding.h"
#include "fuzz_util.h"

#define MAX_VALUES 16

static void check_utf8_nfc(const char *s) {
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  while (*p) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t l = utf8proc_iterate(p, -1, &cp);
    FUZZ_ASSERT(l > 0);
    p += l;
  }
  utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)s);
  FUZZ_ASSERT(nfc != NULL);
  FUZZ_ASSERT(strcmp((const char *)nfc, s) == 0);
  free(nfc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  phs_enc e = (phs_enc)(1 + data[0] % (ENC_COUNT - 1));
  FUZZ_ASSERT(enc_parse(enc_name(e)) == e);
  const char *p = (const char *)data + 1, *end = (const char *)data + size;

  enc_decoder dec;
  if (enc_decoder_open(&dec, e) != 0) abort(); /* iconv must have it */
  char *values[MAX_VALUES];
  int n = 0;
  while (p <= end && n < MAX_VALUES) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
    size_t bad = (size_t)-1;
    char *t = enc_decoder_run(&dec, p, len, &bad);
    char *alone = enc_decode(e, p, len);
    if (t) {
      check_utf8_nfc(t);
      FUZZ_ASSERT(alone != NULL);
      FUZZ_ASSERT(strcmp(t, alone) == 0);
      /* the samples of D2 are C strings: only NUL-free values */
      if (memchr(p, '\0', len) == NULL) values[n++] = fuzz_cstring(
                                            (const uint8_t *)p, len);
      free(t);
    } else {
      FUZZ_ASSERT(bad <= len);
      FUZZ_ASSERT(alone == NULL);
    }
    free(alone);
    if (nl == NULL) break;
    p = nl + 1;
  }
  enc_decoder_close(&dec);

  if (n > 0) {
    phs_enc best = ENC_COUNT;
    char *preview = enc_preview((const char *const *)values, n, &best);
    FUZZ_ASSERT(preview != NULL);
    FUZZ_ASSERT(best == ENC_NONE || (best > ENC_UTF8 && best < ENC_COUNT));
    if (best != ENC_NONE)
      FUZZ_ASSERT(enc_score(best, (const char *const *)values, n) >
                  -1000000);
    free(preview);
  }
  for (int i = 0; i < n; i++) free(values[i]);
  return 0;
}
