/*
** render_borders.c: phs_borders_stroke (render/borders.c) strokes each
** border once. A 40 x 40 grid of 10-pixel squares (each stored as its own
** closed ring, neighbours' common edges in opposite directions, rings
** starting at different corners) is stroked in half-transparent black
** (alpha 0.5) on white, 2 pixels wide. A pixel under one stroke is
** 255 * 0.5 = 127.5; under two strokes 255 * 0.25 = 63.75. The grid has
** 6,400 vertices, so it is stroked in two pieces (every 4,096 vertices):
** the edges between the pieces would be painted twice if a square of the
** second piece drew the edge its neighbour of the first had drawn. Every
** edge's midpoint must read 127 or 128, every square's centre 255 (white),
** and the outer border must be there too.
*/
#include <cairo.h>
#include <stdlib.h>

#include "phs_test.h"
#include "render_int.h"

enum { N = 40, CELL = 10, ORIGIN = 10, SIZE = ORIGIN * 2 + N * CELL };

/* The blue byte (ARGB32, little-endian: byte 0) of pixel (x, y). */
static int px(cairo_surface_t *s, int x, int y) {
  unsigned char *d = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  return d[(size_t)y * stride + 4 * x];
}

static int once(int v) { return v == 127 || v == 128; }

int main(void) {
  phs_mpoly *sq = calloc(N * N, sizeof(phs_mpoly));
  const phs_mpoly **ptr = calloc(N * N, sizeof(*ptr));
  for (int j = 0; j < N; j++)
    for (int i = 0; i < N; i++) {
      double x0 = ORIGIN + i * CELL, y0 = ORIGIN + j * CELL;
      double x1 = x0 + CELL, y1 = y0 + CELL;
      double c[4][2] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
      double ring[10];
      int first = (i + 2 * j) % 4; /* rings start at different corners */
      for (int k = 0; k <= 4; k++) {
        ring[2 * k] = c[(first + k) % 4][0];
        ring[2 * k + 1] = c[(first + k) % 4][1];
      }
      phs_mpoly_init(&sq[j * N + i]);
      ASSERT_OK(phs_mpoly_add_ring(&sq[j * N + i], ring, 5, 0));
      ptr[j * N + i] = &sq[j * N + i];
    }

  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, SIZE, SIZE);
  cairo_t *cr = cairo_create(s);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgba(cr, 0, 0, 0, 0.5);
  cairo_set_line_width(cr, 2);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  /* Page y = SIZE - map y: the ring orientation flips, as on a map. */
  ASSERT_OK(phs_borders_stroke(cr, ptr, N * N, 1.0, 0.0, SIZE, 0.25));
  cairo_surface_flush(s);

  int bad_once = 0, bad_white = 0, edges = 0;
  for (int j = 0; j <= N; j++)
    for (int i = 0; i < N; i++) {
      /* Horizontal edge at map y = ORIGIN + j*CELL, its midpoint pixel
      ** just below the line's centre (the line covers rows y-1 and y). */
      int x = ORIGIN + i * CELL + CELL / 2, y = SIZE - (ORIGIN + j * CELL);
      edges += 2;
      if (!once(px(s, x, y)) || !once(px(s, x, y - 1))) {
        if (bad_once++ < 5)
          fprintf(stderr, "horizontal edge %d,%d: %d %d\n", i, j, px(s, x, y),
                  px(s, x, y - 1));
      }
      /* Vertical edge at map x = ORIGIN + j*CELL. */
      int vx = ORIGIN + j * CELL, vy = SIZE - (ORIGIN + i * CELL + CELL / 2);
      if (!once(px(s, vx, vy)) || !once(px(s, vx - 1, vy))) {
        if (bad_once++ < 5)
          fprintf(stderr, "vertical edge %d,%d: %d %d\n", j, i, px(s, vx, vy),
                  px(s, vx - 1, vy));
      }
    }
  for (int j = 0; j < N; j++)
    for (int i = 0; i < N; i++) {
      int x = ORIGIN + i * CELL + CELL / 2, y = SIZE - (ORIGIN + j * CELL + CELL / 2);
      if (px(s, x, y) != 255) bad_white++;
    }
  ASSERT_EQ(edges, 2 * N * (N + 1));
  ASSERT_EQ(bad_once, 0);   /* every edge painted exactly once */
  ASSERT_EQ(bad_white, 0);  /* nothing inside the squares */
  ASSERT_EQ(px(s, 2, 2), 255); /* nor outside the grid */

  /* Two squares apart (no shared edge): both whole, closed rings. */
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgba(cr, 0, 0, 0, 0.5);
  const phs_mpoly *two[2] = {&sq[0], &sq[2]};
  ASSERT_OK(phs_borders_stroke(cr, two, 2, 1.0, 0.0, SIZE, 0.25));
  cairo_surface_flush(s);
  ASSERT_TRUE(once(px(s, ORIGIN + 5, SIZE - ORIGIN)));        /* sq[0] bottom */
  ASSERT_TRUE(once(px(s, ORIGIN + CELL, SIZE - ORIGIN - 5))); /* its right */
  ASSERT_TRUE(once(px(s, ORIGIN + 2 * CELL, SIZE - ORIGIN - 5))); /* sq[2] left */
  ASSERT_EQ(px(s, ORIGIN + CELL + 5, SIZE - ORIGIN), 255); /* sq[1] not drawn */

  cairo_destroy(cr);
  cairo_surface_destroy(s);
  for (int k = 0; k < N * N; k++) phs_mpoly_free(&sq[k]);
  free(sq);
  free(ptr);
  return phs_test_report("render_borders");
}
