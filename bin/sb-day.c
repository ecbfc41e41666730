/*
 * sb-day - the shoot days of a board and its calendar.
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_EXPAND = 256, OPT_FROM,
	OPT_TO, OPT_AFTER, OPT_BEFORE, OPT_LIMIT, OPT_START, OPT_DAYS_OFF,
	OPT_HOLIDAY, OPT_OFF, OPT_TRAVEL, OPT_WORK, OPT_NOTE, OPT_CLEAR,
	OPT_FIRST, OPT_LAST, OPT_COUNT, OPT_AT };
enum { LIST, CALENDAR, ADD, DROP, MOVE, SPLIT, JOIN };

#define FORMAT { "format", 0, required_argument, CLI_FORMAT, 0, "FORMAT", \
	"csv, json, ndjson or table (default: table\non a terminal, csv otherwise)" }
#define IF_VERSION(what) CLI_OPT_IF_VERSION("refuse (exit 5, a JSON report on " \
	"standard\noutput) if " what " is no longer at\nversion V")
#define MARK(name, id, what) { name, 0, required_argument, id, CLI_MANY, "DATE", what }

static const struct cli_opt list_opts[] = {
	{ "expand", 0, optional_argument, OPT_EXPAND, 0, "N|DATE",
	    "add the strips of every day, of day N, or\nof the day on DATE" },
	{ "from", 0, required_argument, OPT_FROM, 0, "DATE", "the days on or after DATE" },
	{ "to", 0, required_argument, OPT_TO, 0, "DATE", "the days on or before DATE" },
	{ "after", 0, required_argument, OPT_AFTER, 0, "N", "the days after day N" },
	{ "limit", 0, required_argument, OPT_LIMIT, 0, "K", "at most K days" },
	{ "as-of", 0, required_argument, CLI_AS_OF, 0, "TIME|ID",
	    "the days as they stood at a time or an\naudit id, rebuilt from the trail" },
	FORMAT,
	{ 0 }
};

static const struct cli_opt calendar_opts[] = {
	{ "start", 0, required_argument, OPT_START, 0, "DATE", "the first shoot day" },
	{ "days-off", 0, required_argument, OPT_DAYS_OFF, 0, "DAYS",
	    "the weekly days off: sat,sun or 6,0" },
	MARK("holiday", OPT_HOLIDAY, "a holiday (each of these may be repeated)"),
	MARK("off", OPT_OFF, "a day off"),
	MARK("travel", OPT_TRAVEL, "a company travel day"),
	MARK("work", OPT_WORK, "an exception work day"),
	{ "note", 0, required_argument, OPT_NOTE, CLI_MANY, "DATE=TEXT",
	    "a note on DATE" },
	MARK("clear", OPT_CLEAR, "take DATE's entries out"),
	IF_VERSION("the calendar"),
	FORMAT,
	{ 0 }
};

static const struct cli_opt add_opts[] = {
	{ "after", 0, required_argument, OPT_AFTER, 0, "N", "after day N" },
	{ "first", 0, no_argument, OPT_FIRST, 0, NULL, "before the first day" },
	{ "last", 0, no_argument, OPT_LAST, 0, NULL, "after the last day (the default)" },
	{ "count", 0, required_argument, OPT_COUNT, 0, "K", "K days (default 1)" },
	IF_VERSION("the day they follow (with\n--first, day 1)"),
	{ 0 }
};

static const struct cli_opt drop_opts[] = {
	{ "to", 0, required_argument, OPT_TO, 0, "WHERE",
	    "where its strips go: boneyard (the end;\nthe default), prev (the end "
	    "of the day\nbefore) or next (the start of the day after)" },
	IF_VERSION("the day"),
	{ 0 }
};

static const struct cli_opt move_opts[] = {
	{ "after", 0, required_argument, OPT_AFTER, 0, "M", "after day M" },
	{ "before", 0, required_argument, OPT_BEFORE, 0, "M", "before day M" },
	{ "first", 0, no_argument, OPT_FIRST, 0, NULL, "first" },
	{ "last", 0, no_argument, OPT_LAST, 0, NULL, "last" },
	IF_VERSION("the day"),
	{ 0 }
};

static const struct cli_opt split_opts[] = {
	{ "at", 0, required_argument, OPT_AT, 0, "STRIP",
	    "the strip that starts the new day (its id\nor scene number)" },
	IF_VERSION("the day"),
	{ 0 }
};

static const struct cli_opt join_opts[] = {
	IF_VERSION("day N"),
	{ 0 }
};

static const struct cli_sub subs[] = {
	{ "list", LIST,
	    "list\n"
	    "  One row per shoot day: number, date, strips, pages, estimated time,\n"
	    "  cast ids, locations, version.  --after N and --limit K page through\n"
	    "  long schedules (the last day printed is the next --after).\n",
	    list_opts },
	{ "calendar", CALENDAR,
	    "calendar\n"
	    "  Set the board's calendar; without changes, print it.  Every shoot\n"
	    "  day's date follows at once.\n", calendar_opts },
	{ "add", ADD,
	    "add\n"
	    "  Add empty shoot days at the end, first, or after day N.\n", add_opts },
	{ "drop", DROP,
	    "drop N\n"
	    "  Drop day N; its strips go to the boneyard (default) or join the day\n"
	    "  before or after it.\n", drop_opts },
	{ "move", MOVE,
	    "move N\n"
	    "  Move day N after or before day M, first or last.\n", move_opts },
	{ "split", SPLIT,
	    "split N\n"
	    "  Split day N before a strip: it and the strips after it become day\n"
	    "  N+1.\n", split_opts },
	{ "join", JOIN,
	    "join N [M]\n"
	    "  Join day M (default N+1) to day N: its strips follow N's.\n", join_opts },
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

#define PRINTED "the calendar is printed only when nothing changes"
static const struct cli_conflict conflicts[] = {
	{ "after", "before", NULL },
	{ "after", "first", NULL },
	{ "after", "last", NULL },
	{ "before", "first", NULL },
	{ "before", "last", NULL },
	{ "first", "last", NULL },
	{ "format", "start", PRINTED },
	{ "format", "days-off", PRINTED },
	{ "format", "holiday", PRINTED },
	{ "format", "off", PRINTED },
	{ "format", "travel", PRINTED },
	{ "format", "work", PRINTED },
	{ "format", "note", PRINTED },
	{ "format", "clear", PRINTED },
	{ NULL, NULL, NULL }
};

static const struct cli_cmd cmd = {
	"usage: sb-day [-hqv] [--db FILE] [--project NAME] [--board NAME] list\n"
	"              [--expand[=N|DATE]] [--from DATE] [--to DATE] [--after N]\n"
	"              [--limit K] [--as-of TIME|ID] [--format csv|json|ndjson|table]\n"
	"       sb-day [options] calendar [--start DATE] [--days-off DAYS]\n"
	"              [--holiday DATE] [--off DATE] [--travel DATE] [--work DATE]\n"
	"              [--note DATE=TEXT] [--clear DATE] [--if-version V]\n"
	"       sb-day [options] calendar [--format csv|json|ndjson|table]\n"
	"       sb-day [options] add [--after N | --first | --last] [--count K]\n"
	"              [--if-version V]\n"
	"       sb-day [options] drop N [--to boneyard|prev|next] [--if-version V]\n"
	"       sb-day [options] move N (--after M | --before M | --first | --last)\n"
	"              [--if-version V]\n"
	"       sb-day [options] split N --at STRIP [--if-version V]\n"
	"       sb-day [options] join N [M] [--if-version V]\n",
	NULL, subs, globals, conflicts,
	"Exit status: 0 ok, 1 failure, 2 usage, 3 bad data, 4 not found,\n"
	"5 conflict (a stale version: read again and retry), 6 busy.\n",
	NULL
};

/* The command line, as the options set it. */
struct opts {
	struct cli_common c;
	const char *to, *at;
	struct sb_day_query q;
	struct sb_calendar_edit edit;
	struct sb_calendar_mark *marks;	/* edit.marks */
	enum sb_where where;
	int64_t if_version, after, count;
	int quiet, placed, format;
};

