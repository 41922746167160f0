/*
 * names.c - names of people, organizations and places, document-centred.
 *
 * A block's capitalised runs are candidate names. Titles and honorifics at
 * their front become the person's role; sentence-initial common words and
 * headline capitals are dropped unless the rest of the document shows them
 * to be names. Each remaining name is an entity keyed by its folded text;
 * evidence for its kind (title before it, speech verb after it, org head
 * word, gazetteer) is summed over the document. nm__resolve_entities then
 * links aliases (surname, suffix, transliteration variant, acronym) and
 * drops candidates that never showed evidence.
 */
#include "pair.h"
#include "stages.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ entities */

static bool fold_equal(const char *a, size_t an, const char *b, size_t bn) {
  if (an != bn)
    return false;
  if (memcmp(a, b, an) == 0) /* the usual case: the same spelling */
    return true;
  for (size_t i = 0; i < an; i++)
    if (nm__ascii_lower(a[i]) != nm__ascii_lower(b[i]))
      return false;
  return true;
}

typedef struct nm__entity_slot {
  uint32_t hash;   /* nm__hash_fold of the entity's name */
  uint32_t entity; /* entity index + 1; 0 = empty */
} nm__entity_slot;

static int32_t entity_find(const nm__ctx *ctx, const char *name, size_t n) {
  if (!ctx->entity_map_cap)
    return -1;
  size_t mask = ctx->entity_map_cap - 1;
  uint32_t h = nm__hash_fold(name, n);
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const nm__entity_slot *slot = &ctx->entity_map[i];
    if (!slot->entity)
      return -1;
    if (slot->hash != h)
      continue;
    const nm__entity *e = &ctx->entities[slot->entity - 1];
    if (fold_equal(e->name, e->name_len, name, n))
      return (int32_t)(slot->entity - 1);
  }
}

static void map_insert(nm__entity_slot *map, size_t cap, uint32_t hash,
                       uint32_t entity) {
  size_t mask = cap - 1, i = hash & mask;
  while (map[i].entity)
    i = (i + 1) & mask;
  map[i] = (nm__entity_slot){hash, entity};
}

static void remember_surname(nm__ctx *ctx, const char *name, size_t n);

static int32_t entity_add(nm__ctx *ctx, const char *name, size_t n) {
  if (nm__grow(ctx->mem, (void **)&ctx->entities, &ctx->entity_cap,
               ctx->entity_count + 1, sizeof(nm__entity)) != NM_OK)
    goto oom;
  if ((ctx->entity_count + 1) * 2 > ctx->entity_map_cap) {
    size_t cap = ctx->entity_map_cap ? ctx->entity_map_cap * 2 : 64;
    nm__entity_slot *map = nm__calloc(ctx->mem, cap, sizeof *map);
    if (!map)
      goto oom;
    for (size_t i = 0; i < ctx->entity_map_cap; i++)
      if (ctx->entity_map[i].entity)
        map_insert(map, cap, ctx->entity_map[i].hash,
                   ctx->entity_map[i].entity);
    nm__free(ctx->mem, ctx->entity_map);
    ctx->entity_map = map;
    ctx->entity_map_cap = cap;
  }
  nm__entity *e = &ctx->entities[ctx->entity_count];
  memset(e, 0, sizeof *e);
  e->name = nm__strndup(ctx->mem, name, n);
  if (!e->name)
    goto oom;
  e->name_len = (uint32_t)n;
  e->merged_into = -1;
  e->first_body = UINT32_MAX;
  e->first_seen = UINT32_MAX;
  e->words = 1;
  e->plain_name = n > 0 && name[0] != ' ' && name[n - 1] != ' ';
  for (size_t i = 0; i < n; i++) {
    e->words += name[i] == ' ';
    if (name[i] == '\t' || name[i] == '\n' || name[i] == '\r' ||
        (name[i] == ' ' && i + 1 < n && name[i + 1] == ' '))
      e->plain_name = false;
  }
  map_insert(ctx->entity_map, ctx->entity_map_cap, nm__hash_fold(name, n),
             (uint32_t)ctx->entity_count + 1);
  if (e->words > 1)
    remember_surname(ctx, e->name, n);
  return (int32_t)ctx->entity_count++;
oom:
  ctx->err = NM_ENOMEM;
  return -1;
}

int32_t nm__entity_root(const nm__ctx *ctx, int32_t e) {
  for (int guard = 0; e >= 0 && ctx->entities[e].merged_into >= 0 && guard < 64;
       guard++)
    e = ctx->entities[e].merged_into;
  return e;
}

bool nm__entity_is_personish(const nm__ctx *ctx, int32_t e) {
  e = nm__entity_root(ctx, e);
  if (e < 0)
    return false;
  const nm__entity *x = &ctx->entities[e];
  if (x->kind)
    return x->kind == NM_KIND_PERSON;
  /* "Mike Ryan of the WHO told the press:": no evidence yet, but the
   * shape of a person's name, which decides it in the end */
  if (!x->evidence.person && !x->evidence.organization && !x->evidence.place)
    return x->person_shape && !x->not_person;
  return !x->not_person && x->evidence.person > 0 &&
         x->evidence.person >= x->evidence.organization &&
         x->evidence.person >= x->evidence.place;
}

bool nm__entity_is_orgish(const nm__ctx *ctx, int32_t e) {
  e = nm__entity_root(ctx, e);
  if (e < 0)
    return false;
  const nm__entity *x = &ctx->entities[e];
  if (x->kind)
    return x->kind == NM_KIND_ORGANIZATION;
  return x->evidence.organization > x->evidence.person &&
         x->evidence.organization >= x->evidence.place;
}

/* --------------------------------------------------------------- words */

/* Place-name heads that are not in the gazetteer as such. */
static bool is_place_head(const nm__ctx *ctx, const nm__tok *t) {
  static const char *const heads[] = {
      "airport",   "arena",  "avenue",    "bay",       "bridge",  "canyon",
      "cathedral", "city",   "coast",     "county",    "crater",  "desert",
      "district",  "harbor", "harbour",   "island",    "islands", "krai",
      "lake",      "mosque", "mountain",  "mountains", "oblast",  "ocean",
      "okrug",     "parish", "park",      "peninsula", "plaza",   "province",
      "region",    "river",  "sea",       "square",    "stadium", "station",
      "strait",    "street", "synagogue", "temple",    "valley",  "village"};
  return nm__tok_in(ctx, t, heads, sizeof heads / sizeof *heads);
}

/* Head words of names of things that are not people: prizes, events,
 * shows, systems ("George Pólya Prize", "The Doris Day Show", "National
 * Day"). A given name in front of one does not make a person. */
static bool is_thing_head(const nm__ctx *ctx, const nm__tok *t) {
  static const char *const heads[] = {
      "award", "awards",   "championship", "championships", "cup",
      "day",   "festival", "games",        "medal",         "olympics",
      "prize", "show",     "system",       "tournament",    "trophy"};
  return nm__tok_in(ctx, t, heads, sizeof heads / sizeof *heads);
}

/* Bodies of the solar system are places in news about space. */
static bool is_celestial(const nm__ctx *ctx, const nm__tok *t) {
  static const char *const bodies[] = {"earth",  "jupiter", "mars",  "mercury",
                                       "moon",   "neptune", "pluto", "saturn",
                                       "uranus", "venus"};
  return nm__tok_in(ctx, t, bodies, sizeof bodies / sizeof *bodies);
}

static bool is_directional(const nm__ctx *ctx, const nm__tok *t) {
  static const char *const dirs[] = {
      "central",  "east",  "eastern",  "greater", "lower", "north",
      "northern", "south", "southern", "upper",   "west",  "western"};
  return nm__tok_in(ctx, t, dirs, sizeof dirs / sizeof *dirs);
}

/* "of" or "for": what a head word's name goes on with ("Department of
 * Justice", "Center for Biological Diversity"). */
static bool of_or_for(const nm__ctx *ctx, const nm__tok *t) {
  return nm__tok_is(ctx, t, "of") || nm__tok_is(ctx, t, "for");
}

static bool is_connector(const nm__ctx *ctx, const nm__tok *t) {
  return of_or_for(ctx, t) || nm__tok_is(ctx, t, "and") ||
         nm__tok_is(ctx, t, "&");
}

/* Particles inside personal names: "Bashar al Assad", "Ludwig van ...". */
static bool is_particle(nm__ctx *ctx, nm__tok *t) {
  return t->type == NM__T_WORD && !(t->flags & NM__F_CAP) &&
         (nm__tok_lex(ctx, t) & NM__W_PARTICLE);
}

/* "Jr", "Sr", "II", "III", "IV": a generation after a surname. */
static bool generational(const nm__ctx *ctx, const nm__tok *t) {
  static const char *const suffixes[] = {"ii", "iii", "iv", "jr", "sr"};
  return nm__tok_in(ctx, t, suffixes, sizeof suffixes / sizeof *suffixes) &&
         (t->flags & NM__F_CAP);
}

static bool is_pronoun_word(const nm__ctx *ctx, const nm__tok *t) {
  static const char *const words[] = {"he",  "her",   "his",  "i",  "it", "our",
                                      "she", "their", "they", "we", "you"};
  return nm__tok_in(ctx, t, words, sizeof words / sizeof *words);
}

/* Is word w (n bytes) one of the sorted ASCII `list`, ignoring case? */
static bool in_list_nocase(const char *w, size_t n, const char *const *list,
                           size_t count) {
  char buf[16];
  if (n == 0 || n >= sizeof buf)
    return false;
  for (size_t k = 0; k < n; k++)
    buf[k] = (char)(w[k] >= 'A' && w[k] <= 'Z' ? w[k] + 32 : w[k]);
  buf[n] = '\0';
  size_t lo = 0, hi = count;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(buf, list[mid]);
    if (c == 0)
      return true;
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return false;
}

/* "Ebola-infected", "Kremlin-backed", "Anti-government", "Fifteen-year-old":
 * a capitalised adjective, not a name ("Park Won-soon" and "Man-kei Tam"
 * are names: their parts are no such words). */
static bool hyphenated_adjective(const char *w, size_t n) {
  static const char *const prefixes[] = {"anti", "ex",  "mid", "neo",  "non",
                                         "post", "pre", "pro", "self", "semi"};
  static const char *const suffixes[] = {
      "affiliated", "aligned",  "allied",     "backed",   "based",
      "born",       "bound",    "controlled", "era",      "friendly",
      "funded",     "held",     "infected",   "inspired", "led",
      "like",       "linked",   "loving",     "majority", "minded",
      "occupied",   "old",      "owned",      "related",  "run",
      "side",       "speaking", "sponsored",  "style",    "supported",
      "themed",     "wide",     "year"};
  const char *end = w + n, *seg = w;
  for (const char *p = w; p <= end; p++) {
    if (p < end && *p != '-')
      continue;
    if (p == end && seg == w)
      return false; /* no hyphen */
    size_t len = (size_t)(p - seg);
    if (seg == w && p + 1 < end && p[1] >= 'a' && p[1] <= 'z' &&
        in_list_nocase(seg, len, prefixes, sizeof prefixes / sizeof *prefixes))
      return true; /* but "Anti-Corruption Commission" is a name */
    if (seg > w && len && seg[0] >= 'a' && seg[0] <= 'z' &&
        in_list_nocase(seg, len, suffixes, sizeof suffixes / sizeof *suffixes))
      return true;
    seg = p + 1;
  }
  return false;
}

/* "You've", "Don't", "We'll": a contraction ("O'Brien" and "D'Souza"
 * have a capital after the apostrophe; "'s" is a possessive). */
static bool contraction(const char *w, size_t n) {
  static const char *const tails[] = {"d", "ll", "m", "re", "t", "ve"};
  for (size_t k = 1; k + 1 < n; k++) {
    size_t skip =
        w[k] == '\'' ? 1
        : (k + 3 < n && (unsigned char)w[k] == 0xe2 &&
           (unsigned char)w[k + 1] == 0x80 && (unsigned char)w[k + 2] == 0x99)
            ? 3
            : 0;
    if (!skip)
      continue;
    const char *tail = w + k + skip;
    size_t len = n - k - skip;
    if (w[k - 1] == 'n' && len == 1 && tail[0] == 't')
      return true; /* "Don't", "Can't" */
    return len <= 2 &&
           in_list_nocase(tail, len, tails, sizeof tails / sizeof *tails) &&
           tail[0] >= 'a' && tail[0] <= 'z';
  }
  return false;
}

/* A word that can be part of a name: capitalised (or any word in a
 * Title Case headline), not a number. */
static inline bool name_word(nm__ctx *ctx, nm__toks *toks, size_t i) {
  nm__tok *t = &toks->items[i];
  if (t->type != NM__T_WORD)
    return false;
  if (t->flags & (NM__F_CAP | NM__F_ALLCAPS)) {
    /* "I", "I'm", "I’ve": the pronoun */
    const char *w = ctx->text + t->start;
    uint32_t wn = t->end - t->start;
    /* two rare marks, which the tokenizer noted */
    if ((t->flags & NM__F_INNER_MARK) &&
        (hyphenated_adjective(w, wn) || contraction(w, wn)))
      return false;
    bool pronoun_i = w[0] == 'I' && (wn == 1 || w[1] == '\'' ||
                                     (wn > 3 && (unsigned char)w[1] == 0xe2 &&
                                      (unsigned char)w[2] == 0x80 &&
                                      (unsigned char)w[3] == 0x99));
    return !pronoun_i;
  }
  /* "al-Assad", "el-Sisi": a lower-case particle glued to a name. Tested
   * without branches (a short word reads a dummy): most words are lower
   * case, and the test would mispredict on every other one. */
  uint32_t n = t->end - t->start;
  const char *s = n > 3 ? ctx->text + t->start : "----";
  return (n > 3) & ((s[0] | 4) == 'e') & (s[1] == 'l') & (s[2] == '-');
}

/* Is the word written in camel case, a capital inside it after a
 * lower-case letter ("WalesOnline", "PayPal", "SpaceX"), not after a
 * surname's prefix ("McCartney", "DeSantis", "LeBron")? Letters only, four
 * or more ("PhD", "SARS-CoV-2" are no brands). */
static bool camel_case(const char *w, size_t n) {
  bool inner = false;
  for (size_t i = 0; i < n; i++) {
    if (!((w[i] >= 'a' && w[i] <= 'z') || (w[i] >= 'A' && w[i] <= 'Z')))
      return false;
    if (!inner && i > 0 && w[i] >= 'A' && w[i] <= 'Z' && w[i - 1] >= 'a' &&
        w[i - 1] <= 'z') {
      if (nm__surname_prefix(w, i))
        return false;
      inner = true;
    }
  }
  return inner && n >= 4;
}

/* The most tokens a run of name words takes; longer runs are cut. */
#define MAX_NAME_TOKENS 32

/* Is token i directly followed by token j (no blank or mark between)? */
static bool adjacent_space(const nm__ctx *ctx, const nm__tok *a,
                           const nm__tok *b) {
  if (b->start < a->end)
    return false;
  for (uint32_t k = a->end; k < b->start; k++)
    if (ctx->text[k] != ' ' && ctx->text[k] != '\t' && ctx->text[k] != '\n' &&
        ctx->text[k] != '\r')
      return false;
  return true;
}

/* Longest lexicon key over tokens [i, limit) with any bit of `want`;
 * returns the number of tokens (0 when none) and fills `hit`. Multi-word
 * keys are looked up by joining words with one space. */
static size_t lex_longest(nm__ctx *ctx, nm__blk *blk, size_t i, size_t limit,
                          uint32_t want, nm__lex_hit *best) {
  char buf[128];
  size_t len = 0, best_n = 0;
  bool plain = true; /* words joined by single spaces: the text is the key */
  for (size_t j = i; j < limit && j < i + 6; j++) {
    nm__tok *t = &blk->toks.items[j];
    if (t->type != NM__T_WORD)
      break;
    if (j > i && !adjacent_space(ctx, &blk->toks.items[j - 1], t))
      break;
    size_t n = t->end - t->start;
    if (len + n + 1 >= sizeof buf)
      break;
    if (j > i) {
      len++;
      plain = plain && t->start == blk->toks.items[j - 1].end + 1 &&
              ctx->text[t->start - 1] == ' ';
    }
    len += n;
    nm__lex_hit hit;
    if (j == i) {
      hit.classes = nm__tok_lex(ctx, t);
      hit.canonical = NULL;
      if (hit.classes & want) { /* the token keeps no canonical name */
        nm__lex_hit full;
        nm__lex_span(ctx, t->start, t->end, &full);
        hit.canonical = full.canonical;
      }
    } else if (plain) {
      nm__lex_span(ctx, blk->toks.items[i].start, t->end, &hit);
      if (!hit.classes)
        break;
    } else {
      /* the words joined by single spaces (only now: most keys are one
       * word or plain text) */
      size_t at = 0;
      for (size_t k = i; k <= j; k++) {
        const nm__tok *w = &blk->toks.items[k];
        if (k > i)
          buf[at++] = ' ';
        memcpy(buf + at, ctx->text + w->start, w->end - w->start);
        at += w->end - w->start;
      }
      if (!nm__lex_lookup(ctx->lexicon, buf, len, &hit))
        break;
    }
    if (hit.classes & want) {
      best_n = j - i + 1;
      *best = hit;
    }
    if (!(hit.classes & NM__W_PREFIX) && j > i)
      break;
    if (j == i && !(hit.classes & NM__W_PREFIX))
      break; /* no longer key starts with this word */
  }
  return best_n;
}

/* Words that open sentences before names without being part of them:
 * articles, conjunctions, prepositions, quantifiers. */
