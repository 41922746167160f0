/*
 * test_doc.c - the nm_doc object: the span array's order and nesting,
 * nm_doc_range_first against a brute-force scan, the line index (CRLF, no
 * final newline), getters out of range, kind and method names, the doc's
 * own copy of the text, NM_ETOOBIG, and out-of-memory: an allocator that
 * fails the k-th allocation, for every k until the parse succeeds, must
 * make nm_doc_parse return NULL with NM_ENOMEM, never crash, and leave
 * nothing allocated (counted here; ASan checks it too under `make test`).
 *
 */
#include "newsmark.h"
#include "tap.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ articles */

/* Every kind of span the analysis makes, nested several deep. */
static const char article[] =
    "Envoys Meet In Geneva As Ceasefire Talks Resume\n\n"
    "Image Credit: AP\n"
    "US Secretary of State Margaret Ellison speaks to reporters in Geneva on "
    "Tuesday.\n\n"
    "Geneva: US Secretary of State Margaret Ellison said on Tuesday that "
    "Washington and Moscow had agreed to resume ceasefire talks.\n\n"
    "\xe2\x80\x9cWe are not there yet,\xe2\x80\x9d Ellison said. "
    "\xe2\x80\x9c"
    "But we are closer than we were.\xe2\x80\x9d\n\n"
    "Russian Foreign Minister Sergei Vostrikov said then: \"The talks will "
    "go on.\"\n\n"
    "\xe2\x80\x9cHe said \xe2\x80\x98no\xe2\x80\x99 twice before he agreed to "
    "meet us,\xe2\x80\x9d she said of the rebel commander.\n\n"
    "Vostrikov told the meeting: \xe2\x80\x9cThe figures came late.\n\n"
    "\xe2\x80\x9cThey came incomplete, and they came after the "
    "deadline.\xe2\x80\x9d\n\n"
    "The so-called \xe2\x80\x9cgreen corridor\xe2\x80\x9d would open "
    "first, according to Ellison.\n\n"
    "The European Space Agency (ESA) will monitor any truce, ESA said.\n";

/* ------------------------------------------------------------ helpers */

static nm_doc *parse(const char *text) {
  nm_diag d;
  memset(&d, 0, sizeof d);
  nm_doc *doc = nm_doc_parse(text, strlen(text), NULL, &d);
  if (!doc)
    diag("nm_doc_parse failed: %d %s", d.code, d.message);
  return doc;
}

static bool encloses(const nm_span *outer, const nm_span *inner) {
  return outer->start <= inner->start && inner->end <= outer->end;
}

/* ------------------------------------------------------------ spans */

static void test_order(const nm_doc *doc) {
  size_t n, len;
  const nm_span *s = nm_doc_spans(doc, &n);
  nm_doc_text(doc, &len);
  ok(n > 30, "order: the article has %zu spans", n);
  ok(nm_doc_span_count(doc) == n && (n == 0 || nm_doc_span(doc, 0) == s),
     "order: nm_doc_spans, nm_doc_span_count and nm_doc_span agree");
  bool sorted = true, bounds = true, kinds = true;
  for (size_t i = 0; i < n; i++) {
    bounds = bounds && s[i].start <= s[i].end && s[i].end <= len;
    kinds = kinds && nm_kind_name(s[i].kind) != NULL;
    if (i > 0 && (s[i - 1].start > s[i].start ||
                  (s[i - 1].start == s[i].start && s[i - 1].end < s[i].end))) {
      diag("spans %zu and %zu out of order", i - 1, i);
      sorted = false;
    }
  }
  ok(sorted, "order: sorted by start ascending, then end descending");
  ok(bounds, "order: 0 <= start <= end <= length");
  ok(kinds, "order: every kind has a name");

  /* parent: the nearest earlier span that encloses it */
  bool parents = true, nearest = true, blocks_top = true;
  for (size_t i = 0; i < n; i++) {
    int32_t p = s[i].parent;
    if (p < -1 || p >= (int32_t)i || (p >= 0 && !encloses(&s[p], &s[i]))) {
      diag("span %zu: bad parent %d", i, p);
      parents = false;
      continue;
    }
    for (size_t j = (size_t)(p + 1); j < i && s[i].start < s[i].end; j++)
      if (s[j].start < s[j].end && encloses(&s[j], &s[i])) {
        diag("span %zu (%s): parent %d, but %zu (%s) is nearer", i,
             nm_kind_name(s[i].kind), p, j, nm_kind_name(s[j].kind));
        nearest = false;
      }
    if (p >= 0 && s[i].kind <= NM_KIND_BLOCK_LAST &&
        s[p].kind <= NM_KIND_BLOCK_LAST)
      blocks_top = false;
  }
  ok(parents, "nesting: a parent comes earlier and encloses its child");
  ok(nearest, "nesting: no span between a child and its parent encloses it");
  ok(blocks_top, "nesting: no block inside another block");

  /* inline spans sit inside their block, but quotes that run over
   * several paragraphs (flagged continued) */
  bool inside = true;
  for (size_t i = 0; i < n; i++) {
    if (s[i].kind <= NM_KIND_BLOCK_LAST)
      continue;
    int32_t p = s[i].parent;
    while (p >= 0 && s[p].kind > NM_KIND_BLOCK_LAST)
      p = s[p].parent;
    bool continued =
        s[i].kind == NM_KIND_QUOTE && (s[i].flags & NM_FLAG_CONTINUED);
    if (p < 0 && !continued) {
      diag("span %zu (%s %u-%u) is in no block", i, nm_kind_name(s[i].kind),
           s[i].start, s[i].end);
      inside = false;
    }
  }
  ok(inside, "nesting: every inline span but a continued quote is in a "
             "block");
}

