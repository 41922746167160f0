/*
 * speakers.c - who said each quote.
 *
 * Sieves in the order news writing makes reliable (after the CoreNLP
 * sieve order, adapted): the attribution right after the quote (`"Q,"
 * Kerry said` / `said Kerry`), right before it (`Kerry said, "Q"`, `Lavrov
 * said then: "Q"`), `according to NAME`, one cue with a subject in the
 * sentence, then the other half of a split quote, a colon-ended paragraph
 * before, and a quote paragraph that carries on the last speaker.
 * Pronouns and definite descriptions ("he", "the official") resolve to the
 * last fitting person; indefinite ones ("a spokeswoman") stay unnamed.
 */
#include "stages.h"
#include "text.h"

#include <string.h>

bool nm__preposition(const nm__ctx *ctx, const nm__tok *t) {
  static const char *const prepositions[] = {"at", "for", "from", "in", "of"};
  return t->type == NM__T_WORD && !(t->flags & NM__F_CAP) &&
         nm__tok_in(ctx, t, prepositions,
                    sizeof prepositions / sizeof *prepositions);
}

/* Is the "to" at token `to` that of "went on to", "continued to"? A cue
 * after it is said ("Dittmar went on to add, "Q""), while after any other
 * "to" it is only planned or declined ("declined to comment"). */
static bool goes_on(const nm__ctx *ctx, const nm__toks *toks, size_t to) {
  static const char *const going[] = {"go", "goes", "going", "went"};
  static const char *const continuing[] = {"continued", "continues",
                                           "proceeded", "proceeds"};
  if (to == 0 || toks->items[to - 1].type != NM__T_WORD)
    return false;
  const nm__tok *before = &toks->items[to - 1];
  if (nm__tok_in(ctx, before, continuing,
                 sizeof continuing / sizeof *continuing))
    return true;
  return to >= 2 && nm__tok_is(ctx, before, "on") &&
         nm__tok_in(ctx, &toks->items[to - 2], going,
                    sizeof going / sizeof *going);
}

bool nm__is_cue(nm__ctx *ctx, nm__blk *blk, size_t i) {
  static const char *const determiners[] = {
      "a",    "an",   "any", "each",  "every", "for", "her", "his",
      "in",   "into", "its", "my",    "no",    "of",  "on",  "our",
      "such", "that", "the", "their", "this",  "to",  "your"};
  nm__tok *t = &blk->toks.items[i];
  if (t->type != NM__T_WORD || (t->flags & NM__F_ALLCAPS) ||
      ((t->flags & NM__F_CAP) && !(t->flags & NM__F_SENT_START)) ||
      !(nm__tok_lex(ctx, t) & NM__W_SPEECH))
    return false;
  if (blk->tok_mention && i < blk->toks.count && blk->tok_mention[i] >= 0)
    return false;
  /* "Tell me about ...", "Explain your ...": a question, not an
   * attribution */
  static const char *const objects[] = {"about", "him", "me",
                                        "them",  "us",  "your"};
  if ((t->flags & NM__F_SENT_START) && i + 1 < blk->toks.count &&
      nm__tok_in(ctx, &blk->toks.items[i + 1], objects,
                 sizeof objects / sizeof *objects))
    return false;
  if (i > 0) {
    const nm__tok *p = &blk->toks.items[i - 1];
    /* "« … », a déclaré X": after a quote and a comma, "a" is French's
     * auxiliary, not an article */
    bool auxiliary = i > 1 && nm__tok_is(ctx, p, "a") &&
                     (nm__tok_mark(&blk->toks.items[i - 2], ',') ||
                      blk->toks.items[i - 2].type == NM__T_QUOTE);
    if (p->type == NM__T_WORD && !auxiliary &&
        nm__tok_in(ctx, p, determiners,
                   sizeof determiners / sizeof *determiners) &&
        !(nm__tok_is(ctx, p, "to") && goes_on(ctx, &blk->toks, i - 1)))
      return false;
    /* "Theresa May's proposed Brexit deal": after a possessive too */
    if (p->flags & NM__F_POSS)
      return false;
  }
  return true;
}

/* How far the searches for a quote's sentence reach, in tokens: no news
 * sentence is this long, and a text without sentence ends (a page of
 * quotes) would otherwise be searched end to end for each quote. */
#define SENTENCE_REACH 200

/* Where the sentence before token `from` starts: back past tokens that are
 * neither a sentence end nor inside a quote, `reach` tokens at most. */
static size_t sentence_start(const nm__toks *toks, size_t from, size_t reach) {
  size_t start = from;
  while (start > 0 && from - start < reach &&
         !nm__tok_ends_sentence(&toks->items[start - 1]) &&
         !(toks->items[start - 1].flags & NM__F_IN_QUOTE))
    start--;
  return start;
}

static bool is_word(const nm__ctx *ctx, const nm__tok *t, const char *w) {
  return t->type == NM__T_WORD && nm__tok_is(ctx, t, w);
}

/* 0 none, 1 female, 2 male, 3 plural/neutral-person (they) */
static int pronoun_gender(const nm__ctx *ctx, const nm__tok *t) {
  if (is_word(ctx, t, "he"))
    return 2;
  if (is_word(ctx, t, "she"))
    return 1;
  return 0;
}

/* The gender a noun for a person says, as pronoun_gender: "the mother"
 * after "David and Louise Turpin" is Louise. */
static int noun_gender(const nm__ctx *ctx, const nm__tok *t) {
  static const char *const female[] = {
      "actress",       "aunt",     "businesswoman", "chairwoman",
      "congresswoman", "daughter", "girl",          "grandmother",
      "mother",        "niece",    "queen",         "sister",
      "spokeswoman",   "widow",    "wife",          "woman"};
  static const char *const male[] = {
      "boy",    "brother",     "businessman", "chairman", "congressman",
      "father", "grandfather", "husband",     "king",     "man",
      "nephew", "son",         "spokesman",   "uncle",    "widower"};
  if (nm__tok_in(ctx, t, female, sizeof female / sizeof *female))
    return 1;
  return nm__tok_in(ctx, t, male, sizeof male / sizeof *male) ? 2 : 0;
}

/* The rings of recent people and organizations keep the last `cap` of
 * `count` entries, entry r at index r % cap: walks go from count down to
 * the oldest kept. */
static size_t ring_oldest(size_t count, size_t cap) {
  return count > cap ? count - cap : 0;
}

/* Can a "he" (gender 2), "she" (1) or a description (0) mean a person of
 * gender g? "He" also means one whose gender is unknown. */
static bool may_mean(int gender, int g) {
  return gender == 0 || g == gender || (gender == 2 && g != 1);
}

/* The last person named before byte `at` whom a "he" (gender 2), "she" (1)
 * or a description (0: anyone) can mean: for "he", a man or one of unknown
 * gender; for "she", a woman, else one of unknown gender; the last person
 * remembered when none was named before `at` among the recent ones. */
static int32_t person_before(const nm__ctx *ctx, const nm__memory *mem,
                             int gender, uint32_t at) {
  size_t count = mem->recent_people_count;
  size_t oldest = ring_oldest(count, NM__RECENT_PEOPLE);
  int32_t unknown = -1;
  for (size_t r = count; r > oldest; r--) {
    const nm__seen *x = &mem->recent_people[(r - 1) % NM__RECENT_PEOPLE];
    if (x->start >= at)
      continue;
    int g = ctx->entities[nm__entity_root(ctx, x->entity)].gender;
    if (may_mean(gender, g))
      return x->entity;
    if (g == 0 && unknown < 0)
      unknown = x->entity;
  }
  if (unknown >= 0)
    return unknown;
  return mem->last_person[gender] >= 0 ? mem->last_person[gender]
                                       : mem->last_person[0];
}

/* The last organization named before byte `at`, for "it". */
static int32_t org_before(const nm__memory *mem, uint32_t at) {
  size_t count = mem->recent_org_count;
  size_t oldest = ring_oldest(count, NM__RECENT_ORGS);
  for (size_t r = count; r > oldest; r--)
    if (mem->recent_org_start[(r - 1) % NM__RECENT_ORGS] < at)
      return mem->recent_orgs[(r - 1) % NM__RECENT_ORGS];
  return mem->last_org;
}

/* The speaker a description ("the official", "the minister", "the
 * archbishop") refers to: the last person mentioned, preferring one whose
 * role contains the noun, and one of the noun's gender when it has one
 * ("the mother"). Indefinite descriptions resolve to no one. */
/* Does the role hold the word (case aside)? */
static bool role_holds(const nm__ctx *ctx, const nm__entity *e,
                       const nm__tok *w) {
  uint32_t n = w->end - w->start;
  for (uint32_t k = 0; k + n <= e->role_len; k++) {
    uint32_t j = 0;
    while (j < n && nm__ascii_lower(e->role[k + j]) ==
                        nm__ascii_lower(ctx->text[w->start + j]))
      j++;
    if (j == n)
      return true;
  }
  return false;
}

/* The words between "the" and the noun of a description that say which
 * one ("health" of "the local health minister": the first word of a
 * longer title, no adjective for any person). */
static bool which_one(nm__ctx *ctx, nm__tok *w) {
  return w->type == NM__T_WORD && !(w->flags & NM__F_CAP) &&
         (nm__tok_lex(ctx, w) &
          (NM__W_PREFIX | NM__W_PERSON_NOUN | NM__W_TITLE)) == NM__W_PREFIX;
}

static int32_t resolve_description(nm__ctx *ctx, nm__memory *mem,
                                   const nm__tok *noun, nm__tok *mods,
                                   size_t mod_count) {
  /* the person seen latest before the noun whose role holds it ("the
   * minister" after "Foreign Minister Sergei Lavrov"), among the last
   * NM__ROLE_LOOKBACK mentions of people with a role, and the words that
   * say which one ("the health minister" is not the aviation minister) */
  bool qualified = false;
  for (size_t k = 0; k < mod_count; k++)
    qualified |= which_one(ctx, &mods[k]);
  int32_t best = -1;
  uint32_t best_seen = 0;
  size_t count = ctx->role_mention_count;
  size_t oldest = count > NM__ROLE_LOOKBACK ? count - NM__ROLE_LOOKBACK : 0;
  for (size_t r = count; r > oldest; r--) {
    int32_t i = ctx->role_mentions[(r - 1) % NM__ROLE_LOOKBACK];
    const nm__entity *e = &ctx->entities[i];
    if (i == best || e->merged_into >= 0 || e->last_seen > noun->start ||
        e->last_seen < best_seen || !nm__entity_is_personish(ctx, i) ||
        !role_holds(ctx, e, noun))
      continue;
    bool fits = true;
    for (size_t k = 0; k < mod_count && fits; k++)
      fits = !which_one(ctx, &mods[k]) || role_holds(ctx, e, &mods[k]);
    if (fits) {
      best = i;
      best_seen = e->last_seen;
    }
  }
  if (best >= 0 || qualified)
    return best;
  return person_before(ctx, mem, noun_gender(ctx, noun), noun->start);
}

