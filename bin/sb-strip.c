/*
 * sb-strip - the breakdown, a strip at a time: show a strip, set its fields,
 * add and remove its elements, omit and restore it, make a new one, and
 * batches of field changes from a pipe.
 */
#include <config.h>

#include <limits.h>

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum { SHOW, SET, ADD, REMOVE, NEW, OMIT, RESTORE, BATCH };

static const struct cli_opt show_opts[] = {
	{ "format", 0, required_argument, CLI_FORMAT, 0, "FMT",
	    "json or table (default: table on a terminal,\nelse json)" },
	{ 0 }
};

static const struct cli_opt version_opts[] = {
	CLI_OPT_IF_VERSION(
	    "refuse (exit 5, a JSON report on standard\noutput) unless the strip "
	    "is at version V"),
	{ 0 }
};

static const struct cli_opt none[] = { { 0 } };

static const struct cli_sub subs[] = {
	{ "show", SHOW,
	    "show STRIP\n"
	    "  Every field of a strip, its elements with their board ids, its\n"
	    "  place on every board, with versions.\n", show_opts },
	{ "set", SET,
	    "set STRIP FIELD=VALUE...\n"
	    "  Set fields: scene, int_ext, day_night, set, location, script_day,\n"
	    "  pages (1 3/8), est (minutes, or H:MM), synopsis, comments,\n"
	    "  banner_text; an empty VALUE clears one.\n", version_opts },
	{ "add", ADD,
	    "add STRIP CATEGORY=ELEMENT...\n"
	    "  Add elements to a strip (an element new to its category is made).\n",
	    version_opts },
	{ "remove", REMOVE,
	    "remove STRIP CATEGORY=ELEMENT...\n"
	    "  Take elements off a strip.\n", version_opts },
	{ "new", NEW,
	    "new scene|banner [FIELD=VALUE...]\n"
	    "  Make a strip, last in the boneyard of every board.\n", none },
	{ "omit", OMIT,
	    "omit STRIP\n"
	    "  Mark a scene omitted: it stays where it is, counting no pages.\n",
	    version_opts },
	{ "restore", RESTORE,
	    "restore STRIP\n"
	    "  Restore an omitted scene.\n", version_opts },
	{ "batch", BATCH,
	    "batch [FILE]\n"
	    "  Set fields of many strips from FILE or standard input, all or\n"
	    "  nothing: CSV with a header (strip or strip_id, version, fields)\n"
	    "  or NDJSON objects of the same keys.  One NDJSON line a row.\n", none },
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
	"usage: sb-strip [-hqv] [--db FILE] [--project NAME] show STRIP [--format FMT]\n"
	"       sb-strip [-hqv] [--db FILE] [--project NAME] set STRIP FIELD=VALUE...\n"
	"                [--if-version V]\n"
	"       sb-strip [-hqv] [--db FILE] [--project NAME] add|remove STRIP\n"
	"                CATEGORY=ELEMENT... [--if-version V]\n"
	"       sb-strip [-hqv] [--db FILE] [--project NAME] new scene|banner\n"
	"                [FIELD=VALUE...]\n"
	"       sb-strip [-hqv] [--db FILE] [--project NAME] omit|restore STRIP\n"
	"                [--if-version V]\n"
	"       sb-strip [-hqv] [--db FILE] [--project NAME] batch [FILE]\n",
	"A strip is named by its id or by a scene number that names one strip.\n",
	subs, globals, NULL,
	"Exit status: 0 ok, 1 failure, 2 usage, 3 bad input (an unknown field or\n"
	"category, bad pages, too long...), 4 not found, 5 conflict (a stale\n"
	"version: read again and retry), 6 busy, 7 permission denied.\n",
	NULL
};

/* FIELD=VALUE operands into pairs (the text is split in place). */
static int
pairs(char **argv, int argc, struct sb_strip_field **out)
{
	struct sb_strip_field *f = calloc((size_t)argc + 1, sizeof(*f));

	*out = f;
	if (f == NULL) {
		cli_error("out of memory");
		return EXIT_FAIL;
	}
	for (int i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (eq == NULL || eq == argv[i])
			return cli_usage_error(cmd.usage, "\"%s\" is not NAME=VALUE", argv[i]);
		*eq = '\0';
		f[i].name = argv[i];
		f[i].value = eq + 1;
	}
	return 0;
}

static int
conflict_out(sb_ctx *ctx, int rc)
{
	if (rc == SB_ECONFLICT && sb_conflict_report(ctx) != NULL)
		printf("%s\n", sb_conflict_report(ctx));
	return rc;
}

