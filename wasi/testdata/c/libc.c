// libc.c: checks WASI behaviour through wasi-libc, as the public
// conformance suite's C tests do (tests/c/src/*.c), one test per run:
//
//	libc TEST [DIR]
//
// DIR is the directory holding the suite's fixture (file, lseek.txt,
// pread.txt, fopendir.dir/, writeable/), reached through a preopen the
// host gave: "fs-tests.dir" or, with the root layout, ".". Each test prints
// what it checked and "ok", or a failure on stderr with exit code 1.
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *dir = ".";
static char pathbuf[4096];

// path joins the fixture directory and name.
static const char *path(const char *name) {
	snprintf(pathbuf, sizeof pathbuf, "%s/%s", dir, name);
	return pathbuf;
}

#define CHECK(cond)                                                                  \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(stderr, "FAIL %s:%d: %s (errno %d: %s)\n", __FILE__, \
				__LINE__, #cond, errno, strerror(errno));            \
			exit(1);                                                     \
		}                                                                    \
		printf("%s\n", #cond);                                               \
	} while (0)

// fopen-with-access: a file under a preopen opens.
static void fopen_with_access(void) {
	FILE *f = fopen(path("file"), "r");
	CHECK(f != NULL);
	CHECK(fclose(f) == 0);
}

// fopen-with-no-access: with no preopen at all, wasi-libc finds no
// directory to resolve the path in and fails with ENOTCAPABLE.
static void fopen_with_no_access(void) {
	errno = 0;
	FILE *f = fopen("fs-tests.dir/file", "r");
	int err = errno; // printing may change errno
	CHECK(f == NULL);
	CHECK(err == ENOTCAPABLE);
}

// fdopendir-with-access: readdir's d_ino is the inode fstatat reports.
static void fdopendir_with_access(void) {
	int fd = open(path("fopendir.dir"), O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0);
	DIR *d = fdopendir(fd);
	CHECK(d != NULL);
	int seen0 = 0, seen1 = 0;
	ino_t ino0 = 0, ino1 = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		struct stat st;
		CHECK(fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0);
		CHECK(e->d_ino == st.st_ino);
		if (strncmp(e->d_name, "file-0", 6) == 0) {
			seen0 = 1;
			ino0 = e->d_ino;
		} else if (strncmp(e->d_name, "file-1", 6) == 0) {
			seen1 = 1;
			ino1 = e->d_ino;
		} else {
			fprintf(stderr, "FAIL: unexpected entry %s\n", e->d_name);
			exit(1);
		}
	}
	CHECK(seen0 && seen1);
	CHECK(ino0 != ino1);
	CHECK(closedir(d) == 0);
}

// lseek: after fread and fflush, lseek(CUR) is where the stream is (libc
// seeks back over what it buffered, a negative SEEK_CUR).
static void lseek_test(void) {
	FILE *f = fopen(path("lseek.txt"), "r");
	CHECK(f != NULL);
	int fd = fileno(f);
	char buf[4];
	CHECK(fread(buf, 1, 4, f) == 4);
	CHECK(fflush(f) == 0);
	CHECK(lseek(fd, 0, SEEK_CUR) == 4);
	CHECK(fread(buf, 1, 1, f) == 1);
	CHECK(fflush(f) == 0);
	CHECK(lseek(fd, 0, SEEK_CUR) == 5);
	CHECK(buf[0] == '4');
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK(lseek(fd, 0, SEEK_END) == 8);
	CHECK(lseek(fd, -9, SEEK_END) == -1 && errno == EINVAL);
	CHECK(fclose(f) == 0);
}

// pread-with-access.
static void pread_with_access(void) {
	int fd = open(path("pread.txt"), O_RDONLY);
	CHECK(fd >= 0);
	char buf[4] = {0};
	size_t got = 0;
	while (got < 3) {
		ssize_t n = pread(fd, buf + got, 3 - got, 4 + got);
		CHECK(n > 0);
		got += n;
	}
	CHECK(strcmp(buf, "d-t") == 0);
	CHECK(lseek(fd, 0, SEEK_CUR) == 0);
	CHECK(close(fd) == 0);
}

