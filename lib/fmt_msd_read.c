/*
 * fmt_msd_read.c - the Movie Magic Scheduling 5/6 native file (.msd) into a
 * production in memory (prod_priv.h).  Nothing here touches the database.
 *
 * The file is an "EPSF" container (docs/sb-import.1, FORMATS): a 716-byte
 * header, sections back to back from byte 716, each a 68-byte section
 * header (marker, NULs, a flag byte) and a payload, and a section map of
 * 332-byte records at the very end.  Flag 1 is a raw DEFLATE stream of one
 * UTF-8 XML document; other flags (cast photos) are skipped.
 *
 * The file is hostile until proven otherwise:
 *  - every offset and length is checked against the file before use: the
 *    map must end exactly at the end of the file, the sections must start
 *    at 716 and follow each other with no gap and no overlap, in map order,
 *    each beginning with the section marker;
 *  - a section inflates to at most MSD_SECTION_CAP bytes, all sections to
 *    MSD_TOTAL_CAP, streamed in chunks: declared sizes are never trusted;
 *  - the XML must be UTF-8 (checked here, with the place of the first bad
 *    byte), must not declare another encoding, and must have no DOCTYPE at
 *    all (refused before libxml2 sees the document, and checked again on
 *    the tree), so DTDs, external entities and entity expansion bombs
 *    never reach the parser's entity code.  libxml2 runs with XML_PARSE_NONET
 *    and without NOENT, DTDLOAD or DTDATTR.
 *
 * Strict on structure, liberal on content.  The container, sizes, offsets,
 * compression, well-formedness, DTDs and entities, a record without its
 * key (a sheet without BDSID, an element without Name), a duplicate BDSID,
 * a dangling BDSID or CalendarName, a strip twice on a
 * board are refused.  A content value this reader does not understand (an
 * estimate, a page count, a date, a flag, an unknown attribute or child)
 * is a warning naming the section, line, record and value, and the value
 * is kept as written in the item's ext ({"_msd": {...}}), so that it
 * survives a round trip (lib/fmt_msd_write.c writes it back).
 *
 * The element paths are those of FORMATS (docs/sb-import.1), and where a
 * second spelling is plausible both are read (tests/fixtures/msd/
 * night-train.txt has the first, night-train-alt.txt the second):
 *  - sections are told by their XML root, not their map name; a root this
 *    reader does not use (layouts) is parsed, then ignored; a second
 *    section with the same used root is refused;
 *  - ProductionInfo/ * /Property[@Name,@Value or text]: PictureTitle (or
 *    Title) is the title and the project's name; Company, PreparedBy and
 *    ScriptDated are the USS header's company, author and scriptDate; all
 *    of them are kept in order as the meta's "msdInfo";
 *  - CategoryMgr/CategoryList (or Categories)/Category; its other
 *    attributes are kept;
 *  - ElementMgr/Elements/Element with Property children (kept) and
 *    LinkedElements/LinkedElement[@CategoryName,@Name] (the element's
 *    linked elements; one naming no element is kept with a warning);
 *  - BreakdownSheet: EstimateTimeA/B as H:MM (A, else B), or as whole
 *    numbers, B hours and A minutes; both kept as written; Sequence and
 *    Unit are elements of the categories "Sequence" and "Unit";
 *    SheetNumber is kept; an ElementRef naming an element that ElementMgr
 *    does not list adds it, with a warning;
 *  - ActiveStripBoard and DefaultCalendar: a Property in a PropertyList of
 *    the root's preferences (or right under the root, or a root
 *    attribute); a board without CalendarName takes the default calendar;
 *  - ScheduledStrips/ScheduleDay; RemainingScheduledStrips in
 *    ScheduledStrips (or right under the StripBoard); UnscheduledStrips
 *    holding UnscheduledDay and RemainingUnscheduledStrips groups (kept as
 *    names and sizes in the boneyard's ext) or strips right under it;
 *  - no strip is lost: a sheet a board does not place goes to the end of
 *    its boneyard, with a warning;
 *  - a Calendar without a Name or with the Name of an earlier one is read
 *    under the name the writer gives it (sb_msd_calendar_name(): "Calendar",
 *    "Name (2)"), with a warning; a CalendarName means the first;
 *  - ScheduleDates: ProductionStartDate is the start; every milestone is
 *    kept as written; SpecialDay: Holiday wins over CompanyTravel, over
 *    ExceptionWorkday, over Off; one with none of them is kept as a note,
 *    with a warning; one with a date that is not MM/DD/YYYY is kept in the
 *    calendar's ext;
 *  - ColorSettings/ColorGrid/ColorGridCells/ColorGridCell and
 *    RedFlagMgr/RedFlagEntryList/RedFlagEntry: each record's attributes,
 *    kept in the meta ("msdColors", "msdRedFlags").
 */
#include <config.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <zlib.h>

#include "dl_priv.h"

#include "fmt_priv.h"
#include "json_priv.h"

#define MSD_HEADER 716          /* the file header */
#define MSD_SEC_HEAD 68         /* marker and space (35), 32 NULs, the flag */
#define MSD_MAP_REC 332         /* one section map record */
#define MSD_FIELD 64            /* a NUL-padded text field */
#define MSD_SECTION_CAP ((size_t)64 << 20)
#define MSD_TOTAL_CAP ((size_t)256 << 20)
#define MSD_MAX_FILE ((size_t)1 << 30)
#define MSD_CHUNK ((size_t)64 << 10)
/*
 * The most tags and attributes ('<' and '=') all sections may hold: a
 * parsed tree costs some hundred bytes a node, whatever the text, so this
 * bounds the memory the trees take (a production of 5000 sheets with 30
 * elements each is some 600 000).
 */
#define MSD_MAX_MARKUP ((size_t)4000000)

static const char file_magic[] = "/********* EPSF FILE ********/";
static const char sec_magic[] = "/********* EPSF SECTION *********/ ";
static const char map_magic[] = "/********* EPSF SECTION MAP *********/";

/* The roots this reader uses, in the order they are read. */
enum { R_INFO, R_CATS, R_ELS, R_SHEETS, R_CALS, R_BOARDS, R_COLORS, R_FLAGS,
	R_COUNT };
static const char *const root_names[R_COUNT] = {
	"ProductionInfo", "CategoryMgr", "ElementMgr", "BreakdownSheetMgr",
	"CalendarMgr", "StripBoardMgr", "ColorSettings", "RedFlagMgr"
};

struct msd_sec {
	size_t no;              /* 1-based, in map order */
	char name[MSD_FIELD + 1]; /* printable ASCII, for messages */
	uint32_t off, len;
	int flag;
	xmlDocPtr doc;
};

struct msd {
	struct sb_import *imp;
	struct sb_prod *p;
	sb_ctx *ctx;
	const char *file;
	const unsigned char *data;
	size_t len;
	struct msd_sec *secs;
	size_t nsecs;
	size_t inflated;        /* bytes inflated so far, all sections */
	size_t markup;          /* '<' and '=' seen so far, all sections */
	struct msd_sec *sec;    /* the section being read, for messages */
	struct msd_sec *roots[R_COUNT];
	char rec[160];          /* the record being read: BreakdownSheet BDSID="7" */
	xmlChar **scratch;      /* attribute values of the record being read */
	size_t nscratch, capscratch;
	size_t *seen;           /* strip -> board index + 1 that placed it */
	size_t nsheets;         /* strips 0 .. nsheets - 1 are the sheets */
	long default_cal;       /* DefaultCalendar, -1: none */
	json_t *meta;           /* what becomes the project's meta */
};

static uint32_t
be32(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 |
	    (uint32_t)b[3];
}

/* A NUL-padded text field, cut at its NUL or at 64 bytes. */
static void
field(const unsigned char *b, char out[MSD_FIELD + 1])
{
	size_t n = 0;

	while (n < MSD_FIELD && b[n] != '\0')
		n++;
	memcpy(out, b, n);
	out[n] = '\0';
}

