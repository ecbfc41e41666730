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

static const char usage[] =
    "usage: sb-bench [-hkqv] [--sizes N,...] [--scenarios NAME,...] [--repeat N]\n"
    "                [--seed N] [--budget FILE] [--format ndjson|json|csv|table]\n"
    "                [--bindir DIR] [--dir DIR] [--sqlite3 PATH] [--writers N]\n"
    "                [--json FILE] [--list]\n";

static void
help(void)
{
	fputs(usage, stdout);
	fputs("\n"
	    "Build synthetic productions of each size (strips) from a seed, run every\n"
	    "scenario on them with the built commands, and report wall time, rows per\n"
	    "second, peak memory, growth from the previous size and the ratio to the\n"
	    "plain sqlite3 query that returns the same rows, run after each run of\n"
	    "the command.\n\n"
	    "  --sizes N,...        sizes in strips (default 200,10000,100000); k and M\n"
	    "                       suffixes allowed (10k, 1M)\n"
	    "  --scenarios NAME,... the scenarios to run (default: all; see --list)\n"
	    "  --repeat N           runs of each scenario (default: 5 or more until\n"
	    "                       the median is stable; sizes above 100000 once)\n"
	    "  --seed N             the seed of the productions (default 1)\n"
	    "  --budget FILE        limits per scenario and size; over budget exits 1\n"
	    "  --format FORMAT      ndjson, json, csv or table (default: table on a\n"
	    "                       terminal, ndjson otherwise)\n"
	    "  --json FILE          also write the results as NDJSON to FILE\n"
	    "  --bindir DIR         where the commands are (default: beside sb-bench)\n"
	    "  --dir DIR            where to build the productions (default: a new\n"
	    "                       directory in $TMPDIR, removed at the end)\n"
	    "  --sqlite3 PATH       the sqlite3 shell for baselines (default: sqlite3\n"
	    "                       on PATH, else the baseline runs in-process)\n"
	    "  --writers N          processes of the concurrent scenarios (default 4)\n"
	    "  --list               list the scenarios and exit\n"
	    "  -k, --keep           keep the productions and files, and say where\n"
	    "  -q, --quiet          no progress\n"
	    "  -v, --verbose        print each command line on stderr\n"
	    "  -h, --help           this help\n"
	    "      --version        versions of the command, the library and SQLite\n\n"
	    "Exit status: 0 ok, 1 a scenario failed or a figure is over budget,\n"
	    "2 usage, 3 bad budget file, 4 no such budget file or directory.\n", stdout);
}

int
main(int argc, char *argv[])
{
	enum { OPT_SIZES = 256, OPT_SCENARIOS, OPT_REPEAT, OPT_SEED, OPT_BUDGET,
		OPT_FORMAT, OPT_BINDIR, OPT_DIR, OPT_SQLITE3, OPT_WRITERS, OPT_JSON,
		OPT_LIST, OPT_VERSION };
	static const struct option longopts[] = {
		{ "bindir", required_argument, NULL, OPT_BINDIR },
		{ "budget", required_argument, NULL, OPT_BUDGET },
		{ "dir", required_argument, NULL, OPT_DIR },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "help", no_argument, NULL, 'h' },
		{ "json", required_argument, NULL, OPT_JSON },
		{ "keep", no_argument, NULL, 'k' },
		{ "list", no_argument, NULL, OPT_LIST },
		{ "quiet", no_argument, NULL, 'q' },
		{ "repeat", required_argument, NULL, OPT_REPEAT },
		{ "scenarios", required_argument, NULL, OPT_SCENARIOS },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "sizes", required_argument, NULL, OPT_SIZES },
		{ "sqlite3", required_argument, NULL, OPT_SQLITE3 },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "writers", required_argument, NULL, OPT_WRITERS },
		{ NULL, 0, NULL, 0 }
	};
	struct bench_opts o;
	struct bench_budget *bu = NULL;
	char err[256];
	int64_t n;
	int c, do_list = 0, status;

	cli_init("sb-bench", argc, argv);
	bench_defaults(&o, argv[0]);
	while ((c = getopt_long(argc, argv, "hkqv", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help();
			return cli_close_stdout();
		case 'k':
			o.keep = 1;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'v':
			o.verbose = 1;
			break;
		case OPT_BINDIR:
			if ((size_t)snprintf(o.bindir, sizeof(o.bindir), "%s", optarg) >=
			    sizeof(o.bindir))
				return cli_usage_error(usage, "--bindir: too long");
			break;
		case OPT_BUDGET:
			o.budget_path = optarg;
			break;
		case OPT_DIR:
			if (strlen(optarg) >= BENCH_DIR_MAX)
				return cli_usage_error(usage, "--dir: too long");
			o.dir = optarg;
			break;
		case OPT_FORMAT:
			if ((o.format = bench_format(optarg)) < 0)
				return cli_usage_error(usage, "--format: \"%s\" is not ndjson, "
				    "json, csv or table", optarg);
			break;
		case OPT_JSON:
			o.json_path = optarg;
			break;
		case OPT_LIST:
			do_list = 1;
			break;
		case OPT_REPEAT:
			if (!cli_number("--repeat", optarg, 1, 100000, &n))
				return EXIT_USAGE;
			o.repeat = (int)n;
			o.repeat_given = 1;
			break;
		case OPT_SCENARIOS:
			if (bench_parse_scenarios(&o, optarg, err, sizeof(err)) != 0)
				return cli_usage_error(usage, "%s", err);
			break;
		case OPT_SEED:
			if (!cli_number("--seed", optarg, 0, INT64_MAX, &n))
				return EXIT_USAGE;
			o.seed = (uint64_t)n;
			break;
		case OPT_SIZES:
			if (bench_parse_sizes(&o, optarg, err, sizeof(err)) != 0)
				return cli_usage_error(usage, "%s", err);
			break;
		case OPT_SQLITE3:
			if (bench_find_program(optarg, o.sqlite3, sizeof(o.sqlite3)) != 0) {
				cli_error("--sqlite3: %s: not found", optarg);
				return EXIT_NOTFOUND;
			}
			break;
		case OPT_VERSION:
			cli_version();
			return cli_close_stdout();
		case OPT_WRITERS:
			if (!cli_number("--writers", optarg, 1, 64, &n))
				return EXIT_USAGE;
			o.writers = (int)n;
			break;
		default:
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error(usage, "unexpected argument \"%s\"", argv[optind]);
	if ((status = bench_budget_load(o.budget_path, &bu)) != EXIT_OK)
		return status;
	if (do_list)
		bench_list(&o, stdout);
	else
		status = bench_run(&o, bu);
	bench_budget_free(bu);
	if (cli_close_stdout() != EXIT_OK && status == EXIT_OK)
		status = EXIT_FAIL;
	return status;
}
