// SPDX-License-Identifier: Apache-2.0
// bench/write_floor: the write floor of bench/run: the bytes of a file
// written to a new file with one write call (and one fsync, since nbc's
// atomic writes sync too). Reading the source is not timed.
// Usage: bench_write_floor SOURCE TARGET
//   prints "<write+fsync seconds> <write seconds>"
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: bench_write_floor SOURCE TARGET\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.eof() && in.fail()) return 1;
  using Clock = std::chrono::steady_clock;
  auto start = Clock::now();
  int fd = ::open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return 1;
  // One call; Linux caps a single write at about 2 GiB, so larger files loop.
  for (size_t done = 0; done < bytes.size();) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) return 1;
    done += static_cast<size_t>(n);
  }
  auto written = Clock::now();
  if (::fsync(fd) != 0 || ::close(fd) != 0) return 1;
  auto synced = Clock::now();
  std::printf("%.6f %.6f\n", std::chrono::duration<double>(synced - start).count(),
              std::chrono::duration<double>(written - start).count());
  return 0;
}
