// SPDX-License-Identifier: Apache-2.0
// The second phase of the diff: the input lines behind each parameter
// change. Each group of equal changes is split by the origin its nodes'
// provenance names (the new value's, or the old one's for a removed
// parameter), keeping plan order; nodes without provenance share no cause.
#include <map>

#include "backends/plan_diff.h"

namespace nbc::backends {
namespace {

// A group's cause comes from the new side unless the parameter was removed.
bool UsesOldSide(const NodeChangeGroup& g) { return !g.change.new_value; }

// The origin that set a parameter leaf, if the provenance knows it.
std::optional<DiffOrigin> Cause(const PlanDocument& doc, std::string_view env,
                                const std::string& address, const std::string& path) {
  if (!doc.provenance) return std::nullopt;
  const DiffOrigin* origin = doc.provenance->Find(env, address, path);
  if (!origin) return std::nullopt;
  return *origin;
}

// Splits one group by cause; the parts follow each other in first-seen order.
void Split(NodeChangeGroup& group, const PlanDocument& doc, std::string_view env,
           std::vector<NodeChangeGroup>& out) {
  size_t first = out.size();
  std::map<std::string, size_t> by_cause;  // "layer\x1fat" → index in out
  for (std::string& address : group.nodes) {
    std::optional<DiffOrigin> cause = Cause(doc, env, address, group.change.path);
    std::string key = cause ? cause->layer + '\x1f' + cause->at : std::string("\x1e");
    auto [it, inserted] = by_cause.try_emplace(key, out.size());
    if (inserted) {
      out.push_back({group.node_type, group.change, {}, false});
      out.back().change.cause = std::move(cause);
    }
    out[it->second].nodes.push_back(std::move(address));
  }
  // Parts of a split group are each a strict subset, so never all nodes.
  if (out.size() == first + 1) out.back().all_nodes = group.all_nodes;
}

}  // namespace

CauseNeeds NeededCauses(const PlanDiff& diff) {
  CauseNeeds needs;
  for (const EnvironmentDiff& e : diff.environments)
    for (const NodeChangeGroup& g : e.node_changes) {
      if (!g.change.is_param) continue;
      auto& side = UsesOldSide(g) ? needs.old_nodes : needs.new_nodes;
      side[e.name].insert(g.nodes.begin(), g.nodes.end());
    }
  return needs;
}

void AttachCauses(PlanDiff& diff, const PlanDocument& old_doc, const PlanDocument& new_doc) {
  for (EnvironmentDiff& e : diff.environments) {
    if (!old_doc.provenance && !new_doc.provenance) continue;
    std::vector<NodeChangeGroup> split;
    split.reserve(e.node_changes.size());
    for (NodeChangeGroup& g : e.node_changes) {
      if (!g.change.is_param || g.change.cause) {
        split.push_back(std::move(g));
        continue;
      }
      Split(g, UsesOldSide(g) ? old_doc : new_doc, e.name, split);
    }
    e.node_changes = std::move(split);
  }
}

}  // namespace nbc::backends
