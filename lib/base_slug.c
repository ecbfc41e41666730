/*
 * base_slug.c - reading a slug line ("INT. BAILEY HOUSE - KITCHEN - NIGHT")
 * as INT/EXT, set and time of day: the scene headings of the .sex and .fdx
 * readers.  Text in, text out; no production, no database.
 */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sb_priv.h"

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		e--;
	*e = '\0';
	return s;
}

/* Words that make the last " - " part of a slug line its time of day. */
static const char *const times[] = {
	"DAY", "NIGHT", "MORNING", "AFTERNOON", "EVENING", "DUSK", "DAWN",
	"SUNSET", "SUNRISE", "NOON", "MIDNIGHT", "TWILIGHT", "CONTINUOUS",
	"CONT", "CONT'D", "CONTINUED", "LATER", "SAME", "MOMENTS", "MOMENT",
	"PRE-DAWN", "MAGIC", "HOUR", "LATE", "EARLY", "NEXT", "DAYS", "NIGHTS",
};

static int
is_time(const char *s)
{
	char w[32];

	/* any word of it a time word */
	while (*s != '\0') {
		size_t n = 0;

		while (*s != '\0' && !isalpha((unsigned char)*s))
			s++;
		while (*s != '\0' && (isalpha((unsigned char)*s) || *s == '\'' ||
		    *s == '-')) {
			if (n + 1 < sizeof(w))
				w[n++] = (char)toupper((unsigned char)*s);
			s++;
		}
		w[n] = '\0';
		while (n > 0 && (w[n - 1] == '-' || w[n - 1] == '\''))
			w[--n] = '\0';
		if (n == 0)
			continue;
		for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++)
			if (strcmp(w, times[i]) == 0)
				return 1;
	}
	return 0;
}

/* The INT/EXT prefixes, longest first, and what each means. */
static const struct { const char *prefix, *ie; } ie_prefixes[] = {
	{ "INT./EXT.", "INT/EXT" }, { "EXT./INT.", "INT/EXT" },
	{ "INT/EXT.", "INT/EXT" }, { "EXT/INT.", "INT/EXT" },
	{ "INT./EXT", "INT/EXT" }, { "EXT./INT", "INT/EXT" },
	{ "INT/EXT", "INT/EXT" }, { "EXT/INT", "INT/EXT" },
	{ "INT-EXT", "INT/EXT" }, { "I/E.", "INT/EXT" }, { "I/E", "INT/EXT" },
	{ "E/I.", "INT/EXT" }, { "E/I", "INT/EXT" },
	{ "INT.", "INT" }, { "INT", "INT" }, { "EXT.", "EXT" }, { "EXT", "EXT" },
};

int
sb_slug_split(const char *slug, struct sb_slug *out)
{
	const char *ie = NULL, *rest = slug, *dash, *d;
	char *buf, *set, *dn = NULL;

	while (*rest == ' ' || *rest == '\t')
		rest++;
	for (size_t i = 0; i < sizeof(ie_prefixes) / sizeof(ie_prefixes[0]); i++) {
		size_t n = strlen(ie_prefixes[i].prefix);

		if (strncasecmp(rest, ie_prefixes[i].prefix, n) == 0 &&
		    (rest[n] == '\0' || rest[n] == ' ' || rest[n] == '\t' ||
		    rest[n] == '.' || rest[n] == '-' ||
		    ie_prefixes[i].prefix[n - 1] == '.')) {
			ie = ie_prefixes[i].ie;
			rest += n;
			break;
		}
	}
	while (*rest == ' ' || *rest == '\t' || *rest == '.' ||
	    (ie != NULL && *rest == '-' && (rest[1] == ' ' || rest[1] == '\0')))
		rest++;
	memset(out, 0, sizeof(*out));
	if ((buf = sb_strdup(rest)) == NULL)
		return -1;
	set = trim(buf);
	/* The time of day: the last part after " - ", if it names a time. */
	dash = NULL;
	for (d = strstr(set, " -"); d != NULL; d = strstr(d + 1, " -"))
		if (d[2] == ' ' || d[2] == '\0')
			dash = d;
	if (dash != NULL && is_time(dash + 2)) {
		buf[dash - buf] = '\0';
		dn = trim(buf + (dash - buf) + 2);
		set = trim(set);
	} else if (dash == NULL && ie != NULL && is_time(set) &&
	    strchr(set, ' ') == NULL) {
		/* "INT. - NIGHT" came out as "NIGHT"; "EXT. DAY" too */
		dn = set;
		set = NULL;
	}
	out->buf = buf;
	out->ie = ie;
	out->set = set;
	out->dn = dn;
	return 0;
}

void
sb_slug_free(struct sb_slug *slug)
{
	free(slug->buf);
	slug->buf = NULL;
}
