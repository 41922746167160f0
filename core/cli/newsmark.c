/*
 * newsmark.c - the command-line tool: read articles, print what the library
 * finds in them. Uses the public API only (newsmark.h, newsmark_rules.h).
 *
 * Nothing reaches the output before everything it depends on succeeded:
 * each article is parsed and rendered into memory first. The one exception
 * is --format jsonl, which writes one line per article that succeeded and
 * reports the others on stderr (exit 1 at the end). --output writes a
 * temporary file beside the target and renames it into place.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* madvise */

#include "newsmark.h"
#include "newsmark_rules.h"

#include "config.h"
#include "sidecar.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
  EXIT_READ = 1,  /* a file could not be read or parsed, or output failed */
  EXIT_USAGE = 2, /* a bad option or option value */
  EXIT_RULE = 3,  /* a --rule that does not compile */
  EXIT_CONFIG = 4 /* the config file is missing, broken or invalid */
};

#define FORMAT_NONE (-1) /* parse only, print nothing (benchmarks) */

static const struct {
  const char *name;
  int format;
} formats[] = {
    {"ansi", NM_FORMAT_ANSI},   {"json", NM_FORMAT_JSON},
    {"jsonl", NM_FORMAT_JSONL}, {"html", NM_FORMAT_HTML},
    {"brat", NM_FORMAT_BRAT},   {"dump", NM_FORMAT_DUMP},
    {"none", FORMAT_NONE},
};

static void usage(FILE *out) {
  fputs(
      "Usage: newsmark [OPTION]... [FILE]...\n"
      "Find the structure, quotes, names and speakers of news articles.\n"
      "With no FILE, or when FILE is -, read standard input.\n"
      "\n"
      "  -f, --format=FMT     ansi, json, jsonl, html, brat, dump or none\n"
      "                       (default: ansi on a terminal, json otherwise)\n"
      "      --color[=WHEN]   colour the ansi format: auto (default), always\n"
      "                       or never; auto means when standard output is a\n"
      "                       terminal and NO_COLOR is unset or empty\n"
      "  -r, --rule=NAME=PATTERN\n"
      "                       highlight matches of a PCRE2 pattern as NAME;\n"
      "                       may be repeated; added after the config's rules\n"
      "      --config=FILE    read the config (rules, lexicon, styles) from\n"
      "                       FILE; default: $NEWSMARK_CONFIG, else\n"
      "                       $XDG_CONFIG_HOME/newsmark/config.lua (or\n"
      "                       ~/.config/newsmark/config.lua) if it exists\n"
      "      --no-config      read no config file\n"
      "      --no-sidecar     do not apply FILE.newsmark.json (the manual\n"
      "                       annotations) to json, jsonl and brat output\n"
      "      --threads=N      auto (default): a text of 1 MiB or more is\n"
      "                       tokenised on a second thread; 1: one thread\n"
      "  -o, --output=FILE    write to FILE (replaced atomically) instead of\n"
      "                       standard output\n"
      "  -q, --quiet          do not print warnings (rules disabled by a\n"
      "                       match limit, ...)\n"
      "  -h, --help           print this help and exit\n"
      "  -V, --version        print the version and exit\n"
      "\n"
      "Formats: json is one object per article (several files need jsonl);\n"
      "jsonl is one line per article with \"file\" set; ansi is the text\n"
      "with colours (plain text without); html a standalone page; brat\n"
      "standoff annotations (.ann); dump one span a line; none parses and\n"
      "prints nothing. Several files are taken by jsonl, ansi and none.\n"
      "\n"
      "When FILE.newsmark.json exists beside a FILE (docs/annotations.md),\n"
      "the manual annotations in it are applied to json, jsonl and brat;\n"
      "a broken one is an error for that FILE.\n"
      "\n"
      "Errors go to standard error and nothing is written to the output,\n"
      "except with jsonl: each article that succeeds is written, each that\n"
      "fails is reported, and the exit status is then 1.\n"
      "\n"
      "Exit status: 0 success; 1 a file could not be read or parsed, or the\n"
      "output could not be written; 2 a bad option or value; 3 a bad rule;\n"
      "4 a bad config file (FILE:LINE: key: message on standard error).\n",
      out);
}