/* The organization "the commission" refers to: the latest of the last
 * organizations mentioned whose name holds the noun as a word ("the
 * Commission on Presidential Debates"), or -1. */
static int32_t resolve_org_description(nm__ctx *ctx, const nm__memory *mem,
                                       const nm__tok *noun) {
  uint32_t n = noun->end - noun->start;
  size_t count = mem->recent_org_count;
  size_t oldest = ring_oldest(count, NM__RECENT_ORGS);
  for (size_t r = count; r > oldest; r--) {
    int32_t e =
        nm__entity_root(ctx, mem->recent_orgs[(r - 1) % NM__RECENT_ORGS]);
    const nm__entity *x = &ctx->entities[e];
    for (uint32_t k = 0; k + n <= x->name_len; k++) {
      if ((k > 0 && x->name[k - 1] != ' ') ||
          (k + n < x->name_len && x->name[k + n] != ' '))
        continue;
      uint32_t j = 0;
      while (j < n && nm__ascii_lower(x->name[k + j]) ==
                          nm__ascii_lower(ctx->text[noun->start + j]))
        j++;
      if (j == n)
        return e;
    }
  }
  return -1;
}

/* Does the organization's name end in a word that names a business
 * ("Acme Corp.", "Ford Motor Company", "Qantas Airways")? */
static bool business_name(const nm__entity *x) {
  static const char *const ends[] = {
      "ag",          "airlines", "airways", "co",       "company", "corp",
      "corporation", "gmbh",     "group",   "holdings", "inc",     "llc",
      "ltd",         "motors",   "plc",     "sa"};
  uint32_t end = x->name_len;
  while (end > 0 && x->name[end - 1] == '.')
    end--;
  uint32_t start = end;
  while (start > 0 && x->name[start - 1] != ' ')
    start--;
  if (start == 0)
    return false; /* a one-word name says nothing of its kind */
  for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
    size_t n = strlen(ends[i]);
    if (n != end - start)
      continue;
    size_t j = 0;
    while (j < n && nm__ascii_lower(x->name[start + j]) == ends[i][j])
      j++;
    if (j == n)
      return true;
  }
  return false;
}

/* The business "the company" (or "the firm", "the airline") refers to:
 * one whose name holds the noun, else the latest of the last organizations
 * mentioned whose name says it is a business, else nobody: never a person,
 * and not a ministry or an agency named later. */
static int32_t resolve_business(nm__ctx *ctx, const nm__memory *mem,
                                const nm__tok *noun) {
  int32_t e = resolve_org_description(ctx, mem, noun);
  if (e >= 0)
    return e;
  size_t count = mem->recent_org_count;
  size_t oldest = ring_oldest(count, NM__RECENT_ORGS);
  for (size_t r = count; r > oldest; r--) {
    e = nm__entity_root(ctx, mem->recent_orgs[(r - 1) % NM__RECENT_ORGS]);
    if (business_name(&ctx->entities[e]))
      return e;
  }
  return -1;
}

/* Does the quote mark at token i close a sentence as well as a quote:
 * `said "Munk has been a treasure." She described him as ...` (the dot
 * is inside the quote, and a capital follows the mark)? */
static bool quote_ends_sentence(const nm__toks *toks, size_t i) {
  return i > 0 && i + 1 < toks->count && toks->items[i].type == NM__T_QUOTE &&
         nm__tok_ends_sentence(&toks->items[i - 1]) &&
         (toks->items[i + 1].flags & NM__F_CAP);
}

typedef struct subject {
  int32_t entity; /* -1 when none */
  int method;
  size_t ref_first, ref_last; /* pronoun/description tokens, or NM__NO_TOK */
  bool found;                 /* a subject slot was found, even if unnamed */
  bool document; /* whose document it is ("reads X's statement"): no
                    evidence that X is a person */
} subject;

/* "he" / "she" at token `tok`: the subject of this sentence or the one
 * before, when it was a person of that gender ("Bloomberg endorsed his
 * rival, Joe Biden. "Q," he said" is Bloomberg's); else the last person
 * mentioned before it of that gender, or the last person at all when none
 * is known to be. */
static subject pronoun_subject(const nm__ctx *ctx, const nm__blk *blk,
                               const nm__memory *mem, size_t tok) {
  subject s = {-1, NM_METHOD_PRONOUN, tok, tok, true, false};
  int gender = pronoun_gender(ctx, &blk->toks.items[tok]);
  /* "He said Zelensky is "Q"; however, "R", he added": the pronoun that
   * opens the sentence is the one meant again */
  size_t first = tok; /* the sentence's start, past the quotes in it */
  while (first > 0 && tok - first < SENTENCE_REACH &&
         !(nm__tok_ends_sentence(&blk->toks.items[first - 1]) &&
           !(blk->toks.items[first - 1].flags & NM__F_IN_QUOTE)))
    first--;
  if (first < tok && pronoun_gender(ctx, &blk->toks.items[first]) == gender) {
    s = pronoun_subject(ctx, blk, mem, first);
    s.ref_first = s.ref_last = tok;
    return s;
  }
  uint32_t at = blk->toks.items[tok].start;
  s.entity = person_before(ctx, mem, gender, at);
  size_t count = mem->recent_people_count;
  size_t oldest = ring_oldest(count, NM__RECENT_PEOPLE);
  for (size_t r = count; r > oldest; r--) {
    const nm__seen *x = &mem->recent_people[(r - 1) % NM__RECENT_PEOPLE];
    int g = ctx->entities[nm__entity_root(ctx, x->entity)].gender;
    if (x->start >= at || !x->subject || !may_mean(gender, g))
      continue;
    /* within SENTENCE_REACH tokens: a page of quotes with no full stop
     * must not be searched back to its start for every pronoun */
    if (x->block != mem->block_index || tok - x->tok > SENTENCE_REACH)
      return s;
    int ends = 0;
    for (size_t k = x->tok; k < tok && ends < 2; k++)
      ends += nm__tok_ends_sentence(&blk->toks.items[k]);
    if (ends < 2)
      s.entity = x->entity;
    return s;
  }
  return s;
}

static int32_t mention_entity(const nm__blk *blk, size_t tok) {
  int32_t m = blk->tok_mention[tok];
  return m < 0 ? -1 : blk->mentions[m].entity;
}

/* The first mention outside quotes in tokens [from, to) that can be a
 * speaker: a person, or a name not yet known as an organization or place. */
static int32_t first_candidate(nm__ctx *ctx, nm__blk *blk, size_t from,
                               size_t to) {
  for (size_t i = from; i < to; i++) {
    int32_t e = mention_entity(blk, i);
    if (e < 0 || (blk->toks.items[i].flags & NM__F_IN_QUOTE))
      continue;
    int32_t root = nm__entity_root(ctx, e);
    if (nm__entity_is_personish(ctx, e) ||
        (!nm__entity_is_orgish(ctx, e) &&
         ctx->entities[root].kind != NM_KIND_PLACE &&
         ctx->entities[root].evidence.place == 0))
      return e;
  }
  return -1;
}

/* The one person tokens [from, to) name, up to a quote (a possessive is
 * what is someone's: "Tasha Yar's station"; a pronoun is left alone, as it
 * may point anywhere), or -1 when none or more than one. */
static int32_t only_person(nm__ctx *ctx, nm__blk *blk, size_t from, size_t to) {
  const nm__toks *toks = &blk->toks;
  int32_t one = -1;
  for (size_t i = from; i < to; i++) {
    if (toks->items[i].flags & NM__F_IN_QUOTE)
      break;
    int32_t e = mention_entity(blk, i);
    if (e < 0 || !nm__entity_is_personish(ctx, e))
      continue;
    size_t last = blk->mentions[blk->tok_mention[i]].last;
    i = last;
    if (toks->items[last].flags & NM__F_POSS)
      continue;
    if (one >= 0 && nm__entity_root(ctx, e) != nm__entity_root(ctx, one))
      return -1;
    one = e;
  }
  return one;
}

/* The token of a "he" or "she" that is the subject of the sentence that
 * starts at token `from`: one among its first words, before any person or
 * quote ("Underwhelmed with her role, she left ...", "Later he met Bell
 * and said"); NM__NO_TOK when there is none. */
static size_t subject_pronoun(const nm__ctx *ctx, const nm__blk *blk,
                              size_t from, size_t to) {
  const nm__toks *toks = &blk->toks;
  for (size_t i = from; i < to && i < from + 12; i++) {
    const nm__tok *t = &toks->items[i];
    int32_t e = blk->tok_mention[i] >= 0 ? mention_entity(blk, i) : -1;
    if ((t->flags & NM__F_IN_QUOTE) || t->type == NM__T_QUOTE ||
        (e >= 0 && nm__entity_is_personish(ctx, e)))
      return NM__NO_TOK;
    if (pronoun_gender(ctx, t))
      return i;
  }
  return NM__NO_TOK;
}

/* The first person-like mention outside quotes in tokens [from, to); a
 * possessive only when `possessive_ok` and not before a role ("Boris
 * Johnson's spokesman"). */
static int32_t first_person(nm__ctx *ctx, nm__blk *blk, size_t from, size_t to,
                            bool possessive_ok) {
  for (size_t i = from; i < to; i++) {
    if (blk->toks.items[i].flags & NM__F_IN_QUOTE)
      continue;
    int32_t e = mention_entity(blk, i);
    if (e < 0 || !nm__entity_is_personish(ctx, e))
      continue;
    /* "Boris Johnson's spokesman said": the spokesman speaks */
    size_t last = blk->mentions[blk->tok_mention[i]].last;
    nm__tok *after = last + 1 < to ? &blk->toks.items[last + 1] : NULL;
    if ((blk->toks.items[last].flags & NM__F_POSS) &&
        (!possessive_ok ||
         (after && after->type == NM__T_WORD && !(after->flags & NM__F_CAP) &&
          (nm__tok_lex(ctx, after) & (NM__W_PERSON_NOUN | NM__W_TITLE))))) {
      i = last;
      continue;
    }
    return e;
  }
  return -1;
}

