/* mpoly.c (being written) */
#include "phs_geo.h"
