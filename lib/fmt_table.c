/*
 * fmt_table.c - the table of formats: one row per format.  Everything that
 * names, tells apart, reads or writes formats goes through it: detection,
 * sb_import() and its --update check, sb_export(), and the lists of formats
 * in help and messages (sb_format_info()).
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "fmt_priv.h"
#include "perm_priv.h"

/*
 * A row's place is its id: row k is format k + 1, so the rows follow enum
 * sb_format, and a new format goes at the end, with no [index]: it has no
 * SB_FMT_ constant, sb_format_from_name() finds it.
 *
 *	name, title, extensions, FMT_ flags,
 *	detector, streaming reader, production reader, writer
 */
static const struct sb_fmt table[] = {
	[SB_FMT_CSV - 1] =
	{ "csv", "canonical flat form, CSV", ".csv", FMT_BOARD,
	  sb_csv_detect, sb_flat_read, NULL, sb_flat_write },
	[SB_FMT_JSON - 1] =
	{ "json", "canonical flat form, JSON array", ".json", FMT_BOARD,
	  sb_json_detect, sb_flat_read, NULL, sb_flat_write },
	[SB_FMT_NDJSON - 1] =
	{ "ndjson", "canonical flat form, NDJSON", ".ndjson", FMT_BOARD,
	  sb_ndjson_detect, sb_flat_read, NULL, sb_flat_write },
	[SB_FMT_TABLE - 1] =
	{ "table", "a readable table", "", FMT_BOARD,
	  NULL, NULL, NULL, sb_flat_write },
	[SB_FMT_USS - 1] =
	{ "uss", "Universal Schedule Standard", ".uss", 0,
	  sb_uss_detect, sb_uss_read, NULL, sb_uss_write },
	[SB_FMT_MSD - 1] =
	{ "msd", "Movie Magic Scheduling", ".msd", FMT_REVISION,
	  sb_msd_detect, NULL, sb_msd_parse, sb_msd_write },
	[SB_FMT_SEX - 1] =
	{ "sex", "Movie Magic Scheduling Export", ".sex", FMT_REVISION,
	  sb_sex_detect, NULL, sb_sex_parse, NULL },
	[SB_FMT_FDX - 1] =
	{ "fdx", "Final Draft", ".fdx", FMT_REVISION,
	  sb_fdx_detect, NULL, sb_fdx_parse, NULL },
};

#define NFMT (sizeof(table) / sizeof(table[0]))

const struct sb_fmt *
sb_fmt_get(int format)
{
	if (format < 1 || (size_t)format > NFMT)
		return NULL;
	return &table[format - 1];
}

static unsigned
public_flags(const struct sb_fmt *f)
{
	unsigned flags = 0;

	if (f->read != NULL || f->read_prod != NULL)
		flags |= SB_FORMAT_READ;
	if (f->read_prod != NULL)
		flags |= SB_FORMAT_MEMORY;
	if (f->write != NULL)
		flags |= SB_FORMAT_WRITE;
	if (f->flags & FMT_REVISION)
		flags |= SB_FORMAT_REVISION;
	if (f->flags & FMT_BOARD)
		flags |= SB_FORMAT_BOARD;
	return flags;
}

unsigned
sb_format_flags(int format)
{
	const struct sb_fmt *f = sb_fmt_get(format);

	return f != NULL ? public_flags(f) : 0;
}

int
sb_format_info(size_t i, struct sb_format_info *info)
{
	if (i >= NFMT)
		return 0;
	info->format = (int)i + 1;
	info->name = table[i].name;
	info->title = table[i].title;
	info->extensions = table[i].extensions;
	info->flags = public_flags(&table[i]);
	return 1;
}

int
sb_format_from_name(const char *name)
{
	if (strcmp(name, "auto") == 0)
		return SB_FMT_AUTO;
	for (size_t i = 0; i < NFMT; i++)
		if (strcmp(name, table[i].name) == 0)
			return (int)i + 1;
	return -1;
}

