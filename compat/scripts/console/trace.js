// console.trace prints "Trace: message" and the stack on stderr (the stack
// frames are left out of the comparison).
function inner() {
  console.trace("here %s", "formatted");
}
inner();
console.trace();
console.log("after traces");
