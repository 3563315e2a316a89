// SPDX-License-Identifier: Apache-2.0
// Nodes of one environment, old against new. Nodes are matched by address
// through a hash index (a plan may have 200,000 nodes); what changed on a
// matched node decides between replace (a new generation) and update in
// place (docs/diff.md, "What forces a replacement").
#include <unordered_map>

#include "backends/plan_diff_groups.h"
#include "backends/plan_diff_nodes.h"

namespace nbc::backends::diff_internal {
namespace {

using Totals = std::map<std::string, size_t, std::less<>>;

// A new machine: the instance's identity, size or image, or the release its
// bootstrap installs at first boot, differ.
constexpr const char* kReplaceAttributes[] = {"kind", "node_type", "zone", "hostname", "flavor",
                                              "image"};
// Applied by the next chef run on the same machine.
constexpr const char* kUpdateAttributes[] = {"grade", "roles", "run_list"};

// The release a node's bootstrap installs: the environment's version and the
// project's packager.
json Release(const json* plan, const json* env) {
  json release = json::object();
  if (const json* packager = Get(plan, "packager"); packager && packager->is_object())
    release = *packager;
  release["version"] = Str(env, "version");
  return release;
}

std::map<std::string_view, const json*> NodeTypesByName(const json* env) {
  std::map<std::string_view, const json*> out;
  if (const json* types = Get(env, "node_types"))
    for (const json& t : *types) out.emplace(Str(&t, "name"), &t);
  return out;
}

const json* Lookup(const std::map<std::string_view, const json*>& types, std::string_view name) {
  auto it = types.find(name);
  return it == types.end() ? nullptr : it->second;
}

class EnvironmentNodes {
 public:
  EnvironmentNodes(const EnvironmentSides& sides, EnvironmentDiff& out)
      : sides_(sides), out_(out), old_types_(NodeTypesByName(sides.old_env)),
        new_types_(NodeTypesByName(sides.new_env)) {}

  void Run() {
    static const json kNone = json::array();
    const json* old_nodes = Get(sides_.old_env, "nodes");
    const json* new_nodes = Get(sides_.new_env, "nodes");
    std::unordered_map<std::string_view, const json*> old_index;
    if (old_nodes) {
      old_index.reserve(old_nodes->size());
      for (const json& n : *old_nodes) old_index.emplace(Str(&n, "address"), &n);
    }
    for (const json& n : new_nodes ? *new_nodes : kNone) {
      const std::string& address = Str(&n, "address");
      ++new_total_[Str(&n, "node_type")];
      auto it = old_index.find(address);
      if (it == old_index.end()) {
        Act(Str(&n, "node_type"), DiffAction::kCreate, {}, address);
        continue;
      }
      Compare(*it->second, n, address);
      old_index.erase(it);
    }
    // The old side's order, so deletions list like the old plan did.
    for (const json& n : old_nodes ? *old_nodes : kNone) {
      ++old_total_[Str(&n, "node_type")];
      if (old_index.count(Str(&n, "address")))
        Act(Str(&n, "node_type"), DiffAction::kDelete, {}, Str(&n, "address"));
    }
    out_.node_count = new_nodes ? new_nodes->size() : old_nodes ? old_nodes->size() : 0;
    out_.node_actions = actions_.Take(old_total_, new_total_, matched_);
    out_.node_changes = changes_.Take(matched_);
  }

 private:
  void Act(std::string_view type, DiffAction action, const std::vector<std::string>& reasons,
           const std::string& address) {
    actions_.Add(type, action, reasons, address);
    switch (action) {
      case DiffAction::kCreate: ++out_.counts.add; break;
      case DiffAction::kReplace: ++out_.counts.replace; break;
      case DiffAction::kUpdate: ++out_.counts.change; break;
      case DiffAction::kDelete: ++out_.counts.remove; break;
    }
  }

  void Compare(const json& old_node, const json& new_node, const std::string& address) {
    const std::string& type = Str(&new_node, "node_type");
    ++matched_[type];
    std::vector<ValueChange> changes;
    for (const char* key : kReplaceAttributes) CompareField(&old_node, &new_node, key, changes, true);
    for (ValueChange& c : changes)
      if (c.path == "flavor") c.reason = Str(Lookup(new_types_, type), "flavor_reason");
    for (const char* key : kUpdateAttributes) CompareField(&old_node, &new_node, key, changes);
    const std::vector<ValueChange>& derived = Derived(type, Str(&new_node, "kind"));
    changes.insert(changes.end(), derived.begin(), derived.end());
    ServiceChanges(old_node, new_node, changes);

    std::vector<std::string> reasons;
    for (const ValueChange& c : changes) {
      changes_.Add(type, address, c);
      if (c.forces_replacement) reasons.push_back(c.path);
    }
    std::string path;
    size_t params = Params(Get(&old_node, "params"), Get(&new_node, "params"), address, type, path);
    if (!reasons.empty()) Act(type, DiffAction::kReplace, reasons, address);
    else if (!changes.empty() || params > 0) Act(type, DiffAction::kUpdate, {}, address);
  }

