/*
 * sidecar.h - the CLI applies an article's sidecar (FILE.newsmark.json,
 * docs/annotations.md) to its JSON, JSONL or brat output.
 *
 * The manual layer is merged by the same Lua code the editors and the
 * scripts use (plugin/lua/newsmark/annotate.lua and interop.lua, embedded
 * in the binary with json.lua), in a Lua 5.4 state of its own that lives
 * only while one article is converted. Articles without a sidecar never
 * get here: their output is the C renderer's, as fast as before.
 */
#ifndef NM_CLI_SIDECAR_H
#define NM_CLI_SIDECAR_H

#include <stddef.h>

/* The output formats the sidecar is applied to. */
enum { CLI_SIDECAR_JSON, CLI_SIDECAR_JSONL, CLI_SIDECAR_BRAT };

/* Apply the sidecar `side_path` to `json` (`json_len` bytes: the core's
 * JSON of the article `text`, `text_len` bytes). On success returns 0 and
 * sets *out (malloc'ed, free with free(); the whole output for that
 * article in `format`) and *out_len. Returns 1 when the sidecar does not
 * exist (nothing set), or -1 with a message in `err` (`errcap` bytes):
 * the file is unreadable, not JSON, not a sidecar, or out of memory. */
int cli_sidecar_apply(const char *side_path, int format, const char *json,
                      size_t json_len, const char *text, size_t text_len,
                      char **out, size_t *out_len, char *err, size_t errcap);

#endif /* NM_CLI_SIDECAR_H */
