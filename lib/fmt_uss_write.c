/*
 * fmt_uss_write.c - the Universal Schedule Standard writer.
 *
 * Records are written one at a time as SQLite returns them (one compact
 * object per line), so memory stays flat however large the production.
 * Each record is built from its columns, in the written spec's key order
 * and spelling, then its `ext` keys are laid over it and its `absent` keys
 * taken out: a USS file read and written again gives the same JSON.
 */
#include <config.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "db_stmt.h"
#include "fmt_priv.h"
#include "perm_priv.h"
#include "json_priv.h"

struct uw {
	sb_ctx *ctx;
	FILE *out;
	int64_t project;
	char *buf;      /* a record's JSON text, reused record after record */
	size_t cap;
	/*
	 * The valid form (lib/fmt_uss_valid.c), streamed as the kept one is:
	 * each record made valid before it is written; the header's keys a
	 * valid file needs and the project's did not have go after the
	 * arrays, where the whole document made valid had them.
	 */
	int valid;
	json_t *created; /* the header's "created", for records without one */
	json_t *tail;    /* the header keys that go last */
};

static int
oom(struct uw *w)
{
	return sb_err(w->ctx, SB_EFAIL, "out of memory");
}

/* Text column col of st as a JSON string, or null. */
static json_t *
col_text(sb_st *st, int col)
{
	if (sb_col_type(st, col) == SQLITE_NULL)
		return json_null();
	return sb_json_new_string((const char *)sb_col_text(st, col),
	    (size_t)sb_col_bytes(st, col));
}

static json_t *
col_int(sb_st *st, int col)
{
	if (sb_col_type(st, col) == SQLITE_NULL)
		return json_null();
	return json_integer(sb_col_int64(st, col));
}

/* A flag column: NULL means the source did not say, which is true. */
static json_t *
col_flag(sb_st *st, int col)
{
	if (sb_col_type(st, col) == SQLITE_NULL)
		return json_true();
	return json_boolean(sb_col_int(st, col));
}

/* Weekdays "6,0" as [6, 0]; NULL as []. */
static json_t *
col_weekdays(sb_st *st, int col)
{
	const char *p = (const char *)sb_col_text(st, col);
	json_t *a = json_array();

	if (a == NULL || p == NULL)
		return a;
	while (*p != '\0') {
		if (*p >= '0' && *p <= '6')
			json_array_append_new(a, json_integer(*p - '0'));
		p++;
	}
	return a;
}

static json_t *
col_json(sb_st *st, int col)
{
	const char *p = (const char *)sb_col_text(st, col);

	if (p == NULL)
		return json_array();
	return json_loads(p, JSON_DECODE_ANY, NULL);
}

/* Set key to val; a NULL val (failed allocation) fails the whole object. */
static int
put(json_t *obj, const char *key, json_t *val)
{
	return val != NULL && json_object_set_new(obj, key, val) == 0;
}

/* Lay the record's ext over obj and take out its absent keys. */
static int
apply_ext(struct uw *w, json_t *obj, sb_st *st, int ext_col, int absent_col,
    const char *what)
{
	const char *ext = (const char *)sb_col_text(st, ext_col);
	const char *absent = (const char *)sb_col_text(st, absent_col);

	if (ext != NULL) {
		json_t *e = json_loads(ext, 0, NULL);

		if (!json_is_object(e)) {
			json_decref(e);
			return sb_err(w->ctx, SB_EDATA, "%s: %s: ext is not a JSON "
			    "object; the database was changed by hand", w->ctx->path, what);
		}
		if (json_object_update(obj, e) != 0) {
			json_decref(e);
			return oom(w);
		}
		json_decref(e);
	}
	while (absent != NULL && *absent != '\0') {
		const char *comma = strchr(absent, ',');
		size_t n = comma != NULL ? (size_t)(comma - absent) : strlen(absent);
		char key[64];

		if (n < sizeof(key)) {
			memcpy(key, absent, n);
			key[n] = '\0';
			json_object_del(obj, key);
		}
		absent += n + (comma != NULL);
	}
	return SB_OK;
}

