/*
 * fmt_uss_read.c - the Universal Schedule Standard reader.
 *
 * A USS file is one JSON document; it is parsed whole with Jansson (no
 * duplicate keys, no NUL in strings, UTF-8 checked) and written into the
 * project record by record.  What the model holds goes to columns; every
 * other key, and any value of a modelled key the columns cannot express,
 * goes verbatim to the row's `ext`, and missing keys to `absent`, so the
 * USS writer gives the file back.  The spelling variants of real files
 * (type "strip", "time", "doodDayCount", "breakdownArrays") are read as
 * the written spec's.
 */
#include <config.h>

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fmt_priv.h"
#include "store.h"

/* Slots of the categories a strip shows as its own columns, by ucid. */
enum { FIX_SET = 0, FIX_IE = 1, FIX_DN = 2, FIX_SCRIPT_DAY = 3, FIX_LOCATION = 6,
	FIX_SLOTS = 7 };

struct uss {
	struct sb_import *imp;
	sb_ctx *ctx;
	const char *file;
	json_t *cats;   /* uid -> [rowid, fixed slot or -1] */
	json_t *els;    /* uid -> [rowid, fixed slot or -1, name if fixed] */
	json_t *strips; /* uid -> rowid */
	json_t *cals;   /* uid -> rowid */
	int64_t fixed_cat[FIX_SLOTS];
	char where[320];
};

