/*
 * render.c - nm_doc_render: JSON, JSONL, ANSI, HTML, brat standoff and the
 * span dump, written over the public API only (this file never sees the
 * fields of nm_doc).
 *
 * Every format streams: bytes go into one fixed buffer on the stack that is
 * handed to the caller's write callback OUT_CAP bytes at a time. Nothing is
 * allocated, so rendering cannot run out of memory and its memory use does
 * not grow with the document; the scratch arrays below have fixed sizes and
 * degrade gracefully (a span nested deeper than MAX_OPEN is not styled).
 *
 * Text from the document is never trusted:
 *   - JSON and HTML are always valid UTF-8: an invalid byte becomes U+FFFD.
 *   - ANSI passes the bytes through except ESC, shown as "^[", and the
 *     UTF-8 encoded C1 controls U+0080..U+009F (U+009B is a one-character
 *     CSI for some terminals), shown in the same 7-bit form ("^[[").
 *   - brat offsets count code points, an invalid byte as one character.
 */
#include "internal.h"
#include "text.h"

#include <stdio.h>
#include <string.h>

/* Bytes handed to the write callback at a time. */
#define OUT_CAP 4096
/* Spans open at once in the ANSI and HTML walkers; deeper ones are not
 * styled (their text is still written). */
#define MAX_OPEN 64
/* Entities whose mention ranges one pass over the spans records (JSON). */
#define ENT_WINDOW 256
/* Bytes of a block's text the dump shows. */
#define DUMP_BLOCK_BYTES 40

/* ------------------------------------------------------------- output */

typedef struct out {
  nm_write_fn write;
  void *ud;
  int rc; /* the first non-zero value `write` returned; then nothing more */
  size_t len;
  char buf[OUT_CAP];
} out;

static void out_flush(out *o) {
  if (o->rc == 0 && o->len > 0)
    o->rc = o->write(o->buf, o->len, o->ud);
  o->len = 0;
}

static void out_bytes(out *o, const char *p, size_t n) {
  while (n > 0 && o->rc == 0) {
    if (o->len == OUT_CAP)
      out_flush(o);
    size_t room = OUT_CAP - o->len;
    size_t k = n < room ? n : room;
    memcpy(o->buf + o->len, p, k);
    o->len += k;
    p += k;
    n -= k;
  }
}

static void out_str(out *o, const char *s) { out_bytes(o, s, strlen(s)); }

/* One byte without the general copy loop: JSON and the dump write mostly
 * single punctuation bytes. */
static void out_char(out *o, char c) {
  if (o->len == OUT_CAP)
    out_flush(o);
  if (o->rc == 0)
    o->buf[o->len++] = c;
}

/* Decimal digits by hand: snprintf took a tenth of a JSON render in the
 * fuzz build. */
static void out_uint(out *o, unsigned long long v) {
  char tmp[24];
  char *p = tmp + sizeof tmp;
  do {
    *--p = (char)('0' + v % 10);
    v /= 10;
  } while (v > 0);
  out_bytes(o, p, (size_t)(tmp + sizeof tmp - p));
}

static void out_int(out *o, long long v) {
  if (v < 0) {
    out_char(o, '-');
    out_uint(o, 0ull - (unsigned long long)v);
  } else {
    out_uint(o, (unsigned long long)v);
  }
}

static void out_spaces(out *o, size_t n) {
  static const char spaces[32] = "                                ";
  while (n > 0) {
    size_t k = n < sizeof spaces ? n : sizeof spaces;
    out_bytes(o, spaces, k);
    n -= k;
  }
}

/* ------------------------------------------------------------ context */

typedef struct rctx {
  out o;
  const nm_doc *doc;
  const nm_render_options *opts; /* never NULL: zeroes when none given */
  const char *text;
  uint32_t len;
  const nm_span *spans;
  size_t n;
  size_t entities;
} rctx;

static uint32_t span_end(const rctx *r, const nm_span *s) {
  return s->end < r->len ? s->end : r->len;
}

static uint32_t span_start(const rctx *r, const nm_span *s) {
  uint32_t e = span_end(r, s);
  return s->start < e ? s->start : e;
}

static bool is_block_kind(int kind) {
  return kind >= NM_KIND_FIRST && kind <= NM_KIND_BLOCK_LAST;
}

static bool is_mention_kind(int kind) {
  return kind == NM_KIND_PERSON || kind == NM_KIND_ORGANIZATION ||
         kind == NM_KIND_PLACE;
}

static const char *kind_name(int kind) {
  const char *name = nm_kind_name(kind);
  return name ? name : "unknown";
}

/* The entity a span links to, or -1. */
static long long span_entity(const rctx *r, const nm_span *s) {
  if (s->link < 0 || (size_t)s->link >= r->entities)
    return -1;
  if (is_mention_kind(s->kind) || s->kind == NM_KIND_QUOTE ||
      s->kind == NM_KIND_ROLE || s->kind == NM_KIND_SPEAKER_REF)
    return s->link;
  return -1;
}

static const char *entity_name(const rctx *r, size_t e, size_t *len) {
  const char *name = nm_doc_entity_name(r->doc, e, len);
  if (!name) {
    *len = 0;
    return "";
  }
  return name;
}

/* Rule `i`'s name and label, or NULL when the options carry no rules. */
static const char *rule_name(const rctx *r, int32_t i) {
  if (!r->opts->rules || i < 0)
    return NULL;
  return nm_rules_name(r->opts->rules, (size_t)i);
}

static const char *rule_label(const rctx *r, int32_t i) {
  if (!r->opts->rules || i < 0)
    return NULL;
  const char *label = nm_rules_label(r->opts->rules, (size_t)i);
  return label ? label : nm_rules_name(r->opts->rules, (size_t)i);
}

/* A quote's speaker kind as corpus/FORMAT.md knows it: person,
 * organization or unknown. A place that speaks ("Russia said") is its
 * government, so it counts as an organization. */
static const char *speaker_kind(const rctx *r, long long e) {
  if (e < 0)
    return "unknown";
  return nm_doc_entity_kind(r->doc, (size_t)e) == NM_KIND_PERSON
             ? "person"
             : "organization";
}

/* The length of a string in a fixed buffer that may lack its NUL. */
static size_t bounded_len(const char *s, size_t cap) {
  const char *nul = memchr(s, '\0', cap);
  return nul ? (size_t)(nul - s) : cap;
}

/* Decode the character at p[i] (i < n): its byte length, and whether it is
 * valid UTF-8 (an invalid byte has length 1 and *cp U+FFFD). */
static uint32_t utf8_step(const char *p, size_t n, size_t i, uint32_t *cp,
                          bool *valid) {
  unsigned char c = (unsigned char)p[i];
  if (c < 0x80) {
    *cp = c;
    *valid = true;
    return 1;
  }
  uint32_t k = nm__utf8_at(p, (uint32_t)n, (uint32_t)i, cp);
  *valid = k > 1;
  return k;
}

/* --------------------------------------------------------------- JSON */

/* A JSON string: RFC 8259 escapes, every invalid byte as \ufffd, so the
 * output is valid UTF-8 whatever the input. */
static void json_str(out *o, const char *p, size_t n) {
  static const char hex[] = "0123456789abcdef";
  out_char(o, '"');
  size_t from = 0, i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)p[i];
    char esc[8];
    const char *rep = NULL;
    if (c >= 0x80) {
      uint32_t cp;
      bool valid;
      uint32_t k = utf8_step(p, n, i, &cp, &valid);
      if (valid) {
        i += k;
        continue;
      }
      rep = "\\ufffd";
    } else if (c == '"') {
      rep = "\\\"";
    } else if (c == '\\') {
      rep = "\\\\";
    } else if (c == '\n') {
      rep = "\\n";
    } else if (c == '\r') {
      rep = "\\r";
    } else if (c == '\t') {
      rep = "\\t";
    } else if (c < 0x20) {
      memcpy(esc, "\\u00", 4);
      esc[4] = hex[c >> 4];
      esc[5] = hex[c & 15];
      esc[6] = '\0';
      rep = esc;
    } else {
      i++;
      continue;
    }
    out_bytes(o, p + from, i - from);
    out_str(o, rep);
    i++;
    from = i;
  }
  out_bytes(o, p + from, n - from);
  out_char(o, '"');
}

