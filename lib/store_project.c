/*
 * store_project.c - finding the production a command works on, and the
 * writers of its row.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "store.h"

static int cascade(sb_ctx *ctx, const char *table, const char *cond,
    int64_t project_id, int depth);

int
sb_project_find(sb_ctx *ctx, const char *name, int64_t *project_id)
{
	static const char by_name[] = "SELECT id FROM project WHERE name = ?1";
	static const char any[] = "SELECT id FROM project ORDER BY id LIMIT 2";
	sb_st *st = sb_stmt(ctx, name != NULL ? by_name : any);
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	if (name != NULL)
		sb_bind_text(st, 1, name);
	rc = sb_step(st);
	if (rc != SQLITE_ROW)
		sb_reset(st);
	if (rc == SQLITE_DONE) {
		if (name != NULL)
			return sb_err(ctx, SB_ENOTFOUND, "%s: no project called \"%s\"",
			    ctx->path, name);
		return sb_err(ctx, SB_ENOTFOUND, "%s: no project yet (sb-import adds one)",
		    ctx->path);
	}
	if (rc != SQLITE_ROW)
		return sb_sqlerr(ctx, ctx->path);
	*project_id = sb_col_int64(st, 0);
	if (name == NULL) {
		rc = sb_step(st);
		sb_reset(st);
		if (rc == SQLITE_ROW)
			return sb_err(ctx, SB_EUSAGE, "%s: holds several projects; "
			    "name one with --project", ctx->path);
		if (rc != SQLITE_DONE)
			return sb_sqlerr(ctx, ctx->path);
	}
	sb_reset(st);
	return SB_OK;
}

int
store_project_insert(sb_ctx *ctx, const struct sb_row_project *r, int64_t *id_out)
{
	static const char sql[] =
	    "INSERT INTO project (id, name, uid, title, meta, active_board_id,"
	    " created_at, version) VALUES (?1, ?2, ?3, ?4, coalesce(?5, '{}'), ?6, ?7, ?8)";
	/* a new id: the column's own (PostgreSQL's identity does not take NULL) */
	static const char sql_new[] =
	    "INSERT INTO project (name, uid, title, meta, active_board_id,"
	    " created_at, version) VALUES (?2, ?3, ?4, coalesce(?5, '{}'), ?6, ?7, ?8)";
	sb_st *st = sb_stmt(ctx, r->id != 0 ? sql : sql_new);

	if (st == NULL)
		return SB_EFAIL;
	if (r->id != 0)
		sb_bind_int64(st, 1, r->id);
	sb_bind_text(st, 2, r->name);
	sb_bind_text(st, 3, r->uid);
	sb_bind_text(st, 4, r->title);
	sb_bind_text(st, 5, r->meta);
	store_bind_int(st, 6, r->active_board_id != 0, r->active_board_id);
	sb_bind_text(st, 7, r->created_at);
	sb_bind_int64(st, 8, r->version > 0 ? r->version : 1);
	return store_insert_done(ctx, st, "project", id_out);
}

int
store_project_delete(sb_ctx *ctx, int64_t id)
{
	sb_st *st;

	if (ctx->fk_off)
		return cascade(ctx, "project", "id = ?1", id, 0);
	st = sb_stmt(ctx, "DELETE FROM project WHERE id = ?1");
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "replace project");
}

int
store_project_set_header(sb_ctx *ctx, int64_t id, const char *name,
    const char *uid, const char *title, const char *meta)
{
	static const char sql[] = "UPDATE project SET name = ?2, uid = ?3,"
	    " title = ?4, meta = ?5 WHERE id = ?1";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	sb_bind_text(st, 2, name);
	sb_bind_text(st, 3, uid);
	sb_bind_text(st, 4, title);
	sb_bind_text(st, 5, meta);
	return sb_step_done(ctx, st, "project");
}

int
store_project_set_active_board(sb_ctx *ctx, int64_t id, int64_t board)
{
	static const char sql[] = "UPDATE project SET active_board_id = ?1 WHERE id = ?2";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	store_bind_int(st, 1, board != 0, board);
	sb_bind_int64(st, 2, id);
	return sb_step_done(ctx, st, "active board");
}

