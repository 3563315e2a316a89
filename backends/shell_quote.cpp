// SPDX-License-Identifier: Apache-2.0
// Quoting for POSIX sh.
#include "backends/shell_quote.h"

namespace nbc::backends {

std::string ShellQuote(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 2);
  out += '\'';
  for (char c : value) {
    // A single quote cannot appear inside '...': close the quotes, add an
    // escaped quote, reopen.
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  out += '\'';
  return out;
}

bool ShellSafe(std::string_view value) { return value.find('\0') == std::string_view::npos; }

}  // namespace nbc::backends
