/*
 * lexicon.c - word classes from the built-in lexicon and a user nm_lexicon.
 *
 * Both are open-addressing hash tables keyed by the word with ASCII letters
 * lower-cased (other bytes unchanged): FNV-1a 32 over those folded bytes,
 * linear probing, load <= 0.5. The built-in one is generated into
 * core/data/lexicon_data.c by scripts/dev/gen-lexicons.lua.
 *
 * A folded key may have two entries: a plain one and an NM__W_ACRONYM one
 * that matches only a word written without lower-case letters, so "us" (a
 * pronoun) and "US" (a country) do not mix. Lookups hash the caller's bytes
 * as they fold them: no copy, no allocation.
 *
 * Callers pass a word without its trailing dot ("Mr", "Sen", "U.S"); the
 * dotted spellings are in the table too. A word that is neither common nor
 * a name but looks inflected ("Officials", "Speaking") also gets the
 * NM__W_COMMON (and, for a plural, NM__W_PERSON_NOUN) of its lemma.
 *
 * In a user lexicon a word written with two or more capitals and no
 * lower-case letter ("DOE") is an acronym too, and a speech verb lemma adds
 * its -s, -ed and -ing forms (e-dropping, y -> ied, one-syllable doubling).
 */
#include "internal.h"

#include "../data/lexicon_data.h"

#include <string.h>

_Static_assert(NM__W_ADJECTIVE < (1u << 24), "classes must fit nm__lex_entry");
_Static_assert((NM__LEX_SLOTS & (NM__LEX_SLOTS - 1u)) == 0,
               "the built-in table size must be a power of two");
_Static_assert(NM__LEX_ENTRIES * 2u <= NM__LEX_SLOTS,
               "the built-in table must stay at most half full");

/* The name classes: a word that is one is not guessed to be an inflected
 * common word. */
#define NAME_BITS                                                              \
  (NM__W_PLACE | NM__W_GIVEN | NM__W_ORG | NM__W_PERSON | NM__W_DEMONYM)

/* ------------------------------------------------------------- hashing */

static unsigned fold_byte(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static uint32_t fold_hash(const char *word, size_t len, bool *has_lower) {
  uint32_t h = NM__FNV_BASIS;
  bool lower = false;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)word[i];
    if (c >= 'a' && c <= 'z')
      lower = true;
    h = (h ^ fold_byte(c)) * NM__FNV_PRIME;
  }
  if (has_lower)
    *has_lower = lower;
  return h;
}

/* `key` is folded, `word` is not. */
static bool folded_equal(const char *key, const char *word, size_t len) {
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)key[i] != fold_byte((unsigned char)word[i]))
      return false;
  return true;
}

/* ------------------------------------------------------ the user table */

typedef struct lex_slot {
  char *key;       /* folded, NUL-terminated; NULL marks an empty slot */
  char *canonical; /* NUL-terminated, or NULL */
  size_t len;
  uint32_t hash;
  uint32_t classes;
} lex_slot;

struct nm_lexicon {
  nm_mem mem;
  lex_slot *slots;
  size_t cap; /* 0 or a power of two */
  size_t count;
};

/* ------------------------------------------------------------- lookup */

/* Or into `hit` the classes of every entry for `word` whose classes meet
 * `allow`; set the canonical when `canon` is 1 and none is set yet, or when
 * it is 2 (the user's canonical wins). */
static void find_builtin(const char *word, size_t len, uint32_t h,
                         bool has_lower, uint32_t allow, nm__lex_hit *hit) {
  const char *pool = (const char *)nm__lex_pool;
  if (len > 255)
    return;
  for (uint32_t i = h & (NM__LEX_SLOTS - 1u);;
       i = (i + 1) & (NM__LEX_SLOTS - 1u)) {
    const nm__lex_entry *e = &nm__lex_table[i];
    if (e->len == 0)
      return;
    if (e->hash != h || e->len != len ||
        !folded_equal(pool + e->key, word, len))
      continue;
    if ((e->classes & NM__W_ACRONYM) && has_lower)
      continue;
    hit->classes |= (uint32_t)e->classes & allow;
    if (allow == UINT32_MAX && !hit->canonical && e->canonical >= 0)
      hit->canonical = pool + e->canonical;
  }
}

