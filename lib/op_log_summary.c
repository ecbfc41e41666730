/*
 * op_log_summary.c - what an audit row says to a person: one line in words
 * for every kind of row stripboard(5) lists (sb-log's table, and the
 * "summary" of its JSON), never the raw JSON of the changes.
 */
#include <config.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "log_priv.h"

/* A value longer than this is cut in a summary. */
#define SUMMARY_VALUE_MAX 60

static const char *
jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Text cut to max bytes on a character boundary, with an ellipsis. */
static void
cut_text(struct sb_buf *b, const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max) {
		sb_buf_add(b, s, n);
		return;
	}
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	sb_buf_add(b, s, n);
	sb_buf_puts(b, "\xe2\x80\xa6");
}

/* A column's name as people say it. */
static const char *
column_words(const char *key)
{
	static const char *const names[][2] = {
		{ "eighths", "pages" }, { "int_ext", "INT/EXT" },
		{ "day_night", "day/night" }, { "set_name", "set" },
		{ "script_page", "script page" }, { "script_day", "script day" },
		{ "est_ms", "estimated time" }, { "est_minutes", "estimated time" },
		{ "days_off", "days off" }, { "calendar_id", "calendar" },
		{ "day_id", "day" }, { "pos", "place" }, { "date_raw", "date" },
		{ "board_id", "number" }, { "is_dood", "day out of days" },
		{ "is_hold", "hold days" }, { "is_drop", "drop days" },
		{ "drop_days", "drop after days" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(key, names[i][0]) == 0)
			return names[i][1];
	return key;
}

/* "6,0" -> "Sat, Sun" */
static void
days_off_text(struct sb_buf *b, const char *s)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	int n = 0;

	if (s[0] == '\0') {
		sb_buf_puts(b, "none");
		return;
	}
	for (const char *p = s; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '6')
			sb_buf_printf(b, "%s%s", n++ ? ", " : "", wd[*p - '0']);
		else if (*p != ',' && *p != ' ')
			sb_buf_puts(b, n++ ? ", ?" : "?");
	}
}

/* A value as people read it, cut when long. */
static void
value_text(struct sb_buf *b, json_t *v, const char *key)
{
	char buf[SB_EIGHTHS_BUFSZ];
	char *dump;

	if (v == NULL || json_is_null(v)) {
		sb_buf_puts(b, "none");
	} else if (json_is_integer(v) && strcmp(key, "eighths") == 0) {
		sb_buf_puts(b, sb_eighths_format(json_integer_value(v), buf, sizeof(buf)));
	} else if (json_is_integer(v) && strcmp(key, "est_ms") == 0) {
		sb_buf_printf(b, "%lld min", (long long)(json_integer_value(v) / 60000));
	} else if (json_is_boolean(v)) {
		sb_buf_puts(b, json_is_true(v) ? "yes" : "no");
	} else if (json_is_string(v) && strcmp(key, "days_off") == 0) {
		days_off_text(b, json_string_value(v));
	} else if (json_is_string(v)) {
		cut_text(b, json_string_value(v), SUMMARY_VALUE_MAX);
	} else if (json_is_array(v)) {
		/* a list of names: "A, B, C" */
		size_t i;
		json_t *e;

		if (json_array_size(v) == 0)
			sb_buf_puts(b, "none");
		json_array_foreach(v, i, e) {
			if (i > 0)
				sb_buf_puts(b, ", ");
			if (b->len > SUMMARY_VALUE_MAX * 2) {
				sb_buf_puts(b, "\xe2\x80\xa6");
				break;
			}
			value_text(b, e, key);
		}
	} else if ((dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)) != NULL) {
		cut_text(b, dump, SUMMARY_VALUE_MAX);
		free(dump);
	} else {
		sb_buf_puts(b, "?");
	}
}

/* Whether name is in the JSON array of strings a. */
static int
in_list(json_t *a, const char *name)
{
	size_t i;
	json_t *e;

	json_array_foreach(a, i, e)
		if (json_is_string(e) && strcmp(json_string_value(e), name) == 0)
			return 1;
	return 0;
}

/* The names of from not in to, as "A, B"; how many. */
static int
names_missing(struct sb_buf *b, json_t *from, json_t *to)
{
	size_t i;
	json_t *e;
	int n = 0;

	json_array_foreach(from, i, e) {
		if (!json_is_string(e) || in_list(to, json_string_value(e)))
			continue;
		sb_buf_puts(b, n++ ? ", " : "");
		cut_text(b, json_string_value(e), SUMMARY_VALUE_MAX);
	}
	return n;
}

