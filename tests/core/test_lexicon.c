/*
 * test_lexicon.c - the built-in lexicon, a user nm_lexicon and lookups.
 *
 *   gcc -std=c11 -Wall -Wextra -Werror -pedantic -Icore/include -Icore/src \
 *     -fsanitize=address,undefined tests/core/test_lexicon.c \
 *     core/src/lexicon.c core/src/util.c core/data/lexicon_data.c \
 *     -o build/test_lexicon && build/test_lexicon
 */
#include "internal.h"
#include "tap.h"
#include "text.h"

#include "../../core/data/lexicon_data.h"

#include <stdlib.h>
#include <string.h>

static nm__lex_hit look(const nm_lexicon *user, const char *word) {
  nm__lex_hit hit;
  nm__lex_lookup(user, word, strlen(word), &hit);
  return hit;
}

static int has(const nm_lexicon *user, const char *word, uint32_t bits) {
  return (look(user, word).classes & bits) == bits;
}

static int any(const nm_lexicon *user, const char *word, uint32_t bits) {
  return (look(user, word).classes & bits) != 0;
}

static int lacks(const nm_lexicon *user, const char *word, uint32_t bits) {
  return (look(user, word).classes & bits) == 0;
}

/* ------------------------------------------------- a failing allocator */

/* Fails every allocation after `budget` successful ones; counts what is
 * live so leaks show even without a sanitizer. */
typedef struct counting {
  long budget;
  long live;
} counting;

static void *c_calloc(size_t count, size_t size, void *ud) {
  counting *c = ud;
  if (c->budget == 0)
    return NULL;
  if (c->budget > 0)
    c->budget--;
  void *p = calloc(count, size);
  if (p)
    c->live++;
  return p;
}

static void *c_realloc(void *ptr, size_t size, void *ud) {
  counting *c = ud;
  if (c->budget == 0)
    return NULL;
  if (c->budget > 0)
    c->budget--;
  void *p = realloc(ptr, size);
  if (p && !ptr)
    c->live++;
  return p;
}

static void c_free(void *ptr, void *ud) {
  counting *c = ud;
  if (ptr)
    c->live--;
  free(ptr);
}

/* ------------------------------------------------------------- checks */

static void test_table(void) {
  /* Every entry is where linear probing from its hash finds it, and its
   * stored hash is FNV-1a of its key. */
  const char *pool = (const char *)nm__lex_pool;
  size_t used = 0, bad_hash = 0, unreachable = 0;
  for (uint32_t i = 0; i < NM__LEX_SLOTS; i++) {
    const nm__lex_entry *e = &nm__lex_table[i];
    if (e->len == 0)
      continue;
    used++;
    uint32_t h = 2166136261u;
    for (unsigned j = 0; j < e->len; j++)
      h = (h ^ (unsigned char)pool[e->key + j]) * 16777619u;
    if (h != e->hash)
      bad_hash++;
    for (uint32_t k = e->hash & (NM__LEX_SLOTS - 1u); k != i;
         k = (k + 1) & (NM__LEX_SLOTS - 1u)) {
      if (nm__lex_table[k].len == 0) {
        unreachable++;
        break;
      }
    }
  }
  is_int(used, NM__LEX_ENTRIES, "the table holds NM__LEX_ENTRIES entries");
  ok(used * 2 <= NM__LEX_SLOTS, "load <= 0.5 (%zu of %u)", used,
     (unsigned)NM__LEX_SLOTS);
  is_int(bad_hash, 0, "every stored hash is FNV-1a of its key");
  is_int(unreachable, 0, "every entry is reachable from its hash");
}

