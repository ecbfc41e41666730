/*
 * pg_leak - what the library's statements leave behind on a PostgreSQL
 * server (t0155), in one session as a long-running command's (sb-log
 * --follow, an export of many boards) would be: N statements prepared at
 * run time (sb_prepare(), each its own SQL) run and finalized, then N
 * streamed reads (sb_stream(), read through a server cursor) abandoned
 * after their first row, one reset and one finalized each, all inside
 * one transaction; then one abandoned in a transaction that ends, and
 * reset and read again in the next (whose cursor is gone already).  Prints what the session then holds on the server:
 *
 *   prepared P cursors C
 *
 * (pg_prepared_statements and pg_cursors, which show one session's own;
 * the count's own unnamed portal aside).
 *
 * usage: pg_leak URI N   (exit 0, else the library's status and message)
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "sb_priv.h"

static int
fail(sb_ctx *ctx, const char *what)
{
	fprintf(stderr, "pg_leak: %s: %s\n", what, sb_errmsg(ctx));
	sb_ctx_free(ctx);
	return 1;
}

int
main(int argc, char *argv[])
{
	sb_ctx *ctx;
	sb_st *st;
	char sql[64];
	long n;

	if (argc != 3 || (n = strtol(argv[2], NULL, 10)) < 1) {
		fputs("usage: pg_leak URI N\n", stderr);
		return 2;
	}
	if ((ctx = sb_ctx_new()) == NULL) {
		fputs("pg_leak: out of memory\n", stderr);
		return 1;
	}
	if (sb_open(ctx, argv[1], SB_OPEN_SERVER) != SB_OK)
		return fail(ctx, "open");
	if (sb_begin(ctx) != SB_OK)
		return fail(ctx, "begin");
	for (long i = 0; i < n; i++) {
		snprintf(sql, sizeof(sql), "SELECT %ld + ?1", i);
		if (sb_prepare(ctx, sql, &st) != SQLITE_OK)
			return fail(ctx, "prepare");
		sb_bind_int64(st, 1, i);
		if (sb_step(st) != SQLITE_ROW || sb_col_int64(st, 0) != 2 * i) {
			sb_finalize(st);
			return fail(ctx, "step");
		}
		sb_finalize(st);
	}
	for (long i = 0; i < n; i++) {
		if (sb_prepare(ctx, "SELECT g FROM generate_series(1, 1000) AS g WHERE g > ?1",
		    &st) != SQLITE_OK)
			return fail(ctx, "prepare a read");
		sb_stream(st, 10);
		for (int k = 0; k < 2; k++) {
			/* its first row, and no more: a page of a listing */
			sb_reset(st);
			sb_bind_int64(st, 1, k);
			if (sb_step(st) != SQLITE_ROW || sb_col_int64(st, 0) != k + 1) {
				sb_finalize(st);
				return fail(ctx, "a read");
			}
		}
		sb_finalize(st);
	}
	/*
	 * a read abandoned in a transaction that then ends (its cursor gone
	 * with it), and reset in the next: that transaction goes on (the
	 * count below runs in it)
	 */
	if (sb_prepare(ctx, "SELECT g FROM generate_series(1, 1000) AS g WHERE g > ?1",
	    &st) != SQLITE_OK)
		return fail(ctx, "prepare a read");
	sb_stream(st, 10);
	sb_bind_int64(st, 1, 0);
	if (sb_step(st) != SQLITE_ROW) {
		sb_finalize(st);
		return fail(ctx, "a read");
	}
	if (sb_commit(ctx) != SB_OK || sb_begin(ctx) != SB_OK) {
		sb_finalize(st);
		return fail(ctx, "commit, begin");
	}
	sb_reset(st);
	sb_bind_int64(st, 1, 5);
	if (sb_step(st) != SQLITE_ROW || sb_col_int64(st, 0) != 6) {
		sb_finalize(st);
		return fail(ctx, "a read in the next transaction");
	}
	sb_finalize(st);
	if (sb_prepare(ctx, "SELECT (SELECT count(*) FROM pg_prepared_statements),"
	    " (SELECT count(*) FROM pg_cursors WHERE name <> '')", &st) != SQLITE_OK)
		return fail(ctx, "prepare the count");
	if (sb_step(st) != SQLITE_ROW) {
		sb_finalize(st);
		return fail(ctx, "the count");
	}
	printf("prepared %lld cursors %lld\n", (long long)sb_col_int64(st, 0),
	    (long long)sb_col_int64(st, 1));
	sb_finalize(st);
	sb_rollback(ctx);
	sb_ctx_free(ctx);
	return 0;
}