static int
run(sb_ctx *ctx, const struct cli_args *a, const struct cli_common *o, int format,
    const struct sb_strip_field *f, size_t nf)
{
	int id = a->sub->id, rc;
	int64_t project_id, strip, version = 0;

	rc = cli_open(ctx, o->db, (id == SHOW ? SB_OPEN_READONLY : 0) | SB_OPEN_SERVER,
	    o->project, &project_id);
	if (rc != SB_OK)
		return rc;
	if (id == NEW) {
		struct sb_strip_made made;

		if ((rc = sb_strip_new(ctx, project_id, a->argv[0], f, nf, &made)) == SB_OK &&
		    !o->quiet)
			fprintf(stderr, "%s: made %s %s, in the boneyard of %zu board%s\n",
			    cli_prog, a->argv[0], made.uid, made.boards,
			    made.boards == 1 ? "" : "s");
		if (rc == SB_OK)
			printf("%s\n", made.uid);
		return rc;
	}
	if (id == BATCH) {
		size_t rows = 0;

		rc = conflict_out(ctx, sb_strip_batch(ctx, project_id,
		    a->argc > 0 ? a->argv[0] : "-", stdout, &rows));
		if (!o->quiet)
			fprintf(stderr, "%s: %zu row%s%s\n", cli_prog, rows, rows == 1 ? "" : "s",
			    rc == SB_OK ? " applied" : ": nothing applied");
		return rc;
	}
	if ((rc = sb_strip_find(ctx, project_id, a->argv[0], &strip)) != SB_OK)
		return rc;
	switch (id) {
	case SHOW:
		return sb_strip_show(ctx, strip, format, stdout);
	case SET:
		rc = sb_strip_set(ctx, strip, f, nf, o->if_version, &version);
		break;
	case ADD:
	case REMOVE:
		rc = sb_strip_link(ctx, strip, id == ADD, f, nf, o->if_version, &version);
		break;
	default:
		rc = sb_strip_omit(ctx, strip, id == OMIT, o->if_version, &version);
		break;
	}
	rc = conflict_out(ctx, rc);
	if (rc == SB_OK && !o->quiet)
		fprintf(stderr, "%s: strip %s at version %lld\n", cli_prog, a->argv[0],
		    (long long)version);
	return rc;
}

int
main(int argc, char *argv[])
{
	static const int formats[] = { SB_FMT_JSON, SB_FMT_TABLE };
	struct cli_common o = CLI_COMMON_INIT;
	struct sb_strip_field *f = NULL;
	struct cli_args a;
	int rc, status, format = SB_FMT_JSON, id, first = 1;
	size_t nf = 0;
	sb_ctx *ctx;

	cli_init("sb-strip", argc, argv);
	if ((rc = cli_parse(&cmd, argc, argv, cli_common_setter, &o, &a)) >= 0)
		return rc;
	id = a.sub->id;
	{
		/* the operands each subcommand takes, at least and at most */
		static const int lo[] = { 1, 2, 2, 2, 1, 1, 1, 0 };
		static const int hi[] = { 1, INT_MAX, INT_MAX, INT_MAX, INT_MAX, 1, 1, 1 };
		static const char *const want[] = { "STRIP", "STRIP FIELD=VALUE...",
			"STRIP CATEGORY=ELEMENT...", "STRIP CATEGORY=ELEMENT...",
			"scene|banner [FIELD=VALUE...]", "STRIP", "STRIP", "[FILE]" };

		if (a.argc < lo[id] || a.argc > hi[id])
			return cli_operands_error(cmd.usage, a.sub->name, want[id], a.argc);
	}
	if (id == SHOW) {
		if (o.format == NULL)
			o.format = isatty(fileno(stdout)) ? "table" : "json";
		if ((format = cli_format(o.format, formats,
		    sizeof(formats) / sizeof(formats[0]))) < 0) {
			fputs(cmd.usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (id == SET || id == ADD || id == REMOVE || id == NEW) {
		if ((rc = pairs(a.argv + first, a.argc - first, &f)) != 0) {
			free(f);
			return rc;
		}
		nf = (size_t)(a.argc - first);
	}
	ctx = cli_context();
	rc = run(ctx, &a, &o, format, f, nf);
	free(f);
	if (rc != SB_OK) {
		status = cli_fail(ctx, rc);
		sb_ctx_free(ctx);
		cli_close_stdout();
		return status;
	}
	sb_ctx_free(ctx);
	return cli_close_stdout();
}
