package instrument

import (
	"syscall"
	"time"
)

// threadCPU is the CPU time the calling OS thread has used: unlike wall
// time, it does not grow while other processes have the CPU.
func threadCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_THREAD, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
