/*
 * op_batch.c - moves read from a file or a pipe, CSV or NDJSON, applied row by
 * row (each its own transaction) or all at once (--atomic), with one
 * result line per row.
 */
#include <config.h>

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "input_priv.h"
#include "json_priv.h"
#include "move_priv.h"
#include "perm_priv.h"

enum { B_STRIP, B_BOARD, B_DAY, B_AFTER, B_BEFORE, B_POSITION, B_VERSION, B_NCOLS };
static const char *const bcols[B_NCOLS] = { "strip_id", "board", "day", "after",
	"before", "position", "version" };

struct batch {
	sb_ctx *ctx;
	int64_t project;
	const struct sb_batch_opts *opts;
	FILE *out;             /* results (held until commit with atomic) */
	FILE *final;           /* where failures go at once */
	struct sb_batch_summary *sum;
	const char *file;
	int status;            /* the status to return */
	int header_done;
	int colmap[64];        /* CSV column -> B_*, or -1 */
	size_t ncols;
	/* the row before: a row without a place follows it on the same day */
	char prev_board[256], prev_day[256], prev_strip[256];
	int have_prev;
	char board_name[256];
	int64_t board_id;
	/*
	 * Row by row, when the user's rules could refuse a row: the rows are
	 * kept, every move is checked first, and one refused refuses the whole
	 * batch before any row is applied (sb-perm(1)).
	 */
	int collect;
	struct kept {
		char *c[B_NCOLS];
		uint64_t line;
	} *kept;
	size_t nkept, kept_cap;
};

static const char *
cell(const char *const c[B_NCOLS], int k)
{
	return c[k] != NULL && c[k][0] != '\0' ? c[k] : NULL;
}

static void
result(struct batch *b, uint64_t line, const char *strip, const char *what,
    int64_t version, const char *error, const char *report)
{
	FILE *out = error != NULL ? b->final : b->out;

	fprintf(out, "{\"line\":%llu,\"strip\":", (unsigned long long)line);
	sb_json_write_string(out, strip);
	fprintf(out, ",\"result\":\"%s\"", what);
	if (version > 0)
		fprintf(out, ",\"version\":%lld", (long long)version);
	if (error != NULL) {
		fputs(",\"error\":", out);
		sb_json_write_string(out, error);
	}
	if (report != NULL)
		fprintf(out, ",\"report\":%s", report);
	fputs("}\n", out);
}

/* The move a row asks for, its board found; strips[0] holds its strip. */
static int
prepare(struct batch *b, const char *const c[B_NCOLS], uint64_t line, struct sb_move *mp,
    const char **strips)
{
	struct sb_move m;
	const char *strip = cell(c, B_STRIP), *board = cell(c, B_BOARD);
	const char *day = c[B_DAY], *pos = cell(c, B_POSITION);
	int rc;

	memset(&m, 0, sizeof(m));
	m.if_version = -1;
	if (strip == NULL)
		return sb_err(b->ctx, SB_EDATA, "%s: line %llu: no strip_id", b->file,
		    (unsigned long long)line);
	if (cell(c, B_VERSION) != NULL) {
		char *end;
		long long v;

		/* out of range is not a version (strtoll would clamp it) */
		errno = 0;
		v = strtoll(c[B_VERSION], &end, 10);
		if (errno != 0 || *end != '\0' || v < 0)
			return sb_err(b->ctx, SB_EDATA, "%s: line %llu: version: \"%s\" is "
			    "not a version", b->file, (unsigned long long)line, c[B_VERSION]);
		m.if_version = v;
	}
	if (board == NULL)
		board = b->opts->board;
	if (board == NULL || strcmp(board, b->board_name) != 0 || b->board_id == 0) {
		if ((rc = sb_board_find(b->ctx, b->project, board, &b->board_id)) != SB_OK)
			return rc;
		snprintf(b->board_name, sizeof(b->board_name), "%s", board != NULL ? board : "");
	}
	strips[0] = strip;
	m.strips = strips;
	m.nstrips = 1;
	m.to = day;
	if (cell(c, B_AFTER) != NULL) {
		m.where = SB_AT_AFTER;
		m.anchor = c[B_AFTER];
		if (day != NULL && day[0] == '\0')
			m.to = NULL;
	} else if (cell(c, B_BEFORE) != NULL) {
		m.where = SB_AT_BEFORE;
		m.anchor = c[B_BEFORE];
		if (day != NULL && day[0] == '\0')
			m.to = NULL;
	} else if (pos != NULL && strcmp(pos, "first") == 0) {
		m.where = SB_AT_FIRST;
	} else if (pos != NULL && strcmp(pos, "last") == 0) {
		m.where = SB_AT_LAST;
	} else if (day == NULL) {
		return sb_err(b->ctx, SB_EDATA, "%s: line %llu: strip %s: no day, after, "
		    "before or position to move it to", b->file, (unsigned long long)line,
		    strip);
	} else if (b->have_prev && strcmp(b->prev_board, b->board_name) == 0 &&
	    strcmp(b->prev_day, day) == 0) {
		m.where = SB_AT_AFTER;
		m.anchor = b->prev_strip;
		m.to = NULL;
	} else {
		m.where = SB_AT_KEEP;
	}
	if ((m.where == SB_AT_FIRST || m.where == SB_AT_LAST) && m.to == NULL)
		return sb_err(b->ctx, SB_EDATA, "%s: line %llu: strip %s: first or last "
		    "of which day?", b->file, (unsigned long long)line, strip);
	*mp = m;
	return SB_OK;
}

