/*
 * bench_priv.h - what the files of the sb-bench harness share.
 */
#ifndef SB_BENCH_PRIV_H
#define SB_BENCH_PRIV_H

#include "bench.h"
#include "cli.h"
#include "stripboard.h"

#include <sys/types.h>

/*
 * The scenarios (scenario.c)
 */
enum run_kind { RUN_COMMAND, RUN_SYNTH, RUN_PERM };
enum rows_kind {
	ROWS_BASELINE, /* the rows the baseline query returns */
	ROWS_STRIPS,   /* the strips of the production */
	ROWS_ONE,      /* one a process (a move) */
	ROWS_BATCH     /* the moves of a batch file */
};

#define MAX_ARGS 24
#define BATCH_MOVES 100
/* the moves a run records: a batch's, or one for each of up to 64 processes */
#define MV_MAX BATCH_MOVES

/*
 * Runs of a scenario without --repeat: at least BENCH_MIN_RUNS, then on
 * until the medians are stable, up to BENCH_MAX_RUNS or BENCH_SECONDS.
 */
#define BENCH_MIN_RUNS 5
#define BENCH_MAX_RUNS 30
#define BENCH_SECONDS 10
/* --vs: at least this many runs of each, then on until stable, at most */
#define BENCH_VS_MIN_RUNS 10
#define BENCH_VS_MAX_RUNS 1000

struct scenario {
	const char *name;
	const char *what;
	enum run_kind kind;
	const char *needs;          /* the command in --bindir it runs */
	const char *argv[MAX_ARGS]; /* {placeholders}: see run.c expand() */
	const char *in;             /* standard input, a placeholder; NULL: none */
	const char *baseline;       /* SQL returning the same rows, or NULL */
	enum rows_kind rows;
	int64_t max_strips;         /* runs up to this size */
	int runs;                   /* 0: --repeat; else this many */
	int writers;                /* processes at once: 0 one, -1 --writers */
	unsigned ok_exits;          /* exits that count as done besides 0 (bit n) */
	/*
	 * {fresh} is removed before each run: an import.  Its baseline (with
	 * the shell) is the sqlite3 shell loading the same rows into a new
	 * file: every row of the file an untimed run wrote (audit rows
	 * included), copied in one transaction, synchronous FULL, in WAL
	 * mode (run.c, load_prepare()).
	 */
	int fresh;
	/*
	 * For a write: the same write in plain SQL, committed by the sqlite3
	 * shell in one transaction with the synchronous setting the library
	 * uses, just before each run (for concurrent writers, one shell a process,
	 * at once); or NULL.  Parameters @project, @board and @day as for
	 * reads; the moves of the run (its strip and target shoot day, or a
	 * batch's) are in the table mv(uid, day).
	 */
	const char *write_baseline;
	/*
	 * The run makes boards (and calendars): after each run and its
	 * baseline, untimed, those above the production's highest ids are
	 * deleted (sb_bench_drop_boards()), so every run copies the same board.
	 */
	int drops_boards;
};

extern const struct scenario bench_scenarios[];
extern const size_t bench_nscenarios;

/* The scenario called name, or NULL. */
const struct scenario *bench_scenario_named(const char *name);

/*
 * A result: a scenario at a size
 */
struct result {
	const struct scenario *sc;
	int64_t size;
	const char *status;   /* "ok", "skipped", "failed" */
	char reason[256];
	int runs;
	double p50, min, p95, p99, max;
	int64_t rows;
	long rss_kib;
	double growth;        /* NAN: no previous size */
	const char *baseline; /* "sqlite3" or "c-api"; NULL: none */
	double base_ms;
	double ratio;         /* NAN: no baseline */
	/*
	 * CPU time (user + sys of the child processes, from wait4()): the
	 * medians of the command's runs and of its baseline's, and their
	 * ratio, which a busy machine moves far less than the wall time's
	 * (NAN: none, or on a server, whose own CPU no child shows)
	 */
	double cpu, base_cpu, cpu_ratio;
	int64_t refused;      /* runs that ended busy or in conflict */
	const char *budget;   /* "ok", "over"; NULL: no limit */
	int on_server;        /* --server: run on the server, the file its baseline */
};

/* A result's scenario as reported: NAME, or NAME@pg on the server. */
const char *bench_result_name(const struct result *r, char *buf, size_t size);

/*
 * A whole run (bench.c)
 */
struct bench {
	const struct bench_opts *o;
	const struct bench_budget *bu; /* NULL: no budget */
	char dir[PATH_MAX - 128];
	int dir_made;
	FILE *json_out;
	int progress;         /* show progress on stderr */
	struct result *results;
	size_t nresults;
	uint64_t rng;
};

