/*
 * op_strip.c - editing the breakdown one strip at a time (sb-strip): show a
 * strip with its elements and places, set its fields, add and remove its
 * elements, omit and restore it, make a new scene or banner, and batches of
 * field changes from a pipe.  Every change is one transaction, checked
 * against the strip's version when asked, with an audit row that holds the
 * columns and element links before and after (stripboard(5)).
 */
#include <config.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input_priv.h"
#include "json_priv.h"
#include "move_priv.h"
#include "prod_priv.h"
#include "store.h"
#include "strip_priv.h"

/* The fields sb-strip set knows: its name, its column, its USS key, its ucid. */
enum { F_SCENE, F_IE, F_DN, F_SET, F_LOC, F_SDAY, F_PAGES, F_EST, F_SYN, F_COMM,
	F_BANNER, NFIELDS };

static const struct field_def {
	const char *name, *column, *uss;
	int ucid;
} fields[NFIELDS] = {
	{ "scene", "scene", "scene", -1 },
	{ "int_ext", "int_ext", NULL, SB_UCID_IE },
	{ "day_night", "day_night", NULL, SB_UCID_DN },
	{ "set", "set_name", NULL, SB_UCID_SET },
	{ "location", "location", NULL, SB_UCID_LOCATION },
	{ "script_day", "script_day", NULL, SB_UCID_SCRIPT_DAY },
	{ "pages", "eighths", "pages", -1 },
	{ "est", "est_ms", "duration", -1 },
	{ "synopsis", "synopsis", "description", -1 },
	{ "comments", "comments", "comments", -1 },
	{ "banner_text", "banner_text", "bannerText", -1 },
};

static const char *const field_list =
    "scene, int_ext, day_night, set, location, script_day, pages, est, synopsis, "
    "comments, banner_text";

/* A strip as stored: what an edit reads, changes and writes back. */
struct strip {
	int64_t id, project, version;
	char *uid, *type;
	char *text[NFIELDS];    /* the text columns (pages, est: unused) */
	int64_t eighths, est_ms;
	int has_eighths, has_est, omitted;
};

static void
strip_free(struct strip *s)
{
	free(s->uid);
	free(s->type);
	for (int i = 0; i < NFIELDS; i++)
		free(s->text[i]);
	memset(s, 0, sizeof(*s));
}

static int
oom(sb_ctx *ctx)
{
	return sb_err(ctx, SB_EFAIL, "out of memory");
}

static char *
col_dup(sb_st *st, int i, int *failed)
{
	char *s;

	if (sb_col_type(st, i) == SQLITE_NULL)
		return NULL;
	if ((s = sb_strdup((const char *)sb_col_text(st, i))) == NULL)
		*failed = 1;
	return s;
}

static int
strip_load(sb_ctx *ctx, int64_t id, struct strip *s)
{
	static const char sql[] =
	    "SELECT project_id, version, uid, type, scene, int_ext, day_night, set_name,"
	    " location, script_day, synopsis, comments, banner_text, eighths, est_ms,"
	    " omitted FROM strip WHERE id = ?1";
	static const int text_col[NFIELDS] = { 4, 5, 6, 7, 8, 9, -1, -1, 10, 11, 12 };
	sb_st *st = sb_stmt(ctx, sql);
	int rc, failed = 0;

	memset(s, 0, sizeof(*s));
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	rc = sb_step(st);
	if (rc == SQLITE_ROW) {
		s->id = id;
		s->project = sb_col_int64(st, 0);
		s->version = sb_col_int64(st, 1);
		s->uid = col_dup(st, 2, &failed);
		s->type = col_dup(st, 3, &failed);
		for (int i = 0; i < NFIELDS; i++)
			if (text_col[i] >= 0)
				s->text[i] = col_dup(st, text_col[i], &failed);
		s->has_eighths = sb_col_type(st, 13) != SQLITE_NULL;
		s->eighths = sb_col_int64(st, 13);
		s->has_est = sb_col_type(st, 14) != SQLITE_NULL;
		s->est_ms = sb_col_int64(st, 14);
		s->omitted = sb_col_int(st, 15);
	}
	sb_reset(st);
	if (rc != SQLITE_ROW) {
		strip_free(s);
		return rc == SQLITE_DONE ? sb_err(ctx, SB_ENOTFOUND, "no such strip") :
		    sb_sqlerr(ctx, "strip");
	}
	if (failed) {
		strip_free(s);
		return oom(ctx);
	}
	return SB_OK;
}

/* Write the strip's columns back, raising its version (the one loaded). */
static int
strip_store(sb_ctx *ctx, const struct strip *s)
{
	struct sb_row_strip row;
	sb_st *st;
	int rc, updated;

	memset(&row, 0, sizeof(row));
	row.id = s->id;
	row.version = s->version;
	row.scene = s->text[F_SCENE];
	row.int_ext = s->text[F_IE];
	row.day_night = s->text[F_DN];
	row.set_name = s->text[F_SET];
	row.location = s->text[F_LOC];
	row.script_day = s->text[F_SDAY];
	row.synopsis = s->text[F_SYN];
	row.comments = s->text[F_COMM];
	row.eighths = s->eighths;
	row.has_eighths = s->has_eighths;
	row.est_ms = s->est_ms;
	row.has_est_ms = s->has_est;
	row.omitted = s->omitted;
	/* script_page is kept as it is: read it back for the writer */
	{
		static const char page[] = "SELECT script_page FROM strip WHERE id = ?1";
		char *sp = NULL;
		int failed = 0;

		if ((st = sb_stmt(ctx, page)) == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, s->id);
		if (sb_step(st) == SQLITE_ROW)
			sp = col_dup(st, 0, &failed);
		sb_reset(st);
		if (failed)
			return oom(ctx);
		row.script_page = sp;
		rc = store_strip_update_script(ctx, &row, &updated);
		free(sp);
	}
	if (rc != SB_OK)
		return rc;
	if (!updated)
		return sb_err(ctx, SB_ECONFLICT, "strip %s changed while it was edited",
		    s->uid);
	return store_strip_set_banner(ctx, s->id, s->text[F_BANNER]);
}

/*
 * The strip's row as JSON: every column an edit may change, as stored, and
 * its element links in order as [element_id, rank] pairs (the same image
 * the revision merge keeps; stripboard(5), "Audit changes").
 */
static int
strip_image(sb_ctx *ctx, int64_t strip, json_t **out)
{
	static const char sql[] =
	    "SELECT json_object('type', type, 'scene', scene, 'int_ext', int_ext,"
	    " 'day_night', day_night, 'set_name', set_name, 'location', location,"
	    " 'script_day', script_day, 'synopsis', synopsis, 'comments', comments,"
	    " 'banner_text', banner_text, 'script_page', script_page, 'eighths', eighths,"
	    " 'est_ms', est_ms, 'omitted', omitted, 'rank', rank, 'ext', ext,"
	    " 'absent', absent, 'links', (SELECT json_group_array(json_array(element_id,"
	    " rank)) FROM (SELECT element_id, rank FROM strip_element WHERE strip_id = ?1"
	    " ORDER BY rank, element_id) AS l)) FROM strip WHERE id = ?1";
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	*out = NULL;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, strip);
	if ((rc = sb_step(st)) == SQLITE_ROW)
		*out = json_loads((const char *)sb_col_text(st, 0), 0, NULL);
	sb_reset(st);
	if (rc != SQLITE_ROW)
		return sb_sqlerr(ctx, "strip");
	return *out != NULL ? SB_OK : oom(ctx);
}

/* "col":[before,after] for each column that differs; *n counts them. */
static int
image_diff(sb_ctx *ctx, json_t *before, json_t *after, struct sb_buf *b, int *n)
{
	const char *key;
	json_t *v;

	json_object_foreach(before, key, v) {
		json_t *w = json_object_get(after, key);
		char *x, *y;

		if (w == NULL || json_equal(v, w))
			continue;
		x = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		y = json_dumps(w, JSON_ENCODE_ANY | JSON_COMPACT);
		if (x == NULL || y == NULL) {
			free(x);
			free(y);
			return oom(ctx);
		}
		sb_buf_printf(b, "%s\"%s\":[%s,%s]", (*n)++ ? "," : "", key, x, y);
		free(x);
		free(y);
	}
	return b->failed ? oom(ctx) : SB_OK;
}

/* The names of the strip's elements, by category, as {"Cast":["A","B"],...}. */
static int
element_names(sb_ctx *ctx, int64_t strip, json_t **out)
{
	static const char sql[] =
	    "SELECT c.name, e.name FROM strip_element se JOIN element e ON e.id = se.element_id"
	    " JOIN category c ON c.id = e.category_id WHERE se.strip_id = ?1"
	    " ORDER BY c.rank, c.id, e.name";
	sb_st *st = sb_stmt(ctx, sql);
	json_t *o = json_object();
	int rc;

	*out = NULL;
	if (st == NULL || o == NULL) {
		json_decref(o);
		return st == NULL ? SB_EFAIL : oom(ctx);
	}
	sb_bind_int64(st, 1, strip);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		const char *cat = (const char *)sb_col_text(st, 0);
		json_t *list = json_object_get(o, cat);

		if (list == NULL && (json_object_set_new(o, cat, list = json_array()) != 0 ||
		    list == NULL))
			break;
		if (json_array_append_new(list, json_string((const char *)sb_col_text(st, 1)))
		    != 0)
			break;
	}
	sb_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(o);
		return rc == SQLITE_ROW ? oom(ctx) : sb_sqlerr(ctx, "elements");
	}
	*out = o;
	return SB_OK;
}

/*
 * An edit of one strip: checked against if_version, then the audit row
 * from the images before and after, in words under "set" (the fields
 * named, elements by name) and as stored under "row".
 */
struct edit {
	sb_ctx *ctx;
	struct strip s;
	json_t *image, *names;
	const char *what;       /* "changed", "omitted", "restored" */
};

