/*
 * feed.c - tokenise a long text on a second thread.
 *
 * The tokenizer, the lexicon classes of a token and the runs of name words
 * depend on nothing but the text, the lexicon (which is only read) and the
 * structure stage's known names, so tokens made on another thread are the
 * ones the analysis would make: the output does not change.
 * The analysis depends on all blocks before it, so it stays on one thread;
 * the tokenizer was a third of its instructions.
 *
 * The two threads share a ring of FEED_SLOTS token arrays. The analysis
 * takes a block's tokens by swapping arrays with the ring, so no token is
 * copied. Each side waits for the other by spinning briefly, then sleeping
 * on a condition variable: a block takes microseconds, a sleep as long.
 * POSIX threads, not C11's: ThreadSanitizer and more systems know them.
 */
#define _POSIX_C_SOURCE 200809L /* pthreads under -std=c11 */

#include "feed.h"
#include "pair.h"
#include "stages.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Blocks the thread may be ahead: a news paragraph is a few hundred bytes,
 * so 256 of them are a millisecond or two of analysis, enough to ride out
 * one side being scheduled off its CPU for a while (64: 2% slower on 50 MiB,
 * docs/architecture.md). */
#define FEED_SLOTS 256u
/* Memory: the tokens made ahead stay under FEED_AHEAD bytes of text, and a
 * block longer than that is left to the analysis thread to tokenise, so
 * that two long blocks' tokens are never held at once (20 bytes a token).
 * An array of the ring that grew past FEED_KEEP tokens is freed before it
 * is used again: a text of many long blocks does not leave every array as
 * big as the longest (80 KiB each at most, 20 MiB for the ring). */
#define FEED_AHEAD ((size_t)1 << 20)
#define FEED_KEEP ((size_t)4096)
/* How long a side spins before it sleeps: some tens of microseconds. */
#define FEED_SPINS 4096
/* Each side tells the other of its progress every FEED_BATCH blocks (and
 * before it waits), not every block: a counter the other core reads costs
 * a cache line's trip between the cores each time it is written, and the
 * store itself a full barrier (docs/architecture.md has the figures). */
#define FEED_BATCH 8u
/* The analysis is close behind when fewer than FEED_CLOSE blocks made are
 * not yet taken (share_of). */
#define FEED_CLOSE 32u

/* Each line of 64 bytes is written by one thread only, so that neither
 * thread's writes evict what the other reads every block. */
struct nm__feed {
  alignas(64) nm__ctx ctx;     /* the tokenizing thread's: own lexicon cache */
  uint32_t length[FEED_SLOTS]; /* the text length of each slot's block */
  alignas(64) atomic_size_t produced; /* blocks whose tokens are ready */
  alignas(64) atomic_size_t consumed; /* blocks the analysis has taken */
  /* the analysis thread's own: blocks taken, the part of them published
   * in `consumed`, and `produced` as last read */
  alignas(64) size_t taken;
  size_t told;
  size_t seen;
  alignas(64) atomic_bool stop;    /* the analysis has ended */
  atomic_bool failed;              /* the tokenizer ran out of memory */
  alignas(64) atomic_int sleepers; /* sides waiting on `wake` */
  pthread_mutex_t lock;
  pthread_cond_t wake;
  pthread_t thread;
  /* a line each, as both threads write them */
  alignas(64) struct {
    alignas(64) nm__toks toks;
    bool left; /* a long block, left to the analysis thread */
  } slots[FEED_SLOTS];
};

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

/* Has the other side moved `counter` past `past`, or must this side give
 * up? */
static bool ready(nm__feed *feed, const atomic_size_t *counter, size_t past) {
  return atomic_load(counter) > past || atomic_load(&feed->stop) ||
         atomic_load(&feed->failed);
}

/* Wait until ready(). The sleeper count is raised before the last check
 * and the counters are raised before the count is read (both sequentially
 * consistent), so a side that sleeps is always woken. */
static void wait_for(nm__feed *feed, const atomic_size_t *counter,
                     size_t past) {
  for (int spin = 0; spin < FEED_SPINS; spin++) {
    if (ready(feed, counter, past))
      return;
    cpu_relax();
  }
  pthread_mutex_lock(&feed->lock);
  atomic_fetch_add(&feed->sleepers, 1);
  while (!ready(feed, counter, past))
    pthread_cond_wait(&feed->wake, &feed->lock);
  atomic_fetch_sub(&feed->sleepers, 1);
  pthread_mutex_unlock(&feed->lock);
}