/* The row before: a row without a place follows it on the same day. */
static void
remember(struct batch *b, const char *const c[B_NCOLS])
{
	const char *day = c[B_DAY];

	b->have_prev = day != NULL;
	snprintf(b->prev_board, sizeof(b->prev_board), "%s", b->board_name);
	snprintf(b->prev_day, sizeof(b->prev_day), "%s", day != NULL ? day : "");
	snprintf(b->prev_strip, sizeof(b->prev_strip), "%s", cell(c, B_STRIP));
}

static int
keep(struct batch *b, const char *const c[B_NCOLS], uint64_t line)
{
	struct kept *k;

	if (b->nkept == b->kept_cap) {
		size_t cap = b->kept_cap ? b->kept_cap * 2 : 256;
		struct kept *nk = realloc(b->kept, cap * sizeof(*nk));

		if (nk == NULL)
			return sb_err(b->ctx, SB_EFAIL, "out of memory");
		b->kept = nk;
		b->kept_cap = cap;
	}
	k = &b->kept[b->nkept];
	memset(k, 0, sizeof(*k));
	k->line = line;
	b->nkept++;
	for (int i = 0; i < B_NCOLS; i++)
		if (c[i] != NULL && (k->c[i] = sb_strdup(c[i])) == NULL)
			return sb_err(b->ctx, SB_EFAIL, "out of memory");
	return SB_OK;
}

static void
kept_free(struct batch *b)
{
	for (size_t i = 0; i < b->nkept; i++)
		for (int k = 0; k < B_NCOLS; k++)
			free(b->kept[i].c[k]);
	free(b->kept);
	b->kept = NULL;
	b->nkept = b->kept_cap = 0;
}

