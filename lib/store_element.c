/*
 * store_element.c - the writers of the breakdown's categories, its
 * elements and their dated events.
 */
#include <config.h>

#include "store.h"

int
store_category_insert(sb_ctx *ctx, const struct sb_row_category *r, int64_t *id_out)
{
	static const char sql[] =
	    "INSERT INTO category (project_id, uid, name, ucid, rank, created, ext,"
	    " absent, version) VALUES (?1, ?2, ?3, ?4, coalesce(?5, (SELECT"
	    " coalesce(max(rank), -1) + 1 FROM category WHERE project_id = ?1)),"
	    " ?6, ?7, ?8, ?9)";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, r->project_id);
	sb_bind_text(st, 2, r->uid);
	sb_bind_text(st, 3, r->name);
	store_bind_int(st, 4, r->has_ucid, r->ucid);
	store_bind_rank(st, 5, r->rank);
	sb_bind_text(st, 6, r->created);
	sb_bind_text(st, 7, r->ext);
	sb_bind_text(st, 8, r->absent);
	sb_bind_int64(st, 9, r->version > 0 ? r->version : 1);
	return store_insert_done(ctx, st, "category", id_out);
}

/*
 * A new element; with r->id set, under that id (one the caller reserved
 * with store_element_next_id(), see fmt_uss_read.c), else the next one.
 */
int
store_element_insert(sb_ctx *ctx, const struct sb_row_element *r, int64_t *id_out)
{
#define ELEMENT_INSERT(idcol, idval) \
	    "INSERT INTO element (" idcol "project_id, category_id, uid, name, board_id," \
	    " is_dood, is_hold, is_drop, drop_days, days_off, linked, is_id_lock," \
	    " rank, created, ext, absent, version)" \
	    " VALUES (" idval "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12," \
	    " coalesce(?13, (SELECT coalesce(max(rank), -1) + 1 FROM element" \
	    " WHERE project_id = ?1)), ?14, ?15, ?16, ?17)"
	static const char sql[] = ELEMENT_INSERT("", "");
	static const char sql_id[] = ELEMENT_INSERT("id, ", "?18, ");
#undef ELEMENT_INSERT
	sb_st *st = sb_stmt(ctx, r->id > 0 ? sql_id : sql);

	if (st == NULL)
		return SB_EFAIL;
	if (r->id > 0)
		sb_bind_int64(st, 18, r->id);
	sb_bind_int64(st, 1, r->project_id);
	sb_bind_int64(st, 2, r->category_id);
	sb_bind_text_static(st, 3, r->uid);
	sb_bind_text_static(st, 4, r->name);
	sb_bind_text_static(st, 5, r->board_id);
	store_bind_int(st, 6, r->has_is_dood, r->is_dood);
	store_bind_int(st, 7, r->has_is_hold, r->is_hold);
	store_bind_int(st, 8, r->has_is_drop, r->is_drop);
	store_bind_int(st, 9, r->has_drop_days, r->drop_days);
	sb_bind_text_static(st, 10, r->days_off);
	sb_bind_text_static(st, 11, r->linked);
	store_bind_int(st, 12, r->has_is_id_lock, r->is_id_lock);
	store_bind_rank(st, 13, r->rank);
	sb_bind_text_static(st, 14, r->created);
	sb_bind_text_static(st, 15, r->ext);
	sb_bind_text_static(st, 16, r->absent);
	sb_bind_int64(st, 17, r->version > 0 ? r->version : 1);
	return store_insert_done(ctx, st, "element", id_out);
}

/*
 * An id for an element not written yet (fmt_uss_read.c reserves one where
 * a breakdown first names an element, before the element's record is
 * read), given to it later with store_element_insert()'s r->id.  SQLite:
 * the table's largest plus one, then *next counts on (the caller holds
 * the transaction, so no other writer adds elements meanwhile; *next 0
 * at first); PostgreSQL: the next of the identity's sequence, which an
 * element written without an id would have taken.
 */
int
store_element_new_id(sb_ctx *ctx, int64_t *next, int64_t *id)
{
	const char *sql = ctx->pg != NULL ?
	    "SELECT nextval(pg_get_serial_sequence('element', 'id'))" :
	    "SELECT coalesce(max(id), 0) + 1 FROM element";
	sb_st *st;
	int step;

	if (ctx->pg == NULL && *next > 0) {
		*id = (*next)++;
		return SB_OK;
	}
	if ((st = sb_stmt(ctx, sql)) == NULL)
		return SB_EFAIL;
	step = sb_step(st);
	if (step == SQLITE_ROW)
		*id = sb_col_int64(st, 0);
	sb_reset(st);
	if (step != SQLITE_ROW)
		return sb_sqlerr(ctx, "element");
	*next = *id + 1;
	return SB_OK;
}

