// SPDX-License-Identifier: Apache-2.0
// The generation lifecycle: pending → active → old, as pure functions.
#include "state/changes.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace nbc::state {
namespace {

// The indexes of one address's generations in a record.
using ByAddress = std::map<std::string, std::vector<size_t>>;

ByAddress Group(const Record& record) {
  ByAddress out;
  for (size_t i = 0; i < record.nodes.size(); ++i) out[record.nodes[i].address].push_back(i);
  return out;
}

// The generation a plan is compared with: pending first, else active.
const NodeGeneration* Live(const Record& record, const std::vector<size_t>& indexes) {
  const NodeGeneration* active = nullptr;
  for (size_t i : indexes) {
    const NodeGeneration& n = record.nodes[i];
    if (n.status == NodeStatus::kPending) return &n;
    if (n.status == NodeStatus::kActive) active = &n;
  }
  return active;
}

int NextGeneration(const Record& record, const std::vector<size_t>& indexes) {
  int newest = 0;
  for (size_t i : indexes) newest = std::max(newest, record.nodes[i].generation);
  return newest + 1;
}

// "flavor t3.small -> t3.medium, image ami-1 -> ami-2", in attribute-name order.
std::string Differences(const std::map<std::string, std::string>& before,
                        const std::map<std::string, std::string>& after) {
  std::set<std::string> keys;
  for (const auto& [k, v] : before) keys.insert(k);
  for (const auto& [k, v] : after) keys.insert(k);
  std::string out;
  for (const std::string& k : keys) {
    auto b = before.find(k), a = after.find(k);
    std::string old_value = b == before.end() ? "" : b->second;
    std::string new_value = a == after.end() ? "" : a->second;
    if (old_value == new_value) continue;
    out += fmt::format("{}{} {} -> {}", out.empty() ? "" : ", ", k,
                       old_value.empty() ? "(none)" : old_value,
                       new_value.empty() ? "(none)" : new_value);
  }
  return out;
}

void Sort(Record& record) {
  // By address, then generation: the record's bytes do not depend on history.
  std::sort(record.nodes.begin(), record.nodes.end(), [](const auto& a, const auto& b) {
    return std::tie(a.address, a.generation) < std::tie(b.address, b.generation);
  });
}

}  // namespace

std::string_view ChangeName(Change change) {
  switch (change) {
    case Change::kNone: return "none";
    case Change::kCreate: return "create";
    case Change::kUpdate: return "update";
    case Change::kReplace: return "replace";
    case Change::kDelete: return "delete";
  }
  return "none";
}

std::string ChangeCounts::Text() const {
  return fmt::format("{} create, {} update, {} replace, {} delete", create, update, replace, remove);
}

Comparison Compare(const Record& record, const EnvironmentFacts& plan) {
  Comparison out;
  out.serial = record.serial;
  ByAddress groups = Group(record);
  std::set<std::string> planned;
  for (const NodeFacts& node : plan.nodes) {
    planned.insert(node.address);
    NodeChange c{.address = node.address};
    const std::vector<size_t>& indexes = groups[node.address];
    const NodeGeneration* live = Live(record, indexes);
    if (!live) {
      c.change = Change::kCreate, c.generation = NextGeneration(record, indexes), ++out.counts.create;
    } else if (live->immutable_digest != node.immutable_digest) {
      c.change = Change::kReplace, c.generation = NextGeneration(record, indexes), ++out.counts.replace;
      c.detail = Differences(live->immutable, node.immutable);
    } else if (live->mutable_digest != node.mutable_digest) {
      c.change = Change::kUpdate, c.generation = live->generation, ++out.counts.update;
    } else {
      c.generation = live->generation;
    }
    out.nodes.push_back(std::move(c));
  }
  for (const auto& [address, indexes] : groups) {
    const NodeGeneration* live = Live(record, indexes);
    if (!live || planned.count(address)) continue;
    out.removed.push_back({.address = address, .change = Change::kDelete, .generation = live->generation});
    ++out.counts.remove;
  }
  return out;
}

Record ApplyPlan(const Record& record, const EnvironmentFacts& plan) {
  Comparison comparison = Compare(record, plan);
  Record next = record;
  auto retire_live = [&next](const std::string& address, bool pending_only) {
    for (NodeGeneration& n : next.nodes)
      if (n.address == address && (n.status == NodeStatus::kPending ||
                                   (!pending_only && n.status == NodeStatus::kActive)))
        n.status = NodeStatus::kOld;
  };
  for (size_t i = 0; i < plan.nodes.size(); ++i) {
    const NodeFacts& node = plan.nodes[i];
    const NodeChange& c = comparison.nodes[i];
    if (c.change == Change::kReplace) retire_live(node.address, /*pending_only=*/true);
    if (c.change == Change::kCreate || c.change == Change::kReplace) {
      next.nodes.push_back({.address = node.address, .generation = c.generation,
                            .status = NodeStatus::kPending, .immutable = node.immutable,
                            .immutable_digest = node.immutable_digest,
                            .mutable_digest = node.mutable_digest});
    } else if (c.change == Change::kUpdate) {
      for (NodeGeneration& n : next.nodes)
        if (n.address == node.address && n.generation == c.generation) n.mutable_digest = node.mutable_digest;
    }
  }
  for (const NodeChange& c : comparison.removed) retire_live(c.address, /*pending_only=*/false);
  Sort(next);
  return next;
}

Record Promote(const Record& record, const std::vector<std::string>& addresses, int& promoted) {
  std::set<std::string> wanted(addresses.begin(), addresses.end());
  std::set<std::string> with_pending;
  for (const NodeGeneration& n : record.nodes)
    if (n.status == NodeStatus::kPending && (wanted.empty() || wanted.count(n.address)))
      with_pending.insert(n.address);
  Record next = record;
  promoted = 0;
  for (NodeGeneration& n : next.nodes) {
    if (!with_pending.count(n.address)) continue;
    if (n.status == NodeStatus::kActive) n.status = NodeStatus::kOld;
    if (n.status == NodeStatus::kPending) n.status = NodeStatus::kActive, ++promoted;
  }
  return next;
}

Record Retire(const Record& record, int& retired) {
  Record next = record;
  auto old = [](const NodeGeneration& n) { return n.status == NodeStatus::kOld; };
  retired = static_cast<int>(std::count_if(next.nodes.begin(), next.nodes.end(), old));
  next.nodes.erase(std::remove_if(next.nodes.begin(), next.nodes.end(), old), next.nodes.end());
  return next;
}

}  // namespace nbc::state
