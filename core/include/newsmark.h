/*
 * newsmark.h - read a news article: structure, quotes, names and speakers.
 *
 * The library takes the bytes of one plain-text article and returns spans:
 * byte offsets into those bytes, 0-based and half-open [start, end).
 *
 * Model (see docs/spans.md):
 *   - A parsed article is an opaque nm_doc. It keeps its own copy of the
 *     input, so the caller's buffer may be freed right after parsing
 *     (unless the caller lends it with NM_PARSE_BORROW_TEXT).
 *   - Spans sit in one flat array sorted by (start ascending, end descending)
 *     and nest through `parent`. Blocks (headline, paragraph, ...) are the
 *     outermost spans; quotes, names and cues sit inside them.
 *   - Named things are entities: one per real-world person, organization or
 *     place, each with a canonical name, an optional role (job title) and the
 *     mention spans that link to it.
 *
 * Errors: functions return NM_OK (0) or a negative NM_E* code; constructors
 * return NULL and fill an optional nm_diag. Input bytes are never an error:
 * invalid UTF-8, NUL bytes, CR/LF mixes and empty input all parse.
 *
 * This header is C99 and includes neither pcre2.h nor lua.h.
 */
#ifndef NEWSMARK_H
#define NEWSMARK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Marks the functions the library exports (it is built with
 * -fvisibility=hidden, so nothing else is visible). */
#if defined(_WIN32)
#define NM_API __declspec(dllexport)
#elif defined(__GNUC__)
#define NM_API __attribute__((visibility("default")))
#else
#define NM_API
#endif

/** The header's version, in parts (semantic versioning: a new major
 * version may break the API). */
#define NM_VERSION_MAJOR 0
#define NM_VERSION_MINOR 1
#define NM_VERSION_PATCH 0
/** Version as one number: major * 10000 + minor * 100 + patch. */
#define NM_VERSION                                                             \
  (NM_VERSION_MAJOR * 10000 + NM_VERSION_MINOR * 100 + NM_VERSION_PATCH)
/** The header's version as a string, "MAJOR.MINOR.PATCH". */
#define NM_VERSION_STRING "0.1.0"

/** The library's NM_VERSION, which may differ from the header's. */
NM_API int nm_version(void);

/* ---------------------------------------------------------------- errors */

/** The return codes: NM_OK (0) for success, a negative NM_E* value for an
 * error. nm_strerror describes one. */
enum nm_error {
  NM_OK = 0,
  NM_ENOMEM = -1,  /**< an allocation failed; the object is unchanged */
  NM_EINVAL = -2,  /**< a bad argument (NULL where not allowed, bad index) */
  NM_ETOOBIG = -3, /**< input of 4 GiB or more */
  NM_ERULE = -4,   /**< a rule is malformed (empty name, bad label) */
  NM_EREGEX = -5,  /**< a rule's pattern does not compile */
  NM_ELIMIT = -6   /**< a PCRE2 match/depth/heap limit was hit */
};

/** A static, never-NULL description of an NM_E* code. */
NM_API const char *nm_strerror(int code);

/** Where and why something failed. `message` holds at most 127 bytes and a
 * NUL; for a pattern it includes PCRE2's own message. `offset` is a byte
 * offset into the pattern or text; `line` and `column` are 1-based, for
 * humans, and 0 when unknown. */
typedef struct nm_diag {
  int code;
  size_t offset;
  uint32_t line;
  uint32_t column;
  char message[128];
} nm_diag;

/* ------------------------------------------------------------- allocator */

/** An optional allocator. Any NULL member means the libc one. `ud` is passed
 * back unchanged. Used for every allocation an object makes. */
typedef struct nm_mem {
  void *(*calloc)(size_t count, size_t size, void *ud);
  void *(*realloc)(void *ptr, size_t size, void *ud);
  void (*free)(void *ptr, void *ud);
  void *ud;
} nm_mem;

/* ----------------------------------------------------------------- spans */

/** What a span is. Block kinds come first (NM_KIND_BLOCK_FIRST..LAST); they
 * never overlap one another and cover every non-blank line. */