/*
 * A revision's elements, {"Cast": [[before...], [after...]], ...}:
 * "added GEORGE, MARY to Cast; removed Zuzu's Petals from Props".
 */
static int
elements_text(struct sb_buf *b, json_t *els)
{
	const char *cat;
	json_t *pair;
	int n = 0;

	json_object_foreach(els, cat, pair) {
		json_t *from = json_array_get(pair, 0), *to = json_array_get(pair, 1);
		size_t mark = b->len;

		sb_buf_puts(b, n ? "; added " : "added ");
		if (names_missing(b, to, from) > 0) {
			sb_buf_printf(b, " to %s", cat);
			n++;
		} else {
			b->len = mark;
		}
		mark = b->len;
		sb_buf_puts(b, n ? "; removed " : "removed ");
		if (names_missing(b, from, to) > 0) {
			sb_buf_printf(b, " from %s", cat);
			n++;
		} else {
			b->len = mark;
		}
		if (b->data != NULL)
			b->data[b->len] = '\0';
	}
	return n;
}

/* "pages 1 3/8 -> 2, set A -> B" for the columns of set, leaving out skip. */
static int
set_text(struct sb_buf *b, json_t *set, const char *skip)
{
	const char *key;
	json_t *pair;
	int n = 0;

	json_object_foreach(set, key, pair) {
		size_t mark = b->len;

		if (skip != NULL && strcmp(key, skip) == 0)
			continue;
		if (strcmp(key, "elements") == 0 && json_is_object(pair)) {
			sb_buf_puts(b, n ? ", " : "");
			if (elements_text(b, pair) > 0) {
				n++;
			} else {
				b->len = mark;
				if (b->data != NULL)
					b->data[mark] = '\0';
			}
			continue;
		}
		sb_buf_printf(b, "%s%s ", n++ ? ", " : "", column_words(key));
		if (json_is_array(pair) && json_array_size(pair) == 2) {
			value_text(b, json_array_get(pair, 0), key);
			sb_buf_puts(b, " -> ");
			value_text(b, json_array_get(pair, 1), key);
		} else {
			value_text(b, pair, key);
		}
	}
	return n;
}

/* The value after (side 1) or before (side 0) of a column of set. */
static json_t *
side(json_t *set, const char *key, int which)
{
	return json_array_get(json_object_get(set, key), (size_t)which);
}

/* Where a strip stood: "day 3", "the boneyard", ... */
static void
place_text(struct sb_buf *b, json_t *day, json_t *lane)
{
	const char *kind = json_string_value(lane);

	if (json_is_integer(day))
		sb_buf_printf(b, "day %lld", (long long)json_integer_value(day));
	else if (kind != NULL && strcmp(kind, "boneyard") == 0)
		sb_buf_puts(b, "the boneyard");
	else if (kind != NULL && strcmp(kind, "schedule") == 0)
		sb_buf_puts(b, "the schedule");
	else if (kind != NULL)
		sb_buf_puts(b, "another lane");
	else
		sb_buf_puts(b, "nowhere");
}

/*
 * The strip a row is about: "scene 12"; a strip with no scene number (a
 * banner, an unnumbered scene) by its id, which sb-reorder takes.
 */
static void
strip_text(struct sb_buf *b, json_t *about, const struct sb_log_row *r)
{
	const char *scene = jstr(about, "scene"), *uid = jstr(about, "strip");

	if (scene != NULL && scene[0] != '\0')
		sb_buf_printf(b, "scene %s", scene);
	else if (uid != NULL && uid[0] != '\0')
		sb_buf_printf(b, "the unnumbered strip %s", uid);
	else
		sb_buf_printf(b, "strip #%lld", (long long)r->entity_id);
}

/* The base name of a path. */
static const char *
base_of(const char *path)
{
	const char *slash = path != NULL ? strrchr(path, '/') : NULL;

	return slash != NULL ? slash + 1 : path;
}

static const char *
calendar_kind(const char *kind)
{
	static const char *const names[][2] = {
		{ "off", "day off" }, { "travel", "travel day" },
		{ "work", "work day" }, { "start", "start date" },
		{ "event", "note" },
	};

	if (kind == NULL)
		return "entry";
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(kind, names[i][0]) == 0)
			return names[i][1];
	return kind;
}

