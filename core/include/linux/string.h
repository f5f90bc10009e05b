/* SPDX-License-Identifier: GPL-2.0-only */
/* <linux/string.h>: the few string routines the hyp links against. */
#ifndef __EL2FUZZ_LINUX_STRING_H
#define __EL2FUZZ_LINUX_STRING_H

#include <linux/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif
