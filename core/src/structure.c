/*
 * structure.c - lines to blocks: boilerplate, headline, standfirst, image
 * credit, caption, source line, byline, date line, subhead, paragraph; and
 * the dateline that opens a body paragraph.
 *
 * Scraped news puts one paragraph on one line, so every line is a block
 * candidate; hard-wrapped text (long lines that stop mid-sentence) is
 * joined back into one block.
 */
#include "analysis.h"
#include "pair.h"
#include "text.h"

#include <string.h>

/* Compared up to the prefix's NUL, with no strlen: most lines differ at
 * the first byte, and the lists of prefixes are asked about every line. */
static bool starts_with_ci(const char *s, uint32_t n, const char *prefix) {
  for (uint32_t i = 0; prefix[i]; i++)
    if (i >= n || nm__ascii_lower(s[i]) != prefix[i])
      return false;
  return true;
}

static bool contains_ci(const char *s, uint32_t n, const char *needle) {
  size_t k = strlen(needle);
  for (uint32_t i = 0; i + k <= n; i++)
    if (starts_with_ci(s + i, n - i, needle))
      return true;
  return false;
}

static uint32_t count_words(const char *s, uint32_t n) {
  uint32_t words = 0;
  bool in_word = false;
  for (uint32_t i = 0; i < n; i++) {
    bool space = s[i] == ' ' || s[i] == '\t';
    if (!space && !in_word)
      words++;
    in_word = !space;
  }
  return words;
}

/* The last code point of a block, for "does it end a sentence". */
static uint32_t last_cp(const char *s, uint32_t n) {
  if (n == 0)
    return 0;
  uint32_t start;
  return nm__utf8_before(s, n, &start);
}

static bool ends_sentence(const char *s, uint32_t n) {
  uint32_t c = last_cp(s, n);
  return c == '.' || c == '!' || c == '?' || c == ':' || c == '"' ||
         c == 0x201d || c == 0x2019 || c == ')' || c == 0xbb || c == ';' ||
         c == 0x2026;
}

/* Blocks as split_blocks makes them, before they are the context's. */
typedef struct block_list {
  nm__block *items;
  size_t count, cap;
} block_list;

static int push_block(const nm_mem *mem, block_list *list, uint32_t start,
                      uint32_t end) {
  if (nm__grow(mem, (void **)&list->items, &list->cap, list->count + 1,
               sizeof(nm__block)) != NM_OK)
    return NM_ENOMEM;
  list->items[list->count++] = (nm__block){start, end, NM_KIND_PARAGRAPH};
  return NM_OK;
}

/* Is the text hard-wrapped (e-mail, Markdown, wire copy): no line longer
 * than 100 bytes and most long lines between 50 and 100? Scraped pages put
 * a paragraph on one line, so they fail the first test. */
static bool hard_wrapped(const char *t, uint32_t len) {
  uint32_t long_lines = 0, wrapped = 0, start = 0;
  for (uint32_t i = 0; i <= len; i++) {
    const char *nl = i < len ? memchr(t + i, '\n', len - i) : NULL;
    i = nl ? (uint32_t)(nl - t) : len;
    uint32_t n = i - start;
    if (n > 0 && t[i - 1] == '\r')
      n--;
    if (n > 100)
      return false;
    if (n >= 40) {
      long_lines++;
      wrapped += n >= 50;
    }
    start = i + 1;
  }
  return long_lines >= 3 && wrapped * 10 >= long_lines * 6;
}

/* Split the lines [from, len) into trimmed non-blank blocks, joining
 * hard-wrapped ones. `from` is 0 or the start of a line after a blank one,
 * where no block goes on from the line before. */
