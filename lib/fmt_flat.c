/*
 * fmt_flat.c - what the canonical flat form's reader, its writer and the
 * day list share: the fixed columns, in order, and minutes as the form
 * writes them.  Here so that the reader needs nothing of the writer.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "flat_priv.h"

const char *const sb_flat_columns[SB_FLAT_NCOLS] = {
	"board", "day", "date", "position", "strip_id", "version", "type",
	"scene", "int_ext", "day_night", "set", "location", "script_day",
	"pages", "est_minutes", "synopsis", "eighths", "omitted",
};

void
sb_minutes_format(int64_t ms, char *buf, size_t size)
{
	if (ms % 60000 == 0) {
		snprintf(buf, size, "%lld", (long long)(ms / 60000));
	} else {
		char *p;

		snprintf(buf, size, "%.3f", (double)ms / 60000.0);
		p = buf + strlen(buf);
		while (p > buf && p[-1] == '0')
			*--p = '\0';
	}
}
