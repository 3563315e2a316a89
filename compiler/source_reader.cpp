// SPDX-License-Identifier: Apache-2.0
// Before the YAML loader: reads input files with POSIX calls (open
// non-blocking, fstat the descriptor, refuse non-regular files, read at most
// the limit plus one byte), then checks the bytes are clean UTF-8 text.
#include "compiler/source_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>

namespace nbc::compiler {
namespace {

// Closes the descriptor on every return path.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// "" for a regular file, else what it is, for "cannot read file: it is a FIFO".
std::string NonRegularKind(mode_t mode) {
  if (S_ISREG(mode)) return "";
  if (S_ISDIR(mode)) return "it is a directory";
  if (S_ISFIFO(mode)) return "it is a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "it is a socket";
  if (S_ISCHR(mode)) return "it is a character device";
  if (S_ISBLK(mode)) return "it is a block device";
  return "it is not a regular file";
}

// Fixed English text instead of strerror(), whose wording follows the locale
// and would make diagnostics differ between machines.
std::string ErrnoReason(int error, const std::filesystem::path& path) {
  switch (error) {
    case ENOENT: return "it does not exist";
    case EACCES:
    case EPERM: return "permission denied";
    case ELOOP: return "too many levels of symbolic links (a symlink loop?)";
    case ENOTDIR: return "a component of its path is not a directory";
    case ENAMETOOLONG: return "its path is too long";
    case ENXIO: {
      // open() fails this way for sockets and devices without a driver.
      struct stat st;
      if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) return NonRegularKind(st.st_mode);
      return "no such device or address";
    }
    default: return "error code " + std::to_string(error);
  }
}

void ReportTooLarge(ir::FileId file, ir::Diagnostics& diags, size_t max_bytes) {
  diags.Error({file, 1, 1}, "file is larger than " + std::to_string(max_bytes) + " bytes",
              "split it into smaller files");
}

void ReportUnreadable(ir::FileId file, ir::Diagnostics& diags, const std::string& reason) {
  diags.Error({file, 1, 1}, "cannot read file: " + reason,
              "nbc reads regular files (or symlinks to them) only");
}

// Reads until end of file or until limit bytes have arrived.
bool ReadUpTo(int fd, size_t limit, std::string& out, int& error) {
  char buffer[64 * 1024];
  while (out.size() < limit) {
    size_t want = std::min(sizeof buffer, limit - out.size());
    ssize_t got = ::read(fd, buffer, want);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      error = errno;
      return false;
    }
    if (got == 0) break;
    out.append(buffer, static_cast<size_t>(got));
  }
  return true;
}

std::string Hex2(unsigned char byte) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  return {kDigits[byte >> 4], kDigits[byte & 0xf]};
}

std::string CodePointName(uint32_t cp) {
  std::string hex;
  for (int shift = cp > 0xffff ? 16 : 8; shift >= 0; shift -= 8) {
    hex += Hex2(static_cast<unsigned char>(cp >> shift));
  }
  return "U+" + hex;
}

struct Utf8Char {
  uint32_t code_point = 0;
  size_t length = 0;  // 0 when invalid
  std::string error;  // why it is invalid
};

bool IsContinuation(unsigned char c) { return (c & 0xc0) == 0x80; }

// --- CheckSourceText: runs before yaml-cpp sees anything, so that each
// problem gets an exact position and yaml-cpp only handles clean text.

// Decodes the sequence starting at text[i], rejecting every form RFC 3629
// forbids: stray continuation bytes, overlong forms, surrogates, > U+10FFFF.
Utf8Char DecodeUtf8(std::string_view text, size_t i) {
  unsigned char lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) return {lead, 1, ""};
  if (IsContinuation(lead)) return {0, 0, "stray continuation byte 0x" + Hex2(lead)};
  if (lead == 0xc0 || lead == 0xc1) return {0, 0, "overlong encoding"};
  if (lead >= 0xf5) return {0, 0, "byte 0x" + Hex2(lead) + " never appears in UTF-8"};
  size_t length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  uint32_t cp = lead & (0xff >> (length + 1));
  for (size_t k = 1; k < length; ++k) {
    if (i + k >= text.size() || !IsContinuation(static_cast<unsigned char>(text[i + k]))) {
      return {0, 0, "truncated multi-byte sequence"};
    }
    cp = cp << 6 | (static_cast<unsigned char>(text[i + k]) & 0x3f);
  }
  static constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kSmallest[length]) return {0, 0, "overlong encoding"};
  if (cp >= 0xd800 && cp <= 0xdfff) return {0, 0, "surrogate " + CodePointName(cp)};
  if (cp > 0x10ffff) return {0, 0, "code point above U+10FFFF"};
  return {cp, length, ""};
}

