/*
 * check_db.c - the context: opening, creating, refusing foreign and newer
 * files, migrations, statements, transactions and the audit trail.
 */
#include <config.h>

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stripboard.h"
#include "sb_priv.h"

static char dir[] = "/tmp/check_db.XXXXXX";
static char path[256];

static void
setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(strcpy(dir, "/tmp/check_db.XXXXXX")));
	snprintf(path, sizeof(path), "%s/t.db", dir);
}

static void
teardown(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static int64_t
query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

START_TEST(create_sets_pragmas)
{
	sb_ctx *ctx = sb_ctx_new();

	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE), SB_OK);
	ck_assert(sb_created(ctx));
	ck_assert_int_eq(query_int(ctx->db, "PRAGMA application_id"), SB_APPLICATION_ID);
	ck_assert_int_eq(query_int(ctx->db, "PRAGMA user_version"),
	    sb_migrations[sb_migration_count - 1].version);
	ck_assert_int_eq(query_int(ctx->db, "PRAGMA foreign_keys"), 1);
	ck_assert_int_eq(query_int(ctx->db, "PRAGMA synchronous"), 2); /* FULL */
	ck_assert_int_eq(query_int(ctx->db, "SELECT count(*) FROM sqlite_schema WHERE name = 'audit'"), 1);
	sb_ctx_free(ctx);

	/* opening again creates nothing and migrates nothing */
	ctx = sb_ctx_new();
	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE), SB_OK);
	ck_assert(!sb_created(ctx));
	sb_ctx_free(ctx);
}
END_TEST

START_TEST(missing_without_create)
{
	sb_ctx *ctx = sb_ctx_new();

	ck_assert_int_eq(sb_open(ctx, path, 0), SB_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "no such database"));
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_READONLY | SB_OPEN_CREATE), SB_ENOTFOUND);
	sb_ctx_free(ctx);
}
END_TEST

START_TEST(empty_file_only_for_creators)
{
	sb_ctx *ctx = sb_ctx_new();
	struct stat st;
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fclose(f);
	/* a writer, a reader: refused, and the file stays empty */
	ck_assert_int_eq(sb_open(ctx, path, 0), SB_EDATA);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "an empty file"));
	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_READONLY), SB_EDATA);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, 0);
	/* a creator fills it, and a discard empties it again */
	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE), SB_OK);
	ck_assert_int_eq(sb_created(ctx), 2);
	sb_discard_created(ctx);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, 0);
	sb_ctx_free(ctx);
}
END_TEST

START_TEST(foreign_file_refused)
{
	sqlite3 *db;
	sb_ctx *ctx = sb_ctx_new();

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "CREATE TABLE x (y)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE), SB_EDATA);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "not a stripboard database"));
	sb_ctx_free(ctx);
}
END_TEST

START_TEST(newer_schema_refused)
{
	sqlite3 *db;
	sb_ctx *ctx = sb_ctx_new();

	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE), SB_OK);
	sb_ctx_free(ctx);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "PRAGMA user_version = 1000", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	ctx = sb_ctx_new();
	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE), SB_EDATA);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "schema version 1000 is newer"));
	sb_ctx_free(ctx);
}
END_TEST

START_TEST(readonly_refuses_writes)
{
	sb_ctx *ctx = sb_ctx_new();

	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE), SB_OK);
	sb_ctx_free(ctx);
	ctx = sb_ctx_new();
	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_READONLY), SB_OK);
	ck_assert_int_eq(sb_begin(ctx), SB_EPERM);
	sb_ctx_free(ctx);
}
END_TEST

START_TEST(statement_cache_reuses)
{
	static const char sql[] = "SELECT 1";
	sb_ctx *ctx = sb_ctx_new();
	sb_st *a, *b;

	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE), SB_OK);
	a = sb_stmt(ctx, sql);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(sb_step(a), SQLITE_ROW);
	b = sb_stmt(ctx, sql);
	ck_assert_ptr_eq(a, b);
	/* reset on reuse: it steps from the start again */
	ck_assert_int_eq(sb_step(b), SQLITE_ROW);
	ck_assert_ptr_null(sb_stmt(ctx, "SELECT nonsense FROM nowhere"));
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "no such"));
	sb_ctx_free(ctx);
}
END_TEST