static int
stale(sb_ctx *ctx, const struct strip *s, int64_t expected)
{
	struct sb_buf r;

	sb_buf_init(&r);
	sb_buf_puts(&r, "{\"conflict\":{\"strip\":");
	sb_json_quote(&r, s->uid);
	sb_buf_puts(&r, ",\"scene\":");
	if (s->text[F_SCENE] != NULL)
		sb_json_quote(&r, s->text[F_SCENE]);
	else
		sb_buf_puts(&r, "null");
	sb_buf_printf(&r, ",\"expected_version\":%lld,\"current_version\":%lld,"
	    "\"changes\":", (long long)expected, (long long)s->version);
	sb_audit_since(ctx, &r, "strip", s->id, expected);
	sb_buf_puts(&r, "}}");
	return sb_conflict_set(ctx, &r, "strip %s is at version %lld, not %lld: someone "
	    "changed it; read again and retry", s->text[F_SCENE] != NULL ?
	    s->text[F_SCENE] : s->uid, (long long)s->version, (long long)expected);
}

static int
edit_begin(sb_ctx *ctx, int64_t strip, int64_t if_version, struct edit *e)
{
	int rc;

	memset(e, 0, sizeof(*e));
	e->ctx = ctx;
	e->what = "changed";
	/* the breakdown is the editors' (sb-perm(1)) */
	if ((rc = sb_perm_require(ctx, SB_ACT_EDIT, &(struct sb_scope){ 0, 0, 0,
	    strip })) != SB_OK || (rc = strip_load(ctx, strip, &e->s)) != SB_OK)
		return rc;
	if (if_version >= 0 && if_version != e->s.version)
		return stale(ctx, &e->s, if_version);
	if ((rc = strip_image(ctx, strip, &e->image)) != SB_OK ||
	    (rc = element_names(ctx, strip, &e->names)) != SB_OK)
		return rc;
	return SB_OK;
}

static void
edit_free(struct edit *e)
{
	strip_free(&e->s);
	json_decref(e->image);
	json_decref(e->names);
}

/* Words for a column's value: pages as 1 2/8, the rest as stored. */
static char *
value_words(const char *key, json_t *v)
{
	char buf[64];

	if (strcmp(key, "eighths") == 0 && json_is_integer(v)) {
		json_t *s = json_string(sb_eighths_format(json_integer_value(v), buf,
		    sizeof(buf)));
		char *out = json_dumps(s, JSON_ENCODE_ANY);

		json_decref(s);
		return out;
	}
	if (strcmp(key, "est_ms") == 0 && json_is_integer(v)) {
		snprintf(buf, sizeof(buf), "%lld", (long long)(json_integer_value(v) / 60000));
		return strdup(buf);
	}
	return json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
}

/*
 * Finish an edit: raise the version (the row was written at version + 1
 * by strip_store or the links alone changed), write the audit row, *version
 * the new one.  Nothing changed: no row, no version.
 */
static int
edit_end(struct edit *e, int64_t *version)
{
	sb_ctx *ctx = e->ctx;
	json_t *now = NULL, *names = NULL;
	struct sb_buf a, row;
	const char *key;
	json_t *v;
	int rc, n = 0, nrow = 0;

	if ((rc = strip_image(ctx, e->s.id, &now)) != SB_OK ||
	    (rc = element_names(ctx, e->s.id, &names)) != SB_OK) {
		json_decref(now);
		return rc;
	}
	sb_buf_init(&a);
	sb_buf_init(&row);
	/* "row": the columns as stored; the version is not a column here */
	rc = image_diff(ctx, e->image, now, &row, &nrow);
	if (rc == SB_OK && nrow == 0) {
		/* nothing changed: no audit row, and the version stays */
		*version = e->s.version;
		rc = store_strip_set_version(ctx, e->s.id, e->s.version);
		goto out;
	}
	if (rc != SB_OK)
		goto out;
	sb_buf_puts(&a, "{\"set\":{");
	json_object_foreach(e->image, key, v) {
		json_t *w = json_object_get(now, key);
		char *x, *y;
		const char *name = key;

		if (w == NULL || json_equal(v, w) || strcmp(key, "links") == 0 ||
		    strcmp(key, "ext") == 0 || strcmp(key, "absent") == 0)
			continue;
		for (int i = 0; i < NFIELDS; i++)
			if (strcmp(fields[i].column, key) == 0)
				name = fields[i].name;
		x = value_words(key, v);
		y = value_words(key, w);
		if (x != NULL && y != NULL)
			sb_buf_printf(&a, "%s\"%s\":[%s,%s]", n++ ? "," : "", name, x, y);
		else
			a.failed = 1;
		free(x);
		free(y);
	}
	if (!json_equal(e->names, names)) {
		/* every category either side names, before and after */
		int k = 0;
		json_t *all = json_deep_copy(e->names);

		sb_buf_printf(&a, "%s\"elements\":{", n++ ? "," : "");
		if (all == NULL || json_object_update(all, names) != 0)
			a.failed = 1;
		json_object_foreach(all, key, v) {
			json_t *b0 = json_object_get(e->names, key), *a0 = json_object_get(names, key);
			char *x, *y;

			if (b0 != NULL && a0 != NULL && json_equal(b0, a0))
				continue;
			x = b0 != NULL ? json_dumps(b0, JSON_COMPACT) : strdup("[]");
			y = a0 != NULL ? json_dumps(a0, JSON_COMPACT) : strdup("[]");
			if (x != NULL && y != NULL) {
				sb_buf_puts(&a, k++ ? "," : "");
				sb_json_quote(&a, key);
				sb_buf_printf(&a, ":[%s,%s]", x, y);
			} else {
				a.failed = 1;
			}
			free(x);
			free(y);
		}
		json_decref(all);
		sb_buf_puts(&a, "}");
	}
	sb_buf_printf(&a, "},\"row\":{%s},\"about\":{\"strip\":", sb_buf_str(&row));
	sb_json_quote(&a, e->s.uid);
	sb_buf_puts(&a, ",\"scene\":");
	{
		json_t *sc = json_object_get(now, "scene");

		if (json_is_string(sc))
			sb_json_quote(&a, json_string_value(sc));
		else
			sb_buf_puts(&a, "null");
	}
	sb_buf_printf(&a, ",\"change\":\"%s\"}}", e->what);
	if (a.failed) {
		rc = oom(ctx);
		goto out;
	}
	rc = sb_audit(ctx, e->s.project, "strip", e->s.id, e->s.version,
	    e->s.version + 1, sb_buf_str(&a));
	*version = e->s.version + 1;
out:
	sb_buf_free(&a);
	sb_buf_free(&row);
	json_decref(now);
	json_decref(names);
	return rc;
}

/*
 * Fields
 */

/* A text field's value: UTF-8, at most SB_MAX_FIELD bytes; "" is none. */
static int
check_text(sb_ctx *ctx, const char *name, const char *v)
{
	size_t len = strlen(v);

	if (len > SB_MAX_FIELD)
		return sb_err(ctx, SB_EDATA, "%s: %zu bytes, more than the %d a field holds",
		    name, len, SB_MAX_FIELD);
	if (!sb_utf8_valid(v, len))
		return sb_err(ctx, SB_EDATA, "%s: not UTF-8 text", name);
	return SB_OK;
}

static int
field_index(const char *name)
{
	for (int i = 0; i < NFIELDS; i++)
		if (strcmp(fields[i].name, name) == 0)
			return i;
	return -1;
}

/* Minutes ("90"), hours and minutes ("1:30"), or "" for none. */
static int
parse_est(const char *v, int64_t *ms)
{
	char *end;
	long long h = 0, m;

	if (strchr(v, ':') != NULL) {
		h = strtoll(v, &end, 10);
		if (end == v || *end != ':' || h < 0)
			return 0;
		v = end + 1;
		if (strlen(v) != 2)
			return 0;
	}
	m = strtoll(v, &end, 10);
	if (end == v || *end != '\0' || m < 0 || (h > 0 && m > 59) || h > 10000 ||
	    m > 600000)
		return 0;
	*ms = (h * 60 + m) * 60000;
	return 1;
}

/* The category of a fixed column (by its ucid), or 0 if the project has none. */
static int
fixed_category(sb_ctx *ctx, int64_t project, int ucid, int64_t *cat)
{
	static const char sql[] =
	    "SELECT id FROM category WHERE project_id = ?1 AND ucid = ?2 ORDER BY rank, id LIMIT 1";
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	*cat = 0;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, project);
	sb_bind_int(st, 2, ucid);
	rc = sb_step(st);
	if (rc == SQLITE_ROW)
		*cat = sb_col_int64(st, 0);
	sb_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "category");
}

/* The audit row of a category or element an edit made: every column from null. */
static int
audit_made(sb_ctx *ctx, int64_t project, const char *entity, int64_t id)
{
	static const char el[] =
	    "SELECT json_object('set', json_object('project_id', json_array(NULL, project_id),"
	    " 'category_id', json_array(NULL, category_id), 'uid', json_array(NULL, uid),"
	    " 'name', json_array(NULL, name), 'board_id', json_array(NULL, board_id),"
	    " 'rank', json_array(NULL, rank)), 'about', json_object('element', name))"
	    " FROM element WHERE id = ?1";
	static const char cat[] =
	    "SELECT json_object('set', json_object('project_id', json_array(NULL, project_id),"
	    " 'uid', json_array(NULL, uid), 'name', json_array(NULL, name),"
	    " 'ucid', json_array(NULL, ucid), 'rank', json_array(NULL, rank)),"
	    " 'about', json_object('category', name)) FROM category WHERE id = ?1";
	sb_st *st = sb_stmt(ctx, strcmp(entity, "element") == 0 ? el : cat);
	char *changes = NULL;
	int rc, failed = 0;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	if ((rc = sb_step(st)) == SQLITE_ROW)
		changes = col_dup(st, 0, &failed);
	sb_reset(st);
	if (rc != SQLITE_ROW)
		return sb_sqlerr(ctx, entity);
	if (failed)
		return oom(ctx);
	rc = sb_audit(ctx, project, entity, id, 0, 1, changes);
	free(changes);
	return rc;
}

