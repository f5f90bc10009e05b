/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <linux/irqchip/arm-gic-v3.h>: the GICv3 ITS register frame, its fields
 * and the command encodings, under the kernel's names. Written from the
 * documented layout (docs/ITS_FACTS.md §1, §2), not copied.
 */
#ifndef __EL2FUZZ_LINUX_IRQCHIP_ARM_GIC_V3_H
#define __EL2FUZZ_LINUX_IRQCHIP_ARM_GIC_V3_H

#include <linux/bits.h>

/* Control frame offsets. */
#define GITS_CTLR			0x0000
#define GITS_IIDR			0x0004
#define GITS_TYPER			0x0008
#define GITS_CBASER			0x0080
#define GITS_CWRITER			0x0088
#define GITS_CREADR			0x0090
#define GITS_BASER			0x0100
#define GITS_IDREGS_BASE		0xffd0
#define GITS_PIDR2			0xffe8
#define GITS_TRANSLATER			0x10040

#define GITS_BASER_NR_REGS		8
#define GIC_PIDR2_ARCH_MASK		GENMASK(7, 4)
#define GIC_PIDR2_ARCH_GICv3		0x30

/* GITS_CTLR */
#define GITS_CTLR_ENABLE		BIT(0)
#define GITS_CTLR_ImDe			BIT(1)
#define GITS_CTLR_QUIESCENT		BIT(31)

/* GITS_TYPER */
#define GITS_TYPER_PLPIS		BIT_ULL(0)
#define GITS_TYPER_VLPIS		BIT_ULL(1)
#define GITS_TYPER_ITT_ENTRY_SIZE	GENMASK_ULL(7, 4)
#define GITS_TYPER_IDBITS		GENMASK_ULL(12, 8)
#define GITS_TYPER_DEVBITS		GENMASK_ULL(17, 13)
#define GITS_TYPER_PTA			BIT_ULL(19)
#define GITS_TYPER_HCC			GENMASK_ULL(31, 24)
#define GITS_TYPER_CIDBITS		GENMASK_ULL(35, 32)
#define GITS_TYPER_CIL			BIT_ULL(36)

/* Cacheability and shareability, shared by GITS_CBASER and GITS_BASER<n>. */
#define GIC_BASER_SHAREABILITY		GENMASK_ULL(11, 10)
#define GIC_BASER_NonShareable		0ULL
#define GIC_BASER_InnerShareable	1ULL
#define GIC_BASER_OuterShareable	2ULL
#define GIC_BASER_OUTER_CACHEABILITY	GENMASK_ULL(55, 53)
#define GIC_BASER_INNER_CACHEABILITY	GENMASK_ULL(61, 59)
#define GIC_BASER_RaWaWb		7ULL

/* GITS_CBASER: Size counts 4 KiB pages minus one, whatever the page size. */
#define GITS_CBASER_SIZE		GENMASK_ULL(7, 0)
#define GITS_CBASER_ADDRESS		GENMASK_ULL(51, 12)
#define GITS_CBASER_VALID		BIT_ULL(63)
#define GITS_CBASER_PAGE_SIZE		SZ_4K

/* GITS_CWRITER / GITS_CREADR */
#define GITS_CWRITER_RETRY		BIT_ULL(0)
#define GITS_CREADR_STALLED		BIT_ULL(0)
#define GITS_CMDQ_OFFSET		GENMASK_ULL(19, 5)
#define GITS_CMDQ_MAX_SIZE		SZ_1M

/* GITS_BASER<n> */
#define GITS_BASER_SIZE			GENMASK_ULL(7, 0)
#define GITS_BASER_PAGE_SIZE		GENMASK_ULL(9, 8)
#define GITS_BASER_PAGE_SIZE_4K		0ULL
#define GITS_BASER_PAGE_SIZE_16K	1ULL
#define GITS_BASER_PAGE_SIZE_64K	2ULL
#define GITS_BASER_ADDRESS_4K		GENMASK_ULL(47, 12)
/* With 64 KiB pages PA[51:48] lives in bits [15:12]. */
#define GITS_BASER_ADDRESS_64K		GENMASK_ULL(47, 16)
#define GITS_BASER_ADDRESS_64K_HI	GENMASK_ULL(15, 12)
#define GITS_BASER_ENTRY_SIZE		GENMASK_ULL(52, 48)
#define GITS_BASER_TYPE			GENMASK_ULL(58, 56)
#define GITS_BASER_TYPE_NONE		0
#define GITS_BASER_TYPE_DEVICE		1
#define GITS_BASER_TYPE_VCPU		2
#define GITS_BASER_TYPE_RESERVED3	3
#define GITS_BASER_TYPE_COLLECTION	4
#define GITS_BASER_INDIRECT		BIT_ULL(62)
#define GITS_BASER_VALID		BIT_ULL(63)
#define GITS_BASER_PAGES_MAX		256

/* Two-level tables: 8-byte L1 entries, Valid in bit 63, then an L2 PA. */
#define GITS_LVL1_ENTRY_SIZE		8
#define GITS_LVL1_ENTRY_VALID		BIT_ULL(63)
#define GITS_LVL1_ENTRY_ADDR		GENMASK_ULL(51, 0)

#define SZ_4K				0x1000ULL
#define SZ_16K				0x4000ULL
#define SZ_64K				0x10000ULL
#define SZ_1M				0x100000ULL

/* Commands: 32 bytes, four little-endian doublewords, opcode in DW0[7:0]. */
#define ITS_CMD_SIZE			32
#define GITS_CMD_MOVI			0x01
#define GITS_CMD_INT			0x03
#define GITS_CMD_CLEAR			0x04
#define GITS_CMD_SYNC			0x05
#define GITS_CMD_MAPD			0x08
#define GITS_CMD_MAPC			0x09
#define GITS_CMD_MAPTI			0x0a
#define GITS_CMD_MAPI			0x0b
#define GITS_CMD_INV			0x0c
#define GITS_CMD_INVALL			0x0d
#define GITS_CMD_MOVALL			0x0e
#define GITS_CMD_DISCARD		0x0f
/* GICv4 commands set bit 5 of the opcode. */
#define GITS_CMD_GICv4			0x20

#endif
