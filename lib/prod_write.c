/* prod_write.c - being written */
#include <config.h>

#include "input_priv.h"
#include "prod_priv.h"

int
sb_prod_write(struct sb_import *imp, struct sb_prod *p)
{
	(void)p;
	return sb_err(imp->ctx, SB_EUSAGE, "not yet");
}
