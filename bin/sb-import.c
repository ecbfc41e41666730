/*
 * sb-import - read a production into a stripboard file.
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The formats sb-import reads, one a line, from the library's table. */
static void
help_formats(void)
{
	struct sb_format_info f;

	fputs("\nFormats (--from):\n", stdout);
	for (size_t i = 0; sb_format_info(i, &f); i++) {
		if (!(f.flags & SB_FORMAT_READ))
			continue;
		printf("  %-8s %-31s ", f.name, f.title);
		if (f.flags & SB_FORMAT_REVISION)
			printf("%-8s --update\n", f.extensions);
		else
			printf("%s\n", f.extensions);
	}
}

enum { OPT_REPLACE = 256, OPT_UPDATE, OPT_FROM, OPT_FORMAT };

static const struct cli_opt options[] = {
	{ "db", 0, required_argument, CLI_DB, 0, "FILE",
	    "the database (default $SB_DB, else ./stripboard.db)" },
	{ "project", 0, required_argument, CLI_PROJECT, 0, "NAME",
	    "the project's name (default: from the file)" },
	{ "replace", 0, no_argument, OPT_REPLACE, 0, NULL,
	    "replace a project of the same name" },
	{ "update", 0, no_argument, OPT_UPDATE, 0, NULL,
	    "FILE is a new draft of the script (a format marked\n"
	    "--update below): merge it into the project by scene\n"
	    "number and print each change as NDJSON on standard\n"
	    "output" },
	{ "from", 0, required_argument, OPT_FROM, 0, "FORMAT",
	    "read FILE as FORMAT, a name below (default: tell\n"
	    "from the content)" },
	{ "format", 0, required_argument, OPT_FORMAT, 0, "FORMAT",
	    "the summary: text on stderr (default) or json on stdout" },
	{ "quiet", 'q', no_argument, CLI_QUIET, 0, NULL, "no summary, no warnings" },
	{ "verbose", 'v', no_argument, CLI_VERBOSE, 0, NULL, "say more" },
	{ 0 }
};

static const struct cli_conflict conflicts[] = {
	{ "update", "replace", "--update merges into a project, --replace replaces it" },
	{ "quiet", "verbose", NULL },
	{ NULL, NULL, NULL }
};

static const struct cli_cmd cmd = {
	"usage: sb-import [-hqv] [--db FILE] [--project NAME] [--replace | --update]\n"
	"                 [--from FORMAT] [--format text|json] FILE\n",
	"Read a production in one of the formats below into the database as\n"
	"one project, in one transaction: all of it or nothing.\n"
	"FILE - reads standard input.\n",
	NULL, options, conflicts,
	"Exit status: 0 ok, 1 failure, 2 usage, 3 bad input data, 4 no such\n"
	"file, 6 database busy.\n",
	help_formats
};

/* The command line, as the options set it. */
struct import_opts {
	struct cli_common c;		/* --format is sb-import's own */
	struct sb_import_opts import;	/* import.project: after cli_parse() */
	const char *summary_format;
};

static int
set_option(void *state, int id, const char *arg)
{
	struct import_opts *o = state;

	switch (id) {
	case OPT_FORMAT:
		if (strcmp(arg, "text") != 0 && strcmp(arg, "json") != 0)
			return cli_usage_error(cmd.usage, "--format: \"%s\" is neither "
			    "text nor json", arg);
		o->summary_format = arg;
		break;
	case OPT_FROM:
		o->import.format = sb_format_from_name(arg);
		if (!(sb_format_flags(o->import.format) & SB_FORMAT_READ))
			return cli_usage_error(cmd.usage, "--from: \"%s\" is not a format "
			    "sb-import reads", arg);
		break;
	case OPT_REPLACE:
		o->import.replace = 1;
		break;
	case OPT_UPDATE:
		o->import.update = 1;
		o->import.changes = stdout;
		break;
	default:
		return cli_common_setter(&o->c, id, arg);
	}
	return 0;
}

