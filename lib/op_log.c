/*
 * op_log.c - reading the audit trail back: the rows that match a filter,
 * stepped from SQLite a page at a time, each with a line for people; and
 * following the trail, waiting for other processes' commits without ever
 * holding the database.
 *
 * The filter reads the rows generically: by entity and entity id, and by
 * the keys of their "about" context (board_id, board, strip, day), so that
 * rows of kinds written later are found by the same rules.
 */
#include <config.h>

#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json_priv.h"
#include "sb_priv.h"
#include "log_priv.h"
#include "lookup_priv.h"
#include "perm_priv.h"

/*
 * Rows per statement run.  Between pages the statement is reset, which
 * ends its read transaction: a slow reader of the output holds up no
 * checkpoint for longer than one page.
 */
#define LOG_PAGE 256

struct sb_log;
static int data_version(struct sb_log *log, int64_t *v);

struct sb_log {
	sb_ctx *ctx;
	sb_st *st;

	/* the filter, resolved to ids */
	int64_t project_id;     /* 0: every project */
	int64_t board_id;
	char *board_name;
	int64_t strip_id;       /* 0: the strip is gone; matched by uid alone */
	char *strip_uid;
	int64_t day_no, day_id; /* day_id 0: no such day now */
	char *user;
	char *since_at;
	int has_board, has_strip, has_day;
	int several_projects;   /* the table names the project of each row */

	/* keyset bounds: the next page holds rows with lo < id < hi */
	int64_t lo, hi;
	int64_t limit, count;
	int newest_first;

	/* the page being stepped */
	int in_page;
	int64_t page_size, page_rows;

	/* following */
	int follow;
	struct sb_log_follow fopt;
	int64_t data_version;

	int64_t printed;
	struct sb_log_row row;
	struct sb_buf summary;
};

/*
 * Time
 */

static int
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

/*
 * Parse a time as the audit trail writes it, or less of it, with an
 * optional offset, into the trail's own form (UTC, milliseconds), so
 * that rows compare as text.
 */
int
sb_time_parse(const char *s, char out[32])
{
	int y, mo, d, h = 0, mi = 0, sec = 0, ms = 0, off = 0, oh, om;
	char datebuf[SB_DATE_BUFSZ];
	sb_date date;
	int64_t t, days;
	const char *p = s;

	if (strlen(s) < 10 || !digits(p, 4, &y) || p[4] != '-' || !digits(p + 5, 2, &mo) ||
	    p[7] != '-' || !digits(p + 8, 2, &d))
		return 0;
	snprintf(datebuf, sizeof(datebuf), "%.10s", s);
	if (sb_date_parse(datebuf, &date) != SB_OK)
		return 0;
	p += 10;
	if (*p == 'T' || *p == ' ') {
		if (!digits(p + 1, 2, &h) || p[3] != ':' || !digits(p + 4, 2, &mi) ||
		    h > 23 || mi > 59)
			return 0;
		p += 6;
		if (*p == ':') {
			if (!digits(p + 1, 2, &sec) || sec > 59)
				return 0;
			p += 3;
			if (*p == '.') {
				int scale = 100;

				p++;
				if (*p < '0' || *p > '9')
					return 0;
				for (; *p >= '0' && *p <= '9'; p++, scale /= 10)
					ms += (*p - '0') * scale;
			}
		}
	}
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1;

		if (!digits(p + 1, 2, &oh))
			return 0;
		p += 3;
		if (*p == ':')
			p++;
		if (!digits(p, 2, &om) || oh > 23 || om > 59)
			return 0;
		p += 2;
		off = sign * (oh * 60 + om);
	}
	if (*p != '\0')
		return 0;
	t = (int64_t)date * 86400000 + ((int64_t)h * 3600 + mi * 60 + sec) * 1000 + ms -
	    (int64_t)off * 60000;
	days = t >= 0 ? t / 86400000 : -((-t + 86399999) / 86400000);
	t -= days * 86400000;
	sb_date_format((sb_date)days, datebuf, sizeof(datebuf));
	snprintf(out, 32, "%sT%02d:%02d:%02d.%03dZ", datebuf, (int)(t / 3600000),
	    (int)(t / 60000 % 60), (int)(t / 1000 % 60), (int)(t % 1000));
	return 1;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The query
 */

