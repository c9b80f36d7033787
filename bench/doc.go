// Package bench compares wasmrun's kernel with a peer in the same run and
// prints the ratios (make bench). Nothing here asserts a time: the figures
// go into the README.
package bench