static int
set_option(void *state, int id, const char *arg)
{
	struct opts *o = state;
	struct sb_calendar_mark *mark = &o->marks[o->edit.nmarks];

	switch (id) {
	case OPT_AFTER:
	case OPT_BEFORE:
		if (!cli_number(id == OPT_AFTER ? "--after" : "--before", arg, 0,
		    INT32_MAX, &o->after))
			return EXIT_USAGE;
		o->where = id == OPT_AFTER ? SB_AT_AFTER : SB_AT_BEFORE;
		o->placed = 1;
		break;
	case OPT_AT:
		o->at = arg;
		break;
	case OPT_COUNT:
		if (!cli_number("--count", arg, 1, 10000, &o->count))
			return EXIT_USAGE;
		break;
	case OPT_DAYS_OFF:
		o->edit.days_off = arg;
		break;
	case OPT_EXPAND:
		if (arg == NULL || strcmp(arg, "all") == 0) {
			o->q.expand = SB_EXPAND_ALL;
		} else if (strchr(arg, '-') != NULL) {
			o->q.expand = SB_EXPAND_DATE;
			o->q.expand_date = arg;
		} else {
			o->q.expand = SB_EXPAND_DAY;
			if (!cli_number("--expand", arg, 1, INT32_MAX, &o->q.expand_day))
				return EXIT_USAGE;
		}
		break;
	case OPT_FIRST:
	case OPT_LAST:
		o->where = id == OPT_FIRST ? SB_AT_FIRST : SB_AT_LAST;
		o->placed = 1;
		break;
	case OPT_FROM:
		o->q.from = arg;
		break;
	case OPT_HOLIDAY:
	case OPT_OFF:
	case OPT_TRAVEL:
	case OPT_WORK:
	case OPT_CLEAR:
		mark->date = arg;
		mark->kind = id == OPT_HOLIDAY ? SB_CAL_HOLIDAY : id == OPT_OFF ?
		    SB_CAL_OFF : id == OPT_TRAVEL ? SB_CAL_TRAVEL : id == OPT_WORK ?
		    SB_CAL_WORK : 0;
		o->edit.nmarks++;
		break;
	case OPT_NOTE: {
		/* the command line was copied for the audit trail: cut it here */
		char *eq = strchr(arg, '=');

		if (eq == NULL)
			return cli_usage_error(cmd.usage, "--note: DATE=TEXT, not \"%s\"", arg);
		*eq = '\0';
		mark->date = arg;
		mark->kind = SB_CAL_EVENT;
		mark->name = eq + 1;
		o->edit.nmarks++;
		break;
	}
	case OPT_LIMIT:
		if (!cli_number("--limit", arg, 1, INT64_MAX / 2, &o->q.limit))
			return EXIT_USAGE;
		break;
	case OPT_START:
		o->edit.start = arg;
		break;
	case OPT_TO:
		o->to = arg;
		break;
	default:
		return cli_common_setter(&o->c, id, arg);
	}
	return 0;
}