/* nm_doc_range_first against a linear scan, for every offset, and
 * viewport queries against brute force. */
static void test_range_first(const nm_doc *doc) {
  size_t n, len;
  const nm_span *s = nm_doc_spans(doc, &n);
  nm_doc_text(doc, &len);
  bool exact = true;
  for (uint32_t start = 0; start <= len + 2; start++) {
    size_t want = n;
    for (size_t i = 0; i < n; i++)
      if (s[i].end > start) {
        want = i;
        break;
      }
    size_t got = nm_doc_range_first(doc, start);
    if (got != want) {
      if (exact)
        diag("range_first(%u) = %zu, the first span ending after it is %zu",
             start, got, want);
      exact = false;
    }
  }
  ok(exact,
     "range_first: the first span that ends after each of %zu+3 "
     "offsets",
     len);
  is_int(nm_doc_range_first(doc, UINT32_MAX), n,
         "range_first(UINT32_MAX) is the span count");

  /* viewports: scan from range_first while start < end */
  static const uint32_t views[][2] = {{0, 1},     {0, 60},    {100, 180},
                                      {250, 260}, {300, 700}, {512, 513},
                                      {640, 900}, {700, 701}, {900, 2000}};
  bool all = true;
  for (size_t v = 0; v < sizeof views / sizeof *views; v++) {
    uint32_t a = views[v][0], b = views[v][1];
    size_t want = 0, got = 0;
    for (size_t i = 0; i < n; i++)
      want += s[i].start < b && s[i].end > a;
    for (size_t i = nm_doc_range_first(doc, a); i < n && s[i].start < b; i++)
      got += s[i].end > a;
    if (got != want) {
      diag("view %u-%u: scan finds %zu spans, brute force %zu", a, b, got,
           want);
      all = false;
    }
  }
  ok(all, "range_first: a viewport scan finds every overlapping span");
}

static void test_links(const nm_doc *doc) {
  size_t n;
  const nm_span *s = nm_doc_spans(doc, &n);
  size_t ents = nm_doc_entity_count(doc);
  bool cues = true, quotes = true, mentions = true, others = true;
  for (size_t i = 0; i < n; i++) {
    int32_t l = s[i].link;
    switch (s[i].kind) {
    case NM_KIND_CUE:
      cues = cues && l >= 0 && (size_t)l < n && s[l].kind == NM_KIND_QUOTE;
      break;
    case NM_KIND_QUOTE: {
      int32_t c = nm_doc_quote_cue(doc, i);
      quotes = quotes && (l == -1 || (l >= 0 && (size_t)l < ents)) &&
               (c == -1 || ((size_t)c < n && s[c].kind == NM_KIND_CUE &&
                            s[c].link == (int32_t)i));
      break;
    }
    case NM_KIND_PERSON:
    case NM_KIND_ORGANIZATION:
    case NM_KIND_PLACE:
      mentions = mentions && l >= 0 && (size_t)l < ents &&
                 nm_doc_entity_kind(doc, (size_t)l) == s[i].kind;
      break;
    case NM_KIND_ROLE:
    case NM_KIND_SPEAKER_REF:
      others = others && (l == -1 || (l >= 0 && (size_t)l < ents));
      break;
    default:
      others = others && l == -1 && nm_doc_quote_cue(doc, i) == -1;
    }
  }
  ok(cues, "links: each cue links to a quote");
  ok(quotes, "links: each quote to -1 or an entity, its cue back to it");
  ok(mentions, "links: each mention to an entity of its kind");
  ok(others, "links: roles and speaker refs to -1 or an entity, blocks and "
             "the rest to -1");
}

