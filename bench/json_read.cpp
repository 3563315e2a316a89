// SPDX-License-Identifier: Apache-2.0
// bench/json_read: the floor of `nbc diff` in bench/run: reads two plan
// files into JSON documents (nlohmann::json, as nbc does) and nothing else.
// Usage: bench_json_read OLD.json NEW.json
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: bench_json_read OLD.json NEW.json\n";
    return 2;
  }
  size_t elements = 0;
  nlohmann::json docs[2];
  for (int i = 1; i <= 2; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
      std::cerr << "bench_json_read: " << argv[i] << " is not JSON\n";
      return 1;
    }
    elements += doc.size();
    docs[i - 1] = std::move(doc);  // both held at once, as nbc diff does
  }
  std::cout << elements << "\n";
  return 0;
}
