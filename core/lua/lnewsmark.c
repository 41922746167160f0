/*
 * lnewsmark.c - the Lua C module `newsmark.core` (docs/lua.md).
 *
 * One source for Lua 5.4, 5.3 and 5.1/LuaJIT (compat.h); built once per ABI
 * by core/lua/module.mk and never linked against liblua.
 *
 * Userdata types (one metatable each, `__index` method table, `__gc`,
 * `__tostring`, `__close` on 5.4):
 *   newsmark.doc      boxed nm_doc *      user value: the newsmark.rules it
 *                                         was parsed with (or nil), so the
 *                                         rules outlive the doc and rendering
 *                                         can name rule hits
 *   newsmark.rules    boxed nm_rules *
 *   newsmark.lexicon  boxed nm_lexicon *
 *   newsmark.scratch  a growable C buffer (internal): results collected
 *                     while core runs, pushed to Lua afterwards
 * Every box is set to NULL when freed, so close() is idempotent and a
 * method on a closed object raises.
 *
 * Error convention: wrong argument types and misuse raise (luaL_argerror,
 * luaL_error); runtime failures (a bad rule, a limit, out of memory) return
 * nil, message, code. No Lua error can be raised while a C resource is only
 * held by a C local: every C object is stored in a userdata box that is on
 * the stack before core allocates it, so the box's __gc frees it whatever
 * happens next.
 *
 * Indices (spans, entities, rules) are 1-based like Lua arrays; byte offsets
 * are 0-based and half-open like the C API.
 */
#include "newsmark.h"
#include "newsmark_rules.h"

#include "compat.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOC_MT "newsmark.doc"
#define RULES_MT "newsmark.rules"
#define LEX_MT "newsmark.lexicon"
#define SCRATCH_MT "newsmark.scratch"

NM_API int luaopen_newsmark_core(lua_State *L);
nm_rules *nm__lua_rules_take(lua_State *L, int idx);

typedef struct doc_box {
  nm_doc *doc;
} doc_box;

typedef struct rules_box {
  nm_rules *rules;
} rules_box;

typedef struct lex_box {
  nm_lexicon *lex;
} lex_box;

typedef struct scratch {
  char *data;
  size_t len, cap;
} scratch;

static const char *const lex_class_names[] = {
    "person", "organization", "place", "title", "speech_verb", "given_name"};

static const char *const format_names[] = {"json", "jsonl", "ansi",
                                           "html", "brat",  "dump"};

static const char *const error_names[] = {
    "OK", "ENOMEM", "EINVAL", "ETOOBIG", "ERULE", "EREGEX", "ELIMIT"};

/* ------------------------------------------------------------- helpers */

static int table_hint(size_t n) { return n > INT_MAX ? 0 : (int)n; }

static void set_int(lua_State *L, const char *key, lua_Integer v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, key);
}

static void set_str(lua_State *L, const char *key, const char *s) {
  lua_pushstring(L, s);
  lua_setfield(L, -2, key);
}

static void set_lstr(lua_State *L, const char *key, const char *s, size_t len) {
  lua_pushlstring(L, s, len);
  lua_setfield(L, -2, key);
}

static void set_bool(lua_State *L, const char *key, int b) {
  lua_pushboolean(L, b);
  lua_setfield(L, -2, key);
}

/* A C index (-1 for none) as a 1-based Lua index; nothing for -1. */
static void set_index(lua_State *L, const char *key, int32_t i) {
  if (i >= 0)
    set_int(L, key, (lua_Integer)i + 1);
}

static const char *kind_name(int kind) {
  const char *name = nm_kind_name(kind);
  return name ? name : "unknown";
}

/* nil, message, code: the runtime-failure return. */
static int push_fail(lua_State *L, int code, const char *msg) {
  if (code == NM_OK)
    code = NM_ENOMEM;
  lua_pushnil(L);
  lua_pushstring(L, msg && *msg ? msg : nm_strerror(code));
  lua_pushinteger(L, code);
  return 3;
}

/* A 1-based Lua index at `arg` as a 0-based C index below `n`, or SIZE_MAX
 * when it is out of range. Non-integers raise. */
static size_t check_index(lua_State *L, int arg, size_t n) {
  lua_Integer i = luaL_checkinteger(L, arg);
  if (i < 1 || (uint64_t)(i - 1) >= (uint64_t)n)
    return SIZE_MAX;
  return (size_t)(i - 1);
}

