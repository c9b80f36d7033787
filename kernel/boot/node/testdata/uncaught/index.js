const x = 1;
function f() {
  throw new Error("boom");
}
f();
