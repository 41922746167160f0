/*
 * fuzz_rules.c - libFuzzer harness for custom rules: nm_rules_add
 * (compile), nm_rules_match and nm_doc_parse with the rules.
 *
 * Input: five option bytes, then up to four patterns split by 0x1f, a NUL
 * byte, and the subject text (no NUL: the whole rest is also the subject).
 *   byte 0, limits, two bits each (0 is the default):
 *     match_limit {0, 1, 100, 10000}, depth_limit {0, 1, 20, 1000},
 *     heap_limit {0, 1, 8, 256} KiB, max_hits {0, 1, 4, 64}
 *   byte 1, priorities: two bits per rule, {0, 1, INT_MIN, INT_MAX}
 *   byte 2, flags:
 *     0x01  add rule 0 a second time under its name (must be NM_ERULE)
 *     0x02  name rule 0 with a character a name may not hold (NM_ERULE)
 *     0x04  labels: two bits per rule from byte 4; label 3 is not valid
 *           (NM_ERULE)
 *     0x08  a counting allocator for the set and the doc
 *     0x10  ... that fails allocation number byte 3 + 1
 *     0x20  match again with a callback that stops after byte 3 hits
 *     0x40  render the doc in format byte 3 % 6, with the rules named,
 *           and again with a writer that stops
 *     0x80  also parse with the rules (always done when there are hits)
 *   byte 3, a count (allocation to fail, hits before stopping)
 *   byte 4, label choice
 *
 * Checks: nm_rules_add returns NM_OK, or NM_EREGEX exactly when PCRE2
 * itself refuses the pattern (with its offset and a NUL-terminated message
 * naming the rule), or NM_ERULE for a bad name or label; on error the set is
 * unchanged. nm_rules_match reports hits in bounds, in order of rule then
 * offset, never overlapping within a rule, on character boundaries of
 * valid UTF-8, at most max_hits per rule, and returns NM_OK or NM_ELIMIT
 * with a diagnostic. A doc parsed with the rules passes every check of
 * fuzz_parse, and its rule spans are exactly the greedy priority
 * resolution of those hits: each is a non-empty hit, they never overlap,
 * and every hit left out overlaps a kept hit of higher rank.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "harness.h"

#include <limits.h>

#define MAX_RULES 4

static const uint32_t match_limits[4] = {0, 1, 100, 10000};
static const uint32_t depth_limits[4] = {0, 1, 20, 1000};
static const uint32_t heap_limits[4] = {0, 1, 8, 256};
static const uint32_t max_hits[4] = {0, 1, 4, 64};
static const int priorities[4] = {0, 1, INT_MIN, INT_MAX};
static const char *const labels[4] = {NULL, "Label",
                                      "\xc3\x9c"
                                      "n"
                                      "\xc3\xaf"
                                      "code \xe2\x9c\x93",
                                      "bad\x01label"};
static const char *const names[MAX_RULES] = {"r0", "rule.one", "rule-2", "R_3"};

typedef struct hit {
  size_t rule;
  uint32_t start, end;
} hit;

typedef struct hits {
  hit *items;
  size_t count, cap;
  size_t stop_after; /* stop with 9 after this many; 0: never */
  size_t len;        /* subject length */
} hits;

static int on_hit(size_t rule, uint32_t start, uint32_t end, void *ud) {
  hits *h = ud;
  CHECK(h->stop_after == 0 || h->count < h->stop_after);
  if (h->count == h->cap) {
    h->cap = h->cap ? h->cap * 2 : 64;
    h->items = realloc(h->items, h->cap * sizeof *h->items);
    CHECK(h->items != NULL);
  }
  h->items[h->count++] = (hit){rule, start, end};
  if (h->stop_after && h->count == h->stop_after)
    return 9;
  return 0;
}

/* Rank of a hit inside a doc: higher priority, earlier rule, longer,
 * earlier (rules.c's resolve). Negative when `a` ranks before `b`. */
