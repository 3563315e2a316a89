// SPDX-License-Identifier: Apache-2.0
// First stage of the pipeline: checks a file's bytes, runs yaml-cpp's event
// parser over them and builds nbc's Document tree with 1-based spans.
//
// yaml-cpp 0.7 behaviour this file relies on (measured, see yaml_loader_test):
// - The tag passed to OnScalar is "?" for a plain scalar and "!" for a quoted
//   or block scalar; "!!str" arrives as "tag:yaml.org,2002:str", a local tag
//   such as "!append" as written. Untagged collections get "?".
// - Plain `~`, `null`, `Null`, `NULL` and empty nodes arrive as OnNull; an
//   empty node's mark is that of the token after it.
// - A stray ',' at the top level makes every HandleNextDocument() call return
//   another empty document without consuming input (YAML::LoadAll loops
//   forever), so we read one document and only peek at the start of a second.
// - The parser throws "bad file" past 500 levels of nesting, so it cannot
//   overflow the stack; our own depth limit (64) fires long before that.
// - Marks are 0-based and count bytes; a lone CR is not a line break
//   (CheckSourceText turns CR and CRLF into LF first).
// - A quoted scalar left open at the end of a file that ends in a newline is
//   accepted, swallowing the rest of the file; we look for the closing quote.
// - The scanner holds every token of a flow collection until the collection
//   closes (its start might still turn out to be a key), about 230 bytes per
//   '[': the events of a 1 MiB bracket flood would arrive after 240 MiB.
//   BracketFloodPrefix() lets the depth limit see such a flood early.
// - The escapes "\N" and "\_" come out as the single bytes 0x85 and 0xA0,
//   not as UTF-8; Utf8FromYamlCpp() repairs them.
// - Tabs indenting a plain scalar or a flow collection are accepted
//   (`a:\n\tb`); CheckIndentation() reports them as YAML requires.
#include "compiler/yaml_loader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <istream>
#include <new>
#include <streambuf>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "compiler/source_reader.h"
#include "ir/sha256.h"
#include "ir/visible_text.h"

namespace nbc::compiler {
namespace {

// ---------------------------------------------------------------------------
// Messages

constexpr const char* kAllowedTags =
    "allowed tags: !append, !replace, !secret, !!str, !!int, !!float, !!bool, !!null, !!map, "
    "!!seq";

std::string Hex2(unsigned char byte) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  return {kDigits[byte >> 4], kDigits[byte & 0xf]};
}

// User text inside a message: quoted, at most 40 bytes, control characters
// escaped so that a value cannot inject terminal escape sequences, and C1
// controls, bidi and zero-width marks escaped by Visible() so that it cannot
// reorder what the reader sees.
std::string Quoted(std::string_view text) {
  std::string out;
  size_t i = 0;
  for (; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    // Stop at a character boundary so the message stays valid UTF-8.
    if (i >= 40 && (c & 0xc0) != 0x80) break;
    if (c < 0x20 || c == 0x7f) {
      out += "\\x" + Hex2(c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return "'" + ir::Visible(out) + (i < text.size() ? "...'" : "'");
}

// The length of the UTF-8 sequence at text[i], or 0 if none starts there.
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return 0;
  }
  return n;
}

// A scalar's value as UTF-8. yaml-cpp writes the escapes "\N" (U+0085) and
// "\_" (U+00A0) as single Latin-1 bytes; the text it read was valid UTF-8
// and its other escapes are encoded properly, so a byte that starts no
// sequence is one of those two, and C2 before it makes it UTF-8.
std::string Utf8FromYamlCpp(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size();) {
    size_t n = Utf8SequenceLength(value, i);
    if (n == 0) {
      out += '\xc2';
      out += value[i++];
      continue;
    }
    out.append(value, i, n);
    i += n;
  }
  return out;
}

// "tag:yaml.org,2002:str" -> "!!str", the way the user wrote it.
std::string DisplayTag(const std::string& tag) {
  constexpr std::string_view kCore = "tag:yaml.org,2002:";
  if (std::string_view(tag).starts_with(kCore)) return "!!" + tag.substr(kCore.size());
  return tag;
}

// ---------------------------------------------------------------------------
// Tags

enum class Tag {
  kNone,
  kAppend,
  kReplace,
  kSecret,
  kStr,
  kInt,
  kFloat,
  kBool,
  kNull,
  kMap,
  kSeq,
  kForbidden
};

Tag ClassifyTag(const std::string& tag) {
  // "?" marks an untagged plain node, "!" the non-specific tag of quoted ones.
  if (tag.empty() || tag == "?" || tag == "!") return Tag::kNone;
  static const std::unordered_map<std::string, Tag> kKnown = {
      {"!append", Tag::kAppend},
      {"!replace", Tag::kReplace},
      {"!secret", Tag::kSecret},
      {"tag:yaml.org,2002:str", Tag::kStr},
      {"tag:yaml.org,2002:int", Tag::kInt},
      {"tag:yaml.org,2002:float", Tag::kFloat},
      {"tag:yaml.org,2002:bool", Tag::kBool},
      {"tag:yaml.org,2002:null", Tag::kNull},
      {"tag:yaml.org,2002:map", Tag::kMap},
      {"tag:yaml.org,2002:seq", Tag::kSeq},
  };
  auto it = kKnown.find(tag);
  return it == kKnown.end() ? Tag::kForbidden : it->second;
}

// ---------------------------------------------------------------------------
// Positions and yaml-cpp's stray-comma documents

// yaml-cpp marks are 0-based; a null mark (-1) means "somewhere in the file".
ir::SourceSpan SpanOf(const YAML::Mark& mark, ir::FileId file) {
  if (mark.line < 0 || mark.column < 0) return {file, 1, 1};
  return {file, static_cast<uint32_t>(mark.line) + 1, static_cast<uint32_t>(mark.column) + 1};
}

// A document that starts at a ',' is the endless-empty-documents case from
// the file comment; it gets its own message instead of "a second document".
bool IsStrayComma(std::string_view text, const YAML::Mark& mark) {
  return mark.pos >= 0 && static_cast<size_t>(mark.pos) < text.size() && text[mark.pos] == ',';
}

void ReportStrayComma(ir::SourceSpan at, ir::Diagnostics& diags) {
  diags.Error(at, "unexpected ',' outside a flow collection",
              "quote the value if the comma belongs to it, or put the list in [ ]");
}

// Skips a node's tag and anchor (and the spaces, line breaks and comments
// after them) to where its content starts.
size_t SkipNodeProperties(std::string_view text, size_t pos) {
  while (pos < text.size() && (text[pos] == '!' || text[pos] == '&')) {
    pos = text.find_first_of(" \t\n", pos);
    if (pos == std::string_view::npos) return text.size();
    while (pos < text.size() &&
           (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '#')) {
      pos = text[pos] == '#' ? text.find('\n', pos) : pos + 1;
      if (pos == std::string_view::npos) return text.size();
    }
  }
  return pos;
}

// The position of the quote that closes the quoted scalar opened at `open`,
// or npos. In double quotes a backslash escapes the next character; in single
// quotes '' is an escaped quote.
size_t FindClosingQuote(std::string_view text, size_t open) {
  char quote = text[open];
  for (size_t i = open + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;
        continue;
      }
      return i;
    }
  }
  return std::string_view::npos;
}

