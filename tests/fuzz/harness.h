/*
 * harness.h - checks shared by the libFuzzer harnesses in tests/fuzz/.
 *
 * Included by each fuzz_*.c (everything here is static). A broken check
 * prints what broke to stderr and aborts, so libFuzzer (or replay.c under
 * `make test`) reports it together with the input that caused it.
 *
 *   fuzz_check_doc     every span/entity/line-index/diag invariant the API
 *                      documents, over the public API only
 *   fuzz_check_render  every format renders; JSON/JSONL parse as JSON and
 *                      are valid UTF-8, HTML is valid UTF-8 without control
 *                      characters, ANSI carries only SGR escapes; a writer
 *                      that stops is obeyed
 *   fuzz_mem           a counting nm_mem that can fail the Nth allocation
 *                      and knows which blocks it handed out
 */
#ifndef NM_FUZZ_HARNESS_H
#define NM_FUZZ_HARNESS_H

#include "newsmark.h"
#include "newsmark_rules.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__)
#define FUZZ_UNUSED __attribute__((unused))
#else
#define FUZZ_UNUSED
#endif
/* The checks themselves are not what is being fuzzed: no coverage
 * feedback (or cost) from them. */
#if defined(__clang__) && __clang_major__ >= 13
#define FUZZ_NOCOV __attribute__((no_sanitize("coverage")))
#else
#define FUZZ_NOCOV
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

_Noreturn static void fuzz_fail(const char *what, const char *file, int line) {
  fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
  fflush(stderr);
  abort();
}

#define CHECK(cond) ((cond) ? (void)0 : fuzz_fail(#cond, __FILE__, __LINE__))

/* --------------------------------------------------------- the allocator */

/* Each block carries a header with a magic word and its size, so a block
 * this allocator did not hand out (or one freed twice) is caught. */
#define FUZZ_MAGIC 0x6e6d667a7a6d656dULL
typedef struct fuzz_hdr {
  uint64_t magic;
  uint64_t size;
} fuzz_hdr;

typedef struct fuzz_mem {
  nm_mem mem;
  size_t calls;    /* calloc + realloc calls so far */
  size_t fail_at;  /* 1-based call number to fail; 0: never */
  bool fail_after; /* fail every call from fail_at on, not just that one */
  size_t failed;   /* calls that were failed */
  size_t live;     /* blocks handed out and not freed */
} fuzz_mem;

FUZZ_NOCOV static bool fuzz_mem_fails(fuzz_mem *m) {
  m->calls++;
  bool fail = m->fail_at &&
              (m->fail_after ? m->calls >= m->fail_at : m->calls == m->fail_at);
  m->failed += fail;
  return fail;
}

FUZZ_NOCOV static void *fuzz_calloc(size_t count, size_t size, void *ud) {
  fuzz_mem *m = ud;
  if (fuzz_mem_fails(m))
    return NULL;
  if (size && count > (SIZE_MAX - sizeof(fuzz_hdr)) / size)
    return NULL;
  fuzz_hdr *h = calloc(1, sizeof *h + count * size);
  if (!h)
    return NULL;
  h->magic = FUZZ_MAGIC;
  h->size = count * size;
  m->live++;
  return h + 1;
}

FUZZ_NOCOV static fuzz_hdr *fuzz_hdr_of(void *ptr) {
  fuzz_hdr *h = (fuzz_hdr *)ptr - 1;
  CHECK(h->magic == FUZZ_MAGIC); /* a block from elsewhere, or freed */
  return h;
}

FUZZ_NOCOV static void *fuzz_realloc(void *ptr, size_t size, void *ud) {
  fuzz_mem *m = ud;
  if (fuzz_mem_fails(m))
    return NULL; /* `ptr` stays valid, as with realloc */
  if (size > SIZE_MAX - sizeof(fuzz_hdr))
    return NULL;
  fuzz_hdr *old = ptr ? fuzz_hdr_of(ptr) : NULL;
  fuzz_hdr *h = realloc(old, sizeof *h + size);
  if (!h)
    return NULL;
  if (!old)
    m->live++;
  h->magic = FUZZ_MAGIC;
  h->size = size;
  return h + 1;
}

