exports.alpha = 1;
module.exports.beta = function beta() {};
Object.defineProperty(exports, "hidden", { value: 3 });
