/*
 * chain_priv.h - the hash chain of the audit trail (stripboard(5), "THE
 * CHAIN"): the canonical bytes of a row, its SHA-256 (nettle), hex.
 */
#ifndef CHAIN_PRIV_H
#define CHAIN_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "sb_priv.h"

#define SB_CHAIN_LEN 32          /* a SHA-256 digest */
#define SB_CHAIN_HEX (2 * SB_CHAIN_LEN)
#define SB_CHAIN_COLS 10         /* id, at, actor ... changes: the row but its hash */

/* The type tags of the encoding (stripboard(5)). */
enum { SB_CHAIN_NULL = 0, SB_CHAIN_INT = 1, SB_CHAIN_REAL = 2, SB_CHAIN_TEXT = 3,
	SB_CHAIN_BLOB = 4 };

/* One stored value of a row, as the engine typed it. */
struct sb_chain_val {
	int type;            /* SB_CHAIN_* */
	int64_t i;           /* INT */
	double r;            /* REAL */
	const void *p;       /* TEXT, BLOB: the bytes (no terminator counted) */
	size_t n;
};

/*
 * The hash of a row: SHA-256 of the previous row's hash (32 zero bytes
 * before the first row) and the canonical bytes of the row's
 * SB_CHAIN_COLS values in column order.
 */
void sb_chain_hash(const unsigned char prev[SB_CHAIN_LEN],
    const struct sb_chain_val v[SB_CHAIN_COLS], unsigned char out[SB_CHAIN_LEN]);

/* Lowercase hex, NUL-terminated (hex holds SB_CHAIN_HEX + 1 bytes). */
void sb_chain_hex(const unsigned char h[SB_CHAIN_LEN], char *hex);

/* Parse SB_CHAIN_HEX hex digits (either case), nothing else: 0, else -1. */
int sb_chain_unhex(const char *hex, unsigned char h[SB_CHAIN_LEN]);

/* The values of a statement's columns first..first+SB_CHAIN_COLS-1. */
void sb_chain_vals(sb_st *st, int first, struct sb_chain_val v[SB_CHAIN_COLS]);

#endif
