/*
 * sb-report - the papers a crew reads, from a board: Day Out of Days,
 * one-liner, shooting schedule, elements, red flags.  Each report is a
 * subcommand; each writes every format of the library's table of writers
 * (sb_report_format()), to standard output or, with --output, to a file
 * replaced atomically and only when its content changes (for cron).
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum { OPT_CATEGORIES = 256,
	OPT_DROP_BLANK, OPT_DROP_ON_LAST, OPT_DROPS, OPT_DROP_DAYS, OPT_START_PAID,
	OPT_PAID_EVENTS, OPT_EXPLAIN, OPT_MAX_PAGES, OPT_MAX_HOURS, OPT_MAX_LOCATIONS,
	OPT_MIN_GAP };
enum { OPT_ELEMENT = 512 };
enum { DOOD, ONELINER, SCHEDULE, ELEMENTS, FLAGS };
enum { BOARD = 64, ICS };

#define CATEGORIES(dflt) { "categories", 0, required_argument, OPT_CATEGORIES, 0, \
	"LIST", "the categories, by name or number,\ncomma-separated (default: " dflt ")" }

static const struct cli_opt dood_opts[] = {
	CATEGORIES("Cast"),
	{ "drop-blank", 0, no_argument, OPT_DROP_BLANK, 0, NULL,
	    "leave the dates of a drop blank (not D)" },
	{ "drop-on-last", 0, no_argument, OPT_DROP_ON_LAST, 0, NULL,
	    "WD on the last work day before a drop,\nits dates blank" },
	{ "drops", 0, required_argument, OPT_DROPS, 0, "N|all",
	    "drops an element may have (default 1)" },
	{ "drop-days", 0, required_argument, OPT_DROP_DAYS, 0, "N",
	    "the drop-day count of an element that has\nnone (default 10)" },
	{ "start-paid", 0, no_argument, OPT_START_PAID, 0, NULL,
	    "start on the first paid day: a travel or\nrehearsal day before the first "
	    "work day\n(SR, ST), or after the last (RF, TF)" },
	{ "paid-events", 0, no_argument, OPT_PAID_EVENTS, 0, NULL,
	    "count rehearsals and fittings in the total" },
	{ "explain", 0, required_argument, OPT_EXPLAIN, 0, "ELEMENT",
	    "say why ELEMENT's cell on the date given\nas the operand is what it is" },
	{ 0 }
};

static const struct cli_opt elements_opts[] = {
	CATEGORIES("Cast"),
	{ 0 }
};

static const struct cli_opt flags_opts[] = {
	{ "max-pages", 0, required_argument, OPT_MAX_PAGES, 0, "PAGES",
	    "flag a day of more pages (\"5 4/8\")" },
	{ "max-hours", 0, required_argument, OPT_MAX_HOURS, 0, "H[:MM]",
	    "flag a day of more estimated time" },
	{ "max-locations", 0, required_argument, OPT_MAX_LOCATIONS, 0, "N",
	    "flag a day at more locations (a company\nmove; default 1)" },
	{ "min-gap", 0, required_argument, OPT_MIN_GAP, 0, "N",
	    "flag a gap of N or more days, too short\nfor a drop (default 5)" },
	{ "drop-days", 0, required_argument, OPT_DROP_DAYS, 0, "N",
	    "the drop-day count of an element that has\nnone (default 10)" },
	{ "drops", 0, required_argument, OPT_DROPS, 0, "N|all",
	    "drops a cast member may have (default 1)" },
	{ 0 }
};

static const struct cli_opt no_opts[] = { { 0 } };

static const struct cli_opt board_opts[] = {
	{ 0 }
};

static const struct cli_opt ics_opts[] = {
	{ "element", 0, required_argument, OPT_ELEMENT, 0, "NAME",
	    "one element's days (an actor's): the shoot\ndays its strips are on, "
	    "its own travel,\nrehearsal and fitting days" },
	{ 0 }
};

static const struct cli_sub subs[] = {
	{ "dood", DOOD,
	    "dood [--explain ELEMENT DATE]\n"
	    "  Day Out of Days: one row per element, one column per date from the\n"
	    "  first shoot day to the last, then the totals.  Codes: SW start, W work,\n"
	    "  WF finish, SWF one day, H hold, D drop, PW pickup, WD work then drop,\n"
	    "  TR travel, R rehearsal, FT fitting, / holiday.\n", dood_opts },
	{ "oneliner", ONELINER,
	    "oneliner\n"
	    "  Each shoot day's strips, one line each, and the day's end line.\n",
	    no_opts },
	{ "schedule", SCHEDULE,
	    "schedule\n"
	    "  The shooting schedule: each strip with its elements by category.\n",
	    no_opts },
	{ "elements", ELEMENTS,
	    "elements\n"
	    "  Each element with its scenes, shoot days and pages.\n", elements_opts },
	{ "flags", FLAGS,
	    "flags\n"
	    "  Red flags, day by day, each with its strips and its rule.\n", flags_opts },
	{ "board", BOARD,
	    "board\n"
	    "  The printable colour stripboard: one HTML file, no scripts,\n"
	    "  that prints landscape on A4 and Letter (format html).\n", board_opts },
	{ "ics", ICS,
	    "ics [--element NAME]\n"
	    "  The shoot days as an RFC 5545 calendar feed, holidays and\n"
	    "  travel days too; UIDs stay the same from run to run (format ics).\n",
	    ics_opts },
	{ NULL, 0, NULL, NULL }
};

static const struct cli_opt globals[] = {
	CLI_OPT_DB,
	CLI_OPT_PROJECT,
	CLI_OPT_BOARD,
	{ "format", 0, required_argument, CLI_FORMAT, 0, "FORMAT",
	    "table, csv, json, ndjson or html (default:\ntable on a terminal, csv otherwise; the\n"
	    "board: html, ics: ics)" },
	{ "output", 'o', required_argument, CLI_OUTPUT, 0, "FILE",
	    "write FILE atomically; leave it untouched\n(not even its time) when "
	    "nothing changed" },
	{ "as-of", 0, required_argument, CLI_AS_OF, 0, "TIME|ID",
	    "the report of the project as it stood at a\ntime (the last change then) "
	    "or an audit id,\nrebuilt from the audit trail" },
	CLI_OPT_QUIET,
	CLI_OPT_VERBOSE,
	{ 0 }
};

static const struct cli_conflict conflicts[] = {
	{ "drop-blank", "drop-on-last", "(a drop on the last work day leaves its dates "
	    "blank already)" },
	{ NULL, NULL, NULL }
};

static const struct cli_cmd cmd = {
	"usage: sb-report [-hqv] [--db FILE] [--project NAME] [--board NAME]\n"
	"                 [--format FORMAT] [--output FILE] [--as-of TIME|ID]\n"
	"                 REPORT [options]\n"
	"       sb-report [options] dood [--categories LIST] [--drop-blank |\n"
	"                 --drop-on-last] [--drops N|all] [--drop-days N]\n"
	"                 [--start-paid] [--paid-events] [--explain ELEMENT DATE]\n"
	"       sb-report [options] oneliner | schedule\n"
	"       sb-report [options] elements [--categories LIST]\n"
	"       sb-report [options] flags [--max-pages PAGES] [--max-hours H[:MM]]\n"
	"                 [--max-locations N] [--min-gap N] [--drop-days N]\n"
	"                 [--drops N|all]\n"
	"       sb-report [options] board\n"
	"       sb-report [options] ics [--element NAME]\n",
	NULL, subs, globals, conflicts,
	"Exit status: 0 ok, 1 failure, 2 usage, 3 bad data, 4 not found, 6 busy.\n",
	NULL
};

struct opts {
	struct cli_common c;
	struct sb_report_opts r;	/* r.board: after cli_parse() */
};

