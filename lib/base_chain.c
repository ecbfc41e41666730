/*
 * base_chain.c - the canonical bytes of an audit row and their SHA-256,
 * through nettle's implementation (docs/architecture.md says why nettle).
 * The encoding is stripboard(5)'s "THE CHAIN": each value a type byte,
 * then for an integer its 8 bytes big-endian (two's complement), for a
 * real its IEEE 754 binary64 bits big-endian, for text or a blob its
 * length as 8 bytes big-endian and its bytes.  The hash covers the
 * previous row's hash first, so a row cannot change, go or come without
 * every later hash changing.
 */
#include <config.h>

#include <string.h>

#include <nettle/sha2.h>

#include "chain_priv.h"

static void
put_u64(struct sha256_ctx *h, uint64_t x)
{
	uint8_t b[8];

	for (int i = 7; i >= 0; i--) {
		b[i] = (uint8_t)(x & 0xff);
		x >>= 8;
	}
	sha256_update(h, sizeof(b), b);
}

void
sb_chain_hash(const unsigned char prev[SB_CHAIN_LEN],
    const struct sb_chain_val v[SB_CHAIN_COLS], unsigned char out[SB_CHAIN_LEN])
{
	struct sha256_ctx h;

	sha256_init(&h);
	sha256_update(&h, SB_CHAIN_LEN, prev);
	for (int i = 0; i < SB_CHAIN_COLS; i++) {
		uint8_t tag = (uint8_t)v[i].type;
		uint64_t bits;

		sha256_update(&h, 1, &tag);
		switch (v[i].type) {
		case SB_CHAIN_INT:
			put_u64(&h, (uint64_t)v[i].i);
			break;
		case SB_CHAIN_REAL:
			memcpy(&bits, &v[i].r, sizeof(bits));
			put_u64(&h, bits);
			break;
		case SB_CHAIN_TEXT:
		case SB_CHAIN_BLOB:
			put_u64(&h, (uint64_t)v[i].n);
			if (v[i].n > 0)
				sha256_update(&h, v[i].n, v[i].p);
			break;
		default: /* NULL: the tag alone */
			break;
		}
	}
	sha256_digest(&h, SB_CHAIN_LEN, out);
}

void
sb_chain_hex(const unsigned char h[SB_CHAIN_LEN], char *hex)
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < SB_CHAIN_LEN; i++) {
		hex[2 * i] = digits[h[i] >> 4];
		hex[2 * i + 1] = digits[h[i] & 0xf];
	}
	hex[SB_CHAIN_HEX] = '\0';
}

static int
nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
sb_chain_unhex(const char *hex, unsigned char h[SB_CHAIN_LEN])
{
	if (hex == NULL || strlen(hex) != SB_CHAIN_HEX)
		return -1;
	for (int i = 0; i < SB_CHAIN_LEN; i++) {
		int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		h[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}