const char *
sb_format_name(int format)
{
	const struct sb_fmt *f = sb_fmt_get(format);

	if (format == SB_FMT_AUTO)
		return "auto";
	return f != NULL ? f->name : "unknown";
}

char *
sb_fmt_list(unsigned flags, int dot, char *buf, size_t size)
{
	size_t count = 0, k = 0, len = 0;

	for (size_t i = 0; i < NFMT; i++)
		if ((public_flags(&table[i]) & flags) == flags)
			count++;
	buf[0] = '\0';
	for (size_t i = 0; i < NFMT && len < size; i++) {
		if ((public_flags(&table[i]) & flags) != flags)
			continue;
		k++;
		len += (size_t)snprintf(buf + len, size - len, "%s%s%s",
		    k == 1 ? "" : k == count ? " or " : ", ", dot ? "." : "",
		    table[i].name);
	}
	return buf;
}

/* Whether the head holds nothing but a byte order mark and white space. */
static int
head_empty(const struct sb_input *in)
{
	size_t n;

	sb_input_text(in, &n);
	return n == 0;
}

int
sb_fmt_detect(sb_ctx *ctx, const struct sb_input *in)
{
	int best = FMT_NO, found = -1, refused = 0;
	char names[256];

	for (size_t i = 0; i < NFMT; i++) {
		int r;

		if (table[i].detect == NULL)
			continue;
		r = table[i].detect(ctx, in);
		if (r < 0) {
			/* its message is on the context */
			refused = r;
			continue;
		}
		if (r > best) {
			best = r;
			found = (int)i + 1;
		}
	}
	if (best == FMT_SURE || (refused == 0 && found > 0))
		return found;
	if (refused != 0)
		return refused;
	if (head_empty(in))
		return sb_err(ctx, SB_EDATA, "%s: empty file", in->name);
	return sb_err(ctx, SB_EDATA, "%s: line 1: not a format sb-import reads "
	    "(%s)", in->name, sb_fmt_list(SB_FORMAT_READ, 0, names, sizeof(names)));
}

/* Only a viewer of the board (of the project, for a whole project) reads it. */
static int
may_read(sb_ctx *ctx, int64_t project_id, const char *board, const struct sb_fmt *f)
{
	struct sb_scope s = { project_id, 0, 0, 0 };
	int rc;

	if ((f->flags & FMT_BOARD) &&
	    (rc = sb_board_find(ctx, project_id, board, &s.board_id)) != SB_OK)
		return rc;
	return sb_perm_require(ctx, SB_ACT_READ, &s);
}

int
sb_export_board(sb_ctx *ctx, int64_t project_id, const char *board, int format,
    FILE *out)
{
	int rc;
	const struct sb_fmt *f = sb_fmt_get(format);
	char names[128];

	if (f == NULL || f->write == NULL || !(f->flags & FMT_BOARD))
		return sb_err(ctx, SB_EUSAGE, "a board is written as %s, not %s",
		    sb_fmt_list(SB_FORMAT_BOARD, 0, names, sizeof(names)),
		    sb_format_name(format));
	if ((rc = may_read(ctx, project_id, board, f)) != SB_OK)
		return rc;
	return f->write(ctx, project_id, board, format, out);
}

int
sb_export(sb_ctx *ctx, int64_t project_id, const char *board, int format,
    FILE *out)
{
	const struct sb_fmt *f = sb_fmt_get(format);
	int rc;

	if (f == NULL || f->write == NULL)
		return sb_err(ctx, SB_EUSAGE, "%s is not a format that is written",
		    sb_format_name(format));
	if (board != NULL && !(f->flags & FMT_BOARD))
		return sb_err(ctx, SB_EUSAGE, "a %s file holds every board, not "
		    "one", f->name);
	if ((rc = may_read(ctx, project_id, board, f)) != SB_OK)
		return rc;
	return f->write(ctx, project_id, board, format, out);
}
