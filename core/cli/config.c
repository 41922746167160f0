/*
 * config.c - load the shared config file for the CLI (config.h).
 *
 * Everything runs in one protected call on a fresh lua_State: the standard
 * libraries, newsmark.core (luaopen_newsmark_core, linked in) and
 * newsmark.config (the embedded copy of plugin/lua/newsmark/config.lua) are
 * made available through package.preload, a short driver calls
 * config.path / config.load / config.compile, and the results are turned
 * into C objects that cli_config owns. Any Lua error (out of memory
 * included) ends up in cfg->error; the state is closed before returning.
 */
#include "config.h"

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* core/lua/lnewsmark.c */
int luaopen_newsmark_core(lua_State *L);
nm_rules *nm__lua_rules_take(lua_State *L, int idx);

/* build/gen/config_lua.c, generated from plugin/lua/newsmark/config.lua */
extern const unsigned char nm_cli_config_lua[];
extern const size_t nm_cli_config_lua_len;

/* The nm_lex_class names, in enum order. */
static const char *const lex_classes[NM_LEX_LAST + 1] = {
    "person", "organization", "place", "title", "speech_verb", "given_name"};

/* Returns compiled config, path; or nil (no config); or nil, message. */
static const char driver[] =
    "local config, core, path = ...\n"
    "if not path then\n"
    "  local err\n"
    "  path, err = config.path()\n"
    "  if not path then return nil, err end\n"
    "end\n"
    "local cfg, msg = config.load(path)\n"
    "if not cfg then return nil, msg end\n"
    "local compiled, cmsg = config.compile(cfg, core)\n"
    "if not compiled then return nil, cmsg end\n"
    "return compiled, path\n";

typedef struct job {
  cli_config *cfg;
  const char *path;
} job;

static char *dup_str(lua_State *L, const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (!d)
    luaL_error(L, "%s", nm_strerror(NM_ENOMEM));
  memcpy(d, s, n);
  return d;
}

/* package.preload["newsmark.config"] */
static int open_config(lua_State *L) {
  if (luaL_loadbufferx(L, (const char *)nm_cli_config_lua,
                       nm_cli_config_lua_len, "@plugin/lua/newsmark/config.lua",
                       "t") != LUA_OK)
    return lua_error(L);
  lua_call(L, 0, 1);
  return 1;
}

/* The lexicon table at `t` ({class = {word, [word] = canonical|true}},
 * validated by config.lua) as an nm_lexicon. */
static void build_lexicon(lua_State *L, int t, cli_config *cfg) {
  cfg->lexicon = nm_lexicon_new(NULL);
  if (!cfg->lexicon)
    luaL_error(L, "%s", nm_strerror(NM_ENOMEM));
  for (int cls = NM_LEX_FIRST; cls <= NM_LEX_LAST; cls++) {
    lua_getfield(L, t, lex_classes[cls]);
    if (!lua_istable(L, -1)) {
      lua_pop(L, 1);
      continue;
    }
    int ct = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, ct)) {
      const char *word = NULL, *canonical = NULL;
      size_t len = 0;
      if (lua_type(L, -2) == LUA_TSTRING) {
        word = lua_tolstring(L, -2, &len);
        if (lua_type(L, -1) == LUA_TSTRING)
          canonical = lua_tostring(L, -1);
      } else if (lua_type(L, -1) == LUA_TSTRING) {
        word = lua_tolstring(L, -1, &len);
      }
      if (word) {
        int rc = nm_lexicon_add(cfg->lexicon, cls, word, len, canonical);
        if (rc != NM_OK)
          luaL_error(L, "%s: lexicon.%s: cannot add \"%s\": %s", cfg->path,
                     lex_classes[cls], word, nm_strerror(rc));
      }
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
}

