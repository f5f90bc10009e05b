/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <nvhe/memory.h>: the hyp's view of physical memory. Page state lives in
 * the vmemmap (struct hyp_page), which the hyp reaches only through these
 * accessors: the platform journals every change so that rollback (O3) can
 * be checked exactly and reset costs what the input touched.
 */
#ifndef __EL2FUZZ_NVHE_MEMORY_H
#define __EL2FUZZ_NVHE_MEMORY_H

#include <linux/types.h>
#include <asm/page.h>

/* Page states, as seen by one component (host or hyp). */
enum pkvm_page_state {
	PKVM_PAGE_OWNED			= 0ULL,
	PKVM_PAGE_SHARED_OWNED		= 1ULL,
	PKVM_PAGE_SHARED_BORROWED	= 2ULL,
	PKVM_NOPAGE			= 3ULL,
};

struct hyp_page;

extern unsigned long hyp_physvirt_offset;

#define __hyp_va(phys)	((void *)((phys_addr_t)(phys) - hyp_physvirt_offset))
#define __hyp_pa(virt)	((phys_addr_t)(virt) + hyp_physvirt_offset)

#define hyp_phys_to_pfn(phys)	((phys) >> PAGE_SHIFT)
#define hyp_pfn_to_phys(pfn)	((phys_addr_t)((pfn) << PAGE_SHIFT))
#define hyp_virt_to_phys(virt)	__hyp_pa(virt)
#define hyp_virt_to_pfn(virt)	hyp_phys_to_pfn(__hyp_pa(virt))

struct hyp_page *hyp_phys_to_page(phys_addr_t phys);
phys_addr_t hyp_page_to_phys(const struct hyp_page *page);

enum pkvm_page_state get_host_state(const struct hyp_page *p);
void set_host_state(struct hyp_page *p, enum pkvm_page_state state);
enum pkvm_page_state get_hyp_state(const struct hyp_page *p);
void set_hyp_state(struct hyp_page *p, enum pkvm_page_state state);

unsigned short hyp_page_count(const struct hyp_page *p);
void hyp_page_ref_inc(struct hyp_page *p);
void hyp_page_ref_dec(struct hyp_page *p);

/*
 * The memory regions the host described at boot (<linux/memblock.h>), as
 * the hyp keeps them: hyp_memory[0 .. hyp_memblock_nr), sorted, disjoint.
 * Everything between them is a hole, MMIO frames included. The RAM size is
 * chosen per run, so the list is the platform's and is read through a call.
 */
struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
	unsigned long flags;
};

#define MEMBLOCK_NOMAP		0x4

struct memblock_region *__hyp_memblock_regions(void);
extern unsigned int hyp_memblock_nr;
#define hyp_memory		(__hyp_memblock_regions())

/* True for RAM the host and hyp exchange; false for MMIO and holes. */
bool addr_is_memory(phys_addr_t phys);
/* True for a page of a device frame; false for RAM and holes. */
bool addr_is_mmio(phys_addr_t phys);

#endif
