/*
 * cli.h - what the commands share and the library must not do: printing,
 * exit statuses, the conventions of options.  Never part of libstripboard.
 */
#ifndef SB_CLI_H
#define SB_CLI_H

#include <getopt.h>
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
	EXIT_PERM = 7,
	EXIT_TAMPER = 8
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

/* The word for n things: "1 strip", "2 strips" ("%lld %s", n, cli_plural(...)). */
static inline const char *
cli_plural(long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

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
 * A subcommand (or mode) given operands it does not take: "SUB takes
 * WANT, not N operand(s)" (every command words it so), the usage line,
 * exit status 2.
 */
int cli_operands_error(const char *usage, const char *sub, const char *want, int got);

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

/*
 * Option tables.  A command declares its options once: the ones every
 * subcommand takes, and one table per subcommand.  cli_parse() reads the
 * whole command line (options before or after the subcommand, abbreviated
 * as getopt_long() allows), then refuses, with a usage error naming them:
 * an option that is not in the global table nor in the subcommand's, two
 * options of a conflicting pair, and an option given twice unless it takes
 * no value or is CLI_MANY.  --help (-h) and --version are every command's
 * and need no entry.
 */
enum { CLI_MANY = 1 };		/* cli_opt.flags: may be given more than once */

struct cli_opt {
	const char *name;	/* the long name, without "--" */
	int letter;		/* its short form ('q'), or 0 */
	int has_arg;		/* no_argument, required_argument, optional_argument */
	int id;			/* what the command's setter is called with */
	unsigned flags;		/* CLI_MANY */
	const char *arg;	/* its value in the help ("N"), or NULL */
	const char *help;	/* the help; '\n' starts a continuation line */
};

struct cli_sub {
	const char *name;		/* the subcommand */
	int id;				/* for the command's switch */
	const char *about;		/* its help, before its options */
	const struct cli_opt *opts;	/* its own options, ending with { 0 } */
};

struct cli_conflict {
	const char *a, *b;	/* two long names that do not go together */
	const char *why;	/* said after the two names, or NULL */
};

struct cli_cmd {
	const char *usage;		/* the synopsis, "usage: ..." */
	const char *about;		/* the help before the subcommands, or NULL */
	const struct cli_sub *subs;	/* ending with { NULL }; NULL: none */
	const struct cli_opt *globals;	/* every subcommand's, ending with { 0 } */
	const struct cli_conflict *conflicts;	/* ending with { NULL }, or NULL */
	const char *tail;		/* the end of the help: the exit statuses */
	void (*help_more)(void);	/* prints more help before the tail, or NULL */
};

/* What cli_parse() found besides the options. */
struct cli_args {
	const struct cli_sub *sub;	/* the subcommand; NULL for a command without */
	int argc;			/* the operands after it */
	char **argv;
};

/* The setter of a command: one option as given; 0 or an exit status. */
typedef int cli_setter(void *state, int id, const char *arg);

/*
 * Read the command line by cmd's tables.  After checking it, call set for
 * each option in the order given and return -1, with the subcommand and the
 * operands in *args.  Else return the exit status: 0 after printing the
 * help (of the subcommand, if one is named) or the versions; 2 after a
 * usage error (printed); what set returned when not 0.
 */
int cli_parse(const struct cli_cmd *cmd, int argc, char *argv[], cli_setter *set,
    void *state, struct cli_args *args);

/*
 * The options the commands share.  A command names them in its tables with
 * these ids (the CLI_OPT_* entries where its help is the common one), keeps
 * a struct cli_common in its state, and passes what its setter does not
 * take itself to cli_common_option().
 */
enum {
	CLI_QUIET = 'q',	/* -q, --quiet */
	CLI_VERBOSE = 'v',	/* -v, --verbose */
	CLI_DB = 192,		/* --db FILE */
	CLI_PROJECT,		/* --project NAME */
	CLI_BOARD,		/* --board NAME */
	CLI_FORMAT,		/* --format NAME, checked by cli_format() later */
	CLI_AS_OF,		/* --as-of TIME|ID */
	CLI_OUTPUT,		/* -o, --output FILE */
	CLI_IF_VERSION		/* --if-version V, 0 to INT64_MAX / 2 */
};

struct cli_common {
	const char *db, *project, *board, *format, *as_of, *output;
	int64_t if_version;	/* -1: not given */
	int quiet, verbose;
};

#define CLI_COMMON_INIT { NULL, NULL, NULL, NULL, NULL, NULL, -1, 0, 0 }

/*
 * Take one shared option into c: 0, or the exit status after a usage
 * error (printed); -1 when id is not one of CLI_*.
 */
int cli_common_option(struct cli_common *c, int id, const char *arg);

/* The setter of a command whose only options are shared: state is a struct cli_common. */
int cli_common_setter(void *state, int id, const char *arg);

/* The table entries of the shared options, with their usual help. */
#define CLI_OPT_DB { "db", 0, required_argument, CLI_DB, 0, "FILE", \
	"the database (default $SB_DB, else\n./stripboard.db)" }
#define CLI_OPT_PROJECT { "project", 0, required_argument, CLI_PROJECT, 0, "NAME", \
	"the project (default: the only one)" }
#define CLI_OPT_BOARD { "board", 0, required_argument, CLI_BOARD, 0, "NAME", \
	"the board (default: the active board, else\nthe first)" }
#define CLI_OPT_FORMAT { "format", 0, required_argument, CLI_FORMAT, 0, "FMT", \
	"csv, json, ndjson or table (default: table\non a terminal, else csv)" }
#define CLI_OPT_IF_VERSION(help) { "if-version", 0, required_argument, \
	CLI_IF_VERSION, 0, "V", help }
#define CLI_OPT_QUIET { "quiet", 'q', no_argument, CLI_QUIET, 0, NULL, \
	"no summary on standard error" }
#define CLI_OPT_VERBOSE { "verbose", 'v', no_argument, CLI_VERBOSE, 0, NULL, \
	"accepted, as by every sb command; changes nothing" }

/* Print the help of cmd (of sub alone, when not NULL) on standard output. */
void cli_help(const struct cli_cmd *cmd, const struct cli_sub *sub);

#endif /* SB_CLI_H */
