// How console.log shows arrays, sparse arrays, long arrays, typed arrays,
// Maps, Sets, Dates, RegExps, Promises and weak collections.
console.log([1, 2, 3]);
console.log([1, , 3, , , 6]);
console.log(new Array(5));
const withProp = [1, 2];
withProp.extra = "prop";
console.log(withProp);
console.log(Array.from({ length: 120 }, (_, i) => i));
console.log(Array.from({ length: 30 }, (_, i) => "item" + i));
console.log([[1, [2, [3, [4, [5]]]]]]);
console.log(new Map([["a", 1], [{ k: 1 }, [2]]]), new Map());
console.log(new Set([1, "two", [3]]), new Set());
console.log(new Map([["nested", new Map([["deep", new Set([1])]])]]));
console.log(new Date(Date.UTC(2020, 1, 29, 12, 30, 45, 123)));
console.log([new Date(0)], new Date(NaN));
console.log(/ab+c/gi, [/x/y], new RegExp("a/b"));
console.log(new Uint8Array([1, 2, 3]), new Float64Array(2), new Int16Array([-1, 300]));
console.log(new ArrayBuffer(4), new DataView(new ArrayBuffer(2)));
console.log(Promise.resolve(42), Promise.reject(new Error("x")).catch(() => {}) && new Promise(() => {}));
const rejected = Promise.reject(3);
rejected.catch(() => {});
console.log(rejected);
console.log(new WeakMap(), new WeakSet());
console.log([1, 2, 3].entries(), new Map([[1, 2]]).keys(), new Set([5]).values());
console.log(Object.entries({ a: 1, b: 2 }));
console.log({ arr: new Array(200).fill(0) });
console.log(Buffer.from("hi there"));
console.log([undefined, null, function f() {}]);
