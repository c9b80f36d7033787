const a = require("./a");
exports.seenA = "b saw a.name=" + a.name;