static int split_blocks(const nm__ctx *ctx, uint32_t from, uint32_t len,
                        bool wrapped, block_list *list) {
  const char *t = ctx->text;
  uint32_t i = from;
  bool joinable = false; /* the last block may take the next line */
  uint32_t next_nl = 0;  /* the next "\n" at or after i, or len */
  bool nl_known = false;
  while (i < len) {
    uint32_t line_start = i;
    if (!nl_known || next_nl < i) {
      /* searched again only once passed: text with lone CRs and no "\n"
       * would otherwise be scanned to its end for every line */
      const char *nl = memchr(t + i, '\n', len - i);
      next_nl = nl ? (uint32_t)(nl - t) : len;
      nl_known = true;
    }
    uint32_t stop = next_nl;
    const char *cr = memchr(t + i, '\r', stop - i); /* lone CR ends a line */
    i = cr ? (uint32_t)(cr - t) : stop;
    uint32_t line_end = i;
    if (i < len && t[i] == '\r' && i + 1 < len && t[i + 1] == '\n')
      i += 2;
    else if (i < len)
      i++;
    uint32_t s = line_start, e = line_end;
    /* a byte order mark is not part of the first block */
    if (s == 0 && e >= 3 && (unsigned char)t[0] == 0xef &&
        (unsigned char)t[1] == 0xbb && (unsigned char)t[2] == 0xbf)
      s = 3;
    while (s < e &&
           (t[s] == ' ' || t[s] == '\t' || t[s] == '\f' || t[s] == '\v'))
      s++;
    while (e > s && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\f' ||
                     t[e - 1] == '\v'))
      e--;
    /* U+00A0 and other multibyte blanks: trim a trailing NBSP too */
    while (e >= s + 2 && (unsigned char)t[e - 2] == 0xc2 &&
           (unsigned char)t[e - 1] == 0xa0)
      e -= 2;
    if (s == e) {
      joinable = false;
      continue;
    }
    bool list_item = t[s] == '#' || t[s] == '>' || t[s] == '*' ||
                     (t[s] == '-' && s + 1 < e && t[s + 1] == ' ');
    if (joinable && !list_item) {
      list->items[list->count - 1].end = e;
    } else if (push_block(ctx->mem, list, s, e) != NM_OK) {
      return NM_ENOMEM;
    }
    nm__block *b = &list->items[list->count - 1];
    /* A long line that stops mid-sentence was wrapped by hand; in
     * hard-wrapped text any long line goes on into the next. */
    uint32_t line_len = e - s;
    joinable = line_len >= (wrapped ? 40 : 60) && line_len <= 100 &&
               (wrapped || !ends_sentence(t + b->start, b->end - b->start));
  }
  return NM_OK;
}

static bool is_boilerplate(const char *s, uint32_t n) {
  static const char *const furniture[] = {"classifieds powered by",
                                          "advertisement",
                                          "share this",
                                          "follow us",
                                          "click here",
                                          "subscribe",
                                          "sign up",
                                          "read more",
                                          "all rights reserved",
                                          "copyright",
                                          "\xc2\xa9",
                                          "related:",
                                          "tags:",
                                          "share on",
                                          "newsletter",
                                          "skip to",
                                          "cookie"};
  if (n > 120)
    return false;
  for (size_t k = 0; k < sizeof furniture / sizeof *furniture; k++)
    if (starts_with_ci(s, n, furniture[k]) ||
        (n < 60 && contains_ci(s, n, furniture[k])))
      return true;
  return false;
}

static bool is_image_credit(const char *s, uint32_t n) {
  static const char *const credit[] = {
      "image credit", "photo credit", "picture credit", "image:", "photo:",
      "picture:",     "credit:",      "photograph:",    "(photo", "[photo",
      "photo by",     "image by",     "file photo"};
  if (n > 100)
    return false;
  for (size_t k = 0; k < sizeof credit / sizeof *credit; k++)
    if (starts_with_ci(s, n, credit[k]))
      return true;
  return false;
}

static bool is_byline(const char *s, uint32_t n) {
  return n < 80 && starts_with_ci(s, n, "by ") && count_words(s, n) <= 8 &&
         !ends_sentence(s, n);
}

static bool is_month(const char *s, uint32_t n) {
  static const char *const months[] = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december",
      "jan",     "feb",      "mar",       "apr",     "jun",      "jul",
      "aug",     "sep",      "sept",      "oct",     "nov",      "dec"};
  for (size_t k = 0; k < sizeof months / sizeof *months; k++)
    if (strlen(months[k]) == n && starts_with_ci(s, n, months[k]))
      return true;
  return false;
}

static bool is_weekday(const char *s, uint32_t n) {
  static const char *const days[] = {"monday",   "tuesday", "wednesday",
                                     "thursday", "friday",  "saturday",
                                     "sunday"};
  for (size_t k = 0; k < sizeof days / sizeof *days; k++)
    if (strlen(days[k]) == n && starts_with_ci(s, n, days[k]))
      return true;
  return false;
}

/* A line that is only a date: "Monday, January 7, 2019", "2019-01-07",
 * "7 January 2019", "Updated: July 2, 2013". */
