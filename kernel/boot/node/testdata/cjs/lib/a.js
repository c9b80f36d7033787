exports.name = "a";
const b = require("./b");
exports.fromB = b.seenA;
