// SPDX-License-Identifier: Apache-2.0
// plan.json: the Plan as JSON. nlohmann::json sorts object keys, and every
// array comes from the Plan's already ordered vectors, so bytes are stable.
#include "backends/plan_json.h"

#include "backends/cost_rollup.h"
#include "backends/param_json.h"
#include "backends/plan_pools.h"

namespace nbc::backends {
namespace {

using nlohmann::json;

json Cost(double hourly) {
  return {{"hourly_usd", RoundHourly(hourly)},
          {"monthly_usd", RoundMonthly(hourly * ir::kHoursPerMonth)}};
}

json PortsJson(const std::vector<ir::Port>& ports) {
  json out = json::array();
  for (const ir::Port& p : ports) out.push_back({{"port", p.port}, {"protocol", p.protocol}});
  return out;
}

json HealthCheckJson(const ir::HealthCheck& h) {
  json out{{"port", h.port}, {"protocol", h.protocol}, {"timeout_s", h.timeout_s}};
  if (!h.path.empty()) out["path"] = h.path;
  return out;
}

json ServiceJson(const ir::PlanService& s) {
  json out{{"name", s.name},
           {"order", s.order},
           {"description", s.description},
           {"depends_on", s.depends_on},
           {"audits", s.audits},
           {"node_types", s.node_types},
           {"ports", PortsJson(s.ports)},
           {"chef_run_list", s.chef_run_list},
           {"params", ParamToJson(s.params)}};
  if (!s.audit_kind.empty()) out["audit_kind"] = s.audit_kind;
  if (s.health_check) out["health_check"] = HealthCheckJson(*s.health_check);
  return out;
}

json NodeTypeJson(const ir::PlanNodeType& t) {
  json alternatives = json::array();
  for (const ir::FlavorOption& f : t.alternatives)
    alternatives.push_back({{"flavor", f.name}, {"hourly_usd", f.hourly_usd}});
  json out{{"name", t.name},
           {"kind", t.kind},
           {"roles", t.roles},
           {"grade", t.grade},
           {"image", t.image},
           {"flavor", t.flavor},
           {"flavor_reason", t.flavor_reason},
           {"flavor_alternatives", alternatives},
           {"count", t.count},
           {"min_per_az", t.min_per_az},
           {"per_zone", t.per_zone},
           {"services", t.services},
           {"cost", Cost(t.hourly_usd)}};
  if (t.load_balancer) {
    const ir::LoadBalancer& lb = *t.load_balancer;
    out["load_balancer"] = {{"port", lb.port},
                            {"target_port", lb.target_port},
                            {"protocol", lb.protocol},
                            {"health_check_path", lb.health_check_path},
                            {"health_check_timeout_s", lb.health_check_timeout_s},
                            {"health_check_from", lb.health_check_from}};
  }
  out["runs_stack"] = t.runs_stack;
  if (t.seed)
    out["seed"] = {{"from", t.seed->from}, {"steps", t.seed->steps}, {"node", t.seed_node}};
  if (!t.pool.empty()) out["pool"] = t.pool;  // kind static only
  if (t.rds) {
    out["rds"] = {{"engine", t.rds->engine},
                  {"engine_version", t.rds->engine_version},
                  {"storage_gib", t.rds->storage_gib},
                  {"max_storage_gib", t.rds->max_storage_gib},
                  {"multi_az", t.rds->multi_az}};
  }
  return out;
}

// `placeholders`: see DumpWithParams (param_json.h); the trees are the bulk of a plan.
json NodeJson(const ir::PlanNode& n, std::vector<const ir::ParamValue*>* placeholders) {
  json out{{"address", n.address},   {"hostname", n.hostname}, {"node_type", n.node_type},
           {"kind", n.kind},         {"zone", n.zone},         {"index", n.index},
           {"flavor", n.flavor},     {"grade", n.grade},       {"image", n.image},
           {"roles", n.roles},       {"run_list", n.run_list}, {"params", ParamsOrPlaceholder(n.params, placeholders)},
           {"generation", n.generation},
           {"hourly_usd", RoundHourly(n.hourly_usd)}};
  // Only a plan compared with the recorded state (`nbc plan --state`) has these.
  if (!n.change.empty()) out["change"] = n.change;
  if (!n.change_reason.empty()) out["change_reason"] = n.change_reason;
  if (!n.pool.empty()) out["pool"] = n.pool;  // kind static only
  return out;
}

// `nbc plan --state`: the serial compared with, what goes, and the counts.
json StateJson(const ir::PlanEnvironment& e) {
  json removed = json::array();
  for (const ir::RemovedNode& r : e.removed_nodes)
    removed.push_back({{"address", r.address}, {"generation", r.generation}});
  std::map<std::string, int> changes{{"create", 0}, {"update", 0}, {"replace", 0}, {"delete", 0}};
  for (const ir::PlanNode& n : e.nodes)
    if (changes.count(n.change)) ++changes[n.change];
  changes["delete"] = static_cast<int>(e.removed_nodes.size());
  return {{"serial", *e.state_serial}, {"removed_nodes", removed}, {"changes", changes}};
}

json StackJson(const ir::Stack& s) {
  json environment = json::object();
  for (const ir::StackVariable& v : s.environment) environment[v.name] = v.param;
  return {{"runtime", s.runtime}, {"command", s.command}, {"port", s.port},
          {"user", s.user},       {"name", s.name},       {"service", s.service},
          {"environment", environment}};
}

json EnvironmentJson(const ir::PlanEnvironment& e, std::vector<const ir::ParamValue*>* placeholders) {
  json services = json::array(), node_types = json::array(), nodes = json::array(),
       rollout = json::array();
  for (const ir::PlanService& s : e.services) services.push_back(ServiceJson(s));
  for (const ir::PlanNodeType& t : e.node_types) node_types.push_back(NodeTypeJson(t));
  for (const ir::PlanNode& n : e.nodes) nodes.push_back(NodeJson(n, placeholders));
  for (const ir::RolloutStep& r : e.rollout)
    rollout.push_back({{"step", r.number}, {"action", r.action}, {"service", r.service},
                       {"node_types", r.node_types}});
  json out{{"name", e.name},         {"provider", e.provider}, {"region", e.region},
           {"version", e.version},   {"zones", e.zones},       {"labels", e.labels},
           {"services", services},   {"node_types", node_types}, {"nodes", nodes},
           {"rollout", rollout},     {"cost", Cost(e.hourly_usd)}};
  if (e.state_serial) out["state"] = StateJson(e);
  json gaps = json::array();
  for (const ir::AuditGap& g : e.audit_gaps) gaps.push_back({{"kind", g.kind}, {"service", g.service}});
  out["audit_gaps"] = gaps;
  if (!e.pools.empty()) out["pools"] = PoolsToJson(e.pools);
  return out;
}

// The plan without its environments, which go where `environments` is.
json PlanDocument(const ir::Plan& plan, json environments) {
  double total = 0;
  for (const ir::PlanEnvironment& e : plan.environments) total += e.hourly_usd;
  json inputs = json::array();
  for (const ir::PlanInput& i : plan.inputs)
    inputs.push_back({{"path", i.path}, {"sha256", i.sha256}});
  const ir::Packager& p = plan.packager;
  json out{{"format_version", plan.format_version},
           {"inputs", inputs},
           {"project", plan.project},
           {"labels", plan.labels},
           {"packager", {{"kind", p.kind}, {"bucket", p.bucket}, {"name", p.name},
                         {"sha256", p.sha256}, {"install_dir", p.install_dir}}},
           {"stack", StackJson(plan.stack)},
           {"required_audits", plan.required_audits},
           {"costs", CostsToJson(RollUpCosts(plan))},
           {"environments", std::move(environments)},
           {"cost", Cost(total)}};
  return out;
}

// Stands for the environments in the rest of the plan, and as dump() writes it.
constexpr const char* kEnvironmentsValue = "\x01nbc-environments-9b3e";
constexpr std::string_view kEnvironmentsDumped = "\"\\u0001nbc-environments-9b3e\"";

}  // namespace

void WritePlanJson(const ir::Plan& plan, const TextSink& sink) {
  // The rest of the plan, then one environment at a time, each built, dumped
  // and freed before the next: a fleet's plan is never one JSON document in
  // memory. Node parameters are written as text into the dump (param_json.h).
  // Inputs are valid UTF-8 (the loader checks); invalid UTF-8 is replaced,
  // as dump(…, replace) does, to guard the invariant.
  auto dump = [](const json& j) { return j.dump(2, ' ', false, json::error_handler_t::replace); };
  std::string rest = dump(PlanDocument(plan, kEnvironmentsValue));
  std::string_view token = kEnvironmentsDumped;
  size_t at = rest.find(token);
  if (at == std::string::npos || rest.find(token, at + 1) != std::string::npos) {
    // A user value that looks like the token: the whole plan as one document.
    json environments = json::array();
    for (const ir::PlanEnvironment& e : plan.environments) environments.push_back(EnvironmentJson(e, nullptr));
    sink(dump(PlanDocument(plan, std::move(environments))));
    sink("\n");
    return;
  }
  sink(std::string_view(rest).substr(0, at));
  if (plan.environments.empty()) sink("[]");
  for (size_t i = 0; i < plan.environments.size(); ++i) {
    sink(i == 0 ? "[\n    " : ",\n    ");
    const ir::PlanEnvironment& e = plan.environments[i];
    DumpWithParams([&](std::vector<const ir::ParamValue*>* placeholders) { return EnvironmentJson(e, placeholders); },
                   sink, 4);
    if (i + 1 == plan.environments.size()) sink("\n  ]");
  }
  sink(std::string_view(rest).substr(at + token.size()));
  sink("\n");
}

std::string PlanToJson(const ir::Plan& plan) {
  return CollectText([&](const TextSink& sink) { WritePlanJson(plan, sink); });
}

}  // namespace nbc::backends