/* Run one statement of a cascade, ?1 bound to the project's id. */
static int
cascade_run(sb_ctx *ctx, struct sb_buf *sql, int64_t project_id)
{
	sqlite3_stmt *st;
	int rc;

	if (sql->failed)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	if (sqlite3_prepare_v2(ctx->db, sb_buf_str(sql), -1, &st, NULL) != SQLITE_OK)
		return sb_sqlerr(ctx, "replace project");
	sqlite3_bind_int64(st, 1, project_id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "replace project");
}

/*
 * A bulk import runs with SQLite's foreign keys off (lib/op_import.c): it
 * writes only rows whose parents it wrote or found itself, and checking
 * each link cost more than the rest of the insert.  Replacing a project
 * then cannot rely on ON DELETE: do what the schema's foreign keys say,
 * read from the schema itself (so that a table a later migration adds is
 * followed too), children first; strip before element, so that a strip's
 * links go by their primary key.  cond selects the rows of table to go,
 * with ?1 the project's id.
 */
struct kid {
	char *name, *from, *to;
	int set_null;
};

static int
cascade(sb_ctx *ctx, const char *table, const char *cond, int64_t project_id,
    int depth)
{
	static const char kids[] =
	    "SELECT m.name, f.\"from\", coalesce(f.\"to\", 'rowid'), f.on_delete"
	    " FROM sqlite_master m, pragma_foreign_key_list(m.name) f"
	    " WHERE m.type = 'table' AND f.\"table\" = ?1 ORDER BY m.name DESC, f.id";
	struct kid *k = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st = NULL;
	struct sb_buf sql;
	int rc, oom = 0;

	if (depth > 16)
		return sb_err(ctx, SB_EFAIL, "replace project: foreign keys nest "
		    "too deep");
	if (sqlite3_prepare_v2(ctx->db, kids, -1, &st, NULL) != SQLITE_OK)
		return sb_sqlerr(ctx, "replace project");
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *od = (const char *)sqlite3_column_text(st, 3);
		struct kid *p;

		/* NO ACTION and RESTRICT: nothing to do (none in the schema) */
		if (od == NULL || (strcmp(od, "CASCADE") != 0 &&
		    strcmp(od, "SET NULL") != 0))
			continue;
		if (n == cap) {
			p = realloc(k, (cap = cap != 0 ? cap * 2 : 8) * sizeof(*k));
			if (p == NULL) {
				oom = 1;
				break;
			}
			k = p;
		}
		k[n].name = sb_strdup((const char *)sqlite3_column_text(st, 0));
		k[n].from = sb_strdup((const char *)sqlite3_column_text(st, 1));
		k[n].to = sb_strdup((const char *)sqlite3_column_text(st, 2));
		k[n].set_null = strcmp(od, "SET NULL") == 0;
		n++;
		if (k[n - 1].name == NULL || k[n - 1].from == NULL ||
		    k[n - 1].to == NULL) {
			oom = 1;
			break;
		}
	}
	sqlite3_finalize(st);
	if (oom)
		rc = sb_err(ctx, SB_EFAIL, "out of memory");
	else
		rc = rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "replace project");
	sb_buf_init(&sql);
	for (size_t i = 0; i < n && rc == SB_OK; i++) {
		sb_buf_free(&sql);
		sb_buf_init(&sql);
		sb_buf_printf(&sql, "\"%s\" IN (SELECT \"%s\" FROM \"%s\" WHERE %s)",
		    k[i].from, k[i].to, table, cond);
		if (sql.failed) {
			rc = sb_err(ctx, SB_EFAIL, "out of memory");
		} else if (k[i].set_null) {
			struct sb_buf upd;

			sb_buf_init(&upd);
			sb_buf_printf(&upd, "UPDATE \"%s\" SET \"%s\" = NULL WHERE %s",
			    k[i].name, k[i].from, sb_buf_str(&sql));
			rc = cascade_run(ctx, &upd, project_id);
			sb_buf_free(&upd);
		} else if (strcmp(k[i].name, table) != 0) {
			rc = cascade(ctx, k[i].name, sb_buf_str(&sql), project_id,
			    depth + 1);
		}
	}
	if (rc == SB_OK) {
		sb_buf_free(&sql);
		sb_buf_init(&sql);
		sb_buf_printf(&sql, "DELETE FROM \"%s\" WHERE %s", table, cond);
		rc = cascade_run(ctx, &sql, project_id);
	}
	sb_buf_free(&sql);
	for (size_t i = 0; i < n; i++) {
		free(k[i].name);
		free(k[i].from);
		free(k[i].to);
	}
	free(k);
	return rc;
}

