// SPDX-License-Identifier: Apache-2.0
// "Did you mean …?" hints by Levenshtein distance.
#include "compiler/suggest.h"

#include <algorithm>

namespace nbc::compiler {
namespace {

// Optimal string alignment distance: insertions, deletions, substitutions
// and swaps of two neighbours each cost 1 ("cuont" is one edit from "count").
size_t EditDistance(std::string_view a, std::string_view b) {
  const size_t w = b.size() + 1;
  std::vector<size_t> d((a.size() + 1) * w);
  for (size_t i = 0; i <= a.size(); ++i) d[i * w] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t best = std::min({d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1,
                              d[(i - 1) * w + j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        best = std::min(best, d[(i - 2) * w + j - 2] + 1);
      d[i * w + j] = best;
    }
  }
  return d[a.size() * w + b.size()];
}

}  // namespace

std::string ClosestName(std::string_view typo, const std::vector<std::string>& candidates) {
  // Long inputs are not typos of short names; bound the work too.
  if (typo.size() > 64) return "";
  size_t limit = std::max<size_t>(1, typo.size() / 3);
  std::string best;
  size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    size_t d = EditDistance(typo, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::string DidYouMean(std::string_view typo, const std::vector<std::string>& candidates) {
  std::string best = ClosestName(typo, candidates);
  return best.empty() ? "" : "did you mean '" + best + "'?";
}

}  // namespace nbc::compiler
