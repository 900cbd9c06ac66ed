/*
** page_size.c: a map's page from the words of the command line (map
** --size NAME|WxH beside --dpi): the named sizes, slide (1920 x 1080 px at
** 150 dpi), a4 and a3 landscape paper at the DPI (300 unless given) and
** their portrait turns, or WxH pixels. The CLI's --width, --height and
** --dpi ranges are the PHS_MAP_* limits of phs_render.h. See docs/maps.md.
*/
#include "phs_render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* s[0..n) as a whole number of pixels within the CLI's range; -1 when it
** is not (only digits, at most 5 of them: no sign, blank or overflow). */
static int pixels(const char *s, size_t n) {
  if (n == 0 || n > 5) return -1;
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v >= PHS_MAP_MIN_PX && v <= PHS_MAP_MAX_PX ? v : -1;
}

int phs_map_page_size(const char *size, int *width, int *height, double *dpi,
                      phs_diag *d) {
  if (size == NULL) return PHS_OK;
  if (*width || *height)
    return phs_diag_error(d, PHS_EUSAGE, "--size and --width/--height both"
                          " set the size: give one");
  static const struct {
    const char *name;
    double w_mm, h_mm; /* 0: w, h are pixels */
    int w_px, h_px;
  } sizes[] = {{"slide", 0, 0, 1920, 1080},
               {"a4", 297, 210, 0, 0},
               {"a3", 420, 297, 0, 0},
               {"a4-portrait", 210, 297, 0, 0},
               {"a3-portrait", 297, 420, 0, 0}};
  for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
    if (strcmp(size, sizes[i].name) != 0) continue;
    if (sizes[i].w_mm > 0) {
      if (*dpi == 0) *dpi = 300;
      *width = (int)lround(sizes[i].w_mm / 25.4 * *dpi);
      *height = (int)lround(sizes[i].h_mm / 25.4 * *dpi);
    } else {
      if (*dpi == 0) *dpi = 150;
      *width = sizes[i].w_px;
      *height = sizes[i].h_px;
    }
    return PHS_OK;
  }
  const char *x = strchr(size, 'x');
  int w = x ? pixels(size, (size_t)(x - size)) : -1;
  int h = x ? pixels(x + 1, strlen(x + 1)) : -1;
  if (w < 0 || h < 0)
    return phs_diag_error(d, PHS_EUSAGE, "--size: '%s' (slide, a4, a3,"
                          " a4-portrait, a3-portrait, or WxH pixels, %d to %d"
                          " each)", size, PHS_MAP_MIN_PX, PHS_MAP_MAX_PX);
  *width = w;
  *height = h;
  return PHS_OK;
}
