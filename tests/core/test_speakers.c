/*
 * test_speakers.c - the speakers stage through the public API: for each
 * attribution pattern, the quote's speaker entity, its method (by
 * nm_method_name) and its cue span (by nm_doc_quote_cue); pronouns and
 * descriptions and the SPEAKER_REF spans that name them; per-entity quote
 * counts; and the rule that a quote has a method exactly when it has a
 * speaker.
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

/* Byte offset of `needle`; the test is wrong when it is missing. */
static size_t off(const nm_doc *doc, const char *needle) {
  const char *t = nm_doc_text(doc, NULL), *p = strstr(t, needle);
  if (!p) {
    fprintf(stderr, "test bug: \"%s\" is not in the text\n", needle);
    exit(2);
  }
  return (size_t)(p - t);
}

/* Index of the span of `kind` over the first occurrence of `text`, or -1. */
static long find_text(const nm_doc *doc, int kind, const char *text) {
  size_t start = off(doc, text), n;
  const nm_span *s = nm_doc_spans(doc, &n);
  for (size_t i = 0; i < n; i++)
    if (s[i].kind == kind && s[i].start == start &&
        s[i].end == start + strlen(text))
      return (long)i;
  return -1;
}

static long entity(const nm_doc *doc, const char *name) {
  for (size_t e = 0; e < nm_doc_entity_count(doc); e++)
    if (strcmp(nm_doc_entity_name(doc, e, NULL), name) == 0)
      return (long)e;
  return -1;
}

/* The kind of the entity named `name`, or -1 when there is none. */
static int kind_of(const nm_doc *doc, const char *name) {
  long e = entity(doc, name);
  return e < 0 ? -1 : nm_doc_entity_kind(doc, (size_t)e);
}

/* A span's text, in a static buffer (for messages and comparisons). */
static const char *span_text(const nm_doc *doc, long i) {
  static char buf[256];
  if (i < 0)
    return NULL;
  const nm_span *s = nm_doc_span(doc, (size_t)i);
  if (!s)
    return NULL;
  snprintf(buf, sizeof buf, "%.*s", (int)(s->end - s->start),
           nm_doc_text(doc, NULL) + s->start);
  return buf;
}

static const char *speaker_of(const nm_doc *doc, long q) {
  if (q < 0)
    return "(no quote)";
  int32_t e = nm_doc_span(doc, (size_t)q)->link;
  return e < 0 ? NULL : nm_doc_entity_name(doc, (size_t)e, NULL);
}

static const char *method_of(const nm_doc *doc, long q) {
  if (q < 0)
    return "(no quote)";
  return nm_method_name(NM_QUOTE_METHOD(nm_doc_span(doc, (size_t)q)->flags));
}

static const char *cue_of(const nm_doc *doc, long q) {
  if (q < 0)
    return "(no quote)";
  return span_text(doc, nm_doc_quote_cue(doc, (size_t)q));
}

/* Three checks: the quote `quote` has this speaker (NULL: none), method
 * and cue text (NULL: none). */
static void expect(const nm_doc *doc, const char *quote, const char *speaker,
                   const char *method, const char *cue, const char *what) {
  long q = find_text(doc, NM_KIND_QUOTE, quote);
  if (q < 0)
    diag("no quote span over %.50s", quote);
  is_str(speaker_of(doc, q), speaker, "%s: speaker", what);
  is_str(method_of(doc, q), method, "%s: method %s", what, method);
  is_str(cue_of(doc, q), cue, "%s: cue %s", what, cue ? cue : "none");
}

/* The SPEAKER_REF over `ref`, found inside the first `context` (so "she"
 * is not looked for in "Fisheries"), links to `name`. */
static void expect_ref(const nm_doc *doc, const char *context, const char *ref,
                       const char *name) {
  size_t start = off(doc, context) + (size_t)(strstr(context, ref) - context);
  size_t n;
  const nm_span *s = nm_doc_spans(doc, &n);
  int32_t e = -1;
  bool found = false;
  for (size_t i = 0; i < n && !found; i++)
    if (s[i].kind == NM_KIND_SPEAKER_REF && s[i].start == start &&
        s[i].end == start + strlen(ref)) {
      found = true;
      e = s[i].link;
    }
  if (!found)
    diag("no speaker_ref span over \"%s\" in \"%s\"", ref, context);
  is_str(e >= 0 ? nm_doc_entity_name(doc, (size_t)e, NULL) : NULL, name,
         "%s: speaker_ref \"%s\" names %s", context, ref, name);
}

/* Every quote has a method exactly when it has a speaker. */
static void method_iff_speaker(const nm_doc *doc, const char *what) {
  size_t n, bad = 0;
  const nm_span *s = nm_doc_spans(doc, &n);
  for (size_t i = 0; i < n; i++)
    if (s[i].kind == NM_KIND_QUOTE &&
        (s[i].link >= 0) != (NM_QUOTE_METHOD(s[i].flags) != NM_METHOD_NONE)) {
      diag("quote %u-%u: speaker %d, method %s", s[i].start, s[i].end,
           s[i].link, nm_method_name(NM_QUOTE_METHOD(s[i].flags)));
      bad++;
    }
  is_int(bad, 0, "%s: a quote has a method exactly when it has a speaker",
         what);
}

/* ------------------------------------------------------------ methods */

static void test_method_names(void) {
  static const char *const names[] = {
      "none",        "after", "before", "colon",     "sentence", "pronoun",
      "description", "split", "carry",  "according", "nearest"};
  bool all = NM_METHOD_LAST + 1 == sizeof names / sizeof *names;
  for (int m = NM_METHOD_FIRST; all && m <= NM_METHOD_LAST; m++)
    all = nm_method_name(m) && strcmp(nm_method_name(m), names[m]) == 0;
  ok(all, "nm_method_name: the %d names, in order", NM_METHOD_LAST + 1);
  ok(nm_method_name(-1) == NULL && nm_method_name(NM_METHOD_LAST + 1) == NULL,
     "nm_method_name: NULL out of range");
}

/* ------------------------------------------------------------ article */

static const char fleet[] =
    "Fishing fleet braces for deeper quota cuts\n\n"
    "Fisheries Minister Oliver Brandt said on Monday that next "
    "year\xe2\x80\x99s cod quota would be cut by a fifth. Brandt said, \"The "
    "science is clear and we will follow it.\"\n\n"
    "\"We cannot keep fishing at this rate,\" Brandt said.\n\n"
    "\"Every stock in the north is under pressure,\" said Brandt.\n\n"
    "\"Half the fleet will be tied up by March,\" said acting Trade Minister "
    "Jane Holm.\n\n"
    "\"Our harbours have seen cuts like this before, and they survived.\"\n\n"
    "Brandt said then: \"The quotas will be reviewed in a year, not "
    "before.\"\n\n"
    "Holm told the committee what the cuts would mean for the north:\n\n"
    "\"Some harbours will lose half their income. We need a plan for them "
    "before the season opens.\"\n\n"
    "\"We will not leave the harbours alone,\" he emphasised.\n\n"
    "\"They have heard that promise before,\" she said.\n\n"
    "Ingrid Solberg, the director of the North Atlantic Fisheries Institute, "
    "said \"cod stocks need at least three years to recover.\"\n\n"
    "A spokeswoman for the Fisheries Ministry said \"no decision on "
    "compensation has been taken.\"\n\n"
    "The fleet \xe2\x80\x9c"
    "could shrink by a third within five "
    "years\xe2\x80\x9d, according to Solberg.\n\n"
    "Deputy Fisheries Minister Karl Vik visited the port of "
    "Bod\xc3\xb8 on Tuesday. \"We came to listen, not to announce "
    "anything,\" the official said.\n\n"
    "Brandt dismissed the criticism from Solberg, telling reporters \"the "
    "institute has always been too cautious.\"\n";