static bool is_function_word(const nm__ctx *ctx, const nm__tok *t) {
  static const char *const words[] = {
      "a",         "about",  "according",  "after",   "all",       "also",
      "although",  "amid",   "among",      "an",      "and",       "are",
      "as",        "at",     "because",    "before",  "both",      "but",
      "by",        "can",    "concerning", "could",   "despite",   "did",
      "do",        "does",   "during",     "each",    "even",      "every",
      "few",       "five",   "following",  "for",     "four",      "from",
      "had",       "has",    "have",       "however", "if",        "in",
      "including", "is",     "last",       "like",    "many",      "may",
      "might",     "most",   "next",       "no",      "not",       "on",
      "only",      "or",     "other",      "over",    "per",       "regarding",
      "several",   "should", "since",      "so",      "some",      "such",
      "that",      "the",    "then",       "these",   "this",      "those",
      "though",    "three",  "thus",       "today",   "two",       "under",
      "unlike",    "until",  "via",        "was",     "were",      "when",
      "while",     "will",   "with",       "would",   "yesterday", "yet"};
  return nm__tok_in(ctx, t, words, sizeof words / sizeof *words);
}

/* The last-word map: for each multi-word name, its last word ("Kerry" of
 * "John Kerry") -> the entity. Slots hold the word's hash (with bit 0 set,
 * so 0 means empty) and the entity; a word shared by two names keeps the
 * first (the article's subject is named first), and callers check the word
 * itself. */
/* The base letters of U+00C0..U+017F, '.' where there is none: news
 * writes "Brudziński" as "Brudzinski" too, and both name one person. */
static const char latin_base[] =
    "aaaaaaaceeeeiiiidnooooo.ouuuuytsaaaaaaaceeeeiiiidnooooo.ouuuuyty"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
    "lllnnnnnnnnnoooooooorrrrrrsssssssstttt..uuuuuuuuuuuuwwyyyzzzzzzs";

/* The letter of w at *i in ASCII lower case, a Latin letter's accent
 * dropped; *i moves past it. */
static inline char base_letter(const char *w, size_t n, size_t *i) {
  unsigned char c = (unsigned char)w[*i];
  if (c >= 0xc3 && c <= 0xc5 && *i + 1 < n) {
    unsigned cp = (c & 0x1fu) << 6 | ((unsigned char)w[*i + 1] & 0x3fu);
    if (cp >= 0xc0 && latin_base[cp - 0xc0] != '.') {
      *i += 2;
      return latin_base[cp - 0xc0];
    }
  }
  (*i)++;
  return nm__ascii_lower((char)c);
}

/* A hash and an equality of words that ignore case and accents. */
static uint32_t base_hash(const char *w, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)w[i];
    char b = c < 0x80 ? (i++, nm__ascii_lower((char)c)) : base_letter(w, n, &i);
    h = (h ^ (unsigned char)b) * 16777619u;
  }
  return h | 1u;
}

static bool base_equal(const char *a, size_t an, const char *b, size_t bn) {
  if (an == bn && memcmp(a, b, an) == 0)
    return true;
  size_t i = 0, j = 0;
  while (i < an && j < bn)
    if (base_letter(a, an, &i) != base_letter(b, bn, &j))
      return false;
  return i == an && j == bn;
}

static bool particle_glued(const char *w, size_t n);

/* Is w the last word of the entity's name, or that word without a glued
 * particle ("Assad" of "Bashar al-Assad")? */
static bool surname_is(const nm__entity *e, const char *w, size_t n) {
  const char *last = e->name + e->name_len;
  while (last > e->name && last[-1] != ' ')
    last--;
  size_t ln = (size_t)(e->name + e->name_len - last);
  return base_equal(last, ln, w, n) ||
         (particle_glued(last, ln) && base_equal(last + 3, ln - 3, w, n));
}

static int32_t surname_entity(const nm__ctx *ctx, const char *w, size_t n) {
  if (!ctx->surname_cap)
    return -1;
  uint32_t h = base_hash(w, n);
  size_t mask = ctx->surname_cap - 1;
  for (size_t i = h & mask; ctx->surnames[i].hash; i = (i + 1) & mask) {
    if (ctx->surnames[i].hash != h)
      continue;
    if (surname_is(&ctx->entities[ctx->surnames[i].entity], w, n))
      return ctx->surnames[i].entity;
  }
  return -1;
}

/* Has the document named something with this word: a whole name ("Lam")
 * or the last word of one ("Trump" of "Donald Trump")? */
static bool known_name(const nm__ctx *ctx, const nm__tok *t) {
  const char *w = ctx->text + t->start;
  size_t n = t->end - t->start;
  return entity_find(ctx, w, n) >= 0 || surname_entity(ctx, w, n) >= 0;
}

/* Is the word the last word of a person's name ("May" of "Theresa May")? */
static bool known_surname(const nm__ctx *ctx, const nm__tok *t) {
  int32_t e = surname_entity(ctx, ctx->text + t->start, t->end - t->start);
  return e >= 0 && nm__entity_is_personish(ctx, e);
}

/* Has the word an "al-" or "el-" glued before it ("al-Assad")? */
static bool particle_glued(const char *w, size_t n) {
  return n > 4 && w[1] == 'l' && w[2] == '-' &&
         (w[0] == 'a' || w[0] == 'A' || w[0] == 'e' || w[0] == 'E');
}

static void insert_surname(nm__ctx *ctx, const char *w, size_t wn,
                           int32_t entity) {
  if ((ctx->surname_count + 1) * 2 > ctx->surname_cap) {
    size_t cap = ctx->surname_cap ? ctx->surname_cap * 2 : 64;
    nm__surname *map = nm__calloc(ctx->mem, cap, sizeof(nm__surname));
    if (!map) {
      ctx->err = NM_ENOMEM;
      return;
    }
    for (size_t i = 0; i < ctx->surname_cap; i++)
      if (ctx->surnames[i].hash) {
        size_t j = ctx->surnames[i].hash & (cap - 1);
        while (map[j].hash)
          j = (j + 1) & (cap - 1);
        map[j] = ctx->surnames[i];
      }
    nm__free(ctx->mem, ctx->surnames);
    ctx->surnames = map;
    ctx->surname_cap = cap;
  }
  uint32_t h = base_hash(w, wn);
  size_t mask = ctx->surname_cap - 1, i = h & mask;
  for (; ctx->surnames[i].hash; i = (i + 1) & mask)
    if (ctx->surnames[i].hash == h &&
        surname_is(&ctx->entities[ctx->surnames[i].entity], w, wn))
      return; /* the first person with this surname keeps it */
  ctx->surnames[i] = (nm__surname){h, entity};
  ctx->surname_count++;
}

/* Remember the last word of the name of the entity being added; "Assad"
 * of "Bashar al-Assad" too. */
static void remember_surname(nm__ctx *ctx, const char *name, size_t n) {
  const char *w = name + n;
  while (w > name && w[-1] != ' ')
    w--;
  if (w == name)
    return;
  size_t wn = (size_t)(name + n - w);
  int32_t entity = (int32_t)ctx->entity_count; /* the one being added */
  insert_surname(ctx, w, wn, entity);
  if (particle_glued(w, wn))
    insert_surname(ctx, w + 3, wn - 3, entity);
}

/* ------------------------------------------------------------ mentions */

static int add_mention(nm__ctx *ctx, nm__blk *blk, size_t first, size_t last,
                       int32_t entity) {
  if (nm__grow(ctx->mem, (void **)&blk->mentions, &blk->mention_cap,
               blk->mention_count + 1, sizeof(nm__mention)) != NM_OK) {
    ctx->err = NM_ENOMEM;
    return NM_ENOMEM;
  }
  size_t span = ctx->spans->count;
  const nm__tok *a = &blk->toks.items[first], *b = &blk->toks.items[last];
  if (nm__spans_push(ctx->mem, ctx->spans, a->start, b->end, NM_KIND_PERSON, 0,
                     entity) != NM_OK) {
    ctx->err = NM_ENOMEM;
    return NM_ENOMEM;
  }
  blk->mentions[blk->mention_count] = (nm__mention){first, last, entity, span};
  for (size_t k = first; k <= last; k++)
    blk->tok_mention[k] = (int32_t)blk->mention_count;
  blk->mention_count++;
  nm__entity *e = &ctx->entities[entity];
  if (blk->block->kind == NM_KIND_PARAGRAPH && a->start < e->first_body)
    e->first_body = a->start;
  if (b->end > e->last_seen)
    e->last_seen = b->end;
  if (a->start < e->first_seen)
    e->first_seen = a->start;
  if (e->role)
    ctx->role_mentions[ctx->role_mention_count++ % NM__ROLE_LOOKBACK] = entity;
  return NM_OK;
}

/* "Democrats", "Muslims", "DVDs": the plural of a common noun, a demonym
 * or a group's member (the word less its "s" or "es" is one). */
static bool plural_of_common(nm__ctx *ctx, const nm__tok *t) {
  const char *w = ctx->text + t->start;
  size_t n = t->end - t->start;
  nm__lex_hit hit;
  /* "Women", "Fishermen": the word with "man" for its "men" */
  char man[32];
  if (n >= 3 && n < sizeof man && memcmp(w + n - 3, "men", 3) == 0 &&
      !(t->flags & NM__F_POSS)) {
    memcpy(man, w, n);
    man[n - 2] = 'a';
    return nm__lex_lookup(ctx->lexicon, man, n, &hit) &&
           (hit.classes & NM__W_COMMON) &&
           !(hit.classes & (NM__W_GIVEN | NM__W_PLACE | NM__W_ORG));
  }
  if (n < 4 || w[n - 1] != 's' || w[n - 2] == 's' || w[n - 2] == '\'' ||
      (t->flags & NM__F_POSS))
    return false;
  const uint32_t kinds = NM__W_COMMON | NM__W_DEMONYM | NM__W_GROUP;
  if (nm__lex_lookup(ctx->lexicon, w, n - 1, &hit) && (hit.classes & kinds) &&
      !(hit.classes & (NM__W_GIVEN | NM__W_PLACE | NM__W_ORG)))
    return true;
  return w[n - 2] == 'e' && nm__lex_lookup(ctx->lexicon, w, n - 2, &hit) &&
         (hit.classes & kinds) &&
         !(hit.classes & (NM__W_GIVEN | NM__W_PLACE | NM__W_ORG));
}

/* Does the word hold a dot with a small letter after it ("Znak.com")? */
static bool web_address(const nm__ctx *ctx, const nm__tok *t) {
  for (uint32_t i = t->start + 1; i + 1 < t->end; i++)
    if (ctx->text[i] == '.' && ctx->text[i + 1] >= 'a' &&
        ctx->text[i + 1] <= 'z')
      return true;
  return false;
}

/* The entity for the name made of tokens [first, last]: the text joined
 * with single spaces (a line break inside becomes a space). */
static int32_t entity_for(nm__ctx *ctx, nm__blk *blk, size_t first, size_t last,
                          const char *canonical) {
  char buf[256];
  size_t len = 0;
  buf[0] = '\0'; /* a word too long for buf gives the empty name */
  if (canonical) {
    len = strlen(canonical);
    if (len >= sizeof buf)
      len = sizeof buf - 1;
    memcpy(buf, canonical, len);
  } else {
    for (size_t k = first; k <= last; k++) {
      const nm__tok *t = &blk->toks.items[k];
      size_t n = t->end - t->start;
      if (k > first) {
        /* between words: blanks become one space; glued words
         * ("SergeiLavrov") get one; a possessive inside an organization
         * name ("Sheriff's Office") is kept */
        uint32_t gap = blk->toks.items[k - 1].end;
        bool blank = true;
        for (uint32_t g = gap; g < t->start; g++)
          if (ctx->text[g] != ' ' && ctx->text[g] != '\t' &&
              ctx->text[g] != '\n' && ctx->text[g] != '\r')
            blank = false;
        if (!blank) {
          uint32_t g = gap;
          while (g < t->start && len + 1 < sizeof buf && ctx->text[g] != ' ' &&
                 ctx->text[g] != '\n')
            buf[len++] = ctx->text[g++];
        }
        /* "Asset Management, Inc": no blank before the comma */
        if (len + 1 < sizeof buf && !nm__tok_mark(t, ','))
          buf[len++] = ' ';
      }
      if (len + n + 1 >= sizeof buf)
        break;
      memcpy(buf + len, ctx->text + t->start, n);
      len += n;
    }
  }
  /* a name in capitals ("RIVERTON:", a dateline) is renamed as the text
   * later writes it ("Riverton") */
  bool shouted = !canonical;
  for (size_t k = first; k <= last && shouted; k++)
    shouted = blk->toks.items[k].type != NM__T_WORD ||
              (blk->toks.items[k].flags & NM__F_ALLCAPS);
  int32_t e = entity_find(ctx, buf, len);
  if (e >= 0 && ctx->entities[e].shouted && !shouted &&
      ctx->entities[e].name_len == len) {
    memcpy(ctx->entities[e].name, buf, len);
    ctx->entities[e].shouted = false;
  }
  if (e < 0) {
    e = entity_add(ctx, buf, len);
    if (e >= 0)
      ctx->entities[e].shouted = shouted;
    if (e >= 0 && first == last && !canonical) {
      uint32_t lex = nm__tok_lex(ctx, &blk->toks.items[first]);
      ctx->entities[e].common_word =
          (lex & NM__W_COMMON) &&
          !(lex & (NM__W_PLACE | NM__W_ORG | NM__W_GIVEN));
      ctx->entities[e].not_person =
          !(lex & (NM__W_PLACE | NM__W_ORG | NM__W_GIVEN | NM__W_PERSON)) &&
          plural_of_common(ctx, &blk->toks.items[first]);
      /* a plural ("Muslims", "DVDs") is no place after a bare "in" either */
      ctx->entities[e].common_word |= ctx->entities[e].not_person;
      /* "Znak.com", "News.com.au": a web address is an outlet's */
      if (web_address(ctx, &blk->toks.items[first])) {
        ctx->entities[e].not_person = true;
        ctx->entities[e].evidence.organization += 4;
      }
    }
  }
  /* "the Constitution demands", "make an Order declaring", "the 14th
   * Amendment states", "The Lost 52 Project announced": a common noun after
   * an article or a number names no one */
  if (e >= 0 && first == last && first > 0 && ctx->entities[e].common_word &&
      (nm__tok_is(ctx, &blk->toks.items[first - 1], "the") ||
       nm__tok_is(ctx, &blk->toks.items[first - 1], "an") ||
       nm__tok_is(ctx, &blk->toks.items[first - 1], "a") ||
       blk->toks.items[first - 1].type == NM__T_NUM))
    ctx->entities[e].not_person = true;
  return e;
}

static void add_evidence(nm__ctx *ctx, int32_t e, int kind, int weight) {
  if (e < 0)
    return;
  nm__evidence *ev = &ctx->entities[e].evidence;
  uint16_t *slot = kind == NM_KIND_PERSON         ? &ev->person
                   : kind == NM_KIND_ORGANIZATION ? &ev->organization
                                                  : &ev->place;
  if (*slot < 60000)
    *slot = (uint16_t)(*slot + weight);
}

void nm__add_speech_evidence(nm__ctx *ctx, int32_t e, int weight) {
  add_evidence(ctx, e, NM_KIND_PERSON, weight);
  if (e >= 0 && ctx->entities[e].evidence.speech < 60000)
    ctx->entities[e].evidence.speech =
        (uint16_t)(ctx->entities[e].evidence.speech + weight);
}

static void set_known(nm__ctx *ctx, int32_t e, int kind) {
  if (e < 0)
    return;
  ctx->entities[e].kind = kind;
  ctx->entities[e].from_lexicon = true;
}

static void set_role(nm__ctx *ctx, int32_t e, uint32_t start, uint32_t end) {
  nm__entity *x = &ctx->entities[e];
  if (x->role || end <= start)
    return;
  x->role = nm__strndup(ctx->mem, ctx->text + start, end - start);
  if (!x->role) {
    ctx->err = NM_ENOMEM;
    return;
  }
  x->role_len = end - start;
  /* a line break inside a role reads as a space */
  for (uint32_t k = 0; k < x->role_len; k++)
    if (x->role[k] == '\n' || x->role[k] == '\r')
      x->role[k] = ' ';
}

/* Evidence from the words around a person-ish name. */
/* Does "its" come within six words after token `at`, in lower case words
 * only and before any "his", "her" or "their"? */
static bool its_follows(const nm__ctx *ctx, const nm__toks *toks, size_t at) {
  for (size_t k = at + 1; k < toks->count && k <= at + 6; k++) {
    const nm__tok *w = &toks->items[k];
    if (w->type != NM__T_WORD || (w->flags & NM__F_CAP))
      return false;
    uint32_t n = w->end - w->start; /* most words are no pronoun */
    if (n == 3 && nm__tok_is(ctx, w, "its"))
      return true;
    if ((n == 3 && (nm__tok_is(ctx, w, "his") || nm__tok_is(ctx, w, "her"))) ||
        (n == 5 && nm__tok_is(ctx, w, "their")))
      return false;
  }
  return false;
}

