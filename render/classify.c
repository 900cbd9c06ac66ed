/* classify.c (being written). */
#include "phs_render.h"
