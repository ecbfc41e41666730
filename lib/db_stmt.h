/*
 * db_stmt.h - the statement seam between the library and its two engines,
 * SQLite (lib/db.c) and PostgreSQL (to come: lib/db_pg.c).  See "The engines" in
 * docs/architecture.md.
 *
 * Code above db.c never calls sqlite3_* on a statement: it prepares with
 * sb_stmt() (cached) or sb_prepare() (once, sb_finalize() after), binds
 * with sb_bind_*(), steps with sb_step() and reads with sb_col_*().  The
 * result codes stay SQLite's (SQLITE_ROW, SQLITE_DONE, SQLITE_NULL,
 * SQLITE_CONSTRAINT_*, SQLITE_BUSY): the PostgreSQL backend will map its
 * results and SQLSTATEs onto them, so callers test one vocabulary.
 *
 * On SQLite each call is the SQLite call itself, inlined: the embedded
 * case pays nothing for the seam.
 */
#ifndef SB_DB_STMT_H
#define SB_DB_STMT_H

#include <stdint.h>
#include <sqlite3.h>

typedef struct sb_st {
	sqlite3_stmt *lite;  /* SQLite */
} sb_st;

static inline int
sb_step(sb_st *st)
{
	return sqlite3_step(st->lite);
}

static inline int
sb_reset(sb_st *st)
{
	return sqlite3_reset(st->lite);
}

static inline int
sb_clear_bindings(sb_st *st)
{
	return sqlite3_clear_bindings(st->lite);
}

static inline int
sb_bind_int64(sb_st *st, int idx, int64_t v)
{
	return sqlite3_bind_int64(st->lite, idx, v);
}

static inline int
sb_bind_int(sb_st *st, int idx, int v)
{
	return sqlite3_bind_int(st->lite, idx, v);
}

static inline int
sb_bind_null(sb_st *st, int idx)
{
	return sqlite3_bind_null(st->lite, idx);
}

/* Bind text that may be NULL (SQL NULL); the text is copied. */
static inline int
sb_bind_text(sb_st *st, int idx, const char *text)
{
	if (text == NULL)
		return sqlite3_bind_null(st->lite, idx);
	return sqlite3_bind_text(st->lite, idx, text, -1, SQLITE_TRANSIENT);
}

static inline int
sb_bind_count(sb_st *st)
{
	return sqlite3_bind_parameter_count(st->lite);
}

/* The index of a named parameter ("@name"), 0 when the SQL has none. */
static inline int
sb_bind_index(sb_st *st, const char *name)
{
	return sqlite3_bind_parameter_index(st->lite, name);
}

/* SQLITE_NULL, SQLITE_INTEGER, SQLITE_TEXT... of a column of the row. */
static inline int
sb_col_type(sb_st *st, int col)
{
	return sqlite3_column_type(st->lite, col);
}

static inline int64_t
sb_col_int64(sb_st *st, int col)
{
	return sqlite3_column_int64(st->lite, col);
}

static inline int
sb_col_int(sb_st *st, int col)
{
	return sqlite3_column_int(st->lite, col);
}

static inline const unsigned char *
sb_col_text(sb_st *st, int col)
{
	return sqlite3_column_text(st->lite, col);
}

static inline int
sb_col_bytes(sb_st *st, int col)
{
	return sqlite3_column_bytes(st->lite, col);
}

static inline int
sb_col_count(sb_st *st)
{
	return sqlite3_column_count(st->lite);
}

/* Non-zero when the statement writes nothing. */
static inline int
sb_stmt_readonly(sb_st *st)
{
	return sqlite3_stmt_readonly(st->lite);
}

#endif /* SB_DB_STMT_H */
