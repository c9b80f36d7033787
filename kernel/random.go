//go:build !js

package kernel

import "crypto/rand"

// defaultRandom is the host's CSPRNG.
var defaultRandom = rand.Reader
