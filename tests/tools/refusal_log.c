/*
 * refusal_log - log one refused action through the library's
 * sb_log_refusal() (syslog, facility authpriv), for the test that captures
 * what reaches /dev/log (t0089).  Until every command refuses through
 * sb-perm(1), this is the caller.
 *
 * usage: refusal_log DB USER ACTION SCOPE
 *
 * DB is only named in the line (nothing is opened).
 */
#include <config.h>

#include <stdio.h>

#include "sb_priv.h"

int
main(int argc, char *argv[])
{
	sb_ctx *ctx;
	static char a0[] = "sb-perm", a1[] = "check";
	char *args[] = { a0, a1, NULL };

	if (argc != 5) {
		fputs("usage: refusal_log DB USER ACTION SCOPE\n", stderr);
		return 2;
	}
	if ((ctx = sb_ctx_new()) == NULL)
		return 1;
	/* the line is logged as the command that refused */
	if (sb_set_command(ctx, 2, args) != SB_OK ||
	    (ctx->path = sb_strdup(argv[1])) == NULL) {
		sb_ctx_free(ctx);
		return 1;
	}
	sb_log_refusal(ctx, argv[2], argv[3], argv[4]);
	sb_ctx_free(ctx);
	return 0;
}
