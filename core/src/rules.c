/* rules.c - custom highlighting rules: PCRE2 patterns compiled with UTF and
 * JIT, matched under limits, and their hits turned into NM_KIND_RULE spans.
 *
 * Thread safety: a filled nm_rules is never written again. Every match call
 * builds its own PCRE2 general/match context, match data and JIT stack from
 * the caller's allocator and frees them before returning, so one set can be
 * matched from many threads at once. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MATCH_LIMIT 1000000u
#define DEFAULT_DEPTH_LIMIT 10000u
#define DEFAULT_HEAP_LIMIT 20480u /* KiB */
#define DEFAULT_MAX_HITS 100000u

/* JIT stack per match call: the 32 KiB default overflows on long subjects
 * with nested groups; 512 KiB is reserved lazily by mmap. */
#define JIT_STACK_START ((size_t)32 * 1024)
#define JIT_STACK_MAX ((size_t)512 * 1024)

/* Longest rule name quoted in a message, so PCRE2's text always fits. */
#define MSG_NAME_MAX 32

/* The allocator handed to PCRE2 as its memory_data. A box, because PCRE2
 * wants a non-const void * and callers hold a const nm_mem *. */
typedef struct pmem {
  const nm_mem *mem;
} pmem;

typedef struct rule {
  char *name;
  char *label; /* NULL: shown as the name */
  int priority;
  bool jit;
  pcre2_code *code;
} rule;

struct nm_rules {
  nm_mem mem; /* all-NULL members mean libc */
  pmem box;   /* points at `mem`; every compiled code refers to it */
  nm_rules_limits limits;
  rule *items;
  size_t count, cap;
};

/* ------------------------------------------------------------ allocation */

/* PCRE2 asks for blocks it fully writes (heap frames can be megabytes), so
 * use realloc(NULL) rather than paying calloc's zeroing. */
static void *pcre_malloc(PCRE2_SIZE size, void *ud) {
  const pmem *box = ud;
  return nm__realloc(box->mem, NULL, size);
}

static void pcre_free(void *ptr, void *ud) {
  const pmem *box = ud;
  nm__free(box->mem, ptr);
}

static pcre2_general_context *gctx_new(pmem *box) {
  return pcre2_general_context_create(pcre_malloc, pcre_free, box);
}

/* ------------------------------------------------------------- messages */

/* Append `s` to the NUL-terminated `buf` of `size` bytes, cutting it to fit
 * (no snprintf, so the compiler has no truncation to warn about). */
static void put(char *buf, size_t size, const char *s) {
  size_t used = strlen(buf);
  while (*s && used + 1 < size)
    buf[used++] = *s++;
  buf[used] = '\0';
}

static void diag_clear(nm_diag *diag) {
  if (diag)
    memset(diag, 0, sizeof *diag);
}

static void diag_set(nm_diag *diag, int code, size_t offset, uint32_t line,
                     uint32_t column, const char *message) {
  if (!diag)
    return;
  memset(diag, 0, sizeof *diag);
  diag->code = code;
  diag->offset = offset;
  diag->line = line;
  diag->column = column;
  put(diag->message, sizeof diag->message, message);
}

/* `rule "NAME": TEXT` into msg. The name is cut so TEXT fits, and bytes
 * that are not printable ASCII (a rejected name may hold any) become '?'. */
static void rule_message(char *msg, size_t size, const char *name,
                         const char *text) {
  char shown[MSG_NAME_MAX + 4];
  size_t n = 0;
  for (; n < MSG_NAME_MAX && name[n]; n++) {
    unsigned char c = (unsigned char)name[n];
    shown[n] = (char)(c >= 0x20 && c < 0x7f && c != '"' ? c : '?');
  }
  if (name[n]) {
    memcpy(shown + n, "...", 3);
    n += 3;
  }
  shown[n] = '\0';
  msg[0] = '\0';
  put(msg, size, "rule \"");
  put(msg, size, shown);
  put(msg, size, "\": ");
  put(msg, size, text);
}

static void pcre_text(int code, char *buf, size_t size) {
  /* A too-small buffer still comes back NUL-terminated and cut. */
  if (pcre2_get_error_message(code, (PCRE2_UCHAR *)buf, size) ==
      PCRE2_ERROR_BADDATA)
    snprintf(buf, size, "PCRE2 error %d", code);
}

