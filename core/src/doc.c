/*
 * doc.c - nm_doc: runs the stages, then sorts and indexes their spans.
 */
#include "analysis.h"
#include "pair.h"

#include <stdlib.h>
#include <string.h>

struct nm_doc {
  nm_mem mem;
  bool has_mem;
  const char *text; /* text_copy, or the caller's (NM_PARSE_BORROW_TEXT) */
  char *text_copy;  /* owned; NULL when borrowed */
  uint32_t len;
  nm_span *spans;
  size_t span_count;
  uint32_t *max_end;  /* max end over spans[0..i], for range queries */
  int32_t *quote_cue; /* per span: its CUE span index (quotes) or -1 */
  nm__entity *entities;
  size_t entity_count;
  uint32_t *line_starts;
  uint32_t line_count;
  nm__diags diags;
};

static const char *const kind_names[] = {
    "boilerplate", "headline", "standfirst",  "image_credit", "caption",
    "source_line", "byline",   "date_line",   "subhead",      "paragraph",
    "dateline",    "quote",    "scare_quote", "person",       "organization",
    "place",       "role",     "cue",         "speaker_ref",  "rule"};

const char *nm_kind_name(int kind) {
  if (kind < NM_KIND_FIRST || kind > NM_KIND_LAST)
    return NULL;
  return kind_names[kind];
}

int nm_kind_from_name(const char *name) {
  if (!name)
    return -1;
  for (int k = NM_KIND_FIRST; k <= NM_KIND_LAST; k++)
    if (strcmp(kind_names[k], name) == 0)
      return k;
  return -1;
}

static const char *const method_names[] = {
    "none",        "after", "before", "colon",     "sentence", "pronoun",
    "description", "split", "carry",  "according", "nearest"};

const char *nm_method_name(int method) {
  if (method < NM_METHOD_FIRST || method > NM_METHOD_LAST)
    return NULL;
  return method_names[method];
}

static const nm_mem *doc_mem(const nm_doc *doc) {
  return doc->has_mem ? &doc->mem : NULL;
}

/* ------------------------------------------------------------ finishing */

/* Sort order: start ascending, end descending, then blocks before inline
 * spans so that a quote filling a whole paragraph nests inside it. */
static inline bool span_less(const nm_span *x, const nm_span *y) {
  if (x->start != y->start)
    return x->start < y->start;
  if (x->end != y->end)
    return x->end > y->end;
  return x->kind < y->kind;
}

/* Merge the adjacent ascending runs a[lo, mid) and a[mid, hi) in place,
 * stably. Only the parts that overlap move: the head of the left run that
 * sorts before the right run stays, and so does the tail of the right run
 * that sorts after the left one. `tmp` holds the shorter of the rest. */
static int merge_runs(const nm_mem *mem, nm_span *a, size_t lo, size_t mid,
                      size_t hi, nm_span **tmp, size_t *tmp_cap) {
  if (!span_less(&a[mid], &a[mid - 1]))
    return NM_OK;
  size_t p = lo, e = mid; /* first of the left run after a[mid] */
  while (p < e) {
    size_t m = p + (e - p) / 2;
    if (span_less(&a[mid], &a[m]))
      e = m;
    else
      p = m + 1;
  }
  size_t q = mid; /* first of the right run not before a[mid - 1] */
  for (e = hi; q < e;) {
    size_t m = q + (e - q) / 2;
    if (span_less(&a[m], &a[mid - 1]))
      q = m + 1;
    else
      e = m;
  }
  /* copy the shorter side out and merge towards the other end */
  size_t n = mid - p < q - mid ? mid - p : q - mid;
  if (nm__grow(mem, (void **)tmp, tmp_cap, n, sizeof **tmp) != NM_OK)
    return NM_ENOMEM;
  nm_span *side = *tmp;
  if (n == mid - p) {
    memcpy(side, a + p, n * sizeof *a);
    size_t l = 0, r = mid, o = p;
    while (l < n && r < q)
      a[o++] = span_less(&a[r], &side[l]) ? a[r++] : side[l++];
    memcpy(a + o, side + l, (n - l) * sizeof *a);
  } else {
    memcpy(side, a + mid, n * sizeof *a);
    size_t l = mid, r = n, o = q;
    while (l > p && r > 0) /* equal spans: the right one goes last */
      a[--o] = span_less(&side[r - 1], &a[l - 1]) ? a[--l] : side[--r];
    memcpy(a + p, side, r * sizeof *a);
  }
  return NM_OK;
}

