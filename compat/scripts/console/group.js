// console.group indents what follows, on stdout and stderr alike.
console.log("top");
console.group("Group A");
console.log("inside A");
console.group();
console.log("nested\nmultiline");
console.error("error inside");
console.groupEnd();
console.groupCollapsed("collapsed");
console.log({ a: 1, b: [1, 2] });
console.groupEnd();
console.groupEnd();
console.groupEnd();
console.log("back to top");
