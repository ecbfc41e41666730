/*
 * fuzz_db.h - what the harnesses that write a database share (fuzz_uss.c,
 * fuzz_csv.c, fuzz_json.c, fuzz_ndjson.c, fuzz_batch.c): a template
 * database built once in memory, a fresh copy of it for each input, a
 * digest of every row of every table to prove a refused input wrote
 * nothing, and the checks an accepted one must pass.
 *
 * Each input runs on its own context and its own in-memory copy of the
 * template, so an input does the same thing whenever it runs (libFuzzer
 * needs that to reproduce a finding).  The template is opened by sb_open()
 * like any command's database; each copy is made from it with SQLite's
 * backup API (fuzz_open_copy()).
 *
 * A finding is reported on stderr and ends the process with abort(), so
 * that libFuzzer keeps the input and fuzz_main.c fails make check.
 */
#ifndef FUZZ_DB_H
#define FUZZ_DB_H

#define _GNU_SOURCE
#include <config.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "input_priv.h"

/* Never a file: SQLite opens ":memory:" as a private in-memory database. */
#define FUZZ_MEMDB ":memory:"

static int fuzz_verbose = -1;

static int
fuzz_is_verbose(void)
{
	if (fuzz_verbose < 0)
		fuzz_verbose = getenv("SB_FUZZ_VERBOSE") != NULL;
	return fuzz_verbose;
}

static void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void
fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: FINDING: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/*
 * The bytes as a file: an anonymous memory file, named by its
 * /proc/self/fd path as a command would name a file.  -1 on failure.
 */
static int
fuzz_memfile(const uint8_t *data, size_t size, const char *name, char path[64])
{
	int fd = memfd_create(name, 0);

	if (fd < 0)
		return -1;
	for (size_t off = 0; off < size;) {
		ssize_t n = write(fd, data + off, size - off);

		if (n <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	snprintf(path, 64, "/proc/self/fd/%d", fd);
	return fd;
}

/* FNV-1a, 64 bits: enough to tell two states of a small database apart. */
static void
fnv(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++) {
		*h ^= s[i];
		*h *= 0x100000001b3ULL;
	}
}

/*
 * A digest of the whole database: the schema, the user version, and every
 * value of every row of every table, with its type, in table order.  With
 * no_cache, without the columns that only cache what the rows say (the
 * rank of a shoot day, day.seq, and whether its lane has them, lane.ranked:
 * schema 004), which a command that changes nothing may fill.
 */
static uint64_t
fuzz_digest_of(sqlite3 *db, int no_cache)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	sqlite3_stmt *tables, *rows;
	char sql[512];

	if (sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_schema ORDER BY name",
	    -1, &tables, NULL) != SQLITE_OK)
		fuzz_fail("digest: %s", sqlite3_errmsg(db));
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		const char *text = (const char *)sqlite3_column_text(tables, 1);

		fnv(&h, name, strlen(name) + 1);
		if (text != NULL)
			fnv(&h, text, strlen(text) + 1);
		if (text == NULL || strncmp(text, "CREATE TABLE", 12) != 0)
			continue;
		snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"", name);
		if (sqlite3_prepare_v2(db, sql, -1, &rows, NULL) != SQLITE_OK)
			fuzz_fail("digest: %s: %s", name, sqlite3_errmsg(db));
		while (sqlite3_step(rows) == SQLITE_ROW) {
			int n = sqlite3_column_count(rows);

			fnv(&h, "\n", 1);
			for (int i = 0; i < n; i++) {
				int type = sqlite3_column_type(rows, i);
				const char *col = sqlite3_column_name(rows, i);
				int64_t v;
				double d;

				if (no_cache && ((strcmp(name, "day") == 0 &&
				    strcmp(col, "seq") == 0) || (strcmp(name, "lane") == 0 &&
				    strcmp(col, "ranked") == 0)))
					continue;
				fnv(&h, &type, sizeof(type));
				switch (type) {
				case SQLITE_INTEGER:
					v = sqlite3_column_int64(rows, i);
					fnv(&h, &v, sizeof(v));
					break;
				case SQLITE_FLOAT:
					d = sqlite3_column_double(rows, i);
					fnv(&h, &d, sizeof(d));
					break;
				case SQLITE_TEXT:
				case SQLITE_BLOB:
					fnv(&h, sqlite3_column_blob(rows, i),
					    (size_t)sqlite3_column_bytes(rows, i));
					break;
				default:
					break;
				}
			}
		}
		sqlite3_finalize(rows);
	}
	sqlite3_finalize(tables);
	{
		int64_t uv = 0;

		if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &rows, NULL) == SQLITE_OK &&
		    sqlite3_step(rows) == SQLITE_ROW)
			uv = sqlite3_column_int64(rows, 0);
		sqlite3_finalize(rows);
		fnv(&h, &uv, sizeof(uv));
	}
	return h;
}