/* "Cardinal Marc Ouellet of the Holy See said", "Peter Iseley of victim
 * group Ending Clergy Abuse said": the person named just before the
 * prepositional phrase that holds the mention starting at token m_first
 * speaks, not its organization or place. -1 when there is none. */
static int32_t person_before_preposition(nm__ctx *ctx, const nm__blk *blk,
                                         size_t m_first, size_t floor) {
  const nm__toks *toks = &blk->toks;
  for (size_t k = m_first; k > floor && k + 8 > m_first; k--) {
    const nm__tok *p = &toks->items[k - 1];
    if (nm__tok_ends_sentence(p) || p->type == NM__T_QUOTE)
      return -1;
    if (!(is_word(ctx, p, "of") || is_word(ctx, p, "from") ||
          is_word(ctx, p, "at") || is_word(ctx, p, "for")))
      continue;
    if (k >= 2 && blk->tok_mention[k - 2] >= 0 &&
        nm__entity_is_personish(ctx, mention_entity(blk, k - 2)))
      return mention_entity(blk, k - 2);
    /* "Erwin Chemerinsky, Dean of UC Berkeley School of Law, called",
     * "Chris Wright, the Chief Technology Officer of Red Hat said": a title
     * set off after the person */
    size_t t = k - 1; /* the preposition; then the title's first word */
    while (t > floor && t + 3 > k - 1 && blk->tok_mention[t - 1] < 0 &&
           toks->items[t - 1].type == NM__T_WORD &&
           (nm__tok_lex(ctx, &toks->items[t - 1]) & NM__W_TITLE))
      t--;
    if (t < k - 1 && t > floor && is_word(ctx, &toks->items[t - 1], "the"))
      t--;
    if (t < k - 1 && t >= floor + 2 && nm__tok_mark(&toks->items[t - 1], ',') &&
        blk->tok_mention[t - 2] >= 0 &&
        nm__entity_is_personish(ctx, mention_entity(blk, t - 2)))
      return mention_entity(blk, t - 2);
    return -1;
  }
  return -1;
}

/* "The Aam Aadmi Party in Goa, in its statement, said", "Tom Ferris of the
 * Port Authority told": a name right after a preposition (and "the")
 * belongs to the name before it, which is the subject, of any kind. That
 * name's entity, or -1. */
static int32_t name_before_preposition(nm__ctx *ctx, const nm__blk *blk,
                                       size_t m_first, size_t floor) {
  size_t k = m_first;
  if (k > floor && is_word(ctx, &blk->toks.items[k - 1], "the"))
    k--;
  if (k < floor + 2 || !nm__preposition(ctx, &blk->toks.items[k - 1]) ||
      blk->tok_mention[k - 2] < 0)
    return -1;
  return mention_entity(blk, k - 2);
}

/* Where the main clause of the sentence starting at `floor` starts: after
 * an opening phrase set off by a comma ("In a statement issued on Monday,
 * the RCMP confirmed") and a "the"; `floor` when there is none. */
static size_t main_clause(const nm__ctx *ctx, const nm__toks *toks,
                          size_t floor, size_t last) {
  static const char *const openers[] = {"after", "during", "following", "in",
                                        "on"};
  size_t k = floor;
  if (k < last && nm__tok_in(ctx, &toks->items[k], openers,
                             sizeof openers / sizeof *openers)) {
    while (k < last && k < floor + 12 && !nm__tok_mark(&toks->items[k], ','))
      k++;
    k = k < last && nm__tok_mark(&toks->items[k], ',') ? k + 1 : floor;
  }
  if (k < last && k > floor && nm__tok_is(ctx, &toks->items[k], "the"))
    k++;
  return k;
}

/* The subject of a participle cue ("..., saying") in the sentence that
 * starts at `floor`, the cue's clause ending before `last`: a person
 * first, else "he" or a name before it ("..., KGB arrested ...,
 * claiming"). */
static subject participle_subject(nm__ctx *ctx, nm__blk *blk, nm__memory *mem,
                                  size_t floor, size_t last) {
  subject s = {-1, NM_METHOD_NONE, NM__NO_TOK, NM__NO_TOK, false, false};
  nm__toks *toks = &blk->toks;
  /* "It also credited Leonov with ..., noting", "At a meeting she praised
   * Ruiz, saying": a pronoun before any person named is the subject, not
   * the person named after it */
  size_t p = subject_pronoun(ctx, blk, floor, last);
  if (p != NM__NO_TOK)
    return pronoun_subject(ctx, blk, mem, p);
  if (is_word(ctx, &toks->items[floor], "it") && mem->last_org >= 0) {
    s.found = true;
    s.method = NM_METHOD_PRONOUN;
    s.entity = org_before(mem, toks->items[floor].start);
    s.ref_first = s.ref_last = floor;
    return s;
  }
  /* "Following Biden's win, Trump issued ..., saying": no possessive */
  s.entity = first_person(ctx, blk, floor, last, false);
  if (s.entity < 0) {
    size_t k = floor;
    while (k < last && !pronoun_gender(ctx, &toks->items[k]))
      k++;
    s.entity = first_candidate(ctx, blk, floor, k);
    if (s.entity < 0 && k < last)
      return pronoun_subject(ctx, blk, mem, k);
    /* "Boeing did not release ..., telling Wikinews", "In a statement,
     * the Royal Canadian Mounted Police confirmed ..., stating": a body
     * that opens the sentence or its main clause */
    size_t opens = main_clause(ctx, toks, floor, last);
    if (s.entity < 0 && opens < last && blk->tok_mention[opens] >= 0 &&
        nm__entity_is_orgish(ctx, mention_entity(blk, opens)))
      s.entity = mention_entity(blk, opens);
  }
  s.found = s.entity >= 0;
  return s;
}

/* The subject just before cue token c (its last word is at c-1, perhaps
 * with an adverb between: "Lavrov also said"). */
