// SPDX-License-Identifier: Apache-2.0
// Placement of an environment's services onto its node types.
#include "compiler/placement.h"

#include <algorithm>

namespace nbc::compiler {
namespace {

using Hosts = std::vector<ir::NodeTypeId>;

bool Pins(const ir::NodeType& type, ir::ServiceId id) {
  return std::any_of(type.services.begin(), type.services.end(),
                     [&](const ir::ServiceRef& r) { return r.id == id; });
}

bool HasRole(const ir::NodeType& type, const std::string& role) {
  return std::find(type.roles.begin(), type.roles.end(), role) != type.roles.end();
}

// Node types that pin the service, else those matching its role and grade.
Hosts RuleHosts(const ir::Model& model, const ir::Environment& env, const ir::Service& s,
                ir::ServiceId id) {
  Hosts pinned, matching;
  for (const ir::ResolvedNodeType& rnt : env.node_types) {
    const ir::NodeType& type = model.node_type(rnt.node_type);
    if (Pins(type, id)) pinned.push_back(rnt.node_type);
    bool grade_ok = !s.required_grade || (type.grade.valid() &&
                                          model.grade(type.grade).rank >=
                                              model.grade(*s.required_grade).rank);
    if (s.required_role && HasRole(type, *s.required_role) && grade_ok)
      matching.push_back(rnt.node_type);
  }
  return pinned.empty() ? matching : pinned;
}

void Unite(Hosts& into, const Hosts& more) {
  Hosts merged;
  std::set_union(into.begin(), into.end(), more.begin(), more.end(), std::back_inserter(merged));
  into = std::move(merged);
}

std::string Names(const ir::Model& model, const Hosts& hosts) {
  std::string out;
  for (ir::NodeTypeId id : hosts) out += (out.empty() ? "'" : ", '") + model.node_type(id).name + "'";
  return out.empty() ? "none" : out;
}

void ReportNoHost(const ir::Model& model, const ir::Environment& env, const ir::Service& s,
                  ir::Diagnostics& diags) {
  std::string wanted = s.required_role ? "a node type with role '" + *s.required_role + "'" : "";
  if (s.required_grade) wanted += " of grade '" + model.grade(*s.required_grade).name + "' or larger";
  std::string exists;
  for (const ir::ResolvedNodeType& rnt : env.node_types) {
    const ir::NodeType& t = model.node_type(rnt.node_type);
    std::string roles;
    for (const std::string& r : t.roles) roles += (roles.empty() ? "" : ",") + r;
    exists += (exists.empty() ? "" : "; ") + t.name + " (roles " + (roles.empty() ? "-" : roles) +
              ", grade " + (t.grade.valid() ? model.grade(t.grade).name : "-") + ")";
  }
  ir::SourceSpan at = s.required_role ? s.required_role_at : s.at;
  diags.Error(at,
              "service '" + s.name + "' has no node type to run on in environment '" + env.name +
                  "'" + (wanted.empty() ? "" : ": it requires " + wanted),
              "node types here: " + (exists.empty() ? std::string("none") : exists) +
                  (s.required_role ? "" : "; give the service `requires: { role: ... }` or pin "
                                          "it in a node type's `services:`"));
}

void CheckRules(const ir::Model& model, const ir::Environment& env, const Placement& placement,
                const std::vector<ir::ServiceId>& closure, ir::Diagnostics& diags) {
  for (ir::ServiceId id : closure) {
    const ir::Service& s = model.service(id);
    const Hosts& mine = placement.hosts[id.index];
    for (const ir::ServiceRef& other : s.colocate_with) {
      const Hosts& theirs = placement.hosts[other.id.index];
      if (!std::includes(theirs.begin(), theirs.end(), mine.begin(), mine.end()))
        diags.Error(other.at, "service '" + s.name + "' must share hosts with '" +
                                  model.service(other.id).name + "' in environment '" + env.name +
                                  "', but runs on " + Names(model, mine) + " and it on " +
                                  Names(model, theirs));
    }
    for (const ir::ServiceRef& other : s.avoid) {
      Hosts both;
      const Hosts& theirs = placement.hosts[other.id.index];
      std::set_intersection(mine.begin(), mine.end(), theirs.begin(), theirs.end(),
                            std::back_inserter(both));
      if (!both.empty())
        diags.Error(other.at, "service '" + s.name + "' must never share hosts with '" +
                                  model.service(other.id).name + "', but both run on " +
                                  Names(model, both) + " in environment '" + env.name + "'",
                    "change the roles or pins so that they land on different node types");
    }
  }
}

}  // namespace

std::optional<Placement> PlaceServices(const ir::Model& model, const ir::Environment& env,
                                       const DependencyGraph& graph,
                                       const std::vector<ir::ServiceId>& closure,
                                       ir::Diagnostics& diags) {
  Placement placement;
  placement.hosts.resize(model.services.size());
  std::vector<bool> in_closure(model.services.size(), false);
  for (ir::ServiceId id : closure) in_closure[id.index] = true;

  std::vector<ir::ServiceId> followers;  // no pin and no role: they follow their users
  for (ir::ServiceId id : closure) {
    const ir::Service& s = model.service(id);
    placement.hosts[id.index] = RuleHosts(model, env, s, id);
    if (placement.hosts[id.index].empty() && !s.required_role) followers.push_back(id);
  }
  // A follower runs wherever a service that depends on it or that it audits
  // runs; repeat until nothing changes, since followers may follow followers.
  for (bool changed = true; changed;) {
    changed = false;
    for (ir::ServiceId id : followers) {
      Hosts hosts = placement.hosts[id.index];
      for (ir::ServiceId user : graph.dependents(id))
        if (in_closure[user.index]) Unite(hosts, placement.hosts[user.index]);
      for (const ir::ServiceRef& audited : model.service(id).audits)
        if (in_closure[audited.id.index]) Unite(hosts, placement.hosts[audited.id.index]);
      if (hosts != placement.hosts[id.index]) {
        placement.hosts[id.index] = std::move(hosts);
        changed = true;
      }
    }
  }
  bool ok = true;
  for (ir::ServiceId id : closure) {
    if (!placement.hosts[id.index].empty()) continue;
    ReportNoHost(model, env, model.service(id), diags);
    ok = false;
  }
  if (!ok) return std::nullopt;
  size_t errors_before = diags.error_count();
  CheckRules(model, env, placement, closure, diags);
  if (diags.error_count() > errors_before) return std::nullopt;
  return placement;
}

}  // namespace nbc::compiler
