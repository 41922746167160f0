/*
 * test_quotes.c - the quotes stage through the public API: which marks
 * make a quote, quote or scare quote, the flags partial / continued /
 * nested / unclosed, apostrophes that are not marks, and exact byte
 * offsets after multibyte text.
 *
 */
#include "newsmark.h"
#include "tap.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ helpers */

static nm_doc *parse(const char *text) {
  nm_diag d;
  memset(&d, 0, sizeof d);
  nm_doc *doc = nm_doc_parse(text, strlen(text), NULL, &d);
  if (!doc)
    diag("nm_doc_parse failed: %d %s", d.code, d.message);
  return doc;
}

/* Byte offset of the `nth` (0-based) occurrence of `needle`. */
static size_t off_n(const nm_doc *doc, const char *needle, int nth) {
  const char *t = nm_doc_text(doc, NULL);
  const char *p = t - 1;
  for (int i = 0; i <= nth; i++) {
    p = strstr(p + 1, needle);
    if (!p) {
      fprintf(stderr, "test bug: \"%s\" (%d) is not in the text\n", needle,
              nth);
      exit(2);
    }
  }
  return (size_t)(p - t);
}

static size_t off(const nm_doc *doc, const char *needle) {
  return off_n(doc, needle, 0);
}

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

static size_t count_kind(const nm_doc *doc, int kind) {
  size_t n, c = 0;
  const nm_span *s = nm_doc_spans(doc, &n);
  for (size_t i = 0; i < n; i++)
    c += s[i].kind == kind;
  return c;
}

/* Quotes and scare quotes that start in [from, to). */
static size_t count_quotes_in(const nm_doc *doc, size_t from, size_t to) {
  size_t n, c = 0;
  const nm_span *s = nm_doc_spans(doc, &n);
  for (size_t i = 0; i < n; i++)
    c += (s[i].kind == NM_KIND_QUOTE || s[i].kind == NM_KIND_SCARE_QUOTE) &&
         s[i].start >= from && s[i].start < to;
  return c;
}

#define QUOTE_FLAGS                                                            \
  (NM_FLAG_PARTIAL | NM_FLAG_CONTINUED | NM_FLAG_NESTED | NM_FLAG_UNCLOSED)

/* The quote flags of span i ("-" when i < 0). */
static unsigned flags_of(const nm_doc *doc, long i) {
  return i < 0 ? 0xffffu : nm_doc_span(doc, (size_t)i)->flags & QUOTE_FLAGS;
}

/* ------------------------------------------------------------ marks */

/* Every kind of mark pairs into a quote, marks included in the span. */
static void test_marks(void) {
  static const char text[] =
      "Dock workers vote to end three-week strike\n\n"
      "\xe2\x80\x9cWe have waited long enough for a fair offer,\xe2\x80\x9d "
      "union leader Marta Quiroga said on Friday.\n\n"
      "\"The port will reopen on Monday,\" said harbour master Tobias "
      "Renner.\n\n"
      "\xe2\x80\x98It was never about the money,\xe2\x80\x99 Quiroga added.\n\n"
      "'Nobody here wanted this to drag on, and we don't want another one,' "
      "Renner said.\n\n"
      "A French delegation backed the union. \xc2\xabNous restons "
      "solidaires\xc2\xbb, said Claire Vautrin, a dockers\xe2\x80\x99 "
      "representative from Marseille.\n\n"
      "The German federation also sent a message. \xe2\x80\x9eWir stehen an "
      "eurer Seite\xe2\x80\x9c, its chairman Jens Hoffer wrote.\n";
  static const char *const quotes[] = {
      "\xe2\x80\x9cWe have waited long enough for a fair offer,\xe2\x80\x9d",
      "\"The port will reopen on Monday,\"",
      "\xe2\x80\x98It was never about the money,\xe2\x80\x99",
      "'Nobody here wanted this to drag on, and we don't want another one,'",
      "\xc2\xabNous restons solidaires\xc2\xbb",
      "\xe2\x80\x9eWir stehen an eurer Seite\xe2\x80\x9c",
  };
  static const char *const names[] = {
      "curly double", "straight double",
      "curly single", "straight single around don't",
      "guillemets",   "German low-high"};
  nm_doc *doc = parse(text);
  if (!ok(doc != NULL, "marks: parses"))
    return;
  for (size_t i = 0; i < sizeof quotes / sizeof *quotes; i++) {
    long q = find_text(doc, NM_KIND_QUOTE, quotes[i]);
    ok(q >= 0 && flags_of(doc, q) == 0,
       "marks: %s marks make one quote, marks included, no flags", names[i]);
  }
  is_int(count_kind(doc, NM_KIND_QUOTE), 6, "marks: six quotes, no more");
  is_int(count_kind(doc, NM_KIND_SCARE_QUOTE), 0, "marks: no scare quotes");
  nm_doc_free(doc);
}