static void json_cstr_or_null(out *o, const char *s) {
  if (s)
    json_str(o, s, strlen(s));
  else
    out_str(o, "null");
}

/* A JSON writer: objects and arrays of objects go one member a line with a
 * one-space indent (like the gold files), arrays of numbers stay on one
 * line ("[615, 645]"). Compact mode writes no white space at all. */
typedef struct jw {
  out *o;
  bool pretty;
  int depth;
  bool first[8];
} jw;

static void jw_newline(jw *j) {
  if (!j->pretty)
    return;
  out_char(j->o, '\n');
  out_spaces(j->o, (size_t)j->depth);
}

static void jw_open(jw *j, char c) {
  out_char(j->o, c);
  if (j->depth < (int)sizeof j->first - 1)
    j->depth++;
  j->first[j->depth] = true;
}

static void jw_close(jw *j, char c) {
  bool empty = j->first[j->depth];
  if (j->depth > 0)
    j->depth--;
  if (!empty)
    jw_newline(j);
  out_char(j->o, c);
}

/* Before an array element. */
static void jw_item(jw *j) {
  if (!j->first[j->depth])
    out_char(j->o, ',');
  j->first[j->depth] = false;
  jw_newline(j);
}

static void jw_key(jw *j, const char *key) {
  jw_item(j);
  out_char(j->o, '"');
  out_str(j->o, key);
  out_str(j->o, j->pretty ? "\": " : "\":");
}

static void jw_uint(jw *j, const char *key, unsigned long long v) {
  jw_key(j, key);
  out_uint(j->o, v);
}

static void jw_bool(jw *j, const char *key, bool v) {
  jw_key(j, key);
  out_str(j->o, v ? "true" : "false");
}

/* An entity id or null. */
static void jw_entity(jw *j, long long e) {
  if (e < 0)
    out_str(j->o, "null");
  else
    out_int(j->o, e);
}

/* "[a, b]", or with `has_c` "[a, b, c]" where a negative c is null. */
static void jw_numbers(jw *j, uint32_t a, uint32_t b, long long c, bool has_c) {
  const char *sep = j->pretty ? ", " : ",";
  out_char(j->o, '[');
  out_uint(j->o, a);
  out_str(j->o, sep);
  out_uint(j->o, b);
  if (has_c) {
    out_str(j->o, sep);
    jw_entity(j, c);
  }
  out_char(j->o, ']');
}

static void json_quote(rctx *r, jw *j, size_t i, size_t id) {
  const nm_span *s = &r->spans[i];
  uint32_t start = span_start(r, s), end = span_end(r, s);
  long long e = span_entity(r, s);
  jw_item(j);
  jw_open(j, '{');
  jw_uint(j, "id", id);
  jw_uint(j, "start", start);
  jw_uint(j, "end", end);
  if (!(r->opts->flags & NM_RENDER_NO_TEXT)) {
    jw_key(j, "text");
    json_str(&r->o, r->text + start, end - start);
  }
  jw_key(j, "speaker");
  if (e >= 0) {
    size_t name_len;
    const char *name = entity_name(r, (size_t)e, &name_len);
    json_str(&r->o, name, name_len);
  } else {
    out_str(&r->o, "null");
  }
  jw_key(j, "speaker_kind");
  json_cstr_or_null(&r->o, speaker_kind(r, e));
  jw_key(j, "speaker_id");
  jw_entity(j, e);
  jw_key(j, "method");
  json_cstr_or_null(&r->o, nm_method_name(NM_QUOTE_METHOD(s->flags)));
  jw_key(j, "cue");
  int32_t cue = nm_doc_quote_cue(r->doc, i);
  if (cue >= 0 && (size_t)cue < r->n)
    jw_numbers(j, span_start(r, &r->spans[cue]), span_end(r, &r->spans[cue]), 0,
               false);
  else
    out_str(&r->o, "null");
  jw_bool(j, "partial", s->flags & NM_FLAG_PARTIAL);
  jw_bool(j, "continued", s->flags & NM_FLAG_CONTINUED);
  jw_bool(j, "nested", s->flags & NM_FLAG_NESTED);
  jw_bool(j, "unclosed", s->flags & NM_FLAG_UNCLOSED);
  jw_close(j, '}');
}

static bool is_mention_of(const nm_span *s, size_t e) {
  return is_mention_kind(s->kind) && s->link >= 0 && (size_t)s->link == e;
}

/* The entities of one kind, in entity order. Each window of ENT_WINDOW
 * entities costs one pass over the spans that records where each one's
 * mentions begin and end in the span array; listing an entity's mentions
 * then only scans that range. */
static void json_entities(rctx *r, jw *j, int kind) {
  size_t first[ENT_WINDOW], last[ENT_WINDOW];
  for (size_t base = 0; base < r->entities && r->o.rc == 0;
       base += ENT_WINDOW) {
    size_t w =
        r->entities - base < ENT_WINDOW ? r->entities - base : ENT_WINDOW;
    bool any = false;
    for (size_t k = 0; k < w; k++) {
      any = any || nm_doc_entity_kind(r->doc, base + k) == kind;
      first[k] = SIZE_MAX;
      last[k] = 0;
    }
    if (!any)
      continue;
    for (size_t i = 0; i < r->n; i++) {
      const nm_span *s = &r->spans[i];
      if (!is_mention_kind(s->kind) || s->link < 0 || (size_t)s->link < base ||
          (size_t)s->link - base >= w)
        continue;
      size_t k = (size_t)s->link - base;
      if (first[k] == SIZE_MAX)
        first[k] = i;
      last[k] = i;
    }
    for (size_t k = 0; k < w; k++) {
      size_t e = base + k;
      if (nm_doc_entity_kind(r->doc, e) != kind)
        continue;
      size_t name_len, role_len;
      const char *name = entity_name(r, e, &name_len);
      const char *role = nm_doc_entity_role(r->doc, e, &role_len);
      jw_item(j);
      jw_open(j, '{');
      jw_uint(j, "id", e);
      jw_key(j, "name");
      json_str(&r->o, name, name_len);
      jw_key(j, "role");
      if (role)
        json_str(&r->o, role, role_len);
      else
        out_str(&r->o, "null");
      jw_uint(j, "quotes", nm_doc_entity_quote_count(r->doc, e));
      jw_key(j, "mentions");
      jw_open(j, '[');
      for (size_t i = first[k]; first[k] != SIZE_MAX && i <= last[k]; i++) {
        const nm_span *s = &r->spans[i];
        if (!is_mention_of(s, e))
          continue;
        jw_item(j);
        jw_numbers(j, span_start(r, s), span_end(r, s), 0, false);
      }
      jw_close(j, ']');
      jw_close(j, '}');
    }
  }
}

