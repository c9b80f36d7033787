// setInterval repeats until cleared, also from inside its own callback.
let n = 0;
const iv = setInterval((label) => {
  n++;
  console.log(label, n);
  if (n === 3) {
    clearInterval(iv);
    console.log("cleared");
    setTimeout(() => console.log("count stays", n), 50);
  }
}, 20, "tick");
const never = setInterval(() => console.log("never"), 1);
clearInterval(never);
const viaTimeout = setInterval(() => {
  console.log("cleared with clearTimeout");
  clearTimeout(viaTimeout);
}, 2);