static int
apply(struct batch *b, const char *const c[B_NCOLS], uint64_t line)
{
	struct sb_move m;
	struct sb_move_result res;
	const char *strip = cell(c, B_STRIP);
	const char *strips[1];
	int rc;

	if (b->collect)
		return keep(b, c, line);
	b->sum->rows++;
	if ((rc = prepare(b, c, line, &m, strips)) != SB_OK)
		goto fail;
	rc = sb_move(b->ctx, b->board_id, &m, &res);
	if (rc != SB_OK)
		goto fail;
	if (res.moved > 0)
		b->sum->moved++;
	else
		b->sum->unchanged++;
	if (res.omitted > 0) {
		b->sum->omitted += res.omitted;
		sb_omitted_note(b->sum->omitted_scenes, sizeof(b->sum->omitted_scenes),
		    res.omitted_scenes);
	}
	result(b, line, strip, res.moved > 0 ? "moved" : "unchanged", res.version,
	    NULL, NULL);
	remember(b, c);
	return SB_OK;
fail:
	b->have_prev = 0;
	if (rc == SB_ECONFLICT) {
		b->sum->conflicts++;
		result(b, line, strip, "conflict", 0, sb_errmsg(b->ctx),
		    sb_conflict_report(b->ctx));
		b->status = SB_ECONFLICT; /* a conflict says the most: retry */
	} else {
		char msg[1100];

		b->sum->errors++;
		/* the place in the input, if the library did not say it */
		if (strncmp(sb_errmsg(b->ctx), b->file, strlen(b->file)) == 0)
			snprintf(msg, sizeof(msg), "%s", sb_errmsg(b->ctx));
		else
			snprintf(msg, sizeof(msg), "%s: line %llu: %s", b->file,
			    (unsigned long long)line, sb_errmsg(b->ctx));
		sb_err(b->ctx, rc, "%s", msg);
		result(b, line, strip, "error", 0, msg, NULL);
		if (b->status == SB_OK)
			b->status = rc;
	}
	/* atomic: the first failure ends it all */
	return b->opts->atomic ? rc : SB_OK;
}

static int
csv_record(void *arg, char **fields, size_t n, uint64_t line)
{
	struct batch *b = arg;
	const char *c[B_NCOLS] = { NULL };

	if (!b->header_done) {
		int seen = 0;

		b->header_done = 1;
		if (n > sizeof(b->colmap) / sizeof(b->colmap[0]))
			return sb_err(b->ctx, SB_EDATA, "%s: line 1: %zu columns: more "
			    "than a batch of moves has", b->file, n);
		b->ncols = n;
		for (size_t i = 0; i < n; i++) {
			b->colmap[i] = -1;
			for (int k = 0; k < B_NCOLS; k++)
				if (strcmp(fields[i], bcols[k]) == 0 ||
				    (k == B_STRIP && strcmp(fields[i], "strip") == 0))
					b->colmap[i] = k;
			if (b->colmap[i] == B_STRIP)
				seen = 1;
		}
		if (!seen) {
			char found[160];

			sb_input_header_text(found, sizeof(found), fields, n);
			return sb_err(b->ctx, SB_EDATA, "%s: line 1: no strip_id column "
			    "(the header found: %s)", b->file, found);
		}
		return SB_OK;
	}
	if (n != b->ncols)
		return sb_err(b->ctx, SB_EDATA, "%s: line %llu: %zu %s, but the "
		    "header has %zu", b->file, (unsigned long long)line, n,
		    SB_PLURAL(n, "field", "fields"), b->ncols);
	for (size_t i = 0; i < n; i++)
		if (b->colmap[i] >= 0)
			c[b->colmap[i]] = fields[i];
	return apply(b, c, line);
}

/*
 * One move as a JSON object: line is its line (NDJSON) or its row in the
 * array (JSON, unit "row"), for messages and results.
 */
static int
object_record(struct batch *b, json_t *obj, uint64_t line, const char *unit)
{
	json_t *v;
	const char *c[B_NCOLS] = { NULL };
	char nums[B_NCOLS][32];

	if (!json_is_object(obj))
		return sb_err(b->ctx, SB_EDATA, "%s: %s %llu: expected an object (one "
		    "move)", b->file, unit, (unsigned long long)line);
	for (int k = 0; k < B_NCOLS; k++) {
		v = json_object_get(obj, bcols[k]);
		if (v == NULL && k == B_STRIP)
			v = json_object_get(obj, "strip");
		if (v == NULL || json_is_null(v))
			continue;
		if (json_is_string(v) && strlen(json_string_value(v)) == json_string_length(v)) {
			c[k] = json_string_value(v);
		} else if (json_is_integer(v)) {
			snprintf(nums[k], sizeof(nums[k]), "%" JSON_INTEGER_FORMAT,
			    json_integer_value(v));
			c[k] = nums[k];
		} else {
			return sb_err(b->ctx, SB_EDATA, "%s: %s %llu: %s: expected a "
			    "string or a number", b->file, unit, (unsigned long long)line,
			    bcols[k]);
		}
	}
	return apply(b, c, line);
}

