/*
 * fmt_uss_valid.c - a USS document made valid: what the standard's own
 * validator (uss-validator, schema v1.0.0) accepts, as FORMATS section 1
 * ("What a valid USS 1.0.0 file has") lists it.
 *
 * Every object keeps only its own keys (extension keys "_..." and keys of
 * other spellings go), and every required key is there, with the least
 * invented value:
 *  - a key that may be null and is missing is null;
 *  - the spellings of real files become the standard's: type "strip" is
 *    "scene", "time" is "duration", "doodDayCount" is "dropDayCount",
 *    "breakdownArrays" is "breakdownIds";
 *  - header: "id" the project's uid, "name" the project's title or name,
 *    "created" the project's creation time, "source" "" (nothing says
 *    where it came from), "ussVersion" "1.0.0";
 *  - a record's "created" that is missing is the header's "created";
 *  - element flags that are missing are true (the written spec's
 *    default), "isIdLock" false, "dropDayCount" 0, "daysOff" [];
 *  - a category's ucid that is missing or not a number >= 0 is 126 (Other);
 *  - a value of the wrong type (a scene number written as a number, pages
 *    that are not eighths) is turned into the type (a string) or null.
 * The arrays "breakdowns", "categories" and "elements" must hold at least
 * one item: a project with none has no valid form, and gets the empty
 * arrays all the same (sb-export(1) says so).
 */
#include <config.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fmt_priv.h"

static const char *const header_keys[] = {
	"id", "name", "project", "author", "company", "created", "source",
	"ussVersion", "scriptColor", "scriptDate", "schedColor", "schedDate",
	"episode", "episodeName", "season", "description", NULL
};
/* header keys that may be null */
static const char *const header_null[] = {
	"author", "company", "episode", "episodeName", "description", "project",
	"schedColor", "schedDate", "scriptColor", "scriptDate", "season", NULL
};

static int
listed(const char *k, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(k, *list) == 0)
			return 1;
	return 0;
}

/* Drop every key of o not in keep. */
static void
only(json_t *o, const char *const *keep)
{
	const char *k;
	json_t *v;
	void *tmp;

	json_object_foreach_safe(o, tmp, k, v)
		if (!listed(k, keep))
			json_object_del(o, k);
}

static void
rename_key(json_t *o, const char *from, const char *to)
{
	json_t *v = json_object_get(o, from);

	if (v != NULL && json_object_get(o, to) == NULL)
		json_object_set(o, to, v);
	json_object_del(o, from);
}

/* A string, or null (may_null), or "": numbers and booleans as text. */
static void
want_string(json_t *o, const char *k, int may_null, const char *dflt)
{
	json_t *v = json_object_get(o, k);
	char b[64];

	if (json_is_string(v))
		return;
	if (json_is_integer(v)) {
		snprintf(b, sizeof(b), "%lld", (long long)json_integer_value(v));
		json_object_set_new(o, k, json_string(b));
	} else if (json_is_real(v)) {
		snprintf(b, sizeof(b), "%g", json_real_value(v));
		json_object_set_new(o, k, json_string(b));
	} else if (may_null && (v == NULL || json_is_null(v) || !json_is_string(v)))
		json_object_set_new(o, k, json_null());
	else
		json_object_set_new(o, k, json_string(dflt != NULL ? dflt : ""));
}

static void
want_bool(json_t *o, const char *k, int dflt)
{
	if (!json_is_boolean(json_object_get(o, k)))
		json_object_set_new(o, k, json_boolean(dflt));
}

/* A number >= 0 (multiple of step when step > 0), or null / dflt. */
static void
want_number(json_t *o, const char *k, double step, int may_null, double dflt)
{
	json_t *v = json_object_get(o, k);
	double d;

	if (json_is_number(v)) {
		d = json_number_value(v);
		if (d >= 0 && (step <= 0 || fabs(d / step - floor(d / step + 0.5)) < 1e-9))
			return;
	}
	json_object_set_new(o, k, may_null ? json_null() : json_real(dflt));
	if (!may_null && dflt == floor(dflt))
		json_object_set_new(o, k, json_integer((json_int_t)dflt));
}

