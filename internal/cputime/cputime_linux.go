package cputime

import (
	"syscall"
	"time"
	"unsafe"
)

// Linux's clock ids, which package syscall does not name.
const (
	clockProcessCPUTime = 2
	clockThreadCPUTime  = 3
)

// Thread returns the CPU time the calling OS thread has used; lock the
// goroutine to its thread (runtime.LockOSThread) around what is measured.
//
// It reads the thread's CPU clock, which counts nanoseconds. getrusage's
// RUSAGE_THREAD samples at the scheduler's tick: a 1.5 ms computation
// read as anything from 7 µs to 833 µs, and a search's time came out in
// multiples of 4 ms.
func Thread() time.Duration { return clock(clockThreadCPUTime) }

func clock(id uintptr) time.Duration {
	var ts syscall.Timespec
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, id, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}

// Process returns the CPU time the process has used.
func Process() time.Duration { return clock(clockProcessCPUTime) }
