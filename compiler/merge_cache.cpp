// SPDX-License-Identifier: Apache-2.0
// Merges of shared layer prefixes, each computed once.
#include "compiler/merge_cache.h"

#include <algorithm>

#include "compiler/param_merge.h"

namespace nbc::compiler {

ir::ParamValue MergeCache::Merge(const ir::Model& model, const std::vector<ir::LayerId>& layers,
                                 size_t shared_cut, size_t local_cut,
                                 const std::function<void(const ir::ParamValue&)>& on_equal) {
  shared_cut = std::min(shared_cut, layers.size());
  local_cut = std::clamp(local_cut, shared_cut, layers.size());
  auto begin = layers.begin();
  // Copies below are cheap: parameter maps are shared until written (ir/cow_map.h).
  if (!has_local_ || local_key_.size() != local_cut || !std::equal(begin, begin + local_cut, local_key_.begin())) {
    Prefix shared_key(begin, begin + shared_cut);
    auto it = shared_.find(shared_key);
    if (it == shared_.end()) {
      ir::ParamValue merged;
      MergeInto(model, merged, {begin, begin + shared_cut}, on_equal);
      it = shared_.emplace(std::move(shared_key), std::move(merged)).first;
    }
    local_ = it->second;
    MergeInto(model, local_, {begin + shared_cut, begin + local_cut}, on_equal);
    local_key_.assign(begin, begin + local_cut);
    has_local_ = true;
  }
  ir::ParamValue merged = local_;
  MergeInto(model, merged, {begin + local_cut, layers.end()}, on_equal);
  return merged;
}

}  // namespace nbc::compiler
