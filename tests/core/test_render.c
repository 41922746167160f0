/* test_render.c - nm_doc_render in every format: valid JSON (checked by
 * python3), ANSI that cannot be hijacked by the input, well-nested HTML,
 * brat offsets in characters (checked against the text by python3), the
 * span dump, the write callback's stop value and bad arguments.
 *
 * Build: `make build/tests/test_render` (or build/asan/tests/...); it uses
 * the public headers only and links the library. Output is TAP-like:
 * `ok N - desc`, then `N passed, N failed`. Checks that need python3 are
 * skipped (and pass) when it is missing; scratch files go to a mkdtemp
 * directory under /tmp that is removed at the end. */
#define _POSIX_C_SOURCE 200809L
#include "newsmark.h"
#include "newsmark_rules.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------------- harness */

static int n_pass, n_fail;

static bool check(bool cond, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  printf("%s %d - ", cond ? "ok" : "not ok", n_pass + n_fail + 1);
  vprintf(fmt, ap);
  printf("\n");
  va_end(ap);
  if (cond)
    n_pass++;
  else
    n_fail++;
  return cond;
}

static void skip(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  printf("ok %d - # skip ", n_pass + n_fail + 1);
  vprintf(fmt, ap);
  printf("\n");
  va_end(ap);
  n_pass++;
}

/* A growable output buffer and the write callback that fills it. */
typedef struct buf {
  char *data;
  size_t len, cap;
  size_t calls;
  size_t max_chunk;
  size_t stop_at; /* call number that returns stop_rc; 0: never */
  int stop_rc;
} buf;

static int collect(const char *bytes, size_t len, void *ud) {
  buf *b = ud;
  b->calls++;
  if (len > b->max_chunk)
    b->max_chunk = len;
  if (b->stop_at && b->calls >= b->stop_at)
    return b->stop_rc;
  if (b->len + len + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + len + 1)
      cap *= 2;
    char *grown = realloc(b->data, cap);
    if (!grown) {
      fprintf(stderr, "out of memory\n");
      exit(2);
    }
    b->data = grown;
    b->cap = cap;
  }
  memcpy(b->data + b->len, bytes, len);
  b->len += len;
  b->data[b->len] = '\0';
  return 0;
}

static void buf_free(buf *b) {
  free(b->data);
  memset(b, 0, sizeof *b);
}

static int render(const nm_doc *doc, int format, const nm_render_options *opts,
                  buf *out) {
  memset(out, 0, sizeof *out);
  int rc = nm_doc_render(doc, format, opts, collect, out);
  if (!out->data) { /* empty output: keep `data` a string */
    out->data = calloc(1, 1);
    out->cap = 1;
  }
  return rc;
}

static size_t count_str(const char *hay, size_t len, const char *needle) {
  size_t n = 0, k = strlen(needle);
  for (size_t i = 0; i + k <= len; i++)
    if (memcmp(hay + i, needle, k) == 0)
      n++;
  return n;
}

static bool contains(const buf *b, const char *needle) {
  return count_str(b->data, b->len, needle) > 0;
}

/* Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
static bool valid_utf8(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    size_t need;
    unsigned long cp;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (n - i <= need)
      return false;
    for (size_t k = 1; k <= need; k++) {
      if ((s[i + k] & 0xc0) != 0x80)
        return false;
      cp = (cp << 6) | (s[i + k] & 0x3f);
    }
    if ((need == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (need == 3 && (cp < 0x10000 || cp > 0x10ffff)))
      return false;
    i += need + 1;
  }
  return true;
}

/* ------------------------------------------------------------- python3 */

static bool have_python;
static char tmpdir[64];

static void write_file(const char *path, const char *data, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(2);
  }
}

/* Run python3 with `script`, extra arguments and `input` on stdin; true
 * when it exits 0. */
static bool run_python(const char *script, const char *args, const char *input,
                       size_t len) {
  char script_path[128], cmd[512];
  snprintf(script_path, sizeof script_path, "%s/check.py", tmpdir);
  write_file(script_path, script, strlen(script));
  snprintf(cmd, sizeof cmd, "python3 %s %s", script_path, args);
  FILE *p = popen(cmd, "w");
  if (!p)
    return false;
  fwrite(input, 1, len, p);
  return pclose(p) == 0;
}

/* Checks a JSON rendering: strict UTF-8, the keys of corpus/FORMAT.md and
 * the extras, counts that match the C API, ids in entity order, quote
 * texts that match the article (argv: text path, length, quotes, entities,
 * mentions, pretty, no_text). */
