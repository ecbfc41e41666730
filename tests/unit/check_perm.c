/*
 * check_perm.c - how rules decide (sb_perm_decide() on rules made by hand:
 * default deny, roles that include each other, the narrowest scope that
 * says anything, a deny first at one scope, strips on one board or all),
 * and the rules written through a file (sb_perm_grant/deny/revoke/check).
 */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stripboard.h"
#include "perm_priv.h"

static struct sb_perm_rule rules[32];
static struct sb_perm_cache cache;

static void
reset(void)
{
	memset(rules, 0, sizeof(rules));
	memset(&cache, 0, sizeof(cache));
	cache.rules = rules;
}

/* A rule: what is a role's or an action's name; board for a strip's rule on one board. */
static void
rule(int level, int64_t target, int deny, const char *what, int64_t board)
{
	struct sb_perm_rule *r = &rules[cache.n];

	ck_assert_uint_lt(cache.n, 32);
	r->id = (int64_t)cache.n + 1;
	r->level = level;
	r->target = target;
	r->deny = deny;
	r->role = sb_role_from_name(what);
	r->action = r->role > 0 ? -1 : sb_action_from_name(what);
	ck_assert(r->role > 0 || r->action >= 0);
	r->board_id = board;
	r->user = r->by = r->at = (char *)"x";
	cache.n++;
	cache.levels |= 1u << level;
	/* the order sb_perm_load() keeps: by level, target, id */
	for (size_t i = cache.n - 1; i > 0; i--) {
		struct sb_perm_rule t;

		if (rules[i - 1].level < rules[i].level || (rules[i - 1].level ==
		    rules[i].level && rules[i - 1].target <= rules[i].target))
			break;
		t = rules[i - 1];
		rules[i - 1] = rules[i];
		rules[i] = t;
	}
}

/* Where: project 1, board 10 (or 11), day 100 (or 101), strip 1000. */
static struct sb_perm_chain
at(int64_t board, int64_t day, int64_t strip)
{
	struct sb_perm_chain c;

	memset(&c, 0, sizeof(c));
	c.id[PL_PROJECT] = 1;
	c.id[PL_BOARD] = board;
	c.id[PL_DAY] = day;
	c.id[PL_STRIP] = strip;
	c.narrowest = strip ? PL_STRIP : day ? PL_DAY : board ? PL_BOARD : PL_PROJECT;
	return c;
}

static int
may(int action, struct sb_perm_chain c)
{
	struct sb_perm_decision d;

	sb_perm_decide(&cache, action, &c, &d);
	return d.allowed;
}

START_TEST(names)
{
	for (int a = 0; a < SB_ACT_COUNT; a++) {
		ck_assert_ptr_nonnull(sb_action_name(a));
		ck_assert_int_eq(sb_action_from_name(sb_action_name(a)), a);
	}
	ck_assert_ptr_null(sb_action_name(SB_ACT_COUNT));
	ck_assert_int_eq(sb_action_from_name("fly"), -1);
	ck_assert_int_eq(sb_role_from_name("scheduler"), SB_ROLE_SCHEDULER);
	ck_assert_int_eq(sb_role_from_name("Scheduler"), 0);
	ck_assert_str_eq(sb_role_name(SB_ROLE_ADMIN), "admin");
	ck_assert_int_eq(sb_action_role(SB_ACT_READ), SB_ROLE_VIEWER);
	ck_assert_int_eq(sb_action_role(SB_ACT_DROP_DAY), SB_ROLE_SCHEDULER);
	ck_assert_int_eq(sb_action_role(SB_ACT_UPDATE), SB_ROLE_EDITOR);
	ck_assert_int_eq(sb_action_role(SB_ACT_CALENDAR), SB_ROLE_EDITOR);
	ck_assert_int_eq(sb_action_role(SB_ACT_BOARD), SB_ROLE_ADMIN);
}
END_TEST

START_TEST(default_deny)
{
	struct sb_perm_decision d;
	struct sb_perm_chain c = at(10, 100, 1000);

	reset();
	for (int a = 0; a < SB_ACT_COUNT; a++) {
		sb_perm_decide(&cache, a, &c, &d);
		ck_assert_int_eq(d.allowed, 0);
		ck_assert_ptr_null(d.rule);
	}
	/* another user's rule is not in this user's cache; a rule elsewhere says nothing */
	rule(PL_BOARD, 11, 0, "admin", 0);
	ck_assert(!may(SB_ACT_READ, at(10, 100, 1000)));
	ck_assert(may(SB_ACT_READ, at(11, 0, 0)));
}
END_TEST

