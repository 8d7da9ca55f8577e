#!/usr/bin/env bash
# HTTP tests of how matches read for people: a match level (高/中/低 and
# 0-100) beside the raw score in the API, reasons as Chinese words and
# sentences with no English codes on the pages, matched words marked (and
# escaped) in match lists and search results.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
start_server
J=(-H 'Content-Type: application/json')
AX=(-H "Authorization: Bearer $TOK_XSY")

# section_text: the text of the page's match list (tags dropped)
section_text() {
  tr '\n' ' ' <"$T/body" | grep -o '<section class="matches">.*</section>' | sed 's/<[^>]*>/ /g' || true
}

echo "== the API keeps the score and adds the level"
req GET '/api/v1/demands/dem-01/matches?top=3'; expect_status 200 "matches of the ADC demand"
top=$(jq -c '.hits[0] | [.id, .level, .level_label, (.score > 0)]' "$T/body")
[ "$top" = '["ach-uestc-02",65,"高",true]' ] && ok "its ADC chip: level 65, 高, score kept" \
  || bad "first hit: $top"
jq -e '[.hits[].level] | . == (sort | reverse)' "$T/body" >/dev/null \
  && ok "levels follow the ranking" || bad "levels out of order: $(jq -c '[.hits[].level]' "$T/body")"
jq -e '.hits[0].words | index("模数转换") != null and index("ADC") != null' "$T/body" >/dev/null \
  && ok "shared words are whole words" || bad "words: $(jq -c '.hits[0].words' "$T/body")"
jq -e '[.hits[].words[] | select(test("示例|需求|技术|在高|需要"))] | length == 0' "$T/body" >/dev/null \
  && ok "no boilerplate, stopwords or fragments" || bad "words: $(jq -c '[.hits[].words]' "$T/body")"
jq -e '.hits[0].factors | map(select(.name == "trl")) | .[0].text == "技术成熟度 4 级，达到需求要求的 4 级"' \
  "$T/body" >/dev/null && ok "factors in words" || bad "factors: $(jq -c '.hits[0].factors' "$T/body")"

echo "== match lists read in Chinese"
for page in /demands/dem-01 /demands/dem-03 /achievements/ach-uestc-01 /achievements/ach-uestc-03; do
  req GET "$page"; expect_status 200 "$page"
  txt=$(section_text)
  [ -n "$txt" ] || { bad "$page: no match list"; continue; }
  codes=$(grep -oE '\b(trl_min|trl|license|cooperate|assign|equity|self|other|chains|modes|zone|fresh|published|title|keywords|body)\b' <<<"$txt" | sort -u | tr '\n' ' ' || true)
  [ -z "$codes" ] && ok "$page: no code words" || bad "$page: code words in the match list: $codes"
  lower=$(grep -oE '\b[a-z_]{3,}\b' <<<"$txt" | sort -u | tr '\n' ' ' || true)
  [ -z "$lower" ] && ok "$page: no lower-case ASCII words" || bad "$page: ASCII words: $lower"
  grep -qE '匹配程度：(高|中|低)（[0-9]{1,3}/100）' <<<"$txt" && ok "$page: shows the level" \
    || bad "$page: no level in: ${txt:0:300}"
  grep -q '匹配度 [0-9]' <<<"$txt" && bad "$page: a raw score is shown" || ok "$page: no raw score"
done
req GET /demands/dem-01
expect_body '匹配程度：高（65/100）' "the ADC demand's best match is 高"
expect_body '<li>共同的关键词：模数转换' "reasons start with the shared words"
expect_body '<li>同属集成电路产业链</li>' "shared chain as a sentence"
expect_body '<li>转化方式相同：许可</li>' "shared transfer mode as a sentence"
expect_body '<li>同在环电子科大知识经济圈</li>' "same zone as a sentence"
expect_body '<mark>模数转换' "matched words marked in the hit's title"
expect_body '<p class="excerpt">面向高速通信、雷达和测试仪器的<mark>模数转换</mark>器' "and in its excerpt"

echo "== who is behind an achievement, and what a person can be contacted about"
req GET /achievements/ach-uestc-04; expect_status 200 "an achievement page"
expect_body '<dd class="f-org"><a href="/orgs/uestc-ic">电子科技大学集成电路科学与工程学院</a>' "its org links to the org page"
expect_body '<dd class="f-owners"><a href="/people/p-song-yutong">宋雨桐</a>' "its 完成人 link to their pages, by name"
expect_no_body '>p-song-yutong<' "no raw person id shown"
req GET /people/p-song-yutong; expect_status 200 "the inventor's page"
expect_body '<h2>可联系的事项</h2>' "says what they can be contacted about"
expect_body '<li>专长：毫米波与超宽带收发机</li>' "their expertise"
expect_body '完成的科技成果：<a href="/achievements/ach-uestc-04">低功耗超宽带(UWB)室内定位芯片</a>' "the achievements naming them"

echo "== search results mark the query's words, escaped"
req GET '/achievements?q=%E6%A8%A1%E6%95%B8%E8%BD%89%E6%8F%9B'   # 模數轉換 (traditional)
expect_status 200 "search in traditional script"
expect_body '超高速<mark>模数转换</mark>芯片' "marks the simplified title"
new='{"id":"dem-mark-1","title":"模数转换<b>IP</b>需求 & 测试","org":"xinsiyuan","trl_min":4,"description":"寻找<i>模数转换</i>方案"}'
req POST /api/v1/demands "${J[@]}" "${AX[@]}" -d "$new"; expect_status 201 "a demand with markup in its title"
req GET '/demands?q=%E6%A8%A1%E6%95%B0%E8%BD%AC%E6%8D%A2%20-%E5%85%89%E5%AD%A6%20trl%3E%3D3'  # 模数转换 -光学 trl>=3
expect_status 200 "search with an exclusion and a filter"
expect_body '<mark>模数转换</mark>&lt;b&gt;IP&lt;/b&gt;需求 &amp; 测试' "title marked and escaped"
expect_body '寻找&lt;i&gt;<mark>模数转换</mark>&lt;/i&gt;方案' "excerpt marked and escaped"
expect_no_body '<b>IP</b>' "no markup of the record reaches the page"
expect_no_body '<mark>trl' "filters are not marked"
finish
