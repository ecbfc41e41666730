/*
 * db_pg.c - the PostgreSQL engine: a stripboard database on a server,
 * through libpq (docs/architecture.md, "The engines").
 *
 * The statements of lib/ are written once, in SQL both engines run; what
 * PostgreSQL spells differently is rewritten here when a statement is
 * prepared (?N placeholders, INSERT OR IGNORE, LIMIT -1, two-argument
 * max()/min()), and its results and SQLSTATEs are given SQLite's codes so
 * that callers test one vocabulary.  Rows come back as text (libpq's text
 * format) and are read as SQLite would convert them.
 *
 * The connection string is libpq's own (a postgresql:// URI, with the
 * password file, the service file and the PG* environment behind it); it
 * is never kept: messages name the database postgresql://HOST/DBNAME.
 */
#include <config.h>

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libpq-fe.h>

#include "sb_priv.h"

/*
 * libpq is loaded when a command first opens a server, never before:
 * linked in, it and what it needs (TLS, Kerberos, LDAP: two dozen
 * libraries) cost every command on a file 10 to 20 ms at start, more than
 * a move takes.  The calls below go through this table.
 */
#define LIBPQ_SONAME "libpq.so.5"
#define LIBPQ_CALLS(X) \
	X(PQconnectdb) X(PQstatus) X(PQerrorMessage) X(PQfinish) \
	X(PQsetNoticeProcessor) X(PQexec) X(PQexecParams) X(PQprepare) X(PQexecPrepared) \
	X(PQresultStatus) X(PQresultErrorField) X(PQclear) X(PQntuples) \
	X(PQnfields) X(PQgetvalue) X(PQgetisnull) X(PQgetlength) X(PQftype) \
	X(PQcmdTuples) X(PQtransactionStatus) X(PQhost) X(PQdb) X(PQuser) \
	X(PQsocket) X(PQconsumeInput) X(PQnotifies) X(PQfreemem)
/* libpq 14 and later: without them, a guarded INSERT takes three round trips */
#define LIBPQ_PIPELINE(X) \
	X(PQenterPipelineMode) X(PQexitPipelineMode) X(PQpipelineSync) \
	X(PQsendQueryParams) X(PQsendQueryPrepared) X(PQgetResult)
static struct {
	void *handle;
	int pipeline;  /* the calls of LIBPQ_PIPELINE are there */
#define LIBPQ_POINTER(f) __typeof__(f) *f;
	LIBPQ_CALLS(LIBPQ_POINTER)
	LIBPQ_PIPELINE(LIBPQ_POINTER)
} lpq;

