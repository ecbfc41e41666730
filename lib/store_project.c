/*
 * store_project.c - finding the production a command works on, and the
 * writers of its row.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

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
 * The columns of a table: quoted, in order ("c1", "c2"...), or as JSON
 * strings ("c1","c2"...) when json is 1.
 */
static int
columns_of(sb_ctx *ctx, const char *table, int json, struct sb_buf *b)
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
		if (json)
			sb_buf_printf(b, "%s\"%s\"", n++ ? "," : "", c);
		else
			sb_buf_printf(b, "%s\"%s\"", n++ ? ", " : "", c);
	}
	sb_finalize(st);
	if (rc != SQLITE_DONE)
		return sb_sqlerr(ctx, "project rows");
	return b->failed ? sb_err(ctx, SB_EFAIL, "out of memory") : SB_OK;
}

/*
 * The kept rows are written as audit rows of their own, entity "kept"
 * (project_id and entity_id the project, both versions its version then),
 * each at most about KEPT_CHUNK bytes of JSON:
 *   {"kept":{"part":N,"rows":{"table":{"columns":[names],"rows":[[values]...]}...}}}
 * tables parents first, a table's rows continued in the next part when
 * one fills.  Each is a row of the trail like any other (its hash
 * chained, sb-log --verify), so neither the writer nor the revert holds
 * more than one part in memory.
 */
#define KEPT_CHUNK (1024 * 1024)

static int
kept_flush(sb_ctx *ctx, int64_t project, int64_t version, struct sb_buf *b,
    struct sb_buf *ids, int *part)
{
	int64_t id;
	int rc;

	sb_buf_puts(b, "}}}");
	if (b->failed)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	if ((rc = sb_audit_id(ctx, project, "kept", project, version, version,
	    sb_buf_str(b), &id)) != SB_OK)
		return rc;
	sb_buf_printf(ids, "%s%lld", *part > 1 ? "," : "", (long long)id);
	b->len = 0;
	b->data[0] = '\0';
	(*part)++;
	return SB_OK;
}

int
store_project_keep(sb_ctx *ctx, int64_t project, int64_t version, struct sb_buf *ids)
{
	struct ptable *t;
	struct pkey *k;
	size_t nt, nk, *ord, no;
	struct sb_buf b;
	int rc, part = 1, open = 0, ntab = 0; /* open: a part begun, of ntab tables */

	if ((rc = project_tables(ctx, &t, &nt, &ord, &no, &k, &nk)) != SB_OK)
		return rc;
	sb_buf_init(&b);
	sb_buf_puts(ids, "[");
	for (size_t i = 0; i < no && rc == SB_OK; i++) {
		const struct ptable *p = &t[ord[i]];
		struct sb_buf sql, names;
		sb_st *st = NULL;
		int step, in_table = 0;

		sb_buf_init(&sql);
		sb_buf_init(&names);
		sb_buf_puts(&sql, ctx->pg != NULL ? "SELECT json_build_array(" :
		    "SELECT json_array(");
		if ((rc = columns_of(ctx, p->name, 0, &sql)) == SB_OK &&
		    (rc = columns_of(ctx, p->name, 1, &names)) == SB_OK) {
			sb_buf_printf(&sql, ") FROM \"%s\" WHERE %s", p->name, p->cond);
			if (sql.failed || names.failed)
				rc = sb_err(ctx, SB_EFAIL, "out of memory");
		}
		if (rc == SB_OK && sb_prepare(ctx, sb_buf_str(&sql), &st) != SQLITE_OK)
			rc = sb_sqlerr(ctx, "project rows");
		sb_buf_free(&sql);
		if (rc != SB_OK) {
			sb_buf_free(&names);
			break;
		}
		sb_stream(st, 1000);
		sb_bind_int64(st, 1, project);
		while (rc == SB_OK && (step = sb_step(st)) == SQLITE_ROW) {
			if (!open) {
				sb_buf_printf(&b, "{\"kept\":{\"part\":%d,\"rows\":{", part);
				open = 1;
				ntab = 0;
			}
			if (!in_table) {
				sb_buf_printf(&b, "%s\"%s\":{\"columns\":[", ntab++ > 0 ?
				    "," : "", p->name);
				sb_buf_add(&b, sb_buf_str(&names), names.len);
				sb_buf_puts(&b, "],\"rows\":[");
				in_table = 1;
			} else {
				sb_buf_puts(&b, ",");
			}
			sb_buf_add(&b, (const char *)sb_col_text(st, 0),
			    (size_t)sb_col_bytes(st, 0));
			if (b.len >= KEPT_CHUNK) {
				sb_buf_puts(&b, "]}");
				in_table = open = 0;
				rc = kept_flush(ctx, project, version, &b, ids, &part);
			}
		}
		if (rc == SB_OK && step != SQLITE_DONE)
			rc = sb_sqlerr(ctx, "project rows");
		if (in_table)
			sb_buf_puts(&b, "]}");
		sb_finalize(st);
		sb_buf_free(&names);
	}
	/* the last part (the project's own row is always there: one at least) */
	if (rc == SB_OK && open)
		rc = kept_flush(ctx, project, version, &b, ids, &part);
	sb_buf_puts(ids, "]");
	sb_buf_free(&b);
	free(ord);
	ptables_free(t, nt, k, nk);
	if (rc == SB_OK && ids->failed)
		rc = sb_err(ctx, SB_EFAIL, "out of memory");
	return rc;
}

