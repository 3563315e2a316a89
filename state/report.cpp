// SPDX-License-Identifier: Apache-2.0
// Rendering of the record, the lock and the trail.
#include "state/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "ir/visible_text.h"
#include "state/codec.h"

namespace nbc::state {
namespace {

using nlohmann::json;

std::string Dump(const json& j) {
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

// Rows padded to the widest cell of each column.
std::string Table(const std::vector<std::vector<std::string>>& rows, const std::string& indent) {
  std::vector<size_t> width;
  for (const auto& row : rows)
    for (size_t c = 0; c < row.size(); ++c) {
      if (width.size() <= c) width.push_back(0);
      width[c] = std::max(width[c], row[c].size());
    }
  std::string out;
  for (const auto& row : rows) {
    std::string line = indent;
    for (size_t c = 0; c < row.size(); ++c)
      line += c + 1 < row.size() ? fmt::format("{:<{}}  ", row[c], width[c]) : row[c];
    out += line + "\n";
  }
  return out;
}

std::string Attribute(const NodeGeneration& n, const std::string& key) {
  auto it = n.immutable.find(key);
  return it == n.immutable.end() || it->second.empty() ? "-" : ir::Visible(it->second);
}

std::string LockLine(const std::optional<LockInfo>& lock) {
  if (!lock) return "Lock: not locked\n";
  return fmt::format("Lock: {} by {} since {}: {} (lock id {}, expires {})\n",
                     lock->operation ? "held for a command" : "locked", ir::Visible(lock->actor),
                     ir::Visible(lock->since), ir::Visible(lock->reason), ir::Visible(lock->id),
                     ir::Visible(lock->expires));
}

}  // namespace

std::string ShowText(const std::string& env, const std::string& where,
                     const std::optional<Record>& record, const std::optional<LockInfo>& lock) {
  if (!record || record->serial == 0)
    return fmt::format("Environment {}: nothing recorded ({})\n", env, where) + LockLine(lock);
  int pending = 0, active = 0, old = 0;
  std::vector<std::vector<std::string>> rows{{"address", "gen", "status", "kind", "flavor", "image"}};
  for (const NodeGeneration& n : record->nodes) {
    pending += n.status == NodeStatus::kPending;
    active += n.status == NodeStatus::kActive;
    old += n.status == NodeStatus::kOld;
    rows.push_back({ir::Visible(n.address), std::to_string(n.generation),
                    std::string(StatusName(n.status)), Attribute(n, "kind"), Attribute(n, "flavor"),
                    Attribute(n, "image")});
  }
  std::string out = fmt::format("Environment {}: serial {} ({}); {} active, {} pending, {} old\n", env,
                                record->serial, where, active, pending, old);
  if (!record->nodes.empty()) out += Table(rows, "  ");
  return out + LockLine(lock);
}

std::string ShowJson(const std::string& env, const std::optional<Record>& record,
                     const std::optional<LockInfo>& lock) {
  json out{{"environment", env}, {"serial", record ? record->serial : 0},
           {"trail_head", record ? record->trail_head : ""}, {"nodes", json::array()},
           {"lock", nullptr}};
  if (record)
    for (const NodeGeneration& n : record->nodes)
      out["nodes"].push_back({{"address", n.address}, {"generation", n.generation},
                              {"status", StatusName(n.status)}, {"immutable", n.immutable},
                              {"immutable_digest", n.immutable_digest},
                              {"mutable_digest", n.mutable_digest}});
  if (lock) out["lock"] = json::parse(EncodeLock(*lock));
  return Dump(out);
}

std::string HistoryText(const std::string& env, const std::vector<TrailEntry>& trail) {
  if (trail.empty()) return "Environment " + env + ": no history\n";
  std::vector<std::vector<std::string>> rows{{"serial", "time", "actor", "command", "summary", "plan"}};
  for (const TrailEntry& e : trail)
    rows.push_back({std::to_string(e.serial), ir::Visible(e.time), ir::Visible(e.actor),
                    ir::Visible(e.command), ir::Visible(e.summary),
                    e.plan_digest.empty() ? "-" : "sha256:" + ir::Visible(e.plan_digest.substr(0, 12))});
  return Table(rows, "");
}

std::string HistoryJson(const std::vector<TrailEntry>& trail) {
  json out = json::array();
  for (const TrailEntry& e : trail) out.push_back(json::parse(EncodeEntry(e)));
  return Dump(out);
}

}  // namespace nbc::state
