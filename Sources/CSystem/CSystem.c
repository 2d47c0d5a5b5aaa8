// Intentionally small: the header carries the declarations Swift needs.
#include "CSystem.h"
