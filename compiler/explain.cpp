// SPDX-License-Identifier: Apache-2.0
// `nbc explain`: replays the node's layers one at a time and reports, for
// each, what it did to the value (Hiera's --explain is the model).
#include "compiler/explain.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/param_merge.h"
#include "compiler/suggest.h"
#include "ir/visible_text.h"

namespace nbc::compiler {
namespace {

const ir::PlanNode* FindNode(const ir::PlanEnvironment& env, const std::string& wanted) {
  for (const ir::PlanNode& n : env.nodes)
    if (n.address == wanted || n.hostname == wanted || n.address == env.name + "/" + wanted)
      return &n;
  for (const ir::PlanNode& n : env.nodes)
    if (n.node_type == wanted) return &n;  // a node type: its first node
  return nullptr;
}

template <class T>
const T* ByName(const std::vector<T>& items, const std::string& name) {
  for (const T& item : items)
    if (item.name == name) return &item;
  return nullptr;
}

// What layer `layer` did to the value at `path`.
std::string Action(const ir::ParamValue* before, const ir::ParamValue* after,
                   const ir::ParamValue* written) {
  if (before && !after) return "removes";
  if (!after) return "-";
  if (!before) return "sets";
  if (written && written->op == ir::MergeOp::kAppend) return "appends";
  if (written) return ir::SameValue(*before, *after) ? "repeats" : "overrides";
  return ir::SameValue(*before, *after) ? "-" : "replaces";
}

const ir::Flavor* FlavorNamed(const ir::Provider& provider, const std::string& name) {
  for (const ir::Flavor& f : provider.flavors)
    if (f.name == name) return &f;
  return nullptr;
}

// "+$39.71/month" for the node type's whole count, against the chosen flavor.
std::string MonthlyDelta(double hourly, double chosen_hourly, int count) {
  double delta = (hourly - chosen_hourly) * count * ir::kHoursPerMonth;
  if (std::abs(delta) < 0.005) return "same";
  return fmt::format("{}${:.2f}/month", delta < 0 ? "-" : "+", std::abs(delta));
}

// Larry's "which do you want?": the grade, the choice and why, and every
// flavor of the provider and kind with what it costs against the choice.
std::string ExplainFlavor(const ir::Model& model, const ir::PlanEnvironment& env,
                          const ir::PlanNode& node) {
  const ir::PlanNodeType* t = ByName(env.node_types, node.node_type);
  std::string out = fmt::format("flavor of {} ({}) = {}\n", node.address, node.hostname,
                                t->flavor.empty() ? "-" : ir::Visible(t->flavor));
  out += "  why: " + ir::Visible(t->flavor_reason) + "\n";
  const ir::NodeType* type = ByName(model.node_types, t->name);
  const ir::Provider* provider = ByName(model.project.providers, env.provider);
  const ir::Flavor* chosen = provider ? FlavorNamed(*provider, t->flavor) : nullptr;
  if (!type || !type->grade.valid() || !provider || !chosen) return out;
  const ir::Grade& grade = model.grade(type->grade);
  out += fmt::format("  grade {} needs {} cpu and {} GiB ({})\n", grade.name, grade.cpu,
                     grade.memory_gib, model.files.Format(grade.at));
  if (const ir::Environment* e = ByName(model.environments, env.name)) {
    for (const ir::ResolvedNodeType& rnt : e->node_types) {
      if (model.node_type(rnt.node_type).name != t->name) continue;
      if (rnt.flavor) out += "  set at " + model.files.Format(rnt.flavor_at) + "\n";
      else if (type->flavor) out += "  set at " + model.files.Format(type->flavor_at) + "\n";
    }
  }
  out += fmt::format("  {} × {} at ${:.4f}/h = ${:.4f}/h, ${:.2f}/month\n\n", t->count,
                     ir::Visible(chosen->name), chosen->hourly_usd, chosen->hourly_usd * t->count,
                     chosen->hourly_usd * t->count * ir::kHoursPerMonth);
  // The provider's flavors of this kind, cheapest first, ties by name.
  std::vector<const ir::Flavor*> flavors;
  for (const ir::Flavor& f : provider->flavors)
    if (f.kind == chosen->kind) flavors.push_back(&f);
  std::stable_sort(flavors.begin(), flavors.end(), [](const ir::Flavor* a, const ir::Flavor* b) {
    return a->hourly_usd < b->hourly_usd;
  });
  std::vector<std::vector<std::string>> rows{{"", "flavor", "cpu", "GiB", "$/hour", "covers", "vs chosen"}};
  for (const ir::Flavor* f : flavors) {
    bool covers = f->cpu >= grade.cpu && f->memory_gib >= grade.memory_gib;
    rows.push_back({f == chosen ? "*" : "", ir::Visible(f->name), fmt::format("{}", f->cpu),
                    fmt::format("{}", f->memory_gib), fmt::format("{:.4f}", f->hourly_usd),
                    covers ? "yes" : "no",
                    f == chosen ? "chosen" : MonthlyDelta(f->hourly_usd, chosen->hourly_usd, t->count)});
  }
  std::vector<size_t> width(rows[0].size(), 0);
  for (const auto& r : rows)
    for (size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
  for (const auto& r : rows) {
    std::string line = "  ";
    for (size_t c = 0; c < r.size(); ++c) line += fmt::format("{}{:<{}}", c ? "  " : "", r[c], width[c]);
    while (line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  out += "\n  The flavors that cover the grade are the alternatives; `flavor:` on the node type\n"
         "  or in the environment's node_types chooses one.\n";
  return out;
}

}  // namespace

std::optional<std::string> Explain(const ir::Model& model, const ir::PlanEnvironment& penv,
                                   const std::string& node_name, const std::string& key,
                                   ir::Diagnostics& diags) {
  const ir::PlanNode* node = FindNode(penv, node_name);
  if (!node) {
    std::vector<std::string> names;
    for (const ir::PlanNode& n : penv.nodes) names.push_back(n.address);
    std::string hint = DidYouMean(penv.name + "/" + node_name, names);
    if (hint.empty() && !names.empty()) hint = "nodes are addressed like " + names.front();
    diags.Error({}, "no node '" + node_name + "' in environment '" + penv.name + "'", hint);
    return std::nullopt;
  }
  if (key == "flavor") return ExplainFlavor(model, penv, *node);
  if (key == "audit_targets" || key.starts_with("audit_targets.")) {
    if (const ir::ParamValue* v = node->params.Find(key)) {
      std::string layer = v->origin.layer.valid() ? model.layer(v->origin.layer).name : "the planner";
      return fmt::format("{} on {} ({}) = {}\n\n  set by the planner: {}, from the services the "
                         "audit lists under `audits:` ({}) and the nodes they run on.\n",
                         key, node->address, node->hostname, ir::Visible(ir::RenderInline(*v)),
                         layer, model.files.Format(v->origin.at));
    }
  }

  const ir::Environment& env = *ByName(model.environments, penv.name);
  const ir::ResolvedNodeType* rnt = nullptr;
  for (const ir::ResolvedNodeType& r : env.node_types)
    if (model.node_type(r.node_type).name == node->node_type) rnt = &r;
  const ir::ResolvedZone& zone = *ByName(env.zones, node->zone);
  std::vector<ir::ServiceId> run_list;
  for (const std::string& s : node->run_list)
    run_list.push_back(ir::ServiceId{static_cast<uint32_t>(ByName(model.services, s) - model.services.data())});

  std::vector<std::vector<std::string>> rows;
  ir::ParamValue merged;
  for (ir::LayerId id : NodeLayers(model, env, *rnt, zone, run_list)) {
    const ir::ParamValue* found = merged.Find(key);
    std::optional<ir::ParamValue> before = found ? std::optional(*found) : std::nullopt;
    const ir::ParamValue* written = model.layer(id).params.Find(key);
    ir::MergeLayer(merged, model.layer(id).params);
    const ir::ParamValue* after = merged.Find(key);
    std::string action = Action(before ? &*before : nullptr, after, written);
    bool touched = action != "-";
    rows.push_back({model.layer(id).name, action,
                    touched && after ? ir::Visible(ir::RenderInline(*after)) : "",
                    touched ? model.files.Format((written ? written : after ? after : &*before)->origin.at) : ""});
  }
  const ir::ParamValue* final_value = node->params.Find(key);
  std::string out = fmt::format("{} on {} ({}) = {}\n\n", key, node->address, node->hostname,
                                final_value ? ir::Visible(ir::RenderInline(*final_value)) : "(not set)");
  size_t w0 = 5, w1 = 6, w2 = 5;
  for (const auto& r : rows) {
    w0 = std::max(w0, r[0].size());
    w1 = std::max(w1, r[1].size());
    w2 = std::max(w2, r[2].size());
  }
  out += fmt::format("  {:>2}  {:<{}}  {:<{}}  {:<{}}  {}\n", "#", "layer", w0, "action", w1,
                     "value", w2, "at");
  for (size_t i = 0; i < rows.size(); ++i) {
    std::string line = fmt::format("  {:>2}  {:<{}}  {:<{}}  {:<{}}  {}", i + 1, rows[i][0], w0,
                                   rows[i][1], w1, rows[i][2], w2, rows[i][3]);
    while (line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  if (!final_value && merged.Find(key)) {
    out += "\nThe node does not receive '" + key + "': no service on its run list (" +
           fmt::format("{}", fmt::join(node->run_list, ", ")) + ") declares the namespace '" +
           key.substr(0, key.find('.')) + "'.\n";
  } else if (!final_value) {
    out += "\nNo layer sets '" + key + "' for this node; the layers are listed lowest first.\n";
  }
  return out;
}

}  // namespace nbc::compiler
