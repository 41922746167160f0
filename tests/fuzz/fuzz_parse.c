/*
 * fuzz_parse.c - libFuzzer harness for nm_doc_parse and every renderer.
 *
 * Checks the span invariants the API promises (in bounds, sorted, parents
 * enclose children, links in range) and aborts when one breaks, so the
 * fuzzer reports it. Built with -fsanitize=fuzzer by `make fuzz`, or with
 * replay.c as a plain program that `make test` runs over the corpus.
 */
#include "newsmark.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int discard(const char *bytes, size_t len, void *ud) {
  (void)bytes;
  *(size_t *)ud += len;
  return 0;
}

static void check(int ok) {
  if (!ok)
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  nm_diag diag;
  nm_doc *doc = nm_doc_parse((const char *)data, size, NULL, &diag);
  if (!doc)
    return 0; /* only NM_ENOMEM can get here */
  size_t len, count;
  nm_doc_text(doc, &len);
  check(len == size);
  const nm_span *spans = nm_doc_spans(doc, &count);
  size_t entities = nm_doc_entity_count(doc);
  for (size_t i = 0; i < count; i++) {
    const nm_span *s = &spans[i];
    check(s->start <= s->end && s->end <= size);
    check(s->kind <= NM_KIND_LAST);
    if (i > 0)
      check(spans[i - 1].start < s->start ||
            (spans[i - 1].start == s->start && spans[i - 1].end >= s->end));
    if (s->parent >= 0) {
      const nm_span *p = &spans[s->parent];
      check((size_t)s->parent < i && p->start <= s->start && s->end <= p->end);
    }
    if (s->kind == NM_KIND_PERSON || s->kind == NM_KIND_ORGANIZATION ||
        s->kind == NM_KIND_PLACE) {
      check(s->link >= 0 && (size_t)s->link < entities);
      check(nm_doc_entity_kind(doc, (size_t)s->link) == s->kind);
    }
    if (s->kind == NM_KIND_QUOTE)
      check(s->link < 0 || (size_t)s->link < entities);
    if (s->kind == NM_KIND_CUE)
      check(s->link >= 0 && (size_t)s->link < count &&
            spans[s->link].kind == NM_KIND_QUOTE);
  }
  for (size_t e = 0; e < entities; e++)
    check(nm_doc_entity_name(doc, e, NULL) != NULL);
  check(nm_doc_range_first(doc, 0) == 0 || count == 0 ||
        nm_doc_range_first(doc, 0) <= count);
  for (int f = NM_FORMAT_FIRST; f <= NM_FORMAT_LAST; f++) {
    size_t written = 0;
    check(nm_doc_render(doc, f, NULL, discard, &written) == NM_OK);
  }
  nm_doc_free(doc);
  return 0;
}