static subject subject_before(nm__ctx *ctx, nm__blk *blk, nm__memory *mem,
                              size_t c, size_t floor) {
  subject s = {-1, NM_METHOD_NONE, NM__NO_TOK, NM__NO_TOK, false, false};
  nm__toks *toks = &blk->toks;
  size_t i = c;
  /* skip adverbs and auxiliaries: "also", "then", "has", "had previously" */
  int skipped = 0;
  while (i > floor && skipped < 3) {
    nm__tok *t = &toks->items[i - 1];
    if (t->type == NM__T_WORD && !(t->flags & NM__F_CAP) &&
        blk->tok_mention[i - 1] < 0 &&
        (is_word(ctx, t, "also") || is_word(ctx, t, "then") ||
         is_word(ctx, t, "has") || is_word(ctx, t, "had") ||
         is_word(ctx, t, "have") || is_word(ctx, t, "later") ||
         is_word(ctx, t, "previously") || is_word(ctx, t, "once") ||
         is_word(ctx, t, "further") || is_word(ctx, t, "again") ||
         is_word(ctx, t, "repeatedly") || is_word(ctx, t, "would") ||
         is_word(ctx, t, "will") || is_word(ctx, t, "was") ||
         is_word(ctx, t, "is") ||
         ((t->end - t->start) > 4 && ctx->text[t->end - 1] == 'y' &&
          ctx->text[t->end - 2] == 'l'))) {
      i--;
      skipped++;
      continue;
    }
    break;
  }
  if (i <= floor)
    return s;
  size_t last = i - 1;
  nm__tok *t = &toks->items[last];
  /* "a statement at his club outside Washington, D.C. saying "Q"", "...
   * in Sterling saying": a participle right after a place, or a name in a
   * phrase, takes the sentence's subject, as after a comma */
  bool participle = toks->items[c].end - toks->items[c].start > 4 &&
                    ctx->text[toks->items[c].end - 1] == 'g';
  if (participle && blk->tok_mention[last] >= 0) {
    const nm__mention *m = &blk->mentions[blk->tok_mention[last]];
    const nm__tok *before =
        m->first > floor ? &toks->items[m->first - 1] : NULL;
    if (before && (nm__preposition(ctx, before) || nm__tok_mark(before, ',') ||
                   !nm__entity_is_personish(ctx, m->entity)))
      return participle_subject(ctx, blk, mem, floor, m->first);
  }
  /* "He then approached a director and said": the sentence's subject */
  if (is_word(ctx, t, "and")) {
    size_t k = floor;
    size_t p = subject_pronoun(ctx, blk, floor, last);
    if (p != NM__NO_TOK)
      return pronoun_subject(ctx, blk, mem, p);
    if (k < last && toks->items[k].type == NM__T_WORD) {
      int32_t e = mention_entity(blk, k);
      if (e >= 0 && !nm__entity_is_orgish(ctx, e)) {
        s.entity = e;
        s.found = true;
      }
    }
    return s;
  }
  /* "Nancy Pelosi, the Speaker of the House, said": the name before the
   * appositive; "The Vice President, Mike Pence, said": the appositive is
   * the name; "..., telling reporters": a participle takes the sentence's
   * subject. */
  if (t->type == NM__T_PUNCT && t->cp == ',' && last > floor) {
    size_t open = last;
    while (open > floor && open + 24 > last) {
      open--;
      nm__tok *o = &toks->items[open];
      if (nm__tok_ends_sentence(o) || o->type == NM__T_QUOTE) {
        open = floor;
        break;
      }
      if (o->type == NM__T_PUNCT && o->cp == ',')
        break;
    }
    bool have_open = open > floor && nm__tok_mark(&toks->items[open], ',');
    if (participle) {
      s = participle_subject(ctx, blk, mem, floor, last);
    } else if (have_open) {
      /* "ORG, which includes the Quds Force, declared": no one in a
       * relative clause is the subject */
      bool relative =
          open + 1 < last && (is_word(ctx, &toks->items[open + 1], "which") ||
                              is_word(ctx, &toks->items[open + 1], "who"));
      int32_t inner = relative ? -1 : first_candidate(ctx, blk, open + 1, last);
      int32_t before = -1;
      /* "The Iranian Revolutionary Guard Corps (IRGC), which includes ...,
       * declared": the name before a short name in parentheses */
      size_t named = open;
      if (named > 2 && nm__tok_mark(&toks->items[named - 1], ')')) {
        size_t p = named - 1;
        while (p > floor && p + 6 > named &&
               !nm__tok_mark(&toks->items[p], '('))
          p--;
        if (nm__tok_mark(&toks->items[p], '(') && p > floor)
          named = p;
      }
      if (named > 0 && blk->tok_mention[named - 1] >= 0) {
        before = mention_entity(blk, named - 1);
        /* "Michael Siegel of Boston University, co-author of ..., said" */
        if (!nm__entity_is_personish(ctx, before)) {
          size_t m_first = blk->mentions[blk->tok_mention[named - 1]].first;
          int32_t p = person_before_preposition(ctx, blk, m_first, floor);
          if (p < 0)
            p = name_before_preposition(ctx, blk, m_first, floor);
          if (p >= 0)
            before = p;
        }
      }
      if (before >= 0 && !nm__entity_is_personish(ctx, before) && inner >= 0)
        before = -1;
      /* "Anderson Cooper, of CNN, one of Vanderbilt's four sons, stated":
       * a person who opens the sentence, set off by a comma, is its subject
       * whatever the asides after it name */
      int32_t m = blk->tok_mention[floor];
      if (m >= 0 && blk->mentions[m].first == floor &&
          blk->mentions[m].last + 1 < open &&
          nm__tok_mark(&toks->items[blk->mentions[m].last + 1], ',') &&
          nm__entity_is_personish(ctx, blk->mentions[m].entity))
        before = blk->mentions[m].entity;
      s.entity = before >= 0 ? before : inner;
      s.found = s.entity >= 0;
    } else {
      int32_t e = mention_entity(blk, last - 1);
      s.entity = e;
      s.found = e >= 0;
    }
    return s;
  }
  if (blk->tok_mention[last] >= 0) {
    s.entity = mention_entity(blk, last);
    s.found = true;
    size_t m_first = blk->mentions[blk->tok_mention[last]].first;
    int32_t p = person_before_preposition(ctx, blk, m_first, floor);
    if (p < 0)
      p = name_before_preposition(ctx, blk, m_first, floor);
    if (p >= 0)
      s.entity = p;
    return s;
  }
  int g = pronoun_gender(ctx, t);
  if (g)
    return pronoun_subject(ctx, blk, mem, last);
  if (is_word(ctx, t, "they") || is_word(ctx, t, "we") ||
      is_word(ctx, t, "it")) {
    s.found = true;
    s.method = NM_METHOD_PRONOUN;
    s.entity = is_word(ctx, t, "it") ? org_before(mem, t->start) : -1;
    s.ref_first = s.ref_last = last;
    return s;
  }
  /* "the commission said": an organization named before whose name holds
   * the noun, or nobody; "the company said": a business named before, or
   * nobody ("company" and "carrier" can name people too, so they are not
   * ORG_HEAD's) */
  static const char *const business[] = {
      "airline",   "automaker", "broadcaster", "carmaker", "carrier",
      "company",   "firm",      "insurer",     "lender",   "manufacturer",
      "publisher", "retailer",  "startup"};
  if (t->type == NM__T_WORD && !(t->flags & NM__F_CAP) && last > floor &&
      is_word(ctx, &toks->items[last - 1], "the")) {
    bool is_business =
        nm__tok_in(ctx, t, business, sizeof business / sizeof *business);
    /* "the party said" is a party's, though a party can be a person too */
    if (is_business || is_word(ctx, t, "party") ||
        ((nm__tok_lex(ctx, t) & NM__W_ORG_HEAD) &&
         !(nm__tok_lex(ctx, t) & (NM__W_PERSON_NOUN | NM__W_TITLE)))) {
      s.found = true;
      s.entity = is_business ? resolve_business(ctx, mem, t)
                             : resolve_org_description(ctx, mem, t);
      if (s.entity >= 0) {
        s.method = NM_METHOD_DESCRIPTION;
        s.ref_first = last - 1;
        s.ref_last = last;
      }
      return s;
    }
  }
  /* "the official", "a senior official", "the archbishop" */
  if (t->type == NM__T_WORD &&
      (nm__tok_lex(ctx, t) & (NM__W_PERSON_NOUN | NM__W_TITLE))) {
    size_t k = last;
    while (k > floor && k + 4 > last) {
      nm__tok *d = &toks->items[k - 1];
      if (is_word(ctx, d, "the") || is_word(ctx, d, "this")) {
        s.found = true;
        /* "one of the victims", "some of the residents": unnamed */
        static const char *const some[] = {"each",    "many", "one",
                                           "several", "some", "two"};
        if (k >= 3 && is_word(ctx, &toks->items[k - 2], "of") &&
            nm__tok_in(ctx, &toks->items[k - 3], some,
                       sizeof some / sizeof *some))
          return s;
        /* "the scientists describe": many, not the person named last;
         * the sentence may still name who speaks */
        uint32_t n = t->end - t->start;
        const char *w = ctx->text + t->start;
        if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' &&
            w[n - 2] != 'i') {
          s.found = false;
          return s;
        }
        s.method = NM_METHOD_DESCRIPTION;
        s.entity = resolve_description(ctx, mem, t, &toks->items[k], last - k);
        s.ref_first = k - 1;
        s.ref_last = last;
        return s;
      }
      if (is_word(ctx, d, "a") || is_word(ctx, d, "an") ||
          is_word(ctx, d, "one")) {
        s.found = true; /* an unnamed source: honestly nobody */
        /* ... but "an Interpol spokesperson stated" speaks for Interpol,
         * as "said a Woolworths spokesperson" does (subject_after) */
        for (size_t b = k; b < last; b++) {
          int32_t e = mention_entity(blk, b);
          if (e >= 0 && nm__entity_is_orgish(ctx, e)) {
            s.entity = e;
            break;
          }
        }
        return s;
      }
      if (d->type != NM__T_WORD)
        break;
      k--;
    }
  }
  return s;
}

/* Words that end the search for a subject after a cue: the cue's object
 * or complement starts there ("called for a government for Syria"). */
static bool ends_subject_search(const nm__ctx *ctx, const nm__tok *t) {
  static const char *const stops[] = {
      "about", "at", "by",   "for",  "from", "if", "in",   "it",
      "of",    "on", "that", "them", "this", "to", "when", "with"};
  return t->type == NM__T_WORD &&
         nm__tok_in(ctx, t, stops, sizeof stops / sizeof *stops);
}

/* Does a capitalised title of one to three words ("Attorney General")
 * start at token k (before `limit`)? */
static bool title_follows(nm__ctx *ctx, nm__toks *toks, size_t k,
                          size_t limit) {
  if (k >= limit || !(toks->items[k].flags & NM__F_CAP))
    return false;
  for (size_t n = k; n < limit && n < k + 3; n++) {
    if (toks->items[n].type != NM__T_WORD)
      return false;
    nm__lex_hit hit;
    nm__lex_span(ctx, toks->items[k].start, toks->items[n].end, &hit);
    if (hit.classes & NM__W_TITLE)
      return true;
  }
  return false;
}

/* After a name ending at k - 1: one to three lower-case words holding a
 * title or a noun for a person, maybe a comma, then another name? The
 * token where that name starts, or 0. */
static size_t role_then_name(nm__ctx *ctx, nm__blk *blk, size_t k,
                             size_t limit) {
  nm__toks *toks = &blk->toks;
  bool role = false;
  size_t n = k;
  while (n < limit && n < k + 3 && toks->items[n].type == NM__T_WORD &&
         !(toks->items[n].flags & NM__F_CAP)) {
    role = role || (nm__tok_lex(ctx, &toks->items[n]) &
                    (NM__W_TITLE | NM__W_PERSON_NOUN));
    n++;
  }
  if (!role || n == k)
    return 0;
  if (n < limit && nm__tok_mark(&toks->items[n], ','))
    n++;
  return n < limit && blk->tok_mention[n] >= 0 ? n : 0;
}

/* The subject right after cue token c: "said Kerry", "said acting NASA
 * Administrator Steve Jurczyk", "said a protester using the pseudonym
 * Katya". The first person-like mention wins over an organization that
 * only qualifies a role; places are never speakers. */
static subject subject_after(nm__ctx *ctx, nm__blk *blk, nm__memory *mem,
                             size_t c, size_t limit) {
  subject s = {-1, NM_METHOD_NONE, NM__NO_TOK, NM__NO_TOK, false, false};
  nm__toks *toks = &blk->toks;
  size_t j = c + 1;
  if (j < limit && toks->items[j].type == NM__T_WORD &&
      pronoun_gender(ctx, &toks->items[j]))
    return pronoun_subject(ctx, blk, mem, j);
  int32_t first_org = -1;
  for (; j < limit && j < c + 9; j++) {
    nm__tok *t = &toks->items[j];
    if (nm__tok_ends_sentence(t) || t->type == NM__T_QUOTE ||
        ends_subject_search(ctx, t))
      break;
    if (t->type == NM__T_PUNCT && t->cp == ',' && j > c + 1)
      break;
    int32_t e = mention_entity(blk, j);
    if (e < 0)
      continue;
    /* "said California Attorney General Xavier Becerra": a name that
     * qualifies the title after it is not who speaks */
    size_t m_last = blk->mentions[blk->tok_mention[j]].last;
    if (title_follows(ctx, toks, m_last + 1, limit)) {
      j = m_last;
      continue;
    }
    /* ... nor one before a role in lower case and a name: "said Acme
     * spokesman Jane Doe", "said Acme's chief executive, Jane Doe" */
    size_t named = role_then_name(ctx, blk, m_last + 1, limit);
    if (named) {
      j = named - 1;
      continue;
    }
    /* an organization speaks only when no person follows; the search goes
     * on after its name ("Center for Biological Diversity scientist Tierra
     * Curry": not stopped by the name's "for") */
    if (nm__entity_is_orgish(ctx, e)) {
      if (first_org < 0)
        first_org = e;
      j = m_last;
      continue;
    }
    /* places do not speak; but a town's name right after the cue is a
     * surname ("writes Martin") */
    const nm__entity *x = &ctx->entities[nm__entity_root(ctx, e)];
    if (x->kind == NM_KIND_PLACE &&
        (x->country || j != c + 1 || x->words > 1)) {
      j = m_last;
      continue;
    }
    s.entity = e;
    s.found = true;
    return s;
  }
  if (first_org >= 0) {
    s.entity = first_org;
    s.found = true;
  }
  return s;
}

/* Nouns of documents that "read" what they say. */
static const char *const documents[] = {
    "announcement", "decision", "declaration", "decree", "email",     "filing",
    "judgment",     "letter",   "memo",        "notice", "opinion",   "post",
    "proclamation", "release",  "report",      "ruling", "statement", "tweet"};

