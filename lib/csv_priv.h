/*
 * csv_priv.h - writing CSV fields (lib/base_csv_write.c).  One field:
 * sb_csv_write_field() in stripboard.h, public for the commands.
 */
#ifndef SB_CSV_PRIV_H
#define SB_CSV_PRIV_H

#include <stddef.h>
#include <stdio.h>

#include "stripboard.h"

/*
 * Write the texts part(arg, 0), part(arg, 1)... up to the first NULL as
 * one CSV field, joined by sep, quoted as sb_csv_write_field() quotes the
 * joined text; without building it.  part() is asked for the parts in
 * order, from 0, twice.
 */
void sb_csv_write_joined(FILE *out, const char *sep,
    const char *(*part)(void *arg, size_t i), void *arg);

/*
 * Write s as one CSV field a spreadsheet shows as text (OWASP's advice on
 * CSV injection): a field that begins with =, +, -, @, tab or CR, which a
 * spreadsheet would run as a formula, is written quoted, after a single
 * quote; any other as sb_csv_write_field() writes it.
 */
void sb_csv_write_text(FILE *out, const char *s);

#endif
