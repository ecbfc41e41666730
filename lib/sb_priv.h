/*
 * sb_priv.h - what the modules of libstripboard share and bin/ never sees.
 */
#ifndef SB_PRIV_H
#define SB_PRIV_H

#include <stdarg.h>
#include <stdio.h>
#include <sqlite3.h>

#include "db_stmt.h"

#include "stripboard.h"

#define SB_APPLICATION_ID 0x53425244 /* "SBRD" */
/*
 * The body of sb_refuse(), the function the trail's triggers run on a
 * PostgreSQL server (db_pg.c makes it; sb_check_triggers() checks that it
 * is still this).
 */
#define SB_PG_REFUSE_BODY " BEGIN RAISE EXCEPTION '%', TG_ARGV[0] USING " \
	"ERRCODE = 'restrict_violation'; END "

/* The longest text field any reader accepts, in bytes. */
#define SB_MAX_FIELD (1024 * 1024)
/* The most one record keeps verbatim for the round trip (its ext), as stored. */
#define SB_MAX_KEPT (4 * SB_MAX_FIELD)

/*
 * Statements cached a context: one per SQL literal used, kept until the
 * database closes.  A context that runs every operation (asof_prop, a
 * long-lived caller) uses well over 96 since every operation asks
 * sb_perm_require(), and a sanitizer build does not merge equal literals.
 */
#define SB_STMT_CACHE 256

struct sb_stmt_slot {
	const char *sql; /* the literal's address is the key */
	sb_st st;
};

struct sb_pg; /* lib/db_pg.c */

struct sb_ctx {
	sqlite3 *db;       /* SQLite: the connection; NULL on PostgreSQL */
	struct sb_pg *pg;  /* PostgreSQL: the connection; NULL on SQLite */
	char *path;
	int created;   /* 1: sb_open() made the file; 2: it filled an empty one */
	struct timespec empty_times[2]; /* with created 2: its atime and mtime */
	/*
	 * With created 1: the name the new file is written under until
	 * sb_commit() puts it in place (lib/db.c, publish()); NULL after.
	 */
	char *stage;
	int readonly;
	/*
	 * After sb_as_of(): the last audit row of the state shown (0: the
	 * whole trail).  The rows after it are still in the private copy;
	 * whatever reads the trail as part of a report stops here.
	 */
	int64_t trail_end;
	int busy_ms;
	unsigned export_flags; /* SB_EXPORT_* */
	char *actor;
	char *user;    /* who the permissions are checked for: the real uid's login */
	char *command;
	char *now; /* the time of the current transaction, for audit rows */
	int tx_depth;  /* sb_tx_begin() nesting */
	int fk_off;    /* SQLite's foreign keys off for a bulk import */
	/*
	 * SQLite writers (lib/db.c, close_db()): whether this connection has
	 * committed to the log since its last checkpoint (copy_log()).
	 */
	int wal_committed;
	int wal_full;        /* the log holds 1000 pages or more: checkpoint */
	int sync_log;        /* sb_begin_bulk(): sb_commit() syncs the new log */
	int committing;      /* inside sb_commit()'s COMMIT (wal_hook()) */
	int header_unsynced; /* a new file's header, written without a sync */
	char *conflict; /* the report of the last conflict */
	struct sb_day_outcome day_outcome; /* what the last day change did */
	/*
	 * The days whose version this transaction raised already (or made):
	 * a day rises once per transaction however many strips enter or
	 * leave it.  Emptied when the transaction begins and whenever a
	 * savepoint rolls back (a day may then rise again: never too little).
	 */
	int64_t *days_raised;  /* a hash set of ids (sb_day_raised_mark()) */
	size_t ndays_raised, days_raised_cap;
	/*
	 * Permissions (lib/store_perm.c): the rules of the context's user,
	 * read once and checked in memory, and what frees them (set by the
	 * store, called when the database closes).  perm_write_ok: a check
	 * allowed a write in this transaction; sb_audit() refuses a change
	 * that no check allowed, so no operation can forget to ask.
	 */
	struct sb_perm_cache *perm;
	void (*perm_free)(struct sb_perm_cache *);
	int perm_write_ok;
	uint64_t perm_checks, perm_ns; /* sb_perm_require(): how many, how long */
	/*
	 * Set by the store when a write left something to do before the
	 * transaction commits (lib/store_calendar.c: count the shoot days of
	 * the calendars changed); sb_commit() calls it first, a failure rolls
	 * the transaction back.  Cleared by the commit or a rollback.
	 */
	int (*before_commit)(sb_ctx *);
	struct sb_stmt_slot stmts[SB_STMT_CACHE];
	char errmsg[1024];
	/*
	 * A server's queued write failed (lib/db_pg.c, sb_write_later()): the
	 * message worded then is kept, and sb_err() returns this status
	 * instead of rewording it, until the ROLLBACK.  0 otherwise.
	 */
	int err_kept;
};