static void find_user(const nm_lexicon *lex, const char *word, size_t len,
                      uint32_t h, bool has_lower, uint32_t allow,
                      nm__lex_hit *hit) {
  if (!lex || lex->cap == 0)
    return;
  size_t mask = lex->cap - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const lex_slot *s = &lex->slots[i];
    if (!s->key)
      return;
    if (s->hash != h || s->len != len || !folded_equal(s->key, word, len))
      continue;
    if ((s->classes & NM__W_ACRONYM) && has_lower)
      continue;
    hit->classes |= s->classes & allow;
    if (allow == UINT32_MAX && s->canonical)
      hit->canonical = s->canonical;
  }
}

/* Longest word the inflection guess looks at; longer ones are rare and
 * would need a bigger buffer. */
#define STEM_MAX 48

static bool is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static void find_stem(const nm_lexicon *user, const char *stem, size_t len,
                      uint32_t allow, nm__lex_hit *hit) {
  if (len < 2)
    return;
  uint32_t h = fold_hash(stem, len, NULL);
  /* the stem is lower case, so acronym entries never match it */
  find_builtin(stem, len, h, true, allow, hit);
  find_user(user, stem, len, h, true, allow, hit);
}

/* "Officials", "Speaking", "Asked": not lemmas, but plain English words a
 * sentence may start with. When the word itself is neither common nor a
 * name, try the lemma under a plural or verb ending and take its
 * NM__W_COMMON (and, for a plural, NM__W_PERSON_NOUN: "officials said"). */
static void guess_inflected(const nm_lexicon *user, const char *word,
                            size_t len, nm__lex_hit *hit) {
  char b[STEM_MAX + 2];
  if (len < 4 || len > STEM_MAX)
    return;
  for (size_t i = 0; i < len; i++) {
    unsigned c = fold_byte((unsigned char)word[i]);
    if (c < 'a' || c > 'z')
      return;
    b[i] = (char)c;
  }
  nm__lex_hit got = {0, NULL};
  const uint32_t noun = NM__W_COMMON | NM__W_PERSON_NOUN;
  const uint32_t verb = NM__W_COMMON;
  size_t n = len;
  if (memcmp(b + n - 3, "ie", 2) == 0 && (b[n - 1] == 's' || b[n - 1] == 'd')) {
    uint32_t allow = b[n - 1] == 's' ? noun : verb;
    b[n - 3] = 'y';
    find_stem(user, b, n - 2, allow, &got); /* parties, denied */
    b[n - 3] = 'i';
    if (!(got.classes & NM__W_COMMON))
      find_stem(user, b, n - 1, allow, &got); /* ties, tied */
  } else if (b[n - 1] == 's' && b[n - 2] != 's' && b[n - 2] != 'u' &&
             b[n - 2] != 'i') {
    find_stem(user, b, n - 1, noun, &got); /* officials, horses */
    if (!(got.classes & NM__W_COMMON) && b[n - 2] == 'e')
      find_stem(user, b, n - 2, noun, &got); /* witnesses, boxes */
  } else if (b[n - 2] == 'e' && b[n - 1] == 'd') {
    find_stem(user, b, n - 2, verb, &got); /* asked */
    if (!(got.classes & NM__W_COMMON))
      find_stem(user, b, n - 1, verb, &got); /* used */
    if (!(got.classes & NM__W_COMMON) && n >= 5 && b[n - 3] == b[n - 4])
      find_stem(user, b, n - 3, verb, &got); /* stopped */
  } else if (n >= 5 && memcmp(b + n - 3, "ing", 3) == 0) {
    find_stem(user, b, n - 3, verb, &got); /* asking */
    if (!(got.classes & NM__W_COMMON) && !is_vowel(b[n - 4])) {
      b[n - 3] = 'e';
      find_stem(user, b, n - 2, verb, &got); /* making */
    }
    if (!(got.classes & NM__W_COMMON) && n >= 6 && b[n - 4] == b[n - 5])
      find_stem(user, b, n - 4, verb, &got); /* running */
  }
  hit->classes |= got.classes;
}

/* "Co-developer", "ex-president", "vice-chair": a title or a noun for a
 * person after "co-", "ex-" or "vice-" is a title (the lists hold some of
 * these, not all). */
