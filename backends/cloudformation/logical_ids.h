// SPDX-License-Identifier: Apache-2.0
// CloudFormation logical IDs: how every parameter, resource and output of a
// template is named from nbc names, in one place, and the check that no two
// of them collide.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "ir/diagnostic.h"
#include "ir/plan.h"

namespace nbc::backends::cfn {

// "us-east-1a" → "UsEast1a": each hyphen-separated part capitalized, anything
// that is not an ASCII letter or digit dropped (logical IDs are alphanumeric).
std::string CamelCase(std::string_view name);

// The naming scheme. Environment names never appear: a template holds one
// environment, so IDs stay short and equal across environments.
namespace ids {
inline constexpr const char* kVpc = "VpcId";
inline constexpr const char* kKeyName = "KeyName";
inline constexpr const char* kArtifactBucket = "ArtifactBucket";
// A subnet in a second availability zone, for single-zone environments that
// need a load balancer or a DB subnet group (both span two zones).
inline constexpr const char* kSecondarySubnet = "SubnetSecondary";
inline constexpr const char* kDbSubnetGroup = "DatabaseSubnetGroup";

std::string Subnet(std::string_view zone);              // SubnetUsEast1a
std::string Image(std::string_view node_type);          // ImageWeb
std::string Certificate(std::string_view node_type);    // CertificateWebArn
std::string SecurityGroup(std::string_view node_type);  // SecurityGroupWeb
std::string LoadBalancerSecurityGroup(std::string_view node_type);
std::string Role(std::string_view node_type);  // RoleWeb
std::string InstanceProfile(std::string_view node_type);
std::string LaunchTemplate(std::string_view node_type);
std::string LoadBalancer(std::string_view node_type);
std::string TargetGroup(std::string_view node_type);
std::string Listener(std::string_view node_type);
std::string Stack(std::string_view node_type);   // StackWeb (nested stack)
std::string Instance(const ir::PlanNode& node);  // InstanceWebUsEast1a1
std::string Database(const ir::PlanNode& node);  // DatabaseDbUsEast1a1
}  // namespace ids

// The logical IDs of one namespace of one template. IDs are compared without
// case: two IDs that differ only in case would confuse every reader.
class LogicalIds {
 public:
  // Records `id` as naming `what` ("node production/web/us-east-1a/1"). A
  // second claim of the same ID, or a malformed ID, is an error in `diags`.
  bool Claim(const std::string& id, const std::string& what, ir::Diagnostics& diags);

 private:
  std::map<std::string, std::pair<std::string, std::string>> by_folded_;  // folded → id, what
};

}  // namespace nbc::backends::cfn