/* A stable natural merge sort. The stages push spans block by block, each
 * stage in text order, so the array is a few ascending runs per block;
 * runs of different blocks do not overlap and cost only a comparison. */
static int sort_spans(const nm_mem *mem, nm_span *a, size_t n) {
  size_t *runs = NULL, run_count = 0, run_cap = 0;
  nm_span *tmp = NULL;
  size_t tmp_cap = 0;
  int rc = NM_OK;
  /* run k is a[runs[k], runs[k + 1]) */
  for (size_t i = 0; i <= n && rc == NM_OK; i++) {
    if (i > 0 && i < n && !span_less(&a[i], &a[i - 1]))
      continue;
    rc = nm__grow(mem, (void **)&runs, &run_cap, run_count + 1, sizeof *runs);
    if (rc == NM_OK)
      runs[run_count++] = i;
  }
  while (rc == NM_OK && run_count > 2) {
    size_t kept = 0;
    for (size_t k = 0; k + 1 < run_count; k += 2) {
      size_t hi = k + 2 < run_count ? runs[k + 2] : runs[k + 1];
      if (k + 2 < run_count && (rc = merge_runs(mem, a, runs[k], runs[k + 1],
                                                hi, &tmp, &tmp_cap)) != NM_OK)
        break;
      runs[kept++] = runs[k];
    }
    runs[kept++] = n;
    run_count = kept;
  }
  nm__free(mem, runs);
  nm__free(mem, tmp);
  return rc;
}

/* Sorting moves spans, and CUE spans link to quotes by index; so every
 * span carries its old index in `parent` through the sort, and links to
 * spans are remapped after. */
static int finish_spans(nm_doc *doc, nm__spans *spans, size_t structure_count,
                        const int32_t *entity_map) {
  const nm_mem *mem = doc_mem(doc);
  size_t n = 0, head = 0; /* head: the structure stage's spans kept */
  for (size_t i = 0; i < spans->count; i++) {
    if (i == structure_count)
      head = n;
    nm_span s = spans->items[i];
    if (s.kind == NM__KIND_DELETED)
      continue;
    bool entity_link = s.kind == NM_KIND_PERSON ||
                       s.kind == NM_KIND_ORGANIZATION ||
                       s.kind == NM_KIND_PLACE || s.kind == NM_KIND_ROLE ||
                       s.kind == NM_KIND_SPEAKER_REF || s.kind == NM_KIND_QUOTE;
    if (entity_link && s.link >= 0)
      s.link = entity_map[s.link];
    if ((s.kind == NM_KIND_PERSON || s.kind == NM_KIND_ORGANIZATION ||
         s.kind == NM_KIND_PLACE) &&
        s.link < 0)
      continue; /* a mention of a name that was dropped */
    s.parent = (int32_t)i;
    spans->items[n++] = s;
  }
  /* old index -> new index, for CUE links */
  int32_t *new_index = nm__calloc(mem, spans->count + 1, sizeof(int32_t));
  if (!new_index)
    return NM_ENOMEM;
  for (size_t i = 0; i < spans->count; i++)
    new_index[i] = -1;
  /* The structure stage's blocks span the whole text, so in one sort they
   * would be merged with the rest at every level; sorted apart, they merge
   * once. Both sorts and the merge are stable: the order is the one a
   * single stable sort gives. */
  if (structure_count >= spans->count)
    head = n;
  nm_span *tmp = NULL;
  size_t tmp_cap = 0;
  int rc = head > 1 ? sort_spans(mem, spans->items, head) : NM_OK;
  if (rc == NM_OK && n - head > 1)
    rc = sort_spans(mem, spans->items + head, n - head);
  if (rc == NM_OK && head > 0 && head < n)
    rc = merge_runs(mem, spans->items, 0, head, n, &tmp, &tmp_cap);
  nm__free(mem, tmp);
  if (rc != NM_OK) {
    nm__free(mem, new_index);
    return NM_ENOMEM;
  }
  for (size_t i = 0; i < n; i++)
    new_index[spans->items[i].parent] = (int32_t)i;

  doc->max_end = nm__calloc(mem, n + 1, sizeof(uint32_t));
  doc->quote_cue = nm__calloc(mem, n + 1, sizeof(int32_t));
  if (!doc->max_end || !doc->quote_cue) {
    nm__free(mem, new_index);
    return NM_ENOMEM;
  }
  /* parent: the nearest earlier span that contains this one. A stack of
   * open ancestors makes this linear; it is as deep as spans nest, which
   * is seldom more than a few. */
  int32_t *stack = NULL;
  size_t depth = 0, stack_cap = 0;
  uint32_t max_end = 0;
  for (size_t i = 0; i < n; i++) {
    nm_span *s = &spans->items[i];
    if (s->kind == NM_KIND_CUE && s->link >= 0)
      s->link = new_index[s->link];
    while (depth > 0 && spans->items[stack[depth - 1]].end < s->end)
      depth--;
    /* An empty span right at an ancestor's end is not inside it. */
    while (depth > 0 && spans->items[stack[depth - 1]].end == s->start &&
           s->start != s->end)
      depth--;
    s->parent = depth > 0 ? stack[depth - 1] : -1;
    if (depth == stack_cap && nm__grow(mem, (void **)&stack, &stack_cap,
                                       depth + 1, sizeof *stack) != NM_OK) {
      nm__free(mem, stack);
      nm__free(mem, new_index);
      return NM_ENOMEM;
    }
    stack[depth++] = (int32_t)i;
    if (s->end > max_end)
      max_end = s->end;
    doc->max_end[i] = max_end;
    doc->quote_cue[i] = -1;
  }
  for (size_t i = 0; i < n; i++) {
    const nm_span *s = &spans->items[i];
    if (s->kind == NM_KIND_CUE && s->link >= 0)
      doc->quote_cue[s->link] = (int32_t)i;
  }
  nm__free(mem, stack);
  nm__free(mem, new_index);
  doc->spans = spans->items;
  doc->span_count = n;
  spans->items = NULL;
  return NM_OK;
}