static int
set_option(void *state, int id, const char *arg)
{
	struct opts *o = state;

	switch (id) {
	case OPT_CATEGORIES:
		o->r.categories = arg;
		break;
	case OPT_ELEMENT:
		o->r.element = arg;
		break;
	case OPT_DROP_BLANK:
		o->r.dood |= SB_DOOD_DROP_BLANK;
		break;
	case OPT_DROP_ON_LAST:
		o->r.dood |= SB_DOOD_DROP_ON_LAST;
		break;
	case OPT_START_PAID:
		o->r.dood |= SB_DOOD_START_PAID;
		break;
	case OPT_PAID_EVENTS:
		o->r.dood |= SB_DOOD_PAID_EVENTS;
		break;
	case OPT_DROPS:
		if (strcmp(arg, "all") == 0)
			o->r.drops = -1;
		else if (!cli_number("--drops", arg, 1, 100000, &o->r.drops))
			return EXIT_USAGE;
		break;
	case OPT_DROP_DAYS:
		if (!cli_number("--drop-days", arg, 1, 3650, &o->r.drop_days))
			return EXIT_USAGE;
		break;
	case OPT_EXPLAIN:
		o->r.explain_element = arg;
		break;
	case OPT_MAX_PAGES:
		if (sb_eighths_parse(arg, &o->r.max_eighths) != SB_OK ||
		    o->r.max_eighths == 0)
			return cli_usage_error(cmd.usage, "--max-pages: \"%s\" is not a page "
			    "count (\"5\", \"4 3/8\")", arg);
		break;
	case OPT_MAX_HOURS: {
		unsigned h = 0, m = 0;
		char tail;
		int n = sscanf(arg, "%u:%u%c", &h, &m, &tail);

		if ((n != 1 && n != 2) || m > 59 || h > 240 || (h == 0 && m == 0) ||
		    arg[0] < '0' || arg[0] > '9')
			return cli_usage_error(cmd.usage, "--max-hours: \"%s\" is not a time "
			    "(H or H:MM)", arg);
		o->r.max_minutes = (int64_t)h * 60 + m;
		break;
	}
	case OPT_MAX_LOCATIONS:
		if (!cli_number("--max-locations", arg, 1, 1000, &o->r.max_locations))
			return EXIT_USAGE;
		break;
	case OPT_MIN_GAP:
		if (!cli_number("--min-gap", arg, 1, 3650, &o->r.min_gap))
			return EXIT_USAGE;
		break;
	default:
		return cli_common_setter(&o->c, id, arg);
	}
	return 0;
}

