// SPDX-License-Identifier: Apache-2.0
// "Did you mean …?" hints: the closest known name by edit distance.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nbc::compiler {

// The candidate closest to `typo` if it is close enough to be a likely typo
// (distance ≤ max(1, len/3)); "" otherwise. Ties go to the first in order.
std::string ClosestName(std::string_view typo, const std::vector<std::string>& candidates);

// "did you mean 'x'?", or "" when nothing is close.
std::string DidYouMean(std::string_view typo, const std::vector<std::string>& candidates);

}  // namespace nbc::compiler
