/*
 * store.h - the store layer: the only code that inserts, updates or deletes
 * rows.  One row struct per table with every column, and the writers of
 * each table in lib/store_<group>.c.  Every reader, the synthetic
 * generator, the revision merge and the day, move and sort code write
 * through these functions; tests/lint/store-writers.sh fails when a lib file
 * outside store_* (and db.c, which owns the schema) holds INSERT, UPDATE
 * or DELETE SQL.
 *
 * Conventions of the row structs, so that a zeroed struct means "what the
 * schema would put there":
 *   - text columns are const char *; NULL is SQL NULL;
 *   - an integer column that may be NULL has a has_<column> flag beside
 *     it: unset, the column is NULL whatever the value;
 *   - a column that refers to another row by id (board.calendar_id,
 *     project.active_board_id) is NULL when 0;
 *   - version 0 is the first version, 1;
 *   - rank STORE_RANK_NEXT is one past the greatest rank of its list
 *     (the project's categories, a board's lanes, a calendar's days...),
 *     for rows added to a list that is already there;
 *   - id is the row's id: filled in by the caller for an update, returned
 *     through id_out by an insert (the struct is const).
 *
 * Every function returns SB_OK or a negative SB_E* status with the message
 * set on the context ("<table>: <SQLite's message>").  After a failure,
 * store_constraint() says whether a constraint refused the row, so that a
 * reader can word the refusal for its input.  The statements come from the
 * context's statement cache: a bulk import prepares each once.
 *
 * Adding a column: the migration (share/schema/), the field in its row
 * struct here, and the column in the one INSERT (or UPDATE) of the table's
 * store function.  Callers that do not set the field write NULL or 0.
 */
#ifndef STORE_H
#define STORE_H

#include <stdint.h>

#include "sb_priv.h"

/* A rank one past the greatest of the row's list. */
#define STORE_RANK_NEXT INT64_MIN

struct sb_row_project {
	int64_t id;              /* an insert: 0 for a new id, or the id to keep */
	const char *name;
	const char *uid;
	const char *title;
	const char *meta;        /* JSON object text; NULL: '{}' */
	int64_t active_board_id; /* 0: NULL */
	const char *created_at;
	int64_t version;
};

struct sb_row_category {
	int64_t id;
	int64_t project_id;
	const char *uid;
	const char *name;
	int64_t ucid;
	int has_ucid;
	int64_t rank;
	const char *created;
	const char *ext;
	const char *absent;
	int64_t version;
};

struct sb_row_element {
	int64_t id;
	int64_t project_id;
	int64_t category_id;
	const char *uid;
	const char *name;
	const char *board_id;    /* the element's number on the board (text) */
	int64_t is_dood, is_hold, is_drop, drop_days, is_id_lock;
	int has_is_dood, has_is_hold, has_is_drop, has_drop_days, has_is_id_lock;
	const char *days_off;
	const char *linked;      /* JSON array text */
	int64_t rank;
	const char *created;
	const char *ext;
	const char *absent;
	int64_t version;
};

struct sb_row_element_event {
	int64_t id;
	int64_t element_id;
	int64_t rank;
	const char *uid;
	const char *type;
	const char *name;
	const char *date_raw;
	const char *date;
	const char *ext;
	const char *absent;
};

struct sb_row_strip {
	int64_t id;
	int64_t project_id;
	const char *uid;
	const char *type;        /* "scene" or "banner" */
	const char *scene;
	const char *int_ext;
	const char *day_night;
	const char *set_name;
	const char *location;
	const char *script_day;
	const char *synopsis;
	const char *comments;
	const char *banner_text;
	const char *script_page;
	int64_t eighths;
	int has_eighths;
	int64_t est_ms;
	int has_est_ms;
	int omitted;
	int64_t rank;
	const char *created;
	const char *ext;
	const char *absent;
	int64_t version;
};

struct sb_row_strip_element {
	int64_t strip_id;
	int64_t element_id;
	int64_t rank;
};

