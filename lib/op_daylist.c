/*
 * op_daylist.c - the days of a board, one row a day with its totals, and
 * each day's strips under it when asked.  The board cursor walks the
 * schedule from the first day asked for; a day's strips are held until its
 * totals are known, so memory follows the largest day, not the board.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "board_priv.h"
#include "flat_priv.h"
#include "json_priv.h"
#include "lookup_priv.h"
#include "perm_priv.h"

static const char *const weekday_abbr[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	"Fri", "Sat" };

struct held_el {         /* an element of a held strip, as the flat form has it */
	int cat;             /* index into cur->cats */
	char *text;
};

struct held {            /* a strip of the day being read */
	char *uid, *scene, *int_ext, *day_night, *set, *synopsis, *cast, *location;
	int64_t eighths, version;
	int has_eighths;
	int omitted;
	struct held_el *el;  /* its elements of every category, in order */
	size_t nel;
};

struct dayacc {
	struct held *strips;
	size_t n, cap;
	char **cast;         /* distinct cast ids, naturally sorted at the end */
	size_t ncast, capcast;
	char **places;       /* distinct locations (or sets), as met */
	size_t nplaces, capplaces;
	int failed;
};

static char *
dup0(const char *s)
{
	return sb_strdup(s != NULL ? s : "");
}

static void
held_free(struct held *h)
{
	free(h->uid);
	free(h->scene);
	free(h->int_ext);
	free(h->day_night);
	free(h->set);
	free(h->synopsis);
	free(h->cast);
	free(h->location);
	for (size_t i = 0; i < h->nel; i++)
		free(h->el[i].text);
	free(h->el);
}

static void
acc_clear(struct dayacc *a)
{
	for (size_t i = 0; i < a->n; i++)
		held_free(&a->strips[i]);
	for (size_t i = 0; i < a->ncast; i++)
		free(a->cast[i]);
	for (size_t i = 0; i < a->nplaces; i++)
		free(a->places[i]);
	a->n = a->ncast = a->nplaces = 0;
}

static void
acc_free(struct dayacc *a)
{
	acc_clear(a);
	free(a->strips);
	free(a->cast);
	free(a->places);
}

/* Add s to a set kept in a growing array (linear: a day is small). */
static void
set_add(struct dayacc *a, char ***set, size_t *n, size_t *cap, const char *s)
{
	char *copy;

	if (s == NULL || s[0] == '\0')
		return;
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*set)[i], s) == 0)
			return;
	if (*n == *cap) {
		void *p = realloc(*set, (*cap = *cap ? *cap * 2 : 16) * sizeof(**set));

		if (p == NULL) {
			a->failed = 1;
			return;
		}
		*set = p;
	}
	if ((copy = sb_strdup(s)) == NULL) {
		a->failed = 1;
		return;
	}
	(*set)[(*n)++] = copy;
}

static int
cast_cmp(const void *x, const void *y)
{
	return sb_scene_cmp(*(char *const *)x, *(char *const *)y);
}

