/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <el2fuzz/contract.h>: what el2fuzz needs from an ITS mediator, and
 * nothing more. A mediator is one or more freestanding C files built
 * against core/include (the kernel's hyp API under its own names); it
 * does not include this header, it implements what it names.
 *
 * Required symbols (the build stops, naming this header, if one is
 * missing):
 *
 *   int pkvm_its_emulate_setup(phys_addr_t dev_addr, void *host_state,
 *                              void *priv, u64 priv_num_pages);
 *	The setup hypercall (<nvhe/its_emulate.h>). @dev_addr is the ITS
 *	frame's physical address; @host_state a host kernel VA of one page
 *	holding struct its_host_state (<asm/kvm_pkvm.h>, the v2 layout);
 *	@priv a host kernel VA of @priv_num_pages pages (of PAGE_SIZE, the
 *	host's page size) for the hyp's private state. Returns 0 or a
 *	negative errno; which errno is the mediator's (the harness judges
 *	only success against failure). Everything the host passes is hostile.
 *
 *   void pkvm_its_emulate_handler(struct pkvm_protected_reg *region,
 *                                 u64 offset, bool write, u64 *reg,
 *                                 u8 reg_size);
 *	A trapped host access of @reg_size bytes at @offset in the frame of
 *	@region: a write of *@reg, or a read into *@reg. Returns nothing;
 *	what the host sees is *@reg.
 *
 * Optional:
 *
 *   int pkvm_its_emulate_teardown(phys_addr_t dev_addr);
 *	Undo a complete setup (profile key "teardown = yes").
 *
 * Provided by the platform, for the mediator to use:
 *
 *   struct pkvm_protected_reg pkvm_protected_regs[], pkvm_nr_protected_regs
 *	The MMIO regions the hyp took from the host at boot (<asm/kvm_pkvm.h>):
 *	.pfn and .nr_pages (in PAGE_SIZE pages; the ITS's two 64 KiB frames,
 *	control then translation), .priv, the mediator's own pointer to its private
 *	state, NULL until it sets it. Region 0 is the ITS frame. The harness
 *	never reads .priv: what a mediator keeps there is its own business.
 *   the hyp API of core/include (ownership transitions, MMIO accessors,
 *	barriers, cache maintenance, locks, address conversion, WARN_ON).
 *
 * Declared in the mediator's profile (key = value, one per line, '#'
 * comments; see docs/BYO_MEDIATOR.md), never guessed by the harness:
 *
 *   name = NAME                   shown in campaign tables and traces
 *   teardown = yes|no             whether pkvm_its_emulate_teardown exists
 *   its_trap = boot|setup         the ITS frame traps from boot (every host
 *                                 access reaches the handler), or only once
 *                                 setup succeeded (before that the host
 *                                 reaches the hardware directly)
 *   handler_offsets = frame|any   the handler is called only for offsets
 *                                 inside the frame, or for any offset
 *   handler_widths = 1248         access widths the handler is called with
 *                                 (a subset of 1, 2, 4, 8); other widths are
 *                                 dropped by the trap path (reads give 0)
 *   priv_pages = N                pages the host hands over for private
 *                                 state (at the smallest host page size)
 *   policy.<check> = yes|no       the mediator's own documented choices,
 *                                 checked as policy (class "policy"), never
 *                                 as security:
 *     policy.reject_unknown_commands  opcodes the architecture does not define never run
 *     policy.reject_gicv4_commands    no GICv4 command runs
 *     policy.reject_gicv4_maps        the GICv4 commands that map (VMAPP, VMAPTI,
 *                                     VMAPI, VMOVI, VMOVP) never run
 *     policy.reject_mapd_size         MAPD with Size above TYPER.IDbits never runs
 *     policy.reject_mapc_rdbase       MAPC with RDbase beyond the CPUs never runs
 *     policy.reject_misaligned_cwriter  a GITS_CWRITER value with any of
 *                                     bits [4:1] (RES0) set runs nothing; with
 *                                     no, the mediator may take its offset,
 *                                     bits [19:5] (as the hardware's CWRITER,
 *                                     KVM and the v2 series do) or refuse it
 *     policy.cwriter_read_written     a CWRITER read returns what the host wrote
 *     policy.teardown_disabled        a teardown that succeeds leaves the ITS
 *                                     disabled (it refuses an enabled ITS, or
 *                                     disables it); with no, it may hand the
 *                                     ITS back enabled, as setup found it
 *
 * What the harness judges, whatever the profile says: who owns every page
 * (the ownership rules), every byte the ITS can reach through its
 * registers and tables (the queue and tables the hyp's, ITTs shared and
 * pinned), what the hyp holds against what the hardware references,
 * progress of accepted commands, no hyp data left where the host can read
 * it, locks, single fetches of host memory, sanitizers and hangs
 * (docs/INVARIANTS.md).
 */
#ifndef __EL2FUZZ_CONTRACT_H
#define __EL2FUZZ_CONTRACT_H

#include <asm/kvm_pkvm.h>
#include <nvhe/its_emulate.h>

#endif
