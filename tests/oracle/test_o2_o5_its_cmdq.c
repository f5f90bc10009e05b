// SPDX-License-Identifier: GPL-2.0-only
/*
 * O5 and O2 over the ITS command queue, with a double of the trap handler
 * broken on purpose: one that writes the host's CWRITER value straight to
 * the hardware (RES0 bits and all: O5), one that hands the device the real
 * queue without filling it (the stale slot, never the host's, runs: O5),
 * one that copies the host's slot to the device unfiltered (a GICv4
 * command runs: O5's policy check, as the project's profile declares it),
 * one that plants a Device table entry whose ITT is the hyp's private
 * state, as a host-built table would (the device can reach hyp memory: O2),
 * in the first L2 page or, after a walk, in a later one, and one that runs
 * the queue, when the ITS is enabled, up to the last CWRITER the host
 * wrote, one it rejected included (O5), and one that gives up on a queue
 * the ITS once did not start on: the host's restart never runs it (O14),
 * and one that names its own command queue as an L2 page of the Device
 * table: every page the device reaches is the hyp's, yet two of the
 * structures it writes share bytes (O2), and one that gives an L2 page
 * back to the host while the real L1 still names it (O2), or, harmless,
 * after clearing the entry; and one that runs a slot past the CWRITER
 * both host CPUs wrote, the same value (O5 judges that episode too); and
 * one that drops a CWRITER value's RES0 bits [4:1] and runs up to its
 * offset, as KVM does, which the project's profile says it never does.
 */
#include <string.h>

#include <linux/irqchip/arm-gic-v3.h>
#include <asm/kvm_pkvm.h>
#include <linux/bug.h>
#include <nvhe/mem_protect.h>
#include <nvhe/memory.h>

#include "break_on_purpose.h"
#include "../../core/machine/its_hw.h"
#include "../../core/machine/machine.h"
#include "../../core/machine/sancov.h"
#include "../../core/mediator/its_internal.h"

void __real_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
				     bool write, u64 *reg, u8 reg_size);
void __double_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
				     bool write, u64 *reg, u8 reg_size);

void *__hyp_memcpy(void *dst, const void *src, size_t n);

static int mode;
static u64 host_cwriter;	/* mode 6: the host's last CWRITER, rejected or not */

/* Device 1's entry in the L2 page of L1[@l1_idx] of the Device table (BASER0). */
static void plant_dte(struct pkvm_protected_reg *region, unsigned int l1_idx)
{
	uint64_t baser = its_hw_read(GITS_BASER, 8);
	uint64_t itt = __hyp_pa(region->priv);
	uint64_t l1, dte;

	machine_ram_read(its_hw_baser_pa(baser) + 8 * l1_idx, &l1, sizeof(l1));
	dte = 1 | 7ULL << 1 | (itt >> 8) << 6;
	/* As the hyp's own store: seen like one (a test file is not traced). */
	__hyp_memcpy(__hyp_va(l1 & GENMASK_ULL(50, 0)) + 8, &dte, sizeof(dte));
}

/* The real L1[1] of the Device table names the command queue, as the hyp's store. */
static void plant_l1_on_queue(void)
{
	uint64_t baser = its_hw_read(GITS_BASER, 8);
	uint64_t cbaser = its_hw_read(GITS_CBASER, 8);
	uint64_t entry = (cbaser & GENMASK_ULL(51, 12)) | BIT_ULL(63);

	__hyp_memcpy(__hyp_va(its_hw_baser_pa(baser) + 8), &entry, sizeof(entry));
}

/*
 * Give the host back the L2 page of the Device table's L1[0], with the
 * real entry cleared first (@unname) or left naming it.
 */
static void give_back_l2(bool unname)
{
	uint64_t baser = its_hw_read(GITS_BASER, 8);
	uint64_t l1_pa = its_hw_baser_pa(baser);
	uint64_t zero = 0;
	uint64_t l1;

	machine_ram_read(l1_pa, &l1, sizeof(l1));
	if (unname)
		__hyp_memcpy(__hyp_va(l1_pa), &zero, sizeof(zero));
	WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(l1 & GENMASK_ULL(51, 12)),
				       its_hw_baser_psz(baser) >> PAGE_SHIFT));
}