START_TEST(roles_include_the_ones_before)
{
	static const char *const role[] = { "viewer", "scheduler", "editor", "admin" };

	for (int r = 0; r < 4; r++) {
		reset();
		rule(PL_FILE, 0, 0, role[r], 0);
		for (int a = 0; a < SB_ACT_COUNT; a++)
			ck_assert_int_eq(may(a, at(10, 100, 1000)), sb_action_role(a) <= r + 1);
	}
}
END_TEST

START_TEST(inherited_down_every_scope)
{
	int level[] = { PL_FILE, PL_PROJECT, PL_BOARD, PL_DAY };
	int64_t target[] = { 0, 1, 10, 100 };

	for (int i = 0; i < 4; i++) {
		reset();
		rule(level[i], target[i], 0, "scheduler", 0);
		ck_assert(may(SB_ACT_MOVE, at(10, 100, 1000)));  /* a strip inside */
		ck_assert(may(SB_ACT_DROP_DAY, at(10, 100, 0))); /* the day */
		ck_assert(!may(SB_ACT_EDIT, at(10, 100, 1000))); /* not the next role */
		/* but never up: a day's rule says nothing of its board */
		ck_assert_int_eq(may(SB_ACT_ADD_DAY, at(10, 0, 0)), level[i] <= PL_BOARD);
		ck_assert_int_eq(may(SB_ACT_MOVE, at(11, 101, 0)), level[i] <= PL_PROJECT);
	}
}
END_TEST

START_TEST(narrowest_scope_decides)
{
	struct sb_perm_decision d;
	struct sb_perm_chain c;

	reset();
	rule(PL_BOARD, 10, 0, "scheduler", 0);
	rule(PL_DAY, 100, 1, "scheduler", 0);
	c = at(10, 100, 0);
	sb_perm_decide(&cache, SB_ACT_DROP_DAY, &c, &d);
	ck_assert(!d.allowed);
	ck_assert_int_eq(d.rule->level, PL_DAY);
	ck_assert_ptr_nonnull(d.over);          /* the grant it overrides */
	ck_assert_int_eq(d.over->level, PL_BOARD);
	ck_assert(may(SB_ACT_DROP_DAY, at(10, 101, 0)));
	/* a deny of scheduler says nothing of read: the board's grant decides */
	ck_assert(may(SB_ACT_READ, at(10, 100, 0)));
	/* a strip on the day: its own grant is narrower still */
	ck_assert(!may(SB_ACT_MOVE, at(10, 100, 1000)));
	rule(PL_STRIP, 1000, 0, "scheduler", 0);
	ck_assert(may(SB_ACT_MOVE, at(10, 100, 1000)));
	ck_assert(!may(SB_ACT_MOVE, at(10, 100, 1001)));
	/* a wider admin does not outweigh a narrower deny */
	rule(PL_FILE, 0, 0, "admin", 0);
	ck_assert(!may(SB_ACT_MOVE, at(10, 100, 1001)));
	/* a deny of scheduler refuses the roles above it too, not the one below */
	ck_assert(!may(SB_ACT_GRANT, at(10, 100, 1001)));
	ck_assert(may(SB_ACT_READ, at(10, 100, 1001)));
	ck_assert(may(SB_ACT_GRANT, at(10, 101, 1001)));
}
END_TEST

START_TEST(deny_wins_at_one_scope)
{
	reset();
	rule(PL_BOARD, 10, 0, "admin", 0);
	rule(PL_BOARD, 10, 1, "drop-day", 0);
	ck_assert(!may(SB_ACT_DROP_DAY, at(10, 100, 0)));
	ck_assert(may(SB_ACT_ADD_DAY, at(10, 100, 0)));
	/* a deny of a role refuses it and every role above */
	reset();
	rule(PL_PROJECT, 1, 0, "admin", 0);
	rule(PL_PROJECT, 1, 1, "editor", 0);
	ck_assert(may(SB_ACT_MOVE, at(10, 0, 0)));
	ck_assert(!may(SB_ACT_EDIT, at(10, 0, 0)));
	ck_assert(!may(SB_ACT_BOARD, at(10, 0, 0)));
	/* the order the rules were written in does not matter */
	reset();
	rule(PL_PROJECT, 1, 1, "editor", 0);
	rule(PL_PROJECT, 1, 0, "admin", 0);
	ck_assert(!may(SB_ACT_EDIT, at(10, 0, 0)));
}
END_TEST

