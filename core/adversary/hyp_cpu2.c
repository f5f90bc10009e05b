// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host on the hyp's second CPU: an entry into the hyp (a trapped ITS
 * access, a hypercall) armed for CPU 0's next entry, begun at the
 * interleaving point the program names (core/machine/cpu.h), and the
 * order in which CPU 0's plain stores become visible to it (sbuf.h).
 *
 *   cpu2_at CALL ACCESS         later armed entries begin at CPU 0's CALL-th
 *                               platform call (1..4095), or ACCESS shared
 *                               accesses after it (0..4095)
 *   cpu2_mmio_read OFF W        CPU 1 reads the ITS frame
 *   cpu2_mmio_write OFF W VAL   CPU 1 writes it
 *   cpu2_hvc CALL ADDR          CPU 1 shares, unshares, pins or donates ADDR,
 *                               tears the ITS emulation down, reads ADDR (a
 *                               host stage-2 fault where nothing is mapped),
 *                               or donates or reclaims the MMIO page ADDR
 *   sbuf ORDER                  the drain order of CPU 0's stores (a mask)
 */
#include "adversary.h"
#include "feedback.h"
#include "../machine/cpu.h"
#include "../machine/machine.h"
#include "../machine/sbuf.h"
#include "../trace/trace.h"

#define CPU2_MAX_AT		4096

enum cpu2_call {
	CPU2_SHARE,
	CPU2_UNSHARE,
	CPU2_PIN,
	CPU2_DONATE,
	CPU2_ITS_TEARDOWN,
	CPU2_READ,
	CPU2_DONATE_MMIO,
	CPU2_RECLAIM_MMIO,
	NR_CPU2_CALLS,
};

static uint64_t at_call = 1, at_access;

void hyp_cpu2_reset(void)
{
	at_call = 1;
	at_access = 0;
}

void op_cpu2_at(const uint64_t *v)
{
	at_call = v[0] % CPU2_MAX_AT ? v[0] % CPU2_MAX_AT : 1;
	at_access = v[1] % CPU2_MAX_AT;
}

static void arm(void (*fn)(const uint64_t *arg), const uint64_t *arg, const char *where)
{
	if (cpu_arm_other(fn, arg, at_call, at_access, where))
		TRACE2("[cpu]", "the other CPU enters at platform call %llu (+%llu accesses) of the next entry",
		       at_call, at_access);
	else
		TRACE0("[cpu]", "the other CPU is still in the hyp: not armed");
}

/* What CPU 1 does (for the engine): an ITS access, or a call of enum cpu2_call. */
enum { KIND_MMIO_READ, KIND_MMIO_WRITE, KIND_CALL };
_Static_assert(KIND_CALL + NR_CPU2_CALLS <= FEEDBACK_NR_CPU2_KINDS, "feedback: CPU 1's kinds");

/* CPU 1 has just entered: name the point of CPU 0's entry it raced. */
static void note_entered(unsigned int kind)
{
	unsigned int locks;
	const char *what = machine_cpu_at(0, &locks);

	feedback_interleave(what, locks, kind);
}

static void run_mmio(const uint64_t *a)
{
	note_entered(a[2] ? KIND_MMIO_WRITE : KIND_MMIO_READ);
	its_mmio(a[0], (unsigned int)a[1], a[2], a[3]);
}

void op_cpu2_mmio_read(const uint64_t *v)
{
	const uint64_t a[4] = { v[0], v[1], false, 0 };

	arm(run_mmio, a, "cpu2_mmio_read");
}

void op_cpu2_mmio_write(const uint64_t *v)
{
	const uint64_t a[4] = { v[0], v[1], true, v[2] };

	arm(run_mmio, a, "cpu2_mmio_write");
}

static void run_hvc(const uint64_t *a)
{
	const uint64_t w[3] = { a[1], 1, 0 };

	note_entered(KIND_CALL + (unsigned int)a[0]);
	switch (a[0]) {
	case CPU2_SHARE:
		op_hvc_share(w);
		break;
	case CPU2_UNSHARE:
		op_hvc_unshare(w);
		break;
	case CPU2_PIN:
		op_pin(w);
		break;
	case CPU2_ITS_TEARDOWN:
		op_its_teardown(w);
		break;
	/* Two CPUs faulting on one page: the loser finds it mapped. */
	case CPU2_READ:
		op_host_read((const uint64_t[]){ a[1], 8 });
		break;
	case CPU2_DONATE_MMIO:
		op_hvc_donate_mmio(w);
		break;
	case CPU2_RECLAIM_MMIO:
		op_hvc_reclaim_mmio(w);
		break;
	default:
		op_donate(w);
		break;
	}
}

void op_cpu2_hvc(const uint64_t *v)
{
	const uint64_t a[4] = { v[0] % NR_CPU2_CALLS, v[1], 0, 0 };

	arm(run_hvc, a, "cpu2_hvc");
}

void op_sbuf(const uint64_t *v)
{
	sbuf_set_order(v[0]);
	TRACE1("[cpu]", "CPU 0's stores drain in order 0x%llx", v[0]);
}