static void guess_prefixed_title(const nm_lexicon *user, const char *word,
                                 size_t len, nm__lex_hit *h) {
  static const char *const prefixes[] = {"co-", "ex-", "vice-"};
  /* most words have no hyphen at either place: one test */
  if (len < 5 || (word[2] != '-' && word[4] != '-'))
    return;
  for (size_t p = 0; p < sizeof prefixes / sizeof *prefixes; p++) {
    size_t n = strlen(prefixes[p]);
    if (len <= n + 2 || !folded_equal(prefixes[p], word, n))
      continue;
    nm__lex_hit rest = {0, NULL};
    bool has_lower;
    uint32_t hash = fold_hash(word + n, len - n, &has_lower);
    find_builtin(word + n, len - n, hash, has_lower, UINT32_MAX, &rest);
    find_user(user, word + n, len - n, hash, has_lower, UINT32_MAX, &rest);
    if (rest.classes & (NM__W_TITLE | NM__W_PERSON_NOUN))
      h->classes |= NM__W_TITLE | NM__W_PERSON_NOUN;
    return;
  }
}

bool nm__lex_lookup(const nm_lexicon *user, const char *word, size_t len,
                    nm__lex_hit *hit) {
  nm__lex_hit h = {0, NULL};
  if (word && len > 0) {
    bool has_lower;
    uint32_t hash = fold_hash(word, len, &has_lower);
    find_builtin(word, len, hash, has_lower, UINT32_MAX, &h);
    find_user(user, word, len, hash, has_lower, UINT32_MAX, &h);
    if (!(h.classes & (NM__W_COMMON | NAME_BITS)))
      guess_inflected(user, word, len, &h);
    if (!(h.classes & NM__W_TITLE))
      guess_prefixed_title(user, word, len, &h);
  }
  if (hit)
    *hit = h;
  return h.classes != 0;
}

/* ------------------------------------------------------- the user API */

nm_lexicon *nm_lexicon_new(const nm_mem *mem) {
  nm_lexicon *lex = nm__calloc(mem, 1, sizeof *lex);
  if (!lex)
    return NULL;
  if (mem)
    lex->mem = *mem;
  return lex;
}

void nm_lexicon_free(nm_lexicon *lex) {
  if (!lex)
    return;
  nm_mem mem = lex->mem;
  for (size_t i = 0; i < lex->cap; i++) {
    nm__free(&mem, lex->slots[i].key);
    nm__free(&mem, lex->slots[i].canonical);
  }
  nm__free(&mem, lex->slots);
  nm__free(&mem, lex);
}

/* A key waiting to go in: allocated up front so that adding cannot fail
 * half-way. */
typedef struct pending {
  char *key;
  size_t len;
  uint32_t classes;
  bool main; /* takes the canonical */
} pending;

static bool is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

/* `word` folded, trimmed and with each run of white space made one space,
 * as the caller joins the words of a multi-word key. */
static size_t normalise(const char *word, size_t len, char *out) {
  size_t n = 0;
  bool gap = false;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)word[i];
    if (is_space(c)) {
      gap = n > 0;
      continue;
    }
    if (gap)
      out[n++] = ' ';
    gap = false;
    out[n++] = (char)fold_byte(c);
  }
  out[n] = '\0';
  return n;
}

/* A word with two or more capitals and no lower-case letter ("DOE") is an
 * acronym: it must not match the common word "doe". */
static bool acronym_form(const char *word, size_t len) {
  size_t upper = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)word[i];
    if (c >= 'a' && c <= 'z')
      return false;
    if (c >= 'A' && c <= 'Z')
      upper++;
  }
  return upper >= 2;
}

/* A one-syllable verb ending consonant-vowel-consonant doubles its last
 * letter: "quip" -> "quipped". */
static bool doubles(const char *w, size_t n) {
  if (n < 3 || is_vowel(w[n - 1]) || !is_vowel(w[n - 2]) ||
      is_vowel(w[n - 3]) || w[n - 1] == 'w' || w[n - 1] == 'x' ||
      w[n - 1] == 'y')
    return false;
  size_t groups = 0;
  for (size_t i = 0; i < n; i++)
    if (is_vowel(w[i]) && (i == 0 || !is_vowel(w[i - 1])))
      groups++;
  return groups == 1;
}

/* The inflections of verb `v` (n bytes, folded) as stem lengths and
 * suffixes: "opine" -> opines, opined, opining. Returns how many (<= 3). */
typedef struct form {
  size_t keep;
  const char *suffix;
} form;