static void render_json(rctx *r, bool pretty) {
  jw j = {.o = &r->o, .pretty = pretty};
  jw_open(&j, '{');
  if (r->opts->name) {
    jw_key(&j, "file");
    json_cstr_or_null(&r->o, r->opts->name);
  }
  jw_key(&j, "version");
  json_cstr_or_null(&r->o, NM_VERSION_STRING);
  jw_uint(&j, "length", r->len);

  /* FORMAT.md's quotes are the outer ones; a quote inside a quote is
   * part of its speaker's words, listed apart under "nested_quotes". Ids
   * count across both lists. */
  size_t quotes = 0;
  for (int nested = 0; nested < 2; nested++) {
    jw_key(&j, nested ? "nested_quotes" : "quotes");
    jw_open(&j, '[');
    for (size_t i = 0; i < r->n && r->o.rc == 0; i++)
      if (r->spans[i].kind == NM_KIND_QUOTE &&
          !(r->spans[i].flags & NM_FLAG_NESTED) == !nested)
        json_quote(r, &j, i, quotes++);
    jw_close(&j, ']');
  }

  static const struct {
    const char *key;
    int kind;
  } groups[] = {{"people", NM_KIND_PERSON},
                {"organizations", NM_KIND_ORGANIZATION},
                {"places", NM_KIND_PLACE}};
  for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
    jw_key(&j, groups[g].key);
    jw_open(&j, '[');
    json_entities(r, &j, groups[g].kind);
    jw_close(&j, ']');
  }

  jw_key(&j, "scare_quotes");
  jw_open(&j, '[');
  for (size_t i = 0; i < r->n && r->o.rc == 0; i++) {
    const nm_span *s = &r->spans[i];
    if (s->kind != NM_KIND_SCARE_QUOTE)
      continue;
    jw_item(&j);
    jw_numbers(&j, span_start(r, s), span_end(r, s), 0, false);
  }
  jw_close(&j, ']');

  jw_key(&j, "blocks");
  jw_open(&j, '[');
  for (size_t i = 0; i < r->n && r->o.rc == 0; i++) {
    const nm_span *s = &r->spans[i];
    if (!is_block_kind(s->kind) && s->kind != NM_KIND_DATELINE)
      continue;
    jw_item(&j);
    jw_open(&j, '{');
    jw_key(&j, "kind");
    json_cstr_or_null(&r->o, kind_name(s->kind));
    jw_uint(&j, "start", span_start(r, s));
    jw_uint(&j, "end", span_end(r, s));
    jw_close(&j, '}');
  }
  jw_close(&j, ']');

  jw_key(&j, "roles");
  jw_open(&j, '[');
  for (size_t i = 0; i < r->n && r->o.rc == 0; i++) {
    const nm_span *s = &r->spans[i];
    if (s->kind != NM_KIND_ROLE)
      continue;
    jw_item(&j);
    jw_numbers(&j, span_start(r, s), span_end(r, s), span_entity(r, s), true);
  }
  jw_close(&j, ']');

  jw_key(&j, "rules");
  jw_open(&j, '[');
  for (size_t i = 0; i < r->n && r->o.rc == 0; i++) {
    const nm_span *s = &r->spans[i];
    if (s->kind != NM_KIND_RULE)
      continue;
    jw_item(&j);
    jw_open(&j, '{');
    jw_key(&j, "rule");
    json_cstr_or_null(&r->o, rule_name(r, s->link));
    jw_key(&j, "label");
    json_cstr_or_null(&r->o, rule_label(r, s->link));
    jw_key(&j, "index");
    jw_entity(&j, s->link);
    jw_uint(&j, "start", span_start(r, s));
    jw_uint(&j, "end", span_end(r, s));
    jw_close(&j, '}');
  }
  jw_close(&j, ']');

  jw_key(&j, "diagnostics");
  jw_open(&j, '[');
  size_t diags = nm_doc_diag_count(r->doc);
  for (size_t i = 0; i < diags && r->o.rc == 0; i++) {
    const nm_diag *d = nm_doc_diag(r->doc, i);
    if (!d)
      continue;
    jw_item(&j);
    jw_open(&j, '{');
    jw_key(&j, "code");
    out_int(&r->o, d->code);
    jw_key(&j, "message");
    json_str(&r->o, d->message, bounded_len(d->message, sizeof d->message));
    jw_uint(&j, "offset", d->offset);
    jw_close(&j, '}');
  }
  jw_close(&j, ']');

  jw_close(&j, '}');
  out_char(&r->o, '\n');
}

/* --------------------------------------------------------------- ANSI */

static const char *const ansi_default[NM_KIND_LAST + 1] = {
    [NM_KIND_BOILERPLATE] = "2",    [NM_KIND_HEADLINE] = "1",
    [NM_KIND_STANDFIRST] = "3",     [NM_KIND_IMAGE_CREDIT] = "2",
    [NM_KIND_CAPTION] = "2",        [NM_KIND_SOURCE_LINE] = "2",
    [NM_KIND_BYLINE] = "3",         [NM_KIND_DATE_LINE] = "2",
    [NM_KIND_SUBHEAD] = "1;4",      [NM_KIND_PARAGRAPH] = "",
    [NM_KIND_DATELINE] = "1",       [NM_KIND_QUOTE] = "32",
    [NM_KIND_SCARE_QUOTE] = "33",   [NM_KIND_PERSON] = "1;34",
    [NM_KIND_ORGANIZATION] = "36",  [NM_KIND_PLACE] = "35",
    [NM_KIND_ROLE] = "3",           [NM_KIND_CUE] = "4",
    [NM_KIND_SPEAKER_REF] = "3;34", [NM_KIND_RULE] = "7"};

/* A user style is SGR parameters only ("1;33", "38:5:208"); anything else
 * could smuggle a control sequence in, so it means no style. */
static bool sgr_params_ok(const char *s) {
  size_t n = 0;
  for (; s[n]; n++)
    if (!((s[n] >= '0' && s[n] <= '9') || s[n] == ';' || s[n] == ':') ||
        n >= 64)
      return false;
  return true;
}

typedef struct ansi {
  rctx *r;
  const char *style[NM_KIND_LAST + 1];
  struct {
    uint32_t end;
    const char *style;
  } open[MAX_OPEN];
  size_t nopen;
  size_t applied; /* open[0..applied) have been sent since the last reset */
} ansi;

/* Send the styles not sent yet, before visible bytes. */
static void ansi_apply(ansi *a) {
  if (a->applied >= a->nopen)
    return;
  out *o = &a->r->o;
  out_str(o, "\x1b[");
  for (size_t k = a->applied; k < a->nopen; k++) {
    if (k > a->applied)
      out_char(o, ';');
    out_str(o, a->open[k].style);
  }
  out_char(o, 'm');
  a->applied = a->nopen;
}

static void ansi_reset(ansi *a) {
  if (a->applied > 0)
    out_str(&a->r->o, "\x1b[0m");
  a->applied = 0;
}

static void ansi_run(ansi *a, uint32_t from, uint32_t to) {
  if (to > from) {
    ansi_apply(a);
    out_bytes(&a->r->o, a->r->text + from, to - from);
  }
}

/* Text [from, to): bytes pass through; ESC and encoded C1 controls are
 * made visible; every line break resets, and the styles come back before
 * the next visible byte. */
static void ansi_text(ansi *a, uint32_t from, uint32_t to) {
  const unsigned char *t = (const unsigned char *)a->r->text;
  out *o = &a->r->o;
  uint32_t i = from;
  while (i < to && o->rc == 0) {
    unsigned char c = t[i];
    if (c == 0x1b) {
      ansi_run(a, from, i);
      ansi_apply(a);
      out_str(o, "^[");
      from = ++i;
    } else if (c == 0xc2 && i + 1 < to && t[i + 1] >= 0x80 &&
               t[i + 1] <= 0x9f) {
      ansi_run(a, from, i);
      ansi_apply(a);
      out_str(o, "^[");
      out_char(o, (char)(t[i + 1] - 0x40));
      i += 2;
      from = i;
    } else if (c == '\n' || (c == '\r' && i + 1 < to && t[i + 1] == '\n')) {
      ansi_run(a, from, i);
      ansi_reset(a);
      uint32_t k = c == '\r' ? 2 : 1;
      out_bytes(o, (const char *)t + i, k);
      i += k;
      from = i;
    } else {
      i++;
    }
  }
  ansi_run(a, from, i);
}