/* ------------------------------------------------------------ getters */

static void test_getters(const nm_doc *doc) {
  size_t n = nm_doc_span_count(doc), ents = nm_doc_entity_count(doc), len = 7;
  ok(nm_doc_span(doc, n) == NULL && nm_doc_span(doc, SIZE_MAX) == NULL,
     "getters: nm_doc_span out of range is NULL");
  is_int(nm_doc_quote_cue(doc, n), -1, "getters: quote_cue out of range");
  is_int(nm_doc_quote_cue(doc, 0), -1,
         "getters: quote_cue of a block (span 0) is -1");
  ok(ents > 0, "getters: %zu entities", ents);
  is_int(nm_doc_entity_kind(doc, ents), -1, "getters: entity_kind -1");
  ok(nm_doc_entity_name(doc, ents, &len) == NULL && len == 0,
     "getters: entity_name NULL, len 0");
  len = 7;
  ok(nm_doc_entity_role(doc, ents, &len) == NULL && len == 0,
     "getters: entity_role NULL, len 0");
  ok(nm_doc_entity_name(doc, SIZE_MAX, NULL) == NULL &&
         nm_doc_entity_role(doc, SIZE_MAX, NULL) == NULL,
     "getters: SIZE_MAX, with len NULL");
  is_int(nm_doc_entity_mention_count(doc, ents), 0, "getters: mention_count 0");
  is_int(nm_doc_entity_quote_count(doc, ents), 0, "getters: quote_count 0");
  ok(nm_doc_diag(doc, nm_doc_diag_count(doc)) == NULL,
     "getters: nm_doc_diag out of range is NULL");
  bool named = true;
  for (size_t e = 0; e < ents; e++) {
    size_t nl = 0;
    const char *name = nm_doc_entity_name(doc, e, &nl);
    named = named && name && nl > 0 && strlen(name) == nl;
    size_t rl = 99;
    const char *role = nm_doc_entity_role(doc, e, &rl);
    named = named && (role ? strlen(role) == rl && rl > 0 : rl == 0);
  }
  ok(named, "getters: names and roles are NUL-terminated with their length");
}

static void test_names(void) {
  bool round = true, unique = true;
  for (int k = NM_KIND_FIRST; k <= NM_KIND_LAST; k++) {
    const char *name = nm_kind_name(k);
    if (!name || nm_kind_from_name(name) != k) {
      diag("kind %d: name %s", k, name ? name : "NULL");
      round = false;
      continue;
    }
    for (const char *c = name; *c; c++)
      round = round && ((*c >= 'a' && *c <= 'z') || *c == '_');
    for (int j = NM_KIND_FIRST; j < k; j++)
      unique = unique && strcmp(nm_kind_name(j), name) != 0;
  }
  ok(round, "kinds: every kind's lower-case name maps back to it");
  ok(unique, "kinds: names are unique");
  ok(nm_kind_name(-1) == NULL && nm_kind_name(NM_KIND_LAST + 1) == NULL,
     "kinds: nm_kind_name out of range is NULL");
  ok(nm_kind_from_name("qoute") == -1 && nm_kind_from_name("") == -1 &&
         nm_kind_from_name("QUOTE") == -1,
     "kinds: unknown names give -1");
  is_str(nm_kind_name(NM_KIND_QUOTE), "quote", "kinds: quote");
  is_str(nm_kind_name(NM_KIND_SCARE_QUOTE), "scare_quote",
         "kinds: scare_quote");
  is_int(NM_KIND_BLOCK_LAST, NM_KIND_PARAGRAPH,
         "kinds: blocks end at paragraph");
  bool methods =
      nm_method_name(NM_METHOD_LAST + 1) == NULL && nm_method_name(-1) == NULL;
  for (int m = NM_METHOD_FIRST; m <= NM_METHOD_LAST; m++)
    methods = methods && nm_method_name(m) && *nm_method_name(m);
  ok(methods, "methods: named in range, NULL out of it");
  static const int codes[] = {NM_OK,      NM_ENOMEM, NM_EINVAL,
                              NM_ETOOBIG, NM_ERULE,  NM_EREGEX,
                              NM_ELIMIT,  -99,       INT32_MAX};
  bool messages = true;
  for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
    messages = messages && nm_strerror(codes[i]) && *nm_strerror(codes[i]);
  ok(messages, "nm_strerror: a message for every code, known or not");
  is_int(nm_version(), NM_VERSION, "nm_version() is NM_VERSION");
}

