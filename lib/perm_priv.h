/*
 * perm_priv.h - permissions inside the library: the rules of a user as
 * read from the perm table, how they decide, and how a decision is said
 * (lib/store_perm.c); sb_perm_require() is public (stripboard.h), and the
 * operations of sb-perm are lib/op_perm.c.
 */
#ifndef PERM_PRIV_H
#define PERM_PRIV_H

#include "sb_priv.h"

/* The levels of scope, wide to narrow. */
enum { PL_FILE = 0, PL_PROJECT, PL_BOARD, PL_DAY, PL_STRIP, PL_COUNT };

struct sb_perm_rule {
	int64_t id;
	int level;             /* PL_* */
	int64_t target;        /* the id at its level (0 for the file) */
	int64_t project_id, board_id, day_id, strip_id;
	int deny;              /* a deny, else a grant */
	int role;              /* the role granted or denied; 0 for an action */
	int action;            /* the action denied; -1 for a role */
	char *user, *by, *at;
	int64_t version;
};

struct sb_perm_cache {
	char *user;
	struct sb_perm_rule *rules; /* by level, target, id */
	size_t n;
	unsigned levels;            /* bit PL_*: some rule at that level */
	/* the last board's project and day's board looked up: they never change */
	int64_t memo_board, memo_board_project, memo_day, memo_day_board;
};

/* Where a question is asked: the id at each level, 0 when unknown. */
struct sb_perm_chain {
	int64_t id[PL_COUNT];
	int narrowest;         /* the narrowest level asked about */
};

struct sb_perm_decision {
	int allowed;
	const struct sb_perm_rule *rule; /* what decided; NULL: no rule (default deny) */
	const struct sb_perm_rule *over; /* a wider rule it overrides, or NULL */
};

/* Read the rules of user (all users when NULL) into *out; free with sb_perm_cache_free(). */
int sb_perm_load(sb_ctx *ctx, const char *user, struct sb_perm_cache **out);
void sb_perm_cache_free(struct sb_perm_cache *c);

/*
 * Fill the chain of scope: the ids of the levels around it that rules of
 * any level in levels need (all of them when levels is ~0u).
 */
int sb_perm_chain(sb_ctx *ctx, const struct sb_scope *scope, unsigned levels,
    struct sb_perm_chain *chain);

/* Decide action on chain by the rules of c (one user's). */
void sb_perm_decide(const struct sb_perm_cache *c, int action,
    const struct sb_perm_chain *chain, struct sb_perm_decision *d);

/*
 * Say a decision in one line: "alice may not drop day 12 of board
 * \"First Pass\": deny scheduler on day 12 ... (by bob, 2026-12-01)
 * overrides scheduler on board \"First Pass\" (by ...)".
 */
void sb_perm_explain(sb_ctx *ctx, const char *user, int action,
    const struct sb_perm_chain *chain, const struct sb_perm_decision *d,
    struct sb_buf *b);

/* What a rule covers, in words: "the whole file", "day 12 of board \"B\"". */
void sb_perm_scope_words(sb_ctx *ctx, int level, int64_t project, int64_t board,
    int64_t day, int64_t strip, struct sb_buf *b);

/* A rule in words: "deny scheduler on day 12 of board \"B\" (denied by bob, 2026-12-01)". */
void sb_perm_rule_words(sb_ctx *ctx, const struct sb_perm_rule *r, struct sb_buf *b);

/* What a rule is: "scheduler", "drop-day". */
const char *sb_perm_what(const struct sb_perm_rule *r);

/*
 * sb_perm_require() for action on a day of board, and on each strip on it
 * when a rule names a strip (a day's strips move with it).
 */
int sb_perm_require_day(sb_ctx *ctx, int action, int64_t board, int64_t day);

/*
 * Could the context's user's rules refuse action anywhere?  0 when the
 * whole file allows it and no rule denies anything (a single user, an
 * admin of the file): a caller may skip checking ahead; 1 otherwise; or
 * an SB_E* status.
 */
int sb_perm_may_refuse(sb_ctx *ctx, int action);

/* The row of the perm table (store_perm.c is its one writer). */
struct sb_row_perm {
	int64_t id;
	const char *user;
	int deny;
	const char *what;
	int64_t project_id, board_id, day_id, strip_id; /* 0: NULL */
	const char *granted_by, *granted_at;
	int64_t version;
};
int store_perm_insert(sb_ctx *ctx, const struct sb_row_perm *r, int64_t *id_out);
/* A grant's role replaced by another (the version rises). */
int store_perm_set(sb_ctx *ctx, int64_t id, const char *what, const char *by,
    const char *at);
int store_perm_delete(sb_ctx *ctx, int64_t id);

#endif /* PERM_PRIV_H */
