/*
 * sb-perm - who may do what: grant a role, deny a role or an action,
 * revoke, list the rules, and check (with the rule that decided) whether a
 * user may do an action, on the whole file, a project, a board, a shoot
 * day or a strip.
 */
#include <config.h>

#include <getopt.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_DAY = 256, OPT_STRIP };
enum { GRANT, DENY, REVOKE, LIST, CHECK };

static const struct cli_opt list_opts[] = {
	CLI_OPT_FORMAT,
	{ 0 }
};

static const struct cli_opt none[] = { { 0 } };

static const struct cli_sub subs[] = {
	{ "grant", GRANT,
	    "grant USER ROLE\n"
	    "  Give USER a role (viewer, scheduler, editor, admin) on the scope;\n"
	    "  a role the user held there is replaced.\n", none },
	{ "deny", DENY,
	    "deny USER ROLE|ACTION\n"
	    "  Refuse USER a role, or one action, on the scope: it overrides a\n"
	    "  grant of a wider scope.\n", none },
	{ "revoke", REVOKE,
	    "revoke USER [ROLE|ACTION]\n"
	    "  Take away USER's rules on the scope (that one only, if named).\n", none },
	{ "list", LIST,
	    "list [USER]\n"
	    "  The rules that bear on the scope: on it, around it, inside it.\n",
	    list_opts },
	{ "check", CHECK,
	    "check USER ACTION\n"
	    "  Whether USER may do ACTION on the scope, and the rule that decided\n"
	    "  (exit 0 when allowed, 1 when not).\n", none },
	{ NULL, 0, NULL, NULL }
};

static const struct cli_opt globals[] = {
	CLI_OPT_DB,
	{ "project", 0, required_argument, CLI_PROJECT, 0, "NAME",
	    "the scope: a project (default, with a narrower\nscope: the only one)" },
	{ "board", 0, required_argument, CLI_BOARD, 0, "BOARD",
	    "the scope: a board (name, id or number)" },
	{ "day", 0, required_argument, OPT_DAY, 0, "N",
	    "the scope: shoot day N of the board (default:\nthe active board)" },
	{ "strip", 0, required_argument, OPT_STRIP, 0, "STRIP",
	    "the scope: a strip (id or scene number), on\nthe board if one is named" },
	CLI_OPT_QUIET,
	CLI_OPT_VERBOSE,
	{ 0 }
};

static const struct cli_conflict conflicts[] = {
	{ "day", "strip", "(a rule is on a day or on a strip)" },
	{ NULL, NULL, NULL }
};

static void
help_more(void)
{
	size_t col = 8;

	fputs("\nRoles, each with the one before: viewer (read), scheduler (move,\n"
	    "sort, days), editor (the breakdown, revisions, calendars), admin (rules,\n"
	    "boards, projects).\nActions:", stdout);
	for (int a = 0; sb_action_name(a) != NULL; a++) {
		size_t len = strlen(sb_action_name(a)) + 2;

		if (col + len > 72) {
			fputs(a ? ",\n " : "\n ", stdout);
			col = 1;
		} else if (a) {
			fputc(',', stdout);
			col++;
		}
		printf(" %s", sb_action_name(a));
		col += len - 1;
	}
	fputs(".\nNo scope option: the whole file.  No rule: nothing is allowed; the\n"
	    "narrowest scope with a rule about the action decides, a deny first.\n", stdout);
}

static const struct cli_cmd cmd = {
	"usage: sb-perm [-hqv] [--db FILE] grant USER ROLE [SCOPE]\n"
	"       sb-perm [-hqv] [--db FILE] deny USER ROLE|ACTION [SCOPE]\n"
	"       sb-perm [-hqv] [--db FILE] revoke USER [ROLE|ACTION] [SCOPE]\n"
	"       sb-perm [-hqv] [--db FILE] list [USER] [SCOPE] [--format FMT]\n"
	"       sb-perm [-hqv] [--db FILE] check USER ACTION [SCOPE]\n"
	"SCOPE: [--project NAME] [--board BOARD] [--day N | --strip STRIP]\n",
	"A user is a login name (a uid with no name is uid:N).  Who runs the\n"
	"command is the login name of its real uid.\n",
	subs, globals, conflicts,
	"Exit status: 0 ok (check: allowed), 1 failure (check: not allowed),\n"
	"2 usage, 3 bad input (a user name; the file left without an admin),\n"
	"4 not found, 6 busy, 7 permission denied.\n",
	help_more
};

struct opts {
	struct cli_common c;
	struct sb_perm_where where;	/* --project and --board: after cli_parse() */
};

static int
set_option(void *state, int id, const char *arg)
{
	struct opts *o = state;

	switch (id) {
	case OPT_DAY:
		if (!cli_number("--day", arg, 1, INT64_MAX / 2, &o->where.day))
			return EXIT_USAGE;
		break;
	case OPT_STRIP:
		o->where.strip = arg;
		break;
	default:
		return cli_common_setter(&o->c, id, arg);
	}
	return 0;
}

