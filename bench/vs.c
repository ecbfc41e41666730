/*
 * vs.c - sb-bench --vs: two command lines timed against each other.  Each
 * is split into words as the shell would (quotes, backslashes, variables;
 * no command substitution) and run as a child with no input and its
 * output thrown away, the two in turn (A, B, A, B, ...), so both see the
 * same machine; --repeat runs each so many times, else from
 * BENCH_VS_MIN_RUNS on until both medians are stable (at most
 * BENCH_VS_MAX_RUNS, or BENCH_SECONDS).  The report is each one's runs,
 * median, 95th and 99th percentiles, extremes and peak memory, and the
 * ratio of the medians (A over B).
 */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wordexp.h>

#include "bench_priv.h"

struct side {
	const char *line;
	wordexp_t w;
	int have_w;
	char path[PATH_MAX];   /* the program, found on PATH */
	const char **argv;     /* the words, the program's path first */
	double *t;
	double *cpu;           /* user + sys of each run */
	long rss_kib;
	double p50, p95, p99, min, max, cpu_p50;
};

static int
split(struct side *s, const char *which)
{
	int rc = wordexp(s->line, &s->w, WRDE_NOCMD | WRDE_SHOWERR);

	if (rc != 0) {
		cli_error("--vs: %s: \"%s\" %s", which, s->line,
		    rc == WRDE_CMDSUB ? "asks for a command to be substituted" :
		    rc == WRDE_NOSPACE ? "is too long (out of memory)" :
		    "is not a command line");
		return EXIT_USAGE;
	}
	s->have_w = 1;
	if (s->w.we_wordc == 0) {
		cli_error("--vs: %s: the command line is empty", which);
		return EXIT_USAGE;
	}
	if (bench_find_program(s->w.we_wordv[0], s->path, sizeof(s->path)) != 0) {
		cli_error("--vs: %s: %s: not found", which, s->w.we_wordv[0]);
		return EXIT_NOTFOUND;
	}
	if ((s->argv = calloc(s->w.we_wordc + 1, sizeof(*s->argv))) == NULL) {
		cli_error("out of memory");
		return EXIT_FAIL;
	}
	s->argv[0] = s->path;
	for (size_t i = 1; i < s->w.we_wordc; i++)
		s->argv[i] = s->w.we_wordv[i];
	return EXIT_OK;
}

/* One run of a side: its time and peak memory; -1 if it did not exit 0. */
static int
run_once(const struct side *s, const char *err_path, double *ms, double *cpu, long *rss)
{
	struct child c;
	int status;

	if (bench_spawn(s->argv, NULL, NULL, err_path, &c) != 0 ||
	    bench_reap(&c, ms, rss, &status) != 0)
		return -1;
	*cpu = c.cpu_ms;
	if (status != 0) {
		char line[200];

		bench_first_line(err_path, line, sizeof(line));
		cli_error("--vs: %s exited %d: %s", s->w.we_wordv[0], status, line);
		return -1;
	}
	return 0;
}

static void
summarise(struct side *s, int n)
{
	bench_sort(s->t, n);
	s->min = s->t[0];
	s->max = s->t[n - 1];
	s->p95 = bench_quantile(s->t, n, 0.95);
	s->p99 = bench_quantile(s->t, n, 0.99);
	s->p50 = bench_median(s->t, n);
	s->cpu_p50 = bench_median(s->cpu, n);
}

static void
write_side_json(FILE *out, const char *name, const struct side *s, int runs)
{
	fputs("{\"vs\":", out);
	sb_json_write_string(out, name);
	fputs(",\"command\":", out);
	sb_json_write_string(out, s->line);
	fprintf(out, ",\"runs\":%d,\"ms\":%.3f,\"min_ms\":%.3f,\"p95_ms\":%.3f,"
	    "\"p99_ms\":%.3f,\"max_ms\":%.3f,\"rss_kib\":%ld,\"cpu_ms\":%.3f}", runs,
	    s->p50, s->min, s->p95, s->p99, s->max, s->rss_kib, s->cpu_p50);
}

