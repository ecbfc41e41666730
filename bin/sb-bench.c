/*
 * sb-bench - build synthetic productions of any size and time the real
 * commands on them, beside the plain SQLite query that returns the same
 * rows; check the figures against a budget.
 *
 * The scenarios are one table (scenarios[] below): a name, the command
 * line with {placeholders}, the SQL that returns the same rows, and how
 * many rows a run handles.  A scenario whose command is not built yet is
 * reported as skipped, so the table can name commands still to come.
 * docs/performance.md says how to add one.
 *
 * Each run is a child process: the built command exec'd as a user runs
 * it (stdout to /dev/null) or, for the generator, a fork calling the
 * library; wall time from a monotonic clock around fork and wait4(), and
 * the child's own peak RSS from the rusage wait4() returns.  sb-bench
 * reads the database directly with SQLite for the baselines and to pick
 * what a run works on (a strip to move, a day to expand): the baseline
 * must be plain SQLite, not the library it measures.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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
	    "plain sqlite3 query that returns the same rows.\n\n"
	    "  --sizes N,...        sizes in strips (default 200,10000,100000); k and M\n"
	    "                       suffixes allowed (10k, 1M)\n"
	    "  --scenarios NAME,... the scenarios to run (default: all; see --list)\n"
	    "  --repeat N           runs of each scenario (default 3; sizes above\n"
	    "                       100000 run once unless --repeat is given)\n"
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

/*
 * The scenarios
 */
enum run_kind { RUN_COMMAND, RUN_SYNTH };
enum rows_kind {
	ROWS_BASELINE, /* the rows the baseline query returns */
	ROWS_STRIPS,   /* the strips of the production */
	ROWS_ONE,      /* one a process (a move) */
	ROWS_BATCH     /* the moves of a batch file */
};

#define MAX_ARGS 24
#define BATCH_MOVES 100

struct scenario {
	const char *name;
	const char *what;
	enum run_kind kind;
	const char *needs;          /* the command in --bindir it runs */
	const char *argv[MAX_ARGS]; /* {placeholders}: see expand() */
	const char *in;             /* standard input, a placeholder; NULL: none */
	const char *baseline;       /* SQL returning the same rows, or NULL */
	enum rows_kind rows;
	int64_t max_strips;         /* runs up to this size */
	int runs;                   /* 0: --repeat; else this many */
	int writers;                /* processes at once: 0 one, -1 --writers */
	unsigned ok_exits;          /* exits that count as done besides 0 (bit n) */
	int fresh;                  /* {fresh} is removed before each run */
};

/* The rows of a board in board order: what sb-export writes. */
#define BOARD_SQL \
	"SELECT b.name, l.name, d.kind, p.pos, s.uid, p.version, s.type, s.scene," \
	" s.int_ext, s.day_night, s.set_name, s.location, s.script_day, s.eighths," \
	" s.est_ms, coalesce(s.synopsis, s.banner_text)," \
	" (SELECT group_concat(name, '; ') FROM (SELECT e.name FROM strip_element se" \
	"  JOIN element e ON e.id = se.element_id WHERE se.strip_id = s.id" \
	"  ORDER BY se.rank))" \
	" FROM lane l JOIN board b ON b.id = l.board_id JOIN day d ON d.lane_id = l.id" \
	" JOIN placement p ON p.day_id = d.id JOIN strip s ON s.id = p.strip_id" \
	" WHERE l.board_id = @board"

#define BOARD_ORDER " ORDER BY l.rank, l.id, d.pos, p.pos"

/* Every record of a USS file: what sb-export --format uss writes. */
#define USS_SQL \
	"SELECT s.uid, s.type, s.scene, s.synopsis, s.comments, s.banner_text," \
	" s.script_page, s.eighths, s.est_ms, s.created, s.ext, s.absent," \
	" (SELECT group_concat(uid) FROM (SELECT e.uid FROM strip_element se" \
	"  JOIN element e ON e.id = se.element_id WHERE se.strip_id = s.id" \
	"  ORDER BY se.rank))" \
	" FROM strip s WHERE s.project_id = @project ORDER BY s.rank, s.id;" \
	"SELECT uid, name, ucid, created, ext, absent FROM category" \
	" WHERE project_id = @project ORDER BY rank, id;" \
	"SELECT e.uid, c.uid, e.name, e.board_id, e.is_dood, e.is_hold, e.is_drop," \
	" e.drop_days, e.days_off, e.linked, e.is_id_lock, e.created, e.ext, e.absent," \
	" (SELECT json_group_array(json_object('id', v.uid, 'type', v.type, 'name'," \
	"  v.name, 'date', coalesce(v.date_raw, v.date))) FROM element_event v" \
	"  WHERE v.element_id = e.id)" \
	" FROM element e JOIN category c ON c.id = e.category_id" \
	" WHERE e.project_id = @project ORDER BY e.rank, e.id;" \
	"SELECT b.uid, l.uid, d.id, s.uid FROM board b JOIN lane l ON l.board_id = b.id" \
	" JOIN day d ON d.lane_id = l.id JOIN placement p ON p.day_id = d.id" \
	" JOIN strip s ON s.id = p.strip_id WHERE b.project_id = @project" \
	" ORDER BY b.rank, b.id, l.rank, l.id, d.pos, p.pos;" \
	"SELECT c.uid, c.name, c.days_off, d.uid, d.type, d.name," \
	" coalesce(d.date_raw, d.date) FROM calendar c" \
	" LEFT JOIN calendar_day d ON d.calendar_id = c.id" \
	" WHERE c.project_id = @project ORDER BY c.rank, c.id, d.rank, d.id"

/* The shoot days of the board's schedule, with their strips and pages. */
#define DAYS_SQL \
	"SELECT d.id, d.pos, count(p.id), sum(s.eighths), sum(s.est_ms)" \
	" FROM lane l JOIN day d ON d.lane_id = l.id" \
	" LEFT JOIN placement p ON p.day_id = d.id LEFT JOIN strip s ON s.id = p.strip_id" \
	" WHERE l.board_id = @board AND l.kind = 'schedule' AND d.kind = 'shoot'" \
	" GROUP BY d.id ORDER BY d.pos"

#define CMD_DB "--db", "{db}"

