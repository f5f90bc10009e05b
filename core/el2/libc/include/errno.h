/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <errno.h> of the EL2 image's libc shim: the kernel's numbers, the ones
 * the mediator returns (<linux/errno.h> in core/include). There is no
 * errno variable: nothing in the image sets one.
 */
#ifndef EL2FUZZ_EL2_LIBC_ERRNO_H
#define EL2FUZZ_EL2_LIBC_ERRNO_H

#include <linux/errno.h>

#endif
