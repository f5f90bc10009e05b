/* SPDX-License-Identifier: GPL-2.0-only */
/* util/file: reading a whole input file, with one clear error line. */
#ifndef EL2FUZZ_FILE_H
#define EL2FUZZ_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FILE_MAX_SIZE	(16u << 20)

struct file_buf {
	uint8_t *data;	/* NUL-terminated, so a text program can be parsed */
	size_t size;
};

/* 0, or -1 with "PATH: reason" in @err (missing, a directory, too big). */
int file_read(const char *path, struct file_buf *f, char *err, size_t errcap);
void file_free(struct file_buf *f);
/* Text programs are named *.txt; everything else is the binary form. */
bool file_is_text_program(const char *path);

#endif
