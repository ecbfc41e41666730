/*
 * bench.h - the sb-bench harness: synthetic productions, the scenarios,
 * running and timing the commands beside their baselines, budgets and the
 * report.  A module of its own beside bin/cli.c, not part of libstripboard
 * (docs/architecture.md says why); bin/sb-bench.c fills struct bench_opts
 * from its options and calls bench_run().
 */
#ifndef SB_BENCH_H
#define SB_BENCH_H

#include <limits.h>
#include <stdint.h>
#include <stdio.h>

#define BENCH_MAX_SIZES 32
#define BENCH_MAX_SCENARIOS 64
/* the longest --dir: its size directories and files must fit in PATH_MAX */
#define BENCH_DIR_MAX (PATH_MAX - 192)

enum bench_format { BENCH_NDJSON, BENCH_JSON, BENCH_CSV, BENCH_TABLE };

struct bench_opts {
	int64_t sizes[BENCH_MAX_SIZES]; /* ascending, no duplicates */
	size_t nsizes;
	unsigned char selected[BENCH_MAX_SCENARIOS]; /* by place in the table */
	int repeat;          /* with repeat_given, the runs of a scenario */
	int repeat_given;    /* else 5 or more until the median is stable,
	                        and sizes above 100000 once */
	uint64_t seed;
	int format;          /* enum bench_format */
	const char *budget_path; /* for messages; NULL: no budget */
	const char *json_path;   /* also write NDJSON there; NULL: no */
	const char *dir;         /* NULL: a new directory in $TMPDIR */
	char bindir[PATH_MAX - 64];
	char sqlite3[PATH_MAX];  /* the shell for baselines; "": in-process */
	int writers;             /* processes of the concurrent scenarios */
	int keep, quiet, verbose;
	int outputs;             /* write each command's and baseline's output */
	int reuse;               /* use DIR/SIZE/bench.db when it is there */
	const char *server;      /* --server: a postgresql:// URI, else NULL */
};

struct bench_budget;

/*
 * The defaults: every scenario, 200,10000,100000 strips, runs until the
 * medians are stable, seed 1,
 * 4 writers, a table on a terminal and NDJSON otherwise, the commands
 * beside the running program (argv0 if /proc does not say where it is),
 * the sqlite3 on PATH.
 */
void bench_defaults(struct bench_opts *o, const char *argv0);

/*
 * --sizes (k and M suffixes; sorted, duplicates dropped) and --scenarios
 * (names, comma-separated): 0, or -1 with the message in err.
 */
int bench_parse_sizes(struct bench_opts *o, const char *arg, char *err, size_t size);
int bench_parse_scenarios(struct bench_opts *o, const char *arg, char *err,
    size_t size);

/* The enum bench_format of a --format name, or -1. */
int bench_format(const char *name);

/* A program by name on PATH, or by path: its path in out; -1 if none. */
int bench_find_program(const char *name, char *out, size_t size);

/*
 * Read a budget file into *bu (NULL path: none): EXIT_OK, or the exit
 * status after a message (not found, bad data).
 */
int bench_budget_load(const char *path, struct bench_budget **bu);
void bench_budget_free(struct bench_budget *bu);

/* --list: each scenario, its command and sizes, and whether it can run. */
void bench_list(const struct bench_opts *o, FILE *out);

/* Run every selected scenario at every size: the exit status. */
int bench_run(const struct bench_opts *o, const struct bench_budget *bu);

/*
 * --vs: run two command lines (split into words as the shell would, no
 * commands substituted) alternately, --repeat times each or until both
 * medians are stable, and report both and the ratio of their medians:
 * the exit status.
 */
int bench_vs(const struct bench_opts *o, const char *a, const char *b);

#endif /* SB_BENCH_H */