/* Progress on stderr, when it is a terminal and not --quiet. */
void bench_progress(const struct bench *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Running a scenario at one size (run.c)
 */
/* What a run's placeholders stand for. */
struct vars {
	char sub[PATH_MAX - 64]; /* the size's directory */
	char db[PATH_MAX], fresh[PATH_MAX], uss[PATH_MAX], csv[PATH_MAX],
	    moves[PATH_MAX], err[PATH_MAX];
	/* an import's baseline: the file the shell loads, and the SQL it reads */
	char load_db[PATH_MAX], load_sql[PATH_MAX], load_src[PATH_MAX];
	const char *board;
	int64_t strips;
	sb_ctx *ctx;             /* the production, read-only: what runs work on */
	struct sb_bench_points pts;
	/* drawn for each run (each process) */
	char strip[SB_BENCH_UID];
	int64_t version, to_day;
	/*
	 * the shoot day a sort run sorts: the next each run, from one drawn at
	 * the first (0: none yet), so each run meets a day not sorted yet
	 */
	int64_t sort_day;
	/* the moves of a run, for a write's baseline: a batch's, or each process's */
	char mv_uid[MV_MAX][SB_BENCH_UID];
	int64_t mv_day[MV_MAX];
	int nmv;
	/* --server: {db} is the server's database while on_server is set */
	const char *server;
	int on_server;
	int same_moves;          /* run again what the last run drew */
};

/* Generate the production of a size into v->fresh in a child, timed. */
int bench_run_synth(const struct bench *b, const struct vars *v, int64_t size,
    double *ms, double *cpu, long *rss, int *status);

/*
 * The permission scenario (perm.c): PERM_RULES rules in the file, a batch
 * of up to PERM_MOVES moves; *ms is what its checks cost.
 */
#define PERM_RULES 1000
#define PERM_MOVES 10000
int bench_run_perm(const struct vars *v, double *ms, int64_t *rows, uint64_t *checks,
    char *why, size_t size);

/* The first line of a child's stderr, for a failure's reason. */
void bench_first_line(const char *path, char *buf, size_t size);

/* Where child k of a run writes its messages: v->err. */
void bench_err_path(struct vars *v, int k);

/* Remove a database and its -wal and -shm files. */
void bench_remove_db(const char *path);

/* A child process being timed (run.c). */
struct child {
	pid_t pid;
	double start;
	double cpu_ms;   /* set by bench_reap(): user + sys of the child, ms */
};

/* The monotonic clock, in milliseconds. */
double bench_now_ms(void);

/*
 * Start argv with stdin from in (NULL: /dev/null), stdout to out (NULL:
 * /dev/null), stderr to err_path; the clock starts at the fork.
 */
int bench_spawn(const char *const argv[], const char *in, const char *out,
    const char *err_path, struct child *c);

/*
 * Wait for a child: its wall time, peak RSS and exit status (-signal); its
 * CPU time (user + sys, its own and its waited-for children's) in
 * c->cpu_ms.
 */
int bench_reap(struct child *c, double *ms, long *rss_kib, int *exit_status);

/*
 * With --outputs: where a scenario's command and baseline write their
 * output once, untimed, for comparing them (SIZE/NAME.out and
 * SIZE/NAME.baseline.csv).
 */
void bench_output_paths(const char *sub, const struct scenario *sc, char *out,
    char *base, size_t size);

/* Run a scenario at a size into r. */
void bench_run_scenario(struct bench *b, const struct scenario *sc, struct vars *v,
    int64_t size, struct result *r);

/*
 * --server: run a scenario on the server's database (v->server), each run
 * followed by the same command line on the file as its baseline, into r.
 */
void bench_run_server(struct bench *b, const struct scenario *sc, struct vars *v,
    int64_t size, struct result *r);

/*
 * --server: import the production (v->uss) into the server's database,
 * which must hold none, timed, beside the same import into a new file:
 * into r (import-uss@pg).  -1 when the server cannot be used.
 */
int bench_server_import(struct bench *b, struct vars *v, int64_t size,
    struct result *r);

/*
 * Statistics (run.c): sort, then the q-quantile (nearest rank) or median.
 */
void bench_sort(double *v, int n);
double bench_quantile(const double *v, int n, double q);
double bench_median(double *v, int n);
/*
 * Whether the median of n times t is stable: its 95% confidence interval
 * (between the order statistics n/2 -+ 0.98 sqrt(n)) lies within that
 * fraction of it (tmp: room for n, sorted there).
 */
int bench_stable(const double *t, int n, double *tmp, double within);

/*
 * Budgets (budget.c)
 */
/* A size in strips, 1 to 10M, with k or M: 0, else -1. */
int bench_parse_size(const char *s, int64_t *out);

/* Check a result against the budget, naming each limit passed; 1 if over. */
int bench_budget_check(const struct bench_budget *bu, const char *path,
    struct result *r);

/*
 * The report (report.c)
 */
void bench_write_json(FILE *out, uint64_t seed, const struct result *r);
void bench_write_csv_header(FILE *out);
void bench_write_csv(FILE *out, const struct result *r);
void bench_write_table_header(FILE *out);
void bench_write_table(FILE *out, const struct result *r);
/* The machine, for the table's heading. */
void bench_write_machine(FILE *out, uint64_t seed);

#endif /* SB_BENCH_PRIV_H */
