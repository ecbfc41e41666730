/*
 * sb-day - the shoot days of a board and its calendar.
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: sb-day [-hqv] [--db FILE] [--project NAME] [--board NAME] list\n"
    "              [--expand[=N|DATE]] [--from DATE] [--to DATE] [--after N]\n"
    "              [--limit N] [--format csv|json|ndjson|table]\n"
    "       sb-day [options] calendar [--start DATE] [--days-off DAYS]\n"
    "              [--holiday DATE] [--off DATE] [--travel DATE] [--work DATE]\n"
    "              [--note DATE=TEXT] [--clear DATE] [--if-version V]\n"
    "       sb-day [options] add [--after N | --first] [--count K]\n"
    "       sb-day [options] drop N [--to boneyard|prev|next] [--if-version V]\n"
    "       sb-day [options] move N (--after M | --before M | --first | --last)\n"
    "              [--if-version V]\n"
    "       sb-day [options] split N --at STRIP [--if-version V]\n"
    "       sb-day [options] join N [M] [--if-version V]\n";

static void
help(void)
{
	fputs(usage, stdout);
	fputs("\n"
	    "list      One row per shoot day: number, date, strips, pages, estimated\n"
	    "          time, cast ids, locations, version.  --expand adds the\n"
	    "          strips of every day, of day N, or of the day on DATE.\n"
	    "          --from/--to choose dates; --after N and --limit K page\n"
	    "          through long schedules (the last day printed is the next\n"
	    "          --after).\n"
	    "calendar  Set the board's calendar: the start date, the weekly days\n"
	    "          off (sat,sun or 6,0), holidays, days off, company travel\n"
	    "          days, exception work days, notes; --clear takes a date's\n"
	    "          entries out.  Without changes it prints the calendar.  Every\n"
	    "          shoot day's date follows at once.\n"
	    "add       Add K empty shoot days at the end, first, or after day N.\n"
	    "drop      Drop day N; its strips go to the boneyard (default) or join\n"
	    "          the day before or after it.\n"
	    "move      Move day N after or before day M, first or last.\n"
	    "split     Split day N before STRIP: it and the strips after it become\n"
	    "          day N+1.\n"
	    "join      Join day M (default N+1) to day N: its strips follow N's.\n\n"
	    "  --db FILE        the database (default $SB_DB, else ./stripboard.db)\n"
	    "  --project NAME   the project (default: the only one)\n"
	    "  --board NAME     the board (default: the active board, else the first)\n"
	    "  --format FORMAT  csv, json, ndjson or table (default: table on a\n"
	    "                   terminal, csv otherwise)\n"
	    "  --if-version V   refuse (exit 5, a JSON report on standard output) if\n"
	    "                   the day (the calendar) is no longer at version V\n"
	    "  -q, --quiet      no summary on standard error\n"
	    "  -h, --help       this help\n"
	    "      --version    versions of the command, the library and SQLite\n\n"
	    "Exit status: 0 ok, 1 failure, 2 usage, 3 bad data, 4 not found,\n"
	    "5 conflict (a stale version: read again and retry), 6 busy.\n", stdout);
}

int
main(int argc, char *argv[])
{
	enum { OPT_DB = 256, OPT_PROJECT, OPT_BOARD, OPT_FORMAT, OPT_EXPAND, OPT_FROM,
		OPT_TO, OPT_AFTER, OPT_BEFORE, OPT_LIMIT, OPT_START, OPT_DAYS_OFF,
		OPT_HOLIDAY, OPT_OFF, OPT_TRAVEL, OPT_WORK, OPT_NOTE, OPT_CLEAR,
		OPT_IF_VERSION, OPT_FIRST, OPT_LAST, OPT_COUNT, OPT_AT, OPT_VERSION };
	static const struct option longopts[] = {
		{ "after", required_argument, NULL, OPT_AFTER },
		{ "at", required_argument, NULL, OPT_AT },
		{ "before", required_argument, NULL, OPT_BEFORE },
		{ "board", required_argument, NULL, OPT_BOARD },
		{ "clear", required_argument, NULL, OPT_CLEAR },
		{ "count", required_argument, NULL, OPT_COUNT },
		{ "days-off", required_argument, NULL, OPT_DAYS_OFF },
		{ "db", required_argument, NULL, OPT_DB },
		{ "expand", optional_argument, NULL, OPT_EXPAND },
		{ "first", no_argument, NULL, OPT_FIRST },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "help", no_argument, NULL, 'h' },
		{ "holiday", required_argument, NULL, OPT_HOLIDAY },
		{ "if-version", required_argument, NULL, OPT_IF_VERSION },
		{ "last", no_argument, NULL, OPT_LAST },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ "note", required_argument, NULL, OPT_NOTE },
		{ "off", required_argument, NULL, OPT_OFF },
		{ "project", required_argument, NULL, OPT_PROJECT },
		{ "quiet", no_argument, NULL, 'q' },
		{ "start", required_argument, NULL, OPT_START },
		{ "to", required_argument, NULL, OPT_TO },
		{ "travel", required_argument, NULL, OPT_TRAVEL },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "work", required_argument, NULL, OPT_WORK },
		{ NULL, 0, NULL, 0 }
	};
	static const int formats[] = { SB_FMT_CSV, SB_FMT_JSON, SB_FMT_NDJSON,
	    SB_FMT_TABLE };
	const char *db = NULL, *project = NULL, *board = NULL, *format_name = NULL,
	    *to = NULL, *at = NULL, *cmd;
	struct sb_day_query q;
	struct sb_calendar_edit edit;
	struct sb_calendar_mark *marks;
	enum sb_where where = SB_AT_LAST;
	int64_t if_version = -1, after = -1, count = 1, n = 0, m = 0, project_id, board_id;
	int quiet = 0, nwhere = 0, c, rc = SB_OK, status, format;
	size_t nmarks = 0;
	sb_ctx *ctx;

	cli_init("sb-day", argc, argv);
	memset(&q, 0, sizeof(q));
	memset(&edit, 0, sizeof(edit));
	if ((marks = calloc((size_t)argc + 1, sizeof(*marks))) == NULL) {
		cli_error("out of memory");
		return EXIT_FAIL;
	}
	while ((c = getopt_long(argc, argv, "hqv", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help();
			free(marks);
			return cli_close_stdout();
		case 'q':
			quiet = 1;
			break;
		case 'v':
			break;
		case OPT_AFTER:
		case OPT_BEFORE:
			if (!cli_number(c == OPT_AFTER ? "--after" : "--before", optarg, 0,
			    INT32_MAX, &after))
				goto usage_fail;
			where = c == OPT_AFTER ? SB_AT_AFTER : SB_AT_BEFORE;
			nwhere++;
			break;
		case OPT_AT:
			at = optarg;
			break;
		case OPT_BOARD:
			board = optarg;
			break;
		case OPT_COUNT:
			if (!cli_number("--count", optarg, 1, 10000, &count))
				goto usage_fail;
			break;
		case OPT_DAYS_OFF:
			edit.days_off = optarg;
			break;
		case OPT_DB:
			db = optarg;
			break;
		case OPT_EXPAND:
			if (optarg == NULL || strcmp(optarg, "all") == 0) {
				q.expand = SB_EXPAND_ALL;
			} else if (strchr(optarg, '-') != NULL) {
				q.expand = SB_EXPAND_DATE;
				q.expand_date = optarg;
			} else {
				q.expand = SB_EXPAND_DAY;
				if (!cli_number("--expand", optarg, 1, INT32_MAX, &q.expand_day))
					goto usage_fail;
			}
			break;
		case OPT_FIRST:
		case OPT_LAST:
			where = c == OPT_FIRST ? SB_AT_FIRST : SB_AT_LAST;
			nwhere++;
			break;
		case OPT_FORMAT:
			format_name = optarg;
			break;
		case OPT_FROM:
			q.from = optarg;
			break;
		case OPT_HOLIDAY:
		case OPT_OFF:
		case OPT_TRAVEL:
		case OPT_WORK:
		case OPT_CLEAR:
			marks[nmarks].date = optarg;
			marks[nmarks].kind = c == OPT_HOLIDAY ? SB_CAL_HOLIDAY :
			    c == OPT_OFF ? SB_CAL_OFF : c == OPT_TRAVEL ? SB_CAL_TRAVEL :
			    c == OPT_WORK ? SB_CAL_WORK : 0;
			nmarks++;
			break;
		case OPT_NOTE: {
			char *eq = strchr(optarg, '=');

			if (eq == NULL) {
				rc = cli_usage_error(usage, "--note: DATE=TEXT, not \"%s\"", optarg);
				free(marks);
				return rc;
			}
			*eq = '\0';
			marks[nmarks].date = optarg;
			marks[nmarks].kind = SB_CAL_EVENT;
			marks[nmarks].name = eq + 1;
			nmarks++;
			break;
		}
		case OPT_IF_VERSION:
			if (!cli_number("--if-version", optarg, 0, INT64_MAX / 2, &if_version))
				goto usage_fail;
			break;
		case OPT_LIMIT:
			if (!cli_number("--limit", optarg, 1, INT64_MAX / 2, &q.limit))
				goto usage_fail;
			break;
		case OPT_PROJECT:
			project = optarg;
			break;
		case OPT_START:
			edit.start = optarg;
			break;
		case OPT_TO:
			to = optarg;
			break;
		case OPT_VERSION:
			cli_version();
			free(marks);
			return cli_close_stdout();
		default:
			goto usage_fail;
		}
	}
	edit.marks = marks;
	edit.nmarks = nmarks;
	if (optind >= argc) {
		free(marks);
		return cli_usage_error(usage, "list, calendar, add, drop, move, split or join?");
	}
	cmd = argv[optind++];
	if (nwhere > 1) {
		free(marks);
		return cli_usage_error(usage, "one of --after, --before, --first, --last");
	}
	/* the day numbers the command takes */
	if (strcmp(cmd, "drop") == 0 || strcmp(cmd, "move") == 0 ||
	    strcmp(cmd, "split") == 0 || strcmp(cmd, "join") == 0) {
		if (optind >= argc) {
			free(marks);
			return cli_usage_error(usage, "%s which day?", cmd);
		}
		if (!cli_number(cmd, argv[optind++], 1, INT32_MAX, &n))
			goto usage_fail;
		m = n + 1;
		if (strcmp(cmd, "join") == 0 && optind < argc &&
		    !cli_number(cmd, argv[optind++], 1, INT32_MAX, &m))
			goto usage_fail;
	}
	if (optind != argc) {
		rc = cli_usage_error(usage, "unexpected argument \"%s\"", argv[optind]);
		free(marks);
		return rc;
	}
	if (strcmp(cmd, "list") == 0) {
		q.board = board;
		q.to = to;
		q.after = after > 0 ? after : 0;
		if (nwhere > 0 && where != SB_AT_AFTER)
			goto usage_fail;
	} else if (strcmp(cmd, "add") == 0 && where == SB_AT_BEFORE) {
		free(marks);
		return cli_usage_error(usage, "add: --after N or --first, not --before");
	} else if (strcmp(cmd, "move") == 0 && nwhere == 0) {
		free(marks);
		return cli_usage_error(usage, "move day %lld where? --after M, --before M, "
		    "--first or --last", (long long)n);
	} else if (strcmp(cmd, "split") == 0 && at == NULL) {
		free(marks);
		return cli_usage_error(usage, "split day %lld before which strip? --at STRIP",
		    (long long)n);
	} else if (strcmp(cmd, "drop") == 0 && to != NULL && strcmp(to, "boneyard") != 0 &&
	    strcmp(to, "prev") != 0 && strcmp(to, "next") != 0) {
		free(marks);
		return cli_usage_error(usage, "drop --to: boneyard, prev or next, not \"%s\"",
		    to);
	} else if (strcmp(cmd, "calendar") != 0 && strcmp(cmd, "add") != 0 &&
	    strcmp(cmd, "drop") != 0 && strcmp(cmd, "move") != 0 &&
	    strcmp(cmd, "split") != 0 && strcmp(cmd, "join") != 0) {
		free(marks);
		return cli_usage_error(usage, "\"%s\" is not list, calendar, add, drop, "
		    "move, split or join", cmd);
	}
	format = cli_format(format_name, formats, sizeof(formats) / sizeof(formats[0]));
	if (format < 0)
		goto usage_fail;

	ctx = cli_context();
	rc = cli_open(ctx, db, strcmp(cmd, "list") == 0 ? SB_OPEN_READONLY : 0, project,
	    &project_id);
	if (rc == SB_OK && strcmp(cmd, "list") == 0) {
		rc = sb_day_list(ctx, project_id, &q, format, stdout);
	} else if (rc == SB_OK && (rc = sb_board_find(ctx, project_id, board,
	    &board_id)) == SB_OK) {
		if (strcmp(cmd, "calendar") == 0) {
			if (edit.start == NULL && edit.days_off == NULL && nmarks == 0)
				rc = sb_calendar_show(ctx, board_id, format, stdout);
			else
				rc = sb_calendar_edit(ctx, board_id, &edit, if_version);
		} else if (strcmp(cmd, "add") == 0) {
			int64_t first;

			rc = sb_day_add(ctx, board_id, where == SB_AT_FIRST ? 0 :
			    where == SB_AT_AFTER ? after : -1, count, &first);
			if (rc == SB_OK && !quiet)
				fprintf(stderr, "%s: added day%s %lld%s\n", cli_prog,
				    count > 1 ? "s" : "", (long long)first, count > 1 ?
				    " and following" : "");
		} else if (strcmp(cmd, "drop") == 0) {
			rc = sb_day_drop(ctx, board_id, n, to == NULL ||
			    strcmp(to, "boneyard") == 0 ? SB_DROP_BONEYARD :
			    strcmp(to, "prev") == 0 ? SB_DROP_PREV : SB_DROP_NEXT, if_version);
		} else if (strcmp(cmd, "move") == 0) {
			rc = sb_day_move(ctx, board_id, n, where, after, if_version);
		} else if (strcmp(cmd, "split") == 0) {
			rc = sb_day_split(ctx, board_id, n, at, if_version);
		} else {
			rc = sb_day_join(ctx, board_id, n, m, if_version);
		}
		if (rc == SB_ECONFLICT && sb_conflict_report(ctx) != NULL)
			printf("%s\n", sb_conflict_report(ctx));
	}
	free(marks);
	if (rc != SB_OK) {
		status = cli_fail(ctx, rc);
		sb_ctx_free(ctx);
		cli_close_stdout();
		return status;
	}
	sb_ctx_free(ctx);
	return cli_close_stdout();
usage_fail:
	free(marks);
	fputs(usage, stderr);
	return EXIT_USAGE;
}