/* ------------------------------------------------------------ the set */

nm_rules *nm_rules_new(const nm_mem *mem, const nm_rules_limits *limits) {
  nm_rules *rules = nm__calloc(mem, 1, sizeof *rules);
  if (!rules)
    return NULL;
  if (mem)
    rules->mem = *mem;
  rules->box.mem = &rules->mem;
  if (limits)
    rules->limits = *limits;
  if (!rules->limits.match_limit)
    rules->limits.match_limit = DEFAULT_MATCH_LIMIT;
  if (!rules->limits.depth_limit)
    rules->limits.depth_limit = DEFAULT_DEPTH_LIMIT;
  if (!rules->limits.heap_limit)
    rules->limits.heap_limit = DEFAULT_HEAP_LIMIT;
  if (!rules->limits.max_hits)
    rules->limits.max_hits = DEFAULT_MAX_HITS;
  return rules;
}

static void rule_free(const nm_mem *mem, rule *r) {
  pcre2_code_free(r->code); /* frees through the set's box */
  nm__free(mem, r->name);
  nm__free(mem, r->label);
}

void nm_rules_free(nm_rules *rules) {
  if (!rules)
    return;
  nm_mem mem = rules->mem; /* the set holds the allocator it is freed with */
  for (size_t i = 0; i < rules->count; i++)
    rule_free(&mem, &rules->items[i]);
  nm__free(&mem, rules->items);
  nm__free(&mem, rules);
}

static bool name_ok(const char *name) {
  if (!name || !*name)
    return false;
  for (const char *p = name; *p; p++) {
    unsigned char c = (unsigned char)*p;
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok)
      return false;
  }
  return true;
}

/* Labels end up in JSON, HTML and terminals, so they must be non-empty,
 * valid UTF-8 and free of control characters. */
static bool label_ok(const char *label) {
  const unsigned char *p = (const unsigned char *)label;
  if (!*p)
    return false;
  while (*p) {
    unsigned c = *p;
    size_t n;
    uint32_t cp;
    if (c < 0x20 || c == 0x7f)
      return false;
    if (c < 0x80) {
      p++;
      continue;
    }
    if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    for (size_t i = 1; i <= n; i++) {
      if ((p[i] & 0xc0) != 0x80)
        return false; /* also stops at the NUL */
      cp = (cp << 6) | (p[i] & 0x3fu);
    }
    /* overlong, surrogate or beyond U+10FFFF; C1 controls */
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ||
        (cp >= 0x80 && cp <= 0x9f))
      return false;
    p += n + 1;
  }
  return true;
}

static void rule_error(nm_diag *diag, int code, const char *name,
                       const char *text) {
  char msg[128];
  rule_message(msg, sizeof msg, name ? name : "", text);
  diag_set(diag, code, 0, 0, 0, msg);
}