static const struct scenario scenarios[] = {
	{ "synth", "generate a production into a new database (library, sb_synth)",
	    RUN_SYNTH, NULL, { NULL }, NULL, NULL, ROWS_STRIPS, 1000000, 1, 0, 0, 0 },
	{ "import-uss", "sb-import of the production as a USS file, into a new database",
	    RUN_COMMAND, "sb-import", { "sb-import", "-q", "--db", "{fresh}", "{uss}" },
	    NULL, NULL, ROWS_STRIPS, 1000000, 0, 0, 0, 1 },
	{ "import-csv", "sb-import of First Pass as canonical CSV, into a new database",
	    RUN_COMMAND, "sb-import", { "sb-import", "-q", "--db", "{fresh}",
	    "--project", "bench", "{csv}" }, NULL, NULL, ROWS_STRIPS, 1000000, 0, 0, 0, 1 },
	{ "export-csv", "sb-export of a whole board as CSV",
	    RUN_COMMAND, "sb-export", { "sb-export", CMD_DB, "--board", "{board}",
	    "--format", "csv" }, NULL, BOARD_SQL BOARD_ORDER, ROWS_BASELINE, 1000000,
	    0, 0, 0, 0 },
	{ "export-json", "sb-export of a whole board as a JSON array",
	    RUN_COMMAND, "sb-export", { "sb-export", CMD_DB, "--board", "{board}",
	    "--format", "json" }, NULL, BOARD_SQL BOARD_ORDER, ROWS_BASELINE, 1000000,
	    0, 0, 0, 0 },
	{ "export-ndjson", "sb-export of a whole board as NDJSON",
	    RUN_COMMAND, "sb-export", { "sb-export", CMD_DB, "--board", "{board}",
	    "--format", "ndjson" }, NULL, BOARD_SQL BOARD_ORDER, ROWS_BASELINE, 1000000,
	    0, 0, 0, 0 },
	{ "export-table", "sb-export of a whole board as the readable table",
	    RUN_COMMAND, "sb-export", { "sb-export", CMD_DB, "--board", "{board}",
	    "--format", "table" }, NULL, BOARD_SQL BOARD_ORDER, ROWS_BASELINE, 1000000,
	    0, 0, 0, 0 },
	{ "export-uss", "sb-export of the whole project as USS",
	    RUN_COMMAND, "sb-export", { "sb-export", CMD_DB, "--format", "uss" },
	    NULL, USS_SQL, ROWS_BASELINE, 1000000, 0, 0, 0, 0 },
	/*
	 * Slots for the commands still to come: skipped until the command is
	 * built.  The command lines follow the planned options; check them
	 * (and the baselines) when the command lands.
	 */
	{ "day-list", "sb-day: the calendar, every shoot day of a board",
	    RUN_COMMAND, "sb-day", { "sb-day", "list", CMD_DB, "--board", "{board}",
	    "--format", "csv" }, NULL, DAYS_SQL, ROWS_BASELINE, 100000, 0, 0, 0, 0 },
	{ "day-expand", "sb-day: one shoot day expanded with its strips",
	    RUN_COMMAND, "sb-day", { "sb-day", "list", CMD_DB, "--board", "{board}",
	    "--expand={day}", "--after", "{day_before}", "--limit", "1",
	    "--format", "csv" }, NULL,
	    BOARD_SQL " AND d.id = @day" BOARD_ORDER, ROWS_BASELINE, 100000, 0, 0, 0, 0 },
	{ "day-range", "sb-day: the shoot days of a date range (20 days) with their strips",
	    RUN_COMMAND, "sb-day", { "sb-day", "list", CMD_DB, "--board", "{board}",
	    "--from", "{from}", "--to", "{to}", "--format", "csv" }, NULL,
	    BOARD_SQL " AND l.kind = 'schedule' AND d.kind = 'shoot'"
	    " AND d.pos BETWEEN @pos_from AND @pos_to" BOARD_ORDER, ROWS_BASELINE,
	    100000, 0, 0, 0, 0 },
	{ "move", "sb-reorder: one strip to another day, with its version (p50/p95/p99)",
	    RUN_COMMAND, "sb-reorder", { "sb-reorder", "move", "{strip}", "--to",
	    "{to_day}", "--if-version", "{version}", "--board", "{board}", CMD_DB },
	    NULL, NULL, ROWS_ONE, 1000000, 100, 0, 0, 0 },
	{ "move-batch", "sb-reorder: a batch of moves from standard input, atomic",
	    RUN_COMMAND, "sb-reorder", { "sb-reorder", "batch", "--atomic",
	    "--board", "{board}", CMD_DB }, "{moves}", NULL, ROWS_BATCH, 100000, 0,
	    0, 0, 0 },
	{ "sort-day", "sb-reorder: sort one shoot day by INT/EXT and set",
	    RUN_COMMAND, "sb-reorder", { "sb-reorder", "sort", "--board", "{board}",
	    "--day", "{day}", "--by", "int_ext,set", CMD_DB }, NULL, NULL, ROWS_ONE,
	    100000, 0, 0, 0, 0 },
	{ "writers", "sb-reorder: --writers processes moving strips at once",
	    RUN_COMMAND, "sb-reorder", { "sb-reorder", "move", "{strip}", "--to",
	    "{to_day}", "--if-version", "{version}", "--board", "{board}", CMD_DB },
	    NULL, NULL, ROWS_ONE, 100000, 20, -1, (1u << 5) | (1u << 6), 0 },
	{ "log-since", "sb-log: the audit trail since a point, as NDJSON",
	    RUN_COMMAND, "sb-log", { "sb-log", "--since", "{audit}", "--format",
	    "ndjson", CMD_DB }, NULL,
	    "SELECT * FROM audit WHERE id >= @audit ORDER BY id", ROWS_BASELINE,
	    100000, 0, 0, 0, 0 },
};
#define NSCENARIOS (sizeof(scenarios) / sizeof(scenarios[0]))

/*
 * Options and state
 */
enum { FMT_NDJSON, FMT_JSON, FMT_CSV, FMT_TABLE };
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
	int64_t refused;      /* runs that ended busy or in conflict */
	const char *budget;   /* "ok", "over"; NULL: no limit */
};

#define MAX_SIZES 32

struct bench {
	int64_t sizes[MAX_SIZES];
	size_t nsizes;
	int selected[NSCENARIOS];
	int repeat, repeat_given;
	uint64_t seed;
	const char *budget_path;
	int format;
	const char *json_path;
	FILE *json_out;
	char bindir[PATH_MAX - 64];
	char dir[PATH_MAX - 128];
	int dir_made;
	const char *sqlite3;
	int writers;
	int keep, quiet, verbose, progress;
	struct result *results;
	size_t nresults;
	uint64_t rng;
};

/* What a run's placeholders stand for. */
struct vars {
	char sub[PATH_MAX - 64]; /* the size's directory */
	char db[PATH_MAX], fresh[PATH_MAX], uss[PATH_MAX], csv[PATH_MAX],
	    moves[PATH_MAX], err[PATH_MAX];
	const char *board;
	int64_t board_id, project_id, strips;
	int64_t ndays, day, day_id, audit, strip_lo, strip_hi;
	char date[16], from[16], to[16], pos_from[80], pos_to[80];
	/* drawn for each run (each process) */
	char strip[32];
	int64_t version, to_day;
};


