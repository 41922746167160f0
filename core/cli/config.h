/*
 * config.h - the CLI's side of the shared config file (docs/config.md).
 *
 * The file is read by the same Lua code every host uses,
 * plugin/lua/newsmark/config.lua, which is embedded in the binary at build
 * time and run in a Lua 5.4 state of our own with newsmark.core linked in
 * (core/lua/lnewsmark.c). The library itself never sees Lua: what comes
 * out of the state is plain C (a rule set, a lexicon, SGR strings).
 */
#ifndef NM_CLI_CONFIG_H
#define NM_CLI_CONFIG_H

#include "newsmark.h"
#include "newsmark_rules.h"

typedef struct cli_config {
  char *path;          /* the file that was read, or NULL when none */
  nm_rules *rules;     /* the config's rules, or NULL when it has none */
  nm_lexicon *lexicon; /* its extra words, or NULL when it has none */
  /* SGR parameters per nm_kind for nm_render_options.ansi_styles ("" for
   * a kind switched off by `show`; NULL for quotes while speaker colours
   * are on, so the renderer colours them by speaker), all NULL when there
   * is no config */
  char *ansi_styles[NM_KIND_LAST + 1];
  char error[1024]; /* "FILE:LINE: key: message" when loading failed */
} cli_config;

/* Find and load the config: `path` (from --config) when not NULL, else
 * NEWSMARK_CONFIG, $XDG_CONFIG_HOME/newsmark/config.lua or
 * $HOME/.config/newsmark/config.lua (config.path() in Lua). Returns 0,
 * also when there is no config file (then cfg->path is NULL), or -1 with
 * cfg->error set and nothing else held. Free with cli_config_free. */
int cli_config_load(cli_config *cfg, const char *path);

/* Free what `cfg` holds (each member is owned). */
void cli_config_free(cli_config *cfg);

/* The members as nm_render_options.ansi_styles wants them, or NULL when
 * there is no config. */
const char *const *cli_config_styles(const cli_config *cfg);

#endif /* NM_CLI_CONFIG_H */
