/*
 * pair.c - the second thread's terms (nm__threads_pay) and two jobs run at
 * once (nm__pair_run), for the serial stretches of a long text's parse
 * that split in two: they were a fifth of its time once the tokens came
 * from the feed (feed.c).
 */
#define _GNU_SOURCE /* sched_getaffinity under -std=c11 */

#include "pair.h"

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

/* Shorter texts stay on one thread: starting a thread and handing work
 * over cost more than they save. The fuzzing and ThreadSanitizer builds
 * set it to 0, so that every text they parse takes the threaded paths. */
#ifndef NM_THREADS_MIN_TEXT
#define NM_THREADS_MIN_TEXT ((uint32_t)1 << 20)
#endif

/* Can this process run on two CPUs at once? A second thread on one CPU
 * (taskset -c 0, a one-CPU machine) would only take turns with the first. */
static bool two_cpus(void) {
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0)
    return CPU_COUNT(&set) >= 2;
#endif
#if defined(_SC_NPROCESSORS_ONLN)
  return sysconf(_SC_NPROCESSORS_ONLN) >= 2;
#else
  return true;
#endif
}

bool nm__threads_pay(const nm__ctx *ctx) {
  return ctx->len >= NM_THREADS_MIN_TEXT && !ctx->mem &&
         !(ctx->flags & NM_PARSE_NO_THREADS) && two_cpus();
}

typedef struct pair_job {
  void (*job)(void *);
  void *arg;
} pair_job;

static void *pair_thread(void *arg) {
  pair_job *j = arg;
  j->job(j->arg);
  return NULL;
}

void nm__pair_run(bool two, void (*job_a)(void *), void *a,
                  void (*job_b)(void *), void *b) {
  pair_job second = {job_b, b};
  pthread_t thread;
  if (!two || pthread_create(&thread, NULL, pair_thread, &second) != 0) {
    job_a(a);
    job_b(b);
    return;
  }
  job_a(a);
  pthread_join(thread, NULL);
}
