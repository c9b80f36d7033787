//go:build wasip1

package main

import (
	"bufio"
	"os"
)

// go_stdin_lines reads stdin line by line through Go's os package, which
// makes stdin non-blocking and waits in poll_oneoff: lines the host writes
// later must arrive, and the end of input must end the loop.
func scenarioGoStdinLines(c *ctx) {
	sc := bufio.NewScanner(os.Stdin)
	n := 0
	for sc.Scan() {
		n++
		say("line %d = %q", n, sc.Text())
	}
	if err := sc.Err(); err != nil {
		fail("reading stdin: %v", err)
	}
	say("end of input after %d lines", n)
}