static void errorf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("newsmark: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

static int usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("newsmark: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputs("\nTry 'newsmark --help' for more information.\n", stderr);
  va_end(ap);
  return EXIT_USAGE;
}

/* ------------------------------------------------------------- buffers */

typedef struct buffer {
  char *data;
  size_t len, cap;
  int oom;
} buffer;

static int buffer_write(const char *bytes, size_t len, void *ud) {
  buffer *b = ud;
  if (b->oom)
    return 1;
  if (len > b->cap - b->len) {
    size_t cap = b->cap ? b->cap : 4096;
    while (len > cap - b->len) {
      if (cap > SIZE_MAX / 2) {
        b->oom = 1;
        return 1;
      }
      cap *= 2;
    }
    char *data = realloc(b->data, cap);
    if (!data) {
      b->oom = 1;
      return 1;
    }
    b->data = data;
    b->cap = cap;
  }
  memcpy(b->data + b->len, bytes, len);
  b->len += len;
  return 0;
}

/* Write all of `len` bytes to `fd`; 0 or an errno value. */
static int write_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return errno;
    }
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

/* --------------------------------------------------------------- input */

/* A mapped file that another program cuts short while it is read: the
 * pages past its new end raise SIGBUS on whichever thread touches them,
 * the library's second one too. The handler maps zeros in their place
 * and notes it, so the reading goes on (NUL bytes are input like any
 * other); process() then reports the file, and its output is dropped:
 * a jsonl batch goes on with the next file, any other format writes
 * nothing. mmap is not on POSIX's list of async-signal-safe calls, but on
 * Linux it is one system call, with no lock in user space; should it fail,
 * the handler says what happened and exits, leaving no temporary file.
 * The strings are set before the mapping is read and stay valid until it
 * is unmapped. */
static struct {
  const char *volatile map; /* the mapping being read, or NULL */
  volatile size_t map_len;  /* to the end of its last page */
  volatile size_t page;
  const char *volatile path; /* its file's name */
  const char *volatile tmp;  /* --output's temporary file, or NULL */
  atomic_int happened;       /* pages were replaced by zeros */
} cut_short;

static void say(const char *s) {
  size_t n = strlen(s);
  while (n > 0) {
    ssize_t w = write(STDERR_FILENO, s, n);
    if (w <= 0)
      return;
    s += w;
    n -= (size_t)w;
  }
}

#define CUT_SHORT_MESSAGE                                                      \
  ": the file was cut short while it was read (changed by another "            \
  "program?); nothing written for it"

static void on_sigbus(int sig, siginfo_t *info, void *context) {
  (void)context;
  const char *addr = info->si_addr, *map = cut_short.map;
  if (!map || addr < map || addr >= map + cut_short.map_len) {
    signal(sig, SIG_DFL); /* not ours: the fault happens again, unhandled */
    return;
  }
  /* from the faulting page to the end: a file is cut at its tail */
  size_t from = (size_t)(addr - map) / cut_short.page * cut_short.page;
  if (mmap((void *)((uintptr_t)map + from), cut_short.map_len - from, PROT_READ,
           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
    atomic_store(&cut_short.happened, 1);
    return;
  }
  say("newsmark: ");
  say(cut_short.path);
  say(CUT_SHORT_MESSAGE "\n");
  if (cut_short.tmp)
    unlink(cut_short.tmp);
  _exit(EXIT_READ);
}

/* The size of a memory page (4096 where the system does not say). */
static size_t page_size(void) {
  long page = sysconf(_SC_PAGESIZE);
  return page > 0 ? (size_t)page : 4096;
}

/* Watch `len` mapped bytes from `map` for faults (on_sigbus), to the end
 * of their last page: the NUL after the text is read there. */
static void watch_mapping(const char *map, size_t len, const char *name) {
  size_t step = page_size();
  cut_short.path = name;
  cut_short.page = step;
  cut_short.map_len = (len + step - 1) / step * step;
  atomic_store(&cut_short.happened, 0);
  cut_short.map = map;
}

static void catch_cut_short(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sigbus;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  (void)sigaction(SIGBUS, &sa, NULL);
}

typedef struct input {
  char *data; /* mapped or malloc'ed; NULL when empty */
  size_t len;
  size_t map_len; /* non-zero when `data` is mapped */
} input;

static void input_free(input *in) {
  if (in->map_len) {
    cut_short.map = NULL;
    munmap(in->data, in->map_len);
  } else {
    free(in->data);
  }
  memset(in, 0, sizeof *in);
}

/* Read all of `fd` into `in`; 0, an errno value, or EFBIG past 4 GiB. */
static int read_all(int fd, input *in) {
  size_t cap = 0;
  for (;;) {
    if (in->len == cap) {
      size_t ncap = cap ? cap * 2 : 65536;
      if (cap >= (size_t)UINT32_MAX)
        return EFBIG; /* nm_doc_parse refuses 4 GiB anyway */
      char *data = realloc(in->data, ncap);
      if (!data)
        return ENOMEM;
      in->data = data;
      cap = ncap;
    }
    ssize_t n = read(fd, in->data + in->len, cap - in->len);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return errno;
    }
    if (n == 0)
      return 0;
    in->len += (size_t)n;
  }
}

