// SPDX-License-Identifier: Apache-2.0
// Every backend that `nbc build` runs, in a fixed order.
#pragma once

#include <memory>
#include <vector>

#include "backends/backend.h"

namespace nbc::backends {

// Options of `nbc build` that change what a backend writes.
struct BackendOptions {
  bool vagrant_compact = false;  // --compact: one Vagrant machine per node type
};

// Each backend's Emit receives a Plan with exactly one environment and adds
// paths relative to that environment's output folder ("chef/solo.rb").
std::vector<std::unique_ptr<Backend>> AllBackends(const BackendOptions& options = {});

// A copy of `plan` that holds only environment `index`.
ir::Plan SingleEnvironment(const ir::Plan& plan, size_t index);

}  // namespace nbc::backends
