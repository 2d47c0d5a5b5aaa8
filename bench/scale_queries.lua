-- For bench/scale.sh: wrk requests of one kind (SCALE_KIND), each for a random account of the
-- SCALE_SIZE seeded by `wxopen-bench seed-store` (nicknames 测试商户N, principals
-- 深圳市测试科技有限公司N, aliases shopN, refs N, appids wx%016d).
local kind = os.getenv("SCALE_KIND")
local size = tonumber(os.getenv("SCALE_SIZE"))
local cursor = os.getenv("SCALE_CURSOR") or ""
local name = "%E6%B5%8B%E8%AF%95%E5%95%86%E6%88%B7"
local principal = "%E6%B7%B1%E5%9C%B3%E5%B8%82%E6%B5%8B%E8%AF%95%E7%A7%91%E6%8A%80%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8"
local searches = {
  search_name = function(n) return name .. n end,
  search_appid = function(n) return string.format("wx%016d", n) end,
  search_principal = function(n) return principal .. n end,
  search_alias = function(n) return "shop" .. n end,
  search_ref = function(n) return tostring(n) end,
  search_miss = function(n) return "nomatch" .. n end,
}
local lists = {
  list_first = "/api/v1/authorizers?limit=50",
  list_authorized = "/api/v1/authorizers?status=authorized&limit=50",
  list_mini_program = "/api/v1/authorizers?type=mini_program&limit=50",
  list_cursor = "/api/v1/authorizers?limit=50&cursor=" .. cursor,
}
assert(searches[kind] or lists[kind], "unknown SCALE_KIND " .. tostring(kind))

request = function()
  if lists[kind] then return wrk.format("GET", lists[kind]) end
  return wrk.format("GET", "/api/v1/authorizers?limit=50&q=" .. searches[kind](math.random(0, size - 1)))
end
