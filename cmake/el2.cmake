# Flags of the EL2 image (preset el2, toolchain cmake/toolchain-el2.cmake):
# freestanding C11 without libc, general registers only (no FP/SIMD state
# at EL2, as the kernel's hyp), no PIC, frame pointers for the exception
# report, and the kernel's -fno-strict-aliasing. Warnings as the host build.
if(NOT CMAKE_CROSSCOMPILING)
  message(FATAL_ERROR "EL2FUZZ_EL2 needs the cross toolchain: cmake --preset el2 "
          "(or -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-el2.cmake)")
endif()
set(EL2FUZZ_WARN -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes)
if(EL2FUZZ_WERROR)
  list(APPEND EL2FUZZ_WARN -Werror)
endif()
add_compile_options(
  "$<$<COMPILE_LANGUAGE:C>:${EL2FUZZ_WARN}>"
  "$<$<COMPILE_LANGUAGE:C>:-ffreestanding;-fno-builtin;-fno-strict-aliasing;-mgeneral-regs-only>"
  "$<$<COMPILE_LANGUAGE:C>:-fno-pic;-fno-pie;-fno-stack-protector;-fno-omit-frame-pointer>"
  "$<$<COMPILE_LANGUAGE:C>:-ffunction-sections;-fdata-sections;-O2>"
  -g)