struct sb_row_calendar {
	int64_t id;
	int64_t project_id;
	const char *uid;
	const char *name;
	const char *days_off;    /* "6,0": weekdays, 0 Sunday */
	int64_t rank;
	const char *ext;
	const char *absent;
	int64_t version;
};

struct sb_row_calendar_day {
	int64_t id;
	int64_t calendar_id;
	int64_t rank;
	const char *uid;
	const char *type;
	const char *name;
	const char *date_raw;
	const char *date;
	const char *kind;        /* start, off, holiday, travel, work, event */
	const char *ext;
	const char *absent;
	int64_t version;
};

struct sb_row_board {
	int64_t id;
	int64_t project_id;
	const char *uid;
	const char *name;
	int64_t calendar_id;     /* 0: NULL */
	int64_t rank;
	const char *ext;
	const char *absent;
	int64_t version;
};

struct sb_row_lane {
	int64_t id;
	int64_t board_id;
	const char *uid;
	const char *name;
	const char *kind;        /* schedule, boneyard, other */
	int nested;              /* cut into shoot days (the schema's default is 1) */
	int64_t rank;
	const char *ext;
	const char *absent;
	int64_t version;
	int ranked;              /* its days' seq is filled */
};

struct sb_row_day {
	int64_t id;
	int64_t board_id;
	int64_t lane_id;
	const char *kind;        /* shoot or list */
	const char *pos;
	int uss_bare;
	int64_t version;
	int64_t seq;
	int has_seq;
};

struct sb_row_placement {
	int64_t id;
	int64_t board_id;
	int64_t strip_id;
	int64_t day_id;
	const char *pos;
	int64_t version;
};

/* The audit trail: append-only (triggers refuse UPDATE and DELETE). */
struct sb_row_audit {
	int64_t id;
	const char *at;          /* the transaction's time (sb_now()) */
	const char *actor;
	const char *command;     /* the command line as typed */
	int64_t project_id;      /* 0: NULL */
	const char *entity;      /* "strip", "placement", "day"... */
	int64_t entity_id;
	int64_t version_before;  /* 0: created */
	int64_t version_after;   /* 0: deleted */
	const char *changes;     /* JSON text */
};

/* Bind an integer that may be NULL. */
static inline void
store_bind_int(sb_st *st, int idx, int has, int64_t v)
{
	if (has)
		sb_bind_int64(st, idx, v);
	else
		sb_bind_null(st, idx);
}

/* Bind a rank: STORE_RANK_NEXT as NULL, which the statements turn into the next. */
static inline void
store_bind_rank(sb_st *st, int idx, int64_t rank)
{
	store_bind_int(st, idx, rank != STORE_RANK_NEXT, rank);
}

struct sb_buf;
/* Column i of st's row as a JSON value: null, an integer or a string. */
void store_col_json(struct sb_buf *b, sb_st *st, int i);
/* Step an INSERT; on success, the new row's id to *id_out (may be NULL). */
int store_insert_done(sb_ctx *ctx, sb_st *st, const char *what, int64_t *id_out);
/*
 * sb-log revert: a row put back from the JSON an audit row keeps, read in
 * C rather than by SQLite's json_extract(), so that a server, whose
 * columns are typed, takes it as a file does.  sql binds ?1 id, then
 * ?2... the members cols[] (NULL-terminated) of the JSON object json
 * (with pair, the first of each member's [before, after] pair), then,
 * when version is above 0, version.  SB_EDATA when json is no object.
 */
int store_insert_json(sb_ctx *ctx, const char *sql, int64_t id, const char *json,
    const char *const *cols, int pair, int64_t version, const char *what);
/*
 * A JSON value bound as SQLite's json_extract() gives it: an integer (true
 * and false as 1 and 0), a text, NULL (null or absent), an object or array
 * as its compact text.  SQLITE_OK or SQLITE_NOMEM.
 */