static bool is_document(nm__ctx *ctx, const nm__tok *t) {
  return nm__tok_in(ctx, t, documents, sizeof documents / sizeof *documents);
}

/* '"Q," reads Judge Miller's statement', '"Q," reads an AEW press
 * release': after "reads" (token c), the name whose document it is: the
 * first name before a document noun in the same phrase; -1 when there is
 * none ('"Q," read the statement'). */
static int32_t document_source(nm__ctx *ctx, nm__blk *blk, size_t c,
                               size_t limit) {
  nm__toks *toks = &blk->toks;
  int32_t source = -1;
  for (size_t j = c + 1; j < limit && j < c + 8; j++) {
    nm__tok *t = &toks->items[j];
    if (t->type != NM__T_WORD)
      return -1;
    if (source < 0 && blk->tok_mention[j] >= 0)
      source = mention_entity(blk, j);
    if (is_document(ctx, t))
      return source;
  }
  return -1;
}

/* 'Facebook released a statement which read, in part, "Q"', 'The opinion
 * of the Court, released on Wednesday, read: "Q"': a document that "read"
 * before the quote in its sentence is the first name's in that sentence. */
static subject document_before(nm__ctx *ctx, nm__blk *blk, nm__memory *mem,
                               size_t open, size_t *cue) {
  subject s = {-1, NM_METHOD_NONE, NM__NO_TOK, NM__NO_TOK, false, false};
  nm__toks *toks = &blk->toks;
  size_t start = sentence_start(toks, open, 40);
  bool document = false;
  for (size_t c = start; c < open; c++) {
    nm__tok *t = &toks->items[c];
    document = document || is_document(ctx, t);
    if (!document || !(is_word(ctx, t, "read") || is_word(ctx, t, "reads")))
      continue;
    for (size_t j = start; j < c; j++)
      if (blk->tok_mention[j] >= 0) {
        s.entity = mention_entity(blk, j);
        s.found = s.document = true;
        s.method = NM_METHOD_BEFORE;
        *cue = c;
        return s;
      }
    /* "The decree signed by the Pope read": the person the title means */
    for (size_t j = start; j + 2 < c; j++)
      if (is_word(ctx, &toks->items[j], "by") &&
          is_word(ctx, &toks->items[j + 1], "the") &&
          toks->items[j + 2].type == NM__T_WORD &&
          (nm__tok_lex(ctx, &toks->items[j + 2]) &
           (NM__W_TITLE | NM__W_PERSON_NOUN))) {
        s.entity = resolve_description(ctx, mem, &toks->items[j + 2], NULL, 0);
        s.found = s.entity >= 0;
        s.method = NM_METHOD_DESCRIPTION;
        s.ref_first = j + 1;
        s.ref_last = j + 2;
        *cue = c;
        return s;
      }
    return s;
  }
  return s;
}

/* Attribution in tokens [from, to) that follow a quote, up to the end of
 * the sentence: "Kerry said", "said Kerry", "he emphasised". */
static subject attribution_after(nm__ctx *ctx, nm__blk *blk, nm__memory *mem,
                                 size_t from, size_t *cue) {
  subject s = {-1, NM_METHOD_NONE, NM__NO_TOK, NM__NO_TOK, false, false};
  nm__toks *toks = &blk->toks;
  size_t limit = from;
  while (limit < toks->count && limit < from + 25 &&
         !nm__tok_ends_sentence(&toks->items[limit]) &&
         !(toks->items[limit].type == NM__T_QUOTE && limit > from &&
           (toks->items[limit].flags & NM__F_IN_QUOTE)))
    limit++;
  for (size_t c = from; c < limit && c < from + 14; c++) {
    nm__tok *t = &toks->items[c];
    if (t->flags & NM__F_IN_QUOTE)
      break;
    /* "Duda said the deaths were an "appalling tragedy" while Brudzinski
     * wrote ...": another clause, with a speaker of its own */
    static const char *const clause[] = {"but", "whereas", "while"};
    if (t->type == NM__T_WORD &&
        nm__tok_in(ctx, t, clause, sizeof clause / sizeof *clause))
      break;
    /* ... and "with Scalise calling it "A" and Spano of Florida calling
     * it "B"" (but in ""A" and "B," Smith said" both are Smith's) */
    if (is_word(ctx, t, "and") && c + 1 < limit &&
        (toks->items[c + 1].flags & NM__F_CAP) && blk->tok_mention[c + 1] >= 0)
      break;
    if (c <= from + 1 &&
        (is_word(ctx, t, "reads") || is_word(ctx, t, "read"))) {
      s.entity = document_source(ctx, blk, c, limit);
      if (s.entity >= 0) {
        /* a source not known to be a person: an organization's release */
        nm__entity *x = &ctx->entities[nm__entity_root(ctx, s.entity)];
        if (!x->kind && !nm__entity_is_personish(ctx, s.entity) &&
            x->evidence.organization < 60000)
          x->evidence.organization += 2;
        *cue = c;
        s.found = s.document = true;
        return s;
      }
    }
    if (!nm__is_cue(ctx, blk, c))
      continue;
    *cue = c;
    s = subject_before(ctx, blk, mem, c, from);
    if (s.found)
      return s;
    s = subject_after(ctx, blk, mem, c, limit);
    if (s.found)
      return s;
    return s;
  }
  return s;
}

/* The subject of a verb of describing before "as" right before the quote
 * at token `open` ("which Ross has referred to as "Q"", "He described it
 * as "Q""); not found when there is none. */
static subject describer_subject(nm__ctx *ctx, nm__blk *blk, nm__memory *mem,
                                 size_t open, size_t *cue) {
  subject s = {-1, NM_METHOD_NONE, NM__NO_TOK, NM__NO_TOK, false, false};
  nm__toks *toks = &blk->toks;
  for (size_t k = open; k-- > 0 && k + 4 > open;) {
    const nm__tok *t = &toks->items[k];
    if (nm__tok_ends_sentence(t) || t->type == NM__T_QUOTE)
      break;
    if (!is_word(ctx, t, "as"))
      continue;
    size_t verb = nm__describer_before(ctx, toks, k);
    if (verb == NM__NO_TOK)
      break;
    /* not a name in a phrase before the verb: "and on Twitter referred
     * to the vote as" is not Twitter's */
    static const char *const in_phrase[] = {"at", "by", "for", "from", "in",
                                            "of", "on", "to",  "via",  "with"};
    int32_t m = verb > 0 ? blk->tok_mention[verb - 1] : -1;
    if (m >= 0 && blk->mentions[m].first > 0 &&
        nm__tok_in(ctx, &toks->items[blk->mentions[m].first - 1], in_phrase,
                   sizeof in_phrase / sizeof *in_phrase))
      break;
    s = subject_before(ctx, blk, mem, verb,
                       sentence_start(toks, verb, SENTENCE_REACH));
    if (s.found && s.entity >= 0) {
      *cue = verb;
      if (s.method == NM_METHOD_NONE)
        s.method = NM_METHOD_BEFORE;
    } else {
      s = (subject){-1, NM_METHOD_NONE, NM__NO_TOK, NM__NO_TOK, false, false};
    }
    break;
  }
  return s;
}

static bool is_dash(const nm__tok *t) {
  return t->type == NM__T_PUNCT && (t->cp == 0x2014 || t->cp == 0x2013);
}

/* Attribution before the quote in its sentence: "Kerry said, "Q"",
 * "Lavrov said then: "Q"", "Trump said on Friday "Q"". */

static subject attribution_before(nm__ctx *ctx, nm__blk *blk, nm__memory *mem,
                                  size_t open, size_t *cue, bool *colon) {
  subject s = {-1, NM_METHOD_NONE, NM__NO_TOK, NM__NO_TOK, false, false};
  nm__toks *toks = &blk->toks;
  size_t start = sentence_start(toks, open, 40);
  *colon = open > 0 && nm__tok_mark(&toks->items[open - 1], ':');
  /* the cue nearest the quote first */
  for (size_t c = open; c-- > start;) {
    /* "Bercow commented on the matter — which the BBC noted as unusual —
     * "Q"": an aside between dashes is not the sentence's attribution */
    if (is_dash(&toks->items[c])) {
      size_t d = c;
      while (d > start && !is_dash(&toks->items[d - 1]))
        d--;
      if (d > start) {
        c = d - 1;
        continue;
      }
    }
    if (!nm__is_cue(ctx, blk, c))
      continue;
    *cue = c;
    /* "he was told by Minister Yevgeny Zinichev of "Q"": the agent of a
     * passive cue speaks */
    if (c > start && c + 2 < open &&
        (is_word(ctx, &toks->items[c - 1], "was") ||
         is_word(ctx, &toks->items[c - 1], "were")) &&
        is_word(ctx, &toks->items[c + 1], "by")) {
      size_t k = c + 2;
      while (k < open && k < c + 6 && blk->tok_mention[k] < 0 &&
             toks->items[k].type == NM__T_WORD &&
             ((toks->items[k].flags & NM__F_CAP) ||
              (nm__tok_lex(ctx, &toks->items[k]) & NM__W_TITLE)))
        k++; /* past the role: "told by police chief X" */
      int32_t e = k < open ? mention_entity(blk, k) : -1;
      if (e >= 0 && nm__entity_is_personish(ctx, e)) {
        s.entity = e;
        s.found = true;
        s.method = NM_METHOD_AFTER;
        return s;
      }
    }
    s = subject_before(ctx, blk, mem, c, start);
    if (!s.found)
      s = subject_after(ctx, blk, mem, c, open);
    if (s.found)
      return s;
  }
  return s;
}

