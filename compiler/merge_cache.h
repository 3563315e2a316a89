// SPDX-License-Identifier: Apache-2.0
// MergeCache: merged parameter layers that many nodes share, computed once
// per plan (bench/README.md). The planner merges each node type's layers
// once per zone; most of those layers are the same for every zone (the
// services, node type, grade and environment chain) and many for every
// environment (the services, node type and grade).
#pragma once

#include <functional>
#include <map>
#include <vector>

#include "ir/model.h"

namespace nbc::compiler {

// Lives for one BuildPlan. Results are exactly MergeLayers(model, layers):
// a merge is resumed from a cached merge of a prefix of the same layers.
class MergeCache {
 public:
  // Merges `layers`. The merge of layers[0, shared_cut) is kept for the
  // whole plan; that of layers[0, local_cut) only until the next call with
  // another such prefix (one node type of one environment at a time).
  // `on_equal` as in MergeLayers; a cached prefix reported its values when
  // it was first merged.
  ir::ParamValue Merge(const ir::Model& model, const std::vector<ir::LayerId>& layers,
                       size_t shared_cut, size_t local_cut,
                       const std::function<void(const ir::ParamValue&)>& on_equal);

 private:
  using Prefix = std::vector<ir::LayerId>;
  std::map<Prefix, ir::ParamValue> shared_;
  Prefix local_key_;
  ir::ParamValue local_;
  bool has_local_ = false;
};

}  // namespace nbc::compiler