/* The same, printable ASCII only: a name for messages. */
static void
field_ascii(const unsigned char *b, char out[MSD_FIELD + 1])
{
	field(b, out);
	for (char *s = out; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			*s = '?';
}

/* Copy s into buf (size n), cut at a character boundary with "...". */
static const char *
clip(const char *s, char *buf, size_t n)
{
	size_t len = strlen(s), k;

	if (len < n) {
		memcpy(buf, s, len + 1);
		return buf;
	}
	k = n - 4;
	while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
		k--;
	memcpy(buf, s, k);
	memcpy(buf + k, "...", 4);
	return buf;
}

static int
oom(struct msd *m)
{
	return sb_err(m->ctx, SB_EFAIL, "%s: out of memory", m->file);
}

/* A message about the file as a whole: FILE: byte N: what. */
static int
bad_byte(struct msd *m, uint64_t byte, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int
bad_byte(struct msd *m, uint64_t byte, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return sb_err(m->ctx, SB_EDATA, "%s: byte %llu: %s", m->file,
	    (unsigned long long)byte, what);
}

/* A message about a section: FILE: section N (Name): what. */
static int
bad_sec(struct msd *m, const struct msd_sec *s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int
bad_sec(struct msd *m, const struct msd_sec *s, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return sb_err(m->ctx, SB_EDATA, "%s: section %zu (%s): %s", m->file, s->no,
	    s->name[0] != '\0' ? s->name : "no name", what);
}

/* A message about an XML node: FILE: section N (Name): line L: record: what. */
static void
where_node(struct msd *m, xmlNodePtr node, char *buf, size_t size)
{
	const struct msd_sec *s = m->sec;

	snprintf(buf, size, "%s: section %zu (%s): line %ld: %s%s", m->file, s->no,
	    s->name[0] != '\0' ? s->name : "no name",
	    node != NULL ? xmlGetLineNo(node) : 0L, m->rec, m->rec[0] ? ": " : "");
}

static int
bad(struct msd *m, xmlNodePtr node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int
bad(struct msd *m, xmlNodePtr node, const char *fmt, ...)
{
	char where[512], what[512];
	va_list ap;

	where_node(m, node, where, sizeof(where));
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return sb_err(m->ctx, SB_EDATA, "%s%s", where, what);
}

static void
warn(struct msd *m, xmlNodePtr node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void
warn(struct msd *m, xmlNodePtr node, const char *fmt, ...)
{
	char where[512], what[512];
	size_t skip = strlen(m->file) + 2;
	va_list ap;

	where_node(m, node, where, sizeof(where));
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	/* sb_import_warn() names the file itself. */
	sb_import_warn(m->imp, "%s%s", strlen(where) >= skip ? where + skip : where,
	    what);
}

/* ---- the container ---- */

static int
read_header(struct msd *m)
{
	char ver[MSD_FIELD + 1], type[MSD_FIELD + 1], fmt[MSD_FIELD + 1];
	json_t *o;
	static const struct { const char *key; size_t off; } texts[] = {
		{ "epsfVersion", 64 }, { "fileType", 128 }, { "scheduleFormat", 192 },
		{ "writerApp", 268 }, { "writerVersion", 332 }, { "writerTime", 396 },
		{ "creatorApp", 460 }, { "creatorVersion", 524 }, { "creatorTime", 588 },
	};

	if (m->len < MSD_HEADER)
		return sb_err(m->ctx, SB_EDATA, "%s: byte %zu: truncated: an .msd "
		    "file has a header of %d bytes, the file has %zu", m->file,
		    m->len, MSD_HEADER, m->len);
	if (memcmp(m->data, file_magic, sizeof(file_magic) - 1) != 0)
		return bad_byte(m, 0, "not an .msd file: no \"%s\" magic", file_magic);
	field(m->data + 128, type);
	field(m->data + 192, fmt);
	field(m->data + 64, ver);
	if (strcmp(type, "EPS Schedule File") != 0) {
		field_ascii(m->data + 128, type);
		sb_import_warn(m->imp, "byte 128: file type \"%s\", not \"EPS Schedule "
		    "File\" (read anyway)", type);
	}
	if (strncmp(fmt, "05.", 3) != 0 && strncmp(fmt, "06.", 3) != 0) {
		field_ascii(m->data + 192, fmt);
		sb_import_warn(m->imp, "byte 192: schedule format version \"%s\" is "
		    "neither 05 (MMS 5) nor 06 (MMS 6) (read anyway)", fmt);
	}
	/* What the header says is kept as the project's meta. */
	if ((o = json_object()) == NULL || json_object_set_new(m->meta, "msd", o) != 0)
		return oom(m);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char t[MSD_FIELD + 1];

		field(m->data + texts[i].off, t);
		if (!sb_utf8_valid(t, strlen(t)))
			return bad_byte(m, texts[i].off, "the %s field is not UTF-8 text",
			    texts[i].key);
		if (json_object_set_new(o, texts[i].key, json_string(t)) != 0)
			return oom(m);
	}
	return SB_OK;
}

static int
read_map(struct msd *m)
{
	uint32_t map_off = be32(m->data + 260), count = be32(m->data + 264);
	uint64_t expect = MSD_HEADER, map_end;
	const uint64_t room = m->len - MSD_HEADER;

	/* Each section takes its 68-byte header and a map record at least. */
	if ((uint64_t)count > room / (MSD_MAP_REC + MSD_SEC_HEAD))
		return bad_byte(m, 264, "section count %lu does not fit in a file "
		    "of %zu bytes", (unsigned long)count, m->len);
	map_end = (uint64_t)map_off + (uint64_t)count * MSD_MAP_REC;
	if (map_off < MSD_HEADER)
		return bad_byte(m, 260, "section map offset %lu is inside the "
		    "%d-byte header", (unsigned long)map_off, MSD_HEADER);
	if (map_end != m->len)
		return bad_byte(m, 260, "section map offset %lu and %lu records of "
		    "%d bytes end at byte %llu, not at the end of the file (%zu bytes)",
		    (unsigned long)map_off, (unsigned long)count, MSD_MAP_REC,
		    (unsigned long long)map_end, m->len);
	if (count > 0 && (m->secs = calloc(count, sizeof(*m->secs))) == NULL)
		return oom(m);
	m->nsecs = count;
	for (uint32_t i = 0; i < count; i++) {
		struct msd_sec *s = &m->secs[i];
		const unsigned char *r = m->data + map_off + (size_t)i * MSD_MAP_REC;
		uint64_t end;

		s->no = (size_t)i + 1;
		field_ascii(r + 76, s->name);
		if (memcmp(r, map_magic, sizeof(map_magic) - 1) != 0)
			return bad_byte(m, (uint64_t)map_off + (uint64_t)i * MSD_MAP_REC,
			    "section map record %lu: no section map marker",
			    (unsigned long)i + 1);
		s->off = be32(r + 68);
		s->len = be32(r + 72);
		end = (uint64_t)s->off + s->len;
		if (s->off < expect) {
			if (i == 0)
				return bad_sec(m, s, "starts at byte %lu, inside the "
				    "%d-byte header", (unsigned long)s->off, MSD_HEADER);
			return bad_sec(m, s, "starts at byte %lu and overlaps section "
			    "%lu, which ends at byte %llu", (unsigned long)s->off,
			    (unsigned long)i, (unsigned long long)expect);
		}
		if (s->off > expect) {
			if (i == 0)
				return bad_sec(m, s, "starts at byte %lu; the first section "
				    "starts at byte %d, after the header",
				    (unsigned long)s->off, MSD_HEADER);
			return bad_sec(m, s, "starts at byte %lu, but section %lu ends at "
			    "byte %llu: sections follow each other with no gap",
			    (unsigned long)s->off, (unsigned long)i,
			    (unsigned long long)expect);
		}
		if (s->len < MSD_SEC_HEAD)
			return bad_sec(m, s, "length %lu is shorter than the %d-byte "
			    "section header", (unsigned long)s->len, MSD_SEC_HEAD);
		if (end > m->len)
			return bad_sec(m, s, "bytes %lu to %llu run past the end of the "
			    "file (%zu bytes)", (unsigned long)s->off,
			    (unsigned long long)end, m->len);
		if (end > map_off)
			return bad_sec(m, s, "bytes %lu to %llu run into the section map "
			    "at byte %lu", (unsigned long)s->off,
			    (unsigned long long)end, (unsigned long)map_off);
		if (memcmp(m->data + s->off, sec_magic, sizeof(sec_magic) - 1) != 0)
			return bad_sec(m, s, "byte %lu: no section marker",
			    (unsigned long)s->off);
		s->flag = m->data[s->off + MSD_SEC_HEAD - 1];
		expect = end;
	}
	if (expect != map_off)
		return bad_byte(m, expect, "bytes %llu to %lu, before the section map, "
		    "belong to no section", (unsigned long long)expect,
		    (unsigned long)map_off);
	return SB_OK;
}

/*
 * Inflate the payload of s into *out (NUL-terminated), in chunks, stopping
 * at the caps whatever the stream claims.
 */
static int
inflate_section(struct msd *m, struct msd_sec *s, unsigned char **out,
    size_t *outlen)
{
	z_stream z;
	size_t cap, have = 0, size = 0, total_left = MSD_TOTAL_CAP - m->inflated;
	unsigned char *buf = NULL;
	int zrc, rc = SB_OK;

	cap = MSD_SECTION_CAP < total_left ? MSD_SECTION_CAP : total_left;
	memset(&z, 0, sizeof(z));
	if ((zrc = inflateInit2(&z, -15)) != Z_OK)
		return zrc == Z_MEM_ERROR ? oom(m) :
		    sb_err(m->ctx, SB_EFAIL, "%s: zlib: %s", m->file,
		    z.msg != NULL ? z.msg : "inflateInit2 failed");
	z.next_in = (Bytef *)(m->data + s->off + MSD_SEC_HEAD);
	z.avail_in = (uInt)(s->len - MSD_SEC_HEAD);
	for (;;) {
		if (have == size) {
			/* One byte past the cap tells a stream that goes on. */
			size_t nsize = size == 0 ? MSD_CHUNK : size * 2;
			unsigned char *q;

			if (size > cap) {
				if (cap == MSD_SECTION_CAP)
					rc = bad_sec(m, s, "inflates past %zu MiB, the most "
					    "a section may hold", MSD_SECTION_CAP >> 20);
				else
					rc = bad_sec(m, s, "the sections inflate past %zu MiB "
					    "in all, the most a file may hold",
					    MSD_TOTAL_CAP >> 20);
				goto done;
			}
			if (nsize > cap + 1)
				nsize = cap + 1;
			if ((q = realloc(buf, nsize + 1)) == NULL) {
				rc = oom(m);
				goto done;
			}
			buf = q;
			size = nsize;
		}
		z.next_out = buf + have;
		z.avail_out = (uInt)(size - have);
		zrc = inflate(&z, Z_NO_FLUSH);
		have = size - z.avail_out;
		if (zrc == Z_STREAM_END)
			break;
		if (zrc == Z_OK)
			continue;
		if (zrc == Z_BUF_ERROR && z.avail_in == 0) {
			rc = bad_sec(m, s, "the compressed data ends early (after "
			    "%zu bytes inflated)", have);
			goto done;
		}
		if (zrc == Z_BUF_ERROR)
			continue;
		if (zrc == Z_MEM_ERROR) {
			rc = oom(m);
			goto done;
		}
		rc = bad_sec(m, s, "not raw DEFLATE data: %s",
		    z.msg != NULL ? z.msg : "zlib error");
		goto done;
	}
	if (have > cap) {
		rc = bad_sec(m, s, "inflates past %zu MiB, the most a section may hold",
		    cap >> 20);
		goto done;
	}
	buf[have] = '\0';
	m->inflated += have;
	*out = buf;
	*outlen = have;
	buf = NULL;
done:
	inflateEnd(&z);
	free(buf);
	return rc;
}

/* The offset of the first byte that is not valid UTF-8 (or a NUL), or len. */
static size_t
utf8_bad(const unsigned char *p, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned c = p[i], cp, min;
		size_t need;

		if (c == 0)
			return i;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			need = 1, cp = c & 0x1f, min = 0x80;
		else if (c >= 0xe0 && c <= 0xef)
			need = 2, cp = c & 0x0f, min = 0x800;
		else if (c >= 0xf0 && c <= 0xf4)
			need = 3, cp = c & 0x07, min = 0x10000;
		else
			return i;
		if (len - i <= need)
			return i;
		for (size_t k = 1; k <= need; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += need + 1;
	}
	return len;
}

static size_t
line_at(const unsigned char *p, size_t off)
{
	size_t line = 1;

	for (size_t i = 0; i < off; i++)
		line += p[i] == '\n';
	return line;
}

static int
starts(const unsigned char *p, size_t left, const char *s)
{
	size_t n = strlen(s);

	return left >= n && memcmp(p, s, n) == 0;
}

/* The end of what starts at p: just past the first "term", or NULL. */
static const unsigned char *
past(const unsigned char *p, const unsigned char *end, const char *term)
{
	size_t n = strlen(term);

	for (; (size_t)(end - p) >= n; p++)
		if (memcmp(p, term, n) == 0)
			return p + n;
	return NULL;
}

/*
 * The document must be UTF-8 and its prolog must hold no DOCTYPE: refuse
 * both before libxml2 parses anything.
 */
static int
check_text(struct msd *m, struct msd_sec *s, const unsigned char *x, size_t n)
{
	const unsigned char *p = x, *end = x + n, *q;
	size_t badat = utf8_bad(x, n);

	if (badat < n)
		return bad_sec(m, s, "line %zu, byte %zu of the XML: %s", line_at(x, badat),
		    badat + 1, x[badat] == '\0' ? "a NUL byte in XML text" :
		    "not valid UTF-8 (a section's XML is UTF-8)");
	for (size_t i = 0; i < n; i++)
		m->markup += x[i] == '<' || x[i] == '=';
	if (m->markup > MSD_MAX_MARKUP)
		return bad_sec(m, s, "more than %zu tags and attributes in all, more "
		    "than a production holds", MSD_MAX_MARKUP);
	if (starts(p, (size_t)(end - p), "\xef\xbb\xbf"))
		p += 3;
	if (starts(p, (size_t)(end - p), "<?xml") && (q = past(p, end, "?>")) != NULL) {
		/* The declaration may name an encoding: only UTF-8. */
		const unsigned char *e = p;

		while ((e = past(e, q, "encoding")) != NULL) {
			const unsigned char *v = e;
			char enc[32];
			size_t k = 0;

			while (v < q && (*v == ' ' || *v == '\t' || *v == '\r' ||
			    *v == '\n' || *v == '='))
				v++;
			if (v >= q || (*v != '"' && *v != '\''))
				continue;
			for (v++; v < q && *v != '"' && *v != '\'' && k + 1 < sizeof(enc); v++)
				enc[k++] = (char)*v;
			enc[k] = '\0';
			if (strcasecmp(enc, "UTF-8") != 0 && strcasecmp(enc, "UTF8") != 0) {
				char c[40];

				for (char *t = enc; *t != '\0'; t++)
					if ((unsigned char)*t < 0x20 || (unsigned char)*t > 0x7e)
						*t = '?';
				return bad_sec(m, s, "line %zu: the XML declares the encoding "
				    "\"%s\"; a section's XML is UTF-8",
				    line_at(x, (size_t)(p - x)), clip(enc, c, sizeof(c)));
			}
			break;
		}
		p = q;
	}
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
			p++;
		if (starts(p, (size_t)(end - p), "<!--"))
			q = past(p + 4, end, "-->");
		else if (starts(p, (size_t)(end - p), "<?"))
			q = past(p + 2, end, "?>");
		else
			break;
		if (q == NULL)
			break;    /* libxml2 will say what is wrong */
		p = q;
	}
	if (starts(p, (size_t)(end - p), "<!DOCTYPE") ||
	    starts(p, (size_t)(end - p), "<!doctype"))
		return bad_sec(m, s, "line %zu: a DOCTYPE: DTDs and entity declarations "
		    "are refused (a section's XML has none)", line_at(x, (size_t)(p - x)));
	return SB_OK;
}

static int
parse_section(struct msd *m, struct msd_sec *s, const unsigned char *x, size_t n)
{
	xmlParserCtxtPtr pc;
	xmlDocPtr doc;
	xmlNodePtr root;
	int rc;

	if ((rc = check_text(m, s, x, n)) != SB_OK)
		return rc;
	if (n > (size_t)INT32_MAX)
		return bad_sec(m, s, "too large to parse");
	if ((pc = xmlNewParserCtxt()) == NULL)
		return oom(m);
	/*
	 * The trees are most of the memory an import takes (some 80 MB for the
	 * 7 MB of sheets of 10 000 strips): no encoding handler (check_text()
	 * has proved the text UTF-8: without IGNORE_ENC the declaration makes
	 * libxml2 copy it through one), short texts inside their nodes
	 * (COMPACT), and no nodes for the blanks between elements (NOBLANKS:
	 * libxml2 keeps the blank content of an element that has nothing else).
	 */
	doc = xmlCtxtReadMemory(pc, (const char *)x, (int)n, "section.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC |
	    XML_PARSE_COMPACT | XML_PARSE_NOBLANKS);
	if (doc == NULL || !pc->wellFormed) {
		xmlErrorPtr e = xmlCtxtGetLastError(pc);
		char msg[300];
		size_t k;

		if (e != NULL && e->code == XML_ERR_NO_MEMORY)
			rc = oom(m);
		else {
			snprintf(msg, sizeof(msg), "%s", e != NULL && e->message != NULL ?
			    e->message : "not well-formed");
			k = strlen(msg);
			while (k > 0 && (msg[k - 1] == '\n' || msg[k - 1] == ' '))
				msg[--k] = '\0';
			rc = bad_sec(m, s, "line %d: XML: %s", e != NULL ? e->line : 0, msg);
		}
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(pc);
		return rc;
	}
	xmlFreeParserCtxt(pc);
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		xmlFreeDoc(doc);
		return bad_sec(m, s, "a DOCTYPE: DTDs and entity declarations are refused");
	}
	if ((root = xmlDocGetRootElement(doc)) == NULL) {
		xmlFreeDoc(doc);
		return bad_sec(m, s, "no root element");
	}
	for (int r = 0; r < R_COUNT; r++) {
		if (xmlStrcmp(root->name, (const xmlChar *)root_names[r]) != 0)
			continue;
		if (m->roots[r] != NULL) {
			xmlFreeDoc(doc);
			return bad_sec(m, s, "a second %s (section %zu is one)",
			    root_names[r], m->roots[r]->no);
		}
		m->roots[r] = s;
		s->doc = doc;
		return SB_OK;
	}
	xmlFreeDoc(doc);    /* a root this reader does not use */
	return SB_OK;
}

static int
read_sections(struct msd *m)
{
	for (size_t i = 0; i < m->nsecs; i++) {
		struct msd_sec *s = &m->secs[i];
		unsigned char *x = NULL;
		size_t n = 0;
		int rc;

		if (s->flag != 1)
			continue; /* a photo, or what this reader does not know */
		if ((rc = inflate_section(m, s, &x, &n)) != SB_OK)
			return rc;
		rc = parse_section(m, s, x, n);
		free(x);
		if (rc != SB_OK)
			return rc;
	}
	return SB_OK;
}

/* ---- the XML ---- */

static int
is_el(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    xmlStrcmp(n->name, (const xmlChar *)name) == 0;
}

/* The first element child of n called name, or NULL. */
static xmlNodePtr
child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n != NULL ? n->children : NULL; c != NULL; c = c->next)
		if (is_el(c, name))
			return c;
	return NULL;
}