static void
progress(const struct bench *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
progress(const struct bench *b, const char *fmt, ...)
{
	va_list ap;

	if (!b->progress)
		return;
	fputs("\r\033[K", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The bench's own PRNG (splitmix64) for picking strips and days. */
static uint64_t
rnd(struct bench *b)
{
	uint64_t z = (b->rng += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/*
 * Running children
 */
struct child {
	pid_t pid;
	double start;
};

/* Start argv with stdin from in (NULL: /dev/null), stdout to /dev/null. */
static int
spawn(const char *const argv[], const char *in, const char *err_path,
    struct child *c)
{
	c->start = now_ms();
	c->pid = fork();
	if (c->pid < 0) {
		cli_error("fork: %s", strerror(errno));
		return -1;
	}
	if (c->pid == 0) {
		int fd0 = open(in != NULL ? in : "/dev/null", O_RDONLY);
		int fd1 = open("/dev/null", O_WRONLY);
		int fd2 = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd0 < 0 || fd1 < 0 || fd2 < 0 || dup2(fd0, 0) < 0 ||
		    dup2(fd1, 1) < 0 || dup2(fd2, 2) < 0)
			_exit(126);
		execv(argv[0], (char *const *)argv);
		dprintf(2, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return 0;
}

/* Wait for a child: its wall time, peak RSS and exit status (-signal). */
static int
reap(struct child *c, double *ms, long *rss_kib, int *exit_status)
{
	struct rusage ru;
	int st;

	while (wait4(c->pid, &st, 0, &ru) < 0) {
		if (errno != EINTR) {
			cli_error("wait4: %s", strerror(errno));
			return -1;
		}
	}
	*ms = now_ms() - c->start;
	*rss_kib = ru.ru_maxrss;
	*exit_status = WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
	return 0;
}

/* The first line of a child's stderr, for a failure's reason. */
static void
first_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (f == NULL)
		return;
	if (fgets(buf, (int)size, f) != NULL)
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

/*
 * Placeholders
 */
static int
expand(const char *tmpl, const struct vars *v, char *out, size_t size)
{
	size_t n = 0;

	while (*tmpl != '\0') {
		char name[32], val[PATH_MAX];
		const char *end;
		size_t len;

		if (*tmpl != '{' || (end = strchr(tmpl, '}')) == NULL) {
			if (n + 1 >= size)
				return -1;
			out[n++] = *tmpl++;
			continue;
		}
		len = (size_t)(end - tmpl - 1);
		if (len >= sizeof(name))
			return -1;
		memcpy(name, tmpl + 1, len);
		name[len] = '\0';
		if (strcmp(name, "db") == 0)
			snprintf(val, sizeof(val), "%s", v->db);
		else if (strcmp(name, "fresh") == 0)
			snprintf(val, sizeof(val), "%s", v->fresh);
		else if (strcmp(name, "uss") == 0)
			snprintf(val, sizeof(val), "%s", v->uss);
		else if (strcmp(name, "csv") == 0)
			snprintf(val, sizeof(val), "%s", v->csv);
		else if (strcmp(name, "moves") == 0)
			snprintf(val, sizeof(val), "%s", v->moves);
		else if (strcmp(name, "board") == 0)
			snprintf(val, sizeof(val), "%s", v->board);
		else if (strcmp(name, "day") == 0)
			snprintf(val, sizeof(val), "%lld", (long long)v->day);
		else if (strcmp(name, "day_before") == 0)
			snprintf(val, sizeof(val), "%lld", (long long)(v->day - 1));
		else if (strcmp(name, "date") == 0)
			snprintf(val, sizeof(val), "%s", v->date);
		else if (strcmp(name, "from") == 0)
			snprintf(val, sizeof(val), "%s", v->from);
		else if (strcmp(name, "to") == 0)
			snprintf(val, sizeof(val), "%s", v->to);
		else if (strcmp(name, "audit") == 0)
			snprintf(val, sizeof(val), "%lld", (long long)v->audit);
		else if (strcmp(name, "strip") == 0)
			snprintf(val, sizeof(val), "%s", v->strip);
		else if (strcmp(name, "version") == 0)
			snprintf(val, sizeof(val), "%lld", (long long)v->version);
		else if (strcmp(name, "to_day") == 0)
			snprintf(val, sizeof(val), "%lld", (long long)v->to_day);
		else
			return -1;
		len = strlen(val);
		if (n + len >= size)
			return -1;
		memcpy(out + n, val, len);
		n += len;
		tmpl = end + 1;
	}
	out[n] = '\0';
	return 0;
}

/* The command line of a run: argv[0] in --bindir, placeholders filled. */
static int
build_argv(const struct bench *b, const struct scenario *sc,
    const struct vars *v, char buf[MAX_ARGS][PATH_MAX], const char *argv[MAX_ARGS + 1])
{
	int i;

	for (i = 0; i < MAX_ARGS && sc->argv[i] != NULL; i++) {
		if (i == 0) {
			if ((size_t)snprintf(buf[0], PATH_MAX, "%s/%s", b->bindir,
			    sc->argv[0]) >= PATH_MAX)
				return -1;
		} else if (expand(sc->argv[i], v, buf[i], PATH_MAX) != 0) {
			cli_error("%s: cannot fill in \"%s\"", sc->name, sc->argv[i]);
			return -1;
		}
		argv[i] = buf[i];
	}
	argv[i] = NULL;
	return 0;
}

static void
print_argv(const char *const argv[])
{
	fprintf(stderr, "%s:", cli_prog);
	for (int i = 0; argv[i] != NULL; i++)
		fprintf(stderr, " %s", argv[i]);
	fputc('\n', stderr);
}

/*
 * Reading the production: what runs work on
 */
static int
db_open(const char *path, sqlite3 **db)
{
	if (sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		cli_error("%s: %s", path, sqlite3_errmsg(*db));
		sqlite3_close(*db);
		*db = NULL;
		return -1;
	}
	sqlite3_busy_timeout(*db, 10000);
	return 0;
}

/* One integer from SQL with up to two integer parameters. */
static int
db_int(sqlite3 *db, const char *sql, int64_t a, int64_t b_, int64_t *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		cli_error("%s: %s", sql, sqlite3_errmsg(db));
		return -1;
	}
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_int64(st, 1, a);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, b_);
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		cli_error("%s: %s", sql, sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

/* The date of shoot day n of the board, from its calendar, with the library. */
static int
day_date(sqlite3 *db, int64_t board, int64_t n, char out[16])
{
	static const char cal_sql[] =
	    "SELECT c.days_off, d.date, d.kind FROM board b JOIN calendar c"
	    " ON c.id = b.calendar_id JOIN calendar_day d ON d.calendar_id = c.id"
	    " WHERE b.id = ?1 ORDER BY d.kind <> 'start', d.rank, d.id";
	sqlite3_stmt *st;
	sb_calendar *cal = NULL;
	sb_date date;
	int rc;

	out[0] = '\0';
	if (sqlite3_prepare_v2(db, cal_sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, board);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 2);
		sb_date d;

		if (sb_date_parse((const char *)sqlite3_column_text(st, 1), &d) != SB_OK)
			continue;
		if (cal == NULL) {
			unsigned mask = 0;

			if (strcmp(kind, "start") != 0 ||
			    (sqlite3_column_text(st, 0) != NULL &&
			    sb_weekdays_parse((const char *)sqlite3_column_text(st, 0),
			    &mask) != SB_OK))
				break;
			if ((cal = sb_calendar_new(d, mask)) == NULL)
				break;
			continue;
		}
		if (strcmp(kind, "off") == 0)
			sb_calendar_mark(cal, d, SB_CAL_OFF);
		else if (strcmp(kind, "holiday") == 0)
			sb_calendar_mark(cal, d, SB_CAL_HOLIDAY);
		else if (strcmp(kind, "travel") == 0)
			sb_calendar_mark(cal, d, SB_CAL_TRAVEL);
		else if (strcmp(kind, "work") == 0)
			sb_calendar_mark(cal, d, SB_CAL_WORK);
	}
	sqlite3_finalize(st);
	if (cal == NULL)
		return 0;
	if (sb_calendar_nth(cal, n, &date) == SB_OK)
		sb_date_format(date, out, 16);
	sb_calendar_free(cal);
	return 0;
}

/* The position key of shoot day n (1-based) of the board's schedule. */
static int
day_pos(sqlite3 *db, int64_t board, int64_t n, char *out, size_t size,
    int64_t *id)
{
	static const char sql[] =
	    "SELECT d.pos, d.id FROM lane l JOIN day d ON d.lane_id = l.id"
	    " WHERE l.board_id = ?1 AND l.kind = 'schedule' AND d.kind = 'shoot'"
	    " ORDER BY l.rank, l.id, d.pos LIMIT 1 OFFSET ?2";
	sqlite3_stmt *st;
	int rc;

	out[0] = '\0';
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, board);
	sqlite3_bind_int64(st, 2, n - 1);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
		if (id != NULL)
			*id = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* The fixed points of a production: its board, a middle day, a range. */
static int
load_vars(struct vars *v)
{
	sqlite3 *db;
	int64_t from, to;
	int rc = -1;

	if (db_open(v->db, &db) != 0)
		return -1;
	v->board = "First Pass";
	if (db_int(db, "SELECT id FROM project ORDER BY id LIMIT 1", 0, 0,
	    &v->project_id) != 0 ||
	    db_int(db, "SELECT id FROM board WHERE project_id = ?1 AND name = 'First Pass'",
	    v->project_id, 0, &v->board_id) != 0 ||
	    db_int(db, "SELECT count(*) FROM lane l JOIN day d ON d.lane_id = l.id"
	    " WHERE l.board_id = ?1 AND l.kind = 'schedule' AND d.kind = 'shoot'",
	    v->board_id, 0, &v->ndays) != 0 ||
	    db_int(db, "SELECT min(id) FROM strip WHERE project_id = ?1",
	    v->project_id, 0, &v->strip_lo) != 0 ||
	    db_int(db, "SELECT max(id) FROM strip WHERE project_id = ?1",
	    v->project_id, 0, &v->strip_hi) != 0 ||
	    db_int(db, "SELECT (min(id) + max(id)) / 2 FROM audit", 0, 0,
	    &v->audit) != 0)
		goto out;
	if (v->board_id == 0 || v->ndays == 0) {
		cli_error("%s: no board \"First Pass\" with shoot days", v->db);
		goto out;
	}
	v->day = (v->ndays + 1) / 2;
	from = v->day > 10 ? v->day - 10 : 1;
	to = v->day + 9 < v->ndays ? v->day + 9 : v->ndays;
	if (day_pos(db, v->board_id, v->day, v->date, sizeof(v->date), &v->day_id) != 0 ||
	    day_pos(db, v->board_id, from, v->pos_from, sizeof(v->pos_from), NULL) != 0 ||
	    day_pos(db, v->board_id, to, v->pos_to, sizeof(v->pos_to), NULL) != 0 ||
	    day_date(db, v->board_id, v->day, v->date) != 0 ||
	    day_date(db, v->board_id, from, v->from) != 0 ||
	    day_date(db, v->board_id, to, v->to) != 0)
		goto out;
	rc = 0;
out:
	sqlite3_close(db);
	return rc;
}

/* Draw what one run (one process) works on: a strip, its version, a day. */
static int
pick(struct bench *b, struct vars *v)
{
	static const char sql[] =
	    "SELECT s.uid, p.version FROM strip s JOIN placement p"
	    " ON p.strip_id = s.id AND p.board_id = ?2 WHERE s.id >= ?1"
	    " ORDER BY s.id LIMIT 1";
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t id = v->strip_lo + (int64_t)(rnd(b) % (uint64_t)(v->strip_hi - v->strip_lo + 1));
	int rc;

	if (db_open(v->db, &db) != 0)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		cli_error("%s: %s", v->db, sqlite3_errmsg(db));
		sqlite3_close(db);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, v->board_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(v->strip, sizeof(v->strip), "%s", sqlite3_column_text(st, 0));
		v->version = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	if (rc != SQLITE_ROW) {
		cli_error("%s: no strip to pick", v->db);
		return -1;
	}
	v->to_day = 1 + (int64_t)(rnd(b) % (uint64_t)v->ndays);
	return 0;
}

/*
 * A batch of moves for standard input.  The format is a guess at what
 * sb-reorder --batch will read (strip, day, version, one a line, CSV with
 * a header): adjust it when the command lands.
 */
static int
write_moves(struct bench *b, struct vars *v)
{
	FILE *f = fopen(v->moves, "w");
	int rc = 0;

	if (f == NULL) {
		cli_error("%s: %s", v->moves, strerror(errno));
		return -1;
	}
	/* no versions: a strip drawn twice would meet its own first move */
	fputs("strip_id,day\n", f);
	for (int i = 0; i < BATCH_MOVES && rc == 0; i++) {
		rc = pick(b, v);
		if (rc == 0)
			fprintf(f, "%s,%lld\n", v->strip, (long long)v->to_day);
	}
	if (fclose(f) != 0 && rc == 0) {
		cli_error("%s: %s", v->moves, strerror(errno));
		rc = -1;
	}
	return rc;
}

/*
 * Baselines
 */

/* Step every row and column of sql (several statements allowed). */
static int
baseline_api(const struct vars *v, const char *sql, int64_t *rows, double *ms)
{
	sqlite3 *db;
	const char *tail = sql;
	double t0;
	int rc = 0;

	*rows = 0;
	if (db_open(v->db, &db) != 0)
		return -1;
	t0 = now_ms();
	while (rc == 0 && tail != NULL && *tail != '\0') {
		sqlite3_stmt *st;
		int step, idx;

		if (sqlite3_prepare_v2(db, tail, -1, &st, &tail) != SQLITE_OK) {
			cli_error("baseline: %s", sqlite3_errmsg(db));
			rc = -1;
			break;
		}
		if (st == NULL)
			break;
		if ((idx = sqlite3_bind_parameter_index(st, "@project")) > 0)
			sqlite3_bind_int64(st, idx, v->project_id);
		if ((idx = sqlite3_bind_parameter_index(st, "@board")) > 0)
			sqlite3_bind_int64(st, idx, v->board_id);
		if ((idx = sqlite3_bind_parameter_index(st, "@day")) > 0)
			sqlite3_bind_int64(st, idx, v->day_id);
		if ((idx = sqlite3_bind_parameter_index(st, "@audit")) > 0)
			sqlite3_bind_int64(st, idx, v->audit);
		if ((idx = sqlite3_bind_parameter_index(st, "@pos_from")) > 0)
			sqlite3_bind_text(st, idx, v->pos_from, -1, SQLITE_STATIC);
		if ((idx = sqlite3_bind_parameter_index(st, "@pos_to")) > 0)
			sqlite3_bind_text(st, idx, v->pos_to, -1, SQLITE_STATIC);
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			int n = sqlite3_column_count(st);

			for (int c = 0; c < n; c++)
				(void)sqlite3_column_text(st, c);
			(*rows)++;
		}
		if (step != SQLITE_DONE) {
			cli_error("baseline: %s", sqlite3_errmsg(db));
			rc = -1;
		}
		sqlite3_finalize(st);
	}
	*ms = now_ms() - t0;
	sqlite3_close(db);
	return rc;
}

/* The same query through the sqlite3 shell, as CSV to /dev/null. */
static int
baseline_cli(const struct bench *b, const struct vars *v, const char *sql,
    double *ms)
{
	char p[6][128];
	const char *argv[20];
	struct child c;
	long rss;
	int n = 0, status;

	snprintf(p[0], sizeof(p[0]), ".parameter set @project %lld", (long long)v->project_id);
	snprintf(p[1], sizeof(p[1]), ".parameter set @board %lld", (long long)v->board_id);
	snprintf(p[2], sizeof(p[2]), ".parameter set @day %lld", (long long)v->day_id);
	snprintf(p[3], sizeof(p[3]), ".parameter set @audit %lld", (long long)v->audit);
	/* position keys are base-62 digits: nothing to escape */
	snprintf(p[4], sizeof(p[4]), ".parameter set @pos_from '%s'", v->pos_from);
	snprintf(p[5], sizeof(p[5]), ".parameter set @pos_to '%s'", v->pos_to);
	argv[n++] = b->sqlite3;
	argv[n++] = "-readonly";
	argv[n++] = "-batch";
	argv[n++] = "-csv";
	for (int i = 0; i < 6; i++) {
		if (strstr(sql, strchr(p[i], '@')) == NULL && i != 0) {
			/* set only what the query names: fewer statements to time */
			char name[16];

			sscanf(strchr(p[i], '@'), "%15s", name);
			if (strstr(sql, name) == NULL)
				continue;
		}
		argv[n++] = "-cmd";
		argv[n++] = p[i];
	}
	argv[n++] = v->db;
	argv[n++] = sql;
	argv[n] = NULL;
	if (b->verbose)
		print_argv(argv);
	if (spawn(argv, NULL, v->err, &c) != 0 || reap(&c, ms, &rss, &status) != 0)
		return -1;
	if (status != 0) {
		char line[200];

		first_line(v->err, line, sizeof(line));
		cli_error("baseline: %s exited %d: %s", b->sqlite3, status, line);
		return -1;
	}
	return 0;
}

/*
 * Statistics
 */
static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The q-quantile of sorted values (nearest rank). */
static double
quantile(const double *v, int n, double q)
{
	int k = (int)ceil(q * n) - 1;

	if (k < 0)
		k = 0;
	if (k >= n)
		k = n - 1;
	return v[k];
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * Running a scenario at one size
 */
static void
set_reason(struct result *r, const char *status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
set_reason(struct result *r, const char *status, const char *fmt, ...)
{
	va_list ap;

	r->status = status;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
}

/* Generate the production of a size in a child: the "synth" figures. */
static int
synth_child(const struct bench *b, const struct vars *v, int64_t size)
{
	struct sb_synth_opts opts = { size, b->seed, NULL, 0 };
	struct sb_import_summary sum;
	sb_ctx *ctx = sb_ctx_new();
	int rc;

	if (ctx == NULL)
		return EXIT_FAIL;
	rc = sb_open(ctx, v->fresh, SB_OPEN_CREATE);
	if (rc == SB_OK)
		rc = sb_synth(ctx, &opts, &sum);
	if (rc != SB_OK)
		fprintf(stderr, "%s\n", sb_errmsg(ctx));
	sb_ctx_free(ctx);
	return cli_exit_status(rc);
}

static int
run_synth(struct bench *b, const struct vars *v, int64_t size, double *ms,
    long *rss, int *status)
{
	struct child c;

	unlink(v->fresh);
	c.start = now_ms();
	c.pid = fork();
	if (c.pid < 0) {
		cli_error("fork: %s", strerror(errno));
		return -1;
	}
	if (c.pid == 0) {
		int fd = open(v->err, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd >= 0)
			dup2(fd, 2);
		_exit(synth_child(b, v, size));
	}
	return reap(&c, ms, rss, status);
}

/* Where child k of a run writes its messages. */
static void
err_path(struct vars *v, int k)
{
	snprintf(v->err, sizeof(v->err), "%s/stderr.%d", v->sub, k % 10);
}

/* Whether the scenario's command line names a placeholder. */
static int
uses(const struct scenario *sc, const char *placeholder)
{
	for (int k = 0; k < MAX_ARGS && sc->argv[k] != NULL; k++)
		if (strstr(sc->argv[k], placeholder) != NULL)
			return 1;
	return 0;
}

static void
remove_db(const char *path)
{
	char name[PATH_MAX + 8];

	unlink(path);
	snprintf(name, sizeof(name), "%s-wal", path);
	unlink(name);
	snprintf(name, sizeof(name), "%s-shm", path);
	unlink(name);
}

static void
run_scenario(struct bench *b, const struct scenario *sc, struct vars *v,
    int64_t size, struct result *r)
{
	int runs = sc->runs > 0 ? sc->runs : b->repeat;
	int writers = sc->writers < 0 ? b->writers : sc->writers > 0 ? sc->writers : 1;
	double *t = NULL, *base = NULL;
	char path[PATH_MAX];
	int64_t rows_per_run = 0;

	memset(r, 0, sizeof(*r));
	r->sc = sc;
	r->size = size;
	r->status = "ok";
	r->growth = r->ratio = NAN;
	if (sc->needs != NULL) {
		snprintf(path, sizeof(path), "%s/%s", b->bindir, sc->needs);
		if (access(path, X_OK) != 0) {
			set_reason(r, "skipped", "needs %s", sc->needs);
			return;
		}
	}
	if (sc->runs == 0 && size > 100000 && !b->repeat_given)
		runs = 1;
	if ((t = calloc((size_t)runs, sizeof(*t))) == NULL ||
	    (base = calloc((size_t)runs, sizeof(*base))) == NULL) {
		set_reason(r, "failed", "out of memory");
		goto out;
	}
	switch (sc->rows) {
	case ROWS_STRIPS:
		rows_per_run = size;
		break;
	case ROWS_ONE:
		rows_per_run = writers;
		break;
	case ROWS_BATCH:
		rows_per_run = BATCH_MOVES;
		break;
	case ROWS_BASELINE:
		break;
	}
	for (int i = 0; i < runs; i++) {
		struct child kids[64];
		double ms;
		long rss;
		int status, nk = writers > 64 ? 64 : writers;

		progress(b, "sb-bench: %lld strips: %s: run %d of %d", (long long)size,
		    sc->name, i + 1, runs);
		if (sc->kind == RUN_SYNTH) {
			if (run_synth(b, v, size, &ms, &rss, &status) != 0) {
				set_reason(r, "failed", "cannot run the generator");
				goto out;
			}
			if (status != 0) {
				char line[200];

				first_line(v->err, line, sizeof(line));
				set_reason(r, "failed", "exit %d: %s", status, line);
				goto out;
			}
			t[i] = ms;
			if (rss > r->rss_kib)
				r->rss_kib = rss;
			continue;
		}
		if (sc->fresh)
			remove_db(v->fresh);
		if (sc->in != NULL && strcmp(sc->in, "{moves}") == 0 &&
		    write_moves(b, v) != 0) {
			set_reason(r, "failed", "cannot write the moves");
			goto out;
		}
		{
			double start = now_ms();

			for (int k = 0; k < nk; k++) {
				char buf[MAX_ARGS][PATH_MAX];
				const char *argv[MAX_ARGS + 1];
				char in[PATH_MAX];

				if (uses(sc, "{strip}") && pick(b, v) != 0) {
					set_reason(r, "failed", "cannot pick a strip");
					goto out;
				}
				if (build_argv(b, sc, v, buf, argv) != 0 ||
				    (sc->in != NULL && expand(sc->in, v, in, sizeof(in)) != 0)) {
					set_reason(r, "failed", "bad command line");
					goto out;
				}
				if (b->verbose)
					print_argv(argv);
				err_path(v, k);
				if (spawn(argv, sc->in != NULL ? in : NULL, v->err, &kids[k]) != 0) {
					set_reason(r, "failed", "cannot start %s", sc->argv[0]);
					goto out;
				}
				kids[k].start = start;
			}
			for (int k = 0; k < nk; k++) {
				if (reap(&kids[k], &ms, &rss, &status) != 0) {
					set_reason(r, "failed", "lost a child");
					goto out;
				}
				if (rss > r->rss_kib)
					r->rss_kib = rss;
				if (status > 0 && status < 32 && (sc->ok_exits & (1u << status))) {
					r->refused++;
				} else if (status != 0) {
					char line[200];

					err_path(v, k);
					first_line(v->err, line, sizeof(line));
					set_reason(r, "failed", "%s exited %d: %s", sc->argv[0],
					    status, line);
					for (int j = k + 1; j < nk; j++)
						reap(&kids[j], &ms, &rss, &status);
					goto out;
				}
			}
			t[i] = now_ms() - start;
		}
	}
	if (sc->baseline != NULL) {
		double api_ms;

		if (baseline_api(v, sc->baseline, &r->rows, &api_ms) != 0) {
			set_reason(r, "failed", "the baseline query failed");
			goto out;
		}
		rows_per_run = r->rows;
		r->baseline = "c-api";
		r->base_ms = api_ms;
		if (b->sqlite3 != NULL) {
			for (int i = 0; i < runs; i++) {
				progress(b, "sb-bench: %lld strips: %s: baseline %d of %d",
				    (long long)size, sc->name, i + 1, runs);
				if (baseline_cli(b, v, sc->baseline, &base[i]) != 0) {
					set_reason(r, "failed", "the sqlite3 baseline failed");
					goto out;
				}
			}
			r->baseline = "sqlite3";
			r->base_ms = median(base, runs);
		}
	}
	r->runs = runs;
	r->rows = rows_per_run;
	qsort(t, (size_t)runs, sizeof(*t), cmp_double);
	r->min = t[0];
	r->max = t[runs - 1];
	r->p95 = quantile(t, runs, 0.95);
	r->p99 = quantile(t, runs, 0.99);
	r->p50 = median(t, runs);
	if (r->baseline != NULL && r->base_ms > 0)
		r->ratio = r->p50 / r->base_ms;
out:
	free(t);
	free(base);
}

/*
 * Output
 */
static void
json_num(FILE *out, const char *key, double v, int digits)
{
	fprintf(out, ",\"%s\":", key);
	if (isnan(v))
		fputs("null", out);
	else
		fprintf(out, "%.*f", digits, v);
}

static void
write_json(FILE *out, const struct bench *b, const struct result *r)
{
	fputs("{\"scenario\":", out);
	sb_json_write_string(out, r->sc->name);
	fprintf(out, ",\"size\":%lld,\"status\":\"%s\"", (long long)r->size, r->status);
	if (strcmp(r->status, "ok") != 0) {
		fputs(",\"reason\":", out);
		sb_json_write_string(out, r->reason);
		fputc('}', out);
		return;
	}
	fprintf(out, ",\"seed\":%llu,\"runs\":%d", (unsigned long long)b->seed, r->runs);
	json_num(out, "ms", r->p50, 3);
	json_num(out, "min_ms", r->min, 3);
	json_num(out, "p95_ms", r->p95, 3);
	json_num(out, "p99_ms", r->p99, 3);
	json_num(out, "max_ms", r->max, 3);
	fprintf(out, ",\"rows\":%lld", (long long)r->rows);
	json_num(out, "rows_per_s", r->p50 > 0 ? (double)r->rows / (r->p50 / 1e3) : NAN, 0);
	fprintf(out, ",\"rss_kib\":%ld", r->rss_kib);
	json_num(out, "growth", r->growth, 2);
	fputs(",\"baseline\":", out);
	sb_json_write_string(out, r->baseline);
	json_num(out, "baseline_ms", r->baseline != NULL ? r->base_ms : NAN, 3);
	json_num(out, "ratio", r->ratio, 2);
	if (r->sc->ok_exits != 0)
		fprintf(out, ",\"refused\":%lld", (long long)r->refused);
	fputs(",\"budget\":", out);
	sb_json_write_string(out, r->budget);
	fputc('}', out);
}

static void
human(double v, char *buf, size_t size)
{
	if (isnan(v))
		snprintf(buf, size, "-");
	else if (v >= 1e6)
		snprintf(buf, size, "%.1fM", v / 1e6);
	else if (v >= 1e4)
		snprintf(buf, size, "%.0fk", v / 1e3);
	else if (v >= 100)
		snprintf(buf, size, "%.0f", v);
	else if (v >= 10)
		snprintf(buf, size, "%.1f", v);
	else
		snprintf(buf, size, "%.2f", v);
}

static void
table_header(FILE *out)
{
	fprintf(out, "%-14s %8s %9s %9s %8s %8s %7s %9s %6s  %s\n", "scenario",
	    "strips", "ms", "p95 ms", "rows/s", "RSS MiB", "growth", "sqlite3", "ratio",
	    "budget");
}

static void
table_row(FILE *out, const struct result *r)
{
	char ms[16], p95[16], rate[16], rss[16], growth[16], base[16], ratio[16];

	if (strcmp(r->status, "ok") != 0) {
		fprintf(out, "%-14s %8lld %s: %s\n", r->sc->name, (long long)r->size,
		    r->status, r->reason);
		return;
	}
	human(r->p50, ms, sizeof(ms));
	human(r->p95, p95, sizeof(p95));
	human(r->p50 > 0 ? (double)r->rows / (r->p50 / 1e3) : NAN, rate, sizeof(rate));
	snprintf(rss, sizeof(rss), "%.1f", (double)r->rss_kib / 1024.0);
	if (isnan(r->growth))
		snprintf(growth, sizeof(growth), "-");
	else
		snprintf(growth, sizeof(growth), "%.1fx", r->growth);
	human(r->baseline != NULL ? r->base_ms : NAN, base, sizeof(base));
	if (isnan(r->ratio))
		snprintf(ratio, sizeof(ratio), "-");
	else
		snprintf(ratio, sizeof(ratio), "%.2f", r->ratio);
	fprintf(out, "%-14s %8lld %9s %9s %8s %8s %7s %9s %6s  %s\n", r->sc->name,
	    (long long)r->size, ms, p95, rate, rss, growth, base, ratio,
	    r->budget != NULL ? r->budget : "");
}

static void
csv_row(FILE *out, const struct result *r, int header)
{
	if (header) {
		fputs("scenario,size,status,runs,ms,min_ms,p95_ms,p99_ms,max_ms,rows,"
		    "rows_per_s,rss_kib,growth,baseline,baseline_ms,ratio,budget,reason\n", out);
		return;
	}
	sb_csv_write_field(out, r->sc->name);
	fprintf(out, ",%lld,%s,", (long long)r->size, r->status);
	if (strcmp(r->status, "ok") == 0) {
		fprintf(out, "%d,%.3f,%.3f,%.3f,%.3f,%.3f,%lld,%.0f,%ld,", r->runs,
		    r->p50, r->min, r->p95, r->p99, r->max, (long long)r->rows,
		    r->p50 > 0 ? (double)r->rows / (r->p50 / 1e3) : 0.0, r->rss_kib);
		if (!isnan(r->growth))
			fprintf(out, "%.2f", r->growth);
		fputc(',', out);
		sb_csv_write_field(out, r->baseline);
		fputc(',', out);
		if (r->baseline != NULL)
			fprintf(out, "%.3f", r->base_ms);
		fputc(',', out);
		if (!isnan(r->ratio))
			fprintf(out, "%.2f", r->ratio);
		fputc(',', out);
		sb_csv_write_field(out, r->budget);
		fputs(",\n", out);
	} else {
		fputs(",,,,,,,,,,,,,,", out);
		sb_csv_write_field(out, r->reason);
		fputc('\n', out);
	}
}

/*
 * Budgets: lines of "scenario size key=value...", size a number or "*";
 * keys ms (the median), p95_ms, p99_ms, ratio and rss_kib.
 */
struct limit {
	const struct scenario *sc;
	int64_t size;   /* 0: any */
	double ms, p95_ms, p99_ms, ratio, rss_kib; /* NAN: none */
	unsigned line;
};

struct budget {
	struct limit *lim;
	size_t n;
};

static const struct scenario *
scenario_named(const char *name)
{
	for (size_t i = 0; i < NSCENARIOS; i++)
		if (strcmp(scenarios[i].name, name) == 0)
			return &scenarios[i];
	return NULL;
}

static int
parse_size(const char *s, int64_t *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || v < 1)
		return -1;
	if (*end == 'k' || *end == 'K')
		v *= 1e3, end++;
	else if (*end == 'M' || *end == 'm')
		v *= 1e6, end++;
	if (*end != '\0' || v > 1e7 || v != floor(v))
		return -1;
	*out = (int64_t)v;
	return 0;
}

static int
budget_load(const char *path, struct budget *bu)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	unsigned lineno = 0;

	bu->lim = NULL;
	bu->n = 0;
	if (f == NULL) {
		cli_error("%s: %s", path, strerror(errno));
		return errno == ENOENT ? EXIT_NOTFOUND : EXIT_FAIL;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *save = NULL, *tok;
		struct limit l;
		void *p;
		int field = 0;

		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			cli_error("%s: line %u: longer than %zu bytes", path, lineno,
			    sizeof(line) - 2);
			goto bad;
		}
		line[strcspn(line, "#\r\n")] = '\0';
		memset(&l, 0, sizeof(l));
		l.ms = l.p95_ms = l.p99_ms = l.ratio = l.rss_kib = NAN;
		l.line = lineno;
		for (tok = strtok_r(line, " \t", &save); tok != NULL;
		    tok = strtok_r(NULL, " \t", &save), field++) {
			char *eq, *end;
			double v;

			if (field == 0) {
				if ((l.sc = scenario_named(tok)) == NULL) {
					cli_error("%s: line %u: no scenario called \"%s\"",
					    path, lineno, tok);
					goto bad;
				}
				continue;
			}
			if (field == 1) {
				if (strcmp(tok, "*") != 0 && parse_size(tok, &l.size) != 0) {
					cli_error("%s: line %u: \"%s\" is not a size in strips "
					    "or *", path, lineno, tok);
					goto bad;
				}
				continue;
			}
			if ((eq = strchr(tok, '=')) == NULL) {
				cli_error("%s: line %u: \"%s\" is not key=value", path,
				    lineno, tok);
				goto bad;
			}
			*eq = '\0';
			errno = 0;
			v = strtod(eq + 1, &end);
			if (errno != 0 || end == eq + 1 || *end != '\0' || !(v > 0)) {
				cli_error("%s: line %u: %s: \"%s\" is not a positive number",
				    path, lineno, tok, eq + 1);
				goto bad;
			}
			if (strcmp(tok, "ms") == 0)
				l.ms = v;
			else if (strcmp(tok, "p95_ms") == 0)
				l.p95_ms = v;
			else if (strcmp(tok, "p99_ms") == 0)
				l.p99_ms = v;
			else if (strcmp(tok, "ratio") == 0)
				l.ratio = v;
			else if (strcmp(tok, "rss_kib") == 0)
				l.rss_kib = v;
			else {
				cli_error("%s: line %u: no limit called \"%s\" (ms, p95_ms, "
				    "p99_ms, ratio, rss_kib)", path, lineno, tok);
				goto bad;
			}
		}
		if (field == 0)
			continue;
		if (field < 3) {
			cli_error("%s: line %u: a limit is \"scenario size key=value...\"",
			    path, lineno);
			goto bad;
		}
		p = realloc(bu->lim, (bu->n + 1) * sizeof(*bu->lim));
		if (p == NULL) {
			cli_error("out of memory");
			fclose(f);
			return EXIT_FAIL;
		}
		bu->lim = p;
		bu->lim[bu->n++] = l;
	}
	if (ferror(f)) {
		cli_error("%s: %s", path, strerror(errno));
		fclose(f);
		return EXIT_DATA;
	}
	fclose(f);
	return EXIT_OK;
bad:
	fclose(f);
	free(bu->lim);
	bu->lim = NULL;
	bu->n = 0;
	return EXIT_DATA;
}

/* Check one result; report each limit passed on stderr.  1 if over. */
static int
budget_check(const struct budget *bu, const char *path, struct result *r)
{
	int over = 0;

	if (strcmp(r->status, "ok") != 0)
		return 0;
	for (size_t i = 0; i < bu->n; i++) {
		const struct limit *l = &bu->lim[i];
		const struct { const char *key; double limit, value; const char *unit; } c[] = {
			{ "ms", l->ms, r->p50, " ms" },
			{ "p95_ms", l->p95_ms, r->p95, " ms" },
			{ "p99_ms", l->p99_ms, r->p99, " ms" },
			{ "ratio", l->ratio, r->ratio, "x sqlite3" },
			{ "rss_kib", l->rss_kib, (double)r->rss_kib, " KiB" },
		};

		if (l->sc != r->sc || (l->size != 0 && l->size != r->size))
			continue;
		if (r->budget == NULL)
			r->budget = "ok";
		for (size_t k = 0; k < sizeof(c) / sizeof(c[0]); k++) {
			if (isnan(c[k].limit) || isnan(c[k].value) || c[k].value <= c[k].limit)
				continue;
			cli_error("over budget: %s at %lld strips: %s %.2f%s > %g (%s line %u)",
			    r->sc->name, (long long)r->size, c[k].key, c[k].value,
			    c[k].unit, c[k].limit, path, l->line);
			r->budget = "over";
			over = 1;
		}
	}
	return over;
}

/*
 * The machine, for the table's heading
 */
static void
machine(FILE *out, const struct bench *b)
{
	char model[256] = "unknown CPU", line[512];
	long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (f != NULL) {
		while (fgets(line, sizeof(line), f) != NULL) {
			char *colon = strchr(line, ':');

			if (strncmp(line, "model name", 10) == 0 && colon != NULL) {
				snprintf(model, sizeof(model), "%s", colon + 2);
				model[strcspn(model, "\n")] = '\0';
				break;
			}
		}
		fclose(f);
	}
	fprintf(out, "# sb-bench %s: %ld CPUs (%s), %.1f GiB, SQLite %s, seed %llu\n",
	    PACKAGE_VERSION, sysconf(_SC_NPROCESSORS_ONLN), model,
	    pages > 0 && psize > 0 ? (double)pages * (double)psize / 1073741824.0 : 0.0,
	    sb_sqlite_version(), (unsigned long long)b->seed);
}

/*
 * A size: generate, prepare the files, run the scenarios
 */
static int
write_file(const char *db, const char *path, int uss)
{
	sb_ctx *ctx = sb_ctx_new();
	FILE *f = fopen(path, "w");
	int64_t project;
	int rc;

	if (ctx == NULL || f == NULL) {
		cli_error("%s: %s", path, f == NULL ? strerror(errno) : "out of memory");
		if (f != NULL)
			fclose(f);
		sb_ctx_free(ctx);
		return -1;
	}
	rc = sb_open(ctx, db, SB_OPEN_READONLY);
	if (rc == SB_OK)
		rc = sb_project_find(ctx, NULL, &project);
	if (rc == SB_OK)
		rc = uss ? sb_export_uss(ctx, project, f) :
		    sb_export_board(ctx, project, "First Pass", SB_FMT_CSV, f);
	if (rc != SB_OK)
		cli_error("%s: %s", path, sb_errmsg(ctx));
	if (fclose(f) != 0 && rc == SB_OK) {
		cli_error("%s: %s", path, strerror(errno));
		rc = SB_EFAIL;
	}
	sb_ctx_free(ctx);
	return rc == SB_OK ? 0 : -1;
}

static int
add_result(struct bench *b, const struct result *r)
{
	void *p = realloc(b->results, (b->nresults + 1) * sizeof(*b->results));

	if (p == NULL) {
		cli_error("out of memory");
		return -1;
	}
	b->results = p;
	b->results[b->nresults++] = *r;
	return 0;
}

static void
emit(struct bench *b, struct result *r, const struct budget *bu, int *over,
    int *failed)
{
	/* growth: against the same scenario at the previous size */
	for (size_t i = b->nresults; i > 0; i--) {
		const struct result *p = &b->results[i - 1];

		if (p->sc == r->sc && p->size < r->size) {
			if (strcmp(p->status, "ok") == 0 && strcmp(r->status, "ok") == 0 &&
			    p->p50 > 0)
				r->growth = r->p50 / p->p50;
			break;
		}
	}
	if (bu != NULL && budget_check(bu, b->budget_path, r))
		*over = 1;
	if (strcmp(r->status, "failed") == 0) {
		cli_error("%s at %lld strips failed: %s", r->sc->name, (long long)r->size,
		    r->reason);
		*failed = 1;
	}
	progress(b, "%s", "");
	if (b->format == FMT_NDJSON) {
		write_json(stdout, b, r);
		fputc('\n', stdout);
		fflush(stdout);
	}
	if (b->json_out != NULL) {
		write_json(b->json_out, b, r);
		fputc('\n', b->json_out);
		fflush(b->json_out);
	}
	add_result(b, r);
}

static int
run_size(struct bench *b, int64_t size, const struct budget *bu, int *over,
    int *failed)
{
	struct vars v;
	char sub[PATH_MAX - 64];
	int need_uss = 0, need_csv = 0;
	struct result r;

	memset(&v, 0, sizeof(v));
	v.strips = size;
	if ((size_t)snprintf(sub, sizeof(sub), "%s/%lld", b->dir, (long long)size) >=
	    sizeof(sub) - 32) {
		cli_error("%s: path too long", b->dir);
		return -1;
	}
	if (mkdir(sub, 0755) != 0 && errno != EEXIST) {
		cli_error("%s: %s", sub, strerror(errno));
		return -1;
	}
	snprintf(v.sub, sizeof(v.sub), "%s", sub);
	snprintf(v.db, sizeof(v.db), "%s/bench.db", sub);
	snprintf(v.fresh, sizeof(v.fresh), "%s/fresh.db", sub);
	snprintf(v.uss, sizeof(v.uss), "%s/bench.uss", sub);
	snprintf(v.csv, sizeof(v.csv), "%s/bench.csv", sub);
	snprintf(v.moves, sizeof(v.moves), "%s/moves.csv", sub);
	err_path(&v, 0);

	/* The production: timed as the synth scenario when it is selected. */
	remove_db(v.db);
	{
		double ms;
		long rss;
		int status;
		const struct scenario *sc = scenario_named("synth");
		int sel = b->selected[sc - scenarios];

		progress(b, "sb-bench: %lld strips: generating", (long long)size);
		memset(&r, 0, sizeof(r));
		r.sc = sc;
		r.size = size;
		r.status = "ok";
		r.growth = r.ratio = NAN;
		if (run_synth(b, &v, size, &ms, &rss, &status) != 0)
			return -1;
		if (status != 0) {
			char line[200];

			first_line(v.err, line, sizeof(line));
			cli_error("%lld strips: cannot generate the production: %s",
			    (long long)size, line);
			return -1;
		}
		if (rename(v.fresh, v.db) != 0) {
			cli_error("%s: %s", v.db, strerror(errno));
			return -1;
		}
		remove_db(v.fresh);
		if (sel) {
			r.runs = 1;
			r.p50 = r.min = r.p95 = r.p99 = r.max = ms;
			r.rows = size;
			r.rss_kib = rss;
			emit(b, &r, bu, over, failed);
		}
	}
	if (load_vars(&v) != 0)
		return -1;
	for (size_t i = 0; i < NSCENARIOS; i++) {
		const struct scenario *sc = &scenarios[i];

		if (!b->selected[i] || size > sc->max_strips)
			continue;
		for (int k = 0; k < MAX_ARGS && sc->argv[k] != NULL; k++) {
			need_uss |= strcmp(sc->argv[k], "{uss}") == 0;
			need_csv |= strcmp(sc->argv[k], "{csv}") == 0;
		}
	}
	progress(b, "sb-bench: %lld strips: writing the input files", (long long)size);
	if ((need_uss && write_file(v.db, v.uss, 1) != 0) ||
	    (need_csv && write_file(v.db, v.csv, 0) != 0))
		return -1;
	for (size_t i = 0; i < NSCENARIOS; i++) {
		const struct scenario *sc = &scenarios[i];

		if (!b->selected[i] || sc->kind == RUN_SYNTH || size > sc->max_strips)
			continue;
		run_scenario(b, sc, &v, size, &r);
		emit(b, &r, bu, over, failed);
	}
	remove_db(v.fresh);
	return 0;
}

/*
 * Options
 */
static int
parse_sizes(struct bench *b, const char *arg)
{
	char *copy = strdup(arg), *save = NULL, *tok;
	int rc = 0;

	if (copy == NULL)
		return -1;
	b->nsizes = 0;
	for (tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		int64_t n;
		size_t j;

		if (parse_size(tok, &n) != 0) {
			rc = cli_usage_error(usage, "--sizes: \"%s\" is not a size from 1 "
			    "to 10M strips", tok);
			break;
		}
		for (j = 0; j < b->nsizes && b->sizes[j] != n; j++)
			;
		if (j < b->nsizes)
			continue;
		if (b->nsizes == MAX_SIZES) {
			rc = cli_usage_error(usage, "--sizes: more than %d sizes", MAX_SIZES);
			break;
		}
		/* ascending, so growth compares with the next smaller size */
		for (j = b->nsizes; j > 0 && b->sizes[j - 1] > n; j--)
			b->sizes[j] = b->sizes[j - 1];
		b->sizes[j] = n;
		b->nsizes++;
	}
	free(copy);
	if (rc == 0 && b->nsizes == 0)
		rc = cli_usage_error(usage, "--sizes: no size given");
	return rc;
}

static int
parse_scenarios(struct bench *b, const char *arg)
{
	char *copy = strdup(arg), *save = NULL, *tok;
	int rc = 0;

	if (copy == NULL)
		return -1;
	memset(b->selected, 0, sizeof(b->selected));
	for (tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		const struct scenario *sc = scenario_named(tok);

		if (sc == NULL) {
			rc = cli_usage_error(usage, "--scenarios: no scenario called \"%s\" "
			    "(see --list)", tok);
			break;
		}
		b->selected[sc - scenarios] = 1;
	}
	free(copy);
	return rc;
}

static int
parse_count(const char *opt, const char *arg, int lo, int hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v < lo || v > hi)
		return cli_usage_error(usage, "%s: \"%s\" is not a number from %d to %d",
		    opt, arg, lo, hi);
	*out = (int)v;
	return 0;
}

static int
format_of(const char *name)
{
	if (strcmp(name, "ndjson") == 0)
		return FMT_NDJSON;
	if (strcmp(name, "json") == 0)
		return FMT_JSON;
	if (strcmp(name, "csv") == 0)
		return FMT_CSV;
	if (strcmp(name, "table") == 0)
		return FMT_TABLE;
	return -1;
}

/* The directory of the running program: the commands are beside it. */
static void
own_dir(const char *argv0, char *out, size_t size)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n > 0) {
		buf[n] = '\0';
	} else {
		snprintf(buf, sizeof(buf), "%s", argv0);
	}
	slash = strrchr(buf, '/');
	if (slash == NULL)
		snprintf(out, size, ".");
	else if (slash == buf)
		snprintf(out, size, "/");
	else {
		*slash = '\0';
		if (strlen(buf) >= size)
			snprintf(out, size, ".");
		else
			memcpy(out, buf, strlen(buf) + 1);
	}
}

