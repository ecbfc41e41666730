/*
 * sb-reorder - move strips on a board, in batches from a pipe, or sort days.
 */
#include <config.h>

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_TO = 256, OPT_BONEYARD, OPT_AFTER,
	OPT_BEFORE, OPT_FIRST, OPT_LAST, OPT_ATOMIC, OPT_DAY,
	OPT_DAYS, OPT_BY };
enum { MOVE, BATCH, SORT };

static const struct cli_opt move_opts[] = {
	{ "to", 0, required_argument, OPT_TO, 0, "DAY",
	    "to day DAY: its number, \"boneyard\", or another\nlane's name" },
	{ "boneyard", 0, no_argument, OPT_BONEYARD, 0, NULL, "--to boneyard" },
	{ "after", 0, required_argument, OPT_AFTER, 0, "STRIP",
	    "right after STRIP (alone: on STRIP's day)" },
	{ "before", 0, required_argument, OPT_BEFORE, 0, "STRIP",
	    "right before STRIP (alone: on STRIP's day)" },
	{ "first", 0, no_argument, OPT_FIRST, 0, NULL, "first on the day" },
	{ "last", 0, no_argument, OPT_LAST, 0, NULL, "last on the day (the default)" },
	CLI_OPT_IF_VERSION(
	    "refuse (exit 5, a JSON report on standard\noutput) if the strip's "
	    "placement is no longer\nat version V (one strip only)"),
	{ 0 }
};

static const struct cli_opt batch_opts[] = {
	{ "atomic", 0, no_argument, OPT_ATOMIC, 0, NULL, "all rows of the batch, or none" },
	{ 0 }
};

static const struct cli_opt sort_opts[] = {
	{ "day", 0, required_argument, OPT_DAY, 0, "N", "sort day N" },
	{ "days", 0, required_argument, OPT_DAYS, 0, "N-M", "sort each day from N to M" },
	{ "boneyard", 0, no_argument, OPT_BONEYARD, 0, NULL, "sort the boneyard" },
	{ "by", 0, required_argument, OPT_BY, 0, "KEYS",
	    "int_ext, day_night, set, location, scene,\npages, cast; -KEY descends" },
	{ 0 }
};

static const struct cli_sub subs[] = {
	{ "move", MOVE,
	    "move STRIP...\n"
	    "  Move strips (by id, or a scene number naming one strip) to a day:\n"
	    "  at its end (default), first, or after/before a strip.\n", move_opts },
	{ "batch", BATCH,
	    "batch [FILE]\n"
	    "  Apply moves from FILE or standard input (CSV or NDJSON with\n"
	    "  strip_id and day, after, before, position, version); an exported\n"
	    "  board fed back moves the strips whose rows moved.  One NDJSON\n"
	    "  result line per row on standard output.\n", batch_opts },
	{ "sort", SORT,
	    "sort\n"
	    "  Sort a day, days N to M, or the boneyard by keys; strips never\n"
	    "  change days.\n", sort_opts },
	{ NULL, 0, NULL, NULL }
};

static const struct cli_opt globals[] = {
	CLI_OPT_DB,
	CLI_OPT_PROJECT,
	CLI_OPT_BOARD,
	CLI_OPT_QUIET,
	CLI_OPT_VERBOSE,
	{ 0 }
};

static const struct cli_conflict conflicts[] = {
	{ "to", "boneyard", NULL },
	{ "after", "before", NULL },
	{ "after", "first", NULL },
	{ "after", "last", NULL },
	{ "before", "first", NULL },
	{ "before", "last", NULL },
	{ "first", "last", NULL },
	{ "day", "days", NULL },
	{ "day", "boneyard", NULL },
	{ "days", "boneyard", NULL },
	{ NULL, NULL, NULL }
};

static const struct cli_cmd cmd = {
	"usage: sb-reorder [-hqv] [--db FILE] [--project NAME] [--board NAME]\n"
	"                  move STRIP... (--to DAY | --boneyard)\n"
	"                  [--after STRIP | --before STRIP | --first | --last]\n"
	"                  [--if-version V]\n"
	"       sb-reorder [-hqv] [--db FILE] [--project NAME] [--board NAME]\n"
	"                  batch [--atomic] [FILE]\n"
	"       sb-reorder [-hqv] [--db FILE] [--project NAME] [--board NAME]\n"
	"                  sort (--day N | --days N-M | --boneyard) --by KEYS\n",
	NULL, subs, globals, conflicts,
	"Exit status: 0 ok, 1 failure, 2 usage, 3 bad input, 4 not found,\n"
	"5 conflict (a stale version: read again and retry), 6 busy.\n",
	NULL
};

/* The command line, as the options set it. */
struct opts {
	struct cli_common c;
	const char *to, *anchor, *by;
	enum sb_where where;
	int64_t first_day, last_day;
	int atomic;
};

static int
set_option(void *state, int id, const char *arg)
{
	struct opts *o = state;

	switch (id) {
	case OPT_AFTER:
	case OPT_BEFORE:
		o->where = id == OPT_AFTER ? SB_AT_AFTER : SB_AT_BEFORE;
		o->anchor = arg;
		break;
	case OPT_ATOMIC:
		o->atomic = 1;
		break;
	case OPT_BONEYARD:
		o->to = "boneyard";
		break;
	case OPT_BY:
		o->by = arg;
		break;
	case OPT_DAY:
		if (!cli_number("--day", arg, 1, INT32_MAX, &o->first_day))
			return EXIT_USAGE;
		o->last_day = o->first_day;
		break;
	case OPT_DAYS: {
		const char *dash = strchr(arg, '-');
		char first[32];

		if (dash == NULL || (size_t)(dash - arg) >= sizeof(first))
			return cli_usage_error(cmd.usage, "--days: \"%s\" is not N-M", arg);
		memcpy(first, arg, (size_t)(dash - arg));
		first[dash - arg] = '\0';
		if (!cli_number("--days", first, 1, INT32_MAX, &o->first_day) ||
		    !cli_number("--days", dash + 1, o->first_day, INT32_MAX, &o->last_day))
			return EXIT_USAGE;
		break;
	}
	case OPT_FIRST:
	case OPT_LAST:
		o->where = id == OPT_FIRST ? SB_AT_FIRST : SB_AT_LAST;
		break;
	case OPT_TO:
		o->to = arg;
		break;
	default:
		return cli_common_setter(&o->c, id, arg);
	}
	return 0;
}