/* A byte offset or line number: an integer >= 0, clamped to UINT32_MAX. */
static uint32_t check_u32(lua_State *L, int arg) {
  lua_Integer v = luaL_checkinteger(L, arg);
  luaL_argcheck(L, v >= 0, arg, "must be >= 0");
  return (uint64_t)v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* An optional numeric field of the table at `t`, an integer in [lo, hi];
 * `dflt` when nil. Raises an argument error for `arg` otherwise, saying
 * that the field must be `what`. */
static lua_Number field_number(lua_State *L, int t, const char *key, int arg,
                               lua_Number lo, lua_Number hi, lua_Number dflt,
                               const char *what) {
  lua_getfield(L, t, key);
  lua_Number v = dflt;
  if (!lua_isnil(L, -1)) {
    v = lua_tonumber(L, -1);
    if (lua_type(L, -1) != LUA_TNUMBER || !(v >= lo && v <= hi) ||
        v != (lua_Number)(long long)v)
      luaL_argerror(L, arg, lua_pushfstring(L, "'%s' must be %s", key, what));
  }
  lua_pop(L, 1);
  return v;
}

/* A kind given by name or number at `arg`; -1 when absent. */
static int opt_kind(lua_State *L, int arg) {
  int t = lua_type(L, arg);
  if (t == LUA_TNONE || t == LUA_TNIL)
    return -1;
  if (t == LUA_TSTRING) {
    const char *name = lua_tostring(L, arg);
    int k = nm_kind_from_name(name);
    if (k < 0)
      luaL_argerror(L, arg, lua_pushfstring(L, "unknown kind '%s'", name));
    return k;
  }
  if (t != LUA_TNUMBER)
    luaL_argerror(L, arg,
                  lua_pushfstring(L, "kind name or number expected, got %s",
                                  luaL_typename(L, arg)));
  lua_Integer k = luaL_checkinteger(L, arg);
  luaL_argcheck(L, k >= NM_KIND_FIRST && k <= NM_KIND_LAST, arg,
                "kind out of range");
  return (int)k;
}

/* An entry of `names` (count `n`) given by name or number at `arg`. */
static int check_enum(lua_State *L, int arg, const char *const *names, int n,
                      const char *what) {
  if (lua_type(L, arg) == LUA_TSTRING) {
    const char *s = lua_tostring(L, arg);
    for (int i = 0; i < n; i++)
      if (strcmp(names[i], s) == 0)
        return i;
    return luaL_argerror(L, arg,
                         lua_pushfstring(L, "unknown %s '%s'", what, s));
  }
  if (lua_type(L, arg) != LUA_TNUMBER)
    return luaL_argerror(L, arg,
                         lua_pushfstring(L,
                                         "%s name or number expected, got %s",
                                         what, luaL_typename(L, arg)));
  lua_Integer i = luaL_checkinteger(L, arg);
  if (i < 0 || i >= n)
    luaL_argerror(L, arg, lua_pushfstring(L, "%s out of range", what));
  return (int)i;
}

/* name -> number and number -> name, for `n` names numbered from `first`. */
static void push_enum_table(lua_State *L, const char *const *names, int n,
                            int first) {
  lua_createtable(L, n, n);
  for (int i = 0; i < n; i++) {
    lua_pushinteger(L, first + i);
    lua_setfield(L, -2, names[i]);
    lua_pushstring(L, names[i]);
    lua_rawseti(L, -2, first + i);
  }
}

/* ------------------------------------------------------------- scratch */

static scratch *scratch_push(lua_State *L) {
  scratch *s = nmc_newudata(L, sizeof *s, 0);
  memset(s, 0, sizeof *s);
  luaL_setmetatable(L, SCRATCH_MT);
  return s;
}

static int scratch_add(scratch *s, const void *bytes, size_t len) {
  if (len > s->cap - s->len) {
    size_t cap = s->cap ? s->cap : 256;
    while (len > cap - s->len) {
      if (cap > SIZE_MAX / 2)
        return NM_ENOMEM;
      cap *= 2;
    }
    char *data = realloc(s->data, cap);
    if (!data)
      return NM_ENOMEM;
    s->data = data;
    s->cap = cap;
  }
  if (len)
    memcpy(s->data + s->len, bytes, len);
  s->len += len;
  return NM_OK;
}

static void scratch_free(scratch *s) {
  free(s->data);
  s->data = NULL;
  s->len = s->cap = 0;
}

static int scratch_gc(lua_State *L) {
  scratch_free(luaL_checkudata(L, 1, SCRATCH_MT));
  return 0;
}

/* ---------------------------------------------------------------- boxes */

static nm_doc *check_doc(lua_State *L, int arg) {
  doc_box *b = luaL_checkudata(L, arg, DOC_MT);
  if (!b->doc)
    luaL_error(L, "attempt to use a closed " DOC_MT);
  return b->doc;
}

static nm_rules *check_rules(lua_State *L, int arg) {
  rules_box *b = luaL_checkudata(L, arg, RULES_MT);
  if (!b->rules)
    luaL_error(L, "attempt to use a closed " RULES_MT);
  return b->rules;
}

static nm_lexicon *check_lexicon(lua_State *L, int arg) {
  lex_box *b = luaL_checkudata(L, arg, LEX_MT);
  if (!b->lex)
    luaL_error(L, "attempt to use a closed " LEX_MT);
  return b->lex;
}

/* The rules a doc was parsed with, if any and still open. The doc's user
 * value keeps the box alive for the length of the call. */
static const nm_rules *doc_rules(lua_State *L, int arg) {
  nmc_getuv(L, arg);
  rules_box *b = luaL_testudata(L, -1, RULES_MT);
  const nm_rules *rules = b ? b->rules : NULL;
  lua_pop(L, 1);
  return rules;
}

/* Push an empty lexicon box and allocate its lexicon; NULL on
 * out-of-memory (the box stays on the stack either way). */
static lex_box *lex_push(lua_State *L) {
  lex_box *b = nmc_newudata(L, sizeof *b, 0);
  b->lex = NULL;
  luaL_setmetatable(L, LEX_MT);
  b->lex = nm_lexicon_new(NULL);
  return b->lex ? b : NULL;
}

static int lex_class_from_name(const char *name) {
  for (int i = NM_LEX_FIRST; i <= NM_LEX_LAST; i++)
    if (strcmp(lex_class_names[i], name) == 0)
      return i;
  return -1;
}

/* Fill `lex` from the table at `t`:
 *   { person = { "Katya", ["DOE"] = "U.S. Department of Energy" }, ... }
 * Array items are words; string keys are words whose value is their
 * canonical name or `true`. Bad shapes raise an argument error for `arg`.
 * A core failure returns its code with a message pushed. */
static int lex_fill(lua_State *L, nm_lexicon *lex, int t, int arg) {
  lua_pushnil(L);
  while (lua_next(L, t)) {
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_argerror(L, arg, "lexicon keys must be class names");
    const char *cname = lua_tostring(L, -2);
    int cls = lex_class_from_name(cname);
    if (cls < 0)
      luaL_argerror(L, arg,
                    lua_pushfstring(L, "unknown lexicon class '%s'", cname));
    if (!lua_istable(L, -1))
      luaL_argerror(L, arg,
                    lua_pushfstring(L, "lexicon.%s must be a table", cname));
    int ct = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, ct)) {
      const char *word, *canonical = NULL;
      size_t len;
      if (lua_type(L, -2) == LUA_TSTRING) {
        word = lua_tolstring(L, -2, &len);
        if (lua_type(L, -1) == LUA_TSTRING)
          canonical = lua_tostring(L, -1);
        else if (!(lua_isboolean(L, -1) && lua_toboolean(L, -1)))
          luaL_argerror(
              L, arg,
              lua_pushfstring(L, "lexicon.%s['%s'] must be a string or true",
                              cname, word));
      } else if (lua_type(L, -1) == LUA_TSTRING) {
        word = lua_tolstring(L, -1, &len);
      } else {
        return luaL_argerror(
            L, arg,
            lua_pushfstring(L, "lexicon.%s: words must be strings", cname));
      }
      int rc = nm_lexicon_add(lex, cls, word, len, canonical);
      if (rc != NM_OK) {
        lua_pushfstring(L, "lexicon: cannot add '%s' to %s: %s", word, cname,
                        nm_strerror(rc));
        return rc;
      }
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  return NM_OK;
}

/* ------------------------------------------------------------ module */

static int l_version(lua_State *L) {
  lua_pushinteger(L, nm_version());
  return 1;
}

static int l_strerror(lua_State *L) {
  lua_pushstring(L, nm_strerror((int)luaL_checkinteger(L, 1)));
  return 1;
}

static int l_kind_name(lua_State *L) {
  const char *name = nm_kind_name((int)luaL_checkinteger(L, 1));
  if (name)
    lua_pushstring(L, name);
  else
    lua_pushnil(L);
  return 1;
}

static int l_kind_from_name(lua_State *L) {
  int k = nm_kind_from_name(luaL_checkstring(L, 1));
  if (k >= 0)
    lua_pushinteger(L, k);
  else
    lua_pushnil(L);
  return 1;
}

static int l_method_name(lua_State *L) {
  const char *name = nm_method_name((int)luaL_checkinteger(L, 1));
  if (name)
    lua_pushstring(L, name);
  else
    lua_pushnil(L);
  return 1;
}

/* A doc's C memory is invisible to Lua's collector, which sees a pointer-
 * sized userdata; an editor reparsing on every change without close()
 * would pile up unreachable docs. So after a parse, advance the collector
 * as if about that much had been allocated (LUA_GCSTEP's argument is in
 * KiB in 5.1, 5.3 and 5.4). The doc is already in its box: a finalizer
 * running here cannot leak it. */
static void gc_hint(lua_State *L, const nm_doc *doc) {
  size_t len;
  nm_doc_text(doc, &len);
  size_t bytes = len + nm_doc_span_count(doc) * (sizeof(nm_span) + 8) +
                 (size_t)nm_doc_line_count(doc) * 4;
  size_t kib = bytes / 1024;
#ifdef LUA_GCISRUNNING /* 5.2+: respect collectgarbage("stop") */
  if (!lua_gc(L, LUA_GCISRUNNING, 0))
    return;
#endif
  if (kib > 0)
    lua_gc(L, LUA_GCSTEP, kib > INT_MAX ? INT_MAX : (int)kib);
}

/* nm.parse(text [, {rules =, lexicon =}]) -> doc | nil, msg, code */
static int l_parse(lua_State *L) {
  size_t len;
  const char *text = luaL_checklstring(L, 1, &len);
  int has_opts = !lua_isnoneornil(L, 2);
  if (has_opts)
    luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  nm_parse_options po;
  memset(&po, 0, sizeof po);

  /* 3: opts.rules */
  if (has_opts)
    lua_getfield(L, 2, "rules");
  else
    lua_pushnil(L);
  if (!lua_isnil(L, 3)) {
    rules_box *rb = luaL_testudata(L, 3, RULES_MT);
    if (!rb)
      return luaL_argerror(L, 2, "'rules' must be a " RULES_MT);
    if (!rb->rules)
      return luaL_argerror(L, 2, "'rules' is a closed " RULES_MT);
    po.rules = rb->rules;
  }
  /* 4: opts.lexicon */
  if (has_opts)
    lua_getfield(L, 2, "lexicon");
  else
    lua_pushnil(L);
  /* 5: the doc box, ready before core allocates anything */
  doc_box *db = nmc_newudata(L, sizeof *db, 1);
  db->doc = NULL;
  luaL_setmetatable(L, DOC_MT);
  lua_pushvalue(L, 3);
  nmc_setuv(L, 5);
  /* 6: a temporary lexicon built from a table */
  lex_box *tmp = NULL;
  if (lua_istable(L, 4)) {
    tmp = lex_push(L);
    if (!tmp)
      return push_fail(L, NM_ENOMEM, NULL);
    int rc = lex_fill(L, tmp->lex, 4, 2);
    if (rc != NM_OK) {
      const char *msg = lua_tostring(L, -1);
      return push_fail(L, rc, msg);
    }
    po.lexicon = tmp->lex;
  } else if (!lua_isnil(L, 4)) {
    lex_box *lb = luaL_testudata(L, 4, LEX_MT);
    if (!lb)
      return luaL_argerror(L, 2, "'lexicon' must be a table or a " LEX_MT);
    if (!lb->lex)
      return luaL_argerror(L, 2, "'lexicon' is a closed " LEX_MT);
    po.lexicon = lb->lex;
  }
  nm_diag diag;
  memset(&diag, 0, sizeof diag);
  db->doc = nm_doc_parse(text, len, &po, &diag);
  if (tmp) {
    nm_lexicon_free(tmp->lex);
    tmp->lex = NULL;
  }
  if (!db->doc)
    return push_fail(L, diag.code, diag.message);
  gc_hint(L, db->doc);
  lua_pushvalue(L, 5);
  return 1;
}

/* nm.rules([limits]) -> rules | nil, msg, code */
static int l_rules_new(lua_State *L) {
  nm_rules_limits lim;
  memset(&lim, 0, sizeof lim);
  int has = !lua_isnoneornil(L, 1);
  if (has) {
    luaL_checktype(L, 1, LUA_TTABLE);
    static const char *const keys[] = {"match_limit", "depth_limit",
                                       "heap_limit", "max_hits"};
    uint32_t *fields[] = {&lim.match_limit, &lim.depth_limit, &lim.heap_limit,
                          &lim.max_hits};
    for (int i = 0; i < 4; i++)
      *fields[i] = (uint32_t)field_number(L, 1, keys[i], 1, 0, UINT32_MAX, 0,
                                          "an integer in 0..4294967295");
  }
  rules_box *b = nmc_newudata(L, sizeof *b, 0);
  b->rules = NULL;
  luaL_setmetatable(L, RULES_MT);
  b->rules = nm_rules_new(NULL, has ? &lim : NULL);
  if (!b->rules)
    return push_fail(L, NM_ENOMEM, NULL);
  return 1;
}

/* nm.lexicon() -> lexicon | nil, msg, code */
static int l_lexicon_new(lua_State *L) {
  if (!lex_push(L))
    return push_fail(L, NM_ENOMEM, NULL);
  return 1;
}

static int doc_close(lua_State *L);
static int rules_close(lua_State *L);
static int lex_close(lua_State *L);

/* nm.close(obj): close any newsmark object. */
static int l_close(lua_State *L) {
  if (luaL_testudata(L, 1, DOC_MT))
    return doc_close(L);
  if (luaL_testudata(L, 1, RULES_MT))
    return rules_close(L);
  if (luaL_testudata(L, 1, LEX_MT))
    return lex_close(L);
  return luaL_argerror(L, 1,
                       lua_pushfstring(L, "newsmark object expected, got %s",
                                       luaL_typename(L, 1)));
}

/* --------------------------------------------------------------- lexicon */

/* lexicon:add(class, word [, canonical]) -> true | nil, msg, code */
static int lex_add(lua_State *L) {
  nm_lexicon *lex = check_lexicon(L, 1);
  int cls = check_enum(L, 2, lex_class_names, NM_LEX_LAST + 1, "lexicon class");
  size_t len;
  const char *word = luaL_checklstring(L, 3, &len);
  const char *canonical = luaL_optstring(L, 4, NULL);
  int rc = nm_lexicon_add(lex, cls, word, len, canonical);
  if (rc != NM_OK)
    return push_fail(L, rc, NULL);
  lua_pushboolean(L, 1);
  return 1;
}

static int lex_close(lua_State *L) {
  lex_box *b = luaL_checkudata(L, 1, LEX_MT);
  nm_lexicon_free(b->lex);
  b->lex = NULL;
  return 0;
}

static int lex_tostring(lua_State *L) {
  lex_box *b = luaL_checkudata(L, 1, LEX_MT);
  if (b->lex)
    lua_pushfstring(L, LEX_MT ": %p", (void *)b->lex);
  else
    lua_pushstring(L, LEX_MT ": closed");
  return 1;
}

/* ----------------------------------------------------------------- rules */

/* rules:add(name, pattern [, {label =, priority =}]) -> true | nil, msg,
 * code */
static int rules_add(lua_State *L) {
  nm_rules *rules = check_rules(L, 1);
  const char *name = luaL_checkstring(L, 2);
  size_t len;
  const char *pattern = luaL_checklstring(L, 3, &len);
  const char *label = NULL;
  int priority = 0;
  lua_settop(L, 4);
  if (!lua_isnil(L, 4)) {
    luaL_checktype(L, 4, LUA_TTABLE);
    priority = (int)field_number(L, 4, "priority", 4, INT_MIN, INT_MAX, 0,
                                 "an integer that fits a C int");
    lua_getfield(L, 4, "label"); /* 5: stays on the stack during the call */
    if (!lua_isnil(L, 5)) {
      if (lua_type(L, 5) != LUA_TSTRING)
        return luaL_argerror(L, 4, "'label' must be a string");
      label = lua_tostring(L, 5);
    }
  }
  nm_diag diag;
  memset(&diag, 0, sizeof diag);
  int rc = nm_rules_add(rules, name, label, pattern, len, priority, &diag);
  if (rc != NM_OK)
    return push_fail(L, rc, diag.message);
  lua_pushboolean(L, 1);
  return 1;
}

static int rules_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)nm_rules_count(check_rules(L, 1)));
  return 1;
}

