/*
 * fmt_priv.h - the table of formats (lib/fmt_table.c): one row per format
 * with its name, extensions, how it is told from its content, its reader
 * and its writer.  Detection, import dispatch, the --update check, export
 * dispatch and the format lists of help and messages all read the table.
 *
 * To add a format: its reader (and writer) file with the functions below,
 * their declarations here, a row in fmt_table.c; docs/architecture.md has
 * the recipe.
 */
#ifndef FMT_PRIV_H
#define FMT_PRIV_H

#include <stdio.h>

#include <jansson.h>

#include "input_priv.h"
#include "prod_priv.h"

/*
 * What a detector says of an input's head.  The highest answer of any row
 * wins; on a tie, the row first in the table.  A negative status (with its
 * message on the context) says "this format's shape, but not readable as
 * it" (XML that is not Final Draft): it wins over FMT_SHAPE and FMT_GUESS,
 * never over FMT_SURE.
 */
enum {
	FMT_NO = 0,    /* not this format */
	FMT_GUESS = 1, /* a header line that looks like it */
	FMT_SHAPE = 2, /* the first character says it ('{', '[') */
	FMT_SURE = 3   /* a signature: a magic or a root element */
};

/* Row flags that are not told by which functions a row has. */
#define FMT_REVISION 0x1 /* can be a script revision (--update) */
#define FMT_BOARD    0x2 /* the writer writes one board, not the project */

/* A row: its format's id (SB_FMT_*) is its place in the table, plus 1. */
struct sb_fmt {
	const char *name;
	const char *title;
	const char *extensions; /* space-separated, for help and the manuals */
	unsigned flags;         /* FMT_* */
	/* FMT_NO... from in->head (sb_input_text() skips a BOM and blanks) */
	int (*detect)(sb_ctx *ctx, const struct sb_input *in);
	/* A streaming reader: straight into the database (imp->sum->format set) */
	int (*read)(struct sb_import *imp);
	/* Or a reader into a production in memory, written or merged after */
	int (*read_prod)(struct sb_import *imp, struct sb_prod *p);
	/* The writer (NULL: none); board is NULL without FMT_BOARD */
	int (*write)(sb_ctx *ctx, int64_t project_id, const char *board, int format,
	    FILE *out);
};

/* The row of a format, or NULL (SB_FMT_AUTO, an unknown id). */
const struct sb_fmt *sb_fmt_get(int format);

/* The format of the input, told from its head; SB_EDATA (message set) if none. */
int sb_fmt_detect(sb_ctx *ctx, const struct sb_input *in);

/*
 * The names of the formats whose row has every one of the public flags
 * (SB_FORMAT_*), as "a, b or c" (with dots before the names when
 * dot is set: ".msd, .sex or .fdx"), into buf.
 */
char *sb_fmt_list(unsigned flags, int dot, char *buf, size_t size);

/* The detectors, readers and writers of the rows. */
int sb_csv_detect(sb_ctx *ctx, const struct sb_input *in);
int sb_json_detect(sb_ctx *ctx, const struct sb_input *in);
int sb_ndjson_detect(sb_ctx *ctx, const struct sb_input *in);
int sb_flat_read(struct sb_import *imp);          /* csv, json, ndjson */
int sb_flat_write(sb_ctx *ctx, int64_t project_id, const char *board, int format,
    FILE *out);                                   /* and table */
int sb_uss_detect(sb_ctx *ctx, const struct sb_input *in);
int sb_uss_read(struct sb_import *imp);
int sb_uss_write(sb_ctx *ctx, int64_t project_id, const char *board, int format,
    FILE *out);
int sb_msd_detect(sb_ctx *ctx, const struct sb_input *in);
int sb_msd_parse(struct sb_import *imp, struct sb_prod *p);
/* EstimateTimeA and B (NULL: absent) as ms: one H:MM, or B hours and A minutes */
int sb_msd_estimate(const char *a, const char *b, int64_t *ms);
int sb_msd_write(sb_ctx *ctx, int64_t project_id, const char *board, int format,
    FILE *out);
/*
 * The name a Calendar of an .msd is written and read under (a StripBoard
 * names its calendar by Name, so no two may share one): its own, or
 * "Calendar" when it has none, followed by " (2)", " (3)"... while
 * taken(arg, candidate) says an earlier Calendar has it.  Malloc'd; NULL
 * when out of memory.
 */
char *sb_msd_calendar_name(const char *name, int (*taken)(void *arg, const char *name),
    void *arg);
/*
 * The project as the USS writer writes it when asked to keep everything
 * (extension keys and all), parsed: what other writers build on
 * (lib/fmt_uss_write.c).
 */
int sb_uss_json(sb_ctx *ctx, int64_t project_id, json_t **root);
/*
 * Make a USS document valid as FORMATS section 1 says, a piece at a time
 * (lib/fmt_uss_valid.c): the header's keys (no arrays), filled from the
 * project's uid, name and creation time; one record.
 */
void sb_uss_valid_header(json_t *u, const char *uid, const char *name,
    const char *created);
enum { SB_USS_BREAKDOWN, SB_USS_CATEGORY, SB_USS_ELEMENT, SB_USS_CALENDAR,
	SB_USS_STRIPBOARD, SB_USS_LANE, SB_USS_BOARD_KEYS, SB_USS_LANE_KEYS };
void sb_uss_valid_record(int kind, json_t *o, json_t *created);
int sb_sex_detect(sb_ctx *ctx, const struct sb_input *in);
int sb_sex_parse(struct sb_import *imp, struct sb_prod *p);
int sb_fdx_detect(sb_ctx *ctx, const struct sb_input *in);
int sb_fdx_parse(struct sb_import *imp, struct sb_prod *p);

#endif /* FMT_PRIV_H */
