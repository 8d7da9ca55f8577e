# qiao — build, test, run.
#   make                          build build/qiao
#   make SANITIZE=address,undefined   the same with sanitizers (in build/san/)
#   make test                     install deps, build, run every test
#   make run                      install deps, build, load the demo data, start qiao
#   make bench                    run the benchmarks in bench/ (slow; not part of test)
#   make fuzz                     run each libFuzzer harness for FUZZ_SECONDS

PKGS     := sqlite3 jansson libsodium opencc friso libutf8proc libmicrohttpd xlsxwriter libcurl
CC       ?= cc
SANITIZE ?=
FUZZ_SECONDS ?= 30

ifeq ($(SANITIZE),)
BUILD    := build
OPT      := -O2
else
BUILD    := build/san
OPT      := -O1 -fno-omit-frame-pointer -fsanitize=$(SANITIZE) -fno-sanitize-recover=all
endif

# pkg-config's -I flags become -isystem so that library headers are not held
# to our warnings.
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null | sed 's/-I/-isystem /g')
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror
CFLAGS   := -std=c17 -g $(OPT) -D_GNU_SOURCE $(WARN) -Isrc $(PKG_CFLAGS) -MMD -MP
LDFLAGS  := $(if $(SANITIZE),-fsanitize=$(SANITIZE))
LDLIBS   := $(PKG_LIBS) -lpthread -lm

SRC      := $(shell find src -name '*.c' ! -path src/main.c | sort)
OBJ      := $(SRC:%.c=$(BUILD)/%.o)
LIB      := $(BUILD)/libqiao.a
BIN      := $(BUILD)/qiao

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps test unit check-cli check-http e2e run bench fuzz clean

all: $(BIN)

deps:
	@bash scripts/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

# The migrations are embedded in the binary (src/store/migrations.c, .incbin).
$(BUILD)/src/store/migrations.o: $(wildcard migrations/*.sql)

$(LIB): $(OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/src/main.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB) tests/unit/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS) -lcmocka

# Benchmark programs: bench/<name>.c -> $(BUILD)/bench/<name>, run by bench/*.sh.
$(BUILD)/bench/%: bench/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)

# Unit tests (cmocka) run from the repository root so that they can read
# ../shared, data/demo and migrations/.
unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

# Command-line tests: shell scripts that drive build/qiao.
check-cli: $(BIN)
	@set -e; for t in tests/cli/*.sh; do [ -e "$$t" ] || continue; echo "== $$t"; QIAO=$(BIN) bash $$t; done

test: deps
	$(MAKE) all
	$(MAKE) unit
	$(MAKE) check-cli
	$(MAKE) check-http
	$(MAKE) e2e

# HTTP tests (curl against a server on a free port) and browser tests
# (playwright-core driving Debian's chromium; screenshots in tests/e2e/artifacts/).
check-http: $(BIN)
	@set -e; for t in tests/http/*.sh; do [ -e "$$t" ] || continue; case $$t in */lib.sh) continue;; esac; echo "== $$t"; QIAO=$(BIN) bash $$t; done

e2e: $(BIN)
	@[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund
	@set -e; for t in tests/e2e/*.mjs; do case $$t in */lib.mjs) continue;; esac; echo "== $$t"; QIAO=$(BIN) node $$t; done

run: deps
	$(MAKE) all
	bash scripts/run.sh $(BIN)

bench: deps
	@bash scripts/bench-deps.sh
	$(MAKE) all
	@set -e; for b in bench/*.sh; do echo "== $$b"; bash $$b; done

fuzz:
	bash tests/fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(BUILD)/src/main.d

# Benchmark and evaluation helpers of the match module (not part of `all`).
$(BUILD)/bench/jsonl_run: bench/match/jsonl_run.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)
$(BUILD)/bench/load: bench/match/load.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)
$(BUILD)/bench/scale_bench: bench/match/scale_bench.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)
$(BUILD)/bench/facets_bench: bench/match/facets_bench.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)
$(BUILD)/bench/build_bench: bench/match/build_bench.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)
