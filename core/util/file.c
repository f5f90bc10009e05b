// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "file.h"

int file_read(const char *path, struct file_buf *f, char *err, size_t errcap)
{
	struct stat st;
	FILE *fp;

	f->data = NULL;
	f->size = 0;
	if (stat(path, &st)) {
		snprintf(err, errcap, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errcap, "%s: is a directory, expected a file", path);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > (off_t)FILE_MAX_SIZE) {
		snprintf(err, errcap, "%s: not a regular file of at most %u bytes",
			 path, FILE_MAX_SIZE);
		return -1;
	}
	fp = fopen(path, "rb");
	if (!fp) {
		snprintf(err, errcap, "%s: %s", path, strerror(errno));
		return -1;
	}
	f->data = malloc((size_t)st.st_size + 1);
	if (!f->data) {
		fclose(fp);
		snprintf(err, errcap, "%s: out of memory", path);
		return -1;
	}
	f->size = fread(f->data, 1, (size_t)st.st_size, fp);
	f->data[f->size] = 0;
	if (ferror(fp)) {
		fclose(fp);
		file_free(f);
		snprintf(err, errcap, "%s: read error", path);
		return -1;
	}
	fclose(fp);
	return 0;
}

void file_free(struct file_buf *f)
{
	free(f->data);
	f->data = NULL;
	f->size = 0;
}

bool file_is_text_program(const char *path)
{
	size_t n = strlen(path);

	return n > 4 && !strcmp(path + n - 4, ".txt");
}
