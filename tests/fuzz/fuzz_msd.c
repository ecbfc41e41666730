/*
 * fuzz_msd.c - the libFuzzer harness of the .msd reader: the bytes are an
 * .msd file; sb_msd_parse() reads it into a production in memory, which is
 * freed.  No database is opened: the reader never touches one.
 *
 * Two kinds of input, so the fuzzer reaches the XML mapping without having
 * to get DEFLATE right by mutation:
 *  - bytes that start like the EPSF magic (a slash, a star) are an .msd
 *    file as is;
 *  - any other bytes are XML documents separated by NUL bytes: each is
 *    deflated into a section of a well-formed container built here
 *    (msdgen.py --xml-only writes such seeds).
 *
 * The file goes to an anonymous memory file (memfd_create), opened by its
 * /proc/self/fd path with sb_input_open() as sb-import would open a file.
 *
 * With SB_FUZZ_VERBOSE set in the environment it prints the reader's
 * message, its warnings and a summary of the production on stderr (to
 * debug the reader, or to see why an input is refused).
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <zlib.h>

#include "fmt_priv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
warn_print(void *arg, const char *msg)
{
	(void)arg;
	fprintf(stderr, "warning: %s\n", msg);
}

static void
dump_list(const struct sb_prod *p, const char *what, const struct sb_prod_list *l)
{
	fprintf(stderr, "  %s:", what);
	for (size_t i = 0; i < l->n; i++) {
		const struct sb_prod_strip *s = &p->strips[l->strips[i]];

		if (s->banner)
			fprintf(stderr, " [%s]", s->banner_text ? s->banner_text : "");
		else
			fprintf(stderr, " %s", s->uid ? s->uid : "?");
	}
	fputc('\n', stderr);
}

static void
dump(const struct sb_prod *p)
{
	fprintf(stderr, "name: %s\ntitle: %s\nmeta: %s\nactive: %ld\n",
	    p->name ? p->name : "(none)", p->title ? p->title : "(none)",
	    p->meta.data ? p->meta.data : "", p->active);
	for (size_t i = 0; i < p->ncats; i++)
		fprintf(stderr, "category %zu: %s ucid %d\n", i, p->cats[i].name,
		    p->cats[i].ucid);
	for (size_t i = 0; i < p->nels; i++)
		fprintf(stderr, "element %zu: %s / %s board_id %s\n", i,
		    p->cats[p->els[i].cat].name, p->els[i].name,
		    p->els[i].board_id ? p->els[i].board_id : "-");
	for (size_t i = 0; i < p->nstrips; i++) {
		const struct sb_prod_strip *s = &p->strips[i];

		fprintf(stderr, "strip %zu: uid %s banner %d scene %s ie %s dn %s set %s "
		    "loc %s sd %s eighths %lld est %lld page %s syn %s com %s text %s els",
		    i, s->uid ? s->uid : "-", s->banner, s->scene ? s->scene : "-",
		    s->int_ext ? s->int_ext : "-", s->day_night ? s->day_night : "-",
		    s->set_name ? s->set_name : "-", s->location ? s->location : "-",
		    s->script_day ? s->script_day : "-",
		    s->have_eighths ? (long long)s->eighths : -1LL,
		    s->have_est ? (long long)s->est_ms : -1LL,
		    s->script_page ? s->script_page : "-", s->synopsis ? s->synopsis : "-",
		    s->comments ? s->comments : "-", s->banner_text ? s->banner_text : "-");
		for (size_t k = 0; k < s->nels; k++)
			fprintf(stderr, " %zu", s->els[k]);
		fputc('\n', stderr);
	}
	for (size_t i = 0; i < p->ncals; i++) {
		const struct sb_prod_cal *c = &p->cals[i];

		fprintf(stderr, "calendar %zu: %s days_off %#x (%d)\n", i,
		    c->name ? c->name : "-", c->days_off, c->have_days_off);
		for (size_t k = 0; k < c->n; k++) {
			char d[SB_DATE_BUFSZ];

			fprintf(stderr, "  %s %s %s\n", c->days[k].kind,
			    sb_date_format(c->days[k].date, d, sizeof(d)),
			    c->days[k].name ? c->days[k].name : "");
		}
	}
	for (size_t i = 0; i < p->nboards; i++) {
		const struct sb_prod_board *b = &p->boards[i];

		fprintf(stderr, "board %zu: %s cal %ld\n", i, b->name, b->cal);
		for (size_t d = 0; d < b->ndays; d++) {
			char what[32];

			snprintf(what, sizeof(what), "day %zu", d + 1);
			dump_list(p, what, &b->days[d]);
		}
		dump_list(p, "remaining", &b->remaining);
		dump_list(p, "boneyard", &b->boneyard);
	}
}

static int
put(int fd, const void *buf, size_t size)
{
	const uint8_t *b = buf;

	for (size_t off = 0; off < size;) {
		ssize_t n = write(fd, b + off, size - off);

		if (n <= 0)
			return -1;
		off += (size_t)n;
	}
	return 0;
}

static void
be32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

/* Raw DEFLATE of data into a malloc'd buffer. */
static uint8_t *
deflate_raw(const uint8_t *data, size_t size, size_t *outlen)
{
	z_stream z;
	uLong cap;
	uint8_t *out;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	cap = deflateBound(&z, (uLong)size);
	if ((out = malloc(cap)) == NULL)
		abort();
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)size;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	*outlen = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

