# Shared flags and helpers.

set(EL2FUZZ_WARN -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes)
if(EL2FUZZ_WERROR)
  list(APPEND EL2FUZZ_WARN -Werror)
endif()
add_compile_options(${EL2FUZZ_WARN} -g -fno-omit-frame-pointer)
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "" FORCE)
endif()

if(EL2FUZZ_SANITIZE)
  set(EL2FUZZ_SAN_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all)
  add_compile_options(${EL2FUZZ_SAN_FLAGS})
  add_link_options(${EL2FUZZ_SAN_FLAGS})
endif()
if(EL2FUZZ_COVERAGE)
  add_compile_options(-fprofile-instr-generate -fcoverage-mapping)
  add_link_options(-fprofile-instr-generate -fcoverage-mapping)
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
# sancov.c): clang only, mediator sources only; a gcc build runs without
# them. Load/store tracing needs a base coverage mode: the engine's
# (libFuzzer's fuzzer-no-link; AFL++'s, kept by LLVM-NATIVE mode since
# afl-clang-fast drops -fsanitize-coverage flags otherwise), or else
# trace-pc-guard, whose callbacks the harness defines as weak no-ops.
set(EL2FUZZ_SANCOV_FLAGS "")
if(CMAKE_C_COMPILER_ID MATCHES "Clang")
  set(EL2FUZZ_SANCOV_FLAGS -fsanitize-coverage=trace-loads,trace-stores)
endif()

# Bulk copies and compares go through the platform (<linux/string.h>); in
# ASan builds the copies clang emits for struct assignment call ASan's
# mem-intrinsic callbacks, renamed here so that the platform sees them too.
set(EL2FUZZ_BULK_FLAGS -DEL2FUZZ_OBSERVE_BULK)
if(EL2FUZZ_SANITIZE AND CMAKE_C_COMPILER_ID MATCHES "Clang")
  list(APPEND EL2FUZZ_BULK_FLAGS "SHELL:-mllvm -asan-memory-access-callback-prefix=__el2fuzz_asan_")
endif()

# el2fuzz_mediator(NAME SOURCES...): the mediator as a freestanding object
# library: kernel-style compat headers only (and the mediator's own
# folders, EL2FUZZ_MEDIATOR_INCLUDES), no libc.
function(el2fuzz_mediator name)
  add_library(${name} OBJECT ${ARGN})
  target_include_directories(${name} PRIVATE ${EL2FUZZ_MEDIATOR_INCLUDES}
                             ${CMAKE_SOURCE_DIR}/core/include)
  target_compile_options(${name} PRIVATE -ffreestanding -nostdinc ${EL2FUZZ_SANCOV_FLAGS}
                         ${EL2FUZZ_BULK_FLAGS})
  if(EL2FUZZ_ENGINE STREQUAL "afl")
    set_property(TARGET ${name} PROPERTY C_COMPILER_LAUNCHER env AFL_LLVM_INSTRUMENT=LLVM-NATIVE)
  endif()
endfunction()

# The fuzz targets: targets/fuzz_<name>.c. Every target gets a plain runner
# run_<name> (driver/run_main.c); with an engine also fuzz_<name>.
file(GLOB EL2FUZZ_TARGET_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/targets/fuzz_*.c)
set(EL2FUZZ_TARGETS "")
foreach(f ${EL2FUZZ_TARGET_FILES})
  get_filename_component(n ${f} NAME_WE)
  string(REGEX REPLACE "^fuzz_" "" n ${n})
  if(NOT n STREQUAL "empty")
    list(APPEND EL2FUZZ_TARGETS ${n})
  endif()
endforeach()
