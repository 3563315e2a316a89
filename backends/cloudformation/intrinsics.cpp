// SPDX-License-Identifier: Apache-2.0
// Building blocks of CloudFormation JSON.
#include "backends/cloudformation/intrinsics.h"

namespace nbc::backends::cfn {

std::string SecretReference(const std::string& name, const std::string& field) {
  return "{{resolve:secretsmanager:" + name + field + "}}";
}

bool IsSecretName(const std::string& name) {
  if (name.empty() || name.size() > 512) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("/_+=.@-").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

json Tags(const std::map<std::string, std::string>& tags) {
  json list = json::array();
  for (const auto& [key, value] : tags) list.push_back({{"Key", key}, {"Value", value}});
  return list;
}

}  // namespace nbc::backends::cfn
