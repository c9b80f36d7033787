module.exports = "required";
