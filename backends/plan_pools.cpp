// SPDX-License-Identifier: Apache-2.0
// The pools part of plan.json and plan.txt.
#include "backends/plan_pools.h"

#include <fmt/format.h>

#include <algorithm>

#include "ir/visible_text.h"

namespace nbc::backends {
namespace {

using nlohmann::json;

// Capacities are counts of cpus and GiB, written as given ("4", "0.5").
std::string Amount(double value) { return fmt::format("{}", value); }

std::string Percent(double used, double available) {
  if (available <= 0) return "-";
  return fmt::format("{:.0f}%", 100 * used / available);
}

}  // namespace

json PoolsToJson(const std::vector<ir::PlanPool>& pools) {
  json out = json::array();
  for (const ir::PlanPool& p : pools) {
    json hosts = json::array();
    for (const ir::PlanPoolHost& h : p.hosts) {
      json host{{"name", h.name},         {"zone", h.zone},
                {"cpu", h.cpu},           {"memory_gib", h.memory_gib},
                {"roles", h.roles},       {"cpu_used", h.cpu_used},
                {"memory_gib_used", h.memory_gib_used}};
      host["node"] = h.node.empty() ? json() : json(h.node);  // null: free
      hosts.push_back(std::move(host));
    }
    out.push_back({{"name", p.name},
                   {"hosts", hosts},
                   {"hosts_used", p.hosts_used},
                   {"cpu", p.cpu},
                   {"cpu_used", p.cpu_used},
                   {"memory_gib", p.memory_gib},
                   {"memory_gib_used", p.memory_gib_used}});
  }
  return out;
}

std::string PoolsToText(const std::vector<ir::PlanPool>& pools) {
  if (pools.empty()) return "";
  std::string out = "\n  Pools (placed / available):\n";
  for (const ir::PlanPool& p : pools) {
    out += fmt::format("    {}: {} of {} hosts; cpu {} of {} ({}); memory {} of {} GiB ({})\n",
                       ir::Visible(p.name), p.hosts_used, p.hosts.size(), Amount(p.cpu_used),
                       Amount(p.cpu), Percent(p.cpu_used, p.cpu), Amount(p.memory_gib_used),
                       Amount(p.memory_gib), Percent(p.memory_gib_used, p.memory_gib));
    size_t name_width = 0, zone_width = 0;
    for (const ir::PlanPoolHost& h : p.hosts) {
      name_width = std::max(name_width, ir::Visible(h.name).size());
      zone_width = std::max(zone_width, ir::Visible(h.zone).size());
    }
    for (const ir::PlanPoolHost& h : p.hosts) {
      std::string use = h.node.empty()
                            ? fmt::format("free (cpu {}, memory {} GiB)", Amount(h.cpu), Amount(h.memory_gib))
                            : fmt::format("{} (cpu {}/{}, memory {}/{} GiB)", ir::Visible(h.node),
                                          Amount(h.cpu_used), Amount(h.cpu),
                                          Amount(h.memory_gib_used), Amount(h.memory_gib));
      out += fmt::format("      {:<{}}  {:<{}}  {}\n", ir::Visible(h.name), name_width,
                         ir::Visible(h.zone), zone_width, use);
    }
  }
  return out;
}

}  // namespace nbc::backends
