/*
 * fmt_flat_write.c - a board in the canonical flat form (CSV, JSON, NDJSON) and
 * as a readable table, written row by row as the board cursor steps.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "board_priv.h"
#include "fmt_priv.h"
#include "csv_priv.h"
#include "flat_priv.h"
#include "json_priv.h"

static const char *const weekday_abbr[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	"Fri", "Sat" };

/* The day column: the day number, "", "boneyard", a lane, or "lane/N". */
static void
day_label(const struct sb_board_cur *cur, char *buf, size_t size)
{
	switch (cur->lane_kind) {
	case SB_LANE_SCHEDULE:
		if (cur->day_shoot)
			snprintf(buf, size, "%lld", (long long)cur->day_no);
		else
			buf[0] = '\0';
		break;
	case SB_LANE_BONEYARD:
		snprintf(buf, size, "boneyard");
		break;
	default:
		if (cur->day_shoot)
			snprintf(buf, size, "%s/%lld", cur->lane_name, (long long)cur->day_no);
		else
			snprintf(buf, size, "%s", cur->lane_name);
		break;
	}
}

static const char *
synopsis_of(const struct sb_strip_row *r)
{
	if (strcmp(r->type, "banner") == 0 && r->synopsis == NULL)
		return r->banner_text;
	return r->synopsis;
}


/*
 * The text of a row's fixed cells.  The day's label and date are made once
 * a day, and numbers without snprintf(): sb-bench found formatting at a
 * seventh of a board export.
 */
struct rowfmt {
	int64_t day_id;    /* the day of day and date below; 0 before the first */
	char day[128], date[SB_DATE_BUFSZ], pos[24], ver[24],
	    pages[SB_EIGHTHS_BUFSZ], est[48], eighths[24];
	const char *cell[SB_FLAT_NCOLS];   /* NULL for an empty cell */
	int sheet;         /* for a spreadsheet: SB_EXPORT_SPREADSHEET */
	struct sb_buf joined;
};

/* A CSV cell, exact or for a spreadsheet. */
static void
csv_cell(const struct rowfmt *f, const char *s, FILE *out)
{
	if (f->sheet)
		sb_csv_write_text(out, s);
	else
		sb_csv_write_field(out, s);
}

/* v in decimal into buf (at least 21 bytes). */
static const char *
fmt_int(int64_t v, char *buf)
{
	char tmp[24];
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	size_t n = 0, k = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		buf[k++] = '-';
	while (n > 0)
		buf[k++] = tmp[--n];
	buf[k] = '\0';
	return buf;
}

static void
row_cells(const struct sb_board_cur *cur, struct rowfmt *f)
{
	const struct sb_strip_row *r = &cur->row;
	const char **cell = f->cell;

	if (f->day_id != cur->day_id) {
		day_label(cur, f->day, sizeof(f->day));
		if (cur->has_date)
			sb_date_format(cur->date, f->date, sizeof(f->date));
		f->day_id = cur->day_id;
	}
	cell[0] = cur->board_name;
	cell[1] = f->day;
	cell[2] = cur->has_date ? f->date : NULL;
	cell[3] = fmt_int(r->position, f->pos);
	cell[4] = r->uid;
	cell[5] = fmt_int(r->placement_version, f->ver);
	cell[6] = r->type;
	cell[7] = r->scene;
	cell[8] = r->int_ext;
	cell[9] = r->day_night;
	cell[10] = r->set;
	cell[11] = r->location;
	cell[12] = r->script_day;
	cell[13] = r->has_eighths ? sb_eighths_format(r->eighths, f->pages,
	    sizeof(f->pages)) : NULL;
	if (r->has_est)
		sb_minutes_format(r->est_ms, f->est, sizeof(f->est));
	cell[14] = r->has_est ? f->est : NULL;
	cell[15] = synopsis_of(r);
	cell[16] = r->has_eighths ? fmt_int(r->eighths, f->eighths) : NULL;
	cell[17] = r->omitted ? "1" : "0";
}

