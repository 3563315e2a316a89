// SPDX-License-Identifier: Apache-2.0
// What `nbc state show` and `nbc state history` print: text for people (user
// values through ir::Visible) and JSON for scripts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "state/record.h"

namespace nbc::state {

std::string ShowText(const std::string& env, const std::string& where,
                     const std::optional<Record>& record, const std::optional<LockInfo>& lock);
std::string ShowJson(const std::string& env, const std::optional<Record>& record,
                     const std::optional<LockInfo>& lock);

std::string HistoryText(const std::string& env, const std::vector<TrailEntry>& trail);
std::string HistoryJson(const std::vector<TrailEntry>& trail);

}  // namespace nbc::state