static const char json_check[] =
    "import codecs, json, sys\n"
    "codecs.register_error('perbyte', lambda e: ('\\ufffd', e.start + 1))\n"
    "raw = sys.stdin.buffer.read()\n"
    "d = json.loads(raw.decode('utf-8'))\n"
    "text = open(sys.argv[1], 'rb').read()\n"
    "length, quotes, entities, mentions, pretty, no_text = map(int, "
    "sys.argv[2:8])\n"
    "assert raw.endswith(b'\\n')\n"
    "assert pretty or raw.count(b'\\n') == 1, 'JSONL is one line'\n"
    "assert not pretty or raw.startswith(b'{\\n \"'), 'one-space indent'\n"
    "for k in ('quotes', 'people', 'organizations', 'places', "
    "'scare_quotes', 'version', 'length', 'blocks', 'roles', 'rules', "
    "'diagnostics'):\n"
    "    assert k in d, k\n"
    "assert d['length'] == length == len(text)\n"
    "assert len(d['quotes']) == quotes, (len(d['quotes']), quotes)\n"
    "ents = d['people'] + d['organizations'] + d['places']\n"
    "assert sorted(e['id'] for e in ents) == list(range(entities))\n"
    "for group in ('people', 'organizations', 'places'):\n"
    "    ids = [e['id'] for e in d[group]]\n"
    "    assert ids == sorted(ids), group\n"
    "assert sum(len(e['mentions']) for e in ents) == mentions\n"
    "for e in ents:\n"
    "    assert set(e) == {'id', 'name', 'role', 'quotes', 'mentions'}\n"
    "    for s, t in e['mentions']:\n"
    "        assert 0 <= s < t <= length\n"
    "for i, q in enumerate(d['quotes']):\n"
    "    assert q['id'] == i\n"
    "    for k in ('start', 'end', 'speaker', 'speaker_kind', 'speaker_id', "
    "'method', 'cue', 'partial', 'continued', 'nested', 'unclosed'):\n"
    "        assert k in q, k\n"
    "    assert q['speaker_kind'] in ('person', 'organization', 'unknown')\n"
    "    assert (q['speaker'] is None) == (q['speaker_kind'] == 'unknown')\n"
    "    if q['speaker_id'] is not None:\n"
    "        assert [e['name'] for e in ents if e['id'] == q['speaker_id']] "
    "== [q['speaker']]\n"
    "    if no_text:\n"
    "        assert 'text' not in q\n"
    "    else:\n"
    "        want = text[q['start']:q['end']].decode('utf-8', 'perbyte')\n"
    "        assert q['text'] == want, (q['text'], want)\n"
    "for s, t in d['scare_quotes']:\n"
    "    assert 0 <= s <= t <= length\n"
    "for b in d['blocks']:\n"
    "    assert set(b) == {'kind', 'start', 'end'}\n"
    "for r in d['rules']:\n"
    "    assert set(r) == {'rule', 'label', 'index', 'start', 'end'}\n"
    "for g in d['diagnostics']:\n"
    "    assert set(g) == {'code', 'message', 'offset'}\n";

/* Both scripts decode the article with one U+FFFD per invalid byte, as the
 * library counts characters (Python's own 'replace' handler would merge a
 * truncated sequence such as E6 97 into one). */

/* Checks a brat .ann against its text (argv: text path, expected T lines):
 * strict UTF-8, one annotation a line as brat splits lines, and every text
 * field equal to the fragments of the text, in code points, joined by a
 * space. Relations and notes must name T ids that exist. */
static const char brat_check[] =
    "import codecs, sys\n"
    "codecs.register_error('perbyte', lambda e: ('\\ufffd', e.start + 1))\n"
    "raw = sys.stdin.buffer.read()\n"
    "ann = raw.decode('utf-8')\n"
    "text = open(sys.argv[1], 'rb').read().decode('utf-8', 'perbyte')\n"
    "assert ann == '' or ann.endswith('\\n')\n"
    "ids = set()\n"
    "lines = ann.splitlines()\n"
    "assert len(lines) == ann.count('\\n'), 'a text field holds a break'\n"
    "for line in lines:\n"
    "    if line[0] == 'T':\n"
    "        tid, mid, field = line.split('\\t', 2)\n"
    "        typ, offs = mid.split(' ', 1)\n"
    "        frags = [tuple(map(int, f.split(' '))) for f in "
    "offs.split(';')]\n"
    "        for s, e in frags:\n"
    "            assert 0 <= s < e <= len(text), line\n"
    "        got = ' '.join(text[s:e] for s, e in frags)\n"
    "        assert got == field, (line, got)\n"
    "        ids.add(tid)\n"
    "for line in lines:\n"
    "    if line[0] == 'R':\n"
    "        rid, rest = line.split('\\t')\n"
    "        typ, a1, a2 = rest.split(' ')\n"
    "        assert typ in ('Speaker', 'Cue'), line\n"
    "        assert a1[5:] in ids and a2[5:] in ids, line\n"
    "    elif line[0] == '#':\n"
    "        nid, rest, note = line.split('\\t', 2)\n"
    "        assert rest.split(' ')[1] in ids, line\n"
    "    else:\n"
    "        assert line[0] == 'T', line\n"
    "assert len(ids) == int(sys.argv[2]), (len(ids), sys.argv[2])\n";

/* ------------------------------------------------------------ the text */

/* A small article: a headline whose 40th byte falls inside an em dash, an
 * image credit, a caption, a dateline, quotes, invalid UTF-8, a NUL, ESC
 * and a UTF-8 encoded CSI (U+009B), HTML specials, CRLF line ends and
 * multibyte characters before a rule hit. */
