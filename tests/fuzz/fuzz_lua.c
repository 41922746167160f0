/*
 * fuzz_lua.c - libFuzzer harness for the Lua readers of plugin/lua: the
 * JSON decoder (newsmark.json) and the sidecar loader (newsmark.annotate:
 * decode, new with { data = }, decode_annotations), through Lua 5.4.
 *
 * Input: byte 0 picks the reader, the rest is what it reads (for the
 * sidecar readers, bytes after a NUL are the article the sidecar is loaded
 * onto). The checks live in tests/fuzz/fuzz_lua.lua, which also lists the
 * readers (one line each). They fail when a reader raises on any input,
 * raises something that is not a string, returns nil without a message,
 * or returns a value the editor could not use (a sidecar that does not
 * load into a store, save, and load again).
 *
 * Bounds: each input gets an instruction budget that grows linearly with
 * its size, and the Lua state a memory cap; going over either is a failure
 * (a reader that is quadratic, or that blows up on a small input).
 *
 * The Lua interpreter is not instrumented, so a line hook gives libFuzzer
 * its coverage: each (function, previous line, line) step bumps a counter
 * in the __libfuzzer_extra_counters section, which libFuzzer reads as
 * features. Built with replay.c the counters are unused.
 *
 * The plugin and this file's Lua side are found under NM_FUZZ_ROOT (the
 * repository, set by the Makefile; the environment variable of that name
 * overrides it).
 */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef NM_FUZZ_ROOT
#define NM_FUZZ_ROOT "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MEM_CAP ((size_t)256 << 20)
#define STEP 1000 /* instructions per count hook */
#define EDGES (1u << 14)

__attribute__((
    used, section("__libfuzzer_extra_counters"))) static uint8_t edges[EDGES];

static lua_State *L;
static size_t mem_used;
static bool over_memory, over_time;
static long steps_left;
static uintptr_t prev_loc;
static const char *last_src; /* the hook's cache of a file name's hash */
static uint32_t src_hash;

static void *cap_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  if (!ptr)
    osize = 0;
  if (nsize == 0) {
    free(ptr);
    mem_used -= osize;
    return NULL;
  }
  if (nsize > osize && mem_used + (nsize - osize) > MEM_CAP) {
    over_memory = true;
    return NULL; /* Lua raises "not enough memory" */
  }
  void *p = realloc(ptr, nsize);
  if (p)
    mem_used = mem_used - osize + nsize;
  return p;
}

static void hook(lua_State *S, lua_Debug *ar) {
  if (ar->event == LUA_HOOKCOUNT) {
    if (--steps_left < 0) {
      over_time = true;
      luaL_error(S, "fuzz_lua: instruction budget used up");
    }
    return;
  }
  if (lua_getinfo(S, "S", ar) == 0)
    return;
  /* the file by its name (a fresh state moves the string every run), the
   * name's hash cached, as most steps stay in one file */
  if (ar->source != last_src) {
    last_src = ar->source;
    src_hash = 2166136261u;
    for (const char *c = ar->source; *c; c++)
      src_hash = (src_hash ^ (unsigned char)*c) * 16777619u;
  }
  uintptr_t loc = (uintptr_t)src_hash * 31u + (uintptr_t)ar->currentline;
  edges[(loc ^ (prev_loc >> 1)) % EDGES]++;
  prev_loc = loc;
}

_Noreturn static void die(const char *what) {
  fprintf(stderr, "fuzz_lua: %s\n", what);
  fflush(stderr);
  abort();
}

static void setup(void) {
  const char *root = getenv("NM_FUZZ_ROOT");
  if (!root || !*root)
    root = NM_FUZZ_ROOT;
  L = lua_newstate(cap_alloc, NULL);
  if (!L)
    die("cannot create a Lua state");
  luaL_openlibs(L);
  lua_getglobal(L, "package");
  lua_pushfstring(L, "%s/plugin/lua/?.lua;%s/plugin/lua/?/init.lua", root,
                  root);
  lua_setfield(L, -2, "path");
  lua_pushstring(L, ""); /* the readers are pure Lua */
  lua_setfield(L, -2, "cpath");
  lua_pop(L, 1);
  lua_pushfstring(L, "%s/tests/fuzz/fuzz_lua.lua", root);
  if (luaL_loadfile(L, lua_tostring(L, -1)) != LUA_OK ||
      lua_pcall(L, 0, 1, 0) != LUA_OK || !lua_isfunction(L, -1)) {
    fprintf(stderr, "fuzz_lua: %s\n", lua_tostring(L, -1));
    die("cannot load tests/fuzz/fuzz_lua.lua (set NM_FUZZ_ROOT)");
  }
  lua_setfield(L, LUA_REGISTRYINDEX, "nm_fuzz_run");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* A fresh state for every input: nothing carries over from the last one,
   * and every byte allocated is freed again by lua_close, so LeakSanitizer
   * (which libFuzzer runs when mallocs and frees differ) stays quiet. */
  setup();
  over_memory = over_time = false;
  /* a linear budget, well above what the readers need (docs/fuzzing.md):
   * 2 million instructions, plus 2000 a byte; a reader that is quadratic in
   * its input goes over it on a few kilobytes */
  steps_left = (2000000 + 2000 * (long)size) / STEP;
  prev_loc = 0;
  lua_sethook(L, hook, LUA_MASKLINE | LUA_MASKCOUNT, STEP);
  lua_getfield(L, LUA_REGISTRYINDEX, "nm_fuzz_run");
  lua_pushlstring(L, (const char *)data, size);
  int rc = lua_pcall(L, 1, 1, 0);
  lua_sethook(L, NULL, 0, 0);
  if (over_time)
    die("a reader went over its instruction budget (super-linear?)");
  if (over_memory)
    die("a reader went over the memory cap");
  if (rc != LUA_OK) {
    fprintf(stderr, "fuzz_lua: the driver failed: %s\n",
            lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?");
    die("driver error");
  }
  if (!lua_isnil(L, -1)) {
    fprintf(stderr, "fuzz_lua: %s\n", lua_tostring(L, -1));
    die("check failed");
  }
  lua_close(L);
  L = NULL;
  if (mem_used != 0)
    die("the Lua state did not free all its memory");
  return 0;
}