/*
 * The compact JSON text of obj in w->buf, its length in *len.  Dumped into
 * a buffer kept from record to record and written at once: json_dumpf()
 * writes each token with its own fwrite(), a third of an export's time.
 */
static int
dump(struct uw *w, json_t *obj, size_t *len)
{
	size_t n = json_dumpb(obj, w->buf, w->cap, JSON_COMPACT);

	if (n == 0)
		return sb_err(w->ctx, SB_EFAIL, "write: cannot encode a record");
	if (n > w->cap) {
		size_t cap = w->cap ? w->cap : 4096;
		char *p;

		while (cap < n)
			cap *= 2;
		if ((p = realloc(w->buf, cap)) == NULL)
			return oom(w);
		w->buf = p;
		w->cap = cap;
		if (json_dumpb(obj, w->buf, w->cap, JSON_COMPACT) != n)
			return sb_err(w->ctx, SB_EFAIL, "write: cannot encode a record");
	}
	*len = n;
	return SB_OK;
}

/*
 * Write obj compact, a record of kind (SB_USS_*) on its line; first says
 * whether a comma goes before it.
 */
static int
emit(struct uw *w, json_t *obj, int first, int kind)
{
	size_t n;
	int rc;

	if (w->valid)
		sb_uss_valid_record(kind, obj, w->created);
	if ((rc = dump(w, obj, &n)) != SB_OK)
		return rc;
	if (!first)
		fputc(',', w->out);
	fputs("\n      ", w->out);
	fwrite(w->buf, 1, n, w->out);
	return SB_OK;
}

/* The end of an array of records: "[]" in the valid form when empty. */
static void
close_array(struct uw *w, int empty, int last)
{
	fputs(empty && w->valid ? "]" : "\n    ]", w->out);
	if (!last)
		fputs(",\n", w->out);
}

/*
 * Made valid, obj (which had the keys of before) is written as the keys
 * it had (head) then a list by hand, then the keys it gained (tail).
 */
static int
split_keys(struct uw *w, json_t *obj, json_t *before, json_t **head,
    json_t **tail)
{
	const char *k;
	json_t *v;

	*head = json_object();
	*tail = json_object();
	if (*head == NULL || *tail == NULL)
		goto oom;
	json_object_foreach(obj, k, v)
		if (json_object_set(json_object_get(before, k) != NULL ? *head : *tail,
		    k, v) != 0)
			goto oom;
	return SB_OK;
oom:
	json_decref(*head);
	json_decref(*tail);
	*head = *tail = NULL;
	return oom(w);
}

/* The keys of obj, for split_keys(). */
static json_t *
keys_of(json_t *obj)
{
	json_t *keys = json_object(), *v;
	const char *k;

	if (keys == NULL)
		return NULL;
	json_object_foreach(obj, k, v)
		if (json_object_set_new(keys, k, json_null()) != 0) {
			json_decref(keys);
			return NULL;
		}
	return keys;
}

/*
 * The valid form of a stripboard's or lane's own keys (kind): *o becomes
 * the keys it had, made valid, and *tail the keys it gained.
 */
static int
make_valid_keys(struct uw *w, json_t **o, json_t **tail, int kind)
{
	json_t *before = keys_of(*o), *head;
	int rc;

	if (before == NULL)
		return oom(w);
	sb_uss_valid_record(kind, *o, NULL);
	rc = split_keys(w, *o, before, &head, tail);
	json_decref(before);
	if (rc != SB_OK)
		return rc;
	json_decref(*o);
	*o = head;
	return SB_OK;
}

/* The keys of tail, each after a comma: a record's end, written by hand. */
static void
write_tail(struct uw *w, json_t *tail)
{
	const char *k;
	json_t *v;

	json_object_foreach(tail, k, v) {
		fputc(',', w->out);
		sb_json_write_string(w->out, k);
		fputc(':', w->out);
		json_dumpf(v, w->out, JSON_COMPACT | JSON_ENCODE_ANY);
	}
}

static int
step_err(struct uw *w, int rc, const char *what)
{
	if (rc == SQLITE_DONE)
		return SB_OK;
	return sb_sqlerr(w->ctx, what);
}

