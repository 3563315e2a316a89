// SPDX-License-Identifier: Apache-2.0
// Reading the nbc metadata of a CloudFormation template without its
// document (backends/cfn_metadata_reader.h): only Resources.<id>.Metadata.nbc
// is taken, whole and in order, and text that is not JSON is refused.
// Agreement with a document on real templates: cloudformation_test.cpp.
#include "backends/cfn_metadata_reader.h"

#include <gtest/gtest.h>

namespace nbc::testing {
namespace {

using backends::ReadNbcMetadata;
using nlohmann::json;

TEST(CfnMetadataReader, TakesOnlyTheNbcMetadataOfResources) {
  auto found = ReadNbcMetadata(R"({
    "Metadata": {"nbc": {"address": "top"}},
    "Outputs": {"X": {"Metadata": {"nbc": {"address": "output"}}}},
    "Resources": {
      "A": {"Type": "T", "Metadata": {"other": 1, "nbc": {"address": "a", "run_list": ["x", "y"],
            "deep": {"list": [{"k": null}, true, 2.5, -3]}}}},
      "B": {"Properties": {"Metadata": {"nbc": {"address": "property"}}}},
      "C": {"Metadata": {"nbcx": {"address": "other key"}}},
      "D": {"Metadata": [{"nbc": {"address": "in a list"}}]},
      "E": {"Metadata": {"nbc": {"address": "e"}}}
    }
  })");
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0], json::parse(R"({"address": "a", "run_list": ["x", "y"],
                                         "deep": {"list": [{"k": null}, true, 2.5, -3]}})"));
  EXPECT_EQ((*found)[1], json::parse(R"({"address": "e"})"));
}

TEST(CfnMetadataReader, ScalarsListsAndRepeatedResourcesAreTakenAsTheyAre) {
  auto found = ReadNbcMetadata(
      R"({"Resources": {"A": {"Metadata": {"nbc": "text"}}, "B": {"Metadata": {"nbc": [1, {"a": []}]}},
          "A": {"Metadata": {"nbc": null}}, "C": {"Metadata": {"nbc": {}}}}})");
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, (std::vector<json>{"text", json::parse(R"([1, {"a": []}])"), nullptr, json::object()}));
  EXPECT_EQ(ReadNbcMetadata(R"({"Resources": {}})"), std::vector<json>{});
  EXPECT_EQ(ReadNbcMetadata("[]"), std::vector<json>{});
}

TEST(CfnMetadataReader, TextThatIsNotJsonIsRefused) {
  const std::string good = R"({"Resources": {"A": {"Metadata": {"nbc": {"address": "a"}}}}})";
  ASSERT_TRUE(ReadNbcMetadata(good));
  for (size_t cut = 0; cut < good.size(); ++cut)
    EXPECT_FALSE(ReadNbcMetadata(good.substr(0, cut))) << good.substr(0, cut);
  EXPECT_FALSE(ReadNbcMetadata(good + "}"));
  EXPECT_FALSE(ReadNbcMetadata(R"({"Resources": {"A": {"Metadata": {"nbc": {"address": 'a'}}}}})"));
  EXPECT_FALSE(ReadNbcMetadata(R"({"Resources": {"A": {"Metadata": {"nbc": {"address": "a",}}}}})"));
}

}  // namespace
}  // namespace nbc::testing