struct json_t;
int store_bind_json(sb_st *st, int idx, struct json_t *v);
/*
 * n rows, a few a statement (store_row.c): sql[k] inserts 2^k rows, each
 * bound by bind() from its first parameter; *written counts the rows
 * inserted.  SB_EFAIL on an error of SQLite (for sb_sqlerr()).
 */
#define STORE_ROWS_STMTS 5
#define STORE_R2(r) r ", " r
#define STORE_R4(r) STORE_R2(r) ", " STORE_R2(r)
#define STORE_R8(r) STORE_R4(r) ", " STORE_R4(r)
#define STORE_ROWS_SQL(head, r) head r, head STORE_R2(r), head STORE_R4(r), \
	head STORE_R8(r), head STORE_R8(r) ", " STORE_R8(r)
int store_insert_rows(sb_ctx *ctx, const char *const sql[STORE_ROWS_STMTS],
    size_t n, void (*bind)(sb_st *st, int param, size_t i, void *arg),
    void *arg, int64_t *written);
int store_insert_rows_later(sb_ctx *ctx, const char *const sql[STORE_ROWS_STMTS],
    size_t n, void (*bind)(sb_st *st, int param, size_t i, void *arg),
    void *arg, const char *what);

/*
 * fn(ctx, id) for each id the query sql (no parameters, one integer
 * column) returns, in its order.  The ids are read to the end first, so
 * fn may write the rows the query reads.  what names them in an error of
 * SQLite; the first status other than SB_OK stops the walk.
 */
int store_each_id(sb_ctx *ctx, const char *sql, const char *what,
    int (*fn)(sb_ctx *ctx, int64_t id));

/*
 * The extended SQLite result code of the last failure when a constraint
 * refused the row (SQLITE_CONSTRAINT_UNIQUE...), else 0.  Meaningful right
 * after a store function failed.
 */
int store_constraint(sb_ctx *ctx);

/* store_project.c */
int store_project_insert(sb_ctx *ctx, const struct sb_row_project *r, int64_t *id_out);
/* A project's name, uid, title and header (meta), set after it was made. */
int store_project_set_header(sb_ctx *ctx, int64_t id, const char *name,
    const char *uid, const char *title, const char *meta);
/* Delete a project and, by cascade, everything it holds. */
int store_project_delete(sb_ctx *ctx, int64_t id);
int store_project_set_active_board(sb_ctx *ctx, int64_t id, int64_t board);

/* store_element.c: categories, elements and their events */
int store_category_insert(sb_ctx *ctx, const struct sb_row_category *r, int64_t *id_out);
int store_element_insert(sb_ctx *ctx, const struct sb_row_element *r, int64_t *id_out);
int store_element_new_id(sb_ctx *ctx, int64_t *next, int64_t *id);
int store_element_event_insert(sb_ctx *ctx, const struct sb_row_element_event *r,
    int64_t *id_out);

/* A new name, a new board id (the version rises; an imported override goes). */
int store_element_rename(sb_ctx *ctx, int64_t id, const char *name);
int store_element_set_board_id(sb_ctx *ctx, int64_t id, const char *board_id);
/* Delete an element (its links go with it). */
int store_element_delete(sb_ctx *ctx, int64_t id);
/* sb-element merge and sb-log revert: a version rise, an element put back
 * from its audit row's "set", its events moved, deleted, put back. */
int store_element_bump(sb_ctx *ctx, int64_t id);
int store_category_delete(sb_ctx *ctx, int64_t id);
int store_element_insert_set(sb_ctx *ctx, int64_t id, const char *set, int64_t version);
int store_element_event_move(sb_ctx *ctx, int64_t id, int64_t element, int64_t rank);
int store_element_event_delete(sb_ctx *ctx, int64_t id);
int store_element_event_insert_json(sb_ctx *ctx, int64_t element, const char *row);

/* store_strip.c: strips and their links to elements */
int store_strip_insert(sb_ctx *ctx, const struct sb_row_strip *r, int64_t *id_out);
/* sb-log revert: a strip made taken out; one taken out put back with its id
 * and links from its audit row. */