static void test_builtin(void) {
  nm__lex_hit h;

  ok(has(NULL, "said", NM__W_SPEECH), "said: speech");
  ok(has(NULL, "Said", NM__W_SPEECH), "Said: speech, case folded");
  ok(has(NULL, "emphasised", NM__W_SPEECH), "emphasised: speech");
  ok(has(NULL, "emphasized", NM__W_SPEECH), "emphasized: speech");
  ok(has(NULL, "told", NM__W_SPEECH), "told: speech (irregular)");
  ok(has(NULL, "added", NM__W_SPEECH), "added: speech");
  ok(has(NULL, "quipped", NM__W_SPEECH), "quipped: speech (doubled)");
  ok(has(NULL, "point out", NM__W_SPEECH) &&
         has(NULL, "pointed out", NM__W_SPEECH),
     "point out, pointed out: speech");
  ok(has(NULL, "pointed", NM__W_PREFIX), "pointed: prefix of pointed out");
  ok(lacks(NULL, "table", NM__W_SPEECH), "table: not speech");

  h = look(NULL, "Brunei");
  ok(h.classes & NM__W_COUNTRY, "Brunei: country");
  is_str(h.canonical, "Brunei", "Brunei: canonical");
  h = look(NULL, "Brunei Darussalam");
  is_str(h.canonical, "Brunei", "Brunei Darussalam: canonical Brunei");

  h = look(NULL, "US");
  ok((h.classes & (NM__W_COUNTRY | NM__W_ACRONYM)) ==
         (NM__W_COUNTRY | NM__W_ACRONYM),
     "US: country, acronym");
  is_str(h.canonical, "United States", "US: canonical United States");
  h = look(NULL, "U.S");
  is_str(h.canonical, "United States", "U.S (no trailing dot): canonical");
  h = look(NULL, "U.S.");
  is_str(h.canonical, "United States", "U.S.: canonical");
  h = look(NULL, "United States of America");
  is_str(h.canonical, "United States", "United States of America: canonical");
  h = look(NULL, "America");
  is_str(h.canonical, "United States", "America: canonical United States");
  h = look(NULL, "us");
  ok(!(h.classes & NM__W_COUNTRY), "us: not a country");
  ok(h.classes & NM__W_COMMON, "us: common");
  is_str(h.canonical, NULL, "us: no canonical");
  ok(lacks(NULL, "Us", NM__W_COUNTRY), "Us: not a country");
  ok(has(NULL, "UK", NM__W_COUNTRY), "UK: country");
  ok(has(NULL, "UAE", NM__W_COUNTRY), "UAE: country");
  ok(lacks(NULL, "CAN", NM__W_COUNTRY), "CAN: not a country");
  ok(lacks(NULL, "ARE", NM__W_COUNTRY), "ARE: not a country");

  h = look(NULL, "Russian");
  ok(h.classes & NM__W_DEMONYM, "Russian: demonym");
  is_str(h.canonical, "Russia", "Russian: canonical Russia");
  h = look(NULL, "Russians");
  is_str(h.canonical, "Russia", "Russians: canonical Russia");
  h = look(NULL, "Russian Federation");
  is_str(h.canonical, "Russia", "Russian Federation: canonical Russia");
  h = look(NULL, "Syria");
  ok(h.classes & NM__W_COUNTRY, "Syria: country");
  is_str(h.canonical, "Syria", "Syria: canonical");
  h = look(NULL, "Syrian Arab Republic");
  is_str(h.canonical, "Syria", "Syrian Arab Republic: canonical Syria");
  h = look(NULL, "south korea");
  ok(h.classes & NM__W_COUNTRY, "south korea: country (any case)");

  ok(has(NULL, "Geneva", NM__W_CITY), "Geneva: city");
  ok(any(NULL, "Homs", NM__W_PLACE), "Homs: place");
  ok(has(NULL, "Florida", NM__W_REGION), "Florida: region");
  ok(has(NULL, "Middle East", NM__W_REGION), "Middle East: region");
  ok(has(NULL, "Europe", NM__W_REGION), "Europe: region");
  ok(lacks(NULL, "Kerry", NM__W_PLACE), "Kerry: not a place");
  h = look(NULL, "Bandar Seri Begawan");
  ok(h.classes & NM__W_CITY, "Bandar Seri Begawan: city");
  ok(has(NULL, "bandar", NM__W_PREFIX), "bandar: prefix");
  ok(has(NULL, "Bandar Seri", NM__W_PREFIX), "Bandar Seri: prefix");
  ok(lacks(NULL, "Bandar Seri Begawan", NM__W_PREFIX),
     "Bandar Seri Begawan: not a prefix");
  ok(has(NULL, "Reading", NM__W_CITY | NM__W_COMMON),
     "Reading: city and common");

  ok(has(NULL, "Secretary of State", NM__W_TITLE), "Secretary of State: title");
  ok(has(NULL, "secretary of", NM__W_PREFIX), "secretary of: prefix");
  ok(has(NULL, "Foreign Minister", NM__W_TITLE), "Foreign Minister: title");
  ok(has(NULL, "foreign", NM__W_PREFIX), "foreign: prefix");
  ok(has(NULL, "Prime Minister", NM__W_TITLE | NM__W_PERSON_NOUN),
     "Prime Minister: title, person noun");
  ok(has(NULL, "secretary-general", NM__W_TITLE), "secretary-general: title");
  ok(has(NULL, "minister", NM__W_TITLE | NM__W_PERSON_NOUN),
     "minister: title, person noun");
  ok(has(NULL, "official", NM__W_PERSON_NOUN), "official: person noun");
  ok(has(NULL, "spokeswoman", NM__W_PERSON_NOUN), "spokeswoman: person noun");

  ok(has(NULL, "Mr", NM__W_HONORIFIC), "Mr: honorific");
  ok(has(NULL, "Mr.", NM__W_HONORIFIC), "Mr.: honorific");
  ok(has(NULL, "Sheikh", NM__W_HONORIFIC), "Sheikh: honorific");
  ok(has(NULL, "al", NM__W_PARTICLE), "al: particle");
  ok(has(NULL, "von", NM__W_PARTICLE), "von: particle");
  ok(has(NULL, "Ministry", NM__W_ORG_HEAD), "Ministry: org head");
  ok(has(NULL, "Inc", NM__W_ORG_HEAD), "Inc: org head");
  h = look(NULL, "NATO");
  ok(h.classes & NM__W_ORG, "NATO: org");
  h = look(NULL, "UN");
  is_str(h.canonical, "United Nations", "UN: canonical United Nations");
  ok(lacks(NULL, "un", NM__W_ORG), "un: not an org");
  h = look(NULL, "WHO");
  ok(h.classes & NM__W_ORG, "WHO: org");
  h = look(NULL, "who");
  ok(!(h.classes & NM__W_ORG) && (h.classes & NM__W_COMMON),
     "who: common, not an org");
  ok(has(NULL, "Reuters", NM__W_ORG), "Reuters: org");

  ok(has(NULL, "Monday", NM__W_CALENDAR), "Monday: calendar");
  ok(has(NULL, "Sept", NM__W_CALENDAR), "Sept: calendar");
  ok(has(NULL, "December", NM__W_CALENDAR), "December: calendar");

  ok(has(NULL, "John", NM__W_GIVEN | NM__W_MALE), "John: given, male");
  ok(has(NULL, "Mary", NM__W_GIVEN | NM__W_FEMALE), "Mary: given, female");
  ok(has(NULL, "Sergei", NM__W_GIVEN), "Sergei: given");
  ok(has(NULL, "Ahmet", NM__W_GIVEN), "Ahmet: given");
  ok(lacks(NULL, "John", NM__W_FEMALE), "John: not female");
  ok(has(NULL, "Muslim", NM__W_GROUP) && has(NULL, "Texan", NM__W_GROUP),
     "Muslim, Texan: members of a group");
  ok(lacks(NULL, "Kerry", NM__W_GROUP), "Kerry: one person, no group");
  ok(has(NULL, "Australian", NM__W_ADJECTIVE), "Australian: adjective");
  ok(lacks(NULL, "Kerry", NM__W_ADJECTIVE), "Kerry: no adjective");

  ok(has(NULL, "the", NM__W_COMMON), "the: common");
  ok(has(NULL, "The", NM__W_COMMON), "The: common");
  ok(has(NULL, "however", NM__W_COMMON), "however: common");
  ok(has(NULL, "Officials", NM__W_COMMON | NM__W_PERSON_NOUN),
     "Officials: common, person noun (plural)");
  ok(has(NULL, "Speaking", NM__W_COMMON), "Speaking: common (inflected)");
  ok(has(NULL, "Witnesses", NM__W_COMMON | NM__W_PERSON_NOUN),
     "Witnesses: common, person noun");
  ok(has(NULL, "Parties", NM__W_COMMON), "Parties: common");
  ok(has(NULL, "Ties", NM__W_COMMON), "Ties: common");
  ok(has(NULL, "Stopped", NM__W_COMMON), "Stopped: common");
  ok(has(NULL, "Making", NM__W_COMMON), "Making: common");
  ok(has(NULL, "Running", NM__W_COMMON), "Running: common");
  ok(lacks(NULL, "Speaking", NM__W_PERSON_NOUN),
     "Speaking: no person noun from a verb ending");
  ok(lacks(NULL, "Williams", NM__W_COMMON), "Williams: not common");
  ok(lacks(NULL, "Davutoglu", ~0u), "Davutoglu: nothing");
  ok(!nm__lex_lookup(NULL, "Xqzzyv", 6, &h) && h.classes == 0 &&
         h.canonical == NULL,
     "an unknown word: false, empty hit");
  ok(!nm__lex_lookup(NULL, "", 0, &h), "an empty word: false");
  ok(!nm__lex_lookup(NULL, NULL, 0, &h), "a NULL word: false");
  /* a word is its bytes: "said" followed by more is not "said" */
  ok(!(look(NULL, "saidx").classes & NM__W_SPEECH), "saidx: not speech");
  ok(nm__lex_lookup(NULL, "saidx", 4, &h) && (h.classes & NM__W_SPEECH),
     "the first 4 bytes of saidx: speech");
}