/* rules:info(i) -> {index =, name =, label =, priority =} | nil */
static int rules_info(lua_State *L) {
  nm_rules *rules = check_rules(L, 1);
  size_t i = check_index(L, 2, nm_rules_count(rules));
  if (i == SIZE_MAX) {
    lua_pushnil(L);
    return 1;
  }
  const char *name = nm_rules_name(rules, i);
  const char *label = nm_rules_label(rules, i);
  lua_createtable(L, 0, 4);
  set_int(L, "index", (lua_Integer)i + 1);
  set_str(L, "name", name);
  set_str(L, "label", label ? label : name);
  set_int(L, "priority", nm_rules_priority(rules, i));
  return 1;
}

typedef struct hit_rec {
  uint32_t rule, start, end;
} hit_rec;

static int on_hit(size_t rule, uint32_t start, uint32_t end, void *ud) {
  hit_rec h = {(uint32_t)rule, start, end};
  return scratch_add(ud, &h, sizeof h);
}

/* rules:match(text) -> hits | nil, msg, code, partial_hits */
static int rules_match(lua_State *L) {
  nm_rules *rules = check_rules(L, 1);
  size_t len;
  const char *text = luaL_checklstring(L, 2, &len);
  lua_settop(L, 2);
  scratch *s = scratch_push(L); /* 3 */
  nm_diag diag;
  memset(&diag, 0, sizeof diag);
  int rc = nm_rules_match(rules, text, len, on_hit, s, &diag);
  size_t n = s->len / sizeof(hit_rec);
  lua_createtable(L, table_hint(n), 0); /* 4 */
  for (size_t i = 0; i < n; i++) {
    hit_rec h;
    memcpy(&h, s->data + i * sizeof h, sizeof h);
    lua_createtable(L, 0, 4);
    const char *name = nm_rules_name(rules, h.rule);
    if (name)
      set_str(L, "rule", name);
    set_int(L, "rule_index", (lua_Integer)h.rule + 1);
    set_int(L, "start", h.start);
    set_int(L, "finish", h.end);
    lua_rawseti(L, 4, (int)(i + 1));
  }
  scratch_free(s);
  if (rc != NM_OK) {
    push_fail(L, rc, diag.message);
    lua_pushvalue(L, 4);
    return 4;
  }
  return 1;
}

