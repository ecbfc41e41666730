/*
 * store_perm.c - permissions: the perm table (its one writer), the rules
 * of a user read once per context, how they decide an action on a scope,
 * and sb_perm_require(), which every operation calls.  The rules are
 * documented in sb-perm(1) and stripboard.h.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lookup_priv.h"
#include "perm_priv.h"
#include "store.h"

static const char *const role_names[] = { NULL, "viewer", "scheduler", "editor",
	"admin" };

static const struct {
	const char *name;
	int role;
} actions[SB_ACT_COUNT] = {
	[SB_ACT_READ] = { "read", SB_ROLE_VIEWER },
	[SB_ACT_MOVE] = { "move", SB_ROLE_SCHEDULER },
	[SB_ACT_SORT] = { "sort", SB_ROLE_SCHEDULER },
	[SB_ACT_ADD_DAY] = { "add-day", SB_ROLE_SCHEDULER },
	[SB_ACT_DROP_DAY] = { "drop-day", SB_ROLE_SCHEDULER },
	[SB_ACT_MOVE_DAY] = { "move-day", SB_ROLE_SCHEDULER },
	[SB_ACT_SPLIT_DAY] = { "split-day", SB_ROLE_SCHEDULER },
	[SB_ACT_JOIN_DAY] = { "join-day", SB_ROLE_SCHEDULER },
	[SB_ACT_EDIT] = { "edit", SB_ROLE_EDITOR },
	[SB_ACT_UPDATE] = { "update", SB_ROLE_EDITOR },
	[SB_ACT_CALENDAR] = { "calendar", SB_ROLE_EDITOR },
	[SB_ACT_GRANT] = { "grant", SB_ROLE_ADMIN },
	[SB_ACT_BOARD] = { "board", SB_ROLE_ADMIN },
	[SB_ACT_PROJECT] = { "project", SB_ROLE_ADMIN },
};

const char *
sb_role_name(int role)
{
	return role >= SB_ROLE_VIEWER && role <= SB_ROLE_ADMIN ? role_names[role] : NULL;
}

int
sb_role_from_name(const char *name)
{
	for (int r = SB_ROLE_VIEWER; name != NULL && r <= SB_ROLE_ADMIN; r++)
		if (strcmp(name, role_names[r]) == 0)
			return r;
	return 0;
}

const char *
sb_action_name(int action)
{
	return action >= 0 && action < SB_ACT_COUNT ? actions[action].name : NULL;
}

int
sb_action_from_name(const char *name)
{
	for (int a = 0; name != NULL && a < SB_ACT_COUNT; a++)
		if (strcmp(name, actions[a].name) == 0)
			return a;
	return -1;
}

int
sb_action_role(int action)
{
	return action >= 0 && action < SB_ACT_COUNT ? actions[action].role : SB_ROLE_ADMIN;
}

const char *
sb_perm_what(const struct sb_perm_rule *r)
{
	return r->role > 0 ? sb_role_name(r->role) : sb_action_name(r->action);
}

/*
 * The table
 */
int
store_perm_insert(sb_ctx *ctx, const struct sb_row_perm *r, int64_t *id_out)
{
	static const char sql[] =
	    "INSERT INTO perm (grantee, effect, what, project_id, board_id, day_id, "
	    "strip_id, granted_by, granted_at, version) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_text(st, 1, r->user);
	sb_bind_text(st, 2, r->deny ? "deny" : "grant");
	sb_bind_text(st, 3, r->what);
	store_bind_int(st, 4, r->project_id > 0, r->project_id);
	store_bind_int(st, 5, r->board_id > 0, r->board_id);
	store_bind_int(st, 6, r->day_id > 0, r->day_id);
	store_bind_int(st, 7, r->strip_id > 0, r->strip_id);
	sb_bind_text(st, 8, r->granted_by);
	sb_bind_text(st, 9, r->granted_at);
	sb_bind_int64(st, 10, r->version > 0 ? r->version : 1);
	return store_insert_done(ctx, st, "perm", id_out);
}

