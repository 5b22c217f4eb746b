/* The tracee of tests/tests/stack_traces.rs (`-k`), built there with `cc -g -O0`: calls through
 * named functions (a local one too), a syscall made in the vdso (no unwind information there
 * for libunwind: the frame pointer is followed), a signal handler, code in anonymous memory, a
 * child that ends in _exit. Built with -DLINGER, it lives a while before it ends. */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void on_usr1(int sig)
{
	(void) sig;
	write(1, "handler\n", 8);
}

__attribute__((noinline)) static void say(const char *what)
{
	write(1, what, strlen(what));
}

__attribute__((noinline)) void level2(void)
{
	say("deep\n");
}

__attribute__((noinline)) void level1(void)
{
	level2();
}

/* getpid from anonymous memory: strace's `unexpected_backtracing_error`. */
__attribute__((noinline)) void jit(void)
{
	static const unsigned char code[] = { 0xb8, SYS_getpid, 0, 0, 0, 0x0f, 0x05, 0xc3 };
	void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return;
	memcpy(page, code, sizeof(code));
	((void (*)(void)) page)();
}

__attribute__((noinline)) void child(void)
{
	say("child\n");
	_exit(3);
}

int main(void)
{
	say("main\n");
	level1();
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	signal(SIGUSR1, on_usr1);
	raise(SIGUSR1);
	jit();
	/* Blocked: its delivery would race with wait4's return. */
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	pid_t pid = fork();
	if (pid == 0)
		child();
	waitpid(pid, NULL, 0);
#ifdef LINGER
	/* Built so for the eBPF backend's -k, which reads the mappings from /proc: they are there
	 * while the process lives. */
	struct timespec linger = { 0, 300000000 };
	nanosleep(&linger, NULL);
#endif
	return 0;
}
