/*
 * db.c - the context: opening a stripboard file, its pragmas and
 * migrations, the prepared-statement cache, transactions (nested ones
 * too) and the messages of SQLite errors.  The context's own messages are
 * lib/base_ctx.c.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_SYS_VFS_H
#include <sys/vfs.h>
#endif

#include "chain_priv.h"
#include "sb_priv.h"

const char *
sb_version(void)
{
	return PACKAGE_VERSION;
}

const char *
sb_sqlite_version(void)
{
	return sqlite3_libversion();
}

sb_ctx *
sb_ctx_new(void)
{
	static int configured;
	sb_ctx *ctx;

	/*
	 * SQLite's memory statistics take a mutex and count every malloc and
	 * free it makes: 4-5% of an import's instructions (callgrind, 10 000
	 * strips).  Nothing here reads them, so they are off, before SQLite
	 * starts (a program that started it itself keeps them: SQLITE_MISUSE,
	 * ignored).
	 */
	if (!configured) {
		configured = 1;
		(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	}
	ctx = calloc(1, sizeof(*ctx));

	if (ctx == NULL)
		return NULL;
	ctx->busy_ms = 5000;
	return ctx;
}

/* Forget the permission rules read (they belong to the file). */
static void
drop_perm(sb_ctx *ctx)
{
	if (ctx->perm != NULL && ctx->perm_free != NULL)
		ctx->perm_free(ctx->perm);
	ctx->perm = NULL;
	ctx->perm_write_ok = 0;
}

/*
 * After a commit to the log, what SQLite's own hook does (a checkpoint
 * once the log holds 1000 pages, PRAGMA wal_autocheckpoint's default) is
 * left to sb_commit() or the close (copy_log()), so that a transaction's
 * pages are copied once, after it; a log grown past 10 000 pages by a commit that
 * is not sb_commit()'s (a long-lived context) is checkpointed here, as
 * SQLite would.
 * And a note that this connection's commits synced the log.
 */
static int
wal_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
	sb_ctx *ctx = arg;

	ctx->wal_committed = 1;
	if (frames >= 10000 && !ctx->committing) {
		/* SQLite's checkpoint, with its syncs: nothing left to copy */
		if (sqlite3_wal_checkpoint(db, name) == SQLITE_OK)
			ctx->wal_committed = 0;
	} else if (frames >= 1000) {
		ctx->wal_full = 1;
	}
	return SQLITE_OK;
}

/* Sync the database file itself; SB_OK or SB_EFAIL. */
static int
sync_file(sb_ctx *ctx)
{
	sqlite3_file *f = NULL;

	if (sqlite3_file_control(ctx->db, "main", SQLITE_FCNTL_FILE_POINTER, &f) !=
	    SQLITE_OK || f == NULL || f->pMethods == NULL ||
	    f->pMethods->xSync(f, SQLITE_SYNC_NORMAL) != SQLITE_OK)
		return SB_EFAIL;
	return SB_OK;
}

/*
 * The checkpoint after this connection's last commit (at sb_commit() once
 * the log holds 1000 pages, else at close): SQLite's own, with its syncs.
 * 1 when every page of the log reached the file, which SQLite then synced.
 *
 * It is SQLite's, syncs and all, on purpose.  Copying the pages with
 * synchronous=OFF and syncing the file afterwards would save the sync of
 * the log before the copy (our commits synced it already), but SQLite
 * marks the log as copied (nBackfill) only after the file is synced, and
 * with synchronous=OFF it marks it at once: a writer in another process
 * may then restart the log over frames whose pages are not yet durable
 * in the file, and a power cut in that window loses them.  One sync is
 * not worth that (docs/architecture.md, "Syncs").
 */
static int
copy_log(sb_ctx *ctx)
{
	int nlog = -1, ncopied = -1;

	if (!ctx->wal_committed || !sqlite3_get_autocommit(ctx->db))
		return 0;
	ctx->wal_committed = 0;
	ctx->wal_full = 0;
	if (sqlite3_wal_checkpoint_v2(ctx->db, "main", SQLITE_CHECKPOINT_PASSIVE,
	    &nlog, &ncopied) != SQLITE_OK || ncopied <= 0 || ncopied != nlog)
		return 0;
	ctx->header_unsynced = 0;
	return 1;
}

static void
checkpoint_at_close(sb_ctx *ctx)
{
	int synced;

	if (ctx->db == NULL || ctx->readonly || ctx->pg != NULL)
		return;
	/* the log's pages into the file, whatever the log's size */
	synced = copy_log(ctx);
	/*
	 * A file this connection created had its header (the page that says
	 * "write-ahead log") written without a sync (sb_open()): SQLite
	 * deletes the log of a file without pages, so it is synced now if
	 * the checkpoint did not.
	 */
	if (ctx->header_unsynced && !synced)
		(void)sync_file(ctx);
	ctx->header_unsynced = 0;
}

/* Remove the files SQLite may keep beside a database file. */
static void
unlink_logs(const char *path)
{
	static const char *const suffix[] = { "-wal", "-shm", "-journal" };
	char name[4096];

	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		if ((size_t)snprintf(name, sizeof(name), "%s%s", path,
		    suffix[i]) < sizeof(name))
			unlink(name);
	}
}

/* Remove a database file and the files SQLite may keep beside it. */
static void
unlink_with_logs(const char *path)
{
	unlink(path);
	unlink_logs(path);
}

static void
close_db(sb_ctx *ctx)
{
	checkpoint_at_close(ctx);
	drop_perm(ctx);
	for (int i = 0; i < SB_STMT_CACHE; i++) {
		if (ctx->stmts[i].st.lite != NULL)
			sqlite3_finalize(ctx->stmts[i].st.lite);
		if (ctx->stmts[i].st.pg != NULL)
			sb_pg_finalize(ctx->stmts[i].st.pg);
		ctx->stmts[i].st.lite = NULL;
		ctx->stmts[i].st.pg = NULL;
		ctx->stmts[i].sql = NULL;
	}
	if (ctx->db != NULL)
		sqlite3_close(ctx->db);
	ctx->db = NULL;
	if (ctx->stage != NULL) {
		/* a new file never put in place: nothing of it stays */
		unlink_with_logs(ctx->stage);
		free(ctx->stage);
		ctx->stage = NULL;
	}
	ctx->wal_committed = 0;
	ctx->wal_full = 0;
	ctx->header_unsynced = 0;
	ctx->sync_log = 0;
	sb_pg_close(ctx);
}

void
sb_ctx_free(sb_ctx *ctx)
{
	if (ctx == NULL)
		return;
	close_db(ctx);
	free(ctx->path);
	free(ctx->actor);
	free(ctx->user);
	free(ctx->command);
	free(ctx->now);
	free(ctx->days_raised);
	free(ctx->conflict);
	free(ctx);
}

int
sb_sqlerr(sb_ctx *ctx, const char *what)
{
	int rc = sb_db_open(ctx) ? sb_errcode(ctx) : SQLITE_ERROR;
	int status = sb_status_of_sqlite(rc);

	if (status == SB_EBUSY && ctx->pg != NULL && sb_pg_busy_why(ctx) != NULL)
		return sb_err(ctx, status, "%s: database is busy: %s", what,
		    sb_pg_busy_why(ctx));
	if (status == SB_EBUSY)
		return sb_err(ctx, status, "%s: database is busy (waited %d ms)",
		    what, ctx->busy_ms);
	return sb_err(ctx, status == SB_OK ? SB_EFAIL : status, "%s: %s", what,
	    sb_db_errmsg(ctx));
}

int
sb_write_later(sb_ctx *ctx, sb_st *st, const char *what, int64_t expect)
{
	int rc;

	if (st->pg != NULL)
		return sb_pg_write_later(ctx, st->pg, what, expect);
	rc = sqlite3_step(st->lite);
	sqlite3_reset(st->lite);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sb_sqlerr(ctx, what);
	if (expect >= 0 && sqlite3_changes64(ctx->db) != expect)
		return sb_err(ctx, SB_EFAIL, "internal error: %s: %lld rows written, "
		    "not %lld", what, (long long)sqlite3_changes64(ctx->db),
		    (long long)expect);
	return SB_OK;
}

int
sb_deferring(sb_ctx *ctx)
{
	return ctx->pg != NULL && sb_pg_deferring(ctx);
}