int
store_perm_set(sb_ctx *ctx, int64_t id, const char *what, const char *by, const char *at)
{
	sb_st *st = sb_stmt(ctx, "UPDATE perm SET what = ?2, granted_by = ?3,"
	    " granted_at = ?4, version = version + 1 WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	sb_bind_text(st, 2, what);
	sb_bind_text(st, 3, by);
	sb_bind_text(st, 4, at);
	return sb_step_done(ctx, st, "perm");
}

int
store_perm_delete(sb_ctx *ctx, int64_t id)
{
	sb_st *st = sb_stmt(ctx, "DELETE FROM perm WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "perm");
}

/*
 * Reading the rules
 */
void
sb_perm_cache_free(struct sb_perm_cache *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->rules[i].user);
		free(c->rules[i].by);
		free(c->rules[i].at);
	}
	free(c->rules);
	free(c->user);
	free(c);
}

static int
rule_cmp(const void *pa, const void *pb)
{
	const struct sb_perm_rule *a = pa, *b = pb;

	if (a->level != b->level)
		return a->level < b->level ? -1 : 1;
	if (a->target != b->target)
		return a->target < b->target ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

static char *
col_dup(sb_st *st, int i)
{
	const char *s = (const char *)sb_col_text(st, i);

	return sb_strdup(s != NULL ? s : "");
}

int
sb_perm_load(sb_ctx *ctx, const char *user, struct sb_perm_cache **out)
{
	/* a rule of a project that is gone says nothing (its id is no reference) */
	static const char sql[] =
	    "SELECT p.id, p.grantee, p.effect, p.what, coalesce(p.project_id, 0),"
	    " coalesce(p.board_id, 0), coalesce(p.day_id, 0), coalesce(p.strip_id, 0),"
	    " p.granted_by, p.granted_at, p.version FROM perm p"
	    " WHERE (CAST(?1 AS TEXT) IS NULL OR p.grantee = ?1) AND (p.project_id IS NULL"
	    " OR EXISTS (SELECT 1 FROM project WHERE id = p.project_id))";
	struct sb_perm_cache *c;
	sb_st *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->user = sb_strdup(user != NULL ? user : "")) == NULL) {
		free(c);
		return sb_err(ctx, SB_EFAIL, "out of memory");
	}
	if ((st = sb_stmt(ctx, sql)) == NULL) {
		sb_perm_cache_free(c);
		return SB_EFAIL;
	}
	sb_bind_text(st, 1, user);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		struct sb_perm_rule *r, *nr;
		const char *what = (const char *)sb_col_text(st, 3);

		if ((nr = sb_grow(c->rules, &cap, c->n, 16, sizeof(*nr))) == NULL)
			goto oom;
		c->rules = nr;
		r = &c->rules[c->n];
		memset(r, 0, sizeof(*r));
		r->id = sb_col_int64(st, 0);
		r->deny = strcmp((const char *)sb_col_text(st, 2), "deny") == 0;
		r->role = sb_role_from_name(what);
		r->action = r->role > 0 ? -1 : sb_action_from_name(what);
		if (r->role == 0 && (r->action < 0 || !r->deny))
			continue; /* a rule this library does not know says nothing */
		r->project_id = sb_col_int64(st, 4);
		r->board_id = sb_col_int64(st, 5);
		r->day_id = sb_col_int64(st, 6);
		r->strip_id = sb_col_int64(st, 7);
		r->version = sb_col_int64(st, 10);
		if (r->strip_id != 0) {
			r->level = PL_STRIP;
			r->target = r->strip_id;
		} else if (r->day_id != 0) {
			r->level = PL_DAY;
			r->target = r->day_id;
		} else if (r->board_id != 0) {
			r->level = PL_BOARD;
			r->target = r->board_id;
		} else if (r->project_id != 0) {
			r->level = PL_PROJECT;
			r->target = r->project_id;
		} else {
			r->level = PL_FILE;
			r->target = 0;
		}
		r->user = col_dup(st, 1);
		r->by = col_dup(st, 8);
		r->at = col_dup(st, 9);
		c->n++;
		if (r->user == NULL || r->by == NULL || r->at == NULL)
			goto oom;
		c->levels |= 1u << r->level;
	}
	sb_reset(st);
	if (rc != SQLITE_DONE) {
		sb_perm_cache_free(c);
		return sb_sqlerr(ctx, "perm");
	}
	if (c->n > 1)
		qsort(c->rules, c->n, sizeof(*c->rules), rule_cmp);
	*out = c;
	return SB_OK;
