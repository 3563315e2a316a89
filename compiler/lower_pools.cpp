// SPDX-License-Identifier: Apache-2.0
// Lowering of pools/ files (existing hosts, docs/pools.md) and of the
// `pool:` of static node types.
#include <algorithm>

#include "compiler/lower_context.h"
#include "ir/visible_text.h"

namespace nbc::compiler {
namespace {

// A host keeps its own name, which must be one DNS label in lower case: it
// becomes the chef node name and the bootstrap's file name.
bool IsHostName(std::string_view name) {
  if (name.empty() || name.size() > 63 || name.back() == '-') return false;
  if (name.front() < 'a' || name.front() > 'z') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

constexpr const char* kHostExample =
    "write `- { name: dc1-web-01, zone: dc1-a, cpu: 8, memory_gib: 32, roles: [web] }`";

std::optional<ir::PoolHost> LowerHost(LowerContext& cx, const ir::Pool& pool, const DocNode* item) {
  MapReader r(item, "a host of pool '" + pool.name + "'", cx.diags);
  if (!r.ok()) return std::nullopt;
  ir::PoolHost h;
  h.at = item->at;
  std::optional<std::string> name = r.String("name");
  std::optional<std::string> zone = r.String("zone");
  std::optional<double> cpu = r.Number("cpu", 0);
  std::optional<double> memory = r.Number("memory_gib", 0);
  if (auto roles = r.StringList("roles")) {
    for (const SpannedString& role : *roles) {
      CheckName(role.value, "role", role.at, cx.diags);
      h.roles.push_back(role.value);
    }
  }
  if (!r.Get("name") || !r.Get("zone") || !r.Get("cpu") || !r.Get("memory_gib")) {
    cx.diags.Error(item->at, "a host of pool '" + pool.name + "' needs name, zone, cpu and memory_gib",
                   kHostExample);
    return std::nullopt;
  }
  if (!name || !zone || !cpu || !memory) return std::nullopt;
  h.name = *name;
  h.at = r.Get("name")->at;
  h.zone = *zone;
  h.zone_at = r.Get("zone")->at;
  h.cpu = *cpu;
  h.memory_gib = *memory;
  if (!IsHostName(h.name)) {
    cx.diags.Error(h.at, "host name '" + ir::Visible(h.name) + "' of pool '" + pool.name +
                             "' is not a hostname",
                   "use lowercase letters, digits and hyphens, starting with a letter, at most 63 "
                   "characters: the name becomes the chef node name and the bootstrap's file name");
    return std::nullopt;
  }
  CheckName(h.zone, "zone", h.zone_at, cx.diags);
  return h;
}

// A host belongs to one pool and is listed once: its name is its chef node.
void CheckUnique(LowerContext& cx, const ir::Pool& pool, const ir::PoolHost& host) {
  for (const ir::Pool& other : cx.model.pools) {
    for (const ir::PoolHost& h : other.hosts) {
      if (h.name != host.name) continue;
      ir::Diagnostic d{ir::Severity::kError, host.at,
                       &other == &pool ? "host '" + host.name + "' is listed twice in pool '" + pool.name + "'"
                                       : "host '" + host.name + "' is in pools '" + other.name + "' and '" +
                                             pool.name + "'",
                       "a host belongs to one pool and is listed once", {}};
      d.notes.push_back({ir::Severity::kNote, h.at, "first listed here", "", {}});
      cx.diags.Report(std::move(d));
      return;
    }
  }
}

}  // namespace

void LowerPool(LowerContext& cx, ir::Pool& pool, const Document& doc) {
  std::string what = "pool '" + pool.name + "'";
  MapReader r(doc.root, what, cx.diags);
  pool.description = r.String("description").value_or("");
  const DocNode* hosts = r.Get("hosts");
  if (!hosts || hosts->kind == DocKind::kNull) {
    cx.diags.Error(pool.at, what + " has no hosts", kHostExample);
    return;
  }
  if (hosts->kind != DocKind::kSeq || !hosts->tag.empty()) {
    cx.diags.Error(hosts->at, r.KeyLabel("hosts") + " must be a list, not " + WithArticle(hosts),
                   kHostExample);
    return;
  }
  for (const DocNode* item : hosts->items) {
    std::optional<ir::PoolHost> host = LowerHost(cx, pool, item);
    if (!host) continue;
    CheckUnique(cx, pool, *host);
    pool.hosts.push_back(std::move(*host));
  }
}

void LowerPoolRef(LowerContext& cx, ir::NodeType& n, MapReader& r) {
  std::string what = "node type '" + n.name + "'";
  std::optional<std::string> pool = r.String("pool");
  if (n.kind != "static") {
    if (r.Get("pool") && (n.kind == "ec2" || n.kind == "rds"))
      cx.diags.Error(r.KeyAt("pool"), what + " is of kind " + n.kind + " and cannot have a pool",
                     "`pool:` places a node type of kind static on existing hosts; add `kind: static`");
    return;
  }
  if (!r.Get("pool")) {
    cx.diags.Error(r.KeyAt("kind"), what + " is of kind static but names no pool",
                   "add `pool: NAME` with a pool of pools/");
    return;
  }
  if (!pool) return;
  n.pool_at = r.Get("pool")->at;
  if (std::optional<uint32_t> id = cx.pools.Lookup({*pool, n.pool_at}, what + " uses", cx.diags))
    n.pool = ir::PoolId{*id};
  // What a static node type cannot have: it gets no instance to size or balance.
  for (const char* key : {"flavor", "load_balancer", "image"}) {
    const DocNode* value = r.node() ? r.node()->Find(key) : nullptr;
    if (value && value->kind != DocKind::kNull)
      cx.diags.Error(r.KeyAt(key), what + " is of kind static and cannot have " + key,
                     "a static node type runs on existing hosts of its pool: they have their own "
                     "size, image and network");
  }
}

}  // namespace nbc::compiler
