/*
 * op_import.c - sb_import(): tell the format, then run its reader (the row of
 * the table of formats, lib/fmt_table.c) inside one write transaction, so a
 * production lands whole or not at all.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "fmt_priv.h"
#include "json_priv.h"

/* The audit row of an import: what came in, from where. */
static int
audit_import(struct sb_import *imp)
{
	struct sb_import_summary *s = imp->sum;
	struct sb_buf b;
	int rc;

	sb_buf_init(&b);
	sb_buf_printf(&b, "{\"import\":{\"format\":\"%s\",\"file\":",
	    sb_format_name(s->format));
	sb_json_quote(&b, imp->in->name);
	sb_buf_printf(&b, ",\"strips\":%lld,\"categories\":%lld,\"elements\":%lld,"
	    "\"boards\":%lld,\"days\":%lld,\"calendars\":%lld,\"replaced\":%s%s}",
	    (long long)s->strips, (long long)s->categories,
	    (long long)s->elements, (long long)s->boards, (long long)s->days,
	    (long long)s->calendars, imp->project_version > 1 ? "true" : "false",
	    imp->replaced_other ? ",\"replaced_other\":true" : "");
	if (imp->previous.len > 0) {
		/* then the project replaced: the audit rows that keep its rows */
		sb_buf_puts(&b, ",");
		sb_buf_add(&b, sb_buf_str(&imp->previous), imp->previous.len);
		if (imp->previous.failed)
			b.failed = 1;
	}
	sb_buf_puts(&b, "}");
	if (b.failed) {
		sb_buf_free(&b);
		return sb_err(imp->ctx, SB_EFAIL, "out of memory");
	}
	rc = sb_audit(imp->ctx, imp->project_id, "project", imp->project_id,
	    imp->project_version - 1, imp->project_version, sb_buf_str(&b));
	sb_buf_free(&b);
	return rc;
}

/* Count what landed, from the database itself. */
static int
count_project(struct sb_import *imp)
{
	static const char sql[] =
	    "SELECT (SELECT count(*) FROM strip WHERE project_id = ?1),"
	    " (SELECT count(*) FROM category WHERE project_id = ?1),"
	    " (SELECT count(*) FROM element WHERE project_id = ?1),"
	    " (SELECT count(*) FROM board WHERE project_id = ?1),"
	    " (SELECT count(*) FROM day JOIN board ON board.id = day.board_id"
	    "   WHERE board.project_id = ?1 AND day.kind = 'shoot'),"
	    " (SELECT count(*) FROM calendar WHERE project_id = ?1)";
	sb_st *st = sb_stmt(imp->ctx, sql);
	struct sb_import_summary *s = imp->sum;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, imp->project_id);
	if (sb_step(st) != SQLITE_ROW)
		return sb_sqlerr(imp->ctx, "count");
	s->strips = sb_col_int64(st, 0);
	s->categories = sb_col_int64(st, 1);
	s->elements = sb_col_int64(st, 2);
	s->boards = sb_col_int64(st, 3);
	s->days = sb_col_int64(st, 4);
	s->calendars = sb_col_int64(st, 5);
	sb_reset(st);
	return SB_OK;
}

/*
 * A file this import created holds only what it writes: the indexes below
 * (none unique, none a reader's query needs) are dropped for the load and
 * made again after it, a sort each instead of an insert a row.  The rows
 * of strip_element_element, placement_strip and strip_scene come in no
 * order of theirs, and at a million strips their inserts no longer fit
 * SQLite's cache; the others come in order, but each is one more page in
 * the cache while the random ones thrash it (USS at 100 000 strips, 4.3 s
 * -> 4.0, CSV 2.2 -> 2.05: docs/performance.md, round seven).
 * strip_element_rank, whose rows come as the links do, costs more as a
 * sort than inline.  *saved keeps their CREATE statements, as the schema
 * has them.
 */
static const char later_sql[] =
    "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name IN"
    " ('strip_element_element', 'placement_strip', 'strip_scene',"
    " 'strip_project_rank', 'element_category', 'day_board', 'day_rank',"
    " 'day_seq') AND sql IS NOT NULL ORDER BY name";