/* ------------------------------------------------------------ lines */

static void check_line_col(const nm_doc *doc, uint32_t offset, uint32_t line,
                           uint32_t col, const char *what) {
  uint32_t l = 99, c = 99;
  nm_doc_line_col(doc, offset, &l, &c);
  ok(l == line && c == col, "%s: offset %u is line %u col %u (got %u:%u)", what,
     offset, line, col, l, c);
}

static void test_lines(void) {
  /* CRLF, an LF and no final newline */
  static const char text[] = "ab\r\ncd\nef";
  nm_doc *doc = nm_doc_parse(text, sizeof text - 1, NULL, NULL);
  if (!ok(doc != NULL, "lines: parses"))
    return;
  is_int(nm_doc_line_count(doc), 3, "lines: three lines");
  is_int(nm_doc_line_start(doc, 0), 0, "lines: line 0 starts at 0");
  is_int(nm_doc_line_start(doc, 1), 4, "lines: line 1 starts after CRLF");
  is_int(nm_doc_line_start(doc, 2), 7, "lines: line 2 starts after LF");
  is_int(nm_doc_line_start(doc, 3), 9, "lines: past the end: the length");
  is_int(nm_doc_line_start(doc, UINT32_MAX), 9,
         "lines: far past the end: the length");
  check_line_col(doc, 0, 0, 0, "lines");
  check_line_col(doc, 2, 0, 2, "lines: the CR belongs to its line");
  check_line_col(doc, 3, 0, 3, "lines: so does the LF");
  check_line_col(doc, 4, 1, 0, "lines");
  check_line_col(doc, 6, 1, 2, "lines");
  check_line_col(doc, 8, 2, 1, "lines");
  check_line_col(doc, 9, 2, 2,
                 "lines: the end of a text without final "
                 "newline");
  check_line_col(doc, 1000, 2, 2, "lines: past the end clamps");
  nm_doc_line_col(doc, 5, NULL, NULL);
  ok(1, "lines: line_col takes NULL outputs");
  nm_doc_free(doc);

  /* with a final newline: every offset maps back to itself */
  doc = parse(article);
  if (!doc)
    return;
  size_t len;
  const char *t = nm_doc_text(doc, &len);
  bool round = true, starts = true;
  for (uint32_t o = 0; o <= len; o++) {
    uint32_t l, c;
    nm_doc_line_col(doc, o, &l, &c);
    round = round && l < nm_doc_line_count(doc) &&
            nm_doc_line_start(doc, l) + c == o &&
            !memchr(t + nm_doc_line_start(doc, l), '\n', c);
  }
  for (uint32_t l = 1; l < nm_doc_line_count(doc); l++)
    starts = starts && t[nm_doc_line_start(doc, l) - 1] == '\n';
  ok(round, "lines: every offset is line_start(line) + col, col within the "
            "line");
  ok(starts, "lines: each line after the first starts after a \\n");
  size_t newlines = 0;
  for (size_t i = 0; i < len; i++)
    newlines += t[i] == '\n';
  is_int(nm_doc_line_count(doc), newlines + 1,
         "lines: one line more than there are \\n");
  nm_doc_free(doc);

  doc = nm_doc_parse("", 0, NULL, NULL);
  if (doc) {
    is_int(nm_doc_line_count(doc), 1, "lines: the empty text has one line");
    check_line_col(doc, 0, 0, 0, "lines: empty");
    is_int(nm_doc_line_start(doc, 1), 0, "lines: empty: past the end is 0");
  }
  nm_doc_free(doc);
}

