// SPDX-License-Identifier: Apache-2.0
// The planner: one environment at a time, in name order.
#include "compiler/planner.h"

#include <algorithm>
#include <set>
#include <fmt/format.h>

#include "compiler/audits.h"
#include "compiler/dependency_graph.h"
#include "compiler/flavors.h"
#include "compiler/lints.h"
#include "compiler/merge_cache.h"
#include "compiler/param_merge.h"
#include "compiler/placement.h"
#include "compiler/stack_plan.h"
#include "compiler/pool_placement.h"
#include "compiler/suggest.h"
#include "ir/names.h"

namespace nbc::compiler {
namespace {

constexpr size_t kMaxHostnameLength = 63;  // one DNS label

std::vector<std::string> NamesOf(const ir::Model& model, const std::vector<ir::ServiceRef>& refs) {
  std::vector<std::string> names;
  for (const ir::ServiceRef& r : refs) names.push_back(model.service(r.id).name);
  return names;
}

// Node counts per zone: an even spread, the remainder to the first zones in
// order, so adding a node never moves another.
std::vector<int> SpreadOverZones(int count, size_t zones) {
  std::vector<int> per_zone(zones, count / static_cast<int>(zones));
  for (size_t i = 0; i < static_cast<size_t>(count) % zones; ++i) ++per_zone[i];
  return per_zone;
}

class EnvironmentPlanner {
 public:
  EnvironmentPlanner(const ir::Model& model, const DependencyGraph& graph,
                     const ir::Environment& env, PlanFacts& facts, MergeCache& merges,
                     ir::Diagnostics& diags)
      : model_(model), graph_(graph), env_(env), facts_(facts), merges_(merges), diags_(diags) {}

  std::optional<ir::PlanEnvironment> Plan();

 private:
  void PlanServices();
  void PlanNodeType(const ir::ResolvedNodeType& rnt);
  bool CheckFloor(const ir::ResolvedNodeType& rnt, const ir::NodeType& type);
  ir::ParamValue ZoneParams(const ir::ResolvedNodeType& rnt, const ir::ResolvedZone& zone,
                            const std::vector<ir::ServiceId>& run_list);
  void KeepNamespacesOf(const std::vector<ir::ServiceId>& run_list, ir::ParamValue& params) const;
  void CheckRequired(const ir::NodeType& type, const std::vector<ir::ServiceId>& run_list,
                     const std::vector<ir::ParamValue>& zone_params,
                     const std::vector<int>& per_zone);
  void PlanRollout();

