/*
 * sb-export - write a board, or a whole project, out of a stripboard file.
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char usage[] =
    "usage: sb-export [-hqv] [--db FILE] [--project NAME] [--board NAME]\n"
    "                 [--format csv|json|ndjson|table|uss]\n";

static void
help(void)
{
	fputs(usage, stdout);
	fputs("\n"
	    "Write one board as rows (one strip per row, in board order), or the\n"
	    "whole project as a Universal Schedule Standard file (--format uss).\n\n"
	    "  --db FILE        the database (default $SB_DB, else ./stripboard.db)\n"
	    "  --project NAME   the project (default: the only one)\n"
	    "  --board NAME     the board (default: the active board, else the first)\n"
	    "  --format FORMAT  csv, json, ndjson, table or uss (default: table on a\n"
	    "                   terminal, csv otherwise)\n"
	    "  -q, --quiet      say nothing but errors\n"
	    "  -v, --verbose    say more\n"
	    "  -h, --help       this help\n"
	    "      --version    versions of the command, the library and SQLite\n\n"
	    "Exit status: 0 ok, 1 failure, 2 usage, 3 bad data in the database,\n"
	    "4 no such database, project or board, 6 database busy.\n", stdout);
}

int
main(int argc, char *argv[])
{
	enum { OPT_DB = 256, OPT_PROJECT, OPT_BOARD, OPT_FORMAT, OPT_VERSION };
	static const struct option longopts[] = {
		{ "board", required_argument, NULL, OPT_BOARD },
		{ "db", required_argument, NULL, OPT_DB },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "help", no_argument, NULL, 'h' },
		{ "project", required_argument, NULL, OPT_PROJECT },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	static const int formats[] = { SB_FMT_CSV, SB_FMT_JSON, SB_FMT_NDJSON,
	    SB_FMT_TABLE, SB_FMT_USS };
	const char *db = NULL, *project = NULL, *board = NULL, *format_name = NULL;
	int c, rc, format, status;
	int64_t project_id;
	sb_ctx *ctx;

	cli_init("sb-export", argc, argv);
	while ((c = getopt_long(argc, argv, "hqv", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help();
			return cli_close_stdout();
		case 'q':
		case 'v':
			break;
		case OPT_BOARD:
			board = optarg;
			break;
		case OPT_DB:
			db = optarg;
			break;
		case OPT_FORMAT:
			format_name = optarg;
			break;
		case OPT_PROJECT:
			project = optarg;
			break;
		case OPT_VERSION:
			cli_version();
			return cli_close_stdout();
		default:
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error(usage, "unexpected argument \"%s\"", argv[optind]);
	format = cli_format(format_name, formats, sizeof(formats) / sizeof(formats[0]));
	if (format < 0) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (format == SB_FMT_USS && board != NULL)
		return cli_usage_error(usage, "--board: a USS file holds every board");

	ctx = cli_context();
	rc = sb_open(ctx, cli_db_path(db), SB_OPEN_READONLY);
	if (rc == SB_OK)
		rc = sb_project_find(ctx, project, &project_id);
	if (rc == SB_OK) {
		if (format == SB_FMT_USS)
			rc = sb_export_uss(ctx, project_id, stdout);
		else
			rc = sb_export_board(ctx, project_id, board, format, stdout);
	}
	if (rc != SB_OK) {
		status = cli_fail(ctx, rc);
		sb_ctx_free(ctx);
		return status;
	}
	sb_ctx_free(ctx);
	return cli_close_stdout();
}
