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

struct pw {
	struct sb_import *imp;
	sb_ctx *ctx;
	struct sb_prod *p;
	int64_t *cat_id, *el_id, *strip_id, *cal_id;
};

static int
insert(struct pw *w, sqlite3_stmt *st, const char *what, int64_t *rowid)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) == SQLITE_CONSTRAINT)
			return sb_err(w->ctx, SB_EDATA, "%s: %s: refused by the database: %s",
			    w->imp->in->name, what, sqlite3_errmsg(w->ctx->db));
		return sb_sqlerr(w->ctx, what);
	}
	if (rowid != NULL)
		*rowid = sqlite3_last_insert_rowid(w->ctx->db);
	return SB_OK;
}

static int
write_categories(struct pw *w)
{
	static const char sql[] =
	    "INSERT INTO category (project_id, uid, name, ucid, rank) VALUES (?1, ?2, ?3, ?4, ?5)";
	struct sb_prod *p = w->p;

	for (size_t i = 0; i < p->ncats; i++) {
		sqlite3_stmt *st = sb_stmt(w->ctx, sql);
		char uid[25];
		int rc;

		if (st == NULL)
			return SB_EFAIL;
		sb_uid_new(uid);
		sqlite3_bind_int64(st, 1, w->imp->project_id);
		sb_bind_text(st, 2, uid);
		sb_bind_text(st, 3, p->cats[i].name);
		if (p->cats[i].ucid >= 0)
			sqlite3_bind_int(st, 4, p->cats[i].ucid);
		sqlite3_bind_int64(st, 5, (int64_t)i);
		if ((rc = insert(w, st, "category", &w->cat_id[i])) != SB_OK)
			return rc;
	}
	return SB_OK;
}

static int
write_elements(struct pw *w)
{
	static const char sql[] =
	    "INSERT INTO element (project_id, category_id, uid, name, board_id, rank)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	struct sb_prod *p = w->p;

	for (size_t i = 0; i < p->nels; i++) {
		sqlite3_stmt *st = sb_stmt(w->ctx, sql);
		char uid[25];
		int rc;

		if (st == NULL)
			return SB_EFAIL;
		sb_uid_new(uid);
		sqlite3_bind_int64(st, 1, w->imp->project_id);
		sqlite3_bind_int64(st, 2, w->cat_id[p->els[i].cat]);
		sb_bind_text(st, 3, uid);
		sb_bind_text(st, 4, p->els[i].name);
		sb_bind_text(st, 5, p->els[i].board_id);
		sqlite3_bind_int64(st, 6, (int64_t)i);
		if ((rc = insert(w, st, "element", &w->el_id[i])) != SB_OK)
			return rc;
	}
	return SB_OK;
}

int
sb_prod_insert_strip(struct sb_import *imp, const struct sb_prod_strip *s,
    int64_t rank, int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO strip (project_id, uid, type, scene, int_ext, day_night,"
	    " set_name, location, script_day, synopsis, comments, banner_text,"
	    " script_page, eighths, est_ms, omitted, rank)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
	    " ?15, ?16, ?17)";
	sqlite3_stmt *st = sb_stmt(imp->ctx, sql);
	char uid[25];
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	if (s->uid == NULL)
		sb_uid_new(uid);
	sqlite3_bind_int64(st, 1, imp->project_id);
	sb_bind_text(st, 2, s->uid != NULL ? s->uid : uid);
	sb_bind_text(st, 3, s->banner ? "banner" : "scene");
	sb_bind_text(st, 4, s->scene);
	sb_bind_text(st, 5, s->int_ext);
	sb_bind_text(st, 6, s->day_night);
	sb_bind_text(st, 7, s->set_name);
	sb_bind_text(st, 8, s->location);
	sb_bind_text(st, 9, s->script_day);
	sb_bind_text(st, 10, s->synopsis);
	sb_bind_text(st, 11, s->comments);
	sb_bind_text(st, 12, s->banner_text);
	sb_bind_text(st, 13, s->script_page);
	if (s->have_eighths)
		sqlite3_bind_int64(st, 14, s->eighths);
	if (s->have_est)
		sqlite3_bind_int64(st, 15, s->est_ms);
	sqlite3_bind_int(st, 16, s->omitted != 0);
	sqlite3_bind_int64(st, 17, rank);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) == SQLITE_CONSTRAINT)
			return sb_err(imp->ctx, SB_EDATA, "%s: strip %s: refused by the "
			    "database: %s", imp->in->name, s->uid != NULL ? s->uid :
			    s->scene != NULL ? s->scene : "?", sqlite3_errmsg(imp->ctx->db));
		return sb_sqlerr(imp->ctx, "strip");
	}
	*id = sqlite3_last_insert_rowid(imp->ctx->db);
	return SB_OK;
}

