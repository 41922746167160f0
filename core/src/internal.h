/*
 * internal.h - what the core's stages share. Not installed.
 *
 * Pipeline (doc.c drives it, one pass per stage over the text):
 *   structure.c  lines -> blocks (headline, caption, paragraph, ...)
 *   tokens.c     a block's bytes -> words and marks, with sentence starts
 *   quotes.c     quote marks -> quote and scare-quote spans
 *   names.c      capitalised runs -> mentions -> entities (aliases linked)
 *   speakers.c   quotes + cues + entities -> speaker links
 *   rules.c      custom PCRE2 rules -> rule spans
 * Every stage appends nm_span values to the doc's span buffer; doc.c sorts
 * them once at the end and computes `parent`.
 */
#ifndef NM_INTERNAL_H
#define NM_INTERNAL_H

#include "newsmark.h"
#include "newsmark_rules.h"

#include <stdbool.h>
#include <string.h>
#include <stddef.h>
#include <stdint.h>

/* A function on a rare path, kept out of the hot loop that calls it: an
 * inlined one costs the loop registers (GCC and Clang; elsewhere nothing). */
#if defined(__GNUC__)
#define NM__RARE __attribute__((cold, noinline))
#else
#define NM__RARE
#endif

/* ------------------------------------------------------------ allocation */

/* Allocation through an optional nm_mem. `mem` may be NULL. */
void *nm__calloc(const nm_mem *mem, size_t count, size_t size);
void *nm__realloc(const nm_mem *mem, void *ptr, size_t size);
void nm__free(const nm_mem *mem, void *ptr);
/* A NUL-terminated copy of `len` bytes, or NULL on out-of-memory. */
char *nm__strndup(const nm_mem *mem, const char *s, size_t len);

/* Grow `*items` (of `item_size` bytes each, `*cap` of them) so that it holds
 * at least `need`. Returns NM_OK or NM_ENOMEM (then nothing changed). */
int nm__grow(const nm_mem *mem, void **items, size_t *cap, size_t need,
             size_t item_size);

/* A growable span array. */
typedef struct nm__spans {
  nm_span *items;
  size_t count, cap;
} nm__spans;

/* Append one span; NM_OK or NM_ENOMEM. */
int nm__spans_push(const nm_mem *mem, nm__spans *spans, uint32_t start,
                   uint32_t end, int kind, unsigned flags, int32_t link);

/* A growable array of diagnostics. */
typedef struct nm__diags {
  nm_diag *items;
  size_t count, cap;
} nm__diags;

int nm__diags_push(const nm_mem *mem, nm__diags *diags, int code, size_t offset,
                   const char *message);

/* ---------------------------------------------------------------- hashing */

/* FNV-1a: the hash of the core's tables and caches. */
#define NM__FNV_BASIS 2166136261u
#define NM__FNV_PRIME 16777619u

static inline uint32_t nm__fnv1a(const char *s, size_t n) {
  uint32_t h = NM__FNV_BASIS;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * NM__FNV_PRIME;
  return h;
}

/* The same over the ASCII lower case of the bytes. */
static inline uint32_t nm__fnv1a_fold(const char *s, size_t n) {
  uint32_t h = NM__FNV_BASIS;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    h = (h ^ (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c)) * NM__FNV_PRIME;
  }
  return h;
}

/* A hash of the ASCII lower case of the bytes, eight at a time, for the
 * tables whose order nothing reads (the entity and surname maps): a name
 * takes two or three rounds where FNV-1a takes a round a byte. Not the
 * same values as nm__fnv1a_fold, whose order the entity indexes do read. */
static inline uint64_t nm__fold8(uint64_t v) {
  /* 0x20 into each byte 'A'-'Z': the high bit of x + 0x80 - 'A' is set for
   * the bytes from 'A', that of x + 0x7f - 'Z' for those past 'Z' */
  const uint64_t ones = 0x0101010101010101u, high = ones << 7;
  uint64_t x = v & ~high;
  uint64_t upper =
      (x + ones * (0x80 - 'A')) & ~(x + ones * (0x7f - 'Z')) & ~v & high;
  return v | upper >> 2;
}

