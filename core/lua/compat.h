/*
 * compat.h - one C source for Lua 5.4, 5.3 and 5.1/LuaJIT 2.1.
 *
 * Shims are chosen by feature, not by interpreter name:
 *   - luaL_newlib / luaL_setfuncs / luaL_testudata / luaL_setmetatable:
 *     present in 5.2+ and in LuaJIT 2.1 (which defines luaL_newlib as a
 *     macro); only a plain 5.1 auxiliary library lacks them.
 *   - lua_rawlen: 5.2+; 5.1 calls it lua_objlen.
 *   - lua_newuserdatauv: 5.4 userdata carry n user values; older ones one
 *     (5.2/5.3) or an environment table (5.1).
 *   - user values: nmc_setuv / nmc_getuv store and fetch one Lua value of
 *     any type. 5.3 and 5.4 store it directly; 5.2 (tables only) and 5.1
 *     (lua_setfenv, tables only) wrap it in a one-element table.
 * Nothing here links liblua: the host provides every symbol.
 */
#ifndef NM_LUA_COMPAT_H
#define NM_LUA_COMPAT_H

#include <lua.h>
#include <lauxlib.h>

#if !defined(LUA_VERSION_NUM) || LUA_VERSION_NUM < 502
#define lua_rawlen(L, i) lua_objlen((L), (i))
#endif

/* A plain 5.1 auxiliary library (LuaJIT 2.0, PUC 5.1): no luaL_newlib. */
#ifndef luaL_newlib
static inline void nmc_setfuncs(lua_State *L, const luaL_Reg *l, int nup) {
  luaL_checkstack(L, nup + 1, "too many upvalues");
  for (; l->name; l++) {
    for (int i = 0; i < nup; i++)
      lua_pushvalue(L, -nup);
    lua_pushcclosure(L, l->func, nup);
    lua_setfield(L, -(nup + 2), l->name);
  }
  lua_pop(L, nup);
}
static inline void *nmc_testudata(lua_State *L, int idx, const char *tname) {
  void *p = lua_touserdata(L, idx);
  if (!p || !lua_getmetatable(L, idx))
    return NULL;
  luaL_getmetatable(L, tname);
  if (!lua_rawequal(L, -1, -2))
    p = NULL;
  lua_pop(L, 2);
  return p;
}
static inline void nmc_setmetatable(lua_State *L, const char *tname) {
  luaL_getmetatable(L, tname);
  lua_setmetatable(L, -2);
}
#define luaL_setfuncs nmc_setfuncs
#define luaL_testudata nmc_testudata
#define luaL_setmetatable nmc_setmetatable
#define luaL_newlibtable(L, l)                                                 \
  lua_createtable((L), 0, (int)(sizeof(l) / sizeof((l)[0]) - 1))
#define luaL_newlib(L, l)                                                      \
  (luaL_newlibtable((L), (l)), luaL_setfuncs((L), (l), 0))
#endif

/* A new userdata of `size` bytes with `nuv` user values (5.4); before 5.4
 * every userdata has room for one (nmc_setuv) and `nuv` is ignored. */
#if LUA_VERSION_NUM >= 504
#define nmc_newudata(L, size, nuv) lua_newuserdatauv((L), (size), (nuv))
#else
#define nmc_newudata(L, size, nuv) lua_newuserdata((L), (size))
#endif

/* Pop a value and make it the user value of the userdata at `idx` (> 0). */
static inline void nmc_setuv(lua_State *L, int idx) {
#if LUA_VERSION_NUM >= 504
  lua_setiuservalue(L, idx, 1);
#elif LUA_VERSION_NUM >= 503
  lua_setuservalue(L, idx);
#else
  lua_createtable(L, 1, 0);
  lua_insert(L, -2);
  lua_rawseti(L, -2, 1);
#if LUA_VERSION_NUM >= 502
  lua_setuservalue(L, idx);
#else
  lua_setfenv(L, idx);
#endif
#endif
}

/* Push the user value of the userdata at `idx` (> 0); nil when none. */
static inline void nmc_getuv(lua_State *L, int idx) {
#if LUA_VERSION_NUM >= 504
  lua_getiuservalue(L, idx, 1);
#elif LUA_VERSION_NUM >= 503
  lua_getuservalue(L, idx);
#else
#if LUA_VERSION_NUM >= 502
  lua_getuservalue(L, idx);
#else
  lua_getfenv(L, idx);
#endif
  if (lua_istable(L, -1)) {
    lua_rawgeti(L, -1, 1);
    lua_remove(L, -2);
  } else {
    lua_pop(L, 1);
    lua_pushnil(L);
  }
#endif
}

#endif /* NM_LUA_COMPAT_H */
