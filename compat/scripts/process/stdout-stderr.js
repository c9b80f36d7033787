// process.stdout and process.stderr: write of strings, Buffers and
// Uint8Arrays, no newline added, the callback, and isTTY when piped.
const out = process.stdout;
const ret = out.write("one ");
out.write("two ");
out.write(Buffer.from("three "));
out.write(new Uint8Array([102, 111, 117, 114, 10])); // "four\n"
out.write("é ü 中文 😀\n", "utf8");
out.write("68656c6c6f0a", "hex");
process.stderr.write("to stderr\n");
console.log("write returned a boolean:", typeof ret === "boolean");
console.log("stdout.isTTY:", Boolean(process.stdout.isTTY));
console.log("stderr.isTTY:", Boolean(process.stderr.isTTY));
console.log("stdout.fd:", process.stdout.fd, "stderr.fd:", process.stderr.fd);
console.log("stdout is writable:", process.stdout.writable);
out.write("with callback\n", () => {
  console.log("write callback called");
});
