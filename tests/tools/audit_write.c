/*
 * audit_write - write audit rows through the library, for the tests of
 * sb-log: audit rows of kinds no command writes yet (strip revisions),
 * rows by other actors, rows whose changes are not JSON, bursts of
 * commits, and a writer that holds its transaction open for a while.
 * Real moves and day edits come from sb-reorder and sb-day themselves.
 *
 * usage: audit_write [--actor NAME] [--project NAME] [--count N]
 *                    [--hold MS] DB ENTITY ENTITY_ID VBEFORE VAFTER CHANGES
 *
 * CHANGES @FILE: the changes are FILE's bytes (a row larger than a
 * command line may be, 128 KiB on Linux).
 *
 * Each of the N rows is its own transaction (BEGIN IMMEDIATE, the row,
 * COMMIT); with --hold, the transaction sleeps MS milliseconds before it
 * commits.  "ready" goes to standard output once the first transaction
 * holds the write lock.  The exit status is the library's (0 ok, 6 busy...).
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sb_priv.h"

/* CHANGES read from @FILE (held to the end, whatever the way out) */
static char *text;

/* FILE's bytes, NUL-terminated; NULL (said) when it cannot be read */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *grown;
	size_t len = 0, cap = 0, got;

	if (f == NULL) {
		perror(path);
		return NULL;
	}
	do {
		if (cap - len < 65536) {
			cap = cap * 2 + 65536;
			if ((grown = realloc(buf, cap + 1)) == NULL) {
				fputs("audit_write: out of memory\n", stderr);
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = grown;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	if (ferror(f)) {
		perror(path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static int
fail(sb_ctx *ctx, int rc)
{
	fprintf(stderr, "audit_write: %s\n", sb_errmsg(ctx));
	sb_ctx_free(ctx);
	return -rc;
}

int
main(int argc, char *argv[])
{
	const char *actor = NULL, *project = NULL, *changes;
	long count = 1, hold = 0;
	int64_t project_id = 0;
	sb_ctx *ctx;
	int i, rc;

	for (i = 1; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		if (strcmp(argv[i], "--actor") == 0)
			actor = argv[i + 1];
		else if (strcmp(argv[i], "--project") == 0)
			project = argv[i + 1];
		else if (strcmp(argv[i], "--count") == 0)
			count = strtol(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--hold") == 0)
			hold = strtol(argv[i + 1], NULL, 10);
		else
			break;
	}
	if (argc - i != 6 || count < 1 || hold < 0) {
		fputs("usage: audit_write [--actor NAME] [--project NAME] [--count N] "
		    "[--hold MS] DB ENTITY ENTITY_ID VBEFORE VAFTER CHANGES\n", stderr);
		return 2;
	}
	changes = argv[i + 5];
	if (changes[0] == '@' && (changes = text = slurp(changes + 1)) == NULL)
		return 1;
	if ((ctx = sb_ctx_new()) == NULL)
		return 1;
	if ((rc = sb_set_command(ctx, argc, argv)) != SB_OK ||
	    (rc = sb_open(ctx, argv[i], SB_OPEN_SERVER)) != SB_OK ||
	    (actor != NULL && (rc = sb_set_actor(ctx, actor)) != SB_OK))
		return fail(ctx, rc);
	rc = sb_project_find(ctx, project, &project_id);
	if (rc != SB_OK && (project != NULL || rc != SB_ENOTFOUND))
		return fail(ctx, rc);
	for (long n = 0; n < count; n++) {
		/* the rows are changes: the running user needs the right (sb-perm(1)) */
		if ((rc = sb_begin(ctx)) != SB_OK)
			return fail(ctx, rc);
		if ((rc = sb_perm_require(ctx, SB_ACT_EDIT, NULL)) != SB_OK) {
			sb_rollback(ctx);
			return fail(ctx, rc);
		}
		rc = sb_audit(ctx, project_id, argv[i + 1], strtoll(argv[i + 2], NULL, 10),
		    strtoll(argv[i + 3], NULL, 10), strtoll(argv[i + 4], NULL, 10),
		    changes);
		if (rc != SB_OK) {
			sb_rollback(ctx);
			return fail(ctx, rc);
		}
		if (n == 0) {
			puts("ready");
			fflush(stdout);
		}
		if (hold > 0) {
			struct timespec ts = { hold / 1000, (hold % 1000) * 1000000L };

			nanosleep(&ts, NULL);
		}
		if ((rc = sb_commit(ctx)) != SB_OK)
			return fail(ctx, rc);
	}
	sb_ctx_free(ctx);
	free(text);
	return 0;
}
