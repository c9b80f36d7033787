// console.count and countReset, default label included.
console.count();
console.count();
console.count("apples");
console.count("apples");
console.count("pears");
console.countReset("apples");
console.count("apples");
console.countReset();
console.count();
console.countReset("never counted");
