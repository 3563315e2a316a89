// SPDX-License-Identifier: Apache-2.0
// Every backend that `nbc build` runs. Add a backend here, in one line.
#include "backends/registry.h"

#include "backends/bootstrap.h"
#include "backends/chef_solo.h"
#include "backends/cloudformation/cloudformation.h"
#include "backends/dot.h"
#include "backends/plan_files.h"

namespace nbc::backends {

std::vector<std::unique_ptr<Backend>> AllBackends() {
  std::vector<std::unique_ptr<Backend>> all;
  all.push_back(std::make_unique<PlanJsonBackend>());
  all.push_back(std::make_unique<PlanTextBackend>());
  all.push_back(std::make_unique<DotBackend>());
  all.push_back(std::make_unique<ChefSoloBackend>());
  all.push_back(std::make_unique<BootstrapBackend>());
  all.push_back(std::make_unique<CloudFormationBackend>());
  return all;
}

ir::Plan SingleEnvironment(const ir::Plan& plan, size_t index) {
  ir::Plan one;
  one.format_version = plan.format_version;
  one.project = plan.project;
  one.labels = plan.labels;
  one.packager = plan.packager;
  one.stack = plan.stack;
  one.files = plan.files;
  one.layers = plan.layers;
  one.environments = {plan.environments.at(index)};
  return one;
}

}  // namespace nbc::backends
