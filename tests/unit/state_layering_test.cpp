// SPDX-License-Identifier: Apache-2.0
// The layering of state/ (docs/decisions.md): it includes ir/, its own
// headers, the standard library, nlohmann-json, fmt, libcurl and POSIX
// headers; never compiler/, backends/ or yaml-cpp. Read from the #includes,
// since system headers are visible to every target.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

namespace {

namespace fs = std::filesystem;

TEST(StateLayering, StateIncludesOnlyIrItselfAndItsLibraries) {
  static const std::regex kInclude(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
  const std::regex allowed(R"((ir|state)/[a-z0-9_]+\.h|nlohmann/json\.hpp|fmt/[a-z]+\.h|curl/curl\.h|)"
                           R"((sys|netinet)/[a-z]+\.h|(fcntl|unistd|spawn|signal)\.h|[a-z_]+)");
  size_t seen = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(NBC_SOURCE_DIR) / "state")) {
    std::ifstream in(entry.path());
    std::string line;
    std::smatch m;
    while (std::getline(in, line)) {
      if (!std::regex_search(line, m, kInclude)) continue;
      ++seen;
      EXPECT_TRUE(std::regex_match(m[1].str(), allowed))
          << entry.path().filename() << " includes " << m[1];
    }
  }
  EXPECT_GT(seen, 0u);
}

}  // namespace
