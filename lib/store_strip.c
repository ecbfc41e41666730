/*
 * store_strip.c - the writers of strips and of their links to elements.
 */
#include <config.h>

#include "json_priv.h"
#include "store.h"

int
store_strip_insert(sb_ctx *ctx, const struct sb_row_strip *r, int64_t *id_out)
{
	static const char sql[] =
	    "INSERT INTO strip (project_id, uid, type, scene, int_ext, day_night,"
	    " set_name, location, script_day, synopsis, comments, banner_text,"
	    " script_page, eighths, est_ms, omitted, rank, created, ext, absent,"
	    " version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
	    " ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	/* the row is the caller's until the step below: its text is not copied */
	sb_bind_int64(st, 1, r->project_id);
	sb_bind_text_static(st, 2, r->uid);
	sb_bind_text_static(st, 3, r->type);
	sb_bind_text_static(st, 4, r->scene);
	sb_bind_text_static(st, 5, r->int_ext);
	sb_bind_text_static(st, 6, r->day_night);
	sb_bind_text_static(st, 7, r->set_name);
	sb_bind_text_static(st, 8, r->location);
	sb_bind_text_static(st, 9, r->script_day);
	sb_bind_text_static(st, 10, r->synopsis);
	sb_bind_text_static(st, 11, r->comments);
	sb_bind_text_static(st, 12, r->banner_text);
	sb_bind_text_static(st, 13, r->script_page);
	store_bind_int(st, 14, r->has_eighths, r->eighths);
	store_bind_int(st, 15, r->has_est_ms, r->est_ms);
	sb_bind_int(st, 16, r->omitted != 0);
	sb_bind_int64(st, 17, r->rank);
	sb_bind_text_static(st, 18, r->created);
	sb_bind_text_static(st, 19, r->ext);
	sb_bind_text_static(st, 20, r->absent);
	sb_bind_int64(st, 21, r->version > 0 ? r->version : 1);
	return store_insert_done(ctx, st, "strip", id_out);
}

int
store_strip_update_script(sb_ctx *ctx, const struct sb_row_strip *r, int *updated)
{
	static const char sql[] =
	    "UPDATE strip SET int_ext = ?2, day_night = ?3, set_name = ?4, location = ?5,"
	    " script_day = ?6, synopsis = ?7, comments = ?8, script_page = ?9,"
	    " eighths = ?10, est_ms = ?11, omitted = ?12, scene = ?14,"
	    " version = version + 1 WHERE id = ?1 AND version = ?13";
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	*updated = 0;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, r->id);
	sb_bind_text(st, 2, r->int_ext);
	sb_bind_text(st, 3, r->day_night);
	sb_bind_text(st, 4, r->set_name);
	sb_bind_text(st, 5, r->location);
	sb_bind_text(st, 6, r->script_day);
	sb_bind_text(st, 7, r->synopsis);
	sb_bind_text(st, 8, r->comments);
	sb_bind_text(st, 9, r->script_page);
	store_bind_int(st, 10, r->has_eighths, r->eighths);
	store_bind_int(st, 11, r->has_est_ms, r->est_ms);
	sb_bind_int(st, 12, r->omitted != 0);
	sb_bind_int64(st, 13, r->version);
	sb_bind_text(st, 14, r->scene);
	if ((rc = sb_step_done(ctx, st, "strip")) != SB_OK)
		return rc;
	*updated = sb_changes(ctx) == 1;
	return SB_OK;
}

int
store_strip_omit(sb_ctx *ctx, int64_t id, int64_t version, int *updated)
{
	static const char sql[] =
	    "UPDATE strip SET omitted = 1, version = version + 1 WHERE id = ?1 AND version = ?2";
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	*updated = 0;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	sb_bind_int64(st, 2, version);
	if ((rc = sb_step_done(ctx, st, "strip")) != SB_OK)
		return rc;
	*updated = sb_changes(ctx) == 1;
	return SB_OK;
}

int
store_strip_forget_key(sb_ctx *ctx, int64_t id, const char *key)
{
	static const char sql[] =
	    "UPDATE strip SET"
	    " ext = CASE WHEN ext IS NULL THEN NULL"
	    "  ELSE nullif(json_remove(ext, '$.' || ?2), '{}') END,"
	    " absent = nullif(trim(replace(',' || coalesce(absent, '') || ',',"
	    "  ',' || ?2 || ',', ','), ','), '')"
	    " WHERE id = ?1";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	sb_bind_text(st, 2, key);
	return sb_step_done(ctx, st, "strip");
}