static int rules_close(lua_State *L) {
  rules_box *b = luaL_checkudata(L, 1, RULES_MT);
  nm_rules_free(b->rules);
  b->rules = NULL;
  return 0;
}

/* For a C host that embeds this module (the CLI, core/cli/config.c): the
 * nm_rules of the newsmark.rules at `idx`, detached from it, or NULL when
 * `idx` is not an open rule set. The userdata is left closed, so its __gc
 * does not free the set; the caller owns it (free with nm_rules_free). Not a
 * Lua function and not exported from core.so (no NM_API). */
nm_rules *nm__lua_rules_take(lua_State *L, int idx) {
  rules_box *b = luaL_testudata(L, idx, RULES_MT);
  nm_rules *rules = b ? b->rules : NULL;
  if (b)
    b->rules = NULL;
  return rules;
}

static int rules_tostring(lua_State *L) {
  rules_box *b = luaL_checkudata(L, 1, RULES_MT);
  if (b->rules) {
    char buf[96];
    snprintf(buf, sizeof buf, RULES_MT ": %p (%zu rules)", (void *)b->rules,
             nm_rules_count(b->rules));
    lua_pushstring(L, buf);
  } else {
    lua_pushstring(L, RULES_MT ": closed");
  }
  return 1;
}

/* ------------------------------------------------------------------- doc */

