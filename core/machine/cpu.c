// SPDX-License-Identifier: GPL-2.0-only
/*
 * The second hyp CPU as a fiber (fiber.h); see cpu.h. Under ASan every
 * switch tells the runtime which stack it is going to, or it would take
 * the fiber's frames for an overflow of the main stack.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <stddef.h>
#include <string.h>

#include "cpu.h"
#include "fiber.h"
#include "machine.h"
#include "sbuf.h"
#include "shared.h"
#include "../trace/trace.h"
#include "../util/suppress.h"

#define CPU1_STACK_SIZE		(512 * 1024)
#define CPU_ARGS		4

enum other_state {
	OTHER_IDLE,
	OTHER_ARMED,		/* waiting for its point */
	OTHER_RUNNING,
	OTHER_BLOCKED,		/* yielded at a lock CPU 0 holds */
};

void __sanitizer_start_switch_fiber(void **fake_stack_save, const void *bottom, size_t size)
	__attribute__((weak));
void __sanitizer_finish_switch_fiber(void *fake_stack_save, const void **bottom_old,
				     size_t *size_old) __attribute__((weak));

void *__asan_get_current_fake_stack(void) __attribute__((weak));
void *__asan_addr_is_in_fake_stack(void *fake_stack, void *addr, void **beg, void **end)
	__attribute__((weak));

/* Read at every traced access (machine_cpu()): a variable, not a call. */
unsigned int machine_cur_cpu;

static struct {
	struct fiber ctx[SIM_NR_CPUS];
	enum other_state state;
	hyp_spinlock_t *wants;	/* OTHER_BLOCKED: the lock */
	void (*fn)(const uint64_t *arg);
	uint64_t arg[CPU_ARGS];
	uint64_t calls;		/* OTHER_ARMED: platform calls to go */
	uint64_t accesses;	/* then accesses to go */
	const char *where[SIM_NR_CPUS];
	bool counting;
	bool interleaved;
	jmp_buf *jump;		/* cpu_longjmp from CPU 1: CPU 0 jumps there */
	void *fake_stack[SIM_NR_CPUS];
	const void *stack0;	/* CPU 0's stack, as ASan and pthreads see it */
	size_t stack0_size;
} cpu;

static char stack1[CPU1_STACK_SIZE] __attribute__((aligned(64)));

static bool episode(void)
{
	return cpu.counting || cpu.state == OTHER_RUNNING || cpu.state == OTHER_BLOCKED;
}

/*
 * After every change of state: whether shared accesses are watched. Once
 * CPU 1 is out of the hyp, nobody is left to see CPU 0's buffered stores.
 */
static void update(void)
{
	shared_on = episode();
	if (!shared_on && !machine_cur_cpu)
		sbuf_drain();
}

static void main_stack_bounds(void)
{
	pthread_attr_t attr;
	size_t size;
	void *lo;

	if (cpu.stack0 || pthread_getattr_np(pthread_self(), &attr))
		return;
	if (!pthread_attr_getstack(&attr, &lo, &size)) {
		cpu.stack0 = lo;
		cpu.stack0_size = size;
	}
	pthread_attr_destroy(&attr);
}

/*
 * A CPU's locals: its stack, or under ASan's detect_stack_use_after_return
 * the fake stack ASan moved them to (heap memory that would otherwise pass
 * for shared hyp state, and go out of scope under the store buffer).
 */
bool cpu_on_stack(uintptr_t addr)
{
	uintptr_t lo0 = (uintptr_t)cpu.stack0, lo1 = (uintptr_t)stack1;
	void *fake;

	if (addr - lo0 < cpu.stack0_size || addr - lo1 < CPU1_STACK_SIZE)
		return true;
	if (!__asan_get_current_fake_stack)
		return false;
	fake = __asan_get_current_fake_stack();
	return fake && __asan_addr_is_in_fake_stack(fake, (void *)addr, NULL, NULL);
}

/*
 * Go from the current CPU to @to; @dying: the current CPU's entry is over
 * and its stack will not be switched back to. Returns when another switch
 * comes back here.
 */
