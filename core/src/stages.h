/*
 * stages.h - the per-block state that the quotes, names and speakers stages
 * share, and the document-wide memory they carry from block to block.
 */
#ifndef NM_STAGES_H
#define NM_STAGES_H

#include "tokens.h"

#define NM__NO_TOK SIZE_MAX
#define NM__NO_QTOK UINT32_MAX /* the same for nm__quote fields */

typedef struct nm__quote {
  /* 32-bit indices keep a quote at 32 bytes: quote-dense text has one
   * every few bytes (the text is under 4 GiB, so are the counts) */
  uint32_t start, end; /* bytes, marks included */
  uint32_t open_tok;   /* token index of the opening mark, or NM__NO_QTOK
                          when the quote continues from an earlier block */
  uint32_t close_tok;  /* token index of the closing mark, or NM__NO_QTOK
                          when it goes on past this block */
  uint32_t words;      /* words inside */
  uint32_t span;       /* index in ctx->spans, or NM__NO_QTOK */
  int32_t speaker;     /* entity, or -1 */
  uint16_t flags;      /* NM_FLAG_* */
  bool scare;
  uint8_t method; /* an nm_method */
} nm__quote;

/* A mention found in the current block. */
typedef struct nm__mention {
  size_t first, last; /* token range [first, last] */
  int32_t entity;
  size_t span; /* index in ctx->spans */
} nm__mention;

/* What one block holds while it is analysed. */
typedef struct nm__blk {
  const nm__block *block;
  bool title_case; /* a Title Case headline: words are capitalised anyway */
  nm__toks toks;
  int32_t *tok_mention; /* per token: mention index covering it, or -1 */
  size_t tok_mention_cap;
  nm__mention *mentions; /* in text order */
  size_t mention_count, mention_cap;
  size_t mentions_remembered; /* speakers.c: mentions already seen */
  size_t person_seen_tok;     /* ... and the last token of the last person
                                 among them, or NM__NO_TOK */
  nm__quote *quotes;
  size_t quote_count, quote_cap;
} nm__blk;

/* Memory carried across blocks, in reading order. */
#define NM__RECENT_ORGS 8
#define NM__RECENT_PEOPLE 16

/* A mention remembered with where it starts: a pronoun refers to a name
 * before it, not to one its own sentence names after it. */
typedef struct nm__seen {
  int32_t entity;
  uint32_t start; /* byte */
  uint32_t tok;   /* token in its block */
  size_t block;   /* block index */
  bool subject;   /* the subject of its sentence (speakers.c) */
} nm__seen;

typedef struct nm__memory {
  /* a double quote left open at the end of the last paragraph */
  bool quote_open;
  size_t open_quote_span; /* its span index */
  uint32_t open_quote_start;
  uint16_t open_quote_flags;
  uint32_t open_quote_mark; /* the code point that opened it */
  /* the speaker of the last attributed quote, and its block index */
  int32_t last_speaker;
  size_t last_speaker_block;
  /* the last block ended with a colon; its introduced speaker */
  bool colon_intro;
  int32_t colon_speaker;
  size_t colon_block;
  /* the last person mentioned, by gender: 0 any, 1 female, 2 male */
  int32_t last_person[3];
  int32_t last_org;
  /* the last organizations mentioned, oldest first overwritten: "the
   * commission said" looks among them for one of that head word */
  int32_t recent_orgs[NM__RECENT_ORGS];
  uint32_t recent_org_start[NM__RECENT_ORGS];
  size_t recent_org_count;
  /* the last people mentioned, oldest first overwritten */
  nm__seen recent_people[NM__RECENT_PEOPLE];
  size_t recent_people_count;
  size_t block_index;
  /* quotes of the last body block left without a speaker, for an
   * attribution line under them ("—Troy Roberts") */
  size_t pending[8];
  size_t pending_count;
} nm__memory;

/* quotes.c: find the quotes of the block (continuing an open one), push
 * QUOTE / SCARE_QUOTE spans and mark tokens NM__F_IN_QUOTE. */
int nm__find_quotes(nm__ctx *ctx, nm__blk *blk, nm__memory *mem);
/* Decide which quotes are scare quotes (after names are known): short ones
 * that name a term or stand where no one speaks, and titles. */
void nm__classify_quotes(nm__ctx *ctx, nm__blk *blk);
/* A word before a quote that names a term rather than reports speech
 * ("known as", "so-called", "dubbed"). */
bool nm__naming_cue(const nm__ctx *ctx, const nm__tok *t);
/* The verb of describing in the active voice a few words before the "as"
 * at token `as`, in its sentence ("characterised the deaths as", "declared
 * it on his blog as", "describe as"; not "is described as"), or
 * NM__NO_TOK. */
size_t nm__describer_before(const nm__ctx *ctx, const nm__toks *toks,
                            size_t as);

/* names.c: find the runs of name words in `toks`, the tokens of `block`
 * (toks->runs). Reads the tokens, the text, the lexicon and the structure's
 * known names only, so the feed's thread can do it ahead of the analysis. */
int nm__name_runs(nm__ctx *ctx, const nm__block *block, nm__toks *toks);
/* names.c: find the block's name mentions, link them to entities. */
int nm__find_names(nm__ctx *ctx, nm__blk *blk, nm__memory *mem);
/* names.c: after all blocks, merge aliases and decide kinds. */
int nm__resolve_entities(nm__ctx *ctx);
/* The entity an index ends up as after merges. */
int32_t nm__entity_root(const nm__ctx *ctx, int32_t e);
/* Does entity `e` look like a person so far (for pronouns)? */
bool nm__entity_is_personish(const nm__ctx *ctx, int32_t e);
/* Does entity `e` look like an organization so far? */
bool nm__entity_is_orgish(const nm__ctx *ctx, int32_t e);
/* Person evidence from a speech verb alone ("Ford said") or from being
 * quoted, counted apart too (`nm__evidence.speech`): a company speaks as
 * well. */
void nm__add_speech_evidence(nm__ctx *ctx, int32_t e, int weight);

/* speakers.c: attribute the block's quotes. */
int nm__find_speakers(nm__ctx *ctx, nm__blk *blk, nm__memory *mem);

/* Is token i of the block a speech cue: a speech verb (lexicon
 * NM__W_SPEECH) used as a verb, not inside a name ("United States") and
 * not a noun after a determiner ("into state of emergency")? */
bool nm__is_cue(nm__ctx *ctx, nm__blk *blk, size_t i);

/* Is the token a preposition that puts a name inside a phrase of the name
 * before it: "X in Y", "X of Y", "X from Y", "X at Y", "X for Y"? */
bool nm__preposition(const nm__ctx *ctx, const nm__tok *t);

/* Is there an "according to" at token i: a source for the words quoted
 * beside it ("at "very low height" according to The Aviation Herald")? */
bool nm__according_to_at(const nm__ctx *ctx, const nm__toks *toks, size_t i);

#endif /* NM_STAGES_H */
