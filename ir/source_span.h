// SPDX-License-Identifier: Apache-2.0
// A position in an input file: the file's id plus a 1-based line and column.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nbc::ir {

// Index into SourceFiles; kNoFile marks whole-run positions.
using FileId = uint32_t;
inline constexpr FileId kNoFile = UINT32_MAX;

struct SourceSpan {
  FileId file = kNoFile;
  uint32_t line = 0;  // 1-based; 0 when unknown
  uint32_t col = 0;   // 1-based; 0 when unknown

  bool empty() const { return file == kNoFile; }
  friend bool operator==(const SourceSpan&, const SourceSpan&) = default;
  friend auto operator<=>(const SourceSpan&, const SourceSpan&) = default;
};

// The project-relative path of every file read; FileId indexes it. Paths are
// relative so that no machine-specific directory reaches an output.
class SourceFiles {
 public:
  FileId Add(std::string relative_path) {
    paths_.push_back(std::move(relative_path));
    return static_cast<FileId>(paths_.size() - 1);
  }
  const std::string& path(FileId id) const { return paths_.at(id); }
  size_t size() const { return paths_.size(); }

  // "services/api.yaml:12:3", or "" for an empty span.
  std::string Format(const SourceSpan& span) const {
    if (span.empty()) return "";
    return path(span.file) + ":" + std::to_string(span.line) + ":" + std::to_string(span.col);
  }

 private:
  std::vector<std::string> paths_;
};

}  // namespace nbc::ir
