// SPDX-License-Identifier: Apache-2.0
// Before the YAML loader: reads one input file's bytes, refusing anything that
// is not a regular file so that a stray FIFO or device can never hang nbc, and
// checks that the bytes are text a parser may see.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "ir/diagnostic.h"
#include "ir/source_span.h"

namespace nbc::compiler {

// The largest input file nbc reads. yaml-cpp buffers a flow collection's
// tokens until it closes, at about 130 bytes of memory per input byte, so the
// cap bounds memory too; real project files are a few kilobytes.
inline constexpr size_t kMaxSourceBytes = 1u << 20;

// Returns the file's bytes, or reports an error at {file, 1, 1} and returns
// nullopt. Symlinks are followed; the target must be a regular file. A
// directory, FIFO, socket, device, symlink loop, missing or unreadable file, or
// a file larger than max_bytes is an error. Never blocks (the file is opened
// non-blocking and checked with fstat before any read) and never reads more
// than max_bytes + 1 bytes.
std::optional<std::string> ReadSourceFile(const std::filesystem::path& path, ir::FileId file,
                                          ir::Diagnostics& diags, size_t max_bytes = kMaxSourceBytes);

// Returns the text a parser should see, or reports the first offending byte
// (at its 1-based line and byte column) and returns nullopt. The bytes must
// be at most max_bytes of strict UTF-8 (RFC 3629: no overlong forms, stray or
// missing continuation bytes, surrogates or code points above U+10FFFF) with
// no NUL, no control characters other than tab, LF and CR, no DEL or C1
// controls, and no U+FFFE/U+FFFF. A UTF-8 byte-order mark is dropped (columns
// still start at 1 after it); a UTF-16 or UTF-32 one is an error. CR and CRLF
// line ends become LF, which keeps every line:col the same.
std::optional<std::string> CheckSourceText(std::string_view bytes, ir::FileId file,
                                           ir::Diagnostics& diags, size_t max_bytes = kMaxSourceBytes);

}  // namespace nbc::compiler
