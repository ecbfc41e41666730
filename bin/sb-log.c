/*
 * sb-log - the audit trail: the history of a strip, a day, a board, a user
 * or a whole file, and (--follow) every new change as it is committed.
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum { OPT_DB = 256, OPT_PROJECT, OPT_BOARD, OPT_STRIP, OPT_DAY, OPT_USER,
	OPT_SINCE, OPT_LIMIT, OPT_FORMAT, OPT_FOLLOW, OPT_INTERVAL, OPT_COALESCE };

static const struct cli_opt opts[] = {
	{ "db", 0, required_argument, OPT_DB, 0, "FILE",
	    "the database (default $SB_DB, else ./stripboard.db)" },
	{ "project", 0, required_argument, OPT_PROJECT, 0, "NAME",
	    "the project (default: every project, or the only one\n"
	    "when --board, --strip or --day needs one)" },
	{ "board", 0, required_argument, OPT_BOARD, 0, "NAME",
	    "changes on the board (its name or id), and imports" },
	{ "strip", 0, required_argument, OPT_STRIP, 0, "ID",
	    "changes of the strip (its id, or a scene number that\n"
	    "names one strip), and imports" },
	{ "day", 0, required_argument, OPT_DAY, 0, "N",
	    "changes of shoot day N of the board (default: the\n"
	    "active board): then numbered N, or now numbered N" },
	{ "user", 0, required_argument, OPT_USER, 0, "NAME", "changes made by NAME" },
	{ "since", 0, required_argument, OPT_SINCE, 0, "ID|TIME",
	    "changes after audit id ID, or at or after TIME (UTC,\n"
	    "YYYY-MM-DD[THH:MM[:SS]], Z or +HH:MM allowed)" },
	{ "limit", 0, required_argument, OPT_LIMIT, 0, "N",
	    "at most N changes (then stop, when following)" },
	{ "reverse", 'r', no_argument, 'r', 0, NULL, "newest first (not with --follow)" },
	{ "format", 0, required_argument, OPT_FORMAT, 0, "FORMAT",
	    "ndjson, json, csv or table (default: table on a\n"
	    "terminal, ndjson otherwise)" },
	{ "follow", 0, no_argument, OPT_FOLLOW, 0, NULL,
	    "after the history (none, without --since), wait for\n"
	    "new changes and write them as they land" },
	{ "interval", 0, required_argument, OPT_INTERVAL, 0, "MS",
	    "how often --follow looks for commits (default 50)" },
	{ "coalesce", 0, required_argument, OPT_COALESCE, 0, "MS",
	    "quiet time that ends a burst of commits, written as\n"
	    "one batch (default 50, 0: none)" },
	{ "quiet", 'q', no_argument, 'q', 0, NULL, "say nothing but errors" },
	{ "verbose", 'v', no_argument, 'v', 0, NULL, "say where --follow starts" },
	{ 0 }
};

static const struct cli_conflict conflicts[] = {
	{ "follow", "reverse", "a followed log runs oldest first" },
	{ "quiet", "verbose", NULL },
	{ NULL, NULL, NULL }
};

static const struct cli_cmd cmd = {
	"usage: sb-log [-hqrv] [--db FILE] [--project NAME] [--board NAME]\n"
	"              [--strip ID|SCENE] [--day N] [--user NAME] [--since ID|TIME]\n"
	"              [--limit N] [--format ndjson|json|csv|table]\n"
	"              [--follow [--interval MS] [--coalesce MS]]\n",
	"Write the audit trail, oldest change first: who changed what, when,\n"
	"with which command.  --follow then waits and writes every new change\n"
	"as it is committed, by any process, until interrupted.\n",
	NULL, opts, conflicts,
	"Exit status: 0 ok (also when interrupted or when the reader of the\n"
	"output goes away), 1 failure, 2 usage, 3 not a stripboard database,\n"
	"4 no such database, project, board or strip, 6 database busy.\n",
	NULL
};

/* The command line, as the options set it. */
struct log_opts {
	struct sb_log_filter filter;
	const char *db, *format_name;
	int64_t interval, coalesce;
	int verbose, following, timing_set;
};