static void switch_to(unsigned int to, bool dying)
{
	unsigned int from = machine_cur_cpu;
	const void *bottom = to ? (const void *)stack1 : cpu.stack0;
	size_t size = to ? CPU1_STACK_SIZE : cpu.stack0_size;

	if (!from)
		sbuf_hide();
	cpu.where[from] = report_where();
	machine_cur_cpu = to;
	trace_set_cpu(to);
	report_set_where(cpu.where[to]);
	if (__sanitizer_start_switch_fiber)
		__sanitizer_start_switch_fiber(dying ? NULL : &cpu.fake_stack[from], bottom, size);
	fiber_switch(&cpu.ctx[from], &cpu.ctx[to]);
	/* Back on @from: whoever switched here set cur. */
	if (__sanitizer_finish_switch_fiber)
		__sanitizer_finish_switch_fiber(cpu.fake_stack[from], NULL, NULL);
	if (!from) {
		sbuf_show();
		update();
		if (cpu.jump) {
			jmp_buf *env = cpu.jump;

			cpu.jump = NULL;
			longjmp(*env, 1);
		}
	}
}

static void other_main(void) __attribute__((noreturn));

static void other_main(void)
{
	if (__sanitizer_finish_switch_fiber)
		__sanitizer_finish_switch_fiber(NULL, &cpu.stack0, &cpu.stack0_size);
	cpu.fn(cpu.arg);
	cpu.state = OTHER_IDLE;
	switch_to(0, true);
	/* Never switched back to: the next entry starts a fresh fiber. */
	__builtin_unreachable();
}

static void start_other(void)
{
	fiber_init(&cpu.ctx[1], stack1, sizeof(stack1), other_main);
	cpu.state = OTHER_RUNNING;
	cpu.counting = false;
	cpu.interleaved = true;
	TRACE0("[cpu]", "the other CPU enters the hyp");
	switch_to(1, false);
}

static bool other_can_go_on(void)
{
	return cpu.state == OTHER_BLOCKED && !cpu.wants->__val;
}

static void resume_other(void)
{
	cpu.state = OTHER_RUNNING;
	cpu.wants = NULL;
	switch_to(1, false);
}

void cpu_longjmp(jmp_buf *env)
{
	if (machine_cur_cpu) {
		cpu.state = OTHER_IDLE;
		cpu.jump = env;
		switch_to(0, true);
	}
	/* CPU 1 is abandoned where it waited: its entry never ends. */
	if (cpu.state == OTHER_BLOCKED)
		cpu.state = OTHER_IDLE;
	update();
	longjmp(*env, 1);
}

void cpu_reset(void)
{
	main_stack_bounds();
	suppress_set_unwind(cpu_longjmp);
	/* A run that ended on CPU 1's stack without cpu_longjmp: make memory whole. */
	sbuf_show();
	machine_cur_cpu = 0;
	cpu.state = OTHER_IDLE;
	cpu.wants = NULL;
	cpu.counting = false;
	cpu.interleaved = false;
	cpu.jump = NULL;
	trace_set_cpu(0);
	sbuf_reset();
	shared_reset();
	update();
}

bool cpu_arm_other(void (*fn)(const uint64_t *arg), const uint64_t *arg, uint64_t call,
		   uint64_t access, const char *where)
{
	if (cpu.state == OTHER_RUNNING || cpu.state == OTHER_BLOCKED)
		return false;
	cpu.fn = fn;
	memcpy(cpu.arg, arg, sizeof(cpu.arg));
	cpu.calls = call ? call : 1;
	cpu.accesses = access;
	cpu.where[1] = where;
	cpu.state = OTHER_ARMED;
	cpu.counting = false;
	update();
	return true;
}

void cpu_entry_begin(void)
{
	cpu.interleaved = false;
	if (cpu.state == OTHER_ARMED)
		cpu.counting = true;
	update();
}

void cpu_point(bool call)
{
	if (machine_cur_cpu)
		return;
	if (cpu.counting) {
		if (cpu.calls && call)
			cpu.calls--;
		else if (!cpu.calls && cpu.accesses)
			cpu.accesses--;
		if (!cpu.calls && !cpu.accesses)
			start_other();
	} else if (other_can_go_on()) {
		resume_other();
	}
}

void cpu_finish_other(void)
{
	if (machine_cur_cpu)
		return;
	if (cpu.state != OTHER_IDLE)
		sbuf_drain();
	if (cpu.counting)
		start_other();
	while (other_can_go_on())
		resume_other();
}

bool cpu_episode(void)
{
	return episode();
}

bool cpu_interleaved(void)
{
	return cpu.interleaved;
}

bool cpu_wait_lock(hyp_spinlock_t *lock)
{
	if (machine_cur_cpu) {
		/* CPU 1 spins: CPU 0 goes on until the lock is free. */
		cpu.state = OTHER_BLOCKED;
		cpu.wants = lock;
		TRACE0("[cpu]", "the other CPU waits for a lock");
		switch_to(0, false);
		return true;
	}
	/* CPU 0 spins on CPU 1's lock: only CPU 1 can free it. */
	if (!other_can_go_on())
		return false;
	resume_other();
	return true;
}