void
sb_place(sb_ctx *ctx, const char *file, const char *where)
{
	if (ctx->pg != NULL)
		sb_pg_place(ctx, file, where);
}

int
sb_step_done(sb_ctx *ctx, sb_st *st, const char *what)
{
	int rc = sb_step(st);

	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return SB_OK;
	return sb_sqlerr(ctx, what);
}

/* Prepare into st (both handles NULL on error); SQLITE_OK or an error code. */
static int
prepare(sb_ctx *ctx, const char *sql, sb_st *st, const char **tail)
{
	st->lite = NULL;
	st->pg = NULL;
	if (ctx->pg != NULL)
		return sb_pg_prepare(ctx, sql, &st->pg, tail);
	if (ctx->db == NULL)
		return SQLITE_MISUSE;
	return sqlite3_prepare_v3(ctx->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &st->lite, tail);
}

int
sb_prepare_tail(sb_ctx *ctx, const char *sql, sb_st **out, const char **tail)
{
	sb_st *st = malloc(sizeof(*st));
	int rc;

	*out = NULL;
	if (st == NULL)
		return SQLITE_NOMEM;
	rc = prepare(ctx, sql, st, tail);
	if (rc != SQLITE_OK || (st->lite == NULL && st->pg == NULL)) {
		free(st);
		return rc;
	}
	*out = st;
	return SQLITE_OK;
}

int
sb_prepare(sb_ctx *ctx, const char *sql, sb_st **out)
{
	return sb_prepare_tail(ctx, sql, out, NULL);
}

void
sb_finalize(sb_st *st)
{
	if (st == NULL)
		return;
	if (st->lite != NULL)
		sqlite3_finalize(st->lite);
	if (st->pg != NULL)
		sb_pg_finalize(st->pg);
	free(st);
}

const char *
sb_db_errmsg(sb_ctx *ctx)
{
	if (ctx->pg != NULL)
		return sb_pg_errmsg(ctx);
	return ctx->db != NULL ? sqlite3_errmsg(ctx->db) : "no database";
}

int
sb_errcode(sb_ctx *ctx)
{
	if (ctx->pg != NULL)
		return sb_pg_errcode(ctx);
	return ctx->db != NULL ? sqlite3_extended_errcode(ctx->db) : SQLITE_OK;
}

int64_t
sb_changes(sb_ctx *ctx)
{
	if (ctx->pg != NULL)
		return sb_pg_changes(ctx);
	return ctx->db != NULL ? sqlite3_changes64(ctx->db) : 0;
}

int64_t
sb_last_id(sb_ctx *ctx)
{
	if (ctx->pg != NULL)
		return sb_pg_last_id(ctx);
	return ctx->db != NULL ? sqlite3_last_insert_rowid(ctx->db) : 0;
}

void
sb_lite_pragma(sb_ctx *ctx, const char *sql)
{
	if (ctx->db != NULL)
		(void)sqlite3_exec(ctx->db, sql, NULL, NULL, NULL);
}

int
sb_lite_exec(sb_ctx *ctx, const char *sql)
{
	return ctx->db != NULL ? sb_exec(ctx, sql) : SB_OK;
}

void
sb_busy_wait(sb_ctx *ctx, int ms)
{
	if (ctx->db != NULL)
		sqlite3_busy_timeout(ctx->db, ms);
	if (ctx->pg != NULL)
		sb_pg_busy_wait(ctx, ms);
}

void
sb_server_analyze(sb_ctx *ctx)
{
	if (ctx->pg != NULL) {
		char keep[sizeof(ctx->errmsg)];

		memcpy(keep, ctx->errmsg, sizeof(keep));
		(void)sb_pg_exec(ctx, "ANALYZE");
		memcpy(ctx->errmsg, keep, sizeof(keep));
	}
}

int
sb_watch_start(sb_ctx *ctx)
{
	return ctx->pg != NULL ? sb_pg_listen(ctx) : SB_OK;
}

int
sb_watch_fd(sb_ctx *ctx)
{
	return ctx->pg != NULL ? sb_pg_socket(ctx) : -1;
}

int
sb_data_version(sb_ctx *ctx, int64_t *v)
{
	sb_st *st;
	int rc;

	if (ctx->pg != NULL)
		return sb_pg_notified(ctx, v);
	if ((st = sb_stmt(ctx, "PRAGMA data_version")) == NULL)
		return SB_EFAIL;
	rc = sb_step(st);
	if (rc == SQLITE_ROW)
		*v = sb_col_int64(st, 0);
	sb_reset(st);
	if (rc == SQLITE_ROW)
		return SB_OK;
	return sb_sqlerr(ctx, "data version");
}

sb_st *
sb_stmt(sb_ctx *ctx, const char *sql)
{
	/* The literal's address is the key: hash it into the table. */
	uintptr_t h = ((uintptr_t)sql >> 3) % SB_STMT_CACHE;

	for (int n = 0; n < SB_STMT_CACHE; n++) {
		struct sb_stmt_slot *s = &ctx->stmts[(h + (uintptr_t)n) % SB_STMT_CACHE];

		if (s->sql == sql) {
			sb_reset(&s->st);
			sb_clear_bindings(&s->st);
			return &s->st;
		}
		if (s->sql == NULL) {
			if (prepare(ctx, sql, &s->st, NULL) != SQLITE_OK) {
				sb_sqlerr(ctx, "prepare");
				return NULL;
			}
			s->sql = sql;
			return &s->st;
		}
	}
	sb_err(ctx, SB_EFAIL, "internal error: statement cache full");
	return NULL;
}

