// SPDX-License-Identifier: Apache-2.0
// bench/timeit: runs a command and writes its wall time and peak memory, as
// bench/run measures every step (getrusage of the child via wait4).
// Usage: bench_timeit RESULT_FILE COMMAND [ARG...]
//   RESULT_FILE gets one line: "<wall seconds> <max RSS in KiB> <exit code>".
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_timeit RESULT_FILE COMMAND [ARG...]\n");
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid < 0) return 2;
  if (pid == 0) {
    execvp(argv[2], argv + 2);
    std::perror(argv[2]);
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0) {
  }
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::FILE* out = std::fopen(argv[1], "w");
  if (!out) return 2;
  std::fprintf(out, "%.6f %ld %d\n", wall, usage.ru_maxrss, code);
  std::fclose(out);
  return code;
}
