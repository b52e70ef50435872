#include <jq.h>
#include <jv.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Running a compiled jq program in a forked child, with limits.
 *
 * libjq has no way to interrupt a program or bound its memory, so kfc runs every jq program in
 * a child process (fork, no exec: the child runs only libjq and libc, never Swift code) under
 * RLIMIT_AS (its address space when forked plus `memory_bytes`) and RLIMIT_CPU, and the parent
 * kills it at a wall-clock deadline. The child writes its results to a pipe as records:
 * one kind byte, an 8-byte little-endian length, then the bytes. Kinds: 'O' an output (compact
 * JSON), 'E' an error message, 'L' the output limit was reached, 'D' done. */

#ifdef __linux__
int pipe2(int pipefd[2], int flags);
#endif

enum {
    KFC_JQ_OK = 0,
    KFC_JQ_TIMEOUT = 1,
    KFC_JQ_CRASHED = 2,
    KFC_JQ_SYSTEM = 3,
};

static inline int kfc_jq_write_all(int fd, const void *p, size_t n) {
    const char *c = (const char *)p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

static inline void kfc_jq_record(int fd, char kind, const char *s, size_t n) {
    unsigned char header[9];
    header[0] = (unsigned char)kind;
    for (int i = 0; i < 8; i++) header[1 + i] = (unsigned char)(((uint64_t)n >> (8 * i)) & 0xff);
    if (kfc_jq_write_all(fd, header, 9) != 0 || (n > 0 && kfc_jq_write_all(fd, s, n) != 0)) _exit(3);
}

static void kfc_jq_child_error_cb(void *data, jv msg) {
    (void)data;
    jv_free(msg);
}

/* Writes the text of `v` (consumed) as an 'E' record. */
static inline void kfc_jq_error_record(int fd, jv v) {
    if (jv_get_kind(v) == JV_KIND_STRING) {
        kfc_jq_record(fd, 'E', jv_string_value(v), (size_t)jv_string_length_bytes(jv_copy(v)));
        jv_free(v);
        return;
    }
    if (jv_get_kind(v) == JV_KIND_NULL || jv_get_kind(v) == JV_KIND_INVALID) {
        jv_free(v);
        kfc_jq_record(fd, 'E', "jq error", 8);
        return;
    }
    jv d = jv_dump_string(v, 0);
    kfc_jq_record(fd, 'E', jv_string_value(d), (size_t)jv_string_length_bytes(jv_copy(d)));
    jv_free(d);
}

/* The size of this process's address space in bytes, or 0 when unknown. */
static inline unsigned long long kfc_jq_address_space(void) {
    int fd = open("/proc/self/statm", O_RDONLY);
    if (fd < 0) return 0;
    char buf[64];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return 0;
    buf[n] = 0;
    unsigned long long pages = strtoull(buf, NULL, 10);
    return pages * (unsigned long long)sysconf(_SC_PAGESIZE);
}

static inline void kfc_jq_child(jq_state *jq, const char *input, int fd, unsigned long long memory_bytes,
                                int cpu_seconds, size_t max_outputs, size_t max_output_bytes) {
    /* Move the result pipe out of the way first: with stdin closed in kfc it may be fd 0. */
    int high = fcntl(fd, F_DUPFD, 10);
    if (high < 0) _exit(3);
    /* libjq writes to stdout/stderr in places (out of memory, debug): none of it reaches kfc's. */
    int null_fd = open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
        dup2(null_fd, 0);
        dup2(null_fd, 1);
        dup2(null_fd, 2);
    }
    /* Keep only stdio and the result pipe (as fd 3): a pipe another thread of kfc opened for its
     * own child must not stay open here, or that reader would wait for this child's exit. */
    if (dup2(high, 3) < 0) _exit(3);
    fd = 3;
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 4u, ~0u, 0u) != 0)
#endif
        for (int i = 4; i < 4096; i++) close(i);
    struct rlimit r;
    r.rlim_cur = r.rlim_max = 0;
    setrlimit(RLIMIT_CORE, &r);
    unsigned long long space = kfc_jq_address_space();
    if (space > 0 && memory_bytes > 0) {
        r.rlim_cur = r.rlim_max = (rlim_t)(space + memory_bytes);
        setrlimit(RLIMIT_AS, &r);
    }
    r.rlim_cur = (rlim_t)cpu_seconds;
    r.rlim_max = (rlim_t)cpu_seconds + 1;
    setrlimit(RLIMIT_CPU, &r);
    jq_set_error_cb(jq, kfc_jq_child_error_cb, NULL);

    jv in = jv_parse(input);
    if (!jv_is_valid(in)) {
        kfc_jq_error_record(fd, jv_invalid_get_msg(in));
        kfc_jq_record(fd, 'D', NULL, 0);
        _exit(0);
    }
    jq_start(jq, in, 0);
    size_t count = 0, bytes = 0;
    for (;;) {
        jv v = jq_next(jq);
        if (!jv_is_valid(v)) {
            if (jv_invalid_has_msg(jv_copy(v)))
                kfc_jq_error_record(fd, jv_invalid_get_msg(v));
            else
                jv_free(v);
            break;
        }
        jv d = jv_dump_string(v, 0);
        size_t n = (size_t)jv_string_length_bytes(jv_copy(d));
        count += 1;
        bytes += n;
        if (count > max_outputs || bytes > max_output_bytes) {
            jv_free(d);
            kfc_jq_record(fd, 'L', NULL, 0);
            _exit(0);
        }
        kfc_jq_record(fd, 'O', jv_string_value(d), n);
        jv_free(d);
    }
    kfc_jq_record(fd, 'D', NULL, 0);
    _exit(0);
}

