// SPDX-License-Identifier: Apache-2.0
// Grouping for the diff engine: equal changes (same node type, path, values
// and cause) on many nodes become one NodeChangeGroup, and nodes with the
// same action one NodeActionGroup, so a change to a node type of 50 nodes
// prints once. Keys are built from the values' JSON text; lookups use a hash
// map, output order is first appearance (plan order), then a stable sort.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "backends/plan_diff_compare.h"

namespace nbc::backends::diff_internal {

class ChangeGrouper {
 public:
  // One change on one node.
  void Add(std::string_view node_type, const std::string& address, const ValueChange& change);
  // A parameter leaf; the ValueChange is only built for a new group, so
  // 10,000 nodes with the same change copy the values once.
  void AddParam(std::string_view node_type, const std::string& address, const std::string& path,
                const json* old_value, const json* new_value);
  // Sorted by node type, attributes before parameters, then path.
  std::vector<NodeChangeGroup> Take(const std::map<std::string, size_t, std::less<>>& matched);

 private:
  NodeChangeGroup* Find(std::string key);
  std::unordered_map<std::string, size_t> index_;
  std::vector<NodeChangeGroup> groups_;
};

class ActionGrouper {
 public:
  void Add(std::string_view node_type, DiffAction action, const std::vector<std::string>& reasons,
           const std::string& address);
  // Sorted by node type, then action. `all_nodes` says whether a group is
  // every node of its type: of the new side (create), the old side (delete)
  // or of those in both (replace, update).
  std::vector<NodeActionGroup> Take(const std::map<std::string, size_t, std::less<>>& old_total,
                                    const std::map<std::string, size_t, std::less<>>& new_total,
                                    const std::map<std::string, size_t, std::less<>>& matched);

 private:
  std::unordered_map<std::string, size_t> index_;
  std::vector<NodeActionGroup> groups_;
};

}  // namespace nbc::backends::diff_internal
