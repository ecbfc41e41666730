/*
 * html_priv.h - writing HTML: text escaped for an HTML document
 * (lib/base_html.c), and the one look every HTML report shares
 * (lib/fmt_html.c): the document around a report, its style sheet and the
 * strip colours of a production.
 *
 * A report is one self-contained file: no scripts, no fonts, images or
 * style sheets fetched from anywhere, so it opens and prints the same on
 * any machine, offline, years later.  It prints in landscape on A4 and on
 * US Letter alike: its pages are laid out for the smaller of the two
 * printable areas.
 */
#ifndef SB_HTML_PRIV_H
#define SB_HTML_PRIV_H

#include <stdint.h>
#include <stdio.h>

#include "sb_priv.h"

/*
 * Write s as HTML text (and attribute values): &, <, >, " and ' as
 * character references; a C0 control other than tab and newline, and each
 * byte that does not begin a valid UTF-8 sequence (the repair of
 * base_json.c), as U+FFFD.  NULL writes nothing.  (lib/base_html.c)
 */
void sb_html_text(FILE *out, const char *s);

/* Append s to b the same way. */
void sb_html_quote(struct sb_buf *b, const char *s);

/*
 * Strip colours: Movie Magic's colour grid, rows by time of day and
 * columns by INT/EXT, each cell a background and a text colour.
 */
enum { SB_DN_DAY, SB_DN_NIGHT, SB_DN_MORNING, SB_DN_EVENING, SB_DN_OTHER, SB_DN_N };
enum { SB_IE_INT, SB_IE_EXT, SB_IE_INTEXT, SB_IE_OTHER, SB_IE_N };

struct sb_colour_cell {
	uint32_t bg, fg;     /* 0xRRGGBB */
};

struct sb_colours {
	struct sb_colour_cell cell[SB_DN_N][SB_IE_N];
	int kept;            /* the production's own grid (an import kept it) */
};

/* The usual colours (FORMATS.md section 6): INT day white, EXT day
 * yellow, INT night blue, EXT night green, black text. */
void sb_colours_default(struct sb_colours *c);

/*
 * The colours of a project: the colour grid an .msd import kept (the
 * project's meta "_msdColors": the ColorGridCell records, each with
 * RowNumber and ColumnNumber from 0 in the order of the enums above, Fg
 * and Bg as "r,g,b"), over the usual ones for any cell it does not give.
 */
int sb_colours_load(sb_ctx *ctx, int64_t project_id, struct sb_colours *c);

/* The row of a time of day ("NIGHT", "Dusk"...) and the column of an INT/EXT. */
int sb_colour_dn(const char *day_night);
int sb_colour_ie(const char *int_ext);

/*
 * The document: doctype, head with the title and the style sheet (with a
 * class kRC for every cell of the colour grid when colours is not NULL),
 * and the body's start; and its end.
 */
void sb_html_begin(FILE *out, const char *title, const struct sb_colours *colours);
void sb_html_end(FILE *out);

#endif /* SB_HTML_PRIV_H */
