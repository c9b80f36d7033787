// immer: immutable updates through drafts, structural sharing, frozen
// results, Maps and Sets, patches, and current/original.
const { produce, enablePatches, enableMapSet, applyPatches, current, original, isDraft, freeze, produceWithPatches } = require("immer");
enablePatches();
enableMapSet();
const base = { user: { name: "ada", tags: ["a"] }, todos: [{ id: 1, done: false }, { id: 2, done: false }], untouched: { deep: true } };
const next = produce(base, (draft) => {
  draft.user.name = "grace";
  draft.user.tags.push("b");
  draft.todos[0].done = true;
  draft.todos.push({ id: 3, done: false });
});
console.log("base unchanged:", JSON.stringify(base.user), base.todos.length);
console.log("next:", JSON.stringify(next.user), next.todos.length, next.todos[0].done);
console.log("structural sharing:", next.untouched === base.untouched, next.todos[1] === base.todos[1]);
console.log("frozen:", Object.isFrozen(next), Object.isFrozen(next.user));
console.log("no change returns the base:", produce(base, () => {}) === base);
const replaced = produce(base, () => ({ replaced: true }));
console.log("return replaces:", JSON.stringify(replaced));
const [state, patches, inverse] = produceWithPatches({ a: 1, list: [1] }, (d) => {
  d.a = 2;
  d.list.push(2);
  d.b = "new";
});
console.log("patches:", JSON.stringify(patches));
console.log("inverse:", JSON.stringify(inverse));
console.log("applyPatches:", JSON.stringify(applyPatches({ a: 1, list: [1] }, patches)), JSON.stringify(applyPatches(state, inverse)));
const m = produce(new Map([["k", { v: 1 }]]), (d) => {
  d.get("k").v = 2;
  d.set("n", { v: 3 });
});
console.log("Map:", JSON.stringify([...m]));
const s = produce(new Set([1]), (d) => {
  d.add(2);
});
console.log("Set:", [...s]);
produce({ x: { y: 1 } }, (d) => {
  d.x.y = 2;
  console.log("isDraft:", isDraft(d), "current:", JSON.stringify(current(d)), "original:", JSON.stringify(original(d.x)));
});
const curried = produce((draft, n) => {
  draft.count += n;
});
console.log("curried:", JSON.stringify(curried({ count: 1 }, 5)));
console.log("freeze:", Object.isFrozen(freeze({ a: 1 })));
