// SPDX-License-Identifier: Apache-2.0
// The --fail-on rules of `nbc diff` and its exit code.
#include "backends/plan_diff_policy.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "ir/visible_text.h"

namespace nbc::backends {
namespace {

constexpr const char* kCostRule = "cost-increase";

// A non-negative decimal, read the same in every locale (from_chars).
bool ParsePercent(std::string_view text, double& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(out) && out >= 0;
}

bool ParseRule(std::string_view rule, DiffPolicy& policy, std::string& error) {
  if (rule == "replace") {
    policy.fail_on_replace = true;
  } else if (rule == "delete") {
    policy.fail_on_delete = true;
  } else if (rule == kCostRule) {
    policy.max_cost_increase_percent = 0;
  } else if (rule.starts_with(std::string(kCostRule) + ":")) {
    double percent = 0;
    if (!ParsePercent(rule.substr(std::string_view(kCostRule).size() + 1), percent)) {
      error = "--fail-on " + ir::Visible(rule) +
              ": expected a percentage after 'cost-increase:', such as cost-increase:10";
      return false;
    }
    policy.max_cost_increase_percent = percent;
  } else {
    error = "--fail-on: unknown rule '" + ir::Visible(rule) +
            "'; the rules are replace, delete, cost-increase and cost-increase:PERCENT";
    return false;
  }
  return true;
}

size_t DeletedEnvironments(const PlanDiff& diff) {
  size_t n = 0;
  for (const EnvironmentDiff& e : diff.environments) n += e.action == DiffAction::kDelete;
  return n;
}

std::string Plural(size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

bool ParseFailOn(const std::vector<std::string>& items, DiffPolicy& policy, std::string& error) {
  for (const std::string& item : items) {
    std::string_view rest = item;
    while (true) {
      size_t comma = rest.find(',');
      std::string_view rule = rest.substr(0, comma);
      if (!rule.empty() && !ParseRule(rule, policy, error)) return false;
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return true;
}

std::vector<std::string> PolicyViolations(const PlanDiff& diff, const DiffPolicy& policy) {
  std::vector<std::string> out;
  if (policy.fail_on_replace && diff.counts.replace > 0)
    out.push_back(Plural(diff.counts.replace, "node is", "nodes are") +
                  " replaced, which --fail-on replace forbids");
  size_t environments = DeletedEnvironments(diff);
  if (policy.fail_on_delete && (diff.counts.remove > 0 || environments > 0)) {
    std::string what = Plural(diff.counts.remove, "node or load balancer", "nodes or load balancers");
    if (environments > 0) what += " and " + Plural(environments, "environment", "environments");
    out.push_back(what + " deleted, which --fail-on delete forbids");
  }
  double delta = diff.cost.delta_monthly();
  if (policy.max_cost_increase_percent && delta > 0) {
    std::optional<double> percent = diff.cost.percent();
    if (!percent || *percent > *policy.max_cost_increase_percent) {
      std::string rise = percent ? fmt::format("+{:.1f}%", *percent) : "from $0.00";
      out.push_back(fmt::format("the monthly cost rises by ${:.2f} ({}), more than --fail-on "
                                "cost-increase:{} allows",
                                delta, rise, *policy.max_cost_increase_percent));
    }
  }
  return out;
}

int DiffExitCode(const PlanDiff& diff, const std::vector<std::string>& violations) {
  if (!violations.empty()) return kDiffExitForbidden;
  return diff.changed() ? kDiffExitChanges : kDiffExitNoChanges;
}

}  // namespace nbc::backends
