/*
 * op_revise.c - merge a new draft of the script into the project that is
 * already there (sb-import --update).
 *
 * The draft's scenes are matched to the project's: by the stable id the
 * file gives (an .msd BDSID) when the project has a strip of that id,
 * else by scene number the way sb_scene_cmp() compares them ("11 A" is
 * "11A"), the first strip not yet matched in board order.  Then:
 *
 *   - a matched scene whose fields differ is updated: the fields the draft
 *     carries (a format that has no synopsis never clears one), and its
 *     elements in each category the draft knows (an element category the
 *     draft does not tag, say Vehicles added by hand, is left alone);
 *   - a scene the draft has and the project does not is added, and put at
 *     the end of the boneyard of every board;
 *   - a scene of the project the draft no longer has, or marks omitted, is
 *     marked omitted, never deleted; a scene marked omitted that the draft
 *     has again is restored;
 *   - no placement moves: the board stays as the scheduler left it.
 *
 * Every changed strip gets its version raised and an audit row saying
 * which fields changed, from what to what; each change is also one NDJSON
 * line for the caller to print once the transaction has committed.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "input_priv.h"
#include "json_priv.h"
#include "prod_priv.h"
#include "move_priv.h"
#include "perm_priv.h"
#include "store.h"

/* The text columns a draft may carry, in the order of struct old_strip.col. */
enum { C_IE, C_DN, C_SET, C_LOC, C_SDAY, C_SYN, C_COMM, C_PAGE, NCOLS };

static const char *const col_name[NCOLS] = {
	"int_ext", "day_night", "set", "location", "script_day", "synopsis",
	"comments", "script_page"
};

/* The key a USS file keeps a column under (ext and absent), or NULL. */
static const char *const col_uss[NCOLS] = {
	NULL, NULL, NULL, NULL, NULL, "description", "comments", "scriptPage"
};

/* The fixed category of a column, or -1. */
static const int col_ucid[NCOLS] = {
	SB_UCID_IE, SB_UCID_DN, SB_UCID_SET, SB_UCID_LOCATION, SB_UCID_SCRIPT_DAY,
	-1, -1, -1
};

struct old_strip {
	int64_t id, version;
	char *uid, *scene;
	char *col[NCOLS];
	int64_t eighths, est;
	int have_eighths, have_est, omitted;
	int matched;
};

/* An old strip by a key of its own (its scene number, its uid). */
struct keyed {
	const char *key;
	size_t i;              /* index into merge.old */
};

struct merge {
	struct sb_import *imp;
	sb_ctx *ctx;
	struct sb_prod *p;
	struct sb_buf *out;
	struct old_strip *old;
	size_t nold;
	struct keyed *by_scene; /* numbered old strips, by sb_scene_cmp(), then rank */
	size_t nby;
	struct keyed *by_uid;  /* old strips with a uid, by uid */
	size_t nuid;
	int64_t next_rank;
	int64_t *cat_id;       /* the database's category of each draft category, 0: not yet */
};

static int
oom(struct merge *m)
{
	return sb_err(m->ctx, SB_EFAIL, "out of memory");
}

static const char *
ctext(sb_st *st, int i)
{
	return (const char *)sb_col_text(st, i);
}