// ---------------------------------------------------------------------------
// The event handler that builds the tree

// Thrown from an event handler after an error that makes the rest of the
// document meaningless (too deep, too big, self-referencing); unwinds yaml-cpp.
struct ParseAborted {};

// yaml-cpp reads from a std::istream; this one reads our string in place.
class StringViewBuffer : public std::streambuf {
 public:
  explicit StringViewBuffer(std::string_view text) {
    char* begin = const_cast<char*>(text.data());  // the get area is read-only
    setg(begin, begin, begin + text.size());
  }
};

// Builds one Document from the events of one YAML document. Lives for one
// HandleNextDocument() call; root() is the result if no error was reported.
class TreeBuilder final : public YAML::EventHandler {
 public:
  // `too_deep` is set when the nesting limit stops the parse.
  TreeBuilder(std::string_view text, Document& doc, const YamlLimits& limits,
              ir::Diagnostics& diags, bool& too_deep)
      : text_(text),
        doc_(doc),
        limits_(limits),
        diags_(diags),
        errors_before_(diags.error_count()),
        too_deep_(too_deep) {}

  DocNode* root() const { return root_; }

  void OnDocumentStart(const YAML::Mark& mark) override;
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override;
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override;
  void OnSequenceEnd() override { CloseCollection(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override;
  void OnMapEnd() override { CloseCollection(); }
  void OnAnchor(const YAML::Mark& mark, const std::string& name) override;

 private:
  struct Anchor {
    std::string name;
    DocNode* node = nullptr;
    uint64_t size = 0;  // nodes in the subtree with its aliases expanded
    bool complete = false;
  };
  // A `<<` entry, to be expanded when its mapping ends.
  struct Merge {
    size_t position;  // entries written before it
    const DocNode* source;
  };
  // One open sequence or mapping.
  struct Frame {
    DocNode* node = nullptr;
    YAML::anchor_t anchor = YAML::NullAnchor;
    uint64_t size = 1;
    bool flow = false;  // [ ] or { }, where tabs may indent
    // Mappings only: the key whose value comes next.
    bool has_key = false;
    bool key_ok = false;  // false after a bad or duplicate key: its value is dropped
    bool key_is_merge = false;
    std::string key;
    ir::SourceSpan key_at;
    std::unordered_map<std::string, ir::SourceSpan> seen;  // explicit keys, for duplicates
    std::vector<Merge> merges;
  };

  ir::SourceSpan Span(const YAML::Mark& mark) const;
  ir::SourceSpan SpanAfter(const YAML::Mark& mark, size_t pos) const;
  bool ExpectingKey() const;
  std::string ExplicitNullAt(const YAML::Mark& mark, bool is_key) const;
  void CheckQuoteIsClosed(const YAML::Mark& mark);
  void CheckIndentation(const YAML::Mark& mark);
  void CheckErrorCount(const YAML::Mark& mark);
  void Charge(uint64_t nodes, uint64_t copied_bytes, ir::SourceSpan at, bool alias);
  void Register(YAML::anchor_t anchor, DocNode* node, uint64_t size, bool complete);
  DocNode* NewNode(DocKind kind, ir::SourceSpan at);

  void TypePlainScalar(DocNode& node);
  void ApplyScalarTag(const std::string& tag, DocNode& node);
  void CheckTaggedValue(Tag tag, const std::string& written, DocNode& node);
  void ApplyCollectionTag(const std::string& tag, DocNode& node);
  void ReportForbiddenTag(const std::string& tag, ir::SourceSpan at);
  void ReportMisplacedTag(const std::string& tag, const char* what, ir::SourceSpan at);

  void OpenCollection(DocKind kind, const YAML::Mark& mark, const std::string& tag,
                      YAML::anchor_t anchor, YAML::EmitterStyle::value style);
  void CloseCollection();
  void Deliver(DocNode* node, uint64_t size);
  void AcceptKey(Frame& frame, const DocNode& key);
  void ReportDuplicateKey(const DocNode& key, ir::SourceSpan first);
  void AcceptValue(Frame& frame, DocNode* value);
  void AddMerge(Frame& frame, const DocNode* value);
  void ApplyMerges(Frame& frame);

  std::string_view text_;  // what yaml-cpp parses; marks index into it
  Document& doc_;
  const YamlLimits& limits_;
  ir::Diagnostics& diags_;
  DocNode* root_ = nullptr;
  std::vector<Frame> frames_;
  std::vector<Anchor> anchors_;         // by yaml-cpp's anchor id (1, 2, ...)
  std::string pending_anchor_name_;     // from OnAnchor, for the node event that follows
  const DocNode* merge_key_ = nullptr;  // the last plain `<<` scalar
  uint64_t expanded_nodes_ = 0;
  uint64_t copied_bytes_ = 0;
  size_t errors_before_;   // errors of earlier files
  uint32_t tab_line_ = 0;  // the last line reported for a tab, to report it once
  bool& too_deep_;
};

ir::SourceSpan TreeBuilder::Span(const YAML::Mark& mark) const { return SpanOf(mark, doc_.file); }

// The span of byte `pos`, counting on from a mark at or before it.
ir::SourceSpan TreeBuilder::SpanAfter(const YAML::Mark& mark, size_t pos) const {
  ir::SourceSpan at = Span(mark);
  for (size_t i = static_cast<size_t>(mark.pos); i < pos; ++i) {
    if (text_[i] == '\n') {
      ++at.line;
      at.col = 1;
    } else {
      ++at.col;
    }
  }
  return at;
}

bool TreeBuilder::ExpectingKey() const {
  return !frames_.empty() && frames_.back().node->kind == DocKind::kMap && !frames_.back().has_key;
}

// yaml-cpp reports `~` and an empty value alike; the bytes at the mark tell
// them apart. An empty value's mark is the next token's, which may itself be
// a null key (`a:` then `null: 1` on the next line): a literal followed by
// ':' is that key unless a key is what we expect.
std::string TreeBuilder::ExplicitNullAt(const YAML::Mark& mark, bool is_key) const {
  if (mark.pos < 0 || static_cast<size_t>(mark.pos) >= text_.size()) return "";
  std::string_view rest = text_.substr(static_cast<size_t>(mark.pos));
  for (std::string_view literal : {"~", "null", "Null", "NULL"}) {
    if (!rest.starts_with(literal)) continue;
    std::string_view after = rest.substr(literal.size());
    if (!after.empty() && std::string_view(" \t\n,]}:#").find(after[0]) == std::string_view::npos) {
      continue;
    }
    size_t next = after.find_first_not_of(" \t");
    bool followed_by_colon = next != std::string_view::npos && after[next] == ':';
    return is_key || !followed_by_colon ? std::string(literal) : "";
  }
  return "";
}

// The quirk from the file comment: yaml-cpp accepts `a: "x` plus a newline at
// the end of the file. The scalar's mark is at its first property (tag or
// anchor) or at the opening quote; without a closing quote the scan below
// reaches the end of the text.
void TreeBuilder::CheckQuoteIsClosed(const YAML::Mark& mark) {
  if (mark.pos < 0) return;
  size_t pos = SkipNodeProperties(text_, static_cast<size_t>(mark.pos));
  if (pos >= text_.size() || (text_[pos] != '"' && text_[pos] != '\'')) return;
  if (FindClosingQuote(text_, pos) != std::string_view::npos) return;
  diags_.Error(SpanAfter(mark, pos), "quoted string is never closed",
               std::string("add the closing ") + (text_[pos] == '"' ? "'\"'" : "\"'\""));
}

// A node that starts a line in block context must be indented with spaces.
// yaml-cpp rejects a tab before a key or '-' but takes `a:`, newline, tab,
// `b` for `a: b`, which other YAML parsers reject. Inside [ ] and { } tabs
// are fine.
void TreeBuilder::CheckIndentation(const YAML::Mark& mark) {
  if (mark.pos < 0 || (!frames_.empty() && frames_.back().flow)) return;
  size_t start = static_cast<size_t>(mark.pos);
  while (start > 0 && (text_[start - 1] == ' ' || text_[start - 1] == '\t')) --start;
  if (start > 0 && text_[start - 1] != '\n') return;  // not the first thing on its line
  size_t tab = text_.substr(start, static_cast<size_t>(mark.pos) - start).find('\t');
  if (tab == std::string_view::npos) return;
  ir::SourceSpan at = Span(mark);
  if (at.line == tab_line_) return;
  tab_line_ = at.line;
  at.col = static_cast<uint32_t>(tab + 1);
  diags_.Error(at, "a tab indents this line", "YAML indents with spaces only; replace the tab");
}

// A file with thousands of errors (50,000 duplicate keys) would bury the
// first ones and cost time and memory: reading stops after max_errors.
void TreeBuilder::CheckErrorCount(const YAML::Mark& mark) {
  if (diags_.error_count() - errors_before_ < limits_.max_errors) return;
  diags_.Error(Span(mark), "too many errors in this file; nbc stopped reading it here",
               "fix the errors above and run nbc again");
  throw ParseAborted{};
}

// Every node but a mapping key counts against max_nodes, an alias at the full
// size of what it stands for (keys included), so a "billion laughs" stops at
// the first alias past the limit.
// The text an alias copies counts against max_bytes. Together they also bound
// the work of any parser loop that keeps emitting events.
void TreeBuilder::Charge(uint64_t nodes, uint64_t copied_bytes, ir::SourceSpan at, bool alias) {
  expanded_nodes_ += nodes;
  copied_bytes_ += copied_bytes;
  std::string limit = std::to_string(limits_.max_nodes);
  if (expanded_nodes_ > limits_.max_nodes && alias) {
    diags_.Error(at, "document expands to more than " + limit + " nodes (alias bomb?)",
                 "use fewer aliases, or alias smaller nodes");
    throw ParseAborted{};
  }
  if (expanded_nodes_ > limits_.max_nodes) {
    diags_.Error(at, "document has more than " + limit + " nodes", "split it into smaller files");
    throw ParseAborted{};
  }
  if (copied_bytes_ > limits_.max_bytes) {
    diags_.Error(at,
                 "aliases copy more than " + std::to_string(limits_.max_bytes) +
                     " bytes of text (alias bomb?)",
                 "use fewer aliases, or alias smaller nodes");
    throw ParseAborted{};
  }
}

DocNode* TreeBuilder::NewNode(DocKind kind, ir::SourceSpan at) {
  DocNode* node = doc_.NewNode();
  node->kind = kind;
  node->at = at;
  return node;
}

void TreeBuilder::Register(YAML::anchor_t anchor, DocNode* node, uint64_t size, bool complete) {
  if (anchor == YAML::NullAnchor) return;
  if (anchors_.size() <= anchor) anchors_.resize(anchor + 1);
  anchors_[anchor] = {pending_anchor_name_, node, size, complete};
}

void TreeBuilder::OnAnchor(const YAML::Mark& /*mark*/, const std::string& name) {
  pending_anchor_name_ = name;
}

void TreeBuilder::OnDocumentStart(const YAML::Mark& mark) {
  if (IsStrayComma(text_, mark)) {
    ReportStrayComma(Span(mark), diags_);
    throw ParseAborted{};
  }
}

void TreeBuilder::OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) {
  CheckErrorCount(mark);
  bool is_key = ExpectingKey();
  std::string literal = ExplicitNullAt(mark, is_key);
  ir::SourceSpan at = Span(mark);
  // An empty mapping value has no text of its own; point at its key rather
  // than at whatever token follows.
  if (literal.empty() && !is_key && !frames_.empty() &&
      frames_.back().node->kind == DocKind::kMap) {
    at = frames_.back().key_at;
  }
  Charge(1, 0, at, false);
  DocNode* node = NewNode(DocKind::kNull, at);
  node->text = literal;
  Register(anchor, node, 1, true);
  Deliver(node, 1);
}

void TreeBuilder::OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                           const std::string& value) {
  CheckErrorCount(mark);
  ir::SourceSpan at = Span(mark);
  if (tag != "?") CheckQuoteIsClosed(mark);
  CheckIndentation(mark);
  // A key is not counted: the value that comes with it is.
  Charge(ExpectingKey() ? 0 : 1, 0, at, false);
  DocNode* node = NewNode(DocKind::kString, at);
  if (value.size() > limits_.max_scalar_bytes) {
    diags_.Error(at, "scalar is longer than " + std::to_string(limits_.max_scalar_bytes) + " bytes",
                 "keep large data out of YAML files");
  } else {
    node->text = tag == "?" ? value : Utf8FromYamlCpp(value);
  }
  ApplyScalarTag(tag, *node);
  if (tag == "?" && value == "<<") merge_key_ = node;
  Register(anchor, node, 1, true);
  Deliver(node, 1);
}