static uint64_t
fuzz_digest(sqlite3 *db)
{
	return fuzz_digest_of(db, 0);
}

/* One integer a query returns. */
static int64_t
fuzz_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fuzz_fail("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) != SQLITE_ROW)
		fuzz_fail("%s: no row: %s", sql, sqlite3_errmsg(db));
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* What every state of the database must satisfy, accepted input or not. */
static void
fuzz_check_sound(sqlite3 *db)
{
	sqlite3_stmt *st;

	if (!sqlite3_get_autocommit(db))
		fuzz_fail("a transaction was left open");
	if (sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
		fuzz_fail("foreign_key_check: %s", sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		fuzz_fail("foreign_key_check: table %s row %lld breaks a foreign key",
		    (const char *)sqlite3_column_text(st, 0),
		    (long long)sqlite3_column_int64(st, 1));
	sqlite3_finalize(st);
	/* a placement's day is a day of the placement's own board */
	if (fuzz_int(db, "SELECT count(*) FROM placement p JOIN day d ON d.id = p.day_id"
	    " WHERE d.board_id != p.board_id") != 0)
		fuzz_fail("a placement lies on a day of another board");
}

/* The template: an empty stripboard file in memory, made once. */
static sb_ctx *fuzz_tmpl;

/*
 * Build the template with fill (NULL: the schema alone) the first time;
 * the process keeps it.  Any failure here is the harness's, not the input's.
 */
static sqlite3 *
fuzz_template(int (*fill)(sb_ctx *ctx))
{
	if (fuzz_tmpl != NULL)
		return fuzz_tmpl->db;
	if ((fuzz_tmpl = sb_ctx_new()) == NULL)
		fuzz_fail("out of memory");
	if (sb_set_actor(fuzz_tmpl, "fuzz") != SB_OK ||
	    sb_open(fuzz_tmpl, FUZZ_MEMDB, SB_OPEN_CREATE) != SB_OK)
		fuzz_fail("template: %s", sb_errmsg(fuzz_tmpl));
	if (fill != NULL && fill(fuzz_tmpl) != SB_OK)
		fuzz_fail("template: %s", sb_errmsg(fuzz_tmpl));
	return fuzz_tmpl->db;
}

/*
 * A context on a fresh in-memory copy of the template.  The connection is
 * opened here rather than by sb_open(), which would build the schema
 * (the migrations) only for the copy to replace it: that took half the
 * time of an input.  It gets what sb_open() sets on every connection that
 * matters in memory: extended result codes and foreign keys on.
 */
static sb_ctx *
fuzz_open_copy(sqlite3 *tmpl)
{
	sqlite3_backup *bk;
	sb_ctx *ctx = sb_ctx_new();

	if (ctx == NULL || (ctx->path = sb_strdup(FUZZ_MEMDB)) == NULL)
		fuzz_fail("out of memory");
	if (sb_set_actor(ctx, "fuzz") != SB_OK)
		fuzz_fail("actor: %s", sb_errmsg(ctx));
	if (sqlite3_open_v2(FUZZ_MEMDB, &ctx->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK)
		fuzz_fail("open: %s", ctx->db != NULL ? sqlite3_errmsg(ctx->db) : "?");
	sqlite3_extended_result_codes(ctx->db, 1);
	if ((bk = sqlite3_backup_init(ctx->db, "main", tmpl, "main")) == NULL ||
	    sqlite3_backup_step(bk, -1) != SQLITE_DONE)
		fuzz_fail("copy: %s", sqlite3_errmsg(ctx->db));
	if (sqlite3_backup_finish(bk) != SQLITE_OK)
		fuzz_fail("copy: %s", sqlite3_errmsg(ctx->db));
	if (sqlite3_exec(ctx->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
		fuzz_fail("foreign keys: %s", sqlite3_errmsg(ctx->db));
	return ctx;
}

#endif /* FUZZ_DB_H */
