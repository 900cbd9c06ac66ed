/*
** encoding.h: legacy Vietnamese text encodings decoded to NFC UTF-8
** (encoding.c). Shapefile text and CSV files given with --encoding are
** decoded here instead of by GDAL, whose CP1258 and TCVN5712-1 recoding
** drops the last letter of a value that could still take a tone mark
** (bad-inputs.md D1).
*/
#ifndef PHS_ENCODING_H
#define PHS_ENCODING_H

#include <stddef.h>

typedef enum phs_enc {
  ENC_NONE = 0,   /* unknown name / nothing declared */
  ENC_UTF8,
  ENC_CP1258,     /* Windows-1258: base letter + combining tone byte */
  ENC_TCVN5712,   /* TCVN 5712:1993 VN1, as glibc's iconv "TCVN5712-1" */
  ENC_TCVN3,      /* TCVN3 "VN3": the ABC fonts' subset of VN1 */
  ENC_VNI,        /* VNI-Windows: base letter + diacritic/tone bytes */
  ENC_VISCII,
  ENC_LATIN1,     /* ISO-8859-1 */
  ENC_COUNT
} phs_enc;

/* An encoding from a user's or a .cpg's spelling ("cp1258", "1258",
** "Windows-1258", "TCVN5712-1", "VNI", "65001", "ISO-8859-1", ...);
** ENC_NONE when it is not one phusong decodes. */
phs_enc enc_parse(const char *name);
/* Canonical name: "UTF-8", "CP1258", "TCVN5712-1", "TCVN3", "VNI",
** "VISCII", "ISO-8859-1". */
const char *enc_name(phs_enc e);
/* The names --encoding accepts, for messages and --help. */
#define ENC_NAMES "UTF-8, CP1258, TCVN5712-1, TCVN3, VNI, VISCII, ISO-8859-1"
/* The encoding a DBF language driver ID (header byte 29) declares;
** ENC_NONE for 0 and 0x57 ("ANSI": the writer's code page, unknown). */
phs_enc enc_from_ldid(unsigned ldid);

/* A decoder for many values of one encoding (keeps its iconv handle). */
typedef struct enc_decoder {
  phs_enc enc;
  void *cd; /* iconv_t, or NULL for our own tables */
} enc_decoder;

/* 0 ok, -1 when iconv cannot open the converter. */
int enc_decoder_open(enc_decoder *dec, phs_enc e);
/* s[0..len) decoded to a malloc'd NFC UTF-8 string, or NULL when the bytes
** are not valid in the encoding (*bad_at, may be NULL, gets the offset of
** the first bad byte when known, else len). A value that ends in a letter
** which could still take a tone mark keeps that letter. */
char *enc_decoder_run(enc_decoder *dec, const char *s, size_t len,
                      size_t *bad_at);
void enc_decoder_close(enc_decoder *dec);
/* One value, one call (opens and closes a decoder). */
char *enc_decode(phs_enc e, const char *s, size_t len);

/*
** How well the encoding explains n undeclared byte strings: every one
** must decode (else returns -1000000); then +2 for each Vietnamese
** letter, -3 for any other non-ASCII character, -4 for a second tone in
** one word, -4 for two marked letters side by side (but ư ơ) and -4 for
** two vowels Vietnamese never writes together ("aư", "oo").
*/
int enc_score(phs_enc e, const char *const *samples, int n);
/*
** The preview for an undeclared encoding: one line per candidate that
** decodes every sample (CP1258, TCVN3, VNI, VISCII, ISO-8859-1), best
** score first (ties in that order), each with up to 3 samples decoded,
** the first marked "most likely" when its score is positive, e.g.
**   "  --encoding CP1258 (most likely): 'Hà Nội', 'Bà Rịa'\n".
** Malloc'd; *best (may be NULL) gets the best candidate or ENC_NONE.
*/
char *enc_preview(const char *const *samples, int n, phs_enc *best);

#endif /* PHS_ENCODING_H */
