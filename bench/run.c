/*
 * run.c - running one scenario at one size: each run is a child process,
 * the built command exec'd as a user runs it (stdout to /dev/null) or,
 * for the generator, a fork calling the library; wall time from a
 * monotonic clock around fork and wait4(), and the child's own peak RSS
 * from the rusage wait4() returns.  What a run works on (a strip to move,
 * a day to expand) and the in-process baseline are read through the
 * library (sb_bench_points(), sb_bench_pick(), sb_bench_query()); the
 * sqlite3 shell runs the same baseline SQL as a child, as a user would.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
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

#include "bench_priv.h"

double
bench_now_ms(void)
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

/*
 * Start argv with stdin from in (NULL: /dev/null), stdout to out (NULL:
 * /dev/null) and stderr to err_path.
 */
int
bench_spawn(const char *const argv[], const char *in, const char *out,
    const char *err_path, struct child *c)
{
	c->start = bench_now_ms();
	c->pid = fork();
	if (c->pid < 0) {
		cli_error("fork: %s", strerror(errno));
		return -1;
	}
	if (c->pid == 0) {
		int fd0 = open(in != NULL ? in : "/dev/null", O_RDONLY);
		int fd1 = out != NULL ? open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644) :
		    open("/dev/null", O_WRONLY);
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

/*
 * Wait for a child: its wall time, peak RSS and exit status (-signal),
 * and its CPU time in c->cpu_ms.  The rusage of wait4() is the child's
 * own (with its waited-for children's): user + sys is the kernel's
 * precise runtime of the process, split by samples, so the sum holds for
 * a process of a few milliseconds.
 */
int
bench_reap(struct child *c, double *ms, long *rss_kib, int *exit_status)
{
	struct rusage ru;
	int st;

	while (wait4(c->pid, &st, 0, &ru) < 0) {
		if (errno != EINTR) {
			cli_error("wait4: %s", strerror(errno));
			return -1;
		}
	}
	*ms = bench_now_ms() - c->start;
	c->cpu_ms = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	*rss_kib = ru.ru_maxrss;
	*exit_status = WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
	return 0;
}

void
bench_first_line(const char *path, char *buf, size_t size)
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
			snprintf(val, sizeof(val), "%s", v->on_server ? v->server : v->db);
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
		else if (strcmp(name, "board_b") == 0)
			snprintf(val, sizeof(val), "Second Pass");
		else if (strcmp(name, "day") == 0)
			snprintf(val, sizeof(val), "%lld", (long long)v->pts.day);
		else if (strcmp(name, "day_before") == 0)
			snprintf(val, sizeof(val), "%lld", (long long)(v->pts.day - 1));
		else if (strcmp(name, "date") == 0)
			snprintf(val, sizeof(val), "%s", v->pts.date);
		else if (strcmp(name, "from") == 0)
			snprintf(val, sizeof(val), "%s", v->pts.from_date);
		else if (strcmp(name, "to") == 0)
			snprintf(val, sizeof(val), "%s", v->pts.to_date);
		else if (strcmp(name, "audit") == 0)
			snprintf(val, sizeof(val), "%lld", (long long)v->pts.audit);
		else if (strcmp(name, "strip") == 0)
			snprintf(val, sizeof(val), "%s", v->strip);
		else if (strcmp(name, "version") == 0)
			snprintf(val, sizeof(val), "%lld", (long long)v->version);
		else if (strcmp(name, "to_day") == 0)
			snprintf(val, sizeof(val), "%lld", (long long)v->to_day);
		else if (strcmp(name, "sort_day") == 0)
			snprintf(val, sizeof(val), "%lld", (long long)v->sort_day);
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
			if ((size_t)snprintf(buf[0], PATH_MAX, "%s/%s", b->o->bindir,
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

/* Draw what one run (one process) works on: a strip, its version, a day. */
static int
pick(struct bench *b, struct vars *v)
{
	const struct sb_bench_points *p = &v->pts;
	int64_t id = p->strip_lo + (int64_t)(rnd(b) % (uint64_t)(p->strip_hi - p->strip_lo + 1));
	int rc = sb_bench_pick(v->ctx, p, id, v->strip, &v->version);

	if (rc != SB_OK) {
		cli_error("%s", sb_errmsg(v->ctx));
		return -1;
	}
	v->to_day = 1 + (int64_t)(rnd(b) % (uint64_t)p->ndays);
	return 0;
}

/* Keep the move just drawn for the run's write baseline. */
static void
record_move(struct vars *v)
{
	if (v->nmv < MV_MAX) {
		snprintf(v->mv_uid[v->nmv], SB_BENCH_UID, "%s", v->strip);
		v->mv_day[v->nmv++] = v->to_day;
	}
}

/*
 * A sort's run: the next shoot day (the first drawn at random), and what
 * sorting it will move, found by the library sorting it in a transaction
 * rolled back (sb_bench_sort_plan()), as the run's moves for its write
 * baseline: each moved strip to the day it is on.  Untimed.
 */
static int
plan_sort(struct bench *b, struct vars *v, const char *keys)
{
	const struct sb_bench_points *p = &v->pts;
	sb_ctx *ctx = sb_ctx_new();
	size_t n = 0;
	int rc;

	if (ctx == NULL) {
		cli_error("out of memory");
		return -1;
	}
	v->sort_day = v->sort_day == 0 ? 1 + (int64_t)(rnd(b) % (uint64_t)p->ndays) :
	    v->sort_day % p->ndays + 1;
	sb_set_busy_timeout(ctx, 10000);
	if ((rc = sb_open(ctx, v->db, 0)) == SB_OK)
		rc = sb_bench_sort_plan(ctx, p, v->sort_day, keys, v->mv_uid, MV_MAX, &n);
	if (rc != SB_OK)
		cli_error("sort plan: %s", sb_errmsg(ctx));
	sb_ctx_free(ctx);
	v->nmv = (int)n;
	for (size_t i = 0; i < n; i++)
		v->mv_day[i] = v->sort_day;
	return rc == SB_OK ? 0 : -1;
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
	v->nmv = 0;
	for (int i = 0; i < BATCH_MOVES && rc == 0; i++) {
		rc = pick(b, v);
		if (rc == 0) {
			fprintf(f, "%s,%lld\n", v->strip, (long long)v->to_day);
			record_move(v);
		}
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

/*
 * Step every row and column of sql through the library, on a connection
 * of its own as the shell's would be.
 */
static double
thread_cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
baseline_api(const struct vars *v, const char *sql, int64_t *rows, double *ms,
    double *cpu)
{
	sb_ctx *ctx = sb_ctx_new();
	double t0, c0;
	int rc;

	*rows = 0;
	if (ctx == NULL) {
		cli_error("out of memory");
		return -1;
	}
	if ((rc = sb_open(ctx, v->db, SB_OPEN_READONLY)) == SB_OK) {
		t0 = bench_now_ms();
		c0 = thread_cpu_ms();
		rc = sb_bench_query(ctx, sql, &v->pts, rows);
		*ms = bench_now_ms() - t0;
		*cpu = thread_cpu_ms() - c0;
	}
	if (rc != SB_OK)
		cli_error("baseline: %s", sb_errmsg(ctx));
	sb_ctx_free(ctx);
	return rc == SB_OK ? 0 : -1;
}

/*
 * The sqlite3 shell's argv run to its end (standard input from in, output
 * to out, NULL: /dev/null; errors to v->err), its wall and CPU time; 0, or
 * -1 when it could not run or failed, said with its first line of error.
 */
static int
shell_run(const struct bench *b, const struct vars *v, const char *const argv[],
    const char *in, const char *out, double *ms, double *cpu)
{
	struct child c;
	long rss;
	int status;

	if (b->o->verbose)
		print_argv(argv);
	if (bench_spawn(argv, in, out, v->err, &c) != 0 ||
	    bench_reap(&c, ms, &rss, &status) != 0)
		return -1;
	*cpu = c.cpu_ms;
	if (status != 0) {
		char line[200];

		bench_first_line(v->err, line, sizeof(line));
		cli_error("baseline: %s exited %d%s%s: %s", b->o->sqlite3, status,
		    in != NULL ? " reading " : "", in != NULL ? in : "", line);
		return -1;
	}
	return 0;
}

/*
 * The same query through the sqlite3 shell, as CSV to /dev/null, or with
 * its header to out.
 */
static int
baseline_cli(const struct bench *b, const struct vars *v, const char *sql,
    const char *out, double *ms, double *cpu)
{
	char p[9][128];
	const char *argv[28];
	int n = 0;

	snprintf(p[0], sizeof(p[0]), ".parameter set @project %lld", (long long)v->pts.project_id);
	snprintf(p[1], sizeof(p[1]), ".parameter set @board %lld", (long long)v->pts.board_id);
	snprintf(p[2], sizeof(p[2]), ".parameter set @day %lld", (long long)v->pts.day_id);
	snprintf(p[3], sizeof(p[3]), ".parameter set @audit %lld", (long long)v->pts.audit);
	/* position keys are base-62 digits: nothing to escape */
	snprintf(p[4], sizeof(p[4]), ".parameter set @pos_from '%s'", v->pts.pos_from);
	snprintf(p[5], sizeof(p[5]), ".parameter set @pos_to '%s'", v->pts.pos_to);
	snprintf(p[6], sizeof(p[6]), ".parameter set @board_b %lld", (long long)v->pts.board_b);
	/* quoted twice: the shell reads the value as SQL (2080-03-14 is 2063) */
	snprintf(p[7], sizeof(p[7]), ".parameter set @date_from \"'%s'\"", v->pts.from_date);
	snprintf(p[8], sizeof(p[8]), ".parameter set @date_to \"'%s'\"", v->pts.to_date);
	argv[n++] = b->o->sqlite3;
	argv[n++] = "-readonly";
	argv[n++] = "-batch";
	argv[n++] = "-csv";
	if (out != NULL)
		argv[n++] = "-header";
	for (int i = 0; i < 9; i++) {
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
	return shell_run(b, v, argv, NULL, out, ms, cpu);
}

/*
 * A write's baseline: the same write in plain SQL through the sqlite3
 * shell, in a transaction committed as the library commits (WAL,
 * synchronous FULL, foreign keys on), with the moves mv[first, first +
 * count) of the run in the table mv(uid, day).  Started, not waited for.
 */
static int
write_start(const struct bench *b, const struct vars *v, const char *sql, int first,
    int count, struct child *c)
{
	char p[4][128];
	const char *argv[20];
	char *body;
	size_t size = strlen(sql) + 512 + (size_t)count * (SB_BENCH_UID + 32), n = 0;
	int k = 0, rc;

	if ((body = malloc(size)) == NULL) {
		cli_error("out of memory");
		return -1;
	}
	n += (size_t)snprintf(body + n, size - n, "PRAGMA synchronous = FULL;"
	    " PRAGMA foreign_keys = ON; BEGIN IMMEDIATE;");
	/* (a sort that moves nothing has an empty table) */
	if (count > 0 || strstr(sql, " mv ") != NULL)
		n += (size_t)snprintf(body + n, size - n, " CREATE TEMP TABLE mv(uid TEXT,"
		    " day INTEGER);");
	if (count > 0) {
		/* a strip's uid is hex digits: nothing to escape */
		n += (size_t)snprintf(body + n, size - n, " INSERT INTO mv VALUES");
		for (int i = first; i < first + count; i++)
			n += (size_t)snprintf(body + n, size - n, "%s('%s', %lld)",
			    i > first ? ", " : " ", v->mv_uid[i], (long long)v->mv_day[i]);
		n += (size_t)snprintf(body + n, size - n, ";");
	}
	if ((size_t)snprintf(body + n, size - n, " %s; COMMIT;", sql) >= size - n) {
		free(body);
		cli_error("baseline: too long");
		return -1;
	}
	snprintf(p[0], sizeof(p[0]), ".parameter set @board %lld", (long long)v->pts.board_id);
	snprintf(p[1], sizeof(p[1]), ".parameter set @day %lld", (long long)v->pts.day_id);
	snprintf(p[2], sizeof(p[2]), ".parameter set @project %lld",
	    (long long)v->pts.project_id);
	/* concurrent writers wait for each other, as the library does */
	snprintf(p[3], sizeof(p[3]), ".timeout 10000");
	argv[k++] = b->o->sqlite3;
	argv[k++] = "-batch";
	for (int i = 0; i < 4; i++) {
		argv[k++] = "-cmd";
		argv[k++] = p[i];
	}
	argv[k++] = v->db;
	argv[k++] = body;
	argv[k] = NULL;
	if (b->o->verbose)
		print_argv(argv);
	rc = bench_spawn(argv, NULL, NULL, v->err, c);
	free(body);
	return rc;
}

/*
 * The write baseline of a run of nk processes: nk shells at once, each
 * with its process's move (one process: every move of the run); the time
 * from the first start to the last exit.
 */
static int
baseline_write(const struct bench *b, struct vars *v, const char *sql, int nk,
    double *ms, double *cpu)
{
	struct child kids[64];
	double start = bench_now_ms(), child_ms;
	long rss;
	int status, rc = 0, started = 0;

	for (int k = 0; k < nk; k++) {
		bench_err_path(v, k);
		if (write_start(b, v, sql, nk > 1 ? k : 0, nk > 1 ? (k < v->nmv) : v->nmv,
		    &kids[k]) != 0) {
			rc = -1;
			break;
		}
		started++;
	}
	*cpu = 0;
	for (int k = 0; k < started; k++) {
		if (bench_reap(&kids[k], &child_ms, &rss, &status) != 0) {
			rc = -1;
			continue;
		}
		*cpu += kids[k].cpu_ms;
		if (status != 0 && rc == 0) {
			char line[200];

			bench_err_path(v, k);
			bench_first_line(v->err, line, sizeof(line));
			cli_error("baseline: %s exited %d: %s", b->o->sqlite3, status, line);
			rc = -1;
		}
	}
	*ms = bench_now_ms() - start;
	return rc;
}

/*
 * An import's baseline, made once from the file an untimed run of the
 * command wrote, kept as load-src.db: the SQL that makes its schema's
 * tables in a new file, then in one transaction copies every row of
 * every table from it (INSERT ... SELECT, ids and audit rows with their
 * hashes included), makes the indexes and triggers after the rows (the
 * cheapest order for SQLite) and sets the application id and schema
 * version, as the import does.  What SQLite takes to write the rows,
 * without reading or checking a file.
 */
static const char load_sql[] =
    "SELECT s FROM (SELECT 1 AS k, rowid AS r, sql || ';' AS s FROM sqlite_schema"
    " WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    " UNION ALL SELECT 2, 0, 'BEGIN IMMEDIATE;'"
    " UNION ALL SELECT 3, rowid, 'INSERT INTO main.\"' || replace(name, '\"', '\"\"')"
    "  || '\" SELECT * FROM src.\"' || replace(name, '\"', '\"\"') || '\";'"
    "  FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    " UNION ALL SELECT 4, rowid, sql || ';' FROM sqlite_schema"
    "  WHERE type IN ('index', 'trigger') AND sql IS NOT NULL"
    " UNION ALL SELECT 5, 0, 'PRAGMA application_id = ' || a.application_id ||"
    "  '; PRAGMA user_version = ' || u.user_version || ';'"
    "  FROM pragma_application_id a, pragma_user_version u"
    " UNION ALL SELECT 6, 0, 'COMMIT;') ORDER BY k, r";

static int
load_prepare(const struct bench *b, const struct vars *v)
{
	const char *argv[] = { b->o->sqlite3, "-batch", "-readonly", "-list", "-noheader",
	    v->load_src, load_sql, NULL };
	double ms, cpu;

	bench_remove_db(v->load_src);
	if (rename(v->fresh, v->load_src) != 0) {
		cli_error("baseline: %s: %s", v->fresh, strerror(errno));
		return -1;
	}
	return shell_run(b, v, argv, NULL, v->load_sql, &ms, &cpu);
}

/*
 * The shell copying those rows into a new file, as the library writes
 * one: WAL, synchronous FULL, one transaction.  Timed.
 */
static int
load_baseline(const struct bench *b, const struct vars *v, double *ms, double *cpu)
{
	char attach[PATH_MAX * 2 + 32];
	const char *argv[] = { b->o->sqlite3, "-batch", "-bail", "-cmd",
	    "PRAGMA journal_mode = WAL", "-cmd", "PRAGMA synchronous = FULL", "-cmd",
	    attach, v->load_db, NULL };
	size_t n = 0;

	/* ATTACH 'path' AS src, the path's quotes doubled */
	n = (size_t)snprintf(attach, sizeof(attach), "ATTACH '");
	for (const char *p = v->load_src; *p != '\0' && n + 24 < sizeof(attach); p++) {
		if (*p == '\'')
			attach[n++] = '\'';
		attach[n++] = *p;
	}
	snprintf(attach + n, sizeof(attach) - n, "' AS src");
	bench_remove_db(v->load_db);
	return shell_run(b, v, argv, v->load_sql, NULL, ms, cpu);
}

/* After a run that made boards: delete them, untimed (drops_boards). */
static int
drop_boards(const struct vars *v)
{
	sb_ctx *ctx = sb_ctx_new();
	int64_t n;
	int rc;

	if (ctx == NULL) {
		cli_error("out of memory");
		return -1;
	}
	sb_set_busy_timeout(ctx, 10000);
	if ((rc = sb_open(ctx, v->db, 0)) == SB_OK)
		rc = sb_bench_drop_boards(ctx, &v->pts, &n);
	if (rc != SB_OK)
		cli_error("%s: %s", v->db, sb_errmsg(ctx));
	sb_ctx_free(ctx);
	return rc == SB_OK ? 0 : -1;
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
double
bench_quantile(const double *v, int n, double q)
{
	int k = (int)ceil(q * n) - 1;

	if (k < 0)
		k = 0;
	if (k >= n)
		k = n - 1;
	return v[k];
}

void
bench_sort(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
}

double
bench_median(double *v, int n)
{
	bench_sort(v, n);
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

/* Whether the command sc needs is built; if not, r says it is skipped. */
static int
built(const struct bench *b, const struct scenario *sc, struct result *r)
{
	char path[PATH_MAX];

	if (sc->needs == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/%s", b->o->bindir, sc->needs);
	if (access(path, X_OK) == 0)
		return 1;
	set_reason(r, "skipped", "needs %s", sc->needs);
	return 0;
}

/* r: sc at size, "ok", with no figures yet. */
static void
result_init(struct result *r, const struct scenario *sc, int64_t size)
{
	memset(r, 0, sizeof(*r));
	r->sc = sc;
	r->size = size;
	r->status = "ok";
	r->growth = r->ratio = NAN;
	r->cpu = r->base_cpu = r->cpu_ratio = NAN;
}

/* Generate the production of a size in a child: the "synth" figures. */
static int
synth_child(const struct bench *b, const struct vars *v, int64_t size)
{
	struct sb_synth_opts opts = { size, b->o->seed, NULL, 0 };
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

int
bench_run_synth(const struct bench *b, const struct vars *v, int64_t size, double *ms,
    double *cpu, long *rss, int *status)
{
	int rc;

	struct child c;

	unlink(v->fresh);
	c.start = bench_now_ms();
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
	rc = bench_reap(&c, ms, rss, status);
	*cpu = c.cpu_ms;
	return rc;
}

void
bench_err_path(struct vars *v, int k)
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

/* The argument after opt on the scenario's command line, else "". */
static const char *
arg_after(const struct scenario *sc, const char *opt)
{
	for (int k = 0; k + 1 < MAX_ARGS && sc->argv[k] != NULL; k++)
		if (strcmp(sc->argv[k], opt) == 0 && sc->argv[k + 1] != NULL)
			return sc->argv[k + 1];
	return "";
}

void
bench_remove_db(const char *path)
{
	char name[PATH_MAX + 8];

	unlink(path);
	snprintf(name, sizeof(name), "%s-wal", path);
	unlink(name);
	snprintf(name, sizeof(name), "%s-shm", path);
	unlink(name);
}

/*
 * One run of a command: nk processes at once.  What they work on is drawn
 * and their command lines written first; the clock runs from the first
 * fork to the last exit, so it times the commands and nothing of ours.
 */
static int
run_command(struct bench *b, const struct scenario *sc, struct vars *v, int nk,
    struct result *r, double *ms, double *cpu, int wbase, double *base_ms,
    double *base_cpu)
{
	static char buf[64][MAX_ARGS][PATH_MAX];
	static char in[64][PATH_MAX];
	const char *argv[64][MAX_ARGS + 1];
	struct child kids[64];
	double start, child_ms;
	long rss;
	int status;

	if (sc->fresh)
		bench_remove_db(v->fresh);
	if (sc->in != NULL && strcmp(sc->in, "{moves}") == 0 && !v->same_moves &&
	    write_moves(b, v) != 0) {
		set_reason(r, "failed", "cannot write the moves");
		return -1;
	}
	if (sc->in == NULL)
		v->nmv = 0;
	for (int k = 0; k < nk; k++) {
		if (uses(sc, "{strip}") && !v->same_moves) {
			if (pick(b, v) != 0) {
				set_reason(r, "failed", "cannot pick a strip");
				return -1;
			}
			record_move(v);
		}
		/* (on a server, the file's run sorts the day the server's did) */
		if (uses(sc, "{sort_day}") && !v->same_moves &&
		    plan_sort(b, v, arg_after(sc, "--by")) != 0) {
			set_reason(r, "failed", "cannot find what the sort moves");
			return -1;
		}
		if (build_argv(b, sc, v, buf[k], argv[k]) != 0 ||
		    (sc->in != NULL && expand(sc->in, v, in[k], sizeof(in[k])) != 0)) {
			set_reason(r, "failed", "bad command line");
			return -1;
		}
		if (b->o->verbose)
			print_argv(argv[k]);
	}
	/*
	 * A write's baseline runs just before: it writes back, unchanged, the
	 * rows the command is about to change, finding them where the command
	 * will (after the command, a moved strip would be on its new day).
	 */
	if (wbase && baseline_write(b, v, sc->write_baseline, nk, base_ms, base_cpu) != 0) {
		set_reason(r, "failed", "the sqlite3 baseline failed");
		return -1;
	}
	/* an import's: the shell loads the same rows, just before */
	if (sc->fresh && base_ms != NULL && b->o->sqlite3[0] != '\0' &&
	    load_baseline(b, v, base_ms, base_cpu) != 0) {
		set_reason(r, "failed", "the sqlite3 baseline failed");
		return -1;
	}
	start = bench_now_ms();
	for (int k = 0; k < nk; k++) {
		bench_err_path(v, k);
		if (bench_spawn(argv[k], sc->in != NULL ? in[k] : NULL, NULL, v->err, &kids[k]) != 0) {
			set_reason(r, "failed", "cannot start %s", sc->argv[0]);
			for (int j = 0; j < k; j++)
				bench_reap(&kids[j], &child_ms, &rss, &status);
			return -1;
		}
	}
	*cpu = 0;
	for (int k = 0; k < nk; k++) {
		if (bench_reap(&kids[k], &child_ms, &rss, &status) != 0) {
			set_reason(r, "failed", "lost a child");
			return -1;
		}
		/* concurrent writers: the CPU of all of them */
		*cpu += kids[k].cpu_ms;
		if (rss > r->rss_kib)
			r->rss_kib = rss;
		if (status > 0 && status < 32 && (sc->ok_exits & (1u << status))) {
			r->refused++;
		} else if (status != 0) {
			char line[200];

			bench_err_path(v, k);
			bench_first_line(v->err, line, sizeof(line));
			set_reason(r, "failed", "%s exited %d: %s", sc->argv[0], status, line);
			for (int j = k + 1; j < nk; j++)
				bench_reap(&kids[j], &child_ms, &rss, &status);
			return -1;
		}
	}
	*ms = bench_now_ms() - start;
	return 0;
}

int
bench_stable(const double *t, int n, double *tmp, double within)
{
	double h = 0.98 * sqrt((double)n), med;
	int lo = (int)floor(n / 2.0 - h), hi = (int)ceil(n / 2.0 + 1 + h) - 1;

	memcpy(tmp, t, (size_t)n * sizeof(*tmp));
	bench_sort(tmp, n);
	if (lo < 0)
		lo = 0;
	if (hi > n - 1)
		hi = n - 1;
	med = n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
	return tmp[hi] - tmp[lo] <= within * med;
}

/*
 * Whether both series have stable medians: within 10%, and never below 5
 * runs.
 */
static int
stable_runs(const double *t, const double *base, int n, double *tmp)
{
	if (n < 5 || !bench_stable(t, n, tmp, 0.10))
		return 0;
	return base == NULL || bench_stable(base, n, tmp, 0.10);
}

/*
 * A scenario's runs at one size: how many (--repeat or the scenario's,
 * exactly; by default from BENCH_MIN_RUNS on until the medians are stable,
 * at most BENCH_MAX_RUNS, or while the scenario has run under
 * BENCH_SECONDS; above 100000 strips once), and each run's times.
 */
struct runs {
	int min, max;
	double *t, *base, *tmp, *cpu, *base_cpu;
};

static void
runs_free(struct runs *u)
{
	free(u->t);
	free(u->base);
	free(u->tmp);
	free(u->cpu);
	free(u->base_cpu);
}

/* 0, or -1 with the reason in r (each array freed by runs_free()). */
static int
runs_alloc(const struct bench *b, const struct scenario *sc, int64_t size, struct runs *u,
    struct result *r)
{
	size_t n;

	memset(u, 0, sizeof(*u));
	u->min = u->max = sc->runs > 0 ? sc->runs : b->o->repeat;
	if (sc->runs == 0 && !b->o->repeat_given) {
		u->min = size > 100000 ? 1 : BENCH_MIN_RUNS;
		u->max = size > 100000 ? 1 : BENCH_MAX_RUNS;
	}
	n = (size_t)u->max;
	if ((u->t = calloc(n, sizeof(*u->t))) == NULL ||
	    (u->base = calloc(n, sizeof(*u->base))) == NULL ||
	    (u->tmp = calloc(n, sizeof(*u->tmp))) == NULL ||
	    (u->cpu = calloc(n, sizeof(*u->cpu))) == NULL ||
	    (u->base_cpu = calloc(n, sizeof(*u->base_cpu))) == NULL) {
		set_reason(r, "failed", "out of memory");
		return -1;
	}
	return 0;
}

/* The figures of n runs' times t (sorted here) into r, and the ratio. */
static void
runs_figures(struct result *r, double *t, int n)
{
	r->runs = n;
	bench_sort(t, n);
	r->min = t[0];
	r->max = t[n - 1];
	r->p95 = bench_quantile(t, n, 0.95);
	r->p99 = bench_quantile(t, n, 0.99);
	r->p50 = bench_median(t, n);
	if (r->baseline != NULL && r->base_ms > 0)
		r->ratio = r->p50 / r->base_ms;
}

/* The rows a run of sc handles at size with so many writers (0: the baseline's). */
static int64_t
rows_per_run(const struct scenario *sc, int64_t size, int writers)
{
	switch (sc->rows) {
	case ROWS_STRIPS:
		return size;
	case ROWS_ONE:
		return writers;
	case ROWS_BATCH:
		return BATCH_MOVES;
	case ROWS_BASELINE:
		break;
	}
	return 0;
}

void
bench_output_paths(const char *sub, const struct scenario *sc, char *out, char *base,
    size_t size)
{
	snprintf(out, size, "%s/%s.out", sub, sc->name);
	snprintf(base, size, "%s/%s.baseline.csv", sub, sc->name);
}

/*
 * --outputs: the command's standard output and the baseline's (as CSV with
 * its header) once, untimed, so they can be compared.
 */
static int
write_outputs(struct bench *b, const struct scenario *sc, struct vars *v,
    struct result *r)
{
	static char buf[MAX_ARGS][PATH_MAX];
	const char *argv[MAX_ARGS + 1];
	char out[PATH_MAX], base[PATH_MAX];
	struct child c;
	double ms, cpu;
	long rss;
	int status;

	bench_output_paths(v->sub, sc, out, base, sizeof(out));
	if (build_argv(b, sc, v, buf, argv) != 0) {
		set_reason(r, "failed", "bad command line");
		return -1;
	}
	bench_err_path(v, 0);
	if (bench_spawn(argv, NULL, out, v->err, &c) != 0 ||
	    bench_reap(&c, &ms, &rss, &status) != 0) {
		set_reason(r, "failed", "cannot run %s", sc->argv[0]);
		return -1;
	}
	if (status != 0) {
		char line[200];

		bench_first_line(v->err, line, sizeof(line));
		set_reason(r, "failed", "%s exited %d: %s", sc->argv[0], status, line);
		return -1;
	}
	if (baseline_cli(b, v, sc->baseline, base, &ms, &cpu) != 0) {
		set_reason(r, "failed", "the sqlite3 baseline failed");
		return -1;
	}
	return 0;
}

void
bench_run_scenario(struct bench *b, const struct scenario *sc, struct vars *v,
    int64_t size, struct result *r)
{
	int writers = sc->writers < 0 ? b->o->writers : sc->writers > 0 ? sc->writers : 1;
	int nk = writers > 64 ? 64 : writers, shell = b->o->sqlite3[0] != '\0', runs;
	/* a write's baseline needs the shell; so does an import's */
	int wbase = sc->write_baseline != NULL && shell, lbase = sc->fresh && shell;
	double *t, *base, *cpu, *base_cpu, began;
	int has_cpu = sc->kind == RUN_COMMAND || sc->kind == RUN_SYNTH;
	int64_t rows = rows_per_run(sc, size, writers);
	struct runs u;

	result_init(r, sc, size);
	if (!built(b, sc, r))
		return;
	if (runs_alloc(b, sc, size, &u, r) != 0)
		goto out;
	t = u.t, base = u.base, cpu = u.cpu, base_cpu = u.base_cpu;
	if (sc->baseline != NULL) {
		double api_ms, api_cpu;

		/* the rows, through the library; the times follow, alternated */
		if (baseline_api(v, sc->baseline, &rows, &api_ms, &api_cpu) != 0) {
			set_reason(r, "failed", "the baseline query failed");
			goto out;
		}
#ifdef __GLIBC__
		/*
		 * What the query took goes back to the system: a child's peak RSS
		 * (wait4()) counts the pages it shares with us until it execs.
		 */
		malloc_trim(0);
#endif
		r->baseline = shell ? "sqlite3" : "c-api";
		if (b->o->outputs && shell && write_outputs(b, sc, v, r) != 0)
			goto out;
	}
	if (lbase) {
		double once, once_cpu;

		/* an untimed run, whose file the shell's baseline loads */
		if (run_command(b, sc, v, nk, r, &once, &once_cpu, 0, NULL, NULL) != 0)
			goto out;
		if (load_prepare(b, v) != 0) {
			set_reason(r, "failed", "cannot dump what the command wrote");
			goto out;
		}
		r->baseline = "sqlite3";
	}
	began = bench_now_ms();
	for (runs = 0; runs < u.max; runs++) {
		if (runs >= u.min && (stable_runs(t, sc->baseline != NULL || wbase || lbase ?
		    base : NULL,
		    runs, u.tmp) || bench_now_ms() - began > BENCH_SECONDS * 1e3))
			break;
		bench_progress(b, "sb-bench: %lld strips: %s: run %d", (long long)size,
		    sc->name, runs + 1);
		if (sc->kind == RUN_PERM) {
			uint64_t checks;

			if (bench_run_perm(v, &t[runs], &rows, &checks, r->reason,
			    sizeof(r->reason)) != 0) {
				r->status = "failed";
				goto out;
			}
			continue;
		}
		if (sc->kind == RUN_SYNTH) {
			long rss;
			int status;

			if (bench_run_synth(b, v, size, &t[runs], &cpu[runs], &rss,
			    &status) != 0) {
				set_reason(r, "failed", "cannot run the generator");
				goto out;
			}
			if (status != 0) {
				char line[200];

				bench_first_line(v->err, line, sizeof(line));
				set_reason(r, "failed", "exit %d: %s", status, line);
				goto out;
			}
			if (rss > r->rss_kib)
				r->rss_kib = rss;
			continue;
		}
		if (run_command(b, sc, v, nk, r, &t[runs], &cpu[runs], wbase, lbase || wbase ?
		    &base[runs] : NULL, &base_cpu[runs]) != 0)
			goto out;
		if (sc->drops_boards && drop_boards(v) != 0) {
			set_reason(r, "failed", "cannot drop the boards the run made");
			goto out;
		}
		if (wbase)
			continue;
		if (sc->baseline == NULL)
			continue;
		/* the baseline right after: both see the same machine */
		if (shell ? baseline_cli(b, v, sc->baseline, NULL, &base[runs],
		    &base_cpu[runs]) != 0 :
		    baseline_api(v, sc->baseline, &rows, &base[runs],
		    &base_cpu[runs]) != 0) {
			set_reason(r, "failed", shell ? "the sqlite3 baseline failed" :
			    "the baseline query failed");
			goto out;
		}
	}
	r->rows = rows;
	if (wbase)
		r->baseline = "sqlite3";
	if (r->baseline != NULL)
		r->base_ms = bench_median(base, runs);
	runs_figures(r, t, runs);
	if (has_cpu) {
		r->cpu = bench_median(cpu, runs);
		if (r->baseline != NULL) {
			r->base_cpu = bench_median(base_cpu, runs);
			if (r->base_cpu > 0)
				r->cpu_ratio = r->cpu / r->base_cpu;
		}
	}
out:
	runs_free(&u);
}


/*
 * --server
 */

/* Why a scenario does not run on a server, or NULL when it does. */
static const char *
not_on_server(const struct scenario *sc)
{
	if (sc->kind != RUN_COMMAND)
		return "runs in the library, on a file";
	if (sc->fresh)
		return "imports into a new database each run";
	if (sc->drops_boards)
		return "deletes the boards it makes between runs, on a file";
	if (sc->writers != 0)
		return "its writers' order differs from run to run";
	if (!uses(sc, "{db}"))
		return "names no database";
	return NULL;
}

void
bench_run_server(struct bench *b, const struct scenario *sc, struct vars *v,
    int64_t size, struct result *r)
{
	double *t, *base, began;
	struct result file;
	const char *why;
	int64_t rows = rows_per_run(sc, size, 1);
	struct runs u;
	int runs;

	/* the server's own CPU is no child's: only the client's, no ratio */
	result_init(r, sc, size);
	r->on_server = 1;
	if ((why = not_on_server(sc)) != NULL) {
		set_reason(r, "skipped", "not on a server: %s", why);
		return;
	}
	if (!built(b, sc, r))
		return;
	if (runs_alloc(b, sc, size, &u, r) != 0)
		goto out;
	t = u.t, base = u.base;
	if (sc->rows == ROWS_BASELINE && sc->baseline != NULL) {
		double api_ms, api_cpu;

		/* the rows (the same on both), untimed */
		if (baseline_api(v, sc->baseline, &rows, &api_ms, &api_cpu) != 0) {
			set_reason(r, "failed", "the baseline query failed");
			goto out;
		}
	}
	began = bench_now_ms();
	for (runs = 0; runs < u.max; runs++) {
		double cpu, file_cpu;
		int rc;

		if (runs >= u.min && (stable_runs(t, base, runs, u.tmp) ||
		    bench_now_ms() - began > BENCH_SECONDS * 1e3))
			break;
		bench_progress(b, "sb-bench: %lld strips: %s on the server: run %d",
		    (long long)size, sc->name, runs + 1);
		/*
		 * The server, then the same command line (the same strip, day
		 * and version drawn) on the file: both make the same changes,
		 * so they stay the same production, and both see the machine
		 * in the same state.
		 */
		v->on_server = 1;
		rc = run_command(b, sc, v, 1, r, &t[runs], &cpu, 0, NULL, NULL);
		v->on_server = 0;
		if (rc != 0)
			goto out;
		memset(&file, 0, sizeof(file));
		file.status = "ok";
		v->same_moves = 1;
		rc = run_command(b, sc, v, 1, &file, &base[runs], &file_cpu, 0, NULL, NULL);
		v->same_moves = 0;
		if (rc != 0) {
			set_reason(r, "failed", "on the file: %s", file.reason);
			goto out;
		}
	}
	r->rows = rows;
	r->baseline = "file";
	r->base_ms = bench_median(base, runs);
	runs_figures(r, t, runs);
out:
	runs_free(&u);
}

/* sb-import of the production into db, timed; 0, or -1 with why in r. */
static int
import_into(struct bench *b, struct vars *v, const char *db, double *ms, long *rss,
    struct result *r)
{
	char prog[PATH_MAX + 16];
	const char *argv[] = { prog, "-q", "--db", db, v->uss, NULL };
	struct child c;
	int status;

	snprintf(prog, sizeof(prog), "%s/sb-import", b->o->bindir);
	if (b->o->verbose)
		print_argv(argv);
	bench_err_path(v, 0);
	if (bench_spawn(argv, NULL, NULL, v->err, &c) != 0 ||
	    bench_reap(&c, ms, rss, &status) != 0) {
		set_reason(r, "failed", "cannot run sb-import");
		return -1;
	}
	if (status != 0) {
		char line[200];

		bench_first_line(v->err, line, sizeof(line));
		set_reason(r, "failed", "sb-import exited %d: %s", status, line);
		return -1;
	}
	return 0;
}

int
bench_server_import(struct bench *b, struct vars *v, int64_t size, struct result *r)
{
	sb_ctx *ctx = sb_ctx_new();
	double ms, file_ms;
	long rss, file_rss;
	int rc;

	result_init(r, bench_scenario_named("import-uss"), size);
	r->on_server = 1;
	if (ctx == NULL) {
		cli_error("out of memory");
		return -1;
	}
	/* never into a production that is there: the database must hold none */
	rc = sb_open(ctx, v->server, SB_OPEN_READONLY | SB_OPEN_SERVER);
	if (rc == SB_OK) {
		cli_error("--server: the database holds a stripboard database "
		    "already; give an empty one, where sb-bench imports its production");
		sb_ctx_free(ctx);
		return -1;
	}
	if (rc != SB_ENOTFOUND) {
		cli_error("%s", sb_errmsg(ctx));
		sb_ctx_free(ctx);
		return -1;
	}
	sb_ctx_free(ctx);
	bench_progress(b, "sb-bench: %lld strips: importing into the server",
	    (long long)size);
	if (import_into(b, v, v->server, &ms, &rss, r) != 0)
		return -1;
	/* the same import into a new file, its baseline */
	bench_remove_db(v->fresh);
	if (import_into(b, v, v->fresh, &file_ms, &file_rss, r) != 0) {
		r->status = "failed";
		bench_remove_db(v->fresh);
		return 0;
	}
	bench_remove_db(v->fresh);
	r->runs = 1;
	r->p50 = r->min = r->p95 = r->p99 = r->max = ms;
	r->rows = size;
	r->rss_kib = rss;
	r->baseline = "file";
	r->base_ms = file_ms;
	if (file_ms > 0)
		r->ratio = ms / file_ms;
	return 0;
}
