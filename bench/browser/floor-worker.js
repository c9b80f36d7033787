// Loads bench/browser/floor (an empty Go GOOS=js program) as
// web/src/kernel/worker.ts loads kernel.wasm: the fetch started first,
// Go's loader imported, instantiateStreaming, go.run. main posts
// {type: "main", at} (epoch ms); this posts {type: "instantiated", at}.
const kernel = fetch("/bench/floor.wasm");
await import(`${self.location.origin}/wasm_exec.js`);
const go = new Go();
const { instance } = await WebAssembly.instantiateStreaming(kernel, go.importObject);
self.postMessage({ type: "instantiated", at: performance.timeOrigin + performance.now() });
go.run(instance);