/* ------------------------------------------------------------ ownership */

static void test_copy(void) {
  size_t len = strlen(article);
  char *buf = malloc(len + 1);
  if (!buf)
    exit(2);
  memcpy(buf, article, len + 1);
  nm_doc *doc = nm_doc_parse(buf, len, NULL, NULL);
  memset(buf, 'x', len);
  free(buf);
  if (!ok(doc != NULL, "copy: parses"))
    return;
  size_t got;
  const char *t = nm_doc_text(doc, &got);
  ok(got == len && memcmp(t, article, len) == 0 && t[len] == '\0',
     "copy: the doc keeps its own copy, NUL-terminated, after the caller's "
     "buffer is freed");
  nm_doc_free(doc);
  nm_doc_free(NULL);
  ok(1, "nm_doc_free(NULL) is a no-op");

  if (SIZE_MAX > UINT32_MAX) {
    nm_diag d;
    memset(&d, 0, sizeof d);
    /* the length is refused before any byte is read */
    size_t four_gib = (size_t)UINT32_MAX + 1;
    doc = nm_doc_parse("x", four_gib, NULL, &d);
    ok(doc == NULL && d.code == NM_ETOOBIG,
       "4 GiB of input: NULL and NM_ETOOBIG");
    nm_doc_free(doc);
  } else {
    skip(1, "size_t is 32 bits");
  }
}

/* Two parses found the same spans and entities. */
static bool same_doc(const nm_doc *a, const nm_doc *b) {
  size_t na, nb;
  const nm_span *sa = nm_doc_spans(a, &na), *sb = nm_doc_spans(b, &nb);
  if (na != nb || (na && memcmp(sa, sb, na * sizeof *sa) != 0) ||
      nm_doc_entity_count(a) != nm_doc_entity_count(b))
    return false;
  for (size_t e = 0; e < nm_doc_entity_count(a); e++) {
    size_t la, lb;
    const char *xa = nm_doc_entity_name(a, e, &la);
    const char *xb = nm_doc_entity_name(b, e, &lb);
    if (la != lb || memcmp(xa, xb, la) != 0)
      return false;
  }
  return true;
}

static void test_borrow(void) {
  size_t len = strlen(article);
  nm_parse_options borrow = {0};
  borrow.flags = NM_PARSE_BORROW_TEXT;
  nm_doc *copied = nm_doc_parse(article, len, NULL, NULL);
  nm_doc *lent = nm_doc_parse(article, len, &borrow, NULL);
  if (!ok(copied && lent, "borrow: parses"))
    goto out;
  size_t got;
  ok(nm_doc_text(lent, &got) == article && got == len,
     "borrow: with a NUL after the text the doc uses the caller's bytes");
  ok(nm_doc_text(copied, NULL) != article, "borrow: not without the flag");
  ok(same_doc(copied, lent), "borrow: the same spans and entities as a copy");

  /* no NUL after the text: copied, and the copy is NUL-terminated */
  char *buf = malloc(len + 1);
  if (!buf)
    exit(2);
  memcpy(buf, article, len);
  buf[len] = 'x';
  nm_doc *unterminated = nm_doc_parse(buf, len, &borrow, NULL);
  const char *t = unterminated ? nm_doc_text(unterminated, &got) : NULL;
  bool own = t && t != buf;
  memset(buf, 'y', len + 1);
  free(buf);
  ok(own && got == len && memcmp(t, article, len) == 0 && t[len] == '\0' &&
         same_doc(copied, unterminated),
     "borrow: without a NUL after the text the doc copies it");
  nm_doc_free(unterminated);

  nm_doc *empty = nm_doc_parse(NULL, 0, &borrow, NULL);
  ok(empty && nm_doc_text(empty, &got)[0] == '\0' && got == 0,
     "borrow: NULL text of length 0 is the empty text");
  nm_doc_free(empty);
out:
  nm_doc_free(copied);
  nm_doc_free(lent);
}

/* ----------------------------------------------------------- threads */

