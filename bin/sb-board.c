/*
 * sb-board - the boards of a project: list them, make one (empty, or a copy
 * to try a schedule on), rename, activate, drop, and compare two.
 */
#include <config.h>

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_FROM = 256, OPT_ACTIVATE };
enum { LIST, NEW, RENAME, ACTIVATE, DROP, COMPARE };

static const struct cli_opt format_opts[] = {
	CLI_OPT_FORMAT,
	{ 0 }
};

static const struct cli_opt new_opts[] = {
	{ "from", 0, required_argument, OPT_FROM, 0, "BOARD",
	    "a copy of BOARD: its days, calendar, banners\nand boneyard" },
	{ 0 }
};

static const struct cli_opt version_opts[] = {
	CLI_OPT_IF_VERSION(
	    "refuse (exit 5, a JSON report on standard\noutput) unless the board "
	    "is at version V"),
	{ 0 }
};

static const struct cli_opt drop_opts[] = {
	{ "activate", 0, required_argument, OPT_ACTIVATE, 0, "BOARD",
	    "make BOARD active (needed to drop the\nactive board)" },
	CLI_OPT_IF_VERSION(
	    "refuse (exit 5) unless the board dropped is\nat version V"),
	{ 0 }
};

static const struct cli_sub subs[] = {
	{ "list", LIST,
	    "list\n"
	    "  Every board of the project: its number, id, name, shoot days,\n"
	    "  strips, whether it is active, its version.\n", format_opts },
	{ "new", NEW,
	    "new NAME\n"
	    "  Make a board: every scene in its boneyard, or a copy of another.\n",
	    new_opts },
	{ "rename", RENAME,
	    "rename BOARD NAME\n"
	    "  Rename a board.\n", version_opts },
	{ "activate", ACTIVATE,
	    "activate BOARD\n"
	    "  Make a board the active one: the board commands use without\n"
	    "  --board.\n", version_opts },
	{ "drop", DROP,
	    "drop BOARD\n"
	    "  Drop a board with its days and placements; the strips stay.\n",
	    drop_opts },
	{ "compare", COMPARE,
	    "compare A B\n"
	    "  Each strip's day and date on board A and on board B, and the\n"
	    "  difference (B - A) in days and in dates.\n", format_opts },
	{ NULL, 0, NULL, NULL }
};

static const struct cli_opt globals[] = {
	CLI_OPT_DB,
	CLI_OPT_PROJECT,
	CLI_OPT_QUIET,
	CLI_OPT_VERBOSE,
	{ 0 }
};

static const struct cli_cmd cmd = {
	"usage: sb-board [-hqv] [--db FILE] [--project NAME] list [--format FMT]\n"
	"       sb-board [-hqv] [--db FILE] [--project NAME] new NAME [--from BOARD]\n"
	"       sb-board [-hqv] [--db FILE] [--project NAME] rename BOARD NAME\n"
	"                [--if-version V]\n"
	"       sb-board [-hqv] [--db FILE] [--project NAME] activate BOARD\n"
	"                [--if-version V]\n"
	"       sb-board [-hqv] [--db FILE] [--project NAME] drop BOARD\n"
	"                [--activate BOARD] [--if-version V]\n"
	"       sb-board [-hqv] [--db FILE] [--project NAME] compare A B\n"
	"                [--format FMT]\n",
	"A board is named by its name (any case, when that names one board),\n"
	"its id, or its number in sb-board list.\n",
	subs, globals, NULL,
	"Exit status: 0 ok, 1 failure, 2 usage, 3 bad input (a name taken, too\n"
	"long...), 4 not found, 5 conflict (a stale version: read again and\n"
	"retry), 6 busy, 7 permission denied.\n",
	NULL
};

struct opts {
	struct cli_common c;
	const char *from, *activate;
};

static int
set_option(void *state, int id, const char *arg)
{
	struct opts *o = state;

	switch (id) {
	case OPT_ACTIVATE:
		o->activate = arg;
		break;
	case OPT_FROM:
		o->from = arg;
		break;
	default:
		return cli_common_setter(&o->c, id, arg);
	}
	return 0;
}

static int
conflict_out(sb_ctx *ctx, int rc)
{
	if (rc == SB_ECONFLICT && sb_conflict_report(ctx) != NULL)
		printf("%s\n", sb_conflict_report(ctx));
	return rc;
}