static int
write_header(struct uw *w)
{
	static const char sql[] =
	    "SELECT meta, uid, title, name, created_at FROM project WHERE id = ?1";
	sb_st *st = sb_stmt(w->ctx, sql);
	json_t *meta;
	const char *key;
	json_t *val;
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, w->project);
	if ((rc = sb_step(st)) != SQLITE_ROW)
		return rc == SQLITE_DONE ? sb_err(w->ctx, SB_ENOTFOUND, "no such project") :
		    sb_sqlerr(w->ctx, "project");
	meta = json_loads((const char *)sb_col_text(st, 0), 0, NULL);
	if (!json_is_object(meta)) {
		json_decref(meta);
		sb_reset(st);
		return sb_err(w->ctx, SB_EDATA, "%s: project meta is not a JSON object",
		    w->ctx->path);
	}
	if (json_object_size(meta) == 0) {
		/* Not read from USS: say what a USS reader needs. */
		char uid[25];

		if (sb_col_type(st, 1) == SQLITE_NULL)
			sb_uid_new(uid);
		else
			snprintf(uid, sizeof(uid), "%s", sb_col_text(st, 1));
		if (!put(meta, "id", sb_json_new_string(uid, strlen(uid))) ||
		    !put(meta, "name", col_text(st, sb_col_type(st, 2) ==
		    SQLITE_NULL ? 3 : 2)) ||
		    !put(meta, "project", col_text(st, 3)) ||
		    !put(meta, "created", col_text(st, 4)) ||
		    !put(meta, "ussVersion", json_string("1.0.0"))) {
			json_decref(meta);
			sb_reset(st);
			return oom(w);
		}
	}
	if (w->valid) {
		json_t *before = keys_of(meta), *head;
		const char *name = (const char *)sb_col_text(st, 2);

		if (name == NULL)
			name = (const char *)sb_col_text(st, 3);
		if (before == NULL) {
			json_decref(meta);
			sb_reset(st);
			return oom(w);
		}
		sb_uss_valid_header(meta, (const char *)sb_col_text(st, 1), name,
		    (const char *)sb_col_text(st, 4));
		rc = split_keys(w, meta, before, &head, &w->tail);
		json_decref(before);
		w->created = json_incref(json_object_get(meta, "created"));
		json_decref(meta);
		meta = head;
		if (rc != SB_OK) {
			sb_reset(st);
			return rc;
		}
	}
	sb_reset(st);
	fputs("{\n  \"universalScheduleStandard\": {\n", w->out);
	json_object_foreach(meta, key, val) {
		fputs("    ", w->out);
		sb_json_write_string(w->out, key);
		fputs(": ", w->out);
		json_dumpf(val, w->out, JSON_COMPACT | JSON_ENCODE_ANY);
		fputs(",\n", w->out);
	}
	json_decref(meta);
	return SB_OK;
}

static json_t *
strip_elements(struct uw *w, int64_t strip)
{
	static const char sql[] =
	    "SELECT e.uid FROM strip_element se JOIN element e ON e.id = se.element_id"
	    " WHERE se.strip_id = ?1 ORDER BY se.rank";
	sb_st *st = sb_stmt(w->ctx, sql);
	json_t *a = json_array();
	int rc;

	if (st == NULL || a == NULL) {
		json_decref(a);
		return NULL;
	}
	sb_bind_int64(st, 1, strip);
	while ((rc = sb_step(st)) == SQLITE_ROW)
		json_array_append_new(a, col_text(st, 0));
	sb_reset(st);
	if (rc != SQLITE_DONE) {
		sb_sqlerr(w->ctx, "strip elements");
		json_decref(a);
		return NULL;
	}
	return a;
}

static json_t *
pages_json(sb_st *st, int col)
{
	int64_t e;

	if (sb_col_type(st, col) == SQLITE_NULL)
		return json_null();
	e = sb_col_int64(st, col);
	if (e % 8 == 0)
		return json_integer(e / 8);
	return json_real((double)e / 8.0);
}