static void *plain_calloc(size_t n, size_t size, void *ud) {
  (void)ud;
  return calloc(n, size);
}
static void *plain_realloc(void *p, size_t size, void *ud) {
  (void)ud;
  return realloc(p, size);
}
static void plain_free(void *p, void *ud) {
  (void)ud;
  free(p);
}

/* A text of 1 MiB or more is tokenised on a second thread (feed.c) unless
 * NM_PARSE_NO_THREADS is set or the caller brings an allocator: all three
 * parses must find the same document. The text mixes what crosses blocks
 * (a quote open over two paragraphs, headline passes) and one paragraph of
 * 20 000 words, which outgrows the token arrays of the ring. */
static void test_threads(void) {
  static const char *const pieces[] = {
      article,
      "\n\n\u201cThe talks will go on,\n\n\u201cas long as both sides "
      "stay,\u201d Ellison said.\n\n",
      "A Title Case Line With Many Capitalised Words In It\n\n",
      "Ellison\u2019s deputy, Ruth Okafor, said: \u201cWe wait.\u201d\n\n",
  };
  size_t cap = ((size_t)1 << 20) + 400000, len = 0;
  char *text = malloc(cap + 1);
  if (!text)
    exit(2);
  for (size_t k = 0; len < ((size_t)1 << 20); k++) {
    const char *p = pieces[k % (sizeof pieces / sizeof *pieces)];
    size_t n = strlen(p);
    memcpy(text + len, p, n);
    len += n;
    if (k == 40) /* the long paragraph */
      for (int w = 0; w < 20000; w++) {
        memcpy(text + len, w % 7 ? "word " : "Name ", 5);
        len += 5;
      }
  }
  text[len] = '\0';
  nm_parse_options one = {0}, mine = {0};
  one.flags = NM_PARSE_NO_THREADS;
  nm_mem libc_mem = {plain_calloc, plain_realloc, plain_free, NULL};
  mine.mem = &libc_mem;
  nm_doc *threaded = nm_doc_parse(text, len, NULL, NULL);
  nm_doc *single = nm_doc_parse(text, len, &one, NULL);
  nm_doc *own_mem = nm_doc_parse(text, len, &mine, NULL);
  if (ok(threaded && single && own_mem, "threads: %zu bytes parse", len)) {
    ok(nm_doc_span_count(single) > 10000 && nm_doc_entity_count(single) > 2,
       "threads: the long text has spans and entities");
    ok(same_doc(threaded, single),
       "threads: the same document with and without the second thread");
    ok(same_doc(own_mem, single),
       "threads: the same with a caller's allocator (one thread)");
  }
  nm_doc_free(threaded);
  nm_doc_free(single);
  nm_doc_free(own_mem);
  free(text);
}

/* A long text's structure is split and classified in two halves at once,
 * cut at the first blank line from its middle (core/src/structure.c). Each
 * text here puts `before` and `after` around that cut, between fillers of
 * some 600 KB, and must come out as on one thread; the block after the cut
 * must have `want` as its kind. */
static void structure_halves(const char *filler, const char *before,
                             const char *after, int want, const char *what) {
  size_t cap = (size_t)3 << 20, len = 0;
  char *text = malloc(cap + 1);
  if (!text)
    exit(2);
  size_t fn = strlen(filler);
  while (len < 600000) {
    memcpy(text + len, filler, fn);
    len += fn;
  }
  memcpy(text + len, before, strlen(before));
  /* the middle goes in the last line of `before`: its first byte */
  size_t last_line = len + strlen(before) - 1;
  while (last_line > len && text[last_line - 1] != '\n')
    last_line--;
  while (last_line > len && text[last_line - 1] == '\n')
    last_line--; /* back over the blank line(s) to the text line */
  while (last_line > len && text[last_line - 1] != '\n')
    last_line--;
  len += strlen(before);
  size_t cut = len;
  memcpy(text + len, after, strlen(after));
  len += strlen(after);
  size_t total = 2 * (last_line + 1);
  for (size_t k = 0; len < total; k = (k + 1) % fn)
    text[len++] = filler[k];
  text[len] = '\0';
  nm_parse_options one = {0};
  one.flags = NM_PARSE_NO_THREADS;
  nm_doc *threaded = nm_doc_parse(text, len, NULL, NULL);
  nm_doc *single = nm_doc_parse(text, len, &one, NULL);
  int got = -1;
  for (size_t i = 0; single && i < nm_doc_span_count(single); i++) {
    const nm_span *sp = nm_doc_span(single, i);
    if (sp->start == cut && sp->kind <= NM_KIND_PARAGRAPH) {
      got = sp->kind;
      break;
    }
  }
  ok(threaded && single && same_doc(threaded, single) && got == want,
     "threads: structure halves, %s (%zu bytes; after the cut: %s)", what, len,
     got >= 0 ? nm_kind_name(got) : "no block");
  nm_doc_free(threaded);
  nm_doc_free(single);
  free(text);
}

