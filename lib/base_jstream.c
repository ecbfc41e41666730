/*
 * base_jstream.c - a JSON text read as a stream with yajl, the containers
 * the caller keeps built whole with Jansson (lib/jstream_priv.h).
 */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "jstream_priv.h"

/* Jansson's limit of nesting, and its message. */
#define MAX_DEPTH 2048

struct frame {
	json_t *v;        /* the container being built; NULL when streamed */
	json_t *keys;     /* a streamed object's keys so far (duplicates) */
	char *key;        /* the key of the member to come, in an object */
	char *own_key;    /* this container's key in its parent */
	size_t own_index; /* and its place there */
	size_t count;     /* members so far */
	int is_array;
	int whole;        /* the outermost container built whole */
};

struct js {
	sb_ctx *ctx;
	struct sb_input *in;
	const struct sb_jstream_ops *ops;
	void *arg;
	yajl_handle h;
	struct frame *st;
	size_t depth, cap;
	int rc;           /* a callback's status, or SB_EDATA of ours */
	uint64_t events;  /* callbacks so far: none in a buffer, a long token */
	char why[200];    /* our refusal, in Jansson's words */
	/* where the buffer being parsed starts */
	const unsigned char *chunk;
	uint64_t chunk_off;  /* its offset in the text */
	uint64_t line;       /* the line it starts on */
	uint64_t line_off;   /* the offset where that line starts */
	/* the escapes of the text, scanned ahead of yajl (esc_scan()) */
	int esc;             /* where the scan is: enum esc */
	unsigned esc_hex;    /* the \u escape's digits so far */
	int esc_digits;      /* how many */
	uint64_t unpaired;   /* the offset of the first unpaired surrogate, or 0 */
};

/*
 * yajl decodes the escape of a high surrogate that no low one follows
 * ("\ud800", "\ud800x", "\ud800\u0041") as "?" or as another
 * character, and that of a low one alone ("\udc00") as three bytes that
 * are not UTF-8, where Jansson (the NDJSON reader, sb-strip batch...)
 * refuses both.  So each buffer is scanned for them before yajl parses
 * it: the first one's offset is kept, and the string that holds it is
 * refused when yajl hands it over.
 */
enum esc {
	ESC_OUT,     /* between strings */
	ESC_IN,      /* in a string */
	ESC_BACK,    /* after a backslash */
	ESC_HEX,     /* in the digits of a \u escape */
	ESC_HI,      /* after a high surrogate's: a backslash must follow */
	ESC_HI_BACK, /* then a u */
	ESC_LO       /* then the digits of a low surrogate's */
};