/* A program on PATH, or NULL. */
static const char *
on_path(const char *name, char *buf, size_t size)
{
	const char *path = getenv("PATH");

	if (strchr(name, '/') != NULL)
		return access(name, X_OK) == 0 ? name : NULL;
	while (path != NULL && *path != '\0') {
		const char *colon = strchr(path, ':');
		size_t n = colon != NULL ? (size_t)(colon - path) : strlen(path);

		if ((size_t)snprintf(buf, size, "%.*s/%s", (int)n, path, name) < size &&
		    access(buf, X_OK) == 0)
			return buf;
		path = colon != NULL ? colon + 1 : NULL;
	}
	return NULL;
}

static void
list(const struct bench *b)
{
	for (size_t i = 0; i < NSCENARIOS; i++) {
		const struct scenario *sc = &scenarios[i];
		char path[PATH_MAX];
		int have = 1;

		if (sc->needs != NULL) {
			snprintf(path, sizeof(path), "%s/%s", b->bindir, sc->needs);
			have = access(path, X_OK) == 0;
		}
		printf("%-13s %-9s up to %-8lld %s%s\n", sc->name,
		    sc->needs != NULL ? sc->needs : "library", (long long)sc->max_strips,
		    sc->what, have ? "" : " (skipped: not built)");
	}
}