/*
 * A project's rows, every table of them (sb-import --replace keeps them in
 * its audit row, so that sb-log revert can put the project back).  The
 * tables are found in the schema as cascade() finds them: those that hang
 * off project through ON DELETE CASCADE foreign keys, followed from it, so
 * a table a later migration adds is kept too.  Parents come before their
 * children (every foreign key among them), and each table has the
 * condition that picks the project's rows (?1 its id): one of its parents'
 * rows, by any of its cascading keys.  On both engines: the tables, their
 * foreign keys and their columns are read from the engine's own catalog
 * (SQLite's sqlite_master and pragmas, PostgreSQL's pg_class,
 * pg_constraint and pg_attribute, in the schema the connection works in).
 */
struct ptable {
	char *name, *cond;
	int in, done;
};

struct pkey {
	char *child, *from, *parent, *to;
	int cascade;
};

/* The tables of the schema, by name. */
static const char tables_lite[] = "SELECT name FROM sqlite_master WHERE type = 'table'"
    " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
static const char tables_pg[] = "SELECT c.relname FROM pg_catalog.pg_class c"
    " WHERE c.relkind IN ('r', 'p') AND c.relnamespace ="
    " CAST(current_schema() AS regnamespace) ORDER BY c.relname";
/*
 * Every foreign key, a row a column: the child table, its column, the
 * parent table, its column, and 'CASCADE' when the child's rows go with
 * the parent's (ON DELETE CASCADE).
 */
static const char keys_lite[] =
    "SELECT m.name, f.\"from\", f.\"table\", coalesce(f.\"to\", 'rowid'),"
    " f.on_delete FROM sqlite_master m, pragma_foreign_key_list(m.name) f"
    " WHERE m.type = 'table' ORDER BY m.name, f.id";
static const char keys_pg[] =
    "SELECT c.relname, a.attname, p.relname, pa.attname,"
    " CASE k.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL'"
    " ELSE 'NO ACTION' END"
    " FROM pg_catalog.pg_constraint k"
    " JOIN pg_catalog.pg_class c ON c.oid = k.conrelid"
    " JOIN pg_catalog.pg_class p ON p.oid = k.confrelid"
    " CROSS JOIN LATERAL unnest(k.conkey, k.confkey) WITH ORDINALITY AS u(ck, pk, n)"
    " JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.ck"
    " JOIN pg_catalog.pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = u.pk"
    " WHERE k.contype = 'f' AND c.relnamespace = CAST(current_schema() AS regnamespace)"
    " ORDER BY c.relname, k.conname, u.n";
/*
 * A table's columns in order; with ?2, the one so named.  The second
 * column is the type PostgreSQL casts a kept value to when it is put back
 * (SQLite takes the value as it is).
 */
static const char cols_lite[] = "SELECT name, '' FROM pragma_table_info(?1)"
    " WHERE ?2 IS NULL OR name = ?2 ORDER BY cid";
static const char cols_pg[] =
    "SELECT a.attname, format_type(a.atttypid, a.atttypmod)"
    " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
    " WHERE c.relname = ?1 AND c.relnamespace = CAST(current_schema() AS regnamespace)"
    " AND a.attnum > 0 AND NOT a.attisdropped AND (?2 = '' OR a.attname = ?2)"
    " ORDER BY a.attnum";

static void
ptables_free(struct ptable *t, size_t nt, struct pkey *k, size_t nk)
{
	for (size_t i = 0; i < nt; i++) {
		free(t[i].name);
		free(t[i].cond);
	}
	for (size_t i = 0; i < nk; i++) {
		free(k[i].child);
		free(k[i].from);
		free(k[i].parent);
		free(k[i].to);
	}
	free(t);
	free(k);
}

