const esm = require("./helper.mjs"); module.exports = { fromCjs: true, esmDefault: esm.default, esmHelper: typeof esm.helper };