static void test_fleet(void) {
  nm_doc *doc = parse(fleet);
  if (!ok(doc != NULL, "fleet: parses"))
    return;
  const char *ob = "Oliver Brandt", *jh = "Jane Holm";
  expect(doc, "\"The science is clear and we will follow it.\"", ob, "before",
         "said", "Brandt said, \"Q\"");
  expect(doc, "\"We cannot keep fishing at this rate,\"", ob, "after", "said",
         "\"Q,\" Brandt said");
  expect(doc, "\"Every stock in the north is under pressure,\"", ob, "after",
         "said", "\"Q,\" said Brandt");
  expect(doc, "\"Half the fleet will be tied up by March,\"", jh, "after",
         "said", "\"Q,\" said acting Trade Minister Jane Holm");
  expect(doc,
         "\"Our harbours have seen cuts like this before, and they "
         "survived.\"",
         jh, "carry", NULL, "a quote paragraph after an attributed one");
  expect(doc, "\"The quotas will be reviewed in a year, not before.\"", ob,
         "colon", "said", "Brandt said then: \"Q\"");
  expect(doc,
         "\"Some harbours will lose half their income. We need a plan for "
         "them before the season opens.\"",
         jh, "colon", NULL, "a colon-ended paragraph introduces the next");
  expect(doc, "\"They have heard that promise before,\"", jh, "pronoun", "said",
         "\"Q,\" she said");
  expect_ref(doc, "she said", "she", jh);
  expect(doc, "\"cod stocks need at least three years to recover.\"",
         "Ingrid Solberg", "before", "said",
         "NAME, the director of X, said \"Q\"");
  long q = find_text(doc, NM_KIND_QUOTE,
                     "\"no decision on compensation has been taken.\"");
  int32_t e = q >= 0 ? nm_doc_span(doc, (size_t)q)->link : -2;
  ok(e == -1 ||
         (e >= 0 && nm_doc_entity_kind(doc, (size_t)e) == NM_KIND_ORGANIZATION),
     "a spokeswoman for the ministry said: the organization or nobody (%s)",
     e >= 0 ? nm_doc_entity_name(doc, (size_t)e, NULL) : "null");
  expect(doc,
         "\xe2\x80\x9c"
         "could shrink by a third within five "
         "years\xe2\x80\x9d",
         "Ingrid Solberg", "according", "according to",
         "\xe2\x80\x9cQ\xe2\x80\x9d, according to NAME");
  expect(doc, "\"We came to listen, not to announce anything,\"", "Karl Vik",
         "description", "said", "\"Q,\" the official said");
  expect_ref(doc, "the official said", "the official", "Karl Vik");
  expect(doc, "\"the institute has always been too cautious.\"", ob, "before",
         "telling", "NAME ..., telling reporters \"Q\" (not Solberg)");
  method_iff_speaker(doc, "fleet");

  long holm = entity(doc, jh), vik = entity(doc, "Karl Vik");
  is_int(vik >= 0 ? (long long)nm_doc_entity_quote_count(doc, (size_t)vik) : -1,
         1, "quote_count: Karl Vik 1");
  {
    expect(doc, "\"We will not leave the harbours alone,\"", ob, "pronoun",
           "emphasised", "\"Q,\" he emphasised");
    expect_ref(doc, "he emphasised", "he", ob);
    is_int(holm >= 0 ? (long long)nm_doc_entity_quote_count(doc, (size_t)holm)
                     : -1,
           4, "quote_count: Jane Holm 4");
  }
  nm_doc_free(doc);
}

/* ------------------------------------------------------------ council */

static const char council[] =
    "Council split over new stadium plan\n\n"
    "\xe2\x80\x9cWe are not against football,\xe2\x80\x9d councillor Helen "
    "Ashby said. \xe2\x80\x9cWe are against a stadium that the town cannot "
    "pay for.\xe2\x80\x9d\n\n"
    "Ashby said the club\xe2\x80\x99s record did not inspire trust. "
    "\xe2\x80\x9cIt has promised to cover the overruns before, and the town "
    "paid in the end.\n\n"
    "\xe2\x80\x9cNobody on this council has seen the figures.\n\n"
    "\xe2\x80\x9cUntil we see them, my group will vote against the "
    "plan.\xe2\x80\x9d\n\n"
    "The club\xe2\x80\x99s chairman, Victor Lund, said the plan was "
    "\xe2\x80\x9c"
    "fully funded and fully costed\xe2\x80\x9d and that the "
    "council had every figure it had asked for.\n\n"
    "Councillor Paul Okafor told the meeting: \"The vote should wait until "
    "the autumn, when the final figures are in.\n\n"
    "Lund said the club would answer every question. \"We have nothing to "
    "hide,\" he said.\n\n"
    "Okafor later told the council: \xe2\x80\x9cThe figures came late.\n\n"
    "\xe2\x80\x9cThey came incomplete, and they came after the "
    "deadline.\xe2\x80\x9d\n\n"
    "\xe2\x80\x9cHe said \xe2\x80\x98no\xe2\x80\x99 twice before he agreed "
    "to meet us,\xe2\x80\x9d Ashby said of the club\xe2\x80\x99s lawyer.\n";

