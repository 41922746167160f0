/*
 * quotes.c - pair quotation marks into quotes.
 *
 * Directed marks (“ ” ‘ ’ « » „) pair by direction; straight marks (" ')
 * take their direction from their neighbours. Single marks are mostly
 * apostrophes, so a single quote needs both its marks inside one block. A
 * double quote left open at a paragraph end continues when the next
 * paragraph reopens with a mark (news convention); otherwise it is closed at
 * the paragraph end and flagged unclosed, so it never swallows the rest.
 */
#include "stages.h"
#include "text.h"

enum { MARK_DOUBLE = 1, MARK_SINGLE = 2 };

static int mark_class(uint32_t cp) {
  switch (cp) {
  case '"':
  case 0x201c:
  case 0x201d:
  case 0x201e:
  case 0xab:
  case 0xbb:
    return MARK_DOUBLE;
  case '\'':
  case 0x2018:
  case 0x2019:
  case 0x201a:
  case 0x2039:
  case 0x203a:
    return MARK_SINGLE;
  default:
    return 0;
  }
}

#define APOSTROPHE 2

/* A single mark that is an apostrophe though no letter follows it inside
 * the word: ’90s, rock 'n' roll, the protesters’ demands. */
static bool is_apostrophe(const nm__ctx *ctx, const nm__blk *blk, size_t i,
                          uint32_t before, uint32_t after) {
  const nm__toks *toks = &blk->toks;
  const nm__tok *t = &toks->items[i];
  /* ’90s, '20s: a mark before a decade */
  if (nm__is_digit_cp(after) && i + 1 < toks->count &&
      toks->items[i + 1].type == NM__T_NUM &&
      toks->items[i + 1].start == t->end)
    return true;
  /* 'n' between spaces, on either side of the n */
  if (i + 2 < toks->count && toks->items[i + 1].start == t->end &&
      toks->items[i + 1].end == toks->items[i + 2].start &&
      nm__tok_is(ctx, &toks->items[i + 1], "n") &&
      mark_class(toks->items[i + 2].cp) == MARK_SINGLE)
    return true;
  if (i >= 2 && toks->items[i - 1].end == t->start &&
      toks->items[i - 2].end == toks->items[i - 1].start &&
      nm__tok_is(ctx, &toks->items[i - 1], "n") &&
      mark_class(toks->items[i - 2].cp) == MARK_SINGLE)
    return true;
  /* a plural possessive: "protesters’ first demand" (an s, the mark, then
   * a lower-case word that is not a speech verb, a pronoun or a word no
   * possessive comes before: "'upside-down rivers' of warm water") */
  if ((before == 's' || before == 'S') && i + 1 < toks->count && after == ' ' &&
      toks->items[i + 1].type == NM__T_WORD &&
      !(toks->items[i + 1].flags & NM__F_CAP)) {
    const nm__tok *w = &toks->items[i + 1];
    static const char *const after_quote[] = {
        "a",   "according", "added", "an",    "and", "are",  "as",  "at",
        "but", "by",        "for",   "from",  "he",  "in",   "is",  "of",
        "on",  "or",        "said",  "says",  "she", "that", "the", "they",
        "to",  "was",       "were",  "which", "with"};
    return !nm__tok_in(ctx, w, after_quote,
                       sizeof after_quote / sizeof *after_quote);
  }
  return false;
}

/* Direction of mark token i: +1 opens, -1 closes, 0 unknown/neither,
 * APOSTROPHE for a single mark that is none of these. */