typedef enum nm_kind {
  NM_KIND_FIRST = 0,
  NM_KIND_BOILERPLATE = NM_KIND_FIRST, /**< page furniture: "Classifieds..." */
  NM_KIND_HEADLINE,
  NM_KIND_STANDFIRST,   /**< the summary line under the headline */
  NM_KIND_IMAGE_CREDIT, /**< "Image Credit: AP" */
  NM_KIND_CAPTION,      /**< a photo caption */
  NM_KIND_SOURCE_LINE,  /**< "Gulf News", "SOURCE NASA" */
  NM_KIND_BYLINE,       /**< "By Jane Doe" */
  NM_KIND_DATE_LINE,    /**< a line that is only a date */
  NM_KIND_SUBHEAD,      /**< a heading inside the body */
  NM_KIND_PARAGRAPH,    /**< a body paragraph */
  NM_KIND_BLOCK_LAST = NM_KIND_PARAGRAPH,
  NM_KIND_DATELINE,     /**< "Bandar Seri Begawan, Brunei:" opening a body */
  NM_KIND_QUOTE,        /**< direct speech, marks included */
  NM_KIND_SCARE_QUOTE,  /**< marks around a term nobody is quoted saying */
  NM_KIND_PERSON,       /**< a mention of a person by name */
  NM_KIND_ORGANIZATION, /**< a mention of an organization by name */
  NM_KIND_PLACE,        /**< a mention of a place by name */
  NM_KIND_ROLE,         /**< a job title before a name: "Foreign Minister" */
  NM_KIND_CUE,          /**< the speech cue of a quote: "said", "told" */
  NM_KIND_SPEAKER_REF,  /**< a pronoun or description naming a speaker */
  NM_KIND_RULE,         /**< a match of a custom rule */
  NM_KIND_LAST = NM_KIND_RULE
} nm_kind;

/** A stable lower-case name for a kind ("person", "quote", ...), or NULL. */
NM_API const char *nm_kind_name(int kind);
/** The kind with that name, or -1. */
NM_API int nm_kind_from_name(const char *name);

/** How a quote's speaker was found (stored in the low 4 bits of a quote
 * span's flags; see NM_QUOTE_METHOD()). */
typedef enum nm_method {
  NM_METHOD_FIRST = 0,
  NM_METHOD_NONE = NM_METHOD_FIRST, /**< no speaker found */
  NM_METHOD_AFTER,       /**< attribution right after: `"Q," Kerry said.` */
  NM_METHOD_BEFORE,      /**< attribution right before: `Kerry said, "Q"` */
  NM_METHOD_COLON,       /**< colon introduction: `Lavrov said then: "Q"` */
  NM_METHOD_SENTENCE,    /**< one named candidate with a cue in the sentence */
  NM_METHOD_PRONOUN,     /**< `he said` resolved to the last fitting person */
  NM_METHOD_DESCRIPTION, /**< `the official said` resolved to an entity */
  NM_METHOD_SPLIT,       /**< the other half of a quote split by attribution */
  NM_METHOD_CARRY,       /**< a quote paragraph continuing the last speaker */
  NM_METHOD_ACCORDING,   /**< `according to NAME` */
  NM_METHOD_NEAREST,     /**< no attribution: the last person named before it in
                            its paragraph */
  NM_METHOD_LAST = NM_METHOD_NEAREST
} nm_method;

/** A stable lower-case name for a method ("after", "pronoun", ...), or NULL. */
NM_API const char *nm_method_name(int method);

/** Span flags. NM_QUOTE_METHOD(flags) is a quote's nm_method, kept in the
 * low 4 bits of its flags; the NM_FLAG_* bits sit above them. */
#define NM_QUOTE_METHOD(flags) ((int)((flags)&0x0fu))
#define NM_FLAG_PARTIAL 0x0010u   /**< quote: a fragment inside a sentence */
#define NM_FLAG_CONTINUED 0x0020u /**< quote: runs over several paragraphs */
#define NM_FLAG_NESTED 0x0040u    /**< quote: inside another quote */
#define NM_FLAG_UNCLOSED 0x0080u  /**< quote: no closing mark; recovered */
#define NM_FLAG_ALIAS                                                          \
  0x0100u /**< mention: written otherwise than the canonical name (surname,    \
             acronym, variant) */

/** One span. `parent` is the index of the innermost enclosing span or -1.
 * `link` depends on the kind:
 *   - PERSON / ORGANIZATION / PLACE: the entity index;
 *   - ROLE, SPEAKER_REF: the entity index, or -1;
 *   - QUOTE: the speaker's entity index, or -1 when the article does not say;
 *   - CUE: the index of the quote span it introduces;
 *   - RULE: the index of the rule in the nm_rules it came from;
 *   - others: -1. */
typedef struct nm_span {
  uint32_t start; /**< byte offset of the first byte */
  uint32_t end;   /**< byte offset one past the last byte */
  uint16_t kind;  /**< an nm_kind */
  uint16_t flags; /**< NM_FLAG_* and, for quotes, the nm_method */
  int32_t parent;
  int32_t link;
} nm_span;

/* -------------------------------------------------------------- lexicon */

/** A user lexicon: words added to the built-in word lists (opaque; create
 * with nm_lexicon_new, free with nm_lexicon_free). */
