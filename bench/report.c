/*
 * report.c - the figures of sb-bench as NDJSON or JSON objects, CSV rows
 * or a readable table, and the machine they were taken on.
 */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bench_priv.h"

static void
json_num(FILE *out, const char *key, double v, int digits)
{
	fprintf(out, ",\"%s\":", key);
	if (isnan(v))
		fputs("null", out);
	else
		fprintf(out, "%.*f", digits, v);
}

const char *
bench_result_name(const struct result *r, char *buf, size_t size)
{
	if (!r->on_server)
		return r->sc->name;
	snprintf(buf, size, "%s@pg", r->sc->name);
	return buf;
}

void
bench_write_json(FILE *out, uint64_t seed, const struct result *r)
{
	char name[64];

	fputs("{\"scenario\":", out);
	sb_json_write_string(out, bench_result_name(r, name, sizeof(name)));
	fprintf(out, ",\"size\":%lld,\"status\":\"%s\"", (long long)r->size, r->status);
	if (strcmp(r->status, "ok") != 0) {
		fputs(",\"reason\":", out);
		sb_json_write_string(out, r->reason);
		fputc('}', out);
		return;
	}
	fprintf(out, ",\"seed\":%llu,\"runs\":%d", (unsigned long long)seed, r->runs);
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
	json_num(out, "cpu_ms", r->cpu, 3);
	json_num(out, "baseline_cpu_ms", r->base_cpu, 3);
	json_num(out, "cpu_ratio", r->cpu_ratio, 2);
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

void
bench_write_table_header(FILE *out)
{
	fprintf(out, "%-14s %8s %4s %9s %9s %9s %8s %8s %7s %9s %6s %8s %6s  %s\n",
	    "scenario", "strips", "runs", "p50 ms", "p95 ms", "p99 ms", "rows/s", "RSS MiB",
	    "growth", "sqlite3", "ratio", "CPU ms", "CPU x", "budget");
}

void
bench_write_table(FILE *out, const struct result *r)
{
	char ms[16], p95[16], p99[16], rate[16], rss[16], growth[16], base[16], ratio[16];
	char cpu[16], cpu_ratio[16], name[64];

	if (strcmp(r->status, "ok") != 0) {
		fprintf(out, "%-14s %8lld %s: %s\n", bench_result_name(r, name, sizeof(name)), (long long)r->size,
		    r->status, r->reason);
		return;
	}
	human(r->p50, ms, sizeof(ms));
	human(r->p95, p95, sizeof(p95));
	human(r->p99, p99, sizeof(p99));
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
	human(r->cpu, cpu, sizeof(cpu));
	if (isnan(r->cpu_ratio))
		snprintf(cpu_ratio, sizeof(cpu_ratio), "-");
	else
		snprintf(cpu_ratio, sizeof(cpu_ratio), "%.2f", r->cpu_ratio);
	fprintf(out, "%-14s %8lld %4d %9s %9s %9s %8s %8s %7s %9s %6s %8s %6s  %s\n",
	    bench_result_name(r, name, sizeof(name)),
	    (long long)r->size, r->runs, ms, p95, p99, rate, rss, growth, base, ratio,
	    cpu, cpu_ratio, r->budget != NULL ? r->budget : "");
}

void
bench_write_csv_header(FILE *out)
{
	fputs("scenario,size,status,runs,ms,min_ms,p95_ms,p99_ms,max_ms,rows,"
	    "rows_per_s,rss_kib,growth,baseline,baseline_ms,ratio,cpu_ms,baseline_cpu_ms,"
	    "cpu_ratio,budget,reason\n", out);
}

void
bench_write_csv(FILE *out, const struct result *r)
{
	char name[64];

	sb_csv_write_field(out, bench_result_name(r, name, sizeof(name)));
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
		if (!isnan(r->cpu))
			fprintf(out, "%.3f", r->cpu);
		fputc(',', out);
		if (!isnan(r->base_cpu))
			fprintf(out, "%.3f", r->base_cpu);
		fputc(',', out);
		if (!isnan(r->cpu_ratio))
			fprintf(out, "%.2f", r->cpu_ratio);
		fputc(',', out);
		sb_csv_write_field(out, r->budget);
		fputs(",\n", out);
	} else {
		fputs(",,,,,,,,,,,,,,,,,", out);
		sb_csv_write_field(out, r->reason);
		fputc('\n', out);
	}
}

void
bench_write_machine(FILE *out, uint64_t seed)
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
	    sb_sqlite_version(), (unsigned long long)seed);
}
