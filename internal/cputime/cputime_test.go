package cputime

import (
	"runtime"
	"testing"
	"time"
)

// TestAdvances checks that both clocks move while the thread computes,
// where the system reads them.
func TestAdvances(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	p0, t0 := Process(), Thread()
	if p0 == 0 && t0 == 0 {
		t.Skip("no CPU time on this system")
	}
	x := uint64(1)
	for start := time.Now(); time.Since(start) < 50*time.Millisecond; {
		for i := 0; i < 1000; i++ {
			x = x*6364136223846793005 + 1442695040888963407
		}
	}
	if Process() <= p0 {
		t.Errorf("process CPU time did not advance (%v)", p0)
	}
	if t0 != 0 && Thread() <= t0 {
		t.Errorf("thread CPU time did not advance (%v)", t0)
	}
	if x == 0 {
		t.Log(x) // keeps the loop
	}
}

// TestThreadResolution checks that the thread's clock counts finely:
// read often over 10 ms of computing, it must change many times. A clock
// sampled at the scheduler's tick changes two or three times.
func TestThreadResolution(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start := Thread()
	if start == 0 {
		t.Skip("no thread CPU time on this system")
	}
	changes, last := 0, start
	for wall := time.Now(); Thread()-start < 10*time.Millisecond && time.Since(wall) < 5*time.Second; {
		if v := Thread(); v != last {
			changes, last = changes+1, v
		}
	}
	if changes < 20 {
		t.Errorf("the thread clock changed %d times over 10 ms of CPU time", changes)
	}
}
