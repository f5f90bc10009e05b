# Cross toolchain for the EL2 image (cmake --preset el2): bare-metal
# AArch64, no libc, linked at 0x40080000 (core/el2/el2.ld).
#
#   EL2FUZZ_EL2_CC=clang (default)  clang --target=aarch64-none-elf + ld.lld
#   EL2FUZZ_EL2_CC=gcc              aarch64-linux-gnu-gcc (Debian's
#                                   gcc-aarch64-linux-gnu), freestanding
#
# Either way the image is -ffreestanding -nostdlib: the Linux triple of the
# gcc cross compiler only names the packaged compiler, nothing of its libc
# is used.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

if(NOT DEFINED EL2FUZZ_EL2_CC)
  if(DEFINED ENV{EL2FUZZ_EL2_CC})
    set(EL2FUZZ_EL2_CC "$ENV{EL2FUZZ_EL2_CC}")
  else()
    set(EL2FUZZ_EL2_CC clang)
  endif()
endif()
set(EL2FUZZ_EL2_CC "${EL2FUZZ_EL2_CC}" CACHE STRING "EL2 cross compiler: clang or gcc")

if(EL2FUZZ_EL2_CC STREQUAL "gcc")
  set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
  set(CMAKE_ASM_COMPILER aarch64-linux-gnu-gcc)
  set(EL2FUZZ_EL2_LINK_FLAGS "-nostdlib -static -Wl,--build-id=none")
else()
  find_program(EL2FUZZ_LLD NAMES ld.lld-14 ld.lld REQUIRED)
  set(CMAKE_C_COMPILER clang)
  set(CMAKE_ASM_COMPILER clang)
  set(CMAKE_C_COMPILER_TARGET aarch64-none-elf)
  set(CMAKE_ASM_COMPILER_TARGET aarch64-none-elf)
  set(EL2FUZZ_EL2_LINK_FLAGS "-nostdlib -static -fuse-ld=${EL2FUZZ_LLD} -Wl,--build-id=none")
endif()

set(CMAKE_EXE_LINKER_FLAGS_INIT "${EL2FUZZ_EL2_LINK_FLAGS}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
