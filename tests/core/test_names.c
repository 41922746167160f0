/*
 * test_names.c - the names stage through the public API: entity kinds,
 * canonical names, roles, alias links (surnames, possessives,
 * transliterations, acronyms), mention spans that leave out the job title
 * and the possessive, and capitalised words that are not names.
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

/* Index of the span of `kind` over the `nth` occurrence of `text`, or -1. */
static long find_nth(const nm_doc *doc, int kind, const char *text, int nth) {
  size_t start = off_n(doc, text, nth), n;
  const nm_span *s = nm_doc_spans(doc, &n);
  for (size_t i = 0; i < n; i++)
    if (s[i].kind == kind && s[i].start == start &&
        s[i].end == start + strlen(text))
      return (long)i;
  return -1;
}

static long find_text(const nm_doc *doc, int kind, const char *text) {
  return find_nth(doc, kind, text, 0);
}

/* The entity named `name`, or -1. */
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

/* The entity that mention span i links to, or -2 when there is no span. */
static long link_of(const nm_doc *doc, long i) {
  return i < 0 ? -2 : nm_doc_span(doc, (size_t)i)->link;
}

static bool is_mention(int kind) {
  return kind == NM_KIND_PERSON || kind == NM_KIND_ORGANIZATION ||
         kind == NM_KIND_PLACE;
}

/* Does a mention of any kind start at the `nth` occurrence of `word`? */
static bool mention_at(const nm_doc *doc, const char *word, int nth) {
  size_t at = off_n(doc, word, nth), n;
  const nm_span *s = nm_doc_spans(doc, &n);
  for (size_t i = 0; i < n; i++)
    if (is_mention(s[i].kind) && s[i].start <= at && at < s[i].end)
      return true;
  return false;
}

/* The texts of entity e's mentions, in order, joined by "|". */
static void mention_texts(const nm_doc *doc, long e, char *out, size_t cap) {
  size_t n, used = 0;
  const nm_span *s = nm_doc_spans(doc, &n);
  const char *t = nm_doc_text(doc, NULL);
  out[0] = '\0';
  for (size_t i = 0; i < n && e >= 0; i++) {
    if (!is_mention(s[i].kind) || s[i].link != e)
      continue;
    int k = snprintf(out + used, cap - used, "%s%.*s", used ? "|" : "",
                     (int)(s[i].end - s[i].start), t + s[i].start);
    if (k < 0 || (size_t)k >= cap - used)
      break;
    used += (size_t)k;
  }
}

static const char *role_of(const nm_doc *doc, long e) {
  return e < 0 ? "(no entity)" : nm_doc_entity_role(doc, (size_t)e, NULL);
}

/* ------------------------------------------------------------ articles */

static const char envoys[] =
    "Envoys Meet In Geneva As Ceasefire Talks Resume\n\n"
    "Image Credit: AP\n"
    "US Secretary of State Margaret Ellison speaks to reporters after meeting "
    "Russian Foreign Minister SergeiVostrikov in Geneva on Tuesday.\n\n"
    "Geneva: US Secretary of State Margaret Ellison said on Tuesday that "
    "Washington and Moscow had agreed to resume ceasefire talks next "
    "month.\n\n"
    "Ellison met Russian Foreign Minister Sergei Vostrikov for two hours at "
    "the US mission. Such meetings have become rare since the last round of "
    "talks collapsed.\n\n"
    "Last week, Vostrikov said Russia was ready to return to the table. "
    "Ellison\xe2\x80\x99s aides said she had brought a new proposal.\n\n"
    "The European Space Agency (ESA) will provide satellite images to "
    "monitor any truce, ESA said in a statement.\n\n"
    "Vostrikov also spoke with officials from the Ministry of Defence and the "
    "National Council, which oversees the armed forces.\n\n"
    "Sergey Vostrikov, as his name is often spelled, has been foreign "
    "minister since 2016.\n\n"
    "Victor Hale, a spokesman for the US mission, said the next round would "
    "open on Thursday.\n";

static void test_people(const nm_doc *doc) {
  char got[512];
  long ellison = entity(doc, "Margaret Ellison");
  ok(ellison >= 0 && nm_doc_entity_kind(doc, (size_t)ellison) == NM_KIND_PERSON,
     "people: Margaret Ellison is a person");
  is_str(role_of(doc, ellison), "US Secretary of State",
         "people: her role is US Secretary of State");
  mention_texts(doc, ellison, got, sizeof got);
  is_str(got, "Margaret Ellison|Margaret Ellison|Ellison|Ellison",
         "people: her mentions leave out the title and the possessive");
  is_int(ellison >= 0 ? nm_doc_entity_mention_count(doc, (size_t)ellison) : 0,
         4, "people: mention_count agrees");
  long alias = find_nth(doc, NM_KIND_PERSON, "Ellison", 3);
  ok(alias >= 0 && link_of(doc, alias) == ellison,
     "people: Ellison\xe2\x80\x99s links to Margaret Ellison, span without "
     "\xe2\x80\x99s");

  long sv = entity(doc, "Sergei Vostrikov");
  ok(sv >= 0 && nm_doc_entity_kind(doc, (size_t)sv) == NM_KIND_PERSON,
     "people: Sergei Vostrikov is a person (the first body form)");
  is_str(role_of(doc, sv), "Russian Foreign Minister",
         "people: his role is Russian Foreign Minister");
  ok(entity(doc, "Sergey Vostrikov") < 0 &&
         link_of(doc, find_text(doc, NM_KIND_PERSON, "Sergey Vostrikov")) == sv,
     "people: Sergey Vostrikov is the same entity (transliteration)");
  ok(link_of(doc, find_nth(doc, NM_KIND_PERSON, "Vostrikov", 2)) == sv &&
         link_of(doc, find_nth(doc, NM_KIND_PERSON, "Vostrikov", 3)) == sv,
     "people: surname-only Vostrikov links to him");
  long full = find_text(doc, NM_KIND_PERSON, "Sergei Vostrikov");
  ok(full >= 0 && !(nm_doc_span(doc, (size_t)full)->flags & NM_FLAG_ALIAS),
     "people: the canonical mention is not flagged alias");
  alias = find_nth(doc, NM_KIND_PERSON, "Vostrikov", 2);
  ok(alias >= 0 && (nm_doc_span(doc, (size_t)alias)->flags & NM_FLAG_ALIAS),
     "people: the surname-only mention is flagged alias");
  is_str(role_of(doc, entity(doc, "Victor Hale") >= 0
                          ? entity(doc, "Victor Hale")
                          : entity(doc, "Hale")),
         NULL, "people: a spokesman described after the name has no role");

  {
    ok(entity(doc, "SergeiVostrikov") < 0,
       "people: no entity \"SergeiVostrikov\"");
    ok(link_of(doc, find_text(doc, NM_KIND_PERSON, "SergeiVostrikov")) == sv,
       "people: the glued SergeiVostrikov links to Sergei Vostrikov");
  }
  ok(find_text(doc, NM_KIND_PERSON, "Victor Hale") >= 0 &&
         entity(doc, "Victor Hale") >= 0,
     "people: Victor Hale at a paragraph start is the whole name");
  {
    long r = find_text(doc, NM_KIND_ROLE, "US Secretary of State");
    ok(r >= 0 && link_of(doc, r) == ellison,
       "people: a role span over \"US Secretary of State\" links to "
       "Ellison");
    long us = find_text(doc, NM_KIND_PLACE, "US");
    ok(us >= 0 && r >= 0 && nm_doc_span(doc, (size_t)us)->parent == r,
       "people: the place US nests inside the role span");
  }
}