/* Take in a strip of the day: totals, and the strip itself when expanding. */
static void
acc_strip(struct dayacc *a, const struct sb_board_cur *cur, int keep)
{
	const struct sb_strip_row *r = &cur->row;
	struct sb_buf cast;

	sb_buf_init(&cast);
	for (size_t e = 0; e < r->nel; e++) {
		const char *id;

		if (r->el[e].cat < 0 || cur->cats[r->el[e].cat].ucid != 100)
			continue;
		id = r->el[e].board_id[0] != '\0' ? r->el[e].board_id : r->el[e].name;
		/* a scene the script omitted calls no one and goes nowhere */
		if (!r->omitted)
			set_add(a, &a->cast, &a->ncast, &a->capcast, id);
		if (cast.len > 0)
			sb_buf_puts(&cast, ",");
		sb_buf_puts(&cast, id);
	}
	if (!r->omitted) {
		/* a strip with two sets has them joined by "; ": count each once */
		const char *place = r->location != NULL && r->location[0] != '\0' ?
		    r->location : r->set;
		char *copy = place != NULL ? sb_strdup(place) : NULL;

		for (char *p = copy, *semi; p != NULL; p = semi) {
			semi = strstr(p, "; ");
			if (semi != NULL) {
				*semi = '\0';
				semi += 2;
			}
			set_add(a, &a->places, &a->nplaces, &a->capplaces, p);
		}
		if (place != NULL && copy == NULL)
			a->failed = 1;
		free(copy);
	}
	if (keep && strcmp(r->type, "banner") != 0) {
		struct held *h;

		if (a->n == a->cap) {
			void *p = realloc(a->strips, (a->cap = a->cap ? a->cap * 2 : 16) *
			    sizeof(*a->strips));

			if (p == NULL) {
				a->failed = 1;
				sb_buf_free(&cast);
				return;
			}
			a->strips = p;
		}
		h = &a->strips[a->n++];
		h->uid = dup0(r->uid);
		h->scene = dup0(r->scene);
		h->int_ext = dup0(r->int_ext);
		h->day_night = dup0(r->day_night);
		h->set = dup0(r->set);
		h->synopsis = dup0(r->synopsis);
		h->location = dup0(r->location);
		h->cast = dup0(sb_buf_str(&cast));
		h->eighths = r->eighths;
		h->has_eighths = r->has_eighths;
		h->omitted = r->omitted;
		h->version = r->placement_version;
		h->el = NULL;
		h->nel = 0;
		if (h->uid == NULL || h->scene == NULL || h->int_ext == NULL ||
		    h->day_night == NULL || h->set == NULL || h->synopsis == NULL ||
		    h->location == NULL || h->cast == NULL)
			a->failed = 1;
		/* every category, as sb-export writes it */
		if (r->nel > 0 && !a->failed &&
		    (h->el = calloc(r->nel, sizeof(*h->el))) == NULL)
			a->failed = 1;
		for (size_t e = 0; h->el != NULL && e < r->nel && !a->failed; e++) {
			struct sb_buf t;
			const char *s;

			if (r->el[e].cat < 0 || cur->cats[r->el[e].cat].fixed)
				continue;
			sb_buf_init(&t);
			if ((s = sb_flat_element_text(&r->el[e], &t)) == NULL ||
			    (h->el[h->nel].text = sb_strdup(s)) == NULL)
				a->failed = 1;
			else
				h->el[h->nel++].cat = r->el[e].cat;
			sb_buf_free(&t);
		}
	}
	if (cast.failed)
		a->failed = 1;
	sb_buf_free(&cast);
}


static void
join(struct sb_buf *b, char **items, size_t n, const char *sep)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			sb_buf_puts(b, sep);
		sb_buf_puts(b, items[i]);
	}
}

static void
json_list(FILE *out, char **items, size_t n)
{
	fputc('[', out);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			fputc(',', out);
		sb_json_write_string(out, items[i]);
	}
	fputc(']', out);
}

static void
hm(char *buf, size_t size, int64_t ms)
{
	int64_t min = (ms + 30000) / 60000;

	snprintf(buf, size, "%lld:%02lld", (long long)(min / 60), (long long)(min % 60));
}

struct listing {
	FILE *out;
	int format;
	int expand_this;
	size_t days;
	const char *board;
	int failed;          /* out of memory while writing */
};

/* The elements of a held strip in category c, joined as sb-export joins them. */
static void
cat_text(const struct held *h, int c, struct sb_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
	for (size_t i = 0; i < h->nel; i++) {
		if (h->el[i].cat != c)
			continue;
		if (b->len > 0)
			sb_buf_puts(b, "; ");
		sb_buf_puts(b, h->el[i].text);
	}
}