static void test_council(void) {
  nm_doc *doc = parse(council);
  if (!ok(doc != NULL, "council: parses"))
    return;
  expect(doc, "\xe2\x80\x9cWe are not against football,\xe2\x80\x9d",
         "Helen Ashby", "after", "said", "split quote, first half");
  expect(doc,
         "\xe2\x80\x9cWe are against a stadium that the town cannot pay "
         "for.\xe2\x80\x9d",
         "Helen Ashby", "split", NULL, "split quote, second half");
  expect(doc,
         "\"The vote should wait until the autumn, when the final figures "
         "are in.",
         "Paul Okafor", "colon", "told", "an unclosed quote after a colon");
  expect(doc,
         "\xe2\x80\x9cHe said \xe2\x80\x98no\xe2\x80\x99 twice before he "
         "agreed to meet us,\xe2\x80\x9d",
         "Helen Ashby", "after", "said", "the outer of two nested quotes");

  expect(doc,
         "\xe2\x80\x9cIt has promised to cover the overruns before, and "
         "the town paid in the end.\n\n\xe2\x80\x9cNobody on this council "
         "has seen the figures.\n\n\xe2\x80\x9cUntil we see them, my group "
         "will vote against the plan.\xe2\x80\x9d",
         "Helen Ashby", "before", "said",
         "NAME said X. \xe2\x80\x9cQ (continued)");
  expect(doc,
         "\xe2\x80\x9c"
         "fully funded and fully costed\xe2\x80\x9d",
         "Victor Lund", "before", "said",
         "NAME said the plan was \xe2\x80\x9cQ\xe2\x80\x9d and that ... "
         "asked");
  {
    expect(doc, "\"We have nothing to hide,\"", "Victor Lund", "pronoun",
           "said", "NAME said X. \"Q,\" he said");
    expect_ref(doc, "\" he said", "he", "Victor Lund");
  }
  expect(doc,
         "\xe2\x80\x9cThe figures came late.\n\n\xe2\x80\x9cThey came "
         "incomplete, and they came after the deadline.\xe2\x80\x9d",
         "Paul Okafor", "colon", "told",
         "NAME told X: \xe2\x80\x9cQ (continued)");
  expect(doc, "\xe2\x80\x98no\xe2\x80\x99", NULL, "none", NULL,
         "a nested quote said by someone unnamed");
  method_iff_speaker(doc, "council");
  nm_doc_free(doc);
}

/* A continued quote attributed after its last paragraph keeps "after";
 * one that follows an attributed quote directly must not lose its method
 * either. */
static void test_continued(void) {
  nm_doc *doc =
      parse("Council split over new stadium plan\n\n"
            "The council met on Monday.\n\n"
            "\xe2\x80\x9cIt has promised to cover the overruns before.\n\n"
            "\xe2\x80\x9cUntil we see them, my group will vote against the "
            "plan,\xe2\x80\x9d councillor Helen Ashby said.\n");
  if (!ok(doc != NULL, "continued: parses"))
    return;
  expect(doc,
         "\xe2\x80\x9cIt has promised to cover the overruns before.\n\n"
         "\xe2\x80\x9cUntil we see them, my group will vote against the "
         "plan,\xe2\x80\x9d",
         "Helen Ashby", "after", "said", "continued, attributed at its end");
  method_iff_speaker(doc, "continued");
  nm_doc_free(doc);

  doc = parse("Council split over new stadium plan\n\n"
              "\xe2\x80\x9cWe are not against football,\xe2\x80\x9d "
              "councillor Helen Ashby said.\n\n"
              "\xe2\x80\x9cIt has promised to cover the overruns before.\n\n"
              "\xe2\x80\x9cUntil we see them, my group will vote against the "
              "plan,\xe2\x80\x9d Ashby said.\n");
  if (!doc)
    return;
  {
    expect(doc,
           "\xe2\x80\x9cIt has promised to cover the overruns before.\n\n"
           "\xe2\x80\x9cUntil we see them, my group will vote against the "
           "plan,\xe2\x80\x9d",
           "Helen Ashby", "after", "said",
           "continued after an attributed quote");
    method_iff_speaker(doc, "continued after an attributed quote");
  }
  nm_doc_free(doc);
}

/* A place or an organization after a preposition belongs to the name
 * before it, which speaks: "The X Party in Y, in its statement, said",
 * "Tom Ferris of the Port Authority told the press". */
static void test_preposition(void) {
  nm_doc *doc =
      parse("Harbour plan divides the coast\n\n"
            "The Coastal Alliance Party in Marlow, in its statement, said "
            "the plan was \"a good start\".\n\n"
            "Tom Ferris of the Port Authority told the press last week, "
            "\"We expect the first ships in May.\"\n\n"
            "The Fishers Union in Marlow said the plan \"ignores the "
            "small boats\".\n\n"
            "Mara Velsko, Dean of Ostrava School of Law called it \"a "
            "silly plan.\"\n\n"
            "Jin Alvers, the Dean of Brno School of Law said \"it is "
            "late.\"\n\n"
            "According to U.S. Attorney Dino Carrasco, the case was "
            "weak: \"The key fact is missing.\"\n\n"
            "\"The airline carries arms,\" according to a tweet on Monday "
            "by US Secretary of State Tom Harlow.\n");
  if (!ok(doc != NULL, "preposition: parses"))
    return;
  expect(doc, "\"a good start\"", "Coastal Alliance Party", "before", "said",
         "NAME in PLACE, ..., said");
  expect(doc, "\"We expect the first ships in May.\"", "Tom Ferris", "before",
         "told", "PERSON of ORG told X, Q");
  expect(doc, "\"ignores the small boats\"", "Fishers Union", "before", "said",
         "ORG in PLACE said");
  expect(doc, "\"a silly plan.\"", "Mara Velsko", "before", "called",
         "PERSON, TITLE of ORG called Q");
  expect(doc, "\"it is late.\"", "Jin Alvers", "before", "said",
         "PERSON, the TITLE of ORG said Q");
  expect(doc, "\"The key fact is missing.\"", "Dino Carrasco", "according",
         "According to", "according to COUNTRY TITLE NAME, ...: Q");
  expect(doc, "\"The airline carries arms,\"", "Tom Harlow", "according",
         "according to", "Q, according to a tweet by COUNTRY TITLE NAME");
  ok(kind_of(doc, "Marlow") == NM_KIND_PLACE,
     "preposition: the place stays a place");
  method_iff_speaker(doc, "preposition");
  nm_doc_free(doc);
}

/* "The mother said": a description with a gender takes the last person
 * of that gender. */
static void test_gendered_description(void) {
  nm_doc *doc = parse("Couple sentenced\n\n"
                      "A judge sentenced David and Louise Turpin to life in "
                      "prison on Friday.\n\n"
                      "The father said \"I love my children.\"\n\n"
                      "The mother said \"I am sorry.\"\n");
  if (!ok(doc != NULL, "gendered description: parses"))
    return;
  expect(doc, "\"I love my children.\"", "David Turpin", "description", "said",
         "the father said Q");
  expect(doc, "\"I am sorry.\"", "Louise Turpin", "description", "said",
         "the mother said Q");
  nm_doc_free(doc);
}

/* "said California Attorney General Xavier Becerra": the place that
 * qualifies the title does not speak, the person after it does. */
static void test_qualified_title(void) {
  nm_doc *doc = parse("Border funds\n\n"
                      "\"The rule of law matters,\" said California Attorney "
                      "General Xavier Becerra. \"We will sue.\"\n");
  if (!ok(doc != NULL, "qualified title: parses"))
    return;
  expect(doc, "\"The rule of law matters,\"", "Xavier Becerra", "after", "said",
         "said PLACE TITLE NAME");
  ok(kind_of(doc, "California") == NM_KIND_PLACE,
     "qualified title: California stays a place");
  nm_doc_free(doc);
}

/* '"Q," reads Judge Ann Miller's statement': the document's source
 * speaks; an unknown one behind a press release is an organization. */
