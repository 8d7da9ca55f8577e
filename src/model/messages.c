/* model/messages.c — the one catalogue of what people read about records:
 * the Chinese label of each field, of each enum value and TRL level, and
 * the Chinese message of each validation rule (model.h, "Messages"). The
 * web pages, the API and the forms take their words from here; the CLI
 * keeps the English reasons of model_error. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "model/schema.h"

/* kind ("" = any kind), field, label */
static const char *const labels[][3] = {
    {"", "id", "编号"}, {"", "name", "名称"}, {"", "title", "名称"}, {"", "org", "单位"},
    {"", "keywords", "关键词"}, {"", "chains", "产业链"}, {"", "zone", "知识经济圈"},
    {"", "published", "发布日期"}, {"", "status", "状态"}, {"", "modes", "转化方式"},
    {"", "region", "地区"}, {"", "description", "简介"}, {"", "kind", "记录类型"},
    {"org", "name", "单位名称"}, {"org", "type", "单位类型"}, {"org", "website", "网站"},
    {"org", "external", "外部单位"}, {"org", "founded", "成立日期"}, {"org", "founders", "创始人"},
    {"person", "name", "姓名"}, {"person", "org", "所在单位"}, {"person", "roles", "身份"},
    {"person", "title", "职称"}, {"person", "expertise", "专长"}, {"person", "email", "电子邮箱"},
    {"person", "phone", "电话"},
    {"achievement", "title", "成果名称"}, {"achievement", "org", "所属单位"},
    {"achievement", "summary", "成果简介"}, {"achievement", "discipline", "学科"},
    {"achievement", "trl", "技术就绪水平"}, {"achievement", "ip", "知识产权"},
    {"achievement", "ip.status", "知识产权状态"}, {"achievement", "ip.patents", "专利"},
    {"achievement", "price", "价格"}, {"achievement", "owners", "完成人"},
    {"demand", "title", "需求名称"}, {"demand", "org", "发布单位"},
    {"demand", "description", "需求描述"}, {"demand", "trl_min", "最低技术就绪水平"},
    {"demand", "modes", "合作方式"}, {"demand", "budget", "预算"},
    {"demand", "deadline", "截止日期"},
    {"event", "title", "活动名称"}, {"event", "type", "活动类型"}, {"event", "starts", "开始时间"},
    {"event", "ends", "结束时间"}, {"event", "venue", "地点"}, {"event", "organisers", "主办单位"},
    {"event", "capacity", "名额"}, {"event", "slot_minutes", "每个会谈时段（分钟）"},
    {"event", "slots", "会谈时段数"}, {"event", "tables", "洽谈桌数"},
    {"event", "registration_deadline", "报名截止"}, {"event", "requests_deadline", "邀约截止"},
    {"event", "max_requests", "每方最多发出邀约数"}, {"event", "max_meetings", "每方最多会谈数"},
    {"registration", "event", "活动"}, {"registration", "who", "报名方"},
    {"registration", "availability", "可参加的时段"}, {"registration", "waitlisted", "候补"},
    {"registration", "registered", "报名时间"},
    {"meeting_request", "event", "活动"}, {"meeting_request", "from", "邀约方"},
    {"meeting_request", "to", "受邀方"}, {"meeting_request", "message", "留言"},
    {"meeting_request", "priority", "优先级"}, {"meeting_request", "slot", "时段"},
    {"meeting_request", "table", "洽谈桌"}, {"meeting_request", "locked", "锁定"},
    {"meeting_request", "reason", "原因"},
    {"project", "parties", "参与方"}, {"project", "achievement", "科技成果"},
    {"project", "demand", "技术需求"}, {"project", "event", "对接活动"},
    {"project", "stage", "阶段"}, {"project", "mode", "转化方式"}, {"project", "amount", "合同金额"},
    {"project", "signed_on", "签约日期"}, {"project", "agreement", "协议内容"},
    {"project", "stop_reason", "终止原因"}, {"project", "milestones", "里程碑"},
};

