// SPDX-License-Identifier: Apache-2.0
// The coordinator's operations: pure lifecycle functions (state/changes)
// run inside a store's locked read-modify-write, each write chained into the
// trail.
#include "state/coordinator.h"

#include <fmt/format.h>

#include <set>

#include "state/codec.h"

namespace nbc::state {
namespace {

// Fills the next serial and the trail entry that chains onto the current one.
void Chain(const std::string& env, const std::optional<Record>& current, const Actor& actor,
          const std::string& command, const std::string& plan_digest, const std::string& summary,
          Record& next, TrailEntry& entry) {
  next.environment = env;
  next.serial = (current ? current->serial : 0) + 1;
  entry = {.serial = next.serial, .actor = actor.name, .time = actor.time, .command = command,
           .plan_digest = plan_digest, .summary = summary, .record_digest = RecordDigest(next),
           .prev = current ? current->trail_head : ""};
  entry.digest = EntryDigest(entry);
  next.trail_head = entry.digest;
}

Record Base(const std::string& env, const std::optional<Record>& current) {
  if (current) return *current;
  Record empty;
  empty.environment = env;
  return empty;
}

// A plan whose own change marks differ from what its serial implies was
// edited after `nbc plan`: recording it would record something unreviewed.
Status MatchesAnnotations(const EnvironmentFacts& plan, const Comparison& c) {
  for (size_t i = 0; i < plan.nodes.size(); ++i)
    if (!plan.nodes[i].change.empty() && plan.nodes[i].change != ChangeName(c.nodes[i].change))
      return Status::Error(fmt::format("the plan marks {} as '{}' but its serial implies '{}'",
                                       plan.nodes[i].address, plan.nodes[i].change,
                                       ChangeName(c.nodes[i].change)),
                           "was the plan edited? plan again with `nbc plan ENV --state`");
  return Status::Ok();
}

}  // namespace

Status CompareWithRecord(Store& store, const EnvironmentFacts& plan, Comparison& comparison) {
  std::optional<Record> record;
  if (Status s = store.Read(plan.name, record); !s) return s;
  comparison = Compare(Base(plan.name, record), plan);
  return Status::Ok();
}

void AnnotatePlan(const Comparison& comparison, ir::PlanEnvironment& env) {
  env.state_serial = comparison.serial;
  for (size_t i = 0; i < env.nodes.size() && i < comparison.nodes.size(); ++i) {
    ir::PlanNode& node = env.nodes[i];
    const NodeChange& c = comparison.nodes[i];
    if (node.address != c.address) continue;  // the same plan bytes: never differs
    node.change = ChangeName(c.change);
    node.change_reason = c.detail;
    node.generation = c.generation;
  }
  env.removed_nodes.clear();
  for (const NodeChange& c : comparison.removed)
    env.removed_nodes.push_back({.address = c.address, .generation = c.generation});
}

Status CompareAndAnnotate(Store& store, std::string_view plan_json, ir::Plan& plan, bool& changed) {
  PlanFacts facts;
  changed = false;
  if (Status s = ReadPlanFacts(plan_json, facts); !s) return s;
  if (facts.environments.size() != plan.environments.size())
    return Status::Error("the plan.json given does not match the plan");
  for (size_t i = 0; i < plan.environments.size(); ++i) {
    Comparison comparison;
    if (Status s = CompareWithRecord(store, facts.environments[i], comparison); !s) return s;
    AnnotatePlan(comparison, plan.environments[i]);
    changed = changed || comparison.counts.any();
  }
  return Status::Ok();
}

Status RecordPlan(Store& store, const std::string& env, std::string_view plan_json,
                  const Actor& actor, WriteOutcome& outcome) {
  PlanFacts facts;
  if (Status s = ReadPlanFacts(plan_json, facts); !s) return s;
  const EnvironmentFacts* plan = nullptr;
  for (const EnvironmentFacts& e : facts.environments)
    if (e.name == env) plan = &e;
  if (!plan)
    return Status::Error("the plan does not cover environment " + env,
                         fmt::format("write one with `nbc plan {} --state --format json -o FILE`", env));
  if (!plan->state_serial)
    return Status::Error("the plan of " + env + " was computed without --state",
                         fmt::format("write it with `nbc plan {} --state --format json -o FILE`", env));
  auto stale = [&](int64_t serial) {
    return Status::Error(fmt::format("stale plan: planned against serial {}, state is at {}",
                                     *plan->state_serial, serial),
                         fmt::format("plan again with `nbc plan {} --state` and review it", env));
  };
  // Serials only grow: a plan stale now stays stale, so refuse it without
  // waiting for the lock. Under the lock the check is repeated.
  std::optional<Record> now;
  if (Status s = store.Read(env, now); !s) return s;
  if (now && *plan->state_serial < now->serial) return stale(now->serial);
  return store.Update(env, actor, [&](const std::optional<Record>& current, Record& next,
                                      TrailEntry& entry) -> Status {
    int64_t serial = current ? current->serial : 0;
    if (*plan->state_serial != serial) return stale(serial);
    Record base = Base(env, current);
    Comparison c = Compare(base, *plan);
    if (Status s = MatchesAnnotations(*plan, c); !s) return s;
    next = ApplyPlan(base, *plan);
    Chain(env, current, actor, "record", facts.digest, c.counts.Text(), next, entry);
    outcome = {.serial = next.serial, .summary = c.counts.Text(), .written = true};
    return Status::Ok();
  });
}

Status PromoteNodes(Store& store, const std::string& env, const std::vector<std::string>& addresses,
                    const Actor& actor, WriteOutcome& outcome) {
  return store.Update(env, actor, [&](const std::optional<Record>& current, Record& next,
                                      TrailEntry& entry) -> Status {
    Record base = Base(env, current);
    std::set<std::string> pending;
    for (const NodeGeneration& n : base.nodes)
      if (n.status == NodeStatus::kPending) pending.insert(n.address);
    for (const std::string& a : addresses)
      if (!pending.count(a))
        return Status::Error("node " + a + " has no pending generation in " + env,
                             "`nbc state show " + env + "` lists the pending ones");
    int promoted = 0;
    next = Promote(base, addresses, promoted);
    outcome = {.serial = base.serial, .summary = "0 promoted"};
    if (promoted == 0) return Status::Ok();  // nothing pending: nothing to write
    outcome.summary = fmt::format("{} promoted", promoted);
    Chain(env, current, actor, "promote", "", outcome.summary, next, entry);
    outcome.serial = next.serial;
    outcome.written = true;
    return Status::Ok();
  });
}

Status RetireNodes(Store& store, const std::string& env, const Actor& actor, WriteOutcome& outcome) {
  return store.Update(env, actor, [&](const std::optional<Record>& current, Record& next,
                                      TrailEntry& entry) -> Status {
    Record base = Base(env, current);
    int retired = 0;
    next = Retire(base, retired);
    outcome = {.serial = base.serial, .summary = "0 retired"};
    if (retired == 0) return Status::Ok();
    outcome.summary = fmt::format("{} retired", retired);
    Chain(env, current, actor, "retire", "", outcome.summary, next, entry);
    outcome.serial = next.serial;
    outcome.written = true;
    return Status::Ok();
  });
}

Status VerifyTrail(const std::string& env, const std::optional<Record>& record,
                   const std::vector<TrailEntry>& trail) {
  auto broken = [&env](std::string what) {
    return Status::Error(fmt::format("the audit trail of {} does not verify: {}", env, what),
                         "the state was edited outside nbc or damaged; compare it with a backup");
  };
  for (size_t i = 0; i < trail.size(); ++i) {
    const TrailEntry& e = trail[i];
    int64_t expected = static_cast<int64_t>(i) + 1;
    if (e.serial != expected)
      return broken(fmt::format("entry {} has serial {} (a gap or a reordering)", expected, e.serial));
    if (EntryDigest(e) != e.digest) return broken(fmt::format("entry {} was modified", e.serial));
    if (e.prev != (i ? trail[i - 1].digest : ""))
      return broken(fmt::format("entry {} does not chain onto entry {}", e.serial, e.serial - 1));
  }
  if (!record) {
    if (trail.empty()) return Status::Ok();
    return broken(fmt::format("the record is missing but the trail has {} entries", trail.size()));
  }
  if (trail.empty() || record->serial != trail.back().serial)
    return broken(fmt::format("the record is at serial {} but the trail ends at serial {}",
                              record->serial, trail.empty() ? 0 : trail.back().serial));
  if (record->trail_head != trail.back().digest)
    return broken(fmt::format("the record does not name entry {} as the trail's head", record->serial));
  if (RecordDigest(*record) != trail.back().record_digest)
    return broken(fmt::format("the record differs from the one entry {} wrote", record->serial));
  return Status::Ok();
}

}  // namespace nbc::state
