#ifndef PHS_DATA_H
#define PHS_DATA_H
#include "../geo/phs_common.h"
#endif