int store_strip_delete(sb_ctx *ctx, int64_t id);
int store_strip_insert_set(sb_ctx *ctx, int64_t id, const char *set, const char *links,
    int64_t version);
/*
 * Rewrite what a script says of a strip (scene, int_ext, day_night,
 * set_name, location, script_day, synopsis, comments, script_page,
 * eighths, est_ms, omitted) if it is still at r->version, raising the
 * version.  *updated: 1 if it was, 0 if another change came first.
 */
int store_strip_update_script(sb_ctx *ctx, const struct sb_row_strip *r, int *updated);
/* Mark a strip omitted if it is still at version; *updated as above. */
int store_strip_omit(sb_ctx *ctx, int64_t id, int64_t version, int *updated);
/* Drop a key from a strip's ext and absent: a column now says it. */
int store_strip_forget_key(sb_ctx *ctx, int64_t id, const char *key);
int store_strip_element_insert(sb_ctx *ctx, const struct sb_row_strip_element *r);
/* The same, writing nothing when the strip has the element already. */
int store_strip_element_insert_new(sb_ctx *ctx, const struct sb_row_strip_element *r);
/* Unlink a strip from every element of a category. */
int store_strip_element_delete_category(sb_ctx *ctx, int64_t strip, int64_t category);
/* A banner's text (its version is the caller's: an edit raises it once). */
int store_strip_set_banner(sb_ctx *ctx, int64_t id, const char *text);
/* Set a strip's version (an edit that changed nothing puts it back). */
int store_strip_set_version(sb_ctx *ctx, int64_t id, int64_t version);
/*
 * Put a strip's columns back from a JSON object of column: value (as an
 * audit row's "row" holds them), raising its version (sb-log revert).
 */
int store_strip_put_columns(sb_ctx *ctx, int64_t id, const char *json);
/* Unlink every element from a strip. */
int store_strip_element_delete_all(sb_ctx *ctx, int64_t strip);
/* Delete a placement (a revert of the one made). */
int store_placement_delete(sb_ctx *ctx, int64_t id);
int store_placement_insert_id(sb_ctx *ctx, int64_t id, const struct sb_row_placement *r);
/* Insert a day again with the id it had (a revert of its deletion). */
int store_day_insert_id(sb_ctx *ctx, int64_t id, const struct sb_row_day *r);
/* Unlink one element from a strip. */
int store_strip_element_delete(sb_ctx *ctx, int64_t strip, int64_t element);

/* store_audit.c: the trail; sb_audit() fills the row from the context */
int store_audit_insert(sb_ctx *ctx, const struct sb_row_audit *r, int64_t *id_out);

/*
 * store_project.c: every row of a project, each table that hangs off it
 * (the schema's cascading foreign keys), parents first, kept in the trail
 * as audit rows of entity "kept" of about 1 MB each ({"kept":{"part":N,
 * "rows":{"table":{"columns":[names],"rows":[[values]...]}...}}}), their
 * ids appended to ids as a JSON array; and those rows put back with their
 * ids, a part at a time (ids in order).  store_project_rows_put(): the
 * same from one object of tables, as older rows kept them whole under
 * "previous".  On both engines, the tables and keys read from each one's
 * catalog.  What sb-import --replace keeps of the
 * project it replaces, so that sb-log revert brings it back.
 */
int store_project_keep(sb_ctx *ctx, int64_t project, int64_t version, struct sb_buf *ids);
int store_project_put_kept(sb_ctx *ctx, int64_t project, const int64_t *ids, size_t n);
int store_project_rows_put(sb_ctx *ctx, const char *rows);
/* A project's version set (a revert that put a project back). */
int store_project_set_version(sb_ctx *ctx, int64_t id, int64_t version);

/* store_calendar.c: calendars and their dated entries */
int store_calendar_insert(sb_ctx *ctx, const struct sb_row_calendar *r, int64_t *id_out);
/* Set a calendar's weekly days off (an edit: its version rises). */
int store_calendar_set_days_off(sb_ctx *ctx, int64_t id, const char *days_off);
/* Raise a calendar's version: one of its entries changed. */
int store_calendar_bump(sb_ctx *ctx, int64_t id);
int store_calendar_day_insert(sb_ctx *ctx, const struct sb_row_calendar_day *r,
    int64_t *id_out);
