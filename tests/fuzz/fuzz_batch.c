/*
 * fuzz_batch.c - libFuzzer harness of the batch reader of sb-reorder
 * (sb_reorder_batch(): CSV with a header, or NDJSON): the bytes are a
 * batch of moves, applied to a copy of a database in memory that holds one
 * production made by sb_synth() (24 strips, seed 1: boards "First Pass",
 * "Second Pass" and "Script Order"; the seeds name its strips by scene
 * number and by uid).
 *
 * Each input runs twice, each time on a fresh copy:
 *  - atomic (sb-reorder batch --atomic): refused, the database is exactly
 *    as before (the digest of every row of every table) and the status
 *    says bad input, a missing strip or board, or a conflict; accepted,
 *    every row moved a strip or left it in place, no strip was created
 *    or lost, and each move wrote its audit row;
 *  - row by row: the summary adds up, the status is the worst row's, a
 *    batch that moved nothing left the database as it was (but for the
 *    cached day numbers, fuzz_digest_of()), and when the
 *    atomic run was accepted this one is too, to the same placements.
 * In both the foreign keys hold and no transaction is left open.
 * Anything else is a finding: abort().
 */
#include "fuzz_db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
fill_template(sb_ctx *ctx)
{
	struct sb_synth_opts so;
	struct sb_import_summary sum;

	memset(&so, 0, sizeof(so));
	so.strips = 24;
	so.seed = 1;
	so.project = "F";
	return sb_synth(ctx, &so, &sum);
}

/* A digest of what a query returns. */
static uint64_t
digest_of(sqlite3 *db, const char *sql)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fuzz_fail("%s: %s", sql, sqlite3_errmsg(db));
	while (sqlite3_step(st) == SQLITE_ROW)
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const void *p = sqlite3_column_blob(st, i);

			fnv(&h, "|", 1);
			if (p != NULL)
				fnv(&h, p, (size_t)sqlite3_column_bytes(st, i));
		}
	sqlite3_finalize(st);
	return h;
}

/* Where every strip stands, without the times and actors of the trail. */
static uint64_t
places(sqlite3 *db)
{
	return digest_of(db, "SELECT p.board_id, p.strip_id, p.day_id, p.pos, p.version,"
	    " d.lane_id, d.kind, d.pos FROM placement p JOIN day d ON d.id = p.day_id"
	    " ORDER BY p.board_id, p.strip_id");
}

static int
status_ok(int rc)
{
	return rc == SB_EDATA || rc == SB_ENOTFOUND || rc == SB_ECONFLICT ||
	    rc == SB_EUSAGE;
}

struct run {
	int rc;
	struct sb_batch_summary sum;
	uint64_t digest, no_cache, places;
	int64_t audit, strips;
};

