/*
 * fuzz_main.c - a main() for the libFuzzer harnesses (fuzz_*.c), so each
 * builds and runs without libFuzzer: it calls LLVMFuzzerTestOneInput()
 * once for each file named on the command line.  make check runs the
 * harnesses this way over the seed and crash corpus (tests/fixtures/fuzz/);
 * tests/fuzz/fuzz.sh links the same harnesses with -fsanitize=fuzzer
 * instead, which brings its own main().
 *
 * Exit status: 0 when every input ran (a harness never fails on bad input,
 * only crashes), 2 when a file could not be read.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;

	if (f == NULL) {
		fprintf(stderr, "fuzz_main: %s: cannot open\n", path);
		return 2;
	}
	for (;;) {
		size_t got;

		if (len == cap) {
			uint8_t *q;

			cap = cap ? cap * 2 : 65536;
			if ((q = realloc(buf, cap)) == NULL) {
				fprintf(stderr, "fuzz_main: %s: out of memory\n", path);
				free(buf);
				fclose(f);
				return 2;
			}
			buf = q;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "fuzz_main: %s: cannot read\n", path);
		free(buf);
		fclose(f);
		return 2;
	}
	fclose(f);
	/* A copy of exactly len bytes, so ASan sees reads past the input. */
	{
		uint8_t *exact = malloc(len ? len : 1);

		if (exact == NULL) {
			free(buf);
			return 2;
		}
		if (len > 0)
			memcpy(exact, buf, len);
		free(buf);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int status = 0, ran = 0;

	for (int i = 1; i < argc; i++) {
		if (run_file(argv[i]) != 0)
			status = 2;
		else
			ran++;
	}
	fprintf(stderr, "fuzz_main: ran %d input%s\n", ran, ran == 1 ? "" : "s");
	return status;
}