/*
 * An element as the flat form names it: "ID:NAME" when it has a board id
 * (a cast number), ":NAME" when it has none and its name has a colon, else
 * the name.  An id with a colon or a semicolon could not be read back, and
 * is left out.  The text is in *b or the element's own name.
 */
const char *
sb_flat_element_text(const struct sb_element_ref *el, struct sb_buf *b)
{
	const char *id = el->board_id != NULL ? el->board_id : "";

	if (id[0] != '\0' && strpbrk(id, ":;") == NULL) {
		b->len = 0;
		sb_buf_printf(b, "%s:%s", id, el->name);
	} else if (strchr(el->name, ':') != NULL) {
		b->len = 0;
		sb_buf_printf(b, ":%s", el->name);
	} else {
		return el->name;
	}
	return b->failed ? NULL : sb_buf_str(b);
}

static void
csv_header(const struct sb_board_cur *cur, const struct rowfmt *f, FILE *out)
{
	if (f->sheet)
		fputs("\xef\xbb\xbf", out); /* so a spreadsheet reads UTF-8 */
	for (int i = 0; i < SB_FLAT_NCOLS; i++) {
		if (i > 0)
			fputc(',', out);
		csv_cell(f, sb_flat_columns[i], out);
	}
	for (size_t c = 0; c < cur->ncats; c++) {
		if (cur->cats[c].fixed)
			continue;
		fputc(',', out);
		csv_cell(f, cur->cats[c].name, out);
	}
	fputc('\n', out);
}

/* The names of a row's elements of one category, one by one, in order. */
struct cat_parts {
	const struct sb_strip_row *r;
	int cat;
	size_t e; /* where the next part is looked for */
	struct sb_buf text;
	int failed;
};

static const char *
cat_part(void *arg, size_t i)
{
	struct cat_parts *p = arg;

	if (i == 0)
		p->e = 0;
	for (; p->e < p->r->nel; p->e++)
		if (p->r->el[p->e].cat == p->cat) {
			const char *s = sb_flat_element_text(&p->r->el[p->e++], &p->text);

			if (s == NULL)
				p->failed = 1;
			return s;
		}
	return NULL;
}

static int
csv_row(const struct sb_board_cur *cur, struct rowfmt *f, FILE *out)
{
	int failed = 0;

	const char *const *cell = f->cell;
	const struct sb_strip_row *r = &cur->row;
	const char *s;

	row_cells(cur, f);
	for (int i = 0; i < SB_FLAT_NCOLS; i++) {
		if (i > 0)
			fputc(',', out);
		csv_cell(f, cell[i], out);
	}
	for (size_t c = 0; c < cur->ncats; c++) {
		struct cat_parts p;

		if (cur->cats[c].fixed)
			continue;
		memset(&p, 0, sizeof(p));
		p.r = r;
		p.cat = (int)c;
		sb_buf_init(&p.text);
		fputc(',', out);
		if (!f->sheet) {
			sb_csv_write_joined(out, "; ", cat_part, &p);
		} else {
			/* the joined text is what a spreadsheet sees first */
			f->joined.len = 0;
			for (size_t i = 0; (s = cat_part(&p, i)) != NULL; i++) {
				if (i > 0)
					sb_buf_puts(&f->joined, "; ");
				sb_buf_puts(&f->joined, s);
			}
			sb_csv_write_text(out, f->joined.failed || f->joined.len == 0 ?
			    "" : sb_buf_str(&f->joined));
		}
		failed |= p.failed;
		sb_buf_free(&p.text);
	}
	fputc('\n', out);
	return failed ? SB_EFAIL : SB_OK;
}