static void test_user(void) {
  nm_lexicon *lex = nm_lexicon_new(NULL);
  ok(lex != NULL, "nm_lexicon_new(NULL)");
  if (!lex)
    return;
  nm__lex_hit h;

  is_int(nm_lexicon_add(lex, NM_LEX_ORGANIZATION, "DOE", 3,
                        "U.S. Department of Energy"),
         NM_OK, "add DOE");
  h = look(lex, "DOE");
  ok(h.classes & NM__W_ORG, "DOE: org");
  is_str(h.canonical, "U.S. Department of Energy", "DOE: canonical");
  ok(lacks(lex, "doe", NM__W_ORG), "doe: not an org (acronym)");

  is_int(nm_lexicon_add(lex, NM_LEX_PLACE, "Jezero  Crater", 14, NULL), NM_OK,
         "add Jezero Crater (two spaces)");
  ok(has(lex, "Jezero Crater", NM__W_REGION), "Jezero Crater: place");
  ok(has(lex, "jezero", NM__W_PREFIX), "jezero: prefix");
  ok(lacks(NULL, "Jezero Crater", NM__W_REGION),
     "Jezero Crater: not in the built-in lexicon");

  is_int(nm_lexicon_add(lex, NM_LEX_PERSON, "Ahmet Davutoglu", 15, NULL), NM_OK,
         "add Ahmet Davutoglu");
  ok(has(lex, "ahmet davutoglu", NM__W_PERSON), "Ahmet Davutoglu: person");
  ok(has(lex, "Ahmet", NM__W_PREFIX | NM__W_GIVEN),
     "Ahmet: prefix (user) and given (built-in)");

  is_int(nm_lexicon_add(lex, NM_LEX_GIVEN_NAME, "Katya", 5, NULL), NM_OK,
         "add Katya");
  ok(has(lex, "Katya", NM__W_GIVEN), "Katya: given");

  is_int(nm_lexicon_add(lex, NM_LEX_TITLE, "Chief Scientist", 15, NULL), NM_OK,
         "add Chief Scientist");
  ok(has(lex, "chief scientist", NM__W_TITLE | NM__W_PERSON_NOUN),
     "Chief Scientist: title, person noun");

  is_int(nm_lexicon_add(lex, NM_LEX_SPEECH_VERB, "opine", 5, NULL), NM_OK,
         "add opine");
  ok(has(lex, "opined", NM__W_SPEECH), "opined: speech");
  is_int(nm_lexicon_add(lex, NM_LEX_SPEECH_VERB, "zorble", 6, NULL), NM_OK,
         "add zorble");
  ok(has(lex, "zorble", NM__W_SPEECH) && has(lex, "zorbles", NM__W_SPEECH) &&
         has(lex, "zorbled", NM__W_SPEECH) &&
         has(lex, "zorbling", NM__W_SPEECH),
     "zorble: zorbles, zorbled, zorbling");
  ok(lacks(NULL, "zorbled", NM__W_SPEECH), "zorbled: only in the user's");
  is_int(nm_lexicon_add(lex, NM_LEX_SPEECH_VERB, "blip", 4, NULL), NM_OK,
         "add blip");
  ok(has(lex, "blipped", NM__W_SPEECH) && has(lex, "blipping", NM__W_SPEECH),
     "blip: blipped, blipping");
  is_int(nm_lexicon_add(lex, NM_LEX_SPEECH_VERB, "parry", 5, NULL), NM_OK,
         "add parry");
  ok(has(lex, "parried", NM__W_SPEECH) && has(lex, "parries", NM__W_SPEECH),
     "parry: parried, parries");
  is_int(nm_lexicon_add(lex, NM_LEX_SPEECH_VERB, "zorble up", 9, NULL), NM_OK,
         "add zorble up");
  ok(has(lex, "zorbled up", NM__W_SPEECH), "zorbled up: speech");
  ok(has(lex, "zorbled", NM__W_PREFIX | NM__W_SPEECH),
     "zorbled: prefix and speech");

  /* the user's canonical wins over the built-in one */
  is_int(nm_lexicon_add(lex, NM_LEX_PLACE, "Geneva", 6, "Genève"), NM_OK,
         "add Geneva with a canonical");
  h = look(lex, "geneva");
  is_str(h.canonical, "Genève", "geneva: the user's canonical");
  ok(h.classes & NM__W_CITY, "geneva: still a city");
  h = look(NULL, "geneva");
  is_str(h.canonical, "Geneva", "geneva without the user's: built-in");
  /* a later canonical replaces an earlier one */
  is_int(nm_lexicon_add(lex, NM_LEX_ORGANIZATION, "DOE", 3, "Energy Dept"),
         NM_OK, "add DOE again");
  is_str(look(lex, "DOE").canonical, "Energy Dept", "DOE: the new canonical");

  is_int(nm_lexicon_add(NULL, NM_LEX_PERSON, "x", 1, NULL), NM_EINVAL,
         "add to NULL: NM_EINVAL");
  is_int(nm_lexicon_add(lex, 99, "x", 1, NULL), NM_EINVAL,
         "add a bad class: NM_EINVAL");
  is_int(nm_lexicon_add(lex, -1, "x", 1, NULL), NM_EINVAL,
         "add class -1: NM_EINVAL");
  is_int(nm_lexicon_add(lex, NM_LEX_PERSON, NULL, 3, NULL), NM_EINVAL,
         "add NULL: NM_EINVAL");
  is_int(nm_lexicon_add(lex, NM_LEX_PERSON, " \t ", 3, NULL), NM_EINVAL,
         "add white space: NM_EINVAL");
  is_int(nm_lexicon_add(lex, NM_LEX_PERSON, "x", 0, NULL), NM_EINVAL,
         "add an empty word: NM_EINVAL");

  /* many entries: the table grows and keeps them all */
  char w[32];
  int all = 1;
  for (int i = 0; i < 2000; i++) {
    snprintf(w, sizeof w, "Name%d", i);
    if (nm_lexicon_add(lex, NM_LEX_PERSON, w, strlen(w), w) != NM_OK)
      all = 0;
  }
  for (int i = 0; i < 2000 && all; i++) {
    char canon[32];
    snprintf(w, sizeof w, "NAME%d", i);
    snprintf(canon, sizeof canon, "Name%d", i);
    h = look(lex, w);
    if (!(h.classes & NM__W_PERSON) || !h.canonical ||
        strcmp(h.canonical, canon) != 0)
      all = 0;
  }
  ok(all, "2000 more entries, all found");
  ok(has(lex, "DOE", NM__W_ORG) && has(lex, "zorbled up", NM__W_SPEECH),
     "earlier entries survive growing");

  nm_lexicon_free(lex);
  nm_lexicon_free(NULL);
  ok(1, "nm_lexicon_free(NULL) is a no-op");
}

