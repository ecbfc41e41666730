/*
 * uss_equal - compare two USS files as JSON values: key order free,
 * numbers by value (3 equals 3.0), and the spelling variants of real files
 * read as the written spec's (type "strip" is "scene", "time" is
 * "duration", "doodDayCount" is "dropDayCount", "breakdownArrays" is
 * "breakdownIds").  Exit 0 when equal; else print the first difference.
 */
#include <config.h>

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static void
rename_key(json_t *obj, const char *from, const char *to)
{
	json_t *v = json_object_get(obj, from);

	if (v == NULL || json_object_get(obj, to) != NULL)
		return;
	json_object_set(obj, to, v);
	json_object_del(obj, from);
}

static void
normalize(json_t *root)
{
	json_t *a, *o, *lane;
	size_t i, j;

	a = json_object_get(root, "breakdowns");
	json_array_foreach(a, i, o) {
		json_t *t = json_object_get(o, "type");

		if (json_is_string(t) && strcmp(json_string_value(t), "strip") == 0)
			json_object_set_new(o, "type", json_string("scene"));
		rename_key(o, "time", "duration");
	}
	a = json_object_get(root, "elements");
	json_array_foreach(a, i, o)
		rename_key(o, "doodDayCount", "dropDayCount");
	a = json_object_get(root, "stripboards");
	json_array_foreach(a, i, o) {
		json_array_foreach(json_object_get(o, "boards"), j, lane)
			rename_key(lane, "breakdownArrays", "breakdownIds");
	}
}

static int
equal(json_t *a, json_t *b, char *path, size_t size)
{
	size_t len = strlen(path);

	if (json_is_number(a) && json_is_number(b)) {
		if (json_number_value(a) == json_number_value(b))
			return 1;
		goto differ;
	}
	if (json_typeof(a) != json_typeof(b))
		goto differ;
	if (json_is_object(a)) {
		const char *key;
		json_t *v;

		if (json_object_size(a) != json_object_size(b)) {
			json_object_foreach(a, key, v)
				if (json_object_get(b, key) == NULL) {
					snprintf(path + len, size - len, ".%s (only in the first)", key);
					return 0;
				}
			json_object_foreach(b, key, v)
				if (json_object_get(a, key) == NULL) {
					snprintf(path + len, size - len, ".%s (only in the second)", key);
					return 0;
				}
		}
		json_object_foreach(a, key, v) {
			json_t *w = json_object_get(b, key);

			snprintf(path + len, size - len, ".%s", key);
			if (w == NULL) {
				strncat(path, " (only in the first)", size - strlen(path) - 1);
				return 0;
			}
			if (!equal(v, w, path, size))
				return 0;
		}
		path[len] = '\0';
		return 1;
	}
	if (json_is_array(a)) {
		size_t i;

		if (json_array_size(a) != json_array_size(b)) {
			snprintf(path + len, size - len, " (arrays of %zu and %zu)",
			    json_array_size(a), json_array_size(b));
			return 0;
		}
		for (i = 0; i < json_array_size(a); i++) {
			snprintf(path + len, size - len, "[%zu]", i);
			if (!equal(json_array_get(a, i), json_array_get(b, i), path, size))
				return 0;
		}
		path[len] = '\0';
		return 1;
	}
	if (json_equal(a, b))
		return 1;
differ:
	{
		char *x = json_dumps(a, JSON_ENCODE_ANY | JSON_COMPACT);
		char *y = json_dumps(b, JSON_ENCODE_ANY | JSON_COMPACT);

		snprintf(path + len, size - len, ": %.80s != %.80s", x ? x : "?", y ? y : "?");
		free(x);
		free(y);
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	json_error_t err;
	json_t *a, *b;
	char path[1024] = "";
	int same;

	if (argc != 3) {
		fprintf(stderr, "usage: uss_equal A.uss B.uss\n");
		return 2;
	}
	a = json_load_file(argv[1], 0, &err);
	if (a == NULL) {
		fprintf(stderr, "uss_equal: %s: line %d: %s\n", argv[1], err.line, err.text);
		return 2;
	}
	b = json_load_file(argv[2], 0, &err);
	if (b == NULL) {
		fprintf(stderr, "uss_equal: %s: line %d: %s\n", argv[2], err.line, err.text);
		return 2;
	}
	normalize(json_object_get(a, "universalScheduleStandard"));
	normalize(json_object_get(b, "universalScheduleStandard"));
	same = equal(a, b, path, sizeof(path));
	if (!same)
		printf("differ at %s\n", path[0] ? path : "(root)");
	json_decref(a);
	json_decref(b);
	return same ? 0 : 1;
}