static int
json_record(struct batch *b, const char *text, size_t len, uint64_t line)
{
	json_error_t err;
	json_t *obj;
	int rc;

	if (!sb_utf8_valid(text, len))
		return sb_err(b->ctx, SB_EDATA, "%s: line %llu: not valid UTF-8 text",
		    b->file, (unsigned long long)line);
	obj = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (obj == NULL)
		return sb_err(b->ctx, SB_EDATA, "%s: line %llu: column %d: %s", b->file,
		    (unsigned long long)line, err.column, err.text);
	rc = object_record(b, obj, line, "line");
	json_decref(obj);
	return rc;
}

/* A JSON array of moves, read whole: a row's number is its place in it. */
static int
read_json_array(struct batch *b, struct sb_input *in)
{
	json_error_t err;
	json_t *doc, *obj;
	char *data;
	size_t len, i;
	int rc;

	if ((rc = sb_input_slurp(b->ctx, in, SB_MAX_DOCUMENT, &data, &len)) != SB_OK)
		return rc;
	if (!sb_utf8_valid(data, len)) {
		free(data);
		return sb_err(b->ctx, SB_EDATA, "%s: not valid UTF-8 text", b->file);
	}
	doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);
	free(data);
	if (doc == NULL)
		return sb_err(b->ctx, SB_EDATA, "%s: line %d: column %d: %s", b->file,
		    err.line > 0 ? err.line : 1, err.column, err.text);
	if (!json_is_array(doc)) {
		json_decref(doc);
		return sb_err(b->ctx, SB_EDATA, "%s: expected an array of moves", b->file);
	}
	rc = SB_OK;
	json_array_foreach(doc, i, obj) {
		if ((rc = object_record(b, obj, (uint64_t)i + 1, "row")) != SB_OK)
			break;
	}
	json_decref(doc);
	return rc;
}

