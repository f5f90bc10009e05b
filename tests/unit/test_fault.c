// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fault injector fails the n-th call of a class only with an error the
 * real primitive can return: a plan asking for another gets the
 * primitive's usual one, a plan asking for a possible one gets it, and the
 * device classes and RTT creation take whatever they are given.
 */
#include <errno.h>

#include "../test.h"
#include "../../core/fault/fault.h"

/* Arm the first call of @c to fail with @err; return what the call sees. */
static int first_call(enum fault_class c, int err)
{
	fault_reset();
	CHECK_EQ(fault_plan(c, 1, err), 0);
	return c >= FAULT_DMA ? fault_device_should_fail(c) : fault_should_fail(c);
}

int main(void)
{
	/* A table page can only be missing: -EFAULT or -EPERM become -ENOMEM. */
	CHECK_EQ(first_call(FAULT_PGTABLE, EFAULT), -ENOMEM);
	CHECK_EQ(first_call(FAULT_PGTABLE, EPERM), -ENOMEM);
	CHECK_EQ(first_call(FAULT_MEMCACHE, EIO), -ENOMEM);
	/* Share and donate: a table page or the page's state. */
	CHECK_EQ(first_call(FAULT_SHARE, EPERM), -EPERM);
	CHECK_EQ(first_call(FAULT_SHARE, ENOMEM), -ENOMEM);
	CHECK_EQ(first_call(FAULT_DONATE, EBUSY), -ENOMEM);
	/* Unshare: the page's state or a pin; a pin: only the state. */
	CHECK_EQ(first_call(FAULT_UNSHARE, EPERM), -EPERM);
	CHECK_EQ(first_call(FAULT_UNSHARE, ENOMEM), -EBUSY);
	CHECK_EQ(first_call(FAULT_PIN, ENOMEM), -EPERM);
	/* The errno of RTT creation and of the device's own doings is not judged. */
	CHECK_EQ(first_call(FAULT_RTT_CREATE, EIO), -EIO);
	CHECK_EQ(first_call(FAULT_DMA, EFAULT), -EFAULT);
	/* fail-nth maps the same way. */
	fault_reset();
	fault_fail_global_nth(1, EFAULT);
	CHECK_EQ(fault_should_fail(FAULT_PGTABLE), -ENOMEM);
	CHECK(fault_fired());
	return test_done("test_fault");
}