static bool is_date_line(const char *s, uint32_t n) {
  if (n > 60 || n < 4)
    return false;
  uint32_t digits = 0, words = 0, calendar = 0, i = 0;
  while (i < n) {
    if ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') {
      uint32_t w = i;
      while (i < n && (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')
        i++;
      words++;
      if (is_month(s + w, i - w) || is_weekday(s + w, i - w))
        calendar++;
    } else {
      if (s[i] >= '0' && s[i] <= '9')
        digits++;
      else if (!strchr(" ,.:/-", s[i]))
        return false;
      i++;
    }
  }
  /* the only words allowed besides calendar ones: one "updated"/"published" */
  return digits >= 1 && calendar >= 1 && words - calendar <= 1 &&
         (digits >= 4 || calendar >= 2);
}

/* Short, unpunctuated, mostly capitalised: a heading. */
static bool looks_like_heading(const char *s, uint32_t n) {
  if (n == 0 || n > 90 || ends_sentence(s, n))
    return false;
  /* "—Troy Roberts" under a quote attributes it; it is no heading */
  uint32_t first;
  nm__utf8_at(s, n, 0, &first);
  if (nm__is_dash_cp(first) || first == '-')
    return false;
  uint32_t words = 0, capitals = 0;
  for (uint32_t i = 0; i < n;) {
    while (i < n && s[i] == ' ')
      i++;
    if (i >= n)
      break;
    uint32_t cp;
    nm__utf8_at(s, n, i, &cp);
    words++;
    capitals += nm__is_upper_cp(cp) || nm__is_digit_cp(cp);
    while (i < n && s[i] != ' ')
      i++;
  }
  return words >= 1 && words <= 12 && capitals * 2 >= words;
}

/* "What comes next": a short line in sentence case, capitalised, with no
 * sentence punctuation, between body paragraphs. */
static bool sentence_case_heading(const char *s, uint32_t n) {
  if (n == 0 || n > 60 || ends_sentence(s, n))
    return false;
  uint32_t cp, words = count_words(s, n);
  if (words < 2 || words > 8)
    return false;
  nm__utf8_at(s, n, 0, &cp);
  if (!nm__is_upper_cp(cp))
    return false;
  for (uint32_t i = 0; i < n; i++)
    if (s[i] == ',' || s[i] == ';')
      return false;
  return true;
}

/* "Gulf News", "SOURCE NASA", "(Reuters)": a short agency or outlet line. */
static bool is_source_line(const char *s, uint32_t n) {
  if (starts_with_ci(s, n, "source:") || starts_with_ci(s, n, "source "))
    return n < 60;
  return n < 40 && count_words(s, n) <= 4 && looks_like_heading(s, n);
}

/* ---------------------------------------------------------- datelines */

static bool is_agency_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == ' ' ||
         c == '.' || c == '&' || c == '-';
}

/* Skip one capitalised place name of at most five words starting at `i`;
 * returns its end, or `i` when there is none. All-caps names count. */
static uint32_t skip_place(const char *s, uint32_t n, uint32_t i) {
  uint32_t end = i, words = 0;
  while (i < n && words < 5) {
    uint32_t cp, k = nm__utf8_at(s, n, i, &cp);
    if (!nm__is_upper_cp(cp))
      break;
    i += k;
    while (i < n) {
      k = nm__utf8_at(s, n, i, &cp);
      if (!nm__is_letter_cp(cp) && cp != '.' && cp != '\'' && cp != '-' &&
          cp != 0x2019)
        break;
      i += k;
    }
    words++;
    end = i;
    if (i < n && s[i] == ' ')
      i++;
    else
      break;
  }
  return end;
}

static int add_known(nm__ctx *ctx, uint32_t start, uint32_t end, int kind) {
  if (end <= start)
    return NM_OK;
  if (nm__grow(ctx->mem, (void **)&ctx->known_names, &ctx->known_cap,
               ctx->known_count + 1, sizeof(nm__block)) != NM_OK)
    return ctx->err = NM_ENOMEM;
  ctx->known_names[ctx->known_count++] = (nm__block){start, end, kind};
  return NM_OK;
}

/* Trim a place's end back over dots that close an abbreviation-free word
 * ("D.C." keeps its dots; "Brunei." loses one). */
static uint32_t trim_place(const char *s, uint32_t start, uint32_t end) {
  while (end > start && (s[end - 1] == ',' || s[end - 1] == ' '))
    end--;
  return end;
}