/* An array of string ids, or null (may_null) / []. */
static void
want_ids(json_t *o, const char *k, int may_null)
{
	json_t *v = json_object_get(o, k), *a, *x;
	size_t i;

	if (!json_is_array(v)) {
		json_object_set_new(o, k, may_null ? json_null() : json_array());
		return;
	}
	a = json_array();
	json_array_foreach(v, i, x)
		if (json_is_string(x))
			json_array_append(a, x);
	json_object_set_new(o, k, a);
}

static void
want_created(json_t *o, json_t *created)
{
	if (!json_is_string(json_object_get(o, "created")))
		json_object_set(o, "created", created);
}

/* events: each id, date, type, name(n); null stays null */
static void
want_events(json_t *o)
{
	static const char *const keys[] = { "id", "date", "type", "name", NULL };
	json_t *v = json_object_get(o, "events"), *e, *a;
	size_t i;

	if (!json_is_array(v)) {
		json_object_set_new(o, "events", json_null());
		return;
	}
	a = json_array();
	json_array_foreach(v, i, e) {
		if (!json_is_object(e))
			continue;
		only(e, keys);
		want_string(e, "id", 0, "");
		want_string(e, "date", 0, "");
		want_string(e, "type", 0, "event");
		want_string(e, "name", 1, NULL);
		json_array_append(a, e);
	}
	json_object_set_new(o, "events", a);
}

static void
want_days_off(json_t *o)
{
	json_t *v = json_object_get(o, "daysOff"), *a = json_array(), *x;
	unsigned seen = 0;
	size_t i;

	json_array_foreach(v, i, x)
		if (json_is_integer(x) && json_integer_value(x) >= 0 &&
		    json_integer_value(x) <= 6 && !(seen & (1u << json_integer_value(x)))) {
			seen |= 1u << json_integer_value(x);
			json_array_append(a, x);
		}
	json_object_set_new(o, "daysOff", a);
}

static void
valid_breakdown(json_t *b, json_t *created)
{
	static const char *const keys[] = { "id", "bannerText", "comments", "created",
		"description", "elements", "pages", "scene", "scriptPage", "duration",
		"type", NULL };
	const char *t;

	rename_key(b, "time", "duration");
	only(b, keys);
	want_string(b, "id", 0, "");
	t = json_string_value(json_object_get(b, "type"));
	json_object_set_new(b, "type", json_string(t != NULL && strcmp(t, "banner") == 0 ?
	    "banner" : "scene"));
	want_string(b, "bannerText", 1, NULL);
	want_string(b, "comments", 1, NULL);
	want_created(b, created);
	want_string(b, "description", 1, NULL);
	want_ids(b, "elements", 0);
	want_number(b, "pages", 0.125, 1, 0);
	want_string(b, "scene", 1, NULL);
	want_string(b, "scriptPage", 1, NULL);
	want_number(b, "duration", 0, 1, 0);
}

static void
valid_category(json_t *c, json_t *created)
{
	static const char *const keys[] = { "id", "created", "name", "ucid", NULL };

	only(c, keys);
	want_string(c, "id", 0, "");
	want_created(c, created);
	want_string(c, "name", 0, "");
	if (!json_is_number(json_object_get(c, "ucid")) ||
	    json_number_value(json_object_get(c, "ucid")) < 0)
		json_object_set_new(c, "ucid", json_integer(126));
}

static void
valid_element(json_t *e, json_t *created)
{
	static const char *const keys[] = { "id", "category", "created", "daysOff",
		"dropDayCount", "elementId", "events", "isDood", "isDrop", "isHold",
		"isIdLock", "linkedElements", "name", NULL };

	rename_key(e, "doodDayCount", "dropDayCount");
	only(e, keys);
	want_string(e, "id", 0, "");
	want_string(e, "category", 0, "");
	want_created(e, created);
	want_days_off(e);
	want_number(e, "dropDayCount", 0, 0, 0);
	want_string(e, "elementId", 1, NULL);
	want_events(e);
	want_bool(e, "isDood", 1);
	want_bool(e, "isDrop", 1);
	want_bool(e, "isHold", 1);
	want_bool(e, "isIdLock", 0);
	want_ids(e, "linkedElements", 1);
	want_string(e, "name", 0, "");
}