void TreeBuilder::OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) {
  CheckErrorCount(mark);
  CheckIndentation(mark);
  ir::SourceSpan at = Span(mark);
  if (anchor >= anchors_.size() || anchors_[anchor].node == nullptr) {
    // yaml-cpp reports unknown anchors itself; this is a safety net.
    diags_.Error(at, "alias refers to an unknown anchor");
    throw ParseAborted{};
  }
  const Anchor& target = anchors_[anchor];
  if (!target.complete) {
    diags_.Error(
        at, "alias '*" + target.name + "' refers to its own anchor, which is still being defined",
        "a node cannot contain itself");
    throw ParseAborted{};
  }
  uint64_t copied = target.node->text.size();
  for (const DocEntry& e : target.node->entries) copied += e.key.size();
  Charge(target.size, copied, at, true);
  // A shallow copy (see doc.h): the alias keeps its own position.
  DocNode* copy = doc_.NewNode();
  *copy = *target.node;
  copy->at = at;
  Deliver(copy, target.size);
}

void TreeBuilder::OnSequenceStart(const YAML::Mark& mark, const std::string& tag,
                                  YAML::anchor_t anchor, YAML::EmitterStyle::value style) {
  OpenCollection(DocKind::kSeq, mark, tag, anchor, style);
}