/* The next sibling element of n (n included when self) called name. */
static xmlNodePtr
next_el(xmlNodePtr n, const char *name)
{
	for (; n != NULL; n = n->next)
		if (is_el(n, name))
			return n;
	return NULL;
}

#define EACH(c, parent, name) \
	for (xmlNodePtr c = next_el((parent) != NULL ? (parent)->children : NULL, (name)); \
	    c != NULL; c = next_el(c->next, (name)))

static void
scratch_reset(struct msd *m)
{
	for (size_t i = 0; i < m->nscratch; i++)
		xmlFree(m->scratch[i]);
	m->nscratch = 0;
}

/*
 * The value of attribute name of n (NULL: absent), kept until
 * scratch_reset().  *rc is set on failure (and NULL returned).
 */
static const char *
attr(struct msd *m, xmlNodePtr n, const char *name, int *rc)
{
	xmlAttrPtr a;
	xmlChar *v;

	*rc = SB_OK;
	for (a = n->properties; a != NULL; a = a->next)
		if (a->ns == NULL && xmlStrcmp(a->name, (const xmlChar *)name) == 0)
			break;
	if (a == NULL)
		return NULL;
	if (m->nscratch == m->capscratch) {
		size_t ncap = m->capscratch ? m->capscratch * 2 : 32;
		xmlChar **q = realloc(m->scratch, ncap * sizeof(*q));

		if (q == NULL) {
			*rc = oom(m);
			return NULL;
		}
		m->scratch = q;
		m->capscratch = ncap;
	}
	if ((v = xmlNodeListGetString(n->doc, a->children, 1)) == NULL)
		v = xmlStrdup((const xmlChar *)"");
	if (v == NULL) {
		*rc = oom(m);
		return NULL;
	}
	m->scratch[m->nscratch++] = v;
	if (strlen((const char *)v) > SB_MAX_FIELD) {
		*rc = bad(m, n, "%s is longer than %d bytes", name, SB_MAX_FIELD);
		return NULL;
	}
	return (const char *)v;
}

/* An attribute that must be there and not empty. */
static const char *
need_attr(struct msd *m, xmlNodePtr n, const char *name, int *rc)
{
	const char *v = attr(m, n, name, rc);

	if (*rc != SB_OK)
		return NULL;
	if (v == NULL || v[0] == '\0') {
		*rc = bad(m, n, "%s %s", name, v == NULL ? "is missing" : "is empty");
		return NULL;
	}
	return v;
}