static int
write_breakdowns(struct uw *w)
{
	static const char sql[] =
	    "SELECT id, uid, type, scene, synopsis, comments, banner_text, script_page,"
	    " eighths, est_ms, created, ext, absent, omitted FROM strip WHERE project_id = ?1"
	    " ORDER BY rank, id";
	sb_st *st;
	int rc, first = 1;

	fputs("    \"breakdowns\": [", w->out);
	if ((st = sb_stmt(w->ctx, sql)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, w->project);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		json_t *o = json_object();
		int ok;

		ok = o != NULL && put(o, "id", col_text(st, 1)) &&
		    put(o, "type", col_text(st, 2)) &&
		    put(o, "scene", col_text(st, 3)) &&
		    put(o, "description", col_text(st, 4)) &&
		    put(o, "comments", col_text(st, 5)) &&
		    put(o, "bannerText", col_text(st, 6)) &&
		    put(o, "scriptPage", col_text(st, 7)) &&
		    put(o, "pages", pages_json(st, 8)) &&
		    put(o, "duration", col_int(st, 9)) &&
		    put(o, "elements", strip_elements(w, sb_col_int64(st, 0))) &&
		    put(o, "created", col_text(st, 10));
		if (!ok) {
			json_decref(o);
			sb_reset(st);
			return w->ctx->errmsg[0] != '\0' ? SB_EFAIL : oom(w);
		}
		/*
		 * A scene a revision of the script omitted: USS has no word for
		 * it, so an extension key says it (sb-import reads it back).
		 */
		if ((rc = apply_ext(w, o, st, 11, 12, "breakdown")) != SB_OK ||
		    (sb_col_int(st, 13) ?
		    json_object_set_new(o, "_omitted", json_true()) :
		    (json_object_del(o, "_omitted"), 0)) != 0 ||
		    (rc = emit(w, o, first, SB_USS_BREAKDOWN)) != SB_OK) {
			if (rc == SB_OK)
				rc = oom(w);
			json_decref(o);
			sb_reset(st);
			return rc;
		}
		json_decref(o);
		first = 0;
	}
	sb_reset(st);
	close_array(w, first, 0);
	return step_err(w, rc, "breakdowns");
}

static int
write_categories(struct uw *w)
{
	static const char sql[] =
	    "SELECT uid, name, ucid, created, ext, absent FROM category"
	    " WHERE project_id = ?1 ORDER BY rank, id";
	sb_st *st;
	int rc, first = 1;

	fputs("    \"categories\": [", w->out);
	if ((st = sb_stmt(w->ctx, sql)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, w->project);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		json_t *o = json_object();

		if (o == NULL || !put(o, "id", col_text(st, 0)) ||
		    !put(o, "ucid", col_int(st, 2)) ||
		    !put(o, "name", col_text(st, 1)) ||
		    !put(o, "created", col_text(st, 3))) {
			json_decref(o);
			sb_reset(st);
			return oom(w);
		}
		if ((rc = apply_ext(w, o, st, 4, 5, "category")) != SB_OK ||
		    (rc = emit(w, o, first, SB_USS_CATEGORY)) != SB_OK) {
			json_decref(o);
			sb_reset(st);
			return rc;
		}
		json_decref(o);
		first = 0;
	}
	sb_reset(st);
	close_array(w, first, 0);
	return step_err(w, rc, "categories");
}

/* The dated events of an element or a calendar. */
static json_t *
events_json(struct uw *w, const char *sql, int64_t owner)
{
	sb_st *st = sb_stmt(w->ctx, sql);
	json_t *a = json_array();
	int rc;

	if (st == NULL || a == NULL) {
		json_decref(a);
		return NULL;
	}
	sb_bind_int64(st, 1, owner);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		json_t *o = json_object();

		if (o == NULL || !put(o, "id", col_text(st, 0)) ||
		    !put(o, "type", col_text(st, 1)) ||
		    !put(o, "name", col_text(st, 2)) ||
		    !put(o, "date", col_text(st, sb_col_type(st, 3) ==
		    SQLITE_NULL ? 4 : 3)) ||
		    apply_ext(w, o, st, 5, 6, "event") != SB_OK ||
		    json_array_append_new(a, o) != 0) {
			json_decref(a);
			sb_reset(st);
			return NULL;
		}
	}
	sb_reset(st);
	if (rc != SQLITE_DONE) {
		sb_sqlerr(w->ctx, "events");
		json_decref(a);
		return NULL;
	}
	return a;
}

