//go:build !linux && !js

package instrument

import "time"

func threadCPU() (time.Duration, bool) { return 0, false }
