package native_test

import (
	"runtime"
	"strconv"
)

func runtimeGC() { runtime.GC() }

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }
