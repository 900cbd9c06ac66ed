/*
** palette.c: ColorBrewer colour schemes, and the colours of a map's classes.
**
** This product includes color specifications and designs developed by
** Cynthia Brewer (http://colorbrewer.org/), under the Apache-Style Software
** License for ColorBrewer software and ColorBrewer Color Schemes (Apache
** License 2.0): Copyright (c) 2002 Cynthia Brewer, Mark Harrower, and The
** Pennsylvania State University. The values are the published schemes
** (colorbrewer2.org): sequential ones light to dark with 3 to 9 classes,
** diverging ones from one end (e.g. red) through a light neutral to the
** other (blue) with 3 to 11 classes. Fewer than 3 colours borrow from the
** 3-class scheme (1: its middle colour; 2: its two ends).
**
** A diverging scheme is used around a midpoint (a target, the province's
** figure): phs_palette_classes() gives the classes below it colours of one
** arm, those above it colours of the other, and a class that straddles it
** the neutral centre; docs/maps.md explains the choice.
*/
#include "phs_render.h"

#include <math.h>
#include <string.h>

/* One scheme: classes 3..max_n, colours as 0xRRGGBB. */
typedef struct scheme {
  const char *name;
  phs_palette_kind kind;
  int max_n;               /* 9 (sequential) or 11 (diverging) */
  unsigned int rgb[9][11]; /* [n-3][i] */
} scheme;

static const scheme schemes[] = {
    /* Sequential (light to dark). */
    {"YlGnBu", PHS_PALETTE_SEQUENTIAL, 9,
     {{0xedf8b1, 0x7fcdbb, 0x2c7fb8},
      {0xffffcc, 0xa1dab4, 0x41b6c4, 0x225ea8},
      {0xffffcc, 0xa1dab4, 0x41b6c4, 0x2c7fb8, 0x253494},
      {0xffffcc, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x2c7fb8, 0x253494},
      {0xffffcc, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8, 0x0c2c84},
      {0xffffd9, 0xedf8b1, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8,
       0x0c2c84},
      {0xffffd9, 0xedf8b1, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8,
       0x253494, 0x081d58}}},
    {"Blues", PHS_PALETTE_SEQUENTIAL, 9,
     {{0xdeebf7, 0x9ecae1, 0x3182bd},
      {0xeff3ff, 0xbdd7e7, 0x6baed6, 0x2171b5},
      {0xeff3ff, 0xbdd7e7, 0x6baed6, 0x3182bd, 0x08519c},
      {0xeff3ff, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x3182bd, 0x08519c},
      {0xeff3ff, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x084594},
      {0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5,
       0x084594},
      {0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5,
       0x08519c, 0x08306b}}},
    {"Greens", PHS_PALETTE_SEQUENTIAL, 9,
     {{0xe5f5e0, 0xa1d99b, 0x31a354},
      {0xedf8e9, 0xbae4b3, 0x74c476, 0x238b45},
      {0xedf8e9, 0xbae4b3, 0x74c476, 0x31a354, 0x006d2c},
      {0xedf8e9, 0xc7e9c0, 0xa1d99b, 0x74c476, 0x31a354, 0x006d2c},
      {0xedf8e9, 0xc7e9c0, 0xa1d99b, 0x74c476, 0x41ab5d, 0x238b45, 0x005a32},
      {0xf7fcf5, 0xe5f5e0, 0xc7e9c0, 0xa1d99b, 0x74c476, 0x41ab5d, 0x238b45,
       0x005a32},
      {0xf7fcf5, 0xe5f5e0, 0xc7e9c0, 0xa1d99b, 0x74c476, 0x41ab5d, 0x238b45,
       0x006d2c, 0x00441b}}},
    {"OrRd", PHS_PALETTE_SEQUENTIAL, 9,
     {{0xfee8c8, 0xfdbb84, 0xe34a33},
      {0xfef0d9, 0xfdcc8a, 0xfc8d59, 0xd7301f},
      {0xfef0d9, 0xfdcc8a, 0xfc8d59, 0xe34a33, 0xb30000},
      {0xfef0d9, 0xfdd49e, 0xfdbb84, 0xfc8d59, 0xe34a33, 0xb30000},
      {0xfef0d9, 0xfdd49e, 0xfdbb84, 0xfc8d59, 0xef6548, 0xd7301f, 0x990000},
      {0xfff7ec, 0xfee8c8, 0xfdd49e, 0xfdbb84, 0xfc8d59, 0xef6548, 0xd7301f,
       0x990000},
      {0xfff7ec, 0xfee8c8, 0xfdd49e, 0xfdbb84, 0xfc8d59, 0xef6548, 0xd7301f,
       0xb30000, 0x7f0000}}},
    {"Purples", PHS_PALETTE_SEQUENTIAL, 9,
     {{0xefedf5, 0xbcbddc, 0x756bb1},
      {0xf2f0f7, 0xcbc9e2, 0x9e9ac8, 0x6a51a3},
      {0xf2f0f7, 0xcbc9e2, 0x9e9ac8, 0x756bb1, 0x54278f},
      {0xf2f0f7, 0xdadaeb, 0xbcbddc, 0x9e9ac8, 0x756bb1, 0x54278f},
      {0xf2f0f7, 0xdadaeb, 0xbcbddc, 0x9e9ac8, 0x807dba, 0x6a51a3, 0x4a1486},
      {0xfcfbfd, 0xefedf5, 0xdadaeb, 0xbcbddc, 0x9e9ac8, 0x807dba, 0x6a51a3,
       0x4a1486},
      {0xfcfbfd, 0xefedf5, 0xdadaeb, 0xbcbddc, 0x9e9ac8, 0x807dba, 0x6a51a3,
       0x54278f, 0x3f007d}}},
    /* Diverging (low end, neutral centre, high end). */
    {"RdYlBu", PHS_PALETTE_DIVERGING, 11,
     {{0xfc8d59, 0xffffbf, 0x91bfdb},
      {0xd7191c, 0xfdae61, 0xabd9e9, 0x2c7bb6},
      {0xd7191c, 0xfdae61, 0xffffbf, 0xabd9e9, 0x2c7bb6},
      {0xd73027, 0xfc8d59, 0xfee090, 0xe0f3f8, 0x91bfdb, 0x4575b4},
      {0xd73027, 0xfc8d59, 0xfee090, 0xffffbf, 0xe0f3f8, 0x91bfdb, 0x4575b4},
      {0xd73027, 0xf46d43, 0xfdae61, 0xfee090, 0xe0f3f8, 0xabd9e9, 0x74add1, 0x4575b4},
      {0xd73027, 0xf46d43, 0xfdae61, 0xfee090, 0xffffbf, 0xe0f3f8, 0xabd9e9, 0x74add1, 0x4575b4},
      {0xa50026, 0xd73027, 0xf46d43, 0xfdae61, 0xfee090, 0xe0f3f8, 0xabd9e9, 0x74add1, 0x4575b4, 0x313695},
      {0xa50026, 0xd73027, 0xf46d43, 0xfdae61, 0xfee090, 0xffffbf, 0xe0f3f8, 0xabd9e9, 0x74add1, 0x4575b4, 0x313695}}},
    {"RdBu", PHS_PALETTE_DIVERGING, 11,
     {{0xef8a62, 0xf7f7f7, 0x67a9cf},
      {0xca0020, 0xf4a582, 0x92c5de, 0x0571b0},
      {0xca0020, 0xf4a582, 0xf7f7f7, 0x92c5de, 0x0571b0},
      {0xb2182b, 0xef8a62, 0xfddbc7, 0xd1e5f0, 0x67a9cf, 0x2166ac},
      {0xb2182b, 0xef8a62, 0xfddbc7, 0xf7f7f7, 0xd1e5f0, 0x67a9cf, 0x2166ac},
      {0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xd1e5f0, 0x92c5de, 0x4393c3, 0x2166ac},
      {0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xf7f7f7, 0xd1e5f0, 0x92c5de, 0x4393c3, 0x2166ac},
      {0x67001f, 0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xd1e5f0, 0x92c5de, 0x4393c3, 0x2166ac, 0x053061},
      {0x67001f, 0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xf7f7f7, 0xd1e5f0, 0x92c5de, 0x4393c3, 0x2166ac, 0x053061}}},
    {"BrBG", PHS_PALETTE_DIVERGING, 11,
     {{0xd8b365, 0xf5f5f5, 0x5ab4ac},
      {0xa6611a, 0xdfc27d, 0x80cdc1, 0x018571},
      {0xa6611a, 0xdfc27d, 0xf5f5f5, 0x80cdc1, 0x018571},
      {0x8c510a, 0xd8b365, 0xf6e8c3, 0xc7eae5, 0x5ab4ac, 0x01665e},
      {0x8c510a, 0xd8b365, 0xf6e8c3, 0xf5f5f5, 0xc7eae5, 0x5ab4ac, 0x01665e},
      {0x8c510a, 0xbf812d, 0xdfc27d, 0xf6e8c3, 0xc7eae5, 0x80cdc1, 0x35978f, 0x01665e},
      {0x8c510a, 0xbf812d, 0xdfc27d, 0xf6e8c3, 0xf5f5f5, 0xc7eae5, 0x80cdc1, 0x35978f, 0x01665e},
      {0x543005, 0x8c510a, 0xbf812d, 0xdfc27d, 0xf6e8c3, 0xc7eae5, 0x80cdc1, 0x35978f, 0x01665e, 0x003c30},
      {0x543005, 0x8c510a, 0xbf812d, 0xdfc27d, 0xf6e8c3, 0xf5f5f5, 0xc7eae5, 0x80cdc1, 0x35978f, 0x01665e, 0x003c30}}},
    {"PuOr", PHS_PALETTE_DIVERGING, 11,
     {{0xf1a340, 0xf7f7f7, 0x998ec3},
      {0xe66101, 0xfdb863, 0xb2abd2, 0x5e3c99},
      {0xe66101, 0xfdb863, 0xf7f7f7, 0xb2abd2, 0x5e3c99},
      {0xb35806, 0xf1a340, 0xfee0b6, 0xd8daeb, 0x998ec3, 0x542788},
      {0xb35806, 0xf1a340, 0xfee0b6, 0xf7f7f7, 0xd8daeb, 0x998ec3, 0x542788},
      {0xb35806, 0xe08214, 0xfdb863, 0xfee0b6, 0xd8daeb, 0xb2abd2, 0x8073ac, 0x542788},
      {0xb35806, 0xe08214, 0xfdb863, 0xfee0b6, 0xf7f7f7, 0xd8daeb, 0xb2abd2, 0x8073ac, 0x542788},
      {0x7f3b08, 0xb35806, 0xe08214, 0xfdb863, 0xfee0b6, 0xd8daeb, 0xb2abd2, 0x8073ac, 0x542788, 0x2d004b},
      {0x7f3b08, 0xb35806, 0xe08214, 0xfdb863, 0xfee0b6, 0xf7f7f7, 0xd8daeb, 0xb2abd2, 0x8073ac, 0x542788, 0x2d004b}}},
    {"PiYG", PHS_PALETTE_DIVERGING, 11,
     {{0xe9a3c9, 0xf7f7f7, 0xa1d76a},
      {0xd01c8b, 0xf1b6da, 0xb8e186, 0x4dac26},
      {0xd01c8b, 0xf1b6da, 0xf7f7f7, 0xb8e186, 0x4dac26},
      {0xc51b7d, 0xe9a3c9, 0xfde0ef, 0xe6f5d0, 0xa1d76a, 0x4d9221},
      {0xc51b7d, 0xe9a3c9, 0xfde0ef, 0xf7f7f7, 0xe6f5d0, 0xa1d76a, 0x4d9221},
      {0xc51b7d, 0xde77ae, 0xf1b6da, 0xfde0ef, 0xe6f5d0, 0xb8e186, 0x7fbc41, 0x4d9221},
      {0xc51b7d, 0xde77ae, 0xf1b6da, 0xfde0ef, 0xf7f7f7, 0xe6f5d0, 0xb8e186, 0x7fbc41, 0x4d9221},
      {0x8e0152, 0xc51b7d, 0xde77ae, 0xf1b6da, 0xfde0ef, 0xe6f5d0, 0xb8e186, 0x7fbc41, 0x4d9221, 0x276419},
      {0x8e0152, 0xc51b7d, 0xde77ae, 0xf1b6da, 0xfde0ef, 0xf7f7f7, 0xe6f5d0, 0xb8e186, 0x7fbc41, 0x4d9221, 0x276419}}},
    {"RdYlGn", PHS_PALETTE_DIVERGING, 11,
     {{0xfc8d59, 0xffffbf, 0x91cf60},
      {0xd7191c, 0xfdae61, 0xa6d96a, 0x1a9641},
      {0xd7191c, 0xfdae61, 0xffffbf, 0xa6d96a, 0x1a9641},
      {0xd73027, 0xfc8d59, 0xfee08b, 0xd9ef8b, 0x91cf60, 0x1a9850},
      {0xd73027, 0xfc8d59, 0xfee08b, 0xffffbf, 0xd9ef8b, 0x91cf60, 0x1a9850},
      {0xd73027, 0xf46d43, 0xfdae61, 0xfee08b, 0xd9ef8b, 0xa6d96a, 0x66bd63, 0x1a9850},
      {0xd73027, 0xf46d43, 0xfdae61, 0xfee08b, 0xffffbf, 0xd9ef8b, 0xa6d96a, 0x66bd63, 0x1a9850},
      {0xa50026, 0xd73027, 0xf46d43, 0xfdae61, 0xfee08b, 0xd9ef8b, 0xa6d96a, 0x66bd63, 0x1a9850, 0x006837},
      {0xa50026, 0xd73027, 0xf46d43, 0xfdae61, 0xfee08b, 0xffffbf, 0xd9ef8b, 0xa6d96a, 0x66bd63, 0x1a9850, 0x006837}}},
};

static phs_rgb unpack(unsigned int v) {
  phs_rgb c;
  c.r = (unsigned char)(v >> 16);
  c.g = (unsigned char)(v >> 8);
  c.b = (unsigned char)v;
  return c;
}

static const scheme *find_scheme(const char *name) {
  if (name == NULL) name = "YlGnBu";
  for (size_t s = 0; s < sizeof(schemes) / sizeof(schemes[0]); s++)
    if (strcmp(schemes[s].name, name) == 0) return &schemes[s];
  return NULL;
}

int phs_palette_kind_of(const char *name) {
  const scheme *s = find_scheme(name);
  return s ? (int)s->kind : -1;
}

int phs_palette(const char *name, int n, phs_rgb *out) {
  const scheme *s = find_scheme(name);
  if (s == NULL || out == NULL || n < 1 || n > s->max_n) return PHS_EUSAGE;
  const unsigned int *three = s->rgb[0];
  if (n == 1) {
    out[0] = unpack(three[1]);
  } else if (n == 2) {
    out[0] = unpack(three[0]);
    out[1] = unpack(three[2]);
  } else {
    for (int i = 0; i < n; i++) out[i] = unpack(s->rgb[n - 3][i]);
  }
  return PHS_OK;
}

/* Is break b the midpoint m? Equal within 1e-9 relative, so a break
** computed as mean + 0 sd matches a mean computed elsewhere. */
static int at_midpoint(double b, double m) {
  return fabs(b - m) <= 1e-9 * fmax(1.0, fabs(m));
}