/* The changes as JSON, or NULL when the stored text is not JSON. */
#define J "(CASE WHEN json_valid(a.changes) = 1 THEN a.changes END)"

/* Every import rewrites the whole production: part of any strip's, board's or day's story. */
#define IMPORT_ROW "(a.entity = 'project' AND json_extract(" J ", '$.import') IS NOT NULL)"

static const char q_select[] =
    "SELECT a.id, a.at, a.actor, a.command, a.project_id, p.name, a.entity,"
    " a.entity_id, a.version_before, a.version_after,"
    " CASE WHEN json_valid(a.changes) = 1 THEN json(a.changes) END, a.changes"
    " FROM audit a LEFT JOIN project p ON p.id = a.project_id"
    " WHERE a.id > ?1 AND a.id < ?2";
static const char q_project[] = " AND a.project_id = ?3";
static const char q_user[] = " AND a.actor = ?4";
static const char q_since[] = " AND a.at >= ?5";
/* rows on the board: by its id, or by its name where a row has no id */
static const char q_board[] =
    " AND (" IMPORT_ROW
    " OR (a.entity = 'board' AND a.entity_id = ?6)"
    " OR CAST(json_extract(" J ", '$.about.board_id') AS INTEGER) = ?6"
    " OR (json_extract(" J ", '$.about.board_id') IS NULL"
    "     AND json_extract(" J ", '$.about.board') = ?7))";
/* rows of the strip: by its uid (which outlives re-imports), or its ids now */
static const char q_strip[] =
    " AND (" IMPORT_ROW
    " OR (a.entity IN ('strip', 'placement')"
    "     AND json_extract(" J ", '$.about.strip') = ?9)"
    " OR (a.entity = 'strip' AND a.entity_id = ?8)"
    " OR (a.entity = 'placement'"
    "     AND a.entity_id IN (SELECT id FROM placement WHERE strip_id = ?8)))";
/* rows of a day: by the number it had then, or the day that has that number now */
static const char q_day[] =
    " AND (" IMPORT_ROW
    " OR (a.entity IN ('placement', 'day')"
    "     AND CAST(json_extract(" J ", '$.about.board_id') AS INTEGER) = ?6"
    "     AND (CAST(json_extract(" J ", '$.about.day[0]') AS INTEGER) = ?10"
    "          OR CAST(json_extract(" J ", '$.about.day[1]') AS INTEGER) = ?10))"
    " OR (a.entity = 'day' AND a.entity_id = ?11)"
    " OR (a.entity = 'placement'"
    "     AND (CAST(json_extract(" J ", '$.set.day_id[0]') AS INTEGER) = ?11"
    "          OR CAST(json_extract(" J ", '$.set.day_id[1]') AS INTEGER) = ?11)))";
static const char q_oldest[] = " ORDER BY a.id LIMIT ?12";
static const char q_newest[] = " ORDER BY a.id DESC LIMIT ?12";