static int
read_ndjson(struct batch *b, struct sb_input *in)
{
	struct sb_buf line;
	char buf[65536];
	ssize_t n;
	uint64_t lineno = 1;
	int rc = SB_OK;

	sb_buf_init(&line);
	while (rc == SB_OK && (n = sb_input_read(in, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			rc = sb_err(b->ctx, SB_EDATA, "%s: cannot read", b->file);
			break;
		}
		for (ssize_t i = 0; i < n && rc == SB_OK; ) {
			const char *nl = memchr(buf + i, '\n', (size_t)(n - i));
			size_t take = nl != NULL ? (size_t)(nl - (buf + i)) : (size_t)(n - i);

			sb_buf_add(&line, buf + i, take);
			i += (ssize_t)take;
			if (line.failed) {
				rc = sb_err(b->ctx, SB_EFAIL, "out of memory");
			} else if (line.len > (size_t)SB_MAX_FIELD) {
				rc = sb_err(b->ctx, SB_EDATA, "%s: line %llu: longer than %d "
				    "bytes", b->file, (unsigned long long)lineno, SB_MAX_FIELD);
			} else if (nl != NULL) {
				i++;
				if (strspn(sb_buf_str(&line), " \t\r") != line.len)
					rc = json_record(b, line.data, line.len, lineno);
				lineno++;
				line.len = 0;
			}
		}
	}
	if (rc == SB_OK && line.len > 0 && strspn(sb_buf_str(&line), " \t\r") != line.len)
		rc = json_record(b, line.data, line.len, lineno);
	sb_buf_free(&line);
	return rc;
}

/*
 * May each kept row's move be made?  The first that may not refuses the
 * batch: its line is the result, nothing is applied.  A row that is wrong
 * otherwise is left for its turn, which says why.
 */
static int
check_rows(struct batch *b)
{
	int rc = SB_OK;

	for (size_t i = 0; i < b->nkept; i++) {
		const char *const *c = (const char *const *)b->kept[i].c;
		const char *strips[1];
		struct sb_move m;

		if (prepare(b, c, b->kept[i].line, &m, strips) != SB_OK) {
			b->have_prev = 0;
			continue;
		}
		if ((rc = sb_move_check(b->ctx, b->board_id, &m)) != SB_OK) {
			char msg[1100];

			snprintf(msg, sizeof(msg), "%s: line %llu: %s", b->file,
			    (unsigned long long)b->kept[i].line, sb_errmsg(b->ctx));
			sb_err(b->ctx, rc, "%s", msg);
			b->sum->rows = b->nkept;
			b->sum->errors = 1;
			result(b, b->kept[i].line, cell(c, B_STRIP), "error", 0, msg, NULL);
			return rc;
		}
		remember(b, c);
	}
	b->have_prev = 0;
	b->board_id = 0;
	b->board_name[0] = '\0';
	return rc;
}

static int
run(struct batch *b, const char *path)
{
	struct sb_input in;
	size_t left;
	const unsigned char *p;
	int rc;

	if ((rc = sb_input_open(b->ctx, path, &in)) != SB_OK)
		return rc;
	p = sb_input_text(&in, &left); /* past a byte order mark and blanks */
	if (left == 0)
		rc = SB_OK; /* nothing to do */
	else if (p[0] == '{')
		rc = read_ndjson(b, &in);
	else if (p[0] == '[')
		rc = read_json_array(b, &in);
	else
		rc = sb_csv_rows(b->ctx, &in, csv_record, b);
	sb_input_close(&in);
	return rc;
}

int
sb_reorder_batch(sb_ctx *ctx, int64_t project, const char *path,
    const struct sb_batch_opts *opts, FILE *results, struct sb_batch_summary *sum)
{
	struct batch b;
	FILE *held = NULL;
	int rc;

	memset(&b, 0, sizeof(b));
	memset(sum, 0, sizeof(*sum));
	b.ctx = ctx;
	b.project = project;
	b.opts = opts;
	b.sum = sum;
	b.file = strcmp(path, "-") == 0 ? "stdin" : path;
	b.out = b.final = results;
	if (opts->atomic) {
		/* results are only true once the whole batch commits */
		if ((held = tmpfile()) == NULL)
			return sb_err(ctx, SB_EFAIL, "cannot hold the results: no temporary file");
		b.out = held;
		if ((rc = sb_tx_begin(ctx)) != SB_OK) {
			fclose(held);
			return rc;
		}
	}
	if (!opts->atomic) {
		if ((rc = sb_perm_may_refuse(ctx, SB_ACT_MOVE)) < 0)
			return rc;
		b.collect = rc;
	}
	rc = run(&b, path);
	if (b.collect) {
		/* every row checked before any is applied; then as they came */
		int read_rc = rc;

		b.collect = 0;
		rc = check_rows(&b);
		for (size_t i = 0; rc == SB_OK && i < b.nkept; i++)
			rc = apply(&b, (const char *const *)b.kept[i].c, b.kept[i].line);
		kept_free(&b);
		if (rc == SB_OK)
			rc = read_rc;
	}
	if (rc == SB_OK)
		rc = b.status;
	/*
	 * Row by row, a conflict says the most (sb-reorder(1): "exits 5 if
	 * any row met a conflict"), even when the file then turned out to be
	 * malformed: rows before that line were applied, and the message
	 * still names the line.
	 */
	if (!opts->atomic && b.status == SB_ECONFLICT)
		rc = SB_ECONFLICT;
	if (opts->atomic) {
		char buf[8192];
		size_t n;

		rc = sb_tx_end(ctx, rc);
		if (rc == SB_OK) {
			rewind(held);
			while ((n = fread(buf, 1, sizeof(buf), held)) > 0)
				fwrite(buf, 1, n, results);
		} else {
			/* the failing row's line says why; the others did not land */
			sum->moved = sum->unchanged = 0;
		}
		fclose(held);
	}
	return rc;
}
