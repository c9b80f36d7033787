// ajv: compiling a JSON schema, validating good and bad data, errors,
// formats-free keywords, defaults and type coercion options.
const Ajv = require("ajv");
const ajv = new Ajv({ allErrors: true });
const schema = {
  type: "object",
  properties: {
    name: { type: "string", minLength: 2 },
    age: { type: "integer", minimum: 0, maximum: 150 },
    tags: { type: "array", items: { type: "string" }, uniqueItems: true },
    kind: { enum: ["a", "b"] },
    nested: { type: "object", properties: { x: { type: "number" } }, required: ["x"] },
  },
  required: ["name", "age"],
  additionalProperties: false,
};
const validate = ajv.compile(schema);
console.log("valid:", validate({ name: "Ada", age: 36, tags: ["x", "y"], kind: "a", nested: { x: 1 } }), validate.errors);
console.log("invalid:", validate({ name: "A", age: -1, tags: ["x", "x"], kind: "c", nested: {}, extra: 1 }));
for (const e of validate.errors) console.log(" ", e.instancePath || "(root)", e.keyword, e.message);
const withDefaults = new Ajv({ useDefaults: true, coerceTypes: true });
const v2 = withDefaults.compile({ type: "object", properties: { n: { type: "number" }, d: { type: "string", default: "def" } } });
const data = { n: "42" };
console.log("coerce and defaults:", v2(data), JSON.stringify(data));
console.log("errorsText:", ajv.errorsText([{ instancePath: "/a", message: "is wrong" }]));
const refs = new Ajv();
refs.addSchema({ $id: "http://example.com/item.json", type: "object", properties: { id: { type: "integer" } }, required: ["id"] });
const list = refs.compile({ type: "array", items: { $ref: "http://example.com/item.json" } });
console.log("$ref:", list([{ id: 1 }, { id: 2 }]), list([{ id: "x" }]), list.errors[0].instancePath);
