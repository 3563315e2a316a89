// SPDX-License-Identifier: Apache-2.0
// The diff as a pull-request comment (GitHub-flavoured Markdown): the summary,
// a table with one row per environment, forbidden changes, then a <details>
// block per changed environment. Every user value is Visible() and then
// escaped: code spans whose fence outgrows any backtick run inside, `|` in
// table cells, HTML escapes in <summary>, backslashes before punctuation in
// prose, so no value can inject markup, links or mentions into the comment.
#include <fmt/format.h>

#include "backends/plan_diff_format.h"
#include "backends/plan_diff_render.h"
#include "ir/visible_text.h"

namespace nbc::backends {
namespace {

using namespace diff_format;  // NOLINT: the renderers' shared wording

// GitHub rejects comments over 65,536 characters: each environment lists at
// most this many lines; the rest is counted and left to the text or JSON form.
constexpr size_t kMaxLinesPerEnvironment = 200;

// A code span: a fence longer than the longest backtick run inside, padded
// when the value starts or ends with a backtick (CommonMark §6.1).
std::string CodeSpan(std::string_view visible) {
  size_t longest = 0, run = 0;
  for (char c : visible) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(longest + 1, '`');
  bool pad = !visible.empty() && (visible.front() == '`' || visible.back() == '`');
  std::string pad_text = pad ? " " : "";
  return fence + pad_text + std::string(visible) + pad_text + fence;
}

// Prose from a plan (a layer name, a flavor reason): ASCII punctuation
// escaped, so `<`, `[`, `*`, `|`, `@` and friends stay literal.
std::string Text(std::string_view visible) {
  std::string out;
  for (char c : visible) {
    if (std::ispunct(static_cast<unsigned char>(c))) out += '\\';
    out += c;
  }
  return out;
}

// A code span inside a table cell, where GFM splits cells at `|` even in code.
std::string Cell(std::string_view visible) {
  std::string span = CodeSpan(visible), out;
  for (char c : span) out += c == '|' ? "\\|" : std::string(1, c);
  return out;
}

std::string Html(std::string_view visible) {
  std::string out;
  for (char c : visible) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '$': out += "&#36;"; break;  // GitHub reads $…$ as math
      default: out += c;
    }
  }
  return out;
}

// Our own wording with money in it: GitHub would read "$1.00 → $2.00" as math.
std::string Dollars(std::string_view text) {
  std::string out;
  for (char c : text) out += c == '$' ? "\\$" : std::string(1, c);
  return out;
}

std::string_view Verb(DiffAction action) {
  switch (action) {
    case DiffAction::kCreate: return "**add**";
    case DiffAction::kReplace: return "**replace**";
    case DiffAction::kUpdate: return "**change**";
    case DiffAction::kDelete: return "**remove**";
  }
  return "**change**";
}

void Table(const PlanDiff& diff, std::string& out) {
  out += "| environment | add | replace | change | remove | \\$/month before | \\$/month after | change |\n"
         "|:--|--:|--:|--:|--:|--:|--:|--:|\n";
  auto row = [&out](const std::string& name, const DiffCounts& c, const DiffCost& cost) {
    std::string delta = SignedMoney(cost.delta_monthly());
    if (!Percent(cost).empty() && cost.delta_monthly() != 0) delta += " (" + Percent(cost) + ")";
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", name, c.add, c.replace,
                       c.change, c.remove, Dollars(Money(cost.old_monthly)),
                       Dollars(Money(cost.new_monthly)), Dollars(delta));
  };
  for (const EnvironmentDiff& e : diff.environments) {
    std::string note = e.action == DiffAction::kCreate   ? " (new)"
                       : e.action == DiffAction::kDelete ? " (removed)"
                       : !e.action                       ? " (no changes)"
                                                         : "";
    row(Cell(ir::Visible(e.name)) + note, e.counts, e.cost);
  }
  row("**total**", diff.counts, diff.cost);
  // The cost roll-up: customers, apps and node types whose cost changes.
  std::string by;
  for (const CostDimensionDiff& d : diff.costs_by) {
    if (d.groups.empty() || d.dimension == "environment") continue;  // the table shows those
    std::string groups;
    for (const CostGroupDiff& g : d.groups)
      groups += (groups.empty() ? "" : "; ") +
                (g.name ? CodeSpan(ir::Visible(*g.name)) : "(no " + DimensionName(d) + " label)") + " " +
                Dollars(Money(g.cost.old_monthly) + " → " + Money(g.cost.new_monthly) + " (" +
                        SignedMoney(g.cost.delta_monthly()) + ")");
    by += "- by " + DimensionName(d) + ": " + groups + " a month\n";
  }
  if (!by.empty()) out += "\n" + by;
}