void TreeBuilder::OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                             YAML::EmitterStyle::value style) {
  OpenCollection(DocKind::kMap, mark, tag, anchor, style);
}

void TreeBuilder::OpenCollection(DocKind kind, const YAML::Mark& mark, const std::string& tag,
                                 YAML::anchor_t anchor, YAML::EmitterStyle::value style) {
  CheckErrorCount(mark);
  CheckIndentation(mark);
  ir::SourceSpan at = Span(mark);
  if (frames_.size() >= limits_.max_depth) {
    diags_.Error(at, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels",
                 "flatten the structure");
    too_deep_ = true;
    throw ParseAborted{};
  }
  Charge(1, 0, at, false);
  DocNode* node = NewNode(kind, at);
  ApplyCollectionTag(tag, *node);
  Register(anchor, node, 0, false);
  Frame frame;
  frame.node = node;
  frame.anchor = anchor;
  frame.flow = style == YAML::EmitterStyle::Flow;
  frames_.push_back(std::move(frame));
}

void TreeBuilder::CloseCollection() {
  Frame frame = std::move(frames_.back());
  frames_.pop_back();
  if (frame.node->kind == DocKind::kMap) ApplyMerges(frame);
  if (frame.anchor != YAML::NullAnchor) {
    anchors_[frame.anchor].size = frame.size;
    anchors_[frame.anchor].complete = true;
  }
  Deliver(frame.node, frame.size);
}

