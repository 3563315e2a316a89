# nbc: the two-command quick start is `make demo` and `make test`.
BUILD ?= build
JOBS ?= 2
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNBC_WERROR=ON
NBC = $(BUILD)/nbc

.PHONY: all deps build demo test goldens clean

all: build

deps:
	sh scripts/install-deps.sh

build:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

# Installs, builds and shows the plan of the example shop's production.
demo: deps build
	$(NBC) -C examples/shop plan production

# Installs, builds and runs every test through ctest.
test: deps build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Rewrites the expected files of the golden tests from the current nbc;
# review the diff like code before committing it.
goldens: build
	sh tests/golden/run.sh --update $(NBC)

clean:
	rm -rf $(BUILD)