/* Copy the host's slots to the real queue as they are, and kick the device. */
static void unfiltered_copy(struct its_priv_state *priv, u64 cwriter)
{
	u64 end = cwriter & GITS_CMDQ_OFFSET;
	u64 off = priv->cmd_offset;

	while (off != end) {
		memcpy(priv->cmd_original + off, priv->cmd_host_copy + off, ITS_CMD_SIZE);
		off = (off + ITS_CMD_SIZE) % priv->host_state->cmdq_len;
	}
	priv->cmd_offset = end;
	priv->cwriter = cwriter;
	its_hw_write(GITS_CWRITER, 8, end);
}

void __double_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
				     bool write, u64 *reg, u8 reg_size)
{
	struct its_priv_state *priv = region->priv;

	if (mode == 6 && priv && write && offset == GITS_CTLR && (*reg & GITS_CTLR_ENABLE)) {
		__real_pkvm_its_emulate_handler(region, offset, write, reg, reg_size);
		unfiltered_copy(priv, host_cwriter % priv->host_state->cmdq_len);
		return;
	}
	if (mode == 6 && priv && write && offset == GITS_CWRITER)
		host_cwriter = *reg;
	if (mode == 7 && priv && write && offset == GITS_CWRITER && its_hw_hung())
		return;
	/* An enable that runs nothing the host published while disabled. */
	if (mode == 12 && priv && write && offset == GITS_CTLR && reg_size == 4) {
		its_hw_write(GITS_CTLR, 4, *reg & GITS_CTLR_ENABLE);
		return;
	}
	/* Bits [4:1] dropped, as KVM and the v2 series take a CWRITER value. */
	if (mode == 13 && priv && write && offset == GITS_CWRITER) {
		u64 v = *reg & ~GENMASK_ULL(4, 1);

		__real_pkvm_its_emulate_handler(region, offset, write, &v, reg_size);
		return;
	}
	if (mode == 11 && priv && write && offset == GITS_CWRITER && !machine_cpu()) {
		/* One slot more than asked, as a drain that lost count would. */
		__real_pkvm_its_emulate_handler(region, offset, write, reg, reg_size);
		unfiltered_copy(priv, (priv->cmd_offset + ITS_CMD_SIZE) % priv->host_state->cmdq_len);
		return;
	}
	if (region->priv && write && offset == GITS_CWRITER) {
		switch (mode) {
		case 1:
			its_hw_write(GITS_CWRITER, 8, *reg);
			return;
		case 2:
			its_hw_write(GITS_CWRITER, 8, *reg & GITS_CMDQ_OFFSET);
			return;
		case 3:
			plant_dte(region, 0);
			break;
		case 5:
			/* Behind the second command: after a walk saw the L2s clean. */
			if ((*reg & GITS_CMDQ_OFFSET) == 2 * ITS_CMD_SIZE)
				plant_dte(region, 2);
			break;
		case 4:
			unfiltered_copy(region->priv, *reg);
			return;
		case 8:
			plant_l1_on_queue();
			break;
		case 9:
		case 10:
			give_back_l2(mode == 10);
			break;
		}
	}
	__real_pkvm_its_emulate_handler(region, offset, write, reg, reg_size);
}