static int
ptable_of(const struct ptable *t, size_t nt, const char *name)
{
	for (size_t i = 0; i < nt; i++)
		if (strcmp(t[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Column col of the row as a copy ("" for NULL); NULL when out of memory. */
static char *
col_dup(sb_st *st, int col)
{
	const unsigned char *s = sb_col_text(st, col);

	return sb_strdup(s != NULL ? (const char *)s : "");
}

/* The schema's tables and foreign keys, from the engine's catalog. */
static int
schema_read(sb_ctx *ctx, struct ptable **tables, size_t *ntables,
    struct pkey **keys, size_t *nkeys)
{
	struct ptable *t = NULL;
	struct pkey *k = NULL;
	size_t nt = 0, nk = 0;
	sb_st *st;
	int rc, oom = 0;

	if (sb_prepare(ctx, ctx->pg != NULL ? tables_pg : tables_lite, &st) != SQLITE_OK)
		return sb_sqlerr(ctx, "project rows");
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		void *p = realloc(t, (nt + 1) * sizeof(*t));

		if (p == NULL) {
			oom = 1;
			break;
		}
		t = p;
		memset(&t[nt], 0, sizeof(*t));
		if ((t[nt++].name = col_dup(st, 0)) == NULL) {
			oom = 1;
			break;
		}
	}
	sb_finalize(st);
	if (!oom && rc != SQLITE_DONE) {
		ptables_free(t, nt, k, nk);
		return sb_sqlerr(ctx, "project rows");
	}
	if (!oom && sb_prepare(ctx, ctx->pg != NULL ? keys_pg : keys_lite, &st) !=
	    SQLITE_OK) {
		ptables_free(t, nt, k, nk);
		return sb_sqlerr(ctx, "project rows");
	}
	while (!oom && (rc = sb_step(st)) == SQLITE_ROW) {
		void *p = realloc(k, (nk + 1) * sizeof(*k));
		const unsigned char *od = sb_col_text(st, 4);

		if (p == NULL) {
			oom = 1;
			break;
		}
		k = p;
		memset(&k[nk], 0, sizeof(*k));
		k[nk].child = col_dup(st, 0);
		k[nk].from = col_dup(st, 1);
		k[nk].parent = col_dup(st, 2);
		k[nk].to = col_dup(st, 3);
		k[nk].cascade = od != NULL && strcmp((const char *)od, "CASCADE") == 0;
		if (k[nk].child == NULL || k[nk].from == NULL || k[nk].parent == NULL ||
		    k[nk++].to == NULL)
			oom = 1;
	}
	if (!oom || nk > 0 || nt > 0)
		sb_finalize(st);
	if (oom) {
		ptables_free(t, nt, k, nk);
		return sb_err(ctx, SB_EFAIL, "out of memory");
	}
	if (rc != SQLITE_DONE) {
		ptables_free(t, nt, k, nk);
		return sb_sqlerr(ctx, "project rows");
	}
	*tables = t;
	*ntables = nt;
	*keys = k;
	*nkeys = nk;
	return SB_OK;
}

/* The tables of a project, in order (*order: indexes into *tables). */
static int
project_tables(sb_ctx *ctx, struct ptable **tables, size_t *ntables, size_t **order,
    size_t *norder, struct pkey **keys, size_t *nkeys)
{
	struct ptable *t = NULL;
	struct pkey *k = NULL;
	size_t nt = 0, nk = 0, *ord = NULL, no = 0;
	int rc, changed;

	*tables = NULL;
	*keys = NULL;
	*order = NULL;
	*ntables = *nkeys = *norder = 0;
	if ((rc = schema_read(ctx, &t, &nt, &k, &nk)) != SB_OK)
		return rc;
	/* the tables of the project: project, and what cascades from them */
	{
		int p = ptable_of(t, nt, "project");

		if (p < 0) {
			ptables_free(t, nt, k, nk);
			return sb_err(ctx, SB_EFAIL, "project rows: no project table");
		}
		t[p].in = 1;
	}
	do {
		changed = 0;
		for (size_t i = 0; i < nk; i++) {
			int c = ptable_of(t, nt, k[i].child), p = ptable_of(t, nt, k[i].parent);

			if (k[i].cascade && c >= 0 && p >= 0 && t[p].in && !t[c].in)
				changed = t[c].in = 1;
		}
	} while (changed);
	/* parents first: each table once all its parents among them are placed */
	if ((ord = calloc(nt, sizeof(*ord))) == NULL) {
		ptables_free(t, nt, k, nk);
		return sb_err(ctx, SB_EFAIL, "out of memory");
	}
	do {
		changed = 0;
		for (size_t i = 0; i < nt; i++) {
			struct sb_buf cond;
			int ready = t[i].in && !t[i].done;

			for (size_t j = 0; j < nk && ready; j++) {
				int p = ptable_of(t, nt, k[j].parent);

				if (strcmp(k[j].child, t[i].name) == 0 && p >= 0 && t[p].in &&
				    p != (int)i && !t[p].done)
					ready = 0;
			}
			if (!ready)
				continue;
			sb_buf_init(&cond);
			if (strcmp(t[i].name, "project") == 0)
				sb_buf_puts(&cond, "id = ?1");
			for (size_t j = 0; j < nk; j++) {
				int p = ptable_of(t, nt, k[j].parent);

				if (strcmp(k[j].child, t[i].name) != 0 || !k[j].cascade ||
				    p < 0 || !t[p].in || p == (int)i)
					continue;
				sb_buf_printf(&cond, "%s\"%s\" IN (SELECT \"%s\" FROM \"%s\""
				    " WHERE %s)", cond.len > 0 ? " OR " : "", k[j].from,
				    k[j].to, k[j].parent, t[p].cond);
			}
			if (cond.failed || (t[i].cond = sb_strdup(sb_buf_str(&cond))) == NULL) {
				sb_buf_free(&cond);
				free(ord);
				ptables_free(t, nt, k, nk);
				return sb_err(ctx, SB_EFAIL, "out of memory");
			}
			sb_buf_free(&cond);
			t[i].done = 1;
			ord[no++] = i;
			changed = 1;
		}
	} while (changed);
	for (size_t i = 0; i < nt; i++)
		if (t[i].in && !t[i].done) {
			free(ord);
			ptables_free(t, nt, k, nk);
			return sb_err(ctx, SB_EFAIL, "project rows: the foreign keys of %s "
			    "go round in a circle", t[i].name);
		}
	*tables = t;
	*ntables = nt;
	*keys = k;
	*nkeys = nk;
	*order = ord;
	*norder = no;
	return SB_OK;
}

/*
 * The columns of a table: quoted, in order ("c1", "c2"...), or as literals
 * ('c1', 'c2'...) when pairs is 1.
 */
static int
columns_of(sb_ctx *ctx, const char *table, int pairs, struct sb_buf *b)
{
	sb_st *st;
	int rc, n = 0;

	if (sb_prepare(ctx, ctx->pg != NULL ? cols_pg : cols_lite, &st) != SQLITE_OK)
		return sb_sqlerr(ctx, "project rows");
	sb_bind_text(st, 1, table);
	if (ctx->pg != NULL)
		sb_bind_text(st, 2, "");
	else
		sb_bind_null(st, 2);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		const char *c = (const char *)sb_col_text(st, 0);

		if (c == NULL || strchr(c, '"') != NULL || strchr(c, '\'') != NULL) {
			sb_finalize(st);
			return sb_err(ctx, SB_EFAIL, "project rows: %s has a column named "
			    "with a quote", table);
		}
		if (pairs == 1)
			sb_buf_printf(b, "%s'%s'", n++ ? ", " : "", c);
		else
			sb_buf_printf(b, "%s\"%s\"", n++ ? ", " : "", c);
	}
	sb_finalize(st);
	if (rc != SQLITE_DONE)
		return sb_sqlerr(ctx, "project rows");
	return b->failed ? sb_err(ctx, SB_EFAIL, "out of memory") : SB_OK;
}

int
store_project_rows_json(sb_ctx *ctx, int64_t project, struct sb_buf *b)
{
	struct ptable *t;
	struct pkey *k;
	size_t nt, nk, *ord, no;
	/* a table's column names, then its rows, each a JSON array */
	const char *arr = ctx->pg != NULL ? "json_build_array(" : "json_array(";
	const char *agg = ctx->pg != NULL ? "), coalesce(json_agg(json_build_array(" :
	    "), json_group_array(json_array(";
	const char *end = ctx->pg != NULL ? ")), '[]')" : "))";
	int rc;

	if ((rc = project_tables(ctx, &t, &nt, &ord, &no, &k, &nk)) != SB_OK)
		return rc;
	sb_buf_puts(b, "{");
	for (size_t i = 0; i < no && rc == SB_OK; i++) {
		const struct ptable *p = &t[ord[i]];
		struct sb_buf sql;
		sb_st *st;
		int step;

		sb_buf_init(&sql);
		sb_buf_puts(&sql, "SELECT ");
		sb_buf_puts(&sql, arr);
		if ((rc = columns_of(ctx, p->name, 1, &sql)) == SB_OK) {
			sb_buf_puts(&sql, agg);
			rc = columns_of(ctx, p->name, 0, &sql);
			sb_buf_printf(&sql, "%s FROM \"%s\" WHERE %s", end, p->name, p->cond);
			if (rc == SB_OK && sql.failed)
				rc = sb_err(ctx, SB_EFAIL, "out of memory");
		}
		if (rc == SB_OK && sb_prepare(ctx, sb_buf_str(&sql), &st) != SQLITE_OK)
			rc = sb_sqlerr(ctx, "project rows");
		sb_buf_free(&sql);
		if (rc != SB_OK)
			break;
		sb_bind_int64(st, 1, project);
		if ((step = sb_step(st)) == SQLITE_ROW) {
			/* "table":{"columns":[names],"rows":[[values]...]} */
			sb_buf_printf(b, "%s\"%s\":{\"columns\":", i > 0 ? "," : "", p->name);
			sb_buf_add(b, (const char *)sb_col_text(st, 0),
			    (size_t)sb_col_bytes(st, 0));
			sb_buf_puts(b, ",\"rows\":");
			sb_buf_add(b, (const char *)sb_col_text(st, 1),
			    (size_t)sb_col_bytes(st, 1));
			sb_buf_puts(b, "}");
		} else {
			rc = step == SQLITE_DONE ? sb_err(ctx, SB_EFAIL, "project rows: %s: "
			    "no row", p->name) : sb_sqlerr(ctx, "project rows");
		}
		sb_finalize(st);
	}
	sb_buf_puts(b, "}");
	free(ord);
	ptables_free(t, nt, k, nk);
	if (rc == SB_OK && b->failed)
		rc = sb_err(ctx, SB_EFAIL, "out of memory");
	return rc;
}

/*
 * The INSERT of a table's rows kept as [values] in the order of the
 * column names cols (a JSON array), each a column the table has: on
 * PostgreSQL each value cast to its column's type.
 */
static int
insert_of(sb_ctx *ctx, const char *table, const char *cols, struct sb_buf *sql)
{
	sb_st *st, *has;
	struct sb_buf sel;
	int rc = SB_OK, step, n = 0;

	if (sb_prepare(ctx, ctx->pg != NULL ? "SELECT value FROM"
	    " json_array_elements_text(CAST(?1 AS json))" :
	    "SELECT value FROM json_each(?1)", &st) != SQLITE_OK)
		return sb_sqlerr(ctx, "project rows");
	if (sb_prepare(ctx, ctx->pg != NULL ? cols_pg : cols_lite, &has) != SQLITE_OK) {
		sb_finalize(st);
		return sb_sqlerr(ctx, "project rows");
	}
	sb_bind_text(st, 1, cols);
	sb_buf_init(&sel);
	sb_buf_printf(sql, "INSERT INTO \"%s\" (", table);
	while (rc == SB_OK && (step = sb_step(st)) == SQLITE_ROW) {
		const char *c = (const char *)sb_col_text(st, 0);
		const char *type;

		sb_bind_text(has, 1, table);
		sb_bind_text(has, 2, c != NULL ? c : "");
		if (c == NULL || sb_step(has) != SQLITE_ROW || strchr(c, '"') != NULL) {
			rc = sb_err(ctx, SB_EDATA, "the rows kept of %s name a column %s it "
			    "does not have", table, c != NULL ? c : "");
		} else if (ctx->pg != NULL) {
			type = (const char *)sb_col_text(has, 1);
			sb_buf_printf(&sel, "%sCAST(value->>%d AS %s)", n > 0 ? ", " : "", n,
			    type != NULL ? type : "text");
		} else {
			sb_buf_printf(&sel, "%sjson_extract(value, '$[%d]')", n > 0 ? ", " : "",
			    n);
		}
		sb_reset(has);
		sb_buf_printf(sql, "%s\"%s\"", n > 0 ? ", " : "", c != NULL ? c : "");
		n++;
	}
	if (rc == SB_OK && step != SQLITE_DONE)
		rc = sb_sqlerr(ctx, "project rows");
	sb_finalize(st);
	sb_finalize(has);
	if (rc == SB_OK && n == 0)
		rc = sb_err(ctx, SB_EDATA, "the rows kept of %s name no column", table);
	sb_buf_puts(sql, ") SELECT ");
	sb_buf_add(sql, sb_buf_str(&sel), sel.len);
	sb_buf_puts(sql, ctx->pg != NULL ? " FROM json_array_elements(CAST(?1 AS json))"
	    " AS r(value)" : " FROM json_each(?1)");
	if (rc == SB_OK && (sel.failed || sql->failed))
		rc = sb_err(ctx, SB_EFAIL, "out of memory");
	sb_buf_free(&sel);
	return rc;
}

int
store_project_rows_put(sb_ctx *ctx, const char *rows)
{
	struct ptable *t;
	struct pkey *k;
	size_t nt, nk, *ord, no;
	char **cols, **vals;
	sb_st *st;
	int rc, step;

	if ((rc = project_tables(ctx, &t, &nt, &ord, &no, &k, &nk)) != SB_OK)
		return rc;
	cols = calloc(nt, sizeof(*cols));
	vals = calloc(nt, sizeof(*vals));
	if (cols == NULL || vals == NULL) {
		free(cols);
		free(vals);
		free(ord);
		ptables_free(t, nt, k, nk);
		return sb_err(ctx, SB_EFAIL, "out of memory");
	}
	/* each table's columns and rows, the document read once */
	if (sb_prepare(ctx, ctx->pg != NULL ? "SELECT key, CAST(value->'columns' AS text),"
	    " CAST(value->'rows' AS text), json_typeof(value->'columns'),"
	    " json_typeof(value->'rows') FROM json_each(CAST(?1 AS json))" :
	    "SELECT key, json_extract(value, '$.columns'), json_extract(value, '$.rows'),"
	    " json_type(value, '$.columns'), json_type(value, '$.rows')"
	    " FROM json_each(?1)", &st) != SQLITE_OK)
		rc = sb_sqlerr(ctx, "project rows");
	else {
		sb_bind_text_static(st, 1, rows);
		while (rc == SB_OK && (step = sb_step(st)) == SQLITE_ROW) {
			const char *name = (const char *)sb_col_text(st, 0);
			const char *tc = (const char *)sb_col_text(st, 3);
			const char *tr = (const char *)sb_col_text(st, 4);
			int i = name != NULL ? ptable_of(t, nt, name) : -1;

			if (i < 0 || !t[i].in || cols[i] != NULL || tc == NULL || tr == NULL ||
			    strcmp(tc, "array") != 0 || strcmp(tr, "array") != 0)
				rc = sb_err(ctx, SB_EDATA, "the rows kept of table %s are not "
				    "rows of a project this database has", name != NULL ? name : "");
			else if ((cols[i] = col_dup(st, 1)) == NULL || (vals[i] =
			    col_dup(st, 2)) == NULL)
				rc = sb_err(ctx, SB_EFAIL, "out of memory");
		}
		if (rc == SB_OK && step != SQLITE_DONE)
			rc = sb_sqlerr(ctx, "project rows");
		sb_finalize(st);
	}
	/* parents first */
	for (size_t i = 0; i < no && rc == SB_OK; i++) {
		const struct ptable *p = &t[ord[i]];
		struct sb_buf sql;

		if (cols[ord[i]] == NULL)
			continue;
		sb_buf_init(&sql);
		if ((rc = insert_of(ctx, p->name, cols[ord[i]], &sql)) == SB_OK &&
		    sb_prepare(ctx, sb_buf_str(&sql), &st) != SQLITE_OK)
			rc = sb_sqlerr(ctx, "project rows");
		sb_buf_free(&sql);
		if (rc != SB_OK)
			break;
		sb_bind_text_static(st, 1, vals[ord[i]]);
		if ((step = sb_step(st)) != SQLITE_DONE)
			rc = sb_sqlerr(ctx, p->name);
		sb_finalize(st);
		free(vals[ord[i]]);
		vals[ord[i]] = NULL;
	}
	for (size_t i = 0; i < nt; i++) {
		free(cols[i]);
		free(vals[i]);
	}
	free(cols);
	free(vals);
	free(ord);
	ptables_free(t, nt, k, nk);
	return rc;
}

int
store_project_set_version(sb_ctx *ctx, int64_t id, int64_t version)
{
	sb_st *st = sb_stmt(ctx, "UPDATE project SET version = ?2 WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	sb_bind_int64(st, 2, version);
	return sb_step_done(ctx, st, "project");
}
