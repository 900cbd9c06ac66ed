# The two commands of README.md, for a fresh Debian 12 machine:
#   make demo   install what is missing, build, run the Bà Rịa – Vũng Tàu demo
#               (reports and maps in out/)
#   make test   install what is missing, build with AddressSanitizer and
#               UndefinedBehaviorSanitizer, run every test and the notebook,
#               and fuzz each libFuzzer target for FUZZ_SECONDS (docs/testing.md)
BUILD      ?= build
BUILD_TEST ?= build-asan
JOBS       ?= 2
BUILD_FUZZ ?= build-fuzz
FUZZ_SECONDS ?= 60

.PHONY: deps build demo test notebook fuzz clean

deps:
	./scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	./$(BUILD)/phusong demo --data data/demo -o out

# The notebook and the short fuzz run go first so that CTest's summary is
# the last thing printed.
test: deps notebook fuzz
	cmake -S . -B $(BUILD_TEST) -DCMAKE_BUILD_TYPE=Debug -DPHS_SANITIZE=ON
	cmake --build $(BUILD_TEST) -j $(JOBS)
	ctest --test-dir $(BUILD_TEST) --output-on-failure -j $(JOBS)

# The walkthrough notebook runs the release build (sanitizers and a Python
# parent process do not mix); Debian's nbconvert, not the pyenv python3.
notebook: build
	mkdir -p $(BUILD)/notebooks
	PHUSONG=$(abspath $(BUILD))/phusong PHS_SOURCE_DIR=$(CURDIR) PYDEVD_DISABLE_FILE_VALIDATION=1 \
	  /usr/bin/jupyter-nbconvert --to notebook --execute \
	  --ExecutePreprocessor.timeout=300 --ExecutePreprocessor.kernel_name=python3 \
	  --output-dir $(BUILD)/notebooks notebooks/*.ipynb

# Each fuzz target for FUZZ_SECONDS (60 s, bad-inputs.md R2), two at a
# time: 7 targets in 4 rounds, about 4.5 minutes plus the clang build
# (docs/testing.md, "Time in CI"); longer runs: scripts/fuzz.sh --seconds N.
fuzz: deps
	./scripts/fuzz.sh --seconds $(FUZZ_SECONDS) --jobs $(JOBS) --build $(BUILD_FUZZ)

clean:
	rm -rf $(BUILD) $(BUILD_TEST) $(BUILD_FUZZ) out