static size_t inflect(const char *v, size_t n, form out[3]) {
  char last = v[n - 1];
  char before = n >= 2 ? v[n - 2] : '\0';
  bool cons_y = last == 'y' && n >= 2 && !is_vowel(before);
  bool dbl = doubles(v, n);
  static const char *const dbl_ed[26] = {
      ['b' - 'a'] = "bed", ['d' - 'a'] = "ded", ['g' - 'a'] = "ged",
      ['k' - 'a'] = "ked", ['l' - 'a'] = "led", ['m' - 'a'] = "med",
      ['n' - 'a'] = "ned", ['p' - 'a'] = "ped", ['r' - 'a'] = "red",
      ['t' - 'a'] = "ted", ['v' - 'a'] = "ved", ['z' - 'a'] = "zed"};
  static const char *const dbl_ing[26] = {
      ['b' - 'a'] = "bing", ['d' - 'a'] = "ding", ['g' - 'a'] = "ging",
      ['k' - 'a'] = "king", ['l' - 'a'] = "ling", ['m' - 'a'] = "ming",
      ['n' - 'a'] = "ning", ['p' - 'a'] = "ping", ['r' - 'a'] = "ring",
      ['t' - 'a'] = "ting", ['v' - 'a'] = "ving", ['z' - 'a'] = "zing"};
  if (last < 'a' || last > 'z' || !dbl_ed[last - 'a'])
    dbl = false;

  /* third person singular */
  if (last == 's' || last == 'x' || last == 'z' || last == 'o' ||
      (last == 'h' && (before == 'c' || before == 's')))
    out[0] = (form){n, "es"};
  else if (cons_y)
    out[0] = (form){n - 1, "ies"};
  else
    out[0] = (form){n, "s"};
  /* past and past participle */
  if (last == 'e')
    out[1] = (form){n, "d"};
  else if (cons_y)
    out[1] = (form){n - 1, "ied"};
  else if (dbl)
    out[1] = (form){n, dbl_ed[last - 'a']};
  else
    out[1] = (form){n, "ed"};
  /* present participle */
  if (last == 'e' && before == 'i')
    out[2] = (form){n - 2, "ying"};
  else if (last == 'e' && before != 'e' && before != 'y' && before != 'o' &&
           n > 2)
    out[2] = (form){n - 1, "ing"};
  else if (dbl)
    out[2] = (form){n, dbl_ing[last - 'a']};
  else
    out[2] = (form){n, "ing"};
  return 3;
}

/* A new NUL-terminated key: the first `keep` bytes of `a`, then `suffix`,
 * then `rest` (`rest_len` bytes). */
static char *make_key(const nm_mem *mem, const char *a, size_t keep,
                      const char *suffix, const char *rest, size_t rest_len,
                      size_t *len) {
  size_t sl = strlen(suffix);
  size_t n = keep + sl + rest_len;
  char *k = nm__calloc(mem, n + 1, 1);
  if (!k)
    return NULL;
  memcpy(k, a, keep);
  memcpy(k + keep, suffix, sl);
  if (rest_len)
    memcpy(k + keep + sl, rest, rest_len);
  *len = n;
  return k;
}

static lex_slot *slot_for(lex_slot *slots, size_t cap, const char *key,
                          size_t len, uint32_t hash, bool acronym) {
  size_t mask = cap - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    lex_slot *s = &slots[i];
    if (!s->key)
      return s;
    if (s->hash == hash && s->len == len && memcmp(s->key, key, len) == 0 &&
        ((s->classes & NM__W_ACRONYM) != 0) == acronym)
      return s;
  }
}

static void free_pending(const nm_mem *mem, pending *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    nm__free(mem, p[i].key);
  nm__free(mem, p);
}

static uint32_t class_bits(int cls) {
  switch (cls) {
  case NM_LEX_PERSON:
    return NM__W_PERSON;
  case NM_LEX_ORGANIZATION:
    return NM__W_ORG;
  case NM_LEX_PLACE:
    return NM__W_REGION;
  case NM_LEX_TITLE:
    /* a multi-word title ("deputy foreign minister") also describes the
     * person who holds it, as the built-in ones do */
    return NM__W_TITLE | NM__W_PERSON_NOUN;
  case NM_LEX_SPEECH_VERB:
    return NM__W_SPEECH;
  default:
    return NM__W_GIVEN;
  }
}