/* "according to NAME" after or before the quote in its sentence. */
static subject according_to(nm__ctx *ctx, nm__blk *blk, const nm__memory *mem,
                            size_t from, size_t to, size_t *cue) {
  subject s = {-1, NM_METHOD_NONE, NM__NO_TOK, NM__NO_TOK, false, false};
  nm__toks *toks = &blk->toks;
  for (size_t i = from; i + 2 < to; i++) {
    if (nm__according_to_at(ctx, toks, i)) {
      size_t reach = i + 8;
      /* "According to him, it was": the last man named (but "according to
       * her lawyer" is the lawyer's) */
      const nm__tok *who = &toks->items[i + 2];
      int gender = is_word(ctx, who, "him")   ? 2
                   : is_word(ctx, who, "her") ? 1
                                              : 0;
      if (gender &&
          (i + 3 >= toks->count || toks->items[i + 3].type != NM__T_WORD)) {
        s.entity = person_before(ctx, mem, gender, who->start);
        s.found = s.entity >= 0;
        s.method = NM_METHOD_PRONOUN;
        s.ref_first = s.ref_last = i + 2;
        *cue = i;
        return s;
      }
      /* "According to its press release, the NBA was": whose release the
       * clause after it names */
      static const char *const whose[] = {"her", "his", "its", "their"};
      bool owned = nm__tok_in(ctx, &toks->items[i + 2], whose,
                              sizeof whose / sizeof *whose);
      /* the range may end at the sentence's full stop: "suffered "Q"
       * according to a hospital spokesperson." */
      for (size_t j = i + 2; j <= to && j < reach && j < toks->count; j++) {
        /* "According to police and county officials, Zhukovskyy was
         * driving": the source ends at the comma, unnamed */
        if ((!owned && nm__tok_mark(&toks->items[j], ',')) ||
            nm__tok_ends_sentence(&toks->items[j])) {
          s.found = true;
          s.method = NM_METHOD_ACCORDING;
          *cue = i;
          return s;
        }
        int32_t e = mention_entity(blk, j);
        /* "according to U.S. Attorney Bash", "according to a tweet by US
         * Secretary of State Mike Pompeo": the country of a title is passed
         * over, and the title too */
        const nm__mention *m =
            e >= 0 ? &blk->mentions[blk->tok_mention[j]] : NULL;
        int32_t root = nm__entity_root(ctx, e);
        if (m && m->last + 1 < to &&
            ctx->entities[root].kind == NM_KIND_PLACE &&
            (nm__tok_lex(ctx, &toks->items[m->last + 1]) & NM__W_TITLE)) {
          j = m->last;
          reach += 4;
          continue;
        }
        /* "according to Rutgers University political scholar Kelly
         * Dittmar", "according to Samoa Observer editor Keni Lesa": the
         * body only says where the person works */
        size_t named = m ? role_then_name(ctx, blk, m->last + 1, to) : 0;
        if (named && nm__entity_is_orgish(ctx, e) &&
            nm__entity_is_personish(ctx, mention_entity(blk, named))) {
          j = named - 1;
          continue;
        }
        if (e >= 0) {
          s.entity = e;
          s.found = true;
          s.method = NM_METHOD_ACCORDING;
          *cue = i;
          return s;
        }
      }
    }
  }
  return s;
}

/* Does the sentence from token `start` to the quote at `open` name it
 * ("also known as "Q"", "termed her a "Q""), or have someone it does not
 * name as the subject ("the Prime Minister apologised for "Q"", "the writer
 * supposes a "Q"")? Then a quote with no attribution is no one's by nearness.
 */
static bool named_or_described(nm__ctx *ctx, nm__blk *blk, size_t start,
                               size_t open) {
  nm__toks *toks = &blk->toks;
  for (size_t i = start; i < open; i++) {
    const nm__tok *t = &toks->items[i];
    if (t->type != NM__T_WORD || (t->flags & NM__F_IN_QUOTE))
      continue;
    if (nm__naming_cue(ctx, t))
      return true;
    if (i + 1 < open && nm__tok_is(ctx, t, "the") &&
        blk->tok_mention[i + 1] < 0 &&
        ((nm__tok_lex(ctx, &toks->items[i + 1]) &
          (NM__W_TITLE | NM__W_PERSON_NOUN)) ||
         title_follows(ctx, toks, i + 1, open)))
      return true;
  }
  return false;
}

/* Does the block open with a speaker's label, as an interview's answers
 * do ("((Akram Pasha)) Greetings.", "Siegel: We found")? Its quotes are
 * the words the speaker recalls, not the speaker's by nearness. */
static bool speaker_label(const nm__blk *blk) {
  const nm__toks *toks = &blk->toks;
  size_t first = 0;
  while (first < toks->count && first < 2 &&
         (nm__tok_mark(&toks->items[first], '(') ||
          nm__tok_mark(&toks->items[first], '[')))
    first++;
  if (first >= toks->count || blk->tok_mention[first] < 0)
    return false;
  size_t after = blk->mentions[blk->tok_mention[first]].last + 1;
  return after < toks->count && (nm__tok_mark(&toks->items[after], ':') ||
                                 nm__tok_mark(&toks->items[after], ')') ||
                                 nm__tok_mark(&toks->items[after], ']'));
}

/* Does the text speak in the first or second person outside quotes in
 * the sentence from `start` to the quote at `open`, or in the one before
 * ("So I thought: "Q"", "you could say "Q"")? Then it is an interview
 * answer or a letter, whose quotes are its writer's thoughts or others'
 * words, and none is anyone's by nearness. */
static bool first_person_before(const nm__ctx *ctx, const nm__blk *blk,
                                size_t start, size_t open) {
  static const char *const persons[] = {"i",  "me", "my",  "our",
                                        "us", "we", "you", "your"};
  const nm__toks *toks = &blk->toks;
  if (start > 0)
    start = sentence_start(toks, start - 1, SENTENCE_REACH);
  for (size_t i = start; i < open; i++)
    if (toks->items[i].type == NM__T_WORD &&
        !(toks->items[i].flags & NM__F_IN_QUOTE) &&
        nm__tok_in(ctx, &toks->items[i], persons,
                   sizeof persons / sizeof *persons))
      return true;
  return false;
}

/* A fragment quoted in a sentence with no cue ("Mancini has been cosplaying
 * for two years, her passion "stemmed through my love for Halloween"",
 * "She typically chooses "to portray beloved characters"") is the words of
 * the sentence's subject: a person or a body named at its start with a verb
 * after it, or a "he" or "she" there. */
static subject sentence_opener(nm__ctx *ctx, nm__blk *blk, nm__memory *mem,
                               size_t open) {
  subject s = {-1, NM_METHOD_NONE, NM__NO_TOK, NM__NO_TOK, false, false};
  nm__toks *toks = &blk->toks;
  size_t start = sentence_start(toks, open, SENTENCE_REACH);
  size_t first = start;
  if (first < open && is_word(ctx, &toks->items[first], "the"))
    first++;
  if (first >= open)
    return s;
  /* "Leonov, also known as "cosmonaut No. 11"", "ICTV named the virus
   * "Q"": a name, not words (but "Trump hailed the deal as the "Q"" and
   * "called on drivers to "Q"" are his) */
  for (size_t i = first; i < open; i++)
    if (nm__naming_cue(ctx, &toks->items[i]) &&
        !is_word(ctx, &toks->items[i], "as") &&
        !(i + 1 < open && is_word(ctx, &toks->items[i + 1], "on")))
      return s;
  /* "Thunberg received the award, with which Time credits an individual
   * as "Q"": a clause with a subject of its own */
  for (size_t i = first + 1; i + 1 < open; i++)
    if ((is_word(ctx, &toks->items[i], "which") ||
         is_word(ctx, &toks->items[i], "whom")) &&
        blk->tok_mention[i + 1] >= 0)
      return s;
  int g = pronoun_gender(ctx, &toks->items[first]);
  if (g) {
    s = pronoun_subject(ctx, blk, mem, first);
    s.found = s.entity >= 0;
    if (s.found)
      s.method = NM_METHOD_SENTENCE;
    return s;
  }
  int32_t m = blk->tok_mention[first];
  if (m < 0 || blk->mentions[m].first != first)
    return s;
  size_t after = blk->mentions[m].last + 1;
  int32_t e = blk->mentions[m].entity;
  /* a verb after the name, or an aside first ("Toronto Police, which
   * indicated ... a "significant development"") */
  if (after >= open || (toks->items[after].flags & NM__F_POSS) ||
      !(nm__entity_is_personish(ctx, e) || nm__entity_is_orgish(ctx, e)))
    return s;
  const nm__tok *v = &toks->items[after];
  if ((v->type == NM__T_WORD && !(v->flags & NM__F_CAP)) ||
      nm__tok_mark(v, ',')) {
    s.entity = e;
    s.found = true;
    s.method = NM_METHOD_SENTENCE;
  }
  return s;
}

static int push_cue(nm__ctx *ctx, nm__blk *blk, size_t cue, size_t last,
                    const nm__quote *q) {
  nm__tok *a = &blk->toks.items[cue], *b = &blk->toks.items[last];
  if (nm__spans_push(ctx->mem, ctx->spans, a->start, b->end, NM_KIND_CUE, 0,
                     (int32_t)q->span) != NM_OK) {
    ctx->err = NM_ENOMEM;
    return NM_ENOMEM;
  }
  return NM_OK;
}

static int push_ref(nm__ctx *ctx, nm__blk *blk, const subject *s) {
  if (s->ref_first == NM__NO_TOK)
    return NM_OK;
  nm__tok *a = &blk->toks.items[s->ref_first],
          *b = &blk->toks.items[s->ref_last];
  if (nm__spans_push(ctx->mem, ctx->spans, a->start, b->end,
                     NM_KIND_SPEAKER_REF, 0, s->entity) != NM_OK) {
    ctx->err = NM_ENOMEM;
    return NM_ENOMEM;
  }
  return NM_OK;
}

/* Is mention x its sentence's subject: its first person, with a word in
 * lower case (a verb, most likely) right after it, or a comma when it opens
 * the sentence ("John Hutchinson, a biomechanicist at ..., questioned")?
 * The mentions come in order, so a sentence end or a quote mark between the
 * last person seen and x says it is the first; each token is looked at once
 * a block. */
static bool sentence_subject(const nm__blk *blk, const nm__mention *x) {
  const nm__toks *toks = &blk->toks;
  if (x->last + 1 >= toks->count)
    return false;
  const nm__tok *next = &toks->items[x->last + 1];
  if ((toks->items[x->first].flags & NM__F_SENT_START) &&
      nm__tok_mark(next, ',') && !(next->flags & NM__F_IN_QUOTE))
    return true;
  if (next->type != NM__T_WORD ||
      (next->flags & (NM__F_CAP | NM__F_IN_QUOTE)) ||
      (toks->items[x->last].flags & NM__F_POSS)) /* "Hoff's work" */
    return false;
  if (blk->person_seen_tok == NM__NO_TOK)
    return true;
  for (size_t k = blk->person_seen_tok; k < x->first; k++)
    if (nm__tok_ends_sentence(&toks->items[k]) ||
        toks->items[k].type == NM__T_QUOTE)
      return true;
  return false;
}