static void
run_batch(sqlite3 *tmpl, int64_t project, const char *path, int atomic, struct run *r)
{
	struct sb_batch_opts opts;
	char *text = NULL;
	size_t len = 0;
	FILE *results;
	sb_ctx *ctx = fuzz_open_copy(tmpl);

	memset(&opts, 0, sizeof(opts));
	opts.atomic = atomic;
	if ((results = open_memstream(&text, &len)) == NULL)
		fuzz_fail("out of memory");
	r->rc = sb_reorder_batch(ctx, project, path, &opts, results, &r->sum);
	fclose(results);
	if (fuzz_is_verbose())
		fprintf(stderr, "%s: status %d (%s): rows %zu moved %zu unchanged %zu "
		    "conflicts %zu errors %zu\n%s", atomic ? "atomic" : "row by row",
		    r->rc, r->rc != SB_OK ? sb_errmsg(ctx) : "ok", r->sum.rows,
		    r->sum.moved, r->sum.unchanged, r->sum.conflicts, r->sum.errors,
		    text != NULL ? text : "");
	free(text);
	if (ctx->tx_depth != 0)
		fuzz_fail("%s: the context is left %d transactions deep",
		    atomic ? "atomic" : "row by row", ctx->tx_depth);
	fuzz_check_sound(ctx->db);
	r->digest = fuzz_digest(ctx->db);
	r->no_cache = fuzz_digest_of(ctx->db, 1);
	r->places = places(ctx->db);
	r->audit = fuzz_int(ctx->db, "SELECT count(*) FROM audit");
	r->strips = fuzz_int(ctx->db, "SELECT count(*) FROM strip");
	if (r->rc != SB_OK && !status_ok(r->rc))
		fuzz_fail("%s: status %d, not bad input, not found or a conflict: %s",
		    atomic ? "atomic" : "row by row", r->rc, sb_errmsg(ctx));
	sb_ctx_free(ctx);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint64_t before, before_no_cache;
	static int64_t audit_before, strips_before, project;
	struct run a, b;
	sqlite3 *tmpl;
	char path[64];
	int fd;

	if (fuzz_tmpl == NULL) {
		tmpl = fuzz_template(fill_template);
		before = fuzz_digest(tmpl);
		before_no_cache = fuzz_digest_of(tmpl, 1);
		audit_before = fuzz_int(tmpl, "SELECT count(*) FROM audit");
		strips_before = fuzz_int(tmpl, "SELECT count(*) FROM strip");
		project = fuzz_int(tmpl, "SELECT id FROM project WHERE name = 'F'");
	}
	tmpl = fuzz_tmpl->db;
	if ((fd = fuzz_memfile(data, size, "fuzz.batch", path)) < 0)
		return 0;

	run_batch(tmpl, project, path, 1, &a);
	if (a.rc != SB_OK) {
		if (a.digest != before)
			fuzz_fail("atomic: refused, but the database changed");
	} else {
		if (a.sum.errors != 0 || a.sum.conflicts != 0 ||
		    a.sum.rows != a.sum.moved + a.sum.unchanged)
			fuzz_fail("atomic: accepted, but rows %zu moved %zu unchanged %zu "
			    "errors %zu conflicts %zu", a.sum.rows, a.sum.moved,
			    a.sum.unchanged, a.sum.errors, a.sum.conflicts);
		if (a.strips != strips_before)
			fuzz_fail("atomic: strips %lld, before %lld", (long long)a.strips,
			    (long long)strips_before);
		if (a.audit - audit_before < (int64_t)a.sum.moved)
			fuzz_fail("atomic: %zu moves, %lld audit rows", a.sum.moved,
			    (long long)(a.audit - audit_before));
	}

	run_batch(tmpl, project, path, 0, &b);
	close(fd);
	if (b.sum.rows < b.sum.moved + b.sum.unchanged + b.sum.errors + b.sum.conflicts)
		fuzz_fail("row by row: rows %zu < moved %zu + unchanged %zu + errors %zu "
		    "+ conflicts %zu", b.sum.rows, b.sum.moved, b.sum.unchanged,
		    b.sum.errors, b.sum.conflicts);
	if (b.sum.conflicts > 0 && b.rc != SB_ECONFLICT)
		fuzz_fail("row by row: %zu conflicts, status %d", b.sum.conflicts, b.rc);
	if (b.sum.errors + b.sum.conflicts == 0 && b.rc == SB_OK &&
	    b.sum.rows != b.sum.moved + b.sum.unchanged)
		fuzz_fail("row by row: rows %zu, moved %zu, unchanged %zu", b.sum.rows,
		    b.sum.moved, b.sum.unchanged);
	if (b.strips != strips_before)
		fuzz_fail("row by row: strips %lld, before %lld", (long long)b.strips,
		    (long long)strips_before);
	if (b.audit - audit_before < (int64_t)b.sum.moved)
		fuzz_fail("row by row: %zu moves, %lld audit rows", b.sum.moved,
		    (long long)(b.audit - audit_before));
	if (b.sum.moved == 0 && b.no_cache != before_no_cache)
		fuzz_fail("row by row: nothing moved, but the database changed");
	if (a.rc == SB_OK) {
		if (b.rc != SB_OK)
			fuzz_fail("accepted atomic, but row by row says %d", b.rc);
		if (a.sum.moved != b.sum.moved || a.sum.unchanged != b.sum.unchanged ||
		    a.places != b.places)
			fuzz_fail("atomic and row by row disagree: moved %zu/%zu "
			    "unchanged %zu/%zu%s", a.sum.moved, b.sum.moved,
			    a.sum.unchanged, b.sum.unchanged,
			    a.places != b.places ? ", placements differ" : "");
	}
	return 0;
}
