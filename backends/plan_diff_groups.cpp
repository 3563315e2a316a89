// SPDX-License-Identifier: Apache-2.0
// Grouping equal node changes and node actions (see plan_diff_groups.h).
#include "backends/plan_diff_groups.h"

#include <algorithm>

namespace nbc::backends::diff_internal {
namespace {

constexpr char kSep = '\x1f';  // cannot occur in JSON text or names

void AppendValue(std::string& key, const json* v) {
  // "\x1e" marks an absent value, which no JSON text spells.
  key += v ? v->dump(-1, ' ', false, json::error_handler_t::replace) : "\x1e";
  key += kSep;
}

std::string ChangeKey(std::string_view node_type, bool is_param, const std::string& path,
                      const json* old_value, const json* new_value,
                      const std::optional<DiffOrigin>& cause, bool forces,
                      const std::string& reason) {
  std::string key(node_type);
  key += kSep;
  key += is_param ? 'p' : 'a';
  key += forces ? 'r' : 'u';
  key += path;
  key += kSep;
  AppendValue(key, old_value);
  AppendValue(key, new_value);
  if (cause) key += cause->layer + kSep + cause->at;
  key += kSep;
  key += reason;
  return key;
}

size_t Total(const std::map<std::string, size_t, std::less<>>& totals, const std::string& type) {
  auto it = totals.find(type);
  return it == totals.end() ? 0 : it->second;
}

}  // namespace

NodeChangeGroup* ChangeGrouper::Find(std::string key) {
  auto [it, inserted] = index_.try_emplace(std::move(key), groups_.size());
  if (inserted) return nullptr;
  return &groups_[it->second];
}

void ChangeGrouper::Add(std::string_view node_type, const std::string& address,
                        const ValueChange& change) {
  const json* o = change.old_value ? &*change.old_value : nullptr;
  const json* n = change.new_value ? &*change.new_value : nullptr;
  NodeChangeGroup* group = Find(ChangeKey(node_type, change.is_param, change.path, o, n,
                                          change.cause, change.forces_replacement, change.reason));
  if (!group) group = &groups_.emplace_back(NodeChangeGroup{std::string(node_type), change, {}});
  group->nodes.push_back(address);
}

void ChangeGrouper::AddParam(std::string_view node_type, const std::string& address,
                             const std::string& path, const json* old_value,
                             const json* new_value) {
  NodeChangeGroup* group =
      Find(ChangeKey(node_type, true, path, old_value, new_value, std::nullopt, false, ""));
  if (!group) {
    ValueChange change{.is_param = true, .path = path};
    if (old_value) change.old_value = *old_value;
    if (new_value) change.new_value = *new_value;
    group = &groups_.emplace_back(NodeChangeGroup{std::string(node_type), std::move(change), {}});
  }
  group->nodes.push_back(address);
}

std::vector<NodeChangeGroup> ChangeGrouper::Take(
    const std::map<std::string, size_t, std::less<>>& matched) {
  for (NodeChangeGroup& g : groups_) g.all_nodes = g.nodes.size() == Total(matched, g.node_type);
  // Stable: equal paths with different values or causes keep plan order.
  std::stable_sort(groups_.begin(), groups_.end(),
                   [](const NodeChangeGroup& a, const NodeChangeGroup& b) {
                     return std::tie(a.node_type, a.change.is_param, a.change.path) <
                            std::tie(b.node_type, b.change.is_param, b.change.path);
                   });
  index_.clear();
  return std::move(groups_);
}

void ActionGrouper::Add(std::string_view node_type, DiffAction action,
                        const std::vector<std::string>& reasons, const std::string& address) {
  std::string key(node_type);
  key += kSep;
  key += static_cast<char>('0' + static_cast<int>(action));
  for (const std::string& r : reasons) key += kSep + r;
  auto [it, inserted] = index_.try_emplace(std::move(key), groups_.size());
  if (inserted) groups_.push_back({std::string(node_type), action, reasons, {}});
  groups_[it->second].nodes.push_back(address);
}

std::vector<NodeActionGroup> ActionGrouper::Take(
    const std::map<std::string, size_t, std::less<>>& old_total,
    const std::map<std::string, size_t, std::less<>>& new_total,
    const std::map<std::string, size_t, std::less<>>& matched) {
  for (NodeActionGroup& g : groups_) {
    const auto& totals = g.action == DiffAction::kCreate   ? new_total
                         : g.action == DiffAction::kDelete ? old_total
                                                           : matched;
    g.all_nodes = g.nodes.size() == Total(totals, g.node_type);
  }
  std::stable_sort(groups_.begin(), groups_.end(),
                   [](const NodeActionGroup& a, const NodeActionGroup& b) {
                     return std::tie(a.node_type, a.action) < std::tie(b.node_type, b.action);
                   });
  index_.clear();
  return std::move(groups_);
}

}  // namespace nbc::backends::diff_internal
