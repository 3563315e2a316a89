// SPDX-License-Identifier: Apache-2.0
// Quoting for Ruby source, used by the backends that write Ruby (the
// Vagrantfile): a configuration value becomes one single-quoted literal.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nbc::backends {

// The value as a single-quoted Ruby literal: 'value', with \ written \\ and '
// written \'. Inside single quotes Ruby interprets only those two escapes:
// no #{} interpolation, no other backslash sequence. Only printable ASCII
// (0x20-0x7e) is accepted: a newline, another control character, invalid
// UTF-8 or a bidirectional override has no business in a Vagrantfile and
// would hide from a reviewer; for such a value the result is empty.
std::optional<std::string> RubyQuote(std::string_view value);

}  // namespace nbc::backends
