/*
 * analysis.h - the state the analysis stages share while one text is
 * parsed. Private to core/src.
 */
#ifndef NM_ANALYSIS_H
#define NM_ANALYSIS_H

#include "internal.h"

/* Spans a stage dropped after pushing them carry this kind until the final
 * sort removes them. */
#define NM__KIND_DELETED 0xffffu

/* A block: one headline, caption, paragraph, ... of the article. */
typedef struct nm__block {
  uint32_t start, end; /* without the line break and trailing blanks */
  int kind;            /* an nm_kind from BOILERPLATE to PARAGRAPH */
} nm__block;

/* Mentions of people with a role that a description ("the minister")
 * looks back over: far more than an article holds, and a bound in one
 * that is a long list of officials. */
#define NM__ROLE_LOOKBACK 256

/* Entity kinds while analysing: UNKNOWN entities are decided (or dropped)
 * when the whole document has been seen. */
enum { NM__ENT_UNKNOWN = 0 };

/* Evidence for an entity's kind, gathered over the whole document.
 * `speech` is the part of `person` that came only from saying something
 * ("Ford said", being quoted): companies speak too. */
typedef struct nm__evidence {
  uint16_t person, organization, place, speech;
} nm__evidence;

/* Did speaking alone make it a person, if anything did ("Ford said")?
 * (`speech` is a part of `person`; `<=` and not `==` for the counts'
 * ceiling, where a part can pass the whole by a step.) */
static inline bool nm__speech_only(const nm__evidence *ev) {
  return ev->person <= ev->speech;
}

typedef struct nm__entity {
  int kind;   /* NM_KIND_PERSON/ORGANIZATION/PLACE or NM__ENT_UNKNOWN */
  char *name; /* canonical name, NUL-terminated, owned */
  uint32_t name_len;
  char *role; /* job title or NULL, owned */
  uint32_t role_len;
  uint32_t words;      /* number of words in the name */
  uint32_t first_seen; /* start of the earliest mention, headline included */
  uint32_t last_seen;  /* end of the latest mention so far: "the minister"
                          finds the latest minister */
  uint32_t first_body; /* offset of the first mention in a body block, or
                          UINT32_MAX: names from the body win over captions
                          when choosing the canonical form */
  int32_t merged_into; /* -1, or the entity this one became an alias of */
  uint32_t mentions, quotes;
  nm__evidence evidence;
  uint8_t gender;    /* 0 unknown, 1 female, 2 male */
  bool from_lexicon; /* kind known from a lexicon, not guessed */
  bool country;      /* a country from the gazetteer: never a surname */
  bool common_word;  /* one word that is also a common noun ("Physics"):
                        needs more evidence than a bare hint */
  bool not_person;   /* one word that names no person: the plural of a
                        common noun or demonym ("Democrats": a group), or a
                        common noun after "the" ("the Constitution") */
  bool person_shape; /* two or three capitalised words that name no
                        place, body or thing we know, the last a surname's
                        ("Coco Chanel", "Simu Liu"): a person unless
                        something says otherwise */
  bool shouted;      /* named from a mention in capitals ("RIVERTON"): a
                        later mention in mixed case renames it */
  bool plain_name;   /* its words are joined by single spaces, with no
                        blank before or after: a text equal to the name
                        byte for byte is the name (same_text) */
} nm__entity;

typedef struct nm__surname {
  uint32_t hash; /* of the folded word, bit 0 set; 0 = empty slot */
  int32_t entity;
} nm__surname;

/* The analysis context. `err` is sticky: once an allocation fails every
 * stage returns early and the parse reports NM_ENOMEM. */
typedef struct nm__ctx {
  const nm_mem *mem;
  const nm_lexicon *lexicon;
  const char *text;
  uint32_t len;
  unsigned flags; /* nm_parse_options.flags */
  nm__spans *spans;
  nm__diags *diags;

  nm__block *blocks;
  size_t block_count, block_cap;

  /* names the structure stage already knows the kind of: the places and
   * agency of a dateline */
  nm__block *known_names; /* kind is PLACE or ORGANIZATION */
  size_t known_count, known_cap;
  uint32_t dateline_end; /* where the dateline ends, or 0: a sentence starts
                            there ("WASHINGTON — The Senate ...") */

  nm__entity *entities;
  size_t entity_count, entity_cap;
  /* open-addressing map from name hash to entity index + 1; the slot
   * keeps the hash so that a probe seldom has to read the entity */
  struct nm__entity_slot *entity_map;
  size_t entity_map_cap;
  /* last words of multi-word names ("Trump") -> their entity */
  struct nm__surname *surnames;
  size_t surname_count, surname_cap;

  /* a direct-mapped cache of lexicon lookups (sized by the text, see
   * tokens.c): names repeat, and the built-in table is too big to stay in
   * the CPU cache */
  struct nm__lex_cached *lex_cache;
  uint8_t *lex_cache_len;  /* each entry's word length, 0 = empty: this is
                              cleared, the entries are not (16 KiB instead
                              of 512 KiB to clear for a 100 KB article) */
  uint32_t lex_cache_mask; /* its size - 1 (a power of two) */
  /* the closed word lists of nm__tok_in as hash sets, built on first use
   * (allocated by the tokenizer, so that const users can fill them) */
  struct nm__wordset *wordsets;

  /* the entities of the latest mentions of people with a role, a ring:
   * "the minister" looks for its person among these (speakers.c), which
   * bounds the search in a text of thousands of officials */
  int32_t role_mentions[NM__ROLE_LOOKBACK];
  size_t role_mention_count; /* ever recorded; the ring keeps the last */

  int err;
} nm__ctx;

/* structure.c: split the text into blocks and push their spans, plus the
 * DATELINE spans. */
int nm__structure(nm__ctx *ctx);

/* The rest of the analysis (names, quotes, speakers). */
int nm__analyse(nm__ctx *ctx);

/* Free what the context owns (not the spans or diags). */
void nm__ctx_free(nm__ctx *ctx);

#endif /* NM_ANALYSIS_H */
