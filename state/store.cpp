// SPDX-License-Identifier: Apache-2.0
// What both stores share: opening the configured one, lock ids, UTC times
// and the "locked by" message.
#include "state/store.h"

#include <fmt/format.h>
#include <sys/random.h>

#include <chrono>
#include <ctime>

#include "ir/visible_text.h"
#include "state/etcd_store.h"
#include "state/local_store.h"

namespace nbc::state {

std::unique_ptr<Store> OpenStore(const StoreConfig& config) {
  if (config.backend == "etcd") return std::make_unique<EtcdStore>(config);
  return std::make_unique<LocalStore>(config.path, config.timeout_ms);
}

std::string NewLockId() {
  unsigned char bytes[8] = {};
  if (getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
    // No entropy source: the clock still makes ids unique enough for a lock.
    auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    for (size_t i = 0; i < sizeof bytes; ++i) bytes[i] = static_cast<unsigned char>(now >> (8 * i));
  }
  std::string out;
  for (unsigned char b : bytes) out += fmt::format("{:02x}", b);
  return out;
}

namespace {

std::string Utc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

}  // namespace

// Rounded up, and UtcNow() down: a lock of N seconds lasts at least N seconds
// though the text has whole seconds.
std::string UtcAfter(int64_t seconds) {
  auto at = std::chrono::system_clock::now() + std::chrono::seconds(seconds);
  return Utc(std::chrono::system_clock::to_time_t(std::chrono::ceil<std::chrono::seconds>(at)));
}

std::string UtcNow() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return Utc(std::chrono::system_clock::to_time_t(now));
}

Status HeldBy(const std::string& env, const LockInfo& lock) {
  if (lock.operation)
    return Status::Error(
        fmt::format("the state of {} is busy: {} by {} since {} holds the lock", env,
                    ir::Visible(lock.reason), ir::Visible(lock.actor), ir::Visible(lock.since)),
        fmt::format("try again; if that process died, its lock expires by {}",
                    ir::Visible(lock.expires)));
  return Status::Error(
      fmt::format("the state of {} is locked by {} since {}: {} (lock id {}, expires {})", env,
                  ir::Visible(lock.actor), ir::Visible(lock.since), ir::Visible(lock.reason),
                  ir::Visible(lock.id), ir::Visible(lock.expires)),
      fmt::format("wait for `nbc state unlock {} {}`; the holder passes --lock-id {} to act under it",
                  env, ir::Visible(lock.id), ir::Visible(lock.id)));
}

}  // namespace nbc::state
