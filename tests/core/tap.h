/*
 * tap.h - a small TAP harness for the C tests (header only).
 *
 *   int main(void) {
 *     plan(3);                       // optional; else done() prints 1..N
 *     ok(x > 0, "x is positive");
 *     is_int(nm_doc_span_count(doc), 4, "four spans");
 *     is_str(nm_kind_name(0), "boilerplate", "kind %d", 0);
 *     return done();
 *   }
 *
 * Each check prints `ok N - what` or `not ok N - what` with where it failed
 * and, for is_int/is_str, what was got and expected. done() prints the
 * final line `N passed, N failed` (`, N skipped` when some were) and
 * returns the exit status: 0 only when nothing failed, at least one check
 * ran and a plan, if given, was kept. Every description is a printf format.
 */
#ifndef NM_TAP_H
#define NM_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#if defined(__GNUC__)
#define TAP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define TAP_PRINTF(f, a)
#endif

static struct { int run, passed, failed, skipped, planned; } tap_state;

static inline void tap_vline(int pass, const char *fmt, va_list ap) {
  tap_state.run++;
  if (pass)
    tap_state.passed++;
  else
    tap_state.failed++;
  printf("%sok %d - ", pass ? "" : "not ", tap_state.run);
  vprintf(fmt, ap);
  putchar('\n');
}

/* Print a diagnostic line ("# ..."). */
TAP_PRINTF(1, 2) static inline void diag(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("# ", stdout);
  vprintf(fmt, ap);
  putchar('\n');
  va_end(ap);
}

static inline void plan(int n) {
  tap_state.planned = n;
  printf("1..%d\n", n);
}

TAP_PRINTF(4, 5)
static inline int tap_ok(int pass, const char *file, int line, const char *fmt,
                         ...) {
  va_list ap;
  va_start(ap, fmt);
  tap_vline(pass, fmt, ap);
  va_end(ap);
  if (!pass)
    diag("  at %s:%d", file, line);
  return pass;
}

TAP_PRINTF(5, 6)
static inline int tap_is_int(long long got, long long want, const char *file,
                             int line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  tap_vline(got == want, fmt, ap);
  va_end(ap);
  if (got != want)
    diag("  at %s:%d\n#   got:      %lld\n#   expected: %lld", file, line, got,
         want);
  return got == want;
}

TAP_PRINTF(5, 6)
static inline int tap_is_str(const char *got, const char *want,
                             const char *file, int line, const char *fmt, ...) {
  int pass = got && want ? strcmp(got, want) == 0 : got == want;
  va_list ap;
  va_start(ap, fmt);
  tap_vline(pass, fmt, ap);
  va_end(ap);
  if (!pass)
    diag("  at %s:%d\n#   got:      %s%s%s\n#   expected: %s%s%s", file, line,
         got ? "\"" : "", got ? got : "NULL", got ? "\"" : "", want ? "\"" : "",
         want ? want : "NULL", want ? "\"" : "");
  return pass;
}

/* Record `n` checks as skipped, with a reason. */
static inline void skip(int n, const char *why) {
  for (int i = 0; i < n; i++) {
    tap_state.run++;
    tap_state.skipped++;
    printf("ok %d # SKIP %s\n", tap_state.run, why);
  }
}

static inline int done(void) {
  int bad = tap_state.failed > 0;
  if (tap_state.planned == 0) {
    printf("1..%d\n", tap_state.run);
  } else if (tap_state.planned != tap_state.run) {
    diag("planned %d checks but ran %d", tap_state.planned, tap_state.run);
    tap_state.failed++;
    bad = 1;
  }
  if (tap_state.run == 0) {
    diag("no checks ran");
    bad = 1;
  }
  printf("%d passed, %d failed", tap_state.passed, tap_state.failed);
  if (tap_state.skipped)
    printf(", %d skipped", tap_state.skipped);
  putchar('\n');
  fflush(stdout);
  return bad;
}

/* Each takes a printf format and its arguments after the values. */
#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...)                                                 \
  tap_is_int((long long)(got), (long long)(want), __FILE__, __LINE__,          \
             __VA_ARGS__)
#define is_str(got, want, ...)                                                 \
  tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)

#endif /* NM_TAP_H */