static void test_orgs_places(const nm_doc *doc) {
  char got[512];
  long us = entity(doc, "United States");
  ok(us >= 0 && nm_doc_entity_kind(doc, (size_t)us) == NM_KIND_PLACE,
     "places: US is the place United States");
  ok(link_of(doc, find_text(doc, NM_KIND_PLACE, "US")) == us,
     "places: the US of \"US Secretary of State\" is a mention of it");
  long geneva = entity(doc, "Geneva");
  mention_texts(doc, geneva, got, sizeof got);
  is_str(got, "Geneva|Geneva|Geneva",
         "places: Geneva in the headline, caption and dateline");
  static const char *const places[] = {"Washington", "Moscow", "Russia"};
  for (size_t i = 0; i < 3; i++) {
    long e = entity(doc, places[i]);
    ok(e >= 0 && nm_doc_entity_kind(doc, (size_t)e) == NM_KIND_PLACE,
       "places: %s is a place", places[i]);
  }
  static const char *const orgs[] = {"European Space Agency",
                                     "Ministry of Defence", "National Council",
                                     "Associated Press"};
  for (size_t i = 0; i < 4; i++) {
    long e = entity(doc, orgs[i]);
    ok(e >= 0 && nm_doc_entity_kind(doc, (size_t)e) == NM_KIND_ORGANIZATION,
       "orgs: %s is an organization", orgs[i]);
  }
  long esa = entity(doc, "European Space Agency");
  mention_texts(doc, esa, got, sizeof got);
  is_str(got, "European Space Agency|ESA|ESA",
         "orgs: ESA, defined in parentheses, links to the agency");
  ok(entity(doc, "ESA") < 0, "orgs: no separate entity ESA");
  {
    long m = find_nth(doc, NM_KIND_ORGANIZATION, "ESA", 1);
    ok(m >= 0 && (nm_doc_span(doc, (size_t)m)->flags & NM_FLAG_ALIAS),
       "orgs: the acronym mention ESA is flagged alias");
  }
  ok(link_of(doc, find_text(doc, NM_KIND_ORGANIZATION, "AP")) ==
         entity(doc, "Associated Press"),
     "orgs: AP in the image credit is the Associated Press");
}

static void test_not_names(const nm_doc *doc) {
  static const struct {
    const char *word;
    int nth;
  } words[] = {{"Envoys", 0},    {"Meet", 0},  {"In Geneva", 0},
               {"Ceasefire", 0}, {"Talks", 0}, {"Resume", 0},
               {"Such", 0},      {"Last", 0},  {"Image Credit", 0},
               {"Tuesday", 0}};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    ok(!mention_at(doc, words[i].word, words[i].nth),
       "not names: \"%s\" is no mention", words[i].word);
}

/* Every entity has a name, a kind and as many mentions as spans say. */
static void test_entities(const nm_doc *doc) {
  size_t ents = nm_doc_entity_count(doc), n;
  const nm_span *s = nm_doc_spans(doc, &n);
  bool good = ents > 0;
  for (size_t e = 0; e < ents; e++) {
    size_t len, mentions = 0, quotes = 0;
    const char *name = nm_doc_entity_name(doc, e, &len);
    int kind = nm_doc_entity_kind(doc, e);
    for (size_t i = 0; i < n; i++) {
      mentions += is_mention(s[i].kind) && s[i].link == (int32_t)e;
      quotes += s[i].kind == NM_KIND_QUOTE && s[i].link == (int32_t)e;
    }
    if (!name || len == 0 || strlen(name) != len || !is_mention(kind) ||
        mentions == 0 || nm_doc_entity_mention_count(doc, e) != mentions ||
        nm_doc_entity_quote_count(doc, e) != quotes) {
      diag("entity %zu \"%s\": kind %d, %zu mentions (counted %zu)", e,
           name ? name : "(null)", kind, mentions,
           nm_doc_entity_mention_count(doc, e));
      good = false;
    }
  }
  ok(good, "entities: %zu, each named, of a mention kind, counts agree", ents);
  bool kinds = true;
  for (size_t i = 0; i < n; i++)
    if (is_mention(s[i].kind))
      kinds = kinds && s[i].link >= 0 && (size_t)s[i].link < ents &&
              nm_doc_entity_kind(doc, (size_t)s[i].link) == s[i].kind;
  ok(kinds, "entities: every mention's kind is its entity's kind");
}

/* ------------------------------------------------------------ roles */

static void test_roles(void) {
  nm_doc *doc = parse(
      "Ministers meet in Oslo\n\n"
      "On Monday, Fisheries Minister Oliver Brandt met acting Trade Minister "
      "Jane Holm and Deputy Fisheries Minister Karl Vik in Oslo.\n\n"
      "Councillor Paul Okafor and Opposition leader Dana Whitfield also "
      "attended.\n");
  if (!ok(doc != NULL, "roles: parses"))
    return;
  is_str(role_of(doc, entity(doc, "Oliver Brandt")), "Fisheries Minister",
         "roles: Fisheries Minister Oliver Brandt");
  is_str(role_of(doc, entity(doc, "Jane Holm")), "Trade Minister",
         "roles: acting Trade Minister Jane Holm: Trade Minister");
  is_str(role_of(doc, entity(doc, "Karl Vik")), "Deputy Fisheries Minister",
         "roles: Deputy Fisheries Minister Karl Vik");
  is_str(role_of(doc, entity(doc, "Paul Okafor")), "Councillor",
         "roles: Councillor Paul Okafor at a paragraph start");
  ok(find_text(doc, NM_KIND_PERSON, "Oliver Brandt") >= 0 &&
         find_text(doc, NM_KIND_PERSON, "Jane Holm") >= 0 &&
         find_text(doc, NM_KIND_PERSON, "Karl Vik") >= 0,
     "roles: the mentions are the names alone");
  nm_doc_free(doc);

  doc = parse("Ministers meet in Oslo\n\n"
              "Foreign Minister Oliver Brandt met his Danish counterpart on "
              "Monday.\n\n"
              "Transport Minister Rafael Ortiz called the rail link a "
              "once-in-a-generation investment.\n\n"
              "Fisheries Minister Ingrid Solberg opened the session.\n");
  if (!doc)
    return;
  is_str(role_of(doc, entity(doc, "Oliver Brandt")), "Foreign Minister",
         "roles: a role at a paragraph start keeps its first word");
  is_str(role_of(doc, entity(doc, "Rafael Ortiz")), "Transport Minister",
         "roles: Transport Minister Rafael Ortiz at a paragraph start");
  is_str(role_of(doc, entity(doc, "Ingrid Solberg")), "Fisheries Minister",
         "roles: Fisheries Minister Ingrid Solberg at a paragraph start");
  nm_doc_free(doc);
}

/* ------------------------------------------------------------ bylines */

static void test_bylines(void) {
  nm_doc *doc = parse("UK inflation falls to lowest level in two years\n\n"
                      "By Fiona Grant\n\n"
                      "LONDON (Reuters) - British consumer price inflation "
                      "fell to its lowest level in two years in May.\n");
  if (!ok(doc != NULL, "bylines: parses"))
    return;
  long fg = entity(doc, "Fiona Grant");
  ok(fg >= 0 &&
         link_of(doc, find_text(doc, NM_KIND_PERSON, "Fiona Grant")) == fg,
     "bylines: the author is a person mention, without \"By\"");
  is_str(role_of(doc, fg), NULL, "bylines: \"By\" is not a role");
  nm_doc_free(doc);

  doc = parse("Sultanate switches on its first offshore wind farm\n\n"
              "By Nadia Rahman, Staff Reporter\n\n"
              "Bandar Seri Begawan, Brunei: The country\xe2\x80\x99s first "
              "offshore wind farm began supplying power on Sunday.\n");
  if (!doc)
    return;
  ok(find_text(doc, NM_KIND_PERSON, "Nadia Rahman") >= 0,
     "bylines: By Nadia Rahman, Staff Reporter names a person");
  nm_doc_free(doc);
}

/* ------------------------------------------------------------ articles */

static void test_determiner(void) {
  nm_doc *doc = parse("Senate passes stopgap bill to avert shutdown\n\n"
                      "WASHINGTON \xe2\x80\x94 The Senate on Thursday passed a "
                      "stopgap spending bill.\n");
  if (!ok(doc != NULL, "determiner: parses"))
    return;
  {
    ok(find_nth(doc, NM_KIND_ORGANIZATION, "Senate", 1) >= 0,
       "determiner: the mention is \"Senate\", without \"The\"");
    ok(entity(doc, "The Senate") < 0 &&
           link_of(doc, find_nth(doc, NM_KIND_ORGANIZATION, "Senate", 1)) ==
               link_of(doc, find_nth(doc, NM_KIND_ORGANIZATION, "Senate", 0)),
       "determiner: headline and body mentions are one entity");
  }
  nm_doc_free(doc);
}

/* "NAME (OTHER NAME" at the end of a block: the acronym check looked for
 * a ")" one token past the block's last. 16 tokens, so that the token
 * array is exactly full and ASan (make asan) sees a read past it. */
