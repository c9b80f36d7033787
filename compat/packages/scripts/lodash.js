// lodash: collections, objects, strings, functions and chaining.
const _ = require("lodash");
const users = [
  { name: "ada", age: 36, team: "math" },
  { name: "grace", age: 85, team: "navy" },
  { name: "alan", age: 41, team: "math" },
];
console.log("version:", _.VERSION);
console.log("chunk:", JSON.stringify(_.chunk([1, 2, 3, 4, 5], 2)));
console.log("groupBy:", JSON.stringify(_.mapValues(_.groupBy(users, "team"), (g) => g.map((u) => u.name))));
console.log("sortBy:", _.sortBy(users, ["age"]).map((u) => u.name).join(","));
console.log("orderBy:", _.orderBy(users, ["team", "age"], ["asc", "desc"]).map((u) => u.name).join(","));
console.log("keyBy:", Object.keys(_.keyBy(users, "name")).join(","));
console.log("partition:", JSON.stringify(_.partition([1, 2, 3, 4], (n) => n % 2)));
console.log("uniqBy:", JSON.stringify(_.uniqBy([2.1, 1.2, 2.3], Math.floor)));
console.log("difference/intersection/union:", _.difference([1, 2, 3], [2]), _.intersection([1, 2], [2, 3]), _.union([1], [1, 2]));
console.log("flattenDeep:", _.flattenDeep([1, [2, [3, [4]]]]));
console.log("zipObject:", JSON.stringify(_.zipObject(["a", "b"], [1, 2])));
console.log("range:", _.range(0, 20, 5), "sum:", _.sum([1, 2, 3]), "meanBy:", _.meanBy(users, "age"));
const obj = { a: { b: [{ c: 3 }] } };
console.log("get:", _.get(obj, "a.b[0].c"), _.get(obj, "a.x.y", "default"));
_.set(obj, "a.new.path", 1);
console.log("set:", JSON.stringify(obj));
console.log("merge:", JSON.stringify(_.merge({ a: [{ b: 2 }], d: 4 }, { a: [{ c: 3 }], e: 5 })));
const deep = { x: { y: [1, { z: 2 }] } };
const clone = _.cloneDeep(deep);
console.log("cloneDeep:", clone !== deep && clone.x.y[1] !== deep.x.y[1], _.isEqual(clone, deep));
console.log("pick/omit:", JSON.stringify(_.pick(users[0], ["name", "age"])), JSON.stringify(_.omit(users[0], "age")));
console.log("defaultsDeep:", JSON.stringify(_.defaultsDeep({ a: { b: 1 } }, { a: { b: 2, c: 3 } })));
console.log("strings:", _.camelCase("Foo Bar-baz"), _.kebabCase("fooBar baz"), _.snakeCase("Foo Bar"), _.startCase("hello-world"), _.capitalize("hELLO"));
console.log("pad/truncate:", _.padStart("5", 3, "0"), _.truncate("a long sentence here", { length: 10 }));
console.log("escape:", _.escape("<a href='x'>&</a>"), _.unescape("&lt;b&gt;"));
console.log("template:", _.template("Hello <%= user %>! <% _.forEach(items, function(i) { %>[<%- i %>]<% }); %>")({ user: "ada", items: ["<x>", "y"] }));
let calls = 0;
const square = _.memoize((n) => {
  calls++;
  return n * n;
});
square(4);
square(4);
console.log("memoize:", square(4), "calls:", calls);
const once = _.once(() => ++calls);
once();
once();
console.log("once:", calls);
console.log("curry:", _.curry((a, b, c) => a + b + c)(1)(2)(3));
console.log("chain:", _.chain(users).filter((u) => u.age > 40).map("name").sortBy().value());
console.log("random with a seed-free check:", _.inRange(_.random(1, 5), 1, 6));
_.delay((msg) => console.log("delay:", msg), 5, "ran later");
const debounced = _.debounce(() => console.log("debounce: called once"), 30);
debounced();
debounced();
debounced();
