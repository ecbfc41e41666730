/*
 * base_ctx.c - the messages a context carries: the one-line error message
 * every call leaves, and the report of the last conflict.  No database:
 * the lowest layer sets its messages here too.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "sb_priv.h"

const char *
sb_errmsg(const sb_ctx *ctx)
{
	return ctx != NULL ? ctx->errmsg : "out of memory";
}

int
sb_err(sb_ctx *ctx, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
	va_end(ap);
	return code;
}

int
sb_conflict_set(sb_ctx *ctx, struct sb_buf *report, const char *fmt, ...)
{
	va_list ap;

	free(ctx->conflict);
	ctx->conflict = report->failed ? NULL : sb_strdup(sb_buf_str(report));
	sb_buf_free(report);
	va_start(ap, fmt);
	vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
	va_end(ap);
	return SB_ECONFLICT;
}

const char *
sb_conflict_report(const sb_ctx *ctx)
{
	return ctx->conflict;
}