/* A record's description for messages: Element Name="..." */
static void
set_rec(struct msd *m, const char *what, const char *key, const char *val)
{
	char c[64];

	if (key == NULL || val == NULL)
		snprintf(m->rec, sizeof(m->rec), "%s", what);
	else
		snprintf(m->rec, sizeof(m->rec), "%s %s=\"%s\"", what, key,
		    clip(val, c, sizeof(c)));
}

/*
 * ---- what the reader keeps ----
 *
 * A record's "raw" object holds what no column takes: attributes that are
 * listed in the format but not modelled (SheetNumber, SortOrder...),
 * values the reader did not understand (kept as written, with a warning),
 * unknown attributes and children (kept, with a warning).  It becomes the
 * item's ext, {"_msd": raw}, so a USS export shows it and the .msd writer
 * (fmt_msd_write.c) gives it back.
 */

static int
raw_set(struct msd *m, json_t *raw, const char *key, const char *val)
{
	if (json_object_set_new(raw, key, json_string(val)) != 0)
		return oom(m);
	return SB_OK;
}

/* Item ext: {"_msd": raw} when raw holds anything; raw is released. */
static int
raw_ext(struct msd *m, json_t *raw, char **ext)
{
	json_t *o;
	char *s;

	if (raw == NULL || json_object_size(raw) == 0) {
		json_decref(raw);
		return SB_OK;
	}
	if ((o = json_object()) == NULL) {
		json_decref(raw);
		return oom(m);
	}
	if (json_object_set_new(o, "_msd", raw) != 0) {
		json_decref(o);
		return oom(m);
	}
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (s == NULL)
		return oom(m);
	free(*ext);
	*ext = s;
	return SB_OK;
}

/* Whether name is in the NULL-ended list ("*" is every name). */
static int
in_list(const char *name, const char *const *list)
{
	for (; list != NULL && *list != NULL; list++)
		if (strcmp(name, *list) == 0 || strcmp(*list, "*") == 0)
			return 1;
	return 0;
}

/*
 * Every attribute of n that is not in modelled goes into raw; one that is
 * in neither modelled nor listed (the attributes FORMATS names) is also a
 * warning.
 */
static int
keep_attrs(struct msd *m, xmlNodePtr n, const char *const *modelled,
    const char *const *listed, json_t *raw)
{
	for (xmlAttrPtr a = n->properties; a != NULL; a = a->next) {
		const char *name = (const char *)a->name, *v;
		int rc;

		if (a->ns != NULL || in_list(name, modelled))
			continue;
		if ((v = attr(m, n, name, &rc)) == NULL)
			return rc;
		if (!in_list(name, listed)) {
			char c1[64], c2[64];

			warn(m, n, "unknown attribute %s=\"%s\" (kept)",
			    clip(name, c1, sizeof(c1)), clip(v, c2, sizeof(c2)));
		}
		if ((rc = raw_set(m, raw, name, v)) != SB_OK)
			return rc;
	}
	return SB_OK;
}

/*
 * The children of n that are elements not in known: each a warning, and its
 * XML kept in raw "children" as text.
 */
static int
keep_children(struct msd *m, xmlNodePtr n, const char *const *known, json_t *raw)
{
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		xmlBufferPtr b;
		json_t *list;
		char cut[64];
		int bad_len;

		if (c->type != XML_ELEMENT_NODE || in_list((const char *)c->name, known))
			continue;
		warn(m, c, "unknown element <%s> (kept)",
		    clip((const char *)c->name, cut, sizeof(cut)));
		if ((b = xmlBufferCreate()) == NULL)
			return oom(m);
		if (xmlNodeDump(b, c->doc, c, 0, 0) < 0) {
			xmlBufferFree(b);
			return oom(m);
		}
		bad_len = xmlBufferLength(b) > SB_MAX_FIELD;
		if (bad_len) {
			xmlBufferFree(b);
			return bad(m, c, "an element of more than %d bytes", SB_MAX_FIELD);
		}
		if ((list = json_object_get(raw, "children")) == NULL) {
			if ((list = json_array()) == NULL ||
			    json_object_set_new(raw, "children", list) != 0) {
				xmlBufferFree(b);
				return oom(m);
			}
		}
		if (json_array_append_new(list, json_string((const char *)
		    xmlBufferContent(b))) != 0) {
			xmlBufferFree(b);
			return oom(m);
		}
		xmlBufferFree(b);
	}
	return SB_OK;
}

/* The value of a Property: its Value, else its text (CDATA). */
static const char *
prop_value(struct msd *m, xmlNodePtr n, int *rc)
{
	const char *v = attr(m, n, "Value", rc);
	xmlChar *t;

	if (v != NULL || *rc != SB_OK)
		return v;
	if ((t = xmlNodeGetContent(n)) == NULL)
		return "";
	if (m->nscratch == m->capscratch) {
		size_t ncap = m->capscratch ? m->capscratch * 2 : 32;
		xmlChar **q = realloc(m->scratch, ncap * sizeof(*q));

		if (q == NULL) {
			xmlFree(t);
			*rc = oom(m);
			return NULL;
		}
		m->scratch = q;
		m->capscratch = ncap;
	}
	m->scratch[m->nscratch++] = t;
	if (strlen((const char *)t) > SB_MAX_FIELD) {
		*rc = bad(m, n, "Property is longer than %d bytes", SB_MAX_FIELD);
		return NULL;
	}
	return (const char *)t;
}

/*
 * A property of a section: <Property Name="name" Value="..."/> in a
 * PropertyList (or any element) one level below the root, or right
 * under the root, or else an attribute of the root of that name.
 */
static const char *
property(struct msd *m, xmlNodePtr root, const char *name, xmlNodePtr *at, int *rc)
{
	*at = root;
	*rc = SB_OK;
	for (xmlNodePtr c = root->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		for (xmlNodePtr d = is_el(c, "Property") ? c : c->children;
		    d != NULL; d = d->next) {
			const char *pn;

			if (is_el(d, "Property")) {
				if ((pn = attr(m, d, "Name", rc)) == NULL && *rc != SB_OK)
					return NULL;
				if (pn != NULL && strcmp(pn, name) == 0) {
					*at = d;
					return prop_value(m, d, rc);
				}
			} else if (is_el(d, "PropertyList")) {
				EACH(e, d, "Property") {
					if ((pn = attr(m, e, "Name", rc)) == NULL && *rc != SB_OK)
						return NULL;
					if (pn != NULL && strcmp(pn, name) == 0) {
						*at = e;
						return prop_value(m, e, rc);
					}
				}
			}
			if (d == c)
				break;
		}
	}
	return attr(m, root, name, rc);
}

static xmlNodePtr
root_of(struct msd *m, int r)
{
	m->sec = m->roots[r];
	m->rec[0] = '\0';
	return m->sec != NULL ? xmlDocGetRootElement(m->sec->doc) : NULL;
}

/* ProductionInfo: one Property, a [name, value] of the list. */
static int
info_prop(struct msd *m, xmlNodePtr d, json_t *list, json_t *uss, int *have_title)
{
	static const struct { const char *prop, *key; } to_uss[] = {
		{ "Company", "company" }, { "PreparedBy", "author" },
		{ "ScriptDated", "scriptDate" },
	};
	const char *name, *v;
	json_t *pair;
	int rc;

	set_rec(m, "Property", NULL, NULL);
	if ((name = attr(m, d, "Name", &rc)) == NULL) {
		if (rc == SB_OK)
			warn(m, d, "a Property without a Name (ignored)");
		return rc;
	}
	set_rec(m, "Property", "Name", name);
	if ((v = prop_value(m, d, &rc)) == NULL)
		return rc;
	pair = json_pack("[ss]", name, v);
	if (pair == NULL || json_array_append_new(list, pair) != 0)
		return oom(m);
	/* PictureTitle is the title; "Title" is read as well, after it. */
	if (v[0] != '\0' && (strcmp(name, "PictureTitle") == 0 ||
	    (strcmp(name, "Title") == 0 && !*have_title))) {
		if (sb_prod_text(m->p, &m->p->title, v) != SB_OK ||
		    sb_prod_text(m->p, &m->p->name, v) != SB_OK)
			return SB_EFAIL;
		*have_title = strcmp(name, "PictureTitle") == 0;
	}
	for (size_t i = 0; i < sizeof(to_uss) / sizeof(to_uss[0]); i++)
		if (strcmp(name, to_uss[i].prop) == 0 &&
		    json_object_set_new(uss, to_uss[i].key, json_string(v)) != 0)
			return oom(m);
	return SB_OK;
}

static int
read_info(struct msd *m)
{
	xmlNodePtr root = root_of(m, R_INFO);
	json_t *list, *uss;
	int rc = SB_OK, have_title = 0;

	if (root == NULL)
		return SB_OK;
	list = json_array();
	uss = json_object();
	if (list == NULL || uss == NULL) {
		json_decref(list);
		json_decref(uss);
		return oom(m);
	}
	for (xmlNodePtr c = root->children; c != NULL && rc == SB_OK; c = c->next) {
		if (is_el(c, "Property"))
			rc = info_prop(m, c, list, uss, &have_title);
		else if (c->type == XML_ELEMENT_NODE)
			EACH(d, c, "Property")
				if ((rc = info_prop(m, d, list, uss, &have_title)) != SB_OK)
					break;
		scratch_reset(m);
	}
	if (rc == SB_OK && json_array_size(list) > 0 &&
	    json_object_set(m->meta, "msdInfo", list) != 0)
		rc = oom(m);
	if (rc == SB_OK && json_object_size(uss) > 0 &&
	    json_object_set(m->meta, "uss", uss) != 0)
		rc = oom(m);
	json_decref(list);
	json_decref(uss);
	scratch_reset(m);
	return rc;
}

/* The container of a list: the first of two spellings there is. */
static xmlNodePtr
either(xmlNodePtr n, const char *a, const char *b)
{
	xmlNodePtr c = child(n, a);

	return c != NULL ? c : child(n, b);
}