START_TEST(strip_on_one_board)
{
	reset();
	rule(PL_STRIP, 1000, 0, "editor", 10);
	ck_assert(may(SB_ACT_EDIT, at(10, 100, 1000)));
	ck_assert(!may(SB_ACT_EDIT, at(11, 101, 1000)));
	rule(PL_STRIP, 1000, 0, "viewer", 0); /* on every board */
	ck_assert(may(SB_ACT_READ, at(11, 101, 1000)));
	ck_assert(!may(SB_ACT_EDIT, at(11, 101, 1000)));
}
END_TEST

START_TEST(a_level_not_asked_says_nothing)
{
	struct sb_perm_chain c = at(10, 0, 0);

	reset();
	rule(PL_DAY, 100, 1, "viewer", 0);
	rule(PL_BOARD, 10, 0, "viewer", 0);
	/* the board as a whole: the rule of one of its days is not asked */
	ck_assert(may(SB_ACT_READ, c));
}
END_TEST

/*
 * Through a file: the maker is its admin; grants and denies decide as
 * above; the last admin stays.
 */
static char dir[] = "/tmp/check_perm.XXXXXX";
static char path[256];

static void
setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(strcpy(dir, "/tmp/check_perm.XXXXXX")));
	snprintf(path, sizeof(path), "%s/t.db", dir);
}

static void
teardown(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(through_a_file)
{
	sb_ctx *ctx = sb_ctx_new();
	struct sb_scope file = { 0, 0, 0, 0 };
	char *why = NULL;
	int did, allowed;
	size_t n;

	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE), SB_OK);
	ck_assert_int_eq(sb_perm_require(ctx, SB_ACT_PROJECT, NULL), SB_OK);
	ck_assert_int_eq(sb_perm_grant(ctx, "alice", "editor", &file, &did), SB_OK);
	ck_assert_int_eq(did, SB_PERM_ADDED);
	ck_assert_int_eq(sb_perm_grant(ctx, "alice", "editor", &file, &did), SB_OK);
	ck_assert_int_eq(did, SB_PERM_SAME);
	ck_assert_int_eq(sb_perm_deny(ctx, "alice", "join-day", &file, &did), SB_OK);
	ck_assert_int_eq(sb_perm_check(ctx, "alice", "move", &file, &allowed, &why), SB_OK);
	ck_assert(allowed);
	ck_assert_ptr_nonnull(strstr(why, "alice may move strips on the whole file: editor "
	    "on the whole file (granted by "));
	free(why);
	ck_assert_int_eq(sb_perm_check(ctx, "alice", "join-day", &file, &allowed, &why),
	    SB_OK);
	ck_assert(!allowed);
	ck_assert_ptr_nonnull(strstr(why, "alice may not join the whole file: deny join-day"));
	free(why);
	ck_assert_int_eq(sb_perm_check(ctx, "alice", "fly", &file, &allowed, &why), SB_EUSAGE);
	ck_assert_int_eq(sb_perm_grant(ctx, "alice", "boss", &file, &did), SB_EUSAGE);
	ck_assert_int_eq(sb_perm_grant(ctx, "", "viewer", &file, &did), SB_EDATA);
	ck_assert_int_eq(sb_perm_revoke(ctx, "alice", NULL, &file, &n), SB_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(sb_perm_revoke(ctx, "alice", NULL, &file, &n), SB_ENOTFOUND);
	/* the maker cannot leave the file without an admin */
	ck_assert_int_eq(sb_perm_revoke(ctx, sb_user(ctx), NULL, &file, &n), SB_EDATA);
	ck_assert_int_eq(sb_perm_deny(ctx, sb_user(ctx), "grant", &file, &did), SB_EDATA);
	ck_assert_int_eq(sb_perm_require(ctx, SB_ACT_GRANT, NULL), SB_OK);
	sb_ctx_free(ctx);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("perm");
	TCase *tc = tcase_create("decide");
	TCase *tf = tcase_create("file");

	tcase_add_test(tc, names);
	tcase_add_test(tc, default_deny);
	tcase_add_test(tc, roles_include_the_ones_before);
	tcase_add_test(tc, inherited_down_every_scope);
	tcase_add_test(tc, narrowest_scope_decides);
	tcase_add_test(tc, deny_wins_at_one_scope);
	tcase_add_test(tc, strip_on_one_board);
	tcase_add_test(tc, a_level_not_asked_says_nothing);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(tf, setup, teardown);
	tcase_add_test(tf, through_a_file);
	suite_add_tcase(s, tf);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
