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
#include "jstream_priv.h"
#include "store.h"

/* Slots of the categories a strip shows as its own columns, by ucid. */
enum { FIX_SET = 0, FIX_IE = 1, FIX_DN = 2, FIX_SCRIPT_DAY = 3, FIX_LOCATION = 6,
	FIX_SLOTS = 7 };

/* The fixed slots in the order of store_strip_set_fixed()'s columns:
 * int_ext, day_night, set_name, location, script_day. */
static const int slot_of[5] = { FIX_IE, FIX_DN, FIX_SET, FIX_LOCATION,
    FIX_SCRIPT_DAY };

/*
 * Element ids reserved and not yet taken, at most: past it a breakdown's
 * links wait in uss_link, so that a file naming millions of elements it
 * never has is refused in bounded memory (an entry is about 250 bytes).
 */
#define RESERVE_MAX 16384

/* The place in the file a message names (u->where). */
#define WHERE_MAX 320

/* Placements written at once (a statement of up to 16 rows). */
#define PLACE_BATCH 64

/* The top-level arrays of the standard. */
enum { SEC_NONE, SEC_CATEGORIES, SEC_ELEMENTS, SEC_BREAKDOWNS, SEC_CALENDARS,
	SEC_STRIPBOARDS };

/*
 * The reader streams (lib/base_jstream.c): a record is parsed whole and
 * written, one at a time.  What the records say of each other is resolved
 * through the database: ids are found by the unique index of their table,
 * a breakdown's elements (listed before them in most files) are kept in a
 * temporary table and linked once every element is in, and the strips of
 * the stripboards (which may come before the breakdowns or the calendars)
 * wait in another until the end.  Only the small tables (categories,
 * calendars) and the stripboards' own keys stay in memory.
 */
