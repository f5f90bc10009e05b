# Shared flags and helpers.

set(EL2FUZZ_WARN -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes)
if(EL2FUZZ_WERROR)
  list(APPEND EL2FUZZ_WARN -Werror)
endif()
add_compile_options(${EL2FUZZ_WARN})
# An external engine's $CFLAGS (OSS-Fuzz: -O1 -gline-tables-only ...) are
# the whole story: no build-type or debug flags of ours after them.
if(NOT EL2FUZZ_ENGINE STREQUAL "external")
  add_compile_options(-g -fno-omit-frame-pointer)
  if(NOT CMAKE_BUILD_TYPE)
    set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "" FORCE)
  endif()
endif()

if(EL2FUZZ_SANITIZE)
  set(EL2FUZZ_SAN_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all)
  add_compile_options(${EL2FUZZ_SAN_FLAGS})
  add_link_options(${EL2FUZZ_SAN_FLAGS})
endif()
set(EL2FUZZ_COV_FLAGS "")
if(EL2FUZZ_COVERAGE)
  set(EL2FUZZ_COV_FLAGS -fprofile-instr-generate -fcoverage-mapping)
  add_compile_options(-fprofile-instr-generate -fcoverage-mapping)
  add_link_options(-fprofile-instr-generate -fcoverage-mapping)
endif()

# AFL++'s CMPLOG flavour: afl-clang-fast reads AFL_LLVM_CMPLOG when it
# compiles, so every source gets it through the launcher (the mediator's
# LLVM-NATIVE launcher below adds it too). TOOLCHAIN.md: in AFL++ 4.04c,
# "afl-fuzz -c ./other_binary" runs the main binary as the CMPLOG one, so
# the campaign runs this binary alone with "-c 0".
set(EL2FUZZ_AFL_ENV "")
if(EL2FUZZ_AFL_CMPLOG)
  set(EL2FUZZ_AFL_ENV AFL_LLVM_CMPLOG=1)
  set(CMAKE_C_COMPILER_LAUNCHER env ${EL2FUZZ_AFL_ENV})
endif()

# Cross-file calls into the ownership API are platform calls (core/machine/wrap.c).
set(EL2FUZZ_WRAPPED
  __pkvm_host_share_hyp __pkvm_host_unshare_hyp __pkvm_host_donate_hyp
  __pkvm_hyp_donate_host hyp_pin_shared_mem hyp_unpin_shared_mem
  __pkvm_host_donate_hyp_mmio __pkvm_host_reclaim_hyp_mmio handle_host_mem_abort
  pkvm_its_emulate_setup pkvm_its_emulate_teardown pkvm_its_emulate_handler
  kvm_complete_ripas_change kvm_handle_guest_abort kvm_arm_setup_stage2)
set(EL2FUZZ_WRAP_FLAGS "")
foreach(sym ${EL2FUZZ_WRAPPED})
  list(APPEND EL2FUZZ_WRAP_FLAGS "-Wl,--wrap=${sym}")
endforeach()

# The engine's instrumentation for the libraries fuzz binaries link.
set(EL2FUZZ_FUZZ_COMPILE "")
set(EL2FUZZ_FUZZ_LINK "")
if(EL2FUZZ_ENGINE STREQUAL "libfuzzer")
  set(EL2FUZZ_FUZZ_COMPILE -fsanitize=fuzzer-no-link)
  set(EL2FUZZ_FUZZ_LINK -fsanitize=fuzzer)
elseif(EL2FUZZ_ENGINE STREQUAL "afl")
  # afl-clang-fast instruments everything it compiles; -fsanitize=fuzzer
  # links AFL++'s driver: persistent mode with shared-memory input.
  set(EL2FUZZ_FUZZ_LINK -fsanitize=fuzzer)
elseif(EL2FUZZ_ENGINE STREQUAL "external")
  # OSS-Fuzz / ClusterFuzzLite: $CFLAGS already instrument; link their driver.
  separate_arguments(EL2FUZZ_FUZZ_LINK UNIX_COMMAND "${EL2FUZZ_ENGINE_LINK}")
endif()