static void context_evidence(nm__ctx *ctx, nm__blk *blk, size_t first,
                             size_t last, int32_t e) {
  nm__toks *toks = &blk->toks;
  /* "The Fishers Union in Marlow said": the verb is the union's */
  bool in_phrase = first >= 2 && blk->tok_mention[first - 2] >= 0 &&
                   nm__preposition(ctx, &toks->items[first - 1]);
  if (last + 1 < toks->count) {
    nm__tok *next = &toks->items[last + 1];
    if (!in_phrase && nm__is_cue(ctx, blk, last + 1)) {
      /* "Magyar Nemzet reported": outlets report, people say */
      static const char *const outlet_verbs[] = {"report", "reported",
                                                 "reporting", "reports"};
      /* ... and "the Fed said", "the Pentagon said": one word after "the"
       * names no person (but "the Tongs said" is a family, and "the
       * Constitution demands" a document) */
      nm__tok *a = &toks->items[first];
      uint32_t alex = nm__tok_lex(ctx, a);
      bool the_one = first == last && first > 0 &&
                     nm__tok_is(ctx, &toks->items[first - 1], "the") &&
                     !(alex & NM__W_COMMON) && ctx->text[a->end - 1] != 's';
      /* ... and "FIDE said", "HRW said": an acronym */
      bool acronym = first == last && (a->flags & NM__F_ALLCAPS);
      bool outlet =
          !(alex & NM__W_GIVEN) &&
          (nm__tok_in(ctx, next, outlet_verbs, 4) || the_one || acronym);
      if (outlet)
        add_evidence(ctx, e, NM_KIND_ORGANIZATION, 2);
      else
        nm__add_speech_evidence(ctx, e, 2);
    }
    /* "Tesco said its Polish branch", "Ford started its inquiry": a
     * one-word subject that "its" looks back to in the same clause. The
     * verb after the name is a speech verb, an auxiliary or a past tense
     * ("the Manhattan district attorney's office began its probe" is no
     * subject; "the Grayback contained ... its" no company). */
    static const char *const auxiliaries[] = {
        "also", "can",   "could", "did",    "does", "had",  "has",  "is",
        "may",  "might", "plans", "should", "was",  "will", "would"};
    size_t next_len = next->end - next->start;
    if (first == last && its_follows(ctx, toks, last) &&
        !(nm__tok_lex(ctx, &toks->items[first]) & NM__W_GIVEN) &&
        !(first > 0 && nm__tok_is(ctx, &toks->items[first - 1], "the")) &&
        (nm__is_cue(ctx, blk, last + 1) ||
         nm__tok_in(ctx, next, auxiliaries,
                    sizeof auxiliaries / sizeof *auxiliaries) ||
         (next_len > 4 && ctx->text[next->end - 2] == 'e' &&
          ctx->text[next->end - 1] == 'd')))
      add_evidence(ctx, e, NM_KIND_ORGANIZATION, 2);
    /* "the RMT union", "the NHS trust": an acronym before a lower-case
     * noun for a body (not "AM radio", "ART centre": the heads of
     * capitalised names are too wide here) */
    static const char *const bodies[] = {
        "agency",      "alliance",   "association", "authority",  "board",
        "broadcaster", "bureau",     "coalition",   "commission", "committee",
        "council",     "department", "federation",  "foundation", "militia",
        "ministry",    "movement",   "newspaper",   "party",      "trust",
        "union"};
    if (first == last && (toks->items[first].flags & NM__F_ALLCAPS) &&
        next->type == NM__T_WORD && !(next->flags & NM__F_CAP) &&
        nm__tok_in(ctx, next, bodies, sizeof bodies / sizeof *bodies))
      add_evidence(ctx, e, NM_KIND_ORGANIZATION, 3);
    /* "Kerry also said" */
    if (next->type == NM__T_WORD && last + 2 < toks->count &&
        (next->end - next->start) > 2 && nm__tok_is(ctx, next, "also") &&
        nm__is_cue(ctx, blk, last + 2))
      nm__add_speech_evidence(ctx, e, 2);
    /* "Mariela Belski, said", "X, a doctor," */
    if (next->type == NM__T_PUNCT && next->cp == ',' &&
        last + 2 < toks->count) {
      nm__tok *n2 = &toks->items[last + 2];
      nm__lex_hit hit;
      if (n2->type == NM__T_WORD &&
          (nm__tok_is(ctx, n2, "a") || nm__tok_is(ctx, n2, "an") ||
           nm__tok_is(ctx, n2, "the")) &&
          last + 3 < toks->count &&
          lex_longest(ctx, blk, last + 3, toks->count, NM__W_TITLE, &hit))
        add_evidence(ctx, e, NM_KIND_PERSON, 2);
      /* "Pohiva, who had been ..." */
      if (nm__tok_is(ctx, n2, "who"))
        add_evidence(ctx, e, NM_KIND_PERSON, 3);
      /* "at Cotton Tree, Australia", "Koszalin, Poland": a town before
       * its country or region */
      nm__lex_hit where;
      size_t n = (n2->flags & NM__F_CAP) &&
                         !(nm__tok_lex(ctx, &toks->items[first]) & NM__W_GIVEN)
                     ? lex_longest(ctx, blk, last + 2, toks->count,
                                   NM__W_COUNTRY | NM__W_REGION, &where)
                     : 0;
      /* the whole of the next name ("..., Montana Native Vote" is not) */
      if (n && (where.classes & (NM__W_COUNTRY | NM__W_REGION)) &&
          (last + 2 + n >= toks->count || !name_word(ctx, toks, last + 2 + n)))
        add_evidence(ctx, e, NM_KIND_PLACE, 2);
      if (n2->type == NM__T_WORD && (nm__tok_lex(ctx, n2) & (NM__W_TITLE)) &&
          !(n2->flags & NM__F_CAP))
        add_evidence(ctx, e, NM_KIND_PERSON, 1);
      /* "Sharif Hotak, of the provincial council, described ...": a speech
       * verb after a short phrase set off by commas, the name the subject
       * (no word before it: not "the book Rage, for which ..., revealed")
       * and the phrase in lower case (in "Director of the Partnership,
       * David Clay, called" the phrase is the speaker's name) */
      bool subject = first == 0 || toks->items[first - 1].type != NM__T_WORD;
      for (size_t k = last + 2;
           subject && k < toks->count && k <= last + 10 &&
           n2->type == NM__T_WORD && !(n2->flags & NM__F_CAP);
           k++) {
        const nm__tok *w = &toks->items[k];
        if (w->type == NM__T_QUOTE || nm__tok_mark(w, '.') ||
            nm__tok_mark(w, ';') || nm__tok_mark(w, '?') ||
            nm__tok_mark(w, '!'))
          break;
        if (nm__tok_mark(w, ',')) {
          if (k > last + 2 && k + 1 < toks->count &&
              nm__is_cue(ctx, blk, k + 1))
            nm__add_speech_evidence(ctx, e, 2);
          break;
        }
      }
    }
  }
  /* "The Vice President, Mike Pence, said": a name set off after a title;
   * "his father, Stanley Johnson,", "Johnson's lawyer, Bob Jones,": or
   * after a lower-case noun for a person that a determiner or a
   * possessive opens */
  if (first > 1 && nm__tok_mark(&toks->items[first - 1], ',')) {
    nm__tok *noun = &toks->items[first - 2];
    uint32_t lex = nm__tok_lex(ctx, noun);
    static const char *const determiners[] = {
        "a", "an", "her", "his", "its", "my", "our", "the", "their", "your"};
    const nm__tok *det = first > 2 ? &toks->items[first - 3] : NULL;
    if ((lex & NM__W_TITLE) ||
        ((lex & NM__W_PERSON_NOUN) && !(noun->flags & NM__F_CAP) && det &&
         ((det->flags & NM__F_POSS) ||
          nm__tok_in(ctx, det, determiners,
                     sizeof determiners / sizeof *determiners))))
      add_evidence(ctx, e, NM_KIND_PERSON, 3);
  }
  /* "daily newspaper Magyar Nemzet", "broadcaster NHK", "retailer
   * Tesco", "the trade union Aslef": an outlet, a company or another
   * body (the list is sorted: nm__tok_in searches it) */
  static const char *const outlet_nouns[] = {
      "agency",     "airline",      "automaker", "bank",        "broadcaster",
      "carmaker",   "chain",        "channel",   "charity",     "club",
      "company",    "conglomerate", "daily",     "firm",        "insurer",
      "magazine",   "manufacturer", "network",   "newspaper",   "outlet",
      "paper",      "party",        "platform",  "radio",       "retailer",
      "service",    "startup",      "station",   "supermarket", "tabloid",
      "television", "union",        "website",   "weekly",      "wire"};
  if (first > 0 && !(nm__tok_lex(ctx, &toks->items[first]) & NM__W_GIVEN) &&
      !(toks->items[first - 1].flags & NM__F_CAP) &&
      nm__tok_in(ctx, &toks->items[first - 1], outlet_nouns,
                 sizeof outlet_nouns / sizeof *outlet_nouns))
    add_evidence(ctx, e, NM_KIND_ORGANIZATION, 5);
  if (first > 0) {
    nm__tok *prev = &toks->items[first - 1];
    /* "said Kerry" (but "told MSNBC": who is told is not the speaker, and
     * "a colony called Southern Rhodesia" is named) */
    static const char *const not_speaker[] = {"called", "dubbed", "named",
                                              "tell",   "tells",  "told"};
    if (nm__is_cue(ctx, blk, first - 1) &&
        !nm__tok_in(ctx, prev, not_speaker,
                    sizeof not_speaker / sizeof *not_speaker) &&
        !(toks->items[first].flags & NM__F_ALLCAPS))
      nm__add_speech_evidence(ctx, e, 2);
    /* "student protester Joshua Wong", "archbishop Jorge ..." (but not
     * "the rover's Mars ...") */
    if (prev->type == NM__T_WORD && !(prev->flags & (NM__F_CAP | NM__F_POSS)) &&
        (nm__tok_lex(ctx, prev) &
         (first < last ? NM__W_PERSON_NOUN | NM__W_TITLE : NM__W_TITLE)) &&
        last - first < 3)
      add_evidence(ctx, e, NM_KIND_PERSON, 2);
    /* "published in Nature Astronomy", "the journal Science", "the
     * newspaper Magyar Nemzet": a publication */
    static const char *const outlets[] = {"journal",   "magazine", "newspaper",
                                          "published", "tabloid",  "website"};
    const nm__tok *before = first >= 2 ? &toks->items[first - 2] : NULL;
    /* "published on Thursday in PLOS One", "published a study in
     * Scientific Reports": "published" a few words before the "in" */
    bool published_in = false;
    if (nm__tok_is(ctx, prev, "in"))
      for (size_t k = first - 1; k > 0 && k + 5 > first - 1 && !published_in;
           k--) {
        const nm__tok *w = &toks->items[k - 1];
        if (w->type != NM__T_WORD && w->type != NM__T_NUM)
          break;
        published_in = nm__tok_is(ctx, w, "published");
      }
    if (prev->type == NM__T_WORD && !(prev->flags & NM__F_CAP) &&
        (nm__tok_in(ctx, prev, outlets, sizeof outlets / sizeof *outlets) ||
         published_in ||
         (nm__tok_is(ctx, prev, "in") && before &&
          nm__tok_in(ctx, before, outlets, sizeof outlets / sizeof *outlets))))
      add_evidence(ctx, e, NM_KIND_ORGANIZATION, 3);
    else if (prev->type == NM__T_WORD &&
             (nm__tok_is(ctx, prev, "in") || nm__tok_is(ctx, prev, "from") ||
              nm__tok_is(ctx, prev, "near")))
      add_evidence(ctx, e, NM_KIND_PLACE, 1);
  }
}

/* An all-capitals word that can be a name: not a Roman numeral (XXI), not
 * a code with digits (MEDLI2). */
static bool roman_or_code_ok(const nm__ctx *ctx, const nm__tok *t) {
  bool roman = true;
  for (uint32_t k = t->start; k < t->end; k++) {
    char c = ctx->text[k];
    if (c >= '0' && c <= '9')
      return false;
    if (!strchr("IVXLCDM", c))
      roman = false;
  }
  return !roman;
}

/* Where the name goes on after a country it opens ("United States
 * National Institute ..."), or 0. */
static size_t country_prefix(const nm__ctx *ctx, const nm__entity *e) {
  size_t end = 0;
  for (int words = 0; words < 3; words++) {
    while (end < e->name_len && e->name[end] != ' ')
      end++;
    if (end >= e->name_len)
      return 0;
    nm__lex_hit hit;
    if (nm__lex_lookup(ctx->lexicon, e->name, end, &hit) &&
        (hit.classes & NM__W_COUNTRY))
      return end + 1;
    end++;
  }
  return 0;
}

/* Does the short form abbreviate the long name? Its first capital is the
 * first letter of one of the name's first two words ("DOE" of "U.S.
 * Department of Energy", "NIAID" of "United States National Institute of
 * Allergy and Infectious Diseases"; not "NSW" of "Parliament of New South
 * Wales");
 * and unless it is all capitals (an acronym may come from another language:
 * "FSB" of "Federal Security Service"), its capitals are, in order, first
 * letters of the name's words ("TfL" of "Transport for London"). */
static bool abbreviates(const char *s, size_t sn, const char *name, size_t nn,
                        size_t after_country, bool all_caps) {
  size_t second = 0;
  while (second < nn && name[second] != ' ')
    second++;
  second++; /* where the second word starts, or past the end */
  size_t lead = 0;
  while (lead < sn && (s[lead] < 'A' || s[lead] > 'Z'))
    lead++;
  char cap = nm__ascii_lower(lead < sn ? s[lead] : 0);
  if (lead == sn ||
      (nm__ascii_lower(name[0]) != cap &&
       (second >= nn || nm__ascii_lower(name[second]) != cap) &&
       (after_country >= nn || nm__ascii_lower(name[after_country]) != cap)))
    return false;
  if (all_caps)
    return true;
  size_t w = 0;
  bool any = false;
  for (size_t i = 0; i < sn; i++) {
    char c = s[i];
    if (c < 'A' || c > 'Z')
      continue;
    any = true;
    for (;;) {
      if (w >= nn)
        return false;
      bool starts = w == 0 || name[w - 1] == ' ' || name[w - 1] == '-';
      if (starts && nm__ascii_lower(name[w++]) == nm__ascii_lower(c))
        break;
      if (!starts)
        w++;
    }
  }
  return any;
}

/* Do the words [first, last] look like a person's name and nothing else:
 * capitalised, none a place, a body, a title, a date or an adjective, the
 * last no common word unless a surname can be one ("Weaver"), and not
 * both ends common words ("Cotton Tree")? */
static bool person_shaped(nm__ctx *ctx, nm__toks *toks, size_t first,
                          size_t last) {
  const uint32_t not_names = NM__W_PLACE | NM__W_ORG | NM__W_ORG_HEAD |
                             NM__W_TITLE | NM__W_CALENDAR | NM__W_DEMONYM |
                             NM__W_ADJECTIVE | NM__W_GROUP | NM__W_HONORIFIC;
  for (size_t k = first; k <= last; k++) {
    const nm__tok *t = &toks->items[k];
    uint32_t lex = nm__tok_lex(ctx, &toks->items[k]);
    /* the first word of a longer place or body ("Los Angeles Lakers",
     * "Puerto Rican") is no given name's */
    if (t->type != NM__T_WORD || !(t->flags & NM__F_CAP) ||
        (t->flags & NM__F_ALLCAPS) || (lex & not_names) ||
        ((lex & NM__W_PREFIX) && !(lex & NM__W_GIVEN)))
      return false;
    for (uint32_t i = t->start; i < t->end; i++)
      if (ctx->text[i] >= '0' && ctx->text[i] <= '9')
        return false; /* "Airbus A300s" */
  }
  uint32_t a = nm__tok_lex(ctx, &toks->items[first]);
  uint32_t z = nm__tok_lex(ctx, &toks->items[last]);
  bool z_common =
      (z & NM__W_COMMON) && !(z & (NM__W_GIVEN | NM__W_PERSON_NOUN));
  bool a_common = (a & NM__W_COMMON) && !(a & NM__W_GIVEN);
  /* after a common word, a surname we know of ("Coco Chanel"; not "Radar
   * Imager", "Chess Olympiads") */
  return !z_common && !(a_common && ((z & NM__W_COMMON) ||
                                     !(z & (NM__W_GIVEN | NM__W_PERSON_NOUN))));
}

/* Classify and record the name core [first, last] of a chunk. `role_first`
 * is the first token of a role before it, or NM__NO_TOK. */
