/*
 * op_perm.c - the operations of sb-perm(1): naming a scope, granting,
 * denying and revoking (each audited in its own transaction), listing the
 * rules and explaining a decision.  How rules decide is lib/store_perm.c.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "json_priv.h"
#include "lookup_priv.h"
#include "perm_priv.h"
#include "store.h"

/* Where a rule is written: its level and the ids stored with it. */
struct perm_at {
	int level;
	int64_t project, board, day, strip;
};

static int
oom(sb_ctx *ctx)
{
	return sb_err(ctx, SB_EFAIL, "out of memory");
}

int
sb_perm_scope(sb_ctx *ctx, const struct sb_perm_where *w, struct sb_scope *s)
{
	int64_t lane;
	int rc;

	memset(s, 0, sizeof(*s));
	if (w->day < 0)
		return sb_err(ctx, SB_EUSAGE, "a day number is 1 or more");
	if (w->project == NULL && w->board == NULL && w->strip == NULL && w->day == 0)
		return SB_OK; /* the whole file */
	if ((rc = sb_project_find(ctx, w->project, &s->project_id)) != SB_OK)
		return rc;
	if ((w->board != NULL || w->day > 0) &&
	    (rc = sb_board_find(ctx, s->project_id, w->board, &s->board_id)) != SB_OK)
		return rc;
	if (w->day > 0) {
		if (w->strip != NULL)
			return sb_err(ctx, SB_EUSAGE, "a rule is on a day or on a strip, "
			    "not both");
		if ((rc = sb_lane_get(ctx, s->board_id, "schedule", 0, &lane)) != SB_OK)
			return rc;
		if (lane == 0)
			return sb_err(ctx, SB_ENOTFOUND, "the board has no shoot days");
		if ((rc = sb_shoot_day(ctx, lane, w->day, &s->day_id)) != SB_OK)
			return rc;
	}
	if (w->strip != NULL &&
	    (rc = sb_strip_find(ctx, s->project_id, w->strip, &s->strip_id)) != SB_OK)
		return rc;
	return SB_OK;
}

static int
at_of(sb_ctx *ctx, const struct sb_scope *s, struct perm_at *at)
{
	struct sb_perm_chain ch;
	int rc;

	memset(at, 0, sizeof(*at));
	if ((rc = sb_perm_chain(ctx, s, ~0u, &ch)) != SB_OK)
		return rc;
	at->level = ch.narrowest;
	if (at->level >= PL_PROJECT)
		at->project = ch.id[PL_PROJECT];
	if (at->level == PL_BOARD || at->level == PL_DAY ||
	    (at->level == PL_STRIP && s->board_id != 0))
		at->board = ch.id[PL_BOARD];
	if (at->level == PL_DAY)
		at->day = ch.id[PL_DAY];
	if (at->level == PL_STRIP)
		at->strip = ch.id[PL_STRIP];
	if (at->level >= PL_PROJECT && at->project == 0)
		return sb_err(ctx, SB_ENOTFOUND, "no such %s",
		    at->level == PL_STRIP ? "strip" : at->level == PL_DAY ? "day" :
		    at->level == PL_BOARD ? "board" : "project");
	return SB_OK;
}

static void
at_words(sb_ctx *ctx, const struct perm_at *at, struct sb_buf *b)
{
	sb_perm_scope_words(ctx, at->level, at->project, at->board, at->day, at->strip, b);
}

/* A user as a rule names it: the login name of a uid, or uid:N. */
static int
user_ok(sb_ctx *ctx, const char *user)
{
	size_t n = user != NULL ? strlen(user) : 0;

	if (n == 0 || n > 255 || !sb_utf8_valid(user, n))
		return sb_err(ctx, SB_EDATA, "a user is 1 to 255 bytes of UTF-8");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)user[i] < 0x20 || user[i] == 0x7f)
			return sb_err(ctx, SB_EDATA, "a user name has no control characters");
	return SB_OK;
}

/* The rules are the context's user's, read once: read them again after a change. */
static void
forget_rules(sb_ctx *ctx)
{
	if (ctx->perm != NULL)
		sb_perm_cache_free(ctx->perm);
	ctx->perm = NULL;
}

/* The rows of user on exactly at. */
struct row {
	int64_t id, version;
	int deny;
	char what[32], *by, *at;
};

static void
rows_free(struct row *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].by);
		free(r[i].at);
	}
	free(r);
}

