// SPDX-License-Identifier: Apache-2.0
// The injection corpus: hostile strings, each with a short id. Every string
// that would run a command if a shell, sh heredoc, Ruby string, Fn::Sub or
// terminal interpreted it does something visible: it creates a file named
// pwned-<n> (found by tests/bootstrap/lib.sh's no_markers), changes the
// value's bytes (caught by the byte-for-byte checks), or reaches a screen
// raw (caught by the control-character checks).
'use strict';

const HUGE_BYTES = 200 * 1024;

// 200 KB of text with a recognisable start, shell metacharacters spread
// through it and a different end, so that a truncated or reordered copy
// cannot pass for the original.
function huge() {
  const unit = "0123456789abcdef$(touch /tmp/pwned-31)'\"`\n";
  let s = 'HUGE-VALUE-START ';
  while (s.length < HUGE_BYTES - 16) s += unit;
  s = s.slice(0, HUGE_BYTES - 16);
  return s + ' HUGE-VALUE-END!';
}

// [id, value]. Ids name the string in failure messages and in generated
// keys; they are plain ASCII.
const corpus = [
  ['single-quote', "it's"],
  ['double-quote', 'say "hi" and \\"bye\\"'],
  ['quote-escape', "'\\''"],
  ['quote-breakout', "x'; touch /tmp/pwned-1; echo '"],
  ['dquote-breakout', 'x"; touch /tmp/pwned-2; echo "'],
  ['cmd-subst', '$(id)'],
  ['cmd-subst-touch', '$(touch /tmp/pwned-3)'],
  ['backticks', '`id`'],
  ['backticks-touch', '`touch /tmp/pwned-4`'],
  ['param-expansion', '${HOME}'],
  ['param-default', '${NBC_UNSET:-$(touch /tmp/pwned-5)}'],
  ['arith', '$((1+1))'],
  ['operators', 'a; touch /tmp/pwned-6 && touch /tmp/pwned-7 || touch /tmp/pwned-8 | cat & wait'],
  ['redirect', '>/tmp/pwned-9 <x 2>&1'],
  ['eof-line', 'first\nEOF\nlast'],
  ['heredoc-node', 'x\nNBC_NODE_JSON\ntouch /tmp/pwned-10\nNBC_NODE_JSON\n'],
  ['heredoc-role', 'NBC_ROLE_JSON\n$(touch /tmp/pwned-11)'],
  ['heredoc-env', '\nNBC_ENVIRONMENT_JSON\n'],
  ['heredoc-solo', '\nNBC_SOLO_RB\n'],
  ['dash-rf', '-rf'],
  // No /tmp/pwned-N at the end: a folder of that name would look like a hit.
  ['dash-options', '--help --output=/tmp/pwned-12 -o/tmp/pwned-13 --'],
  ['newlines', 'line one\nline two\n\n'],
  ['carriage-return', 'shown\roverwritten\r\n'],
  ['tab', 'a\tb'],
  ['esc-color', '\x1b[31mred\x1b[0m'],
  ['esc-title', '\x1b]0;pwned title\x07'],
  ['esc-clear', '\x1b[2J\x1b[H\x1b[3J'],
  ['c1-csi', 'a\u009b31mb\u0085c'],
  ['del', 'a\x7fb'],
  ['nul', 'a\u0000b'],
  ['bidi-override', 'abc\u202egnp.exe'],
  ['bidi-isolates', '\u2067right\u2069\u2066left\u2069\u200f'],
  ['line-separator', 'a\u2028b\u2029c'],
  ['zero-width', 'a\u200bb\u200dc\ufeffd'],
  ['invisible-format', 'a\u2060b\u00adc\u{e0041}\u{e0042}d\u2066'],
  ['fn-sub-param', '${DBPassword}'],
  ['fn-sub-pseudo', '${AWS::AccountId}'],
  ['fn-sub-getatt', '${WebLaunchTemplate.LatestVersionNumber}'],
  ['fn-sub-literal', '${!Literal} $${x}'],
  ['json-breakout', '"}, "json_class": "Chef::Node", "run_list": ["recipe[evil]"], "x": {"'],
  ['ruby-interpolation', '#{`touch /tmp/pwned-14`}'],
  ['jinja', '{{ lookup("pipe", "touch /tmp/pwned-16") }}{% if true %}x{% endif %}{# c #}'],
  ['erb', '<%= `touch /tmp/pwned-17` %>'],
  ['format-string', '%s%n%x%1$s{0}'],
  ['backslashes', 'C:\\temp\\new\\n\\'],
  ['glob', '*?[a-z]{1,2}~'],
  ['unicode', 'héllo wörld ✓ 日本 😀'],
  ['markup', '<script>alert(1)</script> @octocat [x](javascript:alert(1)) | a | *b* $x$'],
  ['yaml-lookalike', '!secret evil: [1, {a: *b}]'],
  ['integer-text', '9007199254740993'],
  ['huge', huge()],
];

// Parameter keys: Chef's reserved words and hostile text. A key may not be
// empty, contain '.', or be "$secret" (those are rejected; see rejections).
const keys = [
  'json_class', 'run_list', 'chef_type', 'chef_environment', 'name', 'normal', 'default',
  'override', 'automatic', 'recipes', 'roles', 'create_additions', '$(touch /tmp/pwned-15)',
  "it's", 'say "hi"', 'NBC_NODE_JSON', 'EOF', '-rf', 'line\nbreak', '\x1b[31mred',
  'abc\u202egnp', '${DBPassword}', '${AWS::AccountId}', '__proto__', 'constructor',
];

// Integers as YAML plain scalars, and the JSON text nbc must write for each:
// beyond 2^53 JavaScript would round them, so they are checked as text.
const integers = [
  ['2^53+1', '9007199254740993', '9007199254740993'],
  ['-(2^53+1)', '-9007199254740993', '-9007199254740993'],
  ['int64-max', '9223372036854775807', '9223372036854775807'],
  ['int64-min', '-9223372036854775808', '-9223372036854775808'],
  ['hex', '0x7FFFFFFFFFFFFFFF', '9223372036854775807'],
];

module.exports = { corpus, keys, integers, HUGE_BYTES };
