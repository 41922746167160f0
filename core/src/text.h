/*
 * text.h - small UTF-8 and character-class helpers shared by the stages.
 * Any byte sequence is accepted: an invalid byte decodes as U+FFFD with
 * length 1, so offsets always advance and stay on the original bytes.
 */
#ifndef NM_TEXT_H
#define NM_TEXT_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define NM__REPLACEMENT 0xfffdu

/* Decode the code point at s[i] (i < len). Returns its byte length (1..4). */
static inline uint32_t nm__utf8_at(const char *text, uint32_t len, uint32_t i,
                                   uint32_t *cp) {
  const unsigned char *s = (const unsigned char *)text;
  unsigned char c = s[i];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  uint32_t need, value;
  if (c >= 0xc2 && c <= 0xdf) {
    need = 1;
    value = c & 0x1fu;
  } else if (c >= 0xe0 && c <= 0xef) {
    need = 2;
    value = c & 0x0fu;
  } else if (c >= 0xf0 && c <= 0xf4) {
    need = 3;
    value = c & 0x07u;
  } else {
    *cp = NM__REPLACEMENT;
    return 1;
  }
  if (len - i <= need) {
    *cp = NM__REPLACEMENT;
    return 1;
  }
  for (uint32_t k = 1; k <= need; k++) {
    if ((s[i + k] & 0xc0) != 0x80) {
      *cp = NM__REPLACEMENT;
      return 1;
    }
    value = (value << 6) | (s[i + k] & 0x3fu);
  }
  /* overlong forms and surrogates are invalid */
  if ((need == 2 && (value < 0x800 || (value >= 0xd800 && value <= 0xdfff))) ||
      (need == 3 && (value < 0x10000 || value > 0x10ffff))) {
    *cp = NM__REPLACEMENT;
    return 1;
  }
  *cp = value;
  return need + 1;
}

/* The code point that ends just before s[i] (i > 0); *start gets its
 * offset. Invalid bytes step back one byte. */
static inline uint32_t nm__utf8_before(const char *text, uint32_t i,
                                       uint32_t *start) {
  const unsigned char *s = (const unsigned char *)text;
  uint32_t j = i - 1;
  uint32_t back = 0;
  while (j > 0 && back < 3 && (s[j] & 0xc0) == 0x80) {
    j--;
    back++;
  }
  uint32_t cp;
  uint32_t n = nm__utf8_at(text, i, j, &cp);
  if (j + n != i) { /* not one whole character: take the last byte alone */
    *start = i - 1;
    return NM__REPLACEMENT;
  }
  *start = j;
  return cp;
}

static inline bool nm__is_space_cp(uint32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v' || c == 0xa0 || c == 0x2009 || c == 0x200a || c == 0x202f ||
         c == 0x3000 || (c >= 0x2000 && c <= 0x2008);
}

static inline bool nm__is_upper_cp(uint32_t c) {
  if (c < 0x80)
    return c >= 'A' && c <= 'Z';
  if (c >= 0xc0 && c <= 0xde)
    return c != 0xd7;
  if (c >= 0x100 && c <= 0x17f)
    return (c & 1) == 0;
  return (c >= 0x391 && c <= 0x3a9) || (c >= 0x400 && c <= 0x42f);
}

static inline bool nm__is_lower_cp(uint32_t c) {
  if (c < 0x80)
    return c >= 'a' && c <= 'z';
  if (c >= 0xdf && c <= 0xff)
    return c != 0xf7;
  if (c >= 0x100 && c <= 0x17f)
    return (c & 1) == 1;
  return (c >= 0x3b1 && c <= 0x3c9) || (c >= 0x430 && c <= 0x45f);
}

/* Is w[0, n) a surname's prefix written before its capital ("Mc" of
 * "McCartney", "Mac", "De", "Le", "Fitz", "Van")? Such a word is one
 * name: neither two glued words nor a brand in camel case. */
static inline bool nm__surname_prefix(const char *w, size_t n) {
  static const char *const prefixes[] = {"D",  "Da",   "De",  "Del",    "Di",
                                         "Du", "Fitz", "La",  "Le",     "Mac",
                                         "Mc", "St",   "Van", "Vander", "Von"};
  for (size_t k = 0; k < sizeof prefixes / sizeof *prefixes; k++)
    if (strlen(prefixes[k]) == n && memcmp(w, prefixes[k], n) == 0)
      return true;
  return false;
}

/* Letters: cased letters above, plus any code point in the big letter
 * blocks (Latin extended, Greek, Cyrillic, Arabic, Hebrew, CJK, ...). */
static inline bool nm__is_letter_cp(uint32_t c) {
  if (c < 0x80)
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  if (c == NM__REPLACEMENT || c == 0xd7 || c == 0xf7)
    return false;
  if (c >= 0xc0 && c < 0x2000)
    return true;
  return (c >= 0x3040 && c < 0xd800) || (c >= 0xf900 && c < 0xfe00) ||
         c >= 0x10000;
}

static inline bool nm__is_digit_cp(uint32_t c) { return c >= '0' && c <= '9'; }

static inline bool nm__is_word_cp(uint32_t c) {
  return nm__is_letter_cp(c) || nm__is_digit_cp(c);
}

/* Dashes used as punctuation: hyphen-minus is a word joiner, not one. */
static inline bool nm__is_dash_cp(uint32_t c) {
  return c == 0x2014 || c == 0x2013 || c == 0x2012 || c == 0x2015;
}

static inline char nm__ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

#endif /* NM_TEXT_H */
