module.exports = "feature";