/* Read `path` (NULL: standard input) whole: non-empty regular files are
 * mapped privately, read-only; anything else is read into memory. Returns 0 or
 * an errno value. */
static int input_read(const char *path, input *in) {
  memset(in, 0, sizeof *in);
  int fd = STDIN_FILENO;
  if (path) {
    do
      fd = open(path, O_RDONLY | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
      return errno;
  }
  int rc = 0;
  struct stat st;
  if (fstat(fd, &st) != 0) {
    rc = errno;
  } else if (S_ISDIR(st.st_mode)) {
    rc = EISDIR;
  } else if (S_ISREG(st.st_mode) && st.st_size > 0) {
    if ((unsigned long long)st.st_size > UINT32_MAX) {
      rc = EFBIG;
    } else {
      void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        in->data = p;
        in->len = in->map_len = (size_t)st.st_size;
        watch_mapping(p, in->len, path ? path : "standard input");
      } else {
        rc = read_all(fd, in);
      }
    }
  } else {
    /* pipes, terminals, and files that claim to be empty (/proc) */
    rc = read_all(fd, in);
  }
  if (path)
    close(fd);
  if (rc != 0)
    input_free(in);
  return rc;
}

/* Make `in` end in a NUL, so that the doc can read it in place
 * (NM_PARSE_BORROW_TEXT). A mapped file has one after it unless it fills
 * its last page (the kernel reads the rest of that page as zeros); such a
 * file is copied, and its mapping dropped. A read input grows by a byte.
 * 0 or ENOMEM. */
static int input_terminate(input *in) {
  if (!in->data)
    return 0; /* empty: the doc takes NULL and 0 */
  if (in->map_len && in->len % page_size() != 0)
    return 0;
  char *copy =
      in->map_len ? malloc(in->len + 1) : realloc(in->data, in->len + 1);
  if (!copy)
    return ENOMEM;
  if (in->map_len) {
    memcpy(copy, in->data, in->len);
    cut_short.map = NULL;
    munmap(in->data, in->map_len);
    in->map_len = 0;
  }
  copy[in->len] = '\0';
  in->data = copy;
  return 0;
}

/* -------------------------------------------------------------- output */

/* Where the output goes: standard output, or a temporary file beside
 * `path` that is renamed to it when everything is written. */
typedef struct output {
  const char *path; /* NULL for standard output */
  char *tmp;        /* the temporary file's name */
  int fd;
} output;

static int output_open(output *out, const char *path) {
  memset(out, 0, sizeof *out);
  out->fd = STDOUT_FILENO;
  if (!path || strcmp(path, "-") == 0)
    return 0;
  out->path = path;
  const char *slash = strrchr(path, '/');
  size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
  const char *base = path + dir_len;
  size_t size = dir_len + strlen(base) + sizeof ".newsmark-.XXXXXX";
  out->tmp = malloc(size);
  if (!out->tmp) {
    errorf("%s: %s", path, strerror(ENOMEM));
    return EXIT_READ;
  }
  snprintf(out->tmp, size, "%.*s.newsmark-%s.XXXXXX", (int)dir_len, path, base);
  out->fd = mkstemp(out->tmp);
  if (out->fd < 0) {
    errorf("%s: %s", path, strerror(errno));
    free(out->tmp);
    out->tmp = NULL;
    return EXIT_READ;
  }
  cut_short.tmp = out->tmp;
  return 0;
}

/* Drop a temporary file (on error). */
static void output_abort(output *out) {
  cut_short.tmp = NULL;
  if (out->tmp) {
    close(out->fd);
    unlink(out->tmp);
    free(out->tmp);
    out->tmp = NULL;
  }
}

