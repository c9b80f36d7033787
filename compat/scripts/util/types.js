// util.types predicates, and the old util.isArray.
const util = require("util");
const t = util.types;
const checks = {
  isPromise: [Promise.resolve(), { then() {} }],
  isDate: [new Date(), Date.now()],
  isRegExp: [/x/, "x"],
  isMap: [new Map(), {}],
  isSet: [new Set(), []],
  isWeakMap: [new WeakMap(), new Map()],
  isTypedArray: [new Uint8Array(), []],
  isUint8Array: [new Uint8Array(), new Int8Array()],
  isArrayBuffer: [new ArrayBuffer(1), new Uint8Array(1)],
  isAnyArrayBuffer: [new ArrayBuffer(1), {}],
  isArrayBufferView: [new DataView(new ArrayBuffer(1)), new ArrayBuffer(1)],
  isDataView: [new DataView(new ArrayBuffer(1)), new Uint8Array()],
  isAsyncFunction: [async () => {}, () => {}],
  isGeneratorFunction: [function* () {}, function () {}],
  isGeneratorObject: [(function* () {})(), {}],
  isBoxedPrimitive: [Object(1), 1],
  isNumberObject: [new Number(1), 1],
  isStringObject: [new String(""), ""],
  isSymbolObject: [Object(Symbol()), Symbol()],
  isNativeError: [new TypeError(), { name: "Error", message: "" }],
  isProxy: [new Proxy({}, {}), {}],
  isSetIterator: [new Set().values(), [].values()],
  isMapIterator: [new Map().keys(), new Set().keys()],
  isBigInt64Array: [new BigInt64Array(1), new Float64Array(1)],
};
for (const [name, [yes, no]] of Object.entries(checks)) {
  console.log(name.padEnd(20), t[name](yes), t[name](no));
}
console.log("util.isArray:", util.isArray([]), util.isArray({}));
console.log("require('util/types'):", require("util/types") === t);