#define HEAD40 "Syria peace talks must wait, Kerry say "
static const char article[] = HEAD40
    "\xe2\x80\x94 officials\r\n"
    "\r\n"
    "Image Credit: AP\r\n"
    "US Secretary of State John Kerry speaks to reporters in Brunei "
    "on Tuesday.\r\n"
    "\r\n"
    "Bandar Seri Begawan, Brunei: US Secretary of State John Kerry "
    "said on Tuesday that the talks \xe2\x80\x9cmust wait until "
    "August.\xe2\x80\x9d\r\n"
    "\r\n"
    "\xe2\x80\x9cWe have an obligation to try,\xe2\x80\x9d Kerry said. "
    "Bad bytes: \xff\xfe\x80\xe6\x97 and a NUL \0 and an escape \x1b[31mred"
    "\x1b[0m and <b>&amp;</b> \"q\" \xc2\x9b[2J.\r\n"
    "\r\n"
    "The talks are known as \xe2\x80\x9cGeneva II\xe2\x80\x9d in "
    "Japan (\xe6\x97\xa5\xe6\x9c\xac), said Russian Foreign Minister "
    "Sergey Lavrov. \xe2\x80\x9cWe agree,\xe2\x80\x9d he said.\r\n";
static const size_t article_len = sizeof article - 1;

static size_t find(const char *hay, size_t len, const char *needle) {
  size_t k = strlen(needle);
  for (size_t i = 0; i + k <= len; i++)
    if (memcmp(hay + i, needle, k) == 0)
      return i;
  return (size_t)-1;
}

/* Code points before byte offset `b` (each invalid byte counts as one),
 * counted here independently of the library. Enough for the texts here:
 * they hold no 4-byte or overlong sequence before the offsets asked. */
static size_t chars_before(const char *s, size_t b) {
  size_t n = 0;
  for (size_t i = 0; i < b;) {
    const unsigned char *u = (const unsigned char *)s + i;
    size_t k = 1;
    if (u[0] >= 0xc2 && u[0] <= 0xdf && (u[1] & 0xc0) == 0x80)
      k = 2;
    else if (u[0] >= 0xe0 && u[0] <= 0xef && (u[1] & 0xc0) == 0x80 &&
             (u[2] & 0xc0) == 0x80)
      k = 3;
    i += k;
    n++;
  }
  return n;
}

typedef struct counts {
  size_t quotes, entities, mentions, brat_t, kinds[NM_KIND_LAST + 1];
} counts;

static counts count_doc(const nm_doc *doc) {
  counts c = {0};
  size_t n;
  const nm_span *spans = nm_doc_spans(doc, &n);
  for (size_t i = 0; i < n; i++) {
    int k = spans[i].kind;
    if (k >= 0 && k <= NM_KIND_LAST)
      c.kinds[k]++;
    c.quotes += k == NM_KIND_QUOTE;
    c.brat_t += k == NM_KIND_QUOTE || k == NM_KIND_SCARE_QUOTE ||
                k == NM_KIND_PERSON || k == NM_KIND_ORGANIZATION ||
                k == NM_KIND_PLACE || k == NM_KIND_CUE || k == NM_KIND_ROLE ||
                k == NM_KIND_RULE;
  }
  c.entities = nm_doc_entity_count(doc);
  for (size_t e = 0; e < c.entities; e++)
    c.mentions += nm_doc_entity_mention_count(doc, e);
  return c;
}

/* ---------------------------------------------------------------- tests */

static void test_args(const nm_doc *doc) {
  buf b;
  check(render(doc, -1, NULL, &b) == NM_EINVAL && b.calls == 0,
        "format -1 is NM_EINVAL, nothing written");
  buf_free(&b);
  check(render(doc, NM_FORMAT_LAST + 1, NULL, &b) == NM_EINVAL && b.calls == 0,
        "format past NM_FORMAT_LAST is NM_EINVAL");
  buf_free(&b);
  check(render(NULL, NM_FORMAT_JSON, NULL, &b) == NM_EINVAL,
        "NULL doc is NM_EINVAL");
  buf_free(&b);
  check(nm_doc_render(doc, NM_FORMAT_JSON, NULL, NULL, NULL) == NM_EINVAL,
        "NULL write callback is NM_EINVAL");
}

static void test_all_formats(const nm_doc *doc, const char *what) {
  static const char *const names[] = {"json", "jsonl", "ansi",
                                      "html", "brat",  "dump"};
  for (int f = NM_FORMAT_FIRST; f <= NM_FORMAT_LAST; f++) {
    buf b;
    int rc = render(doc, f, NULL, &b);
    check(rc == NM_OK && b.max_chunk <= 65536,
          "%s: %s renders with opts NULL (rc %d, %zu bytes, %zu calls)", what,
          names[f], rc, b.len, b.calls);
    buf_free(&b);
  }
}