static int
rows_at(sb_ctx *ctx, const char *user, const struct perm_at *at, struct row **out,
    size_t *nout)
{
	static const char sql[] =
	    "SELECT id, effect, what, version, granted_by, granted_at FROM perm"
	    " WHERE grantee = ?1 AND coalesce(project_id, 0) = ?2"
	    " AND coalesce(board_id, 0) = ?3 AND coalesce(day_id, 0) = ?4"
	    " AND coalesce(strip_id, 0) = ?5 ORDER BY id";
	sb_st *st = sb_stmt(ctx, sql);
	struct row *r = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	*nout = 0;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_text(st, 1, user);
	sb_bind_int64(st, 2, at->project);
	sb_bind_int64(st, 3, at->board);
	sb_bind_int64(st, 4, at->day);
	sb_bind_int64(st, 5, at->strip);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			struct row *nr = realloc(r, (cap = cap ? cap * 2 : 8) * sizeof(*r));

			if (nr == NULL) {
				sb_reset(st);
				rows_free(r, n);
				return oom(ctx);
			}
			r = nr;
		}
		memset(&r[n], 0, sizeof(r[n]));
		r[n].id = sb_col_int64(st, 0);
		r[n].deny = strcmp((const char *)sb_col_text(st, 1), "deny") == 0;
		snprintf(r[n].what, sizeof(r[n].what), "%s", (const char *)sb_col_text(st, 2));
		r[n].version = sb_col_int64(st, 3);
		r[n].by = sb_strdup((const char *)sb_col_text(st, 4));
		r[n].at = sb_strdup((const char *)sb_col_text(st, 5));
		if (r[n++].at == NULL || r[n - 1].by == NULL) {
			sb_reset(st);
			rows_free(r, n);
			return oom(ctx);
		}
	}
	sb_reset(st);
	if (rc != SQLITE_DONE) {
		rows_free(r, n);
		return sb_sqlerr(ctx, "perm");
	}
	*out = r;
	*nout = n;
	return SB_OK;
}

/*
 * The audit row of a rule: set holds each column's before and after
 * (stripboard(5)), about says it in words for sb-log.
 */
static int
audit_rule(sb_ctx *ctx, const char *kind, const char *user, const struct perm_at *at,
    int64_t id, int deny, const char *before, const char *after,
    const struct row *old, int64_t vbefore, int64_t vafter)
{
	struct sb_buf a, w;
	const char *what = after != NULL ? after : before;
	int rc;

	sb_buf_init(&a);
	sb_buf_init(&w);
	at_words(ctx, at, &w);
	sb_buf_puts(&a, "{\"set\":{");
	if (vbefore == 0 || vafter == 0) {
		/* a rule made or removed: every column */
		int made = vbefore == 0;
		const char *by = made ? sb_user(ctx) : old->by,
		    *when = made ? sb_now(ctx) : old->at;

#define PAIR_TEXT(key, v) do { \
	sb_buf_puts(&a, "\"" key "\":["); \
	if (made) { sb_buf_puts(&a, "null,"); sb_json_quote(&a, v); } \
	else { sb_json_quote(&a, v); sb_buf_puts(&a, ",null"); } \
	sb_buf_puts(&a, "],"); } while (0)
#define PAIR_INT(key, v) do { \
	sb_buf_puts(&a, "\"" key "\":["); \
	if (made) { sb_buf_puts(&a, "null,"); sb_json_int_or_null(&a, v, v != 0); } \
	else { sb_json_int_or_null(&a, v, v != 0); sb_buf_puts(&a, ",null"); } \
	sb_buf_puts(&a, "],"); } while (0)
		PAIR_TEXT("grantee", user);
		PAIR_TEXT("effect", deny ? "deny" : "grant");
		PAIR_TEXT("what", what);
		PAIR_INT("project_id", at->project);
		PAIR_INT("board_id", at->board);
		PAIR_INT("day_id", at->day);
		PAIR_INT("strip_id", at->strip);
		PAIR_TEXT("granted_by", by);
		sb_buf_puts(&a, "\"granted_at\":[");
		if (made) {
			sb_buf_puts(&a, "null,");
			sb_json_quote(&a, when);
		} else {
			sb_json_quote(&a, when);
			sb_buf_puts(&a, ",null");
		}
		sb_buf_puts(&a, "]");