static int name_core(nm__ctx *ctx, nm__blk *blk, size_t first, size_t last,
                     size_t role_first, bool honorific) {
  nm__toks *toks = &blk->toks;
  while (first < last && (is_connector(ctx, &toks->items[first]) ||
                          is_particle(ctx, &toks->items[first])))
    first++;
  if (first > last)
    return NM_OK;
  /* a lone initial or a trailing connector is not a name */
  while (last > first && (is_connector(ctx, &toks->items[last]) ||
                          is_particle(ctx, &toks->items[last])))
    last--;
  nm__tok *a = &toks->items[first], *z = &toks->items[last];
  size_t words = last - first + 1;
  if (words == 1 && (a->flags & NM__F_INITIAL))
    return NM_OK;
  /* "Lund" once "Victor Lund" is known: one sense per document, the person,
   * whatever the gazetteer says of the word */
  if (words == 1 && (a->flags & NM__F_CAP) && !(a->flags & NM__F_ALLCAPS)) {
    int32_t p = surname_entity(ctx, ctx->text + a->start, a->end - a->start);
    if (p >= 0 && nm__entity_is_personish(ctx, p))
      return add_mention(ctx, blk, first, last, p);
  }
  uint32_t alex = nm__tok_lex(ctx, a);
  if (words == 1 && (alex & (NM__W_CALENDAR | NM__W_HONORIFIC)) &&
      !(alex & (NM__W_PLACE | NM__W_ORG | NM__W_PERSON)))
    return NM_OK;
  if (words == 1 && (alex & NM__W_DEMONYM) && !(alex & NM__W_PLACE))
    return NM_OK; /* "Russian" is not a mention of Russia */
  /* "Native American", "Latin Americans": common words before a demonym
   * are an adjective too */
  if (words > 1 && (nm__tok_lex(ctx, z) & NM__W_DEMONYM) &&
      !(nm__tok_lex(ctx, z) & NM__W_PLACE)) {
    bool adjective = true;
    for (size_t k = first; k < last && adjective; k++) {
      uint32_t lex = nm__tok_lex(ctx, &toks->items[k]);
      adjective = (lex & (NM__W_COMMON | NM__W_DEMONYM)) &&
                  !(lex & (NM__W_GIVEN | NM__W_PLACE | NM__W_ORG |
                           NM__W_PERSON | NM__W_TITLE));
    }
    if (adjective)
      return NM_OK;
  }
  /* "the Australian state", "a Muslim majority", "the Australian said": a
   * capitalised adjective before a word ("Christian said" is a name) */
  if (words == 1 && (alex & NM__W_ADJECTIVE) &&
      !(alex & (NM__W_GIVEN | NM__W_PLACE | NM__W_ORG | NM__W_PERSON)) &&
      last + 1 < toks->count && toks->items[last + 1].type == NM__T_WORD &&
      !(toks->items[last + 1].flags & NM__F_CAP) &&
      !is_function_word(ctx, &toks->items[last + 1]))
    return NM_OK;
  if (words == 1 && (alex & NM__W_TITLE) && !(alex & (NM__W_PLACE | NM__W_ORG)))
    return NM_OK; /* "President" alone is a description */
  if (words == 1 && is_pronoun_word(ctx, a))
    return NM_OK;
  /* "US$5 million", "HK$20": a currency's sign */
  if (last + 1 < toks->count && nm__tok_mark(&toks->items[last + 1], '$') &&
      toks->items[last + 1].start == z->end)
    return NM_OK;
  /* "World War II", "World War Two": a war is no place, body or person */
  {
    static const char *const numerals[] = {"i", "ii", "one", "two"};
    if (words >= 2 &&
        (nm__tok_is(ctx, z, "war") ||
         (nm__tok_is(ctx, &toks->items[last - 1], "war") &&
          nm__tok_in(ctx, z, numerals, sizeof numerals / sizeof *numerals))))
      return NM_OK;
  }
  /* "XXI", "MEDLI2" (but "Movement for Democratic Change (MDC)", and
   * "the MDC" once that is known) */
  if (words == 1 && (a->flags & NM__F_ALLCAPS) && !roman_or_code_ok(ctx, a) &&
      !(first > 0 && nm__tok_mark(&toks->items[first - 1], '(')) &&
      entity_find(ctx, ctx->text + a->start, a->end - a->start) < 0)
    return NM_OK;
  /* "Represenative Adam Schiff": an unknown word before a given name and a
   * surname is a role we do not know */
  if (words >= 3 && role_first == NM__NO_TOK &&
      (nm__tok_lex(ctx, &toks->items[first + 1]) & NM__W_GIVEN) &&
      !(alex & (NM__W_GIVEN | NM__W_PLACE | NM__W_ORG | NM__W_PARTICLE)) &&
      !(nm__tok_lex(ctx, z) & NM__W_ORG_HEAD) && !is_place_head(ctx, z)) {
    /* but not "Puerto Rico Senate": the words begin a known name */
    nm__lex_hit known;
    if (lex_longest(ctx, blk, first, last + 1, NM__W_PLACE | NM__W_ORG,
                    &known) < 2)
      return name_core(ctx, blk, first + 1, last, first, false);
  }

  /* "Mars 2020 Perseverance", "Windows 10": a name, a number and another
   * name word make a product or mission name, not a mention */
  if (last + 2 < toks->count && toks->items[last + 1].type == NM__T_NUM &&
      name_word(ctx, &blk->toks, last + 2) &&
      adjacent_space(ctx, z, &toks->items[last + 1]))
    return NM_OK;
  /* "HR 6819", "F 35": capitals and a number are a catalogue code */
  if (words == 1 && (a->flags & NM__F_ALLCAPS) && last + 1 < toks->count &&
      toks->items[last + 1].type == NM__T_NUM &&
      adjacent_space(ctx, z, &toks->items[last + 1]) &&
      !(alex & (NM__W_PLACE | NM__W_ORG)))
    return NM_OK;
  /* The whole name in a lexicon? */
  nm__lex_hit hit = {0, NULL};
  size_t lexn = lex_longest(ctx, blk, first, last + 1,
                            NM__W_PLACE | NM__W_ORG | NM__W_PERSON, &hit);
  int32_t e;
  if (lexn == words) {
    e = entity_for(ctx, blk, first, last, hit.canonical);
    if (e < 0)
      return NM_ENOMEM;
    if (hit.classes & NM__W_PERSON)
      set_known(ctx, e, NM_KIND_PERSON);
    else if (hit.classes & NM__W_ORG)
      set_known(ctx, e, NM_KIND_ORGANIZATION);
    else if ((hit.classes & NM__W_ACRONYM) || !(alex & NM__W_COMMON) ||
             !(a->flags & NM__F_SENT_START) || words > 1) {
      set_known(ctx, e, NM_KIND_PLACE);
      ctx->entities[e].country = (hit.classes & NM__W_COUNTRY) != 0;
    } else
      add_evidence(ctx, e, NM_KIND_PLACE, 2);
    return add_mention(ctx, blk, first, last, e);
  }
  bool red_planet =
      words == 2 && nm__tok_is(ctx, a, "red") && nm__tok_is(ctx, z, "planet");
  if ((words == 1 && is_celestial(ctx, a)) || red_planet) {
    e = entity_for(ctx, blk, first, last, red_planet ? "Mars" : NULL);
    if (e < 0)
      return NM_ENOMEM;
    add_evidence(ctx, e, NM_KIND_PLACE, 3);
    return add_mention(ctx, blk, first, last, e);
  }
  e = entity_for(ctx, blk, first, last, NULL);
  if (e < 0)
    return NM_ENOMEM;
  /* "Abraham Accords", "James Webb Space Telescope", "Hurricane Dorian": a
   * treaty, an instrument, a storm or a ship named after someone is no one (a
   * show or a prize is left as it was: the person it is named after is
   * often named too, and the two names merge) */
  static const char *const named_things[] = {"accord", "accords", "telescope",
                                             "treaty"};
  /* ... and so is a ship: "MV Alan Kurdi", "HMS Victory" */
  static const char *const storms_ships[] = {"cyclone",  "hms",     "hurricane",
                                             "mv",       "rms",     "storm",
                                             "tropical", "typhoon", "uss"};
  if (words > 1 && (nm__tok_in(ctx, z, named_things,
                               sizeof named_things / sizeof *named_things) ||
                    nm__tok_in(ctx, a, storms_ships,
                               sizeof storms_ships / sizeof *storms_ships)))
    ctx->entities[e].not_person = true;
  /* "the character of Anya Jenkins", "the character Tasha Yar": a role
   * in a work of fiction, no one's name */
  if (role_first == NM__NO_TOK && first > 0 &&
      (nm__tok_is(ctx, &toks->items[first - 1], "character") ||
       (first > 1 && nm__tok_is(ctx, &toks->items[first - 1], "of") &&
        nm__tok_is(ctx, &toks->items[first - 2], "character"))))
    ctx->entities[e].not_person = true;
  if (words >= 2 && words <= 3 && !blk->title_case &&
      person_shaped(ctx, toks, first, last))
    ctx->entities[e].person_shape = true;
  uint32_t zlex = nm__tok_lex(ctx, z);
  bool org_head = false;
  for (size_t k = first; k <= last; k++)
    if ((nm__tok_lex(ctx, &toks->items[k]) & NM__W_ORG_HEAD) &&
        (toks->items[k].flags & NM__F_CAP))
      org_head = true;
  if (zlex & NM__W_ORG_HEAD)
    add_evidence(ctx, e, NM_KIND_ORGANIZATION, 4);
  else if (org_head && words > 1)
    add_evidence(ctx, e, NM_KIND_ORGANIZATION, 3);
  /* "Liberal Democrats", "Sweden Democrats", "Young Republicans": a
   * party named by its members (but "Fellow Democrats" are people) */
  {
    static const char *const members[] = {"conservatives", "democrats",
                                          "greens",        "liberals",
                                          "republicans",   "socialists"};
    static const char *const loose[] = {"fellow", "left", "moderate",
                                        "progressive", "radical"};
    if (words == 2 &&
        nm__tok_in(ctx, z, members, sizeof members / sizeof *members) &&
        !nm__tok_in(ctx, a, loose, sizeof loose / sizeof *loose))
      add_evidence(ctx, e, NM_KIND_ORGANIZATION, 3);
  }
  if (words > 1 && is_place_head(ctx, z))
    add_evidence(ctx, e, NM_KIND_PLACE, 5);
  /* "WalesOnline", "ThePrint", "PayPal": a brand's inner capital (not a
   * hashtag's or a handle's) */
  if (words == 1 && camel_case(ctx->text + a->start, a->end - a->start) &&
      !(alex & NM__W_COMMON) &&
      !(a->start > 0 &&
        (ctx->text[a->start - 1] == '#' || ctx->text[a->start - 1] == '@')))
    add_evidence(ctx, e, NM_KIND_ORGANIZATION, 4);
  /* "CNN Philippines", "CU Boulder": an acronym (no place's: "US Navy";
   * no word in capitals: "IN US") with a place is a branch or campus (but
   * "KSR Bangalore station" is a place) */
  if (words == 2 && (a->flags & NM__F_ALLCAPS) &&
      !(alex & (NM__W_PLACE | NM__W_COMMON)) && (zlex & NM__W_PLACE) &&
      !(last + 1 < toks->count && is_place_head(ctx, &toks->items[last + 1])))
    add_evidence(ctx, e, NM_KIND_ORGANIZATION, 4);
  /* "D.C." of "Washington, D.C.", and "Washington D.C." */
  if (z->end - z->start == 4 && memcmp(ctx->text + z->start, "D.C.", 4) == 0)
    add_evidence(ctx, e, NM_KIND_PLACE, 5);
  if (words > 1 && (zlex & NM__W_PLACE) && is_directional(ctx, a))
    add_evidence(ctx, e, NM_KIND_PLACE, 5);
  /* "Martin Luther King Jr.", "Robert Griffin III": a generation after
   * the name (but "World War II" and "Geneva II" are no one) */
  if (words > 1 && generational(ctx, z) &&
      ((z->end - z->start == 2 &&
        nm__ascii_lower(ctx->text[z->start + 1]) == 'r') ||
       ((alex & NM__W_GIVEN) && !(alex & NM__W_PLACE))))
    add_evidence(ctx, e, NM_KIND_PERSON, 3);
  if (role_first != NM__NO_TOK || honorific) {
    add_evidence(ctx, e, NM_KIND_PERSON, 3);
    ctx->entities[e].not_person = false; /* "Mr Greens" is a person */
    if (role_first != NM__NO_TOK) {
      uint32_t rs = toks->items[role_first].start,
               re = toks->items[first - 1].end;
      set_role(ctx, e, rs, re);
      if (nm__spans_push(ctx->mem, ctx->spans, rs, re, NM_KIND_ROLE, 0, e) !=
          NM_OK)
        return ctx->err = NM_ENOMEM;
    }
  }
  /* "Actress Denise Crosby", "the coach Geoff Ingram": a noun for a person
   * just before the name is no title, but it is what "the actress" later
   * means (when it opens the sentence or follows a determiner: in "that
   * face Native American communities" it is a verb) */
  static const char *const determiners[] = {"a",   "an",  "her", "his",
                                            "its", "our", "the", "their"};
  nm__tok *noun = first > 0 ? &toks->items[first - 1] : NULL;
  if (role_first == NM__NO_TOK && noun && noun->type == NM__T_WORD &&
      (nm__tok_lex(ctx, noun) & NM__W_PERSON_NOUN) &&
      ((noun->flags & NM__F_SENT_START) ||
       (first > 1 && nm__tok_in(ctx, &toks->items[first - 2], determiners,
                                sizeof determiners / sizeof *determiners))))
    set_role(ctx, e, noun->start, noun->end);
  bool given_gender = false;
  /* a given name first: "Helen Marsh"; but not a word that is also a place
   * ("Geneva II") or a common word ("Angle", "Said") */
  if (words >= 2 && words <= 4 && (alex & NM__W_GIVEN) && !org_head &&
      !(alex & (NM__W_PLACE | NM__W_ORG)) && !is_thing_head(ctx, z) &&
      (!(alex & NM__W_COMMON) ||
       (words == 2 && !(a->flags & NM__F_SENT_START)))) {
    add_evidence(ctx, e, NM_KIND_PERSON, 2);
    given_gender = true;
  } else if (words >= 2 && words <= 3 && (alex & NM__W_GIVEN) && !org_head &&
             !is_thing_head(ctx, z) && !is_place_head(ctx, z) &&
             !(z->flags & NM__F_ALLCAPS) &&
             !(zlex & (NM__W_GIVEN | NM__W_PLACE | NM__W_ORG | NM__W_TITLE |
                       NM__W_CALENDAR | NM__W_DEMONYM | NM__W_COMMON))) {
    /* "Mary Jones said", "Bill Weld arrived": a given name that is also a
     * word or a place, before a surname that is no word, is still most
     * likely a person (less evidence; "Charlotte Hornets", "Paris
     * Agreement" end with words) */
    add_evidence(ctx, e, NM_KIND_PERSON, 1);
  }
  /* "House Speaker Nancy Pelosi": after a title a given name that is also
   * a place (Nancy, France) still tells the gender */
  if (words >= 2 && (alex & NM__W_GIVEN) &&
      (role_first != NM__NO_TOK || honorific))
    given_gender = true;
  if (given_gender && !ctx->entities[e].gender)
    ctx->entities[e].gender = (alex & NM__W_FEMALE) && !(alex & NM__W_MALE) ? 1
                              : (alex & NM__W_MALE) && !(alex & NM__W_FEMALE)
                                  ? 2
                                  : 0;
  if (blk->block->kind == NM_KIND_BYLINE && first == 1)
    add_evidence(ctx, e, NM_KIND_PERSON, 3); /* the writer */
  /* "Gulf News", "AP" (but not "Image: Rescuers in Bologna", nor the
   * photographer of "Image: Nicholas Moreau") */
  if ((blk->block->kind == NM_KIND_SOURCE_LINE ||
       (blk->block->kind == NM_KIND_IMAGE_CREDIT && first > 0 &&
        nm__tok_mark(&toks->items[first - 1], ':') &&
        !(words >= 2 && (alex & NM__W_GIVEN) && !org_head))) &&
      !ctx->entities[e].common_word)
    add_evidence(ctx, e, NM_KIND_ORGANIZATION, 3);
  /* mid-sentence "The Guardian": a capitalised article marks a title */
  if (words > 1 && nm__tok_is(ctx, a, "the") && !(a->flags & NM__F_SENT_START))
    add_evidence(ctx, e, NM_KIND_ORGANIZATION, 4);
  if (!org_head)
    context_evidence(ctx, blk, first, last, e);
  return add_mention(ctx, blk, first, last, e);
}

/* A role word at token i: a title (maybe several words) or a country,
 * demonym, organization or acronym that qualifies a following title
 * ("US Secretary of State", "NASA Administrator", "Senate Minority Whip").
 * Returns the number of tokens of the title found at i, or 0. */
static size_t title_at(nm__ctx *ctx, nm__blk *blk, size_t i, size_t limit) {
  nm__lex_hit hit;
  size_t n = lex_longest(ctx, blk, i, limit, NM__W_TITLE, &hit);
  return n;
}

/* Split off the role in front of a chunk [first, last]: the longest prefix
 * that ends with a title and leaves a name. Qualifiers inside the role that
 * are names themselves (US, NASA, Senate) are recorded as mentions. */
