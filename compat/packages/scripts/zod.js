// zod: schemas, parse and safeParse, transforms, refinements, unions,
// the error issues, and inferred defaults.
const { z } = require("zod");
const User = z.object({
  name: z.string().min(2),
  email: z.string().email(),
  age: z.number().int().positive().optional(),
  role: z.enum(["admin", "user"]).default("user"),
  tags: z.array(z.string()).max(3),
});
console.log("parse:", JSON.stringify(User.parse({ name: "Ada", email: "ada@example.com", tags: ["a"] })));
const bad = User.safeParse({ name: "A", email: "nope", age: -1.5, tags: ["a", "b", "c", "d"], extra: true });
console.log("safeParse success:", bad.success);
for (const issue of bad.error.issues) console.log(" ", issue.path.join(".") || "(root)", issue.code, issue.message);
console.log("flatten:", JSON.stringify(bad.error.flatten().fieldErrors));
const Num = z.string().transform((s) => parseInt(s, 10)).pipe(z.number().min(10));
console.log("transform:", Num.parse("42"), Num.safeParse("5").success);
const Even = z.number().refine((n) => n % 2 === 0, { message: "must be even" });
console.log("refine:", Even.safeParse(3).error.issues[0].message);
const Shape = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("circle"), r: z.number() }),
  z.object({ kind: z.literal("square"), side: z.number() }),
]);
console.log("union:", JSON.stringify(Shape.parse({ kind: "square", side: 2 })), Shape.safeParse({ kind: "triangle" }).success);
console.log("coerce:", z.coerce.number().parse("3.5"), z.coerce.date().parse("2020-01-01T00:00:00Z").toISOString());
try {
  z.string().parse(42);
} catch (err) {
  console.log("ZodError:", err.name, err.issues[0].code, err.issues[0].expected, err.issues[0].received);
}
console.log("record/tuple:", JSON.stringify(z.record(z.number()).parse({ a: 1 })), JSON.stringify(z.tuple([z.string(), z.number()]).parse(["x", 1])));
z.string().parseAsync("async").then((v) => console.log("parseAsync:", v));
