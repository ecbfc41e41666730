/*
 * fuzz_msdout.c - the libFuzzer harness of the .msd writer, read back:
 * a production is imported, written as .msd (what sb-export --format msd
 * writes: sb_export()), the file is imported again (sb_import(), as
 * sb-import reads it), and the two projects are compared as USS.
 *
 * Three kinds of input, each a production:
 *  - bytes that start like the EPSF magic (a slash, a star): an .msd file;
 *  - bytes that start "#synth STRIPS SEED": a production made by
 *    sb_synth() of STRIPS (1 to 2000) strips from SEED, so random
 *    productions need no file (t0105 runs a few seeds on every make check);
 *  - anything else: a USS document.
 * An input the reader refuses is not this harness's business (fuzz_msd and
 * fuzz_uss check refusals); an accepted one is project F of an empty
 * database in memory, P1.  Then, with W(P) the .msd sb_export() writes of
 * P and R(W) the project sb_import() reads from it:
 *  - writing changes nothing in the database (the same digest of every row);
 *  - W(P1) must be read back: a file the writer writes and the reader
 *    refuses is a finding; P2 = R(W(P1)) and P3 = R(W(P2));
 *  - P2 and P3 must be the same project as USS (SB_EXPORT_KEPT, so the
 *    values kept for the round trip count too): after one trip through
 *    .msd nothing more may change;
 *  - from an .msd, P1 and P2 must already be the same project: what was
 *    read from an .msd is written back whole;
 *  - from USS or sb_synth() (what an .msd cannot hold is lost on the
 *    first trip: sb-export(1)), P2 has every scene of P1.
 * "The same project as USS": sb_export_uss() of both, with the ids that
 * stripboard invents (categories, elements, banners, boards, lanes,
 * calendars, events) replaced by their kind and place, "created" and the
 * header's id left out, and the header's _msd.writer* (the program and
 * time that wrote the file) left out; breakdown ids (the .msd BDSIDs) are
 * kept.
 *
 * A finding is reported as "fuzz: FINDING: ..." and abort()s (fuzz_db.h).
 * SB_FUZZ_VERBOSE=1 tests/fuzz/fuzz_msdout FILE prints the reader's
 * warnings, and both USS documents of a difference.
 */
#include "fuzz_db.h"

#include <ctype.h>
#include <inttypes.h>
#include <jansson.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
warn_print(void *arg, const char *msg)
{
	(void)arg;
	if (fuzz_is_verbose())
		fprintf(stderr, "warning: %s\n", msg);
}

/* Import path into ctx as project F in the format given. */
static int
import_f(sb_ctx *ctx, const char *path, int format, struct sb_import_summary *sum)
{
	struct sb_import_opts opts;

	memset(&opts, 0, sizeof(opts));
	opts.format = format;
	opts.project = "F";
	opts.replace = 1;
	opts.warn = warn_print;
	memset(sum, 0, sizeof(*sum));
	return sb_import(ctx, path, &opts, sum);
}

/* The project written in a format into memory; the caller frees *text. */
static void
write_out(sb_ctx *ctx, int64_t project_id, int format, char **text, size_t *len)
{
	FILE *out;
	int rc;

	*text = NULL;
	*len = 0;
	if ((out = open_memstream(text, len)) == NULL)
		fuzz_fail("out of memory");
	if (format == SB_FMT_USS) {
		sb_set_export_flags(ctx, SB_EXPORT_KEPT);
		rc = sb_export_uss(ctx, project_id, out);
	} else {
		rc = sb_export(ctx, project_id, NULL, format, out);
	}
	if (fclose(out) != 0)
		fuzz_fail("out of memory");
	if (rc != SB_OK)
		fuzz_fail("export as %s: %s", sb_format_name(format), sb_errmsg(ctx));
}

/* R(W(P)): the .msd written of ctx's project, read into a fresh database. */
static sb_ctx *
trip(sb_ctx *ctx, int64_t project_id, sqlite3 *tmpl, const char *what,
    struct sb_import_summary *sum)
{
	char *msd, path[64];
	size_t len;
	sb_ctx *next;
	uint64_t before = fuzz_digest(ctx->db);
	int fd, rc;