static void test_paren_at_block_end(void) {
  nm_doc *doc = parse("Harbour towns win\n\n"
                      "On the day we met and spoke at length with the Port "
                      "Authority (Harbour Board\n");
  if (!ok(doc != NULL, "paren at block end: parses"))
    return;
  ok(find_nth(doc, NM_KIND_ORGANIZATION, "Port Authority", 0) >= 0,
     "paren at block end: the name before the \"(\" is found");
  nm_doc_free(doc);
}

/* "David and Louise Turpin": the lone given name shares the surname after
 * it (and David is a town in a gazetteer: it must not become a place). */
static void test_shared_surname(void) {
  nm_doc *doc = parse("Couple sentenced\n\n"
                      "A judge sentenced David and Louise Turpin to life in "
                      "prison on Friday.\n\n"
                      "David Turpin was also charged with fraud.\n");
  if (!ok(doc != NULL, "shared surname: parses"))
    return;
  long david = entity(doc, "David Turpin");
  ok(david >= 0 && nm_doc_entity_kind(doc, (size_t)david) == NM_KIND_PERSON,
     "shared surname: David Turpin is a person");
  char texts[128];
  mention_texts(doc, david, texts, sizeof texts);
  is_str(texts, "David|David Turpin",
         "shared surname: \"David\" and \"David Turpin\" are one person");
  ok(entity(doc, "Louise Turpin") >= 0 && entity(doc, "David") < 0,
     "shared surname: Louise Turpin too, and no entity \"David\"");
  nm_doc_free(doc);
}

/* "On Friday Ford Motor Company announced": the day is no part of the
 * name; "the Sunday Times" keeps its day. */
static void test_date_before_name(void) {
  nm_doc *doc = parse("Recall announced\n\n"
                      "On Friday Ford Motor Company announced a recall. He "
                      "told the Sunday Times that the cars were safe.\n");
  if (!ok(doc != NULL, "date before a name: parses"))
    return;
  ok(entity(doc, "Ford Motor Company") >= 0 &&
         entity(doc, "Friday Ford Motor Company") < 0,
     "date before a name: \"Ford Motor Company\", without \"Friday\"");
  ok(entity(doc, "Sunday Times") >= 0,
     "date before a name: \"the Sunday Times\" keeps its day");
  nm_doc_free(doc);
}

/* "MS Although we used ...": an interview answer after the initials of
 * who answers; "MS" there is no "Ms", and "Although" no name. */
static void test_initials_not_honorific(void) {
  nm_doc *doc = parse("Interview\n\n"
                      "((WN)) How old are the data?\n\n"
                      "MS Although we used data from 2004, the link holds. "
                      "Ms Sarah Lin agreed.\n");
  if (!ok(doc != NULL, "initials: parses"))
    return;
  ok(entity(doc, "Although") < 0 && !mention_at(doc, "Although", 0),
     "initials: \"Although\" after \"MS\" is no name");
  long lin = entity(doc, "Sarah Lin");
  is_str(role_of(doc, lin), "Ms",
         "initials: \"Ms\" before a name is still a role");
  nm_doc_free(doc);
}

/* Capitalised common nouns that name no one: an irregular plural at a
 * sentence start ("Women, who ..."), a noun after "an". */
static void test_common_nouns(void) {
  nm_doc *doc = parse("Ruling\n\n"
                      "Women, who make up 16% of the force, can now serve. "
                      "The Court will make an Order declaring the advice "
                      "unlawful. Many Muslims, who pray there, came from "
                      "Hindus in Delhi. It is the largest Australian state. "
                      "The 14th Amendment states that.\n");
  if (!ok(doc != NULL, "common nouns: parses"))
    return;
  ok(kind_of(doc, "Women") != NM_KIND_PERSON,
     "common nouns: \"Women, who\" is no person");
  ok(kind_of(doc, "Order") != NM_KIND_PERSON,
     "common nouns: \"an Order\" is no person");
  ok(entity(doc, "Muslims") < 0,
     "common nouns: \"Muslims, who\" (a faith's members) is no name");
  ok(entity(doc, "Hindus") < 0, "common nouns: \"from Hindus\" is no place");
  ok(entity(doc, "Australian") < 0,
     "common nouns: \"Australian state\" (an adjective) is no name");
  ok(kind_of(doc, "Amendment") != NM_KIND_PERSON,
     "common nouns: \"The 14th Amendment states\" is no person");
  nm_doc_free(doc);
}

/* "published on Thursday in Orbis Letters": a journal, whatever words
 * come between "published" and "in". */
static void test_published_in(void) {
  nm_doc *doc = parse("Ice study\n\n"
                      "The study, published on Thursday in Orbis Letters, "
                      "found the ice thinner. A second team published a "
                      "paper in Polar Review Quarterly.\n");
  if (!ok(doc != NULL, "published in: parses"))
    return;
  ok(kind_of(doc, "Orbis Letters") == NM_KIND_ORGANIZATION,
     "published in: \"published on Thursday in X\": X is a publication");
  ok(kind_of(doc, "Polar Review Quarterly") == NM_KIND_ORGANIZATION,
     "published in: \"published a paper in X\": X is a publication");
  nm_doc_free(doc);
}

/* A treaty, an instrument or a storm named after someone is no one. */
static void test_named_things(void) {
  nm_doc *doc = parse("Storm season\n\n"
                      "Hurricane Dorian hit the islands as the two states "
                      "signed the Abraham Accords. The James Webb Space "
                      "Telescope took its first images. The ferry MV Namse "
                      "Bangdzod sank. Namse Bangdzod was old.\n");
  if (!ok(doc != NULL, "named things: parses"))
    return;
  static const char *const things[] = {"Hurricane Dorian", "Abraham Accords",
                                       "James Webb Space Telescope",
                                       "MV Namse Bangdzod"};
  for (size_t k = 0; k < sizeof things / sizeof *things; k++)
    ok(kind_of(doc, things[k]) != NM_KIND_PERSON,
       "named things: %s is no person", things[k]);
  nm_doc_free(doc);
}

/* "Department of Justice": an organization, though a justice is also a
 * judge's title, after a country too. */
static void test_head_of_title(void) {
  nm_doc *doc = parse("Inquiry\n\n"
                      "The Department of Justice said nothing. The Ministry "
                      "of Justice declined to comment. Lawyers wrote to the "
                      "United States Department of Justice.\n");
  if (!ok(doc != NULL, "head of title: parses"))
    return;
  ok(kind_of(doc, "Department of Justice") == NM_KIND_ORGANIZATION,
     "head of title: \"Department of Justice\" is one organization");
  ok(kind_of(doc, "Ministry of Justice") == NM_KIND_ORGANIZATION,
     "head of title: \"Ministry of Justice\" is one organization");
  ok(kind_of(doc, "United States Department of Justice") ==
         NM_KIND_ORGANIZATION,
     "head of title: \"United States Department of Justice\" is one "
     "organization");
  nm_doc_free(doc);
}

/* A head word before "of" after words that qualify it ("European Court
 * of Justice"), but a title with a name after it is a role; "House" is a
 * head ("House of Commons", "House Oversight and Reform Committee"). */
static void test_qualified_head_of(void) {
  nm_doc *doc = parse("Brexit talks\n\n"
                      "Trade and the European Court of Justice were on the "
                      "table. The Supreme Court of Justice ruled. The House "
                      "of Commons voted. A London Stock Exchange plan "
                      "failed. The House Oversight and Reform Committee "
                      "met. House of Representatives Speaker Nancy Pelosi "
                      "spoke. The case went to the Supreme Court of the "
                      "United Kingdom. The President of the United States "
                      "spoke.\n");
  if (!ok(doc != NULL, "qualified head of: parses"))
    return;
  ok(kind_of(doc, "European Court of Justice") == NM_KIND_ORGANIZATION,
     "qualified head of: \"European Court of Justice\" is one organization");
  ok(kind_of(doc, "Supreme Court of Justice") == NM_KIND_ORGANIZATION,
     "qualified head of: \"Supreme Court of Justice\" is one organization");
  ok(kind_of(doc, "House of Commons") == NM_KIND_ORGANIZATION,
     "qualified head of: \"House of Commons\" is an organization");
  ok(kind_of(doc, "London Stock Exchange") == NM_KIND_ORGANIZATION,
     "qualified head of: \"London Stock Exchange\" is an organization");
  ok(kind_of(doc, "House Oversight and Reform Committee") ==
         NM_KIND_ORGANIZATION,
     "qualified head of: \"House Oversight and Reform Committee\" is one");
  ok(kind_of(doc, "Nancy Pelosi") == NM_KIND_PERSON &&
         !strcmp(role_of(doc, entity(doc, "Nancy Pelosi")),
                 "House of Representatives Speaker"),
     "qualified head of: \"House of Representatives Speaker\" is a role");
  ok(kind_of(doc, "Supreme Court of the United Kingdom") ==
         NM_KIND_ORGANIZATION,
     "qualified head of: \"Supreme Court of the United Kingdom\" is one");
  ok(kind_of(doc, "United States") == NM_KIND_PLACE,
     "qualified head of: \"President of the United States\": a place after "
     "a title");
  nm_doc_free(doc);
}

