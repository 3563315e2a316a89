// SPDX-License-Identifier: Apache-2.0
// The consistency check of `nbc build` for the backends that describe hosts
// for other tools: the Ansible inventory, the Daybook map and the Vagrantfile
// (called by CheckConsistency, backends/consistency.h).
#pragma once

#include "backends/output_set.h"
#include "ir/diagnostic.h"
#include "ir/plan.h"

namespace nbc::backends {

// The contract, for every node that runs chef (backends/chef_solo.h); a node
// that does not is in none of them. A file that was not written is not checked.
//  ansible  ansible/inventory.json has the host, its variables less
//           ansible_host (with {"__ansible_unsafe": s} read as s) equal
//           chef's `normal`, ansible_host is the hostname, and it is in its
//           env_, node_type_ and zone_ groups;
//  consul   consul/<env>.json: the most specific key matching the hostname
//           holds exactly the node's run list, with no tie;
//  vagrant  vagrant/Vagrantfile: every chef.node_name names a node that runs
//           chef and has chef/nodes/<hostname>.json, the machine's
//           chef.run_list is that file's, and every node type with such
//           nodes has a machine.
void CheckHostConsistency(const ir::Plan& plan, const OutputSet& out, ir::Diagnostics& diags);

}  // namespace nbc::backends
