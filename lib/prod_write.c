/*
 * prod_write.c - write a production read into memory (prod_priv.h) as a
 * new project, inside the import's transaction.
 *
 * Everything was checked while the file was read, so what can still fail
 * here is the database (or a strip a reader put twice on one board, which
 * the UNIQUE constraint of placement catches and reports as bad input).
 */
#include <config.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "input_priv.h"
#include "json_priv.h"
#include "prod_priv.h"
#include "store.h"

struct pw {
	struct sb_import *imp;
	sb_ctx *ctx;
	struct sb_prod *p;
	int64_t *cat_id, *el_id, *strip_id, *cal_id;
	char (*el_uid)[25];
};

/* What a store function returned, a refused row worded as bad input. */
static int
stored(struct pw *w, int rc, const char *what)
{
	if (rc != SB_OK && store_constraint(w->ctx))
		return sb_err(w->ctx, SB_EDATA, "%s: %s: refused by the database: %s",
		    w->imp->in->name, what, sb_db_errmsg(w->ctx));
	return rc;
}

static int
write_categories(struct pw *w)
{
	struct sb_prod *p = w->p;

	for (size_t i = 0; i < p->ncats; i++) {
		struct sb_row_category row;
		char uid[25];
		int rc;

		sb_uid_new(uid);
		memset(&row, 0, sizeof(row));
		row.project_id = w->imp->project_id;
		row.uid = uid;
		row.name = p->cats[i].name;
		row.ucid = p->cats[i].ucid;
		row.has_ucid = p->cats[i].ucid >= 0;
		row.ext = p->cats[i].ext;
		row.rank = (int64_t)i;
		if ((rc = stored(w, store_category_insert(w->ctx, &row, &w->cat_id[i]),
		    "category")) != SB_OK)
			return rc;
	}
	return SB_OK;
}

static int
write_elements(struct pw *w)
{
	struct sb_prod *p = w->p;

	/* Every uid first: an element may be linked to one after it. */
	for (size_t i = 0; i < p->nels; i++)
		sb_uid_new(w->el_uid[i]);
	for (size_t i = 0; i < p->nels; i++) {
		const struct sb_prod_el *e = &p->els[i];
		struct sb_row_element row;
		struct sb_buf linked;
		int rc;

		sb_buf_init(&linked);
		if (e->nlinked > 0) {
			sb_buf_puts(&linked, "[");
			for (size_t j = 0; j < e->nlinked; j++)
				sb_buf_printf(&linked, "%s\"%s\"", j > 0 ? "," : "",
				    w->el_uid[e->linked[j]]);
			sb_buf_puts(&linked, "]");
			if (linked.failed) {
				sb_buf_free(&linked);
				return sb_err(w->ctx, SB_EFAIL, "out of memory");
			}
		}
		memset(&row, 0, sizeof(row));
		row.project_id = w->imp->project_id;
		row.category_id = w->cat_id[e->cat];
		row.uid = w->el_uid[i];
		row.name = e->name;
		row.board_id = e->board_id;
		row.linked = e->nlinked > 0 ? sb_buf_str(&linked) : NULL;
		row.ext = e->ext;
		row.rank = (int64_t)i;
		rc = stored(w, store_element_insert(w->ctx, &row, &w->el_id[i]),
		    "element");
		sb_buf_free(&linked);
		if (rc != SB_OK)
			return rc;
	}
	return SB_OK;
}

int
sb_prod_insert_strip(struct sb_import *imp, const struct sb_prod_strip *s,
    int64_t rank, int64_t *id)
{
	struct sb_row_strip row;
	char uid[25];
	int rc;

	if (s->uid == NULL)
		sb_uid_new(uid);
	memset(&row, 0, sizeof(row));
	row.project_id = imp->project_id;
	row.uid = s->uid != NULL ? s->uid : uid;
	row.type = s->banner ? "banner" : "scene";
	row.scene = s->scene;
	row.int_ext = s->int_ext;
	row.day_night = s->day_night;
	row.set_name = s->set_name;
	row.location = s->location;
	row.script_day = s->script_day;
	row.synopsis = s->synopsis;
	row.comments = s->comments;
	row.banner_text = s->banner_text;
	row.script_page = s->script_page;
	row.eighths = s->eighths;
	row.has_eighths = s->have_eighths;
	row.est_ms = s->est_ms;
	row.has_est_ms = s->have_est;
	row.omitted = s->omitted != 0;
	row.ext = s->ext;
	row.rank = rank;
	if ((rc = store_strip_insert(imp->ctx, &row, id)) != SB_OK &&
	    store_constraint(imp->ctx))
		return sb_err(imp->ctx, SB_EDATA, "%s: strip %s: refused by the "
		    "database: %s", imp->in->name, s->uid != NULL ? s->uid :
		    s->scene != NULL ? s->scene : "?", sb_db_errmsg(imp->ctx));
	return rc;
}