/*
 * Putting kept rows back: one INSERT a table, prepared when its first
 * rows come, for the columns they name (each one the table has now), the
 * values bound one by one from the parsed part.
 */
struct store_kept {
	struct ptable *t;
	struct pkey *k;
	size_t nt, nk, *ord, no;
	sb_st **ins;      /* by table: its INSERT, once prepared */
	char **cols;      /* by table: the column names it was prepared for */
};

static void
kept_close(struct store_kept *kp)
{
	if (kp == NULL)
		return;
	for (size_t i = 0; i < kp->nt; i++) {
		if (kp->ins != NULL && kp->ins[i] != NULL)
			sb_finalize(kp->ins[i]);
		if (kp->cols != NULL)
			free(kp->cols[i]);
	}
	free(kp->ins);
	free(kp->cols);
	free(kp->ord);
	ptables_free(kp->t, kp->nt, kp->k, kp->nk);
	free(kp);
}

static int
kept_open(sb_ctx *ctx, struct store_kept **out)
{
	struct store_kept *kp = calloc(1, sizeof(*kp));
	int rc;

	*out = NULL;
	if (kp == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	if ((rc = project_tables(ctx, &kp->t, &kp->nt, &kp->ord, &kp->no, &kp->k,
	    &kp->nk)) != SB_OK) {
		free(kp);
		return rc;
	}
	kp->ins = calloc(kp->nt, sizeof(*kp->ins));
	kp->cols = calloc(kp->nt, sizeof(*kp->cols));
	if (kp->ins == NULL || kp->cols == NULL) {
		kept_close(kp);
		return sb_err(ctx, SB_EFAIL, "out of memory");
	}
	*out = kp;
	return SB_OK;
}

/*
 * Whether table has column name, and its type for a cast on PostgreSQL
 * (type[0] 0 on SQLite, which takes a value as it is).
 */
static int
column_type(sb_ctx *ctx, const char *table, const char *name, int *has, char *type,
    size_t size)
{
	sb_st *st;
	int rc;

	*has = 0;
	type[0] = '\0';
	if (sb_prepare(ctx, ctx->pg != NULL ? cols_pg : cols_lite, &st) != SQLITE_OK)
		return sb_sqlerr(ctx, "project rows");
	sb_bind_text(st, 1, table);
	sb_bind_text(st, 2, name);
	if ((rc = sb_step(st)) == SQLITE_ROW) {
		*has = 1;
		if (ctx->pg != NULL && sb_col_text(st, 1) != NULL)
			snprintf(type, size, "%s", (const char *)sb_col_text(st, 1));
	}
	sb_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "project rows");
}