static int
find_project(struct merge *m)
{
	static const char by_name[] = "SELECT id, name FROM project WHERE name = ?1";
	static const char name_of[] = "SELECT name FROM project WHERE id = ?1";
	const char *want = m->imp->opts->project;
	int64_t id = 0;
	sb_st *st;
	int rc;

	if (want == NULL)
		want = m->p->name;
	if (want != NULL) {
		if ((st = sb_stmt(m->ctx, by_name)) == NULL)
			return SB_EFAIL;
		sb_bind_text(st, 1, want);
		rc = sb_step(st);
		if (rc == SQLITE_ROW)
			id = sb_col_int64(st, 0);
		sb_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return sb_sqlerr(m->ctx, "project");
		if (id == 0 && m->imp->opts->project != NULL)
			return sb_err(m->ctx, SB_ENOTFOUND, "%s: no project \"%s\" to "
			    "update; import the first draft without --update",
			    m->imp->in->name, want);
	}
	/* The draft's title may not be the project's name: the only project. */
	if (id == 0 && (rc = sb_project_find(m->ctx, NULL, &id)) != SB_OK) {
		if (rc == SB_EUSAGE)
			return sb_err(m->ctx, SB_EUSAGE, "%s: the file holds several "
			    "projects; say which to update with --project", m->imp->in->name);
		if (rc == SB_ENOTFOUND)
			return sb_err(m->ctx, SB_ENOTFOUND, "%s: no project to update; "
			    "import the first draft without --update", m->imp->in->name);
		return rc;
	}
	{
		struct sb_scope where = { id, 0, 0, 0 };

		if ((rc = sb_perm_require(m->ctx, SB_ACT_UPDATE, &where)) != SB_OK)
			return rc;
	}
	m->imp->project_id = id;
	m->imp->sum->project_id = id;
	if ((st = sb_stmt(m->ctx, name_of)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	rc = sb_step(st);
	if (rc == SQLITE_ROW)
		snprintf(m->imp->sum->project, sizeof(m->imp->sum->project), "%s",
		    ctext(st, 0));
	sb_reset(st);
	return rc == SQLITE_ROW ? SB_OK : sb_sqlerr(m->ctx, "project");
}

static int
load_old(struct merge *m)
{
	static const char sql[] =
	    "SELECT id, version, uid, scene, int_ext, day_night, set_name, location,"
	    " script_day, synopsis, comments, script_page, eighths, est_ms, omitted"
	    " FROM strip WHERE project_id = ?1 AND type = 'scene' ORDER BY rank, id";
	static const char rank_sql[] =
	    "SELECT coalesce(max(rank), -1) + 1 FROM strip WHERE project_id = ?1";
	sb_st *st = sb_stmt(m->ctx, sql);
	size_t cap = 0;
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, m->imp->project_id);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		struct old_strip *o;
		void *q;

		if ((q = sb_grow(m->old, &cap, m->nold, 64, sizeof(*m->old))) == NULL) {
			sb_reset(st);
			return oom(m);
		}
		m->old = q;
		o = &m->old[m->nold++];
		memset(o, 0, sizeof(*o));
		o->id = sb_col_int64(st, 0);
		o->version = sb_col_int64(st, 1);
		o->uid = sb_strdup(ctext(st, 2));
		o->scene = sb_strdup(ctext(st, 3));
		if ((ctext(st, 2) != NULL && o->uid == NULL) ||
		    (ctext(st, 3) != NULL && o->scene == NULL)) {
			sb_reset(st);
			return oom(m);
		}
		for (int c = 0; c < NCOLS; c++) {
			const char *t = ctext(st, 4 + c);

			if (t != NULL && (o->col[c] = sb_strdup(t)) == NULL) {
				sb_reset(st);
				return oom(m);
			}
		}
		o->have_eighths = sb_col_type(st, 12) != SQLITE_NULL;
		o->eighths = sb_col_int64(st, 12);
		o->have_est = sb_col_type(st, 13) != SQLITE_NULL;
		o->est = sb_col_int64(st, 13);
		o->omitted = sb_col_int(st, 14);
	}
	sb_reset(st);
	if (rc != SQLITE_DONE)
		return sb_sqlerr(m->ctx, "strips");
	if ((st = sb_stmt(m->ctx, rank_sql)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, m->imp->project_id);
	if (sb_step(st) != SQLITE_ROW) {
		sb_reset(st);
		return sb_sqlerr(m->ctx, "strips");
	}
	m->next_rank = sb_col_int64(st, 0);
	sb_reset(st);
	return SB_OK;
}

static void
free_old(struct merge *m)
{
	for (size_t i = 0; i < m->nold; i++) {
		free(m->old[i].uid);
		free(m->old[i].scene);
		for (int c = 0; c < NCOLS; c++)
			free(m->old[i].col[c]);
	}
	free(m->old);
}

static int
has_number(const char *scene)
{
	if (scene == NULL)
		return 0;
	for (; *scene != '\0'; scene++)
		if (*scene != ' ' && *scene != '\t')
			return 1;
	return 0;
}

static int
cmp_by_scene(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = sb_scene_cmp(x->key, y->key);

	return c != 0 ? c : x->i < y->i ? -1 : x->i > y->i;
}

static int
cmp_by_uid(const void *a, const void *b)
{
	return strcmp(((const struct keyed *)a)->key, ((const struct keyed *)b)->key);
}

/*
 * Index the project's strips by uid, for match_uid(), and the numbered
 * ones by scene number, for match_number(): a draft of thousands of
 * sheets is matched in n log n, not n times m.
 */
static int
index_old(struct merge *m)
{
	if (m->nold == 0)
		return SB_OK;
	if ((m->by_scene = malloc(m->nold * sizeof(*m->by_scene))) == NULL ||
	    (m->by_uid = malloc(m->nold * sizeof(*m->by_uid))) == NULL)
		return oom(m);
	for (size_t i = 0; i < m->nold; i++) {
		if (has_number(m->old[i].scene)) {
			m->by_scene[m->nby].key = m->old[i].scene;
			m->by_scene[m->nby++].i = i;
		}
		if (m->old[i].uid != NULL) {
			m->by_uid[m->nuid].key = m->old[i].uid;
			m->by_uid[m->nuid++].i = i;
		}
	}
	if (m->nby > 1)
		qsort(m->by_scene, m->nby, sizeof(*m->by_scene), cmp_by_scene);
	if (m->nuid > 1)
		qsort(m->by_uid, m->nuid, sizeof(*m->by_uid), cmp_by_uid);
	return SB_OK;
}

/* The project's strip of the same stable id (an .msd BDSID), or NULL. */
static struct old_strip *
match_uid(struct merge *m, const struct sb_prod_strip *s)
{
	struct keyed want, *hit;

	if (s->uid == NULL || m->nuid == 0)
		return NULL;
	want.key = s->uid;
	want.i = 0;
	hit = bsearch(&want, m->by_uid, m->nuid, sizeof(*m->by_uid), cmp_by_uid);
	/* uids are unique in a project: one strip, matched at most once */
	if (hit == NULL || m->old[hit->i].matched)
		return NULL;
	return &m->old[hit->i];
}

/*
 * The first unmatched strip of the same scene number (as sb_scene_cmp()
 * sees it: "11 A" is "11a"), in board order, one not omitted first.
 */
static struct old_strip *
match_number(struct merge *m, const char *scene)
{
	size_t lo = 0, hi = m->nby;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sb_scene_cmp(m->by_scene[mid].key, scene) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = lo; i < m->nby &&
		    sb_scene_cmp(m->by_scene[i].key, scene) == 0; i++) {
			struct old_strip *o = &m->old[m->by_scene[i].i];

			if (!o->matched && o->omitted == pass)
				return o;
		}
	return NULL;
}

