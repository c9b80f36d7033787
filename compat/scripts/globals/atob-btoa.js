// atob and btoa: Latin-1 strings to and from base64, whitespace in input,
// and the errors for invalid input and characters above U+00FF.
console.log(btoa("hello world"), btoa(""), btoa("\u00ff\u00fe"), btoa("ab"));
console.log(atob("aGVsbG8gd29ybGQ="), JSON.stringify(atob("")), atob(" aGk = "));
console.log("round trip of every byte:", atob(btoa(Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join(""))).length);
console.log("no padding:", atob("YWI"));
for (const bad of [() => btoa("中"), () => atob("a"), () => atob("!!!!")]) {
  try {
    bad();
    console.log("no error?!");
  } catch (err) {
    console.log("error:", err.name);
  }
}
