/*
** fonts.c: the fonts a map is drawn with, and nothing else.
**
** A map names its faces by family ("Noto Sans, DejaVu Sans": map.c's
** FONT_FAMILY). Left to the machine's fontconfig setup, which face that
** gives depends on the fonts installed and on every rule in /etc/fonts
** and ~/.config/fontconfig: the same inputs could draw different maps on
** two machines, and Pango sorts all installed fonts (431 on a Debian desktop)
** for each face it opens. So the maps use a fontconfig configuration of
** their own holding just the files of those two families, from Debian's
** packages fonts-noto-core and fonts-dejavu-core, and no rules. It is made
** once per process and made fontconfig's current configuration, so that
** Pango's own start-up does not load the system's either (a third of a
** province map's time went on fontconfig before).
**
** When neither family's regular face is at its Debian path (another
** system), the maps fall back to the system's fontconfig: the map is
** still drawn, with whatever face fontconfig picks for the families.
*/
#include "render_int.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <pthread.h>
#include <unistd.h>

/* The families' files, as Debian 12 installs them. */
static const char *const font_files[] = {
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Italic.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-BoldItalic.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
};
#define N_FONT_FILES (sizeof(font_files) / sizeof(font_files[0]))

static pthread_once_t config_once = PTHREAD_ONCE_INIT;
static FcConfig *map_config;  /* NULL: the system's configuration */
static int map_config_files;  /* files it holds */

static void config_make(void) {
  /* One of the regular faces, or the private configuration is pointless */
  if (access(font_files[0], R_OK) != 0 && access(font_files[4], R_OK) != 0)
    return;
  FcConfig *c = FcConfigCreate();
  if (c == NULL) return;
  int n = 0;
  for (size_t i = 0; i < N_FONT_FILES; i++)
    if (access(font_files[i], R_OK) == 0 &&
        FcConfigAppFontAddFile(c, (const FcChar8 *)font_files[i]))
      n++;
  /* The current configuration from now on: FcInit (Pango's start-up calls
  ** it) then finds one and loads nothing. FcConfigSetCurrent takes its own
  ** reference; ours stays in map_config for the process's life. */
  if (n == 0 || !FcConfigSetCurrent(c)) {
    FcConfigDestroy(c);
    return;
  }
  map_config = c;
  map_config_files = n;
}

PangoFontMap *phs_map_font_map_new(int *n_files) {
  pthread_once(&config_once, config_make); /* before Pango's FcInit */
  PangoFontMap *fm = pango_cairo_font_map_new();
  int n = 0;
  if (fm && map_config && PANGO_IS_FC_FONT_MAP(fm)) {
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fm), map_config);
    n = map_config_files;
  }
  if (n_files) *n_files = n;
  return fm;
}