int nm_rules_add(nm_rules *rules, const char *name, const char *label,
                 const char *pattern, size_t len, int priority, nm_diag *diag) {
  diag_clear(diag);
  if (!rules || (!pattern && len)) {
    diag_set(diag, NM_EINVAL, 0, 0, 0, nm_strerror(NM_EINVAL));
    return NM_EINVAL;
  }
  if (!name_ok(name)) {
    rule_error(diag, NM_ERULE, name,
               "name must be non-empty and use only A-Z a-z 0-9 _ . -");
    return NM_ERULE;
  }
  for (size_t i = 0; i < rules->count; i++) {
    if (strcmp(rules->items[i].name, name) == 0) {
      rule_error(diag, NM_ERULE, name, "duplicate rule name");
      return NM_ERULE;
    }
  }
  if (label && !label_ok(label)) {
    rule_error(diag, NM_ERULE, name,
               "label must be non-empty UTF-8 without control characters");
    return NM_ERULE;
  }
  if (rules->count >= INT32_MAX) { /* span links are int32_t */
    rule_error(diag, NM_ERULE, name, "too many rules");
    return NM_ERULE;
  }

  const nm_mem *mem = &rules->mem;
  rule r = {0};
  r.priority = priority;

  /* The general context is only needed while compiling: the code keeps its
   * own copy of the allocator functions and of &rules->box. */
  pcre2_general_context *gctx = gctx_new(&rules->box);
  pcre2_compile_context *cctx =
      gctx ? pcre2_compile_context_create(gctx) : NULL;
  if (!cctx) {
    pcre2_general_context_free(gctx);
    diag_set(diag, NM_ENOMEM, 0, 0, 0, nm_strerror(NM_ENOMEM));
    return NM_ENOMEM;
  }
  int err = 0;
  PCRE2_SIZE erroff = 0;
  /* NEVER_BACKSLASH_C: \C could end a hit inside a character. */
  uint32_t options =
      PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C;
  r.code = pcre2_compile((PCRE2_SPTR)(pattern ? pattern : ""), len, options,
                         &err, &erroff, cctx);
  pcre2_compile_context_free(cctx);
  pcre2_general_context_free(gctx);
  if (!r.code) {
    if (err == PCRE2_ERROR_HEAP_FAILED) {
      diag_set(diag, NM_ENOMEM, 0, 0, 0, nm_strerror(NM_ENOMEM));
      return NM_ENOMEM;
    }
    /* An offset into the pattern, as nm_diag promises: PCRE2 puts one
     * past its end for some items cut short ("(*LIMIT_MATCH=1"). */
    if (erroff > len)
      erroff = len;
    char text[96], msg[128];
    pcre_text(err, text, sizeof text);
    rule_message(msg, sizeof msg, name, text);
    char at[40];
    snprintf(at, sizeof at, " at offset %zu", (size_t)erroff);
    put(msg, sizeof msg, at);
    uint32_t column =
        erroff < UINT32_MAX ? (uint32_t)erroff + 1 : (uint32_t)UINT32_MAX;
    diag_set(diag, NM_EREGEX, erroff, 1, column, msg);
    return NM_EREGEX;
  }
  /* Any JIT failure (not built in, no executable memory, out of memory)
   * leaves the interpreter, which gives the same answers. */
  r.jit = pcre2_jit_compile(r.code, PCRE2_JIT_COMPLETE) == 0;

  r.name = nm__strndup(mem, name, strlen(name));
  if (label)
    r.label = nm__strndup(mem, label, strlen(label));
  void *items = rules->items;
  if (!r.name || (label && !r.label) ||
      nm__grow(mem, &items, &rules->cap, rules->count + 1, sizeof(rule)) !=
          NM_OK) {
    rule_free(mem, &r);
    diag_set(diag, NM_ENOMEM, 0, 0, 0, nm_strerror(NM_ENOMEM));
    return NM_ENOMEM;
  }
  rules->items = items;
  rules->items[rules->count++] = r;
  return NM_OK;
}

size_t nm_rules_count(const nm_rules *rules) {
  return rules ? rules->count : 0;
}

const char *nm_rules_name(const nm_rules *rules, size_t i) {
  return rules && i < rules->count ? rules->items[i].name : NULL;
}

const char *nm_rules_label(const nm_rules *rules, size_t i) {
  if (!rules || i >= rules->count)
    return NULL;
  return rules->items[i].label ? rules->items[i].label : rules->items[i].name;
}

int nm_rules_priority(const nm_rules *rules, size_t i) {
  return rules && i < rules->count ? rules->items[i].priority : 0;
}

/* -------------------------------------------------------------- matching */

/* Per-call PCRE2 state. It must not move after scratch_init: the contexts
 * point at `box`. */
typedef struct scratch {
  pmem box;
  pcre2_general_context *gctx;
  pcre2_match_context *mctx;
  pcre2_jit_stack *jit;
  pcre2_match_data *md;
} scratch;

static void scratch_fini(scratch *s) {
  pcre2_match_data_free(s->md);
  pcre2_jit_stack_free(s->jit);
  pcre2_match_context_free(s->mctx);
  pcre2_general_context_free(s->gctx);
}