#undef PAIR_TEXT
#undef PAIR_INT
	} else {
		/* a grant of another role: what, by whom and when */
		sb_buf_puts(&a, "\"what\":[");
		sb_json_quote(&a, before);
		sb_buf_puts(&a, ",");
		sb_json_quote(&a, after);
		sb_buf_puts(&a, "],\"granted_by\":[");
		sb_json_quote(&a, old->by);
		sb_buf_puts(&a, ",");
		sb_json_quote(&a, sb_user(ctx));
		sb_buf_puts(&a, "],\"granted_at\":[");
		sb_json_quote(&a, old->at);
		sb_buf_puts(&a, ",");
		sb_json_quote(&a, sb_now(ctx));
		sb_buf_puts(&a, "]");
	}
	sb_buf_puts(&a, "},\"about\":{\"perm\":");
	sb_json_quote(&a, kind);
	sb_buf_puts(&a, ",\"user\":");
	sb_json_quote(&a, user);
	sb_buf_puts(&a, ",\"effect\":");
	sb_json_quote(&a, deny ? "deny" : "grant");
	sb_buf_puts(&a, ",\"what\":");
	sb_json_quote(&a, what);
	if (before != NULL && after != NULL) {
		sb_buf_puts(&a, ",\"was\":");
		sb_json_quote(&a, before);
	}
	sb_buf_puts(&a, ",\"scope\":");
	sb_json_quote(&a, w.failed ? "" : sb_buf_str(&w));
	if (at->board != 0)
		sb_buf_printf(&a, ",\"board_id\":%lld", (long long)at->board);
	sb_buf_puts(&a, "}}");
	rc = a.failed || w.failed ? oom(ctx) : sb_audit(ctx, at->project, "perm", id,
	    vbefore, vafter, sb_buf_str(&a));
	sb_buf_free(&a);
	sb_buf_free(&w);
	return rc;
}

/* The whole file keeps an admin whom no rule of the whole file denies. */
static int
file_keeps_admin(sb_ctx *ctx, const struct perm_at *at)
{
	static const char sql[] =
	    "SELECT count(*) FROM perm g WHERE g.effect = 'grant' AND g.what = 'admin'"
	    " AND g.project_id IS NULL AND g.board_id IS NULL AND g.day_id IS NULL"
	    " AND g.strip_id IS NULL AND NOT EXISTS (SELECT 1 FROM perm d"
	    " WHERE d.grantee = g.grantee AND d.effect = 'deny' AND d.project_id IS NULL"
	    " AND d.board_id IS NULL AND d.day_id IS NULL AND d.strip_id IS NULL"
	    " AND d.what IN ('viewer', 'scheduler', 'editor', 'admin', 'grant'))";
	sb_st *st;
	int64_t n = 0;
	int rc;

	if (at->level != PL_FILE)
		return SB_OK;
	if ((st = sb_stmt(ctx, sql)) == NULL)
		return SB_EFAIL;
	if ((rc = sb_step(st)) == SQLITE_ROW)
		n = sb_col_int64(st, 0);
	sb_reset(st);
	if (rc != SQLITE_ROW)
		return sb_sqlerr(ctx, "perm");
	if (n == 0)
		return sb_err(ctx, SB_EDATA, "the whole file would be left without an "
		    "admin: grant admin on the whole file to someone else first");
	return SB_OK;
}

/* Does rule r take away any of what (a role, or an action when role is 0)? */
static int
takes(const struct sb_perm_rule *r, int role, int action)
{
	if (role > 0)
		return r->role > 0 ? r->role <= role : sb_action_role(r->action) <= role;
	return r->role > 0 ? r->role <= sb_action_role(action) : r->action == action;
}

/*
 * A refused grant or deny, logged as sudo logs a refusal (lib/base_syslog.c):
 * the action "grant editor to bob", the scope in words.
 */
static void
log_refusal(sb_ctx *ctx, const char *verb, int role, int action, const char *user,
    const struct perm_at *at)
{
	struct sb_buf what, where;

	sb_buf_init(&what);
	sb_buf_init(&where);
	sb_buf_printf(&what, "%s %s to %s", verb,
	    role > 0 ? sb_role_name(role) : sb_action_name(action), user);
	at_words(ctx, at, &where);
	sb_log_refusal(ctx, sb_user(ctx), what.failed ? verb : sb_buf_str(&what),
	    where.failed ? "" : sb_buf_str(&where));
	sb_buf_free(&what);
	sb_buf_free(&where);
}

