/*
 * tokens.c - split one block into words and marks.
 *
 * Words keep inner apostrophes (isn't, O'Brien), hyphens (Man-kei) and the
 * dots of initials and acronyms (J., U.S.). A possessive 's is left out of
 * the word and noted in its flags. Words glued by a scraper
 * ("SergeiLavrov") are split when the first part is a known given name.
 */
#include "tokens.h"
#include "text.h"

#include <string.h>

static bool is_quote_cp(uint32_t c) {
  return c == '"' || c == '\'' || c == 0x201c || c == 0x201d ||
         c == 0x2018 || c == 0x2019 || c == 0xab || c == 0xbb ||
         c == 0x201e || c == 0x201a || c == 0x2039 || c == 0x203a;
}

static bool is_apostrophe_cp(uint32_t c) { return c == '\'' || c == 0x2019; }

static int push(nm__ctx *ctx, nm__toks *toks, nm__tok tok) {
  if (nm__grow(ctx->mem, (void **)&toks->items, &toks->cap, toks->count + 1,
               sizeof(nm__tok)) != NM_OK) {
    ctx->err = NM_ENOMEM;
    return NM_ENOMEM;
  }
  toks->items[toks->count++] = tok;
  return NM_OK;
}

bool nm__tok_is(const nm__ctx *ctx, const nm__tok *t, const char *word) {
  size_t n = strlen(word);
  if (t->end - t->start != n)
    return false;
  for (size_t i = 0; i < n; i++)
    if (nm__ascii_lower(ctx->text[t->start + i]) != word[i])
      return false;
  return true;
}

uint32_t nm__tok_lex(nm__ctx *ctx, nm__tok *t) {
  if (t->flags & NM__F_LEX)
    return t->lex;
  nm__lex_hit hit = {0, NULL};
  if (t->type == NM__T_WORD)
    nm__lex_lookup(ctx->lexicon, ctx->text + t->start, t->end - t->start,
                   &hit);
  /* "EST" is not the region "Est": short capitals match only acronyms */
  if ((t->flags & NM__F_ALLCAPS) && t->end - t->start <= 4 &&
      !(hit.classes & NM__W_ACRONYM))
    hit.classes &= ~(uint32_t)(NM__W_PLACE | NM__W_ORG | NM__W_GIVEN);
  t->lex = hit.classes;
  t->canon = hit.canonical;
  t->flags |= NM__F_LEX;
  return t->lex;
}

/* Case flags of a word's letters. */
static unsigned case_flags(const char *text, uint32_t start, uint32_t end) {
  uint32_t cp, letters = 0, lowers = 0;
  unsigned flags = 0;
  bool first = true;
  for (uint32_t i = start; i < end;) {
    i += nm__utf8_at(text, end, i, &cp);
    if (!nm__is_letter_cp(cp))
      continue;
    if (first && nm__is_upper_cp(cp))
      flags |= NM__F_CAP;
    first = false;
    letters++;
    lowers += nm__is_lower_cp(cp);
  }
  if (letters >= 2 && lowers == 0)
    flags |= NM__F_ALLCAPS;
  return flags;
}

/* Where a glued "SergeiLavrov" splits: the offset of the upper-case letter
 * after a lower-case one, when the part before is a given name; else 0. */
static uint32_t glue_split(nm__ctx *ctx, uint32_t start, uint32_t end) {
  uint32_t prev = 0, cp;
  for (uint32_t i = start; i < end;) {
    uint32_t n = nm__utf8_at(ctx->text, end, i, &cp);
    if (i > start && nm__is_upper_cp(cp) && nm__is_lower_cp(prev)) {
      nm__lex_hit hit;
      if (i - start >= 3 &&
          nm__lex_lookup(ctx->lexicon, ctx->text + start, i - start, &hit) &&
          (hit.classes & NM__W_GIVEN))
        return i;
      return 0;
    }
    prev = cp;
    i += n;
  }
  return 0;
}

/* Scan one word from `i`; returns its end. Sets *poss_end past a
 * possessive 's when there is one. */
static uint32_t scan_word(const char *t, uint32_t end, uint32_t i,
                          uint32_t *after) {
  uint32_t cp, seg_letters = 0;
  bool dotted = false;
  uint32_t start = i;
  *after = 0;
  while (i < end) {
    uint32_t n = nm__utf8_at(t, end, i, &cp);
    if (nm__is_word_cp(cp)) {
      i += n;
      seg_letters++;
      continue;
    }
    if (i == start)
      break;
    uint32_t next = 0, nn = 0;
    if (i + n < end)
      nn = nm__utf8_at(t, end, i + n, &next);
    if (is_apostrophe_cp(cp) && nm__is_letter_cp(next)) {
      /* a possessive 's ends the word: "Kerry's", "Kerry’s" */
      if ((next == 's' || next == 'S')) {
        uint32_t after_s = i + n + nn, c2 = ' ';
        if (after_s < end)
          nm__utf8_at(t, end, after_s, &c2);
        if (!nm__is_word_cp(c2)) {
          *after = after_s;
          return i;
        }
      }
      i += n; /* isn't, O'Brien */
      continue;
    }
    if (cp == '-' && nm__is_word_cp(next)) {
      i += n;
      seg_letters = 0;
      continue;
    }
    if (cp == '.' && seg_letters == 1) {
      uint32_t prev_cp;
      uint32_t ps;
      prev_cp = nm__utf8_before(t, i, &ps);
      if (nm__is_letter_cp(next) && (i + n + nn >= end || t[i + n + nn] == '.')) {
        /* U.S., D.C.: letter-dot-letter-dot */
        i += n;
        seg_letters = 0;
        dotted = true;
        continue;
      }
      if (dotted || nm__is_upper_cp(prev_cp)) {
        i += n; /* the closing dot of U.S. or of an initial J. */
        break;
      }
    }
    break;
  }
  return i;
}