int phs_palette_classes(const char *name, const phs_classes *c,
                        int use_midpoint, double midpoint, phs_rgb *out,
                        phs_diag *d) {
  const scheme *s = find_scheme(name);
  if (s == NULL)
    return phs_diag_error(d, PHS_EUSAGE, "unknown palette '%s' (known: "
                          PHS_PALETTE_NAMES ")", name);
  if (c == NULL || out == NULL || c->n < 0 || c->n > PHS_MAX_CLASSES)
    return phs_diag_error(d, PHS_EUSAGE, "palette: bad classes");
  if (c->n == 0) return PHS_OK;
  if (use_midpoint && s->kind != PHS_PALETTE_DIVERGING)
    return phs_diag_error(d, PHS_EUSAGE,
                          "palette %s is sequential: a midpoint needs a"
                          " diverging palette (" PHS_PALETTE_DIVERGING_NAMES
                          ")", s->name);
  if (!use_midpoint) {
    /* Sequential: light to dark. Diverging without a midpoint: the
    ** scheme of n colours, its centre on the middle class(es). */
    if (phs_palette(s->name, c->n, out) != PHS_OK)
      return phs_diag_error(d, PHS_EUSAGE, "palette %s has at most %d"
                            " colours, not %d", s->name, s->max_n, c->n);
    return PHS_OK;
  }
  if (!isfinite(midpoint))
    return phs_diag_error(d, PHS_EUSAGE, "palette: the midpoint must be a"
                          " finite number");
  /* below: classes wholly below the midpoint (upper bound <= m); above:
  ** wholly at or above it (lower bound >= m, as the closure puts a value
  ** equal to a break in the class starting there); a class with m strictly
  ** inside straddles it and takes the neutral centre. */
  int below = 0, above = 0;
  for (int i = 0; i < c->n; i++) {
    double lo = c->breaks[i], hi = c->breaks[i + 1];
    if (lo > midpoint || at_midpoint(lo, midpoint))
      above++;
    else if (hi < midpoint || at_midpoint(hi, midpoint))
      below++;
  }
  int straddle = c->n - below - above; /* 0 or 1: classes do not overlap */
  int half = below > above ? below : above;
  int size = 2 * half + straddle;
  if (size > s->max_n)
    return phs_diag_error(d, PHS_EUSAGE,
                          "palette %s: %d classes on one side of the"
                          " midpoint, a diverging palette has at most %d"
                          " (use fewer classes, or breaks nearer the"
                          " midpoint)", s->name, half, (s->max_n - 1) / 2);
  phs_rgb all[11];
  phs_palette(s->name, size, all);
  /* Both arms of a scheme of 2*half (+1) colours: the classes nearest the
  ** midpoint get the palest colours of their arm, so one class step away
  ** from the midpoint is the same step of lightness on either side, even
  ** when one side has fewer classes. */
  for (int i = 0; i < below; i++) out[i] = all[half - below + i];
  if (straddle) out[below] = all[half];
  for (int j = 0; j < above; j++)
    out[below + straddle + j] = all[half + straddle + j];
  return PHS_OK;
}