START_TEST(audit_is_append_only)
{
	sb_ctx *ctx = sb_ctx_new();
	char *argv[] = { (char *)"sb-test", (char *)"--flag", (char *)"two words", NULL };

	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE), SB_OK);
	ck_assert_int_eq(sb_set_command(ctx, 3, argv), SB_OK);
	ck_assert_int_eq(sb_set_actor(ctx, "ada"), SB_OK);
	ck_assert_int_eq(sb_begin(ctx), SB_OK);
	/* no change lands that no permission check allowed */
	ck_assert_int_eq(sb_audit(ctx, 0, "strip", 7, 1, 2, "{}"), SB_EPERM);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "no permission check allowed"));
	/* a read allows no write; the creator of the file is its admin */
	ck_assert_int_eq(sb_perm_require(ctx, SB_ACT_READ, NULL), SB_OK);
	ck_assert_int_eq(sb_audit(ctx, 0, "strip", 7, 1, 2, "{}"), SB_EPERM);
	ck_assert_int_eq(sb_perm_require(ctx, SB_ACT_EDIT, NULL), SB_OK);
	ck_assert_int_eq(sb_audit(ctx, 0, "strip", 7, 1, 2, "{\"pages\":[1,2]}"), SB_OK);
	ck_assert_int_eq(sb_commit(ctx), SB_OK);
	ck_assert_int_eq(query_int(ctx->db, "SELECT count(*) FROM audit WHERE actor = 'ada'"
	    " AND command = 'sb-test --flag ''two words''' AND entity = 'strip'"
	    " AND entity_id = 7 AND version_before = 1 AND version_after = 2"), 1);
	ck_assert_int_eq(sb_exec(ctx, "UPDATE audit SET actor = 'eve'"), SB_EFAIL);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "append-only"));
	ck_assert_int_eq(sb_exec(ctx, "DELETE FROM audit"), SB_EFAIL);
	ck_assert_int_eq(query_int(ctx->db, "SELECT count(*) FROM audit"), 1);
	sb_ctx_free(ctx);
}
END_TEST

START_TEST(rollback_leaves_nothing)
{
	sb_ctx *ctx = sb_ctx_new();

	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE), SB_OK);
	ck_assert_int_eq(sb_begin(ctx), SB_OK);
	ck_assert_int_eq(sb_perm_require(ctx, SB_ACT_EDIT, NULL), SB_OK);
	ck_assert_int_eq(sb_audit(ctx, 0, "strip", 1, 0, 1, NULL), SB_OK);
	sb_rollback(ctx);
	ck_assert_int_eq(query_int(ctx->db, "SELECT count(*) FROM audit"), 0);
	/* the check held for that transaction only */
	ck_assert_int_eq(sb_begin(ctx), SB_OK);
	ck_assert_int_eq(sb_audit(ctx, 0, "strip", 1, 0, 1, NULL), SB_EPERM);
	sb_rollback(ctx);
	sb_ctx_free(ctx);
}
END_TEST

START_TEST(busy_writer_times_out)
{
	sb_ctx *a = sb_ctx_new(), *b = sb_ctx_new();

	ck_assert_int_eq(sb_open(a, path, SB_OPEN_CREATE), SB_OK);
	ck_assert_int_eq(sb_open(b, path, 0), SB_OK);
	sb_set_busy_timeout(b, 50);
	ck_assert_int_eq(sb_begin(a), SB_OK);
	ck_assert_int_eq(sb_begin(b), SB_EBUSY);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(b), "busy"));
	ck_assert_int_eq(sb_commit(a), SB_OK);
	ck_assert_int_eq(sb_begin(b), SB_OK);
	ck_assert_int_eq(sb_commit(b), SB_OK);
	sb_ctx_free(a);
	sb_ctx_free(b);
}
END_TEST

START_TEST(discard_created_removes_files)
{
	sb_ctx *ctx = sb_ctx_new();
	char wal[300];

	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE), SB_OK);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	sb_discard_created(ctx);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(access(wal, F_OK), -1);
	sb_ctx_free(ctx);
}
END_TEST

/* SB_OPEN_STAGE: the file appears under its name at the first commit */
START_TEST(stage_appears_at_commit)
{
	sb_ctx *ctx = sb_ctx_new(), *other = sb_ctx_new();
	char stage[300];
	int64_t n = 0;
	sqlite3 *db;
	sqlite3_stmt *q;

	snprintf(stage, sizeof(stage), "%s.new-%ld", path, (long)getpid());
	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE | SB_OPEN_STAGE), SB_OK);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(access(stage, F_OK), 0);
	ck_assert_int_eq(sb_begin(ctx), SB_OK);
	ck_assert_int_eq(sb_exec(ctx, "INSERT INTO project (name, created_at) VALUES ('A', 'now')"), SB_OK);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(sb_commit(ctx), SB_OK);
	ck_assert_int_eq(access(path, F_OK), 0);
	ck_assert_int_eq(access(stage, F_OK), -1);
	/* the context goes on under the file's name */
	ck_assert_int_eq(sb_begin(ctx), SB_OK);
	ck_assert_int_eq(sb_exec(ctx, "INSERT INTO project (name, created_at) VALUES ('B', 'now')"), SB_OK);
	ck_assert_int_eq(sb_commit(ctx), SB_OK);
	sb_ctx_free(ctx);
	ck_assert_int_eq(access(stage, F_OK), -1);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT count(*) FROM project", -1, &q, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
	n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(q, 0), "wal");
	sqlite3_finalize(q);
	sqlite3_close(db);
	ck_assert_int_eq(n, 2);
	/* closed before its commit: nothing stays, under either name */
	unlink(path);
	ck_assert_int_eq(sb_open(other, path, SB_OPEN_CREATE | SB_OPEN_STAGE), SB_OK);
	ck_assert_int_eq(sb_begin(other), SB_OK);
	ck_assert_int_eq(sb_exec(other, "INSERT INTO project (name, created_at) VALUES ('C', 'now')"), SB_OK);
	sb_ctx_free(other);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(access(stage, F_OK), -1);
}
END_TEST

