// wasmrun: what qjs runs when this binary was built without the Node layer
// (kernel/boot/boot.go): one line, and exit code 1.
import * as std from "qjs:std";

std.err.puts("wasmrun: the Node layer was not built: run make build\n");
std.exit(1);