static int mark_direction(const nm__ctx *ctx, const nm__blk *blk, size_t i) {
  const nm__tok *t = &blk->toks.items[i];
  switch (t->cp) {
  case 0x201c: /* “ opens, but closes after „ (German); handled by caller */
  case 0x2018:
  case 0x201e:
  case 0x201a:
    return 1;
  case 0x201d:
    return -1;
  default:
    break;
  }
  /* straight marks, ’ and guillemets: look at the neighbouring bytes */
  const char *s = ctx->text;
  uint32_t before = ' ', after = ' ', bs;
  if (t->start > blk->block->start)
    before = nm__utf8_before(s, t->start, &bs);
  if (t->end < blk->block->end)
    nm__utf8_at(s, blk->block->end, t->end, &after);
  bool space_before = nm__is_space_cp(before) || before == '(' ||
                      before == '[' || before == '{' ||
                      nm__is_dash_cp(before) || mark_class(before);
  bool space_after = nm__is_space_cp(after) || after == ',' || after == '.' ||
                     after == ';' || after == ':' || after == ')' ||
                     after == '?' || after == '!' || nm__is_dash_cp(after) ||
                     mark_class(after);
  if (mark_class(t->cp) == MARK_SINGLE &&
      is_apostrophe(ctx, blk, i, before, after))
    return APOSTROPHE;
  if (t->cp == 0x2019) /* ’ never opens: a right single mark */
    return space_after || !nm__is_letter_cp(after) ? -1 : 0;
  /* « opens and » closes (French, « … » or «…»), unless they hug the text
   * the other way round: »Wir bauen«, sagte sie (German, Danish) */
  if (t->cp == 0xab || t->cp == 0x2039)
    return !space_before && space_after ? -1 : 1;
  if (t->cp == 0xbb || t->cp == 0x203a)
    return space_before && !space_after ? 1 : -1;
  if (nm__is_digit_cp(before) && t->cp == '"')
    return 0; /* 5' 10" */
  if (space_before && !space_after)
    return 1;
  if (!space_before && space_after)
    return -1;
  if (t->start == blk->block->start)
    return 1;
  return 0; /* both or neither: decided by parity */
}

static int push_quote(nm__ctx *ctx, nm__blk *blk, nm__quote q) {
  if (nm__grow(ctx->mem, (void **)&blk->quotes, &blk->quote_cap,
               blk->quote_count + 1, sizeof(nm__quote)) != NM_OK) {
    ctx->err = NM_ENOMEM;
    return NM_ENOMEM;
  }
  blk->quotes[blk->quote_count++] = q;
  return NM_OK;
}

typedef struct open_mark {
  size_t tok;
  int cls;
  uint32_t cp;
} open_mark;

#define MAX_DEPTH 8

static void mark_inside(nm__blk *blk, size_t from, size_t to) {
  for (size_t k = from; k <= to && k < blk->toks.count; k++)
    blk->toks.items[k].flags |= NM__F_IN_QUOTE;
}

static bool closes(uint32_t open_cp, uint32_t close_cp, int dir) {
  if (open_cp == 0x201e) /* „…“ and „…” */
    return close_cp == 0x201c || close_cp == 0x201d || close_cp == '"';
  if (open_cp == 0x201a)
    return close_cp == 0x2018 || close_cp == 0x2019 || close_cp == '\'';
  return dir <= 0;
}

