/* util.c - allocation through an optional nm_mem, growable arrays, errors. */
#define _DEFAULT_SOURCE /* madvise under -std=c11 */

#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

/* Blocks this big (the text's copy, the spans of a long text, the lexicon
 * cache) ask the kernel for transparent huge pages before they are filled:
 * filling 50 MB one 4 KiB page fault at a time took several times longer
 * than the copy itself on the virtual machines measured, and the faults
 * were a tenth of a 50 MiB run (docs/architecture.md). A hint only: where
 * the kernel has no such pages, or the memory is not anonymous, madvise
 * fails and nothing changes. The hint must come before the first write, so
 * with the C library's allocator a big block is taken with malloc, advised,
 * and only then cleared or filled: calloc and realloc would write it first
 * (a realloc that cannot grow in place copies the old block). */
#define HUGE_BLOCK ((size_t)2 << 20)

static void *advise_huge(void *p, size_t size) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (p && size >= HUGE_BLOCK) {
    long page = sysconf(_SC_PAGESIZE);
    uintptr_t mask = page > 0 ? (uintptr_t)page - 1 : 4095u;
    uintptr_t start = ((uintptr_t)p + mask) & ~mask;
    uintptr_t end = ((uintptr_t)p + size) & ~mask;
    if (end > start)
      (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
  }
#else
  (void)size;
#endif
  return p;
}

void *nm__calloc(const nm_mem *mem, size_t count, size_t size) {
  if (count && size > SIZE_MAX / count)
    return NULL;
  size_t bytes = count * size;
  if (mem && mem->calloc)
    return advise_huge(mem->calloc(count, size, mem->ud), bytes);
  if (bytes < HUGE_BLOCK)
    return calloc(count, size);
  void *p = advise_huge(malloc(bytes), bytes);
  return p ? memset(p, 0, bytes) : NULL;
}

void *nm__realloc(const nm_mem *mem, void *ptr, size_t size) {
  if (mem && mem->realloc)
    return advise_huge(mem->realloc(ptr, size, mem->ud), size);
  return advise_huge(realloc(ptr, size), size);
}

/* glibc maps every block from this size on (its largest mmap threshold),
 * and its realloc moves the pages of a mapped block without copying them:
 * then realloc is best, as old and new never both take memory. */
#define MAPPED_BLOCK ((size_t)32 << 20)

/* Move a block of `old_size` bytes to a new one of `size` bytes. */
static void *resize(const nm_mem *mem, void *ptr, size_t old_size,
                    size_t size) {
  if ((mem && mem->realloc) || size < HUGE_BLOCK || old_size >= MAPPED_BLOCK)
    return nm__realloc(mem, ptr, size);
  void *grown = advise_huge(malloc(size), size);
  if (grown && ptr) {
    memcpy(grown, ptr, old_size < size ? old_size : size);
    free(ptr);
  }
  return grown;
}

void nm__free(const nm_mem *mem, void *ptr) {
  if (!ptr)
    return;
  if (mem && mem->free)
    mem->free(ptr, mem->ud);
  else
    free(ptr);
}

char *nm__strndup(const nm_mem *mem, const char *s, size_t len) {
  if (len == SIZE_MAX)
    return NULL;
  char *copy = nm__realloc(mem, NULL, len + 1); /* no need to clear it */
  if (copy) {
    if (len)
      memcpy(copy, s, len);
    copy[len] = '\0';
  }
  return copy;
}

int nm__grow(const nm_mem *mem, void **items, size_t *cap, size_t need,
             size_t item_size) {
  if (need <= *cap)
    return NM_OK;
  size_t new_cap = *cap ? *cap : 16;
  while (new_cap < need) {
    if (new_cap > SIZE_MAX / 2)
      return NM_ENOMEM;
    new_cap *= 2;
  }
  if (new_cap > SIZE_MAX / item_size)
    return NM_ENOMEM;
  void *grown = resize(mem, *items, *cap * item_size, new_cap * item_size);
  if (!grown)
    return NM_ENOMEM;
  *items = grown;
  *cap = new_cap;
  return NM_OK;
}

int nm__spans_push(const nm_mem *mem, nm__spans *spans, uint32_t start,
                   uint32_t end, int kind, unsigned flags, int32_t link) {
  if (spans->count == spans->cap &&
      nm__grow(mem, (void **)&spans->items, &spans->cap, spans->count + 1,
               sizeof(nm_span)) != NM_OK)
    return NM_ENOMEM;
  nm_span *span = &spans->items[spans->count++];
  span->start = start;
  span->end = end;
  span->kind = (uint16_t)kind;
  span->flags = (uint16_t)flags;
  span->parent = -1;
  span->link = link;
  return NM_OK;
}

int nm__diags_push(const nm_mem *mem, nm__diags *diags, int code, size_t offset,
                   const char *message) {
  if (nm__grow(mem, (void **)&diags->items, &diags->cap, diags->count + 1,
               sizeof(nm_diag)) != NM_OK)
    return NM_ENOMEM;
  nm_diag *diag = &diags->items[diags->count++];
  memset(diag, 0, sizeof *diag);
  diag->code = code;
  diag->offset = offset;
  if (message) {
    size_t n = strlen(message);
    if (n >= sizeof diag->message)
      n = sizeof diag->message - 1;
    memcpy(diag->message, message, n);
  }
  return NM_OK;
}

int nm_version(void) { return NM_VERSION; }

const char *nm_strerror(int code) {
  switch (code) {
  case NM_OK:
    return "no error";
  case NM_ENOMEM:
    return "out of memory";
  case NM_EINVAL:
    return "invalid argument";
  case NM_ETOOBIG:
    return "input too big (4 GiB or more)";
  case NM_ERULE:
    return "malformed rule";
  case NM_EREGEX:
    return "rule pattern does not compile";
  case NM_ELIMIT:
    return "rule hit a match limit";
  default:
    return "unknown error";
  }
}