static int
json_row(const struct sb_board_cur *cur, struct rowfmt *f, FILE *out)
{
	const char *const *cell = f->cell;
	const struct sb_strip_row *r = &cur->row;
	struct sb_buf text;
	int failed = 0;

	row_cells(cur, f);
	fputc('{', out);
	for (int i = 0; i < SB_FLAT_NCOLS; i++) {
		if (i > 0)
			fputc(',', out);
		sb_json_write_string(out, sb_flat_columns[i]);
		fputc(':', out);
		if (i == 1) {
			/* day: a number for a shoot day, text for a lane, else null */
			if (cur->lane_kind == SB_LANE_SCHEDULE && cur->day_shoot)
				fputs(f->day, out);
			else
				sb_json_write_string(out, f->day[0] != '\0' ? f->day : NULL);
		} else if (i == SB_COL_POSITION || i == SB_COL_VERSION ||
		    ((i == SB_COL_EST || i == SB_COL_EIGHTHS) && cell[i] != NULL)) {
			fputs(cell[i], out);
		} else if (i == SB_COL_OMITTED) {
			fputs(r->omitted ? "true" : "false", out);
		} else {
			sb_json_write_string(out, cell[i]);
		}
	}
	sb_buf_init(&text);
	for (size_t c = 0; c < cur->ncats; c++) {
		int any = 0;

		if (cur->cats[c].fixed)
			continue;
		fputc(',', out);
		sb_json_write_string(out, cur->cats[c].name);
		fputs(":[", out);
		for (size_t e = 0; e < r->nel; e++) {
			const char *s;

			if (r->el[e].cat != (int)c)
				continue;
			if (any)
				fputc(',', out);
			any = 1;
			s = sb_flat_element_text(&r->el[e], &text);
			failed |= s == NULL;
			sb_json_write_string(out, s != NULL ? s : "");
		}
		fputc(']', out);
	}
	fputc('}', out);
	sb_buf_free(&text);
	return failed ? SB_EFAIL : SB_OK;
}

static void
table_header(const struct sb_board_cur *cur, FILE *out)
{
	fprintf(out, "Board: %s\n", cur->board_name);
	sb_table_cell(out, "SCENE", 7);
	sb_table_cell(out, "I/E", 7);
	sb_table_cell(out, "SET", 28);
	sb_table_cell(out, "D/N", 8);
	sb_table_cell(out, "PAGES", 6);
	sb_table_cell(out, "CAST", 14);
	sb_table_cell(out, "SYNOPSIS", 0);
	fputc('\n', out);
}

static void
table_row(const struct sb_board_cur *cur, FILE *out, int64_t *last_lane)
{
	const struct sb_strip_row *r = &cur->row;
	char pages[SB_EIGHTHS_BUFSZ];
	struct sb_buf cast;

	if (*last_lane != cur->lane_id) {
		if (cur->lane_kind != SB_LANE_SCHEDULE)
			fprintf(out, "---- %s ----\n", cur->lane_kind == SB_LANE_BONEYARD ?
			    "Boneyard" : cur->lane_name);
		*last_lane = cur->lane_id;
	}
	if (strcmp(r->type, "banner") == 0) {
		fprintf(out, ">> %s <<\n", synopsis_of(r) != NULL ? synopsis_of(r) : "");
		return;
	}
	sb_buf_init(&cast);
	for (size_t e = 0; e < r->nel; e++) {
		if (r->el[e].cat < 0 || cur->cats[r->el[e].cat].ucid != 100)
			continue;
		if (cast.len > 0)
			sb_buf_puts(&cast, ",");
		sb_buf_puts(&cast, r->el[e].board_id[0] != '\0' ? r->el[e].board_id :
		    r->el[e].name);
	}
	sb_table_cell(out, r->scene, 7);
	sb_table_cell(out, r->int_ext, 7);
	sb_table_cell(out, r->set, 28);
	sb_table_cell(out, r->day_night, 8);
	sb_table_cell(out, r->has_eighths ? sb_eighths_format(r->eighths, pages,
	    sizeof(pages)) : "", 6);
	sb_table_cell(out, sb_buf_str(&cast), 14);
	if (r->omitted) {
		/* a scene the script no longer has, still on the board */
		cast.len = 0;
		sb_buf_puts(&cast, "OMITTED");
		if (r->synopsis != NULL && r->synopsis[0] != '\0')
			sb_buf_printf(&cast, ": %s", r->synopsis);
		sb_table_cell(out, sb_buf_str(&cast), 0);
	} else {
		sb_table_cell(out, r->synopsis, 0);
	}
	fputc('\n', out);
	sb_buf_free(&cast);
}

