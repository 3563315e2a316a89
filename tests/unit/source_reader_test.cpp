// SPDX-License-Identifier: Apache-2.0
// Tests for compiler/source_reader: regular files are read, everything else
// is refused with an error at 1:1 and without blocking; text is normalized.
#include "compiler/source_reader.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

namespace nbc::compiler {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
class SourceReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    dir_ = fs::temp_directory_path() /
           ("nbc_source_reader_" + std::to_string(::getpid()) + "_" + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::permissions(dir_ / "secret.yaml", fs::perms::owner_all, ignored);
    fs::remove_all(dir_, ignored);
  }

  fs::path Write(const std::string& name, const std::string& bytes) {
    fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  // The rendered diagnostics of a read that must fail.
  std::string ReadError(const fs::path& path, size_t max_bytes = 8u << 20) {
    ir::SourceFiles files;
    files.Add("t.yaml");
    ir::Diagnostics diags;
    std::optional<std::string> bytes = ReadSourceFile(path, 0, diags, max_bytes);
    EXPECT_FALSE(bytes.has_value());
    return diags.Render(files, ir::ErrorFormat::kText);
  }

  fs::path dir_;
};

const std::string kHint = "  hint: nbc reads regular files (or symlinks to them) only\n";

TEST_F(SourceReaderTest, ReadsARegularFile) {
  std::string bytes("a: 1\n\0\xff", 7);
  fs::path path = Write("a.yaml", bytes);
  ir::Diagnostics diags;
  EXPECT_EQ(ReadSourceFile(path, 0, diags), bytes);
  EXPECT_FALSE(diags.has_errors());
}

TEST_F(SourceReaderTest, ReadsAnEmptyFile) {
  ir::Diagnostics diags;
  EXPECT_EQ(ReadSourceFile(Write("e.yaml", ""), 0, diags), "");
}

TEST_F(SourceReaderTest, FollowsSymlinksToRegularFiles) {
  Write("target.yaml", "x: 1\n");
  fs::create_symlink("target.yaml", dir_ / "link.yaml");
  ir::Diagnostics diags;
  EXPECT_EQ(ReadSourceFile(dir_ / "link.yaml", 0, diags), "x: 1\n");
}

TEST_F(SourceReaderTest, ExactlyMaxBytesIsFineOneMoreIsNot) {
  ir::Diagnostics diags;
  EXPECT_EQ(ReadSourceFile(Write("ok.yaml", "0123456789"), 0, diags, 10), "0123456789");
  EXPECT_EQ(ReadError(Write("big.yaml", "0123456789A"), 10),
            "t.yaml:1:1: error: file is larger than 10 bytes\n"
            "  hint: split it into smaller files\n");
}

TEST_F(SourceReaderTest, FileWhoseSizeIsUnknownStopsAtTheLimit) {
  // procfs reports size 0 for its regular files, so only the bounded read
  // can notice that this one is longer than the limit.
  EXPECT_EQ(ReadError("/proc/self/status", 10),
            "t.yaml:1:1: error: file is larger than 10 bytes\n"
            "  hint: split it into smaller files\n");
}

TEST_F(SourceReaderTest, MissingFile) {
  EXPECT_EQ(ReadError(dir_ / "missing.yaml"),
            "t.yaml:1:1: error: cannot read file: it does not exist\n" + kHint);
}

TEST_F(SourceReaderTest, Directory) {
  fs::create_directory(dir_ / "d.yaml");
  EXPECT_EQ(ReadError(dir_ / "d.yaml"),
            "t.yaml:1:1: error: cannot read file: it is a directory\n" + kHint);
}

TEST_F(SourceReaderTest, FifoWithoutWriterDoesNotBlock) {
  fs::path path = dir_ / "pipe.yaml";
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  EXPECT_EQ(ReadError(path),
            "t.yaml:1:1: error: cannot read file: it is a FIFO (named pipe)\n" + kHint);
}

TEST_F(SourceReaderTest, Socket) {
  fs::path path = dir_ / "s.yaml";
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  ASSERT_LT(path.native().size(), sizeof addr.sun_path);
  std::strcpy(addr.sun_path, path.c_str());
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_EQ(ReadError(path), "t.yaml:1:1: error: cannot read file: it is a socket\n" + kHint);
  ::close(fd);
}

TEST_F(SourceReaderTest, EndlessDeviceIsRefusedBeforeReading) {
  EXPECT_EQ(ReadError("/dev/zero"),
            "t.yaml:1:1: error: cannot read file: it is a character device\n" + kHint);
}

TEST_F(SourceReaderTest, SymlinkToADevice) {
  fs::create_symlink("/dev/zero", dir_ / "zero.yaml");
  EXPECT_EQ(ReadError(dir_ / "zero.yaml"),
            "t.yaml:1:1: error: cannot read file: it is a character device\n" + kHint);
}

TEST_F(SourceReaderTest, SymlinkLoop) {
  fs::create_symlink("b.yaml", dir_ / "a.yaml");
  fs::create_symlink("a.yaml", dir_ / "b.yaml");
  EXPECT_EQ(ReadError(dir_ / "a.yaml"),
            "t.yaml:1:1: error: cannot read file: too many levels of symbolic links "
            "(a symlink loop?)\n" +
                kHint);
}

TEST_F(SourceReaderTest, DanglingSymlink) {
  fs::create_symlink("nowhere.yaml", dir_ / "a.yaml");
  EXPECT_EQ(ReadError(dir_ / "a.yaml"),
            "t.yaml:1:1: error: cannot read file: it does not exist\n" + kHint);
}

TEST_F(SourceReaderTest, PathThroughAFile) {
  Write("f", "x");
  EXPECT_EQ(
      ReadError(dir_ / "f" / "a.yaml"),
      "t.yaml:1:1: error: cannot read file: a component of its path is not a directory\n" + kHint);
}

TEST_F(SourceReaderTest, UnreadableFile) {
  fs::path path = Write("secret.yaml", "x: 1\n");
  fs::permissions(path, fs::perms::none);
  const std::string expected = "t.yaml:1:1: error: cannot read file: permission denied\n" + kHint;
  if (::geteuid() != 0) {
    EXPECT_EQ(ReadError(path), expected);
    return;
  }
  // Root may read anything: check as 'nobody' in a child process.
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (::setuid(65534) != 0) ::_exit(2);
    ir::SourceFiles files;
    files.Add("t.yaml");
    ir::Diagnostics diags;
    bool refused = !ReadSourceFile(path, 0, diags).has_value();
    ::_exit(refused && diags.Render(files, ir::ErrorFormat::kText) == expected ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "2: setuid failed, 1: wrong diagnostics";
}

// CheckSourceText's rejections are tested through ParseYaml in
// yaml_loader_test.cpp; these check the text it hands on.
TEST(SourceText, DropsUtf8ByteOrderMarkAndNormalizesLineEnds) {
  ir::Diagnostics diags;
  EXPECT_EQ(CheckSourceText("\xEF\xBB\xBF"
                            "a: 1\r\nb: 2\rc: 3\n\r\n",
                            0, diags),
            "a: 1\nb: 2\nc: 3\n\n");
  EXPECT_EQ(CheckSourceText("", 0, diags), "");
  EXPECT_EQ(CheckSourceText("\t\xc3\xa9\xf0\x9f\x98\x80", 0, diags), "\t\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_FALSE(diags.has_errors());
}

TEST(SourceText, ReportsTheFirstBadByteOnly) {
  ir::SourceFiles files;
  files.Add("t.yaml");
  ir::Diagnostics diags;
  EXPECT_FALSE(CheckSourceText("ok\r\n\r\n  \x80\x81\x00", 0, diags).has_value());
  EXPECT_EQ(diags.Render(files, ir::ErrorFormat::kText),
            "t.yaml:3:3: error: invalid UTF-8: stray continuation byte 0x80\n"
            "  hint: save the file as UTF-8\n");
}

}  // namespace
}  // namespace nbc::compiler
