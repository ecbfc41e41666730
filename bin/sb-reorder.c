/*
 * sb-reorder - move strips on a board, in batches from a pipe, or sort days.
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: sb-reorder [-hqv] [--db FILE] [--project NAME] [--board NAME]\n"
    "                  move STRIP... (--to DAY | --boneyard)\n"
    "                  [--after STRIP | --before STRIP | --first | --last]\n"
    "                  [--if-version V]\n"
    "       sb-reorder [-hqv] [--db FILE] [--project NAME] [--board NAME]\n"
    "                  batch [--atomic] [FILE]\n"
    "       sb-reorder [-hqv] [--db FILE] [--project NAME] [--board NAME]\n"
    "                  sort (--day N | --days N-M | --boneyard) --by KEYS\n";

static void
help(void)
{
	fputs(usage, stdout);
	fputs("\n"
	    "move   Move strips (by id, or a scene number naming one strip) to a\n"
	    "       day: at its end (default), first, or after/before a strip.\n"
	    "       --after/--before alone move to that strip's day.  DAY is a\n"
	    "       day number, \"boneyard\", or another lane's name.\n"
	    "batch  Apply moves from FILE or standard input (CSV or NDJSON with\n"
	    "       strip_id and day, after, before, position, version); an\n"
	    "       exported board fed back moves the strips whose rows moved.\n"
	    "       One NDJSON result line per row on standard output.\n"
	    "sort   Sort a day, days N to M, or the boneyard by keys: int_ext,\n"
	    "       day_night, set, location, scene, pages, cast (-KEY descends).\n\n"
	    "  --db FILE        the database (default $SB_DB, else ./stripboard.db)\n"
	    "  --project NAME   the project (default: the only one)\n"
	    "  --board NAME     the board (default: the active board, else the first)\n"
	    "  --if-version V   refuse (exit 5, a JSON report on standard output) if\n"
	    "                   the strip's placement is no longer at version V\n"
	    "  --atomic         all rows of a batch, or none\n"
	    "  -q, --quiet      no summary on standard error\n"
	    "  -h, --help       this help\n"
	    "      --version    versions of the command, the library and SQLite\n\n"
	    "Exit status: 0 ok, 1 failure, 2 usage, 3 bad input, 4 not found,\n"
	    "5 conflict (a stale version: read again and retry), 6 busy.\n", stdout);
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
	enum { OPT_DB = 256, OPT_PROJECT, OPT_BOARD, OPT_TO, OPT_BONEYARD, OPT_AFTER,
		OPT_BEFORE, OPT_FIRST, OPT_LAST, OPT_IF_VERSION, OPT_ATOMIC, OPT_DAY,
		OPT_DAYS, OPT_BY, OPT_VERSION };
	static const struct option longopts[] = {
		{ "after", required_argument, NULL, OPT_AFTER },
		{ "atomic", no_argument, NULL, OPT_ATOMIC },
		{ "before", required_argument, NULL, OPT_BEFORE },
		{ "board", required_argument, NULL, OPT_BOARD },
		{ "boneyard", no_argument, NULL, OPT_BONEYARD },
		{ "by", required_argument, NULL, OPT_BY },
		{ "day", required_argument, NULL, OPT_DAY },
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "db", required_argument, NULL, OPT_DB },
		{ "first", no_argument, NULL, OPT_FIRST },
		{ "help", no_argument, NULL, 'h' },
		{ "if-version", required_argument, NULL, OPT_IF_VERSION },
		{ "last", no_argument, NULL, OPT_LAST },
		{ "project", required_argument, NULL, OPT_PROJECT },
		{ "quiet", no_argument, NULL, 'q' },
		{ "to", required_argument, NULL, OPT_TO },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	const char *db = NULL, *project = NULL, *board = NULL, *to = NULL,
	    *anchor = NULL, *by = NULL, *cmd;
	enum sb_where where = SB_AT_LAST;
	int64_t if_version = -1, first_day = -1, last_day = -1, project_id, board_id;
	int quiet = 0, atomic = 0, nwhere = 0, c, rc, status;
	sb_ctx *ctx;

	cli_init("sb-reorder", argc, argv);
	while ((c = getopt_long(argc, argv, "hqv", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help();
			return cli_close_stdout();
		case 'q':
			quiet = 1;
			break;
		case 'v':
			break;
		case OPT_AFTER:
		case OPT_BEFORE:
			where = c == OPT_AFTER ? SB_AT_AFTER : SB_AT_BEFORE;
			anchor = optarg;
			nwhere++;
			break;
		case OPT_ATOMIC:
			atomic = 1;
			break;
		case OPT_BOARD:
			board = optarg;
			break;
		case OPT_BONEYARD:
			to = "boneyard";
			break;
		case OPT_BY:
			by = optarg;
			break;
		case OPT_DAY:
			if (!cli_number("--day", optarg, 1, INT32_MAX, &first_day))
				return EXIT_USAGE;
			last_day = first_day;
			break;
		case OPT_DAYS: {
			char *dash = strchr(optarg, '-');

			if (dash == NULL)
				return cli_usage_error(usage, "--days: \"%s\" is not N-M", optarg);
			*dash = '\0';
			if (!cli_number("--days", optarg, 1, INT32_MAX, &first_day) ||
			    !cli_number("--days", dash + 1, first_day, INT32_MAX, &last_day))
				return EXIT_USAGE;
			break;
		}
		case OPT_DB:
			db = optarg;
			break;
		case OPT_FIRST:
		case OPT_LAST:
			where = c == OPT_FIRST ? SB_AT_FIRST : SB_AT_LAST;
			nwhere++;
			break;
		case OPT_IF_VERSION:
			if (!cli_number("--if-version", optarg, 0, INT64_MAX / 2, &if_version))
				return EXIT_USAGE;
			break;
		case OPT_PROJECT:
			project = optarg;
			break;
		case OPT_TO:
			to = optarg;
			break;
		case OPT_VERSION:
			cli_version();
			return cli_close_stdout();
		default:
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return cli_usage_error(usage, "move, batch or sort?");
	cmd = argv[optind++];
	if (nwhere > 1)
		return cli_usage_error(usage, "one of --after, --before, --first, --last");
	if (strcmp(cmd, "move") == 0) {
		if (optind >= argc)
			return cli_usage_error(usage, "move which strip?");
		if (to == NULL && anchor == NULL)
			return cli_usage_error(usage, "move where? --to DAY, --boneyard, "
			    "--after or --before STRIP");
		if (if_version >= 0 && argc - optind > 1)
			return cli_usage_error(usage, "--if-version checks one strip at a time");
	} else if (strcmp(cmd, "batch") == 0) {
		if (argc - optind > 1)
			return cli_usage_error(usage, "one FILE at a time");
	} else if (strcmp(cmd, "sort") == 0) {
		if (by == NULL)
			return cli_usage_error(usage, "sort by what? --by KEYS");
		if (first_day < 0 && (to == NULL || strcmp(to, "boneyard") != 0))
			return cli_usage_error(usage, "sort which? --day N, --days N-M or "
			    "--boneyard");
		if (optind != argc)
			return cli_usage_error(usage, "unexpected argument \"%s\"", argv[optind]);
	} else {
		return cli_usage_error(usage, "\"%s\" is not move, batch or sort", cmd);
	}

	ctx = cli_context();
	rc = cli_open(ctx, db, 0, project, &project_id);
	if (rc == SB_OK && strcmp(cmd, "move") == 0) {
		struct sb_move m = { (const char *const *)&argv[optind],
		    (size_t)(argc - optind), to, where, anchor, if_version };
		struct sb_move_result res;

		if ((rc = sb_board_find(ctx, project_id, board, &board_id)) == SB_OK)
			rc = conflict_out(ctx, sb_move(ctx, board_id, &m, &res));
		if (rc == SB_OK && !quiet)
			fprintf(stderr, "%s: moved %zu strip%s%s (version %lld)\n", cli_prog,
			    res.moved, res.moved == 1 ? "" : "s", res.unchanged > 0 ?
			    ", the others were in place" : "", (long long)res.version);
	} else if (rc == SB_OK && strcmp(cmd, "batch") == 0) {
		struct sb_batch_opts opts = { board, atomic };
		struct sb_batch_summary sum;

		rc = sb_reorder_batch(ctx, project_id, optind < argc ? argv[optind] : "-",
		    &opts, stdout, &sum);
		if (!quiet)
			fprintf(stderr, "%s: %zu rows: %zu moved, %zu in place, %zu "
			    "conflicts, %zu errors%s\n", cli_prog, sum.rows, sum.moved,
			    sum.unchanged, sum.conflicts, sum.errors,
			    atomic && rc != SB_OK ? " (nothing applied)" : "");
	} else if (rc == SB_OK) {
		struct sb_move_result res;

		if ((rc = sb_board_find(ctx, project_id, board, &board_id)) == SB_OK)
			rc = sb_sort(ctx, board_id, first_day < 0 ? 0 : first_day,
			    last_day < 0 ? 0 : last_day, by, &res);
		if (rc == SB_OK && !quiet)
			fprintf(stderr, "%s: sorted: %zu strips moved, %zu stayed\n",
			    cli_prog, res.moved, res.unchanged);
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