oom:
	sb_reset(st);
	sb_perm_cache_free(c);
	return sb_err(ctx, SB_EFAIL, "out of memory");
}

/*
 * The chain of a scope
 */
static int
one_id(sb_ctx *ctx, const char *sql, int64_t a, int64_t b, int64_t *out)
{
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	*out = 0;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, a);
	if (b != 0)
		sb_bind_int64(st, 2, b);
	rc = sb_step(st);
	if (rc == SQLITE_ROW)
		*out = sb_col_int64(st, 0);
	sb_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "scope");
}

int
sb_perm_chain(sb_ctx *ctx, const struct sb_scope *s, unsigned levels,
    struct sb_perm_chain *c)
{
	int64_t *id = c->id;
	struct sb_perm_cache *m = ctx->perm; /* where lookups are remembered */
	int rc = SB_OK;

	memset(c, 0, sizeof(*c));
	id[PL_PROJECT] = s->project_id;
	id[PL_BOARD] = s->board_id;
	id[PL_DAY] = s->day_id;
	id[PL_STRIP] = s->strip_id;
	c->narrowest = s->strip_id ? PL_STRIP : s->day_id ? PL_DAY : s->board_id ?
	    PL_BOARD : s->project_id ? PL_PROJECT : PL_FILE;
	/* the day a strip stands on, on the board asked about */
	if (id[PL_STRIP] && id[PL_BOARD] && !id[PL_DAY] && (levels & (1u << PL_DAY)))
		rc = one_id(ctx, "SELECT day_id FROM placement WHERE strip_id = ?1"
		    " AND board_id = ?2", id[PL_STRIP], id[PL_BOARD], &id[PL_DAY]);
	if (rc == SB_OK && id[PL_DAY] && !id[PL_BOARD] &&
	    (levels & (1u << PL_BOARD | 1u << PL_PROJECT | 1u << PL_STRIP))) {
		if (m != NULL && m->memo_day == id[PL_DAY]) {
			id[PL_BOARD] = m->memo_day_board;
		} else if ((rc = one_id(ctx, "SELECT board_id FROM day WHERE id = ?1",
		    id[PL_DAY], 0, &id[PL_BOARD])) == SB_OK && m != NULL) {
			m->memo_day = id[PL_DAY];
			m->memo_day_board = id[PL_BOARD];
		}
	}
	if (rc == SB_OK && !id[PL_PROJECT] && (levels & (1u << PL_PROJECT))) {
		if (id[PL_BOARD] && m != NULL && m->memo_board == id[PL_BOARD]) {
			id[PL_PROJECT] = m->memo_board_project;
		} else if (id[PL_BOARD]) {
			if ((rc = one_id(ctx, "SELECT project_id FROM board WHERE id = ?1"
			    "", id[PL_BOARD], 0, &id[PL_PROJECT])) == SB_OK && m != NULL) {
				m->memo_board = id[PL_BOARD];
				m->memo_board_project = id[PL_PROJECT];
			}
		} else if (id[PL_STRIP])
			rc = one_id(ctx, "SELECT project_id FROM strip WHERE id = ?1"
			    "", id[PL_STRIP], 0, &id[PL_PROJECT]);
	}
	return rc;
}

/*
 * Deciding
 */

/* Does rule r say anything about action, and if so is it a no? */
static int
speaks(const struct sb_perm_rule *r, int action, int need)
{
	if (!r->deny)
		return r->role >= need;
	return r->role > 0 ? r->role <= need : r->action == action;
}

/* The first rule at level and target, or c->n. */
static size_t
first_at(const struct sb_perm_cache *c, int level, int64_t target)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct sb_perm_rule *r = &c->rules[mid];

		if (r->level < level || (r->level == level && r->target < target))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* What the rules of one level say: 1 allowed, 0 denied, -1 nothing. */