/* Apostrophes are not marks. */
static void test_apostrophes(void) {
  static const char text[] =
      "Dock workers vote to end three-week strike\n\n"
      "Quiroga\xe2\x80\x99s deputy said the company had met the "
      "protesters\xe2\x80\x99 demands on pay but not on hours, and that "
      "workers don't want the \xe2\x80\x99"
      "90s back.\n\n"
      "Renner's band played at the rally, and the dockers' children sang "
      "along.\n\n"
      "Fans of rock 'n' roll filled the square after the vote.\n";
  nm_doc *doc = parse(text);
  if (!ok(doc != NULL, "apostrophes: parses"))
    return;
  size_t rock = off(doc, "Fans of rock");
  is_int(count_quotes_in(doc, 0, rock), 0,
         "apostrophes: Quiroga\xe2\x80\x99s, protesters\xe2\x80\x99, don't, "
         "\xe2\x80\x99"
         "90s, Renner's, dockers' make no quote");
  is_int(count_quotes_in(doc, rock, strlen(text)), 0,
         "apostrophes: rock 'n' roll makes no quote");
  nm_doc_free(doc);

  /* inside single-quoted speech */
  static const char inside[] =
      "Dock workers vote to end three-week strike\n\n"
      "\xe2\x80\x98We don\xe2\x80\x99t want the \xe2\x80\x99"
      "90s back, when the night shifts had no breaks at all,\xe2\x80\x99 "
      "Quiroga said.\n\n"
      "'Rock 'n' roll never paid the rent, and neither did the old contract,' "
      "said Renner.\n\n"
      "\xe2\x80\x98They met the protesters\xe2\x80\x99 first demand and "
      "ignored the rest,\xe2\x80\x99 Balcells said.\n\n"
      "Scientists describe how 'upside-down rivers' of warm water break "
      "the ice.\n";
  doc = parse(inside);
  if (!ok(doc != NULL, "apostrophes in quotes: parses"))
    return;
  {
    ok(find_text(doc, NM_KIND_QUOTE,
                 "\xe2\x80\x98We don\xe2\x80\x99t want the \xe2\x80\x99"
                 "90s back, when the night shifts had no breaks at "
                 "all,\xe2\x80\x99") >= 0,
       "apostrophes: \xe2\x80\x99"
       "90s does not close a \xe2\x80\x98 quote");
    ok(find_text(doc, NM_KIND_QUOTE,
                 "'Rock 'n' roll never paid the rent, and neither did the old "
                 "contract,'") >= 0 &&
           find_text(doc, NM_KIND_QUOTE, "'n'") < 0,
       "apostrophes: 'n' is no quote, nested or not");
    ok(find_text(doc, NM_KIND_QUOTE,
                 "\xe2\x80\x98They met the protesters\xe2\x80\x99 first "
                 "demand and ignored the rest,\xe2\x80\x99") >= 0,
       "apostrophes: protesters\xe2\x80\x99 does not close a "
       "\xe2\x80\x98 quote");
    long q = find_text(doc, NM_KIND_QUOTE, "'upside-down rivers'");
    if (q < 0)
      q = find_text(doc, NM_KIND_SCARE_QUOTE, "'upside-down rivers'");
    ok(q >= 0, "apostrophes: rivers' before \"of\" closes a ' quote");
  }
  nm_doc_free(doc);
}