static void
table_day_end(const struct sb_board_cur *cur, FILE *out)
{
	char pages[SB_EIGHTHS_BUFSZ], date[SB_DATE_BUFSZ];

	fprintf(out, "==== End of Day %lld", (long long)cur->day_no);
	if (cur->has_date)
		fprintf(out, " -- %s %s", weekday_abbr[sb_date_weekday(cur->date)],
		    sb_date_format(cur->date, date, sizeof(date)));
	fprintf(out, " -- %lld strip%s, %s pgs ====\n", (long long)cur->day_strips,
	    cur->day_strips == 1 ? "" : "s",
	    sb_eighths_format(cur->day_eighths, pages, sizeof(pages)));
}

int
sb_flat_write(sb_ctx *ctx, int64_t project_id, const char *board, int format,
    FILE *out)
{
	struct sb_board_cur cur;
	struct rowfmt f;
	int64_t last_lane = 0;
	int rc, n = 0;

	/* sb_export_board() (lib/fmt_table.c) names a format that is not one */
	if (format != SB_FMT_CSV && format != SB_FMT_JSON &&
	    format != SB_FMT_NDJSON && format != SB_FMT_TABLE)
		return sb_err(ctx, SB_EUSAGE, "a board is written as csv, json, "
		    "ndjson or table, not format %d", format);
	/* One read transaction: the rows are one consistent snapshot. */
	if ((rc = sb_exec(ctx, "BEGIN")) != SB_OK)
		return rc;
	memset(&f, 0, sizeof(f));
	f.sheet = (ctx->export_flags & SB_EXPORT_SPREADSHEET) != 0;
	sb_buf_init(&f.joined);
	if ((rc = sb_board_open(ctx, project_id, board, &cur)) != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	if (format == SB_FMT_CSV)
		csv_header(&cur, &f, out);
	else if (format == SB_FMT_TABLE)
		table_header(&cur, out);
	else if (format == SB_FMT_JSON)
		fputc('[', out);
	while ((rc = sb_board_next(&cur)) > 0) {
		if (rc == SB_CUR_DAY_END) {
			if (format == SB_FMT_TABLE && cur.lane_kind == SB_LANE_SCHEDULE)
				table_day_end(&cur, out);
			continue;
		}
		switch (format) {
		case SB_FMT_CSV:
			rc = csv_row(&cur, &f, out);
			break;
		case SB_FMT_JSON:
			fputs(n > 0 ? ",\n" : "\n", out);
			rc = json_row(&cur, &f, out);
			break;
		case SB_FMT_NDJSON:
			rc = json_row(&cur, &f, out);
			fputc('\n', out);
			break;
		default:
			table_row(&cur, out, &last_lane);
			rc = SB_OK;
			break;
		}
		n++;
		if (rc != SB_OK) {
			rc = sb_err(ctx, SB_EFAIL, "out of memory");
			break;
		}
		if (ferror(out)) {
			rc = sb_err(ctx, SB_EFAIL, "write error");
			break;
		}
	}
	if (rc == SB_OK && format == SB_FMT_JSON)
		fputs(n > 0 ? "\n]\n" : "]\n", out);
	sb_board_close(&cur);
	sb_rollback(ctx);
	if (rc == SB_OK && f.joined.failed)
		rc = sb_err(ctx, SB_EFAIL, "out of memory");
	sb_buf_free(&f.joined);
	if (rc == SB_OK && ferror(out))
		rc = sb_err(ctx, SB_EFAIL, "write error");
	return rc;
}
