// SPDX-License-Identifier: Apache-2.0
// Tests for compiler/yaml_loader: the byte gate, typing, tags, keys, aliases,
// merge keys, limits and yaml-cpp's hang and crash cases. Every error case
// asserts the whole rendered diagnostic text.
#include "compiler/yaml_loader.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <locale>
#include <string>

#include "ir/sha256.h"

namespace nbc::compiler {
namespace {

struct Parsed {
  std::optional<Document> doc;
  std::string diagnostics;  // rendered as text
};

Parsed Parse(std::string_view yaml, const YamlLimits& limits = {}) {
  ir::SourceFiles files;
  files.Add("t.yaml");
  ir::Diagnostics diags;
  std::optional<Document> doc = ParseYaml(yaml, 0, diags, limits);
  return {std::move(doc), diags.Render(files, ir::ErrorFormat::kText)};
}

std::string DumpFloat(double v) {
  if (std::isnan(v)) return ".nan";
  if (std::isinf(v)) return v < 0 ? "-.inf" : ".inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end) + "f";
}

// A compact, typed rendering: strings quoted, floats with an "f" suffix.
std::string Dump(const DocNode* n) {
  if (n == nullptr) return "<none>";
  std::string out = n->tag.empty() ? "" : n->tag + " ";
  switch (n->kind) {
    case DocKind::kNull: return out + "~";
    case DocKind::kBool: return out + (n->bool_value ? "true" : "false");
    case DocKind::kInt: return out + std::to_string(n->int_value);
    case DocKind::kFloat: return out + DumpFloat(n->float_value);
    case DocKind::kString: return out + "\"" + n->text + "\"";
    case DocKind::kSeq: {
      out += "[";
      for (size_t i = 0; i < n->items.size(); ++i) out += (i ? ", " : "") + Dump(n->items[i]);
      return out + "]";
    }
    case DocKind::kMap: {
      out += "{";
      for (size_t i = 0; i < n->entries.size(); ++i) {
        out += (i ? ", " : "") + n->entries[i].key + ": " + Dump(n->entries[i].value);
      }
      return out + "}";
    }
  }
  return out;
}

// The tree if parsing succeeds, else the diagnostics.
std::string DumpYaml(std::string_view yaml, const YamlLimits& limits = {}) {
  Parsed p = Parse(yaml, limits);
  if (!p.doc) return p.diagnostics;
  EXPECT_EQ(p.diagnostics, "");
  return Dump(p.doc->root);
}

// The diagnostics of a parse that must fail.
std::string Errors(std::string_view yaml, const YamlLimits& limits = {}) {
  Parsed p = Parse(yaml, limits);
  EXPECT_FALSE(p.doc.has_value()) << "parse unexpectedly succeeded: " << Dump(p.doc->root);
  return p.diagnostics;
}

std::string At(const ir::SourceSpan& s) {
  return std::to_string(s.line) + ":" + std::to_string(s.col);
}

// --- trees, types and spans -------------------------------------------------

TEST(YamlLoader, BlockMappingKeepsOrderAndTypes) {
  EXPECT_EQ(DumpYaml("name: api\nport: 8080\nratio: 0.5\nenabled: true\nnothing: ~\n"
                     "list: [a, 1]\n"),
            "{name: \"api\", port: 8080, ratio: 0.5f, enabled: true, nothing: ~, "
            "list: [\"a\", 1]}");
}

TEST(YamlLoader, SpansAreOneBasedLineAndColumn) {
  Parsed p = Parse("svc:\n  ports: [80, 443]\n  list:\n    - a\n    - {b: 1}\n");
  ASSERT_TRUE(p.doc) << p.diagnostics;
  const DocNode* root = p.doc->root;
  EXPECT_EQ(At(root->at), "1:1");
  EXPECT_EQ(At(root->entries[0].key_at), "1:1");
  const DocNode* svc = root->entries[0].value;
  EXPECT_EQ(At(svc->at), "2:3");  // a block mapping starts at its first key
  EXPECT_EQ(At(svc->entries[0].key_at), "2:3");
  const DocNode* ports = svc->Find("ports");
  EXPECT_EQ(At(ports->at), "2:10");
  EXPECT_EQ(At(ports->items[1]->at), "2:15");
  const DocNode* list = svc->Find("list");
  EXPECT_EQ(At(list->at), "4:5");
  EXPECT_EQ(At(list->items[0]->at), "4:7");
  EXPECT_EQ(At(list->items[1]->at), "5:7");
  EXPECT_EQ(At(list->items[1]->entries[0].key_at), "5:8");
  EXPECT_EQ(At(list->items[1]->entries[0].value->at), "5:11");
  EXPECT_EQ(p.doc->root->at.file, 0u);
}

TEST(YamlLoader, EmptyAndCommentOnlyFilesHaveNoRoot) {
  for (std::string_view yaml : {"", "# only a comment\n", "\n\n  \n", "---\n", "--- # c\n...\n"}) {
    Parsed p = Parse(yaml);
    ASSERT_TRUE(p.doc) << yaml << p.diagnostics;
    EXPECT_EQ(p.doc->root, nullptr) << yaml;
    EXPECT_EQ(p.diagnostics, "");
  }
}

TEST(YamlLoader, ExplicitNullDocumentIsANode) {
  EXPECT_EQ(DumpYaml("~\n"), "~");
  EXPECT_EQ(DumpYaml("null"), "~");
}

TEST(YamlLoader, EveryNullSpelling) {
  EXPECT_EQ(DumpYaml("[~, null, Null, NULL, !!null , !!null ~, nUll, 'null', \"~\"]"),
            "[~, ~, ~, ~, ~, ~, \"nUll\", \"null\", \"~\"]");
  EXPECT_EQ(DumpYaml("a:\nb: ~\nc: null\nd: Null\ne: NULL\nf:\n"),
            "{a: ~, b: ~, c: ~, d: ~, e: ~, f: ~}");
  EXPECT_EQ(DumpYaml("- \n- ~\n-\n"), "[~, ~, ~]");
}

TEST(YamlLoader, NullTextAndEmptyValueSpan) {
  Parsed p = Parse("a:\nnull: 1\n~: 2\nb: null\n");
  ASSERT_TRUE(p.doc) << p.diagnostics;
  const DocNode* root = p.doc->root;
  ASSERT_EQ(root->entries.size(), 4u);
  // An empty value has no text and points at its key, not at the next line.
  EXPECT_EQ(root->entries[0].value->text, "");
  EXPECT_EQ(At(root->entries[0].value->at), "1:1");
  EXPECT_EQ(root->entries[1].key, "null");
  EXPECT_EQ(root->entries[2].key, "~");
  EXPECT_EQ(root->entries[3].value->text, "null");
  EXPECT_EQ(At(root->entries[3].value->at), "4:4");
}

TEST(YamlLoader, NorwayProblemYesNoOnOffAreStrings) {
  EXPECT_EQ(DumpYaml("country: NO\na: yes\nb: no\nc: on\nd: off\ne: y\nf: n\ng: Yes\nh: OFF\n"),
            "{country: \"NO\", a: \"yes\", b: \"no\", c: \"on\", d: \"off\", e: \"y\", f: \"n\", "
            "g: \"Yes\", h: \"OFF\"}");
}

TEST(YamlLoader, BoolSpellings) {
  EXPECT_EQ(DumpYaml("[true, True, TRUE, false, False, FALSE, tRUE, 'true']"),
            "[true, true, true, false, false, false, \"tRUE\", \"true\"]");
}

TEST(YamlLoader, Integers) {
  EXPECT_EQ(DumpYaml("[0, -17, +5, 0o17, 0x1F, 0xff, 0755, 9223372036854775807, "
                     "-9223372036854775808, 0x7FFFFFFFFFFFFFFF]"),
            "[0, -17, 5, 15, 31, 255, 755, 9223372036854775807, -9223372036854775808, "
            "9223372036854775807]");
  // Not integers in the core schema: strings.
  EXPECT_EQ(DumpYaml("[0o8, 0x, 0xg, 1_000, -0x1, 0b101, 12a, '12']"),
            "[\"0o8\", \"0x\", \"0xg\", \"1_000\", \"-0x1\", \"0b101\", \"12a\", \"12\"]");
}

TEST(YamlLoader, IntegerOutOfRange) {
  EXPECT_EQ(Errors("a: 9223372036854775808\nb: -9223372036854775809\nc: 0x10000000000000000\n"
                   "d: 0o1777777777777777777777\n"),
            "t.yaml:1:4: error: integer out of range: '9223372036854775808'\n"
            "  hint: integers must fit in 64 bits; quote the value to keep it as a string\n"
            "t.yaml:2:4: error: integer out of range: '-9223372036854775809'\n"
            "  hint: integers must fit in 64 bits; quote the value to keep it as a string\n"
            "t.yaml:3:4: error: integer out of range: '0x10000000000000000'\n"
            "  hint: integers must fit in 64 bits; quote the value to keep it as a string\n"
            "t.yaml:4:4: error: integer out of range: '0o1777777777777777777777'\n"
            "  hint: integers must fit in 64 bits; quote the value to keep it as a string\n");
}

TEST(YamlLoader, Floats) {
  EXPECT_EQ(DumpYaml("[1.5, -2.5e3, 1e3, .5, 1., +0.25, 2E-2, .inf, -.inf, +.Inf, .INF, .nan, "
                     ".NaN, .NAN]"),
            "[1.5f, -2500f, 1000f, 0.5f, 1f, 0.25f, 0.02f, .inf, -.inf, .inf, .inf, .nan, .nan, "
            ".nan]");
  EXPECT_EQ(DumpYaml("[inf, .Nan, -.nan, 1.5.2, 1e, e3, '1.5', \"nan\"]"),
            "[\"inf\", \".Nan\", \"-.nan\", \"1.5.2\", \"1e\", \"e3\", \"1.5\", \"nan\"]");
}

TEST(YamlLoader, FloatOutOfRange) {
  EXPECT_EQ(Errors("a: 1e999\n"),
            "t.yaml:1:4: error: float out of range: '1e999'\n"
            "  hint: quote the value to keep it as a string\n");
}

TEST(YamlLoader, NumbersIgnoreTheGlobalLocale) {
  // A C++ locale whose decimal point is ',' would break stream-based parsing.
  struct CommaDecimal : std::numpunct<char> {
    char do_decimal_point() const override { return ','; }
  };
  std::locale previous = std::locale::global(std::locale(std::locale::classic(), new CommaDecimal));
  std::string dumped = DumpYaml("[1.5, 2e3, 1234567]");
  std::locale::global(previous);
  EXPECT_EQ(dumped, "[1.5f, 2000f, 1234567]");
}

TEST(YamlLoader, QuotedAndBlockScalarsAreAlwaysStrings) {
  EXPECT_EQ(DumpYaml("a: '5'\nb: \"true\"\nc: |\n  7\nd: >-\n  null\ne: ''\nf: \"~\"\n"),
            "{a: \"5\", b: \"true\", c: \"7\n\", d: \"null\", e: \"\", f: \"~\"}");
}

TEST(YamlLoader, ScalarTextIsUnescaped) {
  EXPECT_EQ(DumpYaml("a: 'it''s'\nb: \"tab\\there \\u00e9\"\n"),
            "{a: \"it's\", b: \"tab\there \u00e9\"}");
}

// --- tags ---------------------------------------------------------------------

TEST(YamlLoader, NbcTagsAreRecorded) {
  EXPECT_EQ(DumpYaml("a: !append [1]\nb: !replace {x: 1}\nc: !secret db-pass\n"
                     "d: !secret \"db pass\"\ne: !secret 123\n"),
            "{a: !append [1], b: !replace {x: 1}, c: !secret \"db-pass\", "
            "d: !secret \"db pass\", e: !secret \"123\"}");
}

TEST(YamlLoader, StandardTagsTypeExplicitly) {
  EXPECT_EQ(DumpYaml("[!!str 5, !!str true, !!int \"7\", !!int 0x10, !!float 1, !!float '.5', "
                     "!!bool \"true\", !!null , !!map {a: 1}, !!seq [1], "
                     "!<tag:yaml.org,2002:str> 8]"),
            "[\"5\", \"true\", 7, 16, 1f, 0.5f, true, ~, {a: 1}, [1], \"8\"]");
}

TEST(YamlLoader, StandardTagThatDoesNotFitIsAnError) {
  EXPECT_EQ(Errors("a: !!int abc\nb: !!bool yes\nc: !!float x\nd: !!null 0\n"
                   "e: !!map [1]\nf: !!seq {}\ng: !!str [1]\nh: !!int 99999999999999999999\n"),
            "t.yaml:1:4: error: 'abc' is not a valid integer for tag '!!int'\n"
            "t.yaml:2:4: error: 'yes' is not a valid bool for tag '!!bool'\n"
            "t.yaml:3:4: error: 'x' is not a valid float for tag '!!float'\n"
            "t.yaml:4:4: error: '0' is not a valid null for tag '!!null'\n"
            "t.yaml:5:4: error: tag '!!map' can only be used on a mapping\n"
            "t.yaml:6:4: error: tag '!!seq' can only be used on a sequence\n"
            "t.yaml:7:4: error: tag '!!str' can only be used on a scalar\n"
            "t.yaml:8:4: error: integer out of range: '99999999999999999999'\n");
}

TEST(YamlLoader, NbcTagOnTheWrongKindOfNode) {
  EXPECT_EQ(Errors("a: !append {x: 1}\nb: !replace [1]\nc: !secret [a]\nd: !append x\n"
                   "e: !secret\nf: !secret ''\n"),
            "t.yaml:1:4: error: tag '!append' can only be used on a sequence\n"
            "t.yaml:2:4: error: tag '!replace' can only be used on a mapping\n"
            "t.yaml:3:4: error: tag '!secret' can only be used on a scalar\n"
            "t.yaml:4:4: error: tag '!append' can only be used on a sequence\n"
            "t.yaml:5:4: error: '!secret' needs the secret's name\n"
            "  hint: write '!secret NAME'\n"
            "t.yaml:6:4: error: '!secret' needs the secret's name\n"
            "  hint: write '!secret NAME'\n");
}

TEST(YamlLoader, OtherTagsAreNotAllowed) {
  const std::string hint =
      "  hint: allowed tags: !append, !replace, !secret, !!str, !!int, !!float, !!bool, !!null, "
      "!!map, !!seq\n";
  EXPECT_EQ(Errors("a: !!python/object:os.system ls\nb: !!binary aGk=\nc: !foo bar\n"
                   "d: !<tag:example.com,2000:x> y\ne: !!set {a}\nf: !!timestamp 2001-12-14\n"),
            "t.yaml:1:4: error: tag '!!python/object:os.system' is not allowed\n" + hint +
                "t.yaml:2:4: error: tag '!!binary' is not allowed\n" + hint +
                "t.yaml:3:4: error: tag '!foo' is not allowed\n" + hint +
                "t.yaml:4:4: error: tag 'tag:example.com,2000:x' is not allowed\n" + hint +
                "t.yaml:5:4: error: tag '!!set' is not allowed\n" + hint +
                "t.yaml:6:4: error: tag '!!timestamp' is not allowed\n" + hint);
}

TEST(YamlLoader, TagDirectiveCannotSmuggleATag) {
  // %TAG can point '!' somewhere else; the resulting '!secret' is not ours.
  EXPECT_EQ(Errors("%TAG ! tag:example.com,2000:\n---\na: !secret x\n"),
            "t.yaml:3:4: error: tag 'tag:example.com,2000:secret' is not allowed\n"
            "  hint: allowed tags: !append, !replace, !secret, !!str, !!int, !!float, !!bool, "
            "!!null, !!map, !!seq\n");
}

TEST(YamlLoader, BinaryWithHighBytesIsRejectedAtTheByte) {
  EXPECT_EQ(Errors("a: 1\nb: !!binary \xff\xfe\x01\n"),
            "t.yaml:2:13: error: invalid UTF-8: byte 0xFF never appears in UTF-8\n"
            "  hint: save the file as UTF-8\n");
}

// --- keys -----------------------------------------------------------------------

TEST(YamlLoader, DuplicatePlainKey) {
  EXPECT_EQ(Errors("a: 1\nb: 2\na: 3\n"),
            "t.yaml:3:1: error: duplicate key 'a'\n"
            "  hint: remove one of them, or rename it\n"
            "  t.yaml:1:1: note: key 'a' is already defined here\n");
}

TEST(YamlLoader, DuplicateKeysCompareByText) {
  EXPECT_EQ(Errors("\"a\": 1\n'a': 2\n1: x\n\"1\": y\ntrue: p\nTrue: q\n"),
            "t.yaml:2:1: error: duplicate key 'a'\n"
            "  hint: remove one of them, or rename it\n"
            "  t.yaml:1:1: note: key 'a' is already defined here\n"
            "t.yaml:4:1: error: duplicate key '1'\n"
            "  hint: remove one of them, or rename it\n"
            "  t.yaml:3:1: note: key '1' is already defined here\n");
}

TEST(YamlLoader, DuplicateKeyInFlowMappingAndExplicitKey) {
  EXPECT_EQ(Errors("x: {a: 1, b: 2, a: 3}\n? x\n: 2\n"),
            "t.yaml:1:17: error: duplicate key 'a'\n"
            "  hint: remove one of them, or rename it\n"
            "  t.yaml:1:5: note: key 'a' is already defined here\n"
            "t.yaml:2:3: error: duplicate key 'x'\n"
            "  hint: remove one of them, or rename it\n"
            "  t.yaml:1:1: note: key 'x' is already defined here\n");
}

TEST(YamlLoader, DuplicateKeyFarApart) {
  std::string yaml = "port: 1\n";
  for (int i = 0; i < 300; ++i) yaml += "k" + std::to_string(i) + ": v\n";
  yaml += "port: 2\n";
  EXPECT_EQ(Errors(yaml),
            "t.yaml:302:1: error: duplicate key 'port'\n"
            "  hint: remove one of them, or rename it\n"
            "  t.yaml:1:1: note: key 'port' is already defined here\n");
}

TEST(YamlLoader, SameKeyInDifferentMappingsIsFine) {
  EXPECT_EQ(DumpYaml("a: {x: 1}\nb: {x: 2}\nc: [{x: 1}, {x: 2}]\n"),
            "{a: {x: 1}, b: {x: 2}, c: [{x: 1}, {x: 2}]}");
}

TEST(YamlLoader, NonScalarKeysAreErrors) {
  EXPECT_EQ(Errors("? [a, b]\n: 1\n? {c: 1}\n: 2\n"),
            "t.yaml:1:3: error: a mapping key must be a scalar, not a sequence\n"
            "  hint: nbc keys are names; write the key as plain text\n"
            "t.yaml:3:3: error: a mapping key must be a scalar, not a mapping\n"
            "  hint: nbc keys are names; write the key as plain text\n");
}

TEST(YamlLoader, TaggedKeysAreErrors) {
  EXPECT_EQ(Errors("!secret a: 1\n"),
            "t.yaml:1:1: error: a mapping key cannot be tagged '!secret'\n");
  EXPECT_EQ(DumpYaml("!!str 1: x\n"), "{1: \"x\"}");
}

// --- anchors, aliases, merge keys --------------------------------------------------

TEST(YamlLoader, AliasIsAShallowCopyAtItsOwnPosition) {
  Parsed p = Parse("base: &b {x: 1, y: [2]}\nuse: *b\nname: &n hello\nagain: *n\n");
  ASSERT_TRUE(p.doc) << p.diagnostics;
  EXPECT_EQ(Dump(p.doc->root),
            "{base: {x: 1, y: [2]}, use: {x: 1, y: [2]}, name: \"hello\", again: \"hello\"}");
  const DocNode* base = p.doc->root->Find("base");
  const DocNode* use = p.doc->root->Find("use");
  EXPECT_NE(base, use);
  EXPECT_EQ(At(base->at), "1:7");
  EXPECT_EQ(At(use->at), "2:6");
  EXPECT_EQ(base->entries[1].value, use->entries[1].value);  // children are shared
  EXPECT_EQ(At(p.doc->root->Find("again")->at), "4:8");
}

TEST(YamlLoader, RedefinedAnchorUsesTheLatest) {
  EXPECT_EQ(DumpYaml("a: &x 1\nb: &x 2\nc: *x\n"), "{a: 1, b: 2, c: 2}");
}

TEST(YamlLoader, UnknownAnchorIsAnError) {
  EXPECT_EQ(Errors("a: 1\nb: *nope\n"),
            "t.yaml:2:4: error: alias '*nope' refers to an unknown anchor\n"
            "  hint: define it first with '&nope' on the node it stands for\n");
}

TEST(YamlLoader, SelfReferenceIsAnError) {
  EXPECT_EQ(
      Errors("a: &x [1, *x]\n"),
      "t.yaml:1:11: error: alias '*x' refers to its own anchor, which is still being defined\n"
      "  hint: a node cannot contain itself\n");
  EXPECT_EQ(Errors("a: &x\n  b: *x\n"),
            "t.yaml:2:6: error: alias '*x' refers to its own anchor, which is still being defined\n"
            "  hint: a node cannot contain itself\n");
}

TEST(YamlLoader, BillionLaughsFailsFastAtTheAlias) {
  std::string yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    std::string prev = "*a" + std::to_string(i - 1);
    yaml += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev;
    for (int k = 1; k < 10; ++k) yaml += ", " + prev;
    yaml += "]\n";
  }
  ASSERT_LT(yaml.size(), 700u);
  // a3 stands for 11111 nodes; the eighth alias of it in a4's list passes 10^5.
  EXPECT_EQ(Errors(yaml),
            "t.yaml:5:45: error: document expands to more than 100000 nodes (alias bomb?)\n"
            "  hint: use fewer aliases, or alias smaller nodes\n");
}

TEST(YamlLoader, NodeLimitWithoutAliases) {
  YamlLimits limits;
  limits.max_nodes = 10;
  EXPECT_EQ(Errors("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]", limits),
            "t.yaml:1:29: error: document has more than 10 nodes\n"
            "  hint: split it into smaller files\n");
}

TEST(YamlLoader, AliasesCopyingTooMuchTextFail) {
  YamlLimits limits;
  limits.max_bytes = 2000;
  std::string yaml = "a: &a " + std::string(500, 'x') + "\nb: [*a, *a, *a, *a, *a]\n";
  EXPECT_EQ(Errors(yaml, limits),
            "t.yaml:2:21: error: aliases copy more than 2000 bytes of text (alias bomb?)\n"
            "  hint: use fewer aliases, or alias smaller nodes\n");
}

TEST(YamlLoader, MergeKeySingleAndList) {
  EXPECT_EQ(DumpYaml("base: &b {x: 1, y: 2}\nmore: &m {y: 3, z: 4}\n"
                     "one: {<<: *b, w: 0}\nmany: {<<: [*b, *m]}\n"),
            "{base: {x: 1, y: 2}, more: {y: 3, z: 4}, one: {x: 1, y: 2, w: 0}, "
            "many: {x: 1, y: 2, z: 4}}");
}

TEST(YamlLoader, MergeKeyExplicitKeysWinRegardlessOfOrder) {
  EXPECT_EQ(DumpYaml("base: &b {x: 1, y: 2}\n"
                     "before:\n  y: 9\n  <<: *b\n"
                     "after:\n  <<: *b\n  y: 9\n"),
            "{base: {x: 1, y: 2}, before: {y: 9, x: 1}, after: {x: 1, y: 9}}");
}

TEST(YamlLoader, MergedEntriesKeepTheirSpans) {
  Parsed p = Parse("base: &b {x: 1}\nuse:\n  <<: *b\n");
  ASSERT_TRUE(p.doc) << p.diagnostics;
  const DocEntry& x = p.doc->root->Find("use")->entries.at(0);
  EXPECT_EQ(x.key, "x");
  EXPECT_EQ(At(x.key_at), "1:11");
}

TEST(YamlLoader, MergeKeyValueMustBeMappings) {
  EXPECT_EQ(Errors("a: &a {x: 1}\nb:\n  <<: 5\nc:\n  <<: [*a, [1]]\n"),
            "t.yaml:3:7: error: the merge key '<<' needs a mapping or a list of mappings, not a "
            "integer\n"
            "  hint: write '<<: *name' or '<<: [*a, *b]' with anchors on mappings\n"
            "t.yaml:5:7: error: the merge key '<<' needs a mapping or a list of mappings, not a "
            "sequence\n"
            "  hint: write '<<: *name' or '<<: [*a, *b]' with anchors on mappings\n");
}

TEST(YamlLoader, QuotedMergeKeyIsAnOrdinaryKey) {
  EXPECT_EQ(DumpYaml("\"<<\": x\n"), "{<<: \"x\"}");
}

// --- documents, syntax errors, yaml-cpp traps ---------------------------------------

TEST(YamlLoader, SecondDocumentIsAnError) {
  EXPECT_EQ(Errors("a: 1\n---\nb: 2\n"),
            "t.yaml:2:1: error: expected exactly one YAML document\n"
            "  hint: nbc reads one document per file; split the file at this '---'\n");
}

TEST(YamlLoader, DocumentMarkersAroundOneDocumentAreFine) {
  EXPECT_EQ(DumpYaml("---\na: 1\n"), "{a: 1}");
  EXPECT_EQ(DumpYaml("a: 1\n...\n"), "{a: 1}");
  EXPECT_EQ(DumpYaml("%YAML 1.2\n---\na: 1\n...\n"), "{a: 1}");
}

TEST(YamlLoader, SyntaxErrorsAreOneBased) {
  EXPECT_EQ(Errors("a: b: c\n"), "t.yaml:1:5: error: invalid YAML: illegal map value\n");
  EXPECT_EQ(Errors("a:\n\t- 1\n"), "t.yaml:2:2: error: invalid YAML: illegal block entry\n");
  EXPECT_EQ(Errors("a: \"x"), "t.yaml:1:6: error: invalid YAML: illegal EOF in scalar\n");
}

// yaml-cpp 0.7 accepts these, silently taking the rest of the file as the string.
TEST(YamlLoader, UnclosedQuoteAtEndOfFile) {
  EXPECT_EQ(Errors("a: \"x\nb: 1\n"),
            "t.yaml:1:4: error: quoted string is never closed\n  hint: add the closing '\"'\n");
  EXPECT_EQ(Errors("a: 'it''s\n"),
            "t.yaml:1:4: error: quoted string is never closed\n  hint: add the closing \"'\"\n");
  EXPECT_EQ(Errors("- &x !!str # c\n  \"a\\\"\n"),
            "t.yaml:2:3: error: quoted string is never closed\n  hint: add the closing '\"'\n");
  EXPECT_EQ(DumpYaml("a: \"x\n  y\"\nb: 'p''q'\nc: \"\\\\\"\n"),
            "{a: \"x y\", b: \"p'q\", c: \"\\\"}");
}

// yaml-cpp 0.7's YAML::LoadAll never returns on these: each yields endless
// empty documents. They must fail at the comma, quickly.
TEST(YamlLoader, StrayCommaAtTopLevelDoesNotHang) {
  const std::string hint =
      "  hint: quote the value if the comma belongs to it, or put the list in [ ]\n";
  EXPECT_EQ(Errors(","), "t.yaml:1:1: error: unexpected ',' outside a flow collection\n" + hint);
  EXPECT_EQ(Errors(", a"), "t.yaml:1:1: error: unexpected ',' outside a flow collection\n" + hint);
  EXPECT_EQ(Errors("[a] ,"),
            "t.yaml:1:5: error: unexpected ',' outside a flow collection\n" + hint);
  EXPECT_EQ(Errors("\"a\"\n,"),
            "t.yaml:2:1: error: unexpected ',' outside a flow collection\n" + hint);
  EXPECT_EQ(Errors("{a: 1} ,x"),
            "t.yaml:1:8: error: unexpected ',' outside a flow collection\n" + hint);
  EXPECT_EQ(Errors("&a ,"), "t.yaml:1:4: error: unexpected ',' outside a flow collection\n" + hint);
  EXPECT_EQ(Errors("a\n---\n,"),
            "t.yaml:2:1: error: expected exactly one YAML document\n"
            "  hint: nbc reads one document per file; split the file at this '---'\n");
}

TEST(YamlLoader, StrayFlowEndIsAnError) {
  EXPECT_EQ(Errors("]"), "t.yaml:1:1: error: invalid YAML: illegal flow end\n");
  EXPECT_EQ(Errors("}"), "t.yaml:1:1: error: invalid YAML: illegal flow end\n");
  EXPECT_EQ(Errors("a: ]"), "t.yaml:1:4: error: invalid YAML: illegal flow end\n");
  EXPECT_EQ(Errors("a: 1\n,"), "t.yaml:2:1: error: invalid YAML: end of map not found\n");
}

TEST(YamlLoader, NestingLimitIsInclusive) {
  std::string ok = std::string(64, '[') + std::string(64, ']');
  Parsed p = Parse(ok);
  EXPECT_TRUE(p.doc) << p.diagnostics;
  std::string deep = std::string(65, '[') + std::string(65, ']');
  EXPECT_EQ(Errors(deep),
            "t.yaml:1:65: error: nesting deeper than 64 levels\n  hint: flatten the structure\n");
}

// yaml-cpp's own guard throws at 500 levels; these check that nothing before
// it (scanner, our handler) recurses or crashes, and that our limit fires.
// yaml-cpp reads an unclosed '[' or '{' as a possible key (`[..]: x`) and
// opens a mapping for it too, so here the limit is passed sooner.
TEST(YamlLoader, DeepFlowNestingDoesNotCrash) {
  EXPECT_EQ(Errors(std::string(100'000, '[')),
            "t.yaml:1:65: error: nesting deeper than 64 levels\n  hint: flatten the structure\n");
  std::string maps;
  for (int i = 0; i < 100'000; ++i) maps += "{a: ";
  EXPECT_EQ(Errors(maps),
            "t.yaml:1:257: error: nesting deeper than 64 levels\n"
            "  hint: flatten the structure\n");
}

TEST(YamlLoader, DeepBlockNestingDoesNotCrash) {
  std::string dashes;
  for (int i = 0; i < 100'000; ++i) dashes += "- ";
  EXPECT_EQ(Errors(dashes + "x\n"),
            "t.yaml:1:129: error: nesting deeper than 64 levels\n  hint: flatten the structure\n");
  std::string keys;  // `? ? ? x`: block mappings nested as explicit keys on one line
  for (int i = 0; i < 100'000; ++i) keys += "? ";
  EXPECT_EQ(Errors(keys + "x\n"),
            "t.yaml:1:129: error: nesting deeper than 64 levels\n  hint: flatten the structure\n");
  std::string maps;  // indentation makes each level longer: 1,400 levels still fit the cap
  for (int i = 0; i < 1'400; ++i) maps += std::string(i, ' ') + "a:\n";
  EXPECT_EQ(Errors(maps),
            "t.yaml:65:65: error: nesting deeper than 64 levels\n  hint: flatten the structure\n");
}

// --- limits -----------------------------------------------------------------------

TEST(YamlLoader, ScalarTooLong) {
  YamlLimits limits;
  limits.max_scalar_bytes = 10;
  EXPECT_EQ(DumpYaml("a: 0123456789\n", limits), "{a: 123456789}");
  EXPECT_EQ(Errors("a: x\nb: 'abcdefghijk'\n", limits),
            "t.yaml:2:4: error: scalar is longer than 10 bytes\n"
            "  hint: keep large data out of YAML files\n");
}

TEST(YamlLoader, FileTooLarge) {
  YamlLimits limits;
  limits.max_bytes = 10;
  EXPECT_EQ(Errors("a: 0123456\n", limits),
            "t.yaml:1:1: error: file is larger than 10 bytes\n"
            "  hint: split it into smaller files\n");
}

TEST(YamlLoader, RecordsTheDigestOfTheOriginalBytes) {
  std::string yaml =
      "\xEF\xBB\xBF"
      "a: 1\r\n";
  Parsed p = Parse(yaml);
  ASSERT_TRUE(p.doc) << p.diagnostics;
  EXPECT_EQ(p.doc->sha256, ir::Sha256Hex(yaml));
  EXPECT_EQ(p.doc->file, 0u);
}

// --- the byte gate ------------------------------------------------------------------

std::string Utf8Error(const std::string& where, const std::string& what) {
  return "t.yaml:" + where + ": error: invalid UTF-8: " + what +
         "\n  hint: save the file as UTF-8\n";
}

TEST(YamlLoader, InvalidUtf8ReportsTheExactByte) {
  EXPECT_EQ(Errors("a: 1\nb: x\xc0\xaf\n"), Utf8Error("2:5", "overlong encoding"));
  EXPECT_EQ(Errors("b: \xe0\x80\xaf\n"), Utf8Error("1:4", "overlong encoding"));
  EXPECT_EQ(Errors("b: \xf0\x80\x80\xaf\n"), Utf8Error("1:4", "overlong encoding"));
  EXPECT_EQ(Errors("a: 1\n\n  c: \x80\n"), Utf8Error("3:6", "stray continuation byte 0x80"));
  EXPECT_EQ(Errors("a: \xe2\x82"), Utf8Error("1:4", "truncated multi-byte sequence"));
  EXPECT_EQ(Errors("a: \xe2\x82"
                   "A\n"),
            Utf8Error("1:4", "truncated multi-byte sequence"));
  EXPECT_EQ(Errors("a: \xed\xa0\x80\n"), Utf8Error("1:4", "surrogate U+D800"));
  EXPECT_EQ(Errors("a: \xed\xbf\xbf\n"), Utf8Error("1:4", "surrogate U+DFFF"));
  EXPECT_EQ(Errors("a: \xf4\x90\x80\x80\n"), Utf8Error("1:4", "code point above U+10FFFF"));
  EXPECT_EQ(Errors("a: \xf5\x80\x80\x80\n"), Utf8Error("1:4", "byte 0xF5 never appears in UTF-8"));
  EXPECT_EQ(Errors("a: \xff\n"), Utf8Error("1:4", "byte 0xFF never appears in UTF-8"));
}

TEST(YamlLoader, ValidUtf8PassesAndColumnsCountBytes) {
  EXPECT_EQ(DumpYaml("name: \"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 \xef\xbf\xbd\"\n"),
            "{name: \"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 \xef\xbf\xbd\"}");
  // "é" is two bytes, so '*' is the fifth byte.
  EXPECT_EQ(Errors("\xc3\xa9: *nope\n"),
            "t.yaml:1:5: error: alias '*nope' refers to an unknown anchor\n"
            "  hint: define it first with '&nope' on the node it stands for\n");
}

TEST(YamlLoader, NulAndControlCharacters) {
  EXPECT_EQ(Errors(std::string("a: 1\0", 5)),
            "t.yaml:1:5: error: file contains a NUL byte\n"
            "  hint: nbc reads UTF-8 text; is this a binary or UTF-16 file?\n");
  const std::string hint =
      "  hint: remove it, or write it as an escape such as \"\\x07\" in a double-quoted string\n";
  EXPECT_EQ(Errors("a: \x07\n"),
            "t.yaml:1:4: error: control character U+0007 is not allowed\n" + hint);
  EXPECT_EQ(Errors("a: \x1b[31m\n"),
            "t.yaml:1:4: error: control character U+001B is not allowed\n" + hint);
  EXPECT_EQ(Errors("a: x\x7f\n"),
            "t.yaml:1:5: error: control character U+007F is not allowed\n" + hint);
  EXPECT_EQ(Errors("a: \xc2\x85\n"),
            "t.yaml:1:4: error: control character U+0085 is not allowed\n" + hint);
  EXPECT_EQ(Errors("b: 1\na: \xc2\x9f\n"),
            "t.yaml:2:4: error: control character U+009F is not allowed\n" + hint);
  EXPECT_EQ(Errors("a: \xef\xbf\xbe\n"),
            "t.yaml:1:4: error: character U+FFFE is not allowed in YAML\n");
  EXPECT_EQ(DumpYaml("a: \"x\ty\"\n"), "{a: \"x\ty\"}");
}

TEST(YamlLoader, ByteOrderMarks) {
  // UTF-8: skipped, and columns still start at 1.
  EXPECT_EQ(DumpYaml("\xEF\xBB\xBF"
                     "a: 1\n"),
            "{a: 1}");
  EXPECT_EQ(Errors("\xEF\xBB\xBF"
                   "a: *nope\n"),
            "t.yaml:1:4: error: alias '*nope' refers to an unknown anchor\n"
            "  hint: define it first with '&nope' on the node it stands for\n");
  EXPECT_EQ(Errors("\xEF\xBB\xBF"
                   "\x01"),
            "t.yaml:1:1: error: control character U+0001 is not allowed\n"
            "  hint: remove it, or write it as an escape such as \"\\x07\" in a double-quoted "
            "string\n");
  EXPECT_EQ(Errors(std::string("\xff\xfe"
                               "a\0:\0",
                               6)),
            "t.yaml:1:1: error: file is UTF-16; save it as UTF-8\n");
  EXPECT_EQ(Errors(std::string("\xfe\xff\0a\0:", 6)),
            "t.yaml:1:1: error: file is UTF-16; save it as UTF-8\n");
  EXPECT_EQ(Errors(std::string("\xff\xfe\0\0"
                               "a\0\0\0",
                               8)),
            "t.yaml:1:1: error: file is UTF-32; save it as UTF-8\n");
  EXPECT_EQ(Errors(std::string("\0\0\xfe\xff\0\0\0a", 8)),
            "t.yaml:1:1: error: file is UTF-32; save it as UTF-8\n");
  // UTF-16 without a mark shows up as a NUL byte.
  EXPECT_EQ(Errors(std::string("a\0:\0", 4)),
            "t.yaml:1:2: error: file contains a NUL byte\n"
            "  hint: nbc reads UTF-8 text; is this a binary or UTF-16 file?\n");
}

TEST(YamlLoader, CrLfAndCrLineEndings) {
  for (std::string_view yaml :
       {"a: 1\r\nb:\r\n  - x\r\nc: |\r\n  l1\r\n  l2\r\n", "a: 1\rb:\r  - x\rc: |\r  l1\r  l2\r"}) {
    Parsed p = Parse(yaml);
    ASSERT_TRUE(p.doc) << p.diagnostics;
    EXPECT_EQ(Dump(p.doc->root), "{a: 1, b: [\"x\"], c: \"l1\nl2\n\"}");
    EXPECT_EQ(At(p.doc->root->entries[1].key_at), "2:1");
    EXPECT_EQ(At(p.doc->root->Find("b")->items[0]->at), "3:5");
  }
  EXPECT_EQ(Errors("a: 1\r\nb: 2\r\n\r\nc: \x01\r\n"),
            "t.yaml:4:4: error: control character U+0001 is not allowed\n"
            "  hint: remove it, or write it as an escape such as \"\\x07\" in a double-quoted "
            "string\n");
  EXPECT_EQ(Errors("a: 1\rb: 2\r\rc: *x\r"),
            "t.yaml:4:4: error: alias '*x' refers to an unknown anchor\n"
            "  hint: define it first with '&x' on the node it stands for\n");
}

TEST(YamlLoader, MessagesEscapeControlCharactersFromValues) {
  EXPECT_EQ(Errors("a: !!int \"\\e[31m\"\n"),
            "t.yaml:1:4: error: '\\x1B[31m' is not a valid integer for tag '!!int'\n");
}

}  // namespace
}  // namespace nbc::compiler