static void test_oom(void) {
  counting c = {-1, 0};
  nm_mem mem = {c_calloc, c_realloc, c_free, &c};

  c.budget = 0;
  ok(nm_lexicon_new(&mem) == NULL, "nm_lexicon_new: NULL when out of memory");
  is_int(c.live, 0, "nm_lexicon_new: nothing left allocated");

  c.budget = -1;
  nm_lexicon *lex = nm_lexicon_new(&mem);
  ok(lex != NULL, "nm_lexicon_new with an allocator");
  if (!lex)
    return;
  is_int(nm_lexicon_add(lex, NM_LEX_ORGANIZATION, "Roscosmos", 9, "Roscosmos"),
         NM_OK, "add Roscosmos");
  long live = c.live;
  uint32_t pointed = look(lex, "pointed").classes;

  /* Every allocation of an add fails in turn: NM_ENOMEM and nothing new,
   * until the budget is enough and it works. */
  int unchanged = 1, fails = 0, rc = NM_ENOMEM;
  for (long budget = 0; budget < 64 && rc == NM_ENOMEM; budget++) {
    c.budget = budget;
    rc = nm_lexicon_add(lex, NM_LEX_SPEECH_VERB, "point up", 8, NULL);
    c.budget = -1;
    if (rc == NM_ENOMEM) {
      fails++;
      if (c.live != live || look(lex, "pointed up").classes ||
          look(lex, "point up").classes ||
          look(lex, "pointed").classes != pointed ||
          lacks(lex, "roscosmos", NM__W_ORG))
        unchanged = 0;
    }
  }
  is_int(rc, NM_OK, "the add works once allocations do");
  ok(fails >= 3, "it failed %d times before", fails);
  ok(unchanged, "each NM_ENOMEM left the lexicon as it was");
  ok(has(lex, "pointed up", NM__W_SPEECH), "pointed up: speech after all");
  ok(has(lex, "pointed", NM__W_PREFIX), "pointed: prefix after all");

  /* growing the table fails too */
  int grow_ok = 1;
  char w[32];
  for (int i = 0; i < 200; i++) {
    snprintf(w, sizeof w, "Org%d", i);
    c.budget = 0;
    int r = nm_lexicon_add(lex, NM_LEX_ORGANIZATION, w, strlen(w), NULL);
    c.budget = -1;
    if (r != NM_ENOMEM || look(lex, w).classes & NM__W_ORG)
      grow_ok = 0;
    if (nm_lexicon_add(lex, NM_LEX_ORGANIZATION, w, strlen(w), NULL) != NM_OK)
      grow_ok = 0;
  }
  ok(grow_ok, "200 adds: NM_ENOMEM with no budget, NM_OK with one");

  nm_lexicon_free(lex);
  is_int(c.live, 0, "nm_lexicon_free frees everything");
}

