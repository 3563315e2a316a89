// SPDX-License-Identifier: Apache-2.0
// graph.dot: the service DAG and placement as a Graphviz digraph.
#include "backends/dot.h"

#include <fmt/format.h>

#include "ir/visible_text.h"

namespace nbc::backends {
namespace {

// A DOT double-quoted string. Names are validated identifiers, but labels
// carry free text (descriptions), so quotes, backslashes and newlines are escaped.
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') out += "\\n";
    else if (c != '\r') out += c;
  }
  return out + "\"";
}

std::string ServiceId(const std::string& name) { return Quote("service:" + name); }
std::string NodeTypeId(const std::string& name) { return Quote("node_type:" + name); }

void Services(const ir::PlanEnvironment& env, std::string& out) {
  out += "  // Services in rollout order; an arrow reads \"depends on\" or \"audits\".\n";
  for (const ir::PlanService& s : env.services) {
    std::string label = fmt::format("{}. {}", s.order, s.name);
    if (!s.audit_kind.empty()) label += "\n(" + s.audit_kind + " audit)";
    out += fmt::format("  {} [label={}{}];\n", ServiceId(s.name), Quote(label),
                       s.audit_kind.empty() ? "" : ", style=\"rounded,dashed\"");
  }
  for (const ir::PlanService& s : env.services) {
    for (const std::string& dep : s.depends_on)
      out += fmt::format("  {} -> {};\n", ServiceId(s.name), ServiceId(dep));
    for (const std::string& audited : s.audits) {
      bool present = false;
      for (const ir::PlanService& other : env.services) present |= other.name == audited;
      if (present)
        out += fmt::format("  {} -> {} [style=dashed, label=\"audits\"];\n", ServiceId(s.name),
                           ServiceId(audited));
    }
  }
}

void NodeTypes(const ir::PlanEnvironment& env, std::string& out) {
  out += "  // Node types and the services they host.\n";
  for (const ir::PlanNodeType& t : env.node_types) {
    // The flavor is the provider's free text: Visible() keeps a NUL or ESC
    // out of the file, where Graphviz would stop or a terminal would obey it.
    std::string label =
        fmt::format("{}\n{} × {} ({})", t.name, t.count, ir::Visible(t.flavor), t.kind);
    out += fmt::format("  {} [shape=box3d, style=filled, fillcolor=\"#eeeeee\", label={}];\n",
                       NodeTypeId(t.name), Quote(label));
    for (const std::string& s : t.services)
      out += fmt::format("  {} -> {} [color=gray, arrowhead=none, style=dotted];\n",
                         NodeTypeId(t.name), ServiceId(s));
  }
}

}  // namespace

std::string EnvironmentToDot(const ir::PlanEnvironment& env) {
  std::string out = fmt::format("digraph {} {{\n", Quote(env.name));
  out += fmt::format("  graph [rankdir=LR, fontname=\"Helvetica\", label={}];\n",
                     Quote("environment " + env.name + ": services and placement"));
  out += "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  Services(env, out);
  NodeTypes(env, out);
  return out + "}\n";
}

void DotBackend::Emit(const ir::Plan& plan, OutputSet& out, ir::Diagnostics&) const {
  out.Add("graph.dot", EnvironmentToDot(plan.environments.at(0)));
}

}  // namespace nbc::backends