/* Keep the entities that are decided and not merged; `map` gets each old
 * index's final index (or -1). Aliases map to what they merged into. */
static int finish_entities(nm_doc *doc, nm__ctx *ctx, int32_t **map_out) {
  const nm_mem *mem = doc_mem(doc);
  size_t n = ctx->entity_count;
  int32_t *map = nm__calloc(mem, n + 1, sizeof(int32_t));
  if (!map)
    return NM_ENOMEM;
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    nm__entity *e = &ctx->entities[i];
    map[i] = -1;
    if (e->merged_into < 0 && e->kind != NM__ENT_UNKNOWN)
      map[i] = (int32_t)kept++;
  }
  for (size_t i = 0; i < n; i++) {
    size_t root = i;
    /* merge chains are short; follow to the root */
    for (int guard = 0; ctx->entities[root].merged_into >= 0 && guard < 64;
         guard++)
      root = (size_t)ctx->entities[root].merged_into;
    map[i] = map[root];
  }
  nm__entity *kept_entities = nm__calloc(mem, kept + 1, sizeof(nm__entity));
  if (!kept_entities) {
    nm__free(mem, map);
    return NM_ENOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    nm__entity *e = &ctx->entities[i];
    if (e->merged_into < 0 && e->kind != NM__ENT_UNKNOWN) {
      kept_entities[map[i]] = *e;
      kept_entities[map[i]].mentions = 0;
      kept_entities[map[i]].quotes = 0;
      /* ownership of name and role moves to the doc */
      e->name = NULL;
      e->role = NULL;
    }
  }
  doc->entities = kept_entities;
  doc->entity_count = kept;
  *map_out = map;
  return NM_OK;
}

static void count_entity_uses(nm_doc *doc) {
  for (size_t i = 0; i < doc->span_count; i++) {
    const nm_span *s = &doc->spans[i];
    if (s->link < 0 || (size_t)s->link >= doc->entity_count)
      continue;
    if (s->kind == NM_KIND_PERSON || s->kind == NM_KIND_ORGANIZATION ||
        s->kind == NM_KIND_PLACE)
      doc->entities[s->link].mentions++;
    else if (s->kind == NM_KIND_QUOTE)
      doc->entities[s->link].quotes++;
  }
}

static int build_line_index(nm_doc *doc) {
  /* one pass: start with a guess of one line per 64 bytes and grow */
  size_t cap = doc->len / 64 + 2, lines = 0;
  uint32_t *starts = nm__calloc(doc_mem(doc), cap, sizeof *starts);
  if (!starts)
    return NM_ENOMEM;
  starts[lines++] = 0;
  const char *end = doc->text + doc->len;
  for (const char *p = doc->text; (p = memchr(p, '\n', (size_t)(end - p)));
       p++) {
    if (lines + 1 >= cap && nm__grow(doc_mem(doc), (void **)&starts, &cap,
                                     lines + 2, sizeof *starts) != NM_OK) {
      nm__free(doc_mem(doc), starts);
      return NM_ENOMEM;
    }
    starts[lines++] = (uint32_t)(p - doc->text) + 1;
  }
  starts[lines] = 0; /* the slot after the last line, as before */
  doc->line_starts = starts;
  doc->line_count = (uint32_t)lines;
  return NM_OK;
}

