# SPDX-License-Identifier: Apache-2.0
# Evaluates a Vagrantfile with a recording stand-in for Vagrant's
# configuration objects and prints, as JSON, every value it set and every
# call it made with arguments (machines, networks, provisioners), so that a
# test can compare what Ruby actually read with the plan.
#
# Usage: ruby record.rb PATH/TO/Vagrantfile
require "json"

# Records `a.b = v` as "b" => v, `a.b` (no arguments) as a nested recorder,
# and `a.b(args, opts) { |child| ... }` as {"method", "args", "options",
# "block"} under "calls".
class Recorder
  def initialize
    @data = {}
  end

  def method_missing(name, *args, **options, &block)
    name = name.to_s
    return @data[name.chomp("=")] = args.first if name.end_with?("=")
    return (@data[name] ||= Recorder.new) if args.empty? && options.empty? && block.nil?

    child = Recorder.new
    block&.call(child)
    (@data["calls"] ||= []) << { "method" => name, "args" => args,
                                 "options" => options.transform_keys(&:to_s), "block" => child.to_h }
    nil
  end

  def respond_to_missing?(*)
    true
  end

  def to_h
    @data.transform_values { |v| v.is_a?(Recorder) ? v.to_h : v }
  end
end

module Vagrant
  CONFIGS = []
  def self.configure(version)
    raise ArgumentError, "configuration version #{version.inspect}, not \"2\"" unless version == "2"

    config = Recorder.new
    yield config
    CONFIGS << config.to_h
  end
end

path = File.expand_path(ARGV.fetch(0))
Dir.chdir(File.dirname(path)) { eval(File.read(path), TOPLEVEL_BINDING, path) } # rubocop:disable Security/Eval
puts JSON.pretty_generate(Vagrant::CONFIGS)
