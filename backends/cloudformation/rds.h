// SPDX-License-Identifier: Apache-2.0
// RDS node types: a DB subnet group per environment and one DB instance per
// node, with the master password as a Secrets Manager dynamic reference (or
// managed by RDS), snapshots on deletion and replacement, and the endpoint
// as outputs.
#pragma once

#include <optional>
#include <string>

#include "backends/cloudformation/context.h"
#include "backends/cloudformation/template.h"

namespace nbc::backends::cfn {

inline constexpr const char* kDefaultMasterUsername = "nbcadmin";

// A database's master login as found in its node's parameters: the one
// secret under a key named `password` (any depth), and a `username` next to
// it (a string or a secret). Several password secrets are an error.
struct MasterLogin {
  json username = kDefaultMasterUsername;
  std::optional<std::string> password_secret;  // none: RDS manages the password
};
std::optional<MasterLogin> FindMasterLogin(const Context& cx, const ir::PlanNode& node,
                                           const std::string& engine);

// The environment's DB subnet group, spanning every zone (top template).
void AddDbSubnetGroup(const Context& cx, Template& top, SharedValues& shared);

void AddDatabases(const Context& cx, const ir::PlanNodeType& type, Scope& scope, Template& into);

}  // namespace nbc::backends::cfn