/* ------------------------------------------------------------ public API */

static void set_diag(nm_diag *diag, int code, const char *message) {
  if (!diag)
    return;
  memset(diag, 0, sizeof *diag);
  diag->code = code;
  strncpy(diag->message, message, sizeof diag->message - 1);
}

/* finish_spans and build_line_index as nm__pair_run's jobs. */
typedef struct spans_job {
  nm_doc *doc;
  nm__spans *spans;
  size_t structure_count;
  const int32_t *entity_map;
  int rc;
} spans_job;

static void finish_spans_job(void *arg) {
  spans_job *j = arg;
  j->rc = finish_spans(j->doc, j->spans, j->structure_count, j->entity_map);
}

typedef struct lines_job {
  nm_doc *doc;
  int rc;
} lines_job;

static void line_index_job(void *arg) {
  lines_job *j = arg;
  j->rc = build_line_index(j->doc);
}

nm_doc *nm_doc_parse(const char *text, size_t len, const nm_parse_options *opts,
                     nm_diag *diag) {
  const nm_mem *mem = opts ? opts->mem : NULL;
  if (!text && len) {
    set_diag(diag, NM_EINVAL, "text is NULL");
    return NULL;
  }
  if (len > UINT32_MAX) {
    set_diag(diag, NM_ETOOBIG, nm_strerror(NM_ETOOBIG));
    return NULL;
  }
  nm_doc *doc = nm__calloc(mem, 1, sizeof *doc);
  if (!doc) {
    set_diag(diag, NM_ENOMEM, nm_strerror(NM_ENOMEM));
    return NULL;
  }
  if (mem) {
    doc->mem = *mem;
    doc->has_mem = true;
    mem = &doc->mem;
  }
  doc->len = (uint32_t)len;
  /* borrowing needs the NUL after the text that nm_doc_text promises */
  if (opts && (opts->flags & NM_PARSE_BORROW_TEXT) && text && text[len] == '\0')
    doc->text = text;
  else
    doc->text = doc->text_copy = nm__strndup(mem, text ? text : "", len);

  nm__spans spans = {0};
  nm__ctx ctx = {0};
  ctx.mem = mem;
  ctx.lexicon = opts ? opts->lexicon : NULL;
  ctx.flags = opts ? opts->flags : 0;
  ctx.text = doc->text;
  ctx.len = doc->len;
  ctx.spans = &spans;
  ctx.diags = &doc->diags;

  int rc = doc->text ? NM_OK : NM_ENOMEM;
  if (rc == NM_OK)
    rc = nm__structure(&ctx);
  size_t structure_count = spans.count;
  if (rc == NM_OK)
    rc = nm__analyse(&ctx);
  if (rc == NM_OK && opts && opts->rules)
    rc = nm__rules_apply(opts->rules, doc->text, doc->len, mem, &spans,
                         &doc->diags);
  int32_t *entity_map = NULL;
  if (rc == NM_OK)
    rc = finish_entities(doc, &ctx, &entity_map);
  if (rc == NM_OK) {
    /* The line index reads the text only: on a long text it is made on a
     * second thread while the spans are put in order. */
    spans_job sj = {doc, &spans, structure_count, entity_map, NM_OK};
    lines_job lj = {doc, NM_OK};
    nm__pair_run(nm__threads_pay(&ctx), finish_spans_job, &sj, line_index_job,
                 &lj);
    rc = sj.rc != NM_OK ? sj.rc : lj.rc;
  }
  if (rc == NM_OK)
    count_entity_uses(doc);
  nm__free(mem, entity_map);
  nm__free(mem, spans.items);
  nm__ctx_free(&ctx);
  if (rc != NM_OK) {
    set_diag(diag, rc, nm_strerror(rc));
    nm_doc_free(doc);
    return NULL;
  }
  return doc;
}