static int
read_categories(struct msd *m)
{
	static const char *const modelled[] = { "Name", NULL };
	xmlNodePtr root = root_of(m, R_CATS);
	int rc = SB_OK;

	EACH(c, either(root, "CategoryList", "Categories"), "Category") {
		const char *name;
		json_t *raw;
		size_t idx;

		set_rec(m, "Category", NULL, NULL);
		if ((name = need_attr(m, c, "Name", &rc)) == NULL)
			break;
		set_rec(m, "Category", "Name", name);
		if ((rc = sb_prod_category(m->p, name, -1, &idx)) != SB_OK)
			break;
		/* sort attributes and the like: kept, no warning */
		if ((raw = json_object()) == NULL) {
			rc = oom(m);
			break;
		}
		for (xmlAttrPtr a = c->properties; a != NULL && rc == SB_OK; a = a->next) {
			const char *v;

			if (a->ns != NULL || in_list((const char *)a->name, modelled))
				continue;
			if ((v = attr(m, c, (const char *)a->name, &rc)) != NULL)
				rc = raw_set(m, raw, (const char *)a->name, v);
		}
		if (rc != SB_OK) {
			json_decref(raw);
			break;
		}
		if ((rc = raw_ext(m, raw, &m->p->cats[idx].ext)) != SB_OK)
			break;
		scratch_reset(m);
	}
	scratch_reset(m);
	return rc;
}

/* First pass: every element, so that links may name one further on. */
static int
read_elements(struct msd *m)
{
	xmlNodePtr root = root_of(m, R_ELS);
	int rc = SB_OK;

	EACH(e, either(root, "Elements", "ElementList"), "Element") {
		const char *cat, *name, *board_id;
		size_t ci, ei;

		set_rec(m, "Element", NULL, NULL);
		if ((name = need_attr(m, e, "Name", &rc)) == NULL)
			break;
		set_rec(m, "Element", "Name", name);
		if ((cat = need_attr(m, e, "CategoryName", &rc)) == NULL ||
		    (board_id = attr(m, e, "BoardID", &rc), rc != SB_OK))
			break;
		if ((rc = sb_prod_category(m->p, cat, -1, &ci)) != SB_OK ||
		    (rc = sb_prod_element(m->p, ci, name, &ei)) != SB_OK)
			break;
		if (board_id != NULL && board_id[0] != '\0' &&
		    m->p->els[ei].board_id == NULL &&
		    (rc = sb_prod_text(m->p, &m->p->els[ei].board_id, board_id)) != SB_OK)
			break;
		scratch_reset(m);
	}
	scratch_reset(m);
	return rc;
}

/* Second pass: properties, links, what is kept. */
static int
read_element_details(struct msd *m)
{
	static const char *const modelled[] = { "CategoryName", "Name", "BoardID", NULL };
	static const char *const listed[] = { "SortOrder", NULL };
	static const char *const kids[] = { "Property", "LinkedElements", NULL };
	struct sb_prod *p = m->p;
	xmlNodePtr root = root_of(m, R_ELS);
	int rc = SB_OK;

	EACH(e, either(root, "Elements", "ElementList"), "Element") {
		const char *cat, *name;
		json_t *raw, *props = NULL, *dangling = NULL;
		long ci, ei;

		if ((name = attr(m, e, "Name", &rc)) == NULL ||
		    (cat = attr(m, e, "CategoryName", &rc)) == NULL)
			break;
		set_rec(m, "Element", "Name", name);
		ci = sb_prod_find_category(p, cat);
		ei = ci < 0 ? -1 : sb_prod_find_element(p, (size_t)ci, name);
		if (ei < 0)
			return sb_err(m->ctx, SB_EFAIL, "internal error: element lost");
		if ((raw = json_object()) == NULL)
			return oom(m);
		if ((rc = keep_attrs(m, e, modelled, listed, raw)) != SB_OK ||
		    (rc = keep_children(m, e, kids, raw)) != SB_OK) {
			json_decref(raw);
			break;
		}
		EACH(d, e, "Property") {
			const char *pn, *v;
			json_t *pair;

			if ((pn = attr(m, d, "Name", &rc)) == NULL && rc != SB_OK)
				break;
			if ((v = prop_value(m, d, &rc)) == NULL)
				break;
			if (props == NULL && ((props = json_array()) == NULL ||
			    json_object_set_new(raw, "Properties", props) != 0)) {
				rc = oom(m);
				break;
			}
			pair = json_pack("[ss]", pn != NULL ? pn : "", v);
			if (pair == NULL || json_array_append_new(props, pair) != 0) {
				rc = oom(m);
				break;
			}
		}
		EACH(l, child(e, "LinkedElements"), "LinkedElement") {
			const char *lc, *ln;
			long lci, lei;

			if (rc != SB_OK)
				break;
			if ((lc = attr(m, l, "CategoryName", &rc)) == NULL && rc != SB_OK)
				break;
			if ((ln = attr(m, l, "Name", &rc)) == NULL && rc != SB_OK)
				break;
			if ((ln == NULL || ln[0] == '\0') &&
			    (ln = attr(m, l, "ElementName", &rc)) == NULL && rc != SB_OK)
				break;
			lci = lc != NULL ? sb_prod_find_category(p, lc) : -1;
			lei = lci >= 0 && ln != NULL ? sb_prod_find_element(p, (size_t)lci, ln) : -1;
			if (lei >= 0) {
				rc = sb_prod_el_link(p, (size_t)ei, (size_t)lei);
				continue;
			}
			{
				char c1[64], c2[64];
				json_t *pair;

				warn(m, l, "LinkedElement %s \"%s\": no such element (kept)",
				    clip(lc != NULL ? lc : "", c1, sizeof(c1)),
				    clip(ln != NULL ? ln : "", c2, sizeof(c2)));
				if (dangling == NULL && ((dangling = json_array()) == NULL ||
				    json_object_set_new(raw, "LinkedElements", dangling) != 0)) {
					rc = oom(m);
					break;
				}
				pair = json_pack("[ss]", lc != NULL ? lc : "", ln != NULL ? ln : "");
				if (pair == NULL || json_array_append_new(dangling, pair) != 0)
					rc = oom(m);
			}
		}
		if (rc != SB_OK) {
			json_decref(raw);
			break;
		}
		if ((rc = raw_ext(m, raw, &p->els[ei].ext)) != SB_OK)
			break;
		scratch_reset(m);
	}
	scratch_reset(m);
	return rc;
}

/* NumScriptPages: a count of eighths, digits only. */
static int
parse_eighths(const char *s, int64_t *out)
{
	int64_t v = 0;

	if (*s == '\0')
		return SB_EDATA;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return SB_EDATA;
		v = v * 10 + (*s - '0');
		if (v > SB_EIGHTHS_MAX)
			return SB_EDATA;
	}
	*out = v;
	return SB_OK;
}

/* EstimateTime as H:MM or H:MM:SS (hours up to 999). */
static int
parse_time(const char *s, int64_t *ms)
{
	int64_t part[3] = { 0, 0, 0 };
	int n = 0, digits = 0;

	for (;; s++) {
		if (*s >= '0' && *s <= '9') {
			if (++digits > 3)
				return SB_EDATA;
			part[n] = part[n] * 10 + (*s - '0');
			continue;
		}
		if (digits == 0 || (n > 0 && digits != 2))
			return SB_EDATA;
		if (*s == '\0')
			break;
		if (*s != ':' || n == 2)
			return SB_EDATA;
		n++;
		digits = 0;
	}
	if (n == 0 || part[1] > 59 || part[2] > 59)
		return SB_EDATA;
	*ms = ((part[0] * 60 + part[1]) * 60 + part[2]) * 1000;
	return SB_OK;
}

/* A whole number of at most max, or -1 ("" is 0). */
static int64_t
parse_count(const char *s, int64_t max)
{
	int64_t v = 0;

	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	return v;
}

/*
 * EstimateTimeA and B: one of them H:MM (A first), or both whole numbers,
 * B hours and A minutes.  SB_EDATA when neither reading fits.
 */
int
sb_msd_estimate(const char *a, const char *b, int64_t *ms)
{
	int64_t min, hours;

	if (a != NULL && strchr(a, ':') != NULL)
		return parse_time(a, ms);
	if (b != NULL && strchr(b, ':') != NULL)
		return parse_time(b, ms);
	min = a != NULL ? parse_count(a, 99999) : 0;
	hours = b != NULL ? parse_count(b, 999) : 0;
	if (min < 0 || hours < 0)
		return SB_EDATA;
	*ms = (hours * 60 + min) * 60000;
	return SB_OK;
}

static int
sheet_text(struct msd *m, xmlNodePtr n, const char *name, char **dst)
{
	int rc;
	const char *v = attr(m, n, name, &rc);

	if (rc != SB_OK)
		return rc;
	if (v == NULL || v[0] == '\0')
		return SB_OK;
	return sb_prod_text(m->p, dst, v);
}

