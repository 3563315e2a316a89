// SPDX-License-Identifier: Apache-2.0
// Quoting for Ruby source.
#include "backends/ruby_quote.h"

namespace nbc::backends {

std::optional<std::string> RubyQuote(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c < 0x20 || c > 0x7e) return std::nullopt;  // char may be signed: bytes >= 0x80 are < 0
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace nbc::backends