/* The element of a category called name, made (and audited) when asked. */
static int
element_find(sb_ctx *ctx, int64_t project, int64_t cat, const char *name, int create,
    int64_t *id)
{
	static const char find[] =
	    "SELECT id FROM element WHERE category_id = ?1 AND name = ?2 ORDER BY rank, id LIMIT 1";
	static const char nocase[] =
	    "SELECT id FROM element WHERE category_id = ?1 AND name = ?2 COLLATE NOCASE"
	    " ORDER BY rank, id LIMIT 2";
	struct sb_row_element row;
	char uid[25];
	sb_st *st;
	int rc, n = 0;

	*id = 0;
	for (int pass = 0; pass < 2 && *id == 0; pass++) {
		if ((st = sb_stmt(ctx, pass == 0 ? find : nocase)) == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, cat);
		sb_bind_text(st, 2, name);
		n = 0;
		while ((rc = sb_step(st)) == SQLITE_ROW) {
			*id = sb_col_int64(st, 0);
			n++;
		}
		sb_reset(st);
		if (rc != SQLITE_DONE)
			return sb_sqlerr(ctx, "element");
		if (pass == 1 && n > 1)
			*id = 0; /* two by case: only the exact name will do */
		if (pass == 1 && create)
			break; /* a new element takes its name as given */
	}
	if (*id != 0 || !create)
		return *id != 0 ? SB_OK : SB_ENOTFOUND;
	sb_uid_new(uid);
	memset(&row, 0, sizeof(row));
	row.project_id = project;
	row.category_id = cat;
	row.uid = uid;
	row.name = name;
	row.rank = STORE_RANK_NEXT;
	if ((rc = store_element_insert(ctx, &row, id)) != SB_OK)
		return rc;
	return audit_made(ctx, project, "element", *id);
}

/* Link the strip to name in a fixed column's category, in place of what it had. */
static int
relink_fixed(sb_ctx *ctx, const struct strip *s, int ucid, const char *name)
{
	struct sb_row_strip_element link;
	int64_t cat, el;
	int rc;

	if ((rc = fixed_category(ctx, s->project, ucid, &cat)) != SB_OK)
		return rc;
	if (cat == 0 && name == NULL)
		return SB_OK;
	if (cat == 0) {
		struct sb_row_category row;
		char uid[25];

		sb_uid_new(uid);
		memset(&row, 0, sizeof(row));
		row.project_id = s->project;
		row.uid = uid;
		row.name = ucid == SB_UCID_IE ? "INT/EXT" : ucid == SB_UCID_DN ? "Day/Night" :
		    ucid == SB_UCID_SET ? "Set" : ucid == SB_UCID_LOCATION ? "Location" :
		    "Script Day";
		row.ucid = ucid;
		row.has_ucid = 1;
		row.rank = STORE_RANK_NEXT;
		if ((rc = store_category_insert(ctx, &row, &cat)) != SB_OK ||
		    (rc = audit_made(ctx, s->project, "category", cat)) != SB_OK)
			return rc;
	}
	if ((rc = store_strip_element_delete_category(ctx, s->id, cat)) != SB_OK)
		return rc;
	if (name == NULL)
		return SB_OK;
	if ((rc = element_find(ctx, s->project, cat, name, 1, &el)) != SB_OK)
		return rc;
	link.strip_id = s->id;
	link.element_id = el;
	link.rank = STORE_RANK_NEXT;
	return store_strip_element_insert_new(ctx, &link);
}

/* Apply FIELD=VALUE pairs to a loaded strip, relinking the fixed columns. */
static int
apply_fields(sb_ctx *ctx, struct strip *s, const struct sb_strip_field *f, size_t n)
{
	int changed[NFIELDS] = { 0 }, rc;

	for (size_t i = 0; i < n; i++) {
		int k = field_index(f[i].name);
		const char *v = f[i].value != NULL ? f[i].value : "";

		if (k < 0)
			return sb_err(ctx, SB_EDATA, "\"%s\" is not a field of a strip (%s)",
			    f[i].name, field_list);
		if ((rc = check_text(ctx, f[i].name, v)) != SB_OK)
			return rc;
		if (k == F_PAGES) {
			int64_t e;

			if (v[0] == '\0') {
				s->has_eighths = 0;
			} else if (sb_eighths_parse(v, &e) != SB_OK || e < 0 || e > 8000) {
				return sb_err(ctx, SB_EDATA, "pages: \"%s\" is not a page count "
				    "(1 3/8, 4/8, 2)", v);
			} else {
				s->eighths = e;
				s->has_eighths = 1;
			}
		} else if (k == F_EST) {
			int64_t ms;

			if (v[0] == '\0')
				s->has_est = 0;
			else if (!parse_est(v, &ms))
				return sb_err(ctx, SB_EDATA, "est: \"%s\" is not a time in "
				    "minutes (90) or hours and minutes (1:30)", v);
			else
				s->est_ms = ms, s->has_est = 1;
		} else {
			char *dup = v[0] != '\0' ? sb_strdup(v) : NULL;

			if (v[0] != '\0' && dup == NULL)
				return oom(ctx);
			if (k == F_BANNER && strcmp(s->type, "banner") != 0) {
				free(dup);
				return sb_err(ctx, SB_EDATA, "banner_text: strip %s is a scene, "
				    "not a banner", s->uid);
			}
			free(s->text[k]);
			s->text[k] = dup;
		}
		changed[k] = 1;
	}
	if ((rc = strip_store(ctx, s)) != SB_OK)
		return rc;
	for (int k = 0; k < NFIELDS; k++) {
		if (!changed[k])
			continue;
		/* what a USS file said of a key now set no longer holds */
		if (fields[k].uss != NULL &&
		    (rc = store_strip_forget_key(ctx, s->id, fields[k].uss)) != SB_OK)
			return rc;
		if (k == F_EST && (rc = store_strip_forget_key(ctx, s->id, "time")) != SB_OK)
			return rc;
		if (fields[k].ucid >= 0 &&
		    ((rc = relink_fixed(ctx, s, fields[k].ucid, s->text[k])) != SB_OK ||
		    (rc = store_strip_forget_key(ctx, s->id, "elements")) != SB_OK))
			return rc;
	}
	return SB_OK;
}

/* Run fn on the strip inside one transaction. */
typedef int (*edit_fn)(struct edit *e, const void *arg);

static int
edit_one(sb_ctx *ctx, int64_t strip, int64_t if_version, edit_fn fn, const void *arg,
    int64_t *version)
{
	struct edit e;
	int rc;

	if ((rc = sb_begin(ctx)) != SB_OK)
		return rc;
	if ((rc = edit_begin(ctx, strip, if_version, &e)) == SB_OK &&
	    (rc = fn(&e, arg)) == SB_OK)
		rc = edit_end(&e, version);
	edit_free(&e);
	if (rc != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	return sb_commit(ctx);
}

struct field_args {
	const struct sb_strip_field *f;
	size_t n;
};

static int
set_fn(struct edit *e, const void *arg)
{
	const struct field_args *a = arg;

	return apply_fields(e->ctx, &e->s, a->f, a->n);
}

int
sb_strip_set(sb_ctx *ctx, int64_t strip, const struct sb_strip_field *f, size_t n,
    int64_t if_version, int64_t *version)
{
	struct field_args a = { f, n };

	if (n == 0)
		return sb_err(ctx, SB_EUSAGE, "set which field? FIELD=VALUE (%s)", field_list);
	return edit_one(ctx, strip, if_version, set_fn, &a, version);
}

static int
omit_fn(struct edit *e, const void *arg)
{
	int omit = *(const int *)arg;

	if (e->s.omitted == omit)
		return SB_OK;
	e->s.omitted = omit;
	e->what = omit ? "omitted" : "restored";
	return strip_store(e->ctx, &e->s);
}

int
sb_strip_omit(sb_ctx *ctx, int64_t strip, int omit, int64_t if_version, int64_t *version)
{
	omit = omit != 0;
	return edit_one(ctx, strip, if_version, omit_fn, &omit, version);
}

/* A category of the project by name (exact, else any case when one matches). */
static int
category_find(sb_ctx *ctx, int64_t project, const char *name, int64_t *cat)
{
	static const char exact[] =
	    "SELECT id FROM category WHERE project_id = ?1 AND name = ?2 ORDER BY rank, id LIMIT 1";
	static const char nocase[] =
	    "SELECT id FROM category WHERE project_id = ?1 AND name = ?2 COLLATE NOCASE"
	    " ORDER BY rank, id LIMIT 2";
	sb_st *st;
	int rc, n;

	*cat = 0;
	for (int pass = 0; pass < 2; pass++) {
		if ((st = sb_stmt(ctx, pass == 0 ? exact : nocase)) == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, project);
		sb_bind_text(st, 2, name);
		n = 0;
		while ((rc = sb_step(st)) == SQLITE_ROW) {
			*cat = sb_col_int64(st, 0);
			n++;
		}
		sb_reset(st);
		if (rc != SQLITE_DONE)
			return sb_sqlerr(ctx, "category");
		if (n == 1)
			return SB_OK;
		if (n > 1)
			return sb_err(ctx, SB_EUSAGE, "\"%s\" names two categories: give its "
			    "exact name", name);
	}
	return sb_err(ctx, SB_ENOTFOUND, "the project has no category called \"%s\"", name);
}

int
sb_category_find(sb_ctx *ctx, int64_t project, const char *name, int64_t *category)
{
	return category_find(ctx, project, name, category);
}

/* The category's ucid, -1 for none. */
static int
category_ucid(sb_ctx *ctx, int64_t cat, int64_t *ucid)
{
	sb_st *st = sb_stmt(ctx, "SELECT coalesce(ucid, -1) FROM category WHERE id = ?1");
	int rc;

	*ucid = -1;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, cat);
	if ((rc = sb_step(st)) == SQLITE_ROW)
		*ucid = sb_col_int64(st, 0);
	sb_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "category");
}

struct link_args {
	const struct sb_strip_field *f;
	size_t n;
	int add;
};

