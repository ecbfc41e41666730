/*
 * sb-export - write a board, or a whole project, out of a stripboard file.
 */
#include <config.h>

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

/* The formats come from the library's table: whatever it writes. */
static int formats[32];
static size_t nformats;
static char format_names[256]; /* "csv|json|..." */
static char usage[512];

static void
init_formats(void)
{
	struct sb_format_info f;
	size_t len = 0;

	for (size_t i = 0; sb_format_info(i, &f) && nformats < 32; i++) {
		if (!(f.flags & SB_FORMAT_WRITE) || len >= sizeof(format_names))
			continue;
		formats[nformats++] = f.format;
		len += (size_t)snprintf(format_names + len, sizeof(format_names) - len,
		    "%s%s", len == 0 ? "" : "|", f.name);
	}
	snprintf(usage, sizeof(usage),
	    "usage: sb-export [-hqv] [--db FILE] [--project NAME] [--board NAME]\n"
	    "                 [--format %s] [--spreadsheet]\n", format_names);
}

static void
help(void)
{
	struct sb_format_info f;

	fputs(usage, stdout);
	fputs("\n"
	    "Write one board as rows (one strip per row, in board order), or the\n"
	    "whole project in a format that holds every board (uss).\n\n"
	    "  --db FILE        the database (default $SB_DB, else ./stripboard.db)\n"
	    "  --project NAME   the project (default: the only one)\n"
	    "  --board NAME     the board (default: the active board, else the first)\n"
	    "  --format FORMAT  a name below (default: table on a terminal, csv\n"
	    "                   otherwise)\n"
	    "  --spreadsheet    CSV for a spreadsheet, not a pipe: a byte order\n"
	    "                   mark, and cells that begin with = + - @ tab or CR\n"
	    "                   written as text ('=...), so none runs as a formula\n"
	    "  -q, --quiet      say nothing but errors\n"
	    "  -v, --verbose    say more\n"
	    "  -h, --help       this help\n"
	    "      --version    versions of the command, the library and SQLite\n\n"
	    "Formats (--format):\n", stdout);
	for (size_t i = 0; sb_format_info(i, &f); i++)
		if (f.flags & SB_FORMAT_WRITE)
			printf("  %-8s %-31s %s\n", f.name, f.title,
			    f.flags & SB_FORMAT_BOARD ? "one board" : "the whole project");
	fputs("\n"
	    "Exit status: 0 ok, 1 failure, 2 usage, 3 bad data in the database,\n"
	    "4 no such database, project or board, 6 database busy.\n", stdout);
}

int
main(int argc, char *argv[])
{
	enum { OPT_DB = 256, OPT_PROJECT, OPT_BOARD, OPT_FORMAT, OPT_VERSION,
		OPT_SPREADSHEET };
	static const struct option longopts[] = {
		{ "board", required_argument, NULL, OPT_BOARD },
		{ "db", required_argument, NULL, OPT_DB },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "help", no_argument, NULL, 'h' },
		{ "project", required_argument, NULL, OPT_PROJECT },
		{ "quiet", no_argument, NULL, 'q' },
		{ "spreadsheet", no_argument, NULL, OPT_SPREADSHEET },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	const char *db = NULL, *project = NULL, *board = NULL, *format_name = NULL;
	int c, rc, format, status, sheet = 0;
	int64_t project_id;
	sb_ctx *ctx;

	cli_init("sb-export", argc, argv);
	init_formats();
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
		case OPT_SPREADSHEET:
			sheet = 1;
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
	format = cli_format(sheet && format_name == NULL ? "csv" : format_name,
	    formats, nformats);
	if (format < 0) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (sheet && format != sb_format_from_name("csv"))
		return cli_usage_error(usage, "--spreadsheet writes CSV, not %s",
		    sb_format_name(format));
	if (board != NULL && !(sb_format_flags(format) & SB_FORMAT_BOARD)) {
		char upper[32];
		size_t k;
		const char *name = sb_format_name(format);

		for (k = 0; name[k] != '\0' && k + 1 < sizeof(upper); k++)
			upper[k] = (char)toupper((unsigned char)name[k]);
		upper[k] = '\0';
		return cli_usage_error(usage, "--board: a %s file holds every board",
		    upper);
	}

	ctx = cli_context();
	rc = sb_open(ctx, cli_db_path(db), SB_OPEN_READONLY);
	if (rc == SB_OK)
		rc = sb_project_find(ctx, project, &project_id);
	if (rc == SB_OK) {
		sb_set_export_flags(ctx, sheet ? SB_EXPORT_SPREADSHEET : 0);
		rc = sb_export(ctx, project_id, board, format, stdout);
	}
	if (rc != SB_OK) {
		status = cli_fail(ctx, rc);
		sb_ctx_free(ctx);
		return status;
	}
	sb_ctx_free(ctx);
	return cli_close_stdout();
}
