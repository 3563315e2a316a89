// SPDX-License-Identifier: Apache-2.0
// Parameters as JSON, shared by the JSON-writing backends.
#pragma once

#include <nlohmann/json.hpp>

#include "ir/param_tree.h"

namespace nbc::backends {

// How a secret appears in JSON outputs: its name, never a value.
inline constexpr const char* kSecretKey = "$secret";

// Maps become objects (sorted keys), secrets {"$secret": NAME}.
nlohmann::json ParamToJson(const ir::ParamValue& value);

// Money is rounded so that sums print as people write them (0.2496, not
// 0.24960000000000002): hourly to 4 decimals, monthly to 2.
double RoundHourly(double usd);
double RoundMonthly(double usd);

}  // namespace nbc::backends