static int
write_elements(struct uw *w)
{
	static const char sql[] =
	    "SELECT e.id, e.uid, c.uid, e.name, e.board_id, e.is_dood, e.is_hold,"
	    " e.is_drop, e.drop_days, e.days_off, e.linked, e.is_id_lock, e.created,"
	    " e.ext, e.absent FROM element e JOIN category c ON c.id = e.category_id"
	    " WHERE e.project_id = ?1 ORDER BY e.rank, e.id";
	static const char ev_sql[] =
	    "SELECT uid, type, name, date_raw, date, ext, absent FROM element_event"
	    " WHERE element_id = ?1 ORDER BY rank, id";
	sb_st *st;
	int rc, first = 1;

	fputs("    \"elements\": [", w->out);
	if ((st = sb_stmt(w->ctx, sql)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, w->project);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		json_t *o = json_object();
		int ok;

		ok = o != NULL && put(o, "id", col_text(st, 1)) &&
		    put(o, "category", col_text(st, 2)) &&
		    put(o, "name", col_text(st, 3)) &&
		    put(o, "elementId", col_text(st, 4)) &&
		    put(o, "isDood", col_flag(st, 5)) &&
		    put(o, "isHold", col_flag(st, 6)) &&
		    put(o, "isDrop", col_flag(st, 7)) &&
		    put(o, "dropDayCount", col_int(st, 8)) &&
		    put(o, "daysOff", col_weekdays(st, 9)) &&
		    put(o, "events", events_json(w, ev_sql, sb_col_int64(st, 0))) &&
		    put(o, "linkedElements", col_json(st, 10)) &&
		    put(o, "isIdLock", sb_col_type(st, 11) == SQLITE_NULL ?
		    json_false() : json_boolean(sb_col_int(st, 11))) &&
		    put(o, "created", col_text(st, 12));
		if (!ok) {
			json_decref(o);
			sb_reset(st);
			return w->ctx->errmsg[0] != '\0' ? SB_EFAIL : oom(w);
		}
		if ((rc = apply_ext(w, o, st, 13, 14, "element")) != SB_OK ||
		    (rc = emit(w, o, first, SB_USS_ELEMENT)) != SB_OK) {
			json_decref(o);
			sb_reset(st);
			return rc;
		}
		json_decref(o);
		first = 0;
	}
	sb_reset(st);
	close_array(w, first, 0);
	return step_err(w, rc, "elements");
}

/* Write a record whose last key is written by hand: "{...," without "}". */
static int
emit_open(struct uw *w, json_t *o, const char *last_key, int first)
{
	size_t n;
	int rc;

	if ((rc = dump(w, o, &n)) != SB_OK)
		return rc;
	if (!first)
		fputs(",\n", w->out);
	fwrite(w->buf, 1, n - 1, w->out); /* without the closing brace */
	if (n > 2)
		fputc(',', w->out);
	sb_json_write_string(w->out, last_key);
	fputc(':', w->out);
	return SB_OK;
}

/*
 * The breakdown ids of one day or list, as a JSON array; a one-strip day
 * the source wrote as a bare id (bare) is written so again.  Whether the
 * day holds one strip shows at the second step: a count over the day (a
 * window function, as it was) cost more than all the rest of the list.
 */
static int
write_list(struct uw *w, int64_t day, int bare)
{
	static const char sql[] =
	    "SELECT s.uid FROM placement p JOIN strip s ON s.id = p.strip_id"
	    " WHERE p.day_id = ?1 ORDER BY p.pos";
	sb_st *st = sb_stmt(w->ctx, sql);
	char *one = NULL;
	int rc, n = 0;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, day);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		const char *uid = (const char *)sb_col_text(st, 0);

		if (n == 0 && bare) {
			/* held back until the next step says whether it is alone */
			if ((one = sb_strdup(uid)) == NULL) {
				sb_reset(st);
				return oom(w);
			}
		} else {
			fputc(n == 0 ? '[' : ',', w->out);
			if (one != NULL) {
				sb_json_write_string(w->out, one);
				fputc(',', w->out);
				free(one);
				one = NULL;
			}
			sb_json_write_string(w->out, uid);
		}
		n++;
	}
	sb_reset(st);
	if (n == 1 && one != NULL)
		sb_json_write_string(w->out, one);
	else
		fputs(n == 0 ? "[]" : "]", w->out);
	free(one);
	return step_err(w, rc, "placements");
}