static int
indexes_later(sb_ctx *ctx, json_t **saved)
{
	sb_st *st = sb_stmt(ctx, later_sql);
	json_t *list = json_array();
	int rc, step;

	*saved = NULL;
	if (st == NULL || list == NULL) {
		json_decref(list);
		return st == NULL ? SB_EFAIL : sb_err(ctx, SB_EFAIL, "out of memory");
	}
	while ((step = sb_step(st)) == SQLITE_ROW)
		if (json_array_append_new(list, json_string((const char *)
		    sb_col_text(st, 0))) != 0)
			break;
	sb_reset(st);
	if (step != SQLITE_DONE) {
		json_decref(list);
		return step == SQLITE_ROW ? sb_err(ctx, SB_EFAIL, "out of memory") :
		    sb_sqlerr(ctx, "indexes");
	}
	rc = SB_OK;
	for (size_t i = 0; i < json_array_size(list) && rc == SB_OK; i++) {
		/* "CREATE INDEX name ON ...": DROP INDEX name */
		const char *sql = json_string_value(json_array_get(list, i));
		char drop[96];
		int n = 0;

		if (sscanf(sql, "CREATE INDEX %63[A-Za-z_] ON%n", drop + 11, &n) != 1 ||
		    n == 0) {
			rc = sb_err(ctx, SB_EFAIL, "internal error: index %.60s", sql);
			break;
		}
		memcpy(drop, "DROP INDEX ", 11);
		rc = sb_exec(ctx, drop);
	}
	if (rc != SB_OK) {
		json_decref(list);
		return rc;
	}
	*saved = list;
	return SB_OK;
}

static int
indexes_now(sb_ctx *ctx, json_t *saved)
{
	int rc = SB_OK;

	/*
	 * CREATE INDEX sorts in memory as large as the page cache, besides
	 * the cache: with 24 MiB, 60 MiB at 100 000 strips; with 4, 39 MiB
	 * and the same time.
	 */
	if (json_array_size(saved) > 0)
		rc = sb_lite_exec(ctx, "PRAGMA cache_size = -4096");
	for (size_t i = 0; i < json_array_size(saved) && rc == SB_OK; i++)
		rc = sb_exec(ctx, json_string_value(json_array_get(saved, i)));
	return rc;
}

/*
 * The formats that are not ours: read the whole file into a production in
 * memory first, then write it, or merge it into the project (--update).
 */
static int
read_prod(struct sb_import *imp, const struct sb_fmt *f)
{
	struct sb_prod p;
	int rc;

	sb_prod_init(&p, imp->ctx);
	rc = f->read_prod(imp, &p);
	if (rc == SB_OK)
		rc = imp->opts->update ? sb_prod_merge(imp, &p, &imp->changes) :
		    sb_prod_write(imp, &p);
	sb_prod_free(&p);
	return rc;
}

int
sb_import(sb_ctx *ctx, const char *path, const struct sb_import_opts *opts,
    struct sb_import_summary *summary)
{
	struct sb_input in;
	struct sb_import imp;
	const struct sb_fmt *f;
	char names[128];
	json_t *later = NULL;
	int rc, format;

	memset(summary, 0, sizeof(*summary));
	if ((rc = sb_input_open(ctx, path, &in)) != SB_OK)
		return rc;
	format = opts->format;
	if (format == SB_FMT_AUTO) {
		format = sb_fmt_detect(ctx, &in);
		if (format < 0) {
			sb_input_close(&in);
			return format;
		}
	}
	summary->format = format;
	f = sb_fmt_get(format);
	if (f == NULL || (f->read == NULL && f->read_prod == NULL)) {
		sb_input_close(&in);
		return sb_err(ctx, SB_EUSAGE, "%s: sb-import does not read %s",
		    in.name, sb_format_name(format));
	}
	if (opts->update && !(f->flags & FMT_REVISION)) {
		sb_input_close(&in);
		return sb_err(ctx, SB_EUSAGE, "%s: --update merges a revision of the "
		    "script (%s), not %s", in.name,
		    sb_fmt_list(SB_FORMAT_REVISION, 1, names, sizeof(names)),
		    sb_format_name(format));
	}
	memset(&imp, 0, sizeof(imp));
	sb_buf_init(&imp.changes);
	sb_buf_init(&imp.previous);
	imp.ctx = ctx;
	imp.in = &in;
	imp.opts = opts;
	imp.sum = summary;