static void test_speed(void) {
  /* Not a benchmark: a sanity check that lookup does not allocate or
   * degrade (runs in well under a second even with sanitizers). */
  static const char *const words[] = {"said",   "The",    "Kerry",
                                      "Lavrov", "Geneva", "officials",
                                      "Monday", "US",     "zxcvb"};
  size_t n = 0;
  for (int i = 0; i < 200000; i++) {
    const char *wd = words[i % 9];
    nm__lex_hit h;
    n += nm__lex_lookup(NULL, wd, strlen(wd), &h);
  }
  ok(n > 0, "200000 lookups");
}

/* nm__hash_fold: the entity and surname maps find "KERRY" under "Kerry",
 * so ASCII case must not change the hash, and nothing else may be folded. */
static void test_hash_fold(void) {
  bool fold_ok = true;
  for (unsigned b = 0; b < 256; b++)
    for (unsigned p = 0; p < 8; p++) {
      uint64_t lower = (uint64_t)(unsigned char)nm__ascii_lower((char)b);
      fold_ok &= nm__fold8((uint64_t)b << (8 * p)) == lower << (8 * p);
    }
  ok(fold_ok, "nm__fold8 lowers 'A'-'Z' in every byte and nothing else");

  char mixed[48], lower[48];
  bool same_ok = true, tail_ok = true;
  for (size_t n = 0; n <= 40; n++) {
    for (size_t k = 0; k < n; k++) {
      /* letters of both cases, blanks, digits and UTF-8 lead bytes */
      static const char pool[] = "KerryLAVROVsergei 09\xc3\xa9\xd0\x9f.-";
      mixed[k] = pool[(k * 7 + n * 3) % (sizeof pool - 1)];
      lower[k] = nm__ascii_lower(mixed[k]);
    }
    uint32_t h = nm__hash_fold(mixed, n);
    same_ok &= h == nm__hash_fold(lower, n);
    /* each byte counts, the last ones of a name too */
    for (size_t k = 0; k < n; k++) {
      char keep = lower[k];
      lower[k] = keep == 'x' ? 'y' : 'x';
      tail_ok &= nm__hash_fold(lower, n) != h;
      lower[k] = keep;
    }
  }
  ok(same_ok, "nm__hash_fold: a name and its lower case hash alike");
  ok(tail_ok, "nm__hash_fold: changing any one byte changes the hash");
}

int main(void) {
  test_hash_fold();
  test_table();
  test_builtin();
  test_user();
  test_oom();
  test_speed();
  return done();
}