static void test_json(const nm_doc *doc, const char *text_path,
                      const nm_render_options *opts, const char *what) {
  counts c = count_doc(doc);
  for (int pretty = 1; pretty >= 0; pretty--) {
    for (int no_text = 0; no_text <= 1; no_text++) {
      nm_render_options o = *opts;
      if (no_text)
        o.flags |= NM_RENDER_NO_TEXT;
      buf b;
      int rc = render(doc, pretty ? NM_FORMAT_JSON : NM_FORMAT_JSONL, &o, &b);
      check(rc == NM_OK && valid_utf8((unsigned char *)b.data, b.len),
            "%s: %s%s renders as valid UTF-8", what, pretty ? "JSON" : "JSONL",
            no_text ? " (no text)" : "");
      if (!have_python) {
        skip("%s: no python3 to load the JSON", what);
      } else {
        char args[256];
        size_t len;
        nm_doc_text(doc, &len);
        snprintf(args, sizeof args, "%s %zu %zu %zu %zu %d %d", text_path, len,
                 c.quotes, c.entities, c.mentions, pretty, no_text);
        check(run_python(json_check, args, b.data, b.len),
              "%s: python3 loads the %s and it matches the API (%zu quotes, "
              "%zu entities, %zu mentions)",
              what, pretty ? "JSON" : "JSONL", c.quotes, c.entities,
              c.mentions);
      }
      if (pretty && !no_text && opts->name)
        check(contains(&b, "\"file\": \"") && contains(&b, "\"version\": \""),
              "%s: JSON has \"file\" and \"version\"", what);
      buf_free(&b);
    }
  }
}

/* Remove SGR sequences; false when an ESC starts anything else. Also
 * checks that no style is active at any line feed. */
static bool strip_sgr(const buf *b, buf *plain, bool *reset_at_newlines) {
  memset(plain, 0, sizeof *plain);
  plain->data = calloc(b->len + 1, 1);
  bool styled = false;
  *reset_at_newlines = true;
  for (size_t i = 0; i < b->len; i++) {
    char c = b->data[i];
    if (c == '\x1b') {
      size_t j = i + 1;
      if (j >= b->len || b->data[j] != '[')
        return false;
      j++;
      size_t params = j;
      while (j < b->len && b->data[j] != '\0' &&
             strchr("0123456789;:", b->data[j]))
        j++;
      if (j >= b->len || b->data[j] != 'm')
        return false;
      styled = !(j - params == 1 && b->data[params] == '0');
      i = j;
      continue;
    }
    if (c == '\n' && styled)
      *reset_at_newlines = false;
    plain->data[plain->len++] = c;
  }
  return true;
}

static void test_ansi(const nm_doc *doc, const char *what, bool is_article) {
  buf b, plain;
  size_t len;
  const char *text = nm_doc_text(doc, &len);
  check(render(doc, NM_FORMAT_ANSI, NULL, &b) == NM_OK, "%s: ANSI renders",
        what);
  bool reset_ok;
  bool sgr_only = strip_sgr(&b, &plain, &reset_ok);
  check(sgr_only, "%s: every ESC in the ANSI output starts an SGR", what);
  check(reset_ok, "%s: no style is active at any line feed", what);
  /* the expected visible text: ESC as ^[, U+0080..U+009F as ^[ + 7-bit */
  buf want = {0};
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)text[i];
    char tmp[3] = {0};
    if (c == 0x1b) {
      collect("^[", 2, &want);
    } else if (c == 0xc2 && i + 1 < len && (unsigned char)text[i + 1] >= 0x80 &&
               (unsigned char)text[i + 1] <= 0x9f) {
      collect("^[", 2, &want);
      tmp[0] = (char)((unsigned char)text[i + 1] - 0x40);
      collect(tmp, 1, &want);
      i++;
    } else {
      collect(text + i, 1, &want);
    }
  }
  check(sgr_only && plain.len == want.len &&
            memcmp(plain.data, want.data, want.len) == 0,
        "%s: ANSI without SGR is the text, ESC and C1 made visible", what);
  if (is_article)
    check(count_str(b.data, b.len, "\x1b[31m") == 0 && contains(&b, "^[[31m"),
          "%s: the ESC of the input is shown as ^[", what);
  check(count_str(b.data, b.len, "\xc2\x9b") == 0,
        "%s: the U+009B of the input is not written raw", what);
  buf_free(&b);
  buf_free(&plain);
  buf_free(&want);

  /* overrides: all styles off but the dateline's, which is checked */
  const char *styles[NM_KIND_LAST + 1];
  for (int k = 0; k <= NM_KIND_LAST; k++)
    styles[k] = "";
  styles[NM_KIND_DATELINE] = "1;33";
  styles[NM_KIND_PLACE] = "4\x1b[2J"; /* not SGR parameters: ignored */
  nm_render_options o = {0};
  o.ansi_styles = styles;
  render(doc, NM_FORMAT_ANSI, &o, &b);
  counts c = count_doc(doc);
  if (c.kinds[NM_KIND_DATELINE] > 0)
    check(count_str(b.data, b.len, "\x1b[1;33m") >= 1 &&
              count_str(b.data, b.len, "\x1b[") ==
                  2 * count_str(b.data, b.len, "\x1b[1;33m"),
          "%s: ansi_styles: only the dateline style is applied, once per "
          "dateline, and reset after",
          what);
  else
    skip("%s: no dateline to style", what);
  check(count_str(b.data, b.len, "\x1b[2J") == 0,
        "%s: a style that is not SGR parameters is not written", what);
  buf_free(&b);
}

/* Tag balance of the HTML page: every element of the listed names is
 * closed in order. */