// pwrite-with-access.
static void pwrite_with_access(void) {
	char name[4096];
	snprintf(name, sizeof name, "%s", path("writeable/test_pwrite_pread.txt.cleanup"));
	CHECK(access(name, F_OK) != 0);
	int fd = open(name, O_WRONLY | O_CREAT, 0644);
	CHECK(fd >= 0);
	CHECK(pwrite(fd, "very long text", 14, 0) == 14);
	CHECK(pwrite(fd, "test", 4, 3) == 4);
	CHECK(close(fd) == 0);
	fd = open(name, O_RDONLY);
	CHECK(fd >= 0);
	char buf[32] = {0};
	CHECK(read(fd, buf, sizeof buf) == 14);
	CHECK(strcmp(buf, "vertestng text") == 0);
	CHECK(close(fd) == 0);
	CHECK(remove(name) == 0);
}

// pwrite-with-append: pwrite works on an O_APPEND descriptor and does not
// move its offset.
static void pwrite_with_append(void) {
	char name[4096];
	snprintf(name, sizeof name, "%s", path("pwrite.cleanup"));
	int fd = open(name, O_CREAT | O_TRUNC | O_WRONLY | O_APPEND, 0644);
	CHECK(fd >= 0);
	CHECK(write(fd, "ab", 2) == 2);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK(write(fd, "cd", 2) == 2);
	CHECK(lseek(fd, 0, SEEK_CUR) == 4);
	CHECK(pwrite(fd, "XYZ", 3, 0) == 3);
	CHECK(lseek(fd, 0, SEEK_CUR) == 4);
	off_t end = lseek(fd, 0, SEEK_END);
	CHECK(end == 4 || end == 7);
	CHECK(close(fd) == 0);
	CHECK(unlink(name) == 0);
}

// stat-dev-ino: two files of one directory share st_dev, not st_ino.
static void stat_dev_ino(void) {
	int a = open(path("file"), O_RDONLY);
	int b = open(path("lseek.txt"), O_RDONLY);
	CHECK(a >= 0 && b >= 0);
	struct stat sa, sb;
	CHECK(fstat(a, &sa) == 0);
	CHECK(fstat(b, &sb) == 0);
	CHECK(sa.st_dev == sb.st_dev);
	CHECK(sa.st_ino != sb.st_ino);
	struct stat sp;
	CHECK(stat(path("file"), &sp) == 0);
	CHECK(sp.st_ino == sa.st_ino && sp.st_dev == sa.st_dev);
	CHECK(S_ISREG(sa.st_mode) && sa.st_nlink == 1);
	CHECK(close(a) == 0 && close(b) == 0);
}

// isatty: a regular file is not a terminal; stdout is one only when the
// host says so (argv "tty").
static void isatty_test(int tty) {
	int fd = open(path("file"), O_RDONLY);
	CHECK(fd >= 0);
	errno = 0;
	int r = isatty(fd), err = errno;
	CHECK(r == 0);
	CHECK(err == ENOTTY);
	CHECK(close(fd) == 0);
	if (tty) {
		CHECK(isatty(1) == 1);
	} else {
		CHECK(isatty(1) == 0);
	}
}

// sock_shutdown-not_sock and -invalid_fd.
static void shutdown_test(int nopreopen) {
	errno = 0;
	int r = shutdown(STDOUT_FILENO, SHUT_RD), err = errno;
	CHECK(r == -1);
	CHECK(err == ENOTSOCK);
	if (nopreopen) {
		errno = 0;
		r = shutdown(3, SHUT_RD);
		err = errno;
		CHECK(r == -1);
		CHECK(err == EBADF);
	}
}

