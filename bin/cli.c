/*
 * cli.c - the shared conventions of the sb-* commands.
 */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

const char *cli_prog = "sb";
static int saved_argc;
static char **saved_argv;

void
cli_init(const char *prog, int argc, char *argv[])
{
	cli_prog = prog;
	saved_argc = argc;
	/* getopt_long() reorders argv: keep the order the user typed */
	saved_argv = calloc((size_t)argc + 1, sizeof(*saved_argv));
	if (saved_argv != NULL)
		memcpy(saved_argv, argv, (size_t)argc * sizeof(*argv));
	else
		saved_argc = 0;
}

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", cli_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_exit_status(int status)
{
	if (status >= 0)
		return EXIT_OK;
	if (status < SB_EPERM)
		return EXIT_FAIL;
	return -status;
}

int
cli_fail(sb_ctx *ctx, int status)
{
	cli_error("%s", sb_errmsg(ctx));
	return cli_exit_status(status);
}

const char *
cli_db_path(const char *opt)
{
	const char *env;

	if (opt != NULL)
		return opt;
	env = getenv("SB_DB");
	if (env != NULL && env[0] != '\0')
		return env;
	return "stripboard.db";
}

void
cli_version(void)
{
	printf("%s (stripboard) %s\nlibstripboard %s\nSQLite %s\n", cli_prog,
	    PACKAGE_VERSION, sb_version(), sb_sqlite_version());
}

int
cli_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", usage);
	return EXIT_USAGE;
}

int
cli_format(const char *name, const int *allowed, size_t nallowed)
{
	int f;

	if (name == NULL)
		return isatty(STDOUT_FILENO) ? SB_FMT_TABLE : SB_FMT_CSV;
	f = sb_format_from_name(name);
	for (size_t i = 0; i < nallowed; i++)
		if (allowed[i] == f)
			return f;
	cli_error("--format: \"%s\" is not a format this command writes", name);
	return -1;
}

int
cli_close_stdout(void)
{
	int err = ferror(stdout);

	if (fclose(stdout) != 0 || err) {
		/* EPIPE: the reader left; that is not our failure to report */
		if (errno == EPIPE)
			return EXIT_FAIL;
		fprintf(stderr, "%s: standard output: %s\n", cli_prog,
		    errno != 0 ? strerror(errno) : "write error");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

sb_ctx *
cli_context(void)
{
	sb_ctx *ctx = sb_ctx_new();
	const char *busy = getenv("SB_BUSY_TIMEOUT");

	if (ctx == NULL) {
		cli_error("out of memory");
		exit(EXIT_FAIL);
	}
	if (sb_set_command(ctx, saved_argc, saved_argv) != SB_OK) {
		cli_error("%s", sb_errmsg(ctx));
		sb_ctx_free(ctx);
		exit(EXIT_FAIL);
	}
	if (busy != NULL && busy[0] != '\0') {
		char *end;
		long ms = strtol(busy, &end, 10);

		if (*end == '\0' && ms >= 0 && ms <= 3600000)
			sb_set_busy_timeout(ctx, (int)ms);
		else
			cli_error("SB_BUSY_TIMEOUT: \"%s\" is not milliseconds; "
			    "waiting the default", busy);
	}
	return ctx;
}

int
cli_number(const char *opt, const char *text, int64_t lo, int64_t hi, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || v < lo || v > hi) {
		cli_error("%s: \"%s\" is not a number from %lld to %lld", opt, text,
		    (long long)lo, (long long)hi);
		return 0;
	}
	*out = v;
	return 1;
}

int
cli_open(sb_ctx *ctx, const char *db, unsigned flags, const char *project,
    int64_t *project_id)
{
	int rc = sb_open(ctx, cli_db_path(db), flags);

	if (rc == SB_OK)
		rc = sb_project_find(ctx, project, project_id);
	return rc;
}
