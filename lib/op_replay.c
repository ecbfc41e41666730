/*
 * op_replay.c - a project as it stood at an audit id, rebuilt from the
 * trail (sb-export --as-of, sb-day list --as-of).
 *
 * Every audit row carries the before values of what it changed
 * (stripboard(5), "Audit changes").  The value a column had at the id is
 * the before value of the first row after the id that changed it, and the
 * column as it is now when none did; a row made after the id was not there.
 * So the trail after the id is read oldest first, each row's before values
 * are noted (the first note of a column wins), and the notes are applied
 * in a private copy of the database (lib/store_replay.c), which the readers
 * then read as they read the file itself: the output is the one they
 * printed then.
 *
 * The trail of a project starts at its last import: an import writes the
 * whole project, and --replace gives the new rows the ids of the old, so
 * nothing before it can be rebuilt.  An id inside a change of several rows
 * (a sort, a day dropped with its strips) is taken to the end of that
 * change: the rows of one transaction share their time, actor and command,
 * and no board ever stood half sorted.  A row of a kind the replay does not
 * know is refused, never skipped: a board shown wrong is worse than none.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sb_priv.h"
#include "store.h"

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* One integer from a query of ?1 (a) and ?2 (text); *have 0 when NULL. */
static int
one_int(sb_ctx *ctx, const char *sql, int64_t a, const char *text, int64_t *out,
    int *have)
{
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	*out = 0;
	*have = 0;
	if (st == NULL)
		return SB_EFAIL;
	if (sb_bind_count(st) >= 1)
		sb_bind_int64(st, 1, a);
	if (sb_bind_count(st) >= 2)
		sb_bind_text(st, 2, text);
	if ((rc = sb_step(st)) == SQLITE_ROW && sb_col_type(st, 0) != SQLITE_NULL) {
		*out = sb_col_int64(st, 0);
		*have = 1;
	}
	sb_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "audit");
}

/* The audit id a --as-of names: an id, or the last change at or before a time. */
static int
resolve(sb_ctx *ctx, const char *when, int64_t *id)
{
	static const char last_sql[] = "SELECT max(id) FROM audit";
	static const char at_sql[] = "SELECT max(id) FROM audit WHERE id > ?1 AND at <= ?2";
	static const char end_sql[] =
	    "SELECT coalesce((SELECT min(b.id) - 1 FROM audit b WHERE b.id > a.id"
	    " AND NOT (b.at = a.at AND b.actor = a.actor AND b.command = a.command)),"
	    " (SELECT max(id) FROM audit)) FROM audit a WHERE a.id = ?1";
	char at[32];
	int64_t last;
	int have, rc;

	if ((rc = one_int(ctx, last_sql, 0, NULL, &last, &have)) != SB_OK)
		return rc;
	if (all_digits(when)) {
		char *end;

		*id = strtoll(when, &end, 10);
		if (*id > last)
			return sb_err(ctx, SB_ENOTFOUND, "as of %s: there is no audit row %s "
			    "(the last is %lld)", when, when, (long long)last);
	} else {
		if (!sb_time_parse(when, at))
			return sb_err(ctx, SB_EUSAGE, "as of \"%s\": neither an audit id nor a "
			    "time (YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM])", when);
		if ((rc = one_int(ctx, at_sql, 0, at, id, &have)) != SB_OK)
			return rc;
		if (!have)
			*id = 0;
	}
	if (*id <= 0)
		return SB_OK;
	/* the end of the change the row belongs to */
	rc = one_int(ctx, end_sql, *id, NULL, &last, &have);
	if (rc == SB_OK && have)
		*id = last;
	return rc;
}

/* Note a column's before value (v: JSON) for table's row id. */
static int
note(sb_ctx *ctx, int64_t audit, const char *table, int64_t id, const char *column,
    json_t *v)
{
	char *text;
	int rc;

	if (!store_replay_known(table, column))
		return sb_err(ctx, SB_EDATA, "audit row %lld changes %s.%s, which the "
		    "trail cannot put back", (long long)audit, table, column);
	if ((text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT)) == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	rc = store_replay_note(ctx, table, id, column, text);
	free(text);
	return rc;
}

