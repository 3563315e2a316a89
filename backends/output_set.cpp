// SPDX-License-Identifier: Apache-2.0
// OutputSet: the sorted set of generated files.
#include "backends/output_set.h"

#include <stdexcept>

namespace nbc::backends {

void OutputSet::Add(const std::string& path, std::string contents) {
  if (!files_.emplace(path, std::move(contents)).second)
    throw std::logic_error("two outputs for one path: " + path);
}

}  // namespace nbc::backends
