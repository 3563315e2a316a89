// SPDX-License-Identifier: Apache-2.0
// The consistency check of `nbc build` (SPEC §4): every node has exactly one
// chef node file, one bootstrap and one CloudFormation resource, and the
// three carry the same run list and parameters. Runs before anything is
// written; a mismatch is an error (a bug in a backend, never in the input).
#pragma once

#include "backends/output_set.h"
#include "ir/diagnostic.h"
#include "ir/plan.h"

namespace nbc::backends {

// The contract each node-level backend keeps (docs/consistency.md):
//  chef-solo       chef/nodes/<hostname>.json, a Chef::Node whose run_list is
//                  role[<service>] in plan order and whose `normal` is the
//                  node's parameters as ParamToJson writes them;
//  bootstrap       bootstrap/<hostname>.sh, which embeds that same JSON
//                  between a line ending in <<'NBC_NODE_JSON' and a line
//                  reading NBC_NODE_JSON;
//  cloudformation  cloudformation/<env>.json (plus nested templates under
//                  cloudformation/<env>/), where exactly one resource has
//                  Metadata.nbc = {address, run_list, params_sha256}.
// Nodes of kind rds get only the CloudFormation resource. A backend that
// wrote no file at all (not registered) is not checked. The Ansible
// inventory, Daybook map and Vagrantfile: backends/consistency_hosts.h.
void CheckConsistency(const ir::Plan& plan, const OutputSet& out, ir::Diagnostics& diags);

// The digest CloudFormation metadata carries: SHA-256 of the compact JSON of
// the node's parameters (sorted keys).
std::string ParamsDigest(const ir::ParamValue& params);

}  // namespace nbc::backends