/*
 * May the context's user give what (a role, or an action when role is 0)
 * on at?  An admin of the scope who holds it there, and whom no deny
 * inside the scope keeps from it: no one gives more than they hold.
 */
static int
may_give(sb_ctx *ctx, const struct sb_scope *s, const struct perm_at *at, int role,
    int action, const char *verb, const char *user)
{
	const struct sb_perm_cache *c;
	int rc;

	if ((rc = sb_perm_require(ctx, SB_ACT_GRANT, s)) != SB_OK)
		return rc;
	for (int a = 0; a < SB_ACT_COUNT; a++) {
		if (role > 0 ? sb_action_role(a) > role : a != action)
			continue;
		if ((rc = sb_perm_require(ctx, a, s)) != SB_OK)
			return rc;
	}
	c = ctx->perm;
	for (size_t i = 0; c != NULL && i < c->n; i++) {
		const struct sb_perm_rule *r = &c->rules[i];
		int inside;
		struct sb_buf b;

		if (!r->deny || r->level <= at->level || !takes(r, role, action))
			continue;
		switch (at->level) {
		case PL_FILE: inside = 1; break;
		case PL_PROJECT: inside = r->project_id == at->project; break;
		case PL_BOARD: inside = r->board_id == at->board; break;
		case PL_DAY: inside = r->day_id == at->day; break;
		default: inside = 0; break;
		}
		if (!inside)
			continue;
		sb_buf_init(&b);
		sb_buf_printf(&b, "%s may not %s %s to %s on ", sb_user(ctx), verb,
		    role > 0 ? sb_role_name(role) : sb_action_name(action), user);
		at_words(ctx, at, &b);
		sb_buf_puts(&b, ": ");
		sb_perm_rule_words(ctx, r, &b);
		sb_buf_printf(&b, " keeps it from %s inside it", sb_user(ctx));
		rc = sb_err(ctx, SB_EPERM, "permission denied: %.900s",
		    b.failed ? "out of memory" : sb_buf_str(&b));
		sb_buf_free(&b);
		log_refusal(ctx, verb, role, action, user, at);
		return rc;
	}
	return SB_OK;
}

/* The widest level of ch at which c allows action; PL_COUNT when none. */
static int
widest(const struct sb_perm_cache *c, int action, const struct sb_perm_chain *ch)
{
	for (int l = PL_FILE; l <= ch->narrowest; l++) {
		struct sb_perm_chain t = *ch;
		struct sb_perm_decision d;

		for (int k = l + 1; k < PL_COUNT; k++)
			t.id[k] = 0;
		t.narrowest = l;
		sb_perm_decide(c, action, &t, &d);
		if (d.allowed)
			return l;
	}
	return PL_COUNT;
}

/* A deny of user by an admin whose scope is narrower than user's admin is refused. */
static int
may_deny(sb_ctx *ctx, const struct sb_scope *s, const char *user)
{
	struct sb_perm_cache *theirs = NULL;
	struct sb_perm_chain ch;
	int rc, mine, them;

	if ((rc = sb_perm_require(ctx, SB_ACT_GRANT, s)) != SB_OK)
		return rc;
	if (strcmp(user, sb_user(ctx)) == 0)
		return SB_OK;
	if ((rc = sb_perm_load(ctx, user, &theirs)) != SB_OK ||
	    (rc = sb_perm_chain(ctx, s, ~0u, &ch)) != SB_OK) {
		sb_perm_cache_free(theirs);
		return rc;
	}
	mine = widest(ctx->perm, SB_ACT_GRANT, &ch);
	them = widest(theirs, SB_ACT_GRANT, &ch);
	sb_perm_cache_free(theirs);
	if (them < mine) {
		struct sb_buf b;

		sb_buf_init(&b);
		sb_buf_printf(&b, "%s may not deny %s anything on ", sb_user(ctx), user);
		sb_perm_scope_words(ctx, ch.narrowest, ch.id[PL_PROJECT], ch.id[PL_BOARD],
		    ch.id[PL_DAY], ch.id[PL_STRIP], &b);
		sb_buf_printf(&b, ": %s is an admin of ", user);
		sb_perm_scope_words(ctx, them, ch.id[PL_PROJECT], ch.id[PL_BOARD],
		    ch.id[PL_DAY], ch.id[PL_STRIP], &b);
		sb_buf_printf(&b, ", wider than %s's admin of ", sb_user(ctx));
		sb_perm_scope_words(ctx, mine, ch.id[PL_PROJECT], ch.id[PL_BOARD],
		    ch.id[PL_DAY], ch.id[PL_STRIP], &b);
		rc = sb_err(ctx, SB_EPERM, "permission denied: %.900s",
		    b.failed ? "out of memory" : sb_buf_str(&b));
		sb_buf_free(&b);
		/* logged as sudo logs a refusal (lib/base_syslog.c) */
		sb_buf_init(&b);
		sb_perm_scope_words(ctx, ch.narrowest, ch.id[PL_PROJECT], ch.id[PL_BOARD],
		    ch.id[PL_DAY], ch.id[PL_STRIP], &b);
		{
			char what[300];

			snprintf(what, sizeof(what), "deny %s", user);
			sb_log_refusal(ctx, sb_user(ctx), what, b.failed ? "" : sb_buf_str(&b));
		}
		sb_buf_free(&b);
		return rc;
	}
	return SB_OK;
}

