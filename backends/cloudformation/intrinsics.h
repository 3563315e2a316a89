// SPDX-License-Identifier: Apache-2.0
// Building blocks of CloudFormation JSON: intrinsic functions, dynamic
// references for secrets, and tag lists. Every resource file uses these, so
// that the rules about user values live in one place.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace nbc::backends::cfn {

using nlohmann::json;

inline json Ref(const std::string& id) { return {{"Ref", id}}; }
inline json GetAtt(const std::string& id, const std::string& attribute) {
  return {{"Fn::GetAtt", {id, attribute}}};
}

// Fn::Sub in its variable-map form. The template string must be a string
// literal written in nbc's source: CloudFormation interpolates every ${…} in
// it, so a user value there (a label "${AWS::AccountId}", a path "${DBPassword}")
// would be rewritten or break the stack. User values go into `variables`,
// whose values CloudFormation never interpolates. The array parameter makes
// passing a std::string a compile error.
template <size_t N>
json Sub(const char (&text)[N], json variables) {
  return {{"Fn::Sub", json::array({std::string(text), std::move(variables)})}};
}

// The dynamic reference CloudFormation resolves at deploy time, e.g.
// "{{resolve:secretsmanager:NAME}}"; nbc never knows a secret's value.
// `field` selects a part (":SecretString"). `name` must satisfy IsSecretName.
std::string SecretReference(const std::string& name, const std::string& field = "");

// Names AWS Secrets Manager accepts (1–512 of letters, digits and /_+=.@-);
// anything else could end the {{resolve:…}} reference early.
bool IsSecretName(const std::string& name);

// A tag list in key order, as every taggable resource takes it.
json Tags(const std::map<std::string, std::string>& tags);

}  // namespace nbc::backends::cfn