FUZZ_NOCOV static void fuzz_free(void *ptr, void *ud) {
  fuzz_mem *m = ud;
  if (!ptr)
    return;
  fuzz_hdr *h = fuzz_hdr_of(ptr);
  h->magic = 0;
  CHECK(m->live > 0);
  m->live--;
  free(h);
}

FUZZ_UNUSED static void fuzz_mem_init(fuzz_mem *m, size_t fail_at,
                                      bool fail_after) {
  memset(m, 0, sizeof *m);
  m->mem.calloc = fuzz_calloc;
  m->mem.realloc = fuzz_realloc;
  m->mem.free = fuzz_free;
  m->mem.ud = m;
  m->fail_at = fail_at;
  m->fail_after = fail_after;
}

/* ------------------------------------------------------------- the sink */

typedef struct fuzz_buf {
  char *bytes;
  size_t len, cap;
  size_t calls;
  size_t stop_after; /* return `stop_rc` once this many bytes came; 0: no */
  int stop_rc;
} fuzz_buf;

FUZZ_NOCOV static int fuzz_buf_write(const char *bytes, size_t len, void *ud) {
  fuzz_buf *b = ud;
  CHECK(b->stop_after == 0 || b->len < b->stop_after); /* called after stop */
  b->calls++;
  if (b->len + len + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + len + 1)
      cap *= 2;
    char *grown = realloc(b->bytes, cap);
    CHECK(grown != NULL);
    b->bytes = grown;
    b->cap = cap;
  }
  if (len)
    memcpy(b->bytes + b->len, bytes, len);
  b->len += len;
  b->bytes[b->len] = '\0';
  if (b->stop_after && b->len >= b->stop_after)
    return b->stop_rc;
  return 0;
}

/* ----------------------------------------------------------- validators */

/* Strict UTF-8: no overlongs, surrogates or code points past U+10FFFF.
 * Returns the length of the character at p[i], or 0 when it is invalid;
 * `cp` gets the code point. */
FUZZ_NOCOV static size_t fuzz_utf8_at(const unsigned char *p, size_t n,
                                      size_t i, uint32_t *cp) {
  unsigned c = p[i];
  size_t need;
  uint32_t v;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if (c >= 0xc2 && c <= 0xdf) {
    need = 1;
    v = c & 0x1f;
  } else if (c >= 0xe0 && c <= 0xef) {
    need = 2;
    v = c & 0x0f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    need = 3;
    v = c & 0x07;
  } else {
    return 0;
  }
  if (n - i <= need)
    return 0;
  for (size_t k = 1; k <= need; k++) {
    if ((p[i + k] & 0xc0) != 0x80)
      return 0;
    v = (v << 6) | (p[i + k] & 0x3fu);
  }
  if ((need == 2 && (v < 0x800 || (v >= 0xd800 && v <= 0xdfff))) ||
      (need == 3 && (v < 0x10000 || v > 0x10ffff)))
    return 0;
  *cp = v;
  return need + 1;
}

FUZZ_NOCOV FUZZ_UNUSED static bool fuzz_utf8_valid(const char *text, size_t n) {
  const unsigned char *p = (const unsigned char *)text;
  uint32_t cp;
  for (size_t i = 0, k; i < n; i += k)
    if ((k = fuzz_utf8_at(p, n, i, &cp)) == 0)
      return false;
  return true;
}

/* True when offset `at` does not fall inside a UTF-8 character. */
FUZZ_NOCOV FUZZ_UNUSED static bool fuzz_char_boundary(const char *text,
                                                      size_t n, size_t at) {
  return at == 0 || at >= n || ((unsigned char)text[at] & 0xc0) != 0x80;
}

/* A small RFC 8259 parser: true when p[*i..n) starts with one value. */
typedef struct fuzz_json {
  const char *p;
  size_t n, i;
  int depth;
} fuzz_json;

