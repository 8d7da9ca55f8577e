/* web/page_join.c — 申请入驻: the public application form (GET/POST /join)
 * and the applicant's status page (/join/status/{token}, the secret link
 * given at submission). The rules are src/join's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "join/join.h"
#include "web/join_web.h"

static const char *const type_labels[][2] = {
    {"university", "高校"}, {"institute", "科研院所"}, {"enterprise", "企业"},
    {"investor", "投资机构"}, {"service", "服务机构"},
};

void web_join_date(buf *b, int64_t t)
{
    time_t bj = (time_t)t + 8 * 3600;
    struct tm tm;
    gmtime_r(&bj, &tm);
    buf_printf(b, "%d年%d月%d日 %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
               tm.tm_hour, tm.tm_min);
}

void web_join_input(web_req *rq, buf *b, const model_errors *errs, const char *name,
                    const char *label, const char *type, const char *attrs, const char *hint)
{
    buf_printf(b, "<label for=\"f-%s\">%s", name, label);
    if (hint)
        buf_printf(b, " <small>（%s）</small>", hint);
    buf_printf(b, "</label><input id=\"f-%s\" name=\"%s\" type=\"%s\" %s", name, name, type,
               attrs ? attrs : "");
    if (strcmp(type, "password") != 0) {
        buf_puts(b, " value=\"");
        web_html_attr(b, rq->method == WEB_POST && web_form(rq, name) ? web_form(rq, name) : "");
        buf_puts(b, "\"");
    }
    buf_puts(b, ">");
    web_field_errors(b, errs, name);
}

static void render(web_req *rq, web_resp *rs, const model_errors *errs, const char *msg)
{
    buf *b = &rs->body;
    web_page_begin(rq, rs, "申请入驻");
    buf_puts(b, "<h1>申请入驻</h1><p>高校、科研院所、企业、投资机构和服务机构可以在这里申请入驻"
                "平台。提交后由平台工作人员审核，审核结果会发到您填写的电子邮箱，"
                "也可以用提交后给出的链接随时查看。</p>");
    if (msg) {
        buf_puts(b, "<p class=\"error\" role=\"alert\" id=\"form-error\">");
        web_html_text(b, msg);
        buf_puts(b, "</p>");
    }
    buf_puts(b, "<form class=\"record-form\" method=\"post\" action=\"/join\">");
    web_csrf_input(rq, rs);
    buf_puts(b, "<fieldset><legend>单位信息</legend>");
    web_join_input(rq, b, errs, "name", "单位名称", "text", "required maxlength=\"100\"",
                   "与营业执照或法人证书一致");
    const char *type = rq->method == WEB_POST ? web_form(rq, "type") : NULL;
    buf_puts(b, "<label for=\"f-type\">单位类型</label><select id=\"f-type\" name=\"type\" "
                "required><option value=\"\">请选择</option>");
    for (size_t i = 0; i < sizeof type_labels / sizeof type_labels[0]; i++)
        buf_printf(b, "<option value=\"%s\"%s>%s</option>", type_labels[i][0],
                   type && !strcmp(type, type_labels[i][0]) ? " selected" : "",
                   type_labels[i][1]);
    buf_puts(b, "</select>");
    web_field_errors(b, errs, "type");
    web_join_input(rq, b, errs, "credit_code", "统一社会信用代码", "text",
                   "required maxlength=\"30\" autocapitalize=\"characters\" "
                   "autocomplete=\"off\" spellcheck=\"false\"", "18 位，见营业执照或法人证书");
    web_join_input(rq, b, errs, "region", "所在地区", "text", "maxlength=\"100\"",
                   "选填，如 成都市郫都区");
    web_join_input(rq, b, errs, "zone", "所属知识经济圈或园区", "text", "maxlength=\"100\"",
                   "选填");
    buf_puts(b, "</fieldset><fieldset><legend>联系人</legend>");
    web_join_input(rq, b, errs, "contact_name", "姓名", "text",
                   "required maxlength=\"20\" autocomplete=\"name\"", NULL);
    web_join_input(rq, b, errs, "contact_phone", "联系电话", "tel",
                   "required maxlength=\"32\" autocomplete=\"tel\"", NULL);
    web_join_input(rq, b, errs, "contact_email", "电子邮箱", "email",
                   "required maxlength=\"254\" autocomplete=\"email\"", "审核结果发到这里");
    buf_puts(b, "</fieldset><fieldset><legend>单位管理员账号</legend><p class=\"hint\">"
                "审核通过后，用这个账号登录；它是本单位的管理员账号，可以邀请同事加入。</p>");
    web_join_input(rq, b, errs, "login", "登录账号", "text",
                   "required minlength=\"3\" maxlength=\"64\" autocomplete=\"username\" "
                   "autocapitalize=\"none\"", "3–64 位英文字母、数字或 . _ @ -");
    web_join_input(rq, b, errs, "password", "密码", "password",
                   "required minlength=\"8\" maxlength=\"128\" autocomplete=\"new-password\"",
                   "至少 8 个字符");
    web_join_input(rq, b, errs, "password2", "再次输入密码", "password",
                   "required minlength=\"8\" maxlength=\"128\" autocomplete=\"new-password\"",
                   NULL);
    buf_puts(b, "</fieldset><p><button type=\"submit\" id=\"submit\">提交申请</button></p></form>"
                "<p>已经入驻？<a href=\"/login\">登录</a></p>");
    web_page_end(rq, rs);
}

int web_page_join(web_req *rq, web_resp *rs)
{
    render(rq, rs, NULL, NULL);
    return 0;
}

int web_page_join_post(web_req *rq, web_resp *rs)
{
    join_form f = {
        .name = web_form(rq, "name"), .type = web_form(rq, "type"),
        .credit_code = web_form(rq, "credit_code"), .region = web_form(rq, "region"),
        .zone = web_form(rq, "zone"), .contact_name = web_form(rq, "contact_name"),
        .contact_phone = web_form(rq, "contact_phone"),
        .contact_email = web_form(rq, "contact_email"), .login = web_form(rq, "login"),
        .password = web_form(rq, "password"), .password2 = web_form(rq, "password2"),
    };
    store_application a;
    char token[STORE_SECRET_HEX];
    model_errors errs = {0};
    qiao_err e = {0};
    int rc = join_apply(web_w(rq)->st, &f, &a, token, &errs, &e);
    if (rc == 0) {
        model_errors_clear(&errs);
        return web_redirect(rq, rs, web_arena_printf(&rq->arena, "/join/status/%s?new=1",
                                                     token));
    }
    if (rc != QIAO_EINVAL && rc != QIAO_ECONFLICT) {
        model_errors_clear(&errs);
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    }
    rs->status = rc == QIAO_EINVAL ? 422 : 409;
    render(rq, rs, &errs, e.msg);
    model_errors_clear(&errs);
    return 0;
}

static void row(buf *b, const char *label, const char *value)
{
    if (!value || !*value)
        return;
    buf_printf(b, "<dt>%s</dt><dd>", label);
    web_html_text(b, value);
    buf_puts(b, "</dd>");
}

const char *web_join_type_label(const char *type)
{
    for (size_t i = 0; i < sizeof type_labels / sizeof type_labels[0]; i++)
        if (!strcmp(type, type_labels[i][0]))
            return type_labels[i][1];
    return web_org_type_label(type);
}

void web_join_details(buf *b, const store_application *a)
{
    buf_puts(b, "<dl class=\"facts\">");
    row(b, "单位名称", a->name);
    row(b, "单位类型", web_join_type_label(a->type));
    row(b, "统一社会信用代码", a->credit_code);
    row(b, "所在地区", a->region);
    row(b, "知识经济圈或园区", a->zone);
    row(b, "联系人", a->contact_name);
    row(b, "联系电话", a->contact_phone);
    row(b, "电子邮箱", a->contact_email);
    row(b, "登录账号", a->login);
    buf_puts(b, "<dt>提交时间</dt><dd>");
    web_join_date(b, a->created);
    buf_puts(b, "</dd></dl>");
}

int web_page_join_status(web_req *rq, web_resp *rs)
{
    store_application *a = qiao_malloc(sizeof *a);
    qiao_err e = {0};
    int rc = store_application_by_token(web_w(rq)->st, web_param(rq, "token"), a, &e);
    if (rc < 0) {
        free(a);
        return web_fail(rq, rs, rc == QIAO_ENOTFOUND ? 404 : 500, web_code_of(rc), NULL, "%s",
                        rc == QIAO_ENOTFOUND ? "找不到这份申请。请检查链接是否完整。" : e.msg);
    }
    buf *b = &rs->body;
    web_page_begin(rq, rs, "入驻申请进度");
    buf_puts(b, "<h1>入驻申请进度</h1>");
    if (web_param(rq, "new"))
        buf_puts(b, "<p class=\"notice\" id=\"submitted\">申请已提交。请收藏或保存本页地址，"
                    "凭它随时查看审核进度；这个地址只给您本人，请勿转发。</p>");
    if (!strcmp(a->status, "pending")) {
        buf_puts(b, "<p class=\"status\" id=\"status\">审核中：平台工作人员会尽快审核，"
                    "结果会发到您的电子邮箱。</p>");
    } else if (!strcmp(a->status, "approved")) {
        buf_puts(b, "<p class=\"status\" id=\"status\">已通过：单位已在平台开通。请用申请时设置"
                    "的登录账号 <strong>");
        web_html_text(b, a->login);
        buf_puts(b, "</strong> <a href=\"/login\">登录</a>。</p>");
    } else {
        buf_puts(b, "<p class=\"status\" id=\"status\">未通过。原因：");
        web_html_text(b, a->reason);
        buf_puts(b, "</p><p>您可以按原因修改后<a href=\"/join\">重新申请</a>。</p>");
    }
    web_join_details(b, a);
    web_page_end(rq, rs);
    free(a);
    return 0;
}

#define FORM_TEXT(n, m) {.name = n, .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = m}
const web_pspec web_p_join[] = {
    FORM_TEXT("name", 300), FORM_TEXT("type", 20), FORM_TEXT("credit_code", 100),
    FORM_TEXT("region", 300), FORM_TEXT("zone", 300), FORM_TEXT("contact_name", 100),
    FORM_TEXT("contact_phone", 100), FORM_TEXT("contact_email", 300), FORM_TEXT("login", 100),
    FORM_TEXT("password", 1000), FORM_TEXT("password2", 1000), {0},
};
#define P_TOKEN {.name = "token", .in = WEB_IN_PATH, .type = WEB_P_ID, .required = true, \
                 .doc = "the link's secret"}
const web_pspec web_p_join_status[] = {
    P_TOKEN,
    {.name = "new", .in = WEB_IN_QUERY, .type = WEB_P_BOOL, .doc = "just submitted"},
    {0},
};
static const char *const done_values[] = {"approved", "rejected", NULL};
#define P_APP_ID {.name = "id", .in = WEB_IN_PATH, .type = WEB_P_INT, .required = true, \
                  .min = 1, .max = 1000000000, .doc = "the application's number"}
const web_pspec web_p_app_list[] = {
    {.name = "done", .in = WEB_IN_QUERY, .type = WEB_P_ENUM, .choices = done_values,
     .doc = "the review just made"},
    {0},
};
const web_pspec web_p_app_id[] = {P_APP_ID, {0}};
const web_pspec web_p_app_reject[] = {P_APP_ID, FORM_TEXT("reason", 1000), {0}};
const web_pspec web_p_org_invite[] = {
    {.name = "id", .in = WEB_IN_PATH, .type = WEB_P_ID, .required = true, .doc = "the org's id"},
    FORM_TEXT("email", 300), FORM_TEXT("role", 20), FORM_TEXT("days", 4), {0},
};
const web_pspec web_p_invite[] = {P_TOKEN, {0}};
const web_pspec web_p_invite_post[] = {
    P_TOKEN, FORM_TEXT("login", 100), FORM_TEXT("name", 100), FORM_TEXT("phone", 100),
    FORM_TEXT("password", 1000), FORM_TEXT("password2", 1000), {0},
};