static const char *
draft_col(const struct sb_prod_strip *s, int c)
{
	switch (c) {
	case C_IE: return s->int_ext;
	case C_DN: return s->day_night;
	case C_SET: return s->set_name;
	case C_LOC: return s->location;
	case C_SDAY: return s->script_day;
	case C_SYN: return s->synopsis;
	case C_COMM: return s->comments;
	default: return s->script_page;
	}
}

static int
is_fixed_ucid(int ucid)
{
	return ucid == SB_UCID_SET || ucid == SB_UCID_IE || ucid == SB_UCID_DN ||
	    ucid == SB_UCID_SCRIPT_DAY || ucid == SB_UCID_LOCATION;
}

/* The audit row of a category or element the revision brought. */
static int
audit_new(struct merge *m, const char *entity, int64_t id, const char *name)
{
	struct sb_buf b;
	int rc;

	sb_buf_init(&b);
	sb_buf_puts(&b, "{\"set\":{\"name\":[null,");
	sb_json_quote(&b, name);
	sb_buf_puts(&b, "]},\"about\":{\"revision\":");
	sb_json_quote(&b, m->imp->in->name);
	sb_buf_puts(&b, "}}");
	rc = b.failed ? oom(m) :
	    sb_audit(m->ctx, m->imp->project_id, entity, id, 0, 1, sb_buf_str(&b));
	sb_buf_free(&b);
	return rc;
}

/* The database's category for draft category k (by name; created if missing). */
static int
category_id(struct merge *m, size_t k, int64_t *id)
{
	static const char find[] =
	    "SELECT id FROM category WHERE project_id = ?1 AND name = ?2 ORDER BY rank, id LIMIT 1";
	static const char find_ucid[] =
	    "SELECT id FROM category WHERE project_id = ?1 AND ucid = ?2 ORDER BY rank, id LIMIT 1";
	const struct sb_prod_cat *c = &m->p->cats[k];
	struct sb_row_category row;
	sb_st *st;
	char uid[25];
	int rc;

	if (m->cat_id[k] != 0) {
		*id = m->cat_id[k];
		return SB_OK;
	}
	/* a fixed column's category is found by its ucid, whatever its name */
	if ((st = sb_stmt(m->ctx, is_fixed_ucid(c->ucid) ? find_ucid : find)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, m->imp->project_id);
	if (is_fixed_ucid(c->ucid))
		sb_bind_int(st, 2, c->ucid);
	else
		sb_bind_text(st, 2, c->name);
	rc = sb_step(st);
	if (rc == SQLITE_ROW)
		m->cat_id[k] = sb_col_int64(st, 0);
	sb_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sb_sqlerr(m->ctx, "category");
	if (m->cat_id[k] == 0) {
		sb_uid_new(uid);
		memset(&row, 0, sizeof(row));
		row.project_id = m->imp->project_id;
		row.uid = uid;
		row.name = c->name;
		row.ucid = c->ucid;
		row.has_ucid = c->ucid >= 0;
		row.rank = STORE_RANK_NEXT;
		if ((rc = store_category_insert(m->ctx, &row, &m->cat_id[k])) != SB_OK)
			return rc;
		if ((rc = audit_new(m, "category", m->cat_id[k], c->name)) != SB_OK)
			return rc;
	}
	*id = m->cat_id[k];
	return SB_OK;
}

/* The database's element of a category by name, created if missing. */
static int
element_id(struct merge *m, int64_t cat, const char *name, const char *board_id,
    int64_t *id)
{
	static const char find[] =
	    "SELECT id FROM element WHERE category_id = ?1 AND name = ?2 ORDER BY rank, id LIMIT 1";
	sb_st *st = sb_stmt(m->ctx, find);
	struct sb_row_element row;
	char uid[25];
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	*id = 0;
	sb_bind_int64(st, 1, cat);
	sb_bind_text(st, 2, name);
	rc = sb_step(st);
	if (rc == SQLITE_ROW)
		*id = sb_col_int64(st, 0);
	sb_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sb_sqlerr(m->ctx, "element");
	if (*id != 0)
		return SB_OK;
	sb_uid_new(uid);
	memset(&row, 0, sizeof(row));
	row.project_id = m->imp->project_id;
	row.category_id = cat;
	row.uid = uid;
	row.name = name;
	row.board_id = board_id;
	row.rank = STORE_RANK_NEXT;
	if ((rc = store_element_insert(m->ctx, &row, id)) != SB_OK)
		return rc;
	return audit_new(m, "element", *id, name);
}

/* Names of the strip's elements in a database category, sorted, as a JSON array. */
static int
old_names(struct merge *m, int64_t strip, int64_t cat, struct sb_buf *json)
{
	static const char sql[] =
	    "SELECT e.name FROM strip_element se JOIN element e ON e.id = se.element_id"
	    " WHERE se.strip_id = ?1 AND e.category_id = ?2 ORDER BY e.name";
	sb_st *st = sb_stmt(m->ctx, sql);
	int rc, n = 0;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, strip);
	sb_bind_int64(st, 2, cat);
	sb_buf_puts(json, "[");
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		if (n++ > 0)
			sb_buf_puts(json, ",");
		sb_json_quote(json, ctext(st, 0));
	}
	sb_reset(st);
	sb_buf_puts(json, "]");
	if (rc != SQLITE_DONE)
		return sb_sqlerr(m->ctx, "elements");
	return json->failed ? oom(m) : SB_OK;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The draft strip's element names in draft category k, sorted, as a JSON array. */