/* Byte offsets stay exact after multibyte text. */
static void test_offsets(void) {
  static const char text[] =
      "\xc3\x87"
      "a co\xc3\xbbte cher \xe2\x80\x94 d\xc3\xa9j\xc3\xa0 3 "
      "\xe2\x82\xac\n\n"
      "\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 \xc3\x87"
      "a co\xc3\xbbte "
      "cher \xe2\x80\x94 \xe2\x80\x9cNous restons solidaires,\xe2\x80\x9d "
      "said Claire Vautrin.\n\n"
      "Z\xc3\xbcrich \xe2\x80\x94 \xc2\xab"
      "C\xe2\x80\x99"
      "est fini\xc2\xbb, "
      "dit-elle, \"and it is over\", she added.\n";
  nm_doc *doc = parse(text);
  if (!ok(doc != NULL, "offsets: parses"))
    return;
  const char *q1 = "\xe2\x80\x9cNous restons solidaires,\xe2\x80\x9d";
  size_t at = off(doc, q1);
  long q = find_text(doc, NM_KIND_QUOTE, q1);
  ok(q >= 0,
     "offsets: the quote after CJK, an emoji and accents is at bytes "
     "%zu-%zu",
     at, at + strlen(q1));
  const char *q2 = "\xc2\xab"
                   "C\xe2\x80\x99"
                   "est fini\xc2\xbb";
  ok(find_text(doc, NM_KIND_QUOTE, q2) >= 0 ||
         find_text(doc, NM_KIND_SCARE_QUOTE, q2) >= 0,
     "offsets: \xc2\xab...\xc2\xbb with an apostrophe inside, at bytes "
     "%zu-%zu",
     off(doc, q2), off(doc, q2) + strlen(q2));
  ok(find_text(doc, NM_KIND_QUOTE, "\"and it is over\"") >= 0,
     "offsets: a straight quote after them, at bytes %zu-%zu",
     off(doc, "\"and"), off(doc, "\"and") + strlen("\"and it is over\""));
  nm_doc_free(doc);
}

/* ------------------------------------------------------------ kinds */

static void test_scare(void) {
  static const char text[] =
      "Cabinet approves plan for new rail link\n\n"
      "The cabinet approved a rail link between the two ports, a project "
      "known as \xe2\x80\x9cHarbour Line\xe2\x80\x9d among planners.\n\n"
      "The so-called \xe2\x80\x9cgreen corridor\xe2\x80\x9d would run beside "
      "the motorway.\n\n"
      "Critics have dubbed the scheme \xe2\x80\x9cthe train to "
      "nowhere\xe2\x80\x9d, arguing that neither port needs it.\n\n"
      "Opposition leader Dana Whitfield called it \"a disaster for "
      "taxpayers.\"\n\n"
      "Transport Minister Ona Brill called the vote \"a big success\", "
      "and a program at the Harlow Museum called \"Rail Together\" began. "
      "It met what Ardvale called \"fury\".\n";
  nm_doc *doc = parse(text);
  if (!ok(doc != NULL, "scare: parses"))
    return;
  ok(find_text(doc, NM_KIND_SCARE_QUOTE,
               "\xe2\x80\x9cHarbour Line\xe2\x80\x9d") >= 0,
     "scare: known as \xe2\x80\x9cX\xe2\x80\x9d is a scare quote");
  ok(find_text(doc, NM_KIND_SCARE_QUOTE,
               "\xe2\x80\x9cgreen corridor\xe2\x80\x9d") >= 0,
     "scare: so-called \xe2\x80\x9cX\xe2\x80\x9d is a scare quote");
  ok(find_text(doc, NM_KIND_SCARE_QUOTE,
               "\xe2\x80\x9cthe train to nowhere\xe2\x80\x9d") >= 0,
     "scare: dubbed \xe2\x80\x9cX\xe2\x80\x9d is a scare quote");
  long q = find_text(doc, NM_KIND_QUOTE, "\"a disaster for taxpayers.\"");
  ok(q >= 0 && (flags_of(doc, q) & NM_FLAG_PARTIAL),
     "scare: NAME called it \"a disaster\" is a quote, flagged partial");
  ok(find_text(doc, NM_KIND_QUOTE, "\"a big success\"") >= 0,
     "scare: NAME called the vote \"X\" is a quote");
  ok(find_text(doc, NM_KIND_SCARE_QUOTE, "\"Rail Together\"") >= 0,
     "scare: a program at PLACE called \"X\" is a scare quote");
  ok(find_text(doc, NM_KIND_SCARE_QUOTE, "\"fury\"") >= 0,
     "scare: what NAME called \"X\", NAME known only by calling, is a "
     "scare quote");
  is_int(count_kind(doc, NM_KIND_QUOTE), 2, "scare: two quotes in all");
  nm_doc_free(doc);
}

/* "according to" is a source: the fragment beside it is someone's words,
 * before it or after it in the sentence. */