int
store_element_event_insert(sb_ctx *ctx, const struct sb_row_element_event *r,
    int64_t *id_out)
{
	static const char sql[] =
	    "INSERT INTO element_event (element_id, rank, uid, type, name, date_raw,"
	    " date, ext, absent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, r->element_id);
	sb_bind_int64(st, 2, r->rank);
	sb_bind_text(st, 3, r->uid);
	sb_bind_text(st, 4, r->type);
	sb_bind_text(st, 5, r->name);
	sb_bind_text(st, 6, r->date_raw);
	sb_bind_text(st, 7, r->date);
	sb_bind_text(st, 8, r->ext);
	sb_bind_text(st, 9, r->absent);
	return store_insert_done(ctx, st, "element event", id_out);
}

/*
 * Elements as the breakdown is cleaned up (sb-element): a new name, a new
 * board id, an element merged into another and deleted.
 */
int
store_element_rename(sb_ctx *ctx, int64_t id, const char *name)
{
	static const char sql[] =
	    "UPDATE element SET name = ?2, ext = CASE WHEN json_valid(ext) = 1"
	    " THEN nullif(json_remove(ext, '$.name'), '{}') ELSE ext END,"
	    " version = version + 1 WHERE id = ?1";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	sb_bind_text(st, 2, name);
	return sb_step_done(ctx, st, "element");
}

int
store_element_set_board_id(sb_ctx *ctx, int64_t id, const char *board_id)
{
	static const char sql[] =
	    "UPDATE element SET board_id = ?2, ext = CASE WHEN json_valid(ext) = 1"
	    " THEN nullif(json_remove(ext, '$.elementId'), '{}') ELSE ext END,"
	    " absent = nullif(trim(replace(',' || coalesce(absent, '') || ',',"
	    " ',elementId,', ','), ','), ''), version = version + 1 WHERE id = ?1";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	sb_bind_text(st, 2, board_id);
	return sb_step_done(ctx, st, "element");
}

int
store_element_delete(sb_ctx *ctx, int64_t id)
{
	sb_st *st = sb_stmt(ctx, "DELETE FROM element WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "element");
}

/* An element's version rises: its events changed (a merge moved them). */
int
store_element_bump(sb_ctx *ctx, int64_t id)
{
	sb_st *st = sb_stmt(ctx, "UPDATE element SET version = version + 1 WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "element");
}

/*
 * An element put back with its id, as the audit row that deleted it had
 * it: set is the row's "set", each column a [before, after] pair.
 */
int
store_element_insert_set(sb_ctx *ctx, int64_t id, const char *set, int64_t version)
{
	static const char sql[] =
	    "INSERT INTO element (id, project_id, category_id, uid, name, board_id,"
	    " is_dood, is_hold, is_drop, drop_days, days_off, linked, is_id_lock,"
	    " rank, created, ext, absent, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	    " ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";
	static const char *const cols[] = { "project_id", "category_id", "uid", "name",
	    "board_id", "is_dood", "is_hold", "is_drop", "drop_days", "days_off",
	    "linked", "is_id_lock", "rank", "created", "ext", "absent", NULL };

	return store_insert_json(ctx, sql, id, set, cols, 1, version > 0 ? version : 1,
	    "element");
}

/* An event given to another element, at the rank it takes there. */
int
store_element_event_move(sb_ctx *ctx, int64_t id, int64_t element, int64_t rank)
{
	sb_st *st = sb_stmt(ctx, "UPDATE element_event SET element_id = ?2, rank = ?3"
	    " WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	sb_bind_int64(st, 2, element);
	sb_bind_int64(st, 3, rank);
	return sb_step_done(ctx, st, "element event");
}

int
store_element_event_delete(sb_ctx *ctx, int64_t id)
{
	sb_st *st = sb_stmt(ctx, "DELETE FROM element_event WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "element event");
}

/*
 * An event put back with its id, as an audit row kept it: row is a JSON
 * object of its columns (id, rank, uid, type, name, date_raw, date, ext,
 * absent), element the element it goes to.
 */
int
store_element_event_insert_json(sb_ctx *ctx, int64_t element, const char *row)
{
	/* ?1 the element, ?2... the row's columns */
	static const char sql[] =
	    "INSERT INTO element_event (id, element_id, rank, uid, type, name, date_raw,"
	    " date, ext, absent) VALUES (?2, ?1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
	static const char *const cols[] = { "id", "rank", "uid", "type", "name",
	    "date_raw", "date", "ext", "absent", NULL };

	return store_insert_json(ctx, sql, element, row, cols, 0, 0, "element event");
}

/* sb-log revert: a category a revision brought, taken out once empty. */
int
store_category_delete(sb_ctx *ctx, int64_t id)
{
	sb_st *st = sb_stmt(ctx, "DELETE FROM category WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "category");
}