static int
level_says(const struct sb_perm_cache *c, int level, const struct sb_perm_chain *ch,
    int action, const struct sb_perm_rule **rule)
{
	int64_t target = level == PL_FILE ? 0 : ch->id[level];
	const struct sb_perm_rule *grant = NULL;
	int need = sb_action_role(action);

	*rule = NULL;
	if (!(c->levels & (1u << level)) || (level != PL_FILE && target == 0))
		return -1;
	for (size_t i = first_at(c, level, target); i < c->n; i++) {
		const struct sb_perm_rule *r = &c->rules[i];

		if (r->level != level || r->target != target)
			break;
		/* a strip's rule on one board says nothing of the others */
		if (level == PL_STRIP && r->board_id != 0 && r->board_id != ch->id[PL_BOARD])
			continue;
		if (!speaks(r, action, need))
			continue;
		if (r->deny) {
			*rule = r; /* at one scope, a deny wins */
			return 0;
		}
		if (grant == NULL)
			grant = r;
	}
	*rule = grant;
	return grant != NULL ? 1 : -1;
}

void
sb_perm_decide(const struct sb_perm_cache *c, int action,
    const struct sb_perm_chain *ch, struct sb_perm_decision *d)
{
	int level;

	memset(d, 0, sizeof(*d));
	for (level = PL_STRIP; level >= PL_FILE; level--) {
		int says = level_says(c, level, ch, action, &d->rule);

		if (says >= 0) {
			d->allowed = says;
			break;
		}
	}
	/* for the explanation: the nearest wider rule that said otherwise */
	for (level--; d->rule != NULL && level >= PL_FILE; level--) {
		const struct sb_perm_rule *r;
		int says = level_says(c, level, ch, action, &r);

		if (says >= 0 && says != d->allowed) {
			d->over = r;
			break;
		}
	}
}

/*
 * Saying it
 */
static void
quoted_name(sb_ctx *ctx, const char *sql, int64_t id, struct sb_buf *b)
{
	sb_st *st = sb_stmt(ctx, sql);

	if (st != NULL) {
		sb_bind_int64(st, 1, id);
		if (sb_step(st) == SQLITE_ROW && sb_col_text(st, 0) != NULL) {
			sb_buf_printf(b, "\"%s\"", (const char *)sb_col_text(st, 0));
			sb_reset(st);
			return;
		}
		sb_reset(st);
	}
	sb_buf_printf(b, "%lld", (long long)id);
}

void
sb_perm_scope_words(sb_ctx *ctx, int level, int64_t project, int64_t board,
    int64_t day, int64_t strip, struct sb_buf *b)
{
	static const char project_sql[] = "SELECT name FROM project WHERE id = ?1";
	static const char board_sql[] = "SELECT name FROM board WHERE id = ?1";
	static const char strip_sql[] =
	    "SELECT coalesce(scene, uid) FROM strip WHERE id = ?1";
	static const char day_board[] = "SELECT board_id FROM day WHERE id = ?1";
	sb_st *st;
	int64_t n = 0;

	switch (level) {
	case PL_FILE:
		sb_buf_puts(b, "the whole file");
		break;
	case PL_PROJECT:
		sb_buf_puts(b, "project ");
		quoted_name(ctx, project_sql, project, b);
		break;
	case PL_BOARD:
		sb_buf_puts(b, "board ");
		quoted_name(ctx, board_sql, board, b);
		break;
	case PL_DAY:
		if (board == 0 && (st = sb_stmt(ctx, day_board)) != NULL) {
			sb_bind_int64(st, 1, day);
			if (sb_step(st) == SQLITE_ROW)
				board = sb_col_int64(st, 0);
			sb_reset(st);
		}
		if (sb_day_number(ctx, day, &n) == SB_OK && n > 0)
			sb_buf_printf(b, "day %lld of board ", (long long)n);
		else
			sb_buf_puts(b, "a list of board ");
		quoted_name(ctx, board_sql, board, b);
		break;
	default:
		sb_buf_puts(b, "strip ");
		if ((st = sb_stmt(ctx, strip_sql)) != NULL) {
			sb_bind_int64(st, 1, strip);
			if (sb_step(st) == SQLITE_ROW)
				sb_buf_puts(b, (const char *)sb_col_text(st, 0));
			else
				sb_buf_printf(b, "%lld", (long long)strip);
			sb_reset(st);
		}
		if (board != 0) {
			sb_buf_puts(b, " on board ");
			quoted_name(ctx, board_sql, board, b);
		}
		break;
	}
}