static int
link_fn(struct edit *e, const void *arg)
{
	const struct link_args *a = arg;
	sb_ctx *ctx = e->ctx;
	int rc;

	for (size_t i = 0; i < a->n; i++) {
		struct sb_row_strip_element link;
		int64_t cat, el, ucid;
		const char *v = a->f[i].value != NULL ? a->f[i].value : "";

		if ((rc = check_text(ctx, a->f[i].name, v)) != SB_OK)
			return rc;
		if (v[0] == '\0')
			return sb_err(ctx, SB_EDATA, "%s: an element needs a name", a->f[i].name);
		if ((rc = category_find(ctx, e->s.project, a->f[i].name, &cat)) ==
		    SB_ENOTFOUND)
			return sb_err(ctx, SB_EDATA, "the project has no category called "
			    "\"%s\"", a->f[i].name);
		if (rc != SB_OK || (rc = category_ucid(ctx, cat, &ucid)) != SB_OK)
			return rc;
		if (ucid == SB_UCID_SET || ucid == SB_UCID_IE || ucid == SB_UCID_DN ||
		    ucid == SB_UCID_LOCATION || ucid == SB_UCID_SCRIPT_DAY)
			return sb_err(ctx, SB_EDATA, "%s is a strip's own field: sb-strip set "
			    "changes it", a->f[i].name);
		rc = element_find(ctx, e->s.project, cat, v, a->add, &el);
		if (rc == SB_ENOTFOUND)
			return sb_err(ctx, SB_ENOTFOUND, "%s has no element called \"%s\"",
			    a->f[i].name, v);
		if (rc != SB_OK)
			return rc;
		if (a->add) {
			link.strip_id = e->s.id;
			link.element_id = el;
			link.rank = STORE_RANK_NEXT;
			rc = store_strip_element_insert_new(ctx, &link);
		} else {
			rc = store_strip_element_delete(ctx, e->s.id, el);
		}
		if (rc != SB_OK)
			return rc;
	}
	/* the links changed: the strip's version rises with its audit row */
	if ((rc = strip_store(ctx, &e->s)) != SB_OK)
		return rc;
	return store_strip_forget_key(ctx, e->s.id, "elements");
}

int
sb_strip_link(sb_ctx *ctx, int64_t strip, int add, const struct sb_strip_field *f,
    size_t n, int64_t if_version, int64_t *version)
{
	struct link_args a = { f, n, add };

	if (n == 0)
		return sb_err(ctx, SB_EUSAGE, "%s which element? CATEGORY=ELEMENT",
		    add ? "add" : "remove");
	return edit_one(ctx, strip, if_version, link_fn, &a, version);
}

/*
 * A new strip
 */
static int
new_tx(sb_ctx *ctx, int64_t project, const char *type, const struct sb_strip_field *f,
    size_t n, struct sb_strip_made *made)
{
	static const char boards[] = "SELECT id, name FROM board WHERE project_id = ?1"
	    " ORDER BY rank, id";
	static const char last[] =
	    "SELECT pos FROM placement WHERE day_id = ?1 ORDER BY pos DESC LIMIT 1";
	struct sb_row_strip row;
	struct strip s;
	int64_t id, rank, *bv = NULL;
	size_t nb = 0;
	sb_st *st;
	int rc;

	if (strcmp(type, "scene") != 0 && strcmp(type, "banner") != 0)
		return sb_err(ctx, SB_EUSAGE, "a new strip is a scene or a banner, not \"%s\"",
		    type);
	memset(&row, 0, sizeof(row));
	sb_uid_new(made->uid);
	if ((st = sb_stmt(ctx, "SELECT coalesce(max(rank), -1) + 1 FROM strip"
	    " WHERE project_id = ?1")) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, project);
	rank = sb_step(st) == SQLITE_ROW ? sb_col_int64(st, 0) : 0;
	sb_reset(st);
	row.project_id = project;
	row.uid = made->uid;
	row.type = type;
	row.rank = rank;
	if ((rc = store_strip_insert(ctx, &row, &id)) != SB_OK)
		return rc;
	if ((rc = strip_load(ctx, id, &s)) != SB_OK)
		return rc;
	s.version = 1;
	/* its fields: written at version 1, so the row is version 2; put back */
	rc = n > 0 ? apply_fields(ctx, &s, f, n) : SB_OK;
	if (rc == SB_OK && n > 0)
		rc = store_strip_set_version(ctx, id, 1);
	strip_free(&s);
	if (rc != SB_OK)
		return rc;
	{
		/*
		 * {"set":{col:[null,value]...},"row":{"links":[[],[...]]},
		 * "about":{...}}: the columns that are not null, in this order
		 * (built here: SQLite's json_each() has no PostgreSQL twin)
		 */
		static const char made_sql[] =
		    "SELECT project_id, uid, type, scene, int_ext, day_night, set_name, location,"
		    " script_day, synopsis, comments, banner_text, eighths, est_ms, omitted, rank,"
		    " (SELECT json_group_array(json_array(element_id, rank)) FROM"
		    " (SELECT element_id, rank FROM strip_element WHERE strip_id = ?1"
		    " ORDER BY rank, element_id) AS l) FROM strip WHERE id = ?1";
		static const char *const made_cols[] = { "project_id", "uid", "type",
		    "scene", "int_ext", "day_night", "set_name", "location", "script_day",
		    "synopsis", "comments", "banner_text", "eighths", "est_ms", "omitted",
		    "rank" };
		struct sb_buf b;
		char *changes = NULL;
		int ncol = (int)(sizeof(made_cols) / sizeof(made_cols[0])), first = 1;

		if ((st = sb_stmt(ctx, made_sql)) == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, id);
		if ((rc = sb_step(st)) != SQLITE_ROW) {
			sb_reset(st);
			return sb_sqlerr(ctx, "strip");
		}
		sb_buf_init(&b);
		sb_buf_puts(&b, "{\"set\":{");
		for (int i = 0; i < ncol; i++) {
			int t = sb_col_type(st, i);

			if (t == SQLITE_NULL)
				continue;
			sb_buf_printf(&b, "%s\"%s\":[null,", first ? "" : ",", made_cols[i]);
			first = 0;
			store_col_json(&b, st, i);
			sb_buf_puts(&b, "]");
		}
		sb_buf_puts(&b, "},\"row\":{\"links\":[[],");
		sb_buf_puts(&b, (const char *)sb_col_text(st, ncol));
		sb_buf_puts(&b, "]},\"about\":{\"strip\":");
		store_col_json(&b, st, 1);
		sb_buf_puts(&b, ",\"scene\":");
		store_col_json(&b, st, 3);
		sb_buf_puts(&b, ",\"change\":\"new\"}}");
		sb_reset(st);
		if (b.failed) {
			sb_buf_free(&b);
			return oom(ctx);
		}
		changes = b.data;
		rc = sb_audit(ctx, project, "strip", id, 0, 1, changes);
		free(changes);
		if (rc != SB_OK)
			return rc;
	}
	/* into the boneyard of every board, last */
	if ((st = sb_stmt(ctx, boards)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, project);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		void *p = realloc(bv, (nb + 1) * sizeof(*bv));

		if (p == NULL)
			break;
		bv = p;
		bv[nb++] = sb_col_int64(st, 0);
	}
	sb_reset(st);
	if (rc != SQLITE_DONE) {
		free(bv);
		return rc == SQLITE_ROW ? oom(ctx) : sb_sqlerr(ctx, "board");
	}
	rc = SB_OK;
	for (size_t i = 0; i < nb && rc == SB_OK; i++) {
		struct sb_place none;
		char name[SB_BOARD_NAME_MAX + 1], lo[SB_KEY_MAX + 2] = "",
		    key[SB_KEY_MAX + 2];
		int64_t day;

		sb_board_name(ctx, bv[i], name, sizeof(name));
		if ((rc = sb_target_day(ctx, bv[i], "boneyard", 1, &day)) != SB_OK)
			break;
		if ((st = sb_stmt(ctx, last)) == NULL) {
			rc = SB_EFAIL;
			break;
		}
		sb_bind_int64(st, 1, day);
		if (sb_step(st) == SQLITE_ROW)
			snprintf(lo, sizeof(lo), "%s", sb_col_text(st, 0));
		sb_reset(st);
		if (sb_key_between(lo[0] ? lo : NULL, NULL, key, sizeof(key)) != SB_OK) {
			if ((rc = sb_rebalance_day(ctx, day)) != SB_OK)
				break;
			i--; /* again, with the keys laid out */
			continue;
		}
		memset(&none, 0, sizeof(none));
		none.strip = id;
		rc = sb_place_write(ctx, project, bv[i], name, &none, id, day, 0, key, NULL);
		made->boards++;
	}
	free(bv);
	made->strip_id = id;
	return rc;
}