static int
hex_digit(unsigned char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Eight bytes each 0x01 (SWAR: a byte of each of the eight at once). */
#define ONES UINT64_C(0x0101010101010101)

/*
 * The bytes of w equal to c, as the top bit of each (exact: no carry
 * crosses a byte).
 */
static uint64_t
bytes_eq(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (ONES * c);

	return ~(((x & (ONES * 0x7f)) + ONES * 0x7f) | x | ONES * 0x7f);
}

/* One byte of the scan, the k-th of the buffer. */
static void
esc_byte(struct js *j, unsigned char c, size_t k)
{
	int d;

	switch (j->esc) {
	case ESC_OUT:
		if (c == '"')
			j->esc = ESC_IN;
		break;
	case ESC_IN:
		j->esc = c == '\\' ? ESC_BACK : c == '"' ? ESC_OUT : ESC_IN;
		break;
	case ESC_BACK:
		j->esc = c == 'u' ? ESC_HEX : ESC_IN;
		j->esc_hex = 0;
		j->esc_digits = 0;
		break;
	case ESC_HI:
		if (c == '\\')
			j->esc = ESC_HI_BACK;
		else
			j->unpaired = j->chunk_off + k + 1;
		break;
	case ESC_HI_BACK:
		if (c == 'u') {
			j->esc = ESC_LO;
			j->esc_hex = 0;
			j->esc_digits = 0;
		} else {
			j->unpaired = j->chunk_off + k + 1;
		}
		break;
	case ESC_HEX:
	case ESC_LO:
		if ((d = hex_digit(c)) < 0) {
			j->esc = ESC_IN; /* yajl refuses it */
			break;
		}
		j->esc_hex = j->esc_hex * 16 + (unsigned)d;
		if (++j->esc_digits < 4)
			break;
		if (j->esc == ESC_LO ? j->esc_hex < 0xdc00 || j->esc_hex > 0xdfff :
		    j->esc_hex >= 0xdc00 && j->esc_hex <= 0xdfff)
			j->unpaired = j->chunk_off + k + 1;
		else
			j->esc = j->esc == ESC_HEX && j->esc_hex >= 0xd800 &&
			    j->esc_hex <= 0xdbff ? ESC_HI : ESC_IN;
		break;
	}
}

/*
 * Scan the n bytes at p, at offset j->chunk_off of the text.  Between
 * strings and in one, eight bytes without a backslash are taken at once:
 * each quote among them only goes in or out of a string (the same as
 * esc_byte() would do a byte at a time, in a tenth of the instructions).
 */
static void
esc_scan(struct js *j, const unsigned char *p, size_t n)
{
	size_t k = 0;

	while (k < n && j->unpaired == 0) {
		if ((j->esc == ESC_OUT || j->esc == ESC_IN) && n - k >= 8) {
			uint64_t w;

			memcpy(&w, p + k, 8);
			if (bytes_eq(w, '\\') == 0) {
				uint64_t q = bytes_eq(w, '"');

				/* an odd count of quotes goes in or out */
				if (((((q >> 7) * ONES) >> 56) & 1) != 0)
					j->esc = j->esc == ESC_IN ? ESC_OUT : ESC_IN;
				k += 8;
				continue;
			}
		}
		esc_byte(j, p[k], k);
		k++;
	}
}

/* Whether the string yajl hands over now holds an unpaired surrogate. */
static int
unpaired(const struct js *j)
{
	return j->unpaired != 0 && j->chunk_off + yajl_get_bytes_consumed(j->h) >= j->unpaired;
}

static int
fail(struct js *j, const char *why)
{
	if (j->rc == SB_OK) {
		snprintf(j->why, sizeof(j->why), "%s", why);
		j->rc = SB_EDATA;
	}
	return 0;
}

static int
oom(struct js *j)
{
	if (j->rc == SB_OK)
		j->rc = sb_err(j->ctx, SB_EFAIL, "%s: out of memory", j->in->name);
	return 0;
}

static struct frame *
top(struct js *j)
{
	return j->depth > 0 ? &j->st[j->depth - 1] : NULL;
}

/* The parent is built: attach v to it (stealing the reference). */
static int
attach(struct js *j, struct frame *f, json_t *v)
{
	int bad;

	if (f->is_array) {
		bad = json_array_append_new(f->v, v);
	} else {
		bad = json_object_set_new_nocheck(f->v, f->key, v);
		free(f->key);
		f->key = NULL;
	}
	f->count++;
	return bad ? oom(j) : 1;
}

/* A member of a streamed container (or the root) is done. */
static void
member_done(struct frame *f)
{
	if (f == NULL)
		return;
	f->count++;
	free(f->key);
	f->key = NULL;
}

/* A whole value (a scalar, or a container built whole) in its place. */
static int
deliver(struct js *j, json_t *v, const char *key, size_t index)
{
	struct frame *f = top(j);
	int rc;

	if (f == NULL && !json_is_object(v) && !json_is_array(v)) {
		json_decref(v);
		return fail(j, "'[' or '{' expected");
	}
	rc = j->ops->value(j->arg, (int)j->depth + 1, key, index, v);
	json_decref(v);
	if (rc != SB_OK) {
		j->rc = rc;
		return 0;
	}
	return 1;
}

static int
scalar(struct js *j, json_t *v)
{
	struct frame *f = top(j);
	int ok;

	j->events++;
	if (v == NULL)
		return oom(j);
	if (f != NULL && f->v != NULL)
		return attach(j, f, v);
	ok = deliver(j, v, f != NULL && !f->is_array ? f->key : NULL,
	    f != NULL ? f->count : 0);
	member_done(f);
	return ok;
}

static int
on_null(void *ctx)
{
	return scalar(ctx, json_null());
}

static int
on_boolean(void *ctx, int b)
{
	return scalar(ctx, json_boolean(b));
}

/* Numbers as Jansson reads them: integers exact, reals as doubles. */
static int
on_number(void *ctx, const char *s, size_t len)
{
	struct js *j = ctx;
	char buf[512], *end;

	if (len >= sizeof(buf))
		return fail(j, "invalid token");
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	if (strpbrk(buf, ".eE") == NULL) {
		long long v = strtoll(buf, &end, 10);

		if (errno == ERANGE)
			return fail(j, v < 0 ? "too big negative integer" :
			    "too big integer");
		return scalar(j, json_integer((json_int_t)v));
	} else {
		double d = strtod(buf, &end);

		if (errno == ERANGE && (d == HUGE_VAL || d == -HUGE_VAL))
			return fail(j, "real number overflow");
		return scalar(j, json_real(d));
	}
}

static int
on_string(void *ctx, const unsigned char *s, size_t len)
{
	struct js *j = ctx;

	if (memchr(s, '\0', len) != NULL)
		return fail(j, "\\u0000 is not allowed without JSON_ALLOW_NUL");
	/* (esc_scan()); in Jansson's words */
	if (unpaired(j) || !sb_utf8_valid((const char *)s, len))
		return fail(j, "invalid Unicode escape: an unpaired surrogate");
	return scalar(j, json_stringn_nocheck((const char *)s, len));
}

static int
open_container(struct js *j, int is_array)
{
	struct frame *f, *n;
	json_t *v = NULL;
	int mode = SB_JS_WHOLE;

	j->events++;
	if (j->depth >= MAX_DEPTH)
		return fail(j, "maximum parsing depth reached");
	if (j->depth == j->cap) {
		size_t cap = j->cap != 0 ? j->cap * 2 : 16;
		struct frame *p = realloc(j->st, cap * sizeof(*p));

		if (p == NULL)
			return oom(j);
		j->st = p;
		j->cap = cap;
	}
	/* after the stack may have moved: a pointer taken before dangles */
	f = top(j);
	if (f == NULL || f->v == NULL) {
		mode = j->ops->open(j->arg, (int)j->depth + 1,
		    f != NULL && !f->is_array ? f->key : NULL,
		    f != NULL ? f->count : 0, is_array);
		if (mode < 0) {
			j->rc = mode;
			return 0;
		}
	}
	if (mode == SB_JS_WHOLE) {
		v = is_array ? json_array() : json_object();
		if (v == NULL)
			return oom(j);
	}
	n = &j->st[j->depth];
	memset(n, 0, sizeof(*n));
	n->is_array = is_array;
	n->v = v;
	if (f != NULL && f->v != NULL) {
		/* inside a whole value: attach now, fill in place */
		json_incref(v);
		if (!attach(j, f, v)) {
			json_decref(v);
			return 0;
		}
	} else {
		n->whole = mode == SB_JS_WHOLE;
		n->own_index = f != NULL ? f->count : 0;
		if (f != NULL && !f->is_array && f->key != NULL &&
		    (n->own_key = sb_strdup(f->key)) == NULL) {
			json_decref(v);
			return oom(j);
		}
		if (mode == SB_JS_STREAM && !is_array &&
		    (n->keys = json_object()) == NULL) {
			free(n->own_key);
			return oom(j);
		}
	}
	j->depth++;
	return 1;
}

static int
close_container(struct js *j)
{
	struct frame f = j->st[--j->depth];
	struct frame *p = top(j);
	int ok = 1, rc;

	j->events++;
	free(f.key);
	json_decref(f.keys);
	if (f.v != NULL) {
		if (f.whole) {
			ok = deliver(j, f.v, f.own_key, f.own_index);
			member_done(p);
		} else {
			json_decref(f.v); /* the parent holds it */
		}
	} else {
		rc = j->ops->close(j->arg, (int)j->depth + 1, f.own_key, f.own_index,
		    f.count);
		if (rc != SB_OK) {
			j->rc = rc;
			ok = 0;
		}
		member_done(p);
	}
	free(f.own_key);
	return ok;
}

static int
on_start_map(void *ctx)
{
	return open_container(ctx, 0);
}

static int
on_end_map(void *ctx)
{
	return close_container(ctx);
}

static int
on_start_array(void *ctx)
{
	return open_container(ctx, 1);
}

static int
on_end_array(void *ctx)
{
	return close_container(ctx);
}

static int
on_map_key(void *ctx, const unsigned char *s, size_t len)
{
	struct js *j = ctx;
	struct frame *f = top(j);
	char *key;

	j->events++;
	if (memchr(s, '\0', len) != NULL)
		return fail(j, "NUL byte in object key not supported");
	if (unpaired(j) || !sb_utf8_valid((const char *)s, len))
		return fail(j, "invalid Unicode escape: an unpaired surrogate");
	if ((key = malloc(len + 1)) == NULL)
		return oom(j);
	memcpy(key, s, len);
	key[len] = '\0';
	if (f->v != NULL ? json_object_get(f->v, key) != NULL :
	    json_object_get(f->keys, key) != NULL) {
		free(key);
		return fail(j, "duplicate object key");
	}
	if (f->v == NULL && json_object_set_new_nocheck(f->keys, key,
	    json_null()) != 0) {
		free(key);
		return oom(j);
	}
	free(f->key);
	f->key = key;
	return 1;
}

static const yajl_callbacks callbacks = {
	on_null, on_boolean, NULL, NULL, on_number, on_string,
	on_start_map, on_map_key, on_end_map, on_start_array, on_end_array
};

/* yajl's complaint in Jansson's words, where it has them. */
static void
yajl_why(struct js *j)
{
	static const struct { const char *yajl, *jansson; } words[] = {
		{ "after key and value, inside map, I expect ',' or '}'", "'}' expected" },
		{ "after array element, I expect ',' or ']'", "']' expected" },
		{ "object key and value must be separated by a colon", "':' expected" },
		{ "invalid object key (must be a string)", "string or '}' expected" },
		{ "premature EOF", "premature end of input" },
		{ "trailing garbage", "end of file expected" },
		{ "unallowed token at this point in JSON text", "unexpected token" },
		{ "invalid char in json text", "invalid token" },
		{ "invalid string in json text", "invalid token" },
	};
	unsigned char *msg = yajl_get_error(j->h, 0, NULL, 0);
	const char *m = msg != NULL ? (const char *)msg : "invalid JSON";
	const char *colon = strstr(m, ": ");
	size_t n;

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(m, words[i].yajl) != NULL) {
			fail(j, words[i].jansson);
			yajl_free_error(j->h, msg);
			return;
		}
	if (colon != NULL)
		m = colon + 2;
	snprintf(j->why, sizeof(j->why), "%s", m);
	n = strlen(j->why);
	while (n > 0 && (j->why[n - 1] == '\n' || j->why[n - 1] == '.'))
		j->why[--n] = '\0';
	j->rc = SB_EDATA;
	if (msg != NULL)
		yajl_free_error(j->h, msg);
}

