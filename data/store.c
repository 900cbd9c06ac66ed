/* store.c: the SpatiaLite store (being written). */
#include "phs_data.h"