/* Load libpq once; 0, or -1 with why in buf. */
static int
load_libpq(char *buf, size_t size)
{
	void *h;

	if (lpq.handle != NULL)
		return 0;
	if ((h = dlopen(LIBPQ_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		const char *e = dlerror();

		snprintf(buf, size, "%s", e != NULL ? e : LIBPQ_SONAME ": cannot load");
		return -1;
	}
#define LIBPQ_LOAD(f) \
	if ((lpq.f = (__typeof__(lpq.f))dlsym(h, #f)) == NULL) { \
		snprintf(buf, size, LIBPQ_SONAME ": no %s", #f); \
		dlclose(h); \
		return -1; \
	}
	LIBPQ_CALLS(LIBPQ_LOAD)
	lpq.pipeline = 1;
#define LIBPQ_LOAD_OPTIONAL(f) \
	if ((lpq.f = (__typeof__(lpq.f))dlsym(h, #f)) == NULL) \
		lpq.pipeline = 0;
	LIBPQ_PIPELINE(LIBPQ_LOAD_OPTIONAL)
	lpq.handle = h;
	return 0;
}

#define PQconnectdb (*lpq.PQconnectdb)
#define PQstatus (*lpq.PQstatus)
#define PQerrorMessage (*lpq.PQerrorMessage)
#define PQfinish (*lpq.PQfinish)
#define PQsetNoticeProcessor (*lpq.PQsetNoticeProcessor)
#define PQexec (*lpq.PQexec)
#define PQexecParams (*lpq.PQexecParams)
#define PQprepare (*lpq.PQprepare)
#define PQexecPrepared (*lpq.PQexecPrepared)
#define PQresultStatus (*lpq.PQresultStatus)
#define PQresultErrorField (*lpq.PQresultErrorField)
#define PQclear (*lpq.PQclear)
#define PQntuples (*lpq.PQntuples)
#define PQnfields (*lpq.PQnfields)
#define PQgetvalue (*lpq.PQgetvalue)
#define PQgetisnull (*lpq.PQgetisnull)
#define PQgetlength (*lpq.PQgetlength)
#define PQftype (*lpq.PQftype)
#define PQcmdTuples (*lpq.PQcmdTuples)
#define PQtransactionStatus (*lpq.PQtransactionStatus)
#define PQhost (*lpq.PQhost)
#define PQdb (*lpq.PQdb)
#define PQuser (*lpq.PQuser)
#define PQsocket (*lpq.PQsocket)
#define PQconsumeInput (*lpq.PQconsumeInput)
#define PQnotifies (*lpq.PQnotifies)
#define PQfreemem (*lpq.PQfreemem)
#define PQenterPipelineMode (*lpq.PQenterPipelineMode)
#define PQexitPipelineMode (*lpq.PQexitPipelineMode)
#define PQpipelineSync (*lpq.PQpipelineSync)
#define PQsendQueryParams (*lpq.PQsendQueryParams)
#define PQsendQueryPrepared (*lpq.PQsendQueryPrepared)
#define PQgetResult (*lpq.PQgetResult)

/* Type OIDs of the results we read as numbers (pg_type.h). */
#define OID_BOOL    16
#define OID_INT8    20
#define OID_INT2    21
#define OID_INT4    23
#define OID_TEXT    25
#define OID_OID     26
#define OID_FLOAT4  700
#define OID_FLOAT8  701
#define OID_NUMERIC 1700

struct sb_pg {
	PGconn *conn;
	int code;          /* SQLite-style code of the last error, SQLITE_OK */
	char msg[600];     /* and its message */
	int64_t changes;   /* rows of the last INSERT, UPDATE or DELETE */
	unsigned seq;      /* names the prepared statements: s1, s2... */
	unsigned tick;     /* counts the runs of prepared statements */
	int lock_ms;       /* lock_timeout of the next write transaction */
	int64_t notified;  /* notifications of the trail's channel so far */
	char state[6];     /* SQLSTATE of the last error, "" if none */
	int64_t last_id;   /* the id of the last row an INSERT wrote */
	char *id_tables;   /* ",t1,t2,": the tables with an id column */
	char (*unused)[16]; /* server-side statements finalized, to DEALLOCATE */
	int nunused, unused_cap;
	sb_ctx *ctx;
	/*
	 * Writes whose results wait (sb_pg_write_later()): sent in pipeline
	 * mode, read at the next statement that needs the server's answer.
	 */
	int defer;         /* sb_pg_defer(): writes may wait */
	int piped;         /* in pipeline mode, with writes queued */
	int kept;          /* a queued write failed: its code, until ROLLBACK */
	struct sb_pgq *q;  /* the writes queued, in order */
	int nq, qcap;
	char *place_file;  /* sb_pg_place(): the input, for a queued write's error */
	const char *place_where; /* and the reader's place in it, copied a write */
};

/* A write queued in the pipeline, and what to say if it fails. */
struct sb_pgq {
	const char *what;  /* as a store function names its rows ("strip element") */
	int64_t expect;    /* the rows it must write, or -1 */
	char where[160];   /* the reader's place when it was queued */
};

/* Writes queued past this many are read back (a round trip) first. */
#define SB_PG_QUEUE 512

static int drain(struct sb_pg *pg);

/* Finalized statements' server-side ones released together past this many. */
#define SB_PG_UNUSED 8

/*
 * The server-side statements one statement is prepared as, one for each
 * mix of NULLs it is run with (see prepare_for()); a few are kept, the
 * oldest deallocated for a new one past SB_PG_SIGS.
 */
#define SB_PG_SIGS 4

struct sb_pgsig {
	char name[16];     /* the server-side prepared statement */
	char *sig;         /* the kinds it was prepared for: i, t, n a parameter */
	unsigned used;     /* when last run (pg->seq), for the choice of the oldest */
};

struct sb_pgst {
	struct sb_pg *pg;
	const char *name;  /* of the variant run now: one of sigs[].name */
	struct sb_pgsig sigs[SB_PG_SIGS];
	int nsigs;
	char *sql;         /* in PostgreSQL's dialect, $N placeholders */
	int nparams;
	char **vals;       /* each parameter as text (owned), NULL: SQL NULL */
	char *kinds;       /* of each bound value: 'i' integer, 't' text, 'n' NULL */
	char **names;      /* "@name" of each parameter, or NULL */
	PGresult *res;
	int row, nrows;
	int executed;
	int readonly;
	int guarded;       /* an INSERT a constraint may refuse: see sb_pg_step() */
	int stream;        /* rows a FETCH of its cursor, 0: one result (sb_stream()) */
	char cursor[16];   /* the cursor it is read through now, "" if none */
	int more;          /* the cursor may have more rows than fetched */
	int returns_id;    /* an INSERT given RETURNING id: sb_last_id() */
	int retried;       /* run again after id_collision() */
	char *auto_table;  /* the table of an INSERT that leaves its id to the
	                      identity (see id_collision()), or NULL */
};

int
sb_pg_uri(const char *path)
{
	return path != NULL && (strncmp(path, "postgresql://", 13) == 0 ||
	    strncmp(path, "postgres://", 11) == 0);
}

const char *
sb_pg_redact(const char *uri, char *out, size_t size)
{
	const char *p = strstr(uri, "://") + 3, *end, *at;
	size_t n;

	end = p + strcspn(p, "/?#");
	at = memchr(p, '@', (size_t)(end - p));
	if (at != NULL)
		p = at + 1; /* user:password@ dropped */
	if (*end == '/')
		end += 1 + strcspn(end + 1, "?#"); /* the database's name kept */
	n = (size_t)(end - p);
	snprintf(out, size, "postgresql://%.*s", (int)(n < 400 ? n : 400), p);
	return out;
}

/*
 * The SQLite code of a PostgreSQL error, from its SQLSTATE: constraints
 * by kind, locks and serialisation failures busy, privileges denied.
 */
static int
code_of(const char *state)
{
	if (state == NULL)
		return SQLITE_ERROR;
	if (strcmp(state, "23505") == 0)
		return SQLITE_CONSTRAINT_UNIQUE;
	if (strcmp(state, "23514") == 0)
		return SQLITE_CONSTRAINT_CHECK;
	if (strcmp(state, "23503") == 0)
		return SQLITE_CONSTRAINT_FOREIGNKEY;
	if (strcmp(state, "23502") == 0)
		return SQLITE_CONSTRAINT_NOTNULL;
	if (strcmp(state, "23001") == 0)
		return SQLITE_CONSTRAINT_TRIGGER; /* sb_refuse(): the trail */
	if (strncmp(state, "23", 2) == 0)
		return SQLITE_CONSTRAINT;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return SQLITE_BUSY;
	if (strcmp(state, "42501") == 0)
		return SQLITE_PERM;
	if (strcmp(state, "25006") == 0)
		return SQLITE_READONLY;
	/* text that is not UTF-8 (a file keeps its bytes): the input's fault */
	if (strcmp(state, "22021") == 0 || strcmp(state, "22P05") == 0)
		return SQLITE_MISMATCH;
	if (strncmp(state, "08", 2) == 0)
		return SQLITE_IOERR;
	return SQLITE_ERROR;
}

/* Keep the error of res (or of the connection); returns its code. */
static int
set_error(struct sb_pg *pg, const PGresult *res)
{
	const char *m = res != NULL ?
	    PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	size_t len;

	const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	pg->code = code_of(state);
	snprintf(pg->state, sizeof(pg->state), "%s", state != NULL ? state : "");
	if (m == NULL)
		m = PQerrorMessage(pg->conn);
	if (res == NULL && PQstatus(pg->conn) != CONNECTION_OK)
		pg->code = SQLITE_IOERR;
	if (pg->code == SQLITE_MISMATCH)
		snprintf(pg->msg, sizeof(pg->msg), "the server keeps text as UTF-8 only, "
		    "and this is not: %s", m != NULL ? m : "");
	else
		snprintf(pg->msg, sizeof(pg->msg), "%s", m != NULL && m[0] != '\0' ? m :
		    "PostgreSQL error");
	len = strlen(pg->msg);
	while (len > 0 && (pg->msg[len - 1] == '\n' || pg->msg[len - 1] == ' '))
		pg->msg[--len] = '\0';
	return pg->code;
}

static void
ok(struct sb_pg *pg)
{
	pg->code = SQLITE_OK;
	pg->msg[0] = '\0';
	pg->state[0] = '\0';
}

/*
 * Why the server made the last statement busy, when it ended the whole
 * transaction (a deadlock, a serialisation failure): then nothing of it
 * was written and the command can simply be run again.  NULL otherwise (a
 * lock waited for past the busy timeout).
 */
const char *
sb_pg_busy_why(sb_ctx *ctx)
{
	if (strcmp(ctx->pg->state, "40P01") == 0)
		return "the server ended the transaction, a deadlock with another "
		    "client; nothing was written, run it again";
	if (strcmp(ctx->pg->state, "40001") == 0)
		return "the server ended the transaction, a serialisation failure; "
		    "nothing was written, run it again";
	return NULL;
}

/* The context's message from the last error, as sb_sqlerr() words it. */
static int
fail(sb_ctx *ctx, const char *what)
{
	int status = sb_status_of_sqlite(ctx->pg->code);

	if (status == SB_EBUSY && sb_pg_busy_why(ctx) != NULL)
		return sb_err(ctx, status, "%s: database is busy: %s", what,
		    sb_pg_busy_why(ctx));
	if (status == SB_EBUSY)
		return sb_err(ctx, status, "%s: database is busy (waited %d ms)",
		    what, ctx->busy_ms);
	return sb_err(ctx, status == SB_OK ? SB_EFAIL : status, "%s: %s", what,
	    ctx->pg->msg);
}

/* Notices (NOTICE, WARNING) are the server's chatter: never on stderr. */
static void
quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/*
 * Statements
 */

static int
is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/* Does the SQL at p begin with the keyword kw (case-insensitive, whole)? */
static int
at_word(const char *start, const char *p, const char *kw)
{
	size_t n = strlen(kw);

	if (p > start && is_word(p[-1]))
		return 0;
	return strncasecmp(p, kw, n) == 0 && !is_word(p[n]);
}

/* The offset past the parenthesis that closes the one at p[0]; 0 if none. */
static size_t
close_paren(const char *p, int *commas)
{
	int depth = 0;

	*commas = 0;
	for (size_t i = 0; p[i] != '\0'; i++) {
		if (p[i] == '\'') {
			for (i++; p[i] != '\0' && p[i] != '\''; i++)
				;
			if (p[i] == '\0')
				return 0;
		} else if (p[i] == '(') {
			depth++;
		} else if (p[i] == ')') {
			if (--depth == 0)
				return i + 1;
		} else if (p[i] == ',' && depth == 1) {
			(*commas)++;
		}
	}
	return 0;
}

/*
 * SQLite's "IDENT = ?N COLLATE NOCASE", already written to out as
 * "IDENT = $N ", becomes lower(IDENT COLLATE "C") = lower($N COLLATE "C"):
 * ASCII letters folded, as SQLite's NOCASE folds them.  -1 when out does
 * not end so.
 */
static int
nocase(struct sb_buf *out)
{
	const char *s = sb_buf_str(out);
	size_t end = out->len, i, param, eq, ident;
	char ibuf[128], pbuf[16];
	struct sb_buf b;

	while (end > 0 && s[end - 1] == ' ')
		end--;
	i = end;
	while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
		i--;
	if (i == end || i == 0 || s[i - 1] != '$')
		return -1;
	param = i - 1;
	i = param;
	while (i > 0 && s[i - 1] == ' ')
		i--;
	if (i == 0 || s[i - 1] != '=')
		return -1;
	eq = i - 1;
	i = eq;
	while (i > 0 && s[i - 1] == ' ')
		i--;
	ident = i;
	while (ident > 0 && (is_word(s[ident - 1]) || s[ident - 1] == '.'))
		ident--;
	if (ident == i || i - ident >= sizeof(ibuf) || end - param >= sizeof(pbuf))
		return -1;
	memcpy(ibuf, s + ident, i - ident);
	ibuf[i - ident] = '\0';
	memcpy(pbuf, s + param, end - param);
	pbuf[end - param] = '\0';
	sb_buf_init(&b);
	sb_buf_printf(&b, "lower(%s COLLATE \"C\") = lower(%s COLLATE \"C\") ", ibuf, pbuf);
	if (b.failed) {
		sb_buf_free(&b);
		return -1;
	}
	out->len = ident;
	sb_buf_puts(out, sb_buf_str(&b));
	sb_buf_free(&b);
	return 0;
}

/*
 * One statement of sql in PostgreSQL's dialect, into out; *end past it
 * (past its ';'), the names of its named parameters into *names (n of
 * them), the number of parameters into *nparams.  SQLITE_OK, or an error
 * code with the message on pg.
 */
static int
translate(struct sb_pg *pg, const char *sql, struct sb_buf *out,
    const char **end, char ***names, int *nparams)
{
	const char *p = sql;
	int max = 0, ignore = 0, nnames = 0, ncast = 0;
	/*
	 * Calls rewritten to close differently, innermost last: where each
	 * ends (a CAST's " AS INTEGER)", a JSON builder's ")") and what is
	 * written there instead.
	 */
	struct { const char *at; const char *close; size_t skip; } cast_end[16];

	*names = NULL;
	while (*p != '\0' && *p != ';') {
		const char *jfun = NULL, *jclose = NULL;

		if (ncast > 0 && p == cast_end[ncast - 1].at) {
			sb_buf_puts(out, cast_end[ncast - 1].close);
			p += cast_end[ncast - 1].skip;
			ncast--;
		} else if (at_word(sql, p, "json_object") && p[11] == '(') {
			jfun = "sb_jc(json_build_object(";
			jclose = "))";
		} else if (at_word(sql, p, "json_array") && p[10] == '(') {
			jfun = "sb_jc(json_build_array(";
			jclose = "))";
		} else if (at_word(sql, p, "json_group_array") && p[16] == '(') {
			jfun = "sb_jc(coalesce(json_agg(";
			jclose = "), '[]'))";
		} else if (at_word(sql, p, "json_group_object") && p[17] == '(') {
			jfun = "sb_jc(coalesce(json_object_agg(";
			jclose = "), '{}'))";
		} else if (at_word(sql, p, "CAST") && p[4] == '(') {
			/*
			 * SQLite's CAST(x AS INTEGER) takes the leading integer of
			 * text, 0 when there is none; PostgreSQL's fails: sb_int().
			 */
			int commas;
			size_t close = close_paren(p + 4, &commas);

			if (close >= 12 && strncasecmp(p + 4 + close - 12, " AS INTEGER)", 12) == 0) {
				if (ncast == 16) {
					snprintf(pg->msg, sizeof(pg->msg), "CASTs nested too deep");
					return pg->code = SQLITE_ERROR;
				}
				/* " AS INTEGER" goes; its ")" closes sb_int( */
				cast_end[ncast].at = p + 4 + close - 12;
				cast_end[ncast].close = "";
				cast_end[ncast++].skip = 11;
				sb_buf_puts(out, "sb_int(");
				p += 5;
			} else {
				sb_buf_add(out, p, 4);
				p += 4;
			}
		} else if (*p == '\'' || *p == '"') {
			const char *q = p + 1;

			while (*q != '\0' && !(*q == *p && q[1] != *p))
				q += (*q == *p) ? 2 : 1;
			if (*q == '\0') {
				snprintf(pg->msg, sizeof(pg->msg), "unterminated quote");
				return pg->code = SQLITE_ERROR;
			}
			sb_buf_add(out, p, (size_t)(q + 1 - p));
			p = q + 1;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p != '\0' && *p != '\n')
				p++;
		} else if (*p == '?') {
			char num[16];
			int n;

			p++;
			if (*p >= '0' && *p <= '9') {
				n = (int)strtol(p, (char **)&p, 10);
			} else {
				n = max + 1;
			}
			if (n < 1 || n > 999) {
				snprintf(pg->msg, sizeof(pg->msg), "bad parameter number");
				return pg->code = SQLITE_ERROR;
			}
			if (n > max)
				max = n;
			snprintf(num, sizeof(num), "$%d", n);
			sb_buf_puts(out, num);
		} else if ((*p == '@' || *p == ':') && is_word(p[1]) &&
		    !(p[1] >= '0' && p[1] <= '9') && (p == sql || p[-1] != ':')) {
			const char *q = p + 1;
			char num[16], **grown;
			int n = 0;

			while (is_word(*q))
				q++;
			for (int i = 0; i < nnames; i++)
				if ((*names)[i] != NULL && strlen((*names)[i]) ==
				    (size_t)(q - p) && strncmp((*names)[i], p,
				    (size_t)(q - p)) == 0)
					n = i + 1;
			if (n == 0) {
				n = max + 1;
				grown = realloc(*names, (size_t)n * sizeof(**names));
				if (grown == NULL)
					return pg->code = SQLITE_NOMEM;
				*names = grown;
				while (nnames < n)
					(*names)[nnames++] = NULL;
				(*names)[n - 1] = strndup(p, (size_t)(q - p));
				if ((*names)[n - 1] == NULL)
					return pg->code = SQLITE_NOMEM;
				max = n;
			}
			if (n > 999) {
				snprintf(pg->msg, sizeof(pg->msg), "too many parameters");
				return pg->code = SQLITE_ERROR;
			}
			snprintf(num, sizeof(num), "$%d", n);
			sb_buf_puts(out, num);
			p = q;
		} else if (at_word(sql, p, "INSERT") && strncasecmp(p, "INSERT OR IGNORE", 16) == 0) {
			sb_buf_puts(out, "INSERT");
			p += 16;
			ignore = 1;
		} else if (at_word(sql, p, "INSERT") && strncasecmp(p, "INSERT OR ", 10) == 0) {
			snprintf(pg->msg, sizeof(pg->msg), "INSERT OR ... other than "
			    "IGNORE has no PostgreSQL translation");
			return pg->code = SQLITE_ERROR;
		} else if (at_word(sql, p, "LIMIT") && strncmp(p + 5, " -1", 3) == 0 &&
		    !is_word(p[8])) {
			sb_buf_puts(out, "LIMIT ALL");
			p += 8;
		} else if ((at_word(sql, p, "max") || at_word(sql, p, "min")) && p[3] == '(') {
			int commas;

			(void)close_paren(p + 3, &commas);
			/* SQLite's max(a, b) is a scalar: NULL if either is */
			sb_buf_puts(out, commas == 0 ? (p[1] == 'a' || p[1] == 'A' ?
			    "max" : "min") : (p[1] == 'a' || p[1] == 'A') ?
			    "GREATEST" : "LEAST");
			p += 3;
		} else if (at_word(sql, p, "IS")) {
			/*
			 * SQLite's a IS b compares, NULLs included; PostgreSQL
			 * spells it IS NOT DISTINCT FROM (and IS NOT, IS DISTINCT
			 * FROM).  IS NULL, IS TRUE... stay.
			 */
			const char *q = p + 2;
			int not = 0;

			while (*q == ' ')
				q++;
			if (at_word(sql, q, "NOT")) {
				not = 1;
				q += 3;
				while (*q == ' ')
					q++;
			}
			if (at_word(sql, q, "NULL") || at_word(sql, q, "TRUE") ||
			    at_word(sql, q, "FALSE") || at_word(sql, q, "DISTINCT") ||
			    at_word(sql, q, "UNKNOWN")) {
				sb_buf_add(out, p, 2);
				p += 2;
			} else {
				sb_buf_puts(out, not ? "IS DISTINCT FROM " :
				    "IS NOT DISTINCT FROM ");
				p = q;
			}
		} else if (at_word(sql, p, "COLLATE") && strncasecmp(p + 7, " NOCASE", 7) == 0 &&
		    !is_word(p[14])) {
			if (nocase(out) != 0) {
				snprintf(pg->msg, sizeof(pg->msg), "COLLATE NOCASE has no "
				    "PostgreSQL translation but after name = ?N");
				return pg->code = SQLITE_ERROR;
			}
			p += 14;
		} else if (at_word(sql, p, "GLOB")) {
			/* x GLOB 'pattern' -> x ~ '^regex$' (a literal pattern only) */
			const char *q = p + 4;

			while (*q == ' ')
				q++;
			if (*q != '\'') {
				snprintf(pg->msg, sizeof(pg->msg), "GLOB has no PostgreSQL "
				    "translation but with a literal pattern");
				return pg->code = SQLITE_ERROR;
			}
			sb_buf_puts(out, "~ '^");
			for (q++; *q != '\0' && !(*q == '\'' && q[1] != '\''); q++) {
				if (*q == '\'') {
					sb_buf_puts(out, "''");
					q++;
				} else if (*q == '*') {
					sb_buf_puts(out, ".*");
				} else if (*q == '?') {
					sb_buf_puts(out, ".");
				} else if (*q == '[') {
					const char *r = strchr(q + 2, ']');

					if (r == NULL || memchr(q, '\'', (size_t)(r - q)) != NULL) {
						snprintf(pg->msg, sizeof(pg->msg), "GLOB: a [ without ]");
						return pg->code = SQLITE_ERROR;
					}
					sb_buf_add(out, q, (size_t)(r + 1 - q));
					q = r;
				} else {
					if (strchr(".^$+(){}|\\", *q) != NULL)
						sb_buf_puts(out, "\\");
					sb_buf_add(out, q, 1);
				}
			}
			if (*q != '\'') {
				snprintf(pg->msg, sizeof(pg->msg), "unterminated quote");
				return pg->code = SQLITE_ERROR;
			}
			sb_buf_puts(out, "$'");
			p = q + 1;
		} else {
			sb_buf_add(out, p, 1);
			p++;
		}
		if (jfun != NULL) {
			/*
			 * SQLite's JSON builders: PostgreSQL's, the text made
			 * compact as SQLite writes it (sb_jc(), migration 009),
			 * and an aggregate of no rows an empty array or object
			 */
			const char *open = strchr(p, '(');
			int commas;
			size_t close = close_paren(open, &commas);

			if (close == 0 || ncast == 16) {
				snprintf(pg->msg, sizeof(pg->msg), close == 0 ?
				    "a JSON function without its )" : "JSON nested too deep");
				return pg->code = SQLITE_ERROR;
			}
			cast_end[ncast].at = open + close - 1;
			cast_end[ncast].close = jclose;
			cast_end[ncast++].skip = 1;
			sb_buf_puts(out, jfun);
			p = open + 1;
		}
	}
	if (ignore)
		sb_buf_puts(out, " ON CONFLICT DO NOTHING");
	if (*p == ';')
		p++;
	*end = p;
	*nparams = max;
	if (out->failed)
		return pg->code = SQLITE_NOMEM;
	return SQLITE_OK;
}

static int
blank_sql(const char *p)
{
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ';')
			p++;
		if (p[0] == '-' && p[1] == '-') {
			while (*p != '\0' && *p != '\n')
				p++;
			continue;
		}
		return *p == '\0';
	}
}

static void
free_names(char **names, int n)
{
	if (names == NULL)
		return;
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Does the column list at p ("(a, b, ...) VALUES") name the column id? */
static int
names_id(const char *p)
{
	while (*p == ' ')
		p++;
	if (*p != '(')
		return 0;
	for (p++; *p != '\0' && *p != ')'; ) {
		size_t n;

		while (*p == ' ' || *p == ',')
			p++;
		n = strcspn(p, " ,)");
		if (n == 2 && strncmp(p, "id", 2) == 0)
			return 1;
		p += n;
	}
	return 0;
}

int
sb_pg_prepare(sb_ctx *ctx, const char *sql, struct sb_pgst **out, const char **tail)
{
	struct sb_pg *pg = ctx->pg;
	struct sb_pgst *st;
	struct sb_buf text;
	const char *end;
	char **names = NULL;
	int nparams = 0, rc;

	*out = NULL;
	if (tail != NULL)
		*tail = NULL;
	if (blank_sql(sql))
		return SQLITE_OK;
	sb_buf_init(&text);
	if ((rc = translate(pg, sql, &text, &end, &names, &nparams)) != SQLITE_OK) {
		free_names(names, nparams);
		sb_buf_free(&text);
		return rc;
	}
	if (tail != NULL)
		*tail = end;
	else if (!blank_sql(end)) {
		free_names(names, nparams);
		sb_buf_free(&text);
		snprintf(pg->msg, sizeof(pg->msg), "more than one statement");
		return pg->code = SQLITE_ERROR;
	}
	st = calloc(1, sizeof(*st));
	if (st == NULL || (nparams > 0 &&
	    (st->vals = calloc((size_t)nparams, sizeof(*st->vals))) == NULL)) {
		free(st);
		free_names(names, nparams);
		sb_buf_free(&text);
		return pg->code = SQLITE_NOMEM;
	}
	st->pg = pg;
	st->nparams = nparams;
	st->names = names;
	{
		const char *t = sb_buf_str(&text);

		while (*t == ' ' || *t == '\t' || *t == '\n')
			t++;
		st->readonly = strncasecmp(t, "SELECT", 6) == 0 ||
		    strncasecmp(t, "WITH", 4) == 0 || strncasecmp(t, "VALUES", 6) == 0;
		st->guarded = strncasecmp(t, "INSERT", 6) == 0 &&
		    strstr(t, "ON CONFLICT") == NULL;
		/*
		 * SQLite's last_insert_rowid() is the id of the row an INSERT
		 * wrote, whether the statement named it or not; PostgreSQL's
		 * lastval() is the last number any sequence gave, which an id
		 * named by the INSERT is not.  So an INSERT into a table with an
		 * id returns it, and the step keeps it.
		 */
		if (strncasecmp(t, "INSERT INTO ", 12) == 0 && pg->id_tables != NULL &&
		    strstr(t, "RETURNING") == NULL) {
			char name[80];
			size_t n = strcspn(t + 12, " (");

			if (n > 0 && n < sizeof(name) - 2) {
				name[0] = ',';
				memcpy(name + 1, t + 12, n);
				name[n + 1] = ',';
				name[n + 2] = '\0';
				if (strstr(pg->id_tables, name) != NULL) {
					/* (t is in text: before text grows) */
					if (!names_id(t + 12 + n) &&
					    (st->auto_table = strndup(t + 12, n)) == NULL)
						text.failed = 1;
					sb_buf_puts(&text, " RETURNING id");
					st->returns_id = 1;
				}
			}
		}
		if (text.failed) {
			free(st->auto_table);
			free(st->vals);
			free(st);
			free_names(names, nparams);
			sb_buf_free(&text);
			return pg->code = SQLITE_NOMEM;
		}
	}
	st->sql = strdup(sb_buf_str(&text));
	sb_buf_free(&text);
	if (st->sql == NULL || (nparams > 0 &&
	    (st->kinds = malloc((size_t)nparams + 1)) == NULL)) {
		sb_pg_finalize(st);
		return pg->code = SQLITE_NOMEM;
	}
	if (nparams > 0) {
		memset(st->kinds, 'n', (size_t)nparams);
		st->kinds[nparams] = '\0';
	}
	ok(pg);
	*out = st;
	return SQLITE_OK;
}

static int run(struct sb_pg *pg, const char *sql);

/*
 * SQL run for its effect alone (a CLOSE, a DEALLOCATE): the last error and
 * the counts the caller reads next are kept as they were.
 */
static void
quietly(struct sb_pg *pg, const char *sql)
{
	int code = pg->code;
	int64_t changes = pg->changes, last_id = pg->last_id;
	char msg[sizeof(pg->msg)], state[sizeof(pg->state)];

	memcpy(msg, pg->msg, sizeof(msg));
	memcpy(state, pg->state, sizeof(state));
	(void)run(pg, sql);
	pg->code = code;
	pg->changes = changes;
	pg->last_id = last_id;
	memcpy(pg->msg, msg, sizeof(msg));
	memcpy(pg->state, state, sizeof(state));
}

/*
 * A streamed read left before its end (a page of a listing, a read
 * abandoned on an error): its cursor is closed now, not left open to the
 * end of the transaction, where a long one (sb-log --follow, an export of
 * every board) would pile them up.  The cursor may be gone already (a
 * savepoint it was declared in rolled back): so inside a savepoint of its
 * own, one round trip, and a second only when the CLOSE was refused.
 */
static void
close_cursor(struct sb_pgst *st)
{
	char sql[96];

	if (st->cursor[0] != '\0' && st->more)
		(void)drain(st->pg);
	if (st->cursor[0] != '\0' && st->more &&
	    PQtransactionStatus(st->pg->conn) == PQTRANS_INTRANS) {
		snprintf(sql, sizeof(sql), "SAVEPOINT sb_close; CLOSE %s; "
		    "RELEASE SAVEPOINT sb_close", st->cursor);
		quietly(st->pg, sql);
		if (PQtransactionStatus(st->pg->conn) == PQTRANS_INERROR)
			quietly(st->pg, "ROLLBACK TO SAVEPOINT sb_close; "
			    "RELEASE SAVEPOINT sb_close");
	}
	st->cursor[0] = '\0';
	st->more = 0;
}

/*
 * A statement prepared on the server is the session's until DEALLOCATEd:
 * those of statements prepared at run time (sb_prepare()) and finalized
 * would pile up in a long session.  A finalized statement's are noted and
 * released SB_PG_UNUSED at a time, in one round trip (DEALLOCATE is not
 * transactional: inside a transaction too), never in a transaction that
 * failed, where the server runs nothing but its end: they wait for the
 * next finalize after it.  (libpq 17's PQclosePrepared() would take a
 * round trip each.)
 */
static void
release_unused(struct sb_pg *pg)
{
	struct sb_buf sql;
	PGTransactionStatusType ts;

	if (pg->nunused < SB_PG_UNUSED || pg->piped)
		return;
	ts = PQtransactionStatus(pg->conn);
	if (ts != PQTRANS_IDLE && ts != PQTRANS_INTRANS)
		return;
	sb_buf_init(&sql);
	for (int i = 0; i < pg->nunused; i++)
		sb_buf_printf(&sql, "DEALLOCATE %s; ", pg->unused[i]);
	if (!sql.failed) {
		quietly(pg, sb_buf_str(&sql));
		pg->nunused = 0;
	}
	sb_buf_free(&sql);
}

static void
note_unused(struct sb_pg *pg, const char *name)
{
	if (pg->nunused == pg->unused_cap) {
		int cap = pg->unused_cap > 0 ? pg->unused_cap * 2 : 2 * SB_PG_UNUSED;
		void *p = realloc(pg->unused, (size_t)cap * sizeof(*pg->unused));

		if (p == NULL)
			return; /* left on the server, as before: nothing breaks */
		pg->unused = p;
		pg->unused_cap = cap;
	}
	snprintf(pg->unused[pg->nunused++], sizeof(pg->unused[0]), "%s", name);
}

void
sb_pg_finalize(struct sb_pgst *st)
{
	if (st == NULL)
		return;
	close_cursor(st);
	for (int i = 0; i < st->nsigs; i++)
		note_unused(st->pg, st->sigs[i].name);
	release_unused(st->pg);
	PQclear(st->res);
	for (int i = 0; i < st->nparams; i++)
		free(st->vals[i]);
	free(st->vals);
	free(st->kinds);
	free(st->sql);
	free(st->auto_table);
	for (int i = 0; i < st->nsigs; i++)
		free(st->sigs[i].sig);
	free_names(st->names, st->nparams);
	free(st);
}

int
sb_pg_reset(struct sb_pgst *st)
{
	close_cursor(st);
	PQclear(st->res);
	st->res = NULL;
	st->executed = 0;
	st->row = st->nrows = 0;
	return SQLITE_OK;
}

int
sb_pg_clear_bindings(struct sb_pgst *st)
{
	for (int i = 0; i < st->nparams; i++) {
		free(st->vals[i]);
		st->vals[i] = NULL;
		st->kinds[i] = 'n';
	}
	return SQLITE_OK;
}

static int
bind(struct sb_pgst *st, int idx, char *val, char kind)
{
	if (idx < 1 || idx > st->nparams) {
		free(val);
		return SQLITE_RANGE;
	}
	free(st->vals[idx - 1]);
	st->vals[idx - 1] = val;
	st->kinds[idx - 1] = val == NULL ? 'n' : kind;
	return SQLITE_OK;
}

int
sb_pg_bind_int64(struct sb_pgst *st, int idx, int64_t v)
{
	char buf[32], *p;

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	if ((p = strdup(buf)) == NULL)
		return SQLITE_NOMEM;
	return bind(st, idx, p, 'i');
}

int
sb_pg_bind_text(struct sb_pgst *st, int idx, const char *text)
{
	char *p = NULL;

	if (text != NULL && (p = strdup(text)) == NULL)
		return SQLITE_NOMEM;
	return bind(st, idx, p, 't');
}

int
sb_pg_bind_null(struct sb_pgst *st, int idx)
{
	return bind(st, idx, NULL, 'n');
}

int
sb_pg_bind_count(struct sb_pgst *st)
{
	return st->nparams;
}

int
sb_pg_bind_index(struct sb_pgst *st, const char *name)
{
	for (int i = 0; st->names != NULL && i < st->nparams; i++)
		if (st->names[i] != NULL && strcmp(st->names[i], name) == 0)
			return i + 1;
	return 0;
}

/*
 * Prepare the statement on the server for the kinds of the values bound
 * now, unless it is prepared for them already.  SQLite types a value, not
 * a parameter; PostgreSQL types a parameter once, from where it stands,
 * and cannot where it stands alone (?2 IS NULL).  So a parameter bound to
 * an integer is a bigint, one bound to text is text, and one bound to NULL
 * is the literal NULL in the statement's text: each statement is prepared
 * once for each such signature it is run with, and each of them kept, so
 * that a statement run with NULLs in turn (an import's optional fields)
 * is prepared once per mix, not once per change of mix (SB_PG_SIGS
 * kept; past that, the least recently run is deallocated).
 */
static int run(struct sb_pg *pg, const char *sql);

/*
 * The statement's text with each parameter bound to NULL written as the
 * literal NULL, and the types of the others (see prepare_for()), into
 * text (initialised here) and types.
 */
static void
with_nulls(struct sb_pgst *st, struct sb_buf *text, Oid *types)
{
	const char *p;

	sb_buf_init(text);
	for (p = st->sql; *p != '\0'; ) {
		if (*p == '\'' || *p == '"') {
			const char *q = p + 1;

			while (*q != '\0' && !(*q == *p && q[1] != *p))
				q += (*q == *p) ? 2 : 1;
			if (*q != '\0')
				q++;
			sb_buf_add(text, p, (size_t)(q - p));
			p = q;
		} else if (*p == '$' && p[1] >= '1' && p[1] <= '9') {
			char *end;
			long n = strtol(p + 1, &end, 10);

			if (n >= 1 && n <= st->nparams && st->kinds[n - 1] == 'n')
				sb_buf_puts(text, "NULL");
			else
				sb_buf_add(text, p, (size_t)(end - p));
			p = end;
		} else {
			sb_buf_add(text, p, 1);
			p++;
		}
	}
	for (int i = 0; i < st->nparams; i++)
		types[i] = st->kinds[i] == 'i' ? OID_INT8 : OID_TEXT;
}

static int
prepare_for(struct sb_pgst *st)
{
	struct sb_pg *pg = st->pg;
	struct sb_pgsig *v;
	struct sb_buf text;
	Oid types[1000];
	PGresult *res;
	const char *kinds = st->nparams > 0 ? st->kinds : "";
	int rc;

	for (int i = 0; i < st->nsigs; i++)
		if (strcmp(st->sigs[i].sig, kinds) == 0) {
			st->sigs[i].used = ++pg->tick;
			st->name = st->sigs[i].name;
			return SQLITE_OK;
		}
	with_nulls(st, &text, types);
	if (text.failed) {
		sb_buf_free(&text);
		return pg->code = SQLITE_NOMEM;
	}
	st->name = NULL;
	if (st->nsigs < SB_PG_SIGS) {
		v = &st->sigs[st->nsigs];
	} else {
		char sql[40];

		v = &st->sigs[0];
		for (int i = 1; i < st->nsigs; i++)
			if (st->sigs[i].used < v->used)
				v = &st->sigs[i];
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", v->name);
		if ((rc = run(pg, sql)) != SQLITE_OK) {
			sb_buf_free(&text);
			return rc;
		}
		free(v->sig);
		*v = st->sigs[--st->nsigs];
		v = &st->sigs[st->nsigs];
	}
	snprintf(v->name, sizeof(v->name), "s%u", ++pg->seq);
	res = PQprepare(pg->conn, v->name, sb_buf_str(&text), st->nparams, types);
	sb_buf_free(&text);
	if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = set_error(pg, res);
		PQclear(res);
		return rc == SQLITE_OK ? SQLITE_ERROR : rc;
	}
	PQclear(res);
	if ((v->sig = strdup(kinds)) == NULL) {
		/* prepared on the server, but not ours: it is never run */
		return pg->code = SQLITE_NOMEM;
	}
	v->used = ++pg->tick;
	st->nsigs++;
	st->name = v->name;
	return SQLITE_OK;
}

void
sb_pg_stream(struct sb_pgst *st, int rows)
{
	st->stream = st->readonly && rows > 0 ? rows : 0;
}

/* The next batch of the statement's cursor into st->res; an SQLite code. */
static int
fetch(struct sb_pgst *st)
{
	struct sb_pg *pg = st->pg;
	char sql[64];
	int rc;

	if (drain(pg) != SQLITE_OK) {
		st->cursor[0] = '\0';
		return pg->kept;
	}
	PQclear(st->res);
	snprintf(sql, sizeof(sql), "FETCH %d FROM %s", st->stream, st->cursor);
	st->res = PQexec(pg->conn, sql);
	if (st->res == NULL || PQresultStatus(st->res) != PGRES_TUPLES_OK) {
		rc = set_error(pg, st->res);
		PQclear(st->res);
		st->res = NULL;
		st->cursor[0] = '\0';
		return rc == SQLITE_OK ? SQLITE_ERROR : rc;
	}
	st->row = -1;
	st->nrows = PQntuples(st->res);
	st->more = st->nrows == st->stream;
	if (!st->more) {
		/* all read: the cursor goes now, not at the end of the transaction */
		snprintf(sql, sizeof(sql), "CLOSE %s", st->cursor);
		st->cursor[0] = '\0';
		if ((rc = run(pg, sql)) != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}

/*
 * Run a streamed statement (sb_stream()) through a cursor of its own,
 * DECLAREd with the values bound now, and fetch its first rows.  A
 * cursor left before its end (a page of a listing) is closed when the
 * statement is reset or finalized (close_cursor()); each one has a new
 * name.
 */
static int
open_cursor(struct sb_pgst *st)
{
	struct sb_pg *pg = st->pg;
	struct sb_buf text;
	Oid types[1000];
	PGresult *res;
	char head[64];
	int rc;

	snprintf(st->cursor, sizeof(st->cursor), "c%u", ++pg->seq);
	snprintf(head, sizeof(head), "DECLARE %s NO SCROLL CURSOR FOR ", st->cursor);
	with_nulls(st, &text, types);
	if (text.failed) {
		sb_buf_free(&text);
		st->cursor[0] = '\0';
		return pg->code = SQLITE_NOMEM;
	}
	{
		struct sb_buf decl;

		sb_buf_init(&decl);
		sb_buf_puts(&decl, head);
		sb_buf_add(&decl, sb_buf_str(&text), text.len);
		sb_buf_free(&text);
		if (decl.failed) {
			sb_buf_free(&decl);
			st->cursor[0] = '\0';
			return pg->code = SQLITE_NOMEM;
		}
		res = PQexecParams(pg->conn, sb_buf_str(&decl), st->nparams, types,
		    (const char *const *)st->vals, NULL, NULL, 0);
		sb_buf_free(&decl);
	}
	if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = set_error(pg, res);
		PQclear(res);
		st->cursor[0] = '\0';
		return rc == SQLITE_OK ? SQLITE_ERROR : rc;
	}
	PQclear(res);
	return fetch(st);
}

/*
 * SQLite gives a new row the table's largest id plus one, so an id given
 * explicitly (by a revert putting a row back, or by another program: psql,
 * a hand-made fix, a copy of a file's rows) is never handed out again.
 * PostgreSQL's identity is a sequence that knows nothing of ids it did not
 * give: past such a row, an INSERT without an id collides with it.  Was
 * the statement just refused (st->res) such an INSERT, refused on its
 * table's primary key?
 */
static int
id_collision(struct sb_pgst *st)
{
	const char *state, *name;
	size_t n;

	if (st->auto_table == NULL || st->res == NULL)
		return 0;
	state = PQresultErrorField(st->res, PG_DIAG_SQLSTATE);
	name = PQresultErrorField(st->res, PG_DIAG_CONSTRAINT_NAME);
	n = strlen(st->auto_table);
	return state != NULL && strcmp(state, "23505") == 0 && name != NULL &&
	    strncmp(name, st->auto_table, n) == 0 && strcmp(name + n, "_pkey") == 0;
}

/*
 * Move the table's identity past its largest id.  Not setval(), which
 * needs UPDATE on the sequence (docs/server.md grants USAGE): nextval()
 * as many times as it is behind, in one statement.  Inside a transaction
 * (the refused INSERT's savepoint rolled back already) or not; a sequence
 * is not transactional, so the ids stay taken whatever happens after.
 */
static int
past_ids(struct sb_pgst *st)
{
	struct sb_pg *pg = st->pg;
	struct sb_buf sql;
	int rc;

	sb_buf_init(&sql);
	sb_buf_puts(&sql, "SELECT count(nextval(pg_get_serial_sequence('");
	sb_buf_puts(&sql, st->auto_table);
	sb_buf_puts(&sql, "', 'id'))) FROM generate_series(1, (SELECT coalesce(max(id), 0) FROM ");
	sb_buf_puts(&sql, st->auto_table);
	sb_buf_puts(&sql, ") - (SELECT nextval(pg_get_serial_sequence('");
	sb_buf_puts(&sql, st->auto_table);
	sb_buf_puts(&sql, "', 'id'))))");
	if (sql.failed) {
		sb_buf_free(&sql);
		return pg->code = SQLITE_NOMEM;
	}
	rc = run(pg, sb_buf_str(&sql));
	sb_buf_free(&sql);
	return rc;
}

/*
 * Writes that wait for their results.  An import sends tens of thousands
 * of rows whose results nobody reads at once (a strip's element links, its
 * set and INT/EXT columns written again): each was a round trip.  Inside
 * a bulk load (sb_pg_defer()) such a write is sent in pipeline mode and
 * its result read with the next statement whose answer is needed (a
 * strip's INSERT returning its id, a read, the COMMIT), SB_PG_QUEUE at
 * most: one round trip for them all.
 *
 * A queued write runs without a savepoint of its own: its failure ends
 * the transaction, which is what the import does with any failure (all or
 * nothing).  It is found when the results are read, after the reader has
 * gone on: so it is worded then, from the input's name and the reader's
 * place copied when the write was queued (sb_pg_place()), and that message
 * is kept (ctx->err_kept) against the wording of whatever statement found
 * it; every statement fails after it until the ROLLBACK.
 */

/* Word the failure of queued write q (got: the rows it wrote, or -1). */
static void
queued_failed(struct sb_pg *pg, const struct sb_pgq *q, int64_t got)
{
	sb_ctx *ctx = pg->ctx;
	const char *file = pg->place_file, *sep = file != NULL ? ": " : "";
	const char *wsep = q->where[0] != '\0' ? ": " : "";
	int status;

	if (got >= 0) {
		status = sb_err(ctx, SB_EFAIL, "%s%s%s%sinternal error: %s: %lld rows "
		    "written, not %lld", file != NULL ? file : "", sep, q->where, wsep,
		    q->what, (long long)got, (long long)q->expect);
	} else if ((pg->code & 0xff) == SQLITE_CONSTRAINT || pg->code == SQLITE_MISMATCH) {
		/* as a reader words a refused row: bad input */
		status = sb_err(ctx, SB_EDATA, "%s%s%s%s%s: refused by the database: %s",
		    file != NULL ? file : "", sep, q->where, wsep, q->what, pg->msg);
	} else {
		int st = sb_status_of_sqlite(pg->code);

		status = sb_err(ctx, st == SB_OK ? SB_EFAIL : st, "%s%s%s%s%s: %s",
		    file != NULL ? file : "", sep, q->where, wsep, q->what,
		    sb_pg_busy_why(ctx) != NULL ? sb_pg_busy_why(ctx) : pg->msg);
	}
	ctx->err_kept = status;
	/* not a constraint: no caller takes it for a row it may go on after */
	pg->kept = pg->code = SQLITE_ABORT;
}

/* The results of the pipeline's next query, the first of them (or NULL). */
static PGresult *
next_result(PGconn *c)
{
	PGresult *first = NULL, *r;

	while ((r = PQgetResult(c)) != NULL) {
		if (first == NULL)
			first = r;
		else
			PQclear(r);
	}
	return first;
}

/*
 * The results of the queued writes, their sync sent: the first that failed
 * (or wrote other than its rows) worded.  Those after it were not run (the
 * server skips to the sync).
 */
static void
read_queued(struct sb_pg *pg)
{
	int failed = -1;
	int64_t got = -1;

	for (int i = 0; i < pg->nq; i++) {
		PGresult *r = next_result(pg->conn);
		ExecStatusType s = r != NULL ? PQresultStatus(r) : PGRES_FATAL_ERROR;

		if (failed < 0 && s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
			set_error(pg, r);
			failed = i;
		} else if (failed < 0 && pg->q[i].expect >= 0 &&
		    strtoll(PQcmdTuples(r), NULL, 10) != pg->q[i].expect) {
			got = strtoll(PQcmdTuples(r), NULL, 10);
			failed = i;
		}
		PQclear(r);
	}
	if (failed >= 0 && pg->kept == SQLITE_OK) {
		if (pg->code == SQLITE_OK && got < 0)
			pg->code = SQLITE_IOERR;
		queued_failed(pg, &pg->q[failed], got);
	}
	pg->nq = 0;
}

/* The sync's result read, and pipeline mode left. */
static void
end_pipeline(struct sb_pg *pg)
{
	PGresult *r;

	while ((r = PQgetResult(pg->conn)) != NULL) {
		int sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;

		PQclear(r);
		if (sync)
			break;
	}
	if (PQexitPipelineMode(pg->conn) == 0 && pg->kept == SQLITE_OK &&
	    PQstatus(pg->conn) != CONNECTION_OK) {
		struct sb_pgq q = { "connection", -1, "" };

		set_error(pg, NULL);
		pg->code = SQLITE_IOERR;
		queued_failed(pg, &q, -1);
	}
	pg->piped = 0;
}

/*
 * Before anything else is sent: the queued writes' results read (one
 * round trip).  The code of the failure kept, SQLITE_OK if none.
 */
static int
drain(struct sb_pg *pg)
{
	if (!pg->piped)
		return pg->kept;
	if (PQpipelineSync(pg->conn) == 0) {
		set_error(pg, NULL);
		pg->code = SQLITE_IOERR;
		if (pg->kept == SQLITE_OK)
			queued_failed(pg, &pg->q[0], -1);
		pg->nq = 0;
		(void)PQexitPipelineMode(pg->conn);
		pg->piped = 0;
		return pg->kept;
	}
	read_queued(pg);
	end_pipeline(pg);
	return pg->kept;
}

/*
 * Run the statement in the pipeline, behind the writes queued (their
 * results read first), and in a savepoint of its own when guard (see
 * sb_pg_step()): SAVEPOINT, the statement, RELEASE and the sync sent
 * together, one round trip where they took three, and the queued writes'
 * in the same.  st->res is the statement's result; *released is set when
 * the RELEASE ran too, so that only a refused statement needs its
 * savepoint rolled back to.  An SQLite code, SQLITE_OK when the
 * statement's result (success or refusal) is in st->res.
 */
static int
piped_exec(struct sb_pgst *st, int guard, int *released)
{
	struct sb_pg *pg = st->pg;
	PGconn *c = pg->conn;
	PGresult *saved = NULL, *stmt = NULL, *rel = NULL;
	int rc = SQLITE_OK, queued = pg->piped;

	*released = 0;
	st->res = NULL;
	if (!queued && PQenterPipelineMode(c) == 0) {
		rc = set_error(pg, NULL);
		return rc == SQLITE_OK ? SQLITE_IOERR : rc;
	}
	pg->piped = 1;
	if ((guard && PQsendQueryParams(c, "SAVEPOINT sb_stmt", 0, NULL, NULL, NULL,
	    NULL, 0) == 0) || PQsendQueryPrepared(c, st->name, st->nparams,
	    (const char *const *)st->vals, NULL, NULL, 0) == 0 ||
	    (guard && PQsendQueryParams(c, "RELEASE SAVEPOINT sb_stmt", 0, NULL,
	    NULL, NULL, NULL, 0) == 0) || PQpipelineSync(c) == 0) {
		/* the connection failed: what was sent is lost with it */
		rc = set_error(pg, NULL);
		pg->nq = 0;
		(void)PQexitPipelineMode(c);
		pg->piped = 0;
		return rc == SQLITE_OK ? SQLITE_IOERR : rc;
	}
	if (queued)
		read_queued(pg);
	if (guard)
		saved = next_result(c);
	stmt = next_result(c);
	if (guard)
		rel = next_result(c);
	end_pipeline(pg);
	if (pg->kept != SQLITE_OK) {
		/* a queued write failed: nothing after it ran */
		rc = pg->kept;
	} else if (guard && (saved == NULL || PQresultStatus(saved) != PGRES_COMMAND_OK)) {
		/* no savepoint: nothing ran */
		rc = set_error(pg, saved);
		rc = rc == SQLITE_OK ? SQLITE_ERROR : rc;
	} else {
		ExecStatusType s = stmt != NULL ? PQresultStatus(stmt) : PGRES_FATAL_ERROR;
		int done = s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK;

		if (guard && done && (rel == NULL || PQresultStatus(rel) != PGRES_COMMAND_OK)) {
			rc = set_error(pg, rel);
			rc = rc == SQLITE_OK ? SQLITE_ERROR : rc;
		} else {
			st->res = stmt;
			stmt = NULL;
			*released = guard && done;
		}
	}
	PQclear(saved);
	PQclear(stmt);
	PQclear(rel);
	return rc;
}

void
sb_pg_defer(sb_ctx *ctx, int on)
{
	struct sb_pg *pg = ctx->pg;

	if (!on) {
		(void)drain(pg);
		free(pg->place_file);
		pg->place_file = NULL;
		pg->place_where = NULL;
	}
	pg->defer = on && lpq.pipeline;
}

int
sb_pg_deferring(sb_ctx *ctx)
{
	return ctx->pg->defer;
}

void
sb_pg_place(sb_ctx *ctx, const char *file, const char *where)
{
	struct sb_pg *pg = ctx->pg;

	if (file != NULL) {
		free(pg->place_file);
		pg->place_file = sb_strdup(file); /* NULL: no name, nothing worse */
	}
	pg->place_where = where;
}

/* Is the statement prepared on the server for the kinds bound now? */
static int
prepared_for(const struct sb_pgst *st)
{
	const char *kinds = st->nparams > 0 ? st->kinds : "";

	for (int i = 0; i < st->nsigs; i++)
		if (strcmp(st->sigs[i].sig, kinds) == 0)
			return 1;
	return 0;
}

int
sb_pg_write_later(sb_ctx *ctx, struct sb_pgst *st, const char *what, int64_t expect)
{
	struct sb_pg *pg = st->pg;
	struct sb_pgq *q;
	int rc;

	if (pg->kept != SQLITE_OK)
		return fail(ctx, what);
	if (!pg->defer || st->readonly || st->stream > 0 || (!pg->piped &&
	    PQtransactionStatus(pg->conn) != PQTRANS_INTRANS)) {
		/* now, and its result read now */
		rc = sb_pg_step(st);
		if (rc != SQLITE_DONE && rc != SQLITE_ROW)
			return fail(ctx, what);
		sb_pg_reset(st);
		if (expect >= 0 && pg->changes != expect)
			return sb_err(ctx, SB_EFAIL, "internal error: %s: %lld rows "
			    "written, not %lld", what, (long long)pg->changes,
			    (long long)expect);
		return SB_OK;
	}
	/* a new server-side statement is prepared outside the pipeline */
	if (!prepared_for(st) && drain(pg) != SQLITE_OK)
		return fail(ctx, what);
	if ((rc = prepare_for(st)) != SQLITE_OK)
		return fail(ctx, what);
	if (pg->nq == pg->qcap) {
		int cap = pg->qcap > 0 ? pg->qcap * 2 : 64;
		void *p = realloc(pg->q, (size_t)cap * sizeof(*pg->q));

		if (p == NULL)
			return sb_err(ctx, SB_EFAIL, "out of memory");
		pg->q = p;
		pg->qcap = cap;
	}
	if (!pg->piped) {
		if (PQenterPipelineMode(pg->conn) == 0) {
			set_error(pg, NULL);
			return fail(ctx, what);
		}
		pg->piped = 1;
	}
	q = &pg->q[pg->nq++];
	q->what = what;
	q->expect = expect;
	snprintf(q->where, sizeof(q->where), "%s", pg->place_where != NULL ?
	    pg->place_where : "");
	if (PQsendQueryPrepared(pg->conn, st->name, st->nparams,
	    (const char *const *)st->vals, NULL, NULL, 0) == 0) {
		/* not sent: the connection's fault, worded as this write's */
		char msg[sizeof(pg->msg)];

		set_error(pg, NULL);
		memcpy(msg, pg->msg, sizeof(msg));
		pg->nq--;
		(void)drain(pg);
		if (pg->kept == SQLITE_OK) {
			memcpy(pg->msg, msg, sizeof(msg));
			pg->code = SQLITE_IOERR;
			queued_failed(pg, q, -1);
		}
		return fail(ctx, what);
	}
	if (pg->nq >= SB_PG_QUEUE && drain(pg) != SQLITE_OK)
		return fail(ctx, what);
	return SB_OK;
}

int
sb_pg_step(struct sb_pgst *st)
{
	struct sb_pg *pg = st->pg;

	if (pg->kept != SQLITE_OK)
		return pg->kept; /* a queued write failed: nothing runs to the ROLLBACK */
	if (st->executed && st->row >= st->nrows)
		sb_pg_reset(st); /* as SQLite: a step after the end runs it again */
	if (!st->executed) {
		ExecStatusType status;
		int rc;

		int guard;

		/* (outside the pipeline: a cursor, a statement prepared) */
		if (st->stream > 0 && drain(pg) != SQLITE_OK)
			return pg->kept;
		if (st->stream > 0 && PQtransactionStatus(pg->conn) == PQTRANS_INTRANS) {
			if ((rc = open_cursor(st)) != SQLITE_OK)
				return rc;
			ok(pg);
			st->executed = 1;
			return sb_pg_step(st);
		}
		if (pg->piped && !prepared_for(st) && drain(pg) != SQLITE_OK)
			return pg->kept;
		if ((rc = prepare_for(st)) != SQLITE_OK)
			return rc;
		/*
		 * SQLite undoes a refused statement and the transaction goes on
		 * (an import meets a strip again on another board: a unique key
		 * refuses the INSERT, and it reads the strip instead); PostgreSQL
		 * ends the whole transaction.  So an INSERT inside a transaction
		 * runs inside a savepoint of its own, rolled back to on an error.
		 */
		guard = st->guarded && (pg->piped ||
		    PQtransactionStatus(pg->conn) == PQTRANS_INTRANS);
		if (guard && !lpq.pipeline) {
			/* an older libpq: SAVEPOINT, then the statement */
			if ((rc = run(pg, "SAVEPOINT sb_stmt")) != SQLITE_OK)
				return rc;
			st->res = PQexecPrepared(pg->conn, st->name, st->nparams,
			    (const char *const *)st->vals, NULL, NULL, 0);
			status = st->res != NULL ? PQresultStatus(st->res) :
			    PGRES_FATAL_ERROR;
		} else if (guard || pg->piped) {
			int released = 0;

			if ((rc = piped_exec(st, guard, &released)) != SQLITE_OK)
				return rc;
			status = st->res != NULL ? PQresultStatus(st->res) : PGRES_FATAL_ERROR;
			if (released)
				guard = 0; /* the savepoint is gone: nothing more to do */
		} else {
			st->res = PQexecPrepared(pg->conn, st->name, st->nparams,
			    (const char *const *)st->vals, NULL, NULL, 0);
			status = st->res != NULL ? PQresultStatus(st->res) :
			    PGRES_FATAL_ERROR;
		}
		if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
			int collided = id_collision(st);

			rc = set_error(pg, st->res);

			PQclear(st->res);
			st->res = NULL;
			if (guard) {
				struct sb_pg keep = *pg;

				(void)run(pg, "ROLLBACK TO SAVEPOINT sb_stmt; "
				    "RELEASE SAVEPOINT sb_stmt");
				pg->code = keep.code;
				memcpy(pg->msg, keep.msg, sizeof(pg->msg));
				memcpy(pg->state, keep.state, sizeof(pg->state));
			}
			if (collided && !st->retried && PQtransactionStatus(pg->conn) !=
			    PQTRANS_INERROR && past_ids(st) == SQLITE_OK) {
				/* once: the identity now hands out ids past the table's */
				st->retried = 1;
				rc = sb_pg_step(st);
				st->retried = 0;
				return rc;
			}
			return rc == SQLITE_OK ? SQLITE_ERROR : rc;
		}
		if (guard && (rc = run(pg, "RELEASE SAVEPOINT sb_stmt")) != SQLITE_OK) {
			PQclear(st->res);
			st->res = NULL;
			return rc;
		}
		ok(pg);
		st->executed = 1;
		st->row = -1;
		st->nrows = status == PGRES_TUPLES_OK ? PQntuples(st->res) : 0;
		if (!st->readonly)
			pg->changes = strtoll(PQcmdTuples(st->res), NULL, 10);
		if (st->returns_id) {
			/* the ids are ours, not the caller's rows */
			if (st->nrows > 0)
				pg->last_id = strtoll(PQgetvalue(st->res, st->nrows - 1, 0),
				    NULL, 10);
			st->nrows = 0;
		}
	}
	if (++st->row < st->nrows)
		return SQLITE_ROW;
	if (st->cursor[0] != '\0' && st->more) {
		int rc = fetch(st);

		if (rc != SQLITE_OK) {
			st->row = st->nrows = 0;
			return rc;
		}
		if (++st->row < st->nrows)
			return SQLITE_ROW;
	}
	st->row = st->nrows;
	return SQLITE_DONE;
}

static int
has_value(struct sb_pgst *st, int col)
{
	return st->res != NULL && st->row >= 0 && st->row < st->nrows &&
	    col >= 0 && col < PQnfields(st->res) &&
	    !PQgetisnull(st->res, st->row, col);
}

int
sb_pg_col_type(struct sb_pgst *st, int col)
{
	if (!has_value(st, col))
		return SQLITE_NULL;
	switch (PQftype(st->res, col)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
		return SQLITE_INTEGER;
	case OID_FLOAT4:
	case OID_FLOAT8:
	case OID_NUMERIC:
		return SQLITE_FLOAT;
	default:
		return SQLITE_TEXT;
	}
}

int64_t
sb_pg_col_int64(struct sb_pgst *st, int col)
{
	const char *v;

	if (!has_value(st, col))
		return 0;
	v = PQgetvalue(st->res, st->row, col);
	if (PQftype(st->res, col) == OID_BOOL)
		return v[0] == 't';
	return strtoll(v, NULL, 10); /* as SQLite: the leading number, else 0 */
}

const unsigned char *
sb_pg_col_text(struct sb_pgst *st, int col)
{
	if (!has_value(st, col))
		return NULL;
	if (PQftype(st->res, col) == OID_BOOL)
		return (const unsigned char *)(PQgetvalue(st->res, st->row, col)[0]
		    == 't' ? "1" : "0");
	return (const unsigned char *)PQgetvalue(st->res, st->row, col);
}

int
sb_pg_col_bytes(struct sb_pgst *st, int col)
{
	if (!has_value(st, col))
		return 0;
	if (PQftype(st->res, col) == OID_BOOL)
		return 1;
	return PQgetlength(st->res, st->row, col);
}

int
sb_pg_col_count(struct sb_pgst *st)
{
	return st->res != NULL ? PQnfields(st->res) : 0;
}

int
sb_pg_readonly(struct sb_pgst *st)
{
	return st->readonly;
}

/*
 * The context
 */

const char *
sb_pg_errmsg(sb_ctx *ctx)
{
	return ctx->pg->msg[0] != '\0' ? ctx->pg->msg : "not an error";
}

int
sb_pg_errcode(sb_ctx *ctx)
{
	return ctx->pg->code;
}

int64_t
sb_pg_changes(sb_ctx *ctx)
{
	return ctx->pg->changes;
}

int64_t
sb_pg_last_id(sb_ctx *ctx)
{
	return ctx->pg->last_id;
}

void
sb_pg_busy_wait(sb_ctx *ctx, int ms)
{
	ctx->pg->lock_ms = ms;
}

/* Run SQL text (one or more statements) with no result rows wanted. */
static int
run(struct sb_pg *pg, const char *sql)
{
	PGresult *res;
	ExecStatusType status;
	int rc = SQLITE_OK;

	if (strcmp(sql, "ROLLBACK") == 0) {
		/* the end of a transaction a queued write failed in */
		(void)drain(pg);
		pg->kept = SQLITE_OK;
		if (pg->ctx != NULL)
			pg->ctx->err_kept = 0;
	} else if ((rc = drain(pg)) != SQLITE_OK) {
		return rc;
	}
	res = PQexec(pg->conn, sql);
	status = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
		rc = set_error(pg, res);
		if (rc == SQLITE_OK)
			rc = pg->code = SQLITE_ERROR;
	} else {
		ok(pg);
	}
	PQclear(res);
	return rc;
}

/*
 * The tables a replay touches, copied in one snapshot into temporary
 * tables that hide them (PostgreSQL looks in pg_temp first): the trail,
 * the permissions and sb_meta stay the real ones, read as they are.  The
 * session leaves read-only mode for its temporary tables alone: no
 * statement names a real table again (the caller drops its prepared
 * statements first), and a role with SELECT only still cannot write one.
 * The copies have no foreign keys (as SQLite's replay turns them off):
 * sb_pg_fk_check() checks them at the end.
 */
#define SB_PG_KEPT "('audit', 'perm', 'sb_meta')"

int
sb_pg_private_copy(sb_ctx *ctx)
{
	static const char sql[] =
	    "BEGIN ISOLATION LEVEL REPEATABLE READ; "
	    "DO $$ DECLARE t text; BEGIN "
	    "FOR t IN SELECT c.relname FROM pg_class c WHERE c.relnamespace = "
	    "CAST(current_schema() AS regnamespace) AND c.relkind = 'r' AND "
	    "c.relname NOT IN " SB_PG_KEPT " ORDER BY 1 LOOP "
	    "EXECUTE format('CREATE TEMP TABLE %I (LIKE %I.%I INCLUDING ALL)', t, "
	    "current_schema(), t); "
	    "EXECUTE format('INSERT INTO pg_temp.%I SELECT * FROM %I.%I', t, "
	    "current_schema(), t); "
	    "END LOOP; END $$; COMMIT";

	/* (alone: a string of statements is one transaction from its start) */
	if (run(ctx->pg, "SET default_transaction_read_only = off") != SQLITE_OK ||
	    run(ctx->pg, sql) != SQLITE_OK) {
		int rc = fail(ctx, "a private copy");

		(void)run(ctx->pg, "ROLLBACK");
		return rc;
	}
	return SB_OK;
}

int
sb_pg_fk_check(sb_ctx *ctx, char *child, size_t nchild, char *parent,
    size_t nparent)
{
	/* each single-column key of the real tables, on their copies */
	static const char sql[] =
	    "DO $$ DECLARE r record; bad boolean; BEGIN "
	    "FOR r IN SELECT cl.relname AS t, a.attname AS c, rl.relname AS rt, "
	    "ra.attname AS rc FROM pg_constraint k JOIN pg_class cl ON cl.oid = "
	    "k.conrelid JOIN pg_class rl ON rl.oid = k.confrelid JOIN pg_attribute a "
	    "ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] JOIN pg_attribute "
	    "ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1] WHERE "
	    "k.contype = 'f' AND cardinality(k.conkey) = 1 AND cl.relnamespace = "
	    "CAST(current_schema() AS regnamespace) AND cl.relname NOT IN " SB_PG_KEPT
	    " ORDER BY 1, 2 LOOP "
	    "EXECUTE format('SELECT EXISTS (SELECT 1 FROM pg_temp.%I c WHERE c.%I IS "
	    "NOT NULL AND NOT EXISTS (SELECT 1 FROM %I p WHERE p.%I = c.%I))', r.t, r.c, "
	    "r.rt, r.rc, r.c) INTO bad; "
	    "IF bad THEN RAISE EXCEPTION 'sb_fk %|%', r.t, r.rt; END IF; "
	    "END LOOP; END $$";
	struct sb_pg *pg = ctx->pg;
	const char *bar;

	child[0] = parent[0] = '\0';
	if (run(pg, sql) == SQLITE_OK)
		return SB_OK;
	if (strncmp(pg->msg, "sb_fk ", 6) != 0 || (bar = strchr(pg->msg, '|')) == NULL)
		return fail(ctx, "replay");
	snprintf(child, nchild, "%.*s", (int)(bar - pg->msg - 6), pg->msg + 6);
	snprintf(parent, nparent, "%s", bar + 1);
	return SB_OK;
}

int
sb_pg_exec(sb_ctx *ctx, const char *sql)
{
	if (strcmp(sql, "BEGIN IMMEDIATE") == 0)
		return sb_pg_begin(ctx);
	/*
	 * SQLite's BEGIN (deferred) reads one snapshot, from its first read to
	 * its end: an export is one consistent state of the board.  PostgreSQL's
	 * read committed takes a new snapshot for each statement; repeatable
	 * read keeps the first, as SQLite does.
	 */
	if (strcmp(sql, "BEGIN") == 0)
		sql = "BEGIN ISOLATION LEVEL REPEATABLE READ";
	int rc = run(ctx->pg, sql), status = sb_status_of_sqlite(rc);

	if (rc == SQLITE_OK)
		return SB_OK;
	if (status == SB_EBUSY && sb_pg_busy_why(ctx) != NULL)
		return sb_err(ctx, status, "database is busy: %s", sb_pg_busy_why(ctx));
	if (status == SB_EBUSY)
		return sb_err(ctx, status, "database is busy (waited %d ms)", ctx->busy_ms);
	return sb_err(ctx, status == SB_OK ? SB_EFAIL : status, "%s", ctx->pg->msg);
}

int
sb_pg_in_tx(sb_ctx *ctx)
{
	if (ctx->pg->piped || ctx->pg->kept != SQLITE_OK)
		return 1;
	return PQtransactionStatus(ctx->pg->conn) != PQTRANS_IDLE;
}

/*
 * A write transaction: BEGIN, then the database's one writer lock (an
 * advisory lock on the application id, held to COMMIT or ROLLBACK), waited
 * for at most the busy timeout.  So writers run one at a time and each
 * statement after the lock reads every commit before it: SQLite's BEGIN
 * IMMEDIATE on a server.
 */
int
sb_pg_begin(sb_ctx *ctx)
{
	struct sb_pg *pg = ctx->pg;
	char sql[160];
	int rc;

	snprintf(sql, sizeof(sql), "BEGIN; SET LOCAL lock_timeout = %d; "
	    "SELECT pg_advisory_xact_lock(%d)", pg->lock_ms > 0 ? pg->lock_ms : 1,
	    SB_APPLICATION_ID);
	/*
	 * A deadlock or serialisation failure while waiting for the lock
	 * (another client holding it and waiting for something of ours) ended
	 * a transaction that had done nothing yet: try again, a few times.
	 */
	for (int tries = 0; (rc = run(pg, sql)) == SQLITE_BUSY &&
	    sb_pg_busy_why(ctx) != NULL && tries < 3; tries++) {
		struct timespec nap = { 0, 20000000L << tries };

		(void)run(pg, "ROLLBACK");
		nanosleep(&nap, NULL);
	}
	if (rc != SQLITE_OK) {
		char why[sizeof(pg->msg)];

		memcpy(why, pg->msg, sizeof(why));
		(void)run(pg, "ROLLBACK");
		pg->code = rc;
		memcpy(pg->msg, why, sizeof(why));
		if (rc == SQLITE_BUSY)
			return sb_err(ctx, SB_EBUSY, "database is busy (waited %d ms)",
			    ctx->busy_ms);
		return fail(ctx, ctx->path);
	}
	return SB_OK;
}

/*
 * Following the trail: every commit that writes audit rows, by any client,
 * signals the channel stripboard_audit (the trigger audit_notify, schema
 * migration 009).  A follower LISTENs once, then waits on the connection's
 * socket: nothing is asked of the server until a commit is announced.
 */
int
sb_pg_listen(sb_ctx *ctx)
{
	if (run(ctx->pg, "LISTEN stripboard_audit") != SQLITE_OK)
		return fail(ctx, ctx->path);
	return SB_OK;
}

int
sb_pg_socket(sb_ctx *ctx)
{
	return PQsocket(ctx->pg->conn);
}

/*
 * The notifications received so far (a number that grows with each
 * announced commit), into *v: what arrived on the socket is read without
 * waiting.  SB_OK, or SB_EFAIL when the connection is lost.
 */
int
sb_pg_notified(sb_ctx *ctx, int64_t *v)
{
	struct sb_pg *pg = ctx->pg;
	PGnotify *n;

	if (PQconsumeInput(pg->conn) == 0) {
		set_error(pg, NULL);
		return fail(ctx, ctx->path);
	}
	while ((n = PQnotifies(pg->conn)) != NULL) {
		pg->notified++;
		PQfreemem(n);
	}
	*v = pg->notified;
	return SB_OK;
}

/*
 * Opening
 */

/*
 * What the database holds, read in one statement: whether our table of
 * versions is there, and how many tables the schema has.
 */
static int
look(sb_ctx *ctx, int *have_meta, int64_t *ntables, int64_t *appid, int64_t *ver)
{
	struct sb_pg *pg = ctx->pg;
	PGresult *res;
	int rc = SB_OK;

	*have_meta = 0;
	*appid = *ver = 0;
	/* (pg_class, not the views over it: the first query of each connection) */
	res = PQexec(pg->conn, "SELECT (SELECT count(*) FROM pg_catalog.pg_class "
	    "WHERE relnamespace = CAST(current_schema() AS regnamespace) AND relkind "
	    "IN ('r', 'p')), to_regclass('sb_meta') IS NOT NULL");
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		set_error(pg, res);
		PQclear(res);
		return fail(ctx, ctx->path);
	}
	*ntables = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	*have_meta = PQgetvalue(res, 0, 1)[0] == 't';
	PQclear(res);
	if (!*have_meta)
		return SB_OK;
	res = PQexec(pg->conn, "SELECT application_id, schema_version FROM sb_meta");
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
		set_error(pg, res);
		rc = fail(ctx, ctx->path);
	} else if (PQntuples(res) == 1 && PQnfields(res) == 2) {
		*appid = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		*ver = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
	}
	PQclear(res);
	return rc;
}

static int
latest_version(void)
{
	return sb_migrations[sb_migration_count - 1].version;
}

/* What the schema needs before the first migration. */
static const char prelude[] =
    "CREATE TABLE sb_meta (application_id BIGINT NOT NULL, "
    "schema_version BIGINT NOT NULL);\n"
    "CREATE FUNCTION sb_refuse() RETURNS trigger LANGUAGE plpgsql AS $$"
    SB_PG_REFUSE_BODY "$$;\n"
    /* SQLite's CAST(x AS INTEGER): the leading integer of text, else 0 */
    "CREATE FUNCTION sb_int(text) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ "
    "SELECT CASE WHEN $1 IS NULL THEN NULL ELSE coalesce(CAST(substring($1 "
    "FROM '^[ \t\n]*[-+]?[0-9]{1,18}') AS bigint), 0) END $$;\n"
    "CREATE FUNCTION sb_int(bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ "
    "SELECT $1 $$;\n"
    "CREATE FUNCTION sb_int(double precision) RETURNS bigint LANGUAGE sql "
    "IMMUTABLE AS $$ SELECT CAST(trunc($1) AS bigint) $$;\n"
    /* SQLite's json_valid(): 1 when the text is JSON, 0 when not */
    "CREATE FUNCTION json_valid(text) RETURNS integer LANGUAGE plpgsql "
    "IMMUTABLE STRICT AS $$ BEGIN PERFORM CAST($1 AS json); RETURN 1; "
    "EXCEPTION WHEN others THEN RETURN 0; END $$;\n";

/*
 * Migration 005: the first admin of all of it (sb-perm(1)).  A database
 * made now is its maker's (the role the server authenticated); one made
 * before permissions is the owner's of its tables (of sb_meta, made with
 * the schema), as a file's is its owner's: a role that migrates it later
 * (a superuser upgrading it) is not made its admin.
 */
static int
grant_owner(sb_ctx *ctx)
{
	struct sb_pg *pg = ctx->pg;
	const char *vals[2] = { ctx->user != NULL ? ctx->user : "",
	    ctx->created ? "1" : "0" };
	PGresult *res = PQexecParams(pg->conn, "INSERT INTO perm (grantee, effect, "
	    "what, granted_by, granted_at) VALUES (CASE WHEN $2 = '1' THEN $1 ELSE "
	    "coalesce((SELECT CAST(pg_catalog.pg_get_userbyid(c.relowner) AS text) "
	    "FROM pg_catalog.pg_class c WHERE c.relname = 'sb_meta' AND c.relnamespace "
	    "= CAST(current_schema() AS regnamespace)), $1) END, 'grant', 'admin', "
	    "'(owner)', to_char(now() AT TIME ZONE 'UTC', "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))", 2, NULL, vals, NULL, NULL, 0);
	int rc = SB_OK;

	if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
		set_error(pg, res);
		rc = sb_err(ctx, SB_EFAIL, "%s: migration 005-perm: %s", ctx->path, pg->msg);
	} else {
		ok(pg);
	}
	PQclear(res);
	return rc;
}

