// SPDX-License-Identifier: Apache-2.0
// Stack, seeding and load-balancer health in the plan.
#include "compiler/stack_plan.h"

#include <algorithm>

#include "ir/visible_text.h"

namespace nbc::compiler {
namespace {

const ir::NodeType* NodeTypeNamed(const ir::Model& model, const std::string& name) {
  for (const ir::NodeType& t : model.node_types)
    if (t.name == name) return &t;
  return nullptr;
}

bool Has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// One value per variable: a scalar or a secret. Reported once per node type.
void CheckVariables(const ir::Model& model, const ir::PlanEnvironment& env,
                    const ir::PlanNodeType& type, ir::Diagnostics& diags) {
  const ir::Stack& stack = model.project.stack;
  for (const ir::StackVariable& v : stack.environment) {
    for (const ir::PlanNode& node : env.nodes) {
      if (node.node_type != type.name) continue;
      const ir::ParamValue* value = node.params.Find(v.param);
      std::string where = "node " + node.address;
      if (!value || value->kind == ir::ParamKind::kNull) {
        diags.Error(v.at, "stack environment variable " + v.name + " reads parameter '" +
                              ir::Visible(v.param) + "', which " + where + " does not have",
                    "set it in a layer of that node, and declare its namespace in the params of "
                    "service '" + stack.service + "' so the node receives it");
        break;
      }
      if (!value->is_scalar()) {
        diags.Error(v.at, "stack environment variable " + v.name + " reads parameter '" +
                              ir::Visible(v.param) + "', which is a " +
                              (value->kind == ir::ParamKind::kList ? "list" : "mapping") + " on " + where,
                    "a variable holds one value: name a scalar, such as " + ir::Visible(v.param) + ".KEY");
        break;
      }
    }
  }
}

// The target group probes what the bootstrap probes: the http health check
// of the first service (in rollout order) on target_port.
void DeriveHealthCheck(const ir::PlanEnvironment& env, ir::PlanNodeType& type) {
  if (!type.load_balancer || type.load_balancer->health_check_explicit) return;
  ir::LoadBalancer& lb = *type.load_balancer;
  for (const std::string& name : type.services) {
    for (const ir::PlanService& s : env.services) {
      if (s.name != name || !s.health_check) continue;
      const ir::HealthCheck& h = *s.health_check;
      if (h.protocol != "http" || h.port != lb.target_port) continue;
      lb.health_check_path = h.path.starts_with("/") ? h.path : "/" + h.path;
      // A target group waits 2 to 120 seconds for one answer.
      lb.health_check_timeout_s = std::clamp(h.timeout_s, 2, 120);
      lb.health_check_from = s.name;
      return;
    }
  }
}

}  // namespace

void PlanStackSeedHealth(const ir::Model& model, ir::PlanEnvironment& env, ir::Diagnostics& diags) {
  const ir::Stack& stack = model.project.stack;
  for (ir::PlanNodeType& type : env.node_types) {
    const ir::NodeType* decl = NodeTypeNamed(model, type.name);
    if (!decl) continue;
    type.runs_stack = !stack.service.empty() && Has(type.services, stack.service) && type.kind != "rds";
    if (type.runs_stack && type.count > 0) CheckVariables(model, env, type, diags);
    if (decl->seed && decl->seed->from != env.name) {
      type.seed = decl->seed;
      // The first node in plan order: the first zone's index 1.
      for (const ir::PlanNode& node : env.nodes)
        if (node.node_type == type.name) {
          type.seed_node = node.address;
          break;
        }
    }
    DeriveHealthCheck(env, type);
  }
}

void CheckSeedSources(const ir::Model& model, ir::Diagnostics& diags) {
  for (const ir::NodeType& type : model.node_types) {
    if (!type.seed || type.seed->from.empty()) continue;
    for (const ir::Environment& e : model.environments)
      if (e.name == type.seed->from && e.decl.abstract)
        diags.Error(type.seed->from_at,
                    "the seed of node type '" + type.name + "' comes from environment '" + e.name +
                        "', which is abstract and holds no data",
                    "name a concrete environment, such as one that extends '" + e.name + "'");
  }
}

}  // namespace nbc::compiler
