// SPDX-License-Identifier: Apache-2.0
// Pools and capacity: static nodes onto existing hosts, and what is short.
#include "compiler/pool_placement.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

namespace nbc::compiler {
namespace {

// The same spread as the planner's (SPEC §3): an even share per zone, the
// remainder to the first zones in order.
std::vector<int> PerZone(int count, size_t zones) {
  std::vector<int> per_zone(zones, count / static_cast<int>(zones));
  for (size_t i = 0; i < static_cast<size_t>(count) % zones; ++i) ++per_zone[i];
  return per_zone;
}

bool IsConcrete(const ir::Environment& env) { return !env.decl.abstract && !env.chain.empty(); }

bool UsesPool(const ir::Model& model, const ir::ResolvedNodeType& rnt, ir::PoolId pool) {
  const ir::NodeType& type = model.node_type(rnt.node_type);
  return type.kind == "static" && type.pool == pool;
}

bool HasRoles(const ir::PoolHost& host, const std::vector<std::string>& roles) {
  return std::all_of(roles.begin(), roles.end(), [&](const std::string& role) {
    return std::find(host.roles.begin(), host.roles.end(), role) != host.roles.end();
  });
}

// Whether `host` could take a node of `type` in `zone`, were it free.
bool Fits(const ir::Model& model, const ir::PoolHost& host, const ir::NodeType& type,
          const std::string& zone) {
  if (host.zone != zone || !HasRoles(host, type.roles) || !type.grade.valid()) return false;
  const ir::Grade& grade = model.grade(type.grade);
  return host.cpu >= grade.cpu && host.memory_gib >= grade.memory_gib;
}

int Rank(const ir::Model& model, const ir::NodeType& type) {
  return type.grade.valid() ? model.grade(type.grade).rank : -1;
}

std::string Address(const ir::Model& model, const PoolDemand& d) {
  const ir::Environment& env = model.environment(d.environment);
  return fmt::format("{}/{}/{}/{}", env.name, model.node_type(d.node_type).name,
                     env.zones[d.zone].name, d.index);
}

// "$0.384/h": at most 4 decimals (as plan.json rounds hourly figures), at least 2.
std::string Hourly(double usd) {
  std::string text = fmt::format("{:.4f}", usd);
  while (text.size() > 4 && text.back() == '0' && text[text.size() - 3] != '.') text.pop_back();
  return "$" + text + "/h";
}

std::string Plural(int count, const std::string& word) {
  return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
}

}  // namespace

PoolLedger PlacePool(const ir::Model& model, ir::PoolId pool_id) {
  const ir::Pool& pool = model.pool(pool_id);
  PoolLedger ledger;
  ledger.pool = pool_id;
  for (uint32_t e = 0; e < model.environments.size(); ++e) {
    const ir::Environment& env = model.environments[e];
    if (!IsConcrete(env) || env.zones.empty()) continue;
    for (const ir::ResolvedNodeType& rnt : env.node_types) {
      if (!UsesPool(model, rnt, pool_id)) continue;
      std::vector<int> per_zone = PerZone(rnt.count, env.zones.size());
      for (size_t z = 0; z < per_zone.size(); ++z)
        for (int i = 1; i <= per_zone[z]; ++i)
          ledger.demands.push_back({ir::EnvironmentId{e}, rnt.node_type, z, i, std::nullopt});
    }
  }
  // Larger grades first, so that small nodes do not take the hosts only large
  // ones fit on; the stable sort keeps environment, node type, zone and index
  // order among equals.
  std::stable_sort(ledger.demands.begin(), ledger.demands.end(),
                   [&](const PoolDemand& a, const PoolDemand& b) {
                     return Rank(model, model.node_type(a.node_type)) >
                            Rank(model, model.node_type(b.node_type));
                   });
  ledger.host_demand.assign(pool.hosts.size(), -1);
  for (size_t d = 0; d < ledger.demands.size(); ++d) {
    PoolDemand& demand = ledger.demands[d];
    const ir::NodeType& type = model.node_type(demand.node_type);
    const std::string& zone = model.environment(demand.environment).zones[demand.zone].name;
    std::optional<size_t> best;
    for (size_t h = 0; h < pool.hosts.size(); ++h) {
      const ir::PoolHost& host = pool.hosts[h];
      if (ledger.host_demand[h] != -1 || !Fits(model, host, type, zone)) continue;
      // The smallest host that fits keeps the large ones for large nodes.
      if (!best || std::tie(host.cpu, host.memory_gib) <
                       std::tie(pool.hosts[*best].cpu, pool.hosts[*best].memory_gib))
        best = h;
    }
    if (!best) continue;
    demand.host = best;
    ledger.host_demand[*best] = static_cast<int>(d);
  }
  return ledger;
}

void CheckPoolZones(const ir::Model& model, ir::Diagnostics& diags) {
  for (uint32_t p = 0; p < model.pools.size(); ++p) {
    std::vector<std::string> users;
    std::set<std::string> zones;
    std::string zone_list;
    for (const ir::Environment& env : model.environments) {
      if (!IsConcrete(env)) continue;
      if (std::none_of(env.node_types.begin(), env.node_types.end(),
                       [&](const ir::ResolvedNodeType& r) { return UsesPool(model, r, ir::PoolId{p}); }))
        continue;
      users.push_back(env.name);
      for (const ir::ResolvedZone& z : env.zones)
        if (zones.insert(z.name).second) zone_list += (zone_list.empty() ? "" : ", ") + z.name;
    }
    if (users.empty()) continue;
    const ir::Pool& pool = model.pools[p];
    for (const ir::PoolHost& host : pool.hosts) {
      if (zones.count(host.zone)) continue;
      std::string names;
      for (const std::string& u : users) names += (names.empty() ? "'" : ", '") + u + "'";
      diags.Error(host.zone_at,
                  "host '" + host.name + "' of pool '" + pool.name + "' is in zone '" + host.zone +
                      "', which " +
                      (users.size() == 1 ? "environment " + names + " does not have"
                                         : "none of the environments using the pool (" + names +
                                               ") has"),
                  "zones there: " + zone_list +
                      "; correct the host's zone, or add the zone to the environment");
    }
  }
}

std::string CheapestFlavors(const ir::Model& model, const std::string& provider,
                            const ir::Grade& grade, int count) {
  const ir::Flavor* best = nullptr;
  for (const ir::Provider& p : model.project.providers) {
    if (p.name != provider) continue;
    // Flavors are sorted by name, so the first of equal prices wins the tie.
    for (const ir::Flavor& f : p.flavors)
      if (f.kind == "ec2" && f.cpu >= grade.cpu && f.memory_gib >= grade.memory_gib &&
          (!best || f.hourly_usd < best->hourly_usd))
        best = &f;
  }
  if (!best) return "";
  return fmt::format("{} × {} at {}", count, best->name, Hourly(count * best->hourly_usd));
}

namespace {

// The nodes of one node type that got no host, per zone, for the message.
struct Shortage {
  int missing = 0;
  std::map<size_t, int> per_zone;       // zone index → nodes without a host
  std::set<std::string> taken_by;       // other environments on hosts that would fit
};

void ReportShortage(const ir::Model& model, const ir::Environment& env, const ir::Pool& pool,
                    const ir::NodeType& type, const Shortage& s, ir::Diagnostics& diags) {
  const ir::Grade& grade = model.grade(type.grade);
  std::string flavors = CheapestFlavors(model, env.provider, grade, s.missing);
  std::string hint = flavors.empty() ? "no ec2 flavor of provider '" + env.provider +
                                           "' covers grade '" + grade.name + "'"
                                     : "cheapest flavors: " + flavors;
  std::string roles;
  for (const std::string& r : type.roles) roles += (roles.empty() ? "" : ", ") + r;
  std::string zones;
  for (const auto& [z, n] : s.per_zone)
    zones += (zones.empty() ? "" : ", ") + env.zones[z].name + " (" + std::to_string(n) + ")";
  hint += fmt::format("; or add {} with {}at least {} cpu and {} GiB to {}, in zones {}",
                      Plural(s.missing, "host"), roles.empty() ? "" : "roles [" + roles + "] and ",
                      grade.cpu, grade.memory_gib, model.files.path(pool.at.file), zones);
  if (!s.taken_by.empty()) {
    std::string others;
    for (const std::string& o : s.taken_by) others += (others.empty() ? "'" : ", '") + o + "'";
    hint += "; hosts that would fit are taken by environment " + others;
  }
  diags.Error(type.pool_at,
              "pool '" + pool.name + "' lacks " + Plural(s.missing, grade.name + " host") +
                  " for node type '" + type.name + "' in environment '" + env.name + "'",
              hint);
}

ir::PlanPool Capacity(const ir::Model& model, const PoolLedger& ledger) {
  const ir::Pool& pool = model.pool(ledger.pool);
  ir::PlanPool out;
  out.name = pool.name;
  for (size_t h = 0; h < pool.hosts.size(); ++h) {
    const ir::PoolHost& host = pool.hosts[h];
    ir::PlanPoolHost& ph = out.hosts.emplace_back();
    ph.name = host.name;
    ph.zone = host.zone;
    ph.cpu = host.cpu;
    ph.memory_gib = host.memory_gib;
    ph.roles = host.roles;
    out.cpu += host.cpu;
    out.memory_gib += host.memory_gib;
    if (ledger.host_demand[h] < 0) continue;
    const PoolDemand& d = ledger.demands[static_cast<size_t>(ledger.host_demand[h])];
    const ir::Grade& grade = model.grade(model.node_type(d.node_type).grade);
    ph.node = Address(model, d);
    ph.cpu_used = grade.cpu;
    ph.memory_gib_used = grade.memory_gib;
    out.hosts_used += 1;
    out.cpu_used += grade.cpu;
    out.memory_gib_used += grade.memory_gib;
  }
  return out;
}

}  // namespace

void PlacePoolNodes(const ir::Model& model, const ir::Environment& env, ir::PlanEnvironment& out,
                    ir::Diagnostics& diags) {
  ir::EnvironmentId env_id{static_cast<uint32_t>(&env - model.environments.data())};
  std::set<ir::PoolId> pools;
  for (const ir::ResolvedNodeType& rnt : env.node_types) {
    const ir::NodeType& type = model.node_type(rnt.node_type);
    if (type.kind == "static" && type.pool) pools.insert(*type.pool);
  }
  std::map<std::string, ir::PlanNode*> nodes;  // address → node
  for (ir::PlanNode& n : out.nodes) nodes[n.address] = &n;
  for (ir::PoolId pool_id : pools) {  // a std::set: pools in name order
    const ir::Pool& pool = model.pool(pool_id);
    PoolLedger ledger = PlacePool(model, pool_id);
    std::map<ir::NodeTypeId, Shortage> short_of;
    for (const PoolDemand& d : ledger.demands) {
      if (d.environment != env_id) continue;
      auto node = nodes.find(Address(model, d));
      if (d.host && node != nodes.end()) {
        node->second->hostname = pool.hosts[*d.host].name;
        node->second->pool = pool.name;
        continue;
      }
      if (d.host) continue;
      Shortage& s = short_of[d.node_type];
      ++s.missing;
      ++s.per_zone[d.zone];
      for (size_t h = 0; h < pool.hosts.size(); ++h) {
        int taker = ledger.host_demand[h];
        if (taker < 0 || !Fits(model, pool.hosts[h], model.node_type(d.node_type), env.zones[d.zone].name))
          continue;
        ir::EnvironmentId other = ledger.demands[static_cast<size_t>(taker)].environment;
        if (other != env_id) s.taken_by.insert(model.environment(other).name);
      }
    }
    for (const auto& [type_id, s] : short_of)
      ReportShortage(model, env, pool, model.node_type(type_id), s, diags);
    out.pools.push_back(Capacity(model, ledger));
  }
  for (ir::PlanNodeType& pt : out.node_types) {
    for (const ir::ResolvedNodeType& rnt : env.node_types) {
      const ir::NodeType& type = model.node_type(rnt.node_type);
      if (type.name == pt.name && type.kind == "static" && type.pool)
        pt.pool = model.pool(*type.pool).name;
    }
  }
}

}  // namespace nbc::compiler