// Every finished node goes here: it becomes the root, a sequence item, a
// mapping key or a mapping value.
void TreeBuilder::Deliver(DocNode* node, uint64_t size) {
  if (frames_.empty()) {
    // An empty document (`---` alone) is no document, like an empty file.
    bool empty = node->kind == DocKind::kNull && node->text.empty() && node->tag.empty();
    root_ = empty ? nullptr : node;
    return;
  }
  Frame& frame = frames_.back();
  frame.size += size;
  if (frame.node->kind == DocKind::kSeq) {
    frame.node->items.push_back(node);
  } else if (!frame.has_key) {
    AcceptKey(frame, *node);
  } else {
    AcceptValue(frame, node);
  }
}

void TreeBuilder::AcceptKey(Frame& frame, const DocNode& key) {
  frame.has_key = true;
  frame.key_ok = false;
  frame.key_is_merge = &key == merge_key_;
  frame.key_at = key.at;
  if (key.kind == DocKind::kSeq || key.kind == DocKind::kMap) {
    diags_.Error(key.at,
                 std::string("a mapping key must be a scalar, not a ") + DocKindName(key.kind),
                 "nbc keys are names; write the key as plain text");
    return;
  }
  if (!key.tag.empty()) {
    diags_.Error(key.at, "a mapping key cannot be tagged '" + key.tag + "'");
    return;
  }
  // Keys compare by their text, so `1` and "1" are the same key.
  auto [first, inserted] = frame.seen.emplace(key.text, key.at);
  if (!inserted) {
    ReportDuplicateKey(key, first->second);
    return;
  }
  frame.key_ok = true;
  frame.key = key.text;
}

