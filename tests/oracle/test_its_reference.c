// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ITS invariants that judge the machine against a reference of their
 * own, each with the mediator broken on purpose by a double of one entry
 * point, and each program silent on the real mediator:
 *
 *   O12 a second setup that "succeeds", a setup that hands its private
 *       pages back: the rules for the ITS hypercalls; a teardown that
 *       enables the ITS again before it returns, which the project's
 *       profile forbids (policy.teardown_disabled); a teardown that
 *       disables the ITS and waits for it itself, where the project's
 *       refuses an enabled ITS, is no finding (either is a choice);
 *   O13 a setup that also takes a page nothing references, and a teardown
 *       that gives nothing back: conservation;
 *   O14 a trap handler that takes CWRITER writes and runs nothing: progress;
 *   O15 a teardown that leaves a hyp address in the page it returns, one
 *       that leaves a byte of its own there, and a trap handler that
 *       stores a hyp address into the host's queue, which the host can
 *       read all along, one that stores the address of a hyp function
 *       there (the image is the hyp's as much as RAM is), and one whose
 *       read of GITS_CBASER gives the host the hyp's pointer to the queue
 *       (a register is read as much as a page);
 *   O11 a trap handler that copies the host's queue twice with memcpy:
 *       bulk copies are fetches, under clang and gcc alike.
 *
 * And three a fact-only audit found, each judged wrongly before:
 *   O15 the byte a teardown leaves in the state page, with 64 KiB pages
 *       and four private pages (1 MiB of copies, not 256 KiB: it was
 *       not kept, so not judged);
 *   O2  a teardown that hands the ITS back enabled, giving its pages back
 *       with the device on: the ITS is the host's once the teardown has
 *       succeeded, so that is the policy's (O12 its_teardown_left_enabled),
 *       not given_back_reachable;
 *   O14 a trap handler that vets the whole doorbell first, with an
 *       ownership call, and drops it all when a MAPD's ITT fails: the INT
 *       before the MAPD must still run (only an injected fault excuses).
 */
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/io.h>
#include <asm/kvm_mmu.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/its_emulate.h>
#include <nvhe/mem_protect.h>

#include "break_on_purpose.h"
#include "../../core/machine/its_hw.h"
#include "../../core/machine/machine.h"
#include "../../core/mediator/its_internal.h"
#include "its_doubles.h"

int __real___pkvm_hyp_donate_host(u64 pfn, u64 nr_pages);
int __double___pkvm_hyp_donate_host(u64 pfn, u64 nr_pages);
void *__hyp_memcpy(void *dst, const void *src, size_t n);
void *__hyp_memset(void *dst, int c, size_t n);

enum {
	SECOND_SETUP = 1,
	PRIV_BACK,
	EXTRA_PAGE,
	TEARDOWN_NOTHING,
	CWRITER_DROPPED,
	TEARDOWN_LEAKS_VA,
	TEARDOWN_LEAKS_BYTE,
	COPY_TWICE,
	SHARED_GETS_VA,
	SHARED_GETS_CODE,
	READ_GETS_VA,
	TEARDOWN_QUIESCES,
	TEARDOWN_REENABLES,
	COPY_AFTER_IDLE,
	GIVES_BACK_ENABLED,
	BATCH_REFUSED,
};

static int mode;

#define SPARE	0x40110000ULL	/* ram(16): a page no ITS state names */

int __double_pkvm_its_emulate_setup(phys_addr_t dev_addr, void *host_state, void *priv,
				    u64 priv_num_pages)
{
	u64 pfn = hyp_virt_to_pfn(kern_hyp_va(priv));
	int ret;

	if (mode == SECOND_SETUP && pkvm_protected_regs[0].priv)
		return 0;
	ret = __real_pkvm_its_emulate_setup(dev_addr, host_state, priv, priv_num_pages);
	if (ret)
		return ret;
	/* Wiped first: what is under test is the ownership, not the bytes (O15). */
	if (mode == PRIV_BACK) {
		__hyp_memset(__hyp_va(hyp_pfn_to_phys(pfn)), 0, priv_num_pages * PAGE_SIZE);
		__pkvm_hyp_donate_host(pfn, priv_num_pages);
	}
	if (mode == EXTRA_PAGE) {
		__pkvm_host_share_hyp(hyp_phys_to_pfn(SPARE));
		hyp_pin_shared_mem(__hyp_va(SPARE), __hyp_va(SPARE + 1));
	}
	return 0;
}

/* GIVES_BACK_ENABLED: the frame to enable again before the first page goes back. */
static void __iomem *enable_at_give_back;

int __double___pkvm_hyp_donate_host(u64 pfn, u64 nr_pages)
{
	if (enable_at_give_back) {
		writel_relaxed(GITS_CTLR_ENABLE, enable_at_give_back + GITS_CTLR);
		enable_at_give_back = NULL;
	}
	return __real___pkvm_hyp_donate_host(pfn, nr_pages);
}

int __double_pkvm_its_emulate_teardown(phys_addr_t dev_addr)
{
	struct its_priv_state *priv = pkvm_protected_regs[0].priv;
	void *state = priv ? priv->host_state : NULL;

	int ret;

	if (mode == TEARDOWN_NOTHING) {
		pkvm_protected_regs[0].priv = NULL;
		return 0;
	}
	/* The hyp quiesces the ITS itself instead of refusing an enabled one. */
	if ((mode == TEARDOWN_QUIESCES || mode == TEARDOWN_REENABLES) && priv) {
		writel_relaxed(0, priv->base + GITS_CTLR);
		while (!(readl_relaxed(priv->base + GITS_CTLR) & GITS_CTLR_QUIESCENT))
			;
	}
	if (mode == GIVES_BACK_ENABLED && priv) {
		writel_relaxed(0, priv->base + GITS_CTLR);
		while (!(readl_relaxed(priv->base + GITS_CTLR) & GITS_CTLR_QUIESCENT))
			;
		enable_at_give_back = priv->base;
		ret = __real_pkvm_its_emulate_teardown(dev_addr);
		enable_at_give_back = NULL;
		return ret;
	}
	if (mode == TEARDOWN_REENABLES && priv) {
		void __iomem *base = priv->base;

		ret = __real_pkvm_its_emulate_teardown(dev_addr);
		writel_relaxed(GITS_CTLR_ENABLE, base + GITS_CTLR);
		return ret;
	}
	/* A byte of the hyp's in the state page, where the host had none. */
	if (mode == TEARDOWN_LEAKS_BYTE && state)
		__hyp_memset((u8 *)state + PAGE_SIZE - 1, 0xa5, 1);
	/* The hyp's pointer in the state page, which goes back as it is. */
	if (mode == TEARDOWN_LEAKS_VA && state)
		__hyp_memcpy((u8 *)state + PAGE_SIZE - sizeof(state), &state, sizeof(state));
	return __real_pkvm_its_emulate_teardown(dev_addr);
}

/*
 * BATCH_REFUSED: every MAPD (V=1) from the device's position to the new
 * CWRITER has its ITT's first page shared and unshared again as a check;
 * false if one share fails, and the whole doorbell is dropped.
 */
static bool batch_ok(struct its_priv_state *priv, u64 cwriter)
{
	u64 len = priv->host_state->cmdq_len;
	u64 rd = readq_relaxed(priv->base + GITS_CREADR) & GITS_CMDQ_OFFSET;
	u64 wr = cwriter & GITS_CMDQ_OFFSET;
	const u64 *slot;
	u64 dw0, dw2;

	for (; rd != wr && rd < len && wr < len; rd = (rd + 32) % len) {
		slot = (const u64 *)((const u8 *)priv->cmd_host_copy + rd);
		dw0 = READ_ONCE(slot[0]);
		dw2 = READ_ONCE(slot[2]);
		if ((dw0 & 0xff) != GITS_CMD_MAPD || !(dw2 & BIT_ULL(63)))
			continue;
		if (__pkvm_host_share_hyp(hyp_phys_to_pfn(dw2 & GENMASK_ULL(51, 8))))
			return false;
		__pkvm_host_unshare_hyp(hyp_phys_to_pfn(dw2 & GENMASK_ULL(51, 8)));
	}
	return true;
}

void __double_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
				       bool write, u64 *reg, u8 reg_size)
{
	struct its_priv_state *priv = region->priv;
	u64 cmd[4];

	if (priv && write && offset == GITS_CWRITER && mode == BATCH_REFUSED &&
	    !batch_ok(priv, *reg))
		return;

	if (priv && write && offset == GITS_CWRITER) {
		if (mode == CWRITER_DROPPED) {
			priv->cwriter = *reg;
			return;
		}
		if (mode == COPY_TWICE) {
			__hyp_memcpy(cmd, priv->cmd_host_copy + priv->cmd_offset, sizeof(cmd));
			__hyp_memcpy(cmd, priv->cmd_host_copy + priv->cmd_offset, sizeof(cmd));
		}
		/* Into a page the host reads all along, not one it gets back. */
		if (mode == SHARED_GETS_VA)
			__hyp_memcpy((u8 *)priv->cmd_host_copy + 0x208, &priv, sizeof(priv));
		if (mode == SHARED_GETS_CODE) {
			u64 fn = (u64)(uintptr_t)__real_pkvm_its_emulate_handler;

			__hyp_memcpy((u8 *)priv->cmd_host_copy + 0x208, &fn, sizeof(fn));
		}
	}
	__real_pkvm_its_emulate_handler(region, offset, write, reg, reg_size);
	/* The slot just run, read again once the hyp saw the device idle. */
	if (priv && write && offset == GITS_CWRITER && mode == COPY_AFTER_IDLE) {
		u64 len = priv->host_state->cmdq_len;

		__hyp_memcpy(cmd, priv->cmd_host_copy + (priv->cmd_offset + len - sizeof(cmd)) % len,
			     sizeof(cmd));
	}
	/* The hyp's own pointer to the queue, where the register has its PA. */
	if (priv && !write && offset == GITS_CBASER && mode == READ_GETS_VA)
		*reg = (u64)(uintptr_t)priv->cmd_original;
}