static int
note_int(sb_ctx *ctx, int64_t audit, const char *table, int64_t id, const char *column,
    int64_t v)
{
	json_t *j = json_integer(v);
	int rc;

	if (j == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	rc = note(ctx, audit, table, id, column, j);
	json_decref(j);
	return rc;
}

/* The before values of "set" (or "row"): {"column": [before, after], ...}. */
static int
note_pairs(sb_ctx *ctx, int64_t audit, const char *table, int64_t id, json_t *set)
{
	const char *key;
	json_t *pair;

	json_object_foreach(set, key, pair) {
		int rc;

		if (!json_is_array(pair) || json_array_size(pair) != 2)
			return sb_err(ctx, SB_EDATA, "audit row %lld: %s is not a [before, "
			    "after] pair", (long long)audit, key);
		if ((rc = note(ctx, audit, table, id, key, json_array_get(pair, 0))) != SB_OK)
			return rc;
	}
	return SB_OK;
}

/* A respacing: every row's old key and version. */
static int
note_respace(sb_ctx *ctx, int64_t audit, json_t *respace)
{
	const char *table = json_string_value(json_object_get(respace, "table"));
	json_t *rows = json_object_get(respace, "rows"), *r;
	size_t i;
	int rc;

	if (table == NULL || (strcmp(table, "placement") != 0 && strcmp(table, "day") != 0) ||
	    !json_is_array(rows))
		return sb_err(ctx, SB_EDATA, "audit row %lld: a respacing of what?",
		    (long long)audit);
	json_array_foreach(rows, i, r) {
		json_int_t id = json_integer_value(json_array_get(r, 0));

		if (json_array_size(r) != 5)
			return sb_err(ctx, SB_EDATA, "audit row %lld: a respaced row is "
			    "[id, old, new, version_before, version_after]", (long long)audit);
		if ((rc = note(ctx, audit, table, id, "pos", json_array_get(r, 1))) != SB_OK ||
		    (rc = note(ctx, audit, table, id, "version", json_array_get(r, 3))) != SB_OK)
			return rc;
	}
	return SB_OK;
}

/* What undoes one audit row, noted. */
static int
undo_row(sb_ctx *ctx, int64_t audit, const char *entity, int64_t id, int64_t vbefore,
    int64_t vafter, json_t *root)
{
	json_t *set = json_object_get(root, "set");
	int rc;

	if (strcmp(entity, "project") == 0) {
		if (json_object_get(root, "revision") != NULL)
			return SB_OK; /* its strips' rows say what changed */
		if (!json_is_object(set) || vbefore == 0 || vafter == 0)
			return sb_err(ctx, SB_EDATA, "audit row %lld: a change of the "
			    "project itself cannot be undone", (long long)audit);
		/* its active board, say */
	}
	/* who may do what is no part of the board: the rules as they are now apply */
	if (strcmp(entity, "perm") == 0)
		return SB_OK;
	/* rows of a project replaced, kept for the import after them */
	if (strcmp(entity, "kept") == 0)
		return SB_OK;
	if (strcmp(entity, "lane") == 0 && json_is_object(json_object_get(root, "respace")))
		return note_respace(ctx, audit, json_object_get(root, "respace"));
	if (strcmp(entity, "strip") == 0) {
		/* a revision: the columns as stored are under "row" */
		set = json_object_get(root, "row");
		if (vbefore > 0 && !json_is_object(set))
			return sb_err(ctx, SB_EDATA, "audit row %lld: a change of a strip "
			    "written without its columns as stored cannot be undone",
			    (long long)audit);
	} else if (strcmp(entity, "category") == 0 || strcmp(entity, "element") == 0) {
		if (vbefore > 0)
			return sb_err(ctx, SB_EDATA, "audit row %lld: only a new %s can be "
			    "undone", (long long)audit, entity);
		set = NULL; /* made: deleted again */
	}
	if (!store_replay_known(entity, "version") || (set != NULL && !json_is_object(set)))
		return sb_err(ctx, SB_EDATA, "audit row %lld: the trail cannot undo a "
		    "change of %s", (long long)audit, entity);
	if (vbefore == 0 && vafter > 0) /* made after the id: not there then */
		return note_int(ctx, audit, entity, id, "exists", 0);
	if (strcmp(entity, "board") == 0 && vafter == 0)
		return sb_err(ctx, SB_EDATA, "audit row %lld: a board dropped after it "
		    "cannot be put back (its days and strips are not in the trail)",
		    (long long)audit);
	if (vafter == 0 && (rc = note_int(ctx, audit, entity, id, "exists", 1)) != SB_OK)
		return rc;
	if (set != NULL && (rc = note_pairs(ctx, audit, entity, id, set)) != SB_OK)
		return rc;
	return note_int(ctx, audit, entity, id, "version", vbefore);
}

/* Note what undoes every row of the project after the id, oldest first. */
static int
note_trail(sb_ctx *ctx, int64_t project, int64_t after)
{
	static const char sql[] =
	    "SELECT id, entity, entity_id, version_before, version_after, changes"
	    " FROM audit WHERE project_id = ?1 AND id > ?2 ORDER BY id";
	sb_st *st = NULL;
	int rc = SB_OK, step;

	if (sb_prepare(ctx, sql, &st) != SQLITE_OK)
		return sb_sqlerr(ctx, "audit");
	sb_bind_int64(st, 1, project);
	sb_bind_int64(st, 2, after);
	while (rc == SB_OK && (step = sb_step(st)) == SQLITE_ROW) {
		int64_t audit = sb_col_int64(st, 0);
		const char *changes = (const char *)sb_col_text(st, 5);
		json_t *root = changes != NULL ? json_loads(changes, 0, NULL) : NULL;

		if (!json_is_object(root))
			rc = sb_err(ctx, SB_EDATA, "audit row %lld: its changes are not "
			    "JSON: the trail cannot be replayed past it", (long long)audit);
		else
			rc = undo_row(ctx, audit, (const char *)sb_col_text(st, 1),
			    sb_col_int64(st, 2), sb_col_int64(st, 3), sb_col_int64(st, 4),
			    root);
		json_decref(root);
	}
	if (rc == SB_OK && step != SQLITE_DONE)
		rc = sb_sqlerr(ctx, "audit");
	sb_finalize(st);
	return rc;
}

int
sb_as_of(sb_ctx *ctx, int64_t project, const char *when, int64_t *shown)
{
	static const char import_sql[] =
	    "SELECT max(id) FROM audit WHERE project_id = ?1 AND entity = 'project'"
	    " AND entity_id = ?1 AND json_valid(changes) = 1 AND"
	    " json_extract(changes, '$.import') IS NOT NULL";
	static const char last_sql[] = "SELECT max(id) FROM audit WHERE project_id = ?1";
	int64_t id, import, last;
	int have, rc;

	*shown = 0;
	if ((rc = resolve(ctx, when, &id)) != SB_OK ||
	    (rc = one_int(ctx, import_sql, project, NULL, &import, &have)) != SB_OK)
		return rc;
	if (!have)
		return sb_err(ctx, SB_ENOTFOUND, "as of %s: the project has no import in "
		    "the trail to start from", when);
	if (id < import)
		return sb_err(ctx, SB_ENOTFOUND, "as of %s: the trail of the project starts "
		    "at its last import, audit row %lld; nothing before it can be shown",
		    when, (long long)import);
	*shown = id;
	ctx->trail_end = id;
	if ((rc = one_int(ctx, last_sql, project, NULL, &last, &have)) != SB_OK)
		return rc;
	if (id >= last)
		return SB_OK; /* nothing changed since: the project as it is */
	if ((rc = sb_db_private_copy(ctx)) != SB_OK)
		return rc;
	/* a reader from now on: what it could write would go nowhere */
	ctx->readonly = 1;
	if ((rc = store_replay_begin(ctx)) != SB_OK)
		return rc;
	if ((rc = note_trail(ctx, project, id)) != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	return store_replay_apply(ctx);
}