/* The INSERT of table i for the kept column names cols, each one it has. */
static int
kept_insert(sb_ctx *ctx, struct store_kept *kp, size_t i, json_t *cols)
{
	const char *table = kp->t[i].name;
	struct sb_buf sql, vals;
	size_t n = json_array_size(cols);
	char *text, type[128];
	int rc = SB_OK, has;

	if ((text = json_dumps(cols, JSON_COMPACT)) == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	if (kp->cols[i] != NULL) {
		/* a later part of the same table: the same columns */
		rc = strcmp(kp->cols[i], text) == 0 ? SB_OK : sb_err(ctx, SB_EDATA,
		    "the rows kept of %s name other columns from one part to the next",
		    table);
		free(text);
		return rc;
	}
	kp->cols[i] = text;
	if (n == 0)
		return sb_err(ctx, SB_EDATA, "the rows kept of %s name no column", table);
	sb_buf_init(&sql);
	sb_buf_init(&vals);
	sb_buf_printf(&sql, "INSERT INTO \"%s\" (", table);
	for (size_t c = 0; c < n && rc == SB_OK; c++) {
		const char *name = json_string_value(json_array_get(cols, c));

		if (name != NULL && strchr(name, '"') == NULL &&
		    (rc = column_type(ctx, table, name, &has, type, sizeof(type))) != SB_OK)
			break;
		if (name == NULL || strchr(name, '"') != NULL || !has) {
			rc = sb_err(ctx, SB_EDATA, "the rows kept of %s name a column %s it "
			    "does not have", table, name != NULL ? name : "");
			break;
		}
		sb_buf_printf(&sql, "%s\"%s\"", c > 0 ? ", " : "", name);
		/* a server types a parameter from its value: the column's type */
		if (type[0] != '\0')
			sb_buf_printf(&vals, "%sCAST(?%zu AS %s)", c > 0 ? ", " : "", c + 1,
			    type);
		else
			sb_buf_printf(&vals, "%s?%zu", c > 0 ? ", " : "", c + 1);
	}
	sb_buf_puts(&sql, ") VALUES (");
	sb_buf_add(&sql, sb_buf_str(&vals), vals.len);
	sb_buf_puts(&sql, ")");
	if (rc == SB_OK && (sql.failed || vals.failed))
		rc = sb_err(ctx, SB_EFAIL, "out of memory");
	if (rc == SB_OK && sb_prepare(ctx, sb_buf_str(&sql), &kp->ins[i]) != SQLITE_OK) {
		kp->ins[i] = NULL;
		rc = sb_sqlerr(ctx, "project rows");
	}
	sb_buf_free(&vals);
	sb_buf_free(&sql);
	return rc;
}

/* One table's rows ([[values]...], in the order of cols) inserted. */
static int
kept_rows(sb_ctx *ctx, struct store_kept *kp, size_t i, json_t *cols, json_t *rows)
{
	size_t n = json_array_size(cols), r;
	json_t *row;
	int rc;

	if (!json_is_array(cols) || !json_is_array(rows))
		return sb_err(ctx, SB_EDATA, "the rows kept of %s are not columns and "
		    "rows", kp->t[i].name);
	if ((rc = kept_insert(ctx, kp, i, cols)) != SB_OK)
		return rc;
	json_array_foreach(rows, r, row) {
		sb_st *st = kp->ins[i];
		int step;

		if (!json_is_array(row) || json_array_size(row) != n)
			return sb_err(ctx, SB_EDATA, "a row kept of %s has not one value a "
			    "column", kp->t[i].name);
		for (size_t c = 0; c < n; c++)
			if (store_bind_json(st, (int)c + 1, json_array_get(row, c)) != SQLITE_OK)
				return sb_err(ctx, SB_EFAIL, "out of memory");
		step = sb_step(st);
		if (step != SQLITE_DONE) {
			rc = sb_sqlerr(ctx, kp->t[i].name);
			sb_reset(st);
			return rc;
		}
		sb_reset(st);
	}
	return SB_OK;
}

/* Tables of one part ({"table":{"columns":...,"rows":...}...}), parents first. */
static int
kept_tables(sb_ctx *ctx, struct store_kept *kp, json_t *tables)
{
	const char *name;
	json_t *v;
	int rc = SB_OK;

	if (!json_is_object(tables))
		return sb_err(ctx, SB_EDATA, "the rows kept are not an object of tables");
	json_object_foreach(tables, name, v) {
		int i = ptable_of(kp->t, kp->nt, name);

		if (i < 0 || !kp->t[i].in)
			return sb_err(ctx, SB_EDATA, "the rows kept of table %s are not "
			    "rows of a project this file has", name);
	}
	for (size_t o = 0; o < kp->no && rc == SB_OK; o++) {
		json_t *tb = json_object_get(tables, kp->t[kp->ord[o]].name);

		if (tb != NULL)
			rc = kept_rows(ctx, kp, kp->ord[o], json_object_get(tb, "columns"),
			    json_object_get(tb, "rows"));
	}
	return rc;
}

int
store_project_put_kept(sb_ctx *ctx, int64_t project, const int64_t *ids, size_t n)
{
	static const char part_sql[] = "SELECT changes FROM audit WHERE id = ?1 AND"
	    " entity = 'kept' AND project_id = ?2";
	struct store_kept *kp;
	int rc;

	if ((rc = kept_open(ctx, &kp)) != SB_OK)
		return rc;
	for (size_t i = 0; i < n && rc == SB_OK; i++) {
		sb_st *st = sb_stmt(ctx, part_sql);
		json_t *root = NULL;
		int step;

		if (st == NULL) {
			rc = SB_EFAIL;
			break;
		}
		sb_bind_int64(st, 1, ids[i]);
		sb_bind_int64(st, 2, project);
		if ((step = sb_step(st)) == SQLITE_ROW && sb_col_type(st, 0) == SQLITE_TEXT)
			root = json_loads((const char *)sb_col_text(st, 0), 0, NULL);
		sb_reset(st);
		if (step != SQLITE_ROW && step != SQLITE_DONE)
			rc = sb_sqlerr(ctx, "audit");
		else if (step == SQLITE_DONE)
			rc = sb_err(ctx, SB_EDATA, "audit row %lld is not rows kept of "
			    "project %lld", (long long)ids[i], (long long)project);
		else if (!json_is_object(root) || json_integer_value(json_object_get(
		    json_object_get(root, "kept"), "part")) != (json_int_t)i + 1)
			rc = sb_err(ctx, SB_EDATA, "audit row %lld: not part %zu of the "
			    "rows kept", (long long)ids[i], i + 1);
		else
			rc = kept_tables(ctx, kp, json_object_get(json_object_get(root,
			    "kept"), "rows"));
		json_decref(root);
	}
	kept_close(kp);
	return rc;
}

int
store_project_rows_put(sb_ctx *ctx, const char *rows)
{
	struct store_kept *kp;
	json_t *root;
	int rc;

	if ((root = json_loads(rows, 0, NULL)) == NULL)
		return sb_err(ctx, SB_EDATA, "the rows kept are not JSON");
	if ((rc = kept_open(ctx, &kp)) == SB_OK) {
		rc = kept_tables(ctx, kp, root);
		kept_close(kp);
	}
	json_decref(root);
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