static int
write_lane(struct uw *w, sb_st *lane, int first)
{
	static const char days_sql[] =
	    "SELECT id, uss_bare FROM day WHERE lane_id = ?1 ORDER BY pos";
	json_t *o = json_object();
	json_t *override, *tail = NULL;
	int64_t lane_id = sb_col_int64(lane, 0);
	int nested = sb_col_int(lane, 3);
	int rc;

	if (o == NULL || !put(o, "id", col_text(lane, 1)) ||
	    !put(o, "name", col_text(lane, 2))) {
		json_decref(o);
		return oom(w);
	}
	if ((rc = apply_ext(w, o, lane, 4, 5, "lane")) != SB_OK) {
		json_decref(o);
		return rc;
	}
	override = json_object_get(o, "breakdownIds");
	if (override != NULL || (sb_col_text(lane, 5) != NULL &&
	    strstr((const char *)sb_col_text(lane, 5), "breakdownIds") != NULL)) {
		/* The source had no list, or one the model cannot say. */
		if (w->valid) {
			size_t n;

			/* in the valid form a stripboard is one line */
			sb_uss_valid_record(SB_USS_LANE, o, NULL);
			if ((rc = dump(w, o, &n)) == SB_OK) {
				if (!first)
					fputc(',', w->out);
				fwrite(w->buf, 1, n, w->out);
			}
		} else {
			rc = emit(w, o, first, SB_USS_LANE);
		}
		json_decref(o);
		return rc;
	}
	if (w->valid && (rc = make_valid_keys(w, &o, &tail, SB_USS_LANE_KEYS)) != SB_OK) {
		json_decref(o);
		return rc;
	}
	if (!first)
		fputs(",", w->out);
	rc = emit_open(w, o, "breakdownIds", 1);
	json_decref(o);
	if (rc != SB_OK) {
		json_decref(tail);
		return rc;
	}
	if (!nested) {
		sb_st *st = sb_stmt(w->ctx, days_sql);
		int64_t day = 0;

		if (st == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, lane_id);
		if ((rc = sb_step(st)) == SQLITE_ROW)
			day = sb_col_int64(st, 0);
		sb_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return sb_sqlerr(w->ctx, "days");
		if (day == 0)
			fputs("[]", w->out);
		else if ((rc = write_list(w, day, 0)) != SB_OK)
			return rc;
	} else {
		/* Days are read with their own statement: write_list reuses its own. */
		sb_st *st;
		int n = 0;

		if (sb_prepare(w->ctx, days_sql, &st) != SQLITE_OK)
			return sb_sqlerr(w->ctx, "days");
		sb_bind_int64(st, 1, lane_id);
		fputc('[', w->out);
		while ((rc = sb_step(st)) == SQLITE_ROW) {
			if (n++ > 0)
				fputc(',', w->out);
			if ((rc = write_list(w, sb_col_int64(st, 0),
			    sb_col_int(st, 1))) != SB_OK) {
				sb_finalize(st);
				return rc;
			}
		}
		fputc(']', w->out);
		if (rc != SQLITE_DONE) {
			rc = sb_sqlerr(w->ctx, "days");
			sb_finalize(st);
			return rc;
		}
		sb_finalize(st);
	}
	write_tail(w, tail);
	json_decref(tail);
	fputc('}', w->out);
	return SB_OK;
}