static int output_write(output *out, const char *data, size_t len) {
  int rc = write_all(out->fd, data, len);
  if (rc != 0) {
    errorf("%s: %s", out->path ? out->path : "standard output", strerror(rc));
    return EXIT_READ;
  }
  return 0;
}

/* Make the output final: give the temporary file the usual permissions,
 * sync it and rename it over the target. */
static int output_commit(output *out) {
  cut_short.tmp = NULL; /* all read: no fault from here */
  if (!out->tmp)
    return 0; /* write_all already saw any error */
  mode_t mask = umask(0);
  umask(mask);
  int rc = 0;
  if (fchmod(out->fd, 0666 & ~mask) != 0 || fsync(out->fd) != 0)
    rc = errno;
  if (close(out->fd) != 0 && rc == 0)
    rc = errno;
  if (rc == 0 && rename(out->tmp, out->path) != 0)
    rc = errno;
  if (rc != 0) {
    errorf("%s: %s", out->path, strerror(rc));
    unlink(out->tmp);
    free(out->tmp);
    out->tmp = NULL;
    return EXIT_READ;
  }
  free(out->tmp);
  out->tmp = NULL;
  /* make the rename itself durable */
  const char *slash = strrchr(out->path, '/');
  char *dir = slash ? malloc((size_t)(slash - out->path) + 2) : NULL;
  if (dir) {
    size_t n = slash == out->path ? 1 : (size_t)(slash - out->path);
    memcpy(dir, out->path, n);
    dir[n] = '\0';
  }
  int dfd = open(dir ? dir : ".", O_RDONLY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  free(dir);
  return 0;
}

/* --------------------------------------------------------------- rules */

/* Print a rule's pattern and a caret under byte `offset`, counting one
 * column per UTF-8 character. */
static void print_caret(const char *pattern, size_t offset) {
  size_t len = strlen(pattern);
  fputs("    ", stderr);
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)pattern[i];
    fputc(c < 0x20 || c == 0x7f ? ' ' : c, stderr);
  }
  fputs("\n    ", stderr);
  for (size_t i = 0; i < offset && i < len; i++) {
    unsigned char c = (unsigned char)pattern[i];
    if ((c & 0xc0) != 0x80)
      fputc(' ', stderr);
  }
  fputs("^\n", stderr);
}

/* Add one NAME=PATTERN rule; 0 or EXIT_RULE. */
static int add_rule(nm_rules *rules, const char *spec) {
  const char *eq = strchr(spec, '=');
  if (!eq) {
    errorf("rule \"%s\": expected NAME=PATTERN", spec);
    return EXIT_RULE;
  }
  size_t name_len = (size_t)(eq - spec);
  char *name = malloc(name_len + 1);
  if (!name) {
    errorf("%s", nm_strerror(NM_ENOMEM));
    return EXIT_RULE;
  }
  memcpy(name, spec, name_len);
  name[name_len] = '\0';
  const char *pattern = eq + 1;
  nm_diag diag;
  memset(&diag, 0, sizeof diag);
  int rc = nm_rules_add(rules, name, NULL, pattern, strlen(pattern), 0, &diag);
  if (rc != NM_OK) {
    const char *msg = diag.message[0] ? diag.message : nm_strerror(rc);
    /* the library's message may already name the rule and the offset */
    if (strncmp(msg, "rule \"", 6) == 0)
      errorf("%s", msg);
    else if (rc == NM_EREGEX && !strstr(msg, "offset"))
      errorf("rule \"%s\": %s at offset %zu", name, msg, diag.offset);
    else
      errorf("rule \"%s\": %s", name, msg);
    if (rc == NM_EREGEX)
      print_caret(pattern, diag.offset);
    free(name);
    return EXIT_RULE;
  }
  free(name);
  return 0;
}

/* ---------------------------------------------------------------- main */

typedef struct options {
  int format;
  int color; /* 1 colour, 0 none */
  int quiet;
  const char *output;
  nm_rules *rules;
  const char **rule_specs; /* the --rule values, in order */
  int nrule_specs;
  int no_sidecar;                 /* --no-sidecar */
  int one_thread;                 /* --threads=1 */
  const char *config;             /* --config FILE, or NULL */
  int no_config;                  /* --no-config */
  const nm_lexicon *lexicon;      /* from the config, or NULL */
  const char *const *ansi_styles; /* from the config, or NULL */
} options;

