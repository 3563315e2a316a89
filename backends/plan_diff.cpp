// SPDX-License-Identifier: Apache-2.0
// The diff engine's driver: the project's settings, then per environment (by
// name, in both plans) its settings, services, node types and nodes, costs
// and counts. Only semantics count: key order, file order and positions in
// the YAML never show, because both sides are compared as plan values.
#include "backends/plan_diff.h"

#include <algorithm>
#include <set>

#include "backends/plan_diff_nodes.h"

namespace nbc::backends {
namespace {

using namespace diff_internal;  // NOLINT: the engine's own helpers

std::map<std::string_view, const json*> ByName(const json* array, std::string_view key = "name") {
  std::map<std::string_view, const json*> out;
  if (array && array->is_array())
    for (const json& item : *array) out.emplace(Str(&item, key), &item);
  return out;
}

std::set<std::string_view> Names(const std::map<std::string_view, const json*>& a,
                                 const std::map<std::string_view, const json*>& b) {
  std::set<std::string_view> out;
  for (const auto& [name, item] : a) out.insert(name);
  for (const auto& [name, item] : b) out.insert(name);
  return out;
}

const json* Find(const std::map<std::string_view, const json*>& items, std::string_view name) {
  auto it = items.find(name);
  return it == items.end() ? nullptr : it->second;
}

DiffAction SideAction(const json* old_item, const json* new_item) {
  return !old_item ? DiffAction::kCreate : !new_item ? DiffAction::kDelete : DiffAction::kUpdate;
}

// Service settings that reach hosts or the rollout. The description is prose
// and the service's own params show where they land: in the nodes' params.
constexpr const char* kServiceFields[] = {"depends_on", "audits",  "audit_kind",   "node_types",
                                          "ports",      "health_check", "chef_run_list"};

void DiffServices(const json* old_env, const json* new_env, EnvironmentDiff& out,
                  EnvironmentSides& sides) {
  auto old_services = ByName(Get(old_env, "services"));
  auto new_services = ByName(Get(new_env, "services"));
  for (std::string_view name : Names(old_services, new_services)) {
    const json* o = Find(old_services, name);
    const json* n = Find(new_services, name);
    ServiceDiff diff{std::string(name), SideAction(o, n), {}};
    if (o && n) {
      for (const char* key : kServiceFields) CompareField(o, n, key, diff.changes);
      if (diff.changes.empty()) continue;
      for (const ValueChange& c : diff.changes)
        if (c.path == "chef_run_list") {
          ValueChange on_node = c;
          on_node.path = "services." + diff.name + ".chef_run_list";
          sides.service_changes.emplace(diff.name, std::move(on_node));
        }
    }
    out.services.push_back(std::move(diff));
  }
  // The rollout order of the services in both plans: an added or removed
  // service is reported as such, not as every later service moving.
  auto common = [](const json* env, const std::map<std::string_view, const json*>& other) {
    std::vector<std::string> order;
    if (const json* services = Get(env, "services"))
      for (const json& s : *services)
        if (other.count(Str(&s, "name"))) order.push_back(Str(&s, "name"));
    return order;
  };
  std::vector<std::string> old_order = common(old_env, new_services);
  std::vector<std::string> new_order = common(new_env, old_services);
  if (old_order != new_order) out.service_order.emplace(std::move(old_order), std::move(new_order));
}

// Node type settings; nodes show the effect of each on themselves.
constexpr const char* kNodeTypeFields[] = {"kind", "grade", "roles", "image", "flavor",
                                           "count", "min_per_az", "services", "runs_stack"};

NodeTypeDiff DiffNodeType(std::string_view name, const json* o, const json* n) {
  NodeTypeDiff diff{.name = std::string(name), .action = SideAction(o, n)};
  const json* shown = n ? n : o;
  diff.flavor = Str(shown, "flavor");
  diff.count = Integer(shown, "count");
  diff.cost = CostOf(o, n);
  const json* old_lb = Get(o, "load_balancer");
  const json* new_lb = Get(n, "load_balancer");
  if (old_lb || new_lb) {
    if (!o || !n || !old_lb || !new_lb) diff.load_balancer = SideAction(old_lb, new_lb);
    else if (!SameJson(*old_lb, *new_lb)) diff.load_balancer = DiffAction::kUpdate;
  }
  if (!o || !n) return diff;
  for (const char* key : kNodeTypeFields) CompareField(o, n, key, diff.changes);
  for (ValueChange& c : diff.changes)
    if (c.path == "flavor") c.reason = Str(n, "flavor_reason");
  CompareMembers(Get(o, "per_zone"), Get(n, "per_zone"), "per_zone", diff.changes);
  CompareMembers(old_lb, new_lb, "load_balancer", diff.changes);
  CompareMembers(Get(o, "rds"), Get(n, "rds"), "rds", diff.changes);
  CompareMembers(Get(o, "seed"), Get(n, "seed"), "seed", diff.changes);
  return diff;
}

void DiffNodeTypes(const json* old_env, const json* new_env, EnvironmentDiff& out) {
  auto old_types = ByName(Get(old_env, "node_types"));
  auto new_types = ByName(Get(new_env, "node_types"));
  for (std::string_view name : Names(old_types, new_types)) {
    NodeTypeDiff diff = DiffNodeType(name, Find(old_types, name), Find(new_types, name));
    if (diff.action == DiffAction::kUpdate && diff.changes.empty() && !diff.load_balancer &&
        diff.cost.delta_hourly() == 0 && diff.cost.delta_monthly() == 0)
      continue;
    if (diff.load_balancer) {
      DiffCounts& c = out.counts;
      ++(*diff.load_balancer == DiffAction::kCreate   ? c.add
         : *diff.load_balancer == DiffAction::kDelete ? c.remove
                                                      : c.change);
    }
    out.node_types.push_back(std::move(diff));
  }
}

EnvironmentDiff DiffEnvironment(std::string_view name, const PlanDocument& old_doc,
                                const PlanDocument& new_doc, const json* o, const json* n) {
  EnvironmentDiff out{.name = std::string(name)};
  out.cost = CostOf(o, n);
  EnvironmentSides sides{.old_plan = &old_doc.plan, .new_plan = &new_doc.plan,
                         .old_env = o, .new_env = n};
  if (o && n) {
    for (const char* key : {"provider", "region", "version", "zones"})
      CompareField(o, n, key, out.changes);
    CompareMembers(Get(o, "labels"), Get(n, "labels"), "labels", out.changes);
  }
  DiffServices(o, n, out, sides);
  DiffNodeTypes(o, n, out);
  DiffNodes(sides, out);
  bool changed = !out.changes.empty() || !out.services.empty() || out.service_order ||
                 !out.node_types.empty() || !out.node_actions.empty() ||
                 !out.node_changes.empty() || out.cost.delta_monthly() != 0 ||
                 out.cost.delta_hourly() != 0;
  if (!o || !n || changed) out.action = SideAction(o, n);
  return out;
}

}  // namespace

bool PlanDiff::changed() const {
  if (!project.empty() || cost.delta_monthly() != 0 || cost.delta_hourly() != 0) return true;
  return std::any_of(environments.begin(), environments.end(),
                     [](const EnvironmentDiff& e) { return e.action.has_value(); });
}

PlanDiff ComparePlans(const PlanDocument& old_doc, const PlanDocument& new_doc) {
  PlanDiff out;
  const json* o = &old_doc.plan;
  const json* n = &new_doc.plan;
  CompareField(o, n, "project", out.project);
  CompareMembers(Get(o, "labels"), Get(n, "labels"), "labels", out.project);
  CompareMembers(Get(o, "packager"), Get(n, "packager"), "packager", out.project);
  CompareMembers(Get(o, "stack"), Get(n, "stack"), "stack", out.project);
  auto old_envs = ByName(Get(o, "environments"));
  auto new_envs = ByName(Get(n, "environments"));
  // Sorted by name (std::set), whatever order the files list them in.
  for (std::string_view name : Names(old_envs, new_envs)) {
    out.environments.push_back(
        DiffEnvironment(name, old_doc, new_doc, Find(old_envs, name), Find(new_envs, name)));
    out.counts += out.environments.back().counts;
  }
  out.cost = CostOf(o, n);
  out.costs_by = DiffCostRollup(old_doc.plan, new_doc.plan);
  return out;
}

PlanDiff DiffPlans(const PlanDocument& old_doc, const PlanDocument& new_doc) {
  PlanDiff diff = ComparePlans(old_doc, new_doc);
  AttachCauses(diff, old_doc, new_doc);
  return diff;
}

}  // namespace nbc::backends