/* After the options: the operands and what the options leave open. */
static int
check_args(const struct cli_args *a, struct opts *o, int64_t *n, int64_t *m)
{
	int id = a->sub->id, i = 0;
	static const int formats[] = { SB_FMT_CSV, SB_FMT_JSON, SB_FMT_NDJSON,
	    SB_FMT_TABLE };

	/* the day numbers the subcommand takes */
	{
		static const char *const want[] = { "no operand", "no operand",
			"no operand", "a day N", "a day N", "a day N", "a day N [M]" };
		int most = id == JOIN ? 2 : (id == DROP || id == MOVE || id == SPLIT) ? 1 : 0;

		if (a->argc > most || (most > 0 && a->argc == 0))
			return cli_operands_error(cmd.usage, a->sub->name, want[id], a->argc);
	}
	if (id == DROP || id == MOVE || id == SPLIT || id == JOIN) {
		if (!cli_number(a->sub->name, a->argv[i++], 1, INT32_MAX, n))
			return EXIT_USAGE;
		*m = *n + 1;
		if (id == JOIN && i < a->argc &&
		    !cli_number(a->sub->name, a->argv[i++], 1, INT32_MAX, m))
			return EXIT_USAGE;
	}
	if (id == MOVE && !o->placed)
		return cli_usage_error(cmd.usage, "move day %lld where? --after M, "
		    "--before M, --first or --last", (long long)*n);
	if (id == SPLIT && o->at == NULL)
		return cli_usage_error(cmd.usage, "split day %lld before which strip? "
		    "--at STRIP", (long long)*n);
	if (id == DROP && o->to != NULL && strcmp(o->to, "boneyard") != 0 &&
	    strcmp(o->to, "prev") != 0 && strcmp(o->to, "next") != 0)
		return cli_usage_error(cmd.usage, "drop --to: boneyard, prev or next, "
		    "not \"%s\"", o->to);
	if (id == CALENDAR && o->c.if_version >= 0 && o->edit.start == NULL &&
	    o->edit.days_off == NULL && o->edit.nmarks == 0)
		return cli_usage_error(cmd.usage, "--if-version: no change to the "
		    "calendar to check");
	if ((o->format = cli_format(o->c.format, formats,
	    sizeof(formats) / sizeof(formats[0]))) < 0) {
		fputs(cmd.usage, stderr);
		return EXIT_USAGE;
	}
	return -1;
}

