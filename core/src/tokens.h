/*
 * tokens.h - one block's words and marks, as the names, quotes and speakers
 * stages see them.
 */
#ifndef NM_TOKENS_H
#define NM_TOKENS_H

#include "analysis.h"
#include "text.h"

#include <string.h>

enum nm__tok_type {
  NM__T_WORD = 1, /* letters, maybe with digits, inner ' - . */
  NM__T_NUM,      /* starts with a digit */
  NM__T_QUOTE,    /* a quotation mark (or an apostrophe used as one) */
  NM__T_PUNCT     /* anything else that is not blank */
};

enum nm__tok_flag {
  NM__F_CAP = 1u << 0,         /* first letter upper case */
  NM__F_ALLCAPS = 1u << 1,     /* two or more letters, none lower case */
  NM__F_SENT_START = 1u << 2,  /* first word of a sentence */
  NM__F_POSS = 1u << 3,        /* followed by a possessive 's (not in span) */
  NM__F_ABBREV = 1u << 4,      /* followed by a dot that does not end the
                                  sentence: "Mr.", "J.", "U.S."; or that
                                  dot, when it is a token of its own */
  NM__F_INITIAL = 1u << 5,     /* a single capital with a dot: "J." */
  NM__F_IN_QUOTE = 1u << 6,    /* inside a quote */
  NM__F_LEX = 1u << 7,         /* `lex` and `canon` are filled in */
  NM__F_HYPHEN_NEXT = 1u << 8, /* joined to the next word by a hyphen
                                  outside the token ("Jezero-based") */
  NM__F_INNER_MARK = 1u << 9   /* a word that may hold a hyphen or an
                                 apostrophe (' or ’): "Man-kei", "isn't";
                                 one without it holds neither */
};

typedef struct nm__tok {
  uint32_t start, end; /* bytes of the text (not of the block) */
  uint32_t cp;         /* for marks: the code point */
  uint16_t type;
  uint16_t flags;
  uint32_t lex; /* lexicon classes of the word (see nm__tok_lex) */
  /* No canonical name here: 20 bytes a token, not 32, matters on long
   * blocks; the few who need it ask the lexicon cache again. */
} nm__tok;

/* A run of name words, tokens [first, last] of a block, that names.c
 * then cuts into names (nm__name_runs); `kind` is not 0 for a name the
 * structure stage already knows (a dateline's place). */
typedef struct nm__name_run {
  uint32_t first, last;
  int32_t kind;
} nm__name_run;

/* A block's tokens, and its runs of name words when `runs_ready`: these
 * travel with the tokens, so that the feed's thread can find them too. */
typedef struct nm__toks {
  nm__tok *items;
  size_t count, cap;
  nm__name_run *runs;
  size_t run_count, run_cap;
  bool runs_ready;
} nm__toks;

/* Allocate the context's word sets (see nm__tok_in) if not yet done. */
int nm__tok_wordsets(nm__ctx *ctx);

/* Tokenise [start, end) of ctx->text into `toks` (cleared first). */
int nm__tokenize(nm__ctx *ctx, uint32_t start, uint32_t end, nm__toks *toks);

/* The lexicon classes of token `t`, looked up once and cached. Inline
 * for the cached case: stages ask about the same tokens many times. */
uint32_t nm__tok_lex_lookup(nm__ctx *ctx, nm__tok *t);
static inline uint32_t nm__tok_lex(nm__ctx *ctx, nm__tok *t) {
  return (t->flags & NM__F_LEX) ? t->lex : nm__tok_lex_lookup(ctx, t);
}

/* The lexicon classes of the text [start, end) (words joined by single
 * spaces), through the same per-document cache. */
void nm__lex_span(nm__ctx *ctx, uint32_t start, uint32_t end, nm__lex_hit *hit);

/* Is the token, ASCII lower-cased, one of `n` `words` (sorted by strcmp)? */
bool nm__tok_in(const nm__ctx *ctx, const nm__tok *t, const char *const *words,
                size_t n);

/* Does the token's text equal `word` (ASCII case-insensitive)? Inline:
 * `word` is a literal, so its length is known and most tokens fail on it. */
static inline bool nm__tok_is(const nm__ctx *ctx, const nm__tok *t,
                              const char *word) {
  size_t n = strlen(word);
  if (t->end - t->start != n)
    return false;
  const char *p = ctx->text + t->start;
  for (size_t k = 0; k < n; k++)
    if (nm__ascii_lower(p[k]) != word[k])
      return false;
  return true;
}

/* Does the token end a sentence: ".", "!", "?" or "…", but not the dot of
 * "Dr." or "J."? */
static inline bool nm__tok_ends_sentence(const nm__tok *t) {
  return t->type == NM__T_PUNCT &&
         ((t->cp == '.' && !(t->flags & NM__F_ABBREV)) || t->cp == '!' ||
          t->cp == '?' || t->cp == 0x2026);
}

/* Is the token a mark with code point `cp`? */
static inline bool nm__tok_mark(const nm__tok *t, uint32_t cp) {
  return t->type != NM__T_WORD && t->type != NM__T_NUM && t->cp == cp;
}

#endif /* NM_TOKENS_H */