/*
 * Make or bring the schema up to date, in one transaction holding the
 * writer lock; what the database holds is read again under the lock, so
 * two creators at once make one schema.
 */
static int
migrate(sb_ctx *ctx, int (*before)(sb_ctx *, int),
    int (*unapplied)(sb_ctx *, int64_t, uint64_t *, int *))
{
	struct sb_pg *pg = ctx->pg;
	int have_meta, rc, first;
	int64_t ntables, appid, ver;
	uint64_t missing = 0;
	char sql[160];

	if ((rc = sb_pg_begin(ctx)) != SB_OK)
		return rc;
	if ((rc = look(ctx, &have_meta, &ntables, &appid, &ver)) != SB_OK)
		goto fail;
	if (!have_meta && ntables > 0) {
		rc = sb_err(ctx, SB_EDATA, "%s: not a stripboard database (a "
		    "PostgreSQL database of another application)", ctx->path);
		goto fail;
	}
	if (have_meta && appid != SB_APPLICATION_ID) {
		rc = sb_err(ctx, SB_EDATA, "%s: not a stripboard database (a "
		    "PostgreSQL database of another application)", ctx->path);
		goto fail;
	}
	if (ver > latest_version()) {
		rc = sb_err(ctx, SB_EDATA, "%s: schema version %lld is newer than "
		    "this stripboard understands (%d); upgrade stripboard", ctx->path,
		    (long long)ver, latest_version());
		goto fail;
	}
	if (!have_meta) {
		if (run(pg, prelude) != SQLITE_OK) {
			rc = fail(ctx, ctx->path);
			goto fail;
		}
		ctx->created = 1;
	}
	/* what the version counts as applied, looked for again under the lock */
	if (have_meta && ver > 0 &&
	    (rc = unapplied(ctx, ver, &missing, &first)) != SB_OK)
		goto fail;
	for (int i = 0; i < sb_migration_count; i++) {
		if (sb_migrations[i].version <= ver && !(i < 64 && (missing >> i & 1)))
			continue;
		/* what SQL cannot do, in C (lib/db.c): the chain's hashes */
		if ((rc = before(ctx, sb_migrations[i].version)) != SB_OK)
			goto fail;
		if (run(pg, sb_migrations[i].pg) != SQLITE_OK) {
			rc = sb_err(ctx, SB_EFAIL, "%s: migration %s: %s", ctx->path,
			    sb_migrations[i].name, pg->msg);
			goto fail;
		}
		if (sb_migrations[i].version == SB_PERM_MIGRATION &&
		    (rc = grant_owner(ctx)) != SB_OK)
			goto fail;
	}
	snprintf(sql, sizeof(sql), "DELETE FROM sb_meta; INSERT INTO sb_meta "
	    "VALUES (%d, %d); COMMIT", SB_APPLICATION_ID, latest_version());
	if (run(pg, sql) != SQLITE_OK) {
		rc = fail(ctx, ctx->path);
		goto fail;
	}
	return SB_OK;
fail:
	(void)run(pg, "ROLLBACK");
	ctx->created = 0;
	return rc;
}