static int
new_names(struct merge *m, const struct sb_prod_strip *s, size_t k, struct sb_buf *json)
{
	const char **names;
	size_t n = 0;

	sb_buf_puts(json, "[");
	if (s->nels > 0) {
		if ((names = malloc(s->nels * sizeof(*names))) == NULL)
			return oom(m);
		for (size_t j = 0; j < s->nels; j++)
			if (m->p->els[s->els[j]].cat == k)
				names[n++] = m->p->els[s->els[j]].name;
		if (n > 1)
			qsort(names, n, sizeof(*names), cmp_str);
		for (size_t j = 0; j < n; j++) {
			if (j > 0)
				sb_buf_puts(json, ",");
			sb_json_quote(json, names[j]);
		}
		free(names);
	}
	sb_buf_puts(json, "]");
	return json->failed ? oom(m) : SB_OK;
}

/* Link the strip to the draft's elements of category k, in the draft's order. */
static int
link_draft(struct merge *m, int64_t strip, const struct sb_prod_strip *s, size_t k)
{
	int64_t cat, el;
	int rc;

	for (size_t j = 0; j < s->nels; j++) {
		const struct sb_prod_el *e = &m->p->els[s->els[j]];
		struct sb_row_strip_element row;

		if (e->cat != k)
			continue;
		if ((rc = category_id(m, k, &cat)) != SB_OK ||
		    (rc = element_id(m, cat, e->name, e->board_id, &el)) != SB_OK)
			return rc;
		row.strip_id = strip;
		row.element_id = el;
		row.rank = STORE_RANK_NEXT;
		if ((rc = store_strip_element_insert_new(m->ctx, &row)) != SB_OK)
			return rc;
	}
	return SB_OK;
}

/* Forget what a USS file said of a key the revision now sets. */
static int
forget_uss_key(struct merge *m, int64_t strip, const char *key)
{
	return store_strip_forget_key(m->ctx, strip, key);
}

static void
json_text_or_null(struct sb_buf *b, const char *s)
{
	if (s == NULL)
		sb_buf_puts(b, "null");
	else
		sb_json_quote(b, s);
}

static void
json_pages(struct sb_buf *b, int64_t eighths, int have)
{
	char buf[SB_EIGHTHS_BUFSZ];

	if (!have)
		sb_buf_puts(b, "null");
	else
		sb_json_quote(b, sb_eighths_format(eighths, buf, sizeof(buf)));
}

/* One field of a change: "name":[from,to] (both already JSON). */
static void
field(struct sb_buf *b, int *n, const char *name, const char *from, const char *to)
{
	if ((*n)++ > 0)
		sb_buf_puts(b, ",");
	sb_json_quote(b, name);
	sb_buf_printf(b, ":[%s,%s]", from, to);
}

/*
 * A strip's row as JSON: every column a revision may change, as stored,
 * and its element links in order as [element_id, rank] pairs.  The audit
 * row of a revised strip keeps the columns that changed, before and after
 * ("row"), so that the trail can undo it; "set" says it in words.
 */
static int
strip_image(struct merge *m, int64_t strip, json_t **out)
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
	sb_st *st = sb_stmt(m->ctx, sql);
	int rc;

	*out = NULL;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, strip);
	if ((rc = sb_step(st)) == SQLITE_ROW)
		*out = json_loads(ctext(st, 0), 0, NULL);
	sb_reset(st);
	if (rc != SQLITE_ROW)
		return sb_sqlerr(m->ctx, "strip");
	return *out != NULL ? SB_OK : oom(m);
}

/* The columns that differ between two images: "col":[before,after],... */
static int
image_diff(struct merge *m, json_t *before, json_t *after, struct sb_buf *b)
{
	const char *key;
	json_t *v;
	int n = 0;

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
			return oom(m);
		}
		sb_buf_printf(b, "%s\"%s\":[%s,%s]", n++ ? "," : "", key, x, y);
		free(x);
		free(y);
	}
	return b->failed ? oom(m) : SB_OK;
}