/* Write one day, and its strips when expanding. */
static void
emit_day(struct listing *l, const struct sb_board_cur *cur, struct dayacc *a)
{
	char date[SB_DATE_BUFSZ] = "", pages[SB_EIGHTHS_BUFSZ], est[48], num[32];
	struct sb_buf cast, places, cats;
	FILE *out = l->out;

	if (a->ncast > 1)
		qsort(a->cast, a->ncast, sizeof(*a->cast), cast_cmp);
	sb_buf_init(&cast);
	sb_buf_init(&places);
	sb_buf_init(&cats);
	join(&cast, a->cast, a->ncast, ",");
	join(&places, a->places, a->nplaces, "; ");
	if (cur->has_date)
		sb_date_format(cur->date, date, sizeof(date));
	sb_eighths_format(cur->day_eighths, pages, sizeof(pages));
	sb_minutes_format(cur->day_est_ms, est, sizeof(est));
	snprintf(num, sizeof(num), "%lld", (long long)cur->day_no);

	switch (l->format) {
	case SB_FMT_CSV:
		if (l->expand_this >= 0)
			fputs("day,", out);
		sb_csv_write_field(out, l->board);
		fprintf(out, ",%s,%s,%lld,%s,%s,", num, date, (long long)cur->day_strips,
		    pages, est);
		sb_csv_write_field(out, sb_buf_str(&cast));
		fputc(',', out);
		sb_csv_write_field(out, sb_buf_str(&places));
		fprintf(out, ",%lld", (long long)cur->day_version);
		if (l->expand_this >= 0) {
			fputs(",,,,,,", out); /* the strip columns, empty */
			for (size_t c = 0; c < cur->ncats; c++)
				if (!cur->cats[c].fixed)
					fputc(',', out);
		}
		fputc('\n', out);
		for (size_t i = 0; l->expand_this > 0 && i < a->n; i++) {
			struct held *h = &a->strips[i];

			fputs("strip,", out);
			sb_csv_write_field(out, l->board);
			fprintf(out, ",%s,%s,,%s,,", num, date, h->has_eighths ?
			    sb_eighths_format(h->eighths, pages, sizeof(pages)) : "");
			sb_csv_write_field(out, h->cast);
			fputc(',', out);
			sb_csv_write_field(out, h->location[0] ? h->location : h->set);
			fprintf(out, ",%lld,", (long long)h->version);
			sb_csv_write_field(out, h->uid);
			fputc(',', out);
			sb_csv_write_field(out, h->scene);
			fputc(',', out);
			sb_csv_write_field(out, h->int_ext);
			fputc(',', out);
			sb_csv_write_field(out, h->day_night);
			fputc(',', out);
			sb_csv_write_field(out, h->set);
			fputc(',', out);
			sb_csv_write_field(out, h->synopsis);
			for (size_t c = 0; c < cur->ncats; c++) {
				if (cur->cats[c].fixed)
					continue;
				cat_text(h, (int)c, &cats);
				fputc(',', out);
				sb_csv_write_field(out, sb_buf_str(&cats));
			}
			fputc('\n', out);
		}
		break;
	case SB_FMT_JSON:
	case SB_FMT_NDJSON:
		if (l->format == SB_FMT_JSON)
			fputs(l->days > 0 ? ",\n" : "\n", out);
		fputs("{\"board\":", out);
		sb_json_write_string(out, l->board);
		fprintf(out, ",\"day\":%s,\"date\":", num);
		sb_json_write_string(out, cur->has_date ? date : NULL);
		fprintf(out, ",\"strips\":%lld,\"pages\":\"%s\",\"est_minutes\":%s,\"cast\":",
		    (long long)cur->day_strips, pages, est);
		json_list(out, a->cast, a->ncast);
		fputs(",\"locations\":", out);
		json_list(out, a->places, a->nplaces);
		fprintf(out, ",\"version\":%lld", (long long)cur->day_version);
		if (l->expand_this > 0) {
			fputs(",\"rows\":[", out);
			for (size_t i = 0; i < a->n; i++) {
				struct held *h = &a->strips[i];

				fputs(i > 0 ? ",{\"strip_id\":" : "{\"strip_id\":", out);
				sb_json_write_string(out, h->uid);
				fprintf(out, ",\"version\":%lld,\"scene\":", (long long)h->version);
				sb_json_write_string(out, h->scene);
				fputs(",\"int_ext\":", out);
				sb_json_write_string(out, h->int_ext);
				fputs(",\"day_night\":", out);
				sb_json_write_string(out, h->day_night);
				fputs(",\"set\":", out);
				sb_json_write_string(out, h->set);
				fputs(",\"location\":", out);
				sb_json_write_string(out, h->location[0] ? h->location : NULL);
				fputs(",\"pages\":", out);
				sb_json_write_string(out, h->has_eighths ? sb_eighths_format(h->eighths,
				    pages, sizeof(pages)) : NULL);
				fputs(",\"cast\":", out);
				sb_json_write_string(out, h->cast);
				fputs(",\"synopsis\":", out);
				sb_json_write_string(out, h->synopsis);
				for (size_t c = 0; c < cur->ncats; c++) {
					int first = 1;

					if (cur->cats[c].fixed)
						continue;
					fputc(',', out);
					sb_json_write_string(out, cur->cats[c].name);
					fputs(":[", out);
					for (size_t k = 0; k < h->nel; k++) {
						if (h->el[k].cat != (int)c)
							continue;
						if (!first)
							fputc(',', out);
						sb_json_write_string(out, h->el[k].text);
						first = 0;
					}
					fputc(']', out);
				}
				fputc('}', out);
			}
			fputc(']', out);
		}
		fputc('}', out);
		if (l->format == SB_FMT_NDJSON)
			fputc('\n', out);
		break;
	default:
		if (cur->day_est_ms > 0)
			hm(est, sizeof(est), cur->day_est_ms);
		else
			est[0] = '\0';
		sb_table_cell(out, num, 4);
		if (cur->has_date)
			fprintf(out, "%s %s  ", weekday_abbr[sb_date_weekday(cur->date)], date);
		else
			fputs("                ", out);
		snprintf(num, sizeof(num), "%lld", (long long)cur->day_strips);
		sb_table_cell(out, num, 6);
		sb_table_cell(out, pages, 7);
		sb_table_cell(out, est, 6);
		sb_table_cell(out, sb_buf_str(&cast), 18);
		sb_table_cell(out, sb_buf_str(&places), 0);
		fputc('\n', out);
		for (size_t i = 0; l->expand_this > 0 && i < a->n; i++) {
			struct held *h = &a->strips[i];

			fputs("     ", out);
			sb_table_cell(out, h->scene, 6);
			sb_table_cell(out, h->int_ext, 4);
			sb_table_cell(out, h->set, 28);
			sb_table_cell(out, h->day_night, 7);
			sb_table_cell(out, h->has_eighths ? sb_eighths_format(h->eighths, pages,
			    sizeof(pages)) : "", 6);
			sb_table_cell(out, h->cast, 12);
			if (h->omitted) {
				fputs("OMITTED", out);
				if (h->synopsis[0] != '\0')
					fprintf(out, ": %s", h->synopsis);
			} else {
				sb_table_cell(out, h->synopsis, 0);
			}
			fputc('\n', out);
		}
		break;
	}
	if (cats.failed)
		l->failed = 1;
	sb_buf_free(&cast);
	sb_buf_free(&places);
	sb_buf_free(&cats);
	l->days++;
}

