/*
 * op_report.c - sb_report(): the table of reports and the table of
 * writers.  A report runs inside one read transaction, so its rows all come
 * from one state of the file.  report_priv.h says how to add a report or a
 * format; what the reports share is in op_report_util.c.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_priv.h"

/* The writers, by format name: every report writes each of them. */
static const struct rep_writer_ops *const rep_writers[] = {
	&rep_write_table, &rep_write_csv, &rep_write_json, &rep_write_ndjson,
	&rep_write_html,
};

static const char *const html_only[] = { "html", NULL };
static const char *const ics_only[] = { "ics", NULL };

static const struct rep_report rep_reports[] = {
	{ "dood", "Day Out of Days: each element's work, holds, drops, travel by date",
	    rep_dood, NULL },
	{ "oneliner", "one line per strip under each shoot day, with the day's totals",
	    rep_oneliner, NULL },
	{ "schedule", "the shooting schedule: each strip with its elements by category",
	    rep_schedule, NULL },
	{ "elements", "each element of the categories with its scenes, days and pages",
	    rep_elements, NULL },
	{ "flags", "red flags: what a scheduler must look at, day by day",
	    rep_flags, NULL },
	{ "board", "the printable colour stripboard, one HTML file for A4 and Letter",
	    rep_board, html_only },
	{ "ics", "the shoot days as a calendar feed (RFC 5545), or one element's days",
	    rep_ics, ics_only },
};

#define NREPORTS (sizeof(rep_reports) / sizeof(rep_reports[0]))
#define NWRITERS (sizeof(rep_writers) / sizeof(rep_writers[0]))

int
sb_report_info(size_t i, const char **name, const char **about)
{
	if (i >= NREPORTS)
		return SB_ENOTFOUND;
	*name = rep_reports[i].name;
	*about = rep_reports[i].about;
	return SB_OK;
}

static const struct rep_report *
find_report(const char *name)
{
	for (size_t i = 0; i < NREPORTS; i++)
		if (strcmp(rep_reports[i].name, name) == 0)
			return &rep_reports[i];
	return NULL;
}

int
sb_report_format(const char *name, size_t j, const char **format)
{
	const struct rep_report *r = find_report(name);

	if (r == NULL)
		return SB_ENOTFOUND;
	if (r->formats != NULL) {
		for (size_t k = 0; r->formats[k] != NULL; k++)
			if (k == j) {
				*format = r->formats[k];
				return SB_OK;
			}
		return SB_ENOTFOUND;
	}
	if (j >= NWRITERS)
		return SB_ENOTFOUND;
	*format = rep_writers[j]->format;
	return SB_OK;
}

int
sb_report(sb_ctx *ctx, int64_t project_id, const char *name, const char *format,
    const struct sb_report_opts *opts, FILE *out)
{
	static const struct sb_report_opts none;
	const struct rep_report *r = find_report(name != NULL ? name : "");
	struct rep_writer w;
	struct rep_run run;
	int rc;

	if (r == NULL)
		return sb_err(ctx, SB_EUSAGE, "there is no report \"%s\"", name != NULL ?
		    name : "");
	memset(&w, 0, sizeof(w));
	memset(&run, 0, sizeof(run));
	run.ctx = ctx;
	run.project_id = project_id;
	run.o = opts != NULL ? opts : &none;
	run.format = format != NULL ? format : "table";
	run.out = out;
	if (r->formats != NULL) {
		size_t k;

		for (k = 0; r->formats[k] != NULL; k++)
			if (strcmp(r->formats[k], run.format) == 0)
				break;
		if (r->formats[k] == NULL)
			return sb_err(ctx, SB_EUSAGE, "report %s is not written as %s",
			    r->name, run.format);
	} else {
		for (size_t k = 0; k < NWRITERS; k++)
			if (strcmp(rep_writers[k]->format, run.format) == 0)
				w.ops = rep_writers[k];
		if (w.ops == NULL)
			return sb_err(ctx, SB_EUSAGE, "report %s is not written as %s",
			    r->name, run.format);
		w.ctx = ctx;
		w.project_id = project_id;
		w.out = out;
		run.w = &w;
	}
	{
		/* a viewer of the board the report reads (sb-perm(1)) */
		struct sb_scope scope = { project_id, 0, 0, 0 };

		if ((rc = sb_board_find(ctx, project_id, run.o->board, &scope.board_id)) !=
		    SB_OK && rc != SB_ENOTFOUND)
			return rc;
		if (rc != SB_OK)
			scope.board_id = 0; /* the report says what is missing */
		if ((rc = sb_perm_require(ctx, SB_ACT_READ, &scope)) != SB_OK)
			return rc;
	}
	sb_buf_init(&w.buf);
	if ((rc = sb_exec(ctx, "BEGIN")) != SB_OK)
		return rc;
	rc = r->run(&run);
	if (w.state != NULL && w.ops == &rep_write_html)
		rep_html_discard(&w);   /* a report that failed before its end */
	sb_rollback(ctx);
	sb_buf_free(&w.buf);
	if (rc == SB_OK && (fflush(out) != 0 || ferror(out)))
		rc = sb_err(ctx, SB_EFAIL, "write error");
	return rc;
}