static int
read_sheet(struct msd *m, xmlNodePtr sh, json_t *raw)
{
	static const struct { const char *attr; int ucid; } fixed[] = {
		{ "Set", SB_UCID_SET }, { "IE", SB_UCID_IE }, { "DN", SB_UCID_DN },
		{ "Location", SB_UCID_LOCATION }, { "ScriptDay", SB_UCID_SCRIPT_DAY },
	};
	static const struct { const char *attr; int ucid; } other[] = {
		{ "Sequence", 5 }, { "Unit", 4 },
	};
	static const char *const modelled[] = {
		"BDSID", "Scenes", "Synopsis", "Comments", "ScriptPageNumbers", "Set",
		"IE", "DN", "Location", "ScriptDay", "Sequence", "Unit",
		"NumScriptPages", "EstimateTimeA", "EstimateTimeB", NULL
	};
	static const char *const listed[] = { "SheetNumber", NULL };
	static const char *const kids[] = { "ElementRefs", NULL };
	struct sb_prod *p = m->p;
	const char *id, *v, *ea, *eb;
	size_t s;
	int rc;

	set_rec(m, "BreakdownSheet", NULL, NULL);
	if ((id = need_attr(m, sh, "BDSID", &rc)) == NULL)
		return rc;
	set_rec(m, "BreakdownSheet", "BDSID", id);
	if ((rc = sb_prod_strip_new(p, &s)) != SB_OK)
		return rc;
	if ((rc = sb_prod_strip_uid(p, s, id)) != SB_OK)
		return rc == SB_EDATA ? bad(m, sh, "another BreakdownSheet has this "
		    "BDSID") : rc;
	if ((rc = sheet_text(m, sh, "Scenes", &p->strips[s].scene)) != SB_OK ||
	    (rc = sheet_text(m, sh, "Synopsis", &p->strips[s].synopsis)) != SB_OK ||
	    (rc = sheet_text(m, sh, "Comments", &p->strips[s].comments)) != SB_OK ||
	    (rc = sheet_text(m, sh, "ScriptPageNumbers", &p->strips[s].script_page)) != SB_OK)
		return rc;
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		if ((v = attr(m, sh, fixed[i].attr, &rc)) == NULL && rc != SB_OK)
			return rc;
		if ((rc = sb_prod_fixed(p, s, fixed[i].ucid, v)) != SB_OK)
			return rc;
	}
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		size_t ci, ei;

		if ((v = attr(m, sh, other[i].attr, &rc)) == NULL && rc != SB_OK)
			return rc;
		if (v == NULL || v[0] == '\0')
			continue;
		if ((rc = sb_prod_category(p, other[i].attr, other[i].ucid, &ci)) != SB_OK ||
		    (rc = sb_prod_element(p, ci, v, &ei)) != SB_OK ||
		    (rc = sb_prod_link(p, s, ei)) != SB_OK)
			return rc;
	}
	if ((v = attr(m, sh, "NumScriptPages", &rc)) == NULL && rc != SB_OK)
		return rc;
	if (v != NULL && v[0] != '\0') {
		char c[64];

		if (parse_eighths(v, &p->strips[s].eighths) != SB_OK) {
			warn(m, sh, "NumScriptPages \"%s\" is not a count of eighths "
			    "(0 to %lld): kept as written, no pages", clip(v, c, sizeof(c)),
			    (long long)SB_EIGHTHS_MAX);
			if ((rc = raw_set(m, raw, "NumScriptPages", v)) != SB_OK)
				return rc;
		} else {
			p->strips[s].have_eighths = 1;
		}
	}
	if (((ea = attr(m, sh, "EstimateTimeA", &rc)) == NULL && rc != SB_OK) ||
	    ((eb = attr(m, sh, "EstimateTimeB", &rc)) == NULL && rc != SB_OK))
		return rc;
	/* Both are kept as written: the writer gives them back while they agree. */
	if ((ea != NULL && (rc = raw_set(m, raw, "EstimateTimeA", ea)) != SB_OK) ||
	    (eb != NULL && (rc = raw_set(m, raw, "EstimateTimeB", eb)) != SB_OK))
		return rc;
	if ((ea != NULL && ea[0] != '\0') || (eb != NULL && eb[0] != '\0')) {
		char c1[64], c2[64];

		if (sb_msd_estimate(ea, eb, &p->strips[s].est_ms) != SB_OK)
			warn(m, sh, "EstimateTimeA \"%s\", EstimateTimeB \"%s\": not a time "
			    "(B hours and A minutes, or H:MM): kept as written, no estimate",
			    clip(ea != NULL ? ea : "", c1, sizeof(c1)),
			    clip(eb != NULL ? eb : "", c2, sizeof(c2)));
		else
			p->strips[s].have_est = 1;
	}
	if ((rc = keep_attrs(m, sh, modelled, listed, raw)) != SB_OK ||
	    (rc = keep_children(m, sh, kids, raw)) != SB_OK)
		return rc;
	EACH(r, child(sh, "ElementRefs"), "ElementRef") {
		const char *cat, *name;
		size_t ci, ei, before = p->nels;

		if ((cat = need_attr(m, r, "CategoryName", &rc)) == NULL ||
		    (name = need_attr(m, r, "ElementName", &rc)) == NULL)
			return rc;
		if ((rc = sb_prod_category(p, cat, -1, &ci)) != SB_OK ||
		    (rc = sb_prod_element(p, ci, name, &ei)) != SB_OK ||
		    (rc = sb_prod_link(p, s, ei)) != SB_OK)
			return rc;
		if (p->nels > before) {
			char c1[64], c2[64];

			warn(m, r, "ElementRef %s \"%s\": not in ElementMgr (added)",
			    clip(cat, c1, sizeof(c1)), clip(name, c2, sizeof(c2)));
		}
	}
	return raw_ext(m, json_incref(raw), &p->strips[s].ext);
}

static int
read_sheets(struct msd *m)
{
	xmlNodePtr root = root_of(m, R_SHEETS);
	int rc = SB_OK;

	EACH(sh, either(root, "BreakdownSheets", "BreakdownSheetList"), "BreakdownSheet") {
		json_t *raw = json_object();

		if (raw == NULL)
			return oom(m);
		rc = read_sheet(m, sh, raw);
		json_decref(raw);
		scratch_reset(m);
		if (rc != SB_OK)
			break;
	}
	m->nsheets = m->p->nstrips;
	return rc;
}

/*
 * A 0|1 flag attribute; absent or empty is 0.  Any other value is a
 * warning, read as 0 (*odd set).
 */
static int
flag_attr(struct msd *m, xmlNodePtr n, const char *name, int *out, int *odd)
{
	int rc;
	const char *v = attr(m, n, name, &rc);

	*out = 0;
	if (rc != SB_OK)
		return rc;
	if (v == NULL || v[0] == '\0' || strcmp(v, "0") == 0)
		*out = 0;
	else if (strcmp(v, "1") == 0)
		*out = 1;
	else {
		char c[64];

		warn(m, n, "%s \"%s\" is neither 0 nor 1: read as 0, kept as written",
		    name, clip(v, c, sizeof(c)));
		*odd = 1;
	}
	return SB_OK;
}

/* A Date attribute: MM/DD/YYYY.  SB_EDATA (a warning given) for another. */
static int
date_attr(struct msd *m, xmlNodePtr n, const char *name, sb_date *d, int *rc)
{
	const char *v = attr(m, n, name, rc);
	char c[64];

	if (*rc != SB_OK)
		return *rc;
	if (v == NULL || sb_date_parse_mdy(v, d) != SB_OK) {
		warn(m, n, "%s \"%s\" is not a date (MM/DD/YYYY): kept as written",
		    name, v == NULL ? "(missing)" : clip(v, c, sizeof(c)));
		return SB_EDATA;
	}
	return SB_OK;
}

static int
append_attrs(struct msd *m, xmlNodePtr n, json_t *raw, const char *key)
{
	json_t *list = json_object_get(raw, key), *o;
	int rc;

	if (list == NULL && ((list = json_array()) == NULL ||
	    json_object_set_new(raw, key, list) != 0))
		return oom(m);
	if ((o = json_object()) == NULL)
		return oom(m);
	if ((rc = keep_attrs(m, n, NULL, (const char *const[]){ "*", NULL }, o)) != SB_OK) {
		json_decref(o);
		return rc;
	}
	return json_array_append_new(list, o) == 0 ? SB_OK : oom(m);
}

static int
read_special_day(struct msd *m, xmlNodePtr d, size_t ci, json_t *craw)
{
	static const char *const modelled[] = { "Date", NULL };
	struct sb_prod *p = m->p;
	struct sb_prod_cal *cal;
	int f_off, f_hol, f_trav, f_work, odd = 0, rc;
	const char *kind, *dname;
	json_t *raw;
	sb_date date;

	if (date_attr(m, d, "Date", &date, &rc) != SB_OK)
		return rc != SB_OK ? rc : append_attrs(m, d, craw, "SpecialDays");
	if ((rc = flag_attr(m, d, "Off", &f_off, &odd)) != SB_OK ||
	    (rc = flag_attr(m, d, "Holiday", &f_hol, &odd)) != SB_OK ||
	    (rc = flag_attr(m, d, "CompanyTravel", &f_trav, &odd)) != SB_OK ||
	    (rc = flag_attr(m, d, "ExceptionWorkday", &f_work, &odd)) != SB_OK)
		return rc;
	if ((dname = attr(m, d, "Name", &rc)) == NULL && rc != SB_OK)
		return rc;
	kind = f_hol ? "holiday" : f_trav ? "travel" : f_work ? "work" :
	    f_off ? "off" : NULL;
	if (kind == NULL) {
		warn(m, d, "a SpecialDay that is neither off, a holiday, travel nor a "
		    "work day: kept as a note");
		kind = "event";
	}
	if ((rc = sb_prod_calday(p, ci, kind, date,
	    dname != NULL && dname[0] != '\0' ? dname : NULL)) != SB_OK)
		return rc;
	/* Its flags as written: the writer gives them back while the kind agrees. */
	if ((raw = json_object()) == NULL)
		return oom(m);
	if ((rc = keep_attrs(m, d, modelled, (const char *const[]){ "Off", "Holiday",
	    "CompanyTravel", "ExceptionWorkday", "Name", NULL }, raw)) != SB_OK) {
		json_decref(raw);
		return rc;
	}
	cal = &p->cals[ci];
	return raw_ext(m, raw, &cal->days[cal->n - 1].ext);
}

char *
sb_msd_calendar_name(const char *name, int (*taken)(void *arg, const char *name),
    void *arg)
{
	const char *base = name != NULL && name[0] != '\0' ? name : "Calendar";
	size_t size = strlen(base) + 24;
	char *out = malloc(size);

	if (out == NULL)
		return NULL;
	snprintf(out, size, "%s", base);
	for (unsigned long n = 2; taken(arg, out); n++)
		snprintf(out, size, "%s (%lu)", base, n);
	return out;
}

