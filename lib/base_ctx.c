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

	if (ctx->err_kept != 0)
		return ctx->err_kept; /* a server's queued write failed: its message */
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

/* SQLite's result codes are the engines' common vocabulary (db_stmt.h). */
int
sb_status_of_sqlite(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return SB_OK;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return SB_EBUSY;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
	case SQLITE_MISMATCH: /* a server's: text that is not UTF-8 (db_pg.c) */
		return SB_EDATA;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return SB_EPERM;
	default:
		return SB_EFAIL;
	}
}