int
sb_exec(sb_ctx *ctx, const char *sql)
{
	char *msg = NULL;
	int rc;

	if (ctx->pg != NULL)
		return sb_pg_exec(ctx, sql);
	rc = sqlite3_exec(ctx->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		int status = sb_status_of_sqlite(rc);

		if (status == SB_EBUSY)
			sb_err(ctx, status, "database is busy (waited %d ms)", ctx->busy_ms);
		else
			sb_err(ctx, status == SB_OK ? SB_EFAIL : status, "%s",
			    msg != NULL ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return status == SB_OK ? SB_EFAIL : status;
	}
	return SB_OK;
}

static int
fix_now(sb_ctx *ctx)
{
	struct timespec ts;
	struct tm tm;
	char buf[64];

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || gmtime_r(&ts.tv_sec, &tm) == NULL)
		return sb_err(ctx, SB_EFAIL, "clock: %s", strerror(errno));
	snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
	free(ctx->now);
	ctx->now = sb_strdup(buf);
	if (ctx->now == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	return SB_OK;
}

const char *
sb_now(sb_ctx *ctx)
{
	if (ctx->now == NULL && fix_now(ctx) != SB_OK)
		return "1970-01-01T00:00:00.000Z";
	return ctx->now;
}

int
sb_begin(sb_ctx *ctx)
{
	int rc;

	if (ctx->readonly)
		return sb_err(ctx, SB_EPERM, "%s: opened read-only", ctx->path);
	ctx->perm_write_ok = 0;
	rc = ctx->pg != NULL ? sb_pg_begin(ctx) : sb_exec(ctx, "BEGIN IMMEDIATE");
	if (rc != SB_OK) {
		if (rc == SB_EBUSY)
			return sb_err(ctx, rc, "%s: database is busy: another "
			    "writer held it for %d ms", ctx->path, ctx->busy_ms);
		return rc;
	}
	return fix_now(ctx);
}

/*
 * One large write (an import), committed by sb_commit().  A commit with
 * synchronous=FULL syncs the log twice when it starts a new one: its
 * header, then the frames.  The header's own sync guards a log used
 * before, whose old frames must not pass for new ones after a crash; a
 * log of no bytes, with the write lock held, has none.  Then the commit
 * is written without syncs and sb_commit() syncs the log once, before it
 * returns (with the directory, for a log just made).
 */
int
sb_begin_bulk(sb_ctx *ctx)
{
	const char *wal;
	struct stat st;
	int rc;

	/* a new file under its stage name: no syncs until it is put in place */
	if (ctx->stage != NULL)
		return sb_begin(ctx);
	/* (the pragma cannot change inside a transaction) */
	if (ctx->pg != NULL) {
		/* writes whose results nobody reads wait for them (db_pg.c) */
		if ((rc = sb_begin(ctx)) == SB_OK)
			sb_pg_defer(ctx, 1);
		return rc;
	}
	if (ctx->db == NULL || ctx->readonly ||
	    sqlite3_exec(ctx->db, "PRAGMA synchronous = OFF", NULL, NULL, NULL) != SQLITE_OK)
		return sb_begin(ctx);
	ctx->sync_log = 1;
	if ((rc = sb_begin(ctx)) != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	wal = sqlite3_filename_wal(sqlite3_db_filename(ctx->db, "main"));
	if (wal != NULL && wal[0] != '\0' &&
	    (stat(wal, &st) == 0 ? st.st_size == 0 : errno == ENOENT))
		return SB_OK;
	/* a log with frames: an ordinary transaction, nothing written yet */
	sb_rollback(ctx);
	return sb_begin(ctx);
}

/* The log synced, as a commit with synchronous=FULL does; back to FULL. */
static int
sync_log(sb_ctx *ctx)
{
	sqlite3_file *f = NULL;
	int rc = SB_OK;

	ctx->sync_log = 0;
	if (sqlite3_file_control(ctx->db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &f) !=
	    SQLITE_OK || f == NULL || f->pMethods == NULL ||
	    f->pMethods->xSync(f, SQLITE_SYNC_NORMAL) != SQLITE_OK)
		rc = SB_EFAIL;
	if (sqlite3_exec(ctx->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK)
		rc = SB_EFAIL;
	return rc;
}

/* Sync the directory that holds path (its new name); 0 or -1. */
static int
sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];
	int fd, rc;

	if (slash == NULL) {
		strcpy(dir, ".");
	} else {
		size_t n = slash == path ? 1 : (size_t)(slash - path);

		if (n >= sizeof(dir))
			return -1;
		memcpy(dir, path, n);
		dir[n] = '\0';
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* (a file system that cannot sync a directory says EINVAL, as SQLite finds) */
	rc = fsync(fd) == 0 || errno == EINVAL ? 0 : -1;
	close(fd);
	return rc;
}

/*
 * The connection again, under the file's own name (after publish()): what
 * sb_open() sets on a connection, without its checks (this command made
 * the file and its schema).
 */
static int
reopen(sb_ctx *ctx)
{
	int rc = sqlite3_open_v2(ctx->path, &ctx->db, SQLITE_OPEN_EXRESCODE |
	    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_READWRITE, NULL);

	if (rc != SQLITE_OK) {
		rc = sb_err(ctx, SB_EFAIL, "%s: cannot open: %s", ctx->path,
		    ctx->db != NULL ? sqlite3_errmsg(ctx->db) : sqlite3_errstr(rc));
		close_db(ctx);
		return rc;
	}
	sqlite3_busy_timeout(ctx->db, ctx->busy_ms);
	sqlite3_extended_result_codes(ctx->db, 1);
	if ((rc = sb_exec(ctx, ctx->fk_off ? "PRAGMA synchronous = FULL" :
	    "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON")) != SB_OK)
		return rc;
	sqlite3_wal_hook(ctx->db, wal_hook, ctx);
	return SB_OK;
}

/*
 * A file this command creates is written under another name first
 * (ctx->stage, sb_open()), with its rollback journal in memory and no
 * syncs: every page goes once into the file, where a log takes it twice
 * (the log, then the checkpoint), and a failure or a crash leaves nothing
 * under the file's own name.  Its first sb_commit() puts it in place:
 * the header set to the write-ahead log, as every stripboard file is (one
 * page, no journal), the file synced, linked under its own name (never
 * over a file another command made meanwhile), the directory synced: two
 * syncs in all.  Then the connection is opened again under that name.
 * docs/architecture.md, "Syncs".
 */
static int
publish(sb_ctx *ctx)
{
	sqlite3_stmt *q = NULL;
	const unsigned char *mode;
	struct stat st;
	int ok;

	ok = sqlite3_prepare_v2(ctx->db, "PRAGMA journal_mode = WAL", -1, &q,
	    NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW &&
	    (mode = sqlite3_column_text(q, 0)) != NULL &&
	    strcmp((const char *)mode, "wal") == 0;
	sqlite3_finalize(q);
	if (!ok)
		return sb_err(ctx, SB_EFAIL, "commit: %s: the new file could not "
		    "be switched to its write-ahead log: %s", ctx->path,
		    sqlite3_errmsg(ctx->db));
	if (sync_file(ctx) != SB_OK)
		return sb_err(ctx, SB_EFAIL, "commit: %s: the new file could not be "
		    "synced", ctx->path);
	if (link(ctx->stage, ctx->path) == 0) {
		unlink(ctx->stage);
	} else {
		int e = errno;

		if (e == EEXIST || lstat(ctx->path, &st) == 0)
			return sb_err(ctx, SB_EBUSY, "commit: %s: another command "
			    "made this file meanwhile; nothing was written", ctx->path);
		/* a file system without links: the name is free, renamed */
		if (rename(ctx->stage, ctx->path) != 0)
			return sb_err(ctx, SB_EFAIL, "commit: %s: cannot put the new "
			    "file in place: %s (%s)", ctx->path, strerror(errno),
			    strerror(e));
	}
	/* in place: from here the file is the path's (sb_discard_created()) */
	free(ctx->stage);
	ctx->stage = NULL;
	if (sync_dir(ctx->path) != 0)
		return sb_err(ctx, SB_EFAIL, "commit: %s: its directory could not be "
		    "synced: the new file may not survive a crash", ctx->path);
	close_db(ctx);
	return reopen(ctx);
}

int
sb_commit(sb_ctx *ctx)
{
	int rc;

	if (ctx->before_commit != NULL) {
		int (*fn)(sb_ctx *) = ctx->before_commit;

		ctx->before_commit = NULL;
		if ((rc = fn(ctx)) != SB_OK) {
			char keep[sizeof(ctx->errmsg)];

			memcpy(keep, ctx->errmsg, sizeof(keep));
			sb_rollback(ctx);
			memcpy(ctx->errmsg, keep, sizeof(keep));
			return rc;
		}
	}
	ctx->committing = 1;
	rc = sb_exec(ctx, "COMMIT");
	ctx->committing = 0;
	if (ctx->pg != NULL)
		sb_pg_defer(ctx, 0);
	ctx->perm_write_ok = 0;
	if (rc != SB_OK) {
		char keep[sizeof(ctx->errmsg)];
		int kept = ctx->err_kept; /* a queued write's, worded already */

		memcpy(keep, ctx->errmsg, sizeof(keep));
		sb_rollback(ctx);
		if (kept != 0)
			return kept;
		return sb_err(ctx, rc, "commit: %.1000s", keep);
	}
	if (ctx->db != NULL && ctx->stage != NULL)
		return publish(ctx);
	if (ctx->db != NULL && ctx->sync_log && sync_log(ctx) != SB_OK)
		return sb_err(ctx, SB_EFAIL, "commit: %s: the write-ahead log could not "
		    "be synced: the change is written but may not survive a crash",
		    ctx->path != NULL ? ctx->path : "database");
	/* a log of 1000 pages or more: the checkpoint SQLite's hook would do */
	if (ctx->db != NULL && ctx->wal_full)
		(void)copy_log(ctx);
	return SB_OK;
}

int
sb_in_tx(const sb_ctx *ctx)
{
	if (ctx->pg != NULL)
		return sb_pg_in_tx((sb_ctx *)ctx);
	return ctx->db != NULL && !sqlite3_get_autocommit(ctx->db);
}

void
sb_rollback(sb_ctx *ctx)
{
	ctx->perm_write_ok = 0;
	ctx->before_commit = NULL;
	if (ctx->db != NULL && !sqlite3_get_autocommit(ctx->db))
		sqlite3_exec(ctx->db, "ROLLBACK", NULL, NULL, NULL);
	if (ctx->db != NULL && ctx->sync_log) {
		ctx->sync_log = 0;
		sqlite3_exec(ctx->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
	}
	if (ctx->pg != NULL && sb_pg_in_tx(ctx)) {
		char keep[sizeof(ctx->errmsg)];

		memcpy(keep, ctx->errmsg, sizeof(keep));
		(void)sb_pg_exec(ctx, "ROLLBACK");
		memcpy(ctx->errmsg, keep, sizeof(keep));
	}
	if (ctx->pg != NULL)
		sb_pg_defer(ctx, 0);
}

/*
 * Nested transactions: the outermost a write transaction, inner ones
 * savepoints, so a batch runs each move alone or all in one.
 */
/* Forget the days raised: a new transaction, or a savepoint rolled back. */
static void
days_raised_clear(sb_ctx *ctx)
{
	if (ctx->ndays_raised > 0)
		memset(ctx->days_raised, 0, ctx->days_raised_cap * sizeof(*ctx->days_raised));
	ctx->ndays_raised = 0;
}

int
sb_tx_begin(sb_ctx *ctx)
{
	char sql[32];
	int rc;

	if (ctx->tx_depth == 0) {
		days_raised_clear(ctx);
		if ((rc = sb_begin(ctx)) != SB_OK)
			return rc;
	} else {
		snprintf(sql, sizeof(sql), "SAVEPOINT sb%d", ctx->tx_depth);
		if ((rc = sb_exec(ctx, sql)) != SB_OK)
			return rc;
	}
	ctx->tx_depth++;
	return SB_OK;
}

int
sb_tx_end(sb_ctx *ctx, int status)
{
	char sql[64];

	if (ctx->tx_depth <= 0)
		return status;
	ctx->tx_depth--;
	if (status != SB_OK)
		days_raised_clear(ctx);
	if (ctx->tx_depth == 0) {
		if (status == SB_OK)
			return sb_commit(ctx);
		sb_rollback(ctx);
		return status;
	}
	if (status == SB_OK) {
		snprintf(sql, sizeof(sql), "RELEASE sb%d", ctx->tx_depth);
		return sb_exec(ctx, sql);
	}
	snprintf(sql, sizeof(sql), "ROLLBACK TO sb%d; RELEASE sb%d", ctx->tx_depth,
	    ctx->tx_depth);
	if (ctx->pg != NULL) {
		char keep[sizeof(ctx->errmsg)];

		memcpy(keep, ctx->errmsg, sizeof(keep));
		(void)sb_pg_exec(ctx, sql);
		memcpy(ctx->errmsg, keep, sizeof(keep));
	} else {
		sqlite3_exec(ctx->db, sql, NULL, NULL, NULL);
	}
	return status;
}

static char *
login_name(void)
{
	struct passwd *pw = getpwuid(getuid());
	char buf[32];

	if (pw != NULL && pw->pw_name != NULL && pw->pw_name[0] != '\0')
		return sb_strdup(pw->pw_name);
	snprintf(buf, sizeof(buf), "uid:%lu", (unsigned long)getuid());
	return sb_strdup(buf);
}

int
sb_set_actor(sb_ctx *ctx, const char *actor)
{
	char *p = actor != NULL ? sb_strdup(actor) : login_name();

	if (p == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	free(ctx->actor);
	ctx->actor = p;
	return SB_OK;
}

const char *
sb_actor(const sb_ctx *ctx)
{
	return ctx->actor != NULL ? ctx->actor : "";
}

/* The user the permissions are checked for: never settable (sb-perm(1)). */
const char *
sb_user(sb_ctx *ctx)
{
	if (ctx->user == NULL)
		ctx->user = login_name();
	return ctx->user != NULL ? ctx->user : "";
}

/* The login name of a uid, as login_name() names the real uid. */
static char *
uid_name(uid_t uid)
{
	struct passwd *pw = getpwuid(uid);
	char buf[32];

	if (pw != NULL && pw->pw_name != NULL && pw->pw_name[0] != '\0')
		return sb_strdup(pw->pw_name);
	snprintf(buf, sizeof(buf), "uid:%lu", (unsigned long)uid);
	return sb_strdup(buf);
}

/*
 * Migration 005: the first admin of the file.  A file made now is its
 * creator's; a file made before permissions existed is its owner's, so a
 * single user notices nothing.
 */
static int
grant_owner(sb_ctx *ctx)
{
	static const char sql[] = "INSERT INTO perm (grantee, effect, what, "
	    "granted_by, granted_at) VALUES (?1, 'grant', 'admin', '(owner)', ?2)";
	struct stat st;
	sb_st *q;
	char *name;
	int rc;

	if (ctx->created || stat(ctx->path, &st) != 0)
		name = sb_strdup(sb_user(ctx));
	else
		name = uid_name(st.st_uid);
	if (name == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	if ((rc = fix_now(ctx)) != SB_OK) {
		free(name);
		return rc;
	}
	if (sb_prepare(ctx, sql, &q) != SQLITE_OK) {
		free(name);
		return sb_sqlerr(ctx, "perm");
	}
	sb_bind_text(q, 1, name);
	sb_bind_text(q, 2, ctx->now);
	rc = sb_step(q) == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "perm");
	sb_finalize(q);
	free(name);
	return rc;
}

/* Quote an argument the way a shell would need it, for the audit trail. */
static void
quote_arg(struct sb_buf *b, const char *arg)
{
	if (arg[0] != '\0' && strspn(arg, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_./=:,+@%") == strlen(arg)) {
		sb_buf_puts(b, arg);
		return;
	}
	sb_buf_puts(b, "'");
	for (const char *p = arg; *p != '\0'; p++) {
		if (*p == '\'')
			sb_buf_puts(b, "'\\''");
		else
			sb_buf_add(b, p, 1);
	}
	sb_buf_puts(b, "'");
}

int
sb_set_command(sb_ctx *ctx, int argc, char *const argv[])
{
	struct sb_buf b;

	sb_buf_init(&b);
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];

		if (i == 0 && strrchr(arg, '/') != NULL)
			arg = strrchr(arg, '/') + 1; /* the command, not where it lives */
		if (i > 0)
			sb_buf_puts(&b, " ");
		if (strncmp(arg, "--db=", 5) == 0 && sb_pg_uri(arg + 5)) {
			char safe[512];

			sb_buf_puts(&b, "--db=");
			quote_arg(&b, sb_pg_redact(arg + 5, safe, sizeof(safe)));
		} else if (sb_pg_uri(arg)) {
			char safe[512];

			/* a server's URI may hold a password: never in the trail */
			quote_arg(&b, sb_pg_redact(arg, safe, sizeof(safe)));
		} else {
			quote_arg(&b, arg);
		}
	}
	if (b.failed) {
		sb_buf_free(&b);
		return sb_err(ctx, SB_EFAIL, "out of memory");
	}
	free(ctx->command);
	ctx->command = sb_strdup(sb_buf_str(&b));
	sb_buf_free(&b);
	return ctx->command != NULL ? SB_OK : sb_err(ctx, SB_EFAIL, "out of memory");
}

void
sb_set_export_flags(sb_ctx *ctx, unsigned flags)
{
	ctx->export_flags = flags;
}

void
sb_set_busy_timeout(sb_ctx *ctx, int ms)
{
	ctx->busy_ms = ms;
	sb_busy_wait(ctx, ms);
}

const char *
sb_db_name(const sb_ctx *ctx)
{
	return sb_db_open(ctx) && ctx->path != NULL ? ctx->path : "";
}

int
sb_created(const sb_ctx *ctx)
{
	return ctx->created;
}

int
sb_db_private_copy(sb_ctx *ctx)
{
	sqlite3 *copy = NULL;
	sqlite3_backup *bk;
	int rc;

	if (ctx->pg != NULL) {
		/* prepared for the real tables: prepared again for the copies */
		for (int i = 0; i < SB_STMT_CACHE; i++) {
			if (ctx->stmts[i].st.pg != NULL)
				sb_pg_finalize(ctx->stmts[i].st.pg);
			ctx->stmts[i].st.pg = NULL;
			ctx->stmts[i].sql = NULL;
		}
		return sb_pg_private_copy(ctx);
	}
	if (ctx->db == NULL)
		return sb_err(ctx, SB_EFAIL, "no database is open");
	/* "": a private database, in memory until it grows, gone at close */
	rc = sqlite3_open_v2("", &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = sb_err(ctx, SB_EFAIL, "a private copy: %s", copy != NULL ?
		    sqlite3_errmsg(copy) : sqlite3_errstr(rc));
		sqlite3_close(copy);
		return rc;
	}
	if ((bk = sqlite3_backup_init(copy, "main", ctx->db, "main")) == NULL) {
		rc = sb_err(ctx, SB_EFAIL, "a private copy: %s", sqlite3_errmsg(copy));
		sqlite3_close(copy);
		return rc;
	}
	rc = sqlite3_backup_step(bk, -1);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		int status = sb_status_of_sqlite(rc);

		rc = sb_err(ctx, status == SB_EBUSY ? SB_EBUSY : SB_EFAIL, "%s: a private "
		    "copy: %s", ctx->path != NULL ? ctx->path : "database", sqlite3_errstr(rc));
		sqlite3_close(copy);
		return rc;
	}
	close_db(ctx);
	ctx->db = copy;
	sqlite3_extended_result_codes(ctx->db, 1);
	return SB_OK;
}

void
sb_discard_created(sb_ctx *ctx)
{
	if (ctx->pg != NULL) {
		if (ctx->created)
			sb_pg_discard(ctx);
		ctx->created = 0;
		close_db(ctx);
		return;
	}
	/* going: nothing of it to sync */
	ctx->wal_committed = 0;
	ctx->header_unsynced = 0;
	if (ctx->stage != NULL) {
		/* never put in place: closing removes it, the name was never taken */
		close_db(ctx);
		ctx->created = 0;
		return;
	}
	close_db(ctx);
	if (!ctx->created || ctx->path == NULL)
		return;
	if (ctx->created == 2) {
		/* it was an empty file: empty again, with its times */
		if (truncate(ctx->path, 0) == 0)
			(void)utimensat(AT_FDCWD, ctx->path, ctx->empty_times, 0);
		unlink_logs(ctx->path);
	} else {
		unlink_with_logs(ctx->path);
	}
	ctx->created = 0;
}

/*
 * What the file at path is, before it is opened for real: a reader of a
 * write-ahead-log database leaves -wal and -shm files behind, so a file that
 * is not ours is judged without them, by SQLite opened immutable (no locks,
 * no log; never a raw descriptor, whose close() would drop the locks of
 * this process's other connections to the file).  Only when a log with
 * frames lies beside it is that view not the whole truth: the real open
 * decides then.
 */
enum { LOOK_SQLITE, LOOK_EMPTY, LOOK_BLANK_SQLITE, LOOK_FOREIGN, LOOK_NOT_SQLITE };

static int
look_at(const char *path, const struct stat *st)
{
	static const char hex[] = "0123456789abcdef";
	struct sb_buf uri;
	struct stat wal;
	char name[4096];
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	int look = LOOK_SQLITE, rc;

	if (!S_ISREG(st->st_mode))
		return LOOK_SQLITE;
	if ((size_t)snprintf(name, sizeof(name), "%s-wal", path) >= sizeof(name) ||
	    (stat(name, &wal) == 0 && wal.st_size > 0))
		return LOOK_SQLITE;
	if (st->st_size == 0)
		return LOOK_EMPTY;
	sb_buf_init(&uri);
	sb_buf_puts(&uri, path[0] == '/' ? "file://" : "file:"); /* empty authority */
	for (const unsigned char *p = (const unsigned char *)path; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-~", *p) != NULL) {
			sb_buf_add(&uri, (const char *)p, 1);
		} else {
			char esc[3] = { '%', hex[*p >> 4], hex[*p & 15] };

			sb_buf_add(&uri, esc, 3);
		}
	}
	sb_buf_puts(&uri, "?immutable=1");
	if (uri.failed) {
		sb_buf_free(&uri);
		return LOOK_SQLITE; /* the real open says what is wrong */
	}
	rc = sqlite3_open_v2(sb_buf_str(&uri), &db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	sb_buf_free(&uri);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, "SELECT (SELECT application_id FROM "
		    "pragma_application_id), (SELECT count(*) FROM sqlite_schema)",
		    -1, &q, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		int64_t appid = sqlite3_column_int64(q, 0);

		if (appid == SB_APPLICATION_ID)
			look = LOOK_SQLITE;
		else if (appid != 0 || sqlite3_column_int64(q, 1) != 0)
			look = LOOK_FOREIGN;
		else
			look = LOOK_BLANK_SQLITE;
	} else if ((rc & 0xff) == SQLITE_NOTADB) {
		look = LOOK_NOT_SQLITE;
	}
	sqlite3_finalize(q);
	sqlite3_close(db);
	return look;
}

/* Refuse network file systems: SQLite's locks are not safe there. */
static int
check_local(sb_ctx *ctx, const char *path)
{
#ifdef HAVE_SYS_VFS_H
	struct statfs fs;
	char dir[4096];
	const char *probe = path;
	const char *slash;

	if (access(path, F_OK) != 0) {
		slash = strrchr(path, '/');
		if (slash == NULL) {
			probe = ".";
		} else {
			size_t n = (size_t)(slash - path);

			if (n == 0)
				n = 1;
			if (n >= sizeof(dir))
				return SB_OK;
			memcpy(dir, path, n);
			dir[n] = '\0';
			probe = dir;
		}
	}
	if (statfs(probe, &fs) != 0)
		return SB_OK;
	switch ((unsigned long)fs.f_type) {
	case 0x6969UL:      /* NFS */
	case 0x517bUL:      /* SMB */
	case 0xff534d42UL:  /* CIFS */
	case 0xfe534d42UL:  /* SMB2 */
	case 0x564c:        /* NCP */
	case 0x73757245UL:  /* Coda */
	case 0x5346414fUL:  /* AFS */
	case 0x6b414653UL:  /* kAFS */
	case 0x01021997UL:  /* 9p */
		return sb_err(ctx, SB_EFAIL, "%s: on a network file system, where "
		    "SQLite's locking is not safe; keep the database on a local disk",
		    path);
	default:
		break;
	}
#else
	(void)ctx;
	(void)path;
#endif
	return SB_OK;
}

static int
pragma_int(sb_ctx *ctx, const char *sql, int64_t *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(ctx->db, sql, -1, &st, NULL) != SQLITE_OK)
		return sb_sqlerr(ctx, ctx->path);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		return SB_OK;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE) {
		*out = 0;
		return SB_OK;
	}
	return sb_sqlerr(ctx, ctx->path);
}