/*
 * The append-only triggers of the trail are there as the migrations made
 * them, and no other trigger is (lib/db.c): SB_OK, else SB_ETAMPER.  Every
 * open for writing checks (one query), and sb-log --verify.
 */
int sb_check_triggers(sb_ctx *ctx);

/* The schema version that brought the hash chain (share/schema/006-chain.sql). */
#define SB_CHAIN_MIGRATION 6

/* The schema version that brought permissions (share/schema/005-perm.sql). */
#define SB_PERM_MIGRATION 5

/* Set the message and return code (a negative SB_E* status). */
int sb_err(sb_ctx *ctx, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Set the message from the last SQLite error, prefixed by what, and return
 * the matching status: SB_EBUSY for busy and locked, SB_EFAIL otherwise.
 */
int sb_sqlerr(sb_ctx *ctx, const char *what);

/* The status an SQLite result code maps to. */
int sb_status_of_sqlite(int rc);

/*
 * A prepared statement for the SQL literal sql, prepared once per context
 * and reset for reuse.  NULL (message set) on error.
 */
sb_st *sb_stmt(sb_ctx *ctx, const char *sql);

/*
 * A statement of its own (not cached), for SQL built at run time or a
 * cursor stepped while others run; sb_finalize() it.  Returns SQLITE_OK or
 * the engine's error code (sb_sqlerr() then words it); *st is NULL on error.
 * sb_prepare_tail() prepares the first statement of sql and points *tail
 * past it (*st NULL: nothing but blanks and comments were left).
 */
int sb_prepare(sb_ctx *ctx, const char *sql, sb_st **st);
int sb_prepare_tail(sb_ctx *ctx, const char *sql, sb_st **st, const char **tail);
void sb_finalize(sb_st *st);

/* The last error of the connection: its message, its SQLite-style code. */
const char *sb_db_errmsg(sb_ctx *ctx);
int sb_errcode(sb_ctx *ctx);
/* Rows changed by the last statement; the id of the last row inserted. */
int64_t sb_changes(sb_ctx *ctx);
int64_t sb_last_id(sb_ctx *ctx);

/*
 * Run an SQLite pragma, errors ignored (sb_lite_pragma) or reported
 * (sb_lite_exec); on other engines nothing, and SB_OK.
 */
void sb_lite_pragma(sb_ctx *ctx, const char *sql);
int sb_lite_exec(sb_ctx *ctx, const char *sql);

/* How long one statement waits for a lock, without changing busy_ms. */
void sb_busy_wait(sb_ctx *ctx, int ms);

/* Non-zero when the context has a database open (either engine). */
static inline int
sb_db_open(const sb_ctx *ctx)
{
	return ctx->db != NULL || ctx->pg != NULL;
}

/*
 * The PostgreSQL side of the context (lib/db_pg.c); db.c calls them when
 * ctx->pg is set, or (sb_pg_uri) to tell a server from a file.
 */
int sb_pg_uri(const char *path);
/*
 * A PostgreSQL URI without its user, password and parameters
 * ("postgresql://HOST:PORT/DBNAME"), into out; returns out.
 */
const char *sb_pg_redact(const char *uri, char *out, size_t size);
/*
 * Open a server's database; before(ctx, version), when it makes or brings
 * the schema up to date, runs before each migration (lib/db.c: what a
 * migration needs done in C); unapplied(ctx, version, &missing, &first)
 * says which migrations the version counts as applied are not there
 * (lib/db.c, bits of sb_migrations[] in missing; SB_EDATA when one is
 * there in part).
 */
int sb_pg_open(sb_ctx *ctx, const char *uri, unsigned flags,
    int (*before)(sb_ctx *, int),
    int (*unapplied)(sb_ctx *, int64_t, uint64_t *, int *));
void sb_pg_close(sb_ctx *ctx);
void sb_pg_discard(sb_ctx *ctx);
int sb_pg_prepare(sb_ctx *ctx, const char *sql, struct sb_pgst **st,
    const char **tail);
int sb_pg_exec(sb_ctx *ctx, const char *sql);
int sb_pg_begin(sb_ctx *ctx);
int sb_pg_in_tx(sb_ctx *ctx);
const char *sb_pg_errmsg(sb_ctx *ctx);
int sb_pg_errcode(sb_ctx *ctx);
int64_t sb_pg_changes(sb_ctx *ctx);
int64_t sb_pg_last_id(sb_ctx *ctx);
void sb_pg_busy_wait(sb_ctx *ctx, int ms);
/*
 * --as-of on a server (sb_db_private_copy(), store_replay.c): the tables
 * the replay reads and writes copied into temporary tables of the same
 * names, which hide the real ones from every statement prepared after;
 * and the check of the copy's foreign keys at the end (*child and *parent
 * name the first row's tables that points nowhere; "" when none does).
 */
int sb_pg_private_copy(sb_ctx *ctx);
int sb_pg_fk_check(sb_ctx *ctx, char *child, size_t nchild, char *parent,
    size_t nparent);
const char *sb_pg_busy_why(sb_ctx *ctx);
int sb_pg_listen(sb_ctx *ctx);
int sb_pg_socket(sb_ctx *ctx);
int sb_pg_notified(sb_ctx *ctx, int64_t *v);
struct sb_pgst;
void sb_pg_defer(sb_ctx *ctx, int on);
int sb_pg_deferring(sb_ctx *ctx);
void sb_pg_place(sb_ctx *ctx, const char *file, const char *where);
int sb_pg_write_later(sb_ctx *ctx, struct sb_pgst *st, const char *what,
    int64_t expect);

/*
 * Waiting for other clients' commits (sb-log --follow), on either engine.
 * sb_watch_start(): from now on, commits are seen (on PostgreSQL, LISTEN).
 * sb_data_version(): a number that changes when another client commits
 * (SQLite's PRAGMA data_version; on PostgreSQL the notifications of the
 * trail's channel received so far, read without waiting).
 * sb_watch_fd(): a descriptor readable when a commit is announced, or -1
 * when the engine announces none (SQLite: look again after a while).
 */
int sb_watch_start(sb_ctx *ctx);

/* After a bulk write: on PostgreSQL, ANALYZE (errors ignored); else nothing. */
void sb_server_analyze(sb_ctx *ctx);
int sb_data_version(sb_ctx *ctx, int64_t *v);
int sb_watch_fd(sb_ctx *ctx);

/* Run SQL text with no result rows. */
int sb_exec(sb_ctx *ctx, const char *sql);

/* Begin a write transaction (BEGIN IMMEDIATE) and fix the audit time. */
int sb_begin(sb_ctx *ctx);
int sb_commit(sb_ctx *ctx);
/*
 * sb_begin() for one large write committed by sb_commit() (never by a
 * bare COMMIT): a new log is synced once at the commit, not twice.
 */
int sb_begin_bulk(sb_ctx *ctx);
/* Roll back, keeping the message already set on the context. */
void sb_rollback(sb_ctx *ctx);

/* Nonzero inside a transaction (a write's, or a read's BEGIN). */
int sb_in_tx(const sb_ctx *ctx);

/*
 * Put a private copy of the database in place of the context's own (the
 * statement cache emptied): what is written to it from then on goes
 * nowhere, and nobody else sees it (sb_as_of() rebuilds a past board in
 * it).  SQLite: the backup API into a temporary database.
 */
int sb_db_private_copy(sb_ctx *ctx);

/*
 * A time as sb-log and --as-of take it (YYYY-MM-DD[THH:MM[:SS[.mmm]]][Z|
 * +HH:MM]) in the form of audit.at, UTC with milliseconds, so that rows
 * compare as text; 0 when it is not one.  (lib/op_log.c)
 */
int sb_time_parse(const char *s, char out[32]);

/* The time of the current transaction: UTC with milliseconds. */
const char *sb_now(sb_ctx *ctx);

/*
 * Append an audit row in the current transaction: entity ("strip",
 * "project", ...), its id, the version before (0 when created) and after
 * (0 when deleted), and the changed fields as a JSON text (may be NULL).
 */
int sb_audit(sb_ctx *ctx, int64_t project_id, const char *entity,
    int64_t entity_id, int64_t version_before, int64_t version_after,
    const char *changes_json);
/* The same, and the new row's id in *id_out (when not NULL). */
int sb_audit_id(sb_ctx *ctx, int64_t project_id, const char *entity,
    int64_t entity_id, int64_t version_before, int64_t version_after,
    const char *changes_json, int64_t *id_out);

/* Step a statement that returns no row; SQLITE_DONE -> SB_OK. */
int sb_step_done(sb_ctx *ctx, sb_st *st, const char *what);

/*
 * A write whose result the caller does not read (no id, no count): on a
 * server inside a bulk load (sb_begin_bulk()) it may be sent without
 * waiting, its result read with the next statement that needs one (one
 * round trip for many: lib/db_pg.c); elsewhere it runs now.  expect: the
 * rows it must write (an INSERT OR IGNORE that may not leave one out), or
 * -1.  SB_OK, or the error worded as `what` (a queued write's failure is
 * worded when it is found, with the input and place of sb_place(), and
 * returned by whatever runs next).  Only where sb_deferring() is true do
 * callers need it: their file branch stays as it was.
 */
int sb_write_later(sb_ctx *ctx, sb_st *st, const char *what, int64_t expect);
/* Non-zero when sb_write_later() may queue (a server in a bulk load). */
int sb_deferring(sb_ctx *ctx);
/*
 * The input a bulk load reads (copied; NULL: unchanged) and the reader's
 * place in it (a buffer it keeps current, copied at each queued write, or
 * NULL), named by a queued write's error.  Nothing on a file.
 */
void sb_place(sb_ctx *ctx, const char *file, const char *where);

/* Dup a string, NULL-safe. NULL on NULL or out of memory. */
char *sb_strdup(const char *s);

/*
 * Room for element n of the array p of *cap elements of size bytes: p
 * itself when n < *cap; else p grown (realloc) to twice *cap, or to first
 * (1 if 0) when *cap is 0, doubled until it holds n, with *cap set to the
 * new capacity.  NULL when out of memory, when the size in bytes would
 * overflow, or for a size of 0: p and *cap are then unchanged, p still the
 * caller's to free.  The array-growth step of every reader that gathers
 * rows: `if ((q = sb_grow(a, &cap, n, 16, sizeof(*a))) == NULL) ...; a = q;`
 */
void *sb_grow(void *p, size_t *cap, size_t n, size_t first, size_t size);

/* Check that text is valid UTF-8 with no NUL; 0 if not. */
int sb_utf8_valid(const char *s, size_t len);

/*
 * The length of the longest prefix of s[0..len) that is valid UTF-8 with no
 * NUL: len when all of it is, else the offset of the first byte of the first
 * sequence that is not.
 */
size_t sb_utf8_prefix(const char *s, size_t len);

/*
 * A growing string buffer for messages and JSON.  On allocation failure it
 * sets failed and keeps what it had; callers check once at the end.
 */
struct sb_buf {
	char *data;
	size_t len, cap;
	int failed;
};
void sb_buf_init(struct sb_buf *b);
void sb_buf_free(struct sb_buf *b);
void sb_buf_add(struct sb_buf *b, const char *s, size_t n);
void sb_buf_puts(struct sb_buf *b, const char *s);
void sb_buf_printf(struct sb_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The NUL-terminated contents ("" if empty). */
const char *sb_buf_str(struct sb_buf *b);

/*
 * Append the audit rows of an entity after version, as a JSON array, for
 * conflict reports.
 */
void sb_audit_since(sb_ctx *ctx, struct sb_buf *b, const char *entity, int64_t id,
    int64_t version);

/* A fresh random id, 24 hex digits like the ids USS files carry. */
void sb_uid_new(char out[25]);

/*
 * A position key for item n of a list written in order: fixed width, so
 * keys of a sequence sort in n order (imports that stream).
 */
void sb_key_seq(uint64_t n, char out[SB_KEY_MAX + 2]);

/*
 * n keys strictly between lo and hi (NULL: open), in order, each of
 * SB_KEY_MAX + 2 bytes in out.  SB_EDATA when they would grow too long.
 */
int sb_keys_between(const char *lo, const char *hi, size_t n, char (*out)[SB_KEY_MAX + 2]);

/*
 * Write s as a table cell of width characters and a space, cut with an
 * ellipsis when longer; width 0: the last cell, as it is (base_table.c).
 */
void sb_table_cell(FILE *out, const char *s, int width);

/*
 * Keep a conflict report on the context (sb_conflict_report()), free
 * report, and set the message; returns SB_ECONFLICT.  (lib/base_ctx.c)
 */
int sb_conflict_set(sb_ctx *ctx, struct sb_buf *report, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * A slug line ("INT. BAILEY HOUSE - KITCHEN - NIGHT") split into its INT/EXT
 * ("INT", "EXT", "INT/EXT"; a constant), set, and time of day (the last
 * " - " part when it names a time: DAY, NIGHT, CONTINUOUS, LATER...), each
 * NULL when missing; set and dn point into buf.  (lib/base_slug.c)
 */
struct sb_slug {
	char *buf;
	const char *ie, *set, *dn;
};
/* 0, or -1 when out of memory; sb_slug_free() after a 0. */
int sb_slug_split(const char *slug, struct sb_slug *out);
void sb_slug_free(struct sb_slug *slug);

/* The migrations, in order; generated from share/schema/NNN-name.sql. */
struct sb_migration {
	int version;
	const char *name;
	const char *sql;  /* SQLite */
	const char *pg;   /* the same in PostgreSQL's dialect (mkschema.awk) */
};
extern const struct sb_migration sb_migrations[];
extern const int sb_migration_count;

/* The word for n things in a message: "1 strip", "2 strips". */
#define SB_PLURAL(n, one, many) ((n) == 1 ? (one) : (many))

#endif /* SB_PRIV_H */