int
sb_day_list(sb_ctx *ctx, int64_t project_id, const struct sb_day_query *q, int format,
    FILE *out)
{
	struct sb_board_cur cur;
	struct dayacc acc;
	struct listing l;
	int64_t count = 0, lane, first = 1, expand_day = q->expand_day;
	sb_date from = 0, to = 0;
	int rc;

	if (format != SB_FMT_CSV && format != SB_FMT_JSON && format != SB_FMT_NDJSON &&
	    format != SB_FMT_TABLE)
		return sb_err(ctx, SB_EUSAGE, "days are written as csv, json, ndjson or "
		    "table, not %s", sb_format_name(format));
	if ((q->from != NULL && sb_date_parse(q->from, &from) != SB_OK) ||
	    (q->to != NULL && sb_date_parse(q->to, &to) != SB_OK))
		return sb_err(ctx, SB_EUSAGE, "\"%s\" is not a date (YYYY-MM-DD)",
		    q->from != NULL && sb_date_parse(q->from, &from) != SB_OK ? q->from : q->to);
	if ((rc = sb_exec(ctx, "BEGIN")) != SB_OK)
		return rc;
	memset(&acc, 0, sizeof(acc));
	/* the calendar read from the first day listed to the last */
	if ((rc = sb_board_open_days(ctx, project_id, q->board, &cur)) != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	{
		struct sb_scope s = { project_id, cur.board_id, 0, 0 };

		if ((rc = sb_perm_require(ctx, SB_ACT_READ, &s)) != SB_OK)
			goto out;
	}
	if (sb_lane_get(ctx, cur.board_id, "schedule", 0, &lane) == SB_OK &&
	    (rc = sb_shoot_day_count(ctx, lane, &count)) != SB_OK)
		goto out;
	/* a board with no days: say so, rather than list nothing */
	if (count == 0 && (rc = sb_board_has_days(ctx, cur.board_id)) != SB_OK)
		goto out;
	if ((q->from != NULL || q->to != NULL || q->expand == SB_EXPAND_DATE) &&
	    cur.cal == NULL) {
		rc = sb_err(ctx, SB_EUSAGE, "board \"%s\" has no calendar with a start "
		    "date: its days have no dates", cur.board_name);
		goto out;
	}
	if (q->expand == SB_EXPAND_DATE) {
		sb_date d, on;

		if (sb_date_parse(q->expand_date, &d) != SB_OK) {
			rc = sb_err(ctx, SB_EUSAGE, "\"%s\" is not a date (YYYY-MM-DD)",
			    q->expand_date);
			goto out;
		}
		if ((rc = sb_board_day_on_or_after(&cur, count, d, &expand_day)) != SB_OK &&
		    rc != SB_EDATA)
			goto out;
		if (rc != SB_OK || expand_day > count ||
		    (rc = sb_board_date_of(&cur, expand_day, &on)) != SB_OK || on != d) {
			if (rc != SB_OK && rc != SB_EDATA)
				goto out;
			rc = sb_err(ctx, SB_ENOTFOUND, "no shoot day of board \"%s\" is on "
			    "%s", cur.board_name, q->expand_date);
			goto out;
		}
	}
	if (q->expand == SB_EXPAND_DAY && (expand_day < 1 || expand_day > count)) {
		rc = sb_err(ctx, SB_ENOTFOUND, "there is no day %lld: board \"%s\" has "
		    "%lld shoot %s", (long long)expand_day, cur.board_name, (long long)count,
		    SB_PLURAL(count, "day", "days"));
		goto out;
	}
	if (q->from != NULL &&
	    (rc = sb_board_day_on_or_after(&cur, count, from, &first)) != SB_OK) {
		if (rc != SB_EDATA)
			goto out;
		rc = sb_err(ctx, SB_EDATA, "the calendar has no shoot days to list");
		goto out;
	}
	if (q->after + 1 > first)
		first = q->after + 1;
	cur.schedule_only = 1;
	cur.skip_days = first - 1;
	memset(&l, 0, sizeof(l));
	l.out = out;
	l.format = format;
	l.board = cur.board_name;
	l.expand_this = q->expand != SB_EXPAND_NONE ? 0 : -1;

	if (format == SB_FMT_CSV) {
		if (q->expand != SB_EXPAND_NONE)
			fputs("row,", out);
		fputs("board,day,date,strips,pages,est_minutes,cast,locations,version", out);
		if (q->expand != SB_EXPAND_NONE) {
			fputs(",strip_id,scene,int_ext,day_night,set,synopsis", out);
			for (size_t c = 0; c < cur.ncats; c++) {
				if (cur.cats[c].fixed)
					continue;
				fputc(',', out);
				sb_csv_write_field(out, cur.cats[c].name);
			}
		}
		fputc('\n', out);
	} else if (format == SB_FMT_JSON) {
		fputc('[', out);
	} else if (format == SB_FMT_TABLE) {
		fprintf(out, "Board: %s\n", cur.board_name);
		fputs("DAY  DATE            STRIPS PAGES   EST    CAST               LOCATIONS\n",
		    out);
	}
	while ((rc = sb_board_next(&cur)) > 0) {
		int expanding;

		if (!cur.day_shoot)
			continue;
		if (q->limit > 0 && (int64_t)l.days >= q->limit)
			break;
		if (q->to != NULL && cur.has_date && cur.date > to)
			break;
		expanding = q->expand == SB_EXPAND_ALL ||
		    ((q->expand == SB_EXPAND_DAY || q->expand == SB_EXPAND_DATE) &&
		    cur.day_no == expand_day);
		if (rc == SB_CUR_STRIP) {
			acc_strip(&acc, &cur, expanding);
			if (acc.failed) {
				rc = sb_err(ctx, SB_EFAIL, "out of memory");
				break;
			}
			continue;
		}
		if (q->expand != SB_EXPAND_NONE)
			l.expand_this = expanding;
		emit_day(&l, &cur, &acc);
		acc_clear(&acc);
		if (l.failed) {
			rc = sb_err(ctx, SB_EFAIL, "out of memory");
			break;
		}
		if (ferror(out)) {
			rc = sb_err(ctx, SB_EFAIL, "write error");
			break;
		}
	}
	if (rc >= 0) {
		rc = SB_OK;
		if (format == SB_FMT_JSON)
			fputs(l.days > 0 ? "\n]\n" : "]\n", out);
	}
out:
	acc_free(&acc);
	sb_board_close(&cur);
	sb_rollback(ctx);
	return rc;
}