static bool html_well_nested(const buf *b) {
  static const char *const tags[] = {
      "html", "head", "body", "article", "section", "ul",   "li",
      "p",    "h1",   "h2",   "span",    "title",   "style"};
  int stack[256];
  size_t depth = 0;
  for (size_t i = 0; i < b->len; i++) {
    if (b->data[i] != '<')
      continue;
    bool closing = b->data[i + 1] == '/';
    const char *name = b->data + i + 1 + closing;
    size_t n = strcspn(name, " >");
    int which = -1;
    for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++)
      if (strlen(tags[t]) == n && memcmp(tags[t], name, n) == 0)
        which = (int)t;
    if (which < 0)
      continue;
    if (closing) {
      if (depth == 0 || stack[depth - 1] != which)
        return false;
      depth--;
    } else {
      if (depth == 256)
        return false;
      stack[depth++] = which;
    }
  }
  return depth == 0;
}

static void test_html(const nm_doc *doc, const nm_render_options *opts,
                      const char *what, bool is_article) {
  buf b;
  check(render(doc, NM_FORMAT_HTML, opts, &b) == NM_OK, "%s: HTML renders",
        what);
  check(strncmp(b.data, "<!DOCTYPE html>", 15) == 0 &&
            contains(&b, "<meta charset=\"utf-8\">"),
        "%s: HTML is a page with a doctype and a charset", what);
  check(valid_utf8((unsigned char *)b.data, b.len) && strlen(b.data) == b.len &&
            !contains(&b, "\x1b"),
        "%s: HTML is valid UTF-8 without NUL or ESC", what);
  check(html_well_nested(&b), "%s: HTML elements are well nested", what);
  check(count_str(b.data, b.len, "<span") ==
            count_str(b.data, b.len, "</span>"),
        "%s: every <span> is closed", what);
  check(contains(&b, "nm-legend") && contains(&b, "nm-speakers"),
        "%s: HTML has the legend and the speaker list", what);
  counts c = count_doc(doc);
  if (is_article && c.kinds[NM_KIND_HEADLINE] > 0)
    check(contains(&b, "<title>" HEAD40) && contains(&b, "<h1"),
          "%s: the headline is the title and an <h1>", what);
  else if (is_article)
    skip("%s: no headline", what);
  buf_free(&b);
}

static void test_dump(const nm_doc *doc, const nm_render_options *opts,
                      const char *what) {
  buf b;
  check(render(doc, NM_FORMAT_DUMP, opts, &b) == NM_OK, "%s: dump renders",
        what);
  size_t n = nm_doc_span_count(doc);
  size_t lines = count_str(b.data, b.len, "\n");
  check(lines == n + nm_doc_entity_count(doc) + nm_doc_diag_count(doc),
        "%s: one dump line a span, entity and diagnostic (%zu lines)", what,
        lines);
  check(valid_utf8((unsigned char *)b.data, b.len) && strlen(b.data) == b.len,
        "%s: the dump is valid UTF-8 without NUL", what);
  /* every line starts with 2*depth spaces then the kind and start-end */
  bool shape = true;
  const char *line = b.data;
  for (size_t i = 0; i < n && shape; i++) {
    const nm_span *s = nm_doc_span(doc, i);
    size_t depth = 0;
    for (int32_t p = s->parent; p >= 0; p = nm_doc_span(doc, (size_t)p)->parent)
      depth++;
    char head[128];
    snprintf(head, sizeof head, "%*s%s %u-%u", (int)(2 * depth), "",
             nm_kind_name(s->kind), s->start, s->end);
    shape = strncmp(line, head, strlen(head)) == 0;
    if (!shape)
      printf("# expected '%s' at: %.60s\n", head, line);
    line = strchr(line, '\n') + 1;
  }
  check(shape, "%s: dump lines are KIND START-END, indented by depth", what);
  buf_free(&b);
}

static void test_brat(const nm_doc *doc, const char *text_path,
                      const nm_render_options *opts, const char *what) {
  buf b;
  check(render(doc, NM_FORMAT_BRAT, opts, &b) == NM_OK, "%s: brat renders",
        what);
  counts c = count_doc(doc);
  if (!have_python) {
    skip("%s: no python3 to check the brat offsets", what);
  } else {
    char args[200];
    snprintf(args, sizeof args, "%s %zu", text_path, c.brat_t);
    check(run_python(brat_check, args, b.data, b.len),
          "%s: python3 finds every brat text field at its character offsets "
          "(%zu text-bound annotations)",
          what, c.brat_t);
  }
  buf_free(&b);
}

