/*
 * log_priv.h - what lib/op_log.c takes from lib/op_log_summary.c: the line
 * in words that says what an audit row did.
 */
#ifndef LOG_PRIV_H
#define LOG_PRIV_H

#include "sb_priv.h"

/*
 * Put in b (emptied first) one line for people saying what the row did:
 * "moved scene 12 from day 3 to day 5 (First Pass)", "joined day 2 to day
 * 1 (First Pass)", "merged the script pink.fdx (fdx): 6 scenes changed".
 */
void sb_log_summarize(struct sb_buf *b, const struct sb_log_row *r);

#endif /* LOG_PRIV_H */