static int scratch_init(scratch *s, const nm_rules *rules, const nm_mem *mem) {
  memset(s, 0, sizeof *s);
  s->box.mem = mem;
  s->gctx = gctx_new(&s->box);
  if (s->gctx)
    s->mctx = pcre2_match_context_create(s->gctx);
  /* One ovector pair is all we read; a match with more groups returns 0
   * ("ovector too small") and still fills pair 0. */
  if (s->mctx)
    s->md = pcre2_match_data_create(1, s->gctx);
  if (!s->md) {
    scratch_fini(s);
    return NM_ENOMEM;
  }
  pcre2_set_match_limit(s->mctx, rules->limits.match_limit);
  pcre2_set_depth_limit(s->mctx, rules->limits.depth_limit);
  pcre2_set_heap_limit(s->mctx, rules->limits.heap_limit);
  bool any_jit = false;
  for (size_t i = 0; i < rules->count; i++)
    any_jit = any_jit || rules->items[i].jit;
  if (any_jit) {
    s->jit = pcre2_jit_stack_create(JIT_STACK_START, JIT_STACK_MAX, s->gctx);
    if (!s->jit) {
      scratch_fini(s);
      return NM_ENOMEM;
    }
    pcre2_jit_stack_assign(s->mctx, NULL, s->jit);
  }
  return NM_OK;
}

/* Where one rule's scan went: a sink gets each hit and returns 0 to go on,
 * non-zero to stop. */
typedef int (*sink_fn)(size_t rule, size_t start, size_t end, void *ud);

enum run_status { RUN_DONE, RUN_STOPPED, RUN_LIMIT, RUN_NOMEM };

typedef struct run_event {
  size_t offset; /* RUN_LIMIT: where the failing scan started */
  char message[128];
  int stop; /* RUN_STOPPED: what the sink returned */
} run_event;

static size_t next_char(const unsigned char *text, size_t len, size_t at) {
  at++;
  while (at < len && (text[at] & 0xc0) == 0x80)
    at++;
  return at;
}

/* Scan `text` with rule `ri`, hit after hit, like pcre2demo's loop. */
static enum run_status run_rule(const nm_rules *rules, size_t ri, scratch *s,
                                const unsigned char *text, size_t len,
                                sink_fn sink, void *ud, run_event *ev) {
  const rule *r = &rules->items[ri];
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
  size_t start = 0, hits = 0;
  uint32_t opts = 0;
  for (;;) {
    int rc = pcre2_match(r->code, text, len, start, opts, s->md, s->mctx);
    /* The JIT stack is a fixed size; the interpreter's heap frames are
     * bounded by the heap limit instead, so give it a go. */
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
      rc = pcre2_match(r->code, text, len, start, opts | PCRE2_NO_JIT, s->md,
                       s->mctx);
    if (rc == PCRE2_ERROR_NOMATCH)
      return RUN_DONE;
    if (rc == PCRE2_ERROR_NOMEMORY)
      return RUN_NOMEM;
    if (rc < 0) {
      /* Match, depth or heap limit, or anything else PCRE2 refuses: the
       * rule stops here, with PCRE2's own words. */
      char text_msg[96];
      pcre_text(rc, text_msg, sizeof text_msg);
      rule_message(ev->message, sizeof ev->message, r->name, text_msg);
      ev->offset = start;
      return RUN_LIMIT;
    }
    size_t ms = ov[0], me = ov[1];
    /* Empty hits count too: each costs a match call, and x* over a
     * megabyte would otherwise make a million of them. */
    if (hits == rules->limits.max_hits) {
      char text_msg[96];
      snprintf(text_msg, sizeof text_msg, "more than %lu hits, rest dropped",
               (unsigned long)rules->limits.max_hits);
      rule_message(ev->message, sizeof ev->message, r->name, text_msg);
      ev->offset = ms;
      return RUN_LIMIT;
    }
    hits++;
    if (ms <= me) { /* \K cannot invert a match since 10.38; be safe */
      int stop = sink(ri, ms, me, ud);
      if (stop) {
        ev->stop = stop;
        return RUN_STOPPED;
      }
    }
    if (ms == me) {
      if (me >= len)
        return RUN_DONE;
      /* Go on from the same place, but not with an empty match there.
       * Unanchored: the JIT does not take PCRE2_ANCHORED at match time, and
       * the interpreter's scan for invalid UTF-8 from every start would make
       * an empty-matching rule quadratic. */
      opts = PCRE2_NOTEMPTY_ATSTART;
      start = me;
      continue;
    }
    opts = 0;
    size_t sc = pcre2_get_startchar(s->md);
    if (me <= sc) {
      /* A match that ended where it began scanning would loop forever. */
      if (sc >= len)
        return RUN_DONE;
      start = next_char(text, len, sc);
    } else {
      start = me;
    }
  }
}

