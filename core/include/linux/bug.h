/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <linux/bug.h>: WARN_ON reports through the platform. A hyp WARN reached
 * from host input is a finding of its own class (O10), so WARN_ON is for
 * conditions the checks before it make impossible, never for bad input.
 */
#ifndef __EL2FUZZ_LINUX_BUG_H
#define __EL2FUZZ_LINUX_BUG_H

#include <linux/types.h>

void __hyp_warn(const char *file, int line, const char *cond);

#define WARN_ON(condition) ({						\
	bool __ret_warn_on = !!(condition);				\
	if (__ret_warn_on)						\
		__hyp_warn(__FILE__, __LINE__, #condition);		\
	__builtin_expect(__ret_warn_on, 0);				\
})
#define WARN_ON_ONCE(condition)	WARN_ON(condition)

#endif
