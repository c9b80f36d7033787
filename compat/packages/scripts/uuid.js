// uuid: name-based v3/v5 (deterministic), v1/v4/v7 formats, validate,
// version, parse/stringify, NIL and MAX.
const uuid = require("uuid");
console.log("v5 dns:", uuid.v5("example.com", uuid.v5.DNS));
console.log("v5 url:", uuid.v5("https://example.com/", uuid.v5.URL));
console.log("v3 dns:", uuid.v3("example.com", uuid.v3.DNS));
console.log("v5 custom namespace:", uuid.v5("hello", "1b671a64-40d5-491e-99b0-da01ff1f3341"));
const v4 = uuid.v4();
console.log("v4:", uuid.validate(v4), uuid.version(v4), /^[0-9a-f-]{36}$/.test(v4));
console.log("v4 with fixed random bytes:", uuid.v4({ random: Array.from({ length: 16 }, (_, i) => i * 16) }));
console.log("v1:", uuid.version(uuid.v1()), uuid.v1({ node: [1, 2, 3, 4, 5, 6], clockseq: 0x1234, msecs: 1000000000000, nsecs: 5678 }));
console.log("v7:", uuid.version(uuid.v7()), uuid.v7({ msecs: 1000000000000 }).slice(0, 13));
console.log("validate:", uuid.validate("not-a-uuid"), uuid.validate(uuid.NIL), uuid.validate(uuid.MAX));
const bytes = uuid.parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
console.log("parse:", Array.from(bytes).join(","), "stringify:", uuid.stringify(bytes));
console.log("NIL/MAX:", uuid.NIL, uuid.MAX);