/* A walk over the text in span order with the set of open spans (not a
 * strict stack: a rule hit may overlap a quote). When any span ends, SGR
 * is reset and the spans still open are applied again, in opening order,
 * so inner styles override outer ones and an outer style comes back after
 * an inner span. */
/* Quotes take their speaker's colour, so one voice reads as one colour
 * through the article: palette entries go to speakers in the order of their
 * first quote (the first 64; later ones by entity index). */
static const char *const speaker_palette[] = {
    "38;5;34", "38;5;172", "38;5;39", "38;5;163", "38;5;106", "38;5;31"};
#define SPEAKER_PALETTE (sizeof speaker_palette / sizeof *speaker_palette)

typedef struct speaker_order {
  int32_t seen[64];
  size_t count;
} speaker_order;

static const char *speaker_style(speaker_order *order, int32_t entity) {
  size_t k = 0;
  while (k < order->count && order->seen[k] != entity)
    k++;
  if (k == order->count && order->count < 64)
    order->seen[order->count++] = entity;
  if (k == 64)
    k = (size_t)entity;
  return speaker_palette[k % SPEAKER_PALETTE];
}

static void render_ansi(rctx *r) {
  ansi a = {.r = r};
  speaker_order order = {.count = 0};
  const char *const *user = r->opts->ansi_styles;
  bool by_speaker = !(user && user[NM_KIND_QUOTE]);
  for (int k = NM_KIND_FIRST; k <= NM_KIND_LAST; k++) {
    const char *s = user && user[k] ? user[k] : ansi_default[k];
    a.style[k] = sgr_params_ok(s) ? s : "";
  }
  uint32_t pos = 0;
  size_t idx = 0;
  while (r->o.rc == 0) {
    uint32_t next = r->len;
    if (idx < r->n)
      next = span_start(r, &r->spans[idx]);
    for (size_t k = 0; k < a.nopen; k++)
      if (a.open[k].end < next)
        next = a.open[k].end;
    ansi_text(&a, pos, next);
    pos = next;
    size_t kept = 0;
    for (size_t k = 0; k < a.nopen; k++)
      if (a.open[k].end > pos)
        a.open[kept++] = a.open[k];
    if (kept < a.nopen)
      ansi_reset(&a);
    a.nopen = kept;
    for (; idx < r->n && span_start(r, &r->spans[idx]) <= pos; idx++) {
      const nm_span *s = &r->spans[idx];
      if (s->kind > NM_KIND_LAST || !a.style[s->kind][0] ||
          span_end(r, s) <= pos || a.nopen == MAX_OPEN)
        continue;
      a.open[a.nopen].end = span_end(r, s);
      a.open[a.nopen].style = a.style[s->kind];
      if (s->kind == NM_KIND_QUOTE && s->link >= 0 && by_speaker)
        a.open[a.nopen].style = speaker_style(&order, s->link);
      a.nopen++;
    }
    if (pos >= r->len && idx >= r->n)
      break;
  }
  ansi_reset(&a);
}

/* --------------------------------------------------------------- HTML */

/* Escaped text: & < > " as entities; invalid UTF-8, NUL, other control
 * characters than tab and line breaks, and noncharacters as U+FFFD, so the
 * page is valid UTF-8 and free of HTML parse errors. With `flat`, line
 * breaks and tabs become spaces (titles). */
static void html_esc(out *o, const char *p, size_t n, bool flat) {
  size_t from = 0, i = 0;
  while (i < n) {
    uint32_t cp;
    bool valid;
    uint32_t k = utf8_step(p, n, i, &cp, &valid);
    const char *rep = NULL;
    if (!valid || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
        (cp >= 0x7f && cp <= 0x9f) || (cp >= 0xfdd0 && cp <= 0xfdef) ||
        (cp & 0xfffe) == 0xfffe)
      rep = "\xef\xbf\xbd";
    else if (cp == '&')
      rep = "&amp;";
    else if (cp == '<')
      rep = "&lt;";
    else if (cp == '>')
      rep = "&gt;";
    else if (cp == '"')
      rep = "&quot;";
    else if (flat && (cp == '\t' || cp == '\n' || cp == '\r'))
      rep = " ";
    if (rep) {
      out_bytes(o, p + from, i - from);
      out_str(o, rep);
      from = i + k;
    }
    i += k;
  }
  out_bytes(o, p + from, n - from);
}

static void html_cstr(out *o, const char *s) {
  html_esc(o, s, strlen(s), true);
}

/* A class name made of [A-Za-z0-9_-] only. */
static void html_class_word(out *o, const char *s) {
  for (; *s; s++) {
    char c = *s;
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '-';
    out_char(o, ok ? c : '_');
  }
}

static void html_entity_title(rctx *r, long long e, const char *prefix) {
  out *o = &r->o;
  out_str(o, " title=\"");
  out_str(o, prefix);
  if (e < 0) {
    out_str(o, "unknown");
  } else {
    size_t name_len, role_len;
    const char *name = entity_name(r, (size_t)e, &name_len);
    html_esc(o, name, name_len, true);
    const char *role = nm_doc_entity_role(r->doc, (size_t)e, &role_len);
    if (role && prefix[0] == '\0') {
      out_str(o, " \xe2\x80\x94 ");
      html_esc(o, role, role_len, true);
    }
  }
  out_char(o, '"');
}

static void html_open_span(rctx *r, size_t i) {
  out *o = &r->o;
  const nm_span *s = &r->spans[i];
  long long e = span_entity(r, s);
  out_str(o, "<span class=\"nm-");
  out_str(o, kind_name(s->kind));
  if (s->kind == NM_KIND_QUOTE) {
    static const struct {
      unsigned flag;
      const char *name;
    } flags[] = {{NM_FLAG_PARTIAL, " nm-partial"},
                 {NM_FLAG_CONTINUED, " nm-continued"},
                 {NM_FLAG_NESTED, " nm-nested"},
                 {NM_FLAG_UNCLOSED, " nm-unclosed"}};
    for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++)
      if (s->flags & flags[f].flag)
        out_str(o, flags[f].name);
  }
  if (is_mention_kind(s->kind) && (s->flags & NM_FLAG_ALIAS))
    out_str(o, " nm-alias");
  const char *rname = s->kind == NM_KIND_RULE ? rule_name(r, s->link) : NULL;
  if (rname) {
    out_str(o, " nm-rule-");
    html_class_word(o, rname);
  }
  out_char(o, '"');
  switch (s->kind) {
  case NM_KIND_PERSON:
  case NM_KIND_ORGANIZATION:
  case NM_KIND_PLACE:
    if (e >= 0) {
      out_str(o, " data-entity=\"");
      out_int(o, e);
      out_char(o, '"');
      html_entity_title(r, e, "");
    }
    break;
  case NM_KIND_ROLE:
  case NM_KIND_SPEAKER_REF:
    if (e >= 0) {
      out_str(o, " data-entity=\"");
      out_int(o, e);
      out_char(o, '"');
    }
    html_entity_title(r, e,
                      s->kind == NM_KIND_ROLE ? "role of " : "refers to ");
    break;
  case NM_KIND_QUOTE:
    if (e >= 0) {
      out_str(o, " data-speaker=\"");
      out_int(o, e);
      out_char(o, '"');
    }
    out_str(o, " title=\"speaker: ");
    if (e >= 0) {
      size_t name_len;
      const char *name = entity_name(r, (size_t)e, &name_len);
      html_esc(o, name, name_len, true);
    } else {
      out_str(o, "unknown");
    }
    out_str(o, " (");
    html_cstr(o, nm_method_name(NM_QUOTE_METHOD(s->flags))
                     ? nm_method_name(NM_QUOTE_METHOD(s->flags))
                     : "?");
    out_str(o, ")\"");
    break;
  case NM_KIND_RULE: {
    const char *label = rule_label(r, s->link);
    if (rname) {
      out_str(o, " data-rule=\"");
      html_cstr(o, rname);
      out_char(o, '"');
    }
    out_str(o, " title=\"");
    if (label)
      html_cstr(o, label);
    else
      out_str(o, "rule");
    out_char(o, '"');
    break;
  }
  default:
    out_str(o, " title=\"");
    out_str(o, s->kind == NM_KIND_SCARE_QUOTE ? "scare quote"
               : s->kind == NM_KIND_CUE       ? "speech cue"
                                              : kind_name(s->kind));
    out_char(o, '"');
    break;
  }
  out_char(o, '>');
}