static void test_according_fragment(void) {
  nm_doc *doc = parse("Runway\n\n"
                      "The jet went around at \"very low height\" according "
                      "to the Harbour Herald.\n\n"
                      "According to Ona Brill, the pilots made a \"grave "
                      "error\" that day.\n\n"
                      "The jet went around at \"very low height\" again.\n");
  if (!ok(doc != NULL, "according fragment: parses"))
    return;
  ok(find_text(doc, NM_KIND_QUOTE, "\"very low height\"") >= 0,
     "according fragment: \"X\" according to ORG is a quote");
  ok(find_text(doc, NM_KIND_QUOTE, "\"grave error\"") >= 0,
     "according fragment: According to NAME, ... a \"X\" is a quote");
  is_int(count_kind(doc, NM_KIND_SCARE_QUOTE), 1,
         "according fragment: the same words with no source are a scare "
         "quote");
  nm_doc_free(doc);
}

/* "X characterised the deaths as \"crushing\"", "what the scientists
 * describe as an \"upside-down river\"": someone describes in the active
 * voice, so a quote; "was described as" and "known as" name a term. */
static void test_describing_as(void) {
  static const char text[] =
      "Fire at an escape room\n\n"
      "Mayor Ina Sorel characterised the deaths as \"crushing\" on "
      "Saturday. An analyst had declared it on his blog as \"the most "
      "boring race\" before. Warm water creates what the scientists "
      "describe as an \"upside-down river\" under the ice. The plan was "
      "described as \"historic\" by many. Senator Maria Brill repeatedly "
      "called the "
      "inquiry a \"witch hunt\". Acme referred to the jet as a \"cargo "
      "plane\". Van Biljon, reportedly often referred to as \"The Lion "
      "Man\", died. Opponents called the plan a \"vanity project\" and "
      "said they would fight it. The pier opened. Known as \"the Mole\", "
      "it is long.\n";
  nm_doc *doc = parse(text);
  if (!ok(doc != NULL, "describing as: parses"))
    return;
  ok(find_text(doc, NM_KIND_QUOTE, "\"crushing\"") >= 0,
     "describing as: NAME characterised X as \"Y\" is a quote");
  ok(find_text(doc, NM_KIND_QUOTE, "\"the most boring race\"") >= 0,
     "describing as: declared it on his blog as \"Y\" is a quote");
  ok(find_text(doc, NM_KIND_QUOTE, "\"upside-down river\"") >= 0,
     "describing as: what the scientists describe as \"Y\" is a quote");
  ok(find_text(doc, NM_KIND_SCARE_QUOTE, "\"historic\"") >= 0,
     "describing as: was described as \"Y\" is a scare quote");
  ok(find_text(doc, NM_KIND_QUOTE, "\"witch hunt\"") >= 0,
     "describing as: NAME repeatedly called X a \"Y\" is a quote");
  ok(find_text(doc, NM_KIND_QUOTE, "\"cargo plane\"") >= 0,
     "describing as: NAME referred to X as a \"Y\" is a quote");
  ok(find_text(doc, NM_KIND_SCARE_QUOTE, "\"The Lion Man\"") >= 0,
     "describing as: NAME, reportedly often referred to as \"Y\", is a "
     "scare quote");
  ok(find_text(doc, NM_KIND_SCARE_QUOTE, "\"the Mole\"") >= 0,
     "describing as: a sentence's opening \"Known as \"Y\"\" is a scare "
     "quote");
  ok(find_text(doc, NM_KIND_QUOTE, "\"vanity project\"") >= 0,
     "describing as: Opponents called the plan a \"Y\" and said ...: a "
     "quote (a naming verb four words before names no term)");
  nm_doc_free(doc);
}

/* A quote in title case is a title, a name or a slogan, even with a full
 * stop inside or a speech verb near it; speech that names things is not. */
