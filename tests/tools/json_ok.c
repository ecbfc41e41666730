/*
 * json_ok - check that JSON output parses, with Jansson, which refuses
 * text that is not UTF-8 as RFC 8259 asks.  json_ok FILE: the file is one
 * JSON text; json_ok -l FILE: each line is one (NDJSON); "-" reads
 * standard input.  Exit 0 when it parses (and there is at least one
 * value); else print where it does not and exit 1.
 */
#include <config.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
	int lines = argc > 1 && strcmp(argv[1], "-l") == 0;
	const char *path = argc > 1 + lines ? argv[1 + lines] : "-";
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	json_error_t e;
	json_t *v;
	char *line = NULL;
	size_t cap = 0;
	long n = 0;

	if (argc > 2 + lines || f == NULL) {
		fprintf(stderr, "usage: json_ok [-l] [FILE]\n");
		return 2;
	}
	if (!lines) {
		if ((v = json_loadf(f, JSON_DECODE_ANY, &e)) == NULL) {
			fprintf(stderr, "json_ok: %s: line %d: %s\n", path, e.line, e.text);
			return 1;
		}
		json_decref(v);
		return 0;
	}
	while (getline(&line, &cap, f) > 0) {
		n++;
		if ((v = json_loads(line, JSON_DECODE_ANY, &e)) == NULL) {
			fprintf(stderr, "json_ok: %s: line %ld: %s\n", path, n, e.text);
			free(line);
			return 1;
		}
		json_decref(v);
	}
	free(line);
	if (n == 0) {
		fprintf(stderr, "json_ok: %s: no line\n", path);
		return 1;
	}
	return 0;
}
