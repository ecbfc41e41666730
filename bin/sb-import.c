/*
 * sb-import - read a production into a stripboard file.
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: sb-import [-hqv] [--db FILE] [--project NAME] [--replace | --update]\n"
    "                 [--from FORMAT] [--format text|json] FILE\n";

/* The formats sb-import reads, one a line, from the library's table. */
static void
help_formats(void)
{
	struct sb_format_info f;

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

static void
help(void)
{
	fputs(usage, stdout);
	fputs("\n"
	    "Read a production in one of the formats below into the database as\n"
	    "one project, in one transaction: all of it or nothing.\n"
	    "FILE - reads standard input.\n\n"
	    "  --db FILE        the database (default $SB_DB, else ./stripboard.db)\n"
	    "  --project NAME   the project's name (default: from the file)\n"
	    "  --replace        replace a project of the same name\n"
	    "  --update         FILE is a new draft of the script (a format marked\n"
	    "                   --update below): merge it into the project by scene\n"
	    "                   number and print each change as NDJSON on standard\n"
	    "                   output\n"
	    "  --from FORMAT    read FILE as FORMAT, a name below (default: tell\n"
	    "                   from the content)\n"
	    "  --format FORMAT  the summary: text on stderr (default) or json on stdout\n"
	    "  -q, --quiet      no summary, no warnings\n"
	    "  -v, --verbose    say more\n"
	    "  -h, --help       this help\n"
	    "      --version    versions of the command, the library and SQLite\n\n"
	    "Formats (--from):\n", stdout);
	help_formats();
	fputs("\n"
	    "Exit status: 0 ok, 1 failure, 2 usage, 3 bad input data, 4 no such\n"
	    "file, 6 database busy.\n", stdout);
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
	enum { OPT_DB = 256, OPT_PROJECT, OPT_REPLACE, OPT_UPDATE, OPT_FROM, OPT_FORMAT,
		OPT_VERSION };
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, OPT_DB },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "help", no_argument, NULL, 'h' },
		{ "project", required_argument, NULL, OPT_PROJECT },
		{ "quiet", no_argument, NULL, 'q' },
		{ "replace", no_argument, NULL, OPT_REPLACE },
		{ "update", no_argument, NULL, OPT_UPDATE },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	struct sb_import_opts opts;
	struct sb_import_summary sum;
	const char *db = NULL, *summary_format = "text";
	int quiet = 0, verbose = 0, c, rc, status;
	sb_ctx *ctx;

	memset(&opts, 0, sizeof(opts));
	opts.format = SB_FMT_AUTO;
	opts.warn = warn;
	cli_init("sb-import", argc, argv);
	while ((c = getopt_long(argc, argv, "hqv", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help();
			return cli_close_stdout();
		case 'q':
			quiet = 1;
			opts.warn = NULL;
			break;
		case 'v':
			verbose = 1;
			break;
		case OPT_DB:
			db = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") != 0 && strcmp(optarg, "json") != 0)
				return cli_usage_error(usage, "--format: \"%s\" is "
				    "neither text nor json", optarg);
			summary_format = optarg;
			break;
		case OPT_FROM:
			opts.format = sb_format_from_name(optarg);
			if (!(sb_format_flags(opts.format) & SB_FORMAT_READ))
				return cli_usage_error(usage, "--from: \"%s\" is not a "
				    "format sb-import reads", optarg);
			break;
		case OPT_PROJECT:
			opts.project = optarg;
			break;
		case OPT_REPLACE:
			opts.replace = 1;
			break;
		case OPT_UPDATE:
			opts.update = 1;
			opts.changes = stdout;
			break;
		case OPT_VERSION:
			cli_version();
			return cli_close_stdout();
		default:
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(usage, argc == optind ? "no FILE to import" :
		    "one FILE at a time");
	if (opts.update && opts.replace)
		return cli_usage_error(usage, "--update merges into a project, "
		    "--replace replaces it: one or the other");
	if (opts.update && strcmp(summary_format, "json") == 0)
		return cli_usage_error(usage, "--update prints the changes on "
		    "standard output; the summary stays text, on standard error");

	ctx = cli_context();
	rc = sb_open(ctx, cli_db_path(db), SB_OPEN_CREATE);
	if (rc == SB_OK)
		rc = sb_import(ctx, argv[optind], &opts, &sum);
	if (rc != SB_OK) {
		status = cli_fail(ctx, rc);
		/* a failed import leaves no new, empty database behind */
		if (sb_created(ctx))
			sb_discard_created(ctx);
		sb_ctx_free(ctx);
		return status;
	}
	if (opts.update) {
		if (!quiet)
			fprintf(stderr, "%s: %s: updated \"%s\" (%s): %lld scenes "
			    "changed, %lld added, %lld omitted, %lld restored, "
			    "%lld unchanged\n", cli_prog, argv[optind], sum.project,
			    sb_format_name(sum.format), (long long)sum.changed,
			    (long long)sum.added, (long long)sum.omitted,
			    (long long)sum.restored, (long long)sum.unchanged);
	} else if (strcmp(summary_format, "json") == 0) {
		fputs("{\"project\":", stdout);
		sb_json_write_string(stdout, sum.project);
		printf(",\"format\":\"%s\",\"strips\":%lld,\"categories\":%lld,"
		    "\"elements\":%lld,\"boards\":%lld,\"days\":%lld,"
		    "\"calendars\":%lld,\"warnings\":%lld}\n",
		    sb_format_name(sum.format), (long long)sum.strips,
		    (long long)sum.categories, (long long)sum.elements,
		    (long long)sum.boards, (long long)sum.days,
		    (long long)sum.calendars, (long long)sum.warnings);
	} else if (!quiet) {
		fprintf(stderr, "%s: %s: imported \"%s\" (%s): %lld strips, "
		    "%lld elements in %lld categories, %lld boards, %lld shoot days, "
		    "%lld calendars\n", cli_prog, argv[optind], sum.project,
		    sb_format_name(sum.format), (long long)sum.strips,
		    (long long)sum.elements, (long long)sum.categories,
		    (long long)sum.boards, (long long)sum.days,
		    (long long)sum.calendars);
		if (verbose && sum.warnings > 0)
			fprintf(stderr, "%s: %lld warnings\n", cli_prog,
			    (long long)sum.warnings);
	}
	sb_ctx_free(ctx);
	return cli_close_stdout();
}
