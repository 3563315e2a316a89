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
  // Label layers (Larry): customer < app < instance, as the environment's
  // labels select them; label_layers is sorted that way.
  for (const ir::LabelLayer& l : model.project.label_layers) {
    auto it = env.labels.find(l.key);
    if (it != env.labels.end() && it->second == l.value) layers.push_back(l.layer);
  }
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
  MergeInto(model, merged, layers, on_equal);
  return merged;
}

void MergeInto(const ir::Model& model, ir::ParamValue& merged, std::span<const ir::LayerId> layers,
               const std::function<void(const ir::ParamValue&)>& on_equal) {
  for (ir::LayerId id : layers) {
    const ir::ParamValue& params = model.layer(id).params;
    if (merged.map.empty()) merged.origin = params.origin;
    ir::MergeLayer(merged, params, on_equal);
  }
}

}  // namespace nbc::compiler
