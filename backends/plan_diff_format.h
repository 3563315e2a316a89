// SPDX-License-Identifier: Apache-2.0
// Wording the text and Markdown renderers of a plan diff share: the summary
// line, money, values, node lists and causes. User values come out through
// ir::Visible(), then through the renderer's `Code` markup (identity for
// text, an escaped code span for Markdown).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/plan_diff.h"

namespace nbc::backends::diff_format {

// Marks up a value, path, name or address that is already Visible().
using Code = std::string (*)(std::string_view visible);
std::string Plain(std::string_view visible);

// "3 to add, 1 to replace, 2 to change, 0 to remove; +$142.56/month"
std::string Summary(const DiffCounts& counts, const DiffCost& cost);

std::string Money(double usd);        // "$1034.45"
std::string Hourly(double usd);       // "$1.4171"
std::string SignedMoney(double usd);  // "+$30.37", "-$3.00", "$0.00"
std::string Percent(const DiffCost& cost);  // "+3.0%"; "" when the old cost was 0

// "$1004.08 → $1034.45/month (+$30.37, +3.0%); $1.3755 → $1.4171/hour"
std::string CostLine(const DiffCost& cost);

// "customer acme $901.18 → $931.55 (+$30.37)" per changed group of a
// dimension of the cost roll-up, joined by "; "; "" if none changed.
std::string CostGroupsText(const CostDimensionDiff& d, Code code);

// "customer", "app", "environment", "node type"
std::string DimensionName(const CostDimensionDiff& d);

// "1 node", "6 nodes"
std::string Count(size_t n, std::string_view one, std::string_view many);

// A value as people read it, Visible(): parameters in JSON style (strings
// quoted); attributes bare unless empty; secrets as (secret NAME); an unset
// value as (unset).
std::string Value(const std::optional<nlohmann::json>& v, bool is_param);

// "nginx.workers 8 → 16" (path and values marked up by `code`).
std::string ChangeText(const ValueChange& c, Code code);

// The cause line of a change, or "": "set by AT (LAYER)", "was set by …"
// for a removed parameter, or "why: REASON". `text` marks up prose.
std::string CauseText(const ValueChange& c, Code code, Code text);

// "production/web/*" when the group is every node of its type; else up to
// `shown` addresses and "and N more".
std::string NodeList(const std::vector<std::string>& nodes, bool all, std::string_view env,
                     std::string_view node_type, Code code, size_t shown = 3);

// "on 6 nodes of web (production/web/*)"
std::string OnNodes(const NodeChangeGroup& g, std::string_view env, Code code);

// "1 node of web: production/web/us-east-1a/3" / "6 nodes of web (production/web/*)"
std::string ActionNodes(const NodeActionGroup& g, std::string_view env, Code code);

}  // namespace nbc::backends::diff_format