typedef struct nm_lexicon nm_lexicon;

/** The word lists a user can extend. Built-in tables come from Debian's
 * iso-codes, unicode-cldr-core and wordnet (see core/data/README.md). */
typedef enum nm_lex_class {
  NM_LEX_FIRST = 0,
  NM_LEX_PERSON = NM_LEX_FIRST, /**< a full name: "Katya", "Ahmet Davutoglu" */
  NM_LEX_ORGANIZATION,          /**< "Hezbollah", "Roscosmos" */
  NM_LEX_PLACE,                 /**< "Homs", "Jezero Crater" */
  NM_LEX_TITLE,                 /**< a job title: "Foreign Minister" */
  NM_LEX_SPEECH_VERB,           /**< a speech cue lemma: "emphasise" */
  NM_LEX_GIVEN_NAME,            /**< "Sergei" */
  NM_LEX_LAST = NM_LEX_GIVEN_NAME
} nm_lex_class;

/** A new empty user lexicon; NULL on out-of-memory. Free with
 * nm_lexicon_free. `mem` may be NULL and is copied. */
NM_API nm_lexicon *nm_lexicon_new(const nm_mem *mem);
/** Free a lexicon. NULL is a no-op. */
NM_API void nm_lexicon_free(nm_lexicon *lex);
/** Add `word` (UTF-8, `len` bytes) to class `cls`. For NM_LEX_PERSON,
 * ORGANIZATION and PLACE, `canonical` (may be NULL) names the entity that
 * mentions of `word` link to, so "DOE" can map to "U.S. Department of
 * Energy". Speech verbs are given as lemmas; their inflections are derived.
 * Returns NM_OK, NM_EINVAL or NM_ENOMEM. Must not be called while a document
 * parsed with this lexicon is still being parsed (a lexicon is read-only
 * during parsing and may be shared by threads once filled). */
NM_API int nm_lexicon_add(nm_lexicon *lex, int cls, const char *word,
                          size_t len, const char *canonical);

/* ------------------------------------------------------------- document */

/** A parsed article (opaque): its own copy of the text, the sorted spans,
 * the entities, the diagnostics and a line index. Create with nm_doc_parse,
 * free with nm_doc_free; it is not changed after parsing. */
typedef struct nm_doc nm_doc;
struct nm_rules; /* newsmark_rules.h */

/** Flags for nm_parse_options.flags. */
enum nm_parse_flag {
  /** Use the caller's `text` in place instead of copying it, when the byte
   * after it, text[len], is a NUL (without one the text is copied as usual).
   * The caller keeps those len + 1 bytes readable and unchanged until
   * nm_doc_free; nm_doc_text then returns `text`. Saves one copy of the
   * input: a mapped file or a Lua string. */
  NM_PARSE_BORROW_TEXT = 1u << 0,
  /** Parse on the calling thread only. Without it a long text (1 MiB and
   * more) parsed with the default allocator (`mem` NULL) is tokenised on a
   * second thread when the process may run on two CPUs; the thread ends
   * before nm_doc_parse returns, and the result is the same either way. */
  NM_PARSE_NO_THREADS = 1u << 1
};

/** Options for nm_doc_parse. Zero-initialise, then set what you need. */
typedef struct nm_parse_options {
  const struct nm_rules *rules; /**< custom rules, or NULL; borrowed */
  const nm_lexicon *lexicon;    /**< user lexicon, or NULL; borrowed */
  const nm_mem *mem;            /**< allocator, or NULL for libc */
  unsigned flags;               /**< NM_PARSE_* bits, or 0 */
} nm_parse_options;

/** Parse `len` bytes of `text`. `opts` may be NULL. Returns a document that
 * owns a copy of the text (unless NM_PARSE_BORROW_TEXT; free it with
 * nm_doc_free), or NULL with `diag`
 * filled (NM_ENOMEM, NM_ETOOBIG for 4 GiB or more). `rules` and `lexicon`
 * are only read during the call. */
NM_API nm_doc *nm_doc_parse(const char *text, size_t len,
                            const nm_parse_options *opts, nm_diag *diag);
/** Free a document. NULL is a no-op. */
NM_API void nm_doc_free(nm_doc *doc);

/** The document's text: its own copy, or the caller's buffer when it was
 * borrowed (NM_PARSE_BORROW_TEXT); `len` may be NULL. A NUL byte follows
 * the last byte. */
NM_API const char *nm_doc_text(const nm_doc *doc, size_t *len);

/** Number of spans, and span `i` (borrowed, owned by the doc), or NULL
 * when `i` is out of range. */
