// node-fetch 2's optional `encoding` package (textConverted() only): not in
// the layer. node-fetch requires it inside a try and reports its absence.
throw Object.assign(new Error("the encoding package is not available in the wasmrun VM"), { code: "ERR_WASMRUN_NOT_AVAILABLE" });
