// compat: stdin stdin.txt
// process.stdin with setEncoding and async iteration.
async function main() {
  process.stdin.setEncoding("utf8");
  let text = "";
  for await (const chunk of process.stdin) {
    if (typeof chunk !== "string") console.log("chunk is not a string");
    text += chunk;
  }
  const lines = text.split("\n").filter(Boolean);
  lines.forEach((l, i) => console.log(i + 1, l.length, l));
}
main().then(() => console.log("done"));
