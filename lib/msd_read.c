/*
 * msd_read.c - the .msd reader: being written; refuses for now.
 */
#include <config.h>

#include "input_priv.h"
#include "prod_priv.h"

int
sb_msd_parse(struct sb_import *imp, struct sb_prod *p)
{
	(void)p;
	return sb_err(imp->ctx, SB_EUSAGE, "%s: sb-import does not read .msd yet",
	    imp->in->name);
}