/* The end of a rule's transaction (a savepoint inside a caller's). */
static int
finish(sb_ctx *ctx, const char *user, int rc)
{
	rc = sb_tx_end(ctx, rc);
	if (rc == SB_OK && strcmp(user, sb_user(ctx)) == 0)
		forget_rules(ctx); /* one's own rules changed: read them again */
	return rc;
}

static int
set_rule(sb_ctx *ctx, const char *user, int deny, const char *what, int role, int action,
    const struct sb_scope *s, int *did)
{
	struct perm_at at;
	struct row *rows = NULL;
	size_t n = 0, i;
	int rc;

	*did = SB_PERM_SAME;
	if ((rc = user_ok(ctx, user)) != SB_OK || (rc = sb_tx_begin(ctx)) != SB_OK)
		return rc;
	if ((rc = at_of(ctx, s, &at)) != SB_OK ||
	    (rc = deny ? may_deny(ctx, s, user) : may_give(ctx, s, &at, role, action,
	    "grant", user)) != SB_OK ||
	    (rc = rows_at(ctx, user, &at, &rows, &n)) != SB_OK)
		return finish(ctx, user, rc);
	for (i = 0; i < n; i++)
		if (rows[i].deny == deny && (deny ? strcmp(rows[i].what, what) == 0 :
		    sb_role_from_name(rows[i].what) > 0))
			break;
	if (i < n && strcmp(rows[i].what, what) == 0) {
		rows_free(rows, n);
		return sb_tx_end(ctx, SB_OK); /* held already: nothing written */
	}
	if (i < n) {
		/* one role a scope: the grant of another replaces it */
		if ((rc = store_perm_set(ctx, rows[i].id, what, sb_user(ctx),
		    sb_now(ctx))) == SB_OK)
			rc = audit_rule(ctx, "grant", user, &at, rows[i].id, 0, rows[i].what,
			    what, &rows[i], rows[i].version, rows[i].version + 1);
		*did = SB_PERM_CHANGED;
	} else {
		struct sb_row_perm r;
		int64_t id = 0;

		memset(&r, 0, sizeof(r));
		r.user = user;
		r.deny = deny;
		r.what = what;
		r.project_id = at.project;
		r.board_id = at.board;
		r.day_id = at.day;
		r.strip_id = at.strip;
		r.granted_by = sb_user(ctx);
		r.granted_at = sb_now(ctx);
		r.version = 1;
		if ((rc = store_perm_insert(ctx, &r, &id)) == SB_OK)
			rc = audit_rule(ctx, deny ? "deny" : "grant", user, &at, id, deny,
			    NULL, what, NULL, 0, 1);
		*did = SB_PERM_ADDED;
	}
	rows_free(rows, n);
	if (rc == SB_OK)
		rc = file_keeps_admin(ctx, &at);
	if (rc != SB_OK)
		*did = SB_PERM_SAME;
	return finish(ctx, user, rc);
}

static int
no_role(sb_ctx *ctx, const char *name)
{
	return sb_err(ctx, SB_EUSAGE, "no such role: \"%s\" (viewer, scheduler, editor, "
	    "admin)", name != NULL ? name : "");
}