/* Append a line to the changes and, for a strip, its audit row. */
static int
report(struct merge *m, const char *scene, const char *uid, const char *change,
    struct sb_buf *fields, int64_t strip, int64_t vbefore, int64_t vafter,
    json_t *image)
{
	struct sb_buf a;
	int rc = SB_OK;

	sb_buf_puts(m->out, "{\"scene\":");
	json_text_or_null(m->out, scene);
	sb_buf_puts(m->out, ",\"change\":");
	sb_json_quote(m->out, change);
	sb_buf_printf(m->out, ",\"fields\":{%s}}\n", sb_buf_str(fields));
	if (m->out->failed)
		return oom(m);
	sb_buf_init(&a);
	sb_buf_printf(&a, "{\"set\":{%s},", sb_buf_str(fields));
	if (image != NULL) {
		json_t *now = NULL;

		sb_buf_puts(&a, "\"row\":{");
		if ((rc = strip_image(m, strip, &now)) == SB_OK)
			rc = image_diff(m, image, now, &a);
		json_decref(now);
		sb_buf_puts(&a, "},");
		if (rc != SB_OK) {
			sb_buf_free(&a);
			return rc;
		}
	}
	sb_buf_puts(&a, "\"about\":{\"strip\":");
	json_text_or_null(&a, uid);
	sb_buf_puts(&a, ",\"scene\":");
	json_text_or_null(&a, scene);
	sb_buf_puts(&a, ",\"revision\":");
	sb_json_quote(&a, m->imp->in->name);
	sb_buf_printf(&a, ",\"change\":\"%s\"}}", change);
	if (a.failed)
		rc = oom(m);
	else
		rc = sb_audit(m->ctx, m->imp->project_id, "strip", strip, vbefore,
		    vafter, sb_buf_str(&a));
	sb_buf_free(&a);
	return rc;
}

/*
 * Compare a matched scene with its draft and update it if they differ.
 * by_uid: matched by stable id, so its scene number may have changed too.
 */
static int
merge_one(struct merge *m, struct old_strip *o, const struct sb_prod_strip *s,
    int by_uid)
{
	const char *val[NCOLS], *scene = o->scene;
	int changed_col[NCOLS] = { 0 };
	int64_t eighths = o->eighths, est = o->est;
	int have_eighths = o->have_eighths, have_est = o->have_est;
	int omitted = s->omitted != 0, n = 0, nel = 0, rc = SB_OK;
	int pages_changed = 0, est_changed = 0;
	int *cat_changed = NULL;
	json_t *image = NULL;
	struct sb_buf f, els, from, to;
	struct sb_row_strip row;
	const char *change;
	int updated;

	sb_buf_init(&f);
	sb_buf_init(&els);
	sb_buf_init(&from);
	sb_buf_init(&to);
	if (by_uid && !omitted && has_number(s->scene) &&
	    (o->scene == NULL || strcmp(o->scene, s->scene) != 0)) {
		scene = s->scene;
		from.len = to.len = 0;
		json_text_or_null(&from, o->scene);
		json_text_or_null(&to, s->scene);
		field(&f, &n, "scene", sb_buf_str(&from), sb_buf_str(&to));
	}
	for (int c = 0; c < NCOLS; c++) {
		const char *d = draft_col(s, c);

		val[c] = o->col[c];
		/* an omitted scene says nothing of itself but that */
		if (omitted)
			continue;
		if (d == NULL || (o->col[c] != NULL && strcmp(o->col[c], d) == 0))
			continue;
		val[c] = d;
		changed_col[c] = 1;
		from.len = to.len = 0;
		json_text_or_null(&from, o->col[c]);
		json_text_or_null(&to, d);
		field(&f, &n, col_name[c], sb_buf_str(&from), sb_buf_str(&to));
	}
	if (!omitted && s->have_eighths && (!o->have_eighths || o->eighths != s->eighths)) {
		from.len = to.len = 0;
		json_pages(&from, o->eighths, o->have_eighths);
		json_pages(&to, s->eighths, 1);
		field(&f, &n, "pages", sb_buf_str(&from), sb_buf_str(&to));
		eighths = s->eighths;
		have_eighths = 1;
		pages_changed = 1;
	}
	if (!omitted && s->have_est && (!o->have_est || o->est != s->est_ms)) {
		from.len = to.len = 0;
		sb_json_int_or_null(&from, o->est, o->have_est);
		sb_json_int_or_null(&to, s->est_ms, 1);
		field(&f, &n, "est_ms", sb_buf_str(&from), sb_buf_str(&to));
		est = s->est_ms;
		have_est = 1;
		est_changed = 1;
	}
	if (omitted != o->omitted) {
		field(&f, &n, "omitted", o->omitted ? "true" : "false",
		    omitted ? "true" : "false");
	}
	/*
	 * The elements of each category the draft knows, by name under
	 * "elements"; the fixed ones (Set, INT/EXT...) are their columns above.
	 */
	if ((cat_changed = calloc(m->p->ncats + 1, sizeof(int))) == NULL) {
		rc = oom(m);
		goto out;
	}
	for (size_t k = 0; k < m->p->ncats; k++) {
		int64_t cat;

		if (omitted || is_fixed_ucid(m->p->cats[k].ucid))
			continue;
		from.len = to.len = 0;
		if ((rc = category_id(m, k, &cat)) != SB_OK ||
		    (rc = old_names(m, o->id, cat, &from)) != SB_OK ||
		    (rc = new_names(m, s, k, &to)) != SB_OK)
			goto out;
		if (strcmp(sb_buf_str(&from), sb_buf_str(&to)) == 0)
			continue;
		cat_changed[k] = 1;
		field(&els, &nel, m->p->cats[k].name, sb_buf_str(&from), sb_buf_str(&to));
	}
	if (nel > 0) {
		sb_buf_printf(&f, "%s\"elements\":{%s}", n > 0 ? "," : "", sb_buf_str(&els));
		n++;
	}
	if (f.failed || els.failed || from.failed || to.failed) {
		rc = oom(m);
		goto out;
	}
	if (n == 0) {
		m->imp->sum->unchanged++;
		goto out;
	}
	if ((rc = strip_image(m, o->id, &image)) != SB_OK)
		goto out;
	memset(&row, 0, sizeof(row));
	row.id = o->id;
	row.version = o->version;
	row.scene = scene;
	row.int_ext = val[C_IE];
	row.day_night = val[C_DN];
	row.set_name = val[C_SET];
	row.location = val[C_LOC];
	row.script_day = val[C_SDAY];
	row.synopsis = val[C_SYN];
	row.comments = val[C_COMM];
	row.script_page = val[C_PAGE];
	row.eighths = eighths;
	row.has_eighths = have_eighths;
	row.est_ms = est;
	row.has_est_ms = have_est;
	row.omitted = omitted;
	if ((rc = store_strip_update_script(m->ctx, &row, &updated)) != SB_OK)
		goto out;
	if (!updated) {
		rc = sb_err(m->ctx, SB_ECONFLICT, "strip %s changed while it was merged",
		    o->uid != NULL ? o->uid : "?");
		goto out;
	}
	/* what a USS file said of a key now set no longer holds */
	if (scene != o->scene && (rc = forget_uss_key(m, o->id, "scene")) != SB_OK)
		goto out;
	if (pages_changed && (rc = forget_uss_key(m, o->id, "pages")) != SB_OK)
		goto out;
	if (est_changed && ((rc = forget_uss_key(m, o->id, "duration")) != SB_OK ||
	    (rc = forget_uss_key(m, o->id, "time")) != SB_OK))
		goto out;
	for (int c = 0; c < NCOLS; c++) {
		if (changed_col[c] && col_uss[c] != NULL &&
		    (rc = forget_uss_key(m, o->id, col_uss[c])) != SB_OK)
			goto out;
		if (!changed_col[c] || col_ucid[c] < 0)
			continue;
		/* the fixed columns are elements too: relink the draft's */
		for (size_t k = 0; k < m->p->ncats; k++)
			if (m->p->cats[k].ucid == col_ucid[c])
				cat_changed[k] = 1;
	}
	for (size_t k = 0; k < m->p->ncats; k++) {
		int64_t cat;

		if (!cat_changed[k])
			continue;
		if ((rc = category_id(m, k, &cat)) != SB_OK ||
		    (rc = store_strip_element_delete_category(m->ctx, o->id, cat)) != SB_OK ||
		    (rc = link_draft(m, o->id, s, k)) != SB_OK ||
		    (rc = forget_uss_key(m, o->id, "elements")) != SB_OK)
			goto out;
	}
	if (omitted && !o->omitted) {
		change = "omitted";
		m->imp->sum->omitted++;
	} else if (!omitted && o->omitted) {
		change = "restored";
		m->imp->sum->restored++;
	} else {
		change = "changed";
		m->imp->sum->changed++;
	}
	rc = report(m, scene, o->uid, change, &f, o->id, o->version, o->version + 1, image);
out:
	json_decref(image);
	free(cat_changed);
	sb_buf_free(&f);
	sb_buf_free(&els);
	sb_buf_free(&from);
	sb_buf_free(&to);
	return rc;
}