static int
write_stripboards(struct uw *w)
{
	static const char sql[] =
	    "SELECT b.id, b.uid, b.name, c.uid, b.ext, b.absent FROM board b"
	    " LEFT JOIN calendar c ON c.id = b.calendar_id"
	    " WHERE b.project_id = ?1 ORDER BY b.rank, b.id";
	static const char lanes_sql[] =
	    "SELECT id, uid, name, nested, ext, absent FROM lane WHERE board_id = ?1"
	    " ORDER BY rank, id";
	sb_st *st, *lanes = NULL;
	json_t *tail = NULL;
	int rc, first = 1;

	fputs("    \"stripboards\": [", w->out);
	if (sb_prepare(w->ctx, sql, &st) != SQLITE_OK ||
	    sb_prepare(w->ctx, lanes_sql, &lanes) != SQLITE_OK) {
		rc = sb_sqlerr(w->ctx, "stripboards");
		goto out;
	}
	sb_bind_int64(st, 1, w->project);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		json_t *o = json_object();
		int lane_first = 1, r2;

		if (o == NULL || !put(o, "id", col_text(st, 1)) ||
		    !put(o, "name", col_text(st, 2)) ||
		    !put(o, "calendar", col_text(st, 3))) {
			json_decref(o);
			rc = oom(w);
			goto out;
		}
		if ((rc = apply_ext(w, o, st, 4, 5, "stripboard")) != SB_OK) {
			json_decref(o);
			goto out;
		}
		if (json_object_get(o, "boards") != NULL ||
		    (sb_col_text(st, 5) != NULL &&
		    strstr((const char *)sb_col_text(st, 5), "boards") != NULL)) {
			rc = emit(w, o, first, SB_USS_STRIPBOARD);
			json_decref(o);
			if (rc != SB_OK)
				goto out;
			first = 0;
			continue;
		}
		if (w->valid &&
		    (rc = make_valid_keys(w, &o, &tail, SB_USS_BOARD_KEYS)) != SB_OK) {
			json_decref(o);
			goto out;
		}
		if (!first)
			fputc(',', w->out);
		fputs("\n      ", w->out);
		rc = emit_open(w, o, "boards", 1);
		json_decref(o);
		if (rc != SB_OK)
			goto out;
		fputc('[', w->out);
		sb_reset(lanes);
		sb_bind_int64(lanes, 1, sb_col_int64(st, 0));
		while ((r2 = sb_step(lanes)) == SQLITE_ROW) {
			if ((rc = write_lane(w, lanes, lane_first)) != SB_OK)
				goto out;
			lane_first = 0;
		}
		if (r2 != SQLITE_DONE) {
			rc = sb_sqlerr(w->ctx, "lanes");
			goto out;
		}
		fputc(']', w->out);
		write_tail(w, tail);
		json_decref(tail);
		tail = NULL;
		fputc('}', w->out);
		first = 0;
	}
	close_array(w, first, 0);
	rc = step_err(w, rc, "stripboards");
out:
	json_decref(tail);
	sb_finalize(lanes);
	sb_finalize(st);
	return rc;
}

static int
write_calendars(struct uw *w)
{
	static const char sql[] =
	    "SELECT id, uid, name, days_off, ext, absent FROM calendar"
	    " WHERE project_id = ?1 ORDER BY rank, id";
	static const char ev_sql[] =
	    "SELECT uid, type, name, date_raw, date, ext, absent FROM calendar_day"
	    " WHERE calendar_id = ?1 ORDER BY rank, id";
	sb_st *st;
	int rc, first = 1;

	fputs("    \"calendars\": [", w->out);
	if ((st = sb_stmt(w->ctx, sql)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, w->project);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		json_t *o = json_object();

		if (o == NULL || !put(o, "id", col_text(st, 1)) ||
		    !put(o, "name", col_text(st, 2)) ||
		    !put(o, "daysOff", col_weekdays(st, 3)) ||
		    !put(o, "events", events_json(w, ev_sql, sb_col_int64(st, 0)))) {
			json_decref(o);
			sb_reset(st);
			return w->ctx->errmsg[0] != '\0' ? SB_EFAIL : oom(w);
		}
		if ((rc = apply_ext(w, o, st, 4, 5, "calendar")) != SB_OK ||
		    (rc = emit(w, o, first, SB_USS_CALENDAR)) != SB_OK) {
			json_decref(o);
			sb_reset(st);
			return rc;
		}
		json_decref(o);
		first = 0;
	}
	sb_reset(st);
	close_array(w, first, 1);
	return step_err(w, rc, "calendars");
}