static int
write_strips(struct pw *w)
{
	struct sb_prod *p = w->p;
	int rc;

	for (size_t i = 0; i < p->nstrips; i++) {
		const struct sb_prod_strip *s = &p->strips[i];

		if ((rc = sb_prod_insert_strip(w->imp, s, (int64_t)i,
		    &w->strip_id[i])) != SB_OK)
			return rc;
		for (size_t j = 0; j < s->nels; j++) {
			struct sb_row_strip_element link;

			link.strip_id = w->strip_id[i];
			link.element_id = w->el_id[s->els[j]];
			link.rank = (int64_t)j;
			if ((rc = stored(w, store_strip_element_insert(w->ctx, &link),
			    "strip element")) != SB_OK)
				return rc;
		}
	}
	return SB_OK;
}

/*
 * Calendar entries are written the way a USS file says them, so that an
 * export to USS and back keeps their kinds: the start is an event of type
 * "start", a day off one of type "dayOff", the others events named
 * "holiday", "travel" or "workday".  A name of the entry's own goes into
 * the row's extension keys as "_name".
 */
static int
write_calendars(struct pw *w)
{
	struct sb_prod *p = w->p;
	int rc;

	for (size_t i = 0; i < p->ncals; i++) {
		const struct sb_prod_cal *c = &p->cals[i];
		struct sb_row_calendar row;
		char uid[25], days[16];
		size_t n = 0;

		days[0] = '\0';
		for (int d = 0; d < 7; d++)
			if (c->days_off & (1u << d))
				n += (size_t)snprintf(days + n, sizeof(days) - n, "%s%d",
				    n > 0 ? "," : "", d);
		sb_uid_new(uid);
		memset(&row, 0, sizeof(row));
		row.project_id = w->imp->project_id;
		row.uid = uid;
		row.name = c->name;
		row.days_off = c->have_days_off || c->days_off != 0 ? days : NULL;
		row.ext = c->ext;
		row.rank = (int64_t)i;
		if ((rc = stored(w, store_calendar_insert(w->ctx, &row, &w->cal_id[i]),
		    "calendar")) != SB_OK)
			return rc;
		for (size_t j = 0; j < c->n; j++) {
			const struct sb_prod_calday *d = &c->days[j];
			const char *type = "event", *name = NULL;
			char date[SB_DATE_BUFSZ];
			struct sb_row_calendar_day day;
			struct sb_buf ext;

			if (strcmp(d->kind, "start") == 0)
				type = "start";
			else if (strcmp(d->kind, "off") == 0)
				type = "dayOff";
			else if (strcmp(d->kind, "holiday") == 0)
				name = "holiday";
			else if (strcmp(d->kind, "travel") == 0)
				name = "travel";
			else if (strcmp(d->kind, "work") == 0)
				name = "workday";
			else if (strcmp(d->kind, "event") == 0)
				name = "note";
			else
				return sb_err(w->ctx, SB_EFAIL, "internal error: calendar "
				    "kind %s", d->kind);
			sb_buf_init(&ext);
			if (d->name != NULL || d->ext != NULL) {
				/* d->ext is an object: "{...}", with _name added at its end */
				size_t elen = d->ext != NULL ? strlen(d->ext) : 0;

				if (elen >= 2)
					sb_buf_printf(&ext, "%.*s", (int)(elen - 1), d->ext);
				else
					sb_buf_puts(&ext, "{");
				if (d->name != NULL) {
					sb_buf_puts(&ext, elen > 2 ? ",\"_name\":" : "\"_name\":");
					sb_json_quote(&ext, d->name);
				}
				sb_buf_puts(&ext, "}");
				if (ext.failed) {
					sb_buf_free(&ext);
					return sb_err(w->ctx, SB_EFAIL, "out of memory");
				}
			}
			sb_uid_new(uid);
			sb_date_format(d->date, date, sizeof(date));
			memset(&day, 0, sizeof(day));
			day.calendar_id = w->cal_id[i];
			day.rank = (int64_t)j;
			day.uid = uid;
			day.type = type;
			day.name = name;
			day.date_raw = date;
			day.date = date;
			day.kind = d->kind;
			day.ext = d->name != NULL || d->ext != NULL ? sb_buf_str(&ext) : NULL;
			rc = stored(w, store_calendar_day_insert(w->ctx, &day, NULL),
			    "calendar day");
			sb_buf_free(&ext);
			if (rc != SB_OK)
				return rc;
		}
	}
	return SB_OK;
}