static void wake_other(nm__feed *feed) {
  if (atomic_load(&feed->sleepers) > 0) {
    pthread_mutex_lock(&feed->lock);
    pthread_cond_broadcast(&feed->wake);
    pthread_mutex_unlock(&feed->lock);
  }
}

/* make test's builds of test_doc with threads for every text (ThreadSanitizer
 * and ASan) set NM_FEED_TEST: there a block that begins with "NM_FEED_FAIL"
 * fails on this thread as an allocation would, so that the failure's way
 * back can be tested, and share_of takes every way in turn. */
static bool test_failure(const nm__ctx *ctx, const nm__block *block) {
#ifdef NM_FEED_TEST
  static const char marker[] = "NM_FEED_FAIL";
  return block->end - block->start >= sizeof marker - 1 &&
         memcmp(ctx->text + block->start, marker, sizeof marker - 1) == 0;
#else
  (void)ctx;
  (void)block;
  return false;
#endif
}

/* Tell the other side that `counter` is now `value`, and wake it if it
 * sleeps. The store is sequentially consistent: wait_for's sleeper sees it
 * or is seen. */
static void publish(nm__feed *feed, atomic_size_t *counter, size_t value) {
  atomic_store(counter, value);
  wake_other(feed);
}

/* How much of a block's work this side does. The analysis does the rest:
 * it tokenises a block left to it and finds the name runs when they are not
 * ready; a word's classes are looked up once, by whichever side asks first.
 * On a shared machine either side may be the slower for a while, so the
 * share follows how far ahead this side is: all of it far ahead (looking
 * up every word always made this side the slower one), less when the
 * analysis is close behind, and the block itself when the analysis has
 * taken every block made and waits for this one. */
typedef enum share {
  SHARE_NONE,   /* left to the analysis, tokens and all */
  SHARE_TOKENS, /* the tokens */
  SHARE_RUNS,   /* and the runs of name words, the names stage's first
                   step (on the way it looks up the classes of nearly
                   every capitalised word) */
  SHARE_CLASSES /* and the classes of every word */
} share;

static share share_of(size_t seq, size_t taken) {
#ifdef NM_FEED_TEST /* every way in turn, whoever is ahead */
  (void)taken;
  return (share)(seq % 4);
#else
  if (taken >= seq)
    return SHARE_NONE;
  if (seq - taken < FEED_CLOSE)
    return SHARE_TOKENS;
  return seq - taken < FEED_SLOTS / 2 ? SHARE_RUNS : SHARE_CLASSES;
#endif
}

static void *feed_run(void *arg) {
  nm__feed *feed = arg;
  nm__ctx *ctx = &feed->ctx;
  size_t seq = 0, told = 0;    /* blocks made; and published */
  size_t freed = 0, ahead = 0; /* blocks taken, as last read; bytes ahead */
  for (int pass = 0; pass < 3; pass++)
    for (size_t b = 0; b < ctx->block_count; b++) {
      const nm__block *block = &ctx->blocks[b];
      if (!nm__feed_visits(block, pass))
        continue;
      /* wait for a free slot, and for the text ahead to be short */
      while (seq - freed >= FEED_SLOTS ||
             (seq > freed && ahead >= FEED_AHEAD)) {
        if (told != seq) /* the analysis may be waiting for these */
          publish(feed, &feed->produced, told = seq);
        if (atomic_load(&feed->consumed) == freed)
          wait_for(feed, &feed->consumed, freed);
        if (atomic_load(&feed->stop))
          return NULL;
        for (size_t taken = atomic_load(&feed->consumed); freed < taken;
             freed++)
          ahead -= feed->length[freed % FEED_SLOTS];
      }
      /* When the analysis has taken all that was made, it waits or soon
       * will: tell it of what is made now, not at the batch's end. */
      size_t taken = atomic_load(&feed->consumed);
      if (taken >= told && told != seq)
        publish(feed, &feed->produced, told = seq);
      share part = share_of(seq, taken);
      size_t slot = seq % FEED_SLOTS;
      nm__toks *toks = &feed->slots[slot].toks;
      feed->length[slot] = 0;
      feed->slots[slot].left =
          part == SHARE_NONE || block->end - block->start > FEED_AHEAD;
      if (!feed->slots[slot].left) {
        if (toks->cap > FEED_KEEP) {
          nm__free(NULL, toks->items);
          toks->items = NULL;
          toks->count = toks->cap = 0;
        }
        if (nm__tokenize(ctx, block->start, block->end, toks) != NM_OK ||
            test_failure(ctx, block) ||
            (part >= SHARE_RUNS && nm__name_runs(ctx, block, toks) != NM_OK)) {
          atomic_store(&feed->failed, true);
          wake_other(feed);
          return NULL;
        }
        if (part == SHARE_CLASSES)
          for (size_t i = 0; i < toks->count; i++)
            if (toks->items[i].type == NM__T_WORD)
              (void)nm__tok_lex(ctx, &toks->items[i]);
        feed->length[slot] = block->end - block->start;
        ahead += feed->length[slot];
      }
      if (++seq - told >= FEED_BATCH || part == SHARE_NONE)
        publish(feed, &feed->produced, told = seq);
    }
  publish(feed, &feed->produced, seq);
  return NULL;
}