static int
latest_version(void)
{
	return sb_migrations[sb_migration_count - 1].version;
}

void
sb_chain_vals(sb_st *st, int first, struct sb_chain_val v[SB_CHAIN_COLS])
{
	for (int i = 0; i < SB_CHAIN_COLS; i++) {
		int col = first + i;

		memset(&v[i], 0, sizeof(v[i]));
		switch (sb_col_type(st, col)) {
		case SQLITE_INTEGER:
			v[i].type = SB_CHAIN_INT;
			v[i].i = sb_col_int64(st, col);
			break;
		case SQLITE_FLOAT:
			/* only a file changed by hand holds one (SQLite's REAL) */
			v[i].type = SB_CHAIN_REAL;
			v[i].r = st->lite != NULL ? sqlite3_column_double(st->lite, col) : 0;
			break;
		case SQLITE_BLOB:
			v[i].type = SB_CHAIN_BLOB;
			v[i].p = st->lite != NULL ? sqlite3_column_blob(st->lite, col) : NULL;
			v[i].n = st->lite != NULL ?
			    (size_t)sqlite3_column_bytes(st->lite, col) : 0;
			break;
		case SQLITE_TEXT:
			v[i].type = SB_CHAIN_TEXT;
			v[i].p = sb_col_text(st, col);
			v[i].n = (size_t)sb_col_bytes(st, col);
			break;
		default:
			v[i].type = SB_CHAIN_NULL;
			break;
		}
	}
}