static void push_span(lua_State *L, const nm_span *s, size_t i,
                      const nm_rules *rules) {
  lua_createtable(L, 0, 8);
  set_int(L, "index", (lua_Integer)i + 1);
  set_int(L, "start", s->start);
  set_int(L, "finish", s->end);
  set_str(L, "kind", kind_name(s->kind));
  set_int(L, "flags", s->flags);
  set_index(L, "parent", s->parent);
  set_index(L, "link", s->link);
  if (s->kind == NM_KIND_RULE && rules && s->link >= 0) {
    const char *name = nm_rules_name(rules, (size_t)s->link);
    if (name)
      set_str(L, "rule", name);
  }
}

/* The bytes of a span, clamped to the text. */
static void push_span_text(lua_State *L, const nm_doc *doc, const nm_span *s) {
  size_t len;
  const char *text = nm_doc_text(doc, &len);
  size_t a = s->start < len ? s->start : len;
  size_t b = s->end < len ? s->end : len;
  lua_pushlstring(L, text + a, b > a ? b - a : 0);
}

/* doc:text([i]) -> the whole text, or span i's text (nil out of range) */
static int doc_text(lua_State *L) {
  nm_doc *doc = check_doc(L, 1);
  if (lua_isnoneornil(L, 2)) {
    size_t len;
    const char *text = nm_doc_text(doc, &len);
    lua_pushlstring(L, text, len);
    return 1;
  }
  size_t i = check_index(L, 2, nm_doc_span_count(doc));
  if (i == SIZE_MAX)
    lua_pushnil(L);
  else
    push_span_text(L, doc, nm_doc_span(doc, i));
  return 1;
}

static int doc_len(lua_State *L) {
  size_t len;
  nm_doc_text(check_doc(L, 1), &len);
  lua_pushinteger(L, (lua_Integer)len);
  return 1;
}

static int doc_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)nm_doc_span_count(check_doc(L, 1)));
  return 1;
}

/* doc:span(i) -> span table | nil */
static int doc_span(lua_State *L) {
  nm_doc *doc = check_doc(L, 1);
  size_t i = check_index(L, 2, nm_doc_span_count(doc));
  if (i == SIZE_MAX)
    lua_pushnil(L);
  else
    push_span(L, nm_doc_span(doc, i), i, doc_rules(L, 1));
  return 1;
}

/* doc:spans([kind]) -> array of span tables */
static int doc_spans(lua_State *L) {
  nm_doc *doc = check_doc(L, 1);
  int kind = opt_kind(L, 2);
  const nm_rules *rules = doc_rules(L, 1);
  size_t n;
  const nm_span *spans = nm_doc_spans(doc, &n);
  lua_createtable(L, kind < 0 ? table_hint(n) : 0, 0);
  int k = 0;
  for (size_t i = 0; i < n; i++) {
    if (kind >= 0 && spans[i].kind != kind)
      continue;
    push_span(L, &spans[i], i, rules);
    lua_rawseti(L, -2, ++k);
  }
  return 1;
}

/* doc:range(start, finish [, kind]) -> spans overlapping [start, finish) */
static int doc_range(lua_State *L) {
  nm_doc *doc = check_doc(L, 1);
  uint32_t start = check_u32(L, 2);
  uint32_t finish = check_u32(L, 3);
  luaL_argcheck(L, finish >= start, 3, "finish must be >= start");
  int kind = opt_kind(L, 4);
  const nm_rules *rules = doc_rules(L, 1);
  size_t n;
  const nm_span *spans = nm_doc_spans(doc, &n);
  lua_newtable(L);
  int k = 0;
  /* half-open: an empty range overlaps nothing */
  for (size_t i = start < finish ? nm_doc_range_first(doc, start) : n;
       i < n && spans[i].start < finish; i++) {
    if (spans[i].end <= start || (kind >= 0 && spans[i].kind != kind))
      continue;
    push_span(L, &spans[i], i, rules);
    lua_rawseti(L, -2, ++k);
  }
  return 1;
}