/* The scope as said in the summary: "on board First Pass", "on the whole file". */
static void
say_scope(const struct opts *o)
{
	const struct sb_perm_where *w = &o->where;

	if (w->project == NULL && w->board == NULL && w->day == 0 && w->strip == NULL) {
		fputs(" on the whole file", stderr);
		return;
	}
	if (w->strip != NULL)
		fprintf(stderr, " on strip %s", w->strip);
	if (w->day > 0)
		fprintf(stderr, " on day %lld", (long long)w->day);
	if (w->board != NULL)
		fprintf(stderr, " %s board %s", w->strip != NULL || w->day > 0 ? "of" : "on",
		    w->board);
	if (w->project != NULL)
		fprintf(stderr, " %s project %s", w->strip != NULL || w->day > 0 ||
		    w->board != NULL ? "of" : "on", w->project);
}

/* A name no account has is kept (files move between machines), but said. */
static void
warn_unknown(sb_ctx *ctx, const struct opts *o, const char *user)
{
	/* on a server the users are its roles, not this machine's logins */
	if (o->c.quiet || strncmp(user, "uid:", 4) == 0 || getpwnam(user) != NULL ||
	    strncmp(sb_db_name(ctx), "postgresql://", 13) == 0)
		return;
	fprintf(stderr, "%s: warning: no user \"%s\" on this machine\n", cli_prog, user);
}

static int
run(sb_ctx *ctx, const struct cli_args *a, const struct opts *o, int format,
    int *status)
{
	struct sb_scope scope;
	char **v = a->argv;
	char *why = NULL;
	size_t n = 0;
	int rc, did = 0, allowed = 0, id = a->sub->id;

	rc = sb_open(ctx, cli_db_path(o->c.db), (id == LIST || id == CHECK ?
	    SB_OPEN_READONLY : 0) | SB_OPEN_SERVER);
	if (rc != SB_OK || (rc = sb_perm_scope(ctx, &o->where, &scope)) != SB_OK)
		return rc;
	switch (id) {
	case GRANT:
	case DENY:
		warn_unknown(ctx, o, v[0]);
		rc = id == GRANT ? sb_perm_grant(ctx, v[0], v[1], &scope, &did) :
		    sb_perm_deny(ctx, v[0], v[1], &scope, &did);
		if (rc == SB_OK && !o->c.quiet) {
			if (did == SB_PERM_SAME)
				fprintf(stderr, "%s: %s %s %s already", cli_prog, v[0],
				    id == GRANT ? "holds" : "is denied", v[1]);
			else
				fprintf(stderr, "%s: %s %s %s %s", cli_prog,
				    id == GRANT ? "granted" : "denied", v[1], "to", v[0]);
			say_scope(o);
			fputc('\n', stderr);
		}
		return rc;
	case REVOKE:
		rc = sb_perm_revoke(ctx, v[0], a->argc > 1 ? v[1] : NULL, &scope, &n);
		if (rc == SB_OK && !o->c.quiet) {
			fprintf(stderr, "%s: revoked %zu rule%s of %s", cli_prog, n,
			    n == 1 ? "" : "s", v[0]);
			say_scope(o);
			fputc('\n', stderr);
		}
		return rc;
	case LIST:
		return sb_perm_list(ctx, a->argc > 0 ? v[0] : NULL, &scope, format, stdout);
	default:
		if ((rc = sb_perm_check(ctx, v[0], v[1], &scope, &allowed, &why)) == SB_OK) {
			printf("%s\n", why);
			*status = allowed ? EXIT_OK : EXIT_FAIL;
		}
		free(why);
		return rc;
	}
}

int
main(int argc, char *argv[])
{
	static const int formats[] = { SB_FMT_CSV, SB_FMT_JSON, SB_FMT_NDJSON, SB_FMT_TABLE };
	static const int lo[] = { 2, 2, 1, 0, 2 }, hi[] = { 2, 2, 2, 1, 2 };
	static const char *const want[] = { "USER ROLE", "USER ROLE|ACTION",
		"USER [ROLE|ACTION]", "[USER]", "USER ACTION" };
	static const struct cli_common common = CLI_COMMON_INIT;
	struct opts o;
	struct cli_args a;
	int rc, status = EXIT_OK, format = SB_FMT_CSV;
	sb_ctx *ctx;

	memset(&o, 0, sizeof(o));
	o.c = common;
	cli_init("sb-perm", argc, argv);
	if ((rc = cli_parse(&cmd, argc, argv, set_option, &o, &a)) >= 0)
		return rc;
	o.where.project = o.c.project;
	o.where.board = o.c.board;
	if (a.argc < lo[a.sub->id] || a.argc > hi[a.sub->id])
		return cli_operands_error(cmd.usage, a.sub->name, want[a.sub->id], a.argc);
	if (a.sub->id == LIST && (format = cli_format(o.c.format, formats,
	    sizeof(formats) / sizeof(formats[0]))) < 0) {
		fputs(cmd.usage, stderr);
		return EXIT_USAGE;
	}
	ctx = cli_context();
	if ((rc = run(ctx, &a, &o, format, &status)) != SB_OK) {
		status = cli_fail(ctx, rc);
		sb_ctx_free(ctx);
		cli_close_stdout();
		return status;
	}
	sb_ctx_free(ctx);
	rc = cli_close_stdout();
	return rc != EXIT_OK ? rc : status;
}
