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
  return c == '"' || c == '\'' || c == 0x201c || c == 0x201d || c == 0x2018 ||
         c == 0x2019 || c == 0xab || c == 0xbb || c == 0x201e || c == 0x201a ||
         c == 0x2039 || c == 0x203a;
}

static bool is_apostrophe_cp(uint32_t c) { return c == '\'' || c == 0x2019; }

static inline int push(nm__ctx *ctx, nm__toks *toks, const nm__tok *tok) {
  /* the array is reused from block to block, so it seldom grows */
  if (toks->count == toks->cap &&
      nm__grow(ctx->mem, (void **)&toks->items, &toks->cap, toks->count + 1,
               sizeof(nm__tok)) != NM_OK) {
    ctx->err = NM_ENOMEM;
    return NM_ENOMEM;
  }
  toks->items[toks->count++] = *tok;
  return NM_OK;
}

/* The cache of lexicon lookups holds the word itself, so that a hit reads
 * one entry and not also the word's first place in the text, which in a
 * long text is far away and out of the CPU cache. Longer words go to the
 * lexicon every time (few words are). 32 bytes an entry. */
#define LEX_CACHED_MAX 19u /* at most 24: see word_bits_of */

struct nm__lex_cached {
  uint32_t classes;
  char word[LEX_CACHED_MAX]; /* its length in ctx->lex_cache_len */
  const char *canonical;
};

/* Entries: a power of two, one per 8 bytes of text (16384 for a 100 KB
 * article: fewer cost more in lexicon lookups than they save) from 1024
 * (a short text does not pay to clear a big table) up to 65536, so that
 * the distinct words of a long text seldom evict each other (the 287
 * Wikinews articles hold about 16 000). */
static uint32_t lex_cache_size(uint32_t text_len) {
  uint32_t n = 1024u;
  while (n < 65536u && n < text_len / 8u)
    n *= 2u;
  return n;
}

/* A cached word (at most LEX_CACHED_MAX bytes) as up to three overlapping
 * loads that together cover each of its bytes, so that hashing it and
 * comparing it with an entry take a few instructions; a hash and a memcmp
 * byte by byte cost more than the rest of a hit. */
typedef struct word_bits {
  uint64_t a, b, c;
} word_bits;