static void
import_summary(struct sb_buf *b, json_t *imp)
{
	const char *base = base_of(jstr(imp, "file"));
	json_int_t strips = json_integer_value(json_object_get(imp, "strips"));

	sb_buf_printf(b, "imported %s %s: %lld %s",
	    jstr(imp, "format") != NULL ? jstr(imp, "format") : "a file",
	    base != NULL ? base : "?", (long long)strips, SB_PLURAL(strips, "strip", "strips"));
	if (json_is_true(json_object_get(imp, "replaced")))
		sb_buf_puts(b, ", replacing the project");
}

/* Rows of a project replaced, kept for the import after them: "kept part 2 of the
 * rows of the project replaced: strip 2000, strip_element 9000" */
static void
kept_summary(struct sb_buf *b, json_t *kept)
{
	const char *name;
	json_t *t;
	int n = 0;

	sb_buf_printf(b, "kept part %lld of the rows of the project replaced",
	    (long long)json_integer_value(json_object_get(kept, "part")));
	json_object_foreach(json_object_get(kept, "rows"), name, t) {
		sb_buf_printf(b, "%s%s %zu", n++ > 0 ? ", " : ": ", name,
		    json_array_size(json_object_get(t, "rows")));
	}
}

/* A revision's own row: "merged draft2.fdx (fdx): 6 scenes changed, 1 omitted" */
static void
revision_summary(struct sb_buf *b, json_t *rev)
{
	static const char *const counts[] = { "changed", "added", "omitted", "restored" };
	const char *base = base_of(jstr(rev, "file"));
	int n = 0;

	sb_buf_printf(b, "merged the script %s", base != NULL ? base : "?");
	if (jstr(rev, "format") != NULL)
		sb_buf_printf(b, " (%s)", jstr(rev, "format"));
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		json_int_t k = json_integer_value(json_object_get(rev, counts[i]));

		if (k > 0) {
			sb_buf_printf(b, "%s%lld %s%s", n > 0 ? ", " : ": ", (long long)k,
			    n == 0 ? SB_PLURAL(k, "scene ", "scenes ") : "", counts[i]);
			n++;
		}
	}
	if (n == 0)
		sb_buf_puts(b, ": no scene changed");
}

static void
placement_summary(struct sb_buf *b, const struct sb_log_row *r, json_t *about)
{
	json_t *day = json_object_get(about, "day"), *lane = json_object_get(about, "lane");
	json_t *d0 = json_array_get(day, 0), *d1 = json_array_get(day, 1);
	json_t *l0 = json_array_get(lane, 0), *l1 = json_array_get(lane, 1);

	if (r->version_before == 0) {
		sb_buf_puts(b, "placed ");
		strip_text(b, about, r);
		sb_buf_puts(b, " on ");
		place_text(b, d1, l1);
	} else if (r->version_after == 0) {
		sb_buf_puts(b, "removed ");
		strip_text(b, about, r);
		sb_buf_puts(b, " from ");
		place_text(b, d0, l0);
	} else if (json_equal(d0, d1) && json_equal(l0, l1)) {
		sb_buf_puts(b, "moved ");
		strip_text(b, about, r);
		sb_buf_puts(b, " within ");
		place_text(b, d0, l0);
	} else {
		sb_buf_puts(b, "moved ");
		strip_text(b, about, r);
		sb_buf_puts(b, " from ");
		place_text(b, d0, l0);
		sb_buf_puts(b, " to ");
		place_text(b, d1, l1);
	}
}

