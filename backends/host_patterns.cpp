// SPDX-License-Identifier: Apache-2.0
// Daybook's host-pattern map: matching, "most specific wins", building the
// map of an environment from the Plan, and explaining one lookup.
#include "backends/host_patterns.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backends/chef_solo.h"
#include "ir/names.h"
#include "ir/visible_text.h"

namespace nbc::backends {
namespace {

std::string Plural(size_t n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string Describe(const Specificity& s) {
  return Plural(s.literals, "literal character") + ", " + Plural(s.wildcards, "wildcard");
}

// The node a name stands for: address (with or without the environment),
// hostname, or node type (its first host).
const ir::PlanNode* FindNode(const ir::PlanEnvironment& env, const std::string& wanted) {
  for (const ir::PlanNode& n : env.nodes)
    if (n.address == wanted || n.hostname == wanted || n.address == env.name + "/" + wanted)
      return &n;
  for (const ir::PlanNode& n : env.nodes)
    if (n.node_type == wanted && InHostMap(n)) return &n;
  for (const ir::PlanNode& n : env.nodes)
    if (n.node_type == wanted) return &n;
  return nullptr;
}

std::string MatchTable(const HostMatch& match) {
  size_t width = 7;
  for (const HostPattern* p : match.matching) width = std::max(width, p->pattern.size());
  std::string out = fmt::format("  {:>2}  {:<{}}  {:>8}  {:>9}  {}\n", "#", "pattern", width,
                                "literals", "wildcards", "services");
  for (size_t i = 0; i < match.matching.size(); ++i) {
    const HostPattern& p = *match.matching[i];
    Specificity s = SpecificityOf(p.pattern);
    out += fmt::format("  {:>2}  {:<{}}  {:>8}  {:>9}  {}\n", i + 1, p.pattern, width, s.literals,
                       s.wildcards, JoinServices(p.services));
  }
  return out;
}

// Why the node patterns alone would not give `node` its run list; empty if
// they do.
std::string ExactKeyReason(const HostMatch& match, const ir::PlanNode& node) {
  if (match.matching.empty()) return "no node type pattern matches it";
  if (match.tie) return "two node type patterns match it equally";
  const HostPattern& best = *match.best();
  if (best.services == node.run_list) return "";
  if (best.source != "node type " + node.node_type)
    return "the more specific pattern " + best.pattern + " (" + best.source +
           ") would give it other services";
  return "its services differ from those of its node type";
}

constexpr const char* kRule =
    "  rule: most specific wins: the most literal characters, then the fewest wildcards;\n"
    "        an exact host key beats every pattern; two equally specific matches are an error\n";

}  // namespace

Specificity SpecificityOf(std::string_view pattern) {
  Specificity s;
  s.wildcards = static_cast<size_t>(std::count(pattern.begin(), pattern.end(), '*'));
  s.literals = pattern.size() - s.wildcards;
  return s;
}

bool MoreSpecific(const Specificity& a, const Specificity& b) {
  if (a.literals != b.literals) return a.literals > b.literals;
  return a.wildcards < b.wildcards;
}

// Greedy glob matching: on a mismatch, let the last '*' swallow one more
// character. O(pattern × host) at worst, no recursion.
bool PatternMatches(std::string_view pattern, std::string_view host) {
  size_t p = 0, h = 0, star = std::string_view::npos, resume = 0;
  while (h < host.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = h;
    } else if (p < pattern.size() && pattern[p] == host[h]) {
      ++p;
      ++h;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      h = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

HostMatch MatchHost(const std::vector<HostPattern>& map, std::string_view host) {
  HostMatch match;
  for (const HostPattern& p : map)
    if (PatternMatches(p.pattern, host)) match.matching.push_back(&p);
  // Most specific first; equally specific ones by pattern, so the order (and
  // any tie reported) never depends on the map's order.
  std::sort(match.matching.begin(), match.matching.end(),
            [](const HostPattern* a, const HostPattern* b) {
              Specificity sa = SpecificityOf(a->pattern), sb = SpecificityOf(b->pattern);
              if (sa != sb) return MoreSpecific(sa, sb);
              return a->pattern < b->pattern;
            });
  match.tie = match.matching.size() >= 2 && SpecificityOf(match.matching[0]->pattern) ==
                                                SpecificityOf(match.matching[1]->pattern);
  return match;
}

bool InHostMap(const ir::PlanNode& node) { return RunsChef(node); }

std::string JoinServices(const std::vector<std::string>& services) {
  std::string out;
  for (const std::string& s : services) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::vector<HostPattern> BuildHostMap(const ir::PlanEnvironment& env) {
  std::vector<HostPattern> map;
  for (const ir::PlanNodeType& type : env.node_types) {
    // Hostnames are <type>-<env>-<zone>-<index> with the flat forms of names
    // (ir/names.h), except for hosts of a pool, which keep their own names. A
    // type gets its pattern if a host of it matches; a host the pattern
    // misses gets an exact key below.
    std::string pattern = ir::FlatName(type.name) + "-" + ir::FlatName(env.name) + "-*";
    bool used = std::any_of(env.nodes.begin(), env.nodes.end(), [&](const ir::PlanNode& n) {
      return n.node_type == type.name && InHostMap(n) && PatternMatches(pattern, n.hostname);
    });
    if (used) map.push_back({pattern, type.services, "node type " + type.name});
  }
  std::vector<HostPattern> exact;
  for (const ir::PlanNode& node : env.nodes) {
    if (!InHostMap(node)) continue;
    std::string reason = ExactKeyReason(MatchHost(map, node.hostname), node);
    if (!reason.empty())
      exact.push_back({node.hostname, node.run_list, "node " + node.address, reason});
  }
  map.insert(map.end(), exact.begin(), exact.end());
  // Sorted by pattern so the consul import file is byte-stable.
  std::sort(map.begin(), map.end(),
            [](const HostPattern& a, const HostPattern& b) { return a.pattern < b.pattern; });
  return map;
}

std::optional<std::string> ExplainHostServices(const ir::PlanEnvironment& env,
                                               const std::string& name, ir::Diagnostics& diags) {
  std::vector<HostPattern> map = BuildHostMap(env);
  const ir::PlanNode* node = FindNode(env, name);
  std::string host = node ? node->hostname : name;
  std::string who = node ? fmt::format("{} ({})", host, node->address)
                         : ir::Visible(host) + " (no node of the plan)";
  if (node && !InHostMap(*node)) {
    return fmt::format(
        "services of {}: not in the host map\n\n  {} is of kind {}, which runs no chef: it is no "
        "host "
        "of ours, so no\n  pattern covers it (its services: {}).\n",
        who, node->address, node->kind, JoinServices(node->run_list));
  }
  return ExplainLookup(map, host, who, diags);
}

std::optional<std::string> ExplainLookup(const std::vector<HostPattern>& map,
                                         const std::string& host, const std::string& who,
                                         ir::Diagnostics& diags) {
  HostMatch match = MatchHost(map, host);
  if (match.matching.empty()) {
    std::vector<std::string> patterns;
    for (const HostPattern& p : map) patterns.push_back(p.pattern);
    diags.Error({}, "no pattern of the host map matches '" + ir::Visible(host) + "'",
                patterns.empty()
                    ? "the map is empty: the environment has no hosts"
                    : "the patterns are " + fmt::format("{}", fmt::join(patterns, ", ")));
    return std::nullopt;
  }
  if (match.tie) {
    const HostPattern& a = *match.matching[0];
    const HostPattern& b = *match.matching[1];
    diags.Error(
        {},
        fmt::format("host '{}' matches two equally specific patterns, '{}' ({}) and '{}' ({}), "
                    "{} each",
                    ir::Visible(host), a.pattern, a.source, b.pattern, b.source,
                    Describe(SpecificityOf(a.pattern))),
        "Daybook would pick one of them by chance; make one pattern more specific or add an "
        "exact key for the host");
    return std::nullopt;
  }
  const HostPattern& best = *match.best();
  std::string out = fmt::format("services of {} = {}\n\n", who, JoinServices(best.services));
  out += fmt::format("  matched: daybook/hosts/{} ({}), from {}\n", best.pattern,
                     Describe(SpecificityOf(best.pattern)), best.source);
  if (!best.reason.empty())
    out += "  why: an exact key, since " + best.reason + "\n";
  else if (match.matching.size() == 1)
    out += "  why: the only pattern that matches\n";
  else
    out +=
        "  why: the most specific of " + Plural(match.matching.size(), "matching pattern") + "\n";
  out += kRule;
  out += "\n" + MatchTable(match);
  return out;
}

}  // namespace nbc::backends
