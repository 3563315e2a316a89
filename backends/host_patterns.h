// SPDX-License-Identifier: Apache-2.0
// Daybook's host-pattern map: which services a host runs, looked up by the
// host's name against glob patterns, the most specific match winning. Built
// from the Plan; the consul-kv backend writes it and `nbc explain ENV HOST
// services` explains one lookup (docs/backend-consul-kv.md).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/diagnostic.h"
#include "ir/plan.h"

namespace nbc::backends {

// One entry of the map: a glob (`*` stands for any run of characters, also
// none; every other character is literal) or an exact hostname.
struct HostPattern {
  std::string pattern;                // "web-production-*" or "web-production-us-east-1a-1"
  std::vector<std::string> services;  // in rollout order
  std::string source;                 // "node type web" or "node production/web/us-east-1a/1"
  std::string reason;                 // for an exact key: why the host needs one
};

// How specific a pattern is: more literal characters first, then fewer
// wildcards. For nbc's own patterns (`<type>-<env>-*`) the first is the
// length of the literal prefix; an exact hostname beats every pattern that
// matches the same host (it has as many literals as the host has characters,
// and no wildcard).
struct Specificity {
  size_t literals = 0;
  size_t wildcards = 0;
  friend bool operator==(const Specificity&, const Specificity&) = default;
};
Specificity SpecificityOf(std::string_view pattern);
bool MoreSpecific(const Specificity& a, const Specificity& b);

// True if the glob matches the whole host name.
bool PatternMatches(std::string_view pattern, std::string_view host);

// The result of a lookup: every matching pattern, most specific first (equal
// ones by pattern). `tie` says the two most specific are equally specific:
// Daybook picked one of them by accident of iteration order, nbc refuses.
struct HostMatch {
  std::vector<const HostPattern*> matching;
  bool tie = false;
  const HostPattern* best() const { return matching.empty() || tie ? nullptr : matching.front(); }
};
HostMatch MatchHost(const std::vector<HostPattern>& map, std::string_view host);

// Whether a node is in the map: exactly the nodes that run chef (a managed
// database, kind rds, is no host of ours).
bool InHostMap(const ir::PlanNode& node);

// The map of one environment, sorted by pattern: one `<type>-<env>-*` per node
// type with a host it matches (hosts of a pool keep their own names), with
// that type's services, and an exact key for every host
// whose lookup would otherwise not yield exactly its run list (its services
// differ from its type's, or another type's pattern is more specific for it).
// By construction every host's lookup yields its run list, with no tie.
std::vector<HostPattern> BuildHostMap(const ir::PlanEnvironment& env);

// The value Daybook stores: the service names joined by ','.
std::string JoinServices(const std::vector<std::string>& services);

// `nbc explain ENV HOST services`: HOST is a node address (with or without the
// environment), a hostname, a node type (its first node) or any other host
// name to look up. The text says which pattern matched and why; a tie or no
// match for a name that is no node is an error.
std::optional<std::string> ExplainHostServices(const ir::PlanEnvironment& env,
                                               const std::string& host, ir::Diagnostics& diags);

// One lookup of `host` in `map`, explained; `who` names the host in the text.
// No match or a tie is an error naming the patterns.
std::optional<std::string> ExplainLookup(const std::vector<HostPattern>& map,
                                         const std::string& host, const std::string& who,
                                         ir::Diagnostics& diags);

}  // namespace nbc::backends