static inline uint32_t nm__hash_fold(const char *s, size_t n) {
  uint64_t h = 0x9e3779b97f4a7c15u ^ n, v;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    memcpy(&v, s + i, 8);
    h = (h ^ nm__fold8(v)) * 0xbf58476d1ce4e5b9u;
    h ^= h >> 31;
  }
  if (i < n) { /* the last bytes, or the last eight when there are eight */
    v = 0;
    if (n >= 8)
      memcpy(&v, s + n - 8, 8);
    else
      for (size_t k = 0; k < n; k++)
        v |= (uint64_t)(unsigned char)s[k] << (8 * k);
    h = (h ^ nm__fold8(v)) * 0xbf58476d1ce4e5b9u;
  }
  h *= 0x94d049bb133111ebu;
  return (uint32_t)(h >> 32);
}

/* ---------------------------------------------------------------- lexicon */

/* Word classes of the built-in lexicon (core/data/lexicon_data.c) and of a
 * user nm_lexicon, as bits. A key may be several words joined by single
 * spaces ("secretary of state"). */
enum {
  NM__W_TITLE = 1u << 0,        /* a job title: "minister", "secretary of
                                   state", "president", "director" */
  NM__W_HONORIFIC = 1u << 1,    /* "mr", "mrs", "dr", "sen", "gen", "sir" */
  NM__W_SPEECH = 1u << 2,       /* an inflected speech cue form: "said",
                                   "says", "told", "emphasised", "added" */
  NM__W_PARTICLE = 1u << 3,     /* name particles: "al", "bin", "de", "van" */
  NM__W_COUNTRY = 1u << 4,      /* "brunei", "united states", "us" */
  NM__W_CITY = 1u << 5,         /* "geneva", "bandar seri begawan" */
  NM__W_REGION = 1u << 6,       /* "florida", "homs", "middle east" */
  NM__W_ORG_HEAD = 1u << 7,     /* head words of organization names:
                                   "ministry", "department", "council",
                                   "party", "inc", "university", "agency" */
  NM__W_GIVEN = 1u << 8,        /* a given name: "john", "sergei" */
  NM__W_DEMONYM = 1u << 9,      /* "russian" (canonical: "Russia") */
  NM__W_COMMON = 1u << 10,      /* a common lower-case English word, so a
                                   capitalised one at a sentence start is
                                   not a name by itself */
  NM__W_CALENDAR = 1u << 11,    /* months and weekdays */
  NM__W_ORG = 1u << 12,         /* a known organization: "nato", "reuters" */
  NM__W_PERSON_NOUN = 1u << 13, /* nouns that describe a person and can
                                   stand for a speaker: "official",
                                   "spokesman", "minister", "doctor" */
  NM__W_PERSON = 1u << 14,      /* a known person (user lexicon) */
  NM__W_PREFIX = 1u << 15,      /* the key is a proper word-prefix of a
                                   longer key: keep extending */
  NM__W_ACRONYM = 1u << 16,     /* match only when written in capitals */
  NM__W_FEMALE = 1u << 17,      /* given name mostly of women */
  NM__W_MALE = 1u << 18,        /* given name mostly of men */
  NM__W_GROUP = 1u << 19,       /* a member of a people, faith or party,
                                   written with a capital: "muslim",
                                   "texan", "baptist" (their plural names
                                   a group, never a person) */
  NM__W_ADJECTIVE = 1u << 20,   /* an adjective written with a capital:
                                   "australian", "muslim", "freudian" */
  NM__W_PLACE = NM__W_COUNTRY | NM__W_CITY | NM__W_REGION
};

/* One lexicon hit: the union of the classes of the key and, when the entry
 * maps to an entity, its canonical name ("Russia" for "russian", "United
 * States" for "us"). `canonical` is static or owned by the user lexicon. */
typedef struct nm__lex_hit {
  uint32_t classes;
  const char *canonical;
} nm__lex_hit;

/* Look `len` bytes of `word` up, ASCII case folded, in the built-in tables
 * and then in `user` (may be NULL). An entry marked NM__W_ACRONYM matches
 * only when `word` has no lower-case ASCII letter. Classes from both are
 * or-ed; a user canonical wins. Returns true when anything matched. */
bool nm__lex_lookup(const nm_lexicon *user, const char *word, size_t len,
                    nm__lex_hit *hit);

/* ----------------------------------------------------------------- rules */

/* Match `rules` over the text and append one NM_KIND_RULE span per kept hit
 * (link = rule index), resolving overlaps by priority. Limits that trip are
 * recorded in `diags` and disable that rule for this text. Returns NM_OK or
 * NM_ENOMEM. */
int nm__rules_apply(const nm_rules *rules, const char *text, uint32_t len,
                    const nm_mem *mem, nm__spans *out, nm__diags *diags);

#endif /* NM_INTERNAL_H */