int nm__find_quotes(nm__ctx *ctx, nm__blk *blk, nm__memory *mem) {
  open_mark stack[MAX_DEPTH];
  size_t depth = 0;
  nm__toks *toks = &blk->toks;
  bool continuing = false;
  nm__quote cont = {0};

  if (mem->quote_open) {
    /* The previous paragraph left a quote open: it goes on only when this
     * paragraph reopens with a double mark. */
    mem->quote_open = false;
    if (toks->count && mark_class(toks->items[0].cp) == MARK_DOUBLE &&
        toks->items[0].type == NM__T_QUOTE &&
        mark_direction(ctx, blk, 0) >= 0) {
      continuing = true;
      cont.start = mem->open_quote_start;
      cont.open_tok = NM__NO_QTOK;
      cont.flags = (uint16_t)(mem->open_quote_flags | NM_FLAG_CONTINUED);
      cont.span = (uint32_t)mem->open_quote_span;
      cont.speaker = -1;
      stack[depth++] = (open_mark){0, MARK_DOUBLE, mem->open_quote_mark};
    } else {
      /* close the earlier quote at its paragraph end (already pushed) */
      ctx->spans->items[mem->open_quote_span].flags |= NM_FLAG_UNCLOSED;
    }
  }
  for (size_t i = continuing ? 1 : 0; i < toks->count; i++) {
    nm__tok *t = &toks->items[i];
    if (t->type != NM__T_QUOTE)
      continue;
    int cls = mark_class(t->cp);
    int dir = mark_direction(ctx, blk, i);
    if (dir == APOSTROPHE)
      continue;
    /* Does it close the innermost open mark of its class? */
    size_t match = SIZE_MAX;
    for (size_t d = depth; d-- > 0;) {
      if (stack[d].cls == cls) {
        match = d;
        break;
      }
      if (cls == MARK_SINGLE)
        break; /* a single mark never closes past an open double one */
    }
    bool can_close =
        match != SIZE_MAX && dir <= 0 && closes(stack[match].cp, t->cp, dir);
    if (match != SIZE_MAX && stack[match].cp == 0x201e && t->cp == 0x201c)
      can_close = true;
    if (can_close && !(dir == 0 && cls == MARK_DOUBLE && match + 1 < depth)) {
      open_mark open = stack[match];
      depth = match; /* drop unclosed inner single marks: apostrophes */
      /* two marks with nothing between (‘’My Little Pony’’, wiki italics
       * pasted as quotes; "") quote nothing */
      if (open.tok + 1 == i && !(continuing && open.tok == 0 && depth == 0))
        continue;
      nm__quote q = {0};
      if (continuing && open.tok == 0 && depth == 0) {
        q = cont;
        continuing = false;
      } else {
        q.start = toks->items[open.tok].start;
        q.open_tok = (uint32_t)open.tok;
        q.speaker = -1;
        q.span = NM__NO_QTOK;
      }
      q.end = t->end;
      q.close_tok = (uint32_t)i;
      if (depth > 0)
        q.flags |= NM_FLAG_NESTED;
      for (size_t k = (q.open_tok == NM__NO_QTOK ? 0 : q.open_tok + 1); k < i;
           k++)
        q.words += toks->items[k].type == NM__T_WORD ||
                   toks->items[k].type == NM__T_NUM;
      mark_inside(blk, q.open_tok == NM__NO_QTOK ? 0 : q.open_tok, i);
      if (push_quote(ctx, blk, q) != NM_OK)
        return NM_ENOMEM;
      continue;
    }
    if (dir >= 0 && depth < MAX_DEPTH && (dir > 0 || cls == MARK_DOUBLE)) {
      /* a straight double mark with no clear side opens when nothing of
       * its class is open (parity) */
      if (dir == 0 && match != SIZE_MAX)
        continue;
      stack[depth++] = (open_mark){i, cls, t->cp};
    }
  }
  /* Marks left open at the block end. Only the outermost double mark
   * matters: unclosed single marks were apostrophes. */
  size_t outer = SIZE_MAX;
  for (size_t d = 0; d < depth; d++)
    if (stack[d].cls == MARK_DOUBLE) {
      outer = d;
      break;
    }
  if (outer != SIZE_MAX && blk->block->kind == NM_KIND_PARAGRAPH) {
    nm__quote q = {0};
    if (continuing && stack[outer].tok == 0 && outer == 0) {
      q = cont;
    } else {
      q.start = toks->items[stack[outer].tok].start;
      q.open_tok = (uint32_t)stack[outer].tok;
      q.speaker = -1;
      q.span = NM__NO_QTOK;
    }
    q.end = blk->block->end;
    q.close_tok = NM__NO_QTOK;
    for (size_t k = (q.open_tok == NM__NO_QTOK ? 0 : q.open_tok + 1);
         k < toks->count; k++)
      q.words += toks->items[k].type == NM__T_WORD;
    mark_inside(blk, q.open_tok == NM__NO_QTOK ? 0 : q.open_tok,
                toks->count - 1);
    if (push_quote(ctx, blk, q) != NM_OK)
      return NM_ENOMEM;
    /* Leave it open for the next paragraph to continue or close. */
    mem->quote_open = true;
    mem->open_quote_start = q.start;
    mem->open_quote_flags = q.flags;
    mem->open_quote_mark = stack[outer].cp;
  }
  /* Push spans now so that cues can link to them; kinds are final after
   * nm__classify_quotes. A continued quote extends its earlier span. */
  for (size_t k = 0; k < blk->quote_count; k++) {
    nm__quote *q = &blk->quotes[k];
    if (q->span != NM__NO_QTOK) {
      /* the method found in an earlier paragraph stays */
      nm_span *s = &ctx->spans->items[q->span];
      s->end = q->end;
      s->flags = (uint16_t)((q->flags & ~0x0fu) | (s->flags & 0x0fu));
    } else {
      q->span = (uint32_t)ctx->spans->count;
      if (nm__spans_push(ctx->mem, ctx->spans, q->start, q->end, NM_KIND_QUOTE,
                         q->flags, -1) != NM_OK) {
        ctx->err = NM_ENOMEM;
        return NM_ENOMEM;
      }
    }
    if (q->close_tok == NM__NO_QTOK && mem->quote_open)
      mem->open_quote_span = q->span;
  }
  return NM_OK;
}