static void
day_summary(struct sb_buf *b, const struct sb_log_row *r, json_t *set, json_t *about)
{
	json_t *day = json_object_get(about, "day");
	json_t *d0 = json_array_get(day, 0), *d1 = json_array_get(day, 1);
	json_int_t n0 = json_integer_value(d0), n1 = json_integer_value(d1);
	json_int_t other = json_integer_value(json_object_get(about,
	    json_object_get(about, "into") != NULL ? "into" : "of"));
	const char *op = jstr(about, "op"), *to = jstr(about, "to");
	const char *why = jstr(about, "why");
	const char *kind = json_string_value(side(set, "kind",
	    r->version_before == 0 ? 1 : 0));

	if (kind != NULL && strcmp(kind, "list") == 0) {
		/* the one day of a lane not cut into days: a list of strips */
		sb_buf_puts(b, r->version_before == 0 ? "made a list for strips" :
		    r->version_after == 0 ? "took out a list of strips" : "changed a list of strips");
	} else if (r->version_before == 0) {
		if (op != NULL && strcmp(op, "split") == 0 && json_is_integer(d1))
			sb_buf_printf(b, "split day %lld: its later strips make day %lld",
			    (long long)other, (long long)n1);
		else if (json_is_integer(d1))
			sb_buf_printf(b, "added day %lld", (long long)n1);
		else
			sb_buf_puts(b, "added a day");
	} else if (r->version_after == 0) {
		if (op != NULL && strcmp(op, "join") == 0)
			sb_buf_printf(b, "joined day %lld to day %lld", (long long)n0,
			    (long long)other);
		else if (json_is_integer(d0))
			sb_buf_printf(b, "dropped day %lld", (long long)n0);
		else
			sb_buf_puts(b, "dropped a day");
		/* where its strips went (their moves have their own rows) */
		if (op != NULL && strcmp(op, "drop") == 0 && to != NULL &&
		    strcmp(to, "boneyard") != 0)
			sb_buf_puts(b, strcmp(to, "prev") == 0 ? " into the day before" :
			    " into the day after");
	} else if (why != NULL) {
		/* its version rose: a strip entered or left, or it was renumbered */
		if (json_is_integer(d0) && json_is_integer(d1) && n0 != n1)
			sb_buf_printf(b, "day %lld became day %lld", (long long)n0,
			    (long long)n1);
		else if (json_is_integer(d1))
			sb_buf_printf(b, "day %lld: %s", (long long)n1, why);
		else
			sb_buf_printf(b, "a day: %s", why);
	} else if (json_is_integer(d0) && json_is_integer(d1) && n0 != n1) {
		sb_buf_printf(b, "moved day %lld to day %lld", (long long)n0, (long long)n1);
	} else {
		size_t mark;

		if (json_is_integer(d1))
			sb_buf_printf(b, "changed day %lld", (long long)n1);
		else
			sb_buf_puts(b, "changed a day");
		mark = b->len;
		sb_buf_puts(b, ": ");
		if (set_text(b, set, "pos") == 0) {
			/* only its place among the days moved */
			b->len = mark;
			if (b->data != NULL)
				b->data[mark] = '\0';
			sb_buf_puts(b, " (its place)");
		}
	}
}

static void
lane_summary(struct sb_buf *b, const struct sb_log_row *r, json_t *root, json_t *set)
{
	json_t *resp = json_object_get(root, "respace");
	const char *kind;

	if (json_is_object(resp)) {
		json_t *rows = json_object_get(resp, "rows"), *row;
		const char *table = jstr(resp, "table");
		size_t i, n = json_array_size(rows), moved = 0;
		int days = table != NULL && strcmp(table, "day") == 0;

		json_array_foreach(rows, i, row)
			if (!json_equal(json_array_get(row, 1), json_array_get(row, 2)))
				moved++;
		sb_buf_printf(b, "spaced out the position keys of %zu %s of %s, in the same "
		    "order (%zu new %s)", n, days ? SB_PLURAL(n, "day", "days") :
		    SB_PLURAL(n, "strip", "strips"), days ? "a lane" : "a day", moved,
		    SB_PLURAL(moved, "key", "keys"));
		return;
	}
	kind = json_string_value(side(set, "kind", 1));
	if (r->version_before == 0) {
		const char *name = json_string_value(side(set, "name", 1));

		sb_buf_printf(b, "made the %s", kind != NULL && strcmp(kind, "boneyard") == 0 ?
		    "boneyard" : kind != NULL && strcmp(kind, "schedule") == 0 ?
		    "schedule" : "lane");
		if (name != NULL && (kind == NULL || strcmp(name, kind) != 0))
			sb_buf_printf(b, " \"%s\"", name);
	} else if (json_is_true(side(set, "nested", 1)) ||
	    json_integer_value(side(set, "nested", 1)) == 1) {
		sb_buf_puts(b, "cut the schedule into shoot days");
	} else {
		sb_buf_puts(b, "changed a lane: ");
		if (set_text(b, set, NULL) == 0)
			sb_buf_puts(b, "no details");
	}
}