/* ", 3 other days renumbered" */
static void
renumbered(const struct sb_day_outcome *out)
{
	if (out->renumbered > 0)
		fprintf(stderr, "; %lld other %s renumbered", (long long)out->renumbered,
		    cli_plural(out->renumbered, "day", "days"));
}

/* "(version 3)" of what the command names, when it is still there. */
static void
version(const struct sb_day_outcome *out)
{
	if (out->version > 0)
		fprintf(stderr, " (version %lld)", (long long)out->version);
}

/* The one-line summary of a change, on standard error. */
static void
summary(int id, const struct opts *o, int64_t n, int64_t m,
    const struct sb_day_outcome *out)
{
	long long strips = (long long)out->strips;
	const char *s = cli_plural(strips, "strip", "strips");

	fprintf(stderr, "%s: ", cli_prog);
	switch (id) {
	case ADD:
		if (o->count == 1)
			fprintf(stderr, "added day %lld", (long long)out->day);
		else
			fprintf(stderr, "added %lld days, %lld to %lld", (long long)o->count,
			    (long long)out->day, (long long)(out->day + o->count - 1));
		renumbered(out);
		break;
	case DROP:
		fprintf(stderr, "dropped day %lld", (long long)n);
		if (strips == 0)
			fputs(", which was empty", stderr);
		else if (o->to != NULL && strcmp(o->to, "prev") == 0)
			fprintf(stderr, ": its %lld %s joined the end of day %lld", strips, s,
			    (long long)(n - 1));
		else if (o->to != NULL && strcmp(o->to, "next") == 0)
			fprintf(stderr, ": its %lld %s joined the start of the day after, "
			    "now day %lld", strips, s, (long long)n);
		else
			fprintf(stderr, ": its %lld %s went to the boneyard", strips, s);
		renumbered(out);
		break;
	case MOVE:
		if (out->day == n)
			fprintf(stderr, "day %lld stays day %lld: it is there already",
			    (long long)n, (long long)n);
		else
			fprintf(stderr, "moved day %lld: it is day %lld now", (long long)n,
			    (long long)out->day);
		version(out);
		renumbered(out);
		break;
	case SPLIT:
		fprintf(stderr, "split day %lld before strip %s: %lld %s make day %lld",
		    (long long)n, o->at, strips, s, (long long)out->day);
		version(out);
		renumbered(out);
		break;
	case JOIN:
		fprintf(stderr, "joined day %lld to day %lld", (long long)m, (long long)n);
		if (out->day != n)
			fprintf(stderr, ", now day %lld", (long long)out->day);
		fprintf(stderr, ": %lld %s moved", strips, s);
		version(out);
		renumbered(out);
		break;
	default:
		if (out->entries == 0 && !out->days_off)
			fputs("the calendar is as it was", stderr);
		else if (out->entries > 0)
			fprintf(stderr, "changed %lld calendar %s%s", (long long)out->entries,
			    cli_plural(out->entries, "entry", "entries"), out->days_off ?
			    " and the days off" : "");
		else
			fputs("changed the days off", stderr);
		version(out);
		break;
	}
	fputc('\n', stderr);
}