/* The parts of a dateline, offsets in the block's text. */
typedef struct dateline_parts {
  uint32_t places[4][2], place_count;
  uint32_t agency_start, agency_end; /* both 0: no agency */
  bool caps;                         /* the first place in capitals */
} dateline_parts;

/* A dateline at the start of block text [0, n): its length (through the
 * colon or dash), or 0; `d` gets its places and agency. */
static uint32_t dateline_shape(const char *s, uint32_t n, dateline_parts *d) {
  uint32_t(*places)[2] = d->places, place_count = 0;
  uint32_t agency_start = 0, agency_end = 0;
  uint32_t i = 0;
  while (place_count < 4) {
    uint32_t end = skip_place(s, n, i);
    if (end == i)
      break;
    places[place_count][0] = i;
    places[place_count][1] = trim_place(s, i, end);
    place_count++;
    i = end;
    if (i + 1 < n && s[i] == ',' && s[i + 1] == ' ') {
      uint32_t cp;
      nm__utf8_at(s, n, i + 2, &cp);
      if (!nm__is_upper_cp(cp))
        break;
      /* "WASHINGTON, June 4, 2021 /PRNewswire/ --": a date after the place */
      uint32_t w = i + 2;
      while (w < n && ((s[w] | 0x20) >= 'a' && (s[w] | 0x20) <= 'z'))
        w++;
      if (is_month(s + i + 2, w - i - 2))
        break;
      i += 2;
      continue;
    }
    break;
  }
  if (place_count == 0 || i > 80)
    return 0;
  uint32_t head_end = places[place_count - 1][1];
  i = head_end;
  /* an optional date: ", June 4, 2021" */
  if (i + 2 < n && s[i] == ',' && s[i + 1] == ' ') {
    uint32_t j = i + 2, w = j;
    while (w < n && ((s[w] | 0x20) >= 'a' && (s[w] | 0x20) <= 'z'))
      w++;
    if (is_month(s + j, w - j)) {
      j = w;
      while (j < n && j < i + 30 && strchr(" ,0123456789", s[j]))
        j++;
      while (j > w && (s[j - 1] == ' ' || s[j - 1] == ','))
        j--;
      i = j;
    }
  }
  bool dated = i != head_end;
  while (i < n && s[i] == ' ')
    i++;
  /* an optional agency: "(Reuters)" or "/PRNewswire/" */
  if (i < n && (s[i] == '(' || s[i] == '/')) {
    char close = s[i] == '(' ? ')' : '/';
    uint32_t j = i + 1;
    while (j < n && j < i + 40 && is_agency_char(s[j]))
      j++;
    if (j < n && s[j] == close && j > i + 1) {
      agency_start = i + 1;
      agency_end = j;
      i = j + 1;
      while (i < n && s[i] == ' ')
        i++;
    }
  }
  uint32_t sep_end = 0;
  if (i < n && s[i] == ':' && (i + 1 == n || s[i + 1] == ' ')) {
    sep_end = i + 1;
  } else if (i < n && s[i] == '-') {
    uint32_t j = i;
    while (j < n && s[j] == '-')
      j++;
    if (j < n && s[j] == ' ' && j - i <= 2)
      sep_end = j;
  } else if (i < n) {
    uint32_t cp, k = nm__utf8_at(s, n, i, &cp);
    if (nm__is_dash_cp(cp) && i + k < n && s[i + k] == ' ')
      sep_end = i + k;
  }
  if (!sep_end)
    return 0;
  /* A colon dateline must not be a speaker's introduction ("Lavrov said:"):
   * the places must be the whole head, which skip_place guarantees, and an
   * all-lower word cannot occur. A dash dateline needs an all-caps place or
   * an agency, or a date: "Kerry — " is an attribution, not a dateline. */
  bool caps = true;
  for (uint32_t k = places[0][0]; k < places[0][1]; k++)
    if (s[k] >= 'a' && s[k] <= 'z')
      caps = false;
  if (s[sep_end - 1] != ':' && !caps && !agency_end && !dated)
    return 0;
  d->caps = caps;
  d->place_count = place_count;
  d->agency_start = agency_start;
  d->agency_end = agency_end;
  return sep_end;
}

/* Find a dateline at the start of block text [0, n) and return its length,
 * or 0. Its places and agency are recorded as known names (offsets
 * relative to `base`). */
