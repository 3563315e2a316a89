// SPDX-License-Identifier: Apache-2.0
// The generation lifecycle as pure functions of a record: what a plan changes
// (create / update / replace / delete per node), the record after `record`,
// `promote` and `retire`. The stores only keep what these compute.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "state/plan_facts.h"
#include "state/record.h"

namespace nbc::state {

enum class Change { kNone, kCreate, kUpdate, kReplace, kDelete };

std::string_view ChangeName(Change change);  // none | create | update | replace | delete

struct NodeChange {
  std::string address;
  Change change = Change::kNone;
  int generation = 1;  // the node's generation after the change; delete: the one that goes
  std::string detail;  // replace: "flavor t3.small -> t3.medium"; else ""
};

struct ChangeCounts {
  int create = 0;
  int update = 0;
  int replace = 0;
  int remove = 0;  // "delete"
  bool any() const { return create + update + replace + remove > 0; }
  std::string Text() const;  // "1 create, 0 update, 2 replace, 0 delete"
};

struct Comparison {
  int64_t serial = 0;               // of the record compared with
  std::vector<NodeChange> nodes;    // the plan's nodes, in plan order
  std::vector<NodeChange> removed;  // live in the record, absent from the plan; by address
  ChangeCounts counts;
};

// A node is compared with its live generation: the pending one if there is
// one (a replacement not yet promoted), else the active one.
Comparison Compare(const Record& record, const EnvironmentFacts& plan);

// The record after recording `plan`: created and replacing generations are
// pending, a superseded pending one and every generation of a deleted node
// become old, updates change the live generation in place. Serial untouched.
Record ApplyPlan(const Record& record, const EnvironmentFacts& plan);

// Pending generations become active and the active ones they replace old;
// `addresses` empty = every address. `promoted` counts pending ones promoted.
Record Promote(const Record& record, const std::vector<std::string>& addresses, int& promoted);

// Drops every old generation; `retired` counts them.
Record Retire(const Record& record, int& retired);

}  // namespace nbc::state