/* postgresql://HOST/DBNAME, for messages: no user, password or options. */
static char *
where(PGconn *conn)
{
	const char *host = PQhost(conn), *db = PQdb(conn);
	size_t n = strlen(host != NULL ? host : "") + strlen(db != NULL ? db : "") + 16;
	char *s = malloc(n);

	if (s != NULL)
		snprintf(s, n, "postgresql://%s/%s", host != NULL && host[0] != '/' ?
		    host : "", db != NULL ? db : "");
	return s;
}

/* Which tables have an id column (see returns_id), into pg->id_tables. */
static int
find_id_tables(sb_ctx *ctx)
{
	struct sb_pg *pg = ctx->pg;
	/* the catalog itself: information_schema's views cost a command ~5 ms */
	PGresult *res = PQexec(pg->conn, "SELECT ',' || string_agg(c.relname, ',') || ','"
	    " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid"
	    " WHERE a.attname = 'id' AND NOT a.attisdropped AND c.relkind IN ('r', 'p')"
	    " AND c.relnamespace = CAST(current_schema() AS regnamespace)");
	int rc = SB_OK;

	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		set_error(pg, res);
		rc = fail(ctx, ctx->path);
	} else if (!PQgetisnull(res, 0, 0) &&
	    (pg->id_tables = strdup(PQgetvalue(res, 0, 0))) == NULL) {
		rc = sb_err(ctx, SB_EFAIL, "out of memory");
	}
	PQclear(res);
	return rc;
}