/*
 * Migration 006: the hashes of the rows already in the trail, in id order,
 * into the temporary table audit_chain the migration's SQL reads (SQL has
 * no SHA-256).  Run before the migration, in its transaction, on either
 * engine.
 */
static int
chain_migrate(sb_ctx *ctx)
{
	static const char make[] =
	    "CREATE TEMP TABLE audit_chain (id BIGINT PRIMARY KEY, hash TEXT NOT NULL)";
	static const char rows[] = "SELECT id, at, actor, command, project_id, entity, entity_id, "
	    "version_before, version_after, changes FROM audit ORDER BY id";
	static const char put[] = "INSERT INTO audit_chain (id, hash) VALUES (?1, ?2)";
	unsigned char prev[SB_CHAIN_LEN], h[SB_CHAIN_LEN];
	char hex[SB_CHAIN_HEX + 1];
	struct sb_chain_val v[SB_CHAIN_COLS];
	sb_st *cur = NULL, *ins = NULL;
	int rc;

	if ((rc = sb_exec(ctx, make)) != SB_OK)
		return rc;
	if (sb_prepare(ctx, rows, &cur) != SQLITE_OK ||
	    sb_prepare(ctx, put, &ins) != SQLITE_OK) {
		rc = sb_sqlerr(ctx, "audit");
		goto out;
	}
	memset(prev, 0, sizeof(prev));
	while ((rc = sb_step(cur)) == SQLITE_ROW) {
		sb_chain_vals(cur, 0, v);
		sb_chain_hash(prev, v, h);
		sb_chain_hex(h, hex);
		memcpy(prev, h, sizeof(prev));
		sb_bind_int64(ins, 1, sb_col_int64(cur, 0));
		sb_bind_text(ins, 2, hex);
		if (sb_step(ins) != SQLITE_DONE) {
			rc = sb_sqlerr(ctx, "audit");
			goto out;
		}
		sb_reset(ins);
	}
	rc = rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "audit");
