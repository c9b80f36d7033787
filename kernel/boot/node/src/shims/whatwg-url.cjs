// node-fetch 2 takes URL from whatwg-url 5 when the environment has none;
// the layer's global URL (core-js) is the one every program sees.
module.exports = { get URL() { return globalThis.URL; } };
