// acorn: parsing modern JavaScript into an ESTree AST, locations, errors,
// and a small walk over the tree.
const acorn = require("acorn");
const code = `import x from "y";
export const f = async (a, { b = 1, ...rest }) => {
  for await (const v of a) yield* v?.w ?? [1n, 0x10, \`t\${b}\`];
};
class C extends B { #p = 1; static s() { return this.#p; } }
label: for (let i = 0; i < 3; i++) { if (i) continue label; }
`;
let ast;
try {
  ast = acorn.parse(code, { ecmaVersion: "latest", sourceType: "module", locations: true });
} catch (err) {
  console.log("expected error (yield outside a generator):", err.name, err.message);
  ast = acorn.parse(code.replace("yield* ", ""), { ecmaVersion: "latest", sourceType: "module", locations: true });
}
console.log("body:", ast.body.map((n) => n.type).join(","));
const counts = {};
(function walk(node) {
  if (!node || typeof node.type !== "string") return;
  counts[node.type] = (counts[node.type] || 0) + 1;
  for (const key of Object.keys(node)) {
    const v = node[key];
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") walk(v);
  }
})(ast);
console.log("node types:", Object.keys(counts).sort().map((k) => `${k}=${counts[k]}`).join(" "));
const cls = ast.body.find((n) => n.type === "ClassDeclaration");
console.log("class at:", JSON.stringify(cls.loc), cls.start, cls.end);
const expr = acorn.parseExpressionAt("a + b * (c - 1)", 0, { ecmaVersion: 2020 });
console.log("expression:", JSON.stringify(expr, (k, v) => (k === "start" || k === "end" ? undefined : v)));
try {
  acorn.parse("let = ;", { ecmaVersion: 2022 });
} catch (err) {
  console.log("syntax error:", err.name, err.message, err.pos, JSON.stringify(err.loc));
}
const tokens = [...acorn.tokenizer("const a = 1;", { ecmaVersion: 2022 })].map((t) => t.type.label);
console.log("tokens:", tokens.join(" "));
console.log("version:", acorn.version);