static void
calendar_day_summary(struct sb_buf *b, const struct sb_log_row *r, json_t *set)
{
	int which = r->version_before == 0 ? 1 : 0;
	const char *k = json_string_value(side(set, "kind", which));
	const char *d = json_string_value(side(set, "date", which));
	const char *name = json_string_value(side(set, "name", which));

	if (r->version_before == 0)
		sb_buf_printf(b, "added %s %s to the calendar", calendar_kind(k), d != NULL ? d : "?");
	else if (r->version_after == 0)
		sb_buf_printf(b, "took %s %s out of the calendar", calendar_kind(k),
		    d != NULL ? d : "?");
	else {
		sb_buf_puts(b, "changed a calendar entry: ");
		set_text(b, set, NULL);
		return;
	}
	if (k != NULL && strcmp(k, "event") == 0 && name != NULL) {
		sb_buf_puts(b, ": ");
		cut_text(b, name, SUMMARY_VALUE_MAX);
	}
}

static void
calendar_summary(struct sb_buf *b, const struct sb_log_row *r, json_t *set, json_t *about)
{
	json_t *entries = json_object_get(about, "entries");

	if (json_is_integer(entries)) {
		json_int_t k = json_integer_value(entries);

		sb_buf_printf(b, "changed %lld calendar %s", (long long)k,
		    SB_PLURAL(k, "entry", "entries"));
	} else if (r->version_before == 0) {
		sb_buf_puts(b, "made a calendar");
	} else if (json_object_get(set, "days_off") != NULL) {
		sb_buf_puts(b, "changed the days off: ");
		value_text(b, side(set, "days_off", 0), "days_off");
		sb_buf_puts(b, " -> ");
		value_text(b, side(set, "days_off", 1), "days_off");
	} else {
		sb_buf_puts(b, "changed the calendar");
		if (json_object_size(set) > 0) {
			sb_buf_puts(b, ": ");
			set_text(b, set, NULL);
		}
	}
}

static void
board_summary(struct sb_buf *b, const struct sb_log_row *r, json_t *set, const char *board)
{
	json_t *active = side(set, "active", 1);
	const char *from = json_string_value(side(set, "name", 0));
	const char *to = json_string_value(side(set, "name", 1));

	if (board == NULL)
		board = to != NULL ? to : from != NULL ? from : "?";
	if (r->version_before == 0)
		sb_buf_printf(b, "made board \"%s\"", board);
	else if (r->version_after == 0)
		sb_buf_printf(b, "deleted board \"%s\"", board);
	else if (json_object_size(set) == 1 && json_is_boolean(active))
		sb_buf_printf(b, json_is_true(active) ? "made \"%s\" the active board" :
		    "board \"%s\" is no longer the active one", board);
	else if (json_object_size(set) == 1 && from != NULL && to != NULL)
		sb_buf_printf(b, "renamed board \"%s\" to \"%s\"", from, to);
	else if (json_object_size(set) == 1 && json_object_get(set, "calendar_id") != NULL)
		sb_buf_printf(b, "gave board \"%s\" %s calendar", board,
		    json_is_null(side(set, "calendar_id", 0)) ? "a" : "another");
	else {
		sb_buf_printf(b, "changed board \"%s\"", board);
		if (json_object_size(set) > 0) {
			sb_buf_puts(b, ": ");
			set_text(b, set, NULL);
		}
	}
}

/* A strip: a revision changed, added, omitted or restored it, or an edit. */
static void
strip_summary(struct sb_buf *b, const struct sb_log_row *r, json_t *set, json_t *about)
{
	const char *change = jstr(about, "change"), *rev = base_of(jstr(about, "revision"));
	size_t mark;

	if (change != NULL && strcmp(change, "omitted") == 0)
		sb_buf_puts(b, "omitted ");
	else if (change != NULL && strcmp(change, "restored") == 0)
		sb_buf_puts(b, "restored ");
	else if (r->version_before == 0)
		sb_buf_puts(b, "added ");
	else if (r->version_after == 0)
		sb_buf_puts(b, "deleted ");
	else
		sb_buf_puts(b, "changed ");
	strip_text(b, about, r);
	if (rev != NULL)
		sb_buf_printf(b, " (%s)", rev);
	/* a strip made or deleted: its every column says nothing more */
	if (r->version_before == 0 || r->version_after == 0)
		return;
	if (change != NULL && (strcmp(change, "omitted") == 0 ||
	    strcmp(change, "restored") == 0) && json_object_size(set) <= 1)
		return;
	mark = b->len;
	sb_buf_puts(b, ": ");
	if (set_text(b, set, "omitted") == 0) {
		b->len = mark;
		if (b->data != NULL)
			b->data[mark] = '\0';
	}
}

