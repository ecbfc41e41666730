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

static const char usage[] =
    "usage: sb-log [-hqrv] [--db FILE] [--project NAME] [--board NAME]\n"
    "              [--strip ID|SCENE] [--day N] [--user NAME] [--since ID|TIME]\n"
    "              [--limit N] [--format ndjson|json|csv|table]\n"
    "              [--follow [--interval MS] [--coalesce MS]]\n";

static void
help(void)
{
	fputs(usage, stdout);
	fputs("\n"
	    "Write the audit trail, oldest change first: who changed what, when,\n"
	    "with which command.  --follow then waits and writes every new change\n"
	    "as it is committed, by any process, until interrupted.\n\n"
	    "  --db FILE        the database (default $SB_DB, else ./stripboard.db)\n"
	    "  --project NAME   the project (default: every project, or the only one\n"
	    "                   when --board, --strip or --day needs one)\n"
	    "  --board NAME     changes on the board (its name or id), and imports\n"
	    "  --strip ID       changes of the strip (its id, or a scene number that\n"
	    "                   names one strip), and imports\n"
	    "  --day N          changes of shoot day N of the board (default: the\n"
	    "                   active board): then numbered N, or now numbered N\n"
	    "  --user NAME      changes made by NAME\n"
	    "  --since ID|TIME  changes after audit id ID, or at or after TIME (UTC,\n"
	    "                   YYYY-MM-DD[THH:MM[:SS]], Z or +HH:MM allowed)\n"
	    "  --limit N        at most N changes (then stop, when following)\n"
	    "  -r, --reverse    newest first (not with --follow)\n"
	    "  --format FORMAT  ndjson, json, csv or table (default: table on a\n"
	    "                   terminal, ndjson otherwise)\n"
	    "  --follow         after the history (none, without --since), wait for\n"
	    "                   new changes and write them as they land\n"
	    "  --interval MS    how often --follow looks for commits (default 50)\n"
	    "  --coalesce MS    quiet time that ends a burst of commits, written as\n"
	    "                   one batch (default 50, 0: none)\n"
	    "  -q, --quiet      say nothing but errors\n"
	    "  -v, --verbose    say where --follow starts\n"
	    "  -h, --help       this help\n"
	    "      --version    versions of the command, the library and SQLite\n\n"
	    "Exit status: 0 ok (also when interrupted or when the reader of the\n"
	    "output goes away), 1 failure, 2 usage, 3 not a stripboard database,\n"
	    "4 no such database, project, board or strip, 6 database busy.\n", stdout);
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
	enum { OPT_DB = 256, OPT_PROJECT, OPT_BOARD, OPT_STRIP, OPT_DAY, OPT_USER,
		OPT_SINCE, OPT_LIMIT, OPT_FORMAT, OPT_FOLLOW, OPT_INTERVAL,
		OPT_COALESCE, OPT_VERSION };
	static const struct option longopts[] = {
		{ "board", required_argument, NULL, OPT_BOARD },
		{ "coalesce", required_argument, NULL, OPT_COALESCE },
		{ "day", required_argument, NULL, OPT_DAY },
		{ "db", required_argument, NULL, OPT_DB },
		{ "follow", no_argument, NULL, OPT_FOLLOW },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "help", no_argument, NULL, 'h' },
		{ "interval", required_argument, NULL, OPT_INTERVAL },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ "project", required_argument, NULL, OPT_PROJECT },
		{ "quiet", no_argument, NULL, 'q' },
		{ "reverse", no_argument, NULL, 'r' },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "strip", required_argument, NULL, OPT_STRIP },
		{ "user", required_argument, NULL, OPT_USER },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	struct sb_log_filter filter;
	struct sb_log_follow follow;
	const struct sb_log_row *row;
	const char *db = NULL, *format_name = NULL;
	int c, rc, format, status, verbose = 0, following = 0, out = 0;
	int64_t interval = 50, coalesce = 50;
	int timing_set = 0;
	sb_log *log = NULL;
	sb_ctx *ctx;

	cli_init("sb-log", argc, argv);
	memset(&filter, 0, sizeof(filter));
	while ((c = getopt_long(argc, argv, "hqrv", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help();
			return cli_close_stdout();
		case 'q':
			verbose = 0;
			break;
		case 'r':
			filter.newest_first = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case OPT_BOARD:
			filter.board = optarg;
			break;
		case OPT_COALESCE:
			if (!cli_number("--coalesce", optarg, 0, 10000, &coalesce))
				goto usage_fail;
			timing_set = 1;
			break;
		case OPT_DAY:
			if (!cli_number("--day", optarg, 1, INT32_MAX, &filter.day))
				goto usage_fail;
			break;
		case OPT_DB:
			db = optarg;
			break;
		case OPT_FOLLOW:
			following = 1;
			break;
		case OPT_FORMAT:
			format_name = optarg;
			break;
		case OPT_INTERVAL:
			if (!cli_number("--interval", optarg, 10, 60000, &interval))
				goto usage_fail;
			timing_set = 1;
			break;
		case OPT_LIMIT:
			if (!cli_number("--limit", optarg, 1, INT64_MAX / 2, &filter.limit))
				goto usage_fail;
			break;
		case OPT_PROJECT:
			filter.project = optarg;
			break;
		case OPT_SINCE:
			filter.since = optarg;
			break;
		case OPT_STRIP:
			filter.strip = optarg;
			break;
		case OPT_USER:
			filter.user = optarg;
			break;
		case OPT_VERSION:
			cli_version();
			return cli_close_stdout();
		default:
			goto usage_fail;
		}
	}
	if (optind != argc)
		return cli_usage_error(usage, "unexpected argument \"%s\"", argv[optind]);
	if (format_name == NULL) {
		/* a log in a pipe is one JSON object a line: its changes nest */
		format = isatty(STDOUT_FILENO) ? SB_FMT_TABLE : SB_FMT_NDJSON;
	} else {
		static const int formats[] = { SB_FMT_NDJSON, SB_FMT_JSON, SB_FMT_CSV,
		    SB_FMT_TABLE };

		format = cli_format(format_name, formats, sizeof(formats) / sizeof(formats[0]));
		if (format < 0)
			goto usage_fail;
	}
	if (following && filter.newest_first)
		return cli_usage_error(usage, "--reverse: a followed log runs oldest first");
	if (following && format == SB_FMT_JSON)
		return cli_usage_error(usage, "--follow: a JSON array never ends; "
		    "use ndjson");
	if (!following && timing_set)
		return cli_usage_error(usage, "--interval and --coalesce go with --follow");

	catch_signals();
	ctx = cli_context();
	follow.interval_ms = (int)interval;
	follow.coalesce_ms = (int)coalesce;
	follow.stop = &stop;
	follow.watch_fd = STDOUT_FILENO;
	rc = sb_open(ctx, cli_db_path(db), SB_OPEN_READONLY);
	if (rc == SB_OK)
		rc = sb_log_open(ctx, &filter, following ? &follow : NULL, &log);
	if (rc == SB_OK && following && verbose)
		fprintf(stderr, "%s: following %s after audit id %lld\n", cli_prog,
		    cli_db_path(db), (long long)sb_log_last_id(log));
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
		if (rc != SB_OK || out != 0 || stop || !following)
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
usage_fail:
	fputs(usage, stderr);
	return EXIT_USAGE;
}
