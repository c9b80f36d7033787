//go:build !js

package kernel

// Natively Go reads clock_gettime, whose resolution is one nanosecond on
// Linux and macOS.
const goClockResolution = 1
