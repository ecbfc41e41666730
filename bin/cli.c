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
cli_context(int argc, char *argv[])
{
	sb_ctx *ctx = sb_ctx_new();

	if (ctx == NULL) {
		cli_error("out of memory");
		exit(EXIT_FAIL);
	}
	if (sb_set_command(ctx, argc, argv) != SB_OK) {
		cli_error("%s", sb_errmsg(ctx));
		sb_ctx_free(ctx);
		exit(EXIT_FAIL);
	}
	return ctx;
}

void
cli_json_string(FILE *out, const char *s)
{
	putc('"', out);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(out, "\\u%04x", (unsigned char)*s);
		else
			putc(*s, out);
	}
	putc('"', out);
}