static const char raw_cwriter[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_mmio_write 0x88 8 0x100020\n";

static const char unfiltered[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_cmd 11 0x0 0x0\n";

static const char gicv4_cmd[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_cmd 12 0x100000003 0x0\n";

/* The device reads no DTE for a SYNC: only the check after the entry sees one. */
static const char sync_cmd[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_cmd 11 0x0 0x0\n";

/*
 * Two SYNCs, with L2 pages for L1[1] and L1[2]: the walk after the first
 * saw them clean, so only a store seen in an L2 page makes the second
 * walk again.
 */
static const char sync_l2_run[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 1\n"
	"its_l2 0 1\n"
	"its_l2 0 2\n"
	"its_setup\n"
	"its_cmd 11 0x0 0x0\n"
	"its_cmd 11 0x0 0x0\n";

/* A SYNC staged, a CWRITER beyond the queue while disabled, then enable. */
/* Offset 0x40 with bit 1 (RES0) set. */
static const char misaligned_cwriter[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_cmd 11 0x0 0x0\n"
	"its_cmd 11 0x0 0x4000000000000000\n"
	"its_mmio_write 0x88 8 0x42\n";

static const char rejected_then_enable[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_mmio_write 0x0 4 0x0\n"
	"its_cmd 11 0x0 0x4000000000000000\n"
	"its_mmio_write 0x88 8 0x10020\n"
	"its_mmio_write 0x0 4 0x1\n";

/* The ITS ignores the SYNC's doorbell; the host rings again for it. */
static const char hang_restart[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_mapd 0x1 ram(2) 3\n"
	"fail hang 2 EIO\n"
	"its_cmd 11 0x0 0x0\n"
	"its_mmio_write 0x88 8 0x40\n";

/* A SYNC published while disabled runs at the enable. */
static const char sync_at_enable[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_mmio_write 0x0 4 0x0\n"
	"its_cmd 11 0x0 0x0\n"
	"its_mmio_write 0x0 4 0x1\n";

/* Both CPUs ask for the same two commands: one more runs all the same. */
static const char both_cpus_same_cwriter[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_cmd 11 0x0 0x4000000000000000\n"
	"its_cmd 11 0x0 0x4000000000000000\n"
	"its_cmd 11 0x0 0x4000000000000000\n"
	"cpu2_at 2 0\n"
	"cpu2_mmio_write 0x88 8 0x40\n"
	"its_mmio_write 0x88 8 0x40\n";

static const char int_cmd[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_cmd 4 0x100000003 0x0\n";

int main(void)
{
	expect_broken(&mode, 1, raw_cwriter, "O5:its_mmio_write:cwriter_not_sanitised");
	expect_broken(&mode, 2, unfiltered, "O5:its_cmd:command_not_from_host");
	expect_broken(&mode, 4, gicv4_cmd, "O5:its_cmd:rejected_command_executed");
	expect_broken(&mode, 3, int_cmd, "O2:its_cmd:reach_hyp_private");
	expect_broken(&mode, 3, sync_cmd, "O2:its_cmd:reach_hyp_private");
	expect_broken(&mode, 5, sync_l2_run, "O2:its_cmd:reach_hyp_private");
	expect_broken(&mode, 6, rejected_then_enable, "O5:its_mmio_write:cwriter_beyond_host");
	/* The project's profile rejects such a value (policy.reject_misaligned_cwriter). */
	expect_broken(&mode, 13, misaligned_cwriter, "O5:its_mmio_write:misaligned_cwriter_processed");
	expect_broken(&mode, 7, hang_restart, "O14:its_mmio_write:not_drained");
	expect_broken(&mode, 12, sync_at_enable, "O14:its_mmio_write:not_drained");
	/* Every page the hyp's, but the Device table's L2 is the queue. */
	expect_broken(&mode, 8, sync_cmd, "O2:its_cmd:reach_overlap");
	/*
	 * An L2 page back to the host while the real L1 still names it: at
	 * the give-back where the hyp's stores are seen (the reach is current
	 * mid-entry), else (gcc) at the entry's end, the host's page named.
	 */
	expect_broken(&mode, 9, sync_cmd, sancov_active() ? "O2:its_cmd:given_back_reachable" :
			    "O2:its_cmd:l2_not_hyp_owned");
	/* Unnamed first, it may go back (the device's L1 no longer reaches it). */
	expect_harmless(&mode, 10, sync_cmd);
	/* Two CPUs wrote CWRITER, but the same value: the bound holds. */
	expect_broken(&mode, 11, both_cpus_same_cwriter, "O5:its_mmio_write:cwriter_beyond_host");
	return test_done("test_o2_o5_its_cmdq");
}
