// SPDX-License-Identifier: GPL-2.0-only
/* Shared accesses and their accessor kinds; see shared.h. */
#include "cpu.h"
#include "mem_internal.h"
#include "sbuf.h"
#include "shared.h"

bool shared_on;

static struct {
	const volatile void *once;	/* the next marked access's address */
	uintptr_t last_marked_load;
	bool release;
} per_cpu[SIM_NR_CPUS];

void shared_reset(void)
{
	unsigned int c;

	for (c = 0; c < SIM_NR_CPUS; c++) {
		per_cpu[c].once = NULL;
		per_cpu[c].last_marked_load = 0;
		per_cpu[c].release = false;
	}
}

/* READ_ONCE and WRITE_ONCE in the mediator name their address first. */
const volatile void *__hyp_once(const volatile void *p);

const volatile void *__hyp_once(const volatile void *p)
{
	per_cpu[machine_cpu()].once = p;
	return p;
}

/*
 * Source-based coverage (-fprofile-instr-generate, OSS-Fuzz's coverage
 * build) counts with plain loads and stores the load tracing sees: the
 * counters are the compiler's, not hyp state two CPUs share.
 */
extern char __start___llvm_prf_cnts[] __attribute__((weak));
extern char __stop___llvm_prf_cnts[] __attribute__((weak));

static bool profile_counter(uintptr_t addr)
{
	uintptr_t lo = (uintptr_t)__start___llvm_prf_cnts;

	return lo && addr - lo < (uintptr_t)__stop___llvm_prf_cnts - lo;
}

void shared_access(uintptr_t addr, uint64_t len, bool store)
{
	unsigned int cpu = machine_cpu();
	unsigned int flags = store ? SHARED_STORE : 0;

	if (cpu_on_stack(addr) || profile_counter(addr))
		return;
	cpu_point(false);
	if ((uintptr_t)per_cpu[cpu].once == addr) {
		flags |= SHARED_MARKED;
		per_cpu[cpu].once = NULL;
	}
	if (store && per_cpu[cpu].release) {
		flags |= SHARED_MARKED | SHARED_RELEASE;
		per_cpu[cpu].release = false;
	}
	if (!store && (flags & SHARED_MARKED))
		per_cpu[cpu].last_marked_load = addr;
	if (store && !cpu)
		sbuf_store(addr, len, flags & SHARED_RELEASE);
	platform_hook_shared(addr, (unsigned int)len, flags);
}

void shared_vmemmap(uint64_t key, bool store)
{
	cpu_point(false);
	platform_hook_shared((uintptr_t)key, 1, store ? SHARED_STORE : 0);
}

void shared_device(uint64_t pa, unsigned int width, bool write)
{
	if (shared_on)
		platform_hook_shared((uintptr_t)(pa | SHARED_DEVICE_ADDR), width,
				     SHARED_DEVICE | SHARED_MARKED | (write ? SHARED_STORE : 0));
}

void shared_release_next(void)
{
	sbuf_drain();
	if (shared_on)
		per_cpu[machine_cpu()].release = true;
}

void shared_acquire(void)
{
	unsigned int cpu = machine_cpu();

	if (shared_on && per_cpu[cpu].last_marked_load)
		platform_hook_sync(SYNC_ACQUIRE, per_cpu[cpu].last_marked_load);
}
