/*
 * perm.c - the permission scenario of sb-bench (perm-batch): a batch of
 * moves, atomic, by a user with many rules at every level, on a file with
 * a thousand rules; the figure is the time the batch spent in its
 * permission checks, as the library counts it (sb_perm_spent()), not the
 * batch's own.  All of it in one transaction rolled back: the production
 * is left as it was for the next run and scenario.
 */
#include <config.h>

#include <stdio.h>

#include "bench_priv.h"

int
bench_run_perm(const struct vars *v, double *ms, int64_t *rows, uint64_t *checks,
    char *why, size_t size)
{
	char moves[PATH_MAX + 16];
	sb_ctx *ctx = sb_ctx_new();
	int rc;

	if (ctx == NULL) {
		snprintf(why, size, "out of memory");
		return -1;
	}
	snprintf(moves, sizeof(moves), "%s/perm-moves.csv", v->sub);
	sb_set_busy_timeout(ctx, 10000);
	rc = sb_open(ctx, v->db, 0);
	if (rc == SB_OK)
		rc = sb_bench_perm(ctx, &v->pts, PERM_RULES, PERM_MOVES, moves, checks, ms,
		    rows);
	if (rc != SB_OK)
		snprintf(why, size, "%s", sb_errmsg(ctx));
	sb_ctx_free(ctx);
	return rc == SB_OK ? 0 : -1;
}
