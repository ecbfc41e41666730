/* prod_merge.c - being written */
#include <config.h>

#include "input_priv.h"
#include "prod_priv.h"

int
sb_prod_merge(struct sb_import *imp, struct sb_prod *p, struct sb_buf *changes)
{
	(void)p;
	(void)changes;
	return sb_err(imp->ctx, SB_EUSAGE, "not yet");
}