static int
no_what(sb_ctx *ctx, const char *name)
{
	struct sb_buf b;
	int rc;

	sb_buf_init(&b);
	for (int a = 0; a < SB_ACT_COUNT; a++)
		sb_buf_printf(&b, ", %s", sb_action_name(a));
	rc = sb_err(ctx, SB_EUSAGE, "no such role or action: \"%s\" (viewer, scheduler, "
	    "editor, admin%s)", name != NULL ? name : "", b.failed ? "" : sb_buf_str(&b));
	sb_buf_free(&b);
	return rc;
}

int
sb_perm_grant(sb_ctx *ctx, const char *user, const char *role,
    const struct sb_scope *scope, int *did)
{
	static const struct sb_scope file;
	int r = sb_role_from_name(role);

	*did = SB_PERM_SAME;
	if (r == 0)
		return no_role(ctx, role);
	return set_rule(ctx, user, 0, role, r, -1, scope != NULL ? scope : &file, did);
}

int
sb_perm_deny(sb_ctx *ctx, const char *user, const char *what,
    const struct sb_scope *scope, int *did)
{
	static const struct sb_scope file;
	int r = sb_role_from_name(what), a = r > 0 ? -1 : sb_action_from_name(what);

	*did = SB_PERM_SAME;
	if (r == 0 && a < 0)
		return no_what(ctx, what);
	return set_rule(ctx, user, 1, what, r, a, scope != NULL ? scope : &file, did);
}

int
sb_perm_revoke(sb_ctx *ctx, const char *user, const char *what,
    const struct sb_scope *scope, size_t *removed)
{
	static const struct sb_scope file;
	struct perm_at at;
	struct row *rows = NULL;
	size_t n = 0;
	int rc;

	*removed = 0;
	if (scope == NULL)
		scope = &file;
	if (what != NULL && sb_role_from_name(what) == 0 && sb_action_from_name(what) < 0)
		return no_what(ctx, what);
	if ((rc = user_ok(ctx, user)) != SB_OK || (rc = sb_tx_begin(ctx)) != SB_OK)
		return rc;
	if ((rc = at_of(ctx, scope, &at)) != SB_OK ||
	    (rc = sb_perm_require(ctx, SB_ACT_GRANT, scope)) != SB_OK ||
	    (rc = rows_at(ctx, user, &at, &rows, &n)) != SB_OK)
		return finish(ctx, user, rc);
	for (size_t i = 0; i < n && rc == SB_OK; i++) {
		const struct row *r = &rows[i];
		int role = sb_role_from_name(r->what);

		if (what != NULL && strcmp(what, r->what) != 0)
			continue;
		/* a deny taken away gives back what it denied: no more than one holds */
		if (r->deny && (rc = may_give(ctx, scope, &at, role,
		    role > 0 ? -1 : sb_action_from_name(r->what), "give back", user)) != SB_OK)
			break;
		if ((rc = store_perm_delete(ctx, r->id)) == SB_OK)
			rc = audit_rule(ctx, "revoke", user, &at, r->id, r->deny, r->what, NULL,
			    r, r->version, 0);
		if (rc == SB_OK)
			(*removed)++;
	}
	rows_free(rows, n);
	if (rc == SB_OK && *removed == 0) {
		struct sb_buf b;

		sb_buf_init(&b);
		at_words(ctx, &at, &b);
		rc = sb_err(ctx, SB_ENOTFOUND, "%s has no rule%s%s on %s", user,
		    what != NULL ? " of " : "", what != NULL ? what : "",
		    b.failed ? "the scope" : sb_buf_str(&b));
		sb_buf_free(&b);
	}
	if (rc == SB_OK)
		rc = file_keeps_admin(ctx, &at);
	if (rc != SB_OK)
		*removed = 0;
	return finish(ctx, user, rc);
}

/*
 * Listing
 */

/* Does r bear on the scope of ch: on it, around it, or inside it? */
static int
bears(const struct sb_perm_rule *r, const struct sb_perm_chain *ch)
{
	int l = ch->narrowest;

	if (l == PL_FILE)
		return 1;
	if (r->level <= l) {
		/* around it or on it: the chain passes through the rule's scope */
		if (r->level == PL_FILE)
			return 1;
		if (ch->id[r->level] != r->target)
			return 0;
		return r->level != PL_STRIP || r->board_id == 0 ||
		    r->board_id == ch->id[PL_BOARD];
	}
	switch (l) {
	case PL_PROJECT: return r->project_id == ch->id[PL_PROJECT];
	case PL_BOARD: return r->board_id == ch->id[PL_BOARD];
	case PL_DAY: return r->day_id == ch->id[PL_DAY];
	default: return 0;
	}
}