# The other CPU's interleaving points and O11 (single fetch) observe the
# mediator's loads and stores through SanitizerCoverage (core/machine/
# sancov.c): clang only, mediator sources only. Load/store tracing needs a
# base coverage mode, and which one depends on who links the binary:
#   libFuzzer     its own (fuzzer-no-link); it refuses trace-pc-guard at run
#                 time, so where $CFLAGS carry no base (OSS-Fuzz's coverage
#                 build) inline-8bit-counters, which it serves;
#   AFL++         afl-clang-fast drops -fsanitize-coverage flags unless the
#                 source is built in LLVM-NATIVE mode (TOOLCHAIN.md), which
#                 adds trace-pc-guard, served by AFL++'s runtime;
#   no engine     trace-pc-guard, whose callbacks sancov.c defines as weak
#                 no-ops.
# Rather than trust the flags, el2fuzz_load_tracing() compiles a probe the
# way the mediator is compiled and looks for the calls in the object. A
# build that cannot have them (gcc; a compiler that drops the flags) runs
# with the platform calls as the only interleaving points and O11 off, and
# says so here; EL2FUZZ_LOAD_TRACING (in the cache) records it for the
# fuzz binaries, and the campaign table shows it.
set(EL2FUZZ_PROBE_DIR ${CMAKE_BINARY_DIR}/el2fuzz-probe)
file(WRITE ${EL2FUZZ_PROBE_DIR}/loadtrace.c
  "int probe(volatile int *p);\nint probe(volatile int *p) { *p = 1; return *p; }\n")

# Bulk copies and compares go through the platform (<linux/string.h>); in
# ASan builds the copies clang emits for struct assignment call ASan's
# mem-intrinsic callbacks, renamed here so that the platform sees them too.
set(EL2FUZZ_BULK_FLAGS -DEL2FUZZ_OBSERVE_BULK)
if(EL2FUZZ_SANITIZE AND CMAKE_C_COMPILER_ID MATCHES "Clang")
  list(APPEND EL2FUZZ_BULK_FLAGS "SHELL:-mllvm -asan-memory-access-callback-prefix=__el2fuzz_asan_")
endif()