/* The sidecar of `path`, FILE.newsmark.json, applied to the output of
 * `doc` in json, jsonl or brat (sidecar.h). Returns -1 when there is none
 * to apply (stdin, --no-sidecar, another format, no such file): the caller
 * renders as usual. Else the output went to `out_buf` (0) or an error was
 * reported (1). */
static int apply_sidecar(const options *opt, const char *path,
                         const nm_doc *doc, buffer *out_buf) {
  int sformat;
  if (!path || opt->no_sidecar)
    return -1;
  if (opt->format == NM_FORMAT_JSON)
    sformat = CLI_SIDECAR_JSON;
  else if (opt->format == NM_FORMAT_JSONL)
    sformat = CLI_SIDECAR_JSONL;
  else if (opt->format == NM_FORMAT_BRAT)
    sformat = CLI_SIDECAR_BRAT;
  else
    return -1;
  size_t plen = strlen(path);
  char *side = malloc(plen + sizeof ".newsmark.json");
  if (!side) {
    errorf("%s: %s", path, nm_strerror(NM_ENOMEM));
    return 1;
  }
  memcpy(side, path, plen);
  memcpy(side + plen, ".newsmark.json", sizeof ".newsmark.json");
  struct stat st;
  if (stat(side, &st) != 0 && errno == ENOENT) {
    free(side);
    return -1; /* the usual case: no sidecar, the C renderer alone */
  }
  /* the core's record (compact for brat: only Lua reads it) */
  buffer rendered = {0};
  nm_render_options ropts;
  memset(&ropts, 0, sizeof ropts);
  ropts.name = path;
  ropts.rules = opt->rules;
  int r = nm_doc_render(
      doc, sformat == CLI_SIDECAR_JSON ? NM_FORMAT_JSON : NM_FORMAT_JSONL,
      &ropts, buffer_write, &rendered);
  if (r != NM_OK || rendered.oom) {
    errorf("%s: %s", path, nm_strerror(r != NM_OK ? r : NM_ENOMEM));
    free(rendered.data);
    free(side);
    return 1;
  }
  size_t text_len;
  const char *text = nm_doc_text(doc, &text_len);
  char *out = NULL, err[1024];
  size_t out_len = 0;
  int rc = cli_sidecar_apply(side, sformat, rendered.data, rendered.len, text,
                             text_len, &out, &out_len, err, sizeof err);
  free(rendered.data);
  free(side);
  if (rc == 1)
    return -1; /* gone since the stat */
  if (rc != 0) {
    errorf("%s", err);
    return 1;
  }
  buffer_write(out, out_len, out_buf);
  free(out);
  if (out_buf->oom) {
    errorf("%s: %s", path, nm_strerror(NM_ENOMEM));
    return 1;
  }
  return 0;
}

/* Was the input cut short while it was read (on_sigbus)? Then say so, and
 * free the doc and the input: what was made of them is not the file. */
static int was_cut_short(nm_doc *doc, input *in, const char *shown) {
  if (!atomic_load(&cut_short.happened))
    return 0;
  errorf("%s" CUT_SHORT_MESSAGE, shown);
  nm_doc_free(doc);
  input_free(in);
  atomic_store(&cut_short.happened, 0);
  return 1;
}

