/*
 * budget.c - the limits sb-bench holds the commands to (--budget,
 * share/bench/budget): lines of "scenario size key=value...", size a
 * number or "*"; keys ms (the median), min_ms (the fastest run), p95_ms,
 * p99_ms, ratio, cpu_ratio (the median CPU time over the baseline's) and
 * rss_kib.
 */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench_priv.h"

struct limit {
	const struct scenario *sc;
	int64_t size;   /* 0: any */
	double ms, min_ms, p95_ms, p99_ms, ratio, cpu_ratio, rss_kib; /* NAN: none */
	unsigned line;
};

struct bench_budget {
	struct limit *lim;
	size_t n;
};

int
bench_parse_size(const char *s, int64_t *out)
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

int
bench_budget_load(const char *path, struct bench_budget **out)
{
	struct bench_budget *bu;
	FILE *f;
	char line[1024];
	unsigned lineno = 0;

	*out = NULL;
	if (path == NULL)
		return EXIT_OK;
	if ((bu = calloc(1, sizeof(*bu))) == NULL) {
		cli_error("out of memory");
		return EXIT_FAIL;
	}
	if ((f = fopen(path, "r")) == NULL) {
		int err = errno;

		free(bu);
		cli_error("%s: %s", path, strerror(err));
		return err == ENOENT ? EXIT_NOTFOUND : EXIT_FAIL;
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
		l.ms = l.min_ms = l.p95_ms = l.p99_ms = l.ratio = l.cpu_ratio = l.rss_kib = NAN;
		l.line = lineno;
		for (tok = strtok_r(line, " \t", &save); tok != NULL;
		    tok = strtok_r(NULL, " \t", &save), field++) {
			char *eq, *end;
			double v;

			if (field == 0) {
				if ((l.sc = bench_scenario_named(tok)) == NULL) {
					cli_error("%s: line %u: no scenario called \"%s\"",
					    path, lineno, tok);
					goto bad;
				}
				continue;
			}
			if (field == 1) {
				if (strcmp(tok, "*") != 0 && bench_parse_size(tok, &l.size) != 0) {
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
			else if (strcmp(tok, "min_ms") == 0)
				l.min_ms = v;
			else if (strcmp(tok, "p95_ms") == 0)
				l.p95_ms = v;
			else if (strcmp(tok, "p99_ms") == 0)
				l.p99_ms = v;
			else if (strcmp(tok, "ratio") == 0)
				l.ratio = v;
			else if (strcmp(tok, "cpu_ratio") == 0)
				l.cpu_ratio = v;
			else if (strcmp(tok, "rss_kib") == 0)
				l.rss_kib = v;
			else {
				cli_error("%s: line %u: no limit called \"%s\" (ms, min_ms, "
				    "p95_ms, p99_ms, ratio, cpu_ratio, rss_kib)", path, lineno, tok);
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
			bench_budget_free(bu);
			return EXIT_FAIL;
		}
		bu->lim = p;
		bu->lim[bu->n++] = l;
	}
	if (ferror(f)) {
		cli_error("%s: %s", path, strerror(errno));
		fclose(f);
		bench_budget_free(bu);
		return EXIT_DATA;
	}
	fclose(f);
	*out = bu;
	return EXIT_OK;
bad:
	fclose(f);
	bench_budget_free(bu);
	return EXIT_DATA;
}

void
bench_budget_free(struct bench_budget *bu)
{
	if (bu != NULL)
		free(bu->lim);
	free(bu);
}

/* Check one result; report each limit passed on stderr.  1 if over. */
int
bench_budget_check(const struct bench_budget *bu, const char *path, struct result *r)
{
	int over = 0;

	if (strcmp(r->status, "ok") != 0)
		return 0;
	for (size_t i = 0; i < bu->n; i++) {
		const struct limit *l = &bu->lim[i];
		const struct { const char *key; double limit, value; const char *unit; } c[] = {
			{ "ms", l->ms, r->p50, " ms" },
			{ "min_ms", l->min_ms, r->min, " ms" },
			{ "p95_ms", l->p95_ms, r->p95, " ms" },
			{ "p99_ms", l->p99_ms, r->p99, " ms" },
			{ "ratio", l->ratio, r->ratio, "x sqlite3" },
			{ "cpu_ratio", l->cpu_ratio, r->cpu_ratio, "x sqlite3's CPU" },
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