static size_t peel_role(nm__ctx *ctx, nm__blk *blk, size_t first, size_t last,
                        bool *honorific) {
  size_t role_end = NM__NO_TOK; /* index after the role */
  *honorific = false;
  for (size_t i = first; i <= last;) {
    nm__tok *t = &blk->toks.items[i];
    /* "MS Although we ...", "DR Congo": initials or an abbreviation in
     * capitals before a word that is not, no "Ms" or "Dr" */
    bool caps_before_word = (t->flags & NM__F_ALLCAPS) && i < last &&
                            !(blk->toks.items[i + 1].flags & NM__F_ALLCAPS);
    /* ... nor "Sr." after a name ("Robert Cummings Sr."), a generation */
    if ((nm__tok_lex(ctx, t) & NM__W_HONORIFIC) && !caps_before_word &&
        !(i > first && generational(ctx, t))) {
      role_end = i + 1;
      *honorific = true;
      i++;
      continue;
    }
    size_t n = title_at(ctx, blk, i, last + 1);
    /* "Martin Luther King Jr.": a title before a generation is a surname */
    if (n && i > first && i + n == last &&
        generational(ctx, &blk->toks.items[last]))
      break;
    /* "Foreign Minister Julie Bishop": a title that ends the chunk right
     * after a given name is a surname; "Sacha Baron Cohen": one between a
     * given name and more of the name is part of it */
    uint32_t before = i > first ? nm__tok_lex(ctx, &blk->toks.items[i - 1]) : 0;
    bool after_given = (before & NM__W_GIVEN) &&
                       !(before & (NM__W_TITLE | NM__W_COMMON | NM__W_PLACE |
                                   NM__W_DEMONYM | NM__W_ORG));
    if (n && after_given &&
        ((i + n == last + 1 && role_end != NM__NO_TOK && role_end < i) ||
         (i == first + 1 && i + n <= last &&
          (blk->toks.items[i + n].flags & NM__F_CAP))))
      break;
    if (n) {
      role_end = i + n;
      i += n;
      /* "President of Argentina", "Special Representative for Iran":
       * the title goes on through "of X" or "for X"; "Minister for Foreign
       * Affairs Julie Bishop": up to a given name */
      if (i + 1 <= last && of_or_for(ctx, &blk->toks.items[i])) {
        nm__lex_hit hit;
        size_t m = lex_longest(ctx, blk, i + 1, last + 1,
                               NM__W_PLACE | NM__W_ORG, &hit);
        /* not "Tyumen" of "Governor of Tyumen Oblast": the name goes on */
        nm__tok *after = i + 1 + m <= last ? &blk->toks.items[i + 1 + m] : NULL;
        if (after && (is_place_head(ctx, after) ||
                      (nm__tok_lex(ctx, after) & NM__W_ORG_HEAD)))
          m = 0;
        if (m && i + 1 + m <= last + 1) {
          role_end = i = i + 1 + m;
        } else {
          size_t k = i + 1;
          while (k < last && (blk->toks.items[k].flags & NM__F_CAP) &&
                 !(nm__tok_lex(ctx, &blk->toks.items[k]) & NM__W_GIVEN) &&
                 !nm__tok_is(ctx, &blk->toks.items[k], "of"))
            k++;
          if (k > i + 1 && k < last &&
              (nm__tok_lex(ctx, &blk->toks.items[k]) & NM__W_GIVEN))
            role_end = i = k;
          /* "the Secretary of Transportation": one common word ends the
           * chunk, the title's field */
          else if (i + 1 == last && (nm__tok_lex(ctx, &blk->toks.items[last]) &
                                     (NM__W_COMMON | NM__W_GIVEN | NM__W_PLACE |
                                      NM__W_ORG)) == NM__W_COMMON)
            role_end = i = last + 1;
        }
      }
      continue;
    }
    i++;
  }
  /* "Michel Mayor": a title that ends a chunk starting with a given name
   * is a surname, not a role */
  if (role_end != NM__NO_TOK && role_end > last && first < last &&
      !*honorific &&
      (nm__tok_lex(ctx, &blk->toks.items[first]) & NM__W_GIVEN) &&
      !(nm__tok_lex(ctx, &blk->toks.items[first]) &
        (NM__W_TITLE | NM__W_COMMON)))
    return NM__NO_TOK;
  return role_end;
}

/* Names inside a role: each country, org or acronym qualifier. */
static int role_mentions(nm__ctx *ctx, nm__blk *blk, size_t first, size_t end) {
  for (size_t i = first; i < end;) {
    nm__tok *t = &blk->toks.items[i];
    size_t title = title_at(ctx, blk, i, end);
    if (title) {
      /* "Senate Minority Leader", "House Speaker": the body that a
       * multi-word title names is a mention */
      uint32_t lex = nm__tok_lex(ctx, t);
      if (title > 1 && (t->flags & NM__F_CAP) && (lex & NM__W_ORG_HEAD) &&
          !(lex & NM__W_TITLE)) {
        int32_t e = entity_for(ctx, blk, i, i, NULL);
        if (e < 0)
          return NM_ENOMEM;
        add_evidence(ctx, e, NM_KIND_ORGANIZATION, 2);
        if (add_mention(ctx, blk, i, i, e) != NM_OK)
          return NM_ENOMEM;
      }
      i += title;
      continue;
    }
    /* "Amazon Environmental Research Institute Director": capitalised
     * words up to a head word right before the title are one body */
    size_t head = i;
    while (head < end && (blk->toks.items[head].flags & NM__F_CAP) &&
           !title_at(ctx, blk, head, end) &&
           !(nm__tok_lex(ctx, &blk->toks.items[head]) &
             (NM__W_ORG_HEAD | NM__W_GIVEN)))
      head++; /* not over a person's name: "Bill Clinton White House" */
    uint32_t tlex = nm__tok_lex(ctx, t);
    if ((tlex & (NM__W_ADJECTIVE | NM__W_GROUP)) &&
        !(tlex & (NM__W_PLACE | NM__W_ORG)))
      head = i; /* "the Republican Senate Majority Leader" */
    if (head > i && head + 1 < end &&
        (blk->toks.items[head].flags & NM__F_CAP) &&
        (nm__tok_lex(ctx, &blk->toks.items[head]) & NM__W_ORG_HEAD) &&
        !(nm__tok_lex(ctx, &blk->toks.items[head]) & NM__W_TITLE) &&
        title_at(ctx, blk, head + 1, end)) {
      int rc = name_core(ctx, blk, i, head, NM__NO_TOK, false);
      if (rc)
        return rc;
      i = head + 1;
      continue;
    }
    nm__lex_hit hit = {0, NULL};
    size_t n = lex_longest(ctx, blk, i, end, NM__W_PLACE | NM__W_ORG, &hit);
    if (n && !(hit.classes & NM__W_TITLE)) {
      int rc = name_core(ctx, blk, i, i + n - 1, NM__NO_TOK, false);
      if (rc)
        return rc;
      i += n;
      continue;
    }
    uint32_t lex = nm__tok_lex(ctx, t);
    if ((t->flags & (NM__F_CAP | NM__F_ALLCAPS)) &&
        !(lex & (NM__W_TITLE | NM__W_DEMONYM | NM__W_HONORIFIC)) &&
        (!(lex & NM__W_COMMON) || (lex & NM__W_ORG_HEAD)) &&
        roman_or_code_ok(ctx, t)) {
      int32_t e = entity_for(ctx, blk, i, i, NULL);
      if (e < 0)
        return NM_ENOMEM;
      add_evidence(ctx, e, NM_KIND_ORGANIZATION, 2);
      if (add_mention(ctx, blk, i, i, e) != NM_OK)
        return NM_ENOMEM;
    }
    i++;
  }
  return NM_OK;
}

/* Is [first, last] an organization name followed by a person's name, as in
 * "Amnesty International Man-kei Tam" or "House Intelligence Committee
 * Representative Adam Schiff"? The person part needs a given name in its
 * first two words or a speech verb right after. Returns the index where
 * the person's part starts, or NM__NO_TOK. */
static size_t org_then_person(nm__ctx *ctx, nm__blk *blk, size_t first,
                              size_t last) {
  for (size_t h = last; h-- > first;) {
    uint32_t lex = nm__tok_lex(ctx, &blk->toks.items[h]);
    if (!(lex & (NM__W_ORG_HEAD | NM__W_ORG)) || (lex & NM__W_TITLE))
      continue;
    size_t rest = last - h;
    /* "members of the House of Representatives Darin LaHood": after "of"
     * and the name it governs, a given name and a surname */
    if (nm__tok_is(ctx, &blk->toks.items[h + 1], "of")) {
      /* not inside a known name: "University of South Carolina Beaufort" */
      nm__lex_hit known;
      size_t after_of = h + 2 +
                        lex_longest(ctx, blk, h + 2, last + 1,
                                    NM__W_PLACE | NM__W_ORG, &known);
      for (size_t k = after_of > h + 3 ? after_of : h + 3;
           k < last && k + 3 > last; k++) {
        nm__tok *g = &blk->toks.items[k];
        uint32_t glex = nm__tok_lex(ctx, g);
        if ((glex & NM__W_GIVEN) && (g->flags & NM__F_CAP) &&
            !(glex & (NM__W_COMMON | NM__W_PLACE | NM__W_ORG)) &&
            !is_connector(ctx, &blk->toks.items[k - 1]))
          return k;
      }
      return NM__NO_TOK;
    }
    /* a person's part starts with a capital: not "on" in "Commission on
     * Presidential Debates" */
    if (rest < 2 || rest > 4 || is_connector(ctx, &blk->toks.items[h + 1]) ||
        !(blk->toks.items[h + 1].flags & (NM__F_CAP | NM__F_ALLCAPS)) ||
        (nm__tok_lex(ctx, &blk->toks.items[last]) & NM__W_ORG_HEAD))
      return NM__NO_TOK; /* "Harbour Police Sheriff's Office" is one */
    /* no person's name holds "and", "of" or "for": "Center for Systems
     * Science and Engineering said" */
    for (size_t k = h + 2; k < last; k++)
      if (is_connector(ctx, &blk->toks.items[k]))
        return NM__NO_TOK;
    bool given = (nm__tok_lex(ctx, &blk->toks.items[h + 1]) & NM__W_GIVEN) ||
                 (rest >= 3 &&
                  (nm__tok_lex(ctx, &blk->toks.items[h + 2]) & NM__W_GIVEN));
    bool cue_after =
        last + 1 < blk->toks.count && nm__is_cue(ctx, blk, last + 1);
    return given || cue_after ? h + 1 : NM__NO_TOK;
  }
  return NM__NO_TOK;
}

/* "Securities and Exchange Commission", "Food and Drug Administration":
 * one word that is no name, "and", then name words up to an organization's
 * head.
 * `first` is the chunk's first token and `at` the token before "and". */
static bool and_before_head(nm__ctx *ctx, nm__toks *toks, size_t first,
                            size_t at) {
  if (at >= first + 1 && nm__tok_is(ctx, &toks->items[first], "the"))
    first++;
  /* "U.S. Securities and Exchange Commission": the country qualifies */
  if (at >= first + 1 &&
      (nm__tok_lex(ctx, &toks->items[first]) & (NM__W_COUNTRY | NM__W_DEMONYM)))
    first++;
  /* one word ("Command and Control Centre") or two with no head word
   * ("National Oceanic and Atmospheric Administration"; but "Secret Service
   * and US Park Police" are two names) but the first ("House Oversight and
   * Reform Committee": a committee of the House) */
  if (at < first || at > first + 1 || at + 2 >= toks->count ||
      !nm__tok_is(ctx, &toks->items[at + 1], "and") ||
      nm__tok_is(ctx, &toks->items[at + 2], "the"))
    return false;
  for (size_t k = first; k <= at; k++) {
    uint32_t lex = nm__tok_lex(ctx, &toks->items[k]);
    if ((toks->items[k].flags & NM__F_ALLCAPS) ||
        (lex & (NM__W_PLACE | NM__W_GIVEN | NM__W_ORG | NM__W_DEMONYM |
                NM__W_PERSON | NM__W_TITLE)) ||
        (k > first && (lex & NM__W_ORG_HEAD)))
      return false;
  }
  size_t k = at + 2;
  while (k + 1 < toks->count && name_word(ctx, toks, k + 1) &&
         adjacent_space(ctx, &toks->items[k], &toks->items[k + 1]) &&
         k < at + 5)
    k++;
  return name_word(ctx, toks, at + 2) && k > at + 2 &&
         (nm__tok_lex(ctx, &toks->items[k]) & NM__W_ORG_HEAD);
}