static inline long long kfc_jq_now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Runs `jq` (compiled) on `input` (JSON text) in a child process. On KFC_JQ_OK, `*out` (free it
 * with free()) holds the child's records and `*out_length` their size. Otherwise: the deadline
 * passed or the CPU limit was hit (KFC_JQ_TIMEOUT), the child died of a signal or exited
 * abnormally, which is how it runs out of memory (KFC_JQ_CRASHED), or fork/pipe failed
 * (KFC_JQ_SYSTEM). */
static inline int kfc_jq_run_isolated(jq_state *jq, const char *input, int timeout_ms,
                                      unsigned long long memory_bytes, size_t max_outputs,
                                      size_t max_output_bytes, char **out, size_t *out_length) {
    *out = NULL;
    *out_length = 0;
    int fds[2];
    /* Close-on-exec, so that a process another thread spawns does not hold the write end open. */
#ifdef __linux__
    if (pipe2(fds, O_CLOEXEC) != 0) return KFC_JQ_SYSTEM;
#else
    if (pipe(fds) != 0) return KFC_JQ_SYSTEM;
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
#endif
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return KFC_JQ_SYSTEM;
    }
    if (pid == 0) {
        close(fds[0]);
        signal(SIGPIPE, SIG_DFL);
        kfc_jq_child(jq, input, fds[1], memory_bytes, timeout_ms / 1000 + 1, max_outputs, max_output_bytes);
        _exit(0);
    }
    close(fds[1]);
    size_t cap = 4096, len = 0;
    /* The records can exceed the output budget only by their headers and one 'E' message. */
    size_t limit = max_output_bytes + max_outputs * 9 + (1u << 20);
    char *buf = (char *)malloc(cap);
    int status = KFC_JQ_OK;
    long long deadline = kfc_jq_now_ms() + timeout_ms;
    for (;;) {
        long long left = deadline - kfc_jq_now_ms();
        if (left <= 0 || buf == NULL) {
            status = buf == NULL ? KFC_JQ_SYSTEM : KFC_JQ_TIMEOUT;
            break;
        }
        struct pollfd p = {fds[0], POLLIN, 0};
        int ready = poll(&p, 1, (int)left);
        if (ready < 0) {
            if (errno == EINTR) continue;
            status = KFC_JQ_SYSTEM;
            break;
        }
        if (ready == 0) {
            status = KFC_JQ_TIMEOUT;
            break;
        }
        if (len == cap) {
            if (cap >= limit) {
                status = KFC_JQ_CRASHED;
                break;
            }
            cap *= 2;
            char *grown = (char *)realloc(buf, cap);
            if (grown == NULL) {
                status = KFC_JQ_SYSTEM;
                break;
            }
            buf = grown;
        }
        ssize_t n = read(fds[0], buf + len, cap - len);
        if (n < 0) {
            if (errno == EINTR) continue;
            status = KFC_JQ_SYSTEM;
            break;
        }
        if (n == 0) break;
        len += (size_t)n;
    }
    close(fds[0]);
    if (status != KFC_JQ_OK) kill(pid, SIGKILL);
    int wstatus = 0;
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
    }
    if (status == KFC_JQ_OK && WIFSIGNALED(wstatus))
        status = WTERMSIG(wstatus) == SIGXCPU ? KFC_JQ_TIMEOUT : KFC_JQ_CRASHED;
    else if (status == KFC_JQ_OK && (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0))
        status = KFC_JQ_CRASHED;
    if (status != KFC_JQ_OK) {
        free(buf);
        return status;
    }
    *out = buf;
    *out_length = len;
    return KFC_JQ_OK;
}
