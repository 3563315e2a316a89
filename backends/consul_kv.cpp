// SPDX-License-Identifier: Apache-2.0
// The consul-kv backend: the Daybook map of an environment as a `consul kv
// import` file. Consul's export writes {key, flags, value} with the value in
// standard base64; import reads the same array.
#include "backends/consul_kv.h"

#include <cstdint>

#include <nlohmann/json.hpp>

#include "backends/host_patterns.h"
#include "ir/names.h"

namespace nbc::backends {

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

std::string ConsulKvJson(const ir::PlanEnvironment& env) {
  // BuildHostMap sorts by pattern, so the array is sorted by key.
  nlohmann::json entries = nlohmann::json::array();
  for (const HostPattern& p : BuildHostMap(env))
    entries.push_back({{"key", kDaybookPrefix + p.pattern},
                       {"flags", 0},
                       {"value", Base64(JoinServices(p.services))}});
  return entries.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// Emit receives exactly one environment (backends/registry.h).
void ConsulKvBackend::Emit(const ir::Plan& plan, OutputSet& out, ir::Diagnostics&) const {
  if (plan.environments.empty()) return;
  const ir::PlanEnvironment& env = plan.environments.front();
  out.Add("consul/" + ir::FlatName(env.name) + ".json", ConsulKvJson(env));
}

}  // namespace nbc::backends