// yaml-cpp keeps both entries silently; we name both places.
void TreeBuilder::ReportDuplicateKey(const DocNode& key, ir::SourceSpan first) {
  ir::Diagnostic note;
  note.severity = ir::Severity::kNote;
  note.where = first;
  note.message = "key " + Quoted(key.text) + " is already defined here";
  ir::Diagnostic d;
  d.where = key.at;
  d.message = "duplicate key " + Quoted(key.text);
  d.hint = "remove one of them, or rename it";
  d.notes.push_back(std::move(note));
  diags_.Report(std::move(d));
}

void TreeBuilder::AcceptValue(Frame& frame, DocNode* value) {
  frame.has_key = false;
  if (!frame.key_ok) return;
  if (frame.key_is_merge) {
    AddMerge(frame, value);
    return;
  }
  frame.node->entries.push_back({frame.key, frame.key_at, value});
}

// `<<: *base` or `<<: [*a, *b]` (YAML merge keys, yaml.org/type/merge.html).
void TreeBuilder::AddMerge(Frame& frame, const DocNode* value) {
  std::vector<const DocNode*> sources;
  if (value->kind == DocKind::kMap) {
    sources.push_back(value);
  } else if (value->kind == DocKind::kSeq) {
    sources.assign(value->items.begin(), value->items.end());
  }
  bool ok = !sources.empty();
  for (const DocNode* source : sources) ok = ok && source->kind == DocKind::kMap;
  if (!ok) {
    diags_.Error(value->at,
                 std::string("the merge key '<<' needs a mapping or a list of mappings, not a ") +
                     DocKindName(value->kind),
                 "write '<<: *name' or '<<: [*a, *b]' with anchors on mappings");
    return;
  }
  uint64_t copied = 0;
  for (const DocNode* source : sources) {
    frame.merges.push_back({frame.node->entries.size(), source});
    for (const DocEntry& e : source->entries) copied += e.key.size();
  }
  Charge(0, copied, value->at, true);
}

// Explicit keys win over merged ones wherever they are written, and among
// merged mappings the earlier one wins. Merged entries go where `<<` was.
void TreeBuilder::ApplyMerges(Frame& frame) {
  if (frame.merges.empty()) return;
  std::vector<DocEntry> explicit_entries = std::move(frame.node->entries);
  std::unordered_set<std::string> present;
  for (const DocEntry& e : explicit_entries) present.insert(e.key);
  std::vector<DocEntry>& out = frame.node->entries;
  out.clear();
  size_t next_merge = 0;
  for (size_t i = 0; i <= explicit_entries.size(); ++i) {
    for (; next_merge < frame.merges.size() && frame.merges[next_merge].position == i;
         ++next_merge) {
      for (const DocEntry& e : frame.merges[next_merge].source->entries) {
        if (present.insert(e.key).second) out.push_back(e);
      }
    }
    if (i < explicit_entries.size()) out.push_back(std::move(explicit_entries[i]));
  }
}

// ---------------------------------------------------------------------------
// Typing scalars and checking tags

void TreeBuilder::TypePlainScalar(DocNode& node) {
  if (IsCoreNull(node.text)) {
    node.kind = DocKind::kNull;
  } else if (ParseCoreBool(node.text, node.bool_value)) {
    node.kind = DocKind::kBool;
  } else if (NumberParse p = ParseCoreInt(node.text, node.int_value); p != NumberParse::kNoMatch) {
    node.kind = DocKind::kInt;
    if (p == NumberParse::kOutOfRange) {
      diags_.Error(node.at, "integer out of range: " + Quoted(node.text),
                   "integers must fit in 64 bits; quote the value to keep it as a string");
    }
  } else if (NumberParse f = ParseCoreFloat(node.text, node.float_value);
             f != NumberParse::kNoMatch) {
    node.kind = DocKind::kFloat;
    if (f == NumberParse::kOutOfRange) {
      diags_.Error(node.at, "float out of range: " + Quoted(node.text),
                   "quote the value to keep it as a string");
    }
  } else {
    node.kind = DocKind::kString;
  }
}

void TreeBuilder::ApplyScalarTag(const std::string& tag, DocNode& node) {
  switch (Tag t = ClassifyTag(tag)) {
    case Tag::kNone:
      // Quoted and block scalars are always strings.
      if (tag == "?") TypePlainScalar(node);
      return;
    case Tag::kStr: return;
    case Tag::kSecret:
      node.tag = tag;
      if (node.text.empty()) {
        diags_.Error(node.at, "'!secret' needs the secret's name", "write '!secret NAME'");
      }
      return;
    case Tag::kInt:
    case Tag::kFloat:
    case Tag::kBool:
    case Tag::kNull: CheckTaggedValue(t, tag, node); return;
    case Tag::kAppend:
    case Tag::kSeq: ReportMisplacedTag(tag, "a sequence", node.at); return;
    case Tag::kReplace:
    case Tag::kMap: ReportMisplacedTag(tag, "a mapping", node.at); return;
    case Tag::kForbidden: ReportForbiddenTag(tag, node.at); return;
  }
}

