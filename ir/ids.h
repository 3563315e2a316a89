// SPDX-License-Identifier: Apache-2.0
// Typed indices into the Model's sorted tables. Ids are assigned after sorting
// by name, so id order is name order.
#pragma once

#include <compare>
#include <cstdint>

namespace nbc::ir {

template <class Tag>
struct Id {
  uint32_t index = UINT32_MAX;
  bool valid() const { return index != UINT32_MAX; }
  friend bool operator==(Id, Id) = default;
  friend auto operator<=>(Id, Id) = default;
};

using ServiceId = Id<struct ServiceTag>;
using NodeTypeId = Id<struct NodeTypeTag>;
using EnvironmentId = Id<struct EnvironmentTag>;
using GradeId = Id<struct GradeTag>;
using LayerId = Id<struct LayerTag>;
using PoolId = Id<struct PoolTag>;

}  // namespace nbc::ir
