/* SPDX-License-Identifier: GPL-2.0-only */
/* <linux/bitfield.h>: FIELD_GET / FIELD_PREP over GENMASK masks. */
#ifndef __EL2FUZZ_LINUX_BITFIELD_H
#define __EL2FUZZ_LINUX_BITFIELD_H

#include <linux/bits.h>

#define __bf_shf(x) (__builtin_ffsll(x) - 1)

#define FIELD_GET(_mask, _reg) \
	((__typeof__(_mask))(((_reg) & (_mask)) >> __bf_shf(_mask)))
#define FIELD_PREP(_mask, _val) \
	((((__typeof__(_mask))(_val)) << __bf_shf(_mask)) & (_mask))
#define FIELD_MAX(_mask) ((__typeof__(_mask))((_mask) >> __bf_shf(_mask)))

#endif
