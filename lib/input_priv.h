/*
 * input_priv.h - reading the input of an import, and what every reader
 * shares: the summary, warnings and the project it fills.
 */
#ifndef INPUT_PRIV_H
#define INPUT_PRIV_H

#include <sys/types.h>

#include "sb_priv.h"

struct sb_input {
	const char *name;    /* for messages: the path, or "stdin" */
	int fd;
	int is_stdin;
	int eof;
	unsigned char head[4096]; /* the first bytes, read at open */
	size_t head_len, head_pos;
	uint64_t offset;     /* bytes handed out so far */
};

/*
 * Open path ("-" for standard input) and read its head.  SB_ENOTFOUND for
 * a missing file; SB_EDATA for a directory or an unreadable file.
 */
int sb_input_open(sb_ctx *ctx, const char *path, struct sb_input *in);
void sb_input_close(struct sb_input *in);

/* Read like read(2), the head first (past a UTF-8 byte order mark). */
ssize_t sb_input_read(struct sb_input *in, void *buf, size_t size);

/* Read the rest of the input into one NUL-terminated buffer of at most max bytes. */
int sb_input_slurp(sb_ctx *ctx, struct sb_input *in, size_t max, char **data,
    size_t *len);

/* The head past a UTF-8 byte order mark and leading white space; *left bytes. */
const unsigned char *sb_input_text(const struct sb_input *in, size_t *left);

/*
 * The fields of a header as a message shows them: joined by commas, control
 * bytes as \xNN, cut with "..." to fit size.
 */
void sb_input_header_text(char *buf, size_t size, char **fields, size_t n);

/* Whether needle occurs in the n bytes at p. */
int sb_input_has(const unsigned char *p, size_t n, const char *needle);

/* The most a whole-document format (USS, JSON) is read at once. */
#define SB_MAX_DOCUMENT ((size_t)1 << 30)

/* What an import is doing: shared by every reader. */
struct sb_import {
	sb_ctx *ctx;
	struct sb_input *in;
	const struct sb_import_opts *opts;
	struct sb_import_summary *sum;
	int64_t project_id;
	int64_t project_version; /* the version the new project row gets */
	struct sb_buf changes;   /* with opts->update: the NDJSON of the changes */
	struct sb_buf previous;  /* --replace: "previous":{"kept":[audit ids]} */
	int replaced_other;      /* --replace took another project's name */
};

/* Report a warning about the input. */
void sb_import_warn(struct sb_import *imp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Create the project row (or replace the one of the same name when
 * allowed).  meta is the JSON header text to keep (may be NULL).
 */
int sb_import_project(struct sb_import *imp, const char *name, const char *uid,
    const char *title, const char *meta);

/*
 * The header of the project sb_import_project() made, read again at the
 * end of a streamed file whose header keys came after its records: its
 * name may change (and then replace another project, when allowed).
 */
int sb_import_project_header(struct sb_import *imp, const char *name,
    const char *uid, const char *title, const char *meta);

/*
 * Read CSV a record at a time: fn gets each record's fields (its to change,
 * freed after it returns) and the line it starts on; a status other than
 * SB_OK stops the reading and is returned.
 */
typedef int (*sb_csv_record_fn)(void *arg, char **fields, size_t n, uint64_t line);
int sb_csv_rows(sb_ctx *ctx, struct sb_input *in, sb_csv_record_fn fn, void *arg);

#endif /* INPUT_PRIV_H */