static void test_document_source(void) {
  nm_doc *doc = parse("Draft ruling\n\n"
                      "\"The old rules may have made sense,\" reads Judge Ann "
                      "Miller's statement.\n\n"
                      "\"He was loved in every way,\" reads an Orvane press "
                      "release.\n\n"
                      "Harlow Mining Company released a statement which read, "
                      "in part, \"We will appeal the fine.\"\n\n"
                      "The decree signed by Pope Francis read \"The crimes "
                      "offend Our Lord.\"\n");
  if (!ok(doc != NULL, "document source: parses"))
    return;
  expect(doc, "\"The old rules may have made sense,\"", "Ann Miller", "after",
         "reads", "Q reads NAME's statement");
  expect(doc, "\"He was loved in every way,\"", "Orvane", "after", "reads",
         "Q reads an ORG press release");
  ok(kind_of(doc, "Orvane") == NM_KIND_ORGANIZATION,
     "document source: the press release's source is an organization");
  expect(doc, "\"We will appeal the fine.\"", "Harlow Mining Company", "before",
         "read", "NAME released a statement which read, Q");
  expect(doc, "\"The crimes offend Our Lord.\"", "Francis", "before", "read",
         "The decree signed by NAME read Q");
  method_iff_speaker(doc, "document source");
  nm_doc_free(doc);
}

/* "One of the residents said": a partitive is nobody named, not the last
 * person mentioned. */
static void test_partitive(void) {
  nm_doc *doc = parse("Harbour plan\n\n"
                      "Mayor Jane Holm opened the meeting. One of the "
                      "residents said the plan was \"a disaster for the "
                      "town\".\n");
  if (!ok(doc != NULL, "partitive: parses"))
    return;
  expect(doc, "\"a disaster for the town\"", NULL, "none", NULL,
         "one of the X said Q");
  method_iff_speaker(doc, "partitive");
  nm_doc_free(doc);
}

/* "he" after a sentence whose subject is a person of that gender is the
 * subject, not the last person named. */
static void test_subject_pronoun(void) {
  nm_doc *doc = parse("Race narrows\n\n"
                      "Michael Bloomberg left the race on Wednesday.\n\n"
                      "Bloomberg endorsed his former rival, Joe Biden. "
                      "\"Three months ago,\" he said, \"I entered the "
                      "race.\"\n");
  if (!ok(doc != NULL, "subject pronoun: parses"))
    return;
  expect(doc, "\"Three months ago,\"", "Michael Bloomberg", "pronoun", "said",
         "NAME verbed OBJECT. \"Q,\" he said");
  method_iff_speaker(doc, "subject pronoun");
  nm_doc_free(doc);
}

/* A web address in the attribution ("in remarks to UOL.com.br, said")
 * holds no sentence end, and is an outlet. */
static void test_web_address(void) {
  nm_doc *doc = parse("Fires\n\n"
                      "Institute director Ane Alencar, in remarks to "
                      "UOL.com.br, said, \"We have no drought this year.\"\n");
  if (!ok(doc != NULL, "web address: parses"))
    return;
  expect(doc, "\"We have no drought this year.\"", "Ane Alencar", "before",
         "said", "NAME, in remarks to a.b.c, said, Q");
  ok(kind_of(doc, "UOL.com.br") == NM_KIND_ORGANIZATION,
     "web address: UOL.com.br is one organization");
  nm_doc_free(doc);
}

/* "the commission said": the organization of that head word named
 * before; "the army said" with no army named is nobody. */
static void test_org_description(void) {
  nm_doc *doc = parse("Debate off\n\n"
                      "The Commission on Presidential Debates met on "
                      "Friday. In a statement, the commission said, \"The "
                      "debate will be virtual.\"\n\n"
                      "The army said the plane was carrying \"food for the "
                      "whole region\".\n");
  if (!ok(doc != NULL, "org description: parses"))
    return;
  expect(doc, "\"The debate will be virtual.\"",
         "Commission on Presidential Debates", "description", "said",
         "the commission said, Q");
  expect(doc, "\"food for the whole region\"", NULL, "none", NULL,
         "the army said Q, no army named");
  method_iff_speaker(doc, "org description");
  nm_doc_free(doc);
}

/* "the company said": the business named before, never the person
 * named last; with no business named, nobody. */
static void test_business_description(void) {
  nm_doc *doc = parse("Contract won\n\n"
                      "Acme Corp. won a contract from the Pentagon. Mark "
                      "Ruffalo, a spokesman for the Pentagon, confirmed the "
                      "award.\n\n"
                      "\"We will hire more staff,\" the company said.\n\n"
                      "Later, Tom Hill of the Pentagon spoke. \"The firm "
                      "was picked fairly,\" the firm said, oddly.\n");
  if (!ok(doc != NULL, "business description: parses"))
    return;
  expect(doc, "\"We will hire more staff,\"", "Acme Corp", "description",
         "said", "ORG Corp ... NAME, a spokesman ...: Q, the company said");
  nm_doc_free(doc);
  doc = parse("Plant closes\n\n"
              "Jane Doe, the mayor, met workers at the Pentagon.\n\n"
              "\"Production ends in May,\" the company said.\n");
  if (!ok(doc != NULL, "business description, none named: parses"))
    return;
  expect(doc, "\"Production ends in May,\"", NULL, "none", NULL,
         "no business named: Q, the company said is nobody");
  method_iff_speaker(doc, "business description");
  nm_doc_free(doc);
  doc = parse("Party leaves race\n\n"
              "Jane Doe, the mayor, met the Green Party of Ardvale.\n\n"
              "\"We are out,\" the party said. Ann Lee spoke. \"We stay,\" "
              "the party told reporters.\n");
  if (!ok(doc != NULL, "party description: parses"))
    return;
  expect(doc, "\"We are out,\"", "Green Party of Ardvale", "description",
         "said", "ORG Party ... NAME: Q, the party said");
  is_str(speaker_of(doc, find_text(doc, NM_KIND_QUOTE, "\"We stay,\"")),
         "Green Party of Ardvale",
         "ORG Party ... NAME spoke: Q, the party told reporters");
  nm_doc_free(doc);
  doc = parse("Bus crash\n\n"
              "Mayor Jane Doe visited. A Hampshire Police spokesman said "
              "\"We were called at 8am.\" A spokesman said \"Two were "
              "hurt.\"\n");
  if (!ok(doc != NULL, "org spokesman: parses"))
    return;
  is_str(speaker_of(
             doc, find_text(doc, NM_KIND_QUOTE, "\"We were called at 8am.\"")),
         "Hampshire Police", "an ORG spokesman said Q: the ORG");
  expect(doc, "\"Two were hurt.\"", NULL, "none", NULL,
         "a spokesman said Q: nobody");
  nm_doc_free(doc);
}

/* "the officials said", "what the scientists describe as": many people,
 * so not the person named last; the sentence may still name who speaks
 * ("NAME, the head of ..., explained the decision to ban the players
 * saying, Q"); "one of the victims said" is nobody. */
