/*
 * feed.h - a long text's tokens made on a second thread, a few blocks ahead
 * of the analysis that reads them.
 */
#ifndef NM_FEED_H
#define NM_FEED_H

#include "tokens.h"

typedef struct nm__feed nm__feed;

/* The blocks the analysis visits on pass `pass` (0: the body; 1 and 2: the
 * other blocks, each time again), in block order: the order in which the
 * feed makes their tokens. */
static inline bool nm__feed_visits(const nm__block *block, int pass) {
  bool body =
      block->kind == NM_KIND_PARAGRAPH || block->kind == NM_KIND_SUBHEAD;
  return body == (pass == 0);
}

/* Start tokenising the blocks of ctx on a second thread. NULL, and no
 * thread, when it does not pay or is not allowed: a short text, a caller's
 * allocator (it may not be thread-safe), NM_PARSE_NO_THREADS, a process
 * that may use one CPU only, or no thread to be had. The analysis then
 * tokenises each block itself. */
nm__feed *nm__feed_start(const nm__ctx *ctx);

/* Put the tokens of `block`, the next visited block, in `toks`: swapped in
 * from the feed (the old array goes back to it), or for a block the feed
 * leaves to this thread, made here in ctx. NM_ENOMEM when either ran out of
 * memory. */
int nm__feed_take(nm__feed *feed, nm__ctx *ctx, const nm__block *block,
                  nm__toks *toks);

/* Stop the thread (before the last block too) and free the feed. */
void nm__feed_end(nm__feed *feed);

#endif /* NM_FEED_H */