START_TEST(project_find)
{
	sb_ctx *ctx = sb_ctx_new();
	int64_t id = 0;

	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE), SB_OK);
	ck_assert_int_eq(sb_project_find(ctx, NULL, &id), SB_ENOTFOUND);
	ck_assert_int_eq(sb_exec(ctx, "INSERT INTO project (name, created_at) VALUES ('A', 'now')"), SB_OK);
	ck_assert_int_eq(sb_project_find(ctx, NULL, &id), SB_OK);
	ck_assert_int_eq(id, 1);
	ck_assert_int_eq(sb_exec(ctx, "INSERT INTO project (name, created_at) VALUES ('B', 'now')"), SB_OK);
	ck_assert_int_eq(sb_project_find(ctx, NULL, &id), SB_EUSAGE);
	ck_assert_int_eq(sb_project_find(ctx, "B", &id), SB_OK);
	ck_assert_int_eq(id, 2);
	ck_assert_int_eq(sb_project_find(ctx, "C", &id), SB_ENOTFOUND);
	sb_ctx_free(ctx);
}
END_TEST

START_TEST(utf8_validation)
{
	ck_assert(sb_utf8_valid("plain", 5));
	ck_assert(sb_utf8_valid("caf\xc3\xa9", 5));
	ck_assert(sb_utf8_valid("\xf0\x9f\x8e\xac", 4));
	ck_assert(!sb_utf8_valid("caf\xe9", 4));         /* Latin-1 */
	ck_assert(!sb_utf8_valid("\xc0\xaf", 2));        /* overlong */
	ck_assert(!sb_utf8_valid("\xed\xa0\x80", 3));    /* surrogate */
	ck_assert(!sb_utf8_valid("\xe2\x82", 2));        /* truncated */
	ck_assert(!sb_utf8_valid("a\0b", 3));            /* NUL */
	/*
	 * sb_utf8_prefix() reads ASCII eight bytes at a time: a NUL, a high
	 * byte and a bad sequence found at every offset of a long run, and
	 * the valid prefix before each.
	 */
	for (size_t at = 0; at < 40; at++) {
		char buf[64];

		memset(buf, 'x', sizeof(buf));
		ck_assert_uint_eq(sb_utf8_prefix(buf, sizeof(buf)), sizeof(buf));
		buf[at] = '\0';
		ck_assert_uint_eq(sb_utf8_prefix(buf, sizeof(buf)), at);
		buf[at] = '\x7f';
		ck_assert_uint_eq(sb_utf8_prefix(buf, sizeof(buf)), sizeof(buf));
		buf[at] = '\x01';
		ck_assert_uint_eq(sb_utf8_prefix(buf, sizeof(buf)), sizeof(buf));
		buf[at] = '\xe9';                               /* Latin-1 */
		ck_assert_uint_eq(sb_utf8_prefix(buf, sizeof(buf)), at);
		buf[at] = '\xc3';
		buf[at + 1] = '\xa9';                           /* é */
		ck_assert_uint_eq(sb_utf8_prefix(buf, sizeof(buf)), sizeof(buf));
		ck_assert_uint_eq(sb_utf8_prefix(buf, at + 1), at); /* cut */
		buf[at + 1] = '\0';
		ck_assert_uint_eq(sb_utf8_prefix(buf, sizeof(buf)), at);
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("db");
	TCase *tc = tcase_create("db");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, create_sets_pragmas);
	tcase_add_test(tc, missing_without_create);
	tcase_add_test(tc, foreign_file_refused);
	tcase_add_test(tc, empty_file_only_for_creators);
	tcase_add_test(tc, newer_schema_refused);
	tcase_add_test(tc, readonly_refuses_writes);
	tcase_add_test(tc, statement_cache_reuses);
	tcase_add_test(tc, audit_is_append_only);
	tcase_add_test(tc, rollback_leaves_nothing);
	tcase_add_test(tc, busy_writer_times_out);
	tcase_add_test(tc, discard_created_removes_files);
	tcase_add_test(tc, stage_appears_at_commit);
	tcase_add_test(tc, project_find);
	tcase_add_test(tc, utf8_validation);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
