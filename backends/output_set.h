// SPDX-License-Identifier: Apache-2.0
// OutputSet: what backends produce, a sorted map from relative path to bytes.
// Backends never open files; the command line writes the set atomically.
#pragma once

#include <map>
#include <string>

namespace nbc::backends {

class OutputSet {
 public:
  // Adds a file; a second file at the same path is a backend bug.
  void Add(const std::string& path, std::string contents);
  const std::map<std::string, std::string>& files() const { return files_; }
  bool contains(const std::string& path) const { return files_.count(path) > 0; }

 private:
  std::map<std::string, std::string> files_;  // sorted: written and listed in path order
};

}  // namespace nbc::backends