static int
set_option(void *state, int id, const char *arg)
{
	struct log_opts *o = state;

	switch (id) {
	case 'r':
		o->filter.newest_first = 1;
		break;
	case 'v':
		o->verbose = 1;
		break;
	case OPT_BOARD:
		o->filter.board = arg;
		break;
	case OPT_COALESCE:
		if (!cli_number("--coalesce", arg, 0, 10000, &o->coalesce))
			return EXIT_USAGE;
		o->timing_set = 1;
		break;
	case OPT_DAY:
		if (!cli_number("--day", arg, 1, INT32_MAX, &o->filter.day))
			return EXIT_USAGE;
		break;
	case OPT_DB:
		o->db = arg;
		break;
	case OPT_FOLLOW:
		o->following = 1;
		break;
	case OPT_FORMAT:
		o->format_name = arg;
		break;
	case OPT_INTERVAL:
		if (!cli_number("--interval", arg, 10, 60000, &o->interval))
			return EXIT_USAGE;
		o->timing_set = 1;
		break;
	case OPT_LIMIT:
		if (!cli_number("--limit", arg, 1, INT64_MAX / 2, &o->filter.limit))
			return EXIT_USAGE;
		break;
	case OPT_PROJECT:
		o->filter.project = arg;
		break;
	case OPT_SINCE:
		o->filter.since = arg;
		break;
	case OPT_STRIP:
		o->filter.strip = arg;
		break;
	case OPT_USER:
		o->filter.user = arg;
		break;
	}
	return 0;
}

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a wait ends at once and sees the flag */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* a reader that leaves is seen as EPIPE, and ends the log quietly */
	signal(SIGPIPE, SIG_IGN);
}

/*
 * After a failed write: 1 when the reader went away (the log ends quietly),
 * else -1 with the error reported.
 */
static int
out_failed(int err)
{
	if (err == EPIPE)
		return 1;
	cli_error("standard output: %s", err != 0 ? strerror(err) : "write error");
	return -1;
}

/* Flush the output: 0, or what out_failed() says. */
static int
flush_out(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	return out_failed(errno);
}

int
main(int argc, char *argv[])
{
	struct log_opts o;
	struct cli_args a;
	struct sb_log_follow follow;
	const struct sb_log_row *row;
	int rc, format, status, out = 0;
	sb_log *log = NULL;
	sb_ctx *ctx;

	cli_init("sb-log", argc, argv);
	memset(&o, 0, sizeof(o));
	o.interval = 50;
	o.coalesce = 50;
	if ((rc = cli_parse(&cmd, argc, argv, set_option, &o, &a)) >= 0)
		return rc;
	if (a.argc > 0)
		return cli_usage_error(cmd.usage, "unexpected argument \"%s\"", a.argv[0]);
	if (o.format_name == NULL) {
		/* a log in a pipe is one JSON object a line: its changes nest */
		format = isatty(STDOUT_FILENO) ? SB_FMT_TABLE : SB_FMT_NDJSON;
	} else {
		static const int formats[] = { SB_FMT_NDJSON, SB_FMT_JSON, SB_FMT_CSV,
		    SB_FMT_TABLE };

		format = cli_format(o.format_name, formats,
		    sizeof(formats) / sizeof(formats[0]));
		if (format < 0) {
			fputs(cmd.usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (o.following && format == SB_FMT_JSON)
		return cli_usage_error(cmd.usage, "--follow: a JSON array never ends; "
		    "use ndjson");
	if (!o.following && o.timing_set)
		return cli_usage_error(cmd.usage, "--interval and --coalesce go with "
		    "--follow");

	catch_signals();
	ctx = cli_context();
	follow.interval_ms = (int)o.interval;
	follow.coalesce_ms = (int)o.coalesce;
	follow.stop = &stop;
	follow.watch_fd = STDOUT_FILENO;
	rc = sb_open(ctx, cli_db_path(o.db), SB_OPEN_READONLY);
	if (rc == SB_OK)
		rc = sb_log_open(ctx, &o.filter, o.following ? &follow : NULL, &log);
	if (rc == SB_OK && o.following && o.verbose)
		fprintf(stderr, "%s: following %s after audit id %lld\n", cli_prog,
		    cli_db_path(o.db), (long long)sb_log_last_id(log));
	if (rc == SB_OK)
		rc = sb_log_print_head(log, format, stdout);
	while (rc == SB_OK) {
		while (!stop && (rc = sb_log_next(log, &row)) > 0) {
			sb_log_print_row(log, row, format, stdout);
			if (ferror(stdout)) {
				out = out_failed(errno);
				break;
			}
		}
		if (rc > 0)
			rc = SB_OK;
		if (rc != SB_OK || out != 0 || stop || !o.following)
			break;
		/* one flush a batch: a burst of commits reaches the reader at once */
		if ((out = flush_out()) != 0)
			break;
		rc = sb_log_wait(log);
		if (rc == SB_LOG_STOPPED) {
			rc = SB_OK;
			break;
		}
	}
	if (rc == SB_OK && out == 0)
		rc = sb_log_print_tail(log, format, stdout);
	if (rc != SB_OK) {
		status = cli_fail(ctx, rc);
		sb_log_close(log);
		sb_ctx_free(ctx);
		cli_close_stdout();
		return status;
	}
	sb_log_close(log);
	sb_ctx_free(ctx);
	if (out == 0)
		out = flush_out();
	if (out != 0)
		return out > 0 ? EXIT_OK : EXIT_FAIL;
	return cli_close_stdout();
}
