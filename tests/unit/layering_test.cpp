// SPDX-License-Identifier: Apache-2.0
// The layering of STYLE §2: ir/ includes only the standard library; backends/
// never includes compiler/ or yaml-cpp; only compiler/yaml_loader.cpp includes
// yaml-cpp. System headers are visible to every target, so CMake alone cannot
// enforce this: we read the #include lines.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

namespace {

namespace fs = std::filesystem;

std::vector<std::pair<std::string, std::string>> Includes(const std::string& folder) {
  std::vector<std::pair<std::string, std::string>> out;
  static const std::regex kInclude(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(NBC_SOURCE_DIR) / folder)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path());
    std::string line;
    std::smatch m;
    while (std::getline(in, line))
      if (std::regex_search(line, m, kInclude))
        out.push_back({fs::relative(entry.path(), NBC_SOURCE_DIR).string(), m[1]});
  }
  return out;
}

bool IsStandardHeader(const std::string& header) {
  return header.find('/') == std::string::npos && header.find('.') == std::string::npos;
}

TEST(Layering, IrIncludesOnlyTheStandardLibraryAndItself) {
  auto includes = Includes("ir");
  ASSERT_FALSE(includes.empty());
  for (const auto& [file, header] : includes)
    EXPECT_TRUE(IsStandardHeader(header) || header.starts_with("ir/")) << file << " includes " << header;
}

TEST(Layering, BackendsNeverSeeTheCompilerOrYaml) {
  auto includes = Includes("backends");
  ASSERT_FALSE(includes.empty());
  for (const auto& [file, header] : includes) {
    EXPECT_FALSE(header.starts_with("compiler/")) << file << " includes " << header;
    EXPECT_FALSE(header.starts_with("yaml-cpp")) << file << " includes " << header;
    EXPECT_FALSE(header.starts_with("boost")) << file << " includes " << header;
  }
}

TEST(Layering, OnlyTheYamlLoaderIncludesYamlCpp) {
  for (const std::string folder : {"compiler", "backends", "ir"}) {
    for (const auto& [file, header] : Includes(folder)) {
      if (header.starts_with("yaml-cpp")) {
        EXPECT_EQ(file, "compiler/yaml_loader.cpp") << file << " includes " << header;
      }
    }
  }
}

TEST(Layering, CompilerNeverIncludesBackends) {
  for (const auto& [file, header] : Includes("compiler")) {
    if (!file.starts_with("compiler/cli/")) {
      EXPECT_FALSE(header.starts_with("backends/")) << file << " includes " << header;
    }
  }
}

}  // namespace
