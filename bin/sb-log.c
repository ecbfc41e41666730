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

enum { OPT_STRIP = 256, OPT_DAY, OPT_USER,
	OPT_SINCE, OPT_LIMIT, OPT_FOLLOW, OPT_INTERVAL, OPT_COALESCE,
	OPT_DRY_RUN, OPT_VERIFY, OPT_HEAD };

static const struct cli_opt opts[] = {
	{ "db", 0, required_argument, CLI_DB, 0, "FILE",
	    "the database (default $SB_DB, else ./stripboard.db)" },
	{ "project", 0, required_argument, CLI_PROJECT, 0, "NAME",
	    "the project (default: every project, or the only one\n"
	    "when --board, --strip or --day needs one)" },
	{ "board", 0, required_argument, CLI_BOARD, 0, "NAME",
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
	{ "format", 0, required_argument, CLI_FORMAT, 0, "FORMAT",
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
	{ "dry-run", 0, no_argument, OPT_DRY_RUN, 0, NULL,
	    "with revert: say what it would undo, change nothing" },
	{ "verify", 0, no_argument, OPT_VERIFY, 0, NULL,
	    "recompute the trail's hash chain: where it breaks\n"
	    "and why (exit 8), else its head hash on stdout" },
	{ "head", 0, required_argument, OPT_HEAD, 0, "HASH",
	    "with --verify: a head printed before must still be\n"
	    "in the trail (a rewrite of the whole chain)" },
	{ "quiet", 'q', no_argument, CLI_QUIET, 0, NULL, "say nothing but errors" },
	{ "verbose", 'v', no_argument, CLI_VERBOSE, 0, NULL, "say where --follow starts" },
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
	"              [--follow [--interval MS] [--coalesce MS]]\n"
	"       sb-log [-q] [--db FILE] revert [--dry-run] ID...\n"
	"       sb-log [-q] [--db FILE] --verify [--head HASH] [--format FORMAT]\n",
	"Write the audit trail, oldest change first: who changed what, when,\n"
	"with which command.  --follow then waits and writes every new change\n"
	"as it is committed, by any process, until interrupted.  revert ID...\n"
	"undoes the changes of audit rows ID... as new, audited changes, newest\n"
	"first, all or none: a row changed since is a conflict (exit 5).\n"
	"--verify recomputes the trail's hash chain and prints its head hash\n"
	"for a cron job to keep; --head HASH checks a head kept before.\n",
	NULL, opts, conflicts,
	"Exit status: 0 ok (also when interrupted or when the reader of the\n"
	"output goes away), 1 failure, 2 usage, 3 not a stripboard database\n"
	"(or a change revert cannot undo), 4 no such database, project, board,\n"
	"strip or audit row, 5 conflict (revert), 6 database busy, 7 permission\n"
	"denied, 8 the trail fails --verify (changed outside stripboard).\n",
	NULL
};

/* The command line, as the options set it. */
struct log_opts {
	struct cli_common c;
	struct sb_log_filter filter;	/* filter.project, .board: after cli_parse() */
	const char *head;
	int64_t interval, coalesce;
	int following, timing_set, dry_run, verify;
};

static int
set_option(void *state, int id, const char *arg)
{
	struct log_opts *o = state;

	switch (id) {
	case 'r':
		o->filter.newest_first = 1;
		break;
	case OPT_DRY_RUN:
		o->dry_run = 1;
		break;
	case OPT_VERIFY:
		o->verify = 1;
		break;
	case OPT_HEAD:
		o->head = arg;
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
	case OPT_FOLLOW:
		o->following = 1;
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
	case OPT_SINCE:
		o->filter.since = arg;
		break;
	case OPT_STRIP:
		o->filter.strip = arg;
		break;
	case OPT_USER:
		o->filter.user = arg;
		break;
	default:
		return cli_common_setter(&o->c, id, arg);
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

/* sb-log revert ID...: undo audited changes as new ones. */
static int
revert(const struct log_opts *o, int argc, char **argv)
{
	int64_t *ids;
	size_t n = 0;
	int rc, status;
	sb_ctx *ctx;

	if (argc == 0)
		return cli_usage_error(cmd.usage, "revert which audit rows? ID...");
	if (o->following || o->filter.board != NULL || o->filter.strip != NULL ||
	    o->filter.day > 0 || o->filter.user != NULL || o->filter.since != NULL ||
	    o->filter.limit > 0 || o->filter.newest_first || o->c.format != NULL ||
	    o->verify || o->head != NULL)
		return cli_usage_error(cmd.usage, "revert takes --db, --project, --dry-run "
		    "and -q, and audit ids");
	if ((ids = calloc((size_t)argc, sizeof(*ids))) == NULL) {
		cli_error("out of memory");
		return EXIT_FAIL;
	}
	for (int i = 0; i < argc; i++)
		if (!cli_number("revert", argv[i], 1, INT64_MAX, &ids[i])) {
			free(ids);
			return EXIT_USAGE;
		}
	ctx = cli_context();
	rc = sb_open(ctx, cli_db_path(o->c.db), SB_OPEN_SERVER);
	if (rc == SB_OK)
		rc = sb_revert(ctx, ids, (size_t)argc, o->dry_run, stdout, &n);
	free(ids);
	if (rc == SB_ECONFLICT && sb_conflict_report(ctx) != NULL)
		printf("%s\n", sb_conflict_report(ctx));
	if (rc != SB_OK) {
		status = cli_fail(ctx, rc);
		sb_ctx_free(ctx);
		cli_close_stdout();
		return status;
	}
	if (!o->c.quiet)
		fprintf(stderr, "%s: %s %zu change%s\n", cli_prog, o->dry_run ?
		    "would revert" : "reverted", n, n == 1 ? "" : "s");
	sb_ctx_free(ctx);
	return cli_close_stdout();
}

/*
 * sb-log --verify [--head HASH]: the chain recomputed.  Intact: the head
 * on stdout (the hash alone, or with --format ndjson/json an object with
 * the row count and the head's id), a summary on stderr.  Broken: where
 * and why on stderr (and as an object with --format ndjson/json), exit 8.
 */
static int
verify(const struct log_opts *o)
{
	struct sb_chain_result res;
	int rc, status, json = 0;
	sb_ctx *ctx;

	if (o->following || o->filter.board != NULL || o->filter.strip != NULL ||
	    o->filter.day > 0 || o->filter.user != NULL || o->filter.since != NULL ||
	    o->filter.limit > 0 || o->filter.newest_first || o->filter.project != NULL ||
	    o->dry_run || o->timing_set)
		return cli_usage_error(cmd.usage, "--verify takes --db, --head, "
		    "--format and -q: it checks the whole trail");
	if (o->c.format != NULL) {
		if (strcmp(o->c.format, "ndjson") == 0 || strcmp(o->c.format, "json") == 0)
			json = 1;
		else if (strcmp(o->c.format, "text") != 0)
			return cli_usage_error(cmd.usage, "--verify writes text, ndjson "
			    "or json, not \"%s\"", o->c.format);
	}
	ctx = cli_context();
	/* the check reads through the statement seam: a server's trail too */
	rc = sb_open(ctx, cli_db_path(o->c.db), SB_OPEN_READONLY | SB_OPEN_SERVER);
	if (rc == SB_OK)
		rc = sb_chain_verify(ctx, o->head, &res);
	if (rc == SB_ETAMPER && json) {
		fputs("{\"ok\":false,\"id\":", stdout);
		printf("%lld,\"why\":", (long long)res.bad_id);
		sb_json_write_string(stdout, sb_errmsg(ctx));
		fputs("}\n", stdout);
	}
	if (rc != SB_OK) {
		status = cli_fail(ctx, rc);
		sb_ctx_free(ctx);
		cli_close_stdout();
		return status;
	}
	if (json)
		printf("{\"ok\":true,\"rows\":%lld,\"head_id\":%lld,\"head\":\"%s\"}\n",
		    (long long)res.rows, (long long)res.head_id, res.head);
	else
		printf("%s\n", res.head);
	if (!o->c.quiet)
		fprintf(stderr, "%s: the audit trail holds: %lld row%s, head id %lld%s\n",
		    cli_prog, (long long)res.rows, res.rows == 1 ? "" : "s",
		    (long long)res.head_id, res.kept_id > 0 ? ", kept head found" : "");
	sb_ctx_free(ctx);
	return cli_close_stdout();
}

int
main(int argc, char *argv[])
{
	static const struct cli_common common = CLI_COMMON_INIT;
	struct log_opts o;
	struct cli_args a;
	struct sb_log_follow follow;
	const struct sb_log_row *row;
	int rc, format, status, out = 0;
	sb_log *log = NULL;
	sb_ctx *ctx;

	cli_init("sb-log", argc, argv);
	memset(&o, 0, sizeof(o));
	o.c = common;
	o.interval = 50;
	o.coalesce = 50;
	if ((rc = cli_parse(&cmd, argc, argv, set_option, &o, &a)) >= 0)
		return rc;
	o.filter.project = o.c.project;
	o.filter.board = o.c.board;
	if (a.argc > 0 && strcmp(a.argv[0], "revert") == 0)
		return revert(&o, a.argc - 1, a.argv + 1);
	if (o.head != NULL && !o.verify)
		return cli_usage_error(cmd.usage, "--head goes with --verify");
	if (o.verify && a.argc > 0)
		return cli_operands_error(cmd.usage, "--verify", "no operand", a.argc);
	if (o.verify)
		return verify(&o);
	if (a.argc > 0)
		return cli_usage_error(cmd.usage, "unexpected argument \"%s\"", a.argv[0]);
	if (o.dry_run)
		return cli_usage_error(cmd.usage, "--dry-run goes with revert");
	if (o.c.format == NULL) {
		/* a log in a pipe is one JSON object a line: its changes nest */
		format = isatty(STDOUT_FILENO) ? SB_FMT_TABLE : SB_FMT_NDJSON;
	} else {
		static const int formats[] = { SB_FMT_NDJSON, SB_FMT_JSON, SB_FMT_CSV,
		    SB_FMT_TABLE };

		format = cli_format(o.c.format, formats,
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
	rc = sb_open(ctx, cli_db_path(o.c.db), SB_OPEN_READONLY | SB_OPEN_SERVER);
	if (rc == SB_OK)
		rc = sb_log_open(ctx, &o.filter, o.following ? &follow : NULL, &log);
	if (rc == SB_OK && o.following && o.c.verbose)
		fprintf(stderr, "%s: following %s after audit id %lld\n", cli_prog,
		    sb_db_name(ctx), (long long)sb_log_last_id(log));
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
