// SPDX-License-Identifier: Apache-2.0
// Making user values safe to show to reviewers in a terminal or a pull
// request: no control, bidi or line-separator character reaches the screen
// raw, and huge values are cut with a digest.
#pragma once

#include <string>
#include <string_view>

namespace nbc::ir {

inline constexpr size_t kMaxShownBytes = 200;

// Escapes C0/C1 controls, DEL, bidi overrides and isolates, zero-width marks
// and U+2028/U+2029 as \u{XXXX}; cuts values longer than kMaxShownBytes to a
// prefix plus "… (N bytes, sha256 abcd…)".
std::string Visible(std::string_view text);

}  // namespace nbc::ir