	/*
	 * An import is one transaction that writes every index of the
	 * production in no useful order (strip_element by element, above
	 * all).  With SQLite's default 2 MiB cache a large import spilled
	 * the same pages to the WAL again and again; sb-bench measured a
	 * CSV import of 100 000 strips at 39 s with it and 22 s with a cache
	 * of 64 MiB, which bounds the memory it costs.  Since the USS reader
	 * streams and the links are written in one statement, 24 MiB costs
	 * no time (USS, 100 000 strips: 7.1 s of CPU, as with 64 MiB;
	 * 1 000 000: 100 s against 100 with 32 MiB) and keeps the import
	 * under 64 MiB: 39 MiB at 100 000 strips, 61 MiB at 1 000 000.
	 */
	/*
	 * A streaming reader writes only rows whose parents it wrote or found
	 * itself; SQLite's check of every link (a strip's elements above all)
	 * took most of the time of a large import.  Foreign keys are off for
	 * its transaction (a pragma outside one), and a replaced project is
	 * deleted along the schema's foreign keys by hand (store_project.c).
	 * --update deletes rows and keeps the checks.
	 */
	if (f->read != NULL && !opts->update && ctx->db != NULL) {
		if ((rc = sb_lite_exec(ctx, "PRAGMA foreign_keys = OFF")) != SB_OK) {
			sb_input_close(&in);
			return rc;
		}
		ctx->fk_off = 1;
	}
	if ((rc = sb_lite_exec(ctx, "PRAGMA cache_size = -24576")) != SB_OK ||
	    (rc = sb_begin_bulk(ctx)) != SB_OK) {
		sb_input_close(&in);
		if (ctx->fk_off) {
			ctx->fk_off = 0;
			sb_lite_pragma(ctx, "PRAGMA foreign_keys = ON");
		}
		return rc;
	}
	rc = SB_OK;
	sb_place(ctx, in.name, NULL);
	if (ctx->fk_off && ctx->created)
		rc = indexes_later(ctx, &later);
	if (rc == SB_OK)
		rc = f->read != NULL ? f->read(&imp) : read_prod(&imp, f);
	sb_place(ctx, NULL, NULL); /* (the reader's place is gone with it) */
	if (rc == SB_OK && later != NULL)
		rc = indexes_now(ctx, later);
	json_decref(later);
	sb_input_close(&in);
	if (rc == SB_OK)
		rc = count_project(&imp);
	if (rc == SB_OK && !opts->update)
		rc = audit_import(&imp);
	if (rc == SB_OK)
		rc = sb_commit(ctx);
	else
		sb_rollback(ctx);
	if (rc == SB_OK && opts->update && opts->changes != NULL) {
		fputs(sb_buf_str(&imp.changes), opts->changes);
		if (fflush(opts->changes) != 0 || ferror(opts->changes))
			rc = sb_err(ctx, SB_EFAIL, "the changes were merged, but writing "
			    "them failed");
	}
	sb_buf_free(&imp.changes);
	sb_buf_free(&imp.previous);
	sb_lite_pragma(ctx, "PRAGMA cache_size = -2000");
	if (ctx->fk_off) {
		ctx->fk_off = 0;
		sb_lite_pragma(ctx, "PRAGMA foreign_keys = ON");
	}
	/*
	 * A server plans queries from its statistics of the tables, which an
	 * import has just filled: without fresh ones every read after it
	 * plans for empty tables (an export of 10,000 strips took 35 s, 1.4 s
	 * after ANALYZE).  SQLite plans from its indexes alone.
	 */
	if (rc == SB_OK)
		sb_server_analyze(ctx);
	return rc;
}