const char *model_field_label(model_kind k, const char *field)
{
    char f[64];
    size_t n = strcspn(field, "[");
    snprintf(f, sizeof f, "%.*s", (int)(n < 63 ? n : 63), field);
    const char *kn = model_kind_name(k);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
            if (strcmp(labels[i][0], pass ? "" : kn ? kn : "-") == 0 &&
                strcmp(labels[i][1], f) == 0)
                return labels[i][2];
        char *dot = strchr(f, '.');
        if (pass == 1 && dot) {   /* "milestones[0].title": the list's label */
            *dot = '\0';
            pass = -1;
        }
    }
    return "这一项";
}

/* field ("" = any field), value, label */
static const char *const values[][3] = {
    {"", "self", "自行实施"}, {"", "assign", "转让"}, {"", "license", "许可"},
    {"", "cooperate", "合作实施"}, {"", "equity", "作价投资"}, {"", "other", "其他"},
    {"", "draft", "草稿"}, {"", "published", "已发布"}, {"", "withdrawn", "已撤回"},
    {"", "open", "征集中"}, {"", "closed", "已关闭"}, {"", "none", "无"},
    {"", "pending", "申请中"}, {"", "granted", "已授权"},
    {"type", "university", "高校"}, {"type", "institute", "科研院所"},
    {"type", "platform", "研究平台"}, {"type", "team", "创新团队"},
    {"type", "enterprise", "企业"}, {"type", "investor", "投资机构"},
    {"type", "service", "服务机构"}, {"type", "government", "政府部门"}, {"type", "park", "园区"},
    {"roles", "scientist", "科研人员"}, {"roles", "expert", "专家"},
    {"roles", "tech_manager", "技术经理人"}, {"roles", "entrepreneur", "创业者"},
    {"roles", "investor", "投资人"}, {"roles", "staff", "工作人员"},
    {"type", "release", "成果发布会"}, {"type", "park_visit", "科学家进园区"},
    {"type", "salon", "企业家沙龙"}, {"type", "school_enterprise", "校企对接会"},
    {"type", "roadshow", "路演"}, {"type", "other", "其他活动"},
    {"stage", "contact", "初步接洽"}, {"stage", "talks", "洽谈中"}, {"stage", "signed", "已签约"},
    {"stage", "implementing", "实施中"}, {"stage", "done", "已完成"}, {"stage", "stopped", "已终止"},
    {"mr_status", "pending", "待回复"}, {"mr_status", "accepted", "已接受"},
    {"mr_status", "declined", "已谢绝"}, {"mr_status", "expired", "已过期"},
    {"mr_status", "cancelled", "已取消"},
};

const char *model_value_label(model_kind k, const char *field, const char *value)
{
    if (!value)
        return "";
    const char *f = field ? field : "";
    if (k == MODEL_MEETING_REQUEST && strcmp(f, "status") == 0)
        f = "mr_status";
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < sizeof values / sizeof *values; i++)
            if (strcmp(values[i][0], pass ? "" : f) == 0 && strcmp(values[i][1], value) == 0)
                return values[i][2];
    return value;
}

const char *model_kind_label(model_kind k)
{
    static const char *const t[MODEL_KIND_COUNT] = {
        "单位", "专家", "科技成果", "技术需求", "对接活动", "活动报名", "会谈邀约", "转化项目",
    };
    return (unsigned)k < MODEL_KIND_COUNT ? t[k] : "记录";
}

const char *model_trl_label(int trl)
{
    static const char *const t[] = {
        "1 级：发现基本原理", "2 级：形成技术概念", "3 级：关键功能得到验证",
        "4 级：实验室环境验证", "5 级：相关环境验证", "6 级：相关环境中的系统演示",
        "7 级：实际环境中的样机演示", "8 级：系统完成并通过验证", "9 级：实际应用中得到验证",
    };
    return trl >= 1 && trl <= 9 ? t[trl - 1] : "";
}

