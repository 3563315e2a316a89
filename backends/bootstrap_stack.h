// SPDX-License-Identifier: Apache-2.0
// The bootstrap's part for Neckbeard's stack and seeding: the systemd unit
// of the stack a node runs, the shell functions that install and start it
// after chef-solo, seeding on a first generation, and the values both carry
// (docs/stack-and-seeding.md).
#pragma once

#include <string>
#include <string_view>

#include "ir/diagnostic.h"
#include "ir/plan.h"

namespace nbc::backends {

inline constexpr const char* kSystemdUnitDir = "/etc/systemd/system";
inline constexpr const char* kBootstrapSeedMarker = "/var/lib/nbc/seed.done";

// A word of a systemd unit file that stands for exactly `value`: in double
// quotes, with C escapes for '\\', '"' and control bytes, and `%` and `$`
// doubled so that neither specifiers nor variables expand.
std::string SystemdQuote(std::string_view value);

// The node type of `node` runs the stack / seeds on this node (its first
// node, generation 1).
bool RunsStack(const ir::PlanEnvironment& env, const ir::PlanNode& node);
const ir::PlanNodeType* SeedOf(const ir::PlanEnvironment& env, const ir::PlanNode& node);

// The unit `<stack.name>.service` of one node: its variables come from the
// node's parameters, secrets through LoadCredential= (never their values).
std::string StackUnit(const ir::Plan& plan, const ir::PlanEnvironment& env, const ir::PlanNode& node);

// Values of the unit that systemd reads raw (Description=, WorkingDirectory=)
// must hold no control character: errors otherwise.
void CheckStackValues(const ir::Plan& plan, const ir::PlanEnvironment& env, ir::Diagnostics& diags);

// The shell functions: nbc_write_unit and nbc_stack; nbc_seed_needed,
// nbc_seed_step, nbc_seed_done.
extern const char* const kStackFunctions;
extern const char* const kSeedFunctions;

}  // namespace nbc::backends
