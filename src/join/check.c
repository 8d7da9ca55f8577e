/* join/check.c — the checks of what applicants and invited people type,
 * with messages in Chinese (they are shown beside the field). */
#include <string.h>

#include "core/utf8.h"
#include "join/internal.h"

static bool blank(const char *v)
{
    return !v || !v[strspn(v, " \t\r\n")];
}

bool join_check_text(model_errors *errs, const char *field, const char *label, const char *v,
                     size_t max_chars, bool required)
{
    if (blank(v)) {
        if (required)
            model_errors_add(errs, field, "请填写%s。", label);
        return !required;
    }
    if (qiao_utf8_chars(v) > max_chars) {
        model_errors_add(errs, field, "%s不能超过 %zu 个字。", label, max_chars);
        return false;
    }
    if (strpbrk(v, "\r\n\t")) {
        model_errors_add(errs, field, "%s请写在一行内。", label);
        return false;
    }
    return true;
}

bool join_check_login(model_errors *errs, const char *v)
{
    if (blank(v)) {
        model_errors_add(errs, "login", "请设置登录账号。");
        return false;
    }
    size_t n = strlen(v);
    if (n < 3 || n > 64 || strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                     "0123456789._@-") != n) {
        model_errors_add(errs, "login", "登录账号须为 3–64 位英文字母、数字或 . _ @ -。");
        return false;
    }
    return true;
}

bool join_check_email(model_errors *errs, const char *field, const char *v)
{
    if (blank(v)) {
        model_errors_add(errs, field, "请填写电子邮箱。");
        return false;
    }
    const char *at = strchr(v, '@');
    size_t n = strlen(v);
    if (n > 254 || !at || at == v || strchr(at + 1, '@') || !strchr(at + 1, '.') ||
        at[1] == '.' || v[n - 1] == '.' || strpbrk(v, " \t\r\n<>\"(),;:\\[]")) {
        model_errors_add(errs, field, "电子邮箱格式不正确，应如 name@example.cn。");
        return false;
    }
    return true;
}

bool join_check_phone(model_errors *errs, const char *field, const char *v)
{
    if (blank(v)) {
        model_errors_add(errs, field, "请填写联系电话。");
        return false;
    }
    size_t n = strlen(v), digits = 0;
    for (const char *p = v; *p; p++)
        digits += *p >= '0' && *p <= '9';
    if (n > 32 || strspn(v, "0123456789+- ()") != n || digits < 7) {
        model_errors_add(errs, field, "联系电话应为手机号或座机号，如 13800000000 或 "
                                      "028-61830000。");
        return false;
    }
    return true;
}

bool join_check_password(model_errors *errs, const char *pw, const char *pw2)
{
    size_t n = pw ? qiao_utf8_chars(pw) : 0;
    if (n < 8 || n > 128) {
        model_errors_add(errs, "password", n ? "密码须为 8–128 个字符。" : "请设置密码。");
        return false;
    }
    if (!pw2 || strcmp(pw, pw2) != 0) {
        model_errors_add(errs, "password2", "两次输入的密码不一致。");
        return false;
    }
    return true;
}

const char *join_trim(char *out, size_t cap, const char *s)
{
    if (!s)
        return NULL;
    for (;;) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
            s++;
        else if (!strncmp(s, "\u3000", 3))
            s += 3;
        else
            break;
    }
    size_t n = strlen(s);
    for (;;) {
        if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
            n--;
        else if (n >= 3 && !strncmp(s + n - 3, "\u3000", 3))
            n -= 3;
        else
            break;
    }
    if (n >= cap)
        n = cap - 1;
    n = qiao_utf8_floor(s, n);         /* never cut a character */
    memcpy(out, s, n);
    out[n] = '\0';
    return out;
}

int join_login_taken(store *s, const char *login, qiao_err *e)
{
    store_user u;
    qiao_err ue = {0};
    int rc = store_user_get(s, login, &u, &ue);
    if (rc == 0)
        return 1;
    if (rc != QIAO_ENOTFOUND) {
        *e = ue;
        return rc;
    }
    int code = 0, taken = 0;
    rc = store_application_pending(s, NULL, login, &code, &taken, e);
    return rc < 0 ? rc : taken;
}

int join_check_contact(const char *email, const char *name, const char *phone, qiao_err *e)
{
    model_errors errs = {0};
    if (email)
        join_check_email(&errs, "email", email);
    if (name)
        join_check_text(&errs, "name", "姓名", name, 20, true);
    if (phone)
        join_check_phone(&errs, "phone", phone);
    int rc = 0;
    if (errs.n) {
        rc = qiao_field_errf(e, QIAO_EINVAL, errs.v[0].field, "%s: %s", errs.v[0].field,
                             errs.v[0].reason);
    }
    model_errors_clear(&errs);
    return rc;
}
