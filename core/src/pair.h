/*
 * pair.h - when a long text may use a second thread, and two jobs run at
 * once on it.
 */
#ifndef NM_PAIR_H
#define NM_PAIR_H

#include "analysis.h"

/* May the parse of ctx use a second thread? Only for a text of
 * NM_THREADS_MIN_TEXT bytes or more (a thread costs more than it saves on a
 * short one), with libc's allocator (a caller's may not be thread-safe),
 * without NM_PARSE_NO_THREADS, in a process that may run on two CPUs. */
bool nm__threads_pay(const nm__ctx *ctx);

/* Run job_a(a) on this thread and job_b(b) on a second one, and return
 * when both are done. When `two` is false, or no thread can be had, both
 * run here, one after the other: the jobs must not depend on each other's
 * order, nor write what the other reads. */
void nm__pair_run(bool two, void (*job_a)(void *), void *a,
                  void (*job_b)(void *), void *b);

#endif /* NM_PAIR_H */
