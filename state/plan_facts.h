// SPDX-License-Identifier: Apache-2.0
// What the coordinator needs of a plan.json: per environment each node's
// immutable attributes (a change replaces the node) and mutable ones (a change
// updates it in place), as digests. Both `nbc plan --state` and `nbc state
// record` read them from the same JSON bytes, so they always agree.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state/status.h"

namespace nbc::state {

// docs/state.md lists the attributes; they are the ones on which `nbc diff`
// decides "replace" (backends/plan_diff_nodes.cpp), so the two always agree.
struct NodeFacts {
  std::string address;
  // kind, node_type, zone, hostname, flavor, image, and the release (ec2:
  // packager and version, as release_*) or the database engine (rds_engine).
  std::map<std::string, std::string> immutable;
  std::string immutable_digest;  // SHA-256 of `immutable` as JSON
  // SHA-256 of what an update in place applies: params, run list, grade,
  // roles, tags, the run lists' chef roles, and stack (ec2) or the other
  // RDS settings (rds).
  std::string mutable_digest;
  std::string change;                            // as the plan says (with --state), else ""
};

struct EnvironmentFacts {
  std::string name;
  std::optional<int64_t> state_serial;  // the serial the plan was computed against
  std::vector<NodeFacts> nodes;         // in plan order
};

struct PlanFacts {
  std::string digest;   // SHA-256 of the plan.json bytes
  std::string project;
  std::vector<EnvironmentFacts> environments;
};

// Reads nbc's plan.json (format_version 1). Errors name what is missing.
Status ReadPlanFacts(std::string_view plan_json, PlanFacts& facts);

}  // namespace nbc::state
