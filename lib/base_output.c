/*
 * base_output.c - output files replaced atomically, and only when their
 * content changes: what cron jobs need, so that rsync, web servers and
 * calendar subscribers see only real changes and never half a file.
 *
 * The bytes go to a temporary file in the directory of the target (a
 * rename is atomic only within one file system).  At the end the target,
 * if it exists, is compared with them byte for byte; the same bytes leave
 * it untouched, not even its times, and the temporary file is removed.
 * Otherwise the temporary file is flushed to disk, given the target's
 * mode (or 0666 less the umask) and renamed over it.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stripboard.h"

struct sb_output {
	char *path, *tmp;
	FILE *f;
};

sb_output *
sb_output_open(const char *path)
{
	sb_output *o;
	size_t n;
	int fd;

	if (path == NULL || path[0] == '\0') {
		errno = EINVAL;
		return NULL;
	}
	if ((o = calloc(1, sizeof(*o))) == NULL)
		return NULL;
	n = strlen(path);
	if ((o->path = strdup(path)) == NULL || (o->tmp = malloc(n + 16)) == NULL)
		goto fail;
	/* beside the target: "out.csv" -> "out.csv.tmpXXXXXX" */
	memcpy(o->tmp, path, n);
	memcpy(o->tmp + n, ".tmpXXXXXX", sizeof(".tmpXXXXXX"));
	if ((fd = mkstemp(o->tmp)) < 0)
		goto fail;
	if ((o->f = fdopen(fd, "w+")) == NULL) {
		int e = errno;

		close(fd);
		unlink(o->tmp);
		errno = e;
		goto fail;
	}
	return o;
fail:
	{
		int e = errno;

		free(o->path);
		free(o->tmp);
		free(o);
		errno = e;
	}
	return NULL;
}

FILE *
sb_output_file(sb_output *o)
{
	return o->f;
}

static void
output_free(sb_output *o)
{
	free(o->path);
	free(o->tmp);
	free(o);
}

void
sb_output_abort(sb_output *o)
{
	int e = errno;

	if (o == NULL)
		return;
	if (o->f != NULL)
		fclose(o->f);
	unlink(o->tmp);
	output_free(o);
	errno = e;
}

/* 1 if the file at path holds the bytes of f (rewound), 0 if not or none. */
static int
same_content(const char *path, FILE *f, off_t size)
{
	char a[65536], b[65536];
	struct stat st;
	FILE *g;
	int same = 1;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != size)
		return 0;
	if ((g = fopen(path, "rb")) == NULL)
		return 0;
	rewind(f);
	for (;;) {
		size_t na = fread(a, 1, sizeof(a), f), nb = fread(b, 1, sizeof(b), g);

		if (na != nb || memcmp(a, b, na) != 0) {
			same = 0;
			break;
		}
		if (na == 0) {
			same = !ferror(f) && !ferror(g);
			break;
		}
	}
	fclose(g);
	return same;
}

int
sb_output_commit(sb_output *o)
{
	struct stat st;
	off_t size;
	mode_t mode;
	int e;

	if (fflush(o->f) != 0 || ferror(o->f))
		goto fail;
	if ((size = ftello(o->f)) < 0)
		goto fail;
	if (same_content(o->path, o->f, size)) {
		fclose(o->f);
		o->f = NULL;
		unlink(o->tmp);
		output_free(o);
		return 0;
	}
	if (stat(o->path, &st) == 0) {
		mode = st.st_mode & 07777;
	} else {
		mode_t mask = umask(0);

		umask(mask);
		mode = 0666 & ~mask;
	}
	if (fchmod(fileno(o->f), mode) != 0 || fsync(fileno(o->f)) != 0)
		goto fail;
	if (fclose(o->f) != 0) {
		o->f = NULL;
		goto fail;
	}
	o->f = NULL;
	if (rename(o->tmp, o->path) != 0)
		goto fail;
	output_free(o);
	return 1;
fail:
	e = errno != 0 ? errno : EIO;
	sb_output_abort(o);
	errno = e;
	return -1;
}