/* After a head and "for", "and" joins the name's last part as after "of";
 * a known name or a given name after "and" starts another; a person after
 * "ORG of NAME" is no part of the organization. */
static void test_head_for_and(void) {
  nm_doc *doc = parse("Outbreak\n\n"
                      "The Centers for Disease Control and Prevention said "
                      "more. The Center for Systems Science and Engineering "
                      "said more. The Center for Biological Diversity and "
                      "Greenpeace sued. The Center for Wildlife and Bob "
                      "Smith sued. Members of the House of Representatives "
                      "Darin LaHood and Mike Bost objected. The University "
                      "of South Carolina Beaufort and Mike Bost agreed.\n");
  if (!ok(doc != NULL, "head for and: parses"))
    return;
  ok(kind_of(doc, "Centers for Disease Control and Prevention") ==
         NM_KIND_ORGANIZATION,
     "head for and: \"Centers for Disease Control and Prevention\" is one");
  ok(kind_of(doc, "Center for Systems Science and Engineering") ==
         NM_KIND_ORGANIZATION,
     "head for and: \"Center for Systems Science and Engineering\" is one");
  ok(entity(doc, "Center for Biological Diversity") >= 0 &&
         kind_of(doc, "Greenpeace") == NM_KIND_ORGANIZATION,
     "head for and: \"... Diversity and Greenpeace\" are two");
  ok(entity(doc, "Center for Wildlife") >= 0 &&
         kind_of(doc, "Bob Smith") == NM_KIND_PERSON,
     "head for and: \"... Wildlife and Bob Smith\" are two");
  ok(kind_of(doc, "House of Representatives") == NM_KIND_ORGANIZATION &&
         kind_of(doc, "Darin LaHood") == NM_KIND_PERSON,
     "head for and: \"House of Representatives Darin LaHood\" are two");
  ok(kind_of(doc, "University of South Carolina Beaufort") ==
         NM_KIND_ORGANIZATION,
     "head for and: \"University of South Carolina Beaufort\" is one");
  nm_doc_free(doc);
}

/* A university's campus after a comma or "at" is part of its name; another
 * institution after the comma is not. */
static void test_campus(void) {
  nm_doc *doc = parse("Alumni\n\n"
                      "He studied at the University of California, San Diego "
                      "and at the University of Colorado at Boulder. She "
                      "taught at the University of Oxford, Cambridge "
                      "University and Yale.\n\n"
                      "After a degree from the University of California, Los "
                      "Angeles, Munk worked at sea.\n");
  if (!ok(doc != NULL, "campus: parses"))
    return;
  ok(kind_of(doc, "University of California, San Diego") ==
         NM_KIND_ORGANIZATION,
     "campus: \"University of California, San Diego\" is one");
  ok(kind_of(doc, "University of Colorado at Boulder") == NM_KIND_ORGANIZATION,
     "campus: \"University of Colorado at Boulder\" is one");
  ok(entity(doc, "University of Oxford") >= 0 &&
         entity(doc, "Cambridge University") >= 0,
     "campus: \"University of Oxford, Cambridge University\" are two");
  ok(entity(doc, "University of California, Los Angeles") >= 0 &&
         entity(doc, "University of California, Los Angeles, Munk") < 0,
     "campus: one campus: \"..., Los Angeles, Munk worked\"");
  nm_doc_free(doc);
}

/* A credit names an agency ("Image: Reuters") or a photographer with a
 * given name ("Image: Nicholas Moreau"). */
static void test_credit_photographer(void) {
  nm_doc *doc = parse("Costumes on show\n\n"
                      "Costume makers met on Saturday.\n\n"
                      "Image: Nicholas Moreau.\n\n"
                      "The fans danced.\n\n"
                      "Image: Reuters.\n\n"
                      "The show ended.\n");
  if (!ok(doc != NULL, "credit photographer: parses"))
    return;
  ok(kind_of(doc, "Nicholas Moreau") == NM_KIND_PERSON,
     "credit photographer: \"Image: Nicholas Moreau\" is a person");
  ok(kind_of(doc, "Reuters") == NM_KIND_ORGANIZATION,
     "credit photographer: \"Image: Reuters\" is an organization");
  nm_doc_free(doc);
}

/* Bodies known by a noun before them ("the trade union Aslef"), an acronym
 * before a noun for a body ("the RMT union") or a party named by its
 * members ("the Liberal Democrats"; but "Fellow Democrats" are people). */
static void test_bodies(void) {
  nm_doc *doc = parse("Strike\n\n"
                      "The trade union Aslef said it would strike. The RMT "
                      "union said the same. The Liberal Democrats said "
                      "nothing. The ART centre opened.\n");
  if (!ok(doc != NULL, "bodies: parses"))
    return;
  ok(kind_of(doc, "Aslef") == NM_KIND_ORGANIZATION,
     "bodies: \"the trade union Aslef said\" is an organization");
  ok(kind_of(doc, "RMT") == NM_KIND_ORGANIZATION,
     "bodies: \"the RMT union said\" is an organization");
  ok(kind_of(doc, "Liberal Democrats") == NM_KIND_ORGANIZATION,
     "bodies: \"the Liberal Democrats said\" is an organization");
  ok(entity(doc, "ART") < 0, "bodies: \"the ART centre\" names nothing");
  nm_doc_free(doc);
}

/* A name written with and without its accents is one person: the whole
 * name ("José Pérez" / "Jose Perez") and the surname alone ("Brudzinski"
 * of "Joachim Brudziński"). */
static void test_accents(void) {
  nm_doc *doc = parse("Fire\n\n"
                      "Interior Minister Joachim Brudziński spoke. "
                      "Brudzinski later said more. José Pérez came. Jose "
                      "Perez said so.\n");
  if (!ok(doc != NULL, "accents: parses"))
    return;
  long e = entity(doc, "Joachim Brudzi\xc5\x84ski");
  ok(e >= 0 && link_of(doc, find_text(doc, NM_KIND_PERSON, "Brudzinski")) == e,
     "accents: \"Brudzinski\" is Joachim Brudzi\xc5\x84ski");
  e = entity(doc, "Jos\xc3\xa9 P\xc3\xa9rez");
  ok(e >= 0 && link_of(doc, find_text(doc, NM_KIND_PERSON, "Jose Perez")) == e,
     "accents: \"Jose Perez\" is Jos\xc3\xa9 P\xc3\xa9rez");
  nm_doc_free(doc);
}

/* A name before a comma and a whole country or region is a town ("at
 * Cotton Tree, Australia"); not one before the start of a longer name
 * ("Western Native Voice, Montana Native Vote"). */
static void test_town_comma_country(void) {
  nm_doc *doc = parse("Rugby\n\n"
                      "Saturday, May 2, 2020\n\n"
                      "They won at Cotton Tree, Australia on Saturday. The "
                      "plaintiffs were Western Native Voice, Montana Native "
                      "Vote and others. The fire was in Koszalin, Poland\n");
  if (!ok(doc != NULL, "town comma country: parses"))
    return;
  ok(kind_of(doc, "Cotton Tree") == NM_KIND_PLACE,
     "town comma country: \"Cotton Tree, Australia\" is a place");
  ok(kind_of(doc, "Koszalin") == NM_KIND_PLACE,
     "town comma country: \"Koszalin, Poland\" at the block end");
  ok(kind_of(doc, "Western Native Voice") != NM_KIND_PLACE,
     "town comma country: \"X, Montana Native Vote\" is no town");
  nm_doc_free(doc);
}

/* Inside a role, capitalised words up to a head word right before the
 * title are one body ("Amazon Environmental Research Institute Director"),
 * but not over a person's name ("Bill Clinton White House Press Secretary")
 * nor from an adjective ("Republican Senate Majority Leader"). */
