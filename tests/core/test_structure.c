/*
 * test_structure.c - the structure stage through the public API: the block
 * kind of every line of a small article, datelines and the names inside
 * them, and odd input (empty, blank, CRLF, lone CR, NUL bytes, invalid
 * UTF-8, a BOM, a 1 MB line) that must parse into spans in bounds.
 *
 * Every parse is also run through check_doc(): spans sorted, parents that
 * enclose, blocks that do not overlap and cover every non-blank byte, links
 * of the right kind.
 *
 */
#include "newsmark.h"
#include "tap.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ helpers */

static nm_doc *parse_n(const char *text, size_t len) {
  nm_diag d;
  memset(&d, 0, sizeof d);
  nm_doc *doc = nm_doc_parse(text, len, NULL, &d);
  if (!doc)
    diag("nm_doc_parse failed: %d %s", d.code, d.message);
  return doc;
}

static nm_doc *parse(const char *text) { return parse_n(text, strlen(text)); }

/* Byte offset of `needle` in the doc's text (which may hold NUL bytes). */
static size_t off(const nm_doc *doc, const char *needle) {
  size_t len, k = strlen(needle);
  const char *t = nm_doc_text(doc, &len);
  for (size_t i = 0; i + k <= len; i++)
    if (memcmp(t + i, needle, k) == 0)
      return i;
  fprintf(stderr, "test bug: \"%s\" is not in the text\n", needle);
  exit(2);
}

static bool is_block(int kind) {
  return kind >= NM_KIND_FIRST && kind <= NM_KIND_BLOCK_LAST;
}

/* Index of the span of `kind` at exactly [start, end), or -1. */
static long find_span(const nm_doc *doc, int kind, size_t start, size_t end) {
  size_t n;
  const nm_span *s = nm_doc_spans(doc, &n);
  for (size_t i = 0; i < n; i++)
    if (s[i].kind == kind && s[i].start == start && s[i].end == end)
      return (long)i;
  return -1;
}

/* Index of the span of `kind` over the first occurrence of `text`, or -1. */
static long find_text(const nm_doc *doc, int kind, const char *text) {
  size_t start = off(doc, text);
  return find_span(doc, kind, start, start + strlen(text));
}

/* The kind of the block that holds byte `offset`, or -1. */
static int block_kind_at(const nm_doc *doc, size_t offset) {
  size_t n;
  const nm_span *s = nm_doc_spans(doc, &n);
  for (size_t i = 0; i < n; i++)
    if (is_block(s[i].kind) && s[i].start <= offset && offset < s[i].end)
      return s[i].kind;
  return -1;
}

static size_t count_kind(const nm_doc *doc, int kind) {
  size_t n, c = 0;
  const nm_span *s = nm_doc_spans(doc, &n);
  for (size_t i = 0; i < n; i++)
    c += s[i].kind == kind;
  return c;
}

/* Blank for block coverage: ASCII white space, a NUL-free U+00A0 and a
 * BOM at offset 0 (the structure stage trims these). */
