// SPDX-License-Identifier: Apache-2.0
// Shared wording of the text and Markdown diff renderers.
#include "backends/plan_diff_format.h"

#include <fmt/format.h>

#include <cmath>

#include "backends/param_json.h"
#include "ir/visible_text.h"

namespace nbc::backends::diff_format {
namespace {

using nlohmann::json;

bool IsSecretRef(const json& v) {
  return v.is_object() && v.size() == 1 && v.begin().key() == kSecretKey && v.begin()->is_string();
}

std::string Quoted(const std::string& s) {
  return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
}

// Flow style: strings quoted, so "8" and 8 read differently.
std::string Flow(const json& v) {
  if (IsSecretRef(v)) return "(secret " + v.begin()->get<std::string>() + ")";
  if (v.is_string()) return Quoted(v.get<std::string>());
  if (v.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + Flow(v[i]);
    return out + "]";
  }
  if (v.is_object()) {
    std::string out = "{";
    for (auto it = v.begin(); it != v.end(); ++it)
      out += (it == v.begin() ? "" : ", ") + it.key() + ": " + Flow(*it);
    return out + "}";
  }
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Attributes are names and lists of names: bare reads best.
std::string Bare(const json& v) {
  if (v.is_string()) return v.get_ref<const std::string&>().empty() ? "\"\"" : v.get<std::string>();
  if (v.is_array() && std::all_of(v.begin(), v.end(), [](const json& i) { return i.is_string(); })) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i].get<std::string>();
    return out + "]";
  }
  return Flow(v);
}

}  // namespace

std::string Plain(std::string_view visible) { return std::string(visible); }

std::string Summary(const DiffCounts& c, const DiffCost& cost) {
  return fmt::format("{} to add, {} to replace, {} to change, {} to remove; {}/month", c.add,
                     c.replace, c.change, c.remove, SignedMoney(cost.delta_monthly()));
}

std::string Money(double usd) { return fmt::format("${:.2f}", RoundMonthly(usd)); }
std::string Hourly(double usd) { return fmt::format("${:.4f}", RoundHourly(usd)); }

std::string SignedMoney(double usd) {
  double cents = RoundMonthly(usd);
  if (cents == 0) return "$0.00";
  return fmt::format("{}${:.2f}", cents > 0 ? "+" : "-", std::fabs(cents));
}

std::string Percent(const DiffCost& cost) {
  std::optional<double> p = cost.percent();
  if (!p) return "";
  return fmt::format("{}{:.1f}%", *p >= 0 ? "+" : "-", std::fabs(*p));
}

std::string CostLine(const DiffCost& c) {
  std::string delta = SignedMoney(c.delta_monthly());
  std::string percent = Percent(c);
  if (!percent.empty() && c.delta_monthly() != 0) delta += ", " + percent;
  return fmt::format("{} → {}/month ({}); {} → {}/hour", Money(c.old_monthly),
                     Money(c.new_monthly), delta, Hourly(c.old_hourly), Hourly(c.new_hourly));
}

std::string DimensionName(const CostDimensionDiff& d) {
  return d.dimension == "node_type" ? "node type" : d.dimension;
}

std::string CostGroupsText(const CostDimensionDiff& d, Code code) {
  std::string out;
  for (const CostGroupDiff& g : d.groups) {
    std::string name = g.name ? code(ir::Visible(*g.name)) : "(no " + DimensionName(d) + " label)";
    out += fmt::format("{}{} {} → {} ({})", out.empty() ? "" : "; ", name, Money(g.cost.old_monthly),
                       Money(g.cost.new_monthly), SignedMoney(g.cost.delta_monthly()));
  }
  return out;
}

std::string Count(size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string Value(const std::optional<json>& v, bool is_param) {
  if (!v) return "(unset)";
  return ir::Visible(is_param ? Flow(*v) : Bare(*v));
}

std::string ChangeText(const ValueChange& c, Code code) {
  return code(ir::Visible(c.path)) + " " + code(Value(c.old_value, c.is_param)) + " → " +
         code(Value(c.new_value, c.is_param));
}

std::string CauseText(const ValueChange& c, Code code, Code text) {
  if (c.cause && (!c.cause->at.empty() || !c.cause->layer.empty())) {
    std::string out = c.new_value ? "set by " : "was set by ";
    if (!c.cause->at.empty()) out += code(ir::Visible(c.cause->at));
    if (!c.cause->layer.empty())
      out += c.cause->at.empty() ? text(ir::Visible(c.cause->layer))
                                 : " (" + text(ir::Visible(c.cause->layer)) + ")";
    return out;
  }
  if (!c.reason.empty()) return "why: " + text(ir::Visible(c.reason));
  return "";
}

std::string NodeList(const std::vector<std::string>& nodes, bool all, std::string_view env,
                     std::string_view node_type, Code code, size_t shown) {
  if (all && nodes.size() > 1)
    return code(ir::Visible(std::string(env) + "/" + std::string(node_type) + "/*"));
  std::string out;
  for (size_t i = 0; i < nodes.size() && i < shown; ++i)
    out += (i ? ", " : "") + code(ir::Visible(nodes[i]));
  if (nodes.size() > shown) out += fmt::format(" and {} more", nodes.size() - shown);
  return out;
}

std::string OnNodes(const NodeChangeGroup& g, std::string_view env, Code code) {
  return "on " + Count(g.nodes.size(), "node", "nodes") + " of " + code(ir::Visible(g.node_type)) +
         " (" + NodeList(g.nodes, g.all_nodes, env, g.node_type, code) + ")";
}

std::string ActionNodes(const NodeActionGroup& g, std::string_view env, Code code) {
  return Count(g.nodes.size(), "node", "nodes") + " of " + code(ir::Visible(g.node_type)) + " (" +
         NodeList(g.nodes, g.all_nodes, env, g.node_type, code) + ")";
}

}  // namespace nbc::backends::diff_format