FUZZ_NOCOV static void json_ws(fuzz_json *j) {
  while (j->i < j->n && (j->p[j->i] == ' ' || j->p[j->i] == '\t' ||
                         j->p[j->i] == '\n' || j->p[j->i] == '\r'))
    j->i++;
}

FUZZ_NOCOV static bool json_lit(fuzz_json *j, const char *lit) {
  size_t n = strlen(lit);
  if (j->n - j->i < n || memcmp(j->p + j->i, lit, n) != 0)
    return false;
  j->i += n;
  return true;
}

FUZZ_NOCOV static bool json_string(fuzz_json *j) {
  if (j->i >= j->n || j->p[j->i] != '"')
    return false;
  j->i++;
  while (j->i < j->n) {
    unsigned char c = (unsigned char)j->p[j->i];
    if (c == '"') {
      j->i++;
      return true;
    }
    if (c < 0x20)
      return false;
    if (c == '\\') {
      if (++j->i >= j->n)
        return false;
      char e = j->p[j->i++];
      if (e == 'u') {
        for (int k = 0; k < 4; k++, j->i++)
          if (j->i >= j->n || !strchr("0123456789abcdefABCDEF", j->p[j->i]) ||
              !j->p[j->i])
            return false;
      } else if (!strchr("\"\\/bfnrt", e) || !e) {
        return false;
      }
      continue;
    }
    uint32_t cp;
    size_t k = fuzz_utf8_at((const unsigned char *)j->p, j->n, j->i, &cp);
    if (!k)
      return false;
    j->i += k;
  }
  return false;
}

FUZZ_NOCOV static bool json_number(fuzz_json *j) {
  size_t s = j->i;
  if (j->i < j->n && j->p[j->i] == '-')
    j->i++;
  if (j->i < j->n && j->p[j->i] == '0') {
    j->i++;
  } else {
    size_t d = j->i;
    while (j->i < j->n && j->p[j->i] >= '0' && j->p[j->i] <= '9')
      j->i++;
    if (j->i == d)
      return false;
  }
  if (j->i < j->n && j->p[j->i] == '.') {
    size_t d = ++j->i;
    while (j->i < j->n && j->p[j->i] >= '0' && j->p[j->i] <= '9')
      j->i++;
    if (j->i == d)
      return false;
  }
  if (j->i < j->n && (j->p[j->i] == 'e' || j->p[j->i] == 'E')) {
    j->i++;
    if (j->i < j->n && (j->p[j->i] == '+' || j->p[j->i] == '-'))
      j->i++;
    size_t d = j->i;
    while (j->i < j->n && j->p[j->i] >= '0' && j->p[j->i] <= '9')
      j->i++;
    if (j->i == d)
      return false;
  }
  return j->i > s;
}

FUZZ_NOCOV static bool json_value(fuzz_json *j) {
  json_ws(j);
  if (j->i >= j->n || ++j->depth > 64)
    return false;
  bool ok = false;
  char c = j->p[j->i];
  if (c == '{' || c == '[') {
    char close = c == '{' ? '}' : ']';
    j->i++;
    json_ws(j);
    if (j->i < j->n && j->p[j->i] == close) {
      j->i++;
      ok = true;
    } else {
      for (;;) {
        if (c == '{') {
          json_ws(j);
          if (!json_string(j))
            break;
          json_ws(j);
          if (j->i >= j->n || j->p[j->i] != ':')
            break;
          j->i++;
        }
        if (!json_value(j))
          break;
        json_ws(j);
        if (j->i < j->n && j->p[j->i] == ',') {
          j->i++;
          continue;
        }
        ok = j->i < j->n && j->p[j->i] == close;
        j->i += ok;
        break;
      }
    }
  } else if (c == '"') {
    ok = json_string(j);
  } else if (c == 't' || c == 'f' || c == 'n') {
    ok = json_lit(j, "true") || json_lit(j, "false") || json_lit(j, "null");
  } else {
    ok = json_number(j);
  }
  j->depth--;
  return ok;
}