static int
write_strips(struct pw *w)
{
	static const char link[] =
	    "INSERT INTO strip_element (strip_id, element_id, rank) VALUES (?1, ?2, ?3)";
	struct sb_prod *p = w->p;
	int rc;

	for (size_t i = 0; i < p->nstrips; i++) {
		const struct sb_prod_strip *s = &p->strips[i];

		if ((rc = sb_prod_insert_strip(w->imp, s, (int64_t)i,
		    &w->strip_id[i])) != SB_OK)
			return rc;
		for (size_t j = 0; j < s->nels; j++) {
			sqlite3_stmt *st = sb_stmt(w->ctx, link);

			if (st == NULL)
				return SB_EFAIL;
			sqlite3_bind_int64(st, 1, w->strip_id[i]);
			sqlite3_bind_int64(st, 2, w->el_id[s->els[j]]);
			sqlite3_bind_int64(st, 3, (int64_t)j);
			if ((rc = insert(w, st, "strip element", NULL)) != SB_OK)
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
	static const char sql[] =
	    "INSERT INTO calendar (project_id, uid, name, days_off, rank) VALUES (?1, ?2, ?3, ?4, ?5)";
	static const char day_sql[] =
	    "INSERT INTO calendar_day (calendar_id, rank, uid, type, name, date_raw,"
	    " date, kind, ext) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)";
	struct sb_prod *p = w->p;
	int rc;

	for (size_t i = 0; i < p->ncals; i++) {
		const struct sb_prod_cal *c = &p->cals[i];
		sqlite3_stmt *st = sb_stmt(w->ctx, sql);
		char uid[25], days[16];
		size_t n = 0;

		if (st == NULL)
			return SB_EFAIL;
		days[0] = '\0';
		for (int d = 0; d < 7; d++)
			if (c->days_off & (1u << d))
				n += (size_t)snprintf(days + n, sizeof(days) - n, "%s%d",
				    n > 0 ? "," : "", d);
		sb_uid_new(uid);
		sqlite3_bind_int64(st, 1, w->imp->project_id);
		sb_bind_text(st, 2, uid);
		sb_bind_text(st, 3, c->name);
		if (c->have_days_off || c->days_off != 0)
			sb_bind_text(st, 4, days);
		sqlite3_bind_int64(st, 5, (int64_t)i);
		if ((rc = insert(w, st, "calendar", &w->cal_id[i])) != SB_OK)
			return rc;
		for (size_t j = 0; j < c->n; j++) {
			const struct sb_prod_calday *d = &c->days[j];
			const char *type = "event", *name = NULL;
			char date[SB_DATE_BUFSZ];
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
			else
				return sb_err(w->ctx, SB_EFAIL, "internal error: calendar "
				    "kind %s", d->kind);
			if ((st = sb_stmt(w->ctx, day_sql)) == NULL)
				return SB_EFAIL;
			sb_buf_init(&ext);
			if (d->name != NULL) {
				sb_buf_puts(&ext, "{\"_name\":");
				sb_json_quote(&ext, d->name);
				sb_buf_puts(&ext, "}");
				if (ext.failed) {
					sb_buf_free(&ext);
					return sb_err(w->ctx, SB_EFAIL, "out of memory");
				}
			}
			sb_uid_new(uid);
			sb_date_format(d->date, date, sizeof(date));
			sqlite3_bind_int64(st, 1, w->cal_id[i]);
			sqlite3_bind_int64(st, 2, (int64_t)j);
			sb_bind_text(st, 3, uid);
			sb_bind_text(st, 4, type);
			sb_bind_text(st, 5, name);
			sb_bind_text(st, 6, date);
			sb_bind_text(st, 7, d->kind);
			sb_bind_text(st, 8, d->name != NULL ? sb_buf_str(&ext) : NULL);
			rc = insert(w, st, "calendar day", NULL);
			sb_buf_free(&ext);
			if (rc != SB_OK)
				return rc;
		}
	}
	return SB_OK;
}

static int
add_lane(struct pw *w, int64_t board, const char *name, const char *kind,
    int nested, int64_t rank, int64_t *lane)
{
	static const char sql[] =
	    "INSERT INTO lane (board_id, uid, name, kind, nested, rank) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	sqlite3_stmt *st = sb_stmt(w->ctx, sql);
	char uid[25];

	if (st == NULL)
		return SB_EFAIL;
	sb_uid_new(uid);
	sqlite3_bind_int64(st, 1, board);
	sb_bind_text(st, 2, uid);
	sb_bind_text(st, 3, name);
	sb_bind_text(st, 4, kind);
	sqlite3_bind_int(st, 5, nested);
	sqlite3_bind_int64(st, 6, rank);
	return insert(w, st, "lane", lane);
}

static int
add_day(struct pw *w, int64_t board, int64_t lane, const char *kind,
    uint64_t i, uint64_t n, int64_t *day)
{
	static const char sql[] =
	    "INSERT INTO day (board_id, lane_id, kind, pos) VALUES (?1, ?2, ?3, ?4)";
	char key[SB_KEY_MAX + 2];
	sqlite3_stmt *st;

	if (sb_key_spread(i, n, key, sizeof(key)) != SB_OK)
		return sb_err(w->ctx, SB_EFAIL, "internal error: position key");
	if ((st = sb_stmt(w->ctx, sql)) == NULL)
		return SB_EFAIL;
	sqlite3_bind_int64(st, 1, board);
	sqlite3_bind_int64(st, 2, lane);
	sb_bind_text(st, 3, kind);
	sb_bind_text(st, 4, key);
	return insert(w, st, "day", day);
}

static int
place(struct pw *w, const struct sb_prod_board *b, int64_t board, int64_t day,
    const struct sb_prod_list *l)
{
	static const char sql[] =
	    "INSERT INTO placement (board_id, strip_id, day_id, pos) VALUES (?1, ?2, ?3, ?4)";
	char key[SB_KEY_MAX + 2];

	for (size_t j = 0; j < l->n; j++) {
		const struct sb_prod_strip *s = &w->p->strips[l->strips[j]];
		sqlite3_stmt *st;
		int rc;

		if (sb_key_spread(j, l->n, key, sizeof(key)) != SB_OK)
			return sb_err(w->ctx, SB_EFAIL, "internal error: position key");
		if ((st = sb_stmt(w->ctx, sql)) == NULL)
			return SB_EFAIL;
		sqlite3_bind_int64(st, 1, board);
		sqlite3_bind_int64(st, 2, w->strip_id[l->strips[j]]);
		sqlite3_bind_int64(st, 3, day);
		sb_bind_text(st, 4, key);
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE)
			continue;
		if ((rc & 0xff) == SQLITE_CONSTRAINT)
			return sb_err(w->ctx, SB_EDATA, "%s: stripboard \"%s\": %s %s is "
			    "on it twice", w->imp->in->name, b->name,
			    s->banner ? "banner" : "strip",
			    s->uid != NULL ? s->uid : s->scene != NULL ? s->scene : "?");
		return sb_sqlerr(w->ctx, "placement");
	}
	return SB_OK;
}

static int
write_boards(struct pw *w)
{
	static const char sql[] =
	    "INSERT INTO board (project_id, uid, name, calendar_id, rank) VALUES (?1, ?2, ?3, ?4, ?5)";
	static const char active[] = "UPDATE project SET active_board_id = ?1 WHERE id = ?2";
	struct sb_prod *p = w->p;
	int64_t active_id = 0;
	int rc;

	for (size_t i = 0; i < p->nboards; i++) {
		const struct sb_prod_board *b = &p->boards[i];
		sqlite3_stmt *st = sb_stmt(w->ctx, sql);
		int64_t board, lane, day, rank = 0;
		char uid[25];

		if (st == NULL)
			return SB_EFAIL;
		sb_uid_new(uid);
		sqlite3_bind_int64(st, 1, w->imp->project_id);
		sb_bind_text(st, 2, uid);
		sb_bind_text(st, 3, b->name);
		if (b->cal >= 0)
			sqlite3_bind_int64(st, 4, w->cal_id[b->cal]);
		sqlite3_bind_int64(st, 5, (int64_t)i);
		if ((rc = insert(w, st, "board", &board)) != SB_OK)
			return rc;
		if ((long)i == p->active)
			active_id = board;
		if ((rc = add_lane(w, board, "stripboard", "schedule", 1, rank++,
		    &lane)) != SB_OK)
			return rc;
		for (size_t d = 0; d < b->ndays; d++)
			if ((rc = add_day(w, board, lane, "shoot", d, b->ndays, &day)) != SB_OK ||
			    (rc = place(w, b, board, day, &b->days[d])) != SB_OK)
				return rc;
		if (b->remaining.n > 0 &&
		    ((rc = add_lane(w, board, "remaining", "other", 0, rank++, &lane)) != SB_OK ||
		    (rc = add_day(w, board, lane, "list", 0, 1, &day)) != SB_OK ||
		    (rc = place(w, b, board, day, &b->remaining)) != SB_OK))
			return rc;
		if ((rc = add_lane(w, board, "boneyard", "boneyard", 0, rank++, &lane)) != SB_OK ||
		    (rc = add_day(w, board, lane, "list", 0, 1, &day)) != SB_OK ||
		    (rc = place(w, b, board, day, &b->boneyard)) != SB_OK)
			return rc;
	}
	if (active_id != 0) {
		sqlite3_stmt *st = sb_stmt(w->ctx, active);

		if (st == NULL)
			return SB_EFAIL;
		sqlite3_bind_int64(st, 1, active_id);
		sqlite3_bind_int64(st, 2, w->imp->project_id);
		return sb_step_done(w->ctx, st, "active board");
	}
	return SB_OK;
}

/*
 * The project's meta: what a USS export writes as its header.  A
 * production that says something of itself (an .msd header) gets a whole
 * USS header made up around it, the format's own keys kept as extension
 * keys ("_msd"), so that an export to USS and back keeps them and the
 * header still has what a USS reader needs.  *out is NULL when there is
 * nothing to keep.
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
	    name != NULL ? json_string(name) : json_null()) == 0 &&
	    json_object_set_new(head, "project", name != NULL ? json_string(name) :
	    json_null()) == 0 &&
	    json_object_set_new(head, "created", json_string(sb_now(imp->ctx))) == 0 &&
	    json_object_set_new(head, "ussVersion", json_string("1.0.0")) == 0;
	json_object_foreach(meta, key, val) {
		char ext[128];

		if (!ok)
			break;
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
	if (w.cat_id == NULL || w.el_id == NULL || w.strip_id == NULL || w.cal_id == NULL)
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
	free(meta);
	return rc;
}
