//go:build js

package kernel

// Under GOOS=js Go reads performance.now(), which Node and cross-origin
// isolated pages give to about a microsecond; the browser binding supplies a
// Clock with the page's exact resolution.
const goClockResolution = 1000