static uint32_t find_dateline(nm__ctx *ctx, uint32_t base, const char *s,
                              uint32_t n) {
  dateline_parts d;
  uint32_t sep_end = dateline_shape(s, n, &d);
  if (!sep_end)
    return 0;
  /* out of memory here is sticky in ctx->err and fails the parse */
  for (uint32_t p = 0; p < d.place_count; p++)
    if (add_known(ctx, base + d.places[p][0], base + d.places[p][1],
                  NM_KIND_PLACE) != NM_OK)
      return 0;
  if (d.agency_end && add_known(ctx, base + d.agency_start, base + d.agency_end,
                                NM_KIND_ORGANIZATION) != NM_OK)
    return 0;
  return sep_end;
}

/* ------------------------------------------------------------ classify */

/* Does the block open with a news dateline, a place in capitals or an
 * agency ("BOLOGNA, Italy (Reuters) - ...")? Under a photo's credit that
 * is the body's first paragraph, not the caption ("Pictured: ..." is). */
static bool opens_body(const char *s, uint32_t n) {
  dateline_parts d = {0};
  return dateline_shape(s, n, &d) && (d.agency_end || d.caps);
}

/* What classifying a block needs from the blocks before it. */
typedef struct class_state {
  bool seen_headline, seen_body;
  int prev_kind; /* the block before's kind; -1 when none (or unknown) */
  size_t headline_index;
} class_state;

/* The kind of block b of `count`, given the state after the blocks before
 * it; updates the state. */
static int classify(const nm__ctx *ctx, const nm__block *blk, size_t b,
                    size_t count, class_state *st) {
  const char *s = ctx->text + blk->start;
  uint32_t n = blk->end - blk->start;
  int kind = NM_KIND_PARAGRAPH;
  if (!st->seen_body && is_boilerplate(s, n)) {
    kind = NM_KIND_BOILERPLATE;
  } else if (is_image_credit(s, n)) {
    kind = NM_KIND_IMAGE_CREDIT;
  } else if (st->prev_kind == NM_KIND_IMAGE_CREDIT && !opens_body(s, n)) {
    kind = NM_KIND_CAPTION;
  } else if (st->prev_kind == NM_KIND_CAPTION && is_source_line(s, n)) {
    kind = NM_KIND_SOURCE_LINE;
  } else if (is_date_line(s, n)) {
    kind = NM_KIND_DATE_LINE;
  } else if (is_byline(s, n)) {
    kind = NM_KIND_BYLINE;
  } else if (!st->seen_headline && !st->seen_body) {
    if (n < 250 && (!ends_sentence(s, n) || s[n - 1] == '?' ||
                    s[n - 1] == '!' || count_words(s, n) < 20)) {
      kind = NM_KIND_HEADLINE;
      st->seen_headline = true;
      st->headline_index = b;
    } else {
      st->seen_body = true;
    }
  } else if (!st->seen_body && b == st->headline_index + 1 && n < 320 &&
             !ends_sentence(s, n)) {
    kind = NM_KIND_STANDFIRST;
  } else if (b + 1 == count && st->seen_body && n < 60 &&
             (starts_with_ci(s, n, "source") || is_source_line(s, n)) &&
             !ends_sentence(s, n)) {
    kind = NM_KIND_SOURCE_LINE;
  } else if (st->seen_body &&
             ((looks_like_heading(s, n) && count_words(s, n) >= 2) ||
              sentence_case_heading(s, n)) &&
             b + 1 < count) {
    kind = NM_KIND_SUBHEAD;
  } else {
    st->seen_body = true;
  }
  st->prev_kind = kind;
  return kind;
}

/* The lines of a long text split at a blank line near its middle: the
 * start of the line after it, or 0 when there is none. There no block
 * goes on from the line before, so the halves split alike apart. */
static uint32_t middle_cut(const nm__ctx *ctx) {
  const char *t = ctx->text;
  uint32_t len = ctx->len;
  for (uint32_t i = len / 2; i < len;) {
    const char *nl = memchr(t + i, '\n', len - i);
    if (!nl)
      return 0;
    uint32_t k = (uint32_t)(nl - t) + 1;
    while (k < len &&
           (t[k] == ' ' || t[k] == '\t' || t[k] == '\f' || t[k] == '\v'))
      k++;
    if (k < len && t[k] == '\r' && k + 1 < len && t[k + 1] == '\n')
      k++;
    if (k + 1 < len && t[k] == '\n')
      return k + 1;
    i = k;
  }
  return 0;
}

