// SPDX-License-Identifier: Apache-2.0
// What the CloudFormation resource builders of one environment share: the
// plan, the tags, where the artifacts live in the bucket, and the Scope
// through which a node type's resources refer to environment-wide ones.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "ir/diagnostic.h"
#include "ir/plan.h"

namespace nbc::backends::cfn {

using nlohmann::json;

// Reads one environment of the plan. Lives for one Emit.
class Context {
 public:
  Context(const ir::Plan& plan, const ir::PlanEnvironment& env, ir::Diagnostics& diags);

  const ir::Plan& plan;
  const ir::PlanEnvironment& env;
  ir::Diagnostics& diags;

  // Nodes of a node type in plan order (zone order, then index).
  const std::vector<const ir::PlanNode*>& NodesOf(const std::string& node_type) const;
  bool HasKind(const std::string& kind) const;
  // A load balancer or a DB subnet group spans two zones; a one-zone
  // environment then gets a parameter for a second subnet.
  bool NeedsSecondarySubnet() const;

  // Tags of every resource: nbc:project, nbc:environment and the labels.
  std::map<std::string, std::string> CommonTags() const;
  // Plus Name and nbc:node-type, for a node type's shared resources.
  std::map<std::string, std::string> NodeTypeTags(const std::string& node_type,
                                                  const std::string& name) const;
  // Plus Name (the hostname), nbc:address and nbc:generation.
  std::map<std::string, std::string> NodeTags(const ir::PlanNode& node) const;

  // "<project>/<environment>/<relative>": the object key of an artifact once
  // the executor has uploaded the environment's build folder (see docs).
  std::string BucketKey(const std::string& relative) const;

  // Checks of user values that reach templates as literals (labels, paths,
  // the bucket); problems are errors. True when all are usable.
  bool CheckInputs() const;
  // A string the template carries literally must not be read by
  // CloudFormation as a dynamic reference ("{{resolve:…}}" would fetch a
  // secret or parameter nbc never asked for). Reports and returns false.
  bool CheckLiteral(const std::string& value, const std::string& what) const;

 private:
  std::map<std::string, std::vector<const ir::PlanNode*>> nodes_by_type_;
};

// An environment-wide value a node type's resources use: a parameter, a
// security group, the DB subnet group. `expression` is how the top template
// refers to it; `nested_type` the parameter type a nested stack declares to
// receive it.
struct SharedValue {
  json expression;
  std::string nested_type;
};
using SharedValues = std::map<std::string, SharedValue>;

// How one node type's resources refer to shared values. In the single
// template, directly; in a nested stack, through a parameter of the same
// logical ID that the parent stack passes in. Scope records what was used.
class Scope {
 public:
  Scope(const SharedValues& shared, bool nested) : shared_(shared), nested_(nested) {}
  json Use(const std::string& id);
  const std::set<std::string>& used() const { return used_; }
  const SharedValues& shared() const { return shared_; }

 private:
  const SharedValues& shared_;
  bool nested_;
  std::set<std::string> used_;  // sorted: nested parameters come out in name order
};

// Metadata.nbc of a node's resource: {address, run_list, params_sha256}, the
// contract of backends/consistency.h.
json NodeMetadata(const ir::PlanNode& node);

// "node production/web/us-east-1a/1", "node type web": names in messages.
std::string DescribeNode(const ir::PlanNode& node);
std::string DescribeNodeType(const std::string& name);

}  // namespace nbc::backends::cfn
