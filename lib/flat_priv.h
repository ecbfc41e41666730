/*
 * flat_priv.h - the canonical flat form: one row per strip on a board
 * (lib/fmt_flat.c, shared by fmt_flat_read.c and fmt_flat_write.c).
 */
#ifndef FLAT_PRIV_H
#define FLAT_PRIV_H

#include "sb_priv.h"

enum sb_flat_col {
	SB_COL_BOARD, SB_COL_DAY, SB_COL_DATE, SB_COL_POSITION, SB_COL_STRIP_ID,
	SB_COL_VERSION, SB_COL_TYPE, SB_COL_SCENE, SB_COL_INT_EXT,
	SB_COL_DAY_NIGHT, SB_COL_SET, SB_COL_LOCATION, SB_COL_SCRIPT_DAY,
	SB_COL_PAGES, SB_COL_EST, SB_COL_SYNOPSIS, SB_COL_EIGHTHS, SB_COL_OMITTED,
	SB_FLAT_NCOLS
};

/*
 * The fixed columns, in order; element categories follow them.  eighths and
 * omitted came last (a file without them still reads); in a file with
 * either, an element name may carry its board id as "ID:NAME".
 */
extern const char *const sb_flat_columns[SB_FLAT_NCOLS];

/* Minutes from milliseconds: "90", "95.5". */
void sb_minutes_format(int64_t ms, char *buf, size_t size);

/*
 * An element as the flat form writes it: "ID:NAME" with a board id, ":NAME"
 * for a name with a colon, else the name; in *b or the element's own name
 * (NULL: out of memory).  fmt_flat_write.c; sb-day list --expand too.
 */
struct sb_element_ref;
struct sb_buf;
const char *sb_flat_element_text(const struct sb_element_ref *el, struct sb_buf *b);

#endif /* FLAT_PRIV_H */