static void test_threads_structure(void) {
  static const char body[] =
      "The council met on Tuesday, and the mayor said the plan would go "
      "ahead before the spring.\n\n";
  structure_halves(body, "Image Credit: AP\n\n",
                   "Pictured: the old bridge at dawn\n\nGulf News\n\n",
                   NM_KIND_CAPTION, "a caption after a credit in the first");
  structure_halves(body, "Image Credit: AP\r\n\r\n",
                   "Pictured: the old bridge at dawn\r\n\r\n", NM_KIND_CAPTION,
                   "CRLF blank line");
  structure_halves(body, "A paragraph that ends here.\n \t \n",
                   "Another one begins here and goes on.\n\n",
                   NM_KIND_PARAGRAPH, "a blank line of blanks");
  /* no body before the cut: a headline, then only boilerplate */
  static const char furniture[] = "Advertisement\n\n";
  structure_halves(furniture, "Share this\n\n",
                   "Share on social media\n\nThe council met on Tuesday, "
                   "and the mayor said the plan would go ahead.\n\n",
                   NM_KIND_BOILERPLATE, "the body not begun before the cut");
}

/* The tokenizing thread fails (out of memory) at a block: the parse returns
 * NULL with NM_ENOMEM and frees all, as on one thread. Only the builds
 * with NM_FEED_TEST (ThreadSanitizer and ASan, the feed on for every text)
 * can make it fail; elsewhere the marker is text like any other. */
static void test_thread_failure(void) {
  static const char text[] = "Talks resume\n\n"
                             "The envoys met, Ellison said.\n\n"
                             "NM_FEED_FAIL is a paragraph like another.\n\n"
                             "\u201cWe wait,\u201d Okafor said.\n";
  nm_diag diag;
  memset(&diag, 0, sizeof diag);
  nm_doc *doc = nm_doc_parse(text, strlen(text), NULL, &diag);
#ifdef NM_FEED_TEST
  ok(!doc && diag.code == NM_ENOMEM,
     "threads: a failure on the tokenizing thread is NM_ENOMEM");
#else
  ok(doc != NULL, "threads: the failure marker is text in this build");
#endif
  nm_doc_free(doc);
}

/* ------------------------------------------------------------ memory */

typedef struct failing {
  long calls;   /* allocations asked for so far */
  long fail_at; /* the call that fails (1-based); 0 never */
  bool sticky;  /* fail every call from fail_at on */
  long live;    /* blocks allocated and not freed */
  long failed;  /* calls that failed */
} failing;

static bool should_fail(failing *f) {
  f->calls++;
  bool fail = f->fail_at > 0 &&
              (f->calls == f->fail_at || (f->sticky && f->calls > f->fail_at));
  f->failed += fail;
  return fail;
}

static void *f_calloc(size_t count, size_t size, void *ud) {
  failing *f = ud;
  if (should_fail(f))
    return NULL;
  void *p = calloc(count ? count : 1, size ? size : 1);
  f->live += p != NULL;
  return p;
}

static void *f_realloc(void *ptr, size_t size, void *ud) {
  failing *f = ud;
  if (should_fail(f))
    return NULL;
  void *p = realloc(ptr, size ? size : 1);
  f->live += p && !ptr;
  return p;
}

static void f_free(void *ptr, void *ud) {
  failing *f = ud;
  if (ptr)
    f->live--;
  free(ptr);
}

