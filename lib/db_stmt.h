/*
 * db_stmt.h - the statement seam between the library and its two engines,
 * SQLite (lib/db.c) and PostgreSQL (lib/db_pg.c).  See "The engines" in
 * docs/architecture.md.
 *
 * Code above db.c never calls sqlite3_* on a statement: it prepares with
 * sb_stmt() (cached) or sb_prepare() (once, sb_finalize() after), binds
 * with sb_bind_*(), steps with sb_step() and reads with sb_col_*().  The
 * result codes stay SQLite's (SQLITE_ROW, SQLITE_DONE, SQLITE_NULL,
 * SQLITE_CONSTRAINT_*, SQLITE_BUSY): the PostgreSQL backend maps its
 * results and SQLSTATEs onto them, so callers test one vocabulary.
 *
 * On SQLite each call is one test of st->lite and the SQLite call itself,
 * inlined: the embedded case pays nothing for the seam.
 */
#ifndef SB_DB_STMT_H
#define SB_DB_STMT_H

#include <stdint.h>
#include <sqlite3.h>

struct sb_pgst; /* lib/db_pg.c */

typedef struct sb_st {
	sqlite3_stmt *lite;  /* SQLite; NULL on PostgreSQL */
	struct sb_pgst *pg;  /* PostgreSQL; NULL on SQLite */
} sb_st;

/* The PostgreSQL side of each call (lib/db_pg.c). */
int sb_pg_step(struct sb_pgst *st);
int sb_pg_reset(struct sb_pgst *st);
int sb_pg_clear_bindings(struct sb_pgst *st);
int sb_pg_bind_int64(struct sb_pgst *st, int idx, int64_t v);
int sb_pg_bind_text(struct sb_pgst *st, int idx, const char *text);
int sb_pg_bind_null(struct sb_pgst *st, int idx);
int sb_pg_bind_count(struct sb_pgst *st);
int sb_pg_bind_index(struct sb_pgst *st, const char *name);
int sb_pg_col_type(struct sb_pgst *st, int col);
int64_t sb_pg_col_int64(struct sb_pgst *st, int col);
const unsigned char *sb_pg_col_text(struct sb_pgst *st, int col);
int sb_pg_col_bytes(struct sb_pgst *st, int col);
int sb_pg_col_count(struct sb_pgst *st);
int sb_pg_readonly(struct sb_pgst *st);
void sb_pg_stream(struct sb_pgst *st, int rows);
void sb_pg_finalize(struct sb_pgst *st);

static inline int
sb_step(sb_st *st)
{
	return st->lite != NULL ? sqlite3_step(st->lite) : sb_pg_step(st->pg);
}

static inline int
sb_reset(sb_st *st)
{
	return st->lite != NULL ? sqlite3_reset(st->lite) : sb_pg_reset(st->pg);
}

static inline int
sb_clear_bindings(sb_st *st)
{
	return st->lite != NULL ? sqlite3_clear_bindings(st->lite) :
	    sb_pg_clear_bindings(st->pg);
}

static inline int
sb_bind_int64(sb_st *st, int idx, int64_t v)
{
	return st->lite != NULL ? sqlite3_bind_int64(st->lite, idx, v) :
	    sb_pg_bind_int64(st->pg, idx, v);
}

static inline int
sb_bind_int(sb_st *st, int idx, int v)
{
	return st->lite != NULL ? sqlite3_bind_int(st->lite, idx, v) :
	    sb_pg_bind_int64(st->pg, idx, v);
}

static inline int
sb_bind_null(sb_st *st, int idx)
{
	return st->lite != NULL ? sqlite3_bind_null(st->lite, idx) :
	    sb_pg_bind_null(st->pg, idx);
}

/* Bind text that may be NULL (SQL NULL); the text is copied. */
static inline int
sb_bind_text(sb_st *st, int idx, const char *text)
{
	if (st->lite == NULL)
		return sb_pg_bind_text(st->pg, idx, text);
	if (text == NULL)
		return sqlite3_bind_null(st->lite, idx);
	return sqlite3_bind_text(st->lite, idx, text, -1, SQLITE_TRANSIENT);
}

/*
 * Bind text that stays as it is until the statement is stepped and reset
 * (not copied on SQLite: an audit row of a whole project is tens of MB).
 */
static inline int
sb_bind_text_static(sb_st *st, int idx, const char *text)
{
	if (st->lite == NULL)
		return sb_pg_bind_text(st->pg, idx, text);
	if (text == NULL)
		return sqlite3_bind_null(st->lite, idx);
	return sqlite3_bind_text(st->lite, idx, text, -1, SQLITE_STATIC);
}

static inline int
sb_bind_count(sb_st *st)
{
	return st->lite != NULL ? sqlite3_bind_parameter_count(st->lite) :
	    sb_pg_bind_count(st->pg);
}

/* The index of a named parameter ("@name"), 0 when the SQL has none. */
static inline int
sb_bind_index(sb_st *st, const char *name)
{
	return st->lite != NULL ? sqlite3_bind_parameter_index(st->lite, name) :
	    sb_pg_bind_index(st->pg, name);
}

/* SQLITE_NULL, SQLITE_INTEGER, SQLITE_TEXT... of a column of the row. */
static inline int
sb_col_type(sb_st *st, int col)
{
	return st->lite != NULL ? sqlite3_column_type(st->lite, col) :
	    sb_pg_col_type(st->pg, col);
}

static inline int64_t
sb_col_int64(sb_st *st, int col)
{
	return st->lite != NULL ? sqlite3_column_int64(st->lite, col) :
	    sb_pg_col_int64(st->pg, col);
}

static inline int
sb_col_int(sb_st *st, int col)
{
	return st->lite != NULL ? sqlite3_column_int(st->lite, col) :
	    (int)sb_pg_col_int64(st->pg, col);
}

static inline const unsigned char *
sb_col_text(sb_st *st, int col)
{
	return st->lite != NULL ? sqlite3_column_text(st->lite, col) :
	    sb_pg_col_text(st->pg, col);
}

static inline int
sb_col_bytes(sb_st *st, int col)
{
	return st->lite != NULL ? sqlite3_column_bytes(st->lite, col) :
	    sb_pg_col_bytes(st->pg, col);
}

static inline int
sb_col_count(sb_st *st)
{
	return st->lite != NULL ? sqlite3_column_count(st->lite) :
	    sb_pg_col_count(st->pg);
}

/* Non-zero when the statement writes nothing. */
static inline int
sb_stmt_readonly(sb_st *st)
{
	return st->lite != NULL ? sqlite3_stmt_readonly(st->lite) :
	    sb_pg_readonly(st->pg);
}

/*
 * Read the rows of a statement that may return many (a whole board) in
 * batches of `rows`, so that memory stays flat whatever the size: on
 * PostgreSQL a cursor on the server (inside a transaction; outside one the
 * rows come in one result as before), FETCHed as the steps need them.
 * Nothing on SQLite, which steps row by row anyway.
 */
static inline void
sb_stream(sb_st *st, int rows)
{
	if (st->pg != NULL)
		sb_pg_stream(st->pg, rows);
}

#endif /* SB_DB_STMT_H */