static int rank_cmp(const nm_rules *rules, hit a, hit b) {
  int pa = nm_rules_priority(rules, a.rule);
  int pb = nm_rules_priority(rules, b.rule);
  if (pa != pb)
    return pa > pb ? -1 : 1;
  if (a.rule != b.rule)
    return a.rule < b.rule ? -1 : 1;
  uint32_t la = a.end - a.start, lb = b.end - b.start;
  if (la != lb)
    return la > lb ? -1 : 1;
  return a.start < b.start ? -1 : a.start > b.start;
}

/* The doc's rule spans against the hits of nm_rules_match. */
static void check_rule_spans(const nm_doc *doc, const nm_rules *rules,
                             const hits *h, uint32_t hit_cap) {
  size_t count;
  const nm_span *spans = nm_doc_spans(doc, &count);
  size_t nrules = nm_rules_count(rules);
  hit *kept = malloc((count + 1) * sizeof *kept);
  size_t *per_rule = calloc(nrules + 1, sizeof *per_rule);
  CHECK(kept && per_rule);
  size_t nkept = 0;
  for (size_t i = 0; i < count; i++) {
    if (spans[i].kind != NM_KIND_RULE)
      continue;
    hit k = {(size_t)spans[i].link, spans[i].start, spans[i].end};
    /* rule spans never overlap one another */
    CHECK(nkept == 0 || kept[nkept - 1].end <= k.start);
    kept[nkept++] = k;
    CHECK(++per_rule[k.rule] <= hit_cap);
    /* ... and each is a hit of its rule (hits are in rule, start order) */
    size_t lo = 0, hi = h->count;
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      const hit *m = &h->items[mid];
      if (m->rule < k.rule || (m->rule == k.rule && m->start < k.start))
        lo = mid + 1;
      else
        hi = mid;
    }
    bool found = false;
    for (; lo < h->count && h->items[lo].rule == k.rule &&
           h->items[lo].start == k.start && !found;
         lo++)
      found = h->items[lo].end == k.end;
    CHECK(found);
  }
  /* every non-empty hit left out overlaps a kept one of higher rank */
  for (size_t j = 0; j < h->count; j++) {
    hit x = h->items[j];
    if (x.start == x.end)
      continue;
    size_t lo = 0, hi = nkept; /* first kept hit ending after x.start */
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (kept[mid].end > x.start)
        hi = mid;
      else
        lo = mid + 1;
    }
    bool same = false, beaten = false;
    for (size_t k = lo; k < nkept && kept[k].start < x.end; k++) {
      if (kept[k].rule == x.rule && kept[k].start == x.start &&
          kept[k].end == x.end)
        same = true;
      else if (rank_cmp(rules, kept[k], x) < 0)
        beaten = true;
    }
    CHECK(same != beaten);
  }
  free(kept);
  free(per_rule);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t opt[5] = {0, 0, 0, 0, 0};
  size_t skip = size < 5 ? size : 5;
  memcpy(opt, data, skip);
  const char *rest = (const char *)data + skip;
  size_t rest_len = size - skip;
  const char *nul = memchr(rest, '\0', rest_len);
  size_t pat_len = nul ? (size_t)(nul - rest) : rest_len;
  const char *subject = nul ? nul + 1 : rest;
  size_t len = nul ? rest_len - pat_len - 1 : rest_len;

  nm_rules_limits limits = {
      match_limits[opt[0] & 3], depth_limits[(opt[0] >> 2) & 3],
      heap_limits[(opt[0] >> 4) & 3], max_hits[(opt[0] >> 6) & 3]};
  uint32_t hit_cap = limits.max_hits ? limits.max_hits : 100000;
  bool counted = opt[2] & 0x18, failing = opt[2] & 0x10;
  fuzz_mem fm;
  if (counted)
    fuzz_mem_init(&fm, failing ? (size_t)opt[3] + 1 : 0, false);
  nm_rules *rules = nm_rules_new(counted ? &fm.mem : NULL, &limits);
  if (!rules) {
    CHECK(failing && fm.live == 0);
    return 0;
  }

  /* ------------------------------------------------------ compile */
  size_t added = 0;
  const char *pat = rest;
  for (size_t r = 0; r < MAX_RULES && pat <= rest + pat_len; r++) {
    const char *sep = memchr(pat, 0x1f, (size_t)(rest + pat_len - pat));
    size_t n = sep ? (size_t)(sep - pat) : (size_t)(rest + pat_len - pat);
    const char *name = names[r];
    if (r == 0 && (opt[2] & 0x02))
      name = "bad name";
    const char *label =
        (opt[2] & 0x04) ? labels[(opt[4] >> (2 * r)) & 3] : NULL;
    int prio = priorities[(opt[1] >> (2 * r)) & 3];

    int err = 0;
    PCRE2_SIZE erroff = 0;
    pcre2_code *oracle = pcre2_compile((PCRE2_SPTR)(n ? pat : ""), n,
                                       PCRE2_UTF | PCRE2_MATCH_INVALID_UTF |
                                           PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C,
                                       &err, &erroff, NULL);
    bool compiles = oracle != NULL;
    pcre2_code_free(oracle);

    size_t before = nm_rules_count(rules), live = counted ? fm.live : 0;
    size_t failed = counted ? fm.failed : 0;
    nm_diag diag;
    memset(&diag, 0xa5, sizeof diag);
    int rc = nm_rules_add(rules, name, label, n ? pat : NULL, n, prio, &diag);
    bool bad_rule = name != names[r] || label == labels[3];
    if (rc == NM_OK) {
      CHECK(!bad_rule && compiles);
      CHECK(diag.code == 0);
      CHECK(nm_rules_count(rules) == before + 1);
      CHECK(strcmp(nm_rules_name(rules, before), name) == 0);
      CHECK(strcmp(nm_rules_label(rules, before), label ? label : name) == 0);
      CHECK(nm_rules_priority(rules, before) == prio);
      added++;
    } else {
      CHECK(nm_rules_count(rules) == before); /* unchanged */
      CHECK(!counted || fm.live == live);
      CHECK(diag.code == rc);
      CHECK(memchr(diag.message, '\0', sizeof diag.message) != NULL);
      CHECK(diag.message[0] != '\0');
      if (rc == NM_ENOMEM) {
        CHECK(counted && fm.failed > failed);
      } else if (rc == NM_ERULE) {
        CHECK(bad_rule);
        CHECK(strncmp(diag.message, "rule \"", 6) == 0);
      } else {
        CHECK(rc == NM_EREGEX);
        CHECK(!bad_rule && !compiles);
        /* PCRE2 may put the offset one past the pattern's end; the
         * library keeps it inside */
        if (erroff > n)
          erroff = n;
        CHECK(diag.offset == erroff && diag.offset <= n);
        CHECK(diag.line == 1 && diag.column == erroff + 1);
        CHECK(strncmp(diag.message, "rule \"", 6) == 0);
        PCRE2_UCHAR text[32];
        if (pcre2_get_error_message(err, text, sizeof text) > 0)
          CHECK(strstr(diag.message, (const char *)text) != NULL);
      }
    }
    if (r == 0 && (opt[2] & 0x01) && rc == NM_OK) {
      /* the same name twice */
      rc = nm_rules_add(rules, name, NULL, "x", 1, 0, &diag);
      CHECK(rc == NM_ERULE || (rc == NM_ENOMEM && failing));
      CHECK(nm_rules_count(rules) == before + 1 && diag.code == rc);
    }
    if (!sep)
      break;
    pat = sep + 1;
  }
  size_t nrules = nm_rules_count(rules);
  CHECK(nrules == added);
  CHECK(nm_rules_name(rules, nrules) == NULL);
  CHECK(nm_rules_label(rules, nrules) == NULL);
  CHECK(nm_rules_priority(rules, nrules) == 0);

  /* -------------------------------------------------------- match */
  hits h = {0};
  h.len = len;
  nm_diag diag;
  memset(&diag, 0xa5, sizeof diag);
  int mrc = nm_rules_match(rules, len ? subject : NULL, len, on_hit, &h, &diag);
  CHECK(mrc == NM_OK || mrc == NM_ELIMIT || (mrc == NM_ENOMEM && failing));
  CHECK(diag.code == mrc);
  CHECK(memchr(diag.message, '\0', sizeof diag.message) != NULL);
  if (mrc == NM_ELIMIT) {
    CHECK(strncmp(diag.message, "rule \"", 6) == 0);
    CHECK(diag.offset <= len && diag.line >= 1 && diag.column >= 1);
  }
  bool utf8 = fuzz_utf8_valid(subject, len);
  size_t *per_rule = calloc(nrules + 1, sizeof *per_rule);
  CHECK(per_rule != NULL);
  for (size_t i = 0; i < h.count; i++) {
    hit x = h.items[i];
    CHECK(x.rule < nrules && x.start <= x.end && x.end <= len);
    CHECK(++per_rule[x.rule] <= hit_cap);
    if (i > 0) {
      hit p = h.items[i - 1];
      CHECK(p.rule <= x.rule);
      if (p.rule == x.rule) /* in order, and never overlapping */
        CHECK(p.end <= x.start && p.start <= x.start);
    }
    if (utf8)
      CHECK(fuzz_char_boundary(subject, len, x.start) &&
            fuzz_char_boundary(subject, len, x.end));
  }
  free(per_rule);

  if ((opt[2] & 0x20) && h.count > 0 && !failing) {
    /* a callback that stops is obeyed, and its value comes back */
    hits cut = {0};
    cut.stop_after = opt[3] % h.count + 1;
    int rc = nm_rules_match(rules, subject, len, on_hit, &cut, NULL);
    CHECK(rc == 9);
    CHECK(cut.count == cut.stop_after);
    CHECK(memcmp(cut.items, h.items, cut.count * sizeof *cut.items) == 0);
    free(cut.items);
  }
  CHECK(nm_rules_match(NULL, subject, len, on_hit, &h, NULL) == NM_EINVAL);

  /* ---------------------------------------------------------- doc */
  if ((opt[2] & 0x80) || h.count > 0 || mrc == NM_ELIMIT) {
    nm_parse_options po = {0};
    po.rules = rules;
    po.mem = counted ? &fm.mem : NULL;
    /* one thread: the second (fuzz_parse's business) would cost a thread
     * start an input in this build (NM_THREADS_MIN_TEXT=0) */
    po.flags = NM_PARSE_NO_THREADS;
    nm_doc *doc = nm_doc_parse(subject, len, &po, &diag);
    if (!doc) {
      CHECK(failing && diag.code == NM_ENOMEM);
    } else {
      fuzz_check_doc(doc, subject, len, rules);
      if (!failing || fm.failed == 0) {
        check_rule_spans(doc, rules, &h, hit_cap);
        /* a limit shows in the doc exactly when it showed in the match */
        size_t limited = 0;
        for (size_t d = 0; d < nm_doc_diag_count(doc); d++)
          limited += nm_doc_diag(doc, d)->code == NM_ELIMIT;
        CHECK((limited > 0) == (mrc == NM_ELIMIT));
      }
      if (opt[2] & 0x40) {
        nm_render_options ro = {0};
        ro.rules = rules;
        ro.name = "rules";
        int f = NM_FORMAT_FIRST + opt[3] % (NM_FORMAT_LAST + 1);
        fuzz_check_render(doc, &ro, f, f, opt[3]);
      }
      nm_doc_free(doc);
    }
  }
  free(h.items);
  nm_rules_free(rules);
  if (counted)
    CHECK(fm.live == 0);
  return 0;
}