void
sb_perm_rule_words(sb_ctx *ctx, const struct sb_perm_rule *r, struct sb_buf *b)
{
	sb_buf_printf(b, "%s%s on ", r->deny ? "deny " : "", sb_perm_what(r));
	sb_perm_scope_words(ctx, r->level, r->project_id, r->board_id, r->day_id,
	    r->strip_id, b);
	sb_buf_printf(b, " (%s by %s, %.10s)", r->deny ? "denied" : "granted", r->by, r->at);
}

/* What an action does to a scope, as a sentence says it: "drop" day 12. */
static const char *
action_verb(int action, int level)
{
	if (level == PL_STRIP && (action == SB_ACT_MOVE || action == SB_ACT_EDIT ||
	    action == SB_ACT_SORT))
		return action == SB_ACT_EDIT ? "edit" : action == SB_ACT_SORT ? "sort" : "move";
	switch (action) {
	case SB_ACT_READ: return "read";
	case SB_ACT_MOVE: return "move strips on";
	case SB_ACT_SORT: return "sort the strips of";
	case SB_ACT_ADD_DAY: return "add days to";
	case SB_ACT_DROP_DAY: return "drop";
	case SB_ACT_MOVE_DAY: return "move";
	case SB_ACT_SPLIT_DAY: return "split";
	case SB_ACT_JOIN_DAY: return "join";
	case SB_ACT_EDIT: return "edit the breakdown of";
	case SB_ACT_UPDATE: return "merge a script revision into";
	case SB_ACT_CALENDAR: return "edit the calendar of";
	case SB_ACT_GRANT: return "grant or revoke on";
	case SB_ACT_BOARD: return level >= PL_BOARD ? "manage" : "make or drop boards of";
	case SB_ACT_PROJECT: return level == PL_FILE ? "import a project into" : "replace";
	default: return "act on";
	}
}

void
sb_perm_explain(sb_ctx *ctx, const char *user, int action,
    const struct sb_perm_chain *ch, const struct sb_perm_decision *d,
    struct sb_buf *b)
{
	sb_buf_printf(b, "%s may%s %s ", user, d->allowed ? "" : " not",
	    action_verb(action, ch->narrowest));
	sb_perm_scope_words(ctx, ch->narrowest, ch->id[PL_PROJECT], ch->id[PL_BOARD],
	    ch->id[PL_DAY], ch->id[PL_STRIP], b);
	sb_buf_puts(b, ": ");
	if (d->rule == NULL) {
		sb_buf_puts(b, "no rule allows it (default deny)");
		return;
	}
	sb_perm_rule_words(ctx, d->rule, b);
	if (d->over != NULL) {
		sb_buf_puts(b, " overrides ");
		sb_perm_rule_words(ctx, d->over, b);
	}
}

static int load_own(sb_ctx *ctx);

static int perm_require(sb_ctx *ctx, int action, const struct sb_scope *scope);

static uint64_t
now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* Every check is counted and timed, for sb_perm_spent() (sb-bench). */
int
sb_perm_require(sb_ctx *ctx, int action, const struct sb_scope *scope)
{
	uint64_t t0 = now_ns();
	int rc = perm_require(ctx, action, scope);

	ctx->perm_checks++;
	ctx->perm_ns += now_ns() - t0;
	return rc;
}

void
sb_perm_spent(const sb_ctx *ctx, uint64_t *checks, double *ms)
{
	*checks = ctx->perm_checks;
	*ms = (double)ctx->perm_ns / 1e6;
}