int
sb_pg_open(sb_ctx *ctx, const char *uri, unsigned flags,
    int (*before)(sb_ctx *, int),
    int (*unapplied)(sb_ctx *, int64_t, uint64_t *, int *))
{
	struct sb_pg *pg;
	int have_meta, rc, first = -1;
	int64_t ntables, appid, ver;
	uint64_t missing = 0;

	char why[300];

	if (load_libpq(why, sizeof(why)) != 0)
		return sb_err(ctx, SB_EFAIL, "PostgreSQL: the client library is "
		    "not there (Debian: libpq5): %s", why);
	if ((pg = calloc(1, sizeof(*pg))) == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	pg->lock_ms = ctx->busy_ms;
	pg->ctx = ctx;
	pg->conn = PQconnectdb(uri);
	if (pg->conn == NULL) {
		free(pg);
		return sb_err(ctx, SB_EFAIL, "out of memory");
	}
	ctx->pg = pg;
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		/* libpq's message names the server, never the password */
		set_error(pg, NULL);
		rc = sb_err(ctx, SB_EFAIL, "PostgreSQL: cannot connect: %s", pg->msg);
		sb_pg_close(ctx);
		return rc;
	}
	PQsetNoticeProcessor(pg->conn, quiet, NULL);
	/* the trail's actor: the role the server authenticated */
	if (ctx->actor == NULL && (ctx->actor = sb_strdup(PQuser(pg->conn))) == NULL) {
		sb_pg_close(ctx);
		return sb_err(ctx, SB_EFAIL, "out of memory");
	}
	/* and the user permissions are checked for (sb-perm(1)) */
	free(ctx->user);
	if ((ctx->user = sb_strdup(PQuser(pg->conn))) == NULL) {
		sb_pg_close(ctx);
		return sb_err(ctx, SB_EFAIL, "out of memory");
	}
	if ((ctx->path = where(pg->conn)) == NULL) {
		sb_pg_close(ctx);
		return sb_err(ctx, SB_EFAIL, "out of memory");
	}
	/*
	 * jit off: a read of a whole board is estimated dear enough for the
	 * server to compile it, 0.6 s of LLVM for a statement that runs in 0.2
	 */
	if (run(pg, "SET client_encoding = 'UTF8'; SET datestyle = 'ISO'; "
	    "SET client_min_messages = warning; SET jit = off") != SQLITE_OK) {
		rc = fail(ctx, ctx->path);
		goto fail;
	}
	if ((rc = look(ctx, &have_meta, &ntables, &appid, &ver)) != SB_OK)
		goto fail;
	if ((have_meta && appid != SB_APPLICATION_ID) || (!have_meta && ntables > 0)) {
		rc = sb_err(ctx, SB_EDATA, "%s: not a stripboard database (a "
		    "PostgreSQL database of another application)", ctx->path);
		goto fail;
	}
	if (!have_meta && (!(flags & SB_OPEN_CREATE) || ctx->readonly)) {
		rc = sb_err(ctx, SB_ENOTFOUND, "%s: no stripboard database there "
		    "(sb-import creates one)", ctx->path);
		goto fail;
	}
	if (ver > latest_version()) {
		rc = sb_err(ctx, SB_EDATA, "%s: schema version %lld is newer than "
		    "this stripboard understands (%d); upgrade stripboard", ctx->path,
		    (long long)ver, latest_version());
		goto fail;
	}
	if (have_meta && ver < latest_version() && ctx->readonly) {
		rc = sb_err(ctx, SB_EDATA, "%s: an older database (schema version "
		    "%lld); open it once for writing to migrate it", ctx->path,
		    (long long)ver);
		goto fail;
	}
	/* each migration the version counts is there (lib/db.c, as for a file) */
	if (have_meta && ver > 0 &&
	    (rc = unapplied(ctx, ver, &missing, &first)) != SB_OK)
		goto fail;
	if (missing != 0 && ctx->readonly) {
		rc = sb_err(ctx, SB_EDATA, "%s: schema version %lld, but migration %s "
		    "was never applied (a development build ran the migrations out of "
		    "order); open it once for writing to apply it", ctx->path,
		    (long long)ver, sb_migrations[first].name);
		goto fail;
	}
	if ((!have_meta || ver < latest_version() || missing != 0) &&
	    (rc = migrate(ctx, before, unapplied)) != SB_OK)
		goto fail;
	if ((rc = find_id_tables(ctx)) != SB_OK)
		goto fail;
	/* read-only as a file opened read-only is: the server refuses writes */
	if (ctx->readonly && run(pg, "SET default_transaction_read_only = on") != SQLITE_OK) {
		rc = fail(ctx, ctx->path);
		goto fail;
	}
	return SB_OK;
fail:
	sb_pg_close(ctx);
	return rc;
}

