/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * el2: the EL2 platform. The mediator's hyp API (core/include) implemented
 * for a bare-metal image that QEMU's virt board boots at EL2, with the MMU
 * on, against QEMU's GICv3 ITS. This header is what code *above* the
 * mediator in the image (smoke tests now, the program interpreter, the
 * adversary and the oracle later) uses: the layout, the configuration,
 * the host's view of memory, reports and the exit protocol.
 *
 * Physical layout (QEMU virt, -m at least EL2_QEMU_RAM_MIB):
 *
 *   0x0800_0000  GIC distributor          } device window, Device-nGnRE,
 *   0x0808_0000  ITS control + translater } identity-mapped at boot
 *   0x080a_0000  GIC redistributors       }
 *   0x0900_0000  UART, RTC, fw_cfg, GPIO  } (the simulation's mmio(d,p))
 *   0x4000_0000  RAM: this image at 0x4008_0000 (QEMU loads no DTB
 *                below it: the tree does not fit); the first
 *                EL2_CARVEOUT bytes are the hyp's own, as in the
 *                simulation (SIM_HYP_CARVEOUT)
 *   0x4010_0000  the host's RAM (the "arena"), up to RAM base + ram_size:
 *                what addr_is_memory() says is memory, with a vmemmap
 *                record per page; the ITS's queue and tables live here
 *   0x4800_0000  EL2_PRIV_SIZE of hyp-private RAM that the mediator never
 *                sees as memory (past the largest RAM a program has):
 *                vmemmap, page tables, the harness heap (el2_alloc())
 *   0x4900_0000  the image's far bss: the portable layers' large static
 *                state (the oracle's shadows, the reach), which does not
 *                fit the carve-out
 *
 * Virtual layout (EL2 stage-1, 4 KiB granule, 39-bit VA):
 *   VA == PA for the image itself (it is linked there), the private
 *   region, the far bss and the device window.
 *   EL2_HYP_VA_BASE + PA: the hyp's VAs (hyp_physvirt_offset), what
 *   __hyp_va() and kern_hyp_va() give the mediator, as the kernel's hyp
 *   has its own VA range: a hyp address left in host memory is told from
 *   a physical one (O15). The same tables as the identity map: arena pages
 *   are mapped only while kvm_pgtable_hyp_map() says so (the hyp owns or
 *   borrows them), so a hyp load from a page it gave back faults as it
 *   would on hardware (cfg.strict_stage1).
 *   EL2_HOST_ALIAS + PA: the whole of RAM, normal memory, for the harness
 *   playing the host (el2_host_ptr()); never used by the mediator.
 */
#ifndef EL2FUZZ_EL2_H
#define EL2FUZZ_EL2_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EL2_RAM_BASE		0x40000000ULL
#define EL2_CARVEOUT		(1ULL << 20)
#define EL2_ARENA_BASE		(EL2_RAM_BASE + EL2_CARVEOUT)
#define EL2_PRIV_BASE		(EL2_RAM_BASE + EL2_RAM_MAX)
#define EL2_PRIV_SIZE		(16ULL << 20)
#define EL2_FAR_BASE		(EL2_PRIV_BASE + EL2_PRIV_SIZE)
#define EL2_FAR_SIZE		(16ULL << 20)
#define EL2_QEMU_RAM_MIB	256	/* -m for every program: covers all of the above */
#define EL2_RAM_MIN		(16ULL << 20)
#define EL2_RAM_MAX		(128ULL << 20)
#define EL2_ITS_BASE		0x08080000ULL
#define EL2_ITS_SIZE		0x20000ULL
#define EL2_GICD_BASE		0x08000000ULL
#define EL2_GICR_BASE		0x080a0000ULL
#define EL2_DEV_BASE		0x09000000ULL
#define EL2_DEV_SIZE		0x10000ULL
#define EL2_MAX_DEVICES		4
#define EL2_DEVWIN_BASE		0x08000000ULL
#define EL2_DEVWIN_END		0x0a200000ULL
#define EL2_PA_LIMIT		(1ULL << 32)
#define EL2_HOST_ALIAS		0x4000000000ULL
#define EL2_HYP_VA_BASE		0x2000000000ULL
#define EL2_HOST_PAGE_OFFSET	0xffff000000000000ULL
#define EL2_NR_CPUS		2	/* QEMU -smp 2, as the simulation; the second stays off */

/*
 * Exit codes (semihosting SYS_EXIT, hence QEMU's exit status). The runner
 * (scripts/el2-run.sh) maps them to verdicts; 124 is timeout(1)'s: a hang.
 */
enum el2_exit {
	EL2_EXIT_CLEAN		= 0,	/* ran to the end, nothing found */
	EL2_EXIT_FINDING	= 1,	/* a VIOLATION line was printed */
	EL2_EXIT_ERROR		= 2,	/* harness error: bad input or set-up */
	EL2_EXIT_EXCEPTION	= 3,	/* the vector table caught an exception */
	EL2_EXIT_NESTED		= 4,	/* an exception inside the handler */
	EL2_EXIT_NOT_REPRODUCIBLE = 5,	/* the program needs what QEMU at EL2 is not */
};

struct el2_config {
	unsigned int page_shift;	/* host PAGE_SHIFT: 12, 14 or 16 */
	uint64_t ram_size;		/* RAM the mediator sees, 16..128 MiB, 16 MiB steps */
	unsigned int nr_devices;	/* 64 KiB device frames at EL2_DEV_BASE, 0..4 */
	bool strict_stage1;		/* arena mapped into the hyp only as records say */
};

/* The defaults of the simulation's empty program: 4K pages, 16 MiB, 1 device. */
void el2_default_config(struct el2_config *cfg);

/*
 * Set the platform up for one program: PAGE_SHIFT, the vmemmap and the
 * page records at their boot state (the carve-out and the ITS frame the
 * hyp's, everything else the host's), the hyp stage-1 for the arena, the
 * protected region (the ITS frame, region 0). Once per boot. A bad
 * configuration, or QEMU with too little RAM, is a harness error.
 */
void el2_platform_init(const struct el2_config *cfg);
const struct el2_config *el2_platform_config(void);

/* Each image defines this; its return value is the exit code. */
int el2_main(void);

/* Output: semihosting console, line-buffered; deterministic. */
void el2_putc(char c);
void el2_puts(const char *s);		/* no newline added */
int el2_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int el2_vprintf(const char *fmt, va_list ap);
int el2_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap);
int el2_snprintf(char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void el2_flush(void);

/* Flush, print "el2fuzz-el2: exit <code>", leave QEMU with @code. */
void el2_exit(int code) __attribute__((noreturn));

/*
 * Attribution: the op (or step) that following output and reports belong
 * to; printed as "el2fuzz: where <op>". The trace's report_where() is the
 * one record of it (a program's interpreter sets it per op), so the
 * vector table's report names the op an exception happened in.
 */
void el2_set_where(const char *where);
const char *el2_where(void);

/*
 * A finding of the platform's own: core/trace's report_violation() (the
 * simulation's "el2fuzz: VIOLATION <inv>:<where>:<what> [<class>]
 * <detail>"), then exit with EL2_EXIT_FINDING.
 */
void el2_report(const char *inv, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));
/* A harness error (bad input, failed set-up): one line, EL2_EXIT_ERROR. */
void el2_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/*
 * The program needs what QEMU's virt board at EL2 is not (a second hyp
 * CPU, an RMM, a device memory transaction failed on purpose, another
 * ITS): "el2fuzz-el2: not reproducible at EL2: <why>", then exit with
 * EL2_EXIT_NOT_REPRODUCIBLE. A verdict, not a finding and not an error.
 */
void el2_not_reproducible(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

/* The host's view of memory (the alias): a pointer to PA @pa of RAM. */
static inline void *el2_host_ptr(uint64_t pa)
{
	return (void *)(uintptr_t)(EL2_HOST_ALIAS + pa);
}

/* A host kernel VA (the linear map, as <asm/kvm_mmu.h> undoes it). */
static inline uint64_t el2_host_va(uint64_t pa)
{
	return EL2_HOST_PAGE_OFFSET + pa;
}

/* Whether the hyp stage-1 maps @pa now (the real table, not the record). */
bool el2_stage1_mapped(uint64_t pa);

/* Locks the hyp holds now (O4). */
unsigned int el2_locks_held(void);

/* Hyp-private memory from the private region, zeroed, never freed. */
void *el2_alloc(size_t size, size_t align);

/* Semihosting (ARM DUI 0471). */
#define SEMIHOST_SYS_OPEN	0x01
#define SEMIHOST_SYS_CLOSE	0x02
#define SEMIHOST_SYS_WRITE0	0x04
#define SEMIHOST_SYS_WRITE	0x05
#define SEMIHOST_SYS_READ	0x06
#define SEMIHOST_SYS_FLEN	0x0c
#define SEMIHOST_SYS_GET_CMDLINE 0x15
#define SEMIHOST_SYS_HEAPINFO	0x16
#define SEMIHOST_SYS_EXIT	0x18
#define SEMIHOST_ADP_EXIT	0x20026

long el2_semihost(unsigned long op, const void *arg);

/* Read a whole host file (semihosting) into @buf: its length, or -1. */
long el2_read_file(const char *path, void *buf, size_t cap);
/* Write @len bytes to a new host file (semihosting "wb"): 0 or -1. */
int el2_write_file(const char *path, const void *buf, size_t len);

/*
 * QEMU's semihosting command line (-semihosting-config ...,arg=A,arg=B):
 * "A B", the image's own name first. 0, or -1.
 */
int el2_cmdline(char *buf, size_t cap);


#endif