bool nm__naming_cue(const nm__ctx *ctx, const nm__tok *t) {
  static const char *const naming[] = {
      "as",     "branded",   "called",   "coined", "dubbed",    "entitled",
      "known",  "labeled",   "labelled", "named",  "nicknamed", "phrase",
      "slogan", "so-called", "term",     "termed", "titled",    "word"};
  return nm__tok_in(ctx, t, naming, sizeof naming / sizeof *naming);
}

/* Does token k end the mention of a person, known as one by more than
 * speaking ("WalesOnline called" is evidence of nothing)? */
static bool person_ends_at(const nm__ctx *ctx, const nm__blk *blk, size_t k) {
  int32_t m = blk->tok_mention ? blk->tok_mention[k] : -1;
  if (m < 0 || blk->mentions[m].last != k ||
      !nm__entity_is_personish(ctx, blk->mentions[m].entity))
    return false;
  const nm__entity *x =
      &ctx->entities[nm__entity_root(ctx, blk->mentions[m].entity)];
  return x->kind == NM_KIND_PERSON || !nm__speech_only(&x->evidence);
}

/* "often", "widely", "reportedly": a word that can stand between a
 * subject or "is" and the verb. */
static bool is_adverb(const nm__ctx *ctx, const nm__tok *t) {
  uint32_t n = t->end - t->start;
  const char *w = ctx->text + t->start;
  return !(t->flags & NM__F_CAP) &&
         ((n > 4 && w[n - 2] == 'l' && w[n - 1] == 'y') ||
          nm__tok_is(ctx, t, "often") || nm__tok_is(ctx, t, "also") ||
          nm__tok_is(ctx, t, "once"));
}

size_t nm__describer_before(const nm__ctx *ctx, const nm__toks *toks,
                            size_t as) {
  static const char *const describing[] = {
      "characterise",  "characterised", "characterises", "characterize",
      "characterized", "characterizes", "declared",      "describe",
      "described",     "describes",     "portray",       "portrayed",
      "portrays",      "refer",         "referred",      "refers"};
  static const char *const passive[] = {"be",  "been", "being", "is",
                                        "was", "were", "are"};
  for (size_t k = as; k-- > 0 && k + 7 > as;) {
    const nm__tok *t = &toks->items[k];
    if (nm__tok_ends_sentence(t) || t->type == NM__T_QUOTE)
      return NM__NO_TOK;
    if (nm__tok_in(ctx, t, describing,
                   sizeof describing / sizeof *describing)) {
      /* past adverbs ("often", "widely", "reportedly"): a form of "be" or
       * a comma before the verb names a term ("is often described as",
       * "Van Biljon, reportedly often referred to as") */
      size_t verb = k;
      while (k > 0 && toks->items[k - 1].type == NM__T_WORD &&
             (is_adverb(ctx, &toks->items[k - 1])))
        k--;
      return k > 0 && !nm__tok_mark(&toks->items[k - 1], ',') &&
                     !nm__tok_in(ctx, &toks->items[k - 1], passive,
                                 sizeof passive / sizeof *passive)
                 ? verb
                 : NM__NO_TOK;
    }
  }
  return NM__NO_TOK;
}