/* One chunk of name words [first, last]. */
static int chunk(nm__ctx *ctx, nm__blk *blk, size_t first, size_t last) {
  nm__toks *toks = &blk->toks;
  /* Drop a sentence-initial common word ("The", "Such", "Last"), unless the
   * document knows it as a name (or surname), or it begins a multi-word
   * organization or place ("Gulf News", "Federal Reserve Bank"). Lines that
   * are not sentences (source lines, credits) have no sentence start. */
  bool sentences = blk->block->kind != NM_KIND_SOURCE_LINE &&
                   blk->block->kind != NM_KIND_IMAGE_CREDIT &&
                   blk->block->kind != NM_KIND_BYLINE;
  while (first <= last) {
    nm__tok *t = &toks->items[first];
    uint32_t lex = nm__tok_lex(ctx, t);
    bool initial =
        sentences && ((t->flags & NM__F_SENT_START) || blk->title_case);
    static const char *const determiners[] = {"her", "his",   "its", "my",
                                              "our", "their", "your"};
    if (is_connector(ctx, t) || is_particle(ctx, t) ||
        nm__tok_in(ctx, t, determiners, /* "for My Bride is a Mermaid" */
                   sizeof determiners / sizeof *determiners) ||
        (initial && is_function_word(ctx, t) &&
         !known_surname(ctx, t))) { /* but "May said": Theresa May */
      first++;
      continue;
    }
    if (!initial || !(lex & NM__W_COMMON) ||
        (lex & (NM__W_PLACE | NM__W_ORG | NM__W_TITLE | NM__W_HONORIFIC |
                NM__W_DEMONYM | NM__W_PERSON)))
      break;
    /* "Remarked Center for ...", "Former United States Central
     * Intelligence Agency director": a speech verb or a word of time opens
     * no name, even one with a head word */
    static const char *const times[] = {"current",   "earlier", "ex",
                                        "former",    "late",    "later",
                                        "meanwhile", "then",    "yesterday"};
    if (last > first && !(lex & NM__W_GIVEN) &&
        ((lex & NM__W_SPEECH) ||
         nm__tok_in(ctx, t, times, sizeof times / sizeof *times))) {
      first++;
      continue;
    }
    if (last > first &&
        ((nm__tok_lex(ctx, &toks->items[last]) & NM__W_ORG_HEAD) ||
         is_place_head(ctx, &toks->items[last])))
      break;
    /* "House of Representatives Speaker Nancy Pelosi said" */
    if (first + 2 <= last && (lex & NM__W_ORG_HEAD) &&
        nm__tok_is(ctx, &toks->items[first + 1], "of"))
      break;
    /* "Harbour Energy opened ...": two capitalised common words at a
     * sentence start, the first not a function word, are a name together
     * (but in "Although Caudipteryx ..." the name is the second word) */
    if (last > first && (toks->items[first + 1].flags & NM__F_CAP) &&
        (nm__tok_lex(ctx, &toks->items[first + 1]) &
         (NM__W_COMMON | NM__W_CALENDAR | NM__W_DEMONYM | NM__W_GIVEN)) ==
            NM__W_COMMON)
      break;
    /* "Fisheries Minister Oliver Brandt": a word qualifying a title;
     * "Victor Hale": a given name before a surname */
    if (first < last) {
      uint32_t next = nm__tok_lex(ctx, &toks->items[first + 1]);
      if ((next & NM__W_TITLE) ||
          ((lex & NM__W_GIVEN) && !(lex & NM__W_CALENDAR) &&
           (!(next & NM__W_COMMON) || last - first <= 2) &&
           (toks->items[first + 1].flags & NM__F_CAP)))
        break;
    }
    /* "Prime Minister ...", "Puerto Rico ...": the first words of a longer
     * title or name in the lexicon */
    nm__lex_hit hit;
    if ((lex & NM__W_PREFIX) && first < last &&
        lex_longest(ctx, blk, first, last + 1,
                    NM__W_TITLE | NM__W_PLACE | NM__W_ORG, &hit) > 1)
      break;
    if (known_name(ctx, t))
      break;
    first++;
  }
  /* "on Sunday Presidents Muhammadu Buhari of Nigeria and ...": a plural
   * noun for people before a name word is no part of the name */
  while (first < last) {
    uint32_t lex = nm__tok_lex(ctx, &toks->items[first]);
    const nm__tok *t = &toks->items[first];
    if (!(lex & NM__W_PERSON_NOUN) ||
        (lex & (NM__W_GIVEN | NM__W_TITLE | NM__W_PLACE | NM__W_ORG |
                NM__W_ORG_HEAD)) ||
        ctx->text[t->end - 1] != 's' ||
        (nm__tok_lex(ctx, &toks->items[first + 1]) &
         (NM__W_GIVEN | NM__W_COMMON)) == NM__W_COMMON)
      break;
    first++;
  }
  /* "Mark Seidenberg Image: ...": a credit label after a name */
  static const char *const labels[] = {"credit", "file",    "image",
                                       "photo",  "picture", "source"};
  if (first < last && last + 1 < toks->count &&
      nm__tok_mark(&toks->items[last + 1], ':') &&
      nm__tok_in(ctx, &toks->items[last], labels,
                 sizeof labels / sizeof *labels))
    last--;
  if (first > last)
    return NM_OK;
  bool honorific = false;
  if (blk->block->kind == NM_KIND_SOURCE_LINE &&
      nm__tok_is(ctx, &toks->items[first], "source") && first < last)
    first++; /* "SOURCE NASA" */
  if (blk->block->kind == NM_KIND_BYLINE &&
      nm__tok_is(ctx, &toks->items[first], "by") && first < last)
    first++; /* "By Fiona Grant" */
  {
    /* "Virginia-based Symplicity Corporation": the place qualifies */
    const nm__tok *t = &toks->items[first];
    uint32_t n = t->end - t->start;
    if (first < last && n > 6 &&
        memcmp(ctx->text + t->end - 6, "-based", 6) == 0)
      first++;
  }
  /* a chunk that ends with an organization's head word is the
   * organization, titles inside it included ("Alachua Sheriff's Office") */
  uint32_t zlex = nm__tok_lex(ctx, &toks->items[last]);
  /* so is one that opens with a head word and "of": "Department of
   * Justice", "Ministry of Justice" (a justice is also a judge's title) */
  /* ... or after words that qualify the head: "U.S. Department of
   * Justice", "European Court of Justice", "Supreme Court of Justice" */
  bool opens_head_of = false;
  for (size_t of = first + 1; of < last && of <= first + 4; of++)
    if (nm__tok_is(ctx, &toks->items[of], "of")) {
      uint32_t hlex = nm__tok_lex(ctx, &toks->items[of - 1]);
      opens_head_of = (hlex & NM__W_ORG_HEAD) && !(hlex & NM__W_TITLE);
      /* but a title with a name after it is a role: "House of
       * Representatives Speaker Nancy Pelosi" */
      for (size_t k = of + 1; opens_head_of && k < last; k++)
        opens_head_of = !(nm__tok_lex(ctx, &toks->items[k]) & NM__W_TITLE);
      break;
    }
  size_t role_end =
      ((zlex & NM__W_ORG_HEAD) && !(zlex & NM__W_TITLE) && first < last) ||
              opens_head_of
          ? NM__NO_TOK
          : peel_role(ctx, blk, first, last, &honorific);
  honorific = honorific && role_end != NM__NO_TOK;
  if (role_end != NM__NO_TOK) {
    if (role_mentions(ctx, blk, first, role_end) != NM_OK)
      return NM_ENOMEM;
    if (role_end > last) /* only a role: "The Senate Minority Leader" */
      return NM_OK;
    /* "the Governor of Tyumen Oblast": after the title and "of" a name of
     * its own, no person's */
    if (nm__tok_is(ctx, &toks->items[role_end], "of"))
      return role_end < last ? chunk(ctx, blk, role_end + 1, last) : NM_OK;
    /* "Chair In Global Islamic Politics": a title's field, not a name */
    {
      static const char *const preps[] = {"at", "in", "on", "with"};
      if (nm__tok_in(ctx, &toks->items[role_end], preps,
                     sizeof preps / sizeof *preps))
        return NM_OK;
    }
    /* "Representative Kweisi Mfume of Maryland": a person's name never
     * holds "of"; what follows is another name */
    for (size_t i = role_end + 1; i < last; i++)
      if (nm__tok_is(ctx, &toks->items[i], "of")) {
        if (name_core(ctx, blk, role_end, i - 1, first, honorific) != NM_OK)
          return NM_ENOMEM;
        return chunk(ctx, blk, i + 1, last);
      }
    return name_core(ctx, blk, role_end, last, first, honorific);
  }
  /* "of Zimbabwe Robert Mugabe", "of the United States Joe Biden": a
   * place, then a given name and more */
  if (last >= first + 2 &&
      (nm__tok_lex(ctx, &toks->items[first]) & (NM__W_PLACE | NM__W_PREFIX))) {
    nm__lex_hit hit;
    size_t n = lex_longest(ctx, blk, first, last, NM__W_PLACE, &hit);
    uint32_t after = n ? nm__tok_lex(ctx, &toks->items[first + n]) : 0;
    if (n && (hit.classes & NM__W_PLACE) && first + n + 1 <= last &&
        !(n == 1 && (nm__tok_lex(ctx, &toks->items[first]) & NM__W_GIVEN)) &&
        (after & NM__W_GIVEN) && !(after & NM__W_PLACE)) {
      if (name_core(ctx, blk, first, first + n - 1, NM__NO_TOK, false) != NM_OK)
        return NM_ENOMEM;
      return chunk(ctx, blk, first + n, last);
    }
  }
  /* "MSNBC Cummings": an acronym glued to a known person's name (but "ABC
   * News" after "NT News" is one name) */
  if (first < last && (toks->items[first].flags & NM__F_ALLCAPS) &&
      first + 1 == last && known_surname(ctx, &toks->items[last]) &&
      !(nm__tok_lex(ctx, &toks->items[first]) & NM__W_PLACE)) {
    if (name_core(ctx, blk, first, first, NM__NO_TOK, false) != NM_OK)
      return NM_ENOMEM;
    return name_core(ctx, blk, last, last, NM__NO_TOK, false);
  }
  size_t person = org_then_person(ctx, blk, first, last);
  if (person != NM__NO_TOK) {
    if (name_core(ctx, blk, first, person - 1, NM__NO_TOK, false) != NM_OK)
      return NM_ENOMEM;
    return name_core(ctx, blk, person, last, NM__NO_TOK, false);
  }
  /* "X of Y" where X is not an organization: two names */
  for (size_t i = first + 1; i < last; i++) {
    if (!of_or_for(ctx, &toks->items[i]) &&
        !nm__tok_is(ctx, &toks->items[i], "and"))
      continue;
    bool head = false, head_of = false;
    for (size_t k = first; k < i; k++) {
      head |= (nm__tok_lex(ctx, &toks->items[k]) & NM__W_ORG_HEAD) != 0 ||
              is_place_head(ctx, &toks->items[k]);
      head_of |= head && of_or_for(ctx, &toks->items[k]);
    }
    /* "and" splits two names, but for the last part of "Department of
     * Health and Human Services" or "Centers for Disease Control and
     * Prevention" (no second head but at its end) */
    bool joined_and = nm__tok_is(ctx, &toks->items[i], "and") &&
                      and_before_head(ctx, toks, first, i - 1);
    if (!joined_and && head_of && nm__tok_is(ctx, &toks->items[i], "and")) {
      joined_and = true;
      size_t of = i;
      while (!of_or_for(ctx, &toks->items[of - 1]))
        of--;
      for (size_t k = i + 1; k <= last; k++)
        if (((nm__tok_lex(ctx, &toks->items[k]) & NM__W_ORG_HEAD) &&
             k < last) ||
            nm__tok_is(ctx, &toks->items[k], "of") ||
            nm__tok_is(ctx, &toks->items[k], "and") ||
            (toks->items[k].flags & NM__F_ALLCAPS) ||
            (nm__tok_lex(ctx, &toks->items[k]) & (NM__W_ORG | NM__W_PERSON)) ||
            (k == i + 1 && k < last &&
             (nm__tok_lex(ctx, &toks->items[k]) & NM__W_GIVEN)))
          joined_and = false; /* "... of Bristol and UC Davis", "... for
                                 Biological Diversity and Greenpeace",
                                 "... and Bob Smith" */
      /* "Port Authority of New York and New Jersey": place and place; but
       * "University of Miami and Apex Shark Expeditions" are two */
      nm__lex_hit hit;
      if (joined_and &&
          lex_longest(ctx, blk, of, i, NM__W_PLACE, &hit) == i - of &&
          lex_longest(ctx, blk, i + 1, last + 1, NM__W_PLACE, &hit) != last - i)
        joined_and = false;
    }
    if (joined_and)
      continue;
    if (!head || nm__tok_is(ctx, &toks->items[i], "and")) {
      /* the part before "and" may hold an organization and a person:
       * "the House of Representatives Darin LaHood and Mike Bost" */
      size_t split =
          head ? org_then_person(ctx, blk, first, i - 1) : NM__NO_TOK;
      if (split != NM__NO_TOK &&
          name_core(ctx, blk, first, split - 1, NM__NO_TOK, false) != NM_OK)
        return NM_ENOMEM;
      if (name_core(ctx, blk, split != NM__NO_TOK ? split : first, i - 1,
                    NM__NO_TOK, false) != NM_OK)
        return NM_ENOMEM;
      return chunk(ctx, blk, i + 1, last);
    }
  }
  return name_core(ctx, blk, first, last, NM__NO_TOK, false);
}

/* In a Title Case headline only names the document knows (or the
 * gazetteer does) count: try the longest known run at each word. */
static int headline_names(nm__ctx *ctx, nm__blk *blk, size_t first,
                          size_t last) {
  for (size_t i = first; i <= last;) {
    size_t best = 0;
    for (size_t j = last + 1; j > i; j--) {
      char buf[256];
      size_t len = 0;
      for (size_t k = i; k < j; k++) {
        const nm__tok *t = &blk->toks.items[k];
        size_t n = t->end - t->start;
        if (len + n + 1 >= sizeof buf)
          break;
        if (k > i)
          buf[len++] = ' ';
        memcpy(buf + len, ctx->text + t->start, n);
        len += n;
      }
      if (entity_find(ctx, buf, len) >= 0) {
        best = j - i;
        break;
      }
    }
    if (!best) {
      nm__lex_hit hit;
      best = lex_longest(ctx, blk, i, last + 1, NM__W_PLACE | NM__W_ORG, &hit);
    }
    if (best) {
      if (name_core(ctx, blk, i, i + best - 1, NM__NO_TOK, false) != NM_OK)
        return NM_ENOMEM;
      i += best;
    } else {
      i++;
    }
  }
  return NM_OK;
}

/* Is this token inside a dateline place or agency the structure stage
 * found? Returns its kind or 0. */
static int known_kind(const nm__ctx *ctx, const nm__tok *t) {
  for (size_t k = 0; k < ctx->known_count; k++)
    if (t->start >= ctx->known_names[k].start &&
        t->end <= ctx->known_names[k].end)
      return ctx->known_names[k].kind;
  return 0;
}

/* Does the possessive at token j go on in an organization's name? When an
 * organization's head word follows ("Alachua Sheriff's Office",
 * "Children's Hospital") or, after a noun for people, comes within three
 * name words ("People's Liberation Army", "Women's Refugee Commission"; but
 * not "Trump's State Department" or "the Party's US Senate candidate": an
 * owner's possessive). */
static bool possessive_in_name(nm__ctx *ctx, nm__toks *toks, size_t j) {
  static const char *const peoples[] = {"children", "men", "people", "women"};
  uint32_t lex = nm__tok_lex(ctx, &toks->items[j]);
  bool common = ((lex & NM__W_PERSON_NOUN) &&
                 !(lex & (NM__W_ORG_HEAD | NM__W_GIVEN | NM__W_PLACE))) ||
                nm__tok_in(ctx, &toks->items[j], peoples,
                           sizeof peoples / sizeof *peoples);
  for (size_t k = j + 1; k < toks->count && k <= j + 3; k++) {
    nm__tok *t = &toks->items[k];
    /* (the possessive's "'s" lies between token j and the next) */
    if (!name_word(ctx, toks, k) || (t->flags & NM__F_POSS) ||
        (k > j + 1 && !adjacent_space(ctx, &toks->items[k - 1], t)))
      return false;
    if (nm__tok_lex(ctx, t) & NM__W_ORG_HEAD)
      return true;
    if (!common)
      return false;
  }
  return false;
}

/* The last token of the run of name words that starts at token i: name
 * words joined by blanks only, possibly through a connector or particle
 * that is followed by another name word. */
static size_t name_run_end(nm__ctx *ctx, nm__toks *toks, size_t i) {
  size_t j = i;
  /* "On Friday Ford Motor Company announced": a day or month after "on",
   * "last" or the like is a date, not the start of the name after it
   * ("the Sunday Times" stays one) */
  static const char *const date_words[] = {"after", "before", "by",   "early",
                                           "from",  "last",   "late", "next",
                                           "on",    "since",  "this", "until"};
  /* (a weekday that is also a given name too: "on Sunday Presidents
   * Muhammadu Buhari ...") */
  if (i > 0) {
    const nm__tok *t = &toks->items[i];
    uint32_t lex = nm__tok_lex(ctx, &toks->items[i]);
    bool weekday =
        t->end - t->start > 5 && memcmp(ctx->text + t->end - 3, "day", 3) == 0;
    if ((lex & NM__W_CALENDAR) && (!(lex & NM__W_GIVEN) || weekday) &&
        nm__tok_in(ctx, &toks->items[i - 1], date_words,
                   sizeof date_words / sizeof *date_words))
      return i;
  }
  /* "Institute of Allergy and Infectious Diseases", "Center for Systems
   * Science and Engineering": after an organization's head and "of" or
   * "for", "and" joins the name's last part */
  bool head_seen = false, head_of = false;
  /* a run of MAX_NAME_TOKENS is cut there: no name is that long, and
   * the chunking of a run costs its length squared (a line of thousands
   * of Title Case words) */
  while (j + 1 < toks->count && j + 1 - i < MAX_NAME_TOKENS) {
    nm__tok *cur = &toks->items[j];
    nm__tok *next = &toks->items[j + 1];
    head_seen = head_seen || (nm__tok_lex(ctx, cur) & NM__W_ORG_HEAD);
    head_of = head_of || (head_seen && of_or_for(ctx, next));
    if ((cur->flags & NM__F_POSS) && !possessive_in_name(ctx, toks, j))
      break;
    if (!adjacent_space(ctx, cur, next) && next->start != cur->end &&
        !(cur->flags & NM__F_POSS))
      break;
    /* "Mars Thursday" is two things, "Theresa May" one; "D.C. They" ends
     * a sentence between */
    if (name_word(ctx, toks, j + 1) && !(next->flags & NM__F_SENT_START) &&
        (!(nm__tok_lex(ctx, next) & NM__W_CALENDAR) ||
         (nm__tok_lex(ctx, cur) & NM__W_GIVEN))) {
      j++;
      continue;
    }
    /* "Supreme Court of the United Kingdom", "University of the West
     * Indies", "Republic of the Congo", "League for the Defence of Human
     * Rights": "of the" or "for the" after a head word (its first byte
     * tested first: this is the loop's end for most runs) */
    if ((ctx->text[next->start] == 'o' || ctx->text[next->start] == 'f') &&
        j + 3 < toks->count && of_or_for(ctx, next) &&
        nm__tok_is(ctx, &toks->items[j + 2], "the") &&
        !(toks->items[j + 2].flags & NM__F_CAP) &&
        name_word(ctx, toks, j + 3) &&
        ((nm__tok_lex(ctx, cur) & NM__W_ORG_HEAD) || is_place_head(ctx, cur)) &&
        adjacent_space(ctx, next, &toks->items[j + 2]) &&
        adjacent_space(ctx, &toks->items[j + 2], &toks->items[j + 3])) {
      head_of = true;
      j += 3;
      continue;
    }
    /* the cheap test of the word after first: most are no name word,
     * and then `next` needs no lexicon look-up */
    if (j + 2 < toks->count && name_word(ctx, toks, j + 2) &&
        (is_connector(ctx, next) || is_particle(ctx, next) ||
         nm__tok_is(ctx, next, "the") ||
         /* "Commission on Presidential Debates" (but "the Court on
          * Wednesday") */
         ((nm__tok_is(ctx, next, "on") || nm__tok_is(ctx, next, "to")) &&
          (nm__tok_lex(ctx, cur) & NM__W_ORG_HEAD) &&
          !(nm__tok_lex(ctx, &toks->items[j + 2]) & NM__W_CALENDAR))) &&
        (head_of || !nm__tok_is(ctx, next, "and") ||
         and_before_head(ctx, toks, i, j)) &&
        adjacent_space(ctx, next, &toks->items[j + 2])) {
      if (nm__tok_is(ctx, next, "the") && !nm__tok_is(ctx, cur, "of"))
        break;
      j += 2;
      continue;
    }
    break;
  }
  return j;
}

/* Does the name that ends at token j go on: after two particles ("Ursula
 * von der Leyen", "Rafael de la Fuente"), or with a company's suffix after
 * a comma ("Hungarian National Asset Management, Inc.")? The token where
 * it goes on, or 0. The first particle is one of the few that take a
 * second, and the suffixes few: closed lists, so the test is cheap. */
static size_t name_goes_on(nm__ctx *ctx, nm__toks *toks, size_t i, size_t j) {
  static const char *const firsts[] = {"da", "de", "van", "von"};
  static const char *const suffixes[] = {"co",  "corp", "inc",
                                         "llc", "ltd",  "plc"};
  if (j + 2 >= toks->count)
    return 0;
  nm__tok *next = &toks->items[j + 1], *mid = &toks->items[j + 2];
  if (nm__tok_mark(next, ',') && (mid->flags & NM__F_CAP) &&
      nm__tok_in(ctx, mid, suffixes, sizeof suffixes / sizeof *suffixes) &&
      adjacent_space(ctx, next, mid))
    return j + 2;
  /* a university's campus: "University of California, San Diego",
   * "University of Colorado at Boulder" (not another institution: "...
   * of Oxford, Cambridge University"; `i` is the run's first token) */
  if ((nm__tok_mark(next, ',') || nm__tok_is(ctx, next, "at")) && i + 2 <= j &&
      (mid->flags & NM__F_CAP) &&
      nm__tok_is(ctx, &toks->items[i], "university") &&
      nm__tok_is(ctx, &toks->items[i + 1], "of") &&
      name_word(ctx, toks, j + 2) && adjacent_space(ctx, next, mid) &&
      !(nm__tok_lex(ctx, mid) & NM__W_ORG_HEAD) &&
      !(j + 3 < toks->count && name_word(ctx, toks, j + 3) &&
        (nm__tok_lex(ctx, &toks->items[j + 3]) & NM__W_ORG_HEAD))) {
    /* one campus: "University of California, Los Angeles, Munk was" */
    for (size_t k = i + 2; k <= j; k++)
      if (nm__tok_mark(&toks->items[k], ',') ||
          nm__tok_is(ctx, &toks->items[k], "at"))
        return 0;
    return j + 2;
  }
  char c = ctx->text[next->start]; /* most words fail here */
  return j + 3 < toks->count && (c == 'd' || c == 'v') &&
                 next->end - next->start <= 3 &&
                 nm__tok_in(ctx, next, firsts,
                            sizeof firsts / sizeof *firsts) &&
                 is_particle(ctx, mid) && name_word(ctx, toks, j + 3) &&
                 adjacent_space(ctx, &toks->items[j], next) &&
                 adjacent_space(ctx, next, mid) &&
                 adjacent_space(ctx, mid, &toks->items[j + 3])
             ? j + 3
             : 0;
}

static int push_run(nm__ctx *ctx, nm__toks *toks, size_t first, size_t last,
                    int kind) {
  if (nm__grow(ctx->mem, (void **)&toks->runs, &toks->run_cap,
               toks->run_count + 1, sizeof *toks->runs) != NM_OK)
    return NM_ENOMEM;
  toks->runs[toks->run_count++] =
      (nm__name_run){(uint32_t)first, (uint32_t)last, kind};
  return NM_OK;
}

