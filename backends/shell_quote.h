// SPDX-License-Identifier: Apache-2.0
// Quoting for POSIX sh, used by every backend that writes shell scripts: a
// configuration value becomes one single-quoted word the shell never expands.
#pragma once

#include <string>
#include <string_view>

namespace nbc::backends {

// The value as one single-quoted sh word: 'value', each ' written '\''.
// Inside single quotes sh treats every byte literally ($, `, \, newlines,
// non-ASCII), so the word stands for exactly the bytes of `value`, except a
// NUL, which no shell string can hold (check with ShellSafe first). The empty
// value becomes ''.
std::string ShellQuote(std::string_view value);

// False if `value` cannot pass through sh unchanged (it holds a NUL byte).
bool ShellSafe(std::string_view value);

}  // namespace nbc::backends