static int
prepare(sb_log *log)
{
	struct sb_buf sql;
	int rc;

	sb_buf_init(&sql);
	sb_buf_puts(&sql, q_select);
	if (log->project_id > 0)
		sb_buf_puts(&sql, q_project);
	if (log->user != NULL)
		sb_buf_puts(&sql, q_user);
	if (log->since_at != NULL)
		sb_buf_puts(&sql, q_since);
	if (log->has_board)
		sb_buf_puts(&sql, q_board);
	if (log->has_strip)
		sb_buf_puts(&sql, q_strip);
	if (log->has_day)
		sb_buf_puts(&sql, q_day);
	sb_buf_puts(&sql, log->newest_first ? q_newest : q_oldest);
	if (sql.failed) {
		sb_buf_free(&sql);
		return sb_err(log->ctx, SB_EFAIL, "out of memory");
	}
	/* the statement of this log alone: it is stepped while others run */
	rc = sb_prepare(log->ctx, sb_buf_str(&sql), &log->st);
	sb_buf_free(&sql);
	if (rc != SQLITE_OK)
		return sb_sqlerr(log->ctx, "audit");
	return SB_OK;
}

static void
bind_page(sb_log *log)
{
	sb_st *st = log->st;
	int64_t size = LOG_PAGE;

	if (log->limit > 0 && log->limit - log->count < size)
		size = log->limit - log->count;
	log->page_size = size;
	log->page_rows = 0;
	sb_reset(st);
	sb_clear_bindings(st);
	sb_bind_int64(st, 1, log->lo);
	sb_bind_int64(st, 2, log->hi);
	if (log->project_id > 0)
		sb_bind_int64(st, 3, log->project_id);
	sb_bind_text(st, 4, log->user);
	sb_bind_text(st, 5, log->since_at);
	if (log->has_board || log->has_day) {
		sb_bind_int64(st, 6, log->board_id);
		sb_bind_text(st, 7, log->board_name);
	}
	if (log->has_strip) {
		if (log->strip_id > 0)
			sb_bind_int64(st, 8, log->strip_id);
		sb_bind_text(st, 9, log->strip_uid);
	}
	if (log->has_day) {
		sb_bind_int64(st, 10, log->day_no);
		if (log->day_id > 0)
			sb_bind_int64(st, 11, log->day_id);
	}
	sb_bind_int64(st, 12, size);
}

/*
 * Resolving the filter
 */

