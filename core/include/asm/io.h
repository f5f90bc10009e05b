/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <asm/io.h>: device accessors. The hyp maps device pages and reaches them
 * only through these, which the platform routes to the simulated device.
 */
#ifndef __EL2FUZZ_ASM_IO_H
#define __EL2FUZZ_ASM_IO_H

#include <linux/types.h>
#include <asm/barrier.h>

u8 __raw_readb(const volatile void __iomem *addr);
u16 __raw_readw(const volatile void __iomem *addr);
u32 __raw_readl(const volatile void __iomem *addr);
u64 __raw_readq(const volatile void __iomem *addr);
void __raw_writeb(u8 val, volatile void __iomem *addr);
void __raw_writew(u16 val, volatile void __iomem *addr);
void __raw_writel(u32 val, volatile void __iomem *addr);
void __raw_writeq(u64 val, volatile void __iomem *addr);

#define readb_relaxed(c)	__raw_readb(c)
#define readw_relaxed(c)	__raw_readw(c)
#define readl_relaxed(c)	__raw_readl(c)
#define readq_relaxed(c)	__raw_readq(c)
#define writeb_relaxed(v, c)	__raw_writeb((v), (c))
#define writew_relaxed(v, c)	__raw_writew((v), (c))
#define writel_relaxed(v, c)	__raw_writel((v), (c))
#define writeq_relaxed(v, c)	__raw_writeq((v), (c))

#define readl(c)	({ u32 __v = readl_relaxed(c); __hyp_barrier("rmb"); __v; })
#define readq(c)	({ u64 __v = readq_relaxed(c); __hyp_barrier("rmb"); __v; })
#define writel(v, c)	do { __hyp_barrier("wmb"); writel_relaxed((v), (c)); } while (0)
#define writeq(v, c)	do { __hyp_barrier("wmb"); writeq_relaxed((v), (c)); } while (0)

#endif
