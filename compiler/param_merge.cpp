// SPDX-License-Identifier: Apache-2.0
// The parameter hierarchy of one node: layer order and deep merge.
#include "compiler/param_merge.h"

namespace nbc::compiler {

std::vector<ir::LayerId> NodeLayers(const ir::Model& model, const ir::Environment& env,
                                    const ir::ResolvedNodeType& node_type,
                                    const ir::ResolvedZone& zone,
                                    const std::vector<ir::ServiceId>& run_list) {
  std::vector<ir::LayerId> layers;
  for (ir::ServiceId s : run_list) layers.push_back(model.service(s).layer);
  const ir::NodeType& type = model.node_type(node_type.node_type);
  layers.push_back(type.layer);
  if (type.grade.valid()) layers.push_back(model.grade(type.grade).layer);
  for (ir::EnvironmentId id : env.chain) layers.push_back(model.environment(id).decl.layer);
  layers.insert(layers.end(), node_type.layers.begin(), node_type.layers.end());
  layers.insert(layers.end(), zone.layers.begin(), zone.layers.end());
  return layers;
}

ir::ParamValue MergeLayers(const ir::Model& model, const std::vector<ir::LayerId>& layers,
                           const std::function<void(const ir::ParamValue&)>& on_equal) {
  ir::ParamValue merged;
  for (ir::LayerId id : layers) {
    const ir::ParamValue& params = model.layer(id).params;
    if (merged.map.empty()) merged.origin = params.origin;
    ir::MergeLayer(merged, params, on_equal);
  }
  return merged;
}

}  // namespace nbc::compiler