/* Run the subcommand: a library status. */
static int
run(sb_ctx *ctx, const struct cli_args *a, struct opts *o, int64_t n, int64_t m)
{
	int64_t project_id, board_id, first;
	int id = a->sub->id, rc;

	rc = cli_open(ctx, o->c.db, (id == LIST ? SB_OPEN_READONLY : 0) | SB_OPEN_SERVER, o->c.project,
	    &project_id);
	if (rc == SB_OK && id == LIST) {
		int64_t shown;

		if (o->c.as_of != NULL && (rc = sb_as_of(ctx, project_id, o->c.as_of,
		    &shown)) != SB_OK)
			return rc;
		o->q.board = o->c.board;
		o->q.to = o->to;
		o->q.after = o->after > 0 ? o->after : 0;
		return sb_day_list(ctx, project_id, &o->q, o->format, stdout);
	}
	if (rc != SB_OK || (rc = sb_board_find(ctx, project_id, o->c.board,
	    &board_id)) != SB_OK)
		return rc;
	switch (id) {
	case CALENDAR:
		if (o->edit.start == NULL && o->edit.days_off == NULL &&
		    o->edit.nmarks == 0)
			return sb_calendar_show(ctx, board_id, o->format, stdout);
		rc = sb_calendar_edit(ctx, board_id, &o->edit, o->c.if_version);
		break;
	case ADD:
		rc = sb_day_add(ctx, board_id, o->where == SB_AT_FIRST ? 0 :
		    o->where == SB_AT_AFTER ? o->after : -1, o->count, &first,
		    o->c.if_version);
		break;
	case DROP:
		rc = sb_day_drop(ctx, board_id, n, o->to == NULL ||
		    strcmp(o->to, "boneyard") == 0 ? SB_DROP_BONEYARD :
		    strcmp(o->to, "prev") == 0 ? SB_DROP_PREV : SB_DROP_NEXT,
		    o->c.if_version);
		break;
	case MOVE:
		rc = sb_day_move(ctx, board_id, n, o->where, o->after, o->c.if_version);
		break;
	case SPLIT:
		rc = sb_day_split(ctx, board_id, n, o->at, o->c.if_version);
		break;
	default:
		rc = sb_day_join(ctx, board_id, n, m, o->c.if_version);
		break;
	}
	if (rc == SB_ECONFLICT && sb_conflict_report(ctx) != NULL)
		printf("%s\n", sb_conflict_report(ctx));
	if (rc == SB_OK && !o->c.quiet)
		summary(a->sub->id, o, n, m, sb_day_outcome(ctx));
	return rc;
}

int
main(int argc, char *argv[])
{
	static const struct cli_common common = CLI_COMMON_INIT;
	struct opts o;
	struct cli_args a;
	int64_t n = 0, m = 0;
	int rc, status;
	sb_ctx *ctx;

	cli_init("sb-day", argc, argv);
	memset(&o, 0, sizeof(o));
	o.where = SB_AT_LAST;
	o.c = common;
	o.after = -1;
	o.count = 1;
	/* a mark for each argument at most */
	if ((o.marks = calloc((size_t)argc + 1, sizeof(*o.marks))) == NULL) {
		cli_error("out of memory");
		return EXIT_FAIL;
	}
	o.edit.marks = o.marks;
	if ((rc = cli_parse(&cmd, argc, argv, set_option, &o, &a)) >= 0 ||
	    (rc = check_args(&a, &o, &n, &m)) >= 0) {
		free(o.marks);
		return rc;
	}
	ctx = cli_context();
	rc = run(ctx, &a, &o, n, m);
	free(o.marks);
	if (rc != SB_OK) {
		status = cli_fail(ctx, rc);
		sb_ctx_free(ctx);
		cli_close_stdout();
		return status;
	}
	sb_ctx_free(ctx);
	return cli_close_stdout();
}
