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
	    "                 [--format %s] [--spreadsheet]\n"
	    "                 [--valid | --keep] [--as-of TIME|ID]\n", format_names);
}

/* The formats sb-export writes, one a line, from the library's table. */
static void
help_formats(void)
{
	struct sb_format_info f;

	fputs("\nFormats (--format):\n", stdout);
	for (size_t i = 0; sb_format_info(i, &f); i++)
		if (f.flags & SB_FORMAT_WRITE)
			printf("  %-8s %-31s %s\n", f.name, f.title,
			    f.flags & SB_FORMAT_BOARD ? "one board" : "the whole project");
}

enum { OPT_SPREADSHEET = 256, OPT_VALID, OPT_KEEP };

static const struct cli_opt options[] = {
	{ "db", 0, required_argument, CLI_DB, 0, "FILE",
	    "the database (default $SB_DB, else ./stripboard.db)" },
	{ "project", 0, required_argument, CLI_PROJECT, 0, "NAME",
	    "the project (default: the only one)" },
	{ "board", 0, required_argument, CLI_BOARD, 0, "NAME",
	    "the board (default: the active board, else the first)" },
	{ "format", 0, required_argument, CLI_FORMAT, 0, "FORMAT",
	    "a name below (default: table on a terminal, csv\notherwise)" },
	{ "spreadsheet", 0, no_argument, OPT_SPREADSHEET, 0, NULL,
	    "CSV for a spreadsheet, not a pipe: a byte order\nmark, and cells "
	    "that begin with = + - @ tab or CR\nwritten as text ('=...), so "
	    "none runs as a formula" },
	{ "valid", 0, no_argument, OPT_VALID, 0, NULL,
	    "USS: the valid form (what the standard's\nvalidator accepts) even for a "
	    "project read\nfrom USS: type strip is scene, missing\nrequired keys "
	    "filled, extension keys left out" },
	{ "keep", 0, no_argument, OPT_KEEP, 0, NULL,
	    "USS: the form as kept, extension keys and\nall (\"_msd\"...), even "
	    "for a project not\nread from USS" },
	{ "as-of", 0, required_argument, CLI_AS_OF, 0, "TIME|ID",
	    "the project as it stood at a time (the last\nchange then) or an "
	    "audit id, rebuilt from\nthe audit trail" },
	{ "quiet", 'q', no_argument, CLI_QUIET, 0, NULL,
	    "accepted, as by every sb command; changes nothing" },
	{ "verbose", 'v', no_argument, CLI_VERBOSE, 0, NULL,
	    "accepted, as by every sb command; changes nothing" },
	{ 0 }
};

static const struct cli_cmd cmd = {
	usage,	/* init_formats() writes it */
	"Write one board as rows (one strip per row, in board order), or the\n"
	"whole project in a format that holds every board (uss, msd).\n",
	NULL, options, NULL,
	"Exit status: 0 ok, 1 failure, 2 usage, 3 bad data in the database,\n"
	"4 no such database, project or board, 6 database busy.\n",
	help_formats
};

/* The command line, as the options set it. */
struct export_opts {
	struct cli_common c;
	int sheet, valid, keep;
};

static int
set_option(void *state, int id, const char *arg)
{
	struct export_opts *o = state;

	switch (id) {
	case OPT_SPREADSHEET:
		o->sheet = 1;
		break;
	case OPT_VALID:
		o->valid = 1;
		break;
	case OPT_KEEP:
		o->keep = 1;
		break;
	default:
		return cli_common_setter(&o->c, id, arg);
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct export_opts o = { CLI_COMMON_INIT, 0, 0, 0 };
	struct cli_args a;
	int rc, format, status;
	int64_t project_id, shown;
	sb_ctx *ctx;

	cli_init("sb-export", argc, argv);
	init_formats();
	if ((rc = cli_parse(&cmd, argc, argv, set_option, &o, &a)) >= 0)
		return rc;
	if (a.argc > 0)
		return cli_usage_error(usage, "unexpected argument \"%s\"", a.argv[0]);
	format = cli_format(o.sheet && o.c.format == NULL ? "csv" :
	    o.c.format, formats, nformats);
	if (format < 0) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (o.valid && o.keep)
		return cli_usage_error(usage, "--valid and --keep: one form or the other");
	if ((o.valid || o.keep) && format != SB_FMT_USS)
		return cli_usage_error(usage, "--%s is a form of USS, not of %s",
		    o.valid ? "valid" : "keep", sb_format_name(format));
	if (o.sheet && format != sb_format_from_name("csv"))
		return cli_usage_error(usage, "--spreadsheet writes CSV, not %s",
		    sb_format_name(format));
	if (o.c.board != NULL && !(sb_format_flags(format) & SB_FORMAT_BOARD)) {
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
	rc = sb_open(ctx, cli_db_path(o.c.db), SB_OPEN_READONLY | SB_OPEN_SERVER);
	if (rc == SB_OK)
		rc = sb_project_find(ctx, o.c.project, &project_id);
	if (rc == SB_OK && o.c.as_of != NULL)
		rc = sb_as_of(ctx, project_id, o.c.as_of, &shown);
	if (rc == SB_OK) {
		sb_set_export_flags(ctx, (o.sheet ? SB_EXPORT_SPREADSHEET : 0) |
		    (o.valid ? SB_EXPORT_VALID : 0) | (o.keep ? SB_EXPORT_KEPT : 0));
		rc = sb_export(ctx, project_id, o.c.board, format, stdout);
	}
	if (rc != SB_OK) {
		status = cli_fail(ctx, rc);
		sb_ctx_free(ctx);
		return status;
	}
	sb_ctx_free(ctx);
	return cli_close_stdout();
}