int nm__name_runs(nm__ctx *ctx, const nm__block *block, nm__toks *toks) {
  toks->run_count = 0;
  /* most blocks hold no dateline name: then no token needs the search */
  bool any_known = false;
  for (size_t k = 0; k < ctx->known_count && !any_known; k++)
    any_known = ctx->known_names[k].start < block->end &&
                ctx->known_names[k].end > block->start;
  /* a word with neither a capital nor an inner mark (every name word
   * has one of them) is most of a text: skip those in a tight loop */
  const unsigned maybe_name = NM__F_CAP | NM__F_ALLCAPS | NM__F_INNER_MARK;
  for (size_t i = 0; i < toks->count;) {
    if (!any_known) {
      while (i < toks->count && !(toks->items[i].flags & maybe_name))
        i++;
      if (i == toks->count)
        break;
    }
    int kk = any_known ? known_kind(ctx, &toks->items[i]) : 0;
    size_t j = i;
    if (kk) {
      while (j + 1 < toks->count &&
             known_kind(ctx, &toks->items[j + 1]) == kk &&
             toks->items[j + 1].type == NM__T_WORD &&
             adjacent_space(ctx, &toks->items[j], &toks->items[j + 1]))
        j++;
    } else if (!(toks->items[i].flags & maybe_name) ||
               !name_word(ctx, toks, i)) {
      i++;
      continue;
    } else {
      /* one call, which the compiler inlines: the run may go on */
      for (size_t from = i;;) {
        j = name_run_end(ctx, toks, from);
        from = name_goes_on(ctx, toks, i, j);
        if (!from)
          break;
      }
    }
    if (push_run(ctx, toks, i, j, kk) != NM_OK)
      return NM_ENOMEM;
    i = j + 1;
  }
  toks->runs_ready = true;
  return NM_OK;
}

/* "David and Louise Turpin", "Bill and Hillary Clinton": a given name
 * alone, "and", then a given name and a surname: the first is a person of
 * that surname too (a gazetteer knows a town called David). Run [i, j]
 * and the run after it, `next`. Returns 1 when the first run was taken as
 * such a name, 0 when not, -1 when out of memory. */
static int shared_surname(nm__ctx *ctx, nm__blk *blk, size_t i, size_t j,
                          const nm__name_run *next) {
  nm__toks *toks = &blk->toks;
  if (i != j || next->kind || next->first != j + 2 ||
      next->last < next->first + 1 || next->last > next->first + 2)
    return 0;
  nm__tok *given = &toks->items[i], *other = &toks->items[next->first];
  nm__tok *surname = &toks->items[next->last];
  if (!(given->flags & NM__F_CAP) || (given->flags & NM__F_POSS) ||
      !nm__tok_is(ctx, &toks->items[j + 1], "and") ||
      !(nm__tok_lex(ctx, given) & NM__W_GIVEN) ||
      !(nm__tok_lex(ctx, other) & NM__W_GIVEN) ||
      (nm__tok_lex(ctx, surname) &
       (NM__W_GIVEN | NM__W_PLACE | NM__W_ORG | NM__W_ORG_HEAD)))
    return 0;
  char name[128];
  size_t gn = given->end - given->start, sn = surname->end - surname->start;
  if (gn + 1 + sn >= sizeof name)
    return 0;
  memcpy(name, ctx->text + given->start, gn);
  name[gn] = ' ';
  memcpy(name + gn + 1, ctx->text + surname->start, sn);
  name[gn + 1 + sn] = '\0';
  int32_t e = entity_for(ctx, blk, i, i, name);
  if (e < 0)
    return -1;
  add_evidence(ctx, e, NM_KIND_PERSON, 3);
  return add_mention(ctx, blk, i, i, e) == NM_OK ? 1 : -1;
}

int nm__find_names(nm__ctx *ctx, nm__blk *blk, nm__memory *mem) {
  (void)mem;
  nm__toks *toks = &blk->toks;
  if (nm__grow(ctx->mem, (void **)&blk->tok_mention, &blk->tok_mention_cap,
               toks->count + 1, sizeof(int32_t)) != NM_OK) {
    ctx->err = NM_ENOMEM;
    return NM_ENOMEM;
  }
  for (size_t i = 0; i < toks->count; i++)
    blk->tok_mention[i] = -1;
  blk->mention_count = 0;
  blk->mentions_remembered = 0;
  blk->person_seen_tok = NM__NO_TOK;
  /* the feed's thread may have found the runs already */
  if (!toks->runs_ready && nm__name_runs(ctx, blk->block, toks) != NM_OK)
    return ctx->err = NM_ENOMEM;
  for (size_t r = 0; r < toks->run_count; r++) {
    size_t i = toks->runs[r].first, j = toks->runs[r].last;
    int kk = toks->runs[r].kind;
    if (kk) {
      nm__lex_hit hit = {0, NULL};
      size_t n = lex_longest(ctx, blk, i, j + 1, NM__W_PLACE | NM__W_ORG, &hit);
      int32_t e =
          entity_for(ctx, blk, i, j, n == j - i + 1 ? hit.canonical : NULL);
      if (e < 0)
        return NM_ENOMEM;
      add_evidence(ctx, e, kk, 6);
      if (add_mention(ctx, blk, i, j, e) != NM_OK)
        return NM_ENOMEM;
      continue;
    }
    if (!blk->title_case && r + 1 < toks->run_count) {
      int rc = shared_surname(ctx, blk, i, j, &toks->runs[r + 1]);
      if (rc < 0)
        return NM_ENOMEM;
      if (rc > 0)
        continue;
    }
    int rc = blk->title_case ? headline_names(ctx, blk, i, j)
                             : chunk(ctx, blk, i, j);
    if (rc != NM_OK)
      return rc;
  }
  /* "(ESA)" after a name, or "NASA and ESA (European Space Agency)": the
   * short name and the name are one entity (it is merged here, so later
   * mentions of the short name find the whole) */
  for (size_t m = 0; m + 1 < blk->mention_count; m++) {
    nm__mention *a = &blk->mentions[m], *b = &blk->mentions[m + 1];
    /* b may run to the block's last token: then no ")" follows it */
    if (b->first != a->last + 2 || b->last + 1 >= toks->count)
      continue;
    if (!nm__tok_mark(&toks->items[a->last + 1], '(') ||
        !nm__tok_mark(&toks->items[b->last + 1], ')'))
      continue;
    /* "(Phivolcs)", "(TfL)" too, when it abbreviates the name */
    nm__tok *bt = &toks->items[b->first];
    nm__tok *at = &toks->items[a->first];
    int32_t acronym = -1, full = -1;
    if (b->first == b->last) {
      acronym = b->entity;
      full = a->entity;
    } else if (a->first == a->last && (at->flags & NM__F_ALLCAPS)) {
      acronym = a->entity;
      full = b->entity;
      bt = at;
    }
    acronym = nm__entity_root(ctx, acronym);
    full = nm__entity_root(ctx, full);
    if (acronym >= 0 && full >= 0 && acronym != full &&
        ctx->entities[full].words > 1 && !nm__entity_is_personish(ctx, full) &&
        abbreviates(ctx->text + bt->start, bt->end - bt->start,
                    ctx->entities[full].name, ctx->entities[full].name_len,
                    country_prefix(ctx, &ctx->entities[full]),
                    bt->flags & NM__F_ALLCAPS)) {
      ctx->entities[acronym].merged_into = full;
      nm__evidence *ev = &ctx->entities[full].evidence;
      nm__evidence *av = &ctx->entities[acronym].evidence;
      ev->organization = (uint16_t)(ev->organization + av->organization);
    }
  }
  return ctx->err;
}

/* ------------------------------------------------------------- resolve */

/* Word i (0-based) of an entity name, as [*s, *s + *n). */
static bool name_word_at(const nm__entity *e, uint32_t index, const char **s,
                         size_t *n) {
  const char *p = e->name, *end = e->name + e->name_len;
  for (uint32_t k = 0; p < end; k++) {
    const char *w = p;
    while (p < end && *p != ' ')
      p++;
    if (k == index) {
      *s = w;
      *n = (size_t)(p - w);
      return true;
    }
    if (p < end)
      p++;
  }
  return false;
}

/* A lower-case vowel or y (a test inline: strchr was a call a letter). */
static inline bool is_vowel_or_y(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* Transliteration variants of one word: Sergei/Sergey, Dmitry/Dimitry,
 * Mohammad/Mohammed: equal after dropping vowels and y, or one edit apart
 * when both are at least five letters. */
static bool variant_words(const char *a, size_t an, const char *b, size_t bn) {
  if (base_equal(a, an, b, bn)) /* case and accents aside */
    return true;
  if (an < 4 || bn < 4 || (a[0] | 0x20) != (b[0] | 0x20))
    return false;
  char ca[64], cb[64];
  size_t na = 0, nb = 0;
  for (size_t i = 0; i < an && na < sizeof ca;) {
    char c = base_letter(a, an, &i);
    if (!is_vowel_or_y(c))
      ca[na++] = c;
  }
  for (size_t i = 0; i < bn && nb < sizeof cb;) {
    char c = base_letter(b, bn, &i);
    if (!is_vowel_or_y(c))
      cb[nb++] = c;
  }
  if (na >= 3 && na == nb && memcmp(ca, cb, na) == 0)
    return true;
  return false;
}

static int decided_kind(const nm__entity *e);

/* Is the first word of the name a country or its adjective ("U.S.",
 * "British")? */
static bool country_word(const nm__ctx *ctx, const nm__entity *e) {
  const char *w = e->name, *end = e->name + e->name_len, *p = w;
  while (p < end && *p != ' ')
    p++;
  nm__lex_hit hit;
  size_t n = (size_t)(p - w);
  if (n > 1 && w[n - 1] == '.') /* "U.S." is looked up as "U.S" too */
    n--;
  return nm__lex_lookup(ctx->lexicon, w, n, &hit) &&
         (hit.classes & (NM__W_COUNTRY | NM__W_DEMONYM));
}

static void merge(nm__ctx *ctx, int32_t from, int32_t into) {
  if (from == into)
    return;
  nm__entity *f = &ctx->entities[from], *t = &ctx->entities[into];
  f->merged_into = into;
  /* A surname that alone reads as a place ("Martin says ...": a town in
   * the gazetteer) brings only its person evidence to a person. */
  if (f->words < t->words && decided_kind(t) == NM_KIND_PERSON) {
    f->evidence.place = 0;
    f->evidence.organization = 0;
  }
  /* ... and "Ford", which only spoke, none to "Ford Motor Company" */
  if (f->words < t->words && nm__speech_only(&f->evidence) &&
      (decided_kind(t) == NM_KIND_ORGANIZATION ||
       decided_kind(t) == NM_KIND_PLACE)) {
    f->evidence.person = 0;
    f->evidence.speech = 0;
  }
  t->evidence.person = (uint16_t)(t->evidence.person + f->evidence.person);
  t->evidence.organization =
      (uint16_t)(t->evidence.organization + f->evidence.organization);
  t->evidence.place = (uint16_t)(t->evidence.place + f->evidence.place);
  t->evidence.speech = (uint16_t)(t->evidence.speech + f->evidence.speech);
  if (!t->role && f->role) {
    t->role = f->role;
    t->role_len = f->role_len;
    f->role = NULL;
  }
  if (!t->gender)
    t->gender = f->gender;
  /* "Pranab Mukherjee", a person by its shape alone, into "Bharat Ratna
   * Pranab Mukherjee" */
  t->person_shape = t->person_shape || f->person_shape;
  if (f->first_body < t->first_body)
    t->first_body = f->first_body;
  if (f->last_seen > t->last_seen)
    t->last_seen = f->last_seen;
  if (f->first_seen < t->first_seen)
    t->first_seen = f->first_seen;
  if (!t->kind && f->kind)
    t->kind = f->kind;
}

/* Is `shorter` (in words) a suffix or a prefix of `longer`'s words? */
static bool word_affix(const nm__entity *shorter, const nm__entity *longer,
                       bool suffix) {
  if (shorter->words >= longer->words)
    return false;
  uint32_t offset = suffix ? longer->words - shorter->words : 0;
  for (uint32_t k = 0; k < shorter->words; k++) {
    const char *a, *b;
    size_t an, bn;
    if (!name_word_at(shorter, k, &a, &an) ||
        !name_word_at(longer, k + offset, &b, &bn) || !fold_equal(a, an, b, bn))
      return false;
  }
  return true;
}

/* The initials of a name's words, lower-cased, in one of three readings:
 * every word (0), without a leading country (1: "U.S. Department of Energy"
 * -> "doe"), or without the country and the small words (2: "de"). */
static bool initials(const nm__entity *e, int mode, char *out, size_t *len) {
  size_t n = 0;
  for (uint32_t k = 0; k < e->words; k++) {
    const char *w;
    size_t wn;
    if (!name_word_at(e, k, &w, &wn) || wn == 0)
      return false;
    bool minor = w[0] >= 'a' && w[0] <= 'z';
    bool country =
        k == 0 && ((wn == 4 && w[1] == '.') || (wn == 2 && w[0] == 'U'));
    if ((mode >= 1 && country) || (mode == 2 && minor))
      continue;
    if (n >= 15)
      return false;
    out[n++] = nm__ascii_lower(w[0]);
  }
  *len = n;
  return n >= 2;
}

static bool acronym_of(const nm__entity *acronym, const nm__entity *full) {
  char buf[16];
  size_t n;
  for (int mode = 0; mode < 3; mode++)
    if (initials(full, mode, buf, &n) &&
        fold_equal(acronym->name, acronym->name_len, buf, n))
      return true;
  return false;
}

/* Same first word, and the short name's last word found later in the
 * longer one: "Elijah Cummings" of "Elijah Eugene Cummings", "Pedro
 * Pierluisi" of "Pedro R. Pierluisi Urrutia" (Spanish names carry two
 * surnames). */
static bool same_ends(const nm__ctx *ctx, const nm__entity *shorter,
                      const nm__entity *longer) {
  const char *a, *b;
  size_t an, bn;
  if (shorter->words >= longer->words || shorter->words != 2)
    return false;
  if (!name_word_at(shorter, 0, &a, &an) || !name_word_at(longer, 0, &b, &bn) ||
      !fold_equal(a, an, b, bn) || !name_word_at(shorter, 1, &a, &an))
    return false;
  /* the last word, or for three words or more the one before it (the
   * first of two surnames) */
  if (name_word_at(longer, longer->words - 1, &b, &bn) &&
      fold_equal(a, an, b, bn))
    return true;
  /* "Pedro Pierluisi" of "Pedro R. Pierluisi Urrutia", but not "Doris Day"
   * of "Doris Day Show": the second surname is no common word */
  nm__lex_hit hit;
  return longer->words >= 3 &&
         name_word_at(longer, longer->words - 2, &b, &bn) &&
         fold_equal(a, an, b, bn) &&
         name_word_at(longer, longer->words - 1, &b, &bn) &&
         !(nm__lex_lookup(ctx->lexicon, b, bn, &hit) &&
           (hit.classes & (NM__W_COMMON | NM__W_ORG_HEAD)));
}

/* May the one-word name `s`, which nothing but speaking made a person,
 * be the organization or place `l` it begins ("Ford said" of "Ford Motor
 * Company")? Yes when the article named `l` first, or when something else
 * says `s` is no person ("Ford started its inquiry") and it is no given
 * name ("Henry" of "Henry Ford Foundation"). */
static bool speaks_for(const nm__ctx *ctx, const nm__entity *s,
                       const nm__entity *l) {
  if (s->words != 1 || !nm__speech_only(&s->evidence))
    return false;
  if (l->first_body < s->first_body)
    return true;
  nm__lex_hit hit;
  return s->evidence.organization > 0 &&
         !(nm__lex_lookup(ctx->lexicon, s->name, s->name_len, &hit) &&
           (hit.classes & NM__W_GIVEN));
}

/* Is the text [start, end) the entity's canonical name, blanks and ASCII
 * case aside? */
static bool same_text(const nm__ctx *ctx, uint32_t start, uint32_t end,
                      const nm__entity *e) {
  /* most mentions are their entity's name as written: one memcmp */
  if (e->plain_name && end - start == e->name_len &&
      memcmp(ctx->text + start, e->name, e->name_len) == 0)
    return true;
  uint32_t k = 0;
  bool blank = false;
  for (uint32_t i = start; i < end; i++) {
    char c = ctx->text[i];
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      blank = true;
      continue;
    }
    if (blank && (k >= e->name_len || e->name[k++] != ' '))
      return false;
    blank = false;
    if (k >= e->name_len || nm__ascii_lower(e->name[k++]) != nm__ascii_lower(c))
      return false; /* "WASHINGTON" is Washington written in capitals */
  }
  return k == e->name_len;
}

static int decided_kind(const nm__entity *e) {
  if (e->kind)
    return e->kind;
  const nm__evidence *ev = &e->evidence;
  int best = NM__ENT_UNKNOWN;
  uint16_t score = e->common_word ? 1 : 0;
  if (ev->person > score && !e->not_person) {
    best = NM_KIND_PERSON;
    score = ev->person;
  }
  if (ev->organization > score) {
    best = NM_KIND_ORGANIZATION;
    score = ev->organization;
  }
  if (ev->place > score)
    best = NM_KIND_PLACE;
  if (best == NM__ENT_UNKNOWN && e->person_shape && !e->not_person)
    best = NM_KIND_PERSON;
  return best;
}

/* An index from a word's hash to the entities that have that word in one
 * place (first word, last word, ...): pairs sorted by hash, so the merge
 * steps compare only entities that can match instead of every pair. The
 * indexes of one word also sort by the name's length in words, so that a
 * name looks only at the longer ones it can be part of ("Smith" at "John
 * Smith", but "John Smith" not at thousands of other "... Smith"). */
