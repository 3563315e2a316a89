// SPDX-License-Identifier: Apache-2.0
// The Ansible backend: a static inventory per environment, in the structure of
// Ansible's `yaml` inventory plugin, written as JSON (which is YAML).
#pragma once

#include <string>
#include <string_view>

#include "backends/backend.h"

namespace nbc::backends {

// Writes, relative to the environment's folder (docs/backend-ansible.md):
//   ansible/inventory.json   all.hosts: every node that runs chef, with its
//                            merged parameters as host variables plus
//                            ansible_host; all.children: the groups env_*,
//                            node_type_*, zone_*, role_* and service_*.
// A string holding '{' is written {"__ansible_unsafe": "..."}, so Ansible
// never evaluates a configuration value as a Jinja template. A parameter Ansible
// would read as its own (ansible_*, a magic variable, a __ansible_* marker)
// is an error.
class AnsibleInventoryBackend : public Backend {
 public:
  std::string_view name() const override { return "ansible"; }
  void Emit(const ir::Plan& plan, OutputSet& out, ir::Diagnostics& diags) const override;
};

// "us-east-1a" → "us_east_1a": Ansible group names hold only [A-Za-z0-9_].
std::string AnsibleGroupName(std::string_view prefix, std::string_view name);

// The inventory of one environment; pretty-printed JSON ending in "\n".
// Problems (reserved names, group name collisions) go to `diags`.
std::string AnsibleInventoryJson(const ir::PlanEnvironment& env, ir::Diagnostics& diags);

}  // namespace nbc::backends