static int
perm_require(sb_ctx *ctx, int action, const struct sb_scope *scope)
{
	static const struct sb_scope file;
	struct sb_perm_chain ch;
	struct sb_perm_decision d;
	struct sb_buf b;
	int rc;

	if (action < 0 || action >= SB_ACT_COUNT)
		return sb_err(ctx, SB_EUSAGE, "no such action: %d", action);
	if (ctx->db == NULL && ctx->pg == NULL)
		return sb_err(ctx, SB_EUSAGE, "no database open");
	if (scope == NULL)
		scope = &file;
	if ((rc = load_own(ctx)) != SB_OK)
		return rc;
	if ((rc = sb_perm_chain(ctx, scope, ctx->perm->levels, &ch)) != SB_OK)
		return rc;
	sb_perm_decide(ctx->perm, action, &ch, &d);
	if (d.allowed) {
		if (action != SB_ACT_READ && sb_in_tx(ctx))
			ctx->perm_write_ok = 1;
		return SB_OK;
	}
	sb_buf_init(&b);
	sb_perm_explain(ctx, sb_user(ctx), action, &ch, &d, &b);
	rc = sb_err(ctx, SB_EPERM, "permission denied: %.900s",
	    b.failed ? "out of memory" : sb_buf_str(&b));
	sb_buf_free(&b);
	/*
	 * As sudo logs its refusals: an admin sees who tried what, where
	 * (authpriv, one escaped line: lib/base_syslog.c).
	 */
	sb_buf_init(&b);
	sb_perm_scope_words(ctx, ch.narrowest, ch.id[PL_PROJECT], ch.id[PL_BOARD],
	    ch.id[PL_DAY], ch.id[PL_STRIP], &b);
	sb_log_refusal(ctx, sb_user(ctx), sb_action_name(action),
	    b.failed ? "" : sb_buf_str(&b));
	sb_buf_free(&b);
	return rc;
}

static int
load_own(sb_ctx *ctx)
{
	int rc;

	if (ctx->perm != NULL)
		return SB_OK;
	if ((rc = sb_perm_load(ctx, sb_user(ctx), &ctx->perm)) != SB_OK)
		return rc;
	ctx->perm_free = sb_perm_cache_free;
	return SB_OK;
}

int
sb_perm_may_refuse(sb_ctx *ctx, int action)
{
	struct sb_perm_chain ch;
	struct sb_perm_decision d;
	int rc;

	if (ctx->db == NULL && ctx->pg == NULL)
		return sb_err(ctx, SB_EUSAGE, "no database open");
	if ((rc = load_own(ctx)) != SB_OK)
		return rc;
	for (size_t i = 0; i < ctx->perm->n; i++)
		if (ctx->perm->rules[i].deny)
			return 1;
	memset(&ch, 0, sizeof(ch));
	sb_perm_decide(ctx->perm, action, &ch, &d);
	return !d.allowed;
}

int
sb_perm_require_day(sb_ctx *ctx, int action, int64_t board, int64_t day)
{
	static const char sql[] =
	    "SELECT strip_id FROM placement WHERE day_id = ?1 ORDER BY pos";
	struct sb_scope s = { 0, board, day, 0 };
	sb_st *st;
	int64_t *strips = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if ((rc = sb_perm_require(ctx, action, &s)) != SB_OK)
		return rc;
	if (!(ctx->perm->levels & (1u << PL_STRIP)))
		return SB_OK; /* no rule names a strip: the day said it all */
	/* gathered first: a check reads the database too */
	if ((st = sb_stmt(ctx, sql)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, day);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		void *p = sb_grow(strips, &cap, n, 32, sizeof(*strips));

		if (p == NULL) {
			sb_reset(st);
			free(strips);
			return sb_err(ctx, SB_EFAIL, "out of memory");
		}
		strips = p;
		strips[n++] = sb_col_int64(st, 0);
	}
	sb_reset(st);
	rc = rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "placements");
	for (size_t i = 0; i < n && rc == SB_OK; i++) {
		s.strip_id = strips[i];
		rc = sb_perm_require(ctx, action, &s);
	}
	free(strips);
	return rc;
}