static size_t blank_at(const char *t, size_t len, size_t i) {
  unsigned char c = (unsigned char)t[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
    return 1;
  if (c == 0xc2 && i + 1 < len && (unsigned char)t[i + 1] == 0xa0)
    return 2;
  if (i == 0 && len >= 3 && memcmp(t, "\xef\xbb\xbf", 3) == 0)
    return 3;
  return 0;
}

/* Marks the bytes that continue a valid UTF-8 sequence: no span may start
 * or end on one. */
static unsigned char *continuation_map(const char *text, size_t len) {
  const unsigned char *s = (const unsigned char *)text;
  unsigned char *cont = calloc(len + 1, 1);
  if (!cont)
    exit(2);
  size_t i = 0;
  while (i < len) {
    unsigned char c = s[i];
    size_t need = c >= 0xc2 && c <= 0xdf   ? 1
                  : c >= 0xe0 && c <= 0xef ? 2
                  : c >= 0xf0 && c <= 0xf4 ? 3
                                           : 0;
    bool valid = need > 0 && len - i > need;
    for (size_t k = 1; valid && k <= need; k++)
      valid = (s[i + k] & 0xc0) == 0x80;
    if (valid && need == 2)
      valid =
          !(c == 0xe0 && s[i + 1] < 0xa0) && !(c == 0xed && s[i + 1] >= 0xa0);
    if (valid && need == 3)
      valid =
          !(c == 0xf0 && s[i + 1] < 0x90) && !(c == 0xf4 && s[i + 1] >= 0x90);
    if (!valid) {
      i++;
      continue;
    }
    for (size_t k = 1; k <= need; k++)
      cont[i + k] = 1;
    i += need + 1;
  }
  return cont;
}

/* The invariants every document keeps; five checks. */
static void check_doc(const nm_doc *doc, const char *what) {
  size_t n, len;
  const nm_span *s = nm_doc_spans(doc, &n);
  const char *t = nm_doc_text(doc, &len);
  size_t ents = nm_doc_entity_count(doc);
  unsigned char *cont = continuation_map(t, len);
  bool bounds = true, sorted = true, nested = true, links = true;
  for (size_t i = 0; i < n; i++) {
    if (s[i].start > s[i].end || s[i].end > len || cont[s[i].start] ||
        cont[s[i].end]) {
      if (bounds)
        diag("span %zu (%s) %u-%u of %zu bytes", i, nm_kind_name(s[i].kind),
             s[i].start, s[i].end, len);
      bounds = false;
    }
    if (i > 0 && (s[i - 1].start > s[i].start ||
                  (s[i - 1].start == s[i].start && s[i - 1].end < s[i].end)))
      sorted = false;
    int32_t p = s[i].parent;
    if (p >= (int32_t)i || p < -1 ||
        (p >= 0 && (s[p].start > s[i].start || s[p].end < s[i].end)))
      nested = false;
    int32_t l = s[i].link;
    switch (s[i].kind) {
    case NM_KIND_PERSON:
    case NM_KIND_ORGANIZATION:
    case NM_KIND_PLACE:
      links = links && l >= 0 && (size_t)l < ents &&
              nm_doc_entity_kind(doc, (size_t)l) == s[i].kind;
      break;
    case NM_KIND_ROLE:
    case NM_KIND_SPEAKER_REF:
      links = links && l >= -1 && (l < 0 || (size_t)l < ents);
      break;
    case NM_KIND_QUOTE: {
      links = links && l >= -1 && (l < 0 || (size_t)l < ents) &&
              NM_QUOTE_METHOD(s[i].flags) <= NM_METHOD_LAST;
      int32_t cue = nm_doc_quote_cue(doc, i);
      links =
          links && (cue < 0 || ((size_t)cue < n && s[cue].kind == NM_KIND_CUE &&
                                s[cue].link == (int32_t)i));
      break;
    }
    case NM_KIND_CUE:
      links = links && l >= 0 && (size_t)l < n && s[l].kind == NM_KIND_QUOTE;
      break;
    case NM_KIND_RULE:
      break;
    default:
      links = links && l == -1;
    }
  }
  ok(bounds, "%s: %zu spans in bounds, on character boundaries", what, n);
  ok(sorted, "%s: spans sorted by start, then longest first", what);
  ok(nested, "%s: every parent comes earlier and encloses its child", what);
  ok(links, "%s: links point at entities or quotes of the right kind", what);
  /* blocks: no overlap, every non-blank byte inside one */
  bool blocks = true;
  uint32_t last_end = 0;
  unsigned char *covered = calloc(len + 1, 1);
  if (!covered)
    exit(2);
  for (size_t i = 0; i < n; i++) {
    if (!is_block(s[i].kind))
      continue;
    if (s[i].start < last_end)
      blocks = false;
    last_end = s[i].end;
    memset(covered + s[i].start, 1, s[i].end - s[i].start);
  }
  for (size_t i = 0; i < len && blocks;) {
    size_t b = blank_at(t, len, i);
    if (b) {
      i += b;
      continue;
    }
    if (!covered[i]) {
      diag("byte %zu (0x%02x) is in no block", i, (unsigned char)t[i]);
      blocks = false;
    }
    i++;
  }
  ok(blocks, "%s: blocks do not overlap and cover every non-blank byte", what);
  free(covered);
  free(cont);
}

/* ------------------------------------------------------------ articles */

static const char gulf[] =
    "Classifieds powered by Harbour Daily\n"
    "\n"
    "Sultanate switches on its first offshore wind farm\n"
    "\n"
    "Turbines off the coast will supply a fifth of the capital\xe2\x80\x99s "
    "power, officials say\n"
    "\n"
    "Image Credit: AFP\n"
    "Engineers inspect a turbine at the new wind farm off the coast on "
    "Sunday.\n"
    "Harbour Daily\n"
    "\n"
    "By a Staff Reporter\n"
    "\n"
    "Monday, January 7, 2019\n"
    "\n"
    "Bandar Seri Begawan, Brunei: The country\xe2\x80\x99s first offshore "
    "wind farm began supplying power to the grid on Sunday, the energy "
    "ministry said.\n"
    "\n"
    "The farm\xe2\x80\x99s twelve turbines stand about eight kilometres off "
    "the coast and were built over two years by a consortium of local and "
    "Danish firms.\n"
    "\n"
    "Cheaper Power For Villages\n"
    "\n"
    "Officials said the new supply would let the utility close two ageing "
    "diesel plants that serve villages along the coast.\n"
    "\n"
    "What comes next\n"
    "\n"
    "A second farm, twice the size, is planned for 2022 if the first one "
    "meets its targets.\n";

static void test_block_kinds(void) {
  nm_doc *doc = parse(gulf);
  if (!ok(doc != NULL, "gulf: parses")) {
    skip(20, "no doc");
    return;
  }
  static const struct {
    const char *line;
    int kind;
  } lines[] = {
      {"Classifieds powered by Harbour Daily", NM_KIND_BOILERPLATE},
      {"Sultanate switches on its first offshore wind farm", NM_KIND_HEADLINE},
      {"Turbines off the coast", NM_KIND_STANDFIRST},
      {"Image Credit: AFP", NM_KIND_IMAGE_CREDIT},
      {"Engineers inspect a turbine", NM_KIND_CAPTION},
      {"Harbour Daily\n\nBy", NM_KIND_SOURCE_LINE},
      {"By a Staff Reporter", NM_KIND_BYLINE},
      {"Monday, January 7, 2019", NM_KIND_DATE_LINE},
      {"Bandar Seri Begawan, Brunei: The", NM_KIND_PARAGRAPH},
      {"The farm\xe2\x80\x99s twelve", NM_KIND_PARAGRAPH},
      {"Cheaper Power For Villages", NM_KIND_SUBHEAD},
      {"Officials said", NM_KIND_PARAGRAPH},
      {"A second farm", NM_KIND_PARAGRAPH},
  };
  for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
    is_str(nm_kind_name(block_kind_at(doc, off(doc, lines[i].line))),
           nm_kind_name(lines[i].kind), "gulf: \"%.*s\" is a %s",
           (int)strcspn(lines[i].line, "\n"), lines[i].line,
           nm_kind_name(lines[i].kind));
  /* a block is its line, trimmed */
  ok(find_text(doc, NM_KIND_HEADLINE,
               "Sultanate switches on its first offshore wind farm") >= 0,
     "gulf: the headline span is exactly its line");
  ok(find_text(doc, NM_KIND_DATELINE, "Bandar Seri Begawan, Brunei:") >= 0,
     "gulf: dateline \"Bandar Seri Begawan, Brunei:\"");
  is_int(count_kind(doc, NM_KIND_DATELINE), 1, "gulf: one dateline");
  long bsb = find_text(doc, NM_KIND_PLACE, "Bandar Seri Begawan");
  long dl = find_text(doc, NM_KIND_DATELINE, "Bandar Seri Begawan, Brunei:");
  ok(bsb >= 0 && dl >= 0 && nm_doc_span(doc, (size_t)bsb)->parent == dl,
     "gulf: the dateline's place nests inside it");
  check_doc(doc, "gulf");
  is_str(nm_kind_name(block_kind_at(doc, off(doc, "What comes next"))),
         "subhead", "gulf: \"What comes next\" is a subhead");
  nm_doc_free(doc);
}

/* Datelines of every style; `want` is the dateline text or NULL for none;
 * `place` and `org` are names that must sit inside it. */
static void test_datelines(void) {
  static const struct {
    const char *para, *want, *place, *org;
  } cases[] = {
      {"WASHINGTON \xe2\x80\x94 The Senate on Thursday passed a stopgap bill.",
       "WASHINGTON \xe2\x80\x94", "WASHINGTON", NULL},
      {"LONDON (Reuters) - British inflation fell to a two-year low in May, "
       "official data showed.",
       "LONDON (Reuters) -", "LONDON", "Reuters"},
      {"WASHINGTON, June 4, 2021 /PRNewswire/ -- Harbour Energy today opened "
       "a research centre for tidal power.",
       "WASHINGTON, June 4, 2021 /PRNewswire/ --", "WASHINGTON", "PRNewswire"},
      {"Bandar Seri Begawan, Brunei: The farm began supplying power on "
       "Sunday.",
       "Bandar Seri Begawan, Brunei:", "Brunei", NULL},
      {"Geneva: The envoys agreed to resume talks next month.",
       "Geneva:", "Geneva", NULL},
      {"Vostrikov said: \xe2\x80\x9cWe are ready to return to the "
       "table.\xe2\x80\x9d",
       NULL, NULL, NULL},
      {"The talks resumed on Tuesday in Geneva after a pause of a year.", NULL,
       NULL, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char text[512];
    snprintf(text, sizeof text, "Envoys agree to resume talks\n\n%s\n",
             cases[i].para);
    nm_doc *doc = parse(text);
    if (!doc) {
      ok(0, "dateline %zu: parses", i);
      continue;
    }
    if (cases[i].want) {
      long dl = find_text(doc, NM_KIND_DATELINE, cases[i].want);
      ok(dl >= 0 && count_kind(doc, NM_KIND_DATELINE) == 1, "dateline \"%s\"",
         cases[i].want);
      long p = find_text(doc, NM_KIND_PLACE, cases[i].place);
      ok(p >= 0 && dl >= 0 && nm_doc_span(doc, (size_t)p)->parent == dl,
         "dateline \"%s\": place %s inside it", cases[i].want, cases[i].place);
      if (cases[i].org) {
        long o = find_text(doc, NM_KIND_ORGANIZATION, cases[i].org);
        ok(o >= 0 && dl >= 0 && nm_doc_span(doc, (size_t)o)->parent == dl,
           "dateline \"%s\": organization %s inside it", cases[i].want,
           cases[i].org);
      }
    } else {
      is_int(count_kind(doc, NM_KIND_DATELINE), 0, "no dateline in \"%.40s\"",
             cases[i].para);
    }
    nm_doc_free(doc);
  }

  /* under a photo's credit, a paragraph that opens with a dateline is the
   * body's first, no caption; and the credit's first word, a plural, is no
   * organization */
  nm_doc *body = parse("Floods force thousands from homes\n\n"
                       "Image: Rescuers in Bologna on Tuesday. Photo: AP\n\n"
                       "BOLOGNA, Italy (Reuters) - Thousands of people left "
                       "their homes on Tuesday.\n");
  if (body) {
    ok(block_kind_at(body, off(body, "BOLOGNA")) == NM_KIND_PARAGRAPH &&
           find_text(body, NM_KIND_DATELINE, "BOLOGNA, Italy (Reuters) -") >= 0,
       "a dateline under an image credit opens the body");
    ok(find_text(body, NM_KIND_ORGANIZATION, "Rescuers") < 0,
       "\"Image: Rescuers in ...\": no organization");
  }
  nm_doc_free(body);

  /* "Kerry — " is an attribution, not a dateline (structure.c says so, but
   * the check compares the position after the spaces with the head's end) */
  nm_doc *doc = parse("Envoys agree to resume talks\n\n"
                      "Ellison \xe2\x80\x94 who arrived on Monday \xe2\x80\x94 "
                      "met the envoys in the morning.\n");
  if (doc) {
    is_int(count_kind(doc, NM_KIND_DATELINE), 0,
           "no dateline in \"Ellison \xe2\x80\x94 who arrived on Monday "
           "\xe2\x80\x94 ...\"");
    is_int(count_kind(doc, NM_KIND_PLACE), 0,
           "\"Ellison \xe2\x80\x94\": Ellison is not a place");
  }
  nm_doc_free(doc);
}

/* ------------------------------------------------------------ odd input */

static void test_empty(void) {
  nm_diag d;
  memset(&d, 0, sizeof d);
  nm_doc *doc = nm_doc_parse("", 0, NULL, &d);
  if (!ok(doc != NULL, "empty: parses")) {
    skip(5, "no doc");
    return;
  }
  size_t len = 99;
  const char *t = nm_doc_text(doc, &len);
  ok(t && len == 0 && t[0] == '\0', "empty: text is \"\" with its NUL");
  is_int(nm_doc_span_count(doc), 0, "empty: no spans");
  is_int(nm_doc_entity_count(doc), 0, "empty: no entities");
  is_int(nm_doc_line_count(doc), 1, "empty: one (empty) line");
  is_int(nm_doc_range_first(doc, 0), 0, "empty: range_first(0) is 0");
  nm_doc_free(doc);

  /* NULL with length 0 is the empty text; NULL with a length is EINVAL */
  doc = nm_doc_parse(NULL, 0, NULL, &d);
  ok(doc != NULL && nm_doc_span_count(doc) == 0,
     "NULL text of length 0 parses as empty");
  nm_doc_free(doc);
  memset(&d, 0, sizeof d);
  doc = nm_doc_parse(NULL, 5, NULL, &d);
  ok(doc == NULL && d.code == NM_EINVAL, "NULL text of length 5: NM_EINVAL");
  nm_doc_free(doc);
}

static void test_blank(void) {
  static const char text[] = " \n\t\n   \r\n\f\v\n\r\r\n\xc2\xa0\n  ";
  nm_doc *doc = parse_n(text, sizeof text - 1);
  if (!ok(doc != NULL, "blank: parses")) {
    skip(6, "no doc");
    return;
  }
  is_int(nm_doc_span_count(doc), 0, "blank: white space only gives no spans");
  check_doc(doc, "blank");
  nm_doc_free(doc);
}

/* CRLF: the same blocks as LF, ending before the CR. */
static void test_crlf(void) {
  static const char lf[] = "Envoys agree to resume talks\n\n"
                           "LONDON (Reuters) - The envoys met on Tuesday and "
                           "agreed to meet again in May.\n\n"
                           "\xe2\x80\x9cWe are ready,\xe2\x80\x9d Margaret "
                           "Ellison said.\n";
  char crlf[sizeof lf * 2];
  size_t n = 0;
  for (size_t i = 0; i + 1 < sizeof lf; i++) {
    if (lf[i] == '\n')
      crlf[n++] = '\r';
    crlf[n++] = lf[i];
  }
  nm_doc *a = parse(lf), *b = parse_n(crlf, n);
  if (!ok(a && b, "crlf: both parse")) {
    nm_doc_free(a);
    nm_doc_free(b);
    skip(10, "no doc");
    return;
  }
  size_t na, nb;
  const nm_span *sa = nm_doc_spans(a, &na), *sb = nm_doc_spans(b, &nb);
  is_int(nb, na, "crlf: as many spans as with LF");
  /* each CRLF span is the LF span shifted by the CRs before it */
  bool same = na == nb;
  for (size_t i = 0; i < na && same; i++) {
    uint32_t line_a, line_b, col_a, col_b;
    nm_doc_line_col(a, sa[i].start, &line_a, &col_a);
    nm_doc_line_col(b, sb[i].start, &line_b, &col_b);
    same = sa[i].kind == sb[i].kind && line_a == line_b && col_a == col_b &&
           sa[i].end - sa[i].start == sb[i].end - sb[i].start &&
           sa[i].parent == sb[i].parent && sa[i].flags == sb[i].flags;
    if (!same)
      diag("span %zu differs: %s %u-%u vs %s %u-%u", i,
           nm_kind_name(sa[i].kind), sa[i].start, sa[i].end,
           nm_kind_name(sb[i].kind), sb[i].start, sb[i].end);
  }
  ok(same, "crlf: every span is the LF one at the same line and column");
  bool no_cr = true;
  for (size_t i = 0; i < nb; i++)
    if (is_block(sb[i].kind))
      no_cr = no_cr && crlf[sb[i].end - 1] != '\r' && crlf[sb[i].end] == '\r';
  ok(no_cr, "crlf: blocks end right before the CR");
  check_doc(b, "crlf");
  nm_doc_free(a);
  nm_doc_free(b);
}

/* A lone CR ends a line (old Mac text); no block holds a CR. */
static void test_lone_cr(void) {
  static const char text[] = "Envoys agree to resume talks\r"
                             "The envoys met on Tuesday in Geneva.\r"
                             "They will meet again in May.\r";
  nm_doc *doc = parse(text);
  if (!ok(doc != NULL, "lone CR: parses")) {
    skip(7, "no doc");
    return;
  }
  size_t n, blocks = 0;
  const nm_span *s = nm_doc_spans(doc, &n);
  bool no_cr = true;
  for (size_t i = 0; i < n; i++) {
    if (!is_block(s[i].kind))
      continue;
    blocks++;
    no_cr = no_cr && !memchr(text + s[i].start, '\r', s[i].end - s[i].start);
  }
  is_int(blocks, 3, "lone CR: three blocks");
  ok(no_cr, "lone CR: no block holds a CR");
  check_doc(doc, "lone CR");
  nm_doc_free(doc);
}

static void test_nul(void) {
  static const char text[] =
      "Envoys\0agree to resume talks\n\n"
      "\xe2\x80\x9cWe are\0ready,\xe2\x80\x9d Margaret Ellison said in "
      "Geneva.\n\n\0\n\nEllison left on Tuesday.\n";
  size_t len = sizeof text - 1;
  nm_doc *doc = parse_n(text, len);
  if (!ok(doc != NULL, "NUL bytes: parse")) {
    skip(8, "no doc");
    return;
  }
  size_t got;
  const char *t = nm_doc_text(doc, &got);
  ok(got == len && memcmp(t, text, len) == 0 && t[len] == '\0',
     "NUL bytes: the doc keeps all %zu bytes and a NUL after them", len);
  ok(block_kind_at(doc, off(doc, "Ellison left")) == NM_KIND_PARAGRAPH,
     "NUL bytes: the text after a NUL line is still read");
  size_t at = off(doc, "Ellison left");
  long alias = find_span(doc, NM_KIND_PERSON, at, at + strlen("Ellison"));
  long full = find_text(doc, NM_KIND_PERSON, "Margaret Ellison");
  ok(alias >= 0 && full >= 0 &&
         nm_doc_span(doc, (size_t)alias)->link ==
             nm_doc_span(doc, (size_t)full)->link,
     "NUL bytes: names on both sides of NUL bytes are found and linked");
  check_doc(doc, "NUL bytes");
  nm_doc_free(doc);
}

static void test_invalid_utf8(void) {
  static const char text[] =
      "\xff\xfe Bad \xc3\x28 bytes in a headline\n\n"
      "\xe2\x80 \xe2\x80\x9cTruncated \xed\xa0\x80 marks,\xe2\x80\x9d said "
      "Jane Holm \xc0\xaf in \xf4\x90\x80\x80 Oslo.\n\n"
      "Last line ends in a cut character \xf0\x9f\x98";
  nm_doc *doc = parse_n(text, sizeof text - 1);
  if (!ok(doc != NULL, "invalid UTF-8: parses")) {
    skip(6, "no doc");
    return;
  }
  ok(find_text(doc, NM_KIND_PERSON, "Jane Holm") >= 0,
     "invalid UTF-8: names around bad bytes are still found");
  check_doc(doc, "invalid UTF-8");
  nm_doc_free(doc);
}

/* A BOM is not part of the first block, and does not hide a dateline. */
static void test_bom(void) {
  static const char text[] = "\xef\xbb\xbfInflation falls to a two-year low\n\n"
                             "LONDON (Reuters) - British inflation fell in "
                             "May, official data showed.\n";
  nm_doc *doc = parse(text);
  if (!ok(doc != NULL, "BOM: parses")) {
    skip(7, "no doc");
    return;
  }
  ok(find_text(doc, NM_KIND_DATELINE, "LONDON (Reuters) -") >= 0,
     "BOM: the dateline is found");
  check_doc(doc, "BOM");
  ok(find_text(doc, NM_KIND_HEADLINE, "Inflation falls to a two-year low") >= 0,
     "BOM: the headline starts after the BOM");
  nm_doc_free(doc);
}

/* A BOM right before a dateline paragraph (an article without headline). */
static void test_bom_dateline(void) {
  static const char text[] =
      "\xef\xbb\xbfLONDON (Reuters) - British consumer price inflation fell to "
      "its lowest level in two years in May, official data showed on "
      "Wednesday, easing pressure on the Bank of England ahead of its next "
      "meeting.\n";
  nm_doc *doc = parse(text);
  if (!ok(doc != NULL, "BOM + dateline: parses")) {
    skip(6, "no doc");
    return;
  }
  check_doc(doc, "BOM + dateline");
  ok(find_text(doc, NM_KIND_DATELINE, "LONDON (Reuters) -") >= 0,
     "BOM + dateline: the dateline is found after the BOM");
  nm_doc_free(doc);
}

/* Hard-wrapped text: 72-column lines join into one paragraph. */
static void test_wrapped(void) {
  static const char text[] =
      "Inflation falls to a two-year low\n"
      "\n"
      "British consumer price inflation fell to its lowest level in two\n"
      "years in May, official data showed on Wednesday, easing pressure on\n"
      "the Bank of England ahead of its next policy meeting.\n"
      "\n"
      "Prices rose 2.1 percent in the year to May, down from 2.6 percent in\n"
      "April. Economists polled by Reuters had expected a reading of 2.3\n"
      "percent, and sterling slipped against the dollar after the release.\n";
  nm_doc *doc = parse(text);
  if (!ok(doc != NULL, "wrapped: parses")) {
    skip(8, "no doc");
    return;
  }
  size_t p1 = off(doc, "British consumer"), p2 = off(doc, "Prices rose");
  ok(find_span(doc, NM_KIND_PARAGRAPH, p1,
               off(doc, "policy meeting.") + strlen("policy meeting.")) >= 0,
     "wrapped: three wrapped lines are one paragraph");
  ok(find_span(doc, NM_KIND_PARAGRAPH, p2,
               off(doc, "the release.") + strlen("the release.")) >= 0,
     "wrapped: the second paragraph too");
  check_doc(doc, "wrapped");
  nm_doc_free(doc);

  /* a wrapped line that happens to end a sentence */
  static const char text2[] =
      "Inflation falls to a two-year low\n"
      "\n"
      "Prices rose 2.1 percent in the year to May, down from 2.6 percent in "
      "April.\n"
      "Economists polled by Reuters had expected a reading of 2.3 percent, "
      "and\n"
      "sterling slipped against the dollar after the release.\n"
      "\n"
      "Food and fuel prices fell for a third month in a row, the statistics\n"
      "office said.\n";
  doc = parse(text2);
  if (!doc) {
    ok(0, "wrapped 2: parses");
    return;
  }
  ok(find_span(doc, NM_KIND_PARAGRAPH, off(doc, "Prices rose"),
               off(doc, "the release.") + strlen("the release.")) >= 0,
     "wrapped: a line ending in a full stop inside a wrapped paragraph "
     "does not end it");
  nm_doc_free(doc);
}

/* 1 MB on one line: spans in bounds, one block, in reasonable time. */
static void test_big_line(void) {
  static const char unit[] = "Ellison said \xe2\x80\x9cyes\xe2\x80\x9d to the "
                             "\xe2\x80\x98"
                             "deal\xe2\x80\x99 in Geneva, and "
                             "Vostrikov said \"no\" ";
  size_t k = sizeof unit - 1, reps = (1u << 20) / k + 1;
  char *text = malloc(reps * k + 1);
  if (!text)
    exit(2);
  for (size_t i = 0; i < reps; i++)
    memcpy(text + i * k, unit, k);
  size_t len = reps * k;
  text[len] = '\0';
  nm_doc *doc = parse_n(text, len);
  if (ok(doc != NULL, "1 MB line: parses (%zu bytes)", len)) {
    size_t blocks = 0;
    for (int kind = NM_KIND_FIRST; kind <= NM_KIND_BLOCK_LAST; kind++)
      blocks += count_kind(doc, kind);
    is_int(blocks, 1, "1 MB line: one block");
    ok(count_kind(doc, NM_KIND_QUOTE) + count_kind(doc, NM_KIND_SCARE_QUOTE) >
           0,
       "1 MB line: quotes are found");
    check_doc(doc, "1 MB line");
    nm_doc_free(doc);
  } else {
    skip(7, "no doc");
  }

  /* the same size of opening marks that never close */
  for (size_t i = 0; i + 4 <= len; i += 4)
    memcpy(text + i, "\xe2\x80\x9c ", 4);
  doc = parse_n(text, len - len % 4);
  if (ok(doc != NULL, "1 MB of opening marks: parses")) {
    check_doc(doc, "1 MB of opening marks");
    nm_doc_free(doc);
  } else {
    skip(5, "no doc");
  }
  free(text);
}

int main(void) {
  test_block_kinds();
  test_datelines();
  test_empty();
  test_blank();
  test_crlf();
  test_lone_cr();
  test_nul();
  test_invalid_utf8();
  test_bom();
  test_bom_dateline();
  test_wrapped();
  test_big_line();
  return done();
}
