// SPDX-License-Identifier: Apache-2.0
// The diff for terminals: the summary line first, then per changed
// environment its settings, services, node types, node actions and grouped
// value changes with their causes. Symbols as reviewers know them from
// terraform: + create, - delete, ~ update in place, -/+ replace.
#include <fmt/format.h>

#include "backends/plan_diff_format.h"
#include "backends/plan_diff_render.h"
#include "ir/visible_text.h"

namespace nbc::backends {
namespace {

using namespace diff_format;  // NOLINT: the renderers' shared wording

class TextWriter {
 public:
  explicit TextWriter(bool color) : color_(color) {}

  void Line(int indent, const std::string& text) { out_ += std::string(indent, ' ') + text + "\n"; }
  void Blank() { out_ += "\n"; }

  // The symbol of an action, coloured like terraform's.
  std::string Symbol(DiffAction action) const {
    switch (action) {
      case DiffAction::kCreate: return Paint("+", "32");
      case DiffAction::kDelete: return Paint("-", "31");
      case DiffAction::kReplace: return Paint("-/+", "35");
      case DiffAction::kUpdate: return Paint("~", "33");
    }
    return "~";
  }
  std::string Bold(const std::string& text) const { return Paint(text, "1"); }
  std::string Take() { return std::move(out_); }

 private:
  std::string Paint(const std::string& text, const char* code) const {
    return color_ ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : text;
  }
  bool color_;
  std::string out_;
};

void Changes(TextWriter& w, int indent, const std::vector<ValueChange>& changes) {
  for (const ValueChange& c : changes) {
    std::string cause = CauseText(c, Plain, Plain);
    w.Line(indent, ChangeText(c, Plain) + (cause.empty() ? "" : " (" + cause + ")"));
  }
}

void Services(TextWriter& w, const EnvironmentDiff& e) {
  if (e.action != DiffAction::kUpdate) {
    // A new or removed environment: its services in one line.
    std::string names;
    for (const ServiceDiff& s : e.services) names += (names.empty() ? "" : ", ") + ir::Visible(s.name);
    if (!names.empty()) w.Line(2, w.Symbol(*e.action) + " services: " + names);
    return;
  }
  for (const ServiceDiff& s : e.services) {
    w.Line(2, w.Symbol(s.action) + " service " + ir::Visible(s.name));
    Changes(w, 6, s.changes);
  }
  if (e.service_order) {
    auto join = [](const std::vector<std::string>& names) {
      std::string out;
      for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
      return ir::Visible(out);
    };
    w.Line(2, w.Symbol(DiffAction::kUpdate) + " rollout order: " + join(e.service_order->first) +
                  " → " + join(e.service_order->second));
  }
}

void NodeType(TextWriter& w, const NodeTypeDiff& t) {
  std::vector<std::string> parts;
  if (t.action != DiffAction::kUpdate) parts.push_back(fmt::format("{} × {}", t.count, ir::Visible(t.flavor)));
  if (t.cost.delta_monthly() != 0) parts.push_back(SignedMoney(t.cost.delta_monthly()) + "/month");
  std::string head = w.Symbol(t.action) + " node type " + ir::Visible(t.name);
  for (size_t i = 0; i < parts.size(); ++i) head += (i ? "; " : ": ") + parts[i];
  w.Line(2, head);
  if (t.load_balancer && t.action == DiffAction::kUpdate)
    w.Line(6, "load balancer: " + std::string(ActionName(*t.load_balancer)));
  Changes(w, 6, t.changes);
}

// Node actions, then value changes, per node type. Updates in place are not
// listed as actions: the value changes below say which nodes they touch.
void Nodes(TextWriter& w, const EnvironmentDiff& e, const std::string& type) {
  for (const NodeActionGroup& g : e.node_actions) {
    if (g.node_type != type || g.action == DiffAction::kUpdate) continue;
    std::string line = w.Symbol(g.action) + " " + ActionNodes(g, e.name, Plain);
    if (g.action == DiffAction::kReplace) {
      std::string reasons;
      for (const std::string& r : g.reasons) reasons += (reasons.empty() ? "" : ", ") + r;
      line += ", replaced because of " + ir::Visible(reasons);
    }
    w.Line(2, line);
  }
  for (const NodeChangeGroup& g : e.node_changes) {
    if (g.node_type != type) continue;
    std::string line = w.Symbol(DiffAction::kUpdate) + " " + ChangeText(g.change, Plain) + " " +
                       OnNodes(g, e.name, Plain);
    if (g.change.forces_replacement) line += ", forces replacement";
    w.Line(2, line);
    std::string cause = CauseText(g.change, Plain, Plain);
    if (!cause.empty()) w.Line(6, cause);
  }
}

void Environment(TextWriter& w, const EnvironmentDiff& e) {
  std::string what = e.action == DiffAction::kCreate   ? " (new)"
                     : e.action == DiffAction::kDelete ? " (removed)"
                                                       : "";
  w.Blank();
  w.Line(0, w.Symbol(*e.action) + " " + w.Bold("environment " + ir::Visible(e.name) + what) + ": " +
                Summary(e.counts, e.cost));
  w.Line(4, "cost " + CostLine(e.cost));
  for (const ValueChange& c : e.changes) w.Line(2, w.Symbol(DiffAction::kUpdate) + " " + ChangeText(c, Plain));
  Services(w, e);
  // Node types in name order; each with its nodes. Node types without a
  // change of their own may still have nodes that change.
  std::vector<std::string> types;
  for (const NodeTypeDiff& t : e.node_types) types.push_back(t.name);
  for (const NodeActionGroup& g : e.node_actions) types.push_back(g.node_type);
  for (const NodeChangeGroup& g : e.node_changes) types.push_back(g.node_type);
  std::sort(types.begin(), types.end());
  types.erase(std::unique(types.begin(), types.end()), types.end());
  for (const std::string& type : types) {
    for (const NodeTypeDiff& t : e.node_types)
      if (t.name == type) NodeType(w, t);
    Nodes(w, e, type);
  }
}

}  // namespace

std::string DiffToText(const PlanDiff& diff, const std::vector<std::string>& violations,
                       bool color) {
  if (!diff.changed()) return "No changes.\n";
  TextWriter w(color);
  w.Line(0, w.Bold(Summary(diff.counts, diff.cost)));
  w.Line(4, "cost " + CostLine(diff.cost));
  for (const CostDimensionDiff& d : diff.costs_by)
    if (!d.groups.empty()) w.Line(6, "by " + DimensionName(d) + ": " + CostGroupsText(d, Plain) + " a month");
  if (!diff.project.empty()) {
    w.Blank();
    w.Line(0, w.Symbol(DiffAction::kUpdate) + " " + w.Bold("project"));
    for (const ValueChange& c : diff.project) w.Line(2, w.Symbol(DiffAction::kUpdate) + " " + ChangeText(c, Plain));
  }
  for (const EnvironmentDiff& e : diff.environments)
    if (e.action) Environment(w, e);
  if (!violations.empty()) {
    w.Blank();
    for (const std::string& v : violations) w.Line(0, "forbidden: " + v);
  }
  return w.Take();
}

}  // namespace nbc::backends