static void test_plural_description(void) {
  nm_doc *doc =
      parse("Ban\n\n"
            "Omar Vesk, the head of the federation, spoke on Monday.\n\n"
            "\"We are ready,\" the officials said.\n\n"
            "Omar Vesk, the head of the federation, explained the decision "
            "to ban the players saying, \"The rules are clear.\"\n\n"
            "One of the victims said the men were \"cruel and cold\".\n");
  if (!ok(doc != NULL, "plural description: parses"))
    return;
  expect(doc, "\"We are ready,\"", NULL, "none", NULL,
         "Q, the officials said: nobody");
  expect(doc, "\"The rules are clear.\"", "Omar Vesk", "before", "explained",
         "NAME, ..., explained ... the players saying, Q");
  expect(doc, "\"cruel and cold\"", NULL, "none", NULL,
         "one of the victims said Q: nobody");
  method_iff_speaker(doc, "plural description");
  nm_doc_free(doc);
}

/* A quote mark after a sentence's full stop ends the sentence too: the
 * later quotes of `She described him as "A" who was "B" and "C."` are hers,
 * not those of the person of the sentence before the one that ended
 * `... said "Q."`. */
static void test_quote_ends_sentence(void) {
  nm_doc *doc =
      parse("Obituary\n\n"
            "Chancellor Pradeep Khosla spoke of his \"countless "
            "discoveries\". Director Margaret Leinen said \"Munk was a "
            "treasure.\" She described him as \"a guiding force\" who was "
            "\"one of the most honored scientists\" and \"always "
            "curious.\"\n");
  if (!ok(doc != NULL, "quote ends sentence: parses"))
    return;
  expect(doc, "\"one of the most honored scientists\"", "Margaret Leinen",
         "split", NULL, "She described him as \"A\" who was \"B\"");
  expect(doc, "\"always curious.\"", "Margaret Leinen", "split", NULL,
         "She described him as \"A\" who was \"B\" and \"C.\"");
  nm_doc_free(doc);
}

/* An aside between dashes is no attribution: the speaker is the subject
 * before it; a single dash before the quote is no aside. */
static void test_dash_aside(void) {
  nm_doc *doc = parse(
      "Parliament\n\n"
      "Speaker John Bercow commented on the matter \xe2\x80\x94 which the "
      "BBC noted as unusual \xe2\x80\x94 \"It is an offence.\"\n\n"
      "Nora Vitt said \xe2\x80\x94 \"We will see.\"\n");
  if (!ok(doc != NULL, "dash aside: parses"))
    return;
  expect(doc, "\"It is an offence.\"", "John Bercow", "before", "commented",
         "NAME commented \xe2\x80\x94 which ORG noted \xe2\x80\x94 Q");
  expect(doc, "\"We will see.\"", "Nora Vitt", "before", "said",
         "NAME said \xe2\x80\x94 Q");
  nm_doc_free(doc);
}

/* "said Acme spokesman Jane Doe", "said Acme's chief executive, Jane
 * Doe": the name before a role in lower case qualifies it; the speaker is
 * the name after the role. */
static void test_role_after_cue(void) {
  nm_doc *doc = parse("Plant sold\n\n"
                      "Acme Corp. sold a plant.\n\n"
                      "\"We won,\" said Acme spokesman Jane Doe.\n\n"
                      "\"We lost,\" said Acme's chief executive, Tom Ries.\n");
  if (!ok(doc != NULL, "role after cue: parses"))
    return;
  expect(doc, "\"We won,\"", "Jane Doe", "after", "said",
         "Q, said ORG spokesman NAME");
  expect(doc, "\"We lost,\"", "Tom Ries", "after", "said",
         "Q, said ORG's chief executive, NAME");
  nm_doc_free(doc);
}

/* A cue after "while", "whereas" or "but" is another clause's: a partial
 * quote before it keeps the speaker of its own clause. */
static void test_clause_after(void) {
  nm_doc *doc = parse("Fire\n\n"
                      "President Ana Duda said the victims were \"young girls "
                      "starting out in life\" in an \"appalling tragedy\" "
                      "while Minister Jan Kos wrote he had ordered checks.\n");
  if (!ok(doc != NULL, "clause after: parses"))
    return;
  expect(doc, "\"appalling tragedy\"", "Ana Duda", "sentence", "said",
         "NAME said ... \"Q\" while NAME2 wrote");
  nm_doc_free(doc);
}

/* A person who opens the sentence, set off by a comma, is the subject of
 * a cue after several asides; a cue after "and NAME" is that clause's. */
static void test_asides_and_clauses(void) {
  nm_doc *doc =
      parse("Obituary\n\n"
            "Gloria Vance died on Monday.\n\n"
            "Andrew Cole, of CNN, one of Vance's four sons, stated, \"She was "
            "an extraordinary woman.\"\n\n"
            "Republicans attacked the inquiry, with Steve Scalise of Louisiana "
            "calling it \"Soviet-style\" and Ross Spano of Florida calling it "
            "\"a blatant coup\".\n");
  if (!ok(doc != NULL, "asides and clauses: parses"))
    return;
  expect(doc, "\"She was an extraordinary woman.\"", "Andrew Cole", "before",
         "stated", "NAME, of ORG, one of NAME2's sons, stated, Q");
  expect(doc, "\"Soviet-style\"", "Steve Scalise", "before", "calling",
         "with NAME calling it \"A\" and NAME2 calling it \"B\": A");
  nm_doc_free(doc);
}

/* A town does not speak; a country does ("Iran acknowledged": its
 * government). */
static void test_places_speaking(void) {
  nm_doc *doc = parse("Statements\n\n"
                      "The crowd gathered outside Washington, D.C. saying, "
                      "\"We want answers.\"\n\n"
                      "Iran acknowledged it had shot down the jet by "
                      "\"human error\".\n");
  if (!ok(doc != NULL, "places speaking: parses"))
    return;
  expect(doc, "\"We want answers.\"", NULL, "none", NULL,
         "a town is no speaker");
  expect(doc, "\"human error\"", "Iran", "before", "acknowledged",
         "a country speaks for its government");
  nm_doc_free(doc);
}

/* A participle's subject may be a body that opens the sentence, not the
 * one told after the cue: "Boeing did not comment, telling Wikinews the
 * company "Q"". */
static void test_participle_body(void) {
  nm_doc *doc = parse("Crash\n\n"
                      "Wikinews contacted Boeing. Boeing did not comment on "
                      "the build, telling Wikinews the company \"extends its "
                      "condolences.\"\n");
  if (!ok(doc != NULL, "participle body: parses"))
    return;
  expect(doc, "\"extends its condolences.\"", "Boeing", "before", "telling",
         "ORG did not comment, telling ORG2 the company Q");
  nm_doc_free(doc);
}

/* The subject of a verb of describing before "as" speaks the quote
 * ("which Ross has referred to as "Q""), not a name in a phrase before the
 * verb ("and on Twitter referred to the vote as "Q""). */
static void test_describer_speaks(void) {
  nm_doc *doc =
      parse("Census\n\n"
            "Commerce Secretary Wilbur Ross spoke. Kerri Kupec, a "
            "spokeswoman, criticized the decision, which Ross has referred to "
            "as \"gamesmanship\".\n\n"
            "President Donald Trump called it a \"witch hunt\", and on "
            "Twitter referred to the vote as \"The Hoax\".\n");
  if (!ok(doc != NULL, "describer speaks: parses"))
    return;
  expect(doc, "\"gamesmanship\"", "Wilbur Ross", "before", "referred",
         "which NAME has referred to as Q");
  is_str(speaker_of(doc, find_text(doc, NM_KIND_QUOTE, "\"The Hoax\"")),
         "Donald Trump", "NAME ... and on ORG referred to the vote as Q");
  nm_doc_free(doc);
}

