/*
 * fuzz_parse.c - libFuzzer harness for nm_doc_parse and every renderer.
 *
 * Input: three option bytes, then the article.
 *   byte 0, flags:
 *     0x01  parse with a small fixed user lexicon
 *     0x02  parse with a fixed rule set (byte 2 bit 0: the one with tight
 *           limits and patterns that hit them)
 *     0x04  the article's first line is more lexicon entries, split by
 *           '|': a class digit 0-5, the word, optionally '=' canonical
 *     0x08  render with options (file name, rules, NO_TEXT, ANSI styles,
 *           some of which are not SGR parameters and must be refused)
 *     0x10  parse through a counting allocator: everything freed after
 *     0x20  ... that fails allocation number byte 1 (byte 2 bit 1: and
 *           every one after it); the parse then returns a doc or NULL
 *           with NM_ENOMEM, and leaks nothing either way
 *     0x40  parse a second time, from a copy the doc borrows
 *           (NM_PARSE_BORROW_TEXT), and compare (determinism; a lexicon
 *           and a rule set are read-only during a parse); the first parse
 *           takes the threaded paths (below), the second one thread.
 *           Without it the parse is on one thread: threads started for
 *           every input halved the rate, and are checked where compared
 *     0x80  render a format again with a writer that stops after byte 1 *
 *           16 bytes: the one rendered, or (byte 2 >> 5) % 6 with all six
 *   byte 2, bits 2-4: which formats to render and check: 0 or 7 all six,
 *     1-6 format 0-5 alone (rendering all six for every input would cost
 *     more than the parse)
 *   A shorter input counts the missing option bytes as zero.
 *
 * Checks every span invariant the API promises (harness.h: in bounds,
 * sorted, parents are the innermost enclosing span, links in range, blocks
 * disjoint and covering every non-blank byte, entity counts, range query,
 * line index) and the renderers' promises, and aborts when one breaks, so
 * the fuzzer reports it. Built with -fsanitize=fuzzer by `make fuzz`, or
 * with replay.c as a plain program that `make test` runs over the corpus.
 */
#include "harness.h"

enum {
  OPT_LEXICON = 0x01,
  OPT_RULES = 0x02,
  OPT_LEX_DATA = 0x04,
  OPT_RENDER = 0x08,
  OPT_MEM = 0x10,
  OPT_MEM_FAIL = 0x20,
  OPT_TWICE = 0x40,
  OPT_STOP = 0x80
};

static const struct {
  int cls;
  const char *word, *canonical;
} fixed_words[] = {
    {NM_LEX_PERSON, "Katya", NULL},
    {NM_LEX_PERSON, "Helen Marsh", NULL},
    {NM_LEX_ORGANIZATION, "Roscosmos", NULL},
    {NM_LEX_ORGANIZATION, "DOE", "U.S. Department of Energy"},
    {NM_LEX_ORGANIZATION, "Met Office", "Met Office"},
    {NM_LEX_PLACE, "Jezero Crater", NULL},
    {NM_LEX_PLACE, "Westminster", "Westminster"},
    {NM_LEX_TITLE, "Chief Rabbi", NULL},
    {NM_LEX_TITLE, "Secretary of State", NULL},
    {NM_LEX_SPEECH_VERB, "emphasise", NULL},
    {NM_LEX_SPEECH_VERB, "point out", NULL},
    {NM_LEX_GIVEN_NAME, "Tomasz", NULL},
    {NM_LEX_GIVEN_NAME, "\xc3\x89lodie", NULL},
};

static void add_fixed_words(nm_lexicon *lex) {
  for (size_t i = 0; i < sizeof fixed_words / sizeof *fixed_words; i++)
    CHECK(nm_lexicon_add(lex, fixed_words[i].cls, fixed_words[i].word,
                         strlen(fixed_words[i].word),
                         fixed_words[i].canonical) == NM_OK);
}

/* Built once and shared by every input, as a program would. */
static const nm_lexicon *fixed_lexicon(void) {
  static nm_lexicon *lex;
  if (!lex) {
    lex = nm_lexicon_new(NULL);
    CHECK(lex != NULL);
    add_fixed_words(lex);
  }
  return lex;
}

