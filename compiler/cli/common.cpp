// SPDX-License-Identifier: Apache-2.0
// Shared command-line plumbing: loading, diagnostics, atomic writes.
#include "compiler/cli/common.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "compiler/driver.h"

namespace nbc::cli {

bool LoadProject(const GlobalOptions& options, Session& session) {
  session.diags.set_strict(options.strict);
  session.model = compiler::LoadModel(options.directory, session.files, session.diags);
  return session.model.has_value();
}

int Finish(const GlobalOptions& options, const Session& session) {
  ir::ErrorFormat format = options.error_format == "json"     ? ir::ErrorFormat::kJson
                           : options.error_format == "github" ? ir::ErrorFormat::kGithub
                                                              : ir::ErrorFormat::kText;
  std::string report = session.diags.Render(session.files, format);
  if (!report.empty() || format == ir::ErrorFormat::kJson) std::cerr << report;
  if (session.diags.has_errors() && format == ir::ErrorFormat::kText) {
    std::cerr << session.diags.error_count() << " error"
              << (session.diags.error_count() == 1 ? "" : "s") << ", "
              << session.diags.warning_count() << " warning"
              << (session.diags.warning_count() == 1 ? "" : "s") << "\n";
  }
  return session.diags.has_errors() ? 1 : 0;
}

bool WriteFileAtomically(const std::string& path, const std::string& contents, std::string& error) {
  return WriteFileAtomically(
      path, [&](const backends::TextSink& sink) { sink(contents); }, error);
}

namespace {

// Writes all of `bytes` to `fd`; false on an error (errno says which).
bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Gives what `write` makes to `fd` through a buffer; false if a write failed.
bool Stream(int fd, const std::function<void(const backends::TextSink&)>& write) {
  constexpr size_t kBuffer = 1 << 20;
  std::string buffer;
  buffer.reserve(kBuffer);
  bool ok = true;
  write([&](std::string_view piece) {
    if (!ok) return;
    if (buffer.size() + piece.size() > kBuffer) {
      ok = WriteAll(fd, buffer) && (piece.size() < kBuffer || WriteAll(fd, piece));
      buffer.clear();
      if (piece.size() >= kBuffer) return;
    }
    buffer += piece;
  });
  return ok && WriteAll(fd, buffer);
}

// `path` exists and is not a regular file. A device or a pipe (/dev/null,
// /dev/stdout, a FIFO, a shell's >(...)) is written into, as a redirection
// would: replacing it with a file would break it for every other program.
bool WriteThrough(const std::string& path, const struct stat& st,
                  const std::function<void(const backends::TextSink&)>& write, std::string& error) {
  if (S_ISDIR(st.st_mode)) {
    error = "cannot write '" + path + "': it is a folder; give the name of a file in it";
    return false;
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  bool ok = fd >= 0 && Stream(fd, write);
  if (fd >= 0) ok = (::close(fd) == 0) && ok;
  if (!ok) error = "cannot write '" + path + "': " + std::strerror(errno);
  return ok;
}

}  // namespace

bool WriteFileAtomically(const std::string& path,
                         const std::function<void(const backends::TextSink&)>& write,
                         std::string& error) {
  if (path == "-") {
    write([](std::string_view piece) { std::cout.write(piece.data(), static_cast<std::streamsize>(piece.size())); });
    std::cout.flush();
    return static_cast<bool>(std::cout);
  }
  struct stat st{};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    return WriteThrough(path, st, write, error);
  std::filesystem::path target(path);
  std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
  std::string temp = (dir / ("." + target.filename().string() + ".tmpXXXXXX")).string();
  int fd = mkstemp(temp.data());
  if (fd < 0) {
    error = "cannot create a temporary file next to '" + path + "': " + std::strerror(errno);
    return false;
  }
  bool ok = Stream(fd, write);
  ok = ok && ::fchmod(fd, 0644) == 0 && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  if (ok && std::rename(temp.c_str(), path.c_str()) != 0) ok = false;
  if (!ok) {
    error = "cannot write '" + path + "': " + std::strerror(errno);
    std::remove(temp.c_str());
  }
  return ok;
}

}  // namespace nbc::cli
