/*
 * sidecar.c - apply an article's sidecar to the CLI's output (sidecar.h).
 *
 * One protected call on a fresh lua_State: the standard libraries, the
 * embedded newsmark.json, newsmark.annotate and newsmark.interop through
 * package.preload, and a short driver that reads the sidecar
 * (interop.read_sidecar), merges it over the record the C renderer wrote
 * (interop.apply_record) and encodes the record again in the C
 * renderer's own layout (newsmark.json with indent 1 is byte for byte the
 * core's pretty JSON, without indent its JSONL), or writes brat from the
 * merged store (interop.to_brat). Any Lua error, out of memory included,
 * becomes the message; the state is closed before returning.
 */
#include "sidecar.h"

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* build/gen/<name>_lua.c, generated from plugin/lua/newsmark/<name>.lua */
extern const unsigned char nm_cli_json_lua[];
extern const size_t nm_cli_json_lua_len;
extern const unsigned char nm_cli_annotate_lua[];
extern const size_t nm_cli_annotate_lua_len;
extern const unsigned char nm_cli_interop_lua[];
extern const size_t nm_cli_interop_lua_len;

/* Returns the output text; false when there is no sidecar; nil, message. */
static const char driver[] =
    "local interop = require('newsmark.interop')\n"
    "local json = require('newsmark.json')\n"
    "local path, format, rendered, text = ...\n"
    "local side, err = interop.read_sidecar(path)\n"
    "if side == nil then return nil, err end\n"
    "if not side then return false end\n"
    "local rec, derr = json.decode(rendered)\n"
    "if rec == nil then return nil, 'the core JSON does not decode: ' .. derr "
    "end\n"
    "local ok, res = pcall(function()\n"
    "  if format == 'brat' then\n"
    "    return (interop.to_brat(interop.record_store(rec, text, side)))\n"
    "  end\n"
    "  interop.apply_record(rec, text, side)\n"
    "  if format == 'json' then\n"
    "    return json.encode(rec, { indent = 1 }) .. '\\n'\n"
    "  end\n"
    "  return json.encode(rec) .. '\\n'\n"
    "end)\n"
    "if not ok then return nil, path .. ': ' .. tostring(res) end\n"
    "return res\n";

typedef struct module {
  const char *name, *chunk;
  const unsigned char *code;
  const size_t *len;
} module;

static const module modules[] = {
    {"newsmark.json", "@plugin/lua/newsmark/json.lua", nm_cli_json_lua,
     &nm_cli_json_lua_len},
    {"newsmark.annotate", "@plugin/lua/newsmark/annotate.lua",
     nm_cli_annotate_lua, &nm_cli_annotate_lua_len},
    {"newsmark.interop", "@plugin/lua/newsmark/interop.lua", nm_cli_interop_lua,
     &nm_cli_interop_lua_len},
};

/* package.preload[name]: the module is upvalue 1 (an index into
 * `modules`). */
static int open_module(lua_State *L) {
  const module *m = &modules[lua_tointeger(L, lua_upvalueindex(1))];
  if (luaL_loadbufferx(L, (const char *)m->code, *m->len, m->chunk, "t") !=
      LUA_OK)
    return lua_error(L);
  lua_call(L, 0, 1);
  return 1;
}

typedef struct job {
  const char *side_path;
  int format;
  const char *json, *text;
  size_t json_len, text_len;
  char **out;
  size_t *out_len;
  int result;
  char *err;
  size_t errcap;
} job;

static const char *const format_names[] = {"json", "jsonl", "brat"};

/* The protected part: everything that can raise a Lua error. */
static int run(lua_State *L) {
  job *j = lua_touserdata(L, 1);
  luaL_openlibs(L);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  for (size_t i = 0; i < sizeof modules / sizeof modules[0]; i++) {
    lua_pushinteger(L, (lua_Integer)i);
    lua_pushcclosure(L, open_module, 1);
    lua_setfield(L, -2, modules[i].name);
  }
  lua_pop(L, 1);
  if (luaL_loadbufferx(L, driver, sizeof driver - 1, "=newsmark-sidecar",
                       "t") != LUA_OK)
    return lua_error(L);
  lua_pushstring(L, j->side_path);
  lua_pushstring(L, format_names[j->format]);
  lua_pushlstring(L, j->json, j->json_len);
  lua_pushlstring(L, j->text, j->text_len);
  lua_call(L, 4, 2);
  if (lua_type(L, -2) == LUA_TSTRING) {
    size_t n;
    const char *s = lua_tolstring(L, -2, &n);
    char *copy = malloc(n ? n : 1);
    if (!copy)
      return luaL_error(L, "out of memory");
    memcpy(copy, s, n);
    *j->out = copy;
    *j->out_len = n;
    j->result = 0;
  } else if (lua_toboolean(L, -2) == 0 && lua_isnil(L, -2)) {
    const char *msg = lua_tostring(L, -1);
    snprintf(j->err, j->errcap, "%s", msg ? msg : j->side_path);
    j->result = -1;
  } else {
    j->result = 1; /* false: no sidecar */
  }
  return 0;
}

int cli_sidecar_apply(const char *side_path, int format, const char *json,
                      size_t json_len, const char *text, size_t text_len,
                      char **out, size_t *out_len, char *err, size_t errcap) {
  *out = NULL;
  lua_State *L = luaL_newstate();
  if (!L) {
    snprintf(err, errcap, "%s: out of memory", side_path);
    return -1;
  }
  job j = {.side_path = side_path,
           .format = format,
           .json = json,
           .text = text,
           .json_len = json_len,
           .text_len = text_len,
           .out = out,
           .out_len = out_len,
           .result = -1,
           .err = err,
           .errcap = errcap};
  lua_pushcfunction(L, run);
  lua_pushlightuserdata(L, &j);
  if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
    const char *msg = lua_tostring(L, -1);
    snprintf(err, errcap, "%s: %s", side_path, msg ? msg : "error");
    j.result = -1;
  }
  lua_close(L);
  return j.result;
}
