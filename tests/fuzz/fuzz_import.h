/*
 * fuzz_import.h - the harness of a reader that imports into a database:
 * fuzz_uss.c, fuzz_csv.c, fuzz_json.c and fuzz_ndjson.c each define
 * FUZZ_FORMAT (SB_FMT_USS...) and FUZZ_NAME and include this.
 *
 * The template holds one project, "F", made by sb_synth() (three boards,
 * calendars, elements, an audit row).  Each input is imported into a
 * fresh copy as project "F" with replace, as `sb-import --replace
 * --project F --from FMT FILE` would, so the reader also runs the
 * replacement of a project.  Then:
 *  - refused (any status but SB_OK): the status is SB_EDATA with a
 *    message naming the file, and the database is exactly as before: the
 *    same digest of every row of every table;
 *  - accepted: the summary's counts are the rows of the database (one
 *    project, "F", the one the import wrote), one audit row more, the
 *    foreign keys hold; each board exports in every flat format and the
 *    project as USS, and that USS imports again with the same counts (what
 *    stripboard writes it reads).
 * Anything else is a finding: abort().
 *
 * SB_FUZZ_VERBOSE=1 tests/fuzz/fuzz_csv FILE prints the message or the
 * counts of each input.
 */
#include "fuzz_db.h"

#ifndef FUZZ_FORMAT
#error "define FUZZ_FORMAT and FUZZ_NAME before including fuzz_import.h"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_no_warn(void *arg, const char *msg)
{
	(void)arg;
	if (fuzz_is_verbose())
		fprintf(stderr, "warning: %s\n", msg);
}

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

/* The counts of the database, in the summary's terms (one project). */
static void
db_counts(sqlite3 *db, struct sb_import_summary *c)
{
	memset(c, 0, sizeof(*c));
	c->strips = fuzz_int(db, "SELECT count(*) FROM strip");
	c->categories = fuzz_int(db, "SELECT count(*) FROM category");
	c->elements = fuzz_int(db, "SELECT count(*) FROM element");
	c->boards = fuzz_int(db, "SELECT count(*) FROM board");
	c->days = fuzz_int(db, "SELECT count(*) FROM day WHERE kind = 'shoot'");
	c->calendars = fuzz_int(db, "SELECT count(*) FROM calendar");
}

static void
same_counts(const char *what, const struct sb_import_summary *a,
    const struct sb_import_summary *b)
{
	if (a->strips != b->strips || a->categories != b->categories ||
	    a->elements != b->elements || a->boards != b->boards ||
	    a->days != b->days || a->calendars != b->calendars)
		fuzz_fail("%s: strips %lld/%lld categories %lld/%lld elements "
		    "%lld/%lld boards %lld/%lld days %lld/%lld calendars %lld/%lld", what,
		    (long long)a->strips, (long long)b->strips,
		    (long long)a->categories, (long long)b->categories,
		    (long long)a->elements, (long long)b->elements,
		    (long long)a->boards, (long long)b->boards,
		    (long long)a->days, (long long)b->days,
		    (long long)a->calendars, (long long)b->calendars);
}

/* Import path as project F (replacing it) with the given format. */
static int
import_as_f(sb_ctx *ctx, const char *path, int format, struct sb_import_summary *sum)
{
	struct sb_import_opts opts;

	memset(&opts, 0, sizeof(opts));
	opts.format = format;
	opts.project = "F";
	opts.replace = 1;
	opts.warn = fuzz_no_warn;
	return sb_import(ctx, path, &opts, sum);
}

/*
 * What stripboard writes of an accepted input: every board in every flat
 * format (into memory: only a crash or a failure matters), and the
 * project as USS, which must import again, with the same counts.
 */