/* doc:range_first(start) -> 1-based index (count + 1 when none) */
static int doc_range_first(lua_State *L) {
  nm_doc *doc = check_doc(L, 1);
  lua_pushinteger(L, (lua_Integer)nm_doc_range_first(doc, check_u32(L, 2)) + 1);
  return 1;
}

/* doc:flat([kind]) -> {s1, e1, k1, s2, e2, k2, ...} */
static int doc_flat(lua_State *L) {
  nm_doc *doc = check_doc(L, 1);
  int kind = opt_kind(L, 2);
  size_t n;
  const nm_span *spans = nm_doc_spans(doc, &n);
  lua_createtable(L, kind < 0 && n < INT_MAX / 3 ? (int)n * 3 : 0, 0);
  int k = 0;
  for (size_t i = 0; i < n; i++) {
    if (kind >= 0 && spans[i].kind != kind)
      continue;
    lua_pushinteger(L, spans[i].start);
    lua_rawseti(L, -2, ++k);
    lua_pushinteger(L, spans[i].end);
    lua_rawseti(L, -2, ++k);
    lua_pushinteger(L, spans[i].kind);
    lua_rawseti(L, -2, ++k);
  }
  return 1;
}

static void push_quote(lua_State *L, const nm_doc *doc, size_t i) {
  const nm_span *s = nm_doc_span(doc, i);
  lua_createtable(L, 0, 16);
  set_int(L, "index", (lua_Integer)i + 1);
  set_int(L, "start", s->start);
  set_int(L, "finish", s->end);
  push_span_text(L, doc, s);
  lua_setfield(L, -2, "text");
  if (s->link >= 0) {
    size_t len;
    const char *name = nm_doc_entity_name(doc, (size_t)s->link, &len);
    if (name)
      set_lstr(L, "speaker", name, len);
    set_int(L, "speaker_id", (lua_Integer)s->link + 1);
    int k = nm_doc_entity_kind(doc, (size_t)s->link);
    if (k >= 0)
      set_str(L, "speaker_kind", kind_name(k));
  }
  int32_t cue = nm_doc_quote_cue(doc, i);
  const nm_span *c = cue >= 0 ? nm_doc_span(doc, (size_t)cue) : NULL;
  if (c) {
    lua_createtable(L, 0, 3);
    set_int(L, "index", (lua_Integer)cue + 1);
    set_int(L, "start", c->start);
    set_int(L, "finish", c->end);
    lua_setfield(L, -2, "cue");
  }
  const char *method = nm_method_name(NM_QUOTE_METHOD(s->flags));
  set_str(L, "method", method ? method : "none");
  set_bool(L, "partial", (s->flags & NM_FLAG_PARTIAL) != 0);
  set_bool(L, "continued", (s->flags & NM_FLAG_CONTINUED) != 0);
  set_bool(L, "nested", (s->flags & NM_FLAG_NESTED) != 0);
  set_bool(L, "unclosed", (s->flags & NM_FLAG_UNCLOSED) != 0);
}

/* doc:quotes() -> array of quote tables */
static int doc_quotes(lua_State *L) {
  nm_doc *doc = check_doc(L, 1);
  size_t n;
  const nm_span *spans = nm_doc_spans(doc, &n);
  lua_newtable(L);
  int k = 0;
  for (size_t i = 0; i < n; i++) {
    if (spans[i].kind != NM_KIND_QUOTE)
      continue;
    push_quote(L, doc, i);
    lua_rawseti(L, -2, ++k);
  }
  return 1;
}

/* doc:quote_cue(i) -> index of quote span i's cue span | nil */
static int doc_quote_cue(lua_State *L) {
  nm_doc *doc = check_doc(L, 1);
  size_t i = check_index(L, 2, nm_doc_span_count(doc));
  int32_t cue = i == SIZE_MAX ? -1 : nm_doc_quote_cue(doc, i);
  if (cue >= 0)
    lua_pushinteger(L, (lua_Integer)cue + 1);
  else
    lua_pushnil(L);
  return 1;
}

static int is_mention(int kind) {
  return kind == NM_KIND_PERSON || kind == NM_KIND_ORGANIZATION ||
         kind == NM_KIND_PLACE;
}

/* An entity table without its mentions (an empty `mentions` array). */
static void push_entity(lua_State *L, const nm_doc *doc, size_t id) {
  size_t len;
  lua_createtable(L, 0, 6);
  set_int(L, "id", (lua_Integer)id + 1);
  set_str(L, "kind", kind_name(nm_doc_entity_kind(doc, id)));
  const char *name = nm_doc_entity_name(doc, id, &len);
  if (name)
    set_lstr(L, "name", name, len);
  const char *role = nm_doc_entity_role(doc, id, &len);
  if (role)
    set_lstr(L, "role", role, len);
  set_int(L, "quotes", (lua_Integer)nm_doc_entity_quote_count(doc, id));
  lua_newtable(L);
  lua_setfield(L, -2, "mentions");
}

/* Append mention span i to the `mentions` array of the entity table on
 * top. */
static void add_mention(lua_State *L, const nm_span *s, size_t i) {
  lua_getfield(L, -1, "mentions");
  lua_createtable(L, 0, 3);
  set_int(L, "index", (lua_Integer)i + 1);
  set_int(L, "start", s->start);
  set_int(L, "finish", s->end);
  lua_rawseti(L, -2, (int)lua_rawlen(L, -2) + 1);
  lua_pop(L, 1);
}

