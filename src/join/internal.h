/* join/internal.h — shared by join.c and invite.c (internal to src/join). */
#ifndef QIAO_JOIN_INTERNAL_H
#define QIAO_JOIN_INTERNAL_H

#include <stddef.h>

#include "join/join.h"

/* The checks of the fields people type; each adds a Chinese message to errs
 * under `field` and returns false when the value is not acceptable. */
bool join_check_text(model_errors *errs, const char *field, const char *label, const char *v,
                     size_t max_chars, bool required);
bool join_check_login(model_errors *errs, const char *v);
bool join_check_email(model_errors *errs, const char *field, const char *v);
bool join_check_phone(model_errors *errs, const char *field, const char *v);
bool join_check_password(model_errors *errs, const char *pw, const char *pw2);
/* 1 when an account or a pending application has `login`, 0 when free. */
int join_login_taken(store *s, const char *login, qiao_err *e);
/* Copies s without its surrounding blanks (spaces, tabs, CR, LF, U+3000)
 * into out (cap bytes; longer text is cut, which the length checks then
 * report); returns out, or NULL for NULL. */
const char *join_trim(char *out, size_t cap, const char *s);
#define JOIN_TRIM_CAP 1400
/* v or "" */
static inline const char *join_s(const char *v) { return v ? v : ""; }

#endif
