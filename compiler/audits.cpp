// SPDX-License-Identifier: Apache-2.0
// Audit coverage and the targets of remote audits (docs/audits.md).
#include "compiler/audits.h"

#include <algorithm>
#include <map>

namespace nbc::compiler {
namespace {

const ir::Service* ServiceNamed(const ir::Model& model, const std::string& name) {
  auto it = std::lower_bound(model.services.begin(), model.services.end(), name,
                             [](const ir::Service& s, const std::string& n) { return s.name < n; });
  return it != model.services.end() && it->name == name ? &*it : nullptr;
}

ir::ParamValue Text(const std::string& text, const ir::Origin& origin) {
  return ir::ParamValue{.kind = ir::ParamKind::kString, .text = text, .origin = origin};
}

ir::ParamValue Int(int64_t value, const ir::Origin& origin) {
  return ir::ParamValue{.kind = ir::ParamKind::kInt, .int_value = value, .origin = origin};
}

ir::ParamValue Target(const ir::PlanService& service, const ir::PlanNode& node,
                      const ir::Origin& origin) {
  ir::ParamValue ports{.kind = ir::ParamKind::kList, .origin = origin};
  for (const ir::Port& p : service.ports) {
    ir::ParamValue port{.kind = ir::ParamKind::kMap, .origin = origin};
    port.map.emplace("port", Int(p.port, origin));
    port.map.emplace("protocol", Text(p.protocol, origin));
    ports.list.push_back(std::move(port));
  }
  ir::ParamValue target{.kind = ir::ParamKind::kMap, .origin = origin};
  target.map.emplace("service", Text(service.name, origin));
  target.map.emplace("host", Text(node.hostname, origin));
  target.map.emplace("address", Text(node.address, origin));
  target.map.emplace("node_type", Text(node.node_type, origin));
  target.map.emplace("zone", Text(node.zone, origin));
  target.map.emplace("kind", Text(node.kind, origin));
  target.map.emplace("ports", std::move(ports));
  return target;
}

}  // namespace

std::vector<ir::AuditGap> FindAuditGaps(const ir::Model& model,
                                        const std::vector<ir::ServiceId>& closure,
                                        const ir::PlanEnvironment& env) {
  std::vector<ir::AuditGap> gaps;
  for (const std::string& kind : model.project.required_audits) {
    // What the deployed auditors of this kind cover, by service index: one
    // pass over the closure, however many services there are.
    std::vector<bool> covered(model.services.size(), false);
    for (ir::ServiceId a : closure) {
      const ir::Service& auditor = model.service(a);
      if (auditor.audit_kind != kind) continue;
      for (const ir::ServiceRef& r : auditor.audits) covered[r.id.index] = true;
    }
    // env.services is in rollout order, so gaps list the way the plan does.
    for (const ir::PlanService& ps : env.services) {
      const ir::Service* s = ServiceNamed(model, ps.name);
      if (!s || !s->audit_kind.empty()) continue;  // auditors need no audit themselves
      if (!covered[static_cast<size_t>(s - model.services.data())]) gaps.push_back({kind, ps.name});
    }
  }
  return gaps;
}

void AddAuditTargets(const ir::Model& model, ir::PlanEnvironment& env) {
  std::map<std::string, const ir::PlanService*> services;
  for (const ir::PlanService& s : env.services) services.emplace(s.name, &s);
  for (const ir::PlanService& audit : env.services) {
    const ir::Service* s = ServiceNamed(model, audit.name);
    if (!s || !s->audit_layer) continue;
    ir::Origin origin{*s->audit_layer, model.layer(*s->audit_layer).params.origin.at};
    // Nodes in plan order, each node's audited services in run-list order:
    // one pass over the nodes, however many services the audit covers.
    ir::ParamValue targets{.kind = ir::ParamKind::kList, .origin = origin};
    for (const ir::PlanNode& node : env.nodes)
      for (const std::string& name : node.run_list)
        if (std::binary_search(audit.audits.begin(), audit.audits.end(), name))
          targets.list.push_back(Target(*services.at(name), node, origin));
    for (ir::PlanNode& node : env.nodes) {
      if (std::find(node.run_list.begin(), node.run_list.end(), audit.name) == node.run_list.end())
        continue;
      ir::ParamValue& ns = node.params.map["audit_targets"];
      ns.kind = ir::ParamKind::kMap;
      ns.origin = origin;
      ns.map.insert_or_assign(audit.name, targets);
    }
  }
}

}  // namespace nbc::compiler
