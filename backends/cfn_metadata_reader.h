// SPDX-License-Identifier: Apache-2.0
// The consistency check's reading of a CloudFormation template (up to 1 MB
// each, a hundred per environment at fleet scale): only each resource's
// Metadata.nbc becomes a document, the rest is read past.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

namespace nbc::backends {

// The Resources.<id>.Metadata.nbc values of the template `text`, in the
// order they appear (one per resource that has one; a resource written
// twice counts twice), or nullopt if `text` is not JSON.
std::optional<std::vector<nlohmann::json>> ReadNbcMetadata(std::string_view text);

}  // namespace nbc::backends