/* A quote with no attribution of its own after a sentence that names one
 * person is that person's; not after one that names what is someone's
 * ("Yar's station"), nor two people. */
static void test_narrated_subject(void) {
  nm_doc *doc =
      parse("Rugby\n\n"
            "The home side got two yellow cards, leaving coach Geoff Ingram "
            "unimpressed. \"One of them was questionable.\"\n\n"
            "The set kept Tasha Yar's station raised. \"You could stick my "
            "legs there.\"\n\n"
            "Ann Lee met Tom Ruiz. \"We talked.\"\n");
  if (!ok(doc != NULL, "narrated subject: parses"))
    return;
  expect(doc, "\"One of them was questionable.\"", "Geoff Ingram", "sentence",
         NULL, "a sentence naming one person. Q");
  expect(doc, "\"You could stick my legs there.\"", NULL, "none", NULL,
         "a sentence naming what is someone's. Q");
  expect(doc, "\"We talked.\"", NULL, "none", NULL,
         "a sentence naming two people. Q");
  nm_doc_free(doc);
  doc = parse("Fan expo\n\n"
              "Singer Mara Quinn toured the coast with Tom Ruiz.\n\n"
              "Underwhelmed with the crowds, she left the tour early. \"This "
              "is not what I wanted.\"\n\n"
              "Actress Denise Varga joined Maria Ruiz in a series. The actress "
              "recalled the set, when they were the \"little stepchild of the "
              "lot.\"\n");
  if (!ok(doc != NULL, "narrated subject: parses the second"))
    return;
  expect(doc, "\"This is not what I wanted.\"", "Mara Quinn", "pronoun", NULL,
         "PHRASE, she did X. Q");
  expect(doc, "\"little stepchild of the lot.\"", "Denise Varga", "description",
         "recalled",
         "actress NAME ... the actress recalled ... Q: the noun before the "
         "name");
  nm_doc_free(doc);
}

/* "Wardi Kelan, of the provincial council, described ...": a name that a
 * speech verb follows after a phrase set off by commas is a person, so a
 * later "he said" finds him; "the book Harvest, for which ..., revealed"
 * is no one. */
static void test_appositive_cue(void) {
  nm_doc *doc =
      parse("Blast in the capital\n\n"
            "Wardi Kelan, of the provincial council, described the scene "
            "at the hospital. \"The whole building has collapsed,\" he "
            "said.\n\n"
            "Excerpts from the book Harvest, for which the author spoke to "
            "officials, revealed more.\n");
  if (!ok(doc != NULL, "appositive cue: parses"))
    return;
  expect(doc, "\"The whole building has collapsed,\"", "Wardi Kelan", "pronoun",
         "said", "NAME, of ORG, described ...: Q, he said");
  ok(kind_of(doc, "Harvest") != NM_KIND_PERSON,
     "appositive cue: \"the book Harvest, for which ..., revealed\" is no "
     "person");
  nm_doc_free(doc);
}

/* "said Dr. Livermore": the dot of a title's abbreviation ends no
 * sentence, so the name after it is still the speaker, and the next quote
 * continues him; nor does the dot of "St. Louis". */
static void test_dotted_honorific(void) {
  nm_doc *doc = parse("Bacteria study\n\n"
                      "The study was led by David Harwell of the university."
                      "\n\n"
                      "\"The strains were different,\" said Dr. Harwell. "
                      "\"Rather, it spreads between people.\"\n\n"
                      "\"We need more data,\" said Mrs. Ama Nkosi.\n\n"
                      "\"The city is safe,\" St. Louis Mayor Ona Brill "
                      "said.\n");
  if (!ok(doc != NULL, "dotted honorific: parses"))
    return;
  expect(doc, "\"The strains were different,\"", "David Harwell", "after",
         "said", "Q, said Dr. NAME");
  expect(doc, "\"Rather, it spreads between people.\"", "David Harwell",
         "split", NULL, "Q, said Dr. NAME. Q2");
  expect(doc, "\"We need more data,\"", "Ama Nkosi", "after", "said",
         "Q, said Mrs. NAME");
  expect(doc, "\"The city is safe,\"", "Ona Brill", "after", "said",
         "Q, St. PLACE TITLE NAME said");
  ok(find_text(doc, NM_KIND_PLACE, "St. Louis") >= 0,
     "dotted honorific: \"St. Louis\" is one place");
  nm_doc_free(doc);
}

/* "Boris Johnson's spokesman said "Q"": the spokesman speaks, not the
 * person whose spokesman he is. */
static void test_possessive_speaker(void) {
  nm_doc *doc = parse("Plan stands\n\n"
                      "Prime Minister Tom Harlow's spokesman said \"The plan "
                      "stands.\"\n\n"
                      "Mara Velsko's lawyer, Jin Alvers, said \"She is "
                      "innocent.\"\n");
  if (!ok(doc != NULL, "possessive speaker: parses"))
    return;
  long q = find_text(doc, NM_KIND_QUOTE, "\"The plan stands.\"");
  ok(q >= 0 && nm_doc_span(doc, (size_t)q)->link < 0,
     "possessive speaker: NAME's spokesman said Q is not NAME's");
  expect(doc, "\"She is innocent.\"", "Jin Alvers", "before", "said",
         "NAME's lawyer, NAME2, said Q");
  nm_doc_free(doc);
}

/* '"A," Berg said. "B." Lind agreed.': a full quote whose full stop is
 * inside ends its sentence; the capital after it opens another, so B is
 * Berg's (the other half of the split), not Lind's. */
static void test_stop_inside(void) {
  nm_doc *doc = parse("Nurses protest\n\n"
                      "Anna Berg and Tom Lind joined the protest.\n\n"
                      "\"We are tired,\" Berg said. \"And we are angry.\" "
                      "Lind agreed.\n");
  if (!ok(doc != NULL, "stop inside: parses"))
    return;
  expect(doc, "\"And we are angry.\"", "Anna Berg", "split", NULL,
         "\"A,\" X said. \"B.\" Y agreed.");
  nm_doc_free(doc);
}

/* '"Q," said Harlow Center for Ocean Studies scientist Jin Alvers': after
 * the cue, an organization's name with "for" in it does not stop the search
 * for the person after it; and "Remarked Harlow Trust chair Ona Brill, "Q""
 * keeps the speech verb out of the organization's name. */
