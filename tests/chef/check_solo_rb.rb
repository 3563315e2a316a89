# SPDX-License-Identifier: Apache-2.0
# Loads a chef/ folder's solo.rb with Chef's own configuration code
# (chef-config, as chef-solo does for --config) and checks where chef-solo in
# local mode would look: every path inside that folder, the node objects in
# node_path named after their files, and every environment and role they
# name present. Prints `ok`/`FAIL` lines; exits 1 on a failure.
#
# Usage: ruby check_solo_rb.rb CHEF_DIR/solo.rb
require "chef-config/config"
require "json"

solo = ARGV.fetch(0)
dir = File.dirname(File.expand_path(solo))
failures = 0
check = lambda do |label, ok, detail = nil|
  puts "#{ok ? "ok  " : "FAIL"}  #{label}"
  puts "      #{detail}" if !ok && detail
  failures += 1 unless ok
end

config = ChefConfig::Config
config.reset
# What chef-solo (not --legacy-mode) sets before it loads the file: local mode
# and the config file's path, then from_string(text, path).
config.local_mode = true
config.config_file = solo
config.from_string(File.read(solo), solo)

{ chef_repo_path: dir, node_path: "#{dir}/nodes", role_path: "#{dir}/roles",
  environment_path: "#{dir}/environments", cookbook_path: ["#{dir}/cookbooks"] }.each do |key, want|
  check.call("#{solo}: #{key} is #{want.inspect}", config[key] == want, "got #{config[key].inspect}")
end
[:cache_path, :file_cache_path].each do |key|
  check.call("#{solo}: #{key} is inside the folder", config[key].to_s.start_with?("#{dir}/"),
             "got #{config[key].inspect}")
end
check.call("#{solo}: no json_attribs", config[:json_attribs].nil?, "got #{config[:json_attribs].inspect}")

Dir.glob(File.join(config[:node_path], "*.json")).sort.each do |file|
  node = JSON.parse(File.read(file))
  name = File.basename(file, ".json")
  check.call("#{name}: node name matches its file (chef-zero loads nodes/NAME.json)", node["name"] == name)
  env = File.join(config[:environment_path], "#{node["chef_environment"]}.json")
  check.call("#{name}: environment #{node["chef_environment"]} exists", File.file?(env))
  node["run_list"].each do |item|
    role = item[/\Arole\[(.+)\]\z/, 1]
    ok = role && File.file?(File.join(config[:role_path], "#{role}.json")) &&
         JSON.parse(File.read(File.join(config[:role_path], "#{role}.json")))["name"] == role
    check.call("#{name}: #{item} is a role file named #{role}", ok)
  end
end
exit(failures.zero? ? 0 : 1)