/* Is the quote written in title case ("Don't Hug Cacti.", "Operation Peace
 * Spring", "Breaking Into Comics,")? Two to ten words, each capitalized or
 * a short function word after the first, and no punctuation but joining
 * marks and one mark at the end: a title, a name or a slogan, which speech
 * is not written as. */
static bool title_case(const nm__ctx *ctx, const nm__toks *toks,
                       const nm__quote *q) {
  static const char *const minor[] = {
      "a",  "after", "an",   "and", "as",   "at",  "but",
      "by", "for",   "from", "in",  "into", "nor", "of",
      "on", "or",    "over", "the", "to",   "vs",  "with"};
  if (q->words < 2 || q->words > 10)
    return false;
  for (size_t i = q->open_tok + 1; i < q->close_tok; i++) {
    const nm__tok *t = &toks->items[i];
    if (t->type == NM__T_WORD) {
      if (!(t->flags & NM__F_CAP) &&
          (i == q->open_tok + 1 ||
           !nm__tok_in(ctx, t, minor, sizeof minor / sizeof *minor)))
        return false;
    } else if (t->type == NM__T_PUNCT) {
      uint32_t c = t->cp;
      bool last = i + 1 == q->close_tok;
      if (!(c == '-' || c == '/' || c == '&' || c == ':' || c == '\'' ||
            (last && (c == '.' || c == ',' || c == '!' || c == '?'))))
        return false;
    } else if (t->type != NM__T_NUM) {
      return false;
    }
  }
  return true;
}

bool nm__according_to_at(const nm__ctx *ctx, const nm__toks *toks, size_t i) {
  return i + 1 < toks->count && nm__tok_is(ctx, &toks->items[i], "according") &&
         nm__tok_is(ctx, &toks->items[i + 1], "to");
}

/* A scare quote is short, has no sentence punctuation inside, and either
 * follows a naming word ("known as", "so-called") without a speaker doing
 * the naming, or has no speech cue anywhere in its sentence; or it is in
 * title case and no one is said to name it so. */
