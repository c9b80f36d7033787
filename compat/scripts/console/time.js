// console.time / timeLog / timeEnd print label: duration (the harness
// normalises the milliseconds); an unknown label is a warning on stderr.
console.time("work");
let x = 0;
for (let i = 0; i < 1000; i++) x += i;
console.timeLog("work", "halfway", x);
console.timeEnd("work");
console.time();
console.timeEnd();
console.timeEnd("never started");
console.time("twice");
console.time("twice");
console.timeEnd("twice");
