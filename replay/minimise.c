// SPDX-License-Identifier: GPL-2.0-only
#include <stdint.h>
#include <string.h>

#include "minimise.h"

static struct program cand;

static void remove_ops(struct program *dst, const struct program *src,
		       unsigned int at, unsigned int n)
{
	*dst = *src;
	memmove(&dst->ops[at], &src->ops[at + n],
		(src->nr_ops - at - n) * sizeof(src->ops[0]));
	dst->nr_ops = src->nr_ops - n;
}

static unsigned int drop_ops(struct program *p, minimise_pred_t pred, void *ctx)
{
	unsigned int calls = 0, chunk, at;

	for (chunk = p->nr_ops / 2 ? p->nr_ops / 2 : 1; chunk; chunk /= 2) {
		/* From the back: late ops are the least likely to matter. */
		for (at = p->nr_ops >= chunk ? p->nr_ops - chunk + 1 : 0; at-- > 0;) {
			if (at + chunk > p->nr_ops)
				continue;
			remove_ops(&cand, p, at, chunk);
			calls++;
			if (pred(&cand, ctx))
				*p = cand;
		}
	}
	return calls;
}

/*
 * Re-fold the candidate's operands into the ranges of its (possibly new)
 * configuration, as decoding does: mmio(1,0) means nothing with one device.
 */
static void canonicalise(struct program *c)
{
	static uint8_t buf[PROG_HEADER_SIZE + PROG_MAX_OPS * 32];
	const struct prog_target *all = prog_target_all();
	long len = prog_encode(c, all, buf, sizeof(buf));

	if (len >= 0)
		prog_decode(buf, (size_t)len, all, c);
}

/* Try one change to a copy; keep it if the finding stays. */
static unsigned int try_change(struct program *p, minimise_pred_t pred, void *ctx)
{
	canonicalise(&cand);
	if (!memcmp(&cand, p, sizeof(cand)))
		return 0;
	if (pred(&cand, ctx))
		*p = cand;
	return 1;
}

static unsigned int simplify(struct program *p, minimise_pred_t pred, void *ctx)
{
	struct prog_header def;
	unsigned int calls = 0;
	unsigned int n, i;

	/* The whole default configuration, else the base fields one by one. */
	prog_default_header(&def);
	cand = *p;
	cand.hdr = def;
	calls += try_change(p, pred, ctx);
	cand = *p;
	cand.hdr.page_shift = def.page_shift;
	calls += try_change(p, pred, ctx);
	cand = *p;
	cand.hdr.ram_mib = def.ram_mib;
	calls += try_change(p, pred, ctx);
	cand = *p;
	cand.hdr.nr_devices = def.nr_devices;
	calls += try_change(p, pred, ctx);
	for (n = 0; n < p->nr_ops; n++) {
		const char *types = prog_op_args(p->ops[n].op);

		for (i = 0; types[i]; i++) {
			struct prog_arg *a;

			/* Drop a byte offset, then a value's high bits, then the value. */
			cand = *p;
			a = &cand.ops[n].args[i];
			if (types[i] == 'A' && a->kind != ADDR_RAW && a->val >> 32) {
				a->val &= 0xffffffffULL;
				calls += try_change(p, pred, ctx);
			} else if (types[i] == 'I' && a->val) {
				a->val = a->val >> 32 ? a->val & 0xffffffffULL : 0;
				calls += try_change(p, pred, ctx);
			}
		}
	}
	return calls;
}

unsigned int minimise(struct program *p, minimise_pred_t still_fails, void *ctx)
{
	unsigned int calls = 0, before;

	do {
		before = p->nr_ops;
		calls += drop_ops(p, still_fails, ctx);
	} while (p->nr_ops < before);
	calls += simplify(p, still_fails, ctx);
	return calls;
}