/* Whether a calendar read so far has the name (sb_msd_calendar_name()). */
static int
cal_taken(void *arg, const char *name)
{
	const struct sb_prod *p = arg;

	for (size_t i = 0; i < p->ncals; i++)
		if (p->cals[i].name != NULL && strcmp(p->cals[i].name, name) == 0)
			return 1;
	return 0;
}

static int
read_calendar(struct msd *m, xmlNodePtr c)
{
	static const char *const wd[8] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri",
		"Sat", NULL };
	static const char *const cal_kids[] = { "ScheduleDates", "DaysOff",
		"SpecialDays", NULL };
	struct sb_prod *p = m->p;
	const char *name;
	char *unique;
	xmlNodePtr off;
	json_t *raw;
	size_t ci;
	int rc, have_start = 0;

	set_rec(m, "Calendar", NULL, NULL);
	if ((name = attr(m, c, "Name", &rc)) == NULL && rc != SB_OK)
		return rc;
	if (name == NULL)
		name = "";
	set_rec(m, "Calendar", "Name", name);
	/*
	 * A Calendar without a Name, or with the Name of an earlier one (which
	 * is the one a StripBoard's CalendarName means), is read under the
	 * name the writer would give it, with a warning.
	 */
	if ((unique = sb_msd_calendar_name(name, cal_taken, p)) == NULL)
		return oom(m);
	if (strcmp(unique, name) != 0) {
		char c1[64], c2[64];

		warn(m, c, name[0] == '\0' ? "a Calendar without a Name%s: read as \"%s\"" :
		    "another Calendar has the Name \"%s\": read as \"%s\"",
		    name[0] == '\0' ? "" : clip(name, c1, sizeof(c1)),
		    clip(unique, c2, sizeof(c2)));
	}
	rc = sb_prod_calendar_new(p, unique, &ci);
	free(unique);
	if (rc != SB_OK)
		return rc;
	if ((raw = json_object()) == NULL)
		return oom(m);
	if ((rc = keep_attrs(m, c, (const char *const[]){ "Name", NULL }, NULL,
	    raw)) != SB_OK || (rc = keep_children(m, c, cal_kids, raw)) != SB_OK)
		goto out;
	EACH(d, child(c, "ScheduleDates"), "ScheduleDate") {
		const char *dn, *dv;
		json_t *pair;
		sb_date date;

		if ((dn = attr(m, d, "Name", &rc)) == NULL && rc != SB_OK)
			goto out;
		if ((dv = attr(m, d, "Date", &rc)) == NULL && rc != SB_OK)
			goto out;
		/* every milestone kept as written, in order */
		if (json_object_get(raw, "ScheduleDates") == NULL &&
		    json_object_set_new(raw, "ScheduleDates", json_array()) != 0) {
			rc = oom(m);
			goto out;
		}
		pair = json_pack("[ss]", dn != NULL ? dn : "", dv != NULL ? dv : "");
		if (pair == NULL || json_array_append_new(json_object_get(raw,
		    "ScheduleDates"), pair) != 0) {
			rc = oom(m);
			goto out;
		}
		if (date_attr(m, d, "Date", &date, &rc) != SB_OK) {
			if (rc != SB_OK)
				goto out;
			continue;
		}
		if (dn == NULL || strcmp(dn, "ProductionStartDate") != 0)
			continue;
		if (have_start) {
			warn(m, d, "a second ProductionStartDate (the first is the start)");
			continue;
		}
		if ((rc = sb_prod_calday(p, ci, "start", date, NULL)) != SB_OK)
			goto out;
		have_start = 1;
	}
	if ((off = child(c, "DaysOff")) != NULL) {
		unsigned mask = 0;
		int odd = 0;

		for (int i = 0; i < 7; i++) {
			int f;

			if ((rc = flag_attr(m, off, wd[i], &f, &odd)) != SB_OK)
				goto out;
			mask |= (unsigned)f << i;
		}
		if (odd) {
			json_t *o = json_object();

			if (o == NULL || json_object_set_new(raw, "DaysOff", o) != 0) {
				rc = oom(m);
				goto out;
			}
			if ((rc = keep_attrs(m, off, NULL, wd, o)) != SB_OK)
				goto out;
		}
		p->cals[ci].days_off = mask;
		p->cals[ci].have_days_off = 1;
	}
	EACH(d, child(c, "SpecialDays"), "SpecialDay")
		if ((rc = read_special_day(m, d, ci, raw)) != SB_OK)
			goto out;
	return raw_ext(m, raw, &p->cals[ci].ext);
out:
	json_decref(raw);
	return rc;
}

static int
read_calendars(struct msd *m)
{
	xmlNodePtr root = root_of(m, R_CALS), at;
	const char *def;
	int rc = SB_OK;

	EACH(c, either(root, "Calendars", "CalendarList"), "Calendar") {
		rc = read_calendar(m, c);
		scratch_reset(m);
		if (rc != SB_OK)
			return rc;
	}
	if (root == NULL)
		return SB_OK;
	m->rec[0] = '\0';
	def = property(m, root, "DefaultCalendar", &at, &rc);
	if (rc == SB_OK && def != NULL && def[0] != '\0') {
		for (size_t i = 0; i < m->p->ncals; i++)
			if (m->p->cals[i].name != NULL && strcmp(m->p->cals[i].name, def) == 0)
				m->default_cal = (long)i;
		if (m->default_cal < 0) {
			char c[64];

			warn(m, at, "DefaultCalendar \"%s\": no Calendar has this Name "
			    "(kept)", clip(def, c, sizeof(c)));
		}
		/* kept unless it is the first, what the writer writes when none is */
		if ((m->p->ncals == 0 || m->p->cals[0].name == NULL ||
		    strcmp(m->p->cals[0].name, def) != 0) &&
		    json_object_set_new(m->meta, "msdDefaultCalendar", json_string(def)) != 0)
			rc = oom(m);
	}
	scratch_reset(m);
	return rc;
}

/* The strips of container n (BDSStrip, BannerStrip) onto a list of board b. */
static int
read_strips(struct msd *m, xmlNodePtr n, size_t b, int which, size_t day,
    size_t *count)
{
	static const char *const kids[] = { "BDSStrip", "BannerStrip", "UnscheduledDay",
		"RemainingUnscheduledStrips", NULL };
	struct sb_prod *p = m->p;
	int rc;

	*count = 0;
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		struct sb_prod_list *l;
		size_t s;

		if (is_el(c, "BDSStrip")) {
			const char *id;
			long k;
			char cut[64];

			if ((id = need_attr(m, c, "BDSID", &rc)) == NULL)
				return rc;
			if ((k = sb_prod_find_uid(p, id)) < 0)
				return bad(m, c, "BDSStrip BDSID=\"%s\": dangling id: no "
				    "BreakdownSheet has it", clip(id, cut, sizeof(cut)));
			s = (size_t)k;
			if (m->seen[s] == b + 1)
				return bad(m, c, "BDSStrip BDSID=\"%s\": the strip is on "
				    "this board twice", clip(id, cut, sizeof(cut)));
			m->seen[s] = b + 1;
		} else if (is_el(c, "BannerStrip")) {
			const char *text;
			json_t *raw;

			if ((text = attr(m, c, "Text", &rc)) == NULL && rc != SB_OK)
				return rc;
			if ((rc = sb_prod_strip_new(p, &s)) != SB_OK)
				return rc;
			p->strips[s].banner = 1;
			if ((rc = sb_prod_text(p, &p->strips[s].banner_text,
			    text != NULL ? text : "")) != SB_OK)
				return rc;
			/* FontColor and the rest: kept as written */
			if ((raw = json_object()) == NULL)
				return oom(m);
			if ((rc = keep_attrs(m, c, (const char *const[]){ "Text", NULL },
			    (const char *const[]){ "FontColor", "BackColor", "Color",
			    "FontName", "FontSize", "Bold", "Italic", NULL }, raw)) != SB_OK) {
				json_decref(raw);
				return rc;
			}
			if ((rc = raw_ext(m, raw, &p->strips[s].ext)) != SB_OK)
				return rc;
		} else {
			if (c->type == XML_ELEMENT_NODE && !in_list((const char *)c->name, kids)) {
				char cut[64];

				warn(m, c, "unknown element <%s> among strips (ignored)",
				    clip((const char *)c->name, cut, sizeof(cut)));
			}
			continue;
		}
		l = which == 0 ? &p->boards[b].days[day] : which == 1 ?
		    &p->boards[b].remaining : &p->boards[b].boneyard;
		if ((rc = sb_prod_list_add(p, l, s)) != SB_OK)
			return rc;
		++*count;
	}
	return SB_OK;
}

/*
 * The boneyard: UnscheduledStrips holding UnscheduledDay and
 * RemainingUnscheduledStrips groups, or strips right under it.  The groups
 * are kept (their names and sizes) in the boneyard lane's ext.
 */
static int
read_unscheduled(struct msd *m, xmlNodePtr un, size_t b, json_t **out)
{
	json_t *groups;
	size_t n;
	int rc, grouped = 0;

	*out = NULL;
	if ((groups = json_array()) == NULL)
		return oom(m);
	if ((rc = read_strips(m, un, b, 2, 0, &n)) != SB_OK)
		goto out;
	if (n > 0 && json_array_append_new(groups, json_pack("[sI]", "", (json_int_t)n)) != 0) {
		rc = oom(m);
		goto out;
	}
	for (xmlNodePtr g = un->children; g != NULL; g = g->next) {
		if (!is_el(g, "UnscheduledDay") && !is_el(g, "RemainingUnscheduledStrips"))
			continue;
		grouped = 1;
		if ((rc = read_strips(m, g, b, 2, 0, &n)) != SB_OK)
			goto out;
		if (json_array_append_new(groups, json_pack("[sI]", (const char *)g->name,
		    (json_int_t)n)) != 0) {
			rc = oom(m);
			goto out;
		}
	}
	if (!grouped) {
		json_decref(groups);
		return SB_OK;
	}
	*out = groups;
	return SB_OK;
out:
	json_decref(groups);
	return rc;
}