/* A key after the last strip of a day; SB_EDATA if it would grow too long. */
static int
end_key(struct merge *m, int64_t day, char key[SB_KEY_MAX + 2])
{
	static const char last[] =
	    "SELECT pos FROM placement WHERE day_id = ?1 ORDER BY pos DESC LIMIT 1";
	sb_st *st = sb_stmt(m->ctx, last);
	char lo[SB_KEY_MAX + 2], (*out)[SB_KEY_MAX + 2] = (char (*)[SB_KEY_MAX + 2])key;
	int step, have_lo = 0;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, day);
	step = sb_step(st);
	if (step == SQLITE_ROW) {
		snprintf(lo, sizeof(lo), "%s", ctext(st, 0));
		have_lo = 1;
	}
	sb_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return sb_sqlerr(m->ctx, "placement");
	return sb_keys_between(have_lo ? lo : NULL, NULL, 1, out);
}

/* Put a new strip at the end of the boneyard of every board. */
static int
to_boneyards(struct merge *m, int64_t strip)
{
	static const char boards[] =
	    "SELECT id, name FROM board WHERE project_id = ?1 ORDER BY rank, id";
	sb_st *st = sb_stmt(m->ctx, boards);
	int64_t *ids = NULL;
	char **names = NULL;
	size_t n = 0, cap = 0, names_cap = 0;
	int rc = SB_OK, step;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, m->imp->project_id);
	/* read the boards first: the writes below reuse the statement cache */
	while ((step = sb_step(st)) == SQLITE_ROW) {
		void *a = sb_grow(ids, &cap, n, 8, sizeof(*ids)), *b;

		if (a == NULL) {
			rc = oom(m);
			break;
		}
		ids = a;
		if ((b = sb_grow(names, &names_cap, n, 8, sizeof(*names))) == NULL) {
			rc = oom(m);
			break;
		}
		names = b;
		ids[n] = sb_col_int64(st, 0);
		if ((names[n] = sb_strdup(ctext(st, 1))) == NULL) {
			rc = oom(m);
			break;
		}
		n++;
	}
	sb_reset(st);
	if (rc == SB_OK && step != SQLITE_DONE)
		rc = sb_sqlerr(m->ctx, "boards");
	for (size_t i = 0; i < n && rc == SB_OK; i++) {
		struct sb_place from;
		char key[1][SB_KEY_MAX + 2];
		int64_t lane, day, v;

		memset(&from, 0, sizeof(from));
		if ((rc = sb_lane_get(m->ctx, ids[i], "boneyard", 1, &lane)) != SB_OK ||
		    (rc = sb_list_day(m->ctx, ids[i], lane, 1, &day)) != SB_OK)
			break;
		if ((rc = end_key(m, day, key[0])) == SB_EDATA) {
			/* the keys grew long: lay the boneyard out afresh, then again */
			if ((rc = sb_rebalance_day(m->ctx, day)) == SB_OK)
				rc = end_key(m, day, key[0]);
		}
		if (rc != SB_OK)
			break;
		rc = sb_place_write(m->ctx, m->imp->project_id, ids[i], names[i], &from,
		    strip, day, 0, key[0], &v);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(ids);
	return rc;
}