int
sb_strip_new(sb_ctx *ctx, int64_t project, const char *type,
    const struct sb_strip_field *f, size_t n, struct sb_strip_made *made)
{
	int rc;

	memset(made, 0, sizeof(*made));
	if ((rc = sb_begin(ctx)) != SB_OK)
		return rc;
	/* a new strip is the project's editors' to make (sb-perm(1)) */
	if ((rc = sb_perm_require(ctx, SB_ACT_EDIT, &(struct sb_scope){ project, 0,
	    0, 0 })) != SB_OK || (rc = new_tx(ctx, project, type, f, n, made)) != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	return sb_commit(ctx);
}

/*
 * Showing a strip
 */
int
sb_strip_show(sb_ctx *ctx, int64_t strip, int format, FILE *out)
{
	static const char els[] =
	    "SELECT c.name, e.name, e.board_id, e.version FROM strip_element se"
	    " JOIN element e ON e.id = se.element_id JOIN category c ON c.id = e.category_id"
	    " WHERE se.strip_id = ?1 ORDER BY c.rank, c.id, se.rank";
	static const char places[] =
	    "SELECT b.name, l.kind, l.name, d.id, d.kind, p.version FROM placement p"
	    " JOIN board b ON b.id = p.board_id JOIN day d ON d.id = p.day_id"
	    " JOIN lane l ON l.id = d.lane_id WHERE p.strip_id = ?1 ORDER BY b.rank, b.id";
	struct strip s;
	sb_st *st;
	char buf[64];
	int rc, n;

	if (format != SB_FMT_JSON && format != SB_FMT_TABLE)
		return sb_err(ctx, SB_EUSAGE, "a strip is shown as json or table, not %s",
		    sb_format_name(format));
	if ((rc = sb_perm_require(ctx, SB_ACT_READ, &(struct sb_scope){ 0, 0, 0,
	    strip })) != SB_OK)
		return rc;
	if ((rc = sb_exec(ctx, "BEGIN")) != SB_OK)
		return rc;
	if ((rc = strip_load(ctx, strip, &s)) != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	if (format == SB_FMT_JSON) {
		fputs("{\"strip_id\":", out);
		sb_json_write_string(out, s.uid);
		fputs(",\"type\":", out);
		sb_json_write_string(out, s.type);
		for (int k = 0; k < NFIELDS; k++) {
			fprintf(out, ",\"%s\":", fields[k].name);
			if (k == F_PAGES)
				sb_json_write_string(out, s.has_eighths ? sb_eighths_format(s.eighths,
				    buf, sizeof(buf)) : NULL);
			else if (k == F_EST && s.has_est)
				fprintf(out, "%lld", (long long)(s.est_ms / 60000));
			else if (k == F_EST)
				fputs("null", out);
			else
				sb_json_write_string(out, s.text[k]);
		}
		fprintf(out, ",\"omitted\":%s,\"version\":%lld,\"elements\":[",
		    s.omitted ? "true" : "false", (long long)s.version);
	} else {
		fprintf(out, "%-12s %s\n%-12s %s\n", "strip_id", s.uid, "type", s.type);
		for (int k = 0; k < NFIELDS; k++) {
			const char *v = s.text[k];

			if (k == F_PAGES)
				v = s.has_eighths ? sb_eighths_format(s.eighths, buf, sizeof(buf)) : "";
			else if (k == F_EST && s.has_est)
				snprintf(buf, sizeof(buf), "%lld", (long long)(s.est_ms / 60000)), v = buf;
			if (k == F_BANNER && strcmp(s.type, "banner") != 0)
				continue;
			fprintf(out, "%-12s %s\n", fields[k].name, v != NULL ? v : "");
		}
		fprintf(out, "%-12s %s\n%-12s %lld\n", "omitted", s.omitted ? "yes" : "no",
		    "version", (long long)s.version);
	}
	if ((st = sb_stmt(ctx, els)) == NULL) {
		rc = SB_EFAIL;
		goto out;
	}
	sb_bind_int64(st, 1, strip);
	n = 0;
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		const char *cat = (const char *)sb_col_text(st, 0), *name =
		    (const char *)sb_col_text(st, 1), *bid = (const char *)sb_col_text(st, 2);

		if (format == SB_FMT_JSON) {
			fputs(n > 0 ? ",{\"category\":" : "{\"category\":", out);
			sb_json_write_string(out, cat);
			fputs(",\"name\":", out);
			sb_json_write_string(out, name);
			fputs(",\"board_id\":", out);
			sb_json_write_string(out, bid);
			fprintf(out, ",\"version\":%lld}", (long long)sb_col_int64(st, 3));
		} else {
			fprintf(out, "%s", n == 0 ? "elements\n" : "");
			fputs("  ", out);
			sb_table_cell(out, cat, 18);
			if (bid != NULL)
				fprintf(out, "%s:", bid);
			fprintf(out, "%s (version %lld)\n", name, (long long)sb_col_int64(st, 3));
		}
		n++;
	}
	sb_reset(st);
	if (rc != SQLITE_DONE) {
		rc = sb_sqlerr(ctx, "elements");
		goto out;
	}
	fputs(format == SB_FMT_JSON ? "],\"boards\":[" : "boards\n", out);
	if ((st = sb_stmt(ctx, places)) == NULL) {
		rc = SB_EFAIL;
		goto out;
	}
	sb_bind_int64(st, 1, strip);
	n = 0;
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		const char *lk = (const char *)sb_col_text(st, 1);
		int64_t no = 0;
		char day[300];

		if (strcmp((const char *)sb_col_text(st, 4), "shoot") == 0 &&
		    sb_day_number(ctx, sb_col_int64(st, 3), &no) != SB_OK)
			no = 0;
		if (strcmp(lk, "boneyard") == 0)
			snprintf(day, sizeof(day), "boneyard");
		else if (strcmp(lk, "schedule") == 0)
			if (no > 0)
				snprintf(day, sizeof(day), "%lld", (long long)no);
			else
				day[0] = '\0';
		else if (no > 0)
			snprintf(day, sizeof(day), "%s/%lld", sb_col_text(st, 2), (long long)no);
		else
			snprintf(day, sizeof(day), "%s", sb_col_text(st, 2));
		if (format == SB_FMT_JSON) {
			fputs(n > 0 ? ",{\"board\":" : "{\"board\":", out);
			sb_json_write_string(out, (const char *)sb_col_text(st, 0));
			fputs(",\"day\":", out);
			if (no > 0 && strcmp(lk, "schedule") == 0)
				fprintf(out, "%lld", (long long)no);
			else
				sb_json_write_string(out, day[0] ? day : NULL);
			fprintf(out, ",\"version\":%lld}", (long long)sb_col_int64(st, 5));
		} else {
			fputs("  ", out);
			sb_table_cell(out, (const char *)sb_col_text(st, 0), 24);
			sb_table_cell(out, day, 10);
			fprintf(out, "version %lld\n", (long long)sb_col_int64(st, 5));
		}
		n++;
	}
	sb_reset(st);
	if (rc != SQLITE_DONE) {
		rc = sb_sqlerr(ctx, "placements");
		goto out;
	}
	if (format == SB_FMT_JSON)
		fputs("]}\n", out);
	rc = SB_OK;
out:
	strip_free(&s);
	if (rc != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	return sb_exec(ctx, "COMMIT");
}

/*
 * Batches: one edit a row, from CSV (a header: strip or strip_id, version,
 * and the fields) or NDJSON (the same keys), all or nothing.
 */
struct batch {
	sb_ctx *ctx;
	int64_t project;
	FILE *out;
	char **header;
	size_t ncols;
	size_t rows;
	const char *path;
};

static int
batch_row(struct batch *b, const char *strip_ref, const char *version,
    const struct sb_strip_field *f, size_t n, uint64_t line)
{
	sb_ctx *ctx = b->ctx;
	struct edit e;
	struct field_args a = { f, n };
	int64_t strip = 0, v = -1, nv = 0;
	int rc;
	char *end;

	memset(&e, 0, sizeof(e));
	b->rows++;
	if (strip_ref == NULL || strip_ref[0] == '\0')
		return sb_err(ctx, SB_EDATA, "%s:%llu: no strip", b->path,
		    (unsigned long long)line);
	if (version != NULL && version[0] != '\0') {
		v = strtoll(version, &end, 10);
		if (*end != '\0' || v < 0)
			return sb_err(ctx, SB_EDATA, "%s:%llu: version: \"%s\" is not a "
			    "version", b->path, (unsigned long long)line, version);
	}
	if ((rc = sb_strip_find(ctx, b->project, strip_ref, &strip)) == SB_OK &&
	    (rc = edit_begin(ctx, strip, v, &e)) == SB_OK &&
	    (rc = set_fn(&e, &a)) == SB_OK)
		rc = edit_end(&e, &nv);
	if (rc == SB_OK) {
		fprintf(b->out, "{\"row\":%llu,\"strip_id\":", (unsigned long long)line);
		sb_json_write_string(b->out, e.s.uid);
		fprintf(b->out, ",\"version\":%lld}\n", (long long)nv);
	}
	if (rc != SB_OK && rc != SB_ECONFLICT) {
		/* the row in every message but a conflict's (its report names it) */
		char msg[1024];

		snprintf(msg, sizeof(msg), "%s", sb_errmsg(ctx));
		sb_err(ctx, rc, "%s:%llu: %s", b->path, (unsigned long long)line, msg);
	}
	edit_free(&e);
	return rc;
}

static int
csv_row(void *arg, char **cols, size_t n, uint64_t line)
{
	struct batch *b = arg;
	struct sb_strip_field *f;
	const char *strip = NULL, *version = NULL;
	size_t nf = 0;
	int rc;

	if (b->header == NULL) {
		if ((b->header = calloc(n, sizeof(*b->header))) == NULL)
			return oom(b->ctx);
		for (size_t i = 0; i < n; i++)
			if ((b->header[i] = sb_strdup(cols[i])) == NULL)
				return oom(b->ctx);
		b->ncols = n;
		for (size_t i = 0; i < n; i++)
			if (strcmp(cols[i], "strip") == 0 || strcmp(cols[i], "strip_id") == 0)
				return SB_OK;
		return sb_err(b->ctx, SB_EDATA, "%s:%llu: the header names no strip or "
		    "strip_id column", b->path, (unsigned long long)line);
	}
	if (n != b->ncols)
		return sb_err(b->ctx, SB_EDATA, "%s:%llu: %zu fields, the header has %zu",
		    b->path, (unsigned long long)line, n, b->ncols);
	if ((f = calloc(n + 1, sizeof(*f))) == NULL)
		return oom(b->ctx);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(b->header[i], "strip") == 0 || strcmp(b->header[i], "strip_id") == 0)
			strip = cols[i];
		else if (strcmp(b->header[i], "version") == 0)
			version = cols[i];
		else {
			f[nf].name = b->header[i];
			f[nf++].value = cols[i];
		}
	}
	rc = batch_row(b, strip, version, f, nf, line);
	free(f);
	return rc;
}

