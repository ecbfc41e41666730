/*
 * sb-bench - build synthetic productions of any size and time the real
 * commands on them, beside the plain SQLite query that returns the same
 * rows; check the figures against a budget.  The harness (scenarios,
 * runs, baselines, budgets, the report) is bench/; this is its options.
 */
#include <config.h>

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "cli.h"

enum { OPT_SIZES = 256, OPT_SCENARIOS, OPT_REPEAT, OPT_SEED, OPT_BUDGET,
	OPT_FORMAT, OPT_BINDIR, OPT_DIR, OPT_SQLITE3, OPT_WRITERS, OPT_JSON,
	OPT_LIST, OPT_OUTPUTS, OPT_REUSE, OPT_VS, OPT_SERVER };

static const struct cli_opt options[] = {
	{ "sizes", 0, required_argument, OPT_SIZES, 0, "N,...",
	    "sizes in strips (default 200,10000,100000); k\n"
	    "and M suffixes allowed (10k, 1M)" },
	{ "scenarios", 0, required_argument, OPT_SCENARIOS, 0, "NAME,...",
	    "the scenarios to run (default: all; see --list)" },
	{ "repeat", 0, required_argument, OPT_REPEAT, 0, "N",
	    "runs of each scenario (default: 5 or more until\n"
	    "the median is stable; sizes above 100000 once)" },
	{ "seed", 0, required_argument, OPT_SEED, 0, "N",
	    "the seed of the productions (default 1)" },
	{ "budget", 0, required_argument, OPT_BUDGET, 0, "FILE",
	    "limits per scenario and size; over budget exits 1" },
	{ "format", 0, required_argument, OPT_FORMAT, 0, "FORMAT",
	    "ndjson, json, csv or table (default: table on a\n"
	    "terminal, ndjson otherwise)" },
	{ "json", 0, required_argument, OPT_JSON, 0, "FILE",
	    "also write the results as NDJSON to FILE" },
	{ "bindir", 0, required_argument, OPT_BINDIR, 0, "DIR",
	    "where the commands are (default: beside sb-bench)" },
	{ "dir", 0, required_argument, OPT_DIR, 0, "DIR",
	    "where to build the productions (default: a new\n"
	    "directory in $TMPDIR, removed at the end)" },
	{ "sqlite3", 0, required_argument, OPT_SQLITE3, 0, "PATH",
	    "the sqlite3 shell for baselines (default: sqlite3\n"
	    "on PATH, else the baseline runs in-process)" },
	{ "writers", 0, required_argument, OPT_WRITERS, 0, "N",
	    "processes of the concurrent scenarios (default 4)" },
	{ "list", 0, no_argument, OPT_LIST, 0, NULL,
	    "list the scenarios (and check --budget) and exit" },
	{ "vs", 0, no_argument, OPT_VS, 0, NULL,
	    "time the two command lines given as arguments\n"
	    "against each other, run in turn" },
	{ "outputs", 0, no_argument, OPT_OUTPUTS, 0, NULL,
	    "also write each command's output and its\n"
	    "baseline's (CSV with a header) once, untimed, as\n"
	    "SIZE/NAME.out and SIZE/NAME.baseline.csv (with --keep)" },
	{ "reuse", 0, no_argument, OPT_REUSE, 0, NULL,
	    "with --dir: use the production a run with --keep\n"
	    "left in DIR/SIZE rather than generate it; keep it" },
	{ "server", 0, required_argument, OPT_SERVER, 0, "URI",
	    "also run each scenario on this PostgreSQL\n"
	    "database (empty: the production is imported\n"
	    "there), the file's run its baseline; one size" },
	{ "keep", 'k', no_argument, 'k', 0, NULL,
	    "keep the productions and files, and say where" },
	{ "quiet", 'q', no_argument, CLI_QUIET, 0, NULL, "no progress" },
	{ "verbose", 'v', no_argument, CLI_VERBOSE, 0, NULL, "print each command line on stderr" },
	{ 0 }
};

/* --list runs nothing: the options of a run do not go with it */
#define LISTS "--list runs nothing"
/* --vs runs its two command lines, no productions */
#define VS "--vs times two command lines, no scenarios"
static const struct cli_conflict conflicts[] = {
	{ "list", "sizes", LISTS },
	{ "list", "scenarios", LISTS },
	{ "list", "repeat", LISTS },
	{ "list", "seed", LISTS },
	{ "list", "format", LISTS },
	{ "list", "json", LISTS },
	{ "list", "dir", LISTS },
	{ "list", "sqlite3", LISTS },
	{ "list", "writers", LISTS },
	{ "list", "keep", LISTS },
	{ "list", "outputs", LISTS },
	{ "list", "reuse", LISTS },
	{ "list", "server", LISTS },
	{ "list", "vs", "--list and --vs run different things" },
	{ "vs", "sizes", VS },
	{ "vs", "scenarios", VS },
	{ "vs", "seed", VS },
	{ "vs", "budget", VS },
	{ "vs", "json", VS },
	{ "vs", "dir", VS },
	{ "vs", "sqlite3", VS },
	{ "vs", "writers", VS },
	{ "vs", "keep", VS },
	{ "vs", "outputs", VS },
	{ "vs", "reuse", VS },
	{ "vs", "server", VS },
	{ NULL, NULL, NULL }
};