void
sb_pg_close(sb_ctx *ctx)
{
	if (ctx->pg == NULL)
		return;
	PQfinish(ctx->pg->conn);
	free(ctx->pg->id_tables);
	free(ctx->pg->unused);
	free(ctx->pg->q);
	free(ctx->pg->place_file);
	free(ctx->pg);
	ctx->pg = NULL;
}

/*
 * Undo the schema this context made (an import that failed on a new
 * database leaves nothing, as a new file is removed): every table of the
 * schema was made by it, which found none there.
 */
void
sb_pg_discard(sb_ctx *ctx)
{
	struct sb_pg *pg = ctx->pg;
	char sql[1200];

	(void)run(pg, "ROLLBACK");
	/* under the writer lock; not if another client filled it meanwhile */
	snprintf(sql, sizeof(sql), "BEGIN; SELECT pg_advisory_xact_lock(%d); "
	    "DO $$ DECLARE t text; BEGIN "
	    "IF EXISTS (SELECT 1 FROM project) THEN RETURN; END IF; "
	    "FOR t IN SELECT tablename FROM pg_catalog.pg_tables "
	    "WHERE schemaname = current_schema() LOOP "
	    "EXECUTE format('DROP TABLE IF EXISTS %%I CASCADE', t); END LOOP; "
	    /* the functions of the prelude and the migrations */
	    "FOR t IN SELECT format('%%I(%%s)', p.proname, "
	    "pg_get_function_identity_arguments(p.oid)) FROM pg_proc p "
	    "WHERE p.pronamespace = CAST(current_schema() AS regnamespace) AND "
	    "p.proname IN ('sb_refuse', 'sb_int', 'json_valid', 'sb_audit_notify', "
	    "'json_extract', 'json_remove', 'sb_jc', 'json_type') LOOP "
	    "EXECUTE 'DROP FUNCTION IF EXISTS ' || t; END LOOP; END $$; COMMIT",
	    SB_APPLICATION_ID);
	if (run(pg, sql) != SQLITE_OK)
		(void)run(pg, "ROLLBACK");
}