static int
read_board(struct msd *m, xmlNodePtr sb, size_t no)
{
	static const char *const kids[] = { "ScheduledStrips", "RemainingScheduledStrips",
		"UnscheduledStrips", NULL };
	struct sb_prod *p = m->p;
	const char *name, *cal;
	char fallback[32];
	xmlNodePtr sched, rem, un;
	json_t *raw, *groups = NULL;
	size_t b, n;
	int rc;

	set_rec(m, "StripBoard", NULL, NULL);
	if ((name = attr(m, sb, "Name", &rc)) == NULL && rc != SB_OK)
		return rc;
	if (name == NULL || name[0] == '\0') {
		snprintf(fallback, sizeof(fallback), "board %zu", no);
		name = fallback;
	}
	set_rec(m, "StripBoard", "Name", name);
	if ((cal = attr(m, sb, "CalendarName", &rc)) == NULL && rc != SB_OK)
		return rc;
	if ((rc = sb_prod_board_new(p, name, &b)) != SB_OK)
		return rc;
	if (cal != NULL && cal[0] != '\0') {
		char c[64];

		for (size_t i = 0; i < p->ncals; i++)
			if (p->cals[i].name != NULL && strcmp(p->cals[i].name, cal) == 0) {
				p->boards[b].cal = (long)i;
				break;
			}
		if (p->boards[b].cal < 0)
			return bad(m, sb, "CalendarName \"%s\": dangling name: no Calendar "
			    "has it", clip(cal, c, sizeof(c)));
	} else {
		p->boards[b].cal = m->default_cal;
	}
	if ((raw = json_object()) == NULL)
		return oom(m);
	if ((rc = keep_attrs(m, sb, (const char *const[]){ "Name", "CalendarName",
	    NULL }, NULL, raw)) != SB_OK || (rc = keep_children(m, sb, kids, raw)) != SB_OK) {
		json_decref(raw);
		return rc;
	}
	if ((rc = raw_ext(m, raw, &p->boards[b].ext)) != SB_OK)
		return rc;
	if ((sched = child(sb, "ScheduledStrips")) != NULL) {
		for (xmlNodePtr c = sched->children; c != NULL; c = c->next) {
			size_t day;

			if (is_el(c, "BDSStrip") || is_el(c, "BannerStrip"))
				return bad(m, c, "a %s outside a ScheduleDay",
				    (const char *)c->name);
			if (!is_el(c, "ScheduleDay"))
				continue;
			if ((rc = sb_prod_day_new(p, b, &day)) != SB_OK ||
			    (rc = read_strips(m, c, b, 0, day, &n)) != SB_OK)
				return rc;
		}
	}
	/* FORMATS: in ScheduledStrips; also read right under the StripBoard */
	if ((rem = child(sched, "RemainingScheduledStrips")) == NULL)
		rem = child(sb, "RemainingScheduledStrips");
	if (rem != NULL && (rc = read_strips(m, rem, b, 1, 0, &n)) != SB_OK)
		return rc;
	if ((un = child(sb, "UnscheduledStrips")) != NULL &&
	    (rc = read_unscheduled(m, un, b, &groups)) != SB_OK)
		return rc;
	/* No strip is lost: a sheet this board does not place goes to its boneyard. */
	n = 0;
	for (size_t s = 0; s < m->nsheets && rc == SB_OK; s++) {
		char cut[64];

		if (m->seen[s] == b + 1)
			continue;
		warn(m, sb, "BreakdownSheet BDSID=\"%s\" is on no day, remaining or "
		    "unscheduled list of this board: put in its boneyard",
		    clip(p->strips[s].uid, cut, sizeof(cut)));
		rc = sb_prod_list_add(p, &p->boards[b].boneyard, s);
		m->seen[s] = b + 1;
		n++;
	}
	if (groups == NULL || rc != SB_OK) {
		json_decref(groups);
		return rc;
	}
	/* the groups, with the sheets put in the boneyard as a last one */
	if (n > 0 && json_array_append_new(groups, json_pack("[sI]",
	    "RemainingUnscheduledStrips", (json_int_t)n)) != 0) {
		json_decref(groups);
		return oom(m);
	}
	/*
	 * One RemainingUnscheduledStrips group of every strip is what the
	 * writer writes of a boneyard with no groups kept: nothing to keep.
	 */
	if (json_array_size(groups) == 1 && json_integer_value(json_array_get(json_array_get(
	    groups, 0), 1)) > 0 && strcmp(json_string_value(json_array_get(json_array_get(
	    groups, 0), 0)), "RemainingUnscheduledStrips") == 0) {
		json_decref(groups);
		return SB_OK;
	}
	if ((raw = json_object()) == NULL || json_object_set_new(raw, "groups", groups) != 0) {
		if (raw == NULL)
			json_decref(groups);
		json_decref(raw);
		return oom(m);
	}
	return raw_ext(m, raw, &p->boards[b].boneyard_ext);
}

static int
read_boards(struct msd *m)
{
	xmlNodePtr root = root_of(m, R_BOARDS), at;
	const char *active;
	size_t no = 0;
	int rc = SB_OK;

	if (root == NULL)
		return SB_OK;
	/* Every sheet is a strip by now; banners come after, never looked up. */
	if ((m->seen = calloc(m->p->nstrips + 1, sizeof(*m->seen))) == NULL)
		return oom(m);
	EACH(sb, either(root, "StripBoards", "StripBoardList"), "StripBoard") {
		rc = read_board(m, sb, ++no);
		scratch_reset(m);
		if (rc != SB_OK)
			return rc;
	}
	m->rec[0] = '\0';
	active = property(m, root, "ActiveStripBoard", &at, &rc);
	if (rc == SB_OK && active != NULL && active[0] != '\0') {
		for (size_t i = 0; i < m->p->nboards; i++)
			if (strcmp(m->p->boards[i].name, active) == 0) {
				m->p->active = (long)i;
				break;
			}
		if (m->p->active < 0) {
			char c[64];

			warn(m, at, "ActiveStripBoard \"%s\": no StripBoard has this Name "
			    "(the first board is active)", clip(active, c, sizeof(c)));
		}
	}
	scratch_reset(m);
	return rc;
}

/*
 * ColorSettings (the colour grid) and RedFlagMgr (notes on elements):
 * nothing here models them; every record is kept, as its attributes, in
 * the project's meta ("_msdColors", "_msdRedFlags" of a USS export).
 */
static int
read_records(struct msd *m, int r, const char *list, const char *alt,
    const char *rec, const char *key)
{
	xmlNodePtr root = root_of(m, r), box;
	json_t *all;
	int rc = SB_OK;

	if (root == NULL)
		return SB_OK;
	if (r == R_COLORS)
		box = child(either(root, "ColorGrid", "ColorGrids"), list);
	else
		box = either(root, list, alt);
	if ((all = json_array()) == NULL)
		return oom(m);
	EACH(c, box, rec) {
		json_t *o = json_object();

		set_rec(m, rec, NULL, NULL);
		if (o == NULL || json_array_append_new(all, o) != 0) {
			rc = oom(m);
			break;
		}
		if ((rc = keep_attrs(m, c, NULL, (const char *const[]){ "*", NULL },
		    o)) != SB_OK)
			break;
		scratch_reset(m);
	}
	if (rc == SB_OK && json_array_size(all) > 0 &&
	    json_object_set(m->meta, key, all) != 0)
		rc = oom(m);
	json_decref(all);
	scratch_reset(m);
	return rc;
}

/* The EPSF banner that opens every .msd file. */
int
sb_msd_detect(sb_ctx *ctx, const struct sb_input *in)
{
	(void)ctx;
	return in->head_len >= 18 && memcmp(in->head, "/********* EPSF FILE", 18) == 0 ?
	    FMT_SURE : FMT_NO;
}

static int
put_meta(struct msd *m)
{
	char *s = json_dumps(m->meta, JSON_COMPACT | JSON_PRESERVE_ORDER);

	if (s == NULL)
		return oom(m);
	sb_buf_puts(&m->p->meta, s);
	free(s);
	return m->p->meta.failed ? oom(m) : SB_OK;
}

int
sb_msd_parse(struct sb_import *imp, struct sb_prod *p)
{
	struct msd m;
	char *data = NULL, why[256];
	size_t len;
	int rc;

	if (sb_xml_load(why, sizeof(why)) != 0)
		return sb_err(imp->ctx, SB_EFAIL, "cannot load libxml2: %s", why);
	memset(&m, 0, sizeof(m));
	m.imp = imp;
	m.p = p;
	m.ctx = imp->ctx;
	m.file = imp->in->name;
	m.default_cal = -1;
	if ((m.meta = json_object()) == NULL)
		return oom(&m);
	if ((rc = sb_input_slurp(imp->ctx, imp->in, MSD_MAX_FILE, &data, &len)) != SB_OK) {
		json_decref(m.meta);
		return rc;
	}
	m.data = (const unsigned char *)data;
	m.len = len;
	if ((rc = read_header(&m)) == SB_OK && (rc = read_map(&m)) == SB_OK)
		rc = read_sections(&m);
	free(data);
	m.data = NULL;
	if (rc == SB_OK && (rc = read_info(&m)) == SB_OK &&
	    (rc = read_categories(&m)) == SB_OK &&
	    (rc = read_elements(&m)) == SB_OK && (rc = read_sheets(&m)) == SB_OK &&
	    (rc = read_element_details(&m)) == SB_OK &&
	    (rc = read_calendars(&m)) == SB_OK && (rc = read_boards(&m)) == SB_OK &&
	    (rc = read_records(&m, R_COLORS, "ColorGridCells", NULL, "ColorGridCell",
	    "msdColors")) == SB_OK &&
	    (rc = read_records(&m, R_FLAGS, "RedFlagEntryList", "RedFlagEntries",
	    "RedFlagEntry", "msdRedFlags")) == SB_OK)
		rc = put_meta(&m);
	scratch_reset(&m);
	free(m.scratch);
	free(m.seen);
	json_decref(m.meta);
	for (size_t i = 0; i < m.nsecs; i++)
		xmlFreeDoc(m.secs[i].doc);
	free(m.secs);
	return rc;
}
