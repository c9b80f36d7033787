// The polyfills' require("qs") (url's) gets the layer's querystring (build.mjs
// resolves it here). The url package calls qs's stringify(obj, options) and
// parse(str, options); Node's url module uses querystring's defaults.
const qs = require("../builtins.js").builtin("querystring");
module.exports = {
  ...qs,
  stringify: (obj, sep, eq, options) => (sep !== null && typeof sep === "object" ? qs.stringify(obj) : qs.stringify(obj, sep, eq, options)),
  parse: (str, sep, eq, options) => (sep !== null && typeof sep === "object" ? qs.parse(str) : qs.parse(str, sep, eq, options)),
};