static int
one_int(sb_ctx *ctx, const char *sql, int64_t *out)
{
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	rc = sb_step(st);
	*out = rc == SQLITE_ROW ? sb_col_int64(st, 0) : 0;
	sb_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sb_sqlerr(ctx, "audit");
	return SB_OK;
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static int
find_board(sb_log *log, const char *ref)
{
	static const char by_id[] = "SELECT id FROM board WHERE project_id = ?1 AND id = ?2";
	static const char name_of[] = "SELECT name FROM board WHERE id = ?1";
	sb_ctx *ctx = log->ctx;
	sb_st *st;
	int rc;

	rc = sb_board_find(ctx, log->project_id, ref, &log->board_id);
	if (rc == SB_ENOTFOUND && ref != NULL && all_digits(ref)) {
		if ((st = sb_stmt(ctx, by_id)) == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, log->project_id);
		sb_bind_int64(st, 2, strtoll(ref, NULL, 10));
		rc = sb_step(st);
		if (rc == SQLITE_ROW)
			log->board_id = sb_col_int64(st, 0);
		sb_reset(st);
		if (rc == SQLITE_ROW)
			rc = SB_OK;
		else if (rc == SQLITE_DONE)
			rc = sb_err(ctx, SB_ENOTFOUND, "no board called \"%s\"", ref);
		else
			rc = sb_sqlerr(ctx, "board");
	}
	if (rc != SB_OK)
		return rc;
	if ((st = sb_stmt(ctx, name_of)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, log->board_id);
	if (sb_step(st) == SQLITE_ROW)
		log->board_name = sb_strdup((const char *)sb_col_text(st, 0));
	sb_reset(st);
	if (log->board_name == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	log->has_board = 1;
	return SB_OK;
}

static int
find_strip(sb_log *log, const char *ref)
{
	static const char uid_of[] = "SELECT uid FROM strip WHERE id = ?1";
	/* a strip that is gone still has its trail, under its uid */
	static const char gone[] =
	    "SELECT 1 FROM audit a WHERE a.project_id = ?1"
	    " AND a.entity IN ('strip', 'placement')"
	    " AND json_extract(" J ", '$.about.strip') = ?2 LIMIT 1";
	sb_ctx *ctx = log->ctx;
	sb_st *st;
	int rc;

	rc = sb_strip_find(ctx, log->project_id, ref, &log->strip_id);
	if (rc == SB_ENOTFOUND) {
		char keep[sizeof(ctx->errmsg)];

		memcpy(keep, ctx->errmsg, sizeof(keep));
		if ((st = sb_stmt(ctx, gone)) == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, log->project_id);
		sb_bind_text(st, 2, ref);
		rc = sb_step(st);
		sb_reset(st);
		if (rc == SQLITE_ROW) {
			log->strip_id = 0;
			log->strip_uid = sb_strdup(ref);
			if (log->strip_uid == NULL)
				return sb_err(ctx, SB_EFAIL, "out of memory");
			log->has_strip = 1;
			return SB_OK;
		}
		if (rc != SQLITE_DONE)
			return sb_sqlerr(ctx, "audit");
		return sb_err(ctx, SB_ENOTFOUND, "%s", keep);
	}
	if (rc != SB_OK)
		return rc;
	if ((st = sb_stmt(ctx, uid_of)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, log->strip_id);
	if (sb_step(st) == SQLITE_ROW)
		log->strip_uid = sb_strdup((const char *)sb_col_text(st, 0));
	sb_reset(st);
	if (log->strip_uid == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	log->has_strip = 1;
	return SB_OK;
}

static int
find_day(sb_log *log, int64_t n)
{
	int64_t lane;
	int rc;

	log->day_no = n;
	log->day_id = 0;
	log->has_day = 1;
	/* a day that is not there now still has its history under its number */
	rc = sb_lane_get(log->ctx, log->board_id, "schedule", 0, &lane);
	if (rc == SB_OK)
		rc = sb_shoot_day(log->ctx, lane, n, &log->day_id);
	if (rc == SB_ENOTFOUND) {
		static const char had_days[] =
		    "SELECT 1 FROM audit a WHERE a.project_id = ?1 AND a.entity = 'day'"
		    " AND CAST(json_extract(" J ", '$.about.board_id') AS INTEGER) = ?2 LIMIT 1";
		sb_st *st = sb_stmt(log->ctx, had_days);

		log->day_id = 0;
		if (st == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, log->project_id);
		sb_bind_int64(st, 2, log->board_id);
		rc = sb_step(st);
		sb_reset(st);
		if (rc == SQLITE_ROW)
			return SB_OK;
		if (rc != SQLITE_DONE)
			return sb_sqlerr(log->ctx, "audit");
		/* no day now, none ever: a board with no days says so */
		return sb_board_has_days(log->ctx, log->board_id);
	}
	return rc;
}

static int
resolve(sb_log *log, const struct sb_log_filter *f, const struct sb_log_follow *follow)
{
	sb_ctx *ctx = log->ctx;
	int64_t n;
	int rc;

	if (f->limit < 0 || f->day < 0)
		return sb_err(ctx, SB_EUSAGE, "a limit or day number below zero");
	if (follow != NULL && f->newest_first)
		return sb_err(ctx, SB_EUSAGE, "a log that follows runs oldest first");
	if (follow != NULL && (follow->interval_ms < 1 || follow->coalesce_ms < 0))
		return sb_err(ctx, SB_EUSAGE, "the follow interval must be at least 1 ms, "
		    "the quiet time at least 0");
	log->limit = f->limit;
	log->newest_first = f->newest_first;
	log->lo = 0;
	log->hi = INT64_MAX;

	if (f->project != NULL || f->board != NULL || f->strip != NULL || f->day > 0) {
		if ((rc = sb_project_find(ctx, f->project, &log->project_id)) != SB_OK)
			return rc;
	} else {
		if ((rc = one_int(ctx, "SELECT count(*) FROM project", &n)) != SB_OK)
			return rc;
		log->several_projects = n > 1;
	}
	if ((f->board != NULL || f->day > 0) && (rc = find_board(log, f->board)) != SB_OK)
		return rc;
	/* a day alone narrows the rows to it: the board is its context */
	if (f->day > 0 && f->board == NULL)
		log->has_board = 0;
	if (f->strip != NULL && (rc = find_strip(log, f->strip)) != SB_OK)
		return rc;
	if (f->day > 0 && (rc = find_day(log, f->day)) != SB_OK)
		return rc;
	if (f->user != NULL && (log->user = sb_strdup(f->user)) == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	{
		/* a viewer of what the rows are about: a strip, a day, a board, a
		 * project (the only one of the file, when none is named), or the file */
		struct sb_scope s = { log->project_id, 0, 0, 0 };

		if (f->board != NULL || f->day > 0)
			s.board_id = log->board_id;
		if (f->day > 0)
			s.day_id = log->day_id;
		if (f->strip != NULL)
			s.strip_id = log->strip_id;
		if (s.project_id == 0 && !log->several_projects &&
		    (rc = sb_project_find(ctx, NULL, &s.project_id)) != SB_OK &&
		    rc != SB_ENOTFOUND)
			return rc;
		if ((rc = sb_perm_require(ctx, SB_ACT_READ, &s)) != SB_OK)
			return rc;
	}

	if (f->since != NULL && all_digits(f->since)) {
		errno = 0;
		log->lo = strtoll(f->since, NULL, 10);
		if (errno != 0)
			return sb_err(ctx, SB_EUSAGE, "since: %s is not an audit id", f->since);
	} else if (f->since != NULL) {
		char t[32];

		if (!sb_time_parse(f->since, t))
			return sb_err(ctx, SB_EUSAGE, "since: \"%s\" is neither an audit id "
			    "nor a time (YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM])", f->since);
		if ((log->since_at = sb_strdup(t)) == NULL)
			return sb_err(ctx, SB_EFAIL, "out of memory");
	} else if (follow != NULL) {
		/* nothing from before now */
		if ((rc = one_int(ctx, "SELECT max(id) FROM audit", &log->lo)) != SB_OK)
			return rc;
	}
	return SB_OK;
}

int
sb_log_open(sb_ctx *ctx, const struct sb_log_filter *filter,
    const struct sb_log_follow *follow, sb_log **logp)
{
	sb_log *log;
	int rc;

	*logp = NULL;
	if (!sb_db_open(ctx))
		return sb_err(ctx, SB_EUSAGE, "no database open");
	if ((log = calloc(1, sizeof(*log))) == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	log->ctx = ctx;
	sb_buf_init(&log->summary);
	if ((rc = resolve(log, filter, follow)) == SB_OK)
		rc = prepare(log);
	if (rc != SB_OK) {
		sb_log_close(log);
		return rc;
	}
	if (follow != NULL) {
		log->follow = 1;
		log->fopt = *follow;
		/*
		 * Short waits inside SQLite, the rest in our own loop: a busy
		 * database is waited out, and a stop is seen within an interval.
		 */
		sb_busy_wait(ctx, follow->interval_ms < ctx->busy_ms ?
		    follow->interval_ms : ctx->busy_ms);
		/* before the first read: no commit after it goes unannounced */
		if ((rc = sb_watch_start(ctx)) != SB_OK) {
			sb_log_close(log);
			return rc;
		}
		if (data_version(log, &log->data_version) != SB_OK)
			log->data_version = -1; /* the first wait reads at once */
	}
	*logp = log;
	return SB_OK;
}

void
sb_log_close(sb_log *log)
{
	if (log == NULL)
		return;
	if (log->st != NULL)
		sb_finalize(log->st);
	if (log->follow && sb_db_open(log->ctx))
		sb_busy_wait(log->ctx, log->ctx->busy_ms);
	free(log->board_name);
	free(log->strip_uid);
	free(log->user);
	free(log->since_at);
	sb_buf_free(&log->summary);
	free(log);
}

int64_t
sb_log_last_id(const sb_log *log)
{
	return log->newest_first ? log->hi : log->lo;
}

/*
 * Following
 */

static int
stopped(const sb_log *log)
{
	return log->fopt.stop != NULL && *log->fopt.stop;
}

/*
 * Sleep ms, watching the descriptor: 1 when it is time to stop (a stop was
 * asked for, or the reader went away), else 0.  A signal ends the nap
 * early; the caller looks again.
 */
static int
nap(const sb_log *log, int ms)
{
	struct pollfd pfd[2];
	int n;

	if (stopped(log))
		return 1;
	/* no events asked for: poll() reports only errors and hang-ups */
	pfd[0].fd = log->fopt.watch_fd;
	pfd[0].events = 0;
	pfd[0].revents = 0;
	/* the server's announcements wake the nap (PostgreSQL) */
	pfd[1].fd = sb_watch_fd(log->ctx);
	pfd[1].events = POLLIN;
	pfd[1].revents = 0;
	if (pfd[0].fd < 0)
		pfd[0] = pfd[1];
	n = poll(pfd, (pfd[0].fd >= 0) + (pfd[1].fd >= 0 && pfd[0].fd != pfd[1].fd), ms);
	if (n > 0 && pfd[0].fd == log->fopt.watch_fd &&
	    (pfd[0].revents & (POLLERR | POLLHUP | POLLNVAL)))
		return 1;
	return stopped(log);
}

/* A number that changes when another client commits (sb_data_version). */
static int
data_version(sb_log *log, int64_t *v)
{
	return sb_data_version(log->ctx, v);
}

/* Wait out a busy database: back off up to a second. */
static int
backoff(sb_log *log, int *delay)
{
	int ms = *delay;

	*delay = *delay * 2 > 1000 ? 1000 : *delay * 2;
	return nap(log, ms);
}

int
sb_log_wait(sb_log *log)
{
	int delay = log->fopt.interval_ms;
	/*
	 * A file is looked at every interval; a server announces its commits
	 * on the connection's socket, which wakes the nap: then it wakes by
	 * itself only to see whether a stop was asked for, asking nothing.
	 */
	int every = sb_watch_fd(log->ctx) >= 0 ? 1000 : log->fopt.interval_ms;
	int64_t v, v2, start;
	int rc;

	if (!log->follow)
		return sb_err(log->ctx, SB_EUSAGE, "the log was not opened to follow");
	if (log->limit > 0 && log->count >= log->limit)
		return SB_LOG_STOPPED;
	/* every statement is reset here: no read transaction is open */
	for (;;) {
		if (nap(log, every))
			return SB_LOG_STOPPED;
		rc = data_version(log, &v);
		if (rc == SB_EBUSY) {
			if (backoff(log, &delay))
				return SB_LOG_STOPPED;
			continue;
		}
		if (rc != SB_OK)
			return rc;
		delay = log->fopt.interval_ms;
		if (v != log->data_version)
			break;
	}
	/* a burst of commits is read in one batch: wait for a quiet moment */
	start = now_ms();
	while (log->fopt.coalesce_ms > 0 &&
	    now_ms() - start < (int64_t)log->fopt.coalesce_ms * 10) {
		if (nap(log, log->fopt.coalesce_ms))
			return SB_LOG_STOPPED;
		if (data_version(log, &v2) != SB_OK || v2 == v)
			break;
		v = v2;
	}
	return SB_OK;
}

static void
summarize(sb_log *log, const struct sb_log_row *r)
{
	sb_log_summarize(&log->summary, r);
}

/*
 * Stepping
 */

static const char *
col_text(sb_st *st, int i)
{
	return (const char *)sb_col_text(st, i);
}

static void
fill_row(sb_log *log)
{
	sb_st *st = log->st;
	struct sb_log_row *r = &log->row;

	r->id = sb_col_int64(st, 0);
	r->at = col_text(st, 1);
	r->actor = col_text(st, 2);
	r->command = col_text(st, 3);
	r->project_id = sb_col_int64(st, 4);
	r->project = col_text(st, 5);
	r->entity = col_text(st, 6);
	r->entity_id = sb_col_int64(st, 7);
	r->version_before = sb_col_int64(st, 8);
	r->version_after = sb_col_int64(st, 9);
	r->changes = col_text(st, 10);
	r->changes_raw = r->changes == NULL ? col_text(st, 11) : NULL;
	if (r->at == NULL)
		r->at = "";
	if (r->actor == NULL)
		r->actor = "";
	if (r->command == NULL)
		r->command = "";
	if (r->entity == NULL)
		r->entity = "";
	summarize(log, r);
	r->summary = log->summary.failed ? "" : sb_buf_str(&log->summary);
}

int
sb_log_next(sb_log *log, const struct sb_log_row **row)
{
	int delay = log->follow ? log->fopt.interval_ms : 0;
	int rc;

	*row = NULL;
	for (;;) {
		if (log->limit > 0 && log->count >= log->limit) {
			sb_reset(log->st);
			log->in_page = 0;
			return 0;
		}
		if (!log->in_page) {
			/*
			 * Note the data version before reading, so that a commit
			 * landing during the read wakes the next wait.
			 */
			if (log->follow) {
				rc = data_version(log, &log->data_version);
				if (rc == SB_EBUSY) {
					if (backoff(log, &delay))
						return 0;
					continue;
				}
				if (rc != SB_OK)
					return rc;
			}
			bind_page(log);
			log->in_page = 1;
		}
		rc = sb_step(log->st);
		if (rc == SQLITE_ROW) {
			fill_row(log);
			if (log->newest_first)
				log->hi = log->row.id;
			else
				log->lo = log->row.id;
			log->count++;
			log->page_rows++;
			*row = &log->row;
			return 1;
		}
		sb_reset(log->st);
		log->in_page = 0;
		if (rc == SQLITE_DONE) {
			if (log->page_rows < log->page_size)
				return 0;
			continue; /* a full page: there may be more */
		}
		if (log->follow && sb_status_of_sqlite(rc) == SB_EBUSY) {
			/* the keyset bounds make a retry start where this stopped */
			if (backoff(log, &delay))
				return 0;
			continue;
		}
		return sb_sqlerr(log->ctx, "audit");
	}
}

/*
 * Output
 */

/* Table text on one line: control characters become spaces. */
static void
table_text(FILE *out, const char *s, int width)
{
	int n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		fputc(*p < 0x20 || *p == 0x7f ? ' ' : *p, out);
		if ((*p & 0xc0) != 0x80)
			n++;
	}
	for (; n < width; n++)
		fputc(' ', out);
}

static int
check_format(sb_log *log, int format)
{
	if (format == SB_FMT_NDJSON || format == SB_FMT_JSON || format == SB_FMT_CSV ||
	    format == SB_FMT_TABLE)
		return SB_OK;
	return sb_err(log->ctx, SB_EUSAGE, "the trail is written as ndjson, json, csv "
	    "or table, not %s", sb_format_name(format));
}

int
sb_log_print_head(sb_log *log, int format, FILE *out)
{
	int rc = check_format(log, format);

	if (rc != SB_OK)
		return rc;
	log->printed = 0;
	if (format == SB_FMT_CSV)
		fputs("id,at,actor,command,project,entity,entity_id,version_before,"
		    "version_after,summary,changes\n", out);
	else if (format == SB_FMT_TABLE)
		fprintf(out, "%6s  %-19s  %-10s  %s\n", "ID", "TIME (UTC)", "WHO", "WHAT");
	else if (format == SB_FMT_JSON)
		fputs("[", out);
	return SB_OK;
}

static void
json_object_out(const struct sb_log_row *r, FILE *out)
{
	fprintf(out, "{\"id\":%lld,\"at\":", (long long)r->id);
	sb_json_write_string(out, r->at);
	fputs(",\"actor\":", out);
	sb_json_write_string(out, r->actor);
	fputs(",\"command\":", out);
	sb_json_write_string(out, r->command);
	fputs(",\"project\":", out);
	sb_json_write_string(out, r->project);
	fputs(",\"entity\":", out);
	sb_json_write_string(out, r->entity);
	fputs(",\"entity_id\":", out);
	if (r->entity_id != 0)
		fprintf(out, "%lld", (long long)r->entity_id);
	else
		fputs("null", out);
	fprintf(out, ",\"version_before\":%lld,\"version_after\":%lld,\"changes\":",
	    (long long)r->version_before, (long long)r->version_after);
	if (r->changes != NULL)
		sb_json_write_text(out, r->changes);
	else
		sb_json_write_string(out, r->changes_raw);
	fputs(",\"summary\":", out);
	sb_json_write_string(out, r->summary);
	fputc('}', out);
}

int
sb_log_print_row(sb_log *log, const struct sb_log_row *r, int format, FILE *out)
{
	char num[4][24], when[20];
	int rc = check_format(log, format);

	if (rc != SB_OK)
		return rc;
	switch (format) {
	case SB_FMT_NDJSON:
		json_object_out(r, out);
		fputc('\n', out);
		break;
	case SB_FMT_JSON:
		fputs(log->printed > 0 ? ",\n" : "\n", out);
		json_object_out(r, out);
		break;
	case SB_FMT_CSV:
		snprintf(num[0], sizeof(num[0]), "%lld", (long long)r->id);
		snprintf(num[1], sizeof(num[1]), "%lld", (long long)r->entity_id);
		snprintf(num[2], sizeof(num[2]), "%lld", (long long)r->version_before);
		snprintf(num[3], sizeof(num[3]), "%lld", (long long)r->version_after);
		fprintf(out, "%s,", num[0]);
		sb_csv_write_field(out, r->at);
		fputc(',', out);
		sb_csv_write_field(out, r->actor);
		fputc(',', out);
		sb_csv_write_field(out, r->command);
		fputc(',', out);
		sb_csv_write_field(out, r->project);
		fputc(',', out);
		sb_csv_write_field(out, r->entity);
		fprintf(out, ",%s,%s,%s,", r->entity_id != 0 ? num[1] : "", num[2], num[3]);
		sb_csv_write_field(out, r->summary);
		fputc(',', out);
		sb_csv_write_field(out, r->changes != NULL ? r->changes : r->changes_raw);
		fputc('\n', out);
		break;
	default:
		/* "2024-03-01T09:30:00.000Z" is shown "2024-03-01 09:30:00" */
		snprintf(when, sizeof(when), "%s", r->at);
		if (strlen(when) > 10 && when[10] == 'T')
			when[10] = ' ';
		fprintf(out, "%6lld  ", (long long)r->id);
		table_text(out, when, 19);
		fputs("  ", out);
		table_text(out, r->actor, 10);
		fputs("  ", out);
		if (log->several_projects && r->project != NULL) {
			table_text(out, r->project, 0);
			fputs(": ", out);
		}
		table_text(out, r->summary, 0);
		fputc('\n', out);
		break;
	}
	log->printed++;
	return SB_OK;
}

int
sb_log_print_tail(sb_log *log, int format, FILE *out)
{
	int rc = check_format(log, format);

	if (rc != SB_OK)
		return rc;
	if (format == SB_FMT_JSON)
		fputs(log->printed > 0 ? "\n]\n" : "]\n", out);
	return SB_OK;
}