void nm_doc_free(nm_doc *doc) {
  if (!doc)
    return;
  const nm_mem *mem = doc_mem(doc);
  nm_mem copy = doc->mem; /* the doc holds the allocator it is freed with */
  if (mem)
    mem = &copy;
  for (size_t i = 0; i < doc->entity_count; i++) {
    nm__free(mem, doc->entities[i].name);
    nm__free(mem, doc->entities[i].role);
  }
  nm__free(mem, doc->entities);
  nm__free(mem, doc->spans);
  nm__free(mem, doc->max_end);
  nm__free(mem, doc->quote_cue);
  nm__free(mem, doc->line_starts);
  nm__free(mem, doc->diags.items);
  nm__free(mem, doc->text_copy);
  nm__free(mem, doc);
}

const char *nm_doc_text(const nm_doc *doc, size_t *len) {
  if (len)
    *len = doc ? doc->len : 0;
  return doc ? doc->text : NULL;
}

size_t nm_doc_span_count(const nm_doc *doc) {
  return doc ? doc->span_count : 0;
}

const nm_span *nm_doc_span(const nm_doc *doc, size_t i) {
  if (!doc || i >= doc->span_count)
    return NULL;
  return &doc->spans[i];
}

const nm_span *nm_doc_spans(const nm_doc *doc, size_t *count) {
  if (count)
    *count = doc ? doc->span_count : 0;
  return doc ? doc->spans : NULL;
}

size_t nm_doc_range_first(const nm_doc *doc, uint32_t start) {
  if (!doc)
    return 0;
  /* max_end is non-decreasing: find the first index whose running max end
   * passes `start`; no span before it can reach into the range. */
  size_t lo = 0, hi = doc->span_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (doc->max_end[mid] > start)
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

int32_t nm_doc_quote_cue(const nm_doc *doc, size_t quote_index) {
  if (!doc || quote_index >= doc->span_count)
    return -1;
  return doc->quote_cue[quote_index];
}

size_t nm_doc_entity_count(const nm_doc *doc) {
  return doc ? doc->entity_count : 0;
}

int nm_doc_entity_kind(const nm_doc *doc, size_t i) {
  if (!doc || i >= doc->entity_count)
    return -1;
  return doc->entities[i].kind;
}

const char *nm_doc_entity_name(const nm_doc *doc, size_t i, size_t *len) {
  if (!doc || i >= doc->entity_count) {
    if (len)
      *len = 0;
    return NULL;
  }
  if (len)
    *len = doc->entities[i].name_len;
  return doc->entities[i].name;
}

const char *nm_doc_entity_role(const nm_doc *doc, size_t i, size_t *len) {
  if (len)
    *len = 0;
  if (!doc || i >= doc->entity_count || !doc->entities[i].role)
    return NULL;
  if (len)
    *len = doc->entities[i].role_len;
  return doc->entities[i].role;
}

size_t nm_doc_entity_mention_count(const nm_doc *doc, size_t i) {
  if (!doc || i >= doc->entity_count)
    return 0;
  return doc->entities[i].mentions;
}

size_t nm_doc_entity_quote_count(const nm_doc *doc, size_t i) {
  if (!doc || i >= doc->entity_count)
    return 0;
  return doc->entities[i].quotes;
}

size_t nm_doc_diag_count(const nm_doc *doc) {
  return doc ? doc->diags.count : 0;
}

const nm_diag *nm_doc_diag(const nm_doc *doc, size_t i) {
  if (!doc || i >= doc->diags.count)
    return NULL;
  return &doc->diags.items[i];
}

void nm_doc_line_col(const nm_doc *doc, uint32_t offset, uint32_t *line,
                     uint32_t *col) {
  uint32_t l = 0;
  if (doc && doc->line_count) {
    if (offset > doc->len)
      offset = doc->len;
    uint32_t lo = 0, hi = doc->line_count; /* last start <= offset */
    while (hi - lo > 1) {
      uint32_t mid = lo + (hi - lo) / 2;
      if (doc->line_starts[mid] <= offset)
        lo = mid;
      else
        hi = mid;
    }
    l = lo;
  }
  if (line)
    *line = l;
  if (col)
    *col = doc && doc->line_count ? offset - doc->line_starts[l] : 0;
}

uint32_t nm_doc_line_start(const nm_doc *doc, uint32_t line) {
  if (!doc)
    return 0;
  if (line >= doc->line_count)
    return doc->len;
  return doc->line_starts[line];
}

uint32_t nm_doc_line_count(const nm_doc *doc) {
  return doc ? doc->line_count : 0;
}