static const struct cli_cmd cmd = {
	"usage: sb-bench [-hkqv] [--sizes N,...] [--scenarios NAME,...] [--repeat N]\n"
	"                [--seed N] [--budget FILE] [--format ndjson|json|csv|table]\n"
	"                [--bindir DIR] [--dir DIR] [--sqlite3 PATH] [--writers N]\n"
	"                [--json FILE] [--outputs] [--reuse] [--server URI]\n"
	"       sb-bench [-hqv] [--bindir DIR] [--budget FILE] --list\n"
	"       sb-bench [-hv] [--repeat N] [--format FORMAT] --vs COMMAND-A COMMAND-B\n",
	"Build synthetic productions of each size (strips) from a seed, run every\n"
	"scenario on them with the built commands, and report wall time, rows per\n"
	"second, peak memory, growth from the previous size and the ratio to the\n"
	"plain sqlite3 query that returns the same rows, run after each run of\n"
	"the command.\n",
	NULL, options, conflicts,
	"Exit status: 0 ok, 1 a scenario failed or a figure is over budget,\n"
	"2 usage, 3 bad budget file, 4 no such budget file or directory.\n",
	NULL
};

/* The command line, as the options set it. */
struct run_opts {
	struct cli_common c;		/* -q, -v; --format is sb-bench's own */
	struct bench_opts bench;	/* bench.quiet, .verbose: after cli_parse() */
	int list, vs;
};

static int
set_option(void *state, int id, const char *arg)
{
	struct run_opts *r = state;
	struct bench_opts *o = &r->bench;
	char err[256];
	int64_t n;

	switch (id) {
	case 'k':
		o->keep = 1;
		break;
	case OPT_BINDIR:
		if ((size_t)snprintf(o->bindir, sizeof(o->bindir), "%s", arg) >=
		    sizeof(o->bindir))
			return cli_usage_error(cmd.usage, "--bindir: too long");
		break;
	case OPT_BUDGET:
		o->budget_path = arg;
		break;
	case OPT_DIR:
		if (strlen(arg) >= BENCH_DIR_MAX)
			return cli_usage_error(cmd.usage, "--dir: too long");
		o->dir = arg;
		break;
	case OPT_FORMAT:
		if ((o->format = bench_format(arg)) < 0)
			return cli_usage_error(cmd.usage, "--format: \"%s\" is not ndjson, "
			    "json, csv or table", arg);
		break;
	case OPT_JSON:
		o->json_path = arg;
		break;
	case OPT_LIST:
		r->list = 1;
		break;
	case OPT_OUTPUTS:
		o->outputs = 1;
		break;
	case OPT_REUSE:
		o->reuse = 1;
		break;
	case OPT_VS:
		r->vs = 1;
		break;
	case OPT_SERVER:
		if (strncmp(arg, "postgresql://", 13) != 0 && strncmp(arg, "postgres://", 11) != 0)
			return cli_usage_error(cmd.usage, "--server: \"%s\" is not a "
			    "postgresql:// URI", arg);
		o->server = arg;
		break;
	case OPT_REPEAT:
		if (!cli_number("--repeat", arg, 1, 100000, &n))
			return EXIT_USAGE;
		o->repeat = (int)n;
		o->repeat_given = 1;
		break;
	case OPT_SCENARIOS:
		if (bench_parse_scenarios(o, arg, err, sizeof(err)) != 0)
			return cli_usage_error(cmd.usage, "%s", err);
		break;
	case OPT_SEED:
		if (!cli_number("--seed", arg, 0, INT64_MAX, &n))
			return EXIT_USAGE;
		o->seed = (uint64_t)n;
		break;
	case OPT_SIZES:
		if (bench_parse_sizes(o, arg, err, sizeof(err)) != 0)
			return cli_usage_error(cmd.usage, "%s", err);
		break;
	case OPT_SQLITE3:
		if (bench_find_program(arg, o->sqlite3, sizeof(o->sqlite3)) != 0) {
			cli_error("--sqlite3: %s: not found", arg);
			return EXIT_NOTFOUND;
		}
		break;
	case OPT_WRITERS:
		if (!cli_number("--writers", arg, 1, 64, &n))
			return EXIT_USAGE;
		o->writers = (int)n;
		break;
	default:
		return cli_common_setter(&r->c, id, arg);
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct cli_common common = CLI_COMMON_INIT;
	struct run_opts r;
	struct bench_budget *bu = NULL;
	struct cli_args a;
	int rc, status;

	cli_init("sb-bench", argc, argv);
	memset(&r, 0, sizeof(r));
	r.c = common;
	bench_defaults(&r.bench, argv[0]);
	if ((rc = cli_parse(&cmd, argc, argv, set_option, &r, &a)) >= 0)
		return rc;
	if (r.c.quiet)
		r.bench.quiet = 1;
	if (r.c.verbose)
		r.bench.verbose = 1;
	if (r.vs) {
		if (a.argc != 2)
			return cli_usage_error(cmd.usage, "--vs takes two command lines, "
			    "not %d", a.argc);
		status = bench_vs(&r.bench, a.argv[0], a.argv[1]);
		if (cli_close_stdout() != EXIT_OK && status == EXIT_OK)
			status = EXIT_FAIL;
		return status;
	}
	if (a.argc > 0)
		return cli_usage_error(cmd.usage, "unexpected argument \"%s\"", a.argv[0]);
	if (r.bench.reuse && r.bench.dir == NULL)
		return cli_usage_error(cmd.usage, "--reuse needs --dir");
	/* one production at a time in the server's database */
	if (r.bench.server != NULL && r.bench.nsizes != 1)
		return cli_usage_error(cmd.usage, "--server takes one size (--sizes N): "
		    "the database holds one production");
	if ((status = bench_budget_load(r.bench.budget_path, &bu)) != EXIT_OK)
		return status;
	if (r.list)
		bench_list(&r.bench, stdout);
	else
		status = bench_run(&r.bench, bu);
	bench_budget_free(bu);
	if (cli_close_stdout() != EXIT_OK && status == EXIT_OK)
		status = EXIT_FAIL;
	return status;
}