/* Speaker and entity paths, once the analysis finds them. */
static void test_speakers(const nm_doc *doc, const nm_render_options *opts,
                          const char *what) {
  size_t n;
  const nm_span *spans = nm_doc_spans(doc, &n);
  long long quote = -1;
  for (size_t i = 0; i < n && quote < 0; i++)
    if (spans[i].kind == NM_KIND_QUOTE && spans[i].link >= 0)
      quote = (long long)i;
  if (quote < 0) {
    skip("%s: no attributed quote yet (analysis not landed)", what);
    return;
  }
  const char *name = nm_doc_entity_name(doc, (size_t)spans[quote].link, NULL);
  char want[512];
  buf b;
  render(doc, NM_FORMAT_DUMP, opts, &b);
  snprintf(want, sizeof want, "quote %u-%u speaker=\"%s\"", spans[quote].start,
           spans[quote].end, name);
  check(contains(&b, want), "%s: dump names the speaker: %s", what, want);
  buf_free(&b);
  render(doc, NM_FORMAT_JSON, opts, &b);
  snprintf(want, sizeof want, "\"speaker\": \"%s\"", name);
  check(contains(&b, want), "%s: JSON names the speaker", what);
  buf_free(&b);
  render(doc, NM_FORMAT_HTML, opts, &b);
  snprintf(want, sizeof want, "title=\"speaker: %s (%s)\"", name,
           nm_method_name(NM_QUOTE_METHOD(spans[quote].flags)));
  check(contains(&b, want), "%s: HTML titles the quote: %s", what, want);
  buf_free(&b);
  render(doc, NM_FORMAT_BRAT, opts, &b);
  snprintf(want, sizeof want,
           "\tAnnotatorNotes T%lld\tspeaker: %s; method: ", quote + 1, name);
  check(contains(&b, want), "%s: brat notes the speaker of T%lld", what,
        quote + 1);
  bool has_mention = false;
  for (size_t i = 0; i < n; i++)
    has_mention = has_mention || ((spans[i].kind == NM_KIND_PERSON ||
                                   spans[i].kind == NM_KIND_ORGANIZATION ||
                                   spans[i].kind == NM_KIND_PLACE) &&
                                  spans[i].link == spans[quote].link &&
                                  (spans[i].end <= spans[quote].start ||
                                   spans[i].start >= spans[quote].end));
  snprintf(want, sizeof want, "\tSpeaker Arg1:T%lld Arg2:T", quote + 1);
  if (has_mention)
    check(contains(&b, want), "%s: brat relates T%lld to its speaker", what,
          quote + 1);
  buf_free(&b);
}

