/* web/event_msg.c — what the event pages say when src/event refuses: the
 * module writes English sentences with ids for the command line; a page
 * shows a Chinese sentence instead, chosen by the refusal's code and field
 * (and, where one field has several rules, by the rule the English names),
 * with the event's own limits and deadlines as people write them. */
#include <stdio.h>
#include <string.h>

#include "web/events.h"

static bool has(const qiao_err *e, const char *s)
{
    return strstr(e->msg, s) != NULL;
}

static bool field_is(const qiao_err *e, const char *f)
{
    size_t n = strlen(f);
    return !strncmp(e->field, f, n) && (e->field[n] == '\0' || e->field[n] == '[');
}

/* "2030年5月20日 09:00" of the event's field, else of `alt`, into b. */
static void when_of(const model_record *ev, const char *field, const char *alt, buf *b)
{
    const char *v = ev ? model_str(ev, field) : "";
    if (!*v && alt && ev)
        v = model_str(ev, alt);
    if (*v)
        web_ev_when(b, v);
}

static long long int_of(const model_record *ev, const char *field)
{
    return ev ? (long long)json_integer_value(json_object_get(ev->doc, field)) : 0;
}

void web_ev_msg_zh(web_req *rq, const char *event, qiao_err *e)
{
    if (!e || !e->code || (unsigned char)e->msg[0] >= 0x80)
        return;   /* nothing to say, or said in Chinese already (the pages' own checks) */
    model_record ev = {0};
    bool have = event && store_get(web_w(rq)->st, MODEL_EVENT, event, &ev, NULL) == 0;
    const model_record *pev = have ? &ev : NULL;
    buf m = {0}, w = {0};
    int c = e->code;
    if (c == QIAO_EPERM && field_is(e, "role")) {
        buf_puts(&m, "只有平台工作人员可以进行这项操作。");
    } else if (c == QIAO_EPERM) {
        buf_puts(&m, "你的账号不能代表这一方操作：只能为本人或本单位报名、发出和答复邀约。");
    } else if (field_is(e, "event")) {
        buf_puts(&m, "没有找到这场活动，它可能已被删除。");
    } else if (field_is(e, "request")) {
        buf_puts(&m, "没有找到这个会谈邀约，它可能已被撤回。请刷新页面。");
    } else if (field_is(e, "availability")) {
        if (has(e, "twice"))
            buf_puts(&m, "同一个时段勾选了两次，请检查。");
        else if (has(e, "has slots"))
            buf_printf(&m, "可参加的时段应在第 1 段到第 %lld 段之间。", int_of(pev, "slots"));
        else
            buf_puts(&m, "请至少勾选一个可以参加的时段。");
    } else if (field_is(e, "registration_deadline") && c == QIAO_ECONFLICT) {
        when_of(pev, "registration_deadline", "starts", &w);
        buf_printf(&m, "报名已于%s截止；如需现场报名，请联系活动组织者。", buf_cstr(&w));
    } else if (field_is(e, "requests_deadline") && c == QIAO_ECONFLICT) {
        if (*(pev ? model_str(pev, "requests_deadline") : ""))
            when_of(pev, "requests_deadline", NULL, &w);
        else
            buf_puts(&w, "活动结束时");
        buf_printf(&m, "会谈邀约和答复已于%s截止。", buf_cstr(&w));
    } else if ((field_is(e, "registration_deadline") || field_is(e, "requests_deadline")) &&
               c == QIAO_EINVAL) {
        buf_printf(&m, "%s不能晚于活动结束。", model_field_label(MODEL_EVENT, e->field));
    } else if (field_is(e, "who") && c == QIAO_ENOTFOUND) {
        buf_puts(&m, has(e, "neither") ? "找不到这个报名方，请从列表中选择个人或单位。"
                                       : "这一方还没有报名这场活动。");
    } else if (field_is(e, "who") && c == QIAO_ECONFLICT) {
        buf_puts(&m, "这一方还在候补名单上，转为正式报名后才能查看推荐和发出邀约。");
    } else if ((field_is(e, "to") || field_is(e, "from")) && c == QIAO_ENOTFOUND) {
        bool to = field_is(e, "to");
        buf_puts(&m, has(e, "neither") ? "找不到这个参会方，请从列表中选择。"
                 : to ? "对方还没有报名这场活动，不能向其发出邀约。"
                      : "需要先报名这场活动，才能发出会谈邀约。");
    } else if ((field_is(e, "to") || field_is(e, "from")) && has(e, "waiting list")) {
        buf_puts(&m, field_is(e, "to") ? "对方还在候补名单上，转为正式报名后才能邀约。"
                                       : "你还在候补名单上，转为正式报名后才能发出邀约。");
    } else if ((field_is(e, "to") || field_is(e, "from")) && has(e, "confirmed participant")) {
        buf_puts(&m, "有已接受的会谈，其中一方已退出或在候补名单上：请为其报名，或取消这场会谈后再生成日程。");
    } else if (field_is(e, "to") && has(e, "oneself")) {
        buf_puts(&m, "不能向自己发出会谈邀约。");
    } else if (field_is(e, "to") && has(e, "duplicate")) {
        buf_puts(&m, "你们之间已有待答复或已接受的会谈邀约，不必重复发出。");
    } else if (field_is(e, "to") && has(e, "declined")) {
        buf_puts(&m, "对方已婉拒过你们之间的邀约，不能再次发出");
        const char *r = strstr(e->msg, "was declined: ");
        const char *end = r ? strstr(r, "; a declined request") : NULL;
        if (r && end && end > r + 14)
            buf_printf(&m, "（理由：%.*s）", (int)(end - (r + 14)), r + 14);
        buf_puts(&m, "。");
    } else if (field_is(e, "max_requests")) {
        buf_printf(&m, "每方最多发出 %lld 个会谈邀约，已达到上限（已取消的不计）。",
                   int_of(pev, "max_requests"));
    } else if (field_is(e, "max_meetings")) {
        buf_printf(&m, "每方最多 %lld 场会谈，一方已达到上限，不能再接受。", int_of(pev, "max_meetings"));
    } else if (field_is(e, "status")) {
        buf_puts(&m, has(e, "timetable") || has(e, "nothing was written")
                 ? "生成日程期间有邀约的状态发生了变化，日程没有保存：请重新生成。"
                 : "这个邀约已被答复、取消或已过期，不能再这样操作。请刷新页面查看最新状态。");
    } else if ((field_is(e, "slots") || field_is(e, "tables")) && c == QIAO_ECONFLICT) {
        buf_puts(&m, "已有会谈安排在要删去的时段或洽谈桌上：请先取消这些会谈或重新生成日程。");
    } else if ((field_is(e, "slots") || field_is(e, "tables")) && has(e, "no slots")) {
        buf_puts(&m, "这场活动还没有设置会谈时段数和洽谈桌数：请先修改活动。");
    } else if (field_is(e, "slots")) {
        buf_puts(&m, "会谈时段超出了活动的结束时间：请减少时段数、缩短每段时长或推后结束时间。");
    } else if (field_is(e, "ends")) {
        buf_puts(&m, "结束时间不能早于开始时间。");
    } else if (field_is(e, "slot_minutes")) {
        buf_puts(&m, "这场活动没有设置每个会谈时段的时长，会谈没有具体时间，无法生成日历文件。");
    } else if (field_is(e, "id")) {
        buf_puts(&m, "已有相同编号的记录。");
    } else if (field_is(e, "message") || field_is(e, "reason")) {
        buf_puts(&m, "留言或理由最多 2000 字，请删减后再提交。");
    } else if (field_is(e, "priority")) {
        buf_puts(&m, "请选择优先级：非常重要、重要或一般。");
    } else if (c == QIAO_EINVAL && *e->field &&
               strcmp(model_field_label(MODEL_EVENT, e->field), "这一项") != 0) {
        buf_printf(&m, "%s填写有误，请检查后再提交。", model_field_label(MODEL_EVENT, e->field));
    } else if (c == QIAO_EIO || c == QIAO_ENOMEM) {
        buf_puts(&m, "系统暂时无法完成这项操作，请稍后再试。");
    } else {
        buf_puts(&m, "这项操作没有完成，请检查填写的内容后再试。");
    }
    snprintf(e->msg, sizeof e->msg, "%s", buf_cstr(&m));
    buf_free(&m);
    buf_free(&w);
    if (have)
        model_record_clear(&ev);
}
