/*
 * bench.c - nm-bench: the in-process time of nm_doc_parse on one article.
 *
 *   nm-bench [--bytes N] [--min-runs N] [--seconds S] FILE
 *
 * Takes about N bytes (default 102400) from the start of FILE, cut back to
 * the last blank line (else the last line break) so no article or character
 * is split, parses that text again and again (after two warm-up parses)
 * until at least --min-runs parses and --seconds of time have passed, and
 * prints the median, minimum and 90th percentile time per parse. The last
 * line is machine-readable: `bytes=... runs=... median_ms=... ...`; its
 * median_cpu_ms and min_cpu_ms are in process CPU time per parse, the
 * clock Lua's os.clock() reads, so scripts/dev/bench-lua.lua's times of
 * the same parse through newsmark.core compare with them (make bench).
 */
#define _POSIX_C_SOURCE 200809L

#include "newsmark.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Process CPU time: what clock() and so Lua's os.clock() measure. */
static double cpu_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double median_of(double *v, size_t n) {
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 1 << 20, n = 0;
  char *data = malloc(cap);
  while (data) {
    n += fread(data + n, 1, cap - n, f);
    if (n < cap)
      break;
    char *more = realloc(data, cap * 2);
    if (!more) {
      free(data);
      data = NULL;
      break;
    }
    data = more;
    cap *= 2;
  }
  if (data && ferror(f)) {
    free(data);
    data = NULL;
  }
  fclose(f);
  *len = n;
  return data;
}

/* Cut `len` to at most `want` bytes, at a blank line or else a line break
 * in the second half, so the cut never splits a character. */
static size_t cut(const char *text, size_t len, size_t want) {
  if (len <= want)
    return len;
  for (size_t i = want; i > want / 2; i--)
    if (text[i - 1] == '\n' && text[i - 2] == '\n')
      return i;
  for (size_t i = want; i > want / 2; i--)
    if (text[i - 1] == '\n')
      return i;
  return want;
}

static int usage(void) {
  fputs("usage: nm-bench [--bytes N] [--min-runs N] [--seconds S] FILE\n",
        stderr);
  return 2;
}

int main(int argc, char **argv) {
  size_t want = 102400;
  long min_runs = 30;
  double seconds = 2.0;
  const char *path = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--bytes") == 0 && i + 1 < argc)
      want = (size_t)strtoul(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--min-runs") == 0 && i + 1 < argc)
      min_runs = strtol(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
      seconds = strtod(argv[++i], NULL);
    else if (argv[i][0] == '-' || path)
      return usage();
    else
      path = argv[i];
  }
  if (!path || want < 2 || min_runs < 1)
    return usage();

  size_t len;
  char *text = read_file(path, &len);
  if (!text) {
    fprintf(stderr, "nm-bench: cannot read %s\n", path);
    return 1;
  }
  len = cut(text, len, want);

  size_t cap = 1024, runs = 0, spans = 0, entities = 0;
  double *times = malloc(cap * sizeof *times);
  double *cpu = malloc(cap * sizeof *cpu);
  double start = now_ms(), total = 0;
  for (long warm = -2; times && cpu; warm++) {
    double c0 = cpu_ms(), t0 = now_ms();
    nm_diag diag;
    nm_doc *doc = nm_doc_parse(text, len, NULL, &diag);
    double t1 = now_ms(), c1 = cpu_ms();
    if (!doc) {
      fprintf(stderr, "nm-bench: %s\n", diag.message);
      free(times);
      free(cpu);
      free(text);
      return 1;
    }
    spans = nm_doc_span_count(doc);
    entities = nm_doc_entity_count(doc);
    nm_doc_free(doc);
    if (warm < 0)
      continue;
    if (runs == cap) {
      double *more = realloc(times, cap * 2 * sizeof *times);
      if (!more)
        break;
      times = more;
      more = realloc(cpu, cap * 2 * sizeof *cpu);
      if (!more)
        break;
      cpu = more;
      cap *= 2;
    }
    cpu[runs] = c1 - c0;
    times[runs++] = t1 - t0;
    total = t1 - start;
    if ((long)runs >= min_runs && total >= seconds * 1e3)
      break;
  }
  if (!times || !cpu || runs == 0) {
    fputs("nm-bench: out of memory\n", stderr);
    free(times);
    free(cpu);
    free(text);
    return 1;
  }
  qsort(times, runs, sizeof *times, cmp_double);
  qsort(cpu, runs, sizeof *cpu, cmp_double);
  double median = median_of(times, runs), median_cpu = median_of(cpu, runs);
  double p90 = times[(runs * 9) / 10 < runs ? (runs * 9) / 10 : runs - 1];
  printf("nm-bench: %zu bytes from %s, %zu spans, %zu entities\n", len, path,
         spans, entities);
  printf("nm-bench: %zu parses: median %.3f ms, min %.3f ms, p90 %.3f ms, "
         "%.1f MB/s\n",
         runs, median, times[0], p90, (double)len / 1e6 / (median / 1e3));
  printf("bytes=%zu runs=%zu median_ms=%.4f min_ms=%.4f p90_ms=%.4f "
         "spans=%zu median_cpu_ms=%.4f min_cpu_ms=%.4f\n",
         len, runs, median, times[0], p90, spans, median_cpu, cpu[0]);
  free(times);
  free(cpu);
  free(text);
  return 0;
}