static void test_article(void) {
  char text_path[128];
  snprintf(text_path, sizeof text_path, "%s/article.txt", tmpdir);
  write_file(text_path, article, article_len);

  nm_rules *rules = nm_rules_new(NULL, NULL);
  nm_diag diag;
  static const char cross[] = "Tuesday\\.\\r\\n\\r\\nBandar";
  check(rules &&
            nm_rules_add(rules, "jp", "Japanese word", "日本", 6, 0, &diag) ==
                NM_OK &&
            nm_rules_add(rules, "cross", NULL, cross, strlen(cross), 0,
                         &diag) == NM_OK &&
            nm_rules_add(rules, "until", NULL, "until", 5, 0, &diag) == NM_OK,
        "rules compile");
  nm_parse_options po = {0};
  po.rules = rules;
  nm_doc *doc = nm_doc_parse(article, article_len, &po, &diag);
  if (!check(doc != NULL, "the article parses"))
    return;
  nm_render_options opts = {0};
  opts.name = "article.txt";
  opts.rules = rules;

  test_args(doc);
  test_all_formats(doc, "article");
  test_json(doc, text_path, &opts, "article");
  test_ansi(doc, "article", true);
  test_html(doc, &opts, "article", true);
  test_dump(doc, &opts, "article");
  test_brat(doc, text_path, &opts, "article");
  test_speakers(doc, &opts, "article");

  buf b;
  /* brat: character offsets after multibyte characters and bad bytes */
  render(doc, NM_FORMAT_BRAT, &opts, &b);
  size_t jp = find(article, article_len, "日本");
  char want[160];
  snprintf(want, sizeof want, "\tJapanese_word %zu %zu\t日本\n",
           chars_before(article, jp), chars_before(article, jp) + 2);
  check(contains(&b, want),
        "brat: rule hit at code point offsets, label as type: %.*s",
        (int)strlen(want) - 2, want + 1);
  size_t tue = find(article, article_len, "Tuesday.\r\n\r\nBandar");
  size_t tue_c = chars_before(article, tue);
  snprintf(want, sizeof want, "\tcross %zu %zu;%zu %zu\tTuesday. Bandar\n",
           tue_c, tue_c + 8, tue_c + 12, tue_c + 18);
  check(contains(&b, want),
        "brat: a span over line breaks becomes fragments: %.*s",
        (int)strlen(want) - 2, want + 1);
  check(!contains(&b, "\r"), "brat: no CR in the .ann");
  buf_free(&b);

  /* dump: block text cut at a character boundary, escapes */
  render(doc, NM_FORMAT_DUMP, &opts, &b);
  counts c = count_doc(doc);
  if (c.kinds[NM_KIND_HEADLINE] > 0)
    check(contains(&b, " |" HEAD40 "\xe2\x80\xa6|\n"),
          "dump: a block's text is cut before the character that crosses "
          "byte 40, then …");
  else
    skip("no headline");
  check(contains(&b, "|Tuesday.\\x0d\\n\\x0d\\nBandar|"),
        "dump: CR as \\x0d and LF as \\n");
  check(contains(&b, "rule ") && contains(&b, " name=jp label=\"Japanese "
                                              "word\" |日本|"),
        "dump: rule hits with name and (quoted) label");
  check(contains(&b, "\\xff\\xfe\\x80\\xe6\\x97") || !contains(&b, "Bad bytes"),
        "dump: invalid UTF-8 as \\xHH");
  buf_free(&b);

  /* JSON: the same specials, escaped */
  render(doc, NM_FORMAT_JSONL, &opts, &b);
  check(contains(&b, "\"rule\":\"jp\",\"label\":\"Japanese word\""),
        "JSON: rule hits with name and label");
  buf_free(&b);

  /* HTML: escapes and U+FFFD */
  render(doc, NM_FORMAT_HTML, &opts, &b);
  check(contains(&b, "&lt;b&gt;&amp;amp;&lt;/b&gt; ") ||
            !contains(&b, "Bad bytes"),
        "HTML: & < > escaped");
  check(contains(&b, "Bad bytes: \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
                     "\xef\xbf\xbd\xef\xbf\xbd and"),
        "HTML: each invalid byte is one U+FFFD");
  check(contains(&b, "data-rule=\"jp\" title=\"Japanese word\""),
        "HTML: rule hits carry their name and label");

  check(count_str(b.data, b.len, "data-rule=\"cross\"") == 2,
        "HTML: a rule hit over two blocks is cut in two elements");
  buf_free(&b);

  /* nesting: a rule hit inside a quote, in ANSI and HTML */
  size_t until = find(article, article_len, "until");
  size_t n;
  const nm_span *spans = nm_doc_spans(doc, &n);
  bool quoted = false;
  for (size_t i = 0; i < n; i++)
    quoted = quoted || (spans[i].kind == NM_KIND_QUOTE &&
                        spans[i].start < until && spans[i].end > until + 5);
  if (quoted) {
    const char *styles[NM_KIND_LAST + 1];
    for (int k = 0; k <= NM_KIND_LAST; k++)
      styles[k] = "";
    styles[NM_KIND_QUOTE] = "32";
    styles[NM_KIND_RULE] = "7";
    nm_render_options o = opts;
    o.ansi_styles = styles;
    render(doc, NM_FORMAT_ANSI, &o, &b);
    check(contains(&b, "talks \x1b[32m\xe2\x80\x9cmust wait \x1b[7muntil"
                       "\x1b[0m\x1b[32m August.\xe2\x80\x9d\x1b[0m\r\n"),
          "ANSI: after an inner span the outer style comes back");
    buf_free(&b);
    render(doc, NM_FORMAT_HTML, &opts, &b);
    check(contains(&b, "\xe2\x80\x9cmust wait <span class=\"nm-rule "
                       "nm-rule-until\" data-rule=\"until\" "
                       "title=\"until\">until</span> August.\xe2\x80\x9d"
                       "</span>"),
          "HTML: a rule hit nests inside its quote");
  } else {
    skip("no quote around \"until\" yet");
  }
  buf_free(&b);

  /* the write callback: chunks of a few KB, and its stop value */
  render(doc, NM_FORMAT_HTML, &opts, &b);
  check(b.max_chunk <= 16384 && b.calls <= b.len / 1024 + 1,
        "HTML: %zu bytes in %zu calls of at most %zu bytes", b.len, b.calls,
        b.max_chunk);
  buf_free(&b);
  for (int f = NM_FORMAT_FIRST; f <= NM_FORMAT_LAST; f++) {
    memset(&b, 0, sizeof b);
    b.stop_at = 1;
    b.stop_rc = 42;
    int rc = nm_doc_render(doc, f, &opts, collect, &b);
    check(rc == 42 && b.calls == 1,
          "format %d: the callback's 42 stops the render and is returned", f);
    buf_free(&b);
  }
  memset(&b, 0, sizeof b);
  b.stop_at = 2;
  b.stop_rc = -7;
  int rc = nm_doc_render(doc, NM_FORMAT_HTML, &opts, collect, &b);
  check(rc == -7 && b.calls == 2, "HTML: a stop at the second call returns -7");
  buf_free(&b);

  nm_doc_free(doc);
  nm_rules_free(rules);
}

/* A big document: a bounded number of callback calls; nothing is lost at
 * chunk boundaries. */
static void test_big(void) {
  size_t reps = 2000;
  static const char para[] = "“It is fine,” Kerry said in Geneva on Tuesday "
                             "\xe2\x80\x94 caf\xc3\xa9.\n\n";
  size_t plen = sizeof para - 1;
  char *text = malloc(reps * plen);
  for (size_t i = 0; i < reps; i++)
    memcpy(text + i * plen, para, plen);
  nm_doc *doc = nm_doc_parse(text, reps * plen, NULL, NULL);
  if (!check(doc != NULL, "big: parses"))
    return;
  buf b;
  render(doc, NM_FORMAT_ANSI, NULL, &b);
  bool reset_ok;
  buf plain;
  bool ok = strip_sgr(&b, &plain, &reset_ok);
  check(ok && plain.len == reps * plen &&
            memcmp(plain.data, text, plain.len) == 0 && reset_ok,
        "big: ANSI keeps every byte (%zu bytes in %zu calls)", b.len, b.calls);
  check(b.calls <= b.len / 1024 + 1, "big: few write calls");
  buf_free(&plain);
  buf_free(&b);
  char path[128];
  snprintf(path, sizeof path, "%s/big.txt", tmpdir);
  write_file(path, text, reps * plen);
  nm_render_options opts = {0};
  test_json(doc, path, &opts, "big");
  test_brat(doc, path, &opts, "big");
  nm_doc_free(doc);
  free(text);
}

