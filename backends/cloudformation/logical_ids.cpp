// SPDX-License-Identifier: Apache-2.0
// CloudFormation logical IDs: the naming scheme and the collision check.
#include "backends/cloudformation/logical_ids.h"

#include "ir/visible_text.h"

namespace nbc::backends::cfn {
namespace {

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string Folded(const std::string& id) {
  std::string out = id;
  for (char& c : out) c = Lower(c);
  return out;
}

// CloudFormation: alphanumeric, at most 255 characters. We also want a
// leading letter, which every prefix of the scheme provides.
bool IsValidId(const std::string& id) {
  if (id.empty() || id.size() > 255 || !((id[0] >= 'A' && id[0] <= 'Z') || (id[0] >= 'a' && id[0] <= 'z')))
    return false;
  for (char c : id)
    if (!IsAsciiAlnum(c)) return false;
  return true;
}

}  // namespace

std::string CamelCase(std::string_view name) {
  std::string out;
  bool start = true;
  for (char c : name) {
    if (!IsAsciiAlnum(c)) {
      start = true;
      continue;
    }
    out += start ? Upper(c) : c;
    start = false;
  }
  return out;
}

namespace ids {

std::string Subnet(std::string_view zone) { return "Subnet" + CamelCase(zone); }
std::string Image(std::string_view node_type) { return "Image" + CamelCase(node_type); }
std::string Certificate(std::string_view node_type) { return "Certificate" + CamelCase(node_type) + "Arn"; }
std::string SecurityGroup(std::string_view node_type) { return "SecurityGroup" + CamelCase(node_type); }
std::string LoadBalancerSecurityGroup(std::string_view node_type) {
  return "LoadBalancerSecurityGroup" + CamelCase(node_type);
}
std::string Role(std::string_view node_type) { return "Role" + CamelCase(node_type); }
std::string InstanceProfile(std::string_view node_type) { return "InstanceProfile" + CamelCase(node_type); }
std::string LaunchTemplate(std::string_view node_type) { return "LaunchTemplate" + CamelCase(node_type); }
std::string LoadBalancer(std::string_view node_type) { return "LoadBalancer" + CamelCase(node_type); }
std::string TargetGroup(std::string_view node_type) { return "TargetGroup" + CamelCase(node_type); }
std::string Listener(std::string_view node_type) { return "Listener" + CamelCase(node_type); }
std::string Stack(std::string_view node_type) { return "Stack" + CamelCase(node_type); }

// The hostname without the environment: the template is the environment's.
std::string Instance(const ir::PlanNode& node) {
  return "Instance" + CamelCase(node.node_type) + CamelCase(node.zone) + std::to_string(node.index);
}
std::string Database(const ir::PlanNode& node) {
  return "Database" + CamelCase(node.node_type) + CamelCase(node.zone) + std::to_string(node.index);
}

}  // namespace ids

bool LogicalIds::Claim(const std::string& id, const std::string& what, ir::Diagnostics& diags) {
  if (!IsValidId(id)) {
    diags.Error({},
                "cloudformation logical id " + ir::Visible("'" + id + "'") + " of " + what +
                    " is not 1 to 255 letters and digits starting with a letter",
                "nbc names become logical ids in CamelCase; use shorter names of letters, digits "
                "and hyphens");
    return false;
  }
  auto [it, inserted] = by_folded_.try_emplace(Folded(id), id, what);
  if (inserted) return true;
  diags.Error({},
              "cloudformation logical id '" + id + "' of " + what + " collides with '" + it->second.first +
                  "' of " + it->second.second,
              "logical ids are nbc names in CamelCase without hyphens (docs/backend-cloudformation.md); "
              "rename one of the two so that they differ");
  return false;
}

}  // namespace nbc::backends::cfn