static void test_title_case(void) {
  static const char text[] =
      "Convention opens downtown\n\n"
      "Guests of honour \"Paws And Claws.\" sold out. At the panel "
      "\"Breaking Into Comics,\" speakers shared tips. Mayor Ina Sorel "
      "said the \"Operation Clean Harbour\" plan would start in May of "
      "the year. Organisers said \"the Harbour Hall is full.\" Sorel said: "
      "\"Welcome To Ardvale.\" She added, \"We Love Ardvale and its "
      "people.\"\n";
  nm_doc *doc = parse(text);
  if (!ok(doc != NULL, "title case: parses"))
    return;
  ok(find_text(doc, NM_KIND_SCARE_QUOTE, "\"Paws And Claws.\"") >= 0,
     "title case: a title with a full stop inside is a scare quote");
  ok(find_text(doc, NM_KIND_SCARE_QUOTE, "\"Breaking Into Comics,\"") >= 0,
     "title case: a title with a comma inside is a scare quote");
  ok(find_text(doc, NM_KIND_SCARE_QUOTE, "\"Operation Clean Harbour\"") >= 0,
     "title case: a name in a sentence with a speech verb is a scare quote");
  ok(find_text(doc, NM_KIND_QUOTE, "\"the Harbour Hall is full.\"") >= 0,
     "title case: a sentence with a name in it is speech");
  ok(find_text(doc, NM_KIND_SCARE_QUOTE, "\"Welcome To Ardvale.\"") >= 0,
     "title case: every word capitalised is a slogan");
  ok(find_text(doc, NM_KIND_QUOTE, "\"We Love Ardvale and its people.\"") >= 0,
     "title case: a lower-case word that is no function word is speech");
  nm_doc_free(doc);
}

/* ------------------------------------------------------------ flags */

static void test_flags(void) {
  static const char text[] =
      "Council split over new stadium plan\n\n"
      "\xe2\x80\x9cWe are not against football,\xe2\x80\x9d councillor Helen "
      "Ashby said. \xe2\x80\x9cWe are against a stadium that the town cannot "
      "pay for.\xe2\x80\x9d\n\n"
      "Ashby said the club\xe2\x80\x99s record did not inspire trust.\n\n"
      "\xe2\x80\x9cIt has promised to cover the overruns before, and the "
      "town paid in the end.\n\n"
      "\xe2\x80\x9cNobody on this council has seen the figures for the "
      "access roads.\n\n"
      "\xe2\x80\x9cUntil we see them, my group will vote against the "
      "plan,\xe2\x80\x9d Ashby said.\n\n"
      "The club\xe2\x80\x99s chairman, Victor Lund, said the plan was "
      "\xe2\x80\x9c"
      "fully funded and fully costed\xe2\x80\x9d and would "
      "not need public money.\n\n"
      "Councillor Paul Okafor told the meeting: \"The vote should wait until "
      "the autumn, when the final figures are in.\n\n"
      "Lund said the club would answer every question. \"We have nothing to "
      "hide,\" Lund said.\n\n"
      "\xe2\x80\x9cHe said \xe2\x80\x98no\xe2\x80\x99 twice before he agreed "
      "to meet us,\xe2\x80\x9d Ashby said.\n";
  nm_doc *doc = parse(text);
  if (!ok(doc != NULL, "flags: parses"))
    return;
  long a = find_text(doc, NM_KIND_QUOTE,
                     "\xe2\x80\x9cWe are not against football,\xe2\x80\x9d");
  long b = find_text(doc, NM_KIND_QUOTE,
                     "\xe2\x80\x9cWe are against a stadium that the town "
                     "cannot pay for.\xe2\x80\x9d");
  ok(a >= 0 && b >= 0 && flags_of(doc, a) == 0 && flags_of(doc, b) == 0,
     "flags: a quote split by its attribution is two quotes, no flags");

  /* one quote over three paragraphs, from the first mark to the last */
  size_t start = off(doc, "\xe2\x80\x9cIt has promised");
  size_t end = off(doc, "plan,\xe2\x80\x9d") + strlen("plan,\xe2\x80\x9d");
  long c = find_span(doc, NM_KIND_QUOTE, start, end);
  ok(c >= 0 && flags_of(doc, c) == NM_FLAG_CONTINUED,
     "flags: a quote over three paragraphs is one quote %zu-%zu, continued",
     start, end);
  is_int(count_quotes_in(doc, start, end), 1,
         "flags: no other quote starts inside it");

  long p = find_text(doc, NM_KIND_QUOTE,
                     "\xe2\x80\x9c"
                     "fully funded and fully "
                     "costed\xe2\x80\x9d");
  ok(p >= 0 && flags_of(doc, p) == NM_FLAG_PARTIAL,
     "flags: a fragment in the reporter's sentence is partial");

  /* unclosed: ends at its paragraph's end; the next paragraph is intact */
  size_t u0 = off(doc, "\"The vote");
  size_t u1 = off(doc, "figures are in.") + strlen("figures are in.");
  long u = find_span(doc, NM_KIND_QUOTE, u0, u1);
  ok(u >= 0 && (flags_of(doc, u) & NM_FLAG_UNCLOSED),
     "flags: an unclosed mark is recovered at the paragraph end, unclosed");
  long after = find_text(doc, NM_KIND_QUOTE, "\"We have nothing to hide,\"");
  ok(after >= 0 && flags_of(doc, after) == 0,
     "flags: the next paragraph's quote is whole and unflagged");
  const nm_span *s = after >= 0 ? nm_doc_span(doc, (size_t)after) : NULL;
  ok(s && s->link >= 0 &&
         strcmp(nm_doc_entity_name(doc, (size_t)s->link, NULL),
                "Victor Lund") == 0,
     "flags: ... and keeps its speaker");

  /* nested */
  long outer = find_text(doc, NM_KIND_QUOTE,
                         "\xe2\x80\x9cHe said \xe2\x80\x98no\xe2\x80\x99 "
                         "twice before he agreed to meet us,\xe2\x80\x9d");
  long inner = find_text(doc, NM_KIND_QUOTE, "\xe2\x80\x98no\xe2\x80\x99");
  ok(outer >= 0 && flags_of(doc, outer) == 0,
     "flags: the outer quote is not nested");
  ok(inner >= 0 && (flags_of(doc, inner) & NM_FLAG_NESTED) &&
         nm_doc_span(doc, (size_t)inner)->parent == outer,
     "flags: \xe2\x80\x98no\xe2\x80\x99 is nested, its parent the outer quote");
  nm_doc_free(doc);
}