static void test_body_in_role(void) {
  nm_doc *doc = parse("Fires\n\n"
                      "Experts agree. Amazon Environmental Research Institute "
                      "Director Ane Alencar spoke. Former Bill Clinton White "
                      "House Press Secretary Joe Lockhart spoke. Mitch "
                      "McConnell, the Republican Senate Majority Leader, "
                      "spoke.\n");
  if (!ok(doc != NULL, "body in role: parses"))
    return;
  ok(kind_of(doc, "Amazon Environmental Research Institute") ==
         NM_KIND_ORGANIZATION,
     "body in role: \"Amazon Environmental Research Institute\" is one");
  ok(entity(doc, "Bill Clinton White House") < 0,
     "body in role: no \"Bill Clinton White House\"");
  ok(entity(doc, "Republican Senate") < 0,
     "body in role: no \"Republican Senate\"");
  nm_doc_free(doc);
}

/* A war is no place ("in World War Two"); the "War Office" is a body. */
static void test_wars(void) {
  nm_doc *doc = parse("Obituary\n\n"
                      "Walter Munk served in World War II and in World War "
                      "Two. He joined the War Office in London and left "
                      "US$2 million.\n");
  if (!ok(doc != NULL, "wars: parses"))
    return;
  ok(entity(doc, "World War II") < 0 && entity(doc, "World War Two") < 0,
     "wars: \"World War II\", \"World War Two\" are no mentions");
  ok(find_text(doc, NM_KIND_PLACE, "US") < 0,
     "wars: \"US$2 million\" is a currency, no place");
  ok(kind_of(doc, "War Office") == NM_KIND_ORGANIZATION,
     "wars: \"War Office\" is an organization");
  nm_doc_free(doc);
}

/* A one-word name in parentheses after a body's name that it abbreviates
 * is that body's short name, here and later; one that does not abbreviate
 * it ("Riverton Water Board (Zorvex)") is not. */
static void test_short_name(void) {
  nm_doc *doc = parse("Volcano\n\n"
                      "The Philippine Institute of Volcanology and Seismology "
                      "(Phivolcs) said more. Later Phivolcs said the same. The "
                      "Riverton Water Board (Zorvex) met. The Parliament of "
                      "New South Wales (NSW) voted. The Federal Security "
                      "Service (FSB) said more. The United States National "
                      "Institute of Allergy and Infectious Diseases (NIAID) "
                      "said more.\n");
  if (!ok(doc != NULL, "short name: parses"))
    return;
  long e = entity(doc, "Philippine Institute of Volcanology and Seismology");
  ok(e >= 0 &&
         link_of(doc, find_nth(doc, NM_KIND_ORGANIZATION, "Phivolcs", 0)) == e,
     "short name: \"(Phivolcs)\" is the institute");
  ok(e >= 0 &&
         link_of(doc, find_nth(doc, NM_KIND_ORGANIZATION, "Phivolcs", 1)) == e,
     "short name: a later \"Phivolcs said\" is the institute");
  long nsw = find_text(doc, NM_KIND_ORGANIZATION, "NSW");
  ok(nsw < 0 ||
         link_of(doc, nsw) != entity(doc, "Parliament of New South Wales"),
     "short name: \"(NSW)\" is not the parliament's");
  long fsb = entity(doc, "Federal Security Service");
  ok(fsb >= 0 &&
         link_of(doc, find_text(doc, NM_KIND_ORGANIZATION, "FSB")) == fsb,
     "short name: \"(FSB)\", an acronym of another language, is the "
     "service");
  long niaid = entity(doc, "United States National Institute of Allergy and "
                           "Infectious Diseases");
  ok(niaid >= 0 &&
         link_of(doc, find_text(doc, NM_KIND_ORGANIZATION, "NIAID")) == niaid,
     "short name: \"(NIAID)\" after a country and the institute is it");
  long z = find_text(doc, NM_KIND_ORGANIZATION, "Zorvex");
  ok(z < 0 || link_of(doc, z) != entity(doc, "Riverton Water Board"),
     "short name: \"(Zorvex)\" does not abbreviate the board");
  nm_doc_free(doc);
}

/* "a colony called Southern Rhodesia" names, it does not speak; an acronym
 * of Roman numerals ("MDC") is a name once the document gave it; "Assad"
 * is "Bashar al-Assad". */
static void test_named_and_glued(void) {
  nm_doc *doc = parse("Mugabe dies\n\n"
                      "He was born in a colony called Southern Rhodesia. "
                      "Opposition came from the Movement for Democratic "
                      "Change (MDC). Later the MDC won. Syrian President "
                      "Bashar al-Assad spoke. Later, Assad left.\n");
  if (!ok(doc != NULL, "named and glued: parses"))
    return;
  ok(kind_of(doc, "Southern Rhodesia") != NM_KIND_PERSON,
     "named and glued: \"called Southern Rhodesia\" is no person");
  long mdc = entity(doc, "Movement for Democratic Change");
  ok(mdc >= 0 &&
         link_of(doc, find_nth(doc, NM_KIND_ORGANIZATION, "MDC", 1)) == mdc,
     "named and glued: \"the MDC won\" is the movement");
  long assad = entity(doc, "Bashar al-Assad");
  ok(assad >= 0 &&
         link_of(doc, find_nth(doc, NM_KIND_PERSON, "Assad", 1)) == assad,
     "named and glued: \"Assad\" is Bashar al-Assad");
  nm_doc_free(doc);
}

/* The dot of "D.C." can end a sentence too: "D.C. They" is no name;
 * "D.C." is a place. */
static void test_dotted_sentence_end(void) {
  nm_doc *doc = parse("Arrests\n\n"
                      "Police acted in Texas and Washington, D.C. They "
                      "arrested five.\n");
  if (!ok(doc != NULL, "dotted sentence end: parses"))
    return;
  ok(entity(doc, "D.C. They") < 0, "dotted sentence end: no \"D.C. They\"");
  ok(kind_of(doc, "D.C.") == NM_KIND_PLACE,
     "dotted sentence end: \"D.C.\" is a place");
  nm_doc_free(doc);
}

/* Two or three capitalised words that name nothing we know, shaped like a
 * person's name, are a person when nothing says otherwise ("Qasem
 * Soleimani", "Coco Chanel"); not a thing after a common word ("Radar
 * Imager"), a plural ("Chess Olympiads"), a storm, or a longer place's
 * first word ("Los Angeles Lakers"). */
static void test_person_shape(void) {
  nm_doc *doc =
      parse("Exhibit\n\n"
            "The museum showed works by designers including Coco Chanel "
            "and Qasem Soleimani. The Radar Imager failed. The Chess "
            "Olympiads ended. Tropical Storm Barry "
            "came. The Los Angeles Lakers won.\n");
  if (!ok(doc != NULL, "person shape: parses"))
    return;
  ok(kind_of(doc, "Coco Chanel") == NM_KIND_PERSON,
     "person shape: \"Coco Chanel\" is a person");
  ok(kind_of(doc, "Qasem Soleimani") == NM_KIND_PERSON,
     "person shape: \"Qasem Soleimani\" is a person");
  ok(kind_of(doc, "Radar Imager") != NM_KIND_PERSON,
     "person shape: \"Radar Imager\" is no person");
  ok(kind_of(doc, "Chess Olympiads") != NM_KIND_PERSON,
     "person shape: \"Chess Olympiads\" is no person");
  ok(kind_of(doc, "Tropical Storm Barry") != NM_KIND_PERSON,
     "person shape: \"Tropical Storm Barry\" is no person");
  ok(kind_of(doc, "Los Angeles Lakers") != NM_KIND_PERSON,
     "person shape: \"Los Angeles Lakers\" is no person");
  nm_doc_free(doc);
}

/* A person known by the shape of the name alone stays one inside a longer
 * name of no kind ("Bharat Ratna Pranab Mukherjee": an award before it);
 * common words before a demonym are an adjective ("Native American
 * voters"); a former country is a place; a noun for a person after a
 * determiner is a role. */