static int
add_lane(struct pw *w, int64_t board, const char *name, const char *kind,
    int nested, int64_t rank, const char *ext, int64_t *lane)
{
	struct sb_row_lane row;
	char uid[25];

	sb_uid_new(uid);
	memset(&row, 0, sizeof(row));
	row.board_id = board;
	row.uid = uid;
	row.name = name;
	row.kind = kind;
	row.nested = nested;
	row.rank = rank;
	row.ext = ext;
	return stored(w, store_lane_insert(w->ctx, &row, lane), "lane");
}

static int
add_day(struct pw *w, int64_t board, int64_t lane, const char *kind,
    uint64_t i, uint64_t n, int64_t *day)
{
	struct sb_row_day row;
	char key[SB_KEY_MAX + 2];

	if (sb_key_spread(i, n, key, sizeof(key)) != SB_OK)
		return sb_err(w->ctx, SB_EFAIL, "internal error: position key");
	memset(&row, 0, sizeof(row));
	row.board_id = board;
	row.lane_id = lane;
	row.kind = kind;
	row.pos = key;
	return stored(w, store_day_insert(w->ctx, &row, day), "day");
}

static int
place(struct pw *w, const struct sb_prod_board *b, int64_t board, int64_t day,
    const struct sb_prod_list *l)
{
	char key[SB_KEY_MAX + 2];

	for (size_t j = 0; j < l->n; j++) {
		const struct sb_prod_strip *s = &w->p->strips[l->strips[j]];
		struct sb_row_placement row;
		int rc;

		if (sb_key_spread(j, l->n, key, sizeof(key)) != SB_OK)
			return sb_err(w->ctx, SB_EFAIL, "internal error: position key");
		memset(&row, 0, sizeof(row));
		row.board_id = board;
		row.strip_id = w->strip_id[l->strips[j]];
		row.day_id = day;
		row.pos = key;
		if ((rc = store_placement_insert(w->ctx, &row, NULL)) == SB_OK)
			continue;
		if (store_constraint(w->ctx))
			return sb_err(w->ctx, SB_EDATA, "%s: stripboard \"%s\": %s %s is "
			    "on it twice", w->imp->in->name, b->name,
			    s->banner ? "banner" : "strip",
			    s->uid != NULL ? s->uid : s->scene != NULL ? s->scene : "?");
		return rc;
	}
	return SB_OK;
}

static int
write_boards(struct pw *w)
{
	struct sb_prod *p = w->p;
	int64_t active_id = 0;
	int rc;

	for (size_t i = 0; i < p->nboards; i++) {
		const struct sb_prod_board *b = &p->boards[i];
		struct sb_row_board row;
		int64_t board, lane, day, rank = 0;
		char uid[25];

		sb_uid_new(uid);
		memset(&row, 0, sizeof(row));
		row.project_id = w->imp->project_id;
		row.uid = uid;
		row.name = b->name;
		row.calendar_id = b->cal >= 0 ? w->cal_id[b->cal] : 0;
		row.ext = b->ext;
		row.rank = (int64_t)i;
		if ((rc = stored(w, store_board_insert(w->ctx, &row, &board), "board")) != SB_OK)
			return rc;
		if ((long)i == p->active)
			active_id = board;
		if ((rc = add_lane(w, board, "stripboard", "schedule", 1, rank++,
		    NULL, &lane)) != SB_OK)
			return rc;
		for (size_t d = 0; d < b->ndays; d++)
			if ((rc = add_day(w, board, lane, "shoot", d, b->ndays, &day)) != SB_OK ||
			    (rc = place(w, b, board, day, &b->days[d])) != SB_OK)
				return rc;
		if (b->remaining.n > 0 &&
		    ((rc = add_lane(w, board, "remaining", "other", 0, rank++, NULL, &lane)) != SB_OK ||
		    (rc = add_day(w, board, lane, "list", 0, 1, &day)) != SB_OK ||
		    (rc = place(w, b, board, day, &b->remaining)) != SB_OK))
			return rc;
		if ((rc = add_lane(w, board, "boneyard", "boneyard", 0, rank++,
		    b->boneyard_ext, &lane)) != SB_OK ||
		    (rc = add_day(w, board, lane, "list", 0, 1, &day)) != SB_OK ||
		    (rc = place(w, b, board, day, &b->boneyard)) != SB_OK)
			return rc;
	}
	if (active_id != 0)
		return store_project_set_active_board(w->ctx, w->imp->project_id, active_id);
	return SB_OK;
}

