// assert: the `assert` package (Node's assert for other engines), whose
// AssertionError messages use the layer's util.inspect (build.mjs points the
// package's require("util/") at the built-in util).
export default function () {
  return require("assert/build/assert.js");
}