/* 1-based line and byte column of `offset` in `text`, for humans. */
static void line_col(const unsigned char *text, size_t offset, uint32_t *line,
                     uint32_t *col) {
  size_t l = 1, ls = 0;
  for (size_t i = 0; i < offset; i++) {
    if (text[i] == '\n') {
      l++;
      ls = i + 1;
    }
  }
  *line = l < UINT32_MAX ? (uint32_t)l : UINT32_MAX;
  *col = offset - ls + 1 < UINT32_MAX ? (uint32_t)(offset - ls + 1)
                                      : (uint32_t)UINT32_MAX;
}

typedef struct user_sink {
  nm_hit_fn hit;
  void *ud;
} user_sink;

static int to_user(size_t ri, size_t start, size_t end, void *ud) {
  const user_sink *us = ud;
  return us->hit ? us->hit(ri, (uint32_t)start, (uint32_t)end, us->ud) : 0;
}

int nm_rules_match(const nm_rules *rules, const char *text, size_t len,
                   nm_hit_fn hit, void *ud, nm_diag *diag) {
  diag_clear(diag);
  if (!rules || (!text && len)) {
    diag_set(diag, NM_EINVAL, 0, 0, 0, nm_strerror(NM_EINVAL));
    return NM_EINVAL;
  }
  if ((uint64_t)len > UINT32_MAX) {
    diag_set(diag, NM_ETOOBIG, 0, 0, 0, nm_strerror(NM_ETOOBIG));
    return NM_ETOOBIG;
  }
  if (rules->count == 0)
    return NM_OK;
  const unsigned char *subject = (const unsigned char *)(text ? text : "");
  scratch s;
  if (scratch_init(&s, rules, &rules->mem) != NM_OK) {
    diag_set(diag, NM_ENOMEM, 0, 0, 0, nm_strerror(NM_ENOMEM));
    return NM_ENOMEM;
  }
  user_sink us = {hit, ud};
  int result = NM_OK;
  for (size_t i = 0; i < rules->count; i++) {
    run_event ev = {0};
    enum run_status st =
        run_rule(rules, i, &s, subject, len, to_user, &us, &ev);
    if (st == RUN_STOPPED) {
      result = ev.stop;
      break;
    }
    if (st == RUN_NOMEM) {
      diag_set(diag, NM_ENOMEM, 0, 0, 0, nm_strerror(NM_ENOMEM));
      result = NM_ENOMEM;
      break;
    }
    if (st == RUN_LIMIT) {
      if (result == NM_OK) { /* the first event is the one recorded */
        uint32_t line, col;
        line_col(subject, ev.offset, &line, &col);
        diag_set(diag, NM_ELIMIT, ev.offset, line, col, ev.message);
      }
      result = NM_ELIMIT; /* the other rules still run */
    }
  }
  scratch_fini(&s);
  return result;
}

/* ------------------------------------------------------------ rule spans */

typedef struct hit {
  uint32_t start, end, rule;
  int priority; /* copied here so qsort needs no context */
} hit;

typedef struct hit_buf {
  const nm_mem *mem;
  hit *items;
  size_t count, cap;
  int priority;
} hit_buf;

static int collect(size_t ri, size_t start, size_t end, void *ud) {
  hit_buf *b = ud;
  if (start == end)
    return 0; /* an empty hit highlights nothing */
  void *items = b->items;
  if (nm__grow(b->mem, &items, &b->cap, b->count + 1, sizeof(hit)) != NM_OK)
    return 1; /* the only reason this sink stops */
  b->items = items;
  hit h = {(uint32_t)start, (uint32_t)end, (uint32_t)ri, b->priority};
  b->items[b->count++] = h;
  return 0;
}

/* Rank: higher priority, then the earlier rule, then the longer hit, then
 * the earlier start (hits of one rule never overlap, so this is total). */
static int by_rank(const void *pa, const void *pb) {
  const hit *a = pa, *b = pb;
  if (a->priority != b->priority)
    return a->priority > b->priority ? -1 : 1;
  if (a->rule != b->rule)
    return a->rule < b->rule ? -1 : 1;
  uint32_t la = a->end - a->start, lb = b->end - b->start;
  if (la != lb)
    return la > lb ? -1 : 1;
  return a->start < b->start ? -1 : a->start > b->start;
}

