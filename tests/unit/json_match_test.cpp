// SPDX-License-Identifier: Apache-2.0
// Reading JSON back against expected values without a document
// (backends/json_match.h): what equals passes, every kind of difference is
// found, and text that is not one JSON value never passes.
#include <gtest/gtest.h>

#include "backends/json_match.h"
#include "backends/json_reader.h"

namespace nbc::testing {
namespace {

using backends::ExpectedObject;
using backends::MatchJson;
using nlohmann::json;

bool Matches(const std::string& text, const json& expected) {
  return MatchJson(text, {&expected, {}, false});
}

TEST(JsonMatch, TheSameDocumentMatchesHoweverItIsSpaced) {
  json doc = json::parse(R"({"a": [1, 2.5, "x", null, true, {"b": {}}], "c": {"d": -3}, "e": []})");
  EXPECT_TRUE(Matches(doc.dump(), doc));
  EXPECT_TRUE(Matches(doc.dump(2), doc));
  EXPECT_TRUE(Matches("{}", json::object()));
}

TEST(JsonMatch, EveryDifferenceIsFound) {
  json doc = json::parse(R"({"a": [1, "x"], "c": {"d": 3}})");
  EXPECT_FALSE(Matches(R"({"a": [1, "y"], "c": {"d": 3}})", doc));          // a string
  EXPECT_FALSE(Matches(R"({"a": [1, "x"], "c": {"d": 4}})", doc));          // a number
  EXPECT_FALSE(Matches(R"({"a": [1], "c": {"d": 3}})", doc));               // an item missing
  EXPECT_FALSE(Matches(R"({"a": [1, "x", 2], "c": {"d": 3}})", doc));       // an item more
  EXPECT_FALSE(Matches(R"({"a": [1, "x"], "c": {}})", doc));                // a key missing
  EXPECT_FALSE(Matches(R"({"a": [1, "x"], "c": {"d": 3, "e": 1}})", doc));  // a key more
  EXPECT_FALSE(Matches(R"({"a": [1, "x"]})", doc));                         // a top key missing
  EXPECT_FALSE(Matches(R"({"a": {"0": 1}, "c": {"d": 3}})", doc));          // a map for a list
  EXPECT_FALSE(Matches(R"({"a": [1, "x"], "c": [3]})", doc));               // a list for a map
  EXPECT_FALSE(Matches(R"({"a": [1, "x"], "c": {"d": "3"}})", doc));        // a string for a number
  EXPECT_FALSE(Matches(R"([1])", doc));                                     // not an object
  EXPECT_FALSE(Matches(R"("a")", doc));
}

TEST(JsonMatch, NumbersCompareAsJsonDoes) {
  EXPECT_TRUE(Matches(R"({"n": 1.0})", json{{"n", 1}}));
  EXPECT_TRUE(Matches(R"({"n": 1})", json{{"n", 1.0}}));
  EXPECT_FALSE(Matches(R"({"n": 1.5})", json{{"n", 1}}));
  EXPECT_TRUE(Matches(R"({"n": 18446744073709551615})", json{{"n", 18446744073709551615ULL}}));
}

TEST(JsonMatch, RepeatedOrUnsortedKeysDiffer) {
  json doc = json{{"a", 1}, {"b", 2}};
  EXPECT_FALSE(Matches(R"({"a": 1, "a": 1})", doc));
  EXPECT_FALSE(Matches(R"({"b": 2, "a": 1})", doc));
}

TEST(JsonMatch, TextThatIsNotOneJsonValueNeverMatches) {
  json doc = json{{"a", 1}};
  EXPECT_FALSE(Matches(R"({"a": 1)", doc));
  EXPECT_FALSE(Matches(R"({"a": 1} {"a": 1})", doc));
  EXPECT_FALSE(Matches(R"({"a": 1,})", doc));
  EXPECT_FALSE(Matches("", doc));
}

TEST(JsonMatch, APartialTopReadsOtherKeysWithoutComparingThem) {
  json list = json::array({"role[x]"});
  json params = json{{"k", "v"}};
  ExpectedObject chef{nullptr, {{"normal", &params}, {"run_list", &list}}, true};
  EXPECT_TRUE(MatchJson(R"({"name": "h", "normal": {"k": "v"}, "other": [1, {"x": 2}],
                            "run_list": ["role[x]"]})", chef));
  EXPECT_FALSE(MatchJson(R"({"name": "h", "run_list": ["role[x]"]})", chef));
  EXPECT_FALSE(MatchJson(R"({"normal": {"k": "w"}, "run_list": ["role[x]"]})", chef));
  EXPECT_FALSE(MatchJson(R"({"name": "h", "normal": {"k": "v"}, "other": [1, {"x": 2},
                             "run_list": ["role[x]"]})", chef));  // not JSON
}

TEST(JsonMatch, ExtraMembersJoinTheExpectedObject) {
  json vars = json{{"a", 1}, {"z", 2}};
  json host = "h1";
  ExpectedObject expected{&vars, {{"ansible_host", &host}}, false};
  EXPECT_TRUE(MatchJson(R"({"a": 1, "ansible_host": "h1", "z": 2})", expected));
  EXPECT_FALSE(MatchJson(R"({"a": 1, "z": 2})", expected));
  EXPECT_FALSE(MatchJson(R"({"a": 1, "ansible_host": "h2", "z": 2})", expected));
}

TEST(JsonMatch, AnsibleUnsafeWrappingReadsAsTheValueOnlyWhenAsked) {
  json vars = json{{"t", "{{ x }}"}, {"l", json::array({"{a}"})}};
  std::string text = R"({"l": [{"__ansible_unsafe": "{a}"}], "t": {"__ansible_unsafe": "{{ x }}"}})";
  backends::ValueMatcher matcher;
  ExpectedObject expected{&vars, {}, false};
  matcher.Begin(expected, /*ansible_unsafe=*/true);
  EXPECT_TRUE(backends::ReadJson(text, matcher) && matcher.matched());
  EXPECT_FALSE(MatchJson(text, expected));  // without the flag, a map is no string
  std::string nested = R"({"l": ["{a}"], "t": {"__ansible_unsafe": {"__ansible_unsafe": "{{ x }}"}}})";
  matcher.Begin(expected, true);
  EXPECT_FALSE(backends::ReadJson(nested, matcher) && matcher.matched());
  std::string two_keys = R"({"l": ["{a}"], "t": {"__ansible_unsafe": "{{ x }}", "z": 1}})";
  matcher.Begin(expected, true);
  EXPECT_FALSE(backends::ReadJson(two_keys, matcher) && matcher.matched());
}

}  // namespace
}  // namespace nbc::testing