int
store_strip_element_insert(sb_ctx *ctx, const struct sb_row_strip_element *r)
{
	static const char sql[] =
	    "INSERT INTO strip_element (strip_id, element_id, rank) VALUES (?1, ?2,"
	    " coalesce(?3, (SELECT coalesce(max(rank), -1) + 1 FROM strip_element"
	    " WHERE strip_id = ?1)))";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, r->strip_id);
	sb_bind_int64(st, 2, r->element_id);
	store_bind_rank(st, 3, r->rank);
	return store_insert_done(ctx, st, "strip element", NULL);
}

int
store_strip_element_insert_new(sb_ctx *ctx, const struct sb_row_strip_element *r)
{
	static const char sql[] =
	    "INSERT OR IGNORE INTO strip_element (strip_id, element_id, rank) VALUES (?1, ?2,"
	    " coalesce(?3, (SELECT coalesce(max(rank), -1) + 1 FROM strip_element"
	    " WHERE strip_id = ?1)))";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, r->strip_id);
	sb_bind_int64(st, 2, r->element_id);
	store_bind_rank(st, 3, r->rank);
	return store_insert_done(ctx, st, "strip element", NULL);
}

int
store_strip_element_delete_category(sb_ctx *ctx, int64_t strip, int64_t category)
{
	static const char sql[] =
	    "DELETE FROM strip_element WHERE strip_id = ?1 AND element_id IN"
	    " (SELECT id FROM element WHERE category_id = ?2)";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, strip);
	sb_bind_int64(st, 2, category);
	return sb_step_done(ctx, st, "strip element");
}

