// SPDX-License-Identifier: Apache-2.0
// The backend interface: a backend reads the Plan and adds files to an
// OutputSet. It never sees YAML and never touches the file system.
#pragma once

#include <string_view>

#include "backends/output_set.h"
#include "ir/diagnostic.h"
#include "ir/plan.h"

namespace nbc::backends {

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string_view name() const = 0;  // "chef-solo"
  virtual void Emit(const ir::Plan& plan, OutputSet& out, ir::Diagnostics& diags) const = 0;
};

}  // namespace nbc::backends