// YAML's printable set, minus NEL and the rest of C1 (yaml-cpp treats NEL as
// a line break, which would shift every position after it).
bool IsAllowedCharacter(uint32_t cp) {
  if (cp == '\t' || cp == '\n' || cp == '\r') return true;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return false;
  return cp != 0xfffe && cp != 0xffff;
}

void ReportBadCharacter(uint32_t cp, ir::SourceSpan at, ir::Diagnostics& diags) {
  if (cp == 0) {
    diags.Error(at, "file contains a NUL byte",
                "nbc reads UTF-8 text; is this a binary or UTF-16 file?");
  } else if (cp < 0xa0) {
    diags.Error(at, "control character " + CodePointName(cp) + " is not allowed",
                "remove it, or write it as an escape such as \"\\x07\" in a double-quoted string");
  } else {
    diags.Error(at, "character " + CodePointName(cp) + " is not allowed in YAML");
  }
}

// The encoding a byte-order mark announces, if it is not UTF-8.
const char* ForeignEncoding(std::string_view bytes) {
  if (bytes.starts_with(std::string_view("\0\0\xfe\xff", 4)) ||
      bytes.starts_with(std::string_view("\xff\xfe\0\0", 4))) {
    return "UTF-32";
  }
  if (bytes.starts_with("\xfe\xff") || bytes.starts_with("\xff\xfe")) return "UTF-16";
  return nullptr;
}

}  // namespace

std::optional<std::string> ReadSourceFile(const std::filesystem::path& path, ir::FileId file,
                                          ir::Diagnostics& diags, size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer.
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0) {
    ReportUnreadable(file, diags, ErrnoReason(errno, path));
    return std::nullopt;
  }
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) {
    ReportUnreadable(file, diags, ErrnoReason(errno, path));
    return std::nullopt;
  }
  if (std::string kind = NonRegularKind(st.st_mode); !kind.empty()) {
    ReportUnreadable(file, diags, kind);
    return std::nullopt;
  }
  if (static_cast<uintmax_t>(st.st_size) > max_bytes) {
    ReportTooLarge(file, diags, max_bytes);
    return std::nullopt;
  }
  std::string bytes;
  bytes.reserve(static_cast<size_t>(st.st_size));
  int error = 0;
  // One byte past the limit tells a file that grew since fstat from one that fits.
  if (!ReadUpTo(fd.get(), max_bytes + 1, bytes, error)) {
    ReportUnreadable(file, diags, ErrnoReason(error, path));
    return std::nullopt;
  }
  if (bytes.size() > max_bytes) {
    ReportTooLarge(file, diags, max_bytes);
    return std::nullopt;
  }
  return bytes;
}

std::optional<std::string> CheckSourceText(std::string_view bytes, ir::FileId file,
                                           ir::Diagnostics& diags, size_t max_bytes) {
  if (bytes.size() > max_bytes) {
    ReportTooLarge(file, diags, max_bytes);
    return std::nullopt;
  }
  if (const char* encoding = ForeignEncoding(bytes)) {
    diags.Error({file, 1, 1}, std::string("file is ") + encoding + "; save it as UTF-8");
    return std::nullopt;
  }
  if (bytes.starts_with("\xef\xbb\xbf")) bytes.remove_prefix(3);

  std::string text;
  text.reserve(bytes.size());
  uint32_t line = 1, col = 1;
  for (size_t i = 0; i < bytes.size();) {
    ir::SourceSpan at{file, line, col};
    Utf8Char ch = DecodeUtf8(bytes, i);
    if (ch.length == 0) {
      diags.Error(at, "invalid UTF-8: " + ch.error, "save the file as UTF-8");
      return std::nullopt;
    }
    if (!IsAllowedCharacter(ch.code_point)) {
      ReportBadCharacter(ch.code_point, at, diags);
      return std::nullopt;
    }
    bool crlf = bytes[i] == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n';
    if (bytes[i] == '\r' || bytes[i] == '\n') {
      text += '\n';
      ++line;
      col = 1;
      i += crlf ? 2 : 1;
      continue;
    }
    text.append(bytes.substr(i, ch.length));
    col += static_cast<uint32_t>(ch.length);
    i += ch.length;
  }
  return text;
}

}  // namespace nbc::compiler