int
store_strip_set_banner(sb_ctx *ctx, int64_t id, const char *text)
{
	sb_st *st = sb_stmt(ctx, "UPDATE strip SET banner_text = ?2 WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	sb_bind_text(st, 2, text);
	return sb_step_done(ctx, st, "strip");
}

int
store_strip_set_version(sb_ctx *ctx, int64_t id, int64_t version)
{
	sb_st *st = sb_stmt(ctx, "UPDATE strip SET version = ?2 WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	sb_bind_int64(st, 2, version);
	return sb_step_done(ctx, st, "strip");
}

int
store_strip_element_delete(sb_ctx *ctx, int64_t strip, int64_t element)
{
	sb_st *st = sb_stmt(ctx, "DELETE FROM strip_element WHERE strip_id = ?1"
	    " AND element_id = ?2");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, strip);
	sb_bind_int64(st, 2, element);
	return sb_step_done(ctx, st, "strip element");
}

int
store_strip_put_columns(sb_ctx *ctx, int64_t id, const char *json)
{
	/* each column named in the object takes its value; the others stay */
	/* (CAST: json_extract() is text on PostgreSQL, the columns integers) */
#define PUT(c) " " c " = CASE WHEN json_type(?2, '$." c "') IS NULL THEN " c \
    " ELSE json_extract(?2, '$." c "') END,"
#define PUTI(c) " " c " = CASE WHEN json_type(?2, '$." c "') IS NULL THEN " c \
    " ELSE CAST(json_extract(?2, '$." c "') AS INTEGER) END,"
	static const char sql[] =
	    "UPDATE strip SET" PUT("type") PUT("scene") PUT("int_ext") PUT("day_night")
	    PUT("set_name") PUT("location") PUT("script_day") PUT("synopsis") PUT("comments")
	    PUT("banner_text") PUT("script_page") PUTI("eighths") PUTI("est_ms") PUTI("omitted")
	    PUTI("rank") PUT("ext") PUT("absent") " version = version + 1 WHERE id = ?1";
#undef PUT
#undef PUTI
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	sb_bind_text(st, 2, json);
	return sb_step_done(ctx, st, "strip");
}

int
store_strip_element_delete_all(sb_ctx *ctx, int64_t strip)
{
	sb_st *st = sb_stmt(ctx, "DELETE FROM strip_element WHERE strip_id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, strip);
	return sb_step_done(ctx, st, "strip element");
}

static void
bind_link_row(sb_st *st, int param, size_t i, void *arg)
{
	const struct sb_link *l = (const struct sb_link *)arg + i;

	sb_bind_int64(st, param, l->strip);
	sb_bind_int64(st, param + 1, l->element);
	sb_bind_int64(st, param + 2, l->rank);
}

int
store_strip_links_insert(sb_ctx *ctx, const struct sb_link *l, size_t n)
{
	static const char *const sql[STORE_ROWS_STMTS] = { STORE_ROWS_SQL(
	    "INSERT OR IGNORE INTO strip_element (strip_id, element_id, rank) VALUES ",
	    "(?, ?, ?)") };
	int64_t written;

	if (sb_deferring(ctx)) /* a server: sent without waiting */
		return store_insert_rows_later(ctx, sql, n, bind_link_row, (void *)l,
		    "strip element");
	if (store_insert_rows(ctx, sql, n, bind_link_row, (void *)l, &written) != SB_OK)
		return sb_sqlerr(ctx, "strip element");
	if (written != (int64_t)n)
		return sb_err(ctx, SB_EFAIL, "internal error: %lld of %zu element "
		    "links written (one linked twice)", (long long)written, n);
	return SB_OK;
}

int
store_strip_set_fixed(sb_ctx *ctx, int64_t id, const char *const col[5])
{
	static const char sql[] =
	    "UPDATE strip SET int_ext = ?2, day_night = ?3, set_name = ?4,"
	    " location = ?5, script_day = ?6 WHERE id = ?1";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	for (int k = 0; k < 5; k++)
		sb_bind_text_static(st, 2 + k, col[k]); /* stepped here, or copied */
	if (sb_deferring(ctx)) /* a server: sent without waiting */
		return sb_write_later(ctx, st, "strip", -1);
	return sb_step_done(ctx, st, "strip");
}

/* sb-log revert: a strip made (sb-strip new, sb-import --update) taken out. */
int
store_strip_delete(sb_ctx *ctx, int64_t id)
{
	/* its links go with it (ON DELETE CASCADE); placements are gone first */
	sb_st *st = sb_stmt(ctx, "DELETE FROM strip WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "strip");
}

/*
 * sb-log revert: a strip put back with its id from an audit row's "set"
 * (every column a [before, after] pair), then its links ("links": [[element
 * id, rank]...]).
 */
int
store_strip_insert_set(sb_ctx *ctx, int64_t id, const char *set, const char *links,
    int64_t version)
{
	static const char sql[] =
	    "INSERT INTO strip (id, project_id, uid, type, scene, int_ext, day_night,"
	    " set_name, location, script_day, synopsis, comments, banner_text,"
	    " script_page, eighths, est_ms, omitted, rank, created, ext, absent, version)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
	    " ?16, ?17, ?18, ?19, ?20, ?21, ?22)";
	static const char *const cols[] = { "project_id", "uid", "type", "scene",
	    "int_ext", "day_night", "set_name", "location", "script_day", "synopsis",
	    "comments", "banner_text", "script_page", "eighths", "est_ms", "omitted",
	    "rank", "created", "ext", "absent", NULL };
	static const char link_sql[] =
	    "INSERT INTO strip_element (strip_id, element_id, rank) VALUES (?1, ?2, ?3)";
	json_error_t jerr;
	json_t *doc, *link;
	size_t k;
	int rc;

	if ((rc = store_insert_json(ctx, sql, id, set, cols, 1, version > 0 ? version : 1,
	    "strip")) != SB_OK || links == NULL)
		return rc;
	/* the links, [[element id, rank]...], read in C as the columns are */
	/* (json_is_array() names its argument twice: the load is done before) */
	doc = json_loads(links, 0, &jerr);
	if (!json_is_array(doc)) {
		json_decref(doc);
		return sb_err(ctx, SB_EDATA, "strip: the links to put back are not a JSON "
		    "array");
	}
	json_array_foreach(doc, k, link) {
		sb_st *st = sb_stmt(ctx, link_sql);

		if (st == NULL) {
			rc = SB_EFAIL;
			break;
		}
		sb_bind_int64(st, 1, id);
		if (store_bind_json(st, 2, json_array_get(link, 0)) != SQLITE_OK ||
		    store_bind_json(st, 3, json_array_get(link, 1)) != SQLITE_OK) {
			sb_reset(st);
			rc = sb_err(ctx, SB_EFAIL, "out of memory");
			break;
		}
		if ((rc = sb_step_done(ctx, st, "strip element")) != SB_OK)
			break;
	}
	json_decref(doc);
	return rc;
}