static void test_shape_merge_and_demonyms(void) {
  nm_doc *doc =
      parse("Obituary\n\n"
            "On Monday, Pranab Mukherjee, a politician, died. Modi wrote: "
            "\"We mourn Bharat Ratna Pranab Mukherjee.\" Mukherjee was 84. "
            "Laws that face Native American voters and Latin Americans "
            "irked him. He was born in the Soviet Union. Ann Lee met the "
            "coach Tom Ruiz, and rules that face Jon Bell irked her.\n");
  if (!ok(doc != NULL, "shape merge: parses"))
    return;
  ok(mention_at(doc, "Pranab Mukherjee", 0) &&
         mention_at(doc, "Mukherjee was", 0),
     "shape merge: the person's mentions stay");
  ok(!mention_at(doc, "Native American", 0),
     "demonyms: \"Native American voters\" names no one");
  ok(!mention_at(doc, "Latin Americans", 0),
     "demonyms: \"Latin Americans\" names no one");
  ok(kind_of(doc, "Soviet Union") == NM_KIND_PLACE,
     "former countries: the Soviet Union is a place");
  is_str(role_of(doc, entity(doc, "Tom Ruiz")), "coach",
         "person noun: \"the coach Tom Ruiz\" has the role \"coach\"");
  ok(role_of(doc, entity(doc, "Jon Bell")) == NULL,
     "person noun: \"rules that face Jon Bell\": a verb, no role");
  nm_doc_free(doc);
}

/* Honorifics of other languages ("Swami", "Cde") and titles with "co-",
 * "ex-" or "vice-" ("Co-developer") are roles, no part of the name. */
static void test_more_roles(void) {
  nm_doc *doc = parse("Rally\n\n"
                      "Swami Chakrapani spoke. Cde Robert Mugabe spoke. "
                      "Co-developer Jing Wang spoke.\n");
  if (!ok(doc != NULL, "more roles: parses"))
    return;
  ok(kind_of(doc, "Chakrapani") == NM_KIND_PERSON &&
         entity(doc, "Swami Chakrapani") < 0,
     "more roles: \"Swami\" is a role");
  ok(entity(doc, "Robert Mugabe") >= 0 && entity(doc, "Cde Robert Mugabe") < 0,
     "more roles: \"Cde\" is a role");
  ok(kind_of(doc, "Jing Wang") == NM_KIND_PERSON &&
         !strcmp(role_of(doc, entity(doc, "Jing Wang")), "Co-developer"),
     "more roles: \"Co-developer\" is a role");
  nm_doc_free(doc);
}

/* Well-known companies are organizations without a cue ("a contract
 * with Boeing"), and an interview's "((WN))" is Wikinews. */
static void test_known_companies(void) {
  nm_doc *doc = parse("Interview\n\n"
                      "((WN)) What of the contract with Boeing?\n\n"
                      "((Ada Lind)) It is fine.\n");
  if (!ok(doc != NULL, "known companies: parses"))
    return;
  ok(kind_of(doc, "Boeing") == NM_KIND_ORGANIZATION,
     "known companies: \"Boeing\" is an organization");
  long wn = find_text(doc, NM_KIND_ORGANIZATION, "WN");
  ok(wn >= 0 && link_of(doc, wn) == entity(doc, "Wikinews"),
     "known companies: \"((WN))\" is Wikinews");
  nm_doc_free(doc);
  doc = parse("Vote\n\n"
              "He told MSNBC the Lok Sabha would vote.\n");
  if (!ok(doc != NULL, "known bodies: parses"))
    return;
  ok(kind_of(doc, "MSNBC") == NM_KIND_ORGANIZATION,
     "known bodies: \"MSNBC\" is an organization");
  ok(kind_of(doc, "Lok Sabha") == NM_KIND_ORGANIZATION,
     "known bodies: \"Lok Sabha\" is an organization");
  nm_doc_free(doc);
}

/* "and" inside an organization's name after two words without a head of
 * their own; between two whole names it still splits. */
static void test_two_words_and(void) {
  nm_doc *doc = parse("Storm warning\n\n"
                      "The National Oceanic and Atmospheric Administration "
                      "issued a warning. The Secret Service and Park Police "
                      "closed the road. The U.S. Securities and Exchange "
                      "Commission said nothing.\n");
  if (!ok(doc != NULL, "two words and: parses"))
    return;
  ok(entity(doc, "National Oceanic and Atmospheric Administration") >= 0,
     "two words and: one organization over \"and\"");
  ok(entity(doc, "Secret Service") >= 0 && entity(doc, "Park Police") >= 0,
     "two words and: \"Secret Service and Park Police\" are two");
  ok(entity(doc, "U.S. Securities and Exchange Commission") >= 0,
     "two words and: after a country, \"U.S. Securities and Exchange "
     "Commission\" is one");
  nm_doc_free(doc);
}

/* "former Vice President of the United States Joe Biden": the place of a
 * title that ends its run is no part of the name after it. */
static void test_place_before_person(void) {
  nm_doc *doc = parse("Primary results\n\n"
                      "In second place, former Vice President of the United "
                      "States Joe Biden had 54 delegates.\n\n"
                      "Biden said he was pleased.\n");
  if (!ok(doc != NULL, "place before person: parses"))
    return;
  ok(kind_of(doc, "Joe Biden") == NM_KIND_PERSON &&
         entity(doc, "United States Joe Biden") < 0,
     "place before person: \"Joe Biden\", not \"United States Joe Biden\"");
  ok(kind_of(doc, "United States") == NM_KIND_PLACE,
     "place before person: \"United States\" is a place");
  nm_doc_free(doc);
}

/* "on" or "to" inside an organization's name after its head word, but not
 * before a day. */
static void test_head_on(void) {
  nm_doc *doc = parse("Debates\n\n"
                      "The Senate Committee on Foreign Relations voted. The "
                      "Supreme Court on Wednesday declined the case. The "
                      "Committee to Protect Journalists protested.\n");
  if (!ok(doc != NULL, "head on: parses"))
    return;
  ok(entity(doc, "Senate Committee on Foreign Relations") >= 0,
     "head on: \"Senate Committee on Foreign Relations\" is one name");
  ok(entity(doc, "Supreme Court") >= 0 &&
         entity(doc, "Supreme Court on Wednesday") < 0,
     "head on: \"Supreme Court on Wednesday\" is the court alone");
  ok(entity(doc, "Committee to Protect Journalists") >= 0,
     "head on: \"Committee to Protect Journalists\" is one name");
  nm_doc_free(doc);
}

/* A sentence that opens with a given name that is also a word or a place
 * ("Bill", "Mary") and a surname that is no word: a person, named once. */
static void test_initial_given_name(void) {
  nm_doc *doc = parse("Vote count\n\n"
                      "Mary Okonjo arrived on Monday. Bill Tanaka left. The "
                      "Charlotte Hornets won.\n");
  if (!ok(doc != NULL, "initial given name: parses"))
    return;
  ok(kind_of(doc, "Mary Okonjo") == NM_KIND_PERSON,
     "initial given name: \"Mary Okonjo arrived\" is a person");
  ok(kind_of(doc, "Bill Tanaka") == NM_KIND_PERSON,
     "initial given name: \"Bill Tanaka left\" is a person");
  ok(kind_of(doc, "Charlotte Hornets") != NM_KIND_PERSON,
     "initial given name: \"Charlotte Hornets\" (a word last) is no person");
  nm_doc_free(doc);
}

/* A headline that names the company by its first word before the body
 * gives its full name: "Dornell said" is still the company. */
static void test_company_in_headline(void) {
  nm_doc *doc = parse("Regulators investigating Dornell over emissions\n\n"
                      "Dornell Motor Company announced a recall on Friday. "
                      "Dornell said the fault was rare. Dornell told "
                      "reporters it would pay.\n");
  if (!ok(doc != NULL, "company in headline: parses"))
    return;
  long headline = find_nth(doc, NM_KIND_ORGANIZATION, "Dornell", 0);
  ok(entity(doc, "Dornell") < 0 && headline >= 0 &&
         link_of(doc, headline) == entity(doc, "Dornell Motor Company"),
     "company in headline: \"Dornell\" of the headline and \"Dornell said\" "
     "are Dornell Motor Company");
  nm_doc_free(doc);
}

/* "The Harbour Herald" named mid-sentence has its article at a sentence's
 * start too: one entity, both mentions with "The". */
static void test_article_in_name(void) {
  nm_doc *doc = parse("Late landing\n\n"
                      "The Harbour Herald reported the landing was late. "
                      "The pilot told The Harbour Herald it was safe.\n");
  if (!ok(doc != NULL, "article in name: parses"))
    return;
  long first = find_nth(doc, NM_KIND_ORGANIZATION, "The Harbour Herald", 0);
  long second = find_nth(doc, NM_KIND_ORGANIZATION, "The Harbour Herald", 1);
  ok(first >= 0 && second >= 0 && link_of(doc, first) == link_of(doc, second),
     "article in name: \"The Harbour Herald reported\" and \"told The "
     "Harbour Herald\" are one name, both with \"The\"");
  nm_doc_free(doc);
}