static void
export_and_reimport(sb_ctx *ctx, const struct sb_import_summary *sum, sqlite3 *tmpl)
{
	static const int formats[] = { SB_FMT_CSV, SB_FMT_JSON, SB_FMT_NDJSON, SB_FMT_TABLE };
	struct sb_import_summary again, counts;
	sqlite3_stmt *st;
	char *text = NULL, path[64];
	size_t len = 0;
	FILE *out;
	sb_ctx *copy;
	int rc, fd;

	if (sqlite3_prepare_v2(ctx->db, "SELECT name FROM board ORDER BY rank, id", -1,
	    &st, NULL) != SQLITE_OK)
		fuzz_fail("boards: %s", sqlite3_errmsg(ctx->db));
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *name = sb_strdup((const char *)sqlite3_column_text(st, 0));

		if (name == NULL)
			fuzz_fail("out of memory");
		for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
			if ((out = open_memstream(&text, &len)) == NULL)
				fuzz_fail("out of memory");
			rc = sb_export_board(ctx, sum->project_id, name, formats[i], out);
			fclose(out);
			free(text);
			if (rc != SB_OK)
				fuzz_fail("export of board \"%s\" as %s: %s", name,
				    sb_format_name(formats[i]), sb_errmsg(ctx));
		}
		free(name);
	}
	sqlite3_finalize(st);

	if ((out = open_memstream(&text, &len)) == NULL)
		fuzz_fail("out of memory");
	rc = sb_export_uss(ctx, sum->project_id, out);
	fclose(out);
	if (rc != SB_OK)
		fuzz_fail("export as USS: %s", sb_errmsg(ctx));
	if ((fd = fuzz_memfile((const uint8_t *)text, len, "again.uss", path)) < 0) {
		free(text);
		return;
	}
	free(text);
	copy = fuzz_open_copy(tmpl);
	rc = import_as_f(copy, path, SB_FMT_USS, &again);
	close(fd);
	if (rc != SB_OK)
		fuzz_fail("the USS export of an accepted input is refused: %s",
		    sb_errmsg(copy));
	db_counts(copy->db, &counts);
	same_counts("USS export imported again: database", &counts, &again);
	same_counts("USS export imported again vs the first import", &again, sum);
	fuzz_check_sound(copy->db);
	sb_ctx_free(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint64_t before;
	static int64_t audit_before;
	struct sb_import_summary sum, counts;
	sqlite3 *tmpl;
	char path[64];
	sb_ctx *ctx;
	int fd, rc;

	if (fuzz_tmpl == NULL) {
		tmpl = fuzz_template(fill_template);
		before = fuzz_digest(tmpl);
		audit_before = fuzz_int(tmpl, "SELECT count(*) FROM audit");
	}
	tmpl = fuzz_tmpl->db;
	if ((fd = fuzz_memfile(data, size, FUZZ_NAME, path)) < 0)
		return 0;
	ctx = fuzz_open_copy(tmpl);
	rc = import_as_f(ctx, path, FUZZ_FORMAT, &sum);
	close(fd);
	fuzz_check_sound(ctx->db);
	if (rc != SB_OK) {
		if (fuzz_is_verbose())
			fprintf(stderr, "refused (exit %d): %s\n", -rc, sb_errmsg(ctx));
		if (rc != SB_EDATA)
			fuzz_fail("refused with status %d, not SB_EDATA (bad input): %s",
			    rc, sb_errmsg(ctx));
		if (strncmp(sb_errmsg(ctx), path, strlen(path)) != 0)
			fuzz_fail("the message does not name the file: %s", sb_errmsg(ctx));
		if (fuzz_digest(ctx->db) != before)
			fuzz_fail("refused (%s), but the database changed", sb_errmsg(ctx));
	} else {
		if (fuzz_is_verbose())
			fprintf(stderr, "accepted: %lld strips, %lld categories, %lld "
			    "elements, %lld boards, %lld days, %lld calendars, %lld "
			    "warnings\n", (long long)sum.strips, (long long)sum.categories,
			    (long long)sum.elements, (long long)sum.boards,
			    (long long)sum.days, (long long)sum.calendars,
			    (long long)sum.warnings);
		if (fuzz_int(ctx->db, "SELECT count(*) FROM project WHERE name = 'F'") != 1 ||
		    fuzz_int(ctx->db, "SELECT count(*) FROM project") != 1)
			fuzz_fail("accepted, but project F is not the only project");
		if (sum.format != FUZZ_FORMAT)
			fuzz_fail("accepted as format %d, asked for %d", sum.format,
			    FUZZ_FORMAT);
		db_counts(ctx->db, &counts);
		same_counts("accepted: summary vs database", &sum, &counts);
		/* the import's own row; and the rows of project F it replaced, kept */
		if (fuzz_int(ctx->db, "SELECT count(*) FROM audit WHERE entity <> 'kept'") !=
		    audit_before + 1)
			fuzz_fail("accepted, but not exactly one audit row was written");
		if (fuzz_int(ctx->db, "SELECT count(*) FROM audit WHERE entity = 'kept'") < 1)
			fuzz_fail("accepted, but the project it replaced was not kept");
		export_and_reimport(ctx, &sum, tmpl);
	}
	sb_ctx_free(ctx);
	return 0;
}