  const ir::Model& model_;
  const DependencyGraph& graph_;
  const ir::Environment& env_;
  PlanFacts& facts_;
  MergeCache& merges_;
  ir::Diagnostics& diags_;
  ir::PlanEnvironment out_;
  std::vector<ir::ServiceId> closure_;
  std::vector<ir::ServiceId> order_;
  std::vector<int> position_;  // by service index: place in order_
  std::optional<Placement> placement_;
};

std::optional<ir::PlanEnvironment> EnvironmentPlanner::Plan() {
  size_t errors_before = diags_.error_count();
  out_.name = env_.name;
  out_.provider = env_.provider;
  out_.region = env_.region;
  out_.version = env_.version;
  out_.labels = env_.labels;
  for (const ir::ResolvedZone& z : env_.zones) out_.zones.push_back(z.name);

  closure_ = graph_.Closure(env_.services);
  order_ = graph_.TopologicalOrder(closure_);
  position_.assign(model_.services.size(), -1);
  for (size_t i = 0; i < order_.size(); ++i) position_[order_[i].index] = static_cast<int>(i);
  placement_ = PlaceServices(model_, env_, graph_, closure_, diags_);
  if (!placement_) return std::nullopt;

  PlanServices();
  for (const ir::ResolvedNodeType& rnt : env_.node_types) PlanNodeType(rnt);
  PlacePoolNodes(model_, env_, out_, diags_);  // static nodes onto pool hosts
  PlanStackSeedHealth(model_, out_, diags_);
  AddAuditTargets(model_, out_);  // once every node has its host name
  out_.audit_gaps = FindAuditGaps(model_, closure_, out_);
  PlanRollout();
  facts_.closures.push_back(closure_);
  if (diags_.error_count() > errors_before) return std::nullopt;
  return std::move(out_);
}

void EnvironmentPlanner::PlanServices() {
  for (size_t i = 0; i < order_.size(); ++i) {
    const ir::Service& s = model_.service(order_[i]);
    ir::PlanService& ps = out_.services.emplace_back();
    ps.name = s.name;
    ps.order = static_cast<int>(i + 1);
    ps.description = s.description;
    ps.depends_on = NamesOf(model_, s.depends_on);
    ps.audits = NamesOf(model_, s.audits);
    ps.audit_kind = s.audit_kind;
    for (ir::NodeTypeId id : placement_->hosts[order_[i].index])
      ps.node_types.push_back(model_.node_type(id).name);
    ps.ports = s.ports;
    ps.health_check = s.health_check;
    ps.chef_run_list = s.chef_run_list;
    ps.params = MergeLayers(model_, {s.layer});
  }
}

bool EnvironmentPlanner::CheckFloor(const ir::ResolvedNodeType& rnt, const ir::NodeType& type) {
  int zones = static_cast<int>(env_.zones.size());
  if (rnt.count >= type.min_per_az * zones) return true;
  ir::SourceSpan at = rnt.count_at.empty() ? type.min_per_az_at : rnt.count_at;
  diags_.Error(at,
               fmt::format("cannot scale node type '{}' below {} in environment '{}': count is {}, "
                           "but ha.min_per_az {} × {} zones needs {}",
                           type.name, type.min_per_az * zones, env_.name, rnt.count,
                           type.min_per_az, zones, type.min_per_az * zones),
               fmt::format("raise count to at least {}, or lower ha.min_per_az (at {})",
                           type.min_per_az * zones, model_.files.Format(type.min_per_az_at)));
  return false;
}

ir::ParamValue EnvironmentPlanner::ZoneParams(const ir::ResolvedNodeType& rnt,
                                              const ir::ResolvedZone& zone,
                                              const std::vector<ir::ServiceId>& run_list) {
  std::vector<ir::LayerId> layers = NodeLayers(model_, env_, rnt, zone, run_list);
  for (ir::LayerId id : layers) facts_.layer_reached[id.index] = true;
  // The layers below the environment chain are the same in every
  // environment, and all but the zone's in every zone: merged once each.
  size_t zone_cut = layers.size() - std::min(layers.size(), zone.layers.size());
  size_t env_cut = zone_cut - std::min(zone_cut, rnt.layers.size() + env_.chain.size());
  ir::ParamValue merged = merges_.Merge(model_, layers, env_cut, zone_cut, [&](const ir::ParamValue& v) {
    if (model_.layer(v.origin.layer).kind != ir::LayerKind::kService)
      facts_.equal_overrides.insert(v.origin.at);
  });
  KeepNamespacesOf(run_list, merged);
  return merged;
}

// A node receives only the top-level namespaces that the services on its run
// list declare (in params or `required`): an environment-wide secret for the
// application never reaches the cache or database hosts.
void EnvironmentPlanner::KeepNamespacesOf(const std::vector<ir::ServiceId>& run_list,
                                          ir::ParamValue& params) const {
  std::set<std::string, std::less<>> namespaces;
  for (ir::ServiceId id : run_list) {
    const ir::Service& s = model_.service(id);
    for (const auto& [key, value] : model_.layer(s.layer).params.map) namespaces.insert(key);
    for (const ir::RequiredParam& r : s.required) namespaces.insert(r.path.substr(0, r.path.find('.')));
  }
  // erase_if of ir::CowMap (ir/cow_map.h), found by argument-dependent lookup.
  erase_if(params.map, [&](const auto& entry) { return !namespaces.contains(entry.first); });
}

void EnvironmentPlanner::CheckRequired(const ir::NodeType& type,
                                       const std::vector<ir::ServiceId>& run_list,
                                       const std::vector<ir::ParamValue>& zone_params,
                                       const std::vector<int>& per_zone) {
  std::vector<std::pair<const ir::RequiredParam*, std::string>> wanted;
  for (ir::ServiceId id : run_list)
    for (const ir::RequiredParam& r : model_.service(id).required)
      wanted.push_back({&r, "service '" + model_.service(id).name + "'"});
  for (const ir::RequiredParam& r : type.required)
    wanted.push_back({&r, "node type '" + type.name + "'"});
  for (const auto& [required, by] : wanted) {
    std::string missing_in;
    for (size_t z = 0; z < zone_params.size(); ++z) {
      if (per_zone[z] == 0) continue;
      const ir::ParamValue* v = zone_params[z].Find(required->path);
      if (!v || v->kind == ir::ParamKind::kNull)
        missing_in += (missing_in.empty() ? "" : ", ") + env_.zones[z].name;
    }
    if (missing_in.empty()) continue;
    std::string layers;
    const ir::ResolvedNodeType* rnt = nullptr;
    for (const ir::ResolvedNodeType& r : env_.node_types)
      if (model_.node_type(r.node_type).name == type.name) rnt = &r;
    for (ir::LayerId id : NodeLayers(model_, env_, *rnt, env_.zones.front(), run_list))
      layers += (layers.empty() ? "" : "; ") + model_.layer(id).name;
    diags_.Error(required->at,
                 "node type '" + type.name + "' in environment '" + env_.name +
                     "' lacks required parameter '" + required->path + "' (zones: " + missing_in +
                     "), required by " + by,
                 "set it in one of the layers searched: " + layers);
  }
}

void EnvironmentPlanner::PlanNodeType(const ir::ResolvedNodeType& rnt) {
  const ir::NodeType& type = model_.node_type(rnt.node_type);
  facts_.node_type_planned[rnt.node_type.index] = true;
  std::optional<FlavorChoice> flavor = ChooseFlavor(model_, env_, rnt, diags_);
  if (!CheckFloor(rnt, type) || !flavor) return;

  // The run list: services placed here, in rollout order.
  std::vector<ir::ServiceId> run_list;
  for (ir::ServiceId id : order_) {
    const auto& hosts = placement_->hosts[id.index];
    if (std::find(hosts.begin(), hosts.end(), rnt.node_type) != hosts.end()) run_list.push_back(id);
  }
  std::vector<std::string> run_names;
  for (ir::ServiceId id : run_list) run_names.push_back(model_.service(id).name);

  ir::PlanNodeType& pt = out_.node_types.emplace_back();
  pt.name = type.name;
  pt.kind = type.kind;
  pt.roles = type.roles;
  pt.grade = model_.grade(type.grade).name;
  pt.image = type.image;
  pt.flavor = flavor->flavor->name;
  pt.flavor_reason = flavor->reason;
  pt.alternatives = flavor->alternatives;
  pt.count = rnt.count;
  pt.min_per_az = type.min_per_az;
  pt.load_balancer = type.load_balancer;
  pt.rds = type.rds;
  pt.services = run_names;

  // Parameters are merged once per zone with nodes: nodes of a zone share
  // every layer.
  std::vector<int> per_zone = SpreadOverZones(rnt.count, env_.zones.size());
  std::vector<ir::ParamValue> zone_params(env_.zones.size());
  for (size_t z = 0; z < env_.zones.size(); ++z)
    if (per_zone[z] > 0) zone_params[z] = ZoneParams(rnt, env_.zones[z], run_list);
  CheckRequired(type, run_list, zone_params, per_zone);

  for (size_t z = 0; z < env_.zones.size(); ++z) {
    const std::string& zone = env_.zones[z].name;
    pt.per_zone[zone] = per_zone[z];
    for (int index = 1; index <= per_zone[z]; ++index) {
      ir::PlanNode& node = out_.nodes.emplace_back();
      node.address = fmt::format("{}/{}/{}/{}", env_.name, type.name, zone, index);
      node.hostname = Hostname(env_.name, type.name, zone, index);
      // A static node takes its pool host's name (compiler/pool_placement.h).
      if (node.hostname.size() > kMaxHostnameLength && type.kind != "static")
        diags_.Error(type.at, "hostname '" + node.hostname + "' is longer than 63 characters",
                     "shorten the node type, environment or zone name");
      node.node_type = type.name;
      node.kind = type.kind;
      node.zone = zone;
      node.index = index;
      node.flavor = pt.flavor;
      node.grade = pt.grade;
      node.image = type.image;
      node.roles = type.roles;
      node.run_list = run_names;
      node.params = zone_params[z];
      node.hourly_usd = flavor->flavor->hourly_usd;
      pt.hourly_usd += node.hourly_usd;
    }
  }
  out_.hourly_usd += pt.hourly_usd;
}

void EnvironmentPlanner::PlanRollout() {
  // One step per service in rollout order: dependencies first, audits after
  // what they audit. Teardown runs the same steps in reverse.
  for (const ir::PlanService& s : out_.services)
    out_.rollout.push_back({static_cast<int>(out_.rollout.size() + 1), "deploy", s.name, s.node_types});
}

}  // namespace

std::string Hostname(const std::string& env, const std::string& node_type, const std::string& zone,
                     int index) {
  // An imported name's '.' becomes '-' (ir/names.h): hostnames are DNS labels.
  return fmt::format("{}-{}-{}-{}", ir::FlatName(node_type), ir::FlatName(env), zone, index);
}

std::vector<ir::EnvironmentId> SelectEnvironments(const ir::Model& model,
                                                  const std::vector<std::string>& names,
                                                  ir::Diagnostics& diags) {
  std::vector<ir::EnvironmentId> ids;
  std::vector<std::string> concrete;
  for (uint32_t i = 0; i < model.environments.size(); ++i) {
    if (model.environments[i].decl.abstract) continue;
    concrete.push_back(model.environments[i].name);
    if (names.empty()) ids.push_back(ir::EnvironmentId{i});
  }
  for (const std::string& name : names) {
    auto it = std::find_if(model.environments.begin(), model.environments.end(),
                           [&](const ir::Environment& e) { return e.name == name; });
    if (it == model.environments.end()) {
      std::string hint = DidYouMean(name, concrete);
      if (hint.empty()) {
        hint = "environments:";
        for (const std::string& c : concrete) hint += " " + c;
      }
      diags.Error({}, "unknown environment '" + name + "'", hint);
    } else if (it->decl.abstract) {
      diags.Error(it->at, "environment '" + name + "' is abstract and cannot be planned",
                  "plan an environment that extends it");
    } else {
      ir::EnvironmentId id{static_cast<uint32_t>(it - model.environments.begin())};
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
  }
  // Sorted by id (= name) so the plan lists environments in name order.
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::optional<ir::Plan> BuildPlan(const ir::Model& model, const std::vector<std::string>& names,
                                  ir::Diagnostics& diags) {
  size_t errors_before = diags.error_count();
  std::vector<ir::EnvironmentId> ids = SelectEnvironments(model, names, diags);
  DependencyGraph graph(model);
  if (!graph.CheckAcyclic(diags) || diags.error_count() > errors_before) return std::nullopt;

  PlanFacts facts;
  MergeCache merges;  // layers shared by many nodes are merged once (compiler/merge_cache.h)
  facts.layer_reached.assign(model.layers.size(), false);
  facts.node_type_planned.assign(model.node_types.size(), false);
  facts.all_environments = names.empty();
  ir::Plan plan;
  plan.project = model.project.name;
  plan.labels = model.project.labels;
  plan.packager = model.project.packager;
  plan.stack = model.project.stack;
  plan.required_audits = model.project.required_audits;
  CheckSeedSources(model, diags);
  for (size_t i = 0; i < model.files.size(); ++i) plan.files.push_back(model.files.path(i));
  for (size_t i = 0; i < model.files.size(); ++i)
    if (!model.files.sha256(i).empty())
      plan.inputs.push_back({model.files.path(i), model.files.sha256(i)});
  // Sorted by path so plan.json lists inputs the same whatever the read order.
  std::sort(plan.inputs.begin(), plan.inputs.end(),
            [](const ir::PlanInput& a, const ir::PlanInput& b) { return a.path < b.path; });
  static const char* kKinds[] = {"service", "node_type", "grade", "environment",
                                 "node_type_override", "zone", "label", "audit"};
  for (const ir::Layer& l : model.layers)
    plan.layers.push_back({kKinds[static_cast<int>(l.kind)], l.name});
  for (ir::EnvironmentId id : ids) {
    EnvironmentPlanner planner(model, graph, model.environment(id), facts, merges, diags);
    if (auto env = planner.Plan()) plan.environments.push_back(std::move(*env));
  }
  if (diags.error_count() > errors_before) return std::nullopt;
  RunLints(model, plan, facts, diags);
  if (diags.error_count() > errors_before) return std::nullopt;
  return plan;
}

}  // namespace nbc::compiler