/* Parse and render one input into `out_buf`; 0 or EXIT_READ. */
static int process(const options *opt, const char *path, buffer *out_buf) {
  const char *shown = path ? path : "standard input";
  input in;
  int rc = input_read(path, &in);
  if (rc != 0) {
    errorf("%s: %s", shown,
           rc == EFBIG ? nm_strerror(NM_ETOOBIG) : strerror(rc));
    return EXIT_READ;
  }
  /* The doc reads the input in place: no copy of it, and libc's allocator,
   * so a long text gets the library's second thread. */
  rc = input_terminate(&in);
  if (rc != 0) {
    input_free(&in);
    errorf("%s: %s", shown, strerror(rc));
    return EXIT_READ;
  }
  nm_parse_options popts;
  memset(&popts, 0, sizeof popts);
  popts.rules = opt->rules;
  popts.lexicon = opt->lexicon;
  popts.flags =
      NM_PARSE_BORROW_TEXT | (opt->one_thread ? NM_PARSE_NO_THREADS : 0);
  nm_diag diag;
  memset(&diag, 0, sizeof diag);
  nm_doc *doc = nm_doc_parse(in.data, in.len, &popts, &diag);
  if (was_cut_short(doc, &in, shown))
    return EXIT_READ;
  if (!doc) {
    input_free(&in);
    errorf("%s: %s", shown,
           diag.message[0] ? diag.message : nm_strerror(diag.code));
    return EXIT_READ;
  }
  if (!opt->quiet) {
    size_t n = nm_doc_diag_count(doc);
    for (size_t i = 0; i < n; i++) {
      const nm_diag *d = nm_doc_diag(doc, i);
      errorf("%s: warning: %s", shown, d->message);
    }
  }
  rc = 0;
  int r;
  if (opt->format == NM_FORMAT_ANSI && !opt->color) {
    size_t len;
    const char *text = nm_doc_text(doc, &len);
    buffer_write(text, len, out_buf);
  } else if (opt->format != FORMAT_NONE &&
             (r = apply_sidecar(opt, path, doc, out_buf)) >= 0) {
    rc = r ? EXIT_READ : 0;
  } else if (opt->format != FORMAT_NONE) {
    nm_render_options ropts;
    memset(&ropts, 0, sizeof ropts);
    ropts.name = path;
    ropts.rules = opt->rules;
    ropts.ansi_styles = opt->ansi_styles;
    r = nm_doc_render(doc, opt->format, &ropts, buffer_write, out_buf);
    if (r != NM_OK && !out_buf->oom) {
      errorf("%s: %s", shown, nm_strerror(r));
      rc = EXIT_READ;
    }
  }
  if (out_buf->oom) {
    errorf("%s: %s", shown, nm_strerror(NM_ENOMEM));
    rc = EXIT_READ;
  }
  if (was_cut_short(doc, &in, shown)) /* while it was rendered */
    return EXIT_READ;
  nm_doc_free(doc);
  input_free(&in); /* lent to the doc until here */
  return rc;
}

static int parse_args(int argc, char **argv, options *opt) {
  enum {
    OPT_COLOR = 256,
    OPT_CONFIG,
    OPT_NO_CONFIG,
    OPT_NO_SIDECAR,
    OPT_THREADS
  };
  static const struct option longopts[] = {
      {"format", required_argument, NULL, 'f'},
      {"color", optional_argument, NULL, OPT_COLOR},
      {"rule", required_argument, NULL, 'r'},
      {"config", required_argument, NULL, OPT_CONFIG},
      {"no-config", no_argument, NULL, OPT_NO_CONFIG},
      {"no-sidecar", no_argument, NULL, OPT_NO_SIDECAR},
      {"threads", required_argument, NULL, OPT_THREADS},
      {"output", required_argument, NULL, 'o'},
      {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0},
  };
  const char *color = "auto";
  const char *format = NULL;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, ":f:r:o:qhV", longopts, NULL)) != -1) {
    switch (c) {
    case 'f':
      format = optarg;
      break;
    case OPT_COLOR:
      color = optarg ? optarg : "always";
      break;
    case 'r':
      /* added once the config's rules are in (main) */
      opt->rule_specs[opt->nrule_specs++] = optarg;
      break;
    case OPT_CONFIG:
      if (!optarg[0])
        return usage_error("option --config needs a file name");
      opt->config = optarg;
      break;
    case OPT_NO_CONFIG:
      opt->no_config = 1;
      break;
    case OPT_NO_SIDECAR:
      opt->no_sidecar = 1;
      break;
    case OPT_THREADS:
      if (strcmp(optarg, "1") != 0 && strcmp(optarg, "auto") != 0)
        return usage_error("--threads takes 1 or auto, not \"%s\"", optarg);
      opt->one_thread = strcmp(optarg, "1") == 0;
      break;
    case 'o':
      opt->output = optarg;
      break;
    case 'q':
      opt->quiet = 1;
      break;
    case 'h':
      usage(stdout);
      return -1;
    case 'V': {
      int v = nm_version();
      printf("newsmark %s (library %d.%d.%d)\n", NM_VERSION_STRING, v / 10000,
             v / 100 % 100, v % 100);
      return -1;
    }
    case ':':
      if (optopt)
        return usage_error("option -%c needs a value", optopt);
      return usage_error("option %s needs a value", argv[optind - 1]);
    default:
      if (optopt)
        return usage_error("unknown option -%c", optopt);
      return usage_error("unknown option %s", argv[optind - 1]);
    }
  }

  int to_tty =
      !opt->output || strcmp(opt->output, "-") == 0 ? isatty(STDOUT_FILENO) : 0;
  if (format) {
    opt->format = -2;
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
      if (strcmp(format, formats[i].name) == 0)
        opt->format = formats[i].format;
    if (opt->format == -2)
      return usage_error("unknown format \"%s\" (ansi, json, jsonl, html, "
                         "brat, dump, none)",
                         format);
  } else {
    opt->format = to_tty ? NM_FORMAT_ANSI : NM_FORMAT_JSON;
  }
  if (strcmp(color, "always") == 0) {
    opt->color = 1;
  } else if (strcmp(color, "never") == 0) {
    opt->color = 0;
  } else if (strcmp(color, "auto") == 0) {
    const char *no_color = getenv("NO_COLOR");
    opt->color = to_tty && !(no_color && no_color[0]);
  } else {
    return usage_error("unknown --color value \"%s\" (auto, always, never)",
                       color);
  }
  if (opt->config && opt->no_config)
    return usage_error("--config and --no-config exclude each other");
  int files = argc - optind;
  if (files > 1 && opt->format != NM_FORMAT_JSONL &&
      opt->format != NM_FORMAT_ANSI && opt->format != FORMAT_NONE)
    return usage_error("--format %s takes one file; use --format jsonl for "
                       "several",
                       format ? format : "json");
  return 0;
}