static const char *const board_keys[] = { "id", "boards", "calendar", "name", NULL };
static const char *const lane_keys[] = { "id", "name", "breakdownIds", NULL };

/* A stripboard's own keys (not its lanes: "boards" is left as it is). */
static void
valid_board_keys(json_t *s)
{
	only(s, board_keys);
	want_string(s, "id", 0, "");
	want_string(s, "calendar", 1, NULL);
	want_string(s, "name", 0, "");
}

/* A lane's own keys; its list is made valid by the caller. */
static void
valid_lane_keys(json_t *b)
{
	only(b, lane_keys);
	want_string(b, "id", 0, "");
	want_string(b, "name", 0, "");
}

static void
valid_lane(json_t *b)
{
	json_t *ids, *clean = json_array(), *x;
	size_t j;

	rename_key(b, "breakdownArrays", "breakdownIds");
	valid_lane_keys(b);
	ids = json_object_get(b, "breakdownIds");
	json_array_foreach(ids, j, x) {
		if (json_is_string(x))
			json_array_append(clean, x);
		else if (json_is_array(x)) {
			json_t *day = json_array(), *y;
			size_t k;

			json_array_foreach(x, k, y)
				if (json_is_string(y))
					json_array_append(day, y);
			json_array_append_new(clean, day);
		}
	}
	json_object_set_new(b, "breakdownIds", clean);
}

static void
valid_stripboard(json_t *s)
{
	json_t *boards = json_object_get(s, "boards"), *b, *a = json_array();
	size_t i;

	json_incref(boards);
	valid_board_keys(s);
	json_array_foreach(boards, i, b) {
		if (!json_is_object(b))
			continue;
		valid_lane(b);
		json_array_append(a, b);
	}
	json_decref(boards);
	json_object_set_new(s, "boards", a);
}

static void
valid_calendar(json_t *c)
{
	static const char *const keys[] = { "id", "daysOff", "events", "name", NULL };

	only(c, keys);
	want_string(c, "id", 0, "");
	want_days_off(c);
	want_events(c);
	want_string(c, "name", 0, "");
}

/*
 * Made valid a piece at a time, for the writer that streams the valid form
 * (lib/fmt_uss_write.c): the header without its arrays, each record, and
 * a stripboard or lane without the list the writer streams after its keys.
 */
void
sb_uss_valid_header(json_t *u, const char *uid, const char *name,
    const char *created)
{
	const char *k;
	json_t *v;
	void *tmp;

	json_object_foreach_safe(u, tmp, k, v)
		if (!listed(k, header_keys))
			json_object_del(u, k);
	if (!json_is_string(json_object_get(u, "id")))
		json_object_set_new(u, "id", json_string(uid != NULL ? uid : ""));
	if (!json_is_string(json_object_get(u, "name")))
		json_object_set_new(u, "name", json_string(name != NULL ? name : ""));
	if (!json_is_string(json_object_get(u, "created")))
		json_object_set_new(u, "created", json_string(created != NULL ? created : ""));
	want_string(u, "source", 0, "");
	json_object_set_new(u, "ussVersion", json_string("1.0.0"));
	for (size_t i = 0; header_null[i] != NULL; i++)
		want_string(u, header_null[i], 1, NULL);
}

void
sb_uss_valid_record(int kind, json_t *o, json_t *created)
{
	switch (kind) {
	case SB_USS_BREAKDOWN:
		valid_breakdown(o, created);
		break;
	case SB_USS_CATEGORY:
		valid_category(o, created);
		break;
	case SB_USS_ELEMENT:
		valid_element(o, created);
		break;
	case SB_USS_CALENDAR:
		valid_calendar(o);
		break;
	case SB_USS_STRIPBOARD:
		valid_stripboard(o);
		break;
	case SB_USS_LANE:
		valid_lane(o);
		break;
	case SB_USS_BOARD_KEYS:
		valid_board_keys(o);
		break;
	case SB_USS_LANE_KEYS:
		/* the list is "breakdownIds", whatever the source called it */
		json_object_del(o, "breakdownArrays");
		valid_lane_keys(o);
		break;
	}
}
