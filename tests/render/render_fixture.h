/*
** render_fixture.h: what the render tests share: square features held in
** the phs_mpoly struct itself (no geo/ calls, so the tests link only
** phs_render), and LeakSanitizer's suppression of fontconfig's one-time
** allocation (tests/lsan.supp explains it).
*/
#ifndef PHS_RENDER_FIXTURE_H
#define PHS_RENDER_FIXTURE_H

#include <string.h>

#include "phs_render.h"

/* fontconfig leaks once while loading its configuration. The default fast
** unwinder stops inside fontconfig, so the suppression names the library:
** blocks fontconfig itself allocated. A Pango or cairo object we forgot to
** free is still reported (its own allocation comes from GLib or cairo). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) {
  return "leak:libfontconfig.so\n";
}

/* A square ring held in the phs_mpoly struct itself. */
typedef struct square {
  phs_mpoly p;
  int starts[2];
  unsigned char hole[1];
  double xy[8];
} square;

static inline void square_init(square *s, double x0, double y0, double w,
                               double h) {
  double xy[8] = {x0, y0, x0 + w, y0, x0 + w, y0 + h, x0, y0 + h};
  memcpy(s->xy, xy, sizeof(xy));
  s->starts[0] = 0;
  s->starts[1] = 4;
  s->hole[0] = 0;
  s->p.n_rings = 1;
  s->p.ring_start = s->starts;
  s->p.ring_hole = s->hole;
  s->p.xy = s->xy;
  s->p.cap_rings = 1;
  s->p.cap_xy = 4;
  s->p.minx = x0;
  s->p.miny = y0;
  s->p.maxx = x0 + w;
  s->p.maxy = y0 + h;
}

#endif /* PHS_RENDER_FIXTURE_H */