out:
	if (cur != NULL)
		sb_finalize(cur);
	if (ins != NULL)
		sb_finalize(ins);
	return rc;
}

/* What a migration needs done in C before its SQL runs (sb_pg_open() too). */
static int
before_migration(sb_ctx *ctx, int version)
{
	return version == SB_CHAIN_MIGRATION ? chain_migrate(ctx) : SB_OK;
}

/*
 * The triggers the migrations leave: each CREATE TRIGGER of a migration,
 * less those a later one drops.  SQLite: the text it keeps (to END).
 * PostgreSQL (the migrations' translations, mkschema.awk): the function
 * each one runs, and its text (to the semicolon), which the server's
 * definition of the trigger must be: the same events, timing, level,
 * arguments, no WHEN condition or column list of its own.
 */
struct want_trigger {
	char name[64];
	char func[64];       /* PostgreSQL */
	const char *text;    /* SQLite */
	size_t len;
	int seen;
};

#define MAX_TRIGGERS 16

static int
want_triggers(struct want_trigger *w, int pg)
{
	int n = 0;

	for (int i = 0; i < sb_migration_count; i++) {
		const char *sql = pg ? sb_migrations[i].pg : sb_migrations[i].sql, *p = sql;

		for (; *p != '\0'; p = strchr(p, '\n') != NULL ? strchr(p, '\n') + 1 : p + strlen(p)) {
			char name[64], func[64];
			const char *end, *fn;
			int k;

			if (sscanf(p, "CREATE TRIGGER %63[A-Za-z0-9_]", name) == 1) {
				func[0] = '\0';
				if (pg) {
					end = strchr(p, ';');
					fn = strstr(p, "EXECUTE FUNCTION ");
					if (end == NULL || fn == NULL || fn > end ||
					    sscanf(fn, "EXECUTE FUNCTION %63[A-Za-z0-9_]", func) != 1)
						continue;
					end -= 4; /* the text to the semicolon, not included */
				} else if ((end = strstr(p, "\nEND;")) == NULL) {
					continue;
				}
				for (k = 0; k < n && strcmp(w[k].name, name) != 0; k++)
					;
				if (k == n && n == MAX_TRIGGERS)
					continue;
				if (k == n)
					n++;
				snprintf(w[k].name, sizeof(w[k].name), "%s", name);
				snprintf(w[k].func, sizeof(w[k].func), "%s", func);
				w[k].text = p;
				w[k].len = (size_t)(end - p) + 4;
				w[k].seen = 0;
			} else if (sscanf(p, "DROP TRIGGER %63[A-Za-z0-9_]", name) == 1) {
				for (k = 0; k < n && strcmp(w[k].name, name) != 0; k++)
					;
				if (k < n)
					w[k] = w[--n];
			}
		}
	}
	return n;
}

/*
 * The same SQL but for the spacing: runs of white space count as one
 * space (a trigger made again from share/schema by sqlite3 keeps its tabs).
 */
static int
same_sql(const char *a, size_t alen, const char *b)
{
	const char *ae = a + alen;

	for (;;) {
		int sa = 0, sb = 0;

		while (a < ae && strchr(" \t\r\n", *a) != NULL && *a != '\0') {
			a++;
			sa = 1;
		}
		while (*b != '\0' && strchr(" \t\r\n", *b) != NULL) {
			b++;
			sb = 1;
		}
		if (a == ae || *b == '\0')
			return a == ae && *b == '\0';
		if (sa != sb || *a != *b)
			return 0;
		a++;
		b++;
	}
}