static const struct {
  const char *name, *label, *pattern;
  int priority;
} plain_rules[] = {
    {"cue", "speech cue", "\\b(?:said|told|says|added)\\b", 1},
    {"caps", NULL, "\\p{Lu}\\p{Ll}+(?:\\s+\\p{Lu}\\p{Ll}+)*", 0},
    {"curly",
     "\xe2\x80\x9c"
     "curly"
     "\xe2\x80\x9d",
     "\xe2\x80\x9c[^\xe2\x80\x9d]*\xe2\x80\x9d", 2},
    {"empty", NULL, "x*", -1},
    {"num", NULL, "(?<=\\s)\\d+(?:[.,]\\d+)*(?=\\s|$)", 0},
    {"dash", "dash", "\xe2\x80\x94|--", 5},
    {"line", NULL, "(?m)^.{0,20}$", -3},
};

static const struct {
  const char *name, *pattern;
} tight_rules[] = {
    {"backtrack", "(?:\\w+\\s?)+$"},
    {"nested", "((((((((((a|b|\\s)*)*)*)*)*)*)*)*)*)*c"},
    {"word", "\\w"},
    {"any", "(?s)."},
};

static const nm_rules *fixed_rules(bool tight) {
  static nm_rules *sets[2];
  nm_rules **r = &sets[tight];
  if (*r)
    return *r;
  nm_rules_limits tight_limits = {2000, 40, 16, 5};
  *r = nm_rules_new(NULL, tight ? &tight_limits : NULL);
  CHECK(*r != NULL);
  nm_diag diag;
  if (tight) {
    for (size_t i = 0; i < sizeof tight_rules / sizeof *tight_rules; i++)
      CHECK(nm_rules_add(*r, tight_rules[i].name, NULL, tight_rules[i].pattern,
                         strlen(tight_rules[i].pattern), (int)i % 2,
                         &diag) == NM_OK);
  } else {
    for (size_t i = 0; i < sizeof plain_rules / sizeof *plain_rules; i++)
      CHECK(nm_rules_add(*r, plain_rules[i].name, plain_rules[i].label,
                         plain_rules[i].pattern, strlen(plain_rules[i].pattern),
                         plain_rules[i].priority, &diag) == NM_OK);
  }
  return *r;
}

/* Entries from the first line: "3Chief Rabbi|0Katya Ivanova=Katya|...". */
static nm_lexicon *data_lexicon(const char *line, size_t n) {
  nm_lexicon *lex = nm_lexicon_new(NULL);
  CHECK(lex != NULL);
  add_fixed_words(lex);
  size_t i = 0;
  while (i < n) {
    size_t end = i;
    while (end < n && line[end] != '|')
      end++;
    if (end > i) {
      int cls = (unsigned char)line[i] % (NM_LEX_LAST + 1);
      const char *word = line + i + 1;
      size_t wlen = end - i - 1, eq = 0;
      while (eq < wlen && word[eq] != '=')
        eq++;
      char canonical[64];
      bool has_canon = eq < wlen;
      if (has_canon) {
        size_t cl = wlen - eq - 1;
        if (cl >= sizeof canonical)
          cl = sizeof canonical - 1;
        memcpy(canonical, word + eq + 1, cl);
        canonical[cl] = '\0';
      }
      int rc = nm_lexicon_add(lex, cls, word, eq, has_canon ? canonical : NULL);
      CHECK(rc == NM_OK || rc == NM_EINVAL);
      if (eq == 0)
        CHECK(rc == NM_EINVAL);
    }
    i = end + 1;
  }
  return lex;
}

/* Two parses of the same text with the same options agree. */
static void check_same(const nm_doc *a, const nm_doc *b) {
  size_t na, nb;
  const nm_span *sa = nm_doc_spans(a, &na), *sb = nm_doc_spans(b, &nb);
  CHECK(na == nb);
  CHECK(na == 0 || memcmp(sa, sb, na * sizeof *sa) == 0);
  CHECK(nm_doc_entity_count(a) == nm_doc_entity_count(b));
  for (size_t e = 0; e < nm_doc_entity_count(a); e++) {
    size_t la, lb;
    const char *xa = nm_doc_entity_name(a, e, &la);
    const char *xb = nm_doc_entity_name(b, e, &lb);
    CHECK(la == lb && memcmp(xa, xb, la) == 0);
    xa = nm_doc_entity_role(a, e, &la);
    xb = nm_doc_entity_role(b, e, &lb);
    CHECK((xa == NULL) == (xb == NULL) && la == lb);
    CHECK(!xa || memcmp(xa, xb, la) == 0);
  }
  CHECK(nm_doc_diag_count(a) == nm_doc_diag_count(b));
}

