# nbc: the two-command quick start is `make demo` and `make test`.
BUILD ?= build
JOBS ?= 2
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNBC_WERROR=ON
NBC = $(BUILD)/nbc
# The sanitizer build (ASan + UBSan) that `make test` also builds and tests.
ASAN_BUILD ?= build-asan
# The fuzz build (docs/fuzzing.md): tests/fuzz/CMakeLists.txt finds the
# fuzzers there. FUZZ_SECONDS is how long `make fuzz` runs each target.
FUZZ_BUILD = build-fuzz
FUZZ_SECONDS ?= 1800

.PHONY: all deps build demo test goldens bench clean asan-build fuzz-build fuzz fuzz-frontend fuzz-compile

all: build

deps:
	sh scripts/install-deps.sh

build:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j $(JOBS) -- --no-print-directory

# Installs, builds nbc (not the tests) and shows the plan of the example
# shop's production.
demo: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) --target nbc -j $(JOBS) -- --no-print-directory
	$(NBC) -C examples/shop plan production

# Installs, builds and runs every test through ctest (with a short run of
# each fuzzer), then the unit, golden and hostile-input tests again in the
# sanitizer build.
test: deps build fuzz-build asan-build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS) -L nbc-unit
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS) -R '^(golden|hostile)\.'

# Without -Werror: GCC warns differently with the sanitizers on.
asan-build:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNBC_SANITIZE=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS) -- --no-print-directory

# yaml-cpp from Debian's source package and nbc, instrumented for libFuzzer,
# ASan and UBSan with clang; then the fuzz targets of tests/fuzz/.
fuzz-build:
	sh scripts/build-fuzz-yaml-cpp.sh $(FUZZ_BUILD)
	cmake -S . -B $(FUZZ_BUILD)/nbc -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNBC_FUZZ=ON \
	  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
	  -Dyaml-cpp_DIR=$(CURDIR)/$(FUZZ_BUILD)/yaml-cpp/lib/cmake/yaml-cpp >/dev/null
	cmake --build $(FUZZ_BUILD)/nbc -j $(JOBS) -- --no-print-directory

# Runs both fuzz targets at once, FUZZ_SECONDS each, keeping what they learn
# in $(FUZZ_BUILD)/corpus/; a finding stops its target with the report.
fuzz: fuzz-build
	$(MAKE) --no-print-directory -j 2 fuzz-frontend fuzz-compile

fuzz-frontend fuzz-compile:
	nice -n 19 sh tests/fuzz/run.sh $(FUZZ_BUILD)/nbc/tests/fuzz/$(@:fuzz-%=%)_fuzzer \
	  $(FUZZ_SECONDS) $(FUZZ_BUILD)

# Rewrites the expected files of the golden tests from the current nbc;
# review the diff like code before committing it.
goldens: build
	sh tests/golden/run.sh --update $(NBC)

# Builds the benchmark tools (not built by `make build`) and runs bench/run
# on the small and medium estates; see bench/README.md.
bench: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) --target bench_tools -j $(JOBS) -- --no-print-directory
	sh bench/run --build $(BUILD) --no-build small medium

clean:
	rm -rf $(BUILD)
