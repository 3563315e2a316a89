// SPDX-License-Identifier: Apache-2.0
// Qualified names: an entity imported from a cloudlet is `mediawiki.web`
// (namespace '.' name). Where a name becomes a hostname part, a chef role, a
// file name or (CamelCased) a CloudFormation logical id, its flat form
// `mediawiki-web` is used; the compiler makes sure no two names of a kind have
// the same flat form (docs/cloudlets.md).
#pragma once

#include <string>
#include <string_view>

namespace nbc::ir {

// "mediawiki.web" → "mediawiki-web"; a name without a namespace is unchanged.
inline std::string FlatName(std::string_view name) {
  std::string out(name);
  for (char& c : out)
    if (c == '.') c = '-';
  return out;
}

}  // namespace nbc::ir