/* Styles for every kind: SGR parameters, and some that are not (a
 * renderer that passed them on would let text inject escapes). */
static const char *const styles[NM_KIND_LAST + 1] = {
    "1",
    "38:5:208",
    "1;33",
    "m\x1b]0;title\x07",
    "",
    NULL,
    "4",
    "0",
    "1\x1b[31",
    "2",
    "3;4",
    "32",
    "33",
    "1;34",
    "36",
    "35",
    "3",
    "4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19;20;21;22;23;24;25;26;27;28;29",
    "7m",
    "7"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t opt[3] = {0, 0, 0};
  size_t skip = size < 3 ? size : 3;
  memcpy(opt, data, skip);
  const char *text = (const char *)data + skip;
  size_t len = size - skip;

  nm_parse_options po = {0};
  nm_lexicon *own_lex = NULL;
  if (opt[0] & OPT_LEX_DATA) {
    const char *nl = memchr(text, '\n', len);
    own_lex = data_lexicon(text, nl ? (size_t)(nl - text) : len);
    po.lexicon = own_lex;
  } else if (opt[0] & OPT_LEXICON) {
    po.lexicon = fixed_lexicon();
  }
  if (opt[0] & OPT_RULES)
    po.rules = fixed_rules(opt[2] & 1);
  /* this build starts the second thread for a text of any length
   * (NM_THREADS_MIN_TEXT=0) */
  if (!(opt[0] & OPT_TWICE))
    po.flags |= NM_PARSE_NO_THREADS;
  fuzz_mem fm;
  bool counted = opt[0] & (OPT_MEM | OPT_MEM_FAIL);
  if (counted) {
    fuzz_mem_init(&fm, (opt[0] & OPT_MEM_FAIL) ? (size_t)opt[1] + 1 : 0,
                  opt[2] & 2);
    po.mem = &fm.mem;
  }

  nm_diag diag;
  memset(&diag, 0xa5, sizeof diag);
  nm_doc *doc = nm_doc_parse(text, len, &po, &diag);
  if (!doc) {
    /* only running out of memory can get here */
    CHECK(counted && fm.failed > 0);
    CHECK(diag.code == NM_ENOMEM);
    CHECK(memchr(diag.message, '\0', sizeof diag.message) != NULL);
    CHECK(fm.live == 0);
    nm_lexicon_free(own_lex);
    return 0;
  }
  fuzz_check_doc(doc, text, len, po.rules);

  nm_render_options ro = {0};
  if (opt[0] & OPT_RENDER) {
    ro.name = "fuzz <&\"name\">\xff.txt";
    ro.rules = po.rules;
    ro.ansi_styles = styles;
    ro.flags = NM_RENDER_NO_TEXT;
  }
  /* byte 2 bits 2-4: 0 or 7 every format, 1-6 format 0-5 alone */
  int pick = (opt[2] >> 2) & 7;
  int only = pick == 0 || pick == 7 ? -1 : NM_FORMAT_FIRST + pick - 1;
  int stop = only >= 0 ? only : NM_FORMAT_FIRST + (opt[2] >> 5) % 6;
  fuzz_check_render(doc, (opt[0] & OPT_RENDER) ? &ro : NULL, only,
                    (opt[0] & OPT_STOP) ? stop : -1, (size_t)opt[1] * 16);

  if ((opt[0] & OPT_TWICE) && !(opt[0] & OPT_MEM_FAIL)) {
    /* the second time from a NUL-terminated buffer the doc borrows, and on
     * one thread: the first took the threaded paths when the allocator is
     * libc's (NM_THREADS_MIN_TEXT=0) */
    char *lent = malloc(len + 1);
    CHECK(lent != NULL);
    memcpy(lent, text, len);
    lent[len] = '\0';
    nm_parse_options borrow = po;
    borrow.flags |= NM_PARSE_BORROW_TEXT | NM_PARSE_NO_THREADS;
    nm_doc *again = nm_doc_parse(lent, len, &borrow, NULL);
    CHECK(again != NULL);
    CHECK(nm_doc_text(again, NULL) == lent);
    check_same(doc, again);
    nm_doc_free(again);
    free(lent);
  }
  nm_doc_free(doc);
  if (counted)
    CHECK(fm.live == 0);
  nm_lexicon_free(own_lex);
  return 0;
}
