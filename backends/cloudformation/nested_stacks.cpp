// SPDX-License-Identifier: Apache-2.0
// Splitting an environment into a parent template and nested stacks.
#include "backends/cloudformation/nested_stacks.h"

#include <algorithm>

#include "backends/cloudformation/intrinsics.h"
#include "backends/cloudformation/logical_ids.h"
#include "ir/names.h"

namespace nbc::backends::cfn {
namespace {

bool IsFileName(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

void CheckFits(const Context& cx, const Template& t, const Limits& limits, const std::string& path,
               const std::string& hint) {
  std::string over = t.CheckLimits(limits);
  if (!over.empty())
    cx.diags.Error({}, "cloudformation template " + path + " is too large even as nested stacks: " + over,
                   hint);
}

// The nested stack resource: where its template lives once the executor has
// uploaded the build folder, and the shared values it asked for.
json StackResource(const Context& cx, const std::string& relative_path, const Scope& scope) {
  json parameters = json::object();
  for (const std::string& id : scope.used()) parameters[id] = scope.shared().at(id).expression;
  json url = Sub("https://${Bucket}.s3.${AWS::Region}.${AWS::URLSuffix}/${Key}",
                 {{"Bucket", Ref(ids::kArtifactBucket)}, {"Key", cx.BucketKey(relative_path)}});
  return {
      {"Type", "AWS::CloudFormation::Stack"},
      {"Properties", {{"TemplateURL", url}, {"Parameters", parameters}, {"Tags", Tags(cx.CommonTags())}}}};
}

}  // namespace

void EmitNested(const Context& cx, const Limits& limits, const SharedValues& shared, Template& parent,
                const NodeTypeBuilder& build, OutputSet& out) {
  const size_t errors_before = cx.diags.error_count();
  const std::string parent_path = "cloudformation/" + cx.env.name + ".json";
  std::vector<std::pair<std::string, std::string>> files;  // path → text, written last
  for (const ir::PlanNodeType& type : cx.env.node_types) {
    if (!IsFileName(ir::FlatName(type.name))) {
      cx.diags.Error({}, DescribeNodeType(type.name) + " cannot name a nested stack template file",
                     "node type names are lower-case letters, digits and hyphens");
      continue;
    }
    const std::string path = "cloudformation/" + cx.env.name + "/" + ir::FlatName(type.name) + ".json";
    Template child("nbc " + cx.plan.project + " " + cx.env.name + ": node type " + type.name +
                       " (nested stack of " + parent_path + ")",
                   cx.diags);
    Scope scope(shared, /*nested=*/true);
    build(type, scope, child);
    for (const std::string& id : scope.used())
      child.AddParameter(
          id, {{"Type", shared.at(id).nested_type}, {"Description", "Passed in by the parent stack"}},
          "a value the parent stack passes in");
    CheckFits(cx, child, limits, path,
              "split " + DescribeNodeType(type.name) + " into several node types with fewer nodes each");
    std::string stack = ids::Stack(type.name);
    parent.AddResource(stack, StackResource(cx, path, scope),
                       "the nested stack of " + DescribeNodeType(type.name));
    for (const auto& [name, output] : child.outputs().items())
      parent.AddOutput(
          name,
          {{"Description", output.value("Description", "")}, {"Value", GetAtt(stack, "Outputs." + name)}},
          "an output of " + DescribeNodeType(type.name));
    files.emplace_back(path, child.Text());
  }
  CheckFits(cx, parent, limits, parent_path,
            "the parent stack holds a security group per node type and a nested stack per node type; "
            "split the environment into several environments");
  files.emplace_back(parent_path, parent.Text());
  if (cx.diags.error_count() != errors_before) return;
  for (auto& [path, text] : files) out.Add(path, std::move(text));
}

}  // namespace nbc::backends::cfn