static int
ndjson_rows(struct batch *b, struct sb_input *in)
{
	char *data = NULL, *p, *nl;
	size_t len = 0;
	uint64_t line = 0;
	int rc;

	if ((rc = sb_input_slurp(b->ctx, in, SB_MAX_KEPT * 16, &data, &len)) != SB_OK)
		return rc;
	for (p = data; rc == SB_OK && p < data + len; p = nl + 1) {
		json_error_t err;
		json_t *o;
		const char *key;
		json_t *v;
		struct sb_strip_field f[NFIELDS + 4];
		char vbuf[32];
		const char *version = NULL, *strip = NULL;
		size_t nf = 0;

		line++;
		if ((nl = memchr(p, '\n', (size_t)(data + len - p))) == NULL)
			nl = data + len;
		if (nl == p || (nl == p + 1 && *p == '\r'))
			continue;
		if ((o = json_loadb(p, (size_t)(nl - p), 0, &err)) == NULL ||
		    !json_is_object(o)) {
			json_decref(o);
			rc = sb_err(b->ctx, SB_EDATA, "%s:%llu: not a JSON object%s%s", b->path,
			    (unsigned long long)line, o == NULL ? ": " : "", o == NULL ? err.text : "");
			break;
		}
		json_object_foreach(o, key, v) {
			if (strcmp(key, "strip") == 0 || strcmp(key, "strip_id") == 0) {
				strip = json_is_string(v) ? json_string_value(v) : NULL;
			} else if (strcmp(key, "version") == 0) {
				if (json_is_integer(v)) {
					snprintf(vbuf, sizeof(vbuf), "%lld",
					    (long long)json_integer_value(v));
					version = vbuf;
				} else if (!json_is_null(v)) {
					version = "?";
				}
			} else if (nf >= NFIELDS + 2) {
				rc = sb_err(b->ctx, SB_EDATA, "%s:%llu: too many fields",
				    b->path, (unsigned long long)line);
				break;
			} else if (json_is_string(v) || json_is_null(v)) {
				f[nf].name = key;
				f[nf++].value = json_is_string(v) ? json_string_value(v) : "";
			} else {
				rc = sb_err(b->ctx, SB_EDATA, "%s:%llu: %s: a field's value is "
				    "text or null", b->path, (unsigned long long)line, key);
				break;
			}
		}
		if (rc == SB_OK)
			rc = batch_row(b, strip, version, f, nf, line);
		json_decref(o);
	}
	free(data);
	return rc;
}

int
sb_strip_batch(sb_ctx *ctx, int64_t project, const char *path, FILE *out, size_t *rows)
{
	struct sb_input in;
	struct batch b;
	const unsigned char *head;
	size_t left;
	int rc;

	*rows = 0;
	memset(&b, 0, sizeof(b));
	b.ctx = ctx;
	b.project = project;
	b.out = out;
	b.path = strcmp(path, "-") == 0 ? "stdin" : path;
	if ((rc = sb_input_open(ctx, path, &in)) != SB_OK)
		return rc;
	if ((rc = sb_begin(ctx)) != SB_OK) {
		sb_input_close(&in);
		return rc;
	}
	head = sb_input_text(&in, &left);
	while (left > 0 && (*head == ' ' || *head == '\n' || *head == '\r' || *head == '\t'))
		head++, left--;
	if (left > 0 && *head == '{')
		rc = ndjson_rows(&b, &in);
	else
		rc = sb_csv_rows(ctx, &in, csv_row, &b);
	sb_input_close(&in);
	for (size_t i = 0; i < b.ncols && b.header != NULL; i++)
		free(b.header[i]);
	free(b.header);
	*rows = b.rows;
	if (rc != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	return sb_commit(ctx);
}

/*
 * Elements of a category (sb-element): listed with their board ids and
 * scene counts, renamed, merged, numbered.  They live here, beside the
 * strip edits, because a merge is an edit of every strip it relinks.
 */
struct elem {
	int64_t id, version;
	char name[1024], board_id[256];
	int has_board_id;
};

static int
elem_get(sb_ctx *ctx, int64_t project, int64_t cat, const char *name, struct elem *e)
{
	sb_st *st;
	int rc;

	memset(e, 0, sizeof(*e));
	rc = element_find(ctx, project, cat, name, 0, &e->id);
	if (rc == SB_ENOTFOUND)
		return sb_err(ctx, SB_ENOTFOUND, "the category has no element called \"%s\"",
		    name);
	if (rc != SB_OK)
		return rc;
	if ((st = sb_stmt(ctx, "SELECT name, board_id, version FROM element WHERE id = ?1"))
	    == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, e->id);
	if ((rc = sb_step(st)) == SQLITE_ROW) {
		snprintf(e->name, sizeof(e->name), "%s", sb_col_text(st, 0));
		e->has_board_id = sb_col_type(st, 1) != SQLITE_NULL;
		snprintf(e->board_id, sizeof(e->board_id), "%s",
		    e->has_board_id ? (const char *)sb_col_text(st, 1) : "");
		e->version = sb_col_int64(st, 2);
	}
	sb_reset(st);
	return rc == SQLITE_ROW ? SB_OK : sb_sqlerr(ctx, "element");
}

static int
elem_stale(sb_ctx *ctx, const struct elem *e, int64_t expected)
{
	struct sb_buf r;

	sb_buf_init(&r);
	sb_buf_puts(&r, "{\"conflict\":{\"element\":");
	sb_json_quote(&r, e->name);
	sb_buf_printf(&r, ",\"expected_version\":%lld,\"current_version\":%lld,"
	    "\"changes\":", (long long)expected, (long long)e->version);
	sb_audit_since(ctx, &r, "element", e->id, expected);
	sb_buf_puts(&r, "}}");
	return sb_conflict_set(ctx, &r, "element \"%s\" is at version %lld, not %lld: "
	    "someone changed it; read again and retry", e->name, (long long)e->version,
	    (long long)expected);
}

/* Audit one column of an element changing: "set": {col: [b, a]}. */
static int
elem_audit(sb_ctx *ctx, int64_t project, const struct elem *e, const char *cat,
    const char *col, const char *before, const char *after)
{
	struct sb_buf a;
	int rc;

	sb_buf_init(&a);
	sb_buf_printf(&a, "{\"set\":{\"%s\":[", col);
	if (before != NULL)
		sb_json_quote(&a, before);
	else
		sb_buf_puts(&a, "null");
	sb_buf_puts(&a, ",");
	if (after != NULL)
		sb_json_quote(&a, after);
	else
		sb_buf_puts(&a, "null");
	sb_buf_puts(&a, "]},\"about\":{\"element\":");
	sb_json_quote(&a, strcmp(col, "name") == 0 && after != NULL ? after : e->name);
	sb_buf_puts(&a, ",\"category\":");
	sb_json_quote(&a, cat);
	sb_buf_puts(&a, "}}");
	rc = a.failed ? oom(ctx) : sb_audit(ctx, project, "element", e->id, e->version,
	    e->version + 1, sb_buf_str(&a));
	sb_buf_free(&a);
	return rc;
}

/* A name an element may take: text, 1 to 1023 bytes, no other element's in any case. */
static int
elem_name_ok(sb_ctx *ctx, int64_t cat, const char *name, int64_t self)
{
	static const char taken[] =
	    "SELECT name FROM element WHERE category_id = ?1 AND name = ?2 COLLATE NOCASE"
	    " AND id <> ?3 LIMIT 1";
	size_t len = strlen(name);
	sb_st *st;
	int rc;

	if (len == 0 || len > 1023)
		return sb_err(ctx, SB_EDATA, "an element's name holds 1 to 1023 bytes, not %zu",
		    len);
	if (!sb_utf8_valid(name, len))
		return sb_err(ctx, SB_EDATA, "an element's name must be UTF-8 text");
	if ((st = sb_stmt(ctx, taken)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, cat);
	sb_bind_text(st, 2, name);
	sb_bind_int64(st, 3, self);
	rc = sb_step(st);
	if (rc == SQLITE_ROW)
		rc = sb_err(ctx, SB_EDATA, "the category has an element called \"%s\" already:"
		    " merge them (sb-element merge)", sb_col_text(st, 0));
	else
		rc = rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "element");
	sb_reset(st);
	return rc;
}

/* A board id no other element of the category has. */
static int
board_id_ok(sb_ctx *ctx, int64_t cat, const char *bid, int64_t self)
{
	static const char taken[] =
	    "SELECT name FROM element WHERE category_id = ?1 AND board_id = ?2 AND id <> ?3"
	    " LIMIT 1";
	size_t len = strlen(bid);
	sb_st *st;
	int rc;

	if (len > 32 || !sb_utf8_valid(bid, len))
		return sb_err(ctx, SB_EDATA, "a board id is text of at most 32 bytes");
	for (const char *p = bid; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == ',' || *p == ':')
			return sb_err(ctx, SB_EDATA, "a board id holds no control characters, "
			    "commas or colons");
	if ((st = sb_stmt(ctx, taken)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, cat);
	sb_bind_text(st, 2, bid);
	sb_bind_int64(st, 3, self);
	rc = sb_step(st);
	if (rc == SQLITE_ROW)
		rc = sb_err(ctx, SB_EDATA, "board id %s is %s's already: board ids are unique "
		    "in their category", bid, sb_col_text(st, 0));
	else
		rc = rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "element");
	sb_reset(st);
	return rc;
}

static int
cat_of(sb_ctx *ctx, int64_t project, const char *category, int64_t *cat)
{
	int rc = category_find(ctx, project, category, cat);

	return rc == SB_ENOTFOUND ? sb_err(ctx, SB_ENOTFOUND, "the project has no category "
	    "called \"%s\"", category) : rc;
}

int
sb_element_list(sb_ctx *ctx, int64_t project, const char *category, int format, FILE *out)
{
	static const char sql[] =
	    "SELECT e.uid, e.name, e.board_id, (SELECT count(*) FROM strip_element se"
	    " JOIN strip s ON s.id = se.strip_id WHERE se.element_id = e.id"
	    " AND s.type = 'scene'), e.version FROM element e WHERE e.category_id = ?1"
	    " ORDER BY e.board_id IS NULL, CAST(e.board_id AS INTEGER), e.board_id,"
	    " e.rank, e.id";
	int64_t cat;
	sb_st *st;
	size_t n = 0;
	int rc;

	if (format != SB_FMT_CSV && format != SB_FMT_JSON && format != SB_FMT_NDJSON &&
	    format != SB_FMT_TABLE)
		return sb_err(ctx, SB_EUSAGE, "elements are listed as csv, json, ndjson or "
		    "table, not %s", sb_format_name(format));
	if ((rc = sb_perm_require(ctx, SB_ACT_READ, &(struct sb_scope){ project, 0, 0,
	    0 })) != SB_OK)
		return rc;
	if ((rc = sb_exec(ctx, "BEGIN")) != SB_OK)
		return rc;
	if ((rc = cat_of(ctx, project, category, &cat)) != SB_OK ||
	    (st = sb_stmt(ctx, sql)) == NULL) {
		sb_rollback(ctx);
		return rc != SB_OK ? rc : SB_EFAIL;
	}
	if (format == SB_FMT_CSV)
		fputs("id,name,board_id,scenes,version\n", out);
	else if (format == SB_FMT_JSON)
		fputc('[', out);
	else if (format == SB_FMT_TABLE)
		fprintf(out, "%-6s %-32s %6s %s\n", "number", "name", "scenes", "version");
	sb_bind_int64(st, 1, cat);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		const char *uid = (const char *)sb_col_text(st, 0),
		    *name = (const char *)sb_col_text(st, 1),
		    *bid = (const char *)sb_col_text(st, 2);
		long long scenes = sb_col_int64(st, 3), version = sb_col_int64(st, 4);

		switch (format) {
		case SB_FMT_CSV:
			sb_csv_write_field(out, uid);
			fputc(',', out);
			sb_csv_write_field(out, name);
			fputc(',', out);
			sb_csv_write_field(out, bid);
			fprintf(out, ",%lld,%lld\n", scenes, version);
			break;
		case SB_FMT_JSON:
		case SB_FMT_NDJSON:
			if (format == SB_FMT_JSON)
				fputs(n > 0 ? ",\n" : "\n", out);
			fputs("{\"id\":", out);
			sb_json_write_string(out, uid);
			fputs(",\"name\":", out);
			sb_json_write_string(out, name);
			fputs(",\"board_id\":", out);
			sb_json_write_string(out, bid);
			fprintf(out, ",\"scenes\":%lld,\"version\":%lld}", scenes, version);
			if (format == SB_FMT_NDJSON)
				fputc('\n', out);
			break;
		default:
			sb_table_cell(out, bid, 6);
			sb_table_cell(out, name, 32);
			fprintf(out, "%6lld %lld\n", scenes, version);
			break;
		}
		n++;
	}
	sb_reset(st);
	if (format == SB_FMT_JSON)
		fputs(n > 0 ? "\n]\n" : "]\n", out);
	if (rc != SQLITE_DONE) {
		rc = sb_sqlerr(ctx, "element");
		sb_rollback(ctx);
		return rc;
	}
	return sb_exec(ctx, "COMMIT");
}

