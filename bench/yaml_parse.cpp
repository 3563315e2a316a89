// SPDX-License-Identifier: Apache-2.0
// bench/yaml_parse: the parse floor of bench/run: reads every input file of
// a project (nbc.yaml and the entity folders) with yaml-cpp's normal API and
// does nothing else. nbc cannot load a project faster than this.
// Usage: bench_yaml_parse PROJECT_DIR   (prints the number of files and nodes)
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

size_t CountNodes(const YAML::Node& node) {
  size_t n = 1;
  if (node.IsMap())
    for (const auto& kv : node) n += CountNodes(kv.second);
  else if (node.IsSequence())
    for (const auto& item : node) n += CountNodes(item);
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: bench_yaml_parse PROJECT_DIR\n";
    return 2;
  }
  fs::path dir = argv[1];
  std::vector<fs::path> files = {dir / "nbc.yaml"};
  for (const char* folder : {"services", "node_types", "environments"}) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir / folder, ec))
      if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  size_t nodes = 0;
  try {
    for (const fs::path& file : files) nodes += CountNodes(YAML::LoadFile(file.string()));
  } catch (const YAML::Exception& e) {
    std::cerr << "bench_yaml_parse: " << e.what() << "\n";
    return 1;
  }
  std::cout << files.size() << " files, " << nodes << " nodes\n";
  return 0;
}
