// SPDX-License-Identifier: GPL-2.0-only
/*
 * Doubles of the ITS entry points for test_o17_races.c, built like a
 * mediator (freestanding, with load/store tracing), so that the hyp's
 * second CPU sees their accesses as it sees a mediator's. Around the real
 * setup and handler, each mode adds a little state of its own, shared
 * between the two CPUs the way the mode says: some modes order it
 * properly, the others are broken on purpose.
 */
#include <linux/types.h>
#include <asm/barrier.h>
#include <asm/io.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/its_emulate.h>
#include <nvhe/memory.h>
#include <nvhe/spinlock.h>

#include "o17_doubles.h"
#include "its_doubles.h"

int o17_mode;
unsigned long long o17_page_pa;

static struct {
	u64 a;
	u64 b;
} box;
static u64 *published;
static DEFINE_HYP_SPINLOCK(box_lock);
static DEFINE_HYP_SPINLOCK(other_lock);
static DEFINE_HYP_SPINLOCK(lock_a);
static DEFINE_HYP_SPINLOCK(lock_b);

/* Interleaving points that order nothing the other CPU takes part in. */
static void points(void)
{
	hyp_spin_lock(&other_lock);
	hyp_spin_unlock(&other_lock);
}

int __double_pkvm_its_emulate_setup(phys_addr_t dev_addr, void *host_state, void *priv,
				    u64 priv_num_pages)
{
	int ret = __real_pkvm_its_emulate_setup(dev_addr, host_state, priv, priv_num_pages);

	switch (o17_mode) {
	case O17_PUBLISH_RELEASE:
	case O17_PUBLISH_PLAIN:
		box.a = 1;
		box.b = 2;
		points();
		if (o17_mode == O17_PUBLISH_PLAIN)
			published = &box.a;
		else
			smp_store_release(&published, &box.a);
		points();
		break;
	case O17_LOCKED:
		hyp_spin_lock(&box_lock);
		box.a++;
		points();
		hyp_spin_unlock(&box_lock);
		break;
	case O17_UNLOCKED:
		box.a++;
		points();
		break;
	case O17_ABBA:
		hyp_spin_lock(&lock_a);
		points();
		hyp_spin_lock(&lock_b);
		hyp_spin_unlock(&lock_b);
		hyp_spin_unlock(&lock_a);
		break;
	case O17_VMEMMAP_LOCKED:
	case O17_VMEMMAP_UNLOCKED:
	case O17_VMEMMAP_OTHER_FIELD:
		hyp_spin_lock(&box_lock);
		hyp_page_ref_inc(hyp_phys_to_page(o17_page_pa));
		points();
		hyp_page_ref_dec(hyp_phys_to_page(o17_page_pa));
		hyp_spin_unlock(&box_lock);
		break;
	case O17_STORE_ORDER:
		box.a = 7;
		o17_note_stored();
		points();
		smp_store_release(&box.b, 1);
		points();
		break;
	}
	return ret;
}

void __double_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
				       bool write, u64 *reg, u8 reg_size)
{
	u64 *p;

	switch (o17_mode) {
	case O17_PUBLISH_RELEASE:
	case O17_PUBLISH_PLAIN:
		p = smp_load_acquire(&published);
		if (p)
			o17_note_seen(p[1]);
		break;
	case O17_LOCKED:
		hyp_spin_lock(&box_lock);
		o17_note_seen(box.a);
		hyp_spin_unlock(&box_lock);
		break;
	case O17_UNLOCKED:
		o17_note_seen(box.a);
		break;
	case O17_ABBA:
		hyp_spin_lock(&lock_b);
		points();
		hyp_spin_lock(&lock_a);
		hyp_spin_unlock(&lock_a);
		hyp_spin_unlock(&lock_b);
		break;
	case O17_STORE_ORDER:
		o17_note_seen(READ_ONCE(box.a));
		break;
	case O17_VMEMMAP_LOCKED:
		hyp_spin_lock(&box_lock);
		o17_note_seen(hyp_page_count(hyp_phys_to_page(o17_page_pa)));
		hyp_spin_unlock(&box_lock);
		break;
	case O17_VMEMMAP_UNLOCKED:
		o17_note_seen(hyp_page_count(hyp_phys_to_page(o17_page_pa)));
		break;
	case O17_VMEMMAP_OTHER_FIELD:
		o17_note_seen(get_host_state(hyp_phys_to_page(o17_page_pa)));
		break;
	case O17_FORWARD_UNLOCKED:
		/* Not set up: straight to the device, no lock (bench/bugs/v4). */
		if (!smp_load_acquire(&region->priv) && write && reg_size == 8 && offset < PAGE_SIZE) {
			__raw_writeq(*reg, (void __iomem *)__hyp_va(hyp_pfn_to_phys(region->pfn)) + offset);
			return;
		}
		break;
	}
	__real_pkvm_its_emulate_handler(region, offset, write, reg, reg_size);
}

void o17_doubles_reset(void)
{
	box.a = 0;
	box.b = 0;
	published = NULL;
}