/* doc:entities([kind]) -> array of entity tables */
static int doc_entities(lua_State *L) {
  nm_doc *doc = check_doc(L, 1);
  int kind = opt_kind(L, 2);
  lua_settop(L, 2);
  size_t count = nm_doc_entity_count(doc);
  lua_createtable(L, table_hint(count), 0); /* 3: every entity, by id */
  for (size_t id = 0; id < count; id++) {
    push_entity(L, doc, id);
    lua_rawseti(L, 3, (int)id + 1);
  }
  size_t n;
  const nm_span *spans = nm_doc_spans(doc, &n);
  for (size_t i = 0; i < n; i++) {
    if (!is_mention(spans[i].kind) || spans[i].link < 0 ||
        (size_t)spans[i].link >= count)
      continue;
    lua_rawgeti(L, 3, spans[i].link + 1);
    add_mention(L, &spans[i], i);
    lua_pop(L, 1);
  }
  if (kind < 0)
    return 1;
  lua_newtable(L); /* 4 */
  int k = 0;
  for (size_t id = 0; id < count; id++) {
    if (nm_doc_entity_kind(doc, id) != kind)
      continue;
    lua_rawgeti(L, 3, (int)id + 1);
    lua_rawseti(L, 4, ++k);
  }
  return 1;
}

/* doc:entity(id) -> entity table | nil */
static int doc_entity(lua_State *L) {
  nm_doc *doc = check_doc(L, 1);
  size_t id = check_index(L, 2, nm_doc_entity_count(doc));
  if (id == SIZE_MAX) {
    lua_pushnil(L);
    return 1;
  }
  push_entity(L, doc, id);
  size_t n;
  const nm_span *spans = nm_doc_spans(doc, &n);
  for (size_t i = 0; i < n; i++)
    if (is_mention(spans[i].kind) && spans[i].link == (int32_t)id)
      add_mention(L, &spans[i], i);
  return 1;
}

static int doc_entity_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)nm_doc_entity_count(check_doc(L, 1)));
  return 1;
}

/* doc:blocks() -> the block spans (headline ... paragraph) */
static int doc_blocks(lua_State *L) {
  nm_doc *doc = check_doc(L, 1);
  size_t n;
  const nm_span *spans = nm_doc_spans(doc, &n);
  lua_newtable(L);
  int k = 0;
  for (size_t i = 0; i < n; i++) {
    if (spans[i].kind > NM_KIND_BLOCK_LAST)
      continue;
    push_span(L, &spans[i], i, NULL);
    lua_rawseti(L, -2, ++k);
  }
  return 1;
}

/* doc:diagnostics() -> array of {code, message, offset, line, column} */
static int doc_diagnostics(lua_State *L) {
  nm_doc *doc = check_doc(L, 1);
  size_t n = nm_doc_diag_count(doc);
  lua_createtable(L, table_hint(n), 0);
  for (size_t i = 0; i < n; i++) {
    const nm_diag *d = nm_doc_diag(doc, i);
    lua_createtable(L, 0, 5);
    set_int(L, "code", d->code);
    set_str(L, "message", d->message);
    set_int(L, "offset", (lua_Integer)d->offset);
    set_int(L, "line", d->line);
    set_int(L, "column", d->column);
    lua_rawseti(L, -2, (int)i + 1);
  }
  return 1;
}

/* doc:line_col(offset) -> line, col (both 0-based) */
static int doc_line_col(lua_State *L) {
  nm_doc *doc = check_doc(L, 1);
  uint32_t line, col;
  nm_doc_line_col(doc, check_u32(L, 2), &line, &col);
  lua_pushinteger(L, line);
  lua_pushinteger(L, col);
  return 2;
}

static int doc_line_start(lua_State *L) {
  nm_doc *doc = check_doc(L, 1);
  lua_pushinteger(L, nm_doc_line_start(doc, check_u32(L, 2)));
  return 1;
}

static int doc_line_count(lua_State *L) {
  lua_pushinteger(L, nm_doc_line_count(check_doc(L, 1)));
  return 1;
}

static int on_write(const char *bytes, size_t len, void *ud) {
  return scratch_add(ud, bytes, len);
}

/* doc:render(format [, {name =, ansi_styles =, no_text =}]) -> string |
 * nil, msg, code */
static int doc_render(lua_State *L) {
  nm_doc *doc = check_doc(L, 1);
  int format = check_enum(L, 2, format_names, NM_FORMAT_LAST + 1, "format");
  nm_render_options ro;
  memset(&ro, 0, sizeof ro);
  const char *styles[NM_KIND_LAST + 1];
  memset(styles, 0, sizeof styles);
  lua_settop(L, 3);
  if (!lua_isnil(L, 3)) {
    luaL_checktype(L, 3, LUA_TTABLE);
    lua_getfield(L, 3, "name"); /* 4: kept for the call */
    if (!lua_isnil(L, 4)) {
      if (lua_type(L, 4) != LUA_TSTRING)
        return luaL_argerror(L, 3, "'name' must be a string");
      ro.name = lua_tostring(L, 4);
    }
    lua_getfield(L, 3, "ansi_styles"); /* 5: kept for the call */
    if (!lua_isnil(L, 5)) {
      if (!lua_istable(L, 5))
        return luaL_argerror(L, 3, "'ansi_styles' must be a table");
      lua_pushnil(L);
      while (lua_next(L, 5)) {
        int k = -1;
        if (lua_type(L, -2) == LUA_TSTRING)
          k = nm_kind_from_name(lua_tostring(L, -2));
        else if (lua_type(L, -2) == LUA_TNUMBER) {
          lua_Number v = lua_tonumber(L, -2);
          if (v >= NM_KIND_FIRST && v <= NM_KIND_LAST && v == (int)v)
            k = (int)v;
        }
        if (k < 0)
          return luaL_argerror(L, 3, "'ansi_styles' keys must be kinds");
        if (lua_type(L, -1) != LUA_TSTRING)
          return luaL_argerror(L, 3, "'ansi_styles' values must be strings");
        /* the table holds the string, so the pointer outlives the pop */
        styles[k] = lua_tostring(L, -1);
        lua_pop(L, 1);
      }
      ro.ansi_styles = styles;
    }
    lua_getfield(L, 3, "no_text");
    if (lua_toboolean(L, -1))
      ro.flags |= NM_RENDER_NO_TEXT;
    lua_pop(L, 1);
  }
  ro.rules = doc_rules(L, 1);
  scratch *s = scratch_push(L);
  int rc = nm_doc_render(doc, format, &ro, on_write, s);
  if (rc != NM_OK) {
    scratch_free(s);
    return push_fail(L, rc, NULL);
  }
  lua_pushlstring(L, s->data ? s->data : "", s->len);
  scratch_free(s);
  return 1;
}

