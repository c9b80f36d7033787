// util.inherits sets up the prototype chain and super_.
const util = require("util");
function Animal(name) {
  this.name = name;
}
Animal.prototype.speak = function () {
  return `${this.name} makes a sound`;
};
function Dog(name) {
  Animal.call(this, name);
}
util.inherits(Dog, Animal);
Dog.prototype.bark = function () {
  return `${this.name} barks`;
};
const d = new Dog("Rex");
console.log(d.speak(), "/", d.bark());
console.log("instanceof:", d instanceof Dog, d instanceof Animal);
console.log("super_:", Dog.super_ === Animal);
console.log("prototype chain:", Object.getPrototypeOf(Dog.prototype) === Animal.prototype);
console.log("constructor:", d.constructor === Dog);
try {
  util.inherits(Dog, null);
} catch (err) {
  console.log("null superclass:", err.code);
}
