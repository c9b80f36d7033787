// compat: env GREETING=hello
// compat: env EMPTY=
// compat: env WITH_EQUALS=a=b
// process.env: variables given to the program, string coercion on
// assignment, deletion, and absent names.
console.log("GREETING:", process.env.GREETING);
console.log("EMPTY is set:", "EMPTY" in process.env, JSON.stringify(process.env.EMPTY));
console.log("WITH_EQUALS:", process.env.WITH_EQUALS);
console.log("MISSING:", process.env.MISSING_VARIABLE_FOR_COMPAT);
console.log("HOME is a string:", typeof process.env.HOME === "string");

process.env.NUMBER = 42;
console.log("assigned a number:", typeof process.env.NUMBER, process.env.NUMBER);
process.env.FLAG = true;
console.log("assigned a boolean:", process.env.FLAG);
delete process.env.NUMBER;
console.log("after delete:", process.env.NUMBER, "NUMBER" in process.env);
console.log("keys include GREETING:", Object.keys(process.env).includes("GREETING"));
console.log("JSON round trip keeps GREETING:", JSON.parse(JSON.stringify(process.env)).GREETING);
