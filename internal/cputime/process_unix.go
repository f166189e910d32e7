//go:build unix && !linux

package cputime

import (
	"syscall"
	"time"
)

// Process returns the CPU time the process has used; 0 where the system
// does not say.
func Process() time.Duration { return rusage(syscall.RUSAGE_SELF) }

func rusage(who int) time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(who, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
