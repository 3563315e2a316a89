// SPDX-License-Identifier: Apache-2.0
// The consul-kv backend: an environment's Daybook host-pattern map
// (backends/host_patterns.h) as the JSON array `consul kv import` reads.
#pragma once

#include <string>
#include <string_view>

#include "backends/backend.h"

namespace nbc::backends {

// The key prefix under which Daybook looks hosts up.
inline constexpr const char* kDaybookPrefix = "daybook/hosts/";

// Writes, relative to the environment's folder (docs/backend-consul-kv.md):
//   consul/<env>.json   [{"flags": 0, "key": "daybook/hosts/<pattern>",
//                         "value": <base64 of "svc1,svc2">}, ...] sorted by key
class ConsulKvBackend : public Backend {
 public:
  std::string_view name() const override { return "consul-kv"; }
  void Emit(const ir::Plan& plan, OutputSet& out, ir::Diagnostics& diags) const override;
};

// The import file of one environment; pretty-printed JSON ending in "\n".
std::string ConsulKvJson(const ir::PlanEnvironment& env);

// Standard base64 with padding (RFC 4648 §4), as Consul's export writes values.
std::string Base64(std::string_view bytes);

}  // namespace nbc::backends
