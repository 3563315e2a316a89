// SPDX-License-Identifier: Apache-2.0
// The state's bytes (state/codec): the sealed envelope refuses every kind of
// damaged file with its own message, records and trails round-trip, and the
// digests change with every field they cover.
#include "state/codec.h"

#include <gtest/gtest.h>

namespace nbc::state {
namespace {

Record SampleRecord() {
  Record r{.environment = "dev", .serial = 3, .trail_head = "abc"};
  r.nodes.push_back({.address = "dev/web/z1/1", .generation = 2, .status = NodeStatus::kPending,
                     .immutable = {{"flavor", "t3.micro"}}, .immutable_digest = "i",
                     .mutable_digest = "m"});
  return r;
}

Status UnsealError(const std::string& bytes) {
  std::string body;
  return Unseal(bytes, "state file dev.state", body);
}

TEST(StateCodec, SealedBodyRoundTrips) {
  std::string body;
  std::string sealed = Seal("{\"x\": 1}\n");
  EXPECT_TRUE(sealed.starts_with("nbc-state format_version=1 bytes=9 sha256="));
  ASSERT_TRUE(Unseal(sealed, "f", body));
  EXPECT_EQ(body, "{\"x\": 1}\n");
}

TEST(StateCodec, EmptyFileIsRefused) {
  EXPECT_EQ(UnsealError("").message, "state file dev.state is corrupt: it is empty (0 bytes)");
}

TEST(StateCodec, ZeroFilledFileIsRefused) {
  EXPECT_EQ(UnsealError(std::string(4096, '\0')).message,
            "state file dev.state is corrupt: it is zero-filled (4096 bytes of NUL)");
}

TEST(StateCodec, TruncatedFileIsRefused) {
  std::string sealed = Seal("{\"record\": 1234567890}");
  EXPECT_EQ(UnsealError(sealed.substr(0, sealed.size() - 5)).message,
            "state file dev.state is corrupt: it is truncated (17 of 22 body bytes)");
  EXPECT_EQ(UnsealError(sealed.substr(0, 10)).message,
            "state file dev.state is corrupt: it does not start with an 'nbc-state' header");
}

TEST(StateCodec, WrongChecksumIsRefused) {
  std::string sealed = Seal("{\"serial\": 7}");
  sealed[sealed.size() - 3] = '8';  // the serial, edited by hand
  Status s = UnsealError(sealed);
  EXPECT_TRUE(s.message.starts_with("state file dev.state is corrupt: checksum mismatch")) << s.message;
  EXPECT_FALSE(s.hint.empty());
}

TEST(StateCodec, FutureFormatIsRefused) {
  std::string sealed = Seal("{}");
  sealed.replace(sealed.find("format_version=1"), 16, "format_version=2");
  EXPECT_EQ(UnsealError(sealed).message,
            "state file dev.state has format_version 2; this nbc reads format_version 1");
}

TEST(StateCodec, OversizedInputIsRefused) {
  Status s = UnsealError(std::string(kMaxStateBytes + 1, 'x'));
  EXPECT_EQ(s.message, "state file dev.state is larger than 64 MiB (67108865 bytes); nbc refuses to read it");
}

TEST(StateCodec, TrailingBytesAreRefused) {
  EXPECT_EQ(UnsealError(Seal("{}") + "junk").message,
            "state file dev.state is corrupt: it has 4 bytes after the body");
}

TEST(StateCodec, RecordAndTrailRoundTrip) {
  Record record = SampleRecord();
  TrailEntry entry{.serial = 3, .actor = "alice", .time = "2026-01-01T00:00:00Z", .command = "record",
                   .plan_digest = "p", .summary = "1 create, 0 update, 0 replace, 0 delete",
                   .record_digest = RecordDigest(record), .prev = "q"};
  entry.digest = EntryDigest(entry);
  std::vector<TrailEntry> trail{entry}, read_trail;
  Record read;
  ASSERT_TRUE(DecodeState(EncodeState(record, &trail), "f", read, &read_trail));
  EXPECT_EQ(EncodeState(read, &read_trail), EncodeState(record, &trail));
  EXPECT_EQ(read.nodes.at(0).status, NodeStatus::kPending);
  EXPECT_EQ(read_trail.at(0).digest, entry.digest);
}

TEST(StateCodec, ABodyWithoutARecordIsRefused) {
  Record read;
  Status s = DecodeState(Seal("{\"nodes\": []}"), "state file dev.state", read, nullptr);
  EXPECT_TRUE(s.message.starts_with("state file dev.state is corrupt: its body does not hold a record"))
      << s.message;
}

TEST(StateCodec, DigestsCoverEveryField) {
  Record record = SampleRecord();
  std::string digest = RecordDigest(record);
  record.nodes[0].status = NodeStatus::kActive;
  EXPECT_NE(RecordDigest(record), digest);
  record.trail_head = "other";  // not covered: it names the entry carrying the digest
  EXPECT_EQ(RecordDigest(record), RecordDigest(record));
  TrailEntry entry{.serial = 1, .actor = "a"};
  std::string entry_digest = EntryDigest(entry);
  entry.prev = "x";
  EXPECT_NE(EntryDigest(entry), entry_digest);
}

TEST(StateCodec, LocksRoundTrip) {
  LockInfo lock{.id = "0123456789abcdef", .actor = "bob", .since = "s", .reason = "why",
                .expires = "e", .ttl_s = 60, .lease = 42, .operation = true};
  LockInfo read;
  ASSERT_TRUE(DecodeLock(EncodeLock(lock), "f", read));
  EXPECT_EQ(EncodeLock(read), EncodeLock(lock));
  EXPECT_FALSE(DecodeLock("{}", "lock file dev.lock", read));
}

}  // namespace
}  // namespace nbc::state
