// SPDX-License-Identifier: Apache-2.0
// Parameters as JSON.
#include "backends/param_json.h"

#include <cmath>

#include "ir/plan.h"

namespace nbc::backends {

nlohmann::json ParamToJson(const ir::ParamValue& v) {
  switch (v.kind) {
    case ir::ParamKind::kNull: return nullptr;
    case ir::ParamKind::kBool: return v.bool_value;
    case ir::ParamKind::kInt: return v.int_value;
    case ir::ParamKind::kFloat: return v.float_value;
    case ir::ParamKind::kString: return v.text;
    case ir::ParamKind::kSecret: return nlohmann::json{{kSecretKey, v.text}};
    case ir::ParamKind::kList: {
      nlohmann::json list = nlohmann::json::array();
      for (const ir::ParamValue& item : v.list) list.push_back(ParamToJson(item));
      return list;
    }
    case ir::ParamKind::kMap: {
      nlohmann::json map = nlohmann::json::object();
      for (const auto& [key, value] : v.map) map[key] = ParamToJson(value);
      return map;
    }
  }
  return nullptr;
}

double RoundHourly(double usd) { return std::round(usd * 1e4) / 1e4; }
double RoundMonthly(double usd) { return std::round(usd * 1e2) / 1e2; }

}  // namespace nbc::backends