/* The whole buffer is one JSON value, with white space around it. */
FUZZ_NOCOV static bool fuzz_json_valid(const char *p, size_t n) {
  fuzz_json j = {p, n, 0, 0};
  if (!json_value(&j))
    return false;
  json_ws(&j);
  return j.i == n;
}

/* ANSI output: every ESC opens an SGR sequence ESC [ params m, and no
 * UTF-8 encoded C1 control (U+0080..U+009F) comes through. */
FUZZ_NOCOV static bool fuzz_ansi_ok(const char *text, size_t n) {
  const unsigned char *p = (const unsigned char *)text;
  for (size_t i = 0; i < n; i++) {
    if (p[i] == 0x1b) {
      if (i + 1 >= n || p[i + 1] != '[')
        return false;
      size_t k = i + 2;
      while (k < n &&
             ((p[k] >= '0' && p[k] <= '9') || p[k] == ';' || p[k] == ':'))
        k++;
      if (k >= n || p[k] != 'm')
        return false;
      i = k;
    } else if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 &&
               p[i + 1] <= 0x9f) {
      return false;
    }
  }
  return true;
}

/* HTML output: valid UTF-8, and no control character but tab and line
 * breaks (render.c promises a page free of HTML parse errors). */
FUZZ_NOCOV static bool fuzz_html_ok(const char *text, size_t n) {
  const unsigned char *p = (const unsigned char *)text;
  uint32_t cp;
  for (size_t i = 0, k; i < n; i += k) {
    if ((k = fuzz_utf8_at(p, n, i, &cp)) == 0)
      return false;
    if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
        (cp >= 0x7f && cp <= 0x9f))
      return false;
  }
  return true;
}

/* ------------------------------------------------------------ the doc */

FUZZ_NOCOV static bool fuzz_mention_kind(int kind) {
  return kind == NM_KIND_PERSON || kind == NM_KIND_ORGANIZATION ||
         kind == NM_KIND_PLACE;
}

FUZZ_NOCOV static bool fuzz_blank(unsigned char c) {
  /* what structure.c trims, and the bytes of U+00A0 */
  return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r' ||
         c == '\n' || c == 0xc2 || c == 0xa0;
}

/* range_first(start) is the first index whose span ends after `start`
 * (every span before it ends at or before `start`). */
FUZZ_NOCOV static void fuzz_check_range(const nm_doc *doc, const nm_span *spans,
                                        size_t count, uint32_t start) {
  size_t r = nm_doc_range_first(doc, start);
  CHECK(r <= count);
  if (r < count)
    CHECK(spans[r].end > start);
  for (size_t j = 0; j < r; j++)
    CHECK(spans[j].end <= start);
}

/* Every documented invariant of a parsed doc. `text`/`size` is what was
 * parsed; `rules` what it was parsed with (may be NULL). */
