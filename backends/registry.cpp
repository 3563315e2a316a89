// SPDX-License-Identifier: Apache-2.0
// Every backend that `nbc build` runs. Add a backend here, in one line.
#include "backends/registry.h"

#include "backends/ansible_inventory.h"
#include "backends/bootstrap.h"
#include "backends/chef_solo.h"
#include "backends/cloudformation/cloudformation.h"
#include "backends/consul_kv.h"
#include "backends/dot.h"
#include "backends/plan_files.h"
#include "backends/vagrant.h"

namespace nbc::backends {

std::vector<std::unique_ptr<Backend>> AllBackends(const BackendOptions& options) {
  std::vector<std::unique_ptr<Backend>> all;
  all.push_back(std::make_unique<PlanJsonBackend>());
  all.push_back(std::make_unique<PlanTextBackend>());
  all.push_back(std::make_unique<DotBackend>());
  all.push_back(std::make_unique<ChefSoloBackend>());
  all.push_back(std::make_unique<BootstrapBackend>());
  all.push_back(std::make_unique<CloudFormationBackend>());
  all.push_back(std::make_unique<AnsibleInventoryBackend>());
  all.push_back(std::make_unique<ConsulKvBackend>());
  all.push_back(std::make_unique<VagrantBackend>(options.vagrant_compact));
  return all;
}

ir::Plan SingleEnvironment(const ir::Plan& plan, size_t index) {
  ir::Plan one;
  one.format_version = plan.format_version;
  one.project = plan.project;
  one.labels = plan.labels;
  one.packager = plan.packager;
  one.stack = plan.stack;
  one.required_audits = plan.required_audits;
  one.files = plan.files;
  one.inputs = plan.inputs;
  one.layers = plan.layers;
  one.environments = {plan.environments.at(index)};
  return one;
}

}  // namespace nbc::backends