/* rule code, message: {f} is the field's label, {a} the rule's argument */
static const char *const catalogue[][2] = {
    {"required", "请填写{f}"},
    {"required_choice", "请选择{f}"},
    {"too_long", "{f}最多 {a} 个字，请删减"},
    {"too_many", "{f}最多 {a} 项，请删减"},
    {"nonempty", "{f}至少要有一项"},
    {"repeat", "{f}中“{a}”重复了，请删去一个"},
    {"control_char", "{f}中有不能显示的控制字符，请删去"},
    {"list_separator", "{f}的每一项中不能有分号，请分成几项"},
    {"enum", "请从列表中选择{f}（{a}）"},
    {"integer", "{f}应为 {a} 之间的整数"},
    {"boolean", "{f}应为“是”或“否”"},
    {"amount_format", "{f}应为金额，例如 50万、1.2亿 或 300,000"},
    {"amount_negative", "{f}不能是负数，请填写金额，例如 50万"},
    {"amount_fraction", "{f}应精确到元，例如 50万 或 1,200"},
    {"amount_range", "{f}应为不超过 100 亿元的金额，例如 50万"},
    {"date", "{f}应为日期，例如 2027-01-15 或 2027-01-15 09:00"},
    {"date_range", "{f}的年份应在 1900 到 2200 之间"},
    {"date_past", "{f}已经过去，请填写今天或以后的日期"},
    {"id", "{f}应由 1 到 64 个字母、数字或 . _ : - 组成"},
    {"id_mismatch", "{f}应与地址中的编号 {a} 一致，或者不填"},
    {"exists", "{f} {a} 已被使用，请换一个，或者不填由系统分配"},
    {"ref", "请从列表中选择{f}"},
    {"ref_missing", "找不到{f}“{a}”，请从列表中选择"},
    {"name_unknown", "找不到名为“{a}”的{f}，请从列表中选择"},
    {"name_ambiguous", "名为“{a}”的{f}不止一个，请从列表中选择"},
    {"type", "{f}的格式不对，请重新填写"},
    {"object", "{f}的格式不对，请重新填写"},
    {"unknown_field", "不能识别的内容“{a}”，请删去"},
    {"kind", "记录类型不对：这里只能提交{a}"},
    {"not_object", "提交的内容应为一条记录（JSON 对象）"},
    {"invalid", "{f}填写有误，请检查后重新提交"},
};

int model_message(model_kind k, const char *field, const char *code, const char *arg,
                  char *out, size_t cap)
{
    const char *t = NULL;
    int known = 0;
    for (size_t i = 0; i < sizeof catalogue / sizeof *catalogue; i++)
        if (strcmp(catalogue[i][0], code) == 0) {
            t = catalogue[i][1];
            known = 1;
            break;
        }
    if (!t)
        t = "{f}填写有误，请检查后重新提交";
    const char *label = model_field_label(k, field ? field : "");
    size_t n = 0;
    if (cap == 0)
        return known ? 0 : -1;
    for (const char *p = t; *p && n + 1 < cap; p++) {
        const char *ins = NULL;
        if (p[0] == '{' && (p[1] == 'f' || p[1] == 'a') && p[2] == '}') {
            ins = p[1] == 'f' ? label : arg ? arg : "";
            p += 2;
        }
        if (ins) {
            size_t m = strlen(ins);
            if (m > cap - 1 - n)
                m = cap - 1 - n;
            m = qiao_utf8_floor(ins, m);   /* never cut a character in two */
            memcpy(out + n, ins, m);
            n += m;
        } else {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
    return known ? 0 : -1;
}

/* The message of rule code about field; a required enum or reference is
 * chosen, not written ("请选择…"). */
static void message_of(model_kind k, const char *field, const char *code, const char *arg,
                       char *out, size_t cap)
{
    if (strcmp(code, "required") == 0) {
        const model_fdef *f = model_schema_field(k, field);
        if (f && (f->t == FT_ENUM || f->t == FT_REF || f->t == FT_REFLIST))
            code = "required_choice";
    }
    model_message(k, field, code, arg, out, cap);
}

void model_errors_addc(model_errors *errs, model_kind k, const char *field, const char *code,
                       const char *arg, const char *fmt, ...)
{
    if (!errs)
        return;
    char reason[sizeof errs->v->reason];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    model_errors_add(errs, field, "%s", reason);
    model_error *me = &errs->v[errs->n - 1];
    snprintf(me->code, sizeof me->code, "%s", code);
    message_of(k, field, code, arg, me->msg, sizeof me->msg);
}

const char *model_error_text(const model_error *e)
{
    return e->msg[0] ? e->msg : e->reason;
}
