/*
 * cli.h - what the commands share and the library must not do: printing,
 * exit statuses, the conventions of options.  Never part of libstripboard.
 */
#ifndef SB_CLI_H
#define SB_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "stripboard.h"

/* Exit statuses: one meaning each, in every command and man page. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_USAGE = 2,
	EXIT_DATA = 3,
	EXIT_NOTFOUND = 4,
	EXIT_CONFLICT = 5,
	EXIT_BUSY = 6,
	EXIT_PERM = 7
};

/* The command's name for messages, set once by main. */
extern const char *cli_prog;

/*
 * Start a command: its name, and its command line as typed, kept for the
 * audit trail before getopt_long() permutes argv.
 */
void cli_init(const char *prog, int argc, char *argv[]);

/* Print "prog: message" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The exit status of a library status. */
int cli_exit_status(int status);

/* Report the context's message and return the exit status of status. */
int cli_fail(sb_ctx *ctx, int status);

/* --db, else $SB_DB, else ./stripboard.db */
const char *cli_db_path(const char *opt);

/* --version: the command, libstripboard and SQLite versions. */
void cli_version(void);

/* A usage error: the message, the usage line, exit status 2. */
int cli_usage_error(const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * The output format named by --format (NULL: a table on a terminal, CSV
 * otherwise); -1 after printing a usage error when it is not one of allowed.
 */
int cli_format(const char *name, const int *allowed, size_t nallowed);

/* Flush and close stdout; EXIT_FAIL (with a message) if writing failed. */
int cli_close_stdout(void);

/*
 * Parse a whole number for option opt into *out, lo..hi; a usage error
 * (message printed, 0 returned) otherwise.
 */
int cli_number(const char *opt, const char *text, int64_t lo, int64_t hi, int64_t *out);

/* Open the database and find the project: the common start of a command. */
int cli_open(sb_ctx *ctx, const char *db, unsigned flags, const char *project,
    int64_t *project_id);

/*
 * A new context with the command line recorded and $SB_BUSY_TIMEOUT (ms)
 * applied; exits on failure.
 */
sb_ctx *cli_context(void);

#endif /* SB_CLI_H */
