// SPDX-License-Identifier: GPL-2.0-only
/*
 * O2, O3 and O4 over ITS setup, each with a double of the entry point
 * broken on purpose: a setup that succeeds and then reports an error
 * (O3: the pages it took are not given back), one that returns with a
 * hyp lock held (O4), and one that reports success without taking
 * anything (O2: the device can reach pages the host still owns).
 */
#include <linux/errno.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/spinlock.h>

#include "break_on_purpose.h"
#include "its_doubles.h"

int __double_pkvm_its_emulate_setup(phys_addr_t dev_addr, void *host_state, void *priv,
				  u64 priv_num_pages);

static DEFINE_HYP_SPINLOCK(leaked);
static int mode;

int __double_pkvm_its_emulate_setup(phys_addr_t dev_addr, void *host_state, void *priv,
				  u64 priv_num_pages)
{
	int ret;

	switch (mode) {
	case 1:
		ret = __real_pkvm_its_emulate_setup(dev_addr, host_state, priv, priv_num_pages);
		return ret ? ret : -ENOMEM;
	case 2:
		hyp_spin_lock(&leaked);
		return -EINVAL;
	case 3:
		return 0;
	}
	return __real_pkvm_its_emulate_setup(dev_addr, host_state, priv, priv_num_pages);
}

static const char prog[] =
	"config page=16K ram=32M devices=1 its_vpe=4K its_indirect=7\n"
	"its_bringup 2\n"
	"its_setup\n";

int main(void)
{
	expect_broken(&mode, 1, prog, "O3:its_setup:host_stage2");
	expect_broken(&mode, 2, prog, "O4:its_setup:lock_held");
	expect_broken(&mode, 3, prog, "O2:its_setup:queue_not_hyp_owned");
	return test_done("test_o2_o3_o4_its_setup");
}