// `!!int "5"` is the integer 5; `!!int abc` is an error.
void TreeBuilder::CheckTaggedValue(Tag tag, const std::string& written, DocNode& node) {
  NumberParse parse = NumberParse::kNoMatch;
  if (tag == Tag::kInt) {
    node.kind = DocKind::kInt;
    parse = ParseCoreInt(node.text, node.int_value);
  } else if (tag == Tag::kFloat) {
    node.kind = DocKind::kFloat;
    parse = ParseCoreFloat(node.text, node.float_value);
  } else if (tag == Tag::kBool) {
    node.kind = DocKind::kBool;
    parse = ParseCoreBool(node.text, node.bool_value) ? NumberParse::kOk : NumberParse::kNoMatch;
  } else {
    node.kind = DocKind::kNull;
    parse = IsCoreNull(node.text) ? NumberParse::kOk : NumberParse::kNoMatch;
  }
  if (parse == NumberParse::kOutOfRange) {
    diags_.Error(node.at,
                 std::string(DocKindName(node.kind)) + " out of range: " + Quoted(node.text));
  } else if (parse == NumberParse::kNoMatch) {
    diags_.Error(node.at, Quoted(node.text) + " is not a valid " + DocKindName(node.kind) +
                              " for tag '" + DisplayTag(written) + "'");
  }
}

void TreeBuilder::ApplyCollectionTag(const std::string& tag, DocNode& node) {
  Tag t = ClassifyTag(tag);
  bool is_seq = node.kind == DocKind::kSeq;
  switch (t) {
    case Tag::kNone: return;
    case Tag::kSeq:
    case Tag::kMap:
      if ((t == Tag::kSeq) != is_seq) {
        ReportMisplacedTag(tag, t == Tag::kSeq ? "a sequence" : "a mapping", node.at);
      }
      return;
    case Tag::kAppend:
    case Tag::kReplace:
      if ((t == Tag::kAppend) != is_seq) {
        ReportMisplacedTag(tag, t == Tag::kAppend ? "a sequence" : "a mapping", node.at);
      }
      node.tag = tag;
      return;
    case Tag::kForbidden: ReportForbiddenTag(tag, node.at); return;
    default: ReportMisplacedTag(tag, "a scalar", node.at); return;
  }
}

void TreeBuilder::ReportForbiddenTag(const std::string& tag, ir::SourceSpan at) {
  diags_.Error(at, "tag " + Quoted(DisplayTag(tag)) + " is not allowed", kAllowedTags);
}

void TreeBuilder::ReportMisplacedTag(const std::string& tag, const char* what, ir::SourceSpan at) {
  diags_.Error(at, "tag " + Quoted(DisplayTag(tag)) + " can only be used on " + what);
}

// ---------------------------------------------------------------------------
// Driving yaml-cpp