static int by_value(const void *pa, const void *pb) {
  uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
  return a < b ? -1 : a > b;
}

static size_t lower_bound(const uint32_t *v, size_t n, uint32_t x) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (v[mid] < x)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Fenwick tree over slots: how many covered slots lie in [0, i). */
static size_t fen_sum(const uint32_t *t, size_t i) {
  size_t sum = 0;
  for (; i > 0; i -= i & (~i + 1))
    sum += t[i - 1];
  return sum;
}

static void fen_add(uint32_t *t, size_t n, size_t i) {
  for (i++; i <= n; i += i & (~i + 1))
    t[i - 1]++;
}

/* Greedy by rank: a hit is kept unless it overlaps a kept hit of higher
 * rank. That keeps a low-priority hit whose only rival was itself dropped,
 * which a pairwise "drop the lower" would lose for nothing. Positions are
 * compressed to the distinct hit boundaries; slot j is [c[j], c[j+1]), and
 * each slot is covered at most once, so the whole pass is O(n log n).
 * Sorts `h` by rank and sets keep[i]. */
static int resolve(const nm_mem *mem, hit *h, size_t n, unsigned char *keep) {
  uint32_t *c = nm__calloc(mem, 2 * n, sizeof *c);
  uint32_t *tree = nm__calloc(mem, 2 * n, sizeof *tree);
  if (!c || !tree) {
    nm__free(mem, c);
    nm__free(mem, tree);
    return NM_ENOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    c[2 * i] = h[i].start;
    c[2 * i + 1] = h[i].end;
  }
  qsort(c, 2 * n, sizeof *c, by_value);
  size_t m = 0;
  for (size_t i = 0; i < 2 * n; i++)
    if (m == 0 || c[m - 1] != c[i])
      c[m++] = c[i];
  qsort(h, n, sizeof *h, by_rank);
  for (size_t i = 0; i < n; i++) {
    size_t a = lower_bound(c, m, h[i].start);
    size_t b = lower_bound(c, m, h[i].end);
    keep[i] = fen_sum(tree, b) == fen_sum(tree, a);
    if (keep[i])
      for (size_t j = a; j < b; j++)
        fen_add(tree, m, j);
  }
  nm__free(mem, c);
  nm__free(mem, tree);
  return NM_OK;
}

int nm__rules_apply(const nm_rules *rules, const char *text, uint32_t len,
                    const nm_mem *mem, nm__spans *out, nm__diags *diags) {
  if (!rules || rules->count == 0)
    return NM_OK;
  const unsigned char *subject = (const unsigned char *)(text ? text : "");
  if (!text)
    len = 0;
  size_t out0 = out->count, diags0 = diags->count;
  scratch s;
  if (scratch_init(&s, rules, mem) != NM_OK)
    return NM_ENOMEM;
  hit_buf buf = {0};
  buf.mem = mem;
  int rc = NM_OK;
  for (size_t i = 0; i < rules->count && rc == NM_OK; i++) {
    run_event ev = {0};
    buf.priority = rules->items[i].priority;
    enum run_status st =
        run_rule(rules, i, &s, subject, len, collect, &buf, &ev);
    if (st == RUN_NOMEM || st == RUN_STOPPED) /* the sink stops on OOM */
      rc = NM_ENOMEM;
    else if (st == RUN_LIMIT)
      /* The hits found before the limit stay, as they do for max_hits. */
      rc = nm__diags_push(mem, diags, NM_ELIMIT, ev.offset, ev.message);
  }
  scratch_fini(&s);

  unsigned char *keep = NULL;
  if (rc == NM_OK && buf.count) {
    keep = nm__calloc(mem, buf.count, 1);
    rc = keep ? resolve(mem, buf.items, buf.count, keep) : NM_ENOMEM;
  }
  for (size_t i = 0; rc == NM_OK && i < buf.count; i++)
    if (keep[i])
      rc = nm__spans_push(mem, out, buf.items[i].start, buf.items[i].end,
                          NM_KIND_RULE, 0, (int32_t)buf.items[i].rule);
  nm__free(mem, keep);
  nm__free(mem, buf.items);
  if (rc != NM_OK) { /* leave the caller's arrays as they were */
    out->count = out0;
    diags->count = diags0;
    return NM_ENOMEM;
  }
  return NM_OK;
}