/* The protected part: everything that can raise a Lua error. */
static int run(lua_State *L) {
  job *j = lua_touserdata(L, 1);
  cli_config *cfg = j->cfg;
  luaL_openlibs(L);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, luaopen_newsmark_core);
  lua_setfield(L, -2, "newsmark.core");
  lua_pushcfunction(L, open_config);
  lua_setfield(L, -2, "newsmark.config");
  lua_pop(L, 1);

  if (luaL_loadbufferx(L, driver, sizeof driver - 1, "=newsmark-cli", "t") !=
      LUA_OK)
    return lua_error(L);
  lua_getglobal(L, "require");
  lua_pushliteral(L, "newsmark.config");
  lua_call(L, 1, 1);
  lua_getglobal(L, "require");
  lua_pushliteral(L, "newsmark.core");
  lua_call(L, 1, 1);
  if (j->path)
    lua_pushstring(L, j->path);
  else
    lua_pushnil(L);
  lua_call(L, 3, 2);

  if (lua_isnil(L, -2)) {
    if (lua_type(L, -1) == LUA_TSTRING)
      snprintf(cfg->error, sizeof cfg->error, "%s", lua_tostring(L, -1));
    return 0; /* no config, or a bad one */
  }
  int c = lua_absindex(L, -2);
  cfg->path = dup_str(L, luaL_checkstring(L, -1));

  lua_getfield(L, c, "rules");
  if (!lua_isnil(L, -1)) {
    cfg->rules = nm__lua_rules_take(L, -1);
    if (!cfg->rules)
      luaL_error(L, "%s: the compiled rules are not a rule set", cfg->path);
  }
  lua_pop(L, 1);

  lua_getfield(L, c, "lexicon");
  if (lua_istable(L, -1))
    build_lexicon(L, lua_gettop(L), cfg);
  lua_pop(L, 1);

  lua_getfield(L, c, "ansi_styles");
  int st = lua_gettop(L);
  for (int k = NM_KIND_FIRST; k <= NM_KIND_LAST; k++) {
    lua_getfield(L, st, nm_kind_name(k));
    cfg->ansi_styles[k] =
        dup_str(L, lua_isstring(L, -1) ? lua_tostring(L, -1) : "");
    lua_pop(L, 1);
  }
  lua_pop(L, 1);

  /* The ANSI renderer colours quotes by speaker (with its own six colours)
   * only while no quote style is given, and nm_render_options has no
   * palette. So with speaker colours on, the quote style is left to the
   * renderer; `palette` is not used. */
  lua_getfield(L, c, "speaker_colors");
  int by_speaker = lua_toboolean(L, -1);
  lua_getfield(L, c, "show");
  lua_getfield(L, -1, "quote");
  if (by_speaker && lua_toboolean(L, -1)) {
    free(cfg->ansi_styles[NM_KIND_QUOTE]);
    cfg->ansi_styles[NM_KIND_QUOTE] = NULL;
  }
  lua_pop(L, 3);
  return 0;
}

static void release(cli_config *cfg) {
  free(cfg->path);
  cfg->path = NULL;
  nm_rules_free(cfg->rules);
  cfg->rules = NULL;
  nm_lexicon_free(cfg->lexicon);
  cfg->lexicon = NULL;
  for (int k = NM_KIND_FIRST; k <= NM_KIND_LAST; k++) {
    free(cfg->ansi_styles[k]);
    cfg->ansi_styles[k] = NULL;
  }
}

/* Is it certain that config.path() finds no config file? Its rules, read
 * the same way: NEWSMARK_CONFIG (not empty) is used whatever it names;
 * else $XDG_CONFIG_HOME when absolute, or $HOME/.config, holds
 * newsmark/config.lua when that can be opened. Most runs have no config,
 * and a Lua state with the config module loaded cost 1.6 of their 2.5 ms
 * (hyperfine, a one-line file). */
static bool surely_no_config(void) {
  const char *explicit = getenv("NEWSMARK_CONFIG");
  if (explicit && *explicit)
    return false;
  const char *xdg = getenv("XDG_CONFIG_HOME");
  const char *home = getenv("HOME");
  char p[4096];
  int n;
  if (xdg && xdg[0] == '/')
    n = snprintf(p, sizeof p, "%s/newsmark/config.lua", xdg);
  else if (home && *home)
    n = snprintf(p, sizeof p, "%s/.config/newsmark/config.lua", home);
  else
    return true; /* no directory to look in */
  if (n < 0 || (size_t)n >= sizeof p)
    return false; /* let config.path() decide */
  FILE *f = fopen(p, "rb");
  if (f)
    fclose(f);
  return f == NULL;
}

int cli_config_load(cli_config *cfg, const char *path) {
  memset(cfg, 0, sizeof *cfg);
  if (!path && surely_no_config())
    return 0;
  lua_State *L = luaL_newstate();
  if (!L) {
    snprintf(cfg->error, sizeof cfg->error, "%s", nm_strerror(NM_ENOMEM));
    return -1;
  }
  job j = {cfg, path};
  lua_pushcfunction(L, run);
  lua_pushlightuserdata(L, &j);
  if (lua_pcall(L, 1, 0, 0) != LUA_OK && !cfg->error[0]) {
    const char *msg = lua_tostring(L, -1);
    snprintf(cfg->error, sizeof cfg->error, "%s",
             msg ? msg : "cannot load the config");
  }
  lua_close(L);
  if (cfg->error[0]) {
    release(cfg);
    return -1;
  }
  return 0;
}

void cli_config_free(cli_config *cfg) { release(cfg); }

const char *const *cli_config_styles(const cli_config *cfg) {
  if (!cfg->path)
    return NULL;
  return (const char *const *)cfg->ansi_styles;
}