	write_out(ctx, project_id, SB_FMT_MSD, &msd, &len);
	if (fuzz_digest(ctx->db) != before)
		fuzz_fail("%s: writing the .msd changed the database", what);
	if ((fd = fuzz_memfile((const uint8_t *)msd, len, "written.msd", path)) < 0)
		fuzz_fail("memfd: out of memory");
	free(msd);
	next = fuzz_open_copy(tmpl);
	rc = import_f(next, path, SB_FMT_MSD, sum);
	close(fd);
	if (rc != SB_OK)
		fuzz_fail("%s: the .msd the writer wrote is refused by the reader: %s",
		    what, sb_errmsg(next));
	fuzz_check_sound(next->db);
	return next;
}

/* ---- the USS of a project, with the invented ids by kind and place ---- */

static void
name_id(json_t *ids, json_t *o, const char *kind, int keep, int *count)
{
	const char *id = json_string_value(json_object_get(o, "id"));
	char canon[64];

	if (id == NULL || json_object_get(ids, id) != NULL)
		return;
	if (keep)
		snprintf(canon, sizeof(canon), "%s", id);
	else
		snprintf(canon, sizeof(canon), "%s#%d", kind, (*count)++);
	if (json_object_set_new(ids, id, json_string(keep ? id : canon)) != 0)
		fuzz_fail("out of memory");
}

static json_t *
walk(json_t *v, json_t *ids)
{
	json_t *out, *x;
	const char *key;
	size_t i;

	if (json_is_object(v)) {
		if ((out = json_object()) == NULL)
			fuzz_fail("out of memory");
		json_object_foreach(v, key, x)
			if (strcmp(key, "created") != 0 &&
			    json_object_set_new(out, key, walk(x, ids)) != 0)
				fuzz_fail("out of memory");
		return out;
	}
	if (json_is_array(v)) {
		if ((out = json_array()) == NULL)
			fuzz_fail("out of memory");
		json_array_foreach(v, i, x)
			if (json_array_append_new(out, walk(x, ids)) != 0)
				fuzz_fail("out of memory");
		return out;
	}
	if (json_is_string(v) && json_object_get(ids, json_string_value(v)) != NULL)
		return json_copy(json_object_get(ids, json_string_value(v)));
	return json_copy(v);
}

static json_t *
canon_uss(sb_ctx *ctx, int64_t project_id, char **text)
{
	static const char *const kinds[] = { "breakdowns", "categories", "elements",
		"stripboards", "calendars" };
	json_t *root, *u, *ids, *out, *m;
	json_error_t err;
	size_t len;
	int counts[8] = { 0 };

	write_out(ctx, project_id, SB_FMT_USS, text, &len);
	if ((root = json_loadb(*text, len, 0, &err)) == NULL)
		fuzz_fail("the USS export is not JSON: %s", err.text);
	u = json_object_get(root, "universalScheduleStandard");
	if (!json_is_object(u))
		fuzz_fail("the USS export has no universalScheduleStandard");
	json_object_del(u, "id");
	json_object_del(u, "created");
	if ((m = json_object_get(u, "_msd")) != NULL) {
		json_object_del(m, "writerApp");
		json_object_del(m, "writerVersion");
		json_object_del(m, "writerTime");
	}
	if ((ids = json_object()) == NULL)
		fuzz_fail("out of memory");
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		json_t *o, *sub;
		size_t i, j;

		json_array_foreach(json_object_get(u, kinds[k]), i, o) {
			const char *type = json_string_value(json_object_get(o, "type"));

			name_id(ids, o, kinds[k], k == 0 && (type == NULL ||
			    strcmp(type, "banner") != 0), &counts[k]);
			if (k == 3)
				json_array_foreach(json_object_get(o, "boards"), j, sub)
					name_id(ids, sub, "lane", 0, &counts[5]);
			if (k == 2 || k == 4)
				json_array_foreach(json_object_get(o, "events"), j, sub)
					name_id(ids, sub, "event", 0, &counts[6]);
		}
	}
	out = walk(u, ids);
	json_decref(ids);
	json_decref(root);
	return out;
}

/* The first place where a and b differ, into path. */
static int
first_diff(json_t *a, json_t *b, char *path, size_t size)
{
	size_t len = strlen(path);
	const char *key;
	json_t *x;
	size_t i;

	if (json_equal(a, b))
		return 0;
	if (json_is_object(a) && json_is_object(b)) {
		json_object_foreach(a, key, x) {
			snprintf(path + len, size - len, ".%s", key);
			if (json_object_get(b, key) == NULL)
				return 1;
			if (first_diff(x, json_object_get(b, key), path, size))
				return 1;
		}
		json_object_foreach(b, key, x)
			if (json_object_get(a, key) == NULL) {
				snprintf(path + len, size - len, ".%s (only in the second)", key);
				return 1;
			}
	} else if (json_is_array(a) && json_is_array(b)) {
		json_array_foreach(a, i, x) {
			snprintf(path + len, size - len, "[%zu]", i);
			if (i >= json_array_size(b) || first_diff(x, json_array_get(b, i),
			    path, size))
				return 1;
		}
		snprintf(path + len, size - len, "[%zu] (only in the second)",
		    json_array_size(a));
		return 1;
	}
	path[len] = '\0';
	return 1;
}

