#!/usr/bin/env bash
# HTTP tests of the API list's items (web/items.c): a ranked page's records
# come from a cache of their JSON kept for the index's generation — each
# item is the record's document as GET /api/v1/<kind>/ID answers it, an own
# write shows in the next list at once, a write by another process (qiao
# import) within about a second, with the search cache on or off.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store

AA=(-H "Authorization: Bearer $TOK_ADMIN")
J=(-H 'Content-Type: application/json')
W=%E7%90%A5%E7%8F%80%E8%9C%82%E8%9C%A1   # 琥珀蜂蜡: in no demo record
# item ID FIELD: that field of record ID in the list's answer
item() { python3 -c 'import json,sys; d=json.load(sys.stdin)
print(next((i.get(sys.argv[2], "") for i in d["items"] if i["id"] == sys.argv[1]), "<none>"))' "$1" "$2"; }

for cache in 0 1000; do
  start_server --search-cache $cache
  echo "== --search-cache $cache"
  id=ach-amber-$cache
  req POST /api/v1/achievements "${AA[@]}" "${J[@]}" \
    -d "{\"id\":\"$id\",\"title\":\"琥珀蜂蜡封装材料\",\"org\":\"uestc-ic\",\"summary\":\"第一版\",\"status\":\"published\"}"
  expect_status 201 "an achievement created through the API"
  got=$(curl -s "$BASE/api/v1/achievements?q=$W" | item "$id" summary)
  [ "$got" = "第一版" ] && ok "listed at once, as written" || bad "first list: [$got]"
  curl -s "$BASE/api/v1/achievements?q=$W" >/dev/null            # cached now
  # the item is the record's own document, byte for byte (keys and order)
  a=$(curl -s "$BASE/api/v1/achievements?q=$W" | python3 -c 'import json,sys
d=json.load(sys.stdin); print(json.dumps([i for i in d["items"] if i["id"]==sys.argv[1]][0], ensure_ascii=False))' "$id")
  b=$(curl -s "$BASE/api/v1/achievements/$id" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), ensure_ascii=False))')
  [ "$a" = "$b" ] && ok "the item equals GET of the record" || bad "item [$a] record [$b]"
  req PUT "/api/v1/achievements/$id" "${AA[@]}" "${J[@]}" \
    -d "{\"title\":\"琥珀蜂蜡封装材料\",\"org\":\"uestc-ic\",\"summary\":\"第二版\",\"status\":\"published\"}"
  expect_status 200 "updated through the API"
  got=$(curl -s "$BASE/api/v1/achievements?q=$W" | item "$id" summary)
  [ "$got" = "第二版" ] && ok "an own write shows in the next list" || bad "after the update: [$got]"
  echo "{\"kind\":\"achievement\",\"id\":\"$id\",\"title\":\"琥珀蜂蜡封装材料\",\"org\":\"uestc-ic\",\"summary\":\"第三版\"}" >"$T/one.jsonl"
  "$QIAO" import --db "$DB" "$T/one.jsonl" >/dev/null
  for _ in $(seq 1 60); do
    got=$(curl -s "$BASE/api/v1/achievements?q=$W" | item "$id" summary); [ "$got" = "第三版" ] && break; sleep 0.05
  done
  [ "$got" = "第三版" ] && ok "a write by another process shows within 3 s" || bad "after the import: [$got]"
  kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
done
finish