FUZZ_NOCOV FUZZ_UNUSED static void fuzz_check_doc(const nm_doc *doc,
                                                  const char *text, size_t size,
                                                  const nm_rules *rules) {
  size_t len = 0;
  const char *copy = nm_doc_text(doc, &len);
  CHECK(len == size);
  CHECK(copy != NULL && copy != text && copy[size] == '\0');
  CHECK(size == 0 || memcmp(copy, text, size) == 0);

  size_t count = 0;
  const nm_span *spans = nm_doc_spans(doc, &count);
  CHECK(count == nm_doc_span_count(doc));
  CHECK(count == 0 || spans != NULL);
  CHECK(nm_doc_span(doc, count) == NULL);
  size_t entities = nm_doc_entity_count(doc);
  size_t nrules = rules ? nm_rules_count(rules) : 0;

  /* the parent oracle: a stack of earlier spans with non-increasing ends;
   * a span's parent is the nearest earlier span that ends at or after it
   * (all earlier spans start at or before it, by the sort) */
  int32_t *stack = malloc((count + 1) * sizeof *stack);
  size_t *mentions = calloc(entities + 1, sizeof *mentions);
  size_t *quotes = calloc(entities + 1, sizeof *quotes);
  CHECK(stack && mentions && quotes);
  size_t depth = 0;
  uint32_t block_end = 0;
  bool any_block = false;
  for (size_t i = 0; i < count; i++) {
    const nm_span *s = &spans[i];
    CHECK(nm_doc_span(doc, i) == s);
    CHECK(s->start <= s->end && s->end <= size);
    CHECK(s->kind <= NM_KIND_LAST && nm_kind_name(s->kind) != NULL);
    CHECK((s->flags & ~0x01ffu) == 0);
    if (i > 0)
      CHECK(spans[i - 1].start < s->start ||
            (spans[i - 1].start == s->start && spans[i - 1].end >= s->end));
    while (depth > 0 && spans[stack[depth - 1]].end < s->end)
      depth--;
    int32_t want = depth > 0 ? stack[depth - 1] : -1;
    CHECK(s->parent == want);
    stack[depth++] = (int32_t)i;
    if (s->parent >= 0) {
      const nm_span *p = &spans[s->parent];
      CHECK((size_t)s->parent < i && p->start <= s->start && s->end <= p->end);
    }

    if (s->kind <= NM_KIND_BLOCK_LAST) { /* blocks never overlap */
      CHECK(s->start < s->end);
      CHECK(!any_block || s->start >= block_end);
      block_end = s->end;
      any_block = true;
    }
    if (fuzz_mention_kind(s->kind)) {
      CHECK(s->link >= 0 && (size_t)s->link < entities);
      CHECK(nm_doc_entity_kind(doc, (size_t)s->link) == s->kind);
      mentions[s->link]++;
    } else if (s->kind == NM_KIND_QUOTE) {
      CHECK(s->link < 0 || (size_t)s->link < entities);
      CHECK(NM_QUOTE_METHOD(s->flags) <= NM_METHOD_LAST);
      CHECK(nm_method_name(NM_QUOTE_METHOD(s->flags)) != NULL);
      if (s->link >= 0)
        quotes[s->link]++;
    } else if (s->kind == NM_KIND_ROLE || s->kind == NM_KIND_SPEAKER_REF) {
      CHECK(s->link < 0 || (size_t)s->link < entities);
    } else if (s->kind == NM_KIND_CUE) {
      CHECK(s->link >= 0 && (size_t)s->link < count &&
            spans[s->link].kind == NM_KIND_QUOTE);
      CHECK(nm_doc_quote_cue(doc, (size_t)s->link) >= 0);
    } else if (s->kind == NM_KIND_RULE) {
      CHECK(rules != NULL);
      CHECK(s->link >= 0 && (size_t)s->link < nrules);
      CHECK(s->start < s->end); /* empty hits highlight nothing */
    } else {
      CHECK(s->link == -1);
    }
    int32_t cue = nm_doc_quote_cue(doc, i);
    if (s->kind == NM_KIND_QUOTE)
      CHECK(cue == -1 ||
            ((size_t)cue < count && spans[cue].kind == NM_KIND_CUE &&
             (size_t)spans[cue].link == i));
    else
      CHECK(cue == -1);
  }
  CHECK(nm_doc_quote_cue(doc, count) == -1);
  free(stack);

  /* Inline spans sit inside one block, but for a quote that runs over
   * several paragraphs, which says so (docs/spans.md); rule hits may
   * cross blocks. Flags belong to the kinds docs/spans.md gives them. */
  size_t nblocks = 0;
  size_t *blocks = malloc((count + 1) * sizeof *blocks);
  CHECK(blocks != NULL);
  for (size_t i = 0; i < count; i++)
    if (spans[i].kind <= NM_KIND_BLOCK_LAST)
      blocks[nblocks++] = i;
  for (size_t i = 0; i < count; i++) {
    const nm_span *s = &spans[i];
    bool quote = s->kind == NM_KIND_QUOTE || s->kind == NM_KIND_SCARE_QUOTE;
    CHECK(quote || (s->flags & 0x00ffu) == 0);
    CHECK(fuzz_mention_kind(s->kind) || !(s->flags & NM_FLAG_ALIAS));
    if (s->kind == NM_KIND_SCARE_QUOTE)
      CHECK(NM_QUOTE_METHOD(s->flags) == NM_METHOD_NONE);
    if (s->kind == NM_KIND_QUOTE) /* "none": no speaker found */
      CHECK((NM_QUOTE_METHOD(s->flags) == NM_METHOD_NONE) == (s->link < 0));
    /* blocks are outermost, but for a quote over several paragraphs */
    const nm_span *up = s->parent >= 0 ? &spans[s->parent] : NULL;
    bool up_rule = up && up->kind == NM_KIND_RULE;
    if (s->kind <= NM_KIND_BLOCK_LAST)
      CHECK(!up || up_rule ||
            (up->kind == NM_KIND_QUOTE && (up->flags & NM_FLAG_CONTINUED)));
    if (s->kind <= NM_KIND_BLOCK_LAST || s->kind == NM_KIND_RULE)
      continue;
    size_t lo = 0, hi = nblocks; /* the last block starting at or before */
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (spans[blocks[mid]].start <= s->start)
        lo = mid + 1;
      else
        hi = mid;
    }
    bool inside = lo > 0 && s->end <= spans[blocks[lo - 1]].end;
    if (s->kind == NM_KIND_QUOTE)
      CHECK(inside || ((s->flags & NM_FLAG_CONTINUED) && (!up || up_rule)));
    else
      CHECK(inside);
  }
  free(blocks);

  /* blocks cover every byte that is not blank */
  size_t b = 0;
  for (size_t i = 0; i < size; i++) {
    if (fuzz_blank((unsigned char)text[i]))
      continue;
    /* a byte order mark opening the text belongs to no block */
    if (i < 3 && size >= 3 && (unsigned char)text[0] == 0xef &&
        (unsigned char)text[1] == 0xbb && (unsigned char)text[2] == 0xbf)
      continue;
    while (b < count &&
           (spans[b].kind > NM_KIND_BLOCK_LAST || spans[b].end <= i))
      b++;
    CHECK(b < count && spans[b].start <= i && i < spans[b].end);
  }

  for (size_t e = 0; e < entities; e++) {
    int kind = nm_doc_entity_kind(doc, e);
    CHECK(fuzz_mention_kind(kind));
    size_t n = 0;
    const char *name = nm_doc_entity_name(doc, e, &n);
    CHECK(name != NULL && name[n] == '\0');
    const char *role = nm_doc_entity_role(doc, e, &n);
    CHECK(role == NULL || role[n] == '\0');
    CHECK(nm_doc_entity_mention_count(doc, e) == mentions[e]);
    CHECK(nm_doc_entity_quote_count(doc, e) == quotes[e]);
  }
  CHECK(nm_doc_entity_kind(doc, entities) == -1);
  CHECK(nm_doc_entity_name(doc, entities, NULL) == NULL);
  CHECK(nm_doc_entity_role(doc, entities, NULL) == NULL);
  CHECK(nm_doc_entity_mention_count(doc, entities) == 0);
  free(mentions);
  free(quotes);

  for (size_t d = 0; d < nm_doc_diag_count(doc); d++) {
    const nm_diag *diag = nm_doc_diag(doc, d);
    CHECK(diag != NULL && diag->code < 0 && diag->code >= NM_ELIMIT);
    CHECK(memchr(diag->message, '\0', sizeof diag->message) != NULL);
  }
  CHECK(nm_doc_diag(doc, nm_doc_diag_count(doc)) == NULL);

  fuzz_check_range(doc, spans, count, 0);
  fuzz_check_range(doc, spans, count, (uint32_t)size);
  fuzz_check_range(doc, spans, count, UINT32_MAX);
  if (count) {
    fuzz_check_range(doc, spans, count, spans[count / 2].start);
    fuzz_check_range(doc, spans, count, spans[count - 1].end);
    fuzz_check_range(doc, spans, count, spans[count / 3].end - 1);
  }

  /* the line index: lines end at "\n" */
  uint32_t lines = nm_doc_line_count(doc);
  size_t newlines = 0;
  for (size_t i = 0; i < size; i++)
    newlines += text[i] == '\n';
  CHECK(lines == newlines + 1);
  CHECK(nm_doc_line_start(doc, 0) == 0);
  CHECK(nm_doc_line_start(doc, lines) == size);
  /* nm_doc_line_col near every line break (where an off-by-one would
   * show), at the ends, and at every 37th offset: a lookup per byte cost
   * more than the parse */
  uint32_t line = 0;
  size_t since = 0; /* offset into the current line */
  for (size_t i = 0; i <= size; i++, since++) {
    bool near_break = since < 2 || i + 2 > size || text[i] == '\n' ||
                      text[i + 1] == '\n';
    if (near_break || i % 37 == 0) {
      uint32_t l = 99, c = 99;
      nm_doc_line_col(doc, (uint32_t)i, &l, &c);
      CHECK(l == line && nm_doc_line_start(doc, l) + c == i);
    }
    if (i < size && text[i] == '\n') {
      line++;
      since = (size_t)-1;
      CHECK(nm_doc_line_start(doc, line) == i + 1);
    }
  }
  uint32_t l1, c1, l2, c2;
  nm_doc_line_col(doc, (uint32_t)size, &l1, &c1);
  nm_doc_line_col(doc, UINT32_MAX, &l2, &c2);
  CHECK(l1 == l2 && c1 == c2);
}

