/*
 * base_syslog.c - a refused action, logged through syslog(3) with the
 * authpriv facility, as sudo logs its refusals, so an admin sees who tried
 * what (sb-perm(1), stripboard(7) SECURITY).  The line is sudo's shape:
 *   USER : permission denied : ACTION ; SCOPE ; DB
 * Names come from the file (boards, strips) and from the command line:
 * every byte that is not printable ASCII is written as \ooo, so one
 * refusal is one line of the log and cannot forge another.
 */
#include <config.h>

#include <string.h>
#include <syslog.h>

#include "sb_priv.h"

/* Append s escaped to buf at *at (counting what does not fit). */
static void
put(char *buf, size_t size, size_t *at, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
	    *p != '\0'; p++) {
		char esc[5];
		size_t n;

		if (*p >= 0x20 && *p < 0x7f && *p != '\\') {
			esc[0] = (char)*p;
			n = 1;
		} else {
			esc[0] = '\\';
			esc[1] = (char)('0' + (*p >> 6));
			esc[2] = (char)('0' + ((*p >> 3) & 7));
			esc[3] = (char)('0' + (*p & 7));
			n = 4;
		}
		for (size_t i = 0; i < n; i++, (*at)++)
			if (*at + 1 < size)
				buf[*at] = esc[i];
	}
}

size_t
sb_refusal_format(char *buf, size_t size, const char *db, const char *user,
    const char *action, const char *scope)
{
	size_t at = 0;

	put(buf, size, &at, user);
	put(buf, size, &at, " : permission denied : ");
	put(buf, size, &at, action);
	put(buf, size, &at, " ; ");
	put(buf, size, &at, scope != NULL && scope[0] != '\0' ? scope : "the whole file");
	put(buf, size, &at, " ; ");
	put(buf, size, &at, db);
	if (size > 0)
		buf[at < size ? at : size - 1] = '\0';
	return at;
}

void
sb_log_refusal(sb_ctx *ctx, const char *user, const char *action, const char *scope)
{
	char line[1024];
	const char *ident = ctx->command != NULL ? ctx->command : "stripboard";
	char prog[64];
	size_t n;

	/* the program's name: the first word of the command line recorded */
	for (n = 0; n + 1 < sizeof(prog) && ident[n] != '\0' && ident[n] != ' ' &&
	    strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-",
	    ident[n]) != NULL; n++)
		prog[n] = ident[n];
	prog[n] = '\0';
	sb_refusal_format(line, sizeof(line), ctx->path != NULL ? ctx->path : "",
	    user, action, scope);
	openlog(prog[0] != '\0' ? prog : "stripboard", LOG_PID, LOG_AUTHPRIV);
	syslog(LOG_AUTHPRIV | LOG_WARNING, "%s", line);
	closelog();
}
