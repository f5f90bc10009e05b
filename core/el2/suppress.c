// SPDX-License-Identifier: GPL-2.0-only
/*
 * core/util/suppress.h at EL2: no suppressions. A suppressions file is a
 * campaign's tool (core/util/suppress.c reads $EL2FUZZ_SUPPRESSIONS); an
 * EL2 replay is about one program's verdict, so every violation ends the
 * run and is reported.
 */
#include "../util/suppress.h"

void suppress_load_env(void)
{
}

void suppress_arm(jmp_buf *env)
{
	(void)env;
}

void suppress_disarm(void)
{
}

void suppress_violation(const char *signature)
{
	(void)signature;
}