static void
report(const struct bench_opts *o, struct side *sd, int runs)
{
	double ratio = sd[1].p50 > 0 ? sd[0].p50 / sd[1].p50 : NAN;
	double cpu_ratio = sd[1].cpu_p50 > 0 ? sd[0].cpu_p50 / sd[1].cpu_p50 : NAN;
	FILE *out = stdout;

	switch (o->format) {
	case BENCH_TABLE:
		bench_write_machine(out, o->seed);
		fprintf(out, "%-2s %5s %9s %9s %9s %9s %9s %8s %9s  %s\n", "", "runs", "p50 ms",
		    "p95 ms", "p99 ms", "min ms", "max ms", "RSS MiB", "CPU ms", "command");
		for (int i = 0; i < 2; i++)
			fprintf(out, "%-2s %5d %9.2f %9.2f %9.2f %9.2f %9.2f %8.1f %9.2f  %s\n",
			    i == 0 ? "A" : "B", runs, sd[i].p50, sd[i].p95, sd[i].p99,
			    sd[i].min, sd[i].max, sd[i].rss_kib / 1024.0, sd[i].cpu_p50,
			    sd[i].line);
		fprintf(out, "A/B (p50): %.3f\n", ratio);
		fprintf(out, "A/B (CPU, p50): %.3f\n", cpu_ratio);
		break;
	case BENCH_CSV:
		fputs("vs,command,runs,ms,min_ms,p95_ms,p99_ms,max_ms,rss_kib,ratio,cpu_ms,"
		    "cpu_ratio\n", out);
		for (int i = 0; i < 2; i++) {
			fputs(i == 0 ? "A," : "B,", out);
			sb_csv_write_field(out, sd[i].line);
			fprintf(out, ",%d,%.3f,%.3f,%.3f,%.3f,%.3f,%ld,", runs, sd[i].p50,
			    sd[i].min, sd[i].p95, sd[i].p99, sd[i].max, sd[i].rss_kib);
			if (i == 0)
				fprintf(out, "%.4f", ratio);
			fprintf(out, ",%.3f,", sd[i].cpu_p50);
			if (i == 0 && !isnan(cpu_ratio))
				fprintf(out, "%.4f", cpu_ratio);
			fputc('\n', out);
		}
		break;
	default:
		if (o->format == BENCH_JSON)
			fputs("[\n", out);
		for (int i = 0; i < 2; i++) {
			write_side_json(out, i == 0 ? "A" : "B", &sd[i], runs);
			fputs(o->format == BENCH_JSON ? ",\n" : "\n", out);
		}
		fprintf(out, "{\"vs\":\"A/B\",\"ratio\":%.4f,\"cpu_ratio\":", ratio);
		if (isnan(cpu_ratio))
			fputs("null}\n", out);
		else
			fprintf(out, "%.4f}\n", cpu_ratio);
		if (o->format == BENCH_JSON)
			fputs("]\n", out);
		break;
	}
}

int
bench_vs(const struct bench_opts *o, const char *a, const char *b)
{
	struct side sd[2];
	int min_runs = o->repeat_given ? o->repeat : BENCH_VS_MIN_RUNS;
	int max_runs = o->repeat_given ? o->repeat : BENCH_VS_MAX_RUNS;
	int status = EXIT_OK, runs;
	double *tmp = NULL, began;
	char err_path[64];

	memset(sd, 0, sizeof(sd));
	sd[0].line = a;
	sd[1].line = b;
	snprintf(err_path, sizeof(err_path), "/dev/null");
	if ((status = split(&sd[0], "A")) != EXIT_OK ||
	    (status = split(&sd[1], "B")) != EXIT_OK)
		goto out;
	if ((sd[0].t = calloc((size_t)max_runs, sizeof(double))) == NULL ||
	    (sd[1].t = calloc((size_t)max_runs, sizeof(double))) == NULL ||
	    (sd[0].cpu = calloc((size_t)max_runs, sizeof(double))) == NULL ||
	    (sd[1].cpu = calloc((size_t)max_runs, sizeof(double))) == NULL ||
	    (tmp = calloc((size_t)max_runs, sizeof(double))) == NULL) {
		cli_error("out of memory");
		status = EXIT_FAIL;
		goto out;
	}
	{
		/* the children's messages, for a failure's reason */
		const char *t = getenv("TMPDIR");
		int fd;

		snprintf(err_path, sizeof(err_path), "%s/sb-bench-vs.XXXXXX",
		    t != NULL && t[0] != '\0' && strlen(t) < 32 ? t : "/tmp");
		if ((fd = mkstemp(err_path)) < 0) {
			cli_error("%s: cannot make a file for messages", err_path);
			status = EXIT_FAIL;
			goto out;
		}
		close(fd);
	}
	began = bench_now_ms();
	for (runs = 0; runs < max_runs; runs++) {
		if (runs >= min_runs && ((bench_stable(sd[0].t, runs, tmp, 0.05) &&
		    bench_stable(sd[1].t, runs, tmp, 0.05)) || bench_now_ms() - began > BENCH_SECONDS * 1e3))
			break;
		for (int i = 0; i < 2; i++) {
			/* B first on odd runs: neither always follows the other */
			struct side *s = &sd[(runs + i) % 2];
			long rss;

			if (o->verbose)
				fprintf(stderr, "%s: %s\n", cli_prog, s->line);
			if (run_once(s, err_path, &s->t[runs], &s->cpu[runs], &rss) != 0) {
				status = EXIT_FAIL;
				goto out;
			}
			if (rss > s->rss_kib)
				s->rss_kib = rss;
		}
	}
	summarise(&sd[0], runs);
	summarise(&sd[1], runs);
	report(o, sd, runs);
out:
	if (strcmp(err_path, "/dev/null") != 0)
		unlink(err_path);
	for (int i = 0; i < 2; i++) {
		if (sd[i].have_w)
			wordfree(&sd[i].w);
		free(sd[i].argv);
		free(sd[i].t);
		free(sd[i].cpu);
	}
	free(tmp);
	return status;
}