/* An inline span takes part in the window [lo, hi) when it overlaps it. */
static bool html_inline_in(const rctx *r, const nm_span *s, uint32_t lo,
                           uint32_t hi) {
  if (s->kind <= NM_KIND_BLOCK_LAST || s->kind > NM_KIND_LAST)
    return false;
  uint32_t a = span_start(r, s), b = span_end(r, s);
  if (a < lo)
    a = lo;
  if (b > hi)
    b = hi;
  return a < b;
}

/* The inline spans open while the blocks are written, in opening order.
 * One walk over the span array serves every block, so a page costs one
 * pass however long a span (a rule hit, a continued quote) runs. */
typedef struct hwalk {
  size_t idx; /* the next span to look at */
  size_t open[MAX_OPEN];
  size_t nopen;
} hwalk;

/* The text [lo, hi) with its inline spans as nested <span> elements,
 * clipped to the window. When a span ends while spans opened after it are
 * still open (overlap), those are closed and opened again, so the markup is
 * always well nested; a span that runs past `hi` is closed there and opened
 * again in the next window. */
static void html_inline(rctx *r, hwalk *w, uint32_t lo, uint32_t hi) {
  out *o = &r->o;
  size_t kept = 0;
  for (size_t k = 0; k < w->nopen; k++)
    if (span_end(r, &r->spans[w->open[k]]) > lo)
      w->open[kept++] = w->open[k];
  w->nopen = kept;
  for (size_t k = 0; k < w->nopen; k++)
    html_open_span(r, w->open[k]);
  uint32_t pos = lo;
  while (o->rc == 0) {
    while (w->idx < r->n && r->spans[w->idx].start < hi &&
           !html_inline_in(r, &r->spans[w->idx], pos, hi))
      w->idx++;
    uint32_t next = hi;
    if (w->idx < r->n && r->spans[w->idx].start < hi)
      next = r->spans[w->idx].start > pos ? r->spans[w->idx].start : pos;
    for (size_t k = 0; k < w->nopen; k++) {
      uint32_t end = span_end(r, &r->spans[w->open[k]]);
      if (end < next)
        next = end;
    }
    html_esc(o, r->text + pos, next - pos, false);
    pos = next;
    if (pos >= hi)
      break;

    size_t low = w->nopen;
    for (size_t k = 0; k < w->nopen && low == w->nopen; k++)
      if (span_end(r, &r->spans[w->open[k]]) <= pos)
        low = k;
    if (low < w->nopen) {
      for (size_t k = w->nopen; k > low; k--)
        out_str(o, "</span>");
      kept = low;
      for (size_t k = low; k < w->nopen; k++)
        if (span_end(r, &r->spans[w->open[k]]) > pos)
          w->open[kept++] = w->open[k];
      w->nopen = kept;
      for (size_t k = low; k < w->nopen; k++)
        html_open_span(r, w->open[k]);
    }
    while (w->idx < r->n && r->spans[w->idx].start <= pos) {
      if (html_inline_in(r, &r->spans[w->idx], pos, hi) &&
          w->nopen < MAX_OPEN) {
        w->open[w->nopen++] = w->idx;
        html_open_span(r, w->idx);
      }
      w->idx++;
    }
  }
  for (size_t k = 0; k < w->nopen; k++)
    out_str(o, "</span>");
}

static void html_block(rctx *r, hwalk *w, int kind, uint32_t lo, uint32_t hi) {
  out *o = &r->o;
  const char *tag = kind == NM_KIND_HEADLINE  ? "h1"
                    : kind == NM_KIND_SUBHEAD ? "h2"
                                              : "p";
  out_char(o, '<');
  out_str(o, tag);
  out_str(o, " class=\"nm-");
  out_str(o, kind < 0 ? "text" : kind_name(kind));
  out_str(o, "\">");
  html_inline(r, w, lo, hi);
  out_str(o, "</");
  out_str(o, tag);
  out_str(o, ">\n");
}

static bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

/* Text outside every block is only white space when the structure stage
 * did its job; anything else still gets shown, as a plain paragraph. */
static void html_gap(rctx *r, hwalk *w, uint32_t lo, uint32_t hi) {
  while (lo < hi && is_ascii_space(r->text[lo]))
    lo++;
  while (hi > lo && is_ascii_space(r->text[hi - 1]))
    hi--;
  if (lo < hi)
    html_block(r, w, -1, lo, hi);
}

static const char html_css[] =
    "body{font:17px/1.55 Georgia,serif;max-width:46em;margin:2em auto;"
    "padding:0 1em;color:#222;background:#fff}\n"
    "h1.nm-headline{font-size:1.7em;line-height:1.2}\n"
    "h2{font-size:1.15em}\n"
    ".nm-headline,.nm-subhead,.nm-dateline{font-weight:bold}\n"
    ".nm-standfirst{font-style:italic;font-size:1.1em}\n"
    ".nm-boilerplate,.nm-image_credit,.nm-caption,.nm-source_line,"
    ".nm-date_line{color:#777;font-size:.9em}\n"
    ".nm-byline{font-style:italic;color:#555}\n"
    ".nm-quote{background:#e3f4e1}\n"
    ".nm-scare_quote{background:#fdf0c8}\n"
    ".nm-person{color:#1a47a0;font-weight:bold}\n"
    ".nm-organization{color:#00777a}\n"
    ".nm-place{color:#8a2a9c}\n"
    ".nm-role{font-style:italic}\n"
    ".nm-cue{text-decoration:underline}\n"
    ".nm-speaker_ref{color:#1a47a0;text-decoration:underline dotted}\n"
    ".nm-rule{outline:1px solid #e06000;background:#fff1e0}\n"
    ".nm-unclosed{border-right:2px dashed #c00}\n"
    ".nm-meta,.nm-legend,.nm-speakers{font:14px/1.5 sans-serif;color:#444}\n"
    ".nm-legend ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;"
    "gap:.3em 1.2em}\n";

static void html_title(rctx *r) {
  out *o = &r->o;
  for (size_t i = 0; i < r->n; i++) {
    const nm_span *s = &r->spans[i];
    if (s->kind == NM_KIND_HEADLINE && span_end(r, s) > span_start(r, s)) {
      html_esc(o, r->text + span_start(r, s), span_end(r, s) - span_start(r, s),
               true);
      return;
    }
  }
  html_cstr(o, r->opts->name ? r->opts->name : "newsmark");
}