/* Render format `only` (-1: every format); check what can be checked of
 * each. `ropts` may be NULL. `stop_format` (or -1), when rendered, is
 * rendered once more with a writer that stops after `stop_after` bytes.
 * Rendering every format of every input would cost more than the parse
 * itself, so the harnesses pick the format from an option byte: across
 * inputs every format is still rendered and checked. */
FUZZ_NOCOV FUZZ_UNUSED static void
fuzz_check_render(const nm_doc *doc, const nm_render_options *ropts, int only,
                  int stop_format, size_t stop_after) {
  for (int f = NM_FORMAT_FIRST; f <= NM_FORMAT_LAST; f++) {
    if (only >= 0 && f != only)
      continue;
    fuzz_buf out = {0};
    CHECK(nm_doc_render(doc, f, ropts, fuzz_buf_write, &out) == NM_OK);
    const char *p = out.bytes ? out.bytes : "";
    switch (f) {
    case NM_FORMAT_JSON:
      CHECK(fuzz_json_valid(p, out.len));
      break;
    case NM_FORMAT_JSONL:
      CHECK(out.len > 0 && p[out.len - 1] == '\n');
      CHECK(memchr(p, '\n', out.len) == p + out.len - 1);
      CHECK(fuzz_json_valid(p, out.len));
      break;
    case NM_FORMAT_ANSI:
      CHECK(fuzz_ansi_ok(p, out.len));
      break;
    case NM_FORMAT_HTML:
      CHECK(fuzz_html_ok(p, out.len));
      break;
    default:
      break;
    }
    if (f == stop_format && out.len > 0) {
      /* a writer that returns non-zero is not called again, and its value
       * comes back */
      fuzz_buf cut = {0};
      cut.stop_after = stop_after % out.len + 1;
      cut.stop_rc = 7;
      int rc = nm_doc_render(doc, f, ropts, fuzz_buf_write, &cut);
      CHECK(rc == 7);
      CHECK(cut.len >= cut.stop_after && cut.len <= out.len);
      CHECK(memcmp(cut.bytes, out.bytes, cut.len) == 0);
      free(cut.bytes);
    }
    free(out.bytes);
  }
  fuzz_buf none = {0};
  CHECK(nm_doc_render(doc, NM_FORMAT_LAST + 1, ropts, fuzz_buf_write, &none) ==
        NM_EINVAL);
  CHECK(nm_doc_render(doc, NM_FORMAT_FIRST - 1, ropts, fuzz_buf_write, &none) ==
        NM_EINVAL);
  CHECK(nm_doc_render(doc, NM_FORMAT_JSON, ropts, NULL, NULL) == NM_EINVAL);
  CHECK(none.calls == 0);
}

#endif /* NM_FUZZ_HARNESS_H */
