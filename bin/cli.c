/*
 * cli.c - the shared conventions of the sb-* commands.
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
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
	size_t size = ((size_t)argc + 1) * sizeof(*saved_argv);
	char *p;

	cli_prog = prog;
	/*
	 * getopt_long() reorders argv, and a command may cut an argument in
	 * two (--note DATE=TEXT): keep a copy of the line as the user typed it
	 */
	for (int i = 0; i < argc; i++)
		size += strlen(argv[i]) + 1;
	if ((saved_argv = malloc(size)) == NULL) {
		saved_argc = 0;
		return;
	}
	saved_argc = argc;
	p = (char *)(saved_argv + argc + 1);
	for (int i = 0; i < argc; i++) {
		size_t len = strlen(argv[i]) + 1;

		saved_argv[i] = memcpy(p, argv[i], len);
		p += len;
	}
	saved_argv[argc] = NULL;
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
	if (status < SB_ETAMPER)
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
cli_operands_error(const char *usage, const char *sub, const char *want, int got)
{
	return cli_usage_error(usage, "%s takes %s, not %d operand%s", sub, want, got,
	    got == 1 ? "" : "s");
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
cli_common_option(struct cli_common *c, int id, const char *arg)
{
	switch (id) {
	case CLI_QUIET:
		c->quiet = 1;
		break;
	case CLI_VERBOSE:
		c->verbose = 1;
		break;
	case CLI_DB:
		c->db = arg;
		break;
	case CLI_PROJECT:
		c->project = arg;
		break;
	case CLI_BOARD:
		c->board = arg;
		break;
	case CLI_FORMAT:
		c->format = arg;
		break;
	case CLI_AS_OF:
		c->as_of = arg;
		break;
	case CLI_OUTPUT:
		c->output = arg;
		break;
	case CLI_IF_VERSION:
		if (!cli_number("--if-version", arg, 0, INT64_MAX / 2, &c->if_version))
			return EXIT_USAGE;
		break;
	default:
		return -1;
	}
	return 0;
}

int
cli_common_setter(void *state, int id, const char *arg)
{
	int rc = cli_common_option(state, id, arg);

	return rc < 0 ? 0 : rc;
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

/*
 * Option tables
 */

/* Every command's own options. */
static const struct cli_opt builtin[] = {
	{ "help", 'h', no_argument, 0, 0, NULL, "this help" },
	{ "version", 0, no_argument, 0, 0, NULL,
	    "versions of the command, the library and SQLite" },
	{ 0 }
};

/* The option called name in the table o, or NULL. */
static const struct cli_opt *
opt_find(const struct cli_opt *o, const char *name)
{
	for (; o != NULL && o->name != NULL; o++)
		if (strcmp(o->name, name) == 0)
			return o;
	return NULL;
}

/* The subcommands of cmd as "a, b or c". */
static void
subs_list(const struct cli_cmd *cmd, char *buf, size_t size)
{
	size_t len = 0, n = 0;

	buf[0] = '\0';
	while (cmd->subs[n].name != NULL)
		n++;
	for (size_t i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
		    i == 0 ? "" : i + 1 == n ? " or " : ", ", cmd->subs[i].name);
}

static void
help_opts(const struct cli_opt *o)
{
	for (; o->name != NULL; o++) {
		char head[64];
		int len;

		len = o->letter != 0 ?
		    snprintf(head, sizeof(head), "-%c, --%s", o->letter, o->name) :
		    snprintf(head, sizeof(head), "--%s", o->name);
		if (o->arg != NULL && len > 0 && (size_t)len < sizeof(head))
			len += snprintf(head + len, sizeof(head) - (size_t)len,
			    o->has_arg == optional_argument ? "[=%s]" : " %s", o->arg);
		if (len > 15)
			printf("  %s\n%19s", head, "");
		else
			printf("  %-17s", head);
		for (const char *h = o->help; *h != '\0'; h++) {
			putchar(*h);
			if (*h == '\n')
				printf("%19s", "");
		}
		putchar('\n');
	}
}

void
cli_help(const struct cli_cmd *cmd, const struct cli_sub *sub)
{
	fputs(cmd->usage, stdout);
	if (cmd->about != NULL && sub == NULL)
		printf("\n%s", cmd->about);
	for (const struct cli_sub *s = cmd->subs; s != NULL && s->name != NULL; s++) {
		if (sub != NULL && s != sub)
			continue;
		printf("\n%s", s->about);
		help_opts(s->opts);
	}
	if (cmd->subs != NULL)
		fputs("\nOptions of every subcommand:\n", stdout);
	else
		putchar('\n');
	help_opts(cmd->globals);
	help_opts(builtin);
	if (cmd->help_more != NULL)
		cmd->help_more();
	printf("\n%s", cmd->tail);
}

/* The entry of lo that getopt_long() returns as val, or NULL. */
static const struct option *
lo_of(const struct option *lo, int val)
{
	for (; lo->name != NULL; lo++)
		if (lo->val == val)
			return lo;
	return NULL;
}

/* A usage error about an option getopt_long() refused. */
static int
bad_option(const struct cli_cmd *cmd, const struct option *lo, int c,
    const char *text)
{
	const struct option *l = optopt != 0 ? lo_of(lo, optopt) : NULL;
	char names[256];
	size_t plen, len = 0;
	int n = 0;

	if (l != NULL)
		return cli_usage_error(cmd->usage, c == ':' ? "--%s needs a value" :
		    "--%s takes no value", l->name);
	if (optopt != 0 || text == NULL || strncmp(text, "--", 2) != 0)
		return cli_usage_error(cmd->usage, "-%c: no such option",
		    optopt != 0 ? optopt : '?');
	/* an unknown long option, or an abbreviation of several */
	plen = strcspn(text + 2, "=");
	names[0] = '\0';
	for (; lo->name != NULL; lo++)
		if (strncmp(lo->name, text + 2, plen) == 0 && len < sizeof(names)) {
			len += (size_t)snprintf(names + len, sizeof(names) - len, "%s--%s",
			    n == 0 ? "" : ", ", lo->name);
			n++;
		}
	if (n > 1)
		return cli_usage_error(cmd->usage, "%.*s is ambiguous: %s", (int)plen + 2,
		    text, names);
	return cli_usage_error(cmd->usage, "%.*s: no such option", (int)plen + 2, text);
}

/* The tables of cmd, one by one (t from 0): NULL after the last. */
static const struct cli_opt *
table_at(const struct cli_cmd *cmd, size_t t)
{
	if (t == 0)
		return builtin;
	if (t == 1)
		return cmd->globals;
	for (const struct cli_sub *s = cmd->subs; s != NULL && s->name != NULL; s++)
		if (t-- == 2)
			return s->opts;
	return NULL;
}

/* The distinct options of cmd as getopt_long() wants them; NULL: no memory. */
static struct option *
long_options(const struct cli_cmd *cmd, char **shortopts)
{
	const struct cli_opt *table;
	size_t n = 0, nlo = 0, ns = 0;
	struct option *lo;
	char *so;

	for (size_t t = 0; (table = table_at(cmd, t)) != NULL; t++)
		for (const struct cli_opt *o = table; o->name != NULL; o++)
			n++;
	lo = calloc(n + 1, sizeof(*lo));
	so = malloc(3 * n + 2);
	if (lo == NULL || so == NULL) {
		free(lo);
		free(so);
		return NULL;
	}
	so[ns++] = ':';	/* a missing value is ':', not '?' */
	for (size_t t = 0; (table = table_at(cmd, t)) != NULL; t++)
		for (const struct cli_opt *o = table; o->name != NULL; o++) {
			size_t i;

			for (i = 0; i < nlo && strcmp(lo[i].name, o->name) != 0; i++)
				;
			if (i < nlo)
				continue;
			lo[nlo].name = o->name;
			lo[nlo].has_arg = o->has_arg;
			/* -q and --quiet are one: getopt_long() returns 'q' */
			lo[nlo].val = o->letter != 0 ? o->letter : 256 + (int)nlo;
			nlo++;
			if (o->letter != 0) {
				so[ns++] = (char)o->letter;
				if (o->has_arg != no_argument)
					so[ns++] = ':';
				if (o->has_arg == optional_argument)
					so[ns++] = ':';
			}
		}
	so[ns] = '\0';
	*shortopts = so;
	return lo;
}

/* The option of the subcommand (or global) called name, or NULL. */
static const struct cli_opt *
opt_of(const struct cli_cmd *cmd, const struct cli_sub *sub, const char *name)
{
	const struct cli_opt *o = opt_find(cmd->globals, name);

	if (o == NULL && sub != NULL)
		o = opt_find(sub->opts, name);
	return o;
}

/* After getopt_long(): the checks of the tables, then the setter. */
static int
check_given(const struct cli_cmd *cmd, const struct cli_args *args,
    const char *const *names, char **vals, size_t n, cli_setter *set, void *state)
{
	const struct cli_sub *sub = args->sub;
	const struct cli_opt *o;
	int rc;

	for (size_t i = 0; i < n; i++)
		if (opt_of(cmd, sub, names[i]) == NULL)
			return cli_usage_error(cmd->usage, "--%s does not apply to %s",
			    names[i], sub->name);
	for (size_t i = 0; i < n; i++) {
		o = opt_of(cmd, sub, names[i]);
		if (o->has_arg == no_argument || (o->flags & CLI_MANY))
			continue;
		for (size_t j = i + 1; j < n; j++)
			if (names[j] == names[i])
				return cli_usage_error(cmd->usage, "--%s given twice",
				    names[i]);
	}
	for (const struct cli_conflict *c = cmd->conflicts; c != NULL && c->a != NULL;
	    c++) {
		size_t ia = n, ib = n;

		for (size_t i = 0; i < n; i++) {
			if (ia == n && strcmp(names[i], c->a) == 0)
				ia = i;
			if (ib == n && strcmp(names[i], c->b) == 0)
				ib = i;
		}
		if (ia < n && ib < n)
			return cli_usage_error(cmd->usage, "--%s conflicts with --%s%s%s",
			    ia > ib ? c->a : c->b, ia > ib ? c->b : c->a,
			    c->why != NULL ? ": " : "", c->why != NULL ? c->why : "");
	}
	for (size_t i = 0; i < n; i++)
		if ((rc = set(state, opt_of(cmd, sub, names[i])->id, vals[i])) != 0)
			return rc;
	return -1;
}

int
cli_parse(const struct cli_cmd *cmd, int argc, char *argv[], cli_setter *set,
    void *state, struct cli_args *args)
{
	struct option *lo;
	const char **names;
	char *shortopts = NULL, **vals, list[256];
	size_t n = 0;
	int c, rc = -1, help = 0, version = 0;

	memset(args, 0, sizeof(*args));
	lo = long_options(cmd, &shortopts);
	names = calloc((size_t)argc + 1, sizeof(*names));
	vals = calloc((size_t)argc + 1, sizeof(*vals));
	if (lo == NULL || names == NULL || vals == NULL) {
		cli_error("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	opterr = 0;	/* the messages are ours, with the command's name */
	while ((c = getopt_long(argc, argv, shortopts, lo, NULL)) != -1) {
		const struct option *l;

		if (c == '?' || c == ':') {
			rc = bad_option(cmd, lo, c, optind > 0 && optind <= argc ?
			    argv[optind - 1] : NULL);
			goto out;
		}
		if ((l = lo_of(lo, c)) == NULL)
			continue;	/* not reached: getopt knows only our letters */
		help |= strcmp(l->name, "help") == 0;
		version |= strcmp(l->name, "version") == 0;
		names[n] = l->name;
		vals[n++] = optarg;
	}
	args->argc = argc - optind;
	args->argv = argv + optind;
	if (cmd->subs != NULL && args->argc > 0) {
		for (args->sub = cmd->subs; args->sub->name != NULL &&
		    strcmp(args->sub->name, args->argv[0]) != 0; args->sub++)
			;
		if (args->sub->name == NULL)
			args->sub = NULL;
	}
	if (help || version) {
		if (help)
			cli_help(cmd, args->sub);
		else
			cli_version();
		rc = cli_close_stdout();
		goto out;
	}
	if (cmd->subs != NULL) {
		subs_list(cmd, list, sizeof(list));
		if (args->argc == 0) {
			rc = cli_usage_error(cmd->usage, "%s?", list);
			goto out;
		}
		if (args->sub == NULL) {
			rc = cli_usage_error(cmd->usage, "\"%s\" is not %s", args->argv[0],
			    list);
			goto out;
		}
		args->argc--;
		args->argv++;
	}
	rc = check_given(cmd, args, names, vals, n, set, state);
out:
	free(lo);
	free(shortopts);
	free(names);
	free(vals);
	return rc;
}