static uint32_t scan_number(const char *t, uint32_t end, uint32_t i) {
  uint32_t cp;
  while (i < end) {
    uint32_t n = nm__utf8_at(t, end, i, &cp);
    if (nm__is_word_cp(cp)) {
      i += n;
      continue;
    }
    if ((cp == ',' || cp == '.' || cp == ':') && i + 1 < end &&
        t[i + 1] >= '0' && t[i + 1] <= '9') {
      i += n;
      continue;
    }
    break;
  }
  return i;
}

static bool is_honorific_word(nm__ctx *ctx, nm__tok *tok) {
  return (nm__tok_lex(ctx, tok) & NM__W_HONORIFIC) != 0;
}

int nm__tokenize(nm__ctx *ctx, uint32_t start, uint32_t end, nm__toks *toks) {
  const char *t = ctx->text;
  toks->count = 0;
  bool sentence_start = true;
  uint32_t i = start, cp;
  while (i < end) {
    uint32_t n = nm__utf8_at(t, end, i, &cp);
    if (nm__is_space_cp(cp) || cp == 0 || cp == 0x200b || cp == 0x200d ||
        cp == 0xfeff) {
      i += n;
      continue;
    }
    nm__tok tok = {i, i + n, cp, NM__T_PUNCT, 0, 0, NULL};
    if (nm__is_digit_cp(cp)) {
      tok.type = NM__T_NUM;
      tok.end = scan_number(t, end, i);
      i = tok.end;
    } else if (nm__is_letter_cp(cp)) {
      uint32_t after;
      tok.type = NM__T_WORD;
      tok.end = scan_word(t, end, i, &after);
      i = after ? after : tok.end;
      if (after)
        tok.flags |= NM__F_POSS;
      uint32_t split = glue_split(ctx, tok.start, tok.end);
      if (split) {
        nm__tok first = tok;
        first.end = split;
        first.flags = (uint16_t)(case_flags(t, first.start, first.end) |
                                 (sentence_start ? NM__F_SENT_START : 0));
        if (push(ctx, toks, first) != NM_OK)
          return NM_ENOMEM;
        sentence_start = false;
        tok.start = split;
      }
      tok.flags |= (uint16_t)case_flags(t, tok.start, tok.end);
      if (t[tok.end - 1] == '.') {
        tok.flags |= NM__F_ABBREV;
        if (tok.end - tok.start == 2)
          tok.flags |= NM__F_INITIAL;
      }
      if (sentence_start)
        tok.flags |= NM__F_SENT_START;
      sentence_start = false;
      if (i < end && t[i] == '-' && i + 1 < end) {
        tok.flags |= NM__F_HYPHEN_NEXT;
      }
    } else {
      tok.type = is_quote_cp(cp) ? NM__T_QUOTE : NM__T_PUNCT;
      i += n;
      /* An opening mark ("... said: “Our ...") starts a sentence inside. */
      if (tok.type == NM__T_QUOTE && i < end) {
        uint32_t next;
        nm__utf8_at(t, end, i, &next);
        bool after_blank = toks->count == 0 || toks->items[toks->count - 1].end < tok.start;
        if (after_blank && nm__is_upper_cp(next))
          sentence_start = true;
      }
      if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026) {
        /* "Mr. Smith" and "J. Smith" go on; a dot after other words ends
         * the sentence. */
        nm__tok *prev = toks->count ? &toks->items[toks->count - 1] : NULL;
        bool abbrev = cp == '.' && prev && prev->end == tok.start &&
                      prev->type == NM__T_WORD &&
                      (is_honorific_word(ctx, prev) ||
                       prev->end - prev->start == 1);
        if (abbrev)
          prev->flags |= NM__F_ABBREV;
        else
          sentence_start = true;
      } else if (cp == ':' || cp == ';') {
        /* a colon may open a quote; the quote's first word is then a
         * sentence start, which the quote stage handles */
      }
    }
    /* Words after a sentence-ending abbreviation (U.S. at a sentence end)
     * are not treated as sentence starts; rare, and the names stage is
     * robust to it. */
    if (push(ctx, toks, tok) != NM_OK)
      return NM_ENOMEM;
  }
  return NM_OK;
}
