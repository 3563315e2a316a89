// SPDX-License-Identifier: Apache-2.0
// The coordinator's operations, on any Store: compare a plan with the
// record, record a plan (refusing a stale one), promote, retire, and verify
// the trail's hash chain. The command line (compiler/cli/cmd_state.cpp) and
// `nbc plan --state` call these.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/plan.h"
#include "state/changes.h"
#include "state/store.h"

namespace nbc::state {

// Reads the record of `plan.name` and compares the plan with it.
Status CompareWithRecord(Store& store, const EnvironmentFacts& plan, Comparison& comparison);

// Marks the plan's nodes with their change and generation, and lists the
// removed ones; the plan then names the serial it was computed against.
void AnnotatePlan(const Comparison& comparison, ir::PlanEnvironment& env);

// `nbc plan --state`: compares every environment of `plan` (whose plan.json
// is `plan_json`, without state) with its record and annotates the plan.
// `changed`: recording the plan would change the state.
Status CompareAndAnnotate(Store& store, std::string_view plan_json, ir::Plan& plan, bool& changed);

struct WriteOutcome {
  int64_t serial = 0;    // the serial after the command
  std::string summary;   // as in the trail
  bool written = false;  // false: nothing to do, nothing written
};

// `nbc state record ENV PLAN`: the plan must have been computed (with
// --state) against the current serial; writes serial+1 and a trail entry.
Status RecordPlan(Store& store, const std::string& env, std::string_view plan_json,
                  const Actor& actor, WriteOutcome& outcome);

// `nbc state promote ENV [ADDRESS…]`: pending → active, active → old.
Status PromoteNodes(Store& store, const std::string& env, const std::vector<std::string>& addresses,
                    const Actor& actor, WriteOutcome& outcome);

// `nbc state retire ENV`: drops old generations.
Status RetireNodes(Store& store, const std::string& env, const Actor& actor, WriteOutcome& outcome);

// Checks the trail: serials 1..N without gaps, each entry's digest, each
// `prev` link, and that the record is the one the last entry wrote.
Status VerifyTrail(const std::string& env, const std::optional<Record>& record,
                   const std::vector<TrailEntry>& trail);

}  // namespace nbc::state
