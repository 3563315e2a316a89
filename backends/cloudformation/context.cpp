// SPDX-License-Identifier: Apache-2.0
// What the CloudFormation resource builders of one environment share, and
// the checks of user values before any template is built.
#include "backends/cloudformation/context.h"

#include <algorithm>
#include <cctype>

#include "backends/cloudformation/intrinsics.h"
#include "backends/consistency.h"
#include "ir/visible_text.h"

namespace nbc::backends::cfn {
namespace {

// CloudFormation's limit of 50 tags per resource, minus the ones nbc sets on
// a node (Name, nbc:project, nbc:environment, nbc:node-type, nbc:address,
// nbc:generation).
constexpr size_t kMaxLabels = 50 - 6;

std::string Quoted(const std::string& s) { return ir::Visible("'" + s + "'"); }

bool IsBucketName(const std::string& b) {
  if (b.size() < 3 || b.size() > 63) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(b.front()) || !alnum(b.back())) return false;
  return std::all_of(b.begin(), b.end(), [&](char c) { return alnum(c) || c == '.' || c == '-'; });
}

bool StartsWithFolded(const std::string& s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

}  // namespace

std::string DescribeNode(const ir::PlanNode& node) { return "node " + ir::Visible(node.address); }
std::string DescribeNodeType(const std::string& name) { return "node type " + ir::Visible(name); }

json NodeMetadata(const ir::PlanNode& node) {
  return {{"nbc",
           {{"address", node.address},
            {"run_list", node.run_list},
            {"params_sha256", ParamsDigest(node.params)}}}};
}

Context::Context(const ir::Plan& plan, const ir::PlanEnvironment& env, ir::Diagnostics& diags)
    : plan(plan), env(env), diags(diags) {
  for (const ir::PlanNode& node : env.nodes) nodes_by_type_[node.node_type].push_back(&node);
}

const std::vector<const ir::PlanNode*>& Context::NodesOf(const std::string& node_type) const {
  static const std::vector<const ir::PlanNode*> kNone;
  auto it = nodes_by_type_.find(node_type);
  return it == nodes_by_type_.end() ? kNone : it->second;
}

bool Context::HasKind(const std::string& kind) const {
  return std::any_of(env.node_types.begin(), env.node_types.end(),
                     [&](const ir::PlanNodeType& t) { return t.kind == kind; });
}

bool Context::NeedsSecondarySubnet() const {
  bool spans = HasKind("rds") ||
               std::any_of(env.node_types.begin(), env.node_types.end(), [](const ir::PlanNodeType& t) {
                 return t.kind == "ec2" && t.load_balancer.has_value();
               });
  return spans && env.zones.size() < 2;
}

std::map<std::string, std::string> Context::CommonTags() const {
  std::map<std::string, std::string> tags = env.labels;
  tags["nbc:project"] = plan.project;
  tags["nbc:environment"] = env.name;
  return tags;
}

std::map<std::string, std::string> Context::NodeTypeTags(const std::string& node_type,
                                                         const std::string& name) const {
  auto tags = CommonTags();
  tags["Name"] = name;
  tags["nbc:node-type"] = node_type;
  return tags;
}

std::map<std::string, std::string> Context::NodeTags(const ir::PlanNode& node) const {
  auto tags = NodeTypeTags(node.node_type, node.hostname);
  tags["nbc:address"] = node.address;
  tags["nbc:generation"] = std::to_string(node.generation);
  return tags;
}

std::string Context::BucketKey(const std::string& relative) const {
  return plan.project + "/" + env.name + "/" + relative;
}

bool Context::CheckLiteral(const std::string& value, const std::string& what) const {
  if (value.find("{{resolve:") == std::string::npos) return true;
  diags.Error({}, what + " " + Quoted(value) + " would be read by cloudformation as a dynamic reference",
              "write a secret as `!secret NAME` in params; other values must not contain '{{resolve:'");
  return false;
}

bool Context::CheckInputs() const {
  size_t before = diags.error_count();
  const std::string env_what = "environment " + ir::Visible(env.name);
  if (env.labels.size() > kMaxLabels)
    diags.Error({},
                env_what + " has " + std::to_string(env.labels.size()) +
                    " labels; cloudformation resources take at most " + std::to_string(kMaxLabels),
                "nbc adds 6 tags of its own to the 50 a resource may carry; drop some labels");
  for (const auto& [key, value] : env.labels) {
    std::string what = "label " + Quoted(key) + " of " + env_what;
    if (key.empty() || key.size() > 128 || value.size() > 256)
      diags.Error({}, what + " does not fit an aws tag",
                  "tag keys are 1 to 128 characters and values at most 256");
    if (StartsWithFolded(key, "aws:") || StartsWithFolded(key, "nbc:") || key == "Name")
      diags.Error({}, what + " uses a tag key reserved for aws or nbc",
                  "keys starting with 'aws:' or 'nbc:' and 'Name' are set by aws and nbc; rename the label");
    CheckLiteral(key, what);
    CheckLiteral(value, "the value of " + what);
  }
  const std::string& bucket = plan.packager.bucket;
  if (!bucket.empty() && !IsBucketName(bucket))
    diags.Error(plan.packager.at, "packager bucket " + Quoted(bucket) + " is not an s3 bucket name",
                "use 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with "
                "a letter or digit");
  // The release's S3 key (in the instance role's policy) and the flavor
  // (InstanceType, DBInstanceClass) are user text in the template too.
  if (!plan.packager.bucket.empty() && !plan.packager.name.empty() && !env.version.empty()) {
    CheckLiteral(plan.packager.name, "packager name");
    CheckLiteral(env.version, "the version of " + env_what);
  }
  for (const ir::PlanNodeType& type : env.node_types) {
    CheckLiteral(type.flavor, "the flavor of " + DescribeNodeType(type.name));
    if (type.kind != "ec2" && type.kind != "rds")
      diags.Error({},
                  DescribeNodeType(type.name) + " has kind " + Quoted(type.kind) +
                      ", which the cloudformation backend cannot build",
                  "use kind ec2 or rds");
  }
  for (const ir::PlanNode& node : env.nodes) {
    bool known_zone = std::find(env.zones.begin(), env.zones.end(), node.zone) != env.zones.end();
    bool known_type = std::any_of(env.node_types.begin(), env.node_types.end(),
                                  [&](const ir::PlanNodeType& t) { return t.name == node.node_type; });
    if (!known_zone || !known_type)
      diags.Error({}, DescribeNode(node) + " names a zone or node type its environment does not have",
                  "this is a bug in nbc's planner; please report it with the input");
  }
  return diags.error_count() == before;
}

json Scope::Use(const std::string& id) {
  auto it = shared_.find(id);
  if (it == shared_.end()) return Ref(id);  // a builder bug; cfn-lint would name the Ref
  used_.insert(id);
  return nested_ ? Ref(id) : it->second.expression;
}

}  // namespace nbc::backends::cfn
