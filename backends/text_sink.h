// SPDX-License-Identifier: Apache-2.0
// Where a large text output goes, piece by piece: a file (through a buffer)
// or a string. plan.json of a fleet is gigabytes; writing it as it is made
// keeps it out of memory (bench/README.md).
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace nbc::backends {

using TextSink = std::function<void(std::string_view)>;

// Runs `write` with a sink that appends to a string, and returns it.
inline std::string CollectText(const std::function<void(const TextSink&)>& write) {
  std::string out;
  write([&out](std::string_view piece) { out += piece; });
  return out;
}

}  // namespace nbc::backends