static void test_org_before_person(void) {
  nm_doc *doc = parse("Turtles recover\n\n"
                      "\"This reprieve is welcome,\" said Harlow Center for "
                      "Ocean Studies scientist Jin Alvers.\n\n"
                      "Remarked Harlow Trust chair Ona Brill, \"We will "
                      "watch closely.\"\n");
  if (!ok(doc != NULL, "org before person: parses"))
    return;
  expect(doc, "\"This reprieve is welcome,\"", "Jin Alvers", "after", "said",
         "Q, CUE ORG for X NOUN NAME");
  ok(kind_of(doc, "Harlow Trust") == NM_KIND_ORGANIZATION,
     "org before person: the organization's name has no \"Remarked\"");
  nm_doc_free(doc);
}

/* A pronoun means someone named before it, not a name its own sentence
 * gives after it; a passive cue's agent speaks; a subject pronoun before a
 * colon; a document signed "by the Pope"; a name before a short name in
 * parentheses and an aside. */
static void test_pronoun_before(void) {
  nm_doc *doc =
      parse("Mine blast\n\n"
            "President Vera Lind flew to the town on Tuesday. At a meeting "
            "she praised Tom Ruiz, saying \"He saved many lives.\"\n\n"
            "The Harbour Board met. It also thanked Ann Cole, noting on "
            "Facebook \"she never gave up.\"\n\n"
            "In the evening Lind was told by Mines Minister Ola Berg of "
            "\"at least 40 people under the rubble\".\n\n"
            "Archbishop Marco Neri spoke after Jens Hoff. In his letter, he "
            "praised Hoff's work: \"He served the poor.\"\n\n"
            "The decree signed by the archbishop read \"Abuse offends "
            "us all.\"\n\n"
            "The Ardvale Mining Union (AMU), which includes the Quarry "
            "Guild, declared that Ola Berg was \"negligent\" in May.\n\n"
            "Marco Neri arrived. Jens Hoff's family wept as he said \"We "
            "mourn.\"\n\n"
            "Ann Cole met Marco Neri.\n\n"
            "Later he met Jon Bell and said \"We agreed.\"\n");
  if (!ok(doc != NULL, "pronoun before: parses"))
    return;
  expect(doc, "\"He saved many lives.\"", "Vera Lind", "pronoun", "saying",
         "NAME flew. she praised NAME2, saying Q");
  expect(doc, "\"she never gave up.\"", "Harbour Board", "pronoun", "noting",
         "ORG met. It thanked NAME, noting on ORG2 Q");
  expect(doc, "\"at least 40 people under the rubble\"", "Ola Berg", "after",
         "told", "NAME was told by ROLE NAME2 of Q");
  expect(doc, "\"He served the poor.\"", "Marco Neri", "pronoun", NULL,
         "NAME spoke after NAME2. In his letter, he praised NAME2's work: Q");
  expect(doc, "\"Abuse offends us all.\"", "Marco Neri", "description", "read",
         "The decree signed by the archbishop read Q");
  expect(doc, "\"negligent\"", "Ardvale Mining Union", "before", "declared",
         "ORG (ACRONYM), which includes ORG2, declared that NAME was Q");
  expect(doc, "\"We mourn.\"", "Marco Neri", "pronoun", "said",
         "NAME arrived. NAME2's family wept as he said Q: a possessive is no "
         "subject");
  expect(doc, "\"We agreed.\"", "Marco Neri", "pronoun", "said",
         "Later he met NAME2 and said Q: he is no one named after it");
  nm_doc_free(doc);
}

/* "according to" a body and a role names the person after them, and ends
 * at a comma unless "its" points past it; "went on to add" is said; a name that
 * opens its sentence before an aside is its subject, whom a later "he" means
 * rather than a name in a clause after. */
static void test_employer_and_aside(void) {
  nm_doc *doc =
      parse("Field study\n\n"
            "According to Harlow University political scholar Jin Alvers, "
            "\"Few seats are held.\"\n\n"
            "The count ended in May. Alvers went on to add, \"It is a "
            "start.\"\n\n"
            "According to Bay Courier editor Ola Berg, the town was "
            "\"quiet all week.\"\n\n"
            "According to police and county officials, Tom Ruiz was driving "
            "\"erratically and fast\" that night.\n\n"
            "According to its press release, the Harbour League was "
            "\"suspending play at once.\"\n\n"
            "Tom Ruiz, a biologist at Harlow University, questioned the "
            "findings, saying Mr Vek might have erred. \"However,\" he "
            "told Science Weekly, \"the data are good.\"\n");
  if (!ok(doc != NULL, "employer and aside: parses"))
    return;
  expect(doc, "\"Few seats are held.\"", "Jin Alvers", "according",
         "According to", "according to ORG adjective NOUN NAME, Q");
  expect(doc, "\"It is a start.\"", "Jin Alvers", "sentence", "add",
         "NAME went on to add, Q");
  expect(doc, "\"quiet all week.\"", "Ola Berg", "according", "According to",
         "according to ORG NOUN NAME, X was Q");
  expect(doc, "\"erratically and fast\"", NULL, "none", NULL,
         "according to police and officials, NAME was driving Q: unnamed");
  expect(doc, "\"suspending play at once.\"", "Harbour League", "according",
         "According to", "according to its release, the ORG was Q");
  expect(doc, "\"However,\"", "Tom Ruiz", "pronoun", "told",
         "NAME, a NOUN at ORG, questioned X, saying NAME2 might. Q, he told");
  nm_doc_free(doc);
}

/* A quote nothing attributes is the last person's named before it in its
 * paragraph, not a possessive's, and no one's when its sentence names the
 * words, has a described subject or speaks in the first person, or the
 * paragraph is an interview answer under a label; a guess is not shared
 * by the quotes after it, and a dash line after the paragraph overrides it.
 */
static void test_nearest(void) {
  nm_doc *doc =
      parse("Show\n\n"
            "Lead actor Tom Ruiz talked about how the show was "
            "underestimated \"up until now.\" The firm sells Ann Cole's "
            "helmet, their \"number one requested helmet, by far.\"\n\n"
            "After Jon Bell failed to buy kits, the Prime Minister blushed "
            "at \"having an idiot as minister.\"\n\n"
            "Jon Bell met the crew. So I thought: \"Why should we do this "
            "for free?\"\n\n"
            "((Jon Bell)) Then the fear started in town. Everyone ran. "
            "\"Oh, it is coming.\"\n\n"
            "Ann Cole, also known as \"the woman who never once lost a "
            "race\", retired.\n\n"
            "Ann Lee was at the table. The team ate. \"We will win the next "
            "one.\"\n\n"
            "\xe2\x80\x94 Jin Alvers, coach\n");
  if (!ok(doc != NULL, "nearest: parses"))
    return;
  expect(doc, "\"up until now.\"", "Tom Ruiz", "nearest", NULL,
         "NAME talked about how X was Q");
  expect(doc, "\"number one requested helmet, by far.\"", NULL, "none", NULL,
         "X sells NAME's helmet, their Q: a possessive, and no guess shared");
  expect(doc, "\"having an idiot as minister.\"", NULL, "none", NULL,
         "After NAME failed, the TITLE blushed at Q");
  expect(doc, "\"Why should we do this for free?\"", NULL, "none", NULL,
         "NAME met X. So I thought: Q");
  expect(doc, "\"Oh, it is coming.\"", NULL, "none", NULL,
         "((NAME)) X. Y. Q: an interview answer");
  expect(doc, "\"the woman who never once lost a race\"", NULL, "none", NULL,
         "NAME, also known as Q");
  expect(doc, "\"We will win the next one.\"", "Jin Alvers", "after", NULL,
         "NAME was X. Y. Q, then a dash line: the line wins over the guess");
  nm_doc_free(doc);
}

