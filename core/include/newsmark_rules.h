/*
 * newsmark_rules.h - custom highlighting rules: PCRE2 patterns (UTF, JIT).
 *
 * A rule set is built once with nm_rules_new / nm_rules_add, then passed to
 * nm_doc_parse in nm_parse_options.rules. Once it is handed to a parse it is
 * read-only and may be shared by many documents and threads: per-match
 * scratch space belongs to the parse, not to the rule set.
 *
 * Every pattern is compiled with PCRE2_UTF and PCRE2_MATCH_INVALID_UTF, so
 * any input bytes can be matched, and every match runs under match, depth
 * and heap limits. A rule that hits a limit is disabled for that document
 * and a diagnostic is recorded (nm_doc_diag); the rest of the parse goes on.
 */
#ifndef NEWSMARK_RULES_H
#define NEWSMARK_RULES_H

#include "newsmark.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A set of compiled rules (opaque): build with nm_rules_new and
 * nm_rules_add, free with nm_rules_free. */
typedef struct nm_rules nm_rules;

/** Limits applied to every match of every rule. Zero means the default. */
typedef struct nm_rules_limits {
  uint32_t match_limit; /**< PCRE2 match limit (default 1000000) */
  uint32_t depth_limit; /**< PCRE2 depth limit (default 10000) */
  uint32_t heap_limit;  /**< PCRE2 heap limit in KiB (default 20480) */
  uint32_t max_hits;    /**< hits kept per rule per document (default
                           100000); later hits are dropped with a diag */
} nm_rules_limits;

/** A new empty rule set, or NULL on out-of-memory. `mem` and `limits` may be
 * NULL and are copied. Free with nm_rules_free. */
NM_API nm_rules *nm_rules_new(const nm_mem *mem, const nm_rules_limits *limits);
/** Free a rule set. NULL is a no-op. */
NM_API void nm_rules_free(nm_rules *rules);

/** Compile `pattern` (`len` bytes of UTF-8) and add it as a rule. `name` is
 * a non-empty identifier-like string, unique in the set; `label` is what the
 * hit is shown as (NULL means the name). Higher `priority` wins where two
 * rule hits overlap. Returns NM_OK, or NM_ERULE (bad or duplicate name),
 * NM_EREGEX (with PCRE2's message and the byte offset in `diag`), NM_ENOMEM.
 * On error the set is unchanged. */
NM_API int nm_rules_add(nm_rules *rules, const char *name, const char *label,
                        const char *pattern, size_t len, int priority,
                        nm_diag *diag);

/** Number of rules. */
NM_API size_t nm_rules_count(const nm_rules *rules);
/** Rule `i`'s name / label (owned by the set), or NULL out of range. */
NM_API const char *nm_rules_name(const nm_rules *rules, size_t i);
NM_API const char *nm_rules_label(const nm_rules *rules, size_t i);
/** Rule `i`'s priority (0 when out of range). */
NM_API int nm_rules_priority(const nm_rules *rules, size_t i);

/** A callback for nm_rules_match: one hit of rule `rule` at [start, end).
 * Return 0 to go on, non-zero to stop. */
typedef int (*nm_hit_fn)(size_t rule, uint32_t start, uint32_t end, void *ud);

/** Match every rule over `text` independently of any document, calling
 * `hit` for each hit in order of rule, then offset. Hits that would overlap
 * a higher-priority rule's hit are still reported here (priorities only
 * apply inside a document). Limits are applied: a rule that hits one stops
 * and, when `diag` is not NULL, the first such event is recorded there
 * (NM_ELIMIT, rule name in the message). Returns NM_OK, NM_ELIMIT,
 * NM_ETOOBIG, NM_ENOMEM or what `hit` returned. */
NM_API int nm_rules_match(const nm_rules *rules, const char *text, size_t len,
                          nm_hit_fn hit, void *ud, nm_diag *diag);

#ifdef __cplusplus
}
#endif

#endif /* NEWSMARK_RULES_H */
