// SPDX-License-Identifier: Apache-2.0
// The outcome of a state operation: ok, or an error message (lower-case, what
// went wrong in the user's words) with a hint. State code never throws out.
#pragma once

#include <string>

namespace nbc::state {

struct Status {
  bool ok = true;
  std::string message;
  std::string hint;

  static Status Ok() { return {}; }
  static Status Error(std::string message, std::string hint = "") {
    return {false, std::move(message), std::move(hint)};
  }
  explicit operator bool() const { return ok; }
};

}  // namespace nbc::state
