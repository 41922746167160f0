/*
 * analyse.c - runs the per-block stages over the blocks, then resolves the
 * document's entities.
 *
 * Body paragraphs go first, in reading order, so that the names they
 * establish decide what the headline, standfirst and caption words are
 * (a Title Case headline capitalises everything; a document-centred reading
 * is what tells "Kerry" the name from "Conference" the word).
 */
#include "feed.h"
#include "stages.h"

/* A Title Case line: most words of three letters or more capitalised. */
static bool title_case(const nm__toks *toks) {
  size_t words = 0, caps = 0;
  for (size_t i = 0; i < toks->count; i++) {
    const nm__tok *t = &toks->items[i];
    if (t->type != NM__T_WORD || t->end - t->start < 4)
      continue;
    words++;
    caps += (t->flags & NM__F_CAP) != 0;
  }
  return words >= 3 && caps * 10 >= words * 7;
}

/* Analyse one block. Pass 0 takes the body; pass 1 the other blocks in
 * sentence case; pass 2 the Title Case ones, which only take names the
 * rest of the document has shown. Returns NM_OK also when the block
 * belongs to another pass. */
static int analyse_block(nm__ctx *ctx, nm__blk *blk, nm__memory *mem,
                         const nm__block *block, int pass, nm__feed *feed) {
  if (!nm__feed_visits(block, pass))
    return NM_OK;
  blk->block = block;
  blk->quote_count = 0;
  blk->mention_count = 0;
  if ((feed ? nm__feed_take(feed, ctx, block, &blk->toks)
            : nm__tokenize(ctx, block->start, block->end, &blk->toks)) != NM_OK)
    return ctx->err = NM_ENOMEM;
  /* the first word after a dateline starts a sentence */
  if (ctx->dateline_end > block->start && ctx->dateline_end < block->end)
    for (size_t i = 0; i < blk->toks.count; i++)
      if (blk->toks.items[i].start >= ctx->dateline_end &&
          blk->toks.items[i].type == NM__T_WORD) {
        blk->toks.items[i].flags |= NM__F_SENT_START;
        break;
      }
  /* "((Pablo Greco))  Good question", "((WN)) : You've said": the first
   * word after an interview turn's label starts a sentence */
  {
    nm__toks *tk = &blk->toks;
    if (tk->count > 4 && nm__tok_mark(&tk->items[0], '(') &&
        nm__tok_mark(&tk->items[1], '(')) {
      for (size_t i = 2; i + 2 < tk->count && i < 16; i++) {
        if (!nm__tok_mark(&tk->items[i], ')') ||
            !nm__tok_mark(&tk->items[i + 1], ')'))
          continue;
        size_t w = i + 2;
        if (nm__tok_mark(&tk->items[w], ':') && w + 1 < tk->count)
          w++;
        if (tk->items[w].type == NM__T_WORD)
          tk->items[w].flags |= NM__F_SENT_START;
        break;
      }
    }
  }
  /* bylines, credits and source lines are names in capitals, not Title
   * Case prose */
  bool name_line = block->kind == NM_KIND_BYLINE ||
                   block->kind == NM_KIND_IMAGE_CREDIT ||
                   block->kind == NM_KIND_SOURCE_LINE ||
                   block->kind == NM_KIND_CAPTION; /* a caption is prose */
  blk->title_case = block->kind == NM_KIND_SUBHEAD ||
                    (pass > 0 && !name_line && title_case(&blk->toks));
  if (pass > 0 && blk->title_case != (pass == 2))
    return NM_OK;
  if (nm__find_quotes(ctx, blk, mem) != NM_OK)
    return NM_ENOMEM;
  if (nm__find_names(ctx, blk, mem) != NM_OK)
    return NM_ENOMEM;
  nm__classify_quotes(ctx, blk);
  return nm__find_speakers(ctx, blk, mem);
}

int nm__analyse(nm__ctx *ctx) {
  nm__blk blk = {0};
  nm__memory mem = {0};
  mem.last_speaker = -1;
  mem.colon_speaker = -1;
  mem.last_org = -1;
  for (int g = 0; g < 3; g++)
    mem.last_person[g] = -1;
  /* the word sets are made before the feed copies the context, so that
   * this thread has its own (nm__tok_in) */
  int rc = nm__tok_wordsets(ctx);
  nm__feed *feed = rc == NM_OK ? nm__feed_start(ctx) : NULL;
  /* body first, then the headline matter */
  for (int pass = 0; pass < 3 && rc == NM_OK; pass++) {
    for (size_t b = 0; b < ctx->block_count && rc == NM_OK; b++) {
      mem.block_index = b;
      rc = analyse_block(ctx, &blk, &mem, &ctx->blocks[b], pass, feed);
    }
    /* a quote open at the end of the body closes there */
    if (mem.quote_open) {
      ctx->spans->items[mem.open_quote_span].flags |= NM_FLAG_UNCLOSED;
      mem.quote_open = false;
    }
  }
  nm__feed_end(feed);
  if (rc == NM_OK)
    rc = nm__resolve_entities(ctx);
  nm__free(ctx->mem, blk.toks.items);
  nm__free(ctx->mem, blk.toks.runs);
  nm__free(ctx->mem, blk.tok_mention);
  nm__free(ctx->mem, blk.mentions);
  nm__free(ctx->mem, blk.quotes);
  return rc != NM_OK ? rc : ctx->err;
}

void nm__ctx_free(nm__ctx *ctx) {
  for (size_t i = 0; i < ctx->entity_count; i++) {
    nm__free(ctx->mem, ctx->entities[i].name);
    nm__free(ctx->mem, ctx->entities[i].role);
  }
  nm__free(ctx->mem, ctx->entities);
  nm__free(ctx->mem, ctx->entity_map);
  nm__free(ctx->mem, ctx->surnames);
  nm__free(ctx->mem, ctx->lex_cache);
  nm__free(ctx->mem, ctx->lex_cache_len);
  nm__free(ctx->mem, ctx->wordsets);
  nm__free(ctx->mem, ctx->blocks);
  nm__free(ctx->mem, ctx->known_names);
}
