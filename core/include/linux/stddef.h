/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef __EL2FUZZ_LINUX_STDDEF_H
#define __EL2FUZZ_LINUX_STDDEF_H

#include <linux/types.h>

#ifndef offsetof
#define offsetof(type, member) __builtin_offsetof(type, member)
#endif
#define sizeof_field(type, member) sizeof(((type *)0)->member)

#endif