/* Update "the last person mentioned" with the mentions in tokens
 * [from, to). */
static void remember_people(nm__ctx *ctx, nm__blk *blk, nm__memory *mem,
                            size_t from, size_t to) {
  /* mentions are in text order and `from` only grows: go on from where the
   * last call stopped, so a block of many quotes stays linear */
  size_t m = blk->mentions_remembered;
  for (; m < blk->mention_count && blk->mentions[m].first < to; m++) {
    nm__mention *x = &blk->mentions[m];
    if (x->first < from)
      continue;
    if (nm__entity_is_personish(ctx, x->entity)) {
      int32_t root = nm__entity_root(ctx, x->entity);
      mem->last_person[0] = x->entity;
      mem->recent_people[mem->recent_people_count++ % NM__RECENT_PEOPLE] =
          (nm__seen){x->entity, blk->toks.items[x->first].start,
                     (uint32_t)x->first, mem->block_index,
                     sentence_subject(blk, x)};
      int g = ctx->entities[root].gender;
      if (g == 1 || g == 2)
        mem->last_person[g] = x->entity;
      else {
        mem->last_person[1] =
            mem->last_person[1] >= 0 ? mem->last_person[1] : x->entity;
        mem->last_person[2] = x->entity;
      }
      blk->person_seen_tok = x->last;
    } else if (nm__entity_is_orgish(ctx, x->entity)) {
      mem->last_org = x->entity;
      mem->recent_org_start[mem->recent_org_count % NM__RECENT_ORGS] =
          blk->toks.items[x->first].start;
      mem->recent_orgs[mem->recent_org_count++ % NM__RECENT_ORGS] = x->entity;
    }
  }
  blk->mentions_remembered = m;
}

static void set_speaker(nm__ctx *ctx, nm__quote *q, int32_t entity, int method,
                        bool document) {
  /* being quoted is evidence of being a person (or an organization); a
   * document's source may be either */
  int32_t root = nm__entity_root(ctx, entity);
  nm__entity *x = root >= 0 ? &ctx->entities[root] : NULL;
  if (x && x->kind == NM_KIND_PLACE && !x->country && x->words == 1) {
    x->kind = NM__ENT_UNKNOWN; /* the gazetteer was wrong here: "Lincoln
                                  said"; but "Northern Ireland has
                                  suggested" is a place as a government */
    x->from_lexicon = false;
  }
  if (root >= 0 && !document && !ctx->entities[root].kind &&
      !nm__entity_is_orgish(ctx, entity) &&
      ctx->entities[root].evidence.person < 60000)
    nm__add_speech_evidence(ctx, root, 2);
  q->speaker = entity;
  q->method = (uint8_t)(entity >= 0 ? method : NM_METHOD_NONE);
  nm_span *s = &ctx->spans->items[q->span];
  s->link = entity;
  s->flags = (uint16_t)((s->flags & ~0x0fu) | (unsigned)q->method);
}

/* A line that is only a dash and a name ("—Troy Roberts", "– Jane Doe,
 * mayor") names the speaker of the quotes left unattributed just above. */
static void dash_attribution(nm__ctx *ctx, nm__blk *blk, nm__memory *mem) {
  nm__toks *toks = &blk->toks;
  if (toks->count < 2 || toks->items[0].type != NM__T_PUNCT ||
      !(nm__is_dash_cp(toks->items[0].cp) || toks->items[0].cp == '-') ||
      blk->tok_mention[1] < 0 || blk->quote_count > 0)
    return;
  const nm__mention *m = &blk->mentions[blk->tok_mention[1]];
  if (m->last + 1 < toks->count &&
      !nm__tok_mark(&toks->items[m->last + 1], ','))
    return;
  if (mem->pending_count == 0 || nm__entity_is_orgish(ctx, m->entity))
    return;
  for (size_t k = 0; k < mem->pending_count; k++) {
    nm_span *s = &ctx->spans->items[mem->pending[k]];
    s->link = m->entity;
    s->flags = (uint16_t)((s->flags & ~0x0fu) | NM_METHOD_AFTER);
  }
  int32_t root = nm__entity_root(ctx, m->entity);
  if (root >= 0 && !ctx->entities[root].kind)
    ctx->entities[root].evidence.person += 3;
}