/*
 * A category or an element: "added element GEORGE (draft2.fdx)", "renamed
 * element \"GEORGE\" to \"GEORGE BAILEY\" (Cast)", "merged element G into
 * GEORGE (Cast)".
 */
static void
named_summary(struct sb_buf *b, const struct sb_log_row *r, json_t *set, json_t *about)
{
	const char *before = json_string_value(side(set, "name", 0));
	const char *after = json_string_value(side(set, "name", 1));
	const char *rev = base_of(jstr(about, "revision"));
	const char *cat = strcmp(r->entity, "element") == 0 ? jstr(about, "category") : NULL;
	const char *into = jstr(about, "merged_into");
	const char *name = after != NULL ? after : before != NULL ? before :
	    jstr(about, r->entity);

	if (r->version_after == 0 && into != NULL) {
		sb_buf_printf(b, "merged %s ", r->entity);
		cut_text(b, name != NULL ? name : "?", SUMMARY_VALUE_MAX);
		sb_buf_puts(b, " into ");
		cut_text(b, into, SUMMARY_VALUE_MAX);
	} else if (r->version_before != 0 && r->version_after != 0 && before != NULL &&
	    after != NULL && strcmp(before, after) != 0) {
		sb_buf_printf(b, "renamed %s \"", r->entity);
		cut_text(b, before, SUMMARY_VALUE_MAX);
		sb_buf_puts(b, "\" to \"");
		cut_text(b, after, SUMMARY_VALUE_MAX);
		sb_buf_puts(b, "\"");
	} else {
		sb_buf_printf(b, "%s %s", r->version_before == 0 ? "added" :
		    r->version_after == 0 ? "deleted" : "changed", r->entity);
		if (name != NULL) {
			sb_buf_puts(b, " ");
			cut_text(b, name, SUMMARY_VALUE_MAX);
		} else {
			sb_buf_printf(b, " #%lld", (long long)r->entity_id);
		}
	}
	if (cat != NULL)
		sb_buf_printf(b, " (%s)", cat);
	if (rev != NULL)
		sb_buf_printf(b, " (%s)", rev);
	else if (r->version_before != 0 && r->version_after != 0 && json_is_object(set) &&
	    (json_object_size(set) > 1 || json_object_get(set, "name") == NULL)) {
		sb_buf_puts(b, ": ");
		set_text(b, set, "name");
	}
}

/*
 * The events of an element merged into another (or moved back by a
 * revert): "GEORGE (Cast) took 2 events of G: 1 moved, 1 collapsed".
 */
static void
events_summary(struct sb_buf *b, const struct sb_log_row *r, json_t *events, json_t *about)
{
	const char *name = jstr(about, "element"), *from = jstr(about, "merged_from");
	const char *cat = jstr(about, "category");
	size_t moved = json_array_size(json_object_get(events, "moved"));
	size_t dropped = json_array_size(json_object_get(events, "dropped"));
	size_t added = json_array_size(json_object_get(events, "added"));

	if (name != NULL)
		cut_text(b, name, SUMMARY_VALUE_MAX);
	else
		sb_buf_printf(b, "element #%lld", (long long)r->entity_id);
	if (cat != NULL)
		sb_buf_printf(b, " (%s)", cat);
	if (from != NULL) {
		sb_buf_printf(b, " took the events of ");
		cut_text(b, from, SUMMARY_VALUE_MAX);
		sb_buf_printf(b, ": %zu moved, %zu collapsed into one of its own", moved,
		    dropped);
	} else {
		sb_buf_printf(b, ": %zu event%s moved back, %zu put back, %zu taken out",
		    moved, moved == 1 ? "" : "s", added, dropped);
	}
}