/* The lines [from, to) split into blocks, as a job for nm__pair_run. */
typedef struct half_job {
  const nm__ctx *ctx;
  uint32_t from, to;
  bool wrapped;
  block_list list;
  int rc;
} half_job;

static void split_job(void *arg) {
  half_job *j = arg;
  j->rc = split_blocks(j->ctx, j->from, j->to, j->wrapped, &j->list);
}

/* Blocks [from, to) of `count` classified from `state`, as a job for
 * nm__pair_run. */
typedef struct class_job {
  const nm__ctx *ctx;
  nm__block *blocks;
  size_t from, to, count;
  class_state state;
} class_job;

static void classify_job(void *arg) {
  class_job *j = arg;
  for (size_t b = j->from; b < j->to; b++)
    j->blocks[b].kind = classify(j->ctx, &j->blocks[b], b, j->count, &j->state);
}

int nm__structure(nm__ctx *ctx) {
  bool wrapped = hard_wrapped(ctx->text, ctx->len);
  /* A long text is split, and then classified, in two halves at once. */
  uint32_t cut = nm__threads_pay(ctx) ? middle_cut(ctx) : 0;
  half_job first = {ctx, 0, cut ? cut : ctx->len, wrapped, {NULL, 0, 0}, NM_OK};
  half_job second = {ctx, cut, ctx->len, wrapped, {NULL, 0, 0}, NM_OK};
  if (cut)
    nm__pair_run(true, split_job, &first, split_job, &second);
  else
    split_job(&first);
  int rc = first.rc != NM_OK ? first.rc : second.rc;
  size_t half = first.list.count, count = half + second.list.count;
  if (rc == NM_OK &&
      nm__grow(ctx->mem, (void **)&first.list.items, &first.list.cap, count,
               sizeof(nm__block)) != NM_OK)
    rc = NM_ENOMEM;
  if (rc == NM_OK && second.list.count) {
    memcpy(first.list.items + half, second.list.items,
           second.list.count * sizeof(nm__block));
    first.list.count = count;
  }
  nm__free(ctx->mem, second.list.items);
  ctx->blocks = first.list.items; /* freed with the context */
  ctx->block_count = first.list.count;
  ctx->block_cap = first.list.cap;
  if (rc != NM_OK)
    return rc;

  class_job a = {ctx, ctx->blocks, 0, count, count, {false, false, -1, 0}};
  if (cut && half > 0 && half < count) {
    /* The second half is classified as if the body had begun (it has, in
     * any news text of a MiB), not knowing the block before it. Then its
     * first blocks are done again with the first half's state until one
     * comes out the same with the body begun: each depends on the block
     * before only, from there on. */
    class_job b = {ctx, ctx->blocks, half, count, count, {false, true, -1, 0}};
    a.to = half;
    nm__pair_run(true, classify_job, &a, classify_job, &b);
    class_state st = a.state;
    for (size_t k = half; k < count; k++) {
      int kind = classify(ctx, &ctx->blocks[k], k, count, &st);
      bool same = kind == ctx->blocks[k].kind;
      ctx->blocks[k].kind = kind;
      if (same && st.seen_body)
        break;
    }
  } else {
    classify_job(&a);
  }
  for (size_t b = 0; b < count; b++) {
    const nm__block *blk = &ctx->blocks[b];
    if (nm__spans_push(ctx->mem, ctx->spans, blk->start, blk->end, blk->kind, 0,
                       -1) != NM_OK)
      return NM_ENOMEM;
  }
  const char *t = ctx->text;
  /* A dateline opens the first body paragraph, after the headline matter. */
  for (size_t b = 0; b < ctx->block_count; b++) {
    nm__block *blk = &ctx->blocks[b];
    if (blk->kind != NM_KIND_PARAGRAPH)
      continue;
    uint32_t dl =
        find_dateline(ctx, blk->start, t + blk->start, blk->end - blk->start);
    if (dl && nm__spans_push(ctx->mem, ctx->spans, blk->start, blk->start + dl,
                             NM_KIND_DATELINE, 0, -1) != NM_OK)
      return NM_ENOMEM;
    if (dl)
      ctx->dateline_end = blk->start + dl;
    break;
  }
  return ctx->err;
}
