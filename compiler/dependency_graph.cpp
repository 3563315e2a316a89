// SPDX-License-Identifier: Apache-2.0
// The service DAG: cycle detection (Boost's strong components find them; our
// own DFS prints them), closures and Kahn's order with a name tie-break.
#include "compiler/dependency_graph.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <set>

namespace nbc::compiler {

DependencyGraph::DependencyGraph(const ir::Model& model)
    : model_(model),
      after_(model.services.size()),
      auditors_(model.services.size()),
      dependents_(model.services.size()) {
  for (uint32_t i = 0; i < model.services.size(); ++i) {
    const ir::Service& s = model.services[i];
    for (const ir::ServiceRef& dep : s.depends_on) {
      after_[dep.id.index].push_back({dep.id.index, i, dep.at, false});
      dependents_[dep.id.index].push_back(ir::ServiceId{i});
    }
    for (const ir::ServiceRef& audited : s.audits) {
      after_[audited.id.index].push_back({audited.id.index, i, audited.at, true});
      auditors_[audited.id.index].push_back(ir::ServiceId{i});
    }
  }
}

std::vector<const DependencyGraph::Edge*> DependencyGraph::ShortestCycle(
    uint32_t start, const std::vector<int>& component) const {
  // Breadth-first from `start` inside its component; edges are stored in
  // name order, so among shortest cycles the alphabetically first is shown.
  std::vector<const Edge*> parent(after_.size(), nullptr);
  std::vector<uint32_t> queue{start};
  for (size_t head = 0; head < queue.size(); ++head) {
    uint32_t at = queue[head];
    for (const Edge& e : after_[at]) {
      if (component[e.to] != component[start]) continue;
      if (e.to == start) {
        std::vector<const Edge*> path{&e};
        for (uint32_t v = at; v != start; v = parent[v]->from) path.push_back(parent[v]);
        std::reverse(path.begin(), path.end());
        return path;
      }
      if (!parent[e.to]) {
        parent[e.to] = &e;
        queue.push_back(e.to);
      }
    }
  }
  return {};
}

bool DependencyGraph::CheckAcyclic(ir::Diagnostics& diags) const {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  const size_t n = after_.size();
  Graph graph(n);
  bool self_loop = false;
  for (uint32_t from = 0; from < n; ++from)
    for (const Edge& e : after_[from]) {
      boost::add_edge(from, e.to, graph);
      self_loop |= e.to == from;
    }
  std::vector<int> component(n);
  int components = boost::strong_components(graph, component.data());
  if (components == static_cast<int>(n) && !self_loop) return true;

  std::vector<int> size(components, 0);
  for (int c : component) ++size[c];
  std::vector<bool> reported(components, false);
  bool acyclic = true;
  // Services are visited in name order, so each cycle is printed from its
  // member with the smallest name.
  for (uint32_t start = 0; start < n; ++start) {
    int c = component[start];
    bool loops = size[c] > 1 || std::any_of(after_[start].begin(), after_[start].end(),
                                            [&](const Edge& e) { return e.to == start; });
    if (!loops || reported[c]) continue;
    reported[c] = true;
    acyclic = false;
    std::vector<const Edge*> path = ShortestCycle(start, component);
    // Shown in the direction users write: "api -> auth" reads "api depends
    // on (or audits) auth", so the path is walked backwards.
    std::reverse(path.begin(), path.end());
    std::string text = model_.services[start].name;
    for (const Edge* e : path) text += " -> " + model_.services[e->from].name;
    ir::Diagnostic d{ir::Severity::kError, path.empty() ? model_.services[start].at : path[0]->at,
                     "services form a cycle: " + text,
                     "depends_on and audits edges must form a DAG; remove one edge of the cycle",
                     {}};
    for (size_t i = 1; i < path.size(); ++i) {
      const Edge* e = path[i];
      d.notes.push_back({ir::Severity::kNote, e->at,
                         "'" + model_.services[e->to].name +
                             (e->audit ? "' audits '" : "' depends on '") +
                             model_.services[e->from].name + "' here",
                         "", {}});
    }
    diags.Report(std::move(d));
  }
  return acyclic;
}

std::vector<ir::ServiceId> DependencyGraph::Closure(const std::vector<ir::ServiceRef>& roots) const {
  std::vector<bool> in(model_.services.size(), false);
  std::vector<ir::ServiceId> work;
  auto add = [&](ir::ServiceId id) {
    if (!in[id.index]) {
      in[id.index] = true;
      work.push_back(id);
    }
  };
  for (const ir::ServiceRef& r : roots) add(r.id);
  while (!work.empty()) {
    ir::ServiceId id = work.back();
    work.pop_back();
    for (const ir::ServiceRef& dep : model_.service(id).depends_on) add(dep.id);
    for (ir::ServiceId auditor : auditors_[id.index]) add(auditor);
  }
  std::vector<ir::ServiceId> members;
  for (uint32_t i = 0; i < in.size(); ++i)
    if (in[i]) members.push_back(ir::ServiceId{i});
  return members;
}

std::vector<ir::ServiceId> DependencyGraph::TopologicalOrder(
    const std::vector<ir::ServiceId>& members) const {
  std::vector<int> indegree(model_.services.size(), -1);  // -1: not a member
  for (ir::ServiceId id : members) indegree[id.index] = 0;
  for (ir::ServiceId id : members)
    for (const Edge& e : after_[id.index])
      if (indegree[e.to] >= 0) ++indegree[e.to];
  // Ids follow names, so the smallest id in the ready set is the smallest name.
  std::set<uint32_t> ready;
  for (ir::ServiceId id : members)
    if (indegree[id.index] == 0) ready.insert(id.index);
  std::vector<ir::ServiceId> order;
  while (!ready.empty()) {
    uint32_t next = *ready.begin();
    ready.erase(ready.begin());
    order.push_back(ir::ServiceId{next});
    for (const Edge& e : after_[next])
      if (indegree[e.to] > 0 && --indegree[e.to] == 0) ready.insert(e.to);
  }
  return order;
}

}  // namespace nbc::compiler