struct uss {
	struct sb_import *imp;
	sb_ctx *ctx;
	/*
	 * Links of breakdowns read, written 64 at a time (write_links()):
	 * a statement for each strip's cost SQLite more than its rows.
	 * All are written before any is read back (fix_columns()).
	 */
	struct sb_link *pend;
	size_t npend, cappend;
	/*
	 * The stripboards' list items, written to uss_item 64 at a time
	 * (write_items()), each text copied into itext (item_text[i]: its
	 * offset + 1, 0 for none); read back once the parse is done.
	 */
	struct sb_item items[64];
	size_t nitems, item_text[64];
	struct sb_buf itext;
	const char *file;
	json_t *cats;   /* uid -> [rowid, fixed slot or -1] */
	json_t *cals;   /* uid -> rowid */
	int64_t fixed_cat[FIX_SLOTS];
	char where[WHERE_MAX];
	int rc;         /* the first refusal of the input, reported after the parse */
	int have_uss;   /* the standard's object was found */
	int have_project;
	int late;       /* header keys came after the project was made */
	json_t *meta;   /* the header's keys, in order */
	int section;    /* SEC_*: the array being read */
	int cats_done;  /* the categories were read: elements are written */
	int64_t spooled; /* elements that waited for them */
	int64_t link_seq, item_seq;
	/*
	 * Once every element is in (their array and the categories' read),
	 * a breakdown's links are found in els and written with the strip;
	 * before, they wait in uss_link (deferred, counted in link_later).
	 * The first refused link met so (an id no element has, an element
	 * listed twice) is kept in link_err, reported where finish_links()
	 * reports the ones that waited.
	 */
	json_t *els;    /* element uid -> rowid, or [rowid, fixed slot, name] */
	int els_closed; /* the elements' array was read */
	int els_done;   /* ...and the categories: els holds every element */
	int64_t link_later;
	int64_t link_err_seq;
	char *link_err;
	/*
	 * Where the import has the file to itself with foreign keys off (a
	 * SQLite file: see sb_import()), a breakdown read before the
	 * elements is linked at once: an element not yet read gets its id
	 * where a breakdown first names it (els holds [id, link number,
	 * strip, j] for it until its record comes), and every element takes
	 * its id from el_next.  The strips written before every element was
	 * in (fix_lo to fix_hi) get their own columns (set, INT/EXT...) at
	 * the end (fix_columns()); an id no element took is refused there.
	 * Elsewhere (a server, which checks every link as it is written)
	 * the links wait in uss_link as above, but the ids are reserved all
	 * the same, so that an element has the same id on either engine.
	 */
	int reserve;
	int64_t el_base, el_next;
	int64_t pending;  /* ids reserved that no element has taken yet */
	int64_t fix_lo, fix_hi;
	json_t *boards; /* [{"rec", "lanes", "i"}] */
	json_t *board;  /* the stripboard being read, and its lanes */
	json_t *lanes;
	json_t *lane;   /* the lane being read: {"rec", "seq0", "seq1", "n0", "n1", "nested0", "nested1"} */
	int ids_key;    /* 0 breakdownIds, 1 breakdownArrays, being read */
	int64_t list_seq; /* the item of the day list being read */
	size_t list_d;
	struct place_wait {
		int64_t board, strip, day;
		size_t j;
		char key[SB_KEY_MAX + 2];
		char where[WHERE_MAX]; /* u->where when it was read */
	} place[PLACE_BATCH]; /* placements not yet written (flush_places()) */
	size_t nplace;
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

/* An element id reserved by a breakdown, not yet taken by an element. */
static int
is_reserved(const json_t *v)
{
	return json_is_array(v) && json_array_size(v) == 4;
}

/* An id for an element of this import, in the order they are named. */
static int
element_id_new(struct uss *u, int64_t *id)
{
	int rc = store_element_new_id(u->ctx, &u->el_next, id);

	if (rc == SB_OK && u->el_base == 0)
		u->el_base = *id;
	return rc;
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

/* The project's name, uid and title from the header read so far. */
static void
header_names(struct uss *u, const char **name, const char **uid,
    const char **title)
{
	json_t *val;

	val = json_object_get(u->meta, "project");
	*name = json_is_string(val) ? json_string_value(val) : NULL;
	val = json_object_get(u->meta, "name");
	*title = json_is_string(val) ? json_string_value(val) : NULL;
	val = json_object_get(u->meta, "id");
	*uid = json_is_string(val) ? json_string_value(val) : NULL;
	if (*name == NULL || (*name)[0] == '\0')
		*name = *title;
}

/* The header's keys as kept, held to the limit of a record. */
static int
header_text(struct uss *u, char **text)
{
	snprintf(u->where, sizeof(u->where), "universalScheduleStandard");
	*text = json_dumps(u->meta, JSON_COMPACT);
	if (*text == NULL)
		return sb_err(u->ctx, SB_EFAIL, "out of memory");
	if (check_kept_text(u, *text) != SB_OK) {
		free(*text);
		*text = NULL;
		return SB_EDATA;
	}
	return SB_OK;
}

/*
 * The project row, made when the first array of records begins, from the
 * header keys before it (most files put them first).  Keys after the
 * arrays are added at the end (finish_header()).
 */
static int
make_project(struct uss *u)
{
	const char *name, *uid, *title;
	char *text;
	int rc;

	if (u->have_project)
		return SB_OK;
	if ((rc = header_text(u, &text)) != SB_OK)
		return rc;
	header_names(u, &name, &uid, &title);
	rc = sb_import_project(u->imp, name, uid, title, text);
	free(text);
	if (rc == SB_OK)
		u->have_project = 1;
	return rc;
}

/* Header keys that came after the records: the project row takes them. */
static int
finish_header(struct uss *u)
{
	const char *name, *uid, *title;
	char *text;
	int rc;

	if (!u->late)
		return SB_OK;
	if ((rc = header_text(u, &text)) != SB_OK)
		return rc;
	header_names(u, &name, &uid, &title);
	rc = sb_import_project_header(u->imp, name, uid, title, text);
	free(text);
	return rc;
}

/* A key of the header (not one of the arrays): kept verbatim. */
static int
header_key(struct uss *u, const char *key, json_t *val)
{
	int rc;

	snprintf(u->where, sizeof(u->where), "universalScheduleStandard");
	if ((rc = check_kept_key(u, key, val)) != SB_OK)
		return rc;
	if (json_object_set(u->meta, key, val) != 0)
		return sb_err(u->ctx, SB_EFAIL, "out of memory");
	if (u->have_project)
		u->late = 1;
	return SB_OK;
}

static int
one_category(struct uss *u, size_t i, json_t *obj)
{
	static const char *const known[] = { "id", "name", "ucid", "created", NULL };
	int rc;

	{
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
		return SB_OK;
fail:
		rec_end(&r);
		return rc;
	}
}

/*
 * Linked elements name elements that should exist; real files (the full
 * USS sample) link to ones that do not.  The links are kept as written
 * and a dangling one is a warning, not a refusal.
 */
/*
 * Linked elements name elements that should exist; real files (the full
 * USS sample) link to ones that do not.  The links are kept as written
 * and a dangling one is a warning, not a refusal: checked once every
 * element is in.
 */
static int
check_links(struct uss *u)
{
	static const char sql[] = "SELECT rank, uid, linked FROM element"
	    " WHERE project_id = ?1 AND linked IS NOT NULL ORDER BY rank";
	static const char find[] =
	    "SELECT 1 FROM element WHERE project_id = ?1 AND uid = ?2";
	sb_st *st = sb_stmt(u->ctx, sql), *q;
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, u->imp->project_id);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		json_t *links = json_loads((const char *)sb_col_text(st, 2), 0, NULL), *id;
		size_t j;

		snprintf(u->where, sizeof(u->where), "elements[%lld] (id %.64s)",
		    (long long)sb_col_int64(st, 0), (const char *)sb_col_text(st, 1));
		json_array_foreach(links, j, id) {
			if ((q = sb_stmt(u->ctx, find)) == NULL) {
				json_decref(links);
				sb_reset(st);
				return SB_EFAIL;
			}
			sb_bind_int64(q, 1, u->imp->project_id);
			sb_bind_text(q, 2, json_string_value(id));
			rc = sb_step(q);
			sb_reset(q);
			if (rc == SQLITE_DONE)
				sb_import_warn(u->imp, "%s: linkedElements[%zu]: no element "
				    "has the id %s (kept as written)", u->where, j,
				    json_string_value(id));
		}
		json_decref(links);
	}
	sb_reset(st);
	return rc == SQLITE_DONE ? SB_OK : sb_sqlerr(u->ctx, "linked elements");
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
one_element(struct uss *u, size_t i, json_t *obj)
{
	static const char *const known[] = { "id", "category", "name",
	    "elementId", "isDood", "isHold", "isDrop", "dropDayCount",
	    "doodDayCount", "daysOff", "events", "linkedElements", "isIdLock",
	    "created", NULL };
	int rc;

	{
		struct rec r;
		struct sb_buf days_off;
		const char *uid, *cat, *name, *board_id, *created, *drop_key;
		char num[32];
		int dood, hold, drop, lock, have_drop, have_days;
		int64_t drop_days = 0, rowid, reserved = 0;
		int slot;
		json_t *cref, *events, *links, *had;
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
		had = json_object_get(u->els, uid);
		if (is_reserved(had))
			reserved = json_integer_value(json_array_get(had, 0));
		else if ((rc = check_new(u, u->els, "element", uid)) != SB_OK)
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
		row.id = reserved;
		/* with ids reserved on a file, every element takes its own */
		if (reserved == 0 && u->reserve &&
		    (rc = element_id_new(u, &row.id)) != SB_OK)
			goto fail;
		if ((rc = stored(u, store_element_insert(u->ctx, &row, &rowid))) != SB_OK)
			goto fail;
		slot = (int)json_integer_value(json_array_get(cref, 1));
		if (reserved != 0) {
			/* the id a breakdown reserved, taken */
			json_t *val = slot >= 0 ? json_pack("[Iis]", (json_int_t)rowid,
			    slot, name) : json_integer((json_int_t)rowid);

			if (val == NULL || json_object_set_new(u->els, uid, val) != 0) {
				rc = sb_err(u->ctx, SB_EFAIL, "out of memory");
				goto fail;
			}
			u->pending--;
		} else if ((rc = remember(u, u->els, "element", uid, slot >= 0 ?
		    json_pack("[Iis]", (json_int_t)rowid, slot, name) :
		    json_integer((json_int_t)rowid))) != SB_OK) {
			goto fail;
		}
		if (json_is_array(events) &&
		    (rc = read_events(u, events, rowid, 0, u->where)) != SB_OK)
			goto fail;
		free(links_text);
		sb_buf_free(&days_off);
		rec_end(&r);
		return SB_OK;
fail:
		free(links_text);
		sb_buf_free(&days_off);
		rec_end(&r);
		return rc;
	}
}

struct link_at {
	int64_t id;
	size_t j;
};

static int
link_cmp(const void *a, const void *b)
{
	const struct link_at *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->j < y->j ? -1 : x->j > y->j;
}

/*
 * name added to the strip's own column of its fixed slot (col[k], as
 * store_strip_set_fixed() takes them), "; " between names; none for an
 * element of another category.
 */
static void
col_add(struct sb_buf col[5], int slot, const char *name)
{
	for (int k = 0; k < 5; k++) {
		if (slot_of[k] != slot)
			continue;
		if (col[k].len > 0)
			sb_buf_puts(&col[k], "; ");
		sb_buf_puts(&col[k], name);
	}
}

/* A strip's own columns written from col[] (nothing when all are empty). */
static int
col_write(struct uss *u, int64_t strip, struct sb_buf col[5])
{
	const char *text[5];
	int any = 0;

	for (int k = 0; k < 5; k++) {
		if (col[k].failed)
			return sb_err(u->ctx, SB_EFAIL, "out of memory");
		text[k] = col[k].len > 0 ? sb_buf_str(&col[k]) : NULL;
		any |= text[k] != NULL;
	}
	return any ? store_strip_set_fixed(u->ctx, strip, text) : SB_OK;
}

/*
 * A breakdown's links, once every element is in (els): the element of
 * each id (ids[j]) and the strip's own columns from its set, INT/EXT...
 * elements (col[k], as store_strip_set_fixed() takes them).  *culprit is
 * the first refused link (n: none), *twice whether it repeats an element
 * (else no element has its id).
 */
static int
find_links(struct uss *u, const char *const *els, size_t n, int64_t *ids,
    struct sb_buf col[5], size_t *culprit, int *twice)
{
	size_t missing = n, again = n, m = 0, j;
	struct link_at *at = malloc((n > 0 ? n : 1) * sizeof(*at));

