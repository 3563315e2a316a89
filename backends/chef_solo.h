// SPDX-License-Identifier: Apache-2.0
// The chef-solo backend: a chef repository per environment (nodes, roles, the
// environment and solo.rb) for chef-solo in local mode. The bootstrap backend
// embeds the same bytes, so the file builders are public.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "backends/backend.h"

namespace nbc::backends {

// Writes, relative to the environment's folder (docs/backend-chef-solo.md):
//   chef/nodes/<hostname>.json      a Chef::Node per node not of kind rds
//   chef/roles/<service>.json       a Chef::Role per service on such a node
//   chef/environments/<env>.json    the Chef::Environment
//   chef/solo.rb                    chef-solo's configuration, relative paths
class ChefSoloBackend : public Backend {
 public:
  std::string_view name() const override { return "chef-solo"; }
  void Emit(const ir::Plan& plan, OutputSet& out, ir::Diagnostics& diags) const override;
};

// A managed database (kind rds) runs no chef: it gets no node file.
bool RunsChef(const ir::PlanNode& node);

// The services that get a role: those placed on at least one node that runs
// chef, in rollout order.
std::vector<const ir::PlanService*> ChefRoleServices(const ir::PlanEnvironment& env);

// A node's chef run list, role[<service>] in rollout order, and the chef
// environment of its nodes: what ChefNodeJson writes, for the backends that
// name them too.
std::vector<std::string> ChefRunList(const ir::PlanNode& node);
std::string ChefEnvironmentName(const ir::PlanEnvironment& env);

// The file contents; each is pretty-printed JSON (or Ruby) ending in "\n".
std::string ChefNodeJson(const ir::PlanEnvironment& env, const ir::PlanNode& node);
std::string ChefRoleJson(const ir::PlanService& service);
std::string ChefEnvironmentJson(const ir::Plan& plan, const ir::PlanEnvironment& env);
std::string ChefSoloRb();

// The names of the secrets a parameter tree refers to ({"$secret": NAME} in
// the JSON), each with where it was written first; sorted by name.
std::map<std::string, ir::SourceSpan> SecretNames(const ir::ParamValue& params);

}  // namespace nbc::backends