static int
rename_el_tx(sb_ctx *ctx, int64_t project, const char *category, const char *name,
    const char *to, int64_t if_version)
{
	struct elem e;
	int64_t cat;
	int rc;

	if ((rc = cat_of(ctx, project, category, &cat)) != SB_OK ||
	    (rc = elem_get(ctx, project, cat, name, &e)) != SB_OK)
		return rc;
	if (if_version >= 0 && if_version != e.version)
		return elem_stale(ctx, &e, if_version);
	if (strcmp(e.name, to) == 0)
		return SB_OK;
	if ((rc = elem_name_ok(ctx, cat, to, e.id)) != SB_OK ||
	    (rc = store_element_rename(ctx, e.id, to)) != SB_OK)
		return rc;
	return elem_audit(ctx, project, &e, category, "name", e.name, to);
}

int
sb_element_rename(sb_ctx *ctx, int64_t project, const char *category, const char *name,
    const char *to, int64_t if_version)
{
	int rc;

	if ((rc = sb_begin(ctx)) != SB_OK)
		return rc;
	/* elements are the breakdown: the editors' (sb-perm(1)) */
	if ((rc = sb_perm_require(ctx, SB_ACT_EDIT, &(struct sb_scope){ project, 0, 0,
	    0 })) != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	if ((rc = rename_el_tx(ctx, project, category, name, to, if_version)) != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	return sb_commit(ctx);
}

static int
number_tx(sb_ctx *ctx, int64_t project, const char *category, const char *name,
    const char *bid, int64_t if_version)
{
	struct elem e;
	int64_t cat;
	int rc;

	if ((rc = cat_of(ctx, project, category, &cat)) != SB_OK ||
	    (rc = elem_get(ctx, project, cat, name, &e)) != SB_OK)
		return rc;
	if (if_version >= 0 && if_version != e.version)
		return elem_stale(ctx, &e, if_version);
	if (bid[0] != '\0' && (rc = board_id_ok(ctx, cat, bid, e.id)) != SB_OK)
		return rc;
	if ((bid[0] == '\0' && !e.has_board_id) ||
	    (e.has_board_id && strcmp(e.board_id, bid) == 0))
		return SB_OK;
	if ((rc = store_element_set_board_id(ctx, e.id, bid[0] ? bid : NULL)) != SB_OK)
		return rc;
	return elem_audit(ctx, project, &e, category, "board_id",
	    e.has_board_id ? e.board_id : NULL, bid[0] ? bid : NULL);
}

int
sb_element_number(sb_ctx *ctx, int64_t project, const char *category, const char *name,
    const char *board_id, int64_t if_version)
{
	int rc;

	if ((rc = sb_begin(ctx)) != SB_OK)
		return rc;
	/* elements are the breakdown: the editors' (sb-perm(1)) */
	if ((rc = sb_perm_require(ctx, SB_ACT_EDIT, &(struct sb_scope){ project, 0, 0,
	    0 })) != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	if ((rc = number_tx(ctx, project, category, name, board_id != NULL ? board_id : "",
	    if_version)) != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	return sb_commit(ctx);
}

static int
renumber_tx(sb_ctx *ctx, int64_t project, const char *category, size_t *changed)
{
	/* the most scenes first (the lead is 1), then the numbers they had, then names */
	static const char sql[] =
	    "SELECT e.name FROM element e WHERE e.category_id = ?1 ORDER BY"
	    " (SELECT count(*) FROM strip_element se JOIN strip s ON s.id = se.strip_id"
	    "  WHERE se.element_id = e.id AND s.type = 'scene') DESC,"
	    " e.board_id IS NULL, CAST(e.board_id AS INTEGER), e.name, e.id";
	char **names = NULL;
	size_t n = 0;
	int64_t cat;
	sb_st *st;
	int rc;

	*changed = 0;
	if ((rc = cat_of(ctx, project, category, &cat)) != SB_OK)
		return rc;
	if ((st = sb_stmt(ctx, sql)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, cat);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		void *p = realloc(names, (n + 1) * sizeof(*names));

		if (p == NULL)
			break;
		names = p;
		if ((names[n] = sb_strdup((const char *)sb_col_text(st, 0))) == NULL)
			break;
		n++;
	}
	sb_reset(st);
	if (rc != SQLITE_DONE)
		rc = rc == SQLITE_ROW ? oom(ctx) : sb_sqlerr(ctx, "element");
	else
		rc = SB_OK;
	for (size_t i = 0; i < n && rc == SB_OK; i++) {
		struct elem e;
		char bid[32];

		snprintf(bid, sizeof(bid), "%zu", i + 1);
		if ((rc = elem_get(ctx, project, cat, names[i], &e)) != SB_OK)
			break;
		if (e.has_board_id && strcmp(e.board_id, bid) == 0)
			continue;
		/* numbers are unique once all are given: no check between */
		if ((rc = store_element_set_board_id(ctx, e.id, bid)) == SB_OK)
			rc = elem_audit(ctx, project, &e, category, "board_id",
			    e.has_board_id ? e.board_id : NULL, bid);
		(*changed)++;
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int
sb_element_renumber(sb_ctx *ctx, int64_t project, const char *category, size_t *changed)
{
	int rc;

	if ((rc = sb_begin(ctx)) != SB_OK)
		return rc;
	/* elements are the breakdown: the editors' (sb-perm(1)) */
	if ((rc = sb_perm_require(ctx, SB_ACT_EDIT, &(struct sb_scope){ project, 0, 0,
	    0 })) != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	if ((rc = renumber_tx(ctx, project, category, changed)) != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	return sb_commit(ctx);
}

/*
 * The merged element's dated events (travel, rehearsal, fitting...) go to
 * the kept one, after its own.  One of the same type and name on the same
 * date as an event the kept element has by then collapses into that one: it is
 * deleted, kept whole in the trail.  The kept element's version rises,
 * with one audit row that says which event moved from where to where, at
 * which rank, and which collapsed (sb-log revert puts them back).
 */
static int
merge_events(sb_ctx *ctx, int64_t project, const char *category, const struct elem *a,
    const struct elem *b)
{
	static const char evs[] =
	    "SELECT id, rank, json_object('id', id, 'element_id', element_id, 'rank', rank,"
	    " 'uid', uid, 'type', type,"
	    " 'name', name, 'date_raw', date_raw, 'date', date, 'ext', ext, 'absent', absent)"
	    " FROM element_event WHERE element_id = ?1 ORDER BY rank, id";
	static const char twin[] =
	    "SELECT 1 FROM element_event k JOIN element_event v ON v.id = ?2"
	    " WHERE k.element_id = ?1 AND k.date = v.date AND k.type IS v.type"
	    " AND k.name IS v.name";
	static const char next[] =
	    "SELECT coalesce(max(rank), -1) + 1 FROM element_event WHERE element_id = ?1";
	struct ev { int64_t id, rank; char *row; } *v = NULL;
	struct sb_buf moved, dropped, au;
	size_t n = 0, nm = 0, nd = 0;
	sb_st *st;
	int rc, failed = 0;

	if ((st = sb_stmt(ctx, evs)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, a->id);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		void *p = realloc(v, (n + 1) * sizeof(*v));

		if (p == NULL) {
			failed = 1;
			break;
		}
		v = p;
		v[n].id = sb_col_int64(st, 0);
		v[n].rank = sb_col_int64(st, 1);
		v[n].row = col_dup(st, 2, &failed);
		n++;
		if (failed)
			break;
	}
	sb_reset(st);
	if (failed || (rc != SQLITE_DONE && rc != SQLITE_ROW))
		rc = failed ? oom(ctx) : sb_sqlerr(ctx, "element event");
	else
		rc = SB_OK;
	sb_buf_init(&moved);
	sb_buf_init(&dropped);
	for (size_t i = 0; i < n && rc == SB_OK; i++) {
		int64_t rank = 0;
		int dup;

		if ((st = sb_stmt(ctx, twin)) == NULL) {
			rc = SB_EFAIL;
			break;
		}
		sb_bind_int64(st, 1, b->id);
		sb_bind_int64(st, 2, v[i].id);
		dup = sb_step(st);
		sb_reset(st);
		if (dup != SQLITE_ROW && dup != SQLITE_DONE) {
			rc = sb_sqlerr(ctx, "element event");
			break;
		}
		if (dup == SQLITE_ROW) {
			if ((rc = store_element_event_delete(ctx, v[i].id)) != SB_OK)
				break;
			sb_buf_printf(&dropped, "%s%s", nd++ ? "," : "", v[i].row);
			continue;
		}
		if ((st = sb_stmt(ctx, next)) == NULL) {
			rc = SB_EFAIL;
			break;
		}
		sb_bind_int64(st, 1, b->id);
		if ((rc = sb_step(st)) == SQLITE_ROW)
			rank = sb_col_int64(st, 0);
		sb_reset(st);
		if (rc != SQLITE_ROW) {
			rc = sb_sqlerr(ctx, "element event");
			break;
		}
		if ((rc = store_element_event_move(ctx, v[i].id, b->id, rank)) != SB_OK)
			break;
		sb_buf_printf(&moved, "%s[%lld,%lld,%lld,%lld,%lld]", nm++ ? "," : "",
		    (long long)v[i].id, (long long)a->id, (long long)b->id,
		    (long long)v[i].rank, (long long)rank);
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].row);
	free(v);
	if (rc != SB_OK || n == 0) {
		sb_buf_free(&moved);
		sb_buf_free(&dropped);
		return rc;
	}
	sb_buf_init(&au);
	sb_buf_printf(&au, "{\"set\":{},\"events\":{\"moved\":[%s],\"dropped\":[%s]},"
	    "\"about\":{\"element\":", sb_buf_str(&moved), sb_buf_str(&dropped));
	sb_json_quote(&au, b->name);
	sb_buf_puts(&au, ",\"category\":");
	sb_json_quote(&au, category);
	sb_buf_puts(&au, ",\"merged_from\":");
	sb_json_quote(&au, a->name);
	sb_buf_printf(&au, ",\"merged_from_id\":%lld}}", (long long)a->id);
	if (moved.failed || dropped.failed)
		au.failed = 1;
	sb_buf_free(&moved);
	sb_buf_free(&dropped);
	if ((rc = store_element_bump(ctx, b->id)) == SB_OK)
		rc = au.failed ? oom(ctx) : sb_audit(ctx, project, "element", b->id,
		    b->version, b->version + 1, sb_buf_str(&au));
	sb_buf_free(&au);
	return rc;
}

static int
merge_tx(sb_ctx *ctx, int64_t project, const char *category, const char *from,
    const char *into, int64_t if_version, size_t *strips)
{
	static const char linked[] =
	    "SELECT strip_id, rank FROM strip_element WHERE element_id = ?1 ORDER BY strip_id";
	static const char gone[] =
	    "SELECT json_object('set', json_object('project_id', json_array(project_id, NULL),"
	    " 'category_id', json_array(category_id, NULL), 'uid', json_array(uid, NULL),"
	    " 'name', json_array(name, NULL), 'board_id', json_array(board_id, NULL),"
	    " 'is_dood', json_array(is_dood, NULL), 'is_hold', json_array(is_hold, NULL),"
	    " 'is_drop', json_array(is_drop, NULL), 'drop_days', json_array(drop_days, NULL),"
	    " 'days_off', json_array(days_off, NULL), 'linked', json_array(linked, NULL),"
	    " 'is_id_lock', json_array(is_id_lock, NULL), 'rank', json_array(rank, NULL),"
	    " 'created', json_array(created, NULL), 'ext', json_array(ext, NULL),"
	    " 'absent', json_array(absent, NULL)), 'about', json_object('element', name,"
	    " 'category', ?2, 'merged_into', ?3)) FROM element WHERE id = ?1";
	struct { int64_t strip, rank; } *v = NULL;
	struct elem a, b;
	size_t n = 0;
	int64_t cat;
	char *changes = NULL;
	sb_st *st;
	int rc, failed = 0;

	*strips = 0;
	if ((rc = cat_of(ctx, project, category, &cat)) != SB_OK ||
	    (rc = elem_get(ctx, project, cat, from, &a)) != SB_OK ||
	    (rc = elem_get(ctx, project, cat, into, &b)) != SB_OK)
		return rc;
	if (a.id == b.id)
		return sb_err(ctx, SB_EUSAGE, "\"%s\" and \"%s\" are the same element", from,
		    into);
	if (if_version >= 0 && if_version != a.version)
		return elem_stale(ctx, &a, if_version);
	if ((st = sb_stmt(ctx, linked)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, a.id);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		void *p = realloc(v, (n + 1) * sizeof(*v));

		if (p == NULL)
			break;
		v = p;
		v[n].strip = sb_col_int64(st, 0);
		v[n++].rank = sb_col_int64(st, 1);
	}
	sb_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return rc == SQLITE_ROW ? oom(ctx) : sb_sqlerr(ctx, "strip element");
	}
	/* each strip that named it names the other, in its place: an edit of the strip */
	rc = SB_OK;
	for (size_t i = 0; i < n && rc == SB_OK; i++) {
		struct sb_row_strip_element link;
		struct edit e;
		int64_t version;

		if ((rc = edit_begin(ctx, v[i].strip, -1, &e)) == SB_OK &&
		    (rc = store_strip_element_delete(ctx, v[i].strip, a.id)) == SB_OK) {
			link.strip_id = v[i].strip;
			link.element_id = b.id;
			link.rank = v[i].rank;
			if ((rc = store_strip_element_insert_new(ctx, &link)) == SB_OK &&
			    (rc = strip_store(ctx, &e.s)) == SB_OK &&
			    (rc = store_strip_forget_key(ctx, v[i].strip, "elements")) == SB_OK)
				rc = edit_end(&e, &version);
		}
		edit_free(&e);
	}
	free(v);
	if (rc != SB_OK)
		return rc;
	*strips = n;
	if ((rc = merge_events(ctx, project, category, &a, &b)) != SB_OK)
		return rc;
	if ((st = sb_stmt(ctx, gone)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, a.id);
	sb_bind_text(st, 2, category);
	sb_bind_text(st, 3, b.name);
	if ((rc = sb_step(st)) == SQLITE_ROW)
		changes = col_dup(st, 0, &failed);
	sb_reset(st);
	if (rc != SQLITE_ROW)
		return sb_sqlerr(ctx, "element");
	if (failed)
		return oom(ctx);
	if ((rc = store_element_delete(ctx, a.id)) == SB_OK)
		rc = sb_audit(ctx, project, "element", a.id, a.version, 0, changes);
	free(changes);
	return rc;
}

int
sb_element_merge(sb_ctx *ctx, int64_t project, const char *category, const char *from,
    const char *into, int64_t if_version, size_t *strips)
{
	int rc;

	if ((rc = sb_begin(ctx)) != SB_OK)
		return rc;
	/* elements are the breakdown: the editors' (sb-perm(1)) */
	if ((rc = sb_perm_require(ctx, SB_ACT_EDIT, &(struct sb_scope){ project, 0, 0,
	    0 })) != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	if ((rc = merge_tx(ctx, project, category, from, into, if_version, strips)) != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	return sb_commit(ctx);
}

/*
 * Put a strip back as an audit row's "row" had it before (sb-log revert):
 * its columns, and its links when the row names them; checked against the
 * version the row left (SB_ECONFLICT with the report if it moved on).
 */
int
sb_strip_put_back(sb_ctx *ctx, int64_t strip, int64_t expected, json_t *before,
    int64_t *version)
{
	struct edit e;
	json_t *links = json_object_get(before, "links"), *cols;
	char *text = NULL;
	int rc;

	if ((rc = edit_begin(ctx, strip, expected, &e)) != SB_OK) {
		edit_free(&e);
		return rc;
	}
	e.what = "reverted";
	if ((cols = json_deep_copy(before)) == NULL) {
		edit_free(&e);
		return oom(ctx);
	}
	json_object_del(cols, "links");
	if ((text = json_dumps(cols, JSON_COMPACT)) == NULL)
		rc = oom(ctx);
	else
		rc = store_strip_put_columns(ctx, strip, text);
	free(text);
	json_decref(cols);
	if (rc == SB_OK && json_is_array(links)) {
		size_t i;
		json_t *l;

		rc = store_strip_element_delete_all(ctx, strip);
		json_array_foreach(links, i, l) {
			struct sb_row_strip_element link;

			if (rc != SB_OK)
				break;
			link.strip_id = strip;
			link.element_id = json_integer_value(json_array_get(l, 0));
			link.rank = json_integer_value(json_array_get(l, 1));
			if ((rc = store_strip_element_insert(ctx, &link)) != SB_OK &&
			    store_constraint(ctx))
				rc = sb_err(ctx, SB_ECONFLICT, "strip %s named an element that "
				    "is gone since", e.s.uid);
		}
	}
	if (rc == SB_OK)
		rc = edit_end(&e, version);
	edit_free(&e);
	return rc;
}