// Collects the list items of one environment, so the cap applies to all.
class Items {
 public:
  void Add(std::string line, std::string detail = "") {
    ++total_;
    if (lines_.size() >= kMaxLinesPerEnvironment) return;
    if (!detail.empty()) line += "<br>" + detail;
    lines_.push_back("- " + std::move(line) + "\n");
  }
  void Write(std::string& out) const {
    for (const std::string& l : lines_) out += l;
    if (total_ > lines_.size())
      out += fmt::format("- … and {} more (see `nbc diff --format text` or `--format json`)\n",
                         total_ - lines_.size());
  }

 private:
  std::vector<std::string> lines_;
  size_t total_ = 0;
};

std::string Change(const ValueChange& c) {
  return ChangeText(c, CodeSpan);
}

void NodeItems(const EnvironmentDiff& e, Items& items) {
  for (const NodeTypeDiff& t : e.node_types) {
    std::vector<std::string> parts;
    if (t.action != DiffAction::kUpdate)
      parts.push_back(fmt::format("{} × {}", t.count, CodeSpan(ir::Visible(t.flavor))));
    if (t.cost.delta_monthly() != 0)
      parts.push_back(Dollars(SignedMoney(t.cost.delta_monthly())) + "/month");
    std::string line = std::string(Verb(t.action)) + " node type " + CodeSpan(ir::Visible(t.name));
    for (size_t i = 0; i < parts.size(); ++i) line += (i ? "; " : ": ") + parts[i];
    std::string detail;
    if (t.load_balancer && t.action == DiffAction::kUpdate)
      detail = "load balancer: " + std::string(ActionName(*t.load_balancer));
    for (const ValueChange& c : t.changes) {
      std::string cause = CauseText(c, CodeSpan, Text);
      detail += (detail.empty() ? "" : "<br>") + Change(c) + (cause.empty() ? "" : " (" + cause + ")");
    }
    items.Add(line, detail);
  }
  for (const NodeActionGroup& g : e.node_actions) {
    if (g.action == DiffAction::kUpdate) continue;  // the changes below say where
    std::string line = std::string(Verb(g.action)) + " " + ActionNodes(g, e.name, CodeSpan);
    if (g.action == DiffAction::kReplace) {
      std::string reasons;
      for (const std::string& r : g.reasons) reasons += (reasons.empty() ? "" : ", ") + CodeSpan(ir::Visible(r));
      line += ", because of " + reasons;
    }
    items.Add(line);
  }
  for (const NodeChangeGroup& g : e.node_changes) {
    std::string line = Change(g.change) + " " + OnNodes(g, e.name, CodeSpan);
    if (g.change.forces_replacement) line += ", forces replacement";
    items.Add(line, CauseText(g.change, CodeSpan, Text));
  }
}

void EnvironmentDetails(const EnvironmentDiff& e, std::string& out) {
  out += "\n<details><summary><b>" + Html(ir::Visible(e.name)) + "</b>: " +
         Html(Summary(e.counts, e.cost)) + "</summary>\n\n";
  Items items;
  items.Add("cost " + Dollars(CostLine(e.cost)));
  for (const ValueChange& c : e.changes) items.Add(Change(c));
  for (const ServiceDiff& s : e.services) {
    std::string detail;
    for (const ValueChange& c : s.changes) detail += (detail.empty() ? "" : "<br>") + Change(c);
    items.Add(std::string(Verb(s.action)) + " service " + CodeSpan(ir::Visible(s.name)), detail);
  }
  if (e.service_order) {
    auto join = [](const std::vector<std::string>& names) {
      std::string out;
      for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
      return CodeSpan(ir::Visible(out));
    };
    items.Add("rollout order " + join(e.service_order->first) + " → " + join(e.service_order->second));
  }
  NodeItems(e, items);
  items.Write(out);
  out += "\n</details>\n";
}

}  // namespace

std::string DiffToMarkdown(const PlanDiff& diff, const std::vector<std::string>& violations) {
  if (!diff.changed()) return "### nbc diff\n\nNo changes.\n";
  std::string out = "### nbc diff\n\n**" + Dollars(Summary(diff.counts, diff.cost)) + "**\n\n";
  Table(diff, out);
  if (!violations.empty()) {
    out += "\n> [!CAUTION]\n> Forbidden by `--fail-on`:\n";
    for (const std::string& v : violations) out += "> - " + Text(ir::Visible(v)) + "\n";
  }
  if (!diff.project.empty()) {
    out += "\n**project**\n\n";
    for (const ValueChange& c : diff.project) out += "- " + Change(c) + "\n";
  }
  for (const EnvironmentDiff& e : diff.environments)
    if (e.action) EnvironmentDetails(e, out);
  return out;
}

}  // namespace nbc::backends
