// SPDX-License-Identifier: Apache-2.0
// `nbc diff`: the semantic difference between two plans (in their JSON form,
// with provenance when known) as plain data that the text, JSON and Markdown
// renderers (plan_diff_render.h) print. docs/diff.md describes the rules.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/plan_diff_input.h"

namespace nbc::backends {

// What happens to a thing: created, replaced (a new generation), updated in
// place, or deleted. Declaration order is the order of the output.
enum class DiffAction { kCreate, kReplace, kUpdate, kDelete };
std::string_view ActionName(DiffAction action);  // "create", "replace", "update", "delete"

// One value that differs. `path` names an attribute ("flavor", "count",
// "per_zone.us-east-1a"), an attribute derived from the plan for every node
// ("release.version", "tags.team", "stack.command", "rds.engine",
// "services.nginx.chef_run_list"), or a parameter ("nginx.workers").
struct ValueChange {
  bool is_param = false;
  std::string path;
  std::optional<nlohmann::json> old_value;  // nullopt: not set before
  std::optional<nlohmann::json> new_value;  // nullopt: not set any more
  bool forces_replacement = false;
  std::optional<DiffOrigin> cause;  // parameters: the new value's origin (the old one's if removed)
  std::string reason;               // e.g. why a flavor was chosen: "cheapest covering grade large"
};

// The same change on several nodes of one node type: printed once, so a
// change to a node type does not print one line per node.
struct NodeChangeGroup {
  std::string node_type;
  ValueChange change;
  std::vector<std::string> nodes;  // addresses, in plan order
  bool all_nodes = false;          // every node of the type that is in both plans
};

// Nodes of one node type that share an action (and, for replacements, the
// attributes that force them).
struct NodeActionGroup {
  std::string node_type;
  DiffAction action = DiffAction::kUpdate;
  std::vector<std::string> reasons;  // kReplace: the paths that force it
  std::vector<std::string> nodes;    // addresses, in plan order
  bool all_nodes = false;            // every node of the type on its side (both sides for update/replace)
};

struct DiffCost {
  double old_hourly = 0, new_hourly = 0;    // USD per hour, as the plans say
  double old_monthly = 0, new_monthly = 0;  // USD per month (730 hours)
  double delta_monthly() const;             // rounded to cents
  double delta_hourly() const;              // rounded to 4 decimals
  std::optional<double> percent() const;    // monthly change in %; nullopt if it was 0
};

// Nodes and load balancers: the resources an executor creates.
struct DiffCounts {
  size_t add = 0, replace = 0, change = 0, remove = 0;
  void operator+=(const DiffCounts& o);
};

struct ServiceDiff {
  std::string name;
  DiffAction action = DiffAction::kUpdate;  // kCreate, kUpdate or kDelete
  std::vector<ValueChange> changes;         // kUpdate only
};

struct NodeTypeDiff {
  std::string name;
  DiffAction action = DiffAction::kUpdate;  // kCreate, kUpdate or kDelete
  std::vector<ValueChange> changes;         // kUpdate only
  std::optional<DiffAction> load_balancer;  // the load balancer is created, updated or deleted
  std::string flavor;                       // for a summary: the new one (the old one if deleted)
  int64_t count = 0;                        // likewise
  DiffCost cost;
};

struct EnvironmentDiff {
  std::string name;
  std::optional<DiffAction> action;  // kCreate, kUpdate or kDelete; nullopt if unchanged
  std::vector<ValueChange> changes;  // provider, region, version, zones, labels.KEY
  std::vector<ServiceDiff> services;  // sorted by name
  // The rollout order, when the relative order of services in both plans changed.
  std::optional<std::pair<std::vector<std::string>, std::vector<std::string>>> service_order;
  std::vector<NodeTypeDiff> node_types;       // sorted by name
  std::vector<NodeActionGroup> node_actions;  // by node type, then action
  std::vector<NodeChangeGroup> node_changes;  // by node type, then path
  DiffCounts counts;
  DiffCost cost;
  size_t node_count = 0;  // nodes on the new side (the old side if deleted)
};

// The cost of one customer, app, environment or node type on both sides
// (the plans' `costs` roll-up, docs/ownership-and-cost.md).
struct CostGroupDiff {
  std::optional<std::string> name;  // nullopt: environments without the label
  DiffCost cost;
};

struct CostDimensionDiff {
  std::string dimension;               // customer | app | environment | node_type
  std::vector<CostGroupDiff> groups;   // only those whose cost changed; by name, unlabelled last
};

struct PlanDiff {
  std::vector<ValueChange> project;           // project, labels.KEY, packager.KEY, stack.KEY
  std::vector<EnvironmentDiff> environments;  // of both plans, sorted by name
  DiffCounts counts;                          // all environments
  DiffCost cost;                              // all environments
  std::vector<CostDimensionDiff> costs_by;    // the four dimensions, in that order
  bool changed() const;
};

// Compares two plans and attaches the causes of parameter changes from
// their provenance: ComparePlans, then AttachCauses. Both documents must
// have passed ParsePlanDocument.
PlanDiff DiffPlans(const PlanDocument& old_plan, const PlanDocument& new_plan);

// The two phases, for callers that read provenance only where it is needed
// (NeededCauses): a 200,000-node sidecar need not be built whole.
// ComparePlans groups parameter changes by node type, path and values;
// AttachCauses splits each group by the origin of its values.
PlanDiff ComparePlans(const PlanDocument& old_plan, const PlanDocument& new_plan);
struct CauseNeeds {
  NodeSelection old_nodes;  // removed parameters: their old origin
  NodeSelection new_nodes;  // added or changed parameters: their new origin
};
CauseNeeds NeededCauses(const PlanDiff& diff);
void AttachCauses(PlanDiff& diff, const PlanDocument& old_plan, const PlanDocument& new_plan);

}  // namespace nbc::backends