/* The writer of the table's row: a USS file holds every board. */
int
sb_uss_write(sb_ctx *ctx, int64_t project_id, const char *board, int format,
    FILE *out)
{
	(void)board;
	(void)format;
	return sb_export_uss(ctx, project_id, out);
}

/*
 * The project as it was read and kept: every record with its extension
 * keys; or (valid) made valid for the standard's validator, a record at a
 * time.
 */
static int
uss_write(sb_ctx *ctx, int64_t project_id, FILE *out, int valid)
{
	struct uw w = { ctx, out, project_id, NULL, 0, valid, NULL, NULL };
	struct sb_scope s = { project_id, 0, 0, 0 };
	int rc;

	ctx->errmsg[0] = '\0';
	if ((rc = sb_perm_require(ctx, SB_ACT_READ, &s)) != SB_OK)
		return rc;
	/* One read transaction: the file is one consistent snapshot. */
	if ((rc = sb_exec(ctx, "BEGIN")) != SB_OK)
		return rc;
	if ((rc = write_header(&w)) == SB_OK &&
	    (rc = write_breakdowns(&w)) == SB_OK &&
	    (rc = write_categories(&w)) == SB_OK &&
	    (rc = write_elements(&w)) == SB_OK &&
	    (rc = write_stripboards(&w)) == SB_OK &&
	    (rc = write_calendars(&w)) == SB_OK) {
		const char *key;
		json_t *val;

		json_object_foreach(w.tail, key, val) {
			fputs(",\n    ", out);
			sb_json_write_string(out, key);
			fputs(": ", out);
			json_dumpf(val, out, JSON_COMPACT | JSON_ENCODE_ANY);
		}
		fputs("\n  }\n}\n", out);
	}
	sb_rollback(ctx);
	free(w.buf);
	json_decref(w.tail);
	json_decref(w.created);
	if (rc == SB_OK && ferror(out))
		rc = sb_err(ctx, SB_EFAIL, "write error");
	return rc;
}

int
sb_uss_json(sb_ctx *ctx, int64_t project_id, json_t **root)
{
	char *text = NULL;
	size_t len = 0;
	json_error_t err;
	FILE *mem;
	int rc;

	*root = NULL;
	if ((mem = open_memstream(&text, &len)) == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	rc = uss_write(ctx, project_id, mem, 0);
	if (fclose(mem) != 0 && rc == SB_OK)
		rc = sb_err(ctx, SB_EFAIL, "out of memory");
	if (rc == SB_OK && (*root = json_loadb(text, len, 0, &err)) == NULL)
		rc = sb_err(ctx, SB_EFAIL, "internal error: the USS writer wrote "
		    "what it cannot read back: line %d: %s", err.line, err.text);
	free(text);
	return rc;
}

/*
 * Whether the project came from a USS file: its last import says so.  A
 * project from anything else has no quirks of a USS file to keep.
 */
static int
from_uss(sb_ctx *ctx, int64_t project_id, int *yes)
{
	/* plain SQL (no JSON functions), so that every backend runs it */
	static const char sql[] =
	    "SELECT changes FROM audit WHERE project_id = ?1 AND entity = 'project'"
	    " ORDER BY id DESC";
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	*yes = 0;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, project_id);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sb_col_text(st, 0);
		json_t *c = t != NULL ? json_loads(t, 0, NULL) : NULL;
		const char *f = json_string_value(json_object_get(json_object_get(c,
		    "import"), "format"));

		if (f != NULL) {
			*yes = strcmp(f, "uss") == 0;
			json_decref(c);
			break;
		}
		json_decref(c);
	}
	sb_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "audit");
}

int
sb_export_uss(sb_ctx *ctx, int64_t project_id, FILE *out)
{
	int rc, uss = 0;

	ctx->errmsg[0] = '\0';
	if (ctx->export_flags & SB_EXPORT_KEPT)
		return uss_write(ctx, project_id, out, 0);
	if (!(ctx->export_flags & SB_EXPORT_VALID)) {
		if ((rc = from_uss(ctx, project_id, &uss)) != SB_OK)
			return rc;
		if (uss)
			return uss_write(ctx, project_id, out, 0);
	}
	return uss_write(ctx, project_id, out, 1);
}
