// SPDX-License-Identifier: Apache-2.0
// plan.json: the machine-readable plan (schemas/plan.schema.json).
#pragma once

#include <string>

#include "backends/text_sink.h"
#include "ir/plan.h"

namespace nbc::backends {

// Sorted keys, stable array order, no timestamps; ends with a newline.
std::string PlanToJson(const ir::Plan& plan);
// The same bytes, given to `sink` as they are made (nbc plan writes a
// fleet's plan.json, gigabytes, straight to its file).
void WritePlanJson(const ir::Plan& plan, const TextSink& sink);

}  // namespace nbc::backends