/* Does the project have a strip of this uid?  1 yes, 0 no, SB_EFAIL. */
static int
uid_taken(struct merge *m, const char *uid)
{
	static const char sql[] = "SELECT 1 FROM strip WHERE project_id = ?1 AND uid = ?2";
	sb_st *st = sb_stmt(m->ctx, sql);
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, m->imp->project_id);
	sb_bind_text(st, 2, uid);
	rc = sb_step(st);
	sb_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : sb_sqlerr(m->ctx, "strip");
}

static int
add_one(struct merge *m, const struct sb_prod_strip *s)
{
	struct sb_prod_strip fresh;
	struct sb_buf f, els, v;
	char uid[25];
	int64_t id;
	int n = 0, nel = 0, rc;

	/*
	 * A stable id the project already gives another strip (one that a
	 * scene number matched): this strip gets an id of its own.
	 */
	fresh = *s;
	if (s->uid != NULL) {
		if ((rc = uid_taken(m, s->uid)) < 0)
			return rc;
		if (rc == 1)
			fresh.uid = NULL;
	}
	if (fresh.uid == NULL) {
		sb_uid_new(uid);
		fresh.uid = uid;
	}
	if ((rc = sb_prod_insert_strip(m->imp, &fresh, m->next_rank++, &id)) != SB_OK)
		return rc;
	for (size_t k = 0; k < m->p->ncats; k++)
		if ((rc = link_draft(m, id, s, k)) != SB_OK)
			return rc;
	sb_buf_init(&f);
	sb_buf_init(&els);
	sb_buf_init(&v);
	for (int c = 0; c < NCOLS; c++) {
		if (draft_col(s, c) == NULL)
			continue;
		v.len = 0;
		sb_json_quote(&v, draft_col(s, c));
		field(&f, &n, col_name[c], "null", sb_buf_str(&v));
	}
	if (s->have_eighths) {
		v.len = 0;
		json_pages(&v, s->eighths, 1);
		field(&f, &n, "pages", "null", sb_buf_str(&v));
	}
	if (s->have_est) {
		v.len = 0;
		sb_json_int_or_null(&v, s->est_ms, 1);
		field(&f, &n, "est_ms", "null", sb_buf_str(&v));
	}
	for (size_t k = 0; k < m->p->ncats; k++) {
		if (is_fixed_ucid(m->p->cats[k].ucid))
			continue;
		v.len = 0;
		if ((rc = new_names(m, s, k, &v)) != SB_OK)
			break;
		if (strcmp(sb_buf_str(&v), "[]") != 0)
			field(&els, &nel, m->p->cats[k].name, "[]", sb_buf_str(&v));
	}
	if (nel > 0)
		sb_buf_printf(&f, "%s\"elements\":{%s}", n++ > 0 ? "," : "",
		    sb_buf_str(&els));
	if (rc == SB_OK && (f.failed || els.failed || v.failed))
		rc = oom(m);
	if (rc == SB_OK) {
		m->imp->sum->added++;
		rc = report(m, s->scene, fresh.uid, "added", &f, id, 0, 1, NULL);
	}
	/*
	 * into the boneyards after its own audit row: sb-log revert undoes the
	 * newest first, so the placements go before the strip they hold
	 */
	if (rc == SB_OK)
		rc = to_boneyards(m, id);
	sb_buf_free(&f);
	sb_buf_free(&els);
	sb_buf_free(&v);
	return rc;
}

/* One audit row for the revision as a whole, on the project. */
static int
audit_revision(struct merge *m)
{
	static const char sql[] = "SELECT version FROM project WHERE id = ?1";
	const struct sb_import_summary *sum = m->imp->sum;
	sb_st *st = sb_stmt(m->ctx, sql);
	struct sb_buf b;
	int64_t version;
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, m->imp->project_id);
	rc = sb_step(st);
	version = sb_col_int64(st, 0);
	sb_reset(st);
	if (rc != SQLITE_ROW)
		return sb_sqlerr(m->ctx, "project");
	sb_buf_init(&b);
	sb_buf_printf(&b, "{\"revision\":{\"format\":\"%s\",\"file\":",
	    sb_format_name(sum->format));
	sb_json_quote(&b, m->imp->in->name);
	sb_buf_printf(&b, ",\"changed\":%lld,\"added\":%lld,\"omitted\":%lld,"
	    "\"restored\":%lld,\"unchanged\":%lld}}", (long long)sum->changed,
	    (long long)sum->added, (long long)sum->omitted, (long long)sum->restored,
	    (long long)sum->unchanged);
	rc = b.failed ? oom(m) : sb_audit(m->ctx, m->imp->project_id, "project",
	    m->imp->project_id, version, version, sb_buf_str(&b));
	sb_buf_free(&b);
	return rc;
}

