// SPDX-License-Identifier: Apache-2.0
// The provenance sidecar: per environment, per node address, per parameter
// path, the origins lowest layer first; the last one set the value.
#include "backends/provenance_json.h"

#include <nlohmann/json.hpp>

namespace nbc::backends {
namespace {

using nlohmann::json;

json OriginJson(const ir::Plan& plan, const ir::Origin& o) {
  json out{{"layer", o.layer.valid() ? plan.layers.at(o.layer.index).name : ""}};
  if (!o.at.empty())
    out["at"] = plan.files.at(o.at.file) + ":" + std::to_string(o.at.line) + ":" +
                std::to_string(o.at.col);
  return out;
}

void Collect(const ir::Plan& plan, const ir::ParamValue& tree, const std::string& prefix,
             json& out) {
  for (const auto& [key, value] : tree.map) {
    std::string path = prefix.empty() ? key : prefix + "." + key;
    if (value.kind == ir::ParamKind::kMap && !value.map.empty()) {
      Collect(plan, value, path, out);
      continue;
    }
    json chain = json::array();
    for (const ir::Origin& o : value.overridden) chain.push_back(OriginJson(plan, o));
    chain.push_back(OriginJson(plan, value.origin));
    out[path] = chain;
  }
}

}  // namespace

std::string ProvenanceToJson(const ir::Plan& plan) {
  json environments = json::object();
  for (const ir::PlanEnvironment& e : plan.environments) {
    json nodes = json::object();
    for (const ir::PlanNode& n : e.nodes) {
      json params = json::object();
      Collect(plan, n.params, "", params);
      nodes[n.address] = {{"params", params}};
    }
    json node_types = json::object();
    for (const ir::PlanNodeType& t : e.node_types)
      node_types[t.name] = {{"flavor", t.flavor}, {"flavor_reason", t.flavor_reason}};
    environments[e.name] = {{"nodes", nodes}, {"node_types", node_types}};
  }
  json out{{"format_version", plan.format_version}, {"environments", environments}};
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace nbc::backends