static void
warn(void *arg, const char *message)
{
	(void)arg;
	cli_error("warning: %s", message);
}

int
main(int argc, char *argv[])
{
	static const struct cli_common common = CLI_COMMON_INIT;
	struct import_opts o;
	struct sb_import_summary sum;
	struct cli_args a;
	const char *file;
	int rc, status;
	sb_ctx *ctx;

	memset(&o, 0, sizeof(o));
	o.c = common;
	o.import.format = SB_FMT_AUTO;
	o.import.warn = warn;
	o.summary_format = "text";
	cli_init("sb-import", argc, argv);
	if ((rc = cli_parse(&cmd, argc, argv, set_option, &o, &a)) >= 0)
		return rc;
	o.import.project = o.c.project;
	if (o.c.quiet)
		o.import.warn = NULL;
	if (a.argc != 1)
		return cli_usage_error(cmd.usage, a.argc == 0 ? "no FILE to import" :
		    "one FILE at a time");
	if (o.import.update && strcmp(o.summary_format, "json") == 0)
		return cli_usage_error(cmd.usage, "--update prints the changes on "
		    "standard output; the summary stays text, on standard error");
	file = a.argv[0];

	ctx = cli_context();
	rc = sb_open(ctx, cli_db_path(o.c.db), SB_OPEN_CREATE | SB_OPEN_STAGE |
	    SB_OPEN_SERVER);
	if (rc == SB_OK)
		rc = sb_import(ctx, file, &o.import, &sum);
	if (rc != SB_OK) {
		status = cli_fail(ctx, rc);
		/* a failed import leaves no new, empty database behind */
		if (sb_created(ctx))
			sb_discard_created(ctx);
		sb_ctx_free(ctx);
		return status;
	}
	if (o.import.update) {
		if (!o.c.quiet)
			fprintf(stderr, "%s: %s: updated \"%s\" (%s): %lld %s changed, "
			    "%lld added, %lld omitted, %lld restored, %lld unchanged\n",
			    cli_prog, file, sum.project, sb_format_name(sum.format),
			    (long long)sum.changed, cli_plural(sum.changed, "scene",
			    "scenes"), (long long)sum.added, (long long)sum.omitted,
			    (long long)sum.restored, (long long)sum.unchanged);
	} else if (strcmp(o.summary_format, "json") == 0) {
		fputs("{\"project\":", stdout);
		sb_json_write_string(stdout, sum.project);
		printf(",\"format\":\"%s\",\"strips\":%lld,\"categories\":%lld,"
		    "\"elements\":%lld,\"boards\":%lld,\"days\":%lld,"
		    "\"calendars\":%lld,\"warnings\":%lld}\n",
		    sb_format_name(sum.format), (long long)sum.strips,
		    (long long)sum.categories, (long long)sum.elements,
		    (long long)sum.boards, (long long)sum.days,
		    (long long)sum.calendars, (long long)sum.warnings);
	} else if (!o.c.quiet) {
		fprintf(stderr, "%s: %s: imported \"%s\" (%s): %lld %s, "
		    "%lld %s in %lld %s, %lld %s, %lld shoot %s, %lld %s\n",
		    cli_prog, file, sum.project, sb_format_name(sum.format),
		    (long long)sum.strips, cli_plural(sum.strips, "strip", "strips"),
		    (long long)sum.elements, cli_plural(sum.elements, "element",
		    "elements"), (long long)sum.categories, cli_plural(sum.categories,
		    "category", "categories"), (long long)sum.boards,
		    cli_plural(sum.boards, "board", "boards"), (long long)sum.days,
		    cli_plural(sum.days, "day", "days"), (long long)sum.calendars,
		    cli_plural(sum.calendars, "calendar", "calendars"));
		if (o.c.verbose && sum.warnings > 0)
			fprintf(stderr, "%s: %lld %s\n", cli_prog,
			    (long long)sum.warnings, cli_plural(sum.warnings, "warning",
			    "warnings"));
	}
	sb_ctx_free(ctx);
	return cli_close_stdout();
}