  // Changes every node of a node type shares, computed once per type.
  const std::vector<ValueChange>& Derived(const std::string& type, const std::string& kind) {
    auto it = derived_.find(type);
    if (it != derived_.end()) return it->second;
    std::vector<ValueChange>& out = derived_[type];
    CompareMembers(Get(sides_.old_env, "labels"), Get(sides_.new_env, "labels"), "tags", out);
    if (kind == "rds") {
      // A different engine is a different database; the rest RDS modifies in place.
      CompareMembers(Get(Lookup(old_types_, type), "rds"), Get(Lookup(new_types_, type), "rds"),
                     "rds", out);
      for (ValueChange& c : out) c.forces_replacement = c.path == "rds.engine";
      return out;
    }
    // Only machines with a bootstrap install the release; RDS nodes have none.
    json old_release = Release(sides_.old_plan, sides_.old_env);
    json new_release = Release(sides_.new_plan, sides_.new_env);
    CompareMembers(&old_release, &new_release, "release", out, true);
    CompareMembers(Get(sides_.old_plan, "stack"), Get(sides_.new_plan, "stack"), "stack", out);
    return out;
  }

  // A service on the node whose role's run list changed.
  void ServiceChanges(const json& old_node, const json& new_node, std::vector<ValueChange>& out) {
    if (sides_.service_changes.empty()) return;
    const json* old_run_list = Get(&old_node, "run_list");
    for (const json& s : *Get(&new_node, "run_list")) {
      auto it = sides_.service_changes.find(s.get_ref<const std::string&>());
      if (it == sides_.service_changes.end()) continue;
      bool ran_before = std::find(old_run_list->begin(), old_run_list->end(), s) != old_run_list->end();
      if (ran_before) out.push_back(it->second);
    }
  }

  // Walks both parameter trees in key order; returns how many leaves differ.
  // A leaf is a scalar, a list, an empty mapping or a secret reference.
  size_t Params(const json* o, const json* n, const std::string& address, const std::string& type,
                std::string& path) {
    static const json kEmpty = json::object();
    const json& a = o ? *o : kEmpty;
    const json& b = n ? *n : kEmpty;
    size_t changed = 0;
    auto i = a.begin(), j = b.begin();
    while (i != a.end() || j != b.end()) {
      bool take_old = j == b.end() || (i != a.end() && i.key() <= j.key());
      bool take_new = i == a.end() || (j != b.end() && j.key() <= i.key());
      size_t length = path.size();
      path += (path.empty() ? "" : ".") + (take_old ? i.key() : j.key());
      changed += Leaf(take_old ? &*i : nullptr, take_new ? &*j : nullptr, address, type, path);
      path.resize(length);
      if (take_old) ++i;
      if (take_new) ++j;
    }
    return changed;
  }

  static bool IsBranch(const json* v) { return v && v->is_object() && !v->empty() && !IsSecret(*v); }

  size_t Leaf(const json* o, const json* n, const std::string& address, const std::string& type,
              std::string& path) {
    bool old_branch = IsBranch(o), new_branch = IsBranch(n);
    if (old_branch && new_branch) return Params(o, n, address, type, path);
    size_t changed = 0;
    // A mapping on one side only: its leaves appear or disappear, and the
    // other side's leaf (if any) with them.
    if (old_branch || new_branch) {
      changed += Params(old_branch ? o : nullptr, new_branch ? n : nullptr, address, type, path);
      o = old_branch ? nullptr : o;
      n = new_branch ? nullptr : n;
    }
    if (SameValue(o, n)) return changed;
    changes_.AddParam(type, address, path, o, n);
    return changed + 1;
  }

  const EnvironmentSides& sides_;
  EnvironmentDiff& out_;
  std::map<std::string_view, const json*> old_types_, new_types_;
  std::map<std::string, std::vector<ValueChange>, std::less<>> derived_;
  Totals old_total_, new_total_, matched_;
  ChangeGrouper changes_;
  ActionGrouper actions_;
};

}  // namespace

void DiffNodes(const EnvironmentSides& sides, EnvironmentDiff& out) {
  EnvironmentNodes(sides, out).Run();
}

}  // namespace nbc::backends::diff_internal
