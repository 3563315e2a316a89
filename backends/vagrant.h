// SPDX-License-Identifier: Apache-2.0
// The Vagrant backend: the production topology of an environment as local
// virtual machines, provisioned by Vagrant's chef_solo provisioner from the
// chef-solo backend's files (Nepho's Vagrant provider).
#pragma once

#include <string>

#include "backends/backend.h"

namespace nbc::backends {

// The box of a machine whose node sets no `vagrant.box` parameter.
inline constexpr const char* kDefaultVagrantBox = "debian/bookworm64";

// Writes, relative to the environment's folder (docs/backend-vagrant.md):
//   vagrant/Vagrantfile   one machine per node that runs chef, or with
//                         `compact` one per node type (its first node), each
//                         with a private-network address from 192.168.56.10
//                         on, and the chef_solo provisioner reading ../chef/;
//                         none for an environment without such a node.
class VagrantBackend : public Backend {
 public:
  explicit VagrantBackend(bool compact = false) : compact_(compact) {}
  std::string_view name() const override { return "vagrant"; }
  void Emit(const ir::Plan& plan, OutputSet& out, ir::Diagnostics& diags) const override;

 private:
  bool compact_;
};

// The Vagrantfile of one environment. A value Ruby cannot carry safely (see
// backends/ruby_quote.h) or more machines than the address range holds is
// an error in `diags`.
std::string Vagrantfile(const ir::PlanEnvironment& env, bool compact, ir::Diagnostics& diags);

}  // namespace nbc::backends