/* Any other row: "changed project 1: name A -> B". */
/* A rule of sb-perm: granted, denied, changed or revoked, to whom, where. */
static void
perm_summary(struct sb_buf *b, const struct sb_log_row *r, json_t *about)
{
	const char *user = jstr(about, "user"), *what = jstr(about, "what"),
	    *was = jstr(about, "was"), *scope = jstr(about, "scope"),
	    *effect = jstr(about, "effect");
	int deny = effect != NULL && strcmp(effect, "deny") == 0;

	if (user == NULL)
		user = "?";
	if (what == NULL)
		what = "?";
	if (scope == NULL)
		scope = "?";
	if (r->version_after == 0)
		sb_buf_printf(b, "revoked %s's %s of %s on %s", user, deny ? "deny" : "grant",
		    what, scope);
	else if (r->version_before > 0 && was != NULL)
		sb_buf_printf(b, "changed %s's grant on %s from %s to %s", user, scope, was,
		    what);
	else
		sb_buf_printf(b, "%s %s %s %s on %s", deny ? "denied" : "granted", what,
		    "to", user, scope);
}

static void
generic_summary(struct sb_buf *b, const struct sb_log_row *r, json_t *set)
{
	if (r->version_before == 0 && r->version_after > 0)
		sb_buf_printf(b, "added %s #%lld", r->entity, (long long)r->entity_id);
	else if (r->version_after == 0 && r->version_before > 0)
		sb_buf_printf(b, "deleted %s #%lld", r->entity, (long long)r->entity_id);
	else
		sb_buf_printf(b, "changed %s #%lld", r->entity, (long long)r->entity_id);
	if (json_is_object(set) && json_object_size(set) > 0) {
		sb_buf_puts(b, ": ");
		set_text(b, set, NULL);
	}
}

void
sb_log_summarize(struct sb_buf *b, const struct sb_log_row *r)
{
	json_t *root = NULL, *set, *about;
	const char *board;

	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
	b->failed = 0;
	if (r->changes != NULL)
		root = json_loads(r->changes, JSON_DECODE_ANY, NULL);
	if (!json_is_object(root)) {
		/* stored text that is not JSON (written by hand): as it is */
		const char *text = r->changes_raw != NULL ? r->changes_raw : r->changes;

		sb_buf_printf(b, "%s %lld: ", r->entity, (long long)r->entity_id);
		if (text != NULL)
			cut_text(b, text, 200);
		else
			sb_buf_puts(b, "no details");
		json_decref(root);
		return;
	}
	set = json_object_get(root, "set");
	if (!json_is_object(set))
		set = NULL;
	about = json_object_get(root, "about");
	board = jstr(about, "board");
	if (strcmp(r->entity, "project") == 0 && json_is_object(json_object_get(root, "import"))) {
		import_summary(b, json_object_get(root, "import"));
	} else if (strcmp(r->entity, "project") == 0 &&
	    json_is_object(json_object_get(root, "revision"))) {
		revision_summary(b, json_object_get(root, "revision"));
	} else if (strcmp(r->entity, "kept") == 0 &&
	    json_is_object(json_object_get(root, "kept"))) {
		kept_summary(b, json_object_get(root, "kept"));
	} else if (strcmp(r->entity, "lane") == 0) {
		lane_summary(b, r, root, set);
	} else if (strcmp(r->entity, "placement") == 0) {
		placement_summary(b, r, about);
	} else if (strcmp(r->entity, "day") == 0) {
		day_summary(b, r, set, about);
	} else if (strcmp(r->entity, "strip") == 0) {
		strip_summary(b, r, set, about);
	} else if (strcmp(r->entity, "calendar_day") == 0) {
		calendar_day_summary(b, r, set);
	} else if (strcmp(r->entity, "calendar") == 0) {
		calendar_summary(b, r, set, about);
	} else if (strcmp(r->entity, "board") == 0) {
		board_summary(b, r, set, board);
		board = NULL;
	} else if (strcmp(r->entity, "perm") == 0 && json_is_object(about)) {
		perm_summary(b, r, about);
	} else if (strcmp(r->entity, "element") == 0 &&
	    json_is_object(json_object_get(root, "events"))) {
		events_summary(b, r, json_object_get(root, "events"), about);
	} else if (strcmp(r->entity, "category") == 0 || strcmp(r->entity, "element") == 0) {
		named_summary(b, r, set, about);
	} else {
		generic_summary(b, r, set);
	}
	if (board != NULL)
		sb_buf_printf(b, " (%s)", board);
	json_decref(root);
}
