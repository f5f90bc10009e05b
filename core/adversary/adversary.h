/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * adversary: the malicious host. One handler per op (op_<verb>_<object>),
 * each given its operands already resolved (addresses as physical
 * addresses). A handler makes hypercalls, host memory accesses and the
 * hyp-side actions a hypercall would trigger, brackets every entry into the
 * hyp for the oracle, and tells the oracle what a successful call moved.
 * A forbidden host access is a host abort in the trace, never a crash.
 */
#ifndef EL2FUZZ_ADVERSARY_H
#define EL2FUZZ_ADVERSARY_H

#include <stdbool.h>
#include <stdint.h>

enum adv_list {
	ADV_DONATED,
	ADV_SHARED,
};

void adversary_reset(void);
/* The k-th entry of a list the run built, as a physical address. */
bool adversary_list_pa(enum adv_list list, unsigned int k, uint64_t *pa);

typedef void (*op_handler_t)(const uint64_t *v);

void op_hvc_share(const uint64_t *v);
void op_hvc_unshare(const uint64_t *v);
void op_hvc_donate_mmio(const uint64_t *v);
void op_hvc_reclaim_mmio(const uint64_t *v);
void op_hvc_raw(const uint64_t *v);
void op_donate(const uint64_t *v);
void op_donate_pfn(const uint64_t *v);
void op_give_back(const uint64_t *v);
void op_pin(const uint64_t *v);
void op_unpin(const uint64_t *v);
void op_host_read(const uint64_t *v);
void op_host_write(const uint64_t *v);
void op_pressure(const uint64_t *v);
void op_fail(const uint64_t *v);

/* The realm and the malicious guest (guest.c). */
void op_realm_create(const uint64_t *v);
void op_realm_mem(const uint64_t *v);
void op_rtt_create(const uint64_t *v);
void op_ripas_request(const uint64_t *v);
void op_vm_create(const uint64_t *v);
void op_vcpu_set(const uint64_t *v);
void op_guest_abort(const uint64_t *v);

/* The ITS host and the other CPU (its_host.c, schedule.c). */
void its_host_reset(void);
/* The last ITS hypercall's result (tests). */
long its_host_last_ret(void);
/* The host's record: setup accepted, and the queue copy it described. */
bool its_host_emulated(void);
int its_host_queue(uint64_t *copy_pa, uint64_t *len, uint64_t *tail);
/* The host staged a command without writing CWRITER: its next goes after it. */
void its_host_set_tail(uint64_t tail);
/* A host write to the ITS frame went through: note what the host wrote. */
void its_host_note_write(uint64_t off, unsigned int width, uint64_t val);
void op_its_bringup(const uint64_t *v);
void op_its_l2(const uint64_t *v);
void op_its_l1(const uint64_t *v);
void op_its_table(const uint64_t *v);
void op_its_queue(const uint64_t *v);
void op_cpu2_reread(const uint64_t *v);
void op_its_state(const uint64_t *v);
void op_its_ptr(const uint64_t *v);
void op_its_arg(const uint64_t *v);
void op_its_reg(const uint64_t *v);
void op_its_setup(const uint64_t *v);
void op_its_teardown(const uint64_t *v);
void op_cpu2_write(const uint64_t *v);
void op_cpu2_on_regain(const uint64_t *v);
void op_cpu2_on_load(const uint64_t *v);
void op_cpu2_hostile(const uint64_t *v);
/*
 * A host access to the ITS frame, through the trap path (or, for a frame
 * that traps only once set up, straight to the hardware before setup);
 * returns what a read gave the host.
 */
uint64_t its_mmio(uint64_t off, unsigned int width, bool write, uint64_t val);
/* A trapped host access to the ITS frame: offset, width (, value). */
void op_its_mmio_read(const uint64_t *v);
void op_its_mmio_write(const uint64_t *v);
/* The host on the hyp's second CPU (hyp_cpu2.c). */
void hyp_cpu2_reset(void);
void op_cpu2_at(const uint64_t *v);
void op_cpu2_mmio_read(const uint64_t *v);
void op_cpu2_mmio_write(const uint64_t *v);
void op_cpu2_hvc(const uint64_t *v);
void op_sbuf(const uint64_t *v);
/* After setup: a command into the host's queue copy, then CWRITER as Linux. */
void op_its_cmd(const uint64_t *v);
void op_its_mapd(const uint64_t *v);
/* The DW3 every later command carries (RES0 junk); its_trap_reset clears it. */
void op_its_dw3(const uint64_t *v);
void op_its_cmd_raw(const uint64_t *v);
void its_trap_reset(void);

#endif