nm__feed *nm__feed_start(const nm__ctx *ctx) {
  if (!nm__threads_pay(ctx))
    return NULL;
  /* aligned_alloc: the struct's lines are 64-byte aligned */
  size_t size = (sizeof(nm__feed) + 63u) / 64u * 64u;
  nm__feed *feed = aligned_alloc(64, size);
  if (!feed)
    return NULL;
  memset(feed, 0, size);
  feed->ctx = *ctx;
  feed->ctx.lex_cache = NULL;
  feed->ctx.lex_cache_len = NULL;
  feed->ctx.wordsets = NULL;
  feed->ctx.err = NM_OK;
  atomic_init(&feed->produced, 0);
  atomic_init(&feed->consumed, 0);
  atomic_init(&feed->stop, false);
  atomic_init(&feed->failed, false);
  atomic_init(&feed->sleepers, 0);
  if (pthread_mutex_init(&feed->lock, NULL) != 0) {
    free(feed);
    return NULL;
  }
  if (pthread_cond_init(&feed->wake, NULL) != 0) {
    pthread_mutex_destroy(&feed->lock);
    free(feed);
    return NULL;
  }
  if (pthread_create(&feed->thread, NULL, feed_run, feed) != 0) {
    pthread_cond_destroy(&feed->wake);
    pthread_mutex_destroy(&feed->lock);
    free(feed);
    return NULL;
  }
  return feed;
}

int nm__feed_take(nm__feed *feed, nm__ctx *ctx, const nm__block *block,
                  nm__toks *toks) {
  size_t seq = feed->taken;
  if (feed->seen <= seq) {
    if (feed->told != seq) /* the thread may be waiting for a free slot */
      publish(feed, &feed->consumed, feed->told = seq);
    wait_for(feed, &feed->produced, seq);
    feed->seen = atomic_load(&feed->produced);
    if (feed->seen <= seq)
      return NM_ENOMEM; /* failed: the block is not there */
  }
  bool left = feed->slots[seq % FEED_SLOTS].left;
  if (!left) {
    nm__toks *slot = &feed->slots[seq % FEED_SLOTS].toks;
    nm__toks mine = *toks;
    *toks = *slot;
    *slot = mine;
  }
  feed->taken = ++seq;
  if (seq - feed->told >= FEED_BATCH)
    publish(feed, &feed->consumed, feed->told = seq);
  return left ? nm__tokenize(ctx, block->start, block->end, toks) : NM_OK;
}

void nm__feed_end(nm__feed *feed) {
  if (!feed)
    return;
  atomic_store(&feed->stop, true);
  wake_other(feed);
  pthread_join(feed->thread, NULL);
  pthread_cond_destroy(&feed->wake);
  pthread_mutex_destroy(&feed->lock);
  for (size_t k = 0; k < FEED_SLOTS; k++) {
    nm__free(NULL, feed->slots[k].toks.items);
    nm__free(NULL, feed->slots[k].toks.runs);
  }
  nm__free(NULL, feed->ctx.lex_cache);
  nm__free(NULL, feed->ctx.lex_cache_len);
  nm__free(NULL, feed->ctx.wordsets);
  free(feed);
}
