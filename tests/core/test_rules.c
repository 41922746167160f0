/* test_rules.c - the rule engine: compile errors, hits, limits, overlaps,
 * odd input bytes, threads and out-of-memory at every allocation.
 *
 * `make test` builds it; by hand:
 *   gcc -std=c11 -Wall -Wextra -Werror -pedantic -Icore/include -Icore/src \
 *     -Itests/core tests/core/test_rules.c core/src/rules.c core/src/util.c \
 *     $(pkg-config --libs libpcre2-8) -o test_rules
 * Output is TAP (tap.h): `ok N - desc`, then `N passed, N failed`. */
#include "internal.h"
#include "newsmark_rules.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <time.h>

/* ---------------------------------------------------------------- helpers */

static double now(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Hits recorded by nm_rules_match. */
typedef struct rec {
  size_t rule;
  uint32_t start, end;
} rec;

typedef struct recs {
  rec *items;
  size_t count, cap;
  size_t stop_after; /* 0: never stop */
} recs;

static int record(size_t rule, uint32_t start, uint32_t end, void *ud) {
  recs *r = ud;
  if (r->count == r->cap) {
    r->cap = r->cap ? 2 * r->cap : 64;
    r->items = realloc(r->items, r->cap * sizeof *r->items);
    if (!r->items)
      abort(); /* the test's own allocation */
  }
  rec x = {rule, start, end};
  r->items[r->count++] = x;
  return r->stop_after && r->count >= r->stop_after ? 42 : 0;
}

static void recs_free(recs *r) {
  free(r->items);
  memset(r, 0, sizeof *r);
}

static int add(nm_rules *rules, const char *name, const char *pattern,
               int priority, nm_diag *dg) {
  return nm_rules_add(rules, name, NULL, pattern, strlen(pattern), priority,
                      dg);
}

static bool has(const recs *r, size_t rule, uint32_t start, uint32_t end) {
  for (size_t i = 0; i < r->count; i++)
    if (r->items[i].rule == rule && r->items[i].start == start &&
        r->items[i].end == end)
      return true;
  return false;
}

static char *repeat(char c, size_t n, const char *tail) {
  size_t t = tail ? strlen(tail) : 0;
  char *s = malloc(n + t + 1);
  if (!s)
    abort();
  memset(s, c, n);
  if (t)
    memcpy(s + n, tail, t);
  s[n + t] = '\0';
  return s;
}

/* ------------------------------------------------------------------ tests */

#define MONEY "\\$\\d[\\d,.]*(?: (?:million|billion))?"

static void test_null_and_getters(void) {
  nm_rules_free(NULL);
  ok(true, "nm_rules_free(NULL) is a no-op");
  ok(nm_rules_count(NULL) == 0 && nm_rules_name(NULL, 0) == NULL &&
         nm_rules_label(NULL, 0) == NULL && nm_rules_priority(NULL, 0) == 0,
     "getters accept NULL");
  nm_diag d;
  ok(nm_rules_match(NULL, "x", 1, record, NULL, &d) == NM_EINVAL &&
         d.code == NM_EINVAL,
     "nm_rules_match(NULL rules) is NM_EINVAL");
  nm_rules *r = nm_rules_new(NULL, NULL);
  ok(r && nm_rules_count(r) == 0, "nm_rules_new gives an empty set");
  ok(nm_rules_add(r, "a", NULL, NULL, 3, 0, &d) == NM_EINVAL,
     "NULL pattern with a length is NM_EINVAL");
  ok(nm_rules_add(r, "empty", NULL, NULL, 0, 0, &d) == NM_OK,
     "NULL pattern of length 0 is the empty pattern");
  ok(nm_rules_match(r, NULL, 0, NULL, NULL, &d) == NM_OK,
     "NULL text of length 0 and a NULL callback match");
  nm_rules_free(r);
}

static void test_money(void) {
  /* Multi-byte text before the hits, so byte offsets differ from
   * character offsets. */
  const char *text = "Der Präsident — «Ça va» — said the deal is worth "
                     "$4.5 billion, up from $300,000 last year.";
  nm_rules *r = nm_rules_new(NULL, NULL);
  nm_diag d;
  int rc = nm_rules_add(r, "money", "Money", MONEY, strlen(MONEY), 3, &d);
  ok(rc == NM_OK && d.code == NM_OK && d.message[0] == '\0',
     "money rule compiles");
  ok(nm_rules_count(r) == 1 && strcmp(nm_rules_name(r, 0), "money") == 0 &&
         strcmp(nm_rules_label(r, 0), "Money") == 0 &&
         nm_rules_priority(r, 0) == 3 && nm_rules_name(r, 1) == NULL &&
         nm_rules_label(r, 1) == NULL && nm_rules_priority(r, 1) == 0,
     "name, label and priority getters");
  recs got = {0};
  rc = nm_rules_match(r, text, strlen(text), record, &got, &d);
  uint32_t a = (uint32_t)(strstr(text, "$4.5") - text);
  uint32_t b = (uint32_t)(strstr(text, "$300") - text);
  ok(rc == NM_OK && got.count == 2, "two money hits (rc %d, %zu hits)", rc,
     got.count);
  ok(got.count == 2 && got.items[0].start == a &&
         got.items[0].end == a + strlen("$4.5 billion") &&
         got.items[1].start == b && got.items[1].end == b + strlen("$300,000"),
     "money hits at byte offsets [%u,%u) and [%u,%u)", (unsigned)a,
     (unsigned)(a + strlen("$4.5 billion")), (unsigned)b,
     (unsigned)(b + strlen("$300,000")));
  recs_free(&got);

  /* A non-zero return from the callback stops and is returned. */
  got.stop_after = 1;
  rc = nm_rules_match(r, text, strlen(text), record, &got, NULL);
  ok(rc == 42 && got.count == 1, "the callback's stop value is returned");
  recs_free(&got);

  /* A second rule with label NULL: the label is the name. */
  rc = nm_rules_add(r, "who", NULL, "\\bPr\\w+", strlen("\\bPr\\w+"), 0, &d);
  ok(rc == NM_OK && strcmp(nm_rules_label(r, 1), "who") == 0,
     "label NULL means the name");
  rc = nm_rules_match(r, text, strlen(text), record, &got, NULL);
  ok(rc == NM_OK && got.count == 3 && got.items[2].rule == 1 &&
         got.items[2].start == 4 && got.items[2].end == 4 + strlen("Präsident"),
     "\\w with UCP spans the whole word Präsident");
  recs_free(&got);
  nm_rules_free(r);
}

static void test_broken_patterns(void) {
  nm_rules *r = nm_rules_new(NULL, NULL);
  nm_diag d;
  const char *p = "\\$(\\d+ x";
  int rc = add(r, "money", p, 0, &d);
  ok(rc == NM_EREGEX && d.code == NM_EREGEX, "unclosed group: NM_EREGEX");
  char want[128];
  snprintf(want, sizeof want,
           "rule \"money\": missing closing parenthesis at offset %zu",
           strlen(p));
  ok(strcmp(d.message, want) == 0, "message is \"%s\"", d.message);
  ok(d.offset == strlen(p) && d.line == 1 && d.column == strlen(p) + 1,
     "offset %zu, line 1, column offset+1", strlen(p));
  ok(nm_rules_count(r) == 0, "the set is unchanged after a compile error");

  rc = add(r, "paren", "a)b", 0, &d);
  ok(rc == NM_EREGEX && d.offset == 1 && d.column == 2 &&
         strstr(d.message, "unmatched closing parenthesis") &&
         strstr(d.message, "rule \"paren\""),
     "unmatched ')' at offset 1: %s", d.message);

  rc = add(r, "cee", "a\\Cb", 0, &d);
  ok(rc == NM_EREGEX, "\\C is refused, so hits end on characters: %s",
     d.message);

  /* A long name is cut in the message so PCRE2's text still fits. */
  char name[200];
  memset(name, 'n', sizeof name - 1);
  name[sizeof name - 1] = '\0';
  rc = add(r, name, "(?<=a+)b", 0, &d);
  ok(rc == NM_EREGEX && strlen(d.message) < sizeof d.message &&
         strstr(d.message, "...\": ") && strstr(d.message, "lookbehind"),
     "long name cut, PCRE2 text kept: %s", d.message);
  ok(nm_rules_count(r) == 0, "still no rules");
  nm_rules_free(r);
}

static void test_names(void) {
  nm_rules *r = nm_rules_new(NULL, NULL);
  nm_diag d;
  ok(add(r, "money", MONEY, 0, &d) == NM_OK, "first 'money' is added");
  int rc = add(r, "money", "x", 0, &d);
  ok(rc == NM_ERULE && d.code == NM_ERULE &&
         strstr(d.message, "rule \"money\"") && strstr(d.message, "duplicate"),
     "duplicate name: %s", d.message);
  rc = add(r, "", "x", 0, &d);
  ok(rc == NM_ERULE && strstr(d.message, "non-empty"), "empty name: %s",
     d.message);
  rc = nm_rules_add(r, NULL, NULL, "x", 1, 0, &d);
  ok(rc == NM_ERULE, "NULL name is NM_ERULE");
  rc = add(r, "two words", "x", 0, &d);
  ok(rc == NM_ERULE && strstr(d.message, "rule \"two words\""),
     "name with a space: %s", d.message);
  rc = add(r, "caf\xc3\xa9\n\"", "x", 0, &d);
  ok(rc == NM_ERULE && strstr(d.message, "rule \"caf????\""),
     "non-ASCII name, shown safely: %s", d.message);
  ok(add(r, "A.b-c_9", "x", 0, &d) == NM_OK,
     "letters, digits, _ . - are allowed");
  rc = nm_rules_add(r, "lbl", "", "x", 1, 0, &d);
  ok(rc == NM_ERULE && strstr(d.message, "label"), "empty label: %s",
     d.message);
  rc = nm_rules_add(r, "lbl", "a\nb", "x", 1, 0, &d);
  ok(rc == NM_ERULE, "label with a control character");
  rc = nm_rules_add(r, "lbl", "bad \xff", "x", 1, 0, &d);
  ok(rc == NM_ERULE, "label with invalid UTF-8");
  rc = nm_rules_add(r, "lbl", "Größe €", "x", 1, 0, &d);
  ok(rc == NM_OK, "UTF-8 label");
  ok(nm_rules_count(r) == 3, "only the good rules are in the set");
  nm_rules_free(r);
}

static void test_catastrophic(void) {
  nm_rules *r = nm_rules_new(NULL, NULL);
  nm_diag d;
  add(r, "boom", "(a+)+$", 0, &d);
  add(r, "bee", "b", 0, &d);
  char *text = repeat('a', 100000, "b");
  recs got = {0};
  double t0 = now();
  int rc = nm_rules_match(r, text, strlen(text), record, &got, &d);
  double dt = now() - t0;
  ok(rc == NM_ELIMIT && d.code == NM_ELIMIT, "(a+)+$ gives NM_ELIMIT");
  ok(strcmp(d.message, "rule \"boom\": match limit exceeded") == 0 &&
         d.offset == 0 && d.line == 1 && d.column == 1,
     "message \"%s\"", d.message);
  ok(got.count == 1 && has(&got, 1, 100000, 100001),
     "the other rule still reports its hit");
  ok(dt < 10.0, "and quickly (%.3f s)", dt);

  nm__spans spans = {0};
  nm__diags diags = {0};
  rc = nm__rules_apply(r, text, (uint32_t)strlen(text), NULL, &spans, &diags);
  ok(rc == NM_OK && diags.count == 1 && diags.items[0].code == NM_ELIMIT &&
         strstr(diags.items[0].message, "rule \"boom\""),
     "nm__rules_apply records one limit diag for the rule");
  ok(spans.count == 1 && spans.items[0].start == 100000 &&
         spans.items[0].kind == NM_KIND_RULE && spans.items[0].link == 1 &&
         spans.items[0].flags == 0,
     "and keeps the other rule's span");
  free(spans.items);
  free(diags.items);
  recs_free(&got);
  free(text);
  nm_rules_free(r);

  /* Depth limit through the interpreter ((*NO_JIT)): PCRE2's own text. */
  nm_rules_limits lim = {0};
  lim.depth_limit = 50;
  r = nm_rules_new(NULL, &lim);
  add(r, "deep", "(*NO_JIT)(?:a|b)*c", 0, &d);
  text = repeat('a', 5000, "dc"); /* a 'c' to get past PCRE2's quick
                                     "required character" rejection */
  rc = nm_rules_match(r, text, strlen(text), NULL, NULL, &d);
  ok(rc == NM_ELIMIT &&
         strcmp(d.message, "rule \"deep\": matching depth limit exceeded") == 0,
     "depth limit: \"%s\"", d.message);
  free(text);
  nm_rules_free(r);
}

static void test_empty_matches(void) {
  nm_rules *r = nm_rules_new(NULL, NULL);
  nm_diag d;
  add(r, "ex", "x*", 0, &d);
  const char *text = "ab xx \xc3\xa9x"; /* é is 2 bytes at 6..8 */
  recs got = {0};
  int rc = nm_rules_match(r, text, strlen(text), record, &got, &d);
  /* Empty hits at 0,1,2, "xx" at 3..5, empty at 5, 6, then "x" at 8..9 and
   * the empty hit at the end: never inside é (offset 7). */
  bool inside = false;
  for (size_t i = 0; i < got.count; i++)
    inside = inside || got.items[i].start == 7 || got.items[i].end == 7;
  ok(rc == NM_OK && has(&got, 0, 3, 5) && has(&got, 0, 8, 9) &&
         has(&got, 0, 9, 9) && has(&got, 0, 0, 0) && !has(&got, 0, 3, 3) &&
         !inside && got.count == 8,
     "x* terminates, finds xx and x, never splits a character (%zu hits)",
     got.count);
  recs_free(&got);

  nm__spans spans = {0};
  nm__diags diags = {0};
  rc = nm__rules_apply(r, text, (uint32_t)strlen(text), NULL, &spans, &diags);
  ok(rc == NM_OK && spans.count == 2 && diags.count == 0,
     "nm__rules_apply drops empty hits");
  free(spans.items);
  free(diags.items);
  nm_rules_free(r);

  /* A pattern that only matches empty, over a long text, is bounded by
   * max_hits. */
  nm_rules_limits lim = {0};
  lim.max_hits = 1000;
  r = nm_rules_new(NULL, &lim);
  add(r, "nothing", "x*", 0, &d);
  char *big = repeat('a', 1000000, NULL);
  rc = nm_rules_match(r, big, strlen(big), record, &got, &d);
  ok(rc == NM_ELIMIT && got.count == 1000 &&
         strstr(d.message, "rule \"nothing\": more than 1000 hits"),
     "x* over 1 MB stops at max_hits: %s", d.message);
  recs_free(&got);
  free(big);
  nm_rules_free(r);
}

static int count_only(size_t rule, uint32_t start, uint32_t end, void *ud) {
  (void)rule;
  (void)start;
  (void)end;
  ++*(size_t *)ud;
  return 0;
}

static void test_max_hits(void) {
  nm_rules *r = nm_rules_new(NULL, NULL);
  nm_diag d;
  add(r, "a", "a", 0, &d);
  add(r, "tail", "b$", 0, &d);
  char *text = repeat('a', 1000000, "b");
  size_t n = 0;
  double t0 = now();
  int rc = nm_rules_match(r, text, strlen(text), count_only, &n, &d);
  double dt = now() - t0;
  ok(rc == NM_ELIMIT && n == 100000 + 1 &&
         strcmp(d.message, "rule \"a\": more than 100000 hits, rest "
                           "dropped") == 0 &&
         d.offset == 100000,
     "a million matches stop at the default 100000: %s (%.3f s)", d.message,
     dt);

  nm__spans spans = {0};
  nm__diags diags = {0};
  rc = nm__rules_apply(r, text, (uint32_t)strlen(text), NULL, &spans, &diags);
  ok(rc == NM_OK && spans.count == 100001 && diags.count == 1 &&
         diags.items[0].code == NM_ELIMIT,
     "nm__rules_apply keeps 100000 + 1 spans and one diag");
  free(spans.items);
  free(diags.items);
  free(text);
  nm_rules_free(r);
}

static void test_odd_bytes(void) {
  nm_rules *r = nm_rules_new(NULL, NULL);
  nm_diag d;
  add(r, "word", "[a-z]+", 0, &d);
  add(r, "nul", "\\x00", 0, &d);
  add(r, "any", "(?s).+", 0, &d);
  /* ab, invalid ff, cd, NUL, ef, a lone lead byte, gh, a lone
   * continuation byte, é */
  const char text[] = "ab\xff"
                      "cd\0ef\xc3"
                      "gh\x80\xc3\xa9";
  size_t len = sizeof text - 1;
  recs got = {0};
  int rc = nm_rules_match(r, text, len, record, &got, &d);
  ok(rc == NM_OK && has(&got, 0, 0, 2) && has(&got, 0, 3, 5) &&
         has(&got, 0, 6, 8) && has(&got, 0, 9, 11),
     "words around invalid UTF-8 and NUL are found");
  ok(has(&got, 1, 5, 6), "a NUL byte can be matched");
  ok(has(&got, 2, 0, 2) && has(&got, 2, 3, 8) && has(&got, 2, 9, 11) &&
         has(&got, 2, 12, 14),
     "'.' runs stop at invalid bytes, include NUL and valid é");
  size_t words = 0;
  for (size_t i = 0; i < got.count; i++)
    words += got.items[i].rule == 0;
  ok(words == 4, "no stray word hits (%zu)", words);
  recs_free(&got);

  rc = nm_rules_match(r, "", 0, record, &got, &d);
  ok(rc == NM_OK && got.count == 0, "empty input: no hits");
  recs_free(&got);
  nm_rules_free(r);

  /* Sizes are checked before the text is read. */
  if (sizeof(size_t) > 4) {
    r = nm_rules_new(NULL, NULL);
    add(r, "x", "x", 0, &d);
    rc = nm_rules_match(r, "x", (size_t)UINT32_MAX + 1, record, &got, &d);
    ok(rc == NM_ETOOBIG && d.code == NM_ETOOBIG, "4 GiB is NM_ETOOBIG");
    nm_rules_free(r);
  }
}

/* Spans as a sorted list of (start, end, link) for comparing. */
static int span_cmp(const void *pa, const void *pb) {
  const nm_span *a = pa, *b = pb;
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  if (a->end != b->end)
    return a->end < b->end ? -1 : 1;
  return a->link < b->link ? -1 : a->link > b->link;
}

static bool span_is(const nm__spans *s, size_t i, uint32_t start, uint32_t end,
                    int32_t link) {
  return i < s->count && s->items[i].start == start && s->items[i].end == end &&
         s->items[i].link == link && s->items[i].kind == NM_KIND_RULE &&
         s->items[i].flags == 0;
}

static void apply_sorted(const nm_rules *r, const char *text, nm__spans *s) {
  nm__diags diags = {0};
  s->count = 0;
  if (nm__rules_apply(r, text, (uint32_t)strlen(text), NULL, s, &diags) !=
      NM_OK)
    abort();
  free(diags.items);
  qsort(s->items, s->count, sizeof *s->items, span_cmp);
}

/* Quadratic reference for the overlap rule: by (priority desc, rule asc,
 * length desc, start asc), keep a hit unless it overlaps a kept one. */
static int ref_cmp_prio[64];
static int ref_cmp(const void *pa, const void *pb) {
  const rec *a = pa, *b = pb;
  int pa_ = ref_cmp_prio[a->rule], pb_ = ref_cmp_prio[b->rule];
  if (pa_ != pb_)
    return pa_ > pb_ ? -1 : 1;
  if (a->rule != b->rule)
    return a->rule < b->rule ? -1 : 1;
  uint32_t la = a->end - a->start, lb = b->end - b->start;
  if (la != lb)
    return la > lb ? -1 : 1;
  return a->start < b->start ? -1 : a->start > b->start;
}

static void test_overlaps(void) {
  nm_diag d;
  nm__spans s = {0};
  const char *text = "alpha beta gamma delta";
  nm_rules *r = nm_rules_new(NULL, NULL);
  add(r, "low", "alpha beta", 1, &d);
  add(r, "high", "beta gamma", 5, &d);
  add(r, "free", "delta", 0, &d);
  apply_sorted(r, text, &s);
  ok(s.count == 2 && span_is(&s, 0, 6, 16, 1) && span_is(&s, 1, 17, 22, 2),
     "higher priority wins an overlap; a lone hit stays");
  nm_rules_free(r);

  r = nm_rules_new(NULL, NULL);
  add(r, "first", "beta gamma", 2, &d);
  add(r, "second", "alpha beta gamma", 2, &d);
  apply_sorted(r, text, &s);
  ok(s.count == 1 && span_is(&s, 0, 6, 16, 0),
     "equal priority: the earlier rule wins, even when shorter");
  nm_rules_free(r);

  /* A(1) overlaps B(2) overlaps C(3); A and C are apart. C drops B, and
   * with B gone nothing stops A. */
  r = nm_rules_new(NULL, NULL);
  add(r, "a", "alpha beta", 1, &d);
  add(r, "b", "beta gamma", 2, &d);
  add(r, "c", "gamma delta", 3, &d);
  apply_sorted(r, text, &s);
  ok(s.count == 2 && span_is(&s, 0, 0, 10, 0) && span_is(&s, 1, 11, 22, 2),
     "a chain keeps the best and what only lost to a dropped hit");
  nm_rules_free(r);

  /* Touching hits do not overlap. */
  r = nm_rules_new(NULL, NULL);
  add(r, "l", "alpha", 1, &d);
  add(r, "r", " beta", 2, &d);
  apply_sorted(r, text, &s);
  ok(s.count == 2, "adjacent hits both stay");
  nm_rules_free(r);

  /* Random texts against the quadratic reference. */
  static const char *pats[] = {"ab+",  "b+c",  "a+",         "ca",
                               "bc?a", "c+b*", "(?:ab){2,}", "b"};
  size_t np = sizeof pats / sizeof *pats;
  unsigned seed = 12345;
  bool all_same = true;
  int rounds = 0;
  for (; rounds < 200 && all_same; rounds++) {
    /* Zeroed slack past the text: PCRE2's JIT reads the subject in aligned
     * 16-byte blocks and may touch bytes after its end, which valgrind
     * reports when they are uninitialised stack (PCRE2Project/pcre2#654). */
    char txt[320] = {0};
    for (size_t i = 0; i < 300; i++) {
      seed = seed * 1103515245u + 12345u;
      txt[i] = "abc"[(seed >> 16) % 3];
    }
    txt[300] = '\0';
    r = nm_rules_new(NULL, NULL);
    for (size_t i = 0; i < np; i++) {
      seed = seed * 1103515245u + 12345u;
      ref_cmp_prio[i] = (int)((seed >> 16) % 4) - 1;
      char name[8];
      snprintf(name, sizeof name, "p%zu", i);
      add(r, name, pats[i], ref_cmp_prio[i], &d);
    }
    recs hits = {0};
    nm_rules_match(r, txt, 300, record, &hits, NULL);
    size_t k = 0;
    for (size_t i = 0; i < hits.count; i++)
      if (hits.items[i].start < hits.items[i].end)
        hits.items[k++] = hits.items[i];
    hits.count = k;
    qsort(hits.items, hits.count, sizeof *hits.items, ref_cmp);
    nm_span *want = calloc(hits.count + 1, sizeof *want);
    size_t nw = 0;
    for (size_t i = 0; i < hits.count; i++) {
      bool clash = false;
      for (size_t j = 0; j < nw && !clash; j++)
        clash = hits.items[i].start < want[j].end &&
                want[j].start < hits.items[i].end;
      if (!clash) {
        nm_span sp = {
            hits.items[i].start,        hits.items[i].end, NM_KIND_RULE, 0, -1,
            (int32_t)hits.items[i].rule};
        want[nw++] = sp;
      }
    }
    qsort(want, nw, sizeof *want, span_cmp);
    apply_sorted(r, txt, &s);
    all_same = s.count == nw;
    for (size_t i = 0; all_same && i < nw; i++)
      all_same = span_is(&s, i, want[i].start, want[i].end, want[i].link);
    free(want);
    recs_free(&hits);
    nm_rules_free(r);
  }
  ok(all_same, "matches the quadratic reference on %d random texts", rounds);

  /* "abab...": every "ab" hit overlaps two "ba" hits. Quadrupling the
   * chain must cost about 4x (n log n), not 16x (quadratic); a ratio, not
   * a fixed time, so it also holds under valgrind. */
  double t[2];
  bool good = true;
  for (int k = 0; k < 2; k++) {
    size_t n = k ? 400000 : 100000;
    char *chain = malloc(n + 1);
    if (!chain)
      abort();
    for (size_t i = 0; i < n; i++)
      chain[i] = "ab"[i % 2];
    chain[n] = '\0';
    nm_rules_limits lim = {0};
    lim.max_hits = 1000000;
    r = nm_rules_new(NULL, &lim);
    add(r, "ab", "ab", 1, &d);
    add(r, "ba", "ba", 2, &d);
    double t0 = now();
    apply_sorted(r, chain, &s);
    t[k] = now() - t0;
    good = good && s.count == n / 2 - 1;
    for (size_t i = 0; good && i < s.count; i++)
      good = s.items[i].link == 1;
    free(chain);
    nm_rules_free(r);
  }
  ok(good, "chains of 100000 and 400000 hits resolve to the \"ba\" hits");
  ok(t[1] < 10 * t[0] + 0.05,
     "4x the hits take %.1fx the time (%.3f s, %.3f s)",
     t[1] / (t[0] > 0 ? t[0] : 1e-9), t[0], t[1]);
  free(s.items);
}

/* ------------------------------------------------------------- threads */

typedef struct job {
  const nm_rules *rules;
  const char *text;
  size_t hits;
  int rc;
} job;

static int run_job(void *arg) {
  job *j = arg;
  for (int i = 0; i < 20; i++) {
    size_t n = 0;
    j->rc = nm_rules_match(j->rules, j->text, strlen(j->text), count_only, &n,
                           NULL);
    if (j->rc != NM_OK || (i && n != j->hits))
      return 1;
    j->hits = n;
  }
  return 0;
}

static void test_threads(void) {
  nm_rules *r = nm_rules_new(NULL, NULL);
  nm_diag d;
  add(r, "money", MONEY, 0, &d);
  add(r, "word", "\\w+", 0, &d);
  add(r, "empty", "(?=\\s)", 0, &d);
  const char *text = "They paid $3 million and then $4,000.50 — twice, "
                     "in ümlaut town.";
  size_t expect = 0;
  nm_rules_match(r, text, strlen(text), count_only, &expect, NULL);
  enum { NT = 4 };
  thrd_t t[NT];
  job jobs[NT];
  bool started[NT] = {false};
  for (int i = 0; i < NT; i++) {
    job j = {r, text, 0, 0};
    jobs[i] = j;
    started[i] = thrd_create(&t[i], run_job, &jobs[i]) == thrd_success;
  }
  bool good = true;
  for (int i = 0; i < NT; i++) {
    int res = 1;
    if (started[i])
      thrd_join(t[i], &res);
    good = good && res == 0 && jobs[i].hits == expect;
  }
  ok(good && expect > 0, "%d threads share one rule set (%zu hits each)", NT,
     expect);
  nm_rules_free(r);
}

/* ---------------------------------------------------- failing allocator */

typedef struct counting {
  size_t calls;   /* allocation attempts so far */
  size_t fail_at; /* fail the call with this number; 0: never */
  long live;      /* blocks handed out and not freed */
} counting;

static bool fail_now(counting *c) {
  c->calls++;
  return c->fail_at && c->calls == c->fail_at;
}

static void *c_calloc(size_t count, size_t size, void *ud) {
  counting *c = ud;
  if (fail_now(c))
    return NULL;
  void *p = calloc(count, size);
  c->live += p != NULL;
  return p;
}

static void *c_realloc(void *ptr, size_t size, void *ud) {
  counting *c = ud;
  if (fail_now(c))
    return NULL;
  void *p = realloc(ptr, size);
  c->live += ptr == NULL && p != NULL;
  return p;
}

static void c_free(void *ptr, void *ud) {
  counting *c = ud;
  c->live -= ptr != NULL;
  free(ptr);
}

/* Everything the module does with one allocator. Returns NM_OK or the first
 * error; every step must leave things freeable. */
static int scenario(const nm_mem *mem, bool *bad) {
  nm_diag d;
  /* A low match limit keeps (a+)+$ cheap across hundreds of runs. */
  nm_rules_limits lim = {10000, 0, 0, 0};
  nm_rules *r = nm_rules_new(mem, &lim);
  if (!r)
    return NM_ENOMEM;
  static const struct {
    const char *name, *pattern;
  } rs[] = {{"money", MONEY},
            {"word", "(*NO_JIT)\\b[A-Z]\\w+"},
            {"ex", "x*"},
            {"boom", "(a+)+$"}};
  int rc = NM_OK;
  for (size_t i = 0; rc == NM_OK && i < sizeof rs / sizeof *rs; i++) {
    size_t before = nm_rules_count(r);
    rc = nm_rules_add(r, rs[i].name, "Label", rs[i].pattern,
                      strlen(rs[i].pattern), (int)i, &d);
    if (rc != NM_OK && (nm_rules_count(r) != before || d.code != rc))
      *bad = true; /* a failed add must leave the set as it was */
  }
  const char *text = "Acme paid $5 million, xx, to Big Co. aaaaaaaaaaaaaaaaaa"
                     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab";
  if (rc == NM_OK) {
    rc = nm_rules_match(r, text, strlen(text), count_only, &(size_t){0}, &d);
    if (rc == NM_ELIMIT)
      rc = NM_OK;
  }
  if (rc == NM_OK) {
    nm__spans spans = {0};
    nm__diags diags = {0};
    rc = nm__rules_apply(r, text, (uint32_t)strlen(text), mem, &spans, &diags);
    if (rc != NM_OK && (spans.count || diags.count))
      *bad = true; /* nothing half-pushed on failure */
    nm__free(mem, spans.items);
    nm__free(mem, diags.items);
  }
  nm_rules_free(r);
  return rc;
}

static void test_oom(void) {
  counting c = {0};
  nm_mem mem = {c_calloc, c_realloc, c_free, &c};
  bool bad = false;
  int rc = scenario(&mem, &bad);
  size_t total = c.calls;
  ok(rc == NM_OK && !bad && c.live == 0,
     "scenario runs with a counting allocator (%zu allocations)", total);
  size_t wrong = 0, leaks = 0, oks = 0;
  for (size_t k = 1; k <= total; k++) {
    counting cc = {0, k, 0};
    mem.ud = &cc;
    rc = scenario(&mem, &bad);
    if (rc == NM_OK)
      oks++; /* a JIT compile may fail and fall back, still fine */
    else if (rc != NM_ENOMEM)
      wrong++;
    if (cc.live != 0)
      leaks++;
  }
  ok(wrong == 0, "failing allocation k = 1..%zu only ever gives NM_ENOMEM",
     total);
  ok(leaks == 0, "and never leaks");
  ok(!bad, "failed adds and applies leave their objects unchanged");
  ok(oks < total, "most failures are reported (%zu of %zu recovered)", oks,
     total);
}

int main(void) {
  test_null_and_getters();
  test_money();
  test_broken_patterns();
  test_names();
  test_catastrophic();
  test_empty_matches();
  test_max_hits();
  test_odd_bytes();
  test_overlaps();
  test_threads();
  test_oom();
  return done();
}
