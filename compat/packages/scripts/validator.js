// validator: string validators and sanitizers.
const validator = require("validator");
const checks = [
  ["isEmail", "ada@example.com"], ["isEmail", "not-an-email"],
  ["isURL", "https://example.com/path?q=1"], ["isURL", "example"],
  ["isUUID", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"], ["isIP", "192.168.0.1"], ["isIP", "::1"], ["isIP", "999.1.1.1"],
  ["isJSON", '{"a":1}'], ["isJSON", "{a:1}"], ["isInt", "42"], ["isFloat", "4.2e1"], ["isHexColor", "#ff8800"],
  ["isCreditCard", "4111111111111111"], ["isISO8601", "2020-02-29T12:00:00Z"], ["isBase64", "aGk="], ["isAlpha", "abcé"],
  ["isAlphanumeric", "abc123"], ["isStrongPassword", "Passw0rd!"], ["isSlug", "a-slug"], ["isSemVer", "1.2.3-rc.1"],
  ["isMobilePhone", "+14155552671"], ["isPostalCode", "94107", "US"], ["isLength", "abc", { min: 2, max: 3 }],
];
for (const [fn, input, opt] of checks) console.log(fn.padEnd(18), JSON.stringify(input).padEnd(40), validator[fn](input, opt));
console.log("escape:", validator.escape("<script>alert('x')</script> & more"));
console.log("unescape:", validator.unescape("&lt;b&gt;&amp;&#x27;"));
console.log("normalizeEmail:", validator.normalizeEmail("Some.One+tag@GMail.com"));
console.log("trim/ltrim/rtrim:", JSON.stringify(validator.trim("  x  ")), JSON.stringify(validator.ltrim("--x--", "-")), JSON.stringify(validator.rtrim("--x--", "-")));
console.log("toInt/toFloat/toBoolean:", validator.toInt("42px"), validator.toFloat("3.5"), validator.toBoolean("false"), validator.toBoolean("yes"));
console.log("blacklist/whitelist:", validator.blacklist("abc123", "0-9"), validator.whitelist("abc123", "a-b"));
console.log("stripLow:", JSON.stringify(validator.stripLow("a\u0000b\nc", true)));
console.log("version:", validator.version);