static void test_empty(void) {
  nm_doc *doc = nm_doc_parse("", 0, NULL, NULL);
  if (!check(doc != NULL, "empty: parses"))
    return;
  char path[128];
  snprintf(path, sizeof path, "%s/empty.txt", tmpdir);
  write_file(path, "", 0);
  nm_render_options opts = {0};
  test_all_formats(doc, "empty");
  test_json(doc, path, &opts, "empty");
  test_html(doc, &opts, "empty", false);
  buf b;
  render(doc, NM_FORMAT_JSONL, NULL, &b);
  check(contains(&b, "\"quotes\":[],\"nested_quotes\":[],\"people\":[]"),
        "empty: empty arrays are []");
  buf_free(&b);
  for (int f = NM_FORMAT_ANSI; f <= NM_FORMAT_DUMP; f++) {
    if (f == NM_FORMAT_HTML)
      continue;
    render(doc, f, NULL, &b);
    check(b.len == 0 && b.calls == 0,
          "empty: format %d writes nothing and calls nothing", f);
    buf_free(&b);
  }
  nm_doc_free(doc);
}

/* A text of line breaks only, lone CRs and a NUL. */
static void test_odd(void) {
  static const char odd[] = "\r\r\n\n\0\x1b\r\n\xe2\x80\xa8x\xf0\x9f\x98\x80";
  nm_rules *rules = nm_rules_new(NULL, NULL);
  nm_diag diag;
  static const char all[] = "(?s).+";
  nm_rules_add(rules, "all", "All text", all, strlen(all), 0, &diag);
  nm_parse_options po = {0};
  po.rules = rules;
  nm_doc *doc = nm_doc_parse(odd, sizeof odd - 1, &po, NULL);
  if (!check(doc != NULL, "odd: parses"))
    return;
  char path[128];
  snprintf(path, sizeof path, "%s/odd.txt", tmpdir);
  write_file(path, odd, sizeof odd - 1);
  nm_render_options opts = {0};
  opts.rules = rules;
  test_json(doc, path, &opts, "odd");
  test_ansi(doc, "odd", false);
  test_html(doc, &opts, "odd", false);
  test_dump(doc, &opts, "odd");
  test_brat(doc, path, &opts, "odd");
  buf b;
  render(doc, NM_FORMAT_BRAT, &opts, &b);
  /* U+2028 is a line break for brat: x and the emoji are one fragment */
  size_t x = chars_before(odd, find(odd, sizeof odd - 1, "x"));
  char want[64];
  snprintf(want, sizeof want, "\tAll_text 4 6;%zu %zu\t", x, x + 2);
  check(contains(&b, want) && contains(&b, " x\xf0\x9f\x98\x80\n"),
        "odd: fragments split at CR, LF and U+2028:%.*s", (int)strlen(want) - 1,
        want);
  buf_free(&b);
  nm_doc_free(doc);
  nm_rules_free(rules);
}

/* Diagnostics: a rule that keeps one hit of three records one. */
static void test_diag(void) {
  nm_rules_limits limits = {0};
  limits.max_hits = 1;
  nm_rules *rules = nm_rules_new(NULL, &limits);
  nm_diag diag;
  nm_rules_add(rules, "ay", NULL, "a", 1, 0, &diag);
  nm_parse_options po = {0};
  po.rules = rules;
  static const char text[] = "a \"b\" a a\n";
  nm_doc *doc = nm_doc_parse(text, sizeof text - 1, &po, NULL);
  if (!check(doc != NULL, "diag: parses"))
    return;
  if (nm_doc_diag_count(doc) == 0) {
    skip("diag: the rule engine recorded no diagnostic");
  } else {
    const nm_diag *d = nm_doc_diag(doc, 0);
    char want[200];
    buf b;
    render(doc, NM_FORMAT_DUMP, NULL, &b);
    snprintf(want, sizeof want, "diag %d offset=%zu ", d->code, d->offset);
    check(contains(&b, want), "diag: the dump shows '%s...'", want);
    buf_free(&b);
    render(doc, NM_FORMAT_JSONL, NULL, &b);
    snprintf(want, sizeof want, "\"diagnostics\":[{\"code\":%d,\"message\":\"",
             d->code);
    check(contains(&b, want), "diag: JSON lists it");
    buf_free(&b);
    render(doc, NM_FORMAT_DUMP, NULL, &b);
    check(contains(&b, "rule 0-1 index=0 |a|"),
          "diag: without opts->rules a rule hit shows its index");
    buf_free(&b);
  }
  nm_doc_free(doc);
  nm_rules_free(rules);
}

int main(void) {
  snprintf(tmpdir, sizeof tmpdir, "/tmp/nm_render_XXXXXX");
  if (!mkdtemp(tmpdir)) {
    perror("mkdtemp");
    return 2;
  }
  have_python = system("python3 -c '' >/dev/null 2>&1") == 0;
  test_article();
  test_big();
  test_empty();
  test_odd();
  test_diag();
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
  if (system(cmd) != 0)
    fprintf(stderr, "could not remove %s\n", tmpdir);
  printf("%d passed, %d failed\n", n_pass, n_fail);
  return n_fail ? 1 : 0;
}
