// SPDX-License-Identifier: Apache-2.0
// The parameters of an environment's template.
#include "backends/cloudformation/parameters.h"

#include <algorithm>

#include "backends/cloudformation/logical_ids.h"
#include "ir/visible_text.h"

namespace nbc::backends::cfn {
namespace {

constexpr const char* kAmazonLinuxPath = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-";

bool IsAmiId(const std::string& s) {
  if (!s.starts_with("ami-") || s.size() < 12 || s.size() > 21) return false;
  return std::all_of(s.begin() + 4, s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// SSM parameter names: letters, digits and _.-/ ; a path starts with '/'.
bool IsSsmPath(const std::string& s) {
  if (s.size() < 2 || s.size() > 2048 || s[0] != '/') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-' || c == '/';
  });
}

void Add(Template& top, SharedValues& shared, const std::string& id, json definition,
         const std::string& nested_type, const std::string& what) {
  top.AddParameter(id, std::move(definition), what);
  shared[id] = {{{"Ref", id}}, nested_type};
}

void AddNetwork(const Context& cx, Template& top, SharedValues& shared) {
  Add(top, shared, ids::kVpc,
      {{"Type", "AWS::EC2::VPC::Id"},
       {"Description", "The VPC of the environment's security groups and target groups"}},
      "AWS::EC2::VPC::Id", "the vpc parameter");
  for (const std::string& zone : cx.env.zones)
    Add(top, shared, ids::Subnet(zone),
        {{"Type", "AWS::EC2::Subnet::Id"}, {"Description", "A subnet of the VPC in zone " + zone}},
        "AWS::EC2::Subnet::Id", "zone " + ir::Visible(zone));
  if (cx.NeedsSecondarySubnet())
    Add(top, shared, ids::kSecondarySubnet,
        {{"Type", "AWS::EC2::Subnet::Id"},
         {"Description",
          "A subnet in a second zone: load balancers and DB subnet groups span two "
          "zones, and this environment declares one"}},
        "AWS::EC2::Subnet::Id", "the secondary subnet parameter");
}

void AddBucket(const Context& cx, Template& top, SharedValues& shared) {
  json bucket = {{"Type", "String"},
                 {"Description", "The S3 bucket holding the build folder under " + cx.BucketKey("")},
                 // Also keeps the bucket name safe inside the user data's shell words.
                 {"AllowedPattern", "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"},
                 {"ConstraintDescription", "an S3 bucket name"}};
  if (!cx.plan.packager.bucket.empty()) bucket["Default"] = cx.plan.packager.bucket;
  Add(top, shared, ids::kArtifactBucket, std::move(bucket), "String", "the artifact bucket parameter");
}

void AddImage(const Context& cx, const ir::PlanNodeType& type, Template& top, SharedValues& shared) {
  if (IsAmiId(type.image)) return;  // written into the launch template as it is
  if (!type.image.empty() && !IsSsmPath(type.image)) {
    cx.diags.Error({},
                   "image " + ir::Visible("'" + type.image + "'") + " of " + DescribeNodeType(type.name) +
                       " is neither an ami id nor an ssm parameter path",
                   "write `image: ami-0123456789abcdef0` or a path such as "
                   "`/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64`");
    return;
  }
  std::string path = type.image.empty() ? DefaultImageParameter(type.flavor) : type.image;
  Add(top, shared, ids::Image(type.name),
      {{"Type", "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>"},
       {"Default", path},
       {"Description", "The SSM parameter holding the AMI of node type " + type.name}},
      "AWS::EC2::Image::Id", DescribeNodeType(type.name));
}

void AddCertificate(const ir::PlanNodeType& type, Template& top, SharedValues& shared) {
  Add(top, shared, ids::Certificate(type.name),
      {{"Type", "String"},
       {"Description", "The ARN of the ACM certificate of node type " + type.name + "'s HTTPS listener"},
       {"AllowedPattern", "^arn:aws[a-z-]*:(acm|iam):.+$"},
       {"ConstraintDescription", "an ACM or IAM certificate ARN"}},
      "String", DescribeNodeType(type.name));
}

}  // namespace

std::string DefaultImageParameter(const std::string& flavor) {
  // "m7gd.large": the letters after the generation digits name the options;
  // 'g' is Graviton. a1 is the first Graviton family and has no letter.
  std::string family = flavor.substr(0, flavor.find('.'));
  size_t digit = family.find_first_of("0123456789");
  bool arm = family == "a1" || (digit != std::string::npos && family.find('g', digit) != std::string::npos);
  return std::string(kAmazonLinuxPath) + (arm ? "arm64" : "x86_64");
}

void AddParameters(const Context& cx, Template& top, SharedValues& shared) {
  AddNetwork(cx, top, shared);
  AddBucket(cx, top, shared);
  if (cx.HasKind("ec2"))
    Add(top, shared, ids::kKeyName,
        {{"Type", "AWS::EC2::KeyPair::KeyName"}, {"Description", "The EC2 key pair of every instance"}},
        "AWS::EC2::KeyPair::KeyName", "the key pair parameter");
  for (const ir::PlanNodeType& type : cx.env.node_types) {
    if (type.kind != "ec2") continue;
    AddImage(cx, type, top, shared);
    if (type.load_balancer && type.load_balancer->protocol == "HTTPS") AddCertificate(type, top, shared);
  }
}

}  // namespace nbc::backends::cfn