/* Unbalanced marks never swallow the rest of the article. */
static void test_unbalanced(void) {
  static const char text[] =
      "Council split over new stadium plan\n\n"
      "Opponents put up posters reading \xe2\x80\x9cStop the stadium before "
      "the council votes.\n\n"
      "The vote was moved to May.\n\n"
      "\xe2\x80\x9cWe will be ready,\xe2\x80\x9d Helen Ashby said.\n\n"
      "A stray closing mark\xe2\x80\x9d here, and \"another one.\n\n"
      "The meeting ended at noon.\n\n"
      "\"Nothing changes,\" Ashby said.\n";
  nm_doc *doc = parse(text);
  if (!ok(doc != NULL, "unbalanced: parses"))
    return;
  size_t p2 = off(doc, "The vote was moved");
  size_t n;
  const nm_span *s = nm_doc_spans(doc, &n);
  bool contained = true;
  for (size_t i = 0; i < n; i++)
    if (s[i].kind == NM_KIND_QUOTE && s[i].start < p2 && s[i].end > p2)
      contained = false;
  ok(contained, "unbalanced: the open quote stops at its paragraph");
  ok(find_text(doc, NM_KIND_QUOTE,
               "\xe2\x80\x9cWe will be ready,\xe2\x80\x9d") >= 0,
     "unbalanced: a later quote is still found whole");
  ok(find_text(doc, NM_KIND_QUOTE, "\"Nothing changes,\"") >= 0,
     "unbalanced: after a stray closing mark and an open straight one too");
  nm_doc_free(doc);
}

/* Many paragraphs that each open a quote and never close it. */
static void test_patho(void) {
  size_t reps = 5000;
  static const char para[] = "\xe2\x80\x9cIt opens and never closes, "
                             "\xe2\x80\x98nor does this\n\n";
  size_t k = sizeof para - 1;
  char *text = malloc(reps * k + 1);
  if (!text)
    exit(2);
  for (size_t i = 0; i < reps; i++)
    memcpy(text + i * k, para, k);
  text[reps * k] = '\0';
  nm_doc *doc = nm_doc_parse(text, reps * k, NULL, NULL);
  if (ok(doc != NULL, "patho: %zu paragraphs of open quotes parse", reps)) {
    /* each reopens, so they chain into one continued quote at most */
    size_t n, bad = 0;
    const nm_span *s = nm_doc_spans(doc, &n);
    for (size_t i = 0; i < n; i++)
      if ((s[i].kind == NM_KIND_QUOTE || s[i].kind == NM_KIND_SCARE_QUOTE) &&
          (s[i].end > reps * k || s[i].start >= s[i].end))
        bad++;
    is_int(bad, 0, "patho: quotes in bounds and not empty");
    nm_doc_free(doc);
  }
  free(text);
}

int main(void) {
  test_marks();
  test_apostrophes();
  test_offsets();
  test_scare();
  test_according_fragment();
  test_describing_as();
  test_title_case();
  test_flags();
  test_unbalanced();
  test_patho();
  return done();
}