void nm__classify_quotes(nm__ctx *ctx, nm__blk *blk) {
  nm__toks *toks = &blk->toks;
  for (size_t k = 0; k < blk->quote_count; k++) {
    nm__quote *q = &blk->quotes[k];
    if (q->open_tok == NM__NO_QTOK || q->close_tok == NM__NO_QTOK ||
        (q->flags & NM_FLAG_NESTED))
      continue;
    bool title = title_case(ctx, toks, q);
    if (!title && (q->words > 4 || q->words == 0))
      continue;
    bool punct_inside = false;
    for (size_t i = q->open_tok + 1; i < q->close_tok; i++) {
      uint32_t c = toks->items[i].cp;
      if (toks->items[i].type == NM__T_PUNCT &&
          (c == '.' || c == '!' || c == '?' || c == ',' || c == ';'))
        punct_inside = true;
    }
    if (punct_inside && !title)
      continue;
    /* the words before the quote in its sentence */
    bool naming = false, cue = false, naming_by_someone = false;
    size_t i = q->open_tok;
    size_t seen = 0;
    while (i-- > 0 && seen < 40) {
      nm__tok *t = &toks->items[i];
      if (nm__tok_ends_sentence(t))
        break;
      seen++;
      if (t->type != NM__T_WORD)
        continue;
      /* the naming word right before the term ("known as X"), or an
       * active one a little further ("called the inquiry a X") */
      static const char *const active[] = {"branded", "called",   "dubbed",
                                           "labeled", "labelled", "termed"};
      bool far = seen > 3; /* only someone's naming counts from there */
      if (nm__naming_cue(ctx, t) &&
          (!far || (seen <= 6 && nm__tok_in(ctx, t, active,
                                            sizeof active / sizeof *active)))) {
        naming = naming || !far;
        /* "Schiff called it 'a non-starter'": an active naming with an
         * object pronoun is a speaker's words */
        if (i + 1 < q->open_tok &&
            (nm__tok_is(ctx, &toks->items[i + 1], "it") ||
             nm__tok_is(ctx, &toks->items[i + 1], "them") ||
             nm__tok_is(ctx, &toks->items[i + 1], "him") ||
             nm__tok_is(ctx, &toks->items[i + 1], "her")))
          naming_by_someone = true;
        /* ... and so is "Chief Minister Eknath Shinde called the arrests
         * 'a big success'", "she called the plan 'reckless'": a person's
         * name or a pronoun before the verb is who names (not "a program
         * at Fishmongers' Hall called 'Learning Together'") */
        static const char *const subjects[] = {"he", "i", "she", "they", "we"};
        /* past an adverb: "Trump repeatedly called the probe a ..." */
        size_t at = i;
        if (at > 1 && toks->items[at - 1].type == NM__T_WORD &&
            is_adverb(ctx, &toks->items[at - 1]))
          at--;
        const nm__tok *subject = at > 0 ? &toks->items[at - 1] : NULL;
        if (subject && subject->type == NM__T_WORD &&
            nm__tok_in(ctx, t, active, sizeof active / sizeof *active) &&
            (person_ends_at(ctx, blk, at - 1) ||
             nm__tok_in(ctx, subject, subjects,
                        sizeof subjects / sizeof *subjects)))
          naming_by_someone = true;
        /* ... and "Duda characterised the deaths as 'crushing'", "what
         * the scientists describe as an 'upside-down river'": someone
         * describes, in the active voice ("is described as", "known as"
         * name a term) */
        if (nm__tok_is(ctx, t, "as") &&
            nm__describer_before(ctx, toks, i) != NM__NO_TOK)
          naming_by_someone = true;
      }
      if ((nm__is_cue(ctx, blk, i) && !nm__naming_cue(ctx, t)) ||
          nm__according_to_at(ctx, toks, i))
        cue = true;
    }
    /* words after the quote up to the sentence end */
    for (size_t j = q->close_tok + 1; j < toks->count && j < q->close_tok + 12;
         j++) {
      nm__tok *t = &toks->items[j];
      if (nm__tok_ends_sentence(t))
        break;
      if (t->type == NM__T_QUOTE)
        break;
      if ((nm__is_cue(ctx, blk, j) && !nm__naming_cue(ctx, t)) ||
          nm__according_to_at(ctx, toks, j))
        cue = true;
    }
    /* a title is a scare quote even beside a speech verb, unless someone
     * names it so ("referred to the vote as "The Impeachment Hoax"") */
    if (!naming_by_someone && (naming || !cue || title))
      q->scare = true;
  }
  for (size_t k = 0; k < blk->quote_count; k++) {
    nm__quote *q = &blk->quotes[k];
    nm_span *s = &ctx->spans->items[q->span];
    s->kind = q->scare ? NM_KIND_SCARE_QUOTE : NM_KIND_QUOTE;
    if (!q->scare && q->open_tok != NM__NO_QTOK &&
        q->close_tok != NM__NO_QTOK && !(q->flags & NM_FLAG_NESTED)) {
      /* partial: the quote sits inside the reporter's sentence, with a word
       * of that sentence right before it and no sentence break */
      nm__tok *before = q->open_tok > 0 ? &toks->items[q->open_tok - 1] : NULL;
      if (before && before->type == NM__T_WORD &&
          !(toks->items[q->open_tok + 1 < toks->count ? q->open_tok + 1
                                                      : q->open_tok]
                .flags &
            NM__F_CAP))
        q->flags |= NM_FLAG_PARTIAL;
      s->flags = (uint16_t)((q->flags & ~0x0fu) | (s->flags & 0x0fu));
    }
  }
}