int
sb_check_triggers(sb_ctx *ctx)
{
	static const char lite[] =
	    "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'";
	/*
	 * The server's: every trigger of the schema's tables, enabled or not,
	 * its function, and its definition as the server writes it, the
	 * table's schema taken out ("ON public.audit": "ON audit"); and
	 * whether the function is still what it was made (sb_refuse()'s
	 * body, which a replaced function would change)
	 */
	static const char pg[] =
	    "SELECT t.tgname, t.tgenabled, p.proname, replace(pg_get_triggerdef(t.oid), "
	    "' ON ' || quote_ident(n.nspname) || '.', ' ON '), "
	    "CASE WHEN p.proname <> 'sb_refuse' OR p.prosrc = ?1 THEN 1 ELSE 0 END "
	    "FROM pg_trigger t "
	    "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = "
	    "c.relnamespace JOIN pg_proc p ON p.oid = t.tgfoid "
	    "WHERE NOT t.tgisinternal AND c.relnamespace = "
	    "CAST(current_schema() AS regnamespace)";
	struct want_trigger w[MAX_TRIGGERS];
	int n = want_triggers(w, ctx->pg != NULL), rc = SB_OK, step;
	sb_st *st;

	if (sb_prepare(ctx, ctx->pg != NULL ? pg : lite, &st) != SQLITE_OK)
		return sb_sqlerr(ctx, ctx->path);
	if (ctx->pg != NULL && sb_bind_text_static(st, 1, SB_PG_REFUSE_BODY) != SQLITE_OK) {
		rc = sb_sqlerr(ctx, ctx->path);
		sb_finalize(st);
		return rc;
	}
	while (rc == SB_OK && (step = sb_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sb_col_text(st, 0);
		const char *text = (const char *)sb_col_text(st, 1);
		int k;

		for (k = 0; k < n; k++)
			if (strcmp(w[k].name, name != NULL ? name : "") == 0)
				break;
		if (k == n) {
			rc = sb_err(ctx, SB_ETAMPER, "%s: a trigger stripboard did not "
			    "make (%.100s): the file was changed outside stripboard; "
			    "nothing written (see SECURITY in stripboard(7))", ctx->path,
			    name != NULL ? name : "");
			break;
		}
		if (ctx->pg != NULL ? text == NULL || strcmp(text, "O") != 0 ||
		    sb_col_type(st, 2) != SQLITE_TEXT ||
		    strcmp((const char *)sb_col_text(st, 2), w[k].func) != 0 ||
		    sb_col_type(st, 3) != SQLITE_TEXT ||
		    !same_sql(w[k].text, w[k].len, (const char *)sb_col_text(st, 3)) ||
		    sb_col_int(st, 4) != 1 :
		    text == NULL || !same_sql(w[k].text, w[k].len, text)) {
			rc = sb_err(ctx, SB_ETAMPER, "%s: the audit trail's trigger %.100s "
			    "was altered outside stripboard: the trail is open to "
			    "tampering; nothing written (sb-log --verify; SECURITY in "
			    "stripboard(7))", ctx->path, name);
			break;
		}
		w[k].seen++;
	}
	if (rc == SB_OK && step != SQLITE_DONE)
		rc = sb_sqlerr(ctx, ctx->path);
	sb_finalize(st);
	for (int k = 0; rc == SB_OK && k < n; k++)
		if (w[k].seen == 0)
			rc = sb_err(ctx, SB_ETAMPER, "%s: the audit trail's trigger %s "
			    "was removed outside stripboard: the trail is open to "
			    "tampering; nothing written (sb-log --verify; SECURITY in "
			    "stripboard(7))", ctx->path, w[k].name);
	return rc;
}

/*
 * What a migration leaves that can be looked for: its tables and indexes
 * (by name) and the columns it adds ("table.column"), read from its SQL as
 * want_triggers() reads its triggers, less the tables and indexes any
 * migration drops.
 */
struct want_mark {
	char name[130];
	int migration;	/* its index in sb_migrations */
	int seen;
};

#define MAX_MARKS 96

static int
want_marks(struct want_mark *w, int pg)
{
	int n = 0;

	for (int i = 0; i < sb_migration_count; i++) {
		const char *p = pg ? sb_migrations[i].pg : sb_migrations[i].sql;

		for (; *p != '\0'; p = strchr(p, '\n') != NULL ? strchr(p, '\n') + 1 : p + strlen(p)) {
			char a[64], b[64];
			int k;

			if (sscanf(p, "CREATE TABLE %63[A-Za-z0-9_]", a) == 1 ||
			    sscanf(p, "CREATE INDEX %63[A-Za-z0-9_]", a) == 1 ||
			    sscanf(p, "CREATE UNIQUE INDEX %63[A-Za-z0-9_]", a) == 1) {
				if (n < MAX_MARKS) {
					snprintf(w[n].name, sizeof(w[n].name), "%s", a);
					w[n].migration = i;
					w[n].seen = 0;
					n++;
				}
			} else if (sscanf(p, "ALTER TABLE %63[A-Za-z0-9_] ADD COLUMN "
			    "%63[A-Za-z0-9_]", a, b) == 2) {
				if (n < MAX_MARKS) {
					snprintf(w[n].name, sizeof(w[n].name), "%s.%s", a, b);
					w[n].migration = i;
					w[n].seen = 0;
					n++;
				}
			} else if (sscanf(p, "DROP TABLE %63[A-Za-z0-9_]", a) == 1 ||
			    sscanf(p, "DROP INDEX %63[A-Za-z0-9_]", a) == 1) {
				for (k = 0; k < n; k++)
					if (strcmp(w[k].name, a) == 0)
						w[k] = w[--n];
			}
		}
	}
	return n;
}

/*
 * The migrations the database's version counts as applied (version up to
 * uver) of which nothing is there: a development build once numbered them
 * out of order (009 landed before 006), and a file it migrated stands at
 * version 9 without what 006 makes.  *missing gets bit i for sb_migrations[i]
 * (the first of them named in *first).  A migration that is there in part
 * is not one to run again: SB_EDATA, the database refused.  On a server
 * (sb_pg_open() is given it) the objects are those of the schema the
 * connection works in, and a migration's are read from its translation.
 */
static int
find_unapplied(sb_ctx *ctx, int64_t uver, uint64_t *missing, int *first)
{
	/* its tables and indexes, and each table's columns as "table.column" */
	static const char objects[] =
	    "SELECT name FROM sqlite_schema WHERE type IN ('table', 'index') "
	    "UNION ALL SELECT m.name || '.' || c.name FROM sqlite_schema AS m, "
	    "pragma_table_info(m.name) AS c WHERE m.type = 'table'";
	static const char pg_objects[] =
	    "SELECT c.relname FROM pg_catalog.pg_class c WHERE c.relnamespace = "
	    "CAST(current_schema() AS regnamespace) AND c.relkind IN ('r', 'p', 'i') "
	    "UNION ALL SELECT c.relname || '.' || a.attname FROM pg_catalog.pg_class c "
	    "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid WHERE c.relnamespace = "
	    "CAST(current_schema() AS regnamespace) AND c.relkind IN ('r', 'p') "
	    "AND a.attnum > 0 AND NOT a.attisdropped";
	struct want_mark w[MAX_MARKS];
	int n = want_marks(w, ctx->pg != NULL), rc = SB_OK, step;
	sb_st *st;

	*missing = 0;
	*first = -1;
	if (sb_prepare(ctx, ctx->pg != NULL ? pg_objects : objects, &st) != SQLITE_OK)
		return sb_sqlerr(ctx, ctx->path);
	while ((step = sb_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sb_col_text(st, 0);

		for (int k = 0; name != NULL && k < n; k++)
			if (strcmp(w[k].name, name) == 0)
				w[k].seen = 1;
	}
	sb_finalize(st);
	if (step != SQLITE_DONE)
		return sb_sqlerr(ctx, ctx->path);
	for (int i = 0; i < sb_migration_count && i < 64 && rc == SB_OK; i++) {
		int marks = 0, seen = 0;
		const char *absent = NULL;

		if (sb_migrations[i].version > uver)
			break;
		for (int k = 0; k < n; k++)
			if (w[k].migration == i) {
				marks++;
				seen += w[k].seen;
				if (!w[k].seen && absent == NULL)
					absent = w[k].name;
			}
		if (marks == 0 || seen == marks)
			continue;
		if (seen > 0)
			rc = sb_err(ctx, SB_EDATA, "%s: schema version %lld, but migration "
			    "%s is there only in part (no %s %s): the %s was changed "
			    "outside stripboard; nothing written", ctx->path,
			    (long long)uver, sb_migrations[i].name,
			    strchr(absent, '.') != NULL ? "column" : "table or index", absent,
			    ctx->pg != NULL ? "database" : "file");
		*missing |= (uint64_t)1 << i;
		if (*first < 0)
			*first = i;
	}
	return rc;
}

static int
migrate(sb_ctx *ctx)
{
	uint64_t missing;
	int64_t have;
	int rc, first;
	char sql[128];

	rc = sb_exec(ctx, "BEGIN IMMEDIATE");
	if (rc != SB_OK) {
		char why[sizeof(ctx->errmsg)];

		memcpy(why, ctx->errmsg, sizeof(why));
		return sb_err(ctx, rc, "%s: cannot migrate: %.900s", ctx->path, why);
	}
	if ((rc = pragma_int(ctx, "PRAGMA user_version", &have)) != SB_OK ||
	    (rc = find_unapplied(ctx, have, &missing, &first)) != SB_OK)
		goto fail;
	/* the new ones, and any an older number skipped, in order */
	for (int i = 0; i < sb_migration_count; i++) {
		if (sb_migrations[i].version <= have && !(i < 64 && (missing >> i & 1)))
			continue;
		/* the chain of the rows already there, which SQL cannot hash */
		if ((rc = before_migration(ctx, sb_migrations[i].version)) != SB_OK)
			goto fail;
		rc = sb_exec(ctx, sb_migrations[i].sql);
		if (rc != SB_OK) {
			char why[sizeof(ctx->errmsg)];

			memcpy(why, ctx->errmsg, sizeof(why));
			sb_err(ctx, rc, "%s: migration %s: %.900s", ctx->path,
			    sb_migrations[i].name, why);
			goto fail;
		}
		if (sb_migrations[i].version == SB_PERM_MIGRATION &&
		    (rc = grant_owner(ctx)) != SB_OK)
			goto fail;
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d; PRAGMA application_id = %d",
	    latest_version(), SB_APPLICATION_ID);
	if ((rc = sb_exec(ctx, sql)) != SB_OK)
		goto fail;
	if ((rc = sb_exec(ctx, "COMMIT")) != SB_OK)
		goto fail;
	return SB_OK;
fail:
	sb_rollback(ctx);
	return rc;
}

/*
 * The name a new file is written under until its first commit puts it in
 * place (publish()): PATH.new-PID, made here, empty, so that no other
 * command's file is ever opened by mistake.
 */
static int
make_stage(sb_ctx *ctx, const char *path)
{
	size_t n = strlen(path) + 48;
	char *name = malloc(n);
	int fd = -1, e = 0;

	if (name == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	for (int i = 0; i < 100 && fd < 0; i++) {
		if (i == 0)
			snprintf(name, n, "%s.new-%ld", path, (long)getpid());
		else
			snprintf(name, n, "%s.new-%ld-%d", path, (long)getpid(), i);
		fd = open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		e = errno;
		if (fd < 0 && e != EEXIST)
			break;
	}
	if (fd < 0) {
		free(name);
		return sb_err(ctx, SB_EFAIL, "%s: cannot open: %s", path, strerror(e));
	}
	close(fd);
	ctx->stage = name;
	return SB_OK;
}

int
sb_open(sb_ctx *ctx, const char *path, unsigned flags)
{
	struct stat sb;
	int exists, empty, look, rc, oflags, first = -1;
	int64_t appid, uver, ntables;
	uint64_t missing = 0;

	close_db(ctx);
	free(ctx->path);
	ctx->path = NULL;
	ctx->created = 0;
	ctx->readonly = (flags & SB_OPEN_READONLY) != 0;
	if (sb_pg_uri(path)) {
		/* the URI may hold a password: it is never kept or echoed */
		if (!(flags & SB_OPEN_SERVER))
			return sb_err(ctx, SB_EUSAGE, "a PostgreSQL database: this "
			    "command does not work on a PostgreSQL server yet; give "
			    "it a stripboard file");
		if ((rc = sb_pg_open(ctx, path, flags, before_migration, find_unapplied)) != SB_OK)
			return rc;
		/* a writer refuses a database whose trail can be rewritten unseen */
		if (!ctx->readonly && (rc = sb_check_triggers(ctx)) != SB_OK)
			sb_pg_close(ctx);
		return rc;
	}
	ctx->path = sb_strdup(path);
	if (ctx->path == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	if (ctx->actor == NULL && (rc = sb_set_actor(ctx, NULL)) != SB_OK)
		return rc;
	if (sb_user(ctx)[0] == '\0')
		return sb_err(ctx, SB_EFAIL, "out of memory");

	exists = stat(path, &sb) == 0;
	if (!exists && errno != ENOENT)
		return sb_err(ctx, SB_EFAIL, "%s: %s", path, strerror(errno));
	if (exists && S_ISDIR(sb.st_mode))
		return sb_err(ctx, SB_EDATA, "%s: is a directory, not a database", path);
	if (!exists && (!(flags & SB_OPEN_CREATE) || ctx->readonly))
		return sb_err(ctx, SB_ENOTFOUND, "%s: no such database "
		    "(sb-import creates one)", path);
	/*
	 * Look before SQLite opens it: a foreign file stays untouched, and only
	 * a creator makes a database of an empty file.
	 */
	look = exists ? look_at(path, &sb) : LOOK_EMPTY;
	empty = exists && look == LOOK_EMPTY;
	if (look == LOOK_NOT_SQLITE)
		return sb_err(ctx, SB_EDATA, "%s: not a stripboard database "
		    "(not an SQLite file)", path);
	if (look == LOOK_FOREIGN)
		return sb_err(ctx, SB_EDATA, "%s: not a stripboard database "
		    "(an SQLite file of another application)", path);
	if (exists && (look == LOOK_EMPTY || look == LOOK_BLANK_SQLITE) &&
	    (!(flags & SB_OPEN_CREATE) || ctx->readonly))
		return sb_err(ctx, SB_EDATA, "%s: not a stripboard database "
		    "(%s; sb-import creates one)", path, look == LOOK_EMPTY ?
		    "an empty file" : "an SQLite file with nothing in it");
	if ((rc = check_local(ctx, path)) != SB_OK)
		return rc;

	oflags = SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX;
	oflags |= ctx->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	/* a new file: written under another name until its commit (publish()) */
	if (!exists && (flags & SB_OPEN_STAGE) && path[0] != '\0' &&
	    strcmp(path, ":memory:") != 0 && (rc = make_stage(ctx, path)) != SB_OK)
		return rc;
	if (!exists && ctx->stage == NULL)
		oflags |= SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(ctx->stage != NULL ? ctx->stage : path, &ctx->db,
	    oflags, NULL);
	if (rc != SQLITE_OK) {
		rc = sb_err(ctx, sb_status_of_sqlite(rc) == SB_EPERM ? SB_EPERM : SB_EFAIL,
		    "%s: cannot open: %s", path,
		    ctx->db != NULL ? sqlite3_errmsg(ctx->db) : sqlite3_errstr(rc));
		close_db(ctx);
		return rc;
	}
	ctx->created = !exists ? 1 : empty ? 2 : 0;
	if (empty) {
		ctx->empty_times[0] = sb.st_atim;
		ctx->empty_times[1] = sb.st_mtim;
	}
	sqlite3_busy_timeout(ctx->db, ctx->busy_ms);
	sqlite3_extended_result_codes(ctx->db, 1);

	/* Look before writing anything: a foreign file stays untouched. */
	if ((rc = pragma_int(ctx, "SELECT count(*) FROM sqlite_schema", &ntables)) != SB_OK) {
		if (rc == SB_EDATA)
			rc = sb_err(ctx, SB_EDATA, "%s: not a stripboard database "
			    "(not an SQLite file)", path);
		goto fail;
	}
	if ((rc = pragma_int(ctx, "PRAGMA application_id", &appid)) != SB_OK ||
	    (rc = pragma_int(ctx, "PRAGMA user_version", &uver)) != SB_OK)
		goto fail;
	if (appid != SB_APPLICATION_ID && !(appid == 0 && uver == 0 && ntables == 0)) {
		rc = sb_err(ctx, SB_EDATA, "%s: not a stripboard database "
		    "(an SQLite file of another application)", path);
		goto fail;
	}
	if (appid == 0 && (!(flags & SB_OPEN_CREATE) || ctx->readonly)) {
		/* SQLite, but nothing in it yet: not ours to fill */
		rc = sb_err(ctx, SB_EDATA, "%s: not a stripboard database "
		    "(an SQLite file with nothing in it; sb-import creates one)", path);
		goto fail;
	}
	if (uver > latest_version()) {
		rc = sb_err(ctx, SB_EDATA, "%s: schema version %lld is newer than "
		    "this stripboard understands (%d); upgrade stripboard", path,
		    (long long)uver, latest_version());
		goto fail;
	}
	if (uver > 0 && (rc = find_unapplied(ctx, uver, &missing, &first)) != SB_OK)
		goto fail;
	if (ctx->readonly) {
		if (uver < latest_version()) {
			rc = sb_err(ctx, SB_EDATA, "%s: an older database (schema "
			    "version %lld); open it once for writing to migrate it",
			    path, (long long)uver);
			goto fail;
		}
		if (missing != 0) {
			rc = sb_err(ctx, SB_EDATA, "%s: schema version %lld, but "
			    "migration %s was never applied (a development build ran "
			    "the migrations out of order); open it once for writing "
			    "to apply it", path, (long long)uver, sb_migrations[first].name);
			goto fail;
		}
		rc = sb_exec(ctx, "PRAGMA foreign_keys = ON");
		if (rc != SB_OK)
			goto fail;
		return SB_OK;
	}
	/*
	 * A file this command creates holds nothing yet: its header (the
	 * switch to the log, written through a rollback journal) and its
	 * migrations are written without syncs (four and two of them), and
	 * the command's own commit syncs the log with all of it, the
	 * directory with the file's name, and the checkpoint at close the
	 * file (checkpoint_at_close()).  A crash before leaves a file with
	 * nothing in it, or nothing committed: what was there before.
	 */
	if ((rc = sb_exec(ctx, ctx->stage != NULL ? "PRAGMA synchronous = OFF; "
	    "PRAGMA journal_mode = MEMORY; PRAGMA foreign_keys = ON" :
	    ctx->created ? "PRAGMA synchronous = OFF; "
	    "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON" :
	    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
	    "PRAGMA foreign_keys = ON")) != SB_OK) {
		char why[sizeof(ctx->errmsg)];

		memcpy(why, ctx->errmsg, sizeof(why));
		sb_err(ctx, rc, "%s: %.900s", path, why);
		goto fail;
	}
	ctx->header_unsynced = ctx->created != 0 && ctx->stage == NULL;
	if ((uver < latest_version() || missing != 0) && (rc = migrate(ctx)) != SB_OK)
		goto fail;
	if (ctx->created && ctx->stage == NULL &&
	    (rc = sb_exec(ctx, "PRAGMA synchronous = FULL")) != SB_OK)
		goto fail;
	/* after the migrations: from here, each commit syncs the log */
	sqlite3_wal_hook(ctx->db, wal_hook, ctx);
	/* a writer refuses a file whose trail can be rewritten unseen */
	if ((rc = sb_check_triggers(ctx)) != SB_OK)
		goto fail;
	return SB_OK;
fail:
	close_db(ctx);
	return rc;
}