static void html_speakers(rctx *r) {
  out *o = &r->o;
  size_t unattributed = 0, quotes = 0;
  for (size_t i = 0; i < r->n; i++)
    if (r->spans[i].kind == NM_KIND_QUOTE) {
      quotes++;
      unattributed += span_entity(r, &r->spans[i]) < 0;
    }
  out_str(o, "<section class=\"nm-speakers\">\n<h2>Speakers</h2>\n");
  if (quotes == 0) {
    out_str(o, "<p>No quotes.</p>\n</section>\n");
    return;
  }
  out_str(o, "<ul>\n");
  for (size_t e = 0; e < r->entities && o->rc == 0; e++) {
    size_t count = nm_doc_entity_quote_count(r->doc, e);
    if (count == 0)
      continue;
    size_t name_len, role_len;
    const char *name = entity_name(r, e, &name_len);
    const char *role = nm_doc_entity_role(r->doc, e, &role_len);
    out_str(o, "<li><span class=\"nm-");
    out_str(o, kind_name(nm_doc_entity_kind(r->doc, e)));
    out_str(o, "\" data-entity=\"");
    out_uint(o, e);
    out_str(o, "\">");
    html_esc(o, name, name_len, true);
    out_str(o, "</span>");
    if (role) {
      out_str(o, " \xe2\x80\x94 ");
      html_esc(o, role, role_len, true);
    }
    out_str(o, ": ");
    out_uint(o, count);
    out_str(o, count == 1 ? " quote</li>\n" : " quotes</li>\n");
  }
  if (unattributed > 0) {
    out_str(o, "<li>no speaker: ");
    out_uint(o, unattributed);
    out_str(o, unattributed == 1 ? " quote</li>\n" : " quotes</li>\n");
  }
  out_str(o, "</ul>\n</section>\n");
}

static void render_html(rctx *r) {
  out *o = &r->o;
  out_str(o, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta name=\"generator\" content=\"newsmark " NM_VERSION_STRING
             "\">\n<meta name=\"viewport\" "
             "content=\"width=device-width, initial-scale=1\">\n<title>");
  html_title(r);
  out_str(o, "</title>\n<style>\n");
  out_str(o, html_css);
  out_str(o, "</style>\n</head>\n<body>\n");
  if (r->opts->name) {
    out_str(o, "<p class=\"nm-meta\">");
    html_cstr(o, r->opts->name);
    out_str(o, "</p>\n");
  }
  out_str(o, "<article>\n");
  hwalk w = {0};
  uint32_t pos = 0;
  for (size_t i = 0; i < r->n && o->rc == 0; i++) {
    const nm_span *s = &r->spans[i];
    if (!is_block_kind(s->kind))
      continue;
    uint32_t start = span_start(r, s), end = span_end(r, s);
    if (start < pos)
      start = pos; /* blocks do not overlap; if they did, clip */
    if (start >= end)
      continue;
    html_gap(r, &w, pos, start);
    html_block(r, &w, s->kind, start, end);
    pos = end;
  }
  html_gap(r, &w, pos, r->len);
  out_str(o, "</article>\n<section class=\"nm-legend\">\n<h2>Legend</h2>\n"
             "<ul>\n");
  for (int k = NM_KIND_FIRST; k <= NM_KIND_LAST; k++) {
    out_str(o, "<li><span class=\"nm-");
    out_str(o, kind_name(k));
    out_str(o, "\">");
    out_str(o, kind_name(k));
    out_str(o, "</span></li>\n");
  }
  out_str(o, "</ul>\n</section>\n");
  html_speakers(r);
  out_str(o, "</body>\n</html>\n");
}

/* --------------------------------------------------------------- brat */

/* What brat (Python's str.splitlines on the .ann file) treats as a line
 * break: a text field must hold none, so spans are cut into fragments at
 * them. */
static bool brat_break(uint32_t cp) {
  return cp == '\n' || cp == '\r' || cp == 0x0b || cp == 0x0c ||
         (cp >= 0x1c && cp <= 0x1e) || cp == 0x85 || cp == 0x2028 ||
         cp == 0x2029;
}

/* A position in the text: byte offset and the number of characters that
 * start before it. It only moves forward, along character starts. */
typedef struct cpos {
  uint32_t byte, chr;
} cpos;

static uint32_t text_step(const rctx *r, uint32_t i, uint32_t *cp) {
  bool valid;
  return utf8_step(r->text, r->len, i, cp, &valid);
}

static void cpos_advance(const rctx *r, cpos *c, uint32_t to) {
  while (c->byte < to) {
    uint32_t cp;
    c->byte += text_step(r, c->byte, &cp);
    c->chr++;
  }
}

/* The brat type of a span, or NULL for kinds brat does not get. Rule
 * labels become [A-Za-z0-9_.-] words. */
static const char *brat_type(const rctx *r, const nm_span *s, char *buf,
                             size_t cap) {
  switch (s->kind) {
  case NM_KIND_PERSON:
    return "Person";
  case NM_KIND_ORGANIZATION:
    return "Organization";
  case NM_KIND_PLACE:
    return "Location";
  case NM_KIND_QUOTE:
    return "Quote";
  case NM_KIND_SCARE_QUOTE:
    return "ScareQuote";
  case NM_KIND_CUE:
    return "Cue";
  case NM_KIND_ROLE:
    return "Role";
  case NM_KIND_RULE:
    break;
  default:
    return NULL;
  }
  const char *label = rule_label(r, s->link);
  if (!label || !label[0])
    return "Rule";
  size_t n = strlen(label), k = 0;
  for (size_t i = 0; i < n && k + 1 < cap;) {
    uint32_t cp;
    bool valid;
    i += utf8_step(label, n, i, &cp, &valid);
    bool ok = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
              (cp >= '0' && cp <= '9') || cp == '_' || cp == '-' || cp == '.';
    buf[k++] = ok ? (char)cp : '_';
  }
  buf[k] = '\0';
  return buf;
}

/* Whether a span has a character that is not a line break (brat has no
 * empty annotations). */
static bool brat_has_text(const rctx *r, const nm_span *s) {
  uint32_t end = span_end(r, s);
  for (uint32_t i = span_start(r, s); i < end;) {
    uint32_t cp;
    i += text_step(r, i, &cp);
    if (!brat_break(cp))
      return true;
  }
  return false;
}

static bool brat_emits(const rctx *r, const nm_span *s) {
  char buf[64];
  return brat_type(r, s, buf, sizeof buf) && brat_has_text(r, s);
}

/* A span's fragments as "s e;s e" in characters, from `c` (at or before
 * the span start, on a character start). With `text`, writes the text of
 * the fragments joined by a space instead. */
static void brat_fragments(rctx *r, cpos c, uint32_t end, bool text) {
  out *o = &r->o;
  bool open = false, any = false;
  while (c.byte < end) {
    uint32_t cp;
    bool valid;
    uint32_t k = utf8_step(r->text, r->len, c.byte, &cp, &valid);
    if (brat_break(cp)) {
      if (open && !text) {
        out_char(o, ' ');
        out_uint(o, c.chr);
      }
      open = false;
    } else {
      if (!open && any)
        out_char(o, text ? ' ' : ';');
      if (!open && !text)
        out_uint(o, c.chr);
      if (text) {
        if (valid)
          out_bytes(o, r->text + c.byte, k);
        else
          out_str(o, "\xef\xbf\xbd");
      }
      open = any = true;
    }
    c.byte += k;
    c.chr++;
  }
  if (open && !text) {
    out_char(o, ' ');
    out_uint(o, c.chr);
  }
}

/* A one-line note: line breaks and tabs as spaces, invalid UTF-8 as
 * U+FFFD. */
static void brat_note_text(out *o, const char *p, size_t n) {
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    bool valid;
    uint32_t k = utf8_step(p, n, i, &cp, &valid);
    if (!valid)
      out_str(o, "\xef\xbf\xbd");
    else if (brat_break(cp) || cp == '\t')
      out_char(o, ' ');
    else
      out_bytes(o, p + i, k);
    i += k;
  }
}

