// compat: stdin stdin.txt
// process.stdin is a readable stream: 'data' chunks as Buffers until 'end'.
let chunks = [];
process.stdin.on("data", (chunk) => {
  if (!Buffer.isBuffer(chunk)) console.log("chunk is not a Buffer:", typeof chunk);
  chunks.push(chunk);
});
process.stdin.on("end", () => {
  const text = Buffer.concat(chunks).toString("utf8");
  console.log("bytes:", Buffer.byteLength(text));
  console.log("lines:", JSON.stringify(text.split("\n")));
  console.log(text.toUpperCase());
});
console.log("stdin.isTTY:", Boolean(process.stdin.isTTY));
console.log("stdin.fd:", process.stdin.fd);
