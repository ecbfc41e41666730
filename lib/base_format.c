/*
 * base_format.c - the names of the formats (enum sb_format): what every
 * reader, writer and operation says in its messages.  Only names, so that
 * the readers and writers can name a format without depending on what
 * dispatches to them.
 */
#include <config.h>

#include <string.h>

#include "stripboard.h"

static const char *const format_names[] = {
	[SB_FMT_AUTO] = "auto",
	[SB_FMT_CSV] = "csv",
	[SB_FMT_JSON] = "json",
	[SB_FMT_NDJSON] = "ndjson",
	[SB_FMT_TABLE] = "table",
	[SB_FMT_USS] = "uss",
	[SB_FMT_MSD] = "msd",
	[SB_FMT_SEX] = "sex",
	[SB_FMT_FDX] = "fdx",
};

int
sb_format_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++)
		if (strcmp(name, format_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
sb_format_name(int format)
{
	if (format < 0 || (size_t)format >= sizeof(format_names) / sizeof(format_names[0]))
		return "unknown";
	return format_names[format];
}
