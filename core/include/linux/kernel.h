/* SPDX-License-Identifier: GPL-2.0-only */
/* <linux/kernel.h>: rounding, array sizes, typed min/max. */
#ifndef __EL2FUZZ_LINUX_KERNEL_H
#define __EL2FUZZ_LINUX_KERNEL_H

#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/compiler.h>

#define ARRAY_SIZE(arr)		(sizeof(arr) / sizeof((arr)[0]))
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define ALIGN(x, a)		(((x) + ((__typeof__(x))(a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define min(a, b)		({ __typeof__(a) __a = (a); __typeof__(b) __b = (b); __a < __b ? __a : __b; })
#define max(a, b)		({ __typeof__(a) __a = (a); __typeof__(b) __b = (b); __a > __b ? __a : __b; })
#define min_t(t, a, b)		min((t)(a), (t)(b))
#define max_t(t, a, b)		max((t)(a), (t)(b))
#define IS_ENABLED(option)	(option)
#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), #cond)

/* Overflow-checked arithmetic, as <linux/overflow.h> provides it. */
#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)
#define check_shl_overflow(a, s, d) ({					\
	__typeof__(a) __a = (a);					\
	__typeof__(s) __s = (s);					\
	__typeof__(d) __d = (d);					\
	bool __bad = (u64)__s >= 8 * sizeof(*__d) ||			\
		     ((*__d = (__typeof__(*__d))((u64)__a << __s)) >> __s) != (u64)__a; \
	if (__bad)							\
		*__d = 0;						\
	__bad;								\
})

#endif
