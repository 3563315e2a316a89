// SPDX-License-Identifier: Apache-2.0
// plan.txt: summary tables per environment, then services in rollout order,
// node types with their flavor choice, and nodes grouped by node type and zone
// with their merged parameters. Every user value goes through ir::Visible().
#include "backends/plan_text.h"

#include <fmt/format.h>

#include <map>

#include "backends/cost_rollup.h"
#include "backends/param_json.h"
#include "backends/plan_text_release.h"
#include "backends/plan_pools.h"
#include "ir/visible_text.h"

namespace nbc::backends {
namespace {

std::string Join(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::string Money(double usd) { return fmt::format("{:.2f}", RoundMonthly(usd)); }
std::string Hourly(double usd) { return fmt::format("{:.4f}", RoundHourly(usd)); }

// A table whose columns are padded to their widest cell; numbers right-aligned.
class Table {
 public:
  explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string Render(const std::string& indent) const {
    std::vector<size_t> width(rows_[0].size(), 0);
    for (const auto& row : rows_)
      for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    std::string out;
    for (const auto& row : rows_) {
      std::string line = indent;
      for (size_t c = 0; c < row.size(); ++c) {
        bool numeric = c > 0 && !row[c].empty() && (std::isdigit(row[c][0]) || row[c] == "-");
        line += numeric ? fmt::format("{:>{}}", row[c], width[c]) : fmt::format("{:<{}}", row[c], width[c]);
        if (c + 1 < row.size()) line += "  ";
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
    return out;
  }

 private:
  std::vector<std::vector<std::string>> rows_;
};

void Summary(const ir::PlanEnvironment& e, std::string& out) {
  out += fmt::format("Environment {} ({} {}; zones {}), version {}\n", e.name, e.provider, e.region,
                     Join(e.zones, " "), e.version.empty() ? "-" : ir::Visible(e.version));
  std::vector<std::string> header{"node type", "kind", "flavor", "count"};
  for (const std::string& z : e.zones) header.push_back(z);
  header.insert(header.end(), {"$/hour", "$/month"});
  Table table(header);
  int nodes = 0;
  for (const ir::PlanNodeType& t : e.node_types) {
    std::vector<std::string> row{t.name, t.kind, t.pool.empty() ? ir::Visible(t.flavor) : "pool " + t.pool,
                                 std::to_string(t.count)};
    for (const std::string& z : e.zones) row.push_back(std::to_string(t.per_zone.at(z)));
    row.insert(row.end(), {Hourly(t.hourly_usd), Money(t.hourly_usd * ir::kHoursPerMonth)});
    table.Add(row);
    nodes += t.count;
  }
  std::vector<std::string> total{"total", "", "", std::to_string(nodes)};
  for (size_t i = 0; i < e.zones.size(); ++i) total.push_back("");
  total.insert(total.end(), {Hourly(e.hourly_usd), Money(e.hourly_usd * ir::kHoursPerMonth)});
  table.Add(total);
  out += table.Render("  ");
}

void Services(const ir::PlanEnvironment& e, std::string& out) {
  out += "\n  Services, in rollout order:\n";
  if (e.services.empty()) out += "    (none)\n";
  for (const ir::PlanService& s : e.services) {
    out += fmt::format("    {:>2}. {} on {}", s.order, s.name, Join(s.node_types));
    if (!s.depends_on.empty()) out += "; after " + Join(s.depends_on);
    if (!s.audits.empty()) out += "; audits (" + (s.audit_kind.empty() ? "-" : s.audit_kind) + ") " + Join(s.audits);
    out += "\n";
  }
}

void NodeTypes(const ir::Plan& plan, const ir::PlanEnvironment& e, std::string& out) {
  out += "\n  Node types:\n";
  for (const ir::PlanNodeType& t : e.node_types) {
    out += fmt::format("    {}: {} × {} ({}), grade {}, roles {}, image {}\n", t.name, t.count,
                       t.pool.empty() ? ir::Visible(t.flavor) : "host", ir::Visible(t.flavor_reason), t.grade, t.roles.empty() ? "-" : Join(t.roles),
                       t.image.empty() ? "-" : ir::Visible(t.image));
    out += AlternativesText(t);
    if (t.min_per_az > 0) out += fmt::format("      ha: at least {} per zone\n", t.min_per_az);
    out += LoadBalancerText(t);
    if (t.rds)
      out += fmt::format("      rds: {} {}, {} GiB{}{}\n", t.rds->engine,
                         t.rds->engine_version.empty() ? "(default version)" : ir::Visible(t.rds->engine_version),
                         t.rds->storage_gib,
                         t.rds->max_storage_gib ? fmt::format(" (autoscaling to {})", t.rds->max_storage_gib) : "",
                         t.rds->multi_az ? ", multi-AZ" : "");
    out += "      run list: " + (t.services.empty() ? "-" : Join(t.services)) + "\n";
    out += StackAndSeedText(plan, t);
  }
}

void Params(const ir::ParamValue& tree, const std::string& prefix, std::string& out) {
  for (const auto& [key, value] : tree.map) {
    std::string path = prefix.empty() ? ir::Visible(key) : prefix + "." + ir::Visible(key);
    if (value.kind == ir::ParamKind::kMap && !value.map.empty()) {
      Params(value, path, out);
    } else {
      out += "          " + path + " = " + ir::Visible(ir::RenderInline(value)) + "\n";
    }
  }
}

// With `nbc plan --state`: "  replace (flavor t3.small -> t3.medium)"; else "".
std::string Change(const ir::PlanNode& n) {
  if (n.change.empty() || n.change == "none") return "";
  return "  " + n.change + (n.change_reason.empty() ? "" : " (" + ir::Visible(n.change_reason) + ")");
}

// With `nbc plan --state`: the serial compared with, the counts, the deletions.
void State(const ir::PlanEnvironment& e, std::string& out) {
  if (!e.state_serial) return;
  std::map<std::string, int> counts;
  for (const ir::PlanNode& n : e.nodes) ++counts[n.change];
  out += fmt::format("\n  State: compared with serial {}: {} create, {} update, {} replace, {} delete\n",
                     *e.state_serial, counts["create"], counts["update"], counts["replace"],
                     e.removed_nodes.size());
  for (const ir::RemovedNode& r : e.removed_nodes)
    out += fmt::format("    delete {} (generation {})\n", r.address, r.generation);
}

// Nodes of one node type and zone share their parameters, so they are shown
// once per group rather than once per node.
void Nodes(const ir::PlanEnvironment& e, std::string& out) {
  out += "\n  Nodes:\n";
  if (e.nodes.empty()) out += "    (none)\n";
  for (size_t i = 0; i < e.nodes.size();) {
    size_t j = i;
    while (j < e.nodes.size() && e.nodes[j].node_type == e.nodes[i].node_type &&
           e.nodes[j].zone == e.nodes[i].zone)
      ++j;
    out += fmt::format("    {} in {} ({} node{}):\n", e.nodes[i].node_type, e.nodes[i].zone, j - i,
                       j - i == 1 ? "" : "s");
    for (size_t k = i; k < j; ++k)
      out += fmt::format("      {}  {}  generation {}{}\n", e.nodes[k].address, e.nodes[k].hostname,
                         e.nodes[k].generation, Change(e.nodes[k]));
    out += "      params:\n";
    if (e.nodes[i].params.map.empty()) out += "          (none)\n";
    Params(e.nodes[i].params, "", out);
    i = j;
  }
}

}  // namespace

std::string PlanToText(const ir::Plan& plan) {
  double total = 0;
  size_t nodes = 0;
  for (const ir::PlanEnvironment& e : plan.environments) {
    total += e.hourly_usd;
    nodes += e.nodes.size();
  }
  std::string out = fmt::format(
      "Plan for project {}: {} environment{}, {} node{}, ${}/hour, ${}/month\n", plan.project,
      plan.environments.size(), plan.environments.size() == 1 ? "" : "s", nodes,
      nodes == 1 ? "" : "s", Hourly(total), Money(total * ir::kHoursPerMonth));
  out += ReleaseText(plan);
  for (const ir::PlanEnvironment& e : plan.environments) {
    out += "\n";
    Summary(e, out);
  }
  out += CostsToText(RollUpCosts(plan));
  for (const ir::PlanEnvironment& e : plan.environments) {
    out += "\n== " + e.name + " ==\n";
    State(e, out);
    Services(e, out);
    NodeTypes(plan, e, out);
    out += AuditCoverageText(plan, e);
    out += PoolsToText(e.pools);
    Nodes(e, out);
  }
  return out;
}

}  // namespace nbc::backends