static const char setup_twice[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_setup\n";

static const char setup_once[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n";

static const char teardown[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_mapd 0x1 ram(2) 3\n"
	"its_mmio_write 0x0 4 0x0\n"
	"its_teardown\n";

static const char teardown_enabled[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_mapd 0x1 ram(2) 3\n"
	"its_teardown\n";

static const char sync[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_cmd 11 0x0 0x0\n";

static const char read_cbaser[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_mmio_read 0x80 8\n";

/* Four private pages of 64 KiB, then the state page. */
static const char teardown_64k[] =
	"config page=64K ram=32M devices=1\n"
	"its_bringup 2\n"
	"its_arg 2 ram(20)\n"
	"its_arg 3 0x4\n"
	"its_setup\n"
	"its_mmio_write 0x0 4 0x0\n"
	"its_teardown\n";

/* An INT staged (no doorbell), then a MAPD whose ITT is the hyp's: one doorbell. */
static const char int_then_bad_mapd[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_cmd 4 0x100000005 0x4000000000000000\n"
	"its_mapd 0x2 hyp(0) 3\n";

static const char commands[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_mapd 0x1 ram(2) 3\n"
	"its_cmd 4 0x100000001 0x0\n";

/*
 * The host's own command carries a value that is a hyp address of this
 * process (a fuzzer learns them from the mediator's comparisons); the hyp
 * copies it into its queue, and teardown gives the page back: no leak.
 * The same value stored by the hyp is (TEARDOWN_LEAKS_VA above).
 */
static void test_host_supplied_address(void)
{
	static char prog[512];
	uint64_t va;

	CHECK_STR(run_for_violation(sync), "");	/* the machine is up: its window is placed */
	va = (uint64_t)(uintptr_t)__hyp_va(SIM_RAM_BASE) + 0x9;
	snprintf(prog, sizeof(prog),
		 "config page=4K ram=16M devices=1\n"
		 "its_bringup 2\n"
		 "its_setup\n"
		 "its_cmd 11 0x0 0x%llx\n"
		 "its_mmio_write 0x0 4 0x0\n"
		 "its_teardown\n", (unsigned long long)va);
	CHECK_STR(run_for_violation(prog), "");
}

int main(void)
{
	expect_broken(&mode, SECOND_SETUP, setup_twice, "O12:its_setup:its_setup_must_fail");
	expect_broken(&mode, PRIV_BACK, setup_once, "O12:its_setup:its_private_not_taken");
	expect_broken(&mode, EXTRA_PAGE, setup_once, "O13:its_setup:held_for_nothing");
	expect_broken(&mode, TEARDOWN_NOTHING, teardown, "O13:its_teardown:held_after_teardown");
	/* Handed back enabled: the project's profile forbids it (policy.teardown_disabled). */
	expect_broken(&mode, TEARDOWN_REENABLES, teardown_enabled,
		      "O12:its_teardown:its_teardown_left_enabled");
	expect_harmless(&mode, TEARDOWN_QUIESCES, teardown_enabled);
	expect_broken(&mode, CWRITER_DROPPED, sync, "O14:its_cmd:not_drained");
	expect_broken(&mode, TEARDOWN_LEAKS_VA, teardown, "O15:its_teardown:hyp_address");
	expect_broken(&mode, TEARDOWN_LEAKS_BYTE, teardown, "O15:its_teardown:hyp_bytes");
	expect_broken(&mode, TEARDOWN_LEAKS_BYTE, teardown_64k, "O15:its_teardown:hyp_bytes");
	expect_broken(&mode, GIVES_BACK_ENABLED, teardown_enabled,
		      "O12:its_teardown:its_teardown_left_enabled");
	expect_broken(&mode, BATCH_REFUSED, int_then_bad_mapd, "O14:its_mapd:not_drained");
	expect_broken(&mode, COPY_TWICE, commands, "O11:its_mapd:double_fetch");
	/* One command at a time: a read after the device ran the last is a new decision. */
	expect_harmless(&mode, COPY_AFTER_IDLE, commands);
	expect_broken(&mode, SHARED_GETS_VA, sync, "O15:its_cmd:hyp_address");
	expect_broken(&mode, SHARED_GETS_CODE, sync, "O15:its_cmd:hyp_address");
	expect_broken(&mode, READ_GETS_VA, read_cbaser, "O15:its_mmio_read:hyp_address_returned");
	test_host_supplied_address();
	return test_done("test_its_reference");
}