/* A brand's inner capital makes an organization ("ThePrint",
 * "WalesOnline"); a surname's prefix does not ("McCartney", "DeSantis"),
 * nor is "MacArthur" two glued words; a hashtag is no one. */
static void test_camel_case(void) {
  nm_doc *doc =
      parse("Title\n\n"
            "Last month, Ravi Chakra told ThePrint that the plan was fine. "
            "What WalesOnline called fury grew. Paul McCartney and Ron "
            "DeSantis met. The tag #DemDebate trended. General Douglas "
            "MacArthur spoke. McAllister said the plan would fail.\n");
  if (!ok(doc != NULL, "camel case: parses"))
    return;
  ok(kind_of(doc, "ThePrint") == NM_KIND_ORGANIZATION,
     "camel case: \"told ThePrint\" is an organization");
  ok(kind_of(doc, "WalesOnline") == NM_KIND_ORGANIZATION,
     "camel case: \"what WalesOnline called\" is an organization");
  ok(kind_of(doc, "Paul McCartney") == NM_KIND_PERSON &&
         kind_of(doc, "Ron DeSantis") == NM_KIND_PERSON,
     "camel case: McCartney, DeSantis are people");
  ok(kind_of(doc, "McAllister") == NM_KIND_PERSON,
     "camel case: \"McAllister said\" alone is a person");
  ok(kind_of(doc, "Douglas MacArthur") == NM_KIND_PERSON,
     "camel case: \"Douglas MacArthur\" is one name, not \"Mac Arthur\"");
  ok(kind_of(doc, "DemDebate") != NM_KIND_ORGANIZATION,
     "camel case: \"#DemDebate\" is no organization");
  nm_doc_free(doc);
}

/* "the character of Anya Jenkins", "the character Tasha Yar" name roles in
 * fiction: no people, and no one a later "she" means. */
static void test_fictional_character(void) {
  nm_doc *doc = parse("Convention\n\n"
                      "Emma Caufield talked of being cast in a pilot. Faced "
                      "with losing the character of Anya Jenkins, the "
                      "producers made her a regular. \"It was a good day,\" "
                      "she recalls. Actress Denise Crosby played the "
                      "character Tasha Yar.\n");
  if (!ok(doc != NULL, "fictional character: parses"))
    return;
  ok(entity(doc, "Anya Jenkins") < 0 && entity(doc, "Tasha Yar") < 0,
     "fictional character: \"the character (of) NAME\" is no person");
  long quote = find_text(doc, NM_KIND_QUOTE, "\"It was a good day,\"");
  ok(quote >= 0 && link_of(doc, quote) == entity(doc, "Emma Caufield"),
     "fictional character: \"she recalls\" means the actress");
  nm_doc_free(doc);
}

/* One-word companies: "retailer Quolmart", "Zentrova has closed its
 * plant", and "Pellar said" after "Pellar Motor Company" are no people,
 * though they speak; a person who speaks first keeps a foundation named
 * later. */
static void test_companies(void) {
  nm_doc *doc =
      parse("Sales figures\n\n"
            "On Monday, grocery retailer Quolmart said sales rose. Quolmart "
            "said the figures were strong.\n\n"
            "Zentrova said profits fell. Zentrova has closed its plant, and "
            "Zentrova expanded its office in Oslo.\n\n"
            "Pellar Motor Company announced a recall on Friday. Pellar said "
            "the fault was rare. \"We are sorry,\" Pellar told reporters.\n\n"
            "Varnik said the plan would work. The Varnik Foundation paid "
            "for it.\n\n"
            "Rates rose after the Fed said so, and the Varghas said they would "
            "sell. KDRA said the vote was fair.\n\n"
            "Brennet Widgets, Inc. agreed. Later Brennet Widgets, Inc. "
            "paid.\n");
  if (!ok(doc != NULL, "companies: parses"))
    return;
  ok(kind_of(doc, "Quolmart") == NM_KIND_ORGANIZATION,
     "companies: \"retailer Quolmart said\" is an organization");
  ok(kind_of(doc, "Zentrova") == NM_KIND_ORGANIZATION,
     "companies: \"Zentrova has closed its plant\" is an organization");
  long pellar = find_nth(doc, NM_KIND_ORGANIZATION, "Pellar", 1);
  ok(entity(doc, "Pellar") < 0 &&
         link_of(doc, pellar) == entity(doc, "Pellar Motor Company"),
     "companies: \"Pellar said\" is Pellar Motor Company");
  long quote = find_text(doc, NM_KIND_QUOTE, "\"We are sorry,\"");
  ok(link_of(doc, quote) == entity(doc, "Pellar Motor Company"),
     "companies: Pellar Motor Company said \"We are sorry\"");
  ok(kind_of(doc, "Fed") == NM_KIND_ORGANIZATION,
     "companies: \"the Fed said\" is an organization");
  long widgets = entity(doc, "Brennet Widgets, Inc");
  ok(widgets >= 0 &&
         kind_of(doc, "Brennet Widgets, Inc") == NM_KIND_ORGANIZATION &&
         find_nth(doc, NM_KIND_ORGANIZATION, "Brennet Widgets, Inc", 1) >= 0,
     "companies: \"Brennet Widgets, Inc.\" is one name, twice (\"Later\" "
     "no part of it)");
  ok(kind_of(doc, "KDRA") == NM_KIND_ORGANIZATION,
     "companies: \"KDRA said\" (an acronym) is an organization");
  ok(kind_of(doc, "Varghas") != NM_KIND_ORGANIZATION,
     "companies: \"the Varghas said\" (a family) is no organization");
  ok(kind_of(doc, "Varnik") == NM_KIND_PERSON,
     "companies: \"Varnik said\" before the Varnik Foundation is a "
     "person");
  nm_doc_free(doc);
}

/* Head words of outlets and companies ("Herald", "Energy") and of places
 * ("City", "Oblast", "Parish", "Arena"), after a title and "of" too. */
static void test_more_heads(void) {
  nm_doc *doc =
      parse("Storm damage\n\n"
            "The Aldmoor Herald reported that Brixley Energy shut its plant. "
            "Roads in Varstad City and Harlan Parish were closed, and a game "
            "at the Brennet Arena was called off. The Governor of Kolvinsk "
            "Oblast said it would pay, as did the Governor of Tyumen "
            "Oblast.\n");
  if (!ok(doc != NULL, "more heads: parses"))
    return;
  ok(kind_of(doc, "Aldmoor Herald") == NM_KIND_ORGANIZATION,
     "more heads: \"Aldmoor Herald\" is an organization");
  ok(kind_of(doc, "Brixley Energy") == NM_KIND_ORGANIZATION,
     "more heads: \"Brixley Energy\" is an organization");
  ok(kind_of(doc, "Varstad City") == NM_KIND_PLACE &&
         kind_of(doc, "Harlan Parish") == NM_KIND_PLACE &&
         kind_of(doc, "Brennet Arena") == NM_KIND_PLACE,
     "more heads: City, Parish, Arena end places");
  ok(kind_of(doc, "Kolvinsk Oblast") == NM_KIND_PLACE &&
         entity(doc, "Oblast") < 0,
     "more heads: \"Governor of Kolvinsk Oblast\" names the oblast whole");
  ok(kind_of(doc, "Tyumen Oblast") == NM_KIND_PLACE,
     "more heads: \"Governor of Tyumen Oblast\" too, though Tyumen is a "
     "city");
  nm_doc_free(doc);
}

/* A caption's label glued to the name before it ("Jo JorgensenImage: ...",
 * a line break lost in scraping) is no part of the name. */
static void test_glued_label(void) {
  nm_doc *doc = parse("Third parties\n\n"
                      "The candidates met on Monday.\n\n"
                      "Mara VelskoImage: Mara Velsko at the debate.\n");
  if (!ok(doc != NULL, "glued label: parses"))
    return;
  ok(find_text(doc, NM_KIND_PERSON, "Mara Velsko") >= 0 &&
         entity(doc, "Mara VelskoImage") < 0,
     "glued label: \"Mara VelskoImage:\" names Mara Velsko");
  nm_doc_free(doc);
}

/* Titles the lexicon took in late: "U.S. Attorney", "National Security
 * Adviser", "Chief Technical Officer", "Bishop Emeritus" are roles, not
 * parts of the name after them. */