/* The mention of entity `e` that attributes the quote at `q`: the one
 * nearest to its cue when it has one ("Kerry said"), else nearest to the
 * quote, and never one inside the quote. The first one found each way from
 * the anchor in span order is taken, looking at most SPEAKER_REACH spans
 * each way so that a long document full of pronoun quotes stays linear.
 * Returns a span index or -1. */
#define SPEAKER_REACH 512
static long long brat_speaker_mention(const rctx *r, size_t q, size_t e) {
  uint32_t qstart = span_start(r, &r->spans[q]),
           qend = span_end(r, &r->spans[q]);
  int32_t cue = nm_doc_quote_cue(r->doc, q);
  size_t anchor = cue >= 0 && (size_t)cue < r->n ? (size_t)cue : q;
  uint32_t astart = span_start(r, &r->spans[anchor]),
           aend = span_end(r, &r->spans[anchor]);
  long long best = -1;
  uint32_t best_dist = UINT32_MAX;
  size_t low = anchor > SPEAKER_REACH ? anchor - SPEAKER_REACH : 0;
  for (size_t i = anchor; i-- > low;) {
    const nm_span *s = &r->spans[i];
    uint32_t end = span_end(r, s);
    if (!is_mention_of(s, e) || end > astart ||
        (end > qstart && span_start(r, s) < qend) || !brat_emits(r, s))
      continue;
    best = (long long)i;
    best_dist = astart - end;
    break;
  }
  size_t high = r->n - anchor > SPEAKER_REACH ? anchor + SPEAKER_REACH : r->n;
  for (size_t i = anchor + 1; i < high; i++) {
    const nm_span *s = &r->spans[i];
    uint32_t start = span_start(r, s);
    if (start >= aend && start - aend >= best_dist)
      break;
    if (!is_mention_of(s, e) || start < aend ||
        (start < qend && span_end(r, s) > qstart) || !brat_emits(r, s))
      continue;
    best = (long long)i;
    break;
  }
  return best;
}

/* The last mention seen of each entity, for a speaker whose mentions are
 * all out of SPEAKER_REACH: a direct-mapped cache, so no allocation. */
#define SPEAKER_CACHE 256
typedef struct last_mention {
  size_t entity, span;
} last_mention;

/* Text-bound annotations are T<span index + 1>: ids need not be dense, and
 * this way a relation can name a span without a table. */
static void render_brat(rctx *r) {
  out *o = &r->o;
  cpos c = {0, 0};
  char buf[64];
  for (size_t i = 0; i < r->n && o->rc == 0; i++) {
    const nm_span *s = &r->spans[i];
    const char *type = brat_type(r, s, buf, sizeof buf);
    if (!type || !brat_has_text(r, s))
      continue;
    cpos_advance(r, &c, span_start(r, s));
    out_char(o, 'T');
    out_uint(o, i + 1);
    out_char(o, '\t');
    out_str(o, type);
    out_char(o, ' ');
    brat_fragments(r, c, span_end(r, s), false);
    out_char(o, '\t');
    brat_fragments(r, c, span_end(r, s), true);
    out_char(o, '\n');
  }
  size_t rel = 0, note = 0;
  last_mention last[SPEAKER_CACHE];
  for (size_t k = 0; k < SPEAKER_CACHE; k++)
    last[k].entity = SIZE_MAX;
  for (size_t i = 0; i < r->n && o->rc == 0; i++) {
    const nm_span *s = &r->spans[i];
    long long e = span_entity(r, s);
    if (is_mention_kind(s->kind) && e >= 0 && brat_emits(r, s)) {
      last[(size_t)e % SPEAKER_CACHE].entity = (size_t)e;
      last[(size_t)e % SPEAKER_CACHE].span = i;
      size_t name_len;
      const char *name = entity_name(r, (size_t)e, &name_len);
      uint32_t a = span_start(r, s), b = span_end(r, s);
      if (b - a == name_len && memcmp(r->text + a, name, name_len) == 0)
        continue;
      out_char(o, '#');
      out_uint(o, ++note);
      out_str(o, "\tAnnotatorNotes T");
      out_uint(o, i + 1);
      out_str(o, "\tentity: ");
      brat_note_text(o, name, name_len);
      out_char(o, '\n');
      continue;
    }
    if (s->kind != NM_KIND_QUOTE || !brat_emits(r, s))
      continue;
    if (e >= 0) {
      long long m = brat_speaker_mention(r, i, (size_t)e);
      const last_mention *seen = &last[(size_t)e % SPEAKER_CACHE];
      if (m < 0 && seen->entity == (size_t)e &&
          span_end(r, &r->spans[seen->span]) <= span_start(r, s))
        m = (long long)seen->span;
      if (m >= 0) {
        out_char(o, 'R');
        out_uint(o, ++rel);
        out_str(o, "\tSpeaker Arg1:T");
        out_uint(o, i + 1);
        out_str(o, " Arg2:T");
        out_uint(o, (unsigned long long)m + 1);
        out_char(o, '\n');
      }
    }
    int32_t cue = nm_doc_quote_cue(r->doc, i);
    if (cue >= 0 && (size_t)cue < r->n && brat_emits(r, &r->spans[cue])) {
      out_char(o, 'R');
      out_uint(o, ++rel);
      out_str(o, "\tCue Arg1:T");
      out_uint(o, i + 1);
      out_str(o, " Arg2:T");
      out_uint(o, (unsigned long long)cue + 1);
      out_char(o, '\n');
    }
    out_char(o, '#');
    out_uint(o, ++note);
    out_str(o, "\tAnnotatorNotes T");
    out_uint(o, i + 1);
    out_str(o, "\tspeaker: ");
    if (e >= 0) {
      size_t name_len;
      const char *name = entity_name(r, (size_t)e, &name_len);
      brat_note_text(o, name, name_len);
    } else {
      out_str(o, "none");
    }
    out_str(o, "; method: ");
    const char *method = nm_method_name(NM_QUOTE_METHOD(s->flags));
    out_str(o, method ? method : "?");
    if (s->flags & NM_FLAG_PARTIAL)
      out_str(o, "; partial");
    if (s->flags & NM_FLAG_CONTINUED)
      out_str(o, "; continued");
    if (s->flags & NM_FLAG_NESTED)
      out_str(o, "; nested");
    if (s->flags & NM_FLAG_UNCLOSED)
      out_str(o, "; unclosed");
    out_char(o, '\n');
  }
}

/* --------------------------------------------------------------- dump */

/* Bytes as the dump shows them: \n, \t, \\ (and \" when `quoted`), other
 * control bytes and invalid UTF-8 as \xHH; valid UTF-8 as is. */
static void dump_esc(out *o, const char *p, size_t n, bool quoted) {
  static const char hex[] = "0123456789abcdef";
  size_t from = 0, i = 0;
  while (i < n) {
    uint32_t cp;
    bool valid;
    uint32_t k = utf8_step(p, n, i, &cp, &valid);
    unsigned char c = (unsigned char)p[i];
    char esc[5];
    const char *rep = NULL;
    if (c == '\n')
      rep = "\\n";
    else if (c == '\t')
      rep = "\\t";
    else if (c == '\\')
      rep = "\\\\";
    else if (c == '"' && quoted)
      rep = "\\\"";
    else if (!valid || c < 0x20 || c == 0x7f) {
      esc[0] = '\\';
      esc[1] = 'x';
      esc[2] = hex[c >> 4];
      esc[3] = hex[c & 15];
      esc[4] = '\0';
      rep = esc;
    }
    if (rep) {
      out_bytes(o, p + from, i - from);
      out_str(o, rep);
      from = i + k;
    }
    i += k;
  }
  out_bytes(o, p + from, n - from);
}