typedef struct word_key {
  uint32_t hash;
  uint32_t words; /* the name's words, or 0 where length is no key */
  uint32_t entity;
} word_key;

/* Longer names a name is compared with in one index (step 2). */
#define RESOLVE_CANDIDATES 32

typedef struct word_index {
  word_key *keys;
  size_t count;
} word_index;

/* Sort keys by hash, then words, entity order kept among equal ones (they
 * are added in entity order): a stable LSD radix sort through `tmp` (as
 * many keys), a byte a pass, the words' bytes first; a pass where every
 * key has the same byte is skipped. */
static void sort_keys(word_key *keys, word_key *tmp, size_t n) {
  for (unsigned pass = 0; pass < 8; pass++) {
    unsigned shift = (pass % 4) * 8;
#define KEY_BYTE(k) ((((pass < 4) ? (k).words : (k).hash) >> shift) & 0xffu)
    size_t count[257] = {0};
    for (size_t i = 0; i < n; i++)
      count[KEY_BYTE(keys[i]) + 1]++;
    if (count[KEY_BYTE(keys[0]) + 1] == n)
      continue; /* all share this byte */
    for (size_t d = 1; d < 257; d++)
      count[d] += count[d - 1];
    for (size_t i = 0; i < n; i++)
      tmp[count[KEY_BYTE(keys[i])]++] = keys[i];
#undef KEY_BYTE
    memcpy(keys, tmp, n * sizeof *keys);
  }
}

/* The hash of a whole name with vowels and y dropped from each word:
 * "Sergei Lavrov" and "Sergey Lavrov" agree. Names that variant_names
 * pairs always agree (each word is equal or has the same consonants, of
 * which variant_words compares at most 64), so the variants of a name are
 * looked for among the few names of its hash; keyed by the last word alone,
 * a text of thousands of "... Smith" compared every pair of them. */
static uint32_t skeleton_hash(const char *name, size_t n) {
  uint32_t h = 2166136261u;
  size_t consonants = 0;
  for (size_t i = 0; i < n;) {
    char c = base_letter(name, n, &i); /* "Brudziński", "Brudzinski" */
    if (c == ' ') {
      consonants = 0;
    } else if (is_vowel_or_y(c) || consonants++ >= 64) {
      continue;
    }
    h ^= (unsigned char)c;
    h *= 16777619u;
  }
  return h;
}

enum { KEY_FIRST, KEY_SECOND, KEY_LAST, KEY_SKELETON, KEY_INITIALS };

static bool initials(const nm__entity *e, int mode, char *out, size_t *len);

static uint32_t entity_key(const nm__entity *e, int which, bool *ok) {
  const char *w;
  size_t n;
  *ok = true;
  switch (which) {
  case KEY_FIRST:
    *ok = name_word_at(e, 0, &w, &n);
    return *ok ? nm__fnv1a_fold(w, n) : 0;
  case KEY_LAST:
    *ok = name_word_at(e, e->words - 1, &w, &n);
    return *ok ? nm__fnv1a_fold(w, n) : 0;
  case KEY_SECOND: /* of three or more: "Vázquez" of "Wanda Vázquez Garced" */
    *ok = e->words >= 3 && name_word_at(e, 1, &w, &n);
    return *ok ? nm__fnv1a_fold(w, n) : 0;
  case KEY_SKELETON:
    return skeleton_hash(e->name, e->name_len);
  default: { /* KEY_INITIALS + mode */
    char buf[16];
    *ok = initials(e, which - KEY_INITIALS, buf, &n);
    return *ok ? nm__fnv1a_fold(buf, n) : 0;
  }
  }
}

/* Index the multi-word entities (not merged) by one of their keys. */
static int index_build(nm__ctx *ctx, word_index *index, int which) {
  index->count = 0;
  index->keys =
      nm__calloc(ctx->mem, 3 * ctx->entity_count + 1, sizeof(word_key));
  if (!index->keys)
    return ctx->err = NM_ENOMEM;
  for (size_t i = 0; i < ctx->entity_count; i++) {
    const nm__entity *e = &ctx->entities[i];
    bool ok;
    if (e->merged_into >= 0 || e->words < 2)
      continue;
    uint32_t h = entity_key(e, which, &ok);
    /* by length too where a name looks for longer ones (step 2) */
    uint32_t words = which <= KEY_LAST ? e->words : 0;
    if (ok)
      index->keys[index->count++] = (word_key){h, words, (uint32_t)i};
    if (which != KEY_INITIALS)
      continue;
    /* the other two readings of the initials, when they differ */
    for (int mode = 1; mode < 3; mode++) {
      uint32_t other = entity_key(e, KEY_INITIALS + mode, &ok);
      if (ok && other != h)
        index->keys[index->count++] = (word_key){other, 0, (uint32_t)i};
    }
  }
  if (index->count > 1) {
    word_key *tmp = nm__calloc(ctx->mem, index->count, sizeof *tmp);
    if (!tmp) {
      nm__free(ctx->mem, index->keys);
      index->keys = NULL;
      return ctx->err = NM_ENOMEM;
    }
    sort_keys(index->keys, tmp, index->count);
    nm__free(ctx->mem, tmp);
  }
  return NM_OK;
}

/* The first position of `hash` with at least `words` words in the index
 * (or count). */
static size_t index_find(const word_index *index, uint32_t hash,
                         uint32_t words) {
  size_t lo = 0, hi = index->count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const word_key *k = &index->keys[mid];
    if (k->hash < hash || (k->hash == hash && k->words < words))
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Are two multi-word names transliteration variants, word by word? */
static bool variant_names(const nm__entity *a, const nm__entity *b) {
  if (a->words != b->words)
    return false;
  for (uint32_t k = 0; k < a->words; k++) {
    const char *x, *y;
    size_t xn, yn;
    if (!name_word_at(a, k, &x, &xn) || !name_word_at(b, k, &y, &yn) ||
        !variant_words(x, xn, y, yn))
      return false;
  }
  return true;
}

/* Step 5 of nm__resolve_entities over spans [from, to): reads the
 * entities and the text, writes those spans only. */
typedef struct kinds_job {
  const nm__ctx *ctx;
  size_t from, to;
  bool unlinked; /* a quote lost its speaker */
} kinds_job;

static void give_kinds(void *arg) {
  kinds_job *job = arg;
  const nm__ctx *ctx = job->ctx;
  for (size_t i = job->from; i < job->to; i++) {
    nm_span *s = &ctx->spans->items[i];
    if (s->kind == NM_KIND_QUOTE) {
      /* nobody we know, or a town: towns do not speak (but "Iran
       * acknowledged", "the United States announced": a country is its
       * government) */
      const nm__entity *x =
          s->link >= 0 ? &ctx->entities[nm__entity_root(ctx, s->link)] : NULL;
      nm__lex_hit hit;
      if (x && (x->kind == NM__ENT_UNKNOWN ||
                (x->kind == NM_KIND_PLACE &&
                 !(nm__lex_lookup(ctx->lexicon, x->name, x->name_len, &hit) &&
                   (hit.classes & (NM__W_COUNTRY | NM__W_REGION)))))) {
        s->link = -1;
        s->flags = (uint16_t)(s->flags & ~0x0fu);
        job->unlinked = true;
      }
      continue;
    }
    if (s->kind == NM_KIND_ROLE && s->link >= 0 &&
        ctx->entities[nm__entity_root(ctx, s->link)].kind != NM_KIND_PERSON) {
      s->kind = NM__KIND_DELETED; /* only people have roles */
      continue;
    }
    if (s->kind != NM_KIND_PERSON || s->link < 0)
      continue;
    int32_t root = nm__entity_root(ctx, s->link);
    int kind = ctx->entities[root].kind;
    if (kind == NM__ENT_UNKNOWN)
      s->kind = NM__KIND_DELETED;
    else
      s->kind = (uint16_t)kind;
    /* "The Aviation Herald reported": the name has its article at a
     * sentence's start too, when it has it mid-sentence */
    const nm__entity *x = &ctx->entities[root];
    if (kind == NM_KIND_ORGANIZATION && s->start >= 4 && x->name_len > 4 &&
        memcmp(x->name, "The ", 4) == 0 &&
        memcmp(ctx->text + s->start - 4, "The ", 4) == 0 &&
        s->end - s->start == x->name_len - 4 &&
        memcmp(ctx->text + s->start, x->name + 4, x->name_len - 4) == 0)
      s->start -= 4;
    if (!same_text(ctx, s->start, s->end, &ctx->entities[root]))
      s->flags |= NM_FLAG_ALIAS;
  }
}

int nm__resolve_entities(nm__ctx *ctx) {
  size_t n = ctx->entity_count;
  word_index index = {NULL, 0};
  /* 1. Multi-word names that are variants of each other (Sergei Lavrov,
   * Sergey Lavrov): one entity, named as the body first names it. */
  if (index_build(ctx, &index, KEY_SKELETON) != NM_OK)
    return ctx->err;
  for (size_t k = 0; k < index.count; k++) {
    size_t i = index.keys[k].entity;
    for (size_t m = k + 1;
         m < index.count && index.keys[m].hash == index.keys[k].hash; m++) {
      size_t j = index.keys[m].entity;
      nm__entity *a = &ctx->entities[i], *b = &ctx->entities[j];
      if (a->merged_into >= 0 || b->merged_into >= 0 || !variant_names(a, b))
        continue;
      if (b->first_body < a->first_body)
        merge(ctx, (int32_t)i, (int32_t)j);
      else
        merge(ctx, (int32_t)j, (int32_t)i);
      break;
    }
  }
  nm__free(ctx->mem, index.keys);
  /* 2. Shorter names that are a suffix ("Kerry", "Al Assad") or a prefix
   * ("Jezero" of "Jezero Crater") of exactly one longer name. Persons are
   * named by surname; places and organizations by their first words. */
  word_index by_last = {NULL, 0}, by_first = {NULL, 0}, by_second = {NULL, 0};
  if (index_build(ctx, &by_last, KEY_LAST) != NM_OK ||
      index_build(ctx, &by_first, KEY_FIRST) != NM_OK ||
      index_build(ctx, &by_second, KEY_SECOND) != NM_OK) {
    nm__free(ctx->mem, by_last.keys);
    nm__free(ctx->mem, by_first.keys);
    nm__free(ctx->mem, by_second.keys);
    return ctx->err;
  }
  for (size_t i = 0; i < n; i++) {
    nm__entity *s = &ctx->entities[i];
    /* a gazetteer city or region can still be a surname ("Warren" of
     * "Elizabeth Warren": one sense per document); a country cannot */
    bool lexicon_place = s->from_lexicon && s->kind == NM_KIND_PLACE &&
                         !s->country && s->words == 1;
    if (s->merged_into >= 0 || (s->from_lexicon && !lexicon_place))
      continue;
    int32_t target = -1;
    uint32_t target_first = UINT32_MAX;
    int target_side = 0;
    bool ok;
    for (int side = 0; side < 3; side++) {
      const word_index *ix = side == 0   ? &by_last
                             : side == 1 ? &by_first
                                         : &by_second;
      if (side == 2 && s->words != 1)
        continue;
      /* a single word is looked up as it is, whichever place it takes */
      uint32_t h = entity_key(s, side == 1 ? KEY_FIRST : KEY_LAST, &ok);
      if (!ok)
        continue;
      /* only longer names (the index sorts them by length), and at most
       * RESOLVE_CANDIDATES of them: an article has a handful; a list of
       * thousands of "... Smith" would compare every pair */
      size_t from = index_find(ix, h, s->words + 1);
      for (size_t k = from; k < ix->count && ix->keys[k].hash == h &&
                            k - from < RESOLVE_CANDIDATES;
           k++) {
        size_t j = ix->keys[k].entity;
        nm__entity *l = &ctx->entities[j];
        if (l->merged_into >= 0) /* longer, so never `s` itself */
          continue;
        int lk = decided_kind(l);
        bool fits = false;
        if (lexicon_place && (side != 0 || lk != NM_KIND_PERSON))
          continue;
        if (side == 0 && (lk == NM_KIND_PERSON || lk == NM__ENT_UNKNOWN))
          fits =
              word_affix(s, l, true) ||
              (s->words >= 2 && lk == NM_KIND_PERSON && same_ends(ctx, s, l));
        if (side == 1 && lk == NM_KIND_PERSON && same_ends(ctx, s, l))
          fits = true;
        else if (side == 1 && lk == NM_KIND_PERSON && s->words == 1 &&
                 s->evidence.person > 0)
          fits = word_affix(s, l, false);
        /* Spanish names: given name, then two surnames, the first of
         * which is the one used alone */
        if (side == 2 && lk == NM_KIND_PERSON) {
          const char *w;
          size_t wn;
          fits = name_word_at(l, 1, &w, &wn) &&
                 fold_equal(w, wn, s->name, s->name_len);
        }
        /* "Jezero" of "Jezero Crater"; "Ford" of "Ford Motor Company" even
         * after "Ford said"; but not the town of "RIVERTON:" of the
         * "Riverton Gazette" */
        if (side == 1 && (lk == NM_KIND_PLACE || lk == NM_KIND_ORGANIZATION))
          fits = word_affix(s, l, false) &&
                 (s->evidence.person == 0 || speaks_for(ctx, s, l)) &&
                 (lk == NM_KIND_PLACE || s->evidence.place == 0);
        /* "Aviation Herald" at a sentence's start of "The Aviation Herald"
         * named mid-sentence: the article's capital is the name's */
        if (side == 0 && lk == NM_KIND_ORGANIZATION &&
            l->words == s->words + 1 && s->evidence.person == 0 &&
            l->name_len > 4 && memcmp(l->name, "The ", 4) == 0 &&
            word_affix(s, l, true))
          fits = true;
        /* "Senate" of "U.S. Senate": a country in front of an organization */
        if (side == 0 && lk == NM_KIND_ORGANIZATION &&
            l->words == s->words + 1 && s->evidence.person == 0 &&
            word_affix(s, l, true) && country_word(ctx, l))
          fits = true;
        if (!fits)
          continue;
        /* two people share the surname: the one the article named first
         * (its headline included) is the one it is about */
        int32_t root = nm__entity_root(ctx, (int32_t)j);
        uint32_t seen = ctx->entities[root].first_seen;
        /* among equals the first in (side, entity) order, the order the
         * index had before it also sorted by length */
        if (target < 0 || seen < target_first ||
            (seen == target_first && side == target_side && root < target)) {
          target = root;
          target_first = seen;
          target_side = side;
        }
      }
    }
    if (target >= 0) {
      if (lexicon_place) {
        s->kind = NM__ENT_UNKNOWN;
        s->from_lexicon = false;
      }
      merge(ctx, (int32_t)i, target);
    }
  }
  nm__free(ctx->mem, by_last.keys);
  nm__free(ctx->mem, by_first.keys);
  nm__free(ctx->mem, by_second.keys);
  /* 3. Acronyms of multi-word organizations and places: JPL, ISS, DOE. */
  word_index by_initials = {NULL, 0};
  if (index_build(ctx, &by_initials, KEY_INITIALS) != NM_OK)
    return ctx->err;
  for (size_t i = 0; i < n; i++) {
    nm__entity *s = &ctx->entities[i];
    if (s->merged_into >= 0 || s->words != 1 || s->name_len > 6 ||
        s->from_lexicon)
      continue;
    bool caps = s->name_len >= 2;
    for (uint32_t k = 0; k < s->name_len; k++)
      caps &= s->name[k] >= 'A' && s->name[k] <= 'Z';
    if (!caps)
      continue;
    uint32_t h = nm__fnv1a_fold(s->name, s->name_len);
    const word_index *ix = &by_initials;
    for (size_t k = index_find(ix, h, 0);
         k < ix->count && ix->keys[k].hash == h; k++) {
      nm__entity *l = &ctx->entities[ix->keys[k].entity];
      if (l->merged_into < 0 && decided_kind(l) != NM_KIND_PERSON &&
          acronym_of(s, l)) {
        merge(ctx, (int32_t)i, (int32_t)ix->keys[k].entity);
        break;
      }
    }
  }
  nm__free(ctx->mem, by_initials.keys);
  /* 4. Decide kinds; candidates without evidence are dropped. */
  for (size_t i = 0; i < n; i++) {
    nm__entity *e = &ctx->entities[i];
    if (e->merged_into >= 0)
      continue;
    e->kind = decided_kind(e);
    if (e->kind != NM_KIND_PERSON && e->role) {
      nm__free(ctx->mem, e->role);
      e->role = NULL;
      e->role_len = 0;
    }
  }
  /* 5. Mention spans take their entity's kind. A quote whose speaker was
   * dropped ("Democrats said") has no speaker, no method and no cue. The
   * spans of a long text are done in two halves at once: a tenth of its
   * parse went here, on one thread. */
  size_t half = ctx->spans->count / 2;
  kinds_job lo = {ctx, 0, half, false},
            hi = {ctx, half, ctx->spans->count, false};
  nm__pair_run(nm__threads_pay(ctx), give_kinds, &lo, give_kinds, &hi);
  bool unlinked = lo.unlinked || hi.unlinked;
  for (size_t i = 0; unlinked && i < ctx->spans->count; i++) {
    nm_span *s = &ctx->spans->items[i];
    if (s->kind == NM_KIND_CUE && s->link >= 0 &&
        ctx->spans->items[s->link].kind == NM_KIND_QUOTE &&
        ctx->spans->items[s->link].link < 0)
      s->kind = NM__KIND_DELETED;
  }
  return ctx->err;
}