static int
token_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c == '-' || c == '+' || c == '.';
}

/*
 * The line and column of an error yajl found at offset off of the buffer
 * being parsed (of len bytes), named as Jansson does: at the last
 * character of the token it stopped at.
 */
static void
place(struct js *j, size_t off, size_t len, uint64_t *line, uint64_t *col)
{
	uint64_t l = j->line, start = j->line_off;
	size_t p;

	/*
	 * yajl points at a bare token (number, literal) it stopped at, and
	 * one past the opening quote of a string.
	 */
	if (off >= 1 && off < len && token_char(j->chunk[off]) &&
	    strchr(" \t\r\n{}[]:,", j->chunk[off - 1]) != NULL) {
		for (p = off; p < len && token_char(j->chunk[p]); p++)
			;
		off = p;
	} else if (off >= 2 && off <= len && j->chunk[off - 2] == '"') {
		for (p = off - 1; p < len && j->chunk[p] != '"'; p++)
			if (j->chunk[p] == '\\')
				p++;
		off = p < len ? p + 1 : len;
	}
	for (size_t k = 0; k < off; k++)
		if (j->chunk[k] == '\n') {
			l++;
			start = j->chunk_off + k + 1;
		}
	*line = l;
	*col = j->chunk_off + off - start;
}

/* Move the place past n bytes of the buffer. */
static void
advance(struct js *j, const unsigned char *p, size_t n)
{
	const unsigned char *q = p, *end = p + n;

	while (q < end && (q = memchr(q, '\n', (size_t)(end - q))) != NULL) {
		j->line++;
		q++;
		j->line_off = j->chunk_off + (uint64_t)(q - p);
	}
	j->chunk_off += n;
}

