/* SPDX-License-Identifier: GPL-2.0-only */
/* <linux/errno.h>: the errno values the hyp returns (asm-generic numbers). */
#ifndef __EL2FUZZ_LINUX_ERRNO_H
#define __EL2FUZZ_LINUX_ERRNO_H

/*
 * In a hosted build libc's <errno.h> reaches this file through its own
 * #include <linux/errno.h>: hand over to the system's full list, which has
 * the same numbers. A freestanding build (the mediator) has no next file.
 */
#if __STDC_HOSTED__
#include_next <linux/errno.h>
#else

#define EPERM		1
#define ENOENT		2
#define EIO		5
#define ENXIO		6
#define E2BIG		7
#define ENOMEM		12
#define EFAULT		14
#define EBUSY		16
#define EEXIST		17
#define ENODEV		19
#define EINVAL		22
#define ENOSPC		28
#define ERANGE		34
#define ENOSYS		38
#define EOPNOTSUPP	95
#endif

#endif
