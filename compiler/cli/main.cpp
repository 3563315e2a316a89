// SPDX-License-Identifier: Apache-2.0
// The nbc command line: global options and one subcommand per file.
#include <iostream>

#include "compiler/cli/common.h"

int main(int argc, char** argv) {
  CLI::App app{"nbc: compiles a declarative deployment estate into a reviewable plan and "
               "artifacts", "nbc"};
  app.set_version_flag("--version", "nbc 0.1.0");
  app.require_subcommand(1);
  nbc::cli::GlobalOptions options;
  app.add_option("-C", options.directory, "project directory (default: the current one)");
  app.add_option("--error-format", options.error_format, "diagnostics as text, json or github")
      ->check(CLI::IsMember({"text", "json", "github"}));
  app.add_flag("--strict", options.strict, "treat lint warnings as errors");
  app.fallthrough();

  int exit_code = 0;
  // One line per subcommand, in the order `nbc --help` lists them.
  for (nbc::cli::Register add : {
           nbc::cli::RegisterValidate,
           nbc::cli::RegisterPlan,
           nbc::cli::RegisterDiff,
           nbc::cli::RegisterBuild,
           nbc::cli::RegisterExplain,
           nbc::cli::RegisterGraph,
           nbc::cli::RegisterEnv,
           nbc::cli::RegisterCloudlet,
           nbc::cli::RegisterState,
       })
    add(app, options, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 1;  // usage errors are errors (1), never "changes" (2)
  }
  return exit_code;
}
