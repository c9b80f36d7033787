// util/types: the `util` package's types, with what Node added or fixed.
// isProxy cannot be answered from JavaScript: it is always false.
export default function () {
  const types = { ...require("util/util.js").types };
  const tag = (x) => Object.prototype.toString.call(x);
  types.isMapIterator = (x) => tag(x) === "[object Map Iterator]";
  types.isSetIterator = (x) => tag(x) === "[object Set Iterator]";
  types.isBigInt64Array = (x) => x instanceof BigInt64Array;
  types.isBigUint64Array = (x) => x instanceof BigUint64Array;
  types.isProxy = () => false;
  types.isKeyObject = () => false;
  types.isCryptoKey = () => false;
  types.isExternal = () => false;
  return types;
}