/* A scene the script omitted is not shot: say so when one lands on a day. */
static void
omitted_warning(size_t n, const char *scenes)
{
	fprintf(stderr, "%s: warning: %zu scene%s the script omitted now on a shoot "
	    "day (scene%s %s); omitted scenes count no pages or time\n", cli_prog, n,
	    n == 1 ? "" : "s", n == 1 ? "" : "s", scenes);
}

static int
conflict_out(sb_ctx *ctx, int rc)
{
	if (rc == SB_ECONFLICT && sb_conflict_report(ctx) != NULL)
		printf("%s\n", sb_conflict_report(ctx));
	return rc;
}

int
main(int argc, char *argv[])
{
	struct opts o = { CLI_COMMON_INIT, NULL, NULL, NULL, SB_AT_LAST, -1, -1, 0 };
	struct cli_args a;
	int64_t project_id, board_id;
	int rc, status;
	sb_ctx *ctx;

	cli_init("sb-reorder", argc, argv);
	if ((rc = cli_parse(&cmd, argc, argv, set_option, &o, &a)) >= 0)
		return rc;
	if (a.sub->id == MOVE) {
		if (a.argc == 0)
			return cli_operands_error(cmd.usage, "move", "STRIP...", a.argc);
		if (o.to == NULL && o.anchor == NULL)
			return cli_usage_error(cmd.usage, "move where? --to DAY, --boneyard, "
			    "--after or --before STRIP");
		if (o.c.if_version >= 0 && a.argc > 1)
			return cli_usage_error(cmd.usage, "--if-version checks one strip at "
			    "a time");
	} else if (a.sub->id == BATCH) {
		if (a.argc > 1)
			return cli_operands_error(cmd.usage, "batch", "[FILE]", a.argc);
	} else {
		if (o.by == NULL)
			return cli_usage_error(cmd.usage, "sort by what? --by KEYS");
		if (o.first_day < 0 && o.to == NULL)
			return cli_usage_error(cmd.usage, "sort which? --day N, --days N-M or "
			    "--boneyard");
		if (a.argc > 0)
			return cli_operands_error(cmd.usage, a.sub->name, "no operand", a.argc);
	}

	ctx = cli_context();
	rc = cli_open(ctx, o.c.db, SB_OPEN_SERVER, o.c.project, &project_id);
	if (rc == SB_OK && a.sub->id == MOVE) {
		struct sb_move m = { (const char *const *)a.argv, (size_t)a.argc, o.to,
		    o.where, o.anchor, o.c.if_version };
		struct sb_move_result res;

		if ((rc = sb_board_find(ctx, project_id, o.c.board, &board_id)) == SB_OK)
			rc = conflict_out(ctx, sb_move(ctx, board_id, &m, &res));
		if (rc == SB_OK && !o.c.quiet)
			fprintf(stderr, "%s: moved %zu strip%s%s (version %lld)\n", cli_prog,
			    res.moved, res.moved == 1 ? "" : "s", res.unchanged > 0 ?
			    ", the others were in place" : "", (long long)res.version);
		if (rc == SB_OK && res.omitted > 0)
			omitted_warning(res.omitted, res.omitted_scenes);
	} else if (rc == SB_OK && a.sub->id == BATCH) {
		struct sb_batch_opts opts = { o.c.board, o.atomic };
		struct sb_batch_summary sum;

		rc = sb_reorder_batch(ctx, project_id, a.argc > 0 ? a.argv[0] : "-",
		    &opts, stdout, &sum);
		if (!o.c.quiet)
			fprintf(stderr, "%s: %zu %s: %zu moved, %zu in place, %zu "
			    "%s, %zu %s%s\n", cli_prog, sum.rows,
			    cli_plural((long long)sum.rows, "row", "rows"), sum.moved,
			    sum.unchanged, sum.conflicts, cli_plural((long long)sum.conflicts,
			    "conflict", "conflicts"), sum.errors,
			    cli_plural((long long)sum.errors, "error", "errors"),
			    o.atomic && rc != SB_OK ? " (nothing applied)" : "");
		if (sum.omitted > 0 && !(o.atomic && rc != SB_OK))
			omitted_warning(sum.omitted, sum.omitted_scenes);
	} else if (rc == SB_OK) {
		struct sb_move_result res;

		if ((rc = sb_board_find(ctx, project_id, o.c.board, &board_id)) == SB_OK)
			rc = sb_sort(ctx, board_id, o.first_day < 0 ? 0 : o.first_day,
			    o.last_day < 0 ? 0 : o.last_day, o.by, &res);
		if (rc == SB_OK && !o.c.quiet)
			fprintf(stderr, "%s: sorted: %zu %s moved, %zu stayed\n",
			    cli_prog, res.moved, cli_plural((long long)res.moved, "strip",
			    "strips"), res.unchanged);
	}
	if (rc != SB_OK) {
		status = cli_fail(ctx, rc);
		sb_ctx_free(ctx);
		cli_close_stdout();
		return status;
	}
	sb_ctx_free(ctx);
	return cli_close_stdout();
}
