// SPDX-License-Identifier: GPL-2.0-only
/*
 * core/machine/machine.h (and the host's side of sancov.h) at EL2: the
 * interface the program layer, the adversary and the oracle reach the
 * machine through, implemented on the EL2 platform (platform.c) instead
 * of the simulated machine. Same layout (QEMU virt's is the simulation's),
 * same records and journal, same hooks; the differences are the ones a
 * real machine makes:
 *
 *   - machine_boot() runs once per QEMU boot: a fresh boot is the reset;
 *   - one CPU runs the hyp (machine_cpu() is 0; the other CPU's writes
 *     are the harness's, between the hyp's steps);
 *   - RAM that may have been written is known granule by granule from
 *     the host's, the other CPU's and the hyp's writes (every page the hyp
 *     maps counts as written, as in the simulation); what QEMU's ITS
 *     writes lies in tables and ITTs the hyp maps.
 *
 * It also fans the platform's events out to the hooks the layers above
 * register (platform_add_hooks), as core/machine/platform.c does.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include <el2/host.h>

#include "../fault/fault.h"
#include "../machine/machine.h"
#include "../machine/sancov.h"
#include "../trace/trace.h"
#include "el2_internal.h"

_Static_assert(sizeof(struct el2_page_rec) == sizeof(struct page_rec) &&
	       offsetof(struct el2_page_rec, host_pte) == offsetof(struct page_rec, host_pte) &&
	       offsetof(struct el2_page_rec, hyp_pte) == offsetof(struct page_rec, hyp_pte) &&
	       offsetof(struct el2_page_rec, refcount) == offsetof(struct page_rec, refcount) &&
	       offsetof(struct el2_page_rec, host_state) == offsetof(struct page_rec, host_state) &&
	       offsetof(struct el2_page_rec, hyp_state) == offsetof(struct page_rec, hyp_state),
	       "the EL2 record is the simulation's struct page_rec");
_Static_assert(sizeof(struct el2_journal_entry) == sizeof(struct journal_entry) &&
	       offsetof(struct el2_journal_entry, old) == offsetof(struct journal_entry, old),
	       "the EL2 journal is the simulation's");
_Static_assert(SIM_RAM_BASE == EL2_RAM_BASE && SIM_HYP_CARVEOUT == EL2_CARVEOUT &&
	       SIM_ITS_BASE == EL2_ITS_BASE && SIM_ITS_SIZE == EL2_ITS_SIZE &&
	       SIM_DEV_BASE == EL2_DEV_BASE && SIM_DEV_SIZE == EL2_DEV_SIZE &&
	       SIM_PA_LIMIT == EL2_PA_LIMIT && SIM_NR_CPUS == EL2_NR_CPUS,
	       "QEMU virt's layout is the simulation's");

static struct machine_config cfg;
static bool booted;

/* Hooks ---------------------------------------------------------------------- */

/* At EL2 a platform call is announced, never an interleaving point. */
void platform_hook_call(const char *what, uint64_t arg)
{
	hooks_call(what, arg);
}

int el2_hook_should_fail_pgtable(void)
{
	return fault_should_fail(FAULT_PGTABLE);
}

void el2_trace_own(const char *fmt, uint64_t a, uint64_t b, uint64_t c)
{
	trace_ev("[own]", fmt, a, b, c, 0);
}

void el2_trace_warn(int line)
{
	TRACE1("[hyp]", "WARN_ON at line %llu", (uint64_t)line);
}

/* Boot ------------------------------------------------------------------------ */

/*
 * Once per QEMU run: the platform's set-up is the boot, and a second
 * program would need a second boot (the replay tool starts one per file).
 */
int machine_boot(const struct machine_config *new_cfg)
{
	struct el2_config ec;

	if (booted)
		el2_fatal("one program per boot: machine_boot called twice");
	if (new_cfg->page_shift != 12 && new_cfg->page_shift != 14 &&
	    new_cfg->page_shift != 16)
		return -EINVAL;
	el2_default_config(&ec);
	ec.page_shift = new_cfg->page_shift;
	ec.ram_size = new_cfg->ram_size;
	ec.nr_devices = new_cfg->nr_devices;
	el2_platform_init(&ec);
	cfg = *new_cfg;
	its_hw_reset(&cfg.its);
	el2_step_begin();
	booted = true;
	return 0;
}

const struct machine_config *machine_config(void)
{
	return &cfg;
}

/* Records, journal ---------------------------------------------------------------- */

bool machine_pfn_valid(uint64_t pfn)
{
	return pfn < (SIM_PA_LIMIT >> machine_page_shift());
}

struct page_rec machine_page(uint64_t pfn)
{
	struct el2_page_rec r = { 0 };
	struct page_rec out;

	el2_page(pfn, &r);
	memcpy(&out, &r, sizeof(out));
	return out;
}

uint64_t *machine_oracle_word(uint64_t pfn)
{
	return el2_oracle_word(pfn);
}

bool machine_granule_written(uint64_t pa)
{
	return el2_granule_written(pa);
}

/*
 * The image runs identity-mapped here (docs/EL2.md): its addresses are the
 * same numbers as physical addresses of RAM, which host memory holds all
 * the time, so none of them can be told for a leak. Empty.
 */
void machine_hyp_image(uint64_t *start, uint64_t *end)
{
	*start = 0;
	*end = 0;
}

const void *machine_ram_view(uint64_t pa, uint64_t len)
{
	if (!len || machine_kind(pa) != MEM_RAM || pa + len < pa ||
	    machine_kind(pa + len - 1) != MEM_RAM)
		return NULL;
	return el2_host_ptr(pa);
}

void machine_step_begin(void)
{
	el2_step_begin();
}

const struct journal_entry *machine_step_journal(unsigned int *nr, bool *overflow)
{
	return (const struct journal_entry *)el2_step_journal(nr, overflow);
}

unsigned int machine_touched(void)
{
	return el2_touched();
}

uint64_t machine_touched_pfn(unsigned int i)
{
	return el2_touched_pfn(i);
}

/* The host CPU, the other CPU, the harness ----------------------------------- */

int machine_host_read(uint64_t pa, unsigned int width, uint64_t *val)
{
	return el2_host_read(pa, width, val);
}

int machine_host_write(uint64_t pa, unsigned int width, uint64_t val)
{
	return el2_host_write(pa, width, val);
}

/* One hyp CPU at EL2. */
unsigned int machine_cur_cpu;

unsigned int machine_locks_held(void)
{
	return el2_locks_held();
}

/* One program per boot: nothing is ever left to clear. */
void machine_locks_clear(void)
{
}

/* The other CPU never enters at EL2 (docs/EL2.md): nothing asks. */
const char *machine_cpu_at(unsigned int cpu, unsigned int *locks)
{
	(void)cpu;
	*locks = 0;
	return "";
}

uint64_t machine_host_va(uint64_t pa)
{
	return el2_host_va(pa);
}

bool machine_host_writable(uint64_t pa)
{
	return el2_host_writable(pa);
}

/* The host's stage 2 is not watched here: a new count at every call. */
uint64_t machine_host_state_epoch(void)
{
	static uint64_t epoch;

	return ++epoch;
}

int machine_cpu2_write(uint64_t pa, const void *buf, unsigned int len)
{
	return el2_cpu2_write(pa, buf, len);
}

int machine_ram_read(uint64_t pa, void *buf, unsigned int len)
{
	return el2_ram_read(pa, buf, len);
}