	*culprit = n;
	*twice = 0;
	if (at == NULL)
		return sb_err(u->ctx, SB_EFAIL, "out of memory");
	for (j = 0; j < n; j++) {
		json_t *v = json_object_get(u->els, els[j]);

		ids[j] = 0;
		if (v == NULL || is_reserved(v)) {
			if (missing == n)
				missing = j;
			continue;
		}
		if (json_is_integer(v)) {
			ids[j] = json_integer_value(v);
		} else {
			int slot = (int)json_integer_value(json_array_get(v, 1));

			ids[j] = json_integer_value(json_array_get(v, 0));
			col_add(col, slot, json_string_value(json_array_get(v, 2)));
		}
		at[m].id = ids[j];
		at[m++].j = j;
	}
	/* listed twice: the first repeat of any element */
	qsort(at, m, sizeof(*at), link_cmp);
	for (size_t k = 1; k < m; k++)
		if (at[k].id == at[k - 1].id && at[k].j < again)
			again = at[k].j;
	free(at);
	for (int k = 0; k < 5; k++)
		if (col[k].failed)
			return sb_err(u->ctx, SB_EFAIL, "out of memory");
	*culprit = missing < again ? missing : again;
	*twice = again < missing;
	return SB_OK;
}

/*
 * Keep the first refused link of the file (its link number seq), to be
 * reported once the whole file is read, as the other refusals wait for
 * the end of the parse: breakdowns[i] (id uid): elements[j] ...
 */
static int
keep_refusal(struct uss *u, int64_t i, const char *uid, size_t j,
    const char *el, int twice, int64_t seq)
{
	char saved[sizeof(u->where)];

	if (u->link_err != NULL && u->link_err_seq < seq)
		return SB_OK;
	memcpy(saved, u->where, sizeof(saved));
	snprintf(u->where, sizeof(u->where), "breakdowns[%lld] (id %.64s)",
	    (long long)i, uid);
	if (!twice)
		bad(u, "elements[%lld]: no element has the id %s", (long long)j, el);
	else
		bad(u, "elements[%lld]: the element %s is listed twice",
		    (long long)j, el);
	memcpy(u->where, saved, sizeof(saved));
	free(u->link_err);
	u->link_err_seq = seq;
	if ((u->link_err = sb_strdup(sb_errmsg(u->ctx))) == NULL)
		return sb_err(u->ctx, SB_EFAIL, "out of memory");
	return SB_OK;
}

/* The links kept by keep_links(), written. */
static int
write_links(struct uss *u)
{
	size_t n = u->npend;

	u->npend = 0;
	if (n > 0 && store_strip_links_insert(u->ctx, u->pend, n) != SB_OK)
		return sb_sqlerr(u->ctx, u->where);
	return SB_OK;
}

/* A strip's links to the n distinct elements ids[], ranked 0..n-1, kept. */
static int
keep_links(struct uss *u, int64_t strip, const int64_t *ids, size_t n)
{
	struct sb_link *grown;

	if (n == 0)
		return SB_OK;
	if ((grown = sb_grow(u->pend, &u->cappend, u->npend + n - 1, 64,
	    sizeof(*u->pend))) == NULL)
		return sb_err(u->ctx, SB_EFAIL, "out of memory");
	u->pend = grown;
	for (size_t j = 0; j < n; j++) {
		struct sb_link *l = &u->pend[u->npend++];

		l->strip = strip;
		l->element = ids[j];
		l->rank = (int64_t)j;
	}
	/*
	 * A server's writes are queued, each with the place of the record
	 * it came from (sb_place()): a refused link names its breakdown.
	 */
	return u->npend >= 64 || sb_deferring(u->ctx) ? write_links(u) : SB_OK;
}

/*
 * A breakdown read before every element was in (u->reserve): its links
 * written now, an element not yet read under the id reserved for it
 * where a breakdown first named it.  An element listed twice is kept as
 * the refusal; one no element takes is refused at the end
 * (finish_reserved()).
 */
static int
reserve_links(struct uss *u, size_t i, const char *uid, int64_t strip,
    const char *const *uids, size_t n, int64_t *ids, int write)
{
	struct link_at *at;
	size_t again = n, unknown = 0;
	int rc;

	for (size_t j = 0; j < n; j++)
		unknown += json_object_get(u->els, uids[j]) == NULL;
	if (unknown > 0 && u->pending + (int64_t)unknown > RESERVE_MAX) {
		/* too many ids waiting: linked by finish_links() */
		u->link_later += (int64_t)n;
		return store_import_link_add(u->ctx, u->link_seq + 1, strip, uids, n);
	}
	if ((at = malloc(n * sizeof(*at))) == NULL)
		return sb_err(u->ctx, SB_EFAIL, "out of memory");
	for (size_t j = 0; j < n; j++) {
		json_t *v = json_object_get(u->els, uids[j]);

		if (v == NULL) {
			if ((rc = element_id_new(u, &ids[j])) != SB_OK) {
				free(at);
				return rc;
			}
			v = json_pack("[IIII]", (json_int_t)ids[j],
			    (json_int_t)(u->link_seq + 1 + (int64_t)j),
			    (json_int_t)strip, (json_int_t)j);
			if (v == NULL || json_object_set_new(u->els, uids[j], v) != 0) {
				free(at);
				return sb_err(u->ctx, SB_EFAIL, "out of memory");
			}
			u->pending++;
		} else {
			ids[j] = json_integer_value(json_is_integer(v) ? v :
			    json_array_get(v, 0));
		}
		at[j].id = ids[j];
		at[j].j = j;
	}
	if (!write) {
		/* a server: linked by finish_links() */
		free(at);
		u->link_later += (int64_t)n;
		return store_import_link_add(u->ctx, u->link_seq + 1, strip, uids, n);
	}
	qsort(at, n, sizeof(*at), link_cmp);
	for (size_t k = 1; k < n; k++)
		if (at[k].id == at[k - 1].id && at[k].j < again)
			again = at[k].j;
	free(at);
	if (again < n)
		return keep_refusal(u, (int64_t)i, uid, again, uids[again], 1,
		    u->link_seq + 1 + (int64_t)again);
	if ((rc = keep_links(u, strip, ids, n)) != SB_OK)
		return rc;
	if (u->fix_lo == 0)
		u->fix_lo = strip;
	u->fix_hi = strip;
	return SB_OK;
}

static int
one_breakdown(struct uss *u, size_t i, json_t *obj)
{
	static const char *const known[] = { "id", "type", "scene",
	    "description", "comments", "bannerText", "scriptPage", "pages",
	    "duration", "time", "elements", "created", "_omitted", NULL };
	int rc;

	{
		struct rec r;
		const char *uid, *type, *scene, *desc, *comments, *banner, *page,
		    *created, *time_key;
		char num1[32], num2[32];
		json_t *pages, *els, *e;
		int64_t eighths = 0, est = 0, strip_id, *ids = NULL;
		const char **uids = NULL;
		int have_est, have_pages = 0, omitted, direct = 0, twice = 0;
		size_t j, n = 0, culprit = 0;
		struct sb_row_strip row;
		struct sb_buf col[5];

		set_where(u, "breakdowns", i, obj);
		if (!json_is_object(obj))
			return bad(u, "expected an object, found %s", type_name(obj));
		for (int k = 0; k < 5; k++)
			sb_buf_init(&col[k]);
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
		    (rc = get_flag(u, &r, "_omitted", &omitted)) != SB_OK)
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
		/*
		 * The elements are linked, and the strip's own columns (set,
		 * INT/EXT...) filled from them, once every element is read
		 * (finish_links()): a file may list them after the breakdowns.
		 */
		json_array_foreach(els, j, e) {
			if (!json_is_string(e)) {
				rc = bad(u, "elements[%zu]: expected an id, found %s", j,
				    type_name(e));
				goto fail;
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
		/*
		 * Every element in: the links are found now and written with
		 * the strip, its own columns with it; else they wait.
		 */
		n = json_is_array(els) ? json_array_size(els) : 0;
		direct = u->els_done && n > 0;
		if (n > 0) {
			if ((ids = malloc(n * sizeof(*ids))) == NULL ||
			    (uids = malloc(n * sizeof(*uids))) == NULL) {
				rc = sb_err(u->ctx, SB_EFAIL, "out of memory");
				goto fail;
			}
			json_array_foreach(els, j, e)
				uids[j] = json_string_value(e);
		}
		if (direct) {
			if ((rc = find_links(u, uids, n, ids, col, &culprit,
			    &twice)) != SB_OK)
				goto fail;
			if (culprit < n && (rc = keep_refusal(u, (int64_t)i, uid,
			    culprit, uids[culprit], twice, u->link_seq + 1 +
			    (int64_t)culprit)) != SB_OK)
				goto fail;
			row.int_ext = col[0].len > 0 ? sb_buf_str(&col[0]) : NULL;
			row.day_night = col[1].len > 0 ? sb_buf_str(&col[1]) : NULL;
			row.set_name = col[2].len > 0 ? sb_buf_str(&col[2]) : NULL;
			row.location = col[3].len > 0 ? sb_buf_str(&col[3]) : NULL;
			row.script_day = col[4].len > 0 ? sb_buf_str(&col[4]) : NULL;
		}
		if ((rc = store_strip_insert(u->ctx, &row, &strip_id)) != SB_OK) {
			if (sb_errcode(u->ctx) == SQLITE_CONSTRAINT_UNIQUE)
				rc = bad(u, "id: another breakdown has the id %s", uid);
			else
				rc = stored(u, rc);
			goto fail;
		}
		if (direct) {
			if (culprit == n && (rc = keep_links(u, strip_id, ids, n)) != SB_OK)
				goto fail;
			u->link_seq += (int64_t)n;
		} else if (n > 0) {
			if ((rc = reserve_links(u, i, uid, strip_id, uids, n, ids,
			    u->reserve)) != SB_OK)
				goto fail;
			u->link_seq += (int64_t)n;
		}
		rc = SB_OK;
fail:
		free(ids);
		free((void *)uids);
		for (int k = 0; k < 5; k++)
			sb_buf_free(&col[k]);
		rec_end(&r);
		return rc;
	}
}

static int
one_calendar(struct uss *u, size_t i, json_t *obj)
{
	static const char *const known[] = { "id", "name", "daysOff", "events", NULL };
	int rc;

	{
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
		return SB_OK;
fail:
		sb_buf_free(&days_off);
		rec_end(&r);
		return rc;
	}
}

/*
 * One breakdown's links that waited (uids[], the first numbered seq0 + 1):
 * found in els and written with the strip's own columns, or the first
 * refused one kept.
 */
static int
link_one(struct uss *u, int64_t strip, char **uids, size_t n, int64_t seq0,
    int64_t *ids)
{
	struct sb_buf col[5];
	size_t culprit;
	int rc, twice;

	for (int k = 0; k < 5; k++)
		sb_buf_init(&col[k]);
	rc = find_links(u, (const char *const *)uids, n, ids, col, &culprit, &twice);
	if (rc == SB_OK && culprit < n) {
		static const char sql[] = "SELECT rank, uid FROM strip WHERE id = ?1";
		sb_st *st = sb_stmt(u->ctx, sql);

		if (st == NULL) {
			rc = SB_EFAIL;
		} else {
			sb_bind_int64(st, 1, strip);
			if (sb_step(st) != SQLITE_ROW)
				rc = sb_sqlerr(u->ctx, "element links");
			else
				rc = keep_refusal(u, sb_col_int64(st, 0),
				    (const char *)sb_col_text(st, 1), culprit,
				    uids[culprit], twice, seq0 + 1 + (int64_t)culprit);
			sb_reset(st);
		}
	} else if (rc == SB_OK && u->link_err == NULL) {
		/* written at once: fix_columns() and the server read them next */
		if ((rc = keep_links(u, strip, ids, n)) == SB_OK)
			rc = write_links(u);
		if (rc == SB_OK)
			rc = col_write(u, strip, col);
	}
	for (int k = 0; k < 5; k++)
		sb_buf_free(&col[k]);
	return rc;
}

/*
 * Link the breakdowns read before the elements, now that every element is
 * in: uss_link holds their links in the order of the file, a breakdown's
 * together; each breakdown's are found and written as a breakdown read
 * after the elements has its own (one_breakdown()).  Then the first
 * refused link of the file, if any, is the refusal.
 */
static int
finish_links(struct uss *u)
{
	static const char sql[] =
	    "SELECT seq, strip_id, uid FROM uss_link ORDER BY seq";
	char **uids = NULL;
	int64_t *ids = NULL, strip = 0, seq0 = 0;
	size_t n = 0, cap = 0;
	sb_st *st;
	int rc = SB_OK, step;

	if (u->link_later > 0) {
		if ((st = sb_stmt(u->ctx, sql)) == NULL)
			return SB_EFAIL;
		for (;;) {
			int64_t id = 0;

			step = sb_step(st);
			if (step == SQLITE_ROW) {
				id = sb_col_int64(st, 1);
			} else if (step != SQLITE_DONE) {
				rc = sb_sqlerr(u->ctx, "element links");
				break;
			}
			if (n > 0 && (step != SQLITE_ROW || id != strip)) {
				rc = link_one(u, strip, uids, n, seq0, ids);
				for (size_t j = 0; j < n; j++)
					free(uids[j]);
				n = 0;
				if (rc != SB_OK)
					break;
			}
			if (step != SQLITE_ROW)
				break;
			if (n == cap) {
				size_t ncap = cap > 0 ? 2 * cap : 16;
				void *p = realloc((void *)uids, ncap * sizeof(*uids));

				if (p != NULL)
					uids = p;
				p = p != NULL ? realloc(ids, ncap * sizeof(*ids)) : NULL;
				if (p == NULL) {
					rc = sb_err(u->ctx, SB_EFAIL, "out of memory");
					break;
				}
				ids = p;
				cap = ncap;
			}
			if (n == 0) {
				strip = id;
				seq0 = sb_col_int64(st, 0) - 1;
			}
			if ((uids[n] = sb_strdup((const char *)sb_col_text(st, 2))) == NULL) {
				rc = sb_err(u->ctx, SB_EFAIL, "out of memory");
				break;
			}
			n++;
		}
		sb_reset(st);
		for (size_t j = 0; j < n; j++)
			free(uids[j]);
		free((void *)uids);
		free(ids);
		if (rc != SB_OK)
			return rc;
	}
	return u->link_err == NULL ? SB_OK :
	    sb_err(u->ctx, SB_EDATA, "%s", u->link_err);
}

struct fix_link {
	int64_t rank;
	int slot;
	const char *name;
};

static int
fix_cmp(const void *a, const void *b)
{
	const struct fix_link *x = a, *y = b;

	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* One strip's own columns from its links to the fixed categories. */
static int
fix_strip(struct uss *u, int64_t strip, struct fix_link *fl, size_t n)
{
	struct sb_buf col[5];
	int rc;

	if (n == 0)
		return SB_OK;
	qsort(fl, n, sizeof(*fl), fix_cmp);
	for (int k = 0; k < 5; k++)
		sb_buf_init(&col[k]);
	for (size_t j = 0; j < n; j++)
		col_add(col, fl[j].slot, fl[j].name);
	rc = col_write(u, strip, col);
	for (int k = 0; k < 5; k++)
		sb_buf_free(&col[k]);
	return rc;
}

/*
 * The own columns (set, INT/EXT...) of the strips linked before every
 * element was in (u->fix_lo to fix_hi), from their links in the order
 * of the breakdown, as one_breakdown() fills them for the ones after.
 */
static int
fix_columns(struct uss *u)
{
	static const char sql[] = "SELECT strip_id, element_id, rank FROM"
	    " strip_element WHERE strip_id BETWEEN ?1 AND ?2 ORDER BY strip_id";
	size_t size = (size_t)(u->el_next - u->el_base), n = 0, cap = 0;
	struct fix_link *fl = NULL, *tab;
	int64_t strip = 0;
	const char *k;
	json_t *v;
	sb_st *st;
	int rc = SB_OK, step;

	if (size == 0)
		return SB_OK;
	/* the elements of the fixed categories, by id */
	if ((tab = calloc(size, sizeof(*tab))) == NULL)
		return sb_err(u->ctx, SB_EFAIL, "out of memory");
	json_object_foreach(u->els, k, v) {
		int64_t id;

		if (!json_is_array(v) || json_array_size(v) != 3)
			continue;
		id = json_integer_value(json_array_get(v, 0));
		if (id < u->el_base || id >= u->el_next)
			continue;
		tab[id - u->el_base].slot = 1 + (int)json_integer_value(json_array_get(v, 1));
		tab[id - u->el_base].name = json_string_value(json_array_get(v, 2));
	}
	if ((st = sb_stmt(u->ctx, sql)) == NULL) {
		free(tab);
		return SB_EFAIL;
	}
	sb_bind_int64(st, 1, u->fix_lo);
	sb_bind_int64(st, 2, u->fix_hi);
	for (;;) {
		int64_t id = 0, el;

		step = sb_step(st);
		if (step == SQLITE_ROW) {
			id = sb_col_int64(st, 0);
		} else if (step != SQLITE_DONE) {
			rc = sb_sqlerr(u->ctx, "element links");
			break;
		}
		if (step != SQLITE_ROW || id != strip) {
			if ((rc = fix_strip(u, strip, fl, n)) != SB_OK)
				break;
			n = 0;
			strip = id;
		}
		if (step != SQLITE_ROW)
			break;
		el = sb_col_int64(st, 1);
		if (el < u->el_base || el >= u->el_next || tab[el - u->el_base].slot == 0)
			continue;
		if (n == cap) {
			size_t ncap = cap > 0 ? 2 * cap : 8;
			void *p = realloc(fl, ncap * sizeof(*fl));

			if (p == NULL) {
				rc = sb_err(u->ctx, SB_EFAIL, "out of memory");
				break;
			}
			fl = p;
			cap = ncap;
		}
		fl[n].rank = sb_col_int64(st, 2);
		fl[n].slot = tab[el - u->el_base].slot - 1;
		fl[n++].name = tab[el - u->el_base].name;
	}
	sb_reset(st);
	free(fl);
	free(tab);
	return rc;
}

/*
 * The end of the links (u->reserve): an id reserved that no element took
 * is refused (the first named in the file, unless an earlier link was
 * refused), else the strips linked early get their own columns.
 */
static int
finish_reserved(struct uss *u)
{
	static const char sql[] = "SELECT rank, uid FROM strip WHERE id = ?1";
	int rc = SB_OK;

	if (u->pending > 0) {
		const char *k, *first = NULL;
		json_t *v, *at = NULL;
		sb_st *st;

		json_object_foreach(u->els, k, v) {
			if (is_reserved(v) && (at == NULL ||
			    json_integer_value(json_array_get(v, 1)) <
			    json_integer_value(json_array_get(at, 1)))) {
				at = v;
				first = k;
			}
		}
		if (at == NULL)
			return sb_err(u->ctx, SB_EFAIL, "internal error: element ids");
		if ((st = sb_stmt(u->ctx, sql)) == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, json_integer_value(json_array_get(at, 2)));
		if (sb_step(st) != SQLITE_ROW)
			rc = sb_sqlerr(u->ctx, "element links");
		else
			rc = keep_refusal(u, sb_col_int64(st, 0),
			    (const char *)sb_col_text(st, 1),
			    (size_t)json_integer_value(json_array_get(at, 3)), first, 0,
			    json_integer_value(json_array_get(at, 1)));
		sb_reset(st);
		if (rc != SB_OK)
			return rc;
	}
	if (u->link_err == NULL && u->fix_lo > 0 && (rc = fix_columns(u)) != SB_OK)
		return rc;
	/* the breakdowns that waited (RESERVE_MAX), and the refusal if any */
	return finish_links(u);
}

/* The JSON type of an item kept as text, for a message. */
static const char *
item_type(const char *text)
{
	json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
	const char *t = v != NULL ? type_name(v) : "a value";

	json_decref(v);
	return t;
}

/*
 * Placements wait in u->place, PLACE_BATCH at most, to be written a few
 * rows a statement; each keeps where it was read and its item number for
 * a refusal.
 */
static int
flush_places(struct uss *u)
{
	static const char find[] =
	    "SELECT (SELECT uid FROM strip WHERE id = ?1),"
	    " EXISTS (SELECT 1 FROM placement WHERE day_id = ?2 AND pos = ?3)";
	struct sb_row_placement row[PLACE_BATCH];
	size_t n = u->nplace;
	int64_t written;
	int rc;

	if (n == 0)
		return SB_OK;
	u->nplace = 0;
	for (size_t k = 0; k < n; k++) {
		memset(&row[k], 0, sizeof(row[k]));
		row[k].board_id = u->place[k].board;
		row[k].strip_id = u->place[k].strip;
		row[k].day_id = u->place[k].day;
		row[k].pos = u->place[k].key;
	}
	if ((rc = store_placement_insert_many(u->ctx, row, n, &written)) != SB_OK)
		return rc;
	if (written == (int64_t)n)
		return SB_OK;
	/* one was left out: the first whose position is empty was refused */
	for (size_t k = 0; k < n; k++) {
		sb_st *st = sb_stmt(u->ctx, find);
		char uid[512];
		int step, taken;

		if (st == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, row[k].strip_id);
		sb_bind_int64(st, 2, row[k].day_id);
		sb_bind_text(st, 3, row[k].pos);
		step = sb_step(st);
		taken = step == SQLITE_ROW && sb_col_int(st, 1);
		if (step == SQLITE_ROW)
			snprintf(uid, sizeof(uid), "%s", sb_col_text(st, 0) != NULL ?
			    (const char *)sb_col_text(st, 0) : "");
		sb_reset(st);
		if (step != SQLITE_ROW)
			return sb_sqlerr(u->ctx, "stripboard");
		if (taken)
			continue;
		snprintf(u->where, sizeof(u->where), "%s", u->place[k].where);
		return bad(u, "item %zu: the breakdown %s is already on this "
		    "stripboard", u->place[k].j, uid);
	}
	return sb_err(u->ctx, SB_EFAIL, "stripboard: %lld placements written of %zu",
	    (long long)written, n);
}

/*
 * Place one strip (a breakdown id, its strip found by the query of the
 * items: 0 none) at j of n in a day.
 */
static int
place_one(struct uss *u, const char *uid, int64_t strip, size_t j, size_t n,
    int64_t board, int64_t day)
{
	struct place_wait *p;
	int rc;

	if (strip == 0) {
		if ((rc = flush_places(u)) != SB_OK)
			return rc;
		return bad(u, "item %zu: no breakdown has the id %s", j, uid);
	}
	p = &u->place[u->nplace];
	if (sb_key_spread(j, n, p->key, sizeof(p->key)) != SB_OK)
		return sb_err(u->ctx, SB_EFAIL, "internal error: position key");
	p->board = board;
	p->strip = strip;
	p->day = day;
	p->j = j;
	memcpy(p->where, u->where, strlen(u->where) + 1); /* both WHERE_MAX */
	return ++u->nplace == PLACE_BATCH ? flush_places(u) : SB_OK;
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

/* The items of a lane's list (key 0 breakdownIds, 1 breakdownArrays). */
static const char items_sql[] =
    "SELECT d, j, kind, n, text FROM uss_item"
    " WHERE seq BETWEEN ?1 AND ?2 AND ids = ?3 ORDER BY seq";

/* A list kept in the temporary table, as JSON again (kept in ext). */
static int
items_json(struct uss *u, json_t *lane, int key, json_t **out)
{
	sb_st *st = sb_stmt(u->ctx, items_sql);
	json_t *arr = json_array(), *list = NULL;
	int rc, bad_ = 0;

	*out = NULL;
	if (st == NULL || arr == NULL) {
		json_decref(arr);
		return st == NULL ? SB_EFAIL : sb_err(u->ctx, SB_EFAIL, "out of memory");
	}
	sb_bind_int64(st, 1, json_integer_value(json_object_get(lane, "seq0")));
	sb_bind_int64(st, 2, json_integer_value(json_object_get(lane, "seq1")));
	sb_bind_int(st, 3, key);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		int kind = sb_col_int(st, 2);
		const char *text = (const char *)sb_col_text(st, 4);
		json_t *v = kind == 1 ? json_array() : kind == 0 ? json_string(text) :
		    json_loads(text, JSON_DECODE_ANY, NULL);

		if (v == NULL) {
			bad_ = 1;
			break;
		}
		if (kind == 1)
			list = v;
		if (sb_col_int64(st, 1) >= 0 && list != NULL ?
		    json_array_append_new(list, v) != 0 :
		    json_array_append_new(arr, v) != 0) {
			bad_ = 1;
			break;
		}
		if (sb_col_int64(st, 1) < 0 && kind != 1)
			list = NULL;
	}
	sb_reset(st);
	if (bad_) {
		json_decref(arr);
		return sb_err(u->ctx, SB_EFAIL, "out of memory");
	}
	if (rc != SQLITE_DONE) {
		json_decref(arr);
		return sb_sqlerr(u->ctx, "stripboard");
	}
	*out = arr;
	return SB_OK;
}

/* The items of a lane's list, with the strip each breakdown id names. */
static const char place_sql[] =
    "SELECT i.d, i.j, i.kind, i.n, i.text, s.id FROM uss_item i"
    " LEFT JOIN strip s ON i.kind = 0 AND s.project_id = ?4 AND s.uid = i.text"
    " WHERE i.seq BETWEEN ?1 AND ?2 AND i.ids = ?3 ORDER BY i.seq";

/* A refusal of an item, once the placements before it are written. */
static int
bad_item(struct uss *u, const char *what, long long j, const char *text)
{
	int rc = flush_places(u);

	if (rc != SB_OK)
		return rc;
	return bad(u, "item %lld: expected %s, found %s", j, what, item_type(text));
}

/* Place the strips of a streamed list (a lane without days, or cut into days). */
static int
place_items(struct uss *u, json_t *lane, int key, const char *ids_key,
    const char *saved, size_t i, int nested, int64_t board, int64_t lane_id)
{
	sb_st *st = sb_stmt(u->ctx, place_sql);
	size_t n = (size_t)json_integer_value(json_object_get(lane,
	    key == 0 ? "n0" : "n1"));
	int64_t day = 0;
	size_t m = 0;
	int rc = SB_OK, step;

	if (st == NULL)
		return SB_EFAIL;
	if (!nested) {
		if ((rc = add_day(u, board, lane_id, "list", 0, 1, 0, &day)) != SB_OK)
			return rc;
		snprintf(u->where, sizeof(u->where), "%.200s: boards[%zu]: %s",
		    saved, i, ids_key);
	}
	sb_bind_int64(st, 1, json_integer_value(json_object_get(lane, "seq0")));
	sb_bind_int64(st, 2, json_integer_value(json_object_get(lane, "seq1")));
	sb_bind_int(st, 3, key);
	sb_bind_int64(st, 4, u->imp->project_id);
	while (rc == SB_OK && (step = sb_step(st)) == SQLITE_ROW) {
		size_t d = (size_t)sb_col_int64(st, 0);
		int64_t j = sb_col_int64(st, 1);
		int kind = sb_col_int(st, 2);
		const char *text = (const char *)sb_col_text(st, 4);
		int64_t strip = sb_col_int64(st, 5);

		if (!nested) {
			rc = kind == 0 ? place_one(u, text, strip, d, n, board, day) :
			    bad_item(u, "a breakdown id", (long long)d, text);
			continue;
		}
		if (j >= 0) {
			/* an item of the day list just begun */
			rc = kind == 0 ? place_one(u, text, strip, (size_t)j, m, board,
			    day) : bad_item(u, "a breakdown id", (long long)j, text);
			continue;
		}
		snprintf(u->where, sizeof(u->where), "%.200s: boards[%zu]: %s[%zu]",
		    saved, i, ids_key, d);
		if (kind == 0) {
			if ((rc = add_day(u, board, lane_id, "shoot", d, n, 1,
			    &day)) == SB_OK)
				rc = place_one(u, text, strip, 0, 1, board, day);
		} else if (kind == 1) {
			m = (size_t)sb_col_int64(st, 3);
			rc = add_day(u, board, lane_id, "shoot", d, n, 0, &day);
		} else if ((rc = flush_places(u)) == SB_OK) {
			rc = bad(u, "expected a list of breakdown ids (a shoot day), "
			    "found %s", item_type(text));
		}
	}
	sb_reset(st);
	if (rc == SB_OK && step != SQLITE_DONE)
		rc = sb_sqlerr(u->ctx, "stripboard");
	if (rc == SB_OK)
		rc = flush_places(u);
	u->nplace = 0;
	return rc;
}

static int
read_lanes(struct uss *u, json_t *lanes, int64_t board, const char *outer)
{
	static const char *const known[] = { "id", "name", "breakdownIds",
	    "breakdownArrays", NULL };
	char saved[sizeof(u->where)];
	int have_schedule = 0, have_boneyard = 0;
	json_t *lane;
	size_t i;
	int rc = SB_OK;

	snprintf(saved, sizeof(saved), "%s", outer);
	json_array_foreach(lanes, i, lane) {
		struct rec r;
		const char *uid, *name, *kind, *ids_key;
		json_t *obj = json_object_get(lane, "rec"), *ids;
		int nested, key, streamed;
		int64_t lane_id;
		struct sb_row_lane row;

		snprintf(u->where, sizeof(u->where), "%.200s: boards[%zu]", saved, i);
		if (!json_is_object(obj))
			return bad(u, "expected an object, found %s", type_name(obj));
		if ((rc = rec_begin(u, &r, obj, known)) != SB_OK)
			goto fail;
		ids_key = json_object_get(obj, "breakdownIds") == NULL &&
		    json_object_get(obj, "breakdownArrays") != NULL ?
		    "breakdownArrays" : "breakdownIds";
		key = strcmp(ids_key, "breakdownIds") == 0 ? 0 : 1;
		if ((rc = get_text(u, &r, "id", &uid, NULL)) != SB_OK ||
		    (rc = get_text(u, &r, "name", &name, NULL)) != SB_OK)
			goto fail;
		if (key == 0 && json_object_get(obj, "breakdownArrays") != NULL) {
			json_t *kept = json_object_get(obj, "breakdownArrays");

			if (json_is_true(json_object_get(lane, "streamed1"))) {
				if ((rc = items_json(u, lane, 1, &kept)) != SB_OK)
					goto fail;
				rc = rec_keep(u, &r, "breakdownArrays", kept);
				json_decref(kept);
			} else {
				rc = rec_keep(u, &r, "breakdownArrays", kept);
			}
			if (rc != SB_OK)
				goto fail;
		}
		ids = json_object_get(obj, ids_key);
		streamed = json_is_true(json_object_get(lane, key == 0 ?
		    "streamed0" : "streamed1"));
		if (!streamed && ids != NULL && !json_is_null(ids)) {
			rc = bad(u, "%s: expected an array, found %s", ids_key,
			    type_name(ids));
			goto fail;
		}
		if (ids != NULL && json_is_null(ids) &&
		    (rc = rec_keep(u, &r, "breakdownIds", ids)) != SB_OK)
			goto fail;
		/* Cut into days if any item is a list; a bare id among the
		 * lists is then a one-strip day (the full sample has one). */
		nested = streamed && json_is_true(json_object_get(lane, key == 0 ?
		    "nested0" : "nested1"));
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
		if ((rc = stored(u, store_lane_insert(u->ctx, &row, &lane_id))) != SB_OK)
			goto fail;
		if (!streamed) {
			int64_t day;

			if ((rc = add_day(u, board, lane_id, "list", 0, 1, 0, &day)) != SB_OK)
				goto fail;
		} else if ((rc = place_items(u, lane, key, ids_key, saved, i, nested,
		    board, lane_id)) != SB_OK) {
			goto fail;
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
read_stripboards(struct uss *u)
{
	static const char *const known[] = { "id", "name", "calendar", "boards", NULL };
	json_t *entry;
	size_t k;
	int rc;

	json_array_foreach(u->boards, k, entry) {
		struct rec r;
		json_t *obj = json_object_get(entry, "rec");
		size_t i = (size_t)json_integer_value(json_object_get(entry, "i"));
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
		lanes = json_object_get(entry, "lanes");
		if (lanes == NULL) {
			lanes = json_object_get(obj, "boards");
			if (lanes != NULL && !json_is_null(lanes)) {
				rc = bad(u, "boards: expected an array, found %s",
				    type_name(lanes));
				goto fail;
			}
			if (lanes != NULL &&
			    (rc = rec_keep(u, &r, "boards", lanes)) != SB_OK)
				goto fail;
		}
		for (const char *const *key = known; *key != NULL; key++)
			rec_absent(&r, *key, NULL);
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

/* Elements that came before the categories, read now. */
static int
read_spooled(struct uss *u)
{
	static const char sql[] = "SELECT i, text FROM uss_spool ORDER BY i";
	sb_st *st;
	int rc, step;

	if (u->spooled == 0)
		return SB_OK;
	u->spooled = 0;
	if ((st = sb_stmt(u->ctx, sql)) == NULL)
		return SB_EFAIL;
	rc = SB_OK;
	while (rc == SB_OK && (step = sb_step(st)) == SQLITE_ROW) {
		json_t *obj = json_loads((const char *)sb_col_text(st, 1),
		    JSON_DECODE_ANY, NULL);

		rc = obj == NULL ? sb_err(u->ctx, SB_EFAIL, "out of memory") :
		    one_element(u, (size_t)sb_col_int64(st, 0), obj);
		json_decref(obj);
	}
	sb_reset(st);
	if (rc == SB_OK && step != SQLITE_DONE)
		rc = sb_sqlerr(u->ctx, "elements");
	return rc;
}

static int
spool(struct uss *u, size_t i, json_t *obj)
{
	char *text = json_dumps(obj, JSON_COMPACT | JSON_ENCODE_ANY);
	int rc;

	if (text == NULL)
		return sb_err(u->ctx, SB_EFAIL, "out of memory");
	rc = store_import_spool_add(u->ctx, (int64_t)i, text);
	free(text);
	u->spooled++;
	return rc;
}

/* The items kept by keep_item(), written. */
static int
write_items(struct uss *u)
{
	size_t n = u->nitems;

	for (size_t i = 0; i < n; i++)
		u->items[i].text = u->item_text[i] != 0 ?
		    u->itext.data + u->item_text[i] - 1 : NULL;
	u->nitems = 0;
	u->itext.len = 0;
	return n > 0 ? store_import_items_add(u->ctx, u->items, n) : SB_OK;
}

/*
 * A list item kept for write_items(), its text copied (n < 0: no count).
 * On a server each is sent as it comes, as its writes are queued.
 */
static int
keep_item(struct uss *u, int64_t seq, int64_t d, int64_t j, int kind, int64_t n,
    const char *text)
{
	struct sb_item *it = &u->items[u->nitems];

	it->seq = seq;
	it->ids = u->ids_key;
	it->d = d;
	it->j = j;
	it->kind = kind;
	it->n = n;
	it->text = NULL;
	u->item_text[u->nitems] = 0;
	if (text != NULL) {
		u->item_text[u->nitems] = u->itext.len + 1;
		sb_buf_add(&u->itext, text, strlen(text) + 1);
		if (u->itext.failed)
			return sb_err(u->ctx, SB_EFAIL, "out of memory");
	}
	u->nitems++;
	return u->nitems == sizeof(u->items) / sizeof(u->items[0]) ||
	    sb_deferring(u->ctx) ? write_items(u) : SB_OK;
}

/* An item of a lane's list: a breakdown id, a day's list or anything else. */
static int
add_item(struct uss *u, size_t d, int64_t j, int kind, json_t *v)
{
	char *text = NULL;
	int rc;

	if (kind == 2 && (text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)) == NULL)
		return sb_err(u->ctx, SB_EFAIL, "out of memory");
	rc = keep_item(u, ++u->item_seq, (int64_t)d, j, kind, -1,
	    kind == 0 ? json_string_value(v) : text);
	free(text);
	return rc;
}

static int
section_of(const char *key)
{
	static const char *const names[] = { "categories", "elements",
	    "breakdowns", "calendars", "stripboards" };

	for (int k = 0; k < 5; k++)
		if (key != NULL && strcmp(key, names[k]) == 0)
			return SEC_CATEGORIES + k;
	return SEC_NONE;
}

/* A refusal of the input waits for the end of the parse; others stop it. */
static int
refused(struct uss *u, int rc)
{
	if (rc == SB_EDATA && u->rc == SB_OK) {
		u->rc = rc;
		return SB_OK;
	}
	return rc;
}

static int
js_open(void *arg, int depth, const char *key, size_t index, int is_array)
{
	struct uss *u = arg;
	int rc;

	if (u->rc != SB_OK)
		return is_array || depth <= 2 ? SB_JS_STREAM : SB_JS_WHOLE;
	switch (depth) {
	case 1:
		return is_array ? SB_JS_WHOLE : SB_JS_STREAM;
	case 2:
		if (strcmp(key, "universalScheduleStandard") != 0 || is_array)
			return SB_JS_WHOLE;
		u->have_uss = 1;
		return SB_JS_STREAM;
	case 3:
		if (!is_array || section_of(key) == SEC_NONE)
			return SB_JS_WHOLE;
		if ((rc = make_project(u)) != SB_OK) {
			rc = refused(u, rc);
			return rc != SB_OK ? rc : SB_JS_STREAM;
		}
		u->section = section_of(key);
		return SB_JS_STREAM;
	case 4:
		if (u->section != SEC_STRIPBOARDS || is_array)
			return SB_JS_WHOLE;
		u->board = json_pack("{s:{},s:I}", "rec", "i", (json_int_t)index);
		u->lanes = NULL;
		return u->board != NULL ? SB_JS_STREAM :
		    sb_err(u->ctx, SB_EFAIL, "out of memory");
	case 5:
		if (u->board == NULL || strcmp(key, "boards") != 0 || !is_array)
			return SB_JS_WHOLE;
		u->lanes = json_array();
		if (u->lanes == NULL || json_object_set(json_object_get(u->board, "rec"),
		    "boards", u->lanes) != 0 ||
		    json_object_set(u->board, "lanes", u->lanes) != 0)
			return sb_err(u->ctx, SB_EFAIL, "out of memory");
		json_decref(u->lanes);
		return SB_JS_STREAM;
	case 6:
		if (u->lanes == NULL || is_array)
			return SB_JS_WHOLE;
		u->lane = json_pack("{s:{},s:I}", "rec", "seq0",
		    (json_int_t)u->item_seq + 1);
		return u->lane != NULL ? SB_JS_STREAM :
		    sb_err(u->ctx, SB_EFAIL, "out of memory");
	case 7:
		if (u->lane == NULL || !is_array || (strcmp(key, "breakdownIds") != 0 &&
		    strcmp(key, "breakdownArrays") != 0))
			return SB_JS_WHOLE;
		u->ids_key = strcmp(key, "breakdownIds") == 0 ? 0 : 1;
		if (json_object_set_new(json_object_get(u->lane, "rec"), key,
		    json_array()) != 0 || json_object_set_new(u->lane,
		    u->ids_key == 0 ? "streamed0" : "streamed1", json_true()) != 0)
			return sb_err(u->ctx, SB_EFAIL, "out of memory");
		return SB_JS_STREAM;
	case 8:
		if (u->lane == NULL || !is_array)
			return SB_JS_WHOLE;
		if (json_object_set_new(u->lane, u->ids_key == 0 ? "nested0" :
		    "nested1", json_true()) != 0)
			return sb_err(u->ctx, SB_EFAIL, "out of memory");
		/* its row is written at its end, with its count (js_close()) */
		u->list_seq = ++u->item_seq;
		u->list_d = index;
		return SB_JS_STREAM;
	default:
		return SB_JS_WHOLE;
	}
}

static int
js_value(void *arg, int depth, const char *key, size_t index, json_t *v)
{
	struct uss *u = arg;
	int rc = SB_OK;

	if (u->rc != SB_OK)
		return SB_OK;
	switch (depth) {
	case 2:
		if (strcmp(key, "universalScheduleStandard") == 0)
			u->have_uss = 0; /* not an object */
		return SB_OK;
	case 3:
		if (section_of(key) == SEC_NONE)
			return refused(u, header_key(u, key, v));
		if (json_is_null(v))
			return SB_OK;
		snprintf(u->where, sizeof(u->where), "%s", key);
		return refused(u, bad(u, "expected an array, found %s", type_name(v)));
	case 4:
		switch (u->section) {
		case SEC_CATEGORIES:
			rc = one_category(u, index, v);
			break;
		case SEC_ELEMENTS:
			rc = u->cats_done ? one_element(u, index, v) : spool(u, index, v);
			break;
		case SEC_BREAKDOWNS:
			rc = one_breakdown(u, index, v);
			break;
		case SEC_CALENDARS:
			rc = one_calendar(u, index, v);
			break;
		case SEC_STRIPBOARDS:
			set_where(u, "stripboards", index, v);
			rc = bad(u, "expected an object, found %s", type_name(v));
			break;
		}
		return refused(u, rc);
	case 5:
		if (u->board != NULL &&
		    json_object_set(json_object_get(u->board, "rec"), key, v) != 0)
			return sb_err(u->ctx, SB_EFAIL, "out of memory");
		return SB_OK;
	case 6:
		if (u->lanes != NULL) {
			json_t *lane = json_pack("{s:O}", "rec", v);

			if (lane == NULL || json_array_append_new(u->lanes, lane) != 0)
				return sb_err(u->ctx, SB_EFAIL, "out of memory");
		}
		return SB_OK;
	case 7:
		if (u->lane != NULL &&
		    json_object_set(json_object_get(u->lane, "rec"), key, v) != 0)
			return sb_err(u->ctx, SB_EFAIL, "out of memory");
		return SB_OK;
	case 8:
		return u->lane != NULL ? add_item(u, index, -1,
		    json_is_string(v) ? 0 : 2, v) : SB_OK;
	case 9:
		return u->lane != NULL ? add_item(u, u->list_d, (int64_t)index,
		    json_is_string(v) ? 0 : 2, v) : SB_OK;
	default:
		return SB_OK;
	}
}

static int
js_close(void *arg, int depth, const char *key, size_t index, size_t count)
{
	struct uss *u = arg;
	int rc;

	(void)key;
	(void)index;
	if (u->rc != SB_OK)
		return SB_OK;
	switch (depth) {
	case 3:
		if (u->section == SEC_CATEGORIES) {
			u->cats_done = 1;
			if ((rc = read_spooled(u)) != SB_OK)
				return refused(u, rc);
		}
		if (u->section == SEC_ELEMENTS)
			u->els_closed = 1;
		u->els_done = u->els_closed && u->cats_done && u->rc == SB_OK;
		u->section = SEC_NONE;
		return SB_OK;
	case 4:
		if (u->board != NULL && json_array_append_new(u->boards, u->board) != 0) {
			u->board = NULL;
			return sb_err(u->ctx, SB_EFAIL, "out of memory");
		}
		u->board = NULL;
		u->lanes = NULL;
		return SB_OK;
	case 6:
		if (u->lane != NULL && (json_object_set_new(u->lane, "seq1",
		    json_integer((json_int_t)u->item_seq)) != 0 ||
		    json_array_append_new(u->lanes, u->lane) != 0)) {
			u->lane = NULL;
			return sb_err(u->ctx, SB_EFAIL, "out of memory");
		}
		u->lane = NULL;
		return SB_OK;
	case 7:
		if (u->lane != NULL && json_object_set_new(u->lane, u->ids_key == 0 ?
		    "n0" : "n1", json_integer((json_int_t)count)) != 0)
			return sb_err(u->ctx, SB_EFAIL, "out of memory");
		return SB_OK;
	case 8:
		if (u->lane == NULL)
			return SB_OK;
		return keep_item(u, u->list_seq, (int64_t)u->list_d, -1, 1,
		    (int64_t)count, NULL);
	default:
		return SB_OK;
	}
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
	static const struct sb_jstream_ops ops = { js_open, js_value, js_close, 0 };
	struct uss u;
	int rc;

	memset(&u, 0, sizeof(u));
	sb_buf_init(&u.itext);
	u.imp = imp;
	u.ctx = imp->ctx;
	u.file = imp->in->name;
	sb_place(imp->ctx, NULL, u.where); /* a server's queued writes name it */
	u.cats = json_object();
	u.cals = json_object();
	u.meta = json_object();
	u.boards = json_array();
	u.els = json_object();
	u.reserve = imp->ctx->fk_off;
	if (u.els == NULL || u.cats == NULL || u.cals == NULL || u.meta == NULL || u.boards == NULL)
		rc = sb_err(imp->ctx, SB_EFAIL, "out of memory");
	else
		rc = store_import_tables(imp->ctx, 0);
	if (rc == SB_OK)
		rc = sb_jstream_read(imp->ctx, imp->in, &ops, &u);
	if (rc == SB_OK)
		rc = write_links(&u);
	if (rc == SB_OK)
		rc = write_items(&u);
	sb_place(imp->ctx, NULL, NULL); /* past the records: no place of theirs */
	if (rc == SB_OK && !u.have_uss)
		rc = sb_err(imp->ctx, SB_EDATA, "%s: universalScheduleStandard: "
		    "missing or not an object", u.file);
	if (rc == SB_OK)
		rc = u.rc;
	if (rc == SB_OK && (rc = make_project(&u)) == SB_OK &&
	    (rc = finish_header(&u)) == SB_OK &&
	    (rc = read_spooled(&u)) == SB_OK &&
	    (rc = check_links(&u)) == SB_OK &&
	    (rc = (u.reserve ? finish_reserved(&u) : finish_links(&u))) == SB_OK &&
	    (rc = read_stripboards(&u)) == SB_OK)
		rc = store_import_tables(imp->ctx, 1);
	json_decref(u.board);
	json_decref(u.lane);
	json_decref(u.cats);
	json_decref(u.cals);
	json_decref(u.meta);
	json_decref(u.boards);
	json_decref(u.els);
	free(u.link_err);
	free(u.pend);
	sb_buf_free(&u.itext);
	return rc;
}
