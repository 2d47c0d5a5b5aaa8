#ifndef WXOPEN_CPOSTGRES_SHIM_H
#define WXOPEN_CPOSTGRES_SHIM_H

#include <libpq-fe.h>

#endif
