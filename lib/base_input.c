/*
 * base_input.c - opening what a reader reads: a file or standard input, its
 * first bytes kept for telling the format (lib/fmt_table.c), and whole-file loading with a
 * ceiling for the formats that are parsed as one document.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input_priv.h"

int
sb_input_open(sb_ctx *ctx, const char *path, struct sb_input *in)
{
	struct stat st;

	memset(in, 0, sizeof(*in));
	in->fd = -1;
	if (strcmp(path, "-") == 0) {
		in->name = "stdin";
		in->fd = STDIN_FILENO;
		in->is_stdin = 1;
	} else {
		in->name = path;
		in->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (in->fd < 0) {
			if (errno == ENOENT || errno == ENOTDIR)
				return sb_err(ctx, SB_ENOTFOUND, "%s: no such file", path);
			return sb_err(ctx, SB_EDATA, "%s: cannot open: %s", path,
			    strerror(errno));
		}
	}
	if (fstat(in->fd, &st) != 0) {
		int e = errno;

		sb_input_close(in);
		return sb_err(ctx, SB_EDATA, "%s: %s", in->name, strerror(e));
	}
	if (S_ISDIR(st.st_mode)) {
		sb_input_close(in);
		return sb_err(ctx, SB_EDATA, "%s: is a directory, not a file", path);
	}
	/* Fill the head: enough to tell every format apart. */
	while (in->head_len < sizeof(in->head)) {
		ssize_t n = read(in->fd, in->head + in->head_len,
		    sizeof(in->head) - in->head_len);

		if (n < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			sb_input_close(in);
			return sb_err(ctx, SB_EDATA, "%s: cannot read: %s", path,
			    strerror(e));
		}
		if (n == 0) {
			in->eof = 1;
			break;
		}
		in->head_len += (size_t)n;
	}
	/* A UTF-8 byte order mark (a spreadsheet's CSV) is not the text: skip it. */
	if (in->head_len >= 3 && in->head[0] == 0xef && in->head[1] == 0xbb &&
	    in->head[2] == 0xbf)
		in->head_pos = 3;
	return SB_OK;
}

void
sb_input_close(struct sb_input *in)
{
	if (in->fd >= 0 && !in->is_stdin)
		close(in->fd);
	in->fd = -1;
}

ssize_t
sb_input_read(struct sb_input *in, void *buf, size_t size)
{
	if (in->head_pos < in->head_len) {
		size_t n = in->head_len - in->head_pos;

		if (n > size)
			n = size;
		memcpy(buf, in->head + in->head_pos, n);
		in->head_pos += n;
		in->offset += n;
		return (ssize_t)n;
	}
	if (in->eof)
		return 0;
	for (;;) {
		ssize_t n = read(in->fd, buf, size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			in->eof = 1;
		if (n > 0)
			in->offset += (uint64_t)n;
		return n;
	}
}

int
sb_input_slurp(sb_ctx *ctx, struct sb_input *in, size_t max, char **data, size_t *len)
{
	size_t cap = in->head_len + 65536, n = 0;
	char *buf = malloc(cap + 1);

	if (buf == NULL)
		return sb_err(ctx, SB_EFAIL, "%s: out of memory", in->name);
	for (;;) {
		ssize_t got;

		if (n == cap) {
			char *p;

			if (cap >= max) {
				free(buf);
				return sb_err(ctx, SB_EDATA, "%s: larger than %zu MiB, "
				    "the most this format is read at once", in->name,
				    max >> 20);
			}
			cap = cap * 2 > max ? max : cap * 2;
			p = realloc(buf, cap + 1);
			if (p == NULL) {
				free(buf);
				return sb_err(ctx, SB_EFAIL, "%s: out of memory", in->name);
			}
			buf = p;
		}
		got = sb_input_read(in, buf + n, cap - n);
		if (got < 0) {
			int e = errno;

			free(buf);
			return sb_err(ctx, SB_EDATA, "%s: cannot read: %s", in->name,
			    strerror(e));
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return SB_OK;
}

const unsigned char *
sb_input_text(const struct sb_input *in, size_t *left)
{
	const unsigned char *p = in->head, *end = in->head + in->head_len;

	if (end - p >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		p += 3;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	*left = (size_t)(end - p);
	return p;
}

void
sb_input_header_text(char *buf, size_t size, char **fields, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t len = 0;

	if (size < 8)
		return;
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf[len++] = ',';
		for (const unsigned char *p = (const unsigned char *)fields[i];
		    *p != '\0' && len + 8 < size; p++) {
			if (*p < 0x20 || *p == 0x7f) {
				buf[len++] = '\\';
				buf[len++] = 'x';
				buf[len++] = hex[*p >> 4];
				buf[len++] = hex[*p & 15];
			} else {
				buf[len++] = (char)*p;
			}
		}
		if (len + 8 >= size) {
			memcpy(buf + len, "...", 4);
			return;
		}
	}
	buf[len] = '\0';
}

int
sb_input_has(const unsigned char *p, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(p + i, needle, k) == 0)
			return 1;
	return 0;
}