static void dump_quoted(out *o, const char *p, size_t n) {
  out_char(o, '"');
  dump_esc(o, p, n, true);
  out_char(o, '"');
}

/* ` key="name"` for an entity, or ` key=null`. */
static void dump_entity(rctx *r, const char *key, long long e) {
  out *o = &r->o;
  out_char(o, ' ');
  out_str(o, key);
  out_char(o, '=');
  if (e < 0) {
    out_str(o, "null");
    return;
  }
  size_t name_len;
  const char *name = entity_name(r, (size_t)e, &name_len);
  dump_quoted(o, name, name_len);
}

static void dump_range(out *o, const rctx *r, const nm_span *s) {
  out_uint(o, span_start(r, s));
  out_char(o, '-');
  out_uint(o, span_end(r, s));
}

/* A label is written bare when it is a plain word, else quoted. */
static void dump_word(out *o, const char *s) {
  bool plain = s[0] != '\0';
  for (const char *p = s; *p && plain; p++)
    plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.';
  if (plain)
    out_str(o, s);
  else
    dump_quoted(o, s, strlen(s));
}

static void dump_details(rctx *r, size_t i) {
  out *o = &r->o;
  const nm_span *s = &r->spans[i];
  long long e = span_entity(r, s);
  switch (s->kind) {
  case NM_KIND_QUOTE: {
    dump_entity(r, "speaker", e);
    const char *method = nm_method_name(NM_QUOTE_METHOD(s->flags));
    out_str(o, " method=");
    out_str(o, method ? method : "?");
    int32_t cue = nm_doc_quote_cue(r->doc, i);
    if (cue >= 0 && (size_t)cue < r->n) {
      out_str(o, " cue=");
      dump_range(o, r, &r->spans[cue]);
    }
    if (s->flags & NM_FLAG_PARTIAL)
      out_str(o, " partial");
    if (s->flags & NM_FLAG_CONTINUED)
      out_str(o, " continued");
    if (s->flags & NM_FLAG_NESTED)
      out_str(o, " nested");
    if (s->flags & NM_FLAG_UNCLOSED)
      out_str(o, " unclosed");
    break;
  }
  case NM_KIND_PERSON:
  case NM_KIND_ORGANIZATION:
  case NM_KIND_PLACE: {
    dump_entity(r, "entity", e);
    size_t role_len;
    const char *role =
        e >= 0 ? nm_doc_entity_role(r->doc, (size_t)e, &role_len) : NULL;
    if (role) {
      out_str(o, " role=");
      dump_quoted(o, role, role_len);
    }
    if (s->flags & NM_FLAG_ALIAS)
      out_str(o, " alias");
    break;
  }
  case NM_KIND_ROLE:
  case NM_KIND_SPEAKER_REF:
    dump_entity(r, "entity", e);
    break;
  case NM_KIND_CUE:
    if (s->link >= 0 && (size_t)s->link < r->n &&
        r->spans[s->link].kind == NM_KIND_QUOTE) {
      out_str(o, " quote=");
      dump_range(o, r, &r->spans[s->link]);
    }
    break;
  case NM_KIND_RULE: {
    const char *name = rule_name(r, s->link);
    const char *label = rule_label(r, s->link);
    if (name) {
      out_str(o, " name=");
      dump_word(o, name);
      out_str(o, " label=");
      dump_word(o, label ? label : name);
    } else {
      out_str(o, " index=");
      out_int(o, s->link);
    }
    break;
  }
  default:
    break;
  }
}

/* Block kinds show at most DUMP_BLOCK_BYTES bytes, cut at a character
 * boundary, then "…". */
static void dump_text(rctx *r, const nm_span *s) {
  out *o = &r->o;
  uint32_t start = span_start(r, s), end = span_end(r, s);
  uint32_t cut = end;
  if (is_block_kind(s->kind) && end - start > DUMP_BLOCK_BYTES) {
    cut = start;
    for (;;) {
      uint32_t cp;
      uint32_t k = text_step(r, cut, &cp);
      if (cut + k - start > DUMP_BLOCK_BYTES)
        break;
      cut += k;
    }
  }
  out_str(o, " |");
  dump_esc(o, r->text + start, cut - start, false);
  if (cut < end)
    out_str(o, "\xe2\x80\xa6");
  out_str(o, "|\n");
}

static void render_dump(rctx *r) {
  out *o = &r->o;
  for (size_t i = 0; i < r->n && o->rc == 0; i++) {
    const nm_span *s = &r->spans[i];
    size_t depth = 0;
    /* parents come earlier in the array: the walk always ends */
    for (size_t at = i;
         r->spans[at].parent >= 0 && (size_t)r->spans[at].parent < at;
         at = (size_t)r->spans[at].parent)
      depth++;
    out_spaces(o, 2 * depth);
    out_str(o, kind_name(s->kind));
    out_char(o, ' ');
    dump_range(o, r, s);
    dump_details(r, i);
    dump_text(r, s);
  }
  for (size_t e = 0; e < r->entities && o->rc == 0; e++) {
    size_t name_len, role_len;
    const char *name = entity_name(r, e, &name_len);
    const char *role = nm_doc_entity_role(r->doc, e, &role_len);
    out_str(o, "entity ");
    out_uint(o, e);
    out_char(o, ' ');
    out_str(o, kind_name(nm_doc_entity_kind(r->doc, e)));
    out_char(o, ' ');
    dump_quoted(o, name, name_len);
    if (role) {
      out_str(o, " role=");
      dump_quoted(o, role, role_len);
    }
    out_str(o, " mentions=");
    out_uint(o, nm_doc_entity_mention_count(r->doc, e));
    out_str(o, " quotes=");
    out_uint(o, nm_doc_entity_quote_count(r->doc, e));
    out_char(o, '\n');
  }
  size_t diags = nm_doc_diag_count(r->doc);
  for (size_t i = 0; i < diags && o->rc == 0; i++) {
    const nm_diag *d = nm_doc_diag(r->doc, i);
    if (!d)
      continue;
    out_str(o, "diag ");
    out_int(o, d->code);
    out_str(o, " offset=");
    out_uint(o, d->offset);
    out_char(o, ' ');
    dump_esc(o, d->message, bounded_len(d->message, sizeof d->message), false);
    out_char(o, '\n');
  }
}

/* ---------------------------------------------------------- public API */

int nm_doc_render(const nm_doc *doc, int format, const nm_render_options *opts,
                  nm_write_fn write, void *ud) {
  if (!doc || !write || format < NM_FORMAT_FIRST || format > NM_FORMAT_LAST)
    return NM_EINVAL;
  static const nm_render_options no_opts = {0};
  rctx r;
  r.o.write = write;
  r.o.ud = ud;
  r.o.rc = 0;
  r.o.len = 0;
  r.doc = doc;
  r.opts = opts ? opts : &no_opts;
  size_t len;
  r.text = nm_doc_text(doc, &len);
  r.len = r.text ? (uint32_t)len : 0;
  if (!r.text)
    r.text = "";
  r.spans = nm_doc_spans(doc, &r.n);
  if (!r.spans)
    r.n = 0;
  r.entities = nm_doc_entity_count(doc);
  switch (format) {
  case NM_FORMAT_JSON:
    render_json(&r, true);
    break;
  case NM_FORMAT_JSONL:
    render_json(&r, false);
    break;
  case NM_FORMAT_ANSI:
    render_ansi(&r);
    break;
  case NM_FORMAT_HTML:
    render_html(&r);
    break;
  case NM_FORMAT_BRAT:
    render_brat(&r);
    break;
  default:
    render_dump(&r);
    break;
  }
  out_flush(&r.o);
  return r.o.rc;
}
