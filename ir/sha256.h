// SPDX-License-Identifier: Apache-2.0
// SHA-256 (FIPS 180-4) of input bytes: the loader records each file's digest
// so plans and state can name exactly which inputs they were built from.
#pragma once

#include <string>
#include <string_view>

namespace nbc::ir {

// The digest as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view bytes);

}  // namespace nbc::ir