static int doc_close(lua_State *L) {
  doc_box *b = luaL_checkudata(L, 1, DOC_MT);
  nm_doc_free(b->doc);
  b->doc = NULL;
  return 0;
}

static int doc_tostring(lua_State *L) {
  doc_box *b = luaL_checkudata(L, 1, DOC_MT);
  if (b->doc) {
    char buf[96];
    snprintf(buf, sizeof buf, DOC_MT ": %p (%zu spans)", (void *)b->doc,
             nm_doc_span_count(b->doc));
    lua_pushstring(L, buf);
  } else {
    lua_pushstring(L, DOC_MT ": closed");
  }
  return 1;
}

/* ------------------------------------------------------------- tables */

static const luaL_Reg doc_methods[] = {{"text", doc_text},
                                       {"len", doc_len},
                                       {"count", doc_count},
                                       {"span", doc_span},
                                       {"spans", doc_spans},
                                       {"range", doc_range},
                                       {"range_first", doc_range_first},
                                       {"flat", doc_flat},
                                       {"quotes", doc_quotes},
                                       {"quote_cue", doc_quote_cue},
                                       {"entities", doc_entities},
                                       {"entity", doc_entity},
                                       {"entity_count", doc_entity_count},
                                       {"blocks", doc_blocks},
                                       {"diagnostics", doc_diagnostics},
                                       {"line_col", doc_line_col},
                                       {"line_start", doc_line_start},
                                       {"line_count", doc_line_count},
                                       {"render", doc_render},
                                       {"close", doc_close},
                                       {NULL, NULL}};

static const luaL_Reg doc_meta[] = {{"__gc", doc_close},
#if LUA_VERSION_NUM >= 504
                                    {"__close", doc_close},
#endif
                                    {"__tostring", doc_tostring},
                                    {"__len", doc_count},
                                    {NULL, NULL}};

static const luaL_Reg rules_methods[] = {
    {"add", rules_add},     {"count", rules_count}, {"info", rules_info},
    {"match", rules_match}, {"close", rules_close}, {NULL, NULL}};

static const luaL_Reg rules_meta[] = {{"__gc", rules_close},
#if LUA_VERSION_NUM >= 504
                                      {"__close", rules_close},
#endif
                                      {"__tostring", rules_tostring},
                                      {"__len", rules_count},
                                      {NULL, NULL}};

static const luaL_Reg lex_methods[] = {
    {"add", lex_add}, {"close", lex_close}, {NULL, NULL}};

static const luaL_Reg lex_meta[] = {{"__gc", lex_close},
#if LUA_VERSION_NUM >= 504
                                    {"__close", lex_close},
#endif
                                    {"__tostring", lex_tostring},
                                    {NULL, NULL}};

static const luaL_Reg scratch_meta[] = {{"__gc", scratch_gc}, {NULL, NULL}};

static const luaL_Reg module_funcs[] = {{"version", l_version},
                                        {"strerror", l_strerror},
                                        {"kind_name", l_kind_name},
                                        {"kind_from_name", l_kind_from_name},
                                        {"method_name", l_method_name},
                                        {"parse", l_parse},
                                        {"rules", l_rules_new},
                                        {"lexicon", l_lexicon_new},
                                        {"close", l_close},
                                        {NULL, NULL}};

static void new_class(lua_State *L, const char *name, const luaL_Reg *methods,
                      const luaL_Reg *meta) {
  luaL_newmetatable(L, name);
  luaL_setfuncs(L, meta, 0);
  if (methods) {
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    lua_setfield(L, -2, "__index");
  }
  lua_pop(L, 1);
}

NM_API int luaopen_newsmark_core(lua_State *L) {
  new_class(L, DOC_MT, doc_methods, doc_meta);
  new_class(L, RULES_MT, rules_methods, rules_meta);
  new_class(L, LEX_MT, lex_methods, lex_meta);
  new_class(L, SCRATCH_MT, NULL, scratch_meta);

  luaL_newlib(L, module_funcs);
  lua_pushliteral(L, "newsmark " NM_VERSION_STRING);
  lua_setfield(L, -2, "_VERSION");

  const char *kinds[NM_KIND_LAST + 1];
  for (int k = NM_KIND_FIRST; k <= NM_KIND_LAST; k++)
    kinds[k] = nm_kind_name(k);
  push_enum_table(L, kinds, NM_KIND_LAST + 1, NM_KIND_FIRST);
  lua_setfield(L, -2, "kinds");

  const char *methods[NM_METHOD_LAST + 1];
  for (int m = NM_METHOD_FIRST; m <= NM_METHOD_LAST; m++)
    methods[m] = nm_method_name(m);
  push_enum_table(L, methods, NM_METHOD_LAST + 1, NM_METHOD_FIRST);
  lua_setfield(L, -2, "methods");

  push_enum_table(L, format_names, NM_FORMAT_LAST + 1, NM_FORMAT_FIRST);
  lua_setfield(L, -2, "formats");

  push_enum_table(L, lex_class_names, NM_LEX_LAST + 1, NM_LEX_FIRST);
  lua_setfield(L, -2, "lexicon_classes");

  /* errors: "ENOMEM" -> -1 and -1 -> "ENOMEM" (codes run 0 .. -6) */
  int nerr = (int)(sizeof error_names / sizeof error_names[0]);
  lua_createtable(L, 0, 2 * nerr);
  for (int i = 0; i < nerr; i++) {
    lua_pushinteger(L, -i);
    lua_setfield(L, -2, error_names[i]);
    lua_pushstring(L, error_names[i]);
    lua_rawseti(L, -2, -i);
  }
  lua_setfield(L, -2, "errors");
  return 1;
}
