/* model/list.c — lists as people type them (see input.h). */
#include <string.h>

#include "model/input.h"

/* The length of the separator at p, or 0. */
static size_t separator(const char *p)
{
    static const char *const seps[] = {"；", "，", "、", NULL};
    if (*p == ';' || *p == ',' || *p == '\n' || *p == '\r')
        return 1;
    for (int i = 0; seps[i]; i++)
        if (strncmp(p, seps[i], strlen(seps[i])) == 0)
            return strlen(seps[i]);
    return 0;
}

/* The length of the space at p (ASCII space or tab, U+3000), or 0. */
static size_t space(const char *p)
{
    if (*p == ' ' || *p == '\t')
        return 1;
    return strncmp(p, "　", 3) == 0 ? 3 : 0;
}

json_t *model_split_list(const char *s)
{
    json_t *a = json_array();
    const char *p = s ? s : "";
    for (;;) {
        const char *start = p;
        size_t n;
        while (*p && !separator(p))
            p++;
        const char *end = p;
        while (start < end && (n = space(start)))
            start += n;
        /* trailing spaces: step back over ASCII spaces and U+3000 */
        for (;;) {
            if (end > start && (end[-1] == ' ' || end[-1] == '\t'))
                end--;
            else if (end - start >= 3 && strncmp(end - 3, "　", 3) == 0)
                end -= 3;
            else
                break;
        }
        if (end > start)
            json_array_append_new(a, json_stringn(start, (size_t)(end - start)));
        if (!*p)
            break;
        p += separator(p);
    }
    return a;
}
