//go:build js

package kernel

import (
	"errors"
	"io"
)

// Under GOOS=js the binding supplies the page's CSPRNG (Config.Random);
// without one, random_get fails rather than pretend.
var defaultRandom io.Reader = noRandom{}

type noRandom struct{}

func (noRandom) Read([]byte) (int, error) {
	return 0, errors.New("no CSPRNG: the browser binding passes crypto.getRandomValues as kernel.Config.Random")
}