int store_calendar_day_delete(sb_ctx *ctx, int64_t id);
/*
 * Count the shoot days before each entry of calendar id and mark it
 * counted (share/schema/011-calendar-count.sql).  Every writer above marks
 * its calendar not counted and has sb_commit() count such calendars.
 */
int store_calendar_count(sb_ctx *ctx, int64_t id);
/* A calendar and its entries (a board naming it names none after). */
int store_calendar_delete(sb_ctx *ctx, int64_t id);
/* sb-log revert: days off and ext as they were, a calendar put back with
 * its id, an entry put back with its id from a JSON object. */
int store_calendar_put_days_off(sb_ctx *ctx, int64_t id, const char *days_off, int has_ext,
    const char *ext);
int store_calendar_insert_set(sb_ctx *ctx, int64_t id, const char *set, int64_t version);
int store_calendar_day_insert_json(sb_ctx *ctx, int64_t id, const char *row);
/*
 * A calendar as the audit row of its going keeps it: appends to b
 * "set":{every column [value, null]},"entries":[every entry with its id and
 * version] (no braces around them), and gives its version.  What
 * store_calendar_insert_set() and store_calendar_day_insert_json() put back.
 */
int store_calendar_gone(sb_ctx *ctx, int64_t id, struct sb_buf *b, int64_t *version);

/*
 * Copy a calendar with its entries, under a new uid and name (a board
 * copied with sb-board new --from gets a calendar of its own).
 */
int store_calendar_copy(sb_ctx *ctx, int64_t from, const char *uid, const char *name,
    int64_t *id_out);

/* store_layout.c: boards, lanes, days and placements */
/* Rename a board (its version rises; an imported override of the name goes). */
int store_board_rename(sb_ctx *ctx, int64_t id, const char *name);
/* Raise a board's version (it became, or stopped being, the active one). */
int store_board_bump(sb_ctx *ctx, int64_t id);
/* Delete a board with its lanes, days and placements. */
int store_board_delete(sb_ctx *ctx, int64_t id);
/* A board's lanes, days and placements as JSON (sb-board drop's audit row),
 * and sb-log revert's way back: the board from its row's "set", its layout. */
int store_board_layout_json(sb_ctx *ctx, int64_t board, char **out);
int store_board_insert_set(sb_ctx *ctx, int64_t id, const char *set, int64_t version);
int store_board_layout_put(sb_ctx *ctx, int64_t board, const char *layout);
/* sb-log revert: the keys a respacing of a day's placements (days = 0) or
 * a lane's days (days = 1) replaced, back; changed placements rise. */
int store_respace_back(sb_ctx *ctx, int days, int64_t owner, size_t n, const int64_t *ids,
    const char *const *keys, const int *changed);
/* Copy lane from onto board (uid: the copy's, when the lane had one). */
int store_lane_copy(sb_ctx *ctx, int64_t from, int64_t board, const char *uid,
    int64_t *id_out);
/*
 * Copy the days of lane from into lane to of board (version 1, in their
 * order), then their placements onto the copies (each day's in its
 * order): two statements a lane.
 */
int store_lane_copy_days(sb_ctx *ctx, int64_t from, int64_t board, int64_t to);
int store_board_insert(sb_ctx *ctx, const struct sb_row_board *r, int64_t *id_out);
/*
 * Set the calendar of a board (0: none).  bump: an edit, the board's
 * version rises; an import setting up the board it just wrote does not.
 */
