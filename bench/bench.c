/*
 * bench.c - a whole sb-bench run: for each size, generate the production
 * (timed as the synth scenario), write the files the imports read, run the
 * selected scenarios, check each result against the budget and report it;
 * and the defaults and option values the command fills in.
 */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_priv.h"

void
bench_progress(const struct bench *b, const char *fmt, ...)
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

/*
 * write_file() in a child: a child forked later inherits our peak RSS
 * (Linux keeps the high-water mark of the memory a process forked with
 * across exec), so whatever exporting the inputs costs must not grow
 * sb-bench itself, or every command measured afterwards reports it.
 */
static int
write_file_apart(const char *db, const char *path, int uss)
{
	pid_t pid;
	int st;

	fflush(NULL);
	if ((pid = fork()) < 0) {
		cli_error("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0)
		_exit(write_file(db, path, uss) == 0 ? 0 : 1);
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			cli_error("waitpid: %s", strerror(errno));
			return -1;
		}
	}
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/*
 * A production kept by an earlier run, opened once for writing so a newer
 * library migrates its schema (the runs open it read-only).
 */
static int
migrate(const char *db)
{
	sb_ctx *ctx = sb_ctx_new();
	int rc;

	if (ctx == NULL) {
		cli_error("out of memory");
		return -1;
	}
	sb_set_busy_timeout(ctx, 10000);
	if ((rc = sb_open(ctx, db, 0)) != SB_OK)
		cli_error("%s", sb_errmsg(ctx));
	sb_ctx_free(ctx);
	return rc == SB_OK ? 0 : -1;
}

/* Open the production read-only and find the fixed points of its runs. */
static int
open_production(struct vars *v)
{
	int rc;

	v->board = "First Pass";
	if ((v->ctx = sb_ctx_new()) == NULL) {
		cli_error("out of memory");
		return -1;
	}
	sb_set_busy_timeout(v->ctx, 10000);
	rc = sb_open(v->ctx, v->db, SB_OPEN_READONLY);
	if (rc == SB_OK)
		rc = sb_bench_points(v->ctx, v->board, &v->pts);
	if (rc != SB_OK) {
		cli_error("%s", sb_errmsg(v->ctx));
		return -1;
	}
	return 0;
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
emit(struct bench *b, struct result *r, int *over, int *failed)
{
	/* growth: against the same scenario at the previous size */
	for (size_t i = b->nresults; i > 0; i--) {
		const struct result *p = &b->results[i - 1];

		if (p->sc == r->sc && p->on_server == r->on_server && p->size < r->size) {
			if (strcmp(p->status, "ok") == 0 && strcmp(r->status, "ok") == 0 &&
			    p->p50 > 0)
				r->growth = r->p50 / p->p50;
			break;
		}
	}
	/* the budget is the file's; a server's figures are ratios to it */
	if (b->bu != NULL && !r->on_server &&
	    bench_budget_check(b->bu, b->o->budget_path, r))
		*over = 1;
	if (strcmp(r->status, "failed") == 0) {
		char name[64];

		cli_error("%s at %lld strips failed: %s", bench_result_name(r, name,
		    sizeof(name)), (long long)r->size, r->reason);
		*failed = 1;
	}
	bench_progress(b, "%s", "");
	if (b->o->format == BENCH_NDJSON) {
		bench_write_json(stdout, b->o->seed, r);
		fputc('\n', stdout);
		fflush(stdout);
	}
	if (b->json_out != NULL) {
		bench_write_json(b->json_out, b->o->seed, r);
		fputc('\n', b->json_out);
		fflush(b->json_out);
	}
	add_result(b, r);
}

static int
run_size(struct bench *b, int64_t size, int *over, int *failed)
{
	struct vars v;
	char sub[PATH_MAX - 64];
	int need_uss = 0, need_csv = 0;
	struct result r;

	memset(&v, 0, sizeof(v));
	v.strips = size;
	v.server = b->o->server;
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
	snprintf(v.load_db, sizeof(v.load_db), "%s/load.db", sub);
	snprintf(v.load_sql, sizeof(v.load_sql), "%s/load.sql", sub);
	snprintf(v.load_src, sizeof(v.load_src), "%s/load-src.db", sub);
	snprintf(v.uss, sizeof(v.uss), "%s/bench.uss", sub);
	snprintf(v.csv, sizeof(v.csv), "%s/bench.csv", sub);
	snprintf(v.moves, sizeof(v.moves), "%s/moves.csv", sub);
	bench_err_path(&v, 0);

	/*
	 * The production: timed as the synth scenario when it is selected;
	 * with --reuse, the one a run with --keep left there.
	 */
	if (b->o->reuse && access(v.db, R_OK) == 0) {
		bench_progress(b, "sb-bench: %lld strips: reusing %s", (long long)size, v.db);
		if (migrate(v.db) != 0)
			return -1;
	} else {
		double ms, cpu;
		long rss;
		int status;
		const struct scenario *sc = bench_scenario_named("synth");
		int sel = b->o->selected[sc - bench_scenarios];

		bench_remove_db(v.db);
		bench_progress(b, "sb-bench: %lld strips: generating", (long long)size);
		memset(&r, 0, sizeof(r));
		r.sc = sc;
		r.size = size;
		r.status = "ok";
		r.growth = r.ratio = NAN;
		r.cpu = r.base_cpu = r.cpu_ratio = NAN;
		if (bench_run_synth(b, &v, size, &ms, &cpu, &rss, &status) != 0)
			return -1;
		if (status != 0) {
			char line[200];

			bench_first_line(v.err, line, sizeof(line));
			cli_error("%lld strips: cannot generate the production: %s",
			    (long long)size, line);
			return -1;
		}
		if (rename(v.fresh, v.db) != 0) {
			cli_error("%s: %s", v.db, strerror(errno));
			return -1;
		}
		bench_remove_db(v.fresh);
		if (sel) {
			r.runs = 1;
			r.p50 = r.min = r.p95 = r.p99 = r.max = ms;
			r.cpu = cpu;
			r.rows = size;
			r.rss_kib = rss;
			emit(b, &r, over, failed);
		}
	}
	if (open_production(&v) != 0) {
		sb_ctx_free(v.ctx);
		return -1;
	}
	/* --server: the server's production is imported from the USS, even
	 * when no scenario selected has a command line (synth alone) */
	need_uss = b->o->server != NULL;
	for (size_t i = 0; i < bench_nscenarios; i++) {
		const struct scenario *sc = &bench_scenarios[i];

		if (!b->o->selected[i] || size > sc->max_strips)
			continue;
		for (int k = 0; k < MAX_ARGS && sc->argv[k] != NULL; k++) {
			need_uss |= strcmp(sc->argv[k], "{uss}") == 0;
			need_csv |= strcmp(sc->argv[k], "{csv}") == 0;
		}
	}
	bench_progress(b, "sb-bench: %lld strips: writing the input files", (long long)size);
	if ((need_uss && write_file_apart(v.db, v.uss, 1) != 0) ||
	    (need_csv && write_file_apart(v.db, v.csv, 0) != 0)) {
		sb_ctx_free(v.ctx);
		return -1;
	}
	/*
	 * --server: the production imported there, then each scenario on the
	 * server beside the file, before the file's own runs change the file
	 * (the two make the same changes, so they stay the same production)
	 */
	if (b->o->server != NULL) {
		const struct scenario *imp = bench_scenario_named("import-uss");

		if (bench_server_import(b, &v, size, &r) != 0 && r.reason[0] == '\0') {
			sb_ctx_free(v.ctx);
			return -1;
		}
		if (strcmp(r.status, "ok") != 0 || b->o->selected[imp - bench_scenarios])
			emit(b, &r, over, failed);
		if (strcmp(r.status, "ok") != 0) {
			sb_ctx_free(v.ctx);
			return -1;
		}
		for (size_t i = 0; i < bench_nscenarios; i++) {
			const struct scenario *sc = &bench_scenarios[i];

			if (!b->o->selected[i] || sc->kind == RUN_SYNTH || sc == imp ||
			    size > sc->max_strips)
				continue;
			bench_run_server(b, sc, &v, size, &r);
			emit(b, &r, over, failed);
		}
	}
	for (size_t i = 0; i < bench_nscenarios; i++) {
		const struct scenario *sc = &bench_scenarios[i];

		if (!b->o->selected[i] || sc->kind == RUN_SYNTH || size > sc->max_strips)
			continue;
		bench_run_scenario(b, sc, &v, size, &r);
		emit(b, &r, over, failed);
	}
	sb_ctx_free(v.ctx);
	bench_remove_db(v.fresh);
	return 0;
}

/*
 * Options
 */
int
bench_parse_sizes(struct bench_opts *b, const char *arg, char *err, size_t size)
{
	char *copy = strdup(arg), *save = NULL, *tok;
	int rc = 0;

	if (copy == NULL) {
		snprintf(err, size, "out of memory");
		return -1;
	}
	b->nsizes = 0;
	for (tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		int64_t n;
		size_t j;

		if (bench_parse_size(tok, &n) != 0) {
			snprintf(err, size, "--sizes: \"%s\" is not a size from 1 "
			    "to 10M strips", tok);
			rc = -1;
			break;
		}
		for (j = 0; j < b->nsizes && b->sizes[j] != n; j++)
			;
		if (j < b->nsizes)
			continue;
		if (b->nsizes == BENCH_MAX_SIZES) {
			snprintf(err, size, "--sizes: more than %d sizes", BENCH_MAX_SIZES);
			rc = -1;
			break;
		}
		/* ascending, so growth compares with the next smaller size */
		for (j = b->nsizes; j > 0 && b->sizes[j - 1] > n; j--)
			b->sizes[j] = b->sizes[j - 1];
		b->sizes[j] = n;
		b->nsizes++;
	}
	free(copy);
	if (rc == 0 && b->nsizes == 0) {
		snprintf(err, size, "--sizes: no size given");
		rc = -1;
	}
	return rc;
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

int
bench_find_program(const char *name, char *buf, size_t size)
{
	const char *path = getenv("PATH");

	if (strchr(name, '/') != NULL) {
		if (access(name, X_OK) != 0 ||
		    (size_t)snprintf(buf, size, "%s", name) >= size)
			return -1;
		return 0;
	}
	while (path != NULL && *path != '\0') {
		const char *colon = strchr(path, ':');
		size_t n = colon != NULL ? (size_t)(colon - path) : strlen(path);

		if ((size_t)snprintf(buf, size, "%.*s/%s", (int)n, path, name) < size &&
		    access(buf, X_OK) == 0)
			return 0;
		path = colon != NULL ? colon + 1 : NULL;
	}
	buf[0] = '\0';
	return -1;
}

static void
remove_tree(const struct bench *b)
{
	/* only what sb-bench wrote: the size directories and their files */
	static const char *const files[] = { "bench.db", "bench.db-wal", "bench.db-shm",
	    "fresh.db", "fresh.db-wal", "fresh.db-shm", "load.db", "load.db-wal",
	    "load.db-shm", "load.sql", "load-src.db", "load-src.db-wal",
	    "load-src.db-shm", "bench.uss", "bench.csv",
	    "moves.csv", "stderr.0", "stderr.1", "stderr.2", "stderr.3", "stderr.4",
	    "stderr.5", "stderr.6", "stderr.7", "stderr.8", "stderr.9" };
	char path[PATH_MAX + 64];

	for (size_t i = 0; i < b->o->nsizes; i++) {
		for (size_t k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
			snprintf(path, sizeof(path), "%s/%lld/%s", b->dir,
			    (long long)b->o->sizes[i], files[k]);
			unlink(path);
		}
		for (size_t k = 0; b->o->outputs && k < bench_nscenarios; k++) {
			char sub[PATH_MAX], out[PATH_MAX + 64], base[PATH_MAX + 64];

			snprintf(sub, sizeof(sub), "%s/%lld", b->dir, (long long)b->o->sizes[i]);
			bench_output_paths(sub, &bench_scenarios[k], out, base, sizeof(out));
			unlink(out);
			unlink(base);
		}
		snprintf(path, sizeof(path), "%s/%lld", b->dir, (long long)b->o->sizes[i]);
		rmdir(path);
	}
	if (b->dir_made)
		rmdir(b->dir);
}


void
bench_defaults(struct bench_opts *o, const char *argv0)
{
	char err[128];

	memset(o, 0, sizeof(*o));
	o->repeat = BENCH_MIN_RUNS;
	o->seed = 1;
	o->writers = 4;
	o->format = isatty(STDOUT_FILENO) ? BENCH_TABLE : BENCH_NDJSON;
	for (size_t i = 0; i < bench_nscenarios; i++)
		o->selected[i] = 1;
	own_dir(argv0, o->bindir, sizeof(o->bindir));
	(void)bench_find_program("sqlite3", o->sqlite3, sizeof(o->sqlite3));
	(void)bench_parse_sizes(o, "200,10000,100000", err, sizeof(err));
}

int
bench_format(const char *name)
{
	static const char *const names[] = { "ndjson", "json", "csv", "table" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}

/* The directory to build the productions in: --dir, else a new one. */
static int
make_dir(struct bench *b)
{
	const char *tmp = getenv("TMPDIR");
	struct stat st;

	if (b->o->dir != NULL) {
		if (stat(b->o->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
			cli_error("--dir: %s: not a directory", b->o->dir);
			return EXIT_NOTFOUND;
		}
		snprintf(b->dir, sizeof(b->dir), "%s", b->o->dir);
		return EXIT_OK;
	}
	snprintf(b->dir, sizeof(b->dir), "%s/sb-bench.XXXXXX",
	    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(b->dir) == NULL) {
		cli_error("%s: %s", b->dir, strerror(errno));
		return EXIT_FAIL;
	}
	b->dir_made = 1;
	return EXIT_OK;
}

int
bench_run(const struct bench_opts *o, const struct bench_budget *bu)
{
	struct bench b;
	int over = 0, failed = 0, status;

	memset(&b, 0, sizeof(b));
	b.o = o;
	b.bu = bu;
	b.progress = !o->quiet && isatty(STDERR_FILENO);
	b.rng = o->seed ^ UINT64_C(0x5b3e1c2d4a6f7081);
	if ((status = make_dir(&b)) != EXIT_OK)
		return status;
	if (o->json_path != NULL && (b.json_out = fopen(o->json_path, "w")) == NULL) {
		cli_error("%s: %s", o->json_path, strerror(errno));
		status = EXIT_FAIL;
		goto out;
	}
	if (o->format == BENCH_TABLE) {
		bench_write_machine(stdout, o->seed);
		bench_write_table_header(stdout);
		fflush(stdout);
	}
	for (size_t i = 0; i < o->nsizes; i++) {
		size_t first = b.nresults;

		if (run_size(&b, o->sizes[i], &over, &failed) != 0) {
			status = EXIT_FAIL;
			break;
		}
		if (o->format == BENCH_TABLE) {
			for (size_t k = first; k < b.nresults; k++)
				bench_write_table(stdout, &b.results[k]);
			fflush(stdout);
		}
	}
	bench_progress(&b, "%s", "");
	if (o->format == BENCH_JSON) {
		fputs("[\n", stdout);
		for (size_t k = 0; k < b.nresults; k++) {
			if (k > 0)
				fputs(",\n", stdout);
			bench_write_json(stdout, o->seed, &b.results[k]);
		}
		fputs("\n]\n", stdout);
	} else if (o->format == BENCH_CSV) {
		bench_write_csv_header(stdout);
		for (size_t k = 0; k < b.nresults; k++)
			bench_write_csv(stdout, &b.results[k]);
	}
	if (status == EXIT_OK && (over || failed))
		status = EXIT_FAIL;
out:
	if (b.json_out != NULL && fclose(b.json_out) != 0 && status == EXIT_OK) {
		cli_error("%s: %s", o->json_path, strerror(errno));
		status = EXIT_FAIL;
	}
	if (o->keep || o->reuse)
		fprintf(stderr, "%s: kept the productions in %s\n", cli_prog, b.dir);
	else
		remove_tree(&b);
	free(b.results);
	return status;
}
