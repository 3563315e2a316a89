// SPDX-License-Identifier: Apache-2.0
// EC2 node types: role, instance profile, launch template, instances.
#include "backends/cloudformation/instances.h"

#include <set>

#include "backends/cloudformation/intrinsics.h"
#include "backends/cloudformation/logical_ids.h"
#include "backends/param_json.h"
#include "ir/visible_text.h"

namespace nbc::backends::cfn {
namespace {

void CollectSecrets(const ir::ParamValue& v, std::set<std::string>& out) {
  if (v.kind == ir::ParamKind::kSecret) out.insert(v.text);
  for (const ir::ParamValue& item : v.list) CollectSecrets(item, out);
  for (const auto& [key, value] : v.map) CollectSecrets(value, out);
}

json PolicyDocument(json statements) {
  return {{"Version", "2012-10-17"}, {"Statement", std::move(statements)}};
}

// What the bootstrap reads: the environment's bootstraps, the release
// tarball (from packager.bucket, as the bootstrap does) and the secrets the
// node type's parameters name. Nothing else.
json BootstrapStatements(const Context& cx, const ir::PlanNodeType& type, Scope& scope) {
  json statements = json::array();
  statements.push_back({{"Sid", "Bootstraps"},
                        {"Effect", "Allow"},
                        {"Action", "s3:GetObject"},
                        {"Resource", Sub("arn:${AWS::Partition}:s3:::${Bucket}/${Key}",
                                         {{"Bucket", scope.Use(ids::kArtifactBucket)},
                                          {"Key", cx.BucketKey("bootstrap/*")}})}});
  const ir::Packager& packager = cx.plan.packager;
  if (!packager.bucket.empty() && !packager.name.empty() && !cx.env.version.empty())
    statements.push_back({{"Sid", "Release"},
                          {"Effect", "Allow"},
                          {"Action", "s3:GetObject"},
                          {"Resource", Sub("arn:${AWS::Partition}:s3:::${Bucket}/${Key}",
                                           {{"Bucket", packager.bucket},
                                            {"Key", packager.name + "-" + cx.env.version + ".tar.gz"}})}});
  std::set<std::string> secrets;
  const ir::ParamValue* last = nullptr;  // nodes that share a tree share its secrets
  for (const ir::PlanNode* node : cx.NodesOf(type.name)) {
    if (last && SameTree(*last, node->params)) continue;
    last = &node->params;
    CollectSecrets(node->params, secrets);
  }
  json arns = json::array();
  for (const std::string& name : secrets) {
    if (!IsSecretName(name)) {
      cx.diags.Error({},
                     "secret name " + ir::Visible("'" + name + "'") + " used by " +
                         DescribeNodeType(type.name) + " cannot be granted in an iam policy",
                     "use 1 to 512 letters, digits and /_+=.@- in secret names");
      continue;
    }
    // Secrets Manager appends "-" and six random characters to a secret's ARN.
    arns.push_back(
        Sub("arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${Name}-??????",
            {{"Name", name}}));
  }
  if (!arns.empty())
    statements.push_back({{"Sid", "Secrets"},
                          {"Effect", "Allow"},
                          {"Action", "secretsmanager:GetSecretValue"},
                          {"Resource", arns}});
  return statements;
}

void AddRole(const Context& cx, const ir::PlanNodeType& type, Scope& scope, Template& into) {
  json assume =
      PolicyDocument(json::array({{{"Effect", "Allow"},
                                   {"Principal", {{"Service", Sub("ec2.${AWS::URLSuffix}", json::object())}}},
                                   {"Action", "sts:AssumeRole"}}}));
  json policy = {{"PolicyName", "nbc-bootstrap"},
                 {"PolicyDocument", PolicyDocument(BootstrapStatements(cx, type, scope))}};
  std::string what = "the role of " + DescribeNodeType(type.name);
  into.AddResource(ids::Role(type.name),
                   {{"Type", "AWS::IAM::Role"},
                    {"Properties",
                     {{"AssumeRolePolicyDocument", assume},
                      {"Policies", json::array({policy})},
                      {"Tags", Tags(cx.NodeTypeTags(type.name, type.name + "-" + cx.env.name))}}}},
                   what);
  into.AddResource(ids::InstanceProfile(type.name),
                   {{"Type", "AWS::IAM::InstanceProfile"},
                    {"Properties", {{"Roles", json::array({Ref(ids::Role(type.name))})}}}},
                   what);
}

json ImageId(const ir::PlanNodeType& type, Scope& scope) {
  if (scope.shared().count(ids::Image(type.name))) return scope.Use(ids::Image(type.name));
  return type.image;  // an AMI id (parameters.cpp decided)
}

void AddLaunchTemplate(const Context& cx, const ir::PlanNodeType& type, Scope& scope, Template& into) {
  auto tags = Tags(cx.NodeTypeTags(type.name, type.name + "-" + cx.env.name));
  json data = {{"ImageId", ImageId(type, scope)},
               {"InstanceType", type.flavor},
               {"KeyName", scope.Use(ids::kKeyName)},
               {"IamInstanceProfile", {{"Arn", GetAtt(ids::InstanceProfile(type.name), "Arn")}}},
               {"SecurityGroupIds", json::array({scope.Use(ids::SecurityGroup(type.name))})},
               // IMDSv2 only: a request forger on the host cannot read the role's credentials.
               {"MetadataOptions", {{"HttpTokens", "required"}, {"HttpEndpoint", "enabled"}}},
               {"TagSpecifications", json::array({{{"ResourceType", "volume"}, {"Tags", tags}}})}};
  into.AddResource(
      ids::LaunchTemplate(type.name),
      {{"Type", "AWS::EC2::LaunchTemplate"},
       {"Properties",
        {{"LaunchTemplateData", data},
         {"TagSpecifications", json::array({{{"ResourceType", "launch-template"}, {"Tags", tags}}})}}}},
      "the launch template of " + DescribeNodeType(type.name));
}

}  // namespace

json UserData(const Context& cx, const ir::PlanNode& node, Scope& scope) {
  // Retries cover an instance profile that is not usable yet right after boot.
  json script = Sub(
      "#!/bin/sh\n"
      "# nbc: fetch this node's bootstrap from the artifact bucket and run it\n"
      "# (docs/backend-cloudformation.md).\n"
      "set -eu\n"
      "umask 077\n"
      "mkdir -p /var/lib/nbc\n"
      "tries=0\n"
      "until aws --region \"${AWS::Region}\" s3 cp \"s3://${Bucket}/${Key}\" /var/lib/nbc/bootstrap.sh; do\n"
      "  tries=$((tries + 1))\n"
      "  [ \"$tries\" -lt 30 ] || exit 1\n"
      "  sleep 10\n"
      "done\n"
      "exec sh /var/lib/nbc/bootstrap.sh\n",
      {{"Bucket", scope.Use(ids::kArtifactBucket)},
       {"Key", cx.BucketKey("bootstrap/" + node.hostname + ".sh")}});
  return {{"Fn::Base64", script}};
}

void AddInstances(const Context& cx, const ir::PlanNodeType& type, Scope& scope, Template& into) {
  AddRole(cx, type, scope, into);
  AddLaunchTemplate(cx, type, scope, into);
  const std::string lt = ids::LaunchTemplate(type.name);
  for (const ir::PlanNode* node : cx.NodesOf(type.name)) {
    json properties = {
        {"LaunchTemplate", {{"LaunchTemplateId", Ref(lt)}, {"Version", GetAtt(lt, "LatestVersionNumber")}}},
        {"SubnetId", scope.Use(ids::Subnet(node->zone))},
        {"AvailabilityZone", node->zone},
        {"UserData", UserData(cx, *node, scope)},
        {"Tags", Tags(cx.NodeTags(*node))}};
    into.AddResource(
        ids::Instance(*node),
        {{"Type", "AWS::EC2::Instance"}, {"Metadata", NodeMetadata(*node)}, {"Properties", properties}},
        DescribeNode(*node));
  }
}

}  // namespace nbc::backends::cfn