int store_board_set_calendar(sb_ctx *ctx, int64_t id, int64_t calendar, int bump);
int store_lane_insert(sb_ctx *ctx, const struct sb_row_lane *r, int64_t *id_out);
/* The lane is cut into shoot days. */
int store_lane_set_nested(sb_ctx *ctx, int64_t id);
/* Whether the seq of the lane's days is right (see store_day_number()). */
int store_lane_set_ranked(sb_ctx *ctx, int64_t id, int ranked);
int store_day_insert(sb_ctx *ctx, const struct sb_row_day *r, int64_t *id_out);
int store_day_delete(sb_ctx *ctx, int64_t id);
/* Give a day a new position key in its lane (an edit: its version rises). */
int store_day_move(sb_ctx *ctx, int64_t id, const char *pos);
/*
 * Raise a shoot day's version (a strip entered or left it, or its number
 * changed), and keep its number seq (day.seq) when seq > 0; the version it
 * had to *before, -1 when the day is not a shoot day (the list of a
 * boneyard: nothing is written).
 */
int store_day_bump(sb_ctx *ctx, int64_t id, int64_t seq, int64_t *before);
/*
 * Number the shoot days of a lane in order (day.seq), writing only the days
 * whose number changed: one read of the lane, and as many writes as days
 * were renumbered.
 */
int store_day_number(sb_ctx *ctx, int64_t lane);
/* Spread the keys of a lane's days evenly, in their order; no version changes. */
int store_day_respread(sb_ctx *ctx, int64_t lane);
int store_placement_insert(sb_ctx *ctx, const struct sb_row_placement *r,
    int64_t *id_out);
/* Move a placement to a day at a key (an edit: its version rises). */
int store_placement_move(sb_ctx *ctx, int64_t id, int64_t day, const char *pos);
/* Move a placement's key out of the way ('~' and its id) before rekeying. */
int store_placement_park(sb_ctx *ctx, int64_t id);
/* Spread the keys of a day's placements evenly, in their order; no version changes. */
int store_placement_respread(sb_ctx *ctx, int64_t day);

/*
 * A replay (lib/store_replay.c), in a private copy of the database: begin,
 * note the value a column had (json: the before value of an audit row, as
 * JSON; "exists" 0 for a row made after the id; "links" a strip's element
 * links), apply the notes.  store_replay_known() says whether a column can
 * be put back.
 */
int store_replay_known(const char *table, const char *column);
int store_replay_begin(sb_ctx *ctx);
int store_replay_note(sb_ctx *ctx, const char *table, int64_t id, const char *column,
    const char *json);
int store_replay_apply(sb_ctx *ctx);

/*
 * A streaming import's temporary tables (lib/store_import.c): made empty,
 * or dropped (drop set); a breakdown's n element ids (numbered from seq,
 * the j-th at j); the items of a
 * stripboard's list (kind 0 a breakdown id, 1 a day's list of n items,
 * written at its end; 2 any other value as JSON text; n < 0 for 0 and 2);
 * an element record kept until its categories are in.
 */
int store_import_tables(sb_ctx *ctx, int drop);
int store_import_link_add(sb_ctx *ctx, int64_t seq, int64_t strip,
    const char *const *uid, size_t n);
/* the items, n of them, a few a statement */
struct sb_item {
	int64_t seq, d, j, n;   /* n < 0: none */
	int ids, kind;
	const char *text;
};
int store_import_items_add(sb_ctx *ctx, const struct sb_item *it, size_t n);
int store_import_spool_add(sb_ctx *ctx, int64_t i, const char *text);

/*
 * Links of new strips to their distinct elements, n rows of any strips,
 * a few a statement (an import's: a reader keeps them for many strips).
 */
struct sb_link {
	int64_t strip, element, rank;
};
int store_strip_links_insert(sb_ctx *ctx, const struct sb_link *l, size_t n);
/*
 * n placements, a few a statement; *written of them (a strip already on
 * the board, or a position taken, is left out).
 */
int store_placement_insert_many(sb_ctx *ctx, const struct sb_row_placement *r,
    size_t n, int64_t *written);
/* A strip's INT/EXT, day/night, set, location and script day (NULL: none). */
int store_strip_set_fixed(sb_ctx *ctx, int64_t id, const char *const col[5]);

#endif /* STORE_H */
