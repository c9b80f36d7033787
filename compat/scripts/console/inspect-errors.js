// How errors print: the first line of util.inspect (the stack frames that
// follow it differ between engines and are not compared), names, causes,
// and errors inside objects.
const util = require("util");
const first = (v) => util.inspect(v).split("\n")[0];
console.log(first(new Error("plain")));
console.log(first(new TypeError("typed")));
console.log(first(new RangeError("")));
class CustomError extends Error {
  constructor(msg) {
    super(msg);
    this.name = "CustomError";
  }
}
console.log(first(new CustomError("custom")));
const e = new Error("with code");
e.code = "E_CODE";
console.log(first(e));
console.log(String(new Error("to string")));
console.log(new Error("message only").message);
const noStack = new Error("no stack");
noStack.stack = undefined;
console.log(util.inspect(noStack));
const noStack2 = new Error("stack is a string");
noStack2.stack = "Error: stack is a string";
console.log(util.inspect(noStack2));
console.log(util.inspect({ err: noStack2 }));
console.log(util.inspect([noStack2]));
console.log(Object.prototype.toString.call(new Error()));
const agg = new AggregateError([new Error("a")], "many");
console.log(agg.name, agg.message, agg.errors.length);
const withCause = new Error("outer", { cause: "inner reason" });
console.log(withCause.cause);