static const char *const level_names[PL_COUNT] = { "file", "project", "board", "day",
	"strip" };

struct names {
	char project[256], board[256], strip[256];
	int64_t day;
};

static void
name_of(sb_ctx *ctx, const char *sql, int64_t id, char *out, size_t size)
{
	sb_st *st;

	out[0] = '\0';
	if (id == 0 || (st = sb_stmt(ctx, sql)) == NULL)
		return;
	sb_bind_int64(st, 1, id);
	if (sb_step(st) == SQLITE_ROW && sb_col_text(st, 0) != NULL)
		snprintf(out, size, "%s", (const char *)sb_col_text(st, 0));
	sb_reset(st);
}

static void
names_of(sb_ctx *ctx, const struct sb_perm_rule *r, struct names *nm)
{
	name_of(ctx, "SELECT name FROM project WHERE id = ?1", r->project_id, nm->project,
	    sizeof(nm->project));
	name_of(ctx, "SELECT name FROM board WHERE id = ?1", r->board_id, nm->board,
	    sizeof(nm->board));
	name_of(ctx, "SELECT coalesce(scene, uid) FROM strip WHERE id = ?1", r->strip_id,
	    nm->strip, sizeof(nm->strip));
	nm->day = 0;
	if (r->day_id != 0 && sb_day_number(ctx, r->day_id, &nm->day) != SB_OK)
		nm->day = 0;
}

static void
json_text_or_null(FILE *out, const char *key, const char *v)
{
	fprintf(out, ",\"%s\":", key);
	if (v[0] == '\0')
		fputs("null", out);
	else
		sb_json_write_string(out, v);
}

static void
write_rule(sb_ctx *ctx, const struct sb_perm_rule *r, int format, size_t n, FILE *out)
{
	struct names nm;
	struct sb_buf w;
	const char *scope;
	char day[32] = "";

	names_of(ctx, r, &nm);
	sb_buf_init(&w);
	sb_perm_scope_words(ctx, r->level, r->project_id, r->board_id, r->day_id,
	    r->strip_id, &w);
	scope = w.failed ? "" : sb_buf_str(&w);
	if (nm.day > 0)
		snprintf(day, sizeof(day), "%lld", (long long)nm.day);
	switch (format) {
	case SB_FMT_CSV:
		fprintf(out, "%lld,", (long long)r->id);
		sb_csv_write_field(out, r->user);
		fprintf(out, ",%s,%s,%s,", r->deny ? "deny" : "grant", sb_perm_what(r),
		    level_names[r->level]);
		sb_csv_write_field(out, scope);
		fputc(',', out);
		sb_csv_write_field(out, nm.project);
		fputc(',', out);
		sb_csv_write_field(out, nm.board);
		fprintf(out, ",%s,", day);
		sb_csv_write_field(out, nm.strip);
		fputc(',', out);
		sb_csv_write_field(out, r->by);
		fputc(',', out);
		sb_csv_write_field(out, r->at);
		fprintf(out, ",%lld\n", (long long)r->version);
		break;
	case SB_FMT_JSON:
	case SB_FMT_NDJSON:
		if (format == SB_FMT_JSON)
			fputs(n > 0 ? ",\n" : "\n", out);
		fprintf(out, "{\"id\":%lld,\"user\":", (long long)r->id);
		sb_json_write_string(out, r->user);
		fprintf(out, ",\"effect\":\"%s\",\"what\":\"%s\",\"level\":\"%s\",\"scope\":",
		    r->deny ? "deny" : "grant", sb_perm_what(r), level_names[r->level]);
		sb_json_write_string(out, scope);
		json_text_or_null(out, "project", nm.project);
		json_text_or_null(out, "board", nm.board);
		if (nm.day > 0)
			fprintf(out, ",\"day\":%lld", (long long)nm.day);
		else
			fputs(",\"day\":null", out);
		json_text_or_null(out, "strip", nm.strip);
		fputs(",\"granted_by\":", out);
		sb_json_write_string(out, r->by);
		fputs(",\"granted_at\":", out);
		sb_json_write_string(out, r->at);
		fprintf(out, ",\"version\":%lld}", (long long)r->version);
		if (format == SB_FMT_NDJSON)
			fputc('\n', out);
		break;
	default:
		sb_table_cell(out, r->user, 16);
		fprintf(out, "%-6s ", r->deny ? "deny" : "grant");
		sb_table_cell(out, sb_perm_what(r), 10);
		sb_table_cell(out, scope, 40);
		sb_table_cell(out, r->by, 12);
		fprintf(out, "%.10s\n", r->at);
		break;
	}
	sb_buf_free(&w);
}

