// SPDX-License-Identifier: GPL-2.0-only
/*
 * O11 single fetch fires on a setup that loads a byte of the host's state
 * page twice while the host can still write it (shared with the hyp), and
 * on one that loads from a page after giving it back in the same entry. The double calls the
 * load callback before each load, as trace-loads makes the compiler do in
 * the mediator, so the test holds under gcc too.
 */
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/mem_protect.h>

#include "break_on_purpose.h"
#include "its_doubles.h"

void __sanitizer_cov_load8(void *addr);
int __double_pkvm_its_emulate_setup(phys_addr_t dev_addr, void *host_state, void *priv,
				  u64 priv_num_pages);

static int mode;

static u64 load(const u64 *p)
{
	__sanitizer_cov_load8((void *)p);
	return READ_ONCE(*p);
}

int __double_pkvm_its_emulate_setup(phys_addr_t dev_addr, void *host_state, void *priv,
				  u64 priv_num_pages)
{
	u64 pa = ((u64)host_state - 0xffff000000000000ULL) & PHYS_MASK;
	const u64 *state = __hyp_va(pa);
	u64 first, again;

	switch (mode) {
	case 1:
		/*
		 * Check a field, then use it: the host may change it in between.
		 * Shared and pinned, so that the hyp maps the page (a load from
		 * a host page it does not map would be a translation fault).
		 */
		if (__pkvm_host_share_hyp(hyp_phys_to_pfn(pa)))
			return -EPERM;
		if (hyp_pin_shared_mem((void *)state, (void *)(state + 1))) {
			__pkvm_host_unshare_hyp(hyp_phys_to_pfn(pa));
			return -EPERM;
		}
		first = load(state);
		again = load(state);
		hyp_unpin_shared_mem((void *)state, (void *)(state + 1));
		__pkvm_host_unshare_hyp(hyp_phys_to_pfn(pa));
		return first == again ? -EINVAL : -EFAULT;
	case 2:
		if (__pkvm_host_donate_hyp(hyp_phys_to_pfn(pa), 1))
			return -EPERM;
		WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(pa), 1));
		return load(state) ? -EINVAL : -EFAULT;
	}
	return __real_pkvm_its_emulate_setup(dev_addr, host_state, priv, priv_num_pages);
}

static const char prog[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 1\n"
	"its_setup\n";

int main(void)
{
	expect_broken(&mode, 1, prog, "O11:its_setup:double_fetch");
	expect_broken(&mode, 2, prog, "O11:its_setup:load_after_give_back");
	return test_done("test_o11_single_fetch");
}