static inline uint64_t load_u64(const char *p) {
  uint64_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

static inline uint32_t load_u32(const char *p) {
  uint32_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

static inline word_bits word_bits_of(const char *w, uint32_t len) {
  word_bits k = {0, 0, 0};
  if (len >= 8) { /* [0, 8) [len - 8, len), and [8, 16) past 16 */
    k.a = load_u64(w);
    k.b = load_u64(w + len - 8);
    if (len > 16)
      k.c = load_u64(w + 8);
  } else if (len >= 4) { /* [0, 4) [len - 4, len) */
    k.a = load_u32(w);
    k.b = load_u32(w + len - 4);
  } else if (len > 0) { /* the first, middle and last byte */
    k.a = (uint64_t)(unsigned char)w[0] |
          (uint64_t)(unsigned char)w[len / 2] << 8 |
          (uint64_t)(unsigned char)w[len - 1] << 16;
  }
  return k;
}

static inline uint32_t word_bits_hash(word_bits k, uint32_t len) {
  uint64_t h = (k.a ^ len) * 0x9e3779b97f4a7c15u;
  h = (h ^ k.b ^ (h >> 29)) * 0xbf58476d1ce4e5b9u;
  h = (h ^ k.c ^ (h >> 32)) * 0x94d049bb133111ebu;
  return (uint32_t)(h >> 32);
}

/* Look a word up through the per-document cache. Entries are compared
 * byte for byte (case matters: "US" and "us" differ). */
static void cached_lookup(nm__ctx *ctx, uint32_t start, uint32_t len,
                          nm__lex_hit *hit) {
  const char *w = ctx->text + start;
  if (!ctx->lex_cache && !ctx->err) {
    size_t n = lex_cache_size(ctx->len);
    ctx->lex_cache_mask = (uint32_t)n - 1u;
    ctx->lex_cache = nm__realloc(ctx->mem, NULL, n * sizeof *ctx->lex_cache);
    ctx->lex_cache_len = nm__calloc(ctx->mem, n, 1);
    if (!ctx->lex_cache || !ctx->lex_cache_len) {
      nm__free(ctx->mem, ctx->lex_cache);
      nm__free(ctx->mem, ctx->lex_cache_len);
      ctx->lex_cache = NULL;
      ctx->lex_cache_len = NULL;
    }
  }
  if (!ctx->lex_cache || len > LEX_CACHED_MAX) {
    nm__lex_lookup(ctx->lexicon, w, len, hit);
    return;
  }
  word_bits k = word_bits_of(w, len);
  uint32_t slot = word_bits_hash(k, len) & ctx->lex_cache_mask;
  struct nm__lex_cached *c = &ctx->lex_cache[slot];
  if (ctx->lex_cache_len[slot] == len) {
    word_bits e = word_bits_of(c->word, len);
    if (e.a == k.a && e.b == k.b && e.c == k.c) {
      hit->classes = c->classes;
      hit->canonical = c->canonical;
      return;
    }
  }
  nm__lex_lookup(ctx->lexicon, w, len, hit);
  c->classes = hit->classes;
  ctx->lex_cache_len[slot] = (uint8_t)len;
  memcpy(c->word, w, len);
  c->canonical = hit->canonical;
}

void nm__lex_span(nm__ctx *ctx, uint32_t start, uint32_t end,
                  nm__lex_hit *hit) {
  hit->classes = 0;
  hit->canonical = NULL;
  cached_lookup(ctx, start, end - start, hit);
}

/* A closed word list as a hash set, built the first time a document
 * consults the list: a binary search over strings mispredicts a branch at
 * almost every step, and most tokens asked about are in no list. The
 * table is found by the list's address with linear probing: about 30 lists
 * are in use, so twice as many slots keep the probes short. */
#define WORDSETS 64u
#define WORDSET_SLOTS 256u

struct nm__wordset {
  const char *const *words;    /* the list; NULL = a free set */
  uint32_t first_letters;      /* first_letter_bit of each word */
  uint8_t slot[WORDSET_SLOTS]; /* word index + 1, 0 = empty */
  uint8_t len[WORDSET_SLOTS];  /* that word's length */
};

/* A hash of a word, ASCII case folded, in constant time: its length and
 * its first, second and last bytes. Words of one short list seldom agree
 * on all four, and those that do cost one comparison more; hashing every
 * byte cost more than the rest of the lookup. */
static inline uint32_t word_sketch(const char *w, size_t n) {
  uint32_t a = (unsigned char)nm__ascii_lower(w[0]);
  uint32_t b = n > 1 ? (unsigned char)nm__ascii_lower(w[1]) : 0u;
  uint32_t z = (unsigned char)nm__ascii_lower(w[n - 1]);
  uint32_t h = (uint32_t)n * 0x9e3779b1u ^ a * 0x85ebca6bu ^ b * 0xc2b2ae35u ^
               z * 0x27d4eb2fu;
  return h ^ (h >> 15);
}

/* A bit for a word's first byte, ASCII case folded: one per letter, one
 * for anything else. Most words asked about start with a letter no word of
 * the list starts with, and are out without hashing. */
static inline uint32_t first_letter_bit(char c) {
  unsigned char l = (unsigned char)nm__ascii_lower(c);
  return l >= 'a' && l <= 'z' ? 1u << (l - 'a') : 1u << 26;
}

/* The set of `words`, built if need be; NULL when the list is too long or
 * every set is taken (then the caller searches the list itself). */
static const struct nm__wordset *
wordset_for(const nm__ctx *ctx, const char *const *words, size_t n) {
  if (!ctx->wordsets || n >= WORDSET_SLOTS / 2)
    return NULL;
  /* open addressing on the list's address */
  size_t home = (size_t)((uintptr_t)words / sizeof *words);
  for (size_t k = 0; k < WORDSETS; k++) {
    struct nm__wordset *set = &ctx->wordsets[(home + k) % WORDSETS];
    if (set->words == words)
      return set;
    if (set->words)
      continue;
    set->words = words;
    for (size_t i = 0; i < n; i++) {
      size_t len = strlen(words[i]);
      if (len == 0 || len > UINT8_MAX)
        continue; /* no token is empty; none this long is asked about */
      size_t s = word_sketch(words[i], len) & (WORDSET_SLOTS - 1);
      while (set->slot[s])
        s = (s + 1) & (WORDSET_SLOTS - 1);
      set->slot[s] = (uint8_t)(i + 1);
      set->len[s] = (uint8_t)len;
      set->first_letters |= first_letter_bit(words[i][0]);
    }
    return set;
  }
  return NULL;
}

/* Is the token, ASCII lower-cased, in `words` (sorted by strcmp)? The
 * lists hold words only, so marks and numbers are out at once. */
bool nm__tok_in(const nm__ctx *ctx, const nm__tok *t, const char *const *words,
                size_t n) {
  char buf[16];
  uint32_t len = t->end - t->start;
  if (t->type != NM__T_WORD || len >= sizeof buf)
    return false;
  const char *w = ctx->text + t->start;
  const struct nm__wordset *set = wordset_for(ctx, words, n);
  if (set) {
    if (!(set->first_letters & first_letter_bit(w[0])))
      return false;
    for (size_t s = word_sketch(w, len) & (WORDSET_SLOTS - 1); set->slot[s];
         s = (s + 1) & (WORDSET_SLOTS - 1)) {
      if (set->len[s] != len)
        continue;
      const char *x = words[set->slot[s] - 1];
      uint32_t i = 0;
      while (i < len && nm__ascii_lower(w[i]) == x[i])
        i++;
      if (i == len)
        return true;
    }
    return false;
  }
  for (uint32_t i = 0; i < len; i++)
    buf[i] = nm__ascii_lower(w[i]);
  buf[len] = 0;
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(words[mid], buf);
    if (c == 0)
      return true;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return false;
}

uint32_t nm__tok_lex_lookup(nm__ctx *ctx, nm__tok *t) {
  nm__lex_hit hit = {0, NULL};
  if (t->type == NM__T_WORD)
    cached_lookup(ctx, t->start, t->end - t->start, &hit);
  /* "EST" is not the region "Est": short capitals match only acronyms */
  if ((t->flags & NM__F_ALLCAPS) && t->end - t->start <= 4 &&
      !(hit.classes & NM__W_ACRONYM))
    hit.classes &= ~(uint32_t)(NM__W_PLACE | NM__W_ORG | NM__W_GIVEN);
  t->lex = hit.classes;
  t->flags |= NM__F_LEX;
  return t->lex;
}

/* Where a glued "SergeiLavrov" splits: the offset of the upper-case letter
 * after a lower-case one, when the part before is a given name; or before
 * a caption's label glued to the name it follows ("Jo JorgensenImage: Jo
 * Jorgensen for President"); else 0. */
static uint32_t glue_split(nm__ctx *ctx, uint32_t start, uint32_t end) {
  static const char *const labels[] = {"Credit", "File",    "Image",
                                       "Photo",  "Picture", "Source"};
  if (end < ctx->len && ctx->text[end] == ':')
    for (size_t k = 0; k < sizeof labels / sizeof *labels; k++) {
      size_t n = strlen(labels[k]);
      if (end - start > n + 1 &&
          memcmp(ctx->text + end - n, labels[k], n) == 0 &&
          nm__is_lower_cp((unsigned char)ctx->text[end - n - 1]))
        return (uint32_t)(end - n);
    }
  uint32_t prev = 0, cp;
  for (uint32_t i = start; i < end;) {
    uint32_t n = nm__utf8_at(ctx->text, end, i, &cp);
    if (i > start && nm__is_upper_cp(cp) && nm__is_lower_cp(prev)) {
      nm__lex_hit hit;
      if (i - start >= 3 && !nm__surname_prefix(ctx->text + start, i - start) &&
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

/* Byte classes for the ASCII fast path. */
enum { B_OTHER = 0, B_LOWER = 1, B_UPPER = 2, B_DIGIT = 3 };

static const unsigned char ascii_class[128] = {
    ['0'] = B_DIGIT, ['1'] = B_DIGIT, ['2'] = B_DIGIT, ['3'] = B_DIGIT,
    ['4'] = B_DIGIT, ['5'] = B_DIGIT, ['6'] = B_DIGIT, ['7'] = B_DIGIT,
    ['8'] = B_DIGIT, ['9'] = B_DIGIT, ['A'] = B_UPPER, ['B'] = B_UPPER,
    ['C'] = B_UPPER, ['D'] = B_UPPER, ['E'] = B_UPPER, ['F'] = B_UPPER,
    ['G'] = B_UPPER, ['H'] = B_UPPER, ['I'] = B_UPPER, ['J'] = B_UPPER,
    ['K'] = B_UPPER, ['L'] = B_UPPER, ['M'] = B_UPPER, ['N'] = B_UPPER,
    ['O'] = B_UPPER, ['P'] = B_UPPER, ['Q'] = B_UPPER, ['R'] = B_UPPER,
    ['S'] = B_UPPER, ['T'] = B_UPPER, ['U'] = B_UPPER, ['V'] = B_UPPER,
    ['W'] = B_UPPER, ['X'] = B_UPPER, ['Y'] = B_UPPER, ['Z'] = B_UPPER,
    ['a'] = B_LOWER, ['b'] = B_LOWER, ['c'] = B_LOWER, ['d'] = B_LOWER,
    ['e'] = B_LOWER, ['f'] = B_LOWER, ['g'] = B_LOWER, ['h'] = B_LOWER,
    ['i'] = B_LOWER, ['j'] = B_LOWER, ['k'] = B_LOWER, ['l'] = B_LOWER,
    ['m'] = B_LOWER, ['n'] = B_LOWER, ['o'] = B_LOWER, ['p'] = B_LOWER,
    ['q'] = B_LOWER, ['r'] = B_LOWER, ['s'] = B_LOWER, ['t'] = B_LOWER,
    ['u'] = B_LOWER, ['v'] = B_LOWER, ['w'] = B_LOWER, ['x'] = B_LOWER,
    ['y'] = B_LOWER, ['z'] = B_LOWER};

/* Letter counts of a word, gathered while it is scanned. */
typedef struct word_case {
  uint32_t letters, lowers, uppers;
  bool first_upper, first_seen;
  bool inner_mark; /* took in a hyphen or an apostrophe */
} word_case;

static inline void count_case(word_case *wc, uint32_t cp) {
  if (!nm__is_letter_cp(cp))
    return;
  if (!wc->first_seen)
    wc->first_upper = nm__is_upper_cp(cp);
  wc->first_seen = true;
  wc->letters++;
  wc->lowers += nm__is_lower_cp(cp);
  wc->uppers += nm__is_upper_cp(cp);
}

static unsigned word_case_flags(const word_case *wc) {
  unsigned flags = wc->first_upper ? NM__F_CAP : 0;
  /* two capitals and no small letter: letters of scripts without case
   * (Devanagari, Arabic, CJK) make no acronym */
  if (wc->uppers >= 2 && wc->lowers == 0)
    flags |= NM__F_ALLCAPS;
  return flags;
}

/* The number of trailing zero bits of m (m != 0). */
static inline unsigned ctz64(uint64_t m) {
#if defined(__GNUC__) || defined(__clang__)
  return (unsigned)__builtin_ctzll(m);
#else
  unsigned n = 0;
  for (; !(m & 1); m >>= 1)
    n++;
  return n;
#endif
}

/* How many of the 8 bytes at p, from the first, are lower-case ASCII
 * letters. All 8 are tested at once, in one 64-bit word: a loop a byte at
 * a time mispredicts its exit at nearly every word. */
static inline uint32_t lower_run8(const char *p) {
  uint64_t v; /* byte k in bits 8k..8k+7 */
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) &&             \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  memcpy(&v, p, sizeof v); /* one load */
#else
  const unsigned char *u = (const unsigned char *)p;
  v = 0;
  for (int k = 0; k < 8; k++)
    v |= (uint64_t)u[k] << (8 * k);
#endif
  const uint64_t ones = 0x0101010101010101u, high = ones << 7;
  uint64_t x = v & ~high;                  /* each byte 0..7f: no carries */
  uint64_t ge_a = x + ones * (0x80 - 'a'); /* high bit: byte >= 'a' */
  uint64_t gt_z = x + ones * (0x7f - 'z'); /* high bit: byte > 'z' */
  uint64_t other = (~ge_a | gt_z | v) & high;
  return other ? ctz64(other) / 8 : 8;
}

/* Scan one word from `i`; returns its end and counts its letters. Sets
 * *after past a possessive 's when there is one. ASCII letters and digits
 * take a fast path: most news text is ASCII. */
static uint32_t scan_word(const char *t, uint32_t end, uint32_t i,
                          uint32_t *after, word_case *out) {
  /* counted in a local copy, which stays in registers */
  word_case w = *out, *wc = &w;
  uint32_t cp, seg_letters = 0;
  bool dotted = false;
  uint32_t start = i;
  *after = 0;
  while (i < end) {
    unsigned char c = (unsigned char)t[i];
    if (c >= 'a' && c <= 'z' && wc->first_seen) {
      /* the common case: a run of lower-case ASCII letters */
      uint32_t run = i, k = 8;
      while (k == 8 && end - run >= 8) {
        k = lower_run8(t + run);
        run += k;
      }
      if (k == 8) /* the last bytes of the block */
        while (run < end && (unsigned char)(t[run] - 'a') < 26)
          run++;
      wc->letters += run - i;
      wc->lowers += run - i;
      seg_letters += run - i;
      i = run;
      continue;
    }
    if (c < 0x80) {
      unsigned cls = ascii_class[c];
      if (cls) {
        if (cls != B_DIGIT) {
          if (!wc->first_seen) {
            wc->first_upper = cls == B_UPPER;
            wc->first_seen = true;
          }
          wc->letters++;
          wc->lowers += cls == B_LOWER;
          wc->uppers += cls == B_UPPER;
        }
        i++;
        seg_letters++;
        continue;
      }
      if (c != '\'' && c != '-' && c != '.')
        break;
      cp = c;
    }
    uint32_t n = c < 0x80 ? 1 : nm__utf8_at(t, end, i, &cp);
    if (nm__is_word_cp(cp)) {
      count_case(wc, cp);
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
          *out = w;
          return i;
        }
      }
      i += n; /* isn't, O'Brien */
      wc->inner_mark = true;
      continue;
    }
    if (cp == '-' && nm__is_word_cp(next)) {
      i += n;
      seg_letters = 0;
      wc->inner_mark = true;
      continue;
    }
    /* "UOL.com.br", "Amazon.com", "Node.js": a dot between letters with
     * a small letter after it is inside a web address or a name, not a
     * sentence's end */
    if (cp == '.' && seg_letters >= 2 && next >= 'a' && next <= 'z') {
      i += n;
      seg_letters = 0;
      wc->inner_mark = true;
      continue;
    }
    /* "Ph.D. candidate": two letters, a dot and a capital with its dot
     * are one abbreviation, as U.S. is */
    bool two_then_capital = seg_letters == 2 && nm__is_upper_cp(next) &&
                            i + n + nn < end && t[i + n + nn] == '.';
    if (cp == '.' && (seg_letters == 1 || two_then_capital)) {
      uint32_t ps;
      uint32_t prev_cp = nm__utf8_before(t, i, &ps);
      if (nm__is_letter_cp(next) &&
          (i + n + nn >= end || t[i + n + nn] == '.')) {
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
  *out = w;
  return i;
}

/* Bytes that end a plain word (see plain_word): ASCII that is no letter or
 * digit and none of ' - . (row k holds bytes 16k to 16k + 15). */
/* clang-format off */
static const unsigned char plain_word_end[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
/* clang-format on */

/* The common word: ASCII letters only, ended by the block's end or by an
 * ASCII byte that cannot go on a word (a blank, or a mark other than the
 * ' - . that scan_word looks past). Returns its end and counts its
 * letters into `wc` as scan_word would, or returns 0 with `wc` untouched
 * when scan_word must read it (digits, inner marks, dots, other scripts).
 * Most words of news text are plain: this skips scan_word's general loop. */
static inline uint32_t plain_word(const char *t, uint32_t end, uint32_t i,
                                  word_case *wc) {
  uint32_t k = i + 1, uppers = (unsigned char)(t[i] - 'A') < 26;
  for (;;) {
    if (end - k >= 8) {
      uint32_t run = lower_run8(t + k);
      k += run;
      if (run == 8)
        continue;
    } else {
      while (k < end && (unsigned char)(t[k] - 'a') < 26)
        k++;
      if (k == end)
        break;
    }
    unsigned char c = (unsigned char)t[k];
    if ((unsigned char)(c - 'A') < 26) {
      uppers++;
      k++;
      continue;
    }
    if (!plain_word_end[c])
      return 0;
    break;
  }
  wc->letters = k - i;
  wc->uppers = uppers;
  wc->lowers = k - i - uppers;
  wc->first_upper = (unsigned char)(t[i] - 'A') < 26;
  wc->first_seen = true;
  return k;
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

/* "Mr.", "Gen.", "Prof.": short capitalised words; looking up only those
 * keeps sentence-final words out of the lexicon. */
static bool is_honorific_word(nm__ctx *ctx, nm__tok *tok) {
  return (tok->flags & NM__F_CAP) && tok->end - tok->start <= 5 &&
         (nm__tok_lex(ctx, tok) & NM__W_HONORIFIC) != 0;
}

int nm__tok_wordsets(nm__ctx *ctx) {
  if (!ctx->wordsets) {
    ctx->wordsets = nm__calloc(ctx->mem, WORDSETS, sizeof *ctx->wordsets);
    if (!ctx->wordsets)
      return ctx->err = NM_ENOMEM;
  }
  return NM_OK;
}

/* Does a word that opens sentences follow `at`, after a space ("D.C. They
 * said": the abbreviation's dot ended a sentence too)? A capitalised
 * function word. */
NM__RARE static bool opener_follows(const char *t, uint32_t end, uint32_t at) {
  static const char *const openers[] = {
      "A",     "After", "An",   "And",  "As", "At",   "But",  "He",  "Her",
      "His",   "In",    "It",   "Its",  "On", "Our",  "She",  "The", "Their",
      "There", "These", "They", "This", "We", "When", "While"};
  uint32_t i = at;
  while (i < end && t[i] == ' ')
    i++;
  if (i == at || i >= end || t[i] < 'A' || t[i] > 'Z')
    return false;
  uint32_t w = i;
  while (i < end &&
         ((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z')))
    i++;
  for (size_t k = 0; k < sizeof openers / sizeof *openers; k++)
    if (strlen(openers[k]) == i - w && memcmp(openers[k], t + w, i - w) == 0)
      return true;
  return false;
}

int nm__tokenize(nm__ctx *ctx, uint32_t start, uint32_t end, nm__toks *toks) {
  const char *t = ctx->text;
  toks->count = 0;
  toks->runs_ready = false;
  if (nm__tok_wordsets(ctx) != NM_OK)
    return NM_ENOMEM;
  bool sentence_start = true;
  uint32_t i = start, cp;
  while (i < end) {
    if (t[i] == ' ') {
      i++;
      continue;
    }
    uint32_t n = nm__utf8_at(t, end, i, &cp);
    /* printable ASCII (the common case) is never blank */
    if ((cp <= ' ' || cp >= 0x7f) &&
        (nm__is_space_cp(cp) || cp == 0 || cp == 0x200b || cp == 0x200d ||
         cp == 0xfeff)) {
      i += n;
      continue;
    }
    nm__tok tok = {i, i + n, cp, NM__T_PUNCT, 0, 0};
    if (nm__is_digit_cp(cp)) {
      tok.type = NM__T_NUM;
      tok.end = scan_number(t, end, i);
      i = tok.end;
    } else if (nm__is_letter_cp(cp)) {
      uint32_t after;
      word_case wc = {0, 0, 0, false, false, false};
      tok.type = NM__T_WORD;
      uint32_t plain = cp < 0x80 ? plain_word(t, end, i, &wc) : 0;
      if (plain) {
        tok.end = plain;
        after = 0;
      } else {
        /* plain_word left `wc` zero; cleared again all the same, which
         * lets the compiler keep it out of memory on the plain path (8M
         * fewer instructions on 10 MiB of news, callgrind) */
        wc = (word_case){0, 0, 0, false, false, false};
        tok.end = scan_word(t, end, i, &after, &wc);
      }
      i = after ? after : tok.end;
      if (after)
        tok.flags |= NM__F_POSS;
      /* glue needs a lower-case letter followed by a capital inside */
      uint32_t split = wc.first_upper && wc.lowers && wc.lowers < wc.letters - 1
                           ? glue_split(ctx, tok.start, tok.end)
                           : 0;
      if (split) {
        nm__tok first = tok;
        /* both parts may hold the marks the whole word held */
        word_case left = {0, 0, 0, false, false, wc.inner_mark},
                  right = {0, 0, 0, false, false, wc.inner_mark};
        uint32_t cp2;
        for (uint32_t k = tok.start; k < split;)
          k += nm__utf8_at(t, split, k, &cp2), count_case(&left, cp2);
        for (uint32_t k = split; k < tok.end;)
          k += nm__utf8_at(t, tok.end, k, &cp2), count_case(&right, cp2);
        first.end = split;
        first.flags = (uint16_t)(word_case_flags(&left) |
                                 (left.inner_mark ? NM__F_INNER_MARK : 0) |
                                 (sentence_start ? NM__F_SENT_START : 0));
        if (push(ctx, toks, &first) != NM_OK)
          return NM_ENOMEM;
        sentence_start = false;
        tok.start = split;
        wc = right;
      }
      tok.flags |= (uint16_t)word_case_flags(&wc);
      if (wc.inner_mark)
        tok.flags |= NM__F_INNER_MARK;
      bool opens_next = false;
      if (t[tok.end - 1] == '.') {
        tok.flags |= NM__F_ABBREV;
        if (tok.end - tok.start == 2)
          tok.flags |= NM__F_INITIAL;
        else /* "in Washington, D.C. They said" (on this rare path, so
                that other words pay nothing) */
          opens_next = opener_follows(t, end, tok.end);
      }
      if (sentence_start)
        tok.flags |= NM__F_SENT_START;
      sentence_start = opens_next;
      if (i < end && t[i] == '-' && i + 1 < end) {
        tok.flags |= NM__F_HYPHEN_NEXT;
      } else if (i < end && t[i] == ' ') {
        i++; /* the space after most words, without a turn of the loop */
      }
    } else {
      tok.type = is_quote_cp(cp) ? NM__T_QUOTE : NM__T_PUNCT;
      i += n;
      /* An opening mark ("... said: “Our ...") starts a sentence inside. */
      if (tok.type == NM__T_QUOTE && i < end) {
        uint32_t next;
        nm__utf8_at(t, end, i, &next);
        bool after_blank =
            toks->count == 0 || toks->items[toks->count - 1].end < tok.start;
        if (after_blank && nm__is_upper_cp(next))
          sentence_start = true;
      }
      if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026) {
        /* "Mr. Smith" and "J. Smith" go on; a dot after other words ends
         * the sentence. */
        nm__tok *prev = toks->count ? &toks->items[toks->count - 1] : NULL;
        bool abbrev =
            cp == '.' && prev && prev->end == tok.start &&
            prev->type == NM__T_WORD &&
            (is_honorific_word(ctx, prev) || prev->end - prev->start == 1);
        /* "St. Louis", "Mt. Everest", "Ft. Worth": the abbreviated first
         * word of a place takes its dot, as "U.S." does */
        if (!abbrev && cp == '.' && prev && prev->end == tok.start &&
            prev->type == NM__T_WORD && prev->end - prev->start == 2 &&
            !(prev->flags & NM__F_POSS) &&
            (t[prev->start] == 'S' || t[prev->start] == 'M' ||
             t[prev->start] == 'F') &&
            t[prev->start + 1] == 't' && i + 1 < end && t[i] == ' ' &&
            t[i + 1] >= 'A' && t[i + 1] <= 'Z') {
          prev->end = tok.end;
          prev->flags |= NM__F_ABBREV;
          continue;
        }
        if (abbrev) {
          prev->flags |= NM__F_ABBREV;
          tok.flags |= NM__F_ABBREV;
        } else {
          sentence_start = true;
        }
      } else if (cp == ':' || cp == ';') {
        /* a colon may open a quote; the quote's first word is then a
         * sentence start, which the quote stage handles */
      }
    }
    /* Words after a sentence-ending abbreviation (U.S. at a sentence end)
     * are not treated as sentence starts; rare, and the names stage is
     * robust to it. */
    if (push(ctx, toks, &tok) != NM_OK)
      return NM_ENOMEM;
  }
  return NM_OK;
}
