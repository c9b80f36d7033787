// punycode: the `punycode` package, which Node's deprecated module is.
export default function () {
  return require("punycode/punycode.js");
}