/* A name that so far has only the shape of a person's ("Mike Ryan", a
 * given name that is also a word, at a sentence's start, before "of the
 * ORG") can introduce the next paragraph's quote. */
static void test_shape_intro(void) {
  nm_doc *doc = parse("Ebola\n\n"
                      "Mike Ryan of the World Health Organization told the "
                      "press:\n\n"
                      "\"What will stop Ebola is the work of many.\"\n");
  if (!ok(doc != NULL, "shape intro: parses"))
    return;
  expect(doc, "\"What will stop Ebola is the work of many.\"", "Mike Ryan",
         "colon", NULL, "NAME of the ORG told the press: / Q");
  nm_doc_free(doc);
}

/* A participle cue right after a place, or after a name in a phrase,
 * takes the sentence's subject as after a comma; a possessive is no
 * subject; a body that opens the main clause after an opening phrase is. */
static void test_participle_after_place(void) {
  nm_doc *doc =
      parse("Statement\n\n"
            "Following Ann Cole's win, Tom Ruiz issued a statement at his club "
            "outside Washington, D.C. saying, \"The fight is far from "
            "over.\"\n\n"
            "Jon Bell spoke at a hall in Sterling saying \"We will "
            "return.\"\n\n"
            "In late June, the Harbour Commission ruled against the plan, "
            "saying its case was \"contrived.\"\n");
  if (!ok(doc != NULL, "participle after place: parses"))
    return;
  expect(doc, "\"The fight is far from over.\"", "Tom Ruiz", "before", "saying",
         "After NAME's win, NAME2 issued X outside PLACE, D.C. "
         "saying, Q");
  expect(doc, "\"We will return.\"", "Jon Bell", "before", "saying",
         "NAME spoke at a hall in TOWN saying Q");
  expect(doc, "\"contrived.\"", "Harbour Commission", "before", "saying",
         "In X, the ORG ruled ..., saying ... Q: the body opening the main "
         "clause");
  nm_doc_free(doc);
}

/* A fragment quoted in a sentence with no cue is its subject's words: a
 * name that opens the sentence before a verb or an aside, or "he"/"she";
 * not a name ("also known as"), nor a clause with a subject of its own. */
static void test_sentence_opener(void) {
  nm_doc *doc =
      parse("Convention\n\n"
            "Lisa Mancini has been cosplaying for two years, a hobby that "
            "\"stemmed from my love for Halloween.\" She typically chooses "
            "\"to portray strong characters.\"\n\n"
            "Harbour Police, which indicated on Monday a \"significant "
            "development\" was likely, declined to comment.\n\n"
            "Ann Lee, also known as \"the captain of the No. 5 team\", "
            "retired.\n\n"
            "Tom Ruiz got the prize, with which Acme Corp credits a player "
            "as having done \"the most for the game this year\".\n");
  if (!ok(doc != NULL, "sentence opener: parses"))
    return;
  expect(doc, "\"stemmed from my love for Halloween.\"", "Lisa Mancini",
         "sentence", NULL, "NAME has been X, a hobby that Q");
  expect(doc, "\"to portray strong characters.\"", "Lisa Mancini", "sentence",
         NULL, "She typically chooses Q");
  expect(doc, "\"significant development\"", "Harbour Police", "sentence", NULL,
         "ORG, which indicated on Monday a Q");
  expect(doc, "\"the captain of the No. 5 team\"", NULL, "none", NULL,
         "NAME, also known as Q");
  expect(doc, "\"the most for the game this year\"", NULL, "none", NULL,
         "NAME got X, with which ORG credits Y as having done Q");
  nm_doc_free(doc);
}

/* "according to him" is the last man's and "according to a spokesperson."
 * nobody's at the sentence's end; a cue after a possessive is an adjective;
 * a "Ph.D." in an aside ends no sentence; a "he" that repeats the pronoun
 * opening its sentence means the same person; "the health minister" is
 * not the aviation minister named before. */
static void test_pronoun_and_qualifier(void) {
  nm_doc *doc =
      parse("Talks\n\n"
            "Speaking on Harbour TV, spokesman Tom Ruiz said it had acted. "
            "According to him, it was done with the help of \"friends "
            "inside\".\n\n"
            "Ann Cole suffered \"two deep wounds\" according to a hospital "
            "spokesperson.\n\n"
            "Jin Alvers called Prime Minister Ola Berg's proposed deal "
            "\"lousy\" and said he would vote no.\n\n"
            "Lead author Jon Bell, a Ph.D. candidate at Harlow University, "
            "said, \"Frogs differ.\"\n\n"
            "Marco Neri quit on Monday. He said Jon Bell is \"a model of "
            "honesty\"; however, \"to remove doubts, I resign\", he "
            "added.\n\n"
            "Aviation Minister Vera Lind said ten people died. The local "
            "health minister said, \"The injured are in hospital.\"\n");
  if (!ok(doc != NULL, "pronoun and qualifier: parses"))
    return;
  expect(doc, "\"friends inside\"", "Tom Ruiz", "pronoun", "According to",
         "According to him, X was Q");
  expect(doc, "\"two deep wounds\"", NULL, "none", NULL,
         "NAME suffered Q according to a NOUN NOUN.: unnamed");
  expect(doc, "\"lousy\"", "Jin Alvers", "before", "called",
         "NAME called ROLE NAME2's proposed deal Q");
  expect(doc, "\"Frogs differ.\"", "Jon Bell", "before", "said",
         "ROLE NAME, a Ph.D. candidate at ORG, said, Q");
  expect(doc, "\"to remove doubts, I resign\"", "Marco Neri", "pronoun",
         "added", "He said NAME2 is Q; however, R, he added");
  expect(doc, "\"The injured are in hospital.\"", NULL, "none", NULL,
         "Aviation Minister NAME said. The local health minister said, Q");
  nm_doc_free(doc);
}

int main(void) {
  test_method_names();
  test_fleet();
  test_council();
  test_continued();
  test_preposition();
  test_gendered_description();
  test_qualified_title();
  test_document_source();
  test_partitive();
  test_subject_pronoun();
  test_web_address();
  test_org_description();
  test_business_description();
  test_plural_description();
  test_quote_ends_sentence();
  test_dash_aside();
  test_role_after_cue();
  test_clause_after();
  test_asides_and_clauses();
  test_places_speaking();
  test_participle_body();
  test_describer_speaks();
  test_narrated_subject();
  test_appositive_cue();
  test_dotted_honorific();
  test_possessive_speaker();
  test_stop_inside();
  test_org_before_person();
  test_pronoun_before();
  test_sentence_opener();
  test_employer_and_aside();
  test_nearest();
  test_shape_intro();
  test_participle_after_place();
  test_pronoun_and_qualifier();
  return done();
}
