// SPDX-License-Identifier: Apache-2.0
// The parameter hierarchy of one node (SPEC §3): which layers apply, lowest
// precedence first, and their deep merge.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "ir/model.h"

namespace nbc::compiler {

// service defaults (in run-list order) → the labels' layers (customer, app,
// instance) → node type → grade → environment
// chain (base first) → the chain's overrides of this node type → the chain's
// params for this zone.
std::vector<ir::LayerId> NodeLayers(const ir::Model& model, const ir::Environment& env,
                                    const ir::ResolvedNodeType& node_type,
                                    const ir::ResolvedZone& zone,
                                    const std::vector<ir::ServiceId>& run_list);

// Merges the layers in order. `on_equal` sees each value that equals what it
// overrides (the useless-override lint).
ir::ParamValue MergeLayers(const ir::Model& model, const std::vector<ir::LayerId>& layers,
                           const std::function<void(const ir::ParamValue&)>& on_equal = nullptr);

// Continues a merge: applies `layers` in order onto `merged`, the merge of
// the layers before them (empty for none). MergeLayers is MergeInto from {}.
void MergeInto(const ir::Model& model, ir::ParamValue& merged, std::span<const ir::LayerId> layers,
               const std::function<void(const ir::ParamValue&)>& on_equal = nullptr);

}  // namespace nbc::compiler