int nm__find_speakers(nm__ctx *ctx, nm__blk *blk, nm__memory *mem) {
  nm__toks *toks = &blk->toks;
  size_t done = 0;            /* tokens whose mentions are remembered */
  int32_t block_speaker = -1; /* the speaker of the previous quote here */
  bool block_has_attributed = false;
  size_t nearest_scan = 0; /* mentions looked at for the last person */
  int32_t nearest = -1;    /* the last person named outside quotes so far */
  size_t nearest_sentence = NM__NO_TOK; /* where that name's sentence starts */
  if (blk->block->kind == NM_KIND_PARAGRAPH)
    dash_attribution(ctx, blk, mem);
  mem->pending_count = 0;
  for (size_t k = 0; k < blk->quote_count; k++) {
    nm__quote *q = &blk->quotes[k];
    /* a quote inside a quote is the speaker's words about someone else's:
     * its own speaker is not named by the attribution around it */
    if (q->scare || (q->flags & NM_FLAG_NESTED))
      continue;
    if (q->open_tok == NM__NO_QTOK && ctx->spans->items[q->span].link >= 0) {
      /* a quote continued from the last paragraph keeps its speaker,
       * unless it names one at its end ("... plan," Ashby said.) */
      size_t end_cue = NM__NO_TOK;
      subject end = {-1, NM_METHOD_NONE, NM__NO_TOK, NM__NO_TOK, false, false};
      if (q->close_tok != NM__NO_QTOK && q->close_tok + 1 < toks->count &&
          !nm__tok_ends_sentence(&toks->items[q->close_tok - 1]))
        end = attribution_after(ctx, blk, mem, q->close_tok + 1, &end_cue);
      if (end.found && end.entity >= 0) {
        set_speaker(ctx, q, end.entity,
                    end.method ? end.method : NM_METHOD_AFTER, end.document);
        if (end_cue != NM__NO_TOK &&
            push_cue(ctx, blk, end_cue, end_cue, q) != NM_OK)
          return NM_ENOMEM;
      }
      block_speaker = ctx->spans->items[q->span].link;
      block_has_attributed = true;
      continue;
    }
    size_t open = q->open_tok == NM__NO_QTOK ? 0 : q->open_tok;
    remember_people(ctx, blk, mem, done, open);
    done = open;
    size_t cue = NM__NO_TOK, cue_last = NM__NO_TOK;
    subject s = {-1, NM_METHOD_NONE, NM__NO_TOK, NM__NO_TOK, false, false};
    int method = NM_METHOD_NONE;
    bool colon = false;
    /* A quote that ends its sentence inside (`...border."`) is followed by
     * a new sentence, unless a short attribution comes right after
     * (`"Q." he said.`). */
    bool ends_inside = q->close_tok != NM__NO_QTOK && q->close_tok > 0 &&
                       nm__tok_ends_sentence(&toks->items[q->close_tok - 1]);
    /* "which Ross has referred to as "Q"", "Duda characterised the deaths
     * as "Q"": who describes, before all else */
    if (q->open_tok != NM__NO_QTOK)
      s = describer_subject(ctx, blk, mem, q->open_tok, &cue);
    /* A quote inside the reporter's sentence ("X said the plan was "Q" and
     * that ...") takes the attribution before it first. */
    if (!s.found && (q->flags & NM_FLAG_PARTIAL) &&
        q->open_tok != NM__NO_QTOK) {
      s = attribution_before(ctx, blk, mem, q->open_tok, &cue, &colon);
      if (s.found && s.method == NM_METHOD_NONE)
        s.method = colon ? NM_METHOD_COLON : NM_METHOD_BEFORE;
      if (!s.found)
        cue = NM__NO_TOK;
    }
    /* '"We are tired," Berg said. "And angry." Lind agreed.': a quote
     * whose full stop is inside ends its sentence, and a capital after it
     * opens the next one, not an attribution (that takes a comma) */
    bool stop_inside = ends_inside && !(q->flags & NM_FLAG_PARTIAL) &&
                       toks->items[q->close_tok - 1].cp == '.' &&
                       q->close_tok + 1 < toks->count &&
                       (toks->items[q->close_tok + 1].flags & NM__F_CAP);
    if (!s.found && q->close_tok != NM__NO_QTOK &&
        q->close_tok + 1 < toks->count && !stop_inside) {
      s = attribution_after(ctx, blk, mem, q->close_tok + 1, &cue);
      if (ends_inside && s.found) {
        size_t end = q->close_tok + 1;
        while (end < toks->count && end <= q->close_tok + 8 &&
               !nm__tok_ends_sentence(&toks->items[end]))
          end++;
        if (cue == NM__NO_TOK || cue > q->close_tok + 4 ||
            end > q->close_tok + 8) {
          s = (subject){-1,         NM_METHOD_NONE, NM__NO_TOK,
                        NM__NO_TOK, false,          false};
          cue = NM__NO_TOK;
        }
      }
      if (s.found && s.method == NM_METHOD_NONE)
        s.method = NM_METHOD_AFTER;
    }
    if (!s.found && q->open_tok != NM__NO_QTOK) {
      s = attribution_before(ctx, blk, mem, q->open_tok, &cue, &colon);
      if (s.found && s.method == NM_METHOD_NONE)
        s.method = colon ? NM_METHOD_COLON : NM_METHOD_BEFORE;
    }
    if (!s.found && q->open_tok != NM__NO_QTOK)
      s = document_before(ctx, blk, mem, q->open_tok, &cue);
    if (!s.found) {
      /* "according to NAME" after the quote, or before it in its sentence
       * ("According to eyewitness Vinnie DeVita, "Q"") */
      size_t from =
          q->close_tok == NM__NO_QTOK ? toks->count : q->close_tok + 1;
      size_t to = from;
      while (to < toks->count && to - from < SENTENCE_REACH &&
             !nm__tok_ends_sentence(&toks->items[to]))
        to++;
      s = according_to(ctx, blk, mem, from, to, &cue);
      if (!s.found && q->open_tok != NM__NO_QTOK) {
        size_t start = sentence_start(toks, q->open_tok, SENTENCE_REACH);
        s = according_to(ctx, blk, mem, start, q->open_tok, &cue);
      }
      if (s.found)
        cue_last = cue + 1;
    }
    if (!s.found && q->open_tok != NM__NO_QTOK) {
      /* one cue and one person in the sentence: "Saying "Q", President
       * Fernandez elaborated" */
      size_t from = q->open_tok,
             to = q->close_tok == NM__NO_QTOK ? toks->count : q->close_tok;
      size_t q_first = from, q_end = to;
      while (from > 0 && q_first - from < SENTENCE_REACH &&
             !(nm__tok_ends_sentence(&toks->items[from - 1]) &&
               !(toks->items[from - 1].flags & NM__F_IN_QUOTE)) &&
             !quote_ends_sentence(toks, from - 1))
        from--;
      while (!stop_inside && to < toks->count && to - q_end < SENTENCE_REACH &&
             !(nm__tok_ends_sentence(&toks->items[to]) &&
               !(toks->items[to].flags & NM__F_IN_QUOTE)))
        to++;
      bool has_cue = false;
      for (size_t i = from; i < to; i++)
        if (!(toks->items[i].flags & NM__F_IN_QUOTE) &&
            nm__is_cue(ctx, blk, i)) {
          has_cue = true;
          if (cue == NM__NO_TOK)
            cue = i;
        }
      int32_t e = has_cue ? first_person(ctx, blk, from, to, true) : -1;
      if (e >= 0) {
        s.entity = e;
        s.found = true;
        s.method = NM_METHOD_SENTENCE;
      } else {
        cue = NM__NO_TOK;
      }
    }
    if (!s.found && q->open_tok != NM__NO_QTOK && q->open_tok > 0 &&
        !(q->flags & NM_FLAG_PARTIAL) &&
        nm__tok_mark(&toks->items[q->open_tok - 1], ':')) {
      /* "Trump took a parting shot on Twitter: "Q"": no cue, but the
       * person (or organization: "the Department of Defense justified the
       * strike as ...: "Q"") who opens the sentence that the colon ends */
      /* from the quote mark: the colon before it is no sentence end, and
       * when it is inside an outer quote no token is looked at either way */
      size_t start = sentence_start(toks, q->open_tok, SENTENCE_REACH);
      for (size_t i = start; i + 1 < q->open_tok && i < start + 6; i++) {
        /* "In his message, he appreciated Soleimani's lifepath:": the
         * pronoun that is the subject, not the name after it */
        int g = pronoun_gender(ctx, &toks->items[i]);
        if (g && (i == start || nm__tok_mark(&toks->items[i - 1], ',')))
          s = pronoun_subject(ctx, blk, mem, i);
        if (g)
          break;
        int32_t e = mention_entity(blk, i);
        if (e < 0)
          continue;
        if (nm__entity_is_personish(ctx, e)) {
          s.entity = e;
          s.found = true;
          s.method = NM_METHOD_COLON;
          break;
        }
        /* an organization as the subject: "The Department issued a
         * statement:", but not "CIA deputy director X" */
        size_t after = blk->mentions[blk->tok_mention[i]].last + 1;
        if (nm__entity_is_orgish(ctx, e) && i <= start + 1 &&
            after < q->open_tok && toks->items[after].type == NM__T_WORD &&
            !(toks->items[after].flags & NM__F_CAP) &&
            !(nm__tok_lex(ctx, &toks->items[after]) &
              (NM__W_TITLE | NM__W_PERSON_NOUN))) {
          s.entity = e;
          s.found = true;
          s.method = NM_METHOD_COLON;
          break;
        }
      }
    }
    if (!s.found && (q->flags & NM_FLAG_PARTIAL) && q->open_tok != NM__NO_QTOK)
      s = sentence_opener(ctx, blk, mem, q->open_tok);
    if (!s.found && k > 0 && block_has_attributed) {
      /* "A," he said. "B." — the other half of a split quote */
      s.entity = block_speaker;
      s.found = block_speaker >= 0;
      s.method = NM_METHOD_SPLIT;
      cue = NM__NO_TOK;
    }
    if (!s.found && q->open_tok != NM__NO_QTOK && q->open_tok > 0 &&
        nm__tok_ends_sentence(&toks->items[q->open_tok - 1])) {
      /* the sentence before a quote that opens one */
      size_t end = q->open_tok - 1;
      size_t start = sentence_start(toks, end, SENTENCE_REACH);
      /* "Ashby said the record did not inspire trust. "Q": one with a
       * speech cue and its subject */
      for (size_t c = start; c < end && !s.found; c++) {
        if ((toks->items[c].flags & NM__F_IN_QUOTE) || !nm__is_cue(ctx, blk, c))
          continue;
        s = subject_before(ctx, blk, mem, c, start);
        if (s.found && s.entity >= 0) {
          cue = c;
          if (s.method == NM_METHOD_NONE)
            s.method = NM_METHOD_BEFORE;
        } else {
          s = (subject){-1,         NM_METHOD_NONE, NM__NO_TOK,
                        NM__NO_TOK, false,          false};
        }
      }
      /* "The home side got two yellow cards, leaving Ingram unimpressed.
       * "Q"": a whole quote with no attribution of its own after a
       * sentence that names one person (no cue: the sentence is the
       * reporter's, the quote that person's) */
      if (!s.found && !(q->flags & NM_FLAG_PARTIAL)) {
        s.entity = only_person(ctx, blk, start, end);
        s.found = s.entity >= 0;
        if (s.found)
          s.method = NM_METHOD_SENTENCE;
      }
      /* "Underwhelmed, she left the series. "Q"": the same with a "he" or
       * "she" as that sentence's subject */
      size_t p = NM__NO_TOK;
      if (!s.found && !(q->flags & NM_FLAG_PARTIAL) &&
          (p = subject_pronoun(ctx, blk, start, end)) != NM__NO_TOK) {
        s = pronoun_subject(ctx, blk, mem, p);
        s.found = s.entity >= 0;
      }
    }
    if (!s.found && q->open_tok == 0 && mem->colon_intro &&
        mem->colon_block + 1 == mem->block_index) {
      s.entity = mem->colon_speaker;
      s.found = s.entity >= 0;
      s.method = NM_METHOD_COLON;
    }
    if (!s.found && (q->open_tok == NM__NO_QTOK || q->open_tok == 0) &&
        mem->last_speaker >= 0 &&
        mem->last_speaker_block + 1 == mem->block_index) {
      s.entity = mem->last_speaker;
      s.found = true;
      s.method = NM_METHOD_CARRY;
    }
    /* Nothing says who speaks: the last person named before the quote in
     * its paragraph (outside quotes) is the likeliest, the closest-mention
     * guess of quote attribution ("Paul Sun-Hyung Lee reflected on his
     * first ten years ... "I felt like Cinderella at the ball""). A dash
     * line after the paragraph still overrides it. */
    for (; nearest_scan < blk->mention_count &&
           blk->mentions[nearest_scan].last < open;
         nearest_scan++) {
      const nm__mention *x = &blk->mentions[nearest_scan];
      if (!(toks->items[x->first].flags & NM__F_IN_QUOTE) &&
          nm__entity_is_personish(ctx, x->entity)) {
        /* "Ann Lee met Tom Ruiz. "Q"": two people in one sentence leave
         * it open */
        size_t sentence = sentence_start(toks, x->first, SENTENCE_REACH);
        bool rival = nearest >= 0 && nearest != x->entity &&
                     nearest_sentence == sentence;
        /* not "Johnson's advice": whose thing, not who acts */
        bool possessive = toks->items[x->last].flags & NM__F_POSS;
        nearest = possessive || rival ? -1 : x->entity;
        nearest_sentence = sentence;
      }
    }
    bool guessed = false;
    if (!s.found && q->open_tok != NM__NO_QTOK && nearest >= 0 &&
        !speaker_label(blk)) {
      size_t start = sentence_start(toks, q->open_tok, SENTENCE_REACH);
      guessed = !named_or_described(ctx, blk, start, q->open_tok) &&
                !first_person_before(ctx, blk, start, q->open_tok);
    }
    if (guessed) {
      s = (subject){nearest, NM_METHOD_NEAREST, NM__NO_TOK, NM__NO_TOK, true,
                    false};
      cue = NM__NO_TOK;
    }
    method = s.method;
    if (s.found && s.entity >= 0) {
      set_speaker(ctx, q, s.entity, method, s.document);
      /* a guess is no attribution for the quotes after it to share */
      if (!guessed) {
        block_speaker = s.entity;
        block_has_attributed = true;
        mem->last_speaker = s.entity;
        mem->last_speaker_block = mem->block_index;
      }
      if (cue != NM__NO_TOK) {
        if (cue_last == NM__NO_TOK)
          cue_last = cue;
        /* "told reporters" is one cue */
        if (cue_last + 1 < toks->count && cue_last == cue &&
            is_word(ctx, &toks->items[cue], "told") &&
            is_word(ctx, &toks->items[cue + 1], "reporters"))
          cue_last = cue + 1;
        if (push_cue(ctx, blk, cue, cue_last, q) != NM_OK)
          return NM_ENOMEM;
      }
      if (push_ref(ctx, blk, &s) != NM_OK)
        return NM_ENOMEM;
      if (guessed && mem->pending_count < 8)
        mem->pending[mem->pending_count++] = q->span;
    } else if (s.found) {
      /* an unnamed source: the chain of split halves stops here */
      block_speaker = -1;
      block_has_attributed = true;
    } else if (mem->pending_count < 8) {
      mem->pending[mem->pending_count++] = q->span;
    }
  }
  remember_people(ctx, blk, mem, done, toks->count);
  /* A block ending with a colon introduces the next block's quote; its
   * speaker is the sentence's first person (or a pronoun's referent). */
  mem->colon_intro = false;
  if (toks->count && nm__tok_mark(&toks->items[toks->count - 1], ':')) {
    size_t start = toks->count - 1;
    while (start > 0 && !nm__tok_ends_sentence(&toks->items[start - 1]))
      start--;
    for (size_t i = start; i < toks->count; i++) {
      int32_t e = mention_entity(blk, i);
      if (e >= 0 && nm__entity_is_personish(ctx, e)) {
        mem->colon_intro = true;
        mem->colon_speaker = e;
        mem->colon_block = mem->block_index;
        break;
      }
      if (e < 0 && pronoun_gender(ctx, &toks->items[i]) &&
          toks->items[i].type == NM__T_WORD) {
        mem->colon_intro = true;
        mem->colon_speaker = mem->last_person[0];
        mem->colon_block = mem->block_index;
        break;
      }
    }
  }
  return ctx->err;
}