/* A scene the draft no longer has: omitted, kept where it stands. */
static int
omit_one(struct merge *m, struct old_strip *o)
{
	struct sb_buf f;
	json_t *image;
	int n = 0, rc, updated;

	if ((rc = strip_image(m, o->id, &image)) != SB_OK)
		return rc;
	if ((rc = store_strip_omit(m->ctx, o->id, o->version, &updated)) != SB_OK) {
		json_decref(image);
		return rc;
	}
	if (!updated) {
		json_decref(image);
		return sb_err(m->ctx, SB_ECONFLICT, "strip %s changed while it was merged",
		    o->uid != NULL ? o->uid : "?");
	}
	sb_buf_init(&f);
	field(&f, &n, "omitted", "false", "true");
	m->imp->sum->omitted++;
	rc = f.failed ? oom(m) : report(m, o->scene, o->uid, "omitted", &f, o->id,
	    o->version, o->version + 1, image);
	json_decref(image);
	sb_buf_free(&f);
	return rc;
}

int
sb_prod_merge(struct sb_import *imp, struct sb_prod *p, struct sb_buf *changes)
{
	struct merge m;
	struct old_strip **which = NULL; /* the project's strip of each draft strip */
	size_t nscenes = 0;
	int rc = SB_OK, draft_ids = 0;

	memset(&m, 0, sizeof(m));
	m.imp = imp;
	m.ctx = imp->ctx;
	m.p = p;
	m.out = changes;
	for (size_t i = 0; i < p->nstrips; i++)
		nscenes += !p->strips[i].banner;
	if (nscenes == 0)
		return sb_err(imp->ctx, SB_EDATA, "%s: the draft has no scenes: "
		    "merging it would omit every scene of the project", imp->in->name);
	if ((m.cat_id = calloc(p->ncats + 1, sizeof(int64_t))) == NULL ||
	    (which = calloc(p->nstrips + 1, sizeof(*which))) == NULL) {
		rc = oom(&m);
		goto out;
	}
	if ((rc = find_project(&m)) != SB_OK || (rc = load_old(&m)) != SB_OK ||
	    (rc = index_old(&m)) != SB_OK)
		goto out;
	/*
	 * Match the stable ids first, all of them, then the scene numbers of
	 * the rest: a number must not take a strip a later id claims.
	 */
	for (size_t i = 0; i < p->nstrips; i++) {
		struct old_strip *o;

		if (!p->strips[i].banner && (o = match_uid(&m, &p->strips[i])) != NULL) {
			o->matched = 1;
			which[i] = o;
		}
	}
	for (size_t i = 0; i < p->nstrips; i++) {
		const struct sb_prod_strip *s = &p->strips[i];
		struct old_strip *o;

		if (s->banner || which[i] != NULL)
			continue;
		if (!has_number(s->scene)) {
			/* nothing to match it by: neither added nor merged */
			sb_import_warn(imp, "a scene with no number (%.40s%s) cannot be "
			    "matched to the project's; not merged",
			    s->set_name != NULL ? s->set_name : "no set",
			    s->set_name != NULL && strlen(s->set_name) > 40 ? "..." : "");
			continue;
		}
		if ((o = match_number(&m, s->scene)) != NULL) {
			o->matched = 1;
			which[i] = o;
		}
	}
	for (size_t i = 0; i < p->nstrips && rc == SB_OK; i++) {
		const struct sb_prod_strip *s = &p->strips[i];

		if (s->banner)
			continue;
		if (which[i] != NULL)
			rc = merge_one(&m, which[i], s, which[i]->uid != NULL &&
			    s->uid != NULL && strcmp(which[i]->uid, s->uid) == 0);
		else if (!s->omitted && has_number(s->scene))
			rc = add_one(&m, s);
		/* an omitted scene the project never had: nothing to say */
	}
	/*
	 * The scenes the draft no longer has.  One with no number is gone
	 * only if the draft names its scenes by stable id (.msd): else it
	 * could not have been matched, and is left alone.
	 */
	for (size_t i = 0; i < p->nstrips; i++)
		draft_ids |= p->strips[i].uid != NULL;
	for (size_t i = 0; i < m.nold && rc == SB_OK; i++)
		if (!m.old[i].matched && !m.old[i].omitted &&
		    (has_number(m.old[i].scene) || draft_ids))
			rc = omit_one(&m, &m.old[i]);
	/* a draft that changed nothing leaves the file as it was */
	if (rc == SB_OK && imp->sum->changed + imp->sum->added + imp->sum->omitted +
	    imp->sum->restored > 0)
		rc = audit_revision(&m);
out:
	free_old(&m);
	free(m.by_scene);
	free(m.by_uid);
	free(m.cat_id);
	free(which);
	return rc;
}