/* The format asked for, checked against what the report writes. */
static int
check_format(struct opts *o, const char *report)
{
	const char *f;

	if (o->c.format == NULL) {
		/* a file is for a program unless told otherwise, as a pipe is */
		o->c.format = o->c.output == NULL && isatty(STDOUT_FILENO) ? "table" : "csv";
		for (size_t j = 0; sb_report_format(report, j, &f) == SB_OK; j++)
			if (strcmp(f, o->c.format) == 0)
				return -1;
		/* a report that writes neither: its first format */
		if (sb_report_format(report, 0, &f) == SB_OK)
			o->c.format = f;
		return -1;
	}
	for (size_t j = 0; sb_report_format(report, j, &f) == SB_OK; j++)
		if (strcmp(f, o->c.format) == 0)
			return -1;
	{
		char list[256] = "";

		for (size_t j = 0; sb_report_format(report, j, &f) == SB_OK; j++) {
			if (j > 0)
				strncat(list, ", ", sizeof(list) - strlen(list) - 1);
			strncat(list, f, sizeof(list) - strlen(list) - 1);
		}
		return cli_usage_error(cmd.usage, "--format: report %s is written as %s, "
		    "not \"%s\"", report, list, o->c.format);
	}
}

int
main(int argc, char *argv[])
{
	static const struct cli_common common = CLI_COMMON_INIT;
	struct opts o;
	struct cli_args a;
	sb_output *file = NULL;
	sb_ctx *ctx;
	int64_t project_id;
	FILE *out = stdout;
	int rc, status;

	cli_init("sb-report", argc, argv);
	memset(&o, 0, sizeof(o));
	o.c = common;
	if ((rc = cli_parse(&cmd, argc, argv, set_option, &o, &a)) >= 0)
		return rc;
	o.r.board = o.c.board;
	if (a.sub == NULL)
		return cli_usage_error(cmd.usage, "which report? (%s)",
		    "dood, oneliner, schedule, elements, flags, board or ics");
	if (o.r.explain_element != NULL) {
		if (a.argc != 1)
			return cli_operands_error(cmd.usage, "--explain ELEMENT",
			    "one operand, the DATE", a.argc);
		o.r.explain_date = a.argv[0];
	} else if (a.argc > 0) {
		return cli_operands_error(cmd.usage, a.sub->name, "no operand", a.argc);
	}
	if ((rc = check_format(&o, a.sub->name)) >= 0)
		return rc;

	ctx = cli_context();
	rc = cli_open(ctx, o.c.db, SB_OPEN_READONLY | SB_OPEN_SERVER, o.c.project, &project_id);
	if (rc == SB_OK && o.c.as_of != NULL) {
		int64_t shown;

		rc = sb_as_of(ctx, project_id, o.c.as_of, &shown);
	}
	if (rc == SB_OK && o.c.output != NULL) {
		if ((file = sb_output_open(o.c.output)) == NULL) {
			cli_error("%s: %s", o.c.output, strerror(errno));
			sb_ctx_free(ctx);
			return EXIT_FAIL;
		}
		out = sb_output_file(file);
	}
	if (rc == SB_OK)
		rc = sb_report(ctx, project_id, a.sub->name, o.c.format, &o.r, out);
	if (rc != SB_OK) {
		sb_output_abort(file);
		status = cli_fail(ctx, rc);
		sb_ctx_free(ctx);
		cli_close_stdout();
		return status;
	}
	sb_ctx_free(ctx);
	if (file != NULL) {
		int changed = sb_output_commit(file);

		if (changed < 0) {
			cli_error("%s: %s", o.c.output, strerror(errno));
			return EXIT_FAIL;
		}
		if (!o.c.quiet)
			fprintf(stderr, "%s: %s: %s\n", cli_prog, o.c.output,
			    changed ? "written" : "unchanged, left as it was");
	}
	return cli_close_stdout();
}