/*
 * The project's meta: what a USS export writes as its header.  A
 * production that says something of itself (an .msd header) gets a whole
 * USS header made up around it, the format's own keys kept as extension
 * keys ("_msd"), so that an export to USS and back keeps them and the
 * header still has what a USS reader needs; the keys of its "uss" object
 * are USS header keys ("company", "author") and are set as they are.  *out
 * is NULL when there is nothing to keep.
 */
static int
make_meta(struct sb_import *imp, struct sb_prod *p, char **out)
{
	const char *name = imp->opts->project != NULL ? imp->opts->project : p->name;
	json_t *meta, *head, *val;
	json_error_t err;
	const char *key;
	char uid[25];
	int ok;

	*out = NULL;
	if (p->meta.len == 0)
		return SB_OK;
	if (p->meta.failed)
		return sb_err(imp->ctx, SB_EFAIL, "out of memory");
	meta = json_loadb(p->meta.data, p->meta.len, 0, &err);
	if (!json_is_object(meta)) {
		json_decref(meta);
		return sb_err(imp->ctx, SB_EFAIL, "internal error: the header is not "
		    "a JSON object");
	}
	sb_uid_new(uid);
	head = json_object();
	ok = head != NULL &&
	    json_object_set_new(head, "id", json_string(uid)) == 0 &&
	    json_object_set_new(head, "name", p->title != NULL ? json_string(p->title) :
	    name != NULL ? sb_json_new_string(name, strlen(name)) : json_null()) == 0 &&
	    json_object_set_new(head, "project", name != NULL ?
	    sb_json_new_string(name, strlen(name)) : json_null()) == 0 &&
	    json_object_set_new(head, "created", json_string(sb_now(imp->ctx))) == 0 &&
	    json_object_set_new(head, "ussVersion", json_string("1.0.0")) == 0;
	json_object_foreach(meta, key, val) {
		char ext[128];

		if (!ok)
			break;
		if (strcmp(key, "uss") == 0 && json_is_object(val)) {
			/* keys USS has: "company", "author"... as they are */
			const char *k2;
			json_t *v2;

			json_object_foreach(val, k2, v2)
				if (ok)
					ok = json_object_set(head, k2, v2) == 0;
			continue;
		}
		snprintf(ext, sizeof(ext), "%s%s", key[0] == '_' ? "" : "_", key);
		ok = json_object_set(head, ext, val) == 0;
	}
	if (ok)
		*out = json_dumps(head, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(head);
	json_decref(meta);
	return *out != NULL ? SB_OK : sb_err(imp->ctx, SB_EFAIL, "out of memory");
}

int
sb_prod_write(struct sb_import *imp, struct sb_prod *p)
{
	char *meta = NULL;
	struct pw w;
	int rc;

	if ((rc = make_meta(imp, p, &meta)) != SB_OK)
		return rc;
	memset(&w, 0, sizeof(w));
	w.imp = imp;
	w.ctx = imp->ctx;
	w.p = p;
	w.cat_id = calloc(p->ncats + 1, sizeof(int64_t));
	w.el_id = calloc(p->nels + 1, sizeof(int64_t));
	w.strip_id = calloc(p->nstrips + 1, sizeof(int64_t));
	w.cal_id = calloc(p->ncals + 1, sizeof(int64_t));
	w.el_uid = calloc(p->nels + 1, sizeof(*w.el_uid));
	if (w.cat_id == NULL || w.el_id == NULL || w.strip_id == NULL ||
	    w.cal_id == NULL || w.el_uid == NULL)
		rc = sb_err(imp->ctx, SB_EFAIL, "out of memory");
	else if ((rc = sb_import_project(imp, p->name, NULL, p->title, meta)) == SB_OK &&
	    (rc = write_categories(&w)) == SB_OK &&
	    (rc = write_elements(&w)) == SB_OK &&
	    (rc = write_strips(&w)) == SB_OK &&
	    (rc = write_calendars(&w)) == SB_OK)
		rc = write_boards(&w);
	free(w.cat_id);
	free(w.el_id);
	free(w.strip_id);
	free(w.cal_id);
	free(w.el_uid);
	free(meta);
	return rc;
}
