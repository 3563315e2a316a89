// SPDX-License-Identifier: Apache-2.0
// Making user values safe to show to reviewers in a terminal or a pull
// request: no control, bidi or line-separator character reaches the screen
// raw, and huge values are cut with a digest.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace nbc::ir {

inline constexpr size_t kMaxShownBytes = 200;

// Escapes C0/C1 controls, DEL, bidi marks, overrides and isolates, zero-width
// and other invisible format characters (soft hyphen, word joiner, tag
// characters U+E0000–U+E007F) and U+2028/U+2029 as \u{XXXX}; cuts values
// longer than kMaxShownBytes to a prefix plus "… (N bytes, sha256 abcd…)".
std::string Visible(std::string_view text);

// The same escapes without the cut, for text that nbc composed around
// already Visible() values (diagnostics): applying it twice changes nothing.
std::string VisibleUncut(std::string_view text);

// Whether Visible() escapes the code point; for writers with escapes of
// their own (YAML's \uXXXX in `nbc env show`).
bool IsInvisible(uint32_t code_point);

}  // namespace nbc::ir