int nm_lexicon_add(nm_lexicon *lex, int cls, const char *word, size_t len,
                   const char *canonical) {
  if (!lex || !word || len == 0 || cls < NM_LEX_FIRST || cls > NM_LEX_LAST)
    return NM_EINVAL;
  const nm_mem *mem = &lex->mem;

  char *norm = nm__calloc(mem, len + 1, 1);
  if (!norm)
    return NM_ENOMEM;
  size_t n = normalise(word, len, norm);
  if (n == 0) {
    nm__free(mem, norm);
    return NM_EINVAL;
  }
  size_t words = 1;
  for (size_t i = 0; i < n; i++)
    words += norm[i] == ' ';
  bool acronym = cls != NM_LEX_SPEECH_VERB && acronym_form(word, len);
  uint32_t bits = class_bits(cls) | (acronym ? NM__W_ACRONYM : 0);
  bool takes_canon =
      canonical && (cls == NM_LEX_PERSON || cls == NM_LEX_ORGANIZATION ||
                    cls == NM_LEX_PLACE);

  /* The keys: the word (or a verb's forms), then every proper word-prefix
   * of each, so the caller knows to keep extending. */
  size_t nforms = cls == NM_LEX_SPEECH_VERB ? 4 : 1;
  size_t cap_p = nforms * words;
  pending *p = nm__calloc(mem, cap_p, sizeof *p);
  if (!p) {
    nm__free(mem, norm);
    return NM_ENOMEM;
  }
  size_t np = 0;
  p[np++] = (pending){norm, n, bits, true};
  if (cls == NM_LEX_SPEECH_VERB) {
    /* "point out": inflect the first word, keep the rest */
    size_t v = 0;
    while (v < n && norm[v] != ' ')
      v++;
    form f[3];
    size_t nf = inflect(norm, v, f);
    for (size_t i = 0; i < nf; i++) {
      size_t kl;
      char *k =
          make_key(mem, norm, f[i].keep, f[i].suffix, norm + v, n - v, &kl);
      if (!k) {
        free_pending(mem, p, np);
        return NM_ENOMEM;
      }
      p[np++] = (pending){k, kl, bits, false};
    }
  }
  size_t nkeys = np;
  for (size_t i = 0; i < nkeys; i++) {
    for (size_t j = 0; j < p[i].len; j++) {
      if (p[i].key[j] != ' ')
        continue;
      size_t kl;
      char *k = make_key(mem, p[i].key, j, "", NULL, 0, &kl);
      if (!k) {
        free_pending(mem, p, np);
        return NM_ENOMEM;
      }
      p[np++] = (pending){k, kl, NM__W_PREFIX, false};
    }
  }

  char *canon = NULL;
  if (takes_canon) {
    canon = nm__strndup(mem, canonical, strlen(canonical));
    if (!canon) {
      free_pending(mem, p, np);
      return NM_ENOMEM;
    }
  }

  /* Room for every key at load <= 0.5, in a new array when it must grow. */
  lex_slot *slots = lex->slots;
  size_t cap = lex->cap;
  if ((lex->count + np) * 2 > cap) {
    size_t want = cap ? cap : 16;
    while ((lex->count + np) * 2 > want)
      want *= 2;
    slots = nm__calloc(mem, want, sizeof *slots);
    if (!slots) {
      nm__free(mem, canon);
      free_pending(mem, p, np);
      return NM_ENOMEM;
    }
    for (size_t i = 0; i < cap; i++) {
      lex_slot *old = &lex->slots[i];
      if (old->key)
        *slot_for(slots, want, old->key, old->len, old->hash,
                  (old->classes & NM__W_ACRONYM) != 0) = *old;
    }
    nm__free(mem, lex->slots);
    lex->slots = slots;
    lex->cap = cap = want;
  }

  /* Nothing below allocates. */
  for (size_t i = 0; i < np; i++) {
    uint32_t h = fold_hash(p[i].key, p[i].len, NULL);
    bool acr = (p[i].classes & NM__W_ACRONYM) != 0;
    lex_slot *s = slot_for(slots, cap, p[i].key, p[i].len, h, acr);
    if (s->key) {
      nm__free(mem, p[i].key);
    } else {
      *s = (lex_slot){p[i].key, NULL, p[i].len, h, 0};
      lex->count++;
    }
    s->classes |= p[i].classes;
    if (p[i].main && canon) {
      nm__free(mem, s->canonical);
      s->canonical = canon;
      canon = NULL;
    }
  }
  nm__free(mem, canon);
  nm__free(mem, p);
  return NM_OK;
}