static int
bad(struct uss *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
bad(struct uss *u, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sb_err(u->ctx, SB_EDATA, "%s: %s: %s", u->file, u->where, msg);
}

static void
set_where(struct uss *u, const char *array, size_t i, json_t *obj)
{
	json_t *id = json_is_object(obj) ? json_object_get(obj, "id") : NULL;

	if (json_is_string(id))
		snprintf(u->where, sizeof(u->where), "%s[%zu] (id %.64s)", array, i,
		    json_string_value(id));
	else
		snprintf(u->where, sizeof(u->where), "%s[%zu]", array, i);
}

static const char *
type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

/*
 * The record being read: its ext object (unknown keys and values the
 * columns cannot hold) and the list of modelled keys it did not have.
 */
struct rec {
	json_t *obj;
	json_t *ext;
	struct sb_buf absent;
	char *ext_text;
};

/*
 * A value kept verbatim (in ext, or the project's header) is held to the
 * limit of a field: every string in it, and every key, at most SB_MAX_FIELD
 * bytes.  path names it in the message (key, key.sub, key[3]).
 */
static int
check_kept(struct uss *u, const char *path, json_t *val)
{
	char sub[200];
	const char *k;
	json_t *v;
	size_t i;
	int rc;

	switch (json_typeof(val)) {
	case JSON_STRING:
		if (json_string_length(val) > SB_MAX_FIELD)
			return bad(u, "%s: %zu bytes, more than the %d a field may hold",
			    path, json_string_length(val), SB_MAX_FIELD);
		return SB_OK;
	case JSON_OBJECT:
		json_object_foreach(val, k, v) {
			if (strlen(k) > SB_MAX_FIELD)
				return bad(u, "%s: a key of %zu bytes, more than the %d a "
				    "field may hold", path, strlen(k), SB_MAX_FIELD);
			snprintf(sub, sizeof(sub), "%.120s.%.64s", path, k);
			if ((rc = check_kept(u, sub, v)) != SB_OK)
				return rc;
		}
		return SB_OK;
	case JSON_ARRAY:
		json_array_foreach(val, i, v) {
			snprintf(sub, sizeof(sub), "%.120s[%zu]", path, i);
			if ((rc = check_kept(u, sub, v)) != SB_OK)
				return rc;
		}
		return SB_OK;
	default:
		return SB_OK;
	}
}

/* A top-level key kept verbatim: the key and its value within the limit. */
static int
check_kept_key(struct uss *u, const char *key, json_t *val)
{
	if (strlen(key) > SB_MAX_FIELD)
		return bad(u, "a key of %zu bytes, more than the %d a field may hold",
		    strlen(key), SB_MAX_FIELD);
	return check_kept(u, key, val);
}

/* The kept values of one record, as stored: SB_MAX_KEPT at most. */
static int
check_kept_text(struct uss *u, const char *text)
{
	size_t len = strlen(text);

	if (len > SB_MAX_KEPT)
		return bad(u, "the keys kept for the round trip take %zu bytes, "
		    "more than the %d a record may keep", len, SB_MAX_KEPT);
	return SB_OK;
}

static int
rec_begin(struct uss *u, struct rec *r, json_t *obj, const char *const known[])
{
	int rc;

	const char *key;
	json_t *val;

	r->obj = obj;
	r->ext = json_object();
	r->ext_text = NULL;
	sb_buf_init(&r->absent);
	if (r->ext == NULL)
		return sb_err(u->ctx, SB_EFAIL, "out of memory");
	json_object_foreach(obj, key, val) {
		size_t i;

		for (i = 0; known[i] != NULL; i++)
			if (strcmp(key, known[i]) == 0)
				break;
		if (known[i] != NULL)
			continue;
		if ((rc = check_kept_key(u, key, val)) != SB_OK)
			return rc;
		if (json_object_set(r->ext, key, val) != 0)
			return sb_err(u->ctx, SB_EFAIL, "out of memory");
	}
	return SB_OK;
}

/* Note key as absent unless the record has it (or its variant alt). */
static void
rec_absent(struct rec *r, const char *key, const char *alt)
{
	if (json_object_get(r->obj, key) != NULL)
		return;
	if (alt != NULL && json_object_get(r->obj, alt) != NULL)
		return;
	if (r->absent.len > 0)
		sb_buf_puts(&r->absent, ",");
	sb_buf_puts(&r->absent, key);
}

/* Keep the verbatim value of key in ext: the column cannot say it. */
static int
rec_keep(struct uss *u, struct rec *r, const char *key, json_t *val)
{
	int rc = check_kept(u, key, val);

	if (rc != SB_OK)
		return rc;
	if (json_object_set(r->ext, key, val) != 0)
		return sb_err(u->ctx, SB_EFAIL, "out of memory");
	return SB_OK;
}

static int
rec_finish(struct uss *u, struct rec *r)
{
	if (r->absent.failed)
		return sb_err(u->ctx, SB_EFAIL, "out of memory");
	if (json_object_size(r->ext) > 0) {
		r->ext_text = json_dumps(r->ext, JSON_COMPACT | JSON_ENCODE_ANY);
		if (r->ext_text == NULL)
			return sb_err(u->ctx, SB_EFAIL, "out of memory");
		return check_kept_text(u, r->ext_text);
	}
	return SB_OK;
}

static const char *
rec_absent_text(struct rec *r)
{
	return r->absent.len > 0 ? sb_buf_str(&r->absent) : NULL;
}

static void
rec_end(struct rec *r)
{
	json_decref(r->ext);
	free(r->ext_text);
	sb_buf_free(&r->absent);
	r->ext = NULL;
	r->ext_text = NULL;
}

/*
 * A text field: a string, null or absent (*out NULL).  With numbers_ok an
 * integer is read as its decimal text into num (and kept verbatim in ext).
 */
static int
get_text(struct uss *u, struct rec *r, const char *key, const char **out,
    char num[32])
{
	json_t *v = json_object_get(r->obj, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return SB_OK;
	if (json_is_string(v)) {
		if (json_string_length(v) > SB_MAX_FIELD)
			return bad(u, "%s: %zu bytes, more than the %d a field may hold",
			    key, json_string_length(v), SB_MAX_FIELD);
		if (strlen(json_string_value(v)) != json_string_length(v))
			return bad(u, "%s: contains a NUL character", key);
		*out = json_string_value(v);
		return SB_OK;
	}
	if (num != NULL && json_is_integer(v)) {
		snprintf(num, 32, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		*out = num;
		return rec_keep(u, r, key, v);
	}
	return bad(u, "%s: expected a string, found %s", key, type_name(v));
}

/* A required id: a non-empty string. */
static int
get_id(struct uss *u, struct rec *r, const char **out)
{
	int rc = get_text(u, r, "id", out, NULL);

	if (rc != SB_OK)
		return rc;
	if (*out == NULL || (*out)[0] == '\0')
		return bad(u, "id: missing; every record needs a unique id");
	return SB_OK;
}

/* A boolean flag: true/false, or null/absent (*out -1). */
static int
get_flag(struct uss *u, struct rec *r, const char *key, int *out)
{
	json_t *v = json_object_get(r->obj, key);

	*out = -1;
	if (v == NULL)
		return SB_OK;
	if (json_is_null(v))
		return rec_keep(u, r, key, v); /* NULL alone would mean "true" */
	if (json_is_boolean(v)) {
		*out = json_is_true(v);
		return SB_OK;
	}
	return bad(u, "%s: expected true or false, found %s", key, type_name(v));
}

/* A whole number in [lo, hi]: integer (or an integral real), or null/absent. */
static int
get_int(struct uss *u, struct rec *r, const char *key, int64_t lo, int64_t hi,
    int64_t *out, int *have)
{
	json_t *v = json_object_get(r->obj, key);
	double d;

	*have = 0;
	if (v == NULL || json_is_null(v))
		return SB_OK;
	if (json_is_integer(v)) {
		*out = json_integer_value(v);
	} else if (json_is_real(v)) {
		d = json_real_value(v);
		if (!(d >= (double)lo && d <= (double)hi) || d != (double)(int64_t)d)
			return bad(u, "%s: %g is not a whole number from %lld to %lld",
			    key, d, (long long)lo, (long long)hi);
		*out = (int64_t)d;
		if ((*out) != d)
			return bad(u, "%s: not a whole number", key);
		if (rec_keep(u, r, key, v) != SB_OK)
			return SB_EFAIL;
	} else {
		return bad(u, "%s: expected a number, found %s", key, type_name(v));
	}
	if (*out < lo || *out > hi)
		return bad(u, "%s: %lld is out of range (%lld to %lld)", key,
		    (long long)*out, (long long)lo, (long long)hi);
	*have = 1;
	return SB_OK;
}

/* Weekday numbers [0..6] as "6,0"; null/absent as NULL. */
static int
get_weekdays(struct uss *u, struct rec *r, const char *key, struct sb_buf *out,
    int *have)
{
	json_t *v = json_object_get(r->obj, key), *d;
	size_t i;

	*have = 0;
	if (v == NULL)
		return SB_OK;
	if (json_is_null(v))
		return rec_keep(u, r, key, v); /* NULL alone would mean "none" */
	if (!json_is_array(v))
		return bad(u, "%s: expected an array of weekday numbers, found %s",
		    key, type_name(v));
	json_array_foreach(v, i, d) {
		if (!json_is_integer(d) || json_integer_value(d) < 0 ||
		    json_integer_value(d) > 6)
			return bad(u, "%s[%zu]: expected a weekday from 0 (Sunday) "
			    "to 6 (Saturday)", key, i);
		sb_buf_printf(out, "%s%d", i > 0 ? "," : "",
		    (int)json_integer_value(d));
	}
	if (out->failed)
		return sb_err(u->ctx, SB_EFAIL, "out of memory");
	*have = 1;
	return SB_OK;
}

static json_t *
get_array(struct uss *u, json_t *root, const char *key, int *rc)
{
	json_t *v = json_object_get(root, key);

	*rc = SB_OK;
	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_array(v)) {
		snprintf(u->where, sizeof(u->where), "%s", key);
		*rc = bad(u, "expected an array, found %s", type_name(v));
		return NULL;
	}
	return v;
}

static int
remember(struct uss *u, json_t *map, const char *kind, const char *uid,
    json_t *val)
{
	if (val == NULL)
		return sb_err(u->ctx, SB_EFAIL, "out of memory");
	if (json_object_get(map, uid) != NULL) {
		json_decref(val);
		return bad(u, "id: another %s has the id %s", kind, uid);
	}
	if (json_object_set_new(map, uid, val) != 0)
		return sb_err(u->ctx, SB_EFAIL, "out of memory");
	return SB_OK;
}

/* Refuse an id already used by another record of the same kind. */
static int
check_new(struct uss *u, json_t *map, const char *kind, const char *uid)
{
	if (json_object_get(map, uid) != NULL)
		return bad(u, "id: another %s has the id %s", kind, uid);
	return SB_OK;
}

static int
stored(struct uss *u, int rc)
{
	if (rc == SB_OK)
		return SB_OK;
	if (store_constraint(u->ctx))
		return bad(u, "refused by the database: %s", sb_db_errmsg(u->ctx));
	return sb_sqlerr(u->ctx, u->where);
}

static int
read_header(struct uss *u, json_t *root)
{
	static const char *const arrays[] = { "breakdowns", "categories",
	    "elements", "stripboards", "calendars", NULL };
	json_t *meta = json_object();
	const char *key, *name, *uid, *title;
	char *text;
	json_t *val;
	int rc;

	if (meta == NULL)
		return sb_err(u->ctx, SB_EFAIL, "out of memory");
	snprintf(u->where, sizeof(u->where), "universalScheduleStandard");
	json_object_foreach(root, key, val) {
		size_t i;

		for (i = 0; arrays[i] != NULL; i++)
			if (strcmp(key, arrays[i]) == 0)
				break;
		if (arrays[i] != NULL)
			continue;
		if ((rc = check_kept_key(u, key, val)) != SB_OK) {
			json_decref(meta);
			return rc;
		}
		json_object_set(meta, key, val);
	}
	val = json_object_get(root, "project");
	name = json_is_string(val) ? json_string_value(val) : NULL;
	val = json_object_get(root, "name");
	title = json_is_string(val) ? json_string_value(val) : NULL;
	val = json_object_get(root, "id");
	uid = json_is_string(val) ? json_string_value(val) : NULL;
	if (name == NULL || name[0] == '\0')
		name = title;
	text = json_dumps(meta, JSON_COMPACT);
	json_decref(meta);
	if (text == NULL)
		return sb_err(u->ctx, SB_EFAIL, "out of memory");
	if ((rc = check_kept_text(u, text)) != SB_OK) {
		free(text);
		return rc;
	}
	rc = sb_import_project(u->imp, name, uid, title, text);
	free(text);
	return rc;
}

static int
read_categories(struct uss *u, json_t *root)
{
	static const char *const known[] = { "id", "name", "ucid", "created", NULL };
	json_t *arr, *obj;
	size_t i;
	int rc;

	arr = get_array(u, root, "categories", &rc);
	if (arr == NULL)
		return rc;
	json_array_foreach(arr, i, obj) {
		struct rec r;
		const char *uid, *name, *created;
		int64_t ucid = 0, rowid;
		int have_ucid, slot = -1;
		struct sb_row_category row;

		set_where(u, "categories", i, obj);
		if (!json_is_object(obj))
			return bad(u, "expected an object, found %s", type_name(obj));
		if ((rc = rec_begin(u, &r, obj, known)) != SB_OK)
			goto fail;
		if ((rc = get_id(u, &r, &uid)) != SB_OK ||
		    (rc = get_text(u, &r, "name", &name, NULL)) != SB_OK ||
		    (rc = get_text(u, &r, "created", &created, NULL)) != SB_OK ||
		    (rc = get_int(u, &r, "ucid", -1000000, 1000000, &ucid, &have_ucid)) != SB_OK)
			goto fail;
		if (name == NULL) {
			rc = bad(u, "name: missing; a category needs a name");
			goto fail;
		}
		if ((rc = check_new(u, u->cats, "category", uid)) != SB_OK)
			goto fail;
		for (const char *const *k = known; *k != NULL; k++)
			rec_absent(&r, *k, NULL);
		if ((rc = rec_finish(u, &r)) != SB_OK)
			goto fail;
		memset(&row, 0, sizeof(row));
		row.project_id = u->imp->project_id;
		row.uid = uid;
		row.name = name;
		row.ucid = ucid;
		row.has_ucid = have_ucid;
		row.rank = (int64_t)i;
		row.created = created;
		row.ext = r.ext_text;
		row.absent = rec_absent_text(&r);
		if ((rc = stored(u, store_category_insert(u->ctx, &row, &rowid))) != SB_OK)
			goto fail;
		if (have_ucid && ucid >= 0 && ucid < FIX_SLOTS &&
		    (ucid == FIX_SET || ucid == FIX_IE || ucid == FIX_DN ||
		    ucid == FIX_SCRIPT_DAY || ucid == FIX_LOCATION) &&
		    u->fixed_cat[ucid] == 0) {
			slot = (int)ucid;
			u->fixed_cat[ucid] = rowid;
		}
		rc = remember(u, u->cats, "category", uid, json_pack("[Ii]",
		    (json_int_t)rowid, slot));
		if (rc != SB_OK)
			goto fail;
		rec_end(&r);
		continue;
fail:
		rec_end(&r);
		return rc;
	}
	return SB_OK;
}

/*
 * Linked elements name elements that should exist; real files (the full
 * USS sample) link to ones that do not.  The links are kept as written
 * and a dangling one is a warning, not a refusal.
 */
static int
check_links(struct uss *u, json_t *arr)
{
	json_t *obj, *links, *id;
	size_t i, j;

	json_array_foreach(arr, i, obj) {
		links = json_object_get(obj, "linkedElements");
		if (!json_is_array(links))
			continue;
		set_where(u, "elements", i, obj);
		json_array_foreach(links, j, id) {
			if (json_object_get(u->els, json_string_value(id)) == NULL)
				sb_import_warn(u->imp, "%s: linkedElements[%zu]: no element "
				    "has the id %s (kept as written)", u->where, j,
				    json_string_value(id));
		}
	}
	return SB_OK;
}

static int
read_events(struct uss *u, json_t *events, int64_t owner, int calendar,
    const char *outer)
{
	static const char *const known[] = { "id", "type", "name", "date", NULL };
	char saved[sizeof(u->where)];
	json_t *obj;
	size_t i;
	int rc = SB_OK;

	snprintf(saved, sizeof(saved), "%s", outer);
	json_array_foreach(events, i, obj) {
		struct rec r;
		const char *uid, *type, *name, *date_raw, *kind = "event";
		char date[SB_DATE_BUFSZ];
		sb_date d;

		snprintf(u->where, sizeof(u->where), "%.200s: events[%zu]", saved, i);
		if (!json_is_object(obj))
			return bad(u, "expected an object, found %s", type_name(obj));
		if ((rc = rec_begin(u, &r, obj, known)) != SB_OK)
			goto fail;
		if ((rc = get_text(u, &r, "id", &uid, NULL)) != SB_OK ||
		    (rc = get_text(u, &r, "type", &type, NULL)) != SB_OK ||
		    (rc = get_text(u, &r, "name", &name, NULL)) != SB_OK ||
		    (rc = get_text(u, &r, "date", &date_raw, NULL)) != SB_OK)
			goto fail;
		if (date_raw == NULL) {
			rc = bad(u, "date: missing; an event needs a date");
			goto fail;
		}
		if (sb_date_parse(date_raw, &d) != SB_OK) {
			rc = bad(u, "date: \"%.40s\" is not an ISO 8601 date", date_raw);
			goto fail;
		}
		sb_date_format(d, date, sizeof(date));
		if (calendar) {
			const char *n = name != NULL ? name : "";

			if (type != NULL && strcmp(type, "start") == 0)
				kind = "start";
			else if (strcasecmp(n, "holiday") == 0)
				kind = "holiday";
			else if (strcasecmp(n, "travel") == 0 ||
			    strcasecmp(n, "doodTravel") == 0 ||
			    strcasecmp(n, "companyTravel") == 0)
				kind = "travel";
			else if (strcasecmp(n, "workday") == 0 ||
			    strcasecmp(n, "exceptionWorkday") == 0 ||
			    strcasecmp(n, "work") == 0)
				kind = "work";
			else if (type != NULL && strcmp(type, "dayOff") == 0)
				kind = "off";
		}
		for (const char *const *k = known; *k != NULL; k++)
			rec_absent(&r, *k, NULL);
		if ((rc = rec_finish(u, &r)) != SB_OK)
			goto fail;
		if (calendar) {
			struct sb_row_calendar_day row;

			memset(&row, 0, sizeof(row));
			row.calendar_id = owner;
			row.rank = (int64_t)i;
			row.uid = uid;
			row.type = type;
			row.name = name;
			row.date_raw = date_raw;
			row.date = date;
			row.kind = kind;
			row.ext = r.ext_text;
			row.absent = rec_absent_text(&r);
			rc = store_calendar_day_insert(u->ctx, &row, NULL);
		} else {
			struct sb_row_element_event row;

			memset(&row, 0, sizeof(row));
			row.element_id = owner;
			row.rank = (int64_t)i;
			row.uid = uid;
			row.type = type;
			row.name = name;
			row.date_raw = date_raw;
			row.date = date;
			row.ext = r.ext_text;
			row.absent = rec_absent_text(&r);
			rc = store_element_event_insert(u->ctx, &row, NULL);
		}
		if ((rc = stored(u, rc)) != SB_OK)
			goto fail;
		rec_end(&r);
		continue;
fail:
		rec_end(&r);
		return rc;
	}
	return SB_OK;
}

static int
read_elements(struct uss *u, json_t *root)
{
	static const char *const known[] = { "id", "category", "name",
	    "elementId", "isDood", "isHold", "isDrop", "dropDayCount",
	    "doodDayCount", "daysOff", "events", "linkedElements", "isIdLock",
	    "created", NULL };
	json_t *arr, *obj;
	size_t i;
	int rc;

	arr = get_array(u, root, "elements", &rc);
	if (arr == NULL)
		return rc;
	json_array_foreach(arr, i, obj) {
		struct rec r;
		struct sb_buf days_off;
		const char *uid, *cat, *name, *board_id, *created, *drop_key;
		char num[32];
		int dood, hold, drop, lock, have_drop, have_days;
		int64_t drop_days = 0, rowid;
		json_t *cref, *events, *links;
		char *links_text = NULL;
		struct sb_row_element row;

		set_where(u, "elements", i, obj);
		if (!json_is_object(obj))
			return bad(u, "expected an object, found %s", type_name(obj));
		sb_buf_init(&days_off);
		if ((rc = rec_begin(u, &r, obj, known)) != SB_OK)
			goto fail;
		drop_key = json_object_get(obj, "dropDayCount") != NULL ||
		    json_object_get(obj, "doodDayCount") == NULL ? "dropDayCount" :
		    "doodDayCount";
		if ((rc = get_id(u, &r, &uid)) != SB_OK ||
		    (rc = get_text(u, &r, "category", &cat, NULL)) != SB_OK ||
		    (rc = get_text(u, &r, "name", &name, NULL)) != SB_OK ||
		    (rc = get_text(u, &r, "elementId", &board_id, num)) != SB_OK ||
		    (rc = get_text(u, &r, "created", &created, NULL)) != SB_OK ||
		    (rc = get_flag(u, &r, "isDood", &dood)) != SB_OK ||
		    (rc = get_flag(u, &r, "isHold", &hold)) != SB_OK ||
		    (rc = get_flag(u, &r, "isDrop", &drop)) != SB_OK ||
		    (rc = get_flag(u, &r, "isIdLock", &lock)) != SB_OK ||
		    (rc = get_int(u, &r, drop_key, 0, 100000, &drop_days, &have_drop)) != SB_OK ||
		    (rc = get_weekdays(u, &r, "daysOff", &days_off, &have_days)) != SB_OK)
			goto fail;
		if (strcmp(drop_key, "doodDayCount") == 0 &&
		    json_object_get(obj, "dropDayCount") == NULL) {
			/* read as the spec's spelling; nothing to keep */
		} else if (json_object_get(obj, "doodDayCount") != NULL &&
		    (rc = rec_keep(u, &r, "doodDayCount",
		    json_object_get(obj, "doodDayCount"))) != SB_OK) {
			goto fail;
		}
		if (cat == NULL) {
			rc = bad(u, "category: missing; an element belongs to a category");
			goto fail;
		}
		if (name == NULL) {
			rc = bad(u, "name: missing; an element needs a name");
			goto fail;
		}
		if ((rc = check_new(u, u->els, "element", uid)) != SB_OK)
			goto fail;
		cref = json_object_get(u->cats, cat);
		if (cref == NULL) {
			rc = bad(u, "category: no category has the id %s", cat);
			goto fail;
		}
		links = json_object_get(obj, "linkedElements");
		if (json_is_null(links) &&
		    (rc = rec_keep(u, &r, "linkedElements", links)) != SB_OK)
			goto fail;
		if (links != NULL && !json_is_null(links)) {
			json_t *l;
			size_t j;

			if (!json_is_array(links)) {
				rc = bad(u, "linkedElements: expected an array of ids, "
				    "found %s", type_name(links));
				goto fail;
			}
			json_array_foreach(links, j, l) {
				if (!json_is_string(l)) {
					rc = bad(u, "linkedElements[%zu]: expected an id, "
					    "found %s", j, type_name(l));
					goto fail;
				}
			}
			if ((rc = check_kept(u, "linkedElements", links)) != SB_OK)
				goto fail;
			links_text = json_dumps(links, JSON_COMPACT);
			if (links_text == NULL) {
				rc = sb_err(u->ctx, SB_EFAIL, "out of memory");
				goto fail;
			}
			if (strlen(links_text) > SB_MAX_FIELD) {
				rc = bad(u, "linkedElements: %zu bytes, more than the %d "
				    "a field may hold", strlen(links_text), SB_MAX_FIELD);
				goto fail;
			}
		}
		events = json_object_get(obj, "events");
		if (events != NULL && !json_is_null(events) && !json_is_array(events)) {
			rc = bad(u, "events: expected an array, found %s", type_name(events));
			goto fail;
		}
		if (events != NULL && json_is_null(events) &&
		    (rc = rec_keep(u, &r, "events", events)) != SB_OK)
			goto fail;
		for (const char *const *k = known; *k != NULL; k++) {
			if (strcmp(*k, "doodDayCount") == 0)
				continue;
			rec_absent(&r, *k, strcmp(*k, "dropDayCount") == 0 ?
			    "doodDayCount" : NULL);
		}
		if ((rc = rec_finish(u, &r)) != SB_OK)
			goto fail;
		memset(&row, 0, sizeof(row));
		row.project_id = u->imp->project_id;
		row.category_id = json_integer_value(json_array_get(cref, 0));
		row.uid = uid;
		row.name = name;
		row.board_id = board_id;
		row.is_dood = dood;
		row.has_is_dood = dood >= 0;
		row.is_hold = hold;
		row.has_is_hold = hold >= 0;
		row.is_drop = drop;
		row.has_is_drop = drop >= 0;
		row.drop_days = drop_days;
		row.has_drop_days = have_drop;
		row.days_off = have_days ? sb_buf_str(&days_off) : NULL;
		row.linked = links_text;
		row.is_id_lock = lock;
		row.has_is_id_lock = lock >= 0;
		row.rank = (int64_t)i;
		row.created = created;
		row.ext = r.ext_text;
		row.absent = rec_absent_text(&r);
		if ((rc = stored(u, store_element_insert(u->ctx, &row, &rowid))) != SB_OK)
			goto fail;
		/* the names of set, INT/EXT... elements go to strip columns */
		rc = remember(u, u->els, "element", uid, json_pack("[IOs?]",
		    (json_int_t)rowid, json_array_get(cref, 1),
		    json_integer_value(json_array_get(cref, 1)) >= 0 ? name : NULL));
		if (rc != SB_OK)
			goto fail;
		if (json_is_array(events) &&
		    (rc = read_events(u, events, rowid, 0, u->where)) != SB_OK)
			goto fail;
		free(links_text);
		sb_buf_free(&days_off);
		rec_end(&r);
		continue;
fail:
		free(links_text);
		sb_buf_free(&days_off);
		rec_end(&r);
		return rc;
	}
	return check_links(u, arr);
}

static int
read_breakdowns(struct uss *u, json_t *root)
{
	static const char *const known[] = { "id", "type", "scene",
	    "description", "comments", "bannerText", "scriptPage", "pages",
	    "duration", "time", "elements", "created", "_omitted", NULL };
	json_t *arr, *obj;
	size_t i;
	int rc;

	arr = get_array(u, root, "breakdowns", &rc);
	if (arr == NULL)
		return rc;
	json_array_foreach(arr, i, obj) {
		struct rec r;
		struct sb_buf fixed[FIX_SLOTS];
		const char *uid, *type, *scene, *desc, *comments, *banner, *page,
		    *created, *time_key;
		char num1[32], num2[32];
		json_t *pages, *els, *e;
		int64_t eighths = 0, est = 0, strip_id;
		int have_est, have_pages = 0, omitted;
		size_t j;
		struct sb_row_strip row;
		struct sb_row_strip_element link;
		const char **fixed_col[5];

		set_where(u, "breakdowns", i, obj);
		if (!json_is_object(obj))
			return bad(u, "expected an object, found %s", type_name(obj));
		for (int k = 0; k < FIX_SLOTS; k++)
			sb_buf_init(&fixed[k]);
		if ((rc = rec_begin(u, &r, obj, known)) != SB_OK)
			goto fail;
		time_key = json_object_get(obj, "duration") == NULL &&
		    json_object_get(obj, "time") != NULL ? "time" : "duration";
		if ((rc = get_id(u, &r, &uid)) != SB_OK ||
		    (rc = get_text(u, &r, "type", &type, NULL)) != SB_OK ||
		    (rc = get_text(u, &r, "scene", &scene, num1)) != SB_OK ||
		    (rc = get_text(u, &r, "description", &desc, NULL)) != SB_OK ||
		    (rc = get_text(u, &r, "comments", &comments, NULL)) != SB_OK ||
		    (rc = get_text(u, &r, "bannerText", &banner, NULL)) != SB_OK ||
		    (rc = get_text(u, &r, "scriptPage", &page, num2)) != SB_OK ||
		    (rc = get_text(u, &r, "created", &created, NULL)) != SB_OK ||
		    (rc = get_int(u, &r, time_key, 0, INT64_C(1000000000000), &est,
		    &have_est)) != SB_OK ||
		    (rc = get_flag(u, &r, "_omitted", &omitted)) != SB_OK ||
		    (rc = check_new(u, u->strips, "breakdown", uid)) != SB_OK)
			goto fail;
		if (strcmp(time_key, "duration") == 0 && json_object_get(obj, "time") != NULL &&
		    (rc = rec_keep(u, &r, "time", json_object_get(obj, "time"))) != SB_OK)
			goto fail;
		if (type == NULL || strcmp(type, "scene") == 0 || strcmp(type, "strip") == 0) {
			type = "scene";
		} else if (strcmp(type, "banner") != 0) {
			rc = bad(u, "type: \"%.40s\" is neither scene nor banner", type);
			goto fail;
		}
		if (json_is_null(json_object_get(obj, "type")) &&
		    (rc = rec_keep(u, &r, "type", json_null())) != SB_OK)
			goto fail;
		pages = json_object_get(obj, "pages");
		if (pages != NULL && !json_is_null(pages)) {
			int rounded = 0;

			if (!json_is_number(pages)) {
				rc = bad(u, "pages: expected a number of pages, found %s",
				    type_name(pages));
				goto fail;
			}
			if (sb_eighths_from_pages(json_number_value(pages), &eighths,
			    &rounded) != SB_OK) {
				rc = bad(u, "pages: %g is not a page count (0 to %lld pages)",
				    json_number_value(pages),
				    (long long)(SB_EIGHTHS_MAX / 8));
				goto fail;
			}
			if (rounded)
				sb_import_warn(u->imp, "%s: pages: %g rounded to %lld/8",
				    u->where, json_number_value(pages), (long long)eighths);
			have_pages = 1;
		}
		els = json_object_get(obj, "elements");
		if (els != NULL && !json_is_null(els) && !json_is_array(els)) {
			rc = bad(u, "elements: expected an array of ids, found %s",
			    type_name(els));
			goto fail;
		}
		if (els != NULL && json_is_null(els) &&
		    (rc = rec_keep(u, &r, "elements", els)) != SB_OK)
			goto fail;
		/* The strip's own columns come from its set, INT/EXT... elements. */
		json_array_foreach(els, j, e) {
			json_t *ref;
			json_int_t slot;

			if (!json_is_string(e)) {
				rc = bad(u, "elements[%zu]: expected an id, found %s", j,
				    type_name(e));
				goto fail;
			}
			ref = json_object_get(u->els, json_string_value(e));
			if (ref == NULL) {
				rc = bad(u, "elements[%zu]: no element has the id %s", j,
				    json_string_value(e));
				goto fail;
			}
			/* the name was kept when the element was read: no query */
			slot = json_integer_value(json_array_get(ref, 1));
			if (slot >= 0 && slot < FIX_SLOTS &&
			    json_is_string(json_array_get(ref, 2))) {
				if (fixed[slot].len > 0)
					sb_buf_puts(&fixed[slot], "; ");
				sb_buf_puts(&fixed[slot],
				    json_string_value(json_array_get(ref, 2)));
			}
		}
		for (const char *const *k = known; *k != NULL; k++) {
			/* an extension key is absent from most files: no need to say */
			if (strcmp(*k, "time") == 0 || strcmp(*k, "_omitted") == 0)
				continue;
			rec_absent(&r, *k, strcmp(*k, "duration") == 0 ? "time" : NULL);
		}
		if ((rc = rec_finish(u, &r)) != SB_OK)
			goto fail;
		memset(&row, 0, sizeof(row));
		row.project_id = u->imp->project_id;
		row.uid = uid;
		row.type = type;
		row.scene = scene;
		fixed_col[0] = &row.int_ext;
		fixed_col[1] = &row.day_night;
		fixed_col[2] = &row.set_name;
		fixed_col[3] = &row.location;
		fixed_col[4] = &row.script_day;
		for (int k = 0; k < 5; k++) {
			/* int_ext, day_night, set_name, location, script_day */
			static const int slot_of[5] = { FIX_IE, FIX_DN, FIX_SET,
			    FIX_LOCATION, FIX_SCRIPT_DAY };
			struct sb_buf *f = &fixed[slot_of[k]];

			if (f->failed) {
				rc = sb_err(u->ctx, SB_EFAIL, "out of memory");
				goto fail;
			}
			if (f->len > 0)
				*fixed_col[k] = sb_buf_str(f);
		}
		row.synopsis = desc;
		row.comments = comments;
		row.banner_text = banner;
		row.script_page = page;
		row.eighths = eighths;
		row.has_eighths = have_pages;
		row.est_ms = est;
		row.has_est_ms = have_est;
		row.rank = (int64_t)i;
		row.created = created;
		row.ext = r.ext_text;
		row.absent = rec_absent_text(&r);
		row.omitted = omitted == 1;
		if ((rc = stored(u, store_strip_insert(u->ctx, &row, &strip_id))) != SB_OK)
			goto fail;
		if ((rc = remember(u, u->strips, "breakdown", uid,
		    json_integer(strip_id))) != SB_OK)
			goto fail;
		json_array_foreach(els, j, e) {
			json_t *ref = json_object_get(u->els, json_string_value(e));

			link.strip_id = strip_id;
			link.element_id = json_integer_value(json_array_get(ref, 0));
			link.rank = (int64_t)j;
			if (store_strip_element_insert(u->ctx, &link) != SB_OK) {
				if (store_constraint(u->ctx))
					rc = bad(u, "elements[%zu]: the element %s is listed "
					    "twice", j, json_string_value(e));
				else
					rc = sb_sqlerr(u->ctx, u->where);
				goto fail;
			}
		}
		for (int k = 0; k < FIX_SLOTS; k++)
			sb_buf_free(&fixed[k]);
		rec_end(&r);
		continue;
fail:
		for (int k = 0; k < FIX_SLOTS; k++)
			sb_buf_free(&fixed[k]);
		rec_end(&r);
		return rc;
	}
	return SB_OK;
}

static int
read_calendars(struct uss *u, json_t *root)
{
	static const char *const known[] = { "id", "name", "daysOff", "events", NULL };
	json_t *arr, *obj;
	size_t i;
	int rc;

	arr = get_array(u, root, "calendars", &rc);
	if (arr == NULL)
		return rc;
	json_array_foreach(arr, i, obj) {
		struct rec r;
		struct sb_buf days_off;
		const char *uid, *name;
		int have_days;
		int64_t rowid;
		json_t *events;
		struct sb_row_calendar row;

		set_where(u, "calendars", i, obj);
		if (!json_is_object(obj))
			return bad(u, "expected an object, found %s", type_name(obj));
		sb_buf_init(&days_off);
		if ((rc = rec_begin(u, &r, obj, known)) != SB_OK)
			goto fail;
		if ((rc = get_id(u, &r, &uid)) != SB_OK ||
		    (rc = get_text(u, &r, "name", &name, NULL)) != SB_OK ||
		    (rc = get_weekdays(u, &r, "daysOff", &days_off, &have_days)) != SB_OK ||
		    (rc = check_new(u, u->cals, "calendar", uid)) != SB_OK)
			goto fail;
		events = json_object_get(obj, "events");
		if (events != NULL && !json_is_null(events) && !json_is_array(events)) {
			rc = bad(u, "events: expected an array, found %s", type_name(events));
			goto fail;
		}
		if (events != NULL && json_is_null(events) &&
		    (rc = rec_keep(u, &r, "events", events)) != SB_OK)
			goto fail;
		for (const char *const *k = known; *k != NULL; k++)
			rec_absent(&r, *k, NULL);
		if ((rc = rec_finish(u, &r)) != SB_OK)
			goto fail;
		memset(&row, 0, sizeof(row));
		row.project_id = u->imp->project_id;
		row.uid = uid;
		row.name = name;
		row.days_off = have_days ? sb_buf_str(&days_off) : NULL;
		row.rank = (int64_t)i;
		row.ext = r.ext_text;
		row.absent = rec_absent_text(&r);
		if ((rc = stored(u, store_calendar_insert(u->ctx, &row, &rowid))) != SB_OK)
			goto fail;
		if ((rc = remember(u, u->cals, "calendar", uid, json_integer(rowid))) != SB_OK)
			goto fail;
		if (json_is_array(events) &&
		    (rc = read_events(u, events, rowid, 1, u->where)) != SB_OK)
			goto fail;
		sb_buf_free(&days_off);
		rec_end(&r);
		continue;
fail:
		sb_buf_free(&days_off);
		rec_end(&r);
		return rc;
	}
	return SB_OK;
}

/* Place the strips of one list (a day, or a lane without days). */
static int
place_list(struct uss *u, json_t *ids, int64_t board, int64_t day)
{
	char key[SB_KEY_MAX + 2];
	json_t *id;
	size_t n = json_array_size(ids), j;

	json_array_foreach(ids, j, id) {
		struct sb_row_placement row;
		json_t *ref;

		if (!json_is_string(id))
			return bad(u, "item %zu: expected a breakdown id, found %s", j,
			    type_name(id));
		ref = json_object_get(u->strips, json_string_value(id));
		if (ref == NULL)
			return bad(u, "item %zu: no breakdown has the id %s", j,
			    json_string_value(id));
		if (sb_key_spread(j, n, key, sizeof(key)) != SB_OK)
			return sb_err(u->ctx, SB_EFAIL, "internal error: position key");
		memset(&row, 0, sizeof(row));
		row.board_id = board;
		row.strip_id = json_integer_value(ref);
		row.day_id = day;
		row.pos = key;
		if (store_placement_insert(u->ctx, &row, NULL) != SB_OK) {
			if (store_constraint(u->ctx))
				return bad(u, "item %zu: the breakdown %s is already on "
				    "this stripboard", j, json_string_value(id));
			return sb_sqlerr(u->ctx, u->where);
		}
	}
	return SB_OK;
}

static int
add_day(struct uss *u, int64_t board, int64_t lane, const char *kind,
    uint64_t i, uint64_t n, int bare, int64_t *day)
{
	struct sb_row_day row;
	char key[SB_KEY_MAX + 2];

	if (sb_key_spread(i, n, key, sizeof(key)) != SB_OK)
		return sb_err(u->ctx, SB_EFAIL, "internal error: position key");
	memset(&row, 0, sizeof(row));
	row.board_id = board;
	row.lane_id = lane;
	row.kind = kind;
	row.pos = key;
	row.uss_bare = bare;
	return stored(u, store_day_insert(u->ctx, &row, day));
}

static int
read_lanes(struct uss *u, json_t *lanes, int64_t board, const char *outer)
{
	static const char *const known[] = { "id", "name", "breakdownIds",
	    "breakdownArrays", NULL };
	char saved[sizeof(u->where)];
	int have_schedule = 0, have_boneyard = 0;
	json_t *obj;
	size_t i;
	int rc = SB_OK;

	snprintf(saved, sizeof(saved), "%s", outer);
	json_array_foreach(lanes, i, obj) {
		struct rec r;
		const char *uid, *name, *kind, *ids_key;
		json_t *ids, *first;
		size_t d0;
		int nested;
		int64_t lane, day;
		struct sb_row_lane row;

		snprintf(u->where, sizeof(u->where), "%.200s: boards[%zu]", saved, i);
		if (!json_is_object(obj))
			return bad(u, "expected an object, found %s", type_name(obj));
		if ((rc = rec_begin(u, &r, obj, known)) != SB_OK)
			goto fail;
		ids_key = json_object_get(obj, "breakdownIds") == NULL &&
		    json_object_get(obj, "breakdownArrays") != NULL ?
		    "breakdownArrays" : "breakdownIds";
		if ((rc = get_text(u, &r, "id", &uid, NULL)) != SB_OK ||
		    (rc = get_text(u, &r, "name", &name, NULL)) != SB_OK)
			goto fail;
		if (strcmp(ids_key, "breakdownIds") == 0 &&
		    json_object_get(obj, "breakdownArrays") != NULL &&
		    (rc = rec_keep(u, &r, "breakdownArrays",
		    json_object_get(obj, "breakdownArrays"))) != SB_OK)
			goto fail;
		ids = json_object_get(obj, ids_key);
		if (ids != NULL && !json_is_null(ids) && !json_is_array(ids)) {
			rc = bad(u, "%s: expected an array, found %s", ids_key,
			    type_name(ids));
			goto fail;
		}
		if (ids != NULL && json_is_null(ids) &&
		    (rc = rec_keep(u, &r, "breakdownIds", ids)) != SB_OK)
			goto fail;
		/* Cut into days if any item is a list; a bare id among the
		 * lists is then a one-strip day (the full sample has one). */
		nested = 0;
		json_array_foreach(ids, d0, first)
			if (json_is_array(first))
				nested = 1;
		if (name != NULL && strcmp(name, "stripboard") == 0 && !have_schedule) {
			kind = "schedule";
			have_schedule = 1;
		} else if (name != NULL && strcmp(name, "boneyard") == 0 && !have_boneyard) {
			kind = "boneyard";
			have_boneyard = 1;
		} else {
			kind = "other";
		}
		rec_absent(&r, "id", NULL);
		rec_absent(&r, "name", NULL);
		rec_absent(&r, "breakdownIds", "breakdownArrays");
		if ((rc = rec_finish(u, &r)) != SB_OK)
			goto fail;
		memset(&row, 0, sizeof(row));
		row.board_id = board;
		row.uid = uid;
		row.name = name != NULL ? name : "";
		row.kind = kind;
		row.nested = nested;
		row.rank = (int64_t)i;
		row.ext = r.ext_text;
		row.absent = rec_absent_text(&r);
		if ((rc = stored(u, store_lane_insert(u->ctx, &row, &lane))) != SB_OK)
			goto fail;
		if (!nested) {
			if ((rc = add_day(u, board, lane, "list", 0, 1, 0, &day)) != SB_OK)
				goto fail;
			snprintf(u->where, sizeof(u->where), "%.200s: boards[%zu]: %s",
			    saved, i, ids_key);
			if (ids != NULL && (rc = place_list(u, ids, board, day)) != SB_OK)
				goto fail;
		} else {
			json_t *list;
			size_t d, n = json_array_size(ids);

			json_array_foreach(ids, d, list) {
				snprintf(u->where, sizeof(u->where),
				    "%.200s: boards[%zu]: %s[%zu]", saved, i, ids_key, d);
				if (json_is_string(list)) {
					json_t *one = json_pack("[O]", list);

					if (one == NULL) {
						rc = sb_err(u->ctx, SB_EFAIL, "out of memory");
						goto fail;
					}
					if ((rc = add_day(u, board, lane, "shoot", d, n, 1,
					    &day)) == SB_OK)
						rc = place_list(u, one, board, day);
					json_decref(one);
					if (rc != SB_OK)
						goto fail;
					continue;
				}
				if (!json_is_array(list)) {
					rc = bad(u, "expected a list of breakdown ids (a shoot "
					    "day), found %s", type_name(list));
					goto fail;
				}
				if ((rc = add_day(u, board, lane, "shoot", d, n, 0, &day)) != SB_OK ||
				    (rc = place_list(u, list, board, day)) != SB_OK)
					goto fail;
			}
		}
		rec_end(&r);
		continue;
fail:
		rec_end(&r);
		return rc;
	}
	return SB_OK;
}

static int
read_stripboards(struct uss *u, json_t *root)
{
	static const char *const known[] = { "id", "name", "calendar", "boards", NULL };
	json_t *arr, *obj;
	size_t i;
	int rc;

	arr = get_array(u, root, "stripboards", &rc);
	if (arr == NULL)
		return rc;
	json_array_foreach(arr, i, obj) {
		struct rec r;
		const char *uid, *name, *cal;
		json_t *lanes, *cref = NULL;
		int64_t board;
		char fallback[32];
		struct sb_row_board row;

		set_where(u, "stripboards", i, obj);
		if (!json_is_object(obj))
			return bad(u, "expected an object, found %s", type_name(obj));
		if ((rc = rec_begin(u, &r, obj, known)) != SB_OK)
			goto fail;
		if ((rc = get_id(u, &r, &uid)) != SB_OK ||
		    (rc = get_text(u, &r, "name", &name, NULL)) != SB_OK ||
		    (rc = get_text(u, &r, "calendar", &cal, NULL)) != SB_OK)
			goto fail;
		if (name == NULL) {
			/* The board needs a name to be chosen by; keep the null. */
			snprintf(fallback, sizeof(fallback), "board %zu", i + 1);
			name = fallback;
			if (json_object_get(obj, "name") != NULL &&
			    (rc = rec_keep(u, &r, "name", json_null())) != SB_OK)
				goto fail;
		}
		if (cal != NULL) {
			cref = json_object_get(u->cals, cal);
			if (cref == NULL) {
				rc = bad(u, "calendar: no calendar has the id %s", cal);
				goto fail;
			}
		}
		lanes = json_object_get(obj, "boards");
		if (lanes != NULL && !json_is_null(lanes) && !json_is_array(lanes)) {
			rc = bad(u, "boards: expected an array, found %s", type_name(lanes));
			goto fail;
		}
		if (lanes != NULL && json_is_null(lanes) &&
		    (rc = rec_keep(u, &r, "boards", lanes)) != SB_OK)
			goto fail;
		for (const char *const *k = known; *k != NULL; k++)
			rec_absent(&r, *k, NULL);
		if ((rc = rec_finish(u, &r)) != SB_OK)
			goto fail;
		memset(&row, 0, sizeof(row));
		row.project_id = u->imp->project_id;
		row.uid = uid;
		row.name = name;
		row.calendar_id = cref != NULL ? json_integer_value(cref) : 0;
		row.rank = (int64_t)i;
		row.ext = r.ext_text;
		row.absent = rec_absent_text(&r);
		if ((rc = stored(u, store_board_insert(u->ctx, &row, &board))) != SB_OK)
			goto fail;
		if (json_is_array(lanes) &&
		    (rc = read_lanes(u, lanes, board, u->where)) != SB_OK)
			goto fail;
		rec_end(&r);
		continue;
fail:
		rec_end(&r);
		return rc;
	}
	return SB_OK;
}

/* A JSON object that names the standard near its start. */
int
sb_uss_detect(sb_ctx *ctx, const struct sb_input *in)
{
	size_t n;
	const unsigned char *p = sb_input_text(in, &n);

	(void)ctx;
	return n > 0 && p[0] == '{' &&
	    sb_input_has(p, n, "\"universalScheduleStandard\"") ? FMT_SURE : FMT_NO;
}

int
sb_uss_read(struct sb_import *imp)
{
	struct uss u;
	json_error_t err;
	json_t *doc = NULL, *root;
	char *data = NULL;
	size_t len, good;
	int rc;

	memset(&u, 0, sizeof(u));
	u.imp = imp;
	u.ctx = imp->ctx;
	u.file = imp->in->name;
	if ((rc = sb_input_slurp(imp->ctx, imp->in, SB_MAX_DOCUMENT, &data, &len)) != SB_OK)
		return rc;
	if ((good = sb_utf8_prefix(data, len)) < len) {
		/* Name the place: Jansson's message would not. */
		size_t line = 1;

		for (size_t k = 0; k < good; k++)
			line += data[k] == '\n';
		rc = sb_err(imp->ctx, SB_EDATA, "%s: line %zu, byte %zu: %s",
		    u.file, line, good + 1, data[good] == '\0' ?
		    "a NUL byte in a text file" : "not valid UTF-8");
		free(data);
		return rc;
	}
	doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);
	free(data);
	if (doc == NULL)
		return sb_err(imp->ctx, SB_EDATA, "%s: line %d, column %d: %s", u.file,
		    err.line, err.column, err.text);
	root = json_object_get(doc, "universalScheduleStandard");
	if (!json_is_object(root)) {
		json_decref(doc);
		return sb_err(imp->ctx, SB_EDATA, "%s: universalScheduleStandard: "
		    "missing or not an object", u.file);
	}
	u.cats = json_object();
	u.els = json_object();
	u.strips = json_object();
	u.cals = json_object();
	if (u.cats == NULL || u.els == NULL || u.strips == NULL || u.cals == NULL)
		rc = sb_err(imp->ctx, SB_EFAIL, "out of memory");
	else if ((rc = read_header(&u, root)) == SB_OK &&
	    (rc = read_categories(&u, root)) == SB_OK &&
	    (rc = read_elements(&u, root)) == SB_OK &&
	    (rc = read_breakdowns(&u, root)) == SB_OK &&
	    (rc = read_calendars(&u, root)) == SB_OK)
		rc = read_stripboards(&u, root);
	json_decref(u.cats);
	json_decref(u.els);
	json_decref(u.strips);
	json_decref(u.cals);
	json_decref(doc);
	return rc;
}
