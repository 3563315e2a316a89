// SPDX-License-Identifier: Apache-2.0
// The diff as JSON (schemas/diff.schema.json): the same data as the text,
// with every address of every group, for CI jobs and bots. nlohmann::json
// sorts keys; arrays keep the engine's order, so bytes are stable.
#include "backends/param_json.h"
#include "backends/plan_diff_format.h"
#include "backends/plan_diff_render.h"

namespace nbc::backends {
namespace {

using nlohmann::json;

json CostJson(double hourly, double monthly) {
  return {{"hourly_usd", RoundHourly(hourly)}, {"monthly_usd", RoundMonthly(monthly)}};
}

json CostDiffJson(const DiffCost& c) {
  std::optional<double> percent = c.percent();
  return {{"old", CostJson(c.old_hourly, c.old_monthly)},
          {"new", CostJson(c.new_hourly, c.new_monthly)},
          {"delta_hourly_usd", c.delta_hourly()},
          {"delta_monthly_usd", c.delta_monthly()},
          {"delta_percent", percent ? json(std::round(*percent * 100) / 100) : json(nullptr)}};
}

// {"customer": [{"name": "acme", "cost": {...}}], "app": …}: changed groups only.
json CostsByJson(const std::vector<CostDimensionDiff>& dimensions) {
  json out = json::object();
  for (const CostDimensionDiff& d : dimensions) {
    json groups = json::array();
    for (const CostGroupDiff& g : d.groups)
      groups.push_back({{"name", g.name ? json(*g.name) : json(nullptr)}, {"cost", CostDiffJson(g.cost)}});
    out[d.dimension] = groups;
  }
  return out;
}

json CountsJson(const DiffCounts& c) {
  return {{"add", c.add}, {"replace", c.replace}, {"change", c.change}, {"remove", c.remove}};
}

json ChangeJson(const ValueChange& c) {
  json out{{"kind", c.is_param ? "param" : "attribute"},
           {"path", c.path},
           {"forces_replacement", c.forces_replacement}};
  if (c.old_value) out["old"] = *c.old_value;
  if (c.new_value) out["new"] = *c.new_value;
  if (c.cause) {
    json cause{{"layer", c.cause->layer}};
    if (!c.cause->at.empty()) cause["at"] = c.cause->at;
    out["cause"] = cause;
  }
  if (!c.reason.empty()) out["reason"] = c.reason;
  return out;
}

json ChangesJson(const std::vector<ValueChange>& changes) {
  json out = json::array();
  for (const ValueChange& c : changes) out.push_back(ChangeJson(c));
  return out;
}

json NodeTypeJson(const NodeTypeDiff& t) {
  json out{{"name", t.name},   {"action", ActionName(t.action)}, {"flavor", t.flavor},
           {"count", t.count}, {"cost", CostDiffJson(t.cost)},  {"changes", ChangesJson(t.changes)}};
  if (t.load_balancer) out["load_balancer"] = ActionName(*t.load_balancer);
  return out;
}

json EnvironmentJson(const EnvironmentDiff& e) {
  json services = json::array(), node_types = json::array(), actions = json::array(),
       changes = json::array();
  for (const ServiceDiff& s : e.services)
    services.push_back(
        {{"name", s.name}, {"action", ActionName(s.action)}, {"changes", ChangesJson(s.changes)}});
  for (const NodeTypeDiff& t : e.node_types) node_types.push_back(NodeTypeJson(t));
  for (const NodeActionGroup& g : e.node_actions)
    actions.push_back({{"node_type", g.node_type}, {"action", ActionName(g.action)},
                       {"reasons", g.reasons}, {"nodes", g.nodes}, {"all_nodes", g.all_nodes}});
  for (const NodeChangeGroup& g : e.node_changes) {
    json change = ChangeJson(g.change);
    change["node_type"] = g.node_type;
    change["nodes"] = g.nodes;
    change["all_nodes"] = g.all_nodes;
    changes.push_back(std::move(change));
  }
  json out{{"name", e.name},
           {"action", e.action ? std::string(ActionName(*e.action)) : "none"},
           {"summary", diff_format::Summary(e.counts, e.cost)},
           {"counts", CountsJson(e.counts)},
           {"cost", CostDiffJson(e.cost)},
           {"changes", ChangesJson(e.changes)},
           {"services", services},
           {"node_types", node_types},
           {"node_actions", actions},
           {"node_changes", changes}};
  if (e.service_order)
    out["service_order"] = {{"old", e.service_order->first}, {"new", e.service_order->second}};
  return out;
}

}  // namespace

std::string DiffToJson(const PlanDiff& diff, const std::vector<std::string>& violations) {
  json environments = json::array();
  for (const EnvironmentDiff& e : diff.environments) environments.push_back(EnvironmentJson(e));
  json out{{"format_version", kDiffFormatVersion},
           {"changed", diff.changed()},
           {"summary", diff.changed() ? diff_format::Summary(diff.counts, diff.cost) : "No changes."},
           {"counts", CountsJson(diff.counts)},
           {"cost", CostDiffJson(diff.cost)},
           {"costs_by", CostsByJson(diff.costs_by)},
           {"project", ChangesJson(diff.project)},
           {"environments", environments},
           {"violations", violations}};
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace nbc::backends