// Stops at the start of a second document; nothing else is wanted from it.
class SecondDocumentProbe final : public YAML::EventHandler {
 public:
  struct Found {
    YAML::Mark mark;
  };
  void OnDocumentStart(const YAML::Mark& mark) override { throw Found{mark}; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// The name of the alias written at `pos` ("*name"), for messages.
std::string AliasNameAt(std::string_view text, int pos) {
  if (pos < 0 || static_cast<size_t>(pos) >= text.size() || text[pos] != '*') return "";
  size_t end = text.find_first_of(" \t\n,[]{}", static_cast<size_t>(pos));
  return std::string(text.substr(pos + 1, end == std::string_view::npos ? end : end - pos - 1));
}

// yaml-cpp's message as printable ASCII: it may end with the byte it choked
// on ("unknown escape character: " and the first byte of a UTF-8 sequence),
// which must not reach a terminal or a JSON report raw (found by fuzzing).
std::string PrintableMessage(std::string_view msg) {
  std::string out;
  for (unsigned char c : msg) {
    if (c >= 0x20 && c < 0x7f) out += static_cast<char>(c);
    else out += "\\x" + Hex2(c);
  }
  return out;
}

void ReportYamlError(const YAML::Exception& e, std::string_view text, ir::FileId file,
                     ir::Diagnostics& diags) {
  ir::SourceSpan at = SpanOf(e.mark, file);
  if (e.msg == YAML::ErrorMsg::UNKNOWN_ANCHOR) {
    std::string name = AliasNameAt(text, e.mark.pos);
    diags.Error(at, "alias '*" + name + "' refers to an unknown anchor",
                "define it first with '&" + name + "' on the node it stands for");
    return;
  }
  std::string hint;
  if (e.msg.rfind(YAML::ErrorMsg::INVALID_ESCAPE, 0) == 0)
    hint = "a double-quoted string knows \\\\, \\\", \\n, \\t, \\xHH, \\uHHHH and \\UHHHHHHHH; "
           "write a backslash as \\\\, or use a single-quoted string";
  diags.Error(at, "invalid YAML: " + PrintableMessage(e.msg), hint);
}

// After the first document only the start of a second one is read: yaml-cpp
// may produce empty documents forever (see the file comment).
void RejectSecondDocument(YAML::Parser& parser, std::string_view text, ir::FileId file,
                          ir::Diagnostics& diags) {
  SecondDocumentProbe probe;
  try {
    parser.HandleNextDocument(probe);
  } catch (const SecondDocumentProbe::Found& found) {
    if (IsStrayComma(text, found.mark)) {
      ReportStrayComma(SpanOf(found.mark, file), diags);
    } else {
      diags.Error(SpanOf(found.mark, file), "expected exactly one YAML document",
                  "nbc reads one document per file; split the file at this '---'");
    }
  }
}

// Runs yaml-cpp over the gated text; false if it reported an error. Sets
// too_deep if the nesting limit stopped it.
bool BuildTree(std::string_view text, const YamlLimits& limits, ir::Diagnostics& diags,
               Document& doc, bool& too_deep) {
  StringViewBuffer buffer(text);
  std::istream in(&buffer);
  try {
    YAML::Parser parser(in);
    TreeBuilder builder(text, doc, limits, diags, too_deep);
    if (!parser.HandleNextDocument(builder)) return true;  // no document at all
    doc.root = builder.root();
    RejectSecondDocument(parser, text, doc.file, diags);
  } catch (const ParseAborted&) {
    return false;
  } catch (const YAML::Exception& e) {
    ReportYamlError(e, text, doc.file, diags);
    return false;
  } catch (const std::bad_alloc&) {
    // The limits keep this from happening in nbc's own memory use; it is the
    // safety net for a structure yaml-cpp buffers in some way not foreseen.
    diags.Error({doc.file, 1, 1}, "not enough memory to parse this file",
                "a very long [ ] or { } collection costs yaml-cpp about 100 bytes of memory "
                "per byte; write it in block style or split the file");
    return false;
  }
  return true;
}

// yaml-cpp scans a flow collection to its end before it delivers the first
// event from it (see the file comment), so a flood of '[' or '{' would fill
// the memory before the nesting limit could see it. This finds the first
// point where the brackets, counted without regard to quotes, comments or
// block scalars, open more than max_depth levels, and returns the text up to
// there with the brackets closed. Parsing that prefix reaches the depth
// error at once if the brackets are real; if they were in a comment or a
// string, the prefix parses without it and the whole text is parsed as
// usual. Hiding closing brackets in comments to fool the count costs the
// attacker a byte per level, which halves what the flood can buffer.
std::optional<std::string> BracketFloodPrefix(std::string_view text, uint32_t max_depth) {
  std::string closers;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '[' || c == '{') {
      closers += c == '[' ? ']' : '}';
      if (closers.size() > max_depth) {
        std::string prefix(text.substr(0, i + 1));
        prefix.append(closers.rbegin(), closers.rend());
        return prefix + "\n";
      }
    } else if ((c == ']' || c == '}') && !closers.empty()) {
      closers.pop_back();
    }
  }
  return std::nullopt;
}

// Parses a bracket flood's prefix; true (with its errors in diags) if that
// found the nesting too deep.
bool RejectedAsTooDeep(std::string_view prefix, ir::FileId file, const YamlLimits& limits,
                       ir::Diagnostics& diags) {
  ir::Diagnostics found;
  Document probe;
  probe.file = file;
  bool too_deep = false;
  BuildTree(prefix, limits, found, probe, too_deep);
  if (!too_deep) return false;
  for (const ir::Diagnostic& d : found.all()) diags.Report(d);
  return true;
}

}  // namespace

std::optional<Document> ParseYaml(std::string_view bytes, ir::FileId file, ir::Diagnostics& diags,
                                  const YamlLimits& limits) {
  size_t errors_before = diags.error_count();
  std::optional<std::string> text = CheckSourceText(bytes, file, diags, limits.max_bytes);
  if (!text) return std::nullopt;
  if (std::optional<std::string> prefix = BracketFloodPrefix(*text, limits.max_depth)) {
    if (RejectedAsTooDeep(*prefix, file, limits, diags)) return std::nullopt;
  }
  Document doc;
  doc.file = file;
  doc.sha256 = ir::Sha256Hex(bytes);
  bool too_deep = false;
  if (!BuildTree(*text, limits, diags, doc, too_deep) || diags.error_count() != errors_before) {
    return std::nullopt;
  }
  return doc;
}

}  // namespace nbc::compiler
