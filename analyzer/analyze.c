/* analyze.c: the analyses (being written). */
#include "../geo/phs_common.h"