/* Reading another's rules needs read on the scope; one's own, nothing. */
static int
may_read_rules(sb_ctx *ctx, const char *user, const struct sb_scope *s)
{
	if (user != NULL && strcmp(user, sb_user(ctx)) == 0)
		return SB_OK;
	return sb_perm_require(ctx, SB_ACT_READ, s);
}

int
sb_perm_list(sb_ctx *ctx, const char *user, const struct sb_scope *scope, int format,
    FILE *out)
{
	static const struct sb_scope file;
	struct sb_perm_cache *c = NULL;
	struct sb_perm_chain ch;
	size_t n = 0;
	int rc;

	if (format != SB_FMT_CSV && format != SB_FMT_JSON && format != SB_FMT_NDJSON &&
	    format != SB_FMT_TABLE)
		return sb_err(ctx, SB_EUSAGE, "rules are listed as csv, json, ndjson or "
		    "table, not %s", sb_format_name(format));
	if (scope == NULL)
		scope = &file;
	if ((rc = may_read_rules(ctx, user, scope)) != SB_OK)
		return rc;
	if ((rc = sb_exec(ctx, "BEGIN")) != SB_OK)
		return rc;
	if ((rc = sb_perm_chain(ctx, scope, ~0u, &ch)) != SB_OK ||
	    (rc = sb_perm_load(ctx, user, &c)) != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	if (format == SB_FMT_CSV)
		fputs("id,user,effect,what,level,scope,project,board,day,strip,granted_by,"
		    "granted_at,version\n", out);
	else if (format == SB_FMT_JSON)
		fputc('[', out);
	else if (format == SB_FMT_TABLE)
		fprintf(out, "%-16s %-6s %-10s %-40s %-12s %s\n", "user", "effect", "what",
		    "scope", "by", "at");
	for (size_t i = 0; i < c->n; i++) {
		if (!bears(&c->rules[i], &ch))
			continue;
		write_rule(ctx, &c->rules[i], format, n++, out);
	}
	if (format == SB_FMT_JSON)
		fputs(n > 0 ? "\n]\n" : "]\n", out);
	sb_perm_cache_free(c);
	sb_rollback(ctx);
	return SB_OK;
}

int
sb_perm_check(sb_ctx *ctx, const char *user, const char *action,
    const struct sb_scope *scope, int *allowed, char **why)
{
	static const struct sb_scope file;
	struct sb_perm_cache *c = NULL;
	struct sb_perm_chain ch;
	struct sb_perm_decision d;
	struct sb_buf b;
	int a = sb_action_from_name(action), rc;

	*allowed = 0;
	*why = NULL;
	if (a < 0) {
		sb_buf_init(&b);
		for (int i = 0; i < SB_ACT_COUNT; i++)
			sb_buf_printf(&b, "%s%s", i ? ", " : "", sb_action_name(i));
		rc = sb_err(ctx, SB_EUSAGE, "no such action: \"%s\" (%s)",
		    action != NULL ? action : "", b.failed ? "" : sb_buf_str(&b));
		sb_buf_free(&b);
		return rc;
	}
	if (scope == NULL)
		scope = &file;
	if ((rc = user_ok(ctx, user)) != SB_OK || (rc = may_read_rules(ctx, user, scope)) !=
	    SB_OK)
		return rc;
	if ((rc = sb_exec(ctx, "BEGIN")) != SB_OK)
		return rc;
	if ((rc = sb_perm_load(ctx, user, &c)) != SB_OK ||
	    (rc = sb_perm_chain(ctx, scope, ~0u, &ch)) != SB_OK) {
		sb_perm_cache_free(c);
		sb_rollback(ctx);
		return rc;
	}
	sb_perm_decide(c, a, &ch, &d);
	sb_buf_init(&b);
	sb_perm_explain(ctx, user, a, &ch, &d, &b);
	sb_perm_cache_free(c);
	sb_rollback(ctx);
	if (b.failed || (*why = sb_strdup(sb_buf_str(&b))) == NULL) {
		sb_buf_free(&b);
		return oom(ctx);
	}
	sb_buf_free(&b);
	*allowed = d.allowed;
	return SB_OK;
}
