// SPDX-License-Identifier: GPL-2.0-only
/*
 * O5 forwarding integrity, once setup has published the private state.
 *
 * Observed at the device, not taken from the mediator: every command the
 * ITS model fetches is checked against the filter's rules (a GICv4 or
 * unknown opcode, a MAPD whose Size exceeds TYPER.IDbits or whose ITT is
 * not shared with and pinned by the hyp, must never run); every write of
 * the hardware GITS_CWRITER holds only an offset below the queue length
 * and Retry; and around one trapped host write of GITS_CWRITER, a value
 * the mediator must reject (offset at or beyond the queue, bits [4:1]
 * set) makes the device run nothing, and an accepted one never moves the
 * hardware CWRITER past the host's offset.
 */
#include <string.h>

#include <linux/bitfield.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/mem_protect.h>

#include "oracle.h"
#include "../machine/its_hw.h"
#include "../machine/machine.h"
#include "../trace/trace.h"

static struct {
	bool in_trap;
	bool rejected;		/* the trapped value must be rejected */
	uint64_t target;	/* the host's offset */
	uint64_t creadr;	/* the device's read position before the trap */
	unsigned int cmds;	/* commands run during the trap */
	unsigned int cwriter_writes;
} o5;

static bool published(void)
{
	return pkvm_protected_regs[0].priv != NULL;
}

static uint64_t queue_len(void)
{
	return (FIELD_GET(GITS_CBASER_SIZE, its_hw_read(GITS_CBASER, 8)) + 1) *
	       GITS_CBASER_PAGE_SIZE;
}

static bool itt_pinned(uint64_t pa, uint64_t bytes)
{
	uint64_t ps = machine_page_size();
	uint64_t a;

	for (a = pa & ~(ps - 1); a < pa + bytes; a += ps) {
		struct page_rec rec;

		if (machine_kind(a) != MEM_RAM)
			return false;
		rec = machine_page(a >> machine_page_shift());
		if (rec.host_state != PKVM_PAGE_SHARED_OWNED ||
		    rec.hyp_state != PKVM_PAGE_SHARED_BORROWED || !rec.refcount)
			return false;
	}
	return true;
}

static void o5_on_cmd(const uint64_t *cmd)
{
	uint64_t typer = its_hw_read(GITS_TYPER, 8);
	uint64_t idbits = FIELD_GET(GENMASK_ULL(12, 8), typer);
	uint64_t ite = FIELD_GET(GENMASK_ULL(7, 4), typer) + 1;
	uint8_t op = cmd[0] & 0xff;
	uint64_t size;

	if (!published())
		return;
	o5.cmds++;
	switch (op) {
	case GITS_CMD_MAPD:
		size = cmd[1] & 0x1f;
		if (size > idbits) {
			report_violation("O5", "mapd_size_executed",
					 "MAPD Size %llu above IDbits %llu ran",
					 (unsigned long long)size, (unsigned long long)idbits);
			return;
		}
		if ((cmd[2] >> 63) &&
		    !itt_pinned(cmd[2] & GENMASK_ULL(51, 8),
				(2ULL << size) * ite > 256 ? (2ULL << size) * ite : 256))
			report_violation("O5", "itt_not_pinned",
					 "MAPD ran with ITT 0x%llx not shared and pinned",
					 (unsigned long long)(cmd[2] & GENMASK_ULL(51, 8)));
		return;
	case GITS_CMD_MAPC:
	case GITS_CMD_MOVI:
	case GITS_CMD_INT:
	case GITS_CMD_CLEAR:
	case GITS_CMD_SYNC:
	case GITS_CMD_MAPTI:
	case GITS_CMD_MAPI:
	case GITS_CMD_INV:
	case GITS_CMD_INVALL:
	case GITS_CMD_MOVALL:
	case GITS_CMD_DISCARD:
		return;
	}
	report_violation("O5", "rejected_command_executed", "opcode 0x%x ran", op);
}

void o5_on_reg(uint64_t off, unsigned int width, bool write, uint64_t val)
{
	uint64_t len;

	if (!write || off != GITS_CWRITER || !published())
		return;
	o5.cwriter_writes++;
	len = queue_len();
	if (width != 8 || (val & ~(GITS_CMDQ_OFFSET | GITS_CWRITER_RETRY)))
		report_violation("O5", "cwriter_not_sanitised",
				 "hardware CWRITER written with 0x%llx (%u bytes)",
				 (unsigned long long)val, width);
	else if ((val & GITS_CMDQ_OFFSET) >= len)
		report_violation("O5", "cwriter_out_of_range",
				 "hardware CWRITER 0x%llx, queue 0x%llx bytes",
				 (unsigned long long)val, (unsigned long long)len);
}

void o5_reset(void)
{
	its_hw_set_cmd_hook(o5_on_cmd);
	memset(&o5, 0, sizeof(o5));
}

void o5_trap_begin(uint64_t off, unsigned int width, bool write, uint64_t val)
{
	uint64_t len = queue_len();

	o5.in_trap = published() && write && off == GITS_CWRITER && width >= 4;
	if (!o5.in_trap)
		return;
	o5.target = val & GITS_CMDQ_OFFSET;
	o5.rejected = (val & GENMASK_ULL(4, 1)) || o5.target >= len;
	o5.creadr = its_hw_read(GITS_CREADR, 8) & GITS_CMDQ_OFFSET;
	o5.cmds = 0;
	o5.cwriter_writes = 0;
}

void o5_trap_end(void)
{
	uint64_t len = queue_len();
	uint64_t now;

	if (!o5.in_trap)
		return;
	o5.in_trap = false;
	if (o5.rejected) {
		if (o5.cmds || o5.cwriter_writes)
			report_violation("O5", "rejected_cwriter_processed",
					 "CWRITER 0x%llx must be ignored; %u commands ran",
					 (unsigned long long)o5.target, o5.cmds);
		return;
	}
	now = its_hw_read(GITS_CWRITER, 8) & GITS_CMDQ_OFFSET;
	if (o5.creadr < len &&
	    (now + len - o5.creadr) % len > (o5.target + len - o5.creadr) % len)
		report_violation("O5", "cwriter_beyond_host",
				 "hardware CWRITER 0x%llx went past the host's 0x%llx",
				 (unsigned long long)now, (unsigned long long)o5.target);
}