/* Run the subcommand: a library status. */
static int
run(sb_ctx *ctx, const struct cli_args *a, const struct opts *o, int format)
{
	int id = a->sub->id, rc, changed;
	int64_t project_id, board, other = 0;

	rc = cli_open(ctx, o->c.db, (id == LIST || id == COMPARE ? SB_OPEN_READONLY : 0) |
	    SB_OPEN_SERVER, o->c.project, &project_id);
	if (rc != SB_OK)
		return rc;
	switch (id) {
	case LIST:
		return sb_board_list(ctx, project_id, format, stdout);
	case NEW: {
		struct sb_board_made made;

		if (o->from != NULL &&
		    (rc = sb_board_find(ctx, project_id, o->from, &other)) != SB_OK)
			return rc;
		if ((rc = sb_board_new(ctx, project_id, a->argv[0], other, &made)) != SB_OK)
			return rc;
		if (!o->c.quiet)
			fprintf(stderr, "%s: made board \"%s\" (id %s)%s%s: %lld strip%s, "
			    "%lld shoot day%s\n", cli_prog, a->argv[0], made.uid,
			    o->from != NULL ? ", a copy of " : "", o->from != NULL ? o->from : "",
			    (long long)made.strips, made.strips == 1 ? "" : "s",
			    (long long)made.days, made.days == 1 ? "" : "s");
		return SB_OK;
	}
	case COMPARE:
		if ((rc = sb_board_find(ctx, project_id, a->argv[0], &board)) != SB_OK ||
		    (rc = sb_board_find(ctx, project_id, a->argv[1], &other)) != SB_OK)
			return rc;
		return sb_board_compare(ctx, board, other, format, stdout);
	default:
		break;
	}
	if ((rc = sb_board_find(ctx, project_id, a->argv[0], &board)) != SB_OK)
		return rc;
	switch (id) {
	case RENAME:
		rc = conflict_out(ctx, sb_board_rename(ctx, board, a->argv[1], o->c.if_version));
		if (rc == SB_OK && !o->c.quiet)
			fprintf(stderr, "%s: renamed board \"%s\" to \"%s\"\n", cli_prog,
			    a->argv[0], a->argv[1]);
		break;
	case ACTIVATE:
		rc = conflict_out(ctx, sb_board_activate(ctx, board, o->c.if_version, &changed));
		if (rc == SB_OK && !o->c.quiet)
			fprintf(stderr, "%s: board \"%s\" %s\n", cli_prog, a->argv[0],
			    changed ? "is now the active board" : "was the active board already");
		break;
	case DROP:
		if (o->activate != NULL &&
		    (rc = sb_board_find(ctx, project_id, o->activate, &other)) != SB_OK)
			return rc;
		rc = conflict_out(ctx, sb_board_drop(ctx, board, other, o->c.if_version));
		if (rc == SB_OK && !o->c.quiet)
			fprintf(stderr, "%s: dropped board \"%s\"%s%s\n", cli_prog, a->argv[0],
			    o->activate != NULL ? "; active now: " : "",
			    o->activate != NULL ? o->activate : "");
		break;
	}
	return rc;
}

int
main(int argc, char *argv[])
{
	static const int formats[] = { SB_FMT_CSV, SB_FMT_JSON, SB_FMT_NDJSON, SB_FMT_TABLE };
	static const int operands[] = { 0, 1, 2, 1, 1, 2 };
	struct opts o = { CLI_COMMON_INIT, NULL, NULL };
	struct cli_args a;
	int rc, status, format = SB_FMT_CSV;
	sb_ctx *ctx;

	cli_init("sb-board", argc, argv);
	if ((rc = cli_parse(&cmd, argc, argv, set_option, &o, &a)) >= 0)
		return rc;
	if (a.argc != operands[a.sub->id]) {
		static const char *const want[] = { "no operand", "NAME", "BOARD and NAME",
			"BOARD", "BOARD", "two boards, A and B" };

		return cli_operands_error(cmd.usage, a.sub->name, want[a.sub->id], a.argc);
	}
	if ((a.sub->id == LIST || a.sub->id == COMPARE) &&
	    (format = cli_format(o.c.format, formats,
	    sizeof(formats) / sizeof(formats[0]))) < 0) {
		fputs(cmd.usage, stderr);
		return EXIT_USAGE;
	}
	ctx = cli_context();
	if ((rc = run(ctx, &a, &o, format)) != SB_OK) {
		status = cli_fail(ctx, rc);
		sb_ctx_free(ctx);
		cli_close_stdout();
		return status;
	}
	sb_ctx_free(ctx);
	return cli_close_stdout();
}
