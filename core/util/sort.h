/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * util/sort: an in-place heapsort for the harness's small arrays. Neither
 * platform has a qsort to lean on: the EL2 image's libc has none, and a
 * simulated run allocates nothing (glibc's qsort may).
 */
#ifndef EL2FUZZ_SORT_H
#define EL2FUZZ_SORT_H

#include <stdbool.h>
#include <stddef.h>

/* Whether the element at @a goes before the one at @b. */
typedef bool (*sort_less_t)(const void *a, const void *b);

static inline void sort_swap(char *a, char *b, size_t size)
{
	char t;

	while (size--) {
		t = *a;
		*a++ = *b;
		*b++ = t;
	}
}

static inline void sort_sift_down(char *base, size_t size, size_t root, size_t n,
				  sort_less_t less)
{
	size_t child;

	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n && less(base + child * size, base + (child + 1) * size))
			child++;
		if (!less(base + root * size, base + child * size))
			return;
		sort_swap(base + root * size, base + child * size, size);
		root = child;
	}
}

/* Sorts @n elements of @size bytes at @base, in place, by @less. */
static inline void sort_heap(void *base, size_t n, size_t size, sort_less_t less)
{
	char *b = base;
	size_t i = n / 2;

	while (i--)
		sort_sift_down(b, size, i, n, less);
	for (i = n; i-- > 1;) {
		sort_swap(b, b + i * size, size);
		sort_sift_down(b, size, 0, i, less);
	}
}

#endif