/* Load the config unless --no-config, then make the rule set: the
 * config's rules, then the --rule options. 0, EXIT_CONFIG or EXIT_RULE. */
static int setup(options *opt, cli_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  if (!opt->no_config && cli_config_load(cfg, opt->config) != 0) {
    errorf("%s", cfg->error);
    return EXIT_CONFIG;
  }
  opt->lexicon = cfg->lexicon;
  opt->ansi_styles = cli_config_styles(cfg);
  opt->rules = cfg->rules;
  cfg->rules = NULL; /* the options own it now */
  if (!opt->rules && opt->nrule_specs > 0) {
    opt->rules = nm_rules_new(NULL, NULL);
    if (!opt->rules) {
      errorf("%s", nm_strerror(NM_ENOMEM));
      return EXIT_RULE;
    }
  }
  for (int i = 0; i < opt->nrule_specs; i++) {
    int rc = add_rule(opt->rules, opt->rule_specs[i]);
    if (rc)
      return rc;
  }
  return 0;
}

int main(int argc, char **argv) {
  options opt;
  memset(&opt, 0, sizeof opt);
  opt.rule_specs = malloc(sizeof *opt.rule_specs * (size_t)(argc + 1));
  if (!opt.rule_specs) {
    errorf("%s", nm_strerror(NM_ENOMEM));
    return EXIT_READ;
  }
  int rc = parse_args(argc, argv, &opt);
  if (rc != 0) {
    free(opt.rule_specs);
    return rc < 0 ? 0 : rc;
  }
  cli_config cfg;
  rc = setup(&opt, &cfg);
  free(opt.rule_specs);
  opt.rule_specs = NULL;
  if (rc != 0) {
    nm_rules_free(opt.rules);
    cli_config_free(&cfg);
    return rc;
  }

  catch_cut_short();
  output out;
  rc = output_open(&out, opt.output);
  if (rc != 0) {
    nm_rules_free(opt.rules);
    cli_config_free(&cfg);
    return rc;
  }

  /* jsonl writes each article as it is done; the rest all or nothing */
  int streaming = opt.format == NM_FORMAT_JSONL;
  int failed = 0;
  buffer buf = {0};
  int nfiles = argc - optind;
  for (int i = 0; i < (nfiles ? nfiles : 1) && rc == 0; i++) {
    const char *arg = nfiles ? argv[optind + i] : "-";
    const char *path = strcmp(arg, "-") == 0 ? NULL : arg;
    int r = process(&opt, path, &buf);
    if (r != 0) {
      failed = r;
      if (!streaming)
        rc = r;
      buf.len = 0;
      buf.oom = 0;
    } else if (streaming) {
      rc = output_write(&out, buf.data, buf.len);
      buf.len = 0;
    }
  }
  if (rc == 0 && !streaming)
    rc = output_write(&out, buf.data, buf.len);
  free(buf.data);
  if (rc == 0)
    rc = output_commit(&out);
  else
    output_abort(&out);
  nm_rules_free(opt.rules);
  cli_config_free(&cfg);
  return rc ? rc : failed;
}
