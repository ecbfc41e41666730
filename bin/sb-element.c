/*
 * sb-element - the elements of a category (cast, props...): list them with
 * their board ids and scene counts, rename one, merge two, set or renumber
 * board ids.
 */
#include <config.h>

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { LIST, RENAME, MERGE, NUMBER, RENUMBER };

static const struct cli_opt list_opts[] = {
	CLI_OPT_FORMAT,
	{ 0 }
};

static const struct cli_opt version_opts[] = {
	CLI_OPT_IF_VERSION(
	    "refuse (exit 5, a JSON report on standard\noutput) unless the element "
	    "is at version V"),
	{ 0 }
};

static const struct cli_opt none[] = { { 0 } };

static const struct cli_sub subs[] = {
	{ "list", LIST,
	    "list CATEGORY\n"
	    "  The category's elements: id, name, board id, scenes, version.\n",
	    list_opts },
	{ "rename", RENAME,
	    "rename CATEGORY NAME NEW\n"
	    "  Rename an element.\n", version_opts },
	{ "merge", MERGE,
	    "merge CATEGORY FROM INTO\n"
	    "  Every strip naming FROM names INTO instead; FROM goes (the\n"
	    "  duplicates a tagging pass leaves: GEORGE and George).\n", version_opts },
	{ "number", NUMBER,
	    "number CATEGORY NAME ID\n"
	    "  Set an element's board id (cast number); \"\" clears it.  Board ids\n"
	    "  are unique in their category.\n", version_opts },
	{ "renumber", RENUMBER,
	    "renumber CATEGORY\n"
	    "  Number the elements 1, 2, ... by scene count, the most first.\n", none },
	{ NULL, 0, NULL, NULL }
};

static const struct cli_opt globals[] = {
	CLI_OPT_DB,
	CLI_OPT_PROJECT,
	CLI_OPT_QUIET,
	CLI_OPT_VERBOSE,
	{ 0 }
};

static const struct cli_cmd cmd = {
	"usage: sb-element [-hqv] [--db FILE] [--project NAME] list CATEGORY\n"
	"                  [--format FMT]\n"
	"       sb-element [-hqv] [--db FILE] [--project NAME] rename CATEGORY NAME NEW\n"
	"                  [--if-version V]\n"
	"       sb-element [-hqv] [--db FILE] [--project NAME] merge CATEGORY FROM INTO\n"
	"                  [--if-version V]\n"
	"       sb-element [-hqv] [--db FILE] [--project NAME] number CATEGORY NAME ID\n"
	"                  [--if-version V]\n"
	"       sb-element [-hqv] [--db FILE] [--project NAME] renumber CATEGORY\n",
	"A category and an element are named exactly, or in any case when that\n"
	"names one.\n",
	subs, globals, NULL,
	"Exit status: 0 ok, 1 failure, 2 usage, 3 bad input (a name or board id\n"
	"taken...), 4 not found, 5 conflict (a stale version), 6 busy,\n"
	"7 permission denied.\n",
	NULL
};

static int
run(sb_ctx *ctx, const struct cli_args *a, const struct cli_common *o, int format)
{
	char **v = a->argv;
	int64_t project_id;
	size_t n = 0;
	int rc, id = a->sub->id;

	if ((rc = cli_open(ctx, o->db, (id == LIST ? SB_OPEN_READONLY : 0) |
	    SB_OPEN_SERVER, o->project, &project_id)) != SB_OK)
		return rc;
	switch (id) {
	case LIST:
		return sb_element_list(ctx, project_id, v[0], format, stdout);
	case RENAME:
		rc = sb_element_rename(ctx, project_id, v[0], v[1], v[2], o->if_version);
		if (rc == SB_OK && !o->quiet)
			fprintf(stderr, "%s: %s \"%s\" is \"%s\" now\n", cli_prog, v[0], v[1], v[2]);
		break;
	case MERGE:
		rc = sb_element_merge(ctx, project_id, v[0], v[1], v[2], o->if_version, &n);
		if (rc == SB_OK && !o->quiet)
			fprintf(stderr, "%s: merged %s \"%s\" into \"%s\": %zu strip%s\n",
			    cli_prog, v[0], v[1], v[2], n, n == 1 ? "" : "s");
		break;
	case NUMBER:
		rc = sb_element_number(ctx, project_id, v[0], v[1], v[2], o->if_version);
		if (rc == SB_OK && !o->quiet)
			fprintf(stderr, "%s: %s \"%s\" is number %s\n", cli_prog, v[0], v[1],
			    v[2][0] ? v[2] : "(none)");
		break;
	default:
		rc = sb_element_renumber(ctx, project_id, v[0], &n);
		if (rc == SB_OK && !o->quiet)
			fprintf(stderr, "%s: renumbered %s: %zu changed\n", cli_prog, v[0], n);
		break;
	}
	if (rc == SB_ECONFLICT && sb_conflict_report(ctx) != NULL)
		printf("%s\n", sb_conflict_report(ctx));
	return rc;
}

int
main(int argc, char *argv[])
{
	static const int formats[] = { SB_FMT_CSV, SB_FMT_JSON, SB_FMT_NDJSON, SB_FMT_TABLE };
	static const int operands[] = { 1, 3, 3, 3, 1 };
	static const char *const want[] = { "CATEGORY", "CATEGORY NAME NEW",
		"CATEGORY FROM INTO", "CATEGORY NAME ID", "CATEGORY" };
	struct cli_common o = CLI_COMMON_INIT;
	struct cli_args a;
	int rc, status, format = SB_FMT_CSV;
	sb_ctx *ctx;

	cli_init("sb-element", argc, argv);
	if ((rc = cli_parse(&cmd, argc, argv, cli_common_setter, &o, &a)) >= 0)
		return rc;
	if (a.argc != operands[a.sub->id])
		return cli_operands_error(cmd.usage, a.sub->name, want[a.sub->id], a.argc);
	if (a.sub->id == LIST && (format = cli_format(o.format, formats,
	    sizeof(formats) / sizeof(formats[0]))) < 0) {
		fputs(cmd.usage, stderr);
		return EXIT_USAGE;
	}
	ctx = cli_context();
	if ((rc = run(ctx, &a, &o, format)) != SB_OK) {
		status = cli_fail(ctx, rc);
		sb_ctx_free(ctx);
		cli_close_stdout();
		return status;
	}
	sb_ctx_free(ctx);
	return cli_close_stdout();
}