NM_API size_t nm_doc_span_count(const nm_doc *doc);
NM_API const nm_span *nm_doc_span(const nm_doc *doc, size_t i);
/** The whole sorted span array (borrowed); `count` may be NULL. */
NM_API const nm_span *nm_doc_spans(const nm_doc *doc, size_t *count);

/** For a viewport query over [start, end): the lowest index at which a span
 * can overlap it. Every span that ends after `start` has an index >= the
 * result, so visiting spans from there while span.start < end finds them all
 * (skip those that end before `start`). Returns nm_doc_span_count when no
 * span ends after `start`. */
NM_API size_t nm_doc_range_first(const nm_doc *doc, uint32_t start);

/** For a QUOTE span index, the index of its CUE span, or -1. */
NM_API int32_t nm_doc_quote_cue(const nm_doc *doc, size_t quote_index);

/** Number of entities. */
NM_API size_t nm_doc_entity_count(const nm_doc *doc);
/** Entity `i`'s kind: NM_KIND_PERSON, NM_KIND_ORGANIZATION or
 * NM_KIND_PLACE; -1 when out of range. */
NM_API int nm_doc_entity_kind(const nm_doc *doc, size_t i);
/** Entity `i`'s canonical name (NUL-terminated UTF-8 owned by the doc), or
 * NULL when out of range. `len` may be NULL. */
NM_API const char *nm_doc_entity_name(const nm_doc *doc, size_t i, size_t *len);
/** Entity `i`'s role ("US Secretary of State"), owned by the doc, or NULL
 * when it has none. `len` may be NULL. */
NM_API const char *nm_doc_entity_role(const nm_doc *doc, size_t i, size_t *len);
/** Number of mention spans of entity `i`. */
NM_API size_t nm_doc_entity_mention_count(const nm_doc *doc, size_t i);
/** Number of quotes attributed to entity `i`. */
NM_API size_t nm_doc_entity_quote_count(const nm_doc *doc, size_t i);

/** Diagnostics recorded while parsing (a rule that hit a PCRE2 limit and was
 * disabled for this document, ...). Borrowed, owned by the doc. */
NM_API size_t nm_doc_diag_count(const nm_doc *doc);
NM_API const nm_diag *nm_doc_diag(const nm_doc *doc, size_t i);

/* ---------------------------------------------------------- line index */

/** Byte offset -> (0-based line, 0-based byte column), for adapters. Lines
 * end at "\n"; a "\r" before it belongs to the line. */
NM_API void nm_doc_line_col(const nm_doc *doc, uint32_t offset, uint32_t *line,
                            uint32_t *col);
/** Byte offset where 0-based `line` starts, or the text length past the
 * end. */
NM_API uint32_t nm_doc_line_start(const nm_doc *doc, uint32_t line);
/** Number of lines (a text with no "\n" has one line). */
NM_API uint32_t nm_doc_line_count(const nm_doc *doc);

/* ----------------------------------------------------------- rendering */

/** The output formats of nm_doc_render. */
typedef enum nm_format {
  NM_FORMAT_FIRST = 0,
  NM_FORMAT_JSON = NM_FORMAT_FIRST, /**< corpus/FORMAT.md plus extras */
  NM_FORMAT_JSONL,                  /**< the JSON on one line, with "\n" */
  NM_FORMAT_ANSI,                   /**< the text with SGR colours */
  NM_FORMAT_HTML,                   /**< a standalone page with a legend */
  NM_FORMAT_BRAT,                   /**< brat standoff .ann */
  NM_FORMAT_DUMP,                   /**< one span a line, for tests */
  NM_FORMAT_LAST = NM_FORMAT_DUMP
} nm_format;

/** A sink for rendered bytes. Return 0 to go on, non-zero to stop (the
 * render then returns that value). */
typedef int (*nm_write_fn)(const char *bytes, size_t len, void *ud);

/** Optional rendering settings; zero-initialise. */
typedef struct nm_render_options {
  const char *name;               /**< file name for JSON "file" / HTML title */
  const struct nm_rules *rules;   /**< the rules the doc was parsed with, so
                                     rule hits can be named; may be NULL */
  const char *const *ansi_styles; /**< per nm_kind SGR parameter strings
                                     ("1;33"), NULL for defaults */
  uint32_t flags;                 /**< NM_RENDER_* */
} nm_render_options;

#define NM_RENDER_NO_TEXT 0x1u /**< JSON: omit "text" of quotes */

/** Render `doc` as `format`, writing through `write`. `opts` may be NULL.
 * Returns NM_OK, NM_EINVAL or what `write` returned. */
NM_API int nm_doc_render(const nm_doc *doc, int format,
                         const nm_render_options *opts, nm_write_fn write,
                         void *ud);

#ifdef __cplusplus
}
#endif

#endif /* NEWSMARK_H */