static void
remove_tree(const char *dir, const struct bench *b)
{
	/* only what sb-bench wrote: the size directories and their files */
	static const char *const files[] = { "bench.db", "bench.db-wal", "bench.db-shm",
	    "fresh.db", "fresh.db-wal", "fresh.db-shm", "bench.uss", "bench.csv",
	    "moves.csv", "stderr.0", "stderr.1", "stderr.2", "stderr.3", "stderr.4",
	    "stderr.5", "stderr.6", "stderr.7", "stderr.8", "stderr.9" };
	char path[PATH_MAX + 64];

	for (size_t i = 0; i < b->nsizes; i++) {
		for (size_t k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
			snprintf(path, sizeof(path), "%s/%lld/%s", dir,
			    (long long)b->sizes[i], files[k]);
			unlink(path);
		}
		snprintf(path, sizeof(path), "%s/%lld", dir, (long long)b->sizes[i]);
		rmdir(path);
	}
	if (b->dir_made)
		rmdir(dir);
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
	struct bench b;
	struct budget bu = { NULL, 0 };
	const char *format_name = NULL, *sqlite3_opt = NULL, *dir_opt = NULL;
	char sqlite3_buf[PATH_MAX];
	int c, over = 0, failed = 0, do_list = 0, status = EXIT_OK;

	cli_prog = "sb-bench";
	memset(&b, 0, sizeof(b));
	b.repeat = 3;
	b.seed = 1;
	b.writers = 4;
	for (size_t i = 0; i < NSCENARIOS; i++)
		b.selected[i] = 1;
	own_dir(argv[0], b.bindir, sizeof(b.bindir));
	if (parse_sizes(&b, "200,10000,100000") != 0)
		return EXIT_FAIL;
	while ((c = getopt_long(argc, argv, "hkqv", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help();
				return cli_close_stdout();
		case 'k':
			b.keep = 1;
			break;
		case 'q':
			b.quiet = 1;
			break;
		case 'v':
			b.verbose = 1;
			break;
		case OPT_BINDIR:
			if ((size_t)snprintf(b.bindir, sizeof(b.bindir), "%s", optarg) >=
			    sizeof(b.bindir))
				return cli_usage_error(usage, "--bindir: too long");
			break;
		case OPT_BUDGET:
			b.budget_path = optarg;
			break;
		case OPT_DIR:
			dir_opt = optarg;
			break;
		case OPT_FORMAT:
			format_name = optarg;
			break;
		case OPT_JSON:
			b.json_path = optarg;
			break;
		case OPT_LIST:
			do_list = 1;
			break;
		case OPT_REPEAT:
			if (parse_count("--repeat", optarg, 1, 100000, &b.repeat) != 0)
				return EXIT_USAGE;
			b.repeat_given = 1;
			break;
		case OPT_SCENARIOS:
			if (parse_scenarios(&b, optarg) != 0)
				return EXIT_USAGE;
			break;
		case OPT_SEED: {
			char *end;

			errno = 0;
			b.seed = strtoull(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' || optarg[0] == '-')
				return cli_usage_error(usage, "--seed: \"%s\" is not a "
				    "number", optarg);
			break;
		}
		case OPT_SIZES:
			if (parse_sizes(&b, optarg) != 0)
				return EXIT_USAGE;
			break;
		case OPT_SQLITE3:
			sqlite3_opt = optarg;
			break;
		case OPT_VERSION:
			cli_version();
			return cli_close_stdout();
		case OPT_WRITERS:
			if (parse_count("--writers", optarg, 1, 64, &b.writers) != 0)
				return EXIT_USAGE;
			break;
		default:
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error(usage, "unexpected argument \"%s\"", argv[optind]);
	if (format_name == NULL)
		b.format = isatty(STDOUT_FILENO) ? FMT_TABLE : FMT_NDJSON;
	else if ((b.format = format_of(format_name)) < 0)
		return cli_usage_error(usage, "--format: \"%s\" is not ndjson, json, csv "
		    "or table", format_name);
	if (sqlite3_opt != NULL) {
		if ((b.sqlite3 = on_path(sqlite3_opt, sqlite3_buf, sizeof(sqlite3_buf))) == NULL) {
			cli_error("--sqlite3: %s: not found", sqlite3_opt);
			return EXIT_NOTFOUND;
		}
	} else {
		b.sqlite3 = on_path("sqlite3", sqlite3_buf, sizeof(sqlite3_buf));
	}
	b.progress = !b.quiet && isatty(STDERR_FILENO);
	b.rng = b.seed ^ UINT64_C(0x5b3e1c2d4a6f7081);
	if (b.budget_path != NULL && (status = budget_load(b.budget_path, &bu)) != EXIT_OK) {
		return status;
	}
	if (do_list) {
		list(&b);
		free(bu.lim);
		return cli_close_stdout();
	}
	if (dir_opt != NULL) {
		struct stat st;

		if (stat(dir_opt, &st) != 0 || !S_ISDIR(st.st_mode)) {
			cli_error("--dir: %s: not a directory", dir_opt);
				free(bu.lim);
			return EXIT_NOTFOUND;
		}
		if ((size_t)snprintf(b.dir, sizeof(b.dir), "%s", dir_opt) >= sizeof(b.dir) - 64) {
			free(bu.lim);
			return cli_usage_error(usage, "--dir: too long");
		}
	} else {
		const char *tmp = getenv("TMPDIR");

		snprintf(b.dir, sizeof(b.dir), "%s/sb-bench.XXXXXX",
		    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
		if (mkdtemp(b.dir) == NULL) {
			cli_error("%s: %s", b.dir, strerror(errno));
				free(bu.lim);
			return EXIT_FAIL;
		}
		b.dir_made = 1;
	}
	if (b.json_path != NULL && (b.json_out = fopen(b.json_path, "w")) == NULL) {
		cli_error("%s: %s", b.json_path, strerror(errno));
		status = EXIT_FAIL;
		goto out;
	}
	if (b.format == FMT_TABLE) {
		machine(stdout, &b);
		table_header(stdout);
		fflush(stdout);
	}
	for (size_t i = 0; i < b.nsizes; i++) {
		size_t first = b.nresults;

		if (run_size(&b, b.sizes[i], b.budget_path != NULL ? &bu : NULL, &over,
		    &failed) != 0) {
			status = EXIT_FAIL;
			break;
		}
		if (b.format == FMT_TABLE) {
			for (size_t k = first; k < b.nresults; k++)
				table_row(stdout, &b.results[k]);
			fflush(stdout);
		}
	}
	progress(&b, "%s", "");
	if (b.format == FMT_JSON) {
		fputs("[\n", stdout);
		for (size_t k = 0; k < b.nresults; k++) {
			if (k > 0)
				fputs(",\n", stdout);
			write_json(stdout, &b, &b.results[k]);
		}
		fputs("\n]\n", stdout);
	} else if (b.format == FMT_CSV) {
		csv_row(stdout, NULL, 1);
		for (size_t k = 0; k < b.nresults; k++)
			csv_row(stdout, &b.results[k], 0);
	}
	if (status == EXIT_OK && (over || failed))
		status = EXIT_FAIL;
out:
	if (b.json_out != NULL && fclose(b.json_out) != 0 && status == EXIT_OK) {
		cli_error("%s: %s", b.json_path, strerror(errno));
		status = EXIT_FAIL;
	}
	if (b.keep)
		fprintf(stderr, "%s: kept the productions in %s\n", cli_prog, b.dir);
	else
		remove_tree(b.dir, &b);
	free(b.results);
	free(bu.lim);
	if (cli_close_stdout() != EXIT_OK && status == EXIT_OK)
		status = EXIT_FAIL;
	return status;
}