/* How many bytes at the end of p[0..n) begin a character cut short. */
static size_t
cut_short(const unsigned char *p, size_t n, size_t good)
{
	size_t left = n - good, need;
	unsigned c;

	if (left == 0 || left > 3)
		return 0;
	c = p[good];
	need = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 :
	    c >= 0xf0 && c <= 0xf4 ? 4 : 0;
	if (left >= need)
		return 0;
	for (size_t k = good + 1; k < n; k++)
		if ((p[k] & 0xc0) != 0x80)
			return 0;
	return left;
}

int
sb_jstream_read(sb_ctx *ctx, struct sb_input *in,
    const struct sb_jstream_ops *ops, void *arg)
{
	/*
	 * yajl lexes a token cut by the end of a buffer again from its start
	 * with the next one: a 100 MB string read 64 KiB at a time took 50 s.
	 * A buffer in which nothing was parsed doubles the next, up to 8 MiB.
	 */
	enum { BUFSZ = 1 << 16, BUFMAX = 1 << 23 };
	size_t size = BUFSZ, cap = BUFSZ;
	unsigned char *buf = malloc(cap + 4);
	struct js j;
	size_t carry = 0;
	int parsing = 1, rc;
	uint64_t err_line = 0, err_col = 0;

	if (buf == NULL)
		return sb_err(ctx, SB_EFAIL, "%s: out of memory", in->name);
	memset(&j, 0, sizeof(j));
	j.ctx = ctx;
	j.in = in;
	j.ops = ops;
	j.arg = arg;
	j.line = 1;
	j.h = yajl_alloc(&callbacks, NULL, &j);
	if (j.h == NULL) {
		free(buf);
		return sb_err(ctx, SB_EFAIL, "%s: out of memory", in->name);
	}
	for (;;) {
		ssize_t got;
		size_t n, good, keep;
		uint64_t events = j.events;

		if (size > cap) {
			unsigned char *p = realloc(buf, size + 4);

			if (p == NULL) {
				rc = sb_err(ctx, SB_EFAIL, "%s: out of memory", in->name);
				goto out;
			}
			buf = p;
			cap = size;
		}
		got = sb_input_read(in, buf + carry, size);

		if (got < 0) {
			rc = sb_err(ctx, SB_EDATA, "%s: cannot read: %s", in->name,
			    strerror(errno));
			goto out;
		}
		n = carry + (size_t)got;
		if (n == 0)
			break;
		good = sb_utf8_prefix((const char *)buf, n);
		keep = got > 0 ? cut_short(buf, n, good) : 0;
		if (good + keep < n) {
			/* not UTF-8: this wins over any error of the parse */
			uint64_t line = j.line;

			for (size_t k = 0; k < good; k++)
				line += buf[k] == '\n';
			if (ops->flat) {
				uint64_t col = j.chunk_off + good + 1 - j.line_off;

				for (size_t k = 0; k < good; k++)
					if (buf[k] == '\n')
						col = good - k;
				rc = sb_err(ctx, SB_EDATA, "%s: line %llu: column %llu: "
				    "unable to decode byte 0x%02x", in->name,
				    (unsigned long long)line, (unsigned long long)col,
				    buf[good]);
			} else {
				rc = sb_err(ctx, SB_EDATA, "%s: line %llu, byte %llu: %s",
				    in->name, (unsigned long long)line,
				    (unsigned long long)(j.chunk_off + good + 1),
				    buf[good] == '\0' ? "a NUL byte in a text file" :
				    "not valid UTF-8");
			}
			goto out;
		}
		if (parsing) {
			j.chunk = buf;
			esc_scan(&j, buf, good);
			if (yajl_parse(j.h, buf, good) != yajl_status_ok) {
				if (j.rc == SB_OK)
					yajl_why(&j);
				if (j.rc != SB_EDATA || j.why[0] == '\0') {
					rc = j.rc; /* a callback's own status */
					goto out;
				}
				place(&j, yajl_get_bytes_consumed(j.h), good, &err_line,
				    &err_col);
				parsing = 0;
			}
		}
		if (parsing)
			size = j.events == events ? (size < BUFMAX ? size * 2 : size) :
			    BUFSZ;
		advance(&j, buf, good);
		memmove(buf, buf + good, keep);
		carry = keep;
		if (got == 0)
			break;
	}
	if (parsing) {
		j.chunk = buf;
		if (yajl_complete_parse(j.h) != yajl_status_ok) {
			if (j.rc == SB_OK)
				yajl_why(&j);
			if (j.rc != SB_EDATA || j.why[0] == '\0') {
				rc = j.rc;
				goto out;
			}
			err_line = j.line;
			err_col = j.chunk_off - j.line_off;
			parsing = 0;
		}
	}
	if (!parsing)
		rc = sb_err(ctx, SB_EDATA, ops->flat ? "%s: line %llu: column %llu: %s" :
		    "%s: line %llu, column %llu: %s", in->name,
		    (unsigned long long)err_line, (unsigned long long)err_col, j.why);
	else
		rc = SB_OK;
out:
	while (j.depth > 0) {
		struct frame *f = &j.st[--j.depth];

		json_decref(f->v);
		json_decref(f->keys);
		free(f->key);
		free(f->own_key);
	}
	free(j.st);
	yajl_free(j.h);
	free(buf);
	return rc;
}