/* Write an .msd holding each NUL-separated part of data as a section. */
static void
wrap(int fd, const uint8_t *data, size_t size)
{
	static const char *const names[] = { "ProductionInfo", "CategoryMgr",
	    "ElementMgr", "BreakdownSheetMgr", "CalendarMgr", "StripBoardMgr" };
	uint8_t head[716], rec[332], sech[68];
	uint32_t offs[64], lens[64];
	size_t n = 0, pos = 716;

	memset(head, 0, sizeof(head));
	memcpy(head, "/********* EPSF FILE ********/", 30);
	memcpy(head + 64, "00.01.001", 9);
	memcpy(head + 128, "EPS Schedule File", 17);
	memcpy(head + 192, "06.00.000", 9);
	if (put(fd, head, sizeof(head)) != 0)
		abort();
	memset(sech, 0, sizeof(sech));
	memcpy(sech, "/********* EPSF SECTION *********/ ", 35);
	sech[67] = 1;
	for (size_t start = 0; start <= size && n < 64;) {
		const uint8_t *end = memchr(data + start, 0, size - start);
		size_t len = end != NULL ? (size_t)(end - data) - start : size - start;
		size_t zlen;
		uint8_t *z = deflate_raw(data + start, len, &zlen);

		if (put(fd, sech, sizeof(sech)) != 0 || put(fd, z, zlen) != 0)
			abort();
		free(z);
		offs[n] = (uint32_t)pos;
		lens[n] = (uint32_t)(sizeof(sech) + zlen);
		pos += sizeof(sech) + zlen;
		n++;
		start += len + 1;
	}
	for (size_t i = 0; i < n; i++) {
		memset(rec, 0, sizeof(rec));
		memcpy(rec, "/********* EPSF SECTION MAP *********/", 38);
		be32(rec + 68, offs[i]);
		be32(rec + 72, lens[i]);
		memcpy(rec + 76, names[i % 6], strlen(names[i % 6]));
		if (put(fd, rec, sizeof(rec)) != 0)
			abort();
	}
	be32(head + 260, (uint32_t)pos);
	be32(head + 264, (uint32_t)n);
	if (pwrite(fd, head + 260, 8, 260) != 8)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static sb_ctx *ctx;
	static int verbose = -1;
	struct sb_import_opts opts;
	struct sb_import_summary sum;
	struct sb_import imp;
	struct sb_input in;
	struct sb_prod p;
	char path[64];
	int fd, rc;

	if (verbose < 0)
		verbose = getenv("SB_FUZZ_VERBOSE") != NULL;
	if (ctx == NULL && (ctx = sb_ctx_new()) == NULL)
		abort();
	if ((fd = memfd_create("fuzz.msd", MFD_CLOEXEC)) < 0)
		abort();
	if (size >= 2 && data[0] == '/' && data[1] == '*') {
		if (put(fd, data, size) != 0)
			abort();
	} else {
		wrap(fd, data, size);
	}
	if (lseek(fd, 0, SEEK_SET) != 0)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	memset(&opts, 0, sizeof(opts));
	opts.format = SB_FMT_MSD;
	if (verbose)
		opts.warn = warn_print;
	memset(&sum, 0, sizeof(sum));
	if (sb_input_open(ctx, path, &in) != SB_OK)
		abort();
	memset(&imp, 0, sizeof(imp));
	imp.ctx = ctx;
	imp.in = &in;
	imp.opts = &opts;
	imp.sum = &sum;
	sb_prod_init(&p, ctx);
	rc = sb_msd_parse(&imp, &p);
	if (verbose) {
		if (rc != SB_OK)
			fprintf(stderr, "status %d: %s\n", rc, sb_errmsg(ctx));
		else
			dump(&p);
	}
	sb_prod_free(&p);
	sb_input_close(&in);
	close(fd);
	return 0;
}