# Sets <out> to TRUE if the probe compiled with LAUNCHER and FLAGS has the
# calls (and, for a libFuzzer link, no trace-pc-guard that it would refuse).
function(el2fuzz_probe_sancov out libfuzzer launcher flags)
  string(TOUPPER "${CMAKE_BUILD_TYPE}" config)
  separate_arguments(base UNIX_COMMAND "${CMAKE_C_FLAGS} ${CMAKE_C_FLAGS_${config}}")
  string(MD5 key "${launcher}${flags}${libfuzzer}")
  set(obj ${EL2FUZZ_PROBE_DIR}/${key}.o)
  execute_process(COMMAND ${launcher} ${CMAKE_C_COMPILER} ${base} ${EL2FUZZ_SAN_FLAGS}
      ${EL2FUZZ_COV_FLAGS} -ffreestanding -nostdinc ${flags}
      -c ${EL2FUZZ_PROBE_DIR}/loadtrace.c -o ${obj}
    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  set(ok FALSE)
  if(rc EQUAL 0 AND EXISTS ${obj})
    file(STRINGS ${obj} loads REGEX "__sanitizer_cov_load4")
    file(STRINGS ${obj} guards REGEX "__sanitizer_cov_trace_pc_guard")
    if(loads AND NOT (libfuzzer AND guards))
      set(ok TRUE)
    endif()
  endif()
  set(${out} ${ok} PARENT_SCOPE)
endfunction()

# el2fuzz_load_tracing(PREFIX LIBFUZZER FLAVOUR_FLAGS...): sets
# PREFIX_FLAGS and PREFIX_LAUNCHER for a mediator built with FLAVOUR_FLAGS
# and linked by libFuzzer (LIBFUZZER true) or not, and PREFIX_ON.
function(el2fuzz_load_tracing prefix libfuzzer)
  # Candidates in order, each "LAUNCHER|FLAGS" (words split by blanks).
  string(JOIN " " flavour ${ARGN})
  set(lt "-fsanitize-coverage=trace-loads,trace-stores")
  set(candidates "|${flavour} ${lt}")
  if(CMAKE_C_COMPILER MATCHES "afl-")
    string(JOIN " " afl_env ${EL2FUZZ_AFL_ENV} AFL_LLVM_INSTRUMENT=LLVM-NATIVE)
    list(APPEND candidates "env ${afl_env}|${flavour} ${lt}")
  endif()
  if(libfuzzer)
    list(APPEND candidates "|${flavour} -fsanitize-coverage=inline-8bit-counters,trace-loads,trace-stores")
  else()
    list(APPEND candidates "|${flavour} -fsanitize-coverage=trace-pc-guard,trace-loads,trace-stores")
  endif()
  set(on FALSE)
  set(flags "")
  set(launcher "")
  if(CMAKE_C_COMPILER_ID MATCHES "Clang")
    foreach(c ${candidates})
      string(REPLACE "|" ";" c "${c}")
      list(GET c 0 l)
      list(GET c 1 f)
      separate_arguments(l UNIX_COMMAND "${l}")
      separate_arguments(f UNIX_COMMAND "${f}")
      el2fuzz_probe_sancov(hit "${libfuzzer}" "${l}" "${f}")
      if(hit)
        set(on TRUE)
        set(flags ${f})
        set(launcher ${l})
        break()
      endif()
    endforeach()
  endif()
  set(${prefix}_ON ${on} PARENT_SCOPE)
  set(${prefix}_FLAGS ${flags} PARENT_SCOPE)
  set(${prefix}_LAUNCHER ${launcher} PARENT_SCOPE)
endfunction()

# el2fuzz_mediator(NAME LIBFUZZER FLAVOUR_FLAGS -- SOURCES...): the mediator
# as a freestanding object library (kernel-style compat headers only, and
# the mediator's own folders, EL2FUZZ_MEDIATOR_INCLUDES; no libc), with
# load/store tracing when this build can have it.
function(el2fuzz_mediator name libfuzzer)
  list(FIND ARGN "--" sep)
  list(SUBLIST ARGN 0 ${sep} flavour)
  math(EXPR first "${sep} + 1")
  list(SUBLIST ARGN ${first} -1 sources)
  add_library(${name} OBJECT ${sources})
  target_include_directories(${name} PRIVATE ${EL2FUZZ_MEDIATOR_INCLUDES}
                             ${CMAKE_SOURCE_DIR}/core/include)
  target_compile_options(${name} PRIVATE ${EL2FUZZ_BULK_FLAGS})
  el2fuzz_load_tracing(lt "${libfuzzer}" ${flavour})
  if(lt_ON)
    target_compile_options(${name} PRIVATE -ffreestanding -nostdinc ${lt_FLAGS})
    string(JOIN " " how ${lt_LAUNCHER} ${lt_FLAGS})
    message(STATUS "el2fuzz: ${name}: load/store tracing: ${how}")
  else()
    target_compile_options(${name} PRIVATE -ffreestanding -nostdinc ${flavour})
  endif()
  if(lt_LAUNCHER)
    set_property(TARGET ${name} PROPERTY C_COMPILER_LAUNCHER ${lt_LAUNCHER})
  endif()
  set(${name}_LOAD_TRACING ${lt_ON} PARENT_SCOPE)
endfunction()

# The fuzz targets: targets/fuzz_<name>.c. Every target gets a plain runner
# run_<name> (driver/run_main.c); with an engine also fuzz_<name>. The
# program targets (EL2FUZZ_TARGETS) have corpora/<name>/; fuzz_empty is the
# throughput baseline and fuzz_text_parser fuzzes the text-program parser.
file(GLOB EL2FUZZ_TARGET_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/targets/fuzz_*.c)
set(EL2FUZZ_TARGETS "")
foreach(f ${EL2FUZZ_TARGET_FILES})
  get_filename_component(n ${f} NAME_WE)
  string(REGEX REPLACE "^fuzz_" "" n ${n})
  if(NOT n STREQUAL "empty" AND NOT n STREQUAL "text_parser")
    list(APPEND EL2FUZZ_TARGETS ${n})
  endif()
endforeach()
# Targets that fuzz the tools' own parsers: inputs are text, not programs.
set(EL2FUZZ_PARSER_TARGETS text_parser)