static void test_more_titles(void) {
  nm_doc *doc = parse("Hearing\n\n"
                      "U.S. Attorney Mara Velsko spoke first. National "
                      "Security Adviser Tom Harlow followed. Chief Technical "
                      "Officer Jin Alvers and Bishop Emeritus Dino Carrasco "
                      "came last.\n");
  if (!ok(doc != NULL, "more titles: parses"))
    return;
  const char *people[] = {"Mara Velsko", "Tom Harlow", "Jin Alvers",
                          "Dino Carrasco"};
  for (size_t k = 0; k < sizeof people / sizeof *people; k++)
    ok(kind_of(doc, people[k]) == NM_KIND_PERSON,
       "more titles: \"%s\" is a person without the title", people[k]);
  nm_doc_free(doc);
}

/* A town that a dateline names is no short form of the paper named after
 * it ("RIVERTON:" and the "Riverton Gazette"). */
static void test_town_and_paper(void) {
  nm_doc *doc = parse("Bridge to close\n\n"
                      "By Sam Okoye, Harwick Gazette\n\n"
                      "HARWICK: The bridge will close in May, the town "
                      "council told the Harwick Gazette. Traffic in Harwick "
                      "will slow.\n");
  if (!ok(doc != NULL, "town and paper: parses"))
    return;
  ok(find_text(doc, NM_KIND_PLACE, "HARWICK") >= 0,
     "town and paper: the dateline's town is a place");
  ok(kind_of(doc, "Harwick Gazette") == NM_KIND_ORGANIZATION,
     "town and paper: the paper is an organization");
  ok(kind_of(doc, "Harwick") == NM_KIND_PLACE && entity(doc, "HARWICK") < 0,
     "town and paper: the town is named as the text writes it, not as the "
     "dateline shouts it");
  nm_doc_free(doc);
}

/* Two particles inside a name ("von der", "de la"), and a generation
 * after it ("Jr.", "III"), the word before it a title or not. */
static void test_particles_and_generations(void) {
  nm_doc *doc = parse("Anniversary\n\n"
                      "Ines von der Aa spoke after Rafael de la Borja. A "
                      "speech by Martin Luther King Jr. was read, and Tom "
                      "Varga III read it. It ended World War II. His "
                      "parents, Robert Orrin Sr. and Ruth Orrin, came with "
                      "actor Sacha Baron Tolen and South Carolina Governor "
                      "Tom Harlow.\n");
  if (!ok(doc != NULL, "particles and generations: parses"))
    return;
  ok(kind_of(doc, "Ines von der Aa") == NM_KIND_PERSON,
     "particles and generations: \"Ines von der Aa\" is one person");
  ok(kind_of(doc, "Rafael de la Borja") == NM_KIND_PERSON,
     "particles and generations: \"Rafael de la Borja\" is one person");
  ok(kind_of(doc, "Martin Luther King Jr") == NM_KIND_PERSON,
     "particles and generations: \"Martin Luther King Jr.\" is a person, "
     "King no title");
  ok(kind_of(doc, "Tom Varga III") == NM_KIND_PERSON,
     "particles and generations: \"Tom Varga III\" is a person");
  ok(kind_of(doc, "World War II") != NM_KIND_PERSON,
     "particles and generations: \"World War II\" is no person");
  ok(kind_of(doc, "Robert Orrin Sr") == NM_KIND_PERSON,
     "particles and generations: \"Sr.\" after a name is a generation, "
     "no honorific");
  ok(kind_of(doc, "Sacha Baron Tolen") == NM_KIND_PERSON,
     "particles and generations: a title between a given name and more of "
     "the name is part of it");
  long harlow = entity(doc, "Tom Harlow");
  const char *role =
      harlow >= 0 ? nm_doc_entity_role(doc, (size_t)harlow, NULL) : NULL;
  ok(role && strcmp(role, "South Carolina Governor") == 0,
     "particles and generations: \"South Carolina Governor Tom Harlow\" "
     "keeps its role");
  nm_doc_free(doc);
}

/* A name set off by commas after a noun for a person that a determiner
 * or a possessive opens: "his father, Stanley Mills," (Stanley is also a
 * town, and mills a word, so no given name tells it). */
static void test_apposition_noun(void) {
  nm_doc *doc = parse("Proud day\n\n"
                      "His father, Stanley Mills, said he was proud. The "
                      "boy's aunt, Tima Vell, came too.\n");
  if (!ok(doc != NULL, "apposition noun: parses"))
    return;
  ok(kind_of(doc, "Stanley Mills") == NM_KIND_PERSON,
     "apposition noun: \"His father, Stanley Mills,\" is a person");
  ok(kind_of(doc, "Tima Vell") == NM_KIND_PERSON,
     "apposition noun: \"The boy's aunt, Tima Vell,\" is a person");
  nm_doc_free(doc);
}

/* A possessive noun for people goes on in an organization's name up to its
 * head ("People's Liberation Army"), a name's does not ("Harlow's State
 * Board" is the board's owner); an acronym before a name is no glued label
 * when the name is no person's ("ZBC News" after "NT News"); an acronym
 * with a place is a branch ("CNN Philippines"), not before "station";
 * "for the" goes on after a head word; a weekday after "on" and a plural
 * noun for people are no part of the name after them. */
static void test_possessive_heads(void) {
  nm_doc *doc =
      parse("Border talks\n\n"
            "The People's Liberation Army and the People's Protection Units "
            "moved. Harlow's State Board said so, as did NT News and ZBC "
            "News, and the story ran on CNN Philippines. The train reached "
            "KSR Bangalore station. The Tunisian League for the Defence of "
            "Human Rights protested, and on Sunday Presidents Obiaku Velde of "
            "Norland and Ann Cole of Sudria signed.\n");
  if (!ok(doc != NULL, "possessive heads: parses"))
    return;
  ok(kind_of(doc, "People's Liberation Army") == NM_KIND_ORGANIZATION,
     "possessive heads: People's Liberation Army");
  ok(kind_of(doc, "People's Protection Units") == NM_KIND_ORGANIZATION,
     "possessive heads: People's Protection Units (\"units\" is a head)");
  ok(entity(doc, "Harlow's State Board") < 0 &&
         kind_of(doc, "State Board") == NM_KIND_ORGANIZATION,
     "possessive heads: a name's possessive owns the board");
  ok(kind_of(doc, "ZBC News") == NM_KIND_ORGANIZATION &&
         entity(doc, "News") < 0,
     "possessive heads: ZBC News after NT News is one name");
  ok(kind_of(doc, "CNN Philippines") == NM_KIND_ORGANIZATION,
     "possessive heads: an acronym with a place is a branch");
  ok(kind_of(doc, "KSR Bangalore") != NM_KIND_ORGANIZATION,
     "possessive heads: ... but not before \"station\"");
  ok(kind_of(doc, "Tunisian League for the Defence of Human Rights") ==
         NM_KIND_ORGANIZATION,
     "possessive heads: \"for the\" after a head word");
  ok(kind_of(doc, "Obiaku Velde") == NM_KIND_PERSON,
     "possessive heads: on Sunday Presidents NAME: the name alone");
  nm_doc_free(doc);
}

int main(void) {
  nm_doc *doc = parse(envoys);
  if (ok(doc != NULL, "envoys: parses")) {
    test_people(doc);
    test_orgs_places(doc);
    test_not_names(doc);
    test_entities(doc);
    nm_doc_free(doc);
  }
  test_roles();
  test_bylines();
  test_determiner();
  test_paren_at_block_end();
  test_shared_surname();
  test_date_before_name();
  test_initials_not_honorific();
  test_common_nouns();
  test_published_in();
  test_named_things();
  test_head_of_title();
  test_two_words_and();
  test_qualified_head_of();
  test_head_for_and();
  test_campus();
  test_credit_photographer();
  test_bodies();
  test_accents();
  test_town_comma_country();
  test_possessive_heads();
  test_body_in_role();
  test_wars();
  test_short_name();
  test_named_and_glued();
  test_dotted_sentence_end();
  test_person_shape();
  test_shape_merge_and_demonyms();
  test_more_roles();
  test_known_companies();
  test_place_before_person();
  test_head_on();
  test_initial_given_name();
  test_companies();
  test_company_in_headline();
  test_article_in_name();
  test_camel_case();
  test_fictional_character();
  test_more_heads();
  test_glued_label();
  test_more_titles();
  test_town_and_paper();
  test_particles_and_generations();
  test_apposition_noun();
  return done();
}