static void
same_project(const char *what, sb_ctx *a, int64_t pa, sb_ctx *b, int64_t pb)
{
	char *ta, *tb, path[512] = "";
	json_t *ja = canon_uss(a, pa, &ta), *jb = canon_uss(b, pb, &tb);

	if (first_diff(ja, jb, path, sizeof(path))) {
		if (fuzz_is_verbose())
			fprintf(stderr, "first:\n%s\nsecond:\n%s\n", ta, tb);
		fuzz_fail("%s: not the same project as USS: first difference at %s",
		    what, path[0] != '\0' ? path : "(the top)");
	}
	free(ta);
	free(tb);
	json_decref(ja);
	json_decref(jb);
}

/* "#synth STRIPS SEED": 1 and the numbers, else 0. */
static int
synth_spec(const uint8_t *data, size_t size, int64_t *strips, uint64_t *seed)
{
	char buf[64], *end;
	unsigned long long n, s;

	if (size < 7 || memcmp(data, "#synth ", 7) != 0)
		return 0;
	size = size < sizeof(buf) - 1 ? size : sizeof(buf) - 1;
	memcpy(buf, data, size);
	buf[size] = '\0';
	n = strtoull(buf + 7, &end, 10);
	s = strtoull(end, &end, 10);
	*strips = (int64_t)(n % 2000) + 1;
	*seed = s;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sb_import_summary s1, s2, s3;
	sb_ctx *p1, *p2, *p3;
	sqlite3 *tmpl = fuzz_template(NULL);
	int64_t strips;
	uint64_t seed;
	char path[64];
	int from_msd = size >= 2 && data[0] == '/' && data[1] == '*', rc, fd;

	p1 = fuzz_open_copy(tmpl);
	memset(&s1, 0, sizeof(s1));
	if (!from_msd && synth_spec(data, size, &strips, &seed)) {
		struct sb_synth_opts so;

		memset(&so, 0, sizeof(so));
		so.strips = strips;
		so.seed = seed;
		so.project = "F";
		if ((rc = sb_synth(p1, &so, &s1)) != SB_OK)
			fuzz_fail("sb_synth(%" PRId64 ", %" PRIu64 "): %s", strips, seed,
			    sb_errmsg(p1));
	} else {
		if ((fd = fuzz_memfile(data, size, from_msd ? "in.msd" : "in.uss", path)) < 0)
			fuzz_fail("memfd: out of memory");
		rc = import_f(p1, path, from_msd ? SB_FMT_MSD : SB_FMT_USS, &s1);
		close(fd);
		if (rc != SB_OK) {
			if (fuzz_is_verbose())
				fprintf(stderr, "refused: %s\n", sb_errmsg(p1));
			sb_ctx_free(p1);
			return 0;
		}
	}
	p2 = trip(p1, s1.project_id, tmpl, "the first .msd", &s2);
	p3 = trip(p2, s2.project_id, tmpl, "the second .msd", &s3);
	if (from_msd)
		same_project(".msd -> db -> .msd -> db", p1, s1.project_id, p2, s2.project_id);
	else if (fuzz_int(p1->db, "SELECT count(*) FROM strip WHERE type = 'scene'") !=
	    fuzz_int(p2->db, "SELECT count(*) FROM strip WHERE type = 'scene'"))
		fuzz_fail("scenes lost through .msd: %" PRId64 " before, %" PRId64 " after",
		    fuzz_int(p1->db, "SELECT count(*) FROM strip WHERE type = 'scene'"),
		    fuzz_int(p2->db, "SELECT count(*) FROM strip WHERE type = 'scene'"));
	same_project("db -> .msd -> db -> .msd -> db", p2, s2.project_id, p3, s3.project_id);
	if (fuzz_is_verbose())
		fprintf(stderr, "accepted: %" PRId64 " strips, %" PRId64 " calendars, the same "
		    "through .msd\n", s1.strips, s1.calendars);
	sb_ctx_free(p3);
	sb_ctx_free(p2);
	sb_ctx_free(p1);
	return 0;
}
