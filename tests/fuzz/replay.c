/*
 * replay.c - runs a libFuzzer harness over files without libFuzzer, so
 * `make test` replays every corpus (and any crash file) under the
 * sanitizers. Usage: replay FILE_OR_DIR...
 *
 * Directories are walked in name order. Each file runs in a child process
 * (so one crash or sanitizer report does not hide the rest) under an alarm
 * of REPLAY_TIMEOUT seconds (default 60). Prints TAP lines, the failing
 * ones with the reason, and a last line `N passed, N failed`; exits 1 when
 * any input failed.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long passed, failed, counter;
static unsigned timeout_s = 60;

/* The whole file, or NULL. */
static uint8_t *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 1 << 16, n;
  uint8_t *buf = malloc(cap);
  *len = 0;
  while (buf && (n = fread(buf + *len, 1, cap - *len, f)) > 0) {
    *len += n;
    if (*len == cap) {
      uint8_t *grown = realloc(buf, cap *= 2);
      if (!grown)
        free(buf);
      buf = grown;
    }
  }
  if (ferror(f)) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  return buf;
}

static void result(int ok, const char *path, const char *why) {
  counter++;
  if (ok) {
    passed++;
    printf("ok %lu - %s\n", counter, path);
  } else {
    failed++;
    printf("not ok %lu - %s\n# %s\n", counter, path, why);
  }
  fflush(stdout);
}

static void replay_file(const char *path) {
  size_t len;
  uint8_t *buf = slurp(path, &len);
  if (!buf) {
    result(0, path, "cannot read the file");
    return;
  }
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    free(buf);
    result(0, path, "fork failed");
    return;
  }
  if (pid == 0) {
    alarm(timeout_s);
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    fflush(stderr);
    /* exit, not _exit: LeakSanitizer checks at exit */
    exit(0);
  }
  free(buf);
  int status;
  while (waitpid(pid, &status, 0) < 0)
    ;
  char why[96];
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    result(1, path, NULL);
    return;
  }
  if (WIFSIGNALED(status))
    snprintf(why, sizeof why, "killed by signal %d%s", WTERMSIG(status),
             WTERMSIG(status) == SIGALRM ? " (timeout)" : "");
  else
    snprintf(why, sizeof why, "exit status %d (sanitizer report above)",
             WEXITSTATUS(status));
  result(0, path, why);
}

static int by_name(const struct dirent **a, const struct dirent **b) {
  return strcmp((*a)->d_name, (*b)->d_name);
}

static void replay_path(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    result(0, path, "no such file");
    return;
  }
  if (!S_ISDIR(st.st_mode)) {
    replay_file(path);
    return;
  }
  struct dirent **ents;
  int n = scandir(path, &ents, NULL, by_name);
  if (n < 0) {
    result(0, path, "cannot read the directory");
    return;
  }
  for (int i = 0; i < n; i++) {
    if (ents[i]->d_name[0] != '.') {
      char child[4096];
      snprintf(child, sizeof child, "%s/%s", path, ents[i]->d_name);
      replay_path(child);
    }
    free(ents[i]);
  }
  free(ents);
}

int main(int argc, char **argv) {
  const char *t = getenv("REPLAY_TIMEOUT");
  if (t && atoi(t) > 0)
    timeout_s = (unsigned)atoi(t);
  for (int i = 1; i < argc; i++)
    replay_path(argv[i]);
  if (counter == 0)
    printf("# no inputs\n");
  printf("%lu passed, %lu failed\n", passed, failed);
  return failed ? 1 : 0;
}