// clock_getres and clock_gettime on both clocks.
static void clock_test(void) {
	struct timespec ts;
	CHECK(clock_getres(CLOCK_MONOTONIC, &ts) == 0);
	CHECK(ts.tv_sec > 0 || ts.tv_nsec > 0);
	CHECK(clock_getres(CLOCK_REALTIME, &ts) == 0);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &ts) == 0);
	struct timespec t2;
	CHECK(clock_gettime(CLOCK_MONOTONIC, &t2) == 0);
	CHECK(t2.tv_sec > ts.tv_sec || (t2.tv_sec == ts.tv_sec && t2.tv_nsec >= ts.tv_nsec));
	CHECK(clock_gettime(CLOCK_REALTIME, &ts) == 0);
	CHECK(ts.tv_sec > 1600000000);
	struct timespec sleep = {0, 20 * 1000 * 1000};
	CHECK(clock_gettime(CLOCK_MONOTONIC, &ts) == 0);
	CHECK(nanosleep(&sleep, NULL) == 0);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &t2) == 0);
	long long ns = (t2.tv_sec - ts.tv_sec) * 1000000000LL + (t2.tv_nsec - ts.tv_nsec);
	CHECK(ns >= 20 * 1000 * 1000);
}

// dirs: mkdir, opendir/readdir, rename, rmdir and unlink through libc.
static void dirs_test(void) {
	char a[4096], b[4096], f[4096];
	snprintf(a, sizeof a, "%s", path("d.cleanup"));
	snprintf(b, sizeof b, "%s", path("e.cleanup"));
	CHECK(mkdir(a, 0755) == 0);
	CHECK(mkdir(a, 0755) == -1 && errno == EEXIST);
	snprintf(f, sizeof f, "%s/f", a);
	FILE *fp = fopen(f, "w");
	CHECK(fp != NULL);
	CHECK(fputs("data", fp) >= 0);
	CHECK(fclose(fp) == 0);
	CHECK(rmdir(a) == -1 && errno == ENOTEMPTY);
	CHECK(rename(a, b) == 0);
	DIR *d = opendir(b);
	CHECK(d != NULL);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		n++;
	CHECK(n == 3);
	CHECK(closedir(d) == 0);
	snprintf(f, sizeof f, "%s/f", b);
	struct stat st;
	CHECK(stat(f, &st) == 0 && st.st_size == 4);
	CHECK(unlink(f) == 0);
	CHECK(rmdir(b) == 0);
	CHECK(access(b, F_OK) == -1 && errno == ENOENT);
}

int main(int argc, char **argv) {
	if (argc < 2) {
		fprintf(stderr, "usage: libc TEST [DIR]\n");
		return 2;
	}
	const char *t = argv[1];
	if (argc > 2)
		dir = argv[2];
	if (!strcmp(t, "fopen-with-access"))
		fopen_with_access();
	else if (!strcmp(t, "fopen-with-no-access"))
		fopen_with_no_access();
	else if (!strcmp(t, "fdopendir-with-access"))
		fdopendir_with_access();
	else if (!strcmp(t, "lseek"))
		lseek_test();
	else if (!strcmp(t, "pread-with-access"))
		pread_with_access();
	else if (!strcmp(t, "pwrite-with-access"))
		pwrite_with_access();
	else if (!strcmp(t, "pwrite-with-append"))
		pwrite_with_append();
	else if (!strcmp(t, "stat-dev-ino"))
		stat_dev_ino();
	else if (!strcmp(t, "isatty"))
		isatty_test(0);
	else if (!strcmp(t, "isatty-tty"))
		isatty_test(1);
	else if (!strcmp(t, "sock_shutdown"))
		shutdown_test(0);
	else if (!strcmp(t, "sock_shutdown-no-preopen"))
		shutdown_test(1);
	else if (!strcmp(t, "clock"))
		clock_test();
	else if (!strcmp(t, "dirs"))
		dirs_test();
	else {
		fprintf(stderr, "libc: unknown test %s\n", t);
		return 2;
	}
	printf("ok\n");
	return 0;
}