static void test_oom(bool sticky) {
  const char *mode = sticky ? "every call from the k-th" : "the k-th call";
  failing f;
  memset(&f, 0, sizeof f);
  nm_mem mem = {f_calloc, f_realloc, f_free, &f};
  nm_parse_options opts;
  memset(&opts, 0, sizeof opts);
  opts.mem = &mem;

  /* a first run that never fails counts the calls and is the reference */
  nm_doc *doc = nm_doc_parse(article, strlen(article), &opts, NULL);
  long total = f.calls;
  size_t ref_n = 0, ref_ents = doc ? nm_doc_entity_count(doc) : 0;
  const nm_span *ref_spans = doc ? nm_doc_spans(doc, &ref_n) : NULL;
  nm_span *ref = calloc(ref_n + 1, sizeof *ref);
  if (!ref)
    exit(2);
  if (ref_n)
    memcpy(ref, ref_spans, ref_n * sizeof *ref);
  ok(doc != NULL && total > 0, "oom (%s): %ld allocations without failure",
     mode, total);
  nm_doc_free(doc);
  is_int(f.live, 0, "oom (%s): nm_doc_free frees them all", mode);

  long k, wrong = 0, differs = 0, leaks = 0, recovered = 0;
  for (k = 1; k <= total + 1; k++) {
    memset(&f, 0, sizeof f);
    f.fail_at = k;
    f.sticky = sticky;
    nm_diag d;
    memset(&d, 0, sizeof d);
    doc = nm_doc_parse(article, strlen(article), &opts, &d);
    size_t n = 0;
    const nm_span *spans = doc ? nm_doc_spans(doc, &n) : NULL;
    if (doc && f.failed > 0) {
      /* a failed call that the library could do without: the result must
       * be the same as the reference */
      recovered++;
      if (n != ref_n || nm_doc_entity_count(doc) != ref_ents ||
          (n && memcmp(spans, ref, n * sizeof *ref) != 0)) {
        diag("k=%ld: succeeded after a failed call, with other spans", k);
        differs++;
      }
    } else if (!doc && (d.code != NM_ENOMEM || f.failed == 0)) {
      if (wrong < 3)
        diag("k=%ld: NULL with code %d after %ld failed calls", k, d.code,
             f.failed);
      wrong++;
    }
    nm_doc_free(doc);
    if (f.live != 0) {
      if (leaks < 3)
        diag("k=%ld: %ld blocks left allocated", k, f.live);
      leaks++;
    }
    if (doc && f.failed == 0)
      break;
  }
  free(ref);
  ok(k <= total + 1,
     "oom (%s): the parse succeeds once k passes the last call (k=%ld)", mode,
     k);
  is_int(wrong, 0,
         "oom (%s): a run that returns NULL says NM_ENOMEM, and only after "
         "a failed call",
         mode);
  is_int(differs, 0,
         "oom (%s): a run with a failed call returns NULL, or having done "
         "without, the same doc",
         mode);
  is_int(leaks, 0, "oom (%s): no run leaves a block allocated", mode);
  if (recovered)
    diag("oom (%s): %ld runs did without a failed allocation", mode, recovered);

  /* a lexicon's allocations fail the same way */
  memset(&f, 0, sizeof f);
  long lex_wrong = 0;
  for (k = 1; k < 200; k++) {
    memset(&f, 0, sizeof f);
    f.fail_at = k;
    f.sticky = sticky;
    nm_lexicon *lex = nm_lexicon_new(&mem);
    int rc =
        lex ? nm_lexicon_add(lex, NM_LEX_PERSON, "Katya", 5, NULL) : NM_ENOMEM;
    if (rc == NM_OK)
      rc = nm_lexicon_add(lex, NM_LEX_ORGANIZATION, "DOE", 3,
                          "U.S. Department of Energy");
    if (rc != NM_OK && rc != NM_ENOMEM)
      lex_wrong++;
    nm_lexicon_free(lex);
    if (f.live != 0)
      lex_wrong++;
    if (rc == NM_OK && f.failed == 0)
      break;
  }
  is_int(lex_wrong, 0,
         "oom (%s): nm_lexicon_new/add fail with NM_ENOMEM and leak nothing",
         mode);
}

int main(void) {
  nm_doc *doc = parse(article);
  if (ok(doc != NULL, "article: parses")) {
    test_order(doc);
    test_range_first(doc);
    test_links(doc);
    test_getters(doc);
    nm_doc_free(doc);
  }
  test_names();
  test_lines();
  test_copy();
  test_borrow();
  test_threads();
  test_threads_structure();
  test_thread_failure();
  test_oom(false);
  test_oom(true);
  return done();
}
